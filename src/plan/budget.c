/* budget.c: period spend against a budget (budget.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "plan/budget.h"
#include "util/timeutil.h"
#include "util/stats.h"

/* Median of the crossing days day[0..n) of paths that cross (> 0). */
static long median_day(long *day, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (day[i] > 0) day[k++] = day[i];
    if (k == 0) return RW_RUNOUT_NONE;
    double *v = malloc(k * sizeof *v);
    if (!v) return RW_RUNOUT_NONE;
    for (size_t i = 0; i < k; i++) v[i] = (double)day[i];
    long m = lround(floor(rw_quantile_select(v, k, 0.5)));
    free(v);
    return m;
}

/* First day (1-based) a path's running total from `start` exceeds `limit`,
 * 0 when it does not within the period. */
static long crossing(const rw_scenarios *s, size_t p, const rw_budget_opts *o, double limit)
{
    double cum = o->spent;
    for (size_t k = o->k0; k < o->k1; k++) {
        cum += s->paths[p * s->h + k];
        if (cum > limit) return (long)k + 1;
    }
    return 0;
}

rw_status rw_budget_compute(const rw_scenarios *s, const rw_budget_opts *o, rw_budget *out,
                            rw_error *err)
{
    memset(out, 0, sizeof *out);
    if (!(o->amount > 0 || (isnan(o->amount) && !o->nalerts)) || o->k1 > s->h || o->k0 > o->k1 || o->nalerts > RW_BUDGET_MAX_ALERTS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "bad budget options");
    size_t np = s->npaths;
    double *tot = malloc(np * sizeof *tot);
    long *day = malloc(np * sizeof *day);
    if (!tot || !day) {
        free(tot);
        free(day);
        return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    }
    double sum = 0;
    size_t over = 0, by_end = 0;
    for (size_t p = 0; p < np; p++) {
        tot[p] = o->spent;
        for (size_t k = o->k0; k < o->k1; k++) tot[p] += s->paths[p * s->h + k];
        sum += tot[p];
        over += tot[p] > o->amount;
    }
    out->mean = sum / (double)np;
    out->p_exceed = (double)over / (double)np;
    out->p10 = rw_quantile_select(tot, np, 0.10);
    out->p50 = rw_quantile_select(tot, np, 0.50);
    out->p90 = rw_quantile_select(tot, np, 0.90);
    out->lo95 = rw_quantile_select(tot, np, 0.025);
    out->hi95 = rw_quantile_select(tot, np, 0.975);
    if (isnan(o->amount)) {
        out->p_exceed = NAN; /* no budget: the total alone */
        out->breach_p50 = out->breach_if = RW_RUNOUT_NONE;
    } else if (o->spent <= o->amount) {
        for (size_t p = 0; p < np; p++) day[p] = crossing(s, p, o, o->amount);
        /* The day by which half the paths have breached. */
        out->breach_p50 = RW_RUNOUT_NONE;
        for (size_t k = o->k0; k < o->k1 && out->breach_p50 == RW_RUNOUT_NONE; k++) {
            by_end = 0;
            for (size_t p = 0; p < np; p++) by_end += day[p] > 0 && (size_t)day[p] <= k + 1;
            if (2 * by_end >= np) out->breach_p50 = (long)k + 1;
        }
        out->breach_if = median_day(day, np);
    } else {
        out->breach_p50 = out->breach_if = 0; /* already breached */
    }
    for (size_t a = 0; a < o->nalerts; a++) {
        rw_budget_alert *al = &out->alert[a];
        al->pct = o->alert_pct[a];
        al->amount = o->amount * al->pct / 100;
        al->likely_day = RW_RUNOUT_NONE;
        if (o->spent > al->amount) {
            al->crossed = 1;
            al->probability = 1;
        } else {
            size_t cross = 0;
            for (size_t p = 0; p < np; p++) cross += (day[p] = crossing(s, p, o, al->amount)) > 0;
            al->probability = (double)cross / (double)np;
            al->likely_day = median_day(day, np);
        }
        al->fires = al->crossed || al->probability >= o->fire_probability;
    }
    out->nalerts = o->nalerts;
    free(tot);
    free(day);
    return RW_OK;
}

void rw_budget_period_of(const rw_ts *ts, int64_t as_of, int64_t from, int64_t to,
                         double amount, const double *pct, size_t npct, rw_budget_period *pd)
{
    memset(pd, 0, sizeof *pd);
    pd->as_of = as_of;
    if (from == INT64_MIN) {
        from = rw_time_floor(as_of + RW_DAY, RW_GRAN_MONTH);
        to = rw_time_next(from, RW_GRAN_MONTH) - RW_DAY;
    }
    pd->from = from;
    pd->to = to;
    pd->days = (size_t)((to - from) / RW_DAY) + 1;
    double cum = 0;
    for (size_t i = 0; i < npct; i++) pd->crossed_on[i] = INT64_MIN;
    for (size_t i = 0; i < ts->n; i++) {
        if (ts->t[i] < from || ts->t[i] > to || ts->t[i] > as_of) continue;
        pd->days_spent++;
        if (!isnan(ts->y[i])) cum += ts->y[i];
        for (size_t k = 0; k < npct; k++)
            if (pd->crossed_on[k] == INT64_MIN && cum > amount * pct[k] / 100)
                pd->crossed_on[k] = ts->t[i];
    }
    pd->spent = cum;
    /* Scenario days: 1 = the day after as-of; the period's are [k0, k1). */
    int64_t first = as_of + RW_DAY;
    pd->k0 = from > first ? (size_t)((from - first) / RW_DAY) : 0;
    pd->k1 = to >= first ? (size_t)((to - first) / RW_DAY) + 1 : 0;
    if (pd->k1 < pd->k0) pd->k1 = pd->k0;
}
