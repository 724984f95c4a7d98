/* accounts.c: the registry of accounts and the accounts seen in the data
 * (accounts.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "store/accounts.h"
#include "store/balance.h"
#include "store/store_internal.h"
#include "util/grow.h"
#include "util/strutil.h"

void rw_account_rec_cleanup(rw_account_rec *r)
{
    free(r->name);
    free(r->labels);
    free(r->owner);
    free(r->payer);
    free(r->policy);
    free(r->routes);
    free(r->thresholds);
    memset(r, 0, sizeof *r);
    r->budget = NAN;
}

/* A copy of column i (NULL when the column is NULL and `null_ok`, else ""),
 * 0 when memory ran out. */
static int col(sqlite3_stmt *st, int i, int null_ok, char **out)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    *out = NULL;
    if (!v && null_ok) return 1;
    return (*out = strdup(v ? v : "")) != NULL;
}

#define REC_COLUMNS "a.name, a.labels, a.owner, a.payer, a.policy, a.routes, a.thresholds," \
                    " a.budget, a.created, a.updated"

/* Reads the registry columns starting at column `c0` into r. */
static int read_rec(sqlite3_stmt *st, int c0, rw_account_rec *r)
{
    r->registered = 1;
    int ok = col(st, c0, 0, &r->name) && col(st, c0 + 1, 0, &r->labels) &&
             col(st, c0 + 2, 0, &r->owner) && col(st, c0 + 3, 1, &r->payer) &&
             col(st, c0 + 4, 1, &r->policy) && col(st, c0 + 5, 0, &r->routes) &&
             col(st, c0 + 6, 1, &r->thresholds);
    r->budget = sqlite3_column_type(st, c0 + 7) == SQLITE_NULL ? NAN
                                                               : sqlite3_column_double(st, c0 + 7);
    r->created = sqlite3_column_int64(st, c0 + 8);
    r->updated = sqlite3_column_int64(st, c0 + 9);
    return ok;
}

/* The fields of an account only seen in the data. */
static int seen_rec(rw_account_rec *r)
{
    r->registered = 0;
    r->budget = NAN;
    return (r->name = strdup("")) && (r->labels = strdup("{}")) && (r->owner = strdup("")) &&
           (r->routes = strdup("[]"));
}

rw_status rw_store_account_get(rw_store *s, const char *id, rw_account_rec *out, rw_error *err)
{
    sqlite3_stmt *st = NULL;
    memset(out, 0, sizeof *out);
    out->budget = NAN;
    if (sqlite3_prepare_v2(s->db, "SELECT " REC_COLUMNS " FROM accounts a WHERE a.id = ?", -1,
                           &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "reading the account");
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    rw_status ret = RW_OK;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        rw_str_copy(out->id, sizeof out->id, id);
        if (!read_rec(st, 0, out)) ret = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    } else if (rc == SQLITE_DONE) {
        ret = rw_error_set(err, RW_ENOTFOUND, NULL, 0, "account '%s' is not registered", id);
    } else {
        ret = rw_store_dberr(s, err, "reading the account");
    }
    sqlite3_finalize(st);
    if (ret != RW_OK) rw_account_rec_cleanup(out);
    return ret;
}

static void bind_or_null(sqlite3_stmt *st, int i, const char *v)
{
    if (v) sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, i);
}

rw_status rw_store_account_put(rw_store *s, const rw_account_rec *r, int64_t now, rw_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(
            s->db,
            "INSERT INTO accounts(id, name, labels, owner, payer, policy, routes, budget,"
            " thresholds, created, updated) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?10)"
            " ON CONFLICT(id) DO UPDATE SET name=?2, labels=?3, owner=?4, payer=?5, policy=?6,"
            " routes=?7, budget=?8, thresholds=?9, updated=?10",
            -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "storing the account");
    sqlite3_bind_text(st, 1, r->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, r->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, r->labels, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, r->owner, -1, SQLITE_STATIC);
    bind_or_null(st, 5, r->payer);
    bind_or_null(st, 6, r->policy);
    sqlite3_bind_text(st, 7, r->routes, -1, SQLITE_STATIC);
    if (isnan(r->budget)) sqlite3_bind_null(st, 8);
    else sqlite3_bind_double(st, 8, r->budget);
    bind_or_null(st, 9, r->thresholds);
    sqlite3_bind_int64(st, 10, now);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? RW_OK : rw_store_dberr(s, err, "storing the account");
}

static int cmp_balance(const void *x, const void *y)
{
    return strcmp(((const rw_balance_row *)x)->account, ((const rw_balance_row *)y)->account);
}

rw_status rw_store_accounts_all(rw_store *s, rw_account_rec **out, size_t *n, rw_error *err)
{
    sqlite3_stmt *st = NULL;
    rw_account_rec *recs = NULL;
    rw_balance_row *bal = NULL;
    size_t cap = 0, nbal = 0;
    *out = NULL;
    *n = 0;
    rw_status ret = rw_store_balance_accounts(s, &bal, &nbal, err);
    if (ret != RW_OK) return ret;
    if (nbal) qsort(bal, nbal, sizeof *bal, cmp_balance);
    if (sqlite3_prepare_v2(
            s->db,
            "WITH ids(id) AS (SELECT id FROM accounts UNION SELECT account FROM balances"
            " UNION SELECT account FROM ledger UNION SELECT billing_account FROM dims"
            " UNION SELECT sub_account FROM dims)"
            " SELECT ids.id, a.id IS NOT NULL, " REC_COLUMNS
            " FROM ids LEFT JOIN accounts a ON a.id = ids.id WHERE ids.id <> '' ORDER BY ids.id",
            -1, &st, NULL) != SQLITE_OK) {
        free(bal);
        return rw_store_dberr(s, err, "listing accounts");
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!rw_grow(&recs, &cap, *n, sizeof *recs, 16)) {
            ret = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
            break;
        }
        rw_account_rec *r = &recs[(*n)++];
        memset(r, 0, sizeof *r);
        rw_str_copy(r->id, sizeof r->id, (const char *)sqlite3_column_text(st, 0));
        int ok = sqlite3_column_int(st, 1) ? read_rec(st, 2, r) : seen_rec(r);
        if (!ok) {
            ret = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
            break;
        }
        rw_balance_row key;
        rw_str_copy(key.account, sizeof key.account, r->id);
        const rw_balance_row *b = nbal ? bsearch(&key, bal, nbal, sizeof *bal, cmp_balance) : NULL;
        if (b) {
            r->has_balance = 1;
            r->balance = *b;
        }
    }
    if (ret == RW_OK && rc != SQLITE_DONE) ret = rw_store_dberr(s, err, "listing accounts");
    sqlite3_finalize(st);
    free(bal);
    if (ret != RW_OK) {
        for (size_t i = 0; i < *n; i++) rw_account_rec_cleanup(&recs[i]);
        free(recs);
        *n = 0;
        return ret;
    }
    *out = recs;
    return RW_OK;
}
