/* accounts_write.h: the account list behind runway.h's rw_account_list,
 * and the results of the planning calls over every account
 * (rw_account_results), with what their writers need. */
#ifndef RW_ACCOUNTS_WRITE_H
#define RW_ACCOUNTS_WRITE_H

#include "runway.h"
#include "store/accounts.h"

struct rw_account_list {
    rw_account_rec *recs;   /* owned, by id */
    size_t n;
};

/* Which planning call the results are of. */
typedef enum rw_all_kind {
    RW_ALL_RUNOUT,
    RW_ALL_THRESHOLDS,
    RW_ALL_ARREARS,
    RW_ALL_BUDGET,
    RW_ALL_ANOMALIES,
    RW_ALL_REPORT, /* the organisation report: rw_org_account (org_report.h) */
    RW_ALL_NOTIFY, /* result: rw_alert_run (alert/deliver.h); rank: owned run-out */
} rw_all_kind;

/* One account's result. */
typedef struct rw_account_result {
    rw_account_rec acc;     /* owned: the account (registry fields, balance) */
    void *result;           /* owned: rw_runout_result, rw_thresholds_result,
                             * rw_arrears_result, rw_budget_result,
                             * rw_anomaly_set, rw_org_account or rw_alert_run
                             * by kind; NULL
                             * when it failed */
    rw_runout_result *rank; /* owned (thresholds) or borrowed from `result`:
                             * the run-out its rank and summary are read from;
                             * NULL for budgets and anomalies */
    int no_budget;          /* budget: the account has none (result: its spend
                             * and forecast only, budget NaN) */
    rw_status status;       /* RW_OK, or the failure */
    char error[RW_ERROR_TEXT]; /* the failure's text */
} rw_account_result;

/* The budget totals of the accounts with one value of a label, in one
 * currency (sums of money are compensated sums). */
typedef struct rw_account_group {
    char *value;            /* owned: the label's value; NULL: accounts without it */
    char currency[4];       /* "" unknown */
    size_t accounts;        /* accounts planned (budgeted or not) */
    size_t budgeted;        /* of which have a budget */
    size_t failed;          /* accounts of the group that could not be planned */
    double spent;           /* spent in the period up to as-of, every planned account */
    double forecast;        /* forecast period total (mean), every planned account */
    double budget;          /* the budgets of the budgeted accounts */
} rw_account_group;

struct rw_account_results {
    rw_all_kind kind;
    rw_account_result *r;   /* owned, ranked */
    size_t n;
    size_t failed;
    char *group_by;         /* owned: budget totals per value of this label;
                             * NULL: per account */
    rw_account_group *groups; /* owned: by value (NULL last), then currency */
    size_t ngroups;
};

/* Orders results: failures last; runout, thresholds and arrears: in
 * arrears (largest owed first), then the fewest P50 days left (never
 * last); budgets: the most likely over budget first (already over first),
 * accounts without a budget last; anomalies: the most anomalies first,
 * then the latest; then id. */
void rw_account_results_rank(rw_account_results *r);

#endif
