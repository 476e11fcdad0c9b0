/* glean_pattern_filters.c — what a compiled rule knows about where it can match, so that
 * the matchers skip work: the order in which pass 2 evaluates its instructions, the
 * atoms that can take its first token (the spawn filter), its fixed opening atoms, and
 * the atoms every match must consume (the per-document filter). */
#include "glean_pattern_internal.h"

#include <stdlib.h>
#include <string.h>

#define GROW(arr, n, cap, need) \
    glean_grow((void **)&(arr), &(cap), (need), sizeof *(arr))

static int oom(glean_error *err)
{
    return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory compiling rules");
}

static int is_epsilon(int op)
{
    return op != OP_ATOM && op != OP_ENT && op != OP_MATCH;
}

/* Post-order over epsilon edges (successors first), iteratively: rule size is input. */
int rules_build_order(glean_rules *r, rule_info *ri, glean_error *err)
{
    size_t m = ri->pc_end - ri->pc_first, k = 0;
    uint8_t *state = calloc(m, 1);            /* 0 new, 1 open, 2 done */
    uint32_t *stack = malloc(2 * m * sizeof *stack + 1);
    if (!state || !stack) {
        free(state);
        free(stack);
        return oom(err);
    }
    for (uint32_t root = 0; root < m; root++) {
        if (state[root])
            continue;
        size_t sp = 0;
        stack[sp++] = root;
        state[root] = 1;
        while (sp) {
            uint32_t v = stack[sp - 1];
            const insn *in = &r->prog[ri->pc_first + v];
            uint32_t succ[2], ns = 0;
            if (in->op == OP_SPLIT) {
                succ[ns++] = in->a - ri->pc_first;
                succ[ns++] = in->b - ri->pc_first;
            } else if (in->op == OP_JMP) {
                succ[ns++] = in->a - ri->pc_first;
            } else if (is_epsilon(in->op)) {
                succ[ns++] = v + 1;
            }
            int pushed = 0;
            for (uint32_t j = 0; j < ns; j++) {
                if (state[succ[j]] == 1) {
                    free(state);
                    free(stack);
                    return glean_fail(err, GLEAN_EARG, 0, "internal error: empty loop in a rule");
                }
                if (state[succ[j]] == 0) {
                    state[succ[j]] = 1;
                    stack[sp++] = succ[j];
                    pushed = 1;
                    break;
                }
            }
            if (!pushed) {
                state[v] = 2;
                r->order[ri->pc_first + k++] = ri->pc_first + v;
                sp--;
            }
        }
    }
    free(state);
    free(stack);
    return GLEAN_OK;
}

/* The atoms that can consume the token at the closure of `from` (appended to
 * first_atoms from *first, *count of them); *ent when a whole entity can (filtered by
 * where entities start); *any when something there cannot be filtered at all (_, an
 * entity test on a token, the end of the rule). */
static int collect_leaves(glean_rules *r, const rule_info *ri, uint32_t from, uint32_t *first,
                          uint32_t *count, uint8_t *ent, uint8_t *any, glean_error *err)
{
    size_t m = ri->pc_end - ri->pc_first, sp = 0;
    uint8_t *seen = calloc(m, 1);
    uint32_t *stack = malloc((m + 1) * sizeof *stack);
    if (!seen || !stack) {
        free(seen);
        free(stack);
        return oom(err);
    }
    *first = (uint32_t)r->nfirst_atoms;
    *count = 0;
    *ent = 0;
    *any = 0;
    stack[sp++] = from;
    seen[from - ri->pc_first] = 1;
    int rc = GLEAN_OK;
    while (sp && rc == GLEAN_OK) {
        uint32_t pc = stack[--sp];
        const insn *in = &r->prog[pc];
        uint32_t succ[2], ns = 0;
        switch (in->op) {
        case OP_ATOM: {
            const atom *a = &r->atoms[in->a];
            if (a->has_ent || a->n == 0) {
                *any = 1;
                break;
            }
            if (GROW(r->first_atoms, r->nfirst_atoms, r->first_atoms_cap, r->nfirst_atoms + 1) != GLEAN_OK)
                rc = oom(err);
            else {
                r->first_atoms[r->nfirst_atoms++] = in->a;
                (*count)++;
            }
            break;
        }
        case OP_ENT: *ent = 1; break;
        case OP_MATCH: *any = 1; break;
        case OP_SPLIT: succ[ns++] = in->a; succ[ns++] = in->b; break;
        case OP_JMP: succ[ns++] = in->a; break;
        default: succ[ns++] = pc + 1; break;
        }
        for (uint32_t j = 0; j < ns; j++)
            if (!seen[succ[j] - ri->pc_first]) {
                seen[succ[j] - ri->pc_first] = 1;
                stack[sp++] = succ[j];
            }
    }
    free(seen);
    free(stack);
    return rc;
}

/* First atoms (the spawn filter), the fixed opening atoms, and for a rule that opens
 * with exactly one fixed atom, the atoms that can take the second token. */
int rules_build_first(glean_rules *r, rule_info *ri, glean_error *err)
{
    int rc = collect_leaves(r, ri, ri->pc_first, &ri->first_atoms, &ri->nfirst,
                            &ri->ent_spawn, &ri->always_spawn, err);
    uint32_t pc0 = NONE32;
    for (uint32_t pc = ri->pc_first; rc == GLEAN_OK && pc < ri->pc_end && ri->nprefix < 4; pc++) {
        const insn *in = &r->prog[pc];
        if (in->op == OP_SAVE || in->op == OP_ALT)
            continue;
        if (in->op != OP_ATOM || r->atoms[in->a].has_ent || r->atoms[in->a].n == 0)
            break;
        if (pc0 == NONE32)
            pc0 = pc;
        ri->prefix[ri->nprefix++] = in->a;
    }
    ri->second_any = 1;
    if (rc == GLEAN_OK && ri->nprefix == 1) {
        uint8_t second_ent;
        rc = collect_leaves(r, ri, pc0 + 1, &ri->second_atoms, &ri->nsecond, &second_ent,
                            &ri->second_any, err);
        ri->second_any |= second_ent;
    }
    return rc;
}

/* The atoms every match must consume: top-level items that are not optional, not
 * alternatives and test no entity (up to 4). A document none of whose tokens passes one
 * of them cannot match the rule, whatever else it holds (`org_suffix` without Co./Inc.
 * anywhere). Recursion follows the AST, whose depth the parser limits to 32. */
void rules_collect_required(const glean_rules *r, const ast *t, uint32_t node, rule_info *ri)
{
    const ast_node *nd = &t->nodes[node];
    switch (nd->kind) {
    case N_ATOM: {
        const atom *a = &r->atoms[nd->a];
        if (!a->has_ent && a->n > 0 && !a->neg && ri->nrequired < 4)
            ri->required[ri->nrequired++] = nd->a;
        return;
    }
    case N_SEQ:
        for (uint32_t c = nd->first; c != NONE32; c = t->nodes[c].next)
            rules_collect_required(r, t, c, ri);
        return;
    case N_CAPTURE:
        rules_collect_required(r, t, nd->first, ri);
        return;
    case N_REPEAT:
        if (nd->min >= 1)
            rules_collect_required(r, t, nd->first, ri);
        return;
    default:
        return;
    }
}
