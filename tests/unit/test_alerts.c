/* test_alerts.c: the notify state machine (store/alerts.h) run over a
 * scripted clock: state changes, reminders after the cooldown, the daily
 * limit and its UTC-day reset, resolution, failed and partial deliveries
 * retried without duplicates; the rule states; and the rows' round trip
 * through the store. */
#include <stdlib.h>
#include <unistd.h>
#include <sqlite3.h>
#include "check.h"
#include "store_check.h"
#include "alert/state.h"
#include "util/timeutil.h"

#define T0 1727740800 /* 2024-10-01T00:00:00Z */
#define H 3600

static const rw_alert_policy pol = {6 * H, 3};
static const char *const ids2[] = {"wecom a #1", "slack b #2"};

/* One run: decide, apply, deliver with per-webhook outcomes ok[i] (for the
 * decision's webhooks in order); *row is replaced by the new row. Returns
 * the event decided. */
static rw_alert_event run(rw_alert_row *row, int *found, const char *state, int64_t now,
                          const char *const *ids, size_t n, const int *ok, size_t *nsend)
{
    rw_alert_decision d = rw_alert_decide(*found ? row : NULL, state, now, &pol, ids, n);
    rw_alert_row next;
    rw_alert_apply(*found ? row : NULL, "threshold:acct", state, now, &d, ids, n, &next);
    for (size_t i = 0; i < d.nsend; i++)
        rw_alert_delivered(&next, ids[d.send[i]], ok ? ok[i] : 1, now);
    *row = next;
    *found = 1;
    if (nsend) *nsend = d.nsend;
    return d.event == RW_ALERT_RETRY ? (rw_alert_event)(100 + d.kind) : d.event;
}

static void test_states(void)
{
    static const char *const names[] = {"blue", "yellow", "red"};
    double x[] = {700, 300, 100};
    int which;
    CHECK_STR(rw_alert_threshold_state(800, x, names, 3, &which), "ok");
    CHECK(which == -1);
    CHECK_STR(rw_alert_threshold_state(700, x, names, 3, &which), "ok"); /* below, not at */
    CHECK_STR(rw_alert_threshold_state(699.99, x, names, 3, &which), "blue");
    CHECK_STR(rw_alert_threshold_state(299, x, names, 3, &which), "yellow");
    CHECK(which == 1);
    CHECK_STR(rw_alert_threshold_state(-5, x, names, 3, &which), "red");
    /* A fee makes yellow as high as blue: the most urgent named level wins. */
    double fee[] = {1700, 1700, 100};
    CHECK_STR(rw_alert_threshold_state(1000, fee, names, 3, &which), "yellow");
    CHECK_STR(rw_alert_runout_state(7, 7), "soon");
    CHECK_STR(rw_alert_runout_state(8, 7), "ok");
    CHECK_STR(rw_alert_runout_state(-1, 7), "ok"); /* beyond the horizon */
    CHECK_STR(rw_alert_budget_state(101, 100, 1, 0.5), "over");
    CHECK_STR(rw_alert_budget_state(100, 100, 0.5, 0.5), "forecast-over");
    CHECK_STR(rw_alert_budget_state(50, 100, 0.49, 0.5), "ok");
    CHECK_STR(rw_alert_level("red"), "critical");
    CHECK_STR(rw_alert_level("yellow"), "warning");
    CHECK_STR(rw_alert_level("blue"), "info");
    CHECK_STR(rw_alert_level("ok"), "ok");
}

static void test_lifecycle(void)
{
    rw_alert_row row;
    int found = 0;
    size_t n = 0;
    memset(&row, 0, sizeof row);
    /* First run, all fine: a row is created, nothing sent. */
    CHECK(run(&row, &found, "ok", T0, ids2, 2, NULL, &n) == RW_ALERT_NONE);
    CHECK_STR(row.state, "ok");
    CHECK(row.last_sent == RW_ALERT_NEVER);
    /* Balance falls below blue: one change to both webhooks. */
    CHECK(run(&row, &found, "blue", T0 + H, ids2, 2, NULL, &n) == RW_ALERT_CHANGE);
    CHECK(n == 2);
    CHECK_STR(row.previous, "ok");
    CHECK(row.since == T0 + H && row.last_sent == T0 + H && row.sent_count == 1);
    CHECK(row.npending == 0 && row.delivered);
    /* Again an hour later: nothing (cooldown). */
    CHECK(run(&row, &found, "blue", T0 + 2 * H, ids2, 2, NULL, &n) == RW_ALERT_NONE);
    CHECK(rw_alert_next_repeat(&row, T0 + 2 * H, &pol) == T0 + 7 * H);
    /* Six hours after the message: a reminder. */
    CHECK(run(&row, &found, "blue", T0 + 7 * H, ids2, 2, NULL, &n) == RW_ALERT_REPEAT);
    CHECK(row.sent_count == 2 && row.last_sent == T0 + 7 * H && row.since == T0 + H);
    CHECK(run(&row, &found, "blue", T0 + 13 * H, ids2, 2, NULL, &n) == RW_ALERT_REPEAT);
    CHECK(row.sent_count == 3);
    /* Daily limit (3) reached: not at 19:00; the next is from midnight. */
    CHECK(run(&row, &found, "blue", T0 + 19 * H, ids2, 2, NULL, &n) == RW_ALERT_NONE);
    CHECK(rw_alert_next_repeat(&row, T0 + 19 * H, &pol) == T0 + 24 * H);
    CHECK(rw_alert_sent_today(&row, T0 + 19 * H) == 3);
    CHECK(rw_alert_sent_today(&row, T0 + 24 * H) == 0);
    CHECK(run(&row, &found, "blue", T0 + 24 * H, ids2, 2, NULL, &n) == RW_ALERT_REPEAT);
    CHECK(row.sent_count == 1 && row.sent_day == (T0 + 24 * H) / RW_DAY);
    /* A state change goes out at once, even within the cooldown... */
    CHECK(run(&row, &found, "yellow", T0 + 25 * H, ids2, 2, NULL, &n) == RW_ALERT_CHANGE);
    CHECK_STR(row.previous, "blue");
    CHECK(row.sent_count == 2);
    CHECK(run(&row, &found, "red", T0 + 26 * H, ids2, 2, NULL, &n) == RW_ALERT_CHANGE);
    CHECK(row.sent_count == 3);
    /* ...and beyond the daily limit. */
    CHECK(run(&row, &found, "yellow", T0 + 27 * H, ids2, 2, NULL, &n) == RW_ALERT_CHANGE);
    CHECK(row.sent_count == 4);
    /* Back to ok: one resolved, then silence. */
    CHECK(run(&row, &found, "ok", T0 + 28 * H, ids2, 2, NULL, &n) == RW_ALERT_RESOLVED);
    CHECK_STR(row.previous, "yellow");
    CHECK(run(&row, &found, "ok", T0 + 40 * H, ids2, 2, NULL, &n) == RW_ALERT_NONE);
    CHECK(run(&row, &found, "ok", T0 + 90 * H, ids2, 2, NULL, &n) == RW_ALERT_NONE);
    CHECK(rw_alert_next_repeat(&row, T0 + 90 * H, &pol) == RW_ALERT_NEVER);
}

static void test_failures(void)
{
    rw_alert_row row;
    int found = 0;
    size_t n = 0;
    static const int fail_both[] = {0, 0}, fail_slack[] = {1, 0}, ok1[] = {1};
    memset(&row, 0, sizeof row);
    /* The change fails everywhere: state recorded, nothing counted. */
    CHECK(run(&row, &found, "red", T0, ids2, 2, fail_both, &n) == RW_ALERT_CHANGE);
    CHECK_STR(row.state, "red");
    CHECK(row.last_sent == RW_ALERT_NEVER && row.sent_count == 0 && !row.delivered);
    CHECK(row.npending == 2);
    /* Next run (within what would be the cooldown): the change again, to both. */
    CHECK(run(&row, &found, "red", T0 + 60, ids2, 2, fail_slack, &n) ==
          100 + RW_ALERT_CHANGE);
    CHECK(n == 2);
    CHECK(row.last_sent == T0 + 60 && row.sent_count == 1 && row.delivered);
    CHECK(row.npending == 1);
    CHECK_STR(row.pending[0], ids2[1]);
    /* Then only to the webhook that failed, not counted again. */
    CHECK(run(&row, &found, "red", T0 + 120, ids2, 2, fail_both, &n) == 100 + RW_ALERT_CHANGE);
    CHECK(n == 1);
    CHECK(row.npending == 1);
    CHECK(run(&row, &found, "red", T0 + 180, ids2, 2, ok1, &n) == 100 + RW_ALERT_CHANGE);
    CHECK(n == 1 && row.npending == 0 && row.sent_count == 1 && row.last_sent == T0 + 60);
    CHECK(run(&row, &found, "red", T0 + 240, ids2, 2, NULL, &n) == RW_ALERT_NONE);

    /* A pending webhook no longer configured is dropped. */
    memset(&row, 0, sizeof row);
    found = 0;
    CHECK(run(&row, &found, "soon", T0, ids2, 2, fail_slack, &n) == RW_ALERT_CHANGE);
    CHECK(row.npending == 1);
    CHECK(run(&row, &found, "soon", T0 + 60, ids2, 1, NULL, &n) == RW_ALERT_NONE);
    CHECK(row.npending == 0);

    /* An undelivered change goes to a webhook configured after it. */
    static const char *const other[] = {"json c #3"};
    memset(&row, 0, sizeof row);
    found = 0;
    CHECK(run(&row, &found, "over", T0, ids2, 1, fail_both, &n) == RW_ALERT_CHANGE);
    CHECK(run(&row, &found, "over", T0 + 60, other, 1, NULL, &n) == 100 + RW_ALERT_CHANGE);
    CHECK(row.delivered && row.sent_count == 1);

    /* A resolution that fails is retried, then silence. */
    CHECK(run(&row, &found, "ok", T0 + 120, other, 1, fail_both, &n) == RW_ALERT_RESOLVED);
    CHECK(run(&row, &found, "ok", T0 + 180, other, 1, NULL, &n) == 100 + RW_ALERT_RESOLVED);
    CHECK(run(&row, &found, "ok", T0 + 240, other, 1, NULL, &n) == RW_ALERT_NONE);

    /* A failed reminder does not move last_sent: retried next run. */
    memset(&row, 0, sizeof row);
    found = 0;
    CHECK(run(&row, &found, "red", T0, ids2, 1, NULL, &n) == RW_ALERT_CHANGE);
    CHECK(run(&row, &found, "red", T0 + 6 * H, ids2, 1, fail_both, &n) == RW_ALERT_REPEAT);
    CHECK(row.last_sent == T0 && row.sent_count == 1);
    CHECK(run(&row, &found, "red", T0 + 7 * H, ids2, 1, NULL, &n) == 100 + RW_ALERT_REPEAT);
    CHECK(row.last_sent == T0 + 7 * H && row.sent_count == 2);

    /* No webhooks at all (dry-run without any): decisions still made. */
    memset(&row, 0, sizeof row);
    found = 0;
    CHECK(run(&row, &found, "red", T0, ids2, 0, NULL, &n) == RW_ALERT_CHANGE);
    CHECK(n == 0);
}

static void test_store(void)
{
    const char *db = "test_alerts.db";
    rw_store *s = NULL;
    rw_error err;
    rw_error_clear(&err);
    remove_db(db);
    CHECK(rw_store_open(db, &s, &err) == RW_OK);
    if (!s) return;
    rw_alert_row row, back;
    int found = -1;
    CHECK(rw_store_alert_load(s, "threshold:x", &back, &found, &err) == RW_OK);
    CHECK(found == 0);
    rw_alert_decision d = rw_alert_decide(NULL, "yellow", T0, &pol, ids2, 2);
    rw_alert_apply(NULL, "threshold:x", "yellow", T0, &d, ids2, 2, &row);
    rw_alert_delivered(&row, ids2[0], 1, T0);
    row.evaluation = (char *)"{\"balance\":12.5,\"state\":\"yellow\"}";
    CHECK(rw_store_alert_save(s, &row, &err) == RW_OK);
    row.evaluation = NULL;
    CHECK(rw_store_alert_load(s, "threshold:x", &back, &found, &err) == RW_OK);
    CHECK(found == 1);
    CHECK_STR(back.rule, "threshold:x");
    CHECK_STR(back.state, "yellow");
    CHECK_STR(back.previous, "ok");
    CHECK(back.since == T0 && back.last_sent == T0 && back.sent_count == 1);
    CHECK(back.sent_day == T0 / RW_DAY);
    CHECK(back.event == RW_ALERT_CHANGE && back.delivered == 1);
    CHECK(back.npending == 1);
    CHECK_STR(back.pending[0], ids2[1]);
    CHECK(back.evaluation && strstr(back.evaluation, "\"balance\": 12.5") == NULL &&
          strstr(back.evaluation, "12.5"));
    rw_alert_row_cleanup(&back);
    CHECK(back.evaluation == NULL);
    /* Replace: one row per rule; NULL last_sent round-trips. */
    rw_alert_apply(NULL, "threshold:x", "ok", T0 + 5, &(rw_alert_decision){0}, ids2, 2, &row);
    CHECK(rw_store_alert_save(s, &row, &err) == RW_OK);
    CHECK(count(s, "SELECT count(*) FROM alert_state") == 1);
    CHECK(count(s, "SELECT count(*) FROM alert_state WHERE last_sent IS NULL") == 1);
    CHECK(rw_store_alert_load(s, "threshold:x", &back, &found, &err) == RW_OK);
    CHECK(back.last_sent == RW_ALERT_NEVER && back.sent_day == RW_ALERT_NEVER);
    rw_alert_row_cleanup(&back);
    /* A damaged detail is read leniently. */
    CHECK(rw_store_exec(s, "UPDATE alert_state SET detail = 'not json'", &err) == RW_OK);
    CHECK(rw_store_alert_load(s, "threshold:x", &back, &found, &err) == RW_OK);
    CHECK_STR(back.previous, "ok");
    CHECK(back.event == RW_ALERT_NONE && back.npending == 0);
    rw_alert_row_cleanup(&back);
    /* The log. */
    CHECK(rw_store_alert_log(s, T0, "threshold:x", "yellow", "wecom qyapi.weixin.qq.com", "sent",
                       "text", &err) == RW_OK);
    CHECK(rw_store_alert_log(s, T0, "threshold:x", "yellow", "slack hooks.slack.com", "failed",
                       "text\n[failed: HTTP 500]", &err) == RW_OK);
    CHECK(count(s, "SELECT count(*) FROM alert_log WHERE status = 'failed'") == 1);
    /* Database errors carry context. */
    CHECK(rw_store_exec(s, "DROP TABLE alert_log", &err) == RW_OK);
    rw_error_clear(&err);
    CHECK(rw_store_alert_log(s, T0, "r", "ok", "t", "sent", "m", &err) == RW_EDB);
    CHECK(strstr(err.text, "alert_log") != NULL);
    rw_store_close(s);
    remove_db(db);
}

int main(void)
{
    rw_store_process_init();
    test_states();
    test_lifecycle();
    test_failures();
    test_store();
    CHECK_DONE();
}
