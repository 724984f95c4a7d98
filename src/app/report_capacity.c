/* report_capacity.c: the capacity part of the report: the breakdown
 * (by service, largest first) with each value's four-week outlook and fan
 * chart, the stacked chart, the weekly view of the total, and the
 * anomalies of the total with what moved (report_gather.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/lang.h"
#include "app/report_gather.h"
#include "app/select.h"
#include "plan/anomaly.h"
#include "util/stats.h"
#include "util/strutil.h"
#include "util/timeutil.h"

#define SERVICE_CHARTS 8 /* fan charts of the largest services */
#define STACK_DAYS 56    /* history shown in the stacked chart */

/* Quantiles q of the sums of steps [a, b) of every path of f. */
static void path_sum_quantiles(const rw_forecast *f, size_t a, size_t b, const double *q,
                               double *out, size_t nq, double *work)
{
    for (size_t p = 0; p < f->npaths; p++) {
        double s = 0;
        for (size_t k = a; k < b && k < f->h; k++) s += f->paths[p * f->h + k];
        work[p] = s;
    }
    for (size_t i = 0; i < nq; i++) out[i] = rw_quantile_select(work, f->npaths, q[i]);
}

/* The four-week outlook of one series, with 80% and 95% intervals. */
static rw_status forecast(const rw_plan_base *b, const rw_ts *ts, size_t h, rw_forecast **f,
                          rw_error *err)
{
    rw_forecast_opts fo = {0};
    fo.horizon = h;
    fo.nlevels = 2;
    fo.levels[0] = 80;
    fo.levels[1] = 95;
    fo.seed = b->seed;
    fo.npaths = b->npaths;
    return rw_forecast_run(ts, &fo, f, err);
}

typedef struct breakdown {
    rw_ts_list l;  /* one series per value, as rw_app_collect built them */
    size_t *order; /* owned: by the last 28 days' total, largest first */
} breakdown;

static void breakdown_free(breakdown *b)
{
    rw_ts_list_cleanup(&b->l);
    free(b->order);
    memset(b, 0, sizeof *b);
}

static double last28(const rw_ts *ts, int64_t as_of)
{
    return rw_report_sum_days(ts, as_of - 27 * RW_DAY, as_of);
}

static rw_status load_breakdown(rw_report_ctx *c, int64_t as_of, breakdown *b, rw_error *err)
{
    memset(b, 0, sizeof *b);
    rw_selection sel = c->b.sel;
    const char *by = c->o->by ? c->o->by : "service";
    rw_status st = rw_selection_by(&sel, by, err);
    if (st != RW_OK) {
        rw_error_clear(err);
        return rw_error_set(err, RW_EINVAL, NULL, 0, "--by: unknown dimension '%s'", by);
    }
    sel.series = NULL;
    sel.amortize = c->o->plan.sel.amortize; /* a cost view */
    if ((st = rw_app_collect(c->s, &sel, &b->l, err)) != RW_OK) return st;
    b->order = malloc((b->l.n ? b->l.n : 1) * sizeof *b->order);
    double *key = malloc((b->l.n ? b->l.n : 1) * sizeof *key);
    if (!b->order || !key) {
        free(key);
        return rw_app_oom(err);
    }
    for (size_t i = 0; i < b->l.n; i++) {
        b->order[i] = i;
        key[i] = last28(b->l.ts[i], as_of);
    }
    for (size_t i = 1; i < b->l.n; i++) /* few values: insertion sort */
        for (size_t j = i; j > 0 && key[b->order[j]] > key[b->order[j - 1]]; j--) {
            size_t t = b->order[j];
            b->order[j] = b->order[j - 1];
            b->order[j - 1] = t;
        }
    free(key);
    return RW_OK;
}

/* A copy of ts cut at as_of (the forecast starts the day after). */
static rw_ts cut(const rw_ts *ts, int64_t as_of)
{
    rw_ts c = *ts;
    while (c.n > 0 && c.t[c.n - 1] > as_of) c.n--;
    return c;
}

static void gather_series(rw_report_ctx *c, const breakdown *b, int64_t as_of)
{
    rw_report *r = c->r;
    int64_t month = rw_time_floor(as_of, RW_GRAN_MONTH);
    double best = -INFINITY;
    r->biggest_growth = -1;
    for (size_t j = 0; j < b->l.n && r->nseries < RW_REPORT_MAX_SERIES; j++) {
        const rw_ts *full = b->l.ts[b->order[j]];
        rw_ts ts = cut(full, as_of);
        rw_report_series *x = &r->series[r->nseries];
        memset(x, 0, sizeof *x);
        rw_str_copy(x->name, sizeof x->name, full->name);
        if (ts.n && ts.t[ts.n - 1] < as_of) {
            char last[16], until[16];
            rw_time_format_day(ts.t[ts.n - 1], last);
            rw_time_format_day(as_of, until);
            rw_report_note(r,
                           rw_tr(r->lang, "%s: data until %s only (a later day is partly"
                                          " covered or missing); it"
                                          " is forecast from there to %s"),
                           full->name, last, until);
        }
        x->last_week = rw_report_sum_days(&ts, as_of - 6 * RW_DAY, as_of);
        x->prev_week = rw_report_sum_days(&ts, as_of - 13 * RW_DAY, as_of - 7 * RW_DAY);
        x->change_pct = x->prev_week != 0 ? 100 * (x->last_week / x->prev_week - 1) : NAN;
        x->month_to_date = rw_report_sum_days(&ts, month, as_of);
        double l28 = last28(&ts, as_of);
        rw_forecast *f = NULL;
        rw_error err;
        rw_error_clear(&err);
        /* Forecast from the series' own end up to 28 days past as-of. */
        size_t skip = ts.n ? (size_t)((as_of - ts.t[ts.n - 1]) / RW_DAY) : 0;
        if (ts.n == 0 || forecast(&c->b, &ts, skip + RW_REPORT_OUTLOOK_DAYS, &f, &err) != RW_OK) {
            x->next_4w_mean = x->next_4w_lo = x->next_4w_hi = NAN;
            x->trend_pct = NAN;
            rw_str_copy(x->model, sizeof x->model, ts.n ? err.text : "no data");
            r->nseries++;
            continue;
        }
        double *work = malloc(f->npaths * sizeof *work), q[2], qq[] = {0.10, 0.90};
        x->next_4w_mean = 0;
        for (size_t k = skip; k < f->h; k++) x->next_4w_mean += f->mean[k];
        if (work) {
            path_sum_quantiles(f, skip, f->h, qq, q, 2, work);
            x->next_4w_lo = q[0];
            x->next_4w_hi = q[1];
        }
        free(work);
        x->trend_pct = l28 > 0 ? 100 * (x->next_4w_mean / l28 - 1) : NAN;
        rw_str_copy(x->model, sizeof x->model, f->model);
        if (l28 > 0 && x->trend_pct > best) {
            best = x->trend_pct;
            r->biggest_growth = (int)r->nseries;
        }
        if (r->nseries < SERVICE_CHARTS) {
            char name[48], title[200], ylabel[48];
            snprintf(name, sizeof name, "%.24s-%02zu", r->by, r->nseries + 1);
            snprintf(title, sizeof title, rw_tr(r->lang, "%s: daily cost and 4-week forecast"),
                     full->name);
            snprintf(ylabel, sizeof ylabel, rw_tr(r->lang, "%s per day"),
                     r->currency[0] ? r->currency : rw_tr(r->lang, "cost"));
            rw_fan_chart fc = {.title = title, .ylabel = ylabel, .gran = RW_GRAN_DAY,
                               .nhist = ts.n, .ht = ts.t, .hv = ts.y, .nfc = f->h, .ft = f->t,
                               .mean = f->mean, .lo80 = f->lo, .hi80 = f->hi,
                               .lo95 = f->lo + f->h, .hi95 = f->hi + f->h};
            for (char *p = name; *p; p++)
                if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                      (*p >= '0' && *p <= '9') || *p == '-'))
                    *p = '-';
            rw_report_draw(c, RW_CHART_FAN, &fc, name, x->chart);
        }
        rw_forecast_free(f);
        r->nseries++;
    }
}

/* The stacked chart: the last STACK_DAYS days of the largest values and the
 * rest summed, then their forecast means. */
static void draw_stack(rw_report_ctx *c, const breakdown *b, int64_t as_of)
{
    rw_report *r = c->r;
    enum { MAX_STACK = 7 };
    size_t ns = b->l.n < MAX_STACK ? b->l.n : MAX_STACK, n = STACK_DAYS, h = RW_REPORT_OUTLOOK_DAYS;
    if (ns == 0) return;
    int other = b->l.n > MAX_STACK;
    size_t rows = ns + (size_t)other;
    double *data = calloc(rows * (n + h), sizeof *data);
    int64_t *t = malloc((n + h) * sizeof *t);
    const double *v[MAX_STACK + 1], *fv[MAX_STACK + 1];
    const char *names[MAX_STACK + 1];
    if (!data || !t) goto out;
    for (size_t i = 0; i < n + h; i++) t[i] = as_of - (int64_t)(n - 1) * RW_DAY + (int64_t)i * RW_DAY;
    for (size_t j = 0; j < b->l.n; j++) {
        size_t row = j < ns ? j : ns;
        const rw_ts *full = b->l.ts[b->order[j]];
        rw_ts ts = cut(full, as_of);
        double *d = data + row * (n + h);
        for (size_t i = 0; i < ts.n; i++) {
            long k = (long)((ts.t[i] - t[0]) / RW_DAY);
            if (k >= 0 && (size_t)k < n && !isnan(ts.y[i])) d[k] += ts.y[i];
        }
        if (j < ns) {
            rw_forecast *f = NULL;
            rw_error err;
            rw_error_clear(&err);
            size_t skip = ts.n ? (size_t)((as_of - ts.t[ts.n - 1]) / RW_DAY) : 0;
            if (ts.n && forecast(&c->b, &ts, skip + h, &f, &err) == RW_OK)
                for (size_t k = 0; k < h; k++) d[n + k] = f->mean[skip + k];
            rw_forecast_free(f);
            names[j] = full->name;
        }
    }
    if (other) names[ns] = "other";
    for (size_t j = 0; j < rows; j++) {
        v[j] = data + j * (n + h);
        fv[j] = v[j] + n;
    }
    char title[200], ylabel[48];
    snprintf(title, sizeof title,
             rw_tr(r->lang, "Daily cost by %s: last %d days and 4-week forecast"),
             rw_tr(r->lang, r->by), STACK_DAYS);
    snprintf(ylabel, sizeof ylabel, rw_tr(r->lang, "%s per day"),
             r->currency[0] ? r->currency : rw_tr(r->lang, "cost"));
    /* With "other" there is no forecast: the rest has none of its own. */
    rw_stack_chart sc = {.title = title, .ylabel = ylabel, .gran = RW_GRAN_DAY, .nseries = rows,
                         .names = names, .n = n, .t = t, .v = v, .nfc = other ? 0 : h,
                         .ft = t + n, .fv = fv};
    rw_report_draw(c, RW_CHART_STACK, &sc, "stack", r->stack_chart);
out:
    free(data);
    free(t);
}

/* The total's forecast: the weekly view, the fan chart with the anomalies. */
static rw_status gather_total(rw_report_ctx *c, const breakdown *b, const rw_ts *total,
                              int64_t as_of, rw_error *perr)
{
    rw_report *r = c->r;
    rw_ts ts = cut(total, as_of);
    rw_forecast *f = NULL;
    rw_error err;
    rw_error_clear(&err);
    size_t skip = (size_t)((as_of - ts.t[ts.n - 1]) / RW_DAY);
    if (forecast(&c->b, &ts, skip + RW_REPORT_OUTLOOK_DAYS, &f, &err) != RW_OK)
        return rw_error_set(perr, err.status, NULL, 0, "forecast of the total: %s", err.text);
    rw_str_copy(r->model, sizeof r->model, f->model);
    /* Weeks: 7-day blocks ending on as-of, then the outlook. */
    for (int w = RW_REPORT_WEEKS; w >= 1; w--) {
        int64_t from = as_of - (int64_t)(7 * w - 1) * RW_DAY;
        rw_report_week *x = &r->weeks[r->nweeks++];
        rw_time_format_day(from, x->start);
        x->total = rw_report_sum_days(&ts, from, from + 6 * RW_DAY);
        x->lo = x->hi = x->total;
    }
    double *work = malloc(f->npaths * sizeof *work), q[2], qq[] = {0.10, 0.90};
    for (size_t w = 0; w < RW_REPORT_OUTLOOK_WEEKS; w++) {
        rw_report_week *x = &r->weeks[r->nweeks++];
        rw_time_format_day(as_of + (int64_t)(7 * w + 1) * RW_DAY, x->start);
        x->forecast = 1;
        x->total = 0;
        for (size_t k = skip + 7 * w; k < skip + 7 * (w + 1); k++) x->total += f->mean[k];
        if (work) {
            path_sum_quantiles(f, skip + 7 * w, skip + 7 * (w + 1), qq, q, 2, work);
            x->lo = q[0];
            x->hi = q[1];
        }
    }
    free(work);

    /* Anomalies of the total over the last 30 days, attributed to the
     * breakdown's values. */
    rw_anomaly_opts ao = {0, 0, 0, c->b.seed, 0, c->o->jobs};
    rw_anomaly_report *ar = NULL;
    int64_t mt[RW_REPORT_MAX_ANOMALIES];
    double mv[RW_REPORT_MAX_ANOMALIES];
    rw_error_clear(&err);
    if (rw_anomaly_detect(&ts, &ao, &ar, &err) == RW_OK) {
        r->anomaly_days = ar->steps;
        const char **vn = malloc((b->l.n ? b->l.n : 1) * sizeof *vn);
        const double **vy = malloc((b->l.n ? b->l.n : 1) * sizeof *vy);
        double *data = malloc((b->l.n ? b->l.n : 1) * ts.n * sizeof *data);
        rw_anomaly_dim dim = {r->by, b->l.n, vn, vy, ts.n};
        if (vn && vy && data) {
            for (size_t v = 0; v < b->l.n; v++) {
                double *y = data + v * ts.n;
                rw_app_align(&ts, b->l.ts[v]->t, b->l.ts[v]->y, b->l.ts[v]->n, y);
                vn[v] = b->l.ts[v]->name;
                vy[v] = y;
            }
        }
        for (size_t i = 0; i < ar->n && r->nanomalies < RW_REPORT_MAX_ANOMALIES; i++) {
            const rw_anomaly *a = &ar->a[i];
            rw_report_anomaly *x = &r->anomalies[r->nanomalies];
            rw_time_format_day(a->t, x->day);
            x->value = a->value;
            x->expected = a->expected;
            x->lo = a->lo;
            x->hi = a->hi;
            x->direction = a->direction;
            rw_attribution at;
            if (vn && vy && data && rw_anomaly_attribute(a, &dim, 1, 7, &at) == 0 && at.found) {
                rw_str_copy(x->dimension, sizeof x->dimension, r->by);
                rw_str_copy(x->dim_value, sizeof x->dim_value, vn[at.value]);
                x->deviation = at.deviation;
                x->share = at.share;
            }
            mt[r->nanomalies] = a->t;
            mv[r->nanomalies++] = a->value;
        }
        free(vn);
        free(vy);
        free(data);
    } else {
        rw_report_note(r, rw_tr(r->lang, "anomalies not examined: %s"), err.text);
    }
    rw_anomaly_report_free(ar);

    char title[200], ylabel[48];
    snprintf(title, sizeof title, "%s",
             rw_tr(r->lang, "Total daily cost and 4-week forecast (80% and 95%)"));
    snprintf(ylabel, sizeof ylabel, rw_tr(r->lang, "%s per day"),
             r->currency[0] ? r->currency : rw_tr(r->lang, "cost"));
    rw_fan_chart fc = {.title = title, .ylabel = ylabel, .gran = RW_GRAN_DAY, .nhist = ts.n,
                       .ht = ts.t, .hv = ts.y, .nfc = f->h, .ft = f->t, .mean = f->mean,
                       .lo80 = f->lo, .hi80 = f->hi, .lo95 = f->lo + f->h, .hi95 = f->hi + f->h,
                       .nmarks = r->nanomalies, .mt = mt, .mv = mv};
    rw_report_draw(c, RW_CHART_FAN, &fc, "total", r->total_chart);
    rw_forecast_free(f);
    return RW_OK;
}

/* The total of the capacity view: the balance view's series (c->b), or,
 * amortised, the same selection with charges spread over their periods
 * (loaded into *own). */
static rw_status capacity_total(rw_report_ctx *c, rw_plan_base *own, const rw_ts **total,
                                rw_error *err)
{
    memset(own, 0, sizeof *own);
    *total = c->b.ts;
    if (!c->o->plan.sel.amortize) return RW_OK;
    rw_plan_options po = c->o->plan;
    po.sel = c->b.sel;
    po.sel.amortize = 1;
    rw_status st = rw_app_plan_load(c->s, &po, RW_VIEW_COST, own, err);
    if (st == RW_OK) *total = own->ts;
    return st;
}

rw_status rw_report_capacity(rw_report_ctx *c, rw_error *err)
{
    breakdown b = {0};
    rw_plan_base own;
    const rw_ts *total = NULL;
    int64_t as_of = c->b.as_of;
    c->r->amortized = c->o->plan.sel.amortize;
    rw_status st = capacity_total(c, &own, &total, err);
    if (st == RW_OK) st = load_breakdown(c, as_of, &b, err);
    if (st == RW_OK) {
        gather_series(c, &b, as_of);
        draw_stack(c, &b, as_of);
        st = gather_total(c, &b, total, as_of, err);
    }
    breakdown_free(&b);
    rw_app_plan_cleanup(&own);
    return st;
}
