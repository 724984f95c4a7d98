/* theta.c: the standard Theta method (Assimakopoulos & Nikolopoulos 2000)
 * in the form of Hyndman & Billah (2003): simple exponential smoothing with
 * drift equal to half the slope of the least-squares line, as R's
 * forecast::thetaf computes it.
 *
 * Seasonality: with period m = round(s->period[0]) > 1, more than two
 * cycles of data and a non-constant series, the series is called seasonal
 * when the lag-m autocorrelation passes the 90% test
 * |r_m| > 1.645 sqrt((1 + 2 sum_{k<m} r_k^2) / n). A seasonal series is
 * adjusted by classical multiplicative decomposition (centred moving-average
 * trend, mean ratio per cycle position, indices normalised to mean 1),
 * forecast, and reseasonalised with the indices of the last cycle. Unlike R,
 * data with a value <= 0 is never adjusted multiplicatively (the ratios
 * would be meaningless); it is forecast as non-seasonal and describe()
 * says why. As in R, indices closer to zero than 1e-4 also fall back.
 *
 * Forecast k steps ahead: (l_n + d (k - 1 + (1 - (1 - alpha)^n) / alpha))
 * times the seasonal index, d the drift; SES has alpha and l_0 fitted by
 * least squares (rw_es_fit_series), sigma^2 = SSE / (n - 2). Sample paths
 * add N(0, sigma^2) SES innovations, so the k-step variance is
 * sigma^2 (1 + (k - 1) alpha^2) before reseasonalising, as in thetaf.
 * sigma() is on the seasonally adjusted scale. Variant: none (NULL). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include "model/stl.h"

/* qnorm(0.95): the two-sided 90% bound of the seasonality test. */
#define THETA_ACF_Z 1.6448536269514722
/* Seasonal indices closer to zero than this disable adjustment (thetaf). */
#define THETA_MIN_INDEX 1e-4
/* Smallest alpha used in the drift term (thetaf: pmax(1e-10, alpha)). */
#define THETA_ALPHA_FLOOR 1e-10

typedef struct theta_state {
    rw_es_fit es;     /* SES on the (seasonally adjusted) series */
    double drift;     /* half the least-squares slope */
    double a0;        /* (1 - (1 - alpha)^n) / alpha */
    size_t n;         /* observations fitted */
    size_t m;         /* seasonal period tested (1: none) */
    int seasonal;     /* multiplicative adjustment applied */
    double *index;    /* index[j]: seasonal index of forecast step k with
                         (k - 1) % m == j; NULL when not seasonal */
    const char *note; /* why a seasonal-looking series was not adjusted */
} theta_state;

/* Whether x[0..n) passes thetaf's lag-m autocorrelation test. */
static int theta_is_seasonal(const double *x, size_t n, size_t m)
{
    double mean = 0;
    for (size_t t = 0; t < n; t++)
        mean += x[t] / (double)n;
    double den = 0;
    for (size_t t = 0; t < n; t++)
        den += (x[t] - mean) * (x[t] - mean);
    if (!(den > 0)) return 0;
    double ss = 0, rm = 0;
    for (size_t k = 1; k <= m; k++) {
        double num = 0;
        for (size_t t = 0; t + k < n; t++)
            num += (x[t] - mean) * (x[t + k] - mean);
        double r = num / den;
        if (k < m)
            ss += r * r;
        else
            rm = r;
    }
    double stat = sqrt((1 + 2 * ss) / (double)n);
    return fabs(rm) / stat > THETA_ACF_Z;
}

/* Classical multiplicative seasonal indices fig[0..m) of x[0..n) (n > 2m):
 * mean of x / centred-moving-average per position t % m, scaled to mean 1.
 * ratio is scratch of n doubles. */
static void theta_indices(const double *x, size_t n, size_t m, double *fig, double *cnt)
{
    size_t half = m / 2;
    for (size_t j = 0; j < m; j++)
        fig[j] = cnt[j] = 0;
    for (size_t t = half; t + half < n; t++) {
        double tr = 0;
        if (m % 2 == 0) {
            tr = 0.5 * (x[t - half] + x[t + half]);
            for (size_t j = t - half + 1; j < t + half; j++)
                tr += x[j];
        } else {
            for (size_t j = t - half; j <= t + half; j++)
                tr += x[j];
        }
        tr /= (double)m;
        fig[t % m] += x[t] / tr;
        cnt[t % m] += 1;
    }
    double mean = 0;
    for (size_t j = 0; j < m; j++) {
        fig[j] /= cnt[j];
        mean += fig[j] / (double)m;
    }
    for (size_t j = 0; j < m; j++)
        fig[j] /= mean;
}

static void theta_free(void *state)
{
    theta_state *th = state;
    if (!th) return;
    free(th->index);
    free(th);
}

static rw_status theta_fit(const double *y, size_t n, const rw_seasonality *s,
                           const rw_model_opts *o, void **state, rw_error *err)
{
    *state = NULL;
    if (o && o->variant)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "theta: no variants (got '%s')", o->variant);
    if (n < RW_ES_MIN_OBS(0))
        return rw_error_set(err, RW_ESHORT, NULL, 0, "theta: %zu observations, need at least %u", n,
                            RW_ES_MIN_OBS(0));
    int constant = 1, positive = 1;
    for (size_t t = 0; t < n; t++) {
        if (!isfinite(y[t]))
            return rw_error_set(err, RW_EINVAL, NULL, 0, "theta: value %zu is not finite", t);
        constant &= y[t] == y[0];
        positive &= y[t] > 0;
    }
    double pr = s && s->n ? round(s->period[0]) : 1;
    size_t m = pr >= 2 && pr < (double)n ? (size_t)pr : 1;

    rw_status st = RW_OK;
    theta_state *th = calloc(1, sizeof *th);
    double *x = malloc(n * sizeof *x);
    if (!th || !x) {
        st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
        goto fail;
    }
    th->n = n;
    th->m = m;
    memcpy(x, y, n * sizeof *y);
    if (m > 1 && !constant && n > 2 * m && theta_is_seasonal(y, n, m)) {
        if (!positive) {
            th->note = "data not all positive: no multiplicative seasonal adjustment";
        } else {
            double *fig = malloc(2 * m * sizeof *fig);
            if (!fig) {
                st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
                goto fail;
            }
            theta_indices(y, n, m, fig, fig + m);
            int tiny = 0;
            for (size_t j = 0; j < m; j++)
                tiny |= !(fabs(fig[j]) >= THETA_MIN_INDEX);
            if (tiny) {
                th->note = "seasonal indices close to zero: no seasonal adjustment";
                free(fig);
            } else {
                for (size_t t = 0; t < n; t++)
                    x[t] = y[t] / fig[t % m];
                /* the index of forecast step k is that of position n + k - 1 */
                for (size_t j = 0; j < m; j++)
                    fig[m + j] = fig[(n + j) % m];
                memmove(fig, fig + m, m * sizeof *fig);
                th->index = fig;
                th->seasonal = 1;
            }
        }
    }
    st = rw_es_fit_series(x, n, 0, &th->es);
    if (st != RW_OK) {
        st = rw_error_set(err, st, NULL, 0, "theta: SES fit failed: %s", rw_strerror(st));
        goto fail;
    }
    /* drift: half the least-squares slope of x on 0..n-1 */
    double tbar = (double)(n - 1) / 2, xbar = 0;
    for (size_t t = 0; t < n; t++)
        xbar += x[t] / (double)n;
    double sxy = 0, sxx = 0;
    for (size_t t = 0; t < n; t++) {
        sxy += ((double)t - tbar) * (x[t] - xbar);
        sxx += ((double)t - tbar) * ((double)t - tbar);
    }
    th->drift = 0.5 * sxy / sxx;
    double alpha = fmax(THETA_ALPHA_FLOOR, th->es.alpha);
    th->a0 = (1 - pow(1 - alpha, (double)n)) / alpha;
    free(x);
    *state = th;
    return RW_OK;
fail:
    free(x);
    theta_free(th);
    return st;
}

static double theta_index(const theta_state *th, size_t k)
{
    return th->seasonal ? th->index[(k - 1) % th->m] : 1.0;
}

static rw_status theta_forecast(const void *state, size_t h, double *mean)
{
    const theta_state *th = state;
    for (size_t k = 1; k <= h; k++)
        mean[k - 1] = (th->es.level + th->drift * ((double)(k - 1) + th->a0)) * theta_index(th, k);
    return RW_OK;
}

static rw_status theta_simulate(const void *state, size_t h, gsl_rng *rng, double *path)
{
    const theta_state *th = state;
    double l = th->es.level, sigma = th->es.sigma;
    for (size_t k = 1; k <= h; k++) {
        double e = sigma > 0 ? gsl_ran_gaussian_ziggurat(rng, sigma) : 0;
        path[k - 1] = (l + e + th->drift * ((double)(k - 1) + th->a0)) * theta_index(th, k);
        l += th->es.alpha * e;
    }
    return RW_OK;
}

static void theta_describe(const void *state, rw_desc *d)
{
    const theta_state *th = state;
    rw_desc_str(d, "form", "theta");
    rw_desc_real(d, "alpha", th->es.alpha);
    rw_desc_real(d, "drift", th->drift);
    rw_desc_real(d, "level", th->es.level);
    rw_desc_bool(d, "seasonal", th->seasonal);
    rw_desc_int(d, "period", (int64_t)th->m);
    rw_desc_real(d, "sigma", th->es.sigma);
    if (th->note) rw_desc_str(d, "note", th->note);
}

static double theta_sigma(const void *state)
{
    return ((const theta_state *)state)->es.sigma;
}

const rw_model_ops rw_model_theta = {"theta",        theta_fit,   theta_forecast, theta_simulate,
                                     theta_describe, theta_sigma, theta_free};
