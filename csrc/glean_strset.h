/* glean_strset.h — a small hash map from byte strings to a 32-bit value, used for the
 * tokenizer's special cases, abbreviation lists and chunk cache. Keys are copied into
 * an arena addressed by offsets. */
#ifndef GLEAN_STRSET_H
#define GLEAN_STRSET_H

#include "glean_common.h"

typedef struct glean_strset_entry {
    uint64_t hash;
    uint32_t key, key_len; /* arena offset and length */
    uint32_t value;
} glean_strset_entry;

typedef struct glean_strset {
    glean_strset_entry *entries;
    size_t n, cap;
    uint32_t *slots; /* entry index + 1, 0 = empty */
    size_t nslots;
    glean_buf arena;
    size_t min_len, max_len; /* quick rejection before hashing */
} glean_strset;

void glean_strset_init(glean_strset *s);
void glean_strset_free(glean_strset *s);
/* Adds or replaces key -> value. GLEAN_OK or GLEAN_ENOMEM. */
int glean_strset_put(glean_strset *s, const char *key, size_t len, uint64_t hash, uint32_t value);
/* 1 and *value when present. */
int glean_strset_get(const glean_strset *s, const char *key, size_t len, uint64_t hash,
                     uint32_t *value);

#endif
