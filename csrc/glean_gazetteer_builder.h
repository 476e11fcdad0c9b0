/* glean_gazetteer_builder.h — the builder's state, shared by adding
 * (glean_gazetteer_build.c) and compiling (glean_gazetteer_compile.c). Internal. */
#ifndef GLEAN_GAZETTEER_BUILDER_H
#define GLEAN_GAZETTEER_BUILDER_H

#include "glean_gazetteer_image.h"
#include "glean_strset.h"

typedef struct build_entry {
    uint32_t seq, seq_len;   /* offset/length in seqs */
    uint32_t label, source;  /* label / source numbers */
    uint32_t id;             /* pool offset or NONE */
    uint32_t phrase;         /* pool offset */
    uint32_t exact;          /* pool offset or NONE */
    uint32_t order;          /* add-call number: ties keep it, warnings cite it */
} build_entry;

/* Entries live in two places. Those added since the last compile are build_entry
 * records over seqs and pool. Compiling hands them all to the image (the sequences are
 * dropped, the records become the image's entries, the pool becomes the image), which
 * the builder keeps as its base: a million entries are never held twice. The next
 * compile after more adds turns the base's entries back into records first. */
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
    glean_buf pool;          /* ids, phrases, exact texts; empty until the first add */
    glean_gazetteer *base;   /* the last compiled image (a reference), or NULL */
    uint32_t *base_order;    /* add-call number of each of its entries, in image order */
    size_t calls;            /* add calls so far: entry numbers in warnings */
    glean_buf warnings;      /* NUL-separated messages */
    uint32_t *warning_offs;
    size_t nwarnings, warnings_cap;
    unsigned char *dup_warned; /* per add call: its duplicate warning was given */
    size_t dup_warned_cap;
    glean_doc scratch;
};

/* Records the warning "entry NUMBER "PHRASE": WHY". GLEAN_OK or GLEAN_ENOMEM. */
int glean_gaz_builder_warn(glean_gaz_builder *b, size_t number, const char *phrase,
                           size_t len, const char *why);

/* Appends s[0..n) and a NUL to the pool (starting it with the empty string at offset 0
 * when it is empty); *off is where it went. GLEAN_OK, GLEAN_ENOMEM or GLEAN_ETOOBIG. */
int glean_gaz_pool_add(glean_buf *pool, const char *s, size_t n, uint32_t *off);

#endif
