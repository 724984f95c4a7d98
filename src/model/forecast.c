/* forecast.c: selection, combination, sample paths and interval
 * calibration (see forecast.h).
 *
 * Rolling origin: origins n - j*hb (j = 1..norig, norig between
 * RW_FC_ORIGINS and RW_FC_MAX_ORIGINS) each forecast hb steps (hb = h, or
 * less on short histories) from the history before them.
 * A candidate's score is its mean absolute error on those points scaled by
 * the in-sample mean absolute seasonal difference (MASE). The forecast is
 * the best candidate or the equal-weight mean of the best 2 or 3, whichever
 * scores lower. Paths are drawn from the component models in turn and
 * re-centred on the combined mean; one factor scales their spread so that
 * the backtest errors fall inside the intervals at the nominal rates. */
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "model/forecast.h"
#include "util/stats.h"
#include "model/trend.h"

typedef struct cand {
    const rw_model_ops *ops;
    const char *variant; /* model form tried, NULL: the model chooses */
    char label[40];      /* "snaive", "snaive:168", ... */
    void *state;    /* fitted on the whole prepared history */
    double *fc;     /* its forecast, h steps */
    double *bt;     /* backtest forecasts, norig x hb */
    double score;   /* scaled backtest MAE; INFINITY if unusable */
    int fitted;     /* state is valid */
    char why[RW_ERROR_TEXT + 16]; /* why it is not usable */
} cand;

void rw_forecast_free(rw_forecast *f)
{
    if (!f) return;
    free(f->t);
    free(f->mean);
    free(f->lo);
    free(f->hi);
    free(f->paths);
    rw_desc_cleanup(&f->info);
    free(f);
}

double rw_mase_scale(const double *y, size_t n, size_t m)
{
    if (m < 1 || n <= m) m = 1;
    double s = 0;
    size_t cnt = 0;
    for (size_t t = m; t < n; t++)
        if (!isnan(y[t]) && !isnan(y[t - m])) {
            s += fabs(y[t] - y[t - m]);
            cnt++;
        }
    s = cnt ? s / (double)cnt : 0;
    return s > 0 ? s : 1.0;
}

static void iso(int64_t t, char *buf, size_t n)
{
    rw_time_format_iso(t, buf, n);
}

/* When the observations are: the trend model uses it for calendar terms
 * (a charge on the 1st of every month). */
typedef struct calendar {
    int64_t t0;   /* epoch seconds of y[0] */
    int64_t step; /* seconds per step; 0 when not a fixed step */
} calendar;

/* Fits `ops` on y[0..n) and forecasts h steps into out. */
static rw_status fit_forecast(const rw_model_ops *ops, const double *y, size_t n,
                              const rw_seasonality *s, const rw_model_opts *mo,
                              const calendar *cal, size_t h, double *out, void **state,
                              rw_error *err)
{
    *state = NULL;
    rw_status st = ops == &rw_model_trend && cal->step
                       ? rw_trend_fit_calendar(y, n, s, cal->t0, cal->step, mo, state, err)
                       : ops->fit(y, n, s, mo, state, err);
    if (st != RW_OK) {
        if (*state) ops->free(*state);
        *state = NULL;
        return st;
    }
    st = ops->forecast(*state, h, out);
    for (size_t k = 0; st == RW_OK && k < h; k++)
        if (!isfinite(out[k]))
            st = rw_error_set(err, RW_ENUMERIC, NULL, 0, "%s: non-finite forecast", ops->name);
    if (st != RW_OK) {
        ops->free(*state);
        *state = NULL;
    }
    return st;
}

/* Backtest forecasts of candidate c at every origin; score. */
static void backtest(cand *c, const double *y, size_t n, const rw_seasonality *s,
                     const rw_model_opts *mo, const calendar *cal, size_t norig, size_t hb,
                     double scale)
{
    double sum = 0;
    size_t cnt = 0;
    for (size_t j = 0; j < norig; j++) {
        size_t origin = n - (norig - j) * hb;
        void *st = NULL;
        rw_error e;
        rw_error_clear(&e);
        double *out = c->bt + j * hb;
        if (fit_forecast(c->ops, y, origin, s, mo, cal, hb, out, &st, &e) != RW_OK) {
            snprintf(c->why, sizeof c->why, "backtest: %.500s", e.text);
            c->score = INFINITY;
            return;
        }
        c->ops->free(st);
        for (size_t k = 0; k < hb; k++) {
            sum += fabs(y[origin + k] - out[k]);
            cnt++;
        }
    }
    c->score = cnt ? sum / (double)cnt / scale : INFINITY;
}

/* Score of the mean of candidates idx[0..k) on the backtest. */
static double combo_score(cand *cs, const size_t *idx, size_t k, const double *y, size_t n,
                          size_t norig, size_t hb, double scale)
{
    double sum = 0;
    for (size_t j = 0; j < norig; j++) {
        size_t origin = n - (norig - j) * hb;
        for (size_t s = 0; s < hb; s++) {
            double f = 0;
            for (size_t i = 0; i < k; i++) f += cs[idx[i]].bt[j * hb + s];
            sum += fabs(y[origin + s] - f / (double)k);
        }
    }
    return sum / (double)(norig * hb) / scale;
}

/* Empirical coverage at each level of backtest errors e[j*hb+k] by the
 * interval mean + f * [qlo, qhi] of path deviations at step k. */
static double coverage_gap(const double *e, size_t norig, size_t hb, const double *qlo,
                           const double *qhi, size_t nlev, size_t h, const double *levels,
                           double f, double *cov)
{
    double gap = 0;
    for (size_t l = 0; l < nlev; l++) {
        size_t in = 0, tot = 0;
        for (size_t j = 0; j < norig; j++)
            for (size_t k = 0; k < hb; k++) {
                double x = e[j * hb + k];
                in += x >= f * qlo[l * h + k] && x <= f * qhi[l * h + k];
                tot++;
            }
        double c = tot ? (double)in / (double)tot : 0;
        if (cov) cov[l] = c;
        gap += fabs(c - levels[l] / 100.0);
    }
    return gap;
}

/* Adds key: {"80": v[0], "95": v[1], ...}, one member per level. */
static void desc_levels(rw_desc *d, const char *key, const double *levels, const double *v,
                        size_t n)
{
    char name[16];
    rw_desc_open(d, key, RW_DESC_OBJECT);
    for (size_t l = 0; l < n; l++) {
        snprintf(name, sizeof name, "%g", levels[l]);
        rw_desc_real(d, name, v[l]);
    }
    rw_desc_close(d);
}

/* Puts the spikes that preparation cleaned out of the history back into
 * the paths: at every step, with the rate seen (spikes per observed value),
 * one of the sizes seen (the value minus its cleaned replacement, either
 * sign, or only upwards, as `mode` says). Models are fitted without them, but they recur, and intervals
 * that ignore them under-cover. Returns whether any path changed. */
static int redraw_spikes(const rw_ts *ts, const rw_prep *prep, rw_spike_mode mode,
                         rw_forecast *f, gsl_rng *rng, double *rate, size_t *nsizes)
{
    double size[RW_PREP_MAX_SPIKES];
    size_t k = 0, recorded = prep->nspikes < RW_PREP_MAX_SPIKES ? prep->nspikes
                                                                 : RW_PREP_MAX_SPIKES;
    for (size_t j = 0; mode != RW_SPIKES_NONE && j < recorded; j++) {
        size_t i = prep->spike[j];
        if (i < prep->start || i >= prep->start + prep->n) continue;
        double e = ts->y[i] - prep->y[i - prep->start];
        if (isfinite(e) && (mode == RW_SPIKES_UP ? e > 0 : e != 0)) size[k++] = e;
    }
    size_t observed = prep->n > prep->ngaps ? prep->n - prep->ngaps : 0;
    *nsizes = k;
    *rate = k && observed ? (double)k * ((double)prep->nspikes / (double)recorded) /
                                (double)observed
                          : 0;
    int changed = 0;
    for (size_t p = 0; k && p < f->npaths; p++)
        for (size_t s = 0; s < f->h; s++)
            if (gsl_rng_uniform(rng) < *rate) {
                f->paths[p * f->h + s] += size[gsl_rng_uniform_int(rng, k)];
                changed = 1;
            }
    return changed;
}

rw_status rw_forecast_run(const rw_ts *ts, const rw_forecast_opts *o, rw_forecast **out,
                          rw_error *err)
{
    *out = NULL;
    if (o->horizon < 1 || o->horizon > 100000)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "horizon must be between 1 and 100000");
    if (o->nlevels > RW_FC_MAX_LEVELS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "at most %d levels", RW_FC_MAX_LEVELS);
    for (size_t l = 0; l < o->nlevels; l++)
        if (!(o->levels[l] >= 51 && o->levels[l] <= 99))
            return rw_error_set(err, RW_EINVAL, NULL, 0, "level %g is not between 51 and 99",
                                o->levels[l]);
    int automatic = !o->model || !strcmp(o->model, "auto");
    const rw_model_ops *forced = automatic ? NULL : rw_model_find(o->model);
    if (!automatic && !forced)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "unknown model '%s'", o->model);

    size_t h = o->horizon, npaths = o->npaths ? o->npaths : RW_FC_DEFAULT_PATHS;
    rw_prep prep;
    rw_prep_opts po = {o->periods, 1, 1};
    rw_status st = rw_prep_run(ts, &po, &prep, err);
    if (st != RW_OK) return st;
    const double *y = prep.y;
    size_t n = prep.n;
    size_t m0 = prep.seas.n ? (size_t)lround(prep.seas.period[0]) : 1;
    double scale = rw_mase_scale(y, n, m0);
    const char *notes[2]; /* said in the explanation, in this order */
    size_t nnotes = 0;

    /* Backtest geometry: as many origins as the history allows. */
    size_t min_train = 2 * m0 + 8 > 10 ? 2 * m0 + 8 : 10;
    size_t hb = o->backtest_steps && o->backtest_steps < h ? o->backtest_steps : h;
    if (n < min_train + hb) hb = n > min_train ? (n - min_train) : 0;
    /* Enough origins that the backtest spans a month of daily data (so a
     * monthly fee is tested) or two days of hourly data, however short h. */
    static const size_t min_span[] = {[RW_GRAN_HOUR] = 48, [RW_GRAN_DAY] = 35,
                                      [RW_GRAN_WEEK] = 13, [RW_GRAN_MONTH] = 12};
    size_t want = hb ? (min_span[ts->gran] + hb - 1) / hb : 0;
    if (want < RW_FC_ORIGINS) want = RW_FC_ORIGINS;
    if (want > RW_FC_MAX_ORIGINS) want = RW_FC_MAX_ORIGINS;
    size_t norig = 0;
    while (hb && norig < want && n >= (norig + 1) * hb + min_train) norig++;
    if (norig == 0)
        notes[nnotes++] = "history too short for a backtest: the model is chosen by rule and"
                          " intervals are widened";

    /* Candidates: every model as it chooses its own form, plus the seasonal
     * naive of the longest period (a weekly cycle of hourly data often beats
     * the daily one). A forced model is the only candidate. */
    const rw_model_ops *const *reg = rw_model_registry();
    size_t ncand = 0;
    for (const rw_model_ops *const *r = reg; *r; r++) ncand++;
    cand *cs = calloc(ncand + 1, sizeof *cs);
    rw_forecast *f = calloc(1, sizeof *f);
    double *work = NULL, *e = NULL, *qlo = NULL, *qhi = NULL, *col = NULL;
    double *cdev = NULL, *cqlo = NULL, *cqhi = NULL; /* running sums (o->cumulative) */
    gsl_rng *rng = NULL;
    char longest_text[16];
    if (!cs || !f) {
        st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < ncand; i++) {
        cs[i].ops = reg[i];
        cs[i].variant = reg[i] == forced ? o->variant : NULL;
        snprintf(cs[i].label, sizeof cs[i].label, "%s", reg[i]->name);
    }
    if (!forced && prep.seas.n >= 2) {
        snprintf(longest_text, sizeof longest_text, "%ld", lround(prep.seas.period[prep.seas.n - 1]));
        cs[ncand].ops = &rw_model_snaive;
        cs[ncand].variant = longest_text;
        snprintf(cs[ncand].label, sizeof cs[ncand].label, "snaive:%s", longest_text);
        ncand++;
    }
    calendar cal = {ts->t[prep.start], 0};
    if (ts->gran == RW_GRAN_HOUR) cal.step = RW_HOUR;
    else if (ts->gran == RW_GRAN_DAY) cal.step = RW_DAY;
    size_t usable = 0;
    for (size_t i = 0; i < ncand; i++) {
        cand *c = &cs[i];
        c->score = INFINITY;
        if (forced && c->ops != forced) {
            snprintf(c->why, sizeof c->why, "not requested");
            continue;
        }
        rw_model_opts mo = {c->variant};
        c->fc = malloc(h * sizeof *c->fc);
        c->bt = malloc((norig ? norig * hb : 1) * sizeof *c->bt);
        if (!c->fc || !c->bt) {
            st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
            goto out;
        }
        rw_error ce;
        rw_error_clear(&ce);
        if (fit_forecast(c->ops, y, n, &prep.seas, &mo, &cal, h, c->fc, &c->state, &ce) != RW_OK) {
            snprintf(c->why, sizeof c->why, "%.500s", ce.text);
            if (forced) {
                st = rw_error_set(err,
                                  ce.status == RW_ESHORT || ce.status == RW_EINVAL ? ce.status
                                                                                   : RW_ENUMERIC,
                                  NULL, 0, "%s", ce.text);
                goto out;
            }
            continue;
        }
        c->fitted = 1;
        /* Backtests repeat the model's whole choice of form at each origin:
         * refitting the form chosen on the whole history flattered ETS in
         * the backtests (M4 Hourly MASE 0.97 against 0.87). */
        if (norig) backtest(c, y, n, &prep.seas, &mo, &cal, norig, hb, scale);
        else c->score = 0;
        usable += isfinite(c->score);
    }
    if (usable == 0) {
        /* A fitted model whose backtest failed is still better than none. */
        for (size_t i = 0; i < ncand && usable == 0; i++)
            if (cs[i].fitted) {
                cs[i].score = 0;
                usable = 1;
                norig = 0;
            }
        if (usable == 0) {
            st = rw_error_set(err, RW_ESHORT, NULL, 0,
                              "no model can be fitted to series '%s' (%zu values): %s", ts->name,
                              n, cs[0].why);
            goto out;
        }
    }

    /* Rank usable candidates; without a backtest, registry order is the rule. */
    size_t order[16], nu = 0;
    for (size_t i = 0; i < ncand && nu < 16; i++)
        if (cs[i].fitted && isfinite(cs[i].score)) order[nu++] = i;
    for (size_t a = 1; a < nu; a++)
        for (size_t b = a; b > 0 && cs[order[b]].score < cs[order[b - 1]].score; b--) {
            size_t t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
        }
    size_t k = 1;
    double best = cs[order[0]].score;
    if (norig && automatic) {
        for (size_t kk = 2; kk <= nu && kk <= RW_FC_MAX_COMBINE; kk++) {
            double sc = combo_score(cs, order, kk, y, n, norig, hb, scale);
            if (sc < best) {
                best = sc;
                k = kk;
            }
        }
    }

    /* The combined forecast and its timestamps. */
    f->h = h;
    f->nlevels = o->nlevels;
    memcpy(f->levels, o->levels, o->nlevels * sizeof *o->levels);
    f->npaths = npaths;
    f->t = malloc(h * sizeof *f->t);
    f->mean = calloc(h, sizeof *f->mean);
    f->lo = malloc((o->nlevels ? o->nlevels : 1) * h * sizeof *f->lo);
    f->hi = malloc((o->nlevels ? o->nlevels : 1) * h * sizeof *f->hi);
    f->paths = malloc(npaths * h * sizeof *f->paths);
    work = malloc(h * sizeof *work);
    col = malloc(npaths * sizeof *col);
    size_t nlev = o->nlevels;
    qlo = malloc((nlev ? nlev : 1) * h * sizeof *qlo);
    qhi = malloc((nlev ? nlev : 1) * h * sizeof *qhi);
    e = malloc((norig ? norig * hb : 1) * sizeof *e);
    if (o->cumulative) {
        cdev = calloc(npaths, sizeof *cdev);
        cqlo = malloc((nlev ? nlev : 1) * h * sizeof *cqlo);
        cqhi = malloc((nlev ? nlev : 1) * h * sizeof *cqhi);
        if (!cdev || !cqlo || !cqhi) {
            st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
            goto out;
        }
    }
    if (!f->t || !f->mean || !f->lo || !f->hi || !f->paths || !work || !col || !qlo || !qhi || !e) {
        st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
        goto out;
    }
    int64_t last = ts->t[prep.start + prep.n - 1];
    for (size_t s = 0; s < h; s++) f->t[s] = last = rw_time_next(last, ts->gran);
    size_t used = 0;
    for (size_t i = 0; i < k; i++) {
        for (size_t s = 0; s < h; s++) f->mean[s] += cs[order[i]].fc[s] / (double)k;
        used += (size_t)snprintf(f->model + used, sizeof f->model - used, "%s%s", i ? "+" : "",
                                 cs[order[i]].label);
        if (used >= sizeof f->model) used = sizeof f->model - 1;
    }

    /* Sample paths from the components in turn, re-centred on the mean. */
    rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng) {
        st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
        goto out;
    }
    gsl_rng_set(rng, o->seed);
    for (size_t p = 0; p < npaths; p++) {
        cand *c = &cs[order[p % k]];
        double *path = f->paths + p * h;
        st = c->ops->simulate(c->state, h, rng, work);
        if (st != RW_OK) {
            st = rw_error_set(err, st, NULL, 0, "%s: simulation failed", c->ops->name);
            goto out;
        }
        for (size_t s = 0; s < h; s++) {
            double v = f->mean[s] + (work[s] - c->fc[s]);
            path[s] = isfinite(v) ? v : f->mean[s];
        }
    }

    /* Calibration: one factor on the spread of the paths. Quantiles of
     * single steps are only needed when calibrating on them. */
    for (size_t s = 0; !o->cumulative && s < h; s++) {
        for (size_t p = 0; p < npaths; p++) col[p] = f->paths[p * h + s] - f->mean[s];
        for (size_t l = 0; l < nlev; l++) {
            double a = (1 - o->levels[l] / 100.0) / 2;
            qlo[l * h + s] = rw_quantile_select(col, npaths, a);
            qhi[l * h + s] = rw_quantile_select(col, npaths, 1 - a);
        }
    }
    double factor = RW_FC_UNCALIBRATED;
    double cov_before[RW_FC_MAX_LEVELS] = {0}, cov_after[RW_FC_MAX_LEVELS] = {0};
    size_t npts = norig * hb;
    if (norig && nlev) {
        for (size_t j = 0; j < norig; j++) {
            size_t origin = n - (norig - j) * hb;
            for (size_t s = 0; s < hb; s++) {
                double fsum = 0;
                for (size_t i = 0; i < k; i++) fsum += cs[order[i]].bt[j * hb + s];
                e[j * hb + s] = y[origin + s] - fsum / (double)k;
            }
        }
        /* Running sums: the errors of a total over the first k steps, and
         * the quantiles of the paths' running deviations. */
        const double *clo = qlo, *chi = qhi;
        if (o->cumulative) {
            for (size_t j = 0; j < norig; j++)
                for (size_t s = 1; s < hb; s++) e[j * hb + s] += e[j * hb + s - 1];
            for (size_t s = 0; s < hb; s++) {
                for (size_t p = 0; p < npaths; p++) {
                    cdev[p] += f->paths[p * h + s] - f->mean[s];
                    col[p] = cdev[p];
                }
                for (size_t l = 0; l < nlev; l++) {
                    double a = (1 - o->levels[l] / 100.0) / 2;
                    cqlo[l * h + s] = rw_quantile_select(col, npaths, a);
                    cqhi[l * h + s] = rw_quantile_select(col, npaths, 1 - a);
                }
            }
            clo = cqlo;
            chi = cqhi;
        }
        coverage_gap(e, norig, hb, clo, chi, nlev, h, o->levels, 1.0, cov_before);
        double best_f = 1.0, best_gap = INFINITY;
        for (int g = 0; g <= 80; g++) {
            double cand_f = exp(log(0.3) + (log(6.0) - log(0.3)) * g / 80.0);
            double gap = coverage_gap(e, norig, hb, clo, chi, nlev, h, o->levels, cand_f, NULL);
            if (gap < best_gap - 1e-12 ||
                (fabs(gap - best_gap) <= 1e-12 && fabs(log(cand_f)) < fabs(log(best_f)))) {
                best_gap = gap;
                best_f = cand_f;
            }
        }
        double w = (double)npts / ((double)npts + RW_FC_PRIOR_POINTS);
        factor = exp(w * log(best_f));
        coverage_gap(e, norig, hb, clo, chi, nlev, h, o->levels, factor, cov_after);
    } else if (!norig) {
        notes[nnotes++] = "intervals widened by 25% (not calibrated)";
    }
    for (size_t p = 0; p < npaths; p++)
        for (size_t s = 0; s < h; s++) {
            double *v = &f->paths[p * h + s];
            *v = f->mean[s] + factor * (*v - f->mean[s]);
        }
    /* Scaling about the mean keeps the order of the paths, so the quantiles
     * of the calibrated paths are the scaled quantiles of the deviations;
     * spikes put back change them, so they are then taken again (as they
     * are when calibrating on running sums, which needs no single-step
     * quantiles before). */
    size_t nsizes = 0;
    double spike_rate = 0;
    int requantile = redraw_spikes(ts, &prep, o->spikes, f, rng, &spike_rate, &nsizes) || o->cumulative;
    for (size_t s = 0; s < h; s++) {
        if (requantile)
            for (size_t p = 0; p < npaths; p++) col[p] = f->paths[p * h + s] - f->mean[s];
        for (size_t l = 0; l < nlev; l++) {
            double a = (1 - o->levels[l] / 100.0) / 2;
            f->lo[l * h + s] = f->mean[s] + (requantile ? rw_quantile_select(col, npaths, a)
                                                        : factor * qlo[l * h + s]);
            f->hi[l * h + s] = f->mean[s] + (requantile ? rw_quantile_select(col, npaths, 1 - a)
                                                        : factor * qhi[l * h + s]);
        }
    }
    /* Values within 1e-12 of the history's largest value of 0 are rounding
     * noise of exact zeros (a monthly fee on a day it is not due). */
    double big = 0;
    for (size_t i = 0; i < n; i++) big = fmax(big, fabs(y[i]));
    for (size_t i = 0; i < h; i++)
        if (fabs(f->mean[i]) < 1e-12 * big) f->mean[i] = 0;
    for (size_t i = 0; i < nlev * h; i++) {
        if (fabs(f->lo[i]) < 1e-12 * big) f->lo[i] = 0;
        if (fabs(f->hi[i]) < 1e-12 * big) f->hi[i] = 0;
    }

    /* The explanation. */
    char buf[32], buf2[32];
    rw_desc *info = &f->info;
    iso((int64_t)time(NULL), buf, sizeof buf);
    rw_desc_str(info, "generated_at", buf);
    rw_desc_str(info, "granularity", rw_granularity_name(ts->gran));
    rw_desc_open(info, "history", RW_DESC_OBJECT);
    iso(ts->t[prep.start], buf, sizeof buf);
    iso(ts->t[prep.start + prep.n - 1], buf2, sizeof buf2);
    rw_desc_str(info, "from", buf);
    rw_desc_str(info, "to", buf2);
    rw_desc_int(info, "observations", (int64_t)prep.n);
    rw_desc_int(info, "gaps_filled", (int64_t)prep.ngaps);
    rw_desc_open(info, "spikes_cleaned", RW_DESC_ARRAY);
    for (size_t i = 0; i < prep.nspikes && i < RW_PREP_MAX_SPIKES; i++) {
        iso(ts->t[prep.spike[i]], buf, sizeof buf);
        rw_desc_str(info, NULL, buf);
    }
    rw_desc_close(info);
    if (prep.shift) {
        iso(ts->t[prep.shift_at], buf, sizeof buf);
        rw_desc_open(info, "level_shift", RW_DESC_OBJECT);
        rw_desc_str(info, "at", buf);
        rw_desc_real(info, "size", prep.shift_size);
        rw_desc_bool(info, "history_cut", prep.start == prep.shift_at);
        rw_desc_close(info);
    } else {
        rw_desc_null(info, "level_shift");
    }
    rw_desc_open(info, "recurring_days_of_month", RW_DESC_ARRAY);
    for (size_t i = 0; i < prep.ncalendar; i++) rw_desc_int(info, NULL, prep.calendar_day[i]);
    rw_desc_close(info);
    rw_desc_close(info);
    rw_desc_open(info, "seasonality", RW_DESC_OBJECT);
    rw_desc_open(info, "periods", RW_DESC_ARRAY);
    for (size_t i = 0; i < prep.seas.n; i++) {
        rw_desc_open(info, NULL, RW_DESC_OBJECT);
        rw_desc_real(info, "period", prep.seas.period[i]);
        rw_desc_real(info, "strength", prep.strength[i]);
        rw_desc_close(info);
    }
    rw_desc_close(info);
    rw_desc_open(info, "considered", RW_DESC_ARRAY);
    for (size_t i = 0; i < prep.ncandidates; i++) {
        rw_desc_open(info, NULL, RW_DESC_OBJECT);
        rw_desc_real(info, "period", prep.candidate[i]);
        rw_desc_real(info, "strength", prep.candidate_strength[i]);
        rw_desc_close(info);
    }
    rw_desc_close(info);
    rw_desc_close(info);
    rw_desc_open(info, "model", RW_DESC_OBJECT);
    rw_desc_str(info, "chosen", f->model);
    rw_desc_open(info, "components", RW_DESC_ARRAY);
    for (size_t i = 0; i < k; i++) {
        cand *c = &cs[order[i]];
        /* The model describes itself in a description of its own, taken in whole. */
        rw_desc md;
        rw_desc_init(&md);
        if (c->ops->describe) c->ops->describe(c->state, &md);
        rw_desc_open(info, NULL, RW_DESC_OBJECT);
        rw_desc_append(info, &md);
        rw_desc_str(info, "model", c->label);
        rw_desc_close(info);
        rw_desc_cleanup(&md);
    }
    rw_desc_close(info);
    rw_desc_open(info, "candidates", RW_DESC_ARRAY);
    for (size_t i = 0; i < ncand; i++) {
        cand *c = &cs[i];
        if (forced && c->ops != forced) continue;
        rw_desc_open(info, NULL, RW_DESC_OBJECT);
        rw_desc_str(info, "model", c->label);
        if (c->fitted && isfinite(c->score) && norig) rw_desc_real(info, "mase", c->score);
        if (c->why[0]) rw_desc_str(info, "not_used", c->why);
        rw_desc_close(info);
    }
    rw_desc_close(info);
    if (norig) {
        rw_desc_open(info, "backtest", RW_DESC_OBJECT);
        rw_desc_int(info, "origins", (int64_t)norig);
        rw_desc_int(info, "steps", (int64_t)hb);
        rw_desc_real(info, "mase", best);
        rw_desc_close(info);
    }
    rw_desc_close(info);
    rw_desc_open(info, "intervals", RW_DESC_OBJECT);
    rw_desc_int(info, "paths", (int64_t)npaths);
    rw_desc_int(info, "seed", (int64_t)o->seed);
    rw_desc_real(info, "calibration_factor", factor);
    rw_desc_str(info, "calibrated_on", o->cumulative ? "running sums" : "single steps");
    rw_desc_open(info, "spikes_redrawn", RW_DESC_OBJECT);
    rw_desc_real(info, "rate_per_step", spike_rate);
    rw_desc_int(info, "sizes", (int64_t)nsizes);
    rw_desc_close(info);
    if (norig && nlev) {
        rw_desc_int(info, "backtest_points", (int64_t)npts);
        desc_levels(info, "backtest_coverage_before", o->levels, cov_before, nlev);
        desc_levels(info, "backtest_coverage_after", o->levels, cov_after, nlev);
    }
    rw_desc_close(info);
    rw_desc_open(info, "notes", RW_DESC_ARRAY);
    for (size_t i = 0; i < nnotes; i++) rw_desc_str(info, NULL, notes[i]);
    rw_desc_close(info);
    st = rw_desc_check(info, "a forecast", err);
    if (st != RW_OK) goto out;
    *out = f;
    f = NULL;
    st = RW_OK;
out:
    for (size_t i = 0; cs && i < ncand; i++) {
        if (cs[i].state) cs[i].ops->free(cs[i].state);
        free(cs[i].fc);
        free(cs[i].bt);
    }
    free(cs);
    free(work);
    free(col);
    free(qlo);
    free(qhi);
    free(cdev);
    free(cqlo);
    free(cqhi);
    free(e);
    gsl_rng_free(rng);
    rw_forecast_free(f);
    rw_prep_cleanup(&prep);
    return st;
}
