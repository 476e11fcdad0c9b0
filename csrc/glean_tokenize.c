/* glean_tokenize.c — chunking, the prefix/suffix/infix loop, and the chunk cache.
 * The rule tables are in glean_tokenize_rules.c; see the header for the algorithm. */
#include "glean_tokenize.h"
#include "glean_chars.h"
#include "glean_utf8.h"

#include <stdlib.h>
#include <string.h>

#define CACHE_MAX_ENTRIES (1u << 20)

int glean_tokenizer_init(glean_tokenizer *tk, const glean_tokenizer_options *opt,
                         glean_error *err)
{
    memset(tk, 0, sizeof *tk);
    tk->opt = *opt;
    glean_strset_init(&tk->specials);
    glean_strset_init(&tk->abbrevs);
    glean_strset_init(&tk->titles);
    glean_chunk_cache_init(&tk->cache, CACHE_MAX_ENTRIES);
    if (glean_lexicon_init(&tk->lex, opt->english))
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    if (opt->english)
        return glean_tokenizer_add_builtin_rules(tk, err);
    return GLEAN_OK;
}

void glean_tokenizer_free(glean_tokenizer *tk)
{
    glean_lexicon_free(&tk->lex);
    glean_strset_free(&tk->specials);
    glean_strset_free(&tk->abbrevs);
    glean_strset_free(&tk->titles);
    glean_chunk_cache_free(&tk->cache);
    free(tk->special_pieces);
    free(tk->units);
    free(tk->pieces);
    free(tk->suffixes);
    memset(tk, 0, sizeof *tk);
}

/* Special cases and abbreviations change how chunks split: drop cached results. */
static void clear_cache(glean_tokenizer *tk)
{
    glean_chunk_cache_clear(&tk->cache);
}

int glean_tokenizer_add_special(glean_tokenizer *tk, const char *s, size_t len,
                                const size_t *piece_lens, size_t npieces, glean_error *err)
{
    size_t total = 0;
    if (len == 0 || npieces == 0)
        return glean_fail(err, GLEAN_EARG, 0, "a special case needs a non-empty string and pieces");
    for (size_t i = 0; i < npieces; i++) {
        if (piece_lens[i] == 0)
            return glean_fail(err, GLEAN_EARG, i, "special case piece %zu is empty", i + 1);
        total += piece_lens[i];
    }
    if (total != len)
        return glean_fail(err, GLEAN_EARG, 0, "the pieces of a special case must spell it exactly");
    for (size_t i = 0; i < len; i++)
        if (glean_is_space_cp((unsigned char)s[i]))
            return glean_fail(err, GLEAN_EARG, i, "a special case cannot contain white space");
    uint32_t old;
    if (glean_strset_get(&tk->specials, s, len, glean_hash(s, len), &old))
        tk->config_hash ^= glean_hash(tk->special_pieces + old,
                                      (tk->special_pieces[old] + 1) * sizeof *tk->special_pieces) ^
                           glean_hash(s, len) * 3; /* replaced: take the old one out */
    if (glean_grow((void **)&tk->special_pieces, &tk->special_pieces_cap,
                   tk->nspecial_pieces + npieces + 1, sizeof(uint32_t)))
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    uint32_t at = (uint32_t)tk->nspecial_pieces;
    tk->special_pieces[tk->nspecial_pieces++] = (uint32_t)npieces;
    for (size_t i = 0; i < npieces; i++)
        tk->special_pieces[tk->nspecial_pieces++] = (uint32_t)piece_lens[i];
    if (glean_strset_put(&tk->specials, s, len, glean_hash(s, len), at))
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    tk->config_hash ^= glean_hash(tk->special_pieces + at,
                                  (npieces + 1) * sizeof *tk->special_pieces) ^
                       glean_hash(s, len) * 3;
    clear_cache(tk);
    return GLEAN_OK;
}

int glean_tokenizer_add_abbreviation(glean_tokenizer *tk, const char *s, size_t len,
                                     glean_error *err)
{
    if (len < 2 || s[len - 1] != '.')
        return glean_fail(err, GLEAN_EARG, 0, "an abbreviation must end with '.' (got '%.*s')",
                          (int)(len > 40 ? 40 : len), s);
    uint32_t seen;
    if (glean_strset_get(&tk->abbrevs, s, len, glean_hash(s, len), &seen))
        return GLEAN_OK;
    if (glean_strset_put(&tk->abbrevs, s, len, glean_hash(s, len), 1))
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    tk->config_hash ^= glean_hash(s, len) * 5;
    clear_cache(tk);
    return GLEAN_OK;
}

/* ---- helpers over the unit array ---------------------------------------------------- */

#define CLS(i) ((glean_class)U[i].cls)
#define END(i) (U[i].start + U[i].len)

static int is_ascii_letter(int32_t c) { return (unsigned)((c | 32) - 'a') < 26u; }
static int is_upper_cp(int32_t c) { return (unsigned)(c - 'A') < 26u; }
static int lower_ascii(int32_t c) { return is_upper_cp(c) ? c + 32 : c; }

static int emit(glean_tokenizer *tk, uint32_t start, uint32_t end)
{
    if (glean_grow((void **)&tk->pieces, &tk->pieces_cap, tk->npieces + 2, sizeof(uint32_t)))
        return GLEAN_ENOMEM;
    tk->pieces[tk->npieces++] = start;
    tk->pieces[tk->npieces++] = end;
    return GLEAN_OK;
}

static int in_set(int32_t cp, const char *set)
{
    return cp > 0 && cp < 0x80 && strchr(set, (int)cp) != NULL;
}

/* Length of the punctuation run that starts (dir=1) or ends (dir=-1) at U[i]: mixed
 * terminal punctuation (?!, .?, !!!) is one token, so are rules made of - = * ~ + #
 * ("----==", "***"), and any repeated ASCII character ("...", ">>", "$$$"). Quotes,
 * brackets and non-ASCII symbols (each emoji) stand alone. */
static size_t punct_run(const glean_unit *U, size_t lo, size_t hi, size_t i, int dir)
{
    int32_t c = U[i].cp;
    glean_class cls = CLS(i);
    if (U[i].len != 1 || c >= 0x80 || cls == GC_OPEN || cls == GC_CLOSE || cls == GC_QUOTE ||
        cls == GC_APOS)
        return 1;
    const char *set = in_set(c, ".!?") ? ".!?" : in_set(c, "-=*~+#") ? "-=*~+#" : NULL;
    size_t n = 1;
    for (;;) {
        size_t j;
        if (dir > 0) {
            if (i + n >= hi)
                break;
            j = i + n;
        } else {
            if (i < lo + n)
                break;
            j = i - n;
        }
        if (U[j].len != 1 || (set ? !in_set(U[j].cp, set) : U[j].cp != c))
            break;
        n++;
    }
    return n;
}

/* Abbreviation by pattern: "J." (a capital initial) or one-or-two-letter groups joined by
 * periods with at least two periods: U.S., e.g., a.m., Ph.D. */
static int abbrev_pattern(const glean_unit *U, size_t lo, size_t hi)
{
    if (hi - lo == 2)
        return U[lo].len == 1 && is_upper_cp(U[lo].cp) && U[lo + 1].cp == '.';
    size_t periods = 0, group = 0;
    for (size_t i = lo; i < hi; i++) {
        if (U[i].cp == '.') {
            if (group == 0 || group > 2)
                return 0;
            periods++;
            group = 0;
        } else if (U[i].len == 1 && is_ascii_letter(U[i].cp)) {
            group++;
        } else {
            return 0;
        }
    }
    return group == 0 && periods >= 2;
}

static int is_abbreviation(const glean_tokenizer *tk, const char *text, const glean_unit *U,
                           size_t lo, size_t hi)
{
    uint32_t v;
    if (hi - lo < 2 || U[hi - 1].cp != '.')
        return 0;
    size_t a = U[lo].start, n = END(hi - 1) - a;
    if (glean_strset_get(&tk->abbrevs, text + a, n, glean_hash(text + a, n), &v))
        return 1;
    return abbrev_pattern(U, lo, hi);
}

/* Units that may not end a URL or an e-mail address (they are trailing punctuation). */
static int trailing_punct(glean_class c)
{
    return c == GC_PERIOD || c == GC_COMMA || c == GC_SEMI || c == GC_COLON || c == GC_EXCL ||
           c == GC_QUEST || c == GC_CLOSE || c == GC_QUOTE || c == GC_APOS || c == GC_ELLIPSIS;
}

static int starts_with_ci(const char *s, size_t n, const char *head)
{
    size_t k = strlen(head);
    if (n <= k)
        return 0;
    for (size_t i = 0; i < k; i++)
        if (lower_ascii((unsigned char)s[i]) != head[i])
            return 0;
    return 1;
}

/* A URL: a scheme or www., or a bare domain ending in a known TLD (bbc.co.uk/news). */
static int url_match(const char *s, size_t n, const glean_unit *U, size_t lo, size_t hi)
{
    for (size_t i = lo; i < hi; i++)
        if (CLS(i) == GC_QUOTE || CLS(i) == GC_CONTROL || U[i].cp == '<' || U[i].cp == '>')
            return 0;
    if (starts_with_ci(s, n, "http://") || starts_with_ci(s, n, "https://") ||
        starts_with_ci(s, n, "ftp://") || starts_with_ci(s, n, "www.") ||
        starts_with_ci(s, n, "mailto:"))
        return 1;
    /* Bare domain: labels of [A-Za-z0-9-] joined by dots, a TLD, then nothing or /path. */
    size_t i = 0, dots = 0, label = 0, last_label = 0;
    for (; i < n && s[i] != '/'; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') {
            if (label == 0)
                return 0;
            dots++;
            last_label = i + 1;
            label = 0;
        } else if (is_ascii_letter(c) || (c >= '0' && c <= '9') || c == '-') {
            label++;
        } else {
            return 0;
        }
    }
    return dots >= 1 && label >= 2 && glean_is_url_tld(s + last_label, label) &&
           is_ascii_letter((unsigned char)s[0]);
}

static int email_match(const char *s, size_t n)
{
    size_t at = 0, i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '@') {
            if (at || i == 0)
                return 0;
            at = i;
        } else if (!(is_ascii_letter(c) || (c >= '0' && c <= '9') || strchr("._%+-", c))) {
            return 0;
        }
    }
    if (!at)
        return 0;
    const char *dot = memchr(s + at, '.', n - at);
    return dot && dot > s + at + 1 && is_ascii_letter((unsigned char)s[n - 1]) &&
           is_ascii_letter((unsigned char)s[n - 2]);
}

/* Forms kept whole however they look inside: URLs, e-mail, @handles, #tags, abbreviations. */
static int whole_match(const glean_tokenizer *tk, const char *text, const glean_unit *U,
                       size_t lo, size_t hi)
{
    if (hi - lo < 2)
        return 0;
    const char *s = text + U[lo].start;
    size_t n = END(hi - 1) - U[lo].start;
    glean_class first = CLS(lo);
    if (first == GC_AT || first == GC_HASH) {
        /* @handle (letters, digits, _) and #tag (with at least one letter: #1 is a number) */
        int letters = 0;
        for (size_t i = lo + 1; i < hi; i++) {
            if (!glean_is_wordish(CLS(i)))
                return 0;
            letters += CLS(i) == GC_LETTER;
        }
        return first == GC_AT || letters > 0;
    }
    if (is_abbreviation(tk, text, U, lo, hi))
        return 1;
    if (trailing_punct(CLS(hi - 1)) || !is_ascii_letter(U[lo].cp))
        return 0;
    return email_match(s, n) || url_match(s, n, U, lo, hi);
}

/* Units to split off the front; 0 when the front is part of a word. */
static size_t prefix_len(const glean_unit *U, size_t lo, size_t hi)
{
    glean_class c = CLS(lo);
    int next_digit = lo + 1 < hi && CLS(lo + 1) == GC_DIGIT;
    switch (c) {
    case GC_LETTER: case GC_DIGIT: case GC_UNDERSCORE:
        return 0;
    case GC_PERIOD:
        return next_digit ? 0 : punct_run(U, lo, hi, lo, 1); /* .5 is a number */
    case GC_APOS:
        /* '67 and '90s: a year with its apostrophe (UD keeps it whole) */
        if (next_digit && lo + 2 < hi && CLS(lo + 2) == GC_DIGIT &&
            (lo + 3 == hi || (lo + 4 == hi && U[lo + 3].cp == 's')))
            return 0;
        return (lo + 1 < hi && U[lo + 1].cp == '\'' && U[lo].cp == '\'') ? 2 : 1; /* '' */
    case GC_QUOTE:
        return (lo + 1 < hi && U[lo].cp == '`' && U[lo + 1].cp == '`') ? 2 : 1;  /* `` */
    case GC_OPEN: case GC_CLOSE: case GC_IDEO: case GC_CONTROL: case GC_MARK:
    case GC_ELLIPSIS:
        return 1;
    default:
        return punct_run(U, lo, hi, lo, 1);
    }
}

static int clitic_letter(const glean_unit *U, size_t i, char want)
{
    return U[i].len == 1 && lower_ascii(U[i].cp) == want;
}

/* English clitics at the end of a word: n't 's 'm 'd 're 've 'll (with ' or ’). */
static size_t clitic_len(const glean_unit *U, size_t lo, size_t hi)
{
    size_t n = hi - lo;
    if (n >= 4 && CLS(hi - 2) == GC_APOS && clitic_letter(U, hi - 3, 'n') &&
        clitic_letter(U, hi - 1, 't') && CLS(hi - 4) == GC_LETTER)
        return 3;
    if (n >= 3 && CLS(hi - 2) == GC_APOS && CLS(hi - 3) == GC_LETTER &&
        (clitic_letter(U, hi - 1, 's') || clitic_letter(U, hi - 1, 'm') ||
         clitic_letter(U, hi - 1, 'd')))
        return 2;
    if (n >= 4 && CLS(hi - 3) == GC_APOS && CLS(hi - 4) == GC_LETTER &&
        ((clitic_letter(U, hi - 2, 'r') && clitic_letter(U, hi - 1, 'e')) ||
         (clitic_letter(U, hi - 2, 'v') && clitic_letter(U, hi - 1, 'e')) ||
         (clitic_letter(U, hi - 2, 'l') && clitic_letter(U, hi - 1, 'l'))))
        return 3;
    return 0;
}

/* Units to split off the end; 0 when the end is part of a word. */
static size_t suffix_len(const glean_tokenizer *tk, const glean_unit *U, size_t lo, size_t hi)
{
    size_t last = hi - 1, n;
    if (tk->opt.english && (n = clitic_len(U, lo, hi)) > 0)
        return n;
    switch (CLS(last)) {
    case GC_LETTER: case GC_DIGIT: case GC_UNDERSCORE: case GC_MARK:
        return 0;
    case GC_CLOSE: case GC_QUOTE: case GC_APOS: case GC_IDEO: case GC_CONTROL:
    case GC_ELLIPSIS: case GC_AT:
        if (U[last].cp == '\'' && last > lo && U[last - 1].cp == '\'')
            return 2;                                        /* '' */
        return 1;
    default:
        return punct_run(U, lo, hi, last, -1);
    }
}

/* Digits joined by hyphens stay one token when they look like a date (2019-02-05) or a
 * phone number (853-3242, 713-664-7478); ranges and scores (13-17, 4-0) split, as in
 * Universal Dependencies. i is a hyphen inside the digit run that starts at ts. */
static int digit_groups_joined(const glean_unit *U, size_t ts, size_t hi, size_t i)
{
    size_t groups = 0, first = 0, second = 0, len = 0;
    size_t a = i;
    while (a > ts && (CLS(a - 1) == GC_DIGIT || CLS(a - 1) == GC_HYPHEN))
        a--;
    for (size_t k = a; k <= hi; k++) {
        if (k < hi && CLS(k) == GC_DIGIT) {
            len++;
            continue;
        }
        if (k < hi && CLS(k) != GC_HYPHEN)
            break;
        if (len == 0)
            return 0;
        groups++;
        if (groups == 1)
            first = len;
        else if (groups == 2)
            second = len;
        len = 0;
        if (k == hi)
            break;
    }
    if (len)
        groups++, second = groups == 2 ? len : second;
    return groups >= 3 || (groups == 2 && first <= 3 && second >= 4);
}

/* 1 when U[i] (a period) is followed by a common file extension and nothing else. */
static int file_extension_follows(const char *text, const glean_unit *U, size_t hi, size_t i)
{
    static const char *const exts[] = {"avi", "csv", "doc", "docx", "exe", "gif", "htm",
        "html", "jpeg", "jpg", "mp3", "mp4", "pdf", "png", "ppt", "pptx", "rtf", "txt", "vcf",
        "wav", "xls", "xlsx", "xml", "zip"};
    size_t n = U[hi - 1].start + U[hi - 1].len - U[i + 1].start;
    char tmp[8];
    if (n == 0 || n >= sizeof tmp)
        return 0;
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)text[U[i + 1].start + k];
        tmp[k] = (char)lower_ascii(c);
    }
    tmp[n] = '\0';
    for (size_t k = 0; k < sizeof exts / sizeof *exts; k++)
        if (strcmp(tmp, exts[k]) == 0)
            return 1;
    return 0;
}

/* Should the connector at U[i] stay inside the word that started at U[ts]? */
static int keep_connector(const glean_tokenizer *tk, const char *text, const glean_unit *U,
                          size_t hi, size_t ts, size_t i)
{
    glean_class l = i > ts ? CLS(i - 1) : GC_SPACE;
    glean_class r = i + 1 < hi ? CLS(i + 1) : GC_SPACE;
    int32_t lcp = i > ts ? U[i - 1].cp : 0, rcp = i + 1 < hi ? U[i + 1].cp : 0;
    switch (CLS(i)) {
    case GC_APOS:
        if (i == ts && r == GC_DIGIT)
            return 1;                                         /* '67 */
        return glean_is_wordish(l) && r == GC_LETTER;
    case GC_PERIOD:
        if (r == GC_DIGIT && (i == ts || l == GC_DIGIT))
            return 1;                                         /* 3.5, .5 */
        if (l == GC_LETTER && r == GC_LETTER)                 /* U.S, x.com; not end.The */
            return !(lcp < 0x80 && rcp < 0x80 && !is_upper_cp(lcp) && is_upper_cp(rcp) &&
                     is_ascii_letter(lcp) && !abbrev_pattern(U, ts, i + 1));
        if (l == GC_LETTER && (r == GC_HYPHEN || r == GC_SLASH || r == GC_DASH))
            return abbrev_pattern(U, ts, i + 1) || is_abbreviation(tk, text, U, ts, i + 1);
        if (l == GC_DIGIT && r == GC_LETTER)                  /* Paper4.pdf */
            return file_extension_follows(text, U, hi, i);
        return 0;
    case GC_COMMA: case GC_COLON: case GC_SLASH:
        return U[i].len == 1 && l == GC_DIGIT && r == GC_DIGIT;
    case GC_HYPHEN:
        if (!glean_is_wordish(l) || !glean_is_wordish(r))
            return 0;
        if (l == GC_DIGIT && r == GC_DIGIT)
            return digit_groups_joined(U, ts, hi, i);         /* 2019-02-05, 853-3242 */
        if (!tk->opt.split_hyphens)
            return 1;
        return tk->opt.english &&
               glean_is_hyphen_prefix(text + U[ts].start, U[i].start - U[ts].start);
    case GC_AMP:
        return is_upper_cp(lcp) && is_upper_cp(rcp);          /* AT&T, R&D */
    case GC_AT:
        return glean_is_wordish(l) && glean_is_wordish(r);
    default:
        return 0;
    }
}

/* Splits a core that has no prefix or suffix left: words and the separators inside. */
static int infix_split(glean_tokenizer *tk, const char *text, const glean_unit *U, size_t lo,
                       size_t hi)
{
    size_t ts = lo, i = lo;
    while (i < hi) {
        glean_class c = CLS(i);
        if (glean_is_wordish(c) || keep_connector(tk, text, U, hi, ts, i)) {
            i++;
            continue;
        }
        if (i > ts && emit(tk, U[ts].start, U[i].start))
            return GLEAN_ENOMEM;
        size_t n = punct_run(U, lo, hi, i, 1);
        if (emit(tk, U[i].start, END(i + n - 1)))
            return GLEAN_ENOMEM;
        i += n;
        ts = i;
    }
    if (i > ts && emit(tk, U[ts].start, END(hi - 1)))
        return GLEAN_ENOMEM;
    return GLEAN_OK;
}

/* The prefix/suffix/infix loop over one chunk's units, pieces into tk->pieces. */
static int split_chunk(glean_tokenizer *tk, const char *text, size_t nunits)
{
    const glean_unit *U = tk->units;
    size_t lo = 0, hi = nunits;
    tk->nsuffixes = 0;
    while (lo < hi) {
        size_t a = U[lo].start, n = END(hi - 1) - a;
        uint32_t sp;
        if (glean_strset_get(&tk->specials, text + a, n, glean_hash(text + a, n), &sp)) {
            uint32_t at = (uint32_t)a;
            for (uint32_t k = 1; k <= tk->special_pieces[sp]; k++) {
                uint32_t plen = tk->special_pieces[sp + k];
                if (emit(tk, at, at + plen))
                    return GLEAN_ENOMEM;
                at += plen;
            }
            lo = hi;
            break;
        }
        if (whole_match(tk, text, U, lo, hi)) {
            if (emit(tk, (uint32_t)a, (uint32_t)(a + n)))
                return GLEAN_ENOMEM;
            lo = hi;
            break;
        }
        size_t k = prefix_len(U, lo, hi);
        if (k) {
            if (emit(tk, U[lo].start, END(lo + k - 1)))
                return GLEAN_ENOMEM;
            lo += k;
            continue;
        }
        k = suffix_len(tk, U, lo, hi);
        if (k && k < hi - lo + 1) {
            if (glean_grow((void **)&tk->suffixes, &tk->suffixes_cap, tk->nsuffixes + 2,
                           sizeof(uint32_t)))
                return GLEAN_ENOMEM;
            tk->suffixes[tk->nsuffixes++] = U[hi - k].start;
            tk->suffixes[tk->nsuffixes++] = END(hi - 1);
            hi -= k;
            continue;
        }
        if (infix_split(tk, text, U, lo, hi))
            return GLEAN_ENOMEM;
        break;
    }
    while (tk->nsuffixes) {
        tk->nsuffixes -= 2;
        if (emit(tk, tk->suffixes[tk->nsuffixes], tk->suffixes[tk->nsuffixes + 1]))
            return GLEAN_ENOMEM;
    }
    return GLEAN_OK;
}

/* Flags that depend on the tokenizer's lists, added once when a type is first seen. */
static void add_type_flags(glean_tokenizer *tk, uint32_t id, const char *s, size_t n)
{
    const glean_lexeme *t = &tk->lex.types[id];
    uint32_t v, f = 0;
    int terminal = 1, dots = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.')
            dots++;
        else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                 (unsigned char)s[i + 2] == 0xA6) {
            dots += 3;
            i += 2;
        } else if (c != '!' && c != '?')
            terminal = 0;
    }
    if (terminal && n)
        f |= GLEAN_IS_TERMINAL;
    if (terminal && dots >= 2)
        f |= GLEAN_IS_ELLIPSIS;
    if (!terminal && n >= 2 && s[n - 1] == '.')
        f |= GLEAN_IS_ABBREV;
    if (n == 2 && is_upper_cp((unsigned char)s[0]) && s[1] == '.')
        f |= GLEAN_IS_INITIAL | GLEAN_IS_TITLE_ABBREV;
    if (glean_strset_get(&tk->titles, s, n, glean_hash(s, n), &v))
        f |= GLEAN_IS_TITLE_ABBREV;
    if (glean_is_emoticon(s, n))
        f |= GLEAN_IS_EMOTICON;
    if (tk->opt.english && glean_is_ampm(s, n))
        f |= GLEAN_IS_AMPM;
    if (tk->opt.english && glean_is_salutation(s, n))
        f |= GLEAN_IS_SALUTATION;
    if (t->length == 1 || (n == 2 && (s[0] == '\'' || s[0] == '`') && s[1] == s[0])) {
        int32_t cp;
        glean_utf8_decode((const unsigned char *)s, n, &cp);
        glean_class c = glean_class_of(cp);
        if (c == GC_CLOSE || c == GC_QUOTE || c == GC_APOS)
            f |= GLEAN_IS_CLOSING;
        if (c == GC_OPEN || (c == GC_QUOTE && cp != 0x201D && cp != 0x00BB) || cp == '\'' ||
            cp == '`')
            f |= GLEAN_IS_OPENING;
    }
    glean_lexicon_add_flags(&tk->lex, id, f);
}

static int push_token(glean_tokenizer *tk, const char *text, uint32_t start, uint32_t end,
                      uint32_t *type, glean_token **toks, size_t *n, size_t *cap, glean_error *err)
{
    size_t before = tk->lex.ntypes;
    const char *s = text + start;
    int rc = glean_lexicon_intern(&tk->lex, s, end - start, glean_hash(s, end - start), type, err);
    if (rc)
        return rc;
    if (tk->lex.ntypes > before)
        add_type_flags(tk, *type, s, end - start);
    if (glean_grow((void **)toks, cap, *n + 1, sizeof **toks))
        return glean_fail(err, GLEAN_ENOMEM, start, "out of memory");
    glean_token *t = &(*toks)[(*n)++];
    t->start = start;
    t->end = end;
    t->type = *type;
    t->sent = 0;
    return GLEAN_OK;
}

/* Tokenizes one white-space-free chunk text[a..b), through the cache when it is short. */
static int tokenize_chunk(glean_tokenizer *tk, const char *text, size_t a, size_t b,
                          uint64_t h, glean_token **toks, size_t *n, size_t *cap, glean_error *err)
{
    size_t len = b - a;
    if (len <= GLEAN_CHUNK_CACHE_MAX_KEY) {
        const glean_chunk_entry *e = glean_chunk_cache_get(&tk->cache, text + a, len, h);
        if (e) {
            uint32_t np = e->npieces, pos = (uint32_t)a;
            if (*n + np > *cap &&
                glean_grow((void **)toks, cap, *n + np, sizeof **toks))
                return glean_fail(err, GLEAN_ENOMEM, a, "out of memory");
            glean_token *t = *toks + *n;
            *n += np;
            if (np == 1) {
                *t = (glean_token){pos, (uint32_t)b, e->value, 0};
                return GLEAN_OK;
            }
            if (np == 2) {
                t[0] = (glean_token){pos, pos + e->first_len, e->value, 0};
                t[1] = (glean_token){pos + e->first_len, (uint32_t)b, e->value2, 0};
                return GLEAN_OK;
            }
            const uint32_t *pc = tk->cache.pieces + e->value;
            for (uint32_t k = 0; k < np; k++, t++) {
                t->start = pos;
                pos += pc[2 * k];
                t->end = pos;
                t->type = pc[2 * k + 1];
                t->sent = 0;
            }
            return GLEAN_OK;
        }
    }
    /* Decode the chunk into grapheme-cluster units. */
    size_t nunits = 0;
    for (size_t i = a; i < b;) {
        int32_t cp;
        glean_class cls;
        size_t k = glean_next_unit(text, b, i, &cp, &cls);
        if (cp < 0 && !tk->opt.replace_invalid)
            return glean_fail(err, GLEAN_EUTF8, i, "invalid UTF-8 at byte offset %zu", i);
        if (glean_grow((void **)&tk->units, &tk->units_cap, nunits + 1, sizeof *tk->units))
            return glean_fail(err, GLEAN_ENOMEM, i, "out of memory");
        tk->units[nunits++] = (glean_unit){(uint32_t)i, (uint32_t)k, cp, (uint32_t)cls};
        i += k;
    }
    tk->npieces = 0;
    if (split_chunk(tk, text, nunits))
        return glean_fail(err, GLEAN_ENOMEM, a, "out of memory");
    size_t first = *n;
    for (size_t k = 0; k < tk->npieces; k += 2) {
        uint32_t type;
        int rc = push_token(tk, text, tk->pieces[k], tk->pieces[k + 1], &type, toks, n, cap, err);
        if (rc)
            return rc;
    }
    if (len <= GLEAN_CHUNK_CACHE_MAX_KEY && !tk->cache_frozen) {
        /* Reuse the pieces scratch for the (length, type) pairs the cache stores. */
        size_t np = *n - first;
        for (size_t k = 0; k < np; k++) {
            const glean_token *t = &(*toks)[first + k];
            tk->pieces[2 * k] = t->end - t->start;
            tk->pieces[2 * k + 1] = t->type;
        }
        glean_chunk_cache_put(&tk->cache, text + a, len, h, tk->pieces, np);
    }
    return GLEAN_OK;
}

/* Finds the next chunk at or after *pos: sets [*a, *b) and returns 1, or 0 at the end. */
static int next_chunk(const unsigned char *s, size_t len, size_t *pos, size_t *a, size_t *b)
{
    size_t i = *pos;
    /* Skip white space: ASCII by table, the rest by decoding. */
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if (glean_ascii_class[c] != GC_SPACE)
                break;
            i++;
        } else {
            int32_t cp;
            size_t k = glean_utf8_decode(s + i, len - i, &cp);
            if (!glean_is_space_cp(cp))
                break;
            i += k;
        }
    }
    if (i >= len)
        return 0;
    /* The chunk runs to the next white space. Eight bytes at a time: a byte below 0x21
     * (white space or a control) or above 0x7F stops the word scan and is looked at
     * one by one; in the subtraction the first flagged byte is always exact. */
    size_t j = i;
    for (;;) {
        while (j + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + j, 8);
            uint64_t m = ((w - 0x2121212121212121ULL) | w) & 0x8080808080808080ULL;
            if (m) {
                j += (size_t)__builtin_ctzll(m) >> 3;
                break;
            }
            j += 8;
        }
        while (j < len && s[j] < 0x80 && glean_ascii_class[s[j]] != GC_SPACE)
            j++;
        if (j >= len || s[j] < 0x80)
            break;
        int32_t cp;
        size_t k = glean_utf8_decode(s + j, len - j, &cp);
        if (cp >= 0 && glean_is_space_cp(cp))
            break;
        j += k;
    }
    *a = i;
    *b = *pos = j;
    return 1;
}

#define CHUNK_BATCH 32

/* Chunks are found a batch ahead and their cache slots prefetched: on a large lexicon
 * the one cache miss per chunk is most of the cost, and this hides it. */
int glean_tokenize(glean_tokenizer *tk, const char *text, size_t len, glean_token **toks,
                   size_t *n, size_t *cap, glean_error *err)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t pos = 0, starts[CHUNK_BATCH], ends[CHUNK_BATCH];
    uint64_t hashes[CHUNK_BATCH];
    if (len > GLEAN_MAX_TEXT)
        return glean_fail(err, GLEAN_ETOOBIG, 0, "text of %zu bytes is over the 4 GiB limit", len);
    for (;;) {
        size_t nb = 0;
        while (nb < CHUNK_BATCH && next_chunk(s, len, &pos, &starts[nb], &ends[nb])) {
            size_t clen = ends[nb] - starts[nb];
            hashes[nb] = 0;
            if (clen <= GLEAN_CHUNK_CACHE_MAX_KEY) {
                hashes[nb] = glean_hash(text + starts[nb], clen) | 1; /* never 0 */
                glean_chunk_cache_prefetch(&tk->cache, hashes[nb]);
            }
            nb++;
        }
        for (size_t k = 0; k < nb; k++) {
            int rc = tokenize_chunk(tk, text, starts[k], ends[k], hashes[k], toks, n, cap, err);
            if (rc)
                return rc;
        }
        if (nb < CHUNK_BATCH)
            return GLEAN_OK;
    }
}
