/* glean_recognizer.c — the recognizer's model: the word sets, the rules' descriptions,
 * the names of labels and sources, and the per-type word bits that the judge
 * (glean_recognize.c) reads for every token it looks at. */
#include "glean_recognizer_internal.h"

#include <stdlib.h>
#include <string.h>

static int oom(glean_error *err)
{
    return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory in the entity recognizer");
}

static const char *const FIXED_LABELS[LBL_FIXED] = {
    "PERSON", "ORG", "DATE", "FIRST", "COUNTRY", "CITY", "NORP", "REGION", "RUN", "UPPER", "GPE"
};
static const char *const FIXED_SOURCES[GLEAN_REC_SRC_RULES] = {
    "list:first_names", "doc:alias", "run:head", "run:name", "run:single", "run:acronym"
};

/* Appends a name to an arena and a name table; *code is its number. */
static int add_name(glean_buf *arena, rec_name **names, size_t *n, size_t *cap,
                    const char *prefix, const char *s, size_t len, uint32_t *code)
{
    size_t pl = prefix ? strlen(prefix) : 0;
    if (arena->len + pl + len + 1 > UINT32_MAX ||
        glean_grow((void **)names, cap, *n + 1, sizeof **names))
        return GLEAN_ENOMEM;
    rec_name *x = &(*names)[*n];
    x->off = (uint32_t)arena->len;
    x->len = (uint32_t)(pl + len);
    x->out = (uint32_t)*n;
    if ((pl && glean_buf_append(arena, prefix, pl)) || glean_buf_append(arena, s, len) ||
        glean_buf_append(arena, "", 1))
        return GLEAN_ENOMEM;
    *code = (uint32_t)(*n)++;
    return GLEAN_OK;
}

int glean_recognizer_new(glean_recognizer **out, glean_error *err)
{
    glean_recognizer *r = calloc(1, sizeof *r);
    *out = NULL;
    if (!r)
        return oom(err);
    for (int k = 0; k < GLEAN_REC_NSETS; k++)
        glean_strset_init(&r->words[k]);
    glean_buf_init(&r->names);
    uint32_t code;
    for (int k = 0; k < LBL_FIXED; k++)
        if (add_name(&r->names, &r->labels, &r->nlabels, &r->labels_cap, NULL, FIXED_LABELS[k],
                     strlen(FIXED_LABELS[k]), &code)) {
            glean_recognizer_free(r);
            return oom(err);
        }
    /* the lists' kinds of places are GPE to the user */
    r->labels[LBL_COUNTRY].out = r->labels[LBL_CITY].out = r->labels[LBL_REGION].out = LBL_GPE;
    for (int k = 0; k < GLEAN_REC_SRC_RULES; k++)
        if (add_name(&r->names, &r->sources, &r->nsources, &r->sources_cap, NULL,
                     FIXED_SOURCES[k], strlen(FIXED_SOURCES[k]), &code)) {
            glean_recognizer_free(r);
            return oom(err);
        }
    *out = r;
    return GLEAN_OK;
}

void glean_recognizer_free(glean_recognizer *r)
{
    if (!r)
        return;
    for (int k = 0; k < GLEAN_REC_NSETS; k++)
        glean_strset_free(&r->words[k]);
    free(r->rules);
    glean_buf_free(&r->names);
    free(r->labels);
    free(r->sources);
    free(r);
}

int glean_recognizer_add_word(glean_recognizer *r, int set, const char *word, size_t len,
                              glean_error *err)
{
    if (set < 0 || set >= GLEAN_REC_NSETS)
        return glean_fail(err, GLEAN_EARG, 0, "no word set %d", set);
    if (glean_strset_put(&r->words[set], word, len, glean_hash(word, len), 1))
        return oom(err);
    return GLEAN_OK;
}

/* The code of a label name among the recognizer's own (fixed and the rules'). */
static long find_label(const glean_buf *arena, const rec_name *names, size_t n,
                       const char *s, size_t len)
{
    for (size_t k = 0; k < n; k++)
        if (names[k].len == len && memcmp(arena->data + names[k].off, s, len) == 0)
            return (long)k;
    return -1;
}

int glean_recognizer_set_rules(glean_recognizer *r, const glean_rec_rule *rules, size_t n,
                               glean_error *err)
{
    if (r->rules)
        return glean_fail(err, GLEAN_EARG, 0, "the recognizer's rules are set already");
    r->rules = calloc(n + 1, sizeof *r->rules);
    if (!r->rules)
        return oom(err);
    for (size_t i = 0; i < n; i++) {
        const glean_rec_rule *in = &rules[i];
        rec_rule *x = &r->rules[i];
        if (!in->label || !in->name)
            return glean_fail(err, GLEAN_EARG, i, "rule %zu has no label or name", i + 1);
        size_t ll = strlen(in->label);
        long code = find_label(&r->names, r->labels, r->nlabels, in->label, ll);
        if (code < 0) {
            uint32_t c;
            if (add_name(&r->names, &r->labels, &r->nlabels, &r->labels_cap, NULL, in->label, ll, &c))
                return oom(err);
            code = (long)c;
        }
        uint32_t src;
        if (add_name(&r->names, &r->sources, &r->nsources, &r->sources_cap, "rule:", in->name,
                     strlen(in->name), &src))
            return oom(err);
        x->label = (uint32_t)code;
        x->source = src;
        x->priority = in->priority;
        x->ent = in->ent;
        x->ent2 = in->ent2;
        x->run = code == LBL_RUN || code == LBL_UPPER;
        x->teams = in->teams != 0;
        x->head_last = in->head_last != 0;
        x->title = in->title != 0;
        x->written_priority = in->written_priority;
        r->nrules = i + 1;
    }
    return GLEAN_OK;
}

size_t glean_recognizer_rule_count(const glean_recognizer *r)
{
    return r->nrules;
}

int glean_recognizer_scratch_new(glean_recognizer_scratch **out)
{
    glean_recognizer_scratch *s = calloc(1, sizeof *s);
    *out = s;
    if (!s)
        return GLEAN_ENOMEM;
    glean_buf_init(&s->names);
    glean_strset_init(&s->aliases);
    glean_strset_init(&s->seen_mid);
    glean_buf_init(&s->key);
    return GLEAN_OK;
}

void glean_recognizer_scratch_free(glean_recognizer_scratch *s)
{
    if (!s)
        return;
    free(s->type_words);
    free(s->type_stamp);
    glean_buf_free(&s->names);
    free(s->labels);
    free(s->sources);
    free(s->starts);
    free(s->sent_start);
    free(s->taken);
    free(s->taken2);
    free(s->mark);
    free(s->at);
    free(s->listed);
    free(s->country);
    free(s->cands);
    free(s->order);
    free(s->chosen);
    free(s->keys);
    free(s->runs);
    free(s->working);
    glean_strset_free(&s->aliases);
    glean_strset_free(&s->seen_mid);
    glean_buf_free(&s->key);
    free(s->out);
    free(s);
}

void rec_strset_clear(glean_strset *set)
{
    if (set->slots)
        memset(set->slots, 0, set->nslots * sizeof *set->slots);
    set->n = 0;
    set->arena.len = 0;
    set->min_len = SIZE_MAX;
    set->max_len = 0;
}

/* The word sets type `type` belongs to, computed on first use and kept (bit 15 says
 * computed). 0 when memory ran out: the type then counts as in no set, which changes
 * no verdict the caller has not already lost (glean_recognize checks the cache size
 * before it runs). */
uint32_t rec_type_words(const glean_recognizer *r, glean_recognizer_scratch *s,
                        const glean_lexicon *lx, uint32_t type)
{
    uint16_t w = s->type_words[type];
    if (w & 0x8000u)
        return w;
    const glean_lexeme *x = &lx->types[type];
    const char *text = glean_lex_str(lx, x->text), *lower = glean_lex_str(lx, x->lower);
    uint64_t ht = x->hash, hl = glean_hash(lower, x->lower_len);
    uint32_t v;
    w = 0x8000u;
    for (int k = 0; k < GLEAN_REC_NSETS; k++) {
        int by_lower = k == GLEAN_REC_CONNECTOR || k == GLEAN_REC_TITLE;
        if (by_lower ? glean_strset_get(&r->words[k], lower, x->lower_len, hl, &v)
                     : glean_strset_get(&r->words[k], text, x->text_len, ht, &v))
            w |= (uint16_t)(1u << k);
    }
    s->type_words[type] = w;
    return w;
}

/* Labels and entry ids come from the gazetteer image as strings; they are looked up by
 * content (a few short comparisons per match), never cached by pointer: an image that
 * is recompiled may reuse an address for other strings. */
int rec_gaz_label(const glean_recognizer *r, glean_recognizer_scratch *s, const char *label,
                  uint32_t *code)
{
    size_t len = strlen(label);
    long k = find_label(&r->names, r->labels, r->nlabels, label, len);
    if (k < 0) {
        k = find_label(&s->names, s->labels, s->nlabels, label, len);
        if (k < 0) {
            uint32_t c;
            if (add_name(&s->names, &s->labels, &s->nlabels, &s->labels_cap, NULL, label, len, &c))
                return GLEAN_ENOMEM;
            s->labels[c].out = (uint32_t)r->nlabels + c;
            k = (long)c;
        }
        k += (long)r->nlabels;
    }
    *code = (uint32_t)k;
    return GLEAN_OK;
}

int rec_gaz_source(const glean_recognizer *r, glean_recognizer_scratch *s, const char *id,
                   uint32_t *code)
{
    const char *name = id ? id : "builtin";
    size_t len = strlen(name), k;
    for (k = 0; k < s->nsources; k++) /* "list:" + name */
        if (s->sources[k].len == len + 5 && memcmp(s->names.data + s->sources[k].off + 5, name, len) == 0)
            break;
    if (k == s->nsources) {
        uint32_t c;
        if (add_name(&s->names, &s->sources, &s->nsources, &s->sources_cap, "list:", name, len, &c))
            return GLEAN_ENOMEM;
    }
    *code = (uint32_t)(r->nsources + k);
    return GLEAN_OK;
}

const char *glean_recognizer_label_name(const glean_recognizer *r,
                                        const glean_recognizer_scratch *s, uint32_t label,
                                        size_t *len)
{
    const rec_name *x;
    if (label < r->nlabels)
        x = &r->labels[r->labels[label].out];
    else if (label - r->nlabels < s->nlabels)
        x = &s->labels[label - r->nlabels];
    else
        return NULL;
    *len = x->len;
    return (label < r->nlabels ? r->names.data : s->names.data) + x->off;
}

const char *glean_recognizer_source_name(const glean_recognizer *r,
                                         const glean_recognizer_scratch *s, uint32_t source,
                                         size_t *len)
{
    if (source < r->nsources) {
        *len = r->sources[source].len;
        return r->names.data + r->sources[source].off;
    }
    if (source - r->nsources < s->nsources) {
        *len = s->sources[source - r->nsources].len;
        return s->names.data + s->sources[source - r->nsources].off;
    }
    return NULL;
}
