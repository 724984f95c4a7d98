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

/* A saved forecast read back: strings and arrays owned by the struct. */
typedef struct rw_loaded_forecast {
    int64_t id, created_at;
    char *series, *selection, *granularity, *model;
    size_t h;
    int64_t *t;
    double *mean;
    char **intervals; /* JSON text per point: {"80": [lo, hi], ...} */
} rw_loaded_forecast;

/* Calls fn for every saved forecast (of `series` when not NULL), oldest
 * first; fn returns RW_OK to go on. The forecast is freed after the call. */
rw_status rw_forecast_each(rw_store *s, const char *series,
                           rw_status (*fn)(void *ctx, const rw_loaded_forecast *f), void *ctx,
                           rw_error *err);

#endif
