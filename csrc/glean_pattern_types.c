/* glean_pattern_types.c — the matcher's state around the two passes: the scratch, the
 * per-type test caches (every test of every atom is computed once per token type and
 * kept as bits) and match_prepare, which sizes the per-document arrays. */
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
    dfa_free(s->dfa);
    free(s);
}

void glean_rules_result_free(glean_rules_result *res)
{
    free(res->matches);
    free(res->caps);
    free(res->sort_buf);
    memset(res, 0, sizeof *res);
}

/* --- per-type bits ---------------------------------------------------------------- */

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
    return match_atom_bits(c->r, bits, ai, c->s->ent_label[p]);
}

int match_ent(match_ctx *c, uint32_t m, size_t p, size_t *end)
{
    if (p >= c->d->ntoks)
        return 0;
    int32_t e = c->s->ent_at[p];
    if (e < 0)
        return 0;
    if (!match_label_in(c->r->ent_masks[m], c->ents[e].label))
        return 0;
    *end = (size_t)c->ents[e].last + 1;
    return 1;
}

int match_bos(const glean_doc *d, size_t p, uint32_t line)
{
    if (p >= d->ntoks)
        return 0;
    if (p == 0)
        return 1;
    return line ? match_line_break(d, p) : d->toks[p].sent != d->toks[p - 1].sent;
}

int match_eos(const glean_doc *d, size_t p, uint32_t line)
{
    if (p == 0 || p > d->ntoks)
        return 0;
    if (p == d->ntoks)
        return 1;
    return line ? match_line_break(d, p) : d->toks[p].sent != d->toks[p - 1].sent;
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
    /* the per-token entity arrays are read only by rules that look at entities */
    int fill = glean_rules_uses_ents(r);
    for (size_t i = 0; fill && i < n; i++) {
        s->ent_at[i] = -1;
        s->ent_label[i] = -2;
    }
    for (size_t e = 0; e < nents; e++) {
        const glean_match_ent *en = &ents[e];
        if (en->last < en->first || en->last >= n)
            return glean_fail(err, GLEAN_EARG, e, "entity %zu is outside the document", e + 1);
        if (en->label < -1 || en->label >= GLEAN_RULES_MAX_LABELS)
            return glean_fail(err, GLEAN_EARG, e, "entity %zu has label %d (not -1 or a label "
                              "bit below %d)", e + 1, (int)en->label, GLEAN_RULES_MAX_LABELS);
        if (e > 0 && en->first <= ents[e - 1].last)
            return glean_fail(err, GLEAN_EARG, e, "entities %zu and %zu overlap or are out of "
                              "order (doc.ents must be sorted and non-overlapping)", e, e + 1);
        if (fill) {
            s->ent_at[en->first] = (int32_t)e;
            for (uint32_t t = en->first; t <= en->last; t++)
                s->ent_label[t] = en->label;
        }
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
    if (s->prog_cap != s->mark_cap) { /* new marks: clear them (the NFA pass 1 stamps them) */
        memset(s->mark, 0, s->prog_cap * sizeof *s->mark);
        s->mark_cap = s->prog_cap;
        s->stamp = 0;
    }
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
