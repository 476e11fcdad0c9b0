/* glean_pattern_dfa.c — pass 1 of the matcher (glean_pattern_match.c) as a DFA built
 * lazily from the NFA, RE2-style, and cached in the scratch across documents.
 *
 * Why: the NFA pass 1 recomputes, at every token, the epsilon closure of every live
 * thread and respawns every rule; on the news extractors' rules that is most of the
 * matcher's time. But what it computes at position p depends only on the set of seed
 * threads before p and on what the rules can see of token p, and both recur endlessly
 * in a corpus. So the set of seeds is a DFA state, what the rules see of token p is a
 * symbol, and the transition (state, symbol) -> (next state, rules alive at p, rules
 * that reached MATCH at p) is computed once by the NFA code below and then looked up.
 *
 * The symbol of position p packs: the token's class (distinct per-type atom bit
 * vectors, interned: spawn bits follow from them), the label of the entity covering the
 * token and whether it starts there (entity tests and @LABEL read nothing else), and
 * the boundary flags BOS/EOS read (sentence and line breaks before p, p == 0, p == n).
 * A whole-entity item (OP_ENT) goes token by token here: its thread waits in the state
 * as an ITEM_ENT item while the following tokens continue the entity, and resumes at
 * the first token that does not (entities are sorted and do not overlap, so that is
 * exactly where the NFA's `pending` threads rejoin).
 *
 * Differences from the NFA pass 1, none visible in the matches: every rule is spawned
 * where its first atoms pass (no lookahead prefix filter, no per-document active-rule
 * filter: both are sound filters, so they only narrow windows), so windows can be wider;
 * pass 2 finds the same matches in a wider window, and every window is cut after its
 * last MATCH (no match can end later). Time stays linear in tokens for every rule set:
 * a new transition costs what the NFA spends on one position plus hashing; the cache is
 * bounded (flushed when full) and a document that thrashes it is redone by the NFA. */
#include "glean_pattern_internal.h"

#include <stdlib.h>
#include <string.h>

#define GROW(arr, cap, need) glean_grow((void **)&(arr), &(cap), (need), sizeof *(arr))

#define ITEM_ENT 0x80000000u       /* a thread inside an entity, resuming at pc & ~ITEM_ENT */
#define CLASS_END 0xFFFFFFu        /* the symbol's class at position n: no token */
#define MAX_CLASSES 0xFFFFF0u
#define MAX_STATES ((size_t)1 << 26)
#define DT_EMPTY UINT64_MAX
#define F_SENT 1u                  /* boundary flags: a sentence break before p */
#define F_LINE 2u                  /* a line break before p */
#define F_FIRST 4u                 /* p == 0 */
#define F_END 8u                   /* p == n */

typedef struct dstate {
    uint32_t first, n, hash;       /* items[first, first + n), sorted */
} dstate;

typedef struct dtrans {
    uint64_t key;                  /* symbol | state << 36; DT_EMPTY: a free slot */
    uint32_t next, alive, hit;     /* state; sets (0 is the empty set) */
} dtrans;

struct match_dfa {
    const glean_rules *r;
    uint32_t version;
    const glean_lexicon *lx;
    size_t aw, rw, cw;             /* words: atoms, rules, a class (aw + rw) */
    uint8_t uses_ents, uses_bounds, uses_lines;
    uint32_t *ent_spawn;           /* rules that can open with a whole entity */
    size_t nent_spawn;
    /* token classes: type -> class; class -> its atom and spawn bits */
    uint32_t *class_of;
    size_t class_of_cap;
    uint64_t *cls;
    size_t ncls, cls_cap;
    uint32_t *cls_tab, *cls_seen;
    size_t cls_tab_cap, cls_seen_cap;
    uint32_t seen_stamp;
    /* the automaton: states (sets of items), sets of rules, transitions */
    uint32_t *items;
    size_t nitems, items_cap;
    dstate *states;
    size_t nstates, states_cap;
    uint32_t *st_tab;
    size_t st_tab_cap;
    uint64_t *sets;
    size_t nsets, sets_cap;        /* sets_cap in words */
    uint32_t *set_tab;
    size_t set_tab_cap;
    dtrans *trans;
    size_t ntrans, trans_cap;
    size_t used;                   /* bytes held by the automaton, against the budget */
    /* building one transition */
    uint32_t *mark, *nmark, *stack, *cur, *next;
    size_t work_cap;
    uint32_t stamp;
    size_t ncur, nnext;
    uint64_t *alive, *hit, *open, *zero;  /* rw words each */
    /* per document */
    uint64_t *syms;
    size_t syms_cap;
    unsigned cooldown;             /* documents left to run on the NFA after thrashing */
    uint64_t built, flushes;
};

static int oom(glean_error *err)
{
    return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory matching rules");
}

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return x;
}

static uint32_t hash_words(const uint64_t *w, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    for (size_t i = 0; i < n; i++)
        h = mix64(h ^ w[i]) + i;
    return (uint32_t)(h ^ (h >> 32));
}

static uint32_t hash_items(const uint32_t *it, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    for (size_t i = 0; i < n; i++)
        h = (h ^ it[i]) * 0x100000001b3ull;
    h = mix64(h);
    return (uint32_t)(h ^ (h >> 32));
}

void dfa_free(struct match_dfa *d)
{
    if (!d)
        return;
    free(d->ent_spawn);
    free(d->class_of);
    free(d->cls);
    free(d->cls_tab);
    free(d->cls_seen);
    free(d->items);
    free(d->states);
    free(d->st_tab);
    free(d->sets);
    free(d->set_tab);
    free(d->trans);
    free(d->mark);
    free(d->nmark);
    free(d->stack);
    free(d->cur);
    free(d->next);
    free(d->alive);
    free(d->hit);
    free(d->open);
    free(d->zero);
    free(d->syms);
    free(d);
}

/* --- interning: sets of rules, states ----------------------------------------------- */

/* The id of the set in d->alive or d->hit (`w`), adding it when new. */
static int intern_set(match_dfa *d, const uint64_t *w, uint32_t *id)
{
    size_t rw = d->rw, mask = d->set_tab_cap - 1;
    uint32_t h = hash_words(w, rw);
    for (size_t k = h & mask;; k = (k + 1) & mask) {
        uint32_t e = d->set_tab[k];
        if (e == NONE32) {
            if (GROW(d->sets, d->sets_cap, (d->nsets + 1) * rw + 1) != GLEAN_OK)
                return GLEAN_ENOMEM;
            memcpy(d->sets + d->nsets * rw, w, rw * sizeof *w);
            d->set_tab[k] = *id = (uint32_t)d->nsets++;
            d->used += rw * 8 + 8;
            break;
        }
        if (memcmp(d->sets + (size_t)e * rw, w, rw * sizeof *w) == 0) {
            *id = e;
            return GLEAN_OK;
        }
    }
    if (2 * d->nsets <= d->set_tab_cap)
        return GLEAN_OK;
    size_t cap = 2 * d->set_tab_cap;
    uint32_t *tab = malloc(cap * sizeof *tab);
    if (!tab)
        return GLEAN_ENOMEM;
    memset(tab, 0xff, cap * sizeof *tab);
    for (size_t e = 0; e < d->nsets; e++) {
        size_t k = hash_words(d->sets + e * rw, rw) & (cap - 1);
        while (tab[k] != NONE32)
            k = (k + 1) & (cap - 1);
        tab[k] = (uint32_t)e;
    }
    free(d->set_tab);
    d->set_tab = tab;
    d->set_tab_cap = cap;
    return GLEAN_OK;
}

/* The id of the state whose items are d->next[0, nnext) (sorted), adding it when new. */
static int intern_state(match_dfa *d, uint32_t *id)
{
    size_t n = d->nnext, mask = d->st_tab_cap - 1;
    uint32_t h = hash_items(d->next, n);
    for (size_t k = h & mask;; k = (k + 1) & mask) {
        uint32_t e = d->st_tab[k];
        if (e == NONE32) {
            if (GROW(d->items, d->items_cap, d->nitems + n + 1) != GLEAN_OK ||
                GROW(d->states, d->states_cap, d->nstates + 1) != GLEAN_OK)
                return GLEAN_ENOMEM;
            memcpy(d->items + d->nitems, d->next, n * sizeof *d->next);
            d->states[d->nstates] = (dstate){ (uint32_t)d->nitems, (uint32_t)n, h };
            d->nitems += n;
            d->st_tab[k] = *id = (uint32_t)d->nstates++;
            d->used += n * 4 + sizeof(dstate) + 8;
            break;
        }
        const dstate *st = &d->states[e];
        if (st->hash == h && st->n == n &&
            memcmp(d->items + st->first, d->next, n * sizeof *d->next) == 0) {
            *id = e;
            return GLEAN_OK;
        }
    }
    if (2 * d->nstates <= d->st_tab_cap)
        return GLEAN_OK;
    size_t cap = 2 * d->st_tab_cap;
    uint32_t *tab = malloc(cap * sizeof *tab);
    if (!tab)
        return GLEAN_ENOMEM;
    memset(tab, 0xff, cap * sizeof *tab);
    for (size_t e = 0; e < d->nstates; e++) {
        size_t k = d->states[e].hash & (cap - 1);
        while (tab[k] != NONE32)
            k = (k + 1) & (cap - 1);
        tab[k] = (uint32_t)e;
    }
    free(d->st_tab);
    d->st_tab = tab;
    d->st_tab_cap = cap;
    return GLEAN_OK;
}

static size_t trans_slot(const match_dfa *d, uint64_t key)
{
    return (size_t)(mix64(key) & (d->trans_cap - 1));
}

static int insert_trans(match_dfa *d, const dtrans *t)
{
    if (2 * (d->ntrans + 1) > d->trans_cap) {
        size_t cap = 2 * d->trans_cap;
        dtrans *tab = malloc(cap * sizeof *tab);
        if (!tab)
            return GLEAN_ENOMEM;
        for (size_t k = 0; k < cap; k++)
            tab[k].key = DT_EMPTY;
        dtrans *old = d->trans;
        size_t old_cap = d->trans_cap;
        d->trans = tab;
        d->trans_cap = cap;
        for (size_t k = 0; k < old_cap; k++)
            if (old[k].key != DT_EMPTY) {
                size_t j = trans_slot(d, old[k].key);
                while (tab[j].key != DT_EMPTY)
                    j = (j + 1) & (cap - 1);
                tab[j] = old[k];
            }
        free(old);
    }
    size_t j = trans_slot(d, t->key);
    while (d->trans[j].key != DT_EMPTY)
        j = (j + 1) & (d->trans_cap - 1);
    d->trans[j] = *t;
    d->ntrans++;
    d->used += 2 * sizeof(dtrans);
    return GLEAN_OK;
}

/* Empties the automaton (its tables keep their size); state 0 and set 0 are empty. */
static int flush(match_dfa *d)
{
    d->nitems = d->nstates = d->nsets = d->ntrans = 0;
    d->used = 0;
    memset(d->st_tab, 0xff, d->st_tab_cap * sizeof *d->st_tab);
    memset(d->set_tab, 0xff, d->set_tab_cap * sizeof *d->set_tab);
    for (size_t k = 0; k < d->trans_cap; k++)
        d->trans[k].key = DT_EMPTY;
    uint32_t id;
    size_t keep = d->nnext;
    d->nnext = 0;
    int rc = intern_state(d, &id) != GLEAN_OK || intern_set(d, d->zero, &id) != GLEAN_OK
                 ? GLEAN_ENOMEM : GLEAN_OK;
    d->nnext = keep;
    return rc;
}

/* --- setting up for a rule set and a lexicon ---------------------------------------- */

static int dfa_reset(match_dfa *d, const glean_rules *r, const glean_rules_scratch *s)
{
    d->r = r;
    d->version = r->version;
    d->lx = NULL;
    d->aw = s->atom_words;
    d->rw = s->rule_words;
    d->cw = d->aw + d->rw;
    d->uses_ents = (uint8_t)glean_rules_uses_ents(r);
    d->uses_bounds = d->uses_lines = 0;
    for (size_t pc = 0; pc < r->nprog; pc++)
        if (r->prog[pc].op == OP_BOS || r->prog[pc].op == OP_EOS) {
            d->uses_bounds = 1;
            if (r->prog[pc].a)
                d->uses_lines = 1;
        }
    free(d->ent_spawn);
    d->ent_spawn = malloc((r->nrules + 1) * sizeof *d->ent_spawn);
    d->nent_spawn = 0;
    if (!d->ent_spawn)
        return GLEAN_ENOMEM;
    for (size_t i = 0; i < r->nrules; i++)
        if (r->rules[i].ent_spawn)
            d->ent_spawn[d->nent_spawn++] = (uint32_t)i;
    d->ncls = 0;
    d->cls_tab_cap = 1024;
    free(d->cls_tab);
    d->cls_tab = malloc(d->cls_tab_cap * sizeof *d->cls_tab);
    d->work_cap = 2 * r->nprog + 2;
    uint32_t **work[5] = { &d->mark, &d->nmark, &d->stack, &d->cur, &d->next };
    for (int k = 0; k < 5; k++) {
        free(*work[k]);
        *work[k] = calloc(d->work_cap, sizeof **work[k]);
    }
    d->stamp = 0;
    uint64_t **sets[4] = { &d->alive, &d->hit, &d->open, &d->zero };
    for (int k = 0; k < 4; k++) {
        free(*sets[k]);
        *sets[k] = calloc(d->rw + 1, sizeof **sets[k]);
    }
    if (!d->st_tab) {
        d->st_tab_cap = d->set_tab_cap = 256;
        d->trans_cap = 1024;
        d->st_tab = malloc(d->st_tab_cap * sizeof *d->st_tab);
        d->set_tab = malloc(d->set_tab_cap * sizeof *d->set_tab);
        d->trans = malloc(d->trans_cap * sizeof *d->trans);
    }
    if (!d->cls_tab || !d->mark || !d->nmark || !d->stack || !d->cur || !d->next || !d->alive ||
        !d->hit || !d->open || !d->zero || !d->st_tab || !d->set_tab || !d->trans)
        return GLEAN_ENOMEM;
    memset(d->cls_tab, 0xff, d->cls_tab_cap * sizeof *d->cls_tab);
    d->nnext = 0;
    return flush(d);
}

/* The class of a type whose bits are `bits`, adding it when new. */
static int intern_class(match_dfa *d, const uint64_t *bits, uint32_t *id)
{
    size_t mask = d->cls_tab_cap - 1;
    uint32_t h = hash_words(bits, d->aw);
    for (size_t k = h & mask;; k = (k + 1) & mask) {
        uint32_t e = d->cls_tab[k];
        if (e == NONE32) {
            if (d->ncls >= MAX_CLASSES)
                return DFA_GAVE_UP;
            if (GROW(d->cls, d->cls_cap, (d->ncls + 1) * d->cw + 1) != GLEAN_OK)
                return GLEAN_ENOMEM;
            memcpy(d->cls + d->ncls * d->cw, bits, d->cw * sizeof *bits);
            d->cls_tab[k] = *id = (uint32_t)d->ncls++;
            break;
        }
        if (memcmp(d->cls + (size_t)e * d->cw, bits, d->aw * sizeof *bits) == 0) {
            *id = e;
            return GLEAN_OK;
        }
    }
    if (2 * d->ncls <= d->cls_tab_cap)
        return GLEAN_OK;
    size_t cap = 2 * d->cls_tab_cap;
    uint32_t *tab = malloc(cap * sizeof *tab);
    if (!tab)
        return GLEAN_ENOMEM;
    memset(tab, 0xff, cap * sizeof *tab);
    for (size_t e = 0; e < d->ncls; e++) {
        size_t k = hash_words(d->cls + e * d->cw, d->aw) & (cap - 1);
        while (tab[k] != NONE32)
            k = (k + 1) & (cap - 1);
        tab[k] = (uint32_t)e;
    }
    free(d->cls_tab);
    d->cls_tab = tab;
    d->cls_tab_cap = cap;
    return GLEAN_OK;
}

/* --- building one transition ---------------------------------------------------------- */

typedef struct sym_parts {
    const uint64_t *bits;          /* the class's atom then spawn bits; NULL at position n */
    int32_t label;                 /* covering entity's label, -2 none */
    int start, cont;               /* an entity starts here / goes on from before */
    unsigned flags;
} sym_parts;

static void add_next(match_dfa *d, uint32_t item)
{
    size_t k = (item & ~ITEM_ENT) * 2 + (item >> 31);
    if (d->nmark[k] == d->stamp)
        return;
    d->nmark[k] = d->stamp;
    d->next[d->nnext++] = item;
}

/* The NFA's closure (glean_pattern_match.c), with BOS/EOS read from the symbol. */
static uint64_t closure(match_dfa *d, const sym_parts *y, uint32_t pc0)
{
    const glean_rules *r = d->r;
    if (d->mark[pc0] == d->stamp)
        return 0;
    set_bit(d->alive, r->prog[pc0].rule);
    uint32_t *mark = d->mark, *stack = d->stack, stamp = d->stamp;
    size_t sp = 0;
    uint64_t steps = 0;
    stack[sp++] = pc0;
    while (sp) {
        uint32_t pc = stack[--sp];
        if (mark[pc] == stamp)
            continue;
        mark[pc] = stamp;
        steps++;
        const insn *in = &r->prog[pc];
        unsigned line = in->a ? F_LINE : F_SENT;
        switch (in->op) {
        case OP_ATOM: case OP_ENT: d->cur[d->ncur++] = pc; break;
        case OP_MATCH: set_bit(d->hit, in->rule); break;
        case OP_SPLIT: stack[sp++] = in->b; stack[sp++] = in->a; break;
        case OP_JMP: stack[sp++] = in->a; break;
        case OP_BOS: /* match_bos */
            if (!(y->flags & F_END) && (y->flags & (F_FIRST | line)))
                stack[sp++] = pc + 1;
            break;
        case OP_EOS: /* match_eos */
            if (!(y->flags & F_FIRST) && (y->flags & (F_END | line)))
                stack[sp++] = pc + 1;
            break;
        default: stack[sp++] = pc + 1; break;
        }
    }
    return steps;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Computes the transition of state S on symbol `sym` as the NFA would at one position:
 * seeds and spawns, their closure, one step over the token. Adds it to the cache
 * (flushing the cache first when it is over budget) and returns it in *out. */
static int build(match_ctx *c, match_dfa *d, uint32_t S, uint64_t sym, dtrans *out,
                 uint64_t *steps)
{
    const glean_rules *r = d->r;
    uint32_t cls = (uint32_t)(sym & CLASS_END);
    unsigned ent = (unsigned)(sym >> 24) & 0xff;
    sym_parts y = { cls == CLASS_END ? NULL : d->cls + (size_t)cls * d->cw,
                    ent ? (int32_t)(ent >> 1) - 2 : -2, (int)(ent & 1), ent && !(ent & 1),
                    (unsigned)(sym >> 32) & 0xf };
    if (++d->stamp == 0) {
        memset(d->mark, 0, d->work_cap * sizeof *d->mark);
        memset(d->nmark, 0, d->work_cap * sizeof *d->nmark);
        d->stamp = 1;
    }
    memset(d->alive, 0, d->rw * sizeof *d->alive);
    memset(d->hit, 0, d->rw * sizeof *d->hit);
    d->ncur = d->nnext = 0;
    uint64_t n_steps = 0;
    const dstate st = d->states[S];
    for (uint32_t k = 0; k < st.n; k++) {
        uint32_t it = d->items[st.first + k];
        if (!(it & ITEM_ENT)) {
            n_steps += closure(d, &y, it);
        } else if (y.cont) { /* still inside the entity: wait, alive */
            add_next(d, it);
            set_bit(d->alive, r->prog[it & ~ITEM_ENT].rule);
        } else {
            n_steps += closure(d, &y, it & ~ITEM_ENT);
        }
    }
    if (y.bits) {
        const uint64_t *spawn = y.bits + d->aw;
        for (size_t w = 0; w < d->rw; w++)
            for (uint64_t m = spawn[w]; m; m &= m - 1)
                n_steps += closure(d, &y, r->rules[w * 64 + (size_t)__builtin_ctzll(m)].pc_first);
        if (y.start)
            for (size_t k = 0; k < d->nent_spawn; k++)
                n_steps += closure(d, &y, r->rules[d->ent_spawn[k]].pc_first);
    }
    for (size_t k = 0; k < d->ncur; k++) { /* step over the token */
        uint32_t pc = d->cur[k];
        const insn *in = &r->prog[pc];
        n_steps++;
        if (in->op == OP_ATOM) {
            if (y.bits && match_atom_bits(r, y.bits, in->a, y.label))
                add_next(d, pc + 1);
        } else if (y.start && match_label_in(r->ent_masks[in->a], y.label)) {
            add_next(d, (pc + 1) | ITEM_ENT);
        }
    }
    *steps += n_steps;
    if (d->nnext > 1)
        qsort(d->next, d->nnext, sizeof *d->next, cmp_u32);
    size_t budget = c->s->dfa_budget ? c->s->dfa_budget : DFA_DEFAULT_BUDGET;
    size_t want = d->nnext * 4 + sizeof(dstate) + 2 * (d->rw * 8 + 8) + 2 * sizeof(dtrans) + 64;
    int stale = 0;
    if (d->used + want > budget || d->nstates >= MAX_STATES) {
        if (flush(d) != GLEAN_OK)
            return oom(c->err);
        d->flushes++;
        stale = 1; /* S is gone: the transition is returned, not cached */
    }
    out->key = sym | (uint64_t)S << 36;
    if (intern_state(d, &out->next) != GLEAN_OK || intern_set(d, d->alive, &out->alive) != GLEAN_OK ||
        intern_set(d, d->hit, &out->hit) != GLEAN_OK || (!stale && insert_trans(d, out) != GLEAN_OK))
        return oom(c->err);
    d->built++;
    return GLEAN_OK;
}

/* --- one document ---------------------------------------------------------------------- */

/* The symbols of positions 0..n into d->syms, and the atoms some token passes into
 * `present` (one OR per class seen, not per token). */
static int symbols(match_ctx *c, match_dfa *d, uint64_t *present)
{
    const glean_doc *doc = c->d;
    glean_rules_scratch *s = c->s;
    size_t n = doc->ntoks;
    if (GROW(d->syms, d->syms_cap, n + 1) != GLEAN_OK)
        return oom(c->err);
    if (d->lx != c->lx || d->class_of_cap < c->lx->ntypes) {
        size_t cap = c->lx->ntypes + 1024, old = d->lx == c->lx ? d->class_of_cap : 0;
        uint32_t *a = realloc(d->class_of, cap * sizeof *a);
        if (!a)
            return oom(c->err);
        memset(a + old, 0xff, (cap - old) * sizeof *a);
        d->class_of = a;
        d->class_of_cap = cap;
        d->lx = c->lx;
    }
    if (d->cls_seen_cap < d->ncls + 1 || ++d->seen_stamp == 0) {
        free(d->cls_seen);
        d->cls_seen_cap = d->ncls + 1024;
        d->cls_seen = calloc(d->cls_seen_cap, sizeof *d->cls_seen);
        if (!d->cls_seen)
            return oom(c->err);
        d->seen_stamp = 1;
    }
    memset(present, 0, d->aw * sizeof *present);
    const int ents = d->uses_ents && c->nents, bounds = d->uses_bounds, lines = d->uses_lines;
    for (size_t p = 0; p < n; p++) {
        uint32_t type = doc->toks[p].type, cls = d->class_of[type];
        if (cls == NONE32) {
            const uint64_t *bits = match_type_bits(c, p);
            if (!bits)
                return c->err->code;
            int rc = intern_class(d, bits, &cls);
            if (rc != GLEAN_OK)
                return rc == DFA_GAVE_UP ? rc : oom(c->err);
            d->class_of[type] = cls;
            if (cls >= d->cls_seen_cap) {
                size_t old = d->cls_seen_cap;
                if (GROW(d->cls_seen, d->cls_seen_cap, (size_t)cls + 1) != GLEAN_OK)
                    return oom(c->err);
                memset(d->cls_seen + old, 0, (d->cls_seen_cap - old) * sizeof *d->cls_seen);
            }
        }
        if (d->cls_seen[cls] != d->seen_stamp) {
            d->cls_seen[cls] = d->seen_stamp;
            const uint64_t *bits = d->cls + (size_t)cls * d->cw;
            for (size_t w = 0; w < d->aw; w++)
                present[w] |= bits[w];
        }
        uint64_t sym = cls;
        if (ents) {
            int32_t label = s->ent_label[p];
            if (label != -2)
                sym |= (uint64_t)((unsigned)(label + 2) << 1 | (s->ent_at[p] >= 0)) << 24;
        }
        if (bounds) {
            unsigned f = p == 0 ? F_FIRST : 0;
            if (p > 0) {
                f |= match_bos(doc, p, 0) ? F_SENT : 0;
                if (lines)
                    f |= match_bos(doc, p, 1) ? F_LINE : 0;
            }
            sym |= (uint64_t)f << 32;
        }
        d->syms[p] = sym;
    }
    d->syms[n] = CLASS_END | (bounds ? (uint64_t)F_END << 32 : 0);
    return GLEAN_OK;
}

/* Opens and closes windows where the set of live rules changes from d->open to `now`
 * at position p. A window runs from where its rule comes alive to its last MATCH
 * (s->win_last, -1 when none: no window). */
static int windows_at(glean_rules_scratch *s, match_dfa *d, const uint64_t *now, size_t p)
{
    for (size_t w = 0; w < d->rw; w++) {
        uint64_t was = d->open[w], is = now[w];
        if (was == is)
            continue;
        for (uint64_t m = is & ~was; m; m &= m - 1) {
            size_t i = w * 64 + (size_t)__builtin_ctzll(m);
            s->win_start[i] = (int64_t)p;
            s->win_last[i] = -1;
        }
        for (uint64_t m = was & ~is; m; m &= m - 1) {
            size_t i = w * 64 + (size_t)__builtin_ctzll(m);
            if (s->win_last[i] >= 0 &&
                match_push_window(s, (uint32_t)i, (size_t)s->win_start[i], (size_t)s->win_last[i]) != GLEAN_OK)
                return GLEAN_ENOMEM;
        }
        d->open[w] = is;
    }
    return GLEAN_OK;
}

static int walk(match_ctx *c, match_dfa *d, uint64_t *steps)
{
    glean_rules_scratch *s = c->s;
    size_t n = c->d->ntoks;
    uint64_t built0 = d->built, flushes0 = d->flushes, live = 0;
    uint32_t S = 0, open_id = 0;
    memset(d->open, 0, d->rw * sizeof *d->open);
    for (size_t p = 0; p <= n; p++) {
        uint64_t key = d->syms[p] | (uint64_t)S << 36;
        size_t k = trans_slot(d, key);
        dtrans t;
        for (;; k = (k + 1) & (d->trans_cap - 1)) {
            const dtrans *e = &d->trans[k];
            if (e->key == key) {
                t = *e;
                break;
            }
            if (e->key == DT_EMPTY) {
                uint64_t f = d->flushes;
                int rc = build(c, d, S, d->syms[p], &t, steps);
                if (rc != GLEAN_OK)
                    return rc;
                if (d->flushes != f) {
                    open_id = NONE32; /* set ids were reassigned */
                    /* thrashing: the cache refills within this document, faster than
                       one new transition per two tokens */
                    if (d->flushes - flushes0 > 2 && 2 * (d->built - built0) > p)
                        return DFA_GAVE_UP;
                }
                break;
            }
        }
        if (t.alive != open_id) {
            if (windows_at(s, d, d->sets + (size_t)t.alive * d->rw, p) != GLEAN_OK)
                return oom(c->err);
            open_id = t.alive;
        }
        if (t.alive)
            live++;
        if (t.hit) {
            const uint64_t *h = d->sets + (size_t)t.hit * d->rw;
            for (size_t w = 0; w < d->rw; w++)
                for (uint64_t m = h[w]; m; m &= m - 1)
                    s->win_last[w * 64 + (size_t)__builtin_ctzll(m)] = (int64_t)p;
        }
        S = t.next;
    }
    if (windows_at(s, d, d->zero, n + 1) != GLEAN_OK) /* what is still open at n */
        return oom(c->err);
    *steps += live;
    return GLEAN_OK;
}

int dfa_pass1(match_ctx *c, uint64_t *steps)
{
    const glean_rules *r = c->r;
    glean_rules_scratch *s = c->s;
    s->nwindows = 0;
    if (r->nprog >= ITEM_ENT)
        return DFA_GAVE_UP;
    if (!s->dfa) {
        s->dfa = calloc(1, sizeof *s->dfa);
        if (!s->dfa)
            return oom(c->err);
    }
    match_dfa *d = s->dfa;
    if (d->r != r || d->version != r->version || d->aw != s->atom_words || d->rw != s->rule_words) {
        if (dfa_reset(d, r, s) != GLEAN_OK) {
            d->r = NULL;
            return oom(c->err);
        }
    }
    if (d->cooldown) {
        d->cooldown--;
        return DFA_GAVE_UP;
    }
    uint64_t *present = s->present;
    int rc = symbols(c, d, present);
    if (rc != GLEAN_OK)
        return rc;
    /* no rule can match (a token it needs is missing): nothing to do, as in the NFA */
    int any = 0;
    for (size_t i = 0; !any && i < r->nrules; i++) {
        const rule_info *ri = &r->rules[i];
        int on = 1;
        for (uint8_t k = 0; on && k < ri->nrequired; k++)
            on = get_bit(present, ri->required[k]);
        any = on;
    }
    if (!any)
        return GLEAN_OK;
    rc = walk(c, d, steps);
    if (rc == DFA_GAVE_UP) {
        s->nwindows = 0;
        d->cooldown = 16;
    }
    return rc;
}

void glean_rules_scratch_tune(glean_rules_scratch *s, int nfa, size_t dfa_budget)
{
    s->pass1_nfa = nfa != 0;
    s->dfa_budget = dfa_budget;
}

void glean_rules_scratch_stats(const glean_rules_scratch *s, glean_rules_stats *out)
{
    memset(out, 0, sizeof *out);
    const match_dfa *d = s->dfa;
    out->nfa_runs = s->nfa_runs;
    out->windows = s->p2_windows;
    out->window_tokens = s->p2_positions;
    out->window_steps = s->p2_steps;
    if (!d)
        return;
    out->dfa_states = d->nstates;
    out->dfa_transitions = d->ntrans;
    out->dfa_classes = d->ncls;
    out->dfa_built = d->built;
    out->dfa_flushes = d->flushes;
    out->dfa_bytes = d->used;
}
