/* theta.c: placeholder until the model lands. */
#include "model/model.h"

static rw_status theta_fit(const double *y, size_t n, const rw_seasonality *s,
                         const rw_model_opts *o, void **state, rw_error *err)
{
    (void)y;
    (void)n;
    (void)s;
    (void)o;
    *state = NULL;
    return rw_error_set(err, RW_ENUMERIC, NULL, 0, "theta: not implemented yet");
}

static void theta_free(void *state)
{
    (void)state;
}

const rw_model_ops rw_model_theta = {"theta", theta_fit, NULL, NULL, NULL, NULL, theta_free};
