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

/* The class_of value of a type new to the cache (from its per-type bits, computed now). */
static int new_class(match_ctx *c, match_dfa *d, size_t p, uint32_t *v)
{
    const uint64_t *bits = match_type_bits(c, p);
    if (!bits)
        return c->err->code;
    uint32_t cls;
    int rc = dfa_intern_class(d, bits, &cls);
    if (rc != GLEAN_OK)
        return rc == DFA_GAVE_UP ? rc : oom(c->err);
    *v = cls | (d->cls_pre[cls] ? DFA_CLASS_PRE : 0) | (d->cls_inert[cls] ? DFA_CLASS_INERT : 0) |
         (!d->cls_inert[cls] || d->cls_pre[cls] ? DFA_CLASS_ACT : 0);
    d->class_of[c->d->toks[p].type] = *v;
    if (cls >= d->cls_seen_cap) {
        size_t old = d->cls_seen_cap;
        if (GROW(d->cls_seen, d->cls_seen_cap, (size_t)cls + 1) != GLEAN_OK)
            return oom(c->err);
        memset(d->cls_seen + old, 0, (d->cls_seen_cap - old) * sizeof *d->cls_seen);
    }
    return GLEAN_OK;
}

/* Every token's class (with its flags) into d->cv, in token order (the order the NFA
 * computes per-type bits, so caller predicates run in the same order); the positions
 * whose class can spawn a rule into d->act (elsewhere, with no thread alive, nothing
 * happens but where an entity starts); and, unless a rule needs no particular token, the
 * atoms some token passes into `present` (one OR per class seen, not per token). */
static int classes(match_ctx *c, match_dfa *d, uint64_t *present)
{
    const glean_doc *doc = c->d;
    size_t n = doc->ntoks, na = 0;
    if (d->lx != c->lx || d->class_of_cap < c->lx->ntypes) {
        size_t old = d->lx == c->lx ? d->class_of_cap : 0, cap = c->lx->ntypes + 1024;
        if (cap < 2 * old)
            cap = 2 * old;
        uint32_t *a = realloc(d->class_of, cap * sizeof *a);
        if (!a)
            return oom(c->err);
        memset(a + old, 0xff, (cap - old) * sizeof *a);
        d->class_of = a;
        d->class_of_cap = cap;
        d->lx = c->lx;
    }
    if (++d->seen_stamp == 0 || d->cls_seen_cap < d->ncls + 1) {
        free(d->cls_seen);
        d->cls_seen_cap = 2 * d->ncls + 1024;
        if (!(d->cls_seen = calloc(d->cls_seen_cap, sizeof *d->cls_seen)))
            return oom(c->err);
        d->seen_stamp = 1;
    }
    memset(present, 0, d->aw * sizeof *present);
    const glean_token *toks = doc->toks;
    const uint32_t *class_of = d->class_of;
    uint32_t *cv = d->cv, *act = d->act, v;
    int rc;
    /* class_of is read at random (one entry per type of the lexicon): ask for the entry
       of a token further on early, as the NFA pass 1 does for per-type bits */
    if (d->always_active) { /* no prefilter: the loop the extractors' entities run */
        for (size_t p = 0; p < n; p++) {
            if (p + 16 < n)
                __builtin_prefetch(class_of + toks[p + 16].type);
            if ((v = class_of[toks[p].type]) == NONE32 && (rc = new_class(c, d, p, &v)) != GLEAN_OK)
                return rc;
            cv[p] = v;
            if (v & DFA_CLASS_ACT)
                act[na++] = (uint32_t)p;
        }
    } else {
        const uint32_t stamp = d->seen_stamp;
        for (size_t p = 0; p < n; p++) {
            if (p + 16 < n)
                __builtin_prefetch(class_of + toks[p + 16].type);
            if ((v = class_of[toks[p].type]) == NONE32 && (rc = new_class(c, d, p, &v)) != GLEAN_OK)
                return rc;
            uint32_t cls = v & DFA_CLASS_END;
            if (d->cls_seen[cls] != stamp) {
                d->cls_seen[cls] = stamp;
                const uint64_t *bits = d->cls + (size_t)cls * d->cw;
                for (size_t w = 0; w < d->aw; w++)
                    present[w] |= bits[w];
            }
            cv[p] = v;
            if (v & DFA_CLASS_ACT)
                act[na++] = (uint32_t)p;
        }
    }
    d->nact = na;
    return GLEAN_OK;
}

/* The prefixed rules (of those the class at p spawns) whose opening atoms fit from p,
 * as a symbol's fits id. Most such tokens are words that could open `<word> '(' ...` and
 * are not followed by '(': the answer then depends on the two tokens' classes alone, and
 * is remembered per pair. (It does not when a rule looks past the next token and the
 * next token fits it: those are computed each time.) */
static int fits_at(match_ctx *c, match_dfa *d, size_t p, uint64_t *sym)
{
    uint32_t cls = (uint32_t)(*sym & DFA_CLASS_END), id = 0;
    uint64_t pre = d->cls_pre[cls], fits = 0;
    if (p + 1 >= c->d->ntoks)
        return GLEAN_OK;
    uint32_t next_cls = d->cv[p + 1] & DFA_CLASS_END;
    uint64_t key = ((uint64_t)cls << 20 | next_cls) + 1;
    size_t k = 0, mask = d->pair_cap - 1;
    for (k = (size_t)((key * DFA_FIB) >> 40) & mask; d->pair_key[k]; k = (k + 1) & mask)
        if (d->pair_key[k] == key) {
            id = d->pair_fits[k];
            goto found;
        }
    const uint64_t *next = d->cls + (size_t)next_cls * d->cw;
    int by_pair = 1;
    for (; pre; pre &= pre - 1) {
        int j = __builtin_ctzll(pre);
        const rule_info *ri = &c->r->rules[d->pre[j]];
        int ok = match_prefix_fits(c, ri, p, next);
        if (ok < 0)
            return c->err->code;
        fits |= (uint64_t)ok << j;
        if ((d->pre_deep >> j & 1) && get_bit(next, ri->prefix[1]))
            by_pair = 0;
    }
    int rc = fits ? dfa_intern_fits(d, fits, &id) : GLEAN_OK;
    if (rc != GLEAN_OK)
        return rc;
    if (by_pair && 2 * (d->npair + 1) <= d->pair_cap) { /* full: no more pairs till a flush */
        d->pair_key[k] = key;
        d->pair_fits[k] = (uint8_t)id;
        d->npair++;
    }
found:
    *sym |= DFA_SYM_FITS(id);
    return GLEAN_OK;
}

/* --- pass 1 ----------------------------------------------------------------------------- */

/* The rules that reach MATCH at p (set `hit`) extend their windows: a window runs from
 * where the rule's threads start crossing tokens without a break (found by looking back
 * over the states recorded per position, at most over the window itself) to its last
 * MATCH. A match crosses every token it consumes, so no match is cut; no match ends after
 * the last MATCH. */
static int hits(glean_rules_scratch *s, const match_dfa *d, uint32_t hit, size_t p)
{
    const uint64_t *h = d->sets + (size_t)hit * d->rw;
    for (size_t w = 0; w < d->rw; w++)
        for (uint64_t m = h[w]; m; m &= m - 1) {
            size_t i = w * 64 + (size_t)__builtin_ctzll(m);
            int64_t last = s->win_last[i], q = (int64_t)p;
            while (q > last && dfa_carries(d, d->spos[q], i))
                q--;
            if (q != last || last < 0) { /* a break since the last MATCH: a new window */
                if (last > s->win_start[i] &&
                    match_push_window(s, (uint32_t)i, (size_t)s->win_start[i], (size_t)last) != GLEAN_OK)
                    return GLEAN_ENOMEM;
                s->win_start[i] = q;
            }
            s->win_last[i] = (int64_t)p;
        }
    return GLEAN_OK;
}

/* One transition of pass 1 at position p: looked up (built on a miss); the state before
 * p is recorded (for `hits`). */
static inline int take(match_ctx *c, match_dfa *d, size_t p, uint64_t sym, uint32_t *S,
                       uint64_t *live, uint64_t *steps)
{
    const dfa_trans *trans = d->trans;
    uint64_t key = sym | (uint64_t)*S << 40;
    size_t k = (size_t)((key * DFA_FIB) >> d->trans_shift), mask = d->trans_cap - 1;
    while (trans[k].key != key && trans[k].key != DFA_EMPTY)
        k = (k + 1) & mask;
    dfa_trans t;
    if (trans[k].key == key) {
        t = trans[k];
    } else {
        int rc = dfa_build(c, d, *S, sym, &t, steps);
        if (rc != GLEAN_OK)
            return rc;
    }
    d->spos[p] = *S;
    *live += t.hit & 1;
    if (t.hit > 1 && hits(c->s, d, t.hit >> 1, p) != GLEAN_OK)
        return oom(c->err);
    *S = t.next;
    return GLEAN_OK;
}

/* Pass 1: each position's symbol (its class from `classes`, then what else the rules
 * look at, kept in d->syms for pass 2) and its transition; while no thread is alive, from
 * one position where something can spawn to the next (d->act). */
static int walk(match_ctx *c, match_dfa *d, uint64_t *steps)
{
    glean_rules_scratch *s = c->s;
    const glean_rules *r = c->r;
    const glean_doc *doc = c->d;
    const glean_token *toks = doc->toks;
    const int32_t *label = s->ent_label, *at = s->ent_at;
    size_t n = doc->ntoks, na = d->nact, ai = 0, ei = 0;
    const int ents = d->uses_ents && c->nents, bounds = d->uses_bounds, lines = d->uses_lines;
    const int ent_spawn = ents && d->nent_spawn;
    const uint32_t *cv = d->cv, *act = d->act;
    uint64_t *syms = d->syms, live = 0;
    uint32_t S = 0;
    int rc;
    for (size_t i = 0; i < r->nrules; i++)
        s->win_start[i] = s->win_last[i] = -1;
    syms[n] = DFA_CLASS_END | (bounds ? DFA_SYM_FLAGS(DFA_F_END) : 0);
    for (size_t p = 0; p <= n; p++) {
        if (S == 0) { /* nothing alive: on to where something can spawn */
            while (ai < na && act[ai] < p)
                ai++;
            size_t to = ai < na ? act[ai] : n + 1;
            if (ent_spawn) { /* or where an entity starts, for rules that open with one */
                while (ei < c->nents && c->ents[ei].first < p)
                    ei++;
                if (ei < c->nents && c->ents[ei].first < to)
                    to = c->ents[ei].first;
            }
            if (to > n)
                break;
            p = to;
        }
        uint64_t sym = syms[n];
        if (p < n) {
            uint32_t v = cv[p];
            sym = (v & DFA_CLASS_END) | (uint64_t)(v >> 30) << 38;
            if (ents && label[p] != -2)
                sym |= DFA_SYM_ENT((unsigned)(label[p] + 2) << 1 | (at[p] >= 0));
            if (bounds)
                sym |= DFA_SYM_FLAGS(p == 0 ? DFA_F_FIRST
                                     : (toks[p].sent != toks[p - 1].sent ? DFA_F_SENT : 0) |
                                       (lines && match_line_break(doc, p) ? DFA_F_LINE : 0));
            if (v & DFA_CLASS_PRE) {
                if ((rc = fits_at(c, d, p, &sym)) != GLEAN_OK)
                    return rc;
                /* only prefixed rules could spawn here, and none fits: nothing happens */
                if (S == 0 && (v & DFA_CLASS_INERT) && !(sym & DFA_SYM_FITS(0x3f)) &&
                    !(ent_spawn && at[p] >= 0))
                    continue;
            }
            syms[p] = sym;
        }
        if ((rc = take(c, d, p, sym, &S, &live, steps)) != GLEAN_OK)
            return rc;
    }
    for (size_t i = 0; i < r->nrules; i++) /* a window of one position holds no match */
        if (s->win_last[i] > s->win_start[i] &&
            match_push_window(s, (uint32_t)i, (size_t)s->win_start[i], (size_t)s->win_last[i]) != GLEAN_OK)
            return oom(c->err);
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
    size_t n = c->d->ntoks;
    if (GROW(d->syms, d->syms_cap, n + 1) != GLEAN_OK || GROW(d->spos, d->spos_cap, n + 1) != GLEAN_OK ||
        GROW(d->cv, d->cv_cap, n + 1) != GLEAN_OK || GROW(d->act, d->act_cap, n + 1) != GLEAN_OK)
        return oom(c->err);
    uint64_t *present = s->present;
    int rc = classes(c, d, present);
    if (rc != GLEAN_OK)
        return rc;
    /* no rule can match (a token it needs is missing): nothing to do, as in the NFA */
    int any = d->always_active;
    for (size_t i = 0; !any && i < r->nrules; i++) {
        const rule_info *ri = &r->rules[i];
        any = 1;
        for (uint8_t k = 0; any && k < ri->nrequired; k++)
            any = get_bit(present, ri->required[k]);
    }
    if (!any)
        return GLEAN_OK;
    if ((rc = walk(c, d, steps)) != DFA_GAVE_UP)
        return rc;
    /* the cache (or its prefix-fits table) filled up during this document: the NFA redoes
       it and the next few; then the DFA starts again from an empty cache */
    s->nwindows = 0;
    d->cooldown = 16;
    d->want_flush = 1;
    return DFA_GAVE_UP;
}

/* --- pass 2 ----------------------------------------------------------------------------- */

/* The matches of `rule` in window [a, b]: from each start (each start at or after the
 * last match's end, leftmost-longest), a run anchored there gives the last position
 * where the rule reaches MATCH; the runs' cost is held to the DP's. */
int dfa_window(match_ctx *c, uint32_t rule, size_t a, size_t b, int all,
               glean_rules_result *res)
{
    match_dfa *d = c->s->dfa;
    const rule_info *ri = &c->r->rules[rule];
    uint64_t budget = (uint64_t)(b - a + 1) * (ri->pc_end - ri->pc_first), spent = 0;
    uint64_t bit = 1ull << (rule & 63), steps = 0;
    size_t n0 = res->n, ncaps0 = res->ncaps, next_free = a, hw = rule / 64;
    uint32_t S0 = dfa_init_state(c, d, rule);
    if (S0 == NONE32)
        return c->err->code;
    int rc = GLEAN_OK;
    for (size_t p = a; p <= b && rc == GLEAN_OK; p++) {
        if (!all && p < next_free)
            continue;
        size_t end = 0;
        uint32_t S = S0;
        for (size_t q = p; q <= b && S && rc == GLEAN_OK; q++, spent++) {
            dfa_trans t;
            rc = dfa_step(c, d, S, (d->syms[q] & DFA_SYM_ANCHOR_MASK) | DFA_ANCHORED, &t, &steps);
            if (rc == GLEAN_OK && (d->sets[(size_t)(t.hit >> 1) * d->rw + hw] & bit))
                end = q;
            S = t.next;
        }
        if (rc == DFA_GAVE_UP || spent > budget) {
            /* the cache is full, or runs overlap (`_ (_* x)?`): the DP is cheaper */
            res->n = n0;
            res->ncaps = ncaps0;
            res->steps += steps + spent;
            return match_window_dp(c, rule, a, b, all, res);
        }
        if (rc == GLEAN_OK && end > p) {
            rc = match_add(c, res, rule, p, end);
            next_free = end;
        }
    }
    res->steps += steps + spent;
    c->s->p2_windows++;
    c->s->p2_positions += b - a + 1;
    c->s->p2_steps += spent;
    return rc;
}

/* --- captures ---------------------------------------------------------------------------- */

/* The Pike VM (glean_pattern_pike.c) reads, for a match [first, end), only the classes,
 * entity codes and boundary flags of positions first..end: the symbols anchored runs
 * read. So its result, made relative to `first`, is remembered by (rule, those symbols):
 * news matches repeat (`Mr Name Name`, `5 March 2019`), and a lookup costs a hash of
 * the match's symbols instead of a run of threads with capture slots. */
int dfa_captures(match_ctx *c, uint32_t rule, size_t first, size_t end, int32_t *caps,
                 uint32_t *alt)
{
    match_dfa *d = c->s->dfa;
    size_t len = end - first + 1, ncaps = 2 * c->r->rules[rule].ncaps;
    size_t rec = 3 + len + 1 + ncaps;
    uint32_t *key = d->next; /* a work array of the builds, free here */
    if (len + 1 >= d->work_cap) /* longer than the key can be */
        return pike_captures(c, rule, first, end, caps, alt);
    key[0] = rule;
    for (size_t q = 0; q < len; q++)
        key[q + 1] = (uint32_t)(d->syms[first + q] & DFA_SYM_ANCHOR_MASK);
    uint32_t h = dfa_hash_items(key, len + 1);
    size_t mask = d->memo_tab_cap - 1, k = d->memo_tab ? h & mask : 0;
    for (; d->memo_tab; k = (k + 1) & mask) {
        uint32_t off = d->memo_tab[k];
        if (off == NONE32)
            break;
        const uint32_t *e = d->memo + off;
        if (e[0] == h && e[1] == rule && e[2] == len &&
            memcmp(e + 3, key + 1, len * sizeof *key) == 0) {
            *alt = e[3 + len];
            for (size_t j = 0; j < ncaps; j++)
                caps[j] = (int32_t)e[4 + len + j] < 0 ? -1 : (int32_t)(first + e[4 + len + j]);
            return GLEAN_OK;
        }
    }
    int rc = pike_captures(c, rule, first, end, caps, alt);
    size_t budget = c->s->dfa_budget ? c->s->dfa_budget : DFA_DEFAULT_BUDGET;
    if (rc != GLEAN_OK || d->used / 4 > budget || d->memo_len + rec > UINT32_MAX)
        return rc; /* remembered only while the cache has room */
    if (!d->memo_tab || 2 * (d->nmemo + 1) > d->memo_tab_cap) { /* grow: rehash */
        size_t cap = d->memo_tab_cap ? 2 * d->memo_tab_cap : 1024;
        uint32_t *tab = malloc(cap * sizeof *tab);
        if (!tab)
            return oom(c->err);
        memset(tab, 0xff, cap * sizeof *tab);
        for (size_t off = 0; off < d->memo_len;) {
            const uint32_t *e = d->memo + off;
            size_t j = e[0] & (cap - 1);
            while (tab[j] != NONE32)
                j = (j + 1) & (cap - 1);
            tab[j] = (uint32_t)off;
            off += 4 + e[2] + 2 * c->r->rules[e[1]].ncaps;
        }
        free(d->memo_tab);
        d->memo_tab = tab;
        d->memo_tab_cap = cap;
        mask = cap - 1;
        for (k = h & mask; tab[k] != NONE32; k = (k + 1) & mask)
            ;
    }
    if (GROW(d->memo, d->memo_cap, d->memo_len + rec) != GLEAN_OK)
        return oom(c->err);
    uint32_t *e = d->memo + d->memo_len;
    e[0] = h;
    e[1] = rule;
    e[2] = (uint32_t)len;
    memcpy(e + 3, key + 1, len * sizeof *key);
    e[3 + len] = *alt;
    for (size_t j = 0; j < ncaps; j++)
        e[4 + len + j] = caps[j] < 0 ? NONE32 : (uint32_t)(caps[j] - (int32_t)first);
    d->memo_tab[k] = (uint32_t)d->memo_len;
    d->memo_len += rec;
    d->nmemo++;
    d->used += rec * 4 + 8;
    return GLEAN_OK;
}
