/* forecast_store.h: keeping forecasts made from the store, so they can be
 * compared with what actually happened (`runway backtest --saved`). */
#ifndef RW_FORECAST_STORE_H
#define RW_FORECAST_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/store.h"

typedef struct rw_saved_forecast {
    const char *series;      /* series name */
    const char *selection;   /* JSON text: how the series was selected */
    const char *granularity; /* "hour", "day", ... */
    const char *model;       /* what produced the mean */
    const char *explanation; /* JSON text */
    size_t h;                /* points */
    const int64_t *t;        /* timestamps */
    const double *mean;      /* point forecasts */
    size_t nlevels;
    const double *levels;    /* percent */
    const double *lo, *hi;   /* lo[l * h + k] */
} rw_saved_forecast;

/* Stores `f` in one transaction; *id gets its id. */
rw_status rw_forecast_save(rw_store *s, const rw_saved_forecast *f, int64_t *id, rw_error *err);

#endif
