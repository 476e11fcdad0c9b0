/* glean_pattern_pike.c — a Pike VM anchored at one start: threads carry slots (captures,
 * the top-level alternative and, for explain, the tokens each element consumed) and run
 * in priority order, so the first alternative and greedy repeats win ties. Used for the
 * captures of matches already found and for glean_rules_explain. */
#include "glean_pattern_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GROW(arr, cap, need) glean_grow((void **)&(arr), &(cap), (need), sizeof *(arr))

typedef struct pike {
    match_ctx *c;
    const rule_info *ri;
    size_t nslots, elem_base;   /* elem_base: first element slot, 0 when not tracked */
    size_t alt_slot;
    uint32_t stamp;
    /* results */
    int matched;
    size_t match_end;
    int32_t *match_slots;
    int failed;                 /* threads were alive at fail_pos and all died there */
    size_t fail_pos;
    uint32_t fail_pc;
    int32_t *fail_slots;
} pike;

static int oom(match_ctx *c)
{
    return glean_fail(c->err, GLEAN_ENOMEM, 0, "out of memory matching rules");
}

static int32_t *snap(glean_rules_scratch *s, size_t k, size_t nslots)
{
    return s->pk_snap + k * nslots;
}

/* Copies slots into a new snapshot. `from` may point into the snapshot arena itself,
 * which growing moves: it is re-derived from its offset after the realloc. */
static int new_snap(pike *k, const int32_t *from, size_t *index)
{
    glean_rules_scratch *s = k->c->s;
    int inside = s->pk_snap && from >= s->pk_snap && from < s->pk_snap + s->pk_snap_cap;
    size_t off = inside ? (size_t)(from - s->pk_snap) : 0;
    if (GROW(s->pk_snap, s->pk_snap_cap, (s->pk_nsnap + 1) * k->nslots + 1) != GLEAN_OK)
        return oom(k->c);
    if (inside)
        from = s->pk_snap + off;
    *index = s->pk_nsnap++;
    memcpy(snap(s, *index, k->nslots), from, k->nslots * sizeof *from);
    return GLEAN_OK;
}

/* Adds pc's closure at position p to list `li`, in priority order (explicit stack). */
static int add_thread(pike *k, int li, uint32_t pc0, const int32_t *slots, size_t p)
{
    match_ctx *c = k->c;
    glean_rules_scratch *s = c->s;
    const glean_rules *r = c->r;
    size_t sp = 0, si;
    s->pk_nsnap = 0;
    if (new_snap(k, slots, &si) != GLEAN_OK)
        return oom(c);
    s->pk_stack[sp++] = pc0;
    s->pk_stack[sp++] = (uint32_t)si;
    while (sp) {
        uint32_t sn = s->pk_stack[--sp], pc = s->pk_stack[--sp];
        if (s->pk_mark[pc - k->ri->pc_first] == k->stamp)
            continue;
        s->pk_mark[pc - k->ri->pc_first] = k->stamp;
        const insn *in = &r->prog[pc];
        size_t ns;
        switch (in->op) {
        case OP_ATOM: case OP_ENT: case OP_MATCH: {
            size_t n = s->pk_n[li]++;
            s->pk_pc[li][n] = pc;
            memcpy(s->pk_slots[li] + n * k->nslots, snap(s, sn, k->nslots), k->nslots * sizeof(int32_t));
            continue;
        }
        case OP_SPLIT:
            s->pk_stack[sp++] = in->b; s->pk_stack[sp++] = sn;
            s->pk_stack[sp++] = in->a; s->pk_stack[sp++] = sn;
            continue;
        case OP_JMP: s->pk_stack[sp++] = in->a; s->pk_stack[sp++] = sn; continue;
        case OP_BOS: case OP_EOS:
            if (in->op == OP_BOS ? match_bos(c->d, p, in->a) : match_eos(c->d, p, in->a)) {
                s->pk_stack[sp++] = pc + 1;
                s->pk_stack[sp++] = sn;
            }
            continue;
        default: /* SAVE, ALT: a new snapshot with one slot changed */
            if (new_snap(k, snap(s, sn, k->nslots), &ns) != GLEAN_OK)
                return oom(c);
            snap(s, ns, k->nslots)[in->op == OP_SAVE ? in->a : k->alt_slot] =
                in->op == OP_SAVE ? (int32_t)p : (int32_t)in->a;
            s->pk_stack[sp++] = pc + 1;
            s->pk_stack[sp++] = (uint32_t)ns;
            continue;
        }
    }
    return GLEAN_OK;
}

static int prepare(pike *k)
{
    glean_rules_scratch *s = k->c->s;
    size_t m = k->ri->pc_end - k->ri->pc_first;
    size_t need = (m + 1) * k->nslots + 1;
    if (need > s->pk_slots_cap) {
        for (int i = 0; i < 2; i++) {
            int32_t *a = realloc(s->pk_slots[i], need * sizeof *a);
            if (!a)
                return oom(k->c);
            s->pk_slots[i] = a;
        }
        s->pk_slots_cap = need;
    }
    if (m + 1 > s->pk_cap) {
        for (int i = 0; i < 2; i++) {
            uint32_t *a = realloc(s->pk_pc[i], (m + 1) * sizeof *a);
            if (!a)
                return oom(k->c);
            s->pk_pc[i] = a;
        }
        uint32_t *st = realloc(s->pk_stack, 8 * (m + 1) * sizeof *st);
        uint32_t *mk = st ? realloc(s->pk_mark, (m + 1) * sizeof *mk) : NULL;
        if (st)
            s->pk_stack = st;
        if (!st || !mk)
            return oom(k->c);
        s->pk_mark = mk;
        s->pk_cap = m + 1;
    }
    memset(s->pk_mark, 0, (m + 1) * sizeof *s->pk_mark);
    k->stamp = 0;
    return GLEAN_OK;
}

/* Runs from `start`; stops at want_end when >= 0 (captures), else until all threads
 * die (explain). Pending entity threads rejoin at the entity's end. */
static int run(pike *k, size_t start, long want_end, int32_t *pending_slots)
{
    match_ctx *c = k->c;
    glean_rules_scratch *s = c->s;
    size_t n = c->d->ntoks, m = k->ri->pc_end - k->ri->pc_first;
    int rc = prepare(k);
    if (rc != GLEAN_OK)
        return rc;
    int32_t *init = pending_slots + m * k->nslots; /* one spare row after the pending rows */
    for (size_t i = 0; i < k->nslots; i++)
        init[i] = -1;
    init[k->alt_slot] = 1;
    uint32_t *pend_pc = s->pending;  /* free while pass 1 is not running */
    size_t npend = 0, pend_pos = 0;
    int cur = 0;
    s->pk_n[0] = s->pk_n[1] = 0;
    k->stamp++;
    if ((rc = add_thread(k, cur, k->ri->pc_first, init, start)) != GLEAN_OK)
        return rc;
    k->matched = k->failed = 0;
    for (size_t p = start;; p++) {
        int nx = !cur;
        s->pk_n[nx] = 0;
        k->stamp++;
        for (size_t t = 0; t < s->pk_n[cur]; t++) {
            uint32_t pc = s->pk_pc[cur][t];
            int32_t *sl = s->pk_slots[cur] + t * k->nslots;
            const insn *in = &c->r->prog[pc];
            if (in->op == OP_MATCH) {
                /* the first thread (highest priority) to match at a position wins it */
                if (want_end >= 0 && (long)p != want_end)
                    continue;
                if (want_end < 0 && k->matched && p <= k->match_end)
                    continue;
                k->matched = 1;
                k->match_end = p;
                memcpy(k->match_slots, sl, k->nslots * sizeof *sl);
                if (want_end >= 0)
                    return GLEAN_OK;
                continue;
            }
            size_t end = p + 1;
            int ok;
            if (in->op == OP_ATOM)
                ok = p < n ? match_atom(c, in->a, p) : 0;
            else
                ok = match_ent(c, in->a, p, &end);
            if (ok < 0)
                return c->err->code;
            if (!ok)
                continue;
            if (k->elem_base && in->elem != NONE32) {
                size_t e = k->elem_base + 2 * in->elem;
                if (sl[e] < 0)
                    sl[e] = (int32_t)p;
                sl[e + 1] = (int32_t)end;
            }
            if (in->op == OP_ENT) {
                pend_pc[npend] = pc + 1;
                memcpy(pending_slots + npend * k->nslots, sl, k->nslots * sizeof *sl);
                npend++;
                pend_pos = end;
            } else if ((rc = add_thread(k, nx, pc + 1, sl, p + 1)) != GLEAN_OK) {
                return rc;
            }
        }
        if (npend && pend_pos == p + 1) {
            for (size_t q = 0; q < npend; q++)
                if ((rc = add_thread(k, nx, pend_pc[q], pending_slots + q * k->nslots, p + 1)) != GLEAN_OK)
                    return rc;
            npend = 0;
        }
        if (s->pk_n[nx] == 0 && !npend) {
            /* every thread died on token p: report the one that got furthest through
               the pattern (the highest element), the first in priority among equals */
            long best_elem = -2;
            for (size_t t = 0; t < s->pk_n[cur]; t++) {
                const insn *in = &c->r->prog[s->pk_pc[cur][t]];
                long e = in->elem == NONE32 ? -1 : (long)in->elem;
                if (in->op == OP_MATCH || e <= best_elem)
                    continue;
                best_elem = e;
                k->failed = 1;
                k->fail_pos = p;
                k->fail_pc = s->pk_pc[cur][t];
                memcpy(k->fail_slots, s->pk_slots[cur] + t * k->nslots, k->nslots * sizeof(int32_t));
            }
            return GLEAN_OK;
        }
        cur = nx;
        if (want_end >= 0 && (long)p >= want_end)
            return GLEAN_OK;
    }
}

int pike_captures(match_ctx *c, size_t rule, size_t start, size_t end, int32_t *caps,
                  uint32_t *alt)
{
    const rule_info *ri = &c->r->rules[rule];
    pike k;
    memset(&k, 0, sizeof k);
    k.c = c;
    k.ri = ri;
    k.alt_slot = 2 * ri->ncaps;
    k.nslots = k.alt_slot + 1;
    size_t m = ri->pc_end - ri->pc_first;
    int32_t *buf = malloc((m + 4) * k.nslots * sizeof *buf);
    if (!buf)
        return oom(c);
    k.match_slots = buf;
    k.fail_slots = buf + k.nslots;
    int rc = run(&k, start, (long)end, buf + 2 * k.nslots);
    if (rc == GLEAN_OK) {
        if (!k.matched)
            rc = glean_fail(c->err, GLEAN_EARG, start, "internal error: no path for a match of rule %s",
                            glean_rules_name(c->r, rule));
        else {
            memcpy(caps, k.match_slots, 2 * ri->ncaps * sizeof *caps);
            *alt = (uint32_t)k.match_slots[k.alt_slot];
        }
    }
    free(buf);
    return rc;
}

/* --- explain ------------------------------------------------------------------------ */

static const struct { uint32_t flag; const char *name; } FLAG_NAMES[] = {
    {GLEAN_IS_ALPHA, "is_alpha"}, {GLEAN_IS_DIGIT, "is_digit"}, {GLEAN_IS_PUNCT, "is_punct"},
    {GLEAN_IS_SPACE, "is_space"}, {GLEAN_IS_TITLE, "is_title"}, {GLEAN_IS_UPPER, "is_upper"},
    {GLEAN_IS_LOWER, "is_lower"}, {GLEAN_IS_QUOTE, "is_quote"}, {GLEAN_IS_BRACKET, "is_bracket"},
    {GLEAN_IS_CURRENCY, "is_currency"}, {GLEAN_IS_STOP, "is_stop"}, {GLEAN_LIKE_NUM, "like_num"},
    {GLEAN_LIKE_URL, "like_url"}, {GLEAN_LIKE_EMAIL, "like_email"},
};

static int put(glean_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#include <stdarg.h>
static int put(glean_buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return GLEAN_OK;
    return glean_buf_append(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Text for display on one line: control characters as spaces, cut at `max` bytes on a
 * code point boundary (with "..."). */
static int put_clean(glean_buf *b, const char *text, size_t len, size_t max)
{
    size_t cut = len;
    if (len > max) {
        cut = max;
        while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
            cut--;
    }
    int rc = GLEAN_OK;
    for (size_t i = 0; i < cut && rc == GLEAN_OK; i++) {
        unsigned char ch = (unsigned char)text[i];
        char o = ch < 0x20 || ch == 0x7f ? ' ' : (char)ch;
        rc = glean_buf_append(b, &o, 1);
    }
    if (rc == GLEAN_OK && cut < len)
        rc = glean_buf_append(b, "...", 3);
    return rc;
}

static int put_quoted(glean_buf *b, const char *text, size_t len, size_t max)
{
    int rc = glean_buf_append(b, "\"", 1);
    if (rc == GLEAN_OK)
        rc = put_clean(b, text, len, max);
    return rc == GLEAN_OK ? glean_buf_append(b, "\"", 1) : rc;
}

static int put_token(glean_buf *b, const match_ctx *c, size_t i)
{
    const glean_token *t = &c->d->toks[i];
    int rc = put(b, "token %zu ", i + 1);
    return rc == GLEAN_OK ? put_quoted(b, c->d->text + t->start, t->end - t->start, 40) : rc;
}

static int put_set(glean_buf *b, const glean_rules *r, const glean_test *t)
{
    int rc = put(b, t->b == 1 ? "" : "one of {");
    for (uint32_t k = 0; k < t->b && k < 8 && rc == GLEAN_OK; k++) {
        const str_ref *w = &r->set_words[t->a + k];
        if (k)
            rc = put(b, " ");
        if (rc == GLEAN_OK)
            rc = put_quoted(b, r->pool.data + w->off, w->len, 40);
    }
    if (rc == GLEAN_OK && t->b > 8)
        rc = put(b, " ... %u more", t->b - 8);
    return rc == GLEAN_OK && t->b != 1 ? put(b, "}") : rc;
}

/* Why token p fails test t (its actual value and what was expected). */
static int describe_test(glean_buf *b, match_ctx *c, const glean_test *t, size_t p)
{
    const glean_lexicon *lx = c->lx;
    const glean_lexeme *x = &lx->types[c->d->toks[p].type];
    const glean_rules *r = c->r;
    const char *not = t->neg ? "not " : "";
    switch (t->kind) {
    case GLEAN_TEST_NORM: case GLEAN_TEST_TEXT: case GLEAN_TEST_LOWER: case GLEAN_TEST_SHAPE: {
        static const char *names[] = { "norm", "text", "lower", "shape" };
        uint32_t off = t->kind == GLEAN_TEST_NORM ? x->norm : t->kind == GLEAN_TEST_TEXT ? x->text :
                       t->kind == GLEAN_TEST_LOWER ? x->lower : x->shape;
        uint32_t len = t->kind == GLEAN_TEST_NORM ? x->norm_len : t->kind == GLEAN_TEST_TEXT ? x->text_len :
                       t->kind == GLEAN_TEST_LOWER ? x->lower_len : x->shape_len;
        int rc = put(b, "%s=", names[t->kind]);
        if (rc == GLEAN_OK)
            rc = put_quoted(b, glean_lex_str(lx, off), len, 40);
        if (rc == GLEAN_OK)
            rc = put(b, ", expected %s", not);
        return rc == GLEAN_OK ? put_set(b, r, t) : rc;
    }
    case GLEAN_TEST_FLAG: {
        const char *name = "flag";
        for (size_t k = 0; k < sizeof FLAG_NAMES / sizeof *FLAG_NAMES; k++)
            if (FLAG_NAMES[k].flag == t->a)
                name = FLAG_NAMES[k].name;
        int v = (lx->flags[c->d->toks[p].type] & t->a) != 0;
        return put(b, "%s=%s", name, v ? "true" : "false");
    }
    case GLEAN_TEST_LENGTH:
        return put(b, "length=%u, expected %s%u-%u", x->length, not, t->a, t->b);
    case GLEAN_TEST_EXTERN: {
        size_t len;
        const char *src = glean_rules_extern_source(r, t->a, &len);
        int rc = put(b, "text ");
        if (rc == GLEAN_OK)
            rc = put_quoted(b, glean_lex_str(lx, x->text), x->text_len, 40);
        if (rc == GLEAN_OK)
            rc = put(b, " %s /", t->neg ? "matches" : "does not match");
        if (rc == GLEAN_OK)
            rc = put_clean(b, src, len, 200);
        return rc == GLEAN_OK ? put(b, "/") : rc;
    }
    default: {
        int32_t label = c->s->ent_label[p];
        if (label == -2)
            return put(b, "not inside an entity");
        if (label < 0)
            return put(b, "inside an entity with a label this test does not accept");
        const str_ref *l = &r->labels[label];
        return put(b, "inside a %.*s entity, which this test %s", (int)l->len,
                   r->pool.data + l->off, t->neg ? "excludes" : "does not accept");
    }
    }
}

/* The first test of the atom that token p fails (or the negation that catches it). */
static int describe_atom(glean_buf *b, match_ctx *c, uint32_t ai, size_t p)
{
    const atom *a = &c->r->atoms[ai];
    if (a->n == 0)
        return put(b, "no token left");
    if (a->any_of || a->neg) { /* every test counts: show the first one */
        int rc = a->neg && !a->any_of && a->n > 1 ? put(b, "all tests passed, and ! excludes that: ") : GLEAN_OK;
        return rc == GLEAN_OK ? describe_test(b, c, &c->r->tests[a->first], p) : rc;
    }
    for (uint32_t k = 0; k < a->n; k++) {
        glean_test one = c->r->tests[a->first + k];
        int v; /* this test alone, evaluated again for the report */
        const glean_lexicon *lx = c->lx;
        const glean_lexeme *x = &lx->types[c->d->toks[p].type];
        switch (one.kind) {
        case GLEAN_TEST_FLAG: v = ((lx->flags[c->d->toks[p].type] & one.a) != 0) == (one.b != 0); break;
        case GLEAN_TEST_LENGTH: v = x->length >= one.a && x->length <= one.b; break;
        case GLEAN_TEST_ENT: {
            int32_t label = c->s->ent_label[p];
            v = label != -2 && (one.mask == 0 || (label >= 0 && ((one.mask >> label) & 1)));
            break;
        }
        case GLEAN_TEST_EXTERN: {
            v = c->fn ? c->fn(c->ud, one.a, glean_lex_str(lx, x->text), x->text_len, c->err) : 0;
            if (v < 0)
                return c->err->code;
            break;
        }
        default: { /* string set: compare with each word */
            uint32_t off = one.kind == GLEAN_TEST_NORM ? x->norm : one.kind == GLEAN_TEST_TEXT ? x->text :
                           one.kind == GLEAN_TEST_LOWER ? x->lower : x->shape;
            uint32_t len = one.kind == GLEAN_TEST_NORM ? x->norm_len : one.kind == GLEAN_TEST_TEXT ? x->text_len :
                           one.kind == GLEAN_TEST_LOWER ? x->lower_len : x->shape_len;
            v = 0;
            for (uint32_t w = 0; w < one.b && !v; w++) {
                const str_ref *sw = &c->r->set_words[one.a + w];
                v = sw->len == len && memcmp(c->r->pool.data + sw->off, glean_lex_str(lx, off), len) == 0;
            }
            break;
        }
        }
        if (one.neg)
            v = !v;
        if (!v)
            return describe_test(b, c, &one, p);
    }
    return put(b, "failed");
}

static int describe_failure(glean_buf *b, match_ctx *c, uint32_t pc, size_t p)
{
    const insn *in = &c->r->prog[pc];
    if (p >= c->d->ntoks)
        return put(b, "reached the end of the document");
    int rc = put_token(b, c, p);
    if (rc == GLEAN_OK)
        rc = put(b, ": ");
    if (rc != GLEAN_OK)
        return rc;
    if (in->op == OP_ATOM)
        return describe_atom(b, c, in->a, p);
    int32_t e = c->s->ent_at[p];
    if (e < 0)
        return put(b, "no entity starts here");
    int32_t label = c->ents[e].label;
    if (label < 0)
        return put(b, "the entity here has another label");
    const str_ref *l = &c->r->labels[label];
    return put(b, "the entity here is %.*s", (int)l->len, c->r->pool.data + l->off);
}

static int put_span(glean_buf *b, const match_ctx *c, size_t first, size_t end)
{
    const glean_doc *d = c->d;
    size_t s = d->toks[first].start, e = d->toks[end - 1].end;
    int rc = end - first == 1 ? put(b, "token %zu ", first + 1)
                              : put(b, "tokens %zu-%zu ", first + 1, end);
    return rc == GLEAN_OK ? put_quoted(b, d->text + s, e - s, 60) : rc;
}

int glean_rules_explain(const glean_rules *r, glean_rules_scratch *s, const glean_doc *d,
                        const glean_lexicon *lx, const glean_match_ent *ents, size_t nents,
                        size_t rule, long start, glean_extern_fn fn, void *ud,
                        glean_buf *out, glean_error *err)
{
    if (rule >= r->nrules)
        return glean_fail(err, GLEAN_EARG, 0, "no rule %zu", rule + 1);
    if (start >= (long)d->ntoks)
        return glean_fail(err, GLEAN_EARG, 0, "token %ld is past the end of the document (%zu tokens)",
                          start + 1, d->ntoks);
    match_ctx c;
    int rc = match_prepare(&c, r, s, d, lx, ents, nents, fn, ud, err);
    if (rc != GLEAN_OK)
        return rc;
    const rule_info *ri = &r->rules[rule];
    pike k;
    memset(&k, 0, sizeof k);
    k.c = &c;
    k.ri = ri;
    k.alt_slot = 2 * ri->ncaps;
    k.elem_base = k.alt_slot + 1;
    k.nslots = k.elem_base + 2 * ri->nelems;
    size_t m = ri->pc_end - ri->pc_first;
    int32_t *buf = malloc((m + 4) * k.nslots * sizeof *buf);
    if (!buf)
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    k.match_slots = buf;
    k.fail_slots = buf + k.nslots;
    int32_t *pend = buf + 2 * k.nslots;
    const char *name = glean_rules_name(r, rule);
    rc = put(out, "rule %s\n", name);
    int searched = start < 0;
    if (searched && rc == GLEAN_OK) {
        /* the leftmost start that matches, else the one that got farthest */
        long best = -1;
        size_t best_len = 0;
        for (size_t p = 0; p < d->ntoks && rc == GLEAN_OK; p++) {
            if ((rc = run(&k, p, -1, pend)) != GLEAN_OK)
                break;
            if (k.matched) {
                best = (long)p;
                break;
            }
            size_t got = k.failed ? k.fail_pos - p : 0;
            if (best < 0 || got > best_len) {
                best = (long)p;
                best_len = got;
            }
        }
        start = best < 0 ? 0 : best;
    }
    if (rc == GLEAN_OK && d->ntoks == 0) {
        rc = put(out, "  the document has no tokens\nno match\n");
        free(buf);
        return rc;
    }
    if (rc == GLEAN_OK)
        rc = run(&k, (size_t)start, -1, pend);
    if (rc == GLEAN_OK) {
        rc = put(out, "  %s ", searched ? (k.matched ? "first match from" : "farthest attempt from") : "from");
        if (rc == GLEAN_OK)
            rc = put_token(out, &c, (size_t)start);
        if (rc == GLEAN_OK)
            rc = put(out, "\n");
    }
    const int32_t *sl = k.matched ? k.match_slots : k.fail_slots;
    uint32_t alt = k.matched || k.failed ? (uint32_t)sl[k.alt_slot] : 1;
    uint32_t fail_elem = k.failed && !k.matched ? r->prog[k.fail_pc].elem : NONE32;
    for (uint32_t e = 0; e < ri->nelems && rc == GLEAN_OK; e++) {
        const str_ref *el = &r->elems[ri->elems_first + e];
        if (ri->nalts > 1 && el->alt != alt)
            continue;
        char desc[61]; /* one line: control characters of the rule shown as spaces */
        size_t dl = el->len > 60 ? 60 : el->len;
        for (size_t j = 0; j < dl; j++) {
            unsigned char ch = (unsigned char)r->pool.data[el->off + j];
            desc[j] = ch < 0x20 || ch == 0x7f ? ' ' : (char)ch;
        }
        desc[dl] = 0;
        rc = put(out, "  %-3u %-22s ", e + 1, desc);
        if (rc != GLEAN_OK)
            break;
        int32_t a = (k.matched || k.failed) ? sl[k.elem_base + 2 * e] : -1;
        if (e == fail_elem) {
            if (a >= 0 && (rc = put_span(out, &c, (size_t)a, (size_t)sl[k.elem_base + 2 * e + 1])) == GLEAN_OK)
                rc = put(out, ", then ");
            if (rc == GLEAN_OK)
                rc = put(out, "failed on ");
            if (rc == GLEAN_OK)
                rc = describe_failure(out, &c, k.fail_pc, k.fail_pos);
        } else if (a >= 0) {
            rc = put_span(out, &c, (size_t)a, (size_t)sl[k.elem_base + 2 * e + 1]);
        } else if (fail_elem != NONE32 && e > fail_elem) {
            rc = put(out, "(not reached)");
        } else {
            rc = put(out, "(no tokens)");
        }
        if (rc == GLEAN_OK)
            rc = put(out, "\n");
    }
    if (rc == GLEAN_OK) {
        if (k.matched) {
            rc = put(out, "match: ");
            if (rc == GLEAN_OK)
                rc = put_span(out, &c, (size_t)start, k.match_end);
            if (rc == GLEAN_OK && ri->nalts > 1)
                rc = put(out, " (alternative %u)", alt);
        } else if (k.failed) {
            rc = put(out, "no match: stopped at ");
            if (rc == GLEAN_OK)
                rc = k.fail_pos < d->ntoks ? put_token(out, &c, k.fail_pos) : put(out, "the end");
        } else {
            rc = put(out, "no match");
        }
        if (rc == GLEAN_OK)
            rc = put(out, "\n");
    }
    free(buf);
    if (rc == GLEAN_ENOMEM)
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    return rc;
}
