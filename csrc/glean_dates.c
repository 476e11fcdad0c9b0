/* glean_dates.c — the date extractor's model (word sets and maps), the per-type bits its
 * scan reads, and the matches of dates.lua's twelve rules found straight from the
 * tokens: per rule leftmost-longest and non-overlapping, with the same captures, as
 * glean_rules_match gives them for the rule strings of dates.lua (the rules are named
 * there and here alike). The records are made in glean_dates_resolve.c. */
#include "glean_dates_internal.h"

#include <stdlib.h>
#include <string.h>

static int oom(glean_error *err)
{
    return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory in the date extractor");
}

int glean_dates_new(glean_dates **out, glean_error *err)
{
    glean_dates *m = calloc(1, sizeof *m);
    *out = m;
    if (!m)
        return oom(err);
    glean_strset_init(&m->norm_words);
    glean_strset_init(&m->text_words);
    for (int k = 0; k < GLEAN_DATES_NMAPS; k++)
        glean_strset_init(&m->maps[k]);
    glean_normalizer_init(&m->nz);
    glean_buf_init(&m->key);
    return GLEAN_OK;
}

void glean_dates_free(glean_dates *m)
{
    if (!m)
        return;
    glean_strset_free(&m->norm_words);
    glean_strset_free(&m->text_words);
    for (int k = 0; k < GLEAN_DATES_NMAPS; k++)
        glean_strset_free(&m->maps[k]);
    glean_normalizer_free(&m->nz);
    glean_buf_free(&m->key);
    free(m);
}

/* Adds bit `bit` to key's bits in a set of words. */
static int add_bit(glean_strset *set, const char *key, size_t len, uint32_t bit)
{
    uint64_t h = glean_hash(key, len);
    uint32_t v = 0;
    glean_strset_get(set, key, len, h, &v);
    return glean_strset_put(set, key, len, h, v | bit);
}

int glean_dates_add_word(glean_dates *m, int set, const char *word, size_t len,
                         glean_error *err)
{
    if (set < 0 || set >= GLEAN_DATES_NSETS)
        return glean_fail(err, GLEAN_EARG, 0, "dates: no word set %d", set);
    if (set == GLEAN_DATES_MONTH)
        return add_bit(&m->text_words, word, len, DBIT(set)) ? oom(err) : GLEAN_OK;
    if (set == GLEAN_DATES_FUTURE || set == GLEAN_DATES_PAST)
        return add_bit(&m->norm_words, word, len, DBIT(set)) ? oom(err) : GLEAN_OK;
    /* a bare word of a rule matches the tokens whose norm is its norm (rules_word_key) */
    m->key.len = 0;
    int rc = glean_normalize(&m->nz, word, len, GLEAN_FORM_SEARCH | GLEAN_NORM_REPLACE_INVALID,
                             &m->key, err);
    if (rc != GLEAN_OK)
        return rc;
    if (m->key.len == 0)
        return glean_fail(err, GLEAN_EARG, 0, "dates: '%.*s' normalizes to nothing",
                          (int)(len > 60 ? 60 : len), word);
    return add_bit(&m->norm_words, m->key.data, m->key.len, DBIT(set)) ? oom(err) : GLEAN_OK;
}

int glean_dates_add_number(glean_dates *m, int map, const char *key, size_t len, int value,
                           glean_error *err)
{
    if (map < 0 || map >= GLEAN_DATES_NMAPS)
        return glean_fail(err, GLEAN_EARG, 0, "dates: no map %d", map);
    if (glean_strset_put(&m->maps[map], key, len, glean_hash(key, len), (uint32_t)(int32_t)value))
        return oom(err);
    return GLEAN_OK;
}

static const char *const PATTERNS[GLEAN_DATES_NPATS] = {
    "^[0-3]?%d$", "^[0-3]?%d[snrt][tdh]$", "^[12]%d%d%d$", "^[12]%d%d%d%-[01]%d%-[0-3]%d$",
    "^[12]%d%d0s$", "^mid%-[12]%d%d%d$"
};

const char *glean_dates_pattern(int pat)
{
    return pat >= 0 && pat < GLEAN_DATES_NPATS ? PATTERNS[pat] : NULL;
}

const char *glean_dates_kind_name(int kind)
{
    static const char *const KINDS[] = { "date", "weekday", "relative", "month", "year", "decade" };
    return kind >= 0 && kind <= GLEAN_DATE_DECADE ? KINDS[kind] : NULL;
}

const char *glean_dates_tense_name(int tense)
{
    return tense == GLEAN_TENSE_PAST ? "past" : tense == GLEAN_TENSE_FUTURE ? "future" : NULL;
}

int glean_dates_scratch_new(glean_dates_scratch **out)
{
    glean_dates_scratch *s = calloc(1, sizeof *s);
    *out = s;
    if (!s)
        return GLEAN_ENOMEM;
    glean_buf_init(&s->lower);
    return GLEAN_OK;
}

void glean_dates_scratch_free(glean_dates_scratch *s)
{
    if (!s)
        return;
    free(s->type_bits);
    free(s->starts);
    free(s->matches);
    free(s->taken);
    free(s->out);
    glean_buf_free(&s->lower);
    free(s);
}

/* --- the patterns: Lua patterns in the C locale (%d is 0-9), on the token's text ------ */

static inline int dig(char c) { return c >= '0' && c <= '9'; }
static inline int in(char c, const char *set) { return c && strchr(set, c) != NULL; }

/* [0-3]?%d: one digit, or [0-3] and a digit */
static int day_digits(const char *t, size_t n)
{
    return (n == 1 && dig(t[0])) || (n == 2 && in(t[0], "0123") && dig(t[1]));
}

static int year_digits(const char *t)
{
    return in(t[0], "12") && dig(t[1]) && dig(t[2]) && dig(t[3]);
}

static int matches_pattern(int pat, const char *t, size_t n)
{
    switch (pat) {
    case GLEAN_DATES_PAT_DAY: return day_digits(t, n);
    case GLEAN_DATES_PAT_DAY_TH:
        return n >= 3 && day_digits(t, n - 2) && in(t[n - 2], "snrt") && in(t[n - 1], "tdh");
    case GLEAN_DATES_PAT_YEAR: return n == 4 && year_digits(t);
    case GLEAN_DATES_PAT_ISO:
        return n == 10 && year_digits(t) && t[4] == '-' && in(t[5], "01") && dig(t[6]) &&
               t[7] == '-' && in(t[8], "0123") && dig(t[9]);
    case GLEAN_DATES_PAT_DECADE:
        return n == 5 && year_digits(t) && t[3] == '0' && t[4] == 's';
    case GLEAN_DATES_PAT_MID_YEAR:
        return n == 8 && memcmp(t, "mid-", 4) == 0 && year_digits(t + 4);
    }
    return 0;
}

/* --- per-type bits -------------------------------------------------------------------- */

/* The Lua's tense_of_word(norm): FUTURE first, then PAST or a long word ending in -ed. */
static uint32_t tense_bits(uint32_t set_bits, const char *norm, size_t n)
{
    if (set_bits & DBIT(GLEAN_DATES_FUTURE))
        return DBIT(DB_FUTURE_WORD);
    if ((set_bits & DBIT(GLEAN_DATES_PAST)) || (n > 4 && norm[n - 2] == 'e' && norm[n - 1] == 'd'))
        return DBIT(DB_PAST_WORD);
    return 0;
}

/* The bits of one type: its sets, patterns and tense. */
static uint32_t compute_bits(const glean_dates *m, const glean_lexicon *lx, uint32_t type)
{
    const glean_lexeme *x = &lx->types[type];
    const char *text = glean_lex_str(lx, x->text), *norm = glean_lex_str(lx, x->norm);
    uint32_t v = 0, b = DBIT(DB_READY);
    if (glean_strset_get(&m->text_words, text, x->text_len, x->hash, &v))
        b |= v;
    v = 0;
    if (glean_strset_get(&m->norm_words, norm, x->norm_len, glean_hash(norm, x->norm_len), &v))
        b |= v;
    b |= tense_bits(b, norm, x->norm_len);
    for (int k = 0; k < GLEAN_DATES_NPATS; k++)
        if (matches_pattern(k, text, x->text_len))
            b |= DBIT(DB_PAT + k);
    if (x->text_len == 1 && text[0] == ',')
        b |= DBIT(DB_COMMA);
    if (x->norm_len == 2 && memcmp(norm, "of", 2) == 0)
        b |= DBIT(DB_OF);
    if (x->norm_len == 3 && memcmp(norm, "ago", 3) == 0)
        b |= DBIT(DB_AGO);
    if (lx->flags[type] & GLEAN_LIKE_NUM)
        b |= DBIT(DB_NUM);
    return b;
}

#define MONTH DBIT(GLEAN_DATES_MONTH)
#define DAY_OR_TH (DBIT(DB_PAT + GLEAN_DATES_PAT_DAY) | DBIT(DB_PAT + GLEAN_DATES_PAT_DAY_TH))
#define YEAR DBIT(DB_PAT + GLEAN_DATES_PAT_YEAR)

/* Per bit, the rules that a token with it can begin (the first item of each rule): a
 * token is tried only with those. */
#define RB(r) (1u << (r))
static const uint32_t START_RULES[32] = {
    [GLEAN_DATES_MONTH] = RB(R_MONTH_DAY) | RB(R_MONTH_YEAR),
    [DB_PAT + GLEAN_DATES_PAT_DAY] = RB(R_DAY_MONTH),
    [DB_PAT + GLEAN_DATES_PAT_DAY_TH] = RB(R_DAY_MONTH),
    [DB_PAT + GLEAN_DATES_PAT_ISO] = RB(R_ISO),
    [GLEAN_DATES_PREP] = RB(R_MONTH) | RB(R_WEEKDAY),
    [GLEAN_DATES_MONTH_MOD] = RB(R_MONTH),
    [GLEAN_DATES_REL] = RB(R_WEEKDAY) | RB(R_RELATIVE),
    [GLEAN_DATES_WEEKDAY] = RB(R_WEEKDAY),
    [GLEAN_DATES_DEICTIC] = RB(R_DEICTIC),
    [GLEAN_DATES_REL_MOD] = RB(R_RELATIVE),
    [DB_NUM] = RB(R_AGO),
    [GLEAN_DATES_AGO_COUNT] = RB(R_AGO),
    [GLEAN_DATES_YEAR_PREP] = RB(R_YEAR),
    [DB_PAT + GLEAN_DATES_PAT_DECADE] = RB(R_DECADE),
    [DB_PAT + GLEAN_DATES_PAT_MID_YEAR] = RB(R_MID_YEAR),
};
/* Per bit, what the next token must be for a rule it begins to match (bits that begin
 * a rule of one token, or one whose next item is optional, are in ALONE instead): the
 * prepositions, numbers and articles that begin no date are passed over at a glance. */
static const uint32_t NEXT_OF_BIT[32] = {
    [GLEAN_DATES_MONTH] = DAY_OR_TH | YEAR,
    [DB_PAT + GLEAN_DATES_PAT_DAY] = DBIT(DB_OF) | MONTH,
    [DB_PAT + GLEAN_DATES_PAT_DAY_TH] = DBIT(DB_OF) | MONTH,
    [GLEAN_DATES_PREP] = MONTH | DBIT(GLEAN_DATES_WEEKDAY),
    [GLEAN_DATES_MONTH_MOD] = MONTH,
    [GLEAN_DATES_REL] = DBIT(GLEAN_DATES_WEEKDAY) | DBIT(GLEAN_DATES_REL_UNIT),
    [GLEAN_DATES_REL_MOD] = DBIT(GLEAN_DATES_REL),
    [DB_NUM] = DBIT(GLEAN_DATES_AGO_UNIT),
    [GLEAN_DATES_AGO_COUNT] = DBIT(GLEAN_DATES_AGO_UNIT),
    [GLEAN_DATES_YEAR_PREP] = YEAR,
};
#define ALONE (DBIT(DB_PAT + GLEAN_DATES_PAT_ISO) | DBIT(GLEAN_DATES_WEEKDAY) | \
    DBIT(GLEAN_DATES_DEICTIC) | DBIT(DB_PAT + GLEAN_DATES_PAT_DECADE) | \
    DBIT(DB_PAT + GLEAN_DATES_PAT_MID_YEAR))
#define STARTS (MONTH | DAY_OR_TH | DBIT(DB_PAT + GLEAN_DATES_PAT_ISO) | DBIT(GLEAN_DATES_PREP) | \
    DBIT(GLEAN_DATES_MONTH_MOD) | DBIT(GLEAN_DATES_REL) | DBIT(GLEAN_DATES_WEEKDAY) | \
    DBIT(GLEAN_DATES_DEICTIC) | DBIT(GLEAN_DATES_REL_MOD) | DBIT(DB_NUM) | \
    DBIT(GLEAN_DATES_AGO_COUNT) | DBIT(GLEAN_DATES_YEAR_PREP) | \
    DBIT(DB_PAT + GLEAN_DATES_PAT_DECADE) | DBIT(DB_PAT + GLEAN_DATES_PAT_MID_YEAR))

/* Gives every type of the lexicon its bits: the types added since the last run (the
 * lexicon only grows; another lexicon starts over), so that the scan reads one array. */
static int ready_types(const glean_dates *m, glean_dates_scratch *s, const glean_lexicon *lx)
{
    if (s->lexicon != lx)
        s->types_ready = 0;
    s->lexicon = lx;
    size_t words = (lx->ntypes + 63) / 64;
    if ((lx->ntypes > s->types_cap &&
         glean_grow((void **)&s->type_bits, &s->types_cap, lx->ntypes, sizeof *s->type_bits)) ||
        (words > s->starts_cap &&
         glean_grow((void **)&s->starts, &s->starts_cap, words, sizeof *s->starts)))
        return GLEAN_ENOMEM;
    for (size_t t = s->types_ready; t < lx->ntypes; t++) { /* each bit set or cleared */
        uint32_t b = compute_bits(m, lx, (uint32_t)t);
        s->type_bits[t] = b;
        if (b & STARTS)
            s->starts[t / 64] |= UINT64_C(1) << (t % 64);
        else
            s->starts[t / 64] &= ~(UINT64_C(1) << (t % 64));
    }
    s->types_ready = lx->ntypes;
    return GLEAN_OK;
}

int dates_map_lookup(const glean_dates *m, glean_dates_scratch *s, int map, const char *t,
                     size_t len, int strip_period, int *value)
{
    s->lower.len = 0;
    if (glean_buf_append(&s->lower, t, len) != GLEAN_OK)
        return -1;
    char *low = s->lower.data;
    for (size_t i = 0; i < len; i++)   /* string.lower in the C locale: ASCII only */
        if (low[i] >= 'A' && low[i] <= 'Z')
            low[i] = (char)(low[i] + 32);
    if (strip_period && len > 0 && low[len - 1] == '.')
        len--;
    uint32_t v;
    if (!glean_strset_get(&m->maps[map], low, len, glean_hash(low, len), &v))
        return 0;
    *value = (int)(int32_t)v;
    return 1;
}

/* --- the rules' matches ---------------------------------------------------------------- */

typedef struct scan {
    const glean_dates *m;
    glean_dates_scratch *s;
    const glean_doc *d;
    const glean_lexicon *lx;
    size_t n;
} scan;

/* The bits of token i, 0 past the end. */
static inline uint32_t tb(const scan *c, size_t i)
{
    return i < c->n ? c->s->type_bits[c->d->toks[i].type] : 0;
}

static inline int has(const scan *c, size_t i, uint32_t mask) { return (tb(c, i) & mask) != 0; }


/* (','? y:YEAR)? after token `after` - 1: the year's token or -1, and the match's end. */
static size_t optional_year(const scan *c, size_t after, int32_t *y)
{
    if (has(c, after, DBIT(DB_COMMA)) && has(c, after + 1, YEAR)) {
        *y = (int32_t)(after + 1);
        return after + 2;
    }
    if (has(c, after, YEAR)) {
        *y = (int32_t)after;
        return after + 1;
    }
    *y = -1;
    return after;
}

/* The longest match of rule r from token i (0 when none): its end (exclusive) and
 * captures. Where two ways reach the same end, the greedy one (the optional item taken)
 * is the one the matcher's captures follow. */
static size_t match_at(const scan *c, int r, size_t i, date_match *x)
{
    uint32_t b = tb(c, i);
    size_t e = 0, e2;
    x->p = x->a = x->b = x->y = -1;
    switch (r) {
    case R_MONTH_DAY:   /* m:MONTH d:(DAY|DAY_TH) (','? y:YEAR)? */
        if ((b & MONTH) && has(c, i + 1, DAY_OR_TH)) {
            x->a = (int32_t)i;
            x->b = (int32_t)i + 1;
            e = optional_year(c, i + 2, &x->y);
        }
        break;
    case R_DAY_MONTH: { /* d:(DAY|DAY_TH) of? m:MONTH (','? y:YEAR)? */
        if (!(b & DAY_OR_TH))
            break;
        size_t mi = has(c, i + 1, DBIT(DB_OF)) && has(c, i + 2, MONTH) ? i + 2
                  : has(c, i + 1, MONTH) ? i + 1 : 0;
        if (mi) {
            x->b = (int32_t)i;
            x->a = (int32_t)mi;
            e = optional_year(c, mi + 1, &x->y);
        }
        break;
    }
    case R_ISO:         /* d:ISO */
        if (b & DBIT(DB_PAT + GLEAN_DATES_PAT_ISO)) {
            x->b = (int32_t)i;
            e = i + 1;
        }
        break;
    case R_MONTH_YEAR:  /* m:MONTH y:YEAR */
        if ((b & MONTH) && has(c, i + 1, YEAR)) {
            x->a = (int32_t)i;
            x->y = (int32_t)i + 1;
            e = i + 2;
        }
        break;
    case R_MONTH:       /* p:(PREP|{last next this early late mid end}) m:MONTH */
        if ((b & (DBIT(GLEAN_DATES_PREP) | DBIT(GLEAN_DATES_MONTH_MOD))) && has(c, i + 1, MONTH)) {
            x->p = (int32_t)i;
            x->a = (int32_t)i + 1;
            e = i + 2;
        }
        break;
    case R_WEEKDAY: {   /* p:(PREP|{last next this})? w:WEEKDAY part:{...}? */
        uint32_t wd = DBIT(GLEAN_DATES_WEEKDAY), part = DBIT(GLEAN_DATES_PART);
        e2 = 0;
        if ((b & (DBIT(GLEAN_DATES_PREP) | DBIT(GLEAN_DATES_REL))) && has(c, i + 1, wd))
            e = has(c, i + 2, part) ? i + 3 : i + 2;
        if (b & wd)
            e2 = has(c, i + 1, part) ? i + 2 : i + 1;
        if (e && e >= e2) {
            x->p = (int32_t)i;
            x->a = (int32_t)i + 1;
        } else if (e2) {
            e = e2;
            x->a = (int32_t)i;
        }
        break;
    }
    case R_DEICTIC:     /* w:{yesterday today tomorrow tonight} */
        if (b & DBIT(GLEAN_DATES_DEICTIC)) {
            x->a = (int32_t)i;
            e = i + 1;
        }
        break;
    case R_RELATIVE: {  /* mod:{earlier later early late}? rel:{last next this} unit:{...} */
        uint32_t rel = DBIT(GLEAN_DATES_REL), unit = DBIT(GLEAN_DATES_REL_UNIT);
        e2 = 0;
        if ((b & DBIT(GLEAN_DATES_REL_MOD)) && has(c, i + 1, rel) && has(c, i + 2, unit))
            e = i + 3;
        if ((b & rel) && has(c, i + 1, unit))
            e2 = i + 2;
        if (e && e >= e2) {
            x->a = (int32_t)i + 1;
            x->b = (int32_t)i + 2;
        } else if (e2) {
            e = e2;
            x->a = (int32_t)i;
            x->b = (int32_t)i + 1;
        }
        break;
    }
    case R_AGO:         /* n:(<num>|{a an one several few}) unit:{day days ...} ago */
        if ((b & (DBIT(DB_NUM) | DBIT(GLEAN_DATES_AGO_COUNT))) &&
            has(c, i + 1, DBIT(GLEAN_DATES_AGO_UNIT)) && has(c, i + 2, DBIT(DB_AGO))) {
            x->a = (int32_t)i;
            x->b = (int32_t)i + 1;
            e = i + 3;
        }
        break;
    case R_YEAR:        /* p:{in since ... its their for} y:YEAR */
        if ((b & DBIT(GLEAN_DATES_YEAR_PREP)) && has(c, i + 1, YEAR)) {
            x->p = (int32_t)i;
            x->y = (int32_t)i + 1;
            e = i + 2;
        }
        break;
    case R_DECADE:      /* y:/^[12]%d%d0s$/ */
    case R_MID_YEAR:    /* y:/^mid%-[12]%d%d%d$/ */
        if (b & DBIT(DB_PAT + (r == R_DECADE ? GLEAN_DATES_PAT_DECADE : GLEAN_DATES_PAT_MID_YEAR))) {
            x->y = (int32_t)i;
            e = i + 1;
        }
        break;
    }
    return e;
}

/* Every rule's leftmost-longest non-overlapping matches: a rule's next match may start
 * only where its last one ended. */
static int find_matches(const scan *c, glean_error *err)
{
    glean_dates_scratch *s = c->s;
    const glean_token *toks = c->d->toks;
    const uint32_t *bits = s->type_bits;
    size_t resume[R_NRULES] = { 0 }, n = c->n;
    s->nmatches = 0;
    const uint64_t *starts = s->starts;
    for (size_t i = 0; i < n; i++) {
        uint32_t type = toks[i].type;
        /* most tokens begin no rule: one bit per type (a few KB) says so, where their
           bits (four bytes a type) would be read from further away in the cache */
        if (!((starts[type / 64] >> (type % 64)) & 1))
            continue;
        uint32_t b = bits[type] & STARTS, rules = 0, next = 0;
        for (uint32_t k = b; k; k &= k - 1)
            next |= NEXT_OF_BIT[__builtin_ctz(k)];
        if (!(b & ALONE) && !(tb(c, i + 1) & next))
            continue;
        for (; b; b &= b - 1) /* the rules this token can begin */
            rules |= START_RULES[__builtin_ctz(b)];
        for (; rules; rules &= rules - 1) {
            int r = __builtin_ctz(rules);
            date_match x;
            size_t e;
            if (i < resume[r] || !(e = match_at(c, r, i, &x)))
                continue;
            resume[r] = e;
            x.rule = (uint8_t)r;
            x.first = (uint32_t)i;
            x.last = (uint32_t)(e - 1);
            x.len = (int64_t)x.last - (x.p >= 0 ? x.p : (int64_t)x.first - 1);
            if (glean_grow((void **)&s->matches, &s->matches_cap, s->nmatches + 1, sizeof *s->matches))
                return oom(err);
            s->matches[s->nmatches++] = x;
        }
    }
    return GLEAN_OK;
}

int glean_dates_run(const glean_dates *m, glean_dates_scratch *s, const glean_doc *d,
                    const glean_lexicon *lx, int has_ref, int64_t ref,
                    const glean_date **dates, size_t *n, glean_error *err)
{
    *dates = NULL;
    *n = 0;
    if (ready_types(m, s, lx) != GLEAN_OK || glean_grow((void **)&s->taken, &s->taken_cap, d->ntoks + 1, 1))
        return oom(err);
    scan c = { m, s, d, lx, d->ntoks };
    int rc = find_matches(&c, err);
    if (rc == GLEAN_OK)
        rc = dates_resolve(m, s, d, lx, has_ref, ref, err);
    if (rc != GLEAN_OK)
        return rc;
    *dates = s->out;
    *n = s->nout;
    return GLEAN_OK;
}
