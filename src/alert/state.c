/* state.c: alert decisions and rule states (state.h). */
#include <string.h>
#include "alert/state.h"
#include "plan/threshold.h"
#include "util/strutil.h"
#include "util/timeutil.h"

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

const char *rw_alert_arrears_state(const rw_arrears_facts *a, double soon_days)
{
    if (!a->in_arrears) return "ok";
    if (!strcmp(a->phase, "deleted")) return "deleted";
    if (a->days_to_deletion <= soon_days) return "deletion-soon";
    return a->phase; /* grace | suspended */
}

const char *rw_alert_level(const char *state)
{
    /* The threshold states have the severities of the ladder's steps. */
    for (size_t i = 0; i < RW_LADDER_STEPS; i++)
        if (!strcmp(state, rw_ladder_name[i])) return rw_threshold_severity(RW_LADDER_STEPS, i);
    static const char *const map[][2] = {
        {"ok", "ok"}, {"soon", "warning"}, {"over", "warning"}, {"forecast-over", "info"},
        {"ran-out", "critical"}, {"grace", "critical"}, {"suspended", "critical"},
        {"deletion-soon", "critical"}, {"deleted", "critical"}, {"mismatch", "warning"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(state, map[i][0])) return map[i][1];
    return "warning";
}
