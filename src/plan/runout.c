/* runout.c: the run-out distribution (runout.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "plan/runout.h"
#include "util/stats.h"
#include "util/timeutil.h"

void rw_runout_cleanup(rw_runout *r)
{
    free(r->bal_p10);
    free(r->bal_p50);
    free(r->bal_p90);
    r->bal_p10 = r->bal_p50 = r->bal_p90 = NULL;
}

_Static_assert(RW_NEVER == RW_RUNOUT_NONE, "one mark of a run-out beyond the horizon");

void rw_runout_facts_of(const rw_scenarios *s, const rw_runout *r, const rw_policy *p,
                        rw_runout_facts *f)
{
    long d[3] = {r->p10, r->p50, r->p90};
    memset(f, 0, sizeof *f);
    f->series = s->name;
    f->as_of = s->as_of;
    f->currency = "";
    f->horizon_days = s->h;
    for (int i = 0; i < 3; i++) {
        f->day[i] = d[i] == RW_RUNOUT_NONE ? RW_NEVER : d[i];
        if (d[i] == RW_RUNOUT_NONE) {
            f->negative_from[i] = f->suspended_from[i] = f->deleted_from[i] = INT64_MIN;
            continue;
        }
        rw_arrears_times a = rw_arrears_timeline(p, s->as_of + (int64_t)d[i] * RW_DAY);
        f->negative_from[i] = a.negative;
        f->suspended_from[i] = a.suspended;
        f->deleted_from[i] = a.deleted;
    }
    f->within7 = r->within7;
    f->within14 = r->within14;
    f->within30 = r->within30;
}

long rw_scenario_day_of(const rw_scenarios *s, int64_t at)
{
    int64_t first = s->as_of + RW_DAY;
    if (at < first) return -1;
    int64_t k = (at - first) / RW_DAY;
    return k > (int64_t)s->h ? (long)s->h : (long)k;
}

/* The smallest day d with P(run-out day <= d) >= q, from counts[d] of
 * paths running out on day d (1..h); RW_RUNOUT_NONE when later. */
static long day_quantile(const size_t *counts, size_t h, size_t npaths, double q)
{
    size_t need = (size_t)ceil(q * (double)npaths - 1e-9), cum = 0;
    if (need == 0) need = 1;
    for (size_t d = 1; d <= h; d++) {
        cum += counts[d];
        if (cum >= need) return (long)d;
    }
    return RW_RUNOUT_NONE;
}

rw_status rw_runout_compute(const rw_scenarios *s, const rw_runout_opts *o, rw_runout *out,
                            rw_error *err)
{
    size_t h = s->h, np = s->npaths;
    *out = (rw_runout){.h = h};
    if (!(o->credit >= 0) || !isfinite(o->credit) || !isfinite(o->balance))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "the balance must be finite, the credit"
                                                     " limit finite and >= 0");
    rw_status st = RW_OK;
    double *in = calloc(h, sizeof *in), *bal = malloc(np * h * sizeof *bal);
    double *col = malloc(np * sizeof *col);
    size_t *counts = calloc(h + 1, sizeof *counts);
    out->bal_p10 = malloc(h * sizeof *out->bal_p10);
    out->bal_p50 = malloc(h * sizeof *out->bal_p50);
    out->bal_p90 = malloc(h * sizeof *out->bal_p90);
    if (!in || !bal || !col || !counts || !out->bal_p10 || !out->bal_p50 || !out->bal_p90) {
        st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < o->nflows; i++) {
        long k = rw_scenario_day_of(s, o->flows[i].at);
        if (k < 0 || (size_t)k >= h) continue;
        in[k] += o->flows[i].amount;
        if (o->flows[i].amount > 0) out->inflow += o->flows[i].amount;
    }
    for (size_t p = 0; p < np; p++) {
        double b = o->balance;
        size_t day = 0;
        for (size_t k = 0; k < h; k++) {
            b += in[k] - s->paths[p * h + k];
            bal[p * h + k] = b;
            if (!day && b < -o->credit) day = k + 1;
        }
        counts[day]++;
    }
    out->p10 = day_quantile(counts, h, np, 0.10);
    out->p50 = day_quantile(counts, h, np, 0.50);
    out->p90 = day_quantile(counts, h, np, 0.90);
    size_t cum = 0;
    for (size_t d = 1; d <= h; d++) {
        cum += counts[d];
        if (d == 7 || (d < 7 && d == h)) out->within7 = (double)cum / (double)np;
        if (d == 14 || (d < 14 && d == h)) out->within14 = (double)cum / (double)np;
        if (d == 30 || (d < 30 && d == h)) out->within30 = (double)cum / (double)np;
    }
    out->within_h = (double)cum / (double)np;
    for (size_t k = 0; k < h; k++) {
        for (size_t p = 0; p < np; p++) col[p] = bal[p * h + k];
        out->bal_p10[k] = rw_quantile_select(col, np, 0.10);
        out->bal_p50[k] = rw_quantile_select(col, np, 0.50);
        out->bal_p90[k] = rw_quantile_select(col, np, 0.90);
    }
out:
    if (st != RW_OK) rw_runout_cleanup(out);
    free(in);
    free(bal);
    free(col);
    free(counts);
    return st;
}
