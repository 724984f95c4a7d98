/* zone.c: the reporting time zone of a selection (zone.h). */
#include "app/zone.h"
#include "store/providers.h"

rw_status rw_app_zone(rw_session *s, const rw_selection *sel, rw_tz **out, rw_error *err)
{
    rw_tz *z = NULL;
    rw_store *store;
    int only = 0;
    *out = NULL;
    if (sel->tz) {
        rw_status st = rw_tz_load(sel->tz, NULL, &z, err);
        if (st != RW_OK) return st;
    }
    if (sel->input || sel->metric == RW_METRIC_POINTS || (z && rw_tz_is_utc(z))) {
        rw_tz_free(z);
        return RW_OK;
    }
    if (z) {
        *out = z;
        return RW_OK;
    }
    rw_status st = rw_app_store(s, &store, err);
    if (st == RW_OK) st = rw_store_only_tencent(store, sel->account, &only, err);
    if (st != RW_OK || !only) return st;
    rw_error zerr;
    rw_error_clear(&zerr);
    if (rw_tz_load(RW_TENCENT_TZ, NULL, &z, &zerr) != RW_OK) {
        rw_app_msg(s, RW_MSG_DETAIL, "%s; Beijing time is taken as a fixed UTC+08:00", zerr.text);
        st = rw_tz_load("+08:00", NULL, &z, err);
    }
    *out = z;
    return st;
}
