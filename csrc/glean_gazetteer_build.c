/* glean_gazetteer_build.c — collecting entries and compiling them into an image.
 *
 * The builder keeps each entry's phrase as a sequence of vocabulary token ids. To
 * compile, the sequences are sorted; the trie then falls out of one pass over them
 * (a phrase shares the nodes of its common prefix with the one before it), children
 * come out in increasing token order, and no edge hash table is ever needed: a million
 * entries compile in well under a second. */
#include "glean_gazetteer_image.h"
#include "glean_normalize.h"
#include "glean_strset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct build_entry {
    uint32_t seq, seq_len;   /* offset/length in seqs */
    uint32_t label, source;  /* label / source numbers */
    uint32_t id;             /* pool offset or NONE */
    uint32_t phrase;         /* pool offset */
    uint32_t exact;          /* pool offset or NONE */
    uint32_t order;          /* insertion order: ties keep it */
} build_entry;

struct glean_gaz_builder {
    glean_tokenizer *tk;
    int key;
    glean_strset vocab;      /* key string -> token id (entry order = id) */
    uint32_t *type_tok;      /* lexicon type id -> token id + 1 (0: not looked up yet) */
    size_t type_tok_cap;
    uint32_t *seqs;
    size_t nseqs, seqs_cap;
    build_entry *entries;
    size_t n, cap;
    glean_strset labels, sources;
    glean_buf pool;          /* ids, phrases, exact texts */
    size_t calls;            /* add calls so far: entry numbers in warnings */
    glean_buf warnings;      /* NUL-separated messages */
    uint32_t *warning_offs;
    size_t nwarnings, warnings_cap;
    unsigned char *dup_warned; /* per add call: its duplicate warning was given */
    size_t dup_warned_cap;
    glean_doc scratch;
};

int glean_gaz_builder_new(glean_gaz_builder **out, glean_tokenizer *tk, int key,
                          glean_error *err)
{
    glean_gaz_builder *b = calloc(1, sizeof *b);
    if (!b)
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    if (key < GLEAN_GAZ_KEY_NORM || key > GLEAN_GAZ_KEY_TEXT) {
        free(b);
        return glean_fail(err, GLEAN_EARG, 0, "unknown gazetteer key %d", key);
    }
    b->tk = tk;
    b->key = key;
    glean_strset_init(&b->vocab);
    glean_strset_init(&b->labels);
    glean_strset_init(&b->sources);
    glean_buf_init(&b->pool);
    glean_buf_init(&b->warnings);
    glean_doc_init(&b->scratch);
    if (glean_buf_append(&b->pool, "", 1)) { /* offset 0 is the empty string */
        glean_gaz_builder_free(b);
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    }
    *out = b;
    return GLEAN_OK;
}

void glean_gaz_builder_free(glean_gaz_builder *b)
{
    if (!b)
        return;
    glean_strset_free(&b->vocab);
    glean_strset_free(&b->labels);
    glean_strset_free(&b->sources);
    glean_buf_free(&b->pool);
    glean_buf_free(&b->warnings);
    glean_doc_free(&b->scratch);
    free(b->type_tok);
    free(b->seqs);
    free(b->entries);
    free(b->warning_offs);
    free(b->dup_warned);
    free(b);
}

size_t glean_gaz_builder_count(const glean_gaz_builder *b) { return b->n; }
size_t glean_gaz_builder_warning_count(const glean_gaz_builder *b) { return b->nwarnings; }

const char *glean_gaz_builder_warning(const glean_gaz_builder *b, size_t k)
{
    return k < b->nwarnings ? b->warnings.data + b->warning_offs[k] : NULL;
}

static int warn(glean_gaz_builder *b, size_t number, const char *phrase, size_t len,
                const char *why)
{
    char head[160];
    int n = snprintf(head, sizeof head, "entry %zu \"%.*s\": ", number,
                     (int)(len > 60 ? 60 : len), phrase);
    if (n < 0 || glean_grow((void **)&b->warning_offs, &b->warnings_cap, b->nwarnings + 1,
                            sizeof *b->warning_offs))
        return GLEAN_ENOMEM;
    b->warning_offs[b->nwarnings++] = (uint32_t)b->warnings.len;
    if (glean_buf_append(&b->warnings, head, strlen(head)) ||
        glean_buf_append(&b->warnings, why, strlen(why) + 1))
        return GLEAN_ENOMEM;
    return GLEAN_OK;
}

static int pool_add(glean_buf *pool, const char *s, size_t n, uint32_t *off)
{
    if (pool->len + n + 1 > UINT32_MAX - 1)
        return GLEAN_ETOOBIG;
    *off = (uint32_t)pool->len;
    if (glean_buf_append(pool, s, n) || glean_buf_append(pool, "", 1))
        return GLEAN_ENOMEM;
    return GLEAN_OK;
}

/* Number of a label or source string, added on first sight. */
static int intern_name(glean_strset *set, const char *s, size_t n, uint32_t *out)
{
    uint64_t h = glean_hash(s, n);
    if (glean_strset_get(set, s, n, h, out))
        return GLEAN_OK;
    *out = (uint32_t)set->n;
    return glean_strset_put(set, s, n, h, *out);
}

/* Vocabulary token id of a lexicon type (cached per type). */
static int token_of_type(glean_gaz_builder *b, uint32_t type, uint32_t *tok)
{
    size_t need = b->tk->lex.ntypes;
    if (need > b->type_tok_cap) {
        size_t old = b->type_tok_cap;
        if (glean_grow((void **)&b->type_tok, &b->type_tok_cap, need, sizeof *b->type_tok))
            return GLEAN_ENOMEM;
        memset(b->type_tok + old, 0, (b->type_tok_cap - old) * sizeof *b->type_tok);
    }
    if (b->type_tok[type]) {
        *tok = b->type_tok[type] - 1;
        return GLEAN_OK;
    }
    const char *s;
    size_t n;
    glean_gaz_type_key(b->tk, b->key, type, &s, &n);
    int rc = intern_name(&b->vocab, s, n, tok);
    if (rc)
        return rc;
    b->type_tok[type] = *tok + 1;
    return GLEAN_OK;
}

int glean_gaz_builder_add(glean_gaz_builder *b, const char *phrase, size_t len,
                          const char *label, size_t label_len, const char *id, size_t id_len,
                          const char *source, size_t source_len, int exact, int *added,
                          glean_error *err)
{
    *added = 0;
    size_t number = ++b->calls;
    size_t old_cap = b->dup_warned_cap;
    if (glean_grow((void **)&b->dup_warned, &b->dup_warned_cap, number, 1))
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    memset(b->dup_warned + old_cap, 0, b->dup_warned_cap - old_cap);
    if (b->n >= GLEAN_GAZ_MAX_ENTRIES)
        return glean_fail(err, GLEAN_ETOOBIG, 0, "a gazetteer holds at most %u entries",
                          GLEAN_GAZ_MAX_ENTRIES);
    /* Phrases grow the tokenizer's chunk cache only while it is small: its first 64k
     * chunks (the frequent words) speed up the next phrases, but a million one-off names
     * would fill it for nothing (documents, not lists, are what it is for). */
    int frozen = b->tk->cache_frozen;
    b->tk->cache_frozen = frozen || b->tk->cache.n >= 65536;
    int rc = glean_parse(b->tk, phrase, len, &b->scratch, err);
    b->tk->cache_frozen = frozen;
    if (rc)
        return rc;
    const glean_doc *d = &b->scratch;
    if (d->ntoks == 0)
        return warn(b, number, phrase, len, "empty phrase, skipped") ? glean_fail(err, GLEAN_ENOMEM, 0,
                                                                         "out of memory") : 0;
    if (d->ntoks > GLEAN_GAZ_MAX_PHRASE_TOKENS)
        return warn(b, number, phrase, len, "more than 64 tokens, skipped")
                   ? glean_fail(err, GLEAN_ENOMEM, 0, "out of memory") : 0;
    if (glean_grow((void **)&b->seqs, &b->seqs_cap, b->nseqs + d->ntoks, sizeof *b->seqs) ||
        glean_grow((void **)&b->entries, &b->cap, b->n + 1, sizeof *b->entries))
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    build_entry e = {(uint32_t)b->nseqs, (uint32_t)d->ntoks, 0, 0, GLEAN_GAZ_NONE, 0,
                     GLEAN_GAZ_NONE, (uint32_t)number};
    for (size_t i = 0; i < d->ntoks; i++) {
        const char *k;
        size_t kn;
        glean_gaz_type_key(b->tk, b->key, d->toks[i].type, &k, &kn);
        if (kn == 0)
            return warn(b, number, phrase, len, "a token normalizes to nothing and can never match, "
                                        "skipped") ? glean_fail(err, GLEAN_ENOMEM, 0, "out of memory") : 0;
        /* Keys live in the image as NUL-terminated strings and the matcher never
         * matches a key holding a NUL: such an entry would be stored and never found. */
        if (memchr(k, '\0', kn))
            return warn(b, number, phrase, len, "a token contains a NUL byte and can never "
                                                "match, skipped")
                       ? glean_fail(err, GLEAN_ENOMEM, 0, "out of memory") : 0;
        if (token_of_type(b, d->toks[i].type, &b->seqs[b->nseqs + i]))
            return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    }
    if (intern_name(&b->labels, label, label_len, &e.label) ||
        intern_name(&b->sources, source, source_len, &e.source) ||
        pool_add(&b->pool, phrase, len, &e.phrase) ||
        (id && pool_add(&b->pool, id, id_len, &e.id)))
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory (or over 4 GiB of strings)");
    if (exact) {
        /* The token texts joined by 0x1F: an exact entry matches only these texts. */
        e.exact = (uint32_t)b->pool.len;
        for (size_t i = 0; i < d->ntoks; i++) {
            const glean_token *t = &d->toks[i];
            if ((i && glean_buf_append(&b->pool, "\x1F", 1)) ||
                glean_buf_append(&b->pool, phrase + t->start, t->end - t->start))
                return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
        }
        if (glean_buf_append(&b->pool, "", 1))
            return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    }
    b->nseqs += d->ntoks;
    b->entries[b->n++] = e;
    *added = 1;
    return GLEAN_OK;
}

/* ---- compiling ------------------------------------------------------------------------ */

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

/* Stable bottom-up merge sort (qsort has no context argument, and a global would be
 * shared mutable state). Returns whichever of a and tmp holds the result. */
static build_entry *sort_entries(const glean_gaz_builder *b, build_entry *a, build_entry *tmp,
                                 size_t n, entry_cmp cmp)
{
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = cmp(b, &a[j], &a[i]) < 0 ? a[j++] : a[i++];
            while (i < mid)
                tmp[k++] = a[i++];
            while (j < hi)
                tmp[k++] = a[j++];
        }
        build_entry *t = a;
        a = tmp;
        tmp = t;
    }
    return a;
}

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

/* Lays out the sections, allocates the image and fills its header. */
static int layout(glean_gazetteer *g, const size_t sizes[GAZ_S_COUNT], glean_error *err)
{
    size_t off = sizeof(glean_gaz_header);
    for (int s = 0; s < GAZ_S_COUNT; s++) {
        g->h.sections[s].offset = off;
        g->h.sections[s].size = sizes[s];
        off = align8(off + sizes[s]);
    }
    if (off > UINT32_MAX * (size_t)8)
        return glean_fail(err, GLEAN_ETOOBIG, 0, "gazetteer image too large");
    g->base = calloc(1, off);
    if (!g->base)
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    g->size = off;
    memcpy(g->h.magic, GLEAN_GAZ_MAGIC, 8);
    g->h.version = GLEAN_GAZ_VERSION;
    g->h.header_size = sizeof(glean_gaz_header);
    g->h.file_size = off;
    return GLEAN_OK;
}

#define SEC(g, s, type) ((type *)(void *)((g)->base + (g)->h.sections[s].offset))

/* Copies a string set's keys (in their numbering order) into the pool as NUL-terminated
 * strings, writing each one's pool offset to offs; returns the pool position after. */
static size_t copy_strings(const glean_strset *set, char *pool, size_t at, uint32_t *offs)
{
    for (size_t t = 0; t < set->n; t++) {
        const glean_strset_entry *e = &set->entries[t];
        offs[t] = (uint32_t)at;
        memcpy(pool + at, set->arena.data + e->key, e->key_len);
        at += e->key_len + 1;
    }
    return at;
}

int glean_gaz_compile(glean_gaz_builder *b, glean_gazetteer **out, glean_error *err)
{
    size_t n = b->n, nvocab = b->vocab.n;
    build_entry *tmp = NULL, *sorted;
    uint32_t *parent = NULL, *token = NULL, *entry_node = NULL;
    glean_gazetteer *g = calloc(1, sizeof *g);
    int rc = GLEAN_ENOMEM;
    if (!g)
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    /* The builder's own entries are sorted in place (their order does not matter to
     * it), so the only copy alive is the merge buffer, freed before the image exists. */
    tmp = malloc((n ? n : 1) * sizeof *tmp);
    parent = malloc((b->nseqs + 1) * sizeof *parent);
    token = malloc((b->nseqs + 1) * sizeof *token);
    entry_node = malloc((n ? n : 1) * sizeof *entry_node);
    if (!tmp || !parent || !token || !entry_node)
        goto fail;
    /* Sorted by phrase and payload, every duplicate (same phrase, label, id, exactness)
     * sits right after the entry it repeats, however many other entries share the
     * phrase: comparing with the last kept entry finds them all. (Sorting by phrase
     * alone missed "A/ORG, A/COMPANY, A/ORG".) */
    sorted = sort_entries(b, b->entries, tmp, n, full_cmp);
    if (sorted != b->entries && n)
        memcpy(b->entries, sorted, n * sizeof *sorted);
    sorted = b->entries;
    build_entry *spare = tmp;

    /* Drop duplicates, keeping the first added; each is reported once, however often
     * the builder is compiled. */
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (kept && seq_cmp(b, &sorted[kept - 1], &sorted[i]) == 0 &&
            payload_cmp(b, &sorted[kept - 1], &sorted[i]) == 0) {
            if (!b->dup_warned[sorted[i].order - 1]) {
                char why[96];
                snprintf(why, sizeof why, "duplicate of entry %u, skipped",
                         (unsigned)sorted[kept - 1].order);
                const char *ph = b->pool.data + sorted[i].phrase;
                if (warn(b, sorted[i].order, ph, strlen(ph), why))
                    goto fail;
                b->dup_warned[sorted[i].order - 1] = 1;
            }
            continue;
        }
        sorted[kept++] = sorted[i];
    }

    /* Entries of one phrase go back to insertion order: the matcher's default picks the
     * first entry of a node, which must be the first one added. */
    for (size_t lo = 0, hi; lo < kept; lo = hi) {
        for (hi = lo + 1; hi < kept && seq_cmp(b, &sorted[lo], &sorted[hi]) == 0; hi++)
            ;
        if (hi - lo > 1) {
            build_entry *r = sort_entries(b, sorted + lo, spare + lo, hi - lo, order_cmp);
            if (r != sorted + lo)
                memcpy(sorted + lo, r, (hi - lo) * sizeof *r);
        }
    }

    b->n = kept;       /* duplicates leave the builder for good (each was reported) */
    free(tmp);
    tmp = NULL;

    /* The trie in one pass: sorted phrases visit it in depth-first pre-order. */
    uint32_t path[GLEAN_GAZ_MAX_PHRASE_TOKENS + 1], nnodes = 1;
    size_t depth = 0;
    path[0] = 0;
    for (size_t i = 0; i < kept; i++) {
        const uint32_t *seq = b->seqs + sorted[i].seq;
        size_t len = sorted[i].seq_len, lcp = 0;
        if (i) {
            const uint32_t *prev = b->seqs + sorted[i - 1].seq;
            size_t plen = sorted[i - 1].seq_len;
            while (lcp < len && lcp < plen && lcp < depth && seq[lcp] == prev[lcp])
                lcp++;
        }
        depth = lcp;
        for (size_t k = lcp; k < len; k++) {
            parent[nnodes] = path[depth];
            token[nnodes] = seq[k];
            path[++depth] = nnodes++;
        }
        entry_node[i] = path[len];
        depth = len;
    }

    /* Section sizes. */
    size_t nroot = 0;
    for (uint32_t k = 1; k < nnodes; k++)
        nroot += parent[k] == 0;
    size_t nedges = (nnodes - 1) - nroot, nslots = 2;
    while (nslots < 2 * nvocab)
        nslots *= 2;
    size_t pool_size = b->vocab.arena.len + nvocab + b->labels.arena.len + b->labels.n +
                       b->sources.arena.len + b->sources.n + b->pool.len + 1;
    size_t sizes[GAZ_S_COUNT] = {
        nslots * 4, nvocab * 4, nvocab * 4, ((size_t)nnodes + 1) * sizeof(glean_gaz_node),
        nedges * 4, kept * sizeof(glean_gaz_entry_rec), b->labels.n * 4, b->sources.n * 4,
        pool_size};
    if (pool_size > UINT32_MAX - 1) {
        rc = glean_fail(err, GLEAN_ETOOBIG, 0, "over 4 GiB of gazetteer strings");
        goto fail_quiet;
    }
    if ((rc = layout(g, sizes, err)) != GLEAN_OK)
        goto fail_quiet;

    /* Pool: vocabulary keys, labels, sources, then the builder's strings. */
    char *pool = SEC(g, GAZ_S_POOL, char);
    size_t at = 0;
    at = copy_strings(&b->vocab, pool, at, SEC(g, GAZ_S_VOCAB_KEYS, uint32_t));
    at = copy_strings(&b->labels, pool, at, SEC(g, GAZ_S_LABELS, uint32_t));
    at = copy_strings(&b->sources, pool, at, SEC(g, GAZ_S_SOURCES, uint32_t));
    uint32_t shift = (uint32_t)at;
    memcpy(pool + at, b->pool.data, b->pool.len);

    /* Vocabulary hash table. */
    uint32_t *slots = SEC(g, GAZ_S_VOCAB_SLOTS, uint32_t);
    for (size_t t = 0; t < nvocab; t++) {
        const glean_strset_entry *e = &b->vocab.entries[t];
        size_t j = (size_t)e->hash & (nslots - 1);
        while (slots[j])
            j = (j + 1) & (nslots - 1);
        slots[j] = (uint32_t)t + 1;
    }

    /* Breadth-first renumbering. Children lists by parent come first (a counting sort
     * on the depth-first parent, stable, so children stay in increasing token order);
     * then a queue gives the children of each node consecutive numbers, which makes
     * an edge's child implicit: child(e) = e + 1 + nroot. */
    uint32_t *cstart = calloc((size_t)nnodes + 1, sizeof *cstart);
    uint32_t *cchild = malloc((size_t)nnodes * sizeof *cchild);
    uint32_t *order = malloc((size_t)nnodes * sizeof *order);
    uint32_t *newid = malloc((size_t)nnodes * sizeof *newid);
    uint32_t *cnt = calloc((size_t)nnodes + 1, sizeof *cnt);
    if (!cstart || !cchild || !order || !newid || !cnt) {
        free(cstart); free(cchild); free(order); free(newid); free(cnt);
        goto fail;
    }
    for (uint32_t k = 1; k < nnodes; k++)
        cstart[parent[k] + 1]++;
    for (uint32_t k = 0; k < nnodes; k++)
        cstart[k + 1] += cstart[k];
    memcpy(cnt, cstart, (size_t)nnodes * sizeof *cnt);
    for (uint32_t k = 1; k < nnodes; k++)
        cchild[cnt[parent[k]]++] = k;

    glean_gaz_node *nodes = SEC(g, GAZ_S_NODES, glean_gaz_node);
    uint32_t *root = SEC(g, GAZ_S_ROOT, uint32_t);
    uint32_t *etok = SEC(g, GAZ_S_EDGE_TOKEN, uint32_t);
    uint32_t next = 1;
    order[0] = 0;
    newid[0] = 0;
    for (uint32_t head = 0; head < next; head++) {
        uint32_t v = order[head];
        nodes[head].edge = head == 0 ? 0 : next - 1 - (uint32_t)nroot;
        for (uint32_t c = cstart[v]; c < cstart[v + 1]; c++) {
            newid[cchild[c]] = next;
            order[next++] = cchild[c];
        }
    }
    nodes[nnodes].edge = (uint32_t)nedges;
    for (uint32_t w = 1; w < nnodes; w++) {
        if (w <= nroot)
            root[token[order[w]]] = w;
        else
            etok[w - 1 - nroot] = token[order[w]];
    }

    /* Entries grouped by their node's new number (a stable counting sort again, so
     * entries of one phrase keep their insertion order). */
    glean_gaz_entry_rec *recs = SEC(g, GAZ_S_ENTRIES, glean_gaz_entry_rec);
    memset(cnt, 0, ((size_t)nnodes + 1) * sizeof *cnt);
    for (size_t i = 0; i < kept; i++)
        cnt[newid[entry_node[i]] + 1]++;
    for (uint32_t k = 0; k < nnodes; k++)
        cnt[k + 1] += cnt[k];
    for (uint32_t k = 0; k <= nnodes; k++)
        nodes[k].entry = cnt[k];
    for (size_t i = 0; i < kept; i++) {
        const build_entry *e = &sorted[i];
        uint32_t v = newid[entry_node[i]], at_rec = cnt[v]++;
        glean_gaz_entry_rec *r = &recs[at_rec];
        r->label = e->label;
        r->source = e->source;
        r->id = e->id == GLEAN_GAZ_NONE ? GLEAN_GAZ_NONE : e->id + shift;
        r->phrase = e->phrase + shift;
        r->exact = e->exact == GLEAN_GAZ_NONE ? GLEAN_GAZ_NONE : e->exact + shift;
        if (e->exact != GLEAN_GAZ_NONE)
            nodes[v].entry |= GLEAN_GAZ_EXACT; /* the matcher must look at the entries */
    }
    free(cstart);
    free(cchild);
    free(order);
    free(newid);
    free(cnt);

    g->h.key = (uint32_t)b->key;
    g->h.tokenizer_flags = glean_gaz_tokenizer_flags(b->tk);
    g->h.tokenizer_config = b->tk->config_hash;
    snprintf(g->h.unicode_version, sizeof g->h.unicode_version, "%s", glean_unicode_version());
    g->h.nvocab = (uint32_t)nvocab;
    g->h.nslots = (uint32_t)nslots;
    g->h.nnodes = nnodes;
    g->h.nedges = (uint32_t)nedges;
    g->h.nroot = (uint32_t)nroot;
    g->h.nentries = (uint32_t)kept;
    g->h.nlabels = (uint32_t)b->labels.n;
    g->h.nsources = (uint32_t)b->sources.n;
    memcpy(g->base, &g->h, sizeof g->h); /* the checksum covers the header too */
    g->h.checksum = glean_gaz_checksum(g->base, g->size);
    memcpy(g->base, &g->h, sizeof g->h);
    free(tmp);
    free(parent);
    free(token);
    free(entry_node);
    if ((rc = glean_gaz_bind(g, err)) != GLEAN_OK) {
        glean_gaz_free(g);
        return rc;
    }
    *out = g;
    return GLEAN_OK;

fail:
    rc = glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
fail_quiet:
    free(tmp);
    free(parent);
    free(token);
    free(entry_node);
    glean_gaz_free(g);
    return rc;
}
