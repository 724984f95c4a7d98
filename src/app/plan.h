/* plan.h: what the planning use cases share (runout, thresholds, budget,
 * and the alerts and the report, which give the same numbers): the daily
 * series and as-of day, the money (balance and dated flows), arrears
 * policies, and the scenarios each answer is read from. */
#ifndef RW_APP_PLAN_H
#define RW_APP_PLAN_H

#include "app/app.h"
#include "plan/budget.h"
#include "plan/money.h"
#include "plan/policy.h"
#include "plan/threshold.h"
#include "util/tz.h"

/* The series a plan is made from. */
typedef struct rw_plan_base {
    rw_selection sel;      /* the options' selection; currency may point to cur */
    char cur[4];           /* the balance's currency when none was given */
    rw_ts *ts;             /* owned: the daily consumption series (local days) */
    rw_tz *tz;             /* owned: the zone of its days; NULL: UTC */
    int drawn;             /* 1: ts is what the balance paid (the bills say
                            * how charges were paid, vouchers left out) */
    int64_t as_of;         /* 00:00 (local seconds), or INT64_MIN until decided */
    unsigned long seed;
    size_t npaths;
} rw_plan_base;

/* What a plan consumes from the balance or the budget. */
typedef enum rw_plan_view {
    RW_VIEW_BALANCE, /* run-out, thresholds, alerts: money drawn from the balance */
    RW_VIEW_COST,    /* budgets, capacity: billed cost */
} rw_plan_view;

/* Loads the daily series of o (within the caller's read snapshot). Unless
 * o->sel names a metric, the balance view of an account whose bills say
 * how charges were paid uses RW_METRIC_DRAWN, else billed cost. */
rw_status rw_app_plan_load(rw_session *s, const rw_plan_options *o, rw_plan_view view,
                           rw_plan_base *b, rw_error *err);
/* The cost view for a budget next to balance view `bal`: *cost is loaded
 * (same as-of day) when bal draws from the balance or o amortises, and
 * *use points to it, else to bal. Within the caller's read snapshot; cost is the caller's to
 * clean up either way. */
rw_status rw_app_plan_cost(rw_session *s, const rw_plan_options *o, const rw_plan_base *bal,
                           rw_plan_base *cost, const rw_plan_base **use, rw_error *err);
/* RW_EINVAL when o asks for amortisation: `what` ("run-out") is a plan
 * about the balance, which pays charges as billed. The views of the
 * balance (RW_VIEW_BALANCE) are always loaded as billed. */
rw_status rw_app_as_billed(const rw_plan_options *o, const char *what, rw_error *err);
/* One line saying which amount b consumes, for notes and explanations. */
const char *rw_app_plan_amount(const rw_plan_base *b);
void rw_app_plan_cleanup(rw_plan_base *b);

/* The arrears policy `name` (NULL: generic): built in, or a JSON file when
 * the name has a '/' or ends in .json; grace and retention overridden when
 * >= 0. An unknown name is RW_EINVAL. */
rw_status rw_app_policy(const char *name, double grace, double retention, rw_policy *out,
                        rw_error *err);

/* The balance at the end of the as-of day and the dated flows after it. */
typedef struct rw_plan_money {
    double balance;        /* at the end of the as-of day: the simulation's start */
    double observed;       /* the balance as observed (or given) */
    int64_t observed_at;   /* when; INT64_MIN when given for the end of as-of */
    char currency[4];      /* "" when unknown (series files) */
    rw_flow_list flows;    /* owned */
    char note[400];        /* how the balance was derived, "" when given */
    rw_store *store;       /* borrowed: the store the balance came from, NULL
                            * when it was given */
    char account[RW_ACCOUNT_MAX + 1];     /* the account of that balance */
    char note_zh[400];     /* the same in Chinese, for text in that language */
} rw_plan_money;

/* The money of plan b: `given` (when has_given) at the end of b->as_of
 * (default: the last day of data), or the store's latest snapshot of the
 * account carried to the end of a day (b->as_of defaults to the last day
 * of data, or the day before the snapshot; the snapshot's UTC time is
 * moved to b->tz's wall clock first). Flows: those given, then with
 * the store the account's planned top-ups within `days` days. */
rw_status rw_app_plan_money(rw_session *s, rw_plan_base *b, int has_given, double given,
                            const rw_flow_plan *flows, size_t nflows, size_t days,
                            rw_plan_money *m, rw_error *err);
void rw_app_plan_money_cleanup(rw_plan_money *m);

/* Scenarios of `horizon` days after as_of. */
rw_status rw_app_scenarios(const rw_plan_base *b, int64_t as_of, size_t horizon,
                           rw_scenarios **out, rw_error *err);

/* The run-out distribution for money m at the end of b->as_of, simulating
 * first rw_runout_first_horizon days, and all of max_horizon only when P90
 * falls beyond. *sc and *r are the caller's. */
rw_status rw_app_runout(const rw_plan_base *b, const rw_plan_money *m, double credit,
                        size_t max_horizon, rw_scenarios **sc, rw_runout *r, rw_error *err);

/* The run-out facts of plan b with money m and run-out r read from sc:
 * the days and the policy timeline, the observed balance, and the arrears
 * at `now` (INT64_MIN: time()). In arrears the run-out days are 0 and the
 * timeline counts from when the balance went below -credit. f->currency
 * points into m. */
rw_status rw_app_runout_facts(const rw_plan_base *b, const rw_plan_money *m,
                              const rw_scenarios *sc, const rw_runout *r, double credit,
                              const rw_policy *pol, int64_t now, rw_runout_facts *f,
                              rw_error *err);

/* The balance at the end of as-of that lasts `days` days of sc with the
 * ladder's confidence (RW_LADDER_CONFIDENCE): the threshold rule
 * (threshold.h) for lead `days`, so the blue threshold is days = 7. NaN
 * when sc simulates fewer days (or days is 0). RW_ENOMEM only. */
rw_status rw_app_fund_threshold(const rw_scenarios *sc, size_t days, double *out, rw_error *err);

/* Thresholds t->lead[0..t->n) at t->conf, replayed on history when
 * `replay` (origins, spacing, threads as rw_threshold_eval_opts). */
rw_status rw_app_thresholds(const rw_plan_base *b, int replay, size_t origins, size_t spacing,
                            size_t threads, rw_threshold_set *t, rw_scenarios **sc,
                            rw_error *err);

/* The budget outcome of [from, to] (from INT64_MIN: the month after as-of). */
rw_status rw_app_budget(const rw_plan_base *b, int64_t from, int64_t to, double amount,
                        const double *pct, size_t npct, double fire, rw_budget_period *pd,
                        rw_budget *out, rw_scenarios **sc, rw_error *err);

/* The budget of a plan: o->amount when > 0, else `registered` (NaN:
 * none, the result). */
double rw_app_budget_amount(const rw_budget_options *o, double registered);
/* rw_budget_plan with the budget `amount` decided; NaN: the account has
 * none, and the result holds the spend so far and the forecast total
 * only (budget NaN, no alerts, probability of going over NaN). */
rw_status rw_app_budget_plan(rw_session *s, const rw_budget_options *o, double amount,
                             rw_budget_result **out, rw_error *err);

#endif
