/* stored.c: reading and recording what the store holds besides bills:
 * aggregated series, balance snapshots, planned top-ups, and the record of
 * ingested files and rejected rows (runway.h). */
#include <stdlib.h>
#include <string.h>
#include "app/app.h"
#include "app/select.h"
#include "app/zone.h"
#include "store/balance.h"
#include "store/sources.h"

rw_status rw_series_select(rw_session *s, const rw_selection *sel, rw_series_set **out,
                           rw_error *err)
{
    *out = NULL;
    if (sel->input)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "series come from the store, not a file");
    rw_store *store;
    rw_tz *tz = NULL;
    rw_status st = rw_app_read_begin(s, err);
    if (st == RW_OK) st = rw_app_zone(s, sel, &tz, err);
    rw_series_query q = rw_app_query(sel, tz);
    if (st == RW_OK) st = rw_app_store(s, &store, err);
    if (st == RW_OK) st = rw_series_query_run(store, &q, out, err);
    rw_app_read_end(s);
    if (st == RW_OK) (*out)->tz = tz;
    else rw_tz_free(tz);
    if (st == RW_OK && (*out)->mixed_currency)
        rw_app_msg(s, RW_MSG_NOTE, "charges are in several currencies; series are split per"
                                   " currency (use --currency to pick one)");
    return st;
}

rw_status rw_balance_set(rw_session *s, const char *account, int64_t at, double amount,
                         const char *currency, rw_balance_row *out, rw_error *err)
{
    char cur[4];
    rw_store *store;
    rw_status st = rw_account_check(account, err);
    if (st == RW_OK) st = rw_app_store(s, &store, err);
    if (st != RW_OK) return st;
    if (currency) st = rw_parse_currency(currency, cur, err);
    else st = rw_store_default_currency(store, account, cur, err);
    if (st == RW_OK)
        st = rw_store_balance_record(store, account ? account : "", at, amount, cur, err);
    if (st == RW_OK && out) {
        memset(out, 0, sizeof *out);
        snprintf(out->account, sizeof out->account, "%s", account ? account : "");
        out->at = at;
        out->amount = amount;
        memcpy(out->currency, cur, sizeof cur);
        snprintf(out->origin, sizeof out->origin, "manual");
    }
    return st;
}

rw_status rw_balance_get(rw_session *s, const char *account, rw_balance_row *out, rw_error *err)
{
    rw_store *store;
    rw_status st = rw_app_store(s, &store, err);
    return st == RW_OK ? rw_store_balance_latest(store, account, out, err) : st;
}

rw_status rw_topup_add(rw_session *s, rw_topup *t, rw_error *err)
{
    rw_store *store;
    if (!(t->amount > 0)) return rw_error_set(err, RW_EINVAL, NULL, 0, "AMOUNT must be positive");
    if (t->until < t->at) return rw_error_set(err, RW_EINVAL, NULL, 0, "--until is before --at");
    rw_status st = rw_app_store(s, &store, err);
    if (st != RW_OK) return st;
    if (t->currency[0]) {
        char given[4];
        memcpy(given, t->currency, sizeof given);
        st = rw_parse_currency(given, t->currency, err);
    } else st = rw_store_default_currency(store, t->account[0] ? t->account : NULL, t->currency, err);
    return st == RW_OK ? rw_store_topup_add(store, t, err) : st;
}

rw_status rw_topup_remove(rw_session *s, int64_t id, rw_error *err)
{
    rw_store *store;
    rw_status st = rw_app_store(s, &store, err);
    return st == RW_OK ? rw_store_topup_remove(store, id, err) : st;
}

rw_status rw_topups_get(rw_session *s, const char *account, rw_topup **list, size_t *n,
                        rw_error *err)
{
    rw_store *store;
    *list = NULL;
    *n = 0;
    rw_status st = rw_app_store(s, &store, err);
    return st == RW_OK ? rw_store_topup_list(store, account, list, n, err) : st;
}

rw_status rw_sources_list(rw_session *s, rw_source_list **out, rw_error *err)
{
    rw_store *store;
    *out = NULL;
    rw_status st = rw_app_store(s, &store, err);
    return st == RW_OK ? rw_store_sources_list(store, out, err) : st;
}

rw_status rw_rejects_list(rw_session *s, const char *path, long limit, rw_source_list **out,
                          rw_error *err)
{
    rw_store *store;
    *out = NULL;
    rw_status st = rw_app_store(s, &store, err);
    return st == RW_OK ? rw_store_rejects_list(store, path, limit, out, err) : st;
}
