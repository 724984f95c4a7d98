/* anomaly.h: steps whose value falls outside the interval of the forecast
 * made before they happened, and what contributed most to them.
 *
 * Detection: the last `last` steps of a series are examined. Origins are
 * placed every `step` steps from the first examined one; from each origin
 * the engine (forecast.h) forecasts the next `step` steps using only the
 * history before it, so every examined step is covered by exactly one
 * forecast made before it. A step is anomalous when its value lies outside
 * that forecast's interval at `level` percent. In daily data, monthly
 * fees found in the history before an origin (scenario.h) are taken out
 * of it and expected on their days, so a fee is not an anomaly every month.
 *
 * An anomaly in the history would distort the forecasts after it (the day
 * after a spike, or a week later through the seasonal naive model), so the
 * origins are run twice: once on the history as it was, then again, for
 * the origins after them, with the anomalies found as gaps. Only short runs
 * of anomalies (rw_anomaly_mask_run) are masked, judged on what is known
 * before each origin: a longer run is a change of level the forecast must
 * follow. Origins run in parallel; the result does not depend on the number
 * of threads.
 *
 * Attribution: for an anomalous step, the series of each value of a
 * dimension (service, account, region, a tag...) is compared with its own
 * baseline at that step; the value whose move in the direction of the
 * anomaly is most surprising for its size (deviation^2 / baseline) is
 * named, with its share of the difference between the value and the
 * forecast. Pure arithmetic on arrays: the caller builds them
 * (from the store). */
#ifndef RW_ANOMALY_H
#define RW_ANOMALY_H

#include <stddef.h>
#include <stdint.h>
#include "model/prep.h"

#define RW_ANOM_DEFAULT_LEVEL 99.0 /* interval level, percent */
#define RW_ANOM_DEFAULT_PATHS 1000 /* sample paths per origin (fewer make 99% bounds noisy) */
#define RW_ANOM_BASELINE_SEASONS 4 /* attribution: seasons averaged for a baseline */
#define RW_ANOM_BASELINE_STEPS 7   /* ... or previous steps (median) without a season */
#define RW_ANOM_REL_TOL 1e-9       /* values within this share of the series' largest
                                    * magnitude of a bound are inside (rounding noise) */
#define RW_ANOM_MIN_HALF_REL 1e-3  /* scores: floor of an interval half-width, as a share
                                    * of the series' mean magnitude (exact forecasts
                                    * have zero-width intervals) */

typedef struct rw_anomaly_opts {
    size_t last;        /* steps examined at the end; 0: rw_anomaly_default_last */
    size_t step;        /* steps between origins (each forecasts as many);
                         * 0: rw_anomaly_default_step */
    double level;       /* interval level in percent, 51..99; 0: RW_ANOM_DEFAULT_LEVEL */
    unsigned long seed; /* random seed of every origin's sample paths */
    size_t npaths;      /* sample paths per origin; 0: RW_ANOM_DEFAULT_PATHS */
    size_t threads;     /* origins forecast in parallel; 0: one per processor */
} rw_anomaly_opts;

typedef struct rw_anomaly {
    size_t index;    /* step in the rw_ts */
    int64_t t;       /* its timestamp (bucket start) */
    double value;    /* what happened */
    double expected; /* forecast mean */
    double lo, hi;   /* forecast interval at the level */
    int direction;   /* +1 above hi, -1 below lo */
    double excess;   /* value - hi (> 0) or value - lo (< 0) */
    double score;    /* |excess| in interval half-widths (the half-width is
                      * floored at RW_ANOM_MIN_HALF_REL of the mean magnitude) */
} rw_anomaly;

typedef struct rw_anomaly_report {
    size_t first;       /* index in the rw_ts of the first examined step */
    size_t steps;       /* steps examined (first .. the end of the series) */
    size_t observed;    /* of which had a value (gaps are not judged) */
    size_t requested;   /* steps asked for (less were examined: short history) */
    size_t origins;     /* forecast origins */
    size_t rerun;       /* of which were forecast again with anomalies masked */
    double level;       /* interval level used */
    size_t n;           /* anomalies, in time order */
    rw_anomaly *a;      /* owned: n anomalies */
    double *expected;   /* owned: forecast mean of every examined step (steps) */
    double *lo, *hi;    /* owned: its interval (steps), gaps included */
} rw_anomaly_report;

/* Defaults by granularity: steps examined (day 30, hour 168, week 13,
 * month 6), steps between origins (hour 24, else 1), and history needed
 * before the first examined step (day 28, hour 96, week 13, month 12). */
size_t rw_anomaly_default_last(rw_granularity g);
size_t rw_anomaly_default_step(rw_granularity g);
size_t rw_anomaly_min_history(rw_granularity g);
/* The longest run of anomalies in one direction masked in later histories
 * (hour 6, day 2, else 1). */
size_t rw_anomaly_mask_run(rw_granularity g);
/* The season of attribution baselines: day 7, hour 24, else 0 (none). */
size_t rw_anomaly_default_season(rw_granularity g);

/* Examines the end of `ts` (see the file comment). When the history is too
 * short for all `last` steps, fewer are examined (report->requested says
 * how many were asked for). *out is owned by the caller
 * (rw_anomaly_report_free). RW_ESHORT (err says how many steps are needed)
 * when not even one step has enough history before it; RW_EINVAL for a bad
 * option; otherwise the first failing origin's status, err naming it. */
rw_status rw_anomaly_detect(const rw_ts *ts, const rw_anomaly_opts *o, rw_anomaly_report **out,
                            rw_error *err);
void rw_anomaly_report_free(rw_anomaly_report *r);

/* One dimension broken down into values, aligned with the examined series. */
typedef struct rw_anomaly_dim {
    const char *name;          /* e.g. "service", "tag:team" */
    size_t nvalues;            /* values of the dimension */
    const char *const *values; /* their names */
    const double *const *y;    /* y[v][0..n): value v's series on the examined series'
                                * index; NaN where it has no data */
    size_t n;                  /* length of every y[v] */
} rw_anomaly_dim;

typedef struct rw_attribution {
    int found;        /* a value moved in the direction of the anomaly */
    size_t dim;       /* index of the dimension */
    size_t value;     /* index of the value in it */
    double baseline;  /* the value's baseline at the step */
    double deviation; /* its value at the step minus the baseline (signed) */
    double share;     /* deviation / (value - expected) of the anomaly: its share
                       * of the difference from the forecast (may exceed 1) */
} rw_attribution;

/* Baseline of y at index i: the mean of y[i - k*season] for k = 1..
 * RW_ANOM_BASELINE_SEASONS (those that exist and are not NaN), or, without
 * a season or such values, the median of the up to RW_ANOM_BASELINE_STEPS
 * values before i; 0 when nothing precedes i. */
double rw_anomaly_baseline(const double *y, size_t n, size_t i, size_t season);

/* For the anomaly `a` (a->index < dims[d].n), finds in each dimension the
 * value whose move from its baseline in the direction of the anomaly is
 * most surprising: the largest deviation^2 / |baseline| (the baseline
 * floored at a tenth of the deviation), so a service that doubled outranks
 * the region of every service that rose by a quarter: per_dim[d] (ndims
 * entries, caller's). Dimensions with fewer than two values explain nothing
 * and are skipped. Returns the index of the dimension whose value scores
 * highest (the first on ties), or -1 when none moved in that direction. */
long rw_anomaly_attribute(const rw_anomaly *a, const rw_anomaly_dim *dims, size_t ndims,
                          size_t season, rw_attribution *per_dim);

#endif
