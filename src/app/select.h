/* select.h: turning an rw_selection into series: the store query it
 * means, every selected series (from a series file or the store, each
 * fitted to the buckets its records cover), or the one daily consumption
 * series the planning use cases work on. */
#ifndef RW_APP_SELECT_H
#define RW_APP_SELECT_H

#include "app/app.h"
#include "model/prep.h"
#include "store/series_query.h"
#include "util/tz.h"

/* The store query of a selection, bucketed in zone tz (NULL: UTC). */
rw_series_query rw_app_query(const rw_selection *s, const rw_tz *tz);

/* Series built from a selection. */
typedef struct rw_ts_list {
    rw_ts **ts;     /* owned, n of them */
    size_t n, cap;
    int failed;     /* series that could not be built (reported) */
    int total;      /* series selected */
    rw_tz *tz;      /* owned: the zone of the steps (rw_app_zone); NULL: UTC */
} rw_ts_list;

void rw_ts_list_cleanup(rw_ts_list *l);

/* Builds every selected series of sel->input or the store (within the
 * caller's read snapshot). A store series is cut to the buckets its
 * charges cover: the buckets before its first charge are left out, and a
 * first or last bucket covered in part (noted). Series that cannot be built
 * are warned about and counted in l->failed. RW_EINVAL when sel->series
 * names none; an empty store selection is a warning (l->total 0). */
rw_status rw_app_collect(rw_session *s, const rw_selection *sel, rw_ts_list *l, rw_error *err);

/* The one daily consumption series a plan works on (hourly data summed
 * into days): *sel must select exactly one. From the store and without a
 * currency, the currency defaults to that of the account's balance (cur
 * holds it and sel->currency points to it). *out and *tz (the zone of its
 * days, NULL: UTC) are the caller's. */
rw_status rw_app_daily(rw_session *s, rw_selection *sel, char cur[4], rw_ts **out, rw_tz **tz,
                       rw_error *err);

/* Aligns the values v at times t[0..n) with the steps of ts: y[i] (ts->n
 * entries, the caller's) is the value at ts->t[i], NaN where there is none. */
void rw_app_align(const rw_ts *ts, const int64_t *t, const double *v, size_t n, double *y);

#endif
