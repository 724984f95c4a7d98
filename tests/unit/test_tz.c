/* test_tz.c: time zones (util/tz.h) against the transitions zdump prints
 * for the system's tzdata, fixed offsets, the POSIX rule of a TZif footer,
 * and files and names that must be refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"
#include "util/timeutil.h"
#include "util/tz.h"

static rw_tz *load(const char *name)
{
    rw_tz *z = NULL;
    rw_error err;
    rw_error_clear(&err);
    rw_status st = rw_tz_load(name, NULL, &z, &err);
    if (st != RW_OK) fprintf(stderr, "load %s: %s\n", name, err.text);
    CHECK(st == RW_OK);
    return z;
}

static int64_t at(int y, int m, int d, int hh, int mi)
{
    return rw_days_from_civil(y, m, d) * RW_DAY + hh * 3600 + mi * 60;
}

static void test_shanghai(void)
{
    rw_tz *z = load("Asia/Shanghai");
    if (!z) return;
    CHECK_STR(rw_tz_name(z), "Asia/Shanghai");
    CHECK(!rw_tz_is_utc(z));
    /* The Tencent monthly fee: 2019-06-01 00:00 Beijing is 2019-05-31T16:00Z. */
    CHECK(rw_tz_offset(z, 1559318400) == 28800);
    CHECK(rw_tz_to_local(z, 1559318400) == at(2019, 6, 1, 0, 0));
    CHECK(rw_tz_to_utc(z, at(2019, 6, 1, 0, 0)) == 1559318400);
    CHECK(rw_time_floor(rw_tz_to_local(z, 1559318400), RW_GRAN_MONTH) == at(2019, 6, 1, 0, 0));
    /* Daylight time 1986: from 1986-05-03T18:00Z (+9) to 1986-09-13T17:00Z. */
    CHECK(rw_tz_offset(z, 515527200 - 1) == 28800);
    CHECK(rw_tz_offset(z, 515527200) == 32400);
    CHECK(rw_tz_offset(z, 527014800 - 1) == 32400);
    CHECK(rw_tz_offset(z, 527014800) == 28800);
    /* 1991: 1991-04-13T18:00Z to 1991-09-14T17:00Z; none since. */
    CHECK(rw_tz_offset(z, at(1991, 4, 13, 17, 59)) == 28800);
    CHECK(rw_tz_offset(z, at(1991, 4, 13, 18, 0)) == 32400);
    CHECK(rw_tz_offset(z, at(1991, 9, 14, 16, 59)) == 32400);
    CHECK(rw_tz_offset(z, at(1991, 9, 14, 17, 0)) == 28800);
    CHECK(rw_tz_offset(z, at(1992, 7, 1, 0, 0)) == 28800);
    CHECK(rw_tz_offset(z, at(2100, 7, 1, 0, 0)) == 28800);
    /* The sentinels of open ends pass unchanged, without overflow. */
    CHECK(rw_tz_to_local(z, INT64_MIN) == INT64_MIN && rw_tz_to_local(z, INT64_MAX) == INT64_MAX);
    CHECK(rw_tz_to_utc(z, INT64_MIN) == INT64_MIN && rw_tz_to_utc(z, INT64_MAX) == INT64_MAX);
    CHECK(rw_tz_offset(z, INT64_MAX) == 28800);
    /* The gap of 1986-05-04 02:00..03:00 local: 02:30 reads as +8, 03:30 CDT. */
    CHECK(rw_tz_to_utc(z, at(1986, 5, 4, 2, 30)) == 515527200 + 1800);
    char buf[64];
    rw_tz_describe(z, 1559318400, buf, sizeof buf);
    CHECK_STR(buf, "Asia/Shanghai (UTC+08:00)");
    rw_tz_format_local(z, at(2019, 6, 1, 0, 0), buf, sizeof buf);
    CHECK_STR(buf, "2019-06-01T00:00:00+08:00");
    rw_tz_format_hour(z, at(2019, 6, 1, 13, 59), buf, sizeof buf);
    CHECK_STR(buf, "2019-06-01T13:00:00+08:00");
    rw_tz_free(z);
}

static void test_berlin(void)
{
    rw_tz *z = load("Europe/Berlin");
    if (!z) return;
    CHECK(rw_tz_offset(z, 1711846800 - 1) == 3600); /* 2024-03-31T01:00Z */
    CHECK(rw_tz_offset(z, 1711846800) == 7200);
    CHECK(rw_tz_offset(z, 1729990800 - 1) == 7200); /* 2024-10-27T01:00Z */
    CHECK(rw_tz_offset(z, 1729990800) == 3600);
    /* Gap: 02:30 on 2024-03-31 does not exist; read at +1, it is 03:30 CEST. */
    CHECK(rw_tz_to_utc(z, at(2024, 3, 31, 2, 30)) == 1711846800 + 1800);
    /* Overlap: 02:30 on 2024-10-27 happens twice; the first (CEST) wins. */
    CHECK(rw_tz_to_utc(z, at(2024, 10, 27, 2, 30)) == 1729990800 - 1800);
    CHECK(rw_tz_to_utc(z, at(2024, 10, 27, 0, 0)) == at(2024, 10, 26, 22, 0));
    CHECK(rw_tz_to_utc(z, at(2024, 10, 28, 0, 0)) == at(2024, 10, 27, 23, 0));
    /* Beyond the file's transitions (2037): the footer rule. */
    CHECK(rw_tz_offset(z, 4109878800 - 1) == 3600); /* 2100-03-28T01:00Z */
    CHECK(rw_tz_offset(z, 4109878800) == 7200);
    CHECK(rw_tz_offset(z, 4128627600 - 1) == 7200); /* 2100-10-31T01:00Z */
    CHECK(rw_tz_offset(z, 4128627600) == 3600);
    char buf[64];
    rw_tz_format_local(z, at(2024, 7, 1, 0, 0), buf, sizeof buf);
    CHECK_STR(buf, "2024-07-01T00:00:00+02:00");
    rw_tz_free(z);
}

static void test_new_york(void)
{
    rw_tz *z = load("America/New_York");
    if (!z) return;
    CHECK(rw_tz_offset(z, 1710054000 - 1) == -18000); /* 2024-03-10T07:00Z */
    CHECK(rw_tz_offset(z, 1710054000) == -14400);
    CHECK(rw_tz_offset(z, 1730613600 - 1) == -14400); /* 2024-11-03T06:00Z */
    CHECK(rw_tz_offset(z, 1730613600) == -18000);
    /* The local day of 2024-07-01T02:00Z is June 30. */
    CHECK(rw_time_floor(rw_tz_to_local(z, at(2024, 7, 1, 2, 0)), RW_GRAN_DAY) ==
          at(2024, 6, 30, 0, 0));
    CHECK(rw_tz_to_utc(z, at(2024, 7, 1, 0, 0)) == at(2024, 7, 1, 4, 0));
    char buf[64];
    rw_tz_format_local(z, at(2024, 1, 2, 3, 0), buf, sizeof buf);
    CHECK_STR(buf, "2024-01-02T03:00:00-05:00");
    rw_tz_free(z);
}

static void test_utc_and_fixed(void)
{
    rw_tz *z = load("UTC");
    char buf[64];
    if (z) {
        CHECK(rw_tz_is_utc(z));
        CHECK(rw_tz_offset(z, 1559318400) == 0);
        rw_tz_format_hour(z, at(2024, 1, 2, 3, 4), buf, sizeof buf);
        CHECK_STR(buf, "2024-01-02T03:00:00Z");
        rw_tz_describe(z, 0, buf, sizeof buf);
        CHECK_STR(buf, "UTC (UTC+00:00)");
    }
    rw_tz_free(z);
    CHECK(rw_tz_is_utc(NULL));
    CHECK(rw_tz_to_local(NULL, 123) == 123);
    CHECK_STR(rw_tz_name(NULL), "UTC");
    static const struct {
        const char *name, *canon;
        int64_t off;
    } fixed[] = {{"+08:00", "UTC+08:00", 28800}, {"UTC+8", "UTC+08:00", 28800},
                 {"-0530", "UTC-05:30", -19800}, {"UTC-05:30", "UTC-05:30", -19800},
                 {"+14", "UTC+14:00", 50400},    {"+00:00", "UTC", 0}};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        z = load(fixed[i].name);
        if (!z) continue;
        CHECK_STR(rw_tz_name(z), fixed[i].canon);
        CHECK(rw_tz_offset(z, 0) == fixed[i].off && rw_tz_offset(z, 4128627600) == fixed[i].off);
        CHECK(rw_tz_to_utc(z, rw_tz_to_local(z, 1559318400)) == 1559318400);
        rw_tz_free(z);
    }
    z = load("+08:00");
    if (z) {
        rw_tz_describe(z, 0, buf, sizeof buf);
        CHECK_STR(buf, "UTC+08:00");
    }
    rw_tz_free(z);
}

static void refused(const char *name, const char *dir, rw_status want, const char *text)
{
    rw_tz *z = NULL;
    rw_error err;
    rw_error_clear(&err);
    rw_status st = rw_tz_load(name, dir, &z, &err);
    if (st != want) fprintf(stderr, "'%s': status %d, want %d (%s)\n", name, st, want, err.text);
    CHECK(st == want);
    CHECK(z == NULL);
    if (!strstr(err.text, text)) fprintf(stderr, "'%s': '%s' lacks '%s'\n", name, err.text, text);
    CHECK(strstr(err.text, text) != NULL);
}

static void test_unsafe_and_unknown(void)
{
    refused("../../etc/passwd", NULL, RW_EINVAL, "not a time zone name");
    refused("/etc/localtime", NULL, RW_EINVAL, "not a time zone name");
    refused("Asia/../../etc", NULL, RW_EINVAL, "not a time zone name");
    refused("Asia/Shang hai", NULL, RW_EINVAL, "not a time zone name");
    refused("Asia/Shanghai;rm", NULL, RW_EINVAL, "not a time zone name");
    refused("", NULL, RW_EINVAL, "not a time zone name");
    refused("+25:00", NULL, RW_EINVAL, "not a time zone name");
    refused("+25", NULL, RW_EINVAL, "unknown time zone");
    refused("Asia/Nowhere", NULL, RW_EINVAL, "unknown time zone 'Asia/Nowhere'");
    refused("Asia", NULL, RW_EINVAL, "unknown time zone 'Asia'"); /* a folder */
}

/* A version 2 TZif file with no transitions, one type and a footer rule. */
static size_t tzif(unsigned char *b, int version, const char *footer)
{
    size_t n = 0;
    for (int part = 0; part < 2; part++) {
        memcpy(b + n, "TZif", 4);
        b[n + 4] = (unsigned char)version;
        memset(b + n + 5, 0, 39);
        b[n + 20 + 19] = 1; /* typecnt */
        b[n + 20 + 23] = 4; /* charcnt */
        n += 44;
        const unsigned char type[6] = {0, 0, 0x0e, 0x10, 0, 0}; /* +3600, std, "CET" */
        memcpy(b + n, type, 6);
        memcpy(b + n + 6, "CET", 4);
        n += 10;
    }
    size_t len = strlen(footer);
    b[n++] = '\n';
    memcpy(b + n, footer, len);
    n += len;
    b[n++] = '\n';
    return n;
}

static void test_footer_rule(void)
{
    unsigned char b[256];
    rw_tz *z = NULL;
    rw_error err;
    rw_error_clear(&err);
    size_t n = tzif(b, '2', "CET-1CEST,M3.5.0,M10.5.0/3");
    CHECK(rw_tz_parse("Test/Slim", b, n, "mem", &z, &err) == RW_OK);
    if (z) {
        CHECK(rw_tz_offset(z, 1711846800 - 1) == 3600);
        CHECK(rw_tz_offset(z, 1711846800) == 7200);
        CHECK(rw_tz_offset(z, 1729990800 - 1) == 7200);
        CHECK(rw_tz_offset(z, 1729990800) == 3600);
    }
    rw_tz_free(z);
    z = NULL;
    /* Southern hemisphere, and Julian days: Sydney-like and fixed days. */
    n = tzif(b, '3', "AEST-10AEDT,M10.1.0,M4.1.0/3");
    CHECK(rw_tz_parse("Test/South", b, n, "mem", &z, &err) == RW_OK);
    if (z) {
        CHECK(rw_tz_offset(z, at(2024, 1, 15, 0, 0)) == 39600);
        CHECK(rw_tz_offset(z, at(2024, 7, 15, 0, 0)) == 36000);
        CHECK(rw_tz_offset(z, at(2024, 12, 31, 13, 30)) == 39600);
    }
    rw_tz_free(z);
    z = NULL;
    n = tzif(b, '2', "XXX-1YYY,J60/0,J300/0");
    CHECK(rw_tz_parse("Test/J", b, n, "mem", &z, &err) == RW_OK);
    if (z) { /* J60 is March 1 even in leap years */
        CHECK(rw_tz_offset(z, at(2024, 2, 29, 22, 0)) == 3600);
        CHECK(rw_tz_offset(z, at(2024, 2, 29, 23, 0)) == 7200);
    }
    rw_tz_free(z);
}

static void bad_bytes(const unsigned char *b, size_t n, const char *why)
{
    rw_tz *z = NULL;
    rw_error err;
    rw_error_clear(&err);
    rw_status st = rw_tz_parse("Test/Bad", b, n, "bad.tzif", &z, &err);
    CHECK(st == RW_EFORMAT);
    CHECK(z == NULL);
    if (!strstr(err.text, why)) fprintf(stderr, "'%s' lacks '%s'\n", err.text, why);
    CHECK(strstr(err.text, why) != NULL);
    CHECK_STR(err.file, "bad.tzif");
}

static int mkdir_ok(const char *p)
{
    return mkdir(p, 0700) == 0;
}

static void test_malformed(void)
{
    unsigned char b[256];
    size_t n = tzif(b, '2', "CET-1");
    bad_bytes(b, 10, "no TZif header");
    unsigned char v1[256];
    memcpy(v1, b, n);
    v1[4] = 0;
    bad_bytes(v1, n, "version 1");
    bad_bytes(b, 60, "no 64-bit header");
    bad_bytes(b, 100, "cut short");
    memcpy(v1, b, n);
    v1[54 + 20 + 12] = 0x7f; /* a huge timecnt in the 64-bit header */
    bad_bytes(v1, n, "cut short");
    n = tzif(b, '2', "CET-1CEST,M13.5.0,M10.5.0");
    bad_bytes(b, n, "footer rule 'CET-1CEST,M13.5.0,M10.5.0'");
    n = tzif(b, '2', "CET-1");
    b[n - 1] = 'x';
    bad_bytes(b, n, "bad footer");
    memcpy(v1, b, n);
    v1[54 + 44 + 5] = 9; /* abbreviation index past charcnt */
    bad_bytes(v1, n, "bad abbreviation index");

    /* A real file cut short, read through rw_tz_load from a folder. */
    char dir[] = "/tmp/rw_tz.XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    char path[256], sub[256];
    snprintf(sub, sizeof sub, "%s/Test", dir);
    snprintf(path, sizeof path, "%s/Test/Cut", dir);
    FILE *in = fopen(RW_TZ_DIR "/Asia/Shanghai", "rb");
    unsigned char real[4096];
    size_t nr = in ? fread(real, 1, sizeof real, in) : 0;
    if (in) fclose(in);
    CHECK(nr > 200);
    CHECK(mkdir_ok(sub));
    FILE *out = fopen(path, "wb");
    CHECK(out != NULL);
    if (out) {
        CHECK(fwrite(real, 1, nr / 2, out) == nr / 2);
        CHECK(fclose(out) == 0);
    }
    rw_tz *z = NULL;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_tz_load("Test/Cut", dir, &z, &err) == RW_EFORMAT);
    CHECK(strstr(err.text, "time zone 'Test/Cut'") != NULL);
    CHECK_STR(err.file, path);
    rw_tz_free(z);
    /* The whole file from the same folder loads. */
    out = fopen(path, "wb");
    if (out) {
        CHECK(fwrite(real, 1, nr, out) == nr);
        CHECK(fclose(out) == 0);
    }
    z = NULL;
    CHECK(rw_tz_load("Test/Cut", dir, &z, &err) == RW_OK);
    CHECK(z && rw_tz_offset(z, 1559318400) == 28800);
    rw_tz_free(z);
    unlink(path);
    rmdir(sub);
    rmdir(dir);
}

int main(void)
{
    test_shanghai();
    test_berlin();
    test_new_york();
    test_utc_and_fixed();
    test_unsafe_and_unknown();
    test_footer_rule();
    test_malformed();
    CHECK_DONE();
}
