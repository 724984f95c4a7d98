/* report_build.c: gathering the report (report_build.h). */
#include <float.h>
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli/report_build.h"
#include "export/chart.h"
#include "plan/anomaly.h"
#include "plan/policy.h"
#include "store/balance.h"
#include "util/stats.h"
#include "util/strutil.h"
#include "util/timeutil.h"

#define OUTLOOK_DAYS (7 * RW_REPORT_OUTLOOK_WEEKS)
#define SERVICE_CHARTS 8 /* fan charts of the largest services */
#define STACK_DAYS 56    /* history shown in the stacked chart */

static void add_note(rw_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_note(rw_report *r, const char *fmt, ...)
{
    if (r->nnotes == RW_REPORT_MAX_NOTES) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->notes[r->nnotes++], sizeof r->notes[0], fmt, ap);
    va_end(ap);
}

/* Draws a chart into o->charts_dir and records its name in slot (64 bytes);
 * a missing gnuplot is noted once and stops further drawing. */
static void draw(const report_opts *o, rw_report *r, rw_chart_kind kind, const void *chart,
                 const char *name, char *slot)
{
    if (!o->charts_dir || r->charts_note[0]) return;
    rw_error err;
    rw_error_clear(&err);
    rw_chart_opts co = {NULL, 0, 0};
    rw_status st = rw_chart_draw(kind, chart, o->charts_dir, name, &co, &err);
    if (st == RW_OK) rw_str_copy(slot, 64, name);
    else if (st == RW_ENOTFOUND) rw_str_copy(r->charts_note, sizeof r->charts_note, err.text);
    else add_note(r, "chart '%s' not drawn: %s", name, err.text);
}

/* Sum of y over days [from, to] of ts (NaN as 0). */
static double sum_days(const rw_ts *ts, int64_t from, int64_t to)
{
    double s = 0;
    for (size_t i = 0; i < ts->n; i++)
        if (ts->t[i] >= from && ts->t[i] <= to && !isnan(ts->y[i])) s += ts->y[i];
    return s;
}

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

static rw_status forecast(const plan_config *p, const rw_ts *ts, size_t h, rw_forecast **f,
                          rw_error *err)
{
    rw_forecast_opts fo = {0};
    fo.horizon = h;
    fo.nlevels = 2;
    fo.levels[0] = 80;
    fo.levels[1] = 95;
    fo.seed = p->seed;
    fo.npaths = p->npaths;
    return rw_forecast_run(ts, &fo, f, err);
}

/* ---- balance, run-out, thresholds ---------------------------------------- */

static int gather_thresholds(const report_opts *o, const rw_ts *ts, int64_t as_of, rw_report *r)
{
    static const char *names[] = {"blue", "yellow", "red"};
    plan_thresholds t;
    memset(&t, 0, sizeof t);
    t.n = 3;
    t.lead[0] = 7;
    t.lead[1] = 3;
    t.lead[2] = 1;
    t.conf = 0.95;
    rw_scenarios *s = NULL;
    int rc = rw_plan_thresholds(&o->p, ts, as_of, 1, 8, 7, o->jobs, &t, &s);
    rw_scenarios_free(s);
    if (rc != EXIT_OKAY) return rc;
    r->nthresholds = t.n;
    for (size_t i = 0; i < t.n; i++) {
        rw_report_threshold *x = &r->thr[i];
        rw_str_copy(x->level, sizeof x->level, names[i]);
        x->lead_days = (int)t.lead[i];
        x->confidence = t.conf;
        x->balance = t.x[i];
        x->expected = t.mean[i];
        x->origins = t.ev[i].origins;
        x->held = t.ev[i].held;
        x->notice_days = t.ev[i].notice_median;
    }
    return EXIT_OKAY;
}

/* The next threshold to act on: one the balance is already below (the
 * lowest such: the most urgent), else the highest one below the balance,
 * with the P50 day the balance path reaches it. */
static void next_threshold(rw_report *r, const rw_runout *ro)
{
    r->next_threshold = -1;
    r->next_threshold_days = -1;
    for (size_t i = 0; i < r->nthresholds; i++)
        if (r->balance < r->thr[i].balance &&
            (r->next_threshold < 0 || r->thr[i].balance < r->thr[r->next_threshold].balance))
            r->next_threshold = (int)i;
    if (r->next_threshold >= 0) {
        r->next_threshold_days = 0;
        return;
    }
    for (size_t i = 0; i < r->nthresholds; i++)
        if (r->next_threshold < 0 || r->thr[i].balance > r->thr[r->next_threshold].balance)
            r->next_threshold = (int)i;
    if (r->next_threshold < 0) return;
    double x = r->thr[r->next_threshold].balance;
    for (size_t k = 0; k < ro->h; k++)
        if (ro->bal_p50[k] < x) {
            r->next_threshold_days = (int)k + 1;
            break;
        }
}

static int gather_runout(rw_cli *cli, const report_opts *o, const rw_ts *ts, int64_t *as_of,
                         rw_report *r)
{
    rw_policy pol;
    int rc = rw_plan_policy(o->policy, -1, -1, &pol);
    if (rc != EXIT_OKAY) return rc;
    plan_money m = {0};
    rw_scenarios *s = NULL;
    rw_runout ro = {0};
    rc = rw_plan_money(cli, &o->p, ts, 0, 0, NULL, 0, 365, as_of, &m);
    if (rc != EXIT_OKAY) return rc;
    if ((rc = rw_plan_runout(&o->p, ts, *as_of, &m, 0, 365, &s, &ro)) != EXIT_OKAY) goto out;
    if ((rc = gather_thresholds(o, ts, *as_of, r)) != EXIT_OKAY) goto out;
    r->has_runout = 1;
    r->balance = m.balance;
    rw_str_copy(r->balance_note, sizeof r->balance_note, m.note);
    long d[3] = {ro.p10, ro.p50, ro.p90};
    rw_str_copy(r->policy, sizeof r->policy, pol.name);
    r->grace_hours = pol.grace_hours;
    r->retention_days = pol.retention_days;
    int64_t when[3];
    for (int i = 0; i < 3; i++) {
        r->runout_days[i] = d[i] == RW_RUNOUT_NONE ? -1 : (int)d[i];
        when[i] = d[i] == RW_RUNOUT_NONE ? INT64_MIN : s->as_of + (int64_t)d[i] * RW_DAY;
        if (d[i] == RW_RUNOUT_NONE) continue;
        rw_plan_day(when[i], r->runout_date[i]);
        int64_t sus = when[i] + (int64_t)llround(pol.grace_hours * 3600);
        rw_time_format_iso(sus, r->suspend_date[i], sizeof r->suspend_date[i]);
        rw_time_format_iso(sus + (int64_t)llround(pol.retention_days * RW_DAY), r->delete_date[i],
                           sizeof r->delete_date[i]);
    }
    r->within7 = ro.within7;
    r->within14 = ro.within14;
    r->within30 = ro.within30;
    r->daily_recent = s->recent_mean;
    double sum = 0;
    size_t k30 = s->h < 30 ? s->h : 30;
    for (size_t k = 0; k < k30; k++) sum += s->mean[k];
    r->daily_forecast = k30 ? sum / (double)k30 : 0;
    next_threshold(r, &ro);

    /* The depletion chart: up to two weeks past the P90 run-out. */
    size_t n = ro.p90 != RW_RUNOUT_NONE && (size_t)ro.p90 + 14 < s->h ? (size_t)ro.p90 + 14 : s->h;
    int64_t *t = malloc(n * sizeof *t);
    if (t) {
        for (size_t k = 0; k < n; k++) t[k] = s->as_of + (int64_t)(k + 1) * RW_DAY;
        char labels[RW_CHART_MAX_THR][40], title[200];
        rw_balance_chart bc = {title, r->currency, n, t, ro.bal_p10, ro.bal_p50, ro.bal_p90,
                               {when[0], when[1], when[2]}, r->nthresholds, {0}, {NULL},
                               INT64_MIN, INT64_MIN};
        for (size_t i = 0; i < r->nthresholds && i < RW_CHART_MAX_THR; i++) {
            snprintf(labels[i], sizeof labels[i], "%s (%d d)", r->thr[i].level, r->thr[i].lead_days);
            bc.thr[i] = r->thr[i].balance;
            bc.thr_name[i] = labels[i];
        }
        if (when[1] != INT64_MIN) {
            bc.suspend_at = when[1] + (int64_t)llround(pol.grace_hours * 3600);
            bc.delete_at = bc.suspend_at + (int64_t)llround(pol.retention_days * RW_DAY);
        }
        char day[16];
        rw_plan_day(s->as_of, day);
        snprintf(title, sizeof title, "Balance after %s: P10/P50/P90 paths and run-out", day);
        draw(o, r, RW_CHART_BALANCE, &bc, "runout", r->runout_chart);
        free(t);
    }
out:
    rw_runout_cleanup(&ro);
    rw_scenarios_free(s);
    free(m.flows);
    return rc;
}

/* ---- budget ---------------------------------------------------------------- */

static int gather_budget(const report_opts *o, const rw_ts *ts, int64_t as_of, rw_report *r)
{
    static const double pct[] = {50, 80, 100};
    plan_period pd;
    rw_budget b;
    rw_scenarios *s = NULL;
    /* Without a budget the month's forecast is still shown: an amount no
     * path reaches leaves the probabilities at 0. */
    double amount = o->budget > 0 ? o->budget : DBL_MAX / 4;
    int rc = rw_plan_budget(&o->p, ts, as_of, INT64_MIN, 0, amount, pct, 3, 0.5, &pd, &b, &s);
    if (rc != EXIT_OKAY) {
        rw_scenarios_free(s);
        return rc;
    }
    r->has_budget = o->budget > 0;
    r->budget = o->budget > 0 ? o->budget : 0;
    rw_plan_day(pd.from, r->month_from);
    rw_plan_day(pd.to, r->month_to);
    r->month_spent = pd.spent;
    r->month_days_spent = pd.days_spent;
    r->month_days = (size_t)((pd.to - pd.from) / RW_DAY) + 1;
    r->month_mean = b.mean;
    r->month_p10 = b.p10;
    r->month_p90 = b.p90;
    r->p_over = r->has_budget ? b.p_exceed : 0;
    int64_t breach = INT64_MIN;
    if (r->has_budget && b.breach_p50 != RW_RUNOUT_NONE) {
        breach = b.breach_p50 == 0 ? as_of : as_of + (int64_t)b.breach_p50 * RW_DAY;
        rw_plan_day(breach, r->breach_date);
    }

    /* Burn-up: actual cumulative spend, then the paths' running totals. */
    size_t nact = 0, nfc = 0, np = s->npaths;
    int64_t first = as_of + RW_DAY;
    size_t k0 = pd.from > first ? (size_t)((pd.from - first) / RW_DAY) : 0;
    size_t k1 = pd.to >= first ? (size_t)((pd.to - first) / RW_DAY) + 1 : 0;
    if (k1 > s->h) k1 = s->h;
    size_t cap = r->month_days + 1;
    int64_t *at = malloc(cap * sizeof *at), *ft = malloc(cap * sizeof *ft);
    double *acum = malloc(cap * sizeof *acum), *fm = malloc(cap * sizeof *fm);
    double *flo = malloc(cap * sizeof *flo), *fhi = malloc(cap * sizeof *fhi);
    double *run = calloc(np, sizeof *run), *work = malloc(np * sizeof *work);
    if (at && ft && acum && fm && flo && fhi && run && work) {
        double cum = 0;
        for (size_t i = 0; i < ts->n; i++)
            if (ts->t[i] >= pd.from && ts->t[i] <= as_of && ts->t[i] <= pd.to && nact < cap) {
                cum += isnan(ts->y[i]) ? 0 : ts->y[i];
                at[nact] = ts->t[i];
                acum[nact++] = cum;
            }
        for (size_t k = k0; k < k1 && nfc < cap; k++) {
            double mean = 0;
            for (size_t p = 0; p < np; p++) {
                run[p] += s->paths[p * s->h + k];
                work[p] = pd.spent + run[p];
                mean += work[p] / (double)np;
            }
            ft[nfc] = as_of + (int64_t)(k + 1) * RW_DAY;
            fm[nfc] = mean;
            flo[nfc] = rw_quantile_select(work, np, 0.10);
            fhi[nfc++] = rw_quantile_select(work, np, 0.90);
        }
        char title[200];
        snprintf(title, sizeof title, "Spend in %s .. %s against %s", r->month_from, r->month_to,
                 r->has_budget ? "the budget" : "no budget");
        rw_burnup_chart bc = {title, r->currency, pd.from, pd.to, r->budget, nact, at, acum,
                              nfc, ft, fm, flo, fhi, breach};
        if (nact + nfc) draw(o, r, RW_CHART_BURNUP, &bc, "budget", r->budget_chart);
    }
    free(at);
    free(ft);
    free(acum);
    free(fm);
    free(flo);
    free(fhi);
    free(run);
    free(work);
    rw_scenarios_free(s);
    return EXIT_OKAY;
}

/* ---- capacity: the breakdown, the total, the weeks -------------------------- */

typedef struct breakdown {
    rw_ts **ts;   /* owned: one per value, as rw_fc_collect built them */
    size_t n;
    size_t *order; /* owned: by the last 28 days' total, largest first */
} breakdown;

static void breakdown_free(breakdown *b)
{
    rw_fc_free_series(b->ts, b->n);
    free(b->order);
    memset(b, 0, sizeof *b);
}

static double last28(const rw_ts *ts, int64_t as_of)
{
    return sum_days(ts, as_of - 27 * RW_DAY, as_of);
}

static int load_breakdown(rw_cli *cli, const report_opts *o, int64_t as_of, breakdown *b)
{
    memset(b, 0, sizeof *b);
    fc_config c = o->p.fc;
    if (rw_group_parse(o->by, &c.q.by, &c.q.tag_key) != RW_OK) {
        rw_cli_errorf("--by: unknown dimension '%s'", o->by);
        return EXIT_USAGE;
    }
    c.series = NULL;
    int failed = 0, total = 0;
    int rc = rw_fc_collect(cli, &c, &b->ts, &b->n, &failed, &total);
    if (rc != EXIT_OKAY) return rc;
    b->order = malloc((b->n ? b->n : 1) * sizeof *b->order);
    double *key = malloc((b->n ? b->n : 1) * sizeof *key);
    if (!b->order || !key) {
        free(key);
        rw_cli_errorf("out of memory");
        return EXIT_RUNTIME;
    }
    for (size_t i = 0; i < b->n; i++) {
        b->order[i] = i;
        key[i] = last28(b->ts[i], as_of);
    }
    for (size_t i = 1; i < b->n; i++) /* few values: insertion sort */
        for (size_t j = i; j > 0 && key[b->order[j]] > key[b->order[j - 1]]; j--) {
            size_t t = b->order[j];
            b->order[j] = b->order[j - 1];
            b->order[j - 1] = t;
        }
    free(key);
    return EXIT_OKAY;
}

/* A copy of ts cut at as_of (the forecast starts the day after). */
static rw_ts cut(const rw_ts *ts, int64_t as_of)
{
    rw_ts c = *ts;
    while (c.n > 0 && c.t[c.n - 1] > as_of) c.n--;
    return c;
}

static void gather_series(const report_opts *o, const breakdown *b, int64_t as_of, rw_report *r)
{
    int64_t month = rw_time_floor(as_of, RW_GRAN_MONTH);
    double best = -INFINITY;
    r->biggest_growth = -1;
    for (size_t j = 0; j < b->n && r->nseries < RW_REPORT_MAX_SERIES; j++) {
        const rw_ts *full = b->ts[b->order[j]];
        rw_ts ts = cut(full, as_of);
        rw_report_series *x = &r->series[r->nseries];
        memset(x, 0, sizeof *x);
        rw_str_copy(x->name, sizeof x->name, full->name);
        if (ts.n && ts.t[ts.n - 1] < as_of) {
            char last[16], until[16];
            rw_plan_day(ts.t[ts.n - 1], last);
            rw_plan_day(as_of, until);
            add_note(r, "%s: data until %s only (a later day is partly covered or missing); it"
                        " is forecast from there to %s", full->name, last, until);
        }
        x->last_week = sum_days(&ts, as_of - 6 * RW_DAY, as_of);
        x->prev_week = sum_days(&ts, as_of - 13 * RW_DAY, as_of - 7 * RW_DAY);
        x->change_pct = x->prev_week != 0 ? 100 * (x->last_week / x->prev_week - 1) : NAN;
        x->month_to_date = sum_days(&ts, month, as_of);
        double l28 = last28(&ts, as_of);
        rw_forecast *f = NULL;
        rw_error err;
        rw_error_clear(&err);
        /* Forecast from the series' own end up to 28 days past as-of. */
        size_t skip = ts.n ? (size_t)((as_of - ts.t[ts.n - 1]) / RW_DAY) : 0;
        if (ts.n == 0 || forecast(&o->p, &ts, skip + OUTLOOK_DAYS, &f, &err) != RW_OK) {
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
            snprintf(title, sizeof title, "%s: daily cost and 4-week forecast", full->name);
            snprintf(ylabel, sizeof ylabel, "%s per day", r->currency[0] ? r->currency : "cost");
            rw_fan_chart fc = {title, ylabel, RW_GRAN_DAY, ts.n, ts.t, ts.y, f->h, f->t,
                               f->mean, f->lo, f->hi, f->lo + f->h, f->hi + f->h, 0, NULL, NULL};
            for (char *c = name; *c; c++)
                if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                      (*c >= '0' && *c <= '9') || *c == '-'))
                    *c = '-';
            draw(o, r, RW_CHART_FAN, &fc, name, x->chart);
        }
        rw_forecast_free(f);
        r->nseries++;
    }
}

/* The stacked chart: the last STACK_DAYS days of the largest values and the
 * rest summed, then their forecast means. */
static void draw_stack(const report_opts *o, const breakdown *b, int64_t as_of, rw_report *r)
{
    enum { MAX_STACK = 7 };
    size_t ns = b->n < MAX_STACK ? b->n : MAX_STACK, n = STACK_DAYS, h = OUTLOOK_DAYS;
    if (ns == 0) return;
    int other = b->n > MAX_STACK;
    size_t rows = ns + (size_t)other;
    double *data = calloc(rows * (n + h), sizeof *data);
    int64_t *t = malloc((n + h) * sizeof *t);
    const double *v[MAX_STACK + 1], *fv[MAX_STACK + 1];
    const char *names[MAX_STACK + 1];
    if (!data || !t) goto out;
    for (size_t i = 0; i < n + h; i++) t[i] = as_of - (int64_t)(n - 1) * RW_DAY + (int64_t)i * RW_DAY;
    for (size_t j = 0; j < b->n; j++) {
        size_t row = j < ns ? j : ns;
        const rw_ts *full = b->ts[b->order[j]];
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
            if (ts.n && forecast(&o->p, &ts, skip + h, &f, &err) == RW_OK)
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
    snprintf(title, sizeof title, "Daily cost by %s: last %d days and 4-week forecast", r->by,
             STACK_DAYS);
    snprintf(ylabel, sizeof ylabel, "%s per day", r->currency[0] ? r->currency : "cost");
    rw_stack_chart sc = {title, ylabel, RW_GRAN_DAY, rows, names, n, t, v, other ? 0 : h,
                         t + n, fv};
    if (other) sc.nfc = 0; /* the rest has no forecast of its own */
    draw(o, r, RW_CHART_STACK, &sc, "stack", r->stack_chart);
out:
    free(data);
    free(t);
}

/* The total's forecast: the weekly view, the fan chart with the anomalies. */
static int gather_total(const report_opts *o, const rw_ts *total, const breakdown *b,
                        int64_t as_of, rw_report *r)
{
    rw_ts ts = cut(total, as_of);
    rw_forecast *f = NULL;
    rw_error err;
    rw_error_clear(&err);
    size_t skip = (size_t)((as_of - ts.t[ts.n - 1]) / RW_DAY);
    if (forecast(&o->p, &ts, skip + OUTLOOK_DAYS, &f, &err) != RW_OK) {
        rw_cli_errorf("forecast of the total: %s", err.text);
        return rw_cli_exit_code(err.status);
    }
    rw_str_copy(r->model, sizeof r->model, f->model);
    /* Weeks: 7-day blocks ending on as-of, then the outlook. */
    for (int w = RW_REPORT_WEEKS; w >= 1; w--) {
        int64_t from = as_of - (int64_t)(7 * w - 1) * RW_DAY;
        rw_report_week *x = &r->weeks[r->nweeks++];
        rw_plan_day(from, x->start);
        x->total = sum_days(&ts, from, from + 6 * RW_DAY);
        x->lo = x->hi = x->total;
    }
    double *work = malloc(f->npaths * sizeof *work), q[2], qq[] = {0.10, 0.90};
    for (size_t w = 0; w < RW_REPORT_OUTLOOK_WEEKS; w++) {
        rw_report_week *x = &r->weeks[r->nweeks++];
        rw_plan_day(as_of + (int64_t)(7 * w + 1) * RW_DAY, x->start);
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
    rw_anomaly_opts ao = {0, 0, 0, o->p.seed, 0, o->jobs};
    rw_anomaly_report *ar = NULL;
    int64_t mt[RW_REPORT_MAX_ANOMALIES];
    double mv[RW_REPORT_MAX_ANOMALIES];
    rw_error_clear(&err);
    if (rw_anomaly_detect(&ts, &ao, &ar, &err) == RW_OK) {
        r->anomaly_days = ar->steps;
        const char **vn = malloc((b->n ? b->n : 1) * sizeof *vn);
        const double **vy = malloc((b->n ? b->n : 1) * sizeof *vy);
        double *data = malloc((b->n ? b->n : 1) * ts.n * sizeof *data);
        rw_anomaly_dim dim = {r->by, b->n, vn, vy, ts.n};
        if (vn && vy && data) {
            for (size_t v = 0; v < b->n; v++) {
                double *y = data + v * ts.n;
                for (size_t i = 0; i < ts.n; i++) y[i] = NAN;
                for (size_t i = 0; i < b->ts[v]->n; i++) {
                    long k = (long)((b->ts[v]->t[i] - ts.t[0]) / RW_DAY);
                    if (k >= 0 && (size_t)k < ts.n) y[k] = b->ts[v]->y[i];
                }
                vn[v] = b->ts[v]->name;
                vy[v] = y;
            }
        }
        for (size_t i = 0; i < ar->n && r->nanomalies < RW_REPORT_MAX_ANOMALIES; i++) {
            const rw_anomaly *a = &ar->a[i];
            rw_report_anomaly *x = &r->anomalies[r->nanomalies];
            rw_plan_day(a->t, x->day);
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
        add_note(r, "anomalies not examined: %s", err.text);
    }
    rw_anomaly_report_free(ar);

    char title[200], ylabel[48];
    snprintf(title, sizeof title, "Total daily cost and 4-week forecast (80%% and 95%%)");
    snprintf(ylabel, sizeof ylabel, "%s per day", r->currency[0] ? r->currency : "cost");
    rw_fan_chart fc = {title, ylabel, RW_GRAN_DAY, ts.n, ts.t, ts.y, f->h, f->t, f->mean, f->lo,
                       f->hi, f->lo + f->h, f->hi + f->h, r->nanomalies, mt, mv};
    draw(o, r, RW_CHART_FAN, &fc, "total", r->total_chart);
    rw_forecast_free(f);
    return EXIT_OKAY;
}

/* ---- data quality ------------------------------------------------------------ */

static void gather_quality(rw_cli *cli, const rw_ts *total, rw_report *r)
{
    rw_store *store = NULL;
    if (rw_cli_open_store(cli, &store) != RW_OK) return;
    sqlite3 *db = rw_store_db(store);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT count(*), coalesce(sum(rows), 0), coalesce(sum(rejected), 0)"
                               " FROM sources", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        r->sources = (size_t)sqlite3_column_int64(st, 0);
        r->rows = (long)sqlite3_column_int64(st, 1);
        r->rejected = (long)sqlite3_column_int64(st, 2);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT s.path, r.line, r.reason FROM rejects r JOIN sources s"
                               " ON s.id = r.source_id ORDER BY r.source_id, r.line LIMIT 3",
                           -1, &st, NULL) == SQLITE_OK)
        while (sqlite3_step(st) == SQLITE_ROW)
            add_note(r, "rejected: %s:%lld: %s", (const char *)sqlite3_column_text(st, 0),
                     (long long)sqlite3_column_int64(st, 1),
                     (const char *)sqlite3_column_text(st, 2));
    sqlite3_finalize(st);
    rw_store_close(store);
    size_t gaps = 0;
    for (size_t i = 0; i < total->n; i++) gaps += isnan(total->y[i]);
    if (gaps) add_note(r, "%zu day(s) without any charge between %s and %s (gaps, not zeros)",
                       gaps, r->history_from, r->history_to);
    if (r->rejected)
        add_note(r, "%ld of %ld rows were rejected at ingest: `runway rejects` lists them all",
                 r->rejected, r->rows);
}

/* ---- the whole report ---------------------------------------------------------- */

int rw_report_gather(rw_cli *cli, report_opts *o, rw_report *r)
{
    memset(r, 0, sizeof *r);
    rw_time_format_iso((int64_t)time(NULL), r->generated_at, sizeof r->generated_at);
    r->seed = o->p.seed;
    r->next_threshold = r->biggest_growth = -1;
    rw_str_copy(r->by, sizeof r->by, o->by);
    if (o->p.fc.q.account) rw_str_copy(r->account, sizeof r->account, o->p.fc.q.account);
    if (o->charts_dir) {
        rw_error err;
        rw_error_clear(&err);
        rw_chart_opts co = {NULL, 0, 0};
        if (rw_chart_check(&co, &err) != RW_OK)
            rw_str_copy(r->charts_note, sizeof r->charts_note, err.text);
    } else {
        rw_str_copy(r->charts_note, sizeof r->charts_note, "charts were not asked for");
    }
    rw_ts *total = NULL;
    breakdown b = {0};
    int rc = rw_plan_load(cli, &o->p, &total);
    if (rc != EXIT_OKAY) return rc;
    if (o->p.fc.q.currency) rw_str_copy(r->currency, sizeof r->currency, o->p.fc.q.currency);
    int64_t as_of = o->p.as_of;
    /* The balance decides the as-of day, as `runway runout` does. */
    rw_store *store = NULL;
    rw_balance_row bal;
    rw_error err;
    rw_error_clear(&err);
    int has_balance = 0;
    if (rw_cli_open_store(cli, &store) == RW_OK) {
        has_balance = rw_store_balance_latest(store, o->p.fc.q.account, &bal, &err) == RW_OK;
        rw_store_close(store);
    }
    if (has_balance) {
        if ((rc = gather_runout(cli, o, total, &as_of, r)) != EXIT_OKAY) goto out;
    } else {
        as_of = as_of == INT64_MIN ? total->t[total->n - 1] : as_of;
        add_note(r, "no balance recorded: record one with `runway balance set` (or ingest a"
                    " DescribeAccountBalance response) to see the run-out date");
        if ((rc = gather_thresholds(o, total, as_of, r)) != EXIT_OKAY) goto out;
    }
    rw_plan_day(as_of, r->as_of);
    rw_plan_day(total->t[0], r->history_from);
    rw_plan_day(total->t[total->n - 1] < as_of ? total->t[total->n - 1] : as_of, r->history_to);
    r->history_days = (size_t)((rw_time_floor(as_of, RW_GRAN_DAY) - total->t[0]) / RW_DAY) + 1;
    snprintf(r->title, sizeof r->title, "runway report%s%.100s, as of %s",
             r->account[0] ? ": account " : "", r->account, r->as_of);
    if ((rc = gather_budget(o, total, as_of, r)) != EXIT_OKAY) goto out;
    if ((rc = load_breakdown(cli, o, as_of, &b)) != EXIT_OKAY) goto out;
    gather_series(o, &b, as_of, r);
    draw_stack(o, &b, as_of, r);
    if ((rc = gather_total(o, total, &b, as_of, r)) != EXIT_OKAY) goto out;
    gather_quality(cli, total, r);
    snprintf(r->method_note, sizeof r->method_note,
             "Daily %s from %s to %s (%zu days). Each series is forecast by the model (or equal"
             " mix of models) with the lowest error in a rolling-origin backtest, with 1000"
             " simulated paths (seed %lu) whose spread is calibrated on the backtest errors."
             " Run-out dates, thresholds and budgets add recurring monthly fees on their days"
             " and re-draw spikes at the rate seen.",
             "cost", r->history_from, r->history_to, r->history_days, o->p.seed);
out:
    breakdown_free(&b);
    rw_ts_free(total);
    return rc;
}
