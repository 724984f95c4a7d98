/* plan_common.h: what runout, thresholds and budget share: their common
 * flags, the daily consumption series they read (a series file or the
 * store), the balance and the top-ups, and the scenarios built from them. */
#ifndef RW_PLAN_COMMON_H
#define RW_PLAN_COMMON_H

#include <getopt.h>
#include "cli/fc_common.h"
#include "plan/budget.h"
#include "plan/policy.h"
#include "plan/runout.h"
#include "plan/threshold.h"

/* Long options every planning command accepts (short codes 0x100..). */
#define RW_PLAN_OPTIONS                                                               \
    {"input", required_argument, NULL, 0x100}, {"series", required_argument, NULL, 0x101}, \
        {"account", required_argument, NULL, 0x102},                                  \
        {"currency", required_argument, NULL, 0x103},                                 \
        {"as-of", required_argument, NULL, 0x104}, {"seed", required_argument, NULL, 0x105}, \
        {"paths", required_argument, NULL, 0x106},                                    \
        {"format", required_argument, NULL, 0x107},                                   \
        {"metric", required_argument, NULL, 0x108}

#define RW_PLAN_MAX_FLOWS 4096
#define RW_PLAN_RECUR 400  /* occurrences of a recurring --topup or --charge */

typedef struct plan_config {
    fc_config fc;          /* series selection (fc.input, fc.series, fc.q) */
    int64_t as_of;         /* --as-of (00:00 UTC of the day), INT64_MIN: default */
    unsigned long seed;
    size_t npaths;
    const char *format;    /* as given, NULL: text */
    const char *formats;   /* accepted, e.g. "text|json" */
    char currency[4];      /* the store's default currency when none was given */
} plan_config;

/* Fills defaults. `formats` lists the accepted --format values. */
void rw_plan_init(plan_config *p, const char *formats);
/* Handles a planning option; returns 1 when handled, 0 when not one of
 * them, or -1 after printing a usage error. */
int rw_plan_option(plan_config *p, int opt, const char *arg);

/* The daily consumption series selected (hourly data is summed into days).
 * Exactly one series must be selected; from the store, in the currency of
 * the account's balance unless --currency says otherwise (p->fc.q is
 * updated). *out is owned by the caller (rw_ts_free). Returns an exit
 * code. */
int rw_plan_load(rw_cli *cli, plan_config *p, rw_ts **out);

/* The balance at the end of the as-of day and the top-ups after it, from
 * the flags or the store. */
typedef struct plan_money {
    double balance;        /* at the end of *as_of */
    char currency[4];      /* "" when unknown (series files) */
    rw_flow *flows;        /* owned (free()) */
    size_t nflows;
    char note[400];        /* how the balance was derived, "" when given */
} plan_money;

/* Resolves the balance: `given` (from --balance, when has_given) at the end
 * of *as_of; or the store's latest snapshot of the account, carried to the
 * end of a day using the recorded daily consumption in `ts` (*as_of is then
 * set when it was INT64_MIN). Top-ups: the flags' `flows` plus, with the
 * store, the planned top-ups of the account within `days` days. Returns an
 * exit code. */
int rw_plan_money(rw_cli *cli, const plan_config *p, const rw_ts *ts, int has_given,
                  double given, const rw_flow *flows, size_t nflows, size_t days,
                  int64_t *as_of, plan_money *m);

/* Parses AMOUNT@DATE[/week|/month] into flow occurrences (sign applied)
 * appended to flows (capacity RW_PLAN_MAX_FLOWS; recurring ones for
 * RW_PLAN_RECUR occurrences). Prints an
 * error and returns 0 on failure. */
int rw_plan_parse_flow(const char *flag, const char *text, double sign, rw_flow *flows,
                       size_t *n);

/* Builds the scenarios; prints errors (RW_ESHORT as a clear message).
 * Returns an exit code. */
int rw_plan_scenarios(const plan_config *p, const rw_ts *ts, int64_t as_of, size_t horizon,
                      rw_scenarios **out);

/* " CNY" for currency "CNY", "" for none: to print after amounts. */
const char *rw_plan_unit(const char *currency, char out[8]);

/* The run-out distribution for money *m at the end of as_of, simulating
 * about twice the naive run-out time (at the mean rate of the last 28
 * days, plus two weeks, at least 30 days) and the whole max_horizon only
 * when P90 falls beyond that. *s and *r are the caller's (rw_scenarios_free,
 * rw_runout_cleanup). Returns an exit code. */
int rw_plan_runout(const plan_config *p, const rw_ts *ts, int64_t as_of, const plan_money *m,
                   double credit, size_t max_horizon, rw_scenarios **s, rw_runout *r);

/* Alert thresholds (threshold.h) for leads[0..n) at confidence conf, and
 * their replay on history when `replay` (origins/spacing/threads as in
 * rw_threshold_eval_opts). */
typedef struct plan_thresholds {
    size_t n;
    size_t lead[RW_THR_MAX_LEADS];
    double conf;
    double x[RW_THR_MAX_LEADS];        /* fire below */
    double mean[RW_THR_MAX_LEADS];     /* mean consumption over the lead */
    int replayed;
    rw_threshold_eval ev[RW_THR_MAX_LEADS];
} plan_thresholds;

/* Fills t->x, t->mean (and t->ev when replay) for t->lead[0..t->n) and
 * t->conf. *s is the caller's. Returns an exit code. */
int rw_plan_thresholds(const plan_config *p, const rw_ts *ts, int64_t as_of, int replay,
                       size_t origins, size_t spacing, size_t threads, plan_thresholds *t,
                       rw_scenarios **s);

/* A budget period: days [from, to] (00:00 UTC), what was spent up to the
 * end of as_of, and when actual spend crossed each alert amount. */
typedef struct plan_period {
    int64_t from, to, as_of;
    double spent;
    size_t days_spent;
    int64_t crossed_on[RW_BUDGET_MAX_ALERTS]; /* INT64_MIN: not crossed */
} plan_period;

/* The budget outcome of period [from, to] (from == INT64_MIN: the month
 * of the day after as_of) for `amount` and alert percentages pct[0..npct).
 * *s is the caller's. Returns an exit code. */
int rw_plan_budget(const plan_config *p, const rw_ts *ts, int64_t as_of, int64_t from,
                   int64_t to, double amount, const double *pct, size_t npct, double fire,
                   plan_period *pd, rw_budget *b, rw_scenarios **s);

/* The arrears policy `name`: a built-in one, or a JSON file when the name
 * has a '/' or ends in .json; grace and retention overridden when grace >= 0
 * / retention >= 0. Prints errors. Returns an exit code. */
int rw_plan_policy(const char *name, double grace, double retention, rw_policy *out);

/* Formats day `t` (00:00 UTC) as YYYY-MM-DD. */
void rw_plan_day(int64_t t, char out[16]);

#endif
