/* quotes.c — libFuzzer target: the quotes extractor (glean_quotes.h).
 *
 * Byte 0 picks the options as in tokenize.c (bit 0 English, bit 1 split hyphens, bit 2
 * replace invalid bytes) and whether the doc has entities (bit 4: every capitalised token
 * and the one after it, labelled in turn PERSON-like or not, as the caller hands them);
 * the rest is the text. The quoter knows a few words of each set (the Lua's lists are
 * longer; the code paths are the same). Each input gets a fresh tokenizer and is
 * extracted twice, with phrases and without: the second run reads the type bits the
 * first one cached. Oracles:
 *  - every quote lies in the doc, in text order, without overlaps, its marks at its ends;
 *  - every span number is in range and every span lies in the doc; an entity span is
 *    the entity handed over; a quote with a speaker has a cue span, one without has none;
 *  - the quote's text lies in the result's text buffer;
 *  - the run without phrases gives the first run's statements, in the same order. */
#include "fuzz_common.h"
#include "glean_doc.h"
#include "glean_quotes.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static const struct { int set; const char *words; } WORDS[] = {
    { GLEAN_QW_CUE, "said says told added according warned" },
    { GLEAN_QW_LISTENER_CUE, "told asked" },
    { GLEAN_QW_BREAK, "is was has that who and but according this" },
    { GLEAN_QW_VERB, "is was has that" },
    { GLEAN_QW_PREP, "on in at for to yesterday" },
    { GLEAN_QW_DET, "the a an his their" },
    { GLEAN_QW_PRONOUN, "he she they we i it you" },
    { GLEAN_QW_GENERIC, "they you we" },
    { GLEAN_QW_TITLE, "mr mr. chancellor minister president" },
    { GLEAN_QW_AUX, "has have also then" },
    { GLEAN_QW_TIME_WORD, "year week today" },
    { GLEAN_QW_CLAUSE_PUNCT, ", ; : ( ) -" },
};

static void setup(glean_quoter *q)
{
    glean_error err;
    for (size_t k = 0; k < sizeof WORDS / sizeof *WORDS; k++) {
        const char *w = WORDS[k].words;
        while (*w) {
            size_t n = strcspn(w, " ");
            FUZZ_CHECK(glean_quoter_add_word(q, WORDS[k].set, w, n, &err) == GLEAN_OK, "%s",
                       err.message);
            w += n + (w[n] == ' ');
        }
    }
}

typedef struct ents_box {
    glean_quote_ent *ents;
    size_t n, asked;
} ents_box;

static int give_ents(void *ud, const glean_quote_ent **ents, size_t *n, glean_error *err)
{
    ents_box *b = ud;
    (void)err;
    b->asked++;
    *ents = b->ents;
    *n = b->n;
    return GLEAN_OK;
}

static void check(const glean_doc *d, const glean_quotes_result *res, const ents_box *box)
{
    uint32_t prev_last = 0;
    for (size_t k = 0; k < res->n; k++) {
        const glean_quote *q = &res->quotes[k];
        FUZZ_CHECK(q->span < res->nspans && q->inner < res->nspans, "quote %zu: spans", k);
        const glean_quote_span *s = &res->spans[q->span], *in = &res->spans[q->inner];
        FUZZ_CHECK(s->first + 2 <= s->last && s->last < d->ntoks, "quote %zu: %u..%u", k,
                   s->first, s->last);
        FUZZ_CHECK(k == 0 || s->first > prev_last, "quote %zu overlaps the one before", k);
        FUZZ_CHECK(q->open_tok == s->first && q->close_tok == s->last, "quote %zu: marks", k);
        FUZZ_CHECK(in->first == s->first + 1 && in->last == s->last - 1, "quote %zu: inner", k);
        FUZZ_CHECK(q->parts >= 1, "quote %zu: no parts", k);
        FUZZ_CHECK(q->kind == GLEAN_QUOTE_STATEMENT || q->kind == GLEAN_QUOTE_PHRASE, "kind");
        FUZZ_CHECK(q->text_off <= res->text_len && q->text_len <= res->text_len - q->text_off,
                   "quote %zu: text %zu+%zu of %zu", k, q->text_off, q->text_len, res->text_len);
        prev_last = s->last;
        const uint32_t ids[] = { q->speaker, q->cue_span, q->resolved };
        for (size_t j = 0; j < 3; j++) {
            if (ids[j] == GLEAN_QUOTE_NONE)
                continue;
            FUZZ_CHECK(ids[j] < res->nspans, "quote %zu: span %u of %zu", k, ids[j], res->nspans);
            const glean_quote_span *x = &res->spans[ids[j]];
            FUZZ_CHECK(x->first <= x->last && x->last < d->ntoks, "span %u..%u", x->first, x->last);
            if (x->kind == GLEAN_QSPAN_ENTITY) {
                FUZZ_CHECK(x->ent < box->n && box->ents[x->ent].first == x->first &&
                           box->ents[x->ent].last == x->last, "entity %u", x->ent);
            }
        }
        FUZZ_CHECK((q->speaker == GLEAN_QUOTE_NONE) == (q->cue_span == GLEAN_QUOTE_NONE) &&
                   (q->speaker == GLEAN_QUOTE_NONE) == (q->attribution == GLEAN_QATTR_NONE),
                   "quote %zu: speaker, cue and attribution", k);
        FUZZ_CHECK(q->cue_span == GLEAN_QUOTE_NONE || res->spans[q->cue_span].kind == GLEAN_QSPAN_CUE,
                   "quote %zu: cue span", k);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned opts = data[0];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    glean_tokenizer tk;
    glean_tokenizer_options o = { (int)(opts & 1), (int)((opts >> 1) & 1), (int)((opts >> 2) & 1) };
    glean_error err;
    FUZZ_CHECK(glean_tokenizer_init(&tk, &o, &err) == GLEAN_OK, "init: %s", err.message);
    glean_doc d;
    glean_doc_init(&d);
    if (glean_parse(&tk, text, len, &d, &err) != GLEAN_OK) {
        glean_doc_free(&d);
        glean_tokenizer_free(&tk);
        return 0;
    }
    glean_quoter *q;
    glean_quoter_scratch *s;
    FUZZ_CHECK(glean_quoter_new(&q, &err) == GLEAN_OK, "%s", err.message);
    FUZZ_CHECK(glean_quoter_scratch_new(&s) == GLEAN_OK, "scratch");
    setup(q);
    ents_box box = { NULL, 0, 0 };
    if ((opts & 16) && d.ntoks > 0) {
        box.ents = calloc(d.ntoks, sizeof *box.ents);
        FUZZ_CHECK(box.ents != NULL, "calloc");
        for (size_t i = 0; i < d.ntoks; i++) {
            unsigned char c = (unsigned char)text[d.toks[i].start];
            if (c >= 'A' && c <= 'Z') {
                size_t last = i + 1 < d.ntoks ? i + 1 : i;
                box.ents[box.n] = (glean_quote_ent){ (uint32_t)i, (uint32_t)last, (uint32_t)box.n };
                box.n++;
                i = last;
            }
        }
    }
    glean_quotes_inputs in = { &d, &tk, give_ents, &box, 1 };
    glean_quotes_result res;
    int rc = glean_quotes_extract(q, s, &in, &res, &err);
    /* the one refusal, which the Lua shares: `, who said` at the text's start */
    FUZZ_CHECK(rc == GLEAN_OK || rc == GLEAN_EARG, "extract: %s", err.message);
    if (rc == GLEAN_OK) {
        FUZZ_CHECK(box.asked <= 1, "the entities were asked for %zu times", box.asked);
        check(&d, &res, &box);
        size_t n = res.n, statements = 0;
        uint32_t *firsts = calloc(n + 1, sizeof *firsts);
        FUZZ_CHECK(firsts != NULL, "calloc");
        for (size_t k = 0; k < n; k++)
            if (res.quotes[k].kind == GLEAN_QUOTE_STATEMENT)
                firsts[statements++] = res.spans[res.quotes[k].span].first;
        in.phrases = 0;
        FUZZ_CHECK(glean_quotes_extract(q, s, &in, &res, &err) == GLEAN_OK, "%s", err.message);
        check(&d, &res, &box);
        FUZZ_CHECK(res.n == statements, "%zu statements, then %zu", statements, res.n);
        for (size_t k = 0; k < res.n; k++)
            FUZZ_CHECK(res.spans[res.quotes[k].span].first == firsts[k], "statement %zu moved", k);
        free(firsts);
    }
    free(box.ents);
    glean_quoter_scratch_free(s);
    glean_quoter_free(q);
    glean_doc_free(&d);
    glean_tokenizer_free(&tk);
    return 0;
}
