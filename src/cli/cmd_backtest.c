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
    "The store selection includes --tz ZONE, the time zone of days, weeks and\n"
    "months, as for forecast (default: RUNWAY_TZ, else Asia/Shanghai for Tencent\n"
    "Cloud bills only, else UTC), and --amortize: charges spread over their\n"
    "charge periods, as for series.\n"
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

static const cli_flag flags[] = {
    CLI_FORECAST_FLAGS(args, o),
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

static rw_status run(const rw_cli *cli, void *p, const cli_args *in, rw_error *err)
{
    args *a = p;
    rw_backtest_set *b = NULL;
    (void)in;
    rw_status st = a->saved ? rw_backtest_saved(cli->session, a->o.sel.series, &b, err)
                            : rw_backtest_series(cli->session, &a->o, &b, err);
    if (b) {
        rw_status ws = rw_backtest_set_write(b, a->fmt, stdout, st == RW_OK ? err : NULL);
        if (st == RW_OK) st = ws;
    }
    rw_backtest_set_free(b);
    return st;
}

const cli_command rw_cmd_backtest_c = {"backtest", usage, flags, sizeof(args), init, 0, 0, run};
