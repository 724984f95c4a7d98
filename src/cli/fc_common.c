/* fc_common.c: flags and the series loop shared by forecast and backtest. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "cli/fc_common.h"
#include "ingest/series_load.h"
#include "util/num.h"
#include "util/parallel.h"

int rw_fc_selection_option(fc_config *c, int opt, const char *arg)
{
    switch (opt) {
    case 'b':
        if (rw_group_parse(arg, &c->q.by, &c->q.tag_key) != RW_OK) {
            rw_cli_errorf("--by: unknown dimension '%s'", arg);
            return -1;
        }
        c->by_text = arg;
        return 1;
    case 'M':
        if (rw_metric_parse(arg, &c->q.metric, &c->q.unit) != RW_OK) {
            rw_cli_errorf("--metric: unknown metric '%s'", arg);
            return -1;
        }
        c->metric_text = arg;
        return 1;
    case 'g':
        if (rw_granularity_parse(arg, &c->q.gran) != RW_OK) {
            rw_cli_errorf("--granularity: '%s' is not hour, day, week or month", arg);
            return -1;
        }
        c->gran_given = 1;
        return 1;
    case 'F':
        if (!rw_cli_parse_time("--from", arg, 0, &c->q.from)) return -1;
        return 1;
    case 'T':
        if (!rw_cli_parse_time("--to", arg, 1, &c->q.to)) return -1;
        return 1;
    case 'a': c->q.account = arg; return 1;
    default: return 0;
    }
}

int rw_fc_parse(rw_cli *cli, int argc, char **argv, const char *usage, int backtest,
                fc_config *c)
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
        {"account", required_argument, NULL, 'a'}, {"origins", required_argument, NULL, 'O'},
        {"step", required_argument, NULL, 'E'},    {"jobs", required_argument, NULL, 'j'},
        {"saved", no_argument, NULL, 'W'},
        RW_CLI_COMMON_OPTIONS,
        {NULL, 0, NULL, 0}};
    int opt;
    int64_t v;
    double d;
    memset(c, 0, sizeof *c);
    c->fo.seed = 42;
    c->origins = 3;
    c->metric_text = "cost";
    c->by_text = "none";
    c->q = (rw_series_query){RW_METRIC_COST, NULL, RW_BY_NONE, NULL, RW_GRAN_DAY,
                             INT64_MIN, INT64_MAX, NULL, NULL};
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (rw_cli_common(cli, opt, optarg)) continue;
        int sel = rw_fc_selection_option(c, opt, optarg);
        if (sel < 0) return EXIT_USAGE;
        if (sel) continue;
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
            if (strcmp(optarg, backtest ? "text" : "csv") && strcmp(optarg, "json")) {
                rw_cli_errorf("--format: '%s' is not %s or json", optarg,
                              backtest ? "text" : "csv");
                return EXIT_USAGE;
            }
            c->format = !strcmp(optarg, "json");
            break;
        case 'O':
        case 'E':
            if (!backtest || rw_parse_int64(optarg, opt == 'O' ? 1 : 1, 1000, &v) != RW_OK) {
                rw_cli_errorf("--%s: '%s' is not a count between 1 and 1000",
                              opt == 'O' ? "origins" : "step", optarg);
                return EXIT_USAGE;
            }
            if (opt == 'O') c->origins = (size_t)v;
            else c->step = (size_t)v;
            break;
        case 'c': c->q.currency = optarg; break;
        case 'W':
            if (!backtest) return rw_cli_usage_error(usage);
            c->saved = 1;
            break;
        case 'j':
            if (rw_parse_int64(optarg, 1, 64, &v) != RW_OK) {
                rw_cli_errorf("--jobs: '%s' is not a thread count between 1 and 64", optarg);
                return EXIT_USAGE;
            }
            c->jobs = (size_t)v;
            break;
        case 'h': fputs(usage, stdout); return rw_cli_flush_stdout() ? EXIT_RUNTIME : -1;
        default: return rw_cli_usage_error(usage);
        }
    }
    if (optind < argc) {
        rw_cli_errorf("unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    if (!c->fo.horizon && !c->saved) {
        rw_cli_errorf("--horizon N is required");
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


/* The series being built. */
typedef struct ts_list {
    rw_ts **ts;
    size_t n, cap;
} ts_list;

/* Builds the regular series of points (t[i], v[i]) and appends it. */
static int add_ts(ts_list *l, const char *name, rw_granularity g, int infer, const int64_t *t,
                  const double *v, size_t n)
{
    rw_error err;
    rw_error_clear(&err);
    rw_ts *ts = NULL;
    rw_status st = RW_OK;
    if (infer) st = rw_granularity_infer(t, n, &g, &err);
    if (st == RW_OK) st = rw_ts_from_points(name, g, t, v, n, &ts, &err);
    if (st != RW_OK) {
        rw_cli_errorf("series '%s': %s", name, err.text[0] ? err.text : rw_strerror(st));
        return 1;
    }
    if (l->n == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 64;
        rw_ts **nt = realloc(l->ts, ncap * sizeof *nt);
        if (!nt) {
            rw_ts_free(ts);
            rw_cli_errorf("out of memory");
            return 1;
        }
        l->ts = nt;
        l->cap = ncap;
    }
    l->ts[l->n++] = ts;
    return 0;
}

/* Fits a store series to its own charges: leaves out the buckets before its
 * first charge (zeros only because other series had data then), and a
 * first or last bucket that its charges cover only in part (a bill in
 * another time zone starts and ends mid-day in UTC; an export stops
 * mid-day), whose sum would read as a sudden drop. A partial last bucket is
 * then forecast, not learnt from; a note says so. */
static void trim_partial(const rw_cli *cli, const rw_series *sr, rw_granularity g, size_t *first,
                         size_t *n)
{
    char day[32], until[32];
    if (*n > 2 && sr->covered_to != INT64_MAX && sr->covered_to < rw_time_next(sr->t[*n - 1], g)) {
        if (!cli->quiet) {
            rw_time_format_bucket(sr->t[*n - 1], g, day, sizeof day);
            rw_time_format_iso(sr->covered_to, until, sizeof until);
            rw_cli_errorf("note: series '%s': the last %s (%s) is covered only until %s;"
                          " it is forecast, not used for fitting",
                          sr->name, rw_granularity_name(g), day, until);
        }
        (*n)--;
    }
    if (sr->covered_from == INT64_MIN) return;
    size_t k = 0;
    while (k + 1 < *n && rw_time_next(sr->t[k], g) <= sr->covered_from) k++;
    if (k + 1 < *n && sr->covered_from > sr->t[k]) k++;
    if (*n - k > 2) {
        *first = k;
        *n -= k;
    }
}

/* Collects the selected series of the input file or the store. */
static int collect(rw_cli *cli, const fc_config *c, ts_list *jl, int *failed, int *total)
{
    rw_error err;
    rw_error_clear(&err);
    if (c->input) {
        rw_series_file *sf = NULL;
        rw_status st = rw_series_file_load(c->input, c->series, &sf, &err);
        if (st != RW_OK) {
            rw_cli_error(&err);
            return rw_cli_exit_code(st == RW_ENOTFOUND ? RW_EINVAL : st);
        }
        if (sf->rejected)
            rw_cli_errorf("%ld unreadable row(s) skipped, the first: %s", sf->rejected,
                          sf->first_reject);
        for (size_t i = 0; i < sf->n; i++, (*total)++)
            *failed += add_ts(jl, sf->s[i].name, c->q.gran, !c->gran_given, sf->s[i].t,
                               sf->s[i].v, sf->s[i].n);
        rw_series_file_free(sf);
        return EXIT_OKAY;
    }
    rw_store *store = NULL;
    if (rw_cli_open_store(cli, &store) != RW_OK) return EXIT_RUNTIME;
    rw_series_set *set = NULL;
    rw_status st = rw_series_query_run(store, &c->q, &set, &err);
    rw_store_close(store);
    if (st != RW_OK) {
        rw_cli_error(&err);
        return rw_cli_exit_code(st);
    }
    for (size_t i = 0; i < set->n; i++) {
        const rw_series *sr = &set->s[i];
        if (c->series && strcmp(c->series, sr->name)) continue;
        (*total)++;
        size_t first = 0, n = sr->n;
        trim_partial(cli, sr, set->gran, &first, &n);
        *failed += add_ts(jl, sr->name, set->gran, 0, sr->t + first, sr->v + first, n);
    }
    rw_series_set_free(set);
    if (c->series && *total == 0) {
        rw_cli_errorf("no series named '%s' in the store selection", c->series);
        return EXIT_USAGE;
    }
    if (*total == 0) rw_cli_errorf("the store selection holds no data: ingest bills first");
    return EXIT_OKAY;
}

int rw_fc_collect(rw_cli *cli, const fc_config *c, rw_ts ***out, size_t *nout, int *failed,
                  int *total)
{
    ts_list l = {NULL, 0, 0};
    *failed = *total = 0;
    int rc = collect(cli, c, &l, failed, total);
    *out = l.ts;
    *nout = l.n;
    return rc;
}

void rw_fc_free_series(rw_ts **ts, size_t n)
{
    for (size_t i = 0; i < n; i++) rw_ts_free(ts[i]);
    free(ts);
}

typedef struct run_ctx {
    const fc_config *c;
    rw_fc_compute_fn compute;
    void *ctx;
    rw_fc_job *jobs;
} run_ctx;

static void run_job(void *arg, size_t i)
{
    run_ctx *r = arg;
    r->compute(r->ctx, r->c, &r->jobs[i]);
}

int rw_fc_run(rw_cli *cli, const fc_config *c, rw_fc_compute_fn compute, rw_fc_emit_fn emit,
              void *ctx, int *failed, int *total)
{
    rw_ts **ts = NULL;
    size_t n = 0;
    int rc = rw_fc_collect(cli, c, &ts, &n, failed, total);
    rw_fc_job *jobs = n ? calloc(n, sizeof *jobs) : NULL;
    if (n && !jobs) {
        rw_cli_errorf("out of memory");
        rc = EXIT_RUNTIME;
    }
    if (rc == EXIT_OKAY) {
        for (size_t i = 0; i < n; i++) jobs[i].ts = ts[i];
        run_ctx r = {c, compute, ctx, jobs};
        rw_parallel_for(n, c->jobs, run_job, &r);
        for (size_t i = 0; i < n; i++) {
            if (jobs[i].failed) {
                rw_cli_errorf("series '%s': %s", jobs[i].ts->name, jobs[i].error);
                (*failed)++;
                if (jobs[i].status == RW_EINVAL) rc = EXIT_USAGE;
            } else {
                emit(ctx, c, &jobs[i]);
            }
        }
    }
    rw_fc_free_series(ts, n);
    free(jobs);
    return rc;
}
