/* alerts.c: alert rule rows and the delivery log (alerts.h): rows mapped
 * to and from the tables of schema migration 3. */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <sqlite3.h>
#include "store/alerts.h"
#include "store/store_internal.h"
#include "util/strutil.h"

static const char *const event_names[] = {"none", "change", "resolved", "repeat", "retry"};

const char *rw_alert_event_name(rw_alert_event e)
{
    return (size_t)e < sizeof event_names / sizeof event_names[0] ? event_names[e] : "none";
}

static rw_alert_event event_parse(const char *s)
{
    for (size_t i = 0; s && i < sizeof event_names / sizeof event_names[0]; i++)
        if (!strcmp(s, event_names[i])) return (rw_alert_event)i;
    return RW_ALERT_NONE;
}

void rw_alert_row_cleanup(rw_alert_row *row)
{
    if (!row) return;
    free(row->evaluation);
    row->evaluation = NULL;
}

/* ---- the store ------------------------------------------------------------------------ */

/* Reads detail JSON into row (lenient: a damaged detail leaves defaults). */
static void detail_parse(const char *text, rw_alert_row *row)
{
    rw_str_copy(row->previous, sizeof row->previous, "ok");
    row->event = RW_ALERT_NONE;
    json_t *o = text && *text ? json_loads(text, 0, NULL) : NULL;
    if (!json_is_object(o)) {
        json_decref(o);
        return;
    }
    const char *prev = json_string_value(json_object_get(o, "previous"));
    if (prev) rw_str_copy(row->previous, sizeof row->previous, prev);
    row->event = event_parse(json_string_value(json_object_get(o, "event")));
    row->delivered = json_is_true(json_object_get(o, "delivered"));
    json_t *pend = json_object_get(o, "pending"), *v;
    size_t i;
    json_array_foreach(pend, i, v)
    {
        if (json_is_string(v) && row->npending < RW_ALERT_MAX_TARGETS)
            rw_str_copy(row->pending[row->npending++], RW_ALERT_ID, json_string_value(v));
    }
    json_t *ev = json_object_get(o, "evaluation");
    if (ev) row->evaluation = json_dumps(ev, JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(o);
}

static char *detail_dump(const rw_alert_row *row)
{
    json_t *o = json_pack("{s:s, s:s, s:b}", "previous", row->previous, "event",
                          rw_alert_event_name(row->event), "delivered", row->delivered);
    json_t *pend = json_array();
    if (!o || !pend) {
        json_decref(o);
        json_decref(pend);
        return NULL;
    }
    for (size_t i = 0; i < row->npending; i++)
        json_array_append_new(pend, json_string(row->pending[i]));
    json_object_set_new(o, "pending", pend);
    if (row->evaluation) {
        json_t *ev = json_loads(row->evaluation, 0, NULL);
        if (ev) json_object_set_new(o, "evaluation", ev);
    }
    char *s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(o);
    return s;
}

rw_status rw_store_alert_load(rw_store *s, const char *rule, rw_alert_row *row, int *found,
                        rw_error *err)
{
    sqlite3_stmt *st = NULL;
    memset(row, 0, sizeof *row);
    *found = 0;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT state, since, detail, last_sent, sent_day, sent_count"
                           " FROM alert_state WHERE rule = ?",
                           -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "reading alert_state");
    sqlite3_bind_text(st, 1, rule, -1, SQLITE_TRANSIENT);
    rw_status ret = RW_OK;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *found = 1;
        rw_str_copy(row->rule, sizeof row->rule, rule);
        const char *state = (const char *)sqlite3_column_text(st, 0);
        rw_str_copy(row->state, sizeof row->state, state ? state : "ok");
        row->since = sqlite3_column_int64(st, 1);
        detail_parse((const char *)sqlite3_column_text(st, 2), row);
        row->last_sent = sqlite3_column_type(st, 3) == SQLITE_NULL ? RW_ALERT_NEVER
                                                                   : sqlite3_column_int64(st, 3);
        row->sent_day = sqlite3_column_type(st, 4) == SQLITE_NULL ? RW_ALERT_NEVER
                                                                  : sqlite3_column_int64(st, 4);
        row->sent_count = sqlite3_column_int(st, 5);
    } else if (rc != SQLITE_DONE) {
        ret = rw_store_dberr(s, err, "reading alert_state");
    }
    sqlite3_finalize(st);
    return ret;
}

rw_status rw_store_alert_save(rw_store *s, const rw_alert_row *row, rw_error *err)
{
    char *detail = detail_dump(row);
    if (!detail) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory saving alert state");
    sqlite3_stmt *st = NULL;
    rw_status ret = RW_OK;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT OR REPLACE INTO alert_state(rule, state, since, detail,"
                           " last_sent, sent_day, sent_count) VALUES(?, ?, ?, ?, ?, ?, ?)",
                           -1, &st, NULL) != SQLITE_OK) {
        ret = rw_store_dberr(s, err, "saving alert_state");
        goto out;
    }
    sqlite3_bind_text(st, 1, row->rule, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, row->state, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, row->since);
    sqlite3_bind_text(st, 4, detail, -1, SQLITE_STATIC);
    if (row->last_sent == RW_ALERT_NEVER) sqlite3_bind_null(st, 5);
    else sqlite3_bind_int64(st, 5, row->last_sent);
    if (row->sent_day == RW_ALERT_NEVER) sqlite3_bind_null(st, 6);
    else sqlite3_bind_int64(st, 6, row->sent_day);
    sqlite3_bind_int(st, 7, row->sent_count);
    if (sqlite3_step(st) != SQLITE_DONE) ret = rw_store_dberr(s, err, "saving alert_state");
out:
    sqlite3_finalize(st);
    free(detail);
    return ret;
}

rw_status rw_store_alert_log(rw_store *s, int64_t at, const char *rule, const char *state,
                       const char *target, const char *status, const char *message,
                       rw_error *err)
{
    sqlite3_stmt *st = NULL;
    rw_status ret = RW_OK;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO alert_log(at, rule, state, target, status, message)"
                           " VALUES(?, ?, ?, ?, ?, ?)",
                           -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "writing alert_log");
    sqlite3_bind_int64(st, 1, at);
    sqlite3_bind_text(st, 2, rule, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, state, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, target, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, status, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, message, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) ret = rw_store_dberr(s, err, "writing alert_log");
    sqlite3_finalize(st);
    return ret;
}
