/* test_ets.c: the ETS model: its recursions against hand computations and
 * a naive oracle of HKOS Table 2.3, admissibility against the eigenvalues of
 * the discount matrix, exact forecasts of exact series, simulated interval
 * coverage, automatic selection, and refusals. Seeds are fixed. */
#include <stdlib.h>
#include <time.h>
#include <gsl/gsl_complex_math.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include "check.h"
#include "describe_json.h"
#include "model/ets_internal.h"
#include "model/model.h"

static const rw_model_ops *ets;

static double cpu_seconds(void)
{
    return (double)clock() / CLOCKS_PER_SEC;
}

/* Fits `variant` (NULL: automatic); returns the status, *st the state. */
static rw_status fit(const double *y, size_t n, double period, const char *variant, void **st,
                     rw_error *err)
{
    rw_seasonality s = {period > 0 ? 1 : 0, {period}};
    rw_model_opts o = {.variant = variant};
    rw_error_clear(err);
    *st = NULL;
    return ets->fit(y, n, &s, &o, st, err);
}

/* The fitted form's name from describe(), into out[8]. */
static void form_of(const void *st, char *out)
{
    json_t *d = describe_json(ets, st);
    const char *f = d ? json_string_value(json_object_get(d, "form")) : NULL;
    snprintf(out, 8, "%s", f ? f : "?");
    json_decref(d);
}

/* (1) Hand-computed recursions. */
static void test_hand_recursions(void)
{
    double e[6], x[4], sse, slog;
    /* ANN, alpha = 1/2, l0 = 10 on y = 10 12 11 13 14 13:
     *   yhat 10, e 0, l 10;  yhat 10, e 2, l 11;  yhat 11, e 0, l 11;
     *   yhat 11, e 2, l 12;  yhat 12, e 2, l 13;  yhat 13, e 0, l 13.
     * SSE = 12, final level 13. */
    const double y[6] = {10, 12, 11, 13, 14, 13};
    rw_ets_form ann = {'A', 'N', 'N'};
    rw_ets_params p = {0.5, 0, 0, 1};
    double x0[2] = {10, 0};
    CHECK(rw_ets_filter(&ann, &p, 1, y, 6, x0, e, x, &sse, &slog) == RW_OK);
    const double eann[6] = {0, 2, 0, 2, 2, 0};
    for (int t = 0; t < 6; t++) CHECK_NEAR(e[t], eann[t], 1e-12);
    CHECK_NEAR(x[0], 13, 1e-12);
    CHECK_NEAR(sse, 12, 1e-12);
    CHECK(slog == 0);

    /* AAN, alpha = 1/2, beta = 1/4, l0 = 10, b0 = 1 on y = 10 12 11 13
     * (yhat = l + b; l' = yhat + e/2; b' = b + e/4):
     *   yhat 11,       e -1,      l 21/2,      b 3/4
     *   yhat 45/4,     e 3/4,     l 93/8,      b 15/16
     *   yhat 201/16,   e -25/16,  l 377/32,    b 35/64
     *   yhat 789/64,   e 43/64,   l 1621/128,  b 183/256 */
    rw_ets_form aan = {'A', 'A', 'N'};
    p = (rw_ets_params){0.5, 0.25, 0, 1};
    x0[0] = 10;
    x0[1] = 1;
    CHECK(rw_ets_filter(&aan, &p, 1, y, 4, x0, e, x, &sse, &slog) == RW_OK);
    const double eaan[4] = {-1, 0.75, -25.0 / 16, 43.0 / 64};
    for (int t = 0; t < 4; t++) CHECK_NEAR(e[t], eaan[t], 1e-12);
    CHECK_NEAR(x[0], 1621.0 / 128, 1e-12);
    CHECK_NEAR(x[1], 183.0 / 256, 1e-12);

    /* AAdN, alpha = 1/2, beta = 1/4, phi = 1/2, l0 = 10, b0 = 2 on
     * y = 10 12 11 13 (yhat = l + b/2; l' = yhat + e/2; b' = b/2 + e/4):
     *   yhat 11,         e -1,        l 21/2,         b 3/4
     *   yhat 87/8,       e 9/8,       l 183/16,       b 21/32
     *   yhat 753/64,     e -49/64,    l 1457/128,     b 35/256
     *   yhat 5863/512,   e 793/512,   l 12519/1024,   b 933/2048
     * Forecasts l + (1/2 + ... + 1/2^h) b: h = 1, 2, 3. */
    rw_ets_form adn = {'A', 'D', 'N'};
    p = (rw_ets_params){0.5, 0.25, 0, 0.5};
    x0[0] = 10;
    x0[1] = 2;
    CHECK(rw_ets_filter(&adn, &p, 1, y, 4, x0, e, x, &sse, &slog) == RW_OK);
    const double eadn[4] = {-1, 9.0 / 8, -49.0 / 64, 793.0 / 512};
    for (int t = 0; t < 4; t++) CHECK_NEAR(e[t], eadn[t], 1e-12);
    double l = 12519.0 / 1024, b = 933.0 / 2048, f[3];
    CHECK_NEAR(x[0], l, 1e-12);
    CHECK_NEAR(x[1], b, 1e-12);
    rw_ets_point_forecast(&adn, &p, 1, x, 3, f);
    CHECK_NEAR(f[0], l + 0.5 * b, 1e-12);
    CHECK_NEAR(f[1], l + 0.75 * b, 1e-12);
    CHECK_NEAR(f[2], l + 0.875 * b, 1e-12);

    /* AAA, m = 2, alpha = 1/2, beta = 1/4, gamma = 1/4, l0 = 10, b0 = 1,
     * seasonal states 1 (step 1), -1 (step 2), on y = 12 10 14 12 15
     * (yhat = l + b + s; l' = l + b + e/2; b' = b + e/4; s' = s + e/4):
     *   yhat 12,        e 0,        l 11,         b 1,        s1 1
     *   yhat 11,        e -1,       l 23/2,       b 3/4,      s2 -5/4
     *   yhat 53/4,      e 3/4,      l 101/8,      b 15/16,    s1 19/16
     *   yhat 197/16,    e -5/16,    l 429/32,     b 55/64,    s2 -85/64
     *   yhat 989/64,    e -29/64,   l 1797/128,   b 191/256,  s1 275/256
     * The next step (6) uses s2 = -85/64, then s1 = 275/256. */
    const double ys[5] = {12, 10, 14, 12, 15};
    rw_ets_form aaa = {'A', 'A', 'A'};
    p = (rw_ets_params){0.5, 0.25, 0.25, 1};
    double xs0[4] = {10, 1, 1, -1}, xs[4];
    CHECK(rw_ets_filter(&aaa, &p, 2, ys, 5, xs0, e, xs, &sse, &slog) == RW_OK);
    const double eaaa[5] = {0, -1, 0.75, -5.0 / 16, -29.0 / 64};
    for (int t = 0; t < 5; t++) CHECK_NEAR(e[t], eaaa[t], 1e-12);
    l = 1797.0 / 128;
    b = 191.0 / 256;
    CHECK_NEAR(xs[0], l, 1e-12);
    CHECK_NEAR(xs[1], b, 1e-12);
    CHECK_NEAR(xs[2], -85.0 / 64, 1e-12);
    CHECK_NEAR(xs[3], 275.0 / 256, 1e-12);
    rw_ets_point_forecast(&aaa, &p, 2, xs, 3, f);
    CHECK_NEAR(f[0], l + b - 85.0 / 64, 1e-12);
    CHECK_NEAR(f[1], l + 2 * b + 275.0 / 256, 1e-12);
    CHECK_NEAR(f[2], l + 3 * b - 85.0 / 64, 1e-12);

    /* Additive error with multiplicative season is not run; a
     * multiplicative form meeting yhat <= 0 is undefined. */
    rw_ets_form anm = {'A', 'N', 'M'}, mnn = {'M', 'N', 'N'};
    CHECK(rw_ets_filter(&anm, &p, 2, ys, 5, xs0, e, xs, &sse, &slog) == RW_EINVAL);
    x0[0] = -1;
    CHECK(rw_ets_filter(&mnn, &p, 1, y, 4, x0, e, x, &sse, &slog) == RW_ENUMERIC);
}

/* A naive oracle: HKOS Table 2.3 (multiplicative error) as printed. */
static void oracle_merr(const rw_ets_form *f, const rw_ets_params *p, size_t m, const double *y,
                        size_t n, const double *x0, double *e, double *xn, double *sse,
                        double *slog)
{
    double l = x0[0], b = f->trend == 'N' ? 0 : x0[1], s[16];
    double phi = f->trend == 'D' ? p->phi : 1;
    for (size_t j = 0; j < m; j++) s[j] = f->season == 'N' ? 0 : x0[2 + j];
    *sse = *slog = 0;
    for (size_t t = 0; t < n; t++) {
        double q = f->trend == 'N' ? l : l + phi * b, *sj = &s[t % m];
        double mu = f->season == 'M' ? q * *sj : q + *sj;
        double eps = (y[t] - mu) / mu;
        e[t] = y[t] - mu;
        *sse += eps * eps;
        *slog += log(mu);
        if (f->season == 'A') {
            l = q + p->alpha * mu * eps;
            if (f->trend != 'N') b = phi * b + p->beta * mu * eps;
            *sj += p->gamma * mu * eps;
        } else {
            l = q * (1 + p->alpha * eps);
            if (f->trend != 'N') b = phi * b + p->beta * q * eps;
            if (f->season == 'M') *sj *= 1 + p->gamma * eps;
        }
    }
    xn[0] = l;
    xn[1] = b;
    for (size_t j = 0; j < m && f->season != 'N'; j++) xn[2 + j] = s[(n + j) % m];
}

static void test_merr_oracle(gsl_rng *rng)
{
    const char *forms[] = {"MNN", "MAN", "MAdN", "MNA", "MAA", "MAdA", "MNM", "MAM", "MAdM"};
    enum { N = 60, M = 4 };
    double y[N];
    for (int t = 0; t < N; t++) y[t] = 50 + 10 * sin(t * 1.5708) + gsl_ran_gaussian(rng, 2);
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        rw_ets_form f;
        CHECK(rw_ets_parse_form(forms[i], &f) == RW_OK);
        rw_ets_params p = {0.3, 0.05, 0.2, 0.9};
        double x0[2 + M] = {50, 0.5, 8, 1, -8, -1};
        if (f.season == 'M') {
            x0[2] = 1.2;
            x0[3] = 1.0;
            x0[4] = 0.8;
            x0[5] = 1.0;
        }
        size_t m = f.season == 'N' ? 1 : M;
        double e1[N], e2[N], x1[2 + M], x2[2 + M], sse1, sse2, slog1, slog2;
        CHECK(rw_ets_filter(&f, &p, m, y, N, x0, e1, x1, &sse1, &slog1) == RW_OK);
        oracle_merr(&f, &p, m, y, N, x0, e2, x2, &sse2, &slog2);
        for (int t = 0; t < N; t++) CHECK_NEAR(e1[t], e2[t], 1e-9);
        CHECK_NEAR(sse1, sse2, 1e-10 * sse2);
        CHECK_NEAR(slog1, slog2, 1e-10 * fabs(slog2));
        for (size_t j = 0; j < 2 + (f.season == 'N' ? 0 : m); j++)
            CHECK_NEAR(x1[j], x2[j], 1e-9 * (1 + fabs(x2[j])));
    }
}

/* The search's pass (xn NULL: the sums alone) gives the full pass's sums
 * bit for bit, for every form, and fails where it fails. */
static void test_sums_alone(void)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937); /* its own: the shared one feeds later tests */
    gsl_rng_set(rng, 7);
    const char *forms[] = {"ANN", "AAN", "AAdN", "ANA", "AAA", "AAdA", "MNN", "MAN",
                           "MAdN", "MNA", "MAA", "MAdA", "MNM", "MAM", "MAdM"};
    enum { N = 90, M = 7 };
    double y[N];
    for (int t = 0; t < N; t++) y[t] = 40 + 0.2 * t + 9 * sin(t * 0.9) + gsl_ran_gaussian(rng, 3);
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        rw_ets_form f;
        CHECK(rw_ets_parse_form(forms[i], &f) == RW_OK);
        rw_ets_params p = {0.35, 0.04, 0.15, 0.93};
        double x0[2 + M] = {40, 0.2, 6, 4, -2, -6, -5, 1, 2};
        for (size_t j = 0; f.season == 'M' && j < M; j++) x0[2 + j] = 1 + x0[2 + j] / 40;
        size_t m = f.season == 'N' ? 1 : M;
        double e[N], xn[2 + M], sse1, sse2, slog1, slog2;
        CHECK(rw_ets_filter(&f, &p, m, y, N, x0, e, xn, &sse1, &slog1) == RW_OK);
        CHECK(rw_ets_filter(&f, &p, m, y, N, x0, NULL, NULL, &sse2, &slog2) == RW_OK);
        CHECK(sse1 == sse2 && slog1 == slog2);
        if (f.error == 'M') { /* a one-step forecast below 0: both fail */
            double x1[2 + M];
            memcpy(x1, x0, sizeof x1);
            x1[0] = -50;
            CHECK(rw_ets_filter(&f, &p, m, y, N, x1, e, xn, &sse1, &slog1) == RW_ENUMERIC);
            CHECK(rw_ets_filter(&f, &p, m, y, N, x1, NULL, NULL, &sse2, &slog2) == RW_ENUMERIC);
        }
    }
    gsl_rng_free(rng);
}

/* Simulated paths follow the filter's recursion: filtering a path from the
 * same states gives back the innovations drawn (same generator state). */
static void test_simulate_recursion(void)
{
    const char *forms[] = {"ANN", "AAdN", "AAA", "MNN", "MAdN", "MAA", "MNM", "MAdM"};
    enum { H = 40, M = 4 };
    gsl_rng *a = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(a, 7);
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        rw_ets_form f;
        CHECK(rw_ets_parse_form(forms[i], &f) == RW_OK);
        rw_ets_params p = {0.3, 0.05, 0.2, 0.9};
        double x[2 + M] = {100, 1, 10, -5, 2, -7};
        if (f.season == 'M') {
            x[2] = 1.1;
            x[3] = 0.95;
            x[4] = 1.02;
            x[5] = 0.93;
        }
        size_t m = f.season == 'N' ? 1 : M;
        double sigma = f.error == 'M' ? 0.05 : 4.0, path[H], e[H], xn[2 + M], sse, slog;
        gsl_rng *b = gsl_rng_clone(a);
        rw_ets_simulate(&f, &p, m, x, sigma, H, a, path);
        CHECK(rw_ets_filter(&f, &p, m, path, H, x, e, xn, &sse, &slog) == RW_OK);
        for (int t = 0; t < H; t++) {
            double eps = gsl_ran_gaussian_ziggurat(b, sigma);
            double yhat = path[t] - e[t];
            CHECK_NEAR(f.error == 'M' ? e[t] / yhat : e[t], eps, 1e-9);
        }
        gsl_rng_free(b);
    }
    gsl_rng_free(a);
}

/* Max |eigenvalue| of HKOS's discount matrix D = F - g w' for the additive
 * form f, leaving out the unit eigenvalue of the level/season redundancy.
 * States: level, trend (if any), s_t, s_{t-1}, ..., s_{t-m+1}. */
static double discount_radius(const rw_ets_form *f, const rw_ets_params *p, size_t m)
{
    size_t nt = f->trend != 'N', ns = f->season != 'N' ? m : 0, d = 1 + nt + ns;
    double phi = f->trend == 'D' ? p->phi : 1;
    gsl_matrix *D = gsl_matrix_calloc(d, d);
    double *w = calloc(d, sizeof *w), *g = calloc(d, sizeof *g);
    gsl_matrix_set(D, 0, 0, 1);
    w[0] = 1;
    g[0] = p->alpha;
    if (nt) {
        gsl_matrix_set(D, 0, 1, phi);
        gsl_matrix_set(D, 1, 1, phi);
        w[1] = phi;
        g[1] = p->beta;
    }
    if (ns) {
        size_t s0 = 1 + nt;
        gsl_matrix_set(D, s0, d - 1, 1); /* s_t' = s_{t-m+1} + gamma e */
        for (size_t i = 1; i < m; i++) gsl_matrix_set(D, s0 + i, s0 + i - 1, 1);
        w[d - 1] = 1;
        g[s0] = p->gamma;
    }
    for (size_t i = 0; i < d; i++)
        for (size_t j = 0; j < d; j++)
            gsl_matrix_set(D, i, j, gsl_matrix_get(D, i, j) - g[i] * w[j]);
    gsl_vector_complex *ev = gsl_vector_complex_alloc(d);
    gsl_eigen_nonsymm_workspace *ws = gsl_eigen_nonsymm_alloc(d);
    CHECK(gsl_eigen_nonsymm(D, ev, ws) == GSL_SUCCESS);
    size_t unit = d; /* index of the eigenvalue nearest 1, seasonal forms */
    if (ns) {
        double best = HUGE_VAL;
        for (size_t i = 0; i < d; i++) {
            double dist = gsl_complex_abs(gsl_complex_sub_real(gsl_vector_complex_get(ev, i), 1));
            if (dist < best) {
                best = dist;
                unit = i;
            }
        }
    }
    double r = 0;
    for (size_t i = 0; i < d; i++)
        if (i != unit && gsl_complex_abs(gsl_vector_complex_get(ev, i)) > r)
            r = gsl_complex_abs(gsl_vector_complex_get(ev, i));
    gsl_eigen_nonsymm_free(ws);
    gsl_vector_complex_free(ev);
    gsl_matrix_free(D);
    free(w);
    free(g);
    return r;
}

/* Admissibility (Schur-Cohn on the MA polynomial) against eigenvalues. */
static void test_admissible_oracle(gsl_rng *rng)
{
    const char *forms[] = {"ANN", "AAN", "AAdN", "ANA", "AAA", "AAdA"};
    const size_t ms[] = {4, 7, 12};
    double work[16];
    int yes = 0, no = 0;
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        rw_ets_form f;
        CHECK(rw_ets_parse_form(forms[i], &f) == RW_OK);
        for (size_t k = 0; k < 3; k++) {
            size_t m = f.season == 'N' ? 1 : ms[k];
            for (int r = 0; r < 300; r++) {
                rw_ets_params p = {gsl_ran_flat(rng, -0.3, 2.2), gsl_ran_flat(rng, -0.3, 1.5),
                                   gsl_ran_flat(rng, -0.3, 1.5), gsl_ran_flat(rng, 0.5, 1.0)};
                double rad = discount_radius(&f, &p, m);
                if (fabs(rad - 1) < 1e-6) continue; /* too close to call */
                bool adm = rw_ets_admissible(&f, &p, m, work);
                CHECK(adm == (rad < 1));
                if (adm)
                    yes++;
                else
                    no++;
            }
        }
    }
    CHECK(yes > 300 && no > 300); /* both outcomes exercised */
    /* The usual region's start values are admissible. */
    rw_ets_form aada = {'A', 'D', 'A'};
    rw_ets_params p = {0.01, 0.001, 0.05, 0.98};
    CHECK(rw_ets_admissible(&aada, &p, 12, work));
}

/* A fitted seasonal model is admissible even where the likelihood's
 * optimum within the usual bounds is not: a trend that wanders makes large
 * alpha and beta with small gamma attractive, outside the admissible region
 * for m = 12 (the fit then searches again with the test on). */
static void test_fit_admissible(void)
{
    enum { N = 600, M = 12 };
    double y[N], work[M + 2];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 3);
    const char *forms[] = {"AAA", "AAdA"};
    for (size_t i = 0; i < 2; i++) {
        double l = 100, b = 0;
        for (int t = 0; t < N; t++) {
            b += gsl_ran_gaussian(rng, 0.5);
            l += b + gsl_ran_gaussian(rng, 1);
            y[t] = l + 10 * sin(2 * M_PI * t / M) + gsl_ran_gaussian(rng, 0.2);
        }
        rw_error err;
        void *st;
        CHECK(fit(y, N, M, forms[i], &st, &err) == RW_OK);
        if (!st) continue;
        json_t *d = describe_json(ets, st);
        rw_ets_form f;
        CHECK(rw_ets_parse_form(forms[i], &f) == RW_OK);
        json_t *phi = json_object_get(d, "phi");
        rw_ets_params p = {json_real_value(json_object_get(d, "alpha")),
                           json_real_value(json_object_get(d, "beta")),
                           json_real_value(json_object_get(d, "gamma")),
                           phi ? json_real_value(phi) : 1};
        CHECK(rw_ets_admissible(&f, &p, M, work));
        CHECK(p.alpha > 0.5); /* the trend does wander */
        json_decref(d);
        ets->free(st);
    }
    gsl_rng_free(rng);
}

/* (2) Exact series are forecast exactly. */
static void test_exact(void)
{
    rw_error err;
    void *st;
    double y[120], f[30];
    char form[8];
    /* Linear: automatic selection and AAN. */
    for (int t = 0; t < 60; t++) y[t] = 5 + 0.5 * t;
    const char *lin[] = {NULL, "AAN"};
    for (int v = 0; v < 2; v++) {
        CHECK(fit(y, 60, 0, lin[v], &st, &err) == RW_OK);
        if (!st) continue;
        CHECK(ets->forecast(st, 30, f) == RW_OK);
        for (int k = 0; k < 30; k++) CHECK_NEAR(f[k], 5 + 0.5 * (60 + k), 1e-6 * (5 + 0.5 * (60 + k)));
        form_of(st, form);
        CHECK(form[1] == 'A' && form[2] != 'd'); /* a linear trend, undamped */
        ets->free(st);
    }
    /* Periodic (m = 7): ANA and AAA; periodic plus linear: AAA. */
    const double pat[7] = {3, -1, 4, -1, -5, 9, -9};
    for (int t = 0; t < 70; t++) y[t] = 100 + pat[t % 7];
    const char *per[] = {"ANA", "AAA"};
    for (int v = 0; v < 2; v++) {
        CHECK(fit(y, 70, 7, per[v], &st, &err) == RW_OK);
        if (!st) continue;
        CHECK(ets->forecast(st, 30, f) == RW_OK);
        for (int k = 0; k < 30; k++) CHECK_NEAR(f[k], 100 + pat[(70 + k) % 7], 1e-6 * 100);
        ets->free(st);
    }
    for (int t = 0; t < 70; t++) y[t] = 100 + 2.0 * t + pat[t % 7];
    CHECK(fit(y, 70, 7, "AAA", &st, &err) == RW_OK);
    if (st) {
        CHECK(ets->forecast(st, 30, f) == RW_OK);
        for (int k = 0; k < 30; k++) {
            double truth = 100 + 2.0 * (70 + k) + pat[(70 + k) % 7];
            CHECK_NEAR(f[k], truth, 1e-6 * truth);
        }
        ets->free(st);
    }
}

/* (3) 95% intervals from simulated paths of a fitted ANN cover the truth:
 * 200 replications, coverage pooled over horizons 1..10 (its own generator,
 * so other tests do not move it). */
static void test_coverage(void)
{
    enum { N = 300, H = 10, PATHS = 2000, REPS = 200 };
    double y[N + H], paths[H][PATHS], path[H];
    int covered = 0, total = 0;
    rw_error err;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 1);
    for (int rep = 0; rep < REPS; rep++) {
        double l = 50;
        for (int t = 0; t < N + H; t++) { /* ANN: alpha 0.3, sigma 1 */
            double e = gsl_ran_gaussian(rng, 1.0);
            y[t] = l + e;
            l += 0.3 * e;
        }
        void *st;
        CHECK(fit(y, N, 0, "ANN", &st, &err) == RW_OK);
        if (!st) continue;
        for (int r = 0; r < PATHS; r++) {
            CHECK(ets->simulate(st, H, rng, path) == RW_OK);
            for (int k = 0; k < H; k++) paths[k][r] = path[k];
        }
        for (int k = 0; k < H; k++) {
            gsl_sort(paths[k], 1, PATHS);
            double lo = gsl_stats_quantile_from_sorted_data(paths[k], 1, PATHS, 0.025);
            double hi = gsl_stats_quantile_from_sorted_data(paths[k], 1, PATHS, 0.975);
            covered += y[N + k] >= lo && y[N + k] <= hi;
            total++;
        }
        ets->free(st);
    }
    gsl_rng_free(rng);
    double cov = (double)covered / total;
    printf("ets: 95%% interval coverage %.3f over %d forecasts\n", cov, total);
    CHECK(cov >= 0.92 && cov <= 0.98);
}

/* (4) Automatic selection: seasonal on seasonal data, not on noise. */
static void test_selection(gsl_rng *rng)
{
    double y[480];
    rw_error err;
    void *st;
    char form[8];
    for (int t = 0; t < 144; t++) y[t] = 50 + 10 * sin(2 * M_PI * t / 12) + gsl_ran_gaussian(rng, 1);
    CHECK(fit(y, 144, 12, NULL, &st, &err) == RW_OK);
    if (st) {
        form_of(st, form);
        CHECK(form[strlen(form) - 1] != 'N');
        ets->free(st);
    }
    for (int t = 0; t < 480; t++) /* hourly, m = 24, multiplicative shape */
        y[t] = (100 + 0.05 * t) * (1 + 0.3 * sin(2 * M_PI * t / 24)) * (1 + gsl_ran_gaussian(rng, 0.03));
    CHECK(fit(y, 480, 24, NULL, &st, &err) == RW_OK);
    if (st) {
        form_of(st, form);
        CHECK(form[strlen(form) - 1] != 'N');
        ets->free(st);
    }
    for (int t = 0; t < 144; t++) y[t] = 50 + gsl_ran_gaussian(rng, 1);
    CHECK(fit(y, 144, 12, NULL, &st, &err) == RW_OK);
    if (st) {
        form_of(st, form);
        CHECK(form[strlen(form) - 1] == 'N');
        ets->free(st);
    }
}

/* describe(), sigma(), simulate()'s mean. */
static void test_describe_simulate(gsl_rng *rng)
{
    double y[240];
    rw_error err;
    void *st;
    for (int t = 0; t < 240; t++)
        y[t] = (80 + 0.1 * t) * (1 + 0.2 * sin(2 * M_PI * t / 12)) * (1 + gsl_ran_gaussian(rng, 0.02));
    CHECK(fit(y, 240, 12, "AAdA", &st, &err) == RW_OK);
    if (st) {
        json_t *d = describe_json(ets, st);
        CHECK(d != NULL);
        CHECK_STR(json_string_value(json_object_get(d, "form")), "AAdA");
        const char *keys[] = {"alpha", "beta", "gamma", "phi", "sigma", "aicc", "loglik"};
        for (size_t i = 0; i < 7; i++) CHECK(json_is_real(json_object_get(d, keys[i])));
        CHECK(json_integer_value(json_object_get(d, "season")) == 12);
        double phi = json_real_value(json_object_get(d, "phi"));
        double a = json_real_value(json_object_get(d, "alpha"));
        double b = json_real_value(json_object_get(d, "beta"));
        double g = json_real_value(json_object_get(d, "gamma"));
        CHECK(phi >= 0.8 && phi <= 0.98 && a > 0 && a < 1 && b > 0 && b <= a && g > 0 && g <= 1 - a);
        double k = (double)json_integer_value(json_object_get(d, "nparams"));
        CHECK(k == 4 + 2 + 11 + 1);
        double ll = json_real_value(json_object_get(d, "loglik"));
        CHECK_NEAR(json_real_value(json_object_get(d, "aicc")),
                   -2 * ll + 2 * k + 2 * k * (k + 1) / (240 - k - 1), 1e-9 * fabs(ll));
        CHECK(json_array_size(json_object_get(d, "candidates")) == 1);
        /* Additive error: -2 logL = n (log(2 pi SSE/n) + 1), SSE = sigma^2 (n - k + 1). */
        double sg = json_real_value(json_object_get(d, "sigma"));
        double mse = sg * sg * (240 - (k - 1)) / 240;
        CHECK_NEAR(ll, -120 * (log(2 * M_PI * mse) + 1), 1e-9 * fabs(ll));
        CHECK(ets->sigma(st) > 0);
        json_decref(d);
        ets->free(st);
    }
    /* Automatic: every fitted candidate listed; the chosen has the least AICc. */
    CHECK(fit(y, 240, 12, NULL, &st, &err) == RW_OK);
    if (st) {
        json_t *d = describe_json(ets, st), *c = json_object_get(d, "candidates");
        CHECK(json_array_size(c) == 15);
        double best = json_real_value(json_object_get(d, "aicc"));
        for (size_t i = 0; i < json_array_size(c); i++) {
            json_t *a = json_object_get(json_array_get(c, i), "aicc");
            CHECK(json_is_null(a) || json_real_value(a) >= best);
        }
        json_t *nd = describe_json(ets, st);
        CHECK(json_equal(d, nd));
        json_decref(nd);
        json_decref(d);
        /* One step ahead the simulated mean is the point forecast. */
        double f[13], p[13], sum1 = 0, sum13 = 0;
        CHECK(ets->forecast(st, 13, f) == RW_OK);
        enum { R = 4000 };
        for (int r = 0; r < R; r++) {
            CHECK(ets->simulate(st, 13, rng, p) == RW_OK);
            sum1 += p[0];
            sum13 += p[12];
        }
        double sd = ets->sigma(st);
        CHECK_NEAR(sum1 / R, f[0], 4 * sd / sqrt(R));
        CHECK_NEAR(sum13 / R, f[12], 0.05 * fabs(f[12]));
        ets->free(st);
    }
}

/* (5) Robustness: constant, zero, negative, short, long series. */
static void test_robustness(gsl_rng *rng)
{
    rw_error err;
    void *st;
    double y[200], f[10], p[10];
    char form[8];
    for (int t = 0; t < 50; t++) y[t] = 7.0;
    CHECK(fit(y, 50, 12, NULL, &st, &err) == RW_OK);
    if (st) {
        CHECK(ets->forecast(st, 10, f) == RW_OK);
        for (int k = 0; k < 10; k++) CHECK_NEAR(f[k], 7.0, 1e-8);
        CHECK(ets->sigma(st) < 1e-8);
        CHECK(ets->simulate(st, 10, rng, p) == RW_OK);
        CHECK_NEAR(p[9], 7.0, 1e-6);
        json_t *d = describe_json(ets, st);
        CHECK(d && json_is_real(json_object_get(d, "aicc")));
        json_decref(d);
        ets->free(st);
    }
    for (int t = 0; t < 50; t++) y[t] = 0.0;
    CHECK(fit(y, 50, 0, NULL, &st, &err) == RW_OK);
    if (st) {
        CHECK(ets->forecast(st, 10, f) == RW_OK);
        for (int k = 0; k < 10; k++) CHECK(fabs(f[k]) < 1e-8);
        form_of(st, form);
        CHECK(form[0] == 'A');
        ets->free(st);
    }
    /* Negative values: multiplicative forms are left out, or refused. */
    for (int t = 0; t < 120; t++) y[t] = -5 + 3 * sin(2 * M_PI * t / 12) + gsl_ran_gaussian(rng, 0.5);
    CHECK(fit(y, 120, 12, NULL, &st, &err) == RW_OK);
    if (st) {
        form_of(st, form);
        CHECK(form[0] == 'A' && form[strlen(form) - 1] != 'M');
        json_t *d = describe_json(ets, st);
        CHECK(json_array_size(json_object_get(d, "candidates")) == 6);
        json_decref(d);
        ets->free(st);
    }
    CHECK(fit(y, 120, 12, "MNN", &st, &err) == RW_EINVAL && strstr(err.text, "positive"));
    CHECK(fit(y, 120, 12, "MZZ", &st, &err) == RW_EINVAL && st == NULL);
    /* Too short: a clear refusal. */
    CHECK(fit(y, 3, 0, NULL, &st, &err) == RW_ESHORT && strstr(err.text, "observations"));
    CHECK(st == NULL);
    CHECK(fit(y, 5, 0, "ANN", &st, &err) == RW_ESHORT);
    CHECK(fit(y, 6, 0, "ANN", &st, &err) == RW_OK);
    ets->free(st);
    CHECK(fit(y, 20, 12, "ANA", &st, &err) == RW_ESHORT && strstr(err.text, "season"));
    /* Too short for seasons: automatic selection falls back to none. */
    CHECK(fit(y, 20, 12, NULL, &st, &err) == RW_OK);
    if (st) {
        form_of(st, form);
        CHECK(form[strlen(form) - 1] == 'N');
        ets->free(st);
    }
    /* Non-finite input. */
    y[3] = NAN;
    CHECK(fit(y, 50, 0, NULL, &st, &err) == RW_EINVAL);
    ets->free(NULL);

    /* Long: 10000 hourly points, automatic selection. */
    enum { LONG = 10000 };
    double *yl = malloc(LONG * sizeof *yl);
    CHECK(yl != NULL);
    if (!yl) return;
    double lvl = 200;
    for (int t = 0; t < LONG; t++) {
        lvl += gsl_ran_gaussian(rng, 0.5);
        yl[t] = lvl + 30 * sin(2 * M_PI * t / 24) + gsl_ran_gaussian(rng, 3);
    }
    double t0 = cpu_seconds();
    CHECK(fit(yl, LONG, 24, NULL, &st, &err) == RW_OK);
    double secs = cpu_seconds() - t0;
    printf("ets: automatic selection on %d points (m = 24): %.3f s CPU\n", LONG, secs);
#ifdef NDEBUG
    /* optimised builds only (~0.2 s expected); not under valgrind (.ci/valgrind) */
    if (!getenv("RUNWAY_NO_TIMING")) CHECK(secs < 1.0);
#endif
    if (st) {
        form_of(st, form);
        CHECK(form[strlen(form) - 1] != 'N');
        CHECK(ets->forecast(st, 10, f) == RW_OK && isfinite(f[9]));
        ets->free(st);
    }
    free(yl);
}

/* (6) Invalid variants. */
static void test_invalid(void)
{
    double y[100];
    for (int t = 0; t < 100; t++) y[t] = 10 + t % 7;
    rw_error err;
    void *st;
    const char *bad[] = {"", "X", "XYZ", "AMN", "AMdN", "AAM", "ANM", "AAdM", "ANNN",
                         "AAd", "aNN", "AdN", "A N", "ZZ", "ANN,", "ANN,XYZ", ",ANN",
                         "ANN,AAM"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        CHECK(fit(y, 100, 7, bad[i], &st, &err) == RW_EINVAL);
        CHECK(st == NULL && err.text[0] != '\0');
    }
    /* Seasonal form without a period, or with an excessive one. */
    CHECK(fit(y, 100, 0, "ANA", &st, &err) == RW_EINVAL && strstr(err.text, "period"));
    CHECK(fit(y, 100, 200, "ANA", &st, &err) == RW_EINVAL);
    /* Accepted spellings. */
    const char *good[] = {"ANN", "AAdN", "MAdM", "ZZZ", "ZNZ", "MZN", "ANN,MNA", "AAN,ANA,ANN"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        CHECK(fit(y, 100, 7, good[i], &st, &err) == RW_OK);
        ets->free(st);
    }
    /* A list restricts the choice to its forms: the seasonal one wins here. */
    CHECK(fit(y, 100, 7, "ANN,ANA", &st, &err) == RW_OK);
    json_t *d = describe_json(ets, st);
    CHECK_STR(json_string_value(json_object_get(d, "form")), "ANA");
    CHECK(json_array_size(json_object_get(d, "candidates")) == 2);
    json_decref(d);
    ets->free(st);
    rw_ets_form f;
    char name[5];
    CHECK(rw_ets_parse_form("MAdM", &f) == RW_OK && f.trend == 'D');
    rw_ets_form_name(&f, name);
    CHECK_STR(name, "MAdM");
}

/* Least SSE of ANN at smoothing alpha over the initial level: the one-step
 * errors are e0[t] - (1 - alpha)^t l0 (e0: from l0 = 0), so l0 is a
 * one-variable least-squares fit. */
static double ann_sse(const double *y, size_t n, double alpha)
{
    double l = 0, c = 1, sxx = 0, sxy = 0, syy = 0;
    for (size_t t = 0; t < n; t++) {
        double e0 = y[t] - l;
        sxx += c * c;
        sxy += c * e0;
        syy += e0 * e0;
        l += alpha * e0;
        c *= 1 - alpha;
    }
    return syy - sxy * sxy / sxx;
}

/* (12) The search stops where it stops (a round that stalls under 1e-2 of
 * -2 logL is the last) without leaving likelihood behind: ANN's fitted
 * log-likelihood against a brute-force maximum over a fine grid of alpha
 * (in R's bounds) with the initial level solved exactly at each. */
static void test_optimum_brute_force(gsl_rng *rng)
{
    double y[300];
    int worse = 0;
    for (int trial = 0; trial < 12; trial++) {
        size_t n = 60 + (size_t)gsl_rng_uniform_int(rng, 240);
        double alpha = 0.05 + 0.9 * gsl_rng_uniform(rng), l = 100, sd = 1 + 9 * gsl_rng_uniform(rng);
        for (size_t t = 0; t < n; t++) {
            double e = gsl_ran_gaussian(rng, sd);
            y[t] = l + e;
            l += alpha * e;
        }
        double best = INFINITY;
        for (int g = 0; g <= 20000; g++)
            best = fmin(best, ann_sse(y, n, 1e-4 + (0.9999 - 1e-4) * g / 20000.0));
        double ll_ref = -0.5 * (double)n * (log(2 * M_PI * best / (double)n) + 1);
        rw_error err;
        void *st;
        CHECK(fit(y, n, 0, "ANN", &st, &err) == RW_OK);
        if (!st) continue;
        json_t *d = describe_json(ets, st);
        double ll = json_real_value(json_object_get(d, "loglik"));
        /* Within 0.01 of the grid's maximum (the grid may itself fall short
         * of the true one by less than that: the fit may be above it). */
        if (!(ll >= ll_ref - 0.01)) {
            fprintf(stderr, "trial %d: n %zu loglik %.6f, brute force %.6f\n", trial, n, ll, ll_ref);
            worse++;
        }
        json_decref(d);
        ets->free(st);
    }
    CHECK(worse == 0);
}

/* Each candidate form's AICc from describe() into aicc[15] (NAN: not
 * fitted), in the fit's order; returns their number. */
static size_t cand_aicc(const void *st, char forms[][8], double *aicc)
{
    json_t *d = describe_json(ets, st);
    json_t *c = d ? json_object_get(d, "candidates") : NULL;
    size_t k = 0;
    for (size_t i = 0; c && i < json_array_size(c) && k < 15; i++, k++) {
        json_t *o = json_array_get(c, i), *a = json_object_get(o, "aicc");
        snprintf(forms[k], 8, "%s", json_string_value(json_object_get(o, "form")));
        aicc[k] = json_is_real(a) ? json_real_value(a) : NAN;
    }
    json_decref(d);
    return k;
}

/* (13) Warm start (rw_model_opts.warm, as the backtest uses it): at an
 * origin 30 or 60 steps before the end of 16 series, the fit started from
 * the whole-history fit reaches the cold fit's log-likelihood form by form
 * (AICc, which is -2 logL plus a constant of the form): on average within
 * WARM_MEAN, and more than WARM_TOL short in at most WARM_SHARE of the
 * fits (the cold search is itself a local one that stops on a stall: it
 * is as often worse than the warm one by as much); and it chooses the cold
 * fit's form wherever the cold choice is clear (the runner-up more than
 * WARM_CLEAR behind). A warm state of an unrelated series (another scale
 * and shape) must do little harm either (WARM_MEAN_ALIEN). */
#define WARM_MEAN 0.05
#define WARM_MEAN_ALIEN 0.2
#define WARM_TOL 0.1
#define WARM_SHARE 0.1
#define WARM_CLEAR 2.0
static void test_warm_start(gsl_rng *rng)
{
    double y[400], other[400];
    int worse = 0, clear = 0, differ = 0, fitted = 0;
    double dsum = 0, dsum_alien = 0;
    for (size_t t = 0; t < 400; t++) other[t] = 5000 + 3 * (double)t + gsl_ran_gaussian(rng, 40);
    for (int trial = 0; trial < 16; trial++) {
        size_t n = 120 + (size_t)gsl_rng_uniform_int(rng, 280);
        double l = 100 + 900 * gsl_rng_uniform(rng), b = trial % 4 == 1 ? 0.5 : 0;
        double amp = trial % 2 ? 0.3 : 0, sd = 0.01 + 0.05 * gsl_rng_uniform(rng);
        for (size_t t = 0; t < n; t++) {
            double s = 1 + amp * sin(2 * M_PI * (double)t / 7);
            double e = gsl_ran_gaussian(rng, sd);
            y[t] = trial % 3 == 2 ? (l + l * e) * s : l * s + l * e;
            l += 0.3 * l * e + b;
        }
        rw_error err;
        void *whole = NULL, *alien = NULL;
        CHECK(fit(y, n, 7, NULL, &whole, &err) == RW_OK);
        CHECK(fit(other, 400, 7, NULL, &alien, &err) == RW_OK);
        for (size_t cut = 30; whole && alien && cut <= 60; cut += 30) {
            rw_seasonality s = {1, {7}};
            void *cold = NULL, *warm = NULL, *bad = NULL;
            rw_model_opts ow = {.warm = whole}, ob = {.warm = alien};
            CHECK(fit(y, n - cut, 7, NULL, &cold, &err) == RW_OK);
            rw_error_clear(&err);
            CHECK(ets->fit(y, n - cut, &s, &ow, &warm, &err) == RW_OK);
            rw_error_clear(&err);
            CHECK(ets->fit(y, n - cut, &s, &ob, &bad, &err) == RW_OK);
            if (cold && warm && bad) {
                char fc[15][8], fw[15][8], fb[15][8];
                double ac[15], aw[15], ab[15];
                size_t nc = cand_aicc(cold, fc, ac), nw = cand_aicc(warm, fw, aw);
                size_t nb = cand_aicc(bad, fb, ab);
                CHECK(nc == nw && nc == nb);
                double best = INFINITY, second = INFINITY;
                for (size_t i = 0; i < nc && i < nw && i < nb; i++) {
                    CHECK(strcmp(fc[i], fw[i]) == 0 && strcmp(fc[i], fb[i]) == 0);
                    if (isnan(ac[i])) continue;
                    fitted++;
                    CHECK(isfinite(aw[i]) && isfinite(ab[i]));
                    dsum += aw[i] - ac[i];
                    dsum_alien += ab[i] - ac[i];
                    worse += !(aw[i] <= ac[i] + WARM_TOL);
                    second = ac[i] < best ? best : fmin(second, ac[i]);
                    best = fmin(best, ac[i]);
                }
                char sc[8], sw[8];
                form_of(cold, sc);
                form_of(warm, sw);
                if (second - best > WARM_CLEAR) {
                    clear++;
                    differ += strcmp(sc, sw) != 0;
                }
            }
            ets->free(cold);
            ets->free(warm);
            ets->free(bad);
        }
        ets->free(whole);
        ets->free(alien);
    }
    fprintf(stderr, "ets: warm start on %d fits: AICc warm - cold %.4f on average (alien %.4f), "
            "%d more than %g worse; %d clear choices, %d differ\n", fitted,
            dsum / fitted, dsum_alien / fitted, worse, WARM_TOL, clear, differ);
    CHECK(fitted > 300);
    CHECK(dsum / fitted <= WARM_MEAN);
    CHECK(dsum_alien / fitted <= WARM_MEAN_ALIEN);
    CHECK(worse <= WARM_SHARE * fitted);
    CHECK(clear >= 10);
    CHECK(differ == 0);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as main() does */
    ets = rw_model_find("ets");
    CHECK(ets != NULL);
    if (!ets) CHECK_DONE();
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 20240611);
    test_hand_recursions();
    test_merr_oracle(rng);
    test_sums_alone();
    test_admissible_oracle(rng);
    test_simulate_recursion();
    test_fit_admissible();
    test_exact();
    test_coverage();
    test_selection(rng);
    test_describe_simulate(rng);
    test_robustness(rng);
    test_invalid();
    test_optimum_brute_force(rng);
    test_warm_start(rng);
    gsl_rng_free(rng);
    CHECK_DONE();
}
