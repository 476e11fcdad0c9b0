/* glean_sort.h — a stable merge sort for the core's arrays of small records, inlined
 * where it is used so that the comparison is inlined too.
 *
 * Why not qsort: glibc's qsort is a merge sort that mallocs its buffer for any array over
 * 1 KB and calls the comparison through a pointer; the entity recognizer sorts its rule
 * matches and candidates several times per document, and perf put 7 % of `nlp:parse` +
 * `extract.entities` in qsort and its mallocs. Here the caller lends the buffer (its
 * scratch, grown once) and the comparison is a static function the compiler sees.
 * Stable, like glibc's merge sort: records that compare equal keep their order, so a
 * switch from qsort changes no result. */
#ifndef GLEAN_SORT_H
#define GLEAN_SORT_H

#include <stddef.h>
#include <string.h>

#define GLEAN_SORT_MAX_RECORD 64 /* bytes: the insertion step holds one record aside */
#define GLEAN_SORT_RUN 16        /* runs sorted by insertion before the merges */

typedef int (*glean_sort_cmp)(const void *, const void *);

/* Sorts n records of `size` bytes (at most GLEAN_SORT_MAX_RECORD) at base, using tmp
 * (room for n records) as the merge buffer. */
static inline __attribute__((always_inline)) void glean_sort_stable(void *base, void *tmp,
                                                                  size_t n, size_t size,
                                                                  glean_sort_cmp cmp)
{
    unsigned char *a = base, held[GLEAN_SORT_MAX_RECORD];
    /* runs of GLEAN_SORT_RUN by insertion: a record moves past only greater ones */
    for (size_t lo = 0; lo < n; lo += GLEAN_SORT_RUN) {
        size_t hi = n - lo < GLEAN_SORT_RUN ? n : lo + GLEAN_SORT_RUN;
        for (size_t i = lo + 1; i < hi; i++) {
            if (cmp(a + (i - 1) * size, a + i * size) <= 0)
                continue;
            memcpy(held, a + i * size, size);
            size_t j = i;
            do {
                memcpy(a + j * size, a + (j - 1) * size, size);
                j--;
            } while (j > lo && cmp(a + (j - 1) * size, held) > 0);
            memcpy(a + j * size, held, size);
        }
    }
    /* bottom-up merges, back and forth between base and tmp; the left run wins ties */
    unsigned char *src = a, *dst = tmp;
    for (size_t width = GLEAN_SORT_RUN; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = n - lo < width ? n : lo + width;
            size_t hi = n - mid < width ? n : mid + width;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                if (cmp(src + j * size, src + i * size) < 0)
                    memcpy(dst + k++ * size, src + j++ * size, size);
                else
                    memcpy(dst + k++ * size, src + i++ * size, size);
            }
            memcpy(dst + k * size, src + i * size, (mid - i) * size);
            k += mid - i;
            memcpy(dst + k * size, src + j * size, (hi - j) * size);
        }
        unsigned char *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * size);
}

#endif
