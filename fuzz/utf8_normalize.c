/* utf8_normalize.c — libFuzzer target: UTF-8 validation and every normalization form.
 *
 * The input is the text itself. Oracles:
 *  - glean_utf8_valid agrees with a walk of glean_utf8_decode (first bad byte, count)
 *    and with utf8proc's own decoder; decoding then encoding gives the bytes back;
 *  - invalid input gives GLEAN_EUTF8 at the first bad byte, never a crash; with
 *    GLEAN_NORM_REPLACE_INVALID it gives the normalization of the text with each bad
 *    byte replaced by U+FFFD;
 *  - every output is valid UTF-8;
 *  - the forms utf8proc knows (NFC/NFD/NFKC/NFKD, case folding, mark stripping) equal
 *    utf8proc_map over the whole string: the ASCII fast path and the per-stretch
 *    decomposition must not change the result;
 *  - NFC, NFD, NFKC and NFKD are idempotent, and NFC(NFD(x)) = NFC(x),
 *    NFKC(NFKD(x)) = NFKC(x). */
#include "fuzz_common.h"
#include "glean_normalize.h"
#include "glean_utf8.h"

#include <utf8proc.h>

static glean_normalizer nz;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    glean_normalizer_init(&nz);
    return 0;
}

/* Normalizes s under flags into a fresh buffer (the caller frees it). */
static int norm(const char *s, size_t len, unsigned flags, glean_buf *out, glean_error *err)
{
    glean_buf_init(out);
    return glean_normalize(&nz, s, len, flags, out, err);
}

static int same(const glean_buf *a, const char *b, size_t blen)
{
    return a->len == blen && (blen == 0 || memcmp(a->data, b, blen) == 0);
}

static void check_valid_output(const glean_buf *out, unsigned flags)
{
    size_t bad = 0;
    FUZZ_CHECK(glean_utf8_valid(out->data, out->len, &bad),
               "flags %#x: output invalid at byte %zu", flags, bad);
    FUZZ_CHECK(out->len == 0 || out->data[out->len] == '\0', "flags %#x: output not terminated",
               flags);
}

/* utf8proc's decoder over the whole string: 1 when it accepts every code point. */
static int utf8proc_accepts(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0 || cp < 0)
            return 0;
        i += (size_t)k;
    }
    return 1;
}

static void check_utf8(const char *s, size_t len, int valid, size_t bad)
{
    size_t i = 0, count = 0, first_bad = SIZE_MAX;
    while (i < len) {
        int32_t cp;
        size_t k = glean_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        FUZZ_CHECK(k >= 1 && k <= 4 && k <= len - i, "decode length %zu at %zu", k, i);
        if (cp < 0) {
            FUZZ_CHECK(k == 1, "an invalid sequence consumed %zu bytes at %zu", k, i);
            if (first_bad == SIZE_MAX)
                first_bad = i;
        } else {
            char enc[4];
            size_t e = glean_utf8_encode(cp, enc);
            FUZZ_CHECK(e == k && memcmp(enc, s + i, k) == 0, "U+%04X at %zu re-encodes "
                       "differently", (unsigned)cp, i);
        }
        i += k;
        count++;
    }
    FUZZ_CHECK(valid == (first_bad == SIZE_MAX), "valid=%d but decode found a bad byte at %zu",
               valid, first_bad);
    FUZZ_CHECK(valid || bad == first_bad, "first bad byte %zu, decode says %zu", bad, first_bad);
    FUZZ_CHECK(count == glean_utf8_count(s, len), "count %zu != %zu", glean_utf8_count(s, len),
               count);
    FUZZ_CHECK(valid == utf8proc_accepts(s, len), "glean valid=%d, utf8proc disagrees", valid);
}

/* The text with each invalid byte replaced by U+FFFD, as REPLACE_INVALID promises. */
static void replaced(const char *s, size_t len, glean_buf *out)
{
    glean_buf_init(out);
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t k = glean_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        int rc = cp < 0 ? glean_buf_append(out, "\xEF\xBF\xBD", 3)
                        : glean_buf_append(out, s + i, k);
        FUZZ_CHECK(rc == GLEAN_OK, "out of memory");
        i += k;
    }
}

static utf8proc_option_t proc_options(unsigned flags)
{
    utf8proc_option_t o = UTF8PROC_STABLE |
        ((flags & GLEAN_NORM_DECOMPOSE) ? UTF8PROC_DECOMPOSE : UTF8PROC_COMPOSE);
    if (flags & GLEAN_NORM_COMPAT)
        o |= UTF8PROC_COMPAT;
    if (flags & GLEAN_NORM_CASEFOLD)
        o |= UTF8PROC_CASEFOLD;
    if (flags & GLEAN_NORM_STRIP_MARKS)
        o |= UTF8PROC_STRIPMARK;
    return o;
}

#define UTF8PROC_FLAGS (GLEAN_NORM_DECOMPOSE | GLEAN_NORM_COMPAT | GLEAN_NORM_CASEFOLD | \
                        GLEAN_NORM_STRIP_MARKS)

/* One form over valid text t: compare with utf8proc when it knows the form, and check
 * idempotence where the form guarantees it. */
static void check_form(const char *t, size_t tlen, unsigned flags, const glean_buf *got)
{
    if ((flags & ~UTF8PROC_FLAGS) == 0) {
        utf8proc_uint8_t *want = NULL;
        utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)t, (utf8proc_ssize_t)tlen,
                                          &want, proc_options(flags));
        if (n >= 0) /* utf8proc may refuse what it cannot allocate */
            FUZZ_CHECK(same(got, (const char *)want, (size_t)n),
                       "flags %#x: glean gives %zu bytes, utf8proc %zd", flags, got->len, n);
        free(want);
    }
    unsigned base = flags & (GLEAN_NORM_DECOMPOSE | GLEAN_NORM_COMPAT);
    if (flags == base) {
        glean_buf again;
        glean_error err;
        FUZZ_CHECK(norm(got->data ? got->data : "", got->len, flags, &again, &err) == GLEAN_OK,
                   "flags %#x: normalizing the output failed: %s", flags, err.message);
        FUZZ_CHECK(same(&again, got->data, got->len), "flags %#x is not idempotent", flags);
        glean_buf_free(&again);
    }
}

static const unsigned forms[] = {
    GLEAN_FORM_NFC, GLEAN_FORM_NFD, GLEAN_FORM_NFKC, GLEAN_FORM_NFKD, GLEAN_FORM_CASEFOLD,
    GLEAN_FORM_SEARCH, GLEAN_NORM_CASEFOLD, GLEAN_NORM_STRIP_MARKS,
    GLEAN_NORM_DECOMPOSE | GLEAN_NORM_STRIP_MARKS | GLEAN_NORM_CASEFOLD,
    GLEAN_NORM_STRIP_CONTROLS, GLEAN_NORM_COLLAPSE_SPACE | GLEAN_NORM_FOLD_PUNCT,
    GLEAN_FORM_SEARCH | GLEAN_NORM_STRIP_CONTROLS,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t bad = SIZE_MAX;
    int valid = glean_utf8_valid(s, size, &bad);
    check_utf8(s, size, valid, bad);
    glean_buf fixed;
    replaced(s, size, &fixed);
    const char *t = valid ? s : fixed.data;
    size_t tlen = valid ? size : fixed.len;
    /* The listed forms, plus one combination picked by the input's first byte. */
    const size_t nforms = sizeof forms / sizeof *forms;
    for (size_t f = 0; f <= nforms; f++) {
        unsigned flags = f < nforms ? forms[f] : (size ? data[0] & 0x7Fu : 0u);
        glean_buf out;
        glean_error err;
        int rc = norm(s, size, flags, &out, &err);
        if (valid) {
            FUZZ_CHECK(rc == GLEAN_OK, "flags %#x: %s", flags, err.message);
        } else {
            FUZZ_CHECK(rc == GLEAN_EUTF8 && err.offset == bad,
                       "flags %#x: rc %d offset %zu for invalid input (first bad byte %zu)",
                       flags, rc, rc ? err.offset : 0, bad);
            glean_buf_free(&out);
            rc = norm(s, size, flags | GLEAN_NORM_REPLACE_INVALID, &out, &err);
            FUZZ_CHECK(rc == GLEAN_OK, "flags %#x with replacement: %s", flags, err.message);
            glean_buf want;
            FUZZ_CHECK(norm(t, tlen, flags, &want, &err) == GLEAN_OK, "normalizing the "
                       "replaced text: %s", err.message);
            FUZZ_CHECK(same(&out, want.data, want.len), "flags %#x: replacing invalid bytes "
                       "differs from normalizing U+FFFD", flags);
            glean_buf_free(&want);
        }
        check_valid_output(&out, flags);
        check_form(t, tlen, flags, &out);
        glean_buf_free(&out);
    }
    /* Compositions of forms. */
    glean_buf d, c1, c2;
    glean_error err;
    for (unsigned compat = 0; compat <= GLEAN_NORM_COMPAT; compat += GLEAN_NORM_COMPAT) {
        FUZZ_CHECK(norm(t, tlen, compat | GLEAN_NORM_DECOMPOSE, &d, &err) == GLEAN_OK, "%s",
                   err.message);
        FUZZ_CHECK(norm(t, tlen, compat, &c1, &err) == GLEAN_OK, "%s", err.message);
        FUZZ_CHECK(norm(d.data ? d.data : "", d.len, compat, &c2, &err) == GLEAN_OK, "%s",
                   err.message);
        FUZZ_CHECK(same(&c1, c2.data, c2.len), "%s(%sD(x)) != %s(x)", compat ? "NFKC" : "NFC",
                   compat ? "NFK" : "NF", compat ? "NFKC" : "NFC");
        glean_buf_free(&d);
        glean_buf_free(&c1);
        glean_buf_free(&c2);
    }
    glean_buf_free(&fixed);
    /* Keep the scratch from growing without bound across inputs. */
    if (nz.u32_cap > (1u << 16))
        glean_normalizer_free(&nz);
    return 0;
}
