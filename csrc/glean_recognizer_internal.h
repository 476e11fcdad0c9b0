/* glean_recognizer_internal.h — the recognizer's structures, shared by its model
 * (glean_recognizer.c: word sets, labels, sources, per-type word bits) and its judge
 * (glean_recognize.c: one document). Not part of the public API. */
#ifndef GLEAN_RECOGNIZER_INTERNAL_H
#define GLEAN_RECOGNIZER_INTERNAL_H

#include "glean_recognizer.h"
#include "glean_strset.h"

#include <string.h>

/* Labels the judge reasons about; the rules' and lists' other labels follow. */
enum {
    LBL_PERSON, LBL_ORG, LBL_DATE, LBL_FIRST, LBL_COUNTRY, LBL_CITY, LBL_NORP, LBL_REGION,
    LBL_RUN, LBL_UPPER, LBL_GPE, LBL_FIXED
};

/* How much each source is trusted when two spans of the same length overlap. */
enum { STRENGTH_LIST = 10, STRENGTH_RULE = 0, STRENGTH_RUN = -10 };

typedef struct rec_name {
    uint32_t off, len;         /* in a names arena */
    uint32_t out;              /* labels: the code of the public label */
} rec_name;

typedef struct rec_rule {
    uint32_t label, source;
    int priority, ent, ent2;
    uint8_t run;               /* a RUN or UPPER rule: its matches are runs to judge */
    uint8_t teams, head_last, title;
    int written_priority;
} rec_rule;

struct glean_recognizer {
    glean_strset words[GLEAN_REC_NSETS];
    rec_rule *rules;
    size_t nrules;
    glean_buf names;           /* label and source names */
    rec_name *labels;          /* the fixed labels, then the rules' */
    size_t nlabels, labels_cap;
    rec_name *sources;         /* the fixed sources, then one per rule */
    size_t nsources, sources_cap;
};

/* A candidate: a list match or a rule match, judged against the others. */
typedef struct rec_cand {
    uint32_t first, last;      /* 0-based inclusive */
    uint32_t label, source;
    int strength;
} rec_cand;

/* A capitalised run (a RUN or UPPER match, cut at line and sentence starts). */
typedef struct rec_run {
    uint32_t first, last, kind;  /* kind: LBL_RUN or LBL_UPPER */
} rec_run;

struct glean_recognizer_scratch {
    /* per lexicon type: the word sets it belongs to (bit per GLEAN_REC_*), bit 15 set
       once computed */
    const glean_lexicon *lexicon;
    uint16_t *type_words;
    size_t types_cap;
    uint32_t *type_stamp;      /* the last document that has the type (written_lower) */
    size_t stamp_cap;
    uint32_t stamp;
    int stamped;               /* the current document's types are stamped */
    /* labels and sources that only gazetteer entries name */
    glean_buf names;
    rec_name *labels, *sources;
    size_t nlabels, labels_cap, nsources, sources_cap;
    /* per document, one slot per token (+ 2) */
    size_t toks_cap;
    uint8_t *starts;           /* the token starts a sentence or a line */
    uint8_t *sent_start;       /* the token starts a sentence */
    uint8_t *taken, *taken2, *mark; /* token spoken for; a copy; a per-purpose mark */
    int32_t *at;               /* candidate covering the token, -1 */
    int32_t *listed;           /* first token of an entity the rules saw -> its last, -1 */
    int32_t *country;          /* the same for the COUNTRY ones */
    rec_cand *cands;
    size_t ncands, cands_cap;
    uint32_t *order, *chosen;  /* candidate numbers */
    size_t order_cap, nchosen, chosen_cap;
    uint64_t *keys;
    size_t keys_cap;
    rec_run *runs;
    size_t nruns, runs_cap;
    glean_match_ent *working;
    size_t nworking, working_cap;
    glean_strset aliases;      /* lower-case words of a name -> label */
    glean_strset seen_mid;     /* lower case of run starts inside sentences */
    int seen_mid_ready;
    glean_buf key;
    glean_rec_entity *out;
    size_t nout, out_cap;
};

/* glean_recognizer.c */
uint32_t rec_type_words(const glean_recognizer *r, glean_recognizer_scratch *s,
                        const glean_lexicon *lx, uint32_t type);
int rec_gaz_label(const glean_recognizer *r, glean_recognizer_scratch *s, const char *label,
                  uint32_t *code);
int rec_gaz_source(const glean_recognizer *r, glean_recognizer_scratch *s, const char *id,
                   uint32_t *code);
/* Empties a string set for the next document, keeping its memory. */
void rec_strset_clear(glean_strset *set);


/* --- the judge over one document (glean_recognize.c, glean_recognize_cands.c) -------- */

/* What one run over a document works with. */
typedef struct judge {
    const glean_recognizer *r;
    glean_recognizer_scratch *s;
    const glean_rec_inputs *in;
    const glean_doc *d;
    const glean_lexicon *lx;
    size_t n;
    glean_error *err;
} judge;

static inline int rec_oom(glean_error *err)
{
    return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory in the entity recognizer");
}

static inline uint32_t tflags(const judge *j, size_t i)
{
    return j->lx->flags[j->d->toks[i].type];
}

static inline int in_set(const judge *j, size_t i, int set)
{
    return (int)((rec_type_words(j->r, j->s, j->lx, j->d->toks[i].type) >> set) & 1);
}

static inline const char *ttext(const judge *j, size_t i, size_t *len)
{
    const glean_lexeme *x = &j->lx->types[j->d->toks[i].type];
    *len = x->text_len;
    return glean_lex_str(j->lx, x->text);
}

static inline const char *tlower(const judge *j, size_t i, size_t *len)
{
    const glean_lexeme *x = &j->lx->types[j->d->toks[i].type];
    *len = x->lower_len;
    return glean_lex_str(j->lx, x->lower);
}

static inline int ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }
static inline int ascii_lower(char c) { return c >= 'a' && c <= 'z'; }

/* Lua's %s: the C locale's isspace. */
static inline int lua_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline int rec_push_cand(judge *j, uint32_t first, uint32_t last, uint32_t label, uint32_t source,
                     int strength)
{
    glean_recognizer_scratch *s = j->s;
    if (glean_grow((void **)&s->cands, &s->cands_cap, s->ncands + 1, sizeof *s->cands))
        return rec_oom(j->err);
    s->cands[s->ncands++] = (rec_cand){ first, last, label, source, strength };
    return GLEAN_OK;
}

/* glean_recognize_cands.c: the candidates (entity_judge.lua's line_starts,
 * list_candidates, rule_candidates, and entities.lua's resolve). */
void rec_line_starts(judge *j);
int rec_list_candidates(judge *j);
int rec_rule_candidates(judge *j);
/* Picks non-overlapping candidates among idx[0..k) into s->chosen (longer, stronger,
 * earlier, then input order) and marks their tokens in taken. */
int rec_resolve(judge *j, const uint32_t *idx, size_t k, uint8_t *taken);
/* Candidates idx[0..k) into text order. */
int rec_order_by_first(judge *j, uint32_t *idx, size_t k);
/* The first token of first..last after the leading words no name starts with. */
uint32_t rec_trimmed(judge *j, uint32_t first, uint32_t last);
int rec_trim(judge *j, rec_cand *c);
/* Whether the capitalised words from token i on end in an event's or role's word. */
int rec_starts_non_person(judge *j, size_t i);

#endif
