/* cmd_anomalies.c: `runway anomalies`: days or hours outside the interval
 * of the forecast made before them (plan/anomaly.h), each with the
 * dimension value (service, account, region, tag) that moved most. Series
 * come from a series file or the store (fc_common.h); attribution queries
 * the store for the same selection broken down by each dimension. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cli/fc_common.h"
#include "export/series_write.h"
#include "plan/anomaly.h"
#include "util/num.h"

static const char usage[] =
    "usage: runway anomalies [--input FILE] [--series ID] [--last N] [--step N]\n"
    "                        [--level L] [--attribute DIM]... [--seed S] [--jobs N]\n"
    "                        [--format text|json|csv]\n"
    "                        [store selection: --by DIM --metric M --granularity G\n"
    "                         --from T --to T --currency C --account ID]\n"
    "\n"
    "Lists the days (or hours) of the last N whose value fell outside the\n"
    "interval of the forecast made before them, with the service, account,\n"
    "region or tag value that moved most on that day. Reads a series file\n"
    "(series,timestamp,value) with --input, or aggregates the store like\n"
    "`runway series` does (default: total daily cost).\n"
    "\n"
    "  --last N        steps examined at the end of each series (default 30 days,\n"
    "                  168 hours, 13 weeks, 6 months); at most the history allows\n"
    "  --step N        steps between forecast origins, each forecasting N steps\n"
    "                  (default 1; 24 for hourly data)\n"
    "  --level L       interval level in percent, 51..99 (default 99)\n"
    "  --attribute DIM a dimension to attribute anomalies to, added to the\n"
    "                  default service, account and region (repeatable):\n"
    "                  tag:KEY, billing-account, provider, category; none: no\n"
    "                  attribution (store only, total series only)\n"
    "  --seed S        random seed of the sample paths (default 42)\n"
    "  --jobs N        forecasts made in parallel (default: one per processor)\n"
    "  --format F      text (default): one line per anomaly; json; csv:\n"
    "                  series,timestamp,value,expected,lo,hi,direction,excess,\n"
    "                  dimension,dim_value,deviation\n"
    "\n"
    "The first 28 days (96 hours, 13 weeks, 12 months) of a series are only\n"
    "history. Exit status 0 whether anomalies were found or not.\n";

#define MAX_DIMS 16

enum { FMT_TEXT, FMT_JSON, FMT_CSV };

/* A dimension to attribute to, and its breakdown once queried. */
typedef struct dim_req {
    const char *text;     /* as given: "service", "tag:team" */
    rw_group by;
    const char *tag_key;
    int given;            /* by --attribute (a failing query is an error) */
    int queried;          /* set holds the breakdown, or NULL: not available */
    rw_series_set *set;   /* owned */
} dim_req;

typedef struct anom_cmd {
    fc_config fc;          /* input, series and store selection (rw_fc_collect) */
    rw_anomaly_opts ao;
    char currency[4];      /* --currency, upper case */
    int format;
    dim_req dims[MAX_DIMS];
    size_t ndims;
    rw_store *store;       /* opened when attribution needs it */
    rw_series_set *sel;    /* the selection itself, for currencies; NULL until needed */
    json_t *all;           /* JSON output */
    size_t shown;          /* series printed as text */
} anom_cmd;

static int add_dim(anom_cmd *a, const char *text, int given)
{
    dim_req d = {text, RW_BY_NONE, NULL, given, 0, NULL};
    if (rw_group_parse(text, &d.by, &d.tag_key) != RW_OK || d.by == RW_BY_NONE) {
        rw_cli_errorf("--attribute: unknown dimension '%s'", text);
        return 0;
    }
    for (size_t i = 0; i < a->ndims; i++)
        if (a->dims[i].by == d.by &&
            (d.by != RW_BY_TAG || !strcmp(a->dims[i].tag_key, d.tag_key))) {
            a->dims[i].given |= given;
            return 1;
        }
    if (a->ndims == MAX_DIMS) {
        rw_cli_errorf("--attribute: at most %d dimensions", MAX_DIMS);
        return 0;
    }
    a->dims[a->ndims++] = d;
    return 1;
}

/* Parses the flags; returns 0 to go on, -1 after --help, or an exit code. */
static int parse(rw_cli *cli, int argc, char **argv, anom_cmd *a)
{
    static const struct option longopts[] = {
        {"input", required_argument, NULL, 'i'},  {"series", required_argument, NULL, 's'},
        {"by", required_argument, NULL, 'b'},     {"metric", required_argument, NULL, 'M'},
        {"granularity", required_argument, NULL, 'g'}, {"account", required_argument, NULL, 'a'},
        {"currency", required_argument, NULL, 'c'}, {"from", required_argument, NULL, 'F'},
        {"to", required_argument, NULL, 'T'},     {"last", required_argument, NULL, 'L'},
        {"step", required_argument, NULL, 'E'},   {"level", required_argument, NULL, 'l'},
        {"attribute", required_argument, NULL, 'A'}, {"seed", required_argument, NULL, 'S'},
        {"jobs", required_argument, NULL, 'j'},   {"format", required_argument, NULL, 'f'},
        RW_CLI_COMMON_OPTIONS,                    {NULL, 0, NULL, 0}};
    static const char *const defaults[] = {"service", "account", "region"};
    const char *given[MAX_DIMS]; /* --attribute values, added after the defaults */
    size_t ngiven = 0;
    int opt, no_attr = 0;
    int64_t v;
    double d;
    fc_config *c = &a->fc;
    c->q = (rw_series_query){RW_METRIC_COST, NULL, RW_BY_NONE, NULL, RW_GRAN_DAY,
                             INT64_MIN, INT64_MAX, NULL, NULL};
    c->metric_text = "cost";
    a->ao.seed = 42;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (rw_cli_common(cli, opt, optarg)) continue;
        int sel = rw_fc_selection_option(c, opt, optarg);
        if (sel < 0) return EXIT_USAGE;
        if (sel) continue;
        switch (opt) {
        case 'i': c->input = optarg; break;
        case 's': c->series = optarg; break;
        case 'c':
            if (!rw_cli_parse_currency(optarg, a->currency)) return EXIT_USAGE;
            c->q.currency = a->currency;
            break;
        case 'L':
        case 'E':
            if (!rw_cli_parse_int(opt == 'L' ? "--last" : "--step", optarg, 1, 100000,
                                  "a number of steps (1..100000)", &v))
                return EXIT_USAGE;
            if (opt == 'L') a->ao.last = (size_t)v;
            else a->ao.step = (size_t)v;
            break;
        case 'l':
            if (rw_parse_double(optarg, &d) != RW_OK || d < 51 || d > 99) {
                rw_cli_errorf("--level: '%s' is not a percentage between 51 and 99", optarg);
                return EXIT_USAGE;
            }
            a->ao.level = d;
            break;
        case 'A':
            if (!strcmp(optarg, "none")) no_attr = 1;
            else if (ngiven == MAX_DIMS) {
                rw_cli_errorf("--attribute: at most %d dimensions", MAX_DIMS);
                return EXIT_USAGE;
            } else given[ngiven++] = optarg;
            break;
        case 'S':
            if (!rw_cli_parse_int("--seed", optarg, 0, INT64_MAX, "a non-negative integer", &v))
                return EXIT_USAGE;
            a->ao.seed = (unsigned long)v;
            break;
        case 'j':
            if (!rw_cli_parse_int("--jobs", optarg, 1, 64, "a thread count between 1 and 64", &v))
                return EXIT_USAGE;
            a->ao.threads = (size_t)v;
            break;
        case 'f':
            if (!strcmp(optarg, "text")) a->format = FMT_TEXT;
            else if (!strcmp(optarg, "json")) a->format = FMT_JSON;
            else if (!strcmp(optarg, "csv")) a->format = FMT_CSV;
            else {
                rw_cli_errorf("--format: '%s' is not text, json or csv", optarg);
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
    if (c->input && ngiven) {
        rw_cli_errorf("--attribute needs the store: a series file has no dimensions");
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++) add_dim(a, defaults[i], 0);
    for (size_t i = 0; i < ngiven; i++)
        if (!add_dim(a, given[i], 1)) return EXIT_USAGE;
    if (no_attr || c->input) a->ndims = 0;
    return 0;
}

/* Keeps the steps of a series file in [from, to) (the store applies them
 * itself), without leading or trailing gaps. Returns 0 when none remain. */
static int trim_window(rw_ts *ts, int64_t from, int64_t to)
{
    size_t a = 0, b = ts->n;
    while (a < b && (ts->t[a] < from || isnan(ts->y[a]))) a++;
    while (b > a && (ts->t[b - 1] >= to || isnan(ts->y[b - 1]))) b--;
    memmove(ts->t, ts->t + a, (b - a) * sizeof *ts->t);
    memmove(ts->y, ts->y + a, (b - a) * sizeof *ts->y);
    ts->n = b - a;
    return ts->n > 0;
}

/* Runs a store query; RW_EINVAL (the grouping does not apply to the
 * metric) is reported only when `report` is set. */
static rw_status query(anom_cmd *a, rw_group by, const char *tag_key, int report,
                       rw_series_set **out)
{
    rw_error err;
    rw_error_clear(&err);
    rw_series_query q = a->fc.q;
    q.by = by;
    q.tag_key = tag_key;
    rw_status st = rw_series_query_run(a->store, &q, out, &err);
    if (st != RW_OK && (st != RW_EINVAL || report)) rw_cli_error(&err);
    return st;
}

/* The currency of store series `name` ("" when not money or unknown). */
static const char *currency_of(anom_cmd *a, const char *name)
{
    if (a->fc.input || !a->store) return "";
    if (!a->sel && query(a, a->fc.q.by, a->fc.q.tag_key, 0, &a->sel) != RW_OK) a->sel = NULL;
    for (size_t i = 0; a->sel && i < a->sel->n; i++)
        if (!strcmp(a->sel->s[i].name, name)) return a->sel->s[i].currency;
    return "";
}

/* Index of timestamp t in ts, or ts->n. */
static size_t find_step(const rw_ts *ts, int64_t t)
{
    size_t lo = 0, hi = ts->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ts->t[mid] < t) lo = mid + 1;
        else hi = mid;
    }
    return lo < ts->n && ts->t[lo] == t ? lo : ts->n;
}

/* Per-dimension value series of one examined series, aligned to its index. */
typedef struct breakdown {
    rw_anomaly_dim dims[MAX_DIMS]; /* those the store could break down */
    size_t n;
    const char **names;            /* owned: value names, one block per dimension */
    const double **ys;             /* owned: value series, likewise */
    double *data;                  /* owned: their values */
} breakdown;

static void breakdown_cleanup(breakdown *b)
{
    free(b->names);
    free(b->ys);
    free(b->data);
    memset(b, 0, sizeof *b);
}

/* Queries the dimensions (once per command) and aligns their values of
 * currency `cur` to ts. Returns an exit code. */
static int breakdown_build(anom_cmd *a, const rw_ts *ts, const char *cur, breakdown *b)
{
    size_t total = 0;
    memset(b, 0, sizeof *b);
    for (size_t d = 0; d < a->ndims; d++) {
        dim_req *r = &a->dims[d];
        if (!r->queried) {
            rw_status st = query(a, r->by, r->tag_key, r->given, &r->set);
            r->queried = 1;
            if (st != RW_OK) {
                r->set = NULL;
                if (st != RW_EINVAL) return EXIT_RUNTIME;
                if (r->given) return EXIT_USAGE;
            }
        }
        if (r->set) total += r->set->n;
    }
    b->names = malloc((total ? total : 1) * sizeof *b->names);
    b->ys = malloc((total ? total : 1) * sizeof *b->ys);
    b->data = malloc((total ? total : 1) * ts->n * sizeof *b->data);
    if (!b->names || !b->ys || !b->data) {
        rw_cli_errorf("out of memory");
        return EXIT_RUNTIME;
    }
    size_t used = 0;
    for (size_t d = 0; d < a->ndims; d++) {
        const rw_series_set *set = a->dims[d].set;
        if (!set) continue;
        rw_anomaly_dim *dm = &b->dims[b->n];
        *dm = (rw_anomaly_dim){a->dims[d].text, 0, b->names + used, b->ys + used, ts->n};
        for (size_t v = 0; v < set->n; v++) {
            const rw_series *sr = &set->s[v];
            if (cur[0] && sr->currency[0] && strcmp(sr->currency, cur)) continue;
            double *y = b->data + used * ts->n;
            for (size_t i = 0; i < ts->n; i++) y[i] = NAN;
            for (size_t k = 0; k < sr->n; k++) {
                size_t i = find_step(ts, sr->t[k]);
                if (i < ts->n) y[i] = sr->v[k];
            }
            b->names[used] = sr->name;
            b->ys[used] = y;
            used++;
            dm->nvalues++;
        }
        b->n++;
    }
    return EXIT_OKAY;
}

/* An anomaly's attribution with names: found[0] is the chosen one, the
 * rest the best value of each other dimension that moved the same way. */
typedef struct named_attr {
    const char *dim, *value; /* borrowed from the command's breakdown sets */
    double deviation, share;
} named_attr;

typedef struct anomaly_attr {
    size_t n;                /* 0: no attribution */
    named_attr found[MAX_DIMS];
} anomaly_attr;

/* Attributes every anomaly of r (attr: r->n entries, zeroed). */
static void attribute(const breakdown *b, const rw_ts *ts, const rw_anomaly_report *r,
                      anomaly_attr *attr)
{
    rw_attribution per[MAX_DIMS];
    size_t season = rw_anomaly_default_season(ts->gran);
    for (size_t k = 0; k < r->n; k++) {
        long best = rw_anomaly_attribute(&r->a[k], b->dims, b->n, season, per);
        if (best < 0) continue;
        for (size_t pass = 0; pass < 2; pass++)
            for (size_t d = 0; d < b->n; d++) {
                if (!per[d].found || (pass == 0) != (d == (size_t)best)) continue;
                const rw_anomaly_dim *dm = &b->dims[d];
                attr[k].found[attr[k].n++] = (named_attr){dm->name, dm->values[per[d].value],
                                                          per[d].deviation, per[d].share};
            }
    }
}

/* Formats v with `dec` decimals, more for magnitudes (scale) below 10. */
static void fmt(double v, int dec, double scale, int sign, char *buf, size_t size)
{
    if (scale > 0 && scale < 10) dec += (int)fmin(8, ceil(-log10(scale)) + 1);
    snprintf(buf, size, sign ? "%+.*f" : "%.*f", dec, v);
}

static const char *const gran_plural[] = {"hours", "days", "weeks", "months"};

static void print_text(anom_cmd *a, const rw_ts *ts, const rw_anomaly_report *r,
                       const anomaly_attr *attr, const char *cur)
{
    char from[32], to[32], when[32], b[6][48];
    if (a->shown++) fputc('\n', stdout);
    rw_time_format_bucket(ts->t[r->first], ts->gran, from, sizeof from);
    rw_time_format_bucket(ts->t[ts->n - 1], ts->gran, to, sizeof to);
    printf("%s: %zu %s examined (%s to %s", ts->name, r->steps, gran_plural[ts->gran], from, to);
    if (r->observed < r->steps) printf(", %zu with a value", r->observed);
    if (r->n) printf("), %zu anomal%s", r->n, r->n == 1 ? "y" : "ies");
    else printf("), no anomaly");
    printf(" outside the %g%% interval of the forecast made before\n", r->level);
    const char *label = a->fc.input ? "value" : a->fc.metric_text;
    const char *unit = cur[0] ? cur : a->fc.q.metric == RW_METRIC_USAGE ? a->fc.q.unit : "";
    int mlen = (int)strcspn(label, ":");
    for (size_t k = 0; k < r->n; k++) {
        const rw_anomaly *an = &r->a[k];
        double scale = fmax(fabs(an->expected), fabs(an->value));
        rw_time_format_bucket(an->t, ts->gran, when, sizeof when);
        fmt(an->value, 2, scale, 0, b[0], sizeof b[0]);
        fmt(an->expected, 2, scale, 0, b[1], sizeof b[1]);
        fmt(an->lo, 1, scale, 0, b[2], sizeof b[2]);
        fmt(an->hi, 1, scale, 0, b[3], sizeof b[3]);
        fmt(an->excess, 1, scale, 1, b[4], sizeof b[4]);
        printf("%s  %.*s %s%s%s  expected %s (%g%%: %s\u2013%s)  %s %s", when, mlen, label, b[0],
               unit[0] ? " " : "", unit, b[1], r->level, b[2], b[3], b[4],
               an->direction > 0 ? "above" : "below");
        if (attr && attr[k].n) {
            const named_attr *na = &attr[k].found[0];
            fmt(na->deviation, 1, scale, 1, b[5], sizeof b[5]);
            printf("  \u2014 %s=%s %s (%.0f%% of the %s)", na->dim, na->value, b[5],
                   100 * na->share, an->direction > 0 ? "rise" : "fall");
        }
        fputc('\n', stdout);
    }
}

static void print_csv(const rw_ts *ts, const rw_anomaly_report *r, const anomaly_attr *attr)
{
    char when[32], v[40];
    for (size_t k = 0; k < r->n; k++) {
        const rw_anomaly *an = &r->a[k];
        const double nums[] = {an->value, an->expected, an->lo, an->hi};
        rw_csv_write_field(stdout, ts->name);
        rw_time_format_bucket(an->t, ts->gran, when, sizeof when);
        printf(",%s", when);
        for (size_t i = 0; i < 4; i++) {
            rw_format_value(nums[i], v, sizeof v);
            printf(",%s", v);
        }
        rw_format_value(an->excess, v, sizeof v);
        printf(",%s,%s,", an->direction > 0 ? "above" : "below", v);
        if (attr && attr[k].n) {
            rw_csv_write_field(stdout, attr[k].found[0].dim);
            fputc(',', stdout);
            rw_csv_write_field(stdout, attr[k].found[0].value);
            rw_format_value(attr[k].found[0].deviation, v, sizeof v);
            printf(",%s\n", v);
        } else {
            fputs(",,\n", stdout);
        }
    }
}

static json_t *attr_json(const named_attr *na)
{
    return json_pack("{s:s, s:s, s:f, s:f}", "dimension", na->dim, "value", na->value,
                     "deviation", na->deviation, "share", na->share);
}

static json_t *to_json(const anom_cmd *a, const rw_ts *ts, const rw_anomaly_report *r,
                       const anomaly_attr *attr, const char *cur)
{
    char from[32], to[32], when[32];
    rw_time_format_bucket(ts->t[r->first], ts->gran, from, sizeof from);
    rw_time_format_bucket(ts->t[ts->n - 1], ts->gran, to, sizeof to);
    json_t *list = json_array();
    for (size_t k = 0; k < r->n; k++) {
        const rw_anomaly *an = &r->a[k];
        rw_time_format_bucket(an->t, ts->gran, when, sizeof when);
        json_t *at = json_null();
        if (attr && attr[k].n) {
            at = attr_json(&attr[k].found[0]);
            json_t *others = json_array();
            for (size_t i = 1; i < attr[k].n; i++)
                json_array_append_new(others, attr_json(&attr[k].found[i]));
            json_object_set_new(at, "other_dimensions", others);
        }
        json_array_append_new(
            list, json_pack("{s:s, s:f, s:f, s:f, s:f, s:s, s:f, s:f, s:o}", "timestamp", when,
                            "value", an->value, "expected", an->expected, "lo", an->lo, "hi",
                            an->hi, "direction", an->direction > 0 ? "above" : "below",
                            "excess", an->excess, "score", an->score, "attribution", at));
    }
    return json_pack("{s:s, s:s, s:s, s:s?, s:{s:s, s:s, s:I, s:I}, s:f, s:I, s:I, s:o}",
                     "name", ts->name, "granularity", rw_granularity_name(ts->gran), "metric",
                     a->fc.input ? "value" : a->fc.metric_text, "currency",
                     cur[0] ? cur : NULL, "examined", "from", from, "to", to, "steps",
                     (json_int_t)r->steps, "observed", (json_int_t)r->observed, "level",
                     r->level, "origins", (json_int_t)r->origins, "origins_reforecast",
                     (json_int_t)r->rerun, "anomalies", list);
}

/* Examines one series and prints or collects the result. Returns an exit
 * code; a series that cannot be examined is reported and counted. */
static int examine(rw_cli *cli, anom_cmd *a, const rw_ts *ts, int *failed)
{
    rw_error err;
    rw_error_clear(&err);
    rw_anomaly_report *r = NULL;
    anomaly_attr *attr = NULL;
    breakdown b = {0};
    int rc = EXIT_OKAY;
    rw_status st = rw_anomaly_detect(ts, &a->ao, &r, &err);
    if (st != RW_OK) {
        rw_cli_errorf("series '%s': %s", ts->name, err.text[0] ? err.text : rw_strerror(st));
        (*failed)++;
        return st == RW_EINVAL ? EXIT_USAGE : EXIT_OKAY;
    }
    if (r->steps < r->requested && !cli->quiet)
        rw_cli_errorf("note: series '%s': %zu of the %zu %s asked for examined; the first %zu"
                      " are history", ts->name, r->steps, r->requested, gran_plural[ts->gran],
                      rw_anomaly_min_history(ts->gran));
    const char *cur = currency_of(a, ts->name);
    if (r->n && a->ndims && a->fc.q.by == RW_BY_NONE) {
        attr = calloc(r->n, sizeof *attr);
        if (!attr) {
            rw_cli_errorf("out of memory");
            rc = EXIT_RUNTIME;
            goto out;
        }
        if ((rc = breakdown_build(a, ts, cur, &b)) != EXIT_OKAY) goto out;
        attribute(&b, ts, r, attr);
    }
    if (a->format == FMT_TEXT) print_text(a, ts, r, attr, cur);
    else if (a->format == FMT_CSV) print_csv(ts, r, attr);
    else if (json_array_append_new(a->all, to_json(a, ts, r, attr, cur)) != 0) {
        rw_cli_errorf("out of memory");
        rc = EXIT_RUNTIME;
    }
out:
    breakdown_cleanup(&b);
    free(attr);
    rw_anomaly_report_free(r);
    return rc;
}

int rw_cmd_anomalies(rw_cli *cli, int argc, char **argv)
{
    anom_cmd a;
    memset(&a, 0, sizeof a);
    int rc = parse(cli, argc, argv, &a);
    if (rc) return rc < 0 ? EXIT_OKAY : rc;
    rw_ts **ts = NULL;
    size_t n = 0;
    int failed = 0, total = 0;
    rc = rw_fc_collect(cli, &a.fc, &ts, &n, &failed, &total);
    if (rc == EXIT_OKAY && !a.fc.input && rw_cli_open_store(cli, &a.store) != RW_OK)
        rc = EXIT_RUNTIME;
    if (rc == EXIT_OKAY && a.format == FMT_JSON && !(a.all = json_array())) rc = EXIT_RUNTIME;
    if (rc != EXIT_OKAY) goto out;
    if (a.format == FMT_CSV)
        puts("series,timestamp,value,expected,lo,hi,direction,excess,dimension,dim_value,"
             "deviation");
    if (a.ndims && a.fc.q.by != RW_BY_NONE && !cli->quiet)
        rw_cli_errorf("note: anomalies are attributed to services, accounts and regions only"
                      " for the total (without --by)");
    for (size_t i = 0; i < n && rc == EXIT_OKAY; i++) {
        if (a.fc.input && !trim_window(ts[i], a.fc.q.from, a.fc.q.to)) {
            rw_cli_errorf("series '%s': no values between --from and --to", ts[i]->name);
            failed++;
            continue;
        }
        rc = examine(cli, &a, ts[i], &failed);
    }
    if (a.all) {
        json_t *root = json_pack("{s:O}", "series", a.all);
        if (!root || json_dumpf(root, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(15)) != 0)
            rc = rc ? rc : EXIT_RUNTIME;
        fputc('\n', stdout);
        json_decref(root);
    }
out:
    rw_fc_free_series(ts, n);
    for (size_t d = 0; d < a.ndims; d++) rw_series_set_free(a.dims[d].set);
    rw_series_set_free(a.sel);
    rw_store_close(a.store);
    json_decref(a.all);
    int out = rw_cli_flush_stdout();
    if (rc) return rc;
    if (failed) rw_cli_errorf("%d of %d series could not be examined", failed, total);
    return out ? out : (failed || total == 0) ? EXIT_RUNTIME : EXIT_OKAY;
}
