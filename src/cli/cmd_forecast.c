/* cmd_forecast.c: `runway forecast`: forecasts with intervals for every
 * series of a series file or of the store. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "export/series_write.h"
#include "ingest/series_load.h"
#include "model/forecast.h"
#include "store/series_query.h"
#include "util/num.h"

static const char usage[] =
    "usage: runway forecast --horizon N [--input FILE] [--series ID] [--model NAME]\n"
    "                       [--variant V] [--level L]... [--seed S] [--paths N]\n"
    "                       [--period P]... [--format csv|json]\n"
    "                       [store selection: --by DIM --metric M --granularity G\n"
    "                        --from T --to T --currency C --account ID]\n"
    "\n"
    "Forecasts N steps (of the series' own granularity) with prediction\n"
    "intervals. Reads a series file (series,timestamp,value) with --input, or\n"
    "aggregates the store like `runway series` does. Every series is forecast\n"
    "unless --series picks one.\n"
    "\n"
    "  --model NAME   auto (default: rolling-origin choice of the best model or a\n"
    "                 combination), snaive, ets, theta, mstl, trend\n"
    "  --variant V    model form for a forced model (ets: e.g. AAdA; snaive: the\n"
    "                 season length; mstl/trend: log)\n"
    "  --level L      interval level in percent, 51..99 (repeatable; default 80, 95)\n"
    "  --seed S       random seed of the sample paths (default 42)\n"
    "  --paths N      sample paths (default 1000)\n"
    "  --period P     seasonal period in steps (repeatable; default: detected from\n"
    "                 the granularity, e.g. 24 and 168 for hourly data)\n"
    "  --format F     csv (default): series,timestamp,mean,loL,hiL...,model;\n"
    "                 json: the same points and how the forecast was made\n";

typedef struct fc_config {
    rw_forecast_opts fo;
    rw_seasonality periods;
    const char *input, *series;
    int json;
    rw_series_query q;
    int gran_given;
} fc_config;

static int parse_args(rw_cli *cli, int argc, char **argv, fc_config *c)
{
    static const struct option longopts[] = {
        {"horizon", required_argument, NULL, 'H'}, {"input", required_argument, NULL, 'i'},
        {"series", required_argument, NULL, 's'},  {"model", required_argument, NULL, 'm'},
        {"variant", required_argument, NULL, 'V'}, {"level", required_argument, NULL, 'l'},
        {"seed", required_argument, NULL, 'S'},    {"paths", required_argument, NULL, 'P'},
        {"period", required_argument, NULL, 'p'},  {"format", required_argument, NULL, 'f'},
        {"by", required_argument, NULL, 'b'},      {"metric", required_argument, NULL, 'M'},
        {"granularity", required_argument, NULL, 'g'}, {"from", required_argument, NULL, 'F'},
        {"to", required_argument, NULL, 'T'},      {"currency", required_argument, NULL, 'c'},
        {"account", required_argument, NULL, 'a'}, RW_CLI_COMMON_OPTIONS,
        {NULL, 0, NULL, 0}};
    int opt;
    int64_t v;
    double d;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (rw_cli_common(cli, opt, optarg)) continue;
        switch (opt) {
        case 'H':
            if (rw_parse_int64(optarg, 1, 100000, &v) != RW_OK) {
                rw_cli_errorf("--horizon: '%s' is not a number of steps (1..100000)", optarg);
                return EXIT_USAGE;
            }
            c->fo.horizon = (size_t)v;
            break;
        case 'i': c->input = optarg; break;
        case 's': c->series = optarg; break;
        case 'm': c->fo.model = optarg; break;
        case 'V': c->fo.variant = optarg; break;
        case 'l':
            if (rw_parse_double(optarg, &d) != RW_OK || d < 51 || d > 99) {
                rw_cli_errorf("--level: '%s' is not a percentage between 51 and 99", optarg);
                return EXIT_USAGE;
            }
            if (c->fo.nlevels == RW_FC_MAX_LEVELS) {
                rw_cli_errorf("--level: at most %d levels", RW_FC_MAX_LEVELS);
                return EXIT_USAGE;
            }
            c->fo.levels[c->fo.nlevels++] = d;
            break;
        case 'S':
            if (rw_parse_int64(optarg, 0, INT64_MAX, &v) != RW_OK) {
                rw_cli_errorf("--seed: '%s' is not a non-negative integer", optarg);
                return EXIT_USAGE;
            }
            c->fo.seed = (unsigned long)v;
            break;
        case 'P':
            if (rw_parse_int64(optarg, 10, 100000, &v) != RW_OK) {
                rw_cli_errorf("--paths: '%s' is not a number between 10 and 100000", optarg);
                return EXIT_USAGE;
            }
            c->fo.npaths = (size_t)v;
            break;
        case 'p':
            if (rw_parse_double(optarg, &d) != RW_OK || d < 2 || c->periods.n == RW_MAX_PERIODS) {
                rw_cli_errorf("--period: '%s' is not a period of at least 2 steps (at most %d)",
                              optarg, RW_MAX_PERIODS);
                return EXIT_USAGE;
            }
            c->periods.period[c->periods.n++] = d;
            break;
        case 'f':
            if (strcmp(optarg, "csv") && strcmp(optarg, "json")) {
                rw_cli_errorf("--format: '%s' is not csv or json", optarg);
                return EXIT_USAGE;
            }
            c->json = !strcmp(optarg, "json");
            break;
        case 'b':
            if (rw_group_parse(optarg, &c->q.by, &c->q.tag_key) != RW_OK) {
                rw_cli_errorf("--by: unknown dimension '%s'", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'M':
            if (rw_metric_parse(optarg, &c->q.metric, &c->q.unit) != RW_OK) {
                rw_cli_errorf("--metric: unknown metric '%s'", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'g':
            if (rw_granularity_parse(optarg, &c->q.gran) != RW_OK) {
                rw_cli_errorf("--granularity: '%s' is not hour, day, week or month", optarg);
                return EXIT_USAGE;
            }
            c->gran_given = 1;
            break;
        case 'F':
            if (!rw_cli_parse_time("--from", optarg, 0, &c->q.from)) return EXIT_USAGE;
            break;
        case 'T':
            if (!rw_cli_parse_time("--to", optarg, 1, &c->q.to)) return EXIT_USAGE;
            break;
        case 'c': c->q.currency = optarg; break;
        case 'a': c->q.account = optarg; break;
        case 'h': fputs(usage, stdout); return -1;
        default: return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        rw_cli_errorf("forecast: unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    if (!c->fo.horizon) {
        rw_cli_errorf("forecast: --horizon N is required");
        return EXIT_USAGE;
    }
    if (c->fo.model && strcmp(c->fo.model, "auto") && !rw_model_find(c->fo.model)) {
        rw_cli_errorf("--model: unknown model '%s'", c->fo.model);
        return EXIT_USAGE;
    }
    if (c->fo.nlevels == 0) {
        c->fo.levels[0] = 80;
        c->fo.levels[1] = 95;
        c->fo.nlevels = 2;
    }
    if (c->periods.n) {
        for (size_t i = 1; i < c->periods.n; i++)
            for (size_t j = i; j > 0 && c->periods.period[j] < c->periods.period[j - 1]; j--) {
                double t = c->periods.period[j];
                c->periods.period[j] = c->periods.period[j - 1];
                c->periods.period[j - 1] = t;
            }
        c->fo.periods = &c->periods;
    }
    return 0;
}

static void write_csv_header(const rw_forecast_opts *fo)
{
    fputs("series,timestamp,mean", stdout);
    for (size_t l = 0; l < fo->nlevels; l++)
        printf(",lo%g,hi%g", fo->levels[l], fo->levels[l]);
    fputs(",model\n", stdout);
}

static void write_csv(const char *name, rw_granularity g, const rw_forecast *f)
{
    char ts[32], v[40];
    for (size_t k = 0; k < f->h; k++) {
        rw_csv_write_field(stdout, name);
        rw_time_format_bucket(f->t[k], g, ts, sizeof ts);
        rw_format_value(f->mean[k], v, sizeof v);
        printf(",%s,%s", ts, v);
        for (size_t l = 0; l < f->nlevels; l++) {
            rw_format_value(f->lo[l * f->h + k], v, sizeof v);
            printf(",%s", v);
            rw_format_value(f->hi[l * f->h + k], v, sizeof v);
            printf(",%s", v);
        }
        fputc(',', stdout);
        rw_csv_write_field(stdout, f->model);
        fputc('\n', stdout);
    }
}

static json_t *to_json(const char *name, rw_granularity g, const rw_forecast *f)
{
    json_t *pts = json_array();
    char ts[32], key[16];
    for (size_t k = 0; k < f->h; k++) {
        rw_time_format_bucket(f->t[k], g, ts, sizeof ts);
        json_t *p = json_pack("{s:s, s:f}", "timestamp", ts, "mean", f->mean[k]);
        for (size_t l = 0; l < f->nlevels; l++) {
            snprintf(key, sizeof key, "lo%g", f->levels[l]);
            json_object_set_new(p, key, json_real(f->lo[l * f->h + k]));
            snprintf(key, sizeof key, "hi%g", f->levels[l]);
            json_object_set_new(p, key, json_real(f->hi[l * f->h + k]));
        }
        json_array_append_new(pts, p);
    }
    json_t *levels = json_array();
    for (size_t l = 0; l < f->nlevels; l++) json_array_append_new(levels, json_real(f->levels[l]));
    return json_pack("{s:s, s:s, s:I, s:o, s:O, s:o}", "series", name, "model", f->model,
                     "horizon", (json_int_t)f->h, "levels", levels, "explanation", f->info,
                     "points", pts);
}

/* Forecasts one series given as points; prints or collects the result.
 * Returns 0, or 1 after printing why the series could not be forecast. */
static int forecast_one(const fc_config *c, const char *name, rw_granularity g, int infer,
                        const int64_t *t, const double *v, size_t n, json_t *all)
{
    rw_error err;
    rw_error_clear(&err);
    rw_ts *ts = NULL;
    rw_forecast *f = NULL;
    rw_status st = RW_OK;
    if (infer) {
        int64_t *sorted = malloc((n ? n : 1) * sizeof *sorted);
        if (!sorted) st = rw_error_set(&err, RW_ENOMEM, NULL, 0, "out of memory");
        else {
            memcpy(sorted, t, n * sizeof *t);
            for (size_t i = 1; i < n; i++) /* insertion sort: files are nearly sorted */
                for (size_t j = i; j > 0 && sorted[j] < sorted[j - 1]; j--) {
                    int64_t x = sorted[j];
                    sorted[j] = sorted[j - 1];
                    sorted[j - 1] = x;
                }
            st = rw_granularity_infer(sorted, n, &g, &err);
            free(sorted);
        }
    }
    if (st == RW_OK) st = rw_ts_from_points(name, g, t, v, n, &ts, &err);
    if (st == RW_OK) st = rw_forecast_run(ts, &c->fo, &f, &err);
    if (st != RW_OK) {
        rw_cli_errorf("series '%s': %s", name, err.text[0] ? err.text : rw_strerror(st));
        rw_ts_free(ts);
        return 1;
    }
    if (all) json_array_append_new(all, to_json(name, g, f));
    else write_csv(name, g, f);
    rw_forecast_free(f);
    rw_ts_free(ts);
    return 0;
}

int rw_cmd_forecast(rw_cli *cli, int argc, char **argv)
{
    fc_config c;
    memset(&c, 0, sizeof c);
    c.fo.seed = 42;
    c.q = (rw_series_query){RW_METRIC_COST, NULL, RW_BY_NONE, NULL, RW_GRAN_DAY,
                            INT64_MIN, INT64_MAX, NULL, NULL};
    int rc = parse_args(cli, argc, argv, &c);
    if (rc) return rc < 0 ? rw_cli_flush_stdout() : rw_cli_usage_error(usage);
    json_t *all = c.json ? json_array() : NULL;
    if (!c.json) write_csv_header(&c.fo);
    int failed = 0, total = 0;
    rw_error err;
    rw_error_clear(&err);
    if (c.input) {
        rw_series_file *sf = NULL;
        rw_status st = rw_series_file_load(c.input, c.series, &sf, &err);
        if (st != RW_OK) {
            rw_cli_error(&err);
            json_decref(all);
            return rw_cli_exit_code(st == RW_ENOTFOUND ? RW_EINVAL : st);
        }
        if (sf->rejected)
            rw_cli_errorf("%ld unreadable row(s) skipped, the first: %s", sf->rejected,
                          sf->first_reject);
        for (size_t i = 0; i < sf->n; i++, total++)
            failed += forecast_one(&c, sf->s[i].name, c.q.gran, !c.gran_given, sf->s[i].t,
                                   sf->s[i].v, sf->s[i].n, all);
        rw_series_file_free(sf);
    } else {
        rw_store *store = NULL;
        if (rw_cli_open_store(cli, &store) != RW_OK) {
            json_decref(all);
            return EXIT_RUNTIME;
        }
        rw_series_set *set = NULL;
        rw_status st = rw_series_query_run(store, &c.q, &set, &err);
        rw_store_close(store);
        if (st != RW_OK) {
            rw_cli_error(&err);
            json_decref(all);
            return rw_cli_exit_code(st);
        }
        for (size_t i = 0; i < set->n; i++) {
            if (c.series && strcmp(c.series, set->s[i].name)) continue;
            total++;
            failed += forecast_one(&c, set->s[i].name, set->gran, 0, set->s[i].t, set->s[i].v,
                                   set->s[i].n, all);
        }
        rw_series_set_free(set);
        if (c.series && total == 0) {
            rw_cli_errorf("no series named '%s' in the store selection", c.series);
            json_decref(all);
            return EXIT_USAGE;
        }
        if (total == 0) rw_cli_errorf("the store selection holds no data: ingest bills first");
    }
    if (all) {
        json_t *root = json_pack("{s:o}", "forecasts", all);
        json_dumpf(root, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
        fputc('\n', stdout);
        json_decref(root);
    }
    rc = rw_cli_flush_stdout();
    if (failed) rw_cli_errorf("%d of %d series could not be forecast", failed, total);
    return rc ? rc : (failed || total == 0) ? EXIT_RUNTIME : EXIT_OKAY;
}
