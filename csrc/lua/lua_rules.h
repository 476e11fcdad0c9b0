/* lua_rules.h — shared by the Rules userdata (lua_rules.c) and its token-spec reader
 * (lua_rules_specs.c). */
#ifndef GLEAN_LUA_RULES_H
#define GLEAN_LUA_RULES_H

#include "glean_lua.h"
#include "glean_pattern.h"

/* Room for one token spec's description (what explain prints for it). */
#define DESC_MAX 120

/* Fills *sp (its tests in `tests`, room for 32) and `desc` from the token-spec table at
 * stack index v of rule `name`, token k; raises a Lua error naming both on a bad key or
 * value. Strings of the spec stay referenced by the table on the stack. */
void glean_lua_build_spec(lua_State *L, glean_rules *r, int v, const char *name, int k,
                          glean_token_spec *sp, glean_test *tests, char *desc);

#endif
