/* ledger.h: reading the account ledger (the ledger table, schema 5) and
 * what the bills drew from the balance, for reconciliation and the start
 * of arrears.
 *
 * Amounts are in currency units, signed as they move the balance. Rows come
 * in time order (ties in the order they were stored). */
#ifndef RW_LEDGER_H
#define RW_LEDGER_H

#include <stddef.h>
#include <stdint.h>
#include "ingest/record.h"
#include "store/store.h"

/* One stored transaction, as reconciliation needs it. */
typedef struct rw_ledger_row {
    int64_t at;          /* epoch seconds */
    rw_ledger_kind kind;
    double amount;       /* + into the balance, - out of it */
    double balance;      /* available balance after it */
} rw_ledger_row;

/* What the charges of one UTC hour (by ChargePeriodStart) drew. */
typedef struct rw_drawn_hour {
    int64_t hour;        /* start of the hour, epoch seconds */
    double drawn;        /* sum of RW_SQL_DRAWN */
    long charges;        /* charges summed */
} rw_drawn_hour;

/* The account whose ledger to read: `want` when given (RW_ENOTFOUND when it
 * has no transaction), else the only account with transactions (RW_EINVAL
 * listing them when several, RW_ENOTFOUND when none). Writes out[128]. */
rw_status rw_store_ledger_account(rw_store *s, const char *want, char out[RW_ACCOUNT_MAX + 1], rw_error *err);

/* The transactions of `account` in [from, to) (INT64_MIN/INT64_MAX: open)
 * in time order, and their currency into cur[4]. *out is the caller's
 * (free()); NULL when n is 0. */
rw_status rw_store_ledger_rows(rw_store *s, const char *account, int64_t from, int64_t to,
                               rw_ledger_row **out, size_t *n, char cur[4], rw_error *err);

/* What the charges in `currency` of `account` ("" : every account; else
 * its billing or sub account) starting in [from, to) drew from the
 * balance, per UTC hour, in time order. *out is the caller's (free()). */
rw_status rw_store_drawn_hours(rw_store *s, const char *account, const char *currency,
                               int64_t from, int64_t to, rw_drawn_hour **out, size_t *n,
                               rw_error *err);

/* When the ledger of `account` says the balance went below `limit` (e.g.
 * -credit) and stayed there up to `until`: the time of the first
 * transaction of that run, into *since, and *found = 1. *found = 0 when the
 * ledger does not know it: no transaction at or before `until`, the last
 * one leaves the balance at or above the limit (the ledger is behind the
 * observation), or every transaction is below it (the run started before
 * the ledger does). */
rw_status rw_store_ledger_below_since(rw_store *s, const char *account, double limit,
                                      int64_t until, int64_t *since, int *found,
                                      rw_error *err);

#endif
