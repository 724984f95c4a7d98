/* arrears_write.h: an account in arrears as text and JSON, shared by the
 * run-out and the arrears statement writers. */
#ifndef RW_ARREARS_WRITE_H
#define RW_ARREARS_WRITE_H

#include <stdio.h>
#include <jansson.h>
#include "runway.h"
#include "export/plan_write.h"
#include "plan/policy.h"

/* {"status", "owed", "arrears_since", "since_estimated_from",
 * "since_at_least", "phase", "suspended_from", "data_deleted_from",
 * "days_overdue", "days_to_deletion", "to_clear", "to_blue"}; only
 * "status": "ok" (and to_blue) when not in arrears. NULL on ENOMEM. */
json_t *rw_arrears_json(const rw_arrears_facts *a);

/* Times are written in zone tz (NULL: UTC); JSON gives UTC instants. */

/* The lines after a headline that says the account is in arrears: since
 * when, suspension and deletion under `pol`, days left, what to pay, in
 * `lang`. `currency` is the ISO code ("" when unknown). */
void rw_arrears_text(const rw_arrears_facts *a, const rw_policy *pol, const char *currency,
                     const rw_tz *tz, rw_lang lang, FILE *out);

/* "in arrears since TIME" with "at least" when bounded is 0, into out. */
void rw_arrears_since_text(const rw_arrears_facts *a, const rw_tz *tz, rw_lang lang, char *out,
                           size_t size);

/* What was charged in one billing period (month) to one service. */
typedef struct rw_arrears_row {
    char period[8];    /* "YYYY-MM" */
    char *service;     /* owned */
    double amount;
} rw_arrears_row;

/* The arrears statement (runway.h rw_arrears_statement). */
struct rw_arrears_result {
    rw_runout_result *runout; /* owned: the balance, the facts, the policy */
    char account[RW_ACCOUNT_MAX + 1];        /* "" for the default account */
    int64_t from;             /* the first day the breakdown counts */
    rw_arrears_row *rows;     /* owned: by period, then amount (largest first) */
    size_t nrows;
    double total;             /* sum of the rows */
};

/* The JSON object `runway arrears --format json` prints (NULL on ENOMEM). */
json_t *rw_arrears_statement_json(const rw_arrears_result *r);

#endif
