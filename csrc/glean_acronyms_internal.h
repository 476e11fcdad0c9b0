/* glean_acronyms_internal.h — the acronym extractor's structures, shared by its scan
 * (glean_acronyms.c: model, per-type bits, matches, labels) and its long-form finders
 * (glean_acronyms_long.c). Not part of the API. */
#ifndef GLEAN_ACRONYMS_INTERNAL_H
#define GLEAN_ACRONYMS_INTERNAL_H

#include "glean_acronyms.h"
#include "glean_strset.h"

/* Per-type bits. */
enum {
    AB_HEAD = 1u << GLEAN_ACR_HEAD,
    AB_GLUE = 1u << GLEAN_ACR_GLUE,
    AB_SHORT = 1u << 2,      /* the text matches SHORT */
    AB_OPEN = 1u << 3,       /* '(' */
    AB_CLOSE = 1u << 4,      /* ')' */
    AB_STOPS = 1u << 5,      /* , ; : ) end the window of a long form */
    AB_ARTICLE = 1u << 6,    /* the a an (norm) */
    AB_JOIN = 1u << 7,       /* of for and (norm): inside a capitalised name */
    AB_READY = 1u << 31
};

struct glean_acronyms {
    glean_strset words;       /* a token norm -> bits of the sets that hold it */
    char number_words[10][16]; /* digit -> its number word ("" when none) */
    uint8_t number_lens[10];
};

/* A labelled entity by its last token (the Lua's Span.by_last of doc.ents). */
typedef struct acr_ent_ref {
    int64_t last, first;
    uint32_t ent;              /* its index in doc.ents */
} acr_ent_ref;

struct glean_acronyms_scratch {
    const glean_lexicon *lexicon;  /* the type ids of type_bits are this lexicon's */
    uint32_t *type_bits;
    size_t types_cap, types_ready;
    glean_acronym *defs;
    size_t ndefs, defs_cap;
    glean_buf window;          /* a long form's window in ASCII lower case */
    /* labels */
    struct acr_ent_ref *by_last; /* labelled entities sorted by last token */
    size_t by_last_cap;
    glean_strset label_of;     /* short form -> index into shorts */
    uint32_t *shorts;          /* per short form labelled: its definition */
    size_t nshorts, shorts_cap;
    int32_t *short_ent;        /* its entity now (the Lua's label_of[short]) */
    size_t short_ent_cap;
    glean_acr_occurrence *occ;
    size_t nocc, occ_cap;
};

/* Reading tokens: text, norm, flags, sentence, 1-based start and stop as in Lua. */
typedef struct acr_doc {
    const glean_acronyms *m;
    const glean_acronyms_scratch *s;
    const glean_doc *d;
    const glean_lexicon *lx;
} acr_doc;

static inline uint32_t acr_bits(const acr_doc *a, size_t i)
{
    return a->s->type_bits[a->d->toks[i].type];
}

static inline uint32_t acr_flags(const acr_doc *a, size_t i)
{
    return a->lx->flags[a->d->toks[i].type];
}

static inline const char *acr_text(const acr_doc *a, size_t i, size_t *len)
{
    const glean_lexeme *x = &a->lx->types[a->d->toks[i].type];
    *len = x->text_len;
    return glean_lex_str(a->lx, x->text);
}

static inline const char *acr_norm(const acr_doc *a, size_t i, size_t *len)
{
    const glean_lexeme *x = &a->lx->types[a->d->toks[i].type];
    *len = x->norm_len;
    return glean_lex_str(a->lx, x->norm);
}

static inline int64_t acr_start(const acr_doc *a, size_t i) { return (int64_t)a->d->toks[i].start + 1; }
static inline int64_t acr_stop(const acr_doc *a, size_t i) { return (int64_t)a->d->toks[i].end; }

/* glean_acronyms_long.c: the long form before the brackets of `short` (whose '(' is
 * token open) and inside the brackets (tokens first..last): 1 and *lf, *ll (and
 * *method) when found, 0 when not, < 0 on no memory. */
int acr_long_before(const acr_doc *a, glean_buf *window, const char *sh, size_t sn, size_t open,
                    int word_short, size_t *lf, size_t *ll, uint8_t *method);
int acr_long_inside(const acr_doc *a, glean_buf *window, const char *sh, size_t sn, size_t first,
                    size_t last, size_t *lf, size_t *ll);

#endif
