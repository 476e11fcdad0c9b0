/* lua_doc.c — the Doc and Token userdata.
 *
 * A Doc wraps the C arrays; a Token is a 16-byte userdata (doc pointer + index) that
 * reads its fields from the doc and the lexicon on access, so reading tokens never
 * copies the document and iterating builds no table per token. */
#include "glean_lua.h"

#include <string.h>

enum {
    F_I = 1, F_TEXT, F_NORM, F_LOWER, F_START, F_STOP, F_SHAPE, F_SPACE_AFTER, F_WHITESPACE,
    F_SENT, F_LENGTH, F_IS_SENT_START, F_DOC, F_TYPE_ID,
    F_FLAG = 100 /* F_FLAG + bit number */
};

static const struct { const char *name; int id; } token_fields[] = {
    {"i", F_I}, {"text", F_TEXT}, {"norm", F_NORM}, {"lower", F_LOWER}, {"start", F_START},
    {"stop", F_STOP}, {"shape", F_SHAPE}, {"space_after", F_SPACE_AFTER},
    {"whitespace", F_WHITESPACE}, {"sent", F_SENT}, {"length", F_LENGTH},
    {"is_sent_start", F_IS_SENT_START}, {"doc", F_DOC}, {"type_id", F_TYPE_ID},
    {"is_alpha", F_FLAG + 0}, {"is_digit", F_FLAG + 1}, {"is_punct", F_FLAG + 2},
    {"is_space", F_FLAG + 3}, {"is_title", F_FLAG + 4}, {"is_upper", F_FLAG + 5},
    {"is_lower", F_FLAG + 6}, {"is_quote", F_FLAG + 7}, {"is_bracket", F_FLAG + 8},
    {"is_currency", F_FLAG + 9}, {"is_stop", F_FLAG + 10}, {"like_num", F_FLAG + 11},
    {"like_url", F_FLAG + 12}, {"like_email", F_FLAG + 13},
};

static lua_doc *check_doc(lua_State *L, int idx)
{
    return luaL_checkudata(L, idx, GLEAN_DOC_MT);
}

static int doc_gc(lua_State *L)
{
    lua_doc *d = check_doc(L, 1);
    glean_doc_free(&d->d); /* the lazily built char offsets; tokens live in the block */
    return 0;
}

/* The table of Lua-side fields, created on first use; leaves it on the stack. */
static void push_extras(lua_State *L, int doc_idx)
{
    if (lua_getiuservalue(L, doc_idx, 3) == LUA_TTABLE)
        return;
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, doc_idx, 3);
}

int glean_lua_parse(lua_State *L, int nlp_idx, int text_idx)
{
    lua_nlp *n = luaL_checkudata(L, nlp_idx, GLEAN_NLP_MT);
    size_t len;
    const char *text = lua_tolstring(L, text_idx, &len);
    glean_error err;
    /* Parse in the nlp's scratch doc (it owns its arrays, so an error leaks nothing),
     * then copy into a userdata of exactly the right size. */
    if (glean_parse(&n->tk, text, len, &n->scratch, &err) != GLEAN_OK)
        return glean_lua_raise(L, &err);
    const glean_doc *src = &n->scratch;
    size_t tok_bytes = src->ntoks * sizeof(glean_token);
    size_t sent_bytes = src->nsents * sizeof(glean_sent);
    lua_doc *d = lua_newuserdatauv(L, sizeof *d + tok_bytes + sent_bytes, 3);
    glean_doc_init(&d->d);
    d->d.text = text;
    d->d.len = len;
    d->d.borrowed = 1;
    d->d.toks = (glean_token *)(void *)(d + 1);
    d->d.ntoks = d->d.toks_cap = src->ntoks;
    d->d.sents = (glean_sent *)(void *)((char *)(d + 1) + tok_bytes);
    d->d.nsents = d->d.sents_cap = src->nsents;
    if (tok_bytes)
        memcpy(d->d.toks, src->toks, tok_bytes);
    if (sent_bytes)
        memcpy(d->d.sents, src->sents, sent_bytes);
    d->tk = &n->tk;
    d->nlp = n;
    if (n->scratch.toks_cap > (1u << 20)) { /* do not keep a huge document's arrays */
        glean_doc_free(&n->scratch);
        glean_doc_init(&n->scratch);
    }
    luaL_setmetatable(L, GLEAN_DOC_MT);
    lua_pushvalue(L, text_idx);
    lua_setiuservalue(L, -2, 1);
    lua_pushvalue(L, nlp_idx);
    lua_setiuservalue(L, -2, 2);
    return 1;
}

static void push_token(lua_State *L, int doc_idx, lua_doc *d, size_t i)
{
    lua_token *t = lua_newuserdatauv(L, sizeof *t, 1);
    t->doc = d;
    t->i = (uint32_t)i;
    lua_pushvalue(L, doc_idx);
    lua_setiuservalue(L, -2, 1);
    luaL_setmetatable(L, GLEAN_TOKEN_MT);
}

/* doc[i] -> token; doc.text; then methods, Lua-side fields, and lazy getters. */
static int doc_index(lua_State *L)
{
    lua_doc *d = check_doc(L, 1);
    if (lua_type(L, 2) == LUA_TNUMBER) {
        lua_Integer i = lua_tointeger(L, 2);
        if (i >= 1 && (size_t)i <= d->d.ntoks)
            push_token(L, 1, d, (size_t)i - 1);
        else
            lua_pushnil(L);
        return 1;
    }
    if (lua_type(L, 2) == LUA_TSTRING && strcmp(lua_tostring(L, 2), "text") == 0) {
        lua_getiuservalue(L, 1, 1);
        return 1;
    }
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)
        return 1;
    if (lua_getiuservalue(L, 1, 3) == LUA_TTABLE) {
        lua_pushvalue(L, 2);
        if (lua_rawget(L, -2) != LUA_TNIL)
            return 1;
    }
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(2)) == LUA_TFUNCTION) {
        lua_pushvalue(L, 1);
        lua_call(L, 1, 1);
        return 1;
    }
    lua_pushnil(L);
    return 1;
}

static int doc_newindex(lua_State *L)
{
    check_doc(L, 1);
    luaL_argcheck(L, lua_type(L, 2) == LUA_TSTRING, 2, "doc fields are named by strings");
    luaL_argcheck(L, strcmp(lua_tostring(L, 2), "text") != 0, 2, "doc.text is read-only");
    push_extras(L, 1);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 3);
    lua_rawset(L, -3);
    return 0;
}

static int doc_len(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)check_doc(L, 1)->d.ntoks);
    return 1;
}

static int doc_tostring(lua_State *L)
{
    lua_doc *d = check_doc(L, 1);
    lua_pushfstring(L, "glean.Doc (%d tokens, %d sentences, %d bytes)", (int)d->d.ntoks,
                    (int)d->d.nsents, (int)d->d.len);
    return 1;
}

/* doc:token_at(byte) -> token | nil; byte is 1-based */
static int doc_token_at(lua_State *L)
{
    lua_doc *d = check_doc(L, 1);
    lua_Integer b = luaL_checkinteger(L, 2);
    long i = (b >= 1 && (size_t)b <= d->d.len) ? glean_doc_token_at(&d->d, (size_t)b - 1) : -1;
    if (i < 0)
        lua_pushnil(L);
    else
        push_token(L, 1, d, (size_t)i);
    return 1;
}

/* doc:_char_span(start, stop) -> first, last token indices, or nil (not on boundaries) */
static int doc_char_span(lua_State *L)
{
    lua_doc *d = check_doc(L, 1);
    lua_Integer a = luaL_checkinteger(L, 2), b = luaL_checkinteger(L, 3);
    if (a < 1 || b < a || (size_t)b > d->d.len)
        return 0;
    long first = glean_doc_token_boundary(&d->d, (size_t)a - 1, 0);
    long last = glean_doc_token_boundary(&d->d, (size_t)b, 1);
    if (first < 0 || last < first)
        return 0;
    lua_pushinteger(L, first + 1);
    lua_pushinteger(L, last + 1);
    return 2;
}

static int doc_sent_count(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)check_doc(L, 1)->d.nsents);
    return 1;
}

/* doc:_sent(k) -> first, last token indices of sentence k (1-based) */
static int doc_sent(lua_State *L)
{
    lua_doc *d = check_doc(L, 1);
    lua_Integer k = luaL_checkinteger(L, 2);
    luaL_argcheck(L, k >= 1 && (size_t)k <= d->d.nsents, 2, "no such sentence");
    lua_pushinteger(L, (lua_Integer)d->d.sents[k - 1].first + 1);
    lua_pushinteger(L, (lua_Integer)d->d.sents[k - 1].last + 1);
    return 2;
}

/* doc:_offsets(i) -> start, stop (1-based inclusive bytes) of token i */
static int doc_offsets(lua_State *L)
{
    lua_doc *d = check_doc(L, 1);
    lua_Integer i = luaL_checkinteger(L, 2);
    luaL_argcheck(L, i >= 1 && (size_t)i <= d->d.ntoks, 2, "no such token");
    lua_pushinteger(L, (lua_Integer)d->d.toks[i - 1].start + 1);
    lua_pushinteger(L, (lua_Integer)d->d.toks[i - 1].end);
    return 2;
}

/* doc:_tok(i) -> text, lower, flags of token i, without a Token userdata: for
 * extractors that look at tens of thousands of tokens per MB. flags: the is_* bits in
 * token_fields order (is_alpha = bit 0 ... like_email = bit 13), bit 16 = is_sent_start. */
static int doc_tok(lua_State *L)
{
    lua_doc *d = check_doc(L, 1);
    lua_Integer i = luaL_checkinteger(L, 2);
    luaL_argcheck(L, i >= 1 && (size_t)i <= d->d.ntoks, 2, "no such token");
    luaL_argcheck(L, d->nlp->ready, 1, "the doc's nlp was closed");
    const glean_token *tok = &d->d.toks[i - 1];
    const glean_lexicon *lx = &d->tk->lex;
    const glean_lexeme *x = &lx->types[tok->type];
    lua_pushlstring(L, d->d.text + tok->start, tok->end - tok->start);
    lua_pushlstring(L, glean_lex_str(lx, x->lower), x->lower_len);
    lua_Integer flags = (lua_Integer)(x->flags & 0xFFFFu);
    if (d->d.nsents > tok->sent && d->d.sents[tok->sent].first == (uint32_t)(i - 1))
        flags |= 1 << 16;
    lua_pushinteger(L, flags);
    return 3;
}

/* doc:_char_offsets(i) -> char_start, char_end of token i (0-based, end-exclusive, as
 * JSON wants them) */
static int doc_char_offsets(lua_State *L)
{
    lua_doc *d = check_doc(L, 1);
    lua_Integer i = luaL_checkinteger(L, 2);
    uint32_t cs, ce;
    luaL_argcheck(L, i >= 1 && (size_t)i <= d->d.ntoks, 2, "no such token");
    if (glean_doc_char_offsets(&d->d, (size_t)i - 1, &cs, &ce) != GLEAN_OK)
        return luaL_error(L, "out of memory");
    lua_pushinteger(L, cs);
    lua_pushinteger(L, ce);
    return 2;
}

/* doc:_columns() -> types, flags, starts: per token (arrays 1..#doc) its type id
 * (1-based, as token.type_id), its flags as doc:_tok gives them (bit 16 = sentence
 * start) and its start byte (1-based). One call per doc instead of one per token look-up:
 * the extractors read these arrays, and the type's strings from doc:_lexemes. */
static int doc_columns(lua_State *L)
{
    lua_doc *d = check_doc(L, 1);
    luaL_argcheck(L, d->nlp->ready, 1, "the doc's nlp was closed");
    size_t n = d->d.ntoks;
    int narr = n > INT_MAX ? INT_MAX : (int)n;
    const uint32_t *type_flags = d->tk->lex.flags;
    lua_createtable(L, narr, 0);
    lua_createtable(L, narr, 0);
    lua_createtable(L, narr, 0);
    size_t sent = 0;
    for (size_t i = 0; i < n; i++) {
        const glean_token *tok = &d->d.toks[i];
        lua_Integer flags = (lua_Integer)(type_flags[tok->type] & 0xFFFFu);
        while (sent < d->d.nsents && d->d.sents[sent].first < i)
            sent++;
        if (sent < d->d.nsents && d->d.sents[sent].first == i)
            flags |= 1 << 16;
        lua_pushinteger(L, (lua_Integer)tok->type + 1);
        lua_rawseti(L, -4, (lua_Integer)i + 1);
        lua_pushinteger(L, flags);
        lua_rawseti(L, -3, (lua_Integer)i + 1);
        lua_pushinteger(L, (lua_Integer)tok->start + 1);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 3;
}

/* doc:_lexemes(from, texts, lowers, norms) -> count: stores the text, lower and norm of
 * the types from + 1 .. count of the doc's lexicon (shared by every doc of its nlp) in
 * the three tables, by type id. The lexicon only grows, so a caller keeps the tables
 * per nlp and asks for the new types only. */
static int doc_lexemes(lua_State *L)
{
    lua_doc *d = check_doc(L, 1);
    luaL_argcheck(L, d->nlp->ready, 1, "the doc's nlp was closed");
    lua_Integer from = luaL_checkinteger(L, 2);
    luaL_checktype(L, 3, LUA_TTABLE);
    luaL_checktype(L, 4, LUA_TTABLE);
    luaL_checktype(L, 5, LUA_TTABLE);
    const glean_lexicon *lx = &d->tk->lex;
    luaL_argcheck(L, from >= 0 && (size_t)from <= lx->ntypes, 2, "no such type");
    for (size_t id = (size_t)from; id < lx->ntypes; id++) {
        const glean_lexeme *x = &lx->types[id];
        lua_pushlstring(L, glean_lex_str(lx, x->text), x->text_len);
        lua_rawseti(L, 3, (lua_Integer)id + 1);
        lua_pushlstring(L, glean_lex_str(lx, x->lower), x->lower_len);
        lua_rawseti(L, 4, (lua_Integer)id + 1);
        lua_pushlstring(L, glean_lex_str(lx, x->norm), x->norm_len);
        lua_rawseti(L, 5, (lua_Integer)id + 1);
    }
    lua_pushinteger(L, (lua_Integer)lx->ntypes);
    return 1;
}

static const luaL_Reg doc_methods[] = {
    {"token_at", doc_token_at}, {"_char_span", doc_char_span}, {"sent_count", doc_sent_count},
    {"_sent", doc_sent}, {"_offsets", doc_offsets}, {"_tok", doc_tok}, {"_char_offsets", doc_char_offsets},
    {"_columns", doc_columns}, {"_lexemes", doc_lexemes}, {NULL, NULL},
};

/* ---- tokens ------------------------------------------------------------------------- */

/* A token keeps its doc's memory alive, but not the doc's contents: Lua runs finalizers
 * in reverse order of creation, so a finalizer can meet a token whose doc (or nlp) was
 * already finalized. A finalized doc has no tokens left, a finalized nlp no lexicon. */
static lua_token *check_token(lua_State *L, int idx)
{
    lua_token *t = luaL_checkudata(L, idx, GLEAN_TOKEN_MT);
    luaL_argcheck(L, t->i < t->doc->d.ntoks && t->doc->nlp->ready, idx,
                  "the token's doc or nlp was closed");
    return t;
}

static int token_index(lua_State *L)
{
    lua_token *t = check_token(L, 1);
    const glean_doc *d = &t->doc->d;
    const glean_token *tok = &d->toks[t->i];
    const glean_lexicon *lx = &t->doc->tk->lex;
    const glean_lexeme *x = &lx->types[tok->type];
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNUMBER) {
        lua_pushvalue(L, 2); /* not a field: a method, or nil */
        lua_rawget(L, lua_upvalueindex(2));
        return 1;
    }
    int id = (int)lua_tointeger(L, -1);
    size_t next_start = t->i + 1 < d->ntoks ? d->toks[t->i + 1].start : d->len;
    switch (id) {
    case F_I: lua_pushinteger(L, (lua_Integer)t->i + 1); break;
    case F_TEXT: lua_pushlstring(L, d->text + tok->start, tok->end - tok->start); break;
    case F_NORM: lua_pushlstring(L, glean_lex_str(lx, x->norm), x->norm_len); break;
    case F_LOWER: lua_pushlstring(L, glean_lex_str(lx, x->lower), x->lower_len); break;
    case F_SHAPE: lua_pushlstring(L, glean_lex_str(lx, x->shape), x->shape_len); break;
    case F_START: lua_pushinteger(L, (lua_Integer)tok->start + 1); break;
    case F_STOP: lua_pushinteger(L, (lua_Integer)tok->end); break;
    case F_SPACE_AFTER: lua_pushboolean(L, next_start > tok->end); break;
    case F_WHITESPACE: lua_pushlstring(L, d->text + tok->end, next_start - tok->end); break;
    case F_SENT: lua_pushinteger(L, (lua_Integer)tok->sent + 1); break;
    case F_LENGTH: lua_pushinteger(L, (lua_Integer)x->length); break;
    case F_IS_SENT_START:
        lua_pushboolean(L, d->nsents > tok->sent && d->sents[tok->sent].first == t->i);
        break;
    case F_DOC: lua_getiuservalue(L, 1, 1); break;
    case F_TYPE_ID: lua_pushinteger(L, (lua_Integer)tok->type + 1); break;
    default: lua_pushboolean(L, (x->flags >> (id - F_FLAG)) & 1u); break;
    }
    return 1;
}

static int token_tostring(lua_State *L)
{
    lua_token *t = check_token(L, 1);
    const glean_token *tok = &t->doc->d.toks[t->i];
    lua_pushlstring(L, t->doc->d.text + tok->start, tok->end - tok->start);
    return 1;
}

static int token_eq(lua_State *L)
{
    lua_token *a = check_token(L, 1), *b = check_token(L, 2);
    lua_pushboolean(L, a->doc == b->doc && a->i == b->i);
    return 1;
}

static int token_len(lua_State *L)
{
    lua_token *t = check_token(L, 1);
    const glean_token *tok = &t->doc->d.toks[t->i];
    lua_pushinteger(L, (lua_Integer)t->doc->tk->lex.types[tok->type].length);
    return 1;
}

void glean_lua_open_doc(lua_State *L)
{
    /* core.Doc (methods) and core.DocGetters (lazy fields) are extended in Lua. */
    luaL_newmetatable(L, GLEAN_DOC_MT);
    luaL_newlib(L, doc_methods);
    lua_pushvalue(L, -1);
    lua_setfield(L, -4, "Doc");
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, -5, "DocGetters");
    lua_pushcclosure(L, doc_index, 2);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, doc_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, doc_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, doc_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, doc_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pop(L, 1);

    luaL_newmetatable(L, GLEAN_TOKEN_MT);
    lua_newtable(L);
    for (size_t i = 0; i < sizeof token_fields / sizeof *token_fields; i++) {
        lua_pushinteger(L, token_fields[i].id);
        lua_setfield(L, -2, token_fields[i].name);
    }
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, -5, "Token"); /* core.Token: token methods, extended in Lua */
    lua_pushcclosure(L, token_index, 2);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, token_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushcfunction(L, token_eq);
    lua_setfield(L, -2, "__eq");
    lua_pushcfunction(L, token_len);
    lua_setfield(L, -2, "__len");
    lua_pop(L, 1);
}
