/* glean_dates_internal.h — the date extractor's structures, shared by its matcher
 * (glean_dates.c: word sets, per-type bits, the rules' matches), its resolver
 * (glean_dates_resolve.c: the records) and its calendar (glean_dates_calendar.c). Not
 * part of the API. */
#ifndef GLEAN_DATES_INTERNAL_H
#define GLEAN_DATES_INTERNAL_H

#include "glean_dates.h"
#include "glean_normalize.h"
#include "glean_strset.h"

/* Per-type bits: the word sets (bit = set number), then these. */
enum {
    DB_PAT = GLEAN_DATES_NSETS,     /* + GLEAN_DATES_PAT_*: the text matches the pattern */
    DB_COMMA = DB_PAT + GLEAN_DATES_NPATS, /* ',' */
    DB_OF,                          /* of (norm) */
    DB_AGO,                         /* ago (norm) */
    DB_NUM,                         /* like_num */
    DB_FUTURE_WORD,                 /* tense_of_word says future */
    DB_PAST_WORD,                   /* ... says past */
    DB_READY = 31                   /* the bits of this type are computed */
};
#define DBIT(k) (1u << (k))

/* The twelve rules of dates.lua, in its order (the order of rules:match's ties). */
enum {
    R_MONTH_DAY, R_DAY_MONTH, R_ISO, R_MONTH_YEAR, R_MONTH, R_WEEKDAY, R_DEICTIC,
    R_RELATIVE, R_AGO, R_YEAR, R_DECADE, R_MID_YEAR, R_NRULES
};

struct glean_dates {
    glean_strset norm_words;   /* a token norm -> bits of the sets that hold it */
    glean_strset text_words;   /* a token text -> bits (MONTH) */
    glean_strset maps[GLEAN_DATES_NMAPS];
    glean_normalizer nz;       /* used while words are added */
    glean_buf key;
};

/* One rule match and its captures (every capture is one token; -1 when unset). */
typedef struct date_match {
    uint32_t first, last;      /* 0-based inclusive */
    int32_t p;                 /* the preposition or modifier before the date */
    int32_t a, b, y;           /* m/w/rel/n/d (iso) ; d/unit ; y */
    int64_t len;               /* tokens after p: longer dates win overlaps */
    uint8_t rule;
} date_match;

struct glean_dates_scratch {
    const glean_lexicon *lexicon;  /* the type ids of type_bits are this lexicon's */
    uint32_t *type_bits;       /* per type: its bits, DB_READY set */
    size_t types_cap, types_ready; /* types 0 .. types_ready - 1 have their bits */
    uint64_t *starts;          /* per type, a bit: it can begin some rule */
    size_t starts_cap;
    date_match *matches;
    size_t nmatches, matches_cap;
    uint8_t *taken;            /* per token: some date has it */
    size_t taken_cap;
    glean_date *out;
    size_t nout, out_cap;
    glean_buf lower;           /* a token text in ASCII lower case */
};

/* glean_dates.c: the bits of a type (of the lexicon the scratch's bits are for). */
static inline uint32_t dates_type_bits(const glean_dates_scratch *s, uint32_t type)
{
    return s->type_bits[type];
}
/* The value of a map for token text t[0..len) in ASCII lower case, one trailing period
 * dropped when strip_period; 0 when absent. */
int dates_map_lookup(const glean_dates *m, glean_dates_scratch *s, int map, const char *t,
                     size_t len, int strip_period, int *value);

/* glean_dates_calendar.c: calendar arithmetic on days since 1970-01-01, as dates.lua
 * does it with Lua's numbers. */
static inline int64_t dates_imod(int64_t a, int64_t d) /* Lua's a % d for d > 0 */
{
    int64_t r = a % d;
    return r < 0 ? r + d : r;
}
/* 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday). */
static inline int64_t dates_weekday_of(int64_t z) { return dates_imod(z + 3, 7); }
typedef struct dates_lua_num {     /* a number as Lua's tonumber reads it */
    int is_float;
    int64_t i;
    double f;
} dates_lua_num;
void dates_civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d);
void dates_format_ymd(char *out, int64_t y, int64_t m, int64_t d);  /* "%04d-%02d-%02d" */
void dates_iso(char *out, int64_t z);
int dates_valid(int64_t y, int64_t m, int64_t d);
void dates_month_range(glean_date *r, int64_t y, int64_t m);
int64_t dates_infer_year(int64_t ref, int64_t m, int64_t d, int tense);
/* tonumber(s): 1 and *out when s is a number to Lua. */
int dates_lua_tonumber(const char *s, size_t len, dates_lua_num *out);
/* math.tointeger(f): 1 and *v for a whole number in range. */
int dates_float_integer(double f, int64_t *v);
/* iso(ref - k * n) into out, with Lua's wrapping integer arithmetic. */
void dates_iso_days_back(char *out, int64_t ref, int64_t k, int64_t n);

/* glean_dates_resolve.c: the records of the matches (s->matches) into s->out. */
int dates_resolve(const glean_dates *m, glean_dates_scratch *s, const glean_doc *d,
                  const glean_lexicon *lx, int has_ref, int64_t ref, glean_error *err);

#endif
