/* gaz_fixture.h — the small gazetteer and document of the crafted-image C test
 * (test_gazetteer.c), the gazetteer_open fuzz target and gaz_seed (which writes the
 * valid image that seeds that target's corpus). */
#ifndef GLEAN_TEST_GAZ_FIXTURE_H
#define GLEAN_TEST_GAZ_FIXTURE_H

#include "glean_gazetteer.h"

#include <string.h>

typedef struct fixture_phrase {
    const char *text, *label, *id;
    int exact;
} fixture_phrase;

static const fixture_phrase FIXTURE_PHRASES[] = {
    {"Huawei", "ORG", "Q160120", 0},
    {"Huawei Technologies", "ORG", NULL, 0},
    {"Huawei Technologies Co.", "ORG", NULL, 0},
    {"Huawei Technologies", "COMPANY", "Q2", 0},
    {"Deutsche Telekom", "ORG", NULL, 0},
    {"BSI", "ORG", NULL, 1},
    {"US", "GPE", NULL, 1},
    {"United States", "GPE", "Q30", 0},
    {"European Commission", "ORG", NULL, 0},
    {"Germany", "GPE", NULL, 0},
    {"5G mobile network equipment", "TECH", NULL, 0},
    {"5G", "TECH", NULL, 0},
    {"Zürich", "GPE", NULL, 0},
    {"Huawei’s", "ORG", NULL, 0},
};
#define FIXTURE_NPHRASES (sizeof FIXTURE_PHRASES / sizeof FIXTURE_PHRASES[0])

/* Every phrase, separated by a token that is in no phrase, and a few extras: a NUL
 * token, a 0x1F token (the separator of exact texts), the phrases' other spellings. */
static const char FIXTURE_DOC[] =
    "Huawei ; Huawei Technologies ; Huawei Technologies Co. ; Deutsche Telekom ; BSI ; "
    "US ; United States ; European Commission ; Germany ; 5G mobile network equipment ; "
    "5G ; Zürich ; Huawei’s ; bsi ; us ; zurich ; Huawei's ; \x1F ; BSI\x1F" "US ; "
    "a \0 b ; BSI";

/* The tokenizer every fixture image is built and opened with. */
static inline int fixture_tokenizer(glean_tokenizer *tk, glean_error *err)
{
    glean_tokenizer_options opt = {1, 1, 0};
    return glean_tokenizer_init(tk, &opt, err);
}

/* Compiles the fixture phrases (key: norm) with tk. */
static inline int fixture_compile(glean_tokenizer *tk, glean_gazetteer **out, glean_error *err)
{
    glean_gaz_builder *b = NULL;
    int rc = glean_gaz_builder_new(&b, tk, GLEAN_GAZ_KEY_NORM, err);
    for (size_t k = 0; rc == GLEAN_OK && k < FIXTURE_NPHRASES; k++) {
        const fixture_phrase *p = &FIXTURE_PHRASES[k];
        const char *source = k % 2 ? "odd" : "even";
        int added;
        rc = glean_gaz_builder_add(b, p->text, strlen(p->text), p->label, strlen(p->label),
                                   p->id, p->id ? strlen(p->id) : 0, source, strlen(source),
                                   p->exact, &added, err);
    }
    if (rc == GLEAN_OK)
        rc = glean_gaz_compile(b, out, err);
    glean_gaz_builder_free(b);
    return rc;
}

#endif
