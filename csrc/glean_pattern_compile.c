/* glean_pattern_compile.c — the rule set: tests, atoms, string sets, labels, adding a
 * rule from a string or from token specs, and the accessors. The code generator is in
 * glean_pattern_codegen.c; the per-rule tables the matchers need to skip work are in
 * glean_pattern_filters.c. */
#include "glean_pattern_internal.h"

#include <stdlib.h>
#include <string.h>

#define GROW(arr, n, cap, need) \
    glean_grow((void **)&(arr), &(cap), (need), sizeof *(arr))

static int oom(glean_error *err)
{
    return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory compiling rules");
}

int glean_rules_new(glean_rules **out, glean_tokenizer *tk, glean_error *err)
{
    glean_rules *r = calloc(1, sizeof *r);
    if (!r)
        return oom(err);
    r->tk = tk;
    glean_strset_init(&r->index);
    glean_buf_init(&r->pool);
    glean_buf_init(&r->keybuf);
    *out = r;
    return GLEAN_OK;
}

void glean_rules_free(glean_rules *r)
{
    if (!r)
        return;
    free(r->prog);
    free(r->order);
    free(r->tests);
    free(r->atoms);
    free(r->ent_masks);
    free(r->rules);
    free(r->cap_names);
    free(r->elems);
    free(r->first_atoms);
    free(r->set_words);
    free(r->externs);
    free(r->postings);
    glean_strset_free(&r->index);
    glean_buf_free(&r->pool);
    glean_buf_free(&r->keybuf);
    free(r);
}

int rules_pool_add(glean_rules *r, const char *s, size_t len, uint32_t *off, glean_error *err)
{
    if (r->pool.len + len + 1 > UINT32_MAX)
        return glean_fail(err, GLEAN_ETOOBIG, 0, "rule set too large");
    *off = (uint32_t)r->pool.len;
    if (glean_buf_append(&r->pool, s, len) != GLEAN_OK ||
        glean_buf_append(&r->pool, "", 1) != GLEAN_OK)
        return oom(err);
    return GLEAN_OK;
}

int rules_add_test(glean_rules *r, const glean_test *t, glean_error *err)
{
    if (GROW(r->tests, r->ntests, r->tests_cap, r->ntests + 1) != GLEAN_OK)
        return oom(err);
    r->tests[r->ntests++] = *t;
    return GLEAN_OK;
}

int rules_add_atom(glean_rules *r, uint32_t first, uint32_t n, int any_of, int neg,
                   uint32_t *index, glean_error *err)
{
    if (GROW(r->atoms, r->natoms, r->atoms_cap, r->natoms + 1) != GLEAN_OK)
        return oom(err);
    atom *a = &r->atoms[r->natoms];
    a->first = first;
    a->n = n;
    a->any_of = (uint8_t)any_of;
    a->neg = (uint8_t)neg;
    a->has_ent = 0;
    for (uint32_t k = 0; k < n; k++)
        if (r->tests[first + k].kind == GLEAN_TEST_ENT)
            a->has_ent = 1;
    *index = (uint32_t)r->natoms++;
    return GLEAN_OK;
}

int rules_add_ent_mask(glean_rules *r, uint64_t mask, uint32_t *index, glean_error *err)
{
    if (GROW(r->ent_masks, r->nent_masks, r->ent_masks_cap, r->nent_masks + 1) != GLEAN_OK)
        return oom(err);
    r->ent_masks[r->nent_masks] = mask;
    *index = (uint32_t)r->nent_masks++;
    return GLEAN_OK;
}

int glean_rules_label_find(const glean_rules *r, const char *label, size_t len)
{
    for (size_t i = 0; i < r->nlabels; i++)
        if (r->labels[i].len == len && memcmp(r->pool.data + r->labels[i].off, label, len) == 0)
            return (int)i;
    return -1;
}

void glean_rules_remove_last(glean_rules *r)
{
    if (r->nrules == 0)
        return;
    rule_info *ri = &r->rules[--r->nrules];
    r->nprog = ri->pc_first;
    r->ncap_names = ri->caps_first;
    r->nelems = ri->elems_first;
    r->nfirst_atoms = ri->first_atoms;
    r->ntests = ri->tests_first;
    r->natoms = ri->atoms_first;
    r->nent_masks = ri->masks_first;
    r->version++;
}

static void begin_add(glean_rules *r)
{
    r->mark_tests = r->ntests;
    r->mark_atoms = r->natoms;
    r->mark_masks = r->nent_masks;
}

static void rollback_add(glean_rules *r)
{
    r->ntests = r->mark_tests;
    r->natoms = r->mark_atoms;
    r->nent_masks = r->mark_masks;
    r->version++;
}

int glean_rules_label(glean_rules *r, const char *label, size_t len)
{
    for (size_t i = 0; i < r->nlabels; i++)
        if (r->labels[i].len == len && memcmp(r->pool.data + r->labels[i].off, label, len) == 0)
            return (int)i;
    if (r->nlabels == GLEAN_RULES_MAX_LABELS)
        return -1;
    uint32_t off;
    if (rules_pool_add(r, label, len, &off, NULL) != GLEAN_OK)
        return -1;
    r->labels[r->nlabels].off = off;
    r->labels[r->nlabels].len = (uint32_t)len;
    return (int)r->nlabels++;
}

int rules_word_key(glean_rules *r, int kind, const char *s, size_t len, const char **key,
                   size_t *keylen, glean_error *err)
{
    if (kind != GLEAN_TEST_NORM && kind != GLEAN_TEST_LOWER) {
        *key = s;
        *keylen = len;
        return GLEAN_OK;
    }
    uint32_t id;
    glean_lexicon *lx = &r->tk->lex;
    int rc = glean_lexicon_intern(lx, s, len, glean_hash(s, len), &id, err);
    if (rc != GLEAN_OK)
        return rc;
    const glean_lexeme *t = &lx->types[id];
    *key = glean_lex_str(lx, kind == GLEAN_TEST_NORM ? t->norm : t->lower);
    *keylen = kind == GLEAN_TEST_NORM ? t->norm_len : t->lower_len;
    return GLEAN_OK;
}

/* Index key: one byte for the field, then the string. */
static int index_key(glean_rules *r, int kind, const char *s, size_t len, glean_error *err)
{
    r->keybuf.len = 0;
    char k = (char)('0' + kind);
    if (glean_buf_append(&r->keybuf, &k, 1) != GLEAN_OK ||
        glean_buf_append(&r->keybuf, s, len) != GLEAN_OK)
        return oom(err);
    return GLEAN_OK;
}

int glean_rules_add_set(glean_rules *r, glean_test *t, int kind, const char *const *words,
                        const size_t *lens, size_t n, glean_error *err)
{
    if (kind > GLEAN_TEST_SHAPE)
        return glean_fail(err, GLEAN_EARG, 0, "not a string-set test");
    t->kind = (uint8_t)kind;
    t->a = (uint32_t)r->nset_words;
    t->b = 0;
    t->set = (uint32_t)r->nsets++;
    for (size_t i = 0; i < n; i++) {
        const char *key;
        size_t keylen;
        int rc = rules_word_key(r, kind, words[i], lens[i], &key, &keylen, err);
        if (rc != GLEAN_OK)
            return rc;
        if (keylen == 0)
            return glean_fail(err, GLEAN_EARG, 0, "'%.*s' normalizes to nothing",
                              (int)(lens[i] > 60 ? 60 : lens[i]), words[i]);
        uint32_t off;
        if ((rc = rules_pool_add(r, key, keylen, &off, err)) != GLEAN_OK)
            return rc;
        if (GROW(r->set_words, r->nset_words, r->set_words_cap, r->nset_words + 1) != GLEAN_OK)
            return oom(err);
        r->set_words[r->nset_words].off = off;
        r->set_words[r->nset_words++].len = (uint32_t)keylen;
        t->b++;
        if ((rc = index_key(r, kind, r->pool.data + off, keylen, err)) != GLEAN_OK)
            return rc;
        uint64_t h = glean_hash(r->keybuf.data, r->keybuf.len);
        uint32_t head = NONE32;
        glean_strset_get(&r->index, r->keybuf.data, r->keybuf.len, h, &head);
        if (GROW(r->postings, r->npostings, r->postings_cap, r->npostings + 2) != GLEAN_OK)
            return oom(err);
        uint32_t node = (uint32_t)r->npostings;
        r->postings[r->npostings++] = t->set;
        r->postings[r->npostings++] = head;
        if (glean_strset_put(&r->index, r->keybuf.data, r->keybuf.len, h, node) != GLEAN_OK)
            return oom(err);
        r->kinds_present |= 1u << kind;
    }
    return GLEAN_OK;
}

int glean_rules_add_extern(glean_rules *r, const char *src, size_t len, uint32_t *index,
                           glean_error *err)
{
    for (size_t i = 0; i < r->nexterns; i++) /* one predicate per distinct pattern */
        if (r->externs[i].len == len && memcmp(r->pool.data + r->externs[i].off, src, len) == 0) {
            *index = (uint32_t)i;
            return GLEAN_OK;
        }
    uint32_t off;
    int rc = rules_pool_add(r, src, len, &off, err);
    if (rc != GLEAN_OK)
        return rc;
    if (GROW(r->externs, r->nexterns, r->externs_cap, r->nexterns + 1) != GLEAN_OK)
        return oom(err);
    r->externs[r->nexterns].off = off;
    r->externs[r->nexterns].len = (uint32_t)len;
    *index = (uint32_t)r->nexterns++;
    return GLEAN_OK;
}

/* --- token specs (from Lua tables) ----------------------------------------------- */

int glean_rules_add_specs(glean_rules *r, const char *name, const glean_token_spec *specs,
                          size_t n, glean_error *err)
{
    ast t;
    memset(&t, 0, sizeof t);
    uint32_t root, id, node;
    begin_add(r);
    int rc = ast_add(&t, N_SEQ, 0, &root, err);
    if (n == 0 && rc == GLEAN_OK)
        rc = glean_fail(err, GLEAN_EARG, 0, "rule %s: empty pattern", name);
    for (size_t i = 0; i < n && rc == GLEAN_OK; i++) {
        const glean_token_spec *sp = &specs[i];
        uint32_t first = (uint32_t)r->ntests, a;
        for (size_t k = 0; k < sp->ntests && rc == GLEAN_OK; k++)
            rc = rules_add_test(r, &sp->tests[k], err);
        if (rc == GLEAN_OK)
            rc = rules_add_atom(r, first, (uint32_t)sp->ntests, 0, sp->negate, &a, err);
        if (rc == GLEAN_OK)
            rc = ast_add(&t, N_ATOM, 0, &id, err);
        if (rc != GLEAN_OK)
            break;
        t.nodes[id].a = a;
        node = id;
        if (sp->min != 1 || sp->max != 1) {
            if (sp->max >= 0 && (sp->max < sp->min || sp->max > GLEAN_RULES_MAX_REPEAT)) {
                rc = glean_fail(err, GLEAN_EARG, 0, "rule %s, token %zu: bad repeat {%d,%d}",
                                name, i + 1, sp->min, sp->max);
                break;
            }
            if ((rc = ast_add(&t, N_REPEAT, 0, &node, err)) != GLEAN_OK)
                break;
            t.nodes[node].min = sp->min;
            t.nodes[node].max = sp->max;
            ast_append(&t, node, id);
        }
        if (sp->capture) {
            uint32_t cap, capnode;
            if ((rc = ast_capture(r, &t, sp->capture, strlen(sp->capture), &cap, err)) != GLEAN_OK ||
                (rc = ast_add(&t, N_CAPTURE, 0, &capnode, err)) != GLEAN_OK)
                break;
            t.nodes[capnode].a = cap;
            ast_append(&t, capnode, node);
            node = capnode;
        }
        uint32_t off;
        const char *desc = sp->desc ? sp->desc : "token";
        if ((rc = rules_pool_add(r, desc, strlen(desc), &off, err)) != GLEAN_OK ||
            glean_grow((void **)&t.elems, &t.elems_cap, t.nelems + 1, sizeof *t.elems) != GLEAN_OK) {
            rc = rc != GLEAN_OK ? rc : oom(err);
            break;
        }
        t.elems[t.nelems].off = off;
        t.elems[t.nelems].len = (uint32_t)strlen(desc);
        t.elems[t.nelems].alt = 1;
        t.nodes[node].elem = (uint32_t)t.nelems++;
        ast_append(&t, root, node);
    }
    if (rc == GLEAN_OK)
        rc = rules_commit(r, name, &t, root, err);
    if (rc != GLEAN_OK)
        rollback_add(r);
    ast_free(&t);
    return rc;
}

int glean_rules_add_string(glean_rules *r, const char *name, const char *src, size_t len,
                           glean_error *err)
{
    if (len > GLEAN_RULES_MAX_SOURCE)
        return glean_fail(err, GLEAN_ETOOBIG, 0, "rule %s: longer than %d bytes", name,
                          GLEAN_RULES_MAX_SOURCE);
    ast t;
    memset(&t, 0, sizeof t);
    uint32_t root;
    begin_add(r);
    int rc = rules_parse(r, name, src, len, &t, &root, err);
    if (rc == GLEAN_OK)
        rc = rules_commit(r, name, &t, root, err);
    if (rc != GLEAN_OK)
        rollback_add(r);
    ast_free(&t);
    return rc;
}

/* --- accessors ------------------------------------------------------------------- */

size_t glean_rules_count(const glean_rules *r) { return r->nrules; }
size_t glean_rules_extern_count(const glean_rules *r) { return r->nexterns; }
size_t glean_rules_program_size(const glean_rules *r) { return r->nprog; }

int glean_rules_uses_ents(const glean_rules *r)
{
    for (size_t k = 0; k < r->nrules; k++)
        if (r->rules[k].has_ent)
            return 1;
    return 0;
}

const char *glean_rules_extern_source(const glean_rules *r, uint32_t index, size_t *len)
{
    *len = r->externs[index].len;
    return r->pool.data + r->externs[index].off;
}

const char *glean_rules_name(const glean_rules *r, size_t rule)
{
    return r->pool.data + r->rules[rule].name;
}

size_t glean_rules_captures(const glean_rules *r, size_t rule) { return r->rules[rule].ncaps; }

const char *glean_rules_capture_name(const glean_rules *r, size_t rule, size_t k)
{
    return r->pool.data + r->cap_names[r->rules[rule].caps_first + k].off;
}

size_t glean_rules_alternatives(const glean_rules *r, size_t rule) { return r->rules[rule].nalts; }
