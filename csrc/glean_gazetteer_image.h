/* glean_gazetteer_image.h — the compiled gazetteer's layout (internal).
 *
 * One file, position-independent (offsets only), little-endian, every section aligned
 * to 8 bytes. The header's table gives every section's offset (in enum order below);
 * the compiler writes the pool first and the rest after it (glean_gazetteer_compile.c):
 *
 *   header            glean_gaz_header (below), 320 bytes
 *   vocab_slots       u32[nslots]   open-addressing table: token id + 1, 0 = empty;
 *                                   slot = glean_hash(key) & (nslots - 1), linear probing
 *   vocab_keys        u32[nvocab]   pool offset of each token's key (NUL-terminated)
 *   root              u32[nvocab]   child of the root for each token id, 0 = none
 *   nodes             glean_gaz_node[nnodes+1]  edges of node n are
 *                                   [nodes[n].edge, nodes[n+1].edge); entries ending at n
 *                                   are [nodes[n].entry & ~EXACT, nodes[n+1].entry & ~EXACT);
 *                                   the EXACT bit says one of them is an exact entry
 *   edge_token        u32[nedges]   token id of each edge, increasing within a node
 *   entries           glean_gaz_entry_rec[nentries]
 *   labels            u32[nlabels]  pool offsets of label strings
 *   sources           u32[nsources] pool offsets of list names
 *   pool              bytes         NUL-terminated strings; its last byte is NUL
 *
 * Nodes are numbered breadth-first, so the children of a node are consecutive: node 0
 * is the root, its children (found through `root`) are 1..nroot, and the child along
 * edge e is node e + 1 + nroot. No child array is stored. The checksum
 * (glean_gaz_checksum) covers every byte of the file, the header included, so a flipped
 * key kind, moved section or padding byte is caught like a flipped section byte. The
 * header records the token key (norm/lower/text), the tokenizer's settings and
 * configuration hash, and utf8proc's Unicode version: a gazetteer only matches
 * documents tokenized the same way. */
#ifndef GLEAN_GAZETTEER_IMAGE_H
#define GLEAN_GAZETTEER_IMAGE_H

#include "glean_gazetteer.h"

#define GLEAN_GAZ_MAGIC "GLEANGZ\x1A"
#define GLEAN_GAZ_VERSION 2u /* 2: the checksum hashes the sections in four lanes */
#define GLEAN_GAZ_NONE UINT32_MAX

enum {
    GAZ_S_VOCAB_SLOTS, GAZ_S_VOCAB_KEYS, GAZ_S_ROOT, GAZ_S_NODES, GAZ_S_EDGE_TOKEN,
    GAZ_S_ENTRIES, GAZ_S_LABELS, GAZ_S_SOURCES, GAZ_S_POOL, GAZ_S_COUNT
};

#define GLEAN_GAZ_EXACT 0x80000000u

/* One node: where its edges and its entries start (interleaved: one cache line holds
 * both ends of both ranges). */
typedef struct glean_gaz_node {
    uint32_t edge, entry;
} glean_gaz_node;

typedef struct glean_gaz_section {
    uint64_t offset, size; /* bytes from the start of the file */
} glean_gaz_section;

typedef struct glean_gaz_header {
    char magic[8];
    uint32_t version, header_size;
    uint64_t file_size;
    uint64_t checksum;
    uint32_t key;             /* GLEAN_GAZ_KEY_* */
    uint32_t tokenizer_flags; /* bit 0 english, bit 1 split_hyphens */
    uint64_t tokenizer_config;/* hash of special cases and abbreviations */
    char unicode_version[16];
    uint32_t nvocab, nslots, nnodes, nedges, nentries, nlabels, nsources, nroot;
    glean_gaz_section sections[GAZ_S_COUNT];
    char padding[320 - 96 - 16 * GAZ_S_COUNT];
} glean_gaz_header;

_Static_assert(sizeof(glean_gaz_header) == 320, "the header is 320 bytes");

typedef struct glean_gaz_entry_rec {
    uint32_t label, source;   /* indices into labels / sources */
    uint32_t id;              /* pool offset, or GLEAN_GAZ_NONE */
    uint32_t phrase;          /* pool offset of the phrase as given */
    uint32_t exact;           /* pool offset of the token texts joined by 0x1F, or NONE */
} glean_gaz_entry_rec;

struct glean_gazetteer {
    unsigned char *base;      /* the image: malloc'd (built) or mmap'd (opened) */
    size_t size;
    int mapped;
    int refs;                 /* owners: glean_gaz_free releases one; a builder keeps
                                 the image it compiled as one of them */
    glean_gaz_header h;       /* a copy, for alignment */
    const uint32_t *vocab_slots, *vocab_keys, *root, *edge_token, *labels, *sources;
    const glean_gaz_node *nodes;
    const glean_gaz_entry_rec *entries;
    const char *pool;
    size_t pool_size;
};

/* Points g's section pointers into g->base after checking the header's sizes and
 * bounds (not the checksum). GLEAN_GAZ_EBADFILE with a message otherwise. */
int glean_gaz_bind(glean_gazetteer *g, glean_error *err);

/* The checksum of an image of size bytes (at least a header): glean_hash of the
 * header with its checksum field replaced by glean_hash of the bytes after it. */
uint64_t glean_gaz_checksum(const unsigned char *base, size_t size);

/* The settings a tokenizer contributes to the header. */
uint32_t glean_gaz_tokenizer_flags(const glean_tokenizer *tk);

/* A string in the pool, or NULL when the offset is outside it. */
static inline const char *glean_gaz_str(const glean_gazetteer *g, uint32_t off)
{
    return off < g->pool_size ? g->pool + off : NULL;
}

/* The key of a lexicon type under a key kind (norm, lower or text). */
static inline void glean_gaz_type_key(const glean_tokenizer *tk, int key, uint32_t type,
                                      const char **s, size_t *n)
{
    const glean_lexeme *x = &tk->lex.types[type];
    if (key == GLEAN_GAZ_KEY_NORM) {
        *s = glean_lex_str(&tk->lex, x->norm);
        *n = x->norm_len;
    } else if (key == GLEAN_GAZ_KEY_LOWER) {
        *s = glean_lex_str(&tk->lex, x->lower);
        *n = x->lower_len;
    } else {
        *s = glean_lex_str(&tk->lex, x->text);
        *n = x->text_len;
    }
}

#endif
