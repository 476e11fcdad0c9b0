/* extractors.c — libFuzzer target: the news extractors' C twins over one parsed doc: the
 * entity recognizer's judge (glean_recognizer.h), the dates extractor (glean_dates.h) and
 * the acronyms extractor (glean_acronyms.h).
 *
 * Byte 0 picks the options: bit 0 English, bit 1 split hyphens (as in tokenize.c; one
 * fixture per pair), bit 2 replace invalid bytes (else invalid UTF-8 is skipped), bits
 * 3-4 the user's entities (every 2nd to 5th token, one or two tokens long, labelled in
 * turn COUNTRY, nothing, PERSON, ORG, CITY and a label no rule names), bits 5-7 the
 * article's reference day (a table below, with the ends of the range parse_iso reads);
 * the rest is the text.
 *
 * What is built once, lazily, per tokenizer setting (libFuzzer keeps the process; the
 * gazetteers and rules are what cost): the tokenizer; a gazetteer of known names with the
 * recognizer's labels (COUNTRY, CITY, REGION, NORP, ORG, LOC) and list ids, some entries
 * exact, and one of first names, some of them places too; a rule set shaped like
 * lua/glean/extract/entity_rules.lua (every rule there, with shorter word sets: captures
 * ent/ent2, @LABEL and @* tests, ^^/$$, <title>{1,3}, the RUN and UPPER runs), its Lua
 * patterns evaluated by exact C stand-ins; the recognizer's word sets; and the dates and
 * acronyms models with the Lua's own lists (dates.lua, acronyms.lua). The scratches stay
 * warm across inputs, as a long-running caller's do.
 *
 * Per input, oracles:
 *  - every run returns GLEAN_OK on a valid doc; a bad argument (overlapping user
 *    entities) is GLEAN_EARG, and the scratch works after it;
 *  - recognizer: entities lie in the doc, in text order, never overlap each other nor the
 *    user's entities; label and source codes have names; a second run (warm caches) gives
 *    the same entities, and a fresh scratch gives the same entities by name;
 *  - dates (without and with the reference day): records lie in the doc, in text order,
 *    without overlaps; a preposition is the token just before; kinds and tenses have
 *    names; value, from and to are empty or "YYYY-MM-DD" with a valid month and day
 *    (a count read from the text, or a reference day at the end of the range, may take
 *    the day out of years 0000-9999: then "%04d-%02d-%02d", as the Lua prints it);
 *    nothing needs a reference day without one; a second run gives the same records;
 *  - acronyms: definitions lie in the doc, in text order; the short form is a token of
 *    the SHORT shape next to its brackets and its long form (before the bracket, or inside
 *    it); labels (from the user's and the recognizer's entities) name an entity with a
 *    label, and each occurrence is a token with the text of a short form so named; a
 *    second run gives the same definitions and occurrences. */
#include "fuzz_common.h"
#include "extractors_fixture.h"
#include "glean_utf8.h"

/* GLEAN_FUZZ_DUMP=1 prints what each input gave (to see what a seed reaches). */
static int dump;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *e = getenv("GLEAN_FUZZ_DUMP");
    dump = e && *e && *e != '0';
    return 0;
}

static void dump_span(const glean_doc *d, uint32_t first, uint32_t last)
{
    uint32_t a = d->toks[first].start, b = d->toks[last].end;
    fprintf(stderr, "  %.*s", (int)(b - a), d->text + a);
}

/* ---- the recognizer ------------------------------------------------------------------- */

static const char *const USER_LABELS[] = { "COUNTRY", NULL, "PERSON", "ORG", "CITY", "WIDGET" };

/* The user's entities of bits 3-4: from token 0, every `stride` tokens, one or two long in
   turn, never past the doc; at most cap of them. */
static size_t user_entities(unsigned opts, size_t ntoks, glean_rec_user_ent *out, size_t cap)
{
    size_t stride = 2 + ((opts >> 3) & 3), n = 0;
    for (size_t i = 0; i < ntoks && n < cap; i += stride) {
        size_t last = (n & 1) && i + 1 < ntoks ? i + 1 : i;
        const char *label = USER_LABELS[n % (sizeof USER_LABELS / sizeof *USER_LABELS)];
        out[n++] = (glean_rec_user_ent){ (uint32_t)i, (uint32_t)last, label, label ? strlen(label) : 0 };
    }
    return n;
}

static glean_rec_inputs rec_inputs(fixture *f, const glean_doc *d, const glean_rec_user_ent *user,
                                   size_t nuser)
{
    return (glean_rec_inputs){ d, &f->tk, f->known, &f->known_cur, f->first, &f->first_cur,
                               f->rules, f->rs, &f->res, fixture_call_pred, f, user, nuser };
}

static void check_entities(const fixture *f, const glean_recognizer_scratch *s, const glean_doc *d,
                           const glean_rec_entity *e, size_t n, const glean_rec_user_ent *user,
                           size_t nuser)
{
    size_t u = 0;
    for (size_t k = 0; k < n; k++) {
        FUZZ_CHECK(e[k].first <= e[k].last && e[k].last < d->ntoks, "entity %zu: tokens %u..%u of %zu",
                   k, e[k].first, e[k].last, d->ntoks);
        FUZZ_CHECK(k == 0 || e[k].first > e[k - 1].last, "entity %zu (%u..%u) overlaps or precedes "
                   "the one before (%u..%u)", k, e[k].first, e[k].last, e[k - 1].first, e[k - 1].last);
        while (u < nuser && user[u].last < e[k].first)
            u++;
        FUZZ_CHECK(u == nuser || user[u].first > e[k].last, "entity %zu (%u..%u) overlaps the "
                   "user's %u..%u", k, e[k].first, e[k].last, user[u].first, user[u].last);
        size_t len;
        FUZZ_CHECK(glean_recognizer_label_name(f->rec, s, e[k].label, &len) != NULL,
                   "entity %zu: label %u has no name", k, e[k].label);
        FUZZ_CHECK(glean_recognizer_source_name(f->rec, s, e[k].source, &len) != NULL,
                   "entity %zu: source %u has no name", k, e[k].source);
    }
}

/* Runs the recognizer (twice: the second run reads the caches the first one filled) and
 * returns a copy of its entities (*n of them; free it). */
static glean_rec_entity *recognize(fixture *f, const glean_doc *d, const glean_rec_user_ent *user,
                                   size_t nuser, size_t *n)
{
    glean_rec_inputs in = rec_inputs(f, d, user, nuser);
    const glean_rec_entity *ents;
    glean_error err;
    FUZZ_CHECK(glean_recognize(f->rec, f->s, &in, &ents, n, &err) == GLEAN_OK, "recognize: %s",
               err.message);
    check_entities(f, f->s, d, ents, *n, user, nuser);
    for (size_t k = 0; dump && k < *n; k++) {
        size_t ll, sl;
        const char *l = glean_recognizer_label_name(f->rec, f->s, ents[k].label, &ll);
        const char *src = glean_recognizer_source_name(f->rec, f->s, ents[k].source, &sl);
        dump_span(d, ents[k].first, ents[k].last);
        fprintf(stderr, " = %.*s (%.*s)%s\n", (int)ll, l, (int)sl, src, nuser ? " [user]" : "");
    }
    glean_rec_entity *copy = malloc((*n + 1) * sizeof *copy);
    FUZZ_CHECK(copy != NULL, "out of memory");
    if (*n)
        memcpy(copy, ents, *n * sizeof *copy);
    size_t n2;
    FUZZ_CHECK(glean_recognize(f->rec, f->s, &in, &ents, &n2, &err) == GLEAN_OK, "recognize again: %s",
               err.message);
    FUZZ_CHECK(n2 == *n && (n2 == 0 || memcmp(ents, copy, n2 * sizeof *ents) == 0),
               "the second run (warm caches) differs: %zu entities, then %zu", *n, n2);
    return copy;
}

/* The same entities from a fresh scratch: its codes of the gazetteers' labels and sources
 * may differ, their names may not. */
static void recognize_cold(fixture *f, const glean_doc *d, const glean_rec_entity *want, size_t n)
{
    glean_recognizer_scratch *cold;
    FUZZ_CHECK(glean_recognizer_scratch_new(&cold) == GLEAN_OK, "scratch");
    glean_rec_inputs in = rec_inputs(f, d, NULL, 0);
    const glean_rec_entity *ents;
    size_t m;
    glean_error err;
    FUZZ_CHECK(glean_recognize(f->rec, cold, &in, &ents, &m, &err) == GLEAN_OK, "recognize cold: %s",
               err.message);
    FUZZ_CHECK(m == n, "a fresh scratch finds %zu entities, the warm one %zu", m, n);
    for (size_t k = 0; k < n; k++) {
        size_t l1, l2, s1, s2;
        const char *a = glean_recognizer_label_name(f->rec, f->s, want[k].label, &l1);
        const char *b = glean_recognizer_label_name(f->rec, cold, ents[k].label, &l2);
        const char *x = glean_recognizer_source_name(f->rec, f->s, want[k].source, &s1);
        const char *y = glean_recognizer_source_name(f->rec, cold, ents[k].source, &s2);
        FUZZ_CHECK(ents[k].first == want[k].first && ents[k].last == want[k].last && a && b &&
                   x && y && l1 == l2 && memcmp(a, b, l1) == 0 && s1 == s2 && memcmp(x, y, s1) == 0,
                   "entity %zu differs from a fresh scratch: %u..%u vs %u..%u", k, want[k].first,
                   want[k].last, ents[k].first, ents[k].last);
    }
    glean_recognizer_scratch_free(cold);
}

/* ---- dates ---------------------------------------------------------------------------- */

static int leap(long long y)
{
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

/* A date string: "" or "%04d-%02d-%02d" of a valid day; strict: of a year 0000-9999. */
static void check_day(const char *s, int strict, const char *what, size_t k)
{
    size_t n = strnlen(s, GLEAN_DATE_STR);
    FUZZ_CHECK(n < GLEAN_DATE_STR, "date %zu: %s is not terminated", k, what);
    if (n == 0)
        return;
    FUZZ_CHECK(!strict || n == 10, "date %zu: %s '%s' is not YYYY-MM-DD", k, what, s);
    FUZZ_CHECK(n >= 10 && s[n - 6] == '-' && s[n - 3] == '-' && dig((unsigned char)s[n - 5]) &&
               dig((unsigned char)s[n - 4]) && dig((unsigned char)s[n - 2]) &&
               dig((unsigned char)s[n - 1]), "date %zu: %s '%s'", k, what, s);
    const char *p = s;
    int neg = *p == '-';
    p += neg;
    long long y = 0;
    for (; p < s + n - 6; p++) {
        FUZZ_CHECK(dig((unsigned char)*p), "date %zu: %s '%s': year", k, what, s);
        y = y * 10 + (*p - '0');
    }
    FUZZ_CHECK(p - s - neg >= 4 - neg, "date %zu: %s '%s': year digits", k, what, s);
    y = neg ? -y : y;
    int m = (s[n - 5] - '0') * 10 + (s[n - 4] - '0'), d = (s[n - 2] - '0') * 10 + (s[n - 1] - '0');
    static const int DAYS[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    /* Years before 0 too: a day before 0000-03-01 once came out a day late, as Feb 29
       of a common year (fuzz/regressions/extractors/negative-year-feb-29). */
    FUZZ_CHECK(m >= 1 && m <= 12 && d >= 1 && d <= DAYS[m - 1] + (m == 2 && leap(y)),
               "date %zu: %s '%s': no such day", k, what, s);
}

/* Whether date record x is "N days/weeks ago" with N read from the text (any number). */
static int ago_from_text(const glean_doc *d, const glean_date *x)
{
    size_t n = d->toks[x->last].end - d->toks[x->last].start;
    const char *t = d->text + d->toks[x->last].start;
    return x->kind == GLEAN_DATE_RELATIVE && n == 3 && (t[0] | 0x20) == 'a' &&
           (t[1] | 0x20) == 'g' && (t[2] | 0x20) == 'o';
}

static void check_dates(const glean_doc *d, const glean_date *x, size_t n, int has_ref,
                        int ref_at_end)
{
    for (size_t k = 0; k < n; k++) {
        FUZZ_CHECK(x[k].first <= x[k].last && x[k].last < d->ntoks, "date %zu: tokens %u..%u of %zu",
                   k, x[k].first, x[k].last, d->ntoks);
        FUZZ_CHECK(k == 0 || x[k].first > x[k - 1].last, "date %zu (%u..%u) overlaps or precedes "
                   "the one before (%u..%u)", k, x[k].first, x[k].last, x[k - 1].first, x[k - 1].last);
        FUZZ_CHECK(x[k].prep == -1 || (x[k].prep >= 0 && (uint32_t)x[k].prep + 1 == x[k].first),
                   "date %zu: preposition %d before %u", k, x[k].prep, x[k].first);
        FUZZ_CHECK(glean_dates_kind_name(x[k].kind) != NULL, "date %zu: kind %u", k, x[k].kind);
        FUZZ_CHECK(x[k].tense == GLEAN_TENSE_NONE || glean_dates_tense_name(x[k].tense) != NULL,
                   "date %zu: tense %u", k, x[k].tense);
        /* the text's years are 1000-2999 (the patterns), a reference day's are those of
           REFS; only a count from the text or a reference day at an end of the range
           goes farther */
        int strict = !ref_at_end && !ago_from_text(d, &x[k]);
        check_day(x[k].value, strict, "value", k);
        check_day(x[k].from, strict, "from", k);
        check_day(x[k].to, strict, "to", k);
        FUZZ_CHECK(!x[k].from[0] == !x[k].to[0], "date %zu: from '%s', to '%s'", k, x[k].from, x[k].to);
        FUZZ_CHECK(!x[k].value[0] || !x[k].from[0], "date %zu: a value and a range", k);
        if (strict && x[k].from[0])
            FUZZ_CHECK(strcmp(x[k].from, x[k].to) <= 0, "date %zu: from '%s' after to '%s'", k,
                       x[k].from, x[k].to);
        if (!has_ref) { /* weekdays, relative dates and tenses need the article's day */
            FUZZ_CHECK(x[k].tense == GLEAN_TENSE_NONE, "date %zu: a tense without a reference", k);
            FUZZ_CHECK(!(x[k].kind == GLEAN_DATE_WEEKDAY || x[k].kind == GLEAN_DATE_RELATIVE) ||
                       (!x[k].value[0] && !x[k].from[0]), "date %zu: a %s day without a reference",
                       k, glean_dates_kind_name(x[k].kind));
        }
    }
}

static void run_dates(fixture *f, const glean_doc *d, int has_ref, int64_t ref, int ref_at_end)
{
    const glean_date *dates;
    size_t n, n2;
    glean_error err;
    FUZZ_CHECK(glean_dates_run(f->dates, f->ds, d, &f->tk.lex, has_ref, ref, &dates, &n, &err) ==
               GLEAN_OK, "dates: %s", err.message);
    check_dates(d, dates, n, has_ref, ref_at_end);
    for (size_t k = 0; dump && k < n; k++) {
        dump_span(d, dates[k].first, dates[k].last);
        fprintf(stderr, " = %s %s %s/%s%s\n", glean_dates_kind_name(dates[k].kind), dates[k].value,
                dates[k].from, dates[k].to, has_ref ? " [ref]" : "");
    }
    glean_date *copy = malloc((n + 1) * sizeof *copy);
    FUZZ_CHECK(copy != NULL, "out of memory");
    if (n)
        memcpy(copy, dates, n * sizeof *copy);
    FUZZ_CHECK(glean_dates_run(f->dates, f->ds, d, &f->tk.lex, has_ref, ref, &dates, &n2, &err) ==
               GLEAN_OK, "dates again: %s", err.message);
    FUZZ_CHECK(n2 == n && (n == 0 || memcmp(copy, dates, n * sizeof *copy) == 0),
               "the second dates run differs: %zu records, then %zu", n, n2);
    free(copy);
}

/* ---- acronyms ------------------------------------------------------------------------- */

static int short_shape(const char *t, size_t n) /* ^[%w][%w%-&%.]*$ */
{
    if (n == 0 || !(up((unsigned char)t[0]) || low((unsigned char)t[0]) || dig((unsigned char)t[0])))
        return 0;
    for (size_t k = 1; k < n; k++) {
        unsigned char c = (unsigned char)t[k];
        if (!up(c) && !low(c) && !dig(c) && c != '-' && c != '&' && c != '.')
            return 0;
    }
    return 1;
}

static const char *tok_text(const fixture *f, const glean_doc *d, size_t i, size_t *len)
{
    const glean_lexeme *x = &f->tk.lex.types[d->toks[i].type];
    *len = x->text_len;
    return glean_lex_str(&f->tk.lex, x->text);
}

static int tok_is(const fixture *f, const glean_doc *d, size_t i, const char *s)
{
    size_t n;
    const char *t = tok_text(f, d, i, &n);
    return n == strlen(s) && memcmp(t, s, n) == 0;
}

static void check_acronyms(const fixture *f, const glean_doc *d, const glean_acronym *a, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        const glean_acronym *r = &a[k];
        FUZZ_CHECK(r->short_tok < d->ntoks && r->long_first <= r->long_last &&
                   r->long_last < d->ntoks, "acronym %zu: short %u, long %u..%u of %zu tokens", k,
                   r->short_tok, r->long_first, r->long_last, d->ntoks);
        FUZZ_CHECK(r->short_tok < r->long_first || r->short_tok > r->long_last,
                   "acronym %zu: the short form %u is inside its long form %u..%u", k,
                   r->short_tok, r->long_first, r->long_last);
        FUZZ_CHECK(glean_acronyms_form_name(r->form) && glean_acronyms_method_name(r->method),
                   "acronym %zu: form %u, method %u", k, r->form, r->method);
        size_t sn;
        const char *sh = tok_text(f, d, r->short_tok, &sn);
        FUZZ_CHECK(short_shape(sh, sn) && sn >= 2 && sn <= 10, "acronym %zu: short form '%.*s'", k,
                   (int)sn, sh);
        if (r->form == GLEAN_ACR_LONG_SHORT) {
            /* long ( "? SHORT "? ) */
            uint32_t open = r->long_last + 1;
            FUZZ_CHECK(open < r->short_tok && r->short_tok - open <= 2 && tok_is(f, d, open, "("),
                       "acronym %zu: long %u..%u (short %u) is not before its bracket", k,
                       r->long_first, r->long_last, r->short_tok);
        } else {
            /* SHORT ( long ) with at most 12 tokens in the brackets */
            FUZZ_CHECK(r->short_tok + 2 <= r->long_first && r->long_last <= r->short_tok + 13 &&
                       tok_is(f, d, r->short_tok + 1, "(") && r->long_last + 1 < d->ntoks &&
                       tok_is(f, d, r->long_last + 1, ")"), "acronym %zu: short %u, long %u..%u "
                       "is not in its brackets", k, r->short_tok, r->long_first, r->long_last);
        }
        FUZZ_CHECK(k == 0 || r->short_tok > a[k - 1].short_tok, "acronym %zu out of text order", k);
    }
}

/* doc.ents as the labels see them: the user's and the recognizer's entities in text
   order (they never overlap), 1-based, labelled true, false (every 7th) or nil (the
   user's unlabelled ones). */
static size_t acr_entities(const glean_rec_user_ent *user, size_t nuser, const glean_rec_entity *e,
                           size_t n, glean_acr_ent *out)
{
    size_t u = 0, k = 0, m = 0;
    while (u < nuser || k < n) {
        if (u < nuser && (k == n || user[u].first < e[k].first)) {
            out[m] = (glean_acr_ent){ (int64_t)user[u].first + 1, (int64_t)user[u].last + 1,
                                      user[u].label ? GLEAN_ACR_LABEL_TRUE : GLEAN_ACR_LABEL_NIL };
            u++;
        } else {
            out[m] = (glean_acr_ent){ (int64_t)e[k].first + 1, (int64_t)e[k].last + 1,
                                      GLEAN_ACR_LABEL_TRUE };
            k++;
        }
        if (m % 7 == 6 && out[m].label == GLEAN_ACR_LABEL_TRUE)
            out[m].label = GLEAN_ACR_LABEL_FALSE;
        m++;
    }
    return m;
}

static void check_labels(const fixture *f, const glean_doc *d, const glean_acronym *a, size_t n,
                         const glean_acr_ent *ents, size_t nents, const glean_acr_occurrence *occ,
                         size_t nocc)
{
    for (size_t k = 0; k < n; k++) {
        int32_t e = a[k].label_ent;
        FUZZ_CHECK(e == -1 || (e >= 0 && (size_t)e < nents && ents[e].label != GLEAN_ACR_LABEL_NIL &&
                               ents[e].last == (int64_t)a[k].long_last + 1 &&
                               ents[e].first >= (int64_t)a[k].long_first),
                   "acronym %zu: label entity %d", k, e);
    }
    for (size_t k = 0; k < nocc; k++) {
        FUZZ_CHECK(occ[k].tok < d->ntoks && occ[k].ent < nents &&
                   ents[occ[k].ent].label != GLEAN_ACR_LABEL_NIL, "occurrence %zu: token %u, entity %u",
                   k, occ[k].tok, occ[k].ent);
        size_t tn;
        const char *t = tok_text(f, d, occ[k].tok, &tn);
        int named = 0;
        for (size_t j = 0; j < n && !named; j++) {
            size_t sn;
            const char *sh = tok_text(f, d, a[j].short_tok, &sn);
            named = a[j].label_ent == (int32_t)occ[k].ent && sn == tn && memcmp(sh, t, sn) == 0;
        }
        FUZZ_CHECK(named, "occurrence %zu ('%.*s') is of no short form labelled after entity %u", k,
                   (int)tn, t, occ[k].ent);
    }
}

static void run_acronyms(fixture *f, const glean_doc *d, const glean_acr_ent *ents, size_t nents)
{
    glean_acronym *defs;
    const glean_acr_occurrence *occ;
    size_t n, n2, nocc, nocc2;
    glean_error err;
    FUZZ_CHECK(glean_acronyms_run(f->acr, f->as, d, &f->tk.lex, &defs, &n, &err) == GLEAN_OK,
               "acronyms: %s", err.message);
    check_acronyms(f, d, defs, n);
    FUZZ_CHECK(glean_acronyms_label(f->acr, f->as, d, &f->tk.lex, ents, nents, &occ, &nocc, &err) ==
               GLEAN_OK, "labels: %s", err.message);
    check_labels(f, d, defs, n, ents, nents, occ, nocc);
    for (size_t k = 0; dump && k < n; k++) {
        dump_span(d, defs[k].short_tok, defs[k].short_tok);
        dump_span(d, defs[k].long_first, defs[k].long_last);
        fprintf(stderr, " (%s, %s, entity %d)\n", glean_acronyms_form_name(defs[k].form),
                glean_acronyms_method_name(defs[k].method), defs[k].label_ent);
    }
    if (dump)
        fprintf(stderr, "  %zu occurrences\n", nocc);
    glean_acronym *copy = malloc((n + 1) * sizeof *copy);
    glean_acr_occurrence *occ_copy = malloc((nocc + 1) * sizeof *occ_copy);
    FUZZ_CHECK(copy && occ_copy, "out of memory");
    if (n)
        memcpy(copy, defs, n * sizeof *copy);
    if (nocc)
        memcpy(occ_copy, occ, nocc * sizeof *occ);
    FUZZ_CHECK(glean_acronyms_run(f->acr, f->as, d, &f->tk.lex, &defs, &n2, &err) == GLEAN_OK &&
               glean_acronyms_label(f->acr, f->as, d, &f->tk.lex, ents, nents, &occ, &nocc2, &err) ==
               GLEAN_OK, "acronyms again: %s", err.message);
    FUZZ_CHECK(n2 == n && (n == 0 || memcmp(copy, defs, n * sizeof *copy) == 0) && nocc2 == nocc &&
               (nocc == 0 || memcmp(occ_copy, occ, nocc * sizeof *occ) == 0),
               "the second acronyms run differs: %zu definitions and %zu occurrences, then %zu "
               "and %zu", n, nocc, n2, nocc2);
    free(copy);
    free(occ_copy);
}

/* ---- one input ------------------------------------------------------------------------ */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned opts = data[0];
    size_t len;
    char *text = fuzz_text_after_option(data, size, &len);
    if (!(opts & 4) && !glean_utf8_valid(text, len, NULL)) {
        free(text);
        return 0;
    }
    fixture *f = fixture_for(opts);
    glean_doc d;
    glean_doc_init(&d);
    glean_error err;
    FUZZ_CHECK(glean_parse(&f->tk, text, len, &d, &err) == GLEAN_OK, "parse: %s", err.message);

    /* the recognizer alone, then after the user's entities */
    size_t n0, n1;
    glean_rec_entity *plain = recognize(f, &d, NULL, 0, &n0);
    recognize_cold(f, &d, plain, n0);
    size_t cap = d.ntoks / 2 + 1;
    glean_rec_user_ent *user = malloc(cap * sizeof *user);
    FUZZ_CHECK(user != NULL, "out of memory");
    size_t nuser = user_entities(opts, d.ntoks, user, cap);
    glean_rec_entity *ents = recognize(f, &d, user, nuser, &n1);
    /* overlapping user entities are refused, and the scratch is sound after it */
    if (d.ntoks >= 2) {
        glean_rec_user_ent bad[2] = { { 0, 1, "ORG", 3 }, { 1, 1, NULL, 0 } };
        glean_rec_inputs in = rec_inputs(f, &d, bad, 2);
        const glean_rec_entity *e;
        size_t n;
        FUZZ_CHECK(glean_recognize(f->rec, f->s, &in, &e, &n, &err) == GLEAN_EARG,
                   "overlapping user entities are not refused");
        glean_rec_entity *again = recognize(f, &d, user, nuser, &n);
        FUZZ_CHECK(n == n1 && (n == 0 || memcmp(again, ents, n * sizeof *ents) == 0),
                   "after a refusal: %zu entities, before %zu", n, n1);
        free(again);
    }

    /* dates without and with the article's day */
    run_dates(f, &d, 0, 0, 0);
    unsigned r = (opts >> 5) & 7;
    int64_t ref;
    const char *refday = GLEAN_FUZZ_REFS[r];
    FUZZ_CHECK(glean_dates_parse_iso(refday, strlen(refday), &ref), "reference %s", refday);
    run_dates(f, &d, 1, ref, REF_AT_AN_END(r));

    /* acronyms, labelled after the entities found */
    glean_acr_ent *aents = malloc((nuser + n1 + 1) * sizeof *aents);
    FUZZ_CHECK(aents != NULL, "out of memory");
    size_t naents = acr_entities(user, nuser, ents, n1, aents);
    run_acronyms(f, &d, aents, naents);

    free(aents);
    free(ents);
    free(user);
    free(plain);
    glean_doc_free(&d);
    free(text);
    return 0;
}
