/* glean_normalize.h — Unicode normalization with an ASCII fast path.
 *
 * Forms are bit sets. Runs of ASCII are copied (or lower-cased) directly; only the
 * stretches that contain bytes >= 0x80 (and, under GLEAN_NORM_STRIP_CONTROLS, ASCII
 * control bytes), together with the ASCII character just before them (it may compose
 * with a following combining mark), go through utf8proc. ASCII
 * characters are starters that never decompose and are never the second half of a
 * canonical composition, so cutting the text there gives the same result as
 * normalizing the whole string (the NormalizationTest.txt spec checks this). */
#ifndef GLEAN_NORMALIZE_H
#define GLEAN_NORMALIZE_H

#include "glean_common.h"

enum {
    GLEAN_NORM_DECOMPOSE = 1 << 0,     /* NFD/NFKD: leave decomposed (default: compose) */
    GLEAN_NORM_COMPAT = 1 << 1,        /* compatibility mappings (NFKC/NFKD) */
    GLEAN_NORM_CASEFOLD = 1 << 2,      /* Unicode full case folding */
    GLEAN_NORM_STRIP_MARKS = 1 << 3,   /* drop combining marks (é -> e) */
    GLEAN_NORM_FOLD_PUNCT = 1 << 4,    /* typographic quotes, dashes, spaces -> ASCII */
    GLEAN_NORM_COLLAPSE_SPACE = 1 << 5,/* runs of white space -> one ' ' */
    GLEAN_NORM_STRIP_CONTROLS = 1 << 6,/* drop control (Cc) and format (Cf) characters */
    GLEAN_NORM_REPLACE_INVALID = 1 << 7/* invalid bytes -> U+FFFD instead of an error */
};

#define GLEAN_FORM_NFC 0u
#define GLEAN_FORM_NFD ((unsigned)GLEAN_NORM_DECOMPOSE)
#define GLEAN_FORM_NFKC ((unsigned)GLEAN_NORM_COMPAT)
#define GLEAN_FORM_NFKD ((unsigned)(GLEAN_NORM_COMPAT | GLEAN_NORM_DECOMPOSE))
#define GLEAN_FORM_CASEFOLD ((unsigned)(GLEAN_NORM_COMPAT | GLEAN_NORM_CASEFOLD))
#define GLEAN_FORM_SEARCH ((unsigned)(GLEAN_NORM_COMPAT | GLEAN_NORM_CASEFOLD | \
    GLEAN_NORM_STRIP_MARKS | GLEAN_NORM_FOLD_PUNCT | GLEAN_NORM_COLLAPSE_SPACE))

/* Scratch space reused across calls (utf8proc works on UTF-32 buffers). */
typedef struct glean_normalizer {
    int32_t *u32;
    size_t u32_cap;
} glean_normalizer;

void glean_normalizer_init(glean_normalizer *nz);
void glean_normalizer_free(glean_normalizer *nz);

/* Appends the normalized form of s[0..len) to out. Returns GLEAN_OK, GLEAN_ENOMEM, or
 * GLEAN_EUTF8 (err->offset = offset of the first invalid byte) unless
 * GLEAN_NORM_REPLACE_INVALID is set, in which case each invalid byte becomes U+FFFD. */
int glean_normalize(glean_normalizer *nz, const char *s, size_t len, unsigned flags,
                    glean_buf *out, glean_error *err);

/* The Unicode version of the normalization data (utf8proc's). */
const char *glean_unicode_version(void);

/* Maps one code point for GLEAN_NORM_FOLD_PUNCT: returns the ASCII replacement as a
 * NUL-terminated string, or NULL when cp is not folded. */
const char *glean_fold_punct(int32_t cp);

#endif
