/* accounts.h (app): what the planning use cases need from the account
 * registry: label filters and an account's registered policy. */
#ifndef RW_APP_ACCOUNTS_H
#define RW_APP_ACCOUNTS_H

#include <jansson.h>
#include "app/app.h"
#include "export/accounts_write.h"
#include "store/accounts.h"

/* 1 when the JSON object text `labels` has every "KEY=VALUE" of f (NULL or
 * empty: every account matches). */
int rw_app_labels_match(const char *labels, const rw_label_filter *f);

/* 1 when `key` can be a label key: letters, digits, '_', '.', '-', at most
 * 64 bytes. */
int rw_app_label_key_ok(const char *key);

/* RW_EINVAL unless every filter entry is "KEY=VALUE" with a valid key. */
rw_status rw_app_label_filter_check(const rw_label_filter *f, rw_error *err);

/* What the registry says for the plans of one account; each field is
 * "none" (NaN, 0 lead times, "" policy) when nothing is registered. */
typedef struct rw_app_registered {
    char policy[RW_ERROR_TEXT]; /* arrears policy (`accounts set --policy`) */
    double budget;              /* monthly budget (`accounts set --budget`) */
    size_t nleads;              /* the threshold override (`accounts set
                                 * --thresholds`): "lead_days" */
    size_t leads[RW_MAX_LEADS];
    double confidence;          /* "confidence" */
    double fixed_alert;         /* "fixed_alert" */
} rw_app_registered;

/* The registered settings of `account` into *out (all none when the
 * account is not registered, or account is NULL or ""). RW_EINVAL when its
 * stored threshold override is not valid (rw_app_thresholds_override). */
rw_status rw_app_account_registered(rw_session *s, const char *account, rw_app_registered *out,
                                    rw_error *err);

/* The one rule of a plan's setting: the value given (on the command line,
 * in the options; NaN when not given), else the account's registered one
 * (NaN: none), else the default. */
double rw_app_setting(double given, double registered, double dflt);
/* The same for a name: given (NULL: not given), else registered ("" or
 * NULL: none), else dflt. */
const char *rw_app_setting_str(const char *given, const char *registered, const char *dflt);

/* Reads the threshold override `text`, a JSON object with any of
 * "lead_days" (an array of 1..RW_MAX_LEADS days, each 1..365),
 * "confidence" (0.5..0.999) and "fixed_alert" (an amount >= 0), into the
 * threshold fields of *r (r may be NULL: only checked). RW_EINVAL with
 * the reason for anything else (unknown keys included). */
rw_status rw_app_thresholds_override(const char *text, rw_app_registered *r, rw_error *err);

/* RW_EINVAL unless the threshold settings are valid: nleads <= RW_MAX_LEADS
 * lead times of 1..365 days, a confidence in [0.5, 0.999], a fixed alert
 * >= 0 (the rule of rw_thresholds_plan and of the registry's override). */
rw_status rw_app_thresholds_check(size_t nleads, const size_t *leads, double confidence,
                                  double fixed_alert, rw_error *err);

/* Builds the whole record `r` of account `id` from an import file's fields
 * (labels: a JSON object, routes: a JSON array of {kind, url_ref} objects
 * or "KIND=REF" strings, either NULL when absent; budget NAN when none),
 * checked by the same rules as `accounts set`. On failure r holds nothing
 * and err says why. */
rw_status rw_app_account_build(const char *id, const char *name, json_t *labels,
                               const char *owner, const char *payer, const char *policy,
                               json_t *routes, double budget, const char *thresholds,
                               rw_account_rec *r, rw_error *err);

/* Runs one account's call in session s (its own connection, on a worker
 * thread), filling x->result and x->rank; `opts` and `now` are those given
 * to rw_app_all_accounts. */
typedef rw_status (*rw_app_one_fn)(rw_session *s, const void *opts, int64_t now,
                                   rw_account_result *x, rw_error *err);

/* Calls fn for every account with a balance (and a's labels), a->jobs at
 * a time, each in its own session on s's store; passes their messages on
 * in account order and ranks the results (rw_account_results_rank). *out
 * (owned by the caller) holds every account, failed ones with their error.
 * RW_EPARTIAL when some failed, RW_ENOTFOUND when none matches. */
rw_status rw_app_all_accounts(rw_session *s, rw_all_kind kind, const rw_all_options *a,
                              int64_t now, rw_app_one_fn fn, const void *opts,
                              rw_account_results **out, rw_error *err);

/* Calls fn for every account of rs (in its order, x->status and x->error
 * set from fn's outcome; those that failed already are skipped), `jobs` at a time, each in its own session on s's
 * store, and passes their messages on in rs's order; rs->failed counts the
 * failures. For a second call over results already ranked (the
 * organisation report draws charts for the first accounts only). */
void rw_app_each_account(rw_session *s, rw_account_results *rs, size_t jobs, int64_t now,
                         rw_app_one_fn fn, const void *opts);
/* The run-out an account's result is ranked and summarised by (x->rank)
 * when its call is not a run-out: the default plan of the account with
 * the call's series (plan, with the account set) and policy. */
rw_status rw_app_rank_runout(rw_session *s, const rw_plan_options *plan, const char *policy,
                             int64_t now, rw_runout_result **out, rw_error *err);

#endif
