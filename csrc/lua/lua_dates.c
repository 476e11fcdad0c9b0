/* lua_dates.c — the Dates userdata: the date extractor in C (glean_dates.h), built once
 * per nlp by lua/glean/extract/dates.lua from its word sets, maps and patterns. User
 * values: 1 the nlp, 2 the Span metatable. */
#include "glean_dates.h"
#include "glean_lua.h"

#include <string.h>

#define GLEAN_DATES_MT "glean.Dates"

typedef struct lua_dates {
    glean_dates *m;
    glean_dates_scratch *s;
    lua_nlp *nlp;
} lua_dates;

static int dates_gc(lua_State *L)
{
    lua_dates *u = luaL_checkudata(L, 1, GLEAN_DATES_MT);
    glean_dates_free(u->m);
    glean_dates_scratch_free(u->s);
    u->m = NULL;
    u->s = NULL;
    return 0;
}

static const char *const SET_NAMES[GLEAN_DATES_NSETS + 1] = {
    "month", "weekday", "prep", "month_mod", "rel", "part", "deictic", "rel_mod", "rel_unit",
    "ago_count", "ago_unit", "year_prep", "future", "past", NULL
};
static const char *const MAP_NAMES[GLEAN_DATES_NMAPS + 1] = { "weekdays", "months", "numbers", NULL };
static const char *const PAT_NAMES[GLEAN_DATES_NPATS + 1] = {
    "day", "day_th", "year", "iso", "decade", "mid_year", NULL
};

/* The table field `name` of the table at t, which must be a table (pushed). */
static int table_field(lua_State *L, int t, const char *what, const char *name)
{
    if (lua_getfield(L, t, name) != LUA_TTABLE)
        luaL_error(L, "dates: %s '%s' must be a table", what, name);
    return lua_gettop(L);
}

/* core.dates_new(nlp, sets, maps, patterns, Span): sets and maps by the names above
 * (every one of them); patterns are the rules' Lua patterns with their slashes, which
 * must be those glean_dates.c implements. */
static int l_dates_new(lua_State *L)
{
    lua_nlp *n = luaL_checkudata(L, 1, GLEAN_NLP_MT);
    luaL_argcheck(L, n->ready, 1, "nlp is closed");
    luaL_checktype(L, 2, LUA_TTABLE);
    luaL_checktype(L, 3, LUA_TTABLE);
    luaL_checktype(L, 4, LUA_TTABLE);
    luaL_checktype(L, 5, LUA_TTABLE);
    lua_settop(L, 5);
    lua_dates *u = lua_newuserdatauv(L, sizeof *u, 2);
    memset(u, 0, sizeof *u);
    u->nlp = n;
    luaL_setmetatable(L, GLEAN_DATES_MT);
    int ud = lua_gettop(L);
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, ud, 1);
    lua_pushvalue(L, 5);
    lua_setiuservalue(L, ud, 2);
    glean_error err;
    if (glean_dates_new(&u->m, &err) != GLEAN_OK || glean_dates_scratch_new(&u->s) != GLEAN_OK)
        return luaL_error(L, "out of memory");
    for (int k = 0; k < GLEAN_DATES_NSETS; k++) {
        int t = table_field(L, 2, "word set", SET_NAMES[k]);
        size_t nw = (size_t)luaL_len(L, t);
        for (size_t i = 1; i <= nw; i++) {
            size_t len;
            if (lua_geti(L, t, (lua_Integer)i) != LUA_TSTRING)
                return luaL_error(L, "dates: word %d of '%s' is not a string", (int)i, SET_NAMES[k]);
            const char *w = lua_tolstring(L, -1, &len);
            if (glean_dates_add_word(u->m, k, w, len, &err) != GLEAN_OK)
                return glean_lua_raise(L, &err);
            lua_pop(L, 1);
        }
        lua_settop(L, ud);
    }
    for (int k = 0; k < GLEAN_DATES_NMAPS; k++) {
        int t = table_field(L, 3, "map", MAP_NAMES[k]);
        lua_pushnil(L);
        while (lua_next(L, t)) {
            int isnum;
            lua_Integer v = lua_tointegerx(L, -1, &isnum);
            if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TNUMBER || !isnum ||
                v < INT32_MIN || v > INT32_MAX)
                return luaL_error(L, "dates: map '%s' must map strings to integers", MAP_NAMES[k]);
            size_t len;
            const char *key = lua_tolstring(L, -2, &len);
            if (glean_dates_add_number(u->m, k, key, len, (int)v, &err) != GLEAN_OK)
                return glean_lua_raise(L, &err);
            lua_pop(L, 1);
        }
        lua_settop(L, ud);
    }
    for (int k = 0; k < GLEAN_DATES_NPATS; k++) {
        lua_getfield(L, 4, PAT_NAMES[k]);
        lua_pushfstring(L, "/%s/", glean_dates_pattern(k));
        if (!lua_rawequal(L, -1, -2)) {
            const char *mine = lua_tostring(L, -1), *theirs = luaL_tolstring(L, -2, NULL);
            return luaL_error(L, "dates: the C twin implements pattern '%s' as %s, the Lua has %s: "
                              "change both", PAT_NAMES[k], mine, theirs);
        }
        lua_settop(L, ud);
    }
    return 1;
}

enum { K_DOC = 1, K_FIRST, K_LAST, K_START, K_STOP, K_LABEL, K_SOURCE, K_KIND, K_PREP, K_VALUE,
       K_FROM, K_TO, K_TENSE, K_SPAN, V_DATE, V_SOURCE, V_PAST, V_FUTURE, V_KINDS,
       K_NUPVALUES = V_KINDS + GLEAN_DATE_DECADE };
static const char *const UPVALUES[K_NUPVALUES + 1] = {
    NULL, "doc", "first", "last", "start", "stop", "label", "source", "kind", "prep", "value",
    "from", "to", "tense", "span", "DATE", "dates", "past", "future",
    "date", "weekday", "relative", "month", "year", "decade"
};

/* t[key] = the value on top of the stack (popped); t at -2 after the push. */
/* t[key] = the value on top of the stack (popped), t below it (a new table: a raw set
 * with the key kept as an upvalue). */
static void set_key(lua_State *L, int key)
{
    lua_pushvalue(L, lua_upvalueindex(key));
    lua_insert(L, -2);
    lua_rawset(L, -3);
}

static void set_str(lua_State *L, int key, const char *s)
{
    if (!s[0])
        return;
    lua_pushstring(L, s);
    set_key(L, key);
}

/* The token's text in ASCII lower case (string.lower in the C locale). */
static void push_lower(lua_State *L, const glean_doc *d, uint32_t i)
{
    const char *t = d->text + d->toks[i].start;
    size_t len = d->toks[i].end - d->toks[i].start;
    luaL_Buffer b;
    char *p = luaL_buffinitsize(L, &b, len);
    for (size_t k = 0; k < len; k++)
        p[k] = t[k] >= 'A' && t[k] <= 'Z' ? (char)(t[k] + 32) : t[k];
    luaL_pushresultsize(&b, len);
}

/* The record of one date: {kind, prep, value, from, to, tense, span}. */
static void push_record(lua_State *L, const glean_doc *d, const glean_date *r, int doc_idx,
                        int span_mt)
{
    /* sized for its fields: most records have 4 or fewer, and what is not allocated is
       not collected */
    int nfields = 2 + (r->prep >= 0) + (r->value[0] != 0) + (r->from[0] != 0) + (r->to[0] != 0) +
                  (r->tense != GLEAN_TENSE_NONE);
    lua_createtable(L, 0, nfields);
    lua_pushvalue(L, lua_upvalueindex(V_KINDS + r->kind));
    set_key(L, K_KIND);
    if (r->prep >= 0) {
        push_lower(L, d, (uint32_t)r->prep);
        set_key(L, K_PREP);
    }
    set_str(L, K_VALUE, r->value);
    set_str(L, K_FROM, r->from);
    set_str(L, K_TO, r->to);
    if (r->tense != GLEAN_TENSE_NONE) {
        lua_pushvalue(L, lua_upvalueindex(r->tense == GLEAN_TENSE_PAST ? V_PAST : V_FUTURE));
        set_key(L, K_TENSE);
    }
    lua_createtable(L, 0, 7);
    lua_pushvalue(L, doc_idx);
    set_key(L, K_DOC);
    lua_pushinteger(L, (lua_Integer)r->first + 1);
    set_key(L, K_FIRST);
    lua_pushinteger(L, (lua_Integer)r->last + 1);
    set_key(L, K_LAST);
    lua_pushinteger(L, (lua_Integer)d->toks[r->first].start + 1);
    set_key(L, K_START);
    lua_pushinteger(L, (lua_Integer)d->toks[r->last].end);
    set_key(L, K_STOP);
    lua_pushvalue(L, lua_upvalueindex(V_DATE));
    set_key(L, K_LABEL);
    lua_pushvalue(L, lua_upvalueindex(V_SOURCE));
    set_key(L, K_SOURCE);
    lua_pushvalue(L, span_mt);
    lua_setmetatable(L, -2);
    set_key(L, K_SPAN);
}

/* dates:_run(doc, date) -> records in text order. date: the reference day's string
 * ("" for none). */
static int dates_run(lua_State *L)
{
    lua_dates *u = luaL_checkudata(L, 1, GLEAN_DATES_MT);
    luaL_argcheck(L, u->m != NULL, 1, "dates extractor is closed");
    lua_doc *d = luaL_checkudata(L, 2, GLEAN_DOC_MT);
    size_t dlen;
    const char *date = luaL_checklstring(L, 3, &dlen);
    lua_settop(L, 3);
    luaL_argcheck(L, d->nlp->ready && u->nlp->ready, 2, "the doc's nlp is closed");
    const glean_tokenizer *tk = &u->nlp->tk;
    if (d->tk != tk && (d->tk->opt.english != tk->opt.english ||
                        d->tk->opt.split_hyphens != tk->opt.split_hyphens ||
                        d->tk->config_hash != tk->config_hash)) /* as the rules refuse it */
        return luaL_error(L, "the doc was parsed by an nlp with other settings than the rules' "
                             "(lang, split_hyphens, special cases, abbreviations)");
    int64_t ref = 0;
    int has_ref = glean_dates_parse_iso(date, dlen, &ref);
    const glean_date *dates;
    size_t n;
    glean_error err;
    if (glean_dates_run(u->m, u->s, &d->d, &d->tk->lex, has_ref, ref, &dates, &n, &err) != GLEAN_OK)
        return glean_lua_raise(L, &err);
    lua_getiuservalue(L, 1, 2);   /* 4: Span */
    lua_createtable(L, (int)n, 0); /* 5: the records */
    for (size_t k = 0; k < n; k++) {
        push_record(L, &d->d, &dates[k], 2, 4);
        lua_rawseti(L, 5, (lua_Integer)k + 1);
    }
    return 1;
}

void glean_lua_open_dates(lua_State *L)
{
    luaL_newmetatable(L, GLEAN_DATES_MT);
    lua_pushcfunction(L, dates_gc);
    lua_setfield(L, -2, "__gc");
    lua_newtable(L);
    for (int k = 1; k <= K_NUPVALUES; k++)
        lua_pushstring(L, UPVALUES[k]);
    lua_pushcclosure(L, dates_run, K_NUPVALUES);
    lua_setfield(L, -2, "_run");
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    lua_pushcfunction(L, l_dates_new);
    lua_setfield(L, -2, "dates_new");
}
