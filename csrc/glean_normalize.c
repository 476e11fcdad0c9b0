/* glean_normalize.c — see the header for the segmentation argument. */
#include "glean_normalize.h"
#include "glean_utf8.h"

#include <string.h>
#include <utf8proc.h>

void glean_normalizer_init(glean_normalizer *nz)
{
    nz->u32 = NULL;
    nz->u32_cap = 0;
}

void glean_normalizer_free(glean_normalizer *nz)
{
    free(nz->u32);
    glean_normalizer_init(nz);
}

const char *glean_unicode_version(void)
{
    return utf8proc_unicode_version();
}

const char *glean_fold_punct(int32_t cp)
{
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
        return "'";
    case 0x201C: case 0x201D: case 0x201E: case 0x2033: case 0x00AB: case 0x00BB:
        return "\"";
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212:
        return "-";
    case 0x2026:
        return "...";
    case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
        return " ";
    default:
        if (cp >= 0x2000 && cp <= 0x200A)
            return " ";
        return NULL;
    }
}

static int is_white(int32_t cp)
{
    if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85)
        return 1;
    return cp >= 0xA0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

static int is_control(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return (c == UTF8PROC_CATEGORY_CC && !is_white(cp)) || c == UTF8PROC_CATEGORY_CF;
}

/* The writer applies the per-code-point post-steps (space collapsing, control
 * stripping, punctuation folding) that utf8proc does not know about. */
typedef struct writer {
    glean_buf *out;
    unsigned flags;
    int after_space; /* last emitted character was a collapsed space */
} writer;

static int emit_cp(writer *w, int32_t cp)
{
    char tmp[4];
    if ((w->flags & GLEAN_NORM_STRIP_CONTROLS) && is_control(cp))
        return GLEAN_OK;
    if (w->flags & GLEAN_NORM_FOLD_PUNCT) {
        const char *f = glean_fold_punct(cp);
        if (f) {
            for (; *f; f++) {
                int rc = emit_cp(w, (unsigned char)*f);
                if (rc)
                    return rc;
            }
            return GLEAN_OK;
        }
    }
    if ((w->flags & GLEAN_NORM_COLLAPSE_SPACE) && is_white(cp)) {
        if (w->after_space)
            return GLEAN_OK;
        w->after_space = 1;
        return glean_buf_append(w->out, " ", 1);
    }
    w->after_space = 0;
    return glean_buf_append(w->out, tmp, glean_utf8_encode(cp, tmp));
}

/* ASCII run: the common case, so it avoids emit_cp unless a flag needs per-byte work. */
static int emit_ascii(writer *w, const unsigned char *s, size_t n)
{
    if (n == 0)
        return GLEAN_OK;
    if (w->flags & (GLEAN_NORM_COLLAPSE_SPACE | GLEAN_NORM_STRIP_CONTROLS)) {
        for (size_t i = 0; i < n; i++) {
            int32_t c = s[i];
            if ((w->flags & GLEAN_NORM_CASEFOLD) && c >= 'A' && c <= 'Z')
                c += 32;
            int rc = emit_cp(w, c);
            if (rc)
                return rc;
        }
        return GLEAN_OK;
    }
    if (glean_buf_reserve(w->out, n))
        return GLEAN_ENOMEM;
    char *d = w->out->data + w->out->len;
    if (w->flags & GLEAN_NORM_CASEFOLD) {
        for (size_t i = 0; i < n; i++) {
            unsigned char c = s[i];
            d[i] = (char)((unsigned)(c - 'A') < 26u ? c + 32 : c);
        }
    } else {
        memcpy(d, s, n);
    }
    w->out->len += n;
    w->out->data[w->out->len] = '\0';
    w->after_space = 0;
    return GLEAN_OK;
}

/* ASCII bytes that GLEAN_NORM_STRIP_CONTROLS removes (Cc other than white space). */
static int is_ascii_control(unsigned char c)
{
    return (c < 0x20 && !(c >= 0x09 && c <= 0x0D)) || c == 0x7F;
}

/* Whether byte c ends an ASCII run. With GLEAN_NORM_STRIP_CONTROLS, ASCII controls
 * join the Unicode stretch too: they must be removed before composition (a control
 * between "e" and U+0301 blocks it; once the control is gone the pair must compose),
 * and putting them in the stretch keeps the character before each stretch a
 * non-control starter. */
static int ends_ascii_run(unsigned char c, unsigned flags)
{
    return c >= 0x80 || ((flags & GLEAN_NORM_STRIP_CONTROLS) && is_ascii_control(c));
}

static utf8proc_option_t proc_options(unsigned flags)
{
    /* UTF8PROC_STABLE makes the composition step honour the composition exclusions
     * (CompositionExclusions.txt, e.g. U+2ADC stays decomposed as U+2ADD U+0338 in
     * NFC); without it utf8proc_normalize_utf32 recomposes them. utf8proc_NFC() sets
     * it too. */
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

static int ccc(int32_t cp)
{
    return utf8proc_get_property(cp)->combining_class;
}

/* Canonical Ordering Algorithm (UAX #15 / Unicode 3.11): stable-sort every maximal run
 * of non-starters by combining class. utf8proc does this at the end of
 * utf8proc_decompose(), NOT in utf8proc_normalize_utf32(), so decomposing character by
 * character with utf8proc_decompose_char() leaves marks unordered (NFD of
 * "a U+0301 U+0316" must be "a U+0316 U+0301", and NFC then composes differently).
 * Short runs use insertion sort; long runs (adversarial "zalgo" text) a counting sort
 * over the 256 classes, so the cost stays linear. The tail of the scratch buffer is the
 * counting sort's temporary space. */
static int canonical_order(glean_normalizer *nz, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (ccc(nz->u32[i]) == 0) {
            i++;
            continue;
        }
        size_t start = i;
        while (i < n && ccc(nz->u32[i]) != 0)
            i++;
        size_t k = i - start;
        if (k <= 32) {
            int32_t *u = nz->u32 + start;
            for (size_t a = 1; a < k; a++) {
                int32_t c = u[a];
                int cc = ccc(c);
                size_t b = a;
                for (; b > 0 && ccc(u[b - 1]) > cc; b--)
                    u[b] = u[b - 1];
                u[b] = c;
            }
            continue;
        }
        if (glean_grow((void **)&nz->u32, &nz->u32_cap, n + k, sizeof(int32_t)))
            return GLEAN_ENOMEM;
        int32_t *u = nz->u32 + start, *tmp = nz->u32 + n;
        size_t pos[257] = {0};
        for (size_t a = 0; a < k; a++)
            pos[ccc(u[a]) + 1]++;
        for (int c = 1; c <= 256; c++)
            pos[c] += pos[c - 1];
        for (size_t a = 0; a < k; a++)
            tmp[pos[ccc(u[a])]++] = u[a];
        memcpy(u, tmp, k * sizeof *u);
    }
    return GLEAN_OK;
}

/* A stretch with non-ASCII bytes: decode (validating), decompose each code point into
 * the UTF-32 scratch, put the marks in canonical order, let utf8proc compose, emit. */
static int emit_unicode(glean_normalizer *nz, writer *w, const unsigned char *s, size_t n,
                        size_t base, glean_error *err)
{
    utf8proc_option_t opt = proc_options(w->flags);
    size_t used = 0;
    int boundclass = UTF8PROC_BOUNDCLASS_START;
    /* Room for one code point per byte (more on demand below). Allocating first also
     * keeps `nz->u32 + used` from being arithmetic on NULL on the first call, which is
     * undefined behaviour (found by the fuzzer under clang's UBSan). */
    if (glean_grow((void **)&nz->u32, &nz->u32_cap, n + 16, sizeof(int32_t)))
        return glean_fail(err, GLEAN_ENOMEM, base, "out of memory");
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = glean_utf8_decode(s + i, n - i, &cp);
        if (cp < 0) {
            if (!(w->flags & GLEAN_NORM_REPLACE_INVALID))
                return glean_fail(err, GLEAN_EUTF8, base + i,
                                  "invalid UTF-8 at byte offset %zu", base + i);
            cp = GLEAN_REPLACEMENT;
        }
        i += k;
        /* Controls go before composition, see ends_ascii_run(). */
        if ((w->flags & GLEAN_NORM_STRIP_CONTROLS) && is_control(cp))
            continue;
        const char *folded = (w->flags & GLEAN_NORM_FOLD_PUNCT) ? glean_fold_punct(cp) : NULL;
        size_t nf = folded ? strlen(folded) : 1;
        for (size_t f = 0; f < nf; f++) {
            int32_t c = folded ? (unsigned char)folded[f] : cp;
            for (;;) {
                utf8proc_ssize_t r = utf8proc_decompose_char(
                    c, nz->u32 + used, (utf8proc_ssize_t)(nz->u32_cap - used), opt, &boundclass);
                if (r < 0)
                    return glean_fail(err, GLEAN_EUTF8, base + i - k, "%s at byte offset %zu",
                                      utf8proc_errmsg(r), base + i - k);
                if ((size_t)r <= nz->u32_cap - used) {
                    used += (size_t)r;
                    break;
                }
                if (glean_grow((void **)&nz->u32, &nz->u32_cap, used + (size_t)r + 16,
                               sizeof(int32_t)))
                    return glean_fail(err, GLEAN_ENOMEM, base, "out of memory");
            }
        }
    }
    if (canonical_order(nz, used))
        return glean_fail(err, GLEAN_ENOMEM, base, "out of memory");
    utf8proc_ssize_t m = utf8proc_normalize_utf32(nz->u32, (utf8proc_ssize_t)used, opt);
    if (m < 0)
        return glean_fail(err, GLEAN_EUTF8, base, "%s", utf8proc_errmsg(m));
    for (utf8proc_ssize_t j = 0; j < m; j++) {
        int rc = emit_cp(w, nz->u32[j]);
        if (rc)
            return glean_fail(err, rc, base, "out of memory");
    }
    return GLEAN_OK;
}

int glean_normalize(glean_normalizer *nz, const char *str, size_t len, unsigned flags,
                    glean_buf *out, glean_error *err)
{
    const unsigned char *s = (const unsigned char *)str;
    writer w = {out, flags, 0};
    size_t i = 0;
    if (glean_buf_reserve(out, len))
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    while (i < len) {
        /* Find the end of the ASCII run starting at i, eight bytes at a time (the word
         * test only looks for bytes >= 0x80, so it is skipped when controls also end
         * runs; that mode goes through emit_cp byte by byte anyway). */
        size_t j = i;
        if (!(flags & GLEAN_NORM_STRIP_CONTROLS)) {
            while (j + 8 <= len) {
                uint64_t word;
                memcpy(&word, s + j, 8);
                if (word & 0x8080808080808080ULL)
                    break;
                j += 8;
            }
        }
        while (j < len && !ends_ascii_run(s[j], flags))
            j++;
        if (j == len) {
            if (emit_ascii(&w, s + i, j - i))
                return glean_fail(err, GLEAN_ENOMEM, i, "out of memory");
            break;
        }
        /* s[j] is non-ASCII (or a control to strip): the ASCII character before it
         * joins the Unicode stretch, since a following mark may compose with it. */
        size_t seg = (j > i) ? j - 1 : j;
        if (emit_ascii(&w, s + i, seg - i))
            return glean_fail(err, GLEAN_ENOMEM, i, "out of memory");
        size_t end = j;
        while (end < len && ends_ascii_run(s[end], flags))
            end++;
        int rc = emit_unicode(nz, &w, s + seg, end - seg, seg, err);
        if (rc)
            return rc;
        i = end;
    }
    if (out->data)
        out->data[out->len] = '\0';
    return GLEAN_OK;
}
