/* ets.c: placeholder until the model lands. */
#include "model/model.h"

static rw_status ets_fit(const double *y, size_t n, const rw_seasonality *s,
                         const rw_model_opts *o, void **state, rw_error *err)
{
    (void)y;
    (void)n;
    (void)s;
    (void)o;
    *state = NULL;
    return rw_error_set(err, RW_ENUMERIC, NULL, 0, "ets: not implemented yet");
}

static void ets_free(void *state)
{
    (void)state;
}

const rw_model_ops rw_model_ets = {"ets", ets_fit, NULL, NULL, NULL, NULL, ets_free};
