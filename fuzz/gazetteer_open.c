/* gazetteer_open.c — libFuzzer target: opening a compiled gazetteer and matching with it.
 *
 * Byte 0 is a control byte, the rest is the file. Bit 0: recompute the checksum after
 * mutation; bit 1: write this build's tokenizer settings and Unicode version into the
 * header. Without them nearly every mutation stops at the checksum, and the bounds
 * checks behind it would never be reached; with them the fuzzer plays a hostile author
 * who builds a file that passes every header check. Bit 2: match with GLEAN_GAZ_ALL;
 * bit 3: filter on the labels "ORG" and "GPE"; bit 4: GLEAN_GAZ_CAPITALISED.
 *
 * The file goes through glean_gaz_open (a real file, mmap'd); when that succeeds, the
 * same bytes are also bound from a malloc'd block of exactly their size (as the C test
 * does), and matching runs there, so AddressSanitizer sees any read past the image.
 * Oracles: open and match return GLEAN_OK or a documented error, never crash; matches
 * are inside the document, in order, non-overlapping unless all=1, no longer than the
 * phrase limit, start at a capital when asked, and name existing entries; an unmodified
 * image gives the matches of the gazetteer it was compiled from. */
#include "fuzz_common.h"
#include "gaz_fixture.h"
#include "glean_gazetteer_image.h"

static glean_tokenizer tk;
static glean_doc doc;
static glean_gazetteer *reference; /* compiled in memory from the fixture */
static uint32_t labels[2];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    glean_error err;
    FUZZ_CHECK(fixture_tokenizer(&tk, &err) == GLEAN_OK, "%s", err.message);
    glean_doc_init(&doc);
    FUZZ_CHECK(glean_parse(&tk, FIXTURE_DOC, sizeof FIXTURE_DOC - 1, &doc, &err) == GLEAN_OK,
               "%s", err.message);
    FUZZ_CHECK(fixture_compile(&tk, &reference, &err) == GLEAN_OK, "%s", err.message);
    labels[0] = (uint32_t)glean_gaz_label_index(reference, "ORG", 3);
    labels[1] = (uint32_t)glean_gaz_label_index(reference, "GPE", 3);
    return 0;
}

/* Matches g against the fixture doc and checks the result; returns the matches (a
 * copy the caller frees) through *out, or NULL when the matcher said the image is bad. */
static size_t match(const glean_gazetteer *g, int mode, int filter, glean_gaz_match **out)
{
    int all = mode & GLEAN_GAZ_ALL;
    glean_gaz_cursor c;
    glean_error err;
    glean_gaz_cursor_init(&c);
    *out = NULL;
    int rc = glean_gaz_find(&c, g, &tk, &doc, mode, filter ? labels : NULL, filter ? 2 : 0, &err);
    if (rc != GLEAN_OK) {
        FUZZ_CHECK(rc == GLEAN_GAZ_EBADFILE, "find: rc %d: %s", rc, err.message);
        glean_gaz_cursor_free(&c);
        return 0;
    }
    size_t prev_end = 0;
    for (size_t i = 0; i < c.nmatches; i++) {
        const glean_gaz_match *m = &c.matches[i];
        FUZZ_CHECK(m->first <= m->last && m->last < doc.ntoks, "match %zu: tokens %u..%u of "
                   "%zu", i, m->first, m->last, doc.ntoks);
        FUZZ_CHECK(m->last - m->first < GLEAN_GAZ_MAX_PHRASE_TOKENS, "match %zu: %u tokens", i,
                   m->last - m->first + 1);
        FUZZ_CHECK(m->entry < glean_gaz_count(g), "match %zu: entry %u of %zu", i, m->entry,
                   glean_gaz_count(g));
        FUZZ_CHECK(!(mode & GLEAN_GAZ_CAPITALISED) ||
                   (tk.lex.flags[doc.toks[m->first].type] & GLEAN_STARTS_UPPER),
                   "match %zu starts without a capital", i);
        if (!all) {
            FUZZ_CHECK(i == 0 || m->first >= prev_end, "match %zu overlaps the one before", i);
            prev_end = m->last + 1;
        } else {
            FUZZ_CHECK(i == 0 || m->first >= c.matches[i - 1].first, "match %zu out of order",
                       i);
        }
        glean_gaz_entry_info e;
        int erc = glean_gaz_entry(g, m->entry, &e);
        FUZZ_CHECK(erc == GLEAN_OK || erc == GLEAN_GAZ_EBADFILE, "entry %u: rc %d", m->entry,
                   erc);
        if (erc == GLEAN_OK) /* the strings must be readable to their NUL */
            FUZZ_CHECK(strlen(e.label) + strlen(e.source) + strlen(e.phrase) +
                       (e.id ? strlen(e.id) : 0) < glean_gaz_bytes(g),
                       "entry %u: strings longer than the image", m->entry);
    }
    size_t n = c.nmatches;
    if (n) {
        *out = malloc(n * sizeof **out);
        FUZZ_CHECK(*out != NULL, "out of memory");
        memcpy(*out, c.matches, n * sizeof **out);
    }
    /* A second run reuses the cursor's type map: the same result. */
    rc = glean_gaz_find(&c, g, &tk, &doc, mode, filter ? labels : NULL, filter ? 2 : 0, &err);
    FUZZ_CHECK(rc == GLEAN_OK && c.nmatches == n &&
               (n == 0 || memcmp(c.matches, *out, n * sizeof **out) == 0),
               "a second match with the same cursor differs");
    glean_gaz_cursor_free(&c);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned ctl = data[0];
    size_t len = size - 1;
    unsigned char *image = malloc(len ? len : 1);
    FUZZ_CHECK(image != NULL, "out of memory");
    memcpy(image, data + 1, len);
    int unmodified = len == reference->size && memcmp(image, reference->base, len) == 0;
    if (len >= sizeof(glean_gaz_header) && (ctl & 3)) {
        glean_gaz_header h;
        memcpy(&h, image, sizeof h);
        if (ctl & 2) {
            h.tokenizer_flags = glean_gaz_tokenizer_flags(&tk);
            h.tokenizer_config = tk.config_hash;
            memset(h.unicode_version, 0, sizeof h.unicode_version);
            strncpy(h.unicode_version, glean_unicode_version(), sizeof h.unicode_version - 1);
        }
        memcpy(image, &h, sizeof h);
        if (ctl & 1) {
            h.checksum = glean_gaz_checksum(image, len);
            memcpy(image, &h, sizeof h);
        }
    }
    const char *path = fuzz_temp_path("gaz");
    fuzz_write_file(path, image, len);
    glean_gazetteer *g = NULL;
    glean_error err;
    int rc = glean_gaz_open(&g, path, &tk, &err);
    if (rc != GLEAN_OK) {
        FUZZ_CHECK(rc == GLEAN_GAZ_EBADFILE || rc == GLEAN_GAZ_ENLP, "open: rc %d: %s", rc,
                   err.message);
        FUZZ_CHECK(strncmp(err.message, path, strlen(path)) == 0, "message without the path: "
                   "%s", err.message);
        FUZZ_CHECK(!unmodified, "the reference image was refused: %s", err.message);
        free(image);
        return 0;
    }
    FUZZ_CHECK(glean_gaz_bytes(g) == len, "size %zu of %zu", glean_gaz_bytes(g), len);
    glean_gaz_free(g);
    /* The same bytes, bound from an exact-size block. */
    g = calloc(1, sizeof *g);
    FUZZ_CHECK(g != NULL, "out of memory");
    g->base = image;
    g->size = len;
    g->refs = 1;
    memcpy(&g->h, image, sizeof g->h);
    FUZZ_CHECK(glean_gaz_bind(g, &err) == GLEAN_OK, "opened, but does not bind: %s",
               err.message);
    int mode = ((ctl >> 2) & 1 ? GLEAN_GAZ_ALL : 0) |
               ((ctl >> 4) & 1 ? GLEAN_GAZ_CAPITALISED : 0);
    int filter = (ctl >> 3) & 1;
    glean_gaz_match *got;
    size_t n = match(g, mode, filter, &got);
    (void)glean_gaz_label_index(g, "ORG", 3);
    if (unmodified) {
        glean_gaz_match *want;
        size_t nwant = match(reference, mode, filter, &want);
        FUZZ_CHECK(n == nwant && (n == 0 || memcmp(got, want, n * sizeof *got) == 0),
                   "the reference image opened from a file matches differently");
        free(want);
    }
    free(got);
    glean_gaz_free(g); /* frees image */
    return 0;
}
