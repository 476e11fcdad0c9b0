/* glean_recognize.c — the recognizer's judge over one document: the C twin of
 * lua/glean/extract/entity_judge.lua and the middle of entities.lua (how it decides is
 * told there; each function here names the Lua function it mirrors). Token indices are
 * 0-based here and 1-based there. */
#include "glean_recognizer_internal.h"
#include "glean_sort.h"

#include <stdlib.h>
#include <string.h>

/* --- aliases (remember) -------------------------------------------------------------------- */

/* The lower-case words of tokens first..first + nwords - 1, joined by spaces, in s->key. */
static int words_key(judge *j, uint32_t first, uint32_t nwords)
{
    glean_buf *b = &j->s->key;
    b->len = 0;
    for (uint32_t i = first; i < first + nwords; i++) {
        size_t len;
        const char *w = tlower(j, i, &len);
        if ((i > first && glean_buf_append(b, " ", 1)) || glean_buf_append(b, w, len))
            return rec_oom(j->err);
    }
    return GLEAN_OK;
}

static int alias_get(judge *j, uint32_t *label)
{
    const glean_buf *b = &j->s->key;
    return glean_strset_get(&j->s->aliases, b->len ? b->data : "", b->len,
                            glean_hash(b->len ? b->data : "", b->len), label);
}

static int alias_put_new(judge *j, uint32_t label)
{
    uint32_t old;
    if (alias_get(j, &old))
        return GLEAN_OK;
    const glean_buf *b = &j->s->key;
    if (glean_strset_put(&j->s->aliases, b->len ? b->data : "", b->len,
                         glean_hash(b->len ? b->data : "", b->len), label))
        return rec_oom(j->err);
    return GLEAN_OK;
}

#define MAX_ALIAS_WORDS 8

/* The keys under which later mentions of a PERSON or ORG are recognised. */
static int remember(judge *j, const rec_cand *c)
{
    uint32_t nwords = c->last - c->first + 1;
    int rc;
    if ((rc = words_key(j, c->first, nwords)) || (rc = alias_put_new(j, c->label)))
        return rc;
    if (c->label == LBL_PERSON && nwords >= 2) {
        if ((rc = words_key(j, c->last, 1)) || (rc = alias_put_new(j, LBL_PERSON)))
            return rc;
    } else if (c->label == LBL_ORG && nwords >= 2 && !in_set(j, c->first, GLEAN_REC_LEADING) &&
               !in_set(j, c->first, GLEAN_REC_NOT_ALONE)) {
        for (uint32_t k = nwords - 1 < MAX_ALIAS_WORDS ? nwords - 1 : MAX_ALIAS_WORDS; k >= 1; k--)
            if ((rc = words_key(j, c->first, k)) || (rc = alias_put_new(j, LBL_ORG)))
                return rc;
    }
    return GLEAN_OK;
}

/* --- run_entities --------------------------------------------------------------------------- */

/* Whether the document has a token whose text is the type's lower case (`Music` ... `the
 * music industry`): the lexicon knows the type of that text, the stamps which types the
 * document has. */
static int written_lower(judge *j, size_t i)
{
    glean_recognizer_scratch *s = j->s;
    size_t len;
    const char *key = tlower(j, i, &len);
    uint32_t id;
    if (!glean_lexicon_find(j->lx, key, len, &id))
        return 0;
    if (!s->stamped) {
        for (size_t t = 0; t < j->n; t++)
            s->type_stamp[j->d->toks[t].type] = s->stamp;
        s->stamped = 1;
    }
    return id < s->stamp_cap && s->type_stamp[id] == s->stamp;
}

/* Whether a lone capitalised word inside a sentence was also seen as a run's start
 * (evidence for the same word at a sentence start). */
static int mid_sentence(judge *j, uint32_t first)
{
    glean_recognizer_scratch *s = j->s;
    size_t len;
    const char *key;
    if (!s->seen_mid_ready) {
        rec_strset_clear(&s->seen_mid);
        for (size_t k = 0; k < s->nruns; k++) {
            const rec_run *u = &s->runs[k];
            if (u->kind == LBL_RUN && !s->starts[u->first]) {
                key = tlower(j, u->first, &len);
                if (glean_strset_put(&s->seen_mid, key, len, glean_hash(key, len), 1))
                    return -1;
            }
        }
        s->seen_mid_ready = 1;
    }
    uint32_t v;
    key = tlower(j, first, &len);
    return glean_strset_get(&s->seen_mid, key, len, glean_hash(key, len), &v);
}

/* Not the tail of a name nothing explained, over of/for/and/the (`Secretary of State
 * for Trade`; not `Smith of Reuters`). */
static int tail_of_unexplained(judge *j, long i)
{
    const uint8_t *taken = j->s->taken, *starts = j->s->starts;
    long k = i - 1;
    while (k > 0 && i - k <= 3 && in_set(j, (size_t)k, GLEAN_REC_CONNECTOR) &&
           (tflags(j, (size_t)k) & GLEAN_IS_LOWER))
        k--;
    return k >= 0 && k < i && !taken[k] && (tflags(j, (size_t)k) & GLEAN_IS_TITLE) &&
           (k == i - 1 || !(starts[k] || starts[k + 1]));
}

static int count_upper(const char *s, size_t len)
{
    int n = 0;
    for (size_t k = 0; k < len; k++)
        n += ascii_upper(s[k]);
    return n;
}

/* The verdict on one run that nothing else explained: a label, or -1. */
static long judge_run(judge *j, const rec_run *u, uint32_t first, uint32_t last, uint32_t *source)
{
    glean_recognizer_scratch *s = j->s;
    uint32_t n = last - first + 1, label;
    size_t fl, ll;
    const char *first_text = ttext(j, first, &fl), *last_text = ttext(j, last, &ll);
    int rc = words_key(j, first, n);
    if (rc != GLEAN_OK)
        return -2;
    if (alias_get(j, &label)) {
        *source = GLEAN_REC_SRC_ALIAS;
        return label;
    }
    if (u->kind == LBL_RUN && fl > 0 && (ascii_upper(first_text[0]) || ascii_lower(first_text[0]))) {
        if (in_set(j, last, GLEAN_REC_HEAD)) {
            *source = GLEAN_REC_SRC_RUN_HEAD;
            return LBL_ORG;
        }
        if (n >= 2 && n <= 4) {
            /* no name ends in a bare letter (`Group B`), nor in the word of an event */
            if ((ll == 1 && ascii_upper(last_text[0])) || in_set(j, last, GLEAN_REC_NOT_PERSON_LAST))
                return -1;
            *source = GLEAN_REC_SRC_RUN_NAME;
            return LBL_PERSON;
        }
        if (n == 1 && fl > 1 && !in_set(j, first, GLEAN_REC_LEADING) &&
            !in_set(j, first, GLEAN_REC_NOT_ALONE)) {
            int mid = !s->starts[first];
            if (!mid) {
                mid = mid_sentence(j, first);
                if (mid < 0)
                    return -2;
            }
            if (mid && !tail_of_unexplained(j, first) && !in_set(j, first, GLEAN_REC_COMMON_ACRONYM) &&
                !written_lower(j, first)) {
                *source = GLEAN_REC_SRC_RUN_SINGLE;
                return LBL_ORG;
            }
        }
        return -1;
    }
    if (u->kind == LBL_UPPER && n == 1 && fl >= 2 && fl <= 5 &&
        !in_set(j, first, GLEAN_REC_COMMON_ACRONYM) && count_upper(first_text, fl) >= 2 &&
        !s->starts[first] && !(first > 0 && (tflags(j, first - 1) & GLEAN_IS_UPPER)) &&
        !(last + 1 < j->n && (tflags(j, last + 1) & GLEAN_IS_UPPER))) {
        /* the short form of a common noun (`220 kilovolt (KV)`) names no organisation */
        size_t bl;
        const char *before = first > 1 ? ttext(j, first - 1, &bl) : NULL;
        if (before && bl == 1 && before[0] == '(' && (tflags(j, first - 2) & GLEAN_IS_LOWER))
            return -1;
        *source = GLEAN_REC_SRC_RUN_ACRONYM;
        return LBL_ORG;
    }
    return -1;
}

static int push_out(judge *j, uint32_t first, uint32_t last, uint32_t label, uint32_t source)
{
    glean_recognizer_scratch *s = j->s;
    if (glean_grow((void **)&s->out, &s->out_cap, s->nout + 1, sizeof *s->out))
        return rec_oom(j->err);
    s->out[s->nout++] = (glean_rec_entity){ first, last, label, source };
    return GLEAN_OK;
}

static int run_entities(judge *j)
{
    glean_recognizer_scratch *s = j->s;
    for (size_t k = 0; k < s->nruns; k++) {
        const rec_run *u = &s->runs[k];
        uint32_t first = u->first, last = u->last, i = first;
        while (i <= last && !s->taken[i])
            i++;
        if (i <= last)
            continue;
        first = rec_trimmed(j, first, last);
        if (first > last)
            continue;
        uint32_t source = 0;
        long label = judge_run(j, u, first, last, &source);
        if (label == -2)
            return rec_oom(j->err);
        if (label < 0)
            continue;
        memset(s->taken + first, 1, last - first + 1);
        int rc = push_out(j, first, last, (uint32_t)label, source);
        if (rc != GLEAN_OK)
            return rc;
    }
    return GLEAN_OK;
}

/* --- the document ----------------------------------------------------------------------------- */

static int prepare(judge *j)
{
    glean_recognizer_scratch *s = j->s;
    const glean_lexicon *lx = j->lx;
    size_t need = j->n + 2;
    if (need > s->toks_cap) {
        void **arrs8[] = { (void **)&s->starts, (void **)&s->sent_start, (void **)&s->taken,
                           (void **)&s->taken2, (void **)&s->mark };
        for (size_t k = 0; k < sizeof arrs8 / sizeof *arrs8; k++) {
            void *p = realloc(*arrs8[k], need);
            if (!p)
                return rec_oom(j->err);
            *arrs8[k] = p;
        }
        void **arrs32[] = { (void **)&s->at, (void **)&s->listed, (void **)&s->country };
        for (size_t k = 0; k < sizeof arrs32 / sizeof *arrs32; k++) {
            void *p = realloc(*arrs32[k], need * sizeof(int32_t));
            if (!p)
                return rec_oom(j->err);
            *arrs32[k] = p;
        }
        s->toks_cap = need;
    }
    if (s->lexicon != lx && s->type_words) { /* type bits are per lexicon */
        memset(s->type_words, 0, s->types_cap * sizeof *s->type_words);
        s->lexicon = lx;
    }
    if (lx->ntypes > s->types_cap) {
        size_t cap = s->types_cap ? s->types_cap : 1024;
        while (cap < lx->ntypes)
            cap *= 2;
        uint16_t *w = realloc(s->type_words, cap * sizeof *w);
        if (!w)
            return rec_oom(j->err);
        memset(w + s->types_cap, 0, (cap - s->types_cap) * sizeof *w);
        s->type_words = w;
        uint32_t *st = realloc(s->type_stamp, cap * sizeof *st);
        if (!st)
            return rec_oom(j->err);
        memset(st + s->stamp_cap, 0, (cap - s->stamp_cap) * sizeof *st);
        s->type_stamp = st;
        s->types_cap = s->stamp_cap = cap;
    }
    if (++s->stamp == 0) { /* wrapped: no stale stamp may look current */
        memset(s->type_stamp, 0, s->stamp_cap * sizeof *s->type_stamp);
        s->stamp = 1;
    }
    s->stamped = 0;
    s->seen_mid_ready = 0;
    s->nruns = s->nout = s->ncands = 0;
    if (glean_grow((void **)&s->order, &s->order_cap, 1, sizeof *s->order))
        return rec_oom(j->err);
    return GLEAN_OK;
}

/* Entities never overlap: their first tokens order them. */
static int cmp_entity(const void *x, const void *y)
{
    const glean_rec_entity *a = x, *b = y;
    return (a->first > b->first) - (a->first < b->first);
}

int glean_recognize(const glean_recognizer *r, glean_recognizer_scratch *s,
                    const glean_rec_inputs *in, const glean_rec_entity **ents, size_t *n,
                    glean_error *err)
{
    judge j = { r, s, in, in->doc, &in->tk->lex, in->doc->ntoks, err };
    *ents = NULL;
    *n = 0;
    if (in->rules && !in->rules_result)
        return glean_fail(err, GLEAN_EARG, 0, "a rule set needs its result buffer");
    int rc = prepare(&j);
    if (rc != GLEAN_OK)
        return rc;
    /* the user's entities are spoken for */
    memset(s->taken, 0, j.n + 2);
    for (size_t k = 0; k < in->nuser_ents; k++) {
        const glean_rec_user_ent *e = &in->user_ents[k];
        if (e->first > e->last || e->last >= j.n || (k > 0 && e->first <= in->user_ents[k - 1].last))
            return glean_fail(err, GLEAN_EARG, k, "entity %zu is outside the document, or out of "
                              "text order", k + 1);
        memset(s->taken + e->first, 1, e->last - e->first + 1);
    }
    rec_line_starts(&j);
    if ((rc = rec_list_candidates(&j)) != GLEAN_OK)
        return rc;
    if (glean_grow((void **)&s->order, &s->order_cap, s->ncands + 1, sizeof *s->order))
        return rec_oom(err);
    if (in->rules && (rc = rec_rule_candidates(&j)) != GLEAN_OK)
        return rc;
    /* every candidate against the others and the user's entities */
    if (glean_grow((void **)&s->order, &s->order_cap, s->ncands + 1, sizeof *s->order))
        return rec_oom(err);
    for (size_t k = 0; k < s->ncands; k++)
        s->order[k] = (uint32_t)k;
    if ((rc = rec_resolve(&j, s->order, s->ncands, s->taken)) != GLEAN_OK)
        return rc;
    size_t kept = 0;
    for (size_t q = 0; q < s->nchosen; q++) {
        rec_cand *c = &s->cands[s->chosen[q]];
        if (c->label == LBL_FIRST) {
            /* a lone first name that is no everyday word, and not at the start of the name
               of an event, a prize or an institution (`Hans Christian Andersen Award`) */
            if (c->first == c->last && !in_set(&j, c->first, GLEAN_REC_WEAK_FIRST) &&
                !in_set(&j, c->first, GLEAN_REC_LEADING) && !in_set(&j, c->first, GLEAN_REC_NOT_ALONE) &&
                !rec_starts_non_person(&j, c->last + 1)) {
                c->label = LBL_PERSON;
                s->chosen[kept++] = s->chosen[q];
            } else {
                memset(s->taken + c->first, 0, c->last - c->first + 1);
            }
        } else if (c->label != LBL_PERSON || rec_trim(&j, c)) {
            s->chosen[kept++] = s->chosen[q];
        }
    }
    s->nchosen = kept;
    if ((rc = rec_order_by_first(&j, s->chosen, s->nchosen)) != GLEAN_OK)
        return rc;
    rec_strset_clear(&s->aliases);
    for (size_t q = 0; q < s->nchosen; q++) {
        const rec_cand *c = &s->cands[s->chosen[q]];
        if ((c->label == LBL_PERSON || c->label == LBL_ORG) && (rc = remember(&j, c)) != GLEAN_OK)
            return rc;
    }
    /* a GeoNames town that the document names a person or club after */
    for (size_t q = 0; q < s->nchosen; q++) {
        rec_cand *c = &s->cands[s->chosen[q]];
        size_t len;
        const char *src = c->first == c->last ? glean_recognizer_source_name(r, s, c->source, &len) : NULL;
        uint32_t label;
        if (src && len == 13 && memcmp(src, "list:geonames", 13) == 0) {
            if ((rc = words_key(&j, c->first, 1)) != GLEAN_OK)
                return rc;
            if (alias_get(&j, &label)) {
                c->label = label;
                c->source = GLEAN_REC_SRC_ALIAS;
            }
        }
    }
    for (size_t q = 0; q < s->nchosen; q++) {
        const rec_cand *c = &s->cands[s->chosen[q]];
        if ((rc = push_out(&j, c->first, c->last, c->label, c->source)) != GLEAN_OK)
            return rc;
    }
    size_t nchosen = s->nout;
    if ((rc = run_entities(&j)) != GLEAN_OK)
        return rc;
    if (s->nout > nchosen) { /* the runs' entities among the others, in text order */
        if (glean_grow((void **)&s->keys, &s->keys_cap, (s->nout * sizeof *s->out + 7) / 8 + 1, 8))
            return rec_oom(j.err);
        glean_sort_stable(s->out, s->keys, s->nout, sizeof *s->out, cmp_entity);
    }
    *ents = s->out;
    *n = s->nout;
    return GLEAN_OK;
}
