/* accounts.h (app): what the planning use cases need from the account
 * registry: label filters and an account's registered policy. */
#ifndef RW_APP_ACCOUNTS_H
#define RW_APP_ACCOUNTS_H

#include "app/app.h"

/* 1 when the JSON object text `labels` has every "KEY=VALUE" of f (NULL or
 * empty: every account matches). */
int rw_app_labels_match(const char *labels, const rw_label_filter *f);

/* RW_EINVAL unless every filter entry is "KEY=VALUE" with a valid key. */
rw_status rw_app_label_filter_check(const rw_label_filter *f, rw_error *err);

/* The arrears policy registered for `account` into buf ("" when none, or
 * the account is not registered, or account is NULL or ""). */
rw_status rw_app_account_policy(rw_session *s, const char *account, char *buf, size_t size,
                                rw_error *err);

#endif
