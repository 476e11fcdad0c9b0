/* glean_quote_speakers.c — who said a quote: the C twin of
 * lua/glean/extract/quote_speakers.lua (each function names the Lua function it mirrors;
 * the conventions are told in quotes.lua's header). Token indices are 0-based and signed
 * here (-1 stands for the Lua's nil or its token 0). */
#include "glean_quotes_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct sp {
    const glean_quoter *q;
    glean_quoter_scratch *s;
    long n;
} sp;

static inline int has(const sp *x, long i, int bit)
{
    return (int)((q_bits(x->q, x->s, (size_t)i) >> bit) & 1);
}
static inline uint32_t flags(const sp *x, long i)
{
    return q_flags(x->s, (size_t)i);
}
static inline int sent_start(const sp *x, long i)
{
    return x->s->sent_start[i];
}

/* glued_hyphen: a hyphen written between the tokens around it (`Quillinan-Meiland`). */
static int glued_hyphen(const sp *x, long i)
{
    if (i <= 0 || i >= x->n - 1 || !has(x, i, QB_HYPHEN))
        return 0;
    const glean_token *t = x->s->d->toks;
    long st = t[i].start;
    return (long)t[i + 1].start == st + 1 && (long)q_stop(x->s, (size_t)i - 1) == st - 1;
}

/* name_run: the proper-name run that ends at `last` (not before `first`), or -1. */
static long name_run(const sp *x, long first, long last)
{
    long a = last;
    if (a - 2 >= first && glued_hyphen(x, a - 1) && (flags(x, a) & GLEAN_IS_LOWER))
        a -= 2;
    if (!has(x, a, QB_TITLECASE) || has(x, a, GLEAN_QW_TITLE) || has(x, a, GLEAN_QW_DET))
        return -1;
    while (a > first) {
        long p = a - 1;
        if (has(x, p, QB_TITLECASE) && !has(x, p, GLEAN_QW_TITLE) && !has(x, p, GLEAN_QW_DET)) {
            a = p;
        } else if ((has(x, p, QB_AND) || has(x, p, QB_OF) || has(x, p, QB_FOR) ||
                    has(x, p, QB_AMP) || (has(x, p, QB_NORM_HYPHEN) && glued_hyphen(x, p))) &&
                   a - 2 >= first && has(x, a - 2, QB_TITLECASE) && !has(x, a - 2, GLEAN_QW_TITLE)) {
            a -= 2;
        } else {
            break;
        }
    }
    return a;
}

static int cmp_by_last(const void *pa, const void *pb, const glean_quote_ent *ents)
{
    const glean_quote_ent *a = &ents[*(const uint32_t *)pa], *b = &ents[*(const uint32_t *)pb];
    if (a->last != b->last)
        return a->last < b->last ? -1 : 1;
    uint32_t ia = *(const uint32_t *)pa, ib = *(const uint32_t *)pb;
    return (ia > ib) - (ia < ib);
}

/* The entities sorted by last token (then their order): a merge sort, since qsort has
 * no context argument in C11. */
static void sort_by_last(uint32_t *v, uint32_t *tmp, size_t n, const glean_quote_ent *ents)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_by_last(v, tmp, h, ents);
    sort_by_last(v + h, tmp, n - h, ents);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = cmp_by_last(&v[j], &v[i], ents) < 0 ? v[j++] : v[i++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

/* entity_ending: the first speaker entity (in the doc's order) that ends at `last` and
 * starts at or after `first`, or -1. The entities are asked for on first need. */
static int entity_ending(const sp *x, const glean_quotes_inputs *in, long first, long last,
                         long *found, glean_error *err)
{
    glean_quoter_scratch *s = x->s;
    *found = -1;
    if (!s->ents_ready) {
        if (in->ents_fn) {
            int rc = in->ents_fn(in->ents_ud, &s->ents, &s->nents, err);
            if (rc != GLEAN_OK)
                return rc;
        }
        if (glean_grow((void **)&s->ents_by_last, &s->by_last_cap, 2 * s->nents + 1,
                       sizeof *s->ents_by_last))
            return q_oom(err);
        for (size_t k = 0; k < s->nents; k++)
            s->ents_by_last[k] = (uint32_t)k;
        sort_by_last(s->ents_by_last, s->ents_by_last + s->nents, s->nents, s->ents);
        s->ents_ready = 1;
    }
    size_t lo = 0, hi = s->nents;
    while (lo < hi) { /* the first entity that ends at or after `last` */
        size_t mid = lo + (hi - lo) / 2;
        if ((long)s->ents[s->ents_by_last[mid]].last < last)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < s->nents && (long)s->ents[s->ents_by_last[lo]].last == last; lo++)
        if ((long)s->ents[s->ents_by_last[lo]].first >= first) {
            *found = s->ents_by_last[lo];
            return GLEAN_OK;
        }
    return GLEAN_OK;
}

/* speaker_in: the speaker inside the noun phrase first..last, as a new span. */
static int speaker_in(const sp *x, const glean_quotes_inputs *in, long first, long last,
                      uint32_t *id, glean_error *err)
{
    glean_quoter_scratch *s = x->s;
    /* a role with a complement (a spokeswoman for the RAD): all of it */
    for (long k = first + 1; k <= last - 1; k++)
        if ((has(x, k, QB_OF) || has(x, k, QB_FOR)) && (flags(x, k - 1) & GLEAN_IS_LOWER))
            return q_add_span(s, (uint32_t)first, (uint32_t)last, GLEAN_QSPAN_PLAIN, 0, id, err);
    long e;
    int rc = entity_ending(x, in, first, last, &e, err);
    if (rc != GLEAN_OK)
        return rc;
    if (e >= 0) {
        const glean_quote_ent *ent = &s->ents[e];
        return q_add_span(s, ent->first, ent->last, GLEAN_QSPAN_ENTITY, ent->index, id, err);
    }
    long a = name_run(x, first, last);
    if (a >= 0)
        return q_add_span(s, (uint32_t)a, (uint32_t)last, GLEAN_QSPAN_PLAIN, 0, id, err);
    return q_add_span(s, (uint32_t)first, (uint32_t)last, GLEAN_QSPAN_PLAIN, 0, id, err);
}

/* clause_start: back to a comma, bracket, colon, dash (no hyphen inside a word) or the
 * sentence start, at most 16 tokens. */
static long clause_start(const sp *x, long b)
{
    long c = b;
    while (c > 0 && b - c < 16 && !sent_start(x, c) &&
           !(has(x, c - 1, GLEAN_QW_CLAUSE_PUNCT) && !glued_hyphen(x, c - 1)) &&
           !(flags(x, c - 1) & GLEAN_IS_QUOTE))
        c--;
    return c;
}

/* The opening bracket before the closing one at e, up to 5 tokens back, or -1; it must
 * not be the first token (both Lua callers ask `k > 1`). */
static long bracket_open(const sp *x, long e)
{
    long k = e - 1;
    while (k > 0 && e - k < 6 && !has(x, k, QB_LPAREN))
        k--;
    return k >= 1 && has(x, k, QB_LPAREN) ? k : -1;
}

/* is_role: the noun phrase that ends at e ends in a common noun or opens with a
 * determiner (a bracketed short form at its end passed over). */
static int is_role(const sp *x, long e)
{
    if (has(x, e, QB_RPAREN)) {
        long k = bracket_open(x, e);
        if (k < 0)
            return 0;
        e = k - 1;
    }
    return (flags(x, e) & GLEAN_IS_LOWER) || has(x, clause_start(x, e), GLEAN_QW_DET);
}

/* subject_np: the subject noun phrase of a cue at token `cue`: *a, *b, or 0 for none. */
static int subject_np(const sp *x, long cue, long *pa, long *pb)
{
    long b = cue - 1;
    while (b >= 0 && (has(x, b, GLEAN_QW_AUX) || has(x, b, QB_ADVERB)) && !sent_start(x, b))
        b--;
    if (b < 1)
        return 0;
    if (has(x, b, QB_WHO_WHICH) && has(x, b - 1, QB_COMMA)) {
        b -= 2; /* Professor Chris Woodhead, who has said … */
        if (b < 0) /* `, who said` at the text's start: no subject */
            return 0;
    } else if (has(x, b, QB_COMMA)) {
        long c = clause_start(x, b - 1);
        int who = has(x, c, QB_WHO_WHICH);
        if (c > 1 && has(x, c - 1, QB_COMMA) &&
            (who || (c == b - 1 && (flags(x, c) & GLEAN_LIKE_NUM)))) {
            b = c - 2; /* X, who has taught ballet for 48 years, told …  /  Smith, 45, said */
        } else if (c > 1 && c < b && has(x, c - 1, QB_COMMA)) {
            /* a role and a name in apposition, either way round */
            if (is_role(x, c - 2) && name_run(x, c, b - 1) == c) {
                *pa = c;
                *pb = b - 1;
                return 1;
            }
            if ((flags(x, c) & GLEAN_IS_LOWER) || has(x, c, GLEAN_QW_DET)) {
                long a = name_run(x, clause_start(x, c - 2), c - 2);
                if (a >= 0) {
                    *pa = a;
                    *pb = c - 2;
                    return 1;
                }
            }
            return 0;
        } else {
            return 0;
        }
    }
    if (has(x, b, QB_RPAREN)) { /* the Qualifications and Curriculum Authority (QCA) has said */
        long k = bracket_open(x, b);
        if (k >= 0)
            b = k - 1;
    }
    if (has(x, b, GLEAN_QW_TIME_WORD) || (flags(x, b) & GLEAN_IS_PUNCT))
        return 0;
    long c = clause_start(x, b), a = -1;
    for (long j = b; j >= c; j--) {
        int joins_names = (has(x, j, QB_AND) || has(x, j, QB_AMP) || has(x, j, QB_OF)) &&
                          j > c && a >= 0 && has(x, j - 1, QB_TITLECASE) &&
                          has(x, j + 1, QB_TITLECASE);
        if ((has(x, j, GLEAN_QW_BREAK) && !joins_names) || has(x, j, QB_ADVERB))
            break;
        if (has(x, j, GLEAN_QW_PREP) &&
            !((has(x, j, QB_FOR) || has(x, j, QB_OF)) && a >= 0 &&
              (has(x, j + 1, GLEAN_QW_DET) || has(x, j + 1, QB_TITLECASE))))
            break;
        a = j;
        if (has(x, j, GLEAN_QW_DET) &&
            !(j - 1 >= c && (has(x, j - 1, QB_OF) || has(x, j - 1, QB_FOR))))
            break;
    }
    if (a < 0)
        return 0;
    *pa = a;
    *pb = b;
    return 1;
}

/* object_np: the object noun phrase after a cue ending at token `cue_last`. */
static int object_np(const sp *x, long cue_last, long *pa, long *pb)
{
    long a = cue_last + 1, n = x->n, b = -1;
    if (a >= n)
        return 0;
    for (long j = a; j <= (n - 1 < a + 9 ? n - 1 : a + 9); j++) {
        if (((flags(x, j) & (GLEAN_IS_PUNCT | GLEAN_IS_QUOTE)) && !glued_hyphen(x, j)) ||
            has(x, j, GLEAN_QW_BREAK) || (j > a && sent_start(x, j)))
            break;
        if (has(x, j, GLEAN_QW_PREP) && !((has(x, j, QB_OF) || has(x, j, QB_FOR)) && j > a))
            break;
        b = j;
    }
    if (b < 0)
        return 0;
    while (b > a && (has(x, b, QB_OF) || has(x, b, QB_FOR) || has(x, b, GLEAN_QW_DET)))
        b--;
    if (has(x, a, GLEAN_QW_PRONOUN) || has(x, b, GLEAN_QW_TIME_WORD))
        return 0;
    /* `said the official.`, not `said the move was …` */
    if (b + 1 < n &&
        (has(x, b + 1, GLEAN_QW_VERB) ||
         !((flags(x, b + 1) & (GLEAN_IS_PUNCT | GLEAN_IS_QUOTE)) || sent_start(x, b + 1) ||
           has(x, b + 1, GLEAN_QW_BREAK) || has(x, b + 1, GLEAN_QW_PREP))))
        return 0;
    /* an appositive name after a role */
    if ((flags(x, b) & GLEAN_IS_LOWER) && b + 2 < n && has(x, b + 1, QB_COMMA)) {
        long e = b + 2;
        while (e + 1 < n && e - b < 7 && has(x, e + 1, QB_TITLECASE))
            e++;
        long r = has(x, e, QB_TITLECASE) ? name_run(x, b + 2, e) : -1;
        if (r >= 0 && (e == n - 1 || (flags(x, e + 1) & GLEAN_IS_PUNCT))) {
            *pa = r;
            *pb = e;
            return 1;
        }
    }
    *pa = a;
    *pb = b;
    return 1;
}

int q_speaker_of_cue(const glean_quoter *q, glean_quoter_scratch *s,
                     const glean_quotes_inputs *in, qcue *cue, glean_error *err)
{
    sp x = { q, s, (long)s->n };
    int according = cue->last > cue->first, got = 0, rc;
    long a = -1, b = -1;
    cue->state = 1;
    if (!according)
        got = subject_np(&x, cue->first, &a, &b);
    if (!got && (according || !has(&x, cue->first, GLEAN_QW_LISTENER_CUE)))
        got = object_np(&x, cue->last, &a, &b);
    if (!got || b < a)
        return GLEAN_OK;
    uint32_t id;
    if ((rc = speaker_in(&x, in, a, b, &id, err)) != GLEAN_OK ||
        (rc = q_add_span(s, cue->first, cue->last, GLEAN_QSPAN_CUE, 0, &cue->cue_span, err)) != GLEAN_OK)
        return rc;
    const glean_quote_span *sp_ = &s->spans[id];
    cue->state = 2;
    cue->speaker = id;
    cue->np_first = (uint32_t)a;
    cue->np_last = (uint32_t)b;
    cue->pronoun = sp_->first == sp_->last && has(&x, sp_->first, GLEAN_QW_PRONOUN);
    return GLEAN_OK;
}

/* --- antecedents ------------------------------------------------------------------------- */

#define MAX_TEXT_SEARCHES 16 /* distinct heads searched in the text before an index */

static int pool_grow(glean_quoter_scratch *s, size_t more, glean_error *err)
{
    if (s->npool + more > INT32_MAX ||
        glean_grow((void **)&s->pool, &s->pool_cap, s->npool + more, sizeof *s->pool))
        return q_oom(err);
    return GLEAN_OK;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* The token after the first whose start is byte a, or -1 (columns.token_at and the
 * start check of positions_of). */
static long token_starting_at(const glean_quoter_scratch *s, size_t a)
{
    const glean_token *t = s->d->toks;
    size_t lo = 0, hi = s->n;
    while (lo < hi) { /* the first token that starts after a */
        size_t mid = lo + (hi - lo) / 2;
        if (t[mid].start <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 1 && t[lo - 1].start == a ? (long)lo - 1 : -1;
}

/* positions_of: appends to the pool the tokens (after the first) written as the head
 * `type`: a plain search of the text for the first few distinct heads, then one index
 * of every token by type. */
static int positions_of(glean_quoter_scratch *s, uint32_t type, glean_error *err)
{
    const glean_lexicon *lx = s->lx;
    if (!s->by_text_ready && s->searches < MAX_TEXT_SEARCHES) {
        s->searches++;
        const char *text = s->d->text, *head = glean_lex_str(lx, lx->types[type].text);
        size_t len = s->d->len, hl = lx->types[type].text_len, pos = 0;
        while (hl > 0 && pos + hl <= len) {
            const char *p = memchr(text + pos, head[0], len - pos - hl + 1);
            if (!p)
                break;
            size_t a = (size_t)(p - text);
            if (memcmp(p, head, hl) != 0) {
                pos = a + 1;
                continue;
            }
            long i = token_starting_at(s, a);
            if (i >= 0 && s->d->toks[i].type == type) {
                if (pool_grow(s, 1, err))
                    return err->code;
                s->pool[s->npool++] = (int32_t)i;
            }
            pos = a + hl;
        }
        return GLEAN_OK;
    }
    if (!s->by_text_ready) {
        size_t n = s->n > 0 ? s->n - 1 : 0;
        if (glean_grow((void **)&s->by_text, &s->by_text_cap, n + 1, sizeof *s->by_text))
            return q_oom(err);
        for (size_t i = 1; i < s->n; i++)
            s->by_text[i - 1] = (uint64_t)s->d->toks[i].type << 32 | i;
        qsort(s->by_text, n, sizeof *s->by_text, cmp_u64);
        s->nby_text = n;
        s->by_text_ready = 1;
    }
    size_t lo = 0, hi = s->nby_text;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((s->by_text[mid] >> 32) < type)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < s->nby_text && (s->by_text[lo] >> 32) == type; lo++) {
        if (pool_grow(s, 1, err))
            return err->code;
        s->pool[s->npool++] = (int32_t)(uint32_t)s->by_text[lo];
    }
    return GLEAN_OK;
}

/* occurrences_of: the head's occurrences, each with the determiner a few tokens before
 * it and the nearest a/an one up to it: 4 pool entries each (pos, det, the, nearest_a). */
static int occurrences_of(const sp *x, uint32_t type, const qhead **out, glean_error *err)
{
    glean_quoter_scratch *s = x->s;
    if (s->head_stamp[type] == s->stamp) {
        *out = &s->heads[s->head_of[type]];
        return GLEAN_OK;
    }
    size_t from = s->npool;
    int rc = positions_of(s, type, err);
    if (rc != GLEAN_OK)
        return rc;
    size_t count = s->npool - from;
    if (pool_grow(s, 4 * count, err))
        return err->code;
    int32_t *pos = s->pool + from, *occ = s->pool + s->npool;
    int32_t last_a = -1;
    for (size_t k = 0; k < count; k++) {
        long i = pos[k], det = -1, the = 0;
        for (long j = i - 1; j >= (i - 6 > 0 ? i - 6 : 0); j--) {
            if (has(x, j, QB_A_AN)) {
                last_a = (int32_t)k;
                det = j;
                break;
            } else if (has(x, j, QB_THE)) {
                det = j;
                the = 1;
                break;
            } else if (has(x, j, GLEAN_QW_CLAUSE_PUNCT) || (flags(x, j) & GLEAN_IS_QUOTE) ||
                       ((flags(x, j) & GLEAN_IS_PUNCT) && !has(x, j, QB_PERIOD))) {
                break;
            }
        }
        occ[4 * k] = (int32_t)i;
        occ[4 * k + 1] = (int32_t)det;
        occ[4 * k + 2] = (int32_t)the;
        occ[4 * k + 3] = last_a;
    }
    if (glean_grow((void **)&s->heads, &s->heads_cap, s->nheads + 1, sizeof *s->heads))
        return q_oom(err);
    qhead *h = &s->heads[s->nheads];
    h->off = (uint32_t)s->npool;
    h->count = (uint32_t)count;
    h->longer = UINT32_MAX;
    s->npool += 4 * count;
    s->head_of[type] = (uint32_t)s->nheads++;
    s->head_stamp[type] = s->stamp;
    *out = h;
    return GLEAN_OK;
}

/* nearest_longer: the nearest occurrence up to number j of `the` + more than `len` + 1
 * words, or -1, through a table per length made on first need. */
static int nearest_longer(glean_quoter_scratch *s, uint32_t head, uint32_t len, uint32_t j,
                          int32_t *n, glean_error *err)
{
    uint32_t t = s->heads[head].longer;
    while (t != UINT32_MAX && s->longers[t].len != len)
        t = s->longers[t].next;
    if (t == UINT32_MAX) {
        uint32_t count = s->heads[head].count;
        if (pool_grow(s, count, err) ||
            glean_grow((void **)&s->longers, &s->longers_cap, s->nlongers + 1, sizeof *s->longers))
            return q_oom(err);
        const int32_t *occ = s->pool + s->heads[head].off;
        int32_t *tab = s->pool + s->npool, last = -1;
        for (uint32_t k = 0; k < count; k++) {
            if (occ[4 * k + 2] && occ[4 * k] - occ[4 * k + 1] > (int32_t)len)
                last = (int32_t)k;
            tab[k] = last;
        }
        t = (uint32_t)s->nlongers++;
        s->longers[t].len = len;
        s->longers[t].off = (uint32_t)s->npool;
        s->longers[t].next = s->heads[head].longer;
        s->heads[head].longer = t;
        s->npool += count;
    }
    *n = s->pool[s->longers[t].off + j];
    return GLEAN_OK;
}

int q_antecedent(const glean_quoter *q, glean_quoter_scratch *s, uint32_t speaker,
                 uint32_t *out, glean_error *err)
{
    sp x = { q, s, (long)s->n };
    uint32_t first = s->spans[speaker].first, last = s->spans[speaker].last;
    *out = GLEAN_QUOTE_NONE;
    if (last <= first || !has(&x, first, QB_THE) || !(flags(&x, last) & GLEAN_IS_LOWER))
        return GLEAN_OK;
    const qhead *h = NULL;
    int rc = occurrences_of(&x, s->d->toks[last].type, &h, err);
    if (rc != GLEAN_OK)
        return rc;
    uint32_t head = (uint32_t)(h - s->heads), lo = 0, hi = h->count;
    const int32_t *occ = s->pool + h->off;
    while (lo < hi) { /* the occurrences before the description */
        uint32_t mid = lo + (hi - lo) / 2;
        if ((uint32_t)occ[4 * mid] < first)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return GLEAN_OK;
    int32_t n = occ[4 * (lo - 1) + 3];
    if (n < 0 && (rc = nearest_longer(s, head, last - first, lo - 1, &n, err)) != GLEAN_OK)
        return rc;
    if (n < 0)
        return GLEAN_OK;
    occ = s->pool + s->heads[head].off; /* the pool may have moved */
    return q_add_span(s, (uint32_t)occ[4 * n + 1], (uint32_t)occ[4 * n], GLEAN_QSPAN_PLAIN, 0, out, err);
}
