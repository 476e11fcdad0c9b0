/* test_gazetteer.c — compiled gazetteers with crafted contents and a valid checksum.
 *
 * The Lua specs (spec/gazetteer_file_spec.lua) cover files that fail the header checks
 * or the checksum. What a checksum cannot catch is a file crafted to pass it: here every
 * 32-bit word and a sample of pool bytes of a small image is overwritten with hostile
 * values (0, 1, ±1, node/entry/vocabulary counts, the EXACT bit, 2^32-1, ...), the
 * checksum recomputed, and the image bound and matched. Each call must return GLEAN_OK
 * with in-range results or GLEAN_GAZ_EBADFILE — never read outside the image. The image
 * is a malloc'd block of exactly its size, so AddressSanitizer sees any such read; a
 * sample also goes through a file and glean_gaz_open. Ends with "N passed, N failed". */
#define _DEFAULT_SOURCE /* getpid under -std=c11 */
#include "glean_doc.h"
#include "glean_gazetteer_image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "gaz_fixture.h"

typedef struct fixture {
    glean_tokenizer tk;
    glean_doc doc;
    glean_gazetteer *g;     /* the good image */
} fixture;

static int setup(fixture *f)
{
    glean_error err;
    if (fixture_tokenizer(&f->tk, &err) != GLEAN_OK)
        return fprintf(stderr, "tokenizer: %s\n", err.message), 0;
    glean_doc_init(&f->doc);
    if (glean_parse(&f->tk, FIXTURE_DOC, sizeof FIXTURE_DOC - 1, &f->doc, &err) != GLEAN_OK)
        return fprintf(stderr, "parse: %s\n", err.message), 0;
    if (fixture_compile(&f->tk, &f->g, &err) != GLEAN_OK)
        return fprintf(stderr, "compile: %s\n", err.message), 0;
    return 1;
}

/* A gazetteer over a malloc'd copy of bytes (exactly size bytes), bound like a file's;
 * NULL when the header is refused (*rc says how). */
static glean_gazetteer *from_bytes(const unsigned char *bytes, size_t size, int *rc)
{
    glean_error err;
    glean_gazetteer *g = calloc(1, sizeof *g);
    unsigned char *base = malloc(size);
    if (!g || !base) {
        free(g);
        free(base);
        *rc = GLEAN_ENOMEM;
        return NULL;
    }
    memcpy(base, bytes, size);
    g->base = base;
    g->size = size;
    g->mapped = 0;
    g->refs = 1;
    memcpy(&g->h, base, sizeof g->h);
    *rc = glean_gaz_bind(g, &err);
    if (*rc != GLEAN_OK) {
        glean_gaz_free(g);
        return NULL;
    }
    return g;
}

/* Matches and reads back everything the matches point to; the results must be in range
 * or the calls must say the image is bad. Returns the number of matches, or -1 for
 * GLEAN_GAZ_EBADFILE from the matcher. */
static long exercise(const fixture *f, const glean_gazetteer *g, const char *what)
{
    glean_gaz_cursor c;
    glean_error err;
    long total = 0;
    glean_gaz_cursor_init(&c);
    uint32_t some_labels[2] = {0, 1};
    for (int pass = 0; pass < 4; pass++) {
        int all = pass & 1;
        const uint32_t *labels = pass & 2 ? some_labels : NULL;
        int rc = glean_gaz_find(&c, g, &f->tk, &f->doc, all, labels, labels ? 2 : 0, &err);
        if (rc == GLEAN_GAZ_EBADFILE) {
            total = -1;
            continue;
        }
        CHECK(rc == GLEAN_OK, "%s: find returned %d (%s)", what, rc, err.message);
        if (rc != GLEAN_OK)
            break;
        glean_gaz_prefetch_entries(g, &c);
        size_t prev_last = 0;
        for (size_t i = 0; i < c.nmatches; i++) {
            const glean_gaz_match *m = &c.matches[i];
            int ok = m->first <= m->last && m->last < f->doc.ntoks &&
                     m->last - m->first < GLEAN_GAZ_MAX_PHRASE_TOKENS &&
                     m->entry < g->h.nentries && (all || i == 0 || m->first > prev_last);
            if (!ok) {
                CHECK(ok, "%s: match %zu out of range (%u-%u entry %u)", what, i, m->first,
                      m->last, m->entry);
                break;
            }
            prev_last = m->last;
            glean_gaz_entry_info e;
            if (glean_gaz_entry(g, m->entry, &e) == GLEAN_OK) /* strings must be readable */
                total += (long)(strlen(e.label) + strlen(e.source) + strlen(e.phrase) +
                                (e.id ? strlen(e.id) : 0)) > 0;
        }
        if (total >= 0)
            total += (long)c.nmatches;
    }
    for (size_t k = 0; k < g->h.nentries; k++) {
        glean_gaz_entry_info e;
        int rc = glean_gaz_entry(g, k, &e);
        CHECK(rc == GLEAN_OK || rc == GLEAN_GAZ_EBADFILE, "%s: entry %zu gave %d", what, k, rc);
        if (rc == GLEAN_OK)
            CHECK(strlen(e.label) + strlen(e.source) + strlen(e.phrase) < g->size, "%s", what);
    }
    CHECK(glean_gaz_label_index(g, "ORG", 3) >= -1, "%s", what);
    glean_gaz_cursor_free(&c);
    return total;
}

static void set_u32(unsigned char *img, size_t at, uint32_t v) { memcpy(img + at, &v, 4); }
static uint32_t get_u32(const unsigned char *img, size_t at)
{
    uint32_t v;
    memcpy(&v, img + at, 4);
    return v;
}

/* Recomputes the checksum of a mutated image, as a forger would. */
static void reseal(unsigned char *img, size_t size)
{
    uint64_t sum = glean_gaz_checksum(img, size);
    memcpy(img + offsetof(glean_gaz_header, checksum), &sum, sizeof sum);
}

static int section_of(const glean_gaz_header *h, size_t at)
{
    for (int s = 0; s < GAZ_S_COUNT; s++)
        if (at >= h->sections[s].offset && at < h->sections[s].offset + h->sections[s].size)
            return s;
    return -1;
}

static void test_good(const fixture *f)
{
    const glean_gazetteer *g = f->g;
    glean_gaz_cursor c;
    glean_error err;
    glean_gaz_cursor_init(&c);
    CHECK(glean_gaz_count(g) == FIXTURE_NPHRASES, "%zu entries", glean_gaz_count(g));
    CHECK(glean_gaz_find(&c, g, &f->tk, &f->doc, 0, NULL, 0, &err) == GLEAN_OK, "find");
    /* 13 phrases (Huawei Technologies/COMPANY shares ORG's span); the folded spellings
     * bsi and us are not exact matches, zurich and Huawei's are; BSI and US around the
     * 0x1F token (not joined by it into one exact text); the last BSI */
    const char *want = "Huawei|Huawei Technologies|Huawei Technologies Co.|Deutsche Telekom|"
                       "BSI|US|United States|European Commission|Germany|"
                       "5G mobile network equipment|5G|Zürich|Huawei’s|zurich|Huawei's|BSI|US|"
                       "BSI|";
    char got[512];
    size_t used = 0;
    for (size_t i = 0; i < c.nmatches && used < sizeof got; i++) {
        const glean_token *a = &f->doc.toks[c.matches[i].first];
        const glean_token *z = &f->doc.toks[c.matches[i].last];
        int n = snprintf(got + used, sizeof got - used, "%.*s|", (int)(z->end - a->start),
                         FIXTURE_DOC + a->start);
        used += n > 0 ? (size_t)n : 0;
    }
    got[used < sizeof got ? used : sizeof got - 1] = '\0';
    CHECK(strcmp(got, want) == 0, "matched %s", got);
    /* every entry of the ORG/COMPANY phrase with all=1, the first added by default */
    CHECK(glean_gaz_find(&c, g, &f->tk, &f->doc, 1, NULL, 0, &err) == GLEAN_OK, "find all");
    size_t both = 0;
    for (size_t i = 0; i < c.nmatches; i++)
        both += c.matches[i].first == 2 && c.matches[i].last == 3;
    CHECK(both == 2, "%zu entries for Huawei Technologies", both);
    /* capitalised: the default matches less the one starting lower case (zurich); here
     * no lower-case start hides a capitalised match (spec/gazetteer_spec.lua has that) */
    CHECK(glean_gaz_find(&c, g, &f->tk, &f->doc, GLEAN_GAZ_CAPITALISED, NULL, 0, &err) ==
              GLEAN_OK, "find capitalised");
    used = 0;
    for (size_t i = 0; i < c.nmatches && used < sizeof got; i++) {
        const glean_token *a = &f->doc.toks[c.matches[i].first];
        const glean_token *z = &f->doc.toks[c.matches[i].last];
        CHECK(f->tk.lex.flags[a->type] & GLEAN_STARTS_UPPER, "match %zu starts lower case", i);
        int n = snprintf(got + used, sizeof got - used, "%.*s|", (int)(z->end - a->start),
                         FIXTURE_DOC + a->start);
        used += n > 0 ? (size_t)n : 0;
    }
    got[used < sizeof got ? used : sizeof got - 1] = '\0';
    CHECK(strcmp(got, "Huawei|Huawei Technologies|Huawei Technologies Co.|Deutsche Telekom|"
                      "BSI|US|United States|European Commission|Germany|"
                      "5G mobile network equipment|5G|Zürich|Huawei’s|Huawei's|BSI|US|"
                      "BSI|") == 0,
          "capitalised matched %s", got);
    long good = exercise(f, g, "good image");
    CHECK(good > 0, "good image: %ld", good);
    glean_gaz_cursor_free(&c);
}

/* Every word after the header, overwritten with each hostile value. */
static void test_words(const fixture *f)
{
    const glean_gazetteer *g = f->g;
    const glean_gaz_header *h = &g->h;
    const uint32_t values[] = {0, 1, 2, 3, h->nnodes - 1, h->nnodes, h->nnodes + 1,
                               h->nentries, h->nentries + 1, h->nvocab, h->nedges,
                               h->nroot, (uint32_t)g->pool_size - 1, (uint32_t)g->pool_size,
                               GLEAN_GAZ_EXACT, GLEAN_GAZ_EXACT | 1, 0x7FFFFFFFu,
                               0xFFFFFFFEu, UINT32_MAX};
    const size_t nvalues = sizeof values / sizeof values[0];
    unsigned char *img = malloc(g->size);
    size_t variants = 0, refused = 0, bad_walks = 0, nodes_refused = 0, nodes_entry_lies = 0;
    if (!img)
        return;
    for (size_t at = sizeof *h; at + 4 <= g->size; at += 4) {
        int s = section_of(h, at);
        uint32_t orig = get_u32(g->base, at);
        for (size_t v = 0; v < nvalues + 2; v++) {
            uint32_t val = v < nvalues ? values[v] : v == nvalues ? orig + 1 : orig - 1;
            if (val == orig)
                continue;
            memcpy(img, g->base, g->size);
            set_u32(img, at, val);
            reseal(img, g->size);
            char what[96];
            snprintf(what, sizeof what, "word at %zu (section %d) = %u", at, s, val);
            int rc;
            glean_gazetteer *bad = from_bytes(img, g->size, &rc);
            variants++;
            if (!bad) {
                /* only the pool's last byte is checked at bind time */
                CHECK(rc == GLEAN_GAZ_EBADFILE && s == GAZ_S_POOL, "%s: bind gave %d", what, rc);
                refused++;
                continue;
            }
            long n = exercise(f, bad, what);
            bad_walks += n < 0;
            /* Every node but the root is on the walk of some phrase of FIXTURE_DOC, and each
             * walk reads its node's entry range: a range past the entries is caught. */
            if (s == GAZ_S_NODES) {
                size_t off = at - h->sections[GAZ_S_NODES].offset;
                size_t node = off / sizeof(glean_gaz_node);
                int entry_field = off % sizeof(glean_gaz_node) == offsetof(glean_gaz_node, entry);
                if (entry_field && node >= 2 && (val & ~GLEAN_GAZ_EXACT) > h->nentries) {
                    nodes_entry_lies++;
                    nodes_refused += n < 0;
                    CHECK(n < 0, "%s: an entry range past the entries was not refused", what);
                }
            }
            /* A root child past the nodes is refused: FIXTURE_DOC has every vocabulary token. */
            if (s == GAZ_S_ROOT && val >= h->nnodes)
                CHECK(n < 0, "%s: a root child past the nodes was not refused", what);
            glean_gaz_free(bad);
        }
    }
    printf("  %zu word variants: %zu refused at bind, %zu walks refused; %zu/%zu lying entry "
           "ranges refused\n", variants, refused, bad_walks, nodes_refused, nodes_entry_lies);
    CHECK(variants > 1000, "%zu", variants);
    CHECK(nodes_entry_lies > 0, "the node test ran");
    free(img);
}

/* Pool bytes: keys, labels, ids and exact texts rewritten to NUL, 0x1F, a letter. */
static void test_pool(const fixture *f)
{
    const glean_gazetteer *g = f->g;
    const glean_gaz_section *pool = &g->h.sections[GAZ_S_POOL];
    const unsigned char values[] = {0, 0x1F, 'x', 0xFF};
    unsigned char *img = malloc(g->size);
    size_t variants = 0;
    if (!img)
        return;
    for (size_t at = pool->offset; at < pool->offset + pool->size; at++) {
        for (size_t v = 0; v < sizeof values; v++) {
            if (g->base[at] == values[v])
                continue;
            memcpy(img, g->base, g->size);
            img[at] = values[v];
            reseal(img, g->size);
            char what[64];
            snprintf(what, sizeof what, "pool byte %zu = 0x%02X", at, values[v]);
            int rc;
            glean_gazetteer *bad = from_bytes(img, g->size, &rc);
            variants++;
            if (!bad) {
                CHECK(rc == GLEAN_GAZ_EBADFILE && at == pool->offset + pool->size - 1,
                      "%s: bind gave %d", what, rc);
                continue;
            }
            exercise(f, bad, what);
            glean_gaz_free(bad);
        }
    }
    CHECK(variants > 200, "%zu pool variants", variants);
    free(img);
}

/* Header counts changed with a valid checksum: the size checks must refuse them. */
static void test_header_counts(const fixture *f)
{
    const glean_gazetteer *g = f->g;
    const size_t first = offsetof(glean_gaz_header, nvocab);
    const size_t last = offsetof(glean_gaz_header, sections);
    unsigned char *img = malloc(g->size);
    if (!img)
        return;
    for (size_t at = first; at < last; at += 4) {
        uint32_t orig = get_u32(g->base, at);
        const uint32_t values[] = {0, 1, orig + 1, orig - 1, orig * 2, UINT32_MAX};
        for (size_t v = 0; v < sizeof values / sizeof values[0]; v++) {
            if (values[v] == orig)
                continue;
            memcpy(img, g->base, g->size);
            set_u32(img, at, values[v]);
            reseal(img, g->size);
            int rc;
            glean_gazetteer *bad = from_bytes(img, g->size, &rc);
            /* nslots doubled with as many slots... cannot be: every count sizes a
             * section, so each lie is a size mismatch */
            CHECK(!bad && rc == GLEAN_GAZ_EBADFILE, "header word at %zu = %u was accepted", at,
                  values[v]);
            if (bad) {
                exercise(f, bad, "header lie");
                glean_gaz_free(bad);
            }
        }
    }
    free(img);
}

/* Every vocabulary slot leads to a key at the pool's last byte (the empty string), and
 * the image ends right after the pool: looking up the doc's NUL token must not read the
 * byte after that empty key (strncmp stops at the key's NUL and says equal). */
static void test_nul_key(const fixture *f)
{
    const glean_gazetteer *g = f->g;
    const glean_gaz_header *h = &g->h;
    const glean_gaz_section *pool = &h->sections[GAZ_S_POOL];
    /* The compiler writes the pool first; a copy of it at the very end of the file
     * (sections may come in any order) puts its last byte at the file's last byte. */
    size_t size = g->size + (size_t)pool->size;
    unsigned char *img = malloc(size);
    if (!img)
        return;
    memcpy(img, g->base, g->size);
    memcpy(img + g->size, g->base + pool->offset, (size_t)pool->size);
    uint64_t fs = size, po = g->size;
    memcpy(img + offsetof(glean_gaz_header, file_size), &fs, sizeof fs);
    memcpy(img + offsetof(glean_gaz_header, sections) + GAZ_S_POOL * sizeof(glean_gaz_section),
           &po, sizeof po);
    for (uint32_t s = 0; s < h->nslots; s++)
        set_u32(img, (size_t)h->sections[GAZ_S_VOCAB_SLOTS].offset + 4 * s, 1);
    for (uint32_t t = 0; t < h->nvocab; t++)
        set_u32(img, (size_t)h->sections[GAZ_S_VOCAB_KEYS].offset + 4 * t,
                (uint32_t)pool->size - 1);
    reseal(img, size);
    int rc;
    glean_gazetteer *bad = from_bytes(img, size, &rc);
    CHECK(bad != NULL, "bind gave %d", rc);
    if (bad) {
        CHECK(exercise(f, bad, "empty keys") == 0, "nothing matches an empty key");
        glean_gaz_free(bad);
    }
    free(img);
}

/* The gazetteer token id of a key, by a scan of the vocabulary (GLEAN_GAZ_NONE: none). */
static uint32_t token_id(const glean_gazetteer *g, const char *key)
{
    for (uint32_t t = 0; t < g->h.nvocab; t++) {
        const char *s = glean_gaz_str(g, g->vocab_keys[t]);
        if (s && strcmp(s, key) == 0)
            return t;
    }
    return GLEAN_GAZ_NONE;
}

/* A cycle: the node of "Huawei Technologies" given one edge, along "technologies", that
 * leads back to itself (with a valid checksum). A document of "Huawei" and 1,000 times
 * "Technologies" must not walk forever nor fail: every walk stops after the longest
 * phrase a gazetteer can hold, so the match is 64 tokens, then the rest of the
 * document is matched in time linear in its length. */
static void test_cycle(fixture *f)
{
    const glean_gazetteer *g = f->g;
    const glean_gaz_header *h = &g->h;
    uint32_t huawei = token_id(g, "huawei"), tech = token_id(g, "technologies");
    CHECK(huawei != GLEAN_GAZ_NONE && tech != GLEAN_GAZ_NONE, "tokens %u %u", huawei, tech);
    if (huawei == GLEAN_GAZ_NONE || tech == GLEAN_GAZ_NONE)
        return;
    uint32_t a = g->root[huawei], e = g->nodes[a].edge;
    while (e < g->nodes[a + 1].edge && g->edge_token[e] != tech)
        e++;
    CHECK(e < g->nodes[a + 1].edge, "an edge huawei -> technologies");
    if (e >= g->nodes[a + 1].edge)
        return;
    uint32_t b = e + 1 + h->nroot; /* the node of "huawei technologies" */
    unsigned char *img = malloc(g->size);
    glean_doc doc;
    glean_doc_init(&doc);
    size_t len = 0, cap = 16 + 1000 * 13;
    char *text = malloc(cap);
    if (!img || !text) {
        free(img);
        free(text);
        return;
    }
    len += (size_t)snprintf(text, cap, "Huawei");
    for (int k = 0; k < 1000; k++)
        len += (size_t)snprintf(text + len, cap - len, " Technologies");
    memcpy(img, g->base, g->size);
    size_t nodes_at = h->sections[GAZ_S_NODES].offset;
    set_u32(img, nodes_at + b * sizeof(glean_gaz_node) + offsetof(glean_gaz_node, edge), e);
    set_u32(img, nodes_at + (b + 1) * sizeof(glean_gaz_node) + offsetof(glean_gaz_node, edge),
            e + 1);
    reseal(img, g->size);
    int rc;
    glean_gazetteer *bad = from_bytes(img, g->size, &rc);
    glean_error err;
    CHECK(bad != NULL, "the image with a cycle binds (%d)", rc);
    CHECK(glean_parse(&f->tk, text, len, &doc, &err) == GLEAN_OK && doc.ntoks == 1001,
          "parse: %zu tokens", doc.ntoks);
    if (bad && doc.ntoks == 1001) {
        glean_gaz_cursor c;
        glean_gaz_cursor_init(&c);
        rc = glean_gaz_find(&c, bad, &f->tk, &doc, 0, NULL, 0, &err);
        CHECK(rc == GLEAN_OK, "find on the cycle: %d", rc);
        /* leftmost-longest: one match of the longest walk, the rest are no phrase */
        CHECK(rc == GLEAN_OK && c.nmatches == 1 && c.matches[0].first == 0 &&
                  c.matches[0].last == GLEAN_GAZ_MAX_PHRASE_TOKENS - 1,
              "%zu matches, the first %u-%u", c.nmatches, c.nmatches ? c.matches[0].first : 0,
              c.nmatches ? c.matches[0].last : 0);
        /* all: both entries of the phrase at every depth of the walk from "Huawei" (1 to
         * 63 more tokens), and "Huawei" alone */
        rc = glean_gaz_find(&c, bad, &f->tk, &doc, 1, NULL, 0, &err);
        CHECK(rc == GLEAN_OK && c.nmatches == 1 + 2 * (GLEAN_GAZ_MAX_PHRASE_TOKENS - 1),
              "all: %zu matches", c.nmatches);
        glean_gaz_cursor_free(&c);
    }
    glean_gaz_free(bad);
    glean_doc_free(&doc);
    free(text);
    free(img);
}

/* A sample of crafted images through the file path: save, glean_gaz_open, match. */
static void test_files(const fixture *f)
{
    const glean_gazetteer *g = f->g;
    char path[64];
    glean_error err;
    snprintf(path, sizeof path, "/tmp/glean_test_gazetteer_%ld.glz", (long)getpid());
    unsigned char *img = malloc(g->size);
    size_t opened = 0, refused = 0;
    if (!img)
        return;
    CHECK(glean_gaz_save(g, path, &err) == GLEAN_OK, "save: %s", err.message);
    glean_gazetteer *back = NULL;
    CHECK(glean_gaz_open(&back, path, &f->tk, &err) == GLEAN_OK, "open: %s", err.message);
    if (back) {
        CHECK(back->size == g->size && memcmp(back->base, g->base, g->size) == 0, "round trip");
        glean_gaz_free(back);
    }
    for (size_t at = sizeof(glean_gaz_header); at + 4 <= g->size; at += 4 * 3) {
        const uint32_t values[] = {0, g->h.nnodes, UINT32_MAX};
        for (size_t v = 0; v < 3; v++) {
            memcpy(img, g->base, g->size);
            set_u32(img, at, values[v]);
            reseal(img, g->size);
            FILE *out = fopen(path, "wb");
            if (!out || fwrite(img, 1, g->size, out) != g->size) {
                CHECK(0, "write %s", path);
                if (out)
                    fclose(out);
                break;
            }
            fclose(out);
            glean_gazetteer *x = NULL;
            int rc = glean_gaz_open(&x, path, &f->tk, &err);
            CHECK(rc == GLEAN_OK || rc == GLEAN_GAZ_EBADFILE, "open gave %d: %s", rc,
                  err.message);
            if (rc == GLEAN_OK) {
                opened++;
                exercise(f, x, "file");
                glean_gaz_free(x);
            } else {
                refused++;
                CHECK(strstr(err.message, "corrupt gazetteer") != NULL, "%s", err.message);
            }
        }
    }
    printf("  crafted files: %zu opened (valid checksum), %zu refused\n", opened, refused);
    CHECK(opened > 0, "crafted files with a valid checksum open");
    remove(path);
    free(img);
}

int main(void)
{
    fixture f;
    memset(&f, 0, sizeof f);
    if (!setup(&f)) {
        printf("0 passed, 1 failed\n");
        return 1;
    }
    test_good(&f);
    test_words(&f);
    test_pool(&f);
    test_header_counts(&f);
    test_nul_key(&f);
    test_cycle(&f);
    test_files(&f);
    glean_gaz_free(f.g);
    glean_doc_free(&f.doc);
    glean_tokenizer_free(&f.tk);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
