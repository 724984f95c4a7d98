/* rules.h: the alert rules of an account, each a state computed from
 * the facts an evaluation found (the numbers `runout`, `thresholds` and
 * `budget` give), with a title, details and the action to take:
 *   threshold  the balance is below the blue (7 days), yellow (3) or red
 *              (1 day) threshold at 95% confidence;
 *   runout     the P50 run-out day is within the rule's window;
 *   budget     spend is over the budget, or will be with a probability of
 *              at least RW_BUDGET_FIRE;
 *   arrears    the balance is below zero: "grace" (still served), then
 *              "suspended", "deletion-soon" (data deleted within
 *              RW_ARREARS_SOON_DAYS) and "deleted", each a state change, so
 *              the alert escalates as deletion approaches;
 *   ledger     (when the account has a ledger) the ledger disagrees with
 *              the bills on a day of the last RW_LEDGER_RULE_DAYS
 *              (runway reconcile): a missing bill, a deduction without one.
 * Titles quote the balance as observed and when; the states compare the
 * balance the simulation starts from (the end of the as-of day). */
#ifndef RW_ALERT_RULES_H
#define RW_ALERT_RULES_H

#include <stddef.h>
#include <stdint.h>
#include "plan/budget.h"
#include "plan/policy.h"
#include "store/alerts.h"
#include "util/lang.h"

#define RW_ALERT_MAX_RULES 5
#define RW_LEDGER_RULE_DAYS 7  /* the ledger rule looks at the last days of the ledger */
#define RW_ARREARS_SOON_DAYS 7 /* "deletion-soon" this many days before deletion */

/* What one evaluation of an account found. */
typedef struct rw_alert_facts {
    char account[RW_ACCOUNT_MAX + 1];     /* "" for the default account */
    char currency[4];
    char unit[8];          /* " CNY" or "" */
    rw_lang lang;          /* of titles, details and actions */
    double balance;        /* at the end of as_of (compared with thresholds) */
    double observed;       /* the balance as observed (quoted in messages) */
    char observed_at[40];  /* when, for people, in the zone of the days */
    rw_arrears_facts arrears;
    char arrears_since[40], suspended_at[40], deleted_at[40]; /* for people */
    int64_t as_of;
    long days[3];          /* P10/P50/P90 run-out day after as-of, RW_RUNOUT_NONE */
    char runout[3][16];    /* their dates ("" for NONE) */
    int horizon;
    double within7, within14, within30;
    char deleted[32];      /* data deletion at the P50 run-out, "" when none */
    rw_policy pol;
    size_t nthr;           /* levels: blue, yellow, red (lead[3]/thr[3] may hold the
                            * run-out window's lead when it is none of 7, 3, 1) */
    size_t lead[4];
    double thr[4];
    double runout_thr;     /* the balance that lasts the run-out window at 95% */
    int has_ledger;        /* the ledger rule: the account has a ledger */
    size_t ledger_days;    /* days of the last RW_LEDGER_RULE_DAYS compared */
    size_t ledger_bad;     /* of them, days in disagreement */
    char ledger_first[16]; /* the first such day, its cause in ledger_cause */
    char ledger_cause[32];
    int has_budget;
    double budget;
    rw_budget_period pd;
    rw_budget b;
} rw_alert_facts;

/* One rule as evaluated. */
typedef struct rw_alert_rule {
    const char *name;      /* threshold | runout | budget */
    char id[RW_ALERT_RULE]; /* alert_state key: "NAME:ACCOUNT" */
    const char *state;     /* evaluated (static text) */
    char title[256];
    char detail[400];
    char action[300];      /* for a non-ok state */
} rw_alert_rule;

/* The rules of f: threshold, runout within runout_days, arrears, ledger
 * when f->has_ledger and budget when f->has_budget, into
 * rules[RW_ALERT_MAX_RULES]. Returns how many. */
size_t rw_alert_rules(const rw_alert_facts *f, long runout_days, rw_alert_rule *rules);

#endif
