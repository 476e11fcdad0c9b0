/* lua_nlp.c — the Nlp userdata: a tokenizer with its lexicon, and nlp:parse. */
#include "glean_lua.h"

#include <stdlib.h>
#include <string.h>

static lua_nlp *check_nlp(lua_State *L, int idx)
{
    lua_nlp *n = luaL_checkudata(L, idx, GLEAN_NLP_MT);
    luaL_argcheck(L, n->ready, idx, "nlp is closed");
    return n;
}

static int nlp_gc(lua_State *L)
{
    lua_nlp *n = luaL_checkudata(L, 1, GLEAN_NLP_MT);
    if (n->ready) {
        glean_tokenizer_free(&n->tk);
        glean_doc_free(&n->scratch);
        n->ready = 0;
    }
    return 0;
}

/* core.new_nlp(english, split_hyphens, replace_invalid): the option table is checked by
 * lua/glean/init.lua; this takes the decoded values. */
static int l_new_nlp(lua_State *L)
{
    glean_tokenizer_options opt;
    glean_error err;
    opt.english = lua_toboolean(L, 1);
    opt.split_hyphens = lua_toboolean(L, 2);
    opt.replace_invalid = lua_toboolean(L, 3);
    /* Userdata first, so __gc owns whatever init allocates even if it fails half-way. */
    lua_nlp *n = lua_newuserdatauv(L, sizeof *n, 0);
    memset(n, 0, sizeof *n);
    glean_doc_init(&n->scratch);
    luaL_setmetatable(L, GLEAN_NLP_MT);
    n->ready = 1;
    if (glean_tokenizer_init(&n->tk, &opt, &err) != GLEAN_OK)
        return glean_lua_raise(L, &err);
    return 1;
}

/* nlp:add_special(string, {piece, piece, ...}) */
static int nlp_add_special(lua_State *L)
{
    lua_nlp *n = check_nlp(L, 1);
    size_t len, lens[64], np;
    const char *s = luaL_checklstring(L, 2, &len);
    luaL_checktype(L, 3, LUA_TTABLE);
    np = (size_t)luaL_len(L, 3);
    luaL_argcheck(L, np >= 1 && np <= 64, 3, "a special case needs 1 to 64 pieces");
    size_t at = 0;
    for (size_t i = 0; i < np; i++) {
        lua_geti(L, 3, (lua_Integer)i + 1);
        size_t plen;
        const char *p = lua_tolstring(L, -1, &plen);
        if (!p)
            return luaL_error(L, "special case '%s': piece %d is not a string", s, (int)i + 1);
        if (at + plen > len || memcmp(s + at, p, plen) != 0)
            return luaL_error(L, "special case '%s': its pieces must spell it exactly", s);
        lens[i] = plen;
        at += plen;
        lua_pop(L, 1);
    }
    glean_error err;
    if (glean_tokenizer_add_special(&n->tk, s, len, lens, np, &err) != GLEAN_OK)
        return luaL_error(L, "special case '%s': %s", s, err.message);
    return 0;
}

static int nlp_add_abbreviation(lua_State *L)
{
    lua_nlp *n = check_nlp(L, 1);
    size_t len;
    const char *s = luaL_checklstring(L, 2, &len);
    glean_error err;
    if (glean_tokenizer_add_abbreviation(&n->tk, s, len, &err) != GLEAN_OK)
        return luaL_error(L, "%s", err.message);
    return 0;
}

/* nlp:parse(text [, meta]) -> doc */
static int nlp_parse(lua_State *L)
{
    check_nlp(L, 1);
    luaL_checktype(L, 2, LUA_TSTRING);
    if (!lua_isnoneornil(L, 3))
        luaL_checktype(L, 3, LUA_TTABLE);
    lua_settop(L, 3); /* the doc goes to index 4, never mistaken for meta */
    glean_lua_parse(L, 1, 2);
    if (!lua_isnil(L, 3)) {
        lua_newtable(L);
        lua_pushvalue(L, 3);
        lua_setfield(L, -2, "meta");
        lua_setiuservalue(L, -2, 3);
    }
    return 1;
}

static int nlp_ntypes(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)check_nlp(L, 1)->tk.lex.ntypes);
    return 1;
}

static int nlp_tostring(lua_State *L)
{
    lua_nlp *n = luaL_checkudata(L, 1, GLEAN_NLP_MT);
    lua_pushfstring(L, "glean.Nlp (%s, %d types)", n->tk.opt.english ? "en" : "none",
                    (int)n->tk.lex.ntypes);
    return 1;
}

static const luaL_Reg nlp_methods[] = {
    {"parse", nlp_parse},
    {"add_special", nlp_add_special},
    {"add_abbreviation", nlp_add_abbreviation},
    {"type_count", nlp_ntypes},
    {NULL, NULL},
};

void glean_lua_open_nlp(lua_State *L)
{
    luaL_newmetatable(L, GLEAN_NLP_MT);
    lua_pushcfunction(L, nlp_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, nlp_tostring);
    lua_setfield(L, -2, "__tostring");
    luaL_newlib(L, nlp_methods);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, "__index");
    lua_setfield(L, -3, "Nlp"); /* core.Nlp: the methods table, extended in Lua */
    lua_pop(L, 1);
    lua_pushcfunction(L, l_new_nlp);
    lua_setfield(L, -2, "new_nlp");
}
