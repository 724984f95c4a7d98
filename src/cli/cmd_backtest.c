/* cmd_backtest.c: `runway backtest`: rolling-origin accuracy of forecasts
 * on the series' own history. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cli/fc_common.h"
#include "model/backtest.h"
#include "store/forecast_store.h"
#include "util/timeutil.h"

static const char usage[] =
    "usage: runway backtest --horizon N [--origins K] [--step S] [--input FILE]\n"
    "                       [--series ID] [--model NAME] [--level L]... [--seed S]\n"
    "                       [--jobs N] [--format text|json] [store selection as for forecast]\n"
    "\n"
    "Replays forecasting at K origins (default 3), S steps apart (default N),\n"
    "ending N steps before the end of each series: at every origin the model is\n"
    "chosen and fitted on the history before it, as it would have been then,\n"
    "and its N-step forecast is scored against what followed:\n"
    "  MASE      mean absolute error / in-sample seasonal-naive error\n"
    "  sMAPE     symmetric mean absolute percentage error (0..200)\n"
    "  cov L     share of actual values inside the L% interval\n"
    "  MSIS L    interval score of the L% interval, scaled like MASE\n"
    "\n"
    "       runway backtest --saved [--series ID] [--format text|json]\n"
    "\n"
    "Scores the forecasts saved by `runway forecast` (from the store) against\n"
    "the actual values that have arrived since: points compared, MASE, sMAPE\n"
    "and the coverage of each saved interval.\n";

typedef struct bt_ctx {
    json_t *all;      /* JSON output, or NULL for text */
    double sum_mase, sum_smape, sum_cov[RW_FC_MAX_LEVELS], sum_msis[RW_FC_MAX_LEVELS];
    int scored;       /* series scored */
} bt_ctx;

static void backtest_compute(void *ctx, const fc_config *c, rw_fc_job *job)
{
    (void)ctx;
    rw_error err;
    rw_error_clear(&err);
    rw_accuracy *a = malloc(sizeof *a);
    rw_status st = a ? rw_backtest_run(job->ts, &c->fo, c->origins, c->step, a, &err) : RW_ENOMEM;
    if (st != RW_OK) {
        free(a);
        job->failed = 1;
        job->status = st;
        snprintf(job->error, sizeof job->error, "%.590s", err.text[0] ? err.text : rw_strerror(st));
        return;
    }
    job->result = a;
}

static void backtest_emit(void *ctx, const fc_config *c, rw_fc_job *job)
{
    bt_ctx *b = ctx;
    rw_accuracy *a = job->result;
    const char *name = job->ts->name;
    b->scored++;
    b->sum_mase += a->mase;
    b->sum_smape += a->smape;
    for (size_t l = 0; l < c->fo.nlevels; l++) {
        b->sum_cov[l] += a->coverage[l];
        b->sum_msis[l] += a->msis[l];
    }
    if (b->all) {
        json_t *o = json_pack("{s:s, s:I, s:I, s:f, s:f}", "series", name, "origins",
                              (json_int_t)a->origins, "points", (json_int_t)a->points, "mase",
                              a->mase, "smape", a->smape);
        json_t *cov = json_object(), *msis = json_object();
        char key[16];
        for (size_t l = 0; l < c->fo.nlevels; l++) {
            snprintf(key, sizeof key, "%g", c->fo.levels[l]);
            json_object_set_new(cov, key, json_real(a->coverage[l]));
            json_object_set_new(msis, key, json_real(a->msis[l]));
        }
        json_object_set_new(o, "coverage", cov);
        json_object_set_new(o, "msis", msis);
        json_array_append_new(b->all, o);
    } else {
        printf("%-24.24s %4zu %7.3f %7.2f", name, a->origins, a->mase, a->smape);
        for (size_t l = 0; l < c->fo.nlevels; l++) printf(" %7.3f %7.2f", a->coverage[l], a->msis[l]);
        putchar('\n');
    }
    free(a);
    job->result = NULL;
}

typedef struct saved_ctx {
    rw_store *store;
    json_t *all;             /* JSON output or NULL */
    char *selection;         /* selection of the cached set */
    rw_series_set *set;      /* actuals for that selection */
    int shown;
} saved_ctx;

/* The actuals of a saved selection (cached: forecasts of one run share it). */
static rw_status actuals(saved_ctx *sc, const char *selection, rw_error *err)
{
    if (sc->selection && !strcmp(sc->selection, selection)) return RW_OK;
    rw_series_set_free(sc->set);
    sc->set = NULL;
    free(sc->selection);
    sc->selection = NULL;
    json_t *j = json_loads(selection, 0, NULL);
    rw_series_query q = {RW_METRIC_COST, NULL, RW_BY_NONE, NULL, RW_GRAN_DAY,
                         INT64_MIN, INT64_MAX, NULL, NULL};
    const char *metric = json_string_value(json_object_get(j, "metric"));
    const char *by = json_string_value(json_object_get(j, "by"));
    const char *gran = json_string_value(json_object_get(j, "granularity"));
    q.currency = json_string_value(json_object_get(j, "currency"));
    q.account = json_string_value(json_object_get(j, "account"));
    rw_status st = RW_OK;
    if (!j || !metric || !by || !gran || rw_metric_parse(metric, &q.metric, &q.unit) != RW_OK ||
        rw_group_parse(by, &q.by, &q.tag_key) != RW_OK ||
        rw_granularity_parse(gran, &q.gran) != RW_OK)
        st = rw_error_set(err, RW_EFORMAT, NULL, 0, "unreadable saved selection %s", selection);
    if (st == RW_OK) st = rw_series_query_run(sc->store, &q, &sc->set, err);
    json_decref(j);
    if (st == RW_OK) {
        size_t n = strlen(selection) + 1;
        if ((sc->selection = malloc(n))) memcpy(sc->selection, selection, n);
    }
    return st;
}

static rw_status score_saved(void *ctx, const rw_loaded_forecast *f)
{
    saved_ctx *sc = ctx;
    rw_error err;
    rw_error_clear(&err);
    if (actuals(sc, f->selection, &err) != RW_OK) {
        rw_cli_error(&err);
        return RW_OK;
    }
    const rw_series *s = NULL;
    for (size_t i = 0; i < sc->set->n && !s; i++)
        if (!strcmp(sc->set->s[i].name, f->series)) s = &sc->set->s[i];
    if (!s || f->h == 0) return RW_OK;
    /* MASE scale from the actual history before the forecast. */
    rw_granularity g;
    rw_seasonality def;
    if (rw_granularity_parse(f->granularity, &g) != RW_OK) g = RW_GRAN_DAY;
    rw_prep_default_periods(g, s->n, &def);
    size_t m = def.n ? (size_t)def.period[0] : 1, before = 0;
    while (before < s->n && s->t[before] < f->t[0]) before++;
    double scale = rw_mase_scale(s->v, before, m);
    double mase = 0, smape = 0;
    size_t points = 0, j = before;
    json_t *cov = json_object(), *inside = json_object();
    for (size_t k = 0; k < f->h; k++) {
        while (j < s->n && s->t[j] < f->t[k]) j++;
        if (j >= s->n || s->t[j] != f->t[k] || isnan(s->v[j])) continue;
        double y = s->v[j], e = fabs(y - f->mean[k]), den = fabs(y) + fabs(f->mean[k]);
        mase += e / scale;
        /* Equal up to rounding (a zero forecast of a zero): no error. */
        smape += den > 0 && e > 1e-9 * fmax(1.0, fabs(y)) ? 200 * e / den : 0;
        points++;
        json_t *iv = json_loads(f->intervals[k], 0, NULL);
        const char *key;
        json_t *pair;
        json_object_foreach(iv, key, pair) {
            double lo = json_real_value(json_array_get(pair, 0));
            double hi = json_real_value(json_array_get(pair, 1));
            json_t *cur = json_object_get(inside, key);
            double c = (cur ? json_real_value(cur) : 0) + (y >= lo && y <= hi);
            json_object_set_new(inside, key, json_real(c));
        }
        json_decref(iv);
    }
    const char *key;
    json_t *v;
    json_object_foreach(inside, key, v)
        json_object_set_new(cov, key, json_real(points ? json_real_value(v) / (double)points : 0));
    json_decref(inside);
    char made[32];
    rw_time_format_iso(f->created_at, made, sizeof made);
    double pm = points ? mase / (double)points : NAN, ps = points ? smape / (double)points : NAN;
    if (sc->all) {
        json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:o}", "id", (json_int_t)f->id,
                              "series", f->series, "made", made, "model", f->model, "horizon",
                              (json_int_t)f->h, "points_compared", (json_int_t)points,
                              "coverage", cov);
        json_object_set_new(o, "mase", points ? json_real(pm) : json_null());
        json_object_set_new(o, "smape", points ? json_real(ps) : json_null());
        json_array_append_new(sc->all, o);
    } else {
        if (sc->shown++ == 0)
            printf("%5s %-24s %-20s %6s %7s %7s  coverage\n", "id", "series", "made", "points",
                   "MASE", "sMAPE");
        printf("%5lld %-24.24s %-20s %6zu %7.3f %7.2f ", (long long)f->id, f->series, made,
               points, pm, ps);
        json_object_foreach(cov, key, v) printf(" %s%%: %.2f", key, json_real_value(v));
        putchar('\n');
        json_decref(cov);
    }
    return RW_OK;
}

static int backtest_saved(rw_cli *cli, const fc_config *c)
{
    saved_ctx sc = {NULL, c->format ? json_array() : NULL, NULL, NULL, 0};
    if (rw_cli_open_store(cli, &sc.store) != RW_OK) {
        json_decref(sc.all);
        return EXIT_RUNTIME;
    }
    rw_error err;
    rw_error_clear(&err);
    rw_status st = rw_forecast_each(sc.store, c->series, score_saved, &sc, &err);
    rw_series_set_free(sc.set);
    free(sc.selection);
    rw_store_close(sc.store);
    if (st != RW_OK) {
        rw_cli_error(&err);
        json_decref(sc.all);
        return rw_cli_exit_code(st);
    }
    if (sc.all) {
        json_t *root = json_pack("{s:o}", "saved_forecasts", sc.all);
        json_dumpf(root, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
        fputc('\n', stdout);
        json_decref(root);
    } else if (!sc.shown) {
        printf("no saved forecasts%s\n", c->series ? " for that series" : "");
    }
    return rw_cli_flush_stdout();
}

int rw_cmd_backtest(rw_cli *cli, int argc, char **argv)
{
    fc_config c;
    int rc = rw_fc_parse(cli, argc, argv, usage, 1, &c);
    if (rc) return rc < 0 ? EXIT_OKAY : rc;
    if (c.saved) return backtest_saved(cli, &c);
    bt_ctx b;
    memset(&b, 0, sizeof b);
    b.all = c.format ? json_array() : NULL;
    if (!b.all) {
        printf("%-24s %4s %7s %7s", "series", "orig", "MASE", "sMAPE");
        for (size_t l = 0; l < c.fo.nlevels; l++)
            printf("   cov%-3g MSIS%-3g", c.fo.levels[l], c.fo.levels[l]);
        putchar('\n');
    }
    int failed, total;
    rc = rw_fc_run(cli, &c, backtest_compute, backtest_emit, &b, &failed, &total);
    if (b.scored && !b.all) {
        double n = (double)b.scored;
        printf("%-24s %4s %7.3f %7.2f", "mean", "", b.sum_mase / n, b.sum_smape / n);
        for (size_t l = 0; l < c.fo.nlevels; l++)
            printf(" %7.3f %7.2f", b.sum_cov[l] / n, b.sum_msis[l] / n);
        putchar('\n');
    }
    if (b.all) {
        json_t *root = json_pack("{s:o}", "backtests", b.all);
        json_dumpf(root, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
        fputc('\n', stdout);
        json_decref(root);
    }
    int out = rw_cli_flush_stdout();
    if (rc) return rc;
    if (failed) rw_cli_errorf("%d of %d series could not be backtested", failed, total);
    return out ? out : (failed || total == 0) ? EXIT_RUNTIME : EXIT_OKAY;
}
