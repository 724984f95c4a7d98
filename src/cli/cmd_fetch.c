/* cmd_fetch.c: `runway fetch tencent`: the balance and the bill details
 * of whole months from the Tencent Cloud Billing API. */
#include <string.h>
#include "cli/cli.h"

static const char usage[] =
    "usage: runway fetch tencent [--month YYYY-MM]... [--from DATE --to DATE]\n"
    "                            [--endpoint URL] [--config FILE] [--account ID]\n"
    "                            [--raw-dir DIR] [--no-balance] [--no-bills]\n"
    "\n"
    "Fetches the account balance (DescribeAccountBalance) and the bill details\n"
    "(DescribeBillDetail, 100 items a page) of whole months from the Tencent Cloud\n"
    "Billing API, keeps the raw responses, and ingests them. Re-fetching a month\n"
    "replaces what the last fetch of that month stored; a fetch that fails changes\n"
    "nothing, and one that stops part-way resumes on the next run.\n"
    "\n"
    "  --month YYYY-MM    a month to fetch (repeatable; default: the current month,\n"
    "                     Beijing time, and the previous one during the first 3 days)\n"
    "  --from/--to DATE   every month these days touch\n"
    "  --endpoint URL     the API (default https://billing.tencentcloudapi.com;\n"
    "                     http:// only to a loopback test server)\n"
    "  --config FILE      credentials file, JSON {\"secret_id\", \"secret_key\"}; must\n"
    "                     not be readable by others. Default: the environment\n"
    "                     (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY), else\n"
    "                     ~/.config/runway/tencent.json\n"
    "  --account ID       the account, when the balance response does not say\n"
    "  --raw-dir DIR      where raw responses are kept (default: runway-raw beside\n"
    "                     the store)\n"
    "  --no-balance, --no-bills   skip one of the two\n";

typedef struct args {
    rw_fetch_options o;
    int64_t from, to;
} args;

static rw_status month(void *p, const char *text, rw_error *err)
{
    int64_t t;
    rw_status st = rw_parse_month(text, &t, err);
    return st == RW_OK ? rw_fetch_add_month(&((args *)p)->o, t, err) : st;
}

static const cli_flag flags[] = {
    CLI_FLAG_FN("month", month),
    CLI_FLAG_WHEN("from", args, from),
    CLI_FLAG_WHEN("to", args, to),
    CLI_FLAG_STR("endpoint", args, o.endpoint),
    CLI_FLAG_STR("config", args, o.config),
    CLI_FLAG_STR("account", args, o.account),
    CLI_FLAG_STR("raw-dir", args, o.raw_dir),
    CLI_FLAG_UNSET("no-balance", args, o.balance),
    CLI_FLAG_UNSET("no-bills", args, o.bills),
    CLI_END,
};

static void init(void *p)
{
    args *a = p;
    rw_fetch_options_init(&a->o);
    a->from = a->to = INT64_MIN;
}

/* Every month that --from .. --to touch. */
static int add_range(args *a)
{
    rw_error err;
    rw_error_clear(&err);
    if ((a->from == INT64_MIN) != (a->to == INT64_MIN) || (a->from != INT64_MIN && a->to < a->from)) {
        rw_cli_errorf("give both --from and --to, with --from <= --to");
        return EXIT_USAGE;
    }
    for (int64_t t = a->from; a->from != INT64_MIN && t <= a->to; t += 86400)
        if (rw_fetch_add_month(&a->o, t, &err) != RW_OK) {
            rw_cli_error(&err);
            return EXIT_USAGE;
        }
    return EXIT_OKAY;
}

static int run(rw_cli *cli, void *p, size_t nargs, char **args_)
{
    args *a = p;
    if (nargs != 1 || strcmp(args_[0], "tencent")) {
        rw_cli_errorf("fetch: the provider must be 'tencent'");
        return rw_cli_usage_error(usage);
    }
    int rc = add_range(a);
    if (rc != EXIT_OKAY) return rc;
    rw_fetch_result *r = NULL;
    rw_error err;
    rw_error_clear(&err);
    rw_status st = rw_fetch_tencent(cli->session, &a->o, &r, &err);
    if (!cli->quiet) {
        rw_error werr;
        rw_error_clear(&werr);
        rw_fetch_result_write(r, stdout, &werr);
    }
    rw_fetch_result_free(r);
    return rw_cli_finish(st, &err);
}

const cli_command rw_cmd_fetch_c = {"fetch", usage, flags, sizeof(args), init, 1, 0, run};
