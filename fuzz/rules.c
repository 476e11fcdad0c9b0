/* rules.c — libFuzzer target: rule-string compilation and matching.
 *
 * The input is one or more rule strings separated by \x01 bytes (up to 8 rules), a NUL
 * byte, then a document text (without a NUL: the whole input is the rules, matched over a
 * fixed sentence). The document is matched twice, with two entity layouts: every 4th
 * token a one-token entity labelled A (bit 0); then every 5th token a two-token entity,
 * labelled A and unnamed (-1) in turn; so @A, @*, entity tests and whole-entity items
 * that span tokens are exercised, and the DFA cache is reused across documents. Lua
 * patterns are replaced by a deterministic stand-in predicate. Oracles:
 *  - compilation succeeds or fails with a message that names the rule;
 *  - matches lie inside the doc, cover at least one token, and are non-overlapping per
 *    rule (leftmost-longest mode), in start order per rule;
 *  - the first pass on the DFA (glean_pattern_dfa.c), on the DFA with a small cache
 *    (flushes, and documents redone on the NFA), and on the reference NFA (forced) give
 *    the same matches, captures and alternatives, in both modes;
 *  - the all-starts mode finds the same longest match from each start that the Pike
 *    VM finds from there (explain's "match: ..." line), i.e. the two matchers agree;
 *  - captures lie inside their match. */
#include "fuzz_common.h"
#include "glean_pattern.h"

#define MAX_RULES 8
#define SMALL_BUDGET 4096

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

/* Two results in text order are the same matches, captures and alternatives. */
static void same_results(const glean_rules *r, glean_rules_result *a, glean_rules_result *b,
                         const char *what)
{
    glean_rules_result_sort(a);
    glean_rules_result_sort(b);
    FUZZ_CHECK(a->n == b->n, "%s: %zu matches vs %zu", what, a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        const glean_rule_match *x = &a->matches[i], *y = &b->matches[i];
        FUZZ_CHECK(x->rule == y->rule && x->first == y->first && x->end == y->end,
                   "%s: match %zu is rule %u %u..%u vs rule %u %u..%u", what, i, x->rule,
                   x->first, x->end, y->rule, y->first, y->end);
        FUZZ_CHECK(x->alternative == y->alternative, "%s: match %zu alternative %u vs %u", what,
                   i, x->alternative, y->alternative);
        for (size_t k = 0; k < 2 * glean_rules_captures(r, x->rule); k++)
            FUZZ_CHECK(a->caps[x->caps + k] == b->caps[y->caps + k],
                       "%s: match %zu capture slot %zu: %d vs %d", what, i, k,
                       a->caps[x->caps + k], b->caps[y->caps + k]);
    }
}

/* Matches the doc with every scratch and checks the oracles; `explain` compares the
 * all-starts mode with explain's Pike VM from every start (quadratic in the tokens: for
 * one entity layout, rule 1 of documents of up to 64 tokens, as ever, and the other rules
 * when that stays cheap). The captures of the all-starts mode cost the matches' total
 * length times the rule's size (quadratic in the tokens too): when that is large, the
 * mode is run once, with the DFA, and *heavy is set for the next layout. */
static void check_doc(const glean_rules *r, glean_rules_scratch *const s[3], const glean_doc *d,
                      const glean_lexicon *lx, const glean_match_ent *ents, size_t nents,
                      int explain, int *heavy)
{
    static const char *names[3] = { "DFA vs NFA", "small DFA cache vs NFA", "" };
    size_t nrules = glean_rules_count(r);
    for (int all = 0; all <= (*heavy ? 0 : 1); all++) {
        glean_rules_result res[3];
        int rc[3];
        glean_error err;
        for (int k = 0; k < 3; k++) {
            memset(&res[k], 0, sizeof res[k]);
            rc[k] = GLEAN_ENOMEM; /* not run */
            if (k > 0 && all && *heavy)
                continue;
            rc[k] = glean_rules_match(r, s[k], d, lx, ents, nents, all, -1, fake_pattern, NULL,
                                      &res[k], &err);
            FUZZ_CHECK(rc[k] == GLEAN_OK || rc[k] == GLEAN_ENOMEM, "match: %s", err.message);
            if (k == 0 && all && res[0].n * glean_rules_program_size(r) * d->ntoks > 4000000)
                *heavy = 1;
        }
        if (rc[0] == GLEAN_OK && !all) { /* the DFA's matches, rule by rule */
            uint32_t last_end[MAX_RULES] = { 0 }, last_first[MAX_RULES] = { 0 };
            int seen[MAX_RULES] = { 0 };
            for (size_t i = 0; i < res[0].n; i++) {
                const glean_rule_match *m = &res[0].matches[i];
                FUZZ_CHECK(m->rule < nrules, "rule %u", m->rule);
                FUZZ_CHECK(m->first < m->end && m->end <= d->ntoks, "match %u..%u of %zu",
                           m->first, m->end, d->ntoks);
                if (seen[m->rule])
                    FUZZ_CHECK(last_end[m->rule] <= m->first && last_first[m->rule] < m->first,
                               "rule %u: overlap or out of order", m->rule);
                seen[m->rule] = 1;
                last_end[m->rule] = m->end;
                last_first[m->rule] = m->first;
                for (size_t k = 0; k < glean_rules_captures(r, m->rule); k++) {
                    int32_t a = res[0].caps[m->caps + 2 * k], b = res[0].caps[m->caps + 2 * k + 1];
                    FUZZ_CHECK(a < 0 || (a >= (int32_t)m->first && b <= (int32_t)m->end && a <= b),
                               "capture %d..%d outside %u..%u", a, b, m->first, m->end);
                }
            }
        }
        for (int k = 0; k < 2; k++)
            if (rc[k] == GLEAN_OK && rc[2] == GLEAN_OK)
                same_results(r, &res[k], &res[2], names[k]);
        if (explain && all && rc[0] == GLEAN_OK && d->ntoks <= 64) {
            size_t want[MAX_RULES * 64] = { 0 }; /* rule * ntoks + start -> end */
            for (size_t i = 0; i < res[0].n; i++)
                want[res[0].matches[i].rule * d->ntoks + res[0].matches[i].first] =
                    res[0].matches[i].end;
            size_t cheap = glean_rules_program_size(r) * d->ntoks * d->ntoks <= ((size_t)1 << 18);
            for (size_t rule = 0; rule < (cheap ? nrules : 1); rule++)
                for (size_t start = 0; start < d->ntoks; start++) {
                    size_t got = explained_end(r, s[0], d, lx, ents, nents, rule, start);
                    FUZZ_CHECK(got == want[rule * d->ntoks + start], "rule %zu from token %zu: "
                               "the matcher says end %zu, the Pike VM %zu", rule + 1, start + 1,
                               want[rule * d->ntoks + start], got);
                }
        }
        for (int k = 0; k < 3; k++)
            glean_rules_result_free(&res[k]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *rules = (const char *)data;
    const void *nul = memchr(data, 0, size);
    size_t rules_len = nul ? (size_t)((const uint8_t *)nul - data) : size;
    const char *text = nul ? rules + rules_len + 1 : DEFAULT_DOC;
    size_t text_len = nul ? size - rules_len - 1 : sizeof DEFAULT_DOC - 1;

    glean_tokenizer tk;
    glean_tokenizer_options o = {1, 1, 1};
    glean_error err;
    FUZZ_CHECK(glean_tokenizer_init(&tk, &o, &err) == GLEAN_OK, "init: %s", err.message);
    glean_rules *r;
    glean_rules_scratch *s[3];
    FUZZ_CHECK(glean_rules_new(&r, &tk, &err) == GLEAN_OK, "new: %s", err.message);
    for (int k = 0; k < 3; k++)
        FUZZ_CHECK(glean_rules_scratch_new(&s[k]) == GLEAN_OK, "scratch");
    glean_rules_scratch_tune(s[1], 0, SMALL_BUDGET);
    glean_rules_scratch_tune(s[2], 1, 0);
    FUZZ_CHECK(glean_rules_label(r, "A", 1) == 0, "label");
    for (size_t at = 0, k = 0; at <= rules_len && k < MAX_RULES; k++) {
        const char *sep = memchr(rules + at, 1, rules_len - at);
        size_t len = sep ? (size_t)(sep - (rules + at)) : rules_len - at;
        char name[32];
        snprintf(name, sizeof name, "fz%u", (unsigned)(k + 1));
        int rc = glean_rules_add_string(r, name, rules + at, len, &err);
        if (rc != GLEAN_OK) {
            FUZZ_CHECK(rc == GLEAN_EARG || rc == GLEAN_ETOOBIG || rc == GLEAN_ENOMEM, "rc %d", rc);
            FUZZ_CHECK(strstr(err.message, name) != NULL, "message without the rule name: %s",
                       err.message);
        }
        at += len + 1;
    }
    glean_doc d;
    glean_doc_init(&d);
    if (glean_rules_count(r) > 0 && glean_parse(&tk, text, text_len, &d, &err) == GLEAN_OK) {
        size_t nents = 0;
        glean_match_ent *ents = calloc(d.ntoks / 4 + 1, sizeof *ents);
        FUZZ_CHECK(ents != NULL, "calloc");
        for (size_t i = 0; i < d.ntoks; i += 4)
            ents[nents++] = (glean_match_ent){(uint32_t)i, (uint32_t)i, 0};
        int heavy = 0;
        check_doc(r, s, &d, &tk.lex, ents, nents, 1, &heavy);
        nents = 0;
        for (size_t i = 1; i + 1 < d.ntoks; i += 5) {
            int32_t label = nents % 2 ? -1 : 0;
            ents[nents++] = (glean_match_ent){(uint32_t)i, (uint32_t)i + 1, label};
        }
        check_doc(r, s, &d, &tk.lex, ents, nents, 0, &heavy);
        free(ents);
    }
    glean_doc_free(&d);
    for (int k = 0; k < 3; k++)
        glean_rules_scratch_free(s[k]);
    glean_rules_free(r);
    glean_tokenizer_free(&tk);
    return 0;
}
