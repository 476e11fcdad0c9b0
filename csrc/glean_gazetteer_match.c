/* glean_gazetteer_match.c — finding gazetteer phrases in a parsed document.
 *
 * Doc tokens map to gazetteer token ids through the cursor's per-type table: one
 * vocabulary lookup per distinct type, ever, for a given tokenizer. From each token
 * the walk follows the trie (root by direct index, deeper nodes by binary search over
 * their few edges) and remembers the deepest node that has an entry passing the
 * filters. Every value read from the image is bounds-checked: a hostile image makes
 * the call fail, it never makes it read outside the image. */
#include "glean_gazetteer_image.h"

#include <stdlib.h>
#include <string.h>

void glean_gaz_cursor_init(glean_gaz_cursor *c)
{
    memset(c, 0, sizeof *c);
}

void glean_gaz_cursor_free(glean_gaz_cursor *c)
{
    free(c->type_map);
    free(c->doc_map);
    free(c->matches);
    glean_gaz_cursor_init(c);
}

static uint32_t vocab_lookup(const glean_gazetteer *g, const char *key, size_t n)
{
    size_t mask = (size_t)g->h.nslots - 1, j = (size_t)glean_hash(key, n) & mask;
    for (size_t probes = 0; probes < g->h.nslots; probes++, j = (j + 1) & mask) {
        uint32_t v = g->vocab_slots[j];
        if (v == 0)
            return GLEAN_GAZ_NONE;
        if (v - 1 >= g->h.nvocab)
            continue;
        const char *s = glean_gaz_str(g, g->vocab_keys[v - 1]);
        /* The pool ends with NUL, so s[n] is readable when strlen(s) >= n, which
         * strncmp == 0 proves only for a key without NUL: test that first (a NUL token
         * against an empty key at the end of the pool read past it). */
        if (s && memchr(key, 0, n) == NULL && strncmp(s, key, n) == 0 && s[n] == '\0')
            return v - 1;
    }
    return GLEAN_GAZ_NONE;
}

/* Fills a type's two words in the type map: token id + 2 (1 = not in the gazetteer)
 * and the root's child along it (0: no phrase starts with it). Once per type. */
static void lookup_type(glean_gaz_cursor *c, const glean_gazetteer *g,
                        const glean_tokenizer *tk, uint32_t type)
{
    uint32_t *slot = &c->type_map[2 * (size_t)type];
    const char *s;
    size_t n;
    glean_gaz_type_key(tk, (int)g->h.key, type, &s, &n);
    uint32_t t = vocab_lookup(g, s, n);
    slot[0] = t == GLEAN_GAZ_NONE ? 1 : t + 2;
    slot[1] = t == GLEAN_GAZ_NONE ? 0 : g->root[t];
}

/* Does entry k pass the label filter and, if exact, equal the doc's token texts? */
static int entry_passes(const glean_gazetteer *g, const glean_doc *doc, uint32_t k,
                        size_t first, size_t last, const uint32_t *labels, size_t nlabels)
{
    const glean_gaz_entry_rec *e = &g->entries[k];
    if (labels) {
        size_t i = 0;
        while (i < nlabels && labels[i] != e->label)
            i++;
        if (i == nlabels)
            return 0;
    }
    if (e->exact == GLEAN_GAZ_NONE)
        return 1;
    const char *p = glean_gaz_str(g, e->exact);
    if (!p)
        return 0;
    for (size_t t = first; t <= last; t++) {
        const glean_token *tok = &doc->toks[t];
        size_t n = tok->end - tok->start;
        /* NUL test first: only then does strncmp == 0 mean p holds n bytes before
         * its terminator, so that p + n is still inside the pool */
        if (memchr(doc->text + tok->start, 0, n) || strncmp(p, doc->text + tok->start, n) != 0)
            return 0;
        p += n;
        if (*p != (t == last ? '\0' : '\x1F'))
            return 0;
        p++;
    }
    return 1;
}

static int emit(glean_gaz_cursor *c, size_t first, size_t last, uint32_t k)
{
    if (glean_grow((void **)&c->matches, &c->matches_cap, c->nmatches + 1, sizeof *c->matches))
        return GLEAN_ENOMEM;
    c->matches[c->nmatches++] = (glean_gaz_match){(uint32_t)first, (uint32_t)last, k};
    return GLEAN_OK;
}

/* The child of node along token t, 0 when none, or GLEAN_GAZ_NONE when the image is
 * inconsistent. Children are numbered breadth-first: edge e leads to e + 1 + nroot.
 * Few edges are scanned in order (one cache line), many by binary search. */
static uint32_t child_of(const glean_gazetteer *g, uint32_t node, uint32_t t)
{
    uint32_t lo = g->nodes[node].edge, hi = g->nodes[node + 1].edge, end = hi;
    if (lo > hi || hi > g->h.nedges)
        return GLEAN_GAZ_NONE;
    if (hi - lo <= 16) {
        for (; lo < hi; lo++)
            if (g->edge_token[lo] >= t)
                break;
    } else {
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (g->edge_token[mid] < t)
                lo = mid + 1;
            else
                hi = mid;
        }
    }
    return lo < end && g->edge_token[lo] == t ? lo + 1 + g->h.nroot : 0;
}

#define PREFETCH_NODE 16 /* tokens ahead: the node record (also prefetching the
                            first edge line 8 tokens ahead was measured slower) */

static int corrupt(glean_error *err)
{
    return glean_fail(err, GLEAN_GAZ_EBADFILE, 0, "corrupt gazetteer: an offset points "
                                                  "outside the image");
}

int glean_gaz_find(glean_gaz_cursor *c, const glean_gazetteer *g, const glean_tokenizer *tk,
                   const glean_doc *doc, int all, const uint32_t *labels, size_t nlabels,
                   glean_error *err)
{
    if (c->g != g || c->tk != tk) {
        if (c->type_map)
            memset(c->type_map, 0, c->type_map_cap * sizeof *c->type_map);
        c->g = g;
        c->tk = tk;
    }
    if (2 * tk->lex.ntypes > c->type_map_cap) {
        size_t old = c->type_map_cap;
        if (glean_grow((void **)&c->type_map, &c->type_map_cap, 2 * tk->lex.ntypes,
                       sizeof *c->type_map))
            return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
        memset(c->type_map + old, 0, (c->type_map_cap - old) * sizeof *c->type_map);
    }
    if (2 * doc->ntoks > c->doc_map_cap &&
        glean_grow((void **)&c->doc_map, &c->doc_map_cap, 2 * doc->ntoks, sizeof *c->doc_map))
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    c->nmatches = 0;
    const uint32_t nnodes = g->h.nnodes, nentries = g->h.nentries;
    const size_t n = doc->ntoks;
    /* Pass 1, sequential: each token's gazetteer token id and root child. */
    uint32_t *dm = c->doc_map;
    for (size_t i = 0; i < n; i++) {
        const uint32_t *slot = &c->type_map[2 * (size_t)doc->toks[i].type];
        if (slot[0] == 0)
            lookup_type(c, g, tk, doc->toks[i].type);
        dm[2 * i] = slot[0] - 1;
        dm[2 * i + 1] = slot[1];
    }
    /* Pass 2: walks. With a large gazetteer nearly every token starts one whose node
     * record is a cache miss: fetch it some tokens ahead, as the tokenizer does. */
    for (size_t i = 0; i < n; i++) {
        if (i + PREFETCH_NODE < n) {
            uint32_t ahead = dm[2 * (i + PREFETCH_NODE) + 1];
            if (ahead && ahead < nnodes)
                __builtin_prefetch(&g->nodes[ahead]);
        }
        uint32_t node = dm[2 * i + 1];
        if (node == 0)
            continue;
        if (node >= nnodes)
            return corrupt(err);
        size_t best_last = 0;
        uint32_t best = GLEAN_GAZ_NONE;
        for (size_t j = i;;) {
            uint32_t es = g->nodes[node].entry, ee = g->nodes[node + 1].entry & ~GLEAN_GAZ_EXACT;
            int plain = !(es & GLEAN_GAZ_EXACT) && !labels; /* no need to read the entries */
            es &= ~GLEAN_GAZ_EXACT;
            if (es > ee || ee > nentries)
                return corrupt(err);
            for (uint32_t k = es; k < ee; k++) {
                if (!plain && !entry_passes(g, doc, k, i, j, labels, nlabels))
                    continue;
                if (all) {
                    if (emit(c, i, j, k))
                        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
                } else {
                    best = k;
                    best_last = j;
                    break;
                }
            }
            /* A walk is at most as long as the longest phrase: linear time even when a
             * crafted image has cycles. */
            if (j + 1 >= n || j + 1 - i >= GLEAN_GAZ_MAX_PHRASE_TOKENS)
                break;
            uint32_t t2 = dm[2 * (j + 1)];
            if (!t2)
                break;
            uint32_t child = child_of(g, node, t2 - 1);
            if (child == GLEAN_GAZ_NONE || child >= nnodes)
                return corrupt(err);
            if (child == 0)
                break;
            node = child;
            j++;
        }
        if (!all && best != GLEAN_GAZ_NONE) {
            if (emit(c, i, best_last, best))
                return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
            i = best_last;
        }
    }
    return GLEAN_OK;
}

void glean_gaz_prefetch_entries(const glean_gazetteer *g, const glean_gaz_cursor *c)
{
    for (size_t i = 0; i < c->nmatches; i++)
        if (c->matches[i].entry < g->h.nentries)
            __builtin_prefetch(&g->entries[c->matches[i].entry]);
}
