/* glean_acronyms_label.c — what acronyms.lua's M.extract adds when it annotates: each
 * short form named after the labelled entity that ends its long form (the first such
 * definition of it), and the short form's occurrences in the document, which the Lua
 * adds to doc.ents with that label (its `occurrences`: a plain text search per short
 * form for up to 8 of them, one pass over the tokens for more). */
#include "glean_acronyms_internal.h"

#include <stdlib.h>
#include <string.h>

static int oom(glean_error *err)
{
    return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory in the acronym extractor");
}

/* Empties a string set for the next document, keeping its memory. */
static void strset_clear(glean_strset *set)
{
    if (set->slots)
        memset(set->slots, 0, set->nslots * sizeof *set->slots);
    set->n = 0;
    set->arena.len = 0;
    set->min_len = SIZE_MAX;
    set->max_len = 0;
}

static int by_last_then_order(const void *pa, const void *pb)
{
    const acr_ent_ref *a = pa, *b = pb;
    if (a->last != b->last)
        return a->last < b->last ? -1 : 1;
    return a->ent < b->ent ? -1 : a->ent > b->ent;
}

/* long_entity: the first labelled entity (in doc.ents order) that ends at the long
 * form's last token and starts in it or one token before; -1 when none. */
static int64_t long_entity(const glean_acronyms_scratch *s, size_t nrefs, const glean_acronym *r)
{
    int64_t last = (int64_t)r->long_last + 1, first = (int64_t)r->long_first + 1;
    size_t lo = 0, hi = nrefs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->by_last[mid].last < last)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < nrefs && s->by_last[lo].last == last; lo++)
        if (s->by_last[lo].first >= first - 1)
            return s->by_last[lo].ent;
    return -1;
}

static int add_occurrence(glean_acronyms_scratch *s, size_t tok, uint32_t ent)
{
    if (glean_grow((void **)&s->occ, &s->occ_cap, s->nocc + 1, sizeof *s->occ))
        return GLEAN_ENOMEM;
    s->occ[s->nocc++] = (glean_acr_occurrence){ (uint32_t)tok, ent };
    return GLEAN_OK;
}

/* The occurrences of one short form: a plain search of the text, each hit that is a
 * whole token of that text (the search goes on after the hit). */
static int search_short(const acr_doc *a, glean_acronyms_scratch *s, const char *sh, size_t sn,
                        uint32_t ent)
{
    const glean_doc *d = a->d;
    for (size_t pos = 0; pos + sn <= d->len;) {
        const char *hit = memchr(d->text + pos, sh[0], d->len - pos - sn + 1);
        if (!hit)
            break;
        size_t at = (size_t)(hit - d->text);
        if (memcmp(hit, sh, sn) != 0) {
            pos = at + 1;
            continue;
        }
        long i = glean_doc_token_at(d, at);
        size_t tn;
        const char *t = i >= 0 ? acr_text(a, (size_t)i, &tn) : NULL;
        if (i >= 0 && d->toks[i].start == at && tn == sn && memcmp(t, sh, sn) == 0 &&
            add_occurrence(s, (size_t)i, ent) != GLEAN_OK)
            return GLEAN_ENOMEM;
        pos = at + sn;
    }
    return GLEAN_OK;
}

int glean_acronyms_label(const glean_acronyms *m, glean_acronyms_scratch *s, const glean_doc *d,
                         const glean_lexicon *lx, const glean_acr_ent *ents, size_t nents,
                         const glean_acr_occurrence **occ, size_t *nocc, glean_error *err)
{
    acr_doc a = { m, s, d, lx };
    *occ = NULL;
    *nocc = 0;
    s->nocc = 0;
    s->nshorts = 0;
    strset_clear(&s->label_of);
    if (glean_grow((void **)&s->by_last, &s->by_last_cap, nents + 1, sizeof *s->by_last))
        return oom(err);
    size_t nrefs = 0;
    for (size_t k = 0; k < nents; k++)
        if (ents[k].label != GLEAN_ACR_LABEL_NIL)
            s->by_last[nrefs++] = (acr_ent_ref){ ents[k].last, ents[k].first, (uint32_t)k };
    if (nrefs > 1)
        qsort(s->by_last, nrefs, sizeof *s->by_last, by_last_then_order);
    size_t n = 0; /* the Lua's n: labels given, counting a false one given again */
    for (size_t k = 0; k < s->ndefs; k++) {
        glean_acronym *r = &s->defs[k];
        int64_t e = long_entity(s, nrefs, r);
        if (e < 0)
            continue;
        size_t sn;
        const char *sh = acr_text(&a, r->short_tok, &sn);
        uint64_t h = glean_hash(sh, sn);
        uint32_t slot;
        int known = glean_strset_get(&s->label_of, sh, sn, h, &slot);
        if (known && ents[s->short_ent[slot]].label == GLEAN_ACR_LABEL_TRUE)
            continue; /* the first definition with an entity names the short form */
        if (!known) {
            slot = (uint32_t)s->nshorts;
            if (glean_grow((void **)&s->shorts, &s->shorts_cap, s->nshorts + 1, sizeof *s->shorts) ||
                glean_grow((void **)&s->short_ent, &s->short_ent_cap, s->nshorts + 1, sizeof *s->short_ent) ||
                glean_strset_put(&s->label_of, sh, sn, h, slot))
                return oom(err);
            s->shorts[s->nshorts++] = r->short_tok;
        }
        s->short_ent[slot] = (int32_t)e;
        r->label_ent = (int32_t)e;
        n++;
    }
    if (n == 0)
        return GLEAN_OK;
    if (n > 8) {
        for (size_t i = 0; i < d->ntoks; i++) {
            size_t tn;
            const char *t = acr_text(&a, i, &tn);
            uint32_t slot;
            if (glean_strset_get(&s->label_of, t, tn, glean_hash(t, tn), &slot) &&
                ents[s->short_ent[slot]].label == GLEAN_ACR_LABEL_TRUE &&
                add_occurrence(s, i, (uint32_t)s->short_ent[slot]) != GLEAN_OK)
                return oom(err);
        }
    } else {
        for (size_t k = 0; k < s->nshorts; k++) {
            size_t sn;
            const char *sh = acr_text(&a, s->shorts[k], &sn);
            if (search_short(&a, s, sh, sn, (uint32_t)s->short_ent[k]) != GLEAN_OK)
                return oom(err);
        }
    }
    *occ = s->occ;
    *nocc = s->nocc;
    return GLEAN_OK;
}
