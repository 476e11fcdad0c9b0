/* glean_chunk_cache.c — see the header. */
#include "glean_chunk_cache.h"

#include <stdlib.h>

void glean_chunk_cache_init(glean_chunk_cache *c, size_t max_entries)
{
    memset(c, 0, sizeof *c);
    glean_buf_init(&c->arena);
    c->max_entries = max_entries;
}

void glean_chunk_cache_free(glean_chunk_cache *c)
{
    free(c->slots);
    free(c->pieces);
    glean_buf_free(&c->arena);
    size_t max = c->max_entries;
    glean_chunk_cache_init(c, max);
}

void glean_chunk_cache_clear(glean_chunk_cache *c)
{
    glean_chunk_cache_free(c);
}

static int grow_table(glean_chunk_cache *c)
{
    size_t n = c->nslots ? c->nslots * 2 : 1024;
    /* Aligned to the cache line, so every entry is exactly one line (with calloc's
     * 16-byte alignment each would straddle two). */
    glean_chunk_entry *slots = aligned_alloc(64, n * sizeof *slots);
    if (!slots)
        return GLEAN_ENOMEM;
    memset(slots, 0, n * sizeof *slots);
    for (size_t i = 0; i < c->nslots; i++) {
        if (!c->slots[i].hash)
            continue;
        size_t j = (size_t)c->slots[i].hash & (n - 1);
        while (slots[j].hash)
            j = (j + 1) & (n - 1);
        slots[j] = c->slots[i];
    }
    free(c->slots);
    c->slots = slots;
    c->nslots = n;
    return GLEAN_OK;
}

void glean_chunk_cache_put(glean_chunk_cache *c, const char *s, size_t n, uint64_t h,
                           const uint32_t *pairs, size_t np)
{
    if (n > GLEAN_CHUNK_CACHE_MAX_KEY || np == 0 || np > UINT8_MAX || c->n >= c->max_entries)
        return;
    if ((c->n + 1) * 2 > c->nslots && grow_table(c))
        return;
    glean_chunk_entry e;
    memset(&e, 0, sizeof e);
    e.hash = h;
    e.len = (uint16_t)n;
    e.npieces = (uint8_t)np;
    memcpy(e.key, s, n < GLEAN_CHUNK_INLINE_KEY ? n : GLEAN_CHUNK_INLINE_KEY);
    if (n > GLEAN_CHUNK_INLINE_KEY) {
        if (c->arena.len + n > UINT32_MAX)
            return;
        e.key_off = (uint32_t)c->arena.len;
        if (glean_buf_append(&c->arena, s + GLEAN_CHUNK_INLINE_KEY, n - GLEAN_CHUNK_INLINE_KEY))
            return;
    }
    if (np <= 2) {
        e.value = pairs[1];
        if (np == 2) {
            e.first_len = (uint8_t)pairs[0];
            e.value2 = pairs[3];
        }
    } else {
        if (c->npieces + 2 * np > UINT32_MAX ||
            glean_grow((void **)&c->pieces, &c->pieces_cap, c->npieces + 2 * np, sizeof *c->pieces))
            return;
        e.value = (uint32_t)c->npieces;
        memcpy(c->pieces + c->npieces, pairs, 2 * np * sizeof *pairs);
        c->npieces += 2 * np;
    }
    size_t mask = c->nslots - 1, j = (size_t)h & mask;
    while (c->slots[j].hash)
        j = (j + 1) & mask;
    c->slots[j] = e;
    c->n++;
}
