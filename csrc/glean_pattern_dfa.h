/* glean_pattern_dfa.h — the matcher's DFA cache, shared by the automaton
 * (glean_pattern_dfa.c: classes, symbols, states, transitions built from the NFA) and
 * its runs over a document (glean_pattern_scan.c: pass 1, and pass 2 in its windows).
 * Not part of the public API; the design is in glean_pattern_dfa.c. */
#ifndef GLEAN_PATTERN_DFA_H
#define GLEAN_PATTERN_DFA_H

#include "glean_pattern_internal.h"

#define DFA_ITEM_ENT 0x80000000u   /* a thread inside an entity, resuming at pc & ~this */
#define DFA_CLASS_END UINT32_MAX   /* the class at position n: no token */
#define DFA_ANCHORED 0x80000000u   /* in a transition's symbol: spawn nothing (pass 2) */
#define DFA_EMPTY UINT64_MAX       /* a free transition slot */
#define DFA_FIB 0x9E3779B97F4A7C15ull
/* boundary flags of a symbol: a sentence / line break before p, p == 0, p == n */
enum { DFA_F_SENT = 1, DFA_F_LINE = 2, DFA_F_FIRST = 4, DFA_F_END = 8 };

typedef struct dfa_state {
    uint32_t first, n, hash;       /* items[first, first + n), sorted */
} dfa_state;

typedef struct dfa_trans {
    uint64_t key;                  /* state << 32 | symbol (| DFA_ANCHORED) */
    uint32_t next, ev;             /* next state (0: no thread left); events (0: none) */
    uint32_t live;                 /* some thread was alive at this position */
} dfa_trans;

typedef struct dfa_sym {
    uint32_t cls;                  /* DFA_CLASS_END at position n */
    uint8_t ent, flags;            /* entity code: 0 none, else (label + 2) << 1 | starts */
    uint64_t fits;                 /* bit k: prefixed rule pre[k] fits here */
} dfa_sym;

struct match_dfa {
    const glean_rules *r;
    uint32_t version;
    const glean_lexicon *lx;
    size_t aw, rw, cw, ew;         /* words: atoms, rules, a class, an event record */
    uint8_t uses_ents, uses_bounds, uses_lines;
    uint32_t *ent_spawn;           /* rules that can open with a whole entity */
    size_t nent_spawn;
    uint32_t pre[64];              /* rules with a prefix filter, spawned through `fits` */
    size_t npre;
    uint64_t *pre_mask;            /* rw words: those rules */
    /* token classes: type -> class; per class its atom and spawn bits, its plain symbol
       (no entity, no flag, no prefix fits) and the prefixed rules it spawns */
    uint32_t *class_of, *cls_tab, *cls_sym, *cls_seen;
    size_t class_of_cap, cls_tab_cap, cls_seen_cap, cls_sym_cap, cls_pre_cap;
    uint64_t *cls, *cls_pre;
    size_t ncls, cls_cap;
    uint32_t seen_stamp;
    dfa_sym *sym;
    size_t nsym, sym_cap;
    uint32_t *sym_tab;
    size_t sym_tab_cap;
    /* the automaton: states (sets of items), event records, transitions */
    uint32_t *items;
    size_t nitems, items_cap;
    dfa_state *states;
    size_t nstates, states_cap;
    uint32_t *st_tab;
    size_t st_tab_cap;
    uint64_t *ev;                  /* records of ew words: opens, hits, closes */
    size_t nev, ev_cap;
    uint32_t *ev_tab;
    size_t ev_tab_cap;
    dfa_trans *trans;
    size_t ntrans, trans_cap;
    unsigned trans_shift;
    size_t used;                   /* bytes held by the automaton, against the budget */
    uint32_t *init, *init_gen;     /* per rule: the state {pc_first} and its flush number */
    uint32_t gen;                  /* flushes so far, + 1 */
    /* building one transition */
    uint32_t *mark, *nmark, *stack, *cur, *next;
    size_t work_cap, ncur, nnext;
    uint32_t stamp;
    uint64_t *rec, *from, *to;     /* an event record; rules of the state and of the next */
    /* per document */
    uint32_t *syms;                /* position -> symbol */
    size_t syms_cap;
    unsigned cooldown;             /* documents left to run on the NFA after thrashing */
    uint64_t built, flushes;
};

/* The cache for c's rule set, made or reset when the rules changed; NULL on error. */
match_dfa *dfa_for(match_ctx *c);
int dfa_intern_class(match_dfa *d, const uint64_t *bits, uint32_t *id);
int dfa_intern_sym(match_dfa *d, const dfa_sym *y, uint32_t *id);
/* The state {pc_first of rule}, where an anchored run starts; NONE32 on error. */
uint32_t dfa_init_state(match_ctx *c, match_dfa *d, uint32_t rule);
/* Computes and caches the transition of state S on symbol `symid` (DFA_ANCHORED set:
 * without spawning rules). */
int dfa_build(match_ctx *c, match_dfa *d, uint32_t S, uint32_t symid, dfa_trans *out,
              uint64_t *steps);

/* The transition of S on symbol `sym`: one hash probe, or built. */
static inline int dfa_step(match_ctx *c, match_dfa *d, uint32_t S, uint32_t sym, dfa_trans *t,
                           uint64_t *steps)
{
    uint64_t key = (uint64_t)S << 32 | sym;
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

#endif
