/* cmd_balance.c: `runway balance set|show|list`. */
#include <getopt.h>
#include <jansson.h>
#include <string.h>
#include <time.h>
#include "cli/cli.h"
#include "export/series_write.h"
#include "store/balance.h"
#include "util/timeutil.h"

static const char usage[] =
    "usage: runway balance set AMOUNT [--at T] [--currency C] [--account ID]\n"
    "       runway balance show [--account ID] [--format text|json]\n"
    "\n"
    "Records a balance snapshot (in currency units, e.g. yuan, not cents) or shows\n"
    "the latest one. --at defaults to now; --currency to the account's last\n"
    "balance currency, else the single currency of the stored charges.\n"
    "Without --account, `show` uses the only account that has balances.\n";

int rw_cmd_balance(rw_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"at", required_argument, NULL, 't'},      {"currency", required_argument, NULL, 'c'},
        {"account", required_argument, NULL, 'a'}, {"format", required_argument, NULL, 'f'},
        RW_CLI_COMMON_OPTIONS,                     {NULL, 0, NULL, 0}};
    int64_t at = (int64_t)time(NULL);
    const char *currency = NULL, *account = NULL;
    int json = 0, opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (rw_cli_common(cli, opt, optarg)) continue;
        switch (opt) {
        case 't':
            if (!rw_cli_parse_time("--at", optarg, 0, &at)) return rw_cli_usage_error(usage);
            break;
        case 'c': currency = optarg; break;
        case 'a': account = optarg; break;
        case 'f':
            if (strcmp(optarg, "text") && strcmp(optarg, "json")) return rw_cli_usage_error(usage);
            json = !strcmp(optarg, "json");
            break;
        case 'h': fputs(usage, stdout); return rw_cli_flush_stdout();
        default: return rw_cli_usage_error(usage);
        }
    }
    const char *verb = optind < argc ? argv[optind] : "";
    int set = !strcmp(verb, "set");
    if (!set && strcmp(verb, "show")) return rw_cli_usage_error(usage);
    double amount = 0;
    if (set && (optind + 2 != argc || !rw_cli_parse_amount("AMOUNT", argv[optind + 1], &amount)))
        return rw_cli_usage_error(usage);
    if (!set && optind + 1 != argc) return rw_cli_usage_error(usage);
    char cur[4];
    if (currency && !rw_cli_parse_currency(currency, cur)) return EXIT_USAGE;
    rw_store *store = NULL;
    if (rw_cli_open_store(cli, &store) != RW_OK) return EXIT_RUNTIME;
    rw_error err;
    rw_error_clear(&err);
    rw_status st = RW_OK;
    char amount_text[64], when[32];
    if (set) {
        if (!currency) st = rw_store_default_currency(store, account, cur, &err);
        if (st == RW_OK) st = rw_store_balance_record(store, account ? account : "", at, amount, cur, &err);
        if (st == RW_OK && !cli->quiet) {
            rw_format_value(amount, amount_text, sizeof amount_text);
            rw_time_format_iso(at, when, sizeof when);
            printf("balance %s %s at %s recorded%s%s\n", amount_text, cur, when,
                   account ? " for account " : "", account ? account : "");
        }
    } else {
        rw_balance_row b;
        st = rw_store_balance_latest(store, account, &b, &err);
        if (st == RW_OK) {
            rw_time_format_iso(b.at, when, sizeof when);
            if (json) {
                json_t *o = json_pack("{s:f, s:s, s:s, s:s, s:s}", "balance", b.amount, "currency",
                                      b.currency, "at", when, "account", b.account, "origin",
                                      b.origin);
                json_dumpf(o, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
                fputc('\n', stdout);
                json_decref(o);
            } else {
                rw_format_value(b.amount, amount_text, sizeof amount_text);
                printf("%s %s at %s (%s)%s%s\n", amount_text, b.currency, when, b.origin,
                       b.account[0] ? ", account " : "", b.account);
            }
        }
    }
    rw_store_close(store);
    if (st != RW_OK) {
        rw_cli_error(&err);
        return rw_cli_exit_code(st);
    }
    return rw_cli_flush_stdout();
}
