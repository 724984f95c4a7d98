/* test_forecast.c: the forecasting engine: exact forecasts of exact
 * patterns, interval coverage on simulated series with known noise,
 * reproducibility, option checks and degenerate inputs. */
#include <stdlib.h>
#include <gsl/gsl_randist.h>
#include "check.h"
#include "export/desc_json.h"
#include "model/forecast.h"

static rw_ts *daily(const double *y, size_t n)
{
    int64_t *t = malloc(n * sizeof *t);
    for (size_t i = 0; i < n; i++) t[i] = 1704067200 + (int64_t)i * 86400;
    rw_ts *ts = NULL;
    rw_error err;
    rw_error_clear(&err);
    if (rw_ts_from_points("s", RW_GRAN_DAY, t, y, n, &ts, &err) != RW_OK) ts = NULL;
    free(t);
    return ts;
}

static rw_forecast_opts opts(size_t h, const char *model)
{
    rw_forecast_opts o;
    memset(&o, 0, sizeof o);
    o.model = model;
    o.horizon = h;
    o.nlevels = 2;
    o.levels[0] = 80;
    o.levels[1] = 95;
    o.seed = 7;
    o.npaths = 1000;
    return o;
}

int main(void)
{
    rw_error err;
    rw_error_clear(&err);
    /* An exactly weekly series is forecast exactly, intervals collapse. */
    double y[140];
    for (int i = 0; i < 140; i++) y[i] = (i % 7 >= 5) ? 40 : 100 + (i % 7);
    rw_ts *ts = daily(y, 140);
    rw_forecast_opts o = opts(14, "auto");
    rw_forecast *f = NULL;
    CHECK(rw_forecast_run(ts, &o, &f, &err) == RW_OK);
    for (size_t k = 0; f && k < 14; k++) {
        double want = ((140 + k) % 7 >= 5) ? 40 : 100 + (double)((140 + k) % 7);
        CHECK_NEAR(f->mean[k], want, 1e-9 * want);
        CHECK_NEAR(f->hi[1 * 14 + k] - f->lo[1 * 14 + k], 0, 1e-6);
    }
    CHECK(f && f->t[0] == 1704067200 + 140 * 86400);
    json_t *info = f ? rw_desc_to_json(&f->info) : NULL;
    CHECK(info && json_object_get(info, "model") && json_object_get(info, "history"));
    json_decref(info);
    rw_forecast_free(f);
    rw_ts_free(ts);

    /* Coverage: weekly pattern + Gaussian noise (sd 5) around a random-walk
     * level; pooled over 150 series the 80% and 95% intervals of the seasonal
     * naive model hold about 80% and 95% of the future values. */
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 12345);
    size_t in80 = 0, in95 = 0, tot = 0;
    for (int r = 0; r < 150; r++) {
        double z[200 + 14], level = 100;
        for (int i = 0; i < 214; i++) {
            level += gsl_ran_gaussian(rng, 1.0);
            z[i] = level + ((i % 7 >= 5) ? -30 : 10) + gsl_ran_gaussian(rng, 5.0);
        }
        ts = daily(z, 200);
        rw_forecast_opts so = opts(14, "snaive");
        so.seed = (unsigned long)r;
        CHECK(rw_forecast_run(ts, &so, &f, &err) == RW_OK);
        for (size_t k = 0; f && k < 14; k++) {
            double v = z[200 + k];
            in80 += v >= f->lo[k] && v <= f->hi[k];
            in95 += v >= f->lo[14 + k] && v <= f->hi[14 + k];
            tot++;
        }
        rw_forecast_free(f);
        rw_ts_free(ts);
    }
    double c80 = (double)in80 / (double)tot, c95 = (double)in95 / (double)tot;
    fprintf(stderr, "coverage 80%%: %.3f, 95%%: %.3f\n", c80, c95);
    CHECK(c80 > 0.74 && c80 < 0.86);
    CHECK(c95 > 0.92 && c95 < 0.98);
    gsl_rng_free(rng);

    /* Same seed, same forecast; another seed, other paths, same mean. */
    for (int i = 0; i < 140; i++) y[i] += (double)((i * 37) % 11);
    ts = daily(y, 140);
    rw_forecast *a = NULL, *b = NULL, *c = NULL;
    CHECK(rw_forecast_run(ts, &o, &a, &err) == RW_OK && rw_forecast_run(ts, &o, &b, &err) == RW_OK);
    CHECK(a && b && !memcmp(a->paths, b->paths, a->npaths * a->h * sizeof *a->paths));
    o.seed = 8;
    CHECK(rw_forecast_run(ts, &o, &c, &err) == RW_OK);
    CHECK(a && c && memcmp(a->paths, c->paths, a->npaths * a->h * sizeof *a->paths) != 0);
    CHECK(a && c && !memcmp(a->mean, c->mean, a->h * sizeof *a->mean));
    rw_forecast_free(a);
    rw_forecast_free(b);
    rw_forecast_free(c);

    /* Bad options. */
    rw_forecast_opts bad = opts(0, "auto");
    CHECK(rw_forecast_run(ts, &bad, &f, &err) == RW_EINVAL);
    bad = opts(5, "prophet");
    CHECK(rw_forecast_run(ts, &bad, &f, &err) == RW_EINVAL);
    bad = opts(5, "auto");
    bad.levels[0] = 50;
    CHECK(rw_forecast_run(ts, &bad, &f, &err) == RW_EINVAL);
    rw_ts_free(ts);

    /* Short histories: 6 values still give a (naive) forecast with a note;
     * 2 values are refused with a clear message. */
    double s6[] = {10, 12, 11, 13, 12, 14};
    ts = daily(s6, 6);
    o = opts(3, "auto");
    CHECK(rw_forecast_run(ts, &o, &f, &err) == RW_OK);
    info = f ? rw_desc_to_json(&f->info) : NULL;
    CHECK(info && json_array_size(json_object_get(info, "notes")) >= 1);
    json_decref(info);
    rw_forecast_free(f);
    rw_ts_free(ts);
    ts = daily(s6, 2);
    rw_error_clear(&err);
    CHECK(rw_forecast_run(ts, &o, &f, &err) == RW_ESHORT && strstr(err.text, "at least 3"));
    rw_ts_free(ts);

    /* A long series (a year of hours) is fine too. */
    {
        enum { L = 24 * 365 };
        double *ly = malloc(L * sizeof *ly);
        int64_t *lt = malloc(L * sizeof *lt);
        for (int i = 0; i < L; i++) {
            lt[i] = 1704067200 + (int64_t)i * 3600;
            ly[i] = 50 + 10 * sin(2 * M_PI * i / 24.0) + 0.001 * i + (double)((i * 7919) % 13) * 0.1;
        }
        rw_ts *lts = NULL;
        CHECK(rw_ts_from_points("long", RW_GRAN_HOUR, lt, ly, L, &lts, &err) == RW_OK);
        rw_forecast_opts lo = opts(24, "auto");
        lo.npaths = 200;
        CHECK(rw_forecast_run(lts, &lo, &f, &err) == RW_OK);
        for (size_t k = 0; f && k < 24; k++) CHECK(fabs(f->mean[k] - (50 + 10 * sin(2 * M_PI * (double)(L + (int)k) / 24.0) + 0.001 * (L + (double)k))) < 3);
        rw_forecast_free(f);
        rw_ts_free(lts);
        free(ly);
        free(lt);
    }

    /* Gaps, negative values (credits), a constant series. */
    double gz[60];
    for (int i = 0; i < 60; i++) gz[i] = (i % 9 == 4) ? NAN : (i % 7 == 0 ? -20.0 : 5.0);
    ts = daily(gz, 60);
    CHECK(rw_forecast_run(ts, &o, &f, &err) == RW_OK);
    for (size_t k = 0; f && k < 3; k++) CHECK(isfinite(f->mean[k]) && f->lo[k] <= f->hi[k]);
    rw_forecast_free(f);
    rw_ts_free(ts);
    for (int i = 0; i < 60; i++) gz[i] = 3;
    ts = daily(gz, 60);
    CHECK(rw_forecast_run(ts, &o, &f, &err) == RW_OK && f->mean[0] == 3 && f->hi[0] == 3);
    rw_forecast_free(f);
    rw_ts_free(ts);
    CHECK_DONE();
}
