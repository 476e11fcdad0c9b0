/* glean_common.h — status codes, the error record and a growable byte buffer.
 *
 * Every fallible core call returns a status (GLEAN_OK or a negative code) and, when
 * it fails, fills a glean_error with a message and the byte offset (or line) where
 * the problem is. The core never prints, never exits and keeps no global state. */
#ifndef GLEAN_COMMON_H
#define GLEAN_COMMON_H

#include <stddef.h>
#include <stdint.h>

enum {
    GLEAN_OK = 0,
    GLEAN_ENOMEM = -1,   /* an allocation failed */
    GLEAN_EUTF8 = -2,    /* invalid UTF-8 under invalid="error"; offset says where */
    GLEAN_ETOOBIG = -3,  /* input beyond a documented limit */
    GLEAN_EARG = -4      /* a bad argument (unknown option, empty special case, ...) */
};

/* Texts are addressed with 32-bit offsets inside the core (tokens stay 16 bytes). */
#define GLEAN_MAX_TEXT ((size_t)UINT32_MAX - 1)

typedef struct glean_error {
    int code;            /* the status that was returned */
    size_t offset;       /* byte offset (or line number) the message refers to */
    char message[256];
} glean_error;

/* Fills err (when not NULL) and returns code, so callers can `return glean_fail(...)`. */
int glean_fail(glean_error *err, int code, size_t offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* A growable byte buffer. data is NUL-terminated whenever len > 0 or after reserve. */
typedef struct glean_buf {
    char *data;
    size_t len, cap;
} glean_buf;

void glean_buf_init(glean_buf *b);
void glean_buf_free(glean_buf *b);
/* Makes room for `extra` more bytes (plus a NUL); GLEAN_OK or GLEAN_ENOMEM. */
int glean_buf_reserve(glean_buf *b, size_t extra);
int glean_buf_append(glean_buf *b, const void *p, size_t n);

/* Grows an array of `size`-byte elements to hold at least `need`; doubles. */
int glean_grow(void **p, size_t *cap, size_t need, size_t size);

#endif
