/* fc_common.h: what `forecast` and `backtest` share: their flags (the
 * engine's options and the store selection) and the loop over the series
 * of a series file or of the store. */
#ifndef RW_FC_COMMON_H
#define RW_FC_COMMON_H

#include "cli/cli.h"
#include "model/forecast.h"
#include "store/series_query.h"

typedef struct fc_config {
    rw_forecast_opts fo;   /* engine options */
    rw_seasonality periods; /* --period values */
    const char *input;     /* --input FILE, or NULL for the store */
    const char *series;    /* --series ID, or NULL for all */
    int format;            /* 0 text/csv, 1 json */
    rw_series_query q;     /* store selection */
    const char *metric_text, *by_text; /* as given, for saved forecasts */
    int gran_given;        /* --granularity was given */
    size_t origins;        /* backtest: --origins */
    size_t step;           /* backtest: --step */
} fc_config;

/* Parses the flags into *c (defaults filled). `backtest` enables --origins
 * and --step and makes text the default format. Returns 0 to go on, -1
 * after --help was printed, or an exit code. */
int rw_fc_parse(rw_cli *cli, int argc, char **argv, const char *usage, int backtest,
                fc_config *c);

/* Called for every series; returns 0, or 1 when the series failed (after
 * printing why). */
typedef int (*rw_fc_each_fn)(void *ctx, const fc_config *c, const rw_ts *ts);

/* Builds each selected series and calls `fn`. Returns an exit code;
 * *failed and *total count the series. */
int rw_fc_each_series(rw_cli *cli, const fc_config *c, rw_fc_each_fn fn, void *ctx, int *failed,
                      int *total);

#endif
