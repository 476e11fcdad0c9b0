/* glean_pattern_internal.h — the compiled form of a rule set, shared by the compiler
 * (glean_pattern_compile.c, glean_pattern_codegen.c, glean_pattern_parse.c,
 * glean_pattern_filters.c) and the matchers (glean_pattern_types.c,
 * glean_pattern_match.c, glean_pattern_pike.c, and on the DFA glean_pattern_dfa.c,
 * glean_pattern_scan.c). Not part of the public API. */
#ifndef GLEAN_PATTERN_INTERNAL_H
#define GLEAN_PATTERN_INTERNAL_H

#include "glean_pattern.h"
#include "glean_strset.h"

#define NONE32 UINT32_MAX

/* Instructions. Consuming ones (ATOM, ENT) continue at pc + 1. */
enum {
    OP_ATOM,   /* a = atom: one token that passes it */
    OP_ENT,    /* a = index in ent_masks: one whole entity span starting here */
    OP_SPLIT,  /* a (preferred), b */
    OP_JMP,    /* a */
    OP_BOS,    /* sentence start here (a = 1: line start) */
    OP_EOS,    /* sentence end here (a = 1: line end) */
    OP_SAVE,   /* a = capture slot */
    OP_ALT,    /* a = top-level alternative number (1-based) */
    OP_MATCH
};

typedef struct insn {
    uint8_t op;
    uint32_t a, b;
    uint32_t rule;   /* owning rule */
    uint32_t elem;   /* top-level element (for explain), NONE32 when none */
} insn;

/* A token atom: tests [first, first + n) combined with AND (or OR when any_of), then
 * negated when neg. has_ent: a test looks at the token's entity, so part of the
 * verdict is per token; the cached per-type bit then holds the other tests only. */
typedef struct atom {
    uint32_t first, n;
    uint8_t any_of, neg, has_ent;
} atom;

typedef struct rule_info {
    uint32_t name;            /* pool offset (NUL-terminated) */
    uint32_t pc_first, pc_end;
    uint32_t ncaps, caps_first;   /* capture names: cap_names[caps_first ...] */
    uint32_t nalts;
    uint32_t nelems, elems_first; /* element descriptions: elems[...] */
    uint32_t first_atoms, nfirst; /* atoms that can consume the first token */
    uint32_t tests_first, atoms_first, masks_first; /* what this rule added (rollback) */
    uint32_t prefix[4];       /* atoms every match starts with, in order (a cheap filter */
    uint8_t nprefix;          /* before a rule starts at a token) */
    uint32_t second_atoms, nsecond; /* after a one-atom opening: atoms for the 2nd token */
    uint8_t second_any;       /* ... or no such filter */
    uint8_t always_spawn;     /* starts with _, an entity test, or something we cannot filter */
    uint8_t ent_spawn;        /* can start with a whole entity (@LABEL): spawned where one
                                 starts, not at every token */
    uint8_t has_ent;
    uint8_t whole_cap;        /* the one capture is the whole rule: no Pike VM needed */
    uint8_t nrequired;        /* atoms every match consumes (up to 4): a document with no */
    uint32_t required[4];     /* token passing one of them skips the rule */
} rule_info;

typedef struct str_ref {
    uint32_t off, len;        /* pool offset */
    uint32_t alt;             /* element descriptions: the top-level alternative */
} str_ref;

struct glean_rules {
    glean_tokenizer *tk;
    insn *prog;
    size_t nprog, prog_cap;
    uint32_t *order;          /* per pc of each rule: evaluation order for the backward
                                 pass (epsilon successors first); same indexing as prog */
    size_t order_cap;
    glean_test *tests;
    size_t ntests, tests_cap;
    atom *atoms;
    size_t natoms, atoms_cap;
    uint64_t *ent_masks;
    size_t nent_masks, ent_masks_cap;
    rule_info *rules;
    size_t nrules, rules_cap;
    str_ref *cap_names;
    size_t ncap_names, cap_names_cap;
    str_ref *elems;
    size_t nelems, elems_cap;
    uint32_t *first_atoms;
    size_t nfirst_atoms, first_atoms_cap;
    str_ref *set_words;       /* strings of set tests */
    size_t nset_words, set_words_cap;
    str_ref *externs;         /* Lua pattern sources */
    size_t nexterns, externs_cap;
    str_ref labels[GLEAN_RULES_MAX_LABELS];
    size_t nlabels;
    /* inverted index: kind byte + string -> first posting; postings chain set numbers */
    glean_strset index;
    uint32_t *postings;       /* pairs (test, next) */
    size_t npostings, postings_cap;
    size_t nsets;
    unsigned kinds_present;   /* bit per GLEAN_TEST_NORM..SHAPE present in the index */
    glean_buf pool;
    glean_buf keybuf;
    uint32_t version;         /* bumped on every add: scratch caches reset */
    /* sizes before the rule being added: a failed add rolls tests, atoms and entity
       masks back (string sets and Lua patterns stay, unreferenced: the inverted index
       cannot forget a posting, so set numbers are never reused) */
    size_t mark_tests, mark_atoms, mark_masks;
};

/* --- compile helpers (glean_pattern_compile.c) ------------------------------------ */

/* AST built by the parser or from token specs, turned into instructions by codegen. */
enum { N_ATOM, N_ENT, N_BOS, N_EOS, N_SEQ, N_ALT, N_REPEAT, N_CAPTURE };

typedef struct ast_node {
    uint8_t kind;
    uint32_t a;               /* atom, ent mask index, capture index */
    int32_t min, max;         /* repeat; max -1 = unbounded */
    uint32_t first, last, next; /* children (first/last) and sibling */
    uint32_t col;             /* 1-based column in the rule string (0 for specs) */
    uint32_t elem;            /* top-level element index, NONE32 below the top */
} ast_node;

typedef struct ast {
    ast_node *nodes;
    size_t n, cap;
    str_ref *caps;            /* capture names, pool offsets */
    size_t ncaps, caps_cap;
    str_ref *elems;           /* element descriptions */
    size_t nelems, elems_cap;
} ast;

void ast_free(ast *t);
int ast_add(ast *t, int kind, uint32_t col, uint32_t *id, glean_error *err);
void ast_append(ast *t, uint32_t parent, uint32_t child);
int ast_capture(glean_rules *r, ast *t, const char *name, size_t len, uint32_t *index,
                glean_error *err);

int rules_pool_add(glean_rules *r, const char *s, size_t len, uint32_t *off, glean_error *err);
int rules_add_test(glean_rules *r, const glean_test *t, glean_error *err);
int rules_add_atom(glean_rules *r, uint32_t first, uint32_t n, int any_of, int neg,
                   uint32_t *index, glean_error *err);
int rules_add_ent_mask(glean_rules *r, uint64_t mask, uint32_t *index, glean_error *err);
/* The norm (or lower, for kind LOWER) of a word, through the tokenizer's lexicon. */
int rules_word_key(glean_rules *r, int kind, const char *s, size_t len, const char **key,
                   size_t *keylen, glean_error *err);
/* Compiles the tree rooted at `root` as a new rule named `name`. */
int rules_commit(glean_rules *r, const char *name, ast *t, uint32_t root, glean_error *err);
/* glean_pattern_filters.c: the evaluation order of rule ri's instructions (pass 2), its
 * first and opening atoms, and the atoms every match must consume (from its tree). */
int rules_build_order(glean_rules *r, rule_info *ri, glean_error *err);
int rules_build_first(glean_rules *r, rule_info *ri, glean_error *err);
void rules_collect_required(const glean_rules *r, const ast *t, uint32_t node, rule_info *ri);

/* The parser (glean_pattern_parse.c): rule string -> ast, root in *root. */
int rules_parse(glean_rules *r, const char *name, const char *src, size_t len, ast *t,
                uint32_t *root, glean_error *err);

/* --- matching helpers ------------------------------------------------------------- */

typedef struct match_dfa match_dfa;

struct glean_rules_scratch {
    const glean_rules *owner;
    const glean_lexicon *lexicon; /* the type ids below are this lexicon's */
    uint32_t version;
    /* per type: atom bits then spawn-rule bits; ready flags */
    uint64_t *type_bits;
    uint8_t *type_ready;
    size_t types_cap, atom_words, rule_words;
    uint64_t *test_bits;      /* scratch for one type's tests */
    uint64_t *set_bits;       /* scratch for one type's string sets */
    int8_t *extern_val;       /* scratch for one type's caller predicates: -1 unknown */
    uint64_t *present;        /* per document: atoms some token passes, then (at
                                 present + atom_words) the rules that can match */
    glean_buf key;
    /* per document */
    int32_t *ent_at;          /* token -> entity starting there, or -1 */
    int32_t *ent_label;       /* token -> label bit of the covering entity, -1 unknown,
                                 -2 none */
    size_t toks_cap;
    /* pass 1 */
    uint32_t *list_a, *list_b, *stack, *pending;
    uint32_t *mark;           /* pc -> stamp */
    size_t prog_cap, mark_cap;
    uint32_t stamp;
    int64_t *win_start, *win_last;
    uint8_t *win_hit;         /* the open window reached the rule's MATCH */
    size_t rules_cap;
    uint32_t *windows;        /* triples (rule, a, b) */
    size_t nwindows, windows_cap;
    /* pass 2 */
    int32_t *rows;
    size_t rows_cap;
    int32_t *best;
    size_t best_cap;
    /* Pike VM */
    uint32_t *pk_pc[2];
    int32_t *pk_slots[2];
    size_t pk_n[2];
    int32_t *pk_snap;         /* slot snapshots while computing a closure */
    size_t pk_snap_cap, pk_nsnap;
    uint32_t *pk_stack;       /* (pc, snapshot) pairs */
    size_t pk_cap;
    size_t pk_slots_cap;
    uint32_t *pk_mark;
    /* pass 1 as a lazily built DFA (glean_pattern_dfa.c); pass1_nfa forces the reference
       NFA simulation (glean_rules_scratch_tune) */
    match_dfa *dfa;
    size_t dfa_budget;
    uint8_t pass1_nfa;
    uint64_t nfa_runs;        /* documents whose pass 1 ran on the NFA */
    uint64_t p2_windows, p2_positions, p2_steps; /* pass 2's work, for glean_rules_stats */
};

/* Per-document context shared by both matchers. */
typedef struct match_ctx {
    const glean_rules *r;
    glean_rules_scratch *s;
    const glean_doc *d;
    const glean_lexicon *lx;
    const glean_match_ent *ents;
    size_t nents;
    glean_extern_fn fn;
    void *ud;
    glean_error *err;
    uint32_t max_ent_len;
    uint64_t extern_calls;
    int on_dfa;               /* pass 1 ran on the DFA: its symbols are in s->dfa */
} match_ctx;

/* Prepares the scratch for a document: caches, entity arrays. */
int match_prepare(match_ctx *c, const glean_rules *r, glean_rules_scratch *s,
                  const glean_doc *d, const glean_lexicon *lx, const glean_match_ent *ents,
                  size_t nents, glean_extern_fn fn, void *ud, glean_error *err);
static inline void set_bit(uint64_t *w, size_t i) { w[i >> 6] |= 1ull << (i & 63); }
static inline int get_bit(const uint64_t *w, size_t i)
{
    return (int)((w[i >> 6] >> (i & 63)) & 1);
}

/* The per-type bits of token i (computed on first use); NULL on error. The inline
 * fast path is one load and a test: it runs for every token and every lookahead. */
const uint64_t *match_type_bits_slow(match_ctx *c, size_t i);
static inline const uint64_t *match_type_bits(match_ctx *c, size_t i)
{
    uint32_t type = c->d->toks[i].type;
    glean_rules_scratch *s = c->s;
    if (s->type_ready[type])
        return s->type_bits + (size_t)type * (s->atom_words + s->rule_words);
    return match_type_bits_slow(c, i);
}
/* 1 when entity label `label` (-1: a label no rule names) is in `mask` (0: any). */
static inline int match_label_in(uint64_t mask, int32_t label)
{
    return !mask || (label >= 0 && ((mask >> label) & 1));
}
/* The verdict of atom ai for a token whose per-type bits are `bits` and whose covering
 * entity has label `label` (-2: none): the per-type bit, then the entity tests. */
static inline int match_atom_bits(const glean_rules *r, const uint64_t *bits, uint32_t ai,
                                  int32_t label)
{
    int v = get_bit(bits, ai);
    const atom *a = &r->atoms[ai];
    if (!a->has_ent)
        return v;
    for (uint32_t k = 0; v && k < a->n; k++) {
        const glean_test *t = &r->tests[a->first + k];
        if (t->kind != GLEAN_TEST_ENT)
            continue;
        int tv = label != -2 && match_label_in(t->mask, label);
        v = t->neg ? !tv : tv;
    }
    return a->neg ? !v : v;
}
/* 1 when token p passes atom `a` (p < ntoks); -1 on error. */
int match_atom(match_ctx *c, uint32_t a, size_t p);
/* 1 when an entity starts at p whose label is in ent mask `m`; *end = after its last. */
int match_ent(match_ctx *c, uint32_t m, size_t p, size_t *end);
/* Is there a line break between tokens p - 1 and p (0 < p < ntoks)? A newline, a
 * carriage return, or U+2028 LINE / U+2029 PARAGRAPH SEPARATOR. */
static inline int match_line_break(const glean_doc *d, size_t p)
{
    const unsigned char *s = (const unsigned char *)d->text;
    for (size_t i = d->toks[p - 1].end; i < d->toks[p].start; i++) {
        if (s[i] == '\n' || s[i] == '\r')
            return 1;
        if (s[i] == 0xE2 && i + 2 < d->toks[p].start && s[i + 1] == 0x80 &&
            (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))
            return 1;
    }
    return 0;
}
/* Is position p (before token p) a sentence start / end, or with line = 1 a line start /
 * end? */
int match_bos(const glean_doc *d, size_t p, uint32_t line);
int match_eos(const glean_doc *d, size_t p, uint32_t line);

/* Pass 2 over window [a, b] of `rule` as a backward DP (glean_pattern_match.c), and the
 * match it adds to res (its captures from the Pike VM). */
int match_window_dp(match_ctx *c, uint32_t rule, size_t a, size_t b, int all,
                    glean_rules_result *res);
int match_add(match_ctx *c, glean_rules_result *res, uint32_t rule, size_t first, size_t end);
/* 1 when rule ri's fixed opening atoms pass on the tokens from p (`next`: token p + 1's
 * bits), 0 when not, -1 on error; only for rules with such a filter
 * (ri->nprefix > 1 || !ri->second_any). */
int match_prefix_fits(match_ctx *c, const rule_info *ri, size_t p, const uint64_t *next);
/* Records a window of positions [a, b] where `rule` may match (pass 2 runs over it). */
int match_push_window(glean_rules_scratch *s, uint32_t rule, size_t a, size_t b);

/* Pass 1 as a lazily built DFA (glean_pattern_dfa.c): fills s->windows like the NFA pass
 * 1 (glean_pattern_match.c), with windows that contain the NFA's windows that reached
 * MATCH, cut after their last MATCH. Returns GLEAN_OK, an error, or DFA_GAVE_UP when
 * the NFA should run instead (a program too large to encode, or a cache that thrashes
 * on this document). *steps grows by transitions taken and NFA steps spent building. */
#define DFA_GAVE_UP 1
int dfa_pass1(match_ctx *c, uint64_t *steps);
/* Pass 2 over a window that dfa_pass1 found (glean_pattern_scan.c), adding its matches
 * to res as match_window_dp would. */
int dfa_window(match_ctx *c, uint32_t rule, size_t a, size_t b, int all,
               glean_rules_result *res);
void dfa_free(match_dfa *d);
#define DFA_DEFAULT_BUDGET ((size_t)8 << 20)

/* Pike VM anchored at `start`: fills caps (2 per capture, -1 unset) and *alt for the
 * highest-priority thread that ends exactly at `end`. */
int pike_captures(match_ctx *c, size_t rule, size_t start, size_t end, int32_t *caps,
                  uint32_t *alt);

#endif
