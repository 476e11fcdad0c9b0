/* bench_util.h — helpers shared by the C benchmark programs: failing loudly, timing,
 * memory figures, medians and JSON output (one JSON line per measurement). */
#ifndef GLEAN_BENCH_UTIL_H
#define GLEAN_BENCH_UTIL_H

#include <stddef.h>

/* Prints "glean bench: " + fmt (with one string argument) and exits with status 2. */
void bench_die(const char *fmt, const char *arg);
/* realloc that never returns NULL (it dies instead). */
void *bench_xrealloc(void *p, size_t n);
/* The whole file, malloc'd (dies when it cannot be read); *n receives its length. */
char *bench_read_file(const char *path, size_t *n);
/* Monotonic seconds. */
double bench_now(void);
/* Peak resident set of this process, in kB. */
long bench_peak_rss_kb(void);
/* A "Key:   123 kB" line of /proc/self/status ("VmRSS", "VmHWM"), in kB (-1 off Linux). */
long bench_status_kb(const char *key);
/* Resets VmHWM to the current RSS (/proc/self/clear_refs, Linux >= 4.0); 1 when it worked. */
int bench_reset_peak_rss(void);
/* Median of n values (the array is not changed). */
double bench_median(const double *v, int n);
/* "key":[t1,t2,...] */
void bench_print_times(const char *key, const double *t, int n);
/* "key":"escaped string", */
void bench_json_str(const char *key, const char *s);

#endif
