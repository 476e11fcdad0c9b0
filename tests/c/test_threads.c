/* test_threads.c — two Lua states in two threads, matching at the same time.
 *
 * Usage: test_threads SOURCE_DIR BUILD_DIR. The main thread compiles
 * examples/huawei-world.tsv into a gazetteer file once, then parses and matches the
 * Huawei article in a Lua state of its own to get the reference result. Two threads then
 * each create a Lua state, `require "glean"` from the build tree, open the same compiled
 * file, build the same list in memory, and parse + match the article in a loop; every
 * iteration must give the reference result. Nothing is shared between the states but
 * the file and the core's read-only tables, which is the promise (STYLE.md: compiled
 * gazetteers are immutable and shareable): `make tsan` runs this under ThreadSanitizer.
 * This program is the Lua host, so it links liblua5.4; the module never does. Ends with
 * "N passed, N failed". */
#define _DEFAULT_SOURCE /* getpid under -std=c11 */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

#define ITERATIONS 200

/* The paths, then the glean module from the build tree. Arguments: source dir, build
 * dir, gazetteer file, reference result (nil: return the result), iterations. */
static const char *const CHUNK =
    "local src, build, gazfile, want, iters = ...\n"
    "package.path = src .. '/lua/?.lua;' .. src .. '/lua/?/init.lua;' .. package.path\n"
    "package.cpath = build .. '/?.so;' .. package.cpath\n"
    "local glean = require 'glean'\n"
    "local where = package.searchpath('glean.core', package.cpath)\n"
    "assert(where:find(build, 1, true) == 1, 'glean.core loaded from ' .. where)\n"
    "local nlp = glean.new()\n"
    "local tsv = src .. '/examples/huawei-world.tsv'\n"
    "if not gazfile then\n"   /* the set-up: compile the list into a file */
    "  local gaz = glean.gazetteer { nlp = nlp }\n"
    "  assert(gaz:load_tsv(tsv))\n"
    "  assert(gaz:save(want))\n"
    "  return 'saved'\n"
    "end\n"
    "local gaz = assert(glean.gazetteer.open(gazfile, { nlp = nlp }))\n"
    "local mem = glean.gazetteer { nlp = nlp }\n"
    "assert(mem:load_tsv(tsv))\n"
    "local f = assert(io.open(src .. '/examples/huawei-5g.txt', 'rb'))\n"
    "local text = f:read('a')\n"
    "f:close()\n"
    "local function run(g)\n"
    "  local doc = nlp:parse(text)\n"
    "  local out = { #doc .. ' tokens', #doc.sents .. ' sentences',\n"
    "    glean.normalize(doc[9].text, 'search') }\n"
    "  for _, s in ipairs(g:match(doc)) do\n"
    "    out[#out + 1] = ('%d-%d %s %s %s'):format(s.first, s.last, s.label, s.id or '-', s.text)\n"
    "  end\n"
    "  return table.concat(out, '; ')\n"
    "end\n"
    "if not want then return run(gaz) end\n"
    "for i = 1, iters do\n"
    "  for _, g in ipairs { gaz, mem } do\n"
    "    local got = run(g)\n"
    "    if got ~= want then\n"
    "      error(('iteration %d: got\\n%s\\nwant\\n%s'):format(i, got, want))\n"
    "    end\n"
    "  end\n"
    "  if i % 8 == 0 then collectgarbage() end\n"
    "end\n"
    "return ('%d iterations'):format(iters)\n";

typedef struct job {
    const char *src, *build, *gazfile, *want;
    int iterations;
    char result[8192]; /* the chunk's string result, or the error */
    int ok;
} job;

/* Runs CHUNK in a new Lua state with the job's arguments, and closes the state unless
 * keep is given (then *keep receives it). */
static void run_job(job *j, lua_State **keep)
{
    lua_State *L = luaL_newstate();
    if (!L) {
        snprintf(j->result, sizeof j->result, "cannot create a Lua state");
        j->ok = 0;
        return;
    }
    luaL_openlibs(L);
    int rc = luaL_loadstring(L, CHUNK);
    if (rc == LUA_OK) {
        lua_pushstring(L, j->src);
        lua_pushstring(L, j->build);
        if (j->gazfile)
            lua_pushstring(L, j->gazfile);
        else
            lua_pushnil(L);
        if (j->want)
            lua_pushstring(L, j->want);
        else
            lua_pushnil(L);
        lua_pushinteger(L, j->iterations);
        rc = lua_pcall(L, 5, 1, 0);
    }
    const char *s = lua_tostring(L, -1);
    snprintf(j->result, sizeof j->result, "%s", s ? s : "(no message)");
    j->ok = rc == LUA_OK;
    if (keep)
        *keep = L;
    else
        lua_close(L);
}

static void *thread_main(void *arg)
{
    run_job(arg, NULL);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_threads SOURCE_DIR BUILD_DIR\n");
        return 2;
    }
    char gazfile[4096];
    snprintf(gazfile, sizeof gazfile, "%s/test_threads-%ld.glz", argv[2], (long)getpid());

    /* Set-up: compile the list (want = the output path), then the reference run. */
    static job setup, reference, jobs[2];
    setup = (job){.src = argv[1], .build = argv[2], .want = gazfile};
    run_job(&setup, NULL);
    CHECK(setup.ok, "compiling the gazetteer: %s", setup.result);
    if (!setup.ok)
        return fprintf(stderr, "%d passed, %d failed\n", passed, failed), 1;
    /* The reference state stays open until the threads are done: it keeps glean/core.so
     * loaded, so the threads' lua_close never runs the dynamic loader's unmapping code at
     * the same time as the other thread's dlopen (glibc's loader is not instrumented, and
     * ThreadSanitizer reports its internal frees as races). */
    lua_State *keeper = NULL;
    reference = (job){.src = argv[1], .build = argv[2], .gazfile = gazfile};
    run_job(&reference, &keeper);
    CHECK(reference.ok && strstr(reference.result, "Huawei") != NULL, "reference run: %s",
          reference.result);

    pthread_t th[2];
    for (int k = 0; k < 2; k++) {
        jobs[k] = (job){.src = argv[1], .build = argv[2], .gazfile = gazfile,
                        .want = reference.result, .iterations = ITERATIONS};
        CHECK(pthread_create(&th[k], NULL, thread_main, &jobs[k]) == 0, "pthread_create %d", k);
    }
    for (int k = 0; k < 2; k++) {
        CHECK(pthread_join(th[k], NULL) == 0, "pthread_join %d", k);
        CHECK(jobs[k].ok, "thread %d: %s", k, jobs[k].result);
        if (jobs[k].ok)
            printf("thread %d: %s, each identical to the single-threaded run\n", k,
                   jobs[k].result);
    }
    if (keeper)
        lua_close(keeper);
    remove(gazfile);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
