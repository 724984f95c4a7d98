/* plans.c: the run-out, thresholds and budget use cases (runway.h): the
 * series, balance and flows read in one snapshot of the store, then the
 * scenarios and the answer. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "app/accounts.h"
#include "app/plan.h"
#include "export/plan_write.h"
#include "util/strutil.h"
#include "util/timeutil.h"

_Static_assert(RW_MAX_LEADS == RW_THR_MAX_LEADS, "one limit of lead times");
_Static_assert(RW_MAX_BUDGET_ALERTS == RW_BUDGET_MAX_ALERTS, "one limit of budget alerts");

void rw_runout_options_init(rw_runout_options *o)
{
    memset(o, 0, sizeof *o);
    rw_plan_options_init(&o->plan);
    o->grace_hours = o->retention_days = -1;
    o->horizon_days = RW_RUNOUT_HORIZON;
    o->now = INT64_MIN;
}

void rw_thresholds_options_init(rw_thresholds_options *o)
{
    memset(o, 0, sizeof *o);
    rw_plan_options_init(&o->plan);
    o->confidence = NAN;
    o->replay = 1;
    o->origins = 8;
    o->spacing = 7;
    o->gauge = "cloud_account_balance";
    o->fixed_alert = NAN;
}

void rw_budget_options_init(rw_budget_options *o)
{
    memset(o, 0, sizeof *o);
    rw_plan_options_init(&o->plan);
    o->from = o->to = INT64_MIN;
    o->fire_probability = RW_BUDGET_FIRE;
}

/* Loads the plan's series and its money in one snapshot. */
static rw_status load(rw_session *s, const rw_runout_options *o, rw_plan_base *b,
                      rw_plan_money *m, rw_error *err)
{
    rw_status st = rw_app_read_begin(s, err);
    if (st == RW_OK) st = rw_app_plan_load(s, &o->plan, RW_VIEW_BALANCE, b, err);
    if (st == RW_OK)
        st = rw_app_plan_money(s, b, o->has_balance, o->balance, o->flows, o->nflows,
                               o->horizon_days, m, err);
    rw_app_read_end(s);
    return st;
}

/* What the registry says for the plan's account (nothing for a series
 * file). */
static rw_status registered(rw_session *s, const rw_plan_options *p, rw_app_registered *reg,
                            rw_error *err)
{
    return rw_app_account_registered(s, p->sel.input ? NULL : p->sel.account, reg, err);
}

/* The policy `name`, else the one registered for the plan's account
 * (`runway accounts set ID --policy NAME`), else generic. */
static rw_status plan_policy(rw_session *s, const rw_plan_options *p, const char *name,
                             double grace, double retention, rw_policy *out, rw_error *err)
{
    rw_app_registered reg;
    rw_status st = registered(s, p, &reg, err);
    if (st != RW_OK) return st;
    return rw_app_policy(rw_app_setting_str(name, reg.policy, NULL), grace, retention, out, err);
}

rw_status rw_app_thresholds_check(size_t nleads, const size_t *leads, double confidence,
                                  double fixed_alert, rw_error *err)
{
    if (nleads > RW_MAX_LEADS || !(confidence >= 0.5 && confidence <= 0.999))
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "at most %d lead times, and a confidence in [0.5, 0.999]",
                            RW_MAX_LEADS);
    for (size_t i = 0; i < nleads; i++)
        if (leads[i] < 1 || leads[i] > 365)
            return rw_error_set(err, RW_EINVAL, NULL, 0, "lead times are 1..365 days");
    if (!(fixed_alert >= 0 && fixed_alert < 1e15))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "--fixed-alert: an amount >= 0");
    return RW_OK;
}

rw_status rw_runout_plan(rw_session *s, const rw_runout_options *o, rw_runout_result **out,
                         rw_error *err)
{
    rw_plan_base b = {0};
    rw_plan_money m = {0};
    *out = NULL;
    if (o->horizon_days < 1 || o->horizon_days > 3660)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "--horizon: a number of days (1..3660)");
    if (o->nflows > RW_RUNOUT_MAX_FLOWS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "at most %d planned flows",
                            RW_RUNOUT_MAX_FLOWS);
    if (rw_app_as_billed(&o->plan, "run-out", err) != RW_OK) return RW_EINVAL;
    rw_runout_result *r = calloc(1, sizeof *r);
    if (!r) return rw_app_oom(err);
    rw_status st = plan_policy(s, &o->plan, o->policy, o->grace_hours, o->retention_days,
                               &r->pol, err);
    if (st == RW_OK) st = load(s, o, &b, &m, err);
    if (st == RW_OK)
        st = rw_app_runout(&b, &m, o->credit_limit, o->horizon_days, &r->s, &r->r, err);
    if (st == RW_OK) {
        r->balance = m.balance;
        rw_str_copy(r->currency, sizeof r->currency, m.currency);
        rw_str_copy(r->note, sizeof r->note, m.note);
        rw_str_copy(r->note_zh, sizeof r->note_zh, m.note_zh);
        r->credit = o->credit_limit;
        r->flows = m.flows.flow;
        r->nflows = m.flows.n;
        m.flows.flow = NULL;
        st = rw_app_runout_facts(&b, &m, r->s, &r->r, o->credit_limit, &r->pol, o->now,
                                 &r->facts, err);
        r->facts.currency = r->currency;
        r->tz = b.tz;
        r->lang = o->plan.lang;
        b.tz = NULL;
        r->facts.tz = rw_tz_name(r->tz);
    }
    if (st == RW_OK) {
        *out = r;
        r = NULL;
    }
    rw_runout_result_free(r);
    rw_app_plan_money_cleanup(&m);
    rw_app_plan_cleanup(&b);
    return st;
}

rw_status rw_thresholds_plan(rw_session *s, const rw_thresholds_options *o,
                             rw_thresholds_result **out, rw_error *err)
{
    rw_plan_base b = {0};
    *out = NULL;
    if (rw_app_as_billed(&o->plan, "thresholds", err) != RW_OK) return RW_EINVAL;
    /* Each setting: the options', else the account's override, else the
     * default. */
    rw_app_registered reg;
    rw_status st = registered(s, &o->plan, &reg, err);
    if (st != RW_OK) return st;
    const size_t *leads = o->nleads ? o->leads : reg.nleads ? reg.leads : rw_ladder_lead;
    size_t nleads = o->nleads ? o->nleads : reg.nleads ? reg.nleads : RW_LADDER_STEPS;
    double conf = rw_app_setting(o->confidence, reg.confidence, RW_LADDER_CONFIDENCE);
    double fixed = rw_app_setting(o->fixed_alert, reg.fixed_alert, RW_RULE_FIXED_DEFAULT);
    st = rw_app_thresholds_check(nleads, leads, conf, fixed, err);
    if (st != RW_OK) return st;
    rw_thresholds_result *r = calloc(1, sizeof *r);
    if (!r || !(r->gauge = strdup(o->gauge ? o->gauge : "cloud_account_balance"))) {
        rw_thresholds_result_free(r);
        return rw_app_oom(err);
    }
    st = rw_app_policy(rw_app_setting_str(o->policy, reg.policy, NULL), -1, -1, &r->pol, err);
    if (st == RW_OK) st = rw_app_read_begin(s, err);
    if (st == RW_OK) st = rw_app_plan_load(s, &o->plan, RW_VIEW_BALANCE, &b, err);
    rw_app_read_end(s);
    if (st == RW_OK) {
        if (b.as_of == INT64_MIN) b.as_of = b.ts->t[b.ts->n - 1];
        rw_threshold_set *t = &r->t;
        t->n = nleads;
        memcpy(t->lead, leads, t->n * sizeof *t->lead);
        t->conf = conf;
        rw_str_copy(r->currency, sizeof r->currency, b.sel.currency ? b.sel.currency : "");
        st = rw_app_thresholds(&b, o->replay, o->origins, o->spacing, o->jobs, t, &r->s, err);
        rw_usual_rules_opts uo = {b.as_of, t->lead, t->n, fixed,
                                  o->replay ? o->origins : 0, o->spacing};
        if (st == RW_OK) st = rw_usual_rules_compute(b.ts, &uo, &r->rules, err);
        r->tz = b.tz;
        r->lang = o->plan.lang;
        b.tz = NULL;
    }
    if (st == RW_OK) {
        *out = r;
        r = NULL;
    }
    rw_thresholds_result_free(r);
    rw_app_plan_cleanup(&b);
    return st;
}

double rw_app_budget_amount(const rw_budget_options *o, double registered)
{
    return rw_app_setting(o->amount > 0 ? o->amount : NAN, registered, NAN);
}

rw_status rw_budget_plan(rw_session *s, const rw_budget_options *o, rw_budget_result **out,
                         rw_error *err)
{
    *out = NULL;
    rw_app_registered reg;
    rw_status st = registered(s, &o->plan, &reg, err);
    if (st != RW_OK) return st;
    double amount = rw_app_budget_amount(o, reg.budget);
    if (isnan(amount))
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "--amount A (the budget) is required%s",
                            o->plan.sel.account && !o->plan.sel.input
                                ? ": the account has no registered budget (`runway accounts set"
                                  " ID --budget A`)"
                                : "");
    return rw_app_budget_plan(s, o, amount, out, err);
}

rw_status rw_app_budget_plan(rw_session *s, const rw_budget_options *o, double amount,
                             rw_budget_result **out, rw_error *err)
{
    static const double default_pct[] = {50, 80, 100};
    rw_plan_base b = {0};
    *out = NULL;
    if (!(amount > 0) && !isnan(amount))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "a budget is an amount > 0");
    if (o->nalerts > RW_MAX_BUDGET_ALERTS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "at most %d alert percentages",
                            RW_MAX_BUDGET_ALERTS);
    int64_t from = o->from, to = o->to;
    if ((from == INT64_MIN) != (to == INT64_MIN) || (from != INT64_MIN && to < from))
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "give --month, or both --from and --to with --from <= --to");
    if (from != INT64_MIN) {
        from = rw_time_floor(from, RW_GRAN_DAY);
        to = rw_time_floor(to, RW_GRAN_DAY);
    }
    rw_budget_result *r = calloc(1, sizeof *r);
    if (!r) return rw_app_oom(err);
    rw_status st = rw_app_read_begin(s, err);
    if (st == RW_OK) st = rw_app_plan_load(s, &o->plan, RW_VIEW_COST, &b, err);
    rw_app_read_end(s);
    if (st == RW_OK) {
        if (b.as_of == INT64_MIN) b.as_of = b.ts->t[b.ts->n - 1];
        r->amount = amount;
        rw_str_copy(r->currency, sizeof r->currency, b.sel.currency ? b.sel.currency : "");
        const double *pct = o->nalerts ? o->alert_pct : default_pct;
        size_t npct = isnan(amount) ? 0 : o->nalerts ? o->nalerts : 3;
        st = rw_app_budget(&b, from, to, amount, pct, npct, o->fire_probability,
                           &r->pd, &r->b, &r->s, err);
        r->tz = b.tz;
        r->lang = o->plan.lang;
        b.tz = NULL;
    }
    if (st == RW_OK) {
        *out = r;
        r = NULL;
    }
    rw_budget_result_free(r);
    rw_app_plan_cleanup(&b);
    return st;
}
