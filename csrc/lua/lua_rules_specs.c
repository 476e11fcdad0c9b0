/* lua_rules_specs.c — Lua token-spec tables ({ norm = {"said", "says"}, is_title = true,
 * op = "+", ... }) turned into the core's glean_token_spec for glean_rules_add_specs:
 * one spec per table, its tests, and a one-line description for explain. */
#include "glean_pattern.h"
#include "lua_rules.h"

#include <string.h>

static const struct { const char *key; uint32_t flag; } SPEC_FLAGS[] = {
    {"is_alpha", GLEAN_IS_ALPHA}, {"is_digit", GLEAN_IS_DIGIT}, {"is_punct", GLEAN_IS_PUNCT},
    {"is_space", GLEAN_IS_SPACE}, {"is_title", GLEAN_IS_TITLE}, {"is_upper", GLEAN_IS_UPPER},
    {"is_lower", GLEAN_IS_LOWER}, {"is_quote", GLEAN_IS_QUOTE}, {"is_bracket", GLEAN_IS_BRACKET},
    {"is_currency", GLEAN_IS_CURRENCY}, {"is_stop", GLEAN_IS_STOP}, {"like_num", GLEAN_LIKE_NUM},
    {"like_url", GLEAN_LIKE_URL}, {"like_email", GLEAN_LIKE_EMAIL},
};

static const char *SET_KEYS[] = { "norm", "text", "lower", "shape" }; /* GLEAN_TEST_* order */

/* Strings of a set value (a string or an array of strings) as C arrays; the strings
 * stay referenced by the spec table on the stack. */
static size_t set_words(lua_State *L, int v, const char **w, size_t *l, size_t max,
                        const char *name, int k, const char *key)
{
    if (lua_type(L, v) == LUA_TSTRING) {
        w[0] = lua_tolstring(L, v, &l[0]);
        return 1;
    }
    if (!lua_istable(L, v))
        luaL_error(L, "rule %s, token %d: '%s' must be a string or an array of strings", name, k, key);
    size_t n = (size_t)luaL_len(L, v);
    if (n == 0 || n > max)
        luaL_error(L, "rule %s, token %d: '%s' needs 1 to %d strings", name, k, key, (int)max);
    for (size_t i = 0; i < n; i++) {
        lua_geti(L, v, (lua_Integer)i + 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "rule %s, token %d: '%s'[%d] is not a string", name, k, key, (int)i + 1);
        w[i] = lua_tolstring(L, -1, &l[i]);
        lua_pop(L, 1); /* still referenced by the table */
    }
    return n;
}

static void range(lua_State *L, int v, int *lo, int *hi, const char *name, int k, const char *key)
{
    if (lua_isinteger(L, v)) {
        *lo = *hi = (int)lua_tointeger(L, v);
    } else if (lua_istable(L, v)) {
        lua_geti(L, v, 1);
        lua_geti(L, v, 2);
        if (!lua_isinteger(L, -2) || !(lua_isinteger(L, -1) || lua_isnil(L, -1)))
            luaL_error(L, "rule %s, token %d: '%s' must be n or {min, max}", name, k, key);
        *lo = (int)lua_tointeger(L, -2);
        *hi = lua_isnil(L, -1) ? -1 : (int)lua_tointeger(L, -1);
        lua_pop(L, 2);
    } else {
        luaL_error(L, "rule %s, token %d: '%s' must be n or {min, max}", name, k, key);
    }
    if (*lo < 0 || (*hi >= 0 && *hi < *lo) || *lo > 1000 || *hi > 1000)
        luaL_error(L, "rule %s, token %d: '%s' range {%d, %d} is invalid", name, k, key, *lo, *hi);
}

/* Builds one token spec from the table at index v (tests go to tests[]). */

/* Appends to a fixed description buffer, cutting with "..." when full. */
static void desc_add(char *desc, const char *s, size_t len)
{
    size_t have = strlen(desc);
    if (have + len >= DESC_MAX - 4) {
        if (have < DESC_MAX - 4)
            strcpy(desc + have, "...");
        return;
    }
    memcpy(desc + have, s, len);
    desc[have + len] = 0;
}

void glean_lua_build_spec(lua_State *L, glean_rules *r, int v, const char *name, int k,
                          glean_token_spec *sp, glean_test *tests, char *desc)
{
    glean_error err;
    memset(sp, 0, sizeof *sp);
    sp->min = sp->max = 1;
    sp->tests = tests;
    desc_add(desc, "{", 1);
    int first = 1;
    lua_pushnil(L);
    while (lua_next(L, v)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            luaL_error(L, "rule %s, token %d: keys must be strings", name, k);
        const char *key = lua_tostring(L, -2);
        int val = lua_gettop(L);
        glean_test *t = &tests[sp->ntests];
        memset(t, 0, sizeof *t);
        int known = 0;
        for (int s = 0; s < 4; s++)
            if (strcmp(key, SET_KEYS[s]) == 0) {
                const char *w[256];
                size_t l[256];
                size_t n = set_words(L, val, w, l, 256, name, k, key);
                if (glean_rules_add_set(r, t, s, w, l, n, &err) != GLEAN_OK)
                    luaL_error(L, "rule %s, token %d: %s", name, k, err.message);
                sp->ntests++;
                known = 1;
            }
        for (size_t f = 0; !known && f < sizeof SPEC_FLAGS / sizeof *SPEC_FLAGS; f++)
            if (strcmp(key, SPEC_FLAGS[f].key) == 0) {
                if (!lua_isboolean(L, val))
                    luaL_error(L, "rule %s, token %d: '%s' must be true or false", name, k, key);
                t->kind = GLEAN_TEST_FLAG;
                t->a = SPEC_FLAGS[f].flag;
                t->b = (uint32_t)lua_toboolean(L, val);
                sp->ntests++;
                known = 1;
            }
        if (known) {
        } else if (strcmp(key, "pattern") == 0) {
            size_t len;
            const char *pat = lua_tolstring(L, val, &len);
            if (lua_type(L, val) != LUA_TSTRING || len == 0)
                luaL_error(L, "rule %s, token %d: 'pattern' must be a non-empty Lua pattern", name, k);
            t->kind = GLEAN_TEST_EXTERN;
            if (glean_rules_add_extern(r, pat, len, &t->a, &err) != GLEAN_OK)
                luaL_error(L, "%s", err.message);
            sp->ntests++;
        } else if (strcmp(key, "length") == 0) {
            int lo, hi;
            range(L, val, &lo, &hi, name, k, key);
            t->kind = GLEAN_TEST_LENGTH;
            t->a = (uint32_t)lo;
            t->b = hi < 0 ? UINT32_MAX : (uint32_t)hi;
            sp->ntests++;
        } else if (strcmp(key, "ent") == 0) {
            t->kind = GLEAN_TEST_ENT;
            if (lua_isboolean(L, val)) {
                if (!lua_toboolean(L, val))
                    luaL_error(L, "rule %s, token %d: 'ent' must be a label, labels or true", name, k);
            } else {
                const char *w[64];
                size_t l[64];
                size_t n = set_words(L, val, w, l, 64, name, k, key);
                for (size_t i = 0; i < n; i++) {
                    int bit = glean_rules_label(r, w[i], l[i]);
                    if (bit < 0)
                        luaL_error(L, "rule %s: too many entity labels (limit 64)", name);
                    t->mask |= 1ull << bit;
                }
            }
            sp->ntests++;
        } else if (strcmp(key, "op") == 0) {
            const char *op = lua_tostring(L, val);
            if (lua_type(L, val) == LUA_TSTRING && strcmp(op, "!") == 0)
                sp->negate = 1;
            else if (lua_type(L, val) == LUA_TSTRING && strcmp(op, "?") == 0)
                sp->min = 0;
            else if (lua_type(L, val) == LUA_TSTRING && strcmp(op, "*") == 0)
                sp->min = 0, sp->max = -1;
            else if (lua_type(L, val) == LUA_TSTRING && strcmp(op, "+") == 0)
                sp->max = -1;
            else if (lua_istable(L, val))
                range(L, val, &sp->min, &sp->max, name, k, key);
            else
                luaL_error(L, "rule %s, token %d: 'op' must be \"?\", \"*\", \"+\", \"!\" or {min, max}", name, k);
        } else if (strcmp(key, "name") == 0) {
            if (lua_type(L, val) != LUA_TSTRING)
                luaL_error(L, "rule %s, token %d: 'name' must be a string", name, k);
            sp->capture = lua_tostring(L, val);
        } else {
            luaL_error(L, "rule %s, token %d: unknown key '%s' (known: text norm lower shape "
                       "pattern length ent op name, and the flags is_alpha ... like_email)", name, k, key);
        }
        /* description for explain: key=value in table order */
        if (!first)
            desc_add(desc, ", ", 2);
        first = 0;
        desc_add(desc, key, strlen(key));
        desc_add(desc, "=", 1);
        if (lua_type(L, val) == LUA_TSTRING) {
            size_t len;
            const char *str = lua_tolstring(L, val, &len);
            desc_add(desc, "\"", 1);
            desc_add(desc, str, len);
            desc_add(desc, "\"", 1);
        } else if (lua_isinteger(L, val)) {
            char num[32];
            snprintf(num, sizeof num, "%lld", (long long)lua_tointeger(L, val));
            desc_add(desc, num, strlen(num));
        } else {
            const char *w = lua_istable(L, val) ? "{...}" : lua_toboolean(L, val) ? "true" : "false";
            desc_add(desc, w, strlen(w));
        }
        lua_pop(L, 1);
        if (sp->ntests > 30)
            luaL_error(L, "rule %s, token %d: too many keys", name, k);
    }
    desc_add(desc, "}", 1);
}
