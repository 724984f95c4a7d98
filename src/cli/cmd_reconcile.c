/* cmd_reconcile.c: `runway reconcile`: the account ledger (收支明细)
 * against the bills and the balance, day by day. */
#include <string.h>
#include "cli/cli.h"

static const char usage[] =
    "usage: runway reconcile [--account ID] [--from DATE] [--to DATE]\n"
    "                        [--tolerance AMOUNT] [--lag auto|0|1] [--format text|json]\n"
    "\n"
    "For each Beijing day (UTC+8) the stored ledger (DescribeBillList) covers,\n"
    "compares (a) the ledger's deductions less refunds, (b) what the stored bills\n"
    "deducted that day drew from the balance (cash + gift + transfer; vouchers do\n"
    "not draw it) and (c) the ledger balance's change less\n"
    "recharges, freezes and other movements. Lists the days where they disagree,\n"
    "with the likely cause: missing-bills (the ledger deducted, no bill stored:\n"
    "a missing bill or a failed export), unexplained-deduction (the ledger\n"
    "deducted more than the bills drew: e.g. a failed automatic renewal),\n"
    "undeducted-bills (the bills drew more than the ledger deducted that day),\n"
    "balance-jump (the balance moved more than its transactions explain).\n"
    "\n"
    "  --account ID        the ledger's account (default: the only one)\n"
    "  --from DATE         the first day compared (default: the ledger's first)\n"
    "  --to DATE           the last day compared, inclusive (default: the ledger's last)\n"
    "  --tolerance AMOUNT  figures agree within AMOUNT (default 0.01) plus 0.1% of\n"
    "                      the larger one\n"
    "  --lag auto|0|1      days from a charge's usage to its deduction: 0 hourly\n"
    "                      settlement, 1 daily settlement (按量计费日结, deducted the\n"
    "                      next morning); auto (default): the one that leaves fewer\n"
    "                      days in disagreement\n"
    "  --format F          text (default: the discrepancies, every day when verbose)\n"
    "                      or json (every day, and \"status\")\n"
    "\n"
    "Exit status 0 when every day agrees, 3 when some disagree (the JSON's\n"
    "\"status\" is then \"discrepancies\" instead of \"ok\").\n";

typedef struct args {
    rw_reconcile_options o;
    rw_output fmt;
} args;

static rw_status lag(void *p, const char *text, rw_error *err)
{
    args *a = p;
    int64_t v;
    if (!strcmp(text, "auto")) {
        a->o.lag = -1;
        return RW_OK;
    }
    rw_status st = rw_parse_count(text, 0, 1, "auto, 0 or 1", &v, err);
    a->o.lag = (int)v;
    return st;
}

static const cli_flag flags[] = {
    CLI_FLAG_ACCOUNT("account", args, o.account),
    CLI_FLAG_WHEN("from", args, o.from),
    CLI_FLAG_WHEN_END("to", args, o.to),
    CLI_FLAG_AMOUNT("tolerance", args, o.tolerance, CLI_NONNEG, NULL),
    CLI_FLAG_FN("lag", lag),
    CLI_FLAG_OUTPUT(args, fmt, "text|json"),
    CLI_END,
};

static void init(void *p)
{
    args *a = p;
    rw_reconcile_options_init(&a->o);
    a->fmt = RW_OUT_TEXT;
}

static rw_status run(const rw_cli *cli, void *p, const cli_args *in, rw_error *err)
{
    args *a = p;
    rw_reconcile_result *r = NULL;
    (void)in;
    rw_status st = rw_reconcile(cli->session, &a->o, &r, err);
    if (st == RW_OK) st = rw_reconcile_write(r, a->fmt, cli->verbose, stdout, err);
    size_t n = rw_reconcile_result_discrepancies(r);
    if (st == RW_OK && n)
        st = rw_error_set(err, RW_EDISCREPANCY, NULL, 0,
                          "%zu day(s) of the ledger disagree with the bills or the balance", n);
    rw_reconcile_result_free(r);
    return st;
}

const cli_command rw_cmd_reconcile_c = {"reconcile", usage, flags, sizeof(args), init, 0, 0, run};
