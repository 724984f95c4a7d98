/* main.c: runway's entry point: the global options, then one command. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"

static const char usage[] =
    "usage: runway [--db PATH] [--quiet] [--verbose] COMMAND [ARGS]\n"
    "\n"
    "Consumption forecasting for prepaid cloud accounts.\n"
    "\n"
    "Commands:\n"
    "  ingest    read bills, usage logs, balances or series files into the store\n"
    "  series    aggregate stored charges or usage into time series (CSV/JSON)\n"
    "  balance   record or show balance snapshots\n"
    "  topup     record planned or recurring top-ups, or list them\n"
    "  accounts  the account registry: names, labels, owners, payers, policies, routes\n"
    "  sources   list ingested files and their row accounting\n"
    "  rejects   list rows that were rejected at ingest, with file:line and reason\n"
    "  forecast  forecast series with calibrated prediction intervals\n"
    "  backtest  rolling-origin accuracy of the forecasts (MASE, sMAPE, coverage)\n"
    "  runout    when the balance runs out (P10/P50/P90), and the arrears timeline\n"
    "  arrears   an account below zero: owed since when, suspension, deletion, what to pay\n"
    "  reconcile the ledger (收支明细) against the bills and the balance, day by day\n"
    "  thresholds  balances that should trigger alerts 7/3/1 days ahead\n"
    "  budget    month-end (or period) spend against a budget, with probabilities\n"
    "  anomalies  days or hours outside the forecast made before them\n"
    "  report    HTML/Markdown/JSON report with charts (gnuplot)\n"
    "  demo      the whole pipeline on the bundled sample data, ending in a report\n"
    "  fetch     pull the balance and bills from the Tencent Cloud Billing API\n"
    "  notify    send alert state changes to WeCom, DingTalk, Slack or JSON webhooks\n"
    "  run       fetch, forecast, notify and report in one locked step (for cron)\n"
    "\n"
    "Global options:\n"
    "  --db PATH    the SQLite store (default: $RUNWAY_DB, else ./runway.db)\n"
    "  --quiet      print only errors\n"
    "  --verbose    print more detail\n"
    "  --help       this help; `runway COMMAND --help` for a command\n"
    "  --version    print the version\n"
    "\n"
    "Exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 discrepancies (reconcile), 65 input data rejected.\n";

static const cli_command *const commands[] = {
    &rw_cmd_ingest_c,   &rw_cmd_series_c,     &rw_cmd_balance_c, &rw_cmd_topup_c,
    &rw_cmd_accounts_c,
    &rw_cmd_sources_c,  &rw_cmd_rejects_c,    &rw_cmd_forecast_c, &rw_cmd_backtest_c,
    &rw_cmd_runout_c,   &rw_cmd_arrears_c, &rw_cmd_reconcile_c,    &rw_cmd_thresholds_c, &rw_cmd_budget_c,  &rw_cmd_anomalies_c,
    &rw_cmd_report_c,   &rw_cmd_demo_c,       &rw_cmd_fetch_c,   &rw_cmd_notify_c,
    &rw_cmd_run_c,
};

/* Reads the global options before the command; returns the index of the
 * command's name, or -1 (done: *rc says how) */
static int globals(rw_cli *cli, int argc, char **argv, int *rc)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            *rc = rw_cli_flush_stdout();
            return -1;
        } else if (!strcmp(a, "--version")) {
            printf("runway %s\n", rw_version());
            *rc = rw_cli_flush_stdout();
            return -1;
        } else if (!strcmp(a, "--quiet")) {
            cli->quiet = 1;
        } else if (!strcmp(a, "--verbose")) {
            cli->verbose = 1;
        } else if (!strcmp(a, "--db") && i + 1 < argc) {
            cli->db_path = argv[++i];
        } else if (!strncmp(a, "--db=", 5)) {
            cli->db_path = a + 5;
        } else {
            rw_cli_errorf("unknown option %s", a);
            *rc = rw_cli_usage_error(usage);
            return -1;
        }
    }
    if (i < argc) return i;
    *rc = rw_cli_usage_error(usage);
    return -1;
}

static int dispatch(rw_cli *cli, int argc, char **argv)
{
    int rc = EXIT_OKAY, i = globals(cli, argc, argv, &rc);
    if (i < 0) return rc;
    for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++)
        if (!strcmp(argv[i], commands[c]->name)) return cli_run(cli, commands[c], argc - i, argv + i);
    rw_cli_errorf("unknown command '%s'", argv[i]);
    return rw_cli_usage_error(usage);
}

int main(int argc, char **argv)
{
    rw_error err;
    rw_error_clear(&err);
    if (rw_global_init(&err) != RW_OK) {
        rw_cli_error(&err);
        return EXIT_RUNTIME;
    }
    rw_cli cli = {getenv("RUNWAY_DB"), 0, 0, isatty(STDERR_FILENO), NULL};
    if (!cli.db_path || !*cli.db_path) cli.db_path = "runway.db";
    int rc = dispatch(&cli, argc, argv);
    rw_global_cleanup();
    return rc;
}
