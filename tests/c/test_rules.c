/* test_rules.c — unit tests of the rules matcher's first pass on the DFA
 * (glean_pattern_dfa.c, glean_pattern_scan.c) against the reference NFA, without Lua:
 * for rule sets like the news extractors' (name loops, whole entities and entity tests,
 * line and sentence anchors, captures, prefix-filtered openings) and hostile ones (a DFA
 * that grows exponentially, overlapping runs), over documents with entities, the DFA
 * with the default cache, the DFA with a cache so small that it flushes and gives up,
 * and the forced NFA give the same matches, captures and alternatives, in both modes.
 * Ends with "N passed, N failed". */
#include "glean_pattern.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

typedef struct fixture {
    glean_tokenizer tk;
    glean_rules *r;
    glean_rules_scratch *s[3];  /* DFA, DFA with a tiny cache, NFA */
} fixture;

static int fixture_init(fixture *f, const char *const *rules, size_t n, size_t tiny)
{
    glean_tokenizer_options o = {1, 1, 0};
    glean_error err;
    if (glean_tokenizer_init(&f->tk, &o, &err) != GLEAN_OK ||
        glean_rules_new(&f->r, &f->tk, &err) != GLEAN_OK)
        return 0;
    const char *labels[] = { "PERSON", "ORG", "CITY", "A" };
    for (size_t k = 0; k < 4; k++)
        glean_rules_label(f->r, labels[k], strlen(labels[k]));
    for (size_t k = 0; k < n; k++) {
        char name[32];
        snprintf(name, sizeof name, "r%u", (unsigned)(k + 1));
        int rc = glean_rules_add_string(f->r, name, rules[k], strlen(rules[k]), &err);
        CHECK(rc == GLEAN_OK, "rule %s: %s", rules[k], err.message);
    }
    for (int k = 0; k < 3; k++)
        if (glean_rules_scratch_new(&f->s[k]) != GLEAN_OK)
            return 0;
    glean_rules_scratch_tune(f->s[1], 0, tiny);
    glean_rules_scratch_tune(f->s[2], 1, 0);
    return 1;
}

static void fixture_free(fixture *f)
{
    for (int k = 0; k < 3; k++)
        glean_rules_scratch_free(f->s[k]);
    glean_rules_free(f->r);
    glean_tokenizer_free(&f->tk);
}

/* Stand-in for a Lua pattern: true for texts of odd length. */
static int odd_length(void *ud, uint32_t pred, const char *text, size_t len, glean_error *err)
{
    (void)ud;
    (void)pred;
    (void)text;
    (void)err;
    return (int)(len & 1);
}

/* Entities: every token whose text is in `names` (a space-separated list of
 * word:LABEL), one token each; runs of capitalised words after "the" make two-token ORG
 * entities, to have entities that span tokens. */
static size_t make_ents(const fixture *f, const glean_doc *d, glean_match_ent *ents)
{
    size_t n = 0;
    for (size_t i = 0; i < d->ntoks; i++) {
        const glean_token *t = &d->toks[i];
        const char *w = d->text + t->start;
        size_t len = t->end - t->start;
        if (len == 6 && memcmp(w, "London", 6) == 0)
            ents[n++] = (glean_match_ent){ (uint32_t)i, (uint32_t)i,
                                           glean_rules_label_find(f->r, "CITY", 4) };
        else if (len == 5 && memcmp(w, "Smith", 5) == 0)
            ents[n++] = (glean_match_ent){ (uint32_t)i, (uint32_t)i,
                                           glean_rules_label_find(f->r, "PERSON", 6) };
        else if (len == 4 && memcmp(w, "Acme", 4) == 0 && i + 1 < d->ntoks) {
            ents[n++] = (glean_match_ent){ (uint32_t)i, (uint32_t)i + 1,
                                           glean_rules_label_find(f->r, "ORG", 3) };
            i++;
        } else if (len == 3 && memcmp(w, "Zed", 3) == 0) {
            ents[n++] = (glean_match_ent){ (uint32_t)i, (uint32_t)i, -1 };
        }
    }
    return n;
}

/* Matches `text` with the three scratches and checks they agree. Returns the matches
 * found (leftmost-longest). */
static size_t agree(fixture *f, const char *text, int with_ents, const char *what)
{
    glean_doc d;
    glean_error err;
    glean_doc_init(&d);
    CHECK(glean_parse(&f->tk, text, strlen(text), &d, &err) == GLEAN_OK, "parse: %s", err.message);
    glean_match_ent *ents = calloc(d.ntoks + 1, sizeof *ents);
    size_t nents = with_ents ? make_ents(f, &d, ents) : 0, found = 0;
    for (int all = 0; all <= 1; all++) {
        glean_rules_result res[3];
        for (int k = 0; k < 3; k++) {
            memset(&res[k], 0, sizeof res[k]);
            int rc = glean_rules_match(f->r, f->s[k], &d, &f->tk.lex, ents, nents, all, -1,
                                       odd_length, NULL, &res[k], &err);
            CHECK(rc == GLEAN_OK, "%s: match: %s", what, err.message);
            glean_rules_result_sort(&res[k]);
        }
        if (!all)
            found = res[0].n;
        for (int k = 0; k < 2; k++) {
            int same = res[k].n == res[2].n;
            for (size_t i = 0; same && i < res[k].n; i++) {
                const glean_rule_match *x = &res[k].matches[i], *y = &res[2].matches[i];
                same = x->rule == y->rule && x->first == y->first && x->end == y->end &&
                       x->alternative == y->alternative;
                for (size_t c = 0; same && c < 2 * glean_rules_captures(f->r, x->rule); c++)
                    same = res[k].caps[x->caps + c] == res[2].caps[y->caps + c];
            }
            CHECK(same, "%s (%s, all=%d): the %s gives %zu matches, the NFA %zu, or others", what,
                  with_ents ? "entities" : "no entities", all, k ? "small DFA cache" : "DFA",
                  res[k].n, res[2].n);
        }
        for (int k = 0; k < 3; k++)
            glean_rules_result_free(&res[k]);
    }
    free(ents);
    glean_doc_free(&d);
    return found;
}

static const char *NEWS_DOCS[] = {
    "On Tuesday, Chancellor Angela Merkel said Huawei Technologies Co. (HTC) met the U.S. "
    "State Department official. \"We are cautious,\" he said. Mr John Smith, 45, told the "
    "daily Guardian that Acme Widgets Ltd would move to London on 5 March 2019.",
    "Results on Saturday:\nLondon 2 Leeds 1\nArsenal v Stoke\nNewcastle United 3 Zed 0\n\n"
    "Standings\nLeeds 10 6 2 2\nLondon 10 5 3 2\nThe league resumes next week. The Ministry "
    "of the Interior (MoI) said that Jean-Pierre van der Berg, a former minister, was "
    "appointed by the board of Acme Group.",
    "SHORT NOTICE: THE BOARD MET. Dr. Smith and Prof. Jane O'Neill spoke at the "
    "University of London in the 1990s. Last week the company said it would hire 300 "
    "people over the next three years, according to Zed.",
};

static void test_news_rules(void)
{
    static const char *const rules[] = {
        /* names: a capitalised word, then more, with particles */
        "{mr mrs dr prof. chancellor minister} ent:(<title> (({van der de '-'})* <title>)*)",
        "ent:(<title> <title>?) {said says told} !<title>",
        "ent:(<title> (<title>)*) ',' <num> ','",
        "ent:((<title> | @*) (<title> | @* | '&' | /^%u/)* {'Co.' 'Ltd' 'Inc' 'Group'})",
        "ent:((<title> | @CITY|ORG) (<title> | '&' | @*)* {'Ministry' 'University' 'Board'} "
        "(of the? (<title> | @*)+)?)",
        "{daily newspaper paper} ent:(<title>+)",
        "{agency ministry company board interior} '(' ent:/^%u[%u%d&]+$/ ')'",
        "ent:(@CITY|ORG) <num> (<num> | $ | $$ | '-' | '(')",
        "^^ ent:(@CITY|ORG | <title>{1,3}) {v vs} ent2:(@CITY|ORG | <title>{1,3}) $$",
        "^^ ent:(@CITY|ORG | <title>{1,3} | <upper>{1,3}) <num>{3,} $$",
        "ent:(<num> ('-' <num>)? {january march april may june} <num>?)",
        "ent:(the? {past last next coming} <num>? {week weeks year years})",
        "ent:/^[12]%d%d0s$/",
        "(<title> (('-' | /^%u%.$/ | {van der de})* <title>)*)",
        "<upper>+",
        "who:(@PERSON | @*) {said says told spoke}",
        "x:(ent=PERSON) y:(!ent)",
        "^ <title> | <punct> $",
        "according to ent:(@* | <title>+)",
        "long:(<lower>{1,4}) '(' short:/^%u%u+$/ ')'",
    };
    fixture f;
    CHECK(fixture_init(&f, rules, sizeof rules / sizeof rules[0], 2048), "fixture");
    size_t found = 0;
    for (int round = 0; round < 2; round++) /* the second round meets a warm cache */
        for (size_t k = 0; k < sizeof NEWS_DOCS / sizeof NEWS_DOCS[0]; k++) {
            found += agree(&f, NEWS_DOCS[k], 1, "news rules");
            found += agree(&f, NEWS_DOCS[k], 0, "news rules");
        }
    CHECK(found > 50, "news rules find matches (%zu)", found);
    glean_rules_stats st;
    glean_rules_scratch_stats(f.s[0], &st);
    CHECK(st.nfa_runs == 0 && st.dfa_states > 0 && st.dfa_transitions > 0,
          "the DFA ran (NFA runs %llu, states %llu)", (unsigned long long)st.nfa_runs,
          (unsigned long long)st.dfa_states);
    glean_rules_scratch_stats(f.s[1], &st);
    CHECK(st.dfa_flushes > 0, "a small cache flushes (%llu)", (unsigned long long)st.dfa_flushes);
    glean_rules_scratch_stats(f.s[2], &st);
    CHECK(st.nfa_runs > 0 && st.dfa_built == 0, "the forced NFA ran alone");
    fixture_free(&f);
}

/* (a|b)* a _{9}: a DFA needs a state per pattern of a and b in the last ten tokens, so
 * a small cache flushes and gives the document to the NFA; overlapping anchored runs
 * fall back to the backward DP. The matches stay the same. */
static void test_hostile_rules(void)
{
    static const char *const rules[] = {
        "(a | b)* a _{9}",
        "_ (_* x)?",
        "(_? ){8} _{8}",
        "{a b}+ /q/",
    };
    fixture f;
    CHECK(fixture_init(&f, rules, sizeof rules / sizeof rules[0], 1024), "fixture");
    char text[8192];
    size_t len = 0;
    unsigned x = 12345;
    for (int i = 0; i < 1500; i++) {
        x = x * 1103515245u + 12345u;
        const char *w = (x >> 16) % 7 == 0 ? "x " : (x >> 16) % 2 ? "a " : "b ";
        memcpy(text + len, w, 2);
        len += 2;
    }
    text[len] = 0;
    CHECK(agree(&f, text, 0, "hostile rules") > 0, "hostile rules find matches");
    CHECK(agree(&f, text, 0, "hostile rules, again") > 0, "hostile rules find matches again");
    glean_rules_stats st;
    glean_rules_scratch_stats(f.s[1], &st);
    CHECK(st.nfa_runs > 0, "a thrashing cache hands documents to the NFA (%llu)",
          (unsigned long long)st.nfa_runs);
    fixture_free(&f);
}

/* The steps grow linearly in the tokens once the cache is warm; the NFA is the same
 * order of work per token, the DFA much less. */
static void test_steps(void)
{
    static const char *const rules[] = { "(_? ){30} _{30}" };
    fixture f;
    CHECK(fixture_init(&f, rules, 1, 0), "fixture");
    size_t n = 20000;
    char *text = malloc(2 * 2 * n + 1);
    for (size_t i = 0; i < 2 * n; i++)
        memcpy(text + 2 * i, "w ", 2);
    uint64_t steps[2][2];
    for (int k = 0; k < 2; k++) /* DFA, NFA */
        for (int h = 0; h < 3; h++) {
            glean_doc d;
            glean_error err;
            glean_rules_result res;
            memset(&res, 0, sizeof res);
            glean_doc_init(&d);
            size_t ntok = h == 2 ? 2 * n : n;
            glean_parse(&f.tk, text, 2 * ntok, &d, &err);
            glean_rules_match(f.r, f.s[k ? 2 : 0], &d, &f.tk.lex, NULL, 0, 0, -1, NULL, NULL, &res, &err);
            if (h > 0)
                steps[k][h - 1] = res.steps;
            glean_rules_result_free(&res);
            glean_doc_free(&d);
        }
    double ratio = (double)steps[0][1] / (double)steps[0][0];
    CHECK(ratio > 1.95 && ratio < 2.05, "DFA steps ratio %.3f", ratio);
    CHECK(steps[0][0] * 20 < steps[1][0], "DFA steps %llu, NFA steps %llu",
          (unsigned long long)steps[0][0], (unsigned long long)steps[1][0]);
    free(text);
    fixture_free(&f);
}

/* A rule that needs a token the document lacks costs nothing, as on the NFA. */
static void test_prefilter(void)
{
    static const char *const rules[] = { "ent:(<title>+ {'Co.' 'Inc'})" };
    fixture f;
    CHECK(fixture_init(&f, rules, 1, 0), "fixture");
    const char *text = "Angela Merkel met Emmanuel Macron in Berlin. Angela Merkel met him.";
    glean_doc d;
    glean_error err;
    glean_rules_result res;
    memset(&res, 0, sizeof res);
    glean_doc_init(&d);
    glean_parse(&f.tk, text, strlen(text), &d, &err);
    int rc = glean_rules_match(f.r, f.s[0], &d, &f.tk.lex, NULL, 0, 0, -1, NULL, NULL, &res, &err);
    CHECK(rc == GLEAN_OK && res.n == 0 && res.steps == 0, "no match, no step (%llu)",
          (unsigned long long)res.steps);
    glean_rules_result_free(&res);
    glean_doc_free(&d);
    fixture_free(&f);
}

/* An entity label outside -1..63 is an error, not a shift past 64 bits. */
static void test_bad_label(void)
{
    static const char *const rules[] = { "@A said" };
    fixture f;
    CHECK(fixture_init(&f, rules, 1, 0), "fixture");
    glean_doc d;
    glean_error err;
    glean_rules_result res;
    memset(&res, 0, sizeof res);
    glean_doc_init(&d);
    glean_parse(&f.tk, "Acme said so", 12, &d, &err);
    glean_match_ent ents[1] = { { 0, 0, 70 } };
    int rc = glean_rules_match(f.r, f.s[0], &d, &f.tk.lex, ents, 1, 0, -1, NULL, NULL, &res, &err);
    CHECK(rc == GLEAN_EARG && strstr(err.message, "label") != NULL, "rc %d: %s", rc, err.message);
    glean_rules_result_free(&res);
    glean_doc_free(&d);
    fixture_free(&f);
}

int main(void)
{
    test_news_rules();
    test_hostile_rules();
    test_steps();
    test_prefilter();
    test_bad_label();
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
