/* trend.c: Prophet-like regression: piecewise-linear trend + Fourier
 * seasonality (+ an optional month-start dummy), fitted by ridge regression.
 *
 * Model (Taylor and Letham, "Forecasting at scale", 2017, with a Gaussian
 * instead of a Laplace prior on the changepoint deltas). On the scaled
 * series z[i] / scale, z = y (or log y for the "log" variant), scale =
 * max |z| (1 if all zero), t = i / (n - 1) in [0, 1]:
 *   a + b t + sum_j delta_j (t - t_j)+                 piecewise-linear trend
 *   + sum_P sum_{k=1..K_P} beta_Pk sin(2 pi k i / P) + gamma_Pk cos(...)
 *   + eta * [step i falls on the 1st of a UTC month]  (rw_trend_fit_calendar)
 * Changepoints t_j: TREND_N_CHANGEPOINTS (25) at the observations spaced
 * uniformly over the first TREND_CHANGEPOINT_RANGE (80%) of the history,
 * fewer when the history is short (Prophet's placement). Harmonics K_P:
 * rw_trend_default_harmonics (trend.h).
 *
 * Fit: one Householder QR of the n x p design reduces the problem to p x p;
 * the free columns (1, t) are solved for exactly, the rest is a Tikhonov
 * problem in GSL standard form (gsl_multifit_linear_stdform1 with
 * L = diag(1 / prior sd), one SVD, gsl_multifit_linear_solve):
 *   min ||z/scale - X c||^2 + lambda^2 sum_j (c_j / tau_j)^2
 * with prior sds tau = 0.05 for deltas (Prophet changepoint_prior_scale),
 * 10 for Fourier and calendar coefficients (seasonality/holidays prior
 * scale: lightly regularised). lambda is chosen
 *   default ("prior"): lambda = sigma, the residual sd, found as the fixed
 *     point of sigma(lambda) = rnorm / sqrt(n - 2 - edf(lambda)) from
 *     lambda = 0: the posterior mode of the Gaussian-prior model with the
 *     noise sd estimated on the way (Prophet's MAP with a Gaussian prior);
 *   variant "gcv": minimiser of generalised cross-validation (GSL's grid
 *     from gsl_multifit_linear_gcv_init, then Brent), same relative
 *     weights tau. Adapts to rough trends, but under-smooths (wiggly
 *     trend, wide intervals) when the noise is autocorrelated, hence not
 *     the default.
 * Exact data give sigma = 0, lambda = 0: an unregularised (truncated SVD)
 * least-squares fit, so exact linear/Fourier series are reproduced exactly.
 *
 * Forecast: the design continued past the end: the trend keeps the slope
 * of its last segment, Fourier terms and calendar dummies continue.
 * "log" forecasts the lognormal mean exp(mu + sigma^2 / 2) (ignoring the
 * parameter and trend uncertainty that simulate() adds).
 * Simulate, per path: (1) coefficients drawn from their Gaussian posterior
 * (prior above, noise sd sigma; without this, end-of-history level and
 * slope errors make intervals too narrow); (2) Prophet's trend
 * uncertainty: new changepoints arrive in the future at Prophet's rate
 * (S = number of potential changepoints per unit of scaled history time:
 * Poisson with mean S / (n - 1) per step) with Laplace deltas of scale
 * mean |delta| (fitted, all S); (3) Gaussian residual noise with the
 * in-sample sigma (on the log scale for "log").
 *
 * Invariants: a state is immutable after fit; no global mutable state; all
 * GSL statuses are checked (the GSL error handler is off in runway). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_randist.h>
#include "model/trend.h"
#include "util/timeutil.h"

/* Defaults; Prophet's where it has one. */
#define TREND_MIN_OBS 4              /* fewer observations: RW_ESHORT */
#define TREND_N_CHANGEPOINTS 25      /* potential changepoints (n_changepoints) */
#define TREND_CHANGEPOINT_RANGE 0.8  /* ... in this leading share of the history */
#define TREND_CHANGEPOINT_PRIOR 0.05 /* prior sd of a delta, scaled units */
#define TREND_SEASONALITY_PRIOR 10.0 /* prior sd of a Fourier coefficient */
#define TREND_HOLIDAY_PRIOR 10.0     /* prior sd of a calendar effect */
#define TREND_HARMONICS 10           /* harmonics of a period that is not a week */
#define TREND_HARMONICS_WEEK 5       /* harmonics of a weekly period (7, 168) */
#define TREND_WEEK_TOL 0.01          /* relative tolerance recognising a week */
#define TREND_MIN_CYCLES 2.0         /* a period needs this many cycles of data */
#define TREND_MIN_EVENTS 2           /* month starts needed for the dummy */
#define TREND_REPORT_DELTA 0.01      /* describe() lists |delta| above this (scaled) */
#define TREND_SIGMA_TOL 1e-10        /* relative change ending the sigma iteration */
#define TREND_SIGMA_MAXIT 500        /* cap on sigma fixed-point iterations */
#define TREND_GCV_POINTS 200         /* points on the GCV grid */
#define TREND_GCV_MAXIT 100          /* Brent iterations refining the GCV minimum */
#define TREND_GCV_TOL 1e-4           /* relative bracket width ending them */
#define TREND_POISSON_DIRECT 10.0    /* Poisson means drawn directly (trend_simulate) */
#define TREND_FREE_COLS 2            /* intercept and slope: unpenalised */
#define Q_ TREND_FREE_COLS
#define TREND_MAX_COLS \
    (TREND_FREE_COLS + TREND_N_CHANGEPOINTS + 2 * TREND_HARMONICS * RW_MAX_PERIODS + 1)

/* ---- regularised least squares ------------------------------------------ */

/* Workspace of one Tikhonov problem with q free leading columns; sized at
 * allocation, nothing allocated while solving.
 *
 * Method: X = QR (Householder, n x p); the problem becomes the p x p one
 * on [R; Q'y], plus the constant rho^2 = ||(Q'y)[p..n)||^2. Its free part
 * is R11 c0 + R12 c1 = (Q'y)[0..q) (solved exactly after c1), its
 * penalised part the (p-q) x (p-q) problem R22 c1 ~ (Q'y)[q..p) with
 * penalty lambda^2 ||L c1||^2, put in GSL standard form (stdform1), SVD
 * and gsl_multifit_linear_solve. Same solution as the n-row problem; the
 * SVD costs O(p^3) instead of O(n p^2). */
typedef struct ridge {
    size_t n, p, q;                    /* rows, columns, free leading columns */
    gsl_matrix *A;                     /* n x p design; then its QR factors */
    gsl_vector *tau;                   /* Householder scalars of the QR (p) */
    gsl_vector *qy;                    /* Q'y (n) */
    double rho2;                       /* ||(Q'y)[p..n)||^2: least-squares residual */
    gsl_matrix *Xs;                    /* standard-form design (p-q) x (p-q) */
    gsl_vector *ys;                    /* standard-form right-hand side (p-q) */
    gsl_vector *L;                     /* penalty weights, all > 0 (p-q) */
    gsl_vector *cs;                    /* standard-form solution (p-q) */
    gsl_vector *uty;                   /* U'ys for GCV (p-q) */
    gsl_vector *reg;                   /* GCV grid of lambdas */
    gsl_multifit_linear_workspace *mw; /* SVD of Xs */
    gsl_min_fminimizer *fmin;          /* GCV refinement (Brent) */
} ridge;

static void ridge_free(ridge *r)
{
    if (!r) return;
    gsl_matrix_free(r->A);
    gsl_vector_free(r->tau);
    gsl_vector_free(r->qy);
    gsl_matrix_free(r->Xs);
    gsl_vector_free(r->ys);
    gsl_vector_free(r->L);
    gsl_vector_free(r->cs);
    gsl_vector_free(r->uty);
    gsl_vector_free(r->reg);
    if (r->mw) gsl_multifit_linear_free(r->mw);
    if (r->fmin) gsl_min_fminimizer_free(r->fmin);
    free(r);
}

/* A problem of n rows, p columns, q <= p free ones; n >= p >= 1. `gcv`:
 * also the GCV workspace. NULL: out of memory. */
static ridge *ridge_alloc(size_t n, size_t p, size_t q, int gcv)
{
    ridge *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->n = n;
    r->p = p;
    r->q = q;
    size_t p1 = p - q;
    int ok = (r->A = gsl_matrix_alloc(n, p)) && (r->qy = gsl_vector_alloc(n)) &&
             (r->tau = gsl_vector_alloc(p));
    if (p1)
        ok = ok && (r->Xs = gsl_matrix_alloc(p1, p1)) && (r->ys = gsl_vector_alloc(p1)) &&
             (r->L = gsl_vector_alloc(p1)) && (r->cs = gsl_vector_alloc(p1)) &&
             (r->mw = gsl_multifit_linear_alloc(p1, p1));
    if (p1 && gcv)
        ok = ok && (r->uty = gsl_vector_alloc(p1)) &&
             (r->reg = gsl_vector_alloc(TREND_GCV_POINTS)) &&
             (r->fmin = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent));
    if (!ok) {
        ridge_free(r);
        return NULL;
    }
    return r;
}

static rw_status gsl_fail(rw_error *err, const char *what, int st)
{
    return rw_error_set(err, RW_ENUMERIC, NULL, 0, "trend: %s failed: %s", what,
                        gsl_strerror(st));
}

/* w[0..nc) += v * b[0..nc) */
static inline void axpy_row(size_t nc, double v, const double *restrict b, double *restrict w)
{
    for (size_t j = 0; j < nc; j++) w[j] += v * b[j];
}

/* b[0..nc) += w[0..nc) * f */
static inline void update_row(size_t nc, double f, const double *restrict w, double *restrict b)
{
    for (size_t j = 0; j < nc; j++) b[j] += w[j] * f;
}

rw_status rw_trend_qr_decomp(gsl_matrix *A, gsl_vector *tau)
{
    size_t M = A->size1, N = A->size2, lda = A->tda;
    if (M < N || tau->size != N || tau->stride != 1) return RW_EINVAL;
    for (size_t i = 0; i < N; i++) {
        gsl_vector_view c = gsl_matrix_subcolumn(A, i, i, M - i);
        double t = gsl_linalg_householder_transform(&c.vector);
        tau->data[i] = t;
        size_t nc = N - i - 1; /* the columns right of i, rows i..M: B */
        if (nc == 0 || t == 0.0) continue;
        /* The tail of tau (entries i + 1..N, set later) holds w. */
        double *w = tau->data + i + 1, *ai = A->data + i * lda + i;
        double beta = ai[0];
        ai[0] = 1.0; /* v = (1, the stored tail) */
        for (size_t j = 0; j < nc; j++) w[j] = 0.0;
        for (size_t r = 0; r < M - i; r++) /* w = B'v, row by row */
            if (ai[r * lda] != 0.0) axpy_row(nc, ai[r * lda], ai + r * lda + 1, w);
        for (size_t r = 0; r < M - i; r++) /* B -= tau v w' */
            update_row(nc, -t * ai[r * lda], w, ai + r * lda + 1);
        ai[0] = beta;
    }
    return RW_OK;
}

/* With r->A holding X and r->L the penalty weights: QR of X, the reduced
 * standard-form problem and its SVD. */
static rw_status ridge_prepare(ridge *r, const gsl_vector *y, rw_error *err)
{
    size_t n = r->n, p = r->p, q = r->q, p1 = p - q;
    int st;
    if (rw_trend_qr_decomp(r->A, r->tau) != RW_OK)
        return rw_error_set(err, RW_ENUMERIC, NULL, 0, "trend: QR of a %zu x %zu design", n, p);
    if ((st = gsl_vector_memcpy(r->qy, y))) return gsl_fail(err, "copy", st);
    if ((st = gsl_linalg_QR_QTvec(r->A, r->tau, r->qy))) return gsl_fail(err, "QR_QTvec", st);
    r->rho2 = 0;
    for (size_t i = p; i < n; i++) r->rho2 += gsl_vector_get(r->qy, i) * gsl_vector_get(r->qy, i);
    /* The free columns must have full rank (no tiny pivot). */
    double rmax = 0;
    for (size_t j = 0; j < q; j++) rmax = fmax(rmax, fabs(gsl_matrix_get(r->A, j, j)));
    for (size_t j = 0; j < q; j++)
        if (!(fabs(gsl_matrix_get(r->A, j, j)) > 1e3 * GSL_DBL_EPSILON * rmax))
            return rw_error_set(err, RW_ENUMERIC, NULL, 0,
                                "trend: unpenalised columns are rank deficient");
    if (!p1) return RW_OK;
    /* R22 (upper triangle of the QR storage; zero below) */
    for (size_t i = 0; i < p1; i++)
        for (size_t j = 0; j < p1; j++)
            gsl_matrix_set(r->Xs, i, j, j >= i ? gsl_matrix_get(r->A, q + i, q + j) : 0.0);
    gsl_vector_view y1 = gsl_vector_subvector(r->qy, q, p1);
    if ((st = gsl_multifit_linear_stdform1(r->L, r->Xs, &y1.vector, r->Xs, r->ys, r->mw)))
        return gsl_fail(err, "gsl_multifit_linear_stdform1", st);
    if ((st = gsl_multifit_linear_svd(r->Xs, r->mw)))
        return gsl_fail(err, "gsl_multifit_linear_svd", st);
    for (size_t j = 0; j < p1; j++)
        if (!isfinite(gsl_vector_get(r->mw->S, j)))
            return rw_error_set(err, RW_ENUMERIC, NULL, 0, "trend: SVD did not converge");
    return RW_OK;
}

/* Effective number of penalised parameters at `lambda` (trace of the hat
 * matrix of the standard-form problem; the numerical rank at lambda = 0). */
static double ridge_edf(const ridge *r, double lambda)
{
    size_t p1 = r->p - r->q;
    if (!p1) return 0;
    const gsl_vector *S = r->mw->S;
    double s0 = gsl_vector_get(S, 0), edf = 0;
    for (size_t j = 0; j < p1; j++) {
        double sj = gsl_vector_get(S, j);
        if (lambda > 0)
            edf += sj * sj / (sj * sj + lambda * lambda);
        else if (sj > GSL_DBL_EPSILON * s0)
            edf += 1;
    }
    return edf;
}

/* Solves at `lambda` into c (p), after ridge_prepare. *rnorm: ||y - X c||. */
static rw_status ridge_solve(ridge *r, double lambda, gsl_vector *c, double *rnorm,
                             rw_error *err)
{
    size_t p = r->p, q = r->q, p1 = p - q;
    double rn = 0;
    int st;
    if (p1) {
        double snorm;
        gsl_vector_view c1 = gsl_vector_subvector(c, q, p1);
        if ((st = gsl_multifit_linear_solve(lambda, r->Xs, r->ys, r->cs, &rn, &snorm, r->mw)))
            return gsl_fail(err, "gsl_multifit_linear_solve", st);
        if ((st = gsl_multifit_linear_genform1(r->L, r->cs, &c1.vector, r->mw)))
            return gsl_fail(err, "gsl_multifit_linear_genform1", st);
    }
    *rnorm = sqrt(rn * rn + r->rho2);
    if (q) {
        /* R11 c0 = (Q'y)[0..q) - R12 c1 */
        gsl_vector_view c0 = gsl_vector_subvector(c, 0, q);
        gsl_vector_const_view qy0 = gsl_vector_const_subvector(r->qy, 0, q);
        if ((st = gsl_vector_memcpy(&c0.vector, &qy0.vector))) return gsl_fail(err, "copy", st);
        if (p1) {
            gsl_matrix_const_view R12 = gsl_matrix_const_submatrix(r->A, 0, q, q, p1);
            gsl_vector_const_view c1 = gsl_vector_const_subvector(c, q, p1);
            if ((st = gsl_blas_dgemv(CblasNoTrans, -1.0, &R12.matrix, &c1.vector, 1.0, &c0.vector)))
                return gsl_fail(err, "dgemv", st);
        }
        gsl_matrix_const_view R11 = gsl_matrix_const_submatrix(r->A, 0, 0, q, q);
        if ((st = gsl_blas_dtrsv(CblasUpper, CblasNoTrans, CblasNonUnit, &R11.matrix, &c0.vector)))
            return gsl_fail(err, "dtrsv", st);
    }
    for (size_t j = 0; j < p; j++)
        if (!isfinite(gsl_vector_get(c, j)))
            return rw_error_set(err, RW_ENUMERIC, NULL, 0, "trend: non-finite coefficients");
    return RW_OK;
}

/* Residual sd at `lambda` (dof n - q - edf, at least 1); c gets the solution. */
static rw_status ridge_sigma(ridge *r, double lambda, gsl_vector *c, double *sigma,
                             rw_error *err)
{
    double rnorm;
    rw_status rs = ridge_solve(r, lambda, c, &rnorm, err);
    if (rs != RW_OK) return rs;
    double dof = (double)(r->n - r->q) - ridge_edf(r, lambda);
    *sigma = rnorm / sqrt(dof > 1 ? dof : 1);
    return RW_OK;
}

/* lambda as the fixed point lambda = sigma(lambda), iterated from 0; c
 * holds the solution at the returned lambda. */
static rw_status ridge_lambda_prior(ridge *r, gsl_vector *c, double *lambda, rw_error *err)
{
    double lam = 0, sig;
    rw_status rs = ridge_sigma(r, lam, c, &sig, err);
    for (int it = 0; rs == RW_OK && it < TREND_SIGMA_MAXIT; it++) {
        if (!(sig > 0) || fabs(sig - lam) <= TREND_SIGMA_TOL * sig) break;
        lam = sig;
        rs = ridge_sigma(r, lam, c, &sig, err);
    }
    *lambda = lam;
    return rs;
}

/* GCV(lambda) = ||y - X c(lambda)||^2 / (n - q - edf(lambda))^2 of the
 * full problem, from the SVD of the reduced one (GSL's gcv routines would
 * take the reduced row count for n). */
static double gcv_func(double lambda, void *params)
{
    const ridge *r = params;
    const gsl_vector *S = r->mw->S;
    size_t p1 = r->p - r->q;
    double num = r->rho2, den = (double)(r->n - r->p), l2 = lambda * lambda;
    for (size_t j = 0; j < p1; j++) {
        double sj = gsl_vector_get(S, j), f = l2 / (sj * sj + l2);
        double v = f * gsl_vector_get(r->uty, j);
        num += v * v;
        den += f;
    }
    return num / (den * den);
}

/* lambda minimising GCV: GSL's grid (gsl_multifit_linear_gcv_init) and a
 * Brent refinement around its best point, as gsl_multifit_linear_gcv. */
static rw_status ridge_lambda_gcv(ridge *r, double *lambda, rw_error *err)
{
    *lambda = 0;
    if (r->p == r->q || r->n == r->p) return RW_OK;
    double delta0;
    int st = gsl_multifit_linear_gcv_init(r->ys, r->reg, r->uty, &delta0, r->mw);
    if (st) return gsl_fail(err, "gsl_multifit_linear_gcv_init", st);
    size_t npts = r->reg->size, best = 0;
    double gbest = GSL_POSINF;
    for (size_t k = 0; k < npts; k++) {
        double g = gcv_func(gsl_vector_get(r->reg, k), r);
        if (g < gbest) {
            gbest = g;
            best = k;
        }
    }
    double lam = gsl_vector_get(r->reg, best);
    if (!isfinite(gbest) || !isfinite(lam))
        return rw_error_set(err, RW_ENUMERIC, NULL, 0, "trend: GCV curve is not finite");
    if (best > 0 && best + 1 < npts) {
        /* reg is decreasing: bracket [reg[best+1], reg[best-1]] */
        gsl_function F = {gcv_func, r};
        double lo = gsl_vector_get(r->reg, best + 1), hi = gsl_vector_get(r->reg, best - 1);
        if (gsl_min_fminimizer_set(r->fmin, &F, lam, lo, hi) == GSL_SUCCESS) {
            for (int it = 0; it < TREND_GCV_MAXIT; it++) {
                if (gsl_min_fminimizer_iterate(r->fmin)) break;
                lo = gsl_min_fminimizer_x_lower(r->fmin);
                hi = gsl_min_fminimizer_x_upper(r->fmin);
                if (gsl_min_test_interval(lo, hi, 0.0, TREND_GCV_TOL) == GSL_SUCCESS) break;
            }
            double m = gsl_min_fminimizer_x_minimum(r->fmin);
            if (isfinite(m) && gcv_func(m, r) <= gbest) lam = m;
        }
    }
    *lambda = lam;
    return RW_OK;
}

rw_status rw_trend_ridge_solve(const gsl_matrix *X, const gsl_vector *y, size_t q,
                               const gsl_vector *pen, double lambda, gsl_vector *c,
                               rw_error *err)
{
    size_t n = X->size1, p = X->size2;
    if (p == 0 || n < p || q > p || y->size != n || c->size != p ||
        (p > q && (!pen || pen->size != p - q)) || !(lambda >= 0))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "trend: ridge problem of mismatched sizes");
    for (size_t j = 0; j + q < p; j++)
        if (!(gsl_vector_get(pen, j) > 0))
            return rw_error_set(err, RW_EINVAL, NULL, 0, "trend: penalty weights must be > 0");
    ridge *r = ridge_alloc(n, p, q, 0);
    if (!r) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    gsl_matrix_memcpy(r->A, X);
    if (p > q) gsl_vector_memcpy(r->L, pen);
    double rnorm;
    rw_status rs = ridge_prepare(r, y, err);
    if (rs == RW_OK) rs = ridge_solve(r, lambda, c, &rnorm, err);
    ridge_free(r);
    return rs;
}

/* ---- the model ----------------------------------------------------------- */

typedef struct trend {
    size_t n;                          /* history length (>= TREND_MIN_OBS) */
    size_t ncp;                        /* potential changepoints */
    size_t cp[TREND_N_CHANGEPOINTS];   /* their indexes: slope changes after y[cp] */
    size_t nper;                       /* seasonal periods given */
    double period[RW_MAX_PERIODS];     /* in steps */
    size_t harm[RW_MAX_PERIODS];       /* harmonics used per period (0: dropped) */
    int cal;                           /* month-start dummy in the design */
    int64_t t0, step;                  /* calendar: start of y[0] and step, seconds */
    size_t p;                          /* columns of the design */
    double coef[TREND_MAX_COLS];       /* coefficients, scaled units */
    double scale;                      /* z / scale was fitted (z = y or log y) */
    int log;                           /* variant "log": z = log y */
    int gcv;                           /* lambda chosen by GCV (else prior) */
    double lambda;                     /* Tikhonov parameter (standard form) */
    double sigma_s;                    /* residual sd of z / scale */
    double sigma_y;                    /* residual sd of y (data units) */
    double mad;                        /* mean |delta| (scaled), future delta scale */
    size_t events;                     /* month starts in the history */
    /* Posterior of the coefficients (Gaussian: Gaussian prior, noise sd
     * sigma_s), for simulate(); p1 = p - 2 penalised columns. */
    double *V;                         /* p1 x p1 right singular vectors of Xs */
    double *w;                         /* p1: 1 / sqrt(s_j^2 + lambda^2) */
    double *L;                         /* p1: penalty weights (standard form c~ = L c) */
    double R[TREND_FREE_COLS * TREND_FREE_COLS]; /* QR factor of the free columns */
    double *B;                         /* 2 x p1: (Q'X)[0..2) of the penalised columns */
    /* The design rows of steps n..n+nfut-1 (rw_model_opts.horizon), so that
     * each of the many sample paths does not recompute their sines and
     * calendar; steps past them are computed as needed. */
    size_t nfut;                       /* rows kept */
    double *fut;                       /* nfut x p, row k is step n + k */
} trend;

size_t rw_trend_default_harmonics(double period, size_t n)
{
    if (!(period > 2) || (double)n < TREND_MIN_CYCLES * period) return 0;
    int week = fabs(period / 7.0 - 1) <= TREND_WEEK_TOL || fabs(period / 168.0 - 1) <= TREND_WEEK_TOL;
    size_t k = week ? TREND_HARMONICS_WEEK : TREND_HARMONICS;
    /* largest K with 2K < period */
    double kmax = ceil(period / 2.0) - 1;
    if ((double)k > kmax) k = (size_t)kmax;
    return k;
}

/* 1 when step i lies on the 1st day of a UTC month. */
static int month_start(const trend *tr, size_t i)
{
    int64_t t = tr->t0 + (int64_t)i * tr->step;
    int64_t days = t >= 0 ? t / RW_DAY : -((-t + RW_DAY - 1) / RW_DAY);
    int64_t yy;
    int mm, dd;
    rw_civil_from_days(days, &yy, &mm, &dd);
    return dd == 1;
}

/* Writes the design row of step i (i >= n: the future) into row[0..p). */
static void fill_row(const trend *tr, size_t i, double *row)
{
    size_t j = 0;
    double span = (double)(tr->n - 1);
    row[j++] = 1.0;
    row[j++] = (double)i / span;
    for (size_t c = 0; c < tr->ncp; c++) row[j++] = i > tr->cp[c] ? (double)(i - tr->cp[c]) / span : 0;
    for (size_t k = 0; k < tr->nper; k++) {
        if (!tr->harm[k]) continue;
        double th = 2 * M_PI * fmod((double)i, tr->period[k]) / tr->period[k];
        double s1 = sin(th), c1 = cos(th), sk = s1, ck = c1;
        for (size_t h = 0; h < tr->harm[k]; h++) {
            row[j++] = sk;
            row[j++] = ck;
            double sn = sk * c1 + ck * s1;
            ck = ck * c1 - sk * s1;
            sk = sn;
        }
    }
    if (tr->cal) row[j++] = month_start(tr, i);
}

static double row_dot(const trend *tr, const double *row)
{
    double v = 0;
    for (size_t j = 0; j < tr->p; j++) v += row[j] * tr->coef[j];
    return v;
}

/* Parses the comma-separated variant ("log,gcv") into flags. */
static rw_status parse_variant(const char *v, int *log, int *gcv, int *dom1, rw_error *err)
{
    *log = *gcv = *dom1 = 0;
    if (!v || !*v) return RW_OK;
    for (const char *p = v;;) {
        size_t len = strcspn(p, ",");
        if (len == 3 && strncmp(p, "log", 3) == 0)
            *log = 1;
        else if (len == 3 && strncmp(p, "gcv", 3) == 0)
            *gcv = 1;
        else if (len == 4 && strncmp(p, "dom1", 4) == 0)
            *dom1 = 1;
        else
            return rw_error_set(err, RW_EINVAL, NULL, 0,
                                "trend: unknown variant '%s' (expected a comma-separated "
                                "list of log, gcv, dom1)",
                                v);
        if (p[len] == '\0') break;
        p += len + 1;
    }
    return RW_OK;
}

static size_t design_cols(const trend *tr)
{
    size_t p = TREND_FREE_COLS + tr->ncp + (tr->cal ? 1 : 0);
    for (size_t k = 0; k < tr->nper; k++) p += 2 * tr->harm[k];
    return p;
}

/* Places tr->ncp changepoints as Prophet does: at the observations
 * round(j (H - 1) / ncp), j = 1..ncp, H = floor(0.8 n). */
static void place_changepoints(trend *tr)
{
    size_t hist = (size_t)floor((double)tr->n * TREND_CHANGEPOINT_RANGE);
    for (size_t j = 0; j < tr->ncp; j++)
        tr->cp[j] = (size_t)lround((double)(j + 1) * (double)(hist - 1) / (double)tr->ncp);
}

/* Copies what simulate() needs to draw coefficients from their posterior:
 * with the free columns projected out (flat prior), the penalised ones in
 * standard form are N(c~, sigma^2 V diag(1/(s^2 + lambda^2)) V'), and the
 * free ones given them are N(R^-1 ((Q'y)[0..2) - B c1), sigma^2 (R'R)^-1). */
static rw_status keep_posterior(trend *tr, const ridge *r, rw_error *err)
{
    size_t p1 = tr->p - Q_;
    double *blk = malloc((p1 * p1 + 2 * p1 + Q_ * p1 + 1) * sizeof *blk);
    if (!blk) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    tr->V = blk;
    tr->w = blk + p1 * p1;
    tr->L = tr->w + p1;
    tr->B = tr->L + p1;
    double s0 = p1 ? gsl_vector_get(r->mw->S, 0) : 0;
    for (size_t i = 0; i < p1; i++) {
        for (size_t j = 0; j < p1; j++) tr->V[i * p1 + j] = gsl_matrix_get(r->mw->Q, i, j);
        double sj = gsl_vector_get(r->mw->S, i), d = sj * sj + tr->lambda * tr->lambda;
        tr->w[i] = tr->lambda > 0 ? 1 / sqrt(d) : sj > GSL_DBL_EPSILON * s0 ? 1 / sj : 0;
        tr->L[i] = gsl_vector_get(r->L, i);
        for (size_t k = 0; k < Q_; k++) tr->B[k * p1 + i] = gsl_matrix_get(r->A, k, Q_ + i);
    }
    for (size_t k = 0; k < Q_; k++)
        for (size_t j = 0; j < Q_; j++) tr->R[k * Q_ + j] = j >= k ? gsl_matrix_get(r->A, k, j) : 0;
    return RW_OK;
}

/* Draws coefficients (scaled units) from their posterior into c[0..p). */
static void draw_coef(const trend *tr, gsl_rng *rng, double *c)
{
    size_t p1 = tr->p - Q_;
    double e[TREND_MAX_COLS], v[Q_];
    for (size_t j = 0; j < p1; j++) e[j] = gsl_ran_gaussian_ziggurat(rng, 1.0) * tr->w[j];
    for (size_t i = 0; i < p1; i++) {
        double d = 0;
        for (size_t j = 0; j < p1; j++) d += tr->V[i * p1 + j] * e[j];
        c[Q_ + i] = tr->sigma_s * d / tr->L[i];
    }
    for (size_t k = 0; k < Q_; k++) {
        v[k] = gsl_ran_gaussian_ziggurat(rng, tr->sigma_s);
        for (size_t j = 0; j < p1; j++) v[k] -= tr->B[k * p1 + j] * c[Q_ + j];
    }
    for (size_t k = Q_; k-- > 0;) { /* back substitution R v = v */
        for (size_t j = k + 1; j < Q_; j++) v[k] -= tr->R[k * Q_ + j] * v[j];
        v[k] /= tr->R[k * Q_ + k];
    }
    for (size_t k = 0; k < Q_; k++) c[k] = v[k];
    for (size_t j = 0; j < tr->p; j++) c[j] += tr->coef[j];
}

static void trend_free(void *state)
{
    trend *tr = state;
    if (!tr) return;
    free(tr->V); /* one block holding V, w, L and B */
    free(tr->fut);
    free(tr);
}

static rw_status trend_fit_impl(const double *y, size_t n, const rw_seasonality *s,
                                const rw_model_opts *o, int calendar, int64_t t0, int64_t step,
                                void **state, rw_error *err)
{
    int lg, gcv, dom1;
    *state = NULL;
    rw_status rs = parse_variant(o ? o->variant : NULL, &lg, &gcv, &dom1, err);
    if (rs != RW_OK) return rs;
    if (dom1 && !calendar)
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "trend: variant 'dom1' needs timestamps (rw_trend_fit_calendar)");
    if (calendar && step <= 0)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "trend: step of %lld seconds",
                            (long long)step);
    if (n < TREND_MIN_OBS)
        return rw_error_set(err, RW_ESHORT, NULL, 0,
                            "trend: %zu observations, need at least %d", n, TREND_MIN_OBS);
    if (s && s->n > RW_MAX_PERIODS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "trend: %zu seasonal periods", s->n);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(y[i]))
            return rw_error_set(err, RW_EINVAL, NULL, 0, "trend: y[%zu] is not finite", i);
        if (lg && !(y[i] > 0))
            return rw_error_set(err, RW_EINVAL, NULL, 0,
                                "trend: variant 'log' needs positive data (y[%zu] = %g)", i,
                                y[i]);
    }

    trend *tr = calloc(1, sizeof *tr);
    if (!tr) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    ridge *r = NULL;
    gsl_vector *z = NULL;
    tr->n = n;
    tr->log = lg;
    tr->gcv = gcv;
    tr->t0 = t0;
    tr->step = step;
    tr->nper = s ? s->n : 0;
    for (size_t k = 0; k < tr->nper; k++) {
        tr->period[k] = s->period[k];
        tr->harm[k] = rw_trend_default_harmonics(s->period[k], n);
    }
    if (calendar && step <= RW_DAY && RW_DAY % step == 0) {
        tr->cal = 1; /* for month_start() */
        for (size_t i = 0; i < n; i++)
            if (month_start(tr, i) && (i == 0 || !month_start(tr, i - 1))) tr->events++;
        tr->cal = tr->events >= TREND_MIN_EVENTS;
    }
    size_t hist = (size_t)floor((double)n * TREND_CHANGEPOINT_RANGE);
    tr->ncp = hist >= 2 ? hist - 1 : 0;
    if (tr->ncp > TREND_N_CHANGEPOINTS) tr->ncp = TREND_N_CHANGEPOINTS;
    /* Keep at least one residual degree of freedom: fewer changepoints,
     * then fewer harmonics of the longest period, then no calendar. */
    while (design_cols(tr) > n - 1) {
        if (tr->ncp) {
            tr->ncp--;
            continue;
        }
        size_t big = RW_MAX_PERIODS;
        for (size_t k = 0; k < tr->nper; k++)
            if (tr->harm[k] && (big == RW_MAX_PERIODS || tr->period[k] > tr->period[big])) big = k;
        if (big < RW_MAX_PERIODS)
            tr->harm[big]--;
        else
            tr->cal = 0;
    }
    place_changepoints(tr);
    tr->p = design_cols(tr);

    /* Scaled target. */
    if (!(z = gsl_vector_alloc(n)) || !(r = ridge_alloc(n, tr->p, TREND_FREE_COLS, gcv))) {
        rs = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
        goto out;
    }
    double amax = 0;
    for (size_t i = 0; i < n; i++) {
        double v = lg ? log(y[i]) : y[i];
        gsl_vector_set(z, i, v);
        amax = fmax(amax, fabs(v));
    }
    tr->scale = amax > 0 ? amax : 1.0;
    gsl_vector_scale(z, 1.0 / tr->scale);

    /* Design and penalty weights (1 / prior sd). */
    for (size_t i = 0; i < n; i++) fill_row(tr, i, gsl_matrix_ptr(r->A, i, 0));
    for (size_t j = TREND_FREE_COLS; j < tr->p; j++) {
        double sd = j < TREND_FREE_COLS + tr->ncp ? TREND_CHANGEPOINT_PRIOR
                    : (tr->cal && j == tr->p - 1) ? TREND_HOLIDAY_PRIOR
                                                  : TREND_SEASONALITY_PRIOR;
        gsl_vector_set(r->L, j - TREND_FREE_COLS, 1.0 / sd);
    }
    if ((rs = ridge_prepare(r, z, err)) != RW_OK) goto out;

    gsl_vector_view c = gsl_vector_view_array(tr->coef, tr->p);
    if (gcv) {
        if ((rs = ridge_lambda_gcv(r, &tr->lambda, err)) != RW_OK) goto out;
        if ((rs = ridge_sigma(r, tr->lambda, &c.vector, &tr->sigma_s, err)) != RW_OK) goto out;
    } else {
        if ((rs = ridge_lambda_prior(r, &c.vector, &tr->lambda, err)) != RW_OK) goto out;
        if ((rs = ridge_sigma(r, tr->lambda, &c.vector, &tr->sigma_s, err)) != RW_OK) goto out;
    }

    /* Residual sd in data units (differs from scale * sigma_s for "log"). */
    double dof = (double)(n - TREND_FREE_COLS) - ridge_edf(r, tr->lambda);
    if (lg) {
        double row[TREND_MAX_COLS], ss = 0;
        for (size_t i = 0; i < n; i++) {
            fill_row(tr, i, row);
            double e = y[i] - exp(tr->scale * row_dot(tr, row));
            ss += e * e;
        }
        tr->sigma_y = sqrt(ss / (dof > 1 ? dof : 1));
    } else {
        tr->sigma_y = tr->scale * tr->sigma_s;
    }
    if ((rs = keep_posterior(tr, r, err)) != RW_OK) goto out;
    double sabs = 0;
    for (size_t j = 0; j < tr->ncp; j++) sabs += fabs(tr->coef[TREND_FREE_COLS + j]);
    tr->mad = tr->ncp ? sabs / (double)tr->ncp : 0;
    if (o && o->horizon) {
        if (!(tr->fut = malloc(o->horizon * tr->p * sizeof *tr->fut))) {
            rs = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
            goto out;
        }
        tr->nfut = o->horizon;
        for (size_t k = 0; k < tr->nfut; k++) fill_row(tr, n + k, tr->fut + k * tr->p);
    }
    *state = tr;
    tr = NULL;
out:
    ridge_free(r);
    gsl_vector_free(z);
    trend_free(tr);
    return rs;
}

static rw_status trend_fit(const double *y, size_t n, const rw_seasonality *s,
                           const rw_model_opts *o, void **state, rw_error *err)
{
    return trend_fit_impl(y, n, s, o, 0, 0, 0, state, err);
}

rw_status rw_trend_fit_calendar(const double *y, size_t n, const rw_seasonality *s,
                                int64_t t0_epoch_seconds, int64_t step_seconds,
                                const rw_model_opts *o, void **state, rw_error *err)
{
    return trend_fit_impl(y, n, s, o, 1, t0_epoch_seconds, step_seconds, state, err);
}

/* The design row of future step k (step n + k): kept, or into buf. */
static const double *future_row(const trend *tr, size_t k, double *buf)
{
    if (k < tr->nfut) return tr->fut + k * tr->p;
    fill_row(tr, tr->n + k, buf);
    return buf;
}

static rw_status trend_forecast(const void *state, size_t h, double *mean)
{
    const trend *tr = state;
    double buf[TREND_MAX_COLS];
    double sz = tr->scale * tr->sigma_s;
    for (size_t k = 0; k < h; k++) {
        const double *row = future_row(tr, k, buf);
        double zk = tr->scale * row_dot(tr, row);
        mean[k] = tr->log ? exp(zk + 0.5 * sz * sz) : zk;
    }
    return RW_OK;
}

/* Poisson draws of a mean of at most TREND_POISSON_DIRECT: the product
 * of uniforms until it falls to e^-mean (Knuth), with e^-mean (emu)
 * computed once per path rather than per draw; gsl_ran_poisson draws the
 * same uniforms for such means and returns the same counts. */
static unsigned poisson_small(gsl_rng *rng, double emu)
{
    unsigned k = 0;
    double prod = 1.0;
    do {
        prod *= gsl_rng_uniform(rng);
        k++;
    } while (prod > emu);
    return k - 1;
}

static rw_status trend_simulate(const void *state, size_t h, gsl_rng *rng, double *path)
{
    const trend *tr = state;
    double buf[TREND_MAX_COLS], c[TREND_MAX_COLS];
    double span = (double)(tr->n - 1);
    double rate = (double)tr->ncp / span; /* expected new changepoints per step */
    double emu = exp(-rate);
    double sz = tr->scale * tr->sigma_s;
    double dsum = 0, dtsum = 0; /* sums of new deltas and of delta * time */
    if (tr->sigma_s > 0)
        draw_coef(tr, rng, c);
    else
        memcpy(c, tr->coef, tr->p * sizeof *c);
    for (size_t k = 0; k < h; k++) {
        size_t i = tr->n + k;
        double ti = (double)i / span;
        if (tr->mad > 0 && rate > 0) {
            unsigned m = rate <= TREND_POISSON_DIRECT ? poisson_small(rng, emu)
                                                      : gsl_ran_poisson(rng, rate);
            for (unsigned j = 0; j < m; j++) {
                double u = ti - gsl_rng_uniform(rng) / span;
                double d = gsl_ran_laplace(rng, tr->mad);
                dsum += d;
                dtsum += d * u;
            }
        }
        const double *row = future_row(tr, k, buf);
        double mu = 0;
        for (size_t j = 0; j < tr->p; j++) mu += row[j] * c[j];
        double zk = tr->scale * (mu + dsum * ti - dtsum);
        if (sz > 0) zk += gsl_ran_gaussian_ziggurat(rng, sz);
        path[k] = tr->log ? exp(zk) : zk;
    }
    return RW_OK;
}

static void trend_describe(const void *state, rw_desc *d)
{
    const trend *tr = state;
    double span = (double)(tr->n - 1);
    double slope = tr->coef[1];
    rw_desc_str(d, "form", "piecewise-linear trend + Fourier");
    rw_desc_open(d, "changepoints", RW_DESC_ARRAY);
    for (size_t j = 0; j < tr->ncp; j++) {
        double delta = tr->coef[TREND_FREE_COLS + j];
        slope += delta;
        if (fabs(delta) <= TREND_REPORT_DELTA) continue;
        rw_desc_open(d, NULL, RW_DESC_OBJECT);
        rw_desc_int(d, "index", (int64_t)tr->cp[j]);
        rw_desc_real(d, "delta", delta * tr->scale / span); /* data (or log) units per step */
        rw_desc_close(d);
    }
    rw_desc_close(d);
    rw_desc_open(d, "harmonics", RW_DESC_OBJECT);
    for (size_t k = 0; k < tr->nper; k++) {
        char key[32];
        snprintf(key, sizeof key, "%g", tr->period[k]);
        rw_desc_int(d, key, (int64_t)tr->harm[k]);
    }
    rw_desc_close(d);
    rw_desc_int(d, "n_changepoints", (int64_t)tr->ncp);
    rw_desc_real(d, "lambda", tr->lambda);
    rw_desc_str(d, "selection", tr->gcv ? "gcv" : "prior");
    rw_desc_real(d, "changepoint_prior_scale", TREND_CHANGEPOINT_PRIOR);
    rw_desc_real(d, "slope", slope * tr->scale / span);
    rw_desc_real(d, "sigma", tr->scale * tr->sigma_s);
    rw_desc_bool(d, "log", tr->log);
    if (tr->cal) {
        rw_desc_open(d, "calendar", RW_DESC_OBJECT);
        rw_desc_real(d, "month_start", tr->scale * tr->coef[tr->p - 1]);
        rw_desc_int(d, "occurrences", (int64_t)tr->events);
        rw_desc_close(d);
    }
}

static double trend_sigma(const void *state)
{
    return ((const trend *)state)->sigma_y;
}


const rw_model_ops rw_model_trend = {"trend",        trend_fit,      trend_forecast, trend_simulate,
                                     trend_describe, trend_sigma,    trend_free};
