/* cmd_topup.c: `runway topup`: planned and recurring top-ups. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "export/series_write.h"
#include "store/balance.h"
#include "util/num.h"
#include "util/strutil.h"
#include "util/timeutil.h"

static const char usage[] =
    "usage: runway topup AMOUNT --at DATE [--every week|month] [--until DATE]\n"
    "                    [--currency C] [--account ID] [--note TEXT]\n"
    "       runway topup list [--account ID] [--format text|json]\n"
    "       runway topup remove ID\n"
    "\n"
    "Records a planned top-up (recharge) of the prepaid balance, once or\n"
    "recurring. Monthly top-ups keep their day of the month, clamped to short\n"
    "months (the 31st becomes Feb 28/29). Forecasts of the run-out date add\n"
    "them to the balance on their dates.\n";

static const char *every_name(rw_every e)
{
    return e == RW_EVERY_WEEK ? "week" : e == RW_EVERY_MONTH ? "month" : "once";
}

static int list_topups(rw_store *store, const char *account, int json)
{
    rw_topup *t = NULL;
    size_t n = 0;
    rw_error err;
    rw_error_clear(&err);
    rw_status st = rw_store_topup_list(store, account, &t, &n, &err);
    if (st != RW_OK) {
        rw_cli_error(&err);
        return rw_cli_exit_code(st);
    }
    json_t *arr = json ? json_array() : NULL;
    char when[32], until[32], amount[64];
    for (size_t i = 0; i < n; i++) {
        rw_time_format_iso(t[i].at, when, sizeof when);
        if (t[i].until != INT64_MAX) rw_time_format_iso(t[i].until, until, sizeof until);
        if (json) {
            json_t *o = json_pack("{s:I, s:s, s:s, s:f, s:s, s:s, s:s}", "id", (json_int_t)t[i].id,
                                  "account", t[i].account, "at", when, "amount", t[i].amount,
                                  "currency", t[i].currency, "every", every_name(t[i].every),
                                  "note", t[i].note);
            json_object_set_new(o, "until", t[i].until == INT64_MAX ? json_null() : json_string(until));
            json_array_append_new(arr, o);
        } else {
            rw_format_value(t[i].amount, amount, sizeof amount);
            printf("%lld  %s %s  %s%s%s%s%s%s%s\n", (long long)t[i].id, amount, t[i].currency, when,
                   t[i].every == RW_EVERY_ONCE ? "" : ", every ",
                   t[i].every == RW_EVERY_ONCE ? "" : every_name(t[i].every),
                   t[i].until == INT64_MAX ? "" : " until ", t[i].until == INT64_MAX ? "" : until,
                   t[i].account[0] ? "  account " : "", t[i].account);
        }
    }
    if (json) {
        json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
        fputc('\n', stdout);
        json_decref(arr);
    } else if (n == 0) {
        printf("no top-ups recorded\n");
    }
    free(t);
    return rw_cli_flush_stdout();
}

int rw_cmd_topup(rw_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"at", required_argument, NULL, 't'},       {"every", required_argument, NULL, 'e'},
        {"until", required_argument, NULL, 'u'},    {"currency", required_argument, NULL, 'c'},
        {"account", required_argument, NULL, 'a'},  {"note", required_argument, NULL, 'n'},
        {"format", required_argument, NULL, 'f'},   RW_CLI_COMMON_OPTIONS,
        {NULL, 0, NULL, 0}};
    rw_topup t;
    memset(&t, 0, sizeof t);
    t.until = INT64_MAX;
    int have_at = 0, json = 0, opt;
    const char *account = NULL, *currency = NULL;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (rw_cli_common(cli, opt, optarg)) continue;
        switch (opt) {
        case 't':
            if (!rw_cli_parse_time("--at", optarg, 0, &t.at)) return rw_cli_usage_error(usage);
            have_at = 1;
            break;
        case 'e':
            if (!strcmp(optarg, "week")) t.every = RW_EVERY_WEEK;
            else if (!strcmp(optarg, "month")) t.every = RW_EVERY_MONTH;
            else {
                rw_cli_errorf("--every: '%s' is not week or month", optarg);
                return rw_cli_usage_error(usage);
            }
            break;
        case 'u':
            if (!rw_cli_parse_time("--until", optarg, 1, &t.until)) return rw_cli_usage_error(usage);
            t.until--; /* inclusive end */
            break;
        case 'c': currency = optarg; break;
        case 'a': account = optarg; break;
        case 'n': rw_str_copy(t.note, sizeof t.note, optarg); break;
        case 'f':
            if (strcmp(optarg, "text") && strcmp(optarg, "json")) return rw_cli_usage_error(usage);
            json = !strcmp(optarg, "json");
            break;
        case 'h': fputs(usage, stdout); return rw_cli_flush_stdout();
        default: return rw_cli_usage_error(usage);
        }
    }
    if (optind >= argc) return rw_cli_usage_error(usage);
    rw_store *store = NULL;
    const char *verb = argv[optind];
    if (!strcmp(verb, "list")) {
        if (rw_cli_open_store(cli, &store) != RW_OK) return EXIT_RUNTIME;
        int rc = list_topups(store, account, json);
        rw_store_close(store);
        return rc;
    }
    rw_error err;
    rw_error_clear(&err);
    rw_status st = RW_OK;
    if (!strcmp(verb, "remove")) {
        int64_t id;
        if (optind + 2 != argc || rw_parse_int64(argv[optind + 1], 1, INT64_MAX, &id) != RW_OK)
            return rw_cli_usage_error(usage);
        if (rw_cli_open_store(cli, &store) != RW_OK) return EXIT_RUNTIME;
        st = rw_store_topup_remove(store, id, &err);
        if (st == RW_OK && !cli->quiet) printf("top-up %lld removed\n", (long long)id);
    } else {
        if (optind + 1 != argc || !rw_cli_parse_amount("AMOUNT", verb, &t.amount))
            return rw_cli_usage_error(usage);
        if (t.amount <= 0) {
            rw_cli_errorf("topup: AMOUNT must be positive");
            return EXIT_USAGE;
        }
        if (!have_at) {
            rw_cli_errorf("topup: --at DATE is required");
            return rw_cli_usage_error(usage);
        }
        if (t.until < t.at) {
            rw_cli_errorf("topup: --until is before --at");
            return EXIT_USAGE;
        }
        rw_str_copy(t.account, sizeof t.account, account ? account : "");
        if (rw_cli_open_store(cli, &store) != RW_OK) return EXIT_RUNTIME;
        if (currency) {
            if (!rw_cli_parse_currency(currency, t.currency)) {
                rw_store_close(store);
                return EXIT_USAGE;
            }
        } else {
            st = rw_store_default_currency(store, account, t.currency, &err);
        }
        if (st == RW_OK) st = rw_store_topup_add(store, &t, &err);
        if (st == RW_OK && !cli->quiet) {
            char when[32], amount[64];
            rw_time_format_iso(t.at, when, sizeof when);
            rw_format_value(t.amount, amount, sizeof amount);
            printf("top-up %lld: %s %s at %s%s%s\n", (long long)t.id, amount, t.currency, when,
                   t.every == RW_EVERY_ONCE ? "" : ", every ",
                   t.every == RW_EVERY_ONCE ? "" : every_name(t.every));
        }
    }
    rw_store_close(store);
    if (st != RW_OK) {
        rw_cli_error(&err);
        return rw_cli_exit_code(st);
    }
    return rw_cli_flush_stdout();
}
