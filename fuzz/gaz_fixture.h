/* gaz_fixture.h — the small gazetteer and document shared by the gazetteer_open target
 * and gaz_seed (which writes the valid image that seeds that target's corpus). */
#ifndef GLEAN_FUZZ_GAZ_FIXTURE_H
#define GLEAN_FUZZ_GAZ_FIXTURE_H

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
    {"Germany", "GPE", NULL, 0},
    {"5G mobile network equipment", "TECH", NULL, 0},
    {"5G", "TECH", NULL, 0},
    {"Zürich", "GPE", NULL, 0},
    {"Huawei’s", "ORG", NULL, 0},
};

/* Every phrase, other spellings, a NUL token and a 0x1F token (the separator of the
 * exact texts in the image). */
static const char FIXTURE_DOC[] =
    "Huawei ; Huawei Technologies Co. ; Deutsche Telekom ; BSI ; US ; United States ; "
    "Germany ; 5G mobile network equipment ; 5G ; Zürich ; Huawei’s ; bsi ; us ; zurich ; "
    "Huawei's ; \x1F ; BSI\x1F" "US ; a \0 b ; Huawei Technologies";

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
    for (size_t k = 0; rc == GLEAN_OK && k < sizeof FIXTURE_PHRASES / sizeof *FIXTURE_PHRASES;
         k++) {
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
