/* test_core.c — unit tests of the C core, without Lua: UTF-8, normalization, the
 * lexicon, tokenizer cases, sentences, doc lookups and the stable sort. Ends with
 * "N passed, N failed". */
#include "glean_doc.h"
#include "glean_normalize.h"
#include "glean_sort.h"
#include "glean_utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static void test_utf8(void)
{
    size_t bad = 99;
    CHECK(glean_utf8_valid("", 0, &bad), "empty is valid");
    CHECK(glean_utf8_valid("abc\0def", 7, &bad), "NUL is valid");
    CHECK(glean_utf8_valid("h\xC3\xA9llo \xF0\x9F\x98\x80", 11, &bad), "2- and 4-byte");
    CHECK(!glean_utf8_valid("abcdefghij\xC0\xAF", 12, &bad) && bad == 10, "overlong at %zu", bad);
    CHECK(!glean_utf8_valid("\xED\xA0\x80", 3, &bad) && bad == 0, "surrogate at %zu", bad);
    CHECK(!glean_utf8_valid("ab\xF4\x90\x80\x80", 6, &bad) && bad == 2, "> U+10FFFF");
    CHECK(!glean_utf8_valid("ab\xE2\x80", 4, &bad) && bad == 2, "truncated at end");
    int32_t cp;
    CHECK(glean_utf8_decode((const unsigned char *)"\xE2\x80\x99", 3, &cp) == 3 && cp == 0x2019,
          "decode ’");
    CHECK(glean_utf8_decode((const unsigned char *)"\x80", 1, &cp) == 1 && cp == -1,
          "continuation byte consumes one byte");
    CHECK(glean_utf8_count("h\xC3\xA9\xFF", 4) == 3, "count with an invalid byte");
}

static int norm_is(unsigned flags, const char *in, const char *want)
{
    glean_normalizer nz;
    glean_buf out;
    glean_error err;
    glean_normalizer_init(&nz);
    glean_buf_init(&out);
    int rc = glean_normalize(&nz, in, strlen(in), flags, &out, &err);
    int ok = rc == GLEAN_OK && out.len == strlen(want) && memcmp(out.data, want, out.len) == 0;
    if (!ok)
        fprintf(stderr, "  normalize(%s) gave '%.*s' (rc %d)\n", in, (int)out.len,
                out.data ? out.data : "", rc);
    glean_buf_free(&out);
    glean_normalizer_free(&nz);
    return ok;
}

static void test_normalize(void)
{
    CHECK(norm_is(GLEAN_FORM_NFC, "plain ascii", "plain ascii"), "ascii unchanged");
    CHECK(norm_is(GLEAN_FORM_NFC, "abcdefgle\xCC\x81", "abcdefgl\xC3\xA9"),
          "combining mark after a long ASCII run composes");
    CHECK(norm_is(GLEAN_FORM_NFD, "\xC3\xA9", "e\xCC\x81"), "NFD");
    CHECK(norm_is(GLEAN_FORM_CASEFOLD, "Stra\xC3\x9F" "E", "strasse"), "casefold ß");
    CHECK(norm_is(GLEAN_FORM_SEARCH, "Huawei\xE2\x80\x99s  Caf\xC3\xA9 \xE2\x80\x94 \xE2\x80\x9Cok\xE2\x80\x9D\xE2\x80\xA6",
                  "huawei's cafe - \"ok\"..."), "search folds punctuation, marks, spaces");
    glean_normalizer nz;
    glean_buf out;
    glean_error err;
    glean_normalizer_init(&nz);
    glean_buf_init(&out);
    int rc = glean_normalize(&nz, "okay\xFFno", 7, GLEAN_FORM_NFC, &out, &err);
    CHECK(rc == GLEAN_EUTF8 && err.offset == 4, "invalid byte reported at %zu", err.offset);
    out.len = 0;
    rc = glean_normalize(&nz, "okay\xFFno", 7, GLEAN_FORM_NFC | GLEAN_NORM_REPLACE_INVALID, &out, &err);
    CHECK(rc == GLEAN_OK && strcmp(out.data, "okay\xEF\xBF\xBDno") == 0, "replacement");
    glean_buf_free(&out);
    glean_normalizer_free(&nz);
}

/* Tokenizes `text` and compares the tokens joined by '|' with `want`. */
static int tokens_are(glean_tokenizer *tk, const char *text, const char *want)
{
    glean_doc d;
    glean_error err;
    char got[1024] = "";
    size_t at = 0;
    glean_doc_init(&d);
    if (glean_parse(tk, text, strlen(text), &d, &err) != GLEAN_OK) {
        fprintf(stderr, "  parse(%s) failed: %s\n", text, err.message);
        glean_doc_free(&d);
        return 0;
    }
    for (size_t i = 0; i < d.ntoks && at + 64 < sizeof got; i++) {
        at += (size_t)snprintf(got + at, sizeof got - at, "%s%.*s", i ? "|" : "",
                               (int)(d.toks[i].end - d.toks[i].start), text + d.toks[i].start);
    }
    glean_doc_free(&d);
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "  tokens of '%s':\n    got  %s\n    want %s\n", text, got, want);
        return 0;
    }
    return 1;
}

static void test_tokenizer(void)
{
    glean_tokenizer tk;
    glean_error err;
    glean_tokenizer_options opt = {1, 1, 0};
    CHECK(glean_tokenizer_init(&tk, &opt, &err) == GLEAN_OK, "init: %s", err.message);
    static const char *const cases[][2] = {
        {"Huawei\xE2\x80\x99s gear", "Huawei|\xE2\x80\x99s|gear"},
        {"I don't know", "I|do|n't|know"},
        {"They can't, won't.", "They|ca|n't|,|wo|n't|."},
        {"the U.S. State Department", "the|U.S.|State|Department"},
        {"Huawei Technologies Co. says", "Huawei|Technologies|Co.|says"},
        {"Mr. Smith, e.g. this", "Mr.|Smith|,|e.g.|this"},
        {"5G 2.5bn 1,000 10% $40 3:30 2019-02-05", "5G|2.5bn|1,000|10|%|$|40|3:30|2019-02-05"},
        {"see https://example.com/a?b=1.", "see|https://example.com/a?b=1|."},
        {"(mail bob@example.org)", "(|mail|bob@example.org|)"},
        {"@glean_nlp #NLP2019 rocks", "@glean_nlp|#NLP2019|rocks"},
        {"a no-spy deal, U.S.-led", "a|no|-|spy|deal|,|U.S.|-|led"},
        {"e-mail and non-human", "e-mail|and|non-human"},
        {"\xE2\x80\x9CHi,\xE2\x80\x9D he said.", "\xE2\x80\x9C|Hi|,|\xE2\x80\x9D|he|said|."},
        {"Wait... what?!", "Wait|...|what|?!"},
        {"\xE4\xB8\xAD\xE6\x96\x87" "abc", "\xE4\xB8\xAD|\xE6\x96\x87|abc"},
        {"ok\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD!", "ok|\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD|!"},
        {"caf" "e\xCC\x81s", "cafe\xCC\x81s"},
        {"", ""},
        {"   \n\t ", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        CHECK(tokens_are(&tk, cases[i][0], cases[i][1]), "case %zu", i);

    size_t lens[] = {1, 1};
    CHECK(glean_tokenizer_add_special(&tk, "5G", 2, lens, 2, &err) == GLEAN_OK, "special");
    CHECK(tokens_are(&tk, "a 5G network", "a|5|G|network"), "special case applies");
    size_t badlens[] = {1, 3};
    CHECK(glean_tokenizer_add_special(&tk, "abc", 3, badlens, 2, &err) == GLEAN_EARG,
          "pieces longer than the string are refused");
    CHECK(glean_tokenizer_add_abbreviation(&tk, "approx", 6, &err) == GLEAN_EARG,
          "an abbreviation without a period is refused");

    /* Types are interned once: the same string gets the same id. */
    glean_doc d;
    glean_doc_init(&d);
    const char *t = "news and news and News";
    CHECK(glean_parse(&tk, t, strlen(t), &d, &err) == GLEAN_OK, "parse");
    CHECK(d.ntoks == 5 && d.toks[0].type == d.toks[2].type && d.toks[0].type != d.toks[4].type,
          "interning");
    const glean_lexeme *x = &tk.lex.types[d.toks[4].type];
    CHECK((x->flags & GLEAN_IS_TITLE) && (x->flags & GLEAN_IS_ALPHA) && x->length == 4,
          "attributes of News");
    CHECK(x->norm_len == 4 && memcmp(glean_lex_str(&tk.lex, x->norm), "news", 4) == 0, "norm");
    CHECK(glean_doc_token_at(&d, 5) == 1 && glean_doc_token_at(&d, 4) == -1, "token_at");
    CHECK(glean_doc_token_boundary(&d, 9, 0) == 2 && glean_doc_token_boundary(&d, 8, 1) == 1,
          "token boundaries");

    /* Invalid UTF-8 is an error naming the byte unless replacement is on. */
    CHECK(glean_parse(&tk, "ok \xC0\xAF", 5, &d, &err) == GLEAN_EUTF8 && err.offset == 3,
          "invalid byte at %zu", err.offset);
    glean_doc_free(&d);
    glean_tokenizer_free(&tk);
}

static size_t count_sents(glean_tokenizer *tk, const char *text)
{
    glean_doc d;
    glean_error err;
    glean_doc_init(&d);
    size_t n = glean_parse(tk, text, strlen(text), &d, &err) == GLEAN_OK ? d.nsents : 999;
    glean_doc_free(&d);
    return n;
}

static void test_sentences(void)
{
    glean_tokenizer tk;
    glean_error err;
    glean_tokenizer_options opt = {1, 1, 0};
    CHECK(glean_tokenizer_init(&tk, &opt, &err) == GLEAN_OK, "init");
    CHECK(count_sents(&tk, "One. Two! Three? Four") == 4, "terminals");
    CHECK(count_sents(&tk, "Mr. Smith met J. K. Rowling in the U.S. State Department.") == 1,
          "titles, initials, abbreviations");
    CHECK(count_sents(&tk, "He moved to the U.S. The rest is history.") == 2,
          "abbreviation then a clear sentence start");
    CHECK(count_sents(&tk, "\xE2\x80\x9CIt is China,\xE2\x80\x9D the official said. Next.") == 2,
          "quote ending in a comma continues");
    CHECK(count_sents(&tk, "\xE2\x80\x9CWhy?\xE2\x80\x9D he asked. Fine.") == 2,
          "question in quotes then lower case continues");
    CHECK(count_sents(&tk, "A headline\n\nBody text here.") == 2, "blank line");
    CHECK(count_sents(&tk, "It costs 3.5 dollars. See No. 5 today.") == 2, "numbers");
    CHECK(count_sents(&tk, "") == 0, "empty text has no sentences");
    glean_tokenizer_free(&tk);
}

/* The text size limit (GLEAN_MAX_TEXT, 4 GiB - 2 bytes with 32-bit offsets) is checked
 * before the text is read, so a short buffer with a huge length tests it. */
static void test_limits(void)
{
    glean_tokenizer tk;
    glean_tokenizer_options opt = {1, 1, 0};
    glean_error err;
    glean_doc d;
    if (glean_tokenizer_init(&tk, &opt, &err) != GLEAN_OK) {
        CHECK(0, "tokenizer: %s", err.message);
        return;
    }
    glean_doc_init(&d);
    int rc = glean_parse(&tk, "x", GLEAN_MAX_TEXT + 1, &d, &err);
    CHECK(rc == GLEAN_ETOOBIG && strcmp(err.message, "text of 4294967295 bytes is over the "
          "4 GiB limit") == 0, "parse over the limit: %d %s", rc, err.message);
    CHECK(d.ntoks == 0 && d.nsents == 0, "nothing parsed");
    glean_token *toks = NULL;
    size_t n = 0, cap = 0;
    rc = glean_tokenize(&tk, "x", GLEAN_MAX_TEXT + 1, &toks, &n, &cap, &err);
    CHECK(rc == GLEAN_ETOOBIG && n == 0, "tokenize over the limit: %d", rc);
    free(toks);
    glean_doc_free(&d);
    glean_tokenizer_free(&tk);
}

/* A record with a key that repeats (stability shows) and its input position. */
typedef struct sort_rec {
    uint32_t key, pos;
    char pad[5]; /* an odd size: records are moved by bytes */
} sort_rec;

static int cmp_sort_rec(const void *x, const void *y)
{
    const sort_rec *a = x, *b = y;
    return (a->key > b->key) - (a->key < b->key);
}

/* glean_sort_stable against the definition of a stable sort, on every length up to
 * 300 (around the insertion runs of 16 and the merge widths) and on keys drawn from
 * 1, 3 and 1,000 values, ascending, descending and shuffled inputs. */
static void test_sort(void)
{
    enum { MAXN = 300 };
    sort_rec a[MAXN], tmp[MAXN];
    uint32_t seed = 12345;
    int bad = 0;
    for (size_t n = 0; n <= MAXN && !bad; n++) {
        for (int shape = 0; shape < 5 && !bad; shape++) {
            uint32_t range = shape == 0 ? 1 : shape == 1 ? 3 : 1000;
            for (size_t i = 0; i < n; i++) {
                seed = seed * 1103515245u + 12345u;
                uint32_t r = (seed >> 8) % range;
                a[i] = (sort_rec){ shape == 3 ? (uint32_t)i : shape == 4 ? (uint32_t)(n - i) : r,
                                   (uint32_t)i, { 0 } };
            }
            glean_sort_stable(a, tmp, n, sizeof *a, cmp_sort_rec);
            for (size_t i = 1; i < n; i++)
                if (a[i - 1].key > a[i].key || (a[i - 1].key == a[i].key && a[i - 1].pos > a[i].pos))
                    bad = 1;
            unsigned char seen[MAXN] = { 0 };
            for (size_t i = 0; i < n; i++)
                seen[a[i].pos]++;
            for (size_t i = 0; i < n; i++)
                if (seen[i] != 1)
                    bad = 1;
            CHECK(!bad, "stable sort of %zu records, shape %d", n, shape);
        }
    }
}

int main(void)
{
    test_sort();
    test_utf8();
    test_normalize();
    test_tokenizer();
    test_sentences();
    test_limits();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
