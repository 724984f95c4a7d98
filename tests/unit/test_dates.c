/* test_dates.c: spreadsheet dates (rw_time_parse_order: day/month orders,
 * year first, two-digit years, 12-hour clocks, impossible dates), the
 * decision of a file's order from its dates (rw_date_evidence), and the
 * reject reasons of rw_dates_read. */
#include <stdint.h>
#include "check.h"
#include "ingest/dates.h"
#include "util/timeutil.h"

#define DAY(y, m, d) (rw_days_from_civil(y, m, d) * RW_DAY)
#define BAD INT64_MIN

static int64_t parse(const char *s, rw_date_order o, int64_t off)
{
    int64_t t = BAD;
    if (rw_time_parse_order(s, strlen(s), off, o, &t) != RW_OK) return BAD;
    return t;
}

/* Decides the order of `vals` (the period ones flagged with a leading '!'). */
static rw_status decide(const char *const *vals, rw_date_order *o, char *why, size_t whysz)
{
    rw_date_evidence ev;
    memset(&ev, 0, sizeof ev);
    for (; *vals; vals++) {
        int period = **vals == '!';
        const char *v = *vals + period;
        rw_date_evidence_add(&ev, v, strlen(v), period);
    }
    why[0] = '\0';
    return rw_date_evidence_decide(&ev, o, why, whysz);
}

int main(void)
{
    /* ISO is read exactly as rw_time_parse reads it, whatever the order. */
    CHECK(parse("2024-09-18T22:00:00Z", RW_DATE_DMY, 0) == DAY(2024, 9, 18) + 22 * 3600);
    CHECK(parse("2024-09-18 22:00:00", RW_DATE_MDY, 3600) == DAY(2024, 9, 18) + 21 * 3600);

    /* Month first and day first, one or two digits. */
    CHECK(parse("9/9/2024", RW_DATE_AUTO, 0) == DAY(2024, 9, 9));
    CHECK(parse("9/10/2024", RW_DATE_MDY, 0) == DAY(2024, 9, 10));
    CHECK(parse("9/10/2024", RW_DATE_DMY, 0) == DAY(2024, 10, 9));
    CHECK(parse("09/13/2024", RW_DATE_MDY, 0) == DAY(2024, 9, 13));
    CHECK(parse("13/09/2024", RW_DATE_DMY, 0) == DAY(2024, 9, 13));
    /* Unordered: only values that need no order. */
    CHECK(parse("13/9/2024", RW_DATE_AUTO, 0) == DAY(2024, 9, 13));
    CHECK(parse("9/13/2024", RW_DATE_AUTO, 0) == DAY(2024, 9, 13));
    CHECK(parse("9/10/2024", RW_DATE_AUTO, 0) == BAD);
    /* A value that contradicts the order. */
    CHECK(parse("13/1/2024", RW_DATE_MDY, 0) == BAD);
    CHECK(parse("1/13/2024", RW_DATE_DMY, 0) == BAD);

    /* Year first never needs an order (Excel's re-save of Tencent's times). */
    CHECK(parse("2024/9/1 0:00", RW_DATE_AUTO, 0) == DAY(2024, 9, 1));
    CHECK(parse("2024/09/09", RW_DATE_DMY, 0) == DAY(2024, 9, 9));
    CHECK(parse("2024/9/1 0:00", RW_DATE_AUTO, 8 * 3600) == DAY(2024, 9, 1) - 8 * 3600);

    /* Two-digit years: Excel reads 00-29 as 20xx and 30-99 as 19xx. */
    CHECK(parse("4/1/25", RW_DATE_MDY, 0) == DAY(2025, 4, 1));
    CHECK(parse("4/1/25", RW_DATE_DMY, 0) == DAY(2025, 1, 4));
    CHECK(parse("1/1/29", RW_DATE_AUTO, 0) == DAY(2029, 1, 1));
    CHECK(parse("1/1/30", RW_DATE_AUTO, 0) == DAY(1930, 1, 1));
    CHECK(parse("1/1/99", RW_DATE_AUTO, 0) == DAY(1999, 1, 1));

    /* Times: 24-hour, 12-hour with AM/PM, seconds and fractions. */
    CHECK(parse("9/9/2024 13:00", RW_DATE_AUTO, 0) == DAY(2024, 9, 9) + 13 * 3600);
    CHECK(parse("9/9/2024 1:05:00 PM", RW_DATE_AUTO, 0) == DAY(2024, 9, 9) + 13 * 3600 + 300);
    CHECK(parse("9/9/2024 1:05:00 pm", RW_DATE_AUTO, 0) == DAY(2024, 9, 9) + 13 * 3600 + 300);
    CHECK(parse("9/9/2024 12:30 AM", RW_DATE_AUTO, 0) == DAY(2024, 9, 9) + 30 * 60);
    CHECK(parse("9/9/2024 12:30 PM", RW_DATE_AUTO, 0) == DAY(2024, 9, 9) + 12 * 3600 + 30 * 60);
    CHECK(parse("9/9/2024 11:59:59 PM", RW_DATE_AUTO, 0) == DAY(2024, 9, 10) - 1);
    CHECK(parse("9/9/2024 0:00:00.5", RW_DATE_AUTO, 0) == DAY(2024, 9, 9));
    CHECK(parse(" 9/9/2024 ", RW_DATE_AUTO, 0) == DAY(2024, 9, 9));

    /* Impossible or malformed: each must fail. */
    const char *bad[] = {"2/30/2024", "2/29/2023", "0/1/2024",       "1/0/2024",
                         "13/13/2024", "9/9/202",  "9/9/20245",      "9/9/2",
                         "9/9/2024 24:00", "9/9/2024 13:00 PM", "9/9/2024 0:00 AM",
                         "9/9/2024 1:60", "9/9/2024 1", "9/9/2024 1:00 XM", "9/9/2024x",
                         "123/1/2024", "2024/13/1", "2024/2/30", "9-9-2024", "9/9",
                         "/9/2024", "2024/9/1 0:00 junk", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (parse(bad[i], RW_DATE_MDY, 0) != BAD || parse(bad[i], RW_DATE_DMY, 0) != BAD) {
            fprintf(stderr, "accepted bad date '%s'\n", bad[i]);
            check_failures++;
        }
    CHECK(parse("2/29/2024", RW_DATE_MDY, 0) == DAY(2024, 2, 29));

    /* Slash parts, the evidence's input. */
    int a = 0, b = 0;
    CHECK(rw_time_slash_parts("13/1/2024 0:00", 14, &a, &b) && a == 13 && b == 1);
    CHECK(!rw_time_slash_parts("2024/9/1", 8, &a, &b));
    CHECK(!rw_time_slash_parts("2024-09-01", 10, &a, &b));

    /* The order of a file, from its dates. */
    rw_date_order o = RW_DATE_AUTO;
    char why[320];
    const char *mdy[] = {"9/10/2024", "9/13/2024", "10/1/2024", NULL};
    CHECK(decide(mdy, &o, why, sizeof why) == RW_OK && o == RW_DATE_MDY);
    const char *dmy[] = {"9/10/2024 0:00", "25/9/2024 0:00", NULL};
    CHECK(decide(dmy, &o, why, sizeof why) == RW_OK && o == RW_DATE_DMY);
    const char *mixed[] = {"13/9/2024", "9/13/2024", NULL};
    CHECK(decide(mixed, &o, why, sizeof why) == RW_EFORMAT && strstr(why, "--date-order") &&
          strstr(why, "13/9/2024") && strstr(why, "9/13/2024"));
    const char *ambiguous[] = {"9/10/2024", "9/11/2024", NULL};
    CHECK(decide(ambiguous, &o, why, sizeof why) == RW_EFORMAT &&
          strstr(why, "--date-order mdy") && strstr(why, "9/10/2024"));
    /* Billing periods start on the 1st: "9/1" there is September 1st. */
    const char *period_mdy[] = {"!9/1/2024", "!10/1/2024", "9/10/2024", NULL};
    CHECK(decide(period_mdy, &o, why, sizeof why) == RW_OK && o == RW_DATE_MDY);
    const char *period_dmy[] = {"!1/9/2024", "9/10/2024", NULL};
    CHECK(decide(period_dmy, &o, why, sizeof why) == RW_OK && o == RW_DATE_DMY);
    /* ... but the same value outside a period column proves nothing. */
    const char *not_period[] = {"9/1/2024", NULL};
    CHECK(decide(not_period, &o, why, sizeof why) == RW_EFORMAT);
    const char *period_both[] = {"!9/1/2024", "!1/10/2024", NULL};
    CHECK(decide(period_both, &o, why, sizeof why) == RW_EFORMAT && strstr(why, "--date-order"));
    /* A day over 12 outweighs period evidence. */
    const char *day_wins[] = {"!1/9/2024", "9/13/2024", NULL};
    CHECK(decide(day_wins, &o, why, sizeof why) == RW_OK && o == RW_DATE_MDY);
    /* Day equal to month reads the same either way; ISO needs nothing. */
    const char *same[] = {"1/1/2024", "9/9/2024 13:00", "2024-09-10", "2024/9/1", "", NULL};
    o = RW_DATE_MDY;
    CHECK(decide(same, &o, why, sizeof why) == RW_OK && o == RW_DATE_AUTO);

    /* Reject reasons of rw_dates_read. */
    rw_dates d = {0, RW_DATE_MDY};
    int64_t t;
    const char *r = rw_dates_read(&d, "Date", "13/1/2024", &t, why, sizeof why);
    CHECK(r && strstr(r, "Date '13/1/2024' is day/month/year") && strstr(r, "month/day/year"));
    CHECK(rw_dates_read(&d, "Date", "1/13/2024", &t, why, sizeof why) == NULL &&
          t == DAY(2024, 1, 13));
    r = rw_dates_read(&d, "Date", "2/30/2024", &t, why, sizeof why);
    CHECK(r && strstr(r, "is not a timestamp"));
    d.order = RW_DATE_AUTO;
    r = rw_dates_read(&d, "Date", "1/2/2024", &t, why, sizeof why);
    CHECK(r && strstr(r, "--date-order"));
    return check_failures ? 1 : 0;
}
