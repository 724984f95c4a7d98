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

/* Everything one rw_forecast_run works on, handed from step to step. */
typedef struct fc_work {
    const rw_ts *ts;            /* the series forecast */
    const rw_forecast_opts *o;  /* its options */
    const rw_model_ops *forced; /* the one model asked for; NULL: automatic choice */
    size_t h;                   /* horizon */
    size_t npaths;              /* sample paths */
    size_t nlev;                /* interval levels */
    rw_prep prep;               /* owned: the prepared history */
    const double *y;            /* prep.y: the values fitted */
    size_t n;                   /* prep.n: their number */
    size_t m0;                  /* first seasonal period, rounded; 1: none */
    double scale;               /* MASE scale of y */
    calendar cal;               /* when y[0] is, for the trend model */
    size_t hb;                  /* steps per backtest origin */
    size_t norig;               /* backtest origins; 0: no backtest */
    cand *cs;                   /* owned: the candidates [ncand] */
    size_t ncand;               /* their number */
    char longest[16];           /* variant of the extra seasonal naive: its period */
    size_t order[16];           /* usable candidates, best first */
    size_t nu;                  /* their number */
    size_t k;                   /* the first k of them are combined */
    double best;                /* backtest MASE of the forecast */
    rw_forecast *f;             /* owned until handed to the caller */
    double *work;               /* one simulated path [h] */
    double *col;                /* one step across the paths [npaths] */
    double *qlo, *qhi;          /* quantiles of path deviations per level and step [nlev * h] */
    double *e;                  /* backtest errors of a combination [norig * hb] */
    double *cdev;               /* running deviations of the paths [npaths] (o->cumulative) */
    double *cqlo, *cqhi;        /* their quantiles [nlev * h] (o->cumulative) */
    gsl_rng *rng;               /* owned: the one source of randomness */
    double factor;              /* calibration factor of the spread of the paths */
    double cov_before[RW_FC_MAX_LEVELS]; /* backtest coverage per level, factor 1 */
    double cov_after[RW_FC_MAX_LEVELS];  /* and with the factor */
    double spike_rate;          /* cleaned spikes redrawn per path step */
    size_t nsizes;              /* spike sizes they are drawn from */
    const char *note[2];        /* notes of the explanation, in order */
    size_t nnotes;              /* their number */
} fc_work;

/* Fits `ops` on y[0..n) and forecasts h steps into out. */
static rw_status fit_forecast(const fc_work *w, const rw_model_ops *ops, const rw_model_opts *mo,
                              size_t n, size_t h, double *out, void **state, rw_error *err)
{
    *state = NULL;
    const rw_seasonality *s = &w->prep.seas;
    rw_status st = ops == &rw_model_trend && w->cal.step
                       ? rw_trend_fit_calendar(w->y, n, s, w->cal.t0, w->cal.step, mo, state, err)
                       : ops->fit(w->y, n, s, mo, state, err);
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
static void backtest(const fc_work *w, cand *c, const rw_model_opts *mo)
{
    double sum = 0;
    size_t cnt = 0, norig = w->norig, hb = w->hb;
    for (size_t j = 0; j < norig; j++) {
        size_t origin = w->n - (norig - j) * hb;
        void *st = NULL;
        rw_error e;
        rw_error_clear(&e);
        double *out = c->bt + j * hb;
        if (fit_forecast(w, c->ops, mo, origin, hb, out, &st, &e) != RW_OK) {
            snprintf(c->why, sizeof c->why, "backtest: %.500s", e.text);
            c->score = INFINITY;
            return;
        }
        c->ops->free(st);
        for (size_t k = 0; k < hb; k++) {
            sum += fabs(w->y[origin + k] - out[k]);
            cnt++;
        }
    }
    c->score = cnt ? sum / (double)cnt / w->scale : INFINITY;
}

/* The backtest errors of the mean of the best k candidates, into
 * w->e[j * hb + s] for origin j and step s. */
static void combo_errors(fc_work *w, size_t k)
{
    size_t norig = w->norig, hb = w->hb;
    for (size_t j = 0; j < norig; j++) {
        size_t origin = w->n - (norig - j) * hb;
        for (size_t s = 0; s < hb; s++) {
            double fsum = 0;
            for (size_t i = 0; i < k; i++) fsum += w->cs[w->order[i]].bt[j * hb + s];
            w->e[j * hb + s] = w->y[origin + s] - fsum / (double)k;
        }
    }
}

/* Score of the mean of the best k candidates on the backtest (scaled MAE). */
static double combo_score(fc_work *w, size_t k)
{
    combo_errors(w, k);
    double sum = 0;
    for (size_t i = 0; i < w->norig * w->hb; i++) sum += fabs(w->e[i]);
    return sum / (double)(w->norig * w->hb) / w->scale;
}

/* Empirical coverage at each level of the backtest errors w->e by the
 * interval mean + f * [qlo, qhi] of path deviations at each step (into
 * cov unless NULL); returns the summed distance to the nominal levels. */
static double coverage_gap(const fc_work *w, const double *qlo, const double *qhi, double f,
                           double *cov)
{
    double gap = 0;
    size_t h = w->h, hb = w->hb;
    for (size_t l = 0; l < w->nlev; l++) {
        size_t in = 0, tot = 0;
        for (size_t j = 0; j < w->norig; j++)
            for (size_t k = 0; k < hb; k++) {
                double x = w->e[j * hb + k];
                in += x >= f * qlo[l * h + k] && x <= f * qhi[l * h + k];
                tot++;
            }
        double c = tot ? (double)in / (double)tot : 0;
        if (cov) cov[l] = c;
        gap += fabs(c - w->o->levels[l] / 100.0);
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
 * sign, or only upwards, as o->spikes says). Models are fitted without
 * them, but they recur, and intervals that ignore them under-cover. Sets
 * w->spike_rate and w->nsizes; returns whether any path changed. */
static int redraw_spikes(fc_work *w)
{
    const rw_prep *prep = &w->prep;
    rw_spike_mode mode = w->o->spikes;
    rw_forecast *f = w->f;
    double size[RW_PREP_MAX_SPIKES];
    size_t k = 0, recorded = prep->nspikes < RW_PREP_MAX_SPIKES ? prep->nspikes
                                                                 : RW_PREP_MAX_SPIKES;
    for (size_t j = 0; mode != RW_SPIKES_NONE && j < recorded; j++) {
        size_t i = prep->spike[j];
        if (i < prep->start || i >= prep->start + prep->n) continue;
        double e = w->ts->y[i] - prep->y[i - prep->start];
        if (isfinite(e) && (mode == RW_SPIKES_UP ? e > 0 : e != 0)) size[k++] = e;
    }
    size_t observed = prep->n > prep->ngaps ? prep->n - prep->ngaps : 0;
    w->nsizes = k;
    w->spike_rate = k && observed ? (double)k * ((double)prep->nspikes / (double)recorded) /
                                        (double)observed
                                  : 0;
    int changed = 0;
    for (size_t p = 0; k && p < f->npaths; p++)
        for (size_t s = 0; s < f->h; s++)
            if (gsl_rng_uniform(w->rng) < w->spike_rate) {
                f->paths[p * f->h + s] += size[gsl_rng_uniform_int(w->rng, k)];
                changed = 1;
            }
    return changed;
}

/* Checks the options; sets *forced to the model asked for (NULL: auto). */
static rw_status check_opts(const rw_forecast_opts *o, const rw_model_ops **forced,
                            rw_error *err)
{
    if (o->horizon < 1 || o->horizon > 100000)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "horizon must be between 1 and 100000");
    if (o->nlevels > RW_FC_MAX_LEVELS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "at most %d levels", RW_FC_MAX_LEVELS);
    for (size_t l = 0; l < o->nlevels; l++)
        if (!(o->levels[l] >= 51 && o->levels[l] <= 99))
            return rw_error_set(err, RW_EINVAL, NULL, 0, "level %g is not between 51 and 99",
                                o->levels[l]);
    int automatic = !o->model || !strcmp(o->model, "auto");
    *forced = automatic ? NULL : rw_model_find(o->model);
    if (!automatic && !*forced)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "unknown model '%s'", o->model);
    return RW_OK;
}

/* Prepares the history (prep.h) and what depends on it alone. */
static rw_status prepare(fc_work *w, rw_error *err)
{
    const rw_ts *ts = w->ts;
    w->h = w->o->horizon;
    w->npaths = w->o->npaths ? w->o->npaths : RW_FC_DEFAULT_PATHS;
    w->nlev = w->o->nlevels;
    rw_prep_opts po = {w->o->periods, 1, 1};
    rw_status st = rw_prep_run(ts, &po, &w->prep, err);
    if (st != RW_OK) return st;
    w->y = w->prep.y;
    w->n = w->prep.n;
    w->m0 = w->prep.seas.n ? (size_t)lround(w->prep.seas.period[0]) : 1;
    w->scale = rw_mase_scale(w->y, w->n, w->m0);
    w->cal.t0 = ts->t[w->prep.start];
    w->cal.step = ts->gran == RW_GRAN_HOUR ? RW_HOUR : ts->gran == RW_GRAN_DAY ? RW_DAY : 0;
    return RW_OK;
}

/* Backtest geometry: as many origins as the history allows. */
static void backtest_geometry(fc_work *w)
{
    size_t n = w->n, h = w->h, m0 = w->m0;
    size_t min_train = 2 * m0 + 8 > 10 ? 2 * m0 + 8 : 10;
    size_t hb = w->o->backtest_steps && w->o->backtest_steps < h ? w->o->backtest_steps : h;
    if (n < min_train + hb) hb = n > min_train ? (n - min_train) : 0;
    /* Enough origins that the backtest spans a month of daily data (so a
     * monthly fee is tested) or two days of hourly data, however short h. */
    static const size_t min_span[] = {[RW_GRAN_HOUR] = 48, [RW_GRAN_DAY] = 35,
                                      [RW_GRAN_WEEK] = 13, [RW_GRAN_MONTH] = 12};
    size_t want = hb ? (min_span[w->ts->gran] + hb - 1) / hb : 0;
    if (want < RW_FC_ORIGINS) want = RW_FC_ORIGINS;
    if (want > RW_FC_MAX_ORIGINS) want = RW_FC_MAX_ORIGINS;
    size_t norig = 0;
    while (hb && norig < want && n >= (norig + 1) * hb + min_train) norig++;
    if (norig == 0)
        w->note[w->nnotes++] = "history too short for a backtest: the model is chosen by rule"
                               " and intervals are widened";
    w->hb = hb;
    w->norig = norig;
}

/* Candidates: every model as it chooses its own form, plus the seasonal
 * naive of the longest period (a weekly cycle of hourly data often beats
 * the daily one). A forced model is the only candidate. Also allocates
 * the scratch of the combinations' backtest errors. */
static rw_status make_candidates(fc_work *w, rw_error *err)
{
    const rw_model_ops *const *reg = rw_model_registry();
    size_t ncand = 0;
    for (const rw_model_ops *const *r = reg; *r; r++) ncand++;
    w->cs = calloc(ncand + 1, sizeof *w->cs);
    w->e = malloc((w->norig ? w->norig * w->hb : 1) * sizeof *w->e);
    if (!w->cs || !w->e) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < ncand; i++) {
        w->cs[i].ops = reg[i];
        w->cs[i].variant = reg[i] == w->forced ? w->o->variant : NULL;
        snprintf(w->cs[i].label, sizeof w->cs[i].label, "%s", reg[i]->name);
    }
    const rw_seasonality *seas = &w->prep.seas;
    if (!w->forced && seas->n >= 2) {
        snprintf(w->longest, sizeof w->longest, "%ld", lround(seas->period[seas->n - 1]));
        w->cs[ncand].ops = &rw_model_snaive;
        w->cs[ncand].variant = w->longest;
        snprintf(w->cs[ncand].label, sizeof w->cs[ncand].label, "snaive:%s", w->longest);
        ncand++;
    }
    w->ncand = ncand;
    return RW_OK;
}

/* Fits candidate c to the whole history and backtests it. A candidate
 * that cannot be fitted is only marked unusable, unless it was forced. */
static rw_status fit_candidate(fc_work *w, cand *c, rw_error *err)
{
    c->score = INFINITY;
    if (w->forced && c->ops != w->forced) {
        snprintf(c->why, sizeof c->why, "not requested");
        return RW_OK;
    }
    rw_model_opts mo = {.variant = c->variant, .horizon = w->h};
    c->fc = malloc(w->h * sizeof *c->fc);
    c->bt = malloc((w->norig ? w->norig * w->hb : 1) * sizeof *c->bt);
    if (!c->fc || !c->bt) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    rw_error ce;
    rw_error_clear(&ce);
    if (fit_forecast(w, c->ops, &mo, w->n, w->h, c->fc, &c->state, &ce) != RW_OK) {
        snprintf(c->why, sizeof c->why, "%.500s", ce.text);
        if (!w->forced) return RW_OK;
        return rw_error_set(err,
                            ce.status == RW_ESHORT || ce.status == RW_EINVAL ? ce.status
                                                                             : RW_ENUMERIC,
                            NULL, 0, "%s", ce.text);
    }
    c->fitted = 1;
    /* Backtests repeat the model's whole choice of form at each origin:
     * refitting the form chosen on the whole history flattered ETS in
     * the backtests (M4 Hourly MASE 0.97 against 0.87). The whole-history
     * fit is handed to them as a warm start (rw_model_opts.warm): the same
     * choice, found in fewer steps. */
    rw_model_opts bo = {.variant = c->variant, .warm = c->state};
    if (w->norig) backtest(w, c, &bo);
    else c->score = 0;
    return RW_OK;
}

/* Fits and scores every candidate; RW_ESHORT when none can be used. */
static rw_status fit_candidates(fc_work *w, rw_error *err)
{
    size_t usable = 0;
    for (size_t i = 0; i < w->ncand; i++) {
        rw_status st = fit_candidate(w, &w->cs[i], err);
        if (st != RW_OK) return st;
        usable += isfinite(w->cs[i].score);
    }
    if (usable > 0) return RW_OK;
    /* A fitted model whose backtest failed is still better than none. */
    for (size_t i = 0; i < w->ncand && usable == 0; i++)
        if (w->cs[i].fitted) {
            w->cs[i].score = 0;
            usable = 1;
            w->norig = 0;
        }
    if (usable == 0)
        return rw_error_set(err, RW_ESHORT, NULL, 0,
                            "no model can be fitted to series '%s' (%zu values): %s",
                            w->ts->name, w->n, w->cs[0].why);
    return RW_OK;
}

/* Ranks the usable candidates (without a backtest, registry order is the
 * rule) and picks the best one or the mean of the best 2 or 3. */
static void choose(fc_work *w)
{
    const cand *cs = w->cs;
    size_t *order = w->order, nu = 0;
    for (size_t i = 0; i < w->ncand && nu < 16; i++)
        if (cs[i].fitted && isfinite(cs[i].score)) order[nu++] = i;
    for (size_t a = 1; a < nu; a++)
        for (size_t b = a; b > 0 && cs[order[b]].score < cs[order[b - 1]].score; b--) {
            size_t t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
        }
    w->nu = nu;
    w->k = 1;
    w->best = cs[order[0]].score;
    if (w->norig && !w->forced) {
        for (size_t kk = 2; kk <= nu && kk <= RW_FC_MAX_COMBINE; kk++) {
            double sc = combo_score(w, kk);
            if (sc < w->best) {
                w->best = sc;
                w->k = kk;
            }
        }
    }
}

/* Allocates the forecast and the scratch of paths and calibration. */
static rw_status alloc_outputs(fc_work *w, rw_error *err)
{
    size_t h = w->h, npaths = w->npaths, nlev = w->nlev, lh = (nlev ? nlev : 1) * h;
    rw_forecast *f = w->f = calloc(1, sizeof *f);
    if (!f) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    f->h = h;
    f->nlevels = nlev;
    memcpy(f->levels, w->o->levels, nlev * sizeof *w->o->levels);
    f->npaths = npaths;
    f->t = malloc(h * sizeof *f->t);
    f->mean = calloc(h, sizeof *f->mean);
    f->lo = malloc(lh * sizeof *f->lo);
    f->hi = malloc(lh * sizeof *f->hi);
    f->paths = malloc(npaths * h * sizeof *f->paths);
    w->work = malloc(h * sizeof *w->work);
    w->col = malloc(npaths * sizeof *w->col);
    w->qlo = malloc(lh * sizeof *w->qlo);
    w->qhi = malloc(lh * sizeof *w->qhi);
    if (w->o->cumulative) {
        w->cdev = calloc(npaths, sizeof *w->cdev);
        w->cqlo = malloc(lh * sizeof *w->cqlo);
        w->cqhi = malloc(lh * sizeof *w->cqhi);
        if (!w->cdev || !w->cqlo || !w->cqhi)
            return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    }
    if (!f->t || !f->mean || !f->lo || !f->hi || !f->paths || !w->work || !w->col || !w->qlo ||
        !w->qhi)
        return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    return RW_OK;
}

/* The forecast's timestamps, its mean (of the k best) and its name. */
static void combine(fc_work *w)
{
    rw_forecast *f = w->f;
    size_t h = w->h, k = w->k;
    int64_t last = w->ts->t[w->prep.start + w->prep.n - 1];
    for (size_t s = 0; s < h; s++) f->t[s] = last = rw_time_next(last, w->ts->gran);
    size_t used = 0;
    for (size_t i = 0; i < k; i++) {
        const cand *c = &w->cs[w->order[i]];
        for (size_t s = 0; s < h; s++) f->mean[s] += c->fc[s] / (double)k;
        used += (size_t)snprintf(f->model + used, sizeof f->model - used, "%s%s", i ? "+" : "",
                                 c->label);
        if (used >= sizeof f->model) used = sizeof f->model - 1;
    }
}

/* Sample paths from the components in turn, re-centred on the mean. */
static rw_status sample_paths(fc_work *w, rw_error *err)
{
    rw_forecast *f = w->f;
    size_t h = w->h;
    w->rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!w->rng) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    gsl_rng_set(w->rng, w->o->seed);
    for (size_t p = 0; p < w->npaths; p++) {
        const cand *c = &w->cs[w->order[p % w->k]];
        double *path = f->paths + p * h;
        rw_status st = c->ops->simulate(c->state, h, w->rng, w->work);
        if (st != RW_OK)
            return rw_error_set(err, st, NULL, 0, "%s: simulation failed", c->ops->name);
        for (size_t s = 0; s < h; s++) {
            double v = f->mean[s] + (w->work[s] - c->fc[s]);
            path[s] = isfinite(v) ? v : f->mean[s];
        }
    }
    return RW_OK;
}

/* The deviations of the paths from the mean at step s, into w->col. */
static void step_deviations(fc_work *w, size_t s)
{
    for (size_t p = 0; p < w->npaths; p++) w->col[p] = w->f->paths[p * w->h + s] - w->f->mean[s];
}

/* The quantiles of w->col at both ends of every level's interval, into
 * lo[l * h + s] and hi[l * h + s]. */
_Static_assert(2 * RW_FC_MAX_LEVELS <= RW_QUANTILES_MAX, "every level's two quantiles at once");
static void level_quantiles(fc_work *w, size_t s, double *lo, double *hi)
{
    double q[2 * RW_FC_MAX_LEVELS], v[2 * RW_FC_MAX_LEVELS];
    for (size_t l = 0; l < w->nlev; l++) {
        double a = (1 - w->o->levels[l] / 100.0) / 2;
        q[2 * l] = a;
        q[2 * l + 1] = 1 - a;
    }
    /* All together: the same values as one selection each, in less time. */
    rw_quantiles_select(w->col, w->npaths, q, 2 * w->nlev, v);
    for (size_t l = 0; l < w->nlev; l++) {
        lo[l * w->h + s] = v[2 * l];
        hi[l * w->h + s] = v[2 * l + 1];
    }
}

/* The backtest errors of the forecast (the mean of the k best) into w->e;
 * with o->cumulative, the errors of a total over the first steps. */
static void backtest_errors(fc_work *w)
{
    size_t norig = w->norig, hb = w->hb;
    combo_errors(w, w->k);
    if (w->o->cumulative)
        for (size_t j = 0; j < norig; j++)
            for (size_t s = 1; s < hb; s++) w->e[j * hb + s] += w->e[j * hb + s - 1];
}

/* The quantiles of the paths' running deviations from the mean over the
 * backtest's steps, into w->cqlo and w->cqhi. */
static void running_quantiles(fc_work *w)
{
    for (size_t s = 0; s < w->hb; s++) {
        for (size_t p = 0; p < w->npaths; p++) {
            w->cdev[p] += w->f->paths[p * w->h + s] - w->f->mean[s];
            w->col[p] = w->cdev[p];
        }
        level_quantiles(w, s, w->cqlo, w->cqhi);
    }
}

/* Calibration: one factor on the spread of the paths, the one (of a log
 * grid, shrunk toward 1 with few backtest points) under which the backtest
 * errors fall inside the intervals at the nominal rates; then applied. */
static void calibrate(fc_work *w)
{
    rw_forecast *f = w->f;
    size_t h = w->h, norig = w->norig;
    /* Quantiles of single steps are only needed when calibrating on them. */
    for (size_t s = 0; !w->o->cumulative && s < h; s++) {
        step_deviations(w, s);
        level_quantiles(w, s, w->qlo, w->qhi);
    }
    w->factor = RW_FC_UNCALIBRATED;
    size_t npts = norig * w->hb;
    if (norig && w->nlev) {
        backtest_errors(w);
        const double *clo = w->qlo, *chi = w->qhi;
        if (w->o->cumulative) {
            running_quantiles(w);
            clo = w->cqlo;
            chi = w->cqhi;
        }
        coverage_gap(w, clo, chi, 1.0, w->cov_before);
        double best_f = 1.0, best_gap = INFINITY;
        for (int g = 0; g <= 80; g++) {
            double cand_f = exp(log(0.3) + (log(6.0) - log(0.3)) * g / 80.0);
            double gap = coverage_gap(w, clo, chi, cand_f, NULL);
            if (gap < best_gap - 1e-12 ||
                (fabs(gap - best_gap) <= 1e-12 && fabs(log(cand_f)) < fabs(log(best_f)))) {
                best_gap = gap;
                best_f = cand_f;
            }
        }
        double shrink = (double)npts / ((double)npts + RW_FC_PRIOR_POINTS);
        w->factor = exp(shrink * log(best_f));
        coverage_gap(w, clo, chi, w->factor, w->cov_after);
    } else if (!norig) {
        w->note[w->nnotes++] = "intervals widened by 25% (not calibrated)";
    }
    for (size_t p = 0; p < w->npaths; p++)
        for (size_t s = 0; s < h; s++) {
            double *v = &f->paths[p * h + s];
            *v = f->mean[s] + w->factor * (*v - f->mean[s]);
        }
}

/* Spikes redrawn into the paths, then the interval bounds. Scaling about
 * the mean keeps the order of the paths, so the quantiles of the
 * calibrated paths are the scaled quantiles of the deviations; spikes put
 * back change them, so they are then taken again (as they are when
 * calibrating on running sums, which needs no single-step quantiles
 * before). */
static void intervals(fc_work *w)
{
    rw_forecast *f = w->f;
    size_t h = w->h;
    int requantile = redraw_spikes(w) || w->o->cumulative;
    for (size_t s = 0; s < h; s++) {
        if (requantile) {
            step_deviations(w, s);
            level_quantiles(w, s, f->lo, f->hi); /* deviations: the mean is added below */
        }
        for (size_t l = 0; l < w->nlev; l++) {
            size_t i = l * h + s;
            f->lo[i] = f->mean[s] + (requantile ? f->lo[i] : w->factor * w->qlo[i]);
            f->hi[i] = f->mean[s] + (requantile ? f->hi[i] : w->factor * w->qhi[i]);
        }
    }
}

/* Values within 1e-12 of the history's largest value of 0 are rounding
 * noise of exact zeros (a monthly fee on a day it is not due): made 0. */
static void snap_zeros(fc_work *w)
{
    rw_forecast *f = w->f;
    double big = 0;
    for (size_t i = 0; i < w->n; i++) big = fmax(big, fabs(w->y[i]));
    for (size_t i = 0; i < w->h; i++)
        if (fabs(f->mean[i]) < 1e-12 * big) f->mean[i] = 0;
    for (size_t i = 0; i < w->nlev * w->h; i++) {
        if (fabs(f->lo[i]) < 1e-12 * big) f->lo[i] = 0;
        if (fabs(f->hi[i]) < 1e-12 * big) f->hi[i] = 0;
    }
}

/* Explanation, "history": the span used and what preparation changed. */
static void describe_history(const fc_work *w, rw_desc *info)
{
    const rw_ts *ts = w->ts;
    const rw_prep *prep = &w->prep;
    char buf[32], buf2[32];
    rw_desc_open(info, "history", RW_DESC_OBJECT);
    iso(ts->t[prep->start], buf, sizeof buf);
    iso(ts->t[prep->start + prep->n - 1], buf2, sizeof buf2);
    rw_desc_str(info, "from", buf);
    rw_desc_str(info, "to", buf2);
    rw_desc_int(info, "observations", (int64_t)prep->n);
    rw_desc_int(info, "gaps_filled", (int64_t)prep->ngaps);
    rw_desc_open(info, "spikes_cleaned", RW_DESC_ARRAY);
    for (size_t i = 0; i < prep->nspikes && i < RW_PREP_MAX_SPIKES; i++) {
        iso(ts->t[prep->spike[i]], buf, sizeof buf);
        rw_desc_str(info, NULL, buf);
    }
    rw_desc_close(info);
    if (prep->shift) {
        iso(ts->t[prep->shift_at], buf, sizeof buf);
        rw_desc_open(info, "level_shift", RW_DESC_OBJECT);
        rw_desc_str(info, "at", buf);
        rw_desc_real(info, "size", prep->shift_size);
        rw_desc_bool(info, "history_cut", prep->start == prep->shift_at);
        rw_desc_close(info);
    } else {
        rw_desc_null(info, "level_shift");
    }
    rw_desc_open(info, "recurring_days_of_month", RW_DESC_ARRAY);
    for (size_t i = 0; i < prep->ncalendar; i++) rw_desc_int(info, NULL, prep->calendar_day[i]);
    rw_desc_close(info);
    rw_desc_close(info);
}

/* Adds an array `key` of {"period": p[i], "strength": s[i]}, i < n. */
static void desc_periods(rw_desc *info, const char *key, const double *p, const double *s,
                         size_t n)
{
    rw_desc_open(info, key, RW_DESC_ARRAY);
    for (size_t i = 0; i < n; i++) {
        rw_desc_open(info, NULL, RW_DESC_OBJECT);
        rw_desc_real(info, "period", p[i]);
        rw_desc_real(info, "strength", s[i]);
        rw_desc_close(info);
    }
    rw_desc_close(info);
}

/* Explanation, "model": what was chosen, how each candidate fared. */
static void describe_model(const fc_work *w, rw_desc *info)
{
    rw_desc_open(info, "model", RW_DESC_OBJECT);
    rw_desc_str(info, "chosen", w->f->model);
    rw_desc_open(info, "components", RW_DESC_ARRAY);
    for (size_t i = 0; i < w->k; i++) {
        const cand *c = &w->cs[w->order[i]];
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
    for (size_t i = 0; i < w->ncand; i++) {
        const cand *c = &w->cs[i];
        if (w->forced && c->ops != w->forced) continue;
        rw_desc_open(info, NULL, RW_DESC_OBJECT);
        rw_desc_str(info, "model", c->label);
        if (c->fitted && isfinite(c->score) && w->norig) rw_desc_real(info, "mase", c->score);
        if (c->why[0]) rw_desc_str(info, "not_used", c->why);
        rw_desc_close(info);
    }
    rw_desc_close(info);
    if (w->norig) {
        rw_desc_open(info, "backtest", RW_DESC_OBJECT);
        rw_desc_int(info, "origins", (int64_t)w->norig);
        rw_desc_int(info, "steps", (int64_t)w->hb);
        rw_desc_real(info, "mase", w->best);
        rw_desc_close(info);
    }
    rw_desc_close(info);
}

/* Explanation, "intervals": paths, calibration and spikes redrawn. */
static void describe_intervals(const fc_work *w, rw_desc *info)
{
    const rw_forecast_opts *o = w->o;
    rw_desc_open(info, "intervals", RW_DESC_OBJECT);
    rw_desc_int(info, "paths", (int64_t)w->npaths);
    rw_desc_int(info, "seed", (int64_t)o->seed);
    rw_desc_real(info, "calibration_factor", w->factor);
    rw_desc_str(info, "calibrated_on", o->cumulative ? "running sums" : "single steps");
    rw_desc_open(info, "spikes_redrawn", RW_DESC_OBJECT);
    rw_desc_real(info, "rate_per_step", w->spike_rate);
    rw_desc_int(info, "sizes", (int64_t)w->nsizes);
    rw_desc_close(info);
    if (w->norig && w->nlev) {
        rw_desc_int(info, "backtest_points", (int64_t)(w->norig * w->hb));
        desc_levels(info, "backtest_coverage_before", o->levels, w->cov_before, w->nlev);
        desc_levels(info, "backtest_coverage_after", o->levels, w->cov_after, w->nlev);
    }
    rw_desc_close(info);
}

/* The explanation of the forecast, into w->f->info. */
static void describe(const fc_work *w)
{
    rw_desc *info = &w->f->info;
    char buf[32];
    iso((int64_t)time(NULL), buf, sizeof buf);
    rw_desc_str(info, "generated_at", buf);
    rw_desc_str(info, "granularity", rw_granularity_name(w->ts->gran));
    describe_history(w, info);
    rw_desc_open(info, "seasonality", RW_DESC_OBJECT);
    desc_periods(info, "periods", w->prep.seas.period, w->prep.strength, w->prep.seas.n);
    desc_periods(info, "considered", w->prep.candidate, w->prep.candidate_strength,
                 w->prep.ncandidates);
    rw_desc_close(info);
    describe_model(w, info);
    describe_intervals(w, info);
    rw_desc_open(info, "notes", RW_DESC_ARRAY);
    for (size_t i = 0; i < w->nnotes; i++) rw_desc_str(info, NULL, w->note[i]);
    rw_desc_close(info);
}

/* Frees what the workspace owns (the forecast, unless handed over). */
static void work_cleanup(fc_work *w)
{
    for (size_t i = 0; w->cs && i < w->ncand; i++) {
        if (w->cs[i].state) w->cs[i].ops->free(w->cs[i].state);
        free(w->cs[i].fc);
        free(w->cs[i].bt);
    }
    free(w->cs);
    free(w->work);
    free(w->col);
    free(w->qlo);
    free(w->qhi);
    free(w->cdev);
    free(w->cqlo);
    free(w->cqhi);
    free(w->e);
    gsl_rng_free(w->rng);
    rw_forecast_free(w->f);
    rw_prep_cleanup(&w->prep);
}

rw_status rw_forecast_run(const rw_ts *ts, const rw_forecast_opts *o, rw_forecast **out,
                          rw_error *err)
{
    *out = NULL;
    fc_work w;
    memset(&w, 0, sizeof w);
    w.ts = ts;
    w.o = o;
    rw_status st = check_opts(o, &w.forced, err);
    if (st != RW_OK) return st;
    if ((st = prepare(&w, err)) != RW_OK) goto out;
    backtest_geometry(&w);
    if ((st = make_candidates(&w, err)) != RW_OK || (st = fit_candidates(&w, err)) != RW_OK)
        goto out;
    choose(&w);
    if ((st = alloc_outputs(&w, err)) != RW_OK) goto out;
    combine(&w);
    if ((st = sample_paths(&w, err)) != RW_OK) goto out;
    calibrate(&w);
    intervals(&w);
    snap_zeros(&w);
    describe(&w);
    if ((st = rw_desc_check(&w.f->info, "a forecast", err)) != RW_OK) goto out;
    *out = w.f;
    w.f = NULL;
out:
    work_cleanup(&w);
    return st;
}
