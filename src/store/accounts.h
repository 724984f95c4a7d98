/* accounts.h: the registry of accounts (schema v7, table `accounts`) and
 * the accounts seen in the data.
 *
 * The store keeps fields as they are given; what a valid label set, route
 * or policy is, is decided above (app/accounts.c). Strings of a record are
 * owned by it (rw_account_rec_cleanup). */
#ifndef RW_STORE_ACCOUNTS_H
#define RW_STORE_ACCOUNTS_H

#include <stddef.h>
#include <stdint.h>
#include "store/store.h"

typedef struct rw_account_rec {
    char id[RW_ACCOUNT_MAX + 1];
    int registered;          /* 1: a row of the registry; 0: only seen */
    char *name;              /* owned, "" when none (never NULL after a read) */
    char *labels;            /* owned: JSON object text, "{}" when none */
    char *owner;             /* owned, "" when none */
    char *payer;             /* owned; NULL: pays for itself */
    char *policy;            /* owned; NULL: the default policy */
    char *routes;            /* owned: JSON array text [{kind, url_ref}] */
    char *thresholds;        /* owned: JSON object text; NULL: none */
    double budget;           /* NaN: none */
    int64_t created, updated; /* epoch seconds; 0 when only seen */
    int has_balance;         /* 1: `balance` is the latest snapshot */
    rw_balance_row balance;
} rw_account_rec;

/* Frees the strings of r (NULL fields allowed) and zeroes it. */
void rw_account_rec_cleanup(rw_account_rec *r);

/* The registry row of `id` into *out (the caller's to clean up), without
 * its balance. RW_ENOTFOUND when `id` is not registered. */
rw_status rw_store_account_get(rw_store *s, const char *id, rw_account_rec *out, rw_error *err);

/* Inserts or replaces the registry row r->id (every field of r; name,
 * labels, owner and routes must not be NULL); `created` is kept for an
 * existing row, `updated` is `now`. */
rw_status rw_store_account_put(rw_store *s, const rw_account_rec *r, int64_t now, rw_error *err);

/* The registered accounts united with every non-empty account id seen in
 * balances, the ledger and the bills (billing_account and sub_account of
 * charge dimensions), by id, each with its latest balance. *out is the
 * caller's: clean up each record, then free(). */
rw_status rw_store_accounts_all(rw_store *s, rw_account_rec **out, size_t *n, rw_error *err);

#endif
