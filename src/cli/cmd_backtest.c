/* cmd_backtest.c: `runway backtest`: rolling-origin accuracy of forecasts
 * on the series' own history, or of the forecasts saved in the store. */
#include "cli/cli.h"

static const char usage[] =
    "usage: runway backtest --horizon N [--origins K] [--step S] [--input FILE]\n"
    "                       [--series ID] [--model NAME] [--level L]... [--seed S]\n"
    "                       [--jobs N] [--format text|json] [store selection as for forecast]\n"
    "\n"
    "Replays forecasting at K origins (default 3), S steps apart (default N),\n"
    "ending N steps before the end of each series: at every origin the model is\n"
    "chosen and fitted on the history before it, as it would have been then,\n"
    "and its N-step forecast is scored against what followed:\n"
    "  MASE      mean absolute error / in-sample seasonal-naive error\n"
    "  sMAPE     symmetric mean absolute percentage error (0..200)\n"
    "  cov L     share of actual values inside the L% interval\n"
    "  MSIS L    interval score of the L% interval, scaled like MASE\n"
    "\n"
    "       runway backtest --saved [--series ID] [--format text|json]\n"
    "\n"
    "Scores the forecasts saved by `runway forecast` (from the store) against\n"
    "the actual values that have arrived since: points compared, MASE, sMAPE\n"
    "and the coverage of each saved interval.\n";

typedef struct args {
    rw_forecast_options o;
    rw_output fmt;
    int saved;
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
    CLI_FLAG_OUTPUT(args, fmt, "text|json"),
    CLI_FLAG_COUNT("origins", args, o.origins, 1, 1000, "a count between 1 and 1000"),
    CLI_FLAG_COUNT("step", args, o.step, 1, 1000, "a count between 1 and 1000"),
    CLI_FLAG_SET("saved", args, saved),
    CLI_END,
};

static void init(void *p)
{
    args *a = p;
    rw_forecast_options_init(&a->o);
    a->fmt = RW_OUT_TEXT;
}

static int run(rw_cli *cli, void *p, size_t nargs, char **args_)
{
    args *a = p;
    (void)nargs, (void)args_;
    if (!a->o.horizon && !a->saved) {
        rw_cli_errorf("--horizon N is required");
        return EXIT_USAGE;
    }
    rw_backtest_set *b = NULL;
    rw_error err, werr;
    rw_error_clear(&err);
    rw_error_clear(&werr);
    rw_status st = a->saved ? rw_backtest_saved(cli->session, a->o.sel.series, &b, &err)
                            : rw_backtest_series(cli->session, &a->o, &b, &err);
    if (b) rw_backtest_set_write(b, a->fmt, stdout, &werr);
    rw_backtest_set_free(b);
    return rw_cli_finish(st, &err);
}

const cli_command rw_cmd_backtest_c = {"backtest", usage, flags, sizeof(args), init, 0, 0, run};
