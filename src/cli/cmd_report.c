/* cmd_report.c: `runway report` (the HTML, Markdown and JSON report of an
 * account) and `runway demo` (the whole pipeline on the bundled sample
 * data, ending in that report). */
#include "cli/cli.h"

static const char report_usage[] =
    "usage: runway report --out DIR [--account ID] [--currency C] [--budget AMOUNT]\n"
    "                     [--policy NAME|FILE] [--by DIM] [--as-of DATE] [--seed N]\n"
    "                     [--jobs N] [--no-charts] [--tz ZONE] [--amortize]\n"
    "                     [--lang zh-CN|en]\n"
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
    "                      LC_ALL, LC_MESSAGES, LANG; zh... is Chinese, else English)\n";

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
    rw_report_options o;
} report_args;

static const cli_flag report_flags[] = {
    CLI_FLAG_STR("out", report_args, o.out),
    CLI_FLAG_ACCOUNT("account", report_args, o.plan.sel.account),
    CLI_FLAG_STR("currency", report_args, o.plan.sel.currency),
    CLI_FLAG_AMOUNT("budget", report_args, o.budget, CLI_POSITIVE, "the budget"),
    CLI_FLAG_STR("policy", report_args, o.policy),
    CLI_FLAG_STR("by", report_args, o.by),
    CLI_FLAG_WHEN("as-of", report_args, o.plan.as_of),
    CLI_FLAG_STR(CLI_TZ_FLAG, report_args, o.plan.sel.tz),
    CLI_FLAG_SET("amortize", report_args, o.plan.sel.amortize),
    CLI_FLAG_COUNT("seed", report_args, o.plan.seed, 0, INT64_MAX, "a non-negative integer"),
    CLI_FLAG_COUNT("jobs", report_args, o.jobs, 1, 64, "a thread count between 1 and 64"),
    CLI_FLAG_UNSET("no-charts", report_args, o.charts),
    CLI_FLAG_LANG(report_args, o.plan.lang),
    CLI_END,
};

static void report_init(void *p)
{
    rw_report_options_init(&((report_args *)p)->o);
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
    rw_status st = rw_report_create(cli->session, &a->o, &r, err);
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
