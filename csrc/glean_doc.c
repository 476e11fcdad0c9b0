/* glean_doc.c — parsing into a doc, and lookups by offset. */
#include "glean_doc.h"
#include "glean_utf8.h"

#include <stdlib.h>
#include <string.h>

void glean_doc_init(glean_doc *d)
{
    memset(d, 0, sizeof *d);
}

void glean_doc_free(glean_doc *d)
{
    if (!d->borrowed) {
        free(d->toks);
        free(d->sents);
    }
    free(d->chars);
    glean_doc_init(d);
}

int glean_parse(glean_tokenizer *tk, const char *text, size_t len, glean_doc *d,
                glean_error *err)
{
    size_t bad;
    if (d->borrowed)
        return glean_fail(err, GLEAN_EARG, 0, "cannot parse into a doc with borrowed arrays");
    d->text = text;
    d->len = len;
    d->ntoks = d->nsents = 0;
    d->chars_ready = 0;
    if (len > GLEAN_MAX_TEXT)
        return glean_fail(err, GLEAN_ETOOBIG, 0, "text of %zu bytes is over the 4 GiB limit", len);
    if (!tk->opt.replace_invalid && !glean_utf8_valid(text, len, &bad))
        return glean_fail(err, GLEAN_EUTF8, bad, "invalid UTF-8 at byte offset %zu", bad);
    /* News text has a token per ~5.5 bytes: reserve once instead of doubling up to it. */
    if (glean_grow((void **)&d->toks, &d->toks_cap, len / 5 + 16, sizeof *d->toks))
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    int rc = glean_tokenize(tk, text, len, &d->toks, &d->ntoks, &d->toks_cap, err);
    if (rc)
        return rc;
    return glean_split_sentences(tk, d, err);
}

long glean_doc_token_at(const glean_doc *d, size_t off)
{
    size_t lo = 0, hi = d->ntoks;
    while (lo < hi) { /* first token with end > off */
        size_t mid = lo + (hi - lo) / 2;
        if (d->toks[mid].end <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < d->ntoks && d->toks[lo].start <= off)
        return (long)lo;
    return -1;
}

long glean_doc_token_boundary(const glean_doc *d, size_t off, int at_end)
{
    size_t lo = 0, hi = d->ntoks;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        size_t v = at_end ? d->toks[mid].end : d->toks[mid].start;
        if (v < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < d->ntoks && (at_end ? d->toks[lo].end : d->toks[lo].start) == off)
        return (long)lo;
    return -1;
}

int glean_doc_char_offsets(glean_doc *d, size_t i, uint32_t *cstart, uint32_t *cend)
{
    if (i >= d->ntoks)
        return GLEAN_EARG;
    if (!d->chars_ready) {
        if (glean_grow((void **)&d->chars, &d->chars_cap, 2 * d->ntoks + 1, sizeof *d->chars))
            return GLEAN_ENOMEM;
        size_t pos = 0, count = 0;
        for (size_t k = 0; k < d->ntoks; k++) {
            count += glean_utf8_count(d->text + pos, d->toks[k].start - pos);
            d->chars[2 * k] = (uint32_t)count;
            count += glean_utf8_count(d->text + d->toks[k].start, d->toks[k].end - d->toks[k].start);
            d->chars[2 * k + 1] = (uint32_t)count;
            pos = d->toks[k].end;
        }
        d->chars_ready = 1;
    }
    *cstart = d->chars[2 * i];
    *cend = d->chars[2 * i + 1];
    return GLEAN_OK;
}
