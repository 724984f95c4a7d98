/* scenario.h: simulated futures of daily consumption, from which run-out
 * dates, alert thresholds and budget outcomes are read.
 *
 * A daily series is cut at the as-of day, recurring fees (a charge on the
 * same day of every month) are taken out and forecast as what they are
 * (the same amount on the same calendar day), the rest is forecast by the
 * engine (forecast.h) with its intervals calibrated on running sums, since
 * a balance depends on the total consumed, not on any single day (the
 * engine's paths carry the upward spikes seen in the history; credits are
 * not expected to recur). Every path
 * then gets the fees on their days. Consumption that is never negative in
 * the history (at most 5% of days) is never negative in the paths. */
#ifndef RW_SCENARIO_H
#define RW_SCENARIO_H

#include <stddef.h>
#include <stdint.h>
#include "model/prep.h"
#include "util/desc.h"

#define RW_SCEN_MIN_DAYS 14      /* history needed: two weekly cycles */
#define RW_SCEN_CALIB_STEPS 14   /* days per backtest origin for calibration */
#define RW_SCEN_MAX_FEES 8

typedef struct rw_scenario_opts {
    int64_t as_of;       /* start (00:00 UTC) of the last day the balance covers;
                          * INT64_MIN: the last day of the history */
    size_t horizon;      /* days simulated after as_of, >= 1 */
    unsigned long seed;
    size_t npaths;       /* 0: RW_FC_DEFAULT_PATHS */
} rw_scenario_opts;

typedef struct rw_fee {
    int day;             /* day of the month, 1..31 (clamped to short months) */
    double amount;       /* per occurrence */
    size_t seen;         /* occurrences in the history */
    int assumed;         /* seen once: assumed monthly */
} rw_fee;

typedef struct rw_scenarios {
    char *name;          /* owned: the series */
    int64_t as_of;       /* the as-of day (00:00 UTC) */
    int64_t history_to;  /* last day of history used (<= as_of) */
    size_t h;            /* days simulated: day k (0-based) starts at as_of + (k+1) days */
    size_t npaths;
    double *paths;       /* owned: paths[p * h + k], consumption of day k, fees included */
    double *mean;        /* owned: mean[k] */
    double recent_mean;  /* mean daily consumption over the last 28 days of history */
    size_t nfees;
    rw_fee fee[RW_SCEN_MAX_FEES];
    char model[160];
    rw_desc info;        /* owned: the forecast's explanation, plus "recurring_fees" and
                          * "paths_clamped_at_zero" */
} rw_scenarios;

/* Simulates consumption after o->as_of from the daily series `ts`
 * (granularity day). Days of history after as_of are ignored; days between
 * the end of the history and as_of are simulated and dropped (the balance
 * already reflects them). RW_ESHORT (err says how much is needed) with fewer
 * than RW_SCEN_MIN_DAYS days of history; RW_EINVAL for a series that is not
 * daily or an as_of before the history. *out is owned by the caller. */
rw_status rw_scenarios_run(const rw_ts *ts, const rw_scenario_opts *o, rw_scenarios **out,
                           rw_error *err);
void rw_scenarios_free(rw_scenarios *s);

/* The mean daily consumption of the first `days` simulated days (fewer
 * when the horizon is shorter); 0 for none. */
double rw_scenarios_mean(const rw_scenarios *s, size_t days);

/* The recurring fees of the daily series `ts`: a day of the month whose
 * value stands out from the days around it (by more than 4 robust standard
 * deviations of the day-to-day noise) in at least two months and in most
 * months since it first did; or a first-of-the-month charge seen once,
 * with no earlier first of the month in the data (monthly billing is the
 * common case there). Amount: the median excess of the last three
 * occurrences. Writes at most `max` fees and returns how many. */
size_t rw_fees_detect(const rw_ts *ts, rw_fee *fee, size_t max);

/* Subtracts the fees from y (a copy of ts->y, or ts->y itself) on the days
 * they were charged (their excess over the days around is more than half
 * the amount). */
void rw_fees_remove(const rw_ts *ts, double *y, const rw_fee *fee, size_t nfees);

/* The total of the fees due on day `t` (00:00 UTC). */
double rw_fees_due(const rw_fee *fee, size_t nfees, int64_t t);

/* Whether day `t` (00:00 UTC) is a due day of a fee on day-of-month `day`
 * (the last day of a month shorter than `day`). */
int rw_fee_due(int day, int64_t t);

#endif
