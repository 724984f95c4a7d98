/* test_mstl.c: the mstl model and the exponential smoothing fitter behind
 * it: exact forecasts of exactly periodic series, the least-squares fit
 * against a brute-force grid oracle, simulation against the closed-form
 * mean and variance, variants and refusals, speed. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "check.h"
#include "describe_json.h"
#include "model/model.h"
#include "model/stl.h"

static const rw_model_ops *M;

static double daily(size_t t)
{
    static const double d[24] = {2, 1,   0.5, 0.2, 0,   0.3, 1,   3, 5,   6, 6.5, 7,
                                 7, 6.8, 6.5, 6,   5.5, 5,   4.5, 4, 3.5, 3, 2.5, 2.2};
    return d[t % 24];
}

static double weekly(size_t t)
{
    double x = (double)t;
    return 3 * cos(2 * M_PI * x / 168) + 1.5 * sin(4 * M_PI * x / 168);
}

static void *fit_ok(const double *y, size_t n, const rw_seasonality *s, const char *variant)
{
    rw_error err;
    rw_error_clear(&err);
    rw_model_opts o = {.variant = variant};
    void *st = NULL;
    rw_status rc = M->fit(y, n, s, &o, &st, &err);
    if (rc != RW_OK) fprintf(stderr, "fit: %s\n", err.text);
    CHECK(rc == RW_OK && st != NULL);
    return st;
}

static rw_status fit_err(const double *y, size_t n, const rw_seasonality *s, const char *variant,
                         rw_error *err)
{
    rw_error_clear(err);
    rw_model_opts o = {.variant = variant};
    void *st = (void *)1;
    rw_status rc = M->fit(y, n, s, &o, &st, err);
    CHECK(st == NULL);
    return rc;
}

static const char *desc_str(json_t *d, const char *key)
{
    const char *v = json_string_value(json_object_get(d, key));
    return v ? v : "";
}

/* Exactly periodic series are forecast exactly. */
static void test_exact(void)
{
    enum { N = 24 * 7 * 5, H = 336 };
    static double y[N], f[H];
    /* one period (7) around a constant: STL is exact */
    for (size_t t = 0; t < N; t++)
        y[t] = 40 + daily((t % 7) * 3) - (double)(t % 7);
    rw_seasonality s7 = {1, {7}};
    void *st = fit_ok(y, N, &s7, NULL);
    CHECK(M->forecast(st, H, f) == RW_OK);
    for (size_t k = 0; k < H; k++)
        CHECK_NEAR(f[k], y[N - 7 + k % 7], 1e-9);
    CHECK(M->sigma(st) < 1e-9);
    json_t *d = describe_json(M, st);
    CHECK(strncmp(desc_str(d, "form"), "MSTL(7)+", 8) == 0);
    CHECK(json_real_value(json_array_get(json_object_get(d, "strength"), 0)) > 0.999);
    json_decref(d);
    M->free(st);

    /* the same under log: exp of an exact log forecast, no bias (sigma 0) */
    st = fit_ok(y, N, &s7, "log");
    CHECK(M->forecast(st, H, f) == RW_OK);
    for (size_t k = 0; k < H; k++)
        CHECK_NEAR(f[k], y[N - 7 + k % 7], 1e-8);
    M->free(st);

    /* two periods: daily shape plus a weekly wave with no daily part */
    for (size_t t = 0; t < N; t++)
        y[t] = 30 + daily(t) + weekly(t);
    rw_seasonality s2 = {2, {24, 168}};
    st = fit_ok(y, N, &s2, NULL);
    CHECK(M->forecast(st, H, f) == RW_OK);
    double e = 0;
    for (size_t k = 0; k < H; k++)
        e = fmax(e, fabs(f[k] - (30 + daily(N + k) + weekly(N + k))));
    if (!(e < 0.05)) fprintf(stderr, "two-period exact: max error %g\n", e);
    CHECK(e < 0.05);
    d = describe_json(M, st);
    CHECK(strncmp(desc_str(d, "form"), "MSTL(24,168)+", 13) == 0);
    json_t *str = json_object_get(d, "strength");
    CHECK(json_array_size(str) == 2);
    CHECK(json_real_value(json_array_get(str, 0)) > 0.99);
    CHECK(json_real_value(json_array_get(str, 1)) > 0.99);
    CHECK(json_array_size(json_object_get(d, "dropped_periods")) == 0);
    json_decref(d);
    M->free(st);
}

/* Trend + two seasonalities + noise: close forecasts, sane description. */
static void test_trend(gsl_rng *rng)
{
    enum { N = 900, H = 168 };
    static double y[N], f[H], p[H];
    for (size_t t = 0; t < N; t++)
        y[t] = 100 + 0.05 * (double)t + daily(t) + weekly(t) + gsl_ran_gaussian(rng, 0.3);
    rw_seasonality s = {2, {24, 168}};
    void *st = fit_ok(y, N, &s, "damped");
    CHECK(M->forecast(st, H, f) == RW_OK);
    double e = 0;
    for (size_t k = 0; k < 24; k++)
        e = fmax(e, fabs(f[k] - (100 + 0.05 * (double)(N + k) + daily(N + k) + weekly(N + k))));
    if (!(e < 1.5)) fprintf(stderr, "trend day-ahead error %g\n", e);
    CHECK(e < 1.5);
    json_t *d = describe_json(M, st);
    CHECK_STR(desc_str(d, "form"), "MSTL(24,168)+damped Holt");
    double alpha = json_real_value(json_object_get(d, "alpha"));
    double beta = json_real_value(json_object_get(d, "beta"));
    double phi = json_real_value(json_object_get(d, "phi"));
    CHECK(alpha >= 1e-4 && alpha <= 0.9999 && beta >= 1e-4 && beta <= alpha);
    CHECK(phi >= 0.8 && phi <= 0.98);
    CHECK_NEAR(json_real_value(json_object_get(d, "sigma")), M->sigma(st), 0);
    CHECK(M->sigma(st) > 0.2 && M->sigma(st) < 0.5);
    json_decref(d);

    /* simulated paths: mean -> forecast, variance -> sigma^2 * factor */
    enum { R = 3000 };
    static double sum[H], sum2[H];
    for (size_t r = 0; r < R; r++) {
        CHECK(M->simulate(st, H, rng, p) == RW_OK);
        for (size_t k = 0; k < H; k++) {
            sum[k] += p[k];
            sum2[k] += p[k] * p[k];
        }
    }
    double sig = M->sigma(st);
    for (size_t k = 0; k < H; k += 23) {
        double mean = sum[k] / R, var = sum2[k] / R - mean * mean;
        /* the fit's own variance factor, recomputed from its parameters */
        rw_es_fit es = {.damped = 1, .alpha = alpha, .beta = beta, .phi = phi};
        double v = sig * sig * rw_es_variance_factor(&es, k + 1);
        CHECK_NEAR(mean, f[k], 4 * sqrt(v / R));
        CHECK_NEAR(var / v, 1, 0.1);
    }
    M->free(st);
}

/* Under log the mean forecast is the lognormal mean, which sample paths
 * reproduce on average. */
static void test_log_mean(gsl_rng *rng)
{
    enum { N = 400, H = 30, R = 20000 };
    static double y[N], f[H], p[H], sum[H];
    for (size_t t = 0; t < N; t++)
        y[t] = exp(2 + 0.3 * sin(2 * M_PI * (double)t / 7) + gsl_ran_gaussian(rng, 0.2));
    rw_seasonality s = {1, {7}};
    void *st = fit_ok(y, N, &s, "log,ses");
    json_t *d = describe_json(M, st);
    CHECK_STR(desc_str(d, "transform"), "log");
    CHECK_STR(desc_str(d, "form"), "MSTL(7)+SES");
    json_decref(d);
    CHECK(M->forecast(st, H, f) == RW_OK);
    for (size_t r = 0; r < R; r++) {
        CHECK(M->simulate(st, H, rng, p) == RW_OK);
        for (size_t k = 0; k < H; k++)
            sum[k] += p[k];
    }
    for (size_t k = 0; k < H; k++) {
        CHECK(f[k] > 0);
        CHECK_NEAR(sum[k] / R / f[k], 1, 0.01);
    }
    M->free(st);
}

/* Variants, dropped periods, odd data, refusals. */
static void test_edges(void)
{
    enum { N = 300 };
    static double y[N], f[48];
    rw_error err;
    rw_seasonality s = {2, {24, 168}};
    for (size_t t = 0; t < N; t++)
        y[t] = 5 + daily(t);

    /* 168 does not fit twice into 300 points: dropped and reported */
    void *st = fit_ok(y, N, &s, NULL);
    json_t *d = describe_json(M, st);
    CHECK(strncmp(desc_str(d, "form"), "MSTL(24)+", 9) == 0);
    json_t *dr = json_object_get(d, "dropped_periods");
    CHECK(json_array_size(dr) == 1 && json_real_value(json_array_get(dr, 0)) == 168);
    json_decref(d);
    M->free(st);

    /* no seasonality: the adjusted-series model alone */
    rw_seasonality none = {0, {0}};
    for (size_t t = 0; t < N; t++)
        y[t] = 2 + 0.5 * (double)t;
    st = fit_ok(y, N, &none, "damped");
    d = describe_json(M, st);
    CHECK_STR(desc_str(d, "form"), "damped Holt");
    json_decref(d);
    CHECK(M->forecast(st, 1, f) == RW_OK);
    CHECK_NEAR(f[0], 2 + 0.5 * N, 0.05);
    M->free(st);

    /* constant, all-zero, negative: flat forecasts, zero sigma */
    static const double levels[] = {7.5, 0, -12};
    for (size_t i = 0; i < 3; i++) {
        for (size_t t = 0; t < N; t++)
            y[t] = levels[i];
        st = fit_ok(y, N, &s, NULL);
        CHECK(M->forecast(st, 48, f) == RW_OK);
        for (size_t k = 0; k < 48; k++)
            CHECK_NEAR(f[k], levels[i], 1e-9);
        CHECK(M->sigma(st) < 1e-9);
        d = describe_json(M, st);
        CHECK(json_real_value(json_array_get(json_object_get(d, "strength"), 0)) == 0);
        json_decref(d);
        M->free(st);
    }
    /* negative values with a pattern: fine untransformed */
    for (size_t t = 0; t < N; t++)
        y[t] = -50 + daily(t);
    st = fit_ok(y, N, &s, "robust");
    CHECK(M->forecast(st, 48, f) == RW_OK);
    for (size_t k = 0; k < 48; k++)
        CHECK_NEAR(f[k], -50 + daily(N + k), 1e-6);
    d = describe_json(M, st);
    CHECK(json_is_true(json_object_get(d, "robust")));
    json_decref(d);
    M->free(st);

    /* log needs positive data; log1p takes zeros */
    for (size_t t = 0; t < N; t++)
        y[t] = daily(t);
    CHECK(fit_err(y, N, &s, "log", &err) == RW_EINVAL && strstr(err.text, "log1p"));
    st = fit_ok(y, N, &s, "log1p");
    CHECK(M->forecast(st, 48, f) == RW_OK);
    for (size_t k = 0; k < 48; k++)
        CHECK_NEAR(f[k], daily(N + k), 1e-6);
    M->free(st);
    y[5] = -1;
    CHECK(fit_err(y, N, &s, "log1p", &err) == RW_EINVAL);

    /* bad variants, non-finite data, too short */
    CHECK(fit_err(y, N, &s, "log,log1p", &err) == RW_EINVAL);
    CHECK(fit_err(y, N, &s, "ses+damped", &err) == RW_EINVAL);
    CHECK(fit_err(y, N, &s, "holt", &err) == RW_EINVAL && strstr(err.text, "holt"));
    y[5] = NAN;
    CHECK(fit_err(y, N, &s, NULL, &err) == RW_EINVAL && strstr(err.text, "finite"));
    y[5] = 1;
    CHECK(fit_err(y, 2, &s, NULL, &err) == RW_ESHORT && strstr(err.text, "observations"));
    CHECK(fit_err(y, 5, &s, "damped", &err) == RW_ESHORT);
    st = fit_ok(y, 3, &s, NULL); /* three points: SES, no seasonality */
    M->free(st);
    M->free(NULL);
}

/* ---- the fitter against a brute-force oracle ---- */

/* One-step forecasts of additive damped-trend smoothing from (l0, b0). */
static void es_run(const double *y, size_t n, double a, double b, double phi, double l0, double b0,
                   double *fc)
{
    double l = l0, s = b0;
    for (size_t t = 0; t < n; t++) {
        fc[t] = l + phi * s;
        double e = y[t] - fc[t];
        l = fc[t] + a * e;
        s = phi * s + b * e;
    }
}

/* The SSE with the best initial states, found by linear least squares on
 * the forecasts' dependence on them (GSL). */
static double oracle_sse(const double *y, size_t n, int damped, double a, double b, double phi)
{
    double *f0 = malloc(4 * n * sizeof *f0), *f1 = f0 + n, *f2 = f1 + n, *fc = f2 + n;
    size_t p = damped ? 2 : 1;
    gsl_matrix *X = gsl_matrix_alloc(n, p), *cov = gsl_matrix_alloc(p, p);
    gsl_vector *r = gsl_vector_alloc(n), *c = gsl_vector_alloc(p);
    gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(n, p);
    es_run(y, n, a, b, phi, 0, 0, f0);
    es_run(y, n, a, b, phi, 1, 0, f1);
    es_run(y, n, a, b, phi, 0, 1, f2);
    for (size_t t = 0; t < n; t++) {
        gsl_matrix_set(X, t, 0, f1[t] - f0[t]);
        if (damped) gsl_matrix_set(X, t, 1, f2[t] - f0[t]);
        gsl_vector_set(r, t, y[t] - f0[t]);
    }
    double chisq;
    CHECK(gsl_multifit_linear(X, r, c, cov, &chisq, w) == GSL_SUCCESS);
    es_run(y, n, a, b, phi, gsl_vector_get(c, 0), damped ? gsl_vector_get(c, 1) : 0, fc);
    double sse = 0;
    for (size_t t = 0; t < n; t++)
        sse += (y[t] - fc[t]) * (y[t] - fc[t]);
    gsl_multifit_linear_free(w);
    gsl_matrix_free(X);
    gsl_matrix_free(cov);
    gsl_vector_free(r);
    gsl_vector_free(c);
    free(f0);
    return sse;
}

static void test_es_oracle(gsl_rng *rng)
{
    enum { N = 120 };
    double y[N];
    for (int series = 0; series < 2; series++) {
        double level = 50, slope = series ? 0.8 : 0;
        for (size_t t = 0; t < N; t++) {
            slope = 0.95 * slope + gsl_ran_gaussian(rng, series ? 0.05 : 0);
            level += slope + gsl_ran_gaussian(rng, 0.5);
            y[t] = level + gsl_ran_gaussian(rng, 1);
        }
        rw_es_fit fs, fd;
        CHECK(rw_es_fit_series(y, N, 0, &fs) == RW_OK);
        CHECK(rw_es_fit_series(y, N, 1, &fd) == RW_OK);
        /* the reported SSE is the SSE of the reported parameters */
        CHECK_NEAR(oracle_sse(y, N, 0, fs.alpha, 0, 1) / fs.sse, 1, 1e-9);
        CHECK_NEAR(oracle_sse(y, N, 1, fd.alpha, fd.beta, fd.phi) / fd.sse, 1, 1e-9);
        double fc[N];
        es_run(y, N, fd.alpha, fd.beta, fd.phi, fd.l0, fd.b0, fc);
        double l = fc[N - 1] + fd.alpha * (y[N - 1] - fc[N - 1]); /* l_n */
        CHECK_NEAR(fd.level, l, 1e-9 * fabs(l));
        CHECK_NEAR(fd.sigma, sqrt(fd.sse / (N - 5)), 1e-12);
        /* no grid point beats the minimiser */
        double best = HUGE_VAL;
        for (double a = 1e-4; a <= 0.9999; a += 0.001)
            best = fmin(best, oracle_sse(y, N, 0, a, 0, 1));
        CHECK(fs.sse <= best * (1 + 1e-7));
        best = HUGE_VAL;
        for (double a = 0.02; a < 1; a += 0.04)
            for (double bf = 0.05; bf < 1; bf += 0.1)
                for (double phi = 0.8; phi <= 0.98 + 1e-12; phi += 0.02)
                    best = fmin(best, oracle_sse(y, N, 1, a, 1e-4 + (a - 1e-4) * bf, phi));
        if (!(fd.sse <= best * (1 + 1e-7)))
            fprintf(stderr, "damped: fit %.10g grid %.10g\n", fd.sse, best);
        CHECK(fd.sse <= best * (1 + 1e-7));
        /* forecasts and variance factors: the closed forms */
        CHECK_NEAR(rw_es_forecast(&fs, 5), fs.level, 0);
        CHECK_NEAR(rw_es_forecast(&fd, 2), fd.level + (fd.phi + fd.phi * fd.phi) * fd.slope,
                   1e-12 * fabs(fd.level));
        CHECK_NEAR(rw_es_variance_factor(&fs, 4), 1 + 3 * fs.alpha * fs.alpha, 1e-12);
        double c1 = fd.alpha + fd.beta * fd.phi;
        CHECK_NEAR(rw_es_variance_factor(&fd, 2), 1 + c1 * c1, 1e-12);
    }
    CHECK(rw_es_fit_series(y, 2, 0, &(rw_es_fit){0}) == RW_ESHORT);
    CHECK(rw_es_fit_series(y, 5, 1, &(rw_es_fit){0}) == RW_ESHORT);
}

/* Optima on a bound (alpha at 0.9999 for a random walk, at 1e-4 for noise
 * about a constant, phi at either end), where the simplex shrinks slowly
 * in unit()'s flat coordinates and the stall rule (ES_NM_FTOL) may stop
 * the search: SES is within 1e-7 of the SSE minimum over a fine grid of
 * alpha (bounds included); damped Holt beats a fine grid of its three
 * parameters, and a pattern search started at its fit finds nothing 1e-6
 * lower (a stall rule of 1e-3 fails this, by up to 2e-5). */
static void test_es_bound_optima(gsl_rng *rng)
{
    enum { N = 200 };
    double y[N];
    for (int kind = 0; kind < 4; kind++) {
        double level = 100;
        for (size_t t = 0; t < N; t++) {
            if (kind % 2 == 0) level += gsl_ran_gaussian(rng, 2); /* random walk */
            y[t] = level + (kind % 2 ? gsl_ran_gaussian(rng, 2) : 0) + (kind >= 2 ? 0.3 * (double)t : 0);
        }
        rw_es_fit fs, fd;
        CHECK(rw_es_fit_series(y, N, 0, &fs) == RW_OK);
        CHECK(rw_es_fit_series(y, N, 1, &fd) == RW_OK);
        double best = fmin(oracle_sse(y, N, 0, 1e-4, 0, 1), oracle_sse(y, N, 0, 0.9999, 0, 1));
        for (int g = 1; g < 10000; g++) best = fmin(best, oracle_sse(y, N, 0, g * 1e-4, 0, 1));
        if (!(fs.sse <= best * (1 + 1e-7)))
            fprintf(stderr, "kind %d SES: fit %.10g grid %.10g\n", kind, fs.sse, best);
        CHECK(fs.sse <= best * (1 + 1e-7));
        best = HUGE_VAL;
        for (double a = 0.01; a < 1; a += 0.02)
            for (double bf = 0.0; bf <= 1 + 1e-12; bf += 0.05)
                for (double phi = 0.8; phi <= 0.98 + 1e-12; phi += 0.01)
                    best = fmin(best, oracle_sse(y, N, 1, a, 1e-4 + (a - 1e-4) * bf, phi));
        CHECK(fd.sse <= best * (1 + 1e-7));
        /* and a pattern search from the fit, steps of 1e-3 within the
         * bounds, finds nothing lower by 1e-6 */
        double v[3] = {fd.alpha, (fd.beta - 1e-4) / (fd.alpha - 1e-4), fd.phi}, vb = fd.sse;
        const double lo[3] = {1e-4, 0, 0.8}, hi[3] = {0.9999, 1, 0.98};
        for (int moved = 1, it = 0; moved && it < 2000; it++) {
            moved = 0;
            for (int k = 0; k < 6; k++) {
                double u[3] = {v[0], v[1], v[2]};
                u[k / 2] = fmin(hi[k / 2], fmax(lo[k / 2], u[k / 2] + (k % 2 ? 1e-3 : -1e-3)));
                double su = oracle_sse(y, N, 1, u[0], 1e-4 + (u[0] - 1e-4) * u[1], u[2]);
                if (su < vb) {
                    memcpy(v, u, sizeof v);
                    vb = su;
                    moved = 1;
                }
            }
        }
        if (!(fd.sse <= vb * (1 + 1e-6)))
            fprintf(stderr, "kind %d damped: fit/local - 1 = %.3g\n", kind, fd.sse / vb - 1);
        CHECK(fd.sse <= vb * (1 + 1e-6));
    }
}

/* An hourly series of ~900 points with periods 24 and 168 fits and
 * forecasts in a few ms; 10000 points stay fast. */
static void test_speed(gsl_rng *rng)
{
    enum { N = 10000 };
    static double y[N], f[336];
    for (size_t t = 0; t < N; t++)
        y[t] = 100 + daily(t) + weekly(t) + gsl_ran_gaussian(rng, 1);
    rw_seasonality s = {2, {24, 168}};
    size_t sizes[2] = {900, N};
    for (size_t i = 0; i < 2; i++) {
        int reps = i == 0 ? 20 : 2;
        clock_t c0 = clock();
        for (int r = 0; r < reps; r++) {
            void *st = fit_ok(y, sizes[i], &s, NULL);
            CHECK(M->forecast(st, 336, f) == RW_OK);
            M->free(st);
        }
        double ms = 1e3 * (double)(clock() - c0) / CLOCKS_PER_SEC / reps;
        fprintf(stderr, "mstl fit+forecast n=%zu: %.2f ms\n", sizes[i], ms);
        CHECK(ms < (i == 0 ? 500 : 5000)); /* loose: valgrind and sanitizers */
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    M = rw_model_find("mstl");
    CHECK(M != NULL);
    if (!M) CHECK_DONE();
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    test_exact();
    test_trend(rng);
    test_log_mean(rng);
    test_edges();
    test_es_oracle(rng);
    test_es_bound_optima(rng);
    test_speed(rng);
    gsl_rng_free(rng);
    CHECK_DONE();
}
