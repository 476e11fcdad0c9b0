/* tokenize.c — libFuzzer target: the tokenizer and the sentence splitter.
 *
 * Byte 0 picks the options (bit 0 English, bit 1 split hyphens, bit 2 replace invalid
 * bytes, bit 3 a few special cases and abbreviations); the rest is the text. Each input
 * gets a fresh tokenizer, so a crash reproduces from the input alone, and is parsed
 * twice: the second parse reads the chunk cache that the first one filled, and must give
 * the same tokens. Oracles on every parse:
 *  - invalid UTF-8 without replacement: GLEAN_EUTF8 at the first bad byte;
 *  - tokens are non-empty, in order, non-overlapping and inside the text; only white
 *    space lies between them; a token's type text is its bytes (when they are valid);
 *  - sentences cover the tokens in order, without gaps, and each token's sentence
 *    index names the sentence that holds it;
 *  - token lookups by byte offset and code point offsets agree with the tokens. */
#include "fuzz_common.h"
#include "glean_chars.h"
#include "glean_doc.h"
#include "glean_utf8.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static void setup(glean_tokenizer *tk, unsigned opts)
{
    glean_tokenizer_options o = {(int)(opts & 1), (int)((opts >> 1) & 1), (int)((opts >> 2) & 1)};
    glean_error err;
    FUZZ_CHECK(glean_tokenizer_init(tk, &o, &err) == GLEAN_OK, "init: %s", err.message);
    if (opts & 8) {
        static const size_t five_g[] = {1, 1}, cannot[] = {3, 3};
        FUZZ_CHECK(glean_tokenizer_add_special(tk, "5G", 2, five_g, 2, &err) == GLEAN_OK, "%s",
                   err.message);
        FUZZ_CHECK(glean_tokenizer_add_special(tk, "cannot", 6, cannot, 2, &err) == GLEAN_OK,
                   "%s", err.message);
        FUZZ_CHECK(glean_tokenizer_add_abbreviation(tk, "approx.", 7, &err) == GLEAN_OK, "%s",
                   err.message);
    }
}

static void check_gap(const char *text, size_t a, size_t b)
{
    while (a < b) {
        int32_t cp;
        size_t k = glean_utf8_decode((const unsigned char *)text + a, b - a, &cp);
        FUZZ_CHECK(cp >= 0 && glean_is_space_cp(cp), "byte %zu (U+%04X) is in no token", a,
                   (unsigned)cp);
        a += k;
    }
}

static void check_doc(const glean_tokenizer *tk, glean_doc *d, const char *text, size_t len)
{
    size_t prev_end = 0;
    for (size_t i = 0; i < d->ntoks; i++) {
        const glean_token *t = &d->toks[i];
        FUZZ_CHECK(t->start < t->end, "token %zu is empty (%u..%u)", i, t->start, t->end);
        FUZZ_CHECK(t->start >= prev_end, "token %zu starts at %u before %zu", i, t->start,
                   prev_end);
        FUZZ_CHECK(t->end <= len, "token %zu ends at %u after the text (%zu)", i, t->end, len);
        FUZZ_CHECK(t->type < tk->lex.ntypes, "token %zu has type %u of %zu", i, t->type,
                   tk->lex.ntypes);
        check_gap(text, prev_end, t->start);
        const glean_lexeme *x = &tk->lex.types[t->type];
        size_t n = t->end - t->start;
        if (glean_utf8_valid(text + t->start, n, NULL))
            FUZZ_CHECK(x->text_len == n &&
                       memcmp(glean_lex_str(&tk->lex, x->text), text + t->start, n) == 0,
                       "token %zu: type text differs from the bytes at %u..%u", i, t->start,
                       t->end);
        FUZZ_CHECK(glean_doc_token_at(d, t->start) == (long)i &&
                   glean_doc_token_at(d, t->end - 1) == (long)i, "token_at(%u) is not %zu",
                   t->start, i);
        FUZZ_CHECK(glean_doc_token_boundary(d, t->start, 0) == (long)i &&
                   glean_doc_token_boundary(d, t->end, 1) == (long)i, "boundaries of %zu", i);
        prev_end = t->end;
    }
    check_gap(text, prev_end, len);
    /* sentences */
    FUZZ_CHECK((d->ntoks == 0) == (d->nsents == 0), "%zu tokens, %zu sentences", d->ntoks,
               d->nsents);
    size_t next = 0;
    for (size_t k = 0; k < d->nsents; k++) {
        const glean_sent *s = &d->sents[k];
        FUZZ_CHECK(s->first == next && s->first <= s->last && s->last < d->ntoks,
                   "sentence %zu is %u..%u, expected to start at %zu", k, s->first, s->last,
                   next);
        for (size_t i = s->first; i <= s->last; i++)
            FUZZ_CHECK(d->toks[i].sent == k, "token %zu says sentence %u, is in %zu", i,
                       d->toks[i].sent, k);
        next = s->last + 1;
    }
    FUZZ_CHECK(next == d->ntoks, "sentences end at token %zu of %zu", next, d->ntoks);
    /* code point offsets */
    uint32_t prev = 0;
    for (size_t i = 0; i < d->ntoks; i++) {
        uint32_t cs, ce;
        FUZZ_CHECK(glean_doc_char_offsets(d, i, &cs, &ce) == GLEAN_OK, "char offsets of %zu", i);
        const glean_token *t = &d->toks[i];
        FUZZ_CHECK(cs >= prev && ce - cs == glean_utf8_count(text + t->start, t->end - t->start),
                   "char offsets %u..%u of token %zu", cs, ce, i);
        prev = ce;
    }
    FUZZ_CHECK(prev <= glean_utf8_count(text, len), "char offsets past the text");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned opts = data[0];
    size_t len;
    char *text = fuzz_text_after_option(data, size, &len);
    glean_tokenizer tk;
    setup(&tk, opts);
    glean_doc d1, d2;
    glean_doc_init(&d1);
    glean_doc_init(&d2);
    glean_error err;
    size_t bad = 0;
    int valid = glean_utf8_valid(text, len, &bad);
    int rc = glean_parse(&tk, text, len, &d1, &err);
    if (!valid && !(opts & 4)) {
        FUZZ_CHECK(rc == GLEAN_EUTF8 && err.offset == bad, "invalid text: rc %d, offset %zu, "
                   "first bad byte %zu", rc, rc ? err.offset : 0, bad);
    } else {
        FUZZ_CHECK(rc == GLEAN_OK, "parse: %s", err.message);
        check_doc(&tk, &d1, text, len);
        FUZZ_CHECK(glean_parse(&tk, text, len, &d2, &err) == GLEAN_OK, "second parse: %s",
                   err.message);
        FUZZ_CHECK(d1.ntoks == d2.ntoks && d1.nsents == d2.nsents &&
                   (d1.ntoks == 0 || memcmp(d1.toks, d2.toks, d1.ntoks * sizeof *d1.toks) == 0) &&
                   (d1.nsents == 0 ||
                    memcmp(d1.sents, d2.sents, d1.nsents * sizeof *d1.sents) == 0),
                   "the second parse (chunk cache warm) differs: %zu vs %zu tokens", d1.ntoks,
                   d2.ntoks);
    }
    glean_doc_free(&d1);
    glean_doc_free(&d2);
    glean_tokenizer_free(&tk);
    free(text);
    return 0;
}
