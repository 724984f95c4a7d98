/* cmd_report.c: `runway report` (the HTML, Markdown and JSON report of an
 * account, or with --all-accounts the organisation report) and `runway demo` (the whole pipeline on the bundled sample
 * data, ending in that report). */
#include "cli/cli.h"

static const char report_usage[] =
    "usage: runway report --out DIR [--account ID] [--currency C] [--budget AMOUNT]\n"
    "                     [--policy NAME|FILE] [--by DIM] [--as-of DATE] [--seed N]\n"
    "                     [--jobs N] [--no-charts] [--tz ZONE] [--amortize]\n"
    "                     [--lang zh-CN|en]\n"
    "       runway report --all-accounts --out DIR [--label K=V]... [--jobs N]\n"
    "                     [--charts N] [--no-charts] [--fund-days N] [the flags above\n"
    "                     but --account]\n"
    "\n"
    "Writes DIR/report.html (one self-contained page: charts embedded, works offline),\n"
    "DIR/report.md, DIR/summary.json and DIR/charts/*.svg|png: a five-line summary,\n"
    "when the balance runs out and what follows, the alert thresholds with their\n"
    "replay on history, the month against the budget, the weekly capacity view by\n"
    "service, anomalies, how the forecast was made, and data-quality notes. The\n"
    "numbers are those of runout, thresholds, budget, forecast and anomalies.\n"
    "\n"
    "  --out DIR           where to write (created if needed); refused when it is\n"
    "                      a symbolic link, another user's, or writable by group or\n"
    "                      others without the sticky bit\n"
    "  --account ID        the account (default: the store's only one)\n"
    "  --currency C        charges in this currency (default: the balance's)\n"
    "  --budget AMOUNT     the monthly budget (default: none; the month is still\n"
    "                      forecast)\n"
    "  --policy NAME|FILE  arrears policy (default generic; tencent-cos, ...)\n"
    "  --by DIM            the capacity view's breakdown (default service)\n"
    "  --seed N            simulation seed (default 42): same data, same report\n"
    "  --no-charts         skip the charts (they need gnuplot)\n"
    "  --amortize          the cost views (budget, capacity, anomalies) spread each\n"
    "                      charge over its charge period; run-out and thresholds\n"
    "                      stay as billed (the report says which view it shows)\n"
    "  --tz ZONE           time zone of days, weeks and months: an IANA name\n"
    "                      (Asia/Shanghai), UTC or +08:00 (default: RUNWAY_TZ, else\n"
    "                      Asia/Shanghai for Tencent Cloud bills only, else UTC)\n"
    "  --lang zh-CN|en     language of the text for people (default: the first of\n"
    "                      LC_ALL, LC_MESSAGES, LANG; zh... is Chinese, else English)\n"
    "\n"
    "With --all-accounts, the organisation report of every account with a balance:\n"
    "DIR/index.html ranks them as `runout --all-accounts` does (in arrears first, then\n"
    "the fewest days left) with balance, burn per day, run-out dates and state; totals;\n"
    "the accounts that need a top-up this week (in arrears, or P10 run-out within 7\n"
    "days) and how much; this month against the budgets per label value; a chart of\n"
    "days left. DIR/summary.json has the same figures, exact, and DIR/accounts/ID/ each\n"
    "account's own report (index.html, with a link back), with its registered policy\n"
    "and budget. Ids with characters other than letters, digits, '-', '_', '.' name\n"
    "their folder with those bytes as ~XX. An account that fails is listed on the page\n"
    "and the others go on (exit 1).\n"
    "\n"
    "  --all-accounts      the organisation report\n"
    "  --label K=V         only accounts with this label (repeatable)\n"
    "  --jobs N            accounts at once (default: one per processor); without\n"
    "                      --all-accounts, forecast threads\n"
    "  --charts N          charts on the pages of the first N accounts in rank order\n"
    "                      only (default 50), so a thousand accounts stay fast\n"
    "  --fund-days N       the top-up brings an account to what lasts N days with 95%\n"
    "                      confidence (1..30, default 30)\n";

static const char demo_usage[] =
    "usage: runway demo [--out DIR] [--data DIR] [--lang zh-CN|en]\n"
    "\n"
    "Runs the whole pipeline on the bundled sample data (a prepaid Tencent Cloud\n"
    "account: months of FOCUS and Tencent bills, COS access logs, a balance): ingests\n"
    "it into the store (--db, default ./runway.db; re-running adds nothing), plans a\n"
    "top-up, and writes the report to DIR (default runway-report), then prints the\n"
    "headline numbers.\n"
    "\n"
    "  --out DIR   where the report goes (default runway-report)\n"
    "  --data DIR  the sample data (default: data/sample here or beside the binary)\n"
    "  --lang zh-CN|en  language of the report and the lines printed (default: the\n"
    "              first of LC_ALL, LC_MESSAGES, LANG; zh... is Chinese)\n";

typedef struct report_args {
    rw_report_all_options all; /* all.report: the options of one account's report */
    int every;                 /* --all-accounts */
    int org_given;             /* --charts or --fund-days given */
} report_args;

static rw_status label(void *p, const char *text, rw_error *err)
{
    return cli_label_add(&((report_args *)p)->all.all.filter, text, err);
}

static rw_status charts(void *p, const char *text, rw_error *err)
{
    report_args *a = p;
    int64_t n;
    rw_status st = rw_parse_count(text, 0, 1000000, "a number of accounts", &n, err);
    a->all.chart_accounts = (size_t)n;
    a->org_given = 1;
    return st;
}

static rw_status fund_days(void *p, const char *text, rw_error *err)
{
    report_args *a = p;
    int64_t n;
    rw_status st = rw_parse_count(text, 1, 30, "a number of days (1..30)", &n, err);
    a->all.fund_days = (size_t)n;
    a->org_given = 1;
    return st;
}

static const cli_flag report_flags[] = {
    CLI_FLAG_STR("out", report_args, all.report.out),
    CLI_FLAG_ACCOUNT("account", report_args, all.report.plan.sel.account),
    CLI_FLAG_STR("currency", report_args, all.report.plan.sel.currency),
    CLI_FLAG_AMOUNT("budget", report_args, all.report.budget, CLI_POSITIVE, "the budget"),
    CLI_FLAG_STR("policy", report_args, all.report.policy),
    CLI_FLAG_STR("by", report_args, all.report.by),
    CLI_FLAG_WHEN("as-of", report_args, all.report.plan.as_of),
    CLI_FLAG_STR(CLI_TZ_FLAG, report_args, all.report.plan.sel.tz),
    CLI_FLAG_SET("amortize", report_args, all.report.plan.sel.amortize),
    CLI_FLAG_COUNT("seed", report_args, all.report.plan.seed, 0, INT64_MAX, "a non-negative integer"),
    CLI_FLAG_COUNT("jobs", report_args, all.report.jobs, 1, 64, "a thread count between 1 and 64"),
    CLI_FLAG_UNSET("no-charts", report_args, all.report.charts),
    CLI_FLAG_LANG(report_args, all.report.plan.lang),
    CLI_FLAG_SET("all-accounts", report_args, every),
    CLI_FLAG_FN("label", label),
    CLI_FLAG_FN("charts", charts),
    CLI_FLAG_FN("fund-days", fund_days),
    CLI_END,
};

static void report_init(void *p)
{
    rw_report_all_options_init(&((report_args *)p)->all);
}

/* Writes where the report is and its summary (unless --quiet). */
static rw_status finish(const rw_cli *cli, rw_status st, rw_report_result *r, rw_error *err)
{
    if (st == RW_OK && !cli->quiet) st = rw_report_result_write(r, stdout, err);
    rw_report_result_free(r);
    return st;
}

static rw_status run_report(const rw_cli *cli, void *p, const cli_args *in, rw_error *err)
{
    report_args *a = p;
    rw_report_result *r = NULL;
    (void)in;
    cli_all every = {a->every, NULL, a->all.all, {0}};
    rw_status st = cli_all_check(&every, 0, err);
    if (st == RW_OK && !a->every && a->org_given)
        st = rw_error_set(err, RW_EINVAL, NULL, 0,
                          "--charts and --fund-days are for --all-accounts");
    if (st != RW_OK) return st;
    if (a->every) {
        rw_org_report *org = NULL;
        a->all.all.jobs = a->all.report.jobs;
        st = cli_now(&a->all.all.now, err);
        if (st == RW_OK) st = rw_report_all(cli->session, &a->all, &org, err);
        if (org && !cli->quiet) {
            rw_error werr;
            rw_error_clear(&werr);
            rw_status ws = rw_org_report_write(org, stdout, &werr);
            if (st == RW_OK && ws != RW_OK) st = ws, *err = werr;
        }
        rw_org_report_free(org);
        return st;
    }
    st = rw_report_create(cli->session, &a->all.report, &r, err);
    return finish(cli, st, r, err);
}

typedef struct demo_args {
    const char *out, *data;
    rw_lang lang;
} demo_args;

static const cli_flag demo_flags[] = {
    CLI_FLAG_STR("out", demo_args, out),
    CLI_FLAG_STR("data", demo_args, data),
    CLI_FLAG_LANG(demo_args, lang),
    CLI_END,
};

static void demo_init(void *p)
{
    (void)p;
}

static rw_status run_demo(const rw_cli *cli, void *p, const cli_args *in, rw_error *err)
{
    demo_args *a = p;
    rw_report_result *r = NULL;
    (void)in;
    rw_status st = rw_demo(cli->session, a->data, a->out, a->lang, &r, err);
    return finish(cli, st, r, err);
}

const cli_command rw_cmd_report_c = {"report", report_usage, report_flags, sizeof(report_args),
                                     report_init, 0, 0, run_report};
const cli_command rw_cmd_demo_c = {"demo", demo_usage, demo_flags, sizeof(demo_args), demo_init,
                                   0, 1, run_demo};
