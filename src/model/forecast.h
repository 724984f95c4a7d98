/* forecast.h: forecasting one series end to end.
 *
 * rw_forecast_run prepares the series (prep.h), fits every candidate model
 * (or the one asked for), evaluates them by rolling origin on the end of the
 * history, forecasts with the best model or an equal-weight combination of
 * the best ones (whichever had the smaller backtest error), simulates sample
 * paths, and calibrates their spread so that intervals cover the backtest
 * errors at their nominal levels. Everything it decided is described in
 * `info` (util/desc.h; export/desc_json.h makes it the JSON "explanation")
 * so a forecast can explain itself. Reproducible: all
 * randomness comes from one generator seeded with opts->seed. */
#ifndef RW_FORECAST_H
#define RW_FORECAST_H

#include <stddef.h>
#include "model/model.h"
#include "model/prep.h"

#define RW_FC_MAX_LEVELS 8
#define RW_FC_DEFAULT_PATHS 1000 /* sample paths */
#define RW_FC_ORIGINS 3          /* rolling origins of the backtest, at least */
#define RW_FC_MAX_ORIGINS 12     /* and at most (short horizons take more) */
#define RW_FC_MAX_COMBINE 3      /* models in a combination */
#define RW_FC_UNCALIBRATED 1.25  /* widening when no backtest was possible */
#define RW_FC_PRIOR_POINTS 100   /* shrinks calibration toward 1 with few points */

/* Spikes cleaned out of the history for fitting recur in the paths: both
 * ways (forecast intervals), only upwards (run-out dates: a credit or refund
 * is not expected to recur), or not at all (anomalies: a spike is what is
 * being looked for, not part of the normal range). */
typedef enum rw_spike_mode { RW_SPIKES_BOTH, RW_SPIKES_UP, RW_SPIKES_NONE } rw_spike_mode;

typedef struct rw_forecast_opts {
    const char *model;             /* "auto" (default) or a model name */
    const char *variant;           /* passed to a forced model, or NULL */
    size_t horizon;                /* steps to forecast, >= 1 */
    size_t nlevels;                /* interval levels */
    double levels[RW_FC_MAX_LEVELS]; /* in percent, 51..99 */
    unsigned long seed;            /* random seed */
    size_t npaths;                 /* sample paths; 0: RW_FC_DEFAULT_PATHS */
    const rw_seasonality *periods; /* fixed periods, or NULL to detect */
    size_t backtest_steps;         /* steps per backtest origin; 0: the horizon */
    int cumulative;                /* calibrate the coverage of running sums, not of
                                    * single steps (run-out dates, thresholds) */
    rw_spike_mode spikes;          /* which cleaned spikes are re-drawn in the paths */
} rw_forecast_opts;

typedef struct rw_forecast {
    size_t h;                      /* horizon */
    int64_t *t;                    /* owned: timestamps of steps 1..h */
    double *mean;                  /* owned: point forecasts */
    size_t nlevels;
    double levels[RW_FC_MAX_LEVELS];
    double *lo, *hi;               /* owned: lo[l * h + k], hi[l * h + k] */
    size_t npaths;
    double *paths;                 /* owned: paths[p * h + k], calibrated */
    char model[160];               /* what produced the mean, e.g. "ets+mstl" */
    rw_desc info;                  /* owned: explanation (see rw_forecast_run) */
} rw_forecast;

/* The MASE scale of y[0..n): the mean |y_t - y_{t-m}| over pairs of
 * observed values (lag 1 when n <= m); 1 when that is 0 or undefined, so
 * errors of a constant series still count. */
double rw_mase_scale(const double *y, size_t n, size_t m);

/* Forecasts `ts`. *out is owned by the caller (rw_forecast_free).
 * RW_ESHORT (err says why) when the history is too short to say anything;
 * RW_EINVAL for a bad option or unknown model; RW_ENUMERIC when the forced
 * model cannot be fitted. */
rw_status rw_forecast_run(const rw_ts *ts, const rw_forecast_opts *o, rw_forecast **out,
                          rw_error *err);
void rw_forecast_free(rw_forecast *f);

#endif
