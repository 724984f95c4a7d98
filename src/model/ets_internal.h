/* ets_internal.h: pieces of ets.c exposed to its unit tests (not an API).
 *
 * Forms follow Hyndman, Koehler, Ord & Snyder (2008), "HKOS": a form is
 * (error, trend, season). States are kept in one vector x of 2 + m values:
 * x[0] the level, x[1] the trend (0 without trend), x[2 + j] the seasonal
 * state applied to the (j+1)-th next observation, j < m (only with a
 * season). Seasonal states are in data units for an additive season and
 * ratios for a multiplicative one. */
#ifndef RW_ETS_INTERNAL_H
#define RW_ETS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <gsl/gsl_rng.h>
#include "util/status.h"

/* One ETS form; the letters are those of the form's name. */
typedef struct rw_ets_form {
    char error;  /* 'A' additive, 'M' multiplicative; 'Z' any (patterns only) */
    char trend;  /* 'N' none, 'A' additive, 'D' additive damped ("Ad"); 'Z' any */
    char season; /* 'N' none, 'A' additive, 'M' multiplicative; 'Z' any */
} rw_ets_form;

/* Smoothing parameters; those a form lacks are ignored. */
typedef struct rw_ets_params {
    double alpha; /* level smoothing */
    double beta;  /* trend smoothing (trend forms) */
    double gamma; /* seasonal smoothing (seasonal forms) */
    double phi;   /* damping (trend 'D'); trend 'A' uses 1 whatever this is */
} rw_ets_params;

/* Parses a form name, R's spelling: error A/M, trend N/A/Ad, season N/A/M,
 * each position may be 'Z' (any): "ANN", "AAdA", "MAdM", "ZZZ". Returns
 * RW_EINVAL for anything else, including a multiplicative trend ("AMN"),
 * which ETS here does not support. Does not judge combinations. */
rw_status rw_ets_parse_form(const char *s, rw_ets_form *f);

/* Writes the name of `f` ("AAdN") into out (at least 5 bytes). */
void rw_ets_form_name(const rw_ets_form *f, char out[5]);

/* Runs the innovations recursion of form `f` (no 'Z') with season length m
 * (ignored without season) over y[0..n) from initial states x0 (layout
 * above), writing the one-step errors y[t] - yhat[t] into e[0..n) (e may be
 * NULL) and the final states into xn (same layout). xn NULL (then e is
 * unused; m <= 168): the sums alone, bit for bit the same, by the cheaper
 * pass the fit's search uses. *sse gets the
 * sum of squared errors on the model's scale (relative errors
 * (y - yhat) / yhat for multiplicative error), *slog the sum of log(yhat)
 * for multiplicative error (0 otherwise). Returns RW_ENUMERIC when a
 * multiplicative form meets a one-step forecast that is not positive, or a
 * value overflows; RW_EINVAL for a form it does not run (additive error
 * with multiplicative season). This is the code the fit's likelihood uses. */
rw_status rw_ets_filter(const rw_ets_form *f, const rw_ets_params *p, size_t m, const double *y,
                        size_t n, const double *x0, double *e, double *xn, double *sse,
                        double *slog);

/* Point forecasts of steps 1..h into out[0..h) from the states x (layout
 * above) of form `f` with season length m. */
void rw_ets_point_forecast(const rw_ets_form *f, const rw_ets_params *p, size_t m,
                           const double *x, size_t h, double *out);

/* One sample path of steps 1..h into path[0..h) from the states x (m <=
 * 168 seasonal states), innovations N(0, sigma^2) drawn from rng with
 * gsl_ran_gaussian_ziggurat, one per step, in order (relative innovations
 * for multiplicative error). Nothing is clamped; see ets.c. */
void rw_ets_simulate(const rw_ets_form *f, const rw_ets_params *p, size_t m, const double *x,
                     double sigma, size_t h, gsl_rng *rng, double *path);

/* True when the parameters are admissible (HKOS ch. 10): the moving-average
 * polynomial of the form's linear (additive-error) equivalent has all its
 * roots outside the unit circle, so the model is invertible ("stable"),
 * tested with the Schur-Cohn step-down recursion in O(m^2). work holds
 * m + 2 doubles. Applied to multiplicative forms as to their additive
 * analogues, as R's forecast::ets does. */
bool rw_ets_admissible(const rw_ets_form *f, const rw_ets_params *p, size_t m, double *work);

#endif
