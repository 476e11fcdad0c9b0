/* lua_gazetteer.c — the Gazetteer userdata: a builder (phrases added from Lua or TSV)
 * and/or a compiled image (built on demand, or mmap'd from a file), and a matching
 * cursor. User values: 1 the nlp userdata whose tokenizer it uses, 2 its name. */
#include "glean_gazetteer.h"
#include "glean_lua.h"

#include <string.h>

#define GLEAN_GAZ_MT "glean.Gazetteer"

typedef struct lua_gaz {
    glean_gaz_builder *b;   /* NULL when opened from a file (read-only) */
    glean_gazetteer *g;     /* compiled image, NULL until needed */
    int dirty;              /* the builder changed since g was compiled */
    glean_gaz_cursor cur;
    lua_nlp *nlp;
} lua_gaz;

/* The gazetteer argument of a method: it must not have been finalized (a finalizer
 * that runs after the gazetteer's own can still call it), nor its nlp. */
static lua_gaz *check_gaz(lua_State *L, int idx)
{
    lua_gaz *z = luaL_checkudata(L, idx, GLEAN_GAZ_MT);
    luaL_argcheck(L, z->b || z->g, idx, "gazetteer is closed");
    luaL_argcheck(L, z->nlp->ready, idx, "the gazetteer's nlp is closed");
    return z;
}

static int gaz_gc(lua_State *L)
{
    lua_gaz *z = luaL_checkudata(L, 1, GLEAN_GAZ_MT);
    glean_gaz_builder_free(z->b);
    glean_gaz_free(z->g);
    glean_gaz_cursor_free(&z->cur);
    z->b = NULL;
    z->g = NULL;
    return 0;
}

/* Userdata first (all pointers NULL, __gc set), then the C objects: no leak on error. */
static lua_gaz *new_gaz(lua_State *L, int nlp_idx, int name_idx)
{
    lua_nlp *n = luaL_checkudata(L, nlp_idx, GLEAN_NLP_MT);
    luaL_argcheck(L, n->ready, nlp_idx, "nlp is closed");
    lua_gaz *z = lua_newuserdatauv(L, sizeof *z, 2);
    memset(z, 0, sizeof *z);
    glean_gaz_cursor_init(&z->cur);
    z->nlp = n;
    luaL_setmetatable(L, GLEAN_GAZ_MT);
    lua_pushvalue(L, nlp_idx);
    lua_setiuservalue(L, -2, 1);
    lua_pushvalue(L, name_idx);
    lua_setiuservalue(L, -2, 2);
    return z;
}

/* core.gazetteer_new(nlp, key, name) */
static int l_gaz_new(lua_State *L)
{
    lua_Integer key = luaL_checkinteger(L, 2);
    luaL_checkstring(L, 3);
    lua_gaz *z = new_gaz(L, 1, 3);
    glean_error err;
    if (glean_gaz_builder_new(&z->b, &z->nlp->tk, (int)key, &err) != GLEAN_OK)
        return glean_lua_raise(L, &err);
    return 1;
}

/* core.gazetteer_open(path, nlp, name) -> gaz | nil, message */
static int l_gaz_open(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    luaL_checkstring(L, 3);
    lua_gaz *z = new_gaz(L, 2, 3);
    glean_error err;
    if (glean_gaz_open(&z->g, path, &z->nlp->tk, &err) != GLEAN_OK) {
        lua_pushnil(L);
        lua_pushstring(L, err.message);
        return 2;
    }
    return 1;
}

static void compile(lua_State *L, lua_gaz *z)
{
    if (!z->b || (z->g && !z->dirty))
        return;
    glean_gazetteer *g;
    glean_error err;
    /* Let go of the old image first: the builder holds it too and frees it as soon as
     * its entries are back, so a recompile does not keep it beside the new one. */
    glean_gaz_free(z->g);
    z->g = NULL;
    z->cur.g = NULL; /* the type map belonged to the old image */
    if (glean_gaz_compile(z->b, &g, &err) != GLEAN_OK)
        glean_lua_raise(L, &err);
    z->g = g;
    z->dirty = 0;
}

const glean_gazetteer *glean_lua_gaz_image(lua_State *L, int idx, glean_gaz_cursor **cur)
{
    lua_gaz *z = check_gaz(L, idx);
    compile(L, z);
    *cur = &z->cur;
    return z->g;
}

/* gaz:_add(phrase, label, id|nil, exact, source) -> added */
static int gaz_add(lua_State *L)
{
    lua_gaz *z = check_gaz(L, 1);
    size_t pl, ll, il = 0, sl;
    const char *phrase = luaL_checklstring(L, 2, &pl);
    const char *label = luaL_checklstring(L, 3, &ll);
    const char *id = luaL_optlstring(L, 4, NULL, &il);
    int exact = lua_toboolean(L, 5);
    const char *source = luaL_checklstring(L, 6, &sl);
    if (!z->b)
        return luaL_error(L, "this gazetteer was opened from a compiled file and is read-only");
    int added;
    glean_error err;
    if (glean_gaz_builder_add(z->b, phrase, pl, label, ll, id, il, source, sl, exact, &added,
                              &err) != GLEAN_OK)
        return glean_lua_raise(L, &err);
    z->dirty |= added;
    lua_pushboolean(L, added);
    return 1;
}

/* gaz:_load_tsv(path, default_label|nil, source) -> count | nil, "path:line: why" */
static int gaz_load_tsv(lua_State *L)
{
    lua_gaz *z = check_gaz(L, 1);
    const char *path = luaL_checkstring(L, 2);
    const char *def = luaL_optstring(L, 3, NULL);
    const char *source = luaL_checkstring(L, 4);
    if (!z->b)
        return luaL_error(L, "this gazetteer was opened from a compiled file and is read-only");
    size_t count = 0;
    glean_error err;
    int rc = glean_gaz_builder_load_tsv(z->b, path, def, source, &count, &err);
    z->dirty |= count > 0;
    if (rc != GLEAN_OK) {
        lua_pushnil(L);
        lua_pushstring(L, err.message);
        return 2;
    }
    lua_pushinteger(L, (lua_Integer)count);
    return 1;
}

/* gaz:save(path) -> true | nil, message */
static int gaz_save(lua_State *L)
{
    lua_gaz *z = check_gaz(L, 1);
    const char *path = luaL_checkstring(L, 2);
    compile(L, z);
    glean_error err;
    if (glean_gaz_save(z->g, path, &err) != GLEAN_OK) {
        lua_pushnil(L);
        lua_pushstring(L, err.message);
        return 2;
    }
    lua_pushboolean(L, 1);
    return 1;
}

/* Runs the matcher for gaz:_find / gaz:_match: arguments (gaz, doc, all, labels); mode
 * adds GLEAN_GAZ_* flags to the `all` of argument 3. */
static lua_gaz *run_find(lua_State *L, lua_doc **dout, int mode)
{
    lua_gaz *z = check_gaz(L, 1);
    lua_doc *d = luaL_checkudata(L, 2, GLEAN_DOC_MT);
    luaL_argcheck(L, d->nlp->ready, 2, "the doc's nlp is closed");
    if (lua_toboolean(L, 3))
        mode |= GLEAN_GAZ_ALL;
    compile(L, z);
    const glean_tokenizer *tk = &z->nlp->tk;
    if (d->tk != tk && (d->tk->opt.english != tk->opt.english ||
                        d->tk->opt.split_hyphens != tk->opt.split_hyphens ||
                        d->tk->config_hash != tk->config_hash))
        luaL_error(L, "the doc was parsed by an nlp with other settings than the "
                      "gazetteer's (lang, split_hyphens, special cases, abbreviations)");
    uint32_t labels[64];
    size_t nlabels = 0;
    if (!lua_isnoneornil(L, 4)) {
        luaL_checktype(L, 4, LUA_TTABLE);
        size_t n = (size_t)luaL_len(L, 4);
        luaL_argcheck(L, n <= 64, 4, "at most 64 labels");
        for (size_t i = 1; i <= n; i++) {
            size_t len;
            lua_geti(L, 4, (lua_Integer)i);
            const char *s = lua_tolstring(L, -1, &len);
            if (!s)
                luaL_error(L, "labels[%d] is not a string", (int)i);
            long k = glean_gaz_label_index(z->g, s, len);
            if (k >= 0)
                labels[nlabels++] = (uint32_t)k;
            lua_pop(L, 1);
        }
        if (nlabels == 0) { /* none of the labels exists: nothing can match */
            z->cur.nmatches = 0;
            *dout = d;
            return z;
        }
    }
    glean_error err;
    if (glean_gaz_find(&z->cur, z->g, d->tk, &d->d, mode, lua_isnoneornil(L, 4) ? NULL : labels,
                       nlabels, &err) != GLEAN_OK)
        glean_lua_raise(L, &err);
    *dout = d;
    return z;
}

/* gaz:_find(doc, all, label_list|nil [, capitalised]) -> { first, last, entry, first,
 * last, entry, ... } (1-based token indices and entry numbers): the raw matches, for
 * benchmarks and the extractors. With `capitalised`, only matches that start at a token
 * beginning with an upper- or title-case letter (GLEAN_GAZ_CAPITALISED: a recognizer
 * keeps `China`, not `china`, and `Netherlands` in `the Netherlands`). */
static int gaz_find(lua_State *L)
{
    lua_doc *d;
    lua_gaz *z = run_find(L, &d, lua_toboolean(L, 5) ? GLEAN_GAZ_CAPITALISED : 0);
    lua_createtable(L, (int)(3 * z->cur.nmatches), 0);
    lua_Integer k = 0;
    for (size_t i = 0; i < z->cur.nmatches; i++) {
        const glean_gaz_match *m = &z->cur.matches[i];
        lua_pushinteger(L, (lua_Integer)m->first + 1);
        lua_rawseti(L, -2, ++k);
        lua_pushinteger(L, (lua_Integer)m->last + 1);
        lua_rawseti(L, -2, ++k);
        lua_pushinteger(L, (lua_Integer)m->entry + 1);
        lua_rawseti(L, -2, ++k);
    }
    return 1;
}

/* Span field names, interned once (upvalues of gaz_match): lua_setfield with a C string
 * would look each key up again for every span. */
enum { K_DOC = 1, K_FIRST, K_LAST, K_START, K_STOP, K_ENTRY, K_LABEL, K_SOURCE, K_ID };
static const char *const span_keys[] = {NULL, "doc", "first", "last", "start", "stop",
                                        "entry", "label", "source", "id"};

static void set_int(lua_State *L, int key, lua_Integer v)
{
    lua_pushvalue(L, lua_upvalueindex(key));
    lua_pushinteger(L, v);
    lua_rawset(L, -3);
}

/* Match m's value of an integer span field (K_FIRST .. K_ENTRY), as Lua sees it: 1-based
 * token indices and entry number, 1-based inclusive byte offsets. */
static lua_Integer match_value(const lua_doc *d, const glean_gaz_match *m, int key)
{
    switch (key) {
    case K_FIRST: return (lua_Integer)m->first + 1;
    case K_LAST: return (lua_Integer)m->last + 1;
    case K_START: return (lua_Integer)d->d.toks[m->first].start + 1;
    case K_STOP: return (lua_Integer)d->d.toks[m->last].end;
    default: return (lua_Integer)m->entry + 1; /* K_ENTRY */
    }
}

/* Entry k (0-based) of the image, or a Lua error when the image lies about it. */
static void entry_info(lua_State *L, const glean_gazetteer *g, size_t k, glean_gaz_entry_info *e)
{
    if (glean_gaz_entry(g, k, e) != GLEAN_OK)
        luaL_error(L, "corrupt gazetteer: entry %d points outside the image", (int)k + 1);
}

/* The Lua string of the last pool-backed pointer set for one field: consecutive
 * matches mostly share their label and source. */
typedef struct last_string {
    const char *s; /* NULL: none yet */
    int idx;       /* the stack slot holding its Lua string */
} last_string;

/* Pushes the Lua string of a pool-backed pointer: the last one again, or through a cache
 * table at cache_idx keyed by the pointer, so that each distinct label/source/id becomes
 * a Lua string once per call. */
static void push_cached_string(lua_State *L, int cache_idx, const char *s, last_string *last)
{
    if (s == last->s) {
        lua_pushvalue(L, last->idx);
        return;
    }
    if (lua_rawgetp(L, cache_idx, s) == LUA_TNIL) {
        lua_pop(L, 1);
        lua_pushstring(L, s);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, cache_idx, s);
    }
    lua_pushvalue(L, -1);
    lua_replace(L, last->idx);
    last->s = s;
}

/* Pushes the cache table of push_cached_string and three slots for the last label,
 * source and id; returns the cache's index. */
static int push_string_cache(lua_State *L, last_string *label, last_string *source,
                             last_string *id)
{
    lua_newtable(L);
    int cache = lua_gettop(L);
    lua_settop(L, cache + 3);
    *label = (last_string){NULL, cache + 1};
    *source = (last_string){NULL, cache + 2};
    *id = (last_string){NULL, cache + 3};
    return cache;
}

/* Sets span[key] = the string at a pool-backed pointer (see push_cached_string). */
static void set_cached_string(lua_State *L, int cache_idx, const char *s, int key,
                              last_string *last)
{
    lua_pushvalue(L, lua_upvalueindex(key));
    push_cached_string(L, cache_idx, s, last);
    lua_rawset(L, -3);
}

/* gaz:_match(doc, all, label_list|nil, span_metatable) -> array of span tables with
 * doc, first, last, start, stop, label, id, source, entry. Built here, not in Lua:
 * with a large gazetteer there is a span for every few tokens. */
static int gaz_match(lua_State *L)
{
    lua_doc *d;
    luaL_checktype(L, 5, LUA_TTABLE);
    lua_gaz *z = run_find(L, &d, 0);
    last_string label, source, id;
    int cache = push_string_cache(L, &label, &source, &id);
    lua_createtable(L, (int)z->cur.nmatches, 0);
    glean_gaz_prefetch_entries(z->g, &z->cur); /* random reads: issue them all first */
    for (size_t i = 0; i < z->cur.nmatches; i++) {
        const glean_gaz_match *m = &z->cur.matches[i];
        glean_gaz_entry_info e;
        entry_info(L, z->g, m->entry, &e);
        lua_createtable(L, 0, e.id ? 9 : 8); /* 8 fits the hash part exactly */
        lua_pushvalue(L, lua_upvalueindex(K_DOC));
        lua_pushvalue(L, 2);
        lua_rawset(L, -3);
        for (int key = K_FIRST; key <= K_ENTRY; key++)
            set_int(L, key, match_value(d, m, key));
        set_cached_string(L, cache, e.label, K_LABEL, &label);
        set_cached_string(L, cache, e.source, K_SOURCE, &source);
        if (e.id)
            set_cached_string(L, cache, e.id, K_ID, &id);
        lua_pushvalue(L, 5);
        lua_setmetatable(L, -2);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* One integer column of gaz:_columns: result[span_keys[key]] = { value of match 1, ... }. */
static void set_int_column(lua_State *L, const lua_gaz *z, const lua_doc *d, int key)
{
    const size_t n = z->cur.nmatches;
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_pushinteger(L, match_value(d, &z->cur.matches[i], key));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, span_keys[key]);
}

/* gaz:_columns(doc, all, label_list|nil) -> { n=, first={...}, last={...}, start={...},
 * stop={...}, entry={...}, label={...}, source={...}, id={...} }: gaz:_match's matches
 * as parallel arrays (id[k] is nil for an entry without an id). A table per field
 * rather than per match: Lua 5.4 makes a table of eight fields in about 250 ns and
 * fills an array slot in about 10, and with a large list there is a match every few
 * tokens. */
static int gaz_columns(lua_State *L)
{
    lua_doc *d;
    lua_gaz *z = run_find(L, &d, 0);
    const size_t n = z->cur.nmatches;
    last_string label, source, id;
    int cache = push_string_cache(L, &label, &source, &id);
    lua_createtable(L, 0, 9);
    int result = lua_gettop(L);
    lua_pushinteger(L, (lua_Integer)n);
    lua_setfield(L, result, "n");
    glean_gaz_prefetch_entries(z->g, &z->cur);
    for (int key = K_FIRST; key <= K_ENTRY; key++)
        set_int_column(L, z, d, key);
    lua_createtable(L, (int)n, 0);
    lua_createtable(L, (int)n, 0);
    lua_newtable(L); /* ids: often none at all */
    for (size_t i = 0; i < n; i++) {
        const glean_gaz_match *m = &z->cur.matches[i];
        glean_gaz_entry_info e;
        entry_info(L, z->g, m->entry, &e);
        push_cached_string(L, cache, e.label, &label);
        lua_rawseti(L, result + 1, (lua_Integer)i + 1);
        push_cached_string(L, cache, e.source, &source);
        lua_rawseti(L, result + 2, (lua_Integer)i + 1);
        if (e.id) {
            push_cached_string(L, cache, e.id, &id);
            lua_rawseti(L, result + 3, (lua_Integer)i + 1);
        }
    }
    lua_setfield(L, result, "id");
    lua_setfield(L, result, "source");
    lua_setfield(L, result, "label");
    return 1;
}

/* gaz:entry(k) -> { phrase=, label=, id=, source=, exact= } */
static int gaz_entry(lua_State *L)
{
    lua_gaz *z = check_gaz(L, 1);
    lua_Integer k = luaL_checkinteger(L, 2);
    compile(L, z);
    glean_gaz_entry_info e;
    luaL_argcheck(L, k >= 1 && (size_t)k <= glean_gaz_count(z->g), 2, "no such entry");
    entry_info(L, z->g, (size_t)k - 1, &e);
    lua_createtable(L, 0, 5);
    lua_pushstring(L, e.phrase);
    lua_setfield(L, -2, "phrase");
    lua_pushstring(L, e.label);
    lua_setfield(L, -2, "label");
    if (e.id) {
        lua_pushstring(L, e.id);
        lua_setfield(L, -2, "id");
    }
    lua_pushstring(L, e.source);
    lua_setfield(L, -2, "source");
    lua_pushboolean(L, e.exact);
    lua_setfield(L, -2, "exact");
    return 1;
}

static int gaz_warnings(lua_State *L)
{
    lua_gaz *z = check_gaz(L, 1);
    compile(L, z); /* duplicates are found when compiling */
    lua_newtable(L);
    size_t n = z->b ? glean_gaz_builder_warning_count(z->b) : 0;
    for (size_t k = 0; k < n; k++) {
        lua_pushstring(L, glean_gaz_builder_warning(z->b, k));
        lua_rawseti(L, -2, (lua_Integer)k + 1);
    }
    return 1;
}

static int gaz_len(lua_State *L)
{
    lua_gaz *z = check_gaz(L, 1);
    compile(L, z);
    lua_pushinteger(L, (lua_Integer)glean_gaz_count(z->g));
    return 1;
}

static int gaz_bytes(lua_State *L)
{
    lua_gaz *z = check_gaz(L, 1);
    compile(L, z);
    lua_pushinteger(L, (lua_Integer)glean_gaz_bytes(z->g));
    return 1;
}

static int gaz_tostring(lua_State *L)
{
    lua_gaz *z = luaL_checkudata(L, 1, GLEAN_GAZ_MT);
    lua_getiuservalue(L, 1, 2);
    lua_pushfstring(L, "glean.Gazetteer '%s' (%s)", lua_tostring(L, -1),
                    z->b ? "built in memory" : z->g ? "compiled file, read-only" : "closed");
    return 1;
}

static const luaL_Reg gaz_methods[] = {
    {"_add", gaz_add}, {"_load_tsv", gaz_load_tsv}, {"save", gaz_save}, {"_find", gaz_find},
    {"_columns", gaz_columns},
    {"entry", gaz_entry}, {"warnings", gaz_warnings}, {"bytes", gaz_bytes}, {NULL, NULL},
};

void glean_lua_open_gazetteer(lua_State *L)
{
    luaL_newmetatable(L, GLEAN_GAZ_MT);
    lua_pushcfunction(L, gaz_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, gaz_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, gaz_tostring);
    lua_setfield(L, -2, "__tostring");
    luaL_newlib(L, gaz_methods);
    for (int k = K_DOC; k <= K_ID; k++)
        lua_pushstring(L, span_keys[k]);
    lua_pushcclosure(L, gaz_match, K_ID);
    lua_setfield(L, -2, "_match");
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, "__index");
    lua_setfield(L, -3, "Gazetteer"); /* core.Gazetteer: methods, extended in Lua */
    lua_pop(L, 1);
    lua_pushcfunction(L, l_gaz_new);
    lua_setfield(L, -2, "gazetteer_new");
    lua_pushcfunction(L, l_gaz_open);
    lua_setfield(L, -2, "gazetteer_open");
    lua_pushinteger(L, GLEAN_GAZ_KEY_NORM);
    lua_setfield(L, -2, "GAZ_KEY_NORM");
    lua_pushinteger(L, GLEAN_GAZ_KEY_LOWER);
    lua_setfield(L, -2, "GAZ_KEY_LOWER");
    lua_pushinteger(L, GLEAN_GAZ_KEY_TEXT);
    lua_setfield(L, -2, "GAZ_KEY_TEXT");
}
