/* fc_common.h: what `forecast` and `backtest` share: their flags (the
 * engine's options and the store selection) and the loop over the series
 * of a series file or of the store. */
#ifndef RW_FC_COMMON_H
#define RW_FC_COMMON_H

#include "cli/cli_old.h"
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
    size_t jobs;           /* --jobs: threads, 0 = one per processor */
    int saved;             /* backtest --saved: score saved forecasts */
} fc_config;

/* Handles a store-selection flag shared by the commands that read series
 * (codes 'b' --by, 'M' --metric, 'g' --granularity, 'F' --from, 'T' --to,
 * 'a' --account) into c->q. Returns 1 when handled, 0 when `opt` is not one
 * of them, -1 after printing a usage error. */
int rw_fc_selection_option(fc_config *c, int opt, const char *arg);

/* Parses the flags into *c (defaults filled). `backtest` enables --origins
 * and --step and makes text the default format. Returns 0 to go on, -1
 * after --help was printed, or an exit code. */
int rw_fc_parse(rw_cli *cli, int argc, char **argv, const char *usage, int backtest,
                fc_config *c);

/* Builds every selected series of the input file or the store (store
 * series are trimmed to the buckets their charges cover). *out (n series)
 * is owned by the caller: rw_fc_free_series. Series that cannot be built
 * are reported on stderr and counted in *failed; *total counts all.
 * Returns an exit code. */
int rw_fc_collect(rw_cli *cli, const fc_config *c, rw_ts ***out, size_t *n, int *failed,
                  int *total);
void rw_fc_free_series(rw_ts **ts, size_t n);

/* One series' work: built on the caller's thread, computed on a worker. */
typedef struct rw_fc_job {
    rw_ts *ts;        /* owned by the loop */
    void *result;     /* set by compute, consumed by emit */
    int failed;       /* compute failed: error says why */
    rw_status status; /* and its status (RW_EINVAL: a bad option) */
    char error[600];
} rw_fc_job;

/* Computes one job (on a worker thread: touch nothing shared). */
typedef void (*rw_fc_compute_fn)(void *ctx, const fc_config *c, rw_fc_job *job);
/* Prints or stores one job's result, in input order, on the caller's
 * thread, and frees it. */
typedef void (*rw_fc_emit_fn)(void *ctx, const fc_config *c, rw_fc_job *job);

/* Builds every selected series, computes them on c->jobs threads, then
 * emits them in order; series that fail are reported on stderr. Returns an
 * exit code (EXIT_USAGE when a series failed on a bad option, such as an
 * unknown model variant); *failed and *total count the series. */
int rw_fc_run(rw_cli *cli, const fc_config *c, rw_fc_compute_fn compute, rw_fc_emit_fn emit,
              void *ctx, int *failed, int *total);

#endif
