/* glean_dates_calendar.c — the date extractor's calendar arithmetic (dates.lua's
 * days_from_civil, civil_from_days, iso, valid, parse_iso, infer_year, month_range) and
 * the Lua number semantics it needs where the text decides a number: tonumber, Lua's
 * wrapping integers, floor division on floats, and "%04d", which wants a whole number. */
#include "glean_dates_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- Lua integers: wrapping arithmetic, floor division and modulo by a positive d ------ */

static inline int64_t iadd(int64_t a, int64_t b) { return (int64_t)((uint64_t)a + (uint64_t)b); }
static inline int64_t isub(int64_t a, int64_t b) { return (int64_t)((uint64_t)a - (uint64_t)b); }
static inline int64_t imul(int64_t a, int64_t b) { return (int64_t)((uint64_t)a * (uint64_t)b); }

static inline int64_t idiv(int64_t a, int64_t d)
{
    int64_t q = a / d;
    return (a % d != 0 && a < 0) ? q - 1 : q;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
 * idiv floors, as Lua's // does, so the era is y / 400 floored: no `y - 399` (that is
 * what makes C's truncating division floor; on top of a floor it put years before 0 an
 * era short, and a day before 0000-03-01 a day late). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    if (m <= 2)
        y = y - 1;
    int64_t era = idiv(y, 400);
    int64_t yoe = y - era * 400;
    int64_t mp = dates_imod(m + 9, 12);
    int64_t doy = idiv(153 * mp + 2, 5) + d - 1;
    int64_t doe = yoe * 365 + idiv(yoe, 4) - idiv(yoe, 100) + doy;
    return era * 146097 + doe - 719468;
}

/* dates_civil_from_days for any Lua integer (wrapping as Lua does far out of range). */
void dates_civil_from_days(int64_t z, int64_t *py, int64_t *pm, int64_t *pd)
{
    z = iadd(z, 719468);
    int64_t era = idiv(z, 146097);
    int64_t doe = isub(z, imul(era, 146097));
    int64_t yoe = idiv(iadd(isub(doe, idiv(doe, 1460)), isub(idiv(doe, 36524), idiv(doe, 146096))), 365);
    int64_t y = iadd(yoe, imul(era, 400));
    int64_t doy = isub(doe, isub(iadd(imul(365, yoe), idiv(yoe, 4)), idiv(yoe, 100)));
    int64_t mp = idiv(iadd(imul(5, doy), 2), 153);
    int64_t d = iadd(isub(doy, idiv(iadd(imul(153, mp), 2), 5)), 1);
    int64_t m = mp < 10 ? iadd(mp, 3) : isub(mp, 9);
    if (m <= 2)
        y = iadd(y, 1);
    *py = y;
    *pm = m;
    *pd = d;
}

/* floor(x) without libm (the core links none): doubles of magnitude 2^52 and more, the
 * infinities and NaN are their own floor. Zero's sign cannot show in the results. */
static double floor_of(double x)
{
    if (!(x > -4503599627370496.0 && x < 4503599627370496.0))
        return x;
    double t = (double)(int64_t)x;
    return t > x ? t - 1 : t;
}

/* string.format("%04d-%02d-%02d", y, m, d); the days of four-digit years by hand. */
void dates_format_ymd(char *out, int64_t y, int64_t m, int64_t d)
{
    if (y < 0 || y > 9999 || m < 0 || m > 99 || d < 0 || d > 99) {
        snprintf(out, GLEAN_DATE_STR, "%04" PRId64 "-%02" PRId64 "-%02" PRId64, y, m, d);
        return;
    }
    char s[11] = { (char)('0' + y / 1000), (char)('0' + y / 100 % 10), (char)('0' + y / 10 % 10),
                   (char)('0' + y % 10), '-', (char)('0' + m / 10), (char)('0' + m % 10), '-',
                   (char)('0' + d / 10), (char)('0' + d % 10), 0 };
    memcpy(out, s, sizeof s);
}

/* dates_iso(z): "YYYY-MM-DD" of day z. */
void dates_iso(char *out, int64_t z)
{
    int64_t y, m, d;
    dates_civil_from_days(z, &y, &m, &d);
    dates_format_ymd(out, y, m, d);
}

/* math.tointeger(f): 1 and *v when the float is a whole number in range, else 0. */
int dates_float_integer(double f, int64_t *v)
{
    if (floor_of(f) != f || !(f >= -9223372036854775808.0 && f < 9223372036854775808.0))
        return 0;
    *v = (int64_t)f;
    return 1;
}

static int lua_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* tonumber(s): l_str2int (decimal with overflow to float, or wrapping hex), else
 * l_str2d (strtod; "inf" and "nan" refused). 0 when s is no number. */
int dates_lua_tonumber(const char *s, size_t len, dates_lua_num *out)
{
    char buf[128];
    if (len >= sizeof buf || memchr(s, 0, len))
        return 0; /* longer than any token of digits; a NUL ends Lua's conversion early */
    memcpy(buf, s, len);
    buf[len] = 0;
    const char *p = buf;
    while (lua_space(*p))
        p++;
    int neg = 0;
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    uint64_t a = 0;
    int empty = 1, overflow = 0;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        for (p += 2; (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F'); p++) {
            a = a * 16 + (uint64_t)(*p <= '9' ? *p - '0' : (*p | 0x20) - 'a' + 10);
            empty = 0;
        }
    } else {
        for (; *p >= '0' && *p <= '9'; p++) {
            int dgt = *p - '0';
            if (a >= UINT64_C(922337203685477580) &&
                (a > UINT64_C(922337203685477580) || dgt > 7 + neg)) {
                overflow = 1;
                break;
            }
            a = a * 10 + (uint64_t)dgt;
            empty = 0;
        }
    }
    while (lua_space(*p))
        p++;
    if (!empty && !overflow && *p == 0) {
        out->is_float = 0;
        out->i = (int64_t)(neg ? 0 - a : a);
        return 1;
    }
    if (strpbrk(buf, "nN"))
        return 0;
    char *end;
    double f = strtod(buf, &end);
    if (end == buf)
        return 0;
    while (lua_space(*end))
        end++;
    if (*end)
        return 0;
    out->is_float = 1;
    out->f = f;
    return 1;
}

/* dates_iso(ref - k * n) for a count n read from the text, with Lua's wrapping integer
 * arithmetic. */
void dates_iso_days_back(char *out, int64_t ref, int64_t k, int64_t n)
{
    dates_iso(out, isub(ref, imul(k, n)));
}

static int days_in_month(int64_t y, int64_t m)
{
    static const int DAYS_IN[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
        return 29;
    return DAYS_IN[m - 1];
}

int dates_valid(int64_t y, int64_t m, int64_t d)
{
    return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

int glean_dates_parse_iso(const char *s, size_t len, int64_t *days)
{
    static const char SHAPE[] = "dddd-dd-dd";
    if (len < 10)
        return 0;
    for (int i = 0; i < 10; i++)
        if (SHAPE[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != '-')
            return 0;
    int64_t y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int64_t m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    if (!dates_valid(y, m, d))
        return 0;
    *days = days_from_civil(y, m, d);
    return 1;
}

void dates_month_range(glean_date *r, int64_t y, int64_t m)
{
    dates_format_ymd(r->from, y, m, 1);
    dates_format_ymd(r->to, y, m, days_in_month(y, m));
}

/* The year for a month (and day) without one: the article's, moved by the tense. */
int64_t dates_infer_year(int64_t ref, int64_t m, int64_t d, int tense)
{
    int64_t y, rm, rd;
    dates_civil_from_days(ref, &y, &rm, &rd);
    if (tense == GLEAN_TENSE_PAST && (m > rm || (m == rm && d > rd)) && m - rm >= 2)
        return y - 1;
    if (tense == GLEAN_TENSE_FUTURE && (m < rm || (m == rm && d < rd)) && rm - m >= 2)
        return y + 1;
    return y;
}

