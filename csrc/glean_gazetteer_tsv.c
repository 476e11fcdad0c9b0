/* glean_gazetteer_tsv.c — loading phrase lists: phrase<TAB>label[<TAB>id] per line.
 *
 * '#' comment lines and blank lines are skipped; CRLF line ends and a UTF-8 byte-order
 * mark are accepted. Anything else wrong stops the load with "path:line: why" — a list
 * with a broken line is better refused than half-loaded silently. Entries added before
 * the bad line stay in the builder (the caller decides whether to keep it). */
#include "glean_gazetteer.h"
#include "glean_utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One line (without its end) of the file: parse it and add its entry. */
static int load_line(glean_gaz_builder *b, const char *path, size_t line, const char *s,
                     size_t n, const char *default_label, const char *source, size_t *count,
                     glean_error *err)
{
    if (n && s[n - 1] == '\r')
        n--;
    if (n == 0 || s[0] == '#')
        return GLEAN_OK;
    const char *nul = memchr(s, '\0', n);
    size_t bad;
    if (nul)
        return glean_fail(err, GLEAN_EARG, line, "%s:%zu: NUL byte at column %zu", path, line,
                          (size_t)(nul - s) + 1);
    if (!glean_utf8_valid(s, n, &bad))
        return glean_fail(err, GLEAN_EUTF8, line, "%s:%zu: invalid UTF-8 at column %zu", path,
                          line, bad + 1);
    const char *f[4];
    size_t fl[4], nf = 0, start = 0;
    for (size_t i = 0; i <= n && nf < 4; i++) {
        if (i == n || s[i] == '\t') {
            f[nf] = s + start;
            fl[nf++] = i - start;
            start = i + 1;
        }
    }
    if (nf > 3)
        return glean_fail(err, GLEAN_EARG, line,
                          "%s:%zu: more than 3 fields (expected phrase<TAB>label[<TAB>id])", path,
                          line);
    const char *label = nf >= 2 ? f[1] : default_label;
    size_t label_len = nf >= 2 ? fl[1] : (default_label ? strlen(default_label) : 0);
    if (!label || label_len == 0)
        return glean_fail(err, GLEAN_EARG, line, "%s:%zu: no label (expected "
                          "phrase<TAB>label[<TAB>id], or give a default label)", path, line);
    int added;
    int rc = glean_gaz_builder_add(b, f[0], fl[0], label, label_len, nf == 3 ? f[2] : NULL,
                                   nf == 3 ? fl[2] : 0, source, strlen(source), 0, &added, err);
    if (rc) {
        char msg[sizeof err->message];
        memcpy(msg, err->message, sizeof msg);
        return glean_fail(err, rc, line, "%.120s:%zu: %.120s", path, line, msg);
    }
    *count += (size_t)added;
    return GLEAN_OK;
}

/* The file is read in 64 KiB blocks, so a list of any size loads in constant memory
 * (plus its longest line). */
int glean_gaz_builder_load_tsv(glean_gaz_builder *b, const char *path,
                               const char *default_label, const char *source, size_t *count,
                               glean_error *err)
{
    *count = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return glean_fail(err, GLEAN_GAZ_EIO, 0, "%s: %s", path, strerror(errno));
    glean_buf buf;
    glean_buf_init(&buf);
    size_t line = 0, used = 0; /* buf[used..len) is not yet consumed */
    int rc = GLEAN_OK, first = 1, eof = 0;
    while (rc == GLEAN_OK && !eof) {
        if (used > 0) { /* keep the unfinished line, drop the rest */
            memmove(buf.data, buf.data + used, buf.len - used);
            buf.len -= used;
            used = 0;
        }
        if (glean_buf_reserve(&buf, 65536)) {
            rc = glean_fail(err, GLEAN_ENOMEM, 0, "%s: out of memory", path);
            break;
        }
        size_t got = fread(buf.data + buf.len, 1, 65536, f);
        buf.len += got;
        if (got == 0) {
            if (ferror(f)) {
                rc = glean_fail(err, GLEAN_GAZ_EIO, 0, "%s: read error", path);
                break;
            }
            eof = 1;
        }
        if (first && buf.len >= 3) {
            if (memcmp(buf.data, "\xEF\xBB\xBF", 3) == 0)
                used = 3; /* a UTF-8 byte-order mark */
            first = 0;
        }
        for (;;) {
            const char *s = buf.data + used;
            const char *nl = memchr(s, '\n', buf.len - used);
            if (!nl && !(eof && used < buf.len))
                break; /* an unfinished line: read more */
            size_t n = nl ? (size_t)(nl - s) : buf.len - used;
            rc = load_line(b, path, ++line, s, n, default_label, source, count, err);
            used += n + (nl ? 1 : 0);
            if (rc)
                break;
        }
    }
    fclose(f);
    glean_buf_free(&buf);
    return rc;
}
