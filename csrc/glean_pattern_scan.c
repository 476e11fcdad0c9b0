/* glean_pattern_scan.c — the matcher's two passes over one document on the DFA cache
 * (glean_pattern_dfa.c): each position's symbol, pass 1 as one cached transition per
 * position, and pass 2 as anchored runs from each start of a window.
 *
 * Pass 2 on the DFA: the longest match from start p is the last position where a run of
 * the rule anchored at p (its threads, no respawning) reaches MATCH, up to the window's
 * end. Windows on the news rules are a few tokens long while rules are tens of
 * instructions, so such runs (a hash probe per token) cost far less than the backward
 * DP over every instruction at every position (glean_pattern_match.c). But runs from
 * successive starts can overlap (quadratic on `_ (_* x)?`), so a window's runs may cost
 * at most what the DP would; past that the DP redoes the window: linear either way. */
#include "glean_pattern_dfa.h"

#include <stdlib.h>
#include <string.h>

#define GROW(arr, cap, need) glean_grow((void **)&(arr), &(cap), (need), sizeof *(arr))

static int oom(glean_error *err)
{
    return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory matching rules");
}

/* Every token's class into d->syms, in token order (the order the NFA computes per-type
 * bits, so caller predicates run in the same order), and the atoms some token passes
 * into `present` (one OR per class seen, not per token). */
static int classes(match_ctx *c, match_dfa *d, uint64_t *present)
{
    const glean_doc *doc = c->d;
    size_t n = doc->ntoks;
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
    if (++d->seen_stamp == 0 || d->cls_seen_cap < d->ncls) {
        free(d->cls_seen);
        d->cls_seen_cap = d->ncls + 1024;
        if (!(d->cls_seen = calloc(d->cls_seen_cap, sizeof *d->cls_seen)))
            return oom(c->err);
        d->seen_stamp = 1;
    }
    memset(present, 0, d->aw * sizeof *present);
    for (size_t p = 0; p < n; p++) {
        uint32_t type = doc->toks[p].type, cls = d->class_of[type];
        if (cls == NONE32) {
            const uint64_t *bits = match_type_bits(c, p);
            if (!bits)
                return c->err->code;
            if (dfa_intern_class(d, bits, &cls) != GLEAN_OK)
                return oom(c->err);
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
        d->syms[p] = cls;
    }
    return GLEAN_OK;
}

/* Turns d->syms from classes into symbols: most positions take their class's plain
 * symbol; an entity, a boundary or a prefixed rule that fits makes another. */
static int symbols(match_ctx *c, match_dfa *d)
{
    const glean_doc *doc = c->d;
    const glean_rules_scratch *s = c->s;
    size_t n = doc->ntoks;
    const int ents = d->uses_ents && c->nents, bounds = d->uses_bounds, lines = d->uses_lines;
    for (size_t p = 0; p < n; p++) {
        uint32_t cls = d->syms[p];
        dfa_sym y = { cls, 0, 0, 0 };
        if (ents && s->ent_label[p] != -2)
            y.ent = (uint8_t)((unsigned)(s->ent_label[p] + 2) << 1 | (s->ent_at[p] >= 0));
        if (bounds && p > 0)
            y.flags = (uint8_t)((match_bos(doc, p, 0) ? DFA_F_SENT : 0) |
                                (lines && match_bos(doc, p, 1) ? DFA_F_LINE : 0));
        else if (bounds)
            y.flags = DFA_F_FIRST;
        uint64_t pre = d->cls_pre[cls];
        if (pre && p + 1 < n) {
            const uint64_t *next = d->cls + (size_t)d->syms[p + 1] * d->cw;
            for (; pre; pre &= pre - 1) {
                int k = __builtin_ctzll(pre);
                int fits = match_prefix_fits(c, &c->r->rules[d->pre[k]], p, next);
                if (fits < 0)
                    return c->err->code;
                y.fits |= (uint64_t)fits << k;
            }
        }
        if (y.ent | y.flags | y.fits) {
            if (dfa_intern_sym(d, &y, &d->syms[p]) != GLEAN_OK)
                return oom(c->err);
        } else {
            d->syms[p] = d->cls_sym[cls];
        }
    }
    dfa_sym end = { DFA_CLASS_END, 0, (uint8_t)(bounds ? DFA_F_END : 0), 0 };
    return dfa_intern_sym(d, &end, &d->syms[n]) != GLEAN_OK ? oom(c->err) : GLEAN_OK;
}

/* --- pass 1 ----------------------------------------------------------------------------- */

/* Applies a transition's events at position p: windows open (s->win_start), reach MATCH
 * (s->win_last) and close; a closed window is kept when a match can lie in it. */
static int events(glean_rules_scratch *s, const match_dfa *d, uint32_t ev, size_t p)
{
    const uint64_t *e = d->ev + (size_t)ev * d->ew;
    size_t rw = d->rw;
    for (size_t w = 0; w < rw; w++) {
        for (uint64_t m = e[w]; m; m &= m - 1) {
            size_t i = w * 64 + (size_t)__builtin_ctzll(m);
            s->win_start[i] = (int64_t)p;
            s->win_last[i] = -1;
        }
        for (uint64_t m = e[rw + w]; m; m &= m - 1)
            s->win_last[w * 64 + (size_t)__builtin_ctzll(m)] = (int64_t)p;
        for (uint64_t m = e[2 * rw + w]; m; m &= m - 1) {
            size_t i = w * 64 + (size_t)__builtin_ctzll(m);
            if (s->win_last[i] > s->win_start[i] &&
                match_push_window(s, (uint32_t)i, (size_t)s->win_start[i], (size_t)s->win_last[i]) != GLEAN_OK)
                return GLEAN_ENOMEM;
        }
    }
    return GLEAN_OK;
}

static int walk(match_ctx *c, match_dfa *d, uint64_t *steps)
{
    size_t n = c->d->ntoks;
    uint64_t built0 = d->built, flushes0 = d->flushes, live = 0;
    uint32_t S = 0;
    for (size_t p = 0; p <= n; p++) {
        dfa_trans t;
        uint64_t f = d->flushes;
        int rc = dfa_step(c, d, S, d->syms[p], &t, steps);
        if (rc != GLEAN_OK)
            return rc;
        /* thrashing: the cache refills within this document at more than one new
           transition per two tokens */
        if (d->flushes != f && d->flushes - flushes0 > 2 && 2 * (d->built - built0) > p)
            return DFA_GAVE_UP;
        if (t.ev && events(c->s, d, t.ev, p) != GLEAN_OK)
            return oom(c->err);
        live += t.live;
        S = t.next;
    }
    *steps += live;
    return GLEAN_OK;
}

int dfa_pass1(match_ctx *c, uint64_t *steps)
{
    const glean_rules *r = c->r;
    glean_rules_scratch *s = c->s;
    s->nwindows = 0;
    if (r->nprog >= DFA_ITEM_ENT)
        return DFA_GAVE_UP;
    match_dfa *d = dfa_for(c);
    if (!d)
        return c->err->code;
    if (d->cooldown) {
        d->cooldown--;
        return DFA_GAVE_UP;
    }
    if (GROW(d->syms, d->syms_cap, c->d->ntoks + 1) != GLEAN_OK)
        return oom(c->err);
    uint64_t *present = s->present;
    int rc = classes(c, d, present);
    if (rc != GLEAN_OK)
        return rc;
    /* no rule can match (a token it needs is missing): nothing to do, as in the NFA */
    int any = 0;
    for (size_t i = 0; !any && i < r->nrules; i++) {
        const rule_info *ri = &r->rules[i];
        any = 1;
        for (uint8_t k = 0; any && k < ri->nrequired; k++)
            any = get_bit(present, ri->required[k]);
    }
    if (!any)
        return GLEAN_OK;
    if ((rc = symbols(c, d)) != GLEAN_OK || (rc = walk(c, d, steps)) != DFA_GAVE_UP)
        return rc;
    s->nwindows = 0;
    d->cooldown = 16;
    return DFA_GAVE_UP;
}

/* --- pass 2 ----------------------------------------------------------------------------- */

int dfa_window(match_ctx *c, uint32_t rule, size_t a, size_t b, int all,
               glean_rules_result *res)
{
    match_dfa *d = c->s->dfa;
    const rule_info *ri = &c->r->rules[rule];
    uint64_t budget = (uint64_t)(b - a + 1) * (ri->pc_end - ri->pc_first), spent = 0;
    size_t n0 = res->n, ncaps0 = res->ncaps, next_free = a, hw = d->rw + rule / 64;
    uint64_t bit = 1ull << (rule & 63), steps = 0;
    for (size_t p = a; p <= b; p++) {
        if (!all && p < next_free)
            continue;
        uint32_t S = dfa_init_state(c, d, rule);
        if (S == NONE32)
            return c->err->code;
        size_t end = 0;
        for (size_t q = p; q <= b && S; q++) {
            dfa_trans t;
            int rc = dfa_step(c, d, S, d->syms[q] | DFA_ANCHORED, &t, &steps);
            if (rc != GLEAN_OK)
                return rc;
            if (t.ev && (d->ev[(size_t)t.ev * d->ew + hw] & bit))
                end = q;
            S = t.next;
            spent++;
        }
        if (spent > budget) { /* overlapping runs: the DP is cheaper here */
            res->n = n0;
            res->ncaps = ncaps0;
            res->steps += steps + spent;
            return match_window_dp(c, rule, a, b, all, res);
        }
        if (end > p) {
            int rc = match_add(c, res, rule, p, end);
            if (rc != GLEAN_OK)
                return rc;
            next_free = end;
        }
    }
    res->steps += steps + spent;
    return GLEAN_OK;
}
