/* glean_pattern_match.c — per-type test caches, and the two-pass linear matcher
 * described in glean_pattern.h: a forward state-set pass that finds the windows where
 * each rule is alive, then a backward pass per window that computes the longest match
 * from every start. */
#include "glean_pattern_internal.h"

#include <stdlib.h>
#include <string.h>

#define GROW(arr, cap, need) glean_grow((void **)&(arr), &(cap), (need), sizeof *(arr))

static int oom(glean_error *err)
{
    return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory matching rules");
}

int glean_rules_scratch_new(glean_rules_scratch **out)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return GLEAN_ENOMEM;
    glean_buf_init(&(*out)->key);
    return GLEAN_OK;
}

void glean_rules_scratch_free(glean_rules_scratch *s)
{
    if (!s)
        return;
    free(s->type_bits);
    free(s->type_ready);
    free(s->test_bits);
    free(s->set_bits);
    free(s->extern_val);
    free(s->present);
    glean_buf_free(&s->key);
    free(s->ent_at);
    free(s->ent_label);
    free(s->list_a);
    free(s->list_b);
    free(s->stack);
    free(s->pending);
    free(s->mark);
    free(s->win_start);
    free(s->win_last);
    free(s->win_hit);
    free(s->windows);
    free(s->rows);
    free(s->best);
    for (int k = 0; k < 2; k++) {
        free(s->pk_pc[k]);
        free(s->pk_slots[k]);
    }
    free(s->pk_snap);
    free(s->pk_stack);
    free(s->pk_mark);
    free(s);
}

void glean_rules_result_free(glean_rules_result *res)
{
    free(res->matches);
    free(res->caps);
    memset(res, 0, sizeof *res);
}

/* --- per-type bits ---------------------------------------------------------------- */

static void set_bit(uint64_t *w, size_t i) { w[i >> 6] |= 1ull << (i & 63); }
static int get_bit(const uint64_t *w, size_t i) { return (int)((w[i >> 6] >> (i & 63)) & 1); }

static int reset_cache(glean_rules_scratch *s, const glean_rules *r)
{
    free(s->type_bits);
    free(s->type_ready);
    s->type_bits = NULL;
    s->type_ready = NULL;
    s->types_cap = 0;
    s->atom_words = (r->natoms + 63) / 64;
    s->rule_words = (r->nrules + 63) / 64;
    free(s->test_bits);
    free(s->set_bits);
    s->test_bits = calloc((r->ntests + 63) / 64 + 1, sizeof *s->test_bits);
    s->set_bits = calloc((r->nsets + 63) / 64 + 1, sizeof *s->set_bits);
    free(s->extern_val);
    s->extern_val = malloc(r->nexterns + 1);
    free(s->present);
    s->present = calloc(s->atom_words + s->rule_words + 1, sizeof *s->present);
    if (!s->test_bits || !s->set_bits || !s->extern_val || !s->present)
        return GLEAN_ENOMEM;
    s->owner = r;
    s->version = r->version;
    return GLEAN_OK;
}

static int ensure_types(glean_rules_scratch *s, size_t ntypes)
{
    if (ntypes <= s->types_cap)
        return GLEAN_OK;
    size_t cap = s->types_cap ? s->types_cap : 1024;
    while (cap < ntypes)
        cap *= 2;
    size_t words = s->atom_words + s->rule_words;
    if (words && cap > SIZE_MAX / 8 / words)
        return GLEAN_ENOMEM;
    uint64_t *bits = realloc(s->type_bits, cap * words * sizeof *bits + 8);
    if (!bits)
        return GLEAN_ENOMEM;
    s->type_bits = bits;
    uint8_t *ready = realloc(s->type_ready, cap);
    if (!ready)
        return GLEAN_ENOMEM;
    memset(ready + s->types_cap, 0, cap - s->types_cap);
    s->type_ready = ready;
    s->types_cap = cap;
    return GLEAN_OK;
}

static int compute_type(match_ctx *c, uint32_t type, uint64_t *bits)
{
    const glean_rules *r = c->r;
    glean_rules_scratch *s = c->s;
    const glean_lexicon *lx = c->lx;
    const glean_lexeme *t = &lx->types[type];
    size_t tw = (r->ntests + 63) / 64;
    memset(s->test_bits, 0, (tw + 1) * sizeof *s->test_bits);
    memset(s->set_bits, 0, ((r->nsets + 63) / 64 + 1) * sizeof *s->set_bits);
    memset(s->extern_val, -1, r->nexterns + 1);
    static const int kinds[] = { GLEAN_TEST_NORM, GLEAN_TEST_TEXT, GLEAN_TEST_LOWER, GLEAN_TEST_SHAPE };
    for (size_t k = 0; k < 4; k++) {
        int kind = kinds[k];
        if (!(r->kinds_present & (1u << kind)))
            continue;
        uint32_t off = kind == GLEAN_TEST_NORM ? t->norm : kind == GLEAN_TEST_TEXT ? t->text :
                       kind == GLEAN_TEST_LOWER ? t->lower : t->shape;
        uint32_t len = kind == GLEAN_TEST_NORM ? t->norm_len : kind == GLEAN_TEST_TEXT ? t->text_len :
                       kind == GLEAN_TEST_LOWER ? t->lower_len : t->shape_len;
        s->key.len = 0;
        char kb = (char)('0' + kind);
        if (glean_buf_append(&s->key, &kb, 1) != GLEAN_OK ||
            glean_buf_append(&s->key, glean_lex_str(lx, off), len) != GLEAN_OK)
            return oom(c->err);
        uint32_t node;
        if (!glean_strset_get(&r->index, s->key.data, s->key.len,
                              glean_hash(s->key.data, s->key.len), &node))
            continue;
        for (; node != NONE32; node = r->postings[node + 1])
            set_bit(s->set_bits, r->postings[node]);
    }
    for (size_t i = 0; i < r->ntests; i++) {
        const glean_test *ts = &r->tests[i];
        int v;
        switch (ts->kind) {
        case GLEAN_TEST_FLAG: v = ((lx->flags[type] & ts->a) != 0) == (ts->b != 0); break;
        case GLEAN_TEST_LENGTH: v = t->length >= ts->a && t->length <= ts->b; break;
        case GLEAN_TEST_EXTERN:
            if (!c->fn)
                return glean_fail(c->err, GLEAN_EARG, 0, "a Lua pattern test needs a callback");
            if (s->extern_val[ts->a] < 0) {
                c->extern_calls++;
                v = c->fn(c->ud, ts->a, glean_lex_str(lx, t->text), t->text_len, c->err);
                if (v < 0)
                    return c->err->code ? c->err->code : GLEAN_EARG;
                s->extern_val[ts->a] = (int8_t)v;
            }
            v = s->extern_val[ts->a];
            break;
        case GLEAN_TEST_ENT: v = 1; break; /* per token: see match_atom */
        default: v = get_bit(s->set_bits, ts->set); break;
        }
        if (ts->kind != GLEAN_TEST_ENT && ts->neg)
            v = !v;
        if (v)
            set_bit(s->test_bits, i);
        else
            s->test_bits[i >> 6] &= ~(1ull << (i & 63));
    }
    memset(bits, 0, (s->atom_words + s->rule_words) * sizeof *bits);
    for (size_t i = 0; i < r->natoms; i++) {
        const atom *a = &r->atoms[i];
        int v = a->any_of ? 0 : 1;
        for (uint32_t k = 0; k < a->n; k++) {
            int tv = get_bit(s->test_bits, a->first + k);
            v = a->any_of ? (v || tv) : (v && tv);
        }
        if (a->n == 0)
            v = 1;
        if (!a->has_ent && a->neg)
            v = !v;
        if (v)
            set_bit(bits, i);
    }
    uint64_t *spawn = bits + s->atom_words;
    for (size_t ri = 0; ri < r->nrules; ri++) {
        const rule_info *ru = &r->rules[ri];
        int v = ru->always_spawn;
        for (uint32_t k = 0; !v && k < ru->nfirst; k++)
            v = get_bit(bits, r->first_atoms[ru->first_atoms + k]);
        if (v)
            set_bit(spawn, ri);
    }
    return GLEAN_OK;
}

const uint64_t *match_type_bits_slow(match_ctx *c, size_t i)
{
    uint32_t type = c->d->toks[i].type;
    glean_rules_scratch *s = c->s;
    uint64_t *bits = s->type_bits + (size_t)type * (s->atom_words + s->rule_words);
    if (!s->type_ready[type]) {
        if (compute_type(c, type, bits) != GLEAN_OK)
            return NULL;
        s->type_ready[type] = 1;
    }
    return bits;
}

int match_atom(match_ctx *c, uint32_t ai, size_t p)
{
    const uint64_t *bits = match_type_bits(c, p);
    if (!bits)
        return -1;
    int v = get_bit(bits, ai);
    const atom *a = &c->r->atoms[ai];
    if (!a->has_ent)
        return v;
    for (uint32_t k = 0; v && k < a->n; k++) {
        const glean_test *t = &c->r->tests[a->first + k];
        if (t->kind != GLEAN_TEST_ENT)
            continue;
        int32_t label = c->s->ent_label[p];
        int tv = label != -2 && (t->mask == 0 || (label >= 0 && ((t->mask >> label) & 1)));
        v = t->neg ? !tv : tv;
    }
    return a->neg ? !v : v;
}

int match_ent(match_ctx *c, uint32_t m, size_t p, size_t *end)
{
    if (p >= c->d->ntoks)
        return 0;
    int32_t e = c->s->ent_at[p];
    if (e < 0)
        return 0;
    uint64_t mask = c->r->ent_masks[m];
    int32_t label = c->ents[e].label;
    if (mask && (label < 0 || !((mask >> label) & 1)))
        return 0;
    *end = (size_t)c->ents[e].last + 1;
    return 1;
}

int match_bos(const glean_doc *d, size_t p)
{
    return p < d->ntoks && (p == 0 || d->toks[p].sent != d->toks[p - 1].sent);
}

int match_eos(const glean_doc *d, size_t p)
{
    return p > 0 && (p == d->ntoks || d->toks[p].sent != d->toks[p - 1].sent);
}

int match_prepare(match_ctx *c, const glean_rules *r, glean_rules_scratch *s,
                  const glean_doc *d, const glean_lexicon *lx, const glean_match_ent *ents,
                  size_t nents, glean_extern_fn fn, void *ud, glean_error *err)
{
    memset(c, 0, sizeof *c);
    c->r = r;
    c->s = s;
    c->d = d;
    c->lx = lx;
    c->ents = ents;
    c->nents = nents;
    c->fn = fn;
    c->ud = ud;
    c->err = err;
    if ((s->owner != r || s->version != r->version || s->lexicon != lx) &&
        reset_cache(s, r) != GLEAN_OK)
        return oom(err);
    s->lexicon = lx;
    if (ensure_types(s, lx->ntypes) != GLEAN_OK)
        return oom(err);
    size_t n = d->ntoks;
    if (GROW(s->ent_at, s->toks_cap, n + 1) != GLEAN_OK)
        return oom(err);
    int32_t *lab = realloc(s->ent_label, s->toks_cap * sizeof *lab);
    if (!lab)
        return oom(err);
    s->ent_label = lab;
    for (size_t i = 0; i < n; i++) {
        s->ent_at[i] = -1;
        s->ent_label[i] = -2;
    }
    for (size_t e = 0; e < nents; e++) {
        const glean_match_ent *en = &ents[e];
        if (en->last < en->first || en->last >= n)
            return glean_fail(err, GLEAN_EARG, e, "entity %zu is outside the document", e + 1);
        if (e > 0 && en->first <= ents[e - 1].last)
            return glean_fail(err, GLEAN_EARG, e, "entities %zu and %zu overlap or are out of "
                              "order (doc.ents must be sorted and non-overlapping)", e, e + 1);
        s->ent_at[en->first] = (int32_t)e;
        for (uint32_t t = en->first; t <= en->last; t++)
            s->ent_label[t] = en->label;
        if (en->last - en->first + 1 > c->max_ent_len)
            c->max_ent_len = en->last - en->first + 1;
    }
    /* state lists: each at most one entry per instruction; the closure stack holds at
       most two pushes per instruction */
    if (GROW(s->list_a, s->prog_cap, r->nprog + 1) != GLEAN_OK)
        return oom(err);
    uint32_t **arrs[4] = { &s->list_b, &s->pending, &s->mark, &s->stack };
    for (int k = 0; k < 4; k++) {
        size_t want = (k == 3 ? 2 : 1) * s->prog_cap + 2;
        uint32_t *a = realloc(*arrs[k], want * sizeof *a);
        if (!a)
            return oom(err);
        *arrs[k] = a;
    }
    memset(s->mark, 0, s->prog_cap * sizeof *s->mark);
    s->stamp = 0;
    if (GROW(s->win_start, s->rules_cap, r->nrules + 1) != GLEAN_OK)
        return oom(err);
    int64_t *wl = realloc(s->win_last, s->rules_cap * sizeof *wl);
    if (!wl)
        return oom(err);
    s->win_last = wl;
    uint8_t *wh = realloc(s->win_hit, s->rules_cap);
    if (!wh)
        return oom(err);
    s->win_hit = wh;
    return GLEAN_OK;
}

/* --- pass 1: forward state sets ------------------------------------------------------ */

typedef struct pass1 {
    match_ctx *c;
    uint32_t *cur;
    size_t ncur;
    uint64_t steps;
} pass1;

static int push_window(glean_rules_scratch *s, uint32_t rule, int64_t a, int64_t b)
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
        push_window(s, rule, s->win_start[rule], s->win_last[rule]) != GLEAN_OK)
        return GLEAN_ENOMEM;
    s->win_start[rule] = s->win_last[rule] = ip;
    s->win_hit[rule] = 0;
    return GLEAN_OK;
}

/* Adds pc and its epsilon closure at position p to the current set. */
static int closure(pass1 *q, uint32_t pc0, size_t p)
{
    match_ctx *c = q->c;
    glean_rules_scratch *s = c->s;
    const glean_rules *r = c->r;
    size_t sp = 0;
    s->stack[sp++] = pc0;
    while (sp) {
        uint32_t pc = s->stack[--sp];
        if (s->mark[pc] == s->stamp)
            continue;
        s->mark[pc] = s->stamp;
        q->steps++;
        const insn *in = &r->prog[pc];
        if (alive(s, in->rule, p) != GLEAN_OK)
            return oom(c->err);
        switch (in->op) {
        case OP_ATOM: case OP_ENT: q->cur[q->ncur++] = pc; break;
        case OP_MATCH: s->win_hit[in->rule] = 1; break;
        case OP_SPLIT: s->stack[sp++] = in->b; s->stack[sp++] = in->a; break;
        case OP_JMP: s->stack[sp++] = in->a; break;
        case OP_BOS: if (match_bos(c->d, p)) s->stack[sp++] = pc + 1; break;
        case OP_EOS: if (match_eos(c->d, p)) s->stack[sp++] = pc + 1; break;
        default: s->stack[sp++] = pc + 1; break;
        }
    }
    return GLEAN_OK;
}

/* 1 when rule ri's fixed opening atoms pass on the tokens from p: a rule whose first
 * items are plain tokens (`<title> <title> said`) then starts only where all of them
 * fit, not at every capitalised word. */
static int prefix_fits(match_ctx *c, const rule_info *ri, size_t p, const uint64_t *next)
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

static int run_pass1(match_ctx *c, long only_rule, uint64_t *steps)
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
                    fits = prefix_fits(c, ri, p, next);
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
            push_window(s, (uint32_t)i, s->win_start[i], s->win_last[i]) != GLEAN_OK)
            return oom(c->err);
    /* windows of one rule are in position order; rules interleave (the binding sorts
       the matches into text order) */
    *steps += q.steps;
    return GLEAN_OK;
}

/* --- pass 2: longest end from every start, backwards over one window ------------------ */

static int add_match(match_ctx *c, glean_rules_result *res, uint32_t rule, size_t first,
                     size_t end)
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
        int rc = pike_captures(c, rule, first, end, res->caps + res->ncaps, &m->alternative);
        if (rc != GLEAN_OK)
            return rc;
    }
    res->ncaps += 2 * ri->ncaps;
    return GLEAN_OK;
}

static int run_window(match_ctx *c, uint32_t rule, size_t a, size_t b, int all,
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
            case OP_BOS: v = match_bos(c->d, p) ? row[i + 1] : -1; break;
            case OP_EOS: v = match_eos(c->d, p) ? row[i + 1] : -1; break;
            case OP_MATCH: v = (int32_t)p; break;
            default: v = row[i + 1]; break;
            }
            row[i] = v;
        }
        s->best[p - a] = row[0];
    }
    res->steps += (uint64_t)(b - a + 1) * m;
    size_t next_free = a;
    for (size_t p = a; p <= b; p++) {
        int32_t e = s->best[p - a];
        if (e <= (int32_t)p || (!all && p < next_free))
            continue;
        int rc = add_match(c, res, rule, p, (size_t)e);
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
    if ((rc = run_pass1(&c, only_rule, &res->steps)) != GLEAN_OK)
        return rc;
    for (size_t w = 0; w < s->nwindows && rc == GLEAN_OK; w++) {
        const uint32_t *win = s->windows + 3 * w;
        rc = run_window(&c, win[0], win[1], win[2], all, res);
    }
    res->extern_calls = c.extern_calls;
    return rc;
}
