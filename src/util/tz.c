/* tz.c: time zones from TZif files (RFC 8536) and fixed offsets (tz.h).
 *
 * A loaded zone is a sorted list of transitions (UTC instant, offset in
 * effect from it), the offset before the first one, and the POSIX TZ rule
 * of the file's footer for instants after the last one (slim TZif files
 * hold no transitions beyond the present, so the rule is what decides
 * 2024 for them). Only the 64-bit section of version 2+ files is read; the
 * version 1 section is skipped by its counts. Every count and index is
 * checked against the file's size before use. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "util/strutil.h"
#include "util/timeutil.h"
#include "util/tz.h"

/* Largest TZif file read; real ones are a few kilobytes. */
#define TZ_FILE_MAX (1 << 20)
/* Offsets beyond a day and a bit are not local times (RFC 8536: -89999..93599). */
#define TZ_OFFSET_MIN (-89999)
#define TZ_OFFSET_MAX 93599

/* A day of a POSIX TZ rule: "Jn" (1..365, no Feb 29), "n" (0..365) or
 * "Mm.w.d" (weekday d of week w, 5 = last, of month m), at `time` seconds
 * of local time then in effect. */
typedef struct rule_day {
    char kind;     /* 'J', 'n' or 'M' */
    int n, m, w, d;
    int32_t time;
} rule_day;

/* A footer's rule: standard offset, and daylight time between two days. */
typedef struct tz_rule {
    int32_t std_off, dst_off; /* seconds east of UTC */
    int has_dst;
    rule_day start, end;
} tz_rule;

struct rw_tz {
    char name[RW_TZ_NAME_MAX + 12];
    int utc;                   /* the name is "UTC" and the offset always 0 */
    size_t n;                  /* transitions */
    int64_t *at;               /* owned: transition instants, increasing */
    int32_t *off;              /* owned: offset from at[i] on */
    int32_t off_before;        /* before at[0] (or always, when n is 0) */
    int has_rule;              /* after at[n-1]: the footer's rule */
    tz_rule rule;
};

/* ---- names and fixed offsets ------------------------------------------- */

static int safe_name(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > RW_TZ_NAME_MAX || name[0] == '/' || name[len - 1] == '/' ||
        strstr(name, "..") || strstr(name, "//"))
        return 0;
    for (const char *p = name; *p; p++) {
        char c = *p;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '/' || c == '_' || c == '+' || c == '-' || c == '.'))
            return 0;
    }
    return 1;
}

/* "[+-]H[H][[:]MM]" into seconds east; 1 when it is one, up to 14:00. */
static int parse_fixed(const char *s, int32_t *out)
{
    int sign = *s == '-' ? -1 : *s == '+' ? 1 : 0;
    if (!sign) return 0;
    s++;
    int h = 0, m = 0, nd = 0;
    while (*s >= '0' && *s <= '9' && nd < 2) h = h * 10 + (*s++ - '0'), nd++;
    if (nd == 0) return 0;
    if (*s == ':') s++;
    if (*s) {
        if (!(s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9') || s[2]) return 0;
        m = (s[0] - '0') * 10 + (s[1] - '0');
    }
    if (h > 14 || m > 59 || (h == 14 && m > 0)) return 0;
    *out = sign * (h * 3600 + m * 60);
    return 1;
}

static void offset_text(int64_t off, char *out, size_t size)
{
    int64_t a = off < 0 ? -off : off;
    if (a % 60)
        snprintf(out, size, "%c%02d:%02d:%02d", off < 0 ? '-' : '+', (int)(a / 3600),
                 (int)(a / 60 % 60), (int)(a % 60));
    else
        snprintf(out, size, "%c%02d:%02d", off < 0 ? '-' : '+', (int)(a / 3600),
                 (int)(a / 60 % 60));
}

static rw_tz *tz_fixed(int32_t off)
{
    rw_tz *z = calloc(1, sizeof *z);
    if (!z) return NULL;
    z->off_before = off;
    if (off == 0) {
        z->utc = 1;
        rw_str_copy(z->name, sizeof z->name, "UTC");
    } else {
        char o[16];
        offset_text(off, o, sizeof o);
        snprintf(z->name, sizeof z->name, "UTC%s", o);
    }
    return z;
}

/* ---- POSIX TZ rules (the TZif footer) ---------------------------------- */

/* A zone abbreviation: letters, or anything but '>' inside <...>. */
static int rule_name(const char **p)
{
    const char *s = *p;
    if (*s == '<') {
        s++;
        while (*s && *s != '>') s++;
        if (*s != '>' || s - *p < 4) return 0;
        *p = s + 1;
        return 1;
    }
    while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')) s++;
    if (s - *p < 3) return 0;
    *p = s;
    return 1;
}

/* "[+-]hh[:mm[:ss]]" with hours up to `maxh`, into seconds. */
static int rule_time(const char **p, int maxh, int32_t *out)
{
    const char *s = *p;
    int sign = 1;
    if (*s == '+' || *s == '-') sign = *s++ == '-' ? -1 : 1;
    int part[3] = {0, 0, 0};
    for (int k = 0; k < 3; k++) {
        if (k > 0) {
            if (*s != ':') break;
            s++;
        }
        int nd = 0, v = 0;
        while (*s >= '0' && *s <= '9' && nd < 3) v = v * 10 + (*s++ - '0'), nd++;
        if (nd == 0 || (k > 0 && v > 59)) return 0;
        part[k] = v;
    }
    if (part[0] > maxh) return 0;
    *out = sign * (part[0] * 3600 + part[1] * 60 + part[2]);
    *p = s;
    return 1;
}

static int rule_num(const char **p, int lo, int hi, int *out)
{
    const char *s = *p;
    int v = 0, nd = 0;
    while (*s >= '0' && *s <= '9' && nd < 4) v = v * 10 + (*s++ - '0'), nd++;
    if (nd == 0 || v < lo || v > hi) return 0;
    *out = v;
    *p = s;
    return 1;
}

static int rule_date(const char **p, rule_day *r)
{
    const char *s = *p;
    if (*s == 'M') {
        s++;
        r->kind = 'M';
        if (!rule_num(&s, 1, 12, &r->m) || *s++ != '.' || !rule_num(&s, 1, 5, &r->w) ||
            *s++ != '.' || !rule_num(&s, 0, 6, &r->d))
            return 0;
    } else if (*s == 'J') {
        s++;
        r->kind = 'J';
        if (!rule_num(&s, 1, 365, &r->n)) return 0;
    } else {
        r->kind = 'n';
        if (!rule_num(&s, 0, 365, &r->n)) return 0;
    }
    r->time = 7200;
    if (*s == '/') {
        s++;
        if (!rule_time(&s, 167, &r->time)) return 0;
    }
    *p = s;
    return 1;
}

/* Parses a POSIX TZ string such as "CET-1CEST,M3.5.0,M10.5.0/3". */
static int rule_parse(const char *s, tz_rule *r)
{
    int32_t t;
    memset(r, 0, sizeof *r);
    if (!rule_name(&s) || !rule_time(&s, 24, &t)) return 0;
    r->std_off = -t; /* POSIX counts west of UTC */
    if (!*s) return 1;
    if (!rule_name(&s)) return 0;
    r->has_dst = 1;
    r->dst_off = r->std_off + 3600;
    if (*s && *s != ',') {
        if (!rule_time(&s, 24, &t)) return 0;
        r->dst_off = -t;
    }
    if (!*s) { /* POSIX's default: the United States' rules */
        r->start = (rule_day){'M', 0, 3, 2, 0, 7200};
        r->end = (rule_day){'M', 0, 11, 1, 0, 7200};
        return 1;
    }
    if (*s++ != ',' || !rule_date(&s, &r->start) || *s++ != ',' || !rule_date(&s, &r->end))
        return 0;
    return *s == '\0';
}

static int is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Local seconds of the rule's day in year y, at its time. */
static int64_t rule_local(const rule_day *r, int64_t y)
{
    int64_t day;
    if (r->kind == 'J') {
        day = rw_days_from_civil(y, 1, 1) + r->n - 1 + (is_leap(y) && r->n >= 60);
    } else if (r->kind == 'n') {
        day = rw_days_from_civil(y, 1, 1) + r->n;
    } else {
        int64_t first = rw_days_from_civil(y, r->m, 1);
        int wd = (int)(((first + 4) % 7 + 7) % 7); /* 1970-01-01 was a Thursday (4) */
        int dom = 1 + (r->d - wd + 7) % 7 + 7 * (r->w - 1);
        while (dom > rw_days_in_month(y, r->m)) dom -= 7;
        day = first + dom - 1;
    }
    return day * RW_DAY + r->time;
}

static int32_t rule_offset(const tz_rule *r, int64_t t)
{
    if (!r->has_dst) return r->std_off;
    int64_t y;
    int m, d;
    int64_t days = (t + r->std_off) / RW_DAY - ((t + r->std_off) % RW_DAY < 0);
    rw_civil_from_days(days, &y, &m, &d);
    /* Daylight time starts at its time of standard time and ends at its
     * time of daylight time. */
    int64_t start = rule_local(&r->start, y) - r->std_off;
    int64_t end = rule_local(&r->end, y) - r->dst_off;
    int dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
    return dst ? r->dst_off : r->std_off;
}

/* ---- TZif ---------------------------------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

typedef struct tzif_counts {
    size_t isut, isstd, leap, time, type, chr;
} tzif_counts;

/* Reads a header at data[pos]; 0 when it is not one or is cut short. */
static int tzif_header(const unsigned char *data, size_t n, size_t pos, tzif_counts *c,
                       char *version)
{
    if (n < 44 || pos > n - 44 || memcmp(data + pos, "TZif", 4) != 0) return 0;
    *version = (char)data[pos + 4];
    const unsigned char *p = data + pos + 20;
    c->isut = be32(p);
    c->isstd = be32(p + 4);
    c->leap = be32(p + 8);
    c->time = be32(p + 12);
    c->type = be32(p + 16);
    c->chr = be32(p + 20);
    return 1;
}

/* Bytes of a data block with `tsize`-byte times; SIZE_MAX beyond the file. */
static size_t tzif_block(const tzif_counts *c, size_t tsize)
{
    /* Each count is below 2^32 and the file below TZ_FILE_MAX, so a count
     * over the file's size is refused before the sum can overflow. */
    if (c->time > TZ_FILE_MAX || c->type > TZ_FILE_MAX || c->chr > TZ_FILE_MAX ||
        c->leap > TZ_FILE_MAX || c->isstd > TZ_FILE_MAX || c->isut > TZ_FILE_MAX)
        return SIZE_MAX;
    return c->time * tsize + c->time + c->type * 6 + c->chr + c->leap * (tsize + 4) + c->isstd +
           c->isut;
}

static rw_status bad(rw_error *err, const char *file, const char *name, const char *why)
{
    return rw_error_set(err, RW_EFORMAT, file, 0, "time zone '%s': not a valid TZif file (%s)",
                        name, why);
}

rw_status rw_tz_parse(const char *name, const unsigned char *data, size_t n, const char *file,
                      rw_tz **out, rw_error *err)
{
    tzif_counts c1, c;
    char v1, v;
    *out = NULL;
    if (!tzif_header(data, n, 0, &c1, &v1)) return bad(err, file, name, "no TZif header");
    if (v1 < '2') return bad(err, file, name, "version 1 files have no 64-bit data");
    size_t b1 = tzif_block(&c1, 4);
    if (b1 == SIZE_MAX || b1 > n - 44) return bad(err, file, name, "cut short");
    size_t pos = 44 + b1;
    if (!tzif_header(data, n, pos, &c, &v)) return bad(err, file, name, "no 64-bit header");
    pos += 44;
    size_t b2 = tzif_block(&c, 8);
    if (b2 == SIZE_MAX || b2 > n - pos) return bad(err, file, name, "cut short");
    if (c.type == 0 || c.type > 256 || c.chr == 0)
        return bad(err, file, name, "no local time types");
    if ((c.isstd && c.isstd != c.type) || (c.isut && c.isut != c.type))
        return bad(err, file, name, "indicator counts differ from the type count");
    const unsigned char *times = data + pos, *idx = times + c.time * 8,
                        *types = idx + c.time;
    int32_t utoff[256];
    for (size_t i = 0; i < c.type; i++) {
        int32_t o = (int32_t)be32(types + 6 * i);
        if (o < TZ_OFFSET_MIN || o > TZ_OFFSET_MAX)
            return bad(err, file, name, "offset out of range");
        if (types[6 * i + 5] >= c.chr) return bad(err, file, name, "bad abbreviation index");
        utoff[i] = o;
    }
    rw_tz *z = calloc(1, sizeof *z);
    if (!z) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    rw_str_copy(z->name, sizeof z->name, name);
    z->n = c.time;
    z->at = malloc((c.time ? c.time : 1) * sizeof *z->at);
    z->off = malloc((c.time ? c.time : 1) * sizeof *z->off);
    if (!z->at || !z->off) {
        rw_tz_free(z);
        return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < c.time; i++) {
        z->at[i] = be64(times + 8 * i);
        if (idx[i] >= c.type || (i > 0 && z->at[i] <= z->at[i - 1])) {
            rw_tz_free(z);
            return bad(err, file, name, idx[i] >= c.type ? "bad type index"
                                                         : "transitions out of order");
        }
        z->off[i] = utoff[idx[i]];
    }
    z->off_before = utoff[0];
    /* The footer: "\n" TZ-string "\n" (may be empty). */
    pos += b2;
    if (pos < n) {
        const unsigned char *f = data + pos, *end = data + n;
        const unsigned char *nl = f + 1 < end ? memchr(f + 1, '\n', (size_t)(end - f - 1)) : NULL;
        if (f[0] != '\n' || !nl) {
            rw_tz_free(z);
            return bad(err, file, name, "bad footer");
        }
        size_t len = (size_t)(nl - f - 1);
        if (len > 0) {
            char rule[128];
            if (len >= sizeof rule) {
                rw_tz_free(z);
                return bad(err, file, name, "footer rule too long");
            }
            memcpy(rule, f + 1, len);
            rule[len] = '\0';
            if (!rule_parse(rule, &z->rule)) {
                rw_tz_free(z);
                return rw_error_set(err, RW_EFORMAT, file, 0,
                                    "time zone '%s': not a valid TZif file (footer rule '%s')",
                                    name, rule);
            }
            z->has_rule = 1;
        }
    }
    z->utc = !strcmp(name, "UTC") && z->n == 0 && z->off_before == 0 &&
             (!z->has_rule || (!z->rule.has_dst && z->rule.std_off == 0));
    *out = z;
    return RW_OK;
}

static rw_status load_file(const char *name, const char *dir, rw_tz **out, rw_error *err)
{
    char path[4096];
    unsigned char *data = NULL;
    FILE *f = NULL;
    rw_status st = RW_OK;
    struct stat sb;
    int len = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (len < 0 || (size_t)len >= sizeof path)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "time zone '%s': path too long", name);
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "unknown time zone '%s' (no file %s; give an IANA name such as"
                            " Asia/Shanghai, UTC or an offset such as +08:00)",
                            name, path);
    if (sb.st_size > TZ_FILE_MAX) return bad(err, path, name, "too large");
    f = fopen(path, "rb");
    data = malloc((size_t)sb.st_size + 1);
    if (!f || !data) {
        st = !f ? rw_error_set(err, RW_EIO, path, 0, "time zone '%s': %s", name, strerror(errno))
                : rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
        goto out;
    }
    size_t n = fread(data, 1, (size_t)sb.st_size + 1, f);
    if (ferror(f)) {
        st = rw_error_set(err, RW_EIO, path, 0, "time zone '%s': read failed", name);
        goto out;
    }
    st = rw_tz_parse(name, data, n, path, out, err);
out:
    if (f) fclose(f);
    free(data);
    return st;
}

rw_status rw_tz_load(const char *name, const char *dir, rw_tz **out, rw_error *err)
{
    int32_t off;
    *out = NULL;
    if (!name) name = "UTC";
    if (!strcmp(name, "UTC") || !strcmp(name, "Z") || !strcmp(name, "utc")) {
        *out = tz_fixed(0);
    } else if (parse_fixed(name, &off)) {
        *out = tz_fixed(off);
    } else if (!strncmp(name, "UTC", 3) && parse_fixed(name + 3, &off)) {
        *out = tz_fixed(off);
    } else {
        if (!safe_name(name))
            return rw_error_set(err, RW_EINVAL, NULL, 0,
                                "'%.80s' is not a time zone name (IANA names such as"
                                " Asia/Shanghai, UTC, or offsets such as +08:00)",
                                name);
        return load_file(name, dir ? dir : RW_TZ_DIR, out, err);
    }
    return *out ? RW_OK : rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
}

void rw_tz_free(rw_tz *z)
{
    if (!z) return;
    free(z->at);
    free(z->off);
    free(z);
}

const char *rw_tz_name(const rw_tz *z)
{
    return z ? z->name : "UTC";
}

int rw_tz_is_utc(const rw_tz *z)
{
    return !z || z->utc;
}

/* Sentinels (INT64_MIN/MAX for open ends) and times near them are left
 * as they are: a conversion must not overflow. */
static int extreme(int64_t t)
{
    return t < INT64_MIN / 2 || t > INT64_MAX / 2;
}

int64_t rw_tz_offset(const rw_tz *z, int64_t t)
{
    if (!z) return 0;
    if (extreme(t)) t = t < 0 ? INT64_MIN / 2 : INT64_MAX / 2; /* no overflow below */
    if (z->n == 0 || t < z->at[0]) return z->n == 0 && z->has_rule ? rule_offset(&z->rule, t)
                                                                    : z->off_before;
    if (t >= z->at[z->n - 1] && z->has_rule) return rule_offset(&z->rule, t);
    size_t lo = 0, hi = z->n; /* the last transition at or before t */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (z->at[mid] <= t) lo = mid;
        else hi = mid;
    }
    return z->off[lo];
}

int64_t rw_tz_to_local(const rw_tz *z, int64_t t)
{
    return extreme(t) ? t : t + rw_tz_offset(z, t);
}

int64_t rw_tz_to_utc(const rw_tz *z, int64_t local)
{
    if (!z || extreme(local)) return local;
    /* Offsets change at most a few hours and never twice within a day, so
     * the offsets a day either side are the only candidates. */
    int64_t cand[2] = {rw_tz_offset(z, local - RW_DAY), rw_tz_offset(z, local + RW_DAY)};
    int64_t best = INT64_MAX;
    for (int i = 0; i < 2; i++) {
        int64_t u = local - cand[i];
        if (rw_tz_offset(z, u) == cand[i] && u < best) best = u;
    }
    if (best != INT64_MAX) return best;
    return local - cand[0]; /* a gap: the offset before it */
}

void rw_tz_format_local(const rw_tz *z, int64_t local, char *out, size_t size)
{
    char iso[40], off[16];
    rw_time_format_iso(local, iso, sizeof iso);
    if (rw_tz_is_utc(z)) {
        rw_str_copy(out, size, iso);
        return;
    }
    iso[strlen(iso) - 1] = '\0'; /* the 'Z' */
    offset_text(rw_tz_offset(z, rw_tz_to_utc(z, local)), off, sizeof off);
    snprintf(out, size, "%s%s", iso, off);
}

void rw_tz_format_hour(const rw_tz *z, int64_t local, char *out, size_t size)
{
    rw_tz_format_local(z, local - ((local % RW_HOUR) + RW_HOUR) % RW_HOUR, out, size);
}

void rw_tz_format_bucket(const rw_tz *z, int64_t local, rw_granularity g, char *out,
                         size_t size)
{
    if (g == RW_GRAN_HOUR) rw_tz_format_hour(z, local, out, size);
    else rw_time_format_bucket(local, g, out, size);
}

void rw_tz_format_minute(const rw_tz *z, int64_t t, char *out, size_t size)
{
    char off[16];
    int64_t local = rw_tz_to_local(z, t), day = rw_time_floor(local, RW_GRAN_DAY);
    int64_t y, s = local - day;
    int m, d;
    rw_civil_from_days(day / RW_DAY, &y, &m, &d);
    if (rw_tz_is_utc(z)) off[0] = '\0';
    else offset_text(rw_tz_offset(z, t), off, sizeof off);
    snprintf(out, size, "%04lld-%02d-%02d %02d:%02d UTC%s", (long long)y, m, d, (int)(s / 3600),
             (int)(s % 3600 / 60), off);
}

void rw_tz_describe(const rw_tz *z, int64_t t, char *out, size_t size)
{
    char off[16];
    offset_text(rw_tz_offset(z, t), off, sizeof off);
    if (z && !z->utc && !strncmp(z->name, "UTC", 3) && (z->name[3] == '+' || z->name[3] == '-'))
        snprintf(out, size, "%s", z->name);
    else snprintf(out, size, "%s (UTC%s)", rw_tz_name(z), off);
}
