/* test_money.c: the money a plan starts from, and the rules the planning
 * use cases share, against hand-computed answers: a balance carried to
 * the end of a day, dated flows given by people or planned in the store,
 * the first run-out horizon, the budget period, the arrears timeline and
 * the threshold ladder. */
#include <stdlib.h>
#include "check.h"
#include "plan/budget.h"
#include "plan/money.h"
#include "plan/policy.h"
#include "plan/threshold.h"
#include "util/timeutil.h"

#define T0 1717200000 /* 2024-06-01 00:00 UTC */

/* A daily series from 2024-06-01; NaN values are gaps. */
static rw_ts *daily(const double *y, size_t n)
{
    int64_t t[64];
    rw_ts *ts = NULL;
    rw_error err;
    rw_error_clear(&err);
    for (size_t i = 0; i < n; i++) t[i] = T0 + (int64_t)i * RW_DAY;
    if (rw_ts_from_points("acct", RW_GRAN_DAY, t, y, n, &ts, &err) != RW_OK) return NULL;
    return ts;
}

static void test_carry(void)
{
    /* 10 days of 100, then 200 on the last. */
    double y[10] = {100, 100, 100, 100, 100, 100, 100, 100, 100, 200};
    rw_ts *ts = daily(y, 10);
    int known = -1;
    CHECK(ts != NULL);
    if (!ts) return;
    int64_t day9 = T0 + 9 * RW_DAY;
    /* Seen at 06:00 of the last day: a quarter of it was spent already. */
    CHECK_NEAR(rw_balance_carry(ts, 1000, day9 + 6 * 3600, day9, &known), 1000 - 0.75 * 200, 1e-9);
    CHECK(known == 1);
    /* Carried two days past the data: the rest of day 9 at its value, then
     * the mean of the last 7 recorded days ((6 * 100 + 200) / 7) per day. */
    double recent = 800.0 / 7;
    CHECK_NEAR(rw_balance_carry(ts, 1000, day9 + 6 * 3600, day9 + 2 * RW_DAY, &known),
               1000 - 150 - 2 * recent, 1e-9);
    CHECK(known == 1);
    /* Back to the end of day 7: what was spent since is given back. */
    CHECK_NEAR(rw_balance_carry(ts, 1000, day9 + 12 * 3600, T0 + 7 * RW_DAY, &known),
               1000 + 100 + 0.5 * 200, 1e-9);
    CHECK(known == 2);
    /* Seen at the start of a day and carried to its end: the whole day is
     * spent. */
    CHECK_NEAR(rw_balance_carry(ts, 500, day9, day9, &known), 500 - 200, 1e-9);
    rw_ts_free(ts);
    /* A gap is estimated with the recent mean. */
    double g[8] = {70, 70, 70, 70, 70, 70, 70, NAN};
    ts = daily(g, 8);
    CHECK(ts != NULL);
    if (!ts) return;
    CHECK_NEAR(rw_balance_carry(ts, 1000, T0 + 7 * RW_DAY, T0 + 7 * RW_DAY, &known), 930, 1e-9);
    rw_ts_free(ts);
}

static void test_flows(void)
{
    rw_flow_list l = {0};
    rw_error err;
    rw_error_clear(&err);
    rw_flow_plan once = {T0 + 3600, 50, RW_EVERY_ONCE};
    CHECK(rw_flows_add_plan(&l, &once, &err) == RW_OK);
    CHECK(l.n == 1 && l.flow[0].at == T0 + 3600 && l.flow[0].amount == 50);
    /* A charge every month: RW_FLOW_RECUR dated amounts, the 31st clamped. */
    rw_flow_plan monthly = {rw_days_from_civil(2024, 1, 31) * RW_DAY, -20, RW_EVERY_MONTH};
    CHECK(rw_flows_add_plan(&l, &monthly, &err) == RW_OK);
    CHECK(l.n == 1 + RW_FLOW_RECUR);
    CHECK(l.flow[2].at == rw_days_from_civil(2024, 2, 29) * RW_DAY && l.flow[2].amount == -20);
    /* No more than RW_FLOW_MAX dated amounts from people. */
    rw_flow_plan weekly = {T0, 1, RW_EVERY_WEEK};
    rw_status st = RW_OK;
    for (int i = 0; i < 20 && st == RW_OK; i++) st = rw_flows_add_plan(&l, &weekly, &err);
    CHECK(st == RW_EINVAL && l.n == RW_FLOW_MAX);
    CHECK(strstr(err.text, "more than 4096") != NULL);
    free(l.flow);
    /* A planned weekly top-up: only occurrences after the as-of day and
     * within the horizon count. */
    rw_flow_list p = {0};
    rw_topup t = {0};
    t.at = T0 + 12 * 3600;
    t.amount = 300;
    t.every = RW_EVERY_WEEK;
    t.until = INT64_MAX;
    CHECK(rw_flows_add_topup(&p, &t, T0 + 7 * RW_DAY, 21, &err) == RW_OK);
    CHECK(p.n == 3); /* days 14, 21, 28 after T0; day 7 is the as-of day itself */
    CHECK(p.flow[0].at == T0 + 14 * RW_DAY + 12 * 3600 && p.flow[2].amount == 300);
    free(p.flow);
}

static void test_horizon(void)
{
    double y[28];
    for (int i = 0; i < 28; i++) y[i] = 100;
    rw_ts *ts = daily(y, 28);
    CHECK(ts != NULL);
    if (!ts) return;
    /* 2 * 3000 / 100 + 14 = 74 days. */
    CHECK(rw_runout_first_horizon(ts, 3000, NULL, 0, 365) == 74);
    /* Top-ups count, charges do not: 2 * 4000 / 100 + 14. */
    rw_flow f[2] = {{T0 + 40 * RW_DAY, 1000}, {T0 + 41 * RW_DAY, -500}};
    CHECK(rw_runout_first_horizon(ts, 3000, f, 2, 365) == 94);
    CHECK(rw_runout_first_horizon(ts, 100, NULL, 0, 365) == 30);    /* at least 30 */
    CHECK(rw_runout_first_horizon(ts, 100, NULL, 0, 20) == 20);     /* within the maximum */
    CHECK(rw_runout_first_horizon(ts, 1e6, NULL, 0, 365) == 365);
    rw_ts_free(ts);
    double z[14] = {0};
    ts = daily(z, 14);
    CHECK(ts && rw_runout_first_horizon(ts, 10, NULL, 0, 365) == 365); /* never runs out */
    rw_ts_free(ts);
}

static void test_budget_period(void)
{
    /* June at 100 a day; as of June 10: 1000 spent. */
    double y[30];
    for (int i = 0; i < 30; i++) y[i] = 100;
    rw_ts *ts = daily(y, 30);
    CHECK(ts != NULL);
    if (!ts) return;
    rw_budget_period pd;
    const double pct[] = {50, 80, 100};
    int64_t june10 = T0 + 9 * RW_DAY;
    rw_budget_period_of(ts, june10, T0, T0 + 29 * RW_DAY, 1500, pct, 3, &pd);
    CHECK_NEAR(pd.spent, 1000, 1e-9);
    CHECK(pd.days_spent == 10 && pd.days == 30);
    CHECK(pd.crossed_on[0] == T0 + 7 * RW_DAY); /* 800 > 750 on June 8 */
    CHECK(pd.crossed_on[1] == INT64_MIN && pd.crossed_on[2] == INT64_MIN);
    CHECK(pd.k0 == 0 && pd.k1 == 20);           /* June 11..30 */
    /* Without a period: the month of the day after as-of (July here). */
    rw_budget_period_of(ts, T0 + 29 * RW_DAY, INT64_MIN, 0, 1500, pct, 3, &pd);
    CHECK(pd.from == rw_days_from_civil(2024, 7, 1) * RW_DAY);
    CHECK(pd.to == rw_days_from_civil(2024, 7, 31) * RW_DAY);
    CHECK(pd.days_spent == 0 && pd.spent == 0 && pd.k0 == 0 && pd.k1 == 31);
    rw_ts_free(ts);
}

static void test_rules(void)
{
    rw_policy p = {0};
    p.grace_hours = 24;
    p.retention_days = 7.5;
    int64_t day = T0 + 3 * RW_DAY;
    rw_arrears_times a = rw_arrears_timeline(&p, day);
    CHECK(a.negative == day && a.suspended == day + RW_DAY);
    CHECK(a.deleted == day + RW_DAY + 7 * RW_DAY + 12 * 3600);
    p.grace_hours = 0.0004; /* 1.44 s: rounded, not cut */
    p.retention_days = 0;
    a = rw_arrears_timeline(&p, day);
    CHECK(a.suspended == day + 1 && a.deleted == day + 1);
    char name[16];
    rw_threshold_name(rw_ladder_lead, RW_LADDER_STEPS, 2, name, sizeof name);
    CHECK_STR(name, "red");
    CHECK_STR(rw_threshold_severity(RW_LADDER_STEPS, 0), "info");
    CHECK_STR(rw_threshold_severity(RW_LADDER_STEPS, 2), "critical");
    size_t leads[2] = {5, 2};
    rw_threshold_name(leads, 2, 1, name, sizeof name);
    CHECK_STR(name, "lead2d");
    CHECK_STR(rw_threshold_severity(2, 0), "warning");
    CHECK(rw_ladder_lead[0] == 7 && rw_ladder_lead[1] == 3 && rw_ladder_lead[2] == 1);
}

int main(void)
{
    test_carry();
    test_flows();
    test_horizon();
    test_budget_period();
    test_rules();
    CHECK_DONE();
}
