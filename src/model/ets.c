/* ets.c: exponential smoothing state space models (ETS) after Hyndman,
 * Koehler, Ord & Snyder, "Forecasting with Exponential Smoothing" (2008),
 * "HKOS" below, in the innovations form of their Tables 2.2 and 2.3.
 *
 * Forms: error A/M, trend N/A/Ad (damped), season N/A/M, named like R's
 * forecast::ets ("ANN", "AAdA", "MAM"). The variant may fix a form or use
 * 'Z' for "any" in a position ("ZZZ" or NULL: automatic). Automatic
 * selection fits every admissible candidate and keeps the lowest AICc. The
 * candidates are the 15 forms R's ets searches by default (Hyndman &
 * Athanasopoulos, FPP3 8.6): no multiplicative trend (not supported at all
 * here), and no additive error with multiplicative season (ANM, AAM, AAdM:
 * their state equations divide by states that can approach zero; asking for
 * them is RW_EINVAL, as in R). Multiplicative error or season needs strictly
 * positive data; a season needs a period m = round(period[0]) in
 * [2, ETS_MAX_SEASON] and two full seasons; every form needs
 * n - k - 1 >= ETS_MIN_RESID_DOF (k below).
 *
 * Initial states (after HKOS 2.6 and R's initstate, which decomposes the
 * first 3 seasons and then optimises every seed): a classical decomposition
 * (centred 2xm moving average) of all complete seasons gives the seasonal
 * seeds, normalised to sum 0 (additive) or mean 1 (multiplicative, floored
 * at ETS_SEAS_MIN); the initial trend is the least-squares slope of the
 * whole seasonally adjusted series; the initial level is the mean of the
 * first max(ETS_INIT_MIN_OBS, 2m) adjusted points less that slope times
 * their mean time. Optimised by maximum likelihood: alpha, beta, gamma, phi
 * (as the form has them) and the initial level; so at most 5 dimensions
 * whatever m (up to 168). Why the rest stays put:
 *  - seasonal seeds: their whole-series average is near the optimum when
 *    gamma is small, the usual case, and adapts through gamma otherwise;
 *  - the initial trend: when beta is small the trend stays near it for the
 *    whole series, as a fixed drift, and the global slope is that drift;
 *    optimised freely, it becomes a bias term that multiplicative-error
 *    likelihoods favour on spiky data (over-forecasting shrinks relative
 *    errors), and its extrapolation ruins forecasts.
 * On the 414 M4 hourly series (m = 24, h = 48) this gives sMAPE 17.75,
 * MASE 1.79 against R's ets 17.31, 1.82 (optimising the trend seed too:
 * 21.3, 2.2). The seeds are still counted in k, as R counts them, so AICc
 * compares with R's: k = smoothing parameters + level (+ trend) (+ m - 1
 * seasonal states) + 1 (sigma).
 *
 * Likelihood: the concentrated Gaussian likelihood of HKOS ch. 5,
 * n log(SSE/n) for additive errors, n log(SSE_rel/n) + 2 sum log|yhat| for
 * multiplicative ones (SSE_rel of (y - yhat) / yhat); the reported loglik
 * adds the constants, -2 logL = n (log(2 pi SSE/n) + 1) (+ 2 sum log yhat).
 * To keep a perfect fit finite, SSE/n is floored at ETS_MSE_FLOOR (in units
 * of mean|y|^2, or relative); sigma reports the actual residuals. The fit
 * runs on y / mean|y| and converts back, so tolerances are scale-free.
 *
 * Parameter region: the usual bounds ETS_PAR_LO <= alpha <= ETS_PAR_HI,
 * ETS_PAR_LO <= beta <= alpha, ETS_PAR_LO <= gamma <= 1 - alpha,
 * ETS_PHI_LO <= phi <= ETS_PHI_HI, intersected (seasonal forms) with the
 * admissible region of HKOS ch. 10 (rw_ets_admissible), as R's
 * bounds = "both". Nelder-Mead (GSL nmsimplex2) works in coordinates in
 * [0, 1] mapped linearly onto those (dependent) bounds; a point outside the
 * box is evaluated at its projection plus a penalty growing with the
 * distance, an inadmissible or undefined one (multiplicative form with
 * yhat <= 0) gets ETS_INFEASIBLE. The level coordinate is the offset from
 * the heuristic in units of the rms first difference. The search starts
 * from the best of R's start values and the optima of forms already fitted
 * (so a form does at least about as well as the forms it nests), and
 * restarts a fresh simplex at its best point until a round gains less than
 * ETS_NM_GAIN (at most ETS_NM_ROUNDS rounds); a round that ended because the
 * likelihood stalled (less than ETS_NM_FTOL over 5 dim iterations) is not
 * restarted (on the daily benchmark and M4 Hourly this halved the search
 * at the same accuracy, docs/benchmarks-forecast.md). Warm start
 * (rw_model_opts.warm, an ets state fitted to a longer history of the same
 * series: the backtest's whole-history fit): every form is still fitted
 * and the choice among them made afresh, but each search also starts from
 * that fit's optimum of the same form, with a smaller simplex, in one round
 * that may stop after its first stall window (on the daily benchmark ETS
 * took 36% fewer instructions, at the same accuracy). The search runs
 * without the O(m^2) admissibility test, which is applied to its result;
 * only a failing result is searched for again with the test on (fit_form).
 *
 * Forecasts are the point forecasts of the recursion. They are the means of
 * the forecast distribution for every form except multiplicative seasons
 * beyond one season ahead, where the mean differs slightly (HKOS ch. 6).
 * Simulated paths run the state equations with N(0, sigma^2) innovations
 * (relative ones for multiplicative error), sigma^2 = SSE / (n - k + 1) as
 * in R. Nothing is clamped: multiplicative forms are updated in their
 * division-free relative form (l = q (1 + alpha eps), s = s (1 + gamma eps)),
 * so a path whose innovation falls below -1 (probability Phi(-1/sigma) per
 * step) goes non-positive and continues through the same equations, finite.
 * ops->sigma is the absolute one-step residual sd (data units) for every
 * form; describe()'s "sigma" is the model's, relative for M error. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_vector.h>
#include "model/ets_internal.h"
#include "model/model.h"

#define ETS_MAX_SEASON 168    /* longest season fitted (one week of hours) */
#define ETS_PAR_LO 1e-4       /* lower bound of alpha, beta, gamma (R's) */
#define ETS_PAR_HI 0.9999     /* upper bound of alpha (R's) */
#define ETS_PHI_LO 0.8        /* damping bounds (HKOS, R) */
#define ETS_PHI_HI 0.98
#define ETS_MIN_RESID_DOF 2   /* fit a form only when n - k - 1 >= this */
#define ETS_INIT_MIN_OBS 10   /* least points for the initial level */
#define ETS_SEAS_MIN 1e-2     /* floor of an initial multiplicative index */
#define ETS_POS_MIN 1e-8      /* multiplicative forms need yhat > this * mean|y| */
#define ETS_MSE_FLOOR 1e-20   /* floor of SSE/n, units of mean|y|^2 or relative */
#define ETS_ALPHA0 0.2        /* start: alpha coordinate 0.2/m (R's) */
#define ETS_BETA0 0.1         /* start: beta coordinate */
#define ETS_GAMMA0 0.05       /* start: gamma coordinate */
#define ETS_PHI0 0.99         /* start: phi coordinate */
#define ETS_NM_STEP 0.1       /* initial simplex step, smoothing coordinates */
#define ETS_NM_STEP_STATE 0.5 /* initial simplex step, level coordinate */
#define ETS_NM_WARM_STEP 0.5  /* simplex steps times this when warm-started (fit_form) */
#define ETS_NM_TOL 1e-3       /* simplex size at convergence (coordinates) */
#define ETS_NM_MAXIT 2000     /* iterations per Nelder-Mead round (R's maxit) */
#define ETS_NM_STALL 5        /* a round also ends when ETS_NM_STALL * dim... */
#define ETS_NM_FTOL 1e-2      /* ...iterations lower -2 logL less than this */
#define ETS_NM_ROUNDS 4       /* at most this many rounds, each restarted... */
#define ETS_NM_GAIN 1e-2      /* ...while the last one lowered -2 logL this much */
#define ETS_PENALTY 10.0      /* objective per unit of box distance, times n */
#define ETS_INFEASIBLE 1e100  /* objective of inadmissible or undefined points */
#define ETS_BISECT_STEPS 30   /* bisections towards the admissible boundary */
#define ETS_PROD_HI 1e150     /* the product of yhat is logged and restarted... */
#define ETS_PROD_LO 1e-150    /* ...only when it leaves [ETS_PROD_LO, ETS_PROD_HI] */
#define ETS_MAX_DIM 5         /* alpha, beta, gamma, phi, level */

/* ---- forms ---- */

rw_status rw_ets_parse_form(const char *s, rw_ets_form *f)
{
    if (!s) return RW_EINVAL;
    const char *p = s;
    char e = *p++;
    if (e != 'A' && e != 'M' && e != 'Z') return RW_EINVAL;
    char t = *p++;
    if (t == 'A' && *p == 'd') {
        t = 'D';
        p++;
    } else if (t != 'N' && t != 'A' && t != 'Z') {
        return RW_EINVAL;
    }
    char se = *p;
    if (se != 'N' && se != 'A' && se != 'M' && se != 'Z') return RW_EINVAL;
    if (p[1] != '\0') return RW_EINVAL;
    f->error = e;
    f->trend = t;
    f->season = se;
    return RW_OK;
}

void rw_ets_form_name(const rw_ets_form *f, char out[5])
{
    size_t i = 0;
    out[i++] = f->error;
    if (f->trend == 'D') {
        out[i++] = 'A';
        out[i++] = 'd';
    } else {
        out[i++] = f->trend;
    }
    out[i++] = f->season;
    out[i] = '\0';
}

/* ---- the recursion ---- */

/* Effective parameters of a form: no trend is beta = phi = 0 (the trend
 * state stays 0), no damping phi = 1, no season gamma = 0 (no ring). */
typedef struct ets_spec {
    double alpha, beta, gamma, phi; /* effective smoothing parameters */
    size_t ms;                      /* ring length: m with a season, else 1 */
    double pos_min;                 /* multiplicative forms need yhat > this */
} ets_spec;

/* Which specialised loop runs a form: season (none, additive,
 * multiplicative) and error (additive, multiplicative). */
typedef enum ets_loop {
    ETS_LOOP_NA, /* no season, additive error */
    ETS_LOOP_NM, /* no season, multiplicative error */
    ETS_LOOP_AA, /* additive season, additive error */
    ETS_LOOP_AM, /* additive season, multiplicative error */
    ETS_LOOP_MM, /* multiplicative season, multiplicative error */
} ets_loop;

/* What a pass over the data returns. */
typedef struct ets_sums {
    double sse;  /* sum of squared errors, model scale */
    double slog; /* sum of log yhat (multiplicative error), else 0 */
    double l, b; /* final level and trend */
} ets_sums;

static ets_loop loop_of(const rw_ets_form *f)
{
    if (f->season == 'M') return ETS_LOOP_MM;
    if (f->season == 'A') return f->error == 'M' ? ETS_LOOP_AM : ETS_LOOP_AA;
    return f->error == 'M' ? ETS_LOOP_NM : ETS_LOOP_NA;
}

static void spec_set(ets_spec *sp, const rw_ets_form *f, const rw_ets_params *p, size_t m)
{
    sp->alpha = p->alpha;
    sp->beta = f->trend == 'N' ? 0.0 : p->beta;
    sp->phi = f->trend == 'D' ? p->phi : f->trend == 'A' ? 1.0 : 0.0;
    sp->gamma = f->season == 'N' ? 0.0 : p->gamma;
    sp->ms = f->season == 'N' ? 1 : m;
}

/* The recursion, the likelihood's hot path: no allocation, and the form is
 * fixed at compile time (season: 'N', 'A', 'M'; merr: multiplicative error)
 * in each of the five instances ets_run calls.
 *
 * Every form here updates its states from u = ys - q, where
 * q = l + phi b is the level-and-trend part of the one-step forecast and
 * ys = y - s (additive season), y / s (multiplicative season) or y; then
 * l' = q + alpha u, b' = phi b + beta u (HKOS Tables 2.2-2.3, in the
 * error-correction form: with multiplicative error and additive parts the
 * absolute error is u; with a multiplicative season it is u s). The error
 * on the model's scale is u (additive error), u / (q + s) or u / q
 * (multiplicative error); the seasonal update s' = s + gamma u or
 * s (1 + gamma u / q). Eliminating l, the forecast part obeys
 *   q[t+1] = kappa q[t] + (alpha + phi beta) ys[t] - phi l[t-1],
 *   kappa = 1 - alpha - phi beta + phi, phi l[t-1] = phi (1 - alpha) q[t-1]
 *   + phi alpha ys[t-1],
 * so one multiply-add separates q[t] from q[t+1] (the textbook order takes
 * four dependent operations). b runs alongside, off that chain.
 *
 * ring[0..ms) holds the seasonal states, ring[j] used by step t with
 * j = t mod ms; e (may be NULL) gets y - yhat. Returns false when yhat
 * leaves a multiplicative form's domain (<= pos_min) or a sum overflows. */
static inline __attribute__((always_inline)) bool
run_form(const ets_spec *sp, const double *y, size_t n, double l, double b, double *ring,
         double *e, ets_sums *out, const char season, const bool merr, const bool states)
{
    const double alpha = sp->alpha, beta = sp->beta, gamma = sp->gamma, phi = sp->phi;
    const double pos_min = sp->pos_min, pb = phi * beta;
    const double kappa = 1.0 - alpha - pb + phi, ab = alpha + pb;
    const double po = phi * (1.0 - alpha), pa = phi * alpha;
    const size_t ms = sp->ms;
    double q = l + phi * b, pl = phi * l, sse = 0, slog = 0, prod = 1, u = 0, qlast = q;
    size_t j = 0;
    for (size_t t = 0; t < n; t++) {
        double s = season == 'N' ? 0.0 : ring[j];
        double inv_s = season == 'M' ? 1.0 / s : 1.0;
        double ys = season == 'M' ? y[t] * inv_s : y[t] - s;
        double yhat = season == 'M' ? q * s : q + s;
        if (merr && !(yhat > pos_min)) return false;
        u = ys - q;
        double qn = kappa * q + (ab * ys - pl);
        pl = pa * ys + po * q;
        if (states) b = phi * b + beta * u;
        double err = season == 'M' ? u * s : u;
        if (season == 'A') ring[j] = s + gamma * u;
        if (merr) {
            double eps = season == 'M' ? u / q : err / yhat;
            if (season == 'M') ring[j] = s + gamma * s * eps;
            sse += eps * eps;
            /* One log per pass, not one per step: yhat > pos_min (1e-8) and
             * the product restarts outside [1e-150, 1e150], so it cannot
             * underflow, nor overflow short of yhat ~ 1e158 (inf then fails
             * the pass, as a sum that overflows does). */
            prod *= yhat;
            if (!(prod < ETS_PROD_HI && prod > ETS_PROD_LO)) {
                slog += log(prod);
                prod = 1;
            }
        } else {
            sse += u * u;
        }
        if (season != 'N' && ++j == ms) j = 0;
        if (states) {
            if (e) e[t] = err;
            qlast = q;
        }
        q = qn;
    }
    if (merr) slog += log(prod);
    out->sse = sse;
    out->slog = slog;
    if (!states) {
        /* Finite sums imply finite states (each |u| < sqrt(sse)). */
        out->l = out->b = NAN;
        return isfinite(sse) && isfinite(slog);
    }
    out->l = n > 0 ? qlast + alpha * u : l;
    out->b = b;
    return isfinite(sse) && isfinite(slog) && isfinite(out->l) && isfinite(b);
}

static bool ets_run(ets_loop loop, const ets_spec *sp, const double *y, size_t n, double l,
                    double b, double *ring, double *e, ets_sums *out)
{
    switch (loop) {
    case ETS_LOOP_NA: return run_form(sp, y, n, l, b, ring, e, out, 'N', false, true);
    case ETS_LOOP_NM: return run_form(sp, y, n, l, b, ring, e, out, 'N', true, true);
    case ETS_LOOP_AA: return run_form(sp, y, n, l, b, ring, e, out, 'A', false, true);
    case ETS_LOOP_AM: return run_form(sp, y, n, l, b, ring, e, out, 'A', true, true);
    case ETS_LOOP_MM: return run_form(sp, y, n, l, b, ring, e, out, 'M', true, true);
    }
    return false;
}

/* ets_run for the search, which needs the sums alone: the same sums, bit
 * for bit (the trend state and the errors are off the chain they come
 * from), without the final states (out->l and out->b are NAN). */
static bool ets_run_sums(ets_loop loop, const ets_spec *sp, const double *y, size_t n, double l,
                         double b, double *ring, ets_sums *out)
{
    switch (loop) {
    case ETS_LOOP_NA: return run_form(sp, y, n, l, b, ring, NULL, out, 'N', false, false);
    case ETS_LOOP_NM: return run_form(sp, y, n, l, b, ring, NULL, out, 'N', true, false);
    case ETS_LOOP_AA: return run_form(sp, y, n, l, b, ring, NULL, out, 'A', false, false);
    case ETS_LOOP_AM: return run_form(sp, y, n, l, b, ring, NULL, out, 'A', true, false);
    case ETS_LOOP_MM: return run_form(sp, y, n, l, b, ring, NULL, out, 'M', true, false);
    }
    return false;
}

static void reverse(double *a, size_t lo, size_t hi) /* [lo, hi) */
{
    while (hi > lo + 1) {
        double t = a[lo];
        a[lo++] = a[--hi];
        a[hi] = t;
    }
}

/* Rotates ring[0..ms) left by n mod ms, so ring[0] is the state of step n. */
static void ring_align(double *ring, size_t ms, size_t n)
{
    size_t r = n % ms;
    if (r == 0) return;
    reverse(ring, 0, r);
    reverse(ring, r, ms);
    reverse(ring, 0, ms);
}

rw_status rw_ets_filter(const rw_ets_form *f, const rw_ets_params *p, size_t m, const double *y,
                        size_t n, const double *x0, double *e, double *xn, double *sse,
                        double *slog)
{
    if (f->season == 'M' && f->error != 'M') return RW_EINVAL;
    if (!xn && f->season != 'N' && m > ETS_MAX_SEASON) return RW_EINVAL;
    ets_spec sp;
    spec_set(&sp, f, p, m);
    sp.pos_min = 0.0;
    double *ring = NULL, buf[ETS_MAX_SEASON];
    double l0 = x0[0], b0 = f->trend == 'N' ? 0.0 : x0[1];
    if (f->season != 'N') {
        ring = xn ? xn + 2 : buf;
        memmove(ring, x0 + 2, m * sizeof *ring);
    }
    ets_sums r = {NAN, NAN, NAN, NAN}; /* stays so when the run stops early */
    bool ok = xn ? ets_run(loop_of(f), &sp, y, n, l0, b0, ring, e, &r)
                 : ets_run_sums(loop_of(f), &sp, y, n, l0, b0, ring, &r);
    if (xn) {
        if (f->season != 'N') ring_align(ring, m, n);
        xn[0] = r.l;
        xn[1] = r.b;
    }
    *sse = r.sse;
    *slog = r.slog;
    return ok ? RW_OK : RW_ENUMERIC;
}

void rw_ets_point_forecast(const rw_ets_form *f, const rw_ets_params *p, size_t m,
                           const double *x, size_t h, double *out)
{
    double phi = f->trend == 'D' ? p->phi : 1.0, b = f->trend == 'N' ? 0.0 : x[1];
    double cum = 0, pw = 1;
    for (size_t k = 0; k < h; k++) {
        pw *= phi;
        cum += pw; /* phi + phi^2 + ... + phi^(k+1) */
        double q = x[0] + cum * b;
        if (f->season == 'A')
            out[k] = q + x[2 + k % m];
        else if (f->season == 'M')
            out[k] = q * x[2 + k % m];
        else
            out[k] = q;
    }
}

/* ---- admissibility ----
 *
 * Eliminating the states of the additive-error form (backshift B) gives
 * (1 - phi B)(1 - B^m) y_t = theta(B) e_t with
 *   theta(B) = (1 - phi B)(1 - B^m) + B S(B) (alpha + phi (beta - alpha) B)
 *            + phi beta B (1 - B^m) + gamma B^m (1 - phi B),
 * S(B) = 1 + B + ... + B^(m-1); no season is m = 1, gamma = 0; no trend is
 * phi = beta = 0 (the factor 1 - phi B then drops out). The model is
 * invertible when theta's roots lie outside the unit circle: the eigenvalues
 * of HKOS's discount matrix D = F - g w' other than the level/season
 * redundancy's unit one. The step-down recursion takes theta's reflection
 * coefficients k; all |k| < 1 is that condition. */
bool rw_ets_admissible(const rw_ets_form *f, const rw_ets_params *p, size_t m, double *a)
{
    double phi = f->trend == 'D' ? p->phi : f->trend == 'A' ? 1.0 : 0.0;
    double beta = f->trend == 'N' ? 0.0 : p->beta;
    double gamma = f->season == 'N' ? 0.0 : p->gamma, alpha = p->alpha;
    size_t ms = f->season == 'N' ? 1 : m, d = ms + 1;
    for (size_t i = 0; i <= d; i++) a[i] = 0;
    a[0] += 1;
    a[1] -= phi;
    a[ms] -= 1;
    a[ms + 1] += phi;
    double c = phi * (beta - alpha);
    for (size_t i = 1; i <= ms; i++) {
        a[i] += alpha;
        a[i + 1] += c;
    }
    a[1] += phi * beta;
    a[ms + 1] -= phi * beta;
    a[ms] += gamma;
    a[ms + 1] -= gamma * phi;
    for (size_t q = d; q >= 1; q--) {
        double k = a[q];
        if (!(fabs(k) < 1.0)) return false;
        double g = 1.0 / (1.0 - k * k);
        for (size_t i = 1, j = q - 1; i <= j; i++, j--) {
            double ai = a[i], aj = a[j];
            a[i] = (ai - k * aj) * g;
            a[j] = (aj - k * ai) * g;
        }
    }
    return true;
}

/* ---- fitting ---- */

/* Everything one fit uses, sized once per call of ets_fit. */
typedef struct ets_work {
    const double *z;       /* data divided by the scale mean|y| */
    size_t n;              /* observations */
    size_t m;              /* season length of the data (1: none) */
    rw_ets_form form;      /* form being fitted */
    ets_loop loop;         /* its recursion */
    ets_spec spec;         /* its effective parameters, set per evaluation */
    size_t nsmooth;        /* smoothing coordinates (alpha..phi) */
    size_t dim;            /* all coordinates: nsmooth + level */
    double *s0;            /* initial seasonal states [m] */
    double *ring;          /* recursion ring [m] */
    double *poly;          /* admissibility scratch [m + 2] */
    double *cnt;           /* decomposition scratch [m] */
    double *e;             /* one-step errors of the final pass [n] */
    double l0, b0;         /* heuristic initial level, initial trend */
    double lscale;         /* unit of the level coordinate */
    bool check_adm;        /* reject inadmissible points during the search */
    bool known;            /* the objective at known_x is known_f (see minimise) */
    double known_x[ETS_MAX_DIM]; /* a point already evaluated... */
    double known_f;        /* ...and its objective */
    gsl_multimin_fminimizer *nm[ETS_MAX_DIM + 1]; /* minimiser per dimension */
} ets_work;

/* One fitted form, in the scaled units of the work. */
typedef struct ets_result {
    rw_ets_params par; /* smoothing parameters */
    double loglik;     /* log-likelihood (scaled data) */
    double sse;        /* model-scale sum of squared errors */
    double sse_abs;    /* absolute sum of squared errors */
    size_t k;          /* parameters in the AICc, sigma included */
    double l0;         /* initial level (scaled units) */
} ets_result;

static double clamp01(double v, double *out)
{
    if (v < 0) {
        *out -= v;
        return 0;
    }
    if (v > 1) {
        *out += v - 1;
        return 1;
    }
    return v;
}

/* Maps coordinates x[0..dim) to parameters and initial level and trend;
 * returns the distance of x outside the box of smoothing coordinates. */
static double unpack(const ets_work *w, const double *x, rw_ets_params *p, double *l0, double *b0)
{
    double out = 0;
    size_t i = 0;
    const rw_ets_form *f = &w->form;
    p->alpha = ETS_PAR_LO + (ETS_PAR_HI - ETS_PAR_LO) * clamp01(x[i++], &out);
    p->beta = 0;
    p->gamma = 0;
    p->phi = 1;
    if (f->trend != 'N') p->beta = ETS_PAR_LO + (p->alpha - ETS_PAR_LO) * clamp01(x[i++], &out);
    if (f->season != 'N')
        p->gamma = ETS_PAR_LO + (1.0 - p->alpha - ETS_PAR_LO) * clamp01(x[i++], &out);
    if (f->trend == 'D') p->phi = ETS_PHI_LO + (ETS_PHI_HI - ETS_PHI_LO) * clamp01(x[i++], &out);
    *l0 = w->l0 + w->lscale * x[i];
    *b0 = f->trend != 'N' ? w->b0 : 0.0;
    return out;
}

/* n log(SSE/n) (+ 2 sum log yhat): -2 logL without its constants. */
static double concentrated(size_t n, const ets_sums *r)
{
    double mse = r->sse / (double)n;
    if (mse < ETS_MSE_FLOOR) mse = ETS_MSE_FLOOR;
    return (double)n * log(mse) + 2.0 * r->slog;
}

/* Runs the form at coordinates x; false when x is inadmissible (tested
 * when w->check_adm) or the recursion leaves the form's domain. e: as for
 * ets_run; NULL (the search) gives the sums alone, r->l and r->b NAN
 * (ets_run_sums). Only seasonal forms need the admissibility test: for the
 * others the usual box lies inside the admissible region (0 < alpha < 2,
 * alpha (phi - 1) < beta < (1 + phi)(2 - alpha), HKOS ch. 10). */
static bool evaluate(ets_work *w, const double *x, double *e, rw_ets_params *p, ets_sums *r,
                     double *dist)
{
    double l0, b0;
    *dist = unpack(w, x, p, &l0, &b0);
    if (w->check_adm && !rw_ets_admissible(&w->form, p, w->m, w->poly)) return false;
    spec_set(&w->spec, &w->form, p, w->m);
    memcpy(w->ring, w->s0, w->spec.ms * sizeof *w->ring);
    if (!e) return ets_run_sums(w->loop, &w->spec, w->z, w->n, l0, b0, w->ring, r);
    return ets_run(w->loop, &w->spec, w->z, w->n, l0, b0, w->ring, e, r);
}

/* True when coordinates x map to admissible parameters (seasonal forms). */
static bool admissible_at(ets_work *w, const double *x)
{
    rw_ets_params p;
    double l0, b0;
    unpack(w, x, &p, &l0, &b0);
    return rw_ets_admissible(&w->form, &p, w->m, w->poly);
}

static double ets_objective(const gsl_vector *v, void *vw)
{
    ets_work *w = vw;
    double x[ETS_MAX_DIM], dist;
    for (size_t i = 0; i < w->dim; i++) x[i] = gsl_vector_get(v, i);
    if (w->known && !memcmp(x, w->known_x, w->dim * sizeof *x)) return w->known_f;
    rw_ets_params p;
    ets_sums r;
    bool ok = evaluate(w, x, NULL, &p, &r, &dist);
    double val = ok ? concentrated(w->n, &r) : ETS_INFEASIBLE;
    if (!isfinite(val)) val = ETS_INFEASIBLE;
    return val + ETS_PENALTY * (double)w->n * dist;
}

/* Observation t seasonally adjusted by the seeds w->s0 of w->form. */
static inline double adjusted(const ets_work *w, size_t t)
{
    if (w->form.season == 'N') return w->z[t];
    double s = w->s0[t % w->m];
    return w->form.season == 'M' ? w->z[t] / s : w->z[t] - s;
}

/* Heuristic initial states of w->form into w->s0, w->l0, w->b0; see the
 * file header. */
static void init_states(ets_work *w)
{
    const double *z = w->z;
    const rw_ets_form *f = &w->form;
    size_t n = w->n, m = w->m;
    bool seas = f->season != 'N', mult = f->season == 'M';
    double *s0 = w->s0;
    if (!seas) {
        s0[0] = 0;
    } else {
        size_t W = n / m * m, h = m / 2; /* all complete seasons */
        bool even = m % 2 == 0;
        for (size_t j = 0; j < m; j++) s0[j] = w->cnt[j] = 0;
        double sum = 0; /* z[t - h] + ... + z[t + h] */
        for (size_t i = 0; i <= 2 * h; i++) sum += z[i];
        for (size_t t = h; t + h < W; t++) {
            if (t > h) sum += z[t + h] - z[t - h - 1];
            double ma = (even ? sum - 0.5 * (z[t - h] + z[t + h]) : sum) / (double)m;
            s0[t % m] += mult ? (ma > 0 ? z[t] / ma : 1.0) : z[t] - ma;
            w->cnt[t % m] += 1;
        }
        double mean = 0;
        for (size_t j = 0; j < m; j++) {
            s0[j] = w->cnt[j] > 0 ? s0[j] / w->cnt[j] : (mult ? 1.0 : 0.0);
            if (mult && s0[j] < ETS_SEAS_MIN) s0[j] = ETS_SEAS_MIN;
            mean += s0[j];
        }
        mean /= (double)m;
        for (size_t j = 0; j < m; j++) s0[j] = mult ? s0[j] / mean : s0[j] - mean;
    }
    w->b0 = 0;
    if (f->trend != 'N' && n > 1) { /* least-squares slope over the whole series */
        double xbar = ((double)n + 1.0) / 2.0, ybar = 0, sxy = 0, sxx = 0;
        for (size_t t = 0; t < n; t++) ybar += adjusted(w, t);
        ybar /= (double)n;
        for (size_t t = 0; t < n; t++) {
            double dx = (double)(t + 1) - xbar;
            sxy += dx * (adjusted(w, t) - ybar);
            sxx += dx * dx;
        }
        w->b0 = sxy / sxx;
    }
    size_t ms = seas ? m : 1, nfit = 2 * ms > ETS_INIT_MIN_OBS ? 2 * ms : ETS_INIT_MIN_OBS;
    if (nfit > n) nfit = n;
    double ybar = 0;
    for (size_t t = 0; t < nfit; t++) ybar += adjusted(w, t);
    ybar /= (double)nfit;
    w->l0 = ybar - w->b0 * ((double)nfit + 1.0) / 2.0;
    /* Multiplicative forms need a positive start: fall back to a flat one. */
    if ((f->error == 'M' || mult) && !(w->l0 > 0 && w->l0 + w->b0 > 0)) {
        w->l0 = ybar;
        w->b0 = 0;
    }
}

/* Nelder-Mead from x[0..dim) in rounds: each restarts a fresh simplex at
 * the best point (a collapsed simplex often stops short, more so at the
 * box's faces), until a round gains less than ETS_NM_GAIN or ETS_NM_ROUNDS
 * have run. A round ends when the simplex is smaller than ETS_NM_TOL, or
 * when the likelihood stalls (a flat direction, such as the initial level
 * when alpha is near 1, never shrinks the simplex). The simplex steps are
 * step_scale times the usual ones; fstart is the objective the first
 * round's first stall window counts from (HUGE_VAL: that window cannot
 * stall); a warm search (fstart finite) runs that one round only. fx is the
 * objective at x (NAN: not known); a round's simplex starts at a point
 * whose objective is known (fx, then the last round's best), which is not
 * evaluated again. x gets the best point. */
static rw_status minimise(ets_work *w, double *x, double fx, double step_scale, double fstart)
{
    size_t dim = w->dim;
    gsl_multimin_fminimizer *mz = w->nm[dim];
    if (!mz) {
        mz = w->nm[dim] = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, dim);
        if (!mz) return RW_ENOMEM;
    }
    gsl_multimin_function fn = {ets_objective, dim, w};
    double step[ETS_MAX_DIM], prev = HUGE_VAL;
    gsl_vector_view xv = gsl_vector_view_array(x, dim), sv = gsl_vector_view_array(step, dim);
    int rounds = fstart < HUGE_VAL ? 1 : ETS_NM_ROUNDS;
    for (int round = 0; round < rounds; round++) {
        for (size_t i = 0; i < dim; i++)
            step[i] = step_scale * (i >= w->nsmooth ? ETS_NM_STEP_STATE
                                                    : x[i] > 0.5 ? -ETS_NM_STEP : ETS_NM_STEP);
        w->known = !isnan(fx);
        memcpy(w->known_x, x, dim * sizeof *x);
        w->known_f = fx;
        int st = gsl_multimin_fminimizer_set(mz, &fn, &xv.vector, &sv.vector);
        w->known = false;
        if (st != GSL_SUCCESS) return RW_ENUMERIC;
        double fwin = round == 0 ? fstart : HUGE_VAL; /* best value at the window's start */
        bool stalled = false;
        for (size_t it = 0; it < ETS_NM_MAXIT; it++) {
            st = gsl_multimin_fminimizer_iterate(mz);
            if (st != GSL_SUCCESS) return RW_ENUMERIC;
            st = gsl_multimin_test_size(gsl_multimin_fminimizer_size(mz), ETS_NM_TOL);
            if (st != GSL_CONTINUE) break;
            if ((it + 1) % (ETS_NM_STALL * dim) == 0) {
                double fb = gsl_multimin_fminimizer_minimum(mz);
                if (fwin - fb < ETS_NM_FTOL) { /* flat: e.g. the level at alpha ~ 1 */
                    stalled = true;
                    break;
                }
                fwin = fb;
            }
        }
        if (st != GSL_SUCCESS && st != GSL_CONTINUE) return RW_ENUMERIC;
        if (gsl_vector_memcpy(&xv.vector, gsl_multimin_fminimizer_x(mz)) != GSL_SUCCESS)
            return RW_ENUMERIC;
        double f = gsl_multimin_fminimizer_minimum(mz);
        /* A round that stalled already gained less than ETS_NM_GAIN over
         * its last window: restarting there rarely gains that much, while a
         * simplex that collapsed (the size test) often stops short. */
        if (stalled || prev - f < ETS_NM_GAIN) break;
        prev = fx = f;
    }
    return RW_OK;
}

static size_t nparams(const rw_ets_form *f, size_t m)
{
    size_t k = 1 + 1 + 1; /* alpha, level, sigma */
    if (f->trend != 'N') k += 2;
    if (f->trend == 'D') k += 1;
    if (f->season != 'N') k += 1 + (m - 1);
    return k;
}

/* Coordinates of w->form at the parameters and initial level of another
 * form's fit r; what r lacks takes the value that nests r in w->form
 * (beta and gamma at their lower bound, phi at its upper bound). */
static void coords_of(const ets_work *w, const ets_result *r, double *x)
{
    const rw_ets_form *f = &w->form;
    double a = r->par.alpha, gspan = 1.0 - a - ETS_PAR_LO;
    size_t i = 0;
    x[i++] = (a - ETS_PAR_LO) / (ETS_PAR_HI - ETS_PAR_LO);
    if (f->trend != 'N') x[i++] = r->par.beta > 0 ? (r->par.beta - ETS_PAR_LO) / (a - ETS_PAR_LO) : 0;
    if (f->season != 'N') x[i++] = r->par.gamma > 0 && gspan > 0 ? (r->par.gamma - ETS_PAR_LO) / gspan : 0;
    if (f->trend == 'D')
        x[i++] = r->par.phi < 1 ? (r->par.phi - ETS_PHI_LO) / (ETS_PHI_HI - ETS_PHI_LO) : 1;
    x[i] = (r->l0 - w->l0) / w->lscale;
}

/* Fits form f: its states go to xn[0..2 + m) (scaled units, layout of
 * ets_internal.h) and its figures to *res. The search starts from the best
 * (by likelihood) of the default start, the optima warm[0..nwarm) of
 * forms fitted before, carried over by coords_of (a form then does at least
 * as well as the forms it nests, and the search is shorter), and `prior`
 * (may be NULL): the optimum of the same form on a longer history of the
 * same series. With a prior the search is warm: the optimum is near the
 * best start, so the simplex is ETS_NM_WARM_STEP times the usual size,
 * may stall in its first window, and is not restarted (see minimise). The search runs
 * in the usual box only (the admissibility test costs O(m^2) per point);
 * the admissible region being open, an optimum that passes the test is also
 * the constrained one, and only one that fails is searched for again with
 * the test on, from the admissible boundary. RW_ENUMERIC: no admissible
 * optimum. */
static rw_status fit_form(ets_work *w, const rw_ets_form *f, ets_result *res, double *xn,
                          const ets_result *warm, size_t nwarm, const ets_result *prior)
{
    w->form = *f;
    w->loop = loop_of(f);
    w->spec.pos_min = ETS_POS_MIN;
    w->nsmooth = 1 + (f->trend != 'N') + (f->season != 'N') + (f->trend == 'D');
    w->dim = w->nsmooth + 1;
    w->check_adm = false;
    init_states(w);

    size_t ms = f->season != 'N' ? w->m : 1;
    double x[ETS_MAX_DIM];
    size_t i = 0;
    x[i++] = ETS_ALPHA0 / (double)ms;
    if (f->trend != 'N') x[i++] = ETS_BETA0;
    if (f->season != 'N') x[i++] = ETS_GAMMA0;
    if (f->trend == 'D') x[i++] = ETS_PHI0;
    while (i < w->dim) x[i++] = 0;
    double xdef[ETS_MAX_DIM];
    memcpy(xdef, x, w->dim * sizeof *x);
    gsl_vector_view xv = gsl_vector_view_array(x, w->dim);
    double fbest = ets_objective(&xv.vector, w);
    for (size_t c = 0; c <= nwarm; c++) {
        const ets_result *from = c < nwarm ? &warm[c] : prior;
        if (!from) break;
        double xw[ETS_MAX_DIM];
        coords_of(w, from, xw);
        gsl_vector_view wv = gsl_vector_view_array(xw, w->dim);
        double fw = ets_objective(&wv.vector, w);
        if (fw < fbest) {
            fbest = fw;
            memcpy(x, xw, w->dim * sizeof *x);
        }
    }
    /* Warm: the optimum is near the best start, so the simplex is smaller,
     * the first stall window counts from the start's value (a round that
     * gains under ETS_NM_FTOL in its first window ends there) and there is
     * no restart. */
    double step_scale = prior ? ETS_NM_WARM_STEP : 1.0, fstart = prior ? fbest : HUGE_VAL;
    double x0[ETS_MAX_DIM];
    memcpy(x0, x, w->dim * sizeof *x);
    rw_status st = minimise(w, x, fbest, step_scale, fstart);
    if (st != RW_OK) return st;
    if (f->season != 'N') {
        w->check_adm = true;
        if (!admissible_at(w, x)) {
            /* Again from the last admissible point on the way from the start
             * (or R's start) to the optimum found: near the constrained
             * optimum, which lies on the boundary. */
            const double *from = admissible_at(w, x0) ? x0 : xdef;
            double lo = 0, hi = 1, xt[ETS_MAX_DIM];
            for (int it = 0; it < ETS_BISECT_STEPS; it++) {
                double mid = 0.5 * (lo + hi);
                for (size_t k = 0; k < w->dim; k++) xt[k] = from[k] + mid * (x[k] - from[k]);
                if (admissible_at(w, xt))
                    lo = mid;
                else
                    hi = mid;
            }
            for (size_t k = 0; k < w->dim; k++) x[k] = from[k] + lo * (x[k] - from[k]);
            st = minimise(w, x, NAN, 1.0, HUGE_VAL);
            if (st != RW_OK) return st;
        }
    }

    /* Final pass at the projection of the best point. */
    ets_sums r;
    double dist;
    if (!evaluate(w, x, w->e, &res->par, &r, &dist)) return RW_ENUMERIC;
    res->l0 = w->l0 + w->lscale * x[w->nsmooth];
    double n = (double)w->n;
    res->sse = r.sse;
    res->sse_abs = 0;
    for (size_t t = 0; t < w->n; t++) res->sse_abs += w->e[t] * w->e[t];
    res->loglik = -0.5 * (concentrated(w->n, &r) + n * (log(2 * M_PI) + 1.0));
    res->k = nparams(f, w->m);
    if (!isfinite(res->loglik)) return RW_ENUMERIC;
    xn[0] = r.l;
    xn[1] = r.b;
    if (f->season != 'N') {
        ring_align(w->ring, w->m, w->n);
        memcpy(xn + 2, w->ring, w->m * sizeof *xn);
    }
    return RW_OK;
}

/* ---- the model ---- */

/* One candidate of an automatic selection. */
typedef struct ets_cand {
    rw_ets_form form;  /* its form */
    bool ok;           /* fitted (else the rest is meaningless) */
    double aicc;       /* its AICc */
    rw_ets_params par; /* its smoothing parameters */
    double l0;         /* its initial level, data units (a warm start's) */
} ets_cand;

typedef struct ets_model {
    rw_ets_form form;  /* fitted form */
    size_t m;          /* season length of the form (1 without season) */
    size_t n;          /* observations fitted */
    rw_ets_params par; /* smoothing parameters (absent ones unused) */
    double *x;         /* final states [2 + m], data units (see ets_internal.h) */
    double sigma;      /* innovation sd: data units (A error) or relative (M) */
    double resid_sd;   /* absolute one-step residual sd, data units */
    double loglik;     /* log-likelihood, data units */
    double aicc;       /* corrected AIC */
    size_t k;          /* parameters counted in the AICc, sigma included */
    size_t ncand;      /* candidates tried */
    ets_cand *cand;    /* their forms and AICc [ncand] */
} ets_model;

static void ets_free(void *state)
{
    ets_model *md = state;
    if (!md) return;
    free(md->x);
    free(md->cand);
    free(md);
}

/* The 15 candidates, simplest first (ties keep the earlier). */
static const rw_ets_form ets_forms[] = {
    {'A', 'N', 'N'}, {'A', 'A', 'N'}, {'A', 'D', 'N'}, {'A', 'N', 'A'}, {'A', 'A', 'A'},
    {'A', 'D', 'A'}, {'M', 'N', 'N'}, {'M', 'A', 'N'}, {'M', 'D', 'N'}, {'M', 'N', 'A'},
    {'M', 'A', 'A'}, {'M', 'D', 'A'}, {'M', 'N', 'M'}, {'M', 'A', 'M'}, {'M', 'D', 'M'},
};
#define ETS_NFORMS (sizeof ets_forms / sizeof ets_forms[0])

static bool matches(const rw_ets_form *pat, const rw_ets_form *f)
{
    return (pat->error == 'Z' || pat->error == f->error) &&
           (pat->trend == 'Z' || pat->trend == f->trend) &&
           (pat->season == 'Z' || pat->season == f->season);
}

/* RW_OK when form f can be fitted to these data; else the status and why. */
static rw_status usable(const rw_ets_form *f, size_t n, size_t m, bool positive, char *why,
                        size_t whylen)
{
    char name[5];
    rw_ets_form_name(f, name);
    if ((f->error == 'M' || f->season == 'M') && !positive) {
        snprintf(why, whylen, "form %s needs strictly positive data", name);
        return RW_EINVAL;
    }
    if (f->season != 'N') {
        if (m < 2) {
            snprintf(why, whylen, "form %s needs a seasonal period (none given)", name);
            return RW_EINVAL;
        }
        if (m > ETS_MAX_SEASON) {
            snprintf(why, whylen, "form %s: season length %zu exceeds %d", name, m,
                     ETS_MAX_SEASON);
            return RW_EINVAL;
        }
        if (n < 2 * m) {
            snprintf(why, whylen, "%zu observations, form %s needs two full seasons (%zu)", n,
                     name, 2 * m);
            return RW_ESHORT;
        }
    }
    size_t k = nparams(f, f->season != 'N' ? m : 1), need = k + 1 + ETS_MIN_RESID_DOF;
    if (n < need) {
        snprintf(why, whylen, "%zu observations are too few: form %s has %zu parameters and "
                 "needs at least %zu observations", n, name, k, need);
        return RW_ESHORT;
    }
    return RW_OK;
}

/* One call of ets_fit: what it asked for, the data, the workspace of
 * fit_form and the candidates fitted so far. */
typedef struct ets_fitting {
    rw_ets_form pats[ETS_NFORMS]; /* forms or patterns asked for */
    size_t npat;                  /* their number */
    const char *variant;          /* as given, for messages ("" when none) */
    size_t n;                     /* observations */
    size_t m;                     /* season length of the data (1: none) */
    size_t mb;                    /* length of the seasonal buffers (1 when m is unusable) */
    bool positive;                /* every value > 0 */
    const ets_model *warm;        /* borrowed: the fit warm-starting this one, or NULL */
    double scale;                 /* mean |y|, 1 when that is 0 or not finite */
    ets_work w;                   /* workspace of fit_form */
    double *buf;                  /* owned: every array of w and the two below */
    double *xbest, *xcur;         /* final states of the best fit and of the last [mb + 2] */
    ets_cand *cand;               /* owned: candidates tried [ETS_NFORMS] */
    size_t ncand;                 /* their number */
    size_t best;                  /* index of the best in cand; ETS_NFORMS: none yet */
    ets_result rbest;             /* its figures */
    ets_result done[ETS_NFORMS];  /* every fitted candidate's, the warm starts of the next */
    size_t ndone;                 /* their number */
    char why[RW_ERROR_TEXT];      /* why the first unusable form was unusable */
    rw_status whyst;              /* and its status; RW_OK: none was */
} ets_fitting;

/* Parses the variant: one form or pattern, or several separated by commas
 * ("AAdA,MAM"), among which the fit chooses by AICc; none: any form. */
static rw_status parse_variant(ets_fitting *ft, const char *variant, rw_error *err)
{
    ft->variant = variant ? variant : "";
    if (!variant) {
        ft->pats[ft->npat++] = (rw_ets_form){'Z', 'Z', 'Z'};
        return RW_OK;
    }
    const char *v = variant;
    while (*v && ft->npat < ETS_NFORMS) {
        char one[8];
        rw_ets_form *pat = &ft->pats[ft->npat];
        size_t len = strcspn(v, ",");
        if (len >= sizeof one ||
            (memcpy(one, v, len), one[len] = '\0', rw_ets_parse_form(one, pat)) != RW_OK)
            return rw_error_set(err, RW_EINVAL, NULL, 0,
                                "ets: variant '%s' is not a form: error A/M, trend N/A/Ad, "
                                "season N/A/M, or Z for any (e.g. ANN, AAdA, MAM, ZZZ)",
                                variant);
        if (pat->error == 'A' && pat->season == 'M')
            return rw_error_set(err, RW_EINVAL, NULL, 0,
                                "ets: variant '%s': additive error with multiplicative season"
                                " is numerically unstable and not fitted; use error M",
                                variant);
        ft->npat++;
        v += len;
        if (*v == ',' && !*++v)
            return rw_error_set(err, RW_EINVAL, NULL, 0, "ets: variant '%s' ends with a comma",
                                variant);
    }
    if (ft->npat == 0) return rw_error_set(err, RW_EINVAL, NULL, 0, "ets: empty variant");
    return RW_OK;
}

/* The season length, positivity and scale of y[0..n); RW_EINVAL for a
 * value that is not finite. */
static rw_status scan_data(ets_fitting *ft, const double *y, size_t n, const rw_seasonality *s,
                           rw_error *err)
{
    size_t m = 1;
    if (s && s->n > 0 && isfinite(s->period[0]) && s->period[0] >= 1.5)
        m = s->period[0] < 1e9 ? (size_t)lround(s->period[0]) : (size_t)1e9;
    bool positive = true;
    double scale = 0;
    for (size_t t = 0; t < n; t++) {
        if (!isfinite(y[t]))
            return rw_error_set(err, RW_EINVAL, NULL, 0, "ets: value %zu is not finite", t);
        positive = positive && y[t] > 0;
        scale += fabs(y[t]);
    }
    scale = n > 0 ? scale / (double)n : 0;
    if (!(scale > 0) || !isfinite(scale)) scale = 1;
    ft->n = n;
    ft->m = m;
    ft->mb = m >= 2 && m <= ETS_MAX_SEASON ? m : 1;
    ft->positive = positive;
    ft->scale = scale;
    return RW_OK;
}

/* Allocates the candidates and one buffer for every array of the
 * workspace, and fills it with the scaled data. */
static rw_status setup_work(ets_fitting *ft, const double *y, rw_error *err)
{
    size_t n = ft->n, mb = ft->mb;
    ets_work *w = &ft->w;
    ft->best = ETS_NFORMS;
    ft->cand = calloc(ETS_NFORMS, sizeof *ft->cand);
    ft->buf = malloc((2 * n + 4 * mb + 2 + 2 * (mb + 2)) * sizeof *ft->buf);
    if (!ft->cand || !ft->buf) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    double *z = ft->buf;
    w->e = z + n;
    w->s0 = w->e + n;
    w->ring = w->s0 + mb;
    w->cnt = w->ring + mb;
    w->poly = w->cnt + mb;
    ft->xbest = w->poly + mb + 2;
    ft->xcur = ft->xbest + mb + 2;
    w->z = z;
    w->n = n;
    w->m = mb;
    double d2 = 0;
    for (size_t t = 0; t < n; t++) z[t] = y[t] / ft->scale;
    for (size_t t = 1; t < n; t++) d2 += (z[t] - z[t - 1]) * (z[t] - z[t - 1]);
    w->lscale = n > 1 ? sqrt(d2 / (double)(n - 1)) : 0;
    if (!(w->lscale > 0)) w->lscale = 1e-3;
    return RW_OK;
}

/* Fits form f when it can be fitted, as the next candidate, keeping the
 * best by AICc; an unusable form is skipped, its reason kept if first. */
static rw_status try_form(ets_fitting *ft, const rw_ets_form *f, rw_error *err)
{
    char reason[RW_ERROR_TEXT];
    rw_status u = usable(f, ft->n, ft->m, ft->positive, reason, sizeof reason);
    if (u != RW_OK) {
        if (ft->whyst == RW_OK) {
            ft->whyst = u;
            memcpy(ft->why, reason, sizeof ft->why);
        }
        return RW_OK;
    }
    ets_result r, prior, *pp = NULL;
    for (size_t i = 0; ft->warm && i < ft->warm->ncand && !pp; i++) {
        const ets_cand *wc = &ft->warm->cand[i];
        if (wc->ok && wc->form.error == f->error && wc->form.trend == f->trend &&
            wc->form.season == f->season) {
            prior.par = wc->par;
            prior.l0 = wc->l0 / ft->scale;
            pp = &prior;
        }
    }
    ets_cand *c = &ft->cand[ft->ncand];
    c->form = *f;
    rw_status fs = fit_form(&ft->w, f, &r, ft->xcur, ft->done, ft->ndone, pp);
    if (fs == RW_ENOMEM) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    if (fs == RW_OK) {
        ft->done[ft->ndone++] = r;
        double kk = (double)r.k, nn = (double)ft->n;
        double ll = r.loglik - nn * log(ft->scale);
        c->ok = true;
        c->aicc = -2.0 * ll + 2.0 * kk + 2.0 * kk * (kk + 1.0) / (nn - kk - 1.0);
        c->par = r.par;
        c->l0 = r.l0 * ft->scale;
        if (ft->best == ETS_NFORMS || c->aicc < ft->cand[ft->best].aicc) {
            ft->best = ft->ncand;
            ft->rbest = r;
            double *t = ft->xbest;
            ft->xbest = ft->xcur;
            ft->xcur = t;
        }
    }
    ft->ncand++;
    return RW_OK;
}

/* Tries every form the variant matches, simplest first; an error when
 * none could be fitted. */
static rw_status fit_forms(ets_fitting *ft, rw_error *err)
{
    for (size_t i = 0; i < ETS_NFORMS; i++) {
        const rw_ets_form *f = &ets_forms[i];
        bool wanted = false;
        for (size_t p = 0; p < ft->npat && !wanted; p++) wanted = matches(&ft->pats[p], f);
        if (!wanted) continue;
        rw_status st = try_form(ft, f, err);
        if (st != RW_OK) return st;
    }
    if (ft->ncand == 0) {
        if (ft->whyst == RW_OK) /* no form matches the pattern */
            return rw_error_set(err, RW_EINVAL, NULL, 0, "ets: variant '%s' names no fitted form",
                                ft->variant);
        return rw_error_set(err, ft->whyst, NULL, 0, "ets: %s", ft->why);
    }
    if (ft->best == ETS_NFORMS)
        return rw_error_set(err, RW_ENUMERIC, NULL, 0,
                            "ets: no admissible optimum for any of %zu candidate forms",
                            ft->ncand);
    return RW_OK;
}

/* The model of the best candidate, in data units; it takes the
 * candidates. *out is owned by the caller (ets_free). */
static rw_status make_model(ets_fitting *ft, ets_model **out, rw_error *err)
{
    const rw_ets_form *bf = &ft->cand[ft->best].form;
    const ets_result *rb = &ft->rbest;
    size_t n = ft->n, ms = bf->season != 'N' ? ft->mb : 1, np = rb->k - 1;
    double scale = ft->scale;
    const double *xb = ft->xbest;
    ets_model *md = *out = calloc(1, sizeof *md);
    if (!md || !(md->x = malloc((2 + ms) * sizeof *md->x)))
        return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    md->form = *bf;
    md->m = ms;
    md->n = n;
    md->par = rb->par;
    md->x[0] = xb[0] * scale;
    md->x[1] = bf->trend != 'N' ? xb[1] * scale : 0.0;
    for (size_t j = 0; j < ms && bf->season != 'N'; j++)
        md->x[2 + j] = bf->season == 'A' ? xb[2 + j] * scale : xb[2 + j];
    md->sigma = sqrt(rb->sse / (double)(n - np)) * (bf->error == 'A' ? scale : 1.0);
    md->resid_sd = sqrt(rb->sse_abs / (double)(n - np)) * scale;
    md->loglik = rb->loglik - (double)n * log(scale);
    md->aicc = ft->cand[ft->best].aicc;
    md->k = rb->k;
    md->ncand = ft->ncand;
    md->cand = ft->cand;
    ft->cand = NULL;
    return RW_OK;
}

static rw_status ets_fit(const double *y, size_t n, const rw_seasonality *s,
                         const rw_model_opts *o, void **state, rw_error *err)
{
    *state = NULL;
    ets_fitting ft;
    memset(&ft, 0, sizeof ft);
    ft.warm = o ? o->warm : NULL;
    ets_model *md = NULL;
    rw_status st;
    if ((st = parse_variant(&ft, o ? o->variant : NULL, err)) != RW_OK ||
        (st = scan_data(&ft, y, n, s, err)) != RW_OK || (st = setup_work(&ft, y, err)) != RW_OK ||
        (st = fit_forms(&ft, err)) != RW_OK || (st = make_model(&ft, &md, err)) != RW_OK)
        goto out;
    *state = md;
    md = NULL;
out:
    for (size_t d = 0; d <= ETS_MAX_DIM; d++)
        if (ft.w.nm[d]) gsl_multimin_fminimizer_free(ft.w.nm[d]);
    free(ft.buf);
    free(ft.cand);
    ets_free(md);
    return st;
}

static rw_status ets_forecast(const void *state, size_t h, double *mean)
{
    const ets_model *md = state;
    rw_ets_point_forecast(&md->form, &md->par, md->m, md->x, h, mean);
    return RW_OK;
}

void rw_ets_simulate(const rw_ets_form *f, const rw_ets_params *p, size_t m, const double *x,
                     double sigma, size_t h, gsl_rng *rng, double *path)
{
    ets_spec sp;
    spec_set(&sp, f, p, m);
    double ring[ETS_MAX_SEASON];
    if (f->season != 'N')
        memcpy(ring, x + 2, m * sizeof *ring);
    else
        ring[0] = 0;
    double l = x[0], b = f->trend != 'N' ? x[1] : 0.0;
    size_t j = 0;
    for (size_t k = 0; k < h; k++) {
        double eps = gsl_ran_gaussian_ziggurat(rng, sigma);
        double phib = sp.phi * b, q = l + phib, sj = ring[j];
        if (f->season == 'M') {
            path[k] = q * sj * (1.0 + eps);
            l = q * (1.0 + sp.alpha * eps);
            b = phib + sp.beta * q * eps;
            ring[j] = sj * (1.0 + sp.gamma * eps);
        } else {
            double yhat = q + sj, e = f->error == 'M' ? yhat * eps : eps;
            path[k] = yhat + e;
            l = q + sp.alpha * e;
            b = phib + sp.beta * e;
            ring[j] = sj + sp.gamma * e;
        }
        if (++j == sp.ms) j = 0;
    }
}

static rw_status ets_simulate(const void *state, size_t h, gsl_rng *rng, double *path)
{
    const ets_model *md = state;
    rw_ets_simulate(&md->form, &md->par, md->m, md->x, md->sigma, h, rng, path);
    return RW_OK;
}

/* Adds key: v when v is finite; a NaN says "not computed", not a value. */
static void desc_finite(rw_desc *d, const char *key, double v)
{
    if (isfinite(v)) rw_desc_real(d, key, v);
}

static void ets_describe(const void *state, rw_desc *d)
{
    const ets_model *md = state;
    const rw_ets_form *f = &md->form;
    char name[5];
    rw_ets_form_name(f, name);
    rw_desc_str(d, "form", name);
    desc_finite(d, "alpha", md->par.alpha);
    if (f->trend != 'N') desc_finite(d, "beta", md->par.beta);
    if (f->season != 'N') desc_finite(d, "gamma", md->par.gamma);
    if (f->trend == 'D') desc_finite(d, "phi", md->par.phi);
    desc_finite(d, "sigma", md->sigma);
    desc_finite(d, "residual_sd", md->resid_sd);
    desc_finite(d, "aicc", md->aicc);
    desc_finite(d, "loglik", md->loglik);
    rw_desc_int(d, "season", (int64_t)md->m);
    rw_desc_int(d, "nparams", (int64_t)md->k);
    rw_desc_open(d, "candidates", RW_DESC_ARRAY);
    for (size_t i = 0; i < md->ncand; i++) {
        char cn[5];
        rw_ets_form_name(&md->cand[i].form, cn);
        rw_desc_open(d, NULL, RW_DESC_OBJECT);
        rw_desc_str(d, "form", cn);
        if (md->cand[i].ok && isfinite(md->cand[i].aicc)) rw_desc_real(d, "aicc", md->cand[i].aicc);
        else rw_desc_null(d, "aicc"); /* not fitted */
        rw_desc_close(d);
    }
    rw_desc_close(d);
}

static double ets_sigma(const void *state)
{
    return ((const ets_model *)state)->resid_sd;
}

const rw_model_ops rw_model_ets = {
    .name = "ets",
    .fit = ets_fit,
    .forecast = ets_forecast,
    .simulate = ets_simulate,
    .describe = ets_describe,
    .sigma = ets_sigma,
    .free = ets_free,
};
