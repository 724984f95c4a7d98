/* cmd_budget.c: `runway budget`: a period's spend against a budget, with
 * probabilities, the likely breach date and forecast-based alerts. */
#include "cli/cli.h"

static const char usage[] =
    "usage: runway budget [--amount A] [--month YYYY-MM | --from DATE --to DATE]\n"
    "                     [--alert PCT]... [--alert-probability P]\n"
    "                     [--input FILE [--series ID] | --account ID] [--as-of DATE]\n"
    "                     [--seed N] [--paths N] [--amortize] [--format text|json]\n"
    "                     [--lang zh-CN|en]\n"
    "       runway budget --all-accounts [--label K=V]... [--shard K/N] [--jobs N]\n"
    "                     [--group-by KEY] [--format text|json|csv]\n"
    "                     [the flags above but --input and --account]\n"
    "\n"
    "Will spending over the period stay within the budget? What was spent up to the\n"
    "end of the as-of day plus simulated consumption for the rest of the period\n"
    "gives the forecast total with its 80% and 95% intervals, the probability of\n"
    "going over, the likely breach date, and for each alert percentage whether\n"
    "actual spend already crossed it or how likely and when the forecast crosses it.\n"
    "\n"
    "  --amount A             the budget for the period (default: the account's\n"
    "                         registered budget, see `runway accounts`)\n"
    "  --month YYYY-MM        the period (default: the month of the day after as-of)\n"
    "  --from DATE --to DATE  a custom period, both days included\n"
    "  --alert PCT            alert at PCT% of the budget (repeatable; default 50, 80,\n"
    "                         100)\n"
    "  --alert-probability P  a forecast alert fires when crossing is at least this\n"
    "                         likely (default 0.5)\n"
    "  --input, --series, --account, --currency, --metric, --as-of, --tz ZONE: as\n"
    "                         for runout (--tz: the time zone of days and months)\n"
    "  --amortize             spend with each charge spread over its charge period\n"
    "                         (as `runway series --amortize`) instead of as billed\n"
    "  --seed N, --paths N, --format text|json\n"
    "  --lang zh-CN|en        language of the text for people (default: the first of\n"
    "                         LC_ALL, LC_MESSAGES, LANG; zh... is Chinese, else English)\n"
    "  --all-accounts         every account with a balance, each against --amount or\n"
    "                         else its registered budget; an account with neither is\n"
    "                         \"no budget\" (its spend and forecast still shown). Ranked:\n"
    "                         the most likely over budget first, accounts without a\n"
    "                         budget last. json: an array of {\"account\", \"name\",\n"
    "                         \"labels\", the fields of one account}; csv: one row per\n"
    "                         account; an account that fails has \"error\" (exit 1)\n"
    "  --label K=V            only accounts with this label (repeatable)\n"
    "  --shard K/N            only the accounts of shard K of N, as for `runway runout`\n"
    "  --jobs N               accounts planned at once (default: one per processor)\n"
    "  --group-by KEY         with --all-accounts: one line per value of the label KEY\n"
    "                         (e.g. department) and currency instead of one per\n"
    "                         account: accounts, spent so far, forecast total and the\n"
    "                         budgets, summed\n";

typedef struct args {
    rw_budget_options o;
    rw_output fmt;
    cli_all all;
} args;

static rw_status label(void *p, const char *text, rw_error *err)
{
    return cli_label_add(&((args *)p)->all.o.filter, text, err);
}

static rw_status month(void *p, const char *text, rw_error *err)
{
    args *a = p;
    rw_status st = rw_parse_month(text, &a->o.from, err);
    if (st == RW_OK) a->o.to = rw_month_next(a->o.from) - RW_DAY;
    return st;
}

static rw_status alert(void *p, const char *text, rw_error *err)
{
    args *a = p;
    double d;
    if (rw_parse_amount(text, &d, NULL) == RW_OK && d > 0 && d <= 1000 &&
        a->o.nalerts < RW_MAX_BUDGET_ALERTS) {
        a->o.alert_pct[a->o.nalerts++] = d;
        return RW_OK;
    }
    return rw_error_set(err, RW_EINVAL, NULL, 0, "'%s' is not a percentage (0..1000, at most %d)",
                        text, RW_MAX_BUDGET_ALERTS);
}

static rw_status fire(void *p, const char *text, rw_error *err)
{
    args *a = p;
    double *f = &a->o.fire_probability;
    if (rw_parse_amount(text, f, NULL) == RW_OK && *f > 0 && *f <= 1) return RW_OK;
    return rw_error_set(err, RW_EINVAL, NULL, 0, "'%s' is not a probability in (0, 1]", text);
}

static const cli_flag flags[] = {
    CLI_PLAN_FLAGS(args, o.plan),
    CLI_FLAG_OUTPUT(args, fmt, "text|json|csv"),
    CLI_ALL_FLAGS(args, all, label),
    CLI_FLAG_STR("group-by", args, all.o.group_by),
    CLI_FLAG_LANG(args, o.plan.lang),
    CLI_FLAG_AMOUNT("amount", args, o.amount, CLI_POSITIVE, "the budget"),
    CLI_FLAG_FN("month", month),
    CLI_FLAG_WHEN("from", args, o.from),
    CLI_FLAG_WHEN("to", args, o.to),
    CLI_FLAG_FN("alert", alert),
    CLI_FLAG_FN("alert-probability", fire),
    CLI_END,
};

static void init(void *p)
{
    args *a = p;
    rw_budget_options_init(&a->o);
    rw_all_options_init(&a->all.o);
    a->fmt = RW_OUT_TEXT;
}

static rw_status run(const rw_cli *cli, void *p, const cli_args *in, rw_error *err)
{
    args *a = p;
    rw_budget_result *r = NULL;
    (void)in;
    rw_status st = cli_all_check(&a->all, a->all.o.jobs != 0, err);
    if (st == RW_OK && !a->all.all && a->all.o.group_by)
        st = rw_error_set(err, RW_EINVAL, NULL, 0,
                          "--group-by sums accounts: give --all-accounts");
    if (st == RW_OK && a->all.all) {
        rw_account_results *all = NULL;
        cli_all_progress(cli, &a->all);
        st = rw_budget_all(cli->session, &a->o, &a->all.o, &all, err);
        return cli_all_finish(st, all, a->fmt, err);
    }
    if (st == RW_OK && a->fmt == RW_OUT_CSV)
        st = rw_error_set(err, RW_EINVAL, NULL, 0, "--format csv is for --all-accounts");
    if (st == RW_OK) st = rw_budget_plan(cli->session, &a->o, &r, err);
    if (st == RW_OK) st = rw_budget_write(r, a->fmt, stdout, err);
    rw_budget_result_free(r);
    return st;
}

const cli_command rw_cmd_budget_c = {"budget", usage, flags, sizeof(args), init, 0, 0, run};
