/* forecast.c: forecasting and backtesting every selected series
 * (runway.h): the series built from one snapshot, computed on a few
 * threads, kept in input order; forecasts made from the store are saved in
 * it to be scored later against what happened. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "app/select.h"
#include "export/desc_json.h"
#include "export/forecast_write.h"
#include "model/backtest.h"
#include "store/forecast_store.h"
#include "util/parallel.h"
#include "util/timeutil.h"

void rw_forecast_options_init(rw_forecast_options *o)
{
    memset(o, 0, sizeof *o);
    rw_selection_init(&o->sel);
    o->seed = RW_DEFAULT_SEED;
    o->origins = 3;
}

int rw_model_known(const char *name)
{
    return !name || !strcmp(name, "auto") || rw_model_find(name) != NULL;
}

/* The engine's options from the public ones; *periods holds the sorted
 * periods when some were given. */
static rw_forecast_opts engine_opts(const rw_forecast_options *o, rw_seasonality *periods)
{
    rw_forecast_opts fo;
    memset(&fo, 0, sizeof fo);
    fo.model = o->model;
    fo.variant = o->variant;
    fo.horizon = o->horizon;
    fo.seed = o->seed;
    fo.npaths = o->npaths;
    if (o->nlevels) {
        fo.nlevels = o->nlevels;
        memcpy(fo.levels, o->levels, o->nlevels * sizeof *o->levels);
    } else {
        fo.nlevels = 2;
        fo.levels[0] = 80;
        fo.levels[1] = 95;
    }
    if (o->nperiods) {
        periods->n = o->nperiods;
        memcpy(periods->period, o->periods, o->nperiods * sizeof *o->periods);
        for (size_t i = 1; i < periods->n; i++)
            for (size_t j = i; j > 0 && periods->period[j] < periods->period[j - 1]; j--) {
                double t = periods->period[j];
                periods->period[j] = periods->period[j - 1];
                periods->period[j - 1] = t;
            }
        fo.periods = periods;
    }
    return fo;
}

/* One series' work, done on a worker thread. */
typedef struct job {
    const rw_ts *ts;
    void *result;        /* rw_forecast * or rw_accuracy * */
    rw_status status;
    char error[600];
} job;

typedef struct jobs_ctx {
    const rw_forecast_opts *fo;
    const rw_forecast_options *o;
    int backtest;
    job *jobs;
} jobs_ctx;

static void run_job(void *arg, size_t i)
{
    jobs_ctx *c = arg;
    job *j = &c->jobs[i];
    rw_error err;
    rw_error_clear(&err);
    if (c->backtest) {
        rw_accuracy *a = malloc(sizeof *a);
        j->status = a ? rw_backtest_run(j->ts, c->fo, c->o->origins, c->o->step, a, &err)
                      : RW_ENOMEM;
        j->result = a;
    } else {
        rw_forecast *f = NULL;
        j->status = rw_forecast_run(j->ts, c->fo, &f, &err);
        if (f) { /* the paths are not kept: a thousand series, a thousand path sets */
            free(f->paths);
            f->paths = NULL;
            f->npaths = 0;
        }
        j->result = f;
    }
    if (j->status != RW_OK)
        snprintf(j->error, sizeof j->error, "%.590s",
                 err.text[0] ? err.text : rw_strerror(j->status));
}

/* Whether job j failed; a failure is warned about and counted. */
static int failed_job(rw_session *s, const rw_ts *ts, const job *j, int *failed, int *bad_option)
{
    if (j->status == RW_OK) return 0;
    rw_app_msg(s, RW_MSG_WARNING, "series '%s': %s", ts->name, j->error);
    (*failed)++;
    *bad_option |= j->status == RW_EINVAL;
    return 1;
}

/* The outcome of many series, whose failures were warned about. */
static rw_status outcome(const rw_ts_list *l, int failed, int bad_option, const char *what,
                         rw_error *err)
{
    if (bad_option) return RW_EINVAL;
    if (failed) return rw_error_set(err, RW_EPARTIAL, NULL, 0, "%d of %d series could not be %s",
                                    failed, l->total, what);
    return l->total == 0 ? RW_EPARTIAL : RW_OK;
}

/* The store selection as JSON text, saved with a forecast (caller frees). */
static char *selection_json(const rw_selection *sel, const rw_tz *tz)
{
    char from[32] = "", to[32] = "";
    if (sel->from != INT64_MIN) rw_time_format_iso(sel->from, from, sizeof from);
    if (sel->to != INT64_MAX) rw_time_format_iso(sel->to, to, sizeof to);
    /* "amortized" only when set: selections saved before it read as billed. */
    /* The zone the buckets were made in, so that scoring later rebuilds
     * the same buckets; absent means UTC. */
    json_t *o = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s?}", "metric",
                          sel->metric_text, "by", sel->by_text, "granularity",
                          rw_granularity_name(sel->granularity), "from", from[0] ? from : NULL,
                          "to", to[0] ? to : NULL, "currency", sel->currency, "account",
                          sel->account, "tz", rw_tz_is_utc(tz) ? NULL : rw_tz_name(tz));
    if (o && sel->amortize) json_object_set_new(o, "amortized", json_true());
    char *text = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(o);
    return text;
}

/* Saves a forecast made from the store; a failure is a warning. */
static void save(rw_session *s, const char *selection, const rw_ts *ts, const rw_forecast *f)
{
    json_t *info = rw_desc_to_json(&f->info);
    char *expl = info ? json_dumps(info, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
    json_decref(info);
    rw_saved_forecast sf = {ts->name, selection, rw_granularity_name(ts->gran), f->model,
                            expl ? expl : "{}", f->h, f->t, f->mean, f->nlevels, f->levels,
                            f->lo, f->hi};
    rw_error err;
    rw_error_clear(&err);
    int64_t id = 0;
    if (rw_forecast_save(s->store, &sf, &id, &err) != RW_OK) rw_app_warn_error(s, &err);
    else rw_app_msg(s, RW_MSG_DETAIL, "forecast of '%s' saved as #%lld", ts->name, (long long)id);
    free(expl);
}

/* The series of one call and their computed jobs. */
typedef struct batch {
    rw_seasonality periods;          /* given ones, sorted */
    rw_forecast_opts fo;             /* the engine's options (its levels: the results') */
    rw_ts_list l;
    job *jobs;                       /* l.n of them */
    int failed, bad_option;          /* counted as the results are taken */
} batch;

_Static_assert(RW_MAX_LEVELS == RW_FC_MAX_LEVELS, "one limit of interval levels");

/* Builds the series of o (one snapshot) and computes them in parallel; on
 * failure nothing is left. */
static rw_status batch_run(rw_session *s, const rw_forecast_options *o, int backtest, batch *b,
                           rw_error *err)
{
    memset(b, 0, sizeof *b);
    if (!o->horizon) return rw_error_set(err, RW_EINVAL, NULL, 0, "--horizon N is required");
    if (o->nlevels > RW_MAX_LEVELS || o->nperiods > RW_MAX_PERIODS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "at most %d levels and %d periods",
                            RW_MAX_LEVELS, RW_MAX_PERIODS);
    b->fo = engine_opts(o, &b->periods);
    rw_status st = rw_app_read_begin(s, err);
    if (st == RW_OK) st = rw_app_collect(s, &o->sel, &b->l, err);
    rw_app_read_end(s);
    if (st == RW_OK && b->l.n && !(b->jobs = calloc(b->l.n, sizeof *b->jobs))) st = rw_app_oom(err);
    if (st != RW_OK) {
        rw_ts_list_cleanup(&b->l);
        return st;
    }
    for (size_t i = 0; i < b->l.n; i++) b->jobs[i].ts = b->l.ts[i];
    jobs_ctx c = {&b->fo, o, backtest, b->jobs};
    rw_parallel_for(b->l.n, o->jobs, run_job, &c);
    b->failed = b->l.failed;
    return RW_OK;
}

/* Job i's result, or NULL when it failed (warned about and counted). */
static void *batch_take(rw_session *s, batch *b, size_t i)
{
    if (failed_job(s, b->l.ts[i], &b->jobs[i], &b->failed, &b->bad_option)) return NULL;
    void *r = b->jobs[i].result;
    b->jobs[i].result = NULL;
    return r;
}

/* The interval levels of the batch into a result. */
static void batch_levels(const batch *b, size_t *n, double levels[RW_FC_MAX_LEVELS])
{
    *n = b->fo.nlevels;
    memcpy(levels, b->fo.levels, sizeof b->fo.levels);
}

/* The outcome, and the end of the batch (results not taken are freed). */
static rw_status batch_end(batch *b, rw_status st, const char *what, void (*free_result)(void *),
                           rw_error *err)
{
    if (st == RW_OK) st = outcome(&b->l, b->failed, b->bad_option, what, err);
    for (size_t i = 0; i < b->l.n && b->jobs; i++) free_result(b->jobs[i].result);
    free(b->jobs);
    rw_ts_list_cleanup(&b->l);
    return st;
}

static void free_forecast(void *f)
{
    rw_forecast_free(f);
}

rw_status rw_forecast_series(rw_session *s, const rw_forecast_options *o, rw_forecast_set **out,
                             rw_error *err)
{
    batch b;
    *out = NULL;
    rw_status st = batch_run(s, o, 0, &b, err);
    if (st != RW_OK) return st; /* nothing was forecast */
    rw_forecast_set *set = calloc(1, sizeof *set);
    char *selection = !o->sel.input ? selection_json(&o->sel, b.l.tz) : NULL;
    if (!set || (b.l.n && !(set->item = calloc(b.l.n, sizeof *set->item)))) st = rw_app_oom(err);
    for (size_t i = 0; st == RW_OK && i < b.l.n; i++) {
        rw_forecast *f = batch_take(s, &b, i);
        if (!f) continue;
        rw_forecast_item *it = &set->item[set->n++];
        *it = (rw_forecast_item){strdup(b.l.ts[i]->name), b.l.ts[i]->gran, f};
        if (!it->name) st = rw_app_oom(err);
        else if (selection) save(s, selection, b.l.ts[i], f);
    }
    if (set) {
        batch_levels(&b, &set->nlevels, set->levels);
        set->tz = b.l.tz;
        set->amortized = o->sel.amortize;
        b.l.tz = NULL;
    }
    free(selection);
    *out = set;
    return batch_end(&b, st, "forecast", free_forecast, err);
}

rw_status rw_backtest_series(rw_session *s, const rw_forecast_options *o, rw_backtest_set **out,
                             rw_error *err)
{
    batch b;
    *out = NULL;
    rw_status st = batch_run(s, o, 1, &b, err);
    if (st != RW_OK) return st; /* nothing was backtested */
    rw_backtest_set *set = calloc(1, sizeof *set);
    if (!set || (b.l.n && !(set->item = calloc(b.l.n, sizeof *set->item)))) st = rw_app_oom(err);
    for (size_t i = 0; st == RW_OK && i < b.l.n; i++) {
        rw_accuracy *a = batch_take(s, &b, i);
        if (!a) continue;
        rw_backtest_item *it = &set->item[set->n++];
        it->acc = *a;
        free(a);
        if (!(it->name = strdup(b.l.ts[i]->name))) st = rw_app_oom(err);
    }
    if (set) batch_levels(&b, &set->nlevels, set->levels);
    *out = set;
    return batch_end(&b, st, "backtested", free, err);
}
