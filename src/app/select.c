/* select.c: series from a selection (select.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "app/select.h"
#include "app/zone.h"
#include "ingest/series_load.h"
#include "store/balance.h"
#include "util/timeutil.h"

void rw_ts_list_cleanup(rw_ts_list *l)
{
    for (size_t i = 0; i < l->n; i++) rw_ts_free(l->ts[i]);
    free(l->ts);
    rw_tz_free(l->tz);
    memset(l, 0, sizeof *l);
}

/* Builds the regular series of points (t[i], v[i]) and appends it; a
 * series that cannot be built is warned about and counted. */
static rw_status add_ts(rw_session *s, rw_ts_list *l, const char *name, rw_granularity g,
                        int infer, const int64_t *t, const double *v, size_t n)
{
    rw_error err;
    rw_error_clear(&err);
    rw_ts *ts = NULL;
    rw_status st = RW_OK;
    l->total++;
    if (infer) st = rw_granularity_infer(t, n, &g, &err);
    if (st == RW_OK) st = rw_ts_from_points(name, g, t, v, n, &ts, &err);
    if (st != RW_OK) {
        rw_app_msg(s, RW_MSG_WARNING, "series '%s': %s", name,
                   err.text[0] ? err.text : rw_strerror(st));
        l->failed++;
        return RW_OK;
    }
    if (l->n == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 64;
        rw_ts **nt = realloc(l->ts, ncap * sizeof *nt);
        if (!nt) {
            rw_ts_free(ts);
            return RW_ENOMEM;
        }
        l->ts = nt;
        l->cap = ncap;
    }
    l->ts[l->n++] = ts;
    return RW_OK;
}

/* Fits a store series to its own charges: leaves out the buckets before its
 * first charge (zeros only because other series had data then), and a
 * first or last bucket that its charges cover only in part (a bill in
 * another time zone starts and ends mid-day in UTC; an export stops
 * mid-day), whose sum would read as a sudden drop. A partial last bucket is
 * then forecast, not learnt from; a note says so. */
static void trim_partial(rw_session *s, const rw_series *sr, rw_granularity g, const rw_tz *tz,
                         size_t *first, size_t *n)
{
    char day[32], until[40];
    if (*n > 2 && sr->covered_to != INT64_MAX && sr->covered_to < rw_time_next(sr->t[*n - 1], g)) {
        rw_tz_format_bucket(tz, sr->t[*n - 1], g, day, sizeof day);
        rw_tz_format_local(tz, sr->covered_to, until, sizeof until);
        rw_app_msg(s, RW_MSG_NOTE,
                   "series '%s': the last %s (%s) is covered only until %s; it is forecast,"
                   " not used for fitting",
                   sr->name, rw_granularity_name(g), day, until);
        (*n)--;
    }
    if (sr->covered_from == INT64_MIN) return;
    size_t k = 0;
    while (k + 1 < *n && rw_time_next(sr->t[k], g) <= sr->covered_from) k++;
    if (k + 1 < *n && sr->covered_from > sr->t[k]) k++;
    if (*n - k > 2) {
        *first = k;
        *n -= k;
    }
}

static rw_status collect_file(rw_session *s, const rw_selection *sel, rw_ts_list *l,
                              rw_error *err)
{
    rw_series_file *sf = NULL;
    rw_status st = rw_series_file_load(sel->input, sel->series, &sf, err);
    if (st != RW_OK) return st == RW_ENOTFOUND ? RW_EINVAL : st;
    if (sf->rejected)
        rw_app_msg(s, RW_MSG_WARNING, "%ld unreadable row(s) skipped, the first: %s",
                   sf->rejected, sf->first_reject);
    for (size_t i = 0; i < sf->n && st == RW_OK; i++)
        st = add_ts(s, l, sf->s[i].name, sel->granularity, !sel->granularity_given, sf->s[i].t,
                    sf->s[i].v, sf->s[i].n);
    rw_series_file_free(sf);
    return st == RW_OK ? RW_OK : rw_app_oom(err);
}

static rw_status collect_store(rw_session *s, const rw_selection *sel, rw_ts_list *l,
                               rw_error *err)
{
    rw_store *store;
    rw_series_set *set = NULL;
    rw_status st = rw_app_zone(s, sel, &l->tz, err);
    rw_series_query q = rw_app_query(sel, l->tz);
    if (st == RW_OK) st = rw_app_store(s, &store, err);
    if (st == RW_OK) st = rw_series_query_run(store, &q, &set, err);
    if (st != RW_OK) return st;
    for (size_t i = 0; i < set->n && st == RW_OK; i++) {
        const rw_series *sr = &set->s[i];
        if (sel->series && strcmp(sel->series, sr->name)) continue;
        size_t first = 0, n = sr->n;
        trim_partial(s, sr, set->gran, l->tz, &first, &n);
        st = add_ts(s, l, sr->name, set->gran, 0, sr->t + first, sr->v + first, n);
    }
    rw_series_set_free(set);
    if (st != RW_OK) return rw_app_oom(err);
    if (sel->series && l->total == 0)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "no series named '%s' in the store selection",
                            sel->series);
    if (l->total == 0)
        rw_app_msg(s, RW_MSG_WARNING, "the store selection holds no data: ingest bills first");
    return RW_OK;
}

rw_status rw_app_collect(rw_session *s, const rw_selection *sel, rw_ts_list *l, rw_error *err)
{
    memset(l, 0, sizeof *l);
    if (sel->input && sel->amortize)
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "--amortize spreads stored charges over their charge periods; a"
                            " series file has no charge periods");
    if (sel->input) {
        rw_status st = rw_app_zone(s, sel, &l->tz, err); /* checks a given name */
        return st == RW_OK ? collect_file(s, sel, l, err) : st;
    }
    return collect_store(s, sel, l, err);
}

/* Hourly data summed into days (of the zone the hours are in); gaps stay
 * gaps. Consumes *one. */
static rw_status to_daily(rw_ts **one, rw_error *err)
{
    rw_ts *h = *one, *daily = NULL;
    size_t k = 0;
    for (size_t i = 0; i < h->n; i++)
        if (!isnan(h->y[i])) {
            h->t[k] = h->t[i];
            h->y[k++] = h->y[i];
        }
    rw_status st = rw_ts_from_points(h->name, RW_GRAN_DAY, h->t, h->y, k, &daily, err);
    rw_ts_free(h);
    *one = daily;
    return st;
}

rw_status rw_app_daily(rw_session *s, rw_selection *sel, char cur[4], rw_ts **out, rw_tz **tz,
                       rw_error *err)
{
    rw_ts_list l;
    *out = NULL;
    *tz = NULL;
    if (!sel->input && !sel->currency) {
        rw_store *store;
        rw_error cerr;
        rw_error_clear(&cerr);
        rw_status st = rw_app_store(s, &store, err);
        if (st != RW_OK) return st;
        if (rw_store_default_currency(store, sel->account, cur, &cerr) == RW_OK) sel->currency = cur;
    }
    rw_status st = rw_app_collect(s, sel, &l, err);
    if (st == RW_OK && l.failed) st = RW_EFORMAT; /* the reasons were warned about */
    else if (st == RW_OK && l.n == 0)
        st = rw_error_set(err, RW_EINVAL, NULL, 0, "no consumption data selected");
    else if (st == RW_OK && l.n > 1)
        st = rw_error_set(err, RW_EINVAL, NULL, 0,
                          "%zu series selected (the first: '%s'); pick one with --series%s", l.n,
                          l.ts[0]->name,
                          sel->input ? "" : " or narrow with --account/--currency");
    if (st != RW_OK) {
        rw_ts_list_cleanup(&l);
        return st;
    }
    rw_ts *one = l.ts[0];
    l.n = 0;
    *tz = l.tz;
    l.tz = NULL;
    rw_ts_list_cleanup(&l);
    if (one->gran == RW_GRAN_HOUR) {
        st = to_daily(&one, err);
    } else if (one->gran != RW_GRAN_DAY) {
        st = rw_error_set(err, RW_EINVAL, NULL, 0,
                          "series '%s' is %sly; run-out dates need daily or hourly data",
                          one->name, rw_granularity_name(one->gran));
    }
    if (st != RW_OK) {
        rw_ts_free(one);
        rw_tz_free(*tz);
        *tz = NULL;
        return st;
    }
    *out = one;
    return RW_OK;
}

/* Index of timestamp t in ts, or ts->n. */
static size_t find_step(const rw_ts *ts, int64_t t)
{
    size_t lo = 0, hi = ts->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ts->t[mid] < t) lo = mid + 1;
        else hi = mid;
    }
    return lo < ts->n && ts->t[lo] == t ? lo : ts->n;
}

void rw_app_align(const rw_ts *ts, const int64_t *t, const double *v, size_t n, double *y)
{
    for (size_t i = 0; i < ts->n; i++) y[i] = NAN;
    for (size_t k = 0; k < n; k++) {
        size_t i = find_step(ts, t[k]);
        if (i < ts->n) y[i] = v[k];
    }
}
