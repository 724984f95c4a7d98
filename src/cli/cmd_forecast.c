/* cmd_forecast.c: `runway forecast`: forecasts with intervals for every
 * series of a series file or of the store. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli/fc_common.h"
#include "export/desc_json.h"
#include "export/series_write.h"
#include "store/forecast_store.h"

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
    "  --jobs N       series forecast in parallel (default: one per processor)\n"
    "  --format F     csv (default): series,timestamp,mean,loL,hiL...,model;\n"
    "                 json: the same points and how the forecast was made\n"
    "\n"
    "Forecasts made from the store are saved in it (table forecasts), to be\n"
    "compared with what actually happened later.\n";

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
    return json_pack("{s:s, s:s, s:I, s:o, s:o, s:o}", "series", name, "model", f->model,
                     "horizon", (json_int_t)f->h, "levels", levels, "explanation",
                     rw_desc_to_json(&f->info),
                     "points", pts);
}

typedef struct fc_out {
    json_t *all;           /* JSON output, or NULL for CSV */
    rw_store *store;       /* where forecasts are saved, or NULL (--input) */
    const char *selection; /* JSON text of the store selection */
    int verbose;
} fc_out;

/* Saves a forecast made from the store; failures are reported, not fatal. */
static void save(const fc_out *o, const rw_ts *ts, const rw_forecast *f)
{
    json_t *info = rw_desc_to_json(&f->info);
    char *expl = info ? json_dumps(info, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
    json_decref(info);
    rw_saved_forecast sf = {ts->name, o->selection, rw_granularity_name(ts->gran), f->model,
                            expl ? expl : "{}", f->h, f->t, f->mean, f->nlevels, f->levels,
                            f->lo, f->hi};
    rw_error err;
    rw_error_clear(&err);
    int64_t id = 0;
    if (rw_forecast_save(o->store, &sf, &id, &err) != RW_OK) rw_cli_error(&err);
    else if (o->verbose) fprintf(stderr, "runway: forecast of '%s' saved as #%lld\n", ts->name, (long long)id);
    free(expl);
}

/* Forecasts one series (worker thread). The paths are not printed: freed
 * at once, so a thousand series do not hold a thousand path sets. */
static void forecast_compute(void *ctx, const fc_config *c, rw_fc_job *job)
{
    (void)ctx;
    rw_error err;
    rw_error_clear(&err);
    rw_forecast *f = NULL;
    rw_status st = rw_forecast_run(job->ts, &c->fo, &f, &err);
    if (st != RW_OK) {
        job->failed = 1;
        job->status = st;
        snprintf(job->error, sizeof job->error, "%.590s", err.text[0] ? err.text : rw_strerror(st));
        return;
    }
    free(f->paths);
    f->paths = NULL;
    f->npaths = 0;
    job->result = f;
}

/* Prints or collects one forecast and saves it (caller's thread, in order). */
static void forecast_emit(void *ctx, const fc_config *c, rw_fc_job *job)
{
    (void)c;
    fc_out *o = ctx;
    rw_forecast *f = job->result;
    if (o->all) json_array_append_new(o->all, to_json(job->ts->name, job->ts->gran, f));
    else write_csv(job->ts->name, job->ts->gran, f);
    if (o->store) save(o, job->ts, f);
    rw_forecast_free(f);
    job->result = NULL;
}

/* The store selection as JSON text (caller frees). */
static char *selection_json(const fc_config *c)
{
    char from[32] = "", to[32] = "";
    if (c->q.from != INT64_MIN) rw_time_format_iso(c->q.from, from, sizeof from);
    if (c->q.to != INT64_MAX) rw_time_format_iso(c->q.to, to, sizeof to);
    json_t *o = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?}", "metric", c->metric_text,
                          "by", c->by_text, "granularity", rw_granularity_name(c->q.gran),
                          "from", from[0] ? from : NULL, "to", to[0] ? to : NULL, "currency",
                          c->q.currency, "account", c->q.account);
    char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return text;
}

int rw_cmd_forecast(rw_cli *cli, int argc, char **argv)
{
    fc_config c;
    int rc = rw_fc_parse(cli, argc, argv, usage, 0, &c);
    if (rc) return rc < 0 ? EXIT_OKAY : rc;
    fc_out o = {c.format ? json_array() : NULL, NULL, NULL, cli->verbose};
    char *selection = NULL;
    if (!c.input) {
        if (rw_cli_open_store(cli, &o.store) != RW_OK) {
            json_decref(o.all);
            return EXIT_RUNTIME;
        }
        o.selection = selection = selection_json(&c);
    }
    json_t *all = o.all;
    if (!c.format) write_csv_header(&c.fo);
    int failed, total;
    rc = rw_fc_run(cli, &c, forecast_compute, forecast_emit, &o, &failed, &total);
    rw_store_close(o.store);
    free(selection);
    if (all) {
        json_t *root = json_pack("{s:o}", "forecasts", all);
        json_dumpf(root, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
        fputc('\n', stdout);
        json_decref(root);
    }
    int out = rw_cli_flush_stdout();
    if (rc) return rc;
    if (failed) rw_cli_errorf("%d of %d series could not be forecast", failed, total);
    return out ? out : (failed || total == 0) ? EXIT_RUNTIME : EXIT_OKAY;
}
