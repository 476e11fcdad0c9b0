/* glean_common.c — error record and buffers shared by every component. */
#include "glean_common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int glean_fail(glean_error *err, int code, size_t offset, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->code = code;
        err->offset = offset;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return code;
}

void glean_buf_init(glean_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void glean_buf_free(glean_buf *b)
{
    free(b->data);
    glean_buf_init(b);
}

int glean_buf_reserve(glean_buf *b, size_t extra)
{
    if (extra > SIZE_MAX / 2 - b->len)
        return GLEAN_ENOMEM;
    size_t need = b->len + extra + 1;
    if (need > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < need)
            cap *= 2;
        char *p = realloc(b->data, cap);
        if (!p)
            return GLEAN_ENOMEM;
        b->data = p;
        b->cap = cap;
    }
    return GLEAN_OK;
}

int glean_buf_append(glean_buf *b, const void *p, size_t n)
{
    if (glean_buf_reserve(b, n) != GLEAN_OK)
        return GLEAN_ENOMEM;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return GLEAN_OK;
}

int glean_grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return GLEAN_OK;
    size_t c = *cap ? *cap : 16;
    while (c < need) {
        if (c > SIZE_MAX / 2 / size)
            return GLEAN_ENOMEM;
        c *= 2;
    }
    void *q = realloc(*p, c * size);
    if (!q)
        return GLEAN_ENOMEM;
    *p = q;
    *cap = c;
    return GLEAN_OK;
}
