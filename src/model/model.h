/* model.h: the interface every forecasting model implements.
 *
 * A model is fitted to a complete series (no NaN: gaps are filled before,
 * see prep.h) with its seasonal periods, then produces point forecasts and
 * simulated sample paths for steps 1..h. Models are stateless between
 * calls: all they keep is in the `state` their fit returns, which the
 * caller frees with ops->free. Randomness comes only from the gsl_rng the
 * caller passes (seeded: --seed), so results are reproducible.
 *
 * Adding a model: write fit/forecast/simulate/describe/free, add its ops to
 * rw_model_registry in registry.c. */
#ifndef RW_MODEL_H
#define RW_MODEL_H

#include <stddef.h>
#include <gsl/gsl_rng.h>
#include "util/desc.h"
#include "util/error.h"

/* RW_MAX_PERIODS (seasonal periods of a series) is in runway.h. */

/* Seasonal periods of a series, in steps (24 and 168 for hourly data;
 * 7 for daily; 52.18 for weekly). Non-integer periods are allowed where a
 * model supports them (Fourier terms); others round. */
typedef struct rw_seasonality {
    size_t n;                        /* periods in use, 0 = none */
    double period[RW_MAX_PERIODS];   /* increasing */
} rw_seasonality;

/* Options common to all models. Build with designated initialisers: fields
 * may be added. */
typedef struct rw_model_opts {
    const char *variant; /* model-specific form, e.g. ETS "AAdA"; NULL: choose */
    /* Borrowed, may be NULL: a state this same model (ops) returned for a
     * longer history of the same series with the same variant and
     * seasonality (the backtest passes the whole-history fit to the fits at
     * its origins). A model may start its search from it; the result must
     * still be a fit to the data given, and a model may ignore it. */
    const void *warm;
    /* Steps the caller will forecast and simulate from the fit (0: not
     * known). A model may precompute what those steps share (the trend
     * model: the design rows of the future); any h still works. */
    size_t horizon;
} rw_model_opts;

typedef struct rw_model_ops {
    const char *name; /* as given to --model: "snaive", "ets", "theta", ... */
    /* Fits to y[0..n) (finite values). On success *state is owned by the
     * caller (free with ->free). RW_ESHORT when n is too small for this
     * model, RW_ENUMERIC when fitting fails; err says why. */
    rw_status (*fit)(const double *y, size_t n, const rw_seasonality *s,
                     const rw_model_opts *o, void **state, rw_error *err);
    /* Point forecasts (the mean of the forecast distribution) for steps
     * 1..h into mean[0..h). */
    rw_status (*forecast)(const void *state, size_t h, double *mean);
    /* One sample path of steps 1..h into path[0..h), with errors drawn
     * from `rng` according to the fitted model. */
    rw_status (*simulate)(const void *state, size_t h, gsl_rng *rng, double *path);
    /* Adds the fitted form and parameters to d as members of its
     * innermost open object, e.g. "form": "AAdA", "alpha": 0.3, ...,
     * "aicc": 123.4; an allocation failure is remembered in d. */
    void (*describe)(const void *state, rw_desc *d);
    /* In-sample one-step residual standard deviation (for diagnostics). */
    double (*sigma)(const void *state);
    void (*free)(void *state);
} rw_model_ops;

extern const rw_model_ops rw_model_snaive; /* snaive.c */
extern const rw_model_ops rw_model_ets;    /* ets.c */
extern const rw_model_ops rw_model_theta;  /* theta.c */
extern const rw_model_ops rw_model_mstl;   /* mstl.c */
extern const rw_model_ops rw_model_trend;  /* trend.c */

/* The registered models, NULL-terminated. */
const rw_model_ops *const *rw_model_registry(void);
/* The model named `name`, or NULL. */
const rw_model_ops *rw_model_find(const char *name);

#endif
