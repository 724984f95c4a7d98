/* test_prep.c: regular series, granularity inference, seasonal periods by
 * strength, gap filling, spike cleaning and level-shift detection. */
#include <stdlib.h>
#include "check.h"
#include "model/prep.h"

static rw_ts *hourly(const double *y, size_t n)
{
    int64_t *t = malloc(n * sizeof *t);
    for (size_t i = 0; i < n; i++) t[i] = 1704067200 + (int64_t)i * 3600; /* 2024-01-01 */
    rw_ts *ts = NULL;
    rw_error err;
    rw_error_clear(&err);
    if (rw_ts_from_points("s", RW_GRAN_HOUR, t, y, n, &ts, &err) != RW_OK) ts = NULL;
    free(t);
    return ts;
}

static double noise(unsigned *state)
{
    /* Deterministic uniform(-0.5, 0.5) + uniform(-0.5, 0.5): mean 0, sd ~0.41. */
    *state = *state * 1103515245u + 12345u;
    double a = (double)(*state >> 8 & 0xffff) / 65536.0;
    *state = *state * 1103515245u + 12345u;
    double b = (double)(*state >> 8 & 0xffff) / 65536.0;
    return a + b - 1.0;
}

int main(void)
{
    rw_error err;
    rw_error_clear(&err);
    /* Points in any order, two in one bucket summed, a missing day a gap. */
    int64_t t[] = {1704240000, 1704067200, 1704067200 + 3600, 1704326400};
    double v[] = {3, 1, 2, 4}; /* Jan 3, Jan 1 (twice), Jan 4; Jan 2 missing */
    rw_ts *ts = NULL;
    CHECK(rw_ts_from_points("d", RW_GRAN_DAY, t, v, 4, &ts, &err) == RW_OK);
    CHECK(ts->n == 4 && ts->y[0] == 3 && isnan(ts->y[1]) && ts->y[2] == 3 && ts->y[3] == 4);
    rw_ts_free(ts);
    int64_t mt[] = {1704067200, 1706745600, 1709251200}; /* Jan, Feb, Mar 2024 */
    rw_granularity g;
    CHECK(rw_granularity_infer(mt, 3, &g, &err) == RW_OK && g == RW_GRAN_MONTH);
    int64_t ht[] = {0, 3600, 7200, 14400};
    CHECK(rw_granularity_infer(ht, 4, &g, &err) == RW_OK && g == RW_GRAN_HOUR);
    int64_t unsorted[] = {5 * 86400, 0, 2 * 86400, 86400, 3 * 86400};
    CHECK(rw_granularity_infer(unsorted, 5, &g, &err) == RW_OK && g == RW_GRAN_DAY);

    /* Daily cycle, no weekly one: 24 is kept strong, 168 weak; a flat
     * series has no seasonality at all. */
    enum { N = 24 * 7 * 6 };
    double y[N];
    unsigned rs = 1;
    for (int i = 0; i < N; i++) y[i] = 100 + 20 * sin(2 * M_PI * i / 24.0) + noise(&rs);
    ts = hourly(y, N);
    rw_prep p;
    CHECK(rw_prep_run(ts, NULL, &p, &err) == RW_OK);
    CHECK(p.seas.n >= 1 && p.seas.period[0] == 24 && p.strength[0] > 0.9);
    CHECK(p.ncandidates == 2 && p.candidate_strength[1] < 0.3);
    CHECK(p.nspikes == 0 && !p.shift && p.ngaps == 0 && p.n == N);
    rw_prep_cleanup(&p);
    /* Fixed periods are kept whatever their strength. */
    rw_seasonality fixed = {2, {24, 168}};
    rw_prep_opts po = {&fixed, 1, 1};
    CHECK(rw_prep_run(ts, &po, &p, &err) == RW_OK && p.seas.n == 2);
    rw_prep_cleanup(&p);
    rw_ts_free(ts);

    /* A spike is cleaned and reported; a gap filled from the day before. */
    y[500] += 400;
    double saved = y[300];
    y[300] = NAN;
    ts = hourly(y, N);
    CHECK(rw_prep_run(ts, NULL, &p, &err) == RW_OK);
    CHECK(p.nspikes == 1 && p.spike[0] == 500);
    CHECK(fabs(p.y[500] - (y[500] - 400)) < 5);
    CHECK(p.ngaps == 1 && fabs(p.y[300] - saved) < 5);
    rw_prep_cleanup(&p);
    rw_ts_free(ts);
    y[500] -= 400;
    y[300] = saved;

    /* A level shift in the last fifth: found, sized, and history cut (with
     * the daily period only, so the cut needs three days after it). */
    for (int i = N - N / 5; i < N; i++) y[i] += 50;
    ts = hourly(y, N);
    rw_seasonality daily = {1, {24}};
    rw_prep_opts cut = {&daily, 1, 1};
    CHECK(rw_prep_run(ts, &cut, &p, &err) == RW_OK);
    CHECK(p.shift && fabs(p.shift_size - 50) < 5);
    CHECK(p.shift_at >= (size_t)(N - N / 5) - 12 && p.shift_at <= (size_t)(N - N / 5) + 12);
    CHECK(p.start == p.shift_at && p.n == N - p.shift_at);
    rw_prep_cleanup(&p);
    /* Without permission to cut, the whole history is kept. */
    rw_prep_opts keep = {&daily, 1, 0};
    CHECK(rw_prep_run(ts, &keep, &p, &err) == RW_OK && p.shift && p.start == 0 && p.n == N);
    rw_prep_cleanup(&p);
    rw_ts_free(ts);

    /* Daily data: a charge on the 1st of every month is not a spike. */
    {
        enum { D = 120 };
        double dy[D];
        int64_t dt[D];
        unsigned ds = 5;
        for (int i = 0; i < D; i++) {
            dt[i] = 1704067200 + (int64_t)i * 86400; /* from 2024-01-01 */
            int64_t yy;
            int mo, dd;
            rw_civil_from_days(dt[i] / 86400, &yy, &mo, &dd);
            dy[i] = 100 + noise(&ds) + (dd == 1 ? 300 : 0) + (i == 50 ? 200 : 0);
        }
        rw_ts *dts = NULL;
        CHECK(rw_ts_from_points("d", RW_GRAN_DAY, dt, dy, D, &dts, &err) == RW_OK);
        CHECK(rw_prep_run(dts, NULL, &p, &err) == RW_OK);
        CHECK(p.ncalendar == 1 && p.calendar_day[0] == 1);
        CHECK(p.nspikes == 1 && p.spike[0] == 50); /* the one-off is still cleaned */
        CHECK(p.y[31] > 350);                       /* Feb 1 kept */
        rw_prep_cleanup(&p);
        rw_ts_free(dts);
    }

    /* Too little to say anything; constant and all-zero series are fine. */
    double few[] = {1, NAN, 2};
    ts = hourly(few, 3);
    rw_error_clear(&err);
    CHECK(rw_prep_run(ts, NULL, &p, &err) == RW_ESHORT && strstr(err.text, "at least 3"));
    rw_ts_free(ts);
    double flat[100];
    for (int i = 0; i < 100; i++) flat[i] = 0;
    ts = hourly(flat, 100);
    CHECK(rw_prep_run(ts, NULL, &p, &err) == RW_OK && p.seas.n == 0 && p.nspikes == 0 && !p.shift);
    rw_prep_cleanup(&p);
    rw_ts_free(ts);
    CHECK_DONE();
}
