/* num.c: strict number parsing. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/num.h"

/* Copies `s` without thousands separators into `buf` if they are well
 * placed; returns 0 when `s` has commas in any other arrangement. */
static int strip_thousands(const char *s, char *buf, size_t size)
{
    size_t o = 0;
    int group = -1; /* digits since the last comma, -1 before the first */
    const char *p = s;
    if (*p == '-' || *p == '+') buf[o++] = *p++;
    size_t lead = 0;
    for (; *p && *p != '.' && *p != 'e' && *p != 'E' && *p != ' '; p++) {
        if (o + 1 >= size) return 0;
        if (*p == ',') {
            if ((group == -1 && (lead == 0 || lead > 3)) || (group != -1 && group != 3)) return 0;
            group = 0;
            continue;
        }
        if (*p < '0' || *p > '9') return 0;
        if (group == -1) lead++;
        else group++;
        buf[o++] = *p;
    }
    if (group != -1 && group != 3) return 0;
    size_t rest = strlen(p);
    if (o + rest + 1 > size) return 0;
    memcpy(buf + o, p, rest + 1);
    return 1;
}

/* Clinger's fast path: a plain decimal "-123.456" whose digits form an
 * integer m <= 2^53 with k <= 22 decimals is m / 10^k, and IEEE division of
 * two exact values is correctly rounded, so this equals strtod. Returns 0
 * when the text is not of that simple form (strtod decides then). */
static int parse_simple(const char *s, double *out)
{
    static const double pow10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    int neg = *s == '-';
    if (neg) s++;
    uint64_t m = 0;
    int digits = 0, decimals = -1;
    for (;; s++) {
        if (*s >= '0' && *s <= '9') {
            if (++digits > 19) return 0;
            m = m * 10 + (uint64_t)(*s - '0');
            if (decimals >= 0) decimals++;
        } else if (*s == '.' && decimals < 0) {
            decimals = 0;
        } else {
            break;
        }
    }
    while (*s == ' ' || *s == '\t') s++;
    if (*s || digits == 0 || m > (1ULL << 53) || decimals > 22) return 0;
    double v = (double)m;
    if (decimals > 0) v /= pow10[decimals];
    *out = neg ? -v : v;
    return 1;
}

rw_status rw_parse_double(const char *s, double *out)
{
    while (*s == ' ' || *s == '\t') s++;
    if (*s == '+') s++;
    if (*s == '\0') return RW_EFORMAT;
    if (parse_simple(s, out)) return RW_OK;
    char tmp[128];
    if (strchr(s, ',')) {
        if (!strip_thousands(s, tmp, sizeof tmp)) return RW_EFORMAT;
        s = tmp;
    }
    /* strtod also accepts "nan", "inf" and hex floats; money is none of them. */
    const char *q = s;
    if (*q == '-') q++;
    if (!((*q >= '0' && *q <= '9') || (*q == '.' && q[1] >= '0' && q[1] <= '9')))
        return RW_EFORMAT;
    if (q[0] == '0' && (q[1] == 'x' || q[1] == 'X')) return RW_EFORMAT;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s) return RW_EFORMAT;
    while (*end == ' ' || *end == '\t') end++;
    if (*end != '\0') return RW_EFORMAT;
    if (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL)) return RW_EFORMAT;
    if (!isfinite(v)) return RW_EFORMAT;
    *out = v;
    return RW_OK;
}

rw_status rw_parse_int64(const char *s, int64_t min, int64_t max, int64_t *out)
{
    while (*s == ' ' || *s == '\t') s++;
    if (!((*s >= '0' && *s <= '9') || ((*s == '-' || *s == '+') && s[1] >= '0' && s[1] <= '9')))
        return RW_EFORMAT;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    while (*end == ' ' || *end == '\t') end++;
    if (errno == ERANGE || *end != '\0' || v < min || v > max) return RW_EFORMAT;
    *out = (int64_t)v;
    return RW_OK;
}
