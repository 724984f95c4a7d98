/* cmd_budget.c: `runway budget`: a period's spend against a budget, with
 * probabilities, the likely breach date and forecast-based alerts. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cli/plan_common.h"
#include "plan/budget.h"
#include "util/num.h"
#include "util/timeutil.h"

static const char usage[] =
    "usage: runway budget --amount A [--month YYYY-MM | --from DATE --to DATE]\n"
    "                     [--alert PCT]... [--alert-probability P]\n"
    "                     [--input FILE [--series ID] | --account ID] [--as-of DATE]\n"
    "                     [--seed N] [--paths N] [--format text|json]\n"
    "\n"
    "Will spending over the period stay within the budget? What was spent up to the\n"
    "end of the as-of day plus simulated consumption for the rest of the period\n"
    "gives the forecast total with its 80% and 95% intervals, the probability of\n"
    "going over, the likely breach date, and for each alert percentage whether\n"
    "actual spend already crossed it or how likely and when the forecast crosses it.\n"
    "\n"
    "  --amount A             the budget for the period\n"
    "  --month YYYY-MM        the period (default: the month of the day after as-of)\n"
    "  --from DATE --to DATE  a custom period, both days included\n"
    "  --alert PCT            alert at PCT%% of the budget (repeatable; default 50, 80,\n"
    "                         100)\n"
    "  --alert-probability P  a forecast alert fires when crossing is at least this\n"
    "                         likely (default 0.5)\n"
    "  --input, --series, --account, --currency, --metric, --as-of: as for runout\n"
    "  --seed N, --paths N, --format text|json\n";

typedef struct budget_args {
    plan_config p;
    double amount, fire;
    int64_t from, to; /* period days, both included; INT64_MIN: default */
    double pct[RW_BUDGET_MAX_ALERTS];
    size_t npct;
} budget_args;

static int parse(rw_cli *cli, int argc, char **argv, budget_args *a)
{
    static const struct option longopts[] = {
        RW_PLAN_OPTIONS,
        {"amount", required_argument, NULL, 'A'}, {"month", required_argument, NULL, 'M'},
        {"from", required_argument, NULL, 'F'},   {"to", required_argument, NULL, 'T'},
        {"alert", required_argument, NULL, 'a'},  {"alert-probability", required_argument, NULL, 'P'},
        RW_CLI_COMMON_OPTIONS,
        {NULL, 0, NULL, 0}};
    int opt;
    char buf[16];
    memset(a, 0, sizeof *a);
    rw_plan_init(&a->p, "text|json");
    a->fire = 0.5;
    a->from = a->to = INT64_MIN;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (rw_cli_common(cli, opt, optarg)) continue;
        int r = rw_plan_option(&a->p, opt, optarg);
        if (r < 0) return EXIT_USAGE;
        if (r) continue;
        switch (opt) {
        case 'A':
            if (!rw_cli_parse_amount("--amount", optarg, &a->amount)) return EXIT_USAGE;
            if (!(a->amount > 0)) {
                rw_cli_errorf("--amount: the budget must be positive");
                return EXIT_USAGE;
            }
            break;
        case 'M':
            if (strlen(optarg) != 7 || snprintf(buf, sizeof buf, "%s-01", optarg) < 0 ||
                !rw_cli_parse_time("--month", buf, 0, &a->from))
                return EXIT_USAGE;
            a->to = rw_time_next(a->from, RW_GRAN_MONTH) - RW_DAY;
            break;
        case 'F':
        case 'T': {
            int64_t t;
            if (!rw_cli_parse_time(opt == 'F' ? "--from" : "--to", optarg, 0, &t)) return EXIT_USAGE;
            *(opt == 'F' ? &a->from : &a->to) = rw_time_floor(t, RW_GRAN_DAY);
            break;
        }
        case 'a': {
            double d;
            if (rw_parse_double(optarg, &d) != RW_OK || !(d > 0 && d <= 1000) ||
                a->npct == RW_BUDGET_MAX_ALERTS) {
                rw_cli_errorf("--alert: '%s' is not a percentage (0..1000, at most %d)", optarg,
                              RW_BUDGET_MAX_ALERTS);
                return EXIT_USAGE;
            }
            a->pct[a->npct++] = d;
            break;
        }
        case 'P':
            if (rw_parse_double(optarg, &a->fire) != RW_OK || !(a->fire > 0 && a->fire <= 1)) {
                rw_cli_errorf("--alert-probability: '%s' is not a probability in (0, 1]", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'h': fputs(usage, stdout); return rw_cli_flush_stdout() ? EXIT_RUNTIME : -1;
        default: return rw_cli_usage_error(usage);
        }
    }
    if (optind < argc) {
        rw_cli_errorf("unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    if (!(a->amount > 0)) {
        rw_cli_errorf("--amount A (the budget) is required");
        return EXIT_USAGE;
    }
    if ((a->from == INT64_MIN) != (a->to == INT64_MIN) || (a->from != INT64_MIN && a->to < a->from)) {
        rw_cli_errorf("give --month, or both --from and --to with --from <= --to");
        return EXIT_USAGE;
    }
    if (a->npct == 0) {
        a->pct[0] = 50;
        a->pct[1] = 80;
        a->pct[2] = 100;
        a->npct = 3;
    }
    return 0;
}

/* Day text of day k (1-based) after as-of, or "-". */
static void day_text(int64_t as_of, long k, char out[16])
{
    if (k == RW_RUNOUT_NONE) snprintf(out, 16, "-");
    else rw_plan_day(as_of + (int64_t)k * RW_DAY, out);
}

static json_t *day_json(int64_t as_of, long k)
{
    char d[16];
    if (k == RW_RUNOUT_NONE) return json_null();
    day_text(as_of, k, d);
    return json_string(d);
}

static int print_json(const budget_args *a, const plan_period *pd, const rw_budget *b,
                      const char *name, const char *model, const char *cur)
{
    char f[16], t[16], d[16];
    rw_plan_day(pd->from, f);
    rw_plan_day(pd->to, t);
    rw_plan_day(pd->as_of, d);
    json_t *alerts = json_array();
    for (size_t i = 0; i < b->nalerts; i++) {
        const rw_budget_alert *al = &b->alert[i];
        char c[16];
        if (al->crossed) rw_plan_day(pd->crossed_on[i], c);
        json_array_append_new(
            alerts, json_pack("{s:f, s:f, s:s, s:f, s:o, s:b}", "percent", al->pct, "amount",
                              al->amount, "state", al->crossed ? "crossed" : al->fires ? "forecast"
                                                                                        : "ok",
                              "probability", al->probability, "date",
                              al->crossed ? json_string(c) : day_json(pd->as_of, al->likely_day),
                              "fires", al->fires));
    }
    json_t *o = json_pack(
        "{s:s, s:o, s:f, s:{s:s, s:s}, s:s, s:f, s:I, s:{s:f, s:f, s:f, s:f, s:f, s:f},"
        " s:f, s:{s:o, s:o}, s:o, s:s}",
        "series", name, "currency", cur[0] ? json_string(cur) : json_null(), "budget", a->amount,
        "period", "from", f, "to", t, "as_of", d, "spent", pd->spent, "days_spent",
        (json_int_t)pd->days_spent, "forecast_total", "mean", b->mean, "p10", b->p10, "p50",
        b->p50, "p90", b->p90, "lo95", b->lo95, "hi95", b->hi95, "probability_over",
        b->p_exceed, "breach", "p50", day_json(pd->as_of, b->breach_p50), "if_breached",
        day_json(pd->as_of, b->breach_if), "alerts", alerts, "model", model);
    char *text = o ? json_dumps(o, JSON_INDENT(2) | JSON_REAL_PRECISION(15)) : NULL;
    json_decref(o);
    if (!text) return EXIT_RUNTIME;
    puts(text);
    free(text);
    return EXIT_OKAY;
}

static void print_text(const budget_args *a, const plan_period *pd, const rw_budget *b,
                       const char *name, const char *model, const char *cur)
{
    char f[16], t[16], d[16], w[16];
    rw_plan_day(pd->from, f);
    rw_plan_day(pd->to, t);
    rw_plan_day(pd->as_of, d);
    size_t days = (size_t)((pd->to - pd->from) / RW_DAY) + 1;
    char unit[8];
    printf("%s: budget %.2f%s for %s .. %s, as of %s\n", name, a->amount, rw_plan_unit(cur, unit),
           f, t, d);
    printf("  spent so far    %.2f (%zu of %zu days)\n", pd->spent, pd->days_spent, days);
    printf("  forecast total  %.2f (80%%: %.2f .. %.2f; 95%%: %.2f .. %.2f)\n", b->mean, b->p10,
           b->p90, b->lo95, b->hi95);
    if (b->breach_p50 == 0) printf("  over budget     already\n");
    else {
        day_text(pd->as_of, b->breach_if, w);
        printf("  over budget     %.0f%% likely%s%s\n", 100 * b->p_exceed,
               b->breach_if == RW_RUNOUT_NONE ? "" : "; if it happens, around ",
               b->breach_if == RW_RUNOUT_NONE ? "" : w);
    }
    for (size_t i = 0; i < b->nalerts; i++) {
        const rw_budget_alert *al = &b->alert[i];
        printf("  alert %5g%%    %10.2f  ", al->pct, al->amount);
        if (al->crossed) {
            rw_plan_day(pd->crossed_on[i], w);
            printf("crossed on %s (actual)\n", w);
            continue;
        }
        day_text(pd->as_of, al->likely_day, w);
        printf("%3.0f%% likely%s%s -> %s\n", 100 * al->probability,
               al->likely_day == RW_RUNOUT_NONE ? "" : ", around ",
               al->likely_day == RW_RUNOUT_NONE ? "" : w,
               al->fires ? "fires (forecast)" : "does not fire");
    }
    printf("  model: %s\n", model);
}

int rw_cmd_budget(rw_cli *cli, int argc, char **argv)
{
    budget_args a;
    rw_ts *ts = NULL;
    rw_scenarios *s = NULL;
    plan_period pd;
    rw_budget b;
    int rc = parse(cli, argc, argv, &a);
    if (rc) return rc < 0 ? EXIT_OKAY : rc;
    if ((rc = rw_plan_load(cli, &a.p, &ts)) != EXIT_OKAY) goto out;
    int64_t as_of = a.p.as_of == INT64_MIN ? ts->t[ts->n - 1] : a.p.as_of;
    rc = rw_plan_budget(&a.p, ts, as_of, a.from, a.to, a.amount, a.pct, a.npct, a.fire, &pd, &b,
                        &s);
    if (rc != EXIT_OKAY) goto out;
    const char *cur = a.p.fc.q.currency ? a.p.fc.q.currency : "";
    if (a.p.format && !strcmp(a.p.format, "json"))
        rc = print_json(&a, &pd, &b, s->name, s->model, cur);
    else print_text(&a, &pd, &b, s->name, s->model, cur);
    if (rc == EXIT_OKAY) rc = rw_cli_flush_stdout();
out:
    rw_scenarios_free(s);
    rw_ts_free(ts);
    return rc;
}
