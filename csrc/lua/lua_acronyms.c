/* lua_acronyms.c — the Acronyms userdata: the acronym extractor in C (glean_acronyms.h),
 * built once per nlp by lua/glean/extract/acronyms.lua from its word sets, number words
 * and short-form pattern. User values: 1 the nlp, 2 the Span metatable. */
#include "glean_acronyms.h"
#include "glean_lua.h"

#include <stdlib.h>
#include <string.h>

#define GLEAN_ACRONYMS_MT "glean.Acronyms"

typedef struct lua_acronyms {
    glean_acronyms *m;
    glean_acronyms_scratch *s;
    glean_acr_ent *ents;       /* doc.ents as the labels read it */
    size_t ents_cap;
    lua_nlp *nlp;
} lua_acronyms;

static int acronyms_gc(lua_State *L)
{
    lua_acronyms *u = luaL_checkudata(L, 1, GLEAN_ACRONYMS_MT);
    glean_acronyms_free(u->m);
    glean_acronyms_scratch_free(u->s);
    free(u->ents);
    u->m = NULL;
    u->s = NULL;
    u->ents = NULL;
    return 0;
}

static const char *const SET_NAMES[GLEAN_ACR_NSETS + 1] = { "heads", "glue", NULL };

/* core.acronyms_new(nlp, sets, number_words, short_pattern, Span): sets {heads=, glue=}
 * (arrays of words), number_words {["1"] = "one", ...}; short_pattern, the rules' SHORT
 * with its slashes, must be the one glean_acronyms.c implements. */
static int l_acronyms_new(lua_State *L)
{
    lua_nlp *n = luaL_checkudata(L, 1, GLEAN_NLP_MT);
    luaL_argcheck(L, n->ready, 1, "nlp is closed");
    luaL_checktype(L, 2, LUA_TTABLE);
    luaL_checktype(L, 3, LUA_TTABLE);
    luaL_checkstring(L, 4);
    luaL_checktype(L, 5, LUA_TTABLE);
    lua_settop(L, 5);
    lua_pushliteral(L, "/" GLEAN_ACR_SHORT_PATTERN "/");
    if (!lua_rawequal(L, 4, -1))
        return luaL_error(L, "acronyms: the C twin implements SHORT as %s, the Lua has %s: change both",
                          lua_tostring(L, -1), lua_tostring(L, 4));
    lua_settop(L, 5);
    lua_acronyms *u = lua_newuserdatauv(L, sizeof *u, 2);
    memset(u, 0, sizeof *u);
    u->nlp = n;
    luaL_setmetatable(L, GLEAN_ACRONYMS_MT);
    int ud = lua_gettop(L);
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, ud, 1);
    lua_pushvalue(L, 5);
    lua_setiuservalue(L, ud, 2);
    glean_error err;
    if (glean_acronyms_new(&u->m, &err) != GLEAN_OK || glean_acronyms_scratch_new(&u->s) != GLEAN_OK)
        return luaL_error(L, "out of memory");
    for (int k = 0; k < GLEAN_ACR_NSETS; k++) {
        if (lua_getfield(L, 2, SET_NAMES[k]) != LUA_TTABLE)
            return luaL_error(L, "acronyms: word set '%s' must be a table", SET_NAMES[k]);
        int t = lua_gettop(L);
        size_t nw = (size_t)luaL_len(L, t);
        for (size_t i = 1; i <= nw; i++) {
            size_t len;
            if (lua_geti(L, t, (lua_Integer)i) != LUA_TSTRING)
                return luaL_error(L, "acronyms: word %d of '%s' is not a string", (int)i, SET_NAMES[k]);
            const char *w = lua_tolstring(L, -1, &len);
            if (glean_acronyms_add_word(u->m, k, w, len, &err) != GLEAN_OK)
                return glean_lua_raise(L, &err);
            lua_pop(L, 1);
        }
        lua_settop(L, ud);
    }
    lua_pushnil(L);
    while (lua_next(L, 3)) {
        size_t kl, wl;
        const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tolstring(L, -2, &kl) : NULL;
        const char *word = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &wl) : NULL;
        if (!key || !word || kl != 1)
            return luaL_error(L, "acronyms: number words map a digit to a word");
        if (glean_acronyms_set_number_word(u->m, key[0], word, wl, &err) != GLEAN_OK)
            return glean_lua_raise(L, &err);
        lua_pop(L, 1);
    }
    lua_settop(L, ud);
    return 1;
}

enum { K_DOC = 1, K_FIRST, K_LAST, K_START, K_STOP, K_LABEL, K_SOURCE, K_FORM, K_METHOD,
       K_LONG_SPAN, K_SHORT, K_SHORT_SPAN, K_LONG, V_SOURCE, V_OCC_SOURCE, V_FORMS,
       V_METHODS = V_FORMS + 2, K_NUPVALUES = V_METHODS + 2 };
static const char *const UPVALUES[K_NUPVALUES + 1] = {
    NULL, "doc", "first", "last", "start", "stop", "label", "source", "form", "method",
    "long_span", "short", "short_span", "long", "acronyms", "acronym",
    "long (SHORT)", "SHORT (long)", "initials", "letters", "head"
};

/* t[key] = the value on top of the stack (popped), t below it (a new table: a raw set
 * with the key kept as an upvalue). */
static void set_key(lua_State *L, int key)
{
    lua_pushvalue(L, lua_upvalueindex(key));
    lua_insert(L, -2);
    lua_rawset(L, -3);
}

/* A span of tokens first..last (0-based) without a label: doc, first, last, start,
 * stop, source (the upvalue `source`); metatable at span_mt. */
static void push_span(lua_State *L, const glean_doc *d, uint32_t first, uint32_t last, int doc_idx,
                      int span_mt, int source)
{
    lua_createtable(L, 0, 7);
    lua_pushvalue(L, doc_idx);
    set_key(L, K_DOC);
    lua_pushinteger(L, (lua_Integer)first + 1);
    set_key(L, K_FIRST);
    lua_pushinteger(L, (lua_Integer)last + 1);
    set_key(L, K_LAST);
    lua_pushinteger(L, (lua_Integer)d->toks[first].start + 1);
    set_key(L, K_START);
    lua_pushinteger(L, (lua_Integer)d->toks[last].end);
    set_key(L, K_STOP);
    lua_pushvalue(L, lua_upvalueindex(source));
    set_key(L, K_SOURCE);
    lua_pushvalue(L, span_mt);
    lua_setmetatable(L, -2);
}

/* The label of doc.ents[e + 1] (the table at ents_idx), pushed. */
static void push_label(lua_State *L, int ents_idx, uint32_t e)
{
    lua_geti(L, ents_idx, (lua_Integer)e + 1);
    lua_pushvalue(L, lua_upvalueindex(K_LABEL));
    lua_gettable(L, -2);
    lua_remove(L, -2);
}

/* A token index field of the entity at stack index ent, read as the Lua's ent.first is
 * (the key pushed from an upvalue: lua_getfield would find its C string in Lua's string
 * cache with a strcmp each time). */
static int64_t ent_index(lua_State *L, int ent, int key, size_t i)
{
    lua_pushvalue(L, lua_upvalueindex(key));
    lua_gettable(L, ent);
    int isnum;
    lua_Integer v = lua_tointegerx(L, -1, &isnum);
    if (!isnum)
        luaL_error(L, "doc.ents[%d] has no token index '%s'", (int)i + 1, UPVALUES[key]);
    return (int64_t)v;
}

/* Reads doc.ents (the table at idx) as the labels read it: first, last, and whether the
 * label is nil, false or another value. */
static void read_ents(lua_State *L, lua_acronyms *u, int idx, size_t *n)
{
    size_t cnt = (size_t)luaL_len(L, idx);
    if (glean_grow((void **)&u->ents, &u->ents_cap, cnt + 1, sizeof *u->ents))
        luaL_error(L, "out of memory");
    luaL_checkstack(L, 4, "doc.ents");
    int top = lua_gettop(L), ent = top + 1;
    for (size_t i = 0; i < cnt; i++) {
        if (lua_geti(L, idx, (lua_Integer)i + 1) != LUA_TTABLE)
            luaL_error(L, "doc.ents[%d] is not a span", (int)i + 1);
        glean_acr_ent *e = &u->ents[i];
        e->first = ent_index(L, ent, K_FIRST, i);
        e->last = ent_index(L, ent, K_LAST, i);
        lua_pushvalue(L, lua_upvalueindex(K_LABEL));
        lua_gettable(L, ent);
        e->label = lua_isnil(L, -1) ? GLEAN_ACR_LABEL_NIL
                 : lua_toboolean(L, -1) ? GLEAN_ACR_LABEL_TRUE : GLEAN_ACR_LABEL_FALSE;
        lua_settop(L, top);
    }
    *n = cnt;
}

/* acronyms:_run(doc, ents|nil) -> definitions in text order [, occurrences]. ents:
 * doc.ents when the definitions are to be labelled after it; the occurrences are the
 * spans of the labelled short forms that the caller adds to doc.ents (doc:add_ents). */
static int acronyms_run(lua_State *L)
{
    lua_acronyms *u = luaL_checkudata(L, 1, GLEAN_ACRONYMS_MT);
    luaL_argcheck(L, u->m != NULL, 1, "acronym extractor is closed");
    lua_doc *d = luaL_checkudata(L, 2, GLEAN_DOC_MT);
    int annotate = !lua_isnoneornil(L, 3);
    if (annotate)
        luaL_checktype(L, 3, LUA_TTABLE);
    lua_settop(L, 3);
    luaL_argcheck(L, d->nlp->ready && u->nlp->ready, 2, "the doc's nlp is closed");
    const glean_tokenizer *tk = &u->nlp->tk;
    if (d->tk != tk && (d->tk->opt.english != tk->opt.english ||
                        d->tk->opt.split_hyphens != tk->opt.split_hyphens ||
                        d->tk->config_hash != tk->config_hash)) /* as the rules refuse it */
        return luaL_error(L, "the doc was parsed by an nlp with other settings than the rules' "
                             "(lang, split_hyphens, special cases, abbreviations)");
    const glean_doc *doc = &d->d;
    glean_acronym *defs;
    size_t n, nents = 0;
    glean_error err;
    if (glean_acronyms_run(u->m, u->s, doc, &d->tk->lex, &defs, &n, &err) != GLEAN_OK)
        return glean_lua_raise(L, &err);
    const glean_acr_occurrence *occ = NULL;
    size_t nocc = 0;
    if (annotate && n > 0 && luaL_len(L, 3) > 0) {
        read_ents(L, u, 3, &nents);
        if (glean_acronyms_label(u->m, u->s, doc, &d->tk->lex, u->ents, nents, &occ, &nocc,
                                 &err) != GLEAN_OK)
            return glean_lua_raise(L, &err);
    }
    lua_getiuservalue(L, 1, 2);     /* 4: Span */
    lua_createtable(L, (int)n, 0);  /* 5: the definitions */
    for (size_t k = 0; k < n; k++) {
        const glean_acronym *r = &defs[k];
        lua_createtable(L, 0, 7);
        lua_pushvalue(L, lua_upvalueindex(V_FORMS + r->form));
        set_key(L, K_FORM);
        lua_pushvalue(L, lua_upvalueindex(V_METHODS + r->method));
        set_key(L, K_METHOD);
        push_span(L, doc, r->long_first, r->long_last, 2, 4, V_SOURCE);
        set_key(L, K_LONG_SPAN);
        lua_pushlstring(L, doc->text + doc->toks[r->short_tok].start,
                        doc->toks[r->short_tok].end - doc->toks[r->short_tok].start);
        set_key(L, K_SHORT);
        push_span(L, doc, r->short_tok, r->short_tok, 2, 4, V_SOURCE);
        set_key(L, K_SHORT_SPAN);
        lua_pushlstring(L, doc->text + doc->toks[r->long_first].start,
                        doc->toks[r->long_last].end - doc->toks[r->long_first].start);
        set_key(L, K_LONG);
        if (r->label_ent >= 0) {
            push_label(L, 3, (uint32_t)r->label_ent);
            set_key(L, K_LABEL);
        }
        lua_rawseti(L, 5, (lua_Integer)k + 1);
    }
    if (nocc == 0)
        return 1;
    /* the occurrences, as spans labelled after their entity */
    lua_createtable(L, (int)nocc, 0); /* 6 */
    for (size_t k = 0; k < nocc; k++) {
        push_span(L, doc, occ[k].tok, occ[k].tok, 2, 4, V_OCC_SOURCE);
        push_label(L, 3, occ[k].ent);
        set_key(L, K_LABEL);
        lua_rawseti(L, 6, (lua_Integer)k + 1);
    }
    return 2;
}

void glean_lua_open_acronyms(lua_State *L)
{
    luaL_newmetatable(L, GLEAN_ACRONYMS_MT);
    lua_pushcfunction(L, acronyms_gc);
    lua_setfield(L, -2, "__gc");
    lua_newtable(L);
    for (int k = 1; k <= K_NUPVALUES; k++)
        lua_pushstring(L, UPVALUES[k]);
    lua_pushcclosure(L, acronyms_run, K_NUPVALUES);
    lua_setfield(L, -2, "_run");
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    lua_pushcfunction(L, l_acronyms_new);
    lua_setfield(L, -2, "acronyms_new");
}
