/* glean_acronyms.h — the news acronym extractor, in C.
 *
 * glean.extract.acronyms (lua/glean/extract/acronyms.lua) finds short forms in brackets
 * and their long forms (initials, Schwartz & Hearst's letter match, the noun-phrase
 * fallback) with glean's rules, and names each short form's other occurrences after the
 * entity that ends its long form. That Lua is the reference an analyst reads; this is
 * the same extractor in C, which must agree with it to the byte: it finds the two rules'
 * matches straight from the tokens and per-type bits (each rule's leftmost-longest
 * matches, as the rule matcher gives them) and judges them as the Lua does, as CPython
 * keeps heapq.py beside _heapq.c. The specs and bench/eval/acronyms_twins_eval.lua check
 * that both agree. Change one, change the other.
 *
 * What it is given once: the word sets and number words of the Lua. Per document: the
 * doc and its lexicon; for the labels, the entities of doc.ents. A glean_acronyms model
 * is read-only once built; a glean_acronyms_scratch holds what grows with use (per-type
 * bits of one lexicon, per-document arrays) and belongs to one caller at a time. */
#ifndef GLEAN_ACRONYMS_H
#define GLEAN_ACRONYMS_H

#include "glean_doc.h"

/* The word sets, compared with a token's norm as given (the Lua's HEADS[norm] and
 * GLUE[norm]). */
enum {
    GLEAN_ACR_HEAD,     /* organisation head words: agency office ministry ... */
    GLEAN_ACR_GLUE,     /* words between initials: and of the for & in on de - */
    GLEAN_ACR_NSETS
};

/* The Lua pattern of a short form (the rules' SHORT, without its slashes), implemented
 * here: the binding checks that the Lua's is this one. */
#define GLEAN_ACR_SHORT_PATTERN "^[%w][%w%-&%.]*$"

enum { GLEAN_ACR_LONG_SHORT, GLEAN_ACR_SHORT_LONG };            /* forms */
enum { GLEAN_ACR_INITIALS, GLEAN_ACR_LETTERS, GLEAN_ACR_HEAD_NP }; /* methods */

/* One definition: its short form's token and its long form's tokens (0-based,
 * inclusive). */
typedef struct glean_acronym {
    uint32_t short_tok;
    uint32_t long_first, long_last;
    uint8_t form, method;
    int32_t label_ent;   /* glean_acronyms_label: the entity whose label it takes, -1 */
} glean_acronym;

/* An entity of doc.ents as the labels see it: tokens (1-based, as in Lua, any values)
 * and what its label is. */
enum { GLEAN_ACR_LABEL_NIL, GLEAN_ACR_LABEL_FALSE, GLEAN_ACR_LABEL_TRUE };
typedef struct glean_acr_ent {
    int64_t first, last;
    uint8_t label;
} glean_acr_ent;

/* An occurrence of a labelled short form: its token (0-based) and the entity whose
 * label it takes. */
typedef struct glean_acr_occurrence {
    uint32_t tok;
    uint32_t ent;
} glean_acr_occurrence;

typedef struct glean_acronyms glean_acronyms;
typedef struct glean_acronyms_scratch glean_acronyms_scratch;

int glean_acronyms_new(glean_acronyms **out, glean_error *err);
void glean_acronyms_free(glean_acronyms *m);
int glean_acronyms_add_word(glean_acronyms *m, int set, const char *word, size_t len,
                            glean_error *err);
/* The number word a digit of a short form may stand for ('1' -> "one"). */
int glean_acronyms_set_number_word(glean_acronyms *m, char digit, const char *word, size_t len,
                                   glean_error *err);
/* "long (SHORT)", "SHORT (long)"; "initials", "letters", "head". */
const char *glean_acronyms_form_name(int form);
const char *glean_acronyms_method_name(int method);

int glean_acronyms_scratch_new(glean_acronyms_scratch **out);
void glean_acronyms_scratch_free(glean_acronyms_scratch *s);

/* The definitions of one document (lx: the lexicon of its tokens), in text order: *n of
 * them in *defs, owned by the scratch until its next run. */
int glean_acronyms_run(const glean_acronyms *m, glean_acronyms_scratch *s, const glean_doc *d,
                       const glean_lexicon *lx, glean_acronym **defs, size_t *n,
                       glean_error *err);

/* After a run: sets the label_ent of the definitions (the first definition of each short
 * form whose long form ends with a labelled entity that starts in it or one token
 * before), and finds the occurrences of the short forms so labelled that the Lua adds to
 * doc.ents (*occ, *nocc; owned by the scratch). ents: doc.ents in its order. */
int glean_acronyms_label(const glean_acronyms *m, glean_acronyms_scratch *s, const glean_doc *d,
                         const glean_lexicon *lx, const glean_acr_ent *ents, size_t nents,
                         const glean_acr_occurrence **occ, size_t *nocc, glean_error *err);

#endif
