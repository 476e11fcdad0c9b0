/* glean_lexicon.h — interned token types and their attributes.
 *
 * Every distinct token string is stored once and gets a dense id; its attributes
 * (norm, lower, shape, flags, length in code points) are computed when it is first
 * interned and never again (a news corpus has ~1% as many types as tokens). Strings
 * live in one arena addressed by offsets, so growing it never invalidates an id. */
#ifndef GLEAN_LEXICON_H
#define GLEAN_LEXICON_H

#include "glean_common.h"
#include "glean_normalize.h"

/* Token flags (bit positions are part of the binding, not of the file formats). */
enum {
    GLEAN_IS_ALPHA = 1u << 0,
    GLEAN_IS_DIGIT = 1u << 1,
    GLEAN_IS_PUNCT = 1u << 2,
    GLEAN_IS_SPACE = 1u << 3,
    GLEAN_IS_TITLE = 1u << 4,
    GLEAN_IS_UPPER = 1u << 5,
    GLEAN_IS_LOWER = 1u << 6,
    GLEAN_IS_QUOTE = 1u << 7,
    GLEAN_IS_BRACKET = 1u << 8,
    GLEAN_IS_CURRENCY = 1u << 9,
    GLEAN_IS_STOP = 1u << 10,
    GLEAN_LIKE_NUM = 1u << 11,
    GLEAN_LIKE_URL = 1u << 12,
    GLEAN_LIKE_EMAIL = 1u << 13,
    /* internal helpers for the sentence splitter */
    GLEAN_IS_TERMINAL = 1u << 16,   /* . ! ? ... and runs of them */
    GLEAN_IS_ELLIPSIS = 1u << 17,   /* ... or … */
    GLEAN_IS_ABBREV = 1u << 18,     /* ends in '.' and is longer than it (U.S., Mr.) */
    GLEAN_IS_CLOSING = 1u << 19,    /* closing bracket or quote that may follow a terminal */
    GLEAN_IS_OPENING = 1u << 20,    /* opening bracket or quote */
    GLEAN_IS_INITIAL = 1u << 21,    /* one capital letter and a period: J. */
    GLEAN_STARTS_UPPER = 1u << 22,  /* first letter is upper or title case */
    GLEAN_STARTS_LOWER = 1u << 23,  /* first letter is lower case */
    GLEAN_IS_TITLE_ABBREV = 1u << 24,/* Mr. Dr. and friends: never end a sentence */
    GLEAN_IS_EMOTICON = 1u << 25,   /* :) ;-) — may end a sentence like an ellipsis */
    GLEAN_IS_AMPM = 1u << 26,       /* AM PM a.m. p.m. */
    GLEAN_IS_SALUTATION = 1u << 27  /* Regards Thanks Sincerely Cheers: close a letter */
};

typedef struct glean_lexeme {
    uint32_t text, text_len;   /* arena offsets */
    uint32_t norm, norm_len;   /* the "search" key */
    uint32_t lower, lower_len;
    uint32_t shape, shape_len;
    uint32_t flags;
    uint32_t length;           /* code points */
    uint64_t hash;
} glean_lexeme;

typedef struct glean_lexicon {
    glean_lexeme *types;
    uint32_t *flags;           /* types[i].flags again, packed: hot loops read only this */
    size_t ntypes, types_cap;  /* flags has room for types_cap entries too */
    uint32_t *slots;           /* open addressing: type id + 1, 0 = empty */
    size_t nslots;             /* power of two */
    glean_buf arena;
    glean_buf scratch;
    glean_normalizer nz;
    int english;               /* English stop words and number words */
} glean_lexicon;

int glean_lexicon_init(glean_lexicon *lx, int english);
void glean_lexicon_free(glean_lexicon *lx);

/* 64-bit hash of a byte string (also used by the tokenizer's caches). */
uint64_t glean_hash(const void *p, size_t n);

/* A hash of large inputs (the compiled gazetteer's checksum, format 2): glean_hash's
 * multiply-mix in four independent lanes over 64-byte rounds, about four times its speed
 * on megabytes, where one lane waits on each multiply; the lanes, the tail and the
 * length folded with glean_hash. */
uint64_t glean_hash_bulk(const void *p, size_t n);

/* Finds or adds s[0..len); stores the id in *id. GLEAN_OK or GLEAN_ENOMEM/ETOOBIG. */
int glean_lexicon_intern(glean_lexicon *lx, const char *s, size_t len, uint64_t hash,
                         uint32_t *id, glean_error *err);

/* Looks up without adding: 1 and *id when present, else 0. */
int glean_lexicon_find(const glean_lexicon *lx, const char *s, size_t len, uint32_t *id);

static inline const char *glean_lex_str(const glean_lexicon *lx, uint32_t off)
{
    return lx->arena.data + off;
}

/* Sets flags on a type in both places they are kept. */
static inline void glean_lexicon_add_flags(glean_lexicon *lx, uint32_t id, uint32_t flags)
{
    lx->types[id].flags |= flags;
    lx->flags[id] |= flags;
}

/* 1 when lower-cased s is an English stop word. */
int glean_is_stop_word(const char *lower, size_t len);

#endif
