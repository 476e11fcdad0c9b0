/* glean_chunk_cache.h — the tokenizer's memo of how each distinct short chunk splits.
 *
 * News text repeats its chunks (words with their punctuation) so often that almost
 * all are seen before; a hit must cost no more than one cache miss, and usually none.
 * An entry is one 64-byte cache line holding the key (up to 40 bytes inline) and, for
 * chunks of one or two tokens (nearly all), their type ids, so a lookup touches one
 * line. The tokenizer hashes a batch of chunks ahead and prefetches their slots
 * (glean_chunk_cache_prefetch), which hides that miss. (A small direct-mapped "hot"
 * table in front was tried and measured slower: the copies on every hit cost more
 * than the L2 hits saved.) */
#ifndef GLEAN_CHUNK_CACHE_H
#define GLEAN_CHUNK_CACHE_H

#include "glean_common.h"

#include <string.h>

#define GLEAN_CHUNK_INLINE_KEY 40
#define GLEAN_CHUNK_CACHE_MAX_KEY 64

typedef struct glean_chunk_entry {
    uint64_t hash;        /* 0 = empty slot (hashes are forced non-zero) */
    uint32_t value;       /* npieces <= 2: type of the first piece; else offset in pieces */
    uint32_t value2;      /* npieces == 2: type of the second piece ("word," "Huawei’s") */
    uint16_t len;         /* key length */
    uint8_t npieces;
    uint8_t first_len;    /* npieces == 2: byte length of the first piece */
    uint32_t key_off;     /* keys over 40 bytes: arena offset of the rest of the key */
    char key[GLEAN_CHUNK_INLINE_KEY];
} glean_chunk_entry;

_Static_assert(sizeof(glean_chunk_entry) == 64, "a chunk cache entry is one cache line");

typedef struct glean_chunk_cache {
    glean_chunk_entry *slots;
    size_t nslots, n, max_entries;
    glean_buf arena;          /* key bytes past the first 40 */
    uint32_t *pieces;         /* (len, type) pairs for chunks of three or more pieces */
    size_t npieces, pieces_cap;
} glean_chunk_cache;

void glean_chunk_cache_init(glean_chunk_cache *c, size_t max_entries);
void glean_chunk_cache_free(glean_chunk_cache *c);
void glean_chunk_cache_clear(glean_chunk_cache *c);

/* Compares the inline key (same length n, known) with s by overlapping word loads
 * that stay inside both: the last word is read at n-8 (or n-4) rather than padded. */
static inline int glean_chunk_key_equal(const char *key, const char *s, size_t n)
{
    if (n >= 8) {
        uint64_t a, b;
        for (size_t k = 0; k + 8 < n; k += 8) {
            memcpy(&a, key + k, 8);
            memcpy(&b, s + k, 8);
            if (a != b)
                return 0;
        }
        memcpy(&a, key + n - 8, 8);
        memcpy(&b, s + n - 8, 8);
        return a == b;
    }
    if (n >= 4) {
        uint32_t a1, b1, a2, b2;
        memcpy(&a1, key, 4);
        memcpy(&b1, s, 4);
        memcpy(&a2, key + n - 4, 4);
        memcpy(&b2, s + n - 4, 4);
        return a1 == b1 && a2 == b2;
    }
    for (size_t k = 0; k < n; k++)
        if (key[k] != s[k])
            return 0;
    return 1;
}

static inline int glean_chunk_matches(const glean_chunk_cache *c, const glean_chunk_entry *e,
                                      const char *s, size_t n, uint64_t h)
{
    if (e->hash != h || e->len != n)
        return 0;
    if (n <= GLEAN_CHUNK_INLINE_KEY)
        return glean_chunk_key_equal(e->key, s, n);
    return glean_chunk_key_equal(e->key, s, GLEAN_CHUNK_INLINE_KEY) &&
           memcmp(c->arena.data + e->key_off, s + GLEAN_CHUNK_INLINE_KEY,
                  n - GLEAN_CHUNK_INLINE_KEY) == 0;
}

/* Issues a prefetch for the slot where key hash h lives. */
static inline void glean_chunk_cache_prefetch(const glean_chunk_cache *c, uint64_t h)
{
    if (c->nslots)
        __builtin_prefetch(&c->slots[h & (c->nslots - 1)]);
}

/* The entry for key s[0..n) with hash h (non-zero), or NULL. */
static inline const glean_chunk_entry *glean_chunk_cache_get(const glean_chunk_cache *c,
                                                             const char *s, size_t n, uint64_t h)
{
    if (!c->n)
        return NULL;
    size_t mask = c->nslots - 1;
    for (size_t j = (size_t)h & mask;; j = (j + 1) & mask) {
        const glean_chunk_entry *e = &c->slots[j];
        if (e->hash == 0)
            return NULL;
        if (glean_chunk_matches(c, e, s, n, h))
            return e;
    }
}

/* Adds key -> pieces ((len, type) pairs, count np). Silently does nothing when the
 * cache is full or memory is short: the cache is an optimisation, never required. */
void glean_chunk_cache_put(glean_chunk_cache *c, const char *s, size_t n, uint64_t h,
                           const uint32_t *pairs, size_t np);

#endif
