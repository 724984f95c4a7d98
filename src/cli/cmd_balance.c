/* cmd_balance.c: `runway balance set|show`. */
#include <string.h>
#include <time.h>
#include "cli/cli.h"

static const char usage[] =
    "usage: runway balance set AMOUNT [--at T] [--currency C] [--account ID]\n"
    "       runway balance show [--account ID] [--format text|json]\n"
    "\n"
    "Records a balance snapshot (in currency units, e.g. yuan, not cents) or shows\n"
    "the latest one. --at defaults to now; --currency to the account's last\n"
    "balance currency, else the single currency of the stored charges.\n"
    "Without --account, `show` uses the only account that has balances.\n";

typedef struct args {
    int64_t at;
    const char *currency, *account;
    char cur[4];
    rw_output fmt;
} args;

static rw_status currency(void *p, const char *text, rw_error *err)
{
    args *a = p;
    a->currency = a->cur;
    return rw_parse_currency(text, a->cur, err);
}

static const cli_flag flags[] = {
    CLI_FLAG_WHEN("at", args, at),
    CLI_FLAG_FN("currency", currency),
    CLI_FLAG_ACCOUNT("account", args, account),
    CLI_FLAG_OUTPUT(args, fmt, "text|json"),
    CLI_END,
};

static void init(void *p)
{
    args *a = p;
    a->at = (int64_t)time(NULL);
    a->fmt = RW_OUT_TEXT;
}

static rw_status run(const rw_cli *cli, void *p, const cli_args *in, rw_error *err)
{
    args *a = p;
    int set = in->n >= 1 && !strcmp(in->v[0], "set");
    rw_balance_row b;
    double amount = 0;
    if (set ? in->n != 2 || rw_parse_amount(in->v[1], &amount, NULL) != RW_OK
            : in->n != 1 || strcmp(in->v[0], "show"))
        return cli_usage(usage);
    rw_status st = set ? rw_balance_set(cli->session, a->account, a->at, amount, a->currency, &b,
                                        err)
                       : rw_balance_get(cli->session, a->account, &b, err);
    if (st == RW_OK && !(set && cli->quiet)) st = rw_balance_write(&b, a->fmt, set, stdout, err);
    return st;
}

const cli_command rw_cmd_balance_c = {"balance", usage, flags, sizeof(args), init, 2, 1, run};
