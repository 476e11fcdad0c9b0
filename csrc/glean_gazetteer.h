/* glean_gazetteer.h — phrase dictionaries matched over tokens.
 *
 * Phrases are tokenized by the same tokenizer as documents; each phrase token becomes
 * its key (the token's norm, lower or text) and the keys are numbered in a vocabulary.
 * A trie over those numbers gives word-boundary-exact matches. We use a trie and not
 * Aho–Corasick: matching is leftmost-longest over tokens, a walk from each position
 * stops at the first token that is not in the vocabulary or has no edge (most tokens
 * fail at the root), and phrases are a handful of tokens long, so failure links would
 * buy nothing while costing memory and build time.
 *
 * The compiled form is one flat image (glean_gazetteer_file.c documents it): the
 * matcher reads only that image, whether it was just built in memory or mmap'd from a
 * file. Every offset read from the image is checked before use, so a corrupt or hostile
 * file yields an error, never an out-of-bounds read.
 *
 * Ownership: a builder and a gazetteer are independent of the tokenizer's lifetime
 * except where noted; matching needs the tokenizer whose lexicon the doc's tokens use. */
#ifndef GLEAN_GAZETTEER_H
#define GLEAN_GAZETTEER_H

#include "glean_doc.h"

enum { GLEAN_GAZ_KEY_NORM = 0, GLEAN_GAZ_KEY_LOWER = 1, GLEAN_GAZ_KEY_TEXT = 2 };

/* Limits (checked, with clear errors). */
#define GLEAN_GAZ_MAX_PHRASE_TOKENS 64
#define GLEAN_GAZ_MAX_ENTRIES 50000000u

#define GLEAN_GAZ_EBADFILE -10 /* corrupt, truncated or hostile compiled gazetteer */
#define GLEAN_GAZ_EIO -11      /* the file system said no */
#define GLEAN_GAZ_ENLP -12     /* built with a different tokenizer */

typedef struct glean_gaz_builder glean_gaz_builder;
typedef struct glean_gazetteer glean_gazetteer;

/* ---- building ---------------------------------------------------------------------- */

/* A builder that tokenizes phrases with tk (which must outlive the builder). */
int glean_gaz_builder_new(glean_gaz_builder **out, glean_tokenizer *tk, int key,
                          glean_error *err);
void glean_gaz_builder_free(glean_gaz_builder *b);

/* Adds phrase -> (label, id, source, exact). id may be NULL. Returns GLEAN_OK (also
 * when the entry was skipped with a warning: empty, nothing left after normalization,
 * too many tokens, a duplicate), GLEAN_EUTF8 or GLEAN_ENOMEM. *added is 1 when stored. */
int glean_gaz_builder_add(glean_gaz_builder *b, const char *phrase, size_t len,
                          const char *label, size_t label_len, const char *id, size_t id_len,
                          const char *source, size_t source_len, int exact, int *added,
                          glean_error *err);

/* Loads a TSV file: phrase<TAB>label[<TAB>id] per line, '#' comments and blank lines
 * skipped, CRLF and a UTF-8 BOM accepted. default_label is used when a line has only a
 * phrase (NULL: such a line is an error). On error err->message reads "path:line: why".
 * *count receives the number of entries added. */
int glean_gaz_builder_load_tsv(glean_gaz_builder *b, const char *path,
                               const char *default_label, const char *source, size_t *count,
                               glean_error *err);

size_t glean_gaz_builder_count(const glean_gaz_builder *b);
/* Warnings so far (entries that can never match, duplicates): k-th message or NULL. */
const char *glean_gaz_builder_warning(const glean_gaz_builder *b, size_t k);
size_t glean_gaz_builder_warning_count(const glean_gaz_builder *b);

/* Compiles the builder's entries into a new gazetteer. The builder stays usable: it
 * keeps the image as the holder of the entries compiled so far (a reference that
 * glean_gaz_builder_free releases), so that they are not held twice, and brings them
 * back when entries added later are compiled with them. Compiling with nothing added
 * since returns the same image again (one more glean_gaz_free to call). */
int glean_gaz_compile(glean_gaz_builder *b, glean_gazetteer **out, glean_error *err);

/* ---- the compiled gazetteer -------------------------------------------------------- */

/* Writes the image to path (atomically: a temporary file, then rename). */
int glean_gaz_save(const glean_gazetteer *g, const char *path, glean_error *err);

/* Maps a compiled file read-only and checks its header, sizes and checksum, and that
 * it was built by a tokenizer with tk's settings. */
int glean_gaz_open(glean_gazetteer **out, const char *path, const glean_tokenizer *tk,
                   glean_error *err);

void glean_gaz_free(glean_gazetteer *g);

size_t glean_gaz_count(const glean_gazetteer *g);
size_t glean_gaz_bytes(const glean_gazetteer *g);
int glean_gaz_key(const glean_gazetteer *g);

/* Entry k's fields (strings are NUL-terminated, inside the image; id may be NULL).
 * GLEAN_GAZ_EBADFILE when the image lies about them. */
typedef struct glean_gaz_entry_info {
    const char *label, *id, *source, *phrase;
    int exact;
} glean_gaz_entry_info;
int glean_gaz_entry(const glean_gazetteer *g, size_t k, glean_gaz_entry_info *info);

/* Label number of a label string, or -1 (for filtering by label). */
long glean_gaz_label_index(const glean_gazetteer *g, const char *label, size_t len);

/* ---- matching ---------------------------------------------------------------------- */

/* Per-caller scratch: the map from the tokenizer's type ids to gazetteer token ids
 * (one vocabulary lookup per distinct type, kept across documents) and the output. */
typedef struct glean_gaz_match {
    uint32_t first, last; /* token indices, inclusive */
    uint32_t entry;       /* entry index */
} glean_gaz_match;

typedef struct glean_gaz_cursor {
    const glean_gazetteer *g;
    const glean_tokenizer *tk;
    uint32_t *type_map;   /* per lexicon type, two words: token id + 2 (0 = not looked
                             up yet, 1 = not in the gazetteer) and its step (0 = none) */
    size_t type_map_cap;
    struct glean_gaz_type_step *steps; /* the root's children along the types seen; step 0
                                          is empty: no entries, no edges */
    size_t nsteps, steps_cap;
    uint32_t *doc_map;    /* per doc token, two words: token id + 1 (0 = none) and step */
    size_t doc_map_cap;
    uint32_t *work;       /* the doc's tokens where a walk can find something */
    size_t work_cap;
    glean_gaz_match *matches;
    size_t nmatches, matches_cap;
} glean_gaz_cursor;

void glean_gaz_cursor_init(glean_gaz_cursor *c);
void glean_gaz_cursor_free(glean_gaz_cursor *c);

/* Modes of glean_gaz_find, or-ed. Without GLEAN_GAZ_ALL: leftmost-longest,
 * non-overlapping, one match (the first entry) per phrase; with it: every entry of every
 * phrase at every position. GLEAN_GAZ_CAPITALISED: only matches whose first token starts
 * with an upper- or title-case letter (a recognizer keeps `China`, not `china`). It is a
 * condition on where a match starts, not a filter of the results: in `the Netherlands`
 * nothing starts at `the`, so `Netherlands` is found although `The Netherlands` is the
 * longer entry. */
#define GLEAN_GAZ_ALL 1
#define GLEAN_GAZ_CAPITALISED 2

/* Finds matches of g in doc (parsed by tk) into c->matches; mode as above (0 or 1 is
 * leftmost-longest or all). label_filter (nlabels entries, label numbers) restricts the
 * entries considered; NULL for all. */
int glean_gaz_find(glean_gaz_cursor *c, const glean_gazetteer *g, const glean_tokenizer *tk,
                   const glean_doc *doc, int mode, const uint32_t *label_filter,
                   size_t nlabels, glean_error *err);

/* Hints the cache to fetch the entry records of c's matches (before reading them all). */
void glean_gaz_prefetch_entries(const glean_gazetteer *g, const glean_gaz_cursor *c);

#endif
