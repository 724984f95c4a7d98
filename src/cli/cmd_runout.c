/* cmd_runout.c: `runway runout`: when the balance runs out, and what the
 * provider does after it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli/plan_common.h"
#include "export/desc_json.h"
#include "plan/policy.h"
#include "util/num.h"
#include "util/timeutil.h"

static const char usage[] =
    "usage: runway runout [--input FILE [--series ID] | --account ID] [--balance AMOUNT]\n"
    "                     [--as-of DATE] [--topup AMOUNT@DATE[/week|/month]]...\n"
    "                     [--charge AMOUNT@DATE[/week|/month]]... [--credit-limit AMOUNT]\n"
    "                     [--policy NAME|FILE] [--grace-hours H] [--retention-days D]\n"
    "                     [--horizon DAYS] [--seed N] [--paths N] [--format text|json]\n"
    "\n"
    "When will the prepaid balance run out? From the balance at the end of the\n"
    "as-of day and simulated futures of daily consumption (weekly cycle, trend,\n"
    "monthly fees on their calendar days), it gives the run-out day at P10/P50/P90,\n"
    "the chance of running out within 7, 14 and 30 days, and the arrears timeline\n"
    "that follows: when the service is suspended and when the data is deleted.\n"
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
    "  --metric M          what is consumed (default cost)\n"
    "  --seed N, --paths N simulation seed (default 42) and paths (default 1000)\n"
    "  --format text|json  output (default text)\n";

typedef struct runout_args {
    plan_config p;
    int has_balance;
    double balance, credit, grace, retention;
    int has_grace, has_retention;
    const char *policy;
    size_t horizon;
    rw_flow flows[RW_PLAN_MAX_FLOWS];
    size_t nflows;
} runout_args;

static int parse(rw_cli *cli, int argc, char **argv, runout_args *a)
{
    static const struct option longopts[] = {
        RW_PLAN_OPTIONS,
        {"balance", required_argument, NULL, 'b'},     {"topup", required_argument, NULL, 't'},
        {"charge", required_argument, NULL, 'c'},      {"credit-limit", required_argument, NULL, 'L'},
        {"policy", required_argument, NULL, 'P'},      {"grace-hours", required_argument, NULL, 'g'},
        {"retention-days", required_argument, NULL, 'r'}, {"horizon", required_argument, NULL, 'H'},
        RW_CLI_COMMON_OPTIONS,
        {NULL, 0, NULL, 0}};
    int opt;
    int64_t v;
    memset(a, 0, sizeof *a);
    rw_plan_init(&a->p, "text|json");
    a->policy = "generic";
    a->horizon = 365;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (rw_cli_common(cli, opt, optarg)) continue;
        int r = rw_plan_option(&a->p, opt, optarg);
        if (r < 0) return EXIT_USAGE;
        if (r) continue;
        switch (opt) {
        case 'b':
            if (!rw_cli_parse_amount("--balance", optarg, &a->balance)) return EXIT_USAGE;
            a->has_balance = 1;
            break;
        case 't':
        case 'c':
            if (!rw_plan_parse_flow(opt == 't' ? "--topup" : "--charge", optarg,
                                    opt == 't' ? 1 : -1, a->flows, &a->nflows))
                return EXIT_USAGE;
            break;
        case 'L':
        case 'g':
        case 'r': {
            double d;
            const char *flag = opt == 'L' ? "--credit-limit" : opt == 'g' ? "--grace-hours"
                                                                          : "--retention-days";
            if (!rw_cli_parse_amount(flag, optarg, &d)) return EXIT_USAGE;
            if (d < 0) {
                rw_cli_errorf("%s: '%s' must not be negative", flag, optarg);
                return EXIT_USAGE;
            }
            if (opt == 'L') a->credit = d;
            else if (opt == 'g') a->grace = d, a->has_grace = 1;
            else a->retention = d, a->has_retention = 1;
            break;
        }
        case 'P': a->policy = optarg; break;
        case 'H':
            if (!rw_cli_parse_int("--horizon", optarg, 1, 3660, "a number of days (1..3660)", &v))
                return EXIT_USAGE;
            a->horizon = (size_t)v;
            break;
        case 'h': fputs(usage, stdout); return rw_cli_flush_stdout() ? EXIT_RUNTIME : -1;
        default: return rw_cli_usage_error(usage);
        }
    }
    if (optind < argc) {
        rw_cli_errorf("unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    return 0;
}

/* Start of run-out day d (1-based) after as-of. */
static int64_t day_start(const rw_scenarios *s, long d)
{
    return s->as_of + (int64_t)d * RW_DAY;
}

static json_t *day_json(const rw_scenarios *s, long d, int as_date, double offset_s)
{
    if (d == RW_RUNOUT_NONE) return json_null();
    if (!as_date) return json_integer(d);
    char buf[32];
    int64_t t = day_start(s, d) + (int64_t)offset_s;
    if (offset_s == 0) rw_plan_day(t, buf);
    else rw_time_format_iso(t, buf, sizeof buf);
    return json_string(buf);
}

static json_t *triple(const rw_scenarios *s, const rw_runout *r, int as_date, double offset_s)
{
    return json_pack("{s:o, s:o, s:o}", "p10", day_json(s, r->p10, as_date, offset_s), "p50",
                     day_json(s, r->p50, as_date, offset_s), "p90",
                     day_json(s, r->p90, as_date, offset_s));
}

static double mean_over(const rw_scenarios *s, size_t days)
{
    double t = 0;
    if (days > s->h) days = s->h;
    for (size_t k = 0; k < days; k++) t += s->mean[k];
    return days ? t / (double)days : 0;
}

static int print_json(const runout_args *a, const rw_scenarios *s, const rw_runout *r,
                      const plan_money *m, const rw_policy *pol)
{
    char day[16];
    rw_plan_day(s->as_of, day);
    double grace_s = pol->grace_hours * 3600, del_s = grace_s + pol->retention_days * RW_DAY;
    json_t *o = json_object();
    json_object_set_new(o, "series", json_string(s->name));
    json_object_set_new(o, "as_of", json_string(day));
    json_object_set_new(o, "balance", json_real(m->balance));
    json_object_set_new(o, "currency", m->currency[0] ? json_string(m->currency) : json_null());
    if (m->note[0]) json_object_set_new(o, "balance_note", json_string(m->note));
    json_object_set_new(o, "credit_limit", json_real(a->credit));
    json_object_set_new(o, "horizon_days", json_integer((json_int_t)s->h));
    json_object_set_new(o, "days", triple(s, r, 0, 0));
    json_object_set_new(o, "dates", triple(s, r, 1, 0));
    json_object_set_new(o, "probability",
                        json_pack("{s:f, s:f, s:f, s:f}", "7d", r->within7, "14d", r->within14,
                                  "30d", r->within30, "horizon", r->within_h));
    json_t *policy = json_pack("{s:s, s:s, s:s, s:f, s:f, s:s, s:s, s:s}", "name", pol->name,
                               "provider", pol->provider, "product", pol->product, "grace_hours",
                               pol->grace_hours, "retention_days", pol->retention_days,
                               "suspension", pol->suspension, "deletion", pol->deletion, "source",
                               pol->source);
    json_object_set_new(o, "arrears",
                        json_pack("{s:o, s:o, s:o, s:o}", "policy", policy, "negative_from",
                                  triple(s, r, 1, 1e-9), "suspended_from",
                                  triple(s, r, 1, grace_s), "data_deleted_from",
                                  triple(s, r, 1, del_s)));
    json_t *tops = json_array();
    for (size_t i = 0; i < m->nflows; i++) {
        long k = rw_scenario_day_of(s, m->flows[i].at);
        if (k < 0 || (size_t)k >= s->h) continue;
        char when[32];
        rw_time_format_iso(m->flows[i].at, when, sizeof when);
        json_array_append_new(tops, json_pack("{s:s, s:f}", "at", when, "amount", m->flows[i].amount));
    }
    json_object_set_new(o, "flows", tops);
    json_object_set_new(o, "consumption",
                        json_pack("{s:f, s:f, s:s}", "recent_daily_mean", s->recent_mean,
                                  "forecast_daily_mean_30d", mean_over(s, 30), "model", s->model));
    json_t *path = json_array();
    for (size_t k = 0; k < s->h; k++) {
        rw_plan_day(s->as_of + (int64_t)(k + 1) * RW_DAY, day);
        json_array_append_new(path, json_pack("{s:s, s:f, s:f, s:f}", "date", day, "p10",
                                              r->bal_p10[k], "p50", r->bal_p50[k], "p90",
                                              r->bal_p90[k]));
    }
    json_object_set_new(o, "balance_path", path);
    json_object_set_new(o, "explanation", rw_desc_to_json(&s->info));
    char *text = json_dumps(o, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
    json_decref(o);
    if (!text) return EXIT_RUNTIME;
    puts(text);
    free(text);
    return EXIT_OKAY;
}

static void fmt_day(const rw_scenarios *s, long d, double offset_s, char *out, size_t n)
{
    if (d == RW_RUNOUT_NONE) {
        snprintf(out, n, "after the horizon");
        return;
    }
    rw_plan_day(s->as_of + (int64_t)d * RW_DAY + (int64_t)offset_s, out);
}

static void print_text(const runout_args *a, const rw_scenarios *s, const rw_runout *r,
                       const plan_money *m, const rw_policy *pol)
{
    char asof[16], d10[24], d50[24], d90[24], sus[24], del[24];
    char cur[8];
    rw_plan_unit(m->currency, cur);
    rw_plan_day(s->as_of, asof);
    fmt_day(s, r->p10, 0, d10, sizeof d10);
    fmt_day(s, r->p50, 0, d50, sizeof d50);
    fmt_day(s, r->p90, 0, d90, sizeof d90);
    if (m->note[0]) printf("note: %s\n", m->note);
    if (r->p50 == RW_RUNOUT_NONE)
        printf("%s: balance %.2f%s at the end of %s most likely lasts beyond %zu days\n",
               s->name, m->balance, cur, asof, s->h);
    else if (r->p50 <= 1)
        printf("%s: balance %.2f%s at the end of %s most likely runs out the next day\n",
               s->name, m->balance, cur, asof);
    else
        printf("%s: balance %.2f%s at the end of %s lasts about %ld days\n", s->name, m->balance,
               cur, asof, r->p50 - 1);
    printf("  runs out    %s (P50), range %s .. %s (P10..P90)\n", d50, d10, d90);
    printf("  chance      %2.0f%% within 7 days, %2.0f%% within 14, %2.0f%% within 30\n",
           100 * r->within7, 100 * r->within14, 100 * r->within30);
    if (r->p50 != RW_RUNOUT_NONE || r->p10 != RW_RUNOUT_NONE) {
        long d = r->p50 != RW_RUNOUT_NONE ? r->p50 : r->p10;
        const char *which = r->p50 != RW_RUNOUT_NONE ? "P50" : "P10";
        fmt_day(s, d, pol->grace_hours * 3600, sus, sizeof sus);
        fmt_day(s, d, pol->grace_hours * 3600 + pol->retention_days * RW_DAY, del, sizeof del);
        printf("  then        suspended %g h after going negative (%s %s), data deleted %g days"
               " later (%s %s)  [policy %s]\n",
               pol->grace_hours, which, sus, pol->retention_days, which, del, pol->name);
    }
    printf("  spending    %.2f%s/day over the last 28 days; forecast %.2f/day over the next 30"
           " (%s)\n", s->recent_mean, cur, mean_over(s, 30), s->model);
    for (size_t j = 0; j < s->nfees; j++)
        printf("  fee         %.2f%s on day %d of each month (seen %zu times), included\n",
               s->fee[j].amount, cur, s->fee[j].day, s->fee[j].seen);
    if (r->inflow > 0) printf("  top-ups     %.2f%s planned within the horizon, included\n",
                              r->inflow, cur);
    if (a->credit > 0) printf("  credit      may go down to -%.2f%s\n", a->credit, cur);
}

int rw_cmd_runout(rw_cli *cli, int argc, char **argv)
{
    runout_args *a = calloc(1, sizeof *a);
    if (!a) {
        rw_cli_errorf("out of memory");
        return EXIT_RUNTIME;
    }
    rw_ts *ts = NULL;
    rw_scenarios *s = NULL;
    rw_runout r = {0};
    plan_money m = {0};
    rw_policy pol;
    int64_t as_of;
    int rc = parse(cli, argc, argv, a);
    if (rc) goto out;
    if ((rc = rw_plan_policy(a->policy, a->has_grace ? a->grace : -1,
                             a->has_retention ? a->retention : -1, &pol)) != EXIT_OKAY)
        goto out;
    if ((rc = rw_plan_load(cli, &a->p, &ts)) != EXIT_OKAY) goto out;
    as_of = a->p.as_of;
    rc = rw_plan_money(cli, &a->p, ts, a->has_balance, a->balance, a->flows, a->nflows,
                       a->horizon, &as_of, &m);
    if (rc != EXIT_OKAY) goto out;
    if ((rc = rw_plan_runout(&a->p, ts, as_of, &m, a->credit, a->horizon, &s, &r)) != EXIT_OKAY)
        goto out;
    if (a->p.format && !strcmp(a->p.format, "json")) rc = print_json(a, s, &r, &m, &pol);
    else print_text(a, s, &r, &m, &pol);
    if (rc == EXIT_OKAY) rc = rw_cli_flush_stdout();
out:
    rw_runout_cleanup(&r);
    rw_scenarios_free(s);
    rw_ts_free(ts);
    free(m.flows);
    free(a);
    return rc < 0 ? EXIT_OKAY : rc;
}
