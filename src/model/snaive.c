/* snaive.c: seasonal naive: each step repeats the value one season earlier.
 *
 * The season is the shortest seasonal period (rounded), or the variant's
 * number ("168" forces a weekly season on hourly data); without seasonality
 * it is the naive method (season 1). Errors are the seasonal differences:
 * a path adds independent N(0, sigma^2) shocks season over season, so the
 * k-step variance is sigma^2 * (floor((k-1)/m) + 1), as in Hyndman and
 * Athanasopoulos, FPP3 5.5. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include "model/model.h"
#include "util/num.h"

typedef struct snaive {
    size_t m;      /* season length in steps */
    double *last;  /* the last m observations */
    double sigma;  /* sd of seasonal differences */
} snaive;

static rw_status snaive_fit(const double *y, size_t n, const rw_seasonality *s,
                            const rw_model_opts *o, void **state, rw_error *err)
{
    size_t m = s->n ? (size_t)lround(s->period[0]) : 1;
    if (o && o->variant) {
        int64_t v;
        if (rw_parse_int64(o->variant, 1, 100000, &v) != RW_OK)
            return rw_error_set(err, RW_EINVAL, NULL, 0, "snaive: variant '%s' is not a season length",
                                o->variant);
        m = (size_t)v;
    }
    if (m < 1) m = 1;
    if (n < m + 1)
        return rw_error_set(err, RW_ESHORT, NULL, 0,
                            "snaive: %zu observations, need more than one season (%zu)", n, m);
    snaive *sn = calloc(1, sizeof *sn);
    if (!sn || !(sn->last = malloc(m * sizeof *sn->last))) {
        free(sn);
        return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    }
    sn->m = m;
    memcpy(sn->last, y + n - m, m * sizeof *y);
    rw_ksum ss = {0, 0};
    for (size_t t = m; t < n; t++) rw_ksum_add(&ss, (y[t] - y[t - m]) * (y[t] - y[t - m]));
    sn->sigma = sqrt(rw_ksum_value(&ss) / (double)(n - m));
    *state = sn;
    return RW_OK;
}

static rw_status snaive_forecast(const void *state, size_t h, double *mean)
{
    const snaive *sn = state;
    for (size_t k = 0; k < h; k++) mean[k] = sn->last[k % sn->m];
    return RW_OK;
}

static rw_status snaive_simulate(const void *state, size_t h, gsl_rng *rng, double *path)
{
    const snaive *sn = state;
    for (size_t k = 0; k < h; k++) {
        double prev = k < sn->m ? sn->last[k] : path[k - sn->m];
        path[k] = prev + gsl_ran_gaussian_ziggurat(rng, sn->sigma);
    }
    return RW_OK;
}

static void snaive_describe(const void *state, rw_desc *d)
{
    const snaive *sn = state;
    rw_desc_str(d, "form", sn->m > 1 ? "seasonal naive" : "naive");
    rw_desc_int(d, "season", (int64_t)sn->m);
    rw_desc_real(d, "sigma", sn->sigma);
}

static double snaive_sigma(const void *state)
{
    return ((const snaive *)state)->sigma;
}

static void snaive_free(void *state)
{
    snaive *sn = state;
    if (!sn) return;
    free(sn->last);
    free(sn);
}

const rw_model_ops rw_model_snaive = {"snaive",         snaive_fit,   snaive_forecast,
                                      snaive_simulate,  snaive_describe, snaive_sigma,
                                      snaive_free};
