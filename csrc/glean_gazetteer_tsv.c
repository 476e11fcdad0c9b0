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

#define TSV_MAX_BYTES ((size_t)1 << 32)

static int read_file(const char *path, char **data, size_t *len, glean_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return glean_fail(err, GLEAN_GAZ_EIO, 0, "%s: %s", path, strerror(errno));
    glean_buf b;
    glean_buf_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > TSV_MAX_BYTES || glean_buf_append(&b, chunk, n)) {
            fclose(f);
            glean_buf_free(&b);
            return glean_fail(err, GLEAN_ETOOBIG, 0, "%s: too large (over 4 GiB) or out of memory",
                              path);
        }
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        glean_buf_free(&b);
        return glean_fail(err, GLEAN_GAZ_EIO, 0, "%s: read error", path);
    }
    *data = b.data;
    *len = b.len;
    return GLEAN_OK;
}

int glean_gaz_builder_load_tsv(glean_gaz_builder *b, const char *path,
                               const char *default_label, const char *source, size_t *count,
                               glean_error *err)
{
    char *data = NULL;
    size_t len = 0, line = 0, pos = 0;
    int rc = read_file(path, &data, &len, err);
    *count = 0;
    if (rc)
        return rc;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < len) {
        line++;
        const char *s = data + pos, *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + (nl ? 1 : 0);
        if (n && s[n - 1] == '\r')
            n--;
        if (n == 0 || s[0] == '#')
            continue;
        const char *nul = memchr(s, '\0', n);
        size_t bad;
        if (nul) {
            rc = glean_fail(err, GLEAN_EARG, line, "%s:%zu: NUL byte at column %zu", path, line,
                            (size_t)(nul - s) + 1);
            break;
        }
        if (!glean_utf8_valid(s, n, &bad)) {
            rc = glean_fail(err, GLEAN_EUTF8, line, "%s:%zu: invalid UTF-8 at column %zu", path,
                            line, bad + 1);
            break;
        }
        const char *f[4];
        size_t fl[4], nf = 0, start = 0;
        for (size_t i = 0; i <= n && nf < 4; i++) {
            if (i == n || s[i] == '\t') {
                f[nf] = s + start;
                fl[nf++] = i - start;
                start = i + 1;
            }
        }
        if (nf > 3) {
            rc = glean_fail(err, GLEAN_EARG, line,
                            "%s:%zu: more than 3 fields (expected phrase<TAB>label[<TAB>id])",
                            path, line);
            break;
        }
        const char *label = nf >= 2 ? f[1] : default_label;
        size_t label_len = nf >= 2 ? fl[1] : (default_label ? strlen(default_label) : 0);
        if (!label || label_len == 0) {
            rc = glean_fail(err, GLEAN_EARG, line, "%s:%zu: no label (expected "
                            "phrase<TAB>label[<TAB>id], or give a default label)", path, line);
            break;
        }
        int added;
        rc = glean_gaz_builder_add(b, f[0], fl[0], label, label_len, nf == 3 ? f[2] : NULL,
                                   nf == 3 ? fl[2] : 0, source, strlen(source), 0, &added, err);
        if (rc) {
            char msg[sizeof err->message];
            memcpy(msg, err->message, sizeof msg);
            glean_fail(err, rc, line, "%.120s:%zu: %.120s", path, line, msg);
            break;
        }
        *count += (size_t)added;
    }
    free(data);
    return rc;
}
