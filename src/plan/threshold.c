/* threshold.c: alert thresholds and their replay on history (threshold.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plan/threshold.h"
#include "util/parallel.h"
#include "util/stats.h"
#include "util/timeutil.h"

double rw_threshold(const rw_scenarios *s, size_t lead, double conf, double *work,
                    double *mean_out)
{
    size_t h = s->h, np = s->npaths;
    if (lead > h) lead = h;
    double total = 0;
    for (size_t p = 0; p < np; p++) {
        double c = 0;
        for (size_t k = 0; k < lead; k++) c += s->paths[p * h + k];
        work[p] = c;
        total += c;
    }
    if (mean_out) *mean_out = total / (double)np;
    return rw_quantile_select(work, np, conf);
}

size_t rw_threshold_origins(const rw_ts *ts, int64_t as_of, size_t maxlead, size_t origins,
                            size_t spacing, size_t *origin, size_t *nhist)
{
    size_t n = 0, norig = 0;
    while (n < ts->n && (as_of == INT64_MIN || ts->t[n] <= as_of)) n++;
    if (spacing == 0) spacing = 1;
    for (size_t j = 0; j < origins; j++) {
        size_t back = maxlead + 1 + j * spacing;
        if (back > n || n - back + 1 < RW_SCEN_MIN_DAYS) break;
        origin[norig++] = n - back;
    }
    *nhist = n;
    return norig;
}

int rw_threshold_window_observed(const rw_ts *ts, size_t at, size_t lead)
{
    for (size_t k = at + 1; k <= at + lead; k++)
        if (k >= ts->n || isnan(ts->y[k])) return 0;
    return 1;
}

double rw_threshold_notice(const rw_ts *ts, size_t at, size_t n, double x)
{
    double cum = 0;
    size_t d = 0;
    for (size_t k = at + 1; k < n; k++) {
        cum += isnan(ts->y[k]) ? 0 : ts->y[k];
        if (cum > x + 1e-9 * fabs(x)) break;
        d++;
    }
    return (double)d;
}

double rw_threshold_topup(double mean, size_t lead, double within_hours)
{
    double rate = lead ? mean / (double)lead : 0;
    double x = mean + (rate > 0 ? rate * within_hours / 24.0 : 0);
    return x > 0 ? ceil(x - 1e-9 * x) : 0;
}

/* One origin's outcome for every lead. */
typedef struct origin_result {
    int usable;          /* scenarios could be made and the window is observed */
    double x[RW_THR_MAX_LEADS];       /* threshold */
    double actual[RW_THR_MAX_LEADS];  /* consumption over the lead */
    double notice[RW_THR_MAX_LEADS];  /* full days the threshold lasted */
} origin_result;

typedef struct eval_ctx {
    const rw_ts *ts;
    const rw_threshold_eval_opts *o;
    size_t n;          /* days of history up to as_of */
    size_t maxlead;
    const size_t *origin; /* their indexes */
    origin_result *res;
} eval_ctx;

static void eval_origin(void *arg, size_t j)
{
    eval_ctx *c = arg;
    const rw_ts *ts = c->ts;
    size_t at = c->origin[j];
    origin_result *r = &c->res[j];
    if (!rw_threshold_window_observed(ts, at, c->maxlead)) return;
    rw_scenario_opts so = {ts->t[at], c->maxlead, c->o->seed, c->o->npaths};
    rw_scenarios *s = NULL;
    rw_error err;
    rw_error_clear(&err);
    double *work = NULL;
    if (rw_scenarios_run(ts, &so, &s, &err) != RW_OK) return;
    work = malloc(s->npaths * sizeof *work);
    if (!work) goto out;
    for (size_t l = 0; l < c->o->nleads; l++) {
        size_t lead = c->o->leads[l];
        r->x[l] = rw_threshold(s, lead, c->o->conf, work, NULL);
        double used = 0;
        for (size_t k = at + 1; k <= at + lead; k++) used += ts->y[k];
        r->actual[l] = used;
        r->notice[l] = rw_threshold_notice(ts, at, c->n, r->x[l]);
    }
    r->usable = 1;
out:
    free(work);
    rw_scenarios_free(s);
}

static double median_of(double *v, size_t n)
{
    return n ? rw_quantile_select(v, n, 0.5) : NAN;
}

rw_status rw_threshold_evaluate(const rw_ts *ts, const rw_threshold_eval_opts *o,
                                rw_threshold_eval *out, rw_error *err)
{
    memset(out, 0, o->nleads * sizeof *out);
    if (o->nleads == 0 || o->nleads > RW_THR_MAX_LEADS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "1 to %d lead times", RW_THR_MAX_LEADS);
    size_t maxlead = 0, n = 0;
    for (size_t l = 0; l < o->nleads; l++)
        if (o->leads[l] > maxlead) maxlead = o->leads[l];
    size_t *origin = malloc((o->origins ? o->origins : 1) * sizeof *origin), norig = 0;
    origin_result *res = calloc(o->origins ? o->origins : 1, sizeof *res);
    double *v = malloc((o->origins ? o->origins : 1) * sizeof *v);
    if (!origin || !res || !v) {
        free(origin);
        free(res);
        free(v);
        return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    }
    norig = rw_threshold_origins(ts, o->as_of, maxlead, o->origins, o->spacing, origin, &n);
    eval_ctx c = {ts, o, n, maxlead, origin, res};
    rw_parallel_for(norig, o->threads, eval_origin, &c);
    for (size_t l = 0; l < o->nleads; l++) {
        size_t k = 0;
        for (size_t j = 0; j < norig; j++)
            if (res[j].usable) {
                out[l].origins++;
                out[l].held += res[j].actual[l] <= res[j].x[l] + 1e-9 * fabs(res[j].x[l]);
                v[k++] = res[j].notice[l];
            }
        out[l].notice_median = median_of(v, k);
        k = 0;
        for (size_t j = 0; j < norig; j++)
            if (res[j].usable && res[j].actual[l] > 0) v[k++] = res[j].x[l] / res[j].actual[l];
        out[l].ratio_median = median_of(v, k);
    }
    free(origin);
    free(res);
    free(v);
    return RW_OK;
}

const size_t rw_ladder_lead[RW_LADDER_STEPS] = {7, 3, 1};
const char *const rw_ladder_name[RW_LADDER_STEPS] = {"blue", "yellow", "red"};

void rw_threshold_name(const size_t *leads, size_t n, size_t i, char *out, size_t size)
{
    if (n == RW_LADDER_STEPS) snprintf(out, size, "%s", rw_ladder_name[i]);
    else snprintf(out, size, "lead%zud", leads[i]);
}

const char *rw_threshold_severity(size_t n, size_t i)
{
    static const char *const sev[RW_LADDER_STEPS] = {"info", "warning", "critical"};
    return n == RW_LADDER_STEPS ? sev[i] : "warning";
}

rw_status rw_threshold_set_compute(const rw_scenarios *s, rw_threshold_set *t, rw_error *err)
{
    double *work = malloc(s->npaths * sizeof *work);
    if (!work) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < t->n; i++)
        t->x[i] = rw_threshold(s, t->lead[i], t->conf, work, &t->mean[i]);
    free(work);
    return RW_OK;
}
