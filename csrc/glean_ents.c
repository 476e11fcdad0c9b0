/* glean_ents.c — doc:add_ents's merge without overwrite (see glean_ents.h). */
#include "glean_ents.h"

#include <stdlib.h>

static int by_first_longer(const void *pa, const void *pb)
{
    const glean_ent_range *a = pa, *b = pb;
    if (a->first != b->first)
        return a->first < b->first ? -1 : 1;
    if (a->last != b->last)
        return a->last > b->last ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

void glean_ents_sort(glean_ent_range *spans, size_t n)
{
    if (n > 1)
        qsort(spans, n, sizeof *spans, by_first_longer);
}

size_t glean_ents_merge(const glean_ent_range *olds, size_t n_old, const glean_ent_range *news,
                        size_t n_new, int64_t *out, size_t *nout)
{
    size_t k = 0, n = 0, added = 0;
    int have_reach = 0;
    int64_t reach = 0;
    /* in this order a new span reaching past the last kept one ... */
    for (size_t q = 0; q < n_new; q++) {
        const glean_ent_range *s = &news[q];
        if (have_reach && s->first <= reach)
            continue;
        /* ... copies out the old entities that end before it ... */
        while (k < n_old && olds[k].last < s->first)
            out[n++] = (int64_t)k++;
        /* ... and is kept unless the next old entity overlaps it */
        if (k < n_old && olds[k].first <= s->last)
            continue;
        out[n++] = -1 - (int64_t)s->id;
        reach = s->last;
        have_reach = 1;
        added++;
    }
    while (k < n_old)
        out[n++] = (int64_t)k++;
    *nout = n;
    return added;
}
