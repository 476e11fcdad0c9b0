/* test_threads.c — one compiled gazetteer and one rule set, matched from two threads at
 * the same time (issue 7), under ThreadSanitizer with `make tsan`.
 *
 * Usage: test_threads SOURCE_DIR BUILD_DIR. Two parts, one after the other:
 *
 * 1. Lua. The main thread compiles examples/huawei-world.tsv into a gazetteer file once,
 *    then, in a Lua state of its own, parses the Huawei article, matches the gazetteer,
 *    puts its spans in doc.ents and matches the rule set RULES (built from the strings
 *    below) to get the reference result. Two threads then each create a Lua state,
 *    `require "glean"` from the build tree, open the same compiled file, build the same
 *    list in memory and the same rule set, and parse + match the article in a loop;
 *    every iteration must give the reference result. The states share the file and the
 *    core's read-only tables. This program is the Lua host, so it links liblua5.4; the
 *    module never does.
 * 2. C. The main thread opens the compiled file once (one glean_gazetteer) and compiles
 *    RULES once (one glean_rules) against its tokenizer, and matches the article with
 *    them for a reference, which must equal the Lua reference's rule matches. Two threads
 *    then each use their own tokenizer (a tokenizer is not thread-safe), doc, gazetteer
 *    cursor, rules scratch and result on the SAME gazetteer and rule set, concurrently,
 *    in a loop. A rule set bound to one tokenizer matches docs of another tokenizer with
 *    the same settings (glean_rules_match takes the doc's lexicon; the scratch caches per
 *    lexicon), as the binding allows for docs of another nlp with the same settings.
 *
 * Ends with "N passed, N failed". */
#define _DEFAULT_SOURCE /* getpid under -std=c11 */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "glean_gazetteer.h"
#include "glean_pattern.h"

#include "check.h"

#define ITERATIONS 200   /* per Lua thread (each matches two gazetteers) */
#define C_ITERATIONS 400 /* per C thread */

/* The rule set both parts build: speakers, organisations, dates, acronyms, places
 * (@LABEL consumes the gazetteer's entities whole). No Lua patterns (/.../): the C part
 * has no Lua to evaluate them. */
static const char *const RULES[][2] = {
    {"speaker", "who:(<title>+) {said says told}"},
    {"official_said", "who:({the a} _{0,4} {official officials}) {said says}"},
    {"org_says", "org:@ORG {said says}"},
    {"company", "name:(<title>+) {co. inc. ltd. ag plc corp.}"},
    {"agency", "the? <title>+ {agency ministry commission department cabinet office} "
               "(of <title>+)?"},
    {"weekday", "on? {monday tuesday wednesday thursday friday saturday sunday}"},
    {"acronym", "'(' ent:<upper> ')'"},
    {"in_place", "{in at from} place:@GPE|LOC"},
    {"title_name", "title:{chancellor president minister} name:(<title>{1,3})"},
};
#define NRULES (sizeof RULES / sizeof RULES[0])

/* Marks where the rule matches start in the Lua result. */
#define RULES_MARK "\nrules: "

/* The paths, then the glean module from the build tree. Arguments: source dir, build
 * dir, gazetteer file, reference result (nil: return the result), iterations, rules
 * ({name, source} pairs). A rule match reads "rule first-last text {group=text,...}"
 * (groups by name), as the C part writes it. */
static const char *const CHUNK =
    "local src, build, gazfile, want, iters, rule_strings = ...\n"
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
    "local rules = glean.rules(nlp)\n"
    "for _, r in ipairs(rule_strings) do rules:add(r[1], r[2]) end\n"
    "local f = assert(io.open(src .. '/examples/huawei-5g.txt', 'rb'))\n"
    "local text = f:read('a')\n"
    "f:close()\n"
    "local function run(g)\n"
    "  local doc = nlp:parse(text)\n"
    "  local out = { #doc .. ' tokens', #doc.sents .. ' sentences',\n"
    "    glean.normalize(doc[9].text, 'search') }\n"
    "  local spans = g:match(doc)\n"
    "  for _, s in ipairs(spans) do\n"
    "    out[#out + 1] = ('%d-%d %s %s %s'):format(s.first, s.last, s.label, s.id or '-', s.text)\n"
    "  end\n"
    "  doc.ents = spans\n"
    "  local found = {}\n"
    "  for _, m in ipairs(rules:match(doc)) do\n"
    "    local names, groups = {}, {}\n"
    "    for name in pairs(m.groups) do names[#names + 1] = name end\n"
    "    table.sort(names)\n"
    "    for k, name in ipairs(names) do groups[k] = name .. '=' .. m.groups[name].text end\n"
    "    found[#found + 1] = ('%s %d-%d %s {%s}'):format(m.rule, m.first, m.last, m.text,\n"
    "      table.concat(groups, ','))\n"
    "  end\n"
    "  return table.concat(out, '; ') .. '\\nrules: ' .. table.concat(found, '; '), #spans,\n"
    "    #found\n"
    "end\n"
    "if not want then\n"
    "  local got, nspans, nfound = run(gaz)\n"
    "  return got, nspans, nfound\n"
    "end\n"
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
    char result[16384]; /* the chunk's string result, or the error */
    int truncated;      /* the result did not fit */
    long nspans, nfound; /* the reference run: gazetteer spans, rule matches */
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
        lua_createtable(L, (int)NRULES, 0);
        for (size_t k = 0; k < NRULES; k++) {
            lua_createtable(L, 2, 0);
            lua_pushstring(L, RULES[k][0]);
            lua_rawseti(L, -2, 1);
            lua_pushstring(L, RULES[k][1]);
            lua_rawseti(L, -2, 2);
            lua_rawseti(L, -2, (lua_Integer)k + 1);
        }
        rc = lua_pcall(L, 6, 3, 0);
    }
    if (rc == LUA_OK) {
        j->nspans = (long)lua_tointeger(L, -2);
        j->nfound = (long)lua_tointeger(L, -1);
        lua_pop(L, 2);
    }
    const char *s = lua_tostring(L, -1);
    int n = snprintf(j->result, sizeof j->result, "%s", s ? s : "(no message)");
    j->truncated = n < 0 || (size_t)n >= sizeof j->result;
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

/* ---- the C part ------------------------------------------------------------------- */

/* What every C thread reads and nobody writes while they run. */
typedef struct shared {
    const char *text;
    size_t len;
    const glean_gazetteer *gaz;
    const glean_rules *rules;
    const char *want;          /* the reference result */
    int iterations;
} shared;

/* One matcher's own state: everything here is written while matching. */
typedef struct cstate {
    glean_tokenizer tk;
    int tk_ready;
    glean_doc doc;
    glean_gaz_cursor cur;
    glean_match_ent *ents;
    size_t ents_cap;
    glean_rules_scratch *scratch;
    glean_rules_result res;
    glean_buf out;
    size_t nents, nmatches;    /* of the last run */
} cstate;

/* A C thread's job. */
typedef struct cjob {
    const shared *sh;
    int ok, iterations_done;
    size_t nents, nmatches;
    char message[512];
} cjob;

static int cstate_init(cstate *c, glean_error *err)
{
    memset(c, 0, sizeof *c);
    glean_doc_init(&c->doc);
    glean_gaz_cursor_init(&c->cur);
    glean_buf_init(&c->out);
    glean_tokenizer_options opt = {1, 1, 0}; /* glean.new() */
    int rc = glean_tokenizer_init(&c->tk, &opt, err);
    c->tk_ready = 1; /* freed even after a failed init (it may have allocated) */
    if (rc != GLEAN_OK)
        return rc;
    if (glean_rules_scratch_new(&c->scratch) != GLEAN_OK)
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    return GLEAN_OK;
}

static void cstate_free(cstate *c)
{
    glean_rules_result_free(&c->res);
    glean_rules_scratch_free(c->scratch);
    free(c->ents);
    glean_gaz_cursor_free(&c->cur);
    glean_doc_free(&c->doc);
    if (c->tk_ready)
        glean_tokenizer_free(&c->tk);
    glean_buf_free(&c->out);
}

static int appendf(glean_buf *b, glean_error *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int appendf(glean_buf *b, glean_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return glean_fail(err, GLEAN_EARG, 0, "bad format");
    if (glean_buf_reserve(b, (size_t)n) != GLEAN_OK)
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return GLEAN_OK;
}

/* Parses the article with c's tokenizer, matches the shared gazetteer (its matches
 * become the entities) and the shared rule set, and writes the rule matches into c->out
 * in the Lua part's format. */
static int c_run(cstate *c, const shared *sh, glean_error *err)
{
    int rc = glean_parse(&c->tk, sh->text, sh->len, &c->doc, err);
    if (rc != GLEAN_OK)
        return rc;
    rc = glean_gaz_find(&c->cur, sh->gaz, &c->tk, &c->doc, 0, NULL, 0, err);
    if (rc != GLEAN_OK)
        return rc;
    size_t n = c->cur.nmatches;
    if (n > c->ents_cap &&
        glean_grow((void **)&c->ents, &c->ents_cap, n, sizeof *c->ents) != GLEAN_OK)
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    for (size_t k = 0; k < n; k++) {
        const glean_gaz_match *m = &c->cur.matches[k];
        glean_gaz_entry_info info;
        rc = glean_gaz_entry(sh->gaz, m->entry, &info);
        if (rc != GLEAN_OK)
            return glean_fail(err, rc, k, "entry %u", (unsigned)m->entry);
        c->ents[k].first = m->first;
        c->ents[k].last = m->last;
        c->ents[k].label = glean_rules_label_find(sh->rules, info.label, strlen(info.label));
    }
    c->nents = n;
    rc = glean_rules_match(sh->rules, c->scratch, &c->doc, &c->tk.lex, c->ents, n, 0, -1,
                           NULL, NULL, &c->res, err);
    if (rc != GLEAN_OK)
        return rc;
    glean_rules_result *res = &c->res;
    glean_rules_result_sort(res); /* text order, as the binding gives it */
    c->nmatches = res->n;
    c->out.len = 0;
    if (glean_buf_reserve(&c->out, 0) != GLEAN_OK)
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    c->out.data[0] = '\0';
    const glean_token *t = c->doc.toks;
    for (size_t i = 0; i < res->n; i++) {
        const glean_rule_match *m = &res->matches[i];
        uint32_t a = t[m->first].start, b = t[m->end - 1].end;
        rc = appendf(&c->out, err, "%s%s %u-%u %.*s {", i ? "; " : "",
                     glean_rules_name(sh->rules, m->rule), (unsigned)m->first + 1,
                     (unsigned)m->end, (int)(b - a), sh->text + a);
        /* groups by name (a rule has a handful: sort by selection) */
        size_t nc = glean_rules_captures(sh->rules, m->rule);
        const char *last = NULL;
        int ngroups = 0;
        for (size_t done = 0; rc == GLEAN_OK && done < nc; done++) {
            long pick = -1;
            for (size_t k = 0; k < nc; k++) {
                const char *name = glean_rules_capture_name(sh->rules, m->rule, k);
                if ((!last || strcmp(name, last) > 0) &&
                    (pick < 0 ||
                     strcmp(name, glean_rules_capture_name(sh->rules, m->rule,
                                                           (size_t)pick)) < 0))
                    pick = (long)k;
            }
            if (pick < 0)
                break;
            last = glean_rules_capture_name(sh->rules, m->rule, (size_t)pick);
            int32_t ca = res->caps[m->caps + 2 * (size_t)pick];
            int32_t ce = res->caps[m->caps + 2 * (size_t)pick + 1];
            if (ca < 0 || ce <= ca)
                continue; /* unset or empty: the binding leaves it out */
            uint32_t ga = t[ca].start, gb = t[ce - 1].end;
            rc = appendf(&c->out, err, "%s%s=%.*s", ngroups++ ? "," : "", last,
                         (int)(gb - ga), sh->text + ga);
        }
        if (rc == GLEAN_OK)
            rc = appendf(&c->out, err, "}");
        if (rc != GLEAN_OK)
            return rc;
    }
    return GLEAN_OK;
}

static void *c_thread_main(void *arg)
{
    cjob *j = arg;
    cstate c;
    glean_error err;
    j->ok = 0;
    if (cstate_init(&c, &err) != GLEAN_OK) {
        snprintf(j->message, sizeof j->message, "set-up: %s", err.message);
        cstate_free(&c);
        return NULL;
    }
    int i;
    for (i = 0; i < j->sh->iterations; i++) {
        if (c_run(&c, j->sh, &err) != GLEAN_OK) {
            snprintf(j->message, sizeof j->message, "iteration %d: %s", i + 1, err.message);
            break;
        }
        if (strcmp(c.out.data, j->sh->want) != 0) {
            snprintf(j->message, sizeof j->message, "iteration %d: got %.200s", i + 1,
                     c.out.data);
            break;
        }
    }
    j->iterations_done = i;
    j->nents = c.nents;
    j->nmatches = c.nmatches;
    j->ok = i == j->sh->iterations;
    cstate_free(&c);
    return NULL;
}

/* Reads a whole file into a malloc'd, NUL-terminated buffer; NULL on failure. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *data = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (cap - n < 4096) {
            size_t ncap = cap ? 2 * cap : 8192;
            char *p = realloc(data, ncap);
            if (!p) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = p;
            cap = ncap;
        }
        size_t got = fread(data + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(data);
        return NULL;
    }
    data[n] = '\0';
    *len = n;
    return data;
}

/* The C part: one gazetteer and one rule set compiled here, matched by two threads. */
static void c_part(const char *src, const char *gazfile, const char *lua_rules)
{
    char path[4096];
    glean_error err;
    snprintf(path, sizeof path, "%s/examples/huawei-5g.txt", src);
    shared sh = {.iterations = C_ITERATIONS};
    char *text = read_file(path, &sh.len);
    CHECK(text != NULL, "reading %s", path);
    if (!text)
        return;
    sh.text = text;

    cstate main_state; /* its tokenizer compiles the rules and computes the reference */
    glean_gazetteer *gaz = NULL;
    glean_rules *rules = NULL;
    int rc = cstate_init(&main_state, &err);
    CHECK(rc == GLEAN_OK, "tokenizer: %s", err.message);
    if (rc == GLEAN_OK) {
        rc = glean_gaz_open(&gaz, gazfile, &main_state.tk, &err);
        CHECK(rc == GLEAN_OK, "glean_gaz_open %s: %s", gazfile, err.message);
    }
    if (rc == GLEAN_OK) {
        rc = glean_rules_new(&rules, &main_state.tk, &err);
        CHECK(rc == GLEAN_OK, "glean_rules_new: %s", err.message);
    }
    for (size_t k = 0; rc == GLEAN_OK && k < NRULES; k++) {
        rc = glean_rules_add_string(rules, RULES[k][0], RULES[k][1], strlen(RULES[k][1]),
                                    &err);
        CHECK(rc == GLEAN_OK, "rule %s: %s", RULES[k][0], err.message);
    }
    sh.gaz = gaz;
    sh.rules = rules;
    if (rc == GLEAN_OK) {
        rc = c_run(&main_state, &sh, &err);
        CHECK(rc == GLEAN_OK, "C reference run: %s", err.message);
    }
    if (rc == GLEAN_OK) {
        sh.want = main_state.out.data;
        CHECK(main_state.nmatches > 0, "the C reference found no rule matches");
        CHECK(lua_rules && strcmp(sh.want, lua_rules) == 0,
              "the C reference differs from the Lua one:\nC:   %s\nLua: %s", sh.want,
              lua_rules ? lua_rules : "(none)");
        printf("C reference: %zu entities, %zu rule matches, the same as in Lua\n",
               main_state.nents, main_state.nmatches);

        static cjob cjobs[2];
        pthread_t th[2];
        int started[2] = {0, 0};
        for (int k = 0; k < 2; k++) {
            cjobs[k] = (cjob){.sh = &sh};
            started[k] = pthread_create(&th[k], NULL, c_thread_main, &cjobs[k]) == 0;
            CHECK(started[k], "pthread_create (C) %d", k);
        }
        for (int k = 0; k < 2; k++) {
            if (!started[k])
                continue;
            CHECK(pthread_join(th[k], NULL) == 0, "pthread_join (C) %d", k);
            CHECK(cjobs[k].ok, "C thread %d: %s", k, cjobs[k].message);
            if (cjobs[k].ok)
                printf("C thread %d: %d iterations of %zu entities and %zu rule matches on "
                       "the shared gazetteer and rule set, each identical to the reference\n",
                       k, cjobs[k].iterations_done, cjobs[k].nents, cjobs[k].nmatches);
        }
    }
    glean_rules_free(rules);
    glean_gaz_free(gaz);
    cstate_free(&main_state); /* after the rules: they are bound to its tokenizer */
    free(text);
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
    const char *lua_rules = strstr(reference.result, RULES_MARK);
    CHECK(reference.ok && !reference.truncated && strstr(reference.result, "Huawei") != NULL &&
              lua_rules != NULL && reference.nfound > 0,
          "reference run: %s", reference.result);
    if (reference.ok)
        printf("Lua reference: %ld gazetteer spans, %ld rule matches\n", reference.nspans,
               reference.nfound);

    pthread_t th[2];
    int started[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        jobs[k] = (job){.src = argv[1], .build = argv[2], .gazfile = gazfile,
                        .want = reference.result, .iterations = ITERATIONS};
        started[k] = pthread_create(&th[k], NULL, thread_main, &jobs[k]) == 0;
        CHECK(started[k], "pthread_create %d", k);
    }
    for (int k = 0; k < 2; k++) {
        if (!started[k])
            continue;
        CHECK(pthread_join(th[k], NULL) == 0, "pthread_join %d", k);
        CHECK(jobs[k].ok, "thread %d: %s", k, jobs[k].result);
        if (jobs[k].ok)
            printf("thread %d: %s, each identical to the single-threaded run\n", k,
                   jobs[k].result);
    }
    if (keeper)
        lua_close(keeper);

    c_part(argv[1], gazfile, lua_rules ? lua_rules + strlen(RULES_MARK) : NULL);
    remove(gazfile);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
