/* budget.h: will spending over a period stay within a budget?
 *
 * The period's total is what was spent up to the end of the as-of day plus
 * each scenario's consumption over the rest of the period, so the forecast
 * total is a distribution: its mean and quantiles, the probability of
 * exceeding the budget, the likely breach day, and for alert percentages
 * (as AWS Budgets and Google Cloud budgets offer) whether each was already
 * crossed or how likely it is to be crossed, and when. */
#ifndef RW_BUDGET_H
#define RW_BUDGET_H

#include "plan/runout.h"

#define RW_BUDGET_MAX_ALERTS 8
#define RW_BUDGET_FIRE 0.5 /* a forecast alert fires at this probability by default */

typedef struct rw_budget_opts {
    double amount;          /* the budget, > 0; NaN: none (the total alone:
                             * p_exceed NaN, no breach, no alerts) */
    double spent;           /* spent in the period up to the end of as-of */
    size_t k0, k1;          /* the period's scenario days [k0, k1) (k1 <= s->h) */
    const double *alert_pct; /* percentages of the budget */
    size_t nalerts;
    double fire_probability; /* a forecast alert fires at this probability */
} rw_budget_opts;

typedef struct rw_budget_alert {
    double pct, amount;
    int crossed;            /* already crossed by actual spending */
    double probability;     /* of being crossed by the end of the period (1 if crossed) */
    long likely_day;        /* median crossing day among the paths that cross, or
                             * RW_RUNOUT_NONE (day 1 = the day after as-of) */
    int fires;              /* crossed, or probability >= fire_probability */
} rw_budget_alert;

typedef struct rw_budget {
    double mean, p10, p50, p90, lo95, hi95; /* the period's total */
    double p_exceed;        /* probability the total exceeds the budget */
    long breach_p50;        /* day by which half the paths have breached, or NONE */
    long breach_if;         /* median breach day among the paths that breach, or NONE */
    rw_budget_alert alert[RW_BUDGET_MAX_ALERTS];
    size_t nalerts;
} rw_budget;

/* A budget period: days [from, to] (00:00 UTC), what was spent up to the
 * end of as_of, and when actual spending crossed each alert amount. */
typedef struct rw_budget_period {
    int64_t from, to, as_of;
    double spent;
    size_t days_spent;
    int64_t crossed_on[RW_BUDGET_MAX_ALERTS]; /* INT64_MIN: not crossed */
    size_t days;            /* days in the period */
    size_t k0, k1;          /* the period's scenario days [k0, k1): k1 - k0 are
                             * the days still to come */
} rw_budget_period;

/* The period [from, to] (from INT64_MIN: the month of the day after
 * as_of) of the daily series ts for a budget `amount` and alert
 * percentages pct[0..npct). */
void rw_budget_period_of(const rw_ts *ts, int64_t as_of, int64_t from, int64_t to,
                         double amount, const double *pct, size_t npct, rw_budget_period *pd);

rw_status rw_budget_compute(const rw_scenarios *s, const rw_budget_opts *o, rw_budget *out,
                            rw_error *err);

#endif
