/* registry.c: the list of models --model can name. */
#include <string.h>
#include "model/model.h"

const rw_model_ops *const *rw_model_registry(void)
{
    static const rw_model_ops *const all[] = {&rw_model_snaive, &rw_model_ets, &rw_model_theta,
                                              &rw_model_mstl, &rw_model_trend, NULL};
    return all;
}

const rw_model_ops *rw_model_find(const char *name)
{
    for (const rw_model_ops *const *m = rw_model_registry(); *m; m++)
        if (strcmp((*m)->name, name) == 0) return *m;
    return NULL;
}
