/* stl.h: STL and MSTL seasonal-trend decomposition by loess, the seasonal
 * strength measure built on them, and the small exponential smoothing
 * fitter that the mstl and theta models share.
 *
 * STL (Cleveland, Cleveland, McRae & Terpenning 1990) splits a series into
 * seasonal + trend + remainder by alternating loess smoothers: an inner loop
 * smooths each cycle-subseries, removes the low-pass part of that, and
 * smooths the deseasonalised series into the trend; an optional outer loop
 * downweights outliers with bisquare robustness weights. The defaults are
 * those of R's stats::stl as forecast::mstl calls it (see rw_stl_params).
 *
 * MSTL (Bandara, Hyndman & Bergmeir 2021) applies STL once per seasonal
 * period, shortest first, each time to the series with the other seasonal
 * components removed, and iterates twice.
 *
 * Invariants: y is finite; periods are whole numbers of steps >= 2 and a
 * period is only decomposed when the series holds more than two full
 * cycles of it (n > 2 * period), as R requires. Nothing here allocates
 * after the workspace exists. */
#ifndef RW_STL_H
#define RW_STL_H

#include <stddef.h>
#include "model/model.h"
#include "util/status.h"

/* forecast::mstl's seasonal windows: the i-th period (1-based, increasing)
 * gets s.window = RW_STL_SWINDOW_BASE + RW_STL_SWINDOW_STEP * i, so 11 for
 * the shortest period, 15 for the next. */
#define RW_STL_SWINDOW_BASE 7
#define RW_STL_SWINDOW_STEP 4
/* Robustness iterations when robust and none are given (R: outer = 15). */
#define RW_STL_OUTER_ROBUST 15
/* MSTL passes over all periods when none are given (forecast::mstl). */
#define RW_MSTL_ITERATE 2

/* Parameters of one STL decomposition. A zero window, jump or iteration
 * count means "derive it as R does"; rw_stl_params_init fills the rest. */
typedef struct rw_stl_params {
    int periodic;    /* nonzero: s.window = "periodic" (seasonal loess over 10n+1
                        cycles, degree 0, then averaged per cycle position);
                        s_window and s_degree are then ignored */
    size_t s_window; /* seasonal loess span in cycles, >= 3, made odd;
                        0: RW_STL_SWINDOW_BASE + RW_STL_SWINDOW_STEP = 11 */
    int s_degree;    /* seasonal loess degree, 0 or 1 (default 0) */
    size_t t_window; /* trend loess span in steps, made odd;
                        0: nextodd(ceil(1.5 period / (1 - 1.5 / s_window))) */
    int t_degree;    /* trend loess degree, 0 or 1 (default 1) */
    size_t l_window; /* low-pass loess span in steps; 0: nextodd(period) */
    int l_degree;    /* low-pass loess degree, 0 or 1; -1: same as t_degree */
    size_t s_jump;   /* evaluate the seasonal loess every s_jump points and
                        interpolate linearly between; 0: ceil(s_window / 10) */
    size_t t_jump;   /* same for the trend; 0: ceil(t_window / 10) */
    size_t l_jump;   /* same for the low-pass; 0: ceil(l_window / 10) */
    int robust;      /* nonzero: outer loop with bisquare robustness weights */
    size_t inner;    /* inner-loop passes; 0: 2, or 1 when robust */
    size_t outer;    /* robustness passes when robust; 0: RW_STL_OUTER_ROBUST */
} rw_stl_params;

/* Sets `p` to R's stl defaults with s.window = 11, robust = FALSE. */
void rw_stl_params_init(rw_stl_params *p);

/* Scratch space for rw_stl_decompose, sized once: series of up to `n`
 * points and periods of up to `period` steps. */
typedef struct rw_stl_work rw_stl_work;

/* Allocates a workspace (about 8 (n + 2 period) doubles). NULL when out of
 * memory or n == 0. Free with rw_stl_work_free. */
rw_stl_work *rw_stl_work_alloc(size_t n, size_t period);
/* Frees `w`; NULL is allowed. */
void rw_stl_work_free(rw_stl_work *w);

/* Decomposes y[0..n) with seasonal period `period` (steps) into
 * seasonal[0..n), trend[0..n) and remainder[0..n) (remainder may be NULL),
 * y = seasonal + trend + remainder. p NULL: rw_stl_params_init defaults.
 * Outputs must not overlap y. Returns RW_ESHORT when period < 2 or
 * n <= 2 * period, RW_EINVAL for bad parameters (degree not 0/1, window 1
 * or 2) or a workspace too small for n / period, RW_OK otherwise. */
rw_status rw_stl_decompose(const double *y, size_t n, size_t period, const rw_stl_params *p,
                           double *seasonal, double *trend, double *remainder, rw_stl_work *w);

/* The loess smoother STL uses, exposed for tests and other smoothers:
 * ys[i] is the locally weighted fit of degree `degree` (0 or 1) at i over
 * the `len` nearest points (all of y when len >= n, then with the tricube
 * bandwidth widened by (len - n) / 2), with tricube weights times rw[j]
 * (rw NULL: 1). The fit is computed at every `jump`-th point and at the
 * last one, and interpolated linearly in between (jump 1: exact
 * everywhere). Where all weights vanish, ys[i] = y[i]. As in STL, a
 * degree-1 fit falls back to degree 0 when the weighted spread of the
 * positions is below 0.001 (n - 1). Returns RW_EINVAL for n == 0, len < 1,
 * jump < 1 or a bad degree. */
rw_status rw_stl_loess(const double *y, size_t n, size_t len, int degree, size_t jump,
                       const double *rw, double *ys);

/* Parameters of an MSTL decomposition. */
typedef struct rw_mstl_params {
    rw_stl_params stl;               /* STL parameters for every period, except
                                        s_window which comes from below */
    size_t s_window[RW_MAX_PERIODS]; /* seasonal span of the i-th kept period
                                        (increasing order); 0: 7 + 4 (i + 1) */
    size_t iterate;                  /* passes over the periods; 0: 2 */
} rw_mstl_params;

/* Sets `p` to forecast::mstl's defaults (s.window 11, 15, 19, 23; two
 * passes; not robust). */
void rw_mstl_params_init(rw_mstl_params *p);

/* Scratch space for rw_mstl_decompose: series of up to `n` points, periods
 * of up to `max_period` steps. */
typedef struct rw_mstl_work rw_mstl_work;

/* NULL when out of memory or n == 0. Free with rw_mstl_work_free. */
rw_mstl_work *rw_mstl_work_alloc(size_t n, size_t max_period);
/* Frees `w`; NULL is allowed. */
void rw_mstl_work_free(rw_mstl_work *w);

/* Decomposes y[0..n) as trend + sum of seasonal components + remainder over
 * the periods period[0..np) (steps, any order, np <= RW_MAX_PERIODS).
 * Periods < 2, repeated, or not fitting twice into the series
 * (n <= 2 period) are dropped, as forecast::mstl does; the rest are
 * decomposed shortest first. seasonal[i * n .. (i + 1) * n) receives the
 * component of period[i] (zeros when dropped); used[i] (used may be NULL)
 * is set to 1 when period[i] was decomposed, else 0. With a single kept
 * period this is exactly STL. p NULL: rw_mstl_params_init defaults.
 * Returns RW_ESHORT when no period is kept, RW_EINVAL for bad arguments or a
 * workspace too small, RW_OK otherwise. */
rw_status rw_mstl_decompose(const double *y, size_t n, const size_t *period, size_t np,
                            const rw_mstl_params *p, double *seasonal, double *trend,
                            double *remainder, int *used, rw_mstl_work *w);

/* Seasonal strength of each period of `s` in y[0..n), by an MSTL
 * decomposition with default parameters over all of s's periods (rounded
 * to whole steps): strength[i] = max(0, 1 - var(R) / var(S_i + R)) with S_i
 * the component of period i and R the remainder (Wang, Smith & Hyndman
 * 2006; FPP3 4.3), in [0, 1]: near 1 for a stable seasonal pattern, near 0
 * for none. A period that cannot be decomposed (shorter than 2 steps, or
 * the series holds fewer than two full cycles plus one point) gets 0, and
 * so does every period of a constant series. Returns RW_EINVAL for NULL
 * arguments or non-finite y, RW_ENOMEM, RW_OK otherwise. */
rw_status rw_seasonal_strength(const double *y, size_t n, const rw_seasonality *s,
                               double *strength);

/* The seasonal strength of one MSTL component seasonal[0..n) given the
 * remainder[0..n): max(0, 1 - var(R) / var(S + R)), and 0 when S + R varies
 * by less than RW_STRENGTH_NEGLIGIBLE times `yscale` (the size of the data,
 * e.g. max |y|) in standard deviation: rounding noise of a constant series
 * is no seasonality. */
#define RW_STRENGTH_NEGLIGIBLE 1e-9
double rw_seasonal_strength_of(const double *seasonal, const double *remainder, size_t n,
                               double yscale);

/* ---- Non-seasonal exponential smoothing (mstl.c; used by theta.c) ----
 *
 * Additive-error ETS in innovations form (Hyndman et al. 2008):
 *   e_t = y_t - (l_{t-1} + phi b_{t-1}),
 *   l_t = l_{t-1} + phi b_{t-1} + alpha e_t,   b_t = phi b_{t-1} + beta e_t.
 * SES (ANN) is b = 0. alpha, beta, phi minimise the one-step SSE by GSL's
 * Nelder-Mead simplex (from the best point of a small grid); the initial
 * states l_0, b_0 enter the one-step forecasts linearly, so for each trial
 * they are solved exactly by least squares. Bounds as R's ets: alpha in
 * [1e-4, 0.9999], beta in [1e-4, alpha], phi in [0.8, 0.98]. */
typedef struct rw_es_fit {
    int damped;    /* 0: SES (ANN), 1: damped Holt (AAdN) */
    double alpha;  /* level smoothing */
    double beta;   /* slope smoothing (damped only, else 0) */
    double phi;    /* damping (damped only, else 1) */
    double l0, b0; /* fitted initial states (b0 = 0 for SES) */
    double level;  /* l_n, the level after the last observation */
    double slope;  /* b_n (0 for SES) */
    double sse;    /* one-step in-sample sum of squared errors */
    double sigma;  /* sqrt(sse / (n - npar)) (R's ets sigma2) */
    double aicc;   /* n log(sse / n) + 2 k + 2 k (k + 1) / (n - k - 1),
                      k = npar + 1; HUGE_VAL when n <= k + 1 */
    size_t npar;   /* estimated parameters incl. initial states: 2 or 5 */
} rw_es_fit;

/* Smallest series rw_es_fit_series accepts: npar + 1 observations. */
#define RW_ES_MIN_OBS(damped) ((damped) ? 6u : 3u)

/* Fits SES (damped == 0) or damped Holt (damped != 0) to y[0..n).
 * Returns RW_ESHORT when n < RW_ES_MIN_OBS(damped), RW_EINVAL when the data
 * are not finite (or overflow), RW_ENOMEM, RW_ENUMERIC when the minimiser
 * fails (GSL status). Needs GSL's error handler off (main does it). */
rw_status rw_es_fit_series(const double *y, size_t n, int damped, rw_es_fit *f);
/* The k-step-ahead mean forecast (k >= 1): l_n + (phi + ... + phi^k) b_n. */
double rw_es_forecast(const rw_es_fit *f, size_t k);
/* The k-step-ahead forecast variance over sigma^2:
 * 1 + sum_{j=1}^{k-1} (alpha + beta (phi + ... + phi^j))^2. */
double rw_es_variance_factor(const rw_es_fit *f, size_t k);

#endif
