/* cmd_forecast.c: `runway forecast`: forecasts with intervals for every
 * series of a series file or of the store. */
#include "cli/cli.h"

static const char usage[] =
    "usage: runway forecast --horizon N [--input FILE] [--series ID] [--model NAME]\n"
    "                       [--variant V] [--level L]... [--seed S] [--paths N]\n"
    "                       [--period P]... [--format csv|json]\n"
    "                       [store selection: --by DIM --metric M --granularity G\n"
    "                        --from T --to T --currency C --account ID --tz ZONE\n"
    "                        --amortize]\n"
    "\n"
    "Forecasts N steps (of the series' own granularity) with prediction\n"
    "intervals. Reads a series file (series,timestamp,value) with --input, or\n"
    "aggregates the store like `runway series` does. Every series is forecast\n"
    "unless --series picks one.\n"
    "\n"
    "  --model NAME   auto (default: rolling-origin choice of the best model or a\n"
    "                 combination), snaive, ets, theta, mstl, trend\n"
    "  --variant V    model form for a forced model (ets: e.g. AAdA; snaive: the\n"
    "                 season length; mstl/trend: log)\n"
    "  --level L      interval level in percent, 51..99 (repeatable; default 80, 95)\n"
    "  --seed S       random seed of the sample paths (default 42)\n"
    "  --paths N      sample paths (default 1000)\n"
    "  --period P     seasonal period in steps (repeatable; default: detected from\n"
    "                 the granularity, e.g. 24 and 168 for hourly data)\n"
    "  --jobs N       series forecast in parallel (default: one per processor)\n"
    "  --tz ZONE      time zone of days, weeks and months: an IANA name\n"
    "                 (Asia/Shanghai), UTC or +08:00 (default: RUNWAY_TZ, else\n"
    "                 Asia/Shanghai for Tencent Cloud bills only, else UTC)\n"
    "  --amortize     forecast the history with each charge spread over its charge\n"
    "                 period, as `runway series --amortize` (JSON: \"amortized\")\n"

    "  --format F     csv (default): series,timestamp,mean,loL,hiL...,model;\n"
    "                 json: the same points and how the forecast was made\n"
    "\n"
    "Forecasts made from the store are saved in it (table forecasts), to be\n"
    "compared with what actually happened later.\n";

typedef struct args {
    rw_forecast_options o;
    rw_output fmt;
} args;

static const cli_flag flags[] = {
    CLI_FORECAST_FLAGS(args, o),
    CLI_FLAG_OUTPUT(args, fmt, "csv|json"),
    CLI_END,
};

static void init(void *p)
{
    args *a = p;
    rw_forecast_options_init(&a->o);
    a->fmt = RW_OUT_CSV;
}

static rw_status run(const rw_cli *cli, void *p, const cli_args *in, rw_error *err)
{
    args *a = p;
    rw_forecast_set *f = NULL;
    (void)in;
    rw_status st = rw_forecast_series(cli->session, &a->o, &f, err);
    if (f) {
        rw_status ws = rw_forecast_set_write(f, a->fmt, stdout, st == RW_OK ? err : NULL);
        if (st == RW_OK) st = ws;
    }
    rw_forecast_set_free(f);
    return st;
}

const cli_command rw_cmd_forecast_c = {"forecast", usage, flags, sizeof(args), init, 0, 0, run};
