/* forecast_write.h: the results of forecasting and backtesting many
 * series (the structs behind runway.h's rw_forecast_set and
 * rw_backtest_set), filled by the app layer, and written as CSV, text or
 * JSON by forecast_write.c. */
#ifndef RW_FORECAST_WRITE_H
#define RW_FORECAST_WRITE_H

#include "model/backtest.h"
#include "util/tz.h"

typedef struct rw_forecast_item {
    char *name;            /* owned */
    rw_granularity gran;
    rw_forecast *f;        /* owned, without its paths */
} rw_forecast_item;

struct rw_forecast_set {
    size_t nlevels;        /* the levels asked for (the CSV header) */
    double levels[RW_FC_MAX_LEVELS];
    size_t n;
    rw_forecast_item *item; /* owned, in input order */
    rw_tz *tz;             /* owned: the zone of the steps; NULL: UTC */
    int amortized;         /* the history spread charges over their periods */
};

/* A saved forecast scored against the values that arrived since. */
typedef struct rw_saved_score {
    int64_t id, made;
    char *series, *model;  /* owned */
    size_t horizon, points;
    double mase, smape;    /* NaN when no point could be compared */
    size_t ncov;           /* interval levels saved */
    char cov_key[RW_FC_MAX_LEVELS][16]; /* "80" */
    double cov[RW_FC_MAX_LEVELS];
} rw_saved_score;

typedef struct rw_backtest_item {
    char *name;            /* owned */
    rw_accuracy acc;
} rw_backtest_item;

struct rw_backtest_set {
    int saved;             /* 1: `score` holds saved forecasts, else `item` backtests */
    size_t nlevels;
    double levels[RW_FC_MAX_LEVELS];
    size_t n, cap;
    rw_backtest_item *item; /* owned */
    rw_saved_score *score;  /* owned */
    int filtered;           /* saved: of one series only (the text says so when none) */
};

#endif
