/* alerts.c: alert rule states, their decisions and the delivery log
 * (alerts.h).
 *
 * The decision functions are pure (no clock, no store) so the state
 * machine is unit-tested on its own; the store functions only map rows to
 * and from the tables of schema migration 3. */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <sqlite3.h>
#include "store/alerts.h"
#include "store/store_internal.h"
#include "util/strutil.h"
#include "util/timeutil.h"

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

static int is_ok(const char *state)
{
    return !strcmp(state, "ok");
}

/* UTC day number of t (floor, also before 1970). */
static int64_t day_of(int64_t t)
{
    return rw_time_floor(t, RW_GRAN_DAY) / RW_DAY;
}

int rw_alert_sent_today(const rw_alert_row *row, int64_t now)
{
    return row->sent_day != RW_ALERT_NEVER && row->sent_day == day_of(now) ? row->sent_count : 0;
}

static int pending_has(const rw_alert_row *row, const char *id)
{
    for (size_t i = 0; i < row->npending; i++)
        if (!strcmp(row->pending[i], id)) return 1;
    return 0;
}

static void send_all(rw_alert_decision *d, size_t n)
{
    for (size_t i = 0; i < n && i < RW_ALERT_MAX_TARGETS; i++) d->send[d->nsend++] = i;
}

rw_alert_decision rw_alert_decide(const rw_alert_row *old, const char *state, int64_t now,
                                  const rw_alert_policy *p, const char *const *ids, size_t n)
{
    rw_alert_decision d;
    memset(&d, 0, sizeof d);
    const char *was = old ? old->state : "ok";
    if (strcmp(state, was)) {
        d.event = d.kind = is_ok(state) ? RW_ALERT_RESOLVED : RW_ALERT_CHANGE;
        d.why = is_ok(state) ? "resolved" : "state changed";
        send_all(&d, n);
        return d;
    }
    if (old && old->event != RW_ALERT_NONE && !old->delivered) {
        d.event = RW_ALERT_RETRY;
        d.kind = old->event;
        d.why = "the last message was not delivered yet";
        send_all(&d, n);
        return d;
    }
    if (old && old->event != RW_ALERT_NONE)
        for (size_t i = 0; i < n && i < RW_ALERT_MAX_TARGETS; i++)
            if (pending_has(old, ids[i])) d.send[d.nsend++] = i;
    if (d.nsend) {
        d.event = RW_ALERT_RETRY;
        d.kind = old->event;
        d.why = "retrying webhooks that failed";
        return d;
    }
    if (is_ok(state)) {
        d.why = "unchanged";
        return d;
    }
    if (old && old->last_sent != RW_ALERT_NEVER && now - old->last_sent < p->cooldown_s) {
        d.why = "unchanged, in cooldown";
        return d;
    }
    if (old && rw_alert_sent_today(old, now) >= p->daily_limit) {
        d.why = "unchanged, daily limit reached";
        return d;
    }
    d.event = d.kind = RW_ALERT_REPEAT;
    d.why = "unchanged, reminder";
    send_all(&d, n);
    return d;
}

static void set_pending(rw_alert_row *row, const rw_alert_decision *d, const char *const *ids)
{
    row->npending = 0;
    for (size_t i = 0; i < d->nsend; i++)
        rw_str_copy(row->pending[row->npending++], RW_ALERT_ID, ids[d->send[i]]);
}

void rw_alert_apply(const rw_alert_row *old, const char *rule, const char *state, int64_t now,
                    const rw_alert_decision *d, const char *const *ids, size_t n,
                    rw_alert_row *row)
{
    if (old) {
        *row = *old;
    } else {
        memset(row, 0, sizeof *row);
        rw_str_copy(row->rule, sizeof row->rule, rule);
        rw_str_copy(row->state, sizeof row->state, "ok");
        rw_str_copy(row->previous, sizeof row->previous, "ok");
        row->since = now;
        row->event = RW_ALERT_NONE;
        row->last_sent = RW_ALERT_NEVER;
        row->sent_day = RW_ALERT_NEVER;
    }
    row->evaluation = NULL;
    switch (d->event) {
    case RW_ALERT_CHANGE:
    case RW_ALERT_RESOLVED:
        rw_str_copy(row->previous, sizeof row->previous, old ? old->state : "ok");
        rw_str_copy(row->state, sizeof row->state, state);
        row->since = now;
        /* fall through */
    case RW_ALERT_REPEAT:
        row->event = d->event;
        row->delivered = 0;
        set_pending(row, d, ids);
        break;
    case RW_ALERT_RETRY: set_pending(row, d, ids); break;
    case RW_ALERT_NONE:
    default: {
        /* Keep only the pending webhooks still configured. */
        size_t k = 0;
        for (size_t i = 0; i < row->npending; i++) {
            int present = 0;
            for (size_t j = 0; j < n && !present; j++) present = !strcmp(row->pending[i], ids[j]);
            if (present && k != i) memcpy(row->pending[k], row->pending[i], RW_ALERT_ID);
            k += (size_t)present;
        }
        row->npending = k;
        break;
    }
    }
}

void rw_alert_delivered(rw_alert_row *row, const char *id, int ok, int64_t now)
{
    if (!ok) return;
    for (size_t i = 0; i < row->npending; i++)
        if (!strcmp(row->pending[i], id)) {
            memmove(row->pending[i], row->pending[i + 1],
                    (row->npending - i - 1) * sizeof row->pending[0]);
            row->npending--;
            break;
        }
    if (row->delivered) return;
    row->delivered = 1;
    row->last_sent = now;
    int64_t day = day_of(now);
    if (row->sent_day != day) {
        row->sent_day = day;
        row->sent_count = 0;
    }
    row->sent_count++;
}

int64_t rw_alert_next_repeat(const rw_alert_row *row, int64_t now, const rw_alert_policy *p)
{
    if (is_ok(row->state) || row->last_sent == RW_ALERT_NEVER) return RW_ALERT_NEVER;
    int64_t t = row->last_sent + p->cooldown_s;
    if (t < now) t = now;
    if (row->sent_day == day_of(t) && row->sent_count >= p->daily_limit)
        t = (day_of(t) + 1) * RW_DAY;
    return t;
}

/* ---- rule states ------------------------------------------------------------------ */

const char *rw_alert_threshold_state(double balance, const double *x, const char *const *names,
                                     size_t n, int *which)
{
    *which = -1;
    for (size_t i = 0; i < n; i++)
        if (balance < x[i]) *which = (int)i;
    return *which < 0 ? "ok" : names[*which];
}

const char *rw_alert_runout_state(long p50, long days)
{
    return p50 >= 0 && p50 <= days ? "soon" : "ok";
}

const char *rw_alert_budget_state(double spent, double amount, double p_exceed, double fire)
{
    if (spent > amount) return "over";
    return p_exceed >= fire ? "forecast-over" : "ok";
}

const char *rw_alert_level(const char *state)
{
    static const char *const map[][2] = {
        {"ok", "ok"},          {"red", "critical"},  {"yellow", "warning"},
        {"blue", "info"},      {"soon", "warning"},  {"over", "warning"},
        {"forecast-over", "info"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(state, map[i][0])) return map[i][1];
    return "warning";
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

rw_status rw_alert_load(rw_store *s, const char *rule, rw_alert_row *row, int *found,
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

rw_status rw_alert_save(rw_store *s, const rw_alert_row *row, rw_error *err)
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

rw_status rw_alert_log(rw_store *s, int64_t at, const char *rule, const char *state,
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
