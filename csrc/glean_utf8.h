/* glean_utf8.h — strict UTF-8 decoding and validation.
 *
 * Strict means RFC 3629: no overlong forms, no UTF-16 surrogates (U+D800..U+DFFF),
 * nothing above U+10FFFF. Inputs are (pointer, length); NUL bytes are ordinary. */
#ifndef GLEAN_UTF8_H
#define GLEAN_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define GLEAN_REPLACEMENT 0xFFFD

/* Decodes one code point at s[0..len). Returns the number of bytes consumed (>= 1 when
 * len > 0) and stores the code point, or -1 in *cp for an invalid sequence; an invalid
 * sequence always consumes exactly one byte so that replacement keeps byte offsets. */
size_t glean_utf8_decode(const unsigned char *s, size_t len, int32_t *cp);

/* Returns 1 when s[0..len) is valid UTF-8; otherwise 0 and the offset of the first
 * byte that starts an invalid sequence in *bad (when bad is not NULL). */
int glean_utf8_valid(const char *s, size_t len, size_t *bad);

/* Encodes cp (which must be a valid scalar value) into out[0..4); returns the length. */
size_t glean_utf8_encode(int32_t cp, char *out);

/* Number of code points in s[0..len); an invalid byte counts as one (it becomes U+FFFD). */
size_t glean_utf8_count(const char *s, size_t len);

#endif
