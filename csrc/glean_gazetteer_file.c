/* glean_gazetteer_file.c — saving, mapping and checking compiled gazetteers.
 *
 * Opening trusts nothing: the header's magic, version, sizes and every section's bounds
 * and alignment are checked against the file's real size, the checksum is verified,
 * and the tokenizer settings must match. What a checksum cannot rule out (a crafted
 * file with a valid checksum) is handled by the matcher, which bounds-checks every
 * node, edge, entry and string offset it reads. */
#define _DEFAULT_SOURCE /* mmap, MAP_POPULATE and fstat under -std=c11 */
#include "glean_gazetteer_image.h"
#include "glean_normalize.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

uint32_t glean_gaz_tokenizer_flags(const glean_tokenizer *tk)
{
    return (tk->opt.english ? 1u : 0u) | (tk->opt.split_hyphens ? 2u : 0u);
}

void glean_gaz_free(glean_gazetteer *g)
{
    if (!g || --g->refs > 0)
        return;
    if (g->mapped)
        munmap(g->base, g->size);
    else
        free(g->base);
    free(g);
}

uint64_t glean_gaz_checksum(const unsigned char *base, size_t size)
{
    glean_gaz_header h;
    memcpy(&h, base, sizeof h);
    h.checksum = glean_hash_bulk(base + sizeof h, size - sizeof h);
    return glean_hash(&h, sizeof h);
}

size_t glean_gaz_count(const glean_gazetteer *g) { return g->h.nentries; }
size_t glean_gaz_bytes(const glean_gazetteer *g) { return g->size; }
int glean_gaz_key(const glean_gazetteer *g) { return (int)g->h.key; }

static int bad(glean_error *err, const char *what)
{
    return glean_fail(err, GLEAN_GAZ_EBADFILE, 0, "corrupt gazetteer: %s", what);
}

int glean_gaz_bind(glean_gazetteer *g, glean_error *err)
{
    const glean_gaz_header *h = &g->h;
    static const char *const names[GAZ_S_COUNT] = {"vocab slots", "vocab keys", "root",
        "nodes", "edge tokens", "entries", "labels", "sources", "string pool"};
    if (h->header_size != sizeof *h)
        return bad(err, "header size");
    if (h->file_size != g->size)
        return bad(err, "the header's file size differs from the file's (truncated?)");
    if (h->key > GLEAN_GAZ_KEY_TEXT)
        return bad(err, "unknown key kind");
    if (h->nslots == 0 || (h->nslots & (h->nslots - 1)) || h->nslots < h->nvocab)
        return bad(err, "vocabulary table size");
    if (h->nnodes == 0 || h->nroot >= h->nnodes || h->nedges != h->nnodes - 1 - h->nroot ||
        h->nentries >= GLEAN_GAZ_EXACT)
        return bad(err, "node and edge counts");
    uint64_t want[GAZ_S_COUNT] = {
        (uint64_t)h->nslots * 4, (uint64_t)h->nvocab * 4, (uint64_t)h->nvocab * 4,
        ((uint64_t)h->nnodes + 1) * sizeof(glean_gaz_node), (uint64_t)h->nedges * 4,
        (uint64_t)h->nentries * sizeof(glean_gaz_entry_rec),
        (uint64_t)h->nlabels * 4, (uint64_t)h->nsources * 4, 0};
    for (int s = 0; s < GAZ_S_COUNT; s++) {
        const glean_gaz_section *sec = &h->sections[s];
        char what[80];
        if (sec->offset < sizeof *h || sec->offset % 8 || sec->offset > g->size ||
            sec->size > g->size - sec->offset || (s != GAZ_S_POOL && sec->size != want[s])) {
            snprintf(what, sizeof what, "section '%s' is out of bounds or of the wrong size",
                     names[s]);
            return bad(err, what);
        }
    }
    const glean_gaz_section *pool = &h->sections[GAZ_S_POOL];
    if (pool->size == 0 || g->base[pool->offset + pool->size - 1] != '\0' ||
        pool->size > UINT32_MAX)
        return bad(err, "the string pool does not end with a NUL byte");
#define PTR(s, T) ((const T *)(const void *)(g->base + h->sections[s].offset))
    g->vocab_slots = PTR(GAZ_S_VOCAB_SLOTS, uint32_t);
    g->vocab_keys = PTR(GAZ_S_VOCAB_KEYS, uint32_t);
    g->root = PTR(GAZ_S_ROOT, uint32_t);
    g->nodes = PTR(GAZ_S_NODES, glean_gaz_node);
    g->edge_token = PTR(GAZ_S_EDGE_TOKEN, uint32_t);
    g->entries = PTR(GAZ_S_ENTRIES, glean_gaz_entry_rec);
    g->labels = PTR(GAZ_S_LABELS, uint32_t);
    g->sources = PTR(GAZ_S_SOURCES, uint32_t);
    g->pool = PTR(GAZ_S_POOL, char);
#undef PTR
    g->pool_size = pool->size;
    return GLEAN_OK;
}

int glean_gaz_save(const glean_gazetteer *g, const char *path, glean_error *err)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16);
    if (!tmp)
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    snprintf(tmp, plen + 16, "%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        int e = errno;
        free(tmp);
        return glean_fail(err, GLEAN_GAZ_EIO, 0, "%s: %s", path, strerror(e));
    }
    int ok = fwrite(g->base, 1, g->size, f) == g->size;
    int e = errno;
    ok = (fclose(f) == 0) && ok;
    if (ok && rename(tmp, path) != 0) {
        e = errno;
        ok = 0;
    }
    if (!ok) {
        remove(tmp);
        free(tmp);
        return glean_fail(err, GLEAN_GAZ_EIO, 0, "%s: %s", path, strerror(e));
    }
    free(tmp);
    return GLEAN_OK;
}

int glean_gaz_open(glean_gazetteer **out, const char *path, const glean_tokenizer *tk,
                   glean_error *err)
{
    /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer; it is
     * refused below as not a regular file, and regular files ignore the flag. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return glean_fail(err, GLEAN_GAZ_EIO, 0, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return glean_fail(err, GLEAN_GAZ_EIO, 0, "%s: %s", path, strerror(e));
    }
    if (!S_ISREG(st.st_mode)) { /* not errno: a successful fstat leaves it stale */
        close(fd);
        return glean_fail(err, GLEAN_GAZ_EIO, 0, "%s: not a regular file", path);
    }
    if ((uint64_t)st.st_size < sizeof(glean_gaz_header)) {
        close(fd);
        return glean_fail(err, GLEAN_GAZ_EBADFILE, 0,
                          "%s: not a glean gazetteer (too short for a header)", path);
    }
    glean_gazetteer *g = calloc(1, sizeof *g);
    if (!g) {
        close(fd);
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    }
    g->size = (size_t)st.st_size;
#ifdef MAP_POPULATE
    const int flags = MAP_PRIVATE | MAP_POPULATE; /* fault the pages in at once */
#else
    const int flags = MAP_PRIVATE;
#endif
    void *p = mmap(NULL, g->size, PROT_READ, flags, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        free(g);
        return glean_fail(err, GLEAN_GAZ_EIO, 0, "%s: mmap: %s", path, strerror(errno));
    }
    g->base = p;
    g->mapped = 1;
    g->refs = 1;
    memcpy(&g->h, g->base, sizeof g->h);
    int rc = GLEAN_OK;
    char sum_msg[40];
    if (memcmp(g->h.magic, GLEAN_GAZ_MAGIC, 8) != 0)
        rc = glean_fail(err, GLEAN_GAZ_EBADFILE, 0, "not a glean gazetteer (bad magic)");
    else if (g->h.version != GLEAN_GAZ_VERSION)
        rc = glean_fail(err, GLEAN_GAZ_EBADFILE, 0,
                        "gazetteer format version %u, this glean reads version %u",
                        g->h.version, GLEAN_GAZ_VERSION);
    else if ((rc = glean_gaz_bind(g, err)) == GLEAN_OK &&
             glean_gaz_checksum(g->base, g->size) != g->h.checksum) {
        snprintf(sum_msg, sizeof sum_msg, "checksum mismatch");
        rc = bad(err, sum_msg);
    } else if (rc == GLEAN_OK && (g->h.tokenizer_flags != glean_gaz_tokenizer_flags(tk) ||
                                  g->h.tokenizer_config != tk->config_hash)) {
        rc = glean_fail(err, GLEAN_GAZ_ENLP, 0,
                        "built with a different tokenizer (lang, split_hyphens, special cases "
                        "or abbreviations differ): open it with the nlp it was built with");
    } else if (rc == GLEAN_OK &&
               strncmp(g->h.unicode_version, glean_unicode_version(),
                       sizeof g->h.unicode_version) != 0) {
        rc = glean_fail(err, GLEAN_GAZ_ENLP, 0, "built with Unicode %.16s, this glean has %s",
                        g->h.unicode_version, glean_unicode_version());
    }
    if (rc != GLEAN_OK) {
        /* Prefix the path to whatever went wrong. Through glean_fail (vsnprintf), not
         * two snprintf calls into err->message: GCC's -Wformat-truncation rejects the
         * second one at -O0, which broke the Debug/ASan build. */
        char msg[sizeof err->message];
        memcpy(msg, err->message, sizeof msg);
        glean_fail(err, rc, 0, "%.120s: %s", path, msg);
        glean_gaz_free(g);
        return rc;
    }
    *out = g;
    return GLEAN_OK;
}

int glean_gaz_entry(const glean_gazetteer *g, size_t k, glean_gaz_entry_info *info)
{
    if (k >= g->h.nentries)
        return GLEAN_EARG;
    const glean_gaz_entry_rec *e = &g->entries[k];
    if (e->label >= g->h.nlabels || e->source >= g->h.nsources)
        return GLEAN_GAZ_EBADFILE;
    info->label = glean_gaz_str(g, g->labels[e->label]);
    info->source = glean_gaz_str(g, g->sources[e->source]);
    info->phrase = glean_gaz_str(g, e->phrase);
    info->id = e->id == GLEAN_GAZ_NONE ? NULL : glean_gaz_str(g, e->id);
    info->exact = e->exact != GLEAN_GAZ_NONE;
    if (!info->label || !info->source || !info->phrase ||
        (e->id != GLEAN_GAZ_NONE && !info->id) ||
        (e->exact != GLEAN_GAZ_NONE && !glean_gaz_str(g, e->exact)))
        return GLEAN_GAZ_EBADFILE;
    return GLEAN_OK;
}

long glean_gaz_label_index(const glean_gazetteer *g, const char *label, size_t len)
{
    for (uint32_t k = 0; k < g->h.nlabels; k++) {
        const char *s = glean_gaz_str(g, g->labels[k]);
        if (s && strlen(s) == len && memcmp(s, label, len) == 0)
            return (long)k;
    }
    return -1;
}
