/* parse.c: the values people type (runway.h "Values given by people"),
 * and the selection setters. Errors say what the text is not, without the
 * option's name, which the caller knows. */
#include <stdlib.h>
#include <string.h>
#include "app/app.h"
#include "app/select.h"
#include "ingest/columns.h"
#include "store/series_query.h"
#include "util/num.h"
#include "util/strutil.h"
#include "util/timeutil.h"

rw_status rw_parse_amount(const char *text, double *out, rw_error *err)
{
    if (rw_parse_double(text, out) == RW_OK) return RW_OK;
    return rw_error_set(err, RW_EINVAL, NULL, 0, "'%s' is not a number", text);
}

rw_status rw_parse_count(const char *text, int64_t lo, int64_t hi, const char *what,
                         int64_t *out, rw_error *err)
{
    if (rw_parse_int64(text, lo, hi, out) == RW_OK) return RW_OK;
    return rw_error_set(err, RW_EINVAL, NULL, 0, "'%s' is not %s", text, what);
}

rw_status rw_parse_when(const char *text, int end_inclusive, int64_t *out, rw_error *err)
{
    size_t n = strlen(text);
    if (rw_time_parse(text, n, 0, out) != RW_OK)
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "'%s' is not a date (YYYY-MM-DD) or ISO 8601 time", text);
    if (end_inclusive) *out += n == 10 ? RW_DAY : 1;
    return RW_OK;
}

rw_status rw_parse_month(const char *text, int64_t *out, rw_error *err)
{
    char day[16];
    if (strlen(text) != 7 || snprintf(day, sizeof day, "%s-01", text) != 10 ||
        rw_time_parse(day, 10, 0, out) != RW_OK)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "'%s' is not a month (YYYY-MM)", text);
    return RW_OK;
}

int64_t rw_month_next(int64_t t)
{
    return rw_time_next(rw_time_floor(t, RW_GRAN_MONTH), RW_GRAN_MONTH);
}

rw_status rw_parse_offset(const char *text, int64_t *out, rw_error *err)
{
    if (!strcmp(text, "Z") || !strcmp(text, "UTC") || !strcmp(text, "utc")) {
        *out = 0;
        return RW_OK;
    }
    int64_t t;
    char buf[40];
    int n = snprintf(buf, sizeof buf, "2000-01-01T00:00:00%s", text);
    if (n < 0 || (size_t)n >= sizeof buf || strlen(text) < 3 ||
        rw_time_parse(buf, (size_t)n, 0, &t) != RW_OK)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "'%s' is not an offset like +08:00", text);
    *out = rw_days_from_civil(2000, 1, 1) * RW_DAY - t;
    return RW_OK;
}

rw_status rw_parse_duration(const char *text, int64_t *out, rw_error *err)
{
    char num[32];
    size_t n = strlen(text);
    int64_t unit = 1, v;
    if (n == 0 || n >= sizeof num) goto bad;
    memcpy(num, text, n + 1);
    switch (num[n - 1]) {
    case 's': unit = 1; num[--n] = '\0'; break;
    case 'm': unit = 60; num[--n] = '\0'; break;
    case 'h': unit = 3600; num[--n] = '\0'; break;
    case 'd': unit = RW_DAY; num[--n] = '\0'; break;
    default: break;
    }
    if (rw_parse_int64(num, 0, INT64_MAX / RW_DAY, &v) != RW_OK) goto bad;
    *out = v * unit;
    return RW_OK;
bad:
    return rw_error_set(err, RW_EINVAL, NULL, 0,
                        "'%s' is not a duration (e.g. 90s, 30m, 6h, 1d)", text);
}

rw_status rw_parse_currency(const char *text, char out[4], rw_error *err)
{
    if (strlen(text) == 3) {
        memcpy(out, text, 4);
        if (rw_currency_norm(out)) return RW_OK;
    }
    return rw_error_set(err, RW_EINVAL, NULL, 0, "'%s' is not a 3-letter ISO 4217 code", text);
}

rw_status rw_parse_flow(const char *text, rw_flow_plan *out, rw_error *err)
{
    const char *at = strchr(text, '@');
    char amount[64], when[64];
    if (!at || (size_t)(at - text) >= sizeof amount || strlen(at + 1) >= sizeof when)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "'%s' is not AMOUNT@DATE[/week|/month]",
                            text);
    memcpy(amount, text, (size_t)(at - text));
    amount[at - text] = '\0';
    rw_str_copy(when, sizeof when, at + 1);
    out->every = RW_EVERY_ONCE;
    char *slash = strchr(when, '/');
    if (slash) {
        *slash++ = '\0';
        if (!strcmp(slash, "week")) out->every = RW_EVERY_WEEK;
        else if (!strcmp(slash, "month")) out->every = RW_EVERY_MONTH;
        else
            return rw_error_set(err, RW_EINVAL, NULL, 0,
                                "'%s': repeat '/%s' is not /week or /month", text, slash);
    }
    rw_status st = rw_parse_amount(amount, &out->amount, err);
    if (st == RW_OK) st = rw_parse_when(when, 0, &out->at, err);
    if (st != RW_OK) return st;
    if (!(out->amount > 0))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "the amount in '%s' must be positive", text);
    return RW_OK;
}

/* ---- selections ------------------------------------------------------------------ */

void rw_selection_init(rw_selection *s)
{
    memset(s, 0, sizeof *s);
    s->metric = RW_METRIC_COST;
    s->metric_text = "cost";
    s->by = RW_BY_NONE;
    s->by_text = "none";
    s->granularity = RW_GRAN_DAY;
    s->from = INT64_MIN;
    s->to = INT64_MAX;
}

rw_status rw_selection_by(rw_selection *s, const char *text, rw_error *err)
{
    if (rw_group_parse(text, &s->by, &s->tag_key) != RW_OK)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "unknown dimension '%s'", text);
    s->by_text = text;
    return RW_OK;
}

rw_status rw_selection_metric(rw_selection *s, const char *text, rw_error *err)
{
    if (rw_metric_parse(text, &s->metric, &s->unit) != RW_OK)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "unknown metric '%s'", text);
    s->metric_text = text;
    s->metric_given = 1;
    return RW_OK;
}

rw_status rw_selection_granularity(rw_selection *s, const char *text, rw_error *err)
{
    if (rw_granularity_parse(text, &s->granularity) != RW_OK)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "'%s' is not hour, day, week or month",
                            text);
    s->granularity_given = 1;
    return RW_OK;
}

rw_series_query rw_app_query(const rw_selection *s, const rw_tz *tz)
{
    return (rw_series_query){s->metric, s->unit, s->by, s->tag_key, s->granularity,
                             s->from, s->to, s->currency, s->account, tz, s->amortize};
}
