/* test_recognizer.c — the entity recognizer's judge (glean_recognizer.h) from C alone:
 * a tokenizer, two small gazetteers, a rule set and a few word sets, over a text that
 * reaches the judge's main decisions (a title before a name, a listed country and city,
 * an organisation head word, an acronym, a later surname, a first name that is an
 * everyday word and a stop word (`Will Smith`: no entity), runs cut at a line break),
 * then bad input: overlapping user entities,
 * a rule set the recognizer was not told about, empty and NUL-holding text. The Lua specs
 * check the judge against its Lua twin; this checks the C API on its own. Ends with
 * "N passed, N failed". */
#include "glean_recognizer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

typedef struct world {
    glean_tokenizer tk;
    glean_gazetteer *known, *first;
    glean_gaz_cursor known_cur, first_cur;
    glean_rules *rules;
    glean_rules_scratch *rs;
    glean_rules_result res;
    glean_recognizer *rec;
    glean_recognizer_scratch *s;
} world;

static int add(glean_gaz_builder *b, const char *phrase, const char *label, const char *id)
{
    glean_error err;
    int added;
    return glean_gaz_builder_add(b, phrase, strlen(phrase), label, strlen(label), id,
                                 id ? strlen(id) : 0, "test", 4, 0, &added, &err);
}

static int gazetteers(world *w)
{
    glean_error err;
    glean_gaz_builder *b = NULL, *f = NULL;
    int rc = glean_gaz_builder_new(&b, &w->tk, GLEAN_GAZ_KEY_NORM, &err);
    if (rc == GLEAN_OK)
        rc = add(b, "Germany", "COUNTRY", "countries") | add(b, "Brussels", "CITY", "geonames") |
             add(b, "German", "NORP", "norp") | add(b, "Federal", "CITY", "geonames");
    if (rc == GLEAN_OK)
        rc = glean_gaz_compile(b, &w->known, &err);
    if (rc == GLEAN_OK)
        rc = glean_gaz_builder_new(&f, &w->tk, GLEAN_GAZ_KEY_NORM, &err);
    if (rc == GLEAN_OK)
        rc = add(f, "Angela", "FIRST", NULL) | add(f, "Will", "FIRST", NULL) | add(f, "Jordan", "FIRST", NULL);
    if (rc == GLEAN_OK)
        rc = glean_gaz_compile(f, &w->first, &err);
    glean_gaz_builder_free(b);
    glean_gaz_builder_free(f);
    return rc;
}

static const char *const RULES[][2] = {
    {"person_title", "{chancellor} ent:(<title>+)"},
    {"org_head", "ent:(<title>+ 'Agency')"},
    {"run", "<title>+"},
    {"upper_run", "<upper>+"},
};

static int rules(world *w)
{
    glean_error err;
    int rc = glean_rules_new(&w->rules, &w->tk, &err);
    for (size_t k = 0; rc == GLEAN_OK && k < 4; k++)
        rc = glean_rules_add_string(w->rules, RULES[k][0], RULES[k][1], strlen(RULES[k][1]), &err);
    if (rc != GLEAN_OK)
        fprintf(stderr, "rules: %s\n", err.message);
    return rc == GLEAN_OK ? glean_rules_scratch_new(&w->rs) : rc;
}

static int words(world *w)
{
    static const struct { int set; const char *word; } W[] = {
        {GLEAN_REC_LEADING, "The"}, {GLEAN_REC_LEADING, "On"}, {GLEAN_REC_LEADING, "Tuesday"},
        {GLEAN_REC_TITLE, "chancellor"}, {GLEAN_REC_WRITTEN_TITLE, "Chancellor"},
        {GLEAN_REC_HEAD, "Agency"}, {GLEAN_REC_COMMON_ACRONYM, "US"},
        {GLEAN_REC_NOT_PERSON_LAST, "Award"}, {GLEAN_REC_CONNECTOR, "of"},
        {GLEAN_REC_WEAK_FIRST, "Will"}, {GLEAN_REC_SAINT, "St"}, {GLEAN_REC_NOT_ALONE, "Federal"},
    };
    glean_error err;
    for (size_t k = 0; k < sizeof W / sizeof *W; k++)
        if (glean_recognizer_add_word(w->rec, W[k].set, W[k].word, strlen(W[k].word), &err) != GLEAN_OK)
            return GLEAN_ENOMEM;
    const glean_rec_rule R[4] = {
        {"PERSON", "person_title", 3, 0, -1, 0, 0, 1, 12},
        {"ORG", "org_head", 2, 0, -1, 0, 1, 0, 0},
        {"RUN", "run", -1, -1, -1, 0, 0, 0, 0},
        {"UPPER", "upper_run", -1, -1, -1, 0, 0, 0, 0},
    };
    return glean_recognizer_set_rules(w->rec, R, 4, &err);
}

static int setup(world *w)
{
    glean_error err;
    glean_tokenizer_options opt = {1, 1, 0};
    memset(w, 0, sizeof *w);
    glean_gaz_cursor_init(&w->known_cur);
    glean_gaz_cursor_init(&w->first_cur);
    if (glean_tokenizer_init(&w->tk, &opt, &err) != GLEAN_OK || gazetteers(w) != GLEAN_OK ||
        rules(w) != GLEAN_OK || glean_recognizer_new(&w->rec, &err) != GLEAN_OK ||
        glean_recognizer_scratch_new(&w->s) != GLEAN_OK || words(w) != GLEAN_OK)
        return 0;
    return 1;
}

static void teardown(world *w)
{
    glean_recognizer_free(w->rec);
    glean_recognizer_scratch_free(w->s);
    glean_rules_free(w->rules);
    glean_rules_scratch_free(w->rs);
    glean_rules_result_free(&w->res);
    glean_gaz_free(w->known);
    glean_gaz_free(w->first);
    glean_gaz_cursor_free(&w->known_cur);
    glean_gaz_cursor_free(&w->first_cur);
    glean_tokenizer_free(&w->tk);
}

/* Runs the judge over text; fills a "text=LABEL(source)|..." summary. */
static int run(world *w, const char *text, size_t len, const glean_rec_user_ent *user,
               size_t nuser, char *out, size_t outsz, glean_error *err)
{
    glean_doc d;
    glean_doc_init(&d);
    int rc = glean_parse(&w->tk, text, len, &d, err);
    glean_rec_inputs in = { &d, &w->tk, w->known, &w->known_cur, w->first, &w->first_cur,
                            w->rules, w->rs, &w->res, NULL, NULL, user, nuser };
    const glean_rec_entity *ents = NULL;
    size_t n = 0;
    if (rc == GLEAN_OK)
        rc = glean_recognize(w->rec, w->s, &in, &ents, &n, err);
    out[0] = 0;
    for (size_t k = 0; rc == GLEAN_OK && k < n; k++) {
        size_t ll, sl, used = strlen(out);
        const char *label = glean_recognizer_label_name(w->rec, w->s, ents[k].label, &ll);
        const char *source = glean_recognizer_source_name(w->rec, w->s, ents[k].source, &sl);
        uint32_t a = d.toks[ents[k].first].start, b = d.toks[ents[k].last].end;
        if (k > 0 && ents[k].first <= ents[k - 1].last)
            rc = GLEAN_EARG; /* overlap or out of order: reported by the caller */
        snprintf(out + used, outsz - used, "%s%.*s=%.*s(%.*s)", k ? "|" : "", (int)(b - a),
                 text + a, (int)ll, label ? label : "?", (int)sl, source ? source : "?");
    }
    glean_doc_free(&d);
    return rc;
}

static void test_article(world *w)
{
    const char *text =
        "On Tuesday, Chancellor Angela Merkel said Germany and the Federal Network Agency "
        "(BSI) met German officials in Brussels. Merkel, Will Smith and Jane Doe agreed.\n"
        "Jordan Henderson\nBrussels";
    char out[2048];
    glean_error err;
    int rc = run(w, text, strlen(text), NULL, 0, out, sizeof out, &err);
    CHECK(rc == GLEAN_OK, "recognize: %s", err.message);
    const char *want =
        "Angela Merkel=PERSON(rule:person_title)|Germany=GPE(list:countries)|"
        "Federal Network Agency=ORG(rule:org_head)|BSI=ORG(run:acronym)|"
        "German=NORP(list:norp)|Brussels=GPE(list:geonames)|Merkel=PERSON(doc:alias)|"
        "Jane Doe=PERSON(run:name)|Jordan=PERSON(list:first_names)|"
        "Brussels=GPE(list:geonames)";
    CHECK(strcmp(out, want) == 0, "got\n  %s\nwant\n  %s", out, want);

    /* the user's entity over `Germany` keeps it out; a second run reuses the scratch */
    glean_rec_user_ent user = { 7, 7, "GPE", 3 };
    rc = run(w, text, strlen(text), &user, 1, out, sizeof out, &err);
    CHECK(rc == GLEAN_OK && strstr(out, "Germany") == NULL, "user entity: %s", out);
}

static void test_bad_input(world *w)
{
    char out[512];
    glean_error err;
    const char *text = "Chancellor Angela Merkel spoke.";
    glean_rec_user_ent overlap[2] = { { 0, 1, "X", 1 }, { 1, 2, "Y", 1 } };
    CHECK(run(w, text, strlen(text), overlap, 2, out, sizeof out, &err) == GLEAN_EARG,
          "overlapping user entities are refused");
    glean_rec_user_ent outside = { 3, 99, NULL, 0 };
    CHECK(run(w, text, strlen(text), &outside, 1, out, sizeof out, &err) == GLEAN_EARG,
          "a user entity past the end is refused");
    CHECK(run(w, "", 0, NULL, 0, out, sizeof out, &err) == GLEAN_OK && out[0] == 0, "empty text");
    const char nul[] = "Angela\0Merkel said \0 Germany";
    CHECK(run(w, nul, sizeof nul - 1, NULL, 0, out, sizeof out, &err) == GLEAN_OK,
          "NUL bytes: %s", err.message);
    /* a rule set with a rule the recognizer was not told about */
    CHECK(glean_rules_add_string(w->rules, "extra", "'Merkel'", 8, &err) == GLEAN_OK, "add");
    CHECK(run(w, text, strlen(text), NULL, 0, out, sizeof out, &err) == GLEAN_EARG,
          "a rule the recognizer does not know is an error, not a read past its table");
    /* no gazetteers and no rules: the judge still runs (everything switched off) */
    glean_rules *keep = w->rules;
    glean_gazetteer *k = w->known, *f = w->first;
    w->rules = NULL;
    w->known = w->first = NULL;
    CHECK(run(w, text, strlen(text), NULL, 0, out, sizeof out, &err) == GLEAN_OK && out[0] == 0,
          "nothing switched on: %s", out);
    w->rules = keep;
    w->known = k;
    w->first = f;
}

static void test_words(world *w)
{
    glean_error err;
    CHECK(glean_recognizer_add_word(w->rec, GLEAN_REC_NSETS, "x", 1, &err) == GLEAN_EARG,
          "an unknown word set is refused");
    glean_rec_rule r = { NULL, "x", 0, -1, -1, 0, 0, 0, 0 };
    CHECK(glean_recognizer_set_rules(w->rec, &r, 1, &err) == GLEAN_EARG, "rules are set once");
    size_t len;
    CHECK(glean_recognizer_label_name(w->rec, w->s, 1000, &len) == NULL, "unknown label code");
    CHECK(glean_recognizer_source_name(w->rec, w->s, 1000, &len) == NULL, "unknown source code");
}

int main(void)
{
    world w;
    if (!setup(&w)) {
        fprintf(stderr, "test_recognizer: set-up failed\n");
        return 1;
    }
    test_article(&w);
    test_words(&w);
    test_bad_input(&w);
    teardown(&w);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
