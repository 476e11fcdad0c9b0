/* glean_quotes_internal.h — the quotes extractor's structures, shared by its model
 * (glean_quotes_model.c: word sets, per-type bits), its marks (glean_quote_marks.c), its
 * speakers (glean_quote_speakers.c) and the extractor (glean_quotes.c). Token indices
 * are 0-based here and 1-based in the Lua twins; byte positions are 0-based. Not part of
 * the public API. */
#ifndef GLEAN_QUOTES_INTERNAL_H
#define GLEAN_QUOTES_INTERNAL_H

#include "glean_quotes.h"
#include "glean_strset.h"

/* Per-type bits: the word sets (bit GLEAN_QW_* each), then the words the Lua names
 * inline, then what the Lua computes from a token's text, then the mark code. */
enum {
    QB_WHO_WHICH = GLEAN_QW_NSETS, /* norm who, which */
    QB_OF,                         /* norm of */
    QB_FOR,                        /* norm for */
    QB_AND,                        /* norm and */
    QB_AMP,                        /* norm & */
    QB_NORM_HYPHEN,                /* norm - */
    QB_THE,                        /* norm the */
    QB_A_AN,                       /* norm a, an */
    QB_ACCORDING,                  /* norm according */
    QB_TO,                         /* norm to */
    QB_COMMA,                      /* text , */
    QB_LPAREN,                     /* text ( */
    QB_RPAREN,                     /* text ) */
    QB_HYPHEN,                     /* text - */
    QB_PERIOD,                     /* text . */
    QB_TITLECASE,                  /* quote_speakers.lua is_titlecase */
    QB_ADVERB,                     /* quote_speakers.lua is_adverb */
    QB_QUOTE,                      /* the flag GLEAN_IS_QUOTE: a <quote> token, a mark */
    QB_MARK_SHIFT = 32,            /* 4 bits: the mark code (MK_*) of the type's text */
    QB_DONE = 63
};

#define QBIT(b) ((uint64_t)1 << (b))
_Static_assert(QB_QUOTE < QB_MARK_SHIFT, "the per-type bits overlap the mark code");

/* Quotation marks by their text (quote_marks.lua TYPO_OPEN and FAMILY). */
enum {
    MK_NONE,       /* a <quote> token of no family (``, '', ...) */
    MK_DQ,         /* " */
    MK_SQ,         /* ' */
    MK_LDQ,        /* “ */
    MK_RDQ,        /* ” */
    MK_LSQ,        /* ‘ */
    MK_RSQ,        /* ’ */
    MK_LAQ,        /* « */
    MK_RAQ,        /* » */
    MK_LOW_DQ,     /* „ */
    MK_LOW_SQ,     /* ‚ */
    MK_LSAQ,       /* ‹ */
    MK_RSAQ        /* › */
};

struct glean_quoter {
    glean_strset words[GLEAN_QW_NSETS];
};

/* A quotation mark with what its surroundings say about it (quote_marks.lua marks). */
typedef struct qmark {
    uint32_t i;               /* token */
    uint32_t start, stop;     /* its first and last byte */
    uint32_t para;            /* paragraph number: the breaks before it */
    uint8_t code;             /* MK_* */
    uint8_t open_ctx, close_ctx, word_after, letter_after;
} qmark;

/* A paragraph's part of a quote (pair_marks' parts). */
typedef struct qpart {
    uint32_t open_mark;       /* mark numbers */
    uint32_t close_mark;      /* or NO_MARK */
    uint32_t stop_at;         /* has_stop_at: the last byte before a re-opening mark + 1 */
    uint8_t has_stop_at, inline_part;
} qpart;

#define NO_MARK UINT32_MAX

/* A paired quote (pair_marks' found) and, once made, its record (make_quotes' q). */
typedef struct qfound {
    uint32_t mark, close;     /* mark numbers */
    uint32_t part0, nparts;
} qfound;

typedef struct qrec {
    uint32_t first, last;     /* the marks' tokens */
    uint32_t para_open, para_close, sent_open, sent_close;
    uint32_t after;           /* the cue right after it that names its speaker + 1, or 0 */
    glean_quote out;
} qrec;

/* A cue outside the quotes and, once asked, its speaker (quote_speakers.lua
 * speaker_of_cue's table). */
typedef struct qcue {
    uint32_t first, last;
    uint8_t state;            /* 0 not asked, 1 no speaker, 2 known */
    uint8_t pronoun, has_sent;
    uint32_t sent;
    uint32_t speaker, cue_span;   /* span numbers */
    uint32_t np_first, np_last;
} qcue;

/* A head word's occurrences (quote_speakers.lua occurrences_of), kept in s->pool:
 * pos, det (or -1), the (0/1) and nearest_a (or -1), `count` each from `off`. */
typedef struct qhead {
    uint32_t off, count;
    uint32_t longer;          /* first of this head's nearest_longer tables, or NONE */
} qhead;

/* A nearest_longer table: `count` entries at `off` in s->pool, for one length. */
typedef struct qlonger {
    uint32_t len, off, next;
} qlonger;

struct glean_quoter_scratch {
    /* per lexicon type: its bits (QB_DONE once computed), and its head (antecedent) in
       the current document when head_stamp says so */
    const glean_lexicon *lexicon;
    uint64_t *type_bits;
    uint32_t *head_of, *head_stamp;
    size_t types_cap;
    uint32_t stamp;
    /* per document */
    const glean_doc *d;
    const glean_lexicon *lx;
    size_t n;
    uint8_t *sent_start;      /* per token */
    size_t toks_cap;
    uint32_t *breaks;
    size_t nbreaks, breaks_cap;
    qmark *marks;
    size_t nmarks, marks_cap;
    qpart *parts;
    size_t nparts, parts_cap;
    qfound *found;
    size_t nfound, found_cap;
    qrec *recs;
    size_t nrecs, recs_cap;
    qcue *cues;
    size_t ncues, cues_cap;
    glean_quote_span *spans;
    size_t nspans, spans_cap;
    glean_quote *out;
    size_t nout, out_cap;
    glean_buf text;
    /* the doc's speaker entities: asked once, indexed by last token */
    const glean_quote_ent *ents;
    size_t nents;
    int ents_ready;
    uint32_t *ents_by_last;   /* entity numbers sorted by (last, number) */
    size_t by_last_cap;
    /* antecedents */
    qhead *heads;
    size_t nheads, heads_cap;
    qlonger *longers;
    size_t nlongers, longers_cap;
    int32_t *pool;
    size_t npool, pool_cap;
    uint64_t *by_text;        /* (type << 32 | token) of every token after the first */
    size_t nby_text, by_text_cap;
    int by_text_ready;
    unsigned searches;
};

/* glean_quotes_model.c */
uint64_t q_type_bits(const glean_quoter *q, glean_quoter_scratch *s, uint32_t type);
int q_prepare(glean_quoter_scratch *s, const glean_doc *d, const glean_lexicon *lx,
              glean_error *err);
int q_oom(glean_error *err);

static inline uint64_t q_bits(const glean_quoter *q, glean_quoter_scratch *s, size_t i)
{
    uint32_t type = s->d->toks[i].type;
    uint64_t b = s->type_bits[type];
    return b & QBIT(QB_DONE) ? b : q_type_bits(q, s, type);
}
static inline int q_has(const glean_quoter *q, glean_quoter_scratch *s, size_t i, int bit)
{
    return (int)((q_bits(q, s, i) >> bit) & 1);
}
/* The lexicon flags of token i (as glean.columns gives them, without the sentence bit). */
static inline uint32_t q_flags(const glean_quoter_scratch *s, size_t i)
{
    return s->lx->flags[s->d->toks[i].type];
}
static inline uint32_t q_text_len(const glean_quoter_scratch *s, size_t i)
{
    return s->lx->types[s->d->toks[i].type].text_len;
}
/* The last byte of token i (columns.stop: its start and the length of its type's text). */
static inline uint32_t q_stop(const glean_quoter_scratch *s, size_t i)
{
    return s->d->toks[i].start + q_text_len(s, i) - 1;
}
/* Lua's %s: the C locale's isspace (quote_marks.lua SPACE holds the same bytes). */
static inline int q_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* glean_quote_marks.c: the quotes of the doc, paired and made into s->recs (text in
   s->text, spans in s->spans). */
int q_marks_and_quotes(const glean_quoter *q, glean_quoter_scratch *s, glean_error *err);
/* The sentence number of token i as columns.sent_of gives it (1-based; 0 for nil). */
uint32_t q_sent_of(const glean_quoter_scratch *s, size_t i);
int q_add_span(glean_quoter_scratch *s, uint32_t first, uint32_t last, uint32_t kind,
               uint32_t ent, uint32_t *id, glean_error *err);

/* glean_quote_speakers.c */
int q_speaker_of_cue(const glean_quoter *q, glean_quoter_scratch *s,
                     const glean_quotes_inputs *in, qcue *cue, glean_error *err);
int q_antecedent(const glean_quoter *q, glean_quoter_scratch *s, uint32_t speaker,
                 uint32_t *out, glean_error *err);

#endif
