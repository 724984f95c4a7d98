/* timeutil.h: UTC calendar arithmetic, timestamp parsing and formatting.
 *
 * Times are int64 seconds since 1970-01-01T00:00:00Z (negative before).
 * Calendar math is proleptic Gregorian on day numbers, so it is exact for
 * any year 1..9999 and never touches the process time zone (no mktime). */
#ifndef RW_TIMEUTIL_H
#define RW_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>
#include "util/status.h"

/* RW_DAY and RW_HOUR (seconds) are in runway.h. */

/* Beijing time (China Standard Time, UTC+8, no daylight saving since
 * 1991): Tencent Cloud's clock and calendar, in seconds east of UTC. The
 * reporting zone (util/tz.h) is separate; this is the provider's fact. */
#define RW_BEIJING_OFFSET (8 * 3600)

/* rw_granularity (hour, day, ISO week, month) is public: runway.h. */

/* Days since 1970-01-01 of the civil date y-m-d (m 1..12, d 1..31). */
int64_t rw_days_from_civil(int64_t y, int m, int d);
/* Seconds on the monotonic clock (for durations only). */
double rw_monotonic_s(void);
/* Inverse of rw_days_from_civil. */
void rw_civil_from_days(int64_t days, int64_t *y, int *m, int *d);
/* Number of days in month m of year y. */
int rw_days_in_month(int64_t y, int m);

/* Parses a timestamp of `n` bytes (need not be NUL-terminated):
 *   YYYY-MM-DD | YYYY/MM/DD, optionally followed by 'T' or ' ' and
 *   HH:MM[:SS[.fraction]], optionally followed by 'Z', 'UTC', or an offset
 *   +HH:MM / +HHMM / +HH. Surrounding spaces are ignored.
 * A timestamp without zone is taken to be at `naive_offset` seconds east of
 * UTC (0 for UTC, 28800 for China Standard Time). Fractions are truncated.
 * Writes seconds since the epoch to *out. Returns RW_EFORMAT when the text
 * is not such a timestamp or names an impossible date or time. */
rw_status rw_time_parse(const char *s, size_t n, int64_t naive_offset, int64_t *out);

/* Parses what rw_time_parse does and, when that fails, the dates that
 * spreadsheets and Azure exports write:
 *   M/D/Y or D/M/Y (as `order` says; day and month of 1 or 2 digits, year
 *   of 4 or 2 digits) and Y/M/D (year first: never ambiguous),
 *   optionally followed by ' ' or 'T' and H:MM[:SS[.fraction]] with an hour
 *   of 1 or 2 digits and an optional AM/PM ("1:05:00 PM").
 * With RW_DATE_AUTO a day-month date is read only when it is unambiguous on
 * its own: a part over 12 is the day, or day and month are equal. Two-digit
 * years follow Excel: 00-29 are 2000-2029, 30-99 are 1930-1999. The ISO path
 * is tried first and is exactly rw_time_parse, so it costs nothing more.
 * RW_EFORMAT when it is no such timestamp, names an impossible date, or the
 * date does not fit `order` (a month over 12). */
rw_status rw_time_parse_order(const char *s, size_t n, int64_t naive_offset, rw_date_order order,
                              int64_t *out);

/* 1 when `s` (n bytes) starts, after spaces, as a day-month date
 * "A/B/Y..." (A and B of 1 or 2 digits, then a year); *a and *b get A and B.
 * 0 for anything else, year-first dates included. The evidence used to
 * decide the order of a file (ingest/dates.h). */
int rw_time_slash_parts(const char *s, size_t n, int *a, int *b);

/* "auto", "mdy" or "dmy" for `o`. */
const char *rw_date_order_name(rw_date_order o);

/* Parses the Apache/S3 log time "06/Feb/2019:00:00:38 +0000" (no brackets). */
rw_status rw_time_parse_clf(const char *s, size_t n, int64_t *out);

/* Start of the bucket of granularity `g` containing `t`. */
int64_t rw_time_floor(int64_t t, rw_granularity g);
/* Start of the bucket after the one starting at `bucket_start`. */
int64_t rw_time_next(int64_t bucket_start, rw_granularity g);

/* Formats `t` for bucket labels: "YYYY-MM-DD" for day/week/month buckets and
 * "YYYY-MM-DDTHH:00:00Z" for hours. `size` must be at least 21. */
void rw_time_format_bucket(int64_t t, rw_granularity g, char *out, size_t size);
/* Formats the day of `t` as "YYYY-MM-DD" into `out` of 16 bytes or more. */
void rw_time_format_day(int64_t t, char *out);
/* Formats `t` as "YYYY-MM-DDTHH:MM:SSZ". `size` must be at least 21. */
void rw_time_format_iso(int64_t t, char *out, size_t size);

/* Parses "hour", "day", "week" or "month". */
rw_status rw_granularity_parse(const char *s, rw_granularity *out);
const char *rw_granularity_name(rw_granularity g);
/* "hours", "days", "weeks" or "months": for counts in messages. */
const char *rw_granularity_plural(rw_granularity g);

#endif
