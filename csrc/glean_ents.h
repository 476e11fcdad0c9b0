/* glean_ents.h — merging new entity spans into a document's entities the way
 * doc:add_ents (lua/glean/doc.lua) does without `overwrite`, for the extractors' C twins
 * that add to doc.ents: the Lua merge cost more than the rest of the date extractor. */
#ifndef GLEAN_ENTS_H
#define GLEAN_ENTS_H

#include "glean_common.h"

/* An entity's or a span's tokens (any consistent base, inclusive); id: the caller's
 * number for it. */
typedef struct glean_ent_range {
    int64_t first, last;
    size_t id;
} glean_ent_range;

/* Sorts new spans as add_ents takes them: by first token, then the longer first, ties
 * in the order of their ids. */
void glean_ents_sort(glean_ent_range *spans, size_t n);

/* Merges: olds (n_old entities in text order; their ids are not read) and news (n_new
 * spans sorted by glean_ents_sort). A new span is kept unless it starts inside the last
 * kept new one or overlaps the first old entity that does not end before it. out (room
 * for n_old + n_new) receives the merged list: k >= 0 for olds[k], -1 - id for a new
 * span; *nout its length. Returns the number of new spans kept (0: the entities stay as
 * they are). */
size_t glean_ents_merge(const glean_ent_range *olds, size_t n_old, const glean_ent_range *news,
                        size_t n_new, int64_t *out, size_t *nout);

#endif
