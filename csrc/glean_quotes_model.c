/* glean_quotes_model.c — the quotes extractor's model: the word sets, the scratch, and
 * the per-type bits that the extractor reads for every token it looks at (which sets a
 * type's norm is in, the words the Lua names inline, title case, adverbs, marks). */
#include "glean_quotes_internal.h"

#include <stdlib.h>
#include <string.h>

int q_oom(glean_error *err)
{
    return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory in the quotes extractor");
}

int glean_quoter_new(glean_quoter **out, glean_error *err)
{
    glean_quoter *q = calloc(1, sizeof *q);
    *out = q;
    if (!q)
        return q_oom(err);
    for (int k = 0; k < GLEAN_QW_NSETS; k++)
        glean_strset_init(&q->words[k]);
    return GLEAN_OK;
}

void glean_quoter_free(glean_quoter *q)
{
    if (!q)
        return;
    for (int k = 0; k < GLEAN_QW_NSETS; k++)
        glean_strset_free(&q->words[k]);
    free(q);
}

int glean_quoter_add_word(glean_quoter *q, int set, const char *word, size_t len,
                          glean_error *err)
{
    if (set < 0 || set >= GLEAN_QW_NSETS)
        return glean_fail(err, GLEAN_EARG, 0, "no word set %d", set);
    if (glean_strset_put(&q->words[set], word, len, glean_hash(word, len), 1))
        return q_oom(err);
    return GLEAN_OK;
}

int glean_quoter_scratch_new(glean_quoter_scratch **out)
{
    glean_quoter_scratch *s = calloc(1, sizeof *s);
    *out = s;
    if (!s)
        return GLEAN_ENOMEM;
    glean_buf_init(&s->text);
    return GLEAN_OK;
}

void glean_quoter_scratch_free(glean_quoter_scratch *s)
{
    if (!s)
        return;
    free(s->type_bits);
    free(s->head_of);
    free(s->head_stamp);
    free(s->sent_start);
    free(s->breaks);
    free(s->marks);
    free(s->parts);
    free(s->found);
    free(s->recs);
    free(s->cues);
    free(s->spans);
    free(s->out);
    glean_buf_free(&s->text);
    free(s->ents_by_last);
    free(s->heads);
    free(s->longers);
    free(s->pool);
    free(s->by_text);
    free(s);
}

static int is(const char *s, size_t len, const char *word)
{
    return len == strlen(word) && memcmp(s, word, len) == 0;
}

/* The mark code of a type's text (quote_marks.lua TYPO_OPEN and FAMILY). */
static int mark_code(const char *t, size_t len)
{
    static const char *const MARKS[] = { NULL, "\"", "'", "\xe2\x80\x9c", "\xe2\x80\x9d",
        "\xe2\x80\x98", "\xe2\x80\x99", "\xc2\xab", "\xc2\xbb", "\xe2\x80\x9e", "\xe2\x80\x9a",
        "\xe2\x80\xb9", "\xe2\x80\xba" };
    for (int k = MK_DQ; k <= MK_RSAQ; k++)
        if (is(t, len, MARKS[k]))
            return k;
    return MK_NONE;
}

/* The bits of type `type` of the scratch's lexicon, computed on first use and kept. */
uint64_t q_type_bits(const glean_quoter *q, glean_quoter_scratch *s, uint32_t type)
{
    uint64_t b = s->type_bits[type];
    if (b & QBIT(QB_DONE))
        return b;
    const glean_lexicon *lx = s->lx;
    const glean_lexeme *x = &lx->types[type];
    const char *text = glean_lex_str(lx, x->text), *norm = glean_lex_str(lx, x->norm);
    size_t tl = x->text_len, nl = x->norm_len;
    uint64_t ht = x->hash, hn = glean_hash(norm, nl);
    uint32_t v, f = x->flags;
    b = QBIT(QB_DONE);
    for (int k = 0; k < GLEAN_QW_NSETS; k++) {
        int found = k == GLEAN_QW_CLAUSE_PUNCT ? glean_strset_get(&q->words[k], text, tl, ht, &v)
                                               : glean_strset_get(&q->words[k], norm, nl, hn, &v);
        if (found)
            b |= QBIT(k);
    }
    static const struct { int bit; const char *w; } NORMS[] = {
        { QB_WHO_WHICH, "who" }, { QB_WHO_WHICH, "which" }, { QB_OF, "of" },
        { QB_FOR, "for" }, { QB_AND, "and" }, { QB_AMP, "&" }, { QB_NORM_HYPHEN, "-" },
        { QB_THE, "the" }, { QB_A_AN, "a" }, { QB_A_AN, "an" }, { QB_ACCORDING, "according" },
        { QB_TO, "to" } };
    for (size_t k = 0; k < sizeof NORMS / sizeof *NORMS; k++)
        if (is(norm, nl, NORMS[k].w))
            b |= QBIT(NORMS[k].bit);
    static const struct { int bit; const char *w; } TEXTS[] = {
        { QB_COMMA, "," }, { QB_LPAREN, "(" }, { QB_RPAREN, ")" }, { QB_HYPHEN, "-" },
        { QB_PERIOD, "." } };
    for (size_t k = 0; k < sizeof TEXTS / sizeof *TEXTS; k++)
        if (is(text, tl, TEXTS[k].w))
            b |= QBIT(TEXTS[k].bit);
    /* is_titlecase: `Merkel`, `BBC`, `McConnell` (Lua's %u%l: ASCII) */
    if ((f & GLEAN_IS_TITLE) || ((f & GLEAN_IS_UPPER) && x->length > 1) ||
        (!(f & GLEAN_IS_LOWER) && tl >= 2 && text[0] >= 'A' && text[0] <= 'Z' &&
         text[1] >= 'a' && text[1] <= 'z'))
        b |= QBIT(QB_TITLECASE);
    /* is_adverb: lower case, longer than 3 characters, its norm ending in -ly */
    if ((f & GLEAN_IS_LOWER) && x->length > 3 && nl >= 2 && norm[nl - 2] == 'l' && norm[nl - 1] == 'y')
        b |= QBIT(QB_ADVERB);
    if (f & GLEAN_IS_QUOTE)
        b |= QBIT(QB_QUOTE);
    b |= (uint64_t)mark_code(text, tl) << QB_MARK_SHIFT;
    s->type_bits[type] = b;
    return b;
}

/* Readies the scratch for document d: per-type arrays as long as the lexicon, per-token
 * sentence starts (as glean.columns marks them), empty per-document lists. */
int q_prepare(glean_quoter_scratch *s, const glean_doc *d, const glean_lexicon *lx,
              glean_error *err)
{
    if (s->lexicon != lx) { /* type bits are per lexicon */
        if (s->type_bits)
            memset(s->type_bits, 0, s->types_cap * sizeof *s->type_bits);
        s->lexicon = lx;
    }
    if (lx->ntypes > s->types_cap) {
        size_t cap = s->types_cap ? s->types_cap : 1024;
        while (cap < lx->ntypes)
            cap *= 2;
        uint64_t *b = realloc(s->type_bits, cap * sizeof *b);
        if (!b)
            return q_oom(err);
        memset(b + s->types_cap, 0, (cap - s->types_cap) * sizeof *b);
        s->type_bits = b;
        uint32_t *h = realloc(s->head_of, cap * sizeof *h);
        if (!h)
            return q_oom(err);
        s->head_of = h;
        uint32_t *st = realloc(s->head_stamp, cap * sizeof *st);
        if (!st)
            return q_oom(err);
        memset(st + s->types_cap, 0, (cap - s->types_cap) * sizeof *st);
        s->head_stamp = st;
        s->types_cap = cap;
    }
    if (++s->stamp == 0) { /* wrapped: no stale stamp may look current */
        memset(s->head_stamp, 0, s->types_cap * sizeof *s->head_stamp);
        s->stamp = 1;
    }
    s->d = d;
    s->lx = lx;
    s->n = d->ntoks;
    if (d->ntoks + 1 > s->toks_cap) {
        uint8_t *p = realloc(s->sent_start, d->ntoks + 1);
        if (!p)
            return q_oom(err);
        s->sent_start = p;
        s->toks_cap = d->ntoks + 1;
    }
    memset(s->sent_start, 0, d->ntoks + 1);
    for (size_t k = 0; k < d->nsents; k++)
        if (d->sents[k].first < d->ntoks)
            s->sent_start[d->sents[k].first] = 1;
    s->nbreaks = s->nmarks = s->nparts = s->nfound = s->nrecs = s->ncues = 0;
    s->nspans = s->nout = s->nheads = s->nlongers = s->npool = s->nby_text = 0;
    s->text.len = 0;
    s->ents = NULL;
    s->nents = 0;
    s->ents_ready = s->by_text_ready = 0;
    s->searches = 0;
    return GLEAN_OK;
}
