/* cmd_thresholds.c: `runway thresholds`: balances that should trigger
 * alerts, how they would have done on history, and Prometheus rules. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli/plan_common.h"
#include "export/desc_json.h"
#include "plan/threshold.h"
#include "util/num.h"
#include "util/strutil.h"

static const char usage[] =
    "usage: runway thresholds [--input FILE [--series ID] | --account ID] [--as-of DATE]\n"
    "                         [--lead-time Nd]... [--confidence C] [--no-backtest]\n"
    "                         [--origins N] [--spacing DAYS] [--gauge EXPR] [--jobs N]\n"
    "                         [--seed N] [--paths N] [--format text|json|prometheus]\n"
    "\n"
    "For each lead time L, the balance below which an alert must fire so that the\n"
    "money still lasts L full days with probability C: the C-quantile of the\n"
    "simulated consumption over the next L days (recurring fees included, top-ups\n"
    "not). Each threshold is then replayed on the series' own history: recomputed\n"
    "at past days and checked against what was really consumed after them.\n"
    "\n"
    "  --lead-time Nd   lead time in days (repeatable; default 7d, 3d, 1d, named\n"
    "                   blue, yellow, red)\n"
    "  --confidence C   probability the balance lasts the lead time (default 0.95)\n"
    "  --no-backtest    skip the replay on history (faster)\n"
    "  --origins N      past days to replay at (default 8), --spacing DAYS apart\n"
    "                   (default 7)\n"
    "  --gauge EXPR     the balance metric in Prometheus rules (default\n"
    "                   cloud_account_balance); may carry labels: 'balance{account=\"1\"}'\n"
    "  --input, --series, --account, --currency, --metric, --as-of: as for runout\n"
    "  --seed N, --paths N, --jobs N (replay threads, default one per processor)\n"
    "  --format         text (default), json, or prometheus (alerting rules YAML)\n";

typedef struct thr_args {
    plan_config p;
    size_t leads[RW_THR_MAX_LEADS];
    size_t nleads;
    double conf;
    int backtest;
    size_t origins, spacing, jobs;
    const char *gauge;
} thr_args;

static int parse(rw_cli *cli, int argc, char **argv, thr_args *a)
{
    static const struct option longopts[] = {
        RW_PLAN_OPTIONS,
        {"lead-time", required_argument, NULL, 'L'}, {"confidence", required_argument, NULL, 'C'},
        {"no-backtest", no_argument, NULL, 'n'},    {"origins", required_argument, NULL, 'O'},
        {"spacing", required_argument, NULL, 'S'},  {"gauge", required_argument, NULL, 'g'},
        {"jobs", required_argument, NULL, 'j'},
        RW_CLI_COMMON_OPTIONS,
        {NULL, 0, NULL, 0}};
    int opt;
    int64_t v;
    memset(a, 0, sizeof *a);
    rw_plan_init(&a->p, "text|json|prometheus");
    a->conf = 0.95;
    a->backtest = 1;
    a->origins = 8;
    a->spacing = 7;
    a->gauge = "cloud_account_balance";
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (rw_cli_common(cli, opt, optarg)) continue;
        int r = rw_plan_option(&a->p, opt, optarg);
        if (r < 0) return EXIT_USAGE;
        if (r) continue;
        switch (opt) {
        case 'L': {
            char buf[32];
            rw_str_copy(buf, sizeof buf, optarg);
            size_t len = strlen(buf);
            if (len > 1 && buf[len - 1] == 'd') buf[len - 1] = '\0';
            if (rw_parse_int64(buf, 1, 365, &v) != RW_OK || a->nleads == RW_THR_MAX_LEADS) {
                rw_cli_errorf("--lead-time: '%s' is not a number of days such as 7d (1..365, at"
                              " most %d)", optarg, RW_THR_MAX_LEADS);
                return EXIT_USAGE;
            }
            a->leads[a->nleads++] = (size_t)v;
            break;
        }
        case 'C':
            if (rw_parse_double(optarg, &a->conf) != RW_OK || !(a->conf >= 0.5 && a->conf <= 0.999)) {
                rw_cli_errorf("--confidence: '%s' is not a probability between 0.5 and 0.999",
                              optarg);
                return EXIT_USAGE;
            }
            break;
        case 'n': a->backtest = 0; break;
        case 'O':
        case 'S':
        case 'j':
            if (!rw_cli_parse_int(opt == 'O' ? "--origins" : opt == 'S' ? "--spacing" : "--jobs",
                                  optarg, 1, opt == 'j' ? 64 : 365, "a positive count", &v))
                return EXIT_USAGE;
            if (opt == 'O') a->origins = (size_t)v;
            else if (opt == 'S') a->spacing = (size_t)v;
            else a->jobs = (size_t)v;
            break;
        case 'g': a->gauge = optarg; break;
        case 'h': fputs(usage, stdout); return rw_cli_flush_stdout() ? EXIT_RUNTIME : -1;
        default: return rw_cli_usage_error(usage);
        }
    }
    if (optind < argc) {
        rw_cli_errorf("unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    if (a->nleads == 0) {
        a->leads[0] = 7;
        a->leads[1] = 3;
        a->leads[2] = 1;
        a->nleads = 3;
    }
    return 0;
}

/* The name of lead i: blue/yellow/red for the default three. */
static void level_name(const thr_args *a, size_t i, char *out, size_t n)
{
    static const char *names[] = {"blue", "yellow", "red"};
    if (a->nleads == 3) snprintf(out, n, "%s", names[i]);
    else snprintf(out, n, "lead%zud", a->leads[i]);
}

static const char *severity(const thr_args *a, size_t i)
{
    static const char *sev[] = {"info", "warning", "critical"};
    return a->nleads == 3 ? sev[i] : "warning";
}

static void print_text(const thr_args *a, const rw_scenarios *s, const plan_thresholds *r,
                       const char *cur)
{
    char day[16], name[16];
    rw_plan_day(s->as_of, day);
    printf("%s: alert thresholds at %g%% confidence, as of %s%s%s\n", s->name, 100 * a->conf,
           day, cur[0] ? ", in " : "", cur);
    printf("  %-7s %5s %14s %14s %s\n", "level", "lead", "fire below", "expected use",
           a->backtest ? "  replayed: held  notice" : "");
    for (size_t i = 0; i < a->nleads; i++) {
        level_name(a, i, name, sizeof name);
        printf("  %-7s %3zu d %14.2f %14.2f", name, a->leads[i], r->x[i], r->mean[i]);
        if (a->backtest && r->ev[i].origins)
            printf("  %6zu/%-2zu %5.0f%%  %4.0f d", r->ev[i].held, r->ev[i].origins,
                   100.0 * (double)r->ev[i].held / (double)r->ev[i].origins, r->ev[i].notice_median);
        else if (a->backtest) printf("  (history too short to replay)");
        putchar('\n');
    }
    for (size_t i = 0; i < a->nleads; i++) {
        level_name(a, i, name, sizeof name);
        printf("  %s: below %.2f the balance may not last %zu day(s): %.2f is the %g%% worst case"
               " of their consumption (mean %.2f)", name, r->x[i], a->leads[i], r->x[i],
               100 * a->conf, r->mean[i]);
        if (a->backtest && r->ev[i].origins)
            printf("; replayed at %zu past days it lasted %zu times, with a median %.0f days of"
                   " notice", r->ev[i].origins, r->ev[i].held, r->ev[i].notice_median);
        printf(".\n");
    }
    printf("  model: %s; recompute weekly (thresholds follow consumption)\n", s->model);
}

static int print_json(const thr_args *a, const rw_scenarios *s, const plan_thresholds *r,
                      const char *cur)
{
    char day[16], name[16];
    rw_plan_day(s->as_of, day);
    json_t *arr = json_array();
    for (size_t i = 0; i < a->nleads; i++) {
        level_name(a, i, name, sizeof name);
        json_t *t = json_pack("{s:s, s:I, s:f, s:f, s:f}", "level", name, "lead_days",
                              (json_int_t)a->leads[i], "confidence", a->conf, "balance", r->x[i],
                              "expected_consumption", r->mean[i]);
        json_t *bt = json_null();
        if (a->backtest && r->ev[i].origins) {
            const rw_threshold_eval *e = &r->ev[i];
            bt = json_pack("{s:I, s:I, s:f, s:f, s:f}", "origins", (json_int_t)e->origins, "held",
                           (json_int_t)e->held, "hit_rate", (double)e->held / (double)e->origins,
                           "notice_days_median", e->notice_median, "ratio_to_actual_median",
                           isnan(e->ratio_median) ? 0 : e->ratio_median);
        }
        json_object_set_new(t, "backtest", bt);
        json_array_append_new(arr, t);
    }
    json_t *o = json_pack("{s:s, s:s, s:o, s:f, s:o, s:s, s:o}", "series", s->name, "as_of", day,
                          "currency", cur[0] ? json_string(cur) : json_null(), "confidence",
                          a->conf, "thresholds", arr, "model", s->model, "explanation",
                          rw_desc_to_json(&s->info));
    char *text = o ? json_dumps(o, JSON_INDENT(2) | JSON_REAL_PRECISION(15)) : NULL;
    json_decref(o);
    if (!text) return EXIT_RUNTIME;
    puts(text);
    free(text);
    return EXIT_OKAY;
}

/* Writes s as a double-quoted YAML scalar. */
static void yaml_quoted(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') putchar('\\');
        if ((unsigned char)*s < 0x20) printf("\\x%02x", (unsigned char)*s);
        else putchar(*s);
    }
    putchar('"');
}

static void print_prometheus(const thr_args *a, const rw_scenarios *s, const plan_thresholds *r,
                             const char *cur)
{
    char day[16], name[16], text[512], unit[8];
    rw_plan_day(s->as_of, day);
    printf("# Alerting rules generated by runway thresholds for series '%s', as of %s.\n"
           "# Each fires when the balance can no longer be trusted to last its lead time\n"
           "# with %g%% probability (model %s). Regenerate weekly.\n"
           "groups:\n  - name: runway-balance\n    rules:\n",
           s->name, day, 100 * a->conf, s->model);
    for (size_t i = 0; i < a->nleads; i++) {
        level_name(a, i, name, sizeof name);
        printf("      - alert: BalanceRunway%c%s\n", name[0] - 'a' + 'A', name + 1);
        printf("        expr: %s < %.2f\n", a->gauge, r->x[i]);
        printf("        for: 10m\n        labels:\n          severity: %s\n", severity(a, i));
        printf("          runway_lead_days: \"%zu\"\n        annotations:\n", a->leads[i]);
        snprintf(text, sizeof text, "Balance below %.2f%s: it may not last %zu day(s)", r->x[i],
                 rw_plan_unit(cur, unit), a->leads[i]);
        printf("          summary: ");
        yaml_quoted(text);
        snprintf(text, sizeof text,
                 "At {{ $value | printf \"%%.2f\" }}%s the balance lasts less than %zu day(s)"
                 " with %g%% probability (runway forecast of %s as of %s). Top up now.",
                 unit, a->leads[i], 100 * a->conf, s->name, day);
        printf("\n          description: ");
        yaml_quoted(text);
        putchar('\n');
    }
}

int rw_cmd_thresholds(rw_cli *cli, int argc, char **argv)
{
    thr_args a;
    rw_ts *ts = NULL;
    rw_scenarios *s = NULL;
    plan_thresholds r;
    int rc = parse(cli, argc, argv, &a);
    if (rc) return rc < 0 ? EXIT_OKAY : rc;
    if ((rc = rw_plan_load(cli, &a.p, &ts)) != EXIT_OKAY) goto out;
    memset(&r, 0, sizeof r);
    r.n = a.nleads;
    memcpy(r.lead, a.leads, a.nleads * sizeof *a.leads);
    r.conf = a.conf;
    int64_t as_of = a.p.as_of == INT64_MIN ? ts->t[ts->n - 1] : a.p.as_of;
    rc = rw_plan_thresholds(&a.p, ts, as_of, a.backtest, a.origins, a.spacing, a.jobs, &r, &s);
    if (rc != EXIT_OKAY) goto out;
    const char *cur = a.p.fc.q.currency ? a.p.fc.q.currency : "";
    if (a.p.format && !strcmp(a.p.format, "json")) rc = print_json(&a, s, &r, cur);
    else if (a.p.format && !strcmp(a.p.format, "prometheus")) print_prometheus(&a, s, &r, cur);
    else print_text(&a, s, &r, cur);
    if (rc == EXIT_OKAY) rc = rw_cli_flush_stdout();
out:
    rw_scenarios_free(s);
    rw_ts_free(ts);
    return rc;
}
