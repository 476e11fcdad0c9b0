/* glean_pattern.h — token-pattern rules: a compiler from rule strings (and token specs
 * built by the binding) to one instruction program per rule set, and a matcher whose
 * time is linear in the number of tokens for every rule.
 *
 * Why this design:
 * - Token tests are evaluated once per token *type* and cached as bitsets indexed by the
 *   lexicon's type id (glean_rules_cache), so a token costs one array read per atom, and
 *   a Lua pattern predicate calls into Lua once per type, never per token.
 * - Matching never backtracks. Pass 1 runs the whole program forward as a set of states
 *   (a Thompson simulation) only to find, per rule, the windows of positions where the
 *   rule is alive and reaches MATCH. Pass 2 runs backwards over each window computing, for
 *   every state and position, the longest end reachable from it (a dynamic programme over
 *   the acyclic state graph of one position). That gives the longest match from every
 *   start in O(window x rule size), so leftmost-longest selection, with or without
 *   overlaps, is linear in the document: no rescans after a match, unlike forward
 *   search-and-restart.
 * - Both passes normally run on a DFA built lazily from that simulation and cached in the
 *   scratch across documents (glean_pattern_dfa.c): a transition is simulated once, then
 *   looked up, one hash probe per token; pass 2 runs each rule anchored at each start of
 *   a window through the same cache while that costs less than the backward DP. The
 *   simulation itself remains the fallback (a cache that thrashes, one rule alone) and
 *   the oracle the tests compare against (glean_rules_scratch_tune).
 * - Captures, the pattern alternative and `explain` come from a Pike VM anchored at a
 *   match's start (priority order, so greedy quantifiers and the first alternative win
 *   ties; a capture inside a repeat keeps the last repetition). It runs only over the
 *   tokens of matches already found, so it adds at most the matches' total length.
 * - Repeats of items that can match zero tokens are rejected at compile time: that keeps
 *   the state graph of one position acyclic, which the backward pass relies on. */
#ifndef GLEAN_PATTERN_H
#define GLEAN_PATTERN_H

#include "glean_doc.h"

/* Documented limits (errors name them). */
#define GLEAN_RULES_MAX_INSNS 65536     /* instructions per rule after expanding {n,m} */
#define GLEAN_RULES_MAX_REPEAT 1000     /* n and m in {n,m} */
#define GLEAN_RULES_MAX_DEPTH 32        /* nesting of ( ... ) groups */
#define GLEAN_RULES_MAX_LABELS 64       /* distinct entity labels named by one rule set */
#define GLEAN_RULES_MAX_RULES 100000
#define GLEAN_RULES_MAX_SOURCE 65536    /* bytes of one rule string */

/* One token test. A token atom is the conjunction of its tests, optionally negated. */
enum {
    GLEAN_TEST_NORM, GLEAN_TEST_TEXT, GLEAN_TEST_LOWER, GLEAN_TEST_SHAPE, /* string sets */
    GLEAN_TEST_FLAG,    /* a = flag bit (GLEAN_IS_*), b = expected value 0/1 */
    GLEAN_TEST_LENGTH,  /* a..b code points */
    GLEAN_TEST_EXTERN,  /* a = index of a caller-evaluated predicate (a Lua pattern) */
    GLEAN_TEST_ENT      /* per token: covered by an entity; mask b (0 = any entity) */
};

typedef struct glean_test {
    uint8_t kind, neg;
    uint32_t a, b;       /* sets: a = first string, b = count (in the rule set's pool) */
    uint32_t set;        /* sets: the set's number (the inverted index points to it) */
    uint64_t mask;       /* GLEAN_TEST_ENT: label mask, 0 = any */
} glean_test;

/* A token spec as the binding builds it from a Lua table: tests (ANDed), `!` negation,
 * a repeat range (max = -1 for unbounded), an optional capture name and a description
 * shown by explain. */
typedef struct glean_token_spec {
    const glean_test *tests;
    size_t ntests;
    int negate;
    int min, max;
    const char *capture;   /* NULL: none */
    const char *desc;
} glean_token_spec;

/* Caller-evaluated predicates (Lua patterns): returns 1 match, 0 no match, -1 error
 * (message in err). Called at most once per (predicate, type) for a rules cache. */
typedef int (*glean_extern_fn)(void *ud, uint32_t pred, const char *text, size_t len,
                               glean_error *err);

typedef struct glean_rules glean_rules;

/* A rule set bound to a tokenizer (bare words are normalized as its documents are). */
int glean_rules_new(glean_rules **out, glean_tokenizer *tk, glean_error *err);
void glean_rules_free(glean_rules *r);

/* Adds a rule from a string. Errors (GLEAN_EARG) read "rule NAME, column C: ...".
 * Lua patterns in the string are registered as caller predicates: the caller checks
 * them (glean_rules_extern_count, glean_rules_extern_source) and evaluates them. */
int glean_rules_add_string(glean_rules *r, const char *name, const char *src, size_t len,
                           glean_error *err);
/* Adds a rule from token specs (a sequence). String sets in tests refer to strings
 * added with glean_rules_add_set_string. */
int glean_rules_add_specs(glean_rules *r, const char *name, const glean_token_spec *specs,
                          size_t n, glean_error *err);

/* Interns a label (for GLEAN_TEST_ENT masks): its bit index, or -1 (too many labels). */
int glean_rules_label(glean_rules *r, const char *label, size_t len);
/* The bit of a label some rule names, or -1. */
int glean_rules_label_find(const glean_rules *r, const char *label, size_t len);
/* Removes the rule added last (the binding's checks after a successful compile). */
void glean_rules_remove_last(glean_rules *r);
/* Stores the strings of a set test of `kind` for a token spec; fills t->a/t->b/t->set. Words
 * are normalized like the kind's token field (norm, lower) through the tokenizer. */
int glean_rules_add_set(glean_rules *r, glean_test *t, int kind, const char *const *words,
                        const size_t *lens, size_t n, glean_error *err);
/* Registers a Lua pattern (or any caller predicate) and returns its index. */
int glean_rules_add_extern(glean_rules *r, const char *src, size_t len, uint32_t *index,
                           glean_error *err);

size_t glean_rules_count(const glean_rules *r);
size_t glean_rules_extern_count(const glean_rules *r);
const char *glean_rules_extern_source(const glean_rules *r, uint32_t index, size_t *len);
const char *glean_rules_name(const glean_rules *r, size_t rule);
size_t glean_rules_captures(const glean_rules *r, size_t rule);           /* count */
const char *glean_rules_capture_name(const glean_rules *r, size_t rule, size_t k);
size_t glean_rules_alternatives(const glean_rules *r, size_t rule);
size_t glean_rules_program_size(const glean_rules *r);
/* 1 when some rule looks at entities (@LABEL, ent=): only then do matches need them. */
int glean_rules_uses_ents(const glean_rules *r);

/* An entity of the document as the matcher sees it: tokens first..last, label bit
 * (-1 for a label no rule names). Entities must be sorted and non-overlapping, labels in
 * -1..63 (else glean_rules_match fails with GLEAN_EARG). */
typedef struct glean_match_ent {
    uint32_t first, last;
    int32_t label;
} glean_match_ent;

typedef struct glean_rule_match {
    uint32_t rule;
    uint32_t first, end;      /* tokens [first, end) */
    uint32_t alternative;     /* 1-based top-level alternative */
    uint32_t caps;            /* index into glean_rules_result.caps: 2 per capture */
} glean_rule_match;

/* Matching state that grows with use: per-type test results and scratch arrays. Keep
 * one per thread; it is reset whenever rules are added. */
typedef struct glean_rules_scratch glean_rules_scratch;

typedef struct glean_rules_result {
    glean_rule_match *matches;
    size_t n, cap;
    int32_t *caps;            /* token [start, end) pairs, -1 when unset */
    size_t ncaps, caps_cap;
    uint64_t steps;           /* state evaluations made: the linear-time witness */
    uint64_t extern_calls;    /* caller predicates evaluated (once per new type) */
    glean_rule_match *sort_buf; /* glean_rules_result_sort's merge buffer */
    size_t sort_buf_cap;
} glean_rules_result;

int glean_rules_scratch_new(glean_rules_scratch **out);
void glean_rules_scratch_free(glean_rules_scratch *s);

/* For tests, fuzzers and benchmarks; the matches never depend on either setting.
 * nfa = 1 makes this scratch run the matcher's first pass as the reference NFA
 * simulation instead of the cached DFA (glean_pattern_dfa.c). dfa_budget (0: the default,
 * 8 MB) bounds the DFA cache: over it, the cache is emptied before the next document; a
 * document that grows it past four times the budget is finished on the NFA. */
void glean_rules_scratch_tune(glean_rules_scratch *s, int nfa, size_t dfa_budget);

typedef struct glean_rules_stats {
    uint64_t dfa_states, dfa_transitions, dfa_classes; /* held in the cache now */
    uint64_t dfa_built, dfa_flushes;  /* transitions computed, cache flushes: since the */
    uint64_t nfa_runs;                /* scratch was made; documents run on the NFA */
    size_t dfa_bytes;                 /* bytes the cache counts against its budget */
    uint64_t windows, window_tokens;  /* pass 2: windows run, their positions in all */
    uint64_t window_steps;            /* ... times their rule's size */
} glean_rules_stats;
void glean_rules_scratch_stats(const glean_rules_scratch *s, glean_rules_stats *out);
void glean_rules_result_free(glean_rules_result *res);

/* Matches every rule (or only `only_rule` when >= 0) over the doc. all = 0: per rule,
 * leftmost-longest non-overlapping; all = 1: the longest match from every start.
 * The matches of one rule are in start order; different rules interleave. */
int glean_rules_match(const glean_rules *r, glean_rules_scratch *s, const glean_doc *d,
                      const glean_lexicon *lx, const glean_match_ent *ents, size_t nents,
                      int all, long only_rule, glean_extern_fn fn, void *ud,
                      glean_rules_result *res, glean_error *err);

/* Puts the matches of all rules in text order: start, then the longer match, then the
 * rule added first (each match keeps its captures). */
void glean_rules_result_sort(glean_rules_result *res);

/* A readable account of how rule `rule` fares from token `start` (0-based; -1 tries
 * every start and explains the attempt that got farthest). Appends to out. */
int glean_rules_explain(const glean_rules *r, glean_rules_scratch *s, const glean_doc *d,
                        const glean_lexicon *lx, const glean_match_ent *ents, size_t nents,
                        size_t rule, long start, glean_extern_fn fn, void *ud,
                        glean_buf *out, glean_error *err);

#endif
