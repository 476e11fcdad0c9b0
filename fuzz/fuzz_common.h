/* fuzz_common.h — what the libFuzzer targets share: a fatal check that names the broken
 * invariant, and a per-process scratch file for the APIs that read paths.
 *
 * A target calls abort() through FUZZ_CHECK when an oracle fails, so libFuzzer keeps
 * the input as a crash artifact exactly as it does for a sanitizer report. */
#ifndef GLEAN_FUZZ_COMMON_H
#define GLEAN_FUZZ_COMMON_H

#define _DEFAULT_SOURCE /* getpid, unlink under -std=c11 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FUZZ_CHECK(cond, ...)                                                     \
    do {                                                                          \
        if (!(cond)) {                                                            \
            fprintf(stderr, "%s:%d: invariant failed: %s: ", __FILE__, __LINE__,  \
                    #cond);                                                       \
            fprintf(stderr, __VA_ARGS__);                                         \
            fputc('\n', stderr);                                                  \
            abort();                                                              \
        }                                                                         \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The input after its option byte (size >= 1), copied to a block of exactly its size so
 * that ASan sees any read past its end; *len is its length. Free it. */
static inline char *fuzz_text_after_option(const uint8_t *data, size_t size, size_t *len)
{
    *len = size - 1;
    char *text = malloc(*len ? *len : 1);
    FUZZ_CHECK(text != NULL, "out of memory");
    memcpy(text, data + 1, *len);
    return text;
}

/* The scratch file: $TMPDIR (or /dev/shm, or /tmp)/glean-fuzz-<tag>-<pid>, removed at
 * exit. One per process, so parallel fuzzers never share it. */
static char fuzz_path_buf[512];

static inline void fuzz_remove_temp(void)
{
    if (fuzz_path_buf[0])
        unlink(fuzz_path_buf);
}

static inline const char *fuzz_temp_path(const char *tag)
{
    if (!fuzz_path_buf[0]) {
        const char *dir = getenv("TMPDIR");
        if (!dir || !*dir)
            dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(fuzz_path_buf, sizeof fuzz_path_buf, "%s/glean-fuzz-%s-%ld", dir, tag,
                 (long)getpid());
        atexit(fuzz_remove_temp);
    }
    return fuzz_path_buf;
}

/* Replaces the file at path with data[0..size); aborts when the file system fails (that
 * is the harness's problem, not an input's). */
static inline void fuzz_write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    FUZZ_CHECK(f != NULL, "cannot create %s", path);
    FUZZ_CHECK(fwrite(data, 1, size, f) == size, "cannot write %s", path);
    FUZZ_CHECK(fclose(f) == 0, "cannot close %s", path);
}

#endif
