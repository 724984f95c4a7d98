/* prep.h: turning an observed series into what models are fitted to.
 *
 * Steps, each reported so forecasts can explain themselves:
 *   1. a regular index: one value per step (hour, day, week, month);
 *      missing steps are explicit gaps (NaN), never zeros;
 *   2. seasonal periods from the granularity (hour: 24 and 168; day: 7, and
 *      365.25 with two years of data; week: 52.18; month: 12), kept when
 *      two full cycles exist and the data show any seasonality at all
 *      (strength >= RW_PREP_MIN_STRENGTH), unless the caller fixes them.
 *      The threshold is low on purpose: on M4 Hourly, dropping weak weekly
 *      cycles (strength 0.1) cost accuracy, while the models shrink weak
 *      seasonality themselves (AICc, STL smoothing, ridge) and the
 *      backtest can still prefer a non-seasonal candidate;
 *   3. gaps filled for fitting by seasonal interpolation;
 *   4. one-off spikes (robust z-score of the deviation from a seasonal
 *      median above RW_PREP_SPIKE_Z) replaced for fitting by that median,
 *      except in daily data when they recur on the same day of the month
 *      in two or more months: those are charges (monthly fees), kept and
 *      reported as calendar days;
 *   5. a recent level shift (the median after a split point in the last
 *      third differing from the one before by more than RW_PREP_SHIFT_Z
 *      robust spreads and by RW_PREP_SHIFT_REL of the median level): the
 *      history before it is dropped when enough remains, so the old level
 *      does not poison the new one. */
#ifndef RW_PREP_H
#define RW_PREP_H

#include <stddef.h>
#include <stdint.h>
#include "model/model.h"
#include "util/timeutil.h"

#define RW_PREP_MIN_STRENGTH 0.02 /* seasonal strength below which a period is dropped */
#define RW_PREP_SPIKE_Z 6.0      /* robust z-score of a one-off spike */
#define RW_PREP_SHIFT_Z 4.0      /* robust z-score of a level shift */
#define RW_PREP_SHIFT_REL 0.25   /* and its size relative to the median level */
#define RW_PREP_MAX_SPIKES 64    /* spikes reported (all are cleaned) */

/* A regular series. */
typedef struct rw_ts {
    char *name;          /* owned */
    rw_granularity gran; /* step */
    size_t n;            /* observations */
    int64_t *t;          /* owned: timestamps, one step apart (calendar months/weeks) */
    double *y;           /* owned: values, NaN = gap */
} rw_ts;

/* Builds a regular series from points (t[i], v[i]), i < n, in any order:
 * timestamps are floored to the granularity's buckets, values in one
 * bucket are summed, and steps without points between the first and the
 * last become gaps. *out is owned by the caller (rw_ts_free). */
rw_status rw_ts_from_points(const char *name, rw_granularity g, const int64_t *t,
                            const double *v, size_t n, rw_ts **out, rw_error *err);
/* Infers the granularity of timestamps t[0..n) in any order: the most
 * common gap between distinct ones (3600, 86400, 7 days, or 28-31 days).
 * RW_EFORMAT when irregular. */
rw_status rw_granularity_infer(const int64_t *t, size_t n, rw_granularity *out, rw_error *err);
void rw_ts_free(rw_ts *ts);

typedef struct rw_prep_opts {
    const rw_seasonality *periods; /* fixed periods, or NULL to detect */
    int clean_spikes;              /* replace one-off spikes for fitting */
    int cut_level_shift;           /* drop history before a recent level shift */
} rw_prep_opts;

typedef struct rw_prep {
    size_t start;        /* index in the rw_ts of the first value used */
    size_t n;            /* values used */
    double *y;           /* owned: values used for fitting (gaps filled, spikes cleaned) */
    size_t ngaps;        /* gaps filled */
    size_t nspikes;      /* spikes cleaned */
    size_t spike[RW_PREP_MAX_SPIKES]; /* their indexes in the rw_ts */
    size_t ncalendar;    /* days of the month with recurring charges */
    int calendar_day[31]; /* those days (1..31) */
    int shift;           /* a level shift was found */
    size_t shift_at;     /* its index in the rw_ts */
    double shift_size;   /* new level minus old level */
    rw_seasonality seas; /* periods kept */
    double strength[RW_MAX_PERIODS]; /* their seasonal strength */
    size_t ncandidates;  /* periods considered */
    double candidate[RW_MAX_PERIODS];
    double candidate_strength[RW_MAX_PERIODS];
} rw_prep;

/* Prepares `ts` for fitting. RW_ESHORT when fewer than 3 observed values
 * remain. Release with rw_prep_cleanup. */
rw_status rw_prep_run(const rw_ts *ts, const rw_prep_opts *o, rw_prep *out, rw_error *err);
void rw_prep_cleanup(rw_prep *p);

/* The seasonal periods suggested for granularity `g` and n observations. */
void rw_prep_default_periods(rw_granularity g, size_t n, rw_seasonality *out);

#endif
