/* glean_dates_resolve.c — the records of the date matches: the C twin of the loop of
 * dates.lua's M.extract_lua (longest dates first, each resolved against the reference
 * day by kind, with tense_near, month_of and day_of); the calendar arithmetic is in
 * glean_dates_calendar.c. */
#include "glean_dates_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct ctx {
    const glean_dates *m;
    glean_dates_scratch *s;
    const glean_doc *d;
    const glean_lexicon *lx;
    int has_ref;
    int64_t ref;
    glean_error *err;
} ctx;

static const char *tok_text(const ctx *c, int32_t i, size_t *len)
{
    const glean_lexeme *x = &c->lx->types[c->d->toks[i].type];
    *len = x->text_len;
    return glean_lex_str(c->lx, x->text);
}

static const char *tok_norm(const ctx *c, int32_t i, size_t *len)
{
    const glean_lexeme *x = &c->lx->types[c->d->toks[i].type];
    *len = x->norm_len;
    return glean_lex_str(c->lx, x->norm);
}

/* Whether token i's text in ASCII lower case (string.lower in the C locale) is `word`;
 * with strip_s, after one final s is dropped (gsub("s$", "")). */
static int lower_is_stripped(const ctx *c, int32_t i, const char *word, int strip_s)
{
    size_t len, n = strlen(word);
    const char *t = tok_text(c, i, &len);
    if (strip_s && len > 0 && (t[len - 1] == 's' || t[len - 1] == 'S'))
        len--;
    if (len != n)
        return 0;
    for (size_t k = 0; k < n; k++) {
        char ch = t[k] >= 'A' && t[k] <= 'Z' ? (char)(t[k] + 32) : t[k];
        if (ch != word[k])
            return 0;
    }
    return 1;
}

static int lower_is(const ctx *c, int32_t i, const char *word)
{
    return lower_is_stripped(c, i, word, 0);
}

/* A map's value for token i's text (see dates_map_lookup): 1 found, 0 not, <0 error. */
static int map_value(const ctx *c, int map, int32_t i, int strip_period, int *v)
{
    size_t len;
    const char *t = tok_text(c, i, &len);
    int rc = dates_map_lookup(c->m, c->s, map, t, len, strip_period, v);
    return rc < 0 ? glean_fail(c->err, GLEAN_ENOMEM, 0, "out of memory in the date extractor") : rc;
}

/* The tense of the nearest verb to tokens first..last in their sentence (tense_near). */
static int tense_near(const ctx *c, uint32_t first, uint32_t last)
{
    const glean_token *t = c->d->toks;
    uint32_t sent = t[first].sent;
    for (int64_t j = (int64_t)first - 1; j >= 0 && first - j <= 12 && t[j].sent == sent; j--) {
        uint32_t b = dates_type_bits(c->s, t[j].type);
        if (b & DBIT(DB_FUTURE_WORD))
            return GLEAN_TENSE_FUTURE;
        if (b & DBIT(DB_PAST_WORD))
            return GLEAN_TENSE_PAST;
    }
    for (size_t j = (size_t)last + 1; j < c->d->ntoks && j - last <= 8 && t[j].sent == sent; j++) {
        uint32_t b = dates_type_bits(c->s, t[j].type);
        if (b & DBIT(DB_FUTURE_WORD))
            return GLEAN_TENSE_FUTURE;
        if (b & DBIT(DB_PAST_WORD))
            return GLEAN_TENSE_PAST;
    }
    return GLEAN_TENSE_PAST;
}

/* The leading digits of a day ("5th" -> 5; DAY and DAY_TH have one or two). */
static int64_t day_of(const ctx *c, int32_t i)
{
    size_t len;
    const char *t = tok_text(c, i, &len);
    int64_t v = 0;
    for (size_t k = 0; k < len && t[k] >= '0' && t[k] <= '9'; k++)
        v = v * 10 + (t[k] - '0');
    return v;
}

/* tonumber of the first four digits in a row of token i's text (years, decades). */
static int64_t four_digits(const ctx *c, int32_t i)
{
    size_t len;
    const char *t = tok_text(c, i, &len);
    for (size_t k = 0; k + 4 <= len; k++) {
        size_t n = 0;
        while (n < 4 && t[k + n] >= '0' && t[k + n] <= '9')
            n++;
        if (n == 4)
            return (t[k] - '0') * 1000 + (t[k + 1] - '0') * 100 + (t[k + 2] - '0') * 10 + (t[k + 3] - '0');
    }
    return 0; /* unreachable: the patterns hold four digits */
}

static int month_number(const ctx *c, int32_t i, int64_t *mo)
{
    int v, rc = map_value(c, GLEAN_DATES_MONTHS, i, 1, &v);
    if (rc < 0)
        return rc;
    if (!rc)
        return glean_fail(c->err, GLEAN_EARG, c->d->toks[i].start,
                          "dates: the month '%.*s' has no number", (int)(c->d->toks[i].end - c->d->toks[i].start),
                          c->d->text + c->d->toks[i].start);
    *mo = v;
    return GLEAN_OK;
}

enum { KEEP = 1, SKIP = 0 };

static int resolve_date(const ctx *c, const date_match *x, uint32_t first, uint32_t last,
                        glean_date *r)
{
    int64_t mo, d = day_of(c, x->b), y = 0;
    int rc = month_number(c, x->a, &mo), has_y = x->y >= 0;
    if (rc)
        return rc;
    if (has_y)
        y = day_of(c, x->y);
    r->kind = GLEAN_DATE_DATE;
    if (!has_y && c->has_ref) {
        r->tense = (uint8_t)tense_near(c, first, last);
        y = dates_infer_year(c->ref, mo, d, r->tense);
        has_y = 1;
    }
    if (has_y && dates_valid(y, mo, d))
        dates_format_ymd(r->value, y, mo, d);
    else if (has_y)
        return SKIP;
    return KEEP;
}

/* month_year and month: "February 2019", "in February", "last March". */
static int resolve_month(const ctx *c, const date_match *x, uint32_t *first, uint32_t last,
                         glean_date *r)
{
    int64_t mo, y = 0;
    int rc = month_number(c, x->a, &mo), has_y = x->y >= 0;
    if (rc)
        return rc;
    if (has_y)
        y = day_of(c, x->y);
    r->kind = GLEAN_DATE_MONTH;
    if (x->rule == R_MONTH) {
        int rel_last = lower_is(c, x->p, "last"), rel_next = lower_is(c, x->p, "next");
        if (rel_last || rel_next || lower_is(c, x->p, "this")) {
            *first = (uint32_t)x->p; /* "last March": the span keeps the modifier */
            r->prep = -1;
        }
        if (c->has_ref) {
            int64_t ry, rm, rd;
            dates_civil_from_days(c->ref, &ry, &rm, &rd);
            if (rel_last)
                y = mo < rm ? ry : ry - 1;
            else if (rel_next)
                y = mo > rm ? ry : ry + 1;
            else {
                r->tense = (uint8_t)tense_near(c, *first, last);
                y = dates_infer_year(c->ref, mo, 1, r->tense);
            }
            has_y = 1;
        }
    }
    if (has_y)
        dates_month_range(r, y, mo);
    return KEEP;
}

static int resolve_weekday(const ctx *c, const date_match *x, uint32_t *first, uint32_t last,
                           glean_date *r)
{
    /* by its norm, as the rule matched it (`Mönday`, a full-width `ＭＯＮＤＡＹ`) */
    size_t len;
    const char *norm = tok_norm(c, x->a, &len);
    int wd, found = dates_map_lookup(c->m, c->s, GLEAN_DATES_WEEKDAYS, norm, len, 0, &wd);
    if (found < 0)
        return glean_fail(c->err, GLEAN_ENOMEM, 0, "out of memory in the date extractor");
    int rel_last = x->p >= 0 && lower_is(c, x->p, "last");
    int rel_next = x->p >= 0 && lower_is(c, x->p, "next");
    r->kind = GLEAN_DATE_WEEKDAY;
    if (rel_last || rel_next || (x->p >= 0 && lower_is(c, x->p, "this"))) {
        *first = (uint32_t)x->p;
        r->prep = -1;
    }
    if (!c->has_ref)
        return KEEP;
    if (!found) /* the rule matched a weekday's norm: cannot happen */
        return glean_fail(c->err, GLEAN_EARG, c->d->toks[x->a].start,
                          "dates: the weekday '%.*s' has no weekday's norm",
                          (int)(c->d->toks[x->a].end - c->d->toks[x->a].start),
                          c->d->text + c->d->toks[x->a].start);
    int64_t rw = dates_weekday_of(c->ref), back = dates_imod(rw - wd, 7), fwd = dates_imod(wd - rw, 7), z;
    if (rel_last)
        z = c->ref - (back == 0 ? 7 : back);
    else if (rel_next)
        z = c->ref + (fwd == 0 ? 7 : fwd);
    else {
        r->tense = (uint8_t)tense_near(c, *first, last);
        z = r->tense == GLEAN_TENSE_FUTURE ? c->ref + fwd : c->ref - back;
    }
    dates_iso(r->value, z);
    return KEEP;
}

/* relative: "last week", "this year", "later this month", "last night". */
static void resolve_relative(const ctx *c, const date_match *x, glean_date *r)
{
    r->kind = GLEAN_DATE_RELATIVE;
    if (!c->has_ref)
        return;
    int rel_last = lower_is(c, x->a, "last");
    int64_t ref = c->ref, shift = rel_last ? -1 : lower_is(c, x->a, "next") ? 1 : 0;
    int64_t y, mo, dd;
    dates_civil_from_days(ref, &y, &mo, &dd);
    if (lower_is(c, x->b, "week")) {
        int64_t monday = ref - dates_weekday_of(ref) + 7 * shift;
        dates_iso(r->from, monday);
        dates_iso(r->to, monday + 6);
    } else if (lower_is(c, x->b, "weekend")) {
        int64_t sat = ref - dates_weekday_of(ref) + 5 + 7 * shift;
        if (rel_last && dates_weekday_of(ref) >= 5)
            sat += 7;
        dates_iso(r->from, sat);
        dates_iso(r->to, sat + 1);
    } else if (lower_is(c, x->b, "month")) {
        mo += shift;
        if (mo == 0)
            y--, mo = 12;
        else if (mo == 13)
            y++, mo = 1;
        dates_month_range(r, y, mo);
    } else if (lower_is(c, x->b, "year")) {
        dates_format_ymd(r->from, y + shift, 1, 1);
        dates_format_ymd(r->to, y + shift, 12, 31);
    } else { /* this morning / last night: one day */
        dates_iso(r->value, ref + (rel_last ? -1 : 0));
    }
}

/* ago: "three days ago", "a week ago" (months and years ago get no day). */
static int resolve_ago(const ctx *c, const date_match *x, glean_date *r)
{
    size_t len;
    const char *t = tok_text(c, x->a, &len);
    dates_lua_num n;
    int have = dates_lua_tonumber(t, len, &n);
    if (!have) {
        int v, rc = map_value(c, GLEAN_DATES_NUMBERS, x->a, 0, &v);
        if (rc < 0)
            return rc;
        have = rc;
        n.is_float = 0;
        n.i = v;
    }
    /* math.tointeger: `1.5 days ago` names no day */
    if (have && n.is_float && !dates_float_integer(n.f, &n.i))
        have = 0;
    r->kind = GLEAN_DATE_RELATIVE;
    if (!c->has_ref || !have)
        return KEEP;
    int64_t k = lower_is_stripped(c, x->b, "day", 1) ? 1 : lower_is_stripped(c, x->b, "week", 1) ? 7 : 0;
    if (k)
        dates_iso_days_back(r->value, c->ref, k, n.i);
    return KEEP;
}

/* year, decade and mid_year: "in 2004", "its 2003 results", "the 1990s", "mid-2004". */
static int resolve_year(const ctx *c, const date_match *x, glean_date *r)
{
    int64_t y = four_digits(c, x->y);
    r->kind = GLEAN_DATE_YEAR;
    if (x->rule == R_YEAR && (y < 1800 || y > 2100))
        return SKIP;
    if (x->rule == R_YEAR && (lower_is(c, x->p, "its") || lower_is(c, x->p, "their")))
        r->prep = -1; /* the span starts at the year already */
    if (x->rule == R_DECADE) {
        r->kind = GLEAN_DATE_DECADE;
        dates_format_ymd(r->from, y, 1, 1);
        dates_format_ymd(r->to, y + 9, 12, 31);
    } else {
        dates_format_ymd(r->from, y, 1, 1);
        dates_format_ymd(r->to, y, 12, 31);
    }
    return KEEP;
}

/* Where matches overlap, the longest date wins, not counting a leading preposition; no
 * two matches have the same length and first token (rules that could start at the same
 * token need different tokens after it), so the order is the Lua's whatever its sort. */
static int by_length(const void *pa, const void *pb)
{
    const date_match *a = pa, *b = pb;
    if (a->len != b->len)
        return a->len > b->len ? -1 : 1;
    if (a->first != b->first)
        return a->first < b->first ? -1 : 1;
    return (int)a->rule - (int)b->rule;
}

static int by_first(const void *pa, const void *pb)
{
    const glean_date *a = pa, *b = pb;
    return a->first < b->first ? -1 : a->first > b->first;
}

int dates_resolve(const glean_dates *m, glean_dates_scratch *s, const glean_doc *d,
                  const glean_lexicon *lx, int has_ref, int64_t ref, glean_error *err)
{
    ctx c = { m, s, d, lx, has_ref, ref, err };
    s->nout = 0;
    memset(s->taken, 0, d->ntoks + 1);
    if (s->nmatches > 1) /* (qsort wants an array, even of nothing) */
        qsort(s->matches, s->nmatches, sizeof *s->matches, by_length);
    for (size_t k = 0; k < s->nmatches; k++) {
        const date_match *x = &s->matches[k];
        uint32_t first = x->p >= 0 ? (uint32_t)x->p + 1 : x->first, last = x->last;
        int free_tokens = 1;
        for (uint32_t i = first; i <= last && free_tokens; i++)
            free_tokens = !s->taken[i];
        if (!free_tokens)
            continue;
        glean_date r;
        memset(&r, 0, sizeof r);
        r.prep = x->p;
        int rc;
        switch (x->rule) {
        case R_MONTH_DAY:
        case R_DAY_MONTH: rc = resolve_date(&c, x, first, last, &r); break;
        case R_ISO: {
            size_t len;
            const char *t = tok_text(&c, x->b, &len);
            int64_t z;
            r.kind = GLEAN_DATE_DATE;
            rc = glean_dates_parse_iso(t, len, &z) ? KEEP : SKIP;
            if (rc == KEEP)
                dates_iso(r.value, z);
            break;
        }
        case R_MONTH_YEAR:
        case R_MONTH: rc = resolve_month(&c, x, &first, last, &r); break;
        case R_WEEKDAY: rc = resolve_weekday(&c, x, &first, last, &r); break;
        case R_DEICTIC:
            r.kind = GLEAN_DATE_RELATIVE;
            if (has_ref)
                dates_iso(r.value, ref + (lower_is(&c, x->a, "yesterday") ? -1 : lower_is(&c, x->a, "tomorrow") ? 1 : 0));
            rc = KEEP;
            break;
        case R_RELATIVE: resolve_relative(&c, x, &r); rc = KEEP; break;
        case R_AGO: rc = resolve_ago(&c, x, &r); break;
        default: rc = resolve_year(&c, x, &r); break;
        }
        if (rc < 0)
            return rc;
        if (rc == SKIP)
            continue;
        memset(s->taken + first, 1, last - first + 1);
        r.first = first;
        r.last = last;
        if (glean_grow((void **)&s->out, &s->out_cap, s->nout + 1, sizeof *s->out))
            return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory in the date extractor");
        s->out[s->nout++] = r;
    }
    /* the spans never overlap (each took free tokens, and a kept modifier is never part of
       another date), so their first tokens differ */
    if (s->nout > 1)
        qsort(s->out, s->nout, sizeof *s->out, by_first);
    return GLEAN_OK;
}
