/* glean_strset.c — open addressing with linear probing, load factor <= 1/2. */
#include "glean_strset.h"

#include <stdlib.h>
#include <string.h>

void glean_strset_init(glean_strset *s)
{
    memset(s, 0, sizeof *s);
    glean_buf_init(&s->arena);
    s->min_len = SIZE_MAX;
}

void glean_strset_free(glean_strset *s)
{
    free(s->entries);
    free(s->slots);
    glean_buf_free(&s->arena);
    glean_strset_init(s);
}

static int resize(glean_strset *s, size_t nslots)
{
    uint32_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return GLEAN_ENOMEM;
    for (size_t i = 0; i < s->n; i++) {
        size_t j = (size_t)s->entries[i].hash & (nslots - 1);
        while (slots[j])
            j = (j + 1) & (nslots - 1);
        slots[j] = (uint32_t)i + 1;
    }
    free(s->slots);
    s->slots = slots;
    s->nslots = nslots;
    return GLEAN_OK;
}

static uint32_t *find_slot(const glean_strset *s, const char *key, size_t len, uint64_t hash)
{
    size_t mask = s->nslots - 1;
    for (size_t j = (size_t)hash & mask;; j = (j + 1) & mask) {
        uint32_t v = s->slots[j];
        if (!v)
            return &s->slots[j];
        const glean_strset_entry *e = &s->entries[v - 1];
        if (e->hash == hash && e->key_len == len && memcmp(s->arena.data + e->key, key, len) == 0)
            return &s->slots[j];
    }
}

int glean_strset_get(const glean_strset *s, const char *key, size_t len, uint64_t hash,
                     uint32_t *value)
{
    if (s->n == 0 || len < s->min_len || len > s->max_len)
        return 0;
    uint32_t v = *find_slot(s, key, len, hash);
    if (!v)
        return 0;
    *value = s->entries[v - 1].value;
    return 1;
}

int glean_strset_put(glean_strset *s, const char *key, size_t len, uint64_t hash, uint32_t value)
{
    if ((s->n + 1) * 2 > s->nslots && resize(s, s->nslots ? s->nslots * 2 : 64))
        return GLEAN_ENOMEM;
    uint32_t *slot = find_slot(s, key, len, hash);
    if (*slot) {
        s->entries[*slot - 1].value = value;
        return GLEAN_OK;
    }
    if (s->arena.len + len + 1 > UINT32_MAX)
        return GLEAN_ENOMEM;
    if (glean_grow((void **)&s->entries, &s->cap, s->n + 1, sizeof *s->entries))
        return GLEAN_ENOMEM;
    glean_strset_entry *e = &s->entries[s->n];
    e->hash = hash;
    e->key = (uint32_t)s->arena.len;
    e->key_len = (uint32_t)len;
    e->value = value;
    if (glean_buf_append(&s->arena, key, len))
        return GLEAN_ENOMEM;
    *slot = (uint32_t)s->n + 1;
    s->n++;
    if (len < s->min_len)
        s->min_len = len;
    if (len > s->max_len)
        s->max_len = len;
    return GLEAN_OK;
}
