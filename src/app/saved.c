/* saved.c: scoring the forecasts `forecast` saved in the store against
 * the values that have arrived since (runway.h rw_backtest_saved). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "app/select.h"
#include "export/forecast_write.h"
#include "store/forecast_store.h"

typedef struct saved_ctx {
    rw_session *s;
    rw_store *store;
    char *selection;         /* selection of the cached set */
    rw_series_set *set;      /* actuals for that selection */
    rw_backtest_set *out;
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
    rw_selection sel;
    rw_selection_init(&sel);
    const char *metric = json_string_value(json_object_get(j, "metric"));
    const char *by = json_string_value(json_object_get(j, "by"));
    const char *gran = json_string_value(json_object_get(j, "granularity"));
    sel.currency = json_string_value(json_object_get(j, "currency"));
    sel.account = json_string_value(json_object_get(j, "account"));
    /* Forecasts saved before zones were recorded were made in UTC days. */
    const char *tz = json_string_value(json_object_get(j, "tz"));
    sel.tz = tz ? tz : "UTC";
    sel.amortize = json_is_true(json_object_get(j, "amortized"));
    rw_tz *zone = NULL;
    rw_status st = RW_OK;
    if (!j || !metric || !by || !gran || rw_selection_metric(&sel, metric, NULL) != RW_OK ||
        rw_selection_by(&sel, by, NULL) != RW_OK ||
        rw_selection_granularity(&sel, gran, NULL) != RW_OK)
        st = rw_error_set(err, RW_EFORMAT, NULL, 0, "unreadable saved selection %s", selection);
    if (st == RW_OK) st = rw_tz_load(sel.tz, NULL, &zone, err);
    rw_series_query q = rw_app_query(&sel, zone);
    if (st == RW_OK) st = rw_series_query_run(sc->store, &q, &sc->set, err);
    if (st == RW_OK) sc->set->tz = zone;
    else rw_tz_free(zone);
    json_decref(j);
    if (st == RW_OK && !(sc->selection = strdup(selection))) st = rw_app_oom(err);
    return st;
}

/* Counts, per interval level, the points inside it. */
typedef struct coverage {
    size_t n;
    char key[RW_FC_MAX_LEVELS][16];
    double inside[RW_FC_MAX_LEVELS];
} coverage;

static void count_inside(coverage *c, const char *intervals, double y)
{
    json_t *iv = json_loads(intervals, 0, NULL);
    const char *key;
    json_t *pair;
    json_object_foreach(iv, key, pair) {
        double lo = json_real_value(json_array_get(pair, 0));
        double hi = json_real_value(json_array_get(pair, 1));
        size_t l = 0;
        while (l < c->n && strcmp(c->key[l], key)) l++;
        if (l == c->n) {
            if (c->n == RW_FC_MAX_LEVELS) continue;
            snprintf(c->key[c->n++], sizeof c->key[0], "%s", key);
        }
        c->inside[l] += y >= lo && y <= hi;
    }
    json_decref(iv);
}

/* Scores one saved forecast against its series' actual values. */
static void score(const rw_loaded_forecast *f, const rw_series *s, rw_saved_score *out)
{
    /* MASE scale from the actual history before the forecast. */
    rw_granularity g;
    rw_seasonality def;
    if (rw_granularity_parse(f->granularity, &g) != RW_OK) g = RW_GRAN_DAY;
    rw_prep_default_periods(g, s->n, &def);
    size_t m = def.n ? (size_t)def.period[0] : 1, before = 0;
    while (before < s->n && s->t[before] < f->t[0]) before++;
    double scale = rw_mase_scale(s->v, before, m), mase = 0, smape = 0;
    size_t points = 0, j = before;
    coverage c;
    memset(&c, 0, sizeof c);
    for (size_t k = 0; k < f->h; k++) {
        while (j < s->n && s->t[j] < f->t[k]) j++;
        if (j >= s->n || s->t[j] != f->t[k] || isnan(s->v[j])) continue;
        double y = s->v[j], e = fabs(y - f->mean[k]), den = fabs(y) + fabs(f->mean[k]);
        mase += e / scale;
        /* Equal up to rounding (a zero forecast of a zero): no error. */
        smape += den > 0 && e > 1e-9 * fmax(1.0, fabs(y)) ? 200 * e / den : 0;
        points++;
        count_inside(&c, f->intervals[k], y);
    }
    out->id = f->id;
    out->made = f->created_at;
    out->horizon = f->h;
    out->points = points;
    out->mase = points ? mase / (double)points : NAN;
    out->smape = points ? smape / (double)points : NAN;
    out->ncov = c.n;
    for (size_t l = 0; l < c.n; l++) {
        memcpy(out->cov_key[l], c.key[l], sizeof c.key[l]);
        out->cov[l] = points ? c.inside[l] / (double)points : 0;
    }
}

static rw_status score_saved(void *ctx, const rw_loaded_forecast *f)
{
    saved_ctx *sc = ctx;
    rw_error err;
    rw_error_clear(&err);
    if (actuals(sc, f->selection, &err) != RW_OK) {
        rw_app_warn_error(sc->s, &err);
        return RW_OK;
    }
    const rw_series *s = NULL;
    for (size_t i = 0; i < sc->set->n && !s; i++)
        if (!strcmp(sc->set->s[i].name, f->series)) s = &sc->set->s[i];
    if (!s || f->h == 0) return RW_OK;
    rw_backtest_set *b = sc->out;
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 16;
        rw_saved_score *ns = realloc(b->score, cap * sizeof *ns);
        if (!ns) return RW_ENOMEM;
        b->score = ns;
        b->cap = cap;
    }
    rw_saved_score *o = &b->score[b->n];
    memset(o, 0, sizeof *o);
    score(f, s, o);
    o->series = strdup(f->series);
    o->model = strdup(f->model);
    b->n++;
    return o->series && o->model ? RW_OK : RW_ENOMEM;
}

rw_status rw_backtest_saved(rw_session *s, const char *series, rw_backtest_set **out,
                            rw_error *err)
{
    saved_ctx sc = {s, NULL, NULL, NULL, calloc(1, sizeof *sc.out)};
    *out = sc.out;
    if (!sc.out) return rw_app_oom(err);
    sc.out->saved = 1;
    sc.out->filtered = series != NULL;
    rw_status st = rw_app_read_begin(s, err);
    if (st == RW_OK) st = rw_app_store(s, &sc.store, err);
    if (st == RW_OK) st = rw_forecast_each(sc.store, series, score_saved, &sc, err);
    rw_app_read_end(s);
    if (st == RW_ENOMEM) rw_app_oom(err);
    rw_series_set_free(sc.set);
    free(sc.selection);
    if (st != RW_OK) {
        rw_backtest_set_free(sc.out);
        *out = NULL;
    }
    return st;
}
