/* glean_gazetteer_match.c — finding gazetteer phrases in a parsed document.
 *
 * Doc tokens map to gazetteer token ids through the cursor's per-type table: one
 * vocabulary lookup per distinct type, ever, for a given tokenizer, which also keeps the
 * ranges of the root's child along the type. A branch-free pass lists the tokens where
 * a walk can find anything; from each of those the walk follows the trie (the root by
 * direct index, then a branch-free binary search over a node's edges) and
 * remembers the deepest node that has an entry passing the filters. Every value read
 * from the image is bounds-checked: a hostile image makes the call fail, it never makes
 * it read outside the image. */
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
    free(c->steps);
    free(c->doc_map);
    free(c->work);
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

/* A node's edges [edge_lo, edge_hi) and entries [entry_lo & ~EXACT, entry_hi), read
 * from the image and checked. */
typedef struct glean_gaz_node_ranges {
    uint32_t edge_lo, edge_hi, entry_lo, entry_hi;
} glean_gaz_node_ranges;

/* What the cursor keeps per lexicon type: the ranges of the root's child along it and a
 * filter of its edges (bit token id mod 128 is set for the token of each edge). Most
 * walks end at their first node (a one-token match, or no phrase goes on with the next
 * token): with these a walk reads no node record, the filter stops most of them without
 * a search through edges that are, with a large gazetteer, a cache miss away, and the
 * edges of the others are known early enough to be prefetched. */
typedef struct glean_gaz_type_step {
    glean_gaz_node_ranges r;
    uint64_t next[2];
} glean_gaz_type_step;

static inline int may_follow(const glean_gaz_type_step *x, uint32_t t)
{
    return (int)((x->next[(t >> 6) & 1] >> (t & 63)) & 1);
}

/* 0 when the image lies about the node. */
static int node_ranges(const glean_gazetteer *g, uint32_t node, glean_gaz_node_ranges *r)
{
    if (node >= g->h.nnodes)
        return 0;
    r->edge_lo = g->nodes[node].edge;
    r->edge_hi = g->nodes[node + 1].edge;
    r->entry_lo = g->nodes[node].entry;
    r->entry_hi = g->nodes[node + 1].entry & ~GLEAN_GAZ_EXACT;
    return r->edge_lo <= r->edge_hi && r->edge_hi <= g->h.nedges &&
           (r->entry_lo & ~GLEAN_GAZ_EXACT) <= r->entry_hi && r->entry_hi <= g->h.nentries;
}

static int corrupt(glean_error *err)
{
    return glean_fail(err, GLEAN_GAZ_EBADFILE, 0, "corrupt gazetteer: an offset points "
                                                  "outside the image");
}

/* Fills a type's two words in the type map: token id + 2 (1 = not in the gazetteer)
 * and, when a phrase starts with it, the index of its step: the root's child along it,
 * with that node's ranges and edge filter (0: none). Steps are numbered as types are
 * first seen, so the steps of a corpus's common words lie together. Once per type; an
 * error when the image lies about the child or memory runs out. */
static int lookup_type(glean_gaz_cursor *c, const glean_gazetteer *g,
                       const glean_tokenizer *tk, uint32_t type, glean_error *err)
{
    uint32_t *slot = &c->type_map[2 * (size_t)type];
    const char *s;
    size_t n;
    glean_gaz_type_key(tk, (int)g->h.key, type, &s, &n);
    uint32_t t = vocab_lookup(g, s, n), node = t == GLEAN_GAZ_NONE ? 0 : g->root[t];
    slot[1] = 0;
    if (node != 0) {
        if (glean_grow((void **)&c->steps, &c->steps_cap, c->nsteps + 1, sizeof *c->steps))
            return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
        glean_gaz_type_step *x = &c->steps[c->nsteps];
        if (!node_ranges(g, node, &x->r))
            return corrupt(err); /* slot[0] stays 0: the next call fails on it again */
        x->next[0] = x->next[1] = 0;
        for (uint32_t e = x->r.edge_lo; e < x->r.edge_hi; e++) {
            uint32_t et = g->edge_token[e];
            x->next[(et >> 6) & 1] |= (uint64_t)1 << (et & 63);
        }
        slot[1] = (uint32_t)c->nsteps++;
    }
    slot[0] = t == GLEAN_GAZ_NONE ? 1 : t + 2;
    return GLEAN_OK;
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

/* The edge among [lo, hi) (checked ranges) whose token is t, or GLEAN_GAZ_NONE. A
 * branch-free lower bound: the next token of a walk is unpredictable, and with a large
 * list the edges of a common word number thousands, so a branching search would miss
 * about every other comparison. */
static uint32_t edge_along(const glean_gazetteer *g, uint32_t lo, uint32_t hi, uint32_t t)
{
    const uint32_t *b = g->edge_token + lo;
    uint32_t len = hi - lo;
    if (len == 0)
        return GLEAN_GAZ_NONE;
    while (len > 1) {
        uint32_t half = len / 2;
        b = b[half] < t ? b + half : b; /* the answer stays in [b, b + len] */
        len -= half;
    }
    b += *b < t;
    uint32_t e = (uint32_t)(b - g->edge_token);
    return e < hi && *b == t ? e : GLEAN_GAZ_NONE;
}

/* What a walk looks for: with `all`, every entry that passes (emitted as found);
 * otherwise the deepest node's first entry that passes. */
typedef struct glean_gaz_walk {
    glean_gaz_cursor *c;
    const uint32_t *labels; /* NULL: no label filter */
    size_t nlabels;
    int all;
    uint32_t best;          /* without `all`: the entry found so far, or GLEAN_GAZ_NONE */
    size_t best_last;       /* and the token it ends at */
} glean_gaz_walk;

/* Judges the entries of node r for tokens i..j. GLEAN_ENOMEM when an emit fails. */
static int judge_node(glean_gaz_walk *wk, const glean_gazetteer *g, const glean_doc *doc,
                      const glean_gaz_node_ranges *r, size_t i, size_t j)
{
    const int plain = !(r->entry_lo & GLEAN_GAZ_EXACT) && !wk->labels; /* entries unread */
    for (uint32_t k = r->entry_lo & ~GLEAN_GAZ_EXACT; k < r->entry_hi; k++) {
        if (!plain && !entry_passes(g, doc, k, i, j, wk->labels, wk->nlabels))
            continue;
        if (!wk->all) {
            wk->best = k;
            wk->best_last = j;
            return GLEAN_OK;
        }
        if (emit(wk->c, i, j, k))
            return GLEAN_ENOMEM;
    }
    return GLEAN_OK;
}

/* From a walk's first node (ranges r, at token i, with token i + 1's gazetteer id + 1
 * in t, not 0; the caller has judged the first node): follows the trie along the tokens
 * after i, judging each node. GLEAN_GAZ_EBADFILE when the image lies about a node,
 * GLEAN_ENOMEM when an emit fails. */
static int walk_on(glean_gaz_walk *wk, const glean_gazetteer *g, const glean_doc *doc,
                   const uint32_t *dm, size_t i, glean_gaz_node_ranges r, uint32_t t)
{
    const size_t n = doc->ntoks;
    for (size_t j = i;;) {
        uint32_t e = edge_along(g, r.edge_lo, r.edge_hi, t - 1);
        if (e == GLEAN_GAZ_NONE)
            return GLEAN_OK;
        /* children are numbered breadth-first: edge e leads to e + 1 + nroot */
        if (!node_ranges(g, e + 1 + g->h.nroot, &r))
            return GLEAN_GAZ_EBADFILE;
        j++;
        if (judge_node(wk, g, doc, &r, i, j))
            return GLEAN_ENOMEM;
        /* A walk is at most as long as the longest phrase: linear time even when a
         * crafted image has cycles. */
        if (r.edge_lo == r.edge_hi || j + 1 >= n || j + 1 - i >= GLEAN_GAZ_MAX_PHRASE_TOKENS)
            return GLEAN_OK;
        t = dm[2 * (j + 1)];
        if (!t)
            return GLEAN_OK;
    }
}

/* A walk from token i, whose first node is the step x and has been judged: on past it
 * when token i + 1 may follow (most walks stop here, without a call). */
static inline int walk_from(glean_gaz_walk *wk, const glean_gazetteer *g,
                            const glean_doc *doc, const uint32_t *dm, size_t i,
                            const glean_gaz_type_step *x)
{
    uint32_t t = i + 1 < doc->ntoks ? dm[2 * (i + 1)] : 0;
    return t != 0 && may_follow(x, t - 1) ? walk_on(wk, g, doc, dm, i, x->r, t) : GLEAN_OK;
}

static int walk_failed(int rc, glean_error *err)
{
    return rc == GLEAN_ENOMEM ? glean_fail(err, GLEAN_ENOMEM, 0, "out of memory") : corrupt(err);
}

/* Pass 3 of leftmost-longest matching without a label filter, the common case: the walks
 * from the work tokens no match covers. Most end at their first node; for those the
 * only branch is whether the walk goes on, which is as unpredictable as the text: the
 * first node's entry and the match are taken without branches. */
static int walk_longest(glean_gaz_cursor *c, const glean_gazetteer *g, const glean_doc *doc,
                        size_t nwork, glean_error *err)
{
    if (glean_grow((void **)&c->matches, &c->matches_cap, nwork + 1, sizeof *c->matches))
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    const glean_gaz_type_step *steps = c->steps;
    const uint32_t *dm = c->doc_map, *work = c->work;
    glean_gaz_match *out = c->matches;
    size_t nout = 0, free_from = 0;
    for (size_t w = 0; w < nwork; w++) {
        const size_t i = work[w];
        if (i < free_from)
            continue;
        const glean_gaz_type_step *x = &steps[dm[2 * i + 1]];
        glean_gaz_walk wk = {c, NULL, 0, 0, GLEAN_GAZ_NONE, i};
        if (x->r.entry_lo & GLEAN_GAZ_EXACT) /* rare: the first node has an exact entry */
            judge_node(&wk, g, doc, &x->r, i, i); /* cannot fail without `all` */
        else
            wk.best = x->r.entry_lo < x->r.entry_hi ? x->r.entry_lo : GLEAN_GAZ_NONE;
        int rc = walk_from(&wk, g, doc, dm, i, x);
        if (rc != GLEAN_OK)
            return walk_failed(rc, err);
        const size_t found = wk.best != GLEAN_GAZ_NONE;
        out[nout] = (glean_gaz_match){(uint32_t)i, (uint32_t)wk.best_last, wk.best};
        nout += found;
        free_from = found ? wk.best_last + 1 : free_from;
    }
    c->nmatches = nout;
    return GLEAN_OK;
}

#define PREFETCH_TYPES 8  /* tokens ahead: a token's slot in the type map */

int glean_gaz_find(glean_gaz_cursor *c, const glean_gazetteer *g, const glean_tokenizer *tk,
                   const glean_doc *doc, int mode, const uint32_t *labels, size_t nlabels,
                   glean_error *err)
{
    const int all = (mode & GLEAN_GAZ_ALL) != 0;
    const uint32_t start_flags = mode & GLEAN_GAZ_CAPITALISED ? GLEAN_STARTS_UPPER : 0;
    if (c->g != g || c->tk != tk) {
        if (c->type_map)
            memset(c->type_map, 0, c->type_map_cap * sizeof *c->type_map);
        c->nsteps = 0;
        c->g = g;
        c->tk = tk;
    }
    if (c->nsteps == 0) { /* step 0: the empty step of every type no phrase starts with */
        if (glean_grow((void **)&c->steps, &c->steps_cap, 1, sizeof *c->steps))
            return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
        memset(&c->steps[0], 0, sizeof c->steps[0]);
        c->nsteps = 1;
    }
    if (2 * tk->lex.ntypes > c->type_map_cap) {
        size_t old = c->type_map_cap;
        if (glean_grow((void **)&c->type_map, &c->type_map_cap, 2 * tk->lex.ntypes,
                       sizeof *c->type_map))
            return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
        memset(c->type_map + old, 0, (c->type_map_cap - old) * sizeof *c->type_map);
    }
    if ((2 * doc->ntoks > c->doc_map_cap &&
         glean_grow((void **)&c->doc_map, &c->doc_map_cap, 2 * doc->ntoks, sizeof *c->doc_map)) ||
        (doc->ntoks > c->work_cap &&
         glean_grow((void **)&c->work, &c->work_cap, doc->ntoks, sizeof *c->work)))
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    c->nmatches = 0;
    const size_t n = doc->ntoks;
    /* Pass 1, sequential: each token's gazetteer token id + 1 (0: none) and, when a
     * phrase starts with it (and it has the start_flags), its step (else 0). */
    uint32_t *dm = c->doc_map;
    for (size_t i = 0; i < n; i++) {
        /* With a large list the type map is a cache miss: ask for the type's slot some
         * tokens ahead. (Asking for the step as well, for pass 2, gained nothing with
         * the 1m list and cost the 10k list 7 %.) */
        if (i + PREFETCH_TYPES < n)
            __builtin_prefetch(&c->type_map[2 * (size_t)doc->toks[i + PREFETCH_TYPES].type]);
        uint32_t type = doc->toks[i].type;
        const uint32_t *slot = &c->type_map[2 * (size_t)type];
        if (slot[0] == 0) {
            int rc = lookup_type(c, g, tk, type, err);
            if (rc != GLEAN_OK)
                return rc;
        }
        dm[2 * i] = slot[0] - 1;
        dm[2 * i + 1] = slot[1];
        if (start_flags && !(tk->lex.flags[type] & start_flags))
            dm[2 * i + 1] = 0;
    }
    const glean_gaz_type_step *steps = c->steps;
    /* Pass 2, sequential and without branches on the text: the tokens where a walk can
     * find something (its first node has entries, or the next token may follow), and a
     * request for the edges those that go on will search. With a large list most tokens
     * start some phrase, and which go on is as unpredictable as the text; the walks of
     * pass 3 then see only the work. */
    uint32_t *work = c->work;
    size_t nwork = 0;
    for (size_t i = 0; i < n; i++) {
        const glean_gaz_type_step *x = &steps[dm[2 * i + 1]];
        uint32_t t = i + 1 < n ? dm[2 * (i + 1)] : 0;
        int go_on = (t != 0) & may_follow(x, t - 1);
        int ends = (x->r.entry_lo & ~GLEAN_GAZ_EXACT) < x->r.entry_hi;
        /* an address select, not a branch: whether a walk goes on is unpredictable */
        __builtin_prefetch(&g->edge_token[x->r.edge_lo & (0u - (uint32_t)go_on)]);
        work[nwork] = (uint32_t)i;
        nwork += (size_t)(go_on | ends);
    }
    if (!all && !labels)
        return walk_longest(c, g, doc, nwork, err);
    /* Pass 3 with a label filter or all matches: walks, from the work tokens that no
     * leftmost-longest match covers (with `all`, none is covered). */
    size_t free_from = 0;
    for (size_t w = 0; w < nwork; w++) {
        size_t i = work[w];
        if (i < free_from)
            continue;
        const glean_gaz_type_step *x = &steps[dm[2 * i + 1]];
        glean_gaz_walk wk = {c, labels, nlabels, all, GLEAN_GAZ_NONE, i};
        int rc = judge_node(&wk, g, doc, &x->r, i, i);
        if (rc == GLEAN_OK)
            rc = walk_from(&wk, g, doc, dm, i, x);
        if (rc != GLEAN_OK)
            return walk_failed(rc, err);
        if (!all && wk.best != GLEAN_GAZ_NONE) {
            if (emit(c, i, wk.best_last, wk.best))
                return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
            free_from = wk.best_last + 1;
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
