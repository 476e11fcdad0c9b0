/* glean_tokenize.h — the rule-based tokenizer.
 *
 * Text is cut at white space into chunks; each chunk is split as spaCy does it: special
 * cases and protected forms (URLs, e-mail addresses, handles, hashtags, abbreviations)
 * first, then prefixes (opening punctuation, currency), suffixes (closing punctuation,
 * English clitics), and finally infixes (hyphens, slashes, ellipses, script changes).
 * A chunk's pieces depend on the chunk alone, so the result for each distinct short
 * chunk is cached as (length, type id) pairs: on news text most chunks are cache hits
 * and cost one hash lookup. Grapheme clusters are never split.
 *
 * A tokenizer is not thread-safe (it interns types as it goes): one per thread. */
#ifndef GLEAN_TOKENIZE_H
#define GLEAN_TOKENIZE_H

#include "glean_common.h"
#include "glean_lexicon.h"
#include "glean_chunk_cache.h"
#include "glean_strset.h"

/* One token: 0-based half-open byte offsets, type id in the lexicon, sentence index. */
typedef struct glean_token {
    uint32_t start, end;
    uint32_t type;
    uint32_t sent;
} glean_token;

typedef struct glean_tokenizer_options {
    int english;        /* English clitics, abbreviations, lexicalised hyphens (lang="en") */
    int split_hyphens;  /* no-spy -> no - spy (default 1) */
    int replace_invalid;/* invalid UTF-8 bytes become U+FFFD symbols instead of an error */
} glean_tokenizer_options;

typedef struct glean_unit {
    uint32_t start, len;
    int32_t cp;
    uint32_t cls;
} glean_unit;

typedef struct glean_tokenizer {
    glean_tokenizer_options opt;
    uint64_t config_hash;       /* order-free hash of special cases and abbreviations:
                                   compiled gazetteers record it */
    glean_lexicon lex;
    glean_strset specials;      /* chunk text -> index into special_pieces */
    uint32_t *special_pieces;   /* [n, len1, ..., lenN] per special case */
    size_t nspecial_pieces, special_pieces_cap;
    glean_strset abbrevs;       /* exact abbreviation strings ("Mr.", "approx.") */
    glean_strset titles;        /* abbreviations that never end a sentence ("Mr.") */
    glean_chunk_cache cache;    /* chunk text -> its (length, type id) pieces */
    int cache_frozen;           /* read the cache but add nothing (a million gazetteer
                                   phrases would otherwise fill it with one-off chunks) */
    glean_unit *units;          /* scratch: the current chunk's grapheme clusters */
    size_t units_cap;
    uint32_t *pieces;           /* scratch: (start, end) pairs of the current chunk */
    size_t npieces, pieces_cap;
    uint32_t *suffixes;         /* scratch: pending suffix (lo, hi) unit ranges */
    size_t nsuffixes, suffixes_cap;
} glean_tokenizer;

int glean_tokenizer_init(glean_tokenizer *tk, const glean_tokenizer_options *opt,
                         glean_error *err);
void glean_tokenizer_free(glean_tokenizer *tk);

/* Adds a special case: the exact chunk `s` tokenizes as pieces of the given byte
 * lengths (they must add up to len, each > 0). GLEAN_EARG otherwise. */
int glean_tokenizer_add_special(glean_tokenizer *tk, const char *s, size_t len,
                                const size_t *piece_lens, size_t npieces, glean_error *err);

/* Adds an abbreviation that stays one token with its final period ("approx."). */
int glean_tokenizer_add_abbreviation(glean_tokenizer *tk, const char *s, size_t len,
                                     glean_error *err);

/* Tokenizes text[0..len) and appends the tokens to *toks (count *n, capacity *cap; the
 * array is realloc'd as needed and owned by the caller). Sentence indices are left 0.
 * GLEAN_EUTF8 (err->offset) for invalid UTF-8 unless replace_invalid. */
int glean_tokenize(glean_tokenizer *tk, const char *text, size_t len, glean_token **toks,
                   size_t *n, size_t *cap, glean_error *err);

/* Built-in rule tables (glean_tokenize_rules.c). */
int glean_tokenizer_add_builtin_rules(glean_tokenizer *tk, glean_error *err);
int glean_is_hyphen_prefix(const char *s, size_t len);  /* "non", "e", "co", ... */
int glean_is_url_tld(const char *s, size_t len);        /* "com", "org", "uk", ... */
int glean_is_emoticon(const char *s, size_t len);       /* ":)", ";-)", "<3", ... */
int glean_is_ampm(const char *s, size_t len);           /* "AM", "p.m.", ... */
int glean_is_salutation(const char *s, size_t len);     /* "Regards", "Thanks", ... */

#endif
