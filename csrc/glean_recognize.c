/* glean_recognize.c — the recognizer's judge over one document: the C twin of
 * lua/glean/extract/entity_judge.lua and the middle of entities.lua (how it decides is
 * told there; each function here names the Lua function it mirrors). Token indices are
 * 0-based here and 1-based there. */
#include "glean_recognizer_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct judge {
    const glean_recognizer *r;
    glean_recognizer_scratch *s;
    const glean_rec_inputs *in;
    const glean_doc *d;
    const glean_lexicon *lx;
    size_t n;
    glean_error *err;
} judge;

static int oom(glean_error *err)
{
    return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory in the entity recognizer");
}

static inline uint32_t tflags(const judge *j, size_t i)
{
    return j->lx->flags[j->d->toks[i].type];
}

static inline int in_set(const judge *j, size_t i, int set)
{
    return (int)((rec_type_words(j->r, j->s, j->lx, j->d->toks[i].type) >> set) & 1);
}

static inline const char *ttext(const judge *j, size_t i, size_t *len)
{
    const glean_lexeme *x = &j->lx->types[j->d->toks[i].type];
    *len = x->text_len;
    return glean_lex_str(j->lx, x->text);
}

static inline const char *tlower(const judge *j, size_t i, size_t *len)
{
    const glean_lexeme *x = &j->lx->types[j->d->toks[i].type];
    *len = x->lower_len;
    return glean_lex_str(j->lx, x->lower);
}

static inline int ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }
static inline int ascii_lower(char c) { return c >= 'a' && c <= 'z'; }

/* Lua's %s: the C locale's isspace. */
static inline int lua_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static int push_cand(judge *j, uint32_t first, uint32_t last, uint32_t label, uint32_t source,
                     int strength)
{
    glean_recognizer_scratch *s = j->s;
    if (glean_grow((void **)&s->cands, &s->cands_cap, s->ncands + 1, sizeof *s->cands))
        return oom(j->err);
    s->cands[s->ncands++] = (rec_cand){ first, last, label, source, strength };
    return GLEAN_OK;
}

/* --- line_starts ---------------------------------------------------------------------- */

static long token_after(const glean_doc *d, size_t b)
{
    size_t lo = 0, hi = d->ntoks;
    while (lo < hi) { /* the first token whose start is past b */
        size_t mid = (lo + hi) / 2;
        if (d->toks[mid].start > b)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo < d->ntoks ? (long)lo : -1;
}

/* The tokens that start a sentence or a line; newlines alone are searched with memchr
 * (most texts), other breaks (\r, U+2028, U+2029) by the general scan. */
static void line_starts(judge *j)
{
    const glean_doc *d = j->d;
    uint8_t *st = j->s->starts, *ss = j->s->sent_start;
    const unsigned char *text = (const unsigned char *)d->text;
    size_t len = d->len;
    memset(st, 0, j->n + 2);
    memset(ss, 0, j->n + 2);
    st[0] = 1;
    for (size_t k = 0; k < d->nsents; k++)
        if (d->sents[k].first < j->n)
            st[d->sents[k].first] = ss[d->sents[k].first] = 1;
    int other = memchr(text, '\r', len) != NULL;
    for (size_t a = 0; !other && a + 2 < len; a++)
        other = text[a] == 0xE2 && text[a + 1] == 0x80 && (text[a + 2] == 0xA8 || text[a + 2] == 0xA9);
    if (!other) {
        size_t pos = 0;
        for (;;) {
            const unsigned char *nl = memchr(text + pos, '\n', len - pos);
            if (!nl)
                break;
            size_t k = (size_t)(nl - text) + 1;
            while (k < len && lua_space(text[k]))
                k++;
            if (k >= len)
                break;
            long t = glean_doc_token_at(d, k);
            if (t >= 0)
                st[t] = 1;
            pos = k + 1;
        }
        return;
    }
    for (size_t a = 0; a < len; a++) {
        unsigned char c = text[a];
        if (c != '\n' && c != '\r' && c != 0xE2)
            continue;
        if (c == 0xE2 && !(a + 2 < len && text[a + 1] == 0x80 && (text[a + 2] == 0xA8 || text[a + 2] == 0xA9)))
            continue;
        long t = token_after(d, a);
        if (t >= 0)
            st[t] = 1;
    }
}

/* --- list_candidates ------------------------------------------------------------------- */

static int bare_capital(judge *j, long i)
{
    if (i < 0 || (size_t)i >= j->n || j->s->mark[i])
        return 0;
    uint32_t f = tflags(j, (size_t)i);
    return (f & GLEAN_IS_TITLE) && !(f & GLEAN_IS_STOP) && !j->s->sent_start[i];
}

static int list_candidates(judge *j)
{
    glean_recognizer_scratch *s = j->s;
    const glean_rec_inputs *in = j->in;
    s->ncands = 0;
    int rc;
    if (in->known) {
        if ((rc = glean_gaz_find(in->known_cursor, in->known, in->tk, j->d, GLEAN_GAZ_CAPITALISED,
                                 NULL, 0, j->err)) != GLEAN_OK)
            return rc;
        const glean_gaz_cursor *cur = in->known_cursor;
        for (size_t k = 0; k < cur->nmatches; k++) {
            const glean_gaz_match *m = &cur->matches[k];
            glean_gaz_entry_info e;
            uint32_t label, source;
            if (glean_gaz_entry(in->known, m->entry, &e) != GLEAN_OK)
                return glean_fail(j->err, GLEAN_GAZ_EBADFILE, 0, "corrupt gazetteer: entry %u",
                                  m->entry + 1);
            if (rec_gaz_label(j->r, s, e.label, &label) || rec_gaz_source(j->r, s, e.id, &source) ||
                push_cand(j, m->first, m->last, label, source, STRENGTH_LIST))
                return oom(j->err);
        }
    }
    /* a one-word city next to a capitalised word no list knows is more likely part of a
       name (`Duffy Waldorf`): left to the rules and the run judge */
    memset(s->mark, 0, j->n + 2);
    for (size_t k = 0; k < s->ncands; k++)
        memset(s->mark + s->cands[k].first, 1, s->cands[k].last - s->cands[k].first + 1);
    size_t kept = 0;
    for (size_t k = 0; k < s->ncands; k++) {
        const rec_cand *c = &s->cands[k];
        int lone_city = c->label == LBL_CITY && c->first == c->last;
        if (!(lone_city && ((bare_capital(j, (long)c->first - 1) && !s->starts[c->first]) ||
                            (bare_capital(j, (long)c->last + 1) && !s->starts[c->last + 1] &&
                             !s->sent_start[c->first]))))
            s->cands[kept++] = *c;
    }
    s->ncands = kept;
    if (!in->first_names)
        return GLEAN_OK;
    for (size_t i = 0; i < j->n; i++)
        s->at[i] = -1;
    for (size_t k = 0; k < s->ncands; k++)
        for (uint32_t i = s->cands[k].first; i <= s->cands[k].last; i++)
            s->at[i] = (int32_t)k;
    if ((rc = glean_gaz_find(in->first_cursor, in->first_names, in->tk, j->d,
                             GLEAN_GAZ_CAPITALISED, NULL, 0, j->err)) != GLEAN_OK)
        return rc;
    const glean_gaz_cursor *cur = in->first_cursor;
    for (size_t k = 0; k < cur->nmatches; k++) {
        uint32_t first = cur->matches[k].first, last = cur->matches[k].last;
        int32_t clash = s->at[first];
        if (first > 0 && in_set(j, first - 1, GLEAN_REC_SAINT))
            continue;   /* `St Etienne`, `San Jose`: a place or a club, not a person */
        if (clash < 0) {
            if (push_cand(j, first, last, LBL_FIRST, GLEAN_REC_SRC_FIRST_NAMES, STRENGTH_LIST))
                return oom(j->err);
            continue;
        }
        rec_cand *c = &s->cands[clash];
        size_t tl;
        const char *next = last + 1 < j->n ? ttext(j, last + 1, &tl) : NULL;
        /* `Jordan Henderson`: a place that is also a first name, before a capitalised word */
        if (c->first == c->last && c->label != LBL_NORP && next && tl >= 2 &&
            ascii_upper(next[0]) && ascii_lower(next[1])) {
            c->label = LBL_FIRST;
            c->source = GLEAN_REC_SRC_FIRST_NAMES;
        }
    }
    return GLEAN_OK;
}

/* --- resolve --------------------------------------------------------------------------- */

typedef struct sort_item {
    uint32_t len, weak, first, pos;   /* longer, stronger, earlier, then input order */
} sort_item;

static int cmp_item(const void *x, const void *y)
{
    const sort_item *a = x, *b = y;
    if (a->len != b->len)
        return a->len > b->len ? -1 : 1;
    if (a->weak != b->weak)
        return a->weak < b->weak ? -1 : 1;
    if (a->first != b->first)
        return a->first < b->first ? -1 : 1;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

/* Picks non-overlapping candidates among idx[0..k): longer first, then stronger, then
 * earlier (ties in input order); marks their tokens in `taken`. */
static int resolve(judge *j, const uint32_t *idx, size_t k, uint8_t *taken)
{
    glean_recognizer_scratch *s = j->s;
    if (glean_grow((void **)&s->keys, &s->keys_cap, (k * sizeof(sort_item) + 7) / 8 + 1, 8) ||
        glean_grow((void **)&s->chosen, &s->chosen_cap, k + 1, sizeof *s->chosen))
        return oom(j->err);
    sort_item *items = (sort_item *)s->keys;
    for (size_t q = 0; q < k; q++) {
        const rec_cand *c = &s->cands[idx[q]];
        uint32_t len = c->last - c->first;
        items[q] = (sort_item){ len > 1023 ? 1023 : len, (uint32_t)(40 - c->strength + 64),
                                c->first, idx[q] };
    }
    qsort(items, k, sizeof *items, cmp_item);
    s->nchosen = 0;
    for (size_t q = 0; q < k; q++) {
        const rec_cand *c = &s->cands[items[q].pos];
        uint32_t i = c->first;
        while (i <= c->last && !taken[i])
            i++;
        if (i <= c->last)
            continue;
        memset(taken + c->first, 1, c->last - c->first + 1);
        s->chosen[s->nchosen++] = items[q].pos;
    }
    return GLEAN_OK;
}

/* Candidates idx[0..k) into text order (chosen ones do not overlap: starts differ). */
static int order_by_first(judge *j, uint32_t *idx, size_t k)
{
    glean_recognizer_scratch *s = j->s;
    if (glean_grow((void **)&s->keys, &s->keys_cap, (k * sizeof(sort_item) + 7) / 8 + 1, 8))
        return oom(j->err);
    sort_item *items = (sort_item *)s->keys;
    for (size_t q = 0; q < k; q++)
        items[q] = (sort_item){ 0, 0, s->cands[idx[q]].first, idx[q] };
    qsort(items, k, sizeof *items, cmp_item);
    for (size_t q = 0; q < k; q++)
        idx[q] = items[q].pos;
    return GLEAN_OK;
}

/* --- trim, person tails ------------------------------------------------------------------ */

/* Drops the leading words that cannot start a name (`The`, a title, a stop word). */
static uint32_t trimmed(judge *j, uint32_t first, uint32_t last)
{
    while (first <= last && (in_set(j, first, GLEAN_REC_LEADING) || in_set(j, first, GLEAN_REC_TITLE) ||
                             (tflags(j, first) & GLEAN_IS_STOP)))
        first++;
    return first;
}

static int trim(judge *j, rec_cand *c)
{
    c->first = trimmed(j, c->first, c->last);
    return c->first <= c->last;
}

/* Whether the capitalised words from token i on end in a word of an event, a law, an
 * institution or a role (`Hans Christian Andersen Award`). */
static int starts_non_person(judge *j, size_t i)
{
    long last = -1;
    while (i < j->n && (tflags(j, i) & GLEAN_IS_TITLE))
        last = (long)i++;
    return last >= 0 && in_set(j, (size_t)last, GLEAN_REC_NOT_PERSON_LAST);
}

/* --- rule_candidates --------------------------------------------------------------------- */

/* The internal name of a label code, for the rules' @LABEL tests. */
static const char *label_key(const judge *j, uint32_t code, size_t *len)
{
    const glean_recognizer *r = j->r;
    if (code < r->nlabels) {
        *len = r->labels[code].len;
        return r->names.data + r->labels[code].off;
    }
    const rec_name *x = &j->s->labels[code - r->nlabels];
    *len = x->len;
    return j->s->names.data + x->off;
}

static int push_run(judge *j, uint32_t first, uint32_t last, uint32_t kind)
{
    glean_recognizer_scratch *s = j->s;
    if (glean_grow((void **)&s->runs, &s->runs_cap, s->nruns + 1, sizeof *s->runs))
        return oom(j->err);
    s->runs[s->nruns++] = (rec_run){ first, last, kind };
    return GLEAN_OK;
}

static int push_working(judge *j, uint32_t first, uint32_t last, int32_t label, int country)
{
    glean_recognizer_scratch *s = j->s;
    if (glean_grow((void **)&s->working, &s->working_cap, s->nworking + 1, sizeof *s->working))
        return oom(j->err);
    s->working[s->nworking++] = (glean_match_ent){ first, last, label };
    s->listed[first] = (int32_t)last;
    if (country)
        s->country[first] = (int32_t)last;
    memset(s->mark + first, 1, last - first + 1);   /* in_listed */
    return GLEAN_OK;
}

/* The entities the rules see: the user's and the lists' names that win among themselves
 * (text order), with their labels as the rules know them. */
static int build_working(judge *j)
{
    glean_recognizer_scratch *s = j->s;
    const glean_rec_inputs *in = j->in;
    memcpy(s->taken2, s->taken, j->n + 2);
    for (size_t k = 0; k < s->ncands; k++)
        s->order[k] = (uint32_t)k;
    int rc = resolve(j, s->order, s->ncands, s->taken2);
    if (rc != GLEAN_OK)
        return rc;
    if ((rc = order_by_first(j, s->chosen, s->nchosen)) != GLEAN_OK)
        return rc;
    for (size_t i = 0; i < j->n + 2; i++)
        s->listed[i] = s->country[i] = -1;
    memset(s->mark, 0, j->n + 2);
    s->nworking = 0;
    size_t u = 0, c = 0;
    while (u < in->nuser_ents || c < s->nchosen) {
        if (u < in->nuser_ents &&
            (c == s->nchosen || in->user_ents[u].first < s->cands[s->chosen[c]].first)) {
            const glean_rec_user_ent *e = &in->user_ents[u++];
            int32_t bit = e->label ? glean_rules_label_find(in->rules, e->label, e->label_len) : -1;
            int country = e->label && e->label_len == 7 && memcmp(e->label, "COUNTRY", 7) == 0;
            rc = push_working(j, e->first, e->last, bit, country);
        } else {
            const rec_cand *x = &s->cands[s->chosen[c++]];
            size_t len;
            const char *name = label_key(j, x->label, &len);
            rc = push_working(j, x->first, x->last, glean_rules_label_find(in->rules, name, len),
                              x->label == LBL_COUNTRY);
        }
        if (rc != GLEAN_OK)
            return rc;
    }
    return GLEAN_OK;
}

/* One entity capture (or the whole match) of a rule match as a candidate. */
static int rule_capture(judge *j, const rec_rule *info, uint32_t first, int cap, uint32_t f,
                        uint32_t l)
{
    glean_recognizer_scratch *s = j->s;
    /* the words before a capture are its evidence: none on the line before, and no
       title that is part of a listed name (`General Motors Europe`) */
    if (cap >= 0 && f > first)
        for (uint32_t i = first; i < f; i++)
            if (s->starts[i + 1] || (info->title && s->mark[i]))
                return GLEAN_OK;
    /* over a line break or a sentence start one side is kept: the last for head-final
       names (`Leicester ⏎⏎ National League`), else the first */
    uint32_t l0 = l;
    for (uint32_t i = f + 1; i <= l0; i++)
        if (s->starts[i]) {
            if (info->head_last) {
                f = i;
            } else {
                l = i - 1;
                break;
            }
        }
    if (info->teams && s->country[f] == (int32_t)l)
        return GLEAN_OK;
    rec_cand c = { f, l, info->label, info->source, STRENGTH_RULE + info->priority };
    if (!(info->label == LBL_DATE || s->listed[f] == (int32_t)l || trim(j, &c)))
        return GLEAN_OK;
    if (info->label == LBL_PERSON && in_set(j, c.last, GLEAN_REC_NOT_PERSON_LAST))
        return GLEAN_OK;
    if (info->written_priority > 0 && c.first > 0 && in_set(j, c.first - 1, GLEAN_REC_WRITTEN_TITLE))
        c.strength = STRENGTH_RULE + info->written_priority;
    return push_cand(j, c.first, c.last, c.label, c.source, c.strength);
}

static int rule_candidates(judge *j)
{
    glean_recognizer_scratch *s = j->s;
    const glean_rec_inputs *in = j->in;
    glean_rules_result *res = in->rules_result;
    int rc = build_working(j);
    if (rc != GLEAN_OK)
        return rc;
    rc = glean_rules_match(in->rules, in->rules_scratch, j->d, j->lx, s->working, s->nworking, 0,
                           -1, in->extern_fn, in->extern_ud, res, j->err);
    if (rc != GLEAN_OK)
        return rc;
    glean_rules_result_sort(res);
    for (size_t k = 0; k < res->n; k++) {
        const glean_rule_match *m = &res->matches[k];
        if (m->rule >= j->r->nrules)
            return glean_fail(j->err, GLEAN_EARG, 0, "the recognizer knows %zu rules, the rule "
                              "set has more", j->r->nrules);
        const rec_rule *info = &j->r->rules[m->rule];
        uint32_t first = m->first, last = m->end - 1;
        if (info->run) { /* a run goes on over a line break: its pieces are judged apart */
            for (uint32_t i = first + 1; i <= last; i++)
                if (s->starts[i]) {
                    if (push_run(j, first, i - 1, info->label))
                        return oom(j->err);
                    first = i;
                }
            if (push_run(j, first, last, info->label))
                return oom(j->err);
            continue;
        }
        size_t ncaps = glean_rules_captures(in->rules, m->rule);
        for (int g = 0; g < 2; g++) {
            int cap = g == 0 ? info->ent : info->ent2;
            if (cap < 0 && g == 1)
                break;
            uint32_t f = first, l = last;
            if (cap >= 0) {
                if ((size_t)cap >= ncaps)
                    return glean_fail(j->err, GLEAN_EARG, 0, "rule %u has no capture %d",
                                      m->rule + 1, cap + 1);
                int32_t a = res->caps[m->caps + 2 * (size_t)cap], e = res->caps[m->caps + 2 * (size_t)cap + 1];
                if (a < 0 || e <= a)
                    continue;   /* the capture took no tokens */
                f = (uint32_t)a;
                l = (uint32_t)e - 1;
            }
            if ((rc = rule_capture(j, info, first, cap, f, l)) != GLEAN_OK)
                return rc;
        }
    }
    return GLEAN_OK;
}

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
            return oom(j->err);
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
        return oom(j->err);
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
        return oom(j->err);
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
        first = trimmed(j, first, last);
        if (first > last)
            continue;
        uint32_t source = 0;
        long label = judge_run(j, u, first, last, &source);
        if (label == -2)
            return oom(j->err);
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
                return oom(j->err);
            *arrs8[k] = p;
        }
        void **arrs32[] = { (void **)&s->at, (void **)&s->listed, (void **)&s->country };
        for (size_t k = 0; k < sizeof arrs32 / sizeof *arrs32; k++) {
            void *p = realloc(*arrs32[k], need * sizeof(int32_t));
            if (!p)
                return oom(j->err);
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
            return oom(j->err);
        memset(w + s->types_cap, 0, (cap - s->types_cap) * sizeof *w);
        s->type_words = w;
        uint32_t *st = realloc(s->type_stamp, cap * sizeof *st);
        if (!st)
            return oom(j->err);
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
        return oom(j->err);
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
    line_starts(&j);
    if ((rc = list_candidates(&j)) != GLEAN_OK)
        return rc;
    if (glean_grow((void **)&s->order, &s->order_cap, s->ncands + 1, sizeof *s->order))
        return oom(err);
    if (in->rules && (rc = rule_candidates(&j)) != GLEAN_OK)
        return rc;
    /* every candidate against the others and the user's entities */
    if (glean_grow((void **)&s->order, &s->order_cap, s->ncands + 1, sizeof *s->order))
        return oom(err);
    for (size_t k = 0; k < s->ncands; k++)
        s->order[k] = (uint32_t)k;
    if ((rc = resolve(&j, s->order, s->ncands, s->taken)) != GLEAN_OK)
        return rc;
    size_t kept = 0;
    for (size_t q = 0; q < s->nchosen; q++) {
        rec_cand *c = &s->cands[s->chosen[q]];
        if (c->label == LBL_FIRST) {
            /* a lone first name that is no everyday word, and not at the start of the name
               of an event, a prize or an institution (`Hans Christian Andersen Award`) */
            if (c->first == c->last && !in_set(&j, c->first, GLEAN_REC_WEAK_FIRST) &&
                !in_set(&j, c->first, GLEAN_REC_LEADING) && !in_set(&j, c->first, GLEAN_REC_NOT_ALONE) &&
                !starts_non_person(&j, c->last + 1)) {
                c->label = LBL_PERSON;
                s->chosen[kept++] = s->chosen[q];
            } else {
                memset(s->taken + c->first, 0, c->last - c->first + 1);
            }
        } else if (c->label != LBL_PERSON || trim(&j, c)) {
            s->chosen[kept++] = s->chosen[q];
        }
    }
    s->nchosen = kept;
    if ((rc = order_by_first(&j, s->chosen, s->nchosen)) != GLEAN_OK)
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
    if (s->nout > nchosen) /* the runs' entities among the others, in text order */
        qsort(s->out, s->nout, sizeof *s->out, cmp_entity);
    *ents = s->out;
    *n = s->nout;
    return GLEAN_OK;
}
