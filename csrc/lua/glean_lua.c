/* glean_lua.c — luaopen_glean_core: normalization, UTF-8 checks, version strings, and
 * the Nlp/Doc/Token types registered by lua_nlp.c and lua_doc.c. */
#include "glean_lua.h"
#include "glean_normalize.h"
#include "glean_utf8.h"

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
    return 1;
}
