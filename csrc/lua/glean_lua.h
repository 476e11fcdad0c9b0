/* glean_lua.h — declarations shared by the binding's files. The binding is the only
 * code that includes Lua headers, and the only place where 0-based half-open core
 * offsets become Lua's 1-based inclusive ones. */
#ifndef GLEAN_LUA_H
#define GLEAN_LUA_H

#include <lauxlib.h>
#include <lua.h>

#include "glean_doc.h"
#include "glean_gazetteer.h"
#include "glean_pattern.h"

#define GLEAN_NLP_MT "glean.Nlp"
#define GLEAN_DOC_MT "glean.Doc"
#define GLEAN_TOKEN_MT "glean.Token"

/* An nlp lives as long as any doc parsed with it (docs hold it in a user value), so a
 * doc's tokens can always read the lexicon. Parsing happens in the nlp's scratch doc,
 * whose arrays are reused from one parse to the next. */
typedef struct lua_nlp {
    glean_tokenizer tk;
    glean_doc scratch;
    int ready;                      /* tk initialised: __gc frees it */
} lua_nlp;

/* A doc userdata holds its tokens and sentences in its own block, right after this
 * struct (d.borrowed is set): Lua's collector sees the real size of every document
 * and frees it in one piece, with no C allocation per document. It has three user
 * values: 1 the text string, 2 the nlp userdata (the lexicon its tokens point into),
 * 3 a table for Lua-side fields (meta, ents, data), created on first use. */
typedef struct lua_doc {
    glean_doc d;
    glean_tokenizer *tk;
    lua_nlp *nlp;   /* the owner of tk: its `ready` says whether tk is still there */
} lua_doc;

typedef struct lua_token {
    lua_doc *doc;  /* kept alive by the token's user value 1 */
    uint32_t i;    /* 0-based */
} lua_token;

void glean_lua_open_nlp(lua_State *L);
void glean_lua_open_doc(lua_State *L);
void glean_lua_open_gazetteer(lua_State *L);
void glean_lua_open_rules(lua_State *L);
void glean_lua_open_recognizer(lua_State *L);
void glean_lua_open_quotes(lua_State *L);
void glean_lua_open_dates(lua_State *L);
void glean_lua_open_acronyms(lua_State *L);
/* Raises the Lua error for a failed core call (message with a 1-based byte position). */
int glean_lua_raise(lua_State *L, const glean_error *err);
/* Creates a doc userdata for `text` (the string at stack index text_idx) parsed by the
 * nlp at index nlp_idx; pushes it. Raises on invalid input. */
int glean_lua_parse(lua_State *L, int nlp_idx, int text_idx);

/* The compiled image of the Gazetteer userdata at idx (compiled now if entries were
 * added since) and its matching cursor; raises when idx is no open gazetteer. */
const glean_gazetteer *glean_lua_gaz_image(lua_State *L, int idx, glean_gaz_cursor **cur);

/* What matching with the Rules userdata at idx needs from C: its rule set, scratch and
 * result buffer, and (in *bridge, which must live as long as the match) what
 * glean_lua_call_pattern needs to evaluate its Lua patterns. Raises when idx is no rule
 * set. */
typedef struct glean_lua_pattern_bridge {
    lua_State *L;
    glean_rules *r;
} glean_lua_pattern_bridge;
glean_rules *glean_lua_rules_parts(lua_State *L, int idx, glean_rules_scratch **scratch,
                                   glean_rules_result **res, glean_lua_pattern_bridge *bridge);
int glean_lua_call_pattern(void *ud, uint32_t pred, const char *text, size_t len,
                           glean_error *err);

#endif
