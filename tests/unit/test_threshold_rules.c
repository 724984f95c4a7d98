/* test_threshold_rules.c: the usual alert rules (a fixed amount, 80% of the
 * coming day's consumption, the provider's 5 days at the last 24 hours'
 * rate) replayed at runway's origins, and the response top-ups, against
 * answers worked out by hand on constant and weekly series. */
#include <stdlib.h>
#include "check.h"
#include "plan/threshold.h"
#include "plan/usual_rules.h"

#define T0 1717200000 /* 2024-06-01 */

/* n daily values from 2024-06-01: 100, except `low` on days i % 7 == 1
 * (low < 0: every day 100). */
static rw_ts *daily(size_t n, double low)
{
    int64_t *t = malloc(n * sizeof *t);
    double *v = malloc(n * sizeof *v);
    rw_ts *ts = NULL;
    rw_error err;
    rw_error_clear(&err);
    for (size_t i = 0; i < n; i++) {
        t[i] = T0 + (int64_t)i * RW_DAY;
        v[i] = low >= 0 && i % 7 == 1 ? low : 100;
    }
    if (rw_ts_from_points("acct", RW_GRAN_DAY, t, v, n, &ts, &err) != RW_OK) ts = NULL;
    free(t);
    free(v);
    return ts;
}

static rw_usual_rules rules(const rw_ts *ts, const size_t *leads, size_t nleads, double fixed,
                            size_t origins)
{
    rw_usual_rules u;
    rw_usual_rules_opts o = {INT64_MIN, leads, nleads, fixed, origins, 7};
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_usual_rules_compute(ts, &o, &u, &err) == RW_OK);
    return u;
}

/* 100/day for 100 days, the ladder 7/3/1, 5 origins 7 days apart: at days
 * 92, 85, 78, 71, 64, with 7, 14, 21, 28, 35 days of history after each. */
static void test_constant(void)
{
    static const size_t ladder[] = {7, 3, 1};
    rw_ts *ts = daily(100, -1);
    CHECK(ts != NULL);
    if (!ts) return;
    size_t origin[8], n = 0;
    CHECK(rw_threshold_origins(ts, INT64_MIN, 7, 5, 7, origin, &n) == 5);
    CHECK(n == 100 && origin[0] == 92 && origin[4] == 64);

    rw_usual_rules u = rules(ts, ladder, 3, 500, 5);
    CHECK(u.required_days == 1 && u.needless_days == 14 && u.replayed);
    /* As of the last day: 500; 0.8 x 100 = 80; 5 x 100 = 500. */
    CHECK_NEAR(u.x[RW_RULE_FIXED], 500, 0);
    CHECK_NEAR(u.x[RW_RULE_NEXT_DAY], 80, 1e-9);
    CHECK_NEAR(u.x[RW_RULE_PROVIDER], 500, 1e-9);
    /* 500 lasts exactly 5 days of 100: in time (>= 1), not needless (<= 14). */
    const rw_usual_rule_eval *f = &u.ev[RW_RULE_FIXED], *d = &u.ev[RW_RULE_NEXT_DAY],
                             *p = &u.ev[RW_RULE_PROVIDER];
    CHECK(f->origins == 5 && f->in_time == 5 && f->late == 0 && f->needless == 0);
    CHECK_NEAR(f->notice_median, 5, 0);
    /* 80 does not last one day: 0 days of notice, always late. */
    CHECK(d->origins == 5 && d->in_time == 0 && d->late == 5 && d->needless == 0);
    CHECK_NEAR(d->notice_median, 0, 0);
    /* The provider's rule promises 5 days and, at a constant rate, gives 5. */
    CHECK(p->origins == 5 && p->in_time == 5 && p->late == 0);
    CHECK_NEAR(p->notice_median, 5, 0);

    /* 2000 would last 20 days; the history after the origins cuts the
     * notice to 7, 14, 20, 20, 20: needless (> 14) 3 times, median 20. */
    u = rules(ts, ladder, 3, 2000, 5);
    CHECK(u.ev[RW_RULE_FIXED].in_time == 5 && u.ev[RW_RULE_FIXED].needless == 3);
    CHECK_NEAR(u.ev[RW_RULE_FIXED].notice_median, 20, 0);
    /* 50 fires only as the money runs out. */
    u = rules(ts, ladder, 3, 50, 5);
    CHECK(u.ev[RW_RULE_FIXED].late == 5 && u.ev[RW_RULE_FIXED].in_time == 0);
    /* Asked for 3 days of notice (leads 7 and 3): 500 still in time. */
    static const size_t two[] = {7, 3};
    u = rules(ts, two, 2, 500, 5);
    CHECK(u.required_days == 3 && u.ev[RW_RULE_PROVIDER].in_time == 5);
    /* No replay: the balances, no evaluation. */
    u = rules(ts, ladder, 3, 500, 0);
    CHECK(!u.replayed && u.ev[RW_RULE_FIXED].origins == 0);
    CHECK_NEAR(u.x[RW_RULE_PROVIDER], 500, 1e-9);
    rw_ts_free(ts);
}

/* 100/day but 20 on days i % 7 == 1, the days the origins fall on (92 =
 * 13 x 7 + 1): the provider's rule sees 20 and fires at 100, which lasts
 * one day (100 <= 100, 200 > 100); 80% of a day fires at 16 (0 days); 500
 * lasts the 5 weekdays of 100 that follow. */
static void test_weekly(void)
{
    static const size_t ladder[] = {7, 3, 1};
    rw_ts *ts = daily(100, 20);
    CHECK(ts != NULL);
    if (!ts) return;
    rw_usual_rules u = rules(ts, ladder, 3, 500, 5);
    CHECK_NEAR(u.x[RW_RULE_PROVIDER], 100, 1e-9); /* day 99 is a low day */
    CHECK_NEAR(u.x[RW_RULE_NEXT_DAY], 16, 1e-9);
    CHECK_NEAR(u.ev[RW_RULE_PROVIDER].notice_median, 1, 0);
    CHECK(u.ev[RW_RULE_PROVIDER].in_time == 5); /* exactly the 1 day asked */
    CHECK_NEAR(u.ev[RW_RULE_NEXT_DAY].notice_median, 0, 0);
    CHECK(u.ev[RW_RULE_NEXT_DAY].late == 5);
    CHECK_NEAR(u.ev[RW_RULE_FIXED].notice_median, 5, 0);
    /* With 3 days asked, the provider's rule is late every time. */
    static const size_t two[] = {7, 3};
    u = rules(ts, two, 2, 500, 5);
    CHECK(u.ev[RW_RULE_PROVIDER].late == 5 && u.ev[RW_RULE_PROVIDER].in_time == 0);
    CHECK(u.ev[RW_RULE_FIXED].in_time == 5);
    rw_ts_free(ts);
}

/* Gaps, credits, short histories and bad options. */
static void test_edges(void)
{
    static const size_t ladder[] = {7, 3, 1};
    rw_ts *ts = daily(100, -1);
    CHECK(ts != NULL);
    if (!ts) return;
    /* A gap on the last day: the estimate is the last recorded day. */
    ts->y[99] = NAN;
    ts->y[98] = 40;
    CHECK_NEAR(rw_usual_rule_balance(RW_RULE_PROVIDER, 0, ts, 99), 200, 1e-9);
    /* A credit day: a negative estimate counts as 0. */
    ts->y[98] = -30;
    CHECK_NEAR(rw_usual_rule_balance(RW_RULE_NEXT_DAY, 0, ts, 99), 0, 0);
    ts->y[0] = NAN;
    CHECK(isnan(rw_usual_rule_balance(RW_RULE_PROVIDER, 0, ts, 0)));
    CHECK_NEAR(rw_usual_rule_balance(RW_RULE_FIXED, 500, ts, 0), 500, 0);
    /* Notice: the full days a balance lasts; gaps count 0. */
    ts->y[51] = NAN;
    CHECK_NEAR(rw_threshold_notice(ts, 49, 100, 250), 3, 0); /* 100, gap, 100, (100 > 250) */
    CHECK(rw_threshold_window_observed(ts, 40, 7) && !rw_threshold_window_observed(ts, 45, 7));
    /* The origin 64 + 7 covers day 71; a gap there drops that origin only. */
    ts->y[0] = ts->y[51] = ts->y[98] = ts->y[99] = 100;
    ts->y[70] = NAN;
    rw_usual_rules u = rules(ts, ladder, 3, 500, 5);
    CHECK(u.ev[RW_RULE_FIXED].origins == 4);
    rw_ts_free(ts);

    rw_ts *sh = daily(16, -1);
    u = rules(sh, ladder, 3, 500, 5);
    CHECK(u.replayed && u.ev[RW_RULE_FIXED].origins == 0);
    CHECK(isnan(u.ev[RW_RULE_FIXED].notice_median));
    CHECK_NEAR(u.x[RW_RULE_NEXT_DAY], 80, 1e-9);

    rw_usual_rules out;
    rw_error err;
    rw_error_clear(&err);
    rw_usual_rules_opts bad = {INT64_MIN, ladder, 0, 500, 5, 7};
    CHECK(rw_usual_rules_compute(sh, &bad, &out, &err) == RW_EINVAL);
    bad.nleads = 3;
    bad.fixed = -1;
    CHECK(rw_usual_rules_compute(sh, &bad, &out, &err) == RW_EINVAL);
    bad.fixed = NAN;
    CHECK(rw_usual_rules_compute(sh, &bad, &out, &err) == RW_EINVAL);
    rw_ts_free(sh);
}

/* The responses' top-ups: the lead's use plus the window's, rounded up. */
static void test_topup(void)
{
    CHECK_NEAR(rw_threshold_topup(700, 7, 72), 1000, 0); /* 700 + 3 x 100 */
    CHECK_NEAR(rw_threshold_topup(300, 3, 24), 400, 0);  /* 300 + 100 */
    CHECK_NEAR(rw_threshold_topup(100, 1, 4), 117, 0);   /* 100 + 16.67, up */
    CHECK_NEAR(rw_threshold_topup(1000, 1, 0), 1000, 0); /* whole already */
    CHECK_NEAR(rw_threshold_topup(0, 7, 72), 0, 0);
    CHECK_NEAR(rw_threshold_topup(-50, 7, 72), 0, 0); /* credits: nothing */
}

int main(void)
{
    test_constant();
    test_weekly();
    test_edges();
    test_topup();
    CHECK_DONE();
}
