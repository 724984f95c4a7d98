/* test_plan.c: run-out days, thresholds, budgets and policies against
 * closed-form answers, and interval coverage on simulated accounts whose
 * future is known. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include "check.h"
#include "plan/budget.h"
#include "plan/policy.h"
#include "plan/threshold.h"
#include "util/timeutil.h"

#define T0 1717200000 /* 2024-06-01 */

/* A daily series of n values from 2024-06-01; y may be NULL for 100/day. */
static rw_ts *daily(const double *y, size_t n)
{
    int64_t *t = malloc(n * sizeof *t);
    double *v = malloc(n * sizeof *v);
    rw_ts *ts = NULL;
    rw_error err;
    rw_error_clear(&err);
    for (size_t i = 0; i < n; i++) {
        t[i] = T0 + (int64_t)i * RW_DAY;
        v[i] = y ? y[i] : 100;
    }
    if (rw_ts_from_points("acct", RW_GRAN_DAY, t, v, n, &ts, &err) != RW_OK) ts = NULL;
    free(t);
    free(v);
    return ts;
}

static rw_scenarios *scen(const rw_ts *ts, size_t h, unsigned long seed, size_t npaths)
{
    rw_scenario_opts o = {INT64_MIN, h, seed, npaths};
    rw_scenarios *s = NULL;
    rw_error err;
    rw_error_clear(&err);
    if (rw_scenarios_run(ts, &o, &s, &err) != RW_OK) {
        fprintf(stderr, "scenarios: %s\n", err.text);
        return NULL;
    }
    return s;
}

static long runout_p50(const rw_scenarios *s, double balance, double credit,
                       const rw_flow *flows, size_t nflows, rw_runout *r)
{
    rw_runout_opts o = {balance, credit, flows, nflows};
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_runout_compute(s, &o, r, &err) == RW_OK);
    return r->p50;
}

/* Constant 100/day: every answer has a closed form. */
static void test_constant(void)
{
    rw_ts *ts = daily(NULL, 60);
    rw_scenarios *s = scen(ts, 60, 1, 200);
    CHECK(s != NULL);
    if (!s) goto out;
    rw_runout r;
    /* 100 k > 1050 first at k = 11. */
    CHECK(runout_p50(s, 1050, 0, NULL, 0, &r) == 11);
    CHECK(r.p10 == 11 && r.p90 == 11);
    CHECK_NEAR(r.within7, 0, 0);
    CHECK_NEAR(r.within14, 1, 0);
    CHECK_NEAR(r.bal_p50[0], 950, 1e-6);
    rw_runout_cleanup(&r);
    /* Exactly used up is not run out: 100 k > 1000 first at k = 11. */
    CHECK(runout_p50(s, 1000, 0, NULL, 0, &r) == 11);
    rw_runout_cleanup(&r);
    /* A top-up of 500 on day 5: 100 k > 1550 at k = 16. */
    int64_t d5 = s->as_of + 5 * RW_DAY + 3600;
    rw_flow top = {d5, 500};
    CHECK(runout_p50(s, 1050, 0, &top, 1, &r) == 16);
    CHECK_NEAR(r.inflow, 500, 0);
    rw_runout_cleanup(&r);
    /* A one-off charge of 300 on day 2: 100 k > 750 at k = 8. */
    rw_flow charge = {s->as_of + 2 * RW_DAY, -300};
    CHECK(runout_p50(s, 1050, 0, &charge, 1, &r) == 8);
    rw_runout_cleanup(&r);
    /* A flow dated on the as-of day is already in the balance. */
    rw_flow old = {s->as_of + 60, 5000};
    CHECK(runout_p50(s, 1050, 0, &old, 1, &r) == 11);
    rw_runout_cleanup(&r);
    /* A credit limit of 200: 100 k > 1250 at k = 13. */
    CHECK(runout_p50(s, 1050, 200, NULL, 0, &r) == 13);
    rw_runout_cleanup(&r);
    /* Beyond the horizon. */
    CHECK(runout_p50(s, 1e6, 0, NULL, 0, &r) == RW_RUNOUT_NONE);
    CHECK(r.p10 == RW_RUNOUT_NONE && r.within_h == 0);
    rw_runout_cleanup(&r);

    double *work = malloc(s->npaths * sizeof *work), mean = 0;
    CHECK_NEAR(rw_threshold(s, 7, 0.95, work, &mean), 700, 1e-6);
    CHECK_NEAR(mean, 700, 1e-6);
    CHECK_NEAR(rw_threshold(s, 1, 0.95, work, NULL), 100, 1e-6);
    free(work);

    /* Budget: 950 over 10 days at 100/day, 200 already spent. */
    double pct[] = {50, 100};
    rw_budget_opts bo = {950, 200, 0, 10, pct, 2, 0.5};
    rw_budget b;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_budget_compute(s, &bo, &b, &err) == RW_OK);
    CHECK_NEAR(b.mean, 1200, 1e-6);
    CHECK_NEAR(b.p_exceed, 1, 0);
    CHECK(b.breach_p50 == 8 && b.breach_if == 8); /* 200 + 100 k > 950 at k = 8 */
    CHECK(b.alert[0].crossed == 0 && b.alert[0].likely_day == 3); /* 200 + 100 k > 475 */
    CHECK(b.alert[0].fires && b.alert[1].fires);
    bo.spent = 500; /* 50% (475) already crossed */
    CHECK(rw_budget_compute(s, &bo, &b, &err) == RW_OK);
    CHECK(b.alert[0].crossed && b.alert[0].probability == 1);
    bo.amount = 5000; /* never reached in 10 days */
    CHECK(rw_budget_compute(s, &bo, &b, &err) == RW_OK);
    CHECK(b.p_exceed == 0 && b.breach_p50 == RW_RUNOUT_NONE && !b.alert[1].fires);
    /* No budget (NaN, over every account): the total alone. */
    bo.amount = NAN;
    bo.nalerts = 0;
    CHECK(rw_budget_compute(s, &bo, &b, &err) == RW_OK);
    CHECK_NEAR(b.mean, 1500, 1e-6); /* 500 + 10 x 100 */
    CHECK(isnan(b.p_exceed) && b.breach_p50 == RW_RUNOUT_NONE && b.breach_if == RW_RUNOUT_NONE);
    CHECK(b.nalerts == 0);
    bo.nalerts = 2; /* alerts need a budget */
    CHECK(rw_budget_compute(s, &bo, &b, &err) == RW_EINVAL);
out:
    rw_scenarios_free(s);
    rw_ts_free(ts);
}

/* 100/day plus a 1000 fee on the 1st: detected, taken out, put back on
 * its day. As of 2024-08-29: Aug 30 100, Aug 31 200, Sep 1 1300, then +100. */
static void test_month_fee(void)
{
    double y[90];
    for (size_t i = 0; i < 90; i++) {
        int64_t yy;
        int m, d;
        rw_civil_from_days((T0 + (int64_t)i * RW_DAY) / RW_DAY, &yy, &m, &d);
        y[i] = 100 + (d == 1 ? 1000 : 0);
    }
    rw_ts *ts = daily(y, 90); /* 2024-06-01 .. 2024-08-29 */
    rw_scenarios *s = scen(ts, 40, 3, 200);
    CHECK(s != NULL);
    if (s) {
        CHECK(s->nfees == 1);
        CHECK(s->fee[0].day == 1);
        CHECK_NEAR(s->fee[0].amount, 1000, 1e-6);
        CHECK(s->fee[0].seen == 3);
        CHECK_NEAR(s->mean[2], 1100, 1e-6);
        CHECK_NEAR(s->mean[3], 100, 1e-6);
        rw_runout r;
        /* cumsum: 100, 200, 1300, 1400, ... > 2000 first at day 11 */
        CHECK(runout_p50(s, 2000, 0, NULL, 0, &r) == 11);
        rw_runout_cleanup(&r);
    }
    CHECK(rw_fee_due(31, rw_days_from_civil(2024, 2, 29) * RW_DAY));
    CHECK(!rw_fee_due(31, rw_days_from_civil(2024, 2, 28) * RW_DAY));
    rw_scenarios_free(s);
    rw_ts_free(ts);
}

/* A credit (a negative day) in the history neither lowers the forecast nor
 * recurs in the paths: the exact answer of test_constant still holds. */
static void test_credit(void)
{
    double y[60];
    for (size_t i = 0; i < 60; i++) y[i] = i == 30 ? -500 : 100;
    rw_ts *ts = daily(y, 60);
    rw_scenarios *s = scen(ts, 60, 5, 500);
    CHECK(s != NULL);
    if (s) {
        rw_runout r;
        CHECK(runout_p50(s, 1050, 0, NULL, 0, &r) == 11);
        CHECK(r.p10 == 11 && r.p90 == 11);
        rw_runout_cleanup(&r);
        for (size_t k = 0; k < s->h; k++) CHECK_NEAR(s->mean[k], 100, 1e-6);
    }
    rw_scenarios_free(s);
    rw_ts_free(ts);
}

static void test_short_history(void)
{
    rw_ts *ts = daily(NULL, 10);
    rw_scenario_opts o = {INT64_MIN, 30, 1, 100};
    rw_scenarios *s = NULL;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_scenarios_run(ts, &o, &s, &err) == RW_ESHORT);
    CHECK(strstr(err.text, "at least 14") != NULL);
    CHECK(s == NULL);
    rw_ts_free(ts);
}

/* Noisy accounts with a known future: the run-out P10..P90 should cover
 * the true day about 80% of the time, thresholds hold about 95%. */
static void test_coverage(void)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t trials = 60, covered = 0, held = 0, counted = 0;
    double y[120];
    for (size_t tr = 0; tr < trials; tr++) {
        gsl_rng_set(rng, 1000 + tr);
        double level = 50 + 450 * gsl_rng_uniform(rng), cv = 0.05 + 0.2 * gsl_rng_uniform(rng);
        for (size_t i = 0; i < 120; i++) {
            double week = (i % 7 == 5 || i % 7 == 6) ? 0.8 : 1.05;
            y[i] = level * week * (1 + cv * gsl_ran_gaussian(rng, 1));
        }
        rw_ts *ts = daily(y, 70); /* the last 50 values are the future */
        rw_scenarios *s = scen(ts, 50, 7, 300);
        if (!s) {
            rw_ts_free(ts);
            continue;
        }
        double balance = level * (5 + 30 * gsl_rng_uniform(rng)), cum = 0;
        long truth = RW_RUNOUT_NONE;
        for (size_t k = 0; k < 50 && truth == RW_RUNOUT_NONE; k++)
            if ((cum += y[70 + k]) > balance) truth = (long)k + 1;
        rw_runout r;
        runout_p50(s, balance, 0, NULL, 0, &r);
        if (truth != RW_RUNOUT_NONE && r.p10 != RW_RUNOUT_NONE) {
            counted++;
            covered += truth >= r.p10 && (r.p90 == RW_RUNOUT_NONE || truth <= r.p90);
        }
        rw_runout_cleanup(&r);
        double work[300], x = rw_threshold(s, 7, 0.95, work, NULL), used = 0;
        for (size_t k = 0; k < 7; k++) used += y[70 + k];
        held += used <= x;
        rw_scenarios_free(s);
        rw_ts_free(ts);
    }
    gsl_rng_free(rng);
    double cov = (double)covered / (double)counted, hit = (double)held / (double)trials;
    printf("P10..P90 coverage %.3f over %zu accounts, 7-day threshold hit rate %.3f\n", cov,
           counted, hit);
    CHECK(counted >= 50);
    CHECK(cov >= 0.65 && cov <= 0.95);
    CHECK(hit >= 0.85);
}

static void test_threshold_replay(void)
{
    rw_ts *ts = daily(NULL, 100);
    size_t leads[] = {7, 1};
    rw_threshold_eval_opts o = {INT64_MIN, leads, 2, 0.95, 5, 7, 1, 200, 2};
    rw_threshold_eval ev[2];
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_threshold_evaluate(ts, &o, ev, &err) == RW_OK);
    CHECK(ev[0].origins == 5 && ev[0].held == 5);
    CHECK_NEAR(ev[0].notice_median, 7, 0); /* a 700 balance lasts exactly 7 days */
    CHECK_NEAR(ev[1].ratio_median, 1, 1e-6);
    /* Too short to replay: no origins, not an error. */
    rw_ts *sh = daily(NULL, 16);
    CHECK(rw_threshold_evaluate(sh, &o, ev, &err) == RW_OK);
    CHECK(ev[0].origins == 0);
    rw_ts_free(sh);
    rw_ts_free(ts);
}

static void test_policy(void)
{
    rw_policy p;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_policy_builtin("tencent-cos", &p, &err) == RW_OK);
    CHECK_NEAR(p.grace_hours, 24, 0);
    CHECK_NEAR(p.retention_days, 120, 0);
    CHECK(rw_policy_builtin("alibaba-oss", &p, &err) == RW_OK);
    CHECK_NEAR(p.grace_hours, 360, 0);
    CHECK_NEAR(p.retention_days, 15, 0);
    rw_error_clear(&err);
    CHECK(rw_policy_builtin("nope", &p, &err) == RW_ENOTFOUND);
    CHECK(strstr(err.text, "tencent-cos") != NULL);
    FILE *f = fopen("bad_policy.json", "w");
    if (f) {
        fputs("{\"name\": \"x\", \"grace_hours\": -1, \"retention_days\": 3}", f);
        fclose(f);
    }
    rw_error_clear(&err);
    CHECK(rw_policy_load("bad_policy.json", &p, &err) == RW_EFORMAT);
    rw_error_clear(&err);
    CHECK(rw_policy_load("no_such_policy.json", &p, &err) == RW_EIO);
}

int main(void)
{
    gsl_set_error_handler_off();
    test_constant();
    test_month_fee();
    test_credit();
    test_short_history();
    test_threshold_replay();
    test_policy();
    test_coverage();
    CHECK_DONE();
}
