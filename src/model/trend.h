/* trend.h: extra entry points of the "trend" model (trend.c) beyond the
 * generic rw_model_ops: a fit that knows the timestamps (calendar
 * regressors) and the regularised least-squares solver the model uses,
 * exposed so tests can check it against a naive oracle.
 *
 * The model is a Prophet-like regression on a scaled series
 *   y[i] / scale = a + b t + sum_j delta_j (t - t_j)+      (trend)
 *                + sum_periods sum_k (beta_k sin + gamma_k cos)(2 pi k i / P)
 *                + eta * [day i is the 1st of a month]  (calendar fit only)
 * with t = i / (n - 1), fitted by ridge regression: the intercept a and the
 * slope b are free, the changepoint deltas and the Fourier and calendar
 * coefficients get Gaussian priors (see trend.c for the defaults).
 *
 * Variants (rw_model_opts.variant, comma separated, any order): "log"
 * (fit log y: multiplicative seasonality, strictly positive data), "gcv"
 * (choose the regularisation by generalised cross-validation instead of
 * the Prophet-like prior scale), "dom1" (month-start dummy: only with
 * rw_trend_fit_calendar; the plain fit refuses it with RW_EINVAL).
 *
 * describe() keys: "form"; "changepoints": [{"index": i, "delta": d}] for
 * |delta| > 0.01 in scaled units, where the slope changes by d (data units,
 * or log units for "log", per step) after y[i]; "n_changepoints"
 * (potential ones); "harmonics": {"24": 10, ...} per period (0: period
 * dropped, fewer than two cycles of data); "lambda" (Tikhonov parameter of
 * the standard-form problem); "selection" ("prior" or "gcv");
 * "changepoint_prior_scale"; "slope" (of the last segment, per step);
 * "sigma" (residual sd on the model scale: log units for "log"); "log";
 * "calendar": {"month_start": effect (data units, log units for "log"),
 * "occurrences": month starts seen} when the dummy is in the model.
 * ops->sigma is the residual sd in data units for every variant. */
#ifndef RW_MODEL_TREND_H
#define RW_MODEL_TREND_H

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "model/model.h"

/* Fits the trend model like rw_model_trend.fit, and also knows when each
 * observation is: y[i] covers [t0 + i*step, t0 + (i+1)*step) in UTC epoch
 * seconds. Adds a "month start" dummy (1 on steps that fall on the 1st day
 * of a UTC calendar month, e.g. a monthly fee) when the step is at most a
 * day and divides one (step_seconds in {..., 3600, 86400}) and the history
 * holds at least two month starts; otherwise the fit has no calendar term
 * and is the same as the plain fit. Forecast steps continue the calendar.
 * `o->variant` is as for the plain fit ("log", "gcv", "dom1", comma
 * separated; "dom1" is accepted and is implied here). On success *state is
 * owned by the caller: free with rw_model_trend.free; all rw_model_trend
 * ops apply to it. Returns RW_EINVAL for step_seconds <= 0 or a bad
 * variant, RW_ESHORT for n < 4, RW_ENUMERIC when a GSL routine fails. */
rw_status rw_trend_fit_calendar(const double *y, size_t n, const rw_seasonality *s,
                                int64_t t0_epoch_seconds, int64_t step_seconds,
                                const rw_model_opts *o, void **state, rw_error *err);

/* Solves the Tikhonov problem
 *   min_c ||y - X c||^2 + lambda^2 * sum_{j >= q} (pen[j - q] * c[j])^2
 * i.e. the normal equations (X'X + lambda^2 D) c = X'y with
 * D = diag(0 (q times), pen[0]^2, ..., pen[p-q-1]^2): the first q columns of
 * X are unpenalised. X is n-by-p with n >= p and its first q columns of
 * full rank; pen has p - q entries, all > 0; lambda >= 0; c has p entries
 * (output). The same code path as the model fit (QR of the free columns,
 * GSL standard form, SVD, gsl_multifit_linear_solve). Returns RW_EINVAL
 * for mismatched sizes, RW_ENOMEM, or RW_ENUMERIC when GSL fails. */
rw_status rw_trend_ridge_solve(const gsl_matrix *X, const gsl_vector *y, size_t q,
                               const gsl_vector *pen, double lambda, gsl_vector *c,
                               rw_error *err);

/* Householder QR of A (M x N, M >= N) in place, tau (N) the scalars of
 * the reflections: the factors gsl_linalg_QR_decomp writes (same layout,
 * so GSL's QR routines take them), bit for bit, in less time (GSL applies
 * each reflection through two BLAS calls on strided views). RW_EINVAL
 * for M < N, or a tau of the wrong size or not contiguous (stride 1). */
rw_status rw_trend_qr_decomp(gsl_matrix *A, gsl_vector *tau);

/* Default number of Fourier harmonics for a seasonal period of `period`
 * steps with `n` observations: 0 when n < 2 * period (fewer than two full
 * cycles, Prophet's "auto" rule) or period <= 2; otherwise 5 for a week
 * (period within 1% of 7 or 168: daily or hourly steps), 10 for any other
 * period (a day of hourly data, a year), capped so that 2 * K < period
 * (7 -> 3, 12 -> 5, 24 -> 10, 168 -> 5, 365.25 -> 10, 52.18 -> 10). */
size_t rw_trend_default_harmonics(double period, size_t n);

#endif
