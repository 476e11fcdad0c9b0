/* glean_doc.h — a parsed document: tokens and sentences over a text the caller owns.
 *
 * All offsets are 0-based, half-open byte offsets into the original text; token and
 * sentence indices are 0-based here (the Lua binding adds 1). A doc can be reused
 * across parses: its arrays keep their capacity. */
#ifndef GLEAN_DOC_H
#define GLEAN_DOC_H

#include "glean_tokenize.h"

typedef struct glean_sent {
    uint32_t first, last; /* inclusive token indices */
} glean_sent;

typedef struct glean_doc {
    const char *text;     /* not owned: must outlive the doc's use */
    size_t len;
    glean_token *toks;
    size_t ntoks, toks_cap;
    glean_sent *sents;
    size_t nsents, sents_cap;
    uint32_t *chars;      /* lazily: code point offsets of each token's start and end */
    size_t chars_cap;
    int chars_ready;
    int borrowed;         /* toks and sents belong to someone else: never freed here */
} glean_doc;

void glean_doc_init(glean_doc *d);
void glean_doc_free(glean_doc *d);

/* Tokenizes and sentence-splits text[0..len) into d (which is reset first). Under
 * invalid="error" the whole text is validated first: GLEAN_EUTF8 with err->offset. */
int glean_parse(glean_tokenizer *tk, const char *text, size_t len, glean_doc *d,
                glean_error *err);

/* Splits d's tokens into sentences (called by glean_parse). */
int glean_split_sentences(const glean_tokenizer *tk, glean_doc *d, glean_error *err);

/* Index of the token covering byte `off`, or -1 when off is white space or outside. */
long glean_doc_token_at(const glean_doc *d, size_t off);

/* Index of the token starting exactly at `off` (or ending exactly at `off` when
 * `at_end`), or -1. */
long glean_doc_token_boundary(const glean_doc *d, size_t off, int at_end);

/* Code point offsets of token i's start and end (computed once per doc on first use). */
int glean_doc_char_offsets(glean_doc *d, size_t i, uint32_t *cstart, uint32_t *cend);

/* 1 when a blank line (two line breaks, or U+2029) lies in text[a..b). */
int glean_has_paragraph_break(const char *text, size_t a, size_t b);

#endif
