/* glean_gazetteer_compile.c — compiling a builder's entries into an image.
 *
 * The sequences of token ids are sorted; the trie then falls out of one pass over them
 * (a phrase shares the nodes of its common prefix with the one before it), children
 * come out in increasing token order, and no edge hash table is ever needed: a million
 * entries compile in well under a second.
 *
 * Memory, not time, is what a million entries strain, so the compile consumes the
 * builder as it goes (glean_gazetteer_builder.h) and never holds the entries twice:
 * every array it needs is allocated (not yet touched) before anything is given up, so
 * a failure leaves the builder as it was; the sequences are freed once the trie
 * exists, the entry records are written into the image and freed before the trie's
 * node arrays are built, and the string pool is grown into the image itself. The
 * image places the pool first and the other sections after it, so the strings stay
 * where they are (a 320-byte move makes room for the header). With glibc a block this
 * large is its own mapping and growing it moves no bytes. */
#include "glean_gazetteer_builder.h"
#include "glean_normalize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int seq_cmp(const glean_gaz_builder *b, const build_entry *x, const build_entry *y)
{
    const uint32_t *sa = b->seqs + x->seq, *sb = b->seqs + y->seq;
    uint32_t n = x->seq_len < y->seq_len ? x->seq_len : y->seq_len;
    for (uint32_t i = 0; i < n; i++)
        if (sa[i] != sb[i])
            return sa[i] < sb[i] ? -1 : 1;
    return x->seq_len < y->seq_len ? -1 : x->seq_len > y->seq_len;
}

/* What an entry is, beyond its phrase: label, id and exactness, in a fixed order. Equal
 * phrases that compare equal here are duplicates. */
static int payload_cmp(const glean_gaz_builder *b, const build_entry *x, const build_entry *y)
{
    if (x->label != y->label)
        return x->label < y->label ? -1 : 1;
    if ((x->id == GLEAN_GAZ_NONE) != (y->id == GLEAN_GAZ_NONE))
        return x->id == GLEAN_GAZ_NONE ? -1 : 1;
    if (x->id != GLEAN_GAZ_NONE) {
        int c = strcmp(b->pool.data + x->id, b->pool.data + y->id);
        if (c)
            return c;
    }
    if ((x->exact == GLEAN_GAZ_NONE) != (y->exact == GLEAN_GAZ_NONE))
        return x->exact == GLEAN_GAZ_NONE ? -1 : 1;
    return x->exact == GLEAN_GAZ_NONE ? 0 : strcmp(b->pool.data + x->exact,
                                                   b->pool.data + y->exact);
}

/* Phrase, then payload, then insertion order: duplicates end up adjacent, the first
 * added one ahead of the others. */
static int full_cmp(const glean_gaz_builder *b, const build_entry *x, const build_entry *y)
{
    int c = seq_cmp(b, x, y);
    if (!c)
        c = payload_cmp(b, x, y);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

static int order_cmp(const glean_gaz_builder *b, const build_entry *x, const build_entry *y)
{
    (void)b;
    return (x->order > y->order) - (x->order < y->order);
}

typedef int (*entry_cmp)(const glean_gaz_builder *, const build_entry *, const build_entry *);

/* Sorts a[0..n) stably: a bottom-up merge sort of 4-byte indices (qsort has no
 * context argument, and a global would be shared mutable state), then the records are
 * moved once into place by following the permutation's cycles. idx and tmp hold n. */
static void sort_entries(const glean_gaz_builder *b, build_entry *a, size_t n, entry_cmp cmp,
                         uint32_t *idx, uint32_t *tmp)
{
    for (size_t i = 0; i < n; i++)
        idx[i] = (uint32_t)i;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = cmp(b, &a[idx[j]], &a[idx[i]]) < 0 ? idx[j++] : idx[i++];
            while (i < mid)
                tmp[k++] = idx[i++];
            while (j < hi)
                tmp[k++] = idx[j++];
        }
        uint32_t *t = idx;
        idx = tmp;
        tmp = t;
    }
    /* a[j] = old a[idx[j]] */
    for (size_t i = 0; i < n; i++) {
        if (idx[i] == i)
            continue;
        build_entry first = a[i];
        size_t j = i;
        while (idx[j] != i) {
            size_t k = idx[j];
            a[j] = a[k];
            idx[j] = (uint32_t)j;
            j = k;
        }
        a[j] = first;
        idx[j] = (uint32_t)j;
    }
}

/* Turns the base image's entries back into records, sequences and pool strings
 * (entries added since are already there), and lets the base go. The image is one this
 * builder wrote, so its offsets are trusted. */
static int rehydrate(glean_gaz_builder *b)
{
    const glean_gazetteer *g = b->base;
    size_t nnodes = g->h.nnodes, nroot = g->h.nroot, nent = g->h.nentries;
    uint32_t *parent = malloc(nnodes * sizeof *parent);
    uint32_t *token = malloc(nnodes * sizeof *token);
    if (!parent || !token ||
        glean_grow((void **)&b->entries, &b->cap, b->n + nent, sizeof *b->entries)) {
        free(parent);
        free(token);
        return GLEAN_ENOMEM;
    }
    for (uint32_t t = 0; t < g->h.nvocab; t++)
        if (g->root[t]) {
            parent[g->root[t]] = 0;
            token[g->root[t]] = t;
        }
    for (size_t v = 1; v < nnodes; v++)
        for (uint32_t e = g->nodes[v].edge; e < g->nodes[v + 1].edge; e++) {
            parent[e + 1 + nroot] = (uint32_t)v;
            token[e + 1 + nroot] = g->edge_token[e];
        }
    size_t n0 = b->n, nseqs0 = b->nseqs;
    int rc = GLEAN_OK;
    for (size_t v = 1; v < nnodes && rc == GLEAN_OK; v++) {
        uint32_t lo = g->nodes[v].entry & ~GLEAN_GAZ_EXACT;
        uint32_t hi = g->nodes[v + 1].entry & ~GLEAN_GAZ_EXACT;
        if (lo == hi)
            continue;
        uint32_t path[GLEAN_GAZ_MAX_PHRASE_TOKENS], len = 0;
        for (uint32_t w = (uint32_t)v; w; w = parent[w])
            path[len++] = token[w];
        for (uint32_t j = lo; j < hi; j++) {
            const glean_gaz_entry_rec *r = &g->entries[j];
            build_entry e = {(uint32_t)b->nseqs, len, r->label, r->source, GLEAN_GAZ_NONE,
                             0, GLEAN_GAZ_NONE, b->base_order[j]};
            if (glean_grow((void **)&b->seqs, &b->seqs_cap, b->nseqs + len, sizeof *b->seqs)) {
                rc = GLEAN_ENOMEM;
                break;
            }
            for (uint32_t k = 0; k < len; k++)
                b->seqs[b->nseqs + k] = path[len - 1 - k];
            const char *s = g->pool + r->phrase;
            if ((rc = glean_gaz_pool_add(&b->pool, s, strlen(s), &e.phrase)) != GLEAN_OK)
                break;
            if (r->id != GLEAN_GAZ_NONE) {
                s = g->pool + r->id;
                if ((rc = glean_gaz_pool_add(&b->pool, s, strlen(s), &e.id)) != GLEAN_OK)
                    break;
            }
            if (r->exact != GLEAN_GAZ_NONE) {
                s = g->pool + r->exact;
                if ((rc = glean_gaz_pool_add(&b->pool, s, strlen(s), &e.exact)) != GLEAN_OK)
                    break;
            }
            b->nseqs += len;
            b->entries[b->n++] = e;
        }
    }
    free(parent);
    free(token);
    if (rc != GLEAN_OK) { /* the base still holds all its entries: drop the copies */
        b->n = n0;
        b->nseqs = nseqs0;
        return rc;
    }
    glean_gaz_free(b->base);
    b->base = NULL;
    free(b->base_order);
    b->base_order = NULL;
    return GLEAN_OK;
}

/* Tokens sorted entry i shares with the one before it: the trie nodes it reuses. */
static size_t shared_prefix(const glean_gaz_builder *b, const build_entry *ents, size_t i)
{
    if (i == 0)
        return 0;
    const uint32_t *seq = b->seqs + ents[i].seq, *prev = b->seqs + ents[i - 1].seq;
    size_t len = ents[i].seq_len, plen = ents[i - 1].seq_len, lcp = 0;
    while (lcp < len && lcp < plen && seq[lcp] == prev[lcp])
        lcp++;
    return lcp;
}

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

/* Where the sections go: the pool first (it is the buffer the image grows from), the
 * entry records next (written before the node arrays exist), then the rest. */
static const int placement[GAZ_S_COUNT] = {GAZ_S_POOL, GAZ_S_ENTRIES, GAZ_S_NODES,
    GAZ_S_EDGE_TOKEN, GAZ_S_ROOT, GAZ_S_VOCAB_SLOTS, GAZ_S_VOCAB_KEYS, GAZ_S_LABELS,
    GAZ_S_SOURCES};

#define SEC(img, h, s, type) ((type *)(void *)((img) + (h)->sections[s].offset))

/* Copies a string set's keys (in their numbering order) into the pool as NUL-terminated
 * strings, writing each one's pool offset to offs; returns the pool position after. */
static size_t copy_strings(const glean_strset *set, char *pool, size_t at, uint32_t *offs)
{
    for (size_t t = 0; t < set->n; t++) {
        const glean_strset_entry *e = &set->entries[t];
        offs[t] = (uint32_t)at;
        memcpy(pool + at, set->arena.data + e->key, e->key_len);
        pool[at + e->key_len] = '\0';
        at += e->key_len + 1;
    }
    return at;
}

/* Drops duplicates (same phrase, label, id, exactness), keeping the first added; each
 * is reported once, however often the builder is compiled. Then the entries of one
 * phrase go back to insertion order: the matcher's default picks the first entry of a
 * node, which must be the first one added. *kept_out: how many are left. */
static int drop_duplicates(glean_gaz_builder *b, uint32_t *idx, uint32_t *tmp, size_t *kept_out)
{
    build_entry *a = b->entries;
    size_t kept = 0;
    for (size_t i = 0; i < b->n; i++) {
        if (kept && seq_cmp(b, &a[kept - 1], &a[i]) == 0 &&
            payload_cmp(b, &a[kept - 1], &a[i]) == 0) {
            if (!b->dup_warned[a[i].order - 1]) {
                char why[96];
                snprintf(why, sizeof why, "duplicate of entry %u, skipped",
                         (unsigned)a[kept - 1].order);
                const char *ph = b->pool.data + a[i].phrase;
                if (glean_gaz_builder_warn(b, a[i].order, ph, strlen(ph), why))
                    return GLEAN_ENOMEM;
                b->dup_warned[a[i].order - 1] = 1;
            }
            continue;
        }
        a[kept++] = a[i];
    }
    for (size_t lo = 0, hi; lo < kept; lo = hi) {
        for (hi = lo + 1; hi < kept && seq_cmp(b, &a[lo], &a[hi]) == 0; hi++)
            ;
        if (hi - lo > 1)
            sort_entries(b, a + lo, hi - lo, order_cmp, idx, tmp);
    }
    b->n = kept; /* duplicates leave the builder for good (each was reported) */
    *kept_out = kept;
    return GLEAN_OK;
}

int glean_gaz_compile(glean_gaz_builder *b, glean_gazetteer **out, glean_error *err)
{
    if (b->base && b->n == 0) { /* nothing added since: the same image */
        b->base->refs++;
        *out = b->base;
        return GLEAN_OK;
    }
    if (b->base && rehydrate(b) != GLEAN_OK)
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    if (b->pool.len == 0 && glean_buf_append(&b->pool, "", 1))
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");

    /* Sorted by phrase and payload, every duplicate sits right after the entry it
     * repeats, however many other entries share the phrase. (Sorting by phrase alone
     * missed "A/ORG, A/COMPANY, A/ORG".) */
    size_t n = b->n, kept;
    uint32_t *idx = malloc((n ? n : 1) * sizeof *idx), *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!idx || !tmp) {
        free(idx);
        free(tmp);
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    }
    sort_entries(b, b->entries, n, full_cmp, idx, tmp);
    int rc = drop_duplicates(b, idx, tmp, &kept);
    free(idx);
    free(tmp);
    if (rc)
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");

    /* Node counts first, so that every array is allocated before anything is freed. */
    const build_entry *ents = b->entries;
    size_t nnodes = 1, nroot = 0;
    for (size_t i = 0; i < kept; i++) {
        size_t len = ents[i].seq_len, lcp = shared_prefix(b, ents, i);
        nnodes += len - lcp;
        nroot += lcp == 0;
    }
    size_t nvocab = b->vocab.n, nedges = nnodes - 1 - nroot, nslots = 2;
    while (nslots < 2 * nvocab)
        nslots *= 2;
    size_t pool_size = b->pool.len + b->vocab.arena.len + nvocab + b->labels.arena.len +
                       b->labels.n + b->sources.arena.len + b->sources.n + 1;
    if (pool_size > UINT32_MAX - 1 || nnodes >= UINT32_MAX)
        return glean_fail(err, GLEAN_ETOOBIG, 0, "over 4 GiB of gazetteer strings");
    glean_gaz_header h;
    memset(&h, 0, sizeof h);
    size_t sizes[GAZ_S_COUNT] = {
        nslots * 4, nvocab * 4, nvocab * 4, (nnodes + 1) * sizeof(glean_gaz_node),
        nedges * 4, kept * sizeof(glean_gaz_entry_rec), b->labels.n * 4, b->sources.n * 4,
        pool_size};
    size_t total = sizeof h;
    for (int k = 0; k < GAZ_S_COUNT; k++) {
        int s = placement[k];
        h.sections[s].offset = total;
        h.sections[s].size = sizes[s];
        total = align8(total + sizes[s]);
    }
    if (total > UINT32_MAX * (size_t)8)
        return glean_fail(err, GLEAN_ETOOBIG, 0, "gazetteer image too large");

    glean_gazetteer *g = calloc(1, sizeof *g);
    uint32_t *parent = malloc(nnodes * sizeof *parent);
    uint32_t *token = malloc(nnodes * sizeof *token);
    uint32_t *entry_node = malloc((kept ? kept : 1) * sizeof *entry_node);
    uint32_t *base_order = malloc((kept ? kept : 1) * sizeof *base_order);
    uint32_t *cstart = calloc(nnodes + 1, sizeof *cstart);
    uint32_t *cchild = malloc(nnodes * sizeof *cchild);
    uint32_t *order = malloc(nnodes * sizeof *order);
    uint32_t *newid = malloc(nnodes * sizeof *newid);
    unsigned char *img = NULL;
    if (g && parent && token && entry_node && base_order && cstart && cchild && order && newid &&
        (img = realloc(b->pool.data, total)) != NULL) {
        b->pool.data = (char *)img;
        b->pool.cap = total - 1; /* glean_buf keeps room for a NUL past cap */
    } else {
        free(g); free(parent); free(token); free(entry_node); free(base_order);
        free(cstart); free(cchild); free(order); free(newid);
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    }

    /* ---- from here on nothing can fail, and the builder is consumed ---- */

    /* The trie in one pass: sorted phrases visit it in depth-first pre-order. */
    uint32_t path[GLEAN_GAZ_MAX_PHRASE_TOKENS + 1], next = 1;
    size_t depth = 0;
    path[0] = 0;
    for (size_t i = 0; i < kept; i++) {
        const uint32_t *seq = b->seqs + ents[i].seq;
        size_t len = ents[i].seq_len, lcp = shared_prefix(b, ents, i);
        depth = lcp;
        for (size_t k = lcp; k < len; k++) {
            parent[next] = path[depth];
            token[next] = seq[k];
            path[++depth] = next++;
        }
        entry_node[i] = path[len];
    }
    free(b->seqs);
    b->seqs = NULL;
    b->nseqs = b->seqs_cap = 0;

    /* Entry records, for now in phrase order; the builder's records go. */
    glean_gaz_entry_rec *recs = SEC(img, &h, GAZ_S_ENTRIES, glean_gaz_entry_rec);
    for (size_t i = 0; i < kept; i++) {
        const build_entry *e = &ents[i];
        recs[i] = (glean_gaz_entry_rec){e->label, e->source, e->id, e->phrase, e->exact};
        base_order[i] = e->order;
    }
    free(b->entries);
    b->entries = NULL;
    b->n = b->cap = 0;

    /* Breadth-first renumbering. Children lists by parent come first (a counting sort
     * on the depth-first parent, stable, so children stay in increasing token order);
     * then a queue gives the children of each node consecutive numbers, which makes
     * an edge's child implicit: child(e) = e + 1 + nroot. */
    for (uint32_t k = 1; k < nnodes; k++)
        cstart[parent[k] + 1]++;
    for (uint32_t k = 0; k < nnodes; k++)
        cstart[k + 1] += cstart[k];
    for (uint32_t k = 1; k < nnodes; k++)
        cchild[cstart[parent[k]]++] = k;
    memmove(cstart + 1, cstart, nnodes * sizeof *cstart); /* back to the starts */
    cstart[0] = 0;
    free(parent);
    glean_gaz_node *nodes = SEC(img, &h, GAZ_S_NODES, glean_gaz_node);
    uint32_t *root = SEC(img, &h, GAZ_S_ROOT, uint32_t);
    uint32_t *etok = SEC(img, &h, GAZ_S_EDGE_TOKEN, uint32_t);
    memset(root, 0, sizes[GAZ_S_ROOT]);
    uint32_t queued = 1;
    order[0] = 0;
    newid[0] = 0;
    for (uint32_t head = 0; head < queued; head++) {
        uint32_t v = order[head];
        nodes[head].edge = head == 0 ? 0 : queued - 1 - (uint32_t)nroot;
        for (uint32_t c = cstart[v]; c < cstart[v + 1]; c++) {
            uint32_t child = cchild[c];
            if (queued <= nroot)
                root[token[child]] = queued;
            else
                etok[queued - 1 - nroot] = token[child];
            newid[child] = queued;
            order[queued++] = child;
        }
    }
    nodes[nnodes].edge = (uint32_t)nedges;
    free(token);
    free(cstart);
    free(cchild);
    free(order);

    /* Entries grouped by their node's new number (a stable counting sort, so entries
     * of one phrase keep their insertion order): starts in nodes[].entry, each
     * record's place in entry_node, then the records moved there along cycles. */
    for (size_t k = 0; k <= nnodes; k++)
        nodes[k].entry = 0;
    for (size_t i = 0; i < kept; i++)
        nodes[newid[entry_node[i]] + 1].entry++;
    for (size_t k = 0; k < nnodes; k++)
        nodes[k + 1].entry += nodes[k].entry;
    for (size_t i = 0; i < kept; i++)
        entry_node[i] = nodes[newid[entry_node[i]]].entry++;
    for (size_t k = nnodes; k > 0; k--) /* each start was advanced to the next one's */
        nodes[k].entry = nodes[k - 1].entry;
    nodes[0].entry = 0;
    free(newid);
    for (size_t i = 0; i < kept; i++)
        while (entry_node[i] != i) {
            uint32_t j = entry_node[i];
            glean_gaz_entry_rec r = recs[i];
            recs[i] = recs[j];
            recs[j] = r;
            uint32_t o = base_order[i];
            base_order[i] = base_order[j];
            base_order[j] = o;
            entry_node[i] = entry_node[j];
            entry_node[j] = j;
        }
    free(entry_node);
    for (size_t k = 0; k < nnodes; k++)
        for (uint32_t j = nodes[k].entry; j < (nodes[k + 1].entry & ~GLEAN_GAZ_EXACT); j++)
            if (recs[j].exact != GLEAN_GAZ_NONE) {
                nodes[k].entry |= GLEAN_GAZ_EXACT; /* the matcher must look at the entries */
                break;
            }

    /* Pool: the builder's strings (moved up past the header), then vocabulary keys,
     * labels and sources. */
    char *pool = SEC(img, &h, GAZ_S_POOL, char);
    memmove(pool, img, b->pool.len);
    size_t at = b->pool.len;
    at = copy_strings(&b->vocab, pool, at, SEC(img, &h, GAZ_S_VOCAB_KEYS, uint32_t));
    at = copy_strings(&b->labels, pool, at, SEC(img, &h, GAZ_S_LABELS, uint32_t));
    at = copy_strings(&b->sources, pool, at, SEC(img, &h, GAZ_S_SOURCES, uint32_t));
    pool[at] = '\0';
    glean_buf_init(&b->pool);

    /* Vocabulary hash table. */
    uint32_t *slots = SEC(img, &h, GAZ_S_VOCAB_SLOTS, uint32_t);
    memset(slots, 0, sizes[GAZ_S_VOCAB_SLOTS]);
    for (size_t t = 0; t < nvocab; t++) {
        size_t j = (size_t)b->vocab.entries[t].hash & (nslots - 1);
        while (slots[j])
            j = (j + 1) & (nslots - 1);
        slots[j] = (uint32_t)t + 1;
    }
    /* Padding after each section is zero: the checksum covers it. */
    for (int k = 0; k < GAZ_S_COUNT; k++) {
        size_t end = h.sections[placement[k]].offset + sizes[placement[k]];
        memset(img + end, 0, align8(end) - end);
    }

    memcpy(h.magic, GLEAN_GAZ_MAGIC, 8);
    h.version = GLEAN_GAZ_VERSION;
    h.header_size = sizeof h;
    h.file_size = total;
    h.key = (uint32_t)b->key;
    h.tokenizer_flags = glean_gaz_tokenizer_flags(b->tk);
    h.tokenizer_config = b->tk->config_hash;
    snprintf(h.unicode_version, sizeof h.unicode_version, "%s", glean_unicode_version());
    h.nvocab = (uint32_t)nvocab;
    h.nslots = (uint32_t)nslots;
    h.nnodes = (uint32_t)nnodes;
    h.nedges = (uint32_t)nedges;
    h.nroot = (uint32_t)nroot;
    h.nentries = (uint32_t)kept;
    h.nlabels = (uint32_t)b->labels.n;
    h.nsources = (uint32_t)b->sources.n;
    memcpy(img, &h, sizeof h); /* the checksum covers the header too */
    h.checksum = glean_gaz_checksum(img, total);
    memcpy(img, &h, sizeof h);
    g->base = img;
    g->size = total;
    g->h = h;
    g->refs = 1; /* the builder's */
    b->base = g;
    b->base_order = base_order;
    if ((rc = glean_gaz_bind(g, err)) != GLEAN_OK) /* cannot happen: the image is ours */
        return rc;
    g->refs++; /* and the caller's */
    *out = g;
    return GLEAN_OK;
}
