/* glean_lua.c — luaopen_glean_core: normalization, UTF-8 checks, version strings, and
 * the Nlp/Doc/Token types registered by lua_nlp.c and lua_doc.c. */
#include "glean_lua.h"
#include "glean_normalize.h"
#include "glean_utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <utf8proc.h>

#define SCRATCH_MT "glean.NormalizeScratch"

typedef struct scratch {
    glean_normalizer nz;
    glean_buf out;
} scratch;

int glean_lua_raise(lua_State *L, const glean_error *err)
{
    if (err->code == GLEAN_EUTF8)
        return luaL_error(L, "invalid UTF-8 at byte %I", (lua_Integer)err->offset + 1);
    return luaL_error(L, "%s", err->message);
}

static int scratch_gc(lua_State *L)
{
    scratch *s = luaL_checkudata(L, 1, SCRATCH_MT);
    glean_normalizer_free(&s->nz);
    glean_buf_free(&s->out);
    return 0;
}

/* core.normalize(s, flags): the flags are computed by lua/glean/init.lua from the form.
 * The scratch buffers live in an upvalue userdata, so an error never leaks them. */
static int l_normalize(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    lua_Integer flags = luaL_checkinteger(L, 2);
    scratch *sc = lua_touserdata(L, lua_upvalueindex(1));
    glean_error err;
    sc->out.len = 0;
    if (glean_normalize(&sc->nz, s, len, (unsigned)flags, &sc->out, &err) != GLEAN_OK)
        return glean_lua_raise(L, &err);
    lua_pushlstring(L, sc->out.data ? sc->out.data : "", sc->out.len);
    if (sc->out.cap > (1u << 20)) { /* do not keep a huge buffer alive between calls */
        glean_buf_free(&sc->out);
    }
    return 1;
}

/* core.utf8_valid(s) -> true | false, 1-based position of the first bad byte */
static int l_utf8_valid(lua_State *L)
{
    size_t len, bad = 0;
    const char *s = luaL_checklstring(L, 1, &len);
    if (glean_utf8_valid(s, len, &bad)) {
        lua_pushboolean(L, 1);
        return 1;
    }
    lua_pushboolean(L, 0);
    lua_pushinteger(L, (lua_Integer)bad + 1);
    return 2;
}

static const struct { const char *name; int value; } constants[] = {
    {"NORM_DECOMPOSE", GLEAN_NORM_DECOMPOSE}, {"NORM_COMPAT", GLEAN_NORM_COMPAT},
    {"NORM_CASEFOLD", GLEAN_NORM_CASEFOLD}, {"NORM_STRIP_MARKS", GLEAN_NORM_STRIP_MARKS},
    {"NORM_FOLD_PUNCT", GLEAN_NORM_FOLD_PUNCT}, {"NORM_COLLAPSE_SPACE", GLEAN_NORM_COLLAPSE_SPACE},
    {"NORM_STRIP_CONTROLS", GLEAN_NORM_STRIP_CONTROLS},
    {"NORM_REPLACE_INVALID", GLEAN_NORM_REPLACE_INVALID},
};

/* core.new_table(narr [, nrec]) -> an empty table with room for narr array items and
 * nrec fields (Lua 5.5's table.create): a per-token array the extractors fill in any
 * order then lives in the array part, with no rehash as it fills. The room is a hint:
 * above NEW_TABLE_MAX items the table starts at that size and grows as any table does
 * (a document of millions of tokens does not preallocate hundreds of megabytes). */
#define NEW_TABLE_MAX (1 << 20)

static int l_new_table(lua_State *L)
{
    lua_Integer narr = luaL_checkinteger(L, 1);
    lua_Integer nrec = luaL_optinteger(L, 2, 0);
    luaL_argcheck(L, narr >= 0, 1, "size must not be negative");
    luaL_argcheck(L, nrec >= 0, 2, "size must not be negative");
    lua_createtable(L, narr > NEW_TABLE_MAX ? NEW_TABLE_MAX : (int)narr,
                    nrec > NEW_TABLE_MAX ? NEW_TABLE_MAX : (int)nrec);
    return 1;
}

static int compare_integers(const void *a, const void *b)
{
    lua_Integer x = *(const lua_Integer *)a, y = *(const lua_Integer *)b;
    return (x > y) - (x < y);
}

/* core.sort_integers(t) sorts the integers t[1] .. t[#t] in place, ascending. The sorts
 * of glean.sort order packed integer keys: table.sort would make n log n comparisons
 * through the C API, this reads and writes each item once. The buffer is a userdata, so
 * the error for a non-integer item leaks nothing. */
static int l_sort_integers(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer n = (lua_Integer)lua_rawlen(L, 1);
    if (n < 2)
        return 0;
    if ((lua_Unsigned)n > SIZE_MAX / sizeof(lua_Integer))
        return luaL_error(L, "sort_integers: too many items");
    lua_Integer *keys = lua_newuserdatauv(L, (size_t)n * sizeof *keys, 0);
    for (lua_Integer i = 0; i < n; i++) {
        int isnum;
        lua_rawgeti(L, 1, i + 1);
        keys[i] = lua_tointegerx(L, -1, &isnum);
        if (!isnum)
            return luaL_error(L, "sort_integers: item %I is not an integer", i + 1);
        lua_pop(L, 1);
    }
    qsort(keys, (size_t)n, sizeof *keys, compare_integers);
    for (lua_Integer i = 0; i < n; i++) {
        lua_pushinteger(L, keys[i]);
        lua_rawseti(L, 1, i + 1);
    }
    return 0;
}

__attribute__((visibility("default"))) int luaopen_glean_core(lua_State *L);

int luaopen_glean_core(lua_State *L)
{
    lua_newtable(L);
    scratch *sc = lua_newuserdatauv(L, sizeof *sc, 0);
    glean_normalizer_init(&sc->nz);
    glean_buf_init(&sc->out);
    if (luaL_newmetatable(L, SCRATCH_MT)) {
        lua_pushcfunction(L, scratch_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    lua_pushcclosure(L, l_normalize, 1);
    lua_setfield(L, -2, "normalize");
    lua_pushcfunction(L, l_utf8_valid);
    lua_setfield(L, -2, "utf8_valid");
    lua_pushcfunction(L, l_new_table);
    lua_setfield(L, -2, "new_table");
    lua_pushcfunction(L, l_sort_integers);
    lua_setfield(L, -2, "sort_integers");
    for (size_t i = 0; i < sizeof constants / sizeof *constants; i++) {
        lua_pushinteger(L, constants[i].value);
        lua_setfield(L, -2, constants[i].name);
    }
    lua_pushstring(L, utf8proc_unicode_version());
    lua_setfield(L, -2, "unicode_version");
    lua_pushstring(L, utf8proc_version());
    lua_setfield(L, -2, "utf8proc_version");
    glean_lua_open_nlp(L);
    glean_lua_open_doc(L);
    glean_lua_open_gazetteer(L);
    glean_lua_open_rules(L);
    glean_lua_open_recognizer(L);
    glean_lua_open_quotes(L);
    glean_lua_open_dates(L);
    glean_lua_open_acronyms(L);
    return 1;
}
