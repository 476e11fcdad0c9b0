/* lua_ents.c — the binding's side of glean_ents.h for the extractors' C twins: doc.ents
 * read as doc:add_ents reads it, and the merged table built as it builds it. */
#include "glean_lua.h"

#include <stdlib.h>

void glean_lua_ents_scratch_free(glean_lua_ents_scratch *sc)
{
    free(sc->olds);
    free(sc->labels);
    free(sc->codes);
    sc->olds = NULL;
    sc->labels = NULL;
    sc->codes = NULL;
    sc->olds_cap = sc->labels_cap = sc->codes_cap = 0;
}

/* A token index field of the entity on top of the stack. */
static int64_t ent_index(lua_State *L, const char *key, size_t i)
{
    lua_getfield(L, -1, key);
    int isnum;
    lua_Integer v = lua_tointegerx(L, -1, &isnum);
    if (!isnum)
        luaL_error(L, "doc.ents[%d] has no token index '%s'", (int)i + 1, key);
    lua_pop(L, 1);
    return (int64_t)v;
}

int glean_lua_read_ents(lua_State *L, int idx, glean_lua_ents_scratch *sc, size_t *n,
                        int with_labels)
{
    size_t cnt = (size_t)luaL_len(L, idx);
    int in_order = 1;
    int64_t prev = -1;
    if (glean_grow((void **)&sc->olds, &sc->olds_cap, cnt + 1, sizeof *sc->olds) ||
        (with_labels && glean_grow((void **)&sc->labels, &sc->labels_cap, cnt + 1, 1)))
        luaL_error(L, "out of memory");
    luaL_checkstack(L, 3, "doc.ents");
    for (size_t i = 0; i < cnt; i++) {
        if (lua_geti(L, idx, (lua_Integer)i + 1) != LUA_TTABLE)
            luaL_error(L, "doc.ents[%d] is not a span", (int)i + 1);
        glean_ent_range *e = &sc->olds[i];
        e->first = ent_index(L, "first", i);
        e->last = ent_index(L, "last", i);
        e->id = i;
        if (e->first < prev)
            in_order = 0;
        prev = e->first;
        if (with_labels) {
            lua_getfield(L, -1, "label");
            sc->labels[i] = lua_isnil(L, -1) ? GLEAN_LUA_LABEL_NIL
                          : lua_toboolean(L, -1) ? GLEAN_LUA_LABEL_TRUE : GLEAN_LUA_LABEL_FALSE;
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    *n = cnt;
    return in_order;
}

int glean_lua_push_merged(lua_State *L, int ents_idx, int spans_idx, glean_lua_ents_scratch *sc,
                          size_t n_old, glean_ent_range *news, size_t n_new)
{
    if (glean_grow((void **)&sc->codes, &sc->codes_cap, n_old + n_new + 1, sizeof *sc->codes))
        return luaL_error(L, "out of memory");
    glean_ents_sort(news, n_new);
    size_t n;
    if (glean_ents_merge(sc->olds, n_old, news, n_new, sc->codes, &n) == 0)
        return 0;
    luaL_checkstack(L, 2, "merged entities");
    lua_createtable(L, (int)n, 0);
    for (size_t k = 0; k < n; k++) {
        int64_t c = sc->codes[k];
        if (c >= 0)
            lua_geti(L, ents_idx, (lua_Integer)c + 1);
        else
            lua_geti(L, spans_idx, (lua_Integer)(-1 - c) + 1);
        lua_rawseti(L, -2, (lua_Integer)k + 1);
    }
    return 1;
}
