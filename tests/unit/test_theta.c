/* test_theta.c: the Theta method against hand computation, R's
 * forecast::thetaf reference values, and its documented edge cases. */
#include <stdlib.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "check.h"
#include "describe_json.h"
#include "model/model.h"

static const rw_model_ops *M;

static void *fit_ok(const double *y, size_t n, const rw_seasonality *s)
{
    rw_error err;
    rw_error_clear(&err);
    void *st = NULL;
    rw_status rc = M->fit(y, n, s, NULL, &st, &err);
    if (rc != RW_OK) fprintf(stderr, "fit: %s\n", err.text);
    CHECK(rc == RW_OK && st != NULL);
    return st;
}

static double num(json_t *d, const char *key)
{
    return json_number_value(json_object_get(d, key));
}

/* SES one-step SSE with level l0 and smoothing a (the definition). */
static double ses_sse(const double *y, size_t n, double a, double l0, double *level)
{
    double l = l0, sse = 0;
    for (size_t t = 0; t < n; t++) {
        double e = y[t] - l;
        sse += e * e;
        l += a * e;
    }
    if (level) *level = l;
    return sse;
}

/* A small non-seasonal series by hand: drift is half the least-squares
 * slope (4/7 / 2), alpha and l_0 minimise the SSE (checked against a grid
 * with the optimal l_0 in closed form: the forecasts are affine in l_0),
 * and the forecasts are l_n + d (k - 1 + (1 - (1 - alpha)^n) / alpha).
 * R: thetaf(c(10,12,11,13,12,14,13,15), h = 4) gives alpha 0.5952845,
 * drift 0.2857143, mean 14.70790593 14.99362021 15.2793345 15.56504879. */
static void test_hand(void)
{
    static const double y[8] = {10, 12, 11, 13, 12, 14, 13, 15};
    static const double r_mean[4] = {14.70790593, 14.99362021, 15.2793345, 15.56504879};
    rw_seasonality none = {0, {0}};
    void *st = fit_ok(y, 8, &none);
    json_t *d = describe_json(M, st);
    double alpha = num(d, "alpha"), drift = num(d, "drift"), level = num(d, "level");
    CHECK_STR(json_string_value(json_object_get(d, "form")), "theta");
    CHECK(json_is_false(json_object_get(d, "seasonal")));
    CHECK_NEAR(drift, 2.0 / 7, 1e-12);
    CHECK_NEAR(alpha, 0.5952845, 1e-3);

    /* grid oracle: SSE(a) = min over l0, l0 by least squares */
    double best = HUGE_VAL, best_a = 0;
    for (double a = 1e-4; a <= 0.9999; a += 1e-5) {
        /* forecasts are f0_t + c_t l0 with c_t = (1 - a)^t: l0 by normal equation */
        double num_ = 0, den = 0, c = 1, l = 0;
        for (size_t t = 0; t < 8; t++) {
            double f0 = l;
            num_ += c * (y[t] - f0);
            den += c * c;
            l += a * (y[t] - f0);
            c *= 1 - a;
        }
        double sse = ses_sse(y, 8, a, num_ / den, NULL);
        if (sse < best) {
            best = sse;
            best_a = a;
        }
    }
    CHECK_NEAR(alpha, best_a, 2e-3);
    CHECK_NEAR(num(d, "sigma"), sqrt(best / 6), 1e-5);
    CHECK_NEAR(M->sigma(st), num(d, "sigma"), 0);

    double f[4];
    CHECK(M->forecast(st, 4, f) == RW_OK);
    double a0 = (1 - pow(1 - alpha, 8)) / alpha;
    for (size_t k = 0; k < 4; k++) {
        CHECK_NEAR(f[k], level + drift * ((double)k + a0), 1e-12);
        CHECK_NEAR(f[k], r_mean[k], 1e-4);
    }
    json_decref(d);
    M->free(st);
}

/* A straight line: drift is exactly half its slope, SES tracks the line
 * (alpha at its upper bound), so forecasts rise at half the slope from
 * the last value. */
static void test_line(void)
{
    double y[30], f[10];
    for (size_t t = 0; t < 30; t++)
        y[t] = 3 + 2 * (double)t;
    rw_seasonality s = {1, {7}};
    void *st = fit_ok(y, 30, &s);
    json_t *d = describe_json(M, st);
    CHECK_NEAR(num(d, "drift"), 1, 1e-12);
    CHECK(num(d, "alpha") > 0.999);
    CHECK(json_is_false(json_object_get(d, "seasonal")));
    json_decref(d);
    CHECK(M->forecast(st, 10, f) == RW_OK);
    for (size_t k = 0; k < 10; k++)
        CHECK_NEAR(f[k], y[29] + (double)(k + 1), 2e-3);
    M->free(st);
}

/* R: thetaf(AirPassengers, h = 24)$mean (multiplicative adjustment). */
static void test_airpassengers(void)
{
    static const double ap[144] = {
        112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149,
        170, 170, 158, 133, 114, 140, 145, 150, 178, 163, 172, 178, 199, 199, 184, 162, 146, 166,
        171, 180, 193, 181, 183, 218, 230, 242, 209, 191, 172, 194, 196, 196, 236, 235, 229, 243,
        264, 272, 237, 211, 180, 201, 204, 188, 235, 227, 234, 264, 302, 293, 259, 229, 203, 229,
        242, 233, 267, 269, 270, 315, 364, 347, 312, 274, 237, 278, 284, 277, 317, 313, 318, 374,
        413, 405, 355, 306, 271, 306, 315, 301, 356, 348, 355, 422, 465, 467, 404, 347, 305, 336,
        340, 318, 362, 348, 363, 435, 491, 505, 404, 359, 310, 337, 360, 342, 406, 396, 420, 472,
        548, 559, 463, 407, 362, 405, 417, 391, 419, 461, 472, 535, 622, 606, 508, 461, 390, 432};
    static const double r_mean[24] = {
        440.0781911, 428.3842806, 489.7070987, 475.7046277, 479.6703887, 545.3662722,
        602.7520018, 601.1007631, 523.9514922, 456.6271449, 397.9537347, 447.6449087,
        454.5297689, 442.4134545, 505.7008876, 491.1989269, 495.2515662, 563.033631,
        622.2258225, 620.4690889, 540.7887482, 471.261733,  410.6739073, 461.9153958};
    rw_seasonality s = {1, {12}};
    void *st = fit_ok(ap, 144, &s);
    double f[24];
    CHECK(M->forecast(st, 24, f) == RW_OK);
    for (size_t k = 0; k < 24; k++)
        CHECK_NEAR(f[k] / r_mean[k], 1, 2e-5);
    json_t *d = describe_json(M, st);
    CHECK(json_is_true(json_object_get(d, "seasonal")));
    CHECK(num(d, "period") == 12);
    CHECK_NEAR(num(d, "alpha"), 0.8377521, 1e-3);
    CHECK_NEAR(num(d, "drift"), 1.32307, 1e-5);
    CHECK_NEAR(num(d, "sigma"), sqrt(115.6926), 1e-3);
    json_decref(d);
    M->free(st);
}

/* Seasonality test and its fall-backs; odd data; refusals. */
static void test_edges(gsl_rng *rng)
{
    enum { N = 120 };
    double y[N], f[24];
    rw_seasonality s = {1, {12}};
    rw_error err;
    json_t *d;
    void *st;

    /* white noise: not seasonal */
    for (size_t t = 0; t < N; t++)
        y[t] = 50 + gsl_ran_gaussian(rng, 1);
    st = fit_ok(y, N, &s);
    d = describe_json(M, st);
    CHECK(json_is_false(json_object_get(d, "seasonal")));
    json_decref(d);
    M->free(st);

    /* seasonal but with zeros: no multiplicative adjustment, and a note */
    for (size_t t = 0; t < N; t++)
        y[t] = t % 12 < 6 ? 0 : 10 + gsl_ran_gaussian(rng, 0.1);
    st = fit_ok(y, N, &s);
    d = describe_json(M, st);
    CHECK(json_is_false(json_object_get(d, "seasonal")));
    CHECK(json_string_value(json_object_get(d, "note")) != NULL);
    json_decref(d);
    M->free(st);

    /* positive and seasonal: reseasonalised forecasts follow the pattern */
    for (size_t t = 0; t < N; t++)
        y[t] = (t % 12 < 6 ? 5 : 10) * (1 + 0.001 * (double)t);
    st = fit_ok(y, N, &s);
    CHECK(M->forecast(st, 24, f) == RW_OK);
    for (size_t k = 0; k < 24; k++)
        CHECK_NEAR(f[k] / y[N - 12 + k % 12], 1, 0.03);
    M->free(st);

    /* constant, zero, negative: flat forecasts, zero sigma */
    static const double levels[] = {4, 0, -7.5};
    for (size_t i = 0; i < 3; i++) {
        for (size_t t = 0; t < N; t++)
            y[t] = levels[i];
        st = fit_ok(y, N, &s);
        CHECK(M->forecast(st, 24, f) == RW_OK);
        for (size_t k = 0; k < 24; k++)
            CHECK_NEAR(f[k], levels[i], 1e-9);
        CHECK(M->sigma(st) < 1e-9);
        M->free(st);
    }

    /* refusals */
    void *none = (void *)1;
    rw_error_clear(&err);
    CHECK(M->fit(y, 2, &s, NULL, &none, &err) == RW_ESHORT && strstr(err.text, "observations"));
    CHECK(none == NULL);
    rw_model_opts o = {.variant = "additive"};
    rw_error_clear(&err);
    CHECK(M->fit(y, N, &s, &o, &none, &err) == RW_EINVAL);
    y[3] = INFINITY;
    rw_error_clear(&err);
    CHECK(M->fit(y, N, &s, NULL, &none, &err) == RW_EINVAL && strstr(err.text, "finite"));
    st = fit_ok(y, 3, NULL); /* three points, no seasonality given */
    M->free(st);
    M->free(NULL);
}

/* Sample paths: mean -> forecast, variance -> sigma^2 (1 + (k-1) alpha^2). */
static void test_simulate(gsl_rng *rng)
{
    enum { N = 200, H = 12, R = 20000 };
    double y[N], f[H], p[H], sum[H] = {0}, sum2[H] = {0};
    double l = 20;
    for (size_t t = 0; t < N; t++) {
        l += 0.1 + gsl_ran_gaussian(rng, 0.5);
        y[t] = l + gsl_ran_gaussian(rng, 1);
    }
    rw_seasonality none = {0, {0}};
    void *st = fit_ok(y, N, &none);
    CHECK(M->forecast(st, H, f) == RW_OK);
    for (size_t r = 0; r < R; r++) {
        CHECK(M->simulate(st, H, rng, p) == RW_OK);
        for (size_t k = 0; k < H; k++) {
            sum[k] += p[k];
            sum2[k] += p[k] * p[k];
        }
    }
    json_t *d = describe_json(M, st);
    double a = num(d, "alpha"), sig = M->sigma(st);
    json_decref(d);
    for (size_t k = 0; k < H; k++) {
        double v = sig * sig * (1 + (double)k * a * a);
        double mean = sum[k] / R, var = sum2[k] / R - mean * mean;
        CHECK_NEAR(mean, f[k], 4 * sqrt(v / R));
        CHECK_NEAR(var / v, 1, 0.05);
    }
    M->free(st);
}

int main(void)
{
    gsl_set_error_handler_off();
    M = rw_model_find("theta");
    CHECK(M != NULL);
    if (!M) CHECK_DONE();
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    test_hand();
    test_line();
    test_airpassengers();
    test_edges(rng);
    test_simulate(rng);
    gsl_rng_free(rng);
    CHECK_DONE();
}
