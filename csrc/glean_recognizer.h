/* glean_recognizer.h — the judge of the news entity recognizer, in C.
 *
 * glean.extract.entities (lua/glean/extract/entities.lua) is written in Lua from glean's
 * own gazetteers and rules, and that Lua is the model an analyst reads and copies. Its
 * judging of candidates (which list match, rule match or capitalised run becomes an
 * entity) touches every candidate and every capitalised run of every article, and in
 * Lua it cost ten times what 20 MB/s of news allows. This is the same judge in C, the
 * way CPython keeps `heapq.py` beside `_heapq.c`: the Lua judge stays the reference
 * (lua/glean/extract/entity_judge.lua), and the specs and `make eval` check that both
 * give identical entities. Change one, change the other.
 *
 * What the judge is given: the word sets it tests (set once, from the Lua lists), the
 * rule set of the recognizer with what it should know of each rule, and per document
 * the gazetteers of known names and of first names, the user's entities already in the
 * doc, and the rules' per-document matching scratch. What it returns: the entities, in
 * text order, each with an internal label code and a source code (names below).
 *
 * A recognizer is read-only once built and can be shared; a glean_recognizer_scratch
 * holds what grows with use (per-type word bits of one lexicon, per-document arrays) and
 * belongs to one caller at a time. */
#ifndef GLEAN_RECOGNIZER_H
#define GLEAN_RECOGNIZER_H

#include "glean_gazetteer.h"
#include "glean_pattern.h"

/* The word sets the judge tests (lists/words.lua, people.lua, orgs.lua). Each is
 * matched against a token's exact text, except CONNECTOR and TITLE (its lower case). */
enum {
    GLEAN_REC_WEAK_FIRST,      /* first names that are everyday words: Will, May */
    GLEAN_REC_LEADING,         /* words that begin sentences, no names: The, However */
    GLEAN_REC_NOT_ALONE,       /* no name alone, can begin one: Federal, National */
    GLEAN_REC_COMMON_ACRONYM,  /* CEO, GDP, Q1 */
    GLEAN_REC_NOT_PERSON_LAST, /* Inquiry, Act, Prix: a run ending so is no PERSON */
    GLEAN_REC_CONNECTOR,       /* of, for, and, the, & (lower case) */
    GLEAN_REC_SAINT,           /* St, San, Santa: a first name after it is a place */
    GLEAN_REC_TITLE,           /* person titles, lower case: mr., chancellor */
    GLEAN_REC_HEAD,            /* organisation head words: Agency, Ministry */
    GLEAN_REC_WRITTEN_TITLE,   /* person titles as written: Mr, Princess */
    GLEAN_REC_NSETS
};

/* Source codes of the entities (glean_recognizer_source_name gives the strings). */
enum {
    GLEAN_REC_SRC_FIRST_NAMES,   /* list:first_names */
    GLEAN_REC_SRC_ALIAS,         /* doc:alias */
    GLEAN_REC_SRC_RUN_HEAD,      /* run:head */
    GLEAN_REC_SRC_RUN_NAME,      /* run:name */
    GLEAN_REC_SRC_RUN_SINGLE,    /* run:single */
    GLEAN_REC_SRC_RUN_ACRONYM,   /* run:acronym */
    GLEAN_REC_SRC_RULES          /* rule r's source is GLEAN_REC_SRC_RULES + r; after the
                                    rules come the lists' sources, "list:" + entry id */
};

/* What the judge knows of rule r of the rule set (entity_rules.lua's judge table). */
typedef struct glean_rec_rule {
    const char *label;      /* PERSON, ORG, DATE, ...; RUN and UPPER are runs to judge */
    const char *name;       /* the source is "rule:" + name */
    int priority;
    int ent, ent2;          /* 0-based capture numbers of the entities, -1: the match */
    int teams;              /* captures that are countries stay places (national teams) */
    int head_last;          /* cut at a line start, the name keeps its last side */
    int title;              /* the words before the capture are a title */
    int written_priority;   /* > 0: strength when the title before is written as listed */
} glean_rec_rule;

typedef struct glean_recognizer glean_recognizer;
typedef struct glean_recognizer_scratch glean_recognizer_scratch;

int glean_recognizer_new(glean_recognizer **out, glean_error *err);
void glean_recognizer_free(glean_recognizer *r);

/* Adds a word to one of the sets (GLEAN_REC_*). The word is stored as given: TITLE and
 * CONNECTOR words must be given in lower case. */
int glean_recognizer_add_word(glean_recognizer *r, int set, const char *word, size_t len,
                              glean_error *err);
/* Describes the rules (one per rule of the rule set the judge will be run with, in its
 * order). Strings are copied. */
int glean_recognizer_set_rules(glean_recognizer *r, const glean_rec_rule *rules, size_t n,
                               glean_error *err);
size_t glean_recognizer_rule_count(const glean_recognizer *r);

int glean_recognizer_scratch_new(glean_recognizer_scratch **out);
void glean_recognizer_scratch_free(glean_recognizer_scratch *s);

/* An entity already in the document (the user's), as the judge sees it. label may be
 * NULL. They must be in text order and must not overlap. */
typedef struct glean_rec_user_ent {
    uint32_t first, last;      /* 0-based inclusive token indices */
    const char *label;
    size_t label_len;
} glean_rec_user_ent;

/* One entity found. */
typedef struct glean_rec_entity {
    uint32_t first, last;      /* 0-based inclusive token indices */
    uint32_t label, source;    /* codes: glean_recognizer_label_name / _source_name */
} glean_rec_entity;

/* Everything one run over a document needs besides the recognizer and its scratch. The
 * gazetteers and the rule set may be NULL (switched off); rules_scratch and extern_fn
 * are those of the rule set (extern_fn evaluates its Lua patterns). */
typedef struct glean_rec_inputs {
    const glean_doc *doc;
    const glean_tokenizer *tk;           /* the doc's (and the gazetteers') tokenizer */
    const glean_gazetteer *known;        /* places, peoples, organisations */
    glean_gaz_cursor *known_cursor;
    const glean_gazetteer *first_names;
    glean_gaz_cursor *first_cursor;
    const glean_rules *rules;
    glean_rules_scratch *rules_scratch;
    glean_rules_result *rules_result;
    glean_extern_fn extern_fn;
    void *extern_ud;
    const glean_rec_user_ent *user_ents;
    size_t nuser_ents;
} glean_rec_inputs;

/* Runs the judge over one document. On success *ents holds *n entities in text order
 * (owned by the scratch, valid until its next run). */
int glean_recognize(const glean_recognizer *r, glean_recognizer_scratch *s,
                    const glean_rec_inputs *in, const glean_rec_entity **ents, size_t *n,
                    glean_error *err);

/* The public name of a label code (GPE for the lists' COUNTRY, CITY and REGION), and
 * the string of a source code; NULL when the code is unknown. The labels and sources
 * that only the gazetteers' entries name are numbered by the scratch that met them. */
const char *glean_recognizer_label_name(const glean_recognizer *r,
                                        const glean_recognizer_scratch *s, uint32_t label,
                                        size_t *len);
const char *glean_recognizer_source_name(const glean_recognizer *r,
                                         const glean_recognizer_scratch *s, uint32_t source,
                                         size_t *len);

#endif
