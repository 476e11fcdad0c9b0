/* glean_pattern_codegen.c — a rule's syntax tree (built by glean_pattern_parse.c or from
 * token specs) and the code generator that turns it into instructions for the matchers
 * (Thompson construction), then commits the rule to the set. */
#include "glean_pattern_internal.h"

#include <stdlib.h>
#include <string.h>

#define GROW(arr, n, cap, need) \
    glean_grow((void **)&(arr), &(cap), (need), sizeof *(arr))

static int oom(glean_error *err)
{
    return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory compiling rules");
}

/* --- the tree -------------------------------------------------------------------- */

void ast_free(ast *t)
{
    free(t->nodes);
    free(t->caps);
    free(t->elems);
    memset(t, 0, sizeof *t);
}

int ast_add(ast *t, int kind, uint32_t col, uint32_t *id, glean_error *err)
{
    if (GROW(t->nodes, t->n, t->cap, t->n + 1) != GLEAN_OK)
        return oom(err);
    ast_node *nd = &t->nodes[t->n];
    memset(nd, 0, sizeof *nd);
    nd->kind = (uint8_t)kind;
    nd->first = nd->last = nd->next = NONE32;
    nd->col = col;
    nd->elem = NONE32;
    *id = (uint32_t)t->n++;
    return GLEAN_OK;
}

void ast_append(ast *t, uint32_t parent, uint32_t child)
{
    ast_node *p = &t->nodes[parent];
    if (p->last == NONE32)
        p->first = child;
    else
        t->nodes[p->last].next = child;
    p->last = child;
}

int ast_capture(glean_rules *r, ast *t, const char *name, size_t len, uint32_t *index,
                glean_error *err)
{
    for (size_t i = 0; i < t->ncaps; i++)
        if (t->caps[i].len == len && memcmp(r->pool.data + t->caps[i].off, name, len) == 0) {
            *index = (uint32_t)i; /* the same name twice is one capture: the last wins */
            return GLEAN_OK;
        }
    uint32_t off;
    int rc = rules_pool_add(r, name, len, &off, err);
    if (rc != GLEAN_OK)
        return rc;
    if (GROW(t->caps, t->ncaps, t->caps_cap, t->ncaps + 1) != GLEAN_OK)
        return oom(err);
    t->caps[t->ncaps].off = off;
    t->caps[t->ncaps].len = (uint32_t)len;
    *index = (uint32_t)t->ncaps++;
    return GLEAN_OK;
}

/* --- code generation ------------------------------------------------------------- */

typedef struct gen {
    glean_rules *r;
    ast *t;
    const char *name;
    uint32_t rule;
    glean_error *err;
} gen;

static int nullable(const ast *t, uint32_t id)
{
    const ast_node *nd = &t->nodes[id];
    switch (nd->kind) {
    case N_ATOM: case N_ENT: return 0;
    case N_BOS: case N_EOS: return 1;
    case N_REPEAT: return nd->min == 0 || nullable(t, nd->first);
    case N_CAPTURE: return nullable(t, nd->first);
    case N_ALT:
        for (uint32_t c = nd->first; c != NONE32; c = t->nodes[c].next)
            if (nullable(t, c))
                return 1;
        return 0;
    default: /* N_SEQ */
        for (uint32_t c = nd->first; c != NONE32; c = t->nodes[c].next)
            if (!nullable(t, c))
                return 0;
        return 1;
    }
}

static int emit(gen *g, int op, uint32_t a, uint32_t b, uint32_t elem, uint32_t *pc)
{
    glean_rules *r = g->r;
    if (r->nprog - r->rules[g->rule].pc_first >= GLEAN_RULES_MAX_INSNS)
        return glean_fail(g->err, GLEAN_ETOOBIG, 0,
                          "rule %s: too large (more than %d instructions after expanding repeats)",
                          g->name, GLEAN_RULES_MAX_INSNS);
    if (GROW(r->prog, r->nprog, r->prog_cap, r->nprog + 1) != GLEAN_OK)
        return oom(g->err);
    insn *in = &r->prog[r->nprog];
    in->op = (uint8_t)op;
    in->a = a;
    in->b = b;
    in->rule = g->rule;
    in->elem = elem;
    if (pc)
        *pc = (uint32_t)r->nprog;
    r->nprog++;
    return GLEAN_OK;
}

#define EMIT(op, a, b, pc) do { int rc_ = emit(g, op, a, b, elem, pc); \
    if (rc_ != GLEAN_OK) return rc_; } while (0)

/* Depth is bounded by the parser's group limit (and specs are flat). */
static int gen_node(gen *g, uint32_t id, uint32_t elem, int top)
{
    ast_node nd = g->t->nodes[id];
    if (nd.elem != NONE32)
        elem = nd.elem;
    uint32_t pc, split, k = 1;
    int rc;
    switch (nd.kind) {
    case N_ATOM: EMIT(OP_ATOM, nd.a, 0, NULL); return GLEAN_OK;
    case N_ENT: EMIT(OP_ENT, nd.a, 0, NULL); return GLEAN_OK;
    case N_BOS: EMIT(OP_BOS, nd.a, 0, NULL); return GLEAN_OK; /* a: line anchor */
    case N_EOS: EMIT(OP_EOS, nd.a, 0, NULL); return GLEAN_OK;
    case N_SEQ:
        for (uint32_t c = nd.first; c != NONE32; c = g->t->nodes[c].next)
            if ((rc = gen_node(g, c, elem, 0)) != GLEAN_OK)
                return rc;
        return GLEAN_OK;
    case N_CAPTURE:
        EMIT(OP_SAVE, 2 * nd.a, 0, NULL);
        if ((rc = gen_node(g, nd.first, elem, 0)) != GLEAN_OK)
            return rc;
        EMIT(OP_SAVE, 2 * nd.a + 1, 0, NULL);
        return GLEAN_OK;
    case N_ALT: {
        /* SPLIT next-alternative; body; JMP end — the JMPs are patched at the end */
        size_t njmp = 0, jmp_cap = 0;
        uint32_t *jmps = NULL;
        for (uint32_t c = nd.first; c != NONE32; c = g->t->nodes[c].next, k++) {
            int last = g->t->nodes[c].next == NONE32;
            split = NONE32;
            if (!last && (rc = emit(g, OP_SPLIT, 0, 0, elem, &split)) != GLEAN_OK)
                goto alt_fail;
            if (!last)
                g->r->prog[split].a = split + 1;
            if (top && (rc = emit(g, OP_ALT, k, 0, elem, NULL)) != GLEAN_OK)
                goto alt_fail;
            if ((rc = gen_node(g, c, elem, 0)) != GLEAN_OK)
                goto alt_fail;
            if (!last) {
                if (GROW(jmps, njmp, jmp_cap, njmp + 1) != GLEAN_OK) {
                    rc = oom(g->err);
                    goto alt_fail;
                }
                if ((rc = emit(g, OP_JMP, 0, 0, elem, &jmps[njmp])) != GLEAN_OK)
                    goto alt_fail;
                njmp++;
                g->r->prog[split].b = (uint32_t)g->r->nprog;
            }
        }
        for (size_t j = 0; j < njmp; j++)
            g->r->prog[jmps[j]].a = (uint32_t)g->r->nprog;
        free(jmps);
        return GLEAN_OK;
    alt_fail:
        free(jmps);
        return rc;
    }
    default: /* N_REPEAT */
        if (nd.max < 0 && nullable(g->t, nd.first))
            return glean_fail(g->err, GLEAN_EARG, nd.col,
                              "rule %s, column %u: a repeated item must consume a token "
                              "(it can match nothing: drop the ? or * inside it)",
                              g->name, nd.col);
        for (int32_t i = 0; i < nd.min; i++) {
            if (nd.max < 0 && i == nd.min - 1) { /* last copy loops: X+ */
                uint32_t body = (uint32_t)g->r->nprog;
                if ((rc = gen_node(g, nd.first, elem, 0)) != GLEAN_OK)
                    return rc;
                EMIT(OP_SPLIT, body, (uint32_t)g->r->nprog + 1, NULL);
                return GLEAN_OK;
            }
            if ((rc = gen_node(g, nd.first, elem, 0)) != GLEAN_OK)
                return rc;
        }
        if (nd.max < 0) { /* X*: L1: SPLIT L2, L3; L2: X; JMP L1; L3: */
            EMIT(OP_SPLIT, 0, 0, &split);
            g->r->prog[split].a = split + 1;
            if ((rc = gen_node(g, nd.first, elem, 0)) != GLEAN_OK)
                return rc;
            EMIT(OP_JMP, split, 0, &pc);
            g->r->prog[split].b = pc + 1;
            return GLEAN_OK;
        }
        /* optional copies: SPLIT body, END; body; ... every SPLIT goes to the same END */
        {
            size_t nsp = 0, sp_cap = 0;
            uint32_t *splits = NULL;
            for (int32_t i = nd.min; i < nd.max; i++) {
                if (GROW(splits, nsp, sp_cap, nsp + 1) != GLEAN_OK) {
                    free(splits);
                    return oom(g->err);
                }
                if ((rc = emit(g, OP_SPLIT, 0, 0, elem, &splits[nsp])) != GLEAN_OK ||
                    (rc = gen_node(g, nd.first, elem, 0)) != GLEAN_OK) {
                    free(splits);
                    return rc;
                }
                g->r->prog[splits[nsp]].a = splits[nsp] + 1;
                nsp++;
            }
            for (size_t j = 0; j < nsp; j++)
                g->r->prog[splits[j]].b = (uint32_t)g->r->nprog;
            free(splits);
        }
        return GLEAN_OK;
    }
}

int rules_commit(glean_rules *r, const char *name, ast *t, uint32_t root, glean_error *err)
{
    if (r->nrules >= GLEAN_RULES_MAX_RULES)
        return glean_fail(err, GLEAN_ETOOBIG, 0, "too many rules (limit %d)", GLEAN_RULES_MAX_RULES);
    for (size_t i = 0; i < r->nrules; i++)
        if (strcmp(r->pool.data + r->rules[i].name, name) == 0)
            return glean_fail(err, GLEAN_EARG, 0, "rule %s: a rule of that name exists", name);
    if (GROW(r->rules, r->nrules, r->rules_cap, r->nrules + 1) != GLEAN_OK)
        return oom(err);
    size_t prog_mark = r->nprog, caps_mark = r->ncap_names, elems_mark = r->nelems;
    size_t first_mark = r->nfirst_atoms;
    rule_info *ri = &r->rules[r->nrules];
    memset(ri, 0, sizeof *ri);
    int rc = rules_pool_add(r, name, strlen(name), &ri->name, err);
    if (rc != GLEAN_OK)
        return rc;
    ri->pc_first = (uint32_t)r->nprog;
    ri->tests_first = (uint32_t)r->mark_tests;
    ri->atoms_first = (uint32_t)r->mark_atoms;
    ri->masks_first = (uint32_t)r->mark_masks;
    gen g = { r, t, name, (uint32_t)r->nrules, err };
    const ast_node *top = &t->nodes[root];
    ri->nalts = 1;
    if (top->kind == N_ALT) {
        ri->nalts = 0;
        for (uint32_t c = top->first; c != NONE32; c = t->nodes[c].next)
            ri->nalts++;
    }
    if (nullable(t, root)) {
        rc = glean_fail(err, GLEAN_EARG, 0, "rule %s: it can match without consuming any "
                        "token (every match must cover at least one)", name);
        goto fail;
    }
    if ((rc = gen_node(&g, root, NONE32, 1)) != GLEAN_OK)
        goto fail;
    if ((rc = emit(&g, OP_MATCH, (uint32_t)r->nrules, 0, NONE32, NULL)) != GLEAN_OK)
        goto fail;
    ri = &r->rules[r->nrules];
    ri->pc_end = (uint32_t)r->nprog;
    if (GROW(r->order, r->nprog, r->order_cap, r->nprog) != GLEAN_OK) {
        rc = oom(err);
        goto fail;
    }
    if ((rc = rules_build_order(r, ri, err)) != GLEAN_OK || (rc = rules_build_first(r, ri, err)) != GLEAN_OK)
        goto fail;
    for (uint32_t pc = ri->pc_first; pc < ri->pc_end; pc++)
        if (r->prog[pc].op == OP_ENT || (r->prog[pc].op == OP_ATOM && r->atoms[r->prog[pc].a].has_ent))
            ri->has_ent = 1;
    ri->ncaps = (uint32_t)t->ncaps;
    /* `ent:(...)` around the whole rule: the capture is the match, known without the
       Pike VM (most extraction rules have this shape) */
    const ast_node *body = top;
    while (body->kind == N_SEQ && body->first != NONE32 && body->first == body->last)
        body = &t->nodes[body->first];
    ri->whole_cap = t->ncaps == 1 && ri->nalts == 1 && body->kind == N_CAPTURE;
    rules_collect_required(r, t, root, ri);
    ri->caps_first = (uint32_t)r->ncap_names;
    if (GROW(r->cap_names, r->ncap_names, r->cap_names_cap, r->ncap_names + t->ncaps + 1) != GLEAN_OK ||
        GROW(r->elems, r->nelems, r->elems_cap, r->nelems + t->nelems + 1) != GLEAN_OK) {
        rc = oom(err);
        goto fail;
    }
    if (t->ncaps)
        memcpy(r->cap_names + r->ncap_names, t->caps, t->ncaps * sizeof *t->caps);
    r->ncap_names += t->ncaps;
    ri->nelems = (uint32_t)t->nelems;
    ri->elems_first = (uint32_t)r->nelems;
    if (t->nelems)
        memcpy(r->elems + r->nelems, t->elems, t->nelems * sizeof *t->elems);
    r->nelems += t->nelems;
    r->nrules++;
    r->version++;
    return GLEAN_OK;
fail:
    r->nprog = prog_mark;
    r->ncap_names = caps_mark;
    r->nelems = elems_mark;
    r->nfirst_atoms = first_mark;
    r->version++;
    return rc;
}
