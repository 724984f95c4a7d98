/* cmd_forecast.c: `runway forecast`: forecasts with intervals for every
 * series of a series file or of the store. */
#include "cli/cli.h"

static const char usage[] =
    "usage: runway forecast --horizon N [--input FILE] [--series ID] [--model NAME]\n"
    "                       [--variant V] [--level L]... [--seed S] [--paths N]\n"
    "                       [--period P]... [--format csv|json]\n"
    "                       [store selection: --by DIM --metric M --granularity G\n"
    "                        --from T --to T --currency C --account ID]\n"
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
    "  --format F     csv (default): series,timestamp,mean,loL,hiL...,model;\n"
    "                 json: the same points and how the forecast was made\n"
    "\n"
    "Forecasts made from the store are saved in it (table forecasts), to be\n"
    "compared with what actually happened later.\n";

typedef struct args {
    rw_forecast_options o;
    rw_output fmt;
} args;

static rw_status model(void *p, const char *text, rw_error *err)
{
    rw_forecast_options *o = p;
    if (!rw_model_known(text))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "unknown model '%s'", text);
    o->model = text;
    return RW_OK;
}

static rw_status level(void *p, const char *text, rw_error *err)
{
    rw_forecast_options *o = p;
    double d;
    if (rw_parse_amount(text, &d, err) != RW_OK || d < 51 || d > 99) {
        rw_error_clear(err);
        return rw_error_set(err, RW_EINVAL, NULL, 0, "'%s' is not a percentage between 51 and 99",
                            text);
    }
    if (o->nlevels == RW_MAX_LEVELS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "at most %d levels", RW_MAX_LEVELS);
    o->levels[o->nlevels++] = d;
    return RW_OK;
}

static rw_status period(void *p, const char *text, rw_error *err)
{
    rw_forecast_options *o = p;
    double d;
    if (rw_parse_amount(text, &d, err) != RW_OK || d < 2 || o->nperiods == RW_MAX_PERIODS) {
        rw_error_clear(err);
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "'%s' is not a period of at least 2 steps (at most %d)", text,
                            RW_MAX_PERIODS);
    }
    o->periods[o->nperiods++] = d;
    return RW_OK;
}

#define FORECAST_FLAGS                                                                         \
    CLI_SELECTION_FLAGS(args, o.sel), CLI_FLAG_STR("input", args, o.sel.input),                \
        CLI_FLAG_STR("series", args, o.sel.series), CLI_FLAG_FN("model", model),               \
        CLI_FLAG_STR("variant", args, o.variant), CLI_FLAG_FN("level", level),                 \
        CLI_FLAG_FN("period", period),                                                          \
        CLI_FLAG_COUNT("horizon", args, o.horizon, 1, 100000, "a number of steps (1..100000)"), \
        CLI_FLAG_COUNT("seed", args, o.seed, 0, INT64_MAX, "a non-negative integer"),          \
        CLI_FLAG_COUNT("paths", args, o.npaths, 10, 100000, "a number between 10 and 100000"), \
        CLI_FLAG_COUNT("jobs", args, o.jobs, 1, 64, "a thread count between 1 and 64")

static const cli_flag flags[] = {
    FORECAST_FLAGS,
    CLI_FLAG_OUTPUT(args, fmt, "csv|json"),
    CLI_END,
};

static void init(void *p)
{
    args *a = p;
    rw_forecast_options_init(&a->o);
    a->fmt = RW_OUT_CSV;
}

static int run(rw_cli *cli, void *p, size_t nargs, char **args_)
{
    args *a = p;
    (void)nargs, (void)args_;
    if (!a->o.horizon) {
        rw_cli_errorf("--horizon N is required");
        return EXIT_USAGE;
    }
    rw_forecast_set *f = NULL;
    rw_error err, werr;
    rw_error_clear(&err);
    rw_error_clear(&werr);
    rw_status st = rw_forecast_series(cli->session, &a->o, &f, &err);
    if (f) rw_forecast_set_write(f, a->fmt, stdout, &werr);
    rw_forecast_set_free(f);
    return rw_cli_finish(st, &err);
}

const cli_command rw_cmd_forecast_c = {"forecast", usage, flags, sizeof(args), init, 0, 0, run};
