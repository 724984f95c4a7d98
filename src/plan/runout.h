/* runout.h: when a prepaid balance runs out, read from consumption
 * scenarios (scenario.h).
 *
 * Day k (1-based) is the k-th day after the as-of day. The balance at the
 * end of day k is the balance at the end of as-of, plus the top-ups and
 * minus the one-off charges dated up to day k, minus the consumption of
 * days 1..k. The run-out day of a path is the first day that balance falls
 * below -credit (0 without a credit limit). */
#ifndef RW_RUNOUT_H
#define RW_RUNOUT_H

#include "plan/policy.h"
#include "plan/scenario.h"

#define RW_RUNOUT_NONE (-1L) /* the balance outlasts the horizon */
#define RW_RUNOUT_HORIZON 365 /* days simulated by default */

/* A dated change of the balance other than forecast consumption. */
typedef struct rw_flow {
    int64_t at;     /* when */
    double amount;  /* > 0 a top-up, < 0 a one-off charge */
} rw_flow;

typedef struct rw_runout_opts {
    double balance;      /* at the end of the as-of day */
    double credit;       /* credit limit: the balance may fall to -credit, >= 0 */
    const rw_flow *flows; /* after the as-of day; earlier ones are ignored */
    size_t nflows;
} rw_runout_opts;

typedef struct rw_runout {
    size_t h;            /* days */
    long p10, p50, p90;  /* run-out day at those quantiles, or RW_RUNOUT_NONE */
    double within7, within14, within30; /* probability of running out by then */
    double within_h;     /* by the end of the horizon */
    double *bal_p10;     /* owned: balance at the end of each day, quantiles */
    double *bal_p50;
    double *bal_p90;
    double inflow;       /* top-ups within the horizon */
} rw_runout;

/* Reads the run-out distribution off `s`. Release with rw_runout_cleanup. */
rw_status rw_runout_compute(const rw_scenarios *s, const rw_runout_opts *o, rw_runout *out,
                            rw_error *err);
void rw_runout_cleanup(rw_runout *r);

/* The headline numbers of run-out r of scenarios s (runway.h
 * rw_runout_facts): the run-out days, the start of each, and the arrears
 * timeline after it under policy p. series, balance and currency are the
 * caller's to fill (series points into s). */
void rw_runout_facts_of(const rw_scenarios *s, const rw_runout *r, const rw_policy *p,
                        rw_runout_facts *f);

/* Index into s->paths' days of the day holding time `at`; -1 when it is
 * not after the as-of day, s->h or more when beyond the horizon. */
long rw_scenario_day_of(const rw_scenarios *s, int64_t at);

#endif
