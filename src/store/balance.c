/* balance.c: balances and top-ups in the store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/balance.h"
#include "store/store_internal.h"
#include "util/grow.h"
#include "util/strutil.h"
#include "util/timeutil.h"

static const char *const every_names[] = {NULL, "week", "month"};

rw_status rw_store_balance_record(rw_store *s, const char *account, int64_t at, double amount,
                            const char *currency, rw_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO balances(account, at, amount, currency, origin)"
                           " VALUES(?,?,?,?,'manual')",
                           -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "recording the balance");
    sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, at);
    sqlite3_bind_double(st, 3, amount);
    sqlite3_bind_text(st, 4, currency, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? RW_OK : rw_store_dberr(s, err, "recording the balance");
}

/* Resolves a NULL account to the only account with rows in `table`. */
static rw_status only_account(rw_store *s, const char *table, char out[RW_ACCOUNT_MAX + 1], rw_error *err)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT DISTINCT account FROM %s ORDER BY account LIMIT 6", table);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "listing accounts");
    int n = 0;
    char list[400] = "";
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *a = (const char *)sqlite3_column_text(st, 0);
        if (n == 0) rw_str_copy(out, RW_ACCOUNT_MAX + 1, a);
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s'%s'", n ? ", " : "", a);
        n++;
    }
    sqlite3_finalize(st);
    if (n == 0) return rw_error_set(err, RW_ENOTFOUND, NULL, 0, "no balance recorded yet");
    if (n > 1)
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "several accounts have balances (%s%s): choose one with --account",
                            list, n > 5 ? ", ..." : "");
    return RW_OK;
}

/* Reads the current row of st (account, at, amount, currency, origin) into *out. */
static void read_row(sqlite3_stmt *st, rw_balance_row *out)
{
    rw_str_copy(out->account, sizeof out->account, (const char *)sqlite3_column_text(st, 0));
    out->at = sqlite3_column_int64(st, 1);
    out->amount = sqlite3_column_double(st, 2);
    rw_str_copy(out->currency, sizeof out->currency, (const char *)sqlite3_column_text(st, 3));
    rw_str_copy(out->origin, sizeof out->origin, (const char *)sqlite3_column_text(st, 4));
}

rw_status rw_store_balance_latest(rw_store *s, const char *account, rw_balance_row *out,
                            rw_error *err)
{
    char acct[RW_ACCOUNT_MAX + 1];
    if (!account) {
        rw_status st = only_account(s, "balances", acct, err);
        if (st != RW_OK) return st;
        account = acct;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT account, at, amount, currency, origin FROM balances"
                           " WHERE account = ? ORDER BY at DESC, id DESC LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "reading balances");
    sqlite3_bind_text(st, 1, account, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    rw_status ret = RW_OK;
    if (rc == SQLITE_ROW) {
        read_row(st, out);
    } else if (rc == SQLITE_DONE) {
        ret = rw_error_set(err, RW_ENOTFOUND, NULL, 0, "no balance recorded for account '%s'",
                           account);
    } else {
        ret = rw_store_dberr(s, err, "reading balances");
    }
    sqlite3_finalize(st);
    return ret;
}

rw_status rw_store_balance_accounts(rw_store *s, rw_balance_row **out, size_t *n, rw_error *err)
{
    sqlite3_stmt *st = NULL;
    rw_balance_row *rows = NULL;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT account, at, amount, currency, origin FROM balances b"
                           " WHERE id = (SELECT id FROM balances b2 WHERE b2.account = b.account"
                           " ORDER BY at DESC, id DESC LIMIT 1) ORDER BY amount DESC, account",
                           -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "reading balances");
    rw_status ret = RW_OK;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!rw_grow(&rows, &cap, *n, sizeof *rows, 8)) {
            ret = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
            break;
        }
        read_row(st, &rows[(*n)++]);
    }
    if (ret == RW_OK && rc != SQLITE_DONE) ret = rw_store_dberr(s, err, "reading balances");
    sqlite3_finalize(st);
    if (ret != RW_OK) {
        free(rows);
        *n = 0;
        return ret;
    }
    *out = rows;
    return RW_OK;
}

rw_status rw_store_default_currency(rw_store *s, const char *account, char cur[4], rw_error *err)
{
    rw_balance_row b;
    rw_error ignore;
    rw_error_clear(&ignore);
    if (rw_store_balance_latest(s, account ? account : "", &b, &ignore) == RW_OK) {
        memcpy(cur, b.currency, 4);
        return RW_OK;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT DISTINCT currency FROM dims LIMIT 2", -1, &st, NULL) !=
        SQLITE_OK)
        return rw_store_dberr(s, err, "reading currencies");
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n == 0) rw_str_copy(cur, 4, (const char *)sqlite3_column_text(st, 0));
        n++;
    }
    sqlite3_finalize(st);
    if (n != 1)
        return rw_error_set(err, RW_ENOTFOUND, NULL, 0,
                            "cannot tell the currency: give --currency");
    return RW_OK;
}

rw_status rw_store_topup_add(rw_store *s, rw_topup *t, rw_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO topups(account, at, amount, currency, every, until, note)"
                           " VALUES(?,?,?,?,?,?,?)",
                           -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "recording the top-up");
    sqlite3_bind_text(st, 1, t->account, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, t->at);
    sqlite3_bind_double(st, 3, t->amount);
    sqlite3_bind_text(st, 4, t->currency, -1, SQLITE_STATIC);
    if (t->every != RW_EVERY_ONCE) sqlite3_bind_text(st, 5, every_names[t->every], -1, SQLITE_STATIC);
    if (t->until != INT64_MAX) sqlite3_bind_int64(st, 6, t->until);
    sqlite3_bind_text(st, 7, t->note, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return rw_store_dberr(s, err, "recording the top-up");
    t->id = sqlite3_last_insert_rowid(s->db);
    return RW_OK;
}

rw_status rw_store_topup_remove(rw_store *s, int64_t id, rw_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "DELETE FROM topups WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "removing the top-up");
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return rw_store_dberr(s, err, "removing the top-up");
    if (sqlite3_changes(s->db) == 0)
        return rw_error_set(err, RW_ENOTFOUND, NULL, 0, "no top-up with id %lld", (long long)id);
    return RW_OK;
}

rw_status rw_store_topup_list(rw_store *s, const char *account, rw_topup **out, size_t *n,
                        rw_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT id, account, at, amount, currency, every, until, note"
                           " FROM topups WHERE ?1 IS NULL OR account = ?1 ORDER BY at, id",
                           -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "reading top-ups");
    if (account) sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
    size_t cap = 0;
    rw_status ret = RW_OK;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            rw_topup *nt = realloc(*out, cap * sizeof *nt);
            if (!nt) {
                ret = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
                break;
            }
            *out = nt;
        }
        rw_topup *t = &(*out)[(*n)++];
        memset(t, 0, sizeof *t);
        t->id = sqlite3_column_int64(st, 0);
        rw_str_copy(t->account, sizeof t->account, (const char *)sqlite3_column_text(st, 1));
        t->at = sqlite3_column_int64(st, 2);
        t->amount = sqlite3_column_double(st, 3);
        rw_str_copy(t->currency, sizeof t->currency, (const char *)sqlite3_column_text(st, 4));
        const char *every = (const char *)sqlite3_column_text(st, 5);
        t->every = !every ? RW_EVERY_ONCE : !strcmp(every, "week") ? RW_EVERY_WEEK : RW_EVERY_MONTH;
        t->until = sqlite3_column_type(st, 6) == SQLITE_NULL ? INT64_MAX
                                                              : sqlite3_column_int64(st, 6);
        rw_str_copy(t->note, sizeof t->note, (const char *)sqlite3_column_text(st, 7));
    }
    if (ret == RW_OK && rc != SQLITE_DONE) ret = rw_store_dberr(s, err, "reading top-ups");
    sqlite3_finalize(st);
    if (ret != RW_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return ret;
}
