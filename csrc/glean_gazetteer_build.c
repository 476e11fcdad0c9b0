/* glean_gazetteer_build.c — collecting entries: each phrase is tokenized by the
 * documents' tokenizer and kept as a sequence of vocabulary token ids, with its label,
 * id and source (glean_gazetteer_compile.c turns them into an image). */
#include "glean_gazetteer_builder.h"
#include "glean_normalize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    free(b->base_order);
    glean_gaz_free(b->base);
    free(b);
}

/* Entries compiled into the base image (its own count) and added since. */
size_t glean_gaz_builder_count(const glean_gaz_builder *b)
{
    return (b->base ? b->base->h.nentries : 0) + b->n;
}
size_t glean_gaz_builder_warning_count(const glean_gaz_builder *b) { return b->nwarnings; }

const char *glean_gaz_builder_warning(const glean_gaz_builder *b, size_t k)
{
    return k < b->nwarnings ? b->warnings.data + b->warning_offs[k] : NULL;
}

int glean_gaz_builder_warn(glean_gaz_builder *b, size_t number, const char *phrase,
                           size_t len, const char *why)
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

int glean_gaz_pool_add(glean_buf *pool, const char *s, size_t n, uint32_t *off)
{
    if (pool->len == 0 && glean_buf_append(pool, "", 1)) /* offset 0: the empty string */
        return GLEAN_ENOMEM;
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

/* An entry that is not stored: its warning, and GLEAN_OK (ENOMEM if even that fails). */
static int skip(glean_gaz_builder *b, size_t number, const char *phrase, size_t len,
                const char *why, glean_error *err)
{
    if (glean_gaz_builder_warn(b, number, phrase, len, why))
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
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
    if (glean_gaz_builder_count(b) >= GLEAN_GAZ_MAX_ENTRIES)
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
        return skip(b, number, phrase, len, "empty phrase, skipped", err);
    if (d->ntoks > GLEAN_GAZ_MAX_PHRASE_TOKENS)
        return skip(b, number, phrase, len, "more than 64 tokens, skipped", err);
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
            return skip(b, number, phrase, len,
                        "a token normalizes to nothing and can never match, skipped", err);
        /* Keys live in the image as NUL-terminated strings and the matcher never
         * matches a key holding a NUL: such an entry would be stored and never found. */
        if (memchr(k, '\0', kn))
            return skip(b, number, phrase, len,
                        "a token contains a NUL byte and can never match, skipped", err);
        if (token_of_type(b, d->toks[i].type, &b->seqs[b->nseqs + i]))
            return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    }
    if (intern_name(&b->labels, label, label_len, &e.label) ||
        intern_name(&b->sources, source, source_len, &e.source) ||
        glean_gaz_pool_add(&b->pool, phrase, len, &e.phrase) ||
        (id && glean_gaz_pool_add(&b->pool, id, id_len, &e.id)))
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

