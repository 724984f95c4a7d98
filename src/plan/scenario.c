/* scenario.c: simulated futures of daily consumption (scenario.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "model/forecast.h"
#include "plan/scenario.h"
#include "util/stats.h"
#include "util/timeutil.h"

#define FEE_Z 4.0          /* a fee stands out by this many noise deviations */
#define FEE_SHARE 0.6      /* of the months since it first appeared */
#define MAX_NEG_SHARE 0.05 /* negative days allowed for paths clamped at 0 */

void rw_scenarios_free(rw_scenarios *s)
{
    if (!s) return;
    free(s->name);
    free(s->paths);
    free(s->mean);
    rw_desc_cleanup(&s->info);
    free(s);
}

int rw_fee_due(int day, int64_t t)
{
    int64_t y;
    int m, d;
    rw_civil_from_days(t / RW_DAY, &y, &m, &d);
    int last = rw_days_in_month(y, m);
    return d == (day < last ? day : last);
}

static int day_of_month(int64_t t)
{
    int64_t y;
    int m, d;
    rw_civil_from_days(t / RW_DAY, &y, &m, &d);
    return d;
}

/* Whether day j is usable as a baseline: observed and not a due day of
 * the ndays days of the month in `days`. */
static int baseline_day(const rw_ts *ts, long j, const int *days, size_t ndays)
{
    if (j < 0 || (size_t)j >= ts->n || isnan(ts->y[j])) return 0;
    for (size_t d = 0; d < ndays; d++)
        if (rw_fee_due(days[d], ts->t[j])) return 0;
    return 1;
}

/* Value at i minus the median of the same weekday one and two weeks around
 * (weekly) or of the days within 3 of it; days due for the fees in `days`
 * are left out. NaN with fewer than two such days. */
static double excess_over(const rw_ts *ts, size_t i, const int *days, size_t ndays, int weekly)
{
    double v[6];
    size_t k = 0;
    if (isnan(ts->y[i])) return NAN;
    for (long off = weekly ? -14 : -3; off <= (weekly ? 14 : 3); off += weekly ? 7 : 1)
        if (off && baseline_day(ts, (long)i + off, days, ndays)) v[k++] = ts->y[(long)i + off];
    return k < 2 ? NAN : ts->y[i] - rw_quantile_select(v, k, 0.5);
}

/* The charge on day i: its excess over the same weekday around (so a
 * weekly cycle is not mistaken for a charge), else over its neighbours. */
static double excess_at(const rw_ts *ts, size_t i, const int *days, size_t ndays)
{
    double e = excess_over(ts, i, days, ndays, 1);
    return isnan(e) ? excess_over(ts, i, days, ndays, 0) : e;
}

/* How far day i stands out: the smaller of its excess over the same
 * weekday and over its neighbours, so that neither a weekly cycle nor a
 * step in the level (the days after it exceed the same weekday before)
 * looks like a charge. */
static double stand_out(const rw_ts *ts, size_t i, const int *days, size_t ndays)
{
    double w = excess_over(ts, i, days, ndays, 1), l = excess_over(ts, i, days, ndays, 0);
    return isnan(w) ? l : isnan(l) ? w : fmin(w, l);
}

/* Robust standard deviation of the day-to-day noise: 1.4826 MAD of every
 * day's excess over its baseline (a millionth of the level when that is
 * exactly 0). */
static double noise_scale(const rw_ts *ts)
{
    double *e = malloc(ts->n * sizeof *e), s = 0;
    size_t k = 0;
    if (!e) return INFINITY;
    for (size_t i = 0; i < ts->n; i++) {
        double x = stand_out(ts, i, NULL, 0);
        if (!isnan(x)) e[k++] = fabs(x);
    }
    if (k) s = 1.4826 * rw_quantile_select(e, k, 0.5);
    if (!(s > 0) && k) {
        k = 0;
        for (size_t i = 0; i < ts->n; i++)
            if (!isnan(ts->y[i])) e[k++] = fabs(ts->y[i]);
        s = 1e-6 * rw_quantile_select(e, k, 0.5);
    }
    free(e);
    return s > 0 ? s : INFINITY;
}

/* Tests day of month `day` as a fee; fills *f and returns 1 when it is. */
static int fee_at(const rw_ts *ts, int day, double noise, rw_fee *f)
{
    double ex[3];
    size_t k = 0, occ = 0, hits = 0, first_hit = ts->n;
    /* The median excess of the last three occurrences that stand out. */
    for (size_t i = ts->n; i-- > 0;) {
        if (!rw_fee_due(day, ts->t[i]) || !(stand_out(ts, i, &day, 1) > FEE_Z * noise)) continue;
        if (k < 3) ex[k++] = excess_at(ts, i, &day, 1);
        first_hit = i;
    }
    if (k == 0) return 0;
    double amount = rw_quantile_select(ex, k, 0.5);
    for (size_t i = first_hit; i < ts->n; i++) {
        if (!rw_fee_due(day, ts->t[i])) continue;
        double e = stand_out(ts, i, &day, 1);
        if (isnan(e)) continue;
        occ++;
        hits += e > amount / 2;
    }
    int before = 0; /* an earlier occurrence of the day in the data */
    for (size_t i = 0; i < first_hit && !before; i++) before = rw_fee_due(day, ts->t[i]);
    *f = (rw_fee){day, amount, hits, 0};
    if (hits >= 2 && (double)hits >= FEE_SHARE * (double)occ) return 1;
    /* A first of the month seen once, the data starting after the one before. */
    if (day == 1 && hits == 1 && occ == 1 && !before) {
        f->assumed = 1;
        return 1;
    }
    return 0;
}

size_t rw_fees_detect(const rw_ts *ts, rw_fee *fee, size_t max)
{
    if (ts->gran != RW_GRAN_DAY || ts->n < 8) return 0;
    double noise = noise_scale(ts);
    int tried[32] = {0};
    size_t nf = 0;
    /* Candidates: the days of the month of values that stand out. */
    for (size_t i = 0; i < ts->n && nf < max; i++) {
        double e = stand_out(ts, i, NULL, 0);
        int d = day_of_month(ts->t[i]);
        if (!(e > FEE_Z * noise) || tried[d]) continue;
        /* The 31st, 30th and 29th fall on the last day of short months. */
        tried[d] = 1;
        rw_fee f;
        if (fee_at(ts, d, noise, &f)) fee[nf++] = f;
    }
    return nf;
}

double rw_fees_due(const rw_fee *fee, size_t nfees, int64_t t)
{
    double sum = 0;
    for (size_t j = 0; j < nfees; j++)
        if (rw_fee_due(fee[j].day, t)) sum += fee[j].amount;
    return sum;
}

void rw_fees_remove(const rw_ts *ts, double *y, const rw_fee *fee, size_t nfees)
{
    int days[RW_SCEN_MAX_FEES];
    for (size_t j = 0; j < nfees; j++) days[j] = fee[j].day;
    for (size_t i = 0; i < ts->n; i++)
        for (size_t j = 0; j < nfees; j++)
            if (rw_fee_due(days[j], ts->t[i]) &&
                excess_at(ts, i, days, nfees) > fee[j].amount / 2)
                y[i] -= fee[j].amount;
}

rw_status rw_scenarios_run(const rw_ts *ts, const rw_scenario_opts *o, rw_scenarios **out,
                           rw_error *err)
{
    *out = NULL;
    if (ts->gran != RW_GRAN_DAY)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "series '%s' is not daily", ts->name);
    if (o->horizon < 1) return rw_error_set(err, RW_EINVAL, NULL, 0, "horizon must be >= 1 day");
    int64_t as_of = o->as_of == INT64_MIN ? ts->t[ts->n - 1] : rw_time_floor(o->as_of, RW_GRAN_DAY);
    size_t n = 0, observed = 0, negative = 0;
    for (; n < ts->n && ts->t[n] <= as_of; n++) {
        observed += !isnan(ts->y[n]);
        negative += ts->y[n] < 0;
    }
    if (observed < RW_SCEN_MIN_DAYS) {
        char day[16];
        rw_time_format_bucket(as_of, RW_GRAN_DAY, day, sizeof day);
        return rw_error_set(err, RW_ESHORT, NULL, 0,
                            "series '%s' has %zu day(s) of history up to %s; at least %d are"
                            " needed (two weekly cycles)",
                            ts->name, observed, day, RW_SCEN_MIN_DAYS);
    }
    rw_status st = RW_OK;
    rw_forecast *f = NULL;
    rw_scenarios *s = calloc(1, sizeof *s);
    double *y = malloc(n * sizeof *y);
    if (!s || !y) {
        st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
        goto out;
    }
    memcpy(y, ts->y, n * sizeof *y);
    rw_ts hist = {ts->name, RW_GRAN_DAY, n, ts->t, y};

    /* Fees out of the history; the engine forecasts the rest. */
    s->nfees = rw_fees_detect(&hist, s->fee, RW_SCEN_MAX_FEES);
    rw_fees_remove(&hist, y, s->fee, s->nfees);

    size_t skip = (size_t)((as_of - ts->t[n - 1]) / RW_DAY), h = o->horizon;
    rw_forecast_opts fo = {0};
    fo.horizon = skip + h;
    fo.nlevels = 2;
    fo.levels[0] = 80;
    fo.levels[1] = 90;
    fo.seed = o->seed;
    fo.npaths = o->npaths;
    fo.backtest_steps = RW_SCEN_CALIB_STEPS;
    fo.cumulative = 1;
    fo.spikes = RW_SPIKES_UP;
    st = rw_forecast_run(&hist, &fo, &f, err);
    if (st != RW_OK) goto out;

    s->name = strdup(ts->name);
    s->as_of = as_of;
    s->history_to = ts->t[n - 1];
    s->h = h;
    s->npaths = f->npaths;
    s->paths = malloc(s->npaths * h * sizeof *s->paths);
    s->mean = calloc(h, sizeof *s->mean);
    if (!s->name || !s->paths || !s->mean) {
        st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
        goto out;
    }
    int clamp = (double)negative <= MAX_NEG_SHARE * (double)observed;
    for (size_t k = 0; k < h; k++) {
        double fees = rw_fees_due(s->fee, s->nfees, as_of + (int64_t)(k + 1) * RW_DAY);
        for (size_t p = 0; p < s->npaths; p++) {
            double v = f->paths[p * f->h + skip + k] + fees;
            if (clamp && v < 0) v = 0;
            s->paths[p * h + k] = v;
            s->mean[k] += v / (double)s->npaths;
        }
    }
    double sum = 0;
    size_t cnt = 0;
    for (size_t i = n > 28 ? n - 28 : 0; i < n; i++)
        if (!isnan(ts->y[i])) {
            sum += ts->y[i];
            cnt++;
        }
    s->recent_mean = cnt ? sum / (double)cnt : 0;
    snprintf(s->model, sizeof s->model, "%s", f->model);
    /* The forecast's explanation, moved here, then what the scenarios added. */
    s->info = f->info;
    rw_desc_init(&f->info);
    rw_desc_open(&s->info, "recurring_fees", RW_DESC_ARRAY);
    for (size_t j = 0; j < s->nfees; j++) {
        rw_desc_open(&s->info, NULL, RW_DESC_OBJECT);
        rw_desc_int(&s->info, "day_of_month", s->fee[j].day);
        rw_desc_real(&s->info, "amount", s->fee[j].amount);
        rw_desc_int(&s->info, "seen", (int64_t)s->fee[j].seen);
        rw_desc_bool(&s->info, "assumed_monthly", s->fee[j].assumed);
        rw_desc_close(&s->info);
    }
    rw_desc_close(&s->info);
    rw_desc_bool(&s->info, "paths_clamped_at_zero", clamp);
    st = rw_desc_check(&s->info, "the scenarios", err);
    if (st != RW_OK) goto out;
    *out = s;
    s = NULL;
out:
    rw_forecast_free(f);
    rw_scenarios_free(s);
    free(y);
    return st;
}

double rw_scenarios_mean(const rw_scenarios *s, size_t days)
{
    double t = 0;
    if (days > s->h) days = s->h;
    for (size_t k = 0; k < days; k++) t += s->mean[k];
    return days ? t / (double)days : 0;
}
