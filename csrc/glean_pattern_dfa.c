/* glean_pattern_dfa.c — the matcher's passes (glean_pattern_match.c) on a DFA built
 * lazily from the NFA, RE2-style, and cached in the scratch across documents; this file
 * builds it, glean_pattern_scan.c runs it over a document.
 *
 * Why: the NFA pass 1 recomputes, at every token, the epsilon closure of every live
 * thread and respawns every rule; on the news extractors' rules that was three quarters
 * of the matcher's time. But what it computes at position p depends only on the set of
 * seed threads before p and on what the rules can see of position p, and both recur
 * endlessly in a corpus. So the seed set is a DFA state, what the rules see of p is a
 * symbol, and the transition (state, symbol) -> (next state, rules that reach MATCH at p)
 * is computed once by the NFA code below, then looked up: one hash probe per token.
 *
 * A symbol packs: the token's class (its distinct per-type atom bits, interned; spawn bits
 * follow from them), the label of the entity covering the token and whether it starts
 * there (entity tests and @LABEL read nothing else), the boundary flags BOS/EOS read
 * (sentence and line breaks before p, p == 0, p == n), and which rules with fixed opening
 * atoms fit there (the NFA's lookahead prefix filter, evaluated per position: it keeps
 * `<word> '('` from starting at every word). A whole-entity item (OP_ENT) goes token by
 * token here: its thread waits in the state as a DFA_ITEM_ENT item while the next tokens
 * continue the entity and resumes at the first one that does not (entities are sorted
 * and disjoint: that is where the NFA's `pending` threads rejoin).
 *
 * Spawning skips the NFA's per-document active-rule filter: a rule it drops never
 * reaches MATCH, so it never has a window. Time stays linear in tokens for every rule
 * set: a new transition costs what the NFA spends on one position plus hashing. Memory is
 * bounded: a cache over its budget is flushed before a document (never during one: the
 * states recorded per position stay valid), and a document that fills it to four times
 * the budget is redone on the NFA. */
#include "glean_pattern_dfa.h"

#include <stdlib.h>
#include <string.h>

#define GROW(arr, cap, need) glean_grow((void **)&(arr), &(cap), (need), sizeof *(arr))

static int oom(glean_error *err)
{
    return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory matching rules");
}

static uint32_t hash_words(const uint64_t *w, size_t n)
{
    uint64_t h = DFA_FIB ^ n;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ w[i]) * DFA_FIB;
        h ^= h >> 29;
    }
    return (uint32_t)(h >> 32);
}

uint32_t dfa_hash_items(const uint32_t *it, size_t n)
{
    uint64_t h = DFA_FIB ^ n;
    for (size_t i = 0; i < n; i++)
        h = (h ^ it[i]) * 0x100000001b3ull;
    h *= DFA_FIB;
    return (uint32_t)(h >> 32);
}

void dfa_free(match_dfa *d)
{
    if (!d)
        return;
    void *p[] = { d->ent_spawn, d->pre_mask, d->class_of, d->cls_tab, d->cls_seen, d->cls,
                  d->cls_pre, d->cls_inert, d->items, d->states, d->srules, d->st_tab, d->sets, d->set_tab,
                  d->trans, d->init, d->init_gen, d->mark, d->nmark, d->stack, d->cur, d->next,
                  d->hit, d->to, d->syms, d->spos, d->memo, d->memo_tab, d->pair_key,
                  d->pair_fits, d->cv, d->act };
    for (size_t k = 0; k < sizeof p / sizeof p[0]; k++)
        free(p[k]);
    free(d);
}

/* --- interning --------------------------------------------------------------------------- */

typedef uint32_t (*hash_of_fn)(const match_dfa *d, uint32_t id);

static uint32_t hash_of_class(const match_dfa *d, uint32_t e)
{
    return hash_words(d->cls + (size_t)e * d->cw, d->aw);
}
static uint32_t hash_of_state(const match_dfa *d, uint32_t e) { return d->states[e].hash; }
static uint32_t hash_of_set(const match_dfa *d, uint32_t e)
{
    return hash_words(d->sets + (size_t)e * d->rw, d->rw);
}

/* Keeps an open-addressing table of n ids at most half full: doubles it, reinserts. */
static int table_fit(const match_dfa *d, uint32_t **tab, size_t *cap, size_t n, hash_of_fn h)
{
    if (2 * n <= *cap && *tab)
        return GLEAN_OK;
    size_t c = *cap ? *cap : 256;
    while (2 * n > c)
        c *= 2;
    uint32_t *t = malloc(c * sizeof *t);
    if (!t)
        return GLEAN_ENOMEM;
    memset(t, 0xff, c * sizeof *t);
    for (uint32_t e = 0; e < n; e++) {
        size_t k = h(d, e) & (c - 1);
        while (t[k] != NONE32)
            k = (k + 1) & (c - 1);
        t[k] = e;
    }
    free(*tab);
    *tab = t;
    *cap = c;
    return GLEAN_OK;
}

/* The id of the set of rules `w` (rw words), added when new. */
static int intern_set(match_dfa *d, const uint64_t *w, uint32_t *id)
{
    size_t rw = d->rw, mask = d->set_tab_cap - 1, k = hash_words(w, rw) & mask;
    for (;; k = (k + 1) & mask) {
        uint32_t e = d->set_tab[k];
        if (e == NONE32)
            break;
        if (memcmp(d->sets + (size_t)e * rw, w, rw * sizeof *w) == 0) {
            *id = e;
            return GLEAN_OK;
        }
    }
    if (GROW(d->sets, d->sets_cap, (d->nsets + 1) * rw + 1) != GLEAN_OK)
        return GLEAN_ENOMEM;
    memcpy(d->sets + d->nsets * rw, w, rw * sizeof *w);
    d->set_tab[k] = *id = (uint32_t)d->nsets++;
    d->used += rw * 8 + 8;
    return table_fit(d, &d->set_tab, &d->set_tab_cap, d->nsets, hash_of_set);
}

/* The id of the state whose items are d->next[0, nnext) (sorted) and whose rules are
 * d->to, added when new. */
static int intern_state(match_dfa *d, uint32_t *id)
{
    size_t n = d->nnext, mask = d->st_tab_cap - 1;
    uint32_t h = dfa_hash_items(d->next, n);
    size_t k = h & mask;
    for (;; k = (k + 1) & mask) {
        uint32_t e = d->st_tab[k];
        if (e == NONE32)
            break;
        const dfa_state *st = &d->states[e];
        if (st->hash == h && st->n == n &&
            memcmp(d->items + st->first, d->next, n * sizeof *d->next) == 0) {
            *id = e;
            return GLEAN_OK;
        }
    }
    if (GROW(d->items, d->items_cap, d->nitems + n + 1) != GLEAN_OK ||
        GROW(d->states, d->states_cap, d->nstates + 1) != GLEAN_OK ||
        GROW(d->srules, d->srules_cap, (d->nstates + 1) * d->rw + 1) != GLEAN_OK)
        return GLEAN_ENOMEM;
    memcpy(d->items + d->nitems, d->next, n * sizeof *d->next);
    memcpy(d->srules + d->nstates * d->rw, d->to, d->rw * sizeof *d->to);
    d->states[d->nstates] = (dfa_state){ (uint32_t)d->nitems, (uint32_t)n, h };
    d->nitems += n;
    d->st_tab[k] = *id = (uint32_t)d->nstates++;
    d->used += n * 4 + sizeof(dfa_state) + d->rw * 8 + 8;
    return table_fit(d, &d->st_tab, &d->st_tab_cap, d->nstates, hash_of_state);
}

static int insert_trans(match_dfa *d, const dfa_trans *t)
{
    if (4 * (d->ntrans + 1) > 3 * d->trans_cap) { /* three quarters full at most */
        dfa_trans *old = d->trans;
        size_t old_cap = d->trans_cap, cap = 2 * old_cap;
        dfa_trans *tab = malloc(cap * sizeof *tab);
        if (!tab)
            return GLEAN_ENOMEM;
        for (size_t k = 0; k < cap; k++)
            tab[k].key = DFA_EMPTY;
        d->trans = tab;
        d->trans_cap = cap;
        d->trans_shift--;
        d->ntrans = 0;
        for (size_t k = 0; k < old_cap; k++)
            if (old[k].key != DFA_EMPTY)
                insert_trans(d, &old[k]); /* cannot grow again */
        free(old);
    }
    size_t j = (size_t)((t->key * DFA_FIB) >> d->trans_shift);
    while (d->trans[j].key != DFA_EMPTY)
        j = (j + 1) & (d->trans_cap - 1);
    d->trans[j] = *t;
    d->ntrans++;
    d->used += 2 * sizeof(dfa_trans);
    return GLEAN_OK;
}

/* Empties the automaton (its tables keep their size), between documents: state 0 and set
 * 0 are the empty ones. Classes stay: the type -> class map refers to them. */
static int flush(match_dfa *d)
{
    d->gen++;
    d->want_flush = 0;
    d->nfits = 0; /* only transitions, pairs and this document's symbols refer to them */
    d->npair = 0;
    if (d->pair_key)
        memset(d->pair_key, 0, d->pair_cap * sizeof *d->pair_key);
    d->nitems = d->nstates = d->nsets = d->ntrans = d->used = 0;
    memset(d->st_tab, 0xff, d->st_tab_cap * sizeof *d->st_tab);
    memset(d->set_tab, 0xff, d->set_tab_cap * sizeof *d->set_tab);
    for (size_t k = 0; k < d->trans_cap; k++)
        d->trans[k].key = DFA_EMPTY;
    d->memo_len = d->nmemo = 0;
    if (d->memo_tab)
        memset(d->memo_tab, 0xff, d->memo_tab_cap * sizeof *d->memo_tab);
    uint32_t id;
    d->nnext = 0;
    memset(d->to, 0, d->rw * sizeof *d->to);
    return intern_state(d, &id) != GLEAN_OK || intern_set(d, d->to, &id) != GLEAN_OK
               ? GLEAN_ENOMEM : GLEAN_OK;
}

int dfa_intern_class(match_dfa *d, const uint64_t *bits, uint32_t *id)
{
    size_t mask = d->cls_tab_cap - 1, k = hash_words(bits, d->aw) & mask;
    for (;; k = (k + 1) & mask) {
        uint32_t e = d->cls_tab[k];
        if (e == NONE32)
            break;
        if (memcmp(d->cls + (size_t)e * d->cw, bits, d->aw * sizeof *bits) == 0) {
            *id = e;
            return GLEAN_OK;
        }
    }
    if (d->ncls >= DFA_MAX_CLASSES)
        return DFA_GAVE_UP;
    uint32_t c = (uint32_t)d->ncls;
    if (GROW(d->cls, d->cls_cap, (d->ncls + 1) * d->cw + 1) != GLEAN_OK ||
        GROW(d->cls_pre, d->cls_pre_cap, d->ncls + 1) != GLEAN_OK ||
        GROW(d->cls_inert, d->cls_inert_cap, d->ncls + 1) != GLEAN_OK)
        return GLEAN_ENOMEM;
    memcpy(d->cls + (size_t)c * d->cw, bits, d->cw * sizeof *bits);
    uint64_t pre = 0, other = 0;
    for (size_t j = 0; j < d->npre; j++)
        pre |= (uint64_t)get_bit(bits + d->aw, d->pre[j]) << j;
    for (size_t w = 0; w < d->rw; w++)
        other |= bits[d->aw + w] & ~d->pre_mask[w];
    d->cls_pre[c] = pre;
    d->cls_inert[c] = other == 0;
    d->cls_tab[k] = *id = c;
    d->ncls++;
    return table_fit(d, &d->cls_tab, &d->cls_tab_cap, d->ncls, hash_of_class);
}

int dfa_intern_fits(match_dfa *d, uint64_t fits, uint32_t *id)
{
    for (size_t k = 1; k <= d->nfits; k++) /* few: a set per prefixed rule, mostly */
        if (d->fits[k] == fits) {
            *id = (uint32_t)k;
            return GLEAN_OK;
        }
    if (d->nfits >= DFA_MAX_FITS)
        return DFA_GAVE_UP;
    d->fits[++d->nfits] = fits;
    *id = (uint32_t)d->nfits;
    return GLEAN_OK;
}

/* --- building one transition ---------------------------------------------------------- */

typedef struct sym_parts {
    const uint64_t *bits;          /* the class's atom then spawn bits; NULL at position n */
    int32_t label;                 /* covering entity's label, -2 none */
    int start, cont;               /* an entity starts here / goes on from before */
    unsigned flags;
    uint64_t fits;
} sym_parts;

static void add_next(match_dfa *d, uint32_t item)
{
    uint32_t pc = item & ~DFA_ITEM_ENT;
    size_t k = (size_t)pc * 2 + (item >> 31);
    if (d->nmark[k] == d->stamp)
        return;
    d->nmark[k] = d->stamp;
    d->next[d->nnext++] = item;
    set_bit(d->to, d->r->prog[pc].rule);
}

/* The NFA's closure (glean_pattern_match.c), BOS/EOS read from the symbol's flags. *live
 * is set: pc0's rule is alive here. */
static uint64_t closure(match_dfa *d, const sym_parts *y, uint32_t pc0, int *live)
{
    const glean_rules *r = d->r;
    if (d->mark[pc0] == d->stamp)
        return 0;
    *live = 1;
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
        unsigned line = in->a ? DFA_F_LINE : DFA_F_SENT;
        switch (in->op) {
        case OP_ATOM: case OP_ENT: d->cur[d->ncur++] = pc; break;
        case OP_MATCH: set_bit(d->hit, in->rule); break;
        case OP_SPLIT: stack[sp++] = in->b; stack[sp++] = in->a; break;
        case OP_JMP: stack[sp++] = in->a; break;
        case OP_BOS: /* match_bos */
            if (!(y->flags & DFA_F_END) && (y->flags & (DFA_F_FIRST | line)))
                stack[sp++] = pc + 1;
            break;
        case OP_EOS: /* match_eos */
            if (!(y->flags & DFA_F_FIRST) && (y->flags & (DFA_F_END | line)))
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

/* The transition of state S on symbol `sym`, as the NFA computes one position: seeds
 * and spawns, their closure, one step over the token. Items are kept sorted, so that a
 * set of threads is one state whatever order it was found in. */
int dfa_build(match_ctx *c, match_dfa *d, uint32_t S, uint64_t sym, dfa_trans *out,
              uint64_t *steps)
{
    const glean_rules *r = d->r;
    uint32_t cls = (uint32_t)(sym & DFA_CLASS_END), ent = (uint32_t)(sym >> 20) & 0xff;
    sym_parts y = { cls == DFA_CLASS_END ? NULL : d->cls + (size_t)cls * d->cw,
                    ent ? (int32_t)(ent >> 1) - 2 : -2, (int)(ent & 1), ent && !(ent & 1),
                    (unsigned)(sym >> 28) & 0xf, d->fits[(sym >> 32) & 0x3f] };
    size_t budget = c->s->dfa_budget ? c->s->dfa_budget : DFA_DEFAULT_BUDGET;
    if (d->used / 4 > budget || d->nstates >= DFA_MAX_STATES - 1)
        return DFA_GAVE_UP; /* full: this document goes on without the cache */
    if (++d->stamp == 0) {
        memset(d->mark, 0, d->work_cap * sizeof *d->mark);
        memset(d->nmark, 0, d->work_cap * sizeof *d->nmark);
        d->stamp = 1;
    }
    memset(d->hit, 0, d->rw * sizeof *d->hit);
    memset(d->to, 0, d->rw * sizeof *d->to);
    d->ncur = d->nnext = 0;
    uint64_t n_steps = 0;
    int live = 0;
    const dfa_state st = d->states[S];
    for (uint32_t k = 0; k < st.n; k++) {
        uint32_t it = d->items[st.first + k], pc = it & ~DFA_ITEM_ENT;
        if (it & DFA_ITEM_ENT && y.cont) { /* still inside the entity: waits, alive */
            add_next(d, it);
            live = 1;
        } else {
            n_steps += closure(d, &y, pc, &live);
        }
    }
    if (y.bits && !(sym & DFA_ANCHORED)) { /* spawn: by class, prefix filter, entity */
        const uint64_t *spawn = y.bits + d->aw;
        for (size_t w = 0; w < d->rw; w++)
            for (uint64_t m = spawn[w] & ~d->pre_mask[w]; m; m &= m - 1)
                n_steps += closure(d, &y, r->rules[w * 64 + (size_t)__builtin_ctzll(m)].pc_first,
                                   &live);
        for (uint64_t m = y.fits; m; m &= m - 1)
            n_steps += closure(d, &y, r->rules[d->pre[__builtin_ctzll(m)]].pc_first, &live);
        if (y.start)
            for (size_t k = 0; k < d->nent_spawn; k++)
                n_steps += closure(d, &y, r->rules[d->ent_spawn[k]].pc_first, &live);
    }
    for (size_t k = 0; k < d->ncur; k++) { /* step over the token */
        uint32_t pc = d->cur[k];
        const insn *in = &r->prog[pc];
        n_steps++;
        if (in->op == OP_ATOM) {
            if (y.bits && match_atom_bits(r, y.bits, in->a, y.label))
                add_next(d, pc + 1);
        } else if (y.start && match_label_in(r->ent_masks[in->a], y.label)) {
            add_next(d, (pc + 1) | DFA_ITEM_ENT);
        }
    }
    *steps += n_steps;
    if (d->nnext > 1)
        qsort(d->next, d->nnext, sizeof *d->next, cmp_u32);
    out->key = sym | (uint64_t)S << 40;
    uint32_t hit;
    if (intern_state(d, &out->next) != GLEAN_OK || intern_set(d, d->hit, &hit) != GLEAN_OK)
        return oom(c->err);
    out->hit = hit << 1 | (uint32_t)live;
    if (insert_trans(d, out) != GLEAN_OK)
        return oom(c->err);
    d->built++;
    return GLEAN_OK;
}

/* --- the cache of a rule set ------------------------------------------------------------- */

static int dfa_reset(match_dfa *d, const glean_rules *r, const glean_rules_scratch *s)
{
    d->r = r;
    d->version = r->version;
    d->lx = NULL; /* every type's class is recomputed */
    d->aw = s->atom_words;
    d->rw = s->rule_words;
    d->cw = d->aw + d->rw;
    d->uses_ents = (uint8_t)glean_rules_uses_ents(r);
    d->uses_bounds = d->uses_lines = 0;
    for (size_t pc = 0; pc < r->nprog; pc++)
        if (r->prog[pc].op == OP_BOS || r->prog[pc].op == OP_EOS) {
            d->uses_bounds = 1;
            d->uses_lines |= r->prog[pc].a != 0;
        }
    free(d->ent_spawn);
    free(d->pre_mask);
    free(d->init);
    free(d->init_gen);
    d->ent_spawn = malloc((r->nrules + 1) * sizeof *d->ent_spawn);
    d->pre_mask = calloc(d->rw + 1, sizeof *d->pre_mask);
    d->init = malloc((r->nrules + 1) * sizeof *d->init);
    d->init_gen = calloc(r->nrules + 1, sizeof *d->init_gen);
    if (!d->ent_spawn || !d->pre_mask || !d->init || !d->init_gen)
        return GLEAN_ENOMEM;
    d->nent_spawn = d->npre = 0;
    d->pre_deep = 0;
    d->always_active = 0;
    for (size_t i = 0; i < r->nrules; i++) {
        const rule_info *ri = &r->rules[i];
        d->always_active |= ri->nrequired == 0;
        if (ri->ent_spawn)
            d->ent_spawn[d->nent_spawn++] = (uint32_t)i;
        if ((ri->nprefix > 1 || !ri->second_any) && d->npre < 64) {
            d->pre_deep |= (uint64_t)(ri->nprefix > 2) << d->npre;
            d->pre[d->npre++] = (uint32_t)i;
            set_bit(d->pre_mask, i);
        }
    }
    d->work_cap = 2 * r->nprog + 2;
    uint32_t **work[] = { &d->mark, &d->nmark, &d->stack, &d->cur, &d->next };
    for (size_t k = 0; k < sizeof work / sizeof work[0]; k++) {
        free(*work[k]);
        if (!(*work[k] = calloc(d->work_cap, sizeof **work[k])))
            return GLEAN_ENOMEM;
    }
    d->stamp = 0;
    free(d->hit);
    free(d->to);
    if (d->npre && !d->pair_key) { /* a fixed table: once half full, no more pairs */
        d->pair_cap = 16384;
        d->pair_key = calloc(d->pair_cap, sizeof *d->pair_key);
        d->pair_fits = malloc(d->pair_cap);
        if (!d->pair_key || !d->pair_fits)
            return GLEAN_ENOMEM;
    }
    d->hit = calloc(d->rw + 1, sizeof *d->hit);
    d->to = calloc(d->rw + 1, sizeof *d->to);
    if (!d->hit || !d->to)
        return GLEAN_ENOMEM;
    d->ncls = d->nfits = 0;
    d->fits[0] = 0;
    if (!d->trans) {
        d->trans_cap = 1024;
        d->trans_shift = 64 - 10;
        if (!(d->trans = malloc(d->trans_cap * sizeof *d->trans)))
            return GLEAN_ENOMEM;
    }
    if (table_fit(d, &d->cls_tab, &d->cls_tab_cap, 0, hash_of_class) != GLEAN_OK ||
        table_fit(d, &d->st_tab, &d->st_tab_cap, 0, hash_of_state) != GLEAN_OK ||
        table_fit(d, &d->set_tab, &d->set_tab_cap, 0, hash_of_set) != GLEAN_OK)
        return GLEAN_ENOMEM;
    memset(d->cls_tab, 0xff, d->cls_tab_cap * sizeof *d->cls_tab);
    return flush(d);
}

match_dfa *dfa_for(match_ctx *c)
{
    const glean_rules *r = c->r;
    glean_rules_scratch *s = c->s;
    if (!s->dfa && !(s->dfa = calloc(1, sizeof *s->dfa))) {
        oom(c->err);
        return NULL;
    }
    match_dfa *d = s->dfa;
    size_t budget = s->dfa_budget ? s->dfa_budget : DFA_DEFAULT_BUDGET;
    int rc = GLEAN_OK;
    if (d->r != r || d->version != r->version || d->aw != s->atom_words || d->rw != s->rule_words)
        rc = dfa_reset(d, r, s);
    else if (d->used > budget || d->want_flush) {
        d->flushes++;
        rc = flush(d);
    }
    if (rc != GLEAN_OK) {
        d->r = NULL;
        oom(c->err);
        return NULL;
    }
    return d;
}

uint32_t dfa_init_state(match_ctx *c, match_dfa *d, uint32_t rule)
{
    if (d->init_gen[rule] == d->gen)
        return d->init[rule];
    d->next[0] = c->r->rules[rule].pc_first;
    d->nnext = 1;
    memset(d->to, 0, d->rw * sizeof *d->to);
    set_bit(d->to, rule);
    if (intern_state(d, &d->init[rule]) != GLEAN_OK) {
        oom(c->err);
        return NONE32;
    }
    d->init_gen[rule] = d->gen;
    return d->init[rule];
}

void glean_rules_scratch_tune(glean_rules_scratch *s, int nfa, size_t dfa_budget)
{
    s->pass1_nfa = nfa != 0;
    s->dfa_budget = dfa_budget;
}

void glean_rules_scratch_stats(const glean_rules_scratch *s, glean_rules_stats *out)
{
    memset(out, 0, sizeof *out);
    out->nfa_runs = s->nfa_runs;
    out->windows = s->p2_windows;
    out->window_tokens = s->p2_positions;
    out->window_steps = s->p2_steps;
    const match_dfa *d = s->dfa;
    if (!d)
        return;
    out->dfa_states = d->nstates;
    out->dfa_transitions = d->ntrans;
    out->dfa_classes = d->ncls;
    out->dfa_built = d->built;
    out->dfa_flushes = d->flushes;
    out->dfa_bytes = d->used;
}
