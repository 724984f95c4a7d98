/* cmd_thresholds.c: `runway thresholds`: balances that should trigger
 * alerts, how they and the usual rules would have done on history, what to
 * do at each level, and Prometheus rules. */
#include <string.h>
#include "cli/cli.h"

static const char usage[] =
    "usage: runway thresholds [--input FILE [--series ID] | --account ID] [--as-of DATE]\n"
    "                         [--lead-time Nd]... [--confidence C] [--no-backtest]\n"
    "                         [--origins N] [--spacing DAYS] [--gauge EXPR] [--jobs N]\n"
    "                         [--fixed-alert AMOUNT] [--policy NAME|FILE]\n"
    "                         [--seed N] [--paths N] [--format text|json|prometheus]\n"
    "                         [--lang zh-CN|en]\n"
    "       runway thresholds --all-accounts [--label K=V]... [--shard K/N]\n"
    "                         [--format text|json|csv]\n"
    "                         [the flags above but --input and --account]\n"
    "\n"
    "For each lead time L, the balance below which an alert must fire so that the\n"
    "money still lasts L full days with probability C: the C-quantile of the\n"
    "simulated consumption over the next L days (recurring fees included, top-ups\n"
    "not). Each threshold is then replayed on the series' own history: recomputed\n"
    "at past days and checked against what was really consumed after them, next\n"
    "to the usual rules replayed the same way (a fixed amount, 80% of a day's\n"
    "consumption, the provider's 5 days at the last 24 hours' rate). Each level\n"
    "shows the policy's response: what to do, within how long, and the top-up.\n"
    "\n"
    "  --lead-time Nd   lead time in days (repeatable; default 7d, 3d, 1d, named\n"
    "                   blue, yellow, red)\n"
    "  --confidence C   probability the balance lasts the lead time (default 0.95)\n"
    "                   (--lead-time, --confidence and --fixed-alert not given: the\n"
    "                   account's threshold override, see `runway accounts`, else\n"
    "                   the default)\n"
    "  --no-backtest    skip the replay on history (faster)\n"
    "  --origins N      past days to replay at (default 8), --spacing DAYS apart\n"
    "                   (default 7)\n"
    "  --gauge EXPR     the balance metric in Prometheus rules (default\n"
    "                   cloud_account_balance); may carry labels: 'balance{account=\"1\"}'\n"
    "  --fixed-alert A  the usual fixed alert replayed beside runway's: balance\n"
    "                   below A, in the account's currency (default 500)\n"
    "  --policy NAME|FILE  the responses per level (models/policies): generic\n"
    "                   (default), tencent-cos, tencent-cls, alibaba-oss, or a file\n"
    "  --input, --series, --account, --currency, --metric, --as-of, --tz ZONE: as\n"
    "                   for runout (--tz: the time zone of the days; --amortize is\n"
    "                   refused: the balance pays charges as billed)\n"
    "  --seed N, --paths N, --jobs N (replay threads, default one per processor)\n"
    "  --format         text (default), json, or prometheus (alerting rules YAML)\n"
    "  --all-accounts   every account with a balance, ranked as `runout --all-accounts`\n"
    "                   (in arrears first, then the fewest days left, then id), with\n"
    "                   the level the balance is at; --jobs: accounts at once. json:\n"
    "                   an array of {\"account\", \"name\", \"labels\", the fields of one\n"
    "                   account}; csv: one row per account; an account that fails\n"
    "                   has \"error\" (exit 1)\n"
    "  --label K=V      only accounts with this label (repeatable)\n"
    "  --shard K/N      only the accounts of shard K of N, as for `runway runout`\n"
    "  --lang L         zh-CN or en: the language of the text (default: the first of\n"
    "                   LC_ALL, LC_MESSAGES, LANG; zh... is Chinese, else English)\n";

typedef struct args {
    rw_thresholds_options o;
    rw_output fmt;
    cli_all all;
} args;

static rw_status label(void *p, const char *text, rw_error *err)
{
    return cli_label_add(&((args *)p)->all.o.filter, text, err);
}

static rw_status lead(void *p, const char *text, rw_error *err)
{
    args *a = p;
    char buf[32];
    int64_t v;
    snprintf(buf, sizeof buf, "%s", text);
    size_t len = strlen(buf);
    if (len > 1 && buf[len - 1] == 'd') buf[len - 1] = '\0';
    if (a->o.nleads == RW_MAX_LEADS || rw_parse_count(buf, 1, 365, "", &v, NULL) != RW_OK) {
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "'%s' is not a number of days such as 7d (1..365, at most %d)", text,
                            RW_MAX_LEADS);
    }
    a->o.leads[a->o.nleads++] = (size_t)v;
    return RW_OK;
}

static rw_status confidence(void *p, const char *text, rw_error *err)
{
    args *a = p;
    if (rw_parse_amount(text, &a->o.confidence, NULL) == RW_OK && a->o.confidence >= 0.5 &&
        a->o.confidence <= 0.999)
        return RW_OK;
    return rw_error_set(err, RW_EINVAL, NULL, 0,
                        "'%s' is not a probability between 0.5 and 0.999", text);
}

static const cli_flag flags[] = {
    CLI_PLAN_FLAGS(args, o.plan),
    CLI_FLAG_OUTPUT(args, fmt, "text|json|prometheus|csv"),
    CLI_FLAG_FN("lead-time", lead),
    CLI_FLAG_FN("confidence", confidence),
    CLI_FLAG_UNSET("no-backtest", args, o.replay),
    CLI_FLAG_COUNT("origins", args, o.origins, 1, 365, "a positive count"),
    CLI_FLAG_COUNT("spacing", args, o.spacing, 1, 365, "a positive count"),
    CLI_FLAG_COUNT("jobs", args, o.jobs, 1, 64, "a positive count"),
    CLI_FLAG_STR("gauge", args, o.gauge),
    CLI_FLAG_AMOUNT("fixed-alert", args, o.fixed_alert, CLI_NONNEG, NULL),
    CLI_FLAG_STR("policy", args, o.policy),
    CLI_FLAG_LANG(args, o.plan.lang),
    CLI_FLAG_SET("all-accounts", args, all.all),
    CLI_FLAG_FN("label", label),
    CLI_FLAG_STR("shard", args, all.shard),
    CLI_END,
};

static void init(void *p)
{
    args *a = p;
    rw_thresholds_options_init(&a->o);
    rw_all_options_init(&a->all.o);
    a->fmt = RW_OUT_TEXT;
}

static rw_status run(const rw_cli *cli, void *p, const cli_args *in, rw_error *err)
{
    args *a = p;
    rw_thresholds_result *r = NULL;
    (void)in;
    rw_status st = cli_all_check(&a->all, 0, err);
    if (st == RW_OK) st = cli_now(&a->all.o.now, err);
    if (st == RW_OK && a->all.all && a->fmt == RW_OUT_PROMETHEUS)
        st = rw_error_set(err, RW_EINVAL, NULL, 0,
                          "--format prometheus writes the rules of one account: give --account");
    if (st == RW_OK && a->all.all) {
        rw_account_results *all = NULL;
        a->all.o.jobs = a->o.jobs;
        cli_all_progress(cli, &a->all);
        st = rw_thresholds_all(cli->session, &a->o, &a->all.o, &all, err);
        return cli_all_finish(st, all, a->fmt, err);
    }
    if (st == RW_OK && a->fmt == RW_OUT_CSV)
        st = rw_error_set(err, RW_EINVAL, NULL, 0, "--format csv is for --all-accounts");
    if (st == RW_OK) st = rw_thresholds_plan(cli->session, &a->o, &r, err);
    if (st == RW_OK) st = rw_thresholds_write(r, a->fmt, stdout, err);
    rw_thresholds_result_free(r);
    return st;
}

const cli_command rw_cmd_thresholds_c = {"thresholds", usage, flags, sizeof(args), init, 0, 0,
                                         run};
