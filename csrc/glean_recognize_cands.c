/* glean_recognize_cands.c — the recognizer's candidates for one document: the C twin of
 * entity_judge.lua's line_starts, list_candidates and rule_candidates, and of
 * entities.lua's resolve (how they decide is told there). Token indices are 0-based here
 * and 1-based there. glean_recognize.c judges what these find. */
#include "glean_recognizer_internal.h"
#include "glean_sort.h"

#include <stdlib.h>

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
void rec_line_starts(judge *j)
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

int rec_list_candidates(judge *j)
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
                rec_push_cand(j, m->first, m->last, label, source, STRENGTH_LIST))
                return rec_oom(j->err);
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
            if (rec_push_cand(j, first, last, LBL_FIRST, GLEAN_REC_SRC_FIRST_NAMES, STRENGTH_LIST))
                return rec_oom(j->err);
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
int rec_resolve(judge *j, const uint32_t *idx, size_t k, uint8_t *taken)
{
    glean_recognizer_scratch *s = j->s;
    if (glean_grow((void **)&s->keys, &s->keys_cap, (2 * k * sizeof(sort_item) + 7) / 8 + 1, 8) ||
        glean_grow((void **)&s->chosen, &s->chosen_cap, k + 1, sizeof *s->chosen))
        return rec_oom(j->err);
    sort_item *items = (sort_item *)s->keys; /* k items, then k more for the merges */
    for (size_t q = 0; q < k; q++) {
        const rec_cand *c = &s->cands[idx[q]];
        uint32_t len = c->last - c->first;
        items[q] = (sort_item){ len > 1023 ? 1023 : len, (uint32_t)(40 - c->strength + 64),
                                c->first, idx[q] };
    }
    glean_sort_stable(items, items + k, k, sizeof *items, cmp_item);
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
int rec_order_by_first(judge *j, uint32_t *idx, size_t k)
{
    glean_recognizer_scratch *s = j->s;
    if (glean_grow((void **)&s->keys, &s->keys_cap, (2 * k * sizeof(sort_item) + 7) / 8 + 1, 8))
        return rec_oom(j->err);
    sort_item *items = (sort_item *)s->keys;
    for (size_t q = 0; q < k; q++)
        items[q] = (sort_item){ 0, 0, s->cands[idx[q]].first, idx[q] };
    glean_sort_stable(items, items + k, k, sizeof *items, cmp_item);
    for (size_t q = 0; q < k; q++)
        idx[q] = items[q].pos;
    return GLEAN_OK;
}

/* --- trim, person tails ------------------------------------------------------------------ */

/* Drops the leading words that cannot start a name (`The`, a title, a stop word). */
uint32_t rec_trimmed(judge *j, uint32_t first, uint32_t last)
{
    while (first <= last && (in_set(j, first, GLEAN_REC_LEADING) || in_set(j, first, GLEAN_REC_TITLE) ||
                             (tflags(j, first) & GLEAN_IS_STOP)))
        first++;
    return first;
}

int rec_trim(judge *j, rec_cand *c)
{
    c->first = rec_trimmed(j, c->first, c->last);
    return c->first <= c->last;
}

/* Whether the capitalised words from token i on end in a word of an event, a law, an
 * institution or a role (`Hans Christian Andersen Award`). */
int rec_starts_non_person(judge *j, size_t i)
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
        return rec_oom(j->err);
    s->runs[s->nruns++] = (rec_run){ first, last, kind };
    return GLEAN_OK;
}

static int push_working(judge *j, uint32_t first, uint32_t last, int32_t label, int country)
{
    glean_recognizer_scratch *s = j->s;
    if (glean_grow((void **)&s->working, &s->working_cap, s->nworking + 1, sizeof *s->working))
        return rec_oom(j->err);
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
    int rc = rec_resolve(j, s->order, s->ncands, s->taken2);
    if (rc != GLEAN_OK)
        return rc;
    if ((rc = rec_order_by_first(j, s->chosen, s->nchosen)) != GLEAN_OK)
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
    if (!(info->label == LBL_DATE || s->listed[f] == (int32_t)l || rec_trim(j, &c)))
        return GLEAN_OK;
    if (info->label == LBL_PERSON && in_set(j, c.last, GLEAN_REC_NOT_PERSON_LAST))
        return GLEAN_OK;
    if (info->written_priority > 0 && c.first > 0 && in_set(j, c.first - 1, GLEAN_REC_WRITTEN_TITLE))
        c.strength = STRENGTH_RULE + info->written_priority;
    return rec_push_cand(j, c.first, c.last, c.label, c.source, c.strength);
}

int rec_rule_candidates(judge *j)
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
                        return rec_oom(j->err);
                    first = i;
                }
            if (push_run(j, first, last, info->label))
                return rec_oom(j->err);
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
