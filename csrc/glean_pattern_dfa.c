/* glean_pattern_dfa.c — pass 1 of the matcher (glean_pattern_match.c) as a DFA built
 * lazily from the NFA, RE2-style, and cached in the scratch across documents.
 *
 * Why: the NFA pass 1 recomputes, at every token, the epsilon closure of every live
 * thread and respawns every rule; on the news extractors' rules that was three quarters
 * of the matcher's time. But what it computes at position p depends only on the set of
 * seed threads before p and on what the rules can see of token p, and both recur
 * endlessly in a corpus. So the seed set is a DFA state, what the rules see of position p
 * is a symbol, and the transition (state, symbol) -> (next state, window events) is
 * computed once by the NFA code below, then looked up: one hash probe per token.
 *
 * A symbol is interned from: the token's class (its distinct per-type atom bits; spawn
 * bits follow from them), the label of the entity covering it and whether the entity
 * starts there (entity tests and @LABEL read nothing else), the boundary flags that
 * BOS/EOS read (sentence and line breaks before p, p == 0, p == n), and which rules with
 * fixed opening atoms fit there (the NFA's lookahead prefix filter, evaluated per
 * position: it keeps `<word> '('` from opening a window at every word). A whole-entity
 * item (OP_ENT) goes token by token here: its thread waits in the state as an DFA_ITEM_ENT
 * item while the following tokens continue the entity and resumes at the first token
 * that does not (entities are sorted and disjoint: that is where the NFA's `pending`
 * threads rejoin).
 *
 * Windows for pass 2 are cut where no thread of the rule crosses a token (a match crosses
 * every token it consumes, so none is cut) and end at the rule's last MATCH (no match
 * ends later); a window of one position holds no match. Which rules open, reach MATCH and
 * close at p is a function of the transition, stored with it. Spawning skips the NFA's
 * per-document active-rule filter (a rule it drops never reaches MATCH): pass 2 sees the
 * NFA's windows or narrower ones, and finds the same matches in them.
 *
 * Time stays linear in tokens for every rule set: a new transition costs what the NFA
 * spends on one position plus hashing; the cache is bounded (flushed when over budget)
 * and a document that thrashes it is redone by the NFA. */
#include "glean_pattern_dfa.h"

#include <stdlib.h>
#include <string.h>

#define GROW(arr, cap, need) glean_grow((void **)&(arr), &(cap), (need), sizeof *(arr))

#define MAX_STATES ((size_t)1 << 30)
#define MAX_SYMBOLS ((size_t)1 << 20) /* beyond: the whole cache starts over */

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

static uint32_t hash_items(const uint32_t *it, size_t n)
{
    uint64_t h = DFA_FIB ^ n;
    for (size_t i = 0; i < n; i++)
        h = (h ^ it[i]) * 0x100000001b3ull;
    h *= DFA_FIB;
    return (uint32_t)(h >> 32);
}

static uint32_t hash_sym(const dfa_sym *y)
{
    uint64_t h = ((uint64_t)y->cls | (uint64_t)y->ent << 32 | (uint64_t)y->flags << 40) * DFA_FIB;
    return (uint32_t)(((h ^ (h >> 29)) ^ y->fits) * DFA_FIB >> 32);
}

void dfa_free(match_dfa *d)
{
    if (!d)
        return;
    void *p[] = { d->ent_spawn, d->pre_mask, d->class_of, d->cls_tab, d->cls_sym, d->cls_seen,
                  d->cls, d->cls_pre, d->sym, d->sym_tab, d->items, d->states, d->st_tab, d->ev,
                  d->ev_tab, d->trans, d->mark, d->nmark, d->stack, d->cur, d->next, d->rec,
                  d->from, d->to, d->syms, d->init, d->init_gen };
    for (size_t k = 0; k < sizeof p / sizeof p[0]; k++)
        free(p[k]);
    free(d);
}

/* --- open-addressing tables of ids ----------------------------------------------------- */

typedef uint32_t (*hash_of_fn)(const match_dfa *d, uint32_t id);

static uint32_t hash_of_class(const match_dfa *d, uint32_t e) { return hash_words(d->cls + (size_t)e * d->cw, d->aw); }
static uint32_t hash_of_sym(const match_dfa *d, uint32_t e) { return hash_sym(&d->sym[e]); }
static uint32_t hash_of_state(const match_dfa *d, uint32_t e) { return d->states[e].hash; }
static uint32_t hash_of_ev(const match_dfa *d, uint32_t e) { return hash_words(d->ev + (size_t)e * d->ew, d->ew); }

/* Keeps a table of n ids at most half full: doubles it and reinserts them. */
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

/* The id of event record d->rec, added when new. */
static int intern_ev(match_dfa *d, uint32_t *id)
{
    size_t ew = d->ew, mask = d->ev_tab_cap - 1, k = hash_words(d->rec, ew) & mask;
    for (;; k = (k + 1) & mask) {
        uint32_t e = d->ev_tab[k];
        if (e == NONE32)
            break;
        if (memcmp(d->ev + (size_t)e * ew, d->rec, ew * sizeof *d->rec) == 0) {
            *id = e;
            return GLEAN_OK;
        }
    }
    if (GROW(d->ev, d->ev_cap, (d->nev + 1) * ew + 1) != GLEAN_OK)
        return GLEAN_ENOMEM;
    memcpy(d->ev + d->nev * ew, d->rec, ew * sizeof *d->rec);
    d->ev_tab[k] = *id = (uint32_t)d->nev++;
    d->used += ew * 8 + 8;
    return table_fit(d, &d->ev_tab, &d->ev_tab_cap, d->nev, hash_of_ev);
}

/* The id of the state whose items are d->next[0, nnext) (sorted), added when new. */
static int intern_state(match_dfa *d, uint32_t *id)
{
    size_t n = d->nnext, mask = d->st_tab_cap - 1;
    uint32_t h = hash_items(d->next, n);
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
        GROW(d->states, d->states_cap, d->nstates + 1) != GLEAN_OK)
        return GLEAN_ENOMEM;
    memcpy(d->items + d->nitems, d->next, n * sizeof *d->next);
    d->states[d->nstates] = (dfa_state){ (uint32_t)d->nitems, (uint32_t)n, h };
    d->nitems += n;
    d->st_tab[k] = *id = (uint32_t)d->nstates++;
    d->used += n * 4 + sizeof(dfa_state) + 8;
    return table_fit(d, &d->st_tab, &d->st_tab_cap, d->nstates, hash_of_state);
}

static int insert_trans(match_dfa *d, const dfa_trans *t)
{
    if (2 * (d->ntrans + 1) > d->trans_cap) {
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
    return GLEAN_OK;
}

/* Empties the automaton (its tables keep their size): state 0 and event record 0 are
 * the empty ones. Symbols and classes stay: transitions only refer to them. */
static int flush(match_dfa *d)
{
    d->gen++;
    d->nitems = d->nstates = d->nev = d->ntrans = d->used = 0;
    memset(d->st_tab, 0xff, d->st_tab_cap * sizeof *d->st_tab);
    memset(d->ev_tab, 0xff, d->ev_tab_cap * sizeof *d->ev_tab);
    for (size_t k = 0; k < d->trans_cap; k++)
        d->trans[k].key = DFA_EMPTY;
    uint32_t id;
    size_t keep = d->nnext;
    d->nnext = 0;
    memset(d->rec, 0, d->ew * sizeof *d->rec);
    int rc = intern_state(d, &id) != GLEAN_OK || intern_ev(d, &id) != GLEAN_OK ? GLEAN_ENOMEM
                                                                               : GLEAN_OK;
    d->nnext = keep;
    return rc;
}

/* --- classes and symbols ----------------------------------------------------------------- */

int dfa_intern_sym(match_dfa *d, const dfa_sym *y, uint32_t *id)
{
    size_t mask = d->sym_tab_cap - 1, k = hash_sym(y) & mask;
    for (;; k = (k + 1) & mask) {
        uint32_t e = d->sym_tab[k];
        if (e == NONE32)
            break;
        const dfa_sym *x = &d->sym[e];
        if (x->cls == y->cls && x->ent == y->ent && x->flags == y->flags && x->fits == y->fits) {
            *id = e;
            return GLEAN_OK;
        }
    }
    if (GROW(d->sym, d->sym_cap, d->nsym + 1) != GLEAN_OK)
        return GLEAN_ENOMEM;
    d->sym[d->nsym] = *y;
    d->sym_tab[k] = *id = (uint32_t)d->nsym++;
    return table_fit(d, &d->sym_tab, &d->sym_tab_cap, d->nsym, hash_of_sym);
}

/* The class of a type whose bits are `bits`, added (with its plain symbol) when new. */
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
    uint32_t c = (uint32_t)d->ncls;
    if (GROW(d->cls, d->cls_cap, (d->ncls + 1) * d->cw + 1) != GLEAN_OK ||
        GROW(d->cls_sym, d->cls_sym_cap, d->ncls + 1) != GLEAN_OK ||
        GROW(d->cls_pre, d->cls_pre_cap, d->ncls + 1) != GLEAN_OK)
        return GLEAN_ENOMEM;
    memcpy(d->cls + (size_t)c * d->cw, bits, d->cw * sizeof *bits);
    uint64_t pre = 0;
    for (size_t j = 0; j < d->npre; j++)
        pre |= (uint64_t)get_bit(bits + d->aw, d->pre[j]) << j;
    d->cls_pre[c] = pre;
    dfa_sym y = { c, 0, 0, 0 };
    if (dfa_intern_sym(d, &y, &d->cls_sym[c]) != GLEAN_OK)
        return GLEAN_ENOMEM;
    d->cls_tab[k] = *id = c;
    d->ncls++;
    return table_fit(d, &d->cls_tab, &d->cls_tab_cap, d->ncls, hash_of_class);
}

/* --- setting up for a rule set ------------------------------------------------------------ */

static int dfa_reset(match_dfa *d, const glean_rules *r, const glean_rules_scratch *s)
{
    d->r = r;
    d->version = r->version;
    d->lx = NULL; /* every type's class is recomputed */
    d->aw = s->atom_words;
    d->rw = s->rule_words;
    d->cw = d->aw + d->rw;
    d->ew = 3 * d->rw;
    d->uses_ents = (uint8_t)glean_rules_uses_ents(r);
    d->uses_bounds = d->uses_lines = 0;
    for (size_t pc = 0; pc < r->nprog; pc++)
        if (r->prog[pc].op == OP_BOS || r->prog[pc].op == OP_EOS) {
            d->uses_bounds = 1;
            d->uses_lines |= r->prog[pc].a != 0;
        }
    free(d->ent_spawn);
    free(d->pre_mask);
    d->ent_spawn = malloc((r->nrules + 1) * sizeof *d->ent_spawn);
    d->pre_mask = calloc(d->rw + 1, sizeof *d->pre_mask);
    if (!d->ent_spawn || !d->pre_mask)
        return GLEAN_ENOMEM;
    d->nent_spawn = d->npre = 0;
    for (size_t i = 0; i < r->nrules; i++) {
        const rule_info *ri = &r->rules[i];
        if (ri->ent_spawn)
            d->ent_spawn[d->nent_spawn++] = (uint32_t)i;
        if ((ri->nprefix > 1 || !ri->second_any) && d->npre < 64) {
            d->pre[d->npre++] = (uint32_t)i;
            set_bit(d->pre_mask, i);
        }
    }
    free(d->init);
    free(d->init_gen);
    d->init = malloc((r->nrules + 1) * sizeof *d->init);
    d->init_gen = calloc(r->nrules + 1, sizeof *d->init_gen);
    if (!d->init || !d->init_gen)
        return GLEAN_ENOMEM;
    d->work_cap = 2 * r->nprog + 2;
    uint32_t **work[] = { &d->mark, &d->nmark, &d->stack, &d->cur, &d->next };
    for (size_t k = 0; k < sizeof work / sizeof work[0]; k++) {
        free(*work[k]);
        if (!(*work[k] = calloc(d->work_cap, sizeof **work[k])))
            return GLEAN_ENOMEM;
    }
    d->stamp = 0;
    uint64_t **sets[] = { &d->rec, &d->from, &d->to };
    for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++) {
        free(*sets[k]);
        if (!(*sets[k] = calloc(d->ew + 1, sizeof **sets[k])))
            return GLEAN_ENOMEM;
    }
    d->ncls = d->nsym = 0;
    if (!d->trans) {
        d->trans_cap = 1024;
        d->trans_shift = 64 - 10;
        if (!(d->trans = malloc(d->trans_cap * sizeof *d->trans)))
            return GLEAN_ENOMEM;
    }
    if (table_fit(d, &d->cls_tab, &d->cls_tab_cap, 0, hash_of_class) != GLEAN_OK ||
        table_fit(d, &d->sym_tab, &d->sym_tab_cap, 0, hash_of_sym) != GLEAN_OK ||
        table_fit(d, &d->st_tab, &d->st_tab_cap, 0, hash_of_state) != GLEAN_OK ||
        table_fit(d, &d->ev_tab, &d->ev_tab_cap, 0, hash_of_ev) != GLEAN_OK)
        return GLEAN_ENOMEM;
    memset(d->cls_tab, 0xff, d->cls_tab_cap * sizeof *d->cls_tab);
    memset(d->sym_tab, 0xff, d->sym_tab_cap * sizeof *d->sym_tab);
    d->nnext = 0;
    return flush(d);
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

/* The NFA's closure (glean_pattern_match.c), BOS/EOS read from the symbol's flags. Marks
 * pc0's rule alive (in the record's `opens` words, trimmed later) and its MATCH hit. */
static uint64_t closure(match_dfa *d, const sym_parts *y, uint32_t pc0)
{
    const glean_rules *r = d->r;
    if (d->mark[pc0] == d->stamp)
        return 0;
    set_bit(d->rec, r->prog[pc0].rule);
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
        case OP_MATCH: set_bit(d->rec + d->rw, in->rule); break;
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

/* The transition of state S on symbol `symid`, as the NFA computes one position: seeds
 * and spawns, their closure, one step over the token. Cached (after flushing the cache
 * when it is over budget: then S is gone and the transition is only returned). Items are
 * kept sorted, so that a set of threads is one state whatever order it was found in. */
int dfa_build(match_ctx *c, match_dfa *d, uint32_t S, uint32_t symid, dfa_trans *out,
              uint64_t *steps)
{
    const glean_rules *r = d->r;
    const dfa_sym *ys = &d->sym[symid & ~DFA_ANCHORED];
    sym_parts y = { ys->cls == DFA_CLASS_END ? NULL : d->cls + (size_t)ys->cls * d->cw,
                    ys->ent ? (int32_t)(ys->ent >> 1) - 2 : -2, ys->ent & 1,
                    ys->ent && !(ys->ent & 1), ys->flags, ys->fits };
    if (++d->stamp == 0) {
        memset(d->mark, 0, d->work_cap * sizeof *d->mark);
        memset(d->nmark, 0, d->work_cap * sizeof *d->nmark);
        d->stamp = 1;
    }
    size_t rw = d->rw;
    memset(d->rec, 0, d->ew * sizeof *d->rec);
    memset(d->from, 0, rw * sizeof *d->from);
    memset(d->to, 0, rw * sizeof *d->to);
    d->ncur = d->nnext = 0;
    uint64_t n_steps = 0;
    const dfa_state st = d->states[S];
    for (uint32_t k = 0; k < st.n; k++) {
        uint32_t it = d->items[st.first + k], pc = it & ~DFA_ITEM_ENT;
        set_bit(d->from, r->prog[pc].rule);
        if (it & DFA_ITEM_ENT && y.cont) { /* still inside the entity: waits, alive */
            add_next(d, it);
            set_bit(d->rec, r->prog[pc].rule);
        } else {
            n_steps += closure(d, &y, pc);
        }
    }
    if (y.bits && !(symid & DFA_ANCHORED)) { /* spawn: by class, prefix filter, entity */
        const uint64_t *spawn = y.bits + d->aw;
        for (size_t w = 0; w < rw; w++)
            for (uint64_t m = spawn[w] & ~d->pre_mask[w]; m; m &= m - 1)
                n_steps += closure(d, &y, r->rules[w * 64 + (size_t)__builtin_ctzll(m)].pc_first);
        for (uint64_t m = y.fits; m; m &= m - 1)
            n_steps += closure(d, &y, r->rules[d->pre[__builtin_ctzll(m)]].pc_first);
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
            add_next(d, (pc + 1) | DFA_ITEM_ENT);
        }
    }
    *steps += n_steps;
    /* events: opens = alive and not carried in, closes = alive and not carried on */
    int live = 0;
    for (size_t w = 0; w < rw; w++) {
        uint64_t alive = d->rec[w];
        live |= alive != 0;
        d->rec[w] = alive & ~d->from[w];
        d->rec[2 * rw + w] = alive & ~d->to[w];
    }
    if (d->nnext > 1)
        qsort(d->next, d->nnext, sizeof *d->next, cmp_u32);
    size_t budget = c->s->dfa_budget ? c->s->dfa_budget : DFA_DEFAULT_BUDGET;
    size_t want = d->nnext * 4 + sizeof(dfa_state) + 8 + d->ew * 8 + 8 + 2 * sizeof(dfa_trans);
    int stale = 0;
    if (d->used + want > budget || d->nstates >= MAX_STATES) {
        if (flush(d) != GLEAN_OK)
            return oom(c->err);
        d->flushes++;
        stale = 1;
    }
    out->key = (uint64_t)S << 32 | symid;
    out->live = (uint32_t)live;
    if (intern_state(d, &out->next) != GLEAN_OK || intern_ev(d, &out->ev) != GLEAN_OK)
        return oom(c->err);
    if (!stale) {
        if (insert_trans(d, out) != GLEAN_OK)
            return oom(c->err);
        d->used += 2 * sizeof(dfa_trans);
    }
    d->built++;
    return GLEAN_OK;
}


/* --- the cache of a rule set ------------------------------------------------------------- */

match_dfa *dfa_for(match_ctx *c)
{
    const glean_rules *r = c->r;
    glean_rules_scratch *s = c->s;
    if (!s->dfa && !(s->dfa = calloc(1, sizeof *s->dfa))) {
        oom(c->err);
        return NULL;
    }
    match_dfa *d = s->dfa;
    if (d->r != r || d->version != r->version || d->aw != s->atom_words ||
        d->rw != s->rule_words || d->nsym > MAX_SYMBOLS) {
        if (dfa_reset(d, r, s) != GLEAN_OK) {
            d->r = NULL;
            oom(c->err);
            return NULL;
        }
    }
    return d;
}

uint32_t dfa_init_state(match_ctx *c, match_dfa *d, uint32_t rule)
{
    if (d->init_gen[rule] == d->gen)
        return d->init[rule];
    d->next[0] = c->r->rules[rule].pc_first;
    d->nnext = 1;
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
