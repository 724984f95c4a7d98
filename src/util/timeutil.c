/* timeutil.c: civil-date arithmetic (Howard Hinnant's days-from-civil
 * algorithm, public domain description) and strict timestamp parsing. */
#include <stdio.h>
#include <time.h>
#include <string.h>
#include "util/strutil.h"
#include "util/timeutil.h"

int64_t rw_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void rw_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

int rw_days_in_month(int64_t y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return len[m - 1];
}

/* Reads exactly `k` digits at s[*i]; returns -1 if they are not all digits. */
static int digits(const char *s, size_t n, size_t *i, int k)
{
    int v = 0;
    for (int j = 0; j < k; j++) {
        if (*i >= n || s[*i] < '0' || s[*i] > '9') return -1;
        v = v * 10 + (s[*i] - '0');
        (*i)++;
    }
    return v;
}

static rw_status parse_offset(const char *s, size_t n, size_t *i, int64_t *off)
{
    int sign = s[*i] == '-' ? -1 : 1;
    (*i)++;
    int hh = digits(s, n, i, 2), mm = 0;
    if (hh < 0 || hh > 14) return RW_EFORMAT;
    if (*i < n && s[*i] == ':') (*i)++;
    if (*i < n && s[*i] >= '0' && s[*i] <= '9') {
        mm = digits(s, n, i, 2);
        if (mm < 0 || mm > 59) return RW_EFORMAT;
    }
    *off = sign * (hh * 3600 + mm * 60);
    return RW_OK;
}

rw_status rw_time_parse(const char *s, size_t n, int64_t naive_offset, int64_t *out)
{
    size_t i = 0;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    int y = digits(s, n, &i, 4);
    if (y < 1 || i >= n || (s[i] != '-' && s[i] != '/')) return RW_EFORMAT;
    char sep = s[i++];
    int mo = digits(s, n, &i, 2);
    if (mo < 1 || mo > 12 || i >= n || s[i++] != sep) return RW_EFORMAT;
    int d = digits(s, n, &i, 2);
    if (d < 1 || d > rw_days_in_month(y, mo)) return RW_EFORMAT;
    int hh = 0, mi = 0, ss = 0;
    int64_t off = naive_offset;
    if (i < n && (s[i] == 'T' || s[i] == ' ')) {
        i++;
        hh = digits(s, n, &i, 2);
        if (hh < 0 || hh > 23 || i >= n || s[i++] != ':') return RW_EFORMAT;
        mi = digits(s, n, &i, 2);
        if (mi < 0 || mi > 59) return RW_EFORMAT;
        if (i < n && s[i] == ':') {
            i++;
            ss = digits(s, n, &i, 2);
            if (ss < 0 || ss > 60) return RW_EFORMAT; /* 60: leap second */
            if (i < n && (s[i] == '.' || s[i] == ',')) {
                i++;
                size_t f0 = i;
                while (i < n && s[i] >= '0' && s[i] <= '9') i++;
                if (i == f0) return RW_EFORMAT;
            }
        }
        while (i < n && s[i] == ' ') i++;
        if (i < n && s[i] == 'Z') {
            i++;
            off = 0;
        } else if (n - i >= 3 && memcmp(s + i, "UTC", 3) == 0) {
            i += 3;
            off = 0;
        } else if (i < n && (s[i] == '+' || s[i] == '-')) {
            if (parse_offset(s, n, &i, &off) != RW_OK) return RW_EFORMAT;
        }
    }
    if (i != n) return RW_EFORMAT;
    *out = rw_days_from_civil(y, mo, d) * RW_DAY + hh * 3600 + mi * 60 + ss - off;
    return RW_OK;
}

/* Reads 1 to `max` digits at s[*i]; -1 when there is none. */
static int digits_upto(const char *s, size_t n, size_t *i, int max)
{
    int v = 0, k = 0;
    while (k < max && *i < n && s[*i] >= '0' && s[*i] <= '9') {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    return k ? v : -1;
}

int rw_time_slash_parts(const char *s, size_t n, int *a, int *b)
{
    size_t i = 0;
    while (i < n && s[i] == ' ') i++;
    int x = digits_upto(s, n, &i, 2);
    if (x < 0 || i >= n || s[i++] != '/') return 0;
    int y = digits_upto(s, n, &i, 2);
    if (y < 0 || i >= n || s[i++] != '/' || i >= n || s[i] < '0' || s[i] > '9') return 0;
    *a = x;
    *b = y;
    return 1;
}

/* The clock part of a spreadsheet time, from s[*i] to the end:
 * H:MM[:SS[.fraction]] [AM|PM]. Seconds of the day in *sec. */
static rw_status parse_clock(const char *s, size_t n, size_t i, int64_t *sec)
{
    int hh = digits_upto(s, n, &i, 2);
    if (hh < 0 || i >= n || s[i++] != ':') return RW_EFORMAT;
    int mi = digits(s, n, &i, 2), ss = 0;
    if (mi < 0 || mi > 59) return RW_EFORMAT;
    if (i < n && s[i] == ':') {
        i++;
        ss = digits(s, n, &i, 2);
        if (ss < 0 || ss > 60) return RW_EFORMAT;
        if (i < n && (s[i] == '.' || s[i] == ',')) {
            size_t f0 = ++i;
            while (i < n && s[i] >= '0' && s[i] <= '9') i++;
            if (i == f0) return RW_EFORMAT;
        }
    }
    while (i < n && s[i] == ' ') i++;
    if (n - i == 2 && (s[i + 1] == 'M' || s[i + 1] == 'm')) {
        /* 12-hour clock: 12:30 AM is 00:30, 12:30 PM is 12:30. */
        int pm = s[i] == 'P' || s[i] == 'p';
        if (!pm && s[i] != 'A' && s[i] != 'a') return RW_EFORMAT;
        if (hh < 1 || hh > 12) return RW_EFORMAT;
        hh = hh % 12 + (pm ? 12 : 0);
        i += 2;
    }
    if (i != n || hh > 23) return RW_EFORMAT;
    *sec = hh * 3600 + mi * 60 + ss;
    return RW_OK;
}

rw_status rw_time_parse_order(const char *s, size_t n, int64_t naive_offset, rw_date_order order,
                              int64_t *out)
{
    if (rw_time_parse(s, n, naive_offset, out) == RW_OK) return RW_OK;
    size_t i = 0;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    size_t i0 = i;
    int p1 = digits_upto(s, n, &i, 4);
    if (p1 < 0 || i >= n || s[i] != '/') return RW_EFORMAT;
    int year_first = i - i0 == 4;
    if (!year_first && i - i0 > 2) return RW_EFORMAT;
    i++;
    int p2 = digits_upto(s, n, &i, 2);
    if (p2 < 0 || i >= n || s[i++] != '/') return RW_EFORMAT;
    size_t y0 = i;
    int p3 = digits_upto(s, n, &i, year_first ? 2 : 4);
    if (p3 < 0) return RW_EFORMAT;
    int64_t y;
    int mo, d;
    if (year_first) {
        y = p1, mo = p2, d = p3;
    } else {
        if (i - y0 == 2) y = p3 < 30 ? 2000 + p3 : 1900 + p3; /* Excel's pivot */
        else if (i - y0 == 4) y = p3;
        else return RW_EFORMAT;
        if (order == RW_DATE_AUTO) /* only what needs no order */
            order = p1 > 12 ? RW_DATE_DMY : (p2 > 12 || p1 == p2) ? RW_DATE_MDY : RW_DATE_AUTO;
        if (order == RW_DATE_AUTO) return RW_EFORMAT;
        mo = order == RW_DATE_MDY ? p1 : p2;
        d = order == RW_DATE_MDY ? p2 : p1;
    }
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > rw_days_in_month(y, mo)) return RW_EFORMAT;
    int64_t sec = 0;
    if (i < n) {
        if (s[i] != ' ' && s[i] != 'T') return RW_EFORMAT;
        while (i < n && s[i] == ' ') i++;
        if (i < n && s[i] == 'T') i++;
        if (parse_clock(s, n, i, &sec) != RW_OK) return RW_EFORMAT;
    }
    *out = rw_days_from_civil(y, mo, d) * RW_DAY + sec - naive_offset;
    return RW_OK;
}

const char *rw_date_order_name(rw_date_order o)
{
    static const char *names[] = {"auto", "mdy", "dmy"};
    return names[o];
}

rw_status rw_date_order_parse(const char *name, rw_date_order *out)
{
    for (int o = RW_DATE_AUTO; o <= RW_DATE_DMY; o++)
        if (strcmp(name, rw_date_order_name((rw_date_order)o)) == 0) {
            *out = (rw_date_order)o;
            return RW_OK;
        }
    return RW_EINVAL;
}

rw_status rw_time_parse_clf(const char *s, size_t n, int64_t *out)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    size_t i = 0;
    int d = digits(s, n, &i, 2);
    if (d < 1 || i + 5 > n || s[i] != '/') return RW_EFORMAT;
    int mo = 0;
    for (int k = 0; k < 12; k++)
        if (memcmp(s + i + 1, months + 3 * k, 3) == 0) mo = k + 1;
    i += 4;
    if (mo == 0 || i >= n || s[i++] != '/') return RW_EFORMAT;
    int y = digits(s, n, &i, 4);
    if (y < 1 || d > rw_days_in_month(y, mo) || i >= n || s[i++] != ':') return RW_EFORMAT;
    int hh = digits(s, n, &i, 2);
    if (hh < 0 || hh > 23 || i >= n || s[i++] != ':') return RW_EFORMAT;
    int mi = digits(s, n, &i, 2);
    if (mi < 0 || mi > 59 || i >= n || s[i++] != ':') return RW_EFORMAT;
    int ss = digits(s, n, &i, 2);
    if (ss < 0 || ss > 60) return RW_EFORMAT;
    int64_t off = 0;
    if (i < n && s[i] == ' ') {
        i++;
        if (i >= n || (s[i] != '+' && s[i] != '-')) return RW_EFORMAT;
        if (parse_offset(s, n, &i, &off) != RW_OK) return RW_EFORMAT;
    }
    if (i != n) return RW_EFORMAT;
    *out = rw_days_from_civil(y, mo, d) * RW_DAY + hh * 3600 + mi * 60 + ss - off;
    return RW_OK;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int64_t rw_time_floor(int64_t t, rw_granularity g)
{
    int64_t days = floor_div(t, RW_DAY);
    switch (g) {
    case RW_GRAN_HOUR: return floor_div(t, RW_HOUR) * RW_HOUR;
    case RW_GRAN_DAY: return days * RW_DAY;
    case RW_GRAN_WEEK: /* 1970-01-01 was a Thursday: Monday is day -3. */
        return (floor_div(days + 3, 7) * 7 - 3) * RW_DAY;
    case RW_GRAN_MONTH: {
        int64_t y;
        int m, d;
        rw_civil_from_days(days, &y, &m, &d);
        return rw_days_from_civil(y, m, 1) * RW_DAY;
    }
    }
    return t;
}

int64_t rw_time_next(int64_t start, rw_granularity g)
{
    switch (g) {
    case RW_GRAN_HOUR: return start + RW_HOUR;
    case RW_GRAN_DAY: return start + RW_DAY;
    case RW_GRAN_WEEK: return start + 7 * RW_DAY;
    case RW_GRAN_MONTH: {
        int64_t y;
        int m, d;
        rw_civil_from_days(floor_div(start, RW_DAY), &y, &m, &d);
        return (rw_days_from_civil(y, m, 1) + rw_days_in_month(y, m)) * RW_DAY;
    }
    }
    return start;
}

static void split(int64_t t, int64_t *y, int *mo, int *d, int *hh, int *mi, int *ss)
{
    int64_t days = floor_div(t, RW_DAY), sec = t - days * RW_DAY;
    rw_civil_from_days(days, y, mo, d);
    *hh = (int)(sec / 3600);
    *mi = (int)(sec / 60 % 60);
    *ss = (int)(sec % 60);
}

void rw_time_format_bucket(int64_t t, rw_granularity g, char *out, size_t size)
{
    int64_t y;
    int mo, d, hh, mi, ss;
    split(t, &y, &mo, &d, &hh, &mi, &ss);
    if (g == RW_GRAN_HOUR)
        snprintf(out, size, "%04lld-%02d-%02dT%02d:00:00Z", (long long)y, mo, d, hh);
    else
        snprintf(out, size, "%04lld-%02d-%02d", (long long)y, mo, d);
}

void rw_time_format_iso(int64_t t, char *out, size_t size)
{
    int64_t y;
    int mo, d, hh, mi, ss;
    split(t, &y, &mo, &d, &hh, &mi, &ss);
    snprintf(out, size, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, mo, d, hh, mi, ss);
}

rw_status rw_granularity_parse(const char *s, rw_granularity *out)
{
    static const char *names[] = {"hour", "day", "week", "month"};
    for (int g = 0; g < 4; g++)
        if (strcmp(s, names[g]) == 0) {
            *out = (rw_granularity)g;
            return RW_OK;
        }
    return RW_EINVAL;
}

const char *rw_granularity_name(rw_granularity g)
{
    static const char *names[] = {"hour", "day", "week", "month"};
    return names[g];
}

const char *rw_granularity_plural(rw_granularity g)
{
    static const char *names[] = {"hours", "days", "weeks", "months"};
    return names[g];
}

void rw_time_format_day(int64_t t, char *out)
{
    /* Room for any int64 year, then cut to the 16 bytes callers reserve
     * (only years beyond 99999 lose digits). */
    char buf[32];
    rw_time_format_bucket(t, RW_GRAN_DAY, buf, sizeof buf);
    rw_str_copy(out, 16, buf);
}

double rw_monotonic_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
