/* rules.c — libFuzzer target: rule-string compilation and matching.
 *
 * The input is a rule string, a NUL byte, then a document text (without a NUL: the
 * whole input is the rule, matched over a fixed sentence). Every 4th token of the doc is
 * a one-token entity labelled A (bit 0), so @A, @* and entity tests are exercised. Lua
 * patterns are replaced by a deterministic stand-in predicate. Oracles:
 *  - compilation succeeds or fails with a message that names the rule;
 *  - matches lie inside the doc, cover at least one token, and are non-overlapping per
 *    rule (leftmost-longest mode), ordered by start;
 *  - the all-starts mode finds the same longest match from each start that the Pike
 *    VM finds from there (explain's "match: ..." line), i.e. the two matchers agree;
 *  - captures lie inside their match. */
#include "fuzz_common.h"
#include "glean_pattern.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

/* Stand-in for a Lua pattern: true when the token text's length has the predicate's
 * parity. Deterministic, so both matchers see the same values. */
static int fake_pattern(void *ud, uint32_t pred, const char *text, size_t len, glean_error *err)
{
    (void)ud;
    (void)text;
    (void)err;
    return (int)((len + pred) & 1);
}

static const char DEFAULT_DOC[] =
    "On Tuesday, Chancellor Angela Merkel said Huawei Technologies Co. (HTC) met "
    "the U.S. State Department official. \"We are cautious,\" he said. a b a b c.";

/* The longest match explain reports from `start`, as an end token (exclusive), or 0. */
static size_t explained_end(const glean_rules *r, glean_rules_scratch *s, const glean_doc *d,
                            const glean_lexicon *lx, const glean_match_ent *ents, size_t nents,
                            size_t rule, size_t start)
{
    glean_buf out;
    glean_buf_init(&out);
    glean_error err;
    int rc = glean_rules_explain(r, s, d, lx, ents, nents, rule, (long)start, fake_pattern, NULL,
                                 &out, &err);
    FUZZ_CHECK(rc == GLEAN_OK || rc == GLEAN_ENOMEM, "explain: %s", err.message);
    size_t end = 0;
    const char *m = out.data ? strstr(out.data, "\nmatch: token") : NULL;
    if (m) {
        unsigned long a = 0, b = 0;
        if (sscanf(m, "\nmatch: tokens %lu-%lu", &a, &b) == 2)
            end = b;
        else if (sscanf(m, "\nmatch: token %lu", &a) == 1)
            end = a;
    }
    glean_buf_free(&out);
    return end;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *rule = (const char *)data;
    const void *nul = memchr(data, 0, size);
    size_t rule_len = nul ? (size_t)((const uint8_t *)nul - data) : size;
    const char *text = nul ? rule + rule_len + 1 : DEFAULT_DOC;
    size_t text_len = nul ? size - rule_len - 1 : sizeof DEFAULT_DOC - 1;

    glean_tokenizer tk;
    glean_tokenizer_options o = {1, 1, 1};
    glean_error err;
    FUZZ_CHECK(glean_tokenizer_init(&tk, &o, &err) == GLEAN_OK, "init: %s", err.message);
    glean_rules *r;
    glean_rules_scratch *s;
    FUZZ_CHECK(glean_rules_new(&r, &tk, &err) == GLEAN_OK, "new: %s", err.message);
    FUZZ_CHECK(glean_rules_scratch_new(&s) == GLEAN_OK, "scratch");
    FUZZ_CHECK(glean_rules_label(r, "A", 1) == 0, "label");
    int rc = glean_rules_add_string(r, "fz", rule, rule_len, &err);
    if (rc != GLEAN_OK) {
        FUZZ_CHECK(rc == GLEAN_EARG || rc == GLEAN_ETOOBIG || rc == GLEAN_ENOMEM, "rc %d", rc);
        FUZZ_CHECK(strstr(err.message, "fz") != NULL, "message without the rule name: %s",
                   err.message);
        goto done;
    }
    glean_doc d;
    glean_doc_init(&d);
    if (glean_parse(&tk, text, text_len, &d, &err) == GLEAN_OK) {
        size_t nents = 0;
        glean_match_ent *ents = calloc(d.ntoks / 4 + 1, sizeof *ents);
        FUZZ_CHECK(ents != NULL, "calloc");
        for (size_t i = 0; i < d.ntoks; i += 4)
            ents[nents++] = (glean_match_ent){(uint32_t)i, (uint32_t)i, 0};
        glean_rules_result res;
        memset(&res, 0, sizeof res);
        rc = glean_rules_match(r, s, &d, &tk.lex, ents, nents, 0, -1, fake_pattern, NULL, &res, &err);
        FUZZ_CHECK(rc == GLEAN_OK || rc == GLEAN_ENOMEM, "match: %s", err.message);
        for (size_t i = 0; rc == GLEAN_OK && i < res.n; i++) {
            const glean_rule_match *m = &res.matches[i];
            FUZZ_CHECK(m->first < m->end && m->end <= d.ntoks, "match %u..%u of %zu", m->first,
                       m->end, d.ntoks);
            if (i > 0)
                FUZZ_CHECK(res.matches[i - 1].end <= m->first, "overlap");
            for (size_t k = 0; k < glean_rules_captures(r, 0); k++) {
                int32_t a = res.caps[m->caps + 2 * k], b = res.caps[m->caps + 2 * k + 1];
                FUZZ_CHECK(a < 0 || (a >= (int32_t)m->first && b <= (int32_t)m->end && a <= b),
                           "capture %d..%d outside %u..%u", a, b, m->first, m->end);
            }
        }
        rc = glean_rules_match(r, s, &d, &tk.lex, ents, nents, 1, -1, fake_pattern, NULL, &res, &err);
        FUZZ_CHECK(rc == GLEAN_OK || rc == GLEAN_ENOMEM, "match all: %s", err.message);
        if (rc == GLEAN_OK && d.ntoks <= 64) {
            size_t k = 0;
            for (size_t start = 0; start < d.ntoks; start++) {
                size_t want = 0;
                if (k < res.n && res.matches[k].first == start)
                    want = res.matches[k++].end;
                size_t got = explained_end(r, s, &d, &tk.lex, ents, nents, 0, start);
                FUZZ_CHECK(got == want, "from token %zu: backward pass says end %zu, Pike VM %zu",
                           start + 1, want, got);
            }
        }
        glean_rules_result_free(&res);
        free(ents);
    }
    glean_doc_free(&d);
done:
    glean_rules_scratch_free(s);
    glean_rules_free(r);
    glean_tokenizer_free(&tk);
    return 0;
}
