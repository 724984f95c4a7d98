/* test_trend.c: the Prophet-like trend model against closed forms, a naive
 * normal-equations oracle for its regularised solver, known calendar
 * effects, interval coverage on data simulated from the model, and
 * degenerate inputs. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include "check.h"
#include "describe_json.h"
#include "model/model.h"
#include "model/trend.h"
#include "util/timeutil.h"

static const rw_model_ops *M;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Fits y, forecasts h steps into f; returns the state (caller frees). */
static void *fit_forecast(const double *y, size_t n, const rw_seasonality *s, const char *variant,
                          size_t h, double *f)
{
    rw_error err;
    rw_error_clear(&err);
    rw_model_opts o = {.variant = variant};
    void *st = NULL;
    rw_status rs = M->fit(y, n, s, &o, &st, &err);
    if (rs != RW_OK) fprintf(stderr, "fit: %s\n", err.text);
    CHECK(rs == RW_OK && st);
    if (!st) return NULL;
    CHECK(M->forecast(st, h, f) == RW_OK);
    return st;
}

static double rel_err(double a, double b)
{
    return fabs(a - b) / fmax(1.0, fabs(b));
}

/* An exactly linear series is forecast exactly, with and without a
 * (then empty) seasonal part, in both lambda selections. */
static void test_linear(void)
{
    enum { N = 120, H = 40 };
    double y[N], f[H];
    for (int t = 0; t < N; t++) y[t] = 3.0 + 0.5 * t;
    rw_seasonality none = {0, {0}}, week = {1, {7}};
    const char *variants[] = {NULL, "gcv"};
    for (int v = 0; v < 2; v++)
        for (int k = 0; k < 2; k++) {
            void *st = fit_forecast(y, N, k ? &week : &none, variants[v], H, f);
            if (!st) continue;
            double worst = 0;
            for (int h = 0; h < H; h++) worst = fmax(worst, rel_err(f[h], 3.0 + 0.5 * (N + h)));
            CHECK(worst < 1e-6);
            CHECK(M->sigma(st) < 1e-8);
            M->free(st);
        }
}

/* Linear trend + exact Fourier seasonality (hourly, periods 24 and 168)
 * and linear + an arbitrary weekly profile (daily, period 7: 3 harmonics
 * and the mean span every profile) are forecast exactly. */
static void test_linear_fourier(void)
{
    enum { N = 900, H = 336 };
    static double y[N], f[H];
    rw_seasonality hourly = {2, {24, 168}};
    for (int t = 0; t < N + H; t++) {
        double v = 50 + 0.1 * t + 10 * sin(2 * M_PI * t / 24) + 3 * cos(4 * M_PI * t / 24) +
                   5 * sin(2 * M_PI * t / 168) - 2 * cos(6 * M_PI * t / 168);
        if (t < N) y[t] = v;
        else f[t - N] = v;
    }
    double want[H];
    memcpy(want, f, sizeof want);
    const char *variants[] = {NULL, "gcv"};
    for (int v = 0; v < 2; v++) {
        void *st = fit_forecast(y, N, &hourly, variants[v], H, f);
        if (!st) continue;
        double worst = 0;
        for (int h = 0; h < H; h++) worst = fmax(worst, rel_err(f[h], want[h]));
        CHECK(worst < 1e-6);
        json_t *d = describe_json(M, st);
        CHECK(d && json_integer_value(json_object_get(json_object_get(d, "harmonics"), "24")) == 10);
        CHECK(d && json_integer_value(json_object_get(json_object_get(d, "harmonics"), "168")) == 5);
        CHECK(d && json_is_false(json_object_get(d, "log")));
        CHECK(d && json_array_size(json_object_get(d, "changepoints")) == 0);
        json_decref(d);
        M->free(st);
    }

    static const double prof[7] = {5, -3, 8, 0, 1, -20, 9};
    double yd[200], fd[30];
    for (int t = 0; t < 200; t++) yd[t] = 100 - 0.3 * t + prof[t % 7];
    rw_seasonality week = {1, {7}};
    void *st = fit_forecast(yd, 200, &week, NULL, 30, fd);
    if (st) {
        for (int h = 0; h < 30; h++) CHECK(rel_err(fd[h], 100 - 0.3 * (200 + h) + prof[(200 + h) % 7]) < 1e-6);
        M->free(st);
    }
}

/* The log variant reproduces exp(linear + Fourier) exactly. */
static void test_log_exact(void)
{
    enum { N = 400, H = 60 };
    double y[N], f[H];
    rw_seasonality week = {1, {7}};
    for (int t = 0; t < N; t++) y[t] = exp(2 + 0.004 * t + 0.3 * sin(2 * M_PI * t / 7));
    void *st = fit_forecast(y, N, &week, "log", H, f);
    if (!st) return;
    for (int h = 0; h < H; h++) {
        int t = N + h;
        CHECK(rel_err(f[h], exp(2 + 0.004 * t + 0.3 * sin(2 * M_PI * t / 7))) < 1e-6);
    }
    json_t *d = describe_json(M, st);
    CHECK(d && json_is_true(json_object_get(d, "log")));
    json_decref(d);
    M->free(st);
}

/* One slope change at a known point: the deltas concentrate around it, and
 * the forecast follows the new slope. */
static void test_slope_change(void)
{
    enum { N = 300, H = 50, T0 = 140 };
    double y[N], f[H];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 7);
    for (int t = 0; t < N; t++)
        y[t] = 10 + 0.2 * t + (t > T0 ? 0.6 * (t - T0) : 0) + gsl_ran_gaussian(rng, 1.0);
    const char *variants[] = {NULL, "gcv"};
    for (int v = 0; v < 2; v++) {
        void *st = fit_forecast(y, N, NULL, variants[v], H, f);
        if (!st) continue;
        /* forecast slope: 0.8 per step */
        double slope = (f[H - 1] - f[0]) / (H - 1);
        CHECK_NEAR(slope, 0.8, 0.04);
        CHECK_NEAR(f[0], 10 + 0.2 * N + 0.6 * (N - T0), 2.0);
        json_t *d = describe_json(M, st);
        json_t *cps = json_object_get(d, "changepoints");
        double near = 0, far = 0;
        for (size_t i = 0; i < json_array_size(cps); i++) {
            json_t *c = json_array_get(cps, i);
            double idx = (double)json_integer_value(json_object_get(c, "index"));
            double dl = json_real_value(json_object_get(c, "delta"));
            if (fabs(idx - T0) <= 25) near += dl;
            else far += fabs(dl);
        }
        fprintf(stderr, "slope change: near %.3f far %.3f slope %.4f\n", near, far, slope);
        CHECK_NEAR(near, 0.6, 0.1);
        if (v == 0) CHECK(far < 0.25 * near); /* GCV under-smooths here */
        CHECK_NEAR(json_real_value(json_object_get(d, "slope")), 0.8, 0.04);
        json_decref(d);
        M->free(st);
    }
    gsl_rng_free(rng);
}

/* The regularised solve against the normal equations
 * (X'X + lambda^2 D) c = X'y solved by Cholesky, on random designs. */
static void test_oracle(void)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 11);
    const size_t n = 80, p = 15;
    for (int rep = 0; rep < 6; rep++) {
        size_t q = (size_t)(rep % 3); /* 0, 1, 2 free columns */
        double lambda = rep < 3 ? 0.3 : 2.5;
        gsl_matrix *X = gsl_matrix_alloc(n, p), *XtX = gsl_matrix_alloc(p, p);
        gsl_vector *y = gsl_vector_alloc(n), *pen = gsl_vector_alloc(p - q);
        gsl_vector *c = gsl_vector_alloc(p), *b = gsl_vector_alloc(p);
        for (size_t i = 0; i < n; i++) {
            for (size_t j = 0; j < p; j++) gsl_matrix_set(X, i, j, gsl_ran_gaussian(rng, 1.0));
            gsl_vector_set(y, i, gsl_ran_gaussian(rng, 3.0));
        }
        for (size_t j = 0; j < p - q; j++) gsl_vector_set(pen, j, 0.2 + 3 * gsl_rng_uniform(rng));
        rw_error err;
        rw_error_clear(&err);
        CHECK(rw_trend_ridge_solve(X, y, q, pen, lambda, c, &err) == RW_OK);
        /* oracle */
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, X, 0.0, XtX);
        for (size_t j = q; j < p; j++) {
            double l = gsl_vector_get(pen, j - q);
            *gsl_matrix_ptr(XtX, j, j) += lambda * lambda * l * l;
        }
        gsl_blas_dgemv(CblasTrans, 1.0, X, y, 0.0, b);
        CHECK(gsl_linalg_cholesky_decomp1(XtX) == 0);
        CHECK(gsl_linalg_cholesky_svx(XtX, b) == 0);
        double cmax = 0, diff = 0;
        for (size_t j = 0; j < p; j++) {
            cmax = fmax(cmax, fabs(gsl_vector_get(b, j)));
            diff = fmax(diff, fabs(gsl_vector_get(b, j) - gsl_vector_get(c, j)));
        }
        CHECK(diff <= 1e-8 * cmax);
        gsl_matrix_free(X);
        gsl_matrix_free(XtX);
        gsl_vector_free(y);
        gsl_vector_free(pen);
        gsl_vector_free(c);
        gsl_vector_free(b);
    }
    /* Bad arguments. */
    gsl_matrix *X = gsl_matrix_calloc(5, 3);
    gsl_vector *y = gsl_vector_calloc(5), *pen = gsl_vector_calloc(2), *c = gsl_vector_calloc(3);
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_trend_ridge_solve(X, y, 1, pen, 1.0, c, &err) == RW_EINVAL); /* pen 0 */
    gsl_vector_set_all(pen, 1.0);
    CHECK(rw_trend_ridge_solve(X, y, 2, pen, 1.0, c, &err) == RW_EINVAL); /* size */
    rw_error_clear(&err);
    CHECK(rw_trend_ridge_solve(X, y, 1, pen, 1.0, c, &err) == RW_ENUMERIC); /* rank */
    gsl_matrix_free(X);
    gsl_vector_free(y);
    gsl_vector_free(pen);
    gsl_vector_free(c);
    gsl_rng_free(rng);
}

/* rw_trend_qr_decomp writes GSL's QR factors bit for bit: tall and square
 * matrices, a zero column (no reflection) and zero entries; it refuses
 * wide matrices and a tau of the wrong size or stride. */
static void test_qr_bits(void)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 5);
    const size_t dims[][2] = {{60, 15}, {9, 9}, {200, 38}, {1, 1}, {4, 1}};
    for (size_t d = 0; d < sizeof dims / sizeof *dims; d++) {
        size_t R = dims[d][0], N = dims[d][1], K = R < N ? R : N;
        gsl_matrix *A = gsl_matrix_alloc(R, N), *B = gsl_matrix_alloc(R, N);
        gsl_vector *ta = gsl_vector_alloc(K), *tb = gsl_vector_alloc(K);
        for (size_t i = 0; i < R; i++)
            for (size_t j = 0; j < N; j++)
                gsl_matrix_set(A, i, j, (i + j) % 5 == 0 ? 0.0 : gsl_ran_gaussian(rng, 1.0));
        if (N > 3)
            for (size_t i = 0; i < R; i++) gsl_matrix_set(A, i, 2, 0.0);
        gsl_matrix_memcpy(B, A);
        CHECK(rw_trend_qr_decomp(A, ta) == RW_OK);
        CHECK(gsl_linalg_QR_decomp(B, tb) == 0);
        CHECK(memcmp(A->data, B->data, R * N * sizeof *A->data) == 0);
        CHECK(memcmp(ta->data, tb->data, K * sizeof *ta->data) == 0);
        gsl_matrix_free(A);
        gsl_matrix_free(B);
        gsl_vector_free(ta);
        gsl_vector_free(tb);
    }
    gsl_matrix *A = gsl_matrix_calloc(5, 3), *W = gsl_matrix_calloc(2, 3);
    gsl_vector *t2 = gsl_vector_calloc(2), *t6 = gsl_vector_calloc(6);
    gsl_vector_view strided = gsl_vector_subvector_with_stride(t6, 0, 2, 3);
    CHECK(rw_trend_qr_decomp(A, t2) == RW_EINVAL);
    CHECK(rw_trend_qr_decomp(A, &strided.vector) == RW_EINVAL);
    CHECK(rw_trend_qr_decomp(W, t2) == RW_EINVAL);
    gsl_matrix_free(A);
    gsl_matrix_free(W);
    gsl_vector_free(t2);
    gsl_vector_free(t6);
    gsl_rng_free(rng);
}

/* A +100 fee on the 1st of each month of daily data is recovered. */
static void test_month_start(void)
{
    enum { N = 730, H = 90 };
    double y[N], f[H];
    int64_t t0 = (int64_t)rw_days_from_civil(2022, 3, 17) * RW_DAY;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 3);
    static const double prof[7] = {4, 6, 5, 5, 3, -10, -13};
    for (int t = 0; t < N; t++) {
        int64_t yy;
        int mm, dd;
        rw_civil_from_days(t0 / RW_DAY + t, &yy, &mm, &dd);
        y[t] = 200 + 0.05 * t + prof[t % 7] + (dd == 1 ? 100 : 0) + gsl_ran_gaussian(rng, 2.0);
    }
    rw_seasonality week = {1, {7}};
    rw_error err;
    rw_error_clear(&err);
    void *st = NULL;
    CHECK(rw_trend_fit_calendar(y, N, &week, t0, RW_DAY, NULL, &st, &err) == RW_OK);
    if (st) {
        json_t *d = describe_json(M, st);
        json_t *cal = json_object_get(d, "calendar");
        CHECK(cal != NULL);
        CHECK_NEAR(json_real_value(json_object_get(cal, "month_start")), 100, 3);
        CHECK(json_integer_value(json_object_get(cal, "occurrences")) == 24);
        json_decref(d);
        CHECK(M->forecast(st, H, f) == RW_OK);
        for (int h = 0; h < H; h++) {
            int t = N + h;
            int64_t yy;
            int mm, dd;
            rw_civil_from_days(t0 / RW_DAY + t, &yy, &mm, &dd);
            double want = 200 + 0.05 * t + prof[t % 7] + (dd == 1 ? 100 : 0);
            CHECK_NEAR(f[h], want, 4);
        }
        M->free(st);
    }
    /* The "log" variant sees the fee as a multiplicative effect. */
    rw_model_opts o = {.variant = "log,dom1"};
    CHECK(rw_trend_fit_calendar(y, N, &week, t0, RW_DAY, &o, &st, &err) == RW_OK);
    if (st) {
        json_t *d = describe_json(M, st);
        double eff = json_real_value(json_object_get(json_object_get(d, "calendar"), "month_start"));
        CHECK(eff > log(1.3) && eff < log(1.6));
        json_decref(d);
        M->free(st);
    }
    /* Without timestamps "dom1" is refused; weekly steps get no dummy; a bad step fails. */
    CHECK(M->fit(y, N, &week, &o, &st, &err) == RW_EINVAL && strstr(err.text, "timestamps"));
    CHECK(st == NULL);
    rw_error_clear(&err);
    CHECK(rw_trend_fit_calendar(y, 100, NULL, t0, 7 * RW_DAY, NULL, &st, &err) == RW_OK);
    if (st) {
        json_t *d = describe_json(M, st);
        CHECK(json_object_get(d, "calendar") == NULL);
        json_decref(d);
        M->free(st);
    }
    CHECK(rw_trend_fit_calendar(y, 100, NULL, t0, 0, NULL, &st, &err) == RW_EINVAL);
    /* Hourly steps: the dummy covers the 24 hours of each 1st. */
    enum { NH = 24 * 75 };
    static double yh[NH];
    int64_t h0 = (int64_t)rw_days_from_civil(2023, 1, 1) * RW_DAY;
    for (int t = 0; t < NH; t++) {
        int64_t yy;
        int mm, dd;
        rw_civil_from_days((h0 + (int64_t)t * RW_HOUR) / RW_DAY, &yy, &mm, &dd);
        yh[t] = 10 + 3 * sin(2 * M_PI * t / 24) + (dd == 1 ? 5 : 0);
    }
    rw_seasonality daily = {1, {24}};
    rw_error_clear(&err);
    CHECK(rw_trend_fit_calendar(yh, NH, &daily, h0, RW_HOUR, NULL, &st, &err) == RW_OK);
    if (st) {
        json_t *d = describe_json(M, st);
        CHECK_NEAR(json_real_value(json_object_get(json_object_get(d, "calendar"), "month_start")), 5, 1e-6);
        json_decref(d);
        M->free(st);
    }
    gsl_rng_free(rng);
}

/* Quantile q of x[0..n) (sorts x). */
static double quantile(double *x, size_t n, double q)
{
    gsl_sort(x, 1, n);
    return gsl_stats_quantile_from_sorted_data(x, 1, n, q);
}

/* Data simulated from the model: a trend whose slope changes by Laplace
 * deltas at the model's potential changepoints (first 80% of the history)
 * and, in the future, at Prophet's rate (S = 25 per history length), with a
 * Laplace scale matching the default prior (sd 0.05 of the scaled series
 * per unit of scaled time); weekly Fourier terms; Gaussian noise. The 95%
 * simulated intervals must cover 90-99% of the truth (pooled over 200
 * seeded replications and horizons 1..28). */
static void test_coverage(void)
{
    enum { N = 250, H = 28, REPS = 200, PATHS = 400, S = 25 };
    gsl_rng *gen = gsl_rng_alloc(gsl_rng_mt19937), *sim = gsl_rng_alloc(gsl_rng_mt19937);
    double y[N + H], f[H];
    static double paths[H][PATHS];
    size_t hit = 0, total = 0;
    rw_seasonality week = {1, {7}};
    size_t hist = (size_t)(0.8 * N);
    for (int rep = 0; rep < REPS; rep++) {
        gsl_rng_set(gen, 1000 + (unsigned long)rep);
        gsl_rng_set(sim, 5000 + (unsigned long)rep);
        double slope = gsl_ran_gaussian(gen, 0.05), level = 20, a1 = gsl_ran_gaussian(gen, 2),
               b1 = gsl_ran_gaussian(gen, 2);
        /* Laplace scale b: sd b*sqrt(2) = 0.05 * scale / (N - 1) per step,
         * with scale ~ 30 (max |y|) */
        double b = 0.05 / sqrt(2.0) * 30 / (N - 1);
        size_t next = 1;
        for (int t = 0; t < N + H; t++) {
            if (next <= S && (size_t)t == (size_t)lround((double)next * (double)(hist - 1) / S) + 1) {
                slope += gsl_ran_laplace(gen, b);
                next++;
            }
            if (t >= N && gsl_rng_uniform(gen) < (double)S / (N - 1)) slope += gsl_ran_laplace(gen, b);
            level += slope;
            y[t] = level + a1 * sin(2 * M_PI * t / 7) + b1 * cos(2 * M_PI * t / 7) +
                   gsl_ran_gaussian(gen, 1.0);
        }
        rw_error err;
        rw_error_clear(&err);
        void *st = NULL;
        if (M->fit(y, N, &week, NULL, &st, &err) != RW_OK) {
            CHECK(0);
            continue;
        }
        CHECK(M->forecast(st, H, f) == RW_OK);
        for (int p = 0; p < PATHS; p++) {
            double path[H];
            CHECK(M->simulate(st, H, sim, path) == RW_OK);
            for (int h = 0; h < H; h++) paths[h][p] = path[h];
        }
        for (int h = 0; h < H; h++) {
            double lo = quantile(paths[h], PATHS, 0.025), hi = quantile(paths[h], PATHS, 0.975);
            hit += y[N + h] >= lo && y[N + h] <= hi;
            total++;
        }
        M->free(st);
    }
    double cov = (double)hit / (double)total;
    fprintf(stderr, "coverage of 95%% intervals: %.4f\n", cov);
    CHECK(cov >= 0.90 && cov <= 0.99);
    gsl_rng_free(gen);
    gsl_rng_free(sim);
}

/* Degenerate inputs and refusals. */
static void test_robust(void)
{
    enum { N = 60, H = 10 };
    double y[N], f[H];
    rw_seasonality week = {1, {7}};
    for (int t = 0; t < N; t++) y[t] = 42.5;
    void *st = fit_forecast(y, N, &week, NULL, H, f);
    if (st) {
        for (int h = 0; h < H; h++) CHECK(rel_err(f[h], 42.5) < 1e-9);
        CHECK(M->sigma(st) < 1e-9);
        gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
        double p[H];
        CHECK(M->simulate(st, H, rng, p) == RW_OK);
        for (int h = 0; h < H; h++) CHECK(rel_err(p[h], 42.5) < 1e-9);
        gsl_rng_free(rng);
        M->free(st);
    }
    for (int t = 0; t < N; t++) y[t] = 0;
    st = fit_forecast(y, N, &week, "gcv", H, f);
    if (st) {
        for (int h = 0; h < H; h++) CHECK(f[h] == 0);
        json_t *d = describe_json(M, st);
        CHECK(d != NULL);
        json_decref(d);
        M->free(st);
    }
    for (int t = 0; t < N; t++) y[t] = -1000 - 2.0 * t + (t % 7 == 3 ? -50 : 0);
    st = fit_forecast(y, N, &week, NULL, H, f);
    if (st) {
        for (int h = 0; h < H; h++)
            CHECK(rel_err(f[h], -1000 - 2.0 * (N + h) + ((N + h) % 7 == 3 ? -50 : 0)) < 1e-6);
        M->free(st);
    }
    rw_error err;
    rw_error_clear(&err);
    rw_model_opts lg = {.variant = "log"};
    CHECK(M->fit(y, N, NULL, &lg, &st, &err) == RW_EINVAL && strstr(err.text, "positive"));
    rw_error_clear(&err);
    rw_model_opts bad = {.variant = "log,xyz"};
    CHECK(M->fit(y, N, NULL, &bad, &st, &err) == RW_EINVAL && strstr(err.text, "variant"));
    rw_error_clear(&err);
    CHECK(M->fit(y, 3, NULL, NULL, &st, &err) == RW_ESHORT && strstr(err.text, "at least 4"));
    CHECK(st == NULL);
    rw_error_clear(&err);
    double nan_y[5] = {1, 2, NAN, 4, 5};
    CHECK(M->fit(nan_y, 5, NULL, NULL, &st, &err) == RW_EINVAL);
    /* Short series: the smallest accepted, and periods longer than half the
     * history are dropped (0 harmonics) instead of failing. */
    double s4[4] = {1, 2, 4, 8}, f4[3];
    rw_seasonality longp = {2, {7, 30}};
    for (size_t n = 4; n <= 14; n++) {
        double yy[14];
        for (size_t t = 0; t < n; t++) yy[t] = (double)(t * t % 5);
        st = fit_forecast(yy, n, &longp, NULL, 3, f4);
        if (st) {
            for (int h = 0; h < 3; h++) CHECK(isfinite(f4[h]));
            M->free(st);
        }
    }
    st = fit_forecast(s4, 4, &longp, NULL, 3, f4);
    if (st) {
        json_t *d = describe_json(M, st);
        CHECK(json_integer_value(json_object_get(json_object_get(d, "harmonics"), "30")) == 0);
        json_decref(d);
        M->free(st);
    }
    CHECK(rw_trend_default_harmonics(7, 100) == 3);
    CHECK(rw_trend_default_harmonics(24, 900) == 10);
    CHECK(rw_trend_default_harmonics(168, 900) == 5);
    CHECK(rw_trend_default_harmonics(365.25, 1000) == 10);
    CHECK(rw_trend_default_harmonics(52.18, 200) == 10);
    CHECK(rw_trend_default_harmonics(12, 60) == 5);
    CHECK(rw_trend_default_harmonics(168, 300) == 0);
    CHECK(rw_trend_default_harmonics(2, 300) == 0);
}

/* Same seed, same path; the simulated mean tracks the forecast. */
static void test_simulate(void)
{
    enum { N = 200, H = 20, PATHS = 4000 };
    double y[N], f[H], p1[H], p2[H], mean[H] = {0};
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 5);
    for (int t = 0; t < N; t++) y[t] = 30 + 0.1 * t + 4 * sin(2 * M_PI * t / 7) + gsl_ran_gaussian(rng, 2);
    rw_seasonality week = {1, {7}};
    void *st = fit_forecast(y, N, &week, NULL, H, f);
    if (st) {
        gsl_rng_set(rng, 9);
        CHECK(M->simulate(st, H, rng, p1) == RW_OK);
        gsl_rng_set(rng, 9);
        CHECK(M->simulate(st, H, rng, p2) == RW_OK);
        CHECK(memcmp(p1, p2, sizeof p1) == 0);
        for (int r = 0; r < PATHS; r++) {
            CHECK(M->simulate(st, H, rng, p1) == RW_OK);
            for (int h = 0; h < H; h++) mean[h] += p1[h] / PATHS;
        }
        double sig = M->sigma(st);
        CHECK(sig > 1.6 && sig < 2.4);
        for (int h = 0; h < H; h++) CHECK_NEAR(mean[h], f[h], 0.15 * sig);
        M->free(st);
    }
    gsl_rng_free(rng);
}

/* Timing: n = 900 hourly points with periods 24 and 168, and 10000 points. */
static void test_timing(void)
{
    enum { N = 10000, H = 336 };
    static double y[N], f[H];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 1);
    for (int t = 0; t < N; t++)
        y[t] = 100 + 0.01 * t + 20 * sin(2 * M_PI * t / 24) + 7 * cos(2 * M_PI * t / 168) +
               gsl_ran_gaussian(rng, 3);
    rw_seasonality hourly = {2, {24, 168}};
    const int reps = 20;
    double t0 = now_ms();
    for (int r = 0; r < reps; r++) {
        void *st = fit_forecast(y, 900, &hourly, NULL, H, f);
        M->free(st);
    }
    double per = (now_ms() - t0) / reps;
    t0 = now_ms();
    for (int r = 0; r < reps; r++) {
        void *st = fit_forecast(y, 900, &hourly, "gcv", H, f);
        M->free(st);
    }
    double per_gcv = (now_ms() - t0) / reps;
    t0 = now_ms();
    void *st = fit_forecast(y, N, &hourly, NULL, H, f);
    double big = now_ms() - t0;
    if (st) {
        CHECK(M->sigma(st) > 2.7 && M->sigma(st) < 3.3);
        M->free(st);
    }
    fprintf(stderr, "timing: n=900 hourly fit+forecast %.2f ms (gcv %.2f ms); n=10000 %.1f ms\n",
            per, per_gcv, big);
    CHECK(big < 10000); /* generous: valgrind and Debug builds */
    gsl_rng_free(rng);
}

/* The future design rows kept for rw_model_opts.horizon are the rows the
 * model computes without them: forecasts and sample paths (same seed) are
 * bit for bit those of a fit without the hint, for h below, at and past
 * the horizon, in the calendar fit (month-start dummy, weekly harmonics). */
static void test_horizon_rows(void)
{
    enum { N = 200, HMAX = 45 };
    double y[N];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 7);
    int64_t t0 = 1700006400; /* 2023-11-15 00:00 UTC */
    for (int t = 0; t < N; t++) {
        int64_t days = t0 / RW_DAY + t, yy;
        int mm, dd;
        rw_civil_from_days(days, &yy, &mm, &dd);
        y[t] = 50 + 0.1 * t + 5 * sin(2 * M_PI * t / 7) + (dd == 1 ? 30 : 0) +
               gsl_ran_gaussian(rng, 2);
    }
    rw_seasonality week = {1, {7}};
    const char *variants[] = {NULL, "log"};
    for (int v = 0; v < 2; v++) {
        rw_error err;
        rw_error_clear(&err);
        void *plain = NULL, *hinted = NULL;
        rw_model_opts po = {.variant = variants[v]}, ho = {.variant = variants[v], .horizon = 30};
        CHECK(rw_trend_fit_calendar(y, N, &week, t0, RW_DAY, &po, &plain, &err) == RW_OK);
        CHECK(rw_trend_fit_calendar(y, N, &week, t0, RW_DAY, &ho, &hinted, &err) == RW_OK);
        if (!plain || !hinted) continue;
        const size_t hs[] = {1, 29, 30, 31, HMAX};
        for (size_t i = 0; i < sizeof hs / sizeof *hs; i++) {
            double a[HMAX], b[HMAX];
            CHECK(M->forecast(plain, hs[i], a) == RW_OK);
            CHECK(M->forecast(hinted, hs[i], b) == RW_OK);
            CHECK(memcmp(a, b, hs[i] * sizeof *a) == 0);
            gsl_rng_set(rng, 11 + i);
            CHECK(M->simulate(plain, hs[i], rng, a) == RW_OK);
            gsl_rng_set(rng, 11 + i);
            CHECK(M->simulate(hinted, hs[i], rng, b) == RW_OK);
            CHECK(memcmp(a, b, hs[i] * sizeof *a) == 0);
        }
        M->free(plain);
        M->free(hinted);
    }
    gsl_rng_free(rng);
}

int main(void)
{
    gsl_set_error_handler_off();
    M = rw_model_find("trend");
    CHECK(M && M == &rw_model_trend && strcmp(M->name, "trend") == 0);
    if (!M) CHECK_DONE();
    test_linear();
    test_linear_fourier();
    test_log_exact();
    test_slope_change();
    test_oracle();
    test_qr_bits();
    test_month_start();
    test_robust();
    test_simulate();
    test_horizon_rows();
    test_coverage();
    test_timing();
    CHECK_DONE();
}
