/* lua_rules.c — the Rules userdata: a compiled rule set (glean_pattern.h) bound to an
 * nlp, its matching scratch, and the bridge that evaluates Lua-pattern predicates with
 * string.find (once per token type, in a protected call). User value 1: the nlp. */
#include "glean_pattern.h"
#include "lua_rules.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GLEAN_RULES_MT "glean.Rules"

typedef struct lua_rules {
    glean_rules *r;
    glean_rules_scratch *s;
    glean_rules_result res;
    lua_nlp *nlp;
} lua_rules;

static lua_rules *check_rules(lua_State *L, int idx)
{
    return luaL_checkudata(L, idx, GLEAN_RULES_MT);
}

static int rules_gc(lua_State *L)
{
    lua_rules *u = check_rules(L, 1);
    glean_rules_free(u->r);
    glean_rules_scratch_free(u->s);
    glean_rules_result_free(&u->res);
    u->r = NULL;
    u->s = NULL;
    return 0;
}

/* core.rules_new(nlp) */
static int l_rules_new(lua_State *L)
{
    lua_nlp *n = luaL_checkudata(L, 1, GLEAN_NLP_MT);
    lua_rules *u = lua_newuserdatauv(L, sizeof *u, 1);
    memset(u, 0, sizeof *u);
    u->nlp = n;
    luaL_setmetatable(L, GLEAN_RULES_MT);
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, -2, 1);
    glean_error err;
    if (glean_rules_new(&u->r, &n->tk, &err) != GLEAN_OK ||
        glean_rules_scratch_new(&u->s) != GLEAN_OK)
        return luaL_error(L, "out of memory");
    return 1;
}

/* A Lua pattern is checked once when its rule is added, against a subject with a
 * letter, a digit, punctuation and a space at every start, so that most malformed
 * patterns (missing ']', a trailing '%') fail here rather than while matching. */
static void check_new_patterns(lua_State *L, lua_rules *u, size_t before, const char *name)
{
    for (size_t i = before; i < glean_rules_extern_count(u->r); i++) {
        size_t len;
        const char *pat = glean_rules_extern_source(u->r, (uint32_t)i, &len);
        lua_getglobal(L, "string");
        lua_getfield(L, -1, "find");
        lua_pushliteral(L, "aA0.-[]%( )");
        lua_pushlstring(L, pat, len);
        if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
            glean_rules_remove_last(u->r);
            luaL_error(L, "rule %s: bad Lua pattern /%s/: %s", name, pat, lua_tostring(L, -1));
        }
        lua_pop(L, 1);
    }
}

/* rules:_add_string(name, src) */
static int rules_add_string(lua_State *L)
{
    lua_rules *u = check_rules(L, 1);
    const char *name = luaL_checkstring(L, 2);
    size_t len;
    const char *src = luaL_checklstring(L, 3, &len);
    size_t before = glean_rules_extern_count(u->r);
    glean_error err;
    if (glean_rules_add_string(u->r, name, src, len, &err) != GLEAN_OK)
        return luaL_error(L, "%s", err.message);
    check_new_patterns(L, u, before, name);
    return 0;
}

/* rules:_add_specs(name, specs) */
static int rules_add_specs(lua_State *L)
{
    lua_rules *u = check_rules(L, 1);
    const char *name = luaL_checkstring(L, 2);
    luaL_checktype(L, 3, LUA_TTABLE);
    size_t n = (size_t)luaL_len(L, 3);
    if (n == 0 || n > 1000)
        return luaL_error(L, "rule %s: a table pattern needs 1 to 1000 token specs", name);
    size_t before = glean_rules_extern_count(u->r);
    /* arrays as userdata: a Lua error in the middle frees them with the GC */
    glean_token_spec *specs = lua_newuserdatauv(L, n * sizeof *specs, 0);
    glean_test *tests = lua_newuserdatauv(L, n * 32 * sizeof *tests, 0);
    char *descs = lua_newuserdatauv(L, n * DESC_MAX, 0);
    for (size_t i = 0; i < n; i++) {
        lua_geti(L, 3, (lua_Integer)i + 1);
        if (!lua_istable(L, -1))
            return luaL_error(L, "rule %s, token %d: a token spec must be a table", name, (int)i + 1);
        char *desc = descs + i * DESC_MAX;
        desc[0] = 0;
        glean_lua_build_spec(L, u->r, lua_gettop(L), name, (int)i + 1, &specs[i], tests + 32 * i, desc);
        specs[i].desc = desc;
        lua_pop(L, 1); /* the spec table stays referenced by the pattern */
    }
    glean_error err;
    if (glean_rules_add_specs(u->r, name, specs, n, &err) != GLEAN_OK)
        return luaL_error(L, "%s", err.message);
    check_new_patterns(L, u, before, name);
    return 0;
}

typedef glean_lua_pattern_bridge pattern_bridge;

/* Evaluates a Lua pattern on one type's text: string.find in a protected call. */
int glean_lua_call_pattern(void *ud, uint32_t pred, const char *text, size_t len, glean_error *err)
{
    pattern_bridge *b = ud;
    lua_State *L = b->L;
    size_t pl;
    const char *pat = glean_rules_extern_source(b->r, pred, &pl);
    if (!lua_checkstack(L, 4))
        return glean_fail(err, GLEAN_ENOMEM, 0, "Lua stack overflow"), -1;
    lua_getglobal(L, "string");
    lua_getfield(L, -1, "find");
    lua_pushlstring(L, text, len);
    lua_pushlstring(L, pat, pl);
    if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
        glean_fail(err, GLEAN_EARG, 0, "Lua pattern /%s/: %s", pat, lua_tostring(L, -1));
        lua_pop(L, 2);
        return -1;
    }
    int v = !lua_isnil(L, -1);
    lua_pop(L, 2);
    return v;
}

glean_rules *glean_lua_rules_parts(lua_State *L, int idx, glean_rules_scratch **scratch,
                                   glean_rules_result **res, glean_lua_pattern_bridge *bridge)
{
    lua_rules *u = check_rules(L, idx);
    if (!u->r)
        luaL_argerror(L, idx, "rule set is closed");
    *scratch = u->s;
    *res = &u->res;
    bridge->L = L;
    bridge->r = u->r;
    return u->r;
}

/* The ents come as a flat array {first, last, label, ...} built in Lua. */
static glean_match_ent *flat_ents(lua_State *L, lua_rules *u, int idx, size_t *n)
{
    *n = 0;
    if (lua_isnoneornil(L, idx))
        return NULL;
    luaL_checktype(L, idx, LUA_TTABLE);
    size_t cnt = (size_t)luaL_len(L, idx) / 3;
    glean_match_ent *e = lua_newuserdatauv(L, (cnt + 1) * sizeof *e, 0);
    for (size_t i = 0; i < cnt; i++) {
        lua_geti(L, idx, (lua_Integer)(3 * i + 1));
        lua_geti(L, idx, (lua_Integer)(3 * i + 2));
        lua_geti(L, idx, (lua_Integer)(3 * i + 3));
        lua_Integer f = lua_tointeger(L, -3), l = lua_tointeger(L, -2);
        if (f < 1 || l < f || l > UINT32_MAX)
            luaL_error(L, "doc.ents[%d] has bad token indices %d..%d", (int)i + 1, (int)f, (int)l);
        e[i].first = (uint32_t)f - 1;
        e[i].last = (uint32_t)l - 1;
        size_t ll;
        const char *label = lua_tolstring(L, -1, &ll);
        e[i].label = label ? glean_rules_label_find(u->r, label, ll) : -1;
        lua_pop(L, 3);
    }
    *n = cnt;
    return e;
}

static lua_doc *check_doc_for(lua_State *L, lua_rules *u, int idx)
{
    lua_doc *d = luaL_checkudata(L, idx, GLEAN_DOC_MT);
    const glean_tokenizer *tk = &u->nlp->tk;
    if (d->tk != tk && (d->tk->opt.english != tk->opt.english ||
                        d->tk->opt.split_hyphens != tk->opt.split_hyphens ||
                        d->tk->config_hash != tk->config_hash))
        luaL_error(L, "the doc was parsed by an nlp with other settings than the rules' "
                      "(lang, split_hyphens, special cases, abbreviations)");
    return d;
}

enum { K_DOC = 1, K_FIRST, K_LAST, K_START, K_STOP, K_LABEL, K_RULE, K_SOURCE, K_ALT,
       K_PRIORITY, K_GROUPS, K_NKEYS = K_GROUPS };
static const char *const span_keys[] = {NULL, "doc", "first", "last", "start", "stop", "label",
                                        "rule", "source", "alternative", "priority", "groups"};

static void set_key(lua_State *L, int key)
{
    lua_pushvalue(L, lua_upvalueindex(key));
    lua_insert(L, -2);
    lua_rawset(L, -3);
}

/* A span table for tokens [first, end) of the doc at index 2, metatable at index 6. */
static void push_span(lua_State *L, const lua_doc *d, uint32_t first, uint32_t end)
{
    lua_createtable(L, 0, 12);
    lua_pushvalue(L, 2);
    set_key(L, K_DOC);
    lua_pushinteger(L, (lua_Integer)first + 1);
    set_key(L, K_FIRST);
    lua_pushinteger(L, (lua_Integer)end);
    set_key(L, K_LAST);
    lua_pushinteger(L, (lua_Integer)d->d.toks[first].start + 1);
    set_key(L, K_START);
    lua_pushinteger(L, (lua_Integer)d->d.toks[end - 1].end);
    set_key(L, K_STOP);
}

/* Runs the matcher for rules:_match, _run and _match_flat (arguments: rules, doc,
 * flat_ents|nil, all, only_rule|nil; the caller has set the stack top). The matches are
 * in u->res; sorted into text order when `sorted`. Returns the doc. */
static lua_doc *run_matcher(lua_State *L, lua_rules *u, int sorted)
{
    lua_doc *d = check_doc_for(L, u, 2);
    int all = lua_toboolean(L, 4);
    long only = (long)luaL_optinteger(L, 5, 0) - 1;
    size_t nents;
    glean_match_ent *ents = flat_ents(L, u, 3, &nents); /* its userdata stays on top */
    pattern_bridge b = { L, u->r };
    glean_error err;
    if (glean_rules_match(u->r, u->s, &d->d, &d->tk->lex, ents, nents, all, only, glean_lua_call_pattern,
                          &b, &u->res, &err) != GLEAN_OK)
        luaL_error(L, "%s", err.message);
    if (sorted)
        glean_rules_result_sort(&u->res);
    return d;
}

/* rules:_match(doc, flat_ents|nil, all, only_rule|nil, Span, infos, no_groups)
 *   -> array of spans in text order, steps, Lua-pattern calls.
 * infos[i] = {label=, rule=, source=, priority=} for rule i; no_groups is the shared
 * (read-only) table given to matches of rules without captures. */
static int rules_match(lua_State *L)
{
    lua_rules *u = check_rules(L, 1);
    check_doc_for(L, u, 2);
    luaL_checktype(L, 6, LUA_TTABLE);
    luaL_checktype(L, 7, LUA_TTABLE);
    luaL_checktype(L, 8, LUA_TTABLE);
    lua_settop(L, 8);
    lua_doc *d = run_matcher(L, u, 1);   /* the flat entities' userdata stays at 9 */
    glean_rules_result *res = &u->res;
    lua_createtable(L, (int)res->n, 0);
    int out = lua_gettop(L);
    for (size_t i = 0; i < res->n; i++) {
        const glean_rule_match *m = &res->matches[i];
        push_span(L, d, m->first, m->end);
        lua_geti(L, 7, (lua_Integer)m->rule + 1);          /* infos[rule] */
        int info = lua_gettop(L);
        static const int copy[] = { K_LABEL, K_RULE, K_SOURCE, K_PRIORITY };
        for (int k = 0; k < 4; k++) {  /* span[key] = info[key]; the span is below info */
            lua_pushvalue(L, lua_upvalueindex(copy[k]));
            lua_pushvalue(L, -1);
            lua_rawget(L, info);
            lua_rawset(L, info - 1);
        }
        lua_pushinteger(L, (lua_Integer)m->alternative);
        lua_pushvalue(L, lua_upvalueindex(K_ALT));
        lua_insert(L, -2);
        lua_rawset(L, info - 1);
        size_t nc = glean_rules_captures(u->r, m->rule);
        if (nc == 0) {
            lua_pushvalue(L, 8);
        } else {
            lua_createtable(L, 0, (int)nc);
            for (size_t k = 0; k < nc; k++) {
                int32_t a = res->caps[m->caps + 2 * k], e = res->caps[m->caps + 2 * k + 1];
                if (a < 0 || e <= a)
                    continue;
                push_span(L, d, (uint32_t)a, (uint32_t)e);
                /* a group's source is its rule's ("rule:NAME"), kept in the rule's info */
                lua_pushvalue(L, lua_upvalueindex(K_SOURCE));
                lua_pushvalue(L, -1);
                lua_rawget(L, info);
                lua_rawset(L, -3);
                lua_pushvalue(L, 6);
                lua_setmetatable(L, -2);
                lua_setfield(L, -2, glean_rules_capture_name(u->r, m->rule, k));
            }
        }
        lua_remove(L, info);            /* the span is on top of the stack again */
        set_key(L, K_GROUPS);
        lua_pushvalue(L, 6);
        lua_setmetatable(L, -2);
        lua_rawseti(L, out, (lua_Integer)i + 1);
    }
    lua_pushinteger(L, (lua_Integer)res->steps);
    lua_pushinteger(L, (lua_Integer)res->extern_calls);
    return 3;
}

/* rules:_run(doc, flat_ents|nil, all, only_rule|nil) -> number of matches, steps: the
 * matcher alone, no spans (for benchmarks that separate C from Lua costs). */
static int rules_run(lua_State *L)
{
    lua_rules *u = check_rules(L, 1);
    lua_settop(L, 5);
    run_matcher(L, u, 0);
    lua_pushinteger(L, (lua_Integer)u->res.n);
    lua_pushinteger(L, (lua_Integer)u->res.steps);
    return 2;
}

/* rules:_match_flat(doc, flat_ents|nil, all, only_rule|nil) -> array of integers, number
 * of matches: per match in text order, rule (1-based), first, last (1-based, inclusive),
 * then first, last of each of the rule's captures (0, 0 when unset). No tables per
 * match: for extractors that read tens of thousands of matches per MB (actions are not
 * run here). */
static int rules_match_flat(lua_State *L)
{
    lua_rules *u = check_rules(L, 1);
    lua_settop(L, 5);
    run_matcher(L, u, 1);
    glean_rules_result *res = &u->res;
    lua_createtable(L, (int)(res->n * 5 > INT_MAX ? INT_MAX : res->n * 5), 0);
    lua_Integer k = 0;
    for (size_t i = 0; i < res->n; i++) {
        const glean_rule_match *m = &res->matches[i];
        lua_pushinteger(L, (lua_Integer)m->rule + 1);
        lua_rawseti(L, -2, ++k);
        lua_pushinteger(L, (lua_Integer)m->first + 1);
        lua_rawseti(L, -2, ++k);
        lua_pushinteger(L, (lua_Integer)m->end);
        lua_rawseti(L, -2, ++k);
        size_t nc = glean_rules_captures(u->r, m->rule);
        for (size_t c = 0; c < nc; c++) {
            int32_t a = res->caps[m->caps + 2 * c], e = res->caps[m->caps + 2 * c + 1];
            int set = a >= 0 && e > a;
            lua_pushinteger(L, set ? (lua_Integer)a + 1 : 0);
            lua_rawseti(L, -2, ++k);
            lua_pushinteger(L, set ? (lua_Integer)e : 0);
            lua_rawseti(L, -2, ++k);
        }
    }
    lua_pushinteger(L, (lua_Integer)res->n);
    return 2;
}

/* rules:_explain(doc, flat_ents|nil, rule (1-based), first_token (1-based) | nil) -> string */
static int rules_explain(lua_State *L)
{
    lua_rules *u = check_rules(L, 1);
    lua_doc *d = check_doc_for(L, u, 2);
    size_t nents;
    glean_match_ent *ents = flat_ents(L, u, 3, &nents);
    lua_Integer rule = luaL_checkinteger(L, 4);
    long start = (long)luaL_optinteger(L, 5, 0) - 1;
    luaL_argcheck(L, rule >= 1 && (size_t)rule <= glean_rules_count(u->r), 4, "no such rule");
    pattern_bridge b = { L, u->r };
    glean_error err;
    glean_buf out;
    glean_buf_init(&out);
    int rc = glean_rules_explain(u->r, u->s, &d->d, &d->tk->lex, ents, nents, (size_t)rule - 1,
                                 start, glean_lua_call_pattern, &b, &out, &err);
    if (rc == GLEAN_OK)
        lua_pushlstring(L, out.data ? out.data : "", out.len);
    glean_buf_free(&out);
    if (rc != GLEAN_OK)
        return luaL_error(L, "%s", err.message);
    return 1;
}

/* rules:_info(i) -> name, {capture names}, alternatives */
static int rules_info(lua_State *L)
{
    lua_rules *u = check_rules(L, 1);
    lua_Integer i = luaL_checkinteger(L, 2);
    luaL_argcheck(L, i >= 1 && (size_t)i <= glean_rules_count(u->r), 2, "no such rule");
    size_t r = (size_t)i - 1;
    lua_pushstring(L, glean_rules_name(u->r, r));
    size_t nc = glean_rules_captures(u->r, r);
    lua_createtable(L, (int)nc, 0);
    for (size_t k = 0; k < nc; k++) {
        lua_pushstring(L, glean_rules_capture_name(u->r, r, k));
        lua_rawseti(L, -2, (lua_Integer)k + 1);
    }
    lua_pushinteger(L, (lua_Integer)glean_rules_alternatives(u->r, r));
    return 3;
}

static int rules_len(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)glean_rules_count(check_rules(L, 1)->r));
    return 1;
}

static int rules_size(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)glean_rules_program_size(check_rules(L, 1)->r));
    return 1;
}

/* rules:_uses_ents() -> whether any rule tests entities (else doc.ents need not be passed) */
static int rules_uses_ents(lua_State *L)
{
    lua_pushboolean(L, glean_rules_uses_ents(check_rules(L, 1)->r));
    return 1;
}

/* rules:_tune(nfa, dfa_budget|nil): for tests and benchmarks, which first pass the
 * matcher runs (nfa = true: the reference NFA) and the DFA cache's budget in bytes. */
static int rules_tune(lua_State *L)
{
    lua_rules *u = check_rules(L, 1);
    lua_Integer budget = luaL_optinteger(L, 3, 0);
    luaL_argcheck(L, budget >= 0, 3, "a budget is a number of bytes");
    glean_rules_scratch_tune(u->s, lua_toboolean(L, 2), (size_t)budget);
    return 0;
}

/* rules:_stats() -> table: the DFA cache's size and history (glean_rules_stats). */
static int rules_stats(lua_State *L)
{
    glean_rules_stats st;
    glean_rules_scratch_stats(check_rules(L, 1)->s, &st);
    lua_createtable(L, 0, 10);
    const struct { const char *k; uint64_t v; } f[] = {
        {"dfa_states", st.dfa_states}, {"dfa_transitions", st.dfa_transitions},
        {"dfa_classes", st.dfa_classes}, {"dfa_built", st.dfa_built},
        {"dfa_flushes", st.dfa_flushes}, {"nfa_runs", st.nfa_runs}, {"dfa_bytes", st.dfa_bytes},
        {"windows", st.windows}, {"window_tokens", st.window_tokens},
        {"window_steps", st.window_steps},
    };
    for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
        lua_pushinteger(L, (lua_Integer)f[k].v);
        lua_setfield(L, -2, f[k].k);
    }
    return 1;
}

static const luaL_Reg rules_methods[] = {
    {"_add_string", rules_add_string}, {"_add_specs", rules_add_specs},
    {"_explain", rules_explain}, {"_info", rules_info}, {"_run", rules_run},
    {"_match_flat", rules_match_flat},
    {"_count", rules_len}, {"_program_size", rules_size}, {"_uses_ents", rules_uses_ents},
    {"_tune", rules_tune}, {"_stats", rules_stats},
    {NULL, NULL},
};

void glean_lua_open_rules(lua_State *L)
{
    luaL_newmetatable(L, GLEAN_RULES_MT);
    lua_pushcfunction(L, rules_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, rules_len);
    lua_setfield(L, -2, "__len");
    luaL_newlib(L, rules_methods);
    for (int k = K_DOC; k <= K_NKEYS; k++)
        lua_pushstring(L, span_keys[k]);
    lua_pushcclosure(L, rules_match, K_NKEYS);
    lua_setfield(L, -2, "_match");
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    lua_pushcfunction(L, l_rules_new);
    lua_setfield(L, -2, "rules_new");
}
