/* cmd_runout.c: `runway runout`: when the balance runs out, and what the
 * provider does after it. */
#include "cli/cli.h"

static const char usage[] =
    "usage: runway runout [--input FILE [--series ID] | --account ID] [--balance AMOUNT]\n"
    "                     [--as-of DATE] [--topup AMOUNT@DATE[/week|/month]]...\n"
    "                     [--charge AMOUNT@DATE[/week|/month]]... [--credit-limit AMOUNT]\n"
    "                     [--policy NAME|FILE] [--grace-hours H] [--retention-days D]\n"
    "                     [--horizon DAYS] [--seed N] [--paths N] [--tz ZONE]\n"
    "                     [--format text|json] [--lang zh-CN|en]\n"
    "       runway runout --all-accounts [--label K=V]... [--shard K/N] [--jobs N]\n"
    "                     [--format text|json|csv]\n"
    "                     [the flags above but --input, --account and --balance]\n"
    "\n"
    "When will the prepaid balance run out? From the balance at the end of the\n"
    "as-of day and simulated futures of daily consumption (weekly cycle, trend,\n"
    "monthly fees on their calendar days), it gives the run-out day at P10/P50/P90,\n"
    "the chance of running out within 7, 14 and 30 days, and the arrears timeline\n"
    "that follows: when the service is suspended and when the data is deleted.\n"
    "Vouchers do not draw the balance: when the bills say how each charge was\n"
    "paid, only cash, gift and transfer payments are counted. A balance already\n"
    "below zero is reported as in arrears (see `runway arrears`).\n"
    "\n"
    "  --input FILE        a series file (series,timestamp,value) of daily or hourly\n"
    "                      consumption; else the store's cost of --account\n"
    "  --balance AMOUNT    balance at the end of the as-of day; default (store): the\n"
    "                      latest snapshot, carried to the end of a day with the\n"
    "                      recorded consumption\n"
    "  --as-of DATE        the day the balance is known at (default: the last day of\n"
    "                      data, or the day before the snapshot)\n"
    "  --topup A@DATE      a planned top-up (repeatable; /week or /month repeats it);\n"
    "                      the store's planned top-ups (`runway topup`) are added\n"
    "  --charge A@DATE     a planned one-off charge not in the history (repeatable)\n"
    "  --credit-limit A    the balance may fall to -A before the service is affected\n"
    "  --policy NAME|FILE  arrears policy (models/policies): generic (default),\n"
    "                      tencent-cos, tencent-cls, alibaba-oss, or a JSON file\n"
    "  --grace-hours H     override the policy's hours from negative to suspension\n"
    "  --retention-days D  override the policy's days from suspension to deletion\n"
    "  --horizon DAYS      days simulated (default 365); later run-outs are 'not\n"
    "                      within the horizon' (JSON null)\n"
    "  --currency C        the store's charges in this currency (default: the balance's)\n"
    "  --metric M          what is consumed (default: what the balance paid, \"drawn\",\n"
    "                      when the bills say how charges were paid, else cost)\n"
    "  --tz ZONE           time zone of days, weeks and months: an IANA name\n"
    "                      (Asia/Shanghai), UTC or +08:00 (default: RUNWAY_TZ, else\n"
    "                      Asia/Shanghai for Tencent Cloud bills only, else UTC)\n"
    "  --amortize          refused (exit 2): the balance pays each charge when it is\n"
    "                      billed, so run-out uses charges as billed\n"
    "                      --as-of and the dates given are days of that zone\n"
    "  --seed N, --paths N simulation seed (default 42) and paths (default 1000)\n"
    "  --format text|json  output (default text)\n"
    "  --all-accounts      every account with a balance, ranked: in arrears first\n"
    "                      (largest owed first), then the fewest days left (P50),\n"
    "                      then id; each account's plan is the one --account ID\n"
    "                      gives. json: an array of {\"account\", \"name\", \"labels\",\n"
    "                      the fields of one account} ({..., \"error\"} for an account\n"
    "                      that fails: exit 1); csv: one row per account\n"
    "  --label K=V         only accounts with this label (`runway accounts`; repeatable)\n"
    "  --shard K/N         only the accounts of shard K of N (1 <= K <= N): a fixed\n"
    "                      hash of the id, so N machines each taking one K cover\n"
    "                      every account once (docs/operations.md)\n"
    "  --jobs N            accounts evaluated at once (default: one per processor)\n"
    "  --lang zh-CN|en     language of the text for people (default: the first of\n"
    "                      LC_ALL, LC_MESSAGES, LANG; zh... is Chinese, else English)\n";

typedef struct args {
    rw_runout_options o;
    rw_output fmt;
    cli_all all;
} args;

static rw_status label(void *p, const char *text, rw_error *err)
{
    return cli_label_add(&((args *)p)->all.o.filter, text, err);
}

static rw_status balance(void *p, const char *text, rw_error *err)
{
    args *a = p;
    a->o.has_balance = 1;
    return rw_parse_amount(text, &a->o.balance, err);
}

/* A --topup (sign +1) or --charge (-1). */
static rw_status flow(args *a, const char *text, double sign, rw_error *err)
{
    if (a->o.nflows == RW_RUNOUT_MAX_FLOWS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "more than %d given",
                            RW_RUNOUT_MAX_FLOWS);
    rw_flow_plan *f = &a->o.flows[a->o.nflows];
    rw_status st = rw_parse_flow(text, f, err);
    f->amount *= sign;
    if (st == RW_OK) a->o.nflows++;
    return st;
}

static rw_status topup(void *p, const char *text, rw_error *err)
{
    return flow(p, text, 1, err);
}

static rw_status charge(void *p, const char *text, rw_error *err)
{
    return flow(p, text, -1, err);
}

static const cli_flag flags[] = {
    CLI_PLAN_FLAGS(args, o.plan),
    CLI_FLAG_OUTPUT(args, fmt, "text|json|csv"),
    CLI_ALL_FLAGS(args, all, label),
    CLI_FLAG_FN("balance", balance),
    CLI_FLAG_FN("topup", topup),
    CLI_FLAG_FN("charge", charge),
    CLI_FLAG_AMOUNT("credit-limit", args, o.credit_limit, CLI_NONNEG, NULL),
    CLI_FLAG_STR("policy", args, o.policy),
    CLI_FLAG_AMOUNT("grace-hours", args, o.grace_hours, CLI_NONNEG, NULL),
    CLI_FLAG_AMOUNT("retention-days", args, o.retention_days, CLI_NONNEG, NULL),
    CLI_FLAG_COUNT("horizon", args, o.horizon_days, 1, 3660, "a number of days (1..3660)"),
    CLI_FLAG_LANG(args, o.plan.lang),
    CLI_END,
};

static void init(void *p)
{
    args *a = p;
    rw_runout_options_init(&a->o);
    rw_all_options_init(&a->all.o);
    a->fmt = RW_OUT_TEXT;
}

static rw_status run(const rw_cli *cli, void *p, const cli_args *in, rw_error *err)
{
    args *a = p;
    rw_runout_result *r = NULL;
    (void)in;
    rw_status st = cli_now(&a->o.now, err);
    if (st == RW_OK) st = cli_all_check(&a->all, a->all.o.jobs != 0, err);
    if (st == RW_OK && a->all.all) {
        rw_account_results *all = NULL;
        cli_all_progress(cli, &a->all);
        st = rw_runout_all(cli->session, &a->o, &a->all.o, &all, err);
        return cli_all_finish(st, all, a->fmt, err);
    }
    if (st == RW_OK && a->fmt == RW_OUT_CSV)
        st = rw_error_set(err, RW_EINVAL, NULL, 0, "--format csv is for --all-accounts");
    if (st == RW_OK) st = rw_runout_plan(cli->session, &a->o, &r, err);
    if (st == RW_OK) st = rw_runout_write(r, a->fmt, stdout, err);
    rw_runout_result_free(r);
    return st;
}

const cli_command rw_cmd_runout_c = {"runout", usage, flags, sizeof(args), init, 0, 0, run};
