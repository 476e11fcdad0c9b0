/* glean_chars.h — character classes for the tokenizer, one grapheme cluster at a time.
 *
 * A "unit" is one extended grapheme cluster (UAX #29, from utf8proc), classified by its
 * first code point. ASCII bytes are classified by a 256-entry table; utf8proc is
 * consulted only for bytes >= 0x80 and for the rare ASCII letter followed by a
 * combining mark. */
#ifndef GLEAN_CHARS_H
#define GLEAN_CHARS_H

#include <stddef.h>
#include <stdint.h>

typedef enum glean_class {
    GC_SPACE = 0,  /* white space: separates chunks, never a token */
    GC_LETTER,     /* L* of any script except the ones below */
    GC_DIGIT,      /* Nd, and other numbers (No, Nl) */
    GC_IDEO,       /* Han, Hiragana, Katakana, Thai: one token per cluster */
    GC_MARK,       /* a combining mark with nothing to combine with */
    GC_UNDERSCORE, /* _ and other connector punctuation (Pc) */
    GC_APOS,       /* ' and ’ */
    GC_HYPHEN,     /* - ‐ ‑ */
    GC_DASH,       /* – — ― and other Pd */
    GC_PERIOD,     /* . */
    GC_ELLIPSIS,   /* … */
    GC_COMMA,      /* , and other commas */
    GC_COLON,      /* : */
    GC_SEMI,       /* ; */
    GC_EXCL,       /* ! ¡ */
    GC_QUEST,      /* ? ¿ */
    GC_QUOTE,      /* " “ ” „ « » ‹ › ` ‘ ‚ */
    GC_OPEN,       /* ( [ { and other Ps */
    GC_CLOSE,      /* ) ] } and other Pe */
    GC_SLASH,      /* / */
    GC_AT,         /* @ */
    GC_HASH,       /* # */
    GC_AMP,        /* & */
    GC_PERCENT,    /* % ‰ */
    GC_PLUS,       /* + */
    GC_CURRENCY,   /* Sc: $ £ € ¥ ... */
    GC_SYMBOL,     /* other S* and emoji */
    GC_PUNCT,      /* other P* */
    GC_CONTROL,    /* Cc (not white space), Cf, unassigned, invalid bytes */
    GC_COUNT
} glean_class;

/* Class of one code point (cp < 0 means an invalid byte: GC_CONTROL-like symbol). */
glean_class glean_class_of(int32_t cp);

/* Class of an ASCII byte from the table (valid for b < 0x80). */
extern const unsigned char glean_ascii_class[128];

/* Reads the unit at s[i..len): returns its byte length, stores its first code point in
 * *cp (-1 for an invalid byte) and its class in *cls. White space is returned one code
 * point at a time as GC_SPACE. */
size_t glean_next_unit(const char *s, size_t len, size_t i, int32_t *cp, glean_class *cls);

/* 1 when cp is white space for tokenizing: Unicode White_Space plus ZWSP and BOM. */
int glean_is_space_cp(int32_t cp);

/* 1 for letters that form words (class GC_LETTER or GC_DIGIT or GC_MARK or _). */
static inline int glean_is_wordish(glean_class c)
{
    return c == GC_LETTER || c == GC_DIGIT || c == GC_MARK || c == GC_UNDERSCORE;
}

#endif
