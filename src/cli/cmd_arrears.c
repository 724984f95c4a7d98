/* cmd_arrears.c: `runway arrears`: the statement of an account below zero. */
#include "cli/cli.h"

static const char usage[] =
    "usage: runway arrears [--account ID] [--currency C] [--credit-limit AMOUNT]\n"
    "                      [--policy NAME|FILE] [--grace-hours H] [--retention-days D]\n"
    "                      [--format text|json|csv] [--lang zh-CN|en] [--tz ZONE]\n"
    "       runway arrears --all-accounts [--label K=V]... [--shard K/N] [--jobs N]\n"
    "                      [the flags above but --account]\n"
    "\n"
    "Is the account in arrears (欠费), and what happens next? From the latest\n"
    "recorded balance: the amount owed, since when the balance has been below\n"
    "zero (estimated from the charges), when the service is suspended and the\n"
    "data deleted under the arrears policy, how many days are left before the\n"
    "data is destroyed, the payment that clears the debt and the one that brings\n"
    "the balance back to the blue threshold, and the charges since the arrears\n"
    "began by billing period (month) and service.\n"
    "\n"
    "  --account ID        the account (default: the only one with a balance)\n"
    "  --currency C        the store's charges in this currency (default: the balance's)\n"
    "  --credit-limit A    the balance may fall to -A before the account is in arrears\n"
    "  --policy NAME|FILE  arrears policy (models/policies): generic (default),\n"
    "                      tencent-cos, tencent-cls, alibaba-oss, or a JSON file\n"
    "  --grace-hours H     override the policy's hours from negative to suspension\n"
    "  --retention-days D  override the policy's days from suspension to deletion\n"
    "  --format F          text (default), json, or csv (the charges: period,service,amount)\n"
    "  --lang zh-CN|en     language of the text for people (default: the first of\n"
    "                      LC_ALL, LC_MESSAGES, LANG; zh... is Chinese, else English)\n"
    "  --tz ZONE           time zone of the times shown (default: RUNWAY_TZ, else\n"
    "                      Asia/Shanghai for Tencent Cloud bills only, else UTC)\n"
    "  --amortize          refused (exit 2): what is owed is what was billed\n"
    "  --all-accounts      every account with a balance, ranked as `runout\n"
    "                      --all-accounts`; csv: one row per account (exit 1 when\n"
    "                      some account fails)\n"
    "  --label K=V, --shard K/N, --jobs N  as for `runway runout --all-accounts`\n"
    "\n"
    "The clock is now (RUNWAY_NOW, epoch seconds, replaces it for replays).\n"
    "Exit status 0 whether or not the account is in arrears; scripts read\n"
    "\"status\" in the JSON (\"in_arrears\" or \"ok\").\n";

typedef struct args {
    rw_arrears_options o;
    rw_output fmt;
    cli_all all;
} args;

static rw_status label(void *p, const char *text, rw_error *err)
{
    return cli_label_add(&((args *)p)->all.o.filter, text, err);
}

static const cli_flag flags[] = {
    CLI_FLAG_ACCOUNT("account", args, o.plan.sel.account),
    CLI_FLAG_STR("currency", args, o.plan.sel.currency),
    CLI_FLAG_AMOUNT("credit-limit", args, o.credit_limit, CLI_NONNEG, NULL),
    CLI_FLAG_STR("policy", args, o.policy),
    CLI_FLAG_AMOUNT("grace-hours", args, o.grace_hours, CLI_NONNEG, NULL),
    CLI_FLAG_AMOUNT("retention-days", args, o.retention_days, CLI_NONNEG, NULL),
    CLI_FLAG_OUTPUT(args, fmt, "text|json|csv"),
    CLI_ALL_FLAGS(args, all, label),
    CLI_FLAG_LANG(args, o.plan.lang),
    CLI_FLAG_STR(CLI_TZ_FLAG, args, o.plan.sel.tz),
    CLI_FLAG_SET("amortize", args, o.plan.sel.amortize), /* refused: as billed */
    CLI_END,
};

static void init(void *p)
{
    args *a = p;
    rw_arrears_options_init(&a->o);
    rw_all_options_init(&a->all.o);
    a->fmt = RW_OUT_TEXT;
}

static rw_status run(const rw_cli *cli, void *p, const cli_args *in, rw_error *err)
{
    args *a = p;
    rw_arrears_result *r = NULL;
    (void)in;
    rw_status st = cli_now(&a->o.now, err);
    if (st == RW_OK) st = cli_all_check(&a->all, a->all.o.jobs != 0, err);
    if (st == RW_OK && a->all.all) {
        rw_account_results *all = NULL;
        cli_all_progress(cli, &a->all);
        st = rw_arrears_all(cli->session, &a->o, &a->all.o, &all, err);
        return cli_all_finish(st, all, a->fmt, err);
    }
    if (st == RW_OK) st = rw_arrears_statement(cli->session, &a->o, &r, err);
    if (st == RW_OK) st = rw_arrears_write(r, a->fmt, stdout, err);
    rw_arrears_result_free(r);
    return st;
}

const cli_command rw_cmd_arrears_c = {"arrears", usage, flags, sizeof(args), init, 0, 0, run};
