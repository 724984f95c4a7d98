/* report_money.c: the money part of the report: the balance and when it
 * runs out with what follows, the alert thresholds with their replay, the
 * month against the budget, and their charts (report_gather.h). */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/lang.h"
#include "app/report_gather.h"
#include "util/stats.h"
#include "util/strutil.h"
#include "util/timeutil.h"
#include "util/tz.h"

rw_status rw_report_thresholds(rw_report_ctx *c, rw_error *err)
{
    rw_report *r = c->r;
    rw_threshold_set t;
    memset(&t, 0, sizeof t);
    t.n = RW_LADDER_STEPS;
    memcpy(t.lead, rw_ladder_lead, sizeof rw_ladder_lead);
    t.conf = RW_LADDER_CONFIDENCE;
    rw_scenarios *s = NULL;
    rw_status st = rw_app_thresholds(&c->b, 1, 8, 7, c->o->jobs, &t, &s, err);
    rw_scenarios_free(s);
    if (st != RW_OK) return st;
    r->nthresholds = t.n;
    for (size_t i = 0; i < t.n; i++) {
        rw_report_threshold *x = &r->thr[i];
        rw_str_copy(x->level, sizeof x->level, rw_ladder_name[i]);
        x->lead_days = (int)t.lead[i];
        x->confidence = t.conf;
        x->balance = t.x[i];
        x->expected = t.mean[i];
        x->origins = t.ev[i].origins;
        x->held = t.ev[i].held;
        x->notice_days = t.ev[i].notice_median;
    }
    return RW_OK;
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

rw_status rw_report_runout(rw_report_ctx *c, rw_error *err)
{
    rw_report *r = c->r;
    rw_policy pol;
    rw_status st = rw_app_policy(c->o->policy, -1, -1, &pol, err);
    if (st != RW_OK) return st;
    rw_plan_money m = {0};
    rw_scenarios *s = NULL;
    rw_runout ro = {0};
    st = rw_app_plan_money(c->s, &c->b, 0, 0, NULL, 0, RW_RUNOUT_HORIZON, &m, err);
    if (st != RW_OK) return st;
    if ((st = rw_app_runout(&c->b, &m, 0, RW_RUNOUT_HORIZON, &s, &ro, err)) != RW_OK) goto out;
    if ((st = rw_report_thresholds(c, err)) != RW_OK) goto out;
    r->has_runout = 1;
    r->balance = m.balance;
    rw_str_copy(r->balance_note, sizeof r->balance_note, m.note);
    rw_str_copy(r->balance_note_text, sizeof r->balance_note_text,
                r->lang == RW_LANG_ZH && m.note_zh[0] ? m.note_zh : m.note);
    rw_runout_facts f;
    if ((st = rw_app_runout_facts(&c->b, &m, s, &ro, 0, &pol, INT64_MIN, &f, err)) != RW_OK)
        goto out;
    r->observed = f.observed;
    /* summary.json's is English; the page's in its language */
    rw_lang_when(RW_LANG_EN, c->b.tz, f.observed_at, c->b.as_of, r->observed_at,
                 sizeof r->observed_at);
    rw_lang_when(r->lang, c->b.tz, f.observed_at, c->b.as_of, r->observed_when,
                 sizeof r->observed_when);
    rw_str_copy(r->amount, sizeof r->amount, f.amount);
    r->arrears = f.arrears;
    if (f.arrears.in_arrears)
        rw_lang_minute(r->lang, c->b.tz, f.arrears.since, r->arrears_since,
                       sizeof r->arrears_since);
    rw_str_copy(r->policy, sizeof r->policy, pol.name);
    r->grace_hours = pol.grace_hours;
    r->retention_days = pol.retention_days;
    for (int i = 0; i < 3; i++) {
        r->runout_days[i] = (int)f.day[i];
        if (f.day[i] == RW_NEVER) continue;
        rw_time_format_day(f.negative_from[i], r->runout_date[i]);
        rw_tz_format_local(c->b.tz, f.suspended_from[i], r->suspend_date[i],
                           sizeof r->suspend_date[i]);
        rw_tz_format_local(c->b.tz, f.deleted_from[i], r->delete_date[i], sizeof r->delete_date[i]);
    }
    r->within7 = f.within7;
    r->within14 = f.within14;
    r->within30 = f.within30;
    r->daily_recent = s->recent_mean;
    r->daily_forecast = rw_scenarios_mean(s, 30);
    next_threshold(r, &ro);

    /* The depletion chart: up to two weeks past the P90 run-out. */
    size_t n = ro.p90 != RW_RUNOUT_NONE && (size_t)ro.p90 + 14 < s->h ? (size_t)ro.p90 + 14 : s->h;
    int64_t *t = malloc(n * sizeof *t);
    if (t) {
        for (size_t k = 0; k < n; k++) t[k] = s->as_of + (int64_t)(k + 1) * RW_DAY;
        char labels[RW_CHART_MAX_THR][40], title[200];
        rw_balance_chart bc = {.title = title, .currency = r->currency, .n = n, .t = t,
                               .p10 = ro.bal_p10, .p50 = ro.bal_p50, .p90 = ro.bal_p90,
                               .runout = {f.negative_from[0], f.negative_from[1],
                                          f.negative_from[2]},
                               .nthr = r->nthresholds,
                               .suspend_at = INT64_MIN, .delete_at = INT64_MIN};
        for (size_t i = 0; i < r->nthresholds && i < RW_CHART_MAX_THR; i++) {
            snprintf(labels[i], sizeof labels[i], "%s (%d d)", r->thr[i].level, r->thr[i].lead_days);
            bc.thr[i] = r->thr[i].balance;
            bc.thr_name[i] = labels[i];
        }
        if (f.day[1] != RW_NEVER) {
            bc.suspend_at = f.suspended_from[1];
            bc.delete_at = f.deleted_from[1];
        }
        char day[16];
        rw_time_format_day(s->as_of, day);
        snprintf(title, sizeof title,
                 rw_tr(r->lang, "Balance after %s: P10/P50/P90 paths and"
                                " run-out"),
                 day);
        rw_report_draw(c, RW_CHART_BALANCE, &bc, "runout", r->runout_chart);
        free(t);
    }
out:
    rw_runout_cleanup(&ro);
    rw_scenarios_free(s);
    rw_app_plan_money_cleanup(&m);
    return st;
}

/* ---- budget ---------------------------------------------------------------- */

rw_status rw_report_budget(rw_report_ctx *c, rw_error *err)
{
    static const double pct[] = {50, 80, 100};
    const rw_report_options *o = c->o;
    rw_plan_base cost;
    const rw_plan_base *base;
    rw_status st = rw_app_plan_cost(c->s, &o->plan, &c->b, &cost, &base, err);
    const rw_ts *ts = base->ts;
    int64_t as_of = c->b.as_of;
    rw_report *r = c->r;
    rw_budget_period pd;
    rw_budget b;
    rw_scenarios *s = NULL;
    /* Without a budget the month's forecast is still shown: an amount no
     * path reaches leaves the probabilities at 0. */
    double amount = o->budget > 0 ? o->budget : DBL_MAX / 4;
    if (st == RW_OK)
        st = rw_app_budget(base, INT64_MIN, 0, amount, pct, 3, RW_BUDGET_FIRE, &pd, &b, &s, err);
    if (st != RW_OK) {
        rw_scenarios_free(s);
        rw_app_plan_cleanup(&cost);
        return st;
    }
    r->has_budget = o->budget > 0;
    r->budget = o->budget > 0 ? o->budget : 0;
    rw_time_format_day(pd.from, r->month_from);
    rw_time_format_day(pd.to, r->month_to);
    r->month_spent = pd.spent;
    r->month_days_spent = pd.days_spent;
    r->month_days = pd.days;
    r->month_mean = b.mean;
    r->month_p10 = b.p10;
    r->month_p90 = b.p90;
    r->p_over = r->has_budget ? b.p_exceed : 0;
    int64_t breach = INT64_MIN;
    if (r->has_budget && b.breach_p50 != RW_RUNOUT_NONE) {
        breach = b.breach_p50 == 0 ? as_of : as_of + (int64_t)b.breach_p50 * RW_DAY;
        rw_time_format_day(breach, r->breach_date);
    }

    /* Burn-up: actual cumulative spend, then the paths' running totals. */
    size_t nact = 0, nfc = 0, np = s->npaths;
    size_t k0 = pd.k0, k1 = pd.k1 < s->h ? pd.k1 : s->h;
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
        snprintf(title, sizeof title, rw_tr(r->lang, "Spend in %s .. %s against %s"), r->month_from,
                 r->month_to, rw_tr(r->lang, r->has_budget ? "the budget" : "no budget"));
        rw_burnup_chart bc = {.title = title, .currency = r->currency, .from = pd.from,
                              .to = pd.to, .budget = r->budget, .nact = nact, .at = at,
                              .acum = acum, .nfc = nfc, .ft = ft, .fmean = fm, .flo = flo,
                              .fhi = fhi, .breach = breach};
        if (nact + nfc) rw_report_draw(c, RW_CHART_BURNUP, &bc, "budget", r->budget_chart);
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
    rw_app_plan_cleanup(&cost);
    return RW_OK;
}
