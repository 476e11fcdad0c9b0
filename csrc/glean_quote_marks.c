/* glean_quote_marks.c — where the quotation marks of a document are and how they pair
 * into quotes: the C twin of lua/glean/extract/quote_marks.lua and of quotes.lua's
 * make_quotes and classify (each function names the Lua function it mirrors; the
 * conventions are told in quotes.lua's header). */
#include "glean_quotes_internal.h"

#include <string.h>

/* Bytes before an opening mark: ( [ { / - (quote_marks.lua OPENERS). */
static int opener(unsigned char c)
{
    return c == '(' || c == '[' || c == '{' || c == '/' || c == '-';
}

static int family(int code)
{
    switch (code) {
    case MK_DQ: case MK_LDQ: case MK_RDQ: case MK_LAQ: case MK_RAQ: case MK_LOW_DQ: return 'd';
    case MK_SQ: case MK_LSQ: case MK_RSQ: case MK_LOW_SQ: case MK_LSAQ: case MK_RSAQ: return 's';
    default: return 0;
    }
}

/* The closing mark of a typographic opening one, else MK_NONE (TYPO_OPEN). */
static int typo_close(int code)
{
    switch (code) {
    case MK_LDQ: return MK_RDQ;
    case MK_LSQ: return MK_RSQ;
    case MK_LAQ: return MK_RAQ;
    case MK_LOW_DQ: return MK_LDQ;
    case MK_LOW_SQ: return MK_LSQ;
    case MK_LSAQ: return MK_RSAQ;
    default: return MK_NONE;
    }
}

/* paragraph_breaks: the positions of the "\n" that start blank-line runs. */
static int paragraph_breaks(glean_quoter_scratch *s, glean_error *err)
{
    const unsigned char *t = (const unsigned char *)s->d->text;
    size_t len = s->d->len, pos = 0;
    while (pos < len) {
        const unsigned char *nl = memchr(t + pos, '\n', len - pos);
        if (!nl)
            break;
        size_t a = (size_t)(nl - t), b = a + 1;
        while (b < len && (t[b] == ' ' || t[b] == '\t' || t[b] == '\r'))
            b++;
        if (b < len && t[b] == '\n') {
            if (glean_grow((void **)&s->breaks, &s->breaks_cap, s->nbreaks + 1, sizeof *s->breaks))
                return q_oom(err);
            s->breaks[s->nbreaks++] = (uint32_t)a;
            while (b < len && (t[b] == '\n' || t[b] == ' ' || t[b] == '\t' || t[b] == '\r'))
                b++;
        }
        pos = b;
    }
    return GLEAN_OK;
}

/* collect_marks: what the bytes around each mark say (s->marks hold their tokens). */
static void collect_marks(const glean_quoter *q, glean_quoter_scratch *s)
{
    const unsigned char *t = (const unsigned char *)s->d->text;
    size_t len = s->d->len, pk = 0;
    for (size_t k = 0; k < s->nmarks; k++) {
        qmark *m = &s->marks[k];
        uint32_t st = s->d->toks[m->i].start, e = q_stop(s, m->i);
        while (pk < s->nbreaks && s->breaks[pk] < st)
            pk++;
        unsigned before = st > 0 ? t[st - 1] : ' ';
        unsigned after = (size_t)e + 1 < len ? t[e + 1] : ' ';
        /* — and –: the byte three back is Lua's byte(text, s - 3), which counts from the
           end of the text when s - 3 is negative */
        int dash = 0;
        if (before == 148 || before == 147) {
            long p = (long)st - 2; /* 1-based s - 3 */
            if (p < 0)
                p += (long)len + 1;
            dash = p >= 1 && (size_t)p <= len && t[p - 1] == 226;
        }
        m->start = st;
        m->stop = e;
        m->para = (uint32_t)pk;
        m->code = (uint8_t)(q_bits(q, s, m->i) >> QB_MARK_SHIFT & 15);
        m->open_ctx = q_space((unsigned char)before) || opener((unsigned char)before) || dash;
        m->close_ctx = !q_space((unsigned char)before);
        m->word_after = !q_space((unsigned char)after);
        m->letter_after = (after >= '0' && after <= '9') || (after >= 'A' && after <= 'Z') ||
                          (after >= 'a' && after <= 'z');
    }
}

/* at_line_start: only white space back to a newline or the text's start. */
static int at_line_start(const glean_quoter_scratch *s, uint32_t st)
{
    const unsigned char *t = (const unsigned char *)s->d->text;
    for (size_t p = st; p > 0; p--) {
        unsigned char c = t[p - 1];
        if (c == '\n')
            return 1;
        if (c != ' ' && c != '\t' && c != '\r')
            return 0;
    }
    return 1;
}

static int can_open(const qmark *mk)
{
    if (typo_close(mk->code) != MK_NONE)
        return 1;
    if (mk->code == MK_DQ)
        return !(mk->close_ctx && !mk->open_ctx);
    if (mk->code == MK_SQ)
        return mk->open_ctx && mk->word_after;
    return 0;
}

static int reopens(const qmark *om, const qmark *mk)
{
    if (om->code == MK_DQ)
        return mk->code == MK_DQ && mk->open_ctx && mk->word_after && !mk->close_ctx;
    if (om->code == MK_LDQ)
        return mk->code == MK_LDQ;
    return 0;
}

static int closes(const qmark *om, const qmark *mk)
{
    int oc = om->code, ch = mk->code;
    if (oc == MK_DQ)
        return ch == MK_DQ || ch == MK_RDQ;
    if (oc == MK_SQ)
        return (ch == MK_SQ || ch == MK_RSQ) && mk->close_ctx && !mk->letter_after;
    if (oc == MK_LSQ)
        return ch == MK_RSQ && mk->close_ctx && !mk->letter_after;
    if (oc == MK_LDQ)
        return ch == MK_RDQ || ch == MK_DQ;
    return typo_close(oc) != MK_NONE && ch == typo_close(oc);
}

static int add_part(glean_quoter_scratch *s, uint32_t open_mark, int inline_part, glean_error *err)
{
    if (glean_grow((void **)&s->parts, &s->parts_cap, s->nparts + 1, sizeof *s->parts))
        return q_oom(err);
    qpart *p = &s->parts[s->nparts++];
    p->open_mark = open_mark;
    p->close_mark = NO_MARK;
    p->stop_at = 0;
    p->has_stop_at = 0;
    p->inline_part = (uint8_t)inline_part;
    return GLEAN_OK;
}

/* pair_marks: the quotes (top level only) into s->found, their parts into s->parts. */
static int pair_marks(glean_quoter_scratch *s, glean_error *err)
{
    int open = 0, nested_on = 0;
    uint32_t om = 0, nested = 0, para_last = 0, part0 = 0;
    int fam = 0;
    long para = -1;
    for (uint32_t k = 0; k < s->nmarks; k++) {
        const qmark *mk = &s->marks[k];
        if ((long)mk->para != para) {
            /* a new paragraph: a quote still open may continue here */
            int pending = open && (long)para_last == para;
            if (open && !pending)
                s->nparts = part0;
            open = nested_on = 0;
            para = mk->para;
            if (pending) {
                if ((long)para_last == (long)mk->para - 1 && family(mk->code) == fam &&
                    can_open(mk) && at_line_start(s, mk->start)) {
                    open = 1;
                    if (add_part(s, k, 0, err))
                        return err->code;
                    para_last = mk->para;
                    continue;
                }
                s->nparts = part0; /* it does not continue: dropped */
            }
        }
        int f = family(mk->code);
        if (!f)
            continue;
        if (open) {
            int close = 0;
            if (nested_on) {
                if (closes(&s->marks[nested], mk))
                    nested_on = 0;
                else if (closes(&s->marks[om], mk))
                    nested_on = 0, close = 1;
            } else if (reopens(&s->marks[om], mk)) {
                s->parts[s->nparts - 1].stop_at = mk->start; /* Lua: mk.start - 1 */
                s->parts[s->nparts - 1].has_stop_at = 1;
                if (add_part(s, k, 1, err))
                    return err->code;
            } else if (closes(&s->marks[om], mk)) {
                close = 1;
            } else if (f != fam && can_open(mk) && mk->code != MK_RSQ) {
                nested = k;
                nested_on = 1;
            }
            if (close) {
                s->parts[s->nparts - 1].close_mark = k;
                if (glean_grow((void **)&s->found, &s->found_cap, s->nfound + 1, sizeof *s->found))
                    return q_oom(err);
                qfound *x = &s->found[s->nfound++];
                x->mark = om;
                x->close = k;
                x->part0 = part0;
                x->nparts = (uint32_t)s->nparts - part0;
                open = 0;
            }
        } else if (can_open(mk)) {
            open = 1;
            om = k;
            fam = f;
            para_last = mk->para;
            part0 = (uint32_t)s->nparts;
            if (add_part(s, k, 0, err))
                return err->code;
        }
    }
    return GLEAN_OK;
}

uint32_t q_sent_of(const glean_quoter_scratch *s, size_t i)
{
    const glean_sent *sents = s->d->sents;
    size_t lo = 0, hi = s->d->nsents; /* the sentences that start at or before token i */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sents[mid].first <= i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}

int q_add_span(glean_quoter_scratch *s, uint32_t first, uint32_t last, uint32_t kind,
               uint32_t ent, uint32_t *id, glean_error *err)
{
    if (glean_grow((void **)&s->spans, &s->spans_cap, s->nspans + 1, sizeof *s->spans))
        return q_oom(err);
    glean_quote_span *x = &s->spans[s->nspans];
    x->first = first;
    x->last = last;
    x->kind = kind;
    x->ent = ent;
    *id = (uint32_t)s->nspans++;
    return GLEAN_OK;
}

/* classify: "statement" or "phrase" (quotes.lua). */
static int classify(const glean_quoter_scratch *s, uint32_t parts, const qmark *o, const qmark *c)
{
    const unsigned char *t = (const unsigned char *)s->d->text;
    if (parts > 1 || c->i - o->i - 1 > 6)
        return GLEAN_QUOTE_STATEMENT;
    /* sentence punctuation inside */
    for (uint32_t p = o->stop + 1; p < c->start; p++)
        if (strchr(".!?;:,", t[p]) && t[p])
            return GLEAN_QUOTE_STATEMENT;
    /* a quote that opens its sentence or follows a colon */
    size_t p = o->start;
    while (p > 0 && q_space(t[p - 1]))
        p--;
    if (p == 0 || t[p - 1] == ':')
        return GLEAN_QUOTE_STATEMENT;
    if (s->sent_start[o->i])
        return GLEAN_QUOTE_STATEMENT;
    return GLEAN_QUOTE_PHRASE;
}

/* make_quotes: the records of the paired marks with at least a token inside. */
static int make_quotes(glean_quoter_scratch *s, glean_error *err)
{
    const char *t = s->d->text;
    size_t len = s->d->len;
    for (size_t k = 0; k < s->nfound; k++) {
        const qfound *f = &s->found[k];
        const qmark *o = &s->marks[f->mark], *c = &s->marks[f->close];
        if (c->i - o->i < 2)
            continue;
        size_t text_off = s->text.len;
        for (uint32_t pk = 0; pk < f->nparts; pk++) {
            const qpart *part = &s->parts[f->part0 + pk];
            const qmark *om = &s->marks[part->open_mark];
            /* one past the part's last byte */
            size_t end = part->close_mark != NO_MARK ? s->marks[part->close_mark].start
                       : part->has_stop_at ? part->stop_at
                       : om->para < s->nbreaks ? s->breaks[om->para] : len;
            if (pk > 0 && glean_buf_append(&s->text, part->inline_part ? " " : "\n\n",
                                           part->inline_part ? 1 : 2))
                return q_oom(err);
            size_t a = (size_t)om->stop + 1;
            while (a < end && q_space((unsigned char)t[a]))
                a++;
            while (end > a && q_space((unsigned char)t[end - 1]))
                end--;
            if (end > a && glean_buf_append(&s->text, t + a, end - a))
                return q_oom(err);
        }
        if (glean_grow((void **)&s->recs, &s->recs_cap, s->nrecs + 1, sizeof *s->recs))
            return q_oom(err);
        qrec *r = &s->recs[s->nrecs];
        memset(r, 0, sizeof *r);
        r->first = o->i;
        r->last = c->i;
        r->para_open = o->para;
        r->para_close = c->para;
        /* quotes.lua's sentence(): the walk stays at the first sentence */
        uint32_t so = q_sent_of(s, o->i), sc = q_sent_of(s, c->i);
        r->sent_open = so ? so : 1;
        r->sent_close = sc ? sc : 1;
        glean_quote *qo = &r->out;
        if (q_add_span(s, o->i, c->i, GLEAN_QSPAN_QUOTE, 0, &qo->span, err) ||
            q_add_span(s, o->i + 1, c->i - 1, GLEAN_QSPAN_PLAIN, 0, &qo->inner, err))
            return err->code;
        qo->open_tok = o->i;
        qo->close_tok = c->i;
        qo->text_off = text_off;
        qo->text_len = s->text.len - text_off;
        qo->parts = f->nparts;
        qo->kind = (uint8_t)classify(s, f->nparts, o, c);
        qo->attribution = GLEAN_QATTR_NONE;
        qo->speaker = qo->cue_span = qo->resolved = GLEAN_QUOTE_NONE;
        qo->cue_tok = GLEAN_QUOTE_NONE;
        s->nrecs++;
    }
    return GLEAN_OK;
}

int q_marks_and_quotes(const glean_quoter *q, glean_quoter_scratch *s, glean_error *err)
{
    int rc;
    if ((rc = paragraph_breaks(s, err)) != GLEAN_OK)
        return rc;
    collect_marks(q, s);
    if ((rc = pair_marks(s, err)) != GLEAN_OK)
        return rc;
    return make_quotes(s, err);
}
