/* glean_pattern_match.c — the two-pass linear matcher described in glean_pattern.h: a
 * forward state-set pass that finds the windows where each rule is alive, then a
 * backward pass per window that computes the longest match from every start. Both
 * passes normally run on the DFA cache (glean_pattern_scan.c); the state-set pass here
 * is the reference it is tested against and the fallback (forced, one rule alone, a
 * cache that thrashes), and the backward pass takes over windows where anchored DFA runs
 * would cost more. The per-type caches it reads are in glean_pattern_types.c. */
#include "glean_pattern_dfa.h"
#include "glean_sort.h"

#include <stdlib.h>
#include <string.h>

#define GROW(arr, cap, need) glean_grow((void **)&(arr), &(cap), (need), sizeof *(arr))

static int oom(glean_error *err)
{
    return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory matching rules");
}

/* --- pass 1: forward state sets ------------------------------------------------------ */

typedef struct pass1 {
    match_ctx *c;
    uint32_t *cur;
    size_t ncur;
    uint64_t steps;
} pass1;

int match_push_window(glean_rules_scratch *s, uint32_t rule, size_t a, size_t b)
{
    if (GROW(s->windows, s->windows_cap, 3 * (s->nwindows + 1)) != GLEAN_OK)
        return GLEAN_ENOMEM;
    s->windows[3 * s->nwindows] = rule;
    s->windows[3 * s->nwindows + 1] = (uint32_t)a;
    s->windows[3 * s->nwindows + 2] = (uint32_t)b;
    s->nwindows++;
    return GLEAN_OK;
}

static int alive(glean_rules_scratch *s, uint32_t rule, size_t p)
{
    int64_t ip = (int64_t)p;
    if (s->win_start[rule] >= 0 && s->win_last[rule] >= ip - 1) {
        if (s->win_last[rule] < ip)
            s->win_last[rule] = ip;
        return GLEAN_OK;
    }
    /* a window that never reached MATCH has no match: pass 2 skips it */
    if (s->win_start[rule] >= 0 && s->win_hit[rule] &&
        match_push_window(s, rule, (size_t)s->win_start[rule], (size_t)s->win_last[rule]) != GLEAN_OK)
        return GLEAN_ENOMEM;
    s->win_start[rule] = s->win_last[rule] = ip;
    s->win_hit[rule] = 0;
    return GLEAN_OK;
}

/* Adds pc and its epsilon closure at position p to the current set. A closure stays
 * inside pc0's rule (rules are separate programs), so the rule's window is extended
 * once, not at every instruction visited (alive is idempotent at one position). */
static int closure(pass1 *q, uint32_t pc0, size_t p)
{
    match_ctx *c = q->c;
    glean_rules_scratch *s = c->s;
    const glean_rules *r = c->r;
    if (s->mark[pc0] == s->stamp)
        return GLEAN_OK;
    if (alive(s, r->prog[pc0].rule, p) != GLEAN_OK)
        return oom(c->err);
    size_t sp = 0;
    uint64_t steps = 0;
    const uint32_t stamp = s->stamp;
    uint32_t *mark = s->mark, *stack = s->stack;
    stack[sp++] = pc0;
    while (sp) {
        uint32_t pc = stack[--sp];
        if (mark[pc] == stamp)
            continue;
        mark[pc] = stamp;
        steps++;
        const insn *in = &r->prog[pc];
        switch (in->op) {
        case OP_ATOM: case OP_ENT: q->cur[q->ncur++] = pc; break;
        case OP_MATCH: s->win_hit[in->rule] = 1; break;
        case OP_SPLIT: stack[sp++] = in->b; stack[sp++] = in->a; break;
        case OP_JMP: stack[sp++] = in->a; break;
        case OP_BOS: if (match_bos(c->d, p, in->a)) stack[sp++] = pc + 1; break;
        case OP_EOS: if (match_eos(c->d, p, in->a)) stack[sp++] = pc + 1; break;
        default: stack[sp++] = pc + 1; break;
        }
    }
    q->steps += steps;
    return GLEAN_OK;
}

/* 1 when rule ri's fixed opening atoms pass on the tokens from p: a rule whose first
 * items are plain tokens (`<title> <title> said`) then starts only where all of them
 * fit, not at every capitalised word. */
int match_prefix_fits(match_ctx *c, const rule_info *ri, size_t p, const uint64_t *next)
{
    size_t n = c->d->ntoks;
    if (p + 1 >= n)
        return 0;
    if (!next)
        return -1;
    if (!ri->second_any) { /* one opening atom: some second atom must fit token p + 1 */
        const uint64_t *bits = next;
        for (uint32_t k = 0; k < ri->nsecond; k++)
            if (get_bit(bits, c->r->first_atoms[ri->second_atoms + k]))
                return 1;
        return 0;
    }
    for (uint32_t k = 1; k < ri->nprefix; k++) {
        if (p + k >= n)
            return 0;
        const uint64_t *bits = k == 1 ? next : match_type_bits(c, p + k);
        if (!bits)
            return -1;
        if (!get_bit(bits, ri->prefix[k]))
            return 0;
    }
    return 1;
}

/* The rules that can match this document (s->present + atom_words): those whose required
 * atoms (rule_info.required) each pass some token. One OR of per-type bits per token. */
static const uint64_t *active_rules(match_ctx *c)
{
    const glean_rules *r = c->r;
    glean_rules_scratch *s = c->s;
    uint64_t *present = s->present, *active = s->present + s->atom_words;
    memset(present, 0, s->atom_words * sizeof *present);
    for (size_t p = 0; p < c->d->ntoks; p++) {
        const uint64_t *bits = match_type_bits(c, p);
        if (!bits)
            return NULL;
        for (size_t w = 0; w < s->atom_words; w++)
            present[w] |= bits[w];
    }
    memset(active, 0, s->rule_words * sizeof *active);
    for (size_t i = 0; i < r->nrules; i++) {
        const rule_info *ri = &r->rules[i];
        int on = 1;
        for (uint8_t k = 0; on && k < ri->nrequired; k++)
            on = get_bit(present, ri->required[k]);
        if (on)
            set_bit(active, i);
    }
    return active;
}

/* The reference pass 1: a Thompson simulation, spawning each active rule where its
 * opening atoms fit. Runs when forced, for one rule alone, and when the DFA gives up. */
static int nfa_pass1(match_ctx *c, long only_rule, uint64_t *steps)
{
    const glean_rules *r = c->r;
    glean_rules_scratch *s = c->s;
    size_t n = c->d->ntoks;
    const uint64_t *active = active_rules(c);
    if (!active)
        return c->err->code;
    for (size_t i = 0; i < r->nrules; i++) {
        s->win_start[i] = s->win_last[i] = -1;
        s->win_hit[i] = 0;
    }
    s->nwindows = 0;
    pass1 q = { c, s->list_a, 0, 0 };
    uint32_t *seeds = s->list_b;
    size_t nseeds = 0, npend = 0, pend_pos = 0;
    for (size_t p = 0; p <= n; p++) {
        if (++s->stamp == 0) { /* wrapped: clear the marks */
            memset(s->mark, 0, s->prog_cap * sizeof *s->mark);
            s->stamp = 1;
        }
        q.ncur = 0;
        int rc;
        if (npend && pend_pos == p) {
            for (size_t k = 0; k < npend; k++)
                if ((rc = closure(&q, s->pending[k], p)) != GLEAN_OK)
                    return rc;
            npend = 0;
        }
        for (size_t k = 0; k < nseeds; k++)
            if ((rc = closure(&q, seeds[k], p)) != GLEAN_OK)
                return rc;
        nseeds = 0;
        if (p == n)
            break;
        if (p + 16 < n) /* per-type bits are random reads: ask for them early */
            __builtin_prefetch(s->type_bits + (size_t)c->d->toks[p + 16].type *
                               (s->atom_words + s->rule_words));
        const uint64_t *bits = match_type_bits(c, p);
        if (!bits)
            return c->err->code;
        const uint64_t *spawn = bits + s->atom_words;
        const uint64_t *next = NULL;   /* token p + 1's bits, looked up once if needed */
        int have_next = 0;
        size_t w0 = only_rule >= 0 ? (size_t)only_rule / 64 : 0;
        size_t w1 = only_rule >= 0 ? w0 + 1 : s->rule_words;
        for (size_t w = w0; w < w1; w++) {
            uint64_t m = spawn[w] & active[w];
            if (only_rule >= 0)
                m &= 1ull << (only_rule & 63);
            for (; m; m &= m - 1) {
                const rule_info *ri = &r->rules[w * 64 + (size_t)__builtin_ctzll(m)];
                int fits = 1;
                if (ri->nprefix > 1 || !ri->second_any) {
                    if (!have_next && p + 1 < n) {
                        next = match_type_bits(c, p + 1);
                        have_next = 1;
                    }
                    fits = match_prefix_fits(c, ri, p, next);
                }
                if (fits < 0)
                    return c->err->code;
                if (fits && (rc = closure(&q, ri->pc_first, p)) != GLEAN_OK)
                    return rc;
            }
        }
        if (c->nents && s->ent_at[p] >= 0) /* rules that open with a whole entity */
            for (size_t i = 0; i < r->nrules; i++)
                if (r->rules[i].ent_spawn && get_bit(active, i) &&
                    (only_rule < 0 || (size_t)only_rule == i) &&
                    (rc = closure(&q, r->rules[i].pc_first, p)) != GLEAN_OK)
                    return rc;
        /* step over token p; seeds for p + 1 go to the other list */
        for (size_t k = 0; k < q.ncur; k++) {
            uint32_t pc = q.cur[k];
            const insn *in = &r->prog[pc];
            q.steps++;
            if (in->op == OP_ATOM) {
                int v = r->atoms[in->a].has_ent ? match_atom(c, in->a, p) : get_bit(bits, in->a);
                if (v < 0)
                    return c->err->code;
                if (v)
                    seeds[nseeds++] = pc + 1;
            } else {
                size_t end;
                if (match_ent(c, in->a, p, &end)) {
                    s->pending[npend++] = pc + 1;
                    pend_pos = end;
                    if (s->win_last[in->rule] < (int64_t)end - 1)
                        s->win_last[in->rule] = (int64_t)end - 1;
                }
            }
        }
    }
    for (size_t i = 0; i < r->nrules; i++)
        if (s->win_start[i] >= 0 && s->win_hit[i] &&
            match_push_window(s, (uint32_t)i, (size_t)s->win_start[i], (size_t)s->win_last[i]) != GLEAN_OK)
            return oom(c->err);
    /* windows of one rule are in position order; rules interleave (the binding sorts
       the matches into text order) */
    *steps += q.steps;
    return GLEAN_OK;
}

/* Pass 1 on the DFA when it can (*dfa = 1), else on the NFA. */
static int run_pass1(match_ctx *c, long only_rule, uint64_t *steps, int *dfa)
{
    *dfa = 0;
    if (only_rule < 0 && !c->s->pass1_nfa) {
        int rc = dfa_pass1(c, steps);
        *dfa = rc == GLEAN_OK;
        if (rc != DFA_GAVE_UP)
            return rc;
    }
    c->s->nfa_runs++;
    return nfa_pass1(c, only_rule, steps);
}

/* --- pass 2: longest end from every start, backwards over one window ------------------ */

int match_add(match_ctx *c, glean_rules_result *res, uint32_t rule, size_t first, size_t end)
{
    const rule_info *ri = &c->r->rules[rule];
    if (GROW(res->matches, res->cap, res->n + 1) != GLEAN_OK ||
        GROW(res->caps, res->caps_cap, res->ncaps + 2 * ri->ncaps + 1) != GLEAN_OK)
        return oom(c->err);
    glean_rule_match *m = &res->matches[res->n++];
    m->rule = rule;
    m->first = (uint32_t)first;
    m->end = (uint32_t)end;
    m->alternative = 1;
    m->caps = (uint32_t)res->ncaps;
    if (ri->whole_cap) {
        res->caps[res->ncaps] = (int32_t)first;
        res->caps[res->ncaps + 1] = (int32_t)end;
    } else if (ri->ncaps || ri->nalts > 1) {
        int rc = c->on_dfa ? dfa_captures(c, rule, first, end, res->caps + res->ncaps, &m->alternative)
                           : pike_captures(c, rule, first, end, res->caps + res->ncaps, &m->alternative);
        if (rc != GLEAN_OK)
            return rc;
    }
    res->ncaps += 2 * ri->ncaps;
    return GLEAN_OK;
}

int match_window_dp(match_ctx *c, uint32_t rule, size_t a, size_t b, int all,
                    glean_rules_result *res)
{
    const glean_rules *r = c->r;
    glean_rules_scratch *s = c->s;
    const rule_info *ri = &r->rules[rule];
    size_t m = ri->pc_end - ri->pc_first, n = c->d->ntoks;
    size_t K = ri->has_ent ? (size_t)c->max_ent_len + 1 : 2;
    if (K < 2)
        K = 2;
    if (K > SIZE_MAX / sizeof(int32_t) / m)
        return oom(c->err);
    if (GROW(s->rows, s->rows_cap, K * m) != GLEAN_OK ||
        GROW(s->best, s->best_cap, b - a + 2) != GLEAN_OK)
        return oom(c->err);
    int32_t *after = s->rows + ((b + 1) % K) * m;
    for (size_t i = 0; i < m; i++)
        after[i] = -1;
    const uint32_t *order = r->order + ri->pc_first;
    const insn *prog = r->prog + ri->pc_first;
    uint32_t base = ri->pc_first;
    for (size_t p = b + 1; p-- > a;) {
        int32_t *row = s->rows + (p % K) * m;
        const int32_t *next = s->rows + ((p + 1) % K) * m;
        const uint64_t *bits = p < n ? match_type_bits(c, p) : NULL;
        if (p < n && !bits)
            return c->err->code;
        for (size_t k = 0; k < m; k++) {
            uint32_t i = order[k] - base;
            const insn *in = &prog[i];
            int32_t v = -1;
            switch (in->op) {
            case OP_ATOM:
                if (p < n) {
                    int ok = r->atoms[in->a].has_ent ? match_atom(c, in->a, p) : get_bit(bits, in->a);
                    if (ok < 0)
                        return c->err->code;
                    if (ok)
                        v = next[i + 1];
                }
                break;
            case OP_ENT: {
                size_t end;
                if (match_ent(c, in->a, p, &end) && end <= b + 1)
                    v = s->rows[(end % K) * m + i + 1];
                break;
            }
            case OP_SPLIT: {
                int32_t x = row[in->a - base], y = row[in->b - base];
                v = x > y ? x : y;
                break;
            }
            case OP_JMP: v = row[in->a - base]; break;
            case OP_BOS: v = match_bos(c->d, p, in->a) ? row[i + 1] : -1; break;
            case OP_EOS: v = match_eos(c->d, p, in->a) ? row[i + 1] : -1; break;
            case OP_MATCH: v = (int32_t)p; break;
            default: v = row[i + 1]; break;
            }
            row[i] = v;
        }
        s->best[p - a] = row[0];
    }
    res->steps += (uint64_t)(b - a + 1) * m;
    s->p2_windows++;
    s->p2_positions += b - a + 1;
    s->p2_steps += (uint64_t)(b - a + 1) * m;
    size_t next_free = a;
    for (size_t p = a; p <= b; p++) {
        int32_t e = s->best[p - a];
        if (e <= (int32_t)p || (!all && p < next_free))
            continue;
        int rc = match_add(c, res, rule, p, (size_t)e);
        if (rc != GLEAN_OK)
            return rc;
        next_free = (size_t)e;
    }
    return GLEAN_OK;
}

int glean_rules_match(const glean_rules *r, glean_rules_scratch *s, const glean_doc *d,
                      const glean_lexicon *lx, const glean_match_ent *ents, size_t nents,
                      int all, long only_rule, glean_extern_fn fn, void *ud,
                      glean_rules_result *res, glean_error *err)
{
    res->n = 0;
    res->ncaps = 0;
    res->steps = 0;
    res->extern_calls = 0;
    if (only_rule >= (long)r->nrules)
        return glean_fail(err, GLEAN_EARG, 0, "no rule %ld", only_rule + 1);
    if (r->nrules == 0 || d->ntoks == 0)
        return GLEAN_OK;
    match_ctx c;
    int rc = match_prepare(&c, r, s, d, lx, ents, nents, fn, ud, err);
    if (rc != GLEAN_OK)
        return rc;
    if ((rc = run_pass1(&c, only_rule, &res->steps, &c.on_dfa)) != GLEAN_OK)
        return rc;
    for (size_t w = 0; w < s->nwindows && rc == GLEAN_OK; w++) {
        const uint32_t *win = s->windows + 3 * w;
        rc = c.on_dfa ? dfa_window(&c, win[0], win[1], win[2], all, res)
                      : match_window_dp(&c, win[0], win[1], win[2], all, res);
    }
    res->extern_calls = c.extern_calls;
    return rc;
}

/* Text order: start, then the longer match, then the rule added first. */
static int cmp_match(const void *x, const void *y)
{
    const glean_rule_match *a = x, *b = y;
    if (a->first != b->first)
        return a->first < b->first ? -1 : 1;
    if (a->end != b->end)
        return a->end > b->end ? -1 : 1;
    return (a->rule > b->rule) - (a->rule < b->rule);
}

void glean_rules_result_sort(glean_rules_result *res)
{
    if (res->n <= 1)
        return;
    if (glean_grow((void **)&res->sort_buf, &res->sort_buf_cap, res->n, sizeof *res->sort_buf))
        qsort(res->matches, res->n, sizeof *res->matches, cmp_match); /* no memory: glibc's */
    else
        glean_sort_stable(res->matches, res->sort_buf, res->n, sizeof *res->matches, cmp_match);
}
