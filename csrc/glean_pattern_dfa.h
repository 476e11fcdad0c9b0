/* glean_pattern_dfa.h — the matcher's DFA cache, shared by the automaton
 * (glean_pattern_dfa.c: classes, states and transitions built from the NFA) and its runs
 * over a document (glean_pattern_scan.c: pass 1, and pass 2 in its windows).
 * Not part of the public API; the design is in glean_pattern_dfa.c.
 *
 * A position's symbol is 40 bits: its token's class (20), entity code (8), boundary flags
 * (4), prefix-fits id (6), and two functions of the class kept there to spare a lookup
 * per token: it spawns no rule but prefixed ones (inert), it spawns a prefixed rule. A
 * transition's key adds the state (23 bits) and whether the run is anchored (bit 63:
 * nothing spawns, for pass 2). */
#ifndef GLEAN_PATTERN_DFA_H
#define GLEAN_PATTERN_DFA_H

#include "glean_pattern_internal.h"

#define DFA_ITEM_ENT 0x80000000u   /* a thread inside an entity, resuming at pc & ~this */
#define DFA_CLASS_END 0xFFFFFu     /* the class at position n: no token */
#define DFA_MAX_CLASSES 0xFFFF0u
#define DFA_CLASS_PRE 0x80000000u  /* in class_of: the class's symbol bits */
#define DFA_CLASS_INERT 0x40000000u
#define DFA_CLASS_ACT 0x20000000u   /* ... and: a rule can spawn there (not inert, or prefixed) */
#define DFA_MAX_FITS 63            /* distinct prefix-fits sets */
#define DFA_MAX_STATES ((size_t)1 << 23)
#define DFA_SYM_ENT(e) ((uint64_t)(e) << 20) /* entity code: (label + 2) << 1 | starts */
#define DFA_SYM_FLAGS(f) ((uint64_t)(f) << 28)
#define DFA_SYM_FITS(k) ((uint64_t)(k) << 32)
#define DFA_SYM_INERT ((uint64_t)1 << 38)
#define DFA_SYM_PRE ((uint64_t)1 << 39)
#define DFA_SYM_ANCHOR_MASK 0xFFFFFFFFull /* what anchored runs read: class, entity, flags */
#define DFA_ANCHORED ((uint64_t)1 << 63)
#define DFA_EMPTY UINT64_MAX       /* a free transition slot */
#define DFA_FIB 0x9E3779B97F4A7C15ull
/* boundary flags of a symbol: a sentence / line break before p, p == 0, p == n */
enum { DFA_F_SENT = 1, DFA_F_LINE = 2, DFA_F_FIRST = 4, DFA_F_END = 8 };

typedef struct dfa_state {
    uint32_t first, n, hash;       /* items[first, first + n), sorted */
} dfa_state;

typedef struct dfa_trans {
    uint64_t key;                  /* symbol | state << 40 (| DFA_ANCHORED) */
    uint32_t next;                 /* next state (0: no thread left) */
    uint32_t hit;                  /* set of the rules that reach MATCH here (0: none) << 1
                                      | some thread was alive here */
} dfa_trans;

struct match_dfa {
    const glean_rules *r;
    uint32_t version;
    const glean_lexicon *lx;
    size_t aw, rw, cw;             /* words: atoms, rules, a class (aw + rw) */
    uint8_t uses_ents, uses_bounds, uses_lines;
    uint32_t *ent_spawn;           /* rules that can open with a whole entity */
    size_t nent_spawn;
    uint32_t pre[64];              /* rules with a prefix filter, spawned through `fits` */
    size_t npre;
    uint64_t *pre_mask;            /* rw words: those rules */
    /* token classes: type -> class (| DFA_CLASS_PRE, _INERT, _ACT); per
       class its atom and spawn bits and the prefixed rules it spawns; sets of prefixed
       rules that fit somewhere */
    uint32_t *class_of, *cls_tab, *cls_seen;
    size_t class_of_cap, cls_tab_cap, cls_seen_cap, cls_pre_cap, cls_inert_cap;
    uint64_t *cls, *cls_pre;
    uint8_t *cls_inert;
    size_t ncls, cls_cap;
    uint32_t seen_stamp;
    uint64_t fits[DFA_MAX_FITS + 1];
    size_t nfits;
    uint64_t pre_deep;             /* bit k: pre[k] looks past the next token */
    uint64_t *pair_key;            /* (class, next class) + 1 -> fits id, for classes whose */
    uint8_t *pair_fits;            /* prefixed rules look at the next token only */
    size_t npair, pair_cap;
    /* the automaton: states (sets of items, and the rules they hold), sets of rules,
       transitions */
    uint32_t *items;
    size_t nitems, items_cap;
    dfa_state *states;
    size_t nstates, states_cap;
    uint64_t *srules;              /* rw words per state */
    size_t srules_cap;
    uint32_t *st_tab;
    size_t st_tab_cap;
    uint64_t *sets;                /* rw words per set; set 0 is empty */
    size_t nsets, sets_cap;
    uint32_t *set_tab;
    size_t set_tab_cap;
    dfa_trans *trans;
    size_t ntrans, trans_cap;
    unsigned trans_shift;
    size_t used;                   /* bytes held by the automaton, against the budget */
    uint32_t *memo;                /* captures by (rule, symbols of the match): records */
    size_t memo_len, memo_cap;     /* hash, rule, n, n symbols, alt, captures (relative) */
    uint32_t *memo_tab;            /* record offsets */
    size_t nmemo, memo_tab_cap;
    uint32_t *init, *init_gen;     /* per rule: the state {pc_first} and its flush number */
    uint32_t gen;                  /* flushes so far, + 1 */
    /* building one transition */
    uint32_t *mark, *nmark, *stack, *cur, *next;
    size_t work_cap, ncur, nnext;
    uint32_t stamp;
    uint64_t *hit, *to;            /* rw words: rules reaching MATCH, rules of the next */
    /* per document */
    uint32_t *cv;                  /* position -> class_of value (class and its flags) */
    uint32_t *act;                 /* the positions where something can spawn */
    size_t nact;
    uint64_t *syms;                /* position -> symbol (positions pass 1 looked at) */
    uint32_t *spos;                /* position -> state before it (same positions) */
    size_t cv_cap, act_cap, syms_cap, spos_cap;
    uint8_t always_active;         /* a rule needs no particular token: no prefilter */
    unsigned cooldown;             /* documents left to run on the NFA */
    int want_flush;                /* the last document filled the cache or its tables */
    uint64_t built, flushes;
};

uint32_t dfa_hash_items(const uint32_t *it, size_t n);
/* The cache for c's rule set, made, reset (the rules changed) or flushed (over budget)
 * as a document starts; NULL on error. */
match_dfa *dfa_for(match_ctx *c);
/* The class of a type whose bits are `bits`; DFA_GAVE_UP past DFA_MAX_CLASSES. */
int dfa_intern_class(match_dfa *d, const uint64_t *bits, uint32_t *id);
/* The id of a non-empty set of prefixed rules that fit; DFA_GAVE_UP past DFA_MAX_FITS. */
int dfa_intern_fits(match_dfa *d, uint64_t fits, uint32_t *id);
/* The captures (2 per capture, -1 unset) and alternative of rule's match [first, end)
 * found in pass 2 on the DFA: the Pike VM's, remembered by the match's symbols. */
int dfa_captures(match_ctx *c, uint32_t rule, size_t first, size_t end, int32_t *caps,
                 uint32_t *alt);
/* The state {pc_first of rule}, where an anchored run starts; NONE32 on error. */
uint32_t dfa_init_state(match_ctx *c, match_dfa *d, uint32_t rule);
/* Computes and caches the transition of state S on symbol `sym` (DFA_ANCHORED set:
 * without spawning rules). DFA_GAVE_UP when the cache is full for this document. */
int dfa_build(match_ctx *c, match_dfa *d, uint32_t S, uint64_t sym, dfa_trans *out,
              uint64_t *steps);

/* The transition of S on symbol `sym`: one hash probe, or built. */
static inline int dfa_step(match_ctx *c, match_dfa *d, uint32_t S, uint64_t sym, dfa_trans *t,
                           uint64_t *steps)
{
    uint64_t key = sym | (uint64_t)S << 40;
    size_t k = (size_t)((key * DFA_FIB) >> d->trans_shift), mask = d->trans_cap - 1;
    for (;; k = (k + 1) & mask) {
        const dfa_trans *e = &d->trans[k];
        if (e->key == key) {
            *t = *e;
            return GLEAN_OK;
        }
        if (e->key == DFA_EMPTY)
            return dfa_build(c, d, S, sym, t, steps);
    }
}

/* Whether a thread of `rule` is in state S (crossed the token before it). */
static inline int dfa_carries(const match_dfa *d, uint32_t S, size_t rule)
{
    return get_bit(d->srules + (size_t)S * d->rw, rule);
}

#endif
