/* balance.h: balance snapshots and planned or recurring top-ups.
 *
 * Amounts are in currency units (yuan, dollars), never cents. Accounts are
 * free-form ids; "" is the default account of a single-account store. */
#ifndef RW_BALANCE_H
#define RW_BALANCE_H

#include <stddef.h>
#include <stdint.h>
#include "store/store.h"

/* rw_balance_row, rw_every and rw_topup are public (runway.h). */

/* Records a manual balance snapshot. */
rw_status rw_store_balance_record(rw_store *s, const char *account, int64_t at, double amount,
                            const char *currency, rw_error *err);

/* The latest snapshot of `account`, or when account is NULL of the only
 * account that has snapshots. RW_ENOTFOUND when there is none; RW_EINVAL
 * (message lists them) when account is NULL and several accounts exist. */
rw_status rw_store_balance_latest(rw_store *s, const char *account, rw_balance_row *out,
                            rw_error *err);

/* The latest snapshot of every account that has one, the largest balance
 * first. *out is the caller's (free()). */
rw_status rw_store_balance_accounts(rw_store *s, rw_balance_row **out, size_t *n, rw_error *err);

/* Currency to assume for `account` when the user names none: that of its
 * latest balance, else the single currency of all stored charges.
 * RW_ENOTFOUND when neither decides; writes the code into cur[4]. */
rw_status rw_store_default_currency(rw_store *s, const char *account, char cur[4], rw_error *err);

/* Stores a top-up plan; sets t->id. */
rw_status rw_store_topup_add(rw_store *s, rw_topup *t, rw_error *err);
/* Removes top-up `id`; RW_ENOTFOUND when there is none. */
rw_status rw_store_topup_remove(rw_store *s, int64_t id, rw_error *err);
/* All top-ups of `account` (NULL: all accounts), by time. *out is owned by
 * the caller (free()). */
rw_status rw_store_topup_list(rw_store *s, const char *account, rw_topup **out, size_t *n,
                        rw_error *err);

#endif
