/* usual_rules.h: the alert rules teams use before runway, replayed on the
 * account's history next to runway's thresholds, so the difference shows.
 *
 * Each rule is a balance below which it fires, decided from the history up
 * to the day it is checked:
 *   - fixed:    a fixed amount ("balance below 500 yuan");
 *   - next_day: 0.8 x the estimated consumption of the coming day, the
 *               estimate being the last recorded day's consumption ("less
 *               than about one day left");
 *   - provider: 5 x the last recorded day's consumption (Tencent Cloud's
 *               own alert: the last 24 hours' consumption would exhaust
 *               the balance within 5 days).
 * The replay uses runway's origins (rw_threshold_origins): at each, the
 * rule's balance is taken as the balance at the end of that day (the
 * moment it fires) and its notice is the full days that balance lasted on
 * what was really consumed after (rw_threshold_notice). A firing is in
 * time with at least `required_days` of notice (the shortest lead of the
 * ladder: the least a team needs), too late with less (with a 1-day lead:
 * the money ran out before the next daily check, so in practice the rule
 * did not fire before the run-out), and needless with more than
 * `needless_days` (RW_RULES_NEEDLESS_FACTOR x the longest lead: an alert
 * that stands for weeks before it matters is ignored). Negative estimates
 * count as 0 (the rule fires only at zero). */
#ifndef RW_USUAL_RULES_H
#define RW_USUAL_RULES_H

#include "plan/threshold.h"

typedef enum rw_usual_rule {
    RW_RULE_FIXED,    /* balance below a fixed amount */
    RW_RULE_NEXT_DAY, /* below 0.8 x the coming day's estimated consumption */
    RW_RULE_PROVIDER, /* below 5 x the last 24 hours' consumption */
    RW_USUAL_RULES
} rw_usual_rule;

#define RW_RULE_FIXED_DEFAULT 500.0   /* the fixed alert, currency units */
#define RW_RULE_NEXT_DAY_FRACTION 0.8 /* of the coming day's estimated consumption */
#define RW_RULE_PROVIDER_DAYS 5.0     /* days the last 24 hours' rate must last */
#define RW_RULES_NEEDLESS_FACTOR 2.0  /* needless: notice beyond this x the longest lead */

/* Stable keys ("fixed_balance", "next_day_80pct", "provider_24h_5d") and
 * one-line descriptions, by rw_usual_rule. */
extern const char *const rw_usual_rule_key[RW_USUAL_RULES];
extern const char *const rw_usual_rule_text[RW_USUAL_RULES];

/* The balance below which rule r fires at the end of day index `at` of ts
 * (fixed: `fixed`); NAN when no day up to `at` is recorded. */
double rw_usual_rule_balance(rw_usual_rule r, double fixed, const rw_ts *ts, size_t at);

typedef struct rw_usual_rule_eval {
    size_t origins;       /* past days replayed at */
    size_t in_time;       /* fired with at least required_days of notice */
    size_t late;          /* with less: too late to act */
    size_t needless;      /* with more than needless_days */
    double notice_median; /* median full days of notice (NAN without origins) */
} rw_usual_rule_eval;

typedef struct rw_usual_rules {
    double fixed;             /* the fixed rule's amount */
    size_t required_days;     /* in time from this notice */
    size_t needless_days;     /* needless beyond this notice */
    double x[RW_USUAL_RULES]; /* each rule's balance as of as_of (NAN: unknown) */
    int replayed;             /* ev holds the replay */
    rw_usual_rule_eval ev[RW_USUAL_RULES];
} rw_usual_rules;

typedef struct rw_usual_rules_opts {
    int64_t as_of;       /* last day of history (00:00 UTC), INT64_MIN: the last */
    const size_t *leads; /* the ladder's lead times (origins, required and needless days) */
    size_t nleads;       /* 1..RW_THR_MAX_LEADS */
    double fixed;        /* the fixed alert, >= 0 */
    size_t origins;      /* replay: at most this many origins, 0: no replay */
    size_t spacing;      /* days between origins */
} rw_usual_rules_opts;

/* Each rule's balance as of o->as_of and, with o->origins, its replay at
 * the origins whose lead windows are recorded. RW_EINVAL on bad options,
 * RW_ENOMEM. */
rw_status rw_usual_rules_compute(const rw_ts *ts, const rw_usual_rules_opts *o, rw_usual_rules *out,
                                 rw_error *err);

#endif
