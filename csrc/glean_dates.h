/* glean_dates.h — the news date extractor, in C.
 *
 * glean.extract.dates (lua/glean/extract/dates.lua) finds date expressions with glean's
 * rules and resolves them against the article's date; that Lua is the reference an
 * analyst reads and copies, and it is what this file must agree with to the byte. In Lua
 * it cost 50-85 ms per pass over 4.8 MB of news, a third of it in the rule matcher; this
 * twin finds the same twelve rules' matches straight from the tokens and per-type bits
 * (each rule's leftmost-longest, non-overlapping matches, as the matcher gives them) and
 * resolves them the same way, as CPython keeps heapq.py beside _heapq.c. The specs and
 * bench/eval/dates_twins_eval.lua check that both give identical results. Change one,
 * change the other.
 *
 * What it is given once: the word sets of the rules and the word maps of the Lua (set
 * and map names below). Per document: the doc, its lexicon and the reference day. What it
 * returns: the date records in text order, with their strings made.
 *
 * A glean_dates model is read-only once built and can be shared; a glean_dates_scratch
 * holds what grows with use (per-type bits of one lexicon, per-document arrays) and
 * belongs to one caller at a time. */
#ifndef GLEAN_DATES_H
#define GLEAN_DATES_H

#include "glean_doc.h"

/* The word sets. Those of the rules match a token's norm against the word's norm (bare
 * words in a rule) or its exact text (MONTH, 'quoted' in a rule); FUTURE and PAST are
 * compared with the token's norm as given (the Lua's tense_of_word). */
enum {
    GLEAN_DATES_MONTH,       /* month names as written: January, Jan, Jan. (text) */
    GLEAN_DATES_WEEKDAY,     /* monday ... sunday */
    GLEAN_DATES_PREP,        /* on in at by since ... (the rules' PREP) */
    GLEAN_DATES_MONTH_MOD,   /* last next this early late mid end: before a month */
    GLEAN_DATES_REL,         /* last next this: before a weekday; `rel` of relative */
    GLEAN_DATES_PART,        /* morning afternoon evening night: after a weekday */
    GLEAN_DATES_DEICTIC,     /* yesterday today tomorrow tonight */
    GLEAN_DATES_REL_MOD,     /* earlier later early late: before `rel` */
    GLEAN_DATES_REL_UNIT,    /* week month year weekend morning ...: after `rel` */
    GLEAN_DATES_AGO_COUNT,   /* a an one several few (or a number): before a unit */
    GLEAN_DATES_AGO_UNIT,    /* day days week weeks ...: before ago */
    GLEAN_DATES_YEAR_PREP,   /* in since until ... its their for: before a year */
    GLEAN_DATES_FUTURE,      /* will shall 'll ... (norm, as given) */
    GLEAN_DATES_PAST,        /* said told was ... (norm, as given) */
    GLEAN_DATES_NSETS
};

/* The word maps, keyed by a token's text in ASCII lower case (the Lua's text:lower()). */
enum {
    GLEAN_DATES_WEEKDAYS,    /* monday = 0 ... sunday = 6 */
    GLEAN_DATES_MONTHS,      /* january = 1, jan = 1, sept = 9, ... (without the period) */
    GLEAN_DATES_NUMBERS,     /* a = 1, one = 1, ... twelve = 12 */
    GLEAN_DATES_NMAPS
};

/* The Lua patterns of the rules, implemented here: the binding checks that the Lua's
 * strings are these (glean_dates_pattern), so that a change in one is not silently
 * missed by the other. */
enum {
    GLEAN_DATES_PAT_DAY, GLEAN_DATES_PAT_DAY_TH, GLEAN_DATES_PAT_YEAR, GLEAN_DATES_PAT_ISO,
    GLEAN_DATES_PAT_DECADE, GLEAN_DATES_PAT_MID_YEAR, GLEAN_DATES_NPATS
};

/* Kinds of dates (glean_dates_kind_name gives the strings). */
enum {
    GLEAN_DATE_DATE, GLEAN_DATE_WEEKDAY, GLEAN_DATE_RELATIVE, GLEAN_DATE_MONTH,
    GLEAN_DATE_YEAR, GLEAN_DATE_DECADE
};

/* Tenses: none, "past", "future". */
enum { GLEAN_TENSE_NONE, GLEAN_TENSE_PAST, GLEAN_TENSE_FUTURE };

/* Room for "%04d-%02d-%02d" of three 64-bit integers (what the Lua would print for a
 * day far out of range) and a NUL. */
#define GLEAN_DATE_STR 64

/* One date expression. Strings are empty when the Lua's field is nil. */
typedef struct glean_date {
    uint32_t first, last;    /* 0-based inclusive tokens of the span */
    int32_t prep;            /* the preposition's token (prep = its text in lower case), -1 */
    uint8_t kind, tense;
    char value[GLEAN_DATE_STR], from[GLEAN_DATE_STR], to[GLEAN_DATE_STR];
} glean_date;

typedef struct glean_dates glean_dates;
typedef struct glean_dates_scratch glean_dates_scratch;

int glean_dates_new(glean_dates **out, glean_error *err);
void glean_dates_free(glean_dates *m);

/* Adds a word to a set (GLEAN_DATES_*); words of the rules' sets are normalized as the
 * rules normalize bare words, except in MONTH (exact text). */
int glean_dates_add_word(glean_dates *m, int set, const char *word, size_t len,
                         glean_error *err);
/* Adds key -> value to a map (GLEAN_DATES_WEEKDAYS, ...). */
int glean_dates_add_number(glean_dates *m, int map, const char *key, size_t len, int value,
                           glean_error *err);
/* The Lua pattern (without its slashes) that GLEAN_DATES_PAT_* stands for. */
const char *glean_dates_pattern(int pat);
/* "date", "weekday", ...; "past", "future" (NULL for GLEAN_TENSE_NONE). */
const char *glean_dates_kind_name(int kind);
const char *glean_dates_tense_name(int tense);

int glean_dates_scratch_new(glean_dates_scratch **out);
void glean_dates_scratch_free(glean_dates_scratch *s);

/* Days since 1970-01-01 of "YYYY-MM-DD..." (the Lua's parse_iso: a prefix, a valid day);
 * 0 when s does not start with one. */
int glean_dates_parse_iso(const char *s, size_t len, int64_t *days);

/* Finds and resolves the dates of one document (lx: the lexicon of its tokens); has_ref
 * says whether ref (days since 1970-01-01) is the article's day. On success *dates holds
 * *n records in text order, owned by the scratch until its next run. GLEAN_EARG where
 * the Lua raises an error (a weekday whose text is no weekday's name, a count of days
 * that gives no whole day). */
int glean_dates_run(const glean_dates *m, glean_dates_scratch *s, const glean_doc *d,
                    const glean_lexicon *lx, int has_ref, int64_t ref,
                    const glean_date **dates, size_t *n, glean_error *err);

#endif
