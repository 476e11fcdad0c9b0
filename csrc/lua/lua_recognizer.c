/* lua_recognizer.c — the Recognizer userdata: the news entity recognizer's judge in C
 * (glean_recognizer.h) with the gazetteers and rule set it runs with. Built once per
 * nlp by lua/glean/extract/entities.lua. User values: 1 the known-names gazetteer,
 * 2 the first-names gazetteer (or nil), 3 the rule set (or nil), 4 the nlp, 5 a table of
 * the Lua strings of label and source codes (labels at 2k + 1, sources at 2k + 2). */
#include "glean_lua.h"
#include "glean_recognizer.h"

#include <string.h>

#define GLEAN_RECOGNIZER_MT "glean.Recognizer"

typedef struct lua_recognizer {
    glean_recognizer *r;
    glean_recognizer_scratch *s;
    lua_nlp *nlp;
} lua_recognizer;

static lua_recognizer *check_recognizer(lua_State *L, int idx)
{
    lua_recognizer *u = luaL_checkudata(L, idx, GLEAN_RECOGNIZER_MT);
    luaL_argcheck(L, u->r != NULL, idx, "recognizer is closed");
    return u;
}

static int recognizer_gc(lua_State *L)
{
    lua_recognizer *u = luaL_checkudata(L, 1, GLEAN_RECOGNIZER_MT);
    glean_recognizer_free(u->r);
    glean_recognizer_scratch_free(u->s);
    u->r = NULL;
    u->s = NULL;
    return 0;
}

static const char *const SET_NAMES[GLEAN_REC_NSETS + 1] = {
    "weak_first", "leading", "not_alone", "common_acronym", "not_person_last", "connector",
    "saint", "title", "head", "written_title", NULL
};

/* An integer field of a rule description, or def when absent. */
static int int_field(lua_State *L, int t, const char *key, int def, int i)
{
    int isnum;
    lua_getfield(L, t, key);
    lua_Integer v = lua_tointegerx(L, -1, &isnum);
    if (!isnum && !lua_isnil(L, -1))
        luaL_error(L, "rule %d: '%s' must be an integer", i, key);
    lua_pop(L, 1);
    return isnum ? (int)v : def;
}

static int bool_field(lua_State *L, int t, const char *key)
{
    lua_getfield(L, t, key);
    int v = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return v;
}

/* The rule descriptions (a table per rule) as glean_rec_rule; their strings stay
 * referenced by the tables (held by the table at `infos`) until the copy is made, so
 * each is popped at once: the stack is not grown per rule. */
static void set_rules(lua_State *L, lua_recognizer *u, int infos)
{
    size_t n = (size_t)luaL_len(L, infos);
    glean_rec_rule *rules = lua_newuserdatauv(L, (n + 1) * sizeof *rules, 0);
    for (size_t i = 0; i < n; i++) {
        lua_geti(L, infos, (lua_Integer)i + 1);
        int t = lua_gettop(L);
        if (!lua_istable(L, t))
            luaL_error(L, "rule %d: a table expected", (int)i + 1);
        glean_rec_rule *x = &rules[i];
        lua_getfield(L, t, "label");
        lua_getfield(L, t, "name");
        x->label = lua_tostring(L, -2);
        x->name = lua_tostring(L, -1);
        if (!x->label || !x->name)
            luaL_error(L, "rule %d: 'label' and 'name' must be strings", (int)i + 1);
        x->priority = int_field(L, t, "priority", 0, (int)i + 1);
        x->ent = int_field(L, t, "ent", 0, (int)i + 1) - 1;
        x->ent2 = int_field(L, t, "ent2", 0, (int)i + 1) - 1;
        x->written_priority = int_field(L, t, "written_priority", 0, (int)i + 1);
        x->teams = bool_field(L, t, "teams");
        x->head_last = bool_field(L, t, "head_last");
        x->title = bool_field(L, t, "title");
        lua_settop(L, t - 1);
    }
    glean_error err;
    if (glean_recognizer_set_rules(u->r, rules, n, &err) != GLEAN_OK)
        glean_lua_raise(L, &err);
}

/* core.recognizer_new(nlp, known_gaz, first_gaz|nil, rules|nil, rule_infos, words)
 * words: { weak_first = {...}, leading = {...}, ... } (SET_NAMES). */
static int l_recognizer_new(lua_State *L)
{
    lua_nlp *n = luaL_checkudata(L, 1, GLEAN_NLP_MT);
    luaL_argcheck(L, n->ready, 1, "nlp is closed");
    glean_gaz_cursor *cur;
    glean_lua_gaz_image(L, 2, &cur);
    if (!lua_isnil(L, 3))
        glean_lua_gaz_image(L, 3, &cur);
    glean_rules_scratch *rs;
    glean_rules_result *res;
    glean_lua_pattern_bridge bridge;
    if (!lua_isnil(L, 4))
        glean_lua_rules_parts(L, 4, &rs, &res, &bridge);
    luaL_checktype(L, 5, LUA_TTABLE);
    luaL_checktype(L, 6, LUA_TTABLE);
    lua_recognizer *u = lua_newuserdatauv(L, sizeof *u, 5);
    memset(u, 0, sizeof *u);
    u->nlp = n;
    luaL_setmetatable(L, GLEAN_RECOGNIZER_MT);
    int ud = lua_gettop(L);
    static const int refs[4] = { 2, 3, 4, 1 };
    for (int k = 0; k < 4; k++) {
        lua_pushvalue(L, refs[k]);
        lua_setiuservalue(L, ud, k + 1);
    }
    lua_newtable(L);
    lua_setiuservalue(L, ud, 5);
    glean_error err;
    if (glean_recognizer_new(&u->r, &err) != GLEAN_OK)
        return glean_lua_raise(L, &err);
    if (glean_recognizer_scratch_new(&u->s) != GLEAN_OK)
        return luaL_error(L, "out of memory");
    lua_pushnil(L);
    while (lua_next(L, 6)) {
        int set = -1;
        const char *name = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
        for (int k = 0; SET_NAMES[k]; k++)
            if (strcmp(name, SET_NAMES[k]) == 0)
                set = k;
        if (set < 0)
            return luaL_error(L, "recognizer: unknown word set '%s'", name);
        luaL_checktype(L, -1, LUA_TTABLE);
        size_t nw = (size_t)luaL_len(L, -1);
        for (size_t i = 1; i <= nw; i++) {
            size_t len;
            if (lua_geti(L, -1, (lua_Integer)i) != LUA_TSTRING) /* no number as a word */
                return luaL_error(L, "recognizer: word %d of '%s' is not a string", (int)i, name);
            const char *w = lua_tolstring(L, -1, &len);
            if (glean_recognizer_add_word(u->r, set, w, len, &err) != GLEAN_OK)
                return glean_lua_raise(L, &err);
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    set_rules(L, u, 5);
    lua_settop(L, ud);
    return 1;
}

/* The Lua string of a label (kind 1) or source (kind 2) code, cached in user value 5 at
 * stack index cache. */
static void push_name(lua_State *L, lua_recognizer *u, int cache, int kind, uint32_t code)
{
    lua_Integer key = 2 * (lua_Integer)code + kind;
    if (lua_rawgeti(L, cache, key) != LUA_TNIL)
        return;
    lua_pop(L, 1);
    size_t len;
    const char *s = kind == 1 ? glean_recognizer_label_name(u->r, u->s, code, &len)
                              : glean_recognizer_source_name(u->r, u->s, code, &len);
    if (!s)
        luaL_error(L, "recognizer: no name for code %d", (int)code);
    lua_pushlstring(L, s, len);
    lua_pushvalue(L, -1);
    lua_rawseti(L, cache, key);
}

/* The user's entities come as a flat array {first, last, label, ...} (1-based). */
static glean_rec_user_ent *user_ents(lua_State *L, int idx, size_t ntoks, size_t *n)
{
    *n = 0;
    if (lua_isnoneornil(L, idx))
        return NULL;
    luaL_checktype(L, idx, LUA_TTABLE);
    size_t cnt = (size_t)luaL_len(L, idx) / 3;
    glean_rec_user_ent *e = lua_newuserdatauv(L, (cnt + 1) * sizeof *e, 0);
    for (size_t i = 0; i < cnt; i++) {
        lua_Integer f = (lua_geti(L, idx, (lua_Integer)(3 * i + 1)), lua_tointeger(L, -1));
        lua_Integer l = (lua_geti(L, idx, (lua_Integer)(3 * i + 2)), lua_tointeger(L, -1));
        lua_geti(L, idx, (lua_Integer)(3 * i + 3));
        if (f < 1 || l < f || (size_t)l > ntoks)
            luaL_error(L, "doc.ents[%d] has bad token indices %d..%d", (int)i + 1, (int)f, (int)l);
        e[i].first = (uint32_t)f - 1;
        e[i].last = (uint32_t)l - 1;
        /* the label string stays referenced by doc.ents, which the caller holds */
        e[i].label = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &e[i].label_len) : NULL;
        lua_pop(L, 3);
    }
    *n = cnt;
    return e;
}

enum { K_DOC = 1, K_FIRST, K_LAST, K_START, K_STOP, K_LABEL, K_SOURCE };
static const char *const span_keys[] = {NULL, "doc", "first", "last", "start", "stop",
                                        "label", "source"};

/* span[key] = v: the key (an upvalue: interned once) first, so nothing is rotated. */
static void set_int(lua_State *L, int key, lua_Integer v)
{
    lua_pushvalue(L, lua_upvalueindex(key));
    lua_pushinteger(L, v);
    lua_rawset(L, -3);
}

static void set_value(lua_State *L, int key, int idx)
{
    lua_pushvalue(L, lua_upvalueindex(key));
    lua_pushvalue(L, idx);
    lua_rawset(L, -3);
}

/* rec:_run(doc, user_ents_flat|nil, Span, want|nil) -> array of entity spans in text
 * order (fields doc, first, last, start, stop, label, source; metatable Span); want, a
 * set of public labels, keeps only those. */
static int recognizer_run(lua_State *L)
{
    lua_recognizer *u = check_recognizer(L, 1);
    lua_doc *d = luaL_checkudata(L, 2, GLEAN_DOC_MT);
    luaL_argcheck(L, d->nlp->ready && u->nlp->ready, 2, "the doc's nlp is closed");
    luaL_argcheck(L, d->tk == &u->nlp->tk, 2, "the doc was parsed by another nlp than the recognizer's");
    luaL_checktype(L, 4, LUA_TTABLE);
    int want = !lua_isnoneornil(L, 5);
    if (want)
        luaL_checktype(L, 5, LUA_TTABLE);
    lua_settop(L, 5);
    glean_rec_inputs in;
    memset(&in, 0, sizeof in);
    in.doc = &d->d;
    in.tk = d->tk;
    in.user_ents = user_ents(L, 3, d->d.ntoks, &in.nuser_ents); /* a userdata at 6 or none */
    lua_settop(L, 6);
    lua_getiuservalue(L, 1, 1);
    in.known = glean_lua_gaz_image(L, -1, &in.known_cursor);
    lua_getiuservalue(L, 1, 2);
    if (!lua_isnil(L, -1))
        in.first_names = glean_lua_gaz_image(L, -1, &in.first_cursor);
    glean_lua_pattern_bridge bridge;
    if (lua_getiuservalue(L, 1, 3) != LUA_TNIL) {
        in.rules = glean_lua_rules_parts(L, -1, &in.rules_scratch, &in.rules_result, &bridge);
        in.extern_fn = glean_lua_call_pattern;
        in.extern_ud = &bridge;
        if (glean_rules_count(in.rules) != glean_recognizer_rule_count(u->r))
            return luaL_error(L, "recognizer: the rule set has %d rules, the recognizer knows %d",
                              (int)glean_rules_count(in.rules), (int)glean_recognizer_rule_count(u->r));
    }
    lua_getiuservalue(L, 1, 5);
    int cache = lua_gettop(L);
    const glean_rec_entity *ents;
    size_t n;
    glean_error err;
    if (glean_recognize(u->r, u->s, &in, &ents, &n, &err) != GLEAN_OK)
        return glean_lua_raise(L, &err);
    lua_createtable(L, (int)n, 0);
    int out = lua_gettop(L);
    lua_Integer k = 0;
    for (size_t i = 0; i < n; i++) {
        const glean_rec_entity *e = &ents[i];
        push_name(L, u, cache, 1, e->label);
        int label = lua_gettop(L);
        if (want) {
            lua_pushvalue(L, label);
            int keep = lua_rawget(L, 5) != LUA_TNIL && lua_toboolean(L, -1);
            lua_pop(L, 1);
            if (!keep) {
                lua_pop(L, 1);
                continue;
            }
        }
        push_name(L, u, cache, 2, e->source);
        lua_createtable(L, 0, 8);
        set_value(L, K_LABEL, label);
        set_value(L, K_SOURCE, label + 1);
        set_value(L, K_DOC, 2);
        set_int(L, K_FIRST, (lua_Integer)e->first + 1);
        set_int(L, K_LAST, (lua_Integer)e->last + 1);
        set_int(L, K_START, (lua_Integer)d->d.toks[e->first].start + 1);
        set_int(L, K_STOP, (lua_Integer)d->d.toks[e->last].end);
        lua_pushvalue(L, 4);
        lua_setmetatable(L, -2);
        lua_rawseti(L, out, ++k);
        lua_settop(L, label - 1);
    }
    return 1;
}

void glean_lua_open_recognizer(lua_State *L)
{
    luaL_newmetatable(L, GLEAN_RECOGNIZER_MT);
    lua_pushcfunction(L, recognizer_gc);
    lua_setfield(L, -2, "__gc");
    lua_newtable(L);
    for (int k = 1; k <= K_SOURCE; k++)
        lua_pushstring(L, span_keys[k]);
    lua_pushcclosure(L, recognizer_run, K_SOURCE);
    lua_setfield(L, -2, "_run");
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    lua_pushcfunction(L, l_recognizer_new);
    lua_setfield(L, -2, "recognizer_new");
}
