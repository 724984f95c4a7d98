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
typedef enum rw_all_kind { RW_ALL_RUNOUT, RW_ALL_THRESHOLDS, RW_ALL_ARREARS } rw_all_kind;

/* One account's result. */
typedef struct rw_account_result {
    rw_account_rec acc;     /* owned: the account (registry fields, balance) */
    void *result;           /* owned: rw_runout_result, rw_thresholds_result or
                             * rw_arrears_result by kind; NULL when it failed */
    rw_runout_result *rank; /* owned (thresholds) or borrowed from `result`:
                             * the run-out its rank and summary are read from */
    rw_status status;       /* RW_OK, or the failure */
    char error[RW_ERROR_TEXT]; /* the failure's text */
} rw_account_result;

struct rw_account_results {
    rw_all_kind kind;
    rw_account_result *r;   /* owned, ranked */
    size_t n;
    size_t failed;
};

/* Orders results: failures last, then in arrears (largest owed first),
 * then the fewest P50 days left (never last), then id. */
void rw_account_results_rank(rw_account_results *r);

#endif
