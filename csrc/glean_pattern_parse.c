/* glean_pattern_parse.c — the rule-string parser: a recursive-descent parser whose
 * depth is bounded by GLEAN_RULES_MAX_DEPTH (deep nesting is an error, never a stack
 * overflow). Errors read "rule NAME, column C: expected X, found Y". */
#include "glean_pattern_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
    uint32_t alt;             /* current top-level alternative (1-based) */
    glean_rules *r;
    ast *t;
    const char *name, *src;
    size_t len, pos;
    int depth;
    glean_error *err;
} parser;

static int is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Characters that end a bare word (they are syntax after it). */
static int ends_word(int c)
{
    return is_space(c) || c == '(' || c == ')' || c == '|' || c == '?' || c == '*' ||
           c == '+' || c == '{' || c == '}' || c == '<' || c == '>' || c == '"';
}

static int is_ident(int c, int first)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
           (!first && c >= '0' && c <= '9');
}

static int peek(const parser *p) { return p->pos < p->len ? (unsigned char)p->src[p->pos] : -1; }

static void skip_space(parser *p)
{
    while (p->pos < p->len && is_space((unsigned char)p->src[p->pos]))
        p->pos++;
}

static int fail(parser *p, size_t at, const char *expected)
{
    char found[32];
    if (at >= p->len)
        strcpy(found, "the end of the rule");
    else {
        size_t n = 0;
        while (at + n < p->len && n < 12 && !is_space((unsigned char)p->src[at + n]))
            n++;
        if (n == 0)
            n = 1;
        snprintf(found, sizeof found, "'%.*s'", (int)n, p->src + at);
    }
    return glean_fail(p->err, GLEAN_EARG, at + 1, "rule %s, column %zu: expected %s, found %s",
                      p->name, at + 1, expected, found);
}

static int failf(parser *p, size_t at, const char *msg)
{
    return glean_fail(p->err, GLEAN_EARG, at + 1, "rule %s, column %zu: %s", p->name, at + 1, msg);
}

static int new_node(parser *p, int kind, size_t at, uint32_t *id)
{
    return ast_add(p->t, kind, (uint32_t)(at + 1), id, p->err);
}

/* One test -> one atom -> an ATOM node. */
static int atom_node(parser *p, const glean_test *tests, size_t n, int any_of, int neg,
                     size_t at, uint32_t *id)
{
    uint32_t first = (uint32_t)p->r->ntests, a;
    int rc;
    for (size_t i = 0; i < n; i++)
        if ((rc = rules_add_test(p->r, &tests[i], p->err)) != GLEAN_OK)
            return rc;
    if ((rc = rules_add_atom(p->r, first, (uint32_t)n, any_of, neg, &a, p->err)) != GLEAN_OK)
        return rc;
    if ((rc = new_node(p, N_ATOM, at, id)) != GLEAN_OK)
        return rc;
    p->t->nodes[*id].a = a;
    return GLEAN_OK;
}

/* Puts "rule NAME, column C: " before a message from glean_rules_add_set. */
static int located(parser *p, size_t at, int rc)
{
    if (rc != GLEAN_EARG)
        return rc;
    char why[sizeof p->err->message];
    memcpy(why, p->err->message, sizeof why);
    return failf(p, at, why);
}

/* A set test over one word (norm or exact text). Set tests are added right away. */
static int set_test(parser *p, int kind, const char *w, size_t n, glean_test *t)
{
    memset(t, 0, sizeof *t);
    const char *words[1] = { w };
    int rc = glean_rules_add_set(p->r, t, kind, words, &n, 1, p->err);
    return rc == GLEAN_OK ? rc : located(p, p->pos, rc);
}

/* Reads a quoted string with \-escapes into buf; p->pos is on the opening quote. */
static int quoted(parser *p, int q, glean_buf *buf)
{
    size_t at = p->pos++;
    buf->len = 0;
    while (p->pos < p->len && p->src[p->pos] != q) {
        char c = p->src[p->pos++];
        if (c == '\\' && p->pos < p->len)
            c = p->src[p->pos++];
        if (glean_buf_append(buf, &c, 1) != GLEAN_OK)
            return glean_fail(p->err, GLEAN_ENOMEM, 0, "out of memory");
    }
    if (p->pos >= p->len)
        return fail(p, p->pos, q == '\'' ? "a closing '" : "a closing \"");
    p->pos++;
    if (buf->len == 0)
        return failf(p, at, "empty quotes");
    return GLEAN_OK;
}

static size_t word_end(const parser *p)
{
    size_t e = p->pos;
    while (e < p->len && !ends_word((unsigned char)p->src[e]))
        e++;
    return e;
}

/* A set {a b 'C'}: bare words by norm, quoted ones by exact text; any of them. */
static int parse_set(parser *p, glean_test *tests, size_t *ntests, glean_buf *buf)
{
    size_t at = p->pos++;
    const char *norm_w[256], *text_w[256];
    size_t norm_l[256], text_l[256], nn = 0, nt = 0;
    glean_buf texts;   /* unescaped quoted words, kept until the test is built */
    glean_buf_init(&texts);
    size_t offs[256];
    int rc = GLEAN_OK;
    for (;;) {
        skip_space(p);
        int c = peek(p);
        if (c == '}')
            break;
        if (c < 0) {
            rc = fail(p, p->pos, "'}' to close the set");
            goto done;
        }
        if (nn + nt == 256) {
            rc = failf(p, p->pos, "a set holds at most 256 words (use a gazetteer for more)");
            goto done;
        }
        if (c == '\'') {
            if ((rc = quoted(p, '\'', buf)) != GLEAN_OK)
                goto done;
            offs[nt] = texts.len;
            text_l[nt++] = buf->len;
            if (glean_buf_append(&texts, buf->data, buf->len) != GLEAN_OK) {
                rc = glean_fail(p->err, GLEAN_ENOMEM, 0, "out of memory");
                goto done;
            }
            continue;
        }
        size_t e = word_end(p);
        if (e == p->pos) {
            rc = fail(p, p->pos, "a word, a 'quoted text' or '}'");
            goto done;
        }
        norm_w[nn] = p->src + p->pos;
        norm_l[nn++] = e - p->pos;
        p->pos = e;
    }
    p->pos++;
    if (nn + nt == 0) {
        rc = failf(p, at, "empty set {}");
        goto done;
    }
    for (size_t i = 0; i < nt; i++)
        text_w[i] = texts.data + offs[i];
    *ntests = 0;
    /* set strings are indexed against the test about to be added: add one at a time */
    if (nn) {
        memset(&tests[0], 0, sizeof tests[0]);
        if ((rc = glean_rules_add_set(p->r, &tests[0], GLEAN_TEST_NORM, norm_w, norm_l, nn, p->err)) != GLEAN_OK) {
            rc = located(p, at, rc);
            goto done;
        }
        if ((rc = rules_add_test(p->r, &tests[0], p->err)) != GLEAN_OK)
            goto done;
        (*ntests)++;
    }
    if (nt) {
        memset(&tests[1], 0, sizeof tests[1]);
        if ((rc = glean_rules_add_set(p->r, &tests[1], GLEAN_TEST_TEXT, text_w, text_l, nt, p->err)) != GLEAN_OK) {
            rc = located(p, at, rc);
            goto done;
        }
        if ((rc = rules_add_test(p->r, &tests[1], p->err)) != GLEAN_OK)
            goto done;
        (*ntests)++;
    }
done:
    glean_buf_free(&texts);
    return rc;
}

static const struct { const char *name; uint32_t flag; } CLASSES[] = {
    {"title", GLEAN_IS_TITLE}, {"upper", GLEAN_IS_UPPER}, {"lower", GLEAN_IS_LOWER},
    {"alpha", GLEAN_IS_ALPHA}, {"digit", GLEAN_IS_DIGIT}, {"num", GLEAN_LIKE_NUM},
    {"punct", GLEAN_IS_PUNCT}, {"quote", GLEAN_IS_QUOTE}, {"bracket", GLEAN_IS_BRACKET},
    {"currency", GLEAN_IS_CURRENCY}, {"url", GLEAN_LIKE_URL}, {"email", GLEAN_LIKE_EMAIL},
    {"stop", GLEAN_IS_STOP}, {"space", GLEAN_IS_SPACE},
};

static int parse_uint(parser *p, int *v)
{
    size_t at = p->pos;
    long n = 0;
    while (p->pos < p->len && p->src[p->pos] >= '0' && p->src[p->pos] <= '9') {
        n = n * 10 + (p->src[p->pos++] - '0');
        if (n > 1000000)
            return failf(p, at, "number too large");
    }
    if (p->pos == at)
        return fail(p, at, "a number");
    *v = (int)n;
    return GLEAN_OK;
}

/* <title>, <shape:Xxxx>, <len:2-4>: one test. */
static int parse_class(parser *p, glean_test *t)
{
    size_t at = ++p->pos, e = at;
    while (e < p->len && p->src[e] != '>' && p->src[e] != ':' && !is_space((unsigned char)p->src[e]))
        e++;
    size_t n = e - at;
    memset(t, 0, sizeof *t);
    if (e < p->len && p->src[e] == ':') {
        p->pos = e + 1;
        if (n == 5 && memcmp(p->src + at, "shape", 5) == 0) {
            size_t s = p->pos;
            while (p->pos < p->len && p->src[p->pos] != '>')
                p->pos++;
            if (p->pos == s)
                return fail(p, s, "a shape such as Xxxx or dd");
            int rc = set_test(p, GLEAN_TEST_SHAPE, p->src + s, p->pos - s, t);
            if (rc != GLEAN_OK)
                return rc;
        } else if (n == 3 && memcmp(p->src + at, "len", 3) == 0) {
            int lo, hi;
            int rc = parse_uint(p, &lo);
            if (rc != GLEAN_OK)
                return rc;
            hi = lo;
            if (peek(p) == '-') {
                p->pos++;
                if ((rc = parse_uint(p, &hi)) != GLEAN_OK)
                    return rc;
            }
            if (hi < lo)
                return failf(p, at, "<len:MIN-MAX> needs MIN <= MAX");
            t->kind = GLEAN_TEST_LENGTH;
            t->a = (uint32_t)lo;
            t->b = (uint32_t)hi;
        } else {
            return fail(p, at, "shape: or len: inside < >");
        }
    } else {
        size_t k;
        for (k = 0; k < sizeof CLASSES / sizeof *CLASSES; k++)
            if (strlen(CLASSES[k].name) == n && memcmp(CLASSES[k].name, p->src + at, n) == 0)
                break;
        if (k == sizeof CLASSES / sizeof *CLASSES)
            return fail(p, at, "a class: title upper lower alpha digit num punct quote bracket "
                        "currency url email stop space, or shape:X, len:N-M");
        t->kind = GLEAN_TEST_FLAG;
        t->a = CLASSES[k].flag;
        t->b = 1;
        p->pos = e;
    }
    if (peek(p) != '>')
        return fail(p, p->pos, "'>'");
    p->pos++;
    return GLEAN_OK;
}

/* /lua pattern/: registered with the rule set, evaluated by the caller per type. */
static int parse_lua_pattern(parser *p, glean_test *t, glean_buf *buf)
{
    size_t at = p->pos++;
    buf->len = 0;
    while (p->pos < p->len && p->src[p->pos] != '/') {
        char c = p->src[p->pos++];
        if (c == '\\' && p->pos < p->len && p->src[p->pos] == '/')
            c = p->src[p->pos++];
        if (glean_buf_append(buf, &c, 1) != GLEAN_OK)
            return glean_fail(p->err, GLEAN_ENOMEM, 0, "out of memory");
    }
    if (p->pos >= p->len)
        return fail(p, p->pos, "a closing / for the Lua pattern");
    p->pos++;
    if (buf->len == 0)
        return failf(p, at, "empty Lua pattern //");
    memset(t, 0, sizeof *t);
    t->kind = GLEAN_TEST_EXTERN;
    return glean_rules_add_extern(p->r, buf->data, buf->len, &t->a, p->err);
}

/* A one-token item that `!` can negate: word, 'text', {set}, <class>, /pattern/. */
static int parse_token_item(parser *p, int neg, uint32_t *id, glean_buf *buf)
{
    size_t at = p->pos;
    int c = peek(p), rc;
    glean_test tests[2];
    size_t n = 1;
    int any_of = 0;
    if (c == '{') {
        if ((rc = parse_set(p, tests, &n, buf)) != GLEAN_OK)
            return rc;
        /* parse_set added the tests already: build the atom over them */
        uint32_t a;
        if ((rc = rules_add_atom(p->r, (uint32_t)(p->r->ntests - n), (uint32_t)n, 1, neg, &a, p->err)) != GLEAN_OK ||
            (rc = new_node(p, N_ATOM, at, id)) != GLEAN_OK)
            return rc;
        p->t->nodes[*id].a = a;
        return GLEAN_OK;
    }
    if (c == '\'') {
        if ((rc = quoted(p, '\'', buf)) != GLEAN_OK ||
            (rc = set_test(p, GLEAN_TEST_TEXT, buf->data, buf->len, &tests[0])) != GLEAN_OK)
            return rc;
    } else if (c == '<') {
        if ((rc = parse_class(p, &tests[0])) != GLEAN_OK)
            return rc;
    } else if (c == '/') {
        if ((rc = parse_lua_pattern(p, &tests[0], buf)) != GLEAN_OK)
            return rc;
    } else {
        size_t e = word_end(p);
        if (e == p->pos || c == ')' || c == '|')
            return fail(p, p->pos, "a token: word, 'text', \"phrase\", {set}, <class>, /pattern/, "
                        "@LABEL, _, ^, $ or ( group )");
        const char *w = p->src + p->pos;
        p->pos = e;
        if ((rc = set_test(p, GLEAN_TEST_NORM, w, e - at, &tests[0])) != GLEAN_OK)
            return rc;
    }
    return atom_node(p, tests, n, any_of, neg, at, id);
}

static int parse_alt(parser *p, uint32_t *id, int top, glean_buf *buf);

/* "State Department": the phrase's tokens, each by norm. */
static int parse_phrase(parser *p, uint32_t *id, glean_buf *buf)
{
    size_t at = p->pos;
    int rc = quoted(p, '"', buf);
    if (rc != GLEAN_OK)
        return rc;
    glean_token *toks = NULL;
    size_t ntoks = 0, cap = 0;
    glean_tokenizer *tk = p->r->tk;
    int was_frozen = tk->cache_frozen;
    tk->cache_frozen = 1;
    rc = glean_tokenize(tk, buf->data, buf->len, &toks, &ntoks, &cap, p->err);
    tk->cache_frozen = was_frozen;
    if (rc == GLEAN_OK && ntoks == 0)
        rc = failf(p, at, "the phrase has no tokens");
    if (rc == GLEAN_OK)
        rc = new_node(p, N_SEQ, at, id);
    for (size_t i = 0; i < ntoks && rc == GLEAN_OK; i++) {
        const glean_lexeme *t = &tk->lex.types[toks[i].type];
        glean_test test;
        memset(&test, 0, sizeof test);
        const char *w = glean_lex_str(&tk->lex, t->text);
        size_t wl = t->text_len;
        uint32_t child;
        rc = glean_rules_add_set(p->r, &test, GLEAN_TEST_NORM, &w, &wl, 1, p->err);
        if (rc != GLEAN_OK)
            rc = located(p, at, rc);
        if (rc == GLEAN_OK)
            rc = atom_node(p, &test, 1, 0, 0, at, &child);
        if (rc == GLEAN_OK)
            ast_append(p->t, *id, child);
    }
    free(toks);
    return rc;
}

static int parse_primary(parser *p, uint32_t *id, glean_buf *buf)
{
    size_t at = p->pos;
    int c = peek(p), rc;
    if (c == '(') {
        if (++p->depth > GLEAN_RULES_MAX_DEPTH)
            return failf(p, at, "groups nested too deeply (limit 32)");
        p->pos++;
        if ((rc = parse_alt(p, id, 0, buf)) != GLEAN_OK)
            return rc;
        skip_space(p);
        if (peek(p) != ')')
            return fail(p, p->pos, "')' to close the group");
        p->pos++;
        p->depth--;
        return GLEAN_OK;
    }
    if (c == '"')
        return parse_phrase(p, id, buf);
    if (c == '!') {
        p->pos++;
        int d = peek(p);
        if (d == '(' || d == '@' || d == '"' || d == '!' || d == '_' || d == '^' || d == '$' || d < 0 || is_space(d))
            return fail(p, p->pos, "after !, one token item: word, 'text', {set}, <class> or /pattern/");
        return parse_token_item(p, 1, id, buf);
    }
    if (c == '@') {
        p->pos++;
        uint64_t mask = 0;
        if (peek(p) == '*') {
            p->pos++;
        } else {
            for (;;) {
                size_t s = p->pos;
                while (p->pos < p->len && is_ident((unsigned char)p->src[p->pos], 0))
                    p->pos++;
                if (p->pos == s)
                    return fail(p, s, "an entity label after @ (or @*)");
                int bit = glean_rules_label(p->r, p->src + s, p->pos - s);
                if (bit < 0)
                    return failf(p, s, "too many entity labels in one rule set (limit 64)");
                mask |= 1ull << bit;
                if (peek(p) == '|' && p->pos + 1 < p->len && is_ident((unsigned char)p->src[p->pos + 1], 0))
                    p->pos++;
                else
                    break;
            }
        }
        uint32_t m;
        if ((rc = rules_add_ent_mask(p->r, mask, &m, p->err)) != GLEAN_OK ||
            (rc = new_node(p, N_ENT, at, id)) != GLEAN_OK)
            return rc;
        p->t->nodes[*id].a = m;
        return GLEAN_OK;
    }
    int next = p->pos + 1 < p->len ? (unsigned char)p->src[p->pos + 1] : -1;
    /* ^^ and $$: line start and end (tables, headlines and datelines end lines, not
     * sentences) */
    int after = p->pos + 2 < p->len ? (unsigned char)p->src[p->pos + 2] : -1;
    if ((c == '^' || c == '$') && next == c && (after < 0 || ends_word(after))) {
        p->pos += 2;
        int made = new_node(p, c == '^' ? N_BOS : N_EOS, at, id);
        if (made == GLEAN_OK)
            p->t->nodes[*id].a = 1;
        return made;
    }
    if ((c == '_' || c == '^' || c == '$') && (next < 0 || ends_word(next))) {
        p->pos++;
        if (c == '_')
            return atom_node(p, NULL, 0, 0, 0, at, id);
        return new_node(p, c == '^' ? N_BOS : N_EOS, at, id);
    }
    return parse_token_item(p, 0, id, buf);
}

/* {n}, {n,m}, {n,} right after an item (no space): a repeat, not a set. */
static int quantifier_braces(const parser *p)
{
    size_t i = p->pos + 1;
    if (i >= p->len || p->src[i] < '0' || p->src[i] > '9')
        return 0;
    while (i < p->len && ((p->src[i] >= '0' && p->src[i] <= '9') || p->src[i] == ','))
        i++;
    return i < p->len && p->src[i] == '}';
}

static int parse_item(parser *p, uint32_t *id, glean_buf *buf)
{
    size_t at = p->pos;
    int rc;
    uint32_t cap = NONE32;
    if (is_ident(peek(p), 1)) {
        size_t e = p->pos;
        while (e < p->len && is_ident((unsigned char)p->src[e], 0))
            e++;
        if (e + 1 < p->len && p->src[e] == ':' && !is_space((unsigned char)p->src[e + 1])) {
            if ((rc = ast_capture(p->r, p->t, p->src + p->pos, e - p->pos, &cap, p->err)) != GLEAN_OK)
                return rc;
            p->pos = e + 1;
        }
    }
    uint32_t node;
    if ((rc = parse_primary(p, &node, buf)) != GLEAN_OK)
        return rc;
    int c = peek(p);
    if (c == '?' || c == '*' || c == '+' || (c == '{' && quantifier_braces(p))) {
        size_t qat = p->pos;
        int lo = 0, hi = -1;
        if (c == '?') { hi = 1; p->pos++; }
        else if (c == '*') { p->pos++; }
        else if (c == '+') { lo = 1; p->pos++; }
        else {
            p->pos++;
            if ((rc = parse_uint(p, &lo)) != GLEAN_OK)
                return rc;
            hi = lo;
            if (peek(p) == ',') {
                p->pos++;
                hi = -1;
                if (peek(p) != '}' && (rc = parse_uint(p, &hi)) != GLEAN_OK)
                    return rc;
            }
            p->pos++; /* '}' (checked by quantifier_braces) */
            if ((hi >= 0 && hi < lo) || lo > GLEAN_RULES_MAX_REPEAT || hi > GLEAN_RULES_MAX_REPEAT)
                return failf(p, qat, "a repeat {n,m} needs n <= m <= 1000");
            if (hi == 0)
                return failf(p, qat, "a repeat {0} matches nothing");
        }
        uint32_t rep;
        if ((rc = new_node(p, N_REPEAT, qat, &rep)) != GLEAN_OK)
            return rc;
        p->t->nodes[rep].min = lo;
        p->t->nodes[rep].max = hi;
        ast_append(p->t, rep, node);
        node = rep;
        c = peek(p);
        if (c == '?' || c == '*' || c == '+' || (c == '{' && quantifier_braces(p)))
            return failf(p, p->pos, "two quantifiers in a row (group the item first)");
    }
    if (cap != NONE32) {
        uint32_t cn;
        if ((rc = new_node(p, N_CAPTURE, at, &cn)) != GLEAN_OK)
            return rc;
        p->t->nodes[cn].a = cap;
        ast_append(p->t, cn, node);
        node = cn;
    }
    *id = node;
    return GLEAN_OK;
}

/* Records the source text of a top-level item for explain. */
static int add_elem(parser *p, uint32_t node, size_t from, size_t to)
{
    uint32_t off;
    int rc = rules_pool_add(p->r, p->src + from, to - from, &off, p->err);
    if (rc != GLEAN_OK)
        return rc;
    ast *t = p->t;
    if (glean_grow((void **)&t->elems, &t->elems_cap, t->nelems + 1, sizeof *t->elems) != GLEAN_OK)
        return glean_fail(p->err, GLEAN_ENOMEM, 0, "out of memory");
    t->elems[t->nelems].off = off;
    t->elems[t->nelems].len = (uint32_t)(to - from);
    t->elems[t->nelems].alt = p->alt;
    t->nodes[node].elem = (uint32_t)t->nelems++;
    return GLEAN_OK;
}

static int parse_seq(parser *p, uint32_t *id, int top, glean_buf *buf)
{
    int rc = new_node(p, N_SEQ, p->pos, id);
    if (rc != GLEAN_OK)
        return rc;
    for (;;) {
        skip_space(p);
        int c = peek(p);
        if (c < 0 || c == ')' || c == '|')
            break;
        size_t from = p->pos;
        uint32_t item = NONE32;
        if ((rc = parse_item(p, &item, buf)) != GLEAN_OK)
            return rc;
        if (top && (rc = add_elem(p, item, from, p->pos)) != GLEAN_OK)
            return rc;
        ast_append(p->t, *id, item);
    }
    if (p->t->nodes[*id].first == NONE32)
        return fail(p, p->pos, "at least one item");
    return GLEAN_OK;
}

static int parse_alt(parser *p, uint32_t *id, int top, glean_buf *buf)
{
    uint32_t seq;
    if (top)
        p->alt = 1;
    int rc = parse_seq(p, &seq, top, buf);
    if (rc != GLEAN_OK)
        return rc;
    skip_space(p);
    if (peek(p) != '|') {
        *id = seq;
        return GLEAN_OK;
    }
    if ((rc = new_node(p, N_ALT, p->pos, id)) != GLEAN_OK)
        return rc;
    ast_append(p->t, *id, seq);
    while (peek(p) == '|') {
        p->pos++;
        if (top)
            p->alt++;
        if ((rc = parse_seq(p, &seq, top, buf)) != GLEAN_OK)
            return rc;
        ast_append(p->t, *id, seq);
        skip_space(p);
    }
    return GLEAN_OK;
}

int rules_parse(glean_rules *r, const char *name, const char *src, size_t len, ast *t,
                uint32_t *root, glean_error *err)
{
    parser p = { 1, r, t, name, src, len, 0, 0, err };
    glean_buf buf;
    glean_buf_init(&buf);
    int rc = parse_alt(&p, root, 1, &buf);
    if (rc == GLEAN_OK) {
        skip_space(&p);
        if (p.pos < p.len)
            rc = fail(&p, p.pos, p.src[p.pos] == ')' ? "no ')' here (nothing to close)" :
                      "an item");
    }
    glean_buf_free(&buf);
    return rc;
}
