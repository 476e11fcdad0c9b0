/* check.h — the C tests' assertion: counts passes and failures, prints what failed
 * with a message, and never stops, so one run reports every broken case. Each test
 * program ends by printing "N passed, N failed". */
#ifndef GLEAN_TEST_CHECK_H
#define GLEAN_TEST_CHECK_H

#include <stdio.h>

static int passed, failed;

#define CHECK(cond, ...)                                                        \
    do {                                                                        \
        if (cond) {                                                             \
            passed++;                                                           \
        } else {                                                                \
            failed++;                                                           \
            fprintf(stderr, "%s:%d: FAILED %s: ", __FILE__, __LINE__, #cond);   \
            fprintf(stderr, __VA_ARGS__);                                       \
            fputc('\n', stderr);                                                \
        }                                                                       \
    } while (0)

#endif
