/* mstl.c: the "mstl" model (STL/MSTL decomposition forecasting, like R's
 * forecast::stlf / forecast.mstl), and the non-seasonal exponential
 * smoothing fitter declared in stl.h.
 *
 * Fit: (optionally log-transform,) decompose with MSTL over all seasonal
 * periods of the series (rounded to whole steps; periods that do not fit
 * twice are dropped and listed in describe()), then model the seasonally
 * adjusted series trend + remainder with SES or damped Holt (additive-error
 * ETS ANN / AAdN), chosen by AICc unless the variant names one. This is a
 * self-contained stand-in for R's ets(model = "ZZN"): additive errors only,
 * no undamped Holt, parameters by least squares (see rw_es_fit_series).
 *
 * Forecast: the adjusted-series forecast plus, for each period, its seasonal
 * component's last cycle repeated (seasonal naive per component). Under a
 * log transform the mean is bias-adjusted, exp(mu + v / 2) with v the
 * adjusted-series forecast variance (the lognormal mean); sample paths are
 * exp of the simulated log path.
 *
 * Variant: NULL, or tokens joined by ',' or '+':
 *   "ses" | "damped"  the adjusted-series model (default: the lower AICc;
 *                     series under 8 points, too short for AICc on damped
 *                     Holt's 6 parameters, get SES);
 *   "log" | "log1p"   model log(y) (needs y > 0: RW_EINVAL otherwise, there is
 *                     no silent fallback) or log(1 + y) (needs y > -1);
 *   "robust"          robust STL (R's stl(robust = TRUE)).
 * Without a seasonal period left (none given, or none fits twice) the
 * adjusted series is the series itself. Fewer than 3 points (6 with
 * "damped") is RW_ESHORT. sigma() is the adjusted-series one-step residual
 * sd, on the modelled (transformed) scale. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_randist.h>
#include "model/stl.h"

/* ---- exponential smoothing fitter ---- */

#define ES_ALPHA_LO 1e-4
#define ES_ALPHA_HI 0.9999
#define ES_BETA_LO 1e-4
#define ES_PHI_LO 0.8
#define ES_PHI_HI 0.98
/* Nelder-Mead in the unconstrained coordinates of the bounded parameters
 * (see unit()): initial step, simplex size at which it stops, and an
 * iteration cap (the best point so far is kept when the cap is reached).
 * It also stops when ES_NM_STALL * dim iterations lower the SSE by less
 * than ES_NM_FTOL of it (at an optimum on a bound, where unit() is flat,
 * the simplex shrinks slowly; this saved 3.4% of the daily benchmark's
 * instructions at the same accuracy, docs/benchmarks-forecast.md). */
#define ES_NM_STEP 0.3
#define ES_NM_SIZE_TOL 1e-4
#define ES_NM_MAX_ITER 300
#define ES_NM_STALL 5
#define ES_NM_FTOL 1e-5
/* Unit responses below this are dropped (they only decay; avoids slow
 * subnormal arithmetic on long series). */
#define ES_TINY 1e-150
/* Normal equations for (l0, b0) closer to singular than this relative
 * determinant are solved for l0 alone (b0 = 0). */
#define ES_SINGULAR 1e-12
/* SSE floor for AICc, relative to n (scale of the data)^2: exact fits tie
 * and the simpler model wins. */
#define ES_SSE_FLOOR 1e-20

/* Series normalised as (y - center) / scale, and the trial states. */
typedef struct es_ctx {
    double *z;       /* the series normalised, (y - center) / scale: owned */
    size_t n;
    int damped;
    double center, scale;
    double alpha, beta, phi; /* last evaluated parameters */
    double l0, b0;           /* their least-squares initial states (normalised) */
    double level, slope;     /* final states (normalised) */
} es_ctx;

/* Bounded parameters from unconstrained coordinates: lo + (hi - lo) times
 * unit(u), unit(u) = (1 + sin u) / 2, which reaches both bounds at finite u
 * (so the simplex converges when the optimum sits on a bound). */
static double unit(double u)
{
    return 0.5 * (1 + sin(u));
}

static double unit_inv(double p)
{
    return asin(2 * p - 1);
}

static void es_params(const es_ctx *c, const double *u, double *alpha, double *beta, double *phi)
{
    *alpha = ES_ALPHA_LO + (ES_ALPHA_HI - ES_ALPHA_LO) * unit(u[0]);
    if (c->damped) {
        *beta = ES_BETA_LO + (*alpha - ES_BETA_LO) * unit(u[1]);
        *phi = ES_PHI_LO + (ES_PHI_HI - ES_PHI_LO) * unit(u[2]);
    } else {
        *beta = 0;
        *phi = 1;
    }
}

/* SSE (normalised units) of the one-step errors with the given smoothing
 * parameters and least-squares initial states; leaves the states in c.
 * One pass: the one-step forecasts are d_t + c1_t l0 + c2_t b0, with d the
 * forecasts from zero initial states and c1, c2 the responses to unit
 * initial states, so (l0, b0) solve 2x2 normal equations and the SSE
 * follows from the accumulated moments. `exact` adds a second pass that
 * sums the errors themselves (no cancellation) and yields the final
 * states; the minimiser's trials skip it. */
static double es_sse(es_ctx *c, double alpha, double beta, double phi, int exact)
{
    const double *zs = c->z;
    double l = 0, b = 0, l1 = 1, b1 = 0, l2 = 0, b2 = 1;
    double a11 = 0, a12 = 0, a22 = 0, g1 = 0, g2 = 0, ee = 0;
    int live = 1;
    for (size_t t = 0; t < c->n; t++) {
        double f = l + phi * b, e = zs[t] - f;
        ee += e * e;
        if (live) {
            double c1 = l1 + phi * b1, c2 = l2 + phi * b2;
            a11 += c1 * c1;
            a12 += c1 * c2;
            a22 += c2 * c2;
            g1 += c1 * e;
            g2 += c2 * e;
            l1 = (1 - alpha) * c1;
            b1 = phi * b1 - beta * c1;
            l2 = (1 - alpha) * c2;
            b2 = phi * b2 - beta * c2;
            live = fabs(l1) + fabs(b1) + fabs(l2) + fabs(b2) > ES_TINY;
        }
        l = f + alpha * e;
        b = phi * b + beta * e;
    }
    double l0 = 0, b0 = 0;
    if (c->damped) {
        double det = a11 * a22 - a12 * a12;
        if (det > ES_SINGULAR * a11 * a22) {
            l0 = (a22 * g1 - a12 * g2) / det;
            b0 = (a11 * g2 - a12 * g1) / det;
        } else if (a11 > 0) {
            l0 = g1 / a11;
        }
    } else if (a11 > 0) {
        l0 = g1 / a11;
    }
    c->alpha = alpha;
    c->beta = beta;
    c->phi = phi;
    c->l0 = l0;
    c->b0 = b0;
    if (!exact) return fmax(0, ee - l0 * g1 - b0 * g2);
    l = l0;
    b = b0;
    double sse = 0;
    for (size_t t = 0; t < c->n; t++) {
        double f = l + phi * b, e = zs[t] - f;
        sse += e * e;
        l = f + alpha * e;
        b = phi * b + beta * e;
    }
    c->level = l;
    c->slope = b;
    return sse;
}

static double es_objective(const gsl_vector *v, void *params)
{
    es_ctx *c = params;
    double u[3] = {gsl_vector_get(v, 0), 0, 0}, alpha, beta, phi;
    if (c->damped) {
        u[1] = gsl_vector_get(v, 1);
        u[2] = gsl_vector_get(v, 2);
    }
    es_params(c, u, &alpha, &beta, &phi);
    double sse = es_sse(c, alpha, beta, phi, 0);
    return isfinite(sse) ? sse : GSL_POSINF;
}

/* Best starting point in unconstrained coordinates from a small grid. */
static void es_start(es_ctx *c, double *u)
{
    static const double alphas[] = {0.02, 0.1, 0.3, 0.6, 0.9};
    static const double bfrac[] = {0.05, 0.3};
    static const double phis[] = {0.85, 0.95};
    double best = HUGE_VAL;
    for (size_t i = 0; i < sizeof alphas / sizeof *alphas; i++) {
        double ua = unit_inv((alphas[i] - ES_ALPHA_LO) / (ES_ALPHA_HI - ES_ALPHA_LO));
        size_t nb = c->damped ? sizeof bfrac / sizeof *bfrac : 1;
        size_t nphi = c->damped ? sizeof phis / sizeof *phis : 1;
        for (size_t j = 0; j < nb; j++) {
            for (size_t k = 0; k < nphi; k++) {
                double t[3] = {ua, unit_inv(bfrac[j]),
                               unit_inv((phis[k] - ES_PHI_LO) / (ES_PHI_HI - ES_PHI_LO))};
                double a, b, p;
                es_params(c, t, &a, &b, &p);
                double sse = es_sse(c, a, b, p, 0);
                if (sse < best) {
                    best = sse;
                    memcpy(u, t, sizeof t);
                }
            }
        }
    }
}

rw_status rw_es_fit_series(const double *y, size_t n, int damped, rw_es_fit *f)
{
    if (!y || !f) return RW_EINVAL;
    if (n < RW_ES_MIN_OBS(damped)) return RW_ESHORT;
    es_ctx c = {0};
    c.n = n;
    c.damped = damped != 0;
    double mean = 0, dev = 0;
    for (size_t t = 0; t < n; t++)
        mean += y[t] / (double)n;
    for (size_t t = 0; t < n; t++)
        dev = fmax(dev, fabs(y[t] - mean));
    if (!isfinite(mean) || !isfinite(dev)) return RW_EINVAL;
    c.center = mean;
    c.scale = dev > 0 ? dev : 1;
    rw_status st = RW_OK;
    gsl_vector *x = NULL, *step = NULL;
    gsl_multimin_fminimizer *m = NULL;
    if (!(c.z = malloc(n * sizeof *c.z))) {
        st = RW_ENOMEM;
        goto out;
    }
    double inv = 1 / c.scale;
    for (size_t t = 0; t < n; t++) c.z[t] = (y[t] - c.center) * inv;

    size_t dim = c.damped ? 3 : 1;
    double u[3] = {0, 0, 0};
    es_start(&c, u);
    x = gsl_vector_alloc(dim);
    step = gsl_vector_alloc(dim);
    m = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, dim);
    if (!x || !step || !m) {
        st = RW_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < dim; i++)
        gsl_vector_set(x, i, u[i]);
    gsl_vector_set_all(step, ES_NM_STEP);
    gsl_multimin_function fn = {es_objective, dim, &c};
    if (gsl_multimin_fminimizer_set(m, &fn, x, step) != GSL_SUCCESS) {
        st = RW_ENUMERIC;
        goto out;
    }
    double fwin = HUGE_VAL; /* best SSE at the start of the stall window */
    for (size_t it = 0; it < ES_NM_MAX_ITER; it++) {
        int gs = gsl_multimin_fminimizer_iterate(m);
        if (gs == GSL_ENOPROG) break; /* cannot improve: keep the best point */
        if (gs != GSL_SUCCESS) {
            st = RW_ENUMERIC;
            goto out;
        }
        if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(m), ES_NM_SIZE_TOL) == GSL_SUCCESS)
            break;
        if ((it + 1) % (ES_NM_STALL * dim) == 0) {
            double fb = gsl_multimin_fminimizer_minimum(m);
            if (fwin - fb < ES_NM_FTOL * fb) break;
            fwin = fb;
        }
    }
    const gsl_vector *best = gsl_multimin_fminimizer_x(m);
    for (size_t i = 0; i < dim; i++)
        u[i] = gsl_vector_get(best, i);
    double alpha, beta, phi;
    es_params(&c, u, &alpha, &beta, &phi);
    double sse = es_sse(&c, alpha, beta, phi, 1) * c.scale * c.scale;
    if (!isfinite(sse)) {
        st = RW_ENUMERIC;
        goto out;
    }
    memset(f, 0, sizeof *f);
    f->damped = c.damped;
    f->alpha = alpha;
    f->beta = c.damped ? beta : 0;
    f->phi = c.damped ? phi : 1;
    f->l0 = c.center + c.scale * c.l0;
    f->b0 = c.scale * c.b0;
    f->level = c.center + c.scale * c.level;
    f->slope = c.scale * c.slope;
    f->sse = sse;
    f->npar = c.damped ? 5 : 2;
    f->sigma = sqrt(sse / (double)(n - f->npar));
    double k = (double)f->npar + 1, nn = (double)n;
    double sse_eff = fmax(sse, nn * ES_SSE_FLOOR * c.scale * c.scale);
    f->aicc =
        nn > k + 1 ? nn * log(sse_eff / nn) + 2 * k + 2 * k * (k + 1) / (nn - k - 1) : HUGE_VAL;
out:
    gsl_multimin_fminimizer_free(m);
    gsl_vector_free(x);
    gsl_vector_free(step);
    free(c.z);
    return st;
}

double rw_es_forecast(const rw_es_fit *f, size_t k)
{
    if (!f->damped) return f->level;
    double s = 0, p = 1;
    for (size_t j = 0; j < k; j++) {
        p *= f->phi;
        s += p;
    }
    return f->level + s * f->slope;
}

double rw_es_variance_factor(const rw_es_fit *f, size_t k)
{
    double v = 1, s = 0, p = 1;
    for (size_t j = 1; j < k; j++) {
        p *= f->phi;
        s += p;
        double cj = f->alpha + f->beta * s;
        v += cj * cj;
    }
    return v;
}

/* ---- the model ---- */

enum { TF_NONE, TF_LOG, TF_LOG1P };
enum { ES_AUTO = -1 };

typedef struct mstl_state {
    int transform;                   /* TF_* */
    int robust;                      /* robust STL was used */
    int chosen;                      /* the ES model was picked by AICc */
    size_t nper;                     /* seasonal components kept */
    size_t period[RW_MAX_PERIODS];   /* their periods, increasing */
    double strength[RW_MAX_PERIODS]; /* seasonal strength of each */
    size_t ndrop;                    /* requested periods dropped */
    double dropped[RW_MAX_PERIODS];  /* those periods, as requested */
    double *last;                    /* last cycle of each component, concatenated */
    rw_es_fit es;                    /* adjusted-series model */
    double aicc_other;               /* AICc of the model not chosen (NaN: none) */
} mstl_state;

static int token_is(const char *p, size_t len, const char *word)
{
    return strlen(word) == len && strncmp(p, word, len) == 0;
}

static rw_status parse_variant(const char *v, int *tf, int *es, int *robust, rw_error *err)
{
    *tf = TF_NONE;
    *es = ES_AUTO;
    *robust = 0;
    if (!v) return RW_OK;
    const char *p = v;
    while (*p) {
        size_t len = strcspn(p, ",+");
        int ok = 1;
        if (token_is(p, len, "log")) {
            ok = *tf == TF_NONE;
            *tf = TF_LOG;
        } else if (token_is(p, len, "log1p")) {
            ok = *tf == TF_NONE;
            *tf = TF_LOG1P;
        } else if (token_is(p, len, "ses")) {
            ok = *es == ES_AUTO;
            *es = 0;
        } else if (token_is(p, len, "damped")) {
            ok = *es == ES_AUTO;
            *es = 1;
        } else if (token_is(p, len, "robust")) {
            *robust = 1;
        } else {
            ok = 0;
        }
        if (!ok)
            return rw_error_set(err, RW_EINVAL, NULL, 0,
                                "mstl: bad variant '%s' (tokens: log or log1p, ses or damped, "
                                "robust; joined by ',')",
                                v);
        p += len;
        if (*p) p++;
    }
    return RW_OK;
}

static double tf_inverse(int tf, double z)
{
    switch (tf) {
    case TF_LOG:
        return exp(z);
    case TF_LOG1P:
        return expm1(z);
    default:
        return z;
    }
}

/* The seasonal forecast for step k (1-based). */
static double seasonal_ahead(const mstl_state *m, size_t k)
{
    double s = 0;
    const double *last = m->last;
    for (size_t i = 0; i < m->nper; i++) {
        s += last[(k - 1) % m->period[i]];
        last += m->period[i];
    }
    return s;
}

static void mstl_free(void *state)
{
    mstl_state *m = state;
    if (!m) return;
    free(m->last);
    free(m);
}

static rw_status mstl_fit(const double *y, size_t n, const rw_seasonality *s,
                          const rw_model_opts *o, void **state, rw_error *err)
{
    *state = NULL;
    int tf, esm, robust;
    rw_status st = parse_variant(o ? o->variant : NULL, &tf, &esm, &robust, err);
    if (st != RW_OK) return st;
    size_t min_obs = RW_ES_MIN_OBS(esm == 1);
    if (n < min_obs)
        return rw_error_set(err, RW_ESHORT, NULL, 0, "mstl: %zu observations, need at least %zu", n,
                            min_obs);
    if (s && s->n > RW_MAX_PERIODS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "mstl: more than %d periods", RW_MAX_PERIODS);
    for (size_t t = 0; t < n; t++) {
        if (!isfinite(y[t]))
            return rw_error_set(err, RW_EINVAL, NULL, 0, "mstl: value %zu is not finite", t);
        if (tf == TF_LOG && !(y[t] > 0))
            return rw_error_set(err, RW_EINVAL, NULL, 0,
                                "mstl: variant 'log' needs positive data, value %zu is %g "
                                "(try 'log1p')",
                                t, y[t]);
        if (tf == TF_LOG1P && !(y[t] > -1))
            return rw_error_set(err, RW_EINVAL, NULL, 0,
                                "mstl: variant 'log1p' needs data above -1, value %zu is %g", t,
                                y[t]);
    }
    size_t np = s ? s->n : 0;
    size_t per[RW_MAX_PERIODS], maxp = 0;
    for (size_t i = 0; i < np; i++) {
        double r = round(s->period[i]);
        per[i] = r >= 2 && r < (double)n ? (size_t)r : 0;
        if (per[i] > maxp) maxp = per[i];
    }

    mstl_state *m = calloc(1, sizeof *m);
    double *buf = malloc((np + 3) * n * sizeof *buf);
    rw_mstl_work *w = maxp ? rw_mstl_work_alloc(n, maxp) : NULL;
    if (!m || !buf || (maxp && !w)) {
        st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
        goto fail;
    }
    m->transform = tf;
    m->robust = robust;
    double *z = buf, *trend = buf + n, *rem = trend + n, *seas = rem + n;
    for (size_t t = 0; t < n; t++)
        z[t] = tf == TF_LOG ? log(y[t]) : tf == TF_LOG1P ? log1p(y[t]) : y[t];

    int used[RW_MAX_PERIODS] = {0};
    if (maxp) {
        rw_mstl_params mp;
        rw_mstl_params_init(&mp);
        mp.stl.robust = robust;
        st = rw_mstl_decompose(z, n, per, np, &mp, seas, trend, rem, used, w);
        if (st == RW_ESHORT) {
            st = RW_OK; /* no period fits twice: non-seasonal */
        } else if (st != RW_OK) {
            st = rw_error_set(err, st, NULL, 0, "mstl: decomposition failed: %s", rw_strerror(st));
            goto fail;
        }
    }
    /* kept components, increasing; the seasonally adjusted series in z */
    size_t total = 0, idx[RW_MAX_PERIODS];
    for (size_t i = 0; i < np; i++) {
        if (!used[i]) {
            int dup = 0;
            for (size_t k = 0; k < np; k++)
                dup |= used[k] && per[k] == per[i];
            if (!dup) m->dropped[m->ndrop++] = s->period[i];
            continue;
        }
        size_t r = m->nper++;
        while (r > 0 && m->period[r - 1] > per[i]) {
            m->period[r] = m->period[r - 1];
            idx[r] = idx[r - 1];
            r--;
        }
        m->period[r] = per[i];
        idx[r] = i;
        total += per[i];
    }
    if (total && !(m->last = malloc(total * sizeof *m->last))) {
        st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
        goto fail;
    }
    double yscale = 0;
    for (size_t t = 0; t < n; t++)
        yscale = fmax(yscale, fabs(z[t]));
    double *last = m->last;
    for (size_t r = 0; r < m->nper; r++) {
        const double *sc = seas + idx[r] * n;
        size_t p = m->period[r];
        memcpy(last, sc + n - p, p * sizeof *last);
        last += p;
        m->strength[r] = rw_seasonal_strength_of(sc, rem, n, yscale);
    }
    for (size_t r = 0; r < m->nper; r++)
        for (size_t t = 0; t < n; t++)
            z[t] -= seas[idx[r] * n + t];

    m->aicc_other = NAN;
    if (esm == ES_AUTO && n < RW_ES_MIN_OBS(1) + 2) esm = 0; /* too short for AICc on AAdN */
    if (esm == ES_AUTO) {
        rw_es_fit fs, fd;
        st = rw_es_fit_series(z, n, 0, &fs);
        if (st == RW_OK) st = rw_es_fit_series(z, n, 1, &fd);
        if (st != RW_OK) {
            st = rw_error_set(err, st, NULL, 0, "mstl: fitting the adjusted series failed: %s",
                              rw_strerror(st));
            goto fail;
        }
        m->chosen = 1;
        m->es = fd.aicc < fs.aicc ? fd : fs;
        m->aicc_other = fd.aicc < fs.aicc ? fs.aicc : fd.aicc;
    } else {
        st = rw_es_fit_series(z, n, esm, &m->es);
        if (st != RW_OK) {
            st = rw_error_set(err, st, NULL, 0, "mstl: fitting the adjusted series failed: %s",
                              rw_strerror(st));
            goto fail;
        }
    }
    rw_mstl_work_free(w);
    free(buf);
    *state = m;
    return RW_OK;
fail:
    rw_mstl_work_free(w);
    free(buf);
    mstl_free(m);
    return st;
}

static rw_status mstl_forecast(const void *state, size_t h, double *mean)
{
    const mstl_state *m = state;
    const rw_es_fit *f = &m->es;
    double s2 = f->sigma * f->sigma, trend_sum = 0, pk = 1, vfac = 1, phisum = 0;
    for (size_t k = 1; k <= h; k++) {
        if (f->damped) {
            pk *= f->phi;
            trend_sum += pk;
        }
        if (k > 1) { /* variance factor: add the (k-1)-th coefficient */
            if (f->damped) phisum = phisum * f->phi + f->phi;
            double c = f->alpha + f->beta * phisum;
            vfac += c * c;
        }
        double mu = f->level + trend_sum * f->slope + seasonal_ahead(m, k);
        mean[k - 1] = m->transform == TF_NONE ? mu : tf_inverse(m->transform, mu + 0.5 * s2 * vfac);
    }
    return RW_OK;
}

static rw_status mstl_simulate(const void *state, size_t h, gsl_rng *rng, double *path)
{
    const mstl_state *m = state;
    const rw_es_fit *f = &m->es;
    double l = f->level, b = f->slope;
    for (size_t k = 1; k <= h; k++) {
        double e = f->sigma > 0 ? gsl_ran_gaussian_ziggurat(rng, f->sigma) : 0;
        double fc = l + f->phi * b;
        double zk = fc + e;
        l = fc + f->alpha * e;
        b = f->phi * b + f->beta * e;
        path[k - 1] = tf_inverse(m->transform, zk + seasonal_ahead(m, k));
    }
    return RW_OK;
}

static void mstl_describe(const void *state, rw_desc *d)
{
    const mstl_state *m = state;
    char form[128];
    size_t off = 0;
    const char *es = m->es.damped ? "damped Holt" : "SES";
    if (m->nper) {
        off += (size_t)snprintf(form + off, sizeof form - off, "MSTL(");
        for (size_t i = 0; i < m->nper && off < sizeof form; i++)
            off += (size_t)snprintf(form + off, sizeof form - off, "%s%zu", i ? "," : "",
                                    m->period[i]);
        if (off < sizeof form) snprintf(form + off, sizeof form - off, ")+%s", es);
    } else {
        snprintf(form, sizeof form, "%s", es);
    }
    static const char *const tfname[] = {"none", "log", "log1p"};
    rw_desc_str(d, "form", form);
    rw_desc_open(d, "periods", RW_DESC_ARRAY);
    for (size_t i = 0; i < m->nper; i++) rw_desc_int(d, NULL, (int64_t)m->period[i]);
    rw_desc_close(d);
    rw_desc_open(d, "dropped_periods", RW_DESC_ARRAY);
    for (size_t i = 0; i < m->ndrop; i++) rw_desc_real(d, NULL, m->dropped[i]);
    rw_desc_close(d);
    rw_desc_open(d, "strength", RW_DESC_ARRAY);
    for (size_t i = 0; i < m->nper; i++) rw_desc_real(d, NULL, m->strength[i]);
    rw_desc_close(d);
    rw_desc_str(d, "transform", tfname[m->transform]);
    rw_desc_bool(d, "robust", m->robust);
    rw_desc_str(d, "adjusted_model", es);
    rw_desc_real(d, "alpha", m->es.alpha);
    if (m->es.damped) {
        rw_desc_real(d, "beta", m->es.beta);
        rw_desc_real(d, "phi", m->es.phi);
    }
    rw_desc_real(d, "sigma", m->es.sigma);
    if (isfinite(m->es.aicc)) rw_desc_real(d, "aicc", m->es.aicc);
    if (isfinite(m->aicc_other)) rw_desc_real(d, "aicc_other", m->aicc_other); /* the model not chosen */
    rw_desc_bool(d, "chosen_by_aicc", m->chosen);
}

static double mstl_sigma(const void *state)
{
    return ((const mstl_state *)state)->es.sigma;
}

const rw_model_ops rw_model_mstl = {"mstl",        mstl_fit,   mstl_forecast, mstl_simulate,
                                    mstl_describe, mstl_sigma, mstl_free};
