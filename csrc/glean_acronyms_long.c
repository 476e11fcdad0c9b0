/* glean_acronyms_long.c — the long form of a short form: the C twin of acronyms.lua's
 * sh_start, initials_start, initials_capitalised, long_before and long_inside (each
 * function here names the Lua function it mirrors; how they decide is told there).
 * Byte offsets inside strings are 1-based here, as in the Lua, to keep the two readable
 * side by side. */
#include "glean_acronyms_internal.h"

#include <string.h>

/* is_alnum_byte: ASCII letters and digits, and every byte of a multi-byte character. */
static inline int alnum_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 128;
}

/* %w in the C locale */
static inline int ascii_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

static inline int lua_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* string.find(s, word, 1, true) ~= nil */
static int contains(const char *s, size_t n, const char *w, size_t wn)
{
    for (size_t i = 0; i + wn <= n; i++)
        if (s[i] == w[0] && memcmp(s + i, w, wn) == 0)
            return 1;
    return 0;
}

/* sh_start: Schwartz & Hearst's best long form in lg[1..ln] for sh[1..sn] (both in
 * lower case): the byte where it starts, or 0. */
static size_t sh_start(const glean_acronyms *m, const char *sh, size_t sn, const char *lg, size_t ln)
{
    size_t si = sn, li = ln;
    while (si >= 1) {
        unsigned char c = (unsigned char)sh[si - 1];
        if (!alnum_byte(c)) {
            si--;
            continue;
        }
        size_t j = li;
        while (j >= 1 && ((unsigned char)lg[j - 1] != c ||
                          (si == 1 && j > 1 && alnum_byte((unsigned char)lg[j - 2]))))
            j--;
        if (j < 1) {
            /* a digit may stand for its number word anywhere in the long form */
            int digit = c >= '1' && c <= '9' ? c - '0' : 0;
            if (!(digit && m->number_lens[digit] &&
                  contains(lg, ln, m->number_words[digit], m->number_lens[digit])))
                return 0;
        } else {
            li = j - 1;
        }
        si--;
    }
    size_t p = li + 1; /* back to the start of the word */
    while (p > 1 && alnum_byte((unsigned char)lg[p - 2]))
        p--;
    return p;
}

/* words: the runs of characters that are neither space nor '-' in s[a..b] (1-based). */
static int64_t words(const char *text, int64_t a, int64_t b)
{
    int64_t n = 0;
    int in_word = 0;
    for (int64_t k = a; k <= b; k++) {
        char c = text[k - 1];
        int w = !lua_space(c) && c != '-';
        n += w && !in_word;
        in_word = w;
    }
    return n;
}

/* token_from: the first token of first..last that ends at or after byte b, or -1. */
static int64_t token_from(const acr_doc *a, int64_t b, size_t first, size_t last)
{
    for (size_t i = first; i <= last; i++)
        if (acr_stop(a, i) >= b)
            return (int64_t)i;
    return -1;
}

/* The text of tokens first..last (bytes a..b, 1-based) in ASCII lower case. */
static const char *lower_window(const acr_doc *a, glean_buf *w, int64_t from, int64_t to)
{
    size_t n = (size_t)(to - from + 1);
    w->len = 0;
    if (glean_buf_reserve(w, n) != GLEAN_OK)
        return NULL;
    const char *t = a->d->text + from - 1;
    for (size_t k = 0; k < n; k++)
        w->data[k] = ascii_lower(t[k]);
    w->len = n;
    return w->data;
}

/* initials_start: the first token of the long form whose words' initials spell the
 * short form, read backwards from token last; -1 when none. */
static int64_t initials_start(const acr_doc *a, const char *sh, size_t sn, size_t first, size_t last)
{
    int64_t si = (int64_t)sn, j = (int64_t)last;
    while (si >= 1) {
        char c = ascii_lower(sh[si - 1]);
        if (!ascii_alnum((unsigned char)c)) {
            si--;
        } else if (j < (int64_t)first) {
            return -1;
        } else {
            size_t n;
            const char *norm = acr_norm(a, (size_t)j, &n);
            int digit = c >= '0' && c <= '9' ? c - '0' : -1;
            int spelled = digit > 0 && a->m->number_lens[digit] && n == a->m->number_lens[digit] &&
                          memcmp(norm, a->m->number_words[digit], n) == 0;
            if ((n >= 1 && norm[0] == c) || spelled) {
                si--;
                j--;
            } else if ((acr_bits(a, (size_t)j) & AB_GLUE) && j < (int64_t)last) {
                j--;
            } else {
                return -1;
            }
        }
    }
    if (j + 1 > (int64_t)last)
        return -1;
    return j + 1;
}

/* initials_capitalised: every word of first..last is glue or capitalised. */
static int initials_capitalised(const acr_doc *a, size_t first, size_t last)
{
    for (size_t i = first; i <= last; i++)
        if (!(acr_bits(a, i) & AB_GLUE) && !(acr_flags(a, i) & GLEAN_IS_TITLE))
            return 0;
    return 1;
}

static int is_sent_start(const acr_doc *a, size_t i)
{
    uint32_t k = a->d->toks[i].sent;
    return k < a->d->nsents && a->d->sents[k].first == i;
}

/* The "head" fallback of long_before: the noun phrase before the brackets that ends in
 * an organisation head word, or a run of capitalised words that keeps the short form's
 * first letter. */
static int head_fallback(const acr_doc *a, const char *sh, size_t first, size_t last, size_t *lf)
{
    if (acr_bits(a, last) & AB_HEAD) {
        size_t i = last;
        while (i > first && !(acr_flags(a, i - 1) & (GLEAN_IS_PUNCT | GLEAN_IS_STOP)))
            i--;
        if (i < last) {
            *lf = i;
            return 1;
        }
    }
    if (acr_flags(a, last) & GLEAN_IS_TITLE) {
        size_t i = last;
        while (i > first && ((acr_flags(a, i - 1) & GLEAN_IS_TITLE) ||
                             ((acr_bits(a, i - 1) & AB_JOIN) && i >= first + 2 &&
                              (acr_flags(a, i - 2) & GLEAN_IS_TITLE))))
            i--;
        size_t n;
        const char *norm = acr_norm(a, i, &n);
        if (i < last && !is_sent_start(a, i) && n >= 1 && norm[0] == ascii_lower(sh[0])) {
            *lf = i;
            return 1;
        }
    }
    return 0;
}

int acr_long_before(const acr_doc *a, glean_buf *window, const char *sh, size_t sn, size_t open,
                    int word_short, size_t *lf, size_t *ll, uint8_t *method)
{
    const glean_token *t = a->d->toks;
    uint32_t sent = t[open].sent;
    int64_t max_words = (int64_t)(sn + 5 < 2 * sn ? sn + 5 : 2 * sn);
    /* the window: back to the sentence start, at most max_words words */
    size_t first = open;
    int64_t nwords = 0;
    while (first > 0 && t[first - 1].sent == sent && nwords < max_words) {
        first--;
        if ((acr_bits(a, first) & AB_STOPS) || (acr_flags(a, first) & GLEAN_IS_QUOTE)) {
            first++;
            break;
        }
        if (!(acr_flags(a, first) & GLEAN_IS_PUNCT))
            nwords++;
    }
    if (open == 0 || open - 1 < first)
        return 0;
    size_t last = open - 1;
    int64_t i = initials_start(a, sh, sn, first, last);
    *ll = last;
    if (word_short) {
        if (i >= 0 && initials_capitalised(a, (size_t)i, last)) {
            *lf = (size_t)i;
            *method = GLEAN_ACR_INITIALS;
            return 1;
        }
        return 0;
    }
    if (i >= 0) {
        *lf = (size_t)i;
        *method = GLEAN_ACR_INITIALS;
        return 1;
    }
    int64_t wa = acr_start(a, first), wb = acr_stop(a, last);
    char shl[16];
    for (size_t k = 0; k < sn; k++)
        shl[k] = ascii_lower(sh[k]);
    const char *w = lower_window(a, window, wa, wb);
    if (!w)
        return -1;
    size_t p = sh_start(a->m, shl, sn, w, (size_t)(wb - wa + 1));
    if (p) {
        int64_t k = token_from(a, wa + (int64_t)p - 1, first, last);
        /* no leading article, and the long form must be longer than the short one */
        while (k >= 0 && k < (int64_t)last && (acr_bits(a, (size_t)k) & AB_ARTICLE))
            k++;
        size_t tn;
        const char *tt = k >= 0 ? acr_text(a, (size_t)k, &tn) : NULL;
        if (k >= 0 && acr_stop(a, last) - acr_start(a, (size_t)k) + 1 > (int64_t)sn &&
            words(a->d->text, acr_start(a, (size_t)k), wb) <= max_words &&
            !(tn == sn && memcmp(tt, sh, sn) == 0)) {
            *lf = (size_t)k;
            *method = GLEAN_ACR_LETTERS;
            return 1;
        }
    }
    if (head_fallback(a, sh, first, last, lf)) {
        *method = GLEAN_ACR_HEAD_NP;
        return 1;
    }
    return 0;
}

int acr_long_inside(const acr_doc *a, glean_buf *window, const char *sh, size_t sn, size_t first,
                    size_t last, size_t *lf, size_t *ll)
{
    int64_t wa = acr_start(a, first), wb = acr_stop(a, last);
    char shl[16];
    for (size_t k = 0; k < sn; k++)
        shl[k] = ascii_lower(sh[k]);
    const char *w = lower_window(a, window, wa, wb);
    if (!w)
        return -1;
    size_t p = sh_start(a->m, shl, sn, w, (size_t)(wb - wa + 1));
    if (!p)
        return 0;
    int64_t i = token_from(a, wa + (int64_t)p - 1, first, last);
    int64_t max_words = (int64_t)(sn + 5 < 2 * sn ? sn + 5 : 2 * sn);
    if (i >= 0 && words(a->d->text, acr_start(a, (size_t)i), wb) <= max_words &&
        wb - acr_start(a, (size_t)i) + 1 > (int64_t)sn) {
        *lf = (size_t)i;
        *ll = last;
        return 1;
    }
    return 0;
}
