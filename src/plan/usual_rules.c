/* usual_rules.c: the usual alert rules and their replay (usual_rules.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "plan/usual_rules.h"
#include "util/stats.h"

const char *const rw_usual_rule_key[RW_USUAL_RULES] = {"fixed_balance", "next_day_80pct",
                                                       "provider_24h_5d"};
const char *const rw_usual_rule_text[RW_USUAL_RULES] = {
    "balance below a fixed amount",
    "balance below 80% of the coming day's estimated consumption (the last day's)",
    "provider: the last 24 hours' consumption would use the balance within 5 days",
};

double rw_usual_rule_balance(rw_usual_rule r, double fixed, const rw_ts *ts, size_t at)
{
    if (r == RW_RULE_FIXED) return fixed;
    double last = NAN;
    for (size_t k = at + 1; k-- > 0;)
        if (k < ts->n && !isnan(ts->y[k])) {
            last = ts->y[k];
            break;
        }
    if (isnan(last)) return NAN;
    if (last < 0) last = 0;
    return last * (r == RW_RULE_NEXT_DAY ? RW_RULE_NEXT_DAY_FRACTION : RW_RULE_PROVIDER_DAYS);
}

rw_status rw_usual_rules_compute(const rw_ts *ts, const rw_usual_rules_opts *o, rw_usual_rules *out,
                                 rw_error *err)
{
    memset(out, 0, sizeof *out);
    if (o->nleads == 0 || o->nleads > RW_THR_MAX_LEADS || !(o->fixed >= 0) || !isfinite(o->fixed))
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "1 to %d lead times and a fixed alert amount >= 0", RW_THR_MAX_LEADS);
    size_t minlead = o->leads[0], maxlead = o->leads[0], n = 0;
    for (size_t l = 1; l < o->nleads; l++) {
        if (o->leads[l] < minlead) minlead = o->leads[l];
        if (o->leads[l] > maxlead) maxlead = o->leads[l];
    }
    out->fixed = o->fixed;
    out->required_days = minlead;
    out->needless_days = (size_t)ceil(RW_RULES_NEEDLESS_FACTOR * (double)maxlead);
    while (n < ts->n && (o->as_of == INT64_MIN || ts->t[n] <= o->as_of))
        n++;
    for (int r = 0; r < RW_USUAL_RULES; r++)
        out->x[r] = n ? rw_usual_rule_balance((rw_usual_rule)r, o->fixed, ts, n - 1) : NAN;
    if (o->origins == 0) return RW_OK;
    out->replayed = 1;
    size_t *origin = malloc(o->origins * sizeof *origin);
    double *v = malloc(RW_USUAL_RULES * o->origins * sizeof *v);
    if (!origin || !v) {
        free(origin);
        free(v);
        return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    }
    size_t norig = rw_threshold_origins(ts, o->as_of, maxlead, o->origins, o->spacing, origin, &n);
    for (int r = 0; r < RW_USUAL_RULES; r++) {
        rw_usual_rule_eval *e = &out->ev[r];
        double *notice = v + (size_t)r * o->origins;
        for (size_t j = 0; j < norig; j++) {
            size_t at = origin[j];
            double x = rw_usual_rule_balance((rw_usual_rule)r, o->fixed, ts, at);
            if (isnan(x) || !rw_threshold_window_observed(ts, at, maxlead)) continue;
            double d = rw_threshold_notice(ts, at, n, x);
            notice[e->origins++] = d;
            if (d >= (double)out->required_days)
                e->in_time++;
            else
                e->late++;
            if (d > (double)out->needless_days) e->needless++;
        }
        e->notice_median = e->origins ? rw_quantile_select(notice, e->origins, 0.5) : NAN;
    }
    free(origin);
    free(v);
    return RW_OK;
}
