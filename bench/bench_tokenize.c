/* bench_tokenize.c — throughput of the C core, without Lua.
 *
 * Loads every document into memory first (not timed), then times --runs passes over
 * all documents with ONE tokenizer (its lexicon and chunk cache warm up during the
 * first pass) and ONE reused glean_doc — the designed fast path:
 *
 *   parse      glean_parse(tk, text, len, &doc, &err) per document
 *              (tokenize + sentence split; options english=1, split_hyphens=1,
 *              replace_invalid=1)
 *   normalize  glean_normalize(..., GLEAN_FORM_CASEFOLD or GLEAN_FORM_SEARCH, ...)
 *              per document into one reused buffer, and for comparison utf8proc_map
 *              with COMPOSE|COMPAT|CASEFOLD|STABLE (utf8proc alone) on the same docs
 *   all        parse, then normalize (casefold, search, utf8proc)
 *   memory     (needs --file) ONE document of --copies K copies of the file joined by
 *              "\n\n\n", parsed once (+ glean_doc_char_offsets, so the lazy array exists)
 *              after a warm-up parse of every document of the file (the lexicon is grown
 *              already). Reports the bytes the glean_doc's arrays hold and the peak RSS
 *              growth (VmHWM, reset via /proc/self/clear_refs, minus VmRSS before; the
 *              text is resident already) per input byte, and the tokenizer's arrays.
 *
 * Input: a directory of text files, one document per file, walked one level of
 * subfolders deep (default: ../shared/data/bbc-news from the repo root), or
 * --file F: one file split on "\n\n\n" into documents (the peers' corpus format; MB/s
 * then counts the whole file, separators included, as the peers do).
 *
 * Output: one JSON line per measurement on stdout, human-readable text on stderr.
 * MB/s uses 1 MB = 10^6 bytes. "first" = the first (cold cache) pass, "median" = the
 * median of all passes. Peak RSS = getrusage ru_maxrss (includes the loaded text).
 *
 * Usage: glean_bench_tokenize [DIR] [--file F] [--runs N]
 *                             [--mode parse|normalize|all|memory] [--copies K]
 *                             [--form casefold|search] [--limit-mb X] */
#define _POSIX_C_SOURCE 200809L

#include "glean_doc.h"
#include "glean_normalize.h"
#include "glean_tokenize.h"
#include "bench_util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

typedef struct corpus {
    char *arena;         /* all document texts, back to back */
    size_t arena_len, arena_cap;
    size_t *off, *len;   /* per document: offset into the arena and byte length */
    size_t ndocs, docs_cap;
    size_t bytes;        /* bytes MB/s is computed over */
    int from_file;       /* documents came from one file, separated by "\n\n\n" */
    char source[4096];
} corpus;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Records a document already in the arena. */
static void add_span(corpus *c, size_t off, size_t n)
{
    if (c->ndocs == c->docs_cap) {
        c->docs_cap = c->docs_cap ? 2 * c->docs_cap : 1024;
        c->off = bench_xrealloc(c->off, sizeof *c->off * c->docs_cap);
        c->len = bench_xrealloc(c->len, sizeof *c->len * c->docs_cap);
    }
    c->off[c->ndocs] = off;
    c->len[c->ndocs] = n;
    c->ndocs++;
}

/* Copies a document into the arena. */
static void add_doc(corpus *c, const char *p, size_t n)
{
    while (c->arena_len + n + 1 > c->arena_cap) {
        c->arena_cap = c->arena_cap ? 2 * c->arena_cap : (1u << 20);
        c->arena = bench_xrealloc(c->arena, c->arena_cap);
    }
    memcpy(c->arena + c->arena_len, p, n);
    add_span(c, c->arena_len, n);
    c->arena_len += n;
    c->arena[c->arena_len++] = '\0';
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Sorted names of the entries of dir (no dot files). */
static char **list_dir(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    if (!d)
        bench_die("cannot open directory %s", dir);
    char **names = NULL;
    size_t cnt = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (cnt == cap)
            names = bench_xrealloc(names, sizeof *names * (cap = cap ? 2 * cap : 64));
        names[cnt++] = strcpy(bench_xrealloc(NULL, strlen(e->d_name) + 1), e->d_name);
    }
    closedir(d);
    if (cnt)
        qsort(names, cnt, sizeof *names, cmp_str);
    *n = cnt;
    return names;
}

/* Files directly in dir and in its subfolders (topic folders), in sorted order. */
static void load_dir(corpus *c, const char *dir, int depth)
{
    size_t n;
    char **names = list_dir(dir, &n);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (is_dir(path)) {
            if (depth < 1)
                load_dir(c, path, depth + 1);
        } else {
            size_t len = strlen(names[i]);
            if (len > 4 && strcmp(names[i] + len - 4, ".txt") == 0) {
                size_t sz;
                char *text = bench_read_file(path, &sz);
                add_doc(c, text, sz);
                c->bytes += sz;
                free(text);
            }
        }
        free(names[i]);
    }
    free(names);
}

/* One file, documents separated by "\n\n\n" (like JavaScript's split: the last
 * document keeps the trailing newline). Bytes = the whole file, as the peers count. */
static void load_file(corpus *c, const char *path)
{
    size_t n;
    char *text = bench_read_file(path, &n);
    /* The file buffer itself becomes the arena (no second copy in memory). */
    c->arena = text;
    c->arena_len = c->arena_cap = n;
    size_t start = 0;
    for (size_t i = 0; i + 3 <= n;) {
        if (text[i] == '\n' && text[i + 1] == '\n' && text[i + 2] == '\n') {
            add_span(c, start, i - start);
            i += 3;
            start = i;
        } else {
            i++;
        }
    }
    add_span(c, start, n - start);
    c->bytes = n;
    c->from_file = 1;
}

/* Keeps whole documents up to limit bytes (counting a 3-byte separator each). */
static void apply_limit(corpus *c, double limit_mb)
{
    size_t lim = (size_t)(limit_mb * 1e6), b = 0, k = 0;
    for (; k < c->ndocs; k++) {
        if (k > 0 && b + c->len[k] + 3 > lim)
            break;
        b += c->len[k] + 3;
    }
    c->ndocs = k;
    b = 0;
    for (size_t i = 0; i < k; i++)
        b += c->len[i];
    c->bytes = b + (k ? 3 * (k - 1) : 0);
}

/* The repo root's ../shared/data/bbc-news: relative to the working directory (run
 * from the repo root), else relative to this executable (build dir in the repo). */
static void default_dir(char *out, size_t cap)
{
    const char *rel = "../shared/data/bbc-news";
    if (is_dir(rel)) {
        snprintf(out, cap, "%s", rel);
        return;
    }
    char exe[2048];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k > 0) {
        exe[k] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(out, cap, "%s/../../shared/data/bbc-news", exe);
            if (is_dir(out))
                return;
        }
    }
    snprintf(out, cap, "%s", rel);
}

static void common_fields(const char *tool, const corpus *c, int runs, double first, double med)
{
    printf("{");
    bench_json_str("tool", tool);
    bench_json_str("input", c->source);
    printf("\"docs\":%zu,\"bytes\":%zu,\"runs\":%d,\"first_s\":%.6f,\"median_s\":%.6f,"
           "\"MBps\":%.2f,\"MBps_first\":%.2f,",
           c->ndocs, c->bytes, runs, first, med, (double)c->bytes / med / 1e6,
           (double)c->bytes / first / 1e6);
}

static void bench_parse(const corpus *c, int runs)
{
    glean_tokenizer tk;
    glean_tokenizer_options opt = {1, 1, 1}; /* english, split_hyphens, replace_invalid */
    glean_error err;
    glean_doc doc;
    long rss_before = bench_peak_rss_kb();
    double t_init = bench_now();
    if (glean_tokenizer_init(&tk, &opt, &err) != GLEAN_OK)
        bench_die("tokenizer init: %s", err.message);
    t_init = bench_now() - t_init;
    glean_doc_init(&doc);
    double *t = bench_xrealloc(NULL, sizeof *t * (size_t)runs);
    size_t ntoks = 0, nsents = 0, max_doc_toks = 0;
    for (int r = 0; r < runs; r++) {
        size_t nt = 0, ns = 0;
        double t0 = bench_now();
        for (size_t i = 0; i < c->ndocs; i++) {
            if (glean_parse(&tk, c->arena + c->off[i], c->len[i], &doc, &err) != GLEAN_OK)
                bench_die("parse failed: %s", err.message);
            nt += doc.ntoks;
            ns += doc.nsents;
            if (doc.ntoks > max_doc_toks)
                max_doc_toks = doc.ntoks;
        }
        t[r] = bench_now() - t0;
        ntoks = nt;
        nsents = ns;
    }
    double med = bench_median(t, runs);
    long rss = bench_peak_rss_kb();
    common_fields("glean-c-parse", c, runs, t[0], med);
    printf("\"tokens\":%zu,\"sentences\":%zu,\"tokps\":%.0f,\"tokps_first\":%.0f,"
           "\"types\":%zu,\"init_s\":%.6f,\"peak_rss_kb\":%ld,\"rss_before_parse_kb\":%ld,"
           "\"peak_rss_per_doc_byte\":%.3f,\"parse_rss_per_doc_byte\":%.3f,",
           ntoks, nsents, (double)ntoks / med, (double)ntoks / t[0], (size_t)tk.lex.ntypes, t_init,
           rss, rss_before, (double)rss * 1024.0 / (double)c->bytes,
           (double)(rss - rss_before) * 1024.0 / (double)c->bytes);
    bench_print_times("times_s", t, runs);
    printf("}\n");
    fflush(stdout);
    fprintf(stderr,
            "glean C parse (tokenize+sentences), %zu docs, %.2f MB, %d runs\n"
            "  first (cold) %.4f s = %7.1f MB/s\n"
            "  median       %.4f s = %7.1f MB/s, %.1f M tokens/s\n"
            "  tokens %zu, sentences %zu, lexicon types %zu, tokenizer init %.4f s\n"
            "  peak RSS %.1f MB (%.1f MB before parsing) = %.2f bytes of RSS per document byte"
            " (%.2f added by parsing)\n",
            c->ndocs, (double)c->bytes / 1e6, runs, t[0], (double)c->bytes / t[0] / 1e6, med,
            (double)c->bytes / med / 1e6, (double)ntoks / med / 1e6, ntoks, nsents,
            (size_t)tk.lex.ntypes, t_init, (double)rss / 1024.0, (double)rss_before / 1024.0,
            (double)rss * 1024.0 / (double)c->bytes,
            (double)(rss - rss_before) * 1024.0 / (double)c->bytes);
    free(t);
    glean_doc_free(&doc);
    glean_tokenizer_free(&tk);
}

static uint64_t fnv1a(uint64_t h, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void bench_glean_normalize(const corpus *c, int runs, const char *form_name, unsigned form)
{
    glean_normalizer nz;
    glean_buf out;
    glean_error err;
    glean_normalizer_init(&nz);
    glean_buf_init(&out);
    double *t = bench_xrealloc(NULL, sizeof *t * (size_t)runs);
    size_t out_bytes = 0;
    unsigned flags = form | GLEAN_NORM_REPLACE_INVALID;
    for (int r = 0; r < runs; r++) {
        size_t ob = 0;
        double t0 = bench_now();
        for (size_t i = 0; i < c->ndocs; i++) {
            out.len = 0;
            if (glean_normalize(&nz, c->arena + c->off[i], c->len[i], flags, &out, &err) !=
                GLEAN_OK)
                bench_die("normalize failed: %s", err.message);
            ob += out.len;
        }
        t[r] = bench_now() - t0;
        out_bytes = ob;
    }
    /* Untimed: FNV-1a of the outputs in document order; with --file the "\n\n\n"
     * separators are hashed back in, so the hash equals the peers' whole-file hash when
     * the outputs agree (ASCII newlines are unchanged by every form and cut safely). */
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < c->ndocs; i++) {
        if (i > 0 && c->from_file)
            h = fnv1a(h, (const unsigned char *)"\n\n\n", 3);
        out.len = 0;
        glean_normalize(&nz, c->arena + c->off[i], c->len[i], flags, &out, &err);
        h = fnv1a(h, (const unsigned char *)out.data, out.len);
    }
    double med = bench_median(t, runs);
    char tool[64];
    snprintf(tool, sizeof tool, "glean-c-normalize-%s", form_name);
    common_fields(tool, c, runs, t[0], med);
    printf("\"out_bytes\":%zu,\"hash\":\"%016llx\",\"peak_rss_kb\":%ld,", out_bytes,
           (unsigned long long)h, bench_peak_rss_kb());
    bench_print_times("times_s", t, runs);
    printf("}\n");
    fflush(stdout);
    fprintf(stderr, "glean C normalize %-8s  first %7.1f MB/s, median %7.1f MB/s (out %zu bytes)\n",
            form_name, (double)c->bytes / t[0] / 1e6, (double)c->bytes / med / 1e6, out_bytes);
    free(t);
    glean_buf_free(&out);
    glean_normalizer_free(&nz);
}

static void bench_utf8proc(const corpus *c, int runs)
{
    const utf8proc_option_t opt =
        UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STABLE;
    double *t = bench_xrealloc(NULL, sizeof *t * (size_t)runs);
    size_t out_bytes = 0, errors = 0;
    for (int r = 0; r < runs; r++) {
        size_t ob = 0, ne = 0;
        double t0 = bench_now();
        for (size_t i = 0; i < c->ndocs; i++) {
            utf8proc_uint8_t *res = NULL;
            utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)c->arena + c->off[i],
                                              (utf8proc_ssize_t)c->len[i], &res, opt);
            if (k < 0)
                ne++;
            else
                ob += (size_t)k;
            free(res);
        }
        t[r] = bench_now() - t0;
        out_bytes = ob;
        errors = ne;
    }
    /* Untimed: how many documents glean's casefold form reproduces byte for byte. */
    glean_normalizer nz;
    glean_buf out;
    glean_error err;
    glean_normalizer_init(&nz);
    glean_buf_init(&out);
    size_t agree = 0;
    for (size_t i = 0; i < c->ndocs; i++) {
        utf8proc_uint8_t *res = NULL;
        utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)c->arena + c->off[i],
                                          (utf8proc_ssize_t)c->len[i], &res, opt);
        out.len = 0;
        if (k >= 0 && glean_normalize(&nz, c->arena + c->off[i], c->len[i],
                                      GLEAN_FORM_CASEFOLD, &out, &err) == GLEAN_OK &&
            out.len == (size_t)k && memcmp(out.data, res, (size_t)k) == 0)
            agree++;
        free(res);
    }
    glean_buf_free(&out);
    glean_normalizer_free(&nz);
    double med = bench_median(t, runs);
    common_fields("utf8proc-map-nfkc_cf", c, runs, t[0], med);
    printf("\"utf8proc\":\"%s\",\"out_bytes\":%zu,\"invalid_docs\":%zu,"
           "\"docs_equal_to_glean_casefold\":%zu,\"peak_rss_kb\":%ld,",
           utf8proc_version(), out_bytes, errors, agree, bench_peak_rss_kb());
    bench_print_times("times_s", t, runs);
    printf("}\n");
    fflush(stdout);
    fprintf(stderr,
            "utf8proc_map NFKC_CF       first %7.1f MB/s, median %7.1f MB/s (%zu invalid docs "
            "skipped; glean casefold == utf8proc on %zu/%zu docs)\n",
            (double)c->bytes / t[0] / 1e6, (double)c->bytes / med / 1e6, errors, agree, c->ndocs);
    free(t);
}

/* Bytes of the arrays a lexicon owns. */
static size_t lexicon_bytes(const glean_lexicon *lx)
{
    return lx->types_cap * (sizeof(glean_lexeme) + sizeof(uint32_t)) +
           lx->nslots * sizeof(uint32_t) + lx->arena.cap + lx->scratch.cap;
}

/* Bytes of the arrays a tokenizer owns: lexicon, chunk cache, special cases, scratch. */
static size_t tokenizer_bytes(const glean_tokenizer *tk)
{
    const glean_chunk_cache *cc = &tk->cache;
    return lexicon_bytes(&tk->lex) + cc->nslots * sizeof(glean_chunk_entry) + cc->arena.cap +
           cc->pieces_cap * sizeof(uint32_t) + tk->special_pieces_cap * sizeof(uint32_t) +
           tk->units_cap * sizeof(glean_unit) +
           (tk->pieces_cap + tk->suffixes_cap) * sizeof(uint32_t);
}

static void bench_memory(const corpus *c, int copies)
{
    glean_tokenizer tk;
    glean_tokenizer_options opt = {1, 1, 1}; /* as the parse mode */
    glean_error err;
    glean_doc doc;
    if (glean_tokenizer_init(&tk, &opt, &err) != GLEAN_OK)
        bench_die("tokenizer init: %s", err.message);
    size_t tk_init = tokenizer_bytes(&tk);
    /* Warm-up: every document of the file once, into one small reused doc. */
    glean_doc_init(&doc);
    double tw = bench_now();
    for (size_t i = 0; i < c->ndocs; i++)
        if (glean_parse(&tk, c->arena + c->off[i], c->len[i], &doc, &err) != GLEAN_OK)
            bench_die("parse failed: %s", err.message);
    tw = bench_now() - tw;
    glean_doc_free(&doc);
    size_t tk_warm = tokenizer_bytes(&tk), lex_warm = lexicon_bytes(&tk.lex);
    size_t types_warm = tk.lex.ntypes;

    /* The document: K copies joined by "\n\n\n" (written, so resident, before measuring). */
    size_t n = c->bytes, len = (size_t)copies * (n + 3) - 3;
    if (n + 3 > GLEAN_MAX_TEXT / (size_t)copies)
        bench_die("--copies too large%s", "");
    char *text = bench_xrealloc(NULL, len);
    for (int k = 0; k < copies; k++) {
        char *p = text + (size_t)k * (n + 3);
        memcpy(p, c->arena, n);
        if (k + 1 < copies)
            memcpy(p + n, "\n\n\n", 3);
    }
    int reset = bench_reset_peak_rss();
    long rss_before = bench_status_kb("VmRSS"), hwm_before = bench_status_kb("VmHWM");
    double tp = bench_now();
    uint32_t cs = 0, ce = 0;
    if (glean_parse(&tk, text, len, &doc, &err) != GLEAN_OK)
        bench_die("parse failed: %s", err.message);
    if (doc.ntoks > 0 && glean_doc_char_offsets(&doc, 0, &cs, &ce) != GLEAN_OK)
        bench_die("glean_doc_char_offsets failed%s", "");
    tp = bench_now() - tp;
    long rss_after = bench_status_kb("VmRSS"), hwm_after = bench_status_kb("VmHWM");
    size_t tk_after = tokenizer_bytes(&tk);
    size_t tok_b = doc.toks_cap * sizeof(glean_token), sent_b = doc.sents_cap * sizeof(glean_sent),
           char_b = doc.chars_cap * sizeof(uint32_t), doc_b = tok_b + sent_b + char_b;
    size_t used_b = doc.ntoks * (sizeof(glean_token) + 2 * sizeof(uint32_t)) +
                    doc.nsents * sizeof(glean_sent) + sizeof(uint32_t);
    /* With the peak reset, the baseline is the RSS then; else the earlier peak. */
    long base = reset ? rss_before : hwm_before;
    double per_doc = (double)doc_b / (double)len, per_used = (double)used_b / (double)len;
    double per_peak = (double)(hwm_after - base) * 1024.0 / (double)len;
    printf("{");
    bench_json_str("tool", "glean-c-memory");
    bench_json_str("input", c->source);
    printf("\"copies\":%d,\"bytes\":%zu,\"tokens\":%zu,\"sentences\":%zu,\"parse_s\":%.6f,"
           "\"doc_bytes\":%zu,\"doc_tok_bytes\":%zu,\"doc_sent_bytes\":%zu,"
           "\"doc_char_bytes\":%zu,\"doc_used_bytes\":%zu,\"doc_bytes_per_byte\":%.4f,"
           "\"doc_used_per_byte\":%.4f,\"doc_bytes_per_token\":%.3f,\"hwm_reset\":%s,"
           "\"rss_before_kb\":%ld,\"hwm_before_kb\":%ld,\"rss_after_kb\":%ld,"
           "\"peak_rss_kb\":%ld,\"peak_rss_growth_per_byte\":%.4f,"
           "\"rss_growth_per_byte\":%.4f,\"tokenizer_bytes_init\":%zu,"
           "\"tokenizer_bytes_warm\":%zu,\"lexicon_bytes_warm\":%zu,\"tokenizer_bytes_after\":%zu,"
           "\"types\":%zu,\"types_warm\":%zu,\"warmup_docs\":%zu,\"warmup_s\":%.6f}\n",
           copies, len, doc.ntoks, doc.nsents, tp, doc_b, tok_b, sent_b, char_b, used_b,
           per_doc, per_used, doc.ntoks ? (double)doc_b / (double)doc.ntoks : 0.0,
           reset ? "true" : "false", rss_before, hwm_before, rss_after, hwm_after, per_peak,
           (double)(rss_after - rss_before) * 1024.0 / (double)len, tk_init, tk_warm, lex_warm,
           tk_after, (size_t)tk.lex.ntypes, types_warm, c->ndocs, tw);
    fflush(stdout);
    fprintf(stderr,
            "glean C memory, %d copies = %zu bytes, %zu tokens, %zu sentences, parse %.3f s\n"
            "  doc holds %zu bytes (tokens %zu, sentences %zu, char offsets %zu) = %.3f per "
            "input byte (%.3f in use)\n"
            "  peak RSS growth %.1f MB = %.3f per input byte (peak reset: %s)\n"
            "  tokenizer arrays %.1f MB at init, %.1f MB after the warm-up (lexicon %.1f MB, "
            "%zu types), %.1f MB after the big parse\n",
            copies, len, doc.ntoks, doc.nsents, tp, doc_b, tok_b, sent_b, char_b, per_doc,
            per_used, (double)(hwm_after - base) / 1024.0, per_peak, reset ? "yes" : "no",
            (double)tk_init / 1e6, (double)tk_warm / 1e6, (double)lex_warm / 1e6, types_warm,
            (double)tk_after / 1e6);
    free(text);
    glean_doc_free(&doc);
    glean_tokenizer_free(&tk);
}

static void usage(void)
{
    fprintf(stderr,
            "usage: glean_bench_tokenize [DIR] [--file F] [--runs N] "
            "[--mode parse|normalize|all|memory] [--copies K] [--form casefold|search] "
            "[--limit-mb X]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    const char *dir = NULL, *file = NULL, *mode = "parse", *form = NULL;
    int runs = 5, copies = 1;
    double limit_mb = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (strcmp(a, "--file") == 0 && more)
            file = argv[++i];
        else if (strcmp(a, "--runs") == 0 && more)
            runs = atoi(argv[++i]);
        else if (strcmp(a, "--mode") == 0 && more)
            mode = argv[++i];
        else if (strcmp(a, "--form") == 0 && more)
            form = argv[++i];
        else if (strcmp(a, "--copies") == 0 && more)
            copies = atoi(argv[++i]);
        else if (strcmp(a, "--limit-mb") == 0 && more)
            limit_mb = atof(argv[++i]);
        else if (a[0] == '-')
            usage();
        else
            dir = a;
    }
    if (runs < 1 || copies < 1)
        usage();
    int do_parse = strcmp(mode, "parse") == 0 || strcmp(mode, "all") == 0;
    int do_norm = strcmp(mode, "normalize") == 0 || strcmp(mode, "all") == 0;
    int do_mem = strcmp(mode, "memory") == 0;
    if ((!do_parse && !do_norm && !do_mem) || (do_mem && (!file || limit_mb > 0)))
        usage();
    if (form && strcmp(form, "casefold") != 0 && strcmp(form, "search") != 0)
        usage();

    corpus c;
    memset(&c, 0, sizeof c);
    double t0 = bench_now();
    if (file) {
        load_file(&c, file);
        snprintf(c.source, sizeof c.source, "%s", file);
    } else {
        char def[4096];
        if (!dir) {
            default_dir(def, sizeof def);
            dir = def;
        }
        if (!is_dir(dir))
            bench_die("no such directory: %s", dir);
        load_dir(&c, dir, 0);
        snprintf(c.source, sizeof c.source, "%s", dir);
    }
    if (limit_mb > 0)
        apply_limit(&c, limit_mb);
    if (c.ndocs == 0 || c.bytes == 0)
        bench_die("no documents in %s", c.source);
    fprintf(stderr, "loaded %zu documents, %zu bytes from %s in %.3f s\n", c.ndocs, c.bytes,
            c.source, bench_now() - t0);

    if (do_mem)
        bench_memory(&c, copies);
    if (do_parse)
        bench_parse(&c, runs);
    if (do_norm) {
        if (!form || strcmp(form, "casefold") == 0)
            bench_glean_normalize(&c, runs, "casefold", GLEAN_FORM_CASEFOLD);
        if (!form || strcmp(form, "search") == 0)
            bench_glean_normalize(&c, runs, "search", GLEAN_FORM_SEARCH);
        bench_utf8proc(&c, runs);
    }
    free(c.arena);
    free(c.off);
    free(c.len);
    return 0;
}
