/* lua_quotes.c — the Quoter userdata: the news quotes extractor in C (glean_quotes.h),
 * with the word sets handed over once per nlp by lua/glean/extract/quotes.lua. It
 * builds the same quote tables as the Lua reference: spans are Span tables (the
 * metatable comes from Lua), shared where the Lua shares them (one table per span
 * number), and a speaker that is an entity of doc.ents is that entity's table. User
 * value 1 is the nlp. */
#include "glean_lua.h"
#include "glean_quotes.h"

#include <string.h>

#define GLEAN_QUOTER_MT "glean.Quoter"

typedef struct lua_quoter {
    glean_quoter *q;
    glean_quoter_scratch *s;
    lua_nlp *nlp;
} lua_quoter;

static lua_quoter *check_quoter(lua_State *L, int idx)
{
    lua_quoter *u = luaL_checkudata(L, idx, GLEAN_QUOTER_MT);
    luaL_argcheck(L, u->q != NULL, idx, "quoter is closed");
    return u;
}

static int quoter_gc(lua_State *L)
{
    lua_quoter *u = luaL_checkudata(L, 1, GLEAN_QUOTER_MT);
    glean_quoter_free(u->q);
    glean_quoter_scratch_free(u->s);
    u->q = NULL;
    u->s = NULL;
    return 0;
}

static const char *const SET_NAMES[GLEAN_QW_NSETS + 1] = {
    "cue", "listener_cue", "break", "verb", "prep", "det", "pronoun", "generic", "title",
    "aux", "time_word", "clause_punct", NULL
};

/* core.quoter_new(nlp, words): words = { cue = {...}, listener_cue = {...}, ... }
 * (SET_NAMES), each an array of strings. */
static int l_quoter_new(lua_State *L)
{
    lua_nlp *n = luaL_checkudata(L, 1, GLEAN_NLP_MT);
    luaL_argcheck(L, n->ready, 1, "nlp is closed");
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    lua_quoter *u = lua_newuserdatauv(L, sizeof *u, 1);
    memset(u, 0, sizeof *u);
    u->nlp = n;
    luaL_setmetatable(L, GLEAN_QUOTER_MT);
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, 3, 1);
    glean_error err;
    if (glean_quoter_new(&u->q, &err) != GLEAN_OK)
        return glean_lua_raise(L, &err);
    if (glean_quoter_scratch_new(&u->s) != GLEAN_OK)
        return luaL_error(L, "out of memory");
    lua_pushnil(L);
    while (lua_next(L, 2)) { /* key at 4, words at 5 */
        int set = -1;
        const char *name = lua_type(L, 4) == LUA_TSTRING ? lua_tostring(L, 4) : "?";
        for (int k = 0; SET_NAMES[k]; k++)
            if (strcmp(name, SET_NAMES[k]) == 0)
                set = k;
        if (set < 0)
            return luaL_error(L, "quoter: unknown word set '%s'", name);
        luaL_checktype(L, 5, LUA_TTABLE);
        size_t nw = (size_t)luaL_len(L, 5);
        for (size_t i = 1; i <= nw; i++) {
            size_t len;
            if (lua_geti(L, 5, (lua_Integer)i) != LUA_TSTRING)
                return luaL_error(L, "quoter: word %d of '%s' is not a string", (int)i, name);
            const char *w = lua_tolstring(L, -1, &len);
            if (glean_quoter_add_word(u->q, set, w, len, &err) != GLEAN_OK)
                return glean_lua_raise(L, &err);
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    lua_settop(L, 3);
    return 1;
}

/* Stack slots of quoter:_run. */
enum { A_QUOTER = 1, A_DOC, A_PHRASES, A_SPAN, S_ENTS, S_ENTS_BUF, S_SPANS, S_OUT };

/* Upvalues of quoter:_run: the keys and values of the tables it makes. */
enum { U_DOC = 1, U_FIRST, U_LAST, U_START, U_STOP, U_LABEL, U_SOURCE, U_RULE, U_TEXT, U_SPAN,
       U_INNER, U_OPEN, U_CLOSE, U_PARTS, U_KIND, U_SPEAKER, U_CUE, U_CUE_SPAN, U_ATTRIBUTION,
       U_PRONOUN, U_RESOLVED, U_QUOTE, U_QUOTES, U_RULE_CUE, U_CUE_NAME, U_STATEMENT, U_PHRASE,
       U_AFTER, U_BEFORE, U_REPORTED, U_PREVIOUS, U_ACCORDING_TO, U_ENTS, U_COUNT = U_ENTS };
static const char *const UPVALUES[U_COUNT + 1] = { NULL,
    "doc", "first", "last", "start", "stop", "label", "source", "rule", "text", "span",
    "inner", "open", "close", "parts", "kind", "speaker", "cue", "cue_span", "attribution",
    "pronoun", "resolved", "QUOTE", "quotes", "rule:cue", "cue", "statement", "phrase",
    "after", "before", "reported", "previous", "according to", "ents" };

typedef struct ents_reader {
    lua_State *L;
    const lua_doc *d;
} ents_reader;

static int is_speaker_label(const char *s, size_t len)
{
    static const char *const LABELS[] = { "PERSON", "ORG", "NORP", "GPE" };
    for (size_t k = 0; k < sizeof LABELS / sizeof *LABELS; k++)
        if (len == strlen(LABELS[k]) && memcmp(s, LABELS[k], len) == 0)
            return 1;
    return 0;
}

/* t[key] for t at index t, key the upvalue `key` (quoter:_run's: this runs inside it):
 * pushes the value, returns its type. Interned keys spare lua_getfield's string look-up. */
static int get_up(lua_State *L, int t, int key)
{
    lua_pushvalue(L, lua_upvalueindex(key));
    return lua_gettable(L, t);
}

/* The doc's entities with a speaker label, read from doc.ents when the extractor first
 * needs them (glean_quote_ents_fn; it runs inside quoter:_run, whose upvalues it reads).
 * doc.ents stays at S_ENTS (its tables are the speakers), the array in a userdata at
 * S_ENTS_BUF. A bad entity raises (the scratch owns every C allocation: nothing leaks). */
static int read_ents(void *ud, const glean_quote_ent **out, size_t *n, glean_error *err)
{
    ents_reader *r = ud;
    lua_State *L = r->L;
    (void)err;
    *out = NULL;
    *n = 0;
    get_up(L, A_DOC, U_ENTS);
    lua_replace(L, S_ENTS);
    if (!lua_istable(L, S_ENTS))
        return GLEAN_OK;
    size_t cnt = 0, cap = (size_t)lua_rawlen(L, S_ENTS);
    glean_quote_ent *ents = lua_newuserdatauv(L, (cap + 1) * sizeof *ents, 0);
    lua_replace(L, S_ENTS_BUF);
    for (lua_Integer k = 1;; k++) {
        if (lua_geti(L, S_ENTS, k) == LUA_TNIL) {
            lua_pop(L, 1);
            break;
        }
        int e = lua_gettop(L);
        size_t len;
        if (get_up(L, e, U_LABEL) == LUA_TSTRING) {
            const char *label = lua_tolstring(L, -1, &len);
            if (is_speaker_label(label, len)) {
                int okf, okl;
                get_up(L, e, U_FIRST);
                get_up(L, e, U_LAST);
                lua_Integer f = lua_tointegerx(L, -2, &okf), l = lua_tointegerx(L, -1, &okl);
                if (!okf || !okl || f < 1 || l < f || (size_t)l > r->d->d.ntoks)
                    return luaL_error(L, "quotes: doc.ents[%d] has bad token indices", (int)k);
                if (cnt == cap) { /* doc.ents has a longer sequence than its border said */
                    glean_quote_ent *more = lua_newuserdatauv(L, (2 * cap + 1) * sizeof *more, 0);
                    memcpy(more, ents, cnt * sizeof *more);
                    ents = more;
                    cap = 2 * cap + 1;
                    lua_replace(L, S_ENTS_BUF);
                }
                ents[cnt].first = (uint32_t)f - 1;
                ents[cnt].last = (uint32_t)l - 1;
                ents[cnt].index = (uint32_t)k;
                cnt++;
            }
        }
        lua_settop(L, e - 1);
    }
    *out = ents;
    *n = cnt;
    return GLEAN_OK;
}

/* t[key] = the value on top (popped); t is just below it. */
static void set_up(lua_State *L, int key)
{
    lua_pushvalue(L, lua_upvalueindex(key));
    lua_insert(L, -2);
    lua_rawset(L, -3);
}

static void set_int(lua_State *L, int key, lua_Integer v)
{
    lua_pushinteger(L, v);
    set_up(L, key);
}

/* t[key] = upvalue `value` */
static void set_str(lua_State *L, int key, int value)
{
    lua_pushvalue(L, lua_upvalueindex(value));
    set_up(L, key);
}

/* Pushes the table of span number id, made on first use and kept in S_SPANS. */
static void push_span(lua_State *L, const lua_doc *d, const glean_quotes_result *res,
                      uint32_t id)
{
    if (lua_rawgeti(L, S_SPANS, (lua_Integer)id + 1) != LUA_TNIL)
        return;
    lua_pop(L, 1);
    const glean_quote_span *x = &res->spans[id];
    if (x->kind == GLEAN_QSPAN_ENTITY) {
        lua_geti(L, S_ENTS, (lua_Integer)x->ent);
    } else {
        const glean_lexicon *lx = &d->tk->lex;
        const glean_token *last = &d->d.toks[x->last];
        lua_createtable(L, 0, 8);
        lua_pushvalue(L, A_DOC);
        set_up(L, U_DOC);
        set_int(L, U_FIRST, (lua_Integer)x->first + 1);
        set_int(L, U_LAST, (lua_Integer)x->last + 1);
        set_int(L, U_START, (lua_Integer)d->d.toks[x->first].start + 1);
        /* columns.stop: the start and the length of the type's text */
        set_int(L, U_STOP, (lua_Integer)last->start + lx->types[last->type].text_len);
        if (x->kind == GLEAN_QSPAN_QUOTE)
            set_str(L, U_LABEL, U_QUOTE);
        set_str(L, U_SOURCE, x->kind == GLEAN_QSPAN_CUE ? U_RULE_CUE : U_QUOTES);
        if (x->kind == GLEAN_QSPAN_CUE)
            set_str(L, U_RULE, U_CUE_NAME);
        lua_pushvalue(L, A_SPAN);
        lua_setmetatable(L, -2);
    }
    lua_pushvalue(L, -1);
    lua_rawseti(L, S_SPANS, (lua_Integer)id + 1);
}

static void push_type_text(lua_State *L, const lua_doc *d, uint32_t tok)
{
    const glean_lexicon *lx = &d->tk->lex;
    const glean_lexeme *x = &lx->types[d->d.toks[tok].type];
    lua_pushlstring(L, glean_lex_str(lx, x->text), x->text_len);
}

/* The cue as quotes.lua names it: `according to`, or the cue word's text in lower case
 * (string.lower: ASCII letters only). */
static void push_cue(lua_State *L, const lua_doc *d, const glean_quote *qo)
{
    if (qo->according) {
        lua_pushvalue(L, lua_upvalueindex(U_ACCORDING_TO));
        return;
    }
    const glean_lexicon *lx = &d->tk->lex;
    const glean_lexeme *x = &lx->types[d->d.toks[qo->cue_tok].type];
    const char *t = glean_lex_str(lx, x->text);
    size_t len = x->text_len, k = 0;
    while (k < len && !(t[k] >= 'A' && t[k] <= 'Z'))
        k++;
    if (k == len) {
        lua_pushlstring(L, t, len);
        return;
    }
    luaL_Buffer b;
    char *p = luaL_buffinitsize(L, &b, len);
    for (k = 0; k < len; k++)
        p[k] = t[k] >= 'A' && t[k] <= 'Z' ? (char)(t[k] - 'A' + 'a') : t[k];
    luaL_pushresultsize(&b, len);
}

/* quotes.lua's first test, `text:find("[\"'\226\194]")`: a byte that may belong to a
 * quotation mark. */
static int has_mark_byte(const char *text, size_t len)
{
    for (size_t k = 0; k < len; k++) {
        unsigned char c = (unsigned char)text[k];
        if (c == '"' || c == '\'' || c == 226 || c == 194)
            return 1;
    }
    return 0;
}

/* quoter:_run(doc, phrases, Span) -> array of quotes (the tables quotes.lua makes). */
static int quoter_run(lua_State *L)
{
    lua_quoter *u = check_quoter(L, A_QUOTER);
    lua_doc *d = luaL_checkudata(L, A_DOC, GLEAN_DOC_MT);
    luaL_argcheck(L, d->nlp->ready && u->nlp->ready, A_DOC, "the doc's nlp is closed");
    const glean_tokenizer *tk = &u->nlp->tk;
    if (d->tk != tk && (d->tk->opt.english != tk->opt.english ||
                        d->tk->opt.split_hyphens != tk->opt.split_hyphens ||
                        d->tk->config_hash != tk->config_hash)) {
        /* the Lua's rule set refuses such a doc, after its test for quotation marks */
        if (!has_mark_byte(d->d.text, d->d.len)) {
            lua_newtable(L);
            return 1;
        }
        return luaL_error(L, "the doc was parsed by an nlp with other settings than the rules' "
                             "(lang, split_hyphens, special cases, abbreviations)");
    }
    luaL_checktype(L, A_SPAN, LUA_TTABLE);
    lua_settop(L, A_SPAN);
    luaL_checkstack(L, 24, "quotes");
    lua_pushnil(L); /* S_ENTS */
    lua_pushnil(L); /* S_ENTS_BUF */
    ents_reader reader = { L, d };
    glean_quotes_inputs in = { &d->d, d->tk, read_ents, &reader, lua_toboolean(L, A_PHRASES) };
    glean_quotes_result res;
    glean_error err;
    if (glean_quotes_extract(u->q, u->s, &in, &res, &err) != GLEAN_OK)
        return glean_lua_raise(L, &err);
    lua_settop(L, S_ENTS_BUF);
    lua_createtable(L, (int)(res.nspans > INT_MAX ? INT_MAX : res.nspans), 0); /* S_SPANS */
    lua_createtable(L, (int)(res.n > INT_MAX ? INT_MAX : res.n), 0);           /* S_OUT */
    static const int ATTRIBUTIONS[] = { 0, U_AFTER, U_BEFORE, U_REPORTED, U_PREVIOUS };
    for (size_t k = 0; k < res.n; k++) {
        const glean_quote *qo = &res.quotes[k];
        lua_createtable(L, 0, 16);
        lua_pushlstring(L, res.text + qo->text_off, qo->text_len);
        set_up(L, U_TEXT);
        push_span(L, d, &res, qo->span);
        set_up(L, U_SPAN);
        push_span(L, d, &res, qo->inner);
        set_up(L, U_INNER);
        push_type_text(L, d, qo->open_tok);
        set_up(L, U_OPEN);
        push_type_text(L, d, qo->close_tok);
        set_up(L, U_CLOSE);
        set_int(L, U_PARTS, (lua_Integer)qo->parts);
        set_str(L, U_KIND, qo->kind == GLEAN_QUOTE_PHRASE ? U_PHRASE : U_STATEMENT);
        if (qo->speaker != GLEAN_QUOTE_NONE) {
            push_span(L, d, &res, qo->speaker);
            set_up(L, U_SPEAKER);
            push_cue(L, d, qo);
            set_up(L, U_CUE);
            push_span(L, d, &res, qo->cue_span);
            set_up(L, U_CUE_SPAN);
            set_str(L, U_ATTRIBUTION, ATTRIBUTIONS[qo->attribution]);
            if (qo->pronoun) {
                lua_pushboolean(L, 1);
                set_up(L, U_PRONOUN);
            }
            if (qo->resolved != GLEAN_QUOTE_NONE) {
                push_span(L, d, &res, qo->resolved);
                set_up(L, U_RESOLVED);
            }
        }
        lua_rawseti(L, S_OUT, (lua_Integer)k + 1);
    }
    return 1;
}

void glean_lua_open_quotes(lua_State *L)
{
    luaL_newmetatable(L, GLEAN_QUOTER_MT);
    lua_pushcfunction(L, quoter_gc);
    lua_setfield(L, -2, "__gc");
    lua_newtable(L);
    luaL_checkstack(L, U_COUNT, "quotes");
    for (int k = 1; k <= U_COUNT; k++)
        lua_pushstring(L, UPVALUES[k]);
    lua_pushcclosure(L, quoter_run, U_COUNT);
    lua_setfield(L, -2, "_run");
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    lua_pushcfunction(L, l_quoter_new);
    lua_setfield(L, -2, "quoter_new");
}
