/* test_anomaly.c: anomalies against forecasts made before them: planted
 * spikes and dips are found and nothing else, a constant series has none,
 * gaps are not judged, anomalies do not distort later forecasts but a new
 * level is followed, threads do not change the answer, short histories and
 * bad options fail; attribution baselines and choices by hand. */
#include <stdint.h>
#include <stdlib.h>
#include "check.h"
#include "plan/anomaly.h"

/* A daily series from 2024-01-01, or NULL. */
static rw_ts *daily(const double *y, size_t n)
{
    int64_t *t = malloc(n * sizeof *t);
    rw_ts *ts = NULL;
    rw_error err;
    rw_error_clear(&err);
    if (t) {
        for (size_t i = 0; i < n; i++) t[i] = 1704067200 + (int64_t)i * 86400;
        if (rw_ts_from_points("s", RW_GRAN_DAY, t, y, n, &ts, &err) != RW_OK) ts = NULL;
    }
    free(t);
    return ts;
}

/* Deterministic noise in [-1, 1] (a fixed LCG: same on every platform). */
static double noise(uint32_t *state)
{
    *state = *state * 1664525u + 1013904223u;
    return (double)(*state >> 8) / (double)(1u << 23) - 1;
}

/* 120 days of a weekly pattern with 2% noise, a spike on day 100 and a dip
 * on day 110 (both inside the last 30 days examined). */
static void seasonal(double *y, size_t n)
{
    static const double week[7] = {400, 420, 410, 430, 405, 250, 240};
    uint32_t s = 12345;
    for (size_t i = 0; i < n; i++) y[i] = week[i % 7] * (1 + 0.02 * noise(&s));
    y[100] *= 2;
    y[110] *= 0.4;
}

static int same_report(const rw_anomaly_report *a, const rw_anomaly_report *b)
{
    if (a->n != b->n || a->steps != b->steps) return 0;
    for (size_t s = 0; s < a->steps; s++)
        if (a->expected[s] != b->expected[s] || a->lo[s] != b->lo[s] || a->hi[s] != b->hi[s])
            return 0;
    for (size_t k = 0; k < a->n; k++)
        if (a->a[k].index != b->a[k].index || a->a[k].score != b->a[k].score) return 0;
    return 1;
}

static void test_detect(void)
{
    double y[120];
    seasonal(y, 120);
    rw_ts *ts = daily(y, 120);
    CHECK(ts != NULL);
    if (!ts) return;
    rw_anomaly_opts o = {0};
    o.seed = 42;
    o.threads = 1;
    rw_error err;
    rw_error_clear(&err);
    rw_anomaly_report *r = NULL, *r4 = NULL;
    CHECK(rw_anomaly_detect(ts, &o, &r, &err) == RW_OK);
    if (r) {
        CHECK(r->steps == 30 && r->first == 90 && r->observed == 30 && r->origins == 30);
        CHECK(r->level == 99);
        CHECK(r->n == 2);
        if (r->n == 2) {
            const rw_anomaly *a = &r->a[0], *b = &r->a[1];
            CHECK(a->index == 100 && a->direction == 1 && a->excess > 0);
            CHECK(a->t == 1704067200 + 100 * 86400);
            CHECK_NEAR(a->excess, a->value - a->hi, 1e-9);
            CHECK(a->expected > 380 && a->expected < 460); /* day 100 is a Wednesday-type 430 */
            CHECK(a->score > 1);
            CHECK(b->index == 110 && b->direction == -1 && b->excess < 0);
            CHECK_NEAR(b->excess, b->value - b->lo, 1e-9);
        }
        for (size_t s = 0; s < r->steps; s++)
            CHECK(r->lo[s] <= r->expected[s] && r->expected[s] <= r->hi[s]);
    }
    /* The same on four threads. */
    o.threads = 4;
    CHECK(rw_anomaly_detect(ts, &o, &r4, &err) == RW_OK);
    CHECK(r && r4 && same_report(r, r4));
    rw_anomaly_report_free(r4);
    r4 = NULL;
    /* Hourly-style origins: every 7 days, each forecasting a week ahead,
     * still cover each examined day exactly once. */
    o.step = 7;
    o.last = 21;
    CHECK(rw_anomaly_detect(ts, &o, &r4, &err) == RW_OK);
    if (r4) {
        CHECK(r4->steps == 21 && r4->first == 99 && r4->origins == 3);
        CHECK(r4->n >= 2);
        int spike = 0;
        for (size_t k = 0; k < r4->n; k++) spike += r4->a[k].index == 100;
        CHECK(spike == 1);
    }
    rw_anomaly_report_free(r4);
    rw_anomaly_report_free(r);
    rw_ts_free(ts);
}

/* An exact weekly pattern: a spike is the only anomaly (masked in later
 * histories, the seasonal naive model does not expect it a week later);
 * after a lasting change of level, the forecasts follow within days. */
static void test_masking(void)
{
    static const double week[7] = {400, 420, 410, 430, 405, 250, 240};
    double y[90];
    for (size_t i = 0; i < 90; i++) y[i] = week[i % 7];
    y[70] *= 3;
    rw_ts *ts = daily(y, 90);
    CHECK(ts != NULL);
    if (!ts) return;
    rw_anomaly_opts o = {0};
    rw_error err;
    rw_error_clear(&err);
    rw_anomaly_report *r = NULL;
    CHECK(rw_anomaly_detect(ts, &o, &r, &err) == RW_OK);
    CHECK(r && r->n == 1 && r->a[0].index == 70 && r->rerun == 19);
    if (r && r->n == 1) CHECK_NEAR(r->a[0].expected, 400, 1e-6);
    rw_anomaly_report_free(r);
    r = NULL;
    for (size_t i = 70; i < 90; i++) ts->y[i] = week[i % 7] * 1.5;
    CHECK(rw_anomaly_detect(ts, &o, &r, &err) == RW_OK);
    if (r) {
        CHECK(r->n >= 3 && r->a[0].index == 70 && r->a[1].index == 71 && r->a[2].index == 72);
        CHECK(r->n < 10 && r->a[r->n - 1].index < 83);
    }
    rw_anomaly_report_free(r);
    rw_ts_free(ts);
}

static void test_constant_gaps_short(void)
{
    double y[60];
    for (size_t i = 0; i < 60; i++) y[i] = 100;
    rw_ts *ts = daily(y, 60);
    CHECK(ts != NULL);
    if (!ts) return;
    rw_anomaly_opts o = {0};
    rw_error err;
    rw_error_clear(&err);
    rw_anomaly_report *r = NULL;
    CHECK(rw_anomaly_detect(ts, &o, &r, &err) == RW_OK);
    CHECK(r && r->n == 0 && r->steps == 30 && r->observed == 30);
    rw_anomaly_report_free(r);
    r = NULL;
    /* Gaps are not judged, and a history ending in a gap still forecasts. */
    ts->y[50] = NAN;
    ts->y[51] = NAN;
    CHECK(rw_anomaly_detect(ts, &o, &r, &err) == RW_OK);
    CHECK(r && r->n == 0 && r->steps == 30 && r->observed == 28);
    if (r) CHECK_NEAR(r->expected[52 - 30], 100, 1e-9);
    rw_anomaly_report_free(r);
    r = NULL;
    /* More steps asked for than the history allows: fewer examined. */
    o.last = 50;
    CHECK(rw_anomaly_detect(ts, &o, &r, &err) == RW_OK);
    CHECK(r && r->requested == 50 && r->steps == 32 && r->first == 28);
    rw_anomaly_report_free(r);
    r = NULL;
    /* Bad level. */
    o.level = 99.5;
    CHECK(rw_anomaly_detect(ts, &o, &r, &err) == RW_EINVAL && r == NULL);
    rw_ts_free(ts);
    /* Too short: 28 days of history are needed before the first one. */
    ts = daily(y, 28);
    CHECK(ts != NULL);
    rw_error_clear(&err);
    o.level = 0;
    CHECK(ts && rw_anomaly_detect(ts, &o, &r, &err) == RW_ESHORT && r == NULL);
    CHECK(strstr(err.text, "has 28 days; anomalies need at least 29") != NULL);
    rw_ts_free(ts);
}

static void test_baseline(void)
{
    double y[30];
    for (size_t i = 0; i < 30; i++) y[i] = (double)(i % 7) * 10 + (double)i;
    /* Same weekday over the 4 previous weeks: days 22, 15, 8, 1. */
    CHECK_NEAR(rw_anomaly_baseline(y, 30, 29, 7), (10 + 22 + 10 + 15 + 10 + 8 + 10 + 1) / 4.0,
               1e-12);
    /* Only two weeks before day 15: days 8 and 1. */
    CHECK_NEAR(rw_anomaly_baseline(y, 30, 15, 7), (18 + 11) / 2.0, 1e-12);
    /* A missing week is skipped. */
    y[22] = NAN;
    CHECK_NEAR(rw_anomaly_baseline(y, 30, 29, 7), (25 + 18 + 11) / 3.0, 1e-12);
    /* No season: the median of the 7 before (days 3..9: 33,44,55,66,7,18,29). */
    CHECK_NEAR(rw_anomaly_baseline(y, 30, 10, 0), 33, 1e-12);
    /* No full season yet: the median of what precedes (days 0..2: 0,11,22). */
    CHECK_NEAR(rw_anomaly_baseline(y, 30, 3, 7), 11, 1e-12);
    CHECK_NEAR(rw_anomaly_baseline(y, 30, 0, 7), 0, 1e-12);
}

static void test_attribute(void)
{
    /* Three services over 5 weeks, each flat; on the last day CVM rises by
     * 300, COS by 20 and CDN falls by 5: 315 over a baseline of 600. */
    enum { N = 35 };
    double cvm[N], cos_[N], cdn[N], acct_a[N], acct_b[N], region[N];
    for (size_t i = 0; i < N; i++) {
        cvm[i] = 300;
        cos_[i] = 200;
        cdn[i] = 100;
    }
    cvm[N - 1] += 300;
    cos_[N - 1] += 20;
    cdn[N - 1] -= 5;
    for (size_t i = 0; i < N; i++) {
        acct_a[i] = cvm[i] + cdn[i]; /* CVM and CDN in account a */
        acct_b[i] = cos_[i];
        region[i] = cvm[i] + cos_[i] + cdn[i];
    }
    const char *svc_names[] = {"CDN", "COS", "CVM"}, *acct_names[] = {"a", "b"},
               *region_names[] = {"ap-guangzhou"};
    const double *svc_y[] = {cdn, cos_, cvm}, *acct_y[] = {acct_a, acct_b},
                 *region_y[] = {region};
    rw_anomaly_dim dims[] = {{"region", 1, region_names, region_y, N},
                             {"service", 3, svc_names, svc_y, N},
                             {"account", 2, acct_names, acct_y, N}};
    /* The total was 915 against 600 expected, up to 715: 200 above. */
    rw_anomaly a = {N - 1, 0, 915, 600, 485, 715, 1, 200, 4};
    rw_attribution per[3];
    long best = rw_anomaly_attribute(&a, dims, 3, 7, per);
    CHECK(best == 1);
    CHECK(!per[0].found); /* one region explains nothing */
    CHECK(per[1].found && per[1].value == 2);
    CHECK_NEAR(per[1].deviation, 300, 1e-9);
    CHECK_NEAR(per[1].baseline, 300, 1e-9);
    CHECK_NEAR(per[1].share, 300.0 / 315, 1e-12);
    CHECK(per[2].found && per[2].value == 0);
    CHECK_NEAR(per[2].deviation, 295, 1e-9);
    /* A fall of 20 from 600: CDN is the only one that fell. */
    rw_anomaly below = {N - 1, 0, 580, 600, 582.5, 620, -1, -2.5, 0.1};
    best = rw_anomaly_attribute(&below, dims, 3, 7, per);
    CHECK(best == 1 && per[1].value == 0);
    CHECK_NEAR(per[1].deviation, -5, 1e-9);
    CHECK_NEAR(per[1].share, 0.25, 1e-12);
    CHECK(!per[2].found); /* neither account fell */
    /* Ties go to the earlier dimension: CVM alone in account a. */
    cdn[N - 1] += 5;
    acct_a[N - 1] += 5;
    cos_[N - 1] -= 20;
    acct_b[N - 1] -= 20;
    best = rw_anomaly_attribute(&a, dims + 1, 2, 7, per);
    CHECK(best == 0 && per[0].value == 2 && per[1].value == 0);
    CHECK_NEAR(per[0].share, 300.0 / 315, 1e-12);
    /* Nothing moved up. */
    cvm[N - 1] -= 300;
    acct_a[N - 1] -= 300;
    CHECK(rw_anomaly_attribute(&a, dims, 3, 7, per) == -1);
}

/* A service that doubled outranks the region holding it, though their
 * deviations are equal; a rise spread over every service is the region's. */
static void test_attribute_surprise(void)
{
    enum { N = 35 };
    double cvm[N], cos_[N], gz[N], bj[N];
    for (size_t i = 0; i < N; i++) {
        cvm[i] = 100;
        cos_[i] = 400;
        bj[i] = 50;
    }
    cvm[N - 1] = 200;
    for (size_t i = 0; i < N; i++) gz[i] = cvm[i] + cos_[i];
    const char *svc_names[] = {"CVM", "COS"}, *reg_names[] = {"gz", "bj"};
    const double *svc_y[] = {cvm, cos_}, *reg_y[] = {gz, bj};
    rw_anomaly_dim dims[] = {{"region", 2, reg_names, reg_y, N},
                             {"service", 2, svc_names, svc_y, N}};
    rw_anomaly a = {N - 1, 0, 650, 550, 500, 600, 1, 50, 2};
    rw_attribution per[2];
    CHECK(rw_anomaly_attribute(&a, dims, 2, 7, per) == 1);
    CHECK(per[1].value == 0 && per[0].value == 0);
    CHECK_NEAR(per[0].deviation, per[1].deviation, 1e-9);
    /* Every service up 10%: the region (+50 on 500) beats COS (+40 on 400). */
    cvm[N - 1] = 110;
    cos_[N - 1] = 440;
    gz[N - 1] = 550;
    CHECK(rw_anomaly_attribute(&a, dims, 2, 7, per) == 0);
    CHECK(per[1].value == 1);
}

int main(void)
{
    test_baseline();
    test_attribute();
    test_attribute_surprise();
    test_constant_gaps_short();
    test_masking();
    test_detect();
    CHECK_DONE();
}
