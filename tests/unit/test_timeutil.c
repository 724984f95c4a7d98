/* test_timeutil.c: calendar arithmetic against a brute-force day counter,
 * timestamp parsing (valid and invalid forms), buckets and formatting. */
#include <stdint.h>
#include "check.h"
#include "util/strutil.h"
#include "util/timeutil.h"

static int64_t parse(const char *s, int64_t off)
{
    int64_t t = INT64_MIN;
    if (rw_time_parse(s, strlen(s), off, &t) != RW_OK) return INT64_MIN;
    return t;
}

int main(void)
{
    /* Oracle: walk day by day from 1900 to 2100 and compare. */
    int64_t days = rw_days_from_civil(1900, 1, 1);
    CHECK(days == -25567);
    for (int64_t y = 1900; y < 2100; y++)
        for (int m = 1; m <= 12; m++)
            for (int d = 1; d <= rw_days_in_month(y, m); d++) {
                if (rw_days_from_civil(y, m, d) != days) {
                    CHECK(rw_days_from_civil(y, m, d) == days);
                    goto done;
                }
                int64_t yy;
                int mm, dd;
                rw_civil_from_days(days, &yy, &mm, &dd);
                CHECK(yy == y && mm == m && dd == d);
                days++;
            }
done:
    CHECK(rw_days_in_month(2024, 2) == 29 && rw_days_in_month(2100, 2) == 28 &&
          rw_days_in_month(2000, 2) == 29);

    /* Both timestamp styles of real FOCUS exports, zones, fractions. */
    CHECK(parse("2024-09-18T22:00:00Z", 0) == 1726696800);
    CHECK(parse("2024-09-18 22:00:00", 0) == 1726696800);
    CHECK(parse("2024-09-18T22:00:00.000Z", 0) == 1726696800);
    CHECK(parse("2024-09-18T22:00:00+08:00", 0) == 1726696800 - 8 * 3600);
    CHECK(parse("2024-09-18T22:00:00+0800", 0) == 1726696800 - 8 * 3600);
    CHECK(parse("2024-09-18T22:00:00-05", 0) == 1726696800 + 5 * 3600);
    CHECK(parse("2024-09-18 22:00:00 UTC", 0) == 1726696800);
    CHECK(parse("2024-09-18 22:00", 0) == 1726696800);
    CHECK(parse(" 2024-09-18 ", 0) == 1726617600);
    CHECK(parse("2024/09/18", 0) == 1726617600);
    /* A zone-less time is read at the given offset (Beijing for Tencent). */
    CHECK(parse("2024-09-01 00:00:00", 8 * 3600) == parse("2024-08-31T16:00:00Z", 0));
    CHECK(parse("2024-09-01 00:00:00Z", 8 * 3600) == parse("2024-09-01T00:00:00Z", 0));
    CHECK(parse("1969-12-31T23:59:59Z", 0) == -1);
    /* Invalid: each must fail. */
    const char *bad[] = {"",           "2024-13-01",          "2024-02-30",
                         "2023-02-29", "2024-09-18T24:00:00", "2024-09-18T22:60",
                         "2024-9-18",  "2024-09-18T22",       "2024-09-18X",
                         "tomorrow",   "2024-09-18T22:00:00+25:00", "2024-09-18 22:00:00 junk",
                         "2024-09/18", "0000-01-01"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t t;
        if (rw_time_parse(bad[i], strlen(bad[i]), 0, &t) == RW_OK) {
            fprintf(stderr, "accepted bad timestamp '%s'\n", bad[i]);
            check_failures++;
        }
    }
    int64_t t;
    CHECK(rw_time_parse_clf("06/Feb/2019:00:00:38 +0000", 26, &t) == RW_OK &&
          t == parse("2019-02-06T00:00:38Z", 0));
    CHECK(rw_time_parse_clf("06/Feb/2019:08:00:38 +0800", 26, &t) == RW_OK &&
          t == parse("2019-02-06T00:00:38Z", 0));
    CHECK(rw_time_parse_clf("31/Feb/2019:00:00:38 +0000", 26, &t) != RW_OK);
    CHECK(rw_time_parse_clf("06/Fev/2019:00:00:38 +0000", 26, &t) != RW_OK);

    /* Buckets: hours, days, ISO weeks (Monday), months; negative times. */
    int64_t x = parse("2024-09-18T22:30:00Z", 0); /* a Wednesday */
    CHECK(rw_time_floor(x, RW_GRAN_HOUR) == parse("2024-09-18T22:00:00Z", 0));
    CHECK(rw_time_floor(x, RW_GRAN_DAY) == parse("2024-09-18", 0));
    CHECK(rw_time_floor(x, RW_GRAN_WEEK) == parse("2024-09-16", 0));
    CHECK(rw_time_floor(x, RW_GRAN_MONTH) == parse("2024-09-01", 0));
    CHECK(rw_time_floor(-1, RW_GRAN_DAY) == -86400);
    CHECK(rw_time_floor(-1, RW_GRAN_WEEK) == parse("1969-12-29", 0));
    CHECK(rw_time_next(parse("2024-01-01", 0), RW_GRAN_MONTH) == parse("2024-02-01", 0));
    CHECK(rw_time_next(parse("2024-12-01", 0), RW_GRAN_MONTH) == parse("2025-01-01", 0));
    char buf[32];
    rw_time_format_bucket(x, RW_GRAN_HOUR, buf, sizeof buf);
    CHECK_STR(buf, "2024-09-18T22:00:00Z");
    rw_time_format_bucket(rw_time_floor(x, RW_GRAN_DAY), RW_GRAN_DAY, buf, sizeof buf);
    CHECK_STR(buf, "2024-09-18");
    rw_time_format_iso(x, buf, sizeof buf);
    CHECK_STR(buf, "2024-09-18T22:30:00Z");
    rw_time_format_day(x, buf);
    CHECK_STR(buf, "2024-09-18");
    CHECK_STR(rw_granularity_plural(RW_GRAN_WEEK), "weeks");
    CHECK_STR(rw_currency_suffix("CNY", buf, 8), " CNY");
    CHECK_STR(rw_currency_suffix("", buf, 8), "");
    rw_granularity g;
    CHECK(rw_granularity_parse("week", &g) == RW_OK && g == RW_GRAN_WEEK);
    CHECK(rw_granularity_parse("fortnight", &g) == RW_EINVAL);
    CHECK_DONE();
}
