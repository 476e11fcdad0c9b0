/* glean_acronyms.c — the acronym extractor's model (word sets, number words), the
 * per-type bits its scan reads, the matches of acronyms.lua's two rules found straight
 * from the tokens, the judging loop of its M.extract, and the labels and occurrences
 * its annotation adds. The long forms are found in glean_acronyms_long.c. */
#include "glean_acronyms_internal.h"

#include <stdlib.h>
#include <string.h>

static int oom(glean_error *err)
{
    return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory in the acronym extractor");
}

int glean_acronyms_new(glean_acronyms **out, glean_error *err)
{
    glean_acronyms *m = calloc(1, sizeof *m);
    *out = m;
    if (!m)
        return oom(err);
    glean_strset_init(&m->words);
    return GLEAN_OK;
}

void glean_acronyms_free(glean_acronyms *m)
{
    if (!m)
        return;
    glean_strset_free(&m->words);
    free(m);
}

int glean_acronyms_add_word(glean_acronyms *m, int set, const char *word, size_t len,
                            glean_error *err)
{
    if (set < 0 || set >= GLEAN_ACR_NSETS)
        return glean_fail(err, GLEAN_EARG, 0, "acronyms: no word set %d", set);
    uint64_t h = glean_hash(word, len);
    uint32_t v = 0;
    glean_strset_get(&m->words, word, len, h, &v);
    if (glean_strset_put(&m->words, word, len, h, v | (1u << set)))
        return oom(err);
    return GLEAN_OK;
}

int glean_acronyms_set_number_word(glean_acronyms *m, char digit, const char *word, size_t len,
                                   glean_error *err)
{
    if (digit < '1' || digit > '9' || len == 0 || len >= sizeof m->number_words[0])
        return glean_fail(err, GLEAN_EARG, 0, "acronyms: a number word is for a digit 1-9 and "
                          "has 1 to %d bytes", (int)sizeof m->number_words[0] - 1);
    memcpy(m->number_words[digit - '0'], word, len);
    m->number_lens[digit - '0'] = (uint8_t)len;
    return GLEAN_OK;
}

const char *glean_acronyms_form_name(int form)
{
    return form == GLEAN_ACR_LONG_SHORT ? "long (SHORT)" : form == GLEAN_ACR_SHORT_LONG ? "SHORT (long)" : NULL;
}

const char *glean_acronyms_method_name(int method)
{
    static const char *const METHODS[] = { "initials", "letters", "head" };
    return method >= 0 && method <= GLEAN_ACR_HEAD_NP ? METHODS[method] : NULL;
}

int glean_acronyms_scratch_new(glean_acronyms_scratch **out)
{
    glean_acronyms_scratch *s = calloc(1, sizeof *s);
    *out = s;
    if (!s)
        return GLEAN_ENOMEM;
    glean_buf_init(&s->window);
    glean_strset_init(&s->label_of);
    return GLEAN_OK;
}

void glean_acronyms_scratch_free(glean_acronyms_scratch *s)
{
    if (!s)
        return;
    free(s->type_bits);
    free(s->defs);
    glean_buf_free(&s->window);
    free(s->by_last);
    glean_strset_free(&s->label_of);
    free(s->shorts);
    free(s->short_ent);
    free(s->occ);
    free(s);
}

/* --- per-type bits --------------------------------------------------------------------- */

static inline int ascii_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* SHORT, /^[%w][%w%-&%.]*$/ in the C locale */
static int short_shape(const char *t, size_t n)
{
    if (n == 0 || !ascii_alnum(t[0]))
        return 0;
    for (size_t k = 1; k < n; k++)
        if (!ascii_alnum(t[k]) && t[k] != '-' && t[k] != '&' && t[k] != '.')
            return 0;
    return 1;
}

static int is(const char *s, size_t n, const char *word)
{
    return n == strlen(word) && memcmp(s, word, n) == 0;
}

static uint32_t compute_bits(const glean_acronyms *m, const glean_lexicon *lx, uint32_t type)
{
    const glean_lexeme *x = &lx->types[type];
    const char *text = glean_lex_str(lx, x->text), *norm = glean_lex_str(lx, x->norm);
    size_t tn = x->text_len, nn = x->norm_len;
    uint32_t v = 0, b = AB_READY;
    if (glean_strset_get(&m->words, norm, nn, glean_hash(norm, nn), &v))
        b |= v;
    if (short_shape(text, tn))
        b |= AB_SHORT;
    if (is(text, tn, "("))
        b |= AB_OPEN;
    if (is(text, tn, ")"))
        b |= AB_CLOSE;
    if (is(text, tn, ",") || is(text, tn, ";") || is(text, tn, ":") || is(text, tn, ")"))
        b |= AB_STOPS;
    if (is(norm, nn, "the") || is(norm, nn, "a") || is(norm, nn, "an"))
        b |= AB_ARTICLE;
    if (is(norm, nn, "of") || is(norm, nn, "for") || is(norm, nn, "and"))
        b |= AB_JOIN;
    return b;
}

/* The bits of every type of the lexicon (those added since the last run). */
static int ready_types(const glean_acronyms *m, glean_acronyms_scratch *s, const glean_lexicon *lx)
{
    if (s->lexicon != lx)
        s->types_ready = 0;
    s->lexicon = lx;
    if (lx->ntypes > s->types_cap &&
        glean_grow((void **)&s->type_bits, &s->types_cap, lx->ntypes, sizeof *s->type_bits))
        return GLEAN_ENOMEM;
    for (size_t t = s->types_ready; t < lx->ntypes; t++)
        s->type_bits[t] = compute_bits(m, lx, (uint32_t)t);
    s->types_ready = lx->ntypes;
    return GLEAN_OK;
}

/* --- the short forms ------------------------------------------------------------------- */

static inline int ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }
static inline int ascii_low(char c) { return c >= 'a' && c <= 'z'; }
static inline int ascii_digit(char c) { return c >= '0' && c <= '9'; }

/* is_short: 2 to 10 bytes, a letter, two capitals or digits, neither lower case first
 * nor all digits. */
static int is_short(const char *s, size_t n)
{
    if (n < 2 || n > 10)
        return 0;
    size_t letters = 0, caps = 0, digits = 0;
    for (size_t k = 0; k < n; k++) {
        letters += ascii_upper(s[k]) || ascii_low(s[k]);
        caps += ascii_upper(s[k]) || ascii_digit(s[k]);
        digits += ascii_digit(s[k]);
    }
    return letters > 0 && caps >= 2 && !ascii_low(s[0]) && digits < n;
}

/* is_word_short: a capital and 2 to 9 lower-case letters (Nato, Alva). */
static int is_word_short(const char *s, size_t n)
{
    if (n < 3 || n > 10 || !ascii_upper(s[0]))
        return 0;
    for (size_t k = 1; k < n; k++)
        if (!ascii_low(s[k]))
            return 0;
    return 1;
}

/* paren_short, '(' <quote>? short:SHORT <quote>? ')': the short form's token, or -1. */
static int64_t paren_short(const acr_doc *a, size_t i, size_t n)
{
    size_t j = i + 1;
    if (j < n && (acr_flags(a, j) & GLEAN_IS_QUOTE))
        j++;
    if (j >= n || !(acr_bits(a, j) & AB_SHORT))
        return -1;
    size_t k = j + 1;
    if (k < n && (acr_flags(a, k) & GLEAN_IS_QUOTE))
        k++;
    return k < n && (acr_bits(a, k) & AB_CLOSE) ? (int64_t)j : -1;
}

/* short_paren, short:SHORT '(' long:(!{')' '('}{1,12}) ')': the long form's last token
 * (it starts at i + 2), or -1. */
static int64_t short_paren(const acr_doc *a, size_t i, size_t n)
{
    if (i + 1 >= n || !(acr_bits(a, i + 1) & AB_OPEN))
        return -1;
    size_t k = i + 2;
    while (k < n && k < i + 14 && !(acr_bits(a, k) & (AB_OPEN | AB_CLOSE)))
        k++;
    return k < n && k > i + 2 && k <= i + 14 && (acr_bits(a, k) & AB_CLOSE) ? (int64_t)k - 1 : -1;
}

static int add_def(glean_acronyms_scratch *s, const glean_acronym *x)
{
    if (glean_grow((void **)&s->defs, &s->defs_cap, s->ndefs + 1, sizeof *s->defs))
        return GLEAN_ENOMEM;
    s->defs[s->ndefs++] = *x;
    return GLEAN_OK;
}

int glean_acronyms_run(const glean_acronyms *m, glean_acronyms_scratch *s, const glean_doc *d,
                       const glean_lexicon *lx, glean_acronym **defs, size_t *ndefs,
                       glean_error *err)
{
    *defs = NULL;
    *ndefs = 0;
    s->ndefs = 0;
    if (ready_types(m, s, lx) != GLEAN_OK)
        return oom(err);
    acr_doc a = { m, s, d, lx };
    const uint32_t *bits = s->type_bits;
    size_t n = d->ntoks;
    /* the matches of both rules in text order (they never start at the same token: one
       starts with '(', the other with a short form); each rule's matches cannot overlap
       another of its own, so every place that matches is a match */
    for (size_t i = 0; i < n; i++) {
        uint32_t b = bits[d->toks[i].type];
        if (!(b & (AB_OPEN | AB_SHORT)))
            continue;
        glean_acronym x;
        memset(&x, 0, sizeof x);
        x.label_ent = -1;
        size_t sn, lf, ll;
        int found = 0;
        if (b & AB_OPEN) {
            int64_t j = paren_short(&a, i, n);
            if (j < 0)
                continue;
            const char *sh = acr_text(&a, (size_t)j, &sn);
            int word_short = !is_short(sh, sn) && is_word_short(sh, sn);
            if (word_short && i > 0) {
                /* most bracketed words are none (`(Reuters)`): the word before the bracket
                   must begin with the short form's last letter */
                const glean_lexeme *p = &lx->types[d->toks[i - 1].type];
                word_short = p->lower_len > 0 && glean_lex_str(lx, p->lower)[0] == sh[sn - 1];
            }
            if (!is_short(sh, sn) && !word_short)
                continue;
            found = acr_long_before(&a, &s->window, sh, sn, i, word_short, &lf, &ll, &x.method);
            x.form = GLEAN_ACR_LONG_SHORT;
            x.short_tok = (uint32_t)j;
        } else {
            int64_t last = short_paren(&a, i, n);
            if (last < 0)
                continue;
            const char *sh = acr_text(&a, i, &sn);
            if (!is_short(sh, sn))
                continue;
            found = acr_long_inside(&a, &s->window, sh, sn, i + 2, (size_t)last, &lf, &ll);
            x.form = GLEAN_ACR_SHORT_LONG;
            x.method = GLEAN_ACR_LETTERS;
            x.short_tok = (uint32_t)i;
        }
        if (found < 0)
            return oom(err);
        if (!found)
            continue;
        x.long_first = (uint32_t)lf;
        x.long_last = (uint32_t)ll;
        if (add_def(s, &x) != GLEAN_OK)
            return oom(err);
    }
    *defs = s->defs;
    *ndefs = s->ndefs;
    return GLEAN_OK;
}
