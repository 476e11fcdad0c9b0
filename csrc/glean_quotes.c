/* glean_quotes.c — the quotes extractor over one document: the C twin of
 * lua/glean/extract/quotes.lua's M.extract (how it decides is told there). The marks
 * and the cues are found in one pass over the tokens, from per-type bits: what the Lua
 * asks the rule set for (`mark` = <quote>; `cue` = a cue word | according to, by norm,
 * leftmost and without overlaps). Token indices are 0-based here, 1-based there. */
#include "glean_quotes_internal.h"

#include <string.h>

static int push_cue(glean_quoter_scratch *s, uint32_t first, uint32_t last, glean_error *err)
{
    if (glean_grow((void **)&s->cues, &s->cues_cap, s->ncues + 1, sizeof *s->cues))
        return q_oom(err);
    qcue *c = &s->cues[s->ncues++];
    memset(c, 0, sizeof *c);
    c->first = first;
    c->last = last;
    return GLEAN_OK;
}

/* The marks (<quote> tokens) and the cues of the document, in text order. */
static int marks_and_cues(const glean_quoter *q, glean_quoter_scratch *s, glean_error *err)
{
    const uint64_t any = QBIT(QB_QUOTE) | QBIT(GLEAN_QW_CUE) | QBIT(QB_ACCORDING);
    for (size_t i = 0; i < s->n; i++) {
        uint64_t b = q_bits(q, s, i);
        if (!(b & any))
            continue;
        if (b & QBIT(QB_QUOTE)) {
            if (glean_grow((void **)&s->marks, &s->marks_cap, s->nmarks + 1, sizeof *s->marks))
                return q_oom(err);
            s->marks[s->nmarks++].i = (uint32_t)i;
        } else if (b & QBIT(GLEAN_QW_CUE)) {
            if (push_cue(s, (uint32_t)i, (uint32_t)i, err))
                return err->code;
        } else if ((b & QBIT(QB_ACCORDING)) && i + 1 < s->n && q_has(q, s, i + 1, QB_TO)) {
            if (push_cue(s, (uint32_t)i, (uint32_t)i + 1, err))
                return err->code;
            i++;
        }
    }
    return GLEAN_OK;
}

/* Keeps the cues that are not inside a quote (both lists are in text order). */
static void cues_outside(glean_quoter_scratch *s)
{
    size_t ri = 0, kept = 0;
    for (size_t k = 0; k < s->ncues; k++) {
        uint32_t i = s->cues[k].first;
        while (ri < s->nrecs && s->recs[ri].last <= i)
            ri++;
        if (!(ri < s->nrecs && s->recs[ri].first < i))
            s->cues[kept++] = s->cues[k];
    }
    s->ncues = kept;
}

/* sent_at: cue k's sentence (0 for the Lua's nil), asked once. */
static uint32_t sent_at(glean_quoter_scratch *s, size_t k)
{
    qcue *c = &s->cues[k];
    if (!c->has_sent) {
        c->sent = q_sent_of(s, c->first);
        c->has_sent = 1;
    }
    return c->sent;
}

/* speaker_at: cue k's speaker, worked out on first use; 1 when it has one, 0 when not,
 * or an error code. */
static int speaker_at(const glean_quoter *q, glean_quoter_scratch *s,
                      const glean_quotes_inputs *in, size_t k, glean_error *err)
{
    if (s->cues[k].state == 0) {
        sent_at(s, k);
        int rc = q_speaker_of_cue(q, s, in, &s->cues[k], err);
        if (rc != GLEAN_OK)
            return rc;
    }
    return s->cues[k].state == 2;
}

/* What a quote takes from the cue or the quote its speaker comes from. */
typedef struct attribution {
    uint32_t speaker, cue_span, resolved, cue_tok;
    uint8_t pronoun, according, how;
} attribution;

static void from_cue(const glean_quoter_scratch *s, size_t k, int how, attribution *a)
{
    const qcue *c = &s->cues[k];
    a->speaker = c->speaker;
    a->cue_span = c->cue_span;
    a->resolved = GLEAN_QUOTE_NONE;
    a->cue_tok = c->first;
    a->according = c->last > c->first;
    a->pronoun = c->pronoun;
    a->how = (uint8_t)how;
}

/* Right after the closing mark: “…,” the official said / “…,” said the official. The
 * noun phrase (or the cue) must follow the mark and its comma directly, in the same
 * sentence. Sets each quote's `after`. */
static int cues_after(const glean_quoter *q, glean_quoter_scratch *s,
                      const glean_quotes_inputs *in, glean_error *err)
{
    size_t ci = 0;
    for (size_t r = 0; r < s->nrecs; r++) {
        uint32_t c = s->recs[r].last;
        while (ci < s->ncues && s->cues[ci].first <= c)
            ci++;
        /* only the first cue after the mark can be its attribution */
        if (ci < s->ncues && s->cues[ci].first <= (size_t)c + 12) {
            int got = speaker_at(q, s, in, ci, err);
            if (got < 0)
                return got;
            uint32_t start = c + 1;
            if (q_has(q, s, start, QB_COMMA))
                start++;
            if (got && (s->cues[ci].np_first == start || s->cues[ci].first == start) &&
                !s->sent_start[start] && s->cues[ci].sent == q_sent_of(s, c))
                s->recs[r].after = (uint32_t)ci + 1;
        }
    }
    return GLEAN_OK;
}

/* The nearest cue in the quote's own sentence(s), before or after it: 1 and *a, 0, or
 * an error code. *lo walks along the cues with the quotes. */
static int nearest_cue(const glean_quoter *q, glean_quoter_scratch *s,
                       const glean_quotes_inputs *in, const qrec *r, size_t *lo,
                       attribution *a, glean_error *err)
{
    long best = -1, best_d = 0, best_pos = 0, first = r->first, last = r->last;
    while (*lo < s->ncues && (long)s->cues[*lo].first <= first - 60)
        ++*lo;
    for (size_t k = *lo; k < s->ncues; k++) {
        long pos = s->cues[k].first;
        if (pos > last + 40)
            break;
        if (pos <= first - 60)
            continue;
        long d = pos < first ? first - pos : pos - last;
        if (!(d > 0 && (best < 0 || d < best_d)))
            continue;
        uint32_t sent = sent_at(s, k);
        if (sent && sent >= r->sent_open && sent <= r->sent_close) {
            int got = speaker_at(q, s, in, k, err);
            if (got < 0)
                return got;
            if (got) {
                best = (long)k;
                best_d = d;
                best_pos = pos;
            }
        }
    }
    if (best < 0)
        return 0;
    from_cue(s, (size_t)best, best_pos < first ? GLEAN_QATTR_BEFORE : GLEAN_QATTR_AFTER, a);
    return 1;
}

/* Reported speech right before a statement with no cue of its own: the last cue before
 * the quote, after the previous quote (and not its cue), in one of the two sentences
 * before it; a generic `they say` names nobody. rp: the cues before the quote. */
static int reported(const glean_quoter *q, glean_quoter_scratch *s,
                    const glean_quotes_inputs *in, const qrec *r, const qrec *prev, size_t rp,
                    attribution *a, glean_error *err)
{
    for (size_t k = rp; k > 0; k--) {
        const qcue *c = &s->cues[k - 1];
        if (prev && (c->first <= prev->last || (prev->out.cue_span != GLEAN_QUOTE_NONE &&
                                               s->spans[prev->out.cue_span].first == c->first)))
            break;
        long sent = sent_at(s, k - 1);
        if (sent >= (long)r->sent_open || sent < (long)r->sent_open - 2)
            break;
        int got = speaker_at(q, s, in, k - 1, err);
        if (got < 0)
            return got;
        c = &s->cues[k - 1];
        if (got && !(c->pronoun && q_has(q, s, s->spans[c->speaker].first, GLEAN_QW_GENERIC))) {
            from_cue(s, k - 1, GLEAN_QATTR_REPORTED, a);
            return 1;
        }
    }
    return 0;
}

int glean_quotes_extract(const glean_quoter *q, glean_quoter_scratch *s,
                         const glean_quotes_inputs *in, glean_quotes_result *res,
                         glean_error *err)
{
    int rc;
    memset(res, 0, sizeof *res);
    if ((rc = q_prepare(s, in->doc, &in->tk->lex, err)) != GLEAN_OK ||
        (rc = marks_and_cues(q, s, err)) != GLEAN_OK)
        return rc;
    if (s->nmarks == 0)
        return GLEAN_OK;
    if ((rc = q_marks_and_quotes(q, s, err)) != GLEAN_OK)
        return rc;
    if (s->nrecs == 0)
        return GLEAN_OK;
    cues_outside(s);
    if ((rc = cues_after(q, s, in, err)) != GLEAN_OK)
        return rc;
    if (glean_grow((void **)&s->out, &s->out_cap, s->nrecs, sizeof *s->out))
        return q_oom(err);
    size_t lo = 0, rp = 0;
    uint32_t last_named = GLEAN_QUOTE_NONE;
    for (size_t k = 0; k < s->nrecs; k++) {
        qrec *r = &s->recs[k];
        const qrec *prev = k > 0 ? &s->recs[k - 1] : NULL;
        glean_quote *qo = &r->out;
        attribution a;
        int got = 0;
        if (r->after) {
            from_cue(s, r->after - 1, GLEAN_QATTR_AFTER, &a);
            got = 1;
        } else if ((got = nearest_cue(q, s, in, r, &lo, &a, err)) < 0) {
            return got;
        }
        while (rp < s->ncues && s->cues[rp].first < r->first)
            rp++;
        int opens = qo->kind == GLEAN_QUOTE_STATEMENT && s->sent_start[r->first];
        if (!got && opens && (got = reported(q, s, in, r, prev, rp, &a, err)) < 0)
            return got;
        if (!got && prev && prev->out.speaker != GLEAN_QUOTE_NONE && opens &&
            (prev->para_close == r->para_open || (long)prev->para_close == (long)r->para_open - 1)) {
            a.speaker = prev->out.speaker;
            a.cue_span = prev->out.cue_span;
            a.resolved = prev->out.resolved;
            a.cue_tok = prev->out.cue_tok;
            a.according = prev->out.according;
            a.pronoun = prev->out.pronoun;
            a.how = GLEAN_QATTR_PREVIOUS;
            got = 1;
        }
        if (got) {
            qo->speaker = a.speaker;
            qo->cue_span = a.cue_span;
            qo->cue_tok = a.cue_tok;
            qo->according = a.according;
            qo->attribution = a.how;
            if (a.pronoun) {
                qo->pronoun = 1;
                qo->resolved = a.resolved != GLEAN_QUOTE_NONE ? a.resolved : last_named;
            } else {
                last_named = a.speaker;
                if ((rc = q_antecedent(q, s, a.speaker, &qo->resolved, err)) != GLEAN_OK)
                    return rc;
            }
        }
        if (in->phrases || qo->kind != GLEAN_QUOTE_PHRASE)
            s->out[s->nout++] = *qo;
    }
    res->quotes = s->out;
    res->n = s->nout;
    res->spans = s->spans;
    res->nspans = s->nspans;
    res->text = s->text.data ? s->text.data : "";
    res->text_len = s->text.len;
    return GLEAN_OK;
}
