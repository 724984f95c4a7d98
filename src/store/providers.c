/* providers.c: where the stored charges come from (providers.h). */
#include <sqlite3.h>
#include "store/providers.h"

/* Runs `sql` (two counts: all, matching) and sets *match when all > 0 and
 * all == matching. */
static rw_status counts(rw_store *s, const char *sql, const char *account, int *match,
                        rw_error *err)
{
    sqlite3_stmt *st = NULL;
    *match = 0;
    if (sqlite3_prepare_v2(rw_store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "reading where charges come from");
    sqlite3_bind_text(st, 1, RW_PROVIDER_TENCENT, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, RW_PROVIDER_TENCENT_ZH, -1, SQLITE_STATIC);
    if (account) sqlite3_bind_text(st, 3, account, -1, SQLITE_STATIC);
    rw_status ret = RW_OK;
    if (sqlite3_step(st) == SQLITE_ROW) {
        sqlite3_int64 all = sqlite3_column_int64(st, 0), yes = sqlite3_column_int64(st, 1);
        *match = all > 0 && all == yes;
    } else {
        ret = rw_store_dberr(s, err, "reading where charges come from");
    }
    sqlite3_finalize(st);
    return ret;
}

rw_status rw_store_only_tencent(rw_store *s, const char *account, int *only, rw_error *err)
{
    /* Only sources and dims that charges point to count (a superseded
     * month leaves its source row); each subquery is one scan of charges. */
    static const char formats[] =
        "SELECT count(*), coalesce(sum(format IN ('tencent-bill', 'tencent-api')), 0)"
        " FROM sources WHERE ?1 IS NOT NULL AND ?2 IS NOT NULL AND id IN (SELECT DISTINCT"
        " c.source_id FROM charges c JOIN dims d ON d.id = c.dim_id WHERE ?3 IS NULL OR"
        " d.sub_account = ?3 OR d.billing_account = ?3)";
    static const char providers[] =
        "SELECT count(*), coalesce(sum(lower(provider) = lower(?1) OR provider = ?2), 0)"
        " FROM dims WHERE id IN (SELECT DISTINCT dim_id FROM charges) AND (?3 IS NULL OR"
        " sub_account = ?3 OR billing_account = ?3)";
    rw_status st = counts(s, formats, account, only, err);
    if (st == RW_OK && *only) st = counts(s, providers, account, only, err);
    return st;
}
