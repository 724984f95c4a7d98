/* anomaly.c: anomalies against forecasts made before them, and their
 * attribution to a dimension's value (see anomaly.h).
 *
 * Invariants: origin j starts at first + j * step and covers
 * min(step, n - origin) steps, so the origins partition the examined steps.
 * Each origin writes only its own slots of the report's arrays, every
 * origin uses the same seed, and pass 2 depends only on pass 1's result, so
 * the report is the same whatever the number of threads or their order. */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "model/forecast.h"
#include "plan/anomaly.h"
#include "plan/scenario.h"
#include "util/parallel.h"

size_t rw_anomaly_default_last(rw_granularity g)
{
    static const size_t v[] = {[RW_GRAN_HOUR] = 7 * 24, [RW_GRAN_DAY] = 30,
                               [RW_GRAN_WEEK] = 13, [RW_GRAN_MONTH] = 6};
    return v[g];
}

size_t rw_anomaly_default_step(rw_granularity g)
{
    return g == RW_GRAN_HOUR ? 24 : 1;
}

size_t rw_anomaly_min_history(rw_granularity g)
{
    static const size_t v[] = {[RW_GRAN_HOUR] = 4 * 24, [RW_GRAN_DAY] = 28,
                               [RW_GRAN_WEEK] = 13, [RW_GRAN_MONTH] = 12};
    return v[g];
}

size_t rw_anomaly_mask_run(rw_granularity g)
{
    return g == RW_GRAN_HOUR ? 6 : g == RW_GRAN_DAY ? 2 : 1;
}

size_t rw_anomaly_default_season(rw_granularity g)
{
    return g == RW_GRAN_HOUR ? 24 : g == RW_GRAN_DAY ? 7 : 0;
}

void rw_anomaly_report_free(rw_anomaly_report *r)
{
    if (!r) return;
    free(r->a);
    free(r->expected);
    free(r->lo);
    free(r->hi);
    free(r);
}

/* One origin: where it is, and how its forecast went. */
typedef struct origin {
    size_t at, len;   /* first step forecast (index in the rw_ts), steps */
    int rerun;        /* pass 2 forecast it again */
    rw_status status; /* of its last forecast */
    rw_error err;
} origin;

typedef struct detect_ctx {
    const rw_ts *ts;
    rw_forecast_opts fo;    /* horizon set per origin */
    origin *orig;
    rw_anomaly_report *r;   /* expected/lo/hi written per origin */
    const signed char *dir; /* pass 2: pass 1's verdict per examined step, else NULL */
    size_t mask_run;        /* longest run of anomalies masked */
} detect_ctx;

/* Whether examined step i is masked in the history of an origin at `at`:
 * pass 1 found it anomalous, in a run of at most c->mask_run steps in one
 * direction as far as the run is known before `at`. */
static int masked(const detect_ctx *c, size_t i, size_t at)
{
    size_t first = c->r->first;
    signed char d = c->dir[i - first];
    if (!d) return 0;
    size_t a = i, b = i;
    while (a > first && c->dir[a - 1 - first] == d) a--;
    while (b + 1 < at && c->dir[b + 1 - first] == d) b++;
    return b - a + 1 <= c->mask_run;
}

/* Forecasts origin i from the history before it (worker thread). Pass 2
 * skips origins with nothing masked before them. A history ending in gaps
 * is forecast from its last value, over the gaps too. */
static void run_origin(void *arg, size_t i)
{
    detect_ctx *c = arg;
    origin *og = &c->orig[i];
    const rw_ts *ts = c->ts;
    double *copy = NULL;
    const double *y = ts->y;
    if (c->dir) {
        for (size_t k = c->r->first; k < og->at && !og->rerun; k++)
            og->rerun = masked(c, k, og->at);
        if (!og->rerun) return;
        copy = malloc(og->at * sizeof *copy);
        if (!copy) {
            og->status = rw_error_set(&og->err, RW_ENOMEM, NULL, 0, "out of memory");
            return;
        }
        memcpy(copy, ts->y, og->at * sizeof *copy);
        for (size_t k = c->r->first; k < og->at; k++)
            if (masked(c, k, og->at)) copy[k] = NAN;
        y = copy;
    }
    /* Monthly fees are expected on their days: out of the history, back
     * into the forecast. */
    rw_fee fee[RW_SCEN_MAX_FEES];
    size_t nfees = 0;
    if (ts->gran == RW_GRAN_DAY) {
        if (!copy) {
            copy = malloc(og->at * sizeof *copy);
            if (!copy) {
                og->status = rw_error_set(&og->err, RW_ENOMEM, NULL, 0, "out of memory");
                return;
            }
            memcpy(copy, ts->y, og->at * sizeof *copy);
        }
        rw_ts upto = {ts->name, ts->gran, og->at, ts->t, copy};
        nfees = rw_fees_detect(&upto, fee, RW_SCEN_MAX_FEES);
        rw_fees_remove(&upto, copy, fee, nfees);
        y = copy;
    }
    size_t end = og->at;
    while (end > 0 && isnan(y[end - 1])) end--;
    rw_ts hist = {ts->name, ts->gran, end, ts->t, (double *)y}; /* read only */
    rw_forecast_opts fo = c->fo;
    size_t skip = og->at - end;
    fo.horizon = skip + og->len;
    rw_forecast *f = NULL;
    rw_error_clear(&og->err);
    og->status = rw_forecast_run(&hist, &fo, &f, &og->err);
    free(copy);
    if (og->status != RW_OK) return;
    for (size_t k = 0; k < og->len; k++) {
        size_t s = skip + k, slot = og->at + k - c->r->first;
        assert(f->t[s] == ts->t[og->at + k]);
        double due = rw_fees_due(fee, nfees, ts->t[og->at + k]);
        c->r->expected[slot] = f->mean[s] + due;
        c->r->lo[slot] = f->lo[s] + due;
        c->r->hi[slot] = f->hi[s] + due;
    }
    rw_forecast_free(f);
}

/* Runs the origins (pass 2 when c->dir is set); the first failure in time
 * order is reported. */
static rw_status run_pass(detect_ctx *c, size_t threads, rw_error *err)
{
    rw_parallel_for(c->r->origins, threads, run_origin, c);
    for (size_t j = 0; j < c->r->origins; j++) {
        const origin *og = &c->orig[j];
        if (og->status == RW_OK) continue;
        char when[32];
        rw_time_format_bucket(c->ts->t[og->at], c->ts->gran, when, sizeof when);
        return rw_error_set(err, og->status, NULL, 0, "forecast for %s: %s", when,
                            og->err.text[0] ? og->err.text : rw_strerror(og->status));
    }
    return RW_OK;
}

/* Judges every examined step: dir[s] = +1 above, -1 below, 0 inside or a
 * gap. Values within RW_ANOM_REL_TOL of the series' largest magnitude of
 * a bound are inside (rounding noise of exact forecasts). */
static void judge(const rw_ts *ts, rw_anomaly_report *r, signed char *dir)
{
    double top = 0;
    for (size_t i = 0; i < ts->n; i++)
        if (isfinite(ts->y[i])) top = fmax(top, fabs(ts->y[i]));
    double tol = RW_ANOM_REL_TOL * top;
    r->observed = 0;
    for (size_t s = 0; s < r->steps; s++) {
        double v = ts->y[r->first + s];
        dir[s] = 0;
        if (isnan(v)) continue;
        r->observed++;
        dir[s] = (signed char)(v > r->hi[s] + tol ? 1 : v < r->lo[s] - tol ? -1 : 0);
    }
}

/* Lists the anomalies judged in dir. */
static rw_status list(const rw_ts *ts, rw_anomaly_report *r, const signed char *dir, rw_error *err)
{
    double sum = 0;
    size_t cnt = 0;
    for (size_t i = 0; i < ts->n; i++)
        if (isfinite(ts->y[i])) {
            sum += fabs(ts->y[i]);
            cnt++;
        }
    double floor_half = cnt ? RW_ANOM_MIN_HALF_REL * sum / (double)cnt : 0;
    if (!(floor_half > 0)) floor_half = 1;
    r->a = malloc((r->steps ? r->steps : 1) * sizeof *r->a);
    if (!r->a) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    for (size_t s = 0; s < r->steps; s++) {
        if (!dir[s]) continue;
        size_t i = r->first + s;
        rw_anomaly *a = &r->a[r->n++];
        a->index = i;
        a->t = ts->t[i];
        a->value = ts->y[i];
        a->expected = r->expected[s];
        a->lo = r->lo[s];
        a->hi = r->hi[s];
        a->direction = dir[s];
        a->excess = dir[s] > 0 ? a->value - a->hi : a->value - a->lo;
        a->score = fabs(a->excess) / fmax((a->hi - a->lo) / 2, floor_half);
    }
    return RW_OK;
}

rw_status rw_anomaly_detect(const rw_ts *ts, const rw_anomaly_opts *o, rw_anomaly_report **out,
                            rw_error *err)
{
    *out = NULL;
    rw_granularity g = ts->gran;
    double level = o->level != 0 ? o->level : RW_ANOM_DEFAULT_LEVEL;
    if (!(level >= 51 && level <= 99))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "level %g is not between 51 and 99", level);
    size_t last = o->last ? o->last : rw_anomaly_default_last(g);
    size_t step = o->step ? o->step : rw_anomaly_default_step(g);
    size_t minh = rw_anomaly_min_history(g);
    const char *unit = rw_granularity_name(g);
    if (ts->n <= minh)
        return rw_error_set(err, RW_ESHORT, NULL, 0,
                            "series '%s' has %zu %ss; anomalies need at least %zu (%zu of"
                            " history before the first examined %s)",
                            ts->name, ts->n, unit, minh + 1, minh, unit);

    rw_status st = RW_OK;
    origin *orig = NULL;
    signed char *dir = NULL;
    rw_anomaly_report *r = calloc(1, sizeof *r);
    if (!r) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    r->requested = last;
    r->steps = last < ts->n - minh ? last : ts->n - minh;
    r->first = ts->n - r->steps;
    r->level = level;
    r->origins = (r->steps + step - 1) / step;
    r->expected = malloc(r->steps * sizeof *r->expected);
    r->lo = malloc(r->steps * sizeof *r->lo);
    r->hi = malloc(r->steps * sizeof *r->hi);
    orig = calloc(r->origins, sizeof *orig);
    dir = malloc(r->steps);
    if (!r->expected || !r->lo || !r->hi || !orig || !dir) {
        st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
        goto out;
    }
    for (size_t j = 0; j < r->origins; j++) {
        orig[j].at = r->first + j * step;
        orig[j].len = ts->n - orig[j].at < step ? ts->n - orig[j].at : step;
    }
    detect_ctx c = {ts, {0}, orig, r, NULL, rw_anomaly_mask_run(g)};
    c.fo.nlevels = 1;
    c.fo.levels[0] = level;
    c.fo.seed = o->seed;
    c.fo.npaths = o->npaths ? o->npaths : RW_ANOM_DEFAULT_PATHS;
    c.fo.spikes = RW_SPIKES_NONE; /* a spike is what is looked for, not normal range */
    /* Pass 1 on the history as it was; pass 2 again for the origins after
     * short runs of anomalies, with those steps as gaps. */
    if ((st = run_pass(&c, o->threads, err)) != RW_OK) goto out;
    judge(ts, r, dir);
    c.dir = dir;
    if ((st = run_pass(&c, o->threads, err)) != RW_OK) goto out;
    for (size_t j = 0; j < r->origins; j++) r->rerun += (size_t)orig[j].rerun;
    if (r->rerun) judge(ts, r, dir);
    st = list(ts, r, dir, err);
out:
    free(orig);
    free(dir);
    if (st != RW_OK) rw_anomaly_report_free(r);
    else *out = r;
    return st;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double rw_anomaly_baseline(const double *y, size_t n, size_t i, size_t season)
{
    double w[RW_ANOM_BASELINE_STEPS], sum = 0;
    size_t k = 0;
    if (i > n) i = n;
    if (season > 0)
        for (size_t s = 1; s <= RW_ANOM_BASELINE_SEASONS && s * season <= i; s++)
            if (!isnan(y[i - s * season])) {
                sum += y[i - s * season];
                k++;
            }
    if (k > 0) return sum / (double)k;
    for (size_t j = 1; j <= RW_ANOM_BASELINE_STEPS && j <= i; j++)
        if (!isnan(y[i - j])) w[k++] = y[i - j];
    if (k == 0) return 0;
    qsort(w, k, sizeof *w, cmp_double);
    return k % 2 ? w[k / 2] : (w[k / 2 - 1] + w[k / 2]) / 2;
}

/* How surprising a move of `dev` from `base` is: dev^2 / |base| (a
 * chi-square contribution), the base floored at a tenth of the move so a
 * value appearing from nothing scores high but finite. A service that
 * doubled outranks a region (all services) that rose by a quarter, while a
 * rise spread over every service is still pinned on the broad value. */
static double surprise(double dev, double base)
{
    double scale = fmax(fabs(base), 0.1 * fabs(dev));
    return scale > 0 ? dev * dev / scale : 0;
}

long rw_anomaly_attribute(const rw_anomaly *a, const rw_anomaly_dim *dims, size_t ndims,
                          size_t season, rw_attribution *per_dim)
{
    long best = -1;
    double dir = a->direction > 0 ? 1 : -1;
    /* The difference from the forecast (the excess should the mean lie
     * beyond the bound, which sample paths do not forbid). */
    double diff = dir * (a->value - a->expected) > 0 ? a->value - a->expected : a->excess;
    for (size_t d = 0; d < ndims; d++) {
        rw_attribution *p = &per_dim[d];
        memset(p, 0, sizeof *p);
        p->dim = d;
        const rw_anomaly_dim *dm = &dims[d];
        if (dm->nvalues < 2 || a->index >= dm->n) continue;
        for (size_t v = 0; v < dm->nvalues; v++) {
            double x = dm->y[v][a->index];
            if (isnan(x)) continue;
            double base = rw_anomaly_baseline(dm->y[v], dm->n, a->index, season);
            double dev = x - base;
            if (dir * dev > 0 &&
                (!p->found || surprise(dev, base) > surprise(p->deviation, p->baseline))) {
                p->found = 1;
                p->value = v;
                p->baseline = base;
                p->deviation = dev;
            }
        }
        if (!p->found) continue;
        p->share = p->deviation / diff;
        /* Strictly larger (beyond rounding) to win: ties go to the earlier
         * dimension, e.g. a service over the only account that runs it. */
        if (best < 0 || surprise(p->deviation, p->baseline) >
                            surprise(per_dim[best].deviation, per_dim[best].baseline) *
                                (1 + RW_ANOM_REL_TOL))
            best = (long)d;
    }
    return best;
}
