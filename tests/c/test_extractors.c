/* test_extractors.c — the date and acronym extractors' C twins (glean_dates.h,
 * glean_acronyms.h) from C alone: a tokenizer, a few word sets, texts that reach the
 * main decisions (a past and a future
 * weekday, a full date, an invalid day, a count of days, a year, a decade; initials,
 * Schwartz & Hearst, the head fallback, labels and occurrences), then bad input. The Lua
 * specs check each twin against its Lua reference; this checks the C API on its own.
 * Ends with "N passed, N failed". */
#include "glean_acronyms.h"
#include "glean_dates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static int add_words(glean_dates *m, int set, const char *const *words)
{
    glean_error err;
    for (; *words; words++)
        if (glean_dates_add_word(m, set, *words, strlen(*words), &err) != GLEAN_OK)
            return 0;
    return 1;
}

static int dates_model(glean_dates *m)
{
    static const char *const months[] = { "Feb.", "February", NULL };
    static const char *const weekdays[] = { "Tuesday", "WEDNESDAY", NULL }; /* normalized */
    static const char *const prep[] = { "on", "in", NULL }, *const rel[] = { "last", "next", NULL };
    static const char *const count[] = { "a", NULL }, *const unit[] = { "days", NULL };
    static const char *const future[] = { "will", NULL }, *const past[] = { "said", NULL };
    glean_error err;
    int ok = add_words(m, GLEAN_DATES_MONTH, months) && add_words(m, GLEAN_DATES_WEEKDAY, weekdays) &&
             add_words(m, GLEAN_DATES_PREP, prep) && add_words(m, GLEAN_DATES_REL, rel) &&
             add_words(m, GLEAN_DATES_AGO_COUNT, count) && add_words(m, GLEAN_DATES_AGO_UNIT, unit) &&
             add_words(m, GLEAN_DATES_YEAR_PREP, prep) && add_words(m, GLEAN_DATES_FUTURE, future) &&
             add_words(m, GLEAN_DATES_PAST, past);
    static const struct { int map; const char *key; int v; } numbers[] = {
        { GLEAN_DATES_WEEKDAYS, "tuesday", 1 }, { GLEAN_DATES_WEEKDAYS, "wednesday", 2 },
        { GLEAN_DATES_MONTHS, "feb", 2 }, { GLEAN_DATES_MONTHS, "february", 2 },
        { GLEAN_DATES_NUMBERS, "three", 3 },
    };
    for (size_t k = 0; ok && k < sizeof numbers / sizeof *numbers; k++)
        ok = glean_dates_add_number(m, numbers[k].map, numbers[k].key, strlen(numbers[k].key),
                                    numbers[k].v, &err) == GLEAN_OK;
    return ok;
}

/* "text=kind:value|from/to|prep|tense;..." of the dates of text. */
static int run_dates(glean_tokenizer *tk, const glean_dates *m, glean_dates_scratch *s,
                     const char *text, const char *ref, char *out, size_t outsz, glean_error *err)
{
    glean_doc d;
    glean_doc_init(&d);
    int64_t days = 0;
    int has_ref = ref && glean_dates_parse_iso(ref, strlen(ref), &days);
    const glean_date *dates = NULL;
    size_t n = 0;
    int rc = glean_parse(tk, text, strlen(text), &d, err);
    if (rc == GLEAN_OK)
        rc = glean_dates_run(m, s, &d, &tk->lex, has_ref, days, &dates, &n, err);
    out[0] = 0;
    for (size_t k = 0; rc == GLEAN_OK && k < n; k++) {
        const glean_date *x = &dates[k];
        uint32_t a = d.toks[x->first].start, b = d.toks[x->last].end;
        size_t used = strlen(out);
        const char *tense = glean_dates_tense_name(x->tense);
        snprintf(out + used, outsz - used, "%s%.*s=%s:%s|%s/%s|%s|%s", k ? ";" : "", (int)(b - a),
                 text + a, glean_dates_kind_name(x->kind), x->value, x->from, x->to,
                 x->prep >= 0 ? "p" : "", tense ? tense : "");
    }
    glean_doc_free(&d);
    return rc;
}

static void test_dates(glean_tokenizer *tk)
{
    glean_dates *m = NULL;
    glean_dates_scratch *s = NULL;
    glean_error err;
    if (glean_dates_new(&m, &err) != GLEAN_OK || glean_dates_scratch_new(&s) != GLEAN_OK ||
        !dates_model(m)) {
        CHECK(0, "set-up failed");
        glean_dates_free(m);
        glean_dates_scratch_free(s);
        return;
    }
    char out[2048];
    const char *text = "He said on Tuesday that Feb. 5, 2019 and 2019-02-30 were days; it will "
                       "open on Wednesday, three days ago, in 2004, the 1990s.";
    int rc = run_dates(tk, m, s, text, "2019-02-05", out, sizeof out, &err);
    CHECK(rc == GLEAN_OK, "%s", err.message);
    CHECK(strcmp(out, "Tuesday=weekday:2019-02-05|/|p|past;Feb. 5, 2019=date:2019-02-05|/||;"
                      "Wednesday=weekday:2019-02-06|/|p|future;three days ago=relative:2019-02-02|/||;"
                      "2004=year:|2004-01-01/2004-12-31|p|;1990s=decade:|1990-01-01/1999-12-31||") == 0,
          "%s", out);
    rc = run_dates(tk, m, s, text, NULL, out, sizeof out, &err);
    CHECK(rc == GLEAN_OK && strstr(out, "Tuesday=weekday:|/|p|;") == out, "%s", out);
    /* a count that names no whole day gets no value; a weekday is read by its norm */
    CHECK(run_dates(tk, m, s, "1.5 days ago", "2019-02-05", out, sizeof out, &err) == GLEAN_OK &&
          strcmp(out, "1.5 days ago=relative:|/||") == 0, "a day and a half ago: %s", out);
    CHECK(run_dates(tk, m, s, "on Wednesdäy", "2019-02-05", out, sizeof out, &err) == GLEAN_OK &&
          strcmp(out, "Wednesdäy=weekday:2019-01-30|/|p|past") == 0, "a weekday with a mark: %s", out);
    CHECK(run_dates(tk, m, s, "", "2019-02-05", out, sizeof out, &err) == GLEAN_OK && !out[0], "%s", out);
    int64_t days;
    CHECK(glean_dates_parse_iso("1970-01-01T00", 13, &days) && days == 0, "epoch");
    CHECK(!glean_dates_parse_iso("2019-02-29", 10, &days) && !glean_dates_parse_iso("2019-2-1", 8, &days),
          "invalid reference days");
    CHECK(glean_dates_add_word(m, GLEAN_DATES_NSETS, "x", 1, &err) == GLEAN_EARG, "no such set");
    CHECK(glean_dates_add_word(m, GLEAN_DATES_PREP, "\xCC\x81", 2, &err) == GLEAN_EARG,
          "a word that normalizes to nothing");
    CHECK(strcmp(glean_dates_pattern(GLEAN_DATES_PAT_YEAR), "^[12]%d%d%d$") == 0, "the year pattern");
    glean_dates_free(m);
    glean_dates_scratch_free(s);
}

static void test_acronyms(glean_tokenizer *tk)
{
    glean_acronyms *m = NULL;
    glean_acronyms_scratch *s = NULL;
    glean_error err;
    const char *text = "the Federal Network Agency (BNetzA) said BNetzA and Arts Alliance Digital "
                       "Cinema (AADC) and WHO (World Health Organization).";
    glean_doc d;
    glean_doc_init(&d);
    int ok = glean_acronyms_new(&m, &err) == GLEAN_OK && glean_acronyms_scratch_new(&s) == GLEAN_OK &&
             glean_acronyms_add_word(m, GLEAN_ACR_HEAD, "agency", 6, &err) == GLEAN_OK &&
             glean_acronyms_add_word(m, GLEAN_ACR_GLUE, "and", 3, &err) == GLEAN_OK &&
             glean_acronyms_set_number_word(m, '7', "seven", 5, &err) == GLEAN_OK &&
             glean_parse(tk, text, strlen(text), &d, &err) == GLEAN_OK;
    glean_acronym *defs = NULL;
    size_t n = 0;
    if (ok)
        ok = glean_acronyms_run(m, s, &d, &tk->lex, &defs, &n, &err) == GLEAN_OK;
    CHECK(ok && n == 3, "%d definitions", (int)n);
    char out[1024] = "";
    for (size_t k = 0; ok && k < n; k++) {
        const glean_acronym *r = &defs[k];
        size_t used = strlen(out);
        uint32_t a = d.toks[r->long_first].start, b = d.toks[r->long_last].end;
        uint32_t sa = d.toks[r->short_tok].start, sb = d.toks[r->short_tok].end;
        snprintf(out + used, sizeof out - used, "%s%.*s=%.*s(%s,%s)", k ? ";" : "", (int)(sb - sa),
                 text + sa, (int)(b - a), text + a, glean_acronyms_method_name(r->method),
                 glean_acronyms_form_name(r->form));
    }
    CHECK(strcmp(out, "BNetzA=Federal Network Agency(head,long (SHORT));"
                      "AADC=Arts Alliance Digital Cinema(initials,long (SHORT));"
                      "WHO=World Health Organization(letters,SHORT (long))") == 0, "%s", out);
    /* an ORG entity over the agency's name (1-based tokens 2..4) names BNetzA: its two
       occurrences; an unlabelled one over AADC's long form names nothing */
    glean_acr_ent ents[] = { { 2, 4, GLEAN_ACR_LABEL_TRUE }, { 10, 13, GLEAN_ACR_LABEL_NIL } };
    const glean_acr_occurrence *occ = NULL;
    size_t nocc = 0;
    if (ok)
        ok = glean_acronyms_label(m, s, &d, &tk->lex, ents, 2, &occ, &nocc, &err) == GLEAN_OK;
    CHECK(ok && nocc == 2 && defs[0].label_ent == 0 && defs[1].label_ent == -1, "%d occurrences", (int)nocc);
    for (size_t k = 0; ok && k < nocc; k++)
        CHECK(occ[k].ent == 0 && d.toks[occ[k].tok].end - d.toks[occ[k].tok].start == 6 &&
              memcmp(text + d.toks[occ[k].tok].start, "BNetzA", 6) == 0, "occurrence %d", (int)k);
    CHECK(glean_acronyms_set_number_word(m, '0', "zero", 4, &err) == GLEAN_EARG, "no word for 0");
    CHECK(glean_acronyms_add_word(m, 5, "x", 1, &err) == GLEAN_EARG, "no such set");
    glean_doc_free(&d);
    glean_acronyms_free(m);
    glean_acronyms_scratch_free(s);
}

int main(void)
{
    glean_tokenizer tk;
    glean_tokenizer_options opt = {1, 1, 0};
    glean_error err;
    if (glean_tokenizer_init(&tk, &opt, &err) != GLEAN_OK) {
        fprintf(stderr, "test_extractors: set-up failed\n");
        return 1;
    }
    test_dates(&tk);
    test_acronyms(&tk);
    glean_tokenizer_free(&tk);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
