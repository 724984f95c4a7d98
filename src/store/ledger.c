/* ledger.c: reading the account ledger and what the bills drew (ledger.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/ledger.h"
#include "store/series_query.h"
#include "store/store_internal.h"
#include "util/grow.h"
#include "util/strutil.h"

rw_status rw_store_ledger_account(rw_store *s, const char *want, char out[RW_ACCOUNT_MAX + 1], rw_error *err)
{
    sqlite3_stmt *st = NULL;
    const char *sql = want ? "SELECT account FROM ledger WHERE account = ? LIMIT 1"
                           : "SELECT DISTINCT account FROM ledger ORDER BY account LIMIT 6";
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "listing the ledger's accounts");
    if (want) sqlite3_bind_text(st, 1, want, -1, SQLITE_STATIC);
    int n = 0, rc;
    char list[400] = "";
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *a = (const char *)sqlite3_column_text(st, 0);
        if (n == 0) rw_str_copy(out, RW_ACCOUNT_MAX + 1, a);
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s'%s'", n ? ", " : "", n < 5 ? a : "...");
        n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return rw_store_dberr(s, err, "listing the ledger's accounts");
    if (n == 0)
        return rw_error_set(err, RW_ENOTFOUND, NULL, 0,
                            "no ledger transactions stored%s%s: ingest DescribeBillList"
                            " responses or run `runway fetch tencent`",
                            want ? " for account " : "", want ? want : "");
    if (n > 1)
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "the ledger holds several accounts (%s): give --account", list);
    return RW_OK;
}

static rw_ledger_kind kind_of(const char *name)
{
    for (int k = RW_LEDGER_RECHARGE; k <= RW_LEDGER_OTHER; k++)
        if (!strcmp(name, rw_ledger_kind_name((rw_ledger_kind)k))) return (rw_ledger_kind)k;
    return RW_LEDGER_OTHER;
}

rw_status rw_store_ledger_rows(rw_store *s, const char *account, int64_t from, int64_t to,
                               rw_ledger_row **out, size_t *n, char cur[4], rw_error *err)
{
    sqlite3_stmt *st = NULL;
    rw_ledger_row *rows = NULL;
    size_t cap = 0, len = 0;
    rw_status ret = RW_OK;
    *out = NULL;
    *n = 0;
    cur[0] = '\0';
    if (sqlite3_prepare_v2(s->db,
                           "SELECT at, kind, amount, balance, currency FROM ledger"
                           " WHERE account = ? AND at >= ? AND at < ? ORDER BY at, id",
                           -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "reading the ledger");
    sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, from);
    sqlite3_bind_int64(st, 3, to);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!rw_grow(&rows, &cap, len, sizeof *rows, 256)) {
            ret = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
            goto out;
        }
        rows[len].at = sqlite3_column_int64(st, 0);
        rows[len].kind = kind_of((const char *)sqlite3_column_text(st, 1));
        rows[len].amount = sqlite3_column_double(st, 2);
        rows[len].balance = sqlite3_column_double(st, 3);
        if (!cur[0]) rw_str_copy(cur, 4, (const char *)sqlite3_column_text(st, 4));
        len++;
    }
    if (rc != SQLITE_DONE) ret = rw_store_dberr(s, err, "reading the ledger");
out:
    sqlite3_finalize(st);
    if (ret != RW_OK) {
        free(rows);
        return ret;
    }
    *out = rows;
    *n = len;
    return RW_OK;
}

rw_status rw_store_drawn_hours(rw_store *s, const char *account, const char *currency,
                               int64_t from, int64_t to, rw_drawn_hour **out, size_t *n,
                               rw_error *err)
{
    sqlite3_stmt *st = NULL;
    rw_drawn_hour *rows = NULL;
    size_t cap = 0, len = 0;
    rw_status ret = RW_OK;
    *out = NULL;
    *n = 0;
    /* total() sums with compensation in current SQLite; an hour holds few
     * charges in any case. */
    if (sqlite3_prepare_v2(s->db,
                           "SELECT (period_start / 3600) * 3600 AS h, total(" RW_SQL_DRAWN "),"
                           " count(*) FROM charges JOIN dims ON dims.id = charges.dim_id"
                           " WHERE dims.currency = ?1 AND period_start >= ?3 AND period_start < ?4"
                           " AND (?2 = '' OR billing_account = ?2 OR sub_account = ?2)"
                           " GROUP BY h ORDER BY h",
                           -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "reading what the bills drew");
    sqlite3_bind_text(st, 1, currency, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, account, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, from);
    sqlite3_bind_int64(st, 4, to);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!rw_grow(&rows, &cap, len, sizeof *rows, 256)) {
            ret = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
            goto out;
        }
        rows[len].hour = sqlite3_column_int64(st, 0);
        rows[len].drawn = sqlite3_column_double(st, 1);
        rows[len].charges = (long)sqlite3_column_int64(st, 2);
        len++;
    }
    if (rc != SQLITE_DONE) ret = rw_store_dberr(s, err, "reading what the bills drew");
out:
    sqlite3_finalize(st);
    if (ret != RW_OK) {
        free(rows);
        return ret;
    }
    *out = rows;
    *n = len;
    return RW_OK;
}

rw_status rw_store_ledger_below_since(rw_store *s, const char *account, double limit,
                                      int64_t until, int64_t *since, int *found,
                                      rw_error *err)
{
    sqlite3_stmt *st = NULL;
    *found = 0;
    *since = INT64_MIN;
    /* Newest first: the run below the limit ends at the first transaction
     * met that leaves the balance at or above it. */
    if (sqlite3_prepare_v2(s->db,
                           "SELECT at, balance FROM ledger WHERE account = ? AND at <= ?"
                           " ORDER BY at DESC, id DESC",
                           -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "reading the ledger");
    sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, until);
    int rc, first = 1;
    int64_t start = INT64_MIN;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int below = sqlite3_column_double(st, 1) < limit;
        if (!below) {
            if (!first) {
                *since = start;
                *found = 1;
            }
            break;
        }
        start = sqlite3_column_int64(st, 0);
        first = 0;
    }
    int ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok ? RW_OK : rw_store_dberr(s, err, "reading the ledger");
}
