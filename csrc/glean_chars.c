/* glean_chars.c — see the header. */
#include "glean_chars.h"
#include "glean_utf8.h"

#include <utf8proc.h>

#define S GC_SPACE
#define L GC_LETTER
#define D GC_DIGIT
#define C GC_CONTROL
#define Y GC_SYMBOL
#define P GC_PUNCT
const unsigned char glean_ascii_class[128] = {
    C, C, C, C, C, C, C, C, C, S, S, S, S, S, C, C, /* 0x00 */
    C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, /* 0x10 */
    S, GC_EXCL, GC_QUOTE, GC_HASH, GC_CURRENCY, GC_PERCENT, GC_AMP, GC_APOS,
    GC_OPEN, GC_CLOSE, P, GC_PLUS, GC_COMMA, GC_HYPHEN, GC_PERIOD, GC_SLASH, /* 0x20 */
    D, D, D, D, D, D, D, D, D, D, GC_COLON, GC_SEMI, Y, Y, Y, GC_QUEST,    /* 0x30 */
    GC_AT, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,                    /* 0x40 */
    L, L, L, L, L, L, L, L, L, L, L, GC_OPEN, P, GC_CLOSE, Y, GC_UNDERSCORE, /* 0x50 */
    GC_QUOTE, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,                 /* 0x60 */
    L, L, L, L, L, L, L, L, L, L, L, GC_OPEN, Y, GC_CLOSE, Y, C,           /* 0x70 */
};
#undef S
#undef L
#undef D
#undef C
#undef Y
#undef P

int glean_is_space_cp(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 0 && glean_ascii_class[cp] == GC_SPACE;
    switch (cp) {
    case 0x85: case 0x200B: case 0xFEFF: case 0x2028: case 0x2029:
        return 1;
    default:
        return utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
    }
}

/* Scripts written without spaces get one token per character (no dictionary). */
static int is_ideographic(int32_t cp)
{
    return (cp >= 0x0E00 && cp <= 0x0E7F)      /* Thai */
        || (cp >= 0x3040 && cp <= 0x30FF)      /* Hiragana, Katakana */
        || (cp >= 0x31F0 && cp <= 0x31FF)      /* Katakana phonetic extensions */
        || (cp >= 0x3400 && cp <= 0x4DBF)      /* CJK extension A */
        || (cp >= 0x4E00 && cp <= 0x9FFF)      /* CJK unified ideographs */
        || (cp >= 0xF900 && cp <= 0xFAFF)      /* CJK compatibility ideographs */
        || (cp >= 0xFF66 && cp <= 0xFF9F)      /* halfwidth Katakana */
        || (cp >= 0x20000 && cp <= 0x3FFFF);   /* CJK extensions B.. */
}

glean_class glean_class_of(int32_t cp)
{
    if (cp < 0)
        return GC_SYMBOL; /* an invalid byte stands for U+FFFD, a symbol */
    if (cp < 0x80)
        return (glean_class)glean_ascii_class[cp];
    if (glean_is_space_cp(cp))
        return GC_SPACE;
    switch (cp) {
    case 0x2019: return GC_APOS;
    case 0x2010: case 0x2011: return GC_HYPHEN;
    case 0x2026: return GC_ELLIPSIS;
    case 0x2018: case 0x201A: case 0x201B: case 0x201C: case 0x201D: case 0x201E:
    case 0x201F: case 0x00AB: case 0x00BB: case 0x2039: case 0x203A:
        return GC_QUOTE;
    case 0x00A1: return GC_EXCL;
    case 0x00BF: return GC_QUEST;
    case 0x2030: return GC_PERCENT;
    case 0xFF0C: case 0x3001: return GC_COMMA;
    default: break;
    }
    if (is_ideographic(cp)) {
        utf8proc_category_t c = utf8proc_category(cp);
        if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO)
            return GC_IDEO;
    }
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return GC_LETTER;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return GC_MARK;
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return GC_DIGIT;
    case UTF8PROC_CATEGORY_PC: return GC_UNDERSCORE;
    case UTF8PROC_CATEGORY_PD: return GC_DASH;
    case UTF8PROC_CATEGORY_PS: return GC_OPEN;
    case UTF8PROC_CATEGORY_PE: return GC_CLOSE;
    case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF: return GC_QUOTE;
    case UTF8PROC_CATEGORY_PO: return GC_PUNCT;
    case UTF8PROC_CATEGORY_SC: return GC_CURRENCY;
    case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SK: case UTF8PROC_CATEGORY_SO:
        return GC_SYMBOL;
    default:
        return GC_CONTROL;
    }
}

size_t glean_next_unit(const char *str, size_t len, size_t i, int32_t *cp, glean_class *cls)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t n;
    int32_t first;
    if (s[i] < 0x80) {
        first = s[i];
        *cp = first;
        *cls = (glean_class)glean_ascii_class[first];
        /* An ASCII character ends its cluster unless a non-ASCII extender follows. */
        if (i + 1 >= len || s[i + 1] < 0x80 || *cls == GC_SPACE)
            return 1;
        n = 1;
    } else {
        n = glean_utf8_decode(s + i, len - i, &first);
        *cp = first;
        *cls = glean_class_of(first);
        if (first < 0 || *cls == GC_SPACE)
            return n;
    }
    /* Extend over the rest of the grapheme cluster. */
    utf8proc_int32_t state = 0, prev = first;
    while (i + n < len) {
        int32_t next;
        if (s[i + n] < 0x80)
            break; /* no ASCII character extends a cluster except LF after CR */
        size_t k = glean_utf8_decode(s + i + n, len - i - n, &next);
        if (next < 0 || glean_is_space_cp(next))
            break;
        if (utf8proc_grapheme_break_stateful(prev, next, &state))
            break;
        prev = next;
        n += k;
    }
    return n;
}
