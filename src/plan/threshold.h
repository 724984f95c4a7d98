/* threshold.h: the balance at which an alert must fire so that the money
 * still lasts a lead time, and how such thresholds would have done on the
 * account's own history.
 *
 * For lead time L days and confidence c, the threshold is the c-quantile of
 * the consumption over days 1..L after as-of in the scenarios: with that
 * balance at the end of as-of, the balance lasts L full days with
 * probability c. Top-ups are not counted (an alert exists to prompt one);
 * recurring fees due within L days are. */
#ifndef RW_THRESHOLD_H
#define RW_THRESHOLD_H

#include "plan/scenario.h"

#define RW_THR_MAX_LEADS 8

/* ---- The ladder -------------------------------------------------------------
 * The default alert thresholds: 7, 3 and 1 days of notice at 95%
 * confidence, named blue, yellow and red, of severity info, warning and
 * critical. Thresholds, alerts and the report all use these. */
#define RW_LADDER_STEPS 3
#define RW_LADDER_CONFIDENCE 0.95
extern const size_t rw_ladder_lead[RW_LADDER_STEPS];     /* 7, 3, 1 */
extern const char *const rw_ladder_name[RW_LADDER_STEPS]; /* blue, yellow, red */

/* The name of threshold i of n: blue, yellow, red when there are three,
 * else "leadNd" for lead time N. */
void rw_threshold_name(const size_t *leads, size_t n, size_t i, char *out, size_t size);
/* Its severity: info, warning, critical when there are three, else warning. */
const char *rw_threshold_severity(size_t n, size_t i);

/* The threshold for lead `lead` (1..s->h) days at confidence `conf`; work
 * holds s->npaths doubles. Also the mean consumption over the lead. */
double rw_threshold(const rw_scenarios *s, size_t lead, double conf, double *work,
                    double *mean_out);

/* The replay's origins: indexes into ts of the days thresholds are
 * recomputed at. The latest is as_of (INT64_MIN: the last day) minus
 * maxlead, then every `spacing` days back (0: 1), at most `origins` of
 * them, while RW_SCEN_MIN_DAYS of history remain. origin holds `origins`
 * entries; *nhist gets the number of days up to as_of. Returns the count.
 * Runway's levels and the usual rules (usual_rules.h) use the same ones. */
size_t rw_threshold_origins(const rw_ts *ts, int64_t as_of, size_t maxlead, size_t origins,
                            size_t spacing, size_t *origin, size_t *nhist);
/* 1 when days at+1 .. at+lead of ts are all recorded (no gap, in range). */
int rw_threshold_window_observed(const rw_ts *ts, size_t at, size_t lead);
/* The notice a balance x at the end of day `at` gives: the full days it
 * lasts on the consumption recorded on days at+1 .. n-1 (gaps count 0),
 * i.e. the largest d with y[at+1] + ... + y[at+d] <= x. A lower bound when
 * it lasts to day n-1. */
double rw_threshold_notice(const rw_ts *ts, size_t at, size_t n, double x);

/* The top-up a level's response asks for. The alert fires as the balance
 * falls to the threshold x; the top-up, made `within_hours` later, should
 * bring the balance back to x plus the lead's expected consumption `mean`
 * (over `lead` days), so the alert clears and stays clear for about the
 * lead time: mean plus the expected consumption of the response window
 * (mean / lead per day), rounded up to a whole currency unit. */
double rw_threshold_topup(double mean, size_t lead, double within_hours);

typedef struct rw_threshold_eval {
    size_t origins;       /* past days the thresholds were recomputed at */
    size_t held;          /* times the threshold lasted the lead time */
    double notice_median; /* median full days the threshold balance lasted */
    double ratio_median;  /* median threshold / actual consumption over the lead */
} rw_threshold_eval;

typedef struct rw_threshold_eval_opts {
    int64_t as_of;        /* last day of history to use (00:00 UTC), INT64_MIN: last */
    const size_t *leads;  /* lead times in days */
    size_t nleads;
    double conf;
    size_t origins;       /* at most this many origins */
    size_t spacing;       /* days between origins */
    unsigned long seed;
    size_t npaths;
    size_t threads;       /* 0: one per processor */
} rw_threshold_eval_opts;

/* Replays the thresholds at past origins (the latest is as_of minus the
 * longest lead, then every `spacing` days back while RW_SCEN_MIN_DAYS of
 * history remain) and checks them against the consumption that followed:
 * out[i] for leads[i]. Fewer (or zero) origins on short histories. */
rw_status rw_threshold_evaluate(const rw_ts *ts, const rw_threshold_eval_opts *o,
                                rw_threshold_eval *out, rw_error *err);

/* Thresholds for leads lead[0..n) at confidence conf, with their replay. */
typedef struct rw_threshold_set {
    size_t n;
    size_t lead[RW_THR_MAX_LEADS];
    double conf;
    double x[RW_THR_MAX_LEADS];        /* fire below */
    double mean[RW_THR_MAX_LEADS];     /* mean consumption over the lead */
    int replayed;                      /* ev holds the replay */
    rw_threshold_eval ev[RW_THR_MAX_LEADS];
} rw_threshold_set;

/* Fills t->x and t->mean for t->lead[0..t->n) and t->conf from s (whose
 * horizon covers the longest lead). RW_ENOMEM only. */
rw_status rw_threshold_set_compute(const rw_scenarios *s, rw_threshold_set *t, rw_error *err);

#endif
