/* gazetteer_tsv.c — libFuzzer target: loading a TSV phrase list, compiling, matching,
 * saving and re-opening it.
 *
 * Byte 0 is a control byte (bit 0: give a default label; bits 1-2: the key, norm, lower
 * or text), the rest is the file, read by the streaming reader from a real file. Each
 * input gets a fresh tokenizer (English, replacing invalid bytes so that the same bytes
 * can also be parsed as the document to match). Oracles:
 *  - the load returns GLEAN_OK with as many entries as the builder holds, or a
 *    documented error whose message starts with "path:line: ";
 *  - whatever was loaded compiles, and matching the input text gives in-range,
 *    ordered, non-overlapping matches whose entries read back;
 *  - the compiled image saved to a file and opened again gives the same matches;
 *  - adding more after compiling (the builder has handed its entries to the image) and
 *    compiling again gives the entries and matches of one compile of it all. */
#include "fuzz_common.h"
#include "glean_gazetteer.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static size_t find(glean_gaz_cursor *c, const glean_gazetteer *g, const glean_tokenizer *tk,
                   const glean_doc *doc)
{
    glean_error err;
    int rc = glean_gaz_find(c, g, tk, doc, 0, NULL, 0, &err);
    FUZZ_CHECK(rc == GLEAN_OK, "find: %s", err.message);
    size_t prev_end = 0;
    for (size_t i = 0; i < c->nmatches; i++) {
        const glean_gaz_match *m = &c->matches[i];
        FUZZ_CHECK(m->first >= prev_end && m->first <= m->last && m->last < doc->ntoks,
                   "match %zu: tokens %u..%u of %zu", i, m->first, m->last, doc->ntoks);
        FUZZ_CHECK(m->entry < glean_gaz_count(g), "match %zu: entry %u", i, m->entry);
        glean_gaz_entry_info e;
        FUZZ_CHECK(glean_gaz_entry(g, m->entry, &e) == GLEAN_OK, "entry %u", m->entry);
        prev_end = m->last + 1;
    }
    return c->nmatches;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned ctl = data[0];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    const char *path = fuzz_temp_path("tsv");
    fuzz_write_file(path, text, len);
    char glz[600];
    snprintf(glz, sizeof glz, "%s.glz", path);

    glean_tokenizer tk;
    glean_tokenizer_options opt = {1, 1, 1};
    glean_error err;
    FUZZ_CHECK(glean_tokenizer_init(&tk, &opt, &err) == GLEAN_OK, "%s", err.message);
    glean_gaz_builder *b = NULL;
    int key = (int)((ctl >> 1) & 3) % 3;
    FUZZ_CHECK(glean_gaz_builder_new(&b, &tk, key, &err) == GLEAN_OK, "%s", err.message);
    size_t count = 99;
    int rc = glean_gaz_builder_load_tsv(b, path, (ctl & 1) ? "THING" : NULL, "fuzz", &count,
                                        &err);
    if (rc == GLEAN_OK) {
        FUZZ_CHECK(count == glean_gaz_builder_count(b), "count %zu, builder holds %zu", count,
                   glean_gaz_builder_count(b));
    } else {
        FUZZ_CHECK(rc == GLEAN_EARG || rc == GLEAN_EUTF8 || rc == GLEAN_ETOOBIG,
                   "load: rc %d: %s", rc, err.message);
        size_t plen = strlen(path);
        FUZZ_CHECK(strncmp(err.message, path, plen) == 0 && err.message[plen] == ':' &&
                   err.offset >= 1, "message is not 'path:line: why': %s", err.message);
    }
    for (size_t k = 0; k < glean_gaz_builder_warning_count(b); k++)
        FUZZ_CHECK(glean_gaz_builder_warning(b, k) != NULL, "warning %zu", k);

    glean_gazetteer *g = NULL;
    FUZZ_CHECK(glean_gaz_compile(b, &g, &err) == GLEAN_OK, "compile: %s", err.message);
    FUZZ_CHECK(glean_gaz_count(g) <= glean_gaz_builder_count(b), "more entries than added");
    glean_doc doc;
    glean_doc_init(&doc);
    FUZZ_CHECK(glean_parse(&tk, text, len, &doc, &err) == GLEAN_OK, "parse: %s", err.message);
    glean_gaz_cursor c1, c2;
    glean_gaz_cursor_init(&c1);
    glean_gaz_cursor_init(&c2);
    size_t n = find(&c1, g, &tk, &doc);

    FUZZ_CHECK(glean_gaz_save(g, glz, &err) == GLEAN_OK, "save: %s", err.message);
    glean_gazetteer *g2 = NULL;
    FUZZ_CHECK(glean_gaz_open(&g2, glz, &tk, &err) == GLEAN_OK, "re-open: %s", err.message);
    FUZZ_CHECK(glean_gaz_count(g2) == glean_gaz_count(g), "re-opened count differs");
    size_t n2 = find(&c2, g2, &tk, &doc);
    FUZZ_CHECK(n == n2 && (n == 0 || memcmp(c1.matches, c2.matches, n * sizeof *c1.matches) == 0),
               "the saved file matches differently (%zu vs %zu)", n, n2);
    unlink(glz);

    /* More phrases, taken from the text (one of them twice), then a second compile. */
    glean_gaz_builder *b2 = NULL;
    FUZZ_CHECK(glean_gaz_builder_new(&b2, &tk, key, &err) == GLEAN_OK, "%s", err.message);
    size_t count2 = 0;
    (void)glean_gaz_builder_load_tsv(b2, path, (ctl & 1) ? "THING" : NULL, "fuzz", &count2,
                                     &err);
    size_t cut = len < 40 ? len : 40, cut2 = len < 5 ? len : 5;
    const char *more[3] = {text, text, text + len - cut2};
    size_t more_len[3] = {cut, cut, cut2};
    for (int k = 0; k < 3; k++) {
        int added;
        glean_gaz_builder *both[2] = {b, b2};
        for (int w = 0; w < 2; w++) {
            int arc = glean_gaz_builder_add(both[w], more[k], more_len[k], "MORE", 4,
                                            k == 2 ? "x" : NULL, k == 2 ? 1 : 0, "fuzz", 4,
                                            k == 2, &added, &err);
            FUZZ_CHECK(arc == GLEAN_OK || arc == GLEAN_EUTF8, "add: %s", err.message);
        }
    }
    glean_gazetteer *g3 = NULL, *g4 = NULL;
    FUZZ_CHECK(glean_gaz_compile(b, &g3, &err) == GLEAN_OK, "recompile: %s", err.message);
    FUZZ_CHECK(glean_gaz_compile(b2, &g4, &err) == GLEAN_OK, "compile: %s", err.message);
    FUZZ_CHECK(glean_gaz_count(g3) == glean_gaz_count(g4), "recompiled count %zu, in one go %zu",
               glean_gaz_count(g3), glean_gaz_count(g4));
    FUZZ_CHECK(glean_gaz_builder_warning_count(b) == glean_gaz_builder_warning_count(b2),
               "warnings differ");
    for (size_t k = 0; k < glean_gaz_count(g3); k++) {
        glean_gaz_entry_info e3, e4;
        FUZZ_CHECK(glean_gaz_entry(g3, k, &e3) == GLEAN_OK &&
                   glean_gaz_entry(g4, k, &e4) == GLEAN_OK, "entry %zu", k);
        FUZZ_CHECK(strcmp(e3.label, e4.label) == 0 && strcmp(e3.phrase, e4.phrase) == 0 &&
                   (e3.id == NULL) == (e4.id == NULL) && (!e3.id || strcmp(e3.id, e4.id) == 0) &&
                   e3.exact == e4.exact, "entry %zu differs after a recompile", k);
    }
    size_t n3 = find(&c1, g3, &tk, &doc), n4 = find(&c2, g4, &tk, &doc);
    FUZZ_CHECK(n3 == n4 &&
               (n3 == 0 || memcmp(c1.matches, c2.matches, n3 * sizeof *c1.matches) == 0),
               "a recompile matches differently (%zu vs %zu)", n3, n4);
    glean_gaz_free(g3);
    glean_gaz_free(g4);
    glean_gaz_builder_free(b2);

    glean_gaz_cursor_free(&c1);
    glean_gaz_cursor_free(&c2);
    glean_gaz_free(g2);
    glean_gaz_free(g);
    glean_doc_free(&doc);
    glean_gaz_builder_free(b);
    glean_tokenizer_free(&tk);
    return 0;
}
