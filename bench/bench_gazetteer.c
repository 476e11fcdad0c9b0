/* bench_gazetteer.c — gazetteer build, open and match costs of the C core, without Lua.
 *
 * Three modes, each meant to run in its own process (so peak RSS and the "fresh
 * process" open time belong to that step alone):
 *
 *   build  --tsv T --out F [--runs N]
 *          N times, each in a child process of its own: a new tokenizer and builder,
 *          glean_gaz_builder_load_tsv (label from the TSV) + glean_gaz_compile =
 *          build_s (load and compile also timed apart); the last image is saved to F
 *          (glean_gaz_save, timed apart). Reports entries, warnings (duplicates,
 *          phrases with no tokens), the file's size and bytes per entry, and the
 *          largest peak RSS of the build processes.
 *   open   --gaz F [--opens N]
 *          A tokenizer, then N times glean_gaz_open + glean_gaz_free: the first open
 *          (fresh process; the file is in the page cache: it was just written) and the
 *          median of all N.
 *   match  --gaz F --file CORPUS [--runs N]
 *          Opens F, loads CORPUS (documents separated by "\n\n\n", like the peers),
 *          then times N passes of each of:
 *            parse  glean_parse of every document into one reused doc (reference)
 *            find   every document parsed beforehand into its own glean_doc (untimed);
 *                   glean_gaz_find (leftmost-longest, all=0) over all of them with one
 *                   cursor = tokenization EXCLUDED
 *            both   glean_parse + glean_gaz_find per document, one reused doc =
 *                   tokenization INCLUDED
 *          Reports median and first-pass MB/s of each, the match count (and how many
 *          span more than one token), tokens, and the process's peak RSS (mapped image,
 *          corpus and all parsed docs included).
 *
 * Tokenizer options: english=1, split_hyphens=1, replace_invalid=1 (glean.new's
 * defaults but invalid="replace", as the tokenizer benchmark). Key: norm.
 * MB/s = bytes of the whole corpus file (separators included, as the peers count) per
 * second, 1 MB = 10^6 bytes. One JSON line on stdout, human-readable text on stderr.
 *
 * Usage: glean_bench_gazetteer --mode build|open|match [--tsv T] [--out F] [--gaz F]
 *                              [--file CORPUS] [--runs N] [--opens N] [--size NAME] */
#define _DEFAULT_SOURCE /* wait4 */
#define _POSIX_C_SOURCE 200809L

#include "glean_doc.h"
#include "glean_gazetteer.h"
#include "glean_tokenize.h"
#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Current RSS from /proc/self/statm (pages -> kB), or -1. */
static long cur_rss_kb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long size, res;
    if (!f)
        return -1;
    int ok = fscanf(f, "%ld %ld", &size, &res) == 2;
    fclose(f);
    return ok ? res * 4 : -1;
}

static void tokenizer_init(glean_tokenizer *tk)
{
    glean_tokenizer_options opt = {1, 1, 1}; /* english, split_hyphens, replace_invalid */
    glean_error err;
    if (glean_tokenizer_init(tk, &opt, &err) != GLEAN_OK)
        bench_die("tokenizer init: %s", err.message);
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* ---- build ------------------------------------------------------------------------ */

/* What one build reports to the parent. */
typedef struct build_result {
    double load_s, compile_s, build_s, save_s;
    size_t entries, image, nwarn, types;
    char first_warning[200];
} build_result;

/* One build in this (child) process: a new tokenizer and builder, load + compile,
 * and the save when asked. */
static void build_once(const char *tsv, const char *out, int save, build_result *res)
{
    glean_tokenizer tk;
    glean_gaz_builder *b;
    glean_gazetteer *g;
    glean_error err;
    size_t count;
    memset(res, 0, sizeof *res);
    tokenizer_init(&tk);
    double t0 = bench_now();
    if (glean_gaz_builder_new(&b, &tk, GLEAN_GAZ_KEY_NORM, &err) != GLEAN_OK)
        bench_die("builder: %s", err.message);
    if (glean_gaz_builder_load_tsv(b, tsv, NULL, "bench", &count, &err) != GLEAN_OK)
        bench_die("load_tsv: %s", err.message);
    double t1 = bench_now();
    if (glean_gaz_compile(b, &g, &err) != GLEAN_OK)
        bench_die("compile: %s", err.message);
    double t2 = bench_now();
    res->load_s = t1 - t0;
    res->compile_s = t2 - t1;
    res->build_s = t2 - t0;
    res->entries = glean_gaz_count(g);
    res->image = glean_gaz_bytes(g);
    res->nwarn = glean_gaz_builder_warning_count(b);
    res->types = tk.lex.ntypes;
    if (res->nwarn)
        snprintf(res->first_warning, sizeof res->first_warning, "%s",
                 glean_gaz_builder_warning(b, 0));
    if (save) {
        t0 = bench_now();
        if (glean_gaz_save(g, out, &err) != GLEAN_OK)
            bench_die("save: %s", err.message);
        res->save_s = bench_now() - t0;
    }
    glean_gaz_free(g);
    glean_gaz_builder_free(b);
    glean_tokenizer_free(&tk);
}

/* Each build runs in a process of its own, as `glean compile` does: its peak RSS is
 * that build's alone. (Builds one after another in one process peak some 30 MB
 * higher with glibc: after the first build frees its big arrays, glibc raises its mmap
 * threshold and serves the next ones from its heap, whose freed holes stay resident.) */
static void bench_build(const char *tsv, const char *out, const char *size, int runs)
{
    double *tl = bench_xrealloc(NULL, sizeof *tl * (size_t)runs);
    double *tc = bench_xrealloc(NULL, sizeof *tc * (size_t)runs);
    double *tb = bench_xrealloc(NULL, sizeof *tb * (size_t)runs);
    long rss_start = bench_peak_rss_kb(), rss = 0;
    build_result res;
    double t_save = 0;
    for (int r = 0; r < runs; r++) {
        int fd[2];
        if (pipe(fd) != 0)
            bench_die("pipe: %s", strerror(errno));
        fflush(NULL);
        pid_t pid = fork();
        if (pid < 0)
            bench_die("fork: %s", strerror(errno));
        if (pid == 0) {
            close(fd[0]);
            build_once(tsv, out, r == runs - 1, &res);
            _exit(write(fd[1], &res, sizeof res) == (ssize_t)sizeof res ? 0 : 1);
        }
        close(fd[1]);
        ssize_t got = read(fd[0], &res, sizeof res);
        close(fd[0]);
        int status;
        struct rusage ru;
        if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) ||
            WEXITSTATUS(status) != 0 || got != (ssize_t)sizeof res)
            bench_die("a build process failed (%s)", tsv);
        if (ru.ru_maxrss > rss)
            rss = ru.ru_maxrss; /* kB on Linux */
        tl[r] = res.load_s;
        tc[r] = res.compile_s;
        tb[r] = res.build_s;
        if (r == runs - 1)
            t_save = res.save_s;
    }
    size_t entries = res.entries, nwarn = res.nwarn, image = res.image, types = res.types;
    const char *first_warning = res.first_warning;
    long fsize = file_size(out);
    double med = bench_median(tb, runs);
    printf("{");
    bench_json_str("tool", "glean-c-gaz-build");
    bench_json_str("size", size);
    bench_json_str("tsv", tsv);
    bench_json_str("first_warning", first_warning);
    printf("\"entries\":%zu,\"warnings\":%zu,\"runs\":%d,\"build_s\":%.6f,\"load_s\":%.6f,"
           "\"compile_s\":%.6f,\"save_s\":%.6f,\"image_bytes\":%zu,\"file_bytes\":%ld,"
           "\"bytes_per_entry\":%.2f,\"lexicon_types\":%zu,\"rss_start_kb\":%ld,"
           "\"peak_rss_kb\":%ld,\"processes\":%d,",
           entries, nwarn, runs, med, bench_median(tl, runs), bench_median(tc, runs), t_save,
           image, fsize, entries ? (double)fsize / (double)entries : 0.0, types, rss_start,
           rss, runs);
    bench_print_times("times_s", tb, runs);
    printf("}\n");
    fflush(stdout);
    fprintf(stderr,
            "glean C gazetteer build %s: %zu entries (%zu warnings), build %.3f s median of %d "
            "(load_tsv %.3f + compile %.3f), save %.3f s\n"
            "  file %ld bytes = %.1f bytes/entry, peak RSS %.1f MB (the largest of %d build "
            "processes)\n",
            size, entries, nwarn, med, runs, bench_median(tl, runs), bench_median(tc, runs),
            t_save, fsize, entries ? (double)fsize / (double)entries : 0.0,
            (double)rss / 1024.0, runs);
    free(tl);
    free(tc);
    free(tb);
}

/* ---- open ------------------------------------------------------------------------- */

static void bench_open(const char *path, const char *size, int opens)
{
    glean_tokenizer tk;
    glean_error err;
    tokenizer_init(&tk);
    double *t = bench_xrealloc(NULL, sizeof *t * (size_t)opens);
    size_t entries = 0;
    for (int r = 0; r < opens; r++) {
        glean_gazetteer *g;
        double t0 = bench_now();
        if (glean_gaz_open(&g, path, &tk, &err) != GLEAN_OK)
            bench_die("open: %s", err.message);
        t[r] = bench_now() - t0;
        entries = glean_gaz_count(g);
        glean_gaz_free(g);
    }
    double med = bench_median(t, opens);
    long rss = bench_peak_rss_kb();
    printf("{");
    bench_json_str("tool", "glean-c-gaz-open");
    bench_json_str("size", size);
    printf("\"entries\":%zu,\"file_bytes\":%ld,\"opens\":%d,\"first_s\":%.6f,\"median_s\":%.6f,"
           "\"peak_rss_kb\":%ld,",
           entries, file_size(path), opens, t[0], med, rss);
    bench_print_times("times_s", t, opens);
    printf("}\n");
    fflush(stdout);
    fprintf(stderr, "glean C gazetteer open %s: first %.2f ms, median of %d %.2f ms\n", size,
            t[0] * 1e3, opens, med * 1e3);
    free(t);
    glean_tokenizer_free(&tk);
}

/* ---- match ------------------------------------------------------------------------ */

typedef struct corpus {
    char *text;
    size_t bytes;
    size_t *off, *len;
    size_t ndocs, cap;
} corpus;

static void add_span(corpus *c, size_t off, size_t len)
{
    if (c->ndocs == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 256;
        c->off = bench_xrealloc(c->off, sizeof *c->off * c->cap);
        c->len = bench_xrealloc(c->len, sizeof *c->len * c->cap);
    }
    c->off[c->ndocs] = off;
    c->len[c->ndocs++] = len;
}

/* One file, documents separated by "\n\n\n" (as bench_tokenize --file and the peers). */
static void load_file(corpus *c, const char *path)
{
    size_t n;
    char *b = bench_read_file(path, &n);
    memset(c, 0, sizeof *c);
    c->text = b;
    c->bytes = n;
    size_t start = 0;
    for (size_t i = 0; i + 3 <= n;) {
        if (b[i] == '\n' && b[i + 1] == '\n' && b[i + 2] == '\n') {
            add_span(c, start, i - start);
            i += 3;
            start = i;
        } else {
            i++;
        }
    }
    add_span(c, start, n - start);
}

static void bench_match(const char *path, const char *file, const char *size, int runs)
{
    glean_tokenizer tk;
    glean_error err;
    glean_gazetteer *g;
    tokenizer_init(&tk);
    long rss0 = cur_rss_kb();
    double t0 = bench_now();
    if (glean_gaz_open(&g, path, &tk, &err) != GLEAN_OK)
        bench_die("open: %s", err.message);
    double t_open = bench_now() - t0;
    long rss_open = cur_rss_kb();
    corpus c;
    load_file(&c, file);

    double *tp = bench_xrealloc(NULL, sizeof *tp * (size_t)runs);
    double *tf = bench_xrealloc(NULL, sizeof *tf * (size_t)runs);
    double *tb = bench_xrealloc(NULL, sizeof *tb * (size_t)runs);

    /* parse alone (reference), one reused doc; also warms the tokenizer's caches */
    glean_doc doc;
    glean_doc_init(&doc);
    size_t ntoks = 0;
    for (int r = 0; r < runs; r++) {
        size_t nt = 0;
        t0 = bench_now();
        for (size_t i = 0; i < c.ndocs; i++) {
            if (glean_parse(&tk, c.text + c.off[i], c.len[i], &doc, &err) != GLEAN_OK)
                bench_die("parse: %s", err.message);
            nt += doc.ntoks;
        }
        tp[r] = bench_now() - t0;
        ntoks = nt;
    }

    /* find alone: every doc parsed beforehand (untimed) */
    glean_doc *docs = bench_xrealloc(NULL, sizeof *docs * c.ndocs);
    for (size_t i = 0; i < c.ndocs; i++) {
        glean_doc_init(&docs[i]);
        if (glean_parse(&tk, c.text + c.off[i], c.len[i], &docs[i], &err) != GLEAN_OK)
            bench_die("parse: %s", err.message);
    }
    glean_gaz_cursor cur;
    glean_gaz_cursor_init(&cur);
    size_t nmatch = 0, nmulti = 0, mtoks = 0;
    for (int r = 0; r < runs; r++) {
        size_t nm = 0, mm = 0, mt = 0;
        t0 = bench_now();
        for (size_t i = 0; i < c.ndocs; i++) {
            if (glean_gaz_find(&cur, g, &tk, &docs[i], 0, NULL, 0, &err) != GLEAN_OK)
                bench_die("find: %s", err.message);
            nm += cur.nmatches;
            for (size_t k = 0; k < cur.nmatches; k++) {
                mm += cur.matches[k].last > cur.matches[k].first;
                mt += cur.matches[k].last - cur.matches[k].first + 1;
            }
        }
        tf[r] = bench_now() - t0;
        nmatch = nm;
        nmulti = mm;
        mtoks = mt;
    }
    long rss_docs = cur_rss_kb();
    for (size_t i = 0; i < c.ndocs; i++)
        glean_doc_free(&docs[i]);
    free(docs);

    /* parse + find per document, one reused doc, a fresh cursor (its type map refills) */
    glean_gaz_cursor_free(&cur);
    glean_gaz_cursor_init(&cur);
    size_t nmatch2 = 0;
    for (int r = 0; r < runs; r++) {
        size_t nm = 0;
        t0 = bench_now();
        for (size_t i = 0; i < c.ndocs; i++) {
            if (glean_parse(&tk, c.text + c.off[i], c.len[i], &doc, &err) != GLEAN_OK)
                bench_die("parse: %s", err.message);
            if (glean_gaz_find(&cur, g, &tk, &doc, 0, NULL, 0, &err) != GLEAN_OK)
                bench_die("find: %s", err.message);
            nm += cur.nmatches;
        }
        tb[r] = bench_now() - t0;
        nmatch2 = nm;
    }
    if (nmatch2 != nmatch)
        fprintf(stderr, "glean_bench_gazetteer: WARNING: %zu matches with parse+find, %zu "
                "with find alone\n", nmatch2, nmatch);

    double mp = bench_median(tp, runs), mf = bench_median(tf, runs), mb = bench_median(tb, runs);
    double B = (double)c.bytes;
    long rss = bench_peak_rss_kb();
    printf("{");
    bench_json_str("tool", "glean-c-gaz-match");
    bench_json_str("size", size);
    bench_json_str("input", file);
    printf("\"entries\":%zu,\"docs\":%zu,\"bytes\":%zu,\"tokens\":%zu,\"runs\":%d,"
           "\"open_s\":%.6f,\"matches\":%zu,\"matches_multi_token\":%zu,\"matched_tokens\":%zu,"
           "\"matches_incl\":%zu,"
           "\"find_median_s\":%.6f,\"MBps_excl\":%.2f,\"MBps_excl_first\":%.2f,"
           "\"both_median_s\":%.6f,\"MBps_incl\":%.2f,\"MBps_incl_first\":%.2f,"
           "\"parse_median_s\":%.6f,\"MBps_parse\":%.2f,\"lexicon_types\":%zu,"
           "\"rss_before_open_kb\":%ld,\"rss_after_open_kb\":%ld,\"rss_with_docs_kb\":%ld,"
           "\"peak_rss_kb\":%ld,\"median_s\":%.6f,",
           glean_gaz_count(g), c.ndocs, c.bytes, ntoks, runs, t_open, nmatch, nmulti, mtoks,
           nmatch2, mf, B / mf / 1e6, B / tf[0] / 1e6, mb, B / mb / 1e6, B / tb[0] / 1e6, mp,
           B / mp / 1e6, (size_t)tk.lex.ntypes, rss0, rss_open, rss_docs, rss, mf);
    bench_print_times("times_s", tf, runs);
    printf(",");
    bench_print_times("times_incl_s", tb, runs);
    printf(",");
    bench_print_times("times_parse_s", tp, runs);
    printf("}\n");
    fflush(stdout);
    fprintf(stderr,
            "glean C gazetteer match %s (%zu entries), %zu docs, %.2f MB, %d runs\n"
            "  find only (tokenization excluded) %7.1f MB/s (first %7.1f)\n"
            "  parse + find                      %7.1f MB/s (first %7.1f)\n"
            "  parse only                        %7.1f MB/s\n"
            "  %zu matches (%zu multi-token), open %.2f ms, peak RSS %.1f MB\n",
            size, glean_gaz_count(g), c.ndocs, B / 1e6, runs, B / mf / 1e6, B / tf[0] / 1e6,
            B / mb / 1e6, B / tb[0] / 1e6, B / mp / 1e6, nmatch, nmulti, t_open * 1e3,
            (double)rss / 1024.0);
    free(tp);
    free(tf);
    free(tb);
    glean_gaz_cursor_free(&cur);
    glean_doc_free(&doc);
    glean_gaz_free(g);
    glean_tokenizer_free(&tk);
    free(c.text);
    free(c.off);
    free(c.len);
}

static void usage(void)
{
    fprintf(stderr, "usage: glean_bench_gazetteer --mode build --tsv T --out F [--runs N]\n"
                    "       glean_bench_gazetteer --mode open --gaz F [--opens N]\n"
                    "       glean_bench_gazetteer --mode match --gaz F --file CORPUS [--runs N]\n"
                    "       (any mode: --size NAME, copied into the JSON)\n");
    exit(2);
}

int main(int argc, char **argv)
{
    const char *mode = NULL, *tsv = NULL, *out = NULL, *gaz = NULL, *file = NULL, *size = "";
    int runs = 5, opens = 10;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc)
            usage();
        const char *v = argv[++i];
        if (strcmp(a, "--mode") == 0)
            mode = v;
        else if (strcmp(a, "--tsv") == 0)
            tsv = v;
        else if (strcmp(a, "--out") == 0)
            out = v;
        else if (strcmp(a, "--gaz") == 0)
            gaz = v;
        else if (strcmp(a, "--file") == 0)
            file = v;
        else if (strcmp(a, "--size") == 0)
            size = v;
        else if (strcmp(a, "--runs") == 0)
            runs = atoi(v);
        else if (strcmp(a, "--opens") == 0)
            opens = atoi(v);
        else
            usage();
    }
    if (!mode || runs < 1 || opens < 1)
        usage();
    if (strcmp(mode, "build") == 0 && tsv && out)
        bench_build(tsv, out, size, runs);
    else if (strcmp(mode, "open") == 0 && gaz)
        bench_open(gaz, size, opens);
    else if (strcmp(mode, "match") == 0 && gaz && file)
        bench_match(gaz, file, size, runs);
    else
        usage();
    return 0;
}
