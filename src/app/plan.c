/* plan.c: series, money, policies and scenarios of the planning use cases
 * (plan.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "util/lang.h"
#include "app/plan.h"
#include "app/select.h"
#include "store/balance.h"
#include "store/ledger.h"
#include "plan/arrears.h"
#include "store/series_query.h"
#include "util/strutil.h"
#include "util/timeutil.h"

void rw_plan_options_init(rw_plan_options *o)
{
    memset(o, 0, sizeof *o);
    rw_selection_init(&o->sel);
    o->as_of = INT64_MIN;
    o->seed = RW_DEFAULT_SEED;
}

/* The balance view's default metric: what the balance paid, when the
 * account's bills say how charges were paid. */
static rw_status balance_metric(rw_session *s, rw_plan_base *b, rw_error *err)
{
    rw_store *store;
    int has = 0;
    rw_status st = rw_app_store(s, &store, err);
    if (st == RW_OK)
        st = rw_store_has_payment_split(store, b->sel.account, b->sel.currency, &has, err);
    if (st == RW_OK && has) {
        b->sel.metric = RW_METRIC_DRAWN;
        b->sel.metric_text = "drawn";
        b->drawn = 1;
    }
    return st;
}

rw_status rw_app_plan_load(rw_session *s, const rw_plan_options *o, rw_plan_view view,
                           rw_plan_base *b, rw_error *err)
{
    memset(b, 0, sizeof *b);
    b->sel = o->sel;
    b->as_of = o->as_of == INT64_MIN ? INT64_MIN : rw_time_floor(o->as_of, RW_GRAN_DAY);
    b->seed = o->seed;
    b->npaths = o->npaths;
    rw_status st = RW_OK;
    if (view == RW_VIEW_BALANCE) b->sel.amortize = 0; /* the balance pays as billed */
    if (view == RW_VIEW_BALANCE && !b->sel.input && !b->sel.metric_given)
        st = balance_metric(s, b, err);
    else if (b->sel.metric == RW_METRIC_DRAWN)
        b->drawn = 1;
    return st == RW_OK ? rw_app_daily(s, &b->sel, b->cur, &b->ts, &b->tz, err) : st;
}

rw_status rw_app_plan_cost(rw_session *s, const rw_plan_options *o, const rw_plan_base *bal,
                           rw_plan_base *cost, const rw_plan_base **use, rw_error *err)
{
    memset(cost, 0, sizeof *cost);
    *use = bal;
    if ((!bal->drawn || o->sel.metric_given) && !o->sel.amortize) return RW_OK;
    rw_status st = rw_app_plan_load(s, o, RW_VIEW_COST, cost, err);
    cost->as_of = bal->as_of;
    if (st == RW_OK) *use = cost;
    return st;
}

rw_status rw_app_as_billed(const rw_plan_options *o, const char *what, rw_error *err)
{
    if (!o->sel.amortize) return RW_OK;
    return rw_error_set(err, RW_EINVAL, NULL, 0,
                        "--amortize does not apply to %s: the balance pays each charge when it"
                        " is billed, so plans about the balance use charges as billed (amortise"
                        " the cost views: series, forecast, budget, report)",
                        what);
}

const char *rw_app_plan_amount(const rw_plan_base *b)
{
    if (b->sel.input) return "the series' values";
    if (b->drawn)
        return "money drawn from the balance (cash + gift + transfer; vouchers left out)";
    if (b->sel.amortize) switch (b->sel.metric) {
        case RW_METRIC_COST: return "billed cost, amortised over charge periods";
        case RW_METRIC_EFFECTIVE: return "effective cost, amortised over charge periods";
        default: break;
        }
    switch (b->sel.metric) {
    case RW_METRIC_COST:
        return b->sel.metric_given ? "billed cost"
                                   : "billed cost (the bills do not say how charges were paid)";
    case RW_METRIC_EFFECTIVE: return "effective (amortised) cost";
    default: return b->sel.metric_text;
    }
}

void rw_app_plan_cleanup(rw_plan_base *b)
{
    rw_ts_free(b->ts);
    b->ts = NULL;
    rw_tz_free(b->tz);
    b->tz = NULL;
}

rw_status rw_app_policy(const char *name, double grace, double retention, rw_policy *out,
                        rw_error *err)
{
    if (!name) name = "generic";
    rw_status st = strchr(name, '/') || strstr(name, ".json") ? rw_policy_load(name, out, err)
                                                              : rw_policy_builtin(name, out, err);
    if (st != RW_OK) return st == RW_ENOTFOUND ? RW_EINVAL : st;
    if (grace >= 0) out->grace_hours = grace;
    if (retention >= 0) out->retention_days = retention;
    return RW_OK;
}

void rw_app_plan_money_cleanup(rw_plan_money *m)
{
    free(m->flows.flow);
    m->flows.flow = NULL;
    m->flows.n = m->flows.cap = 0;
}

/* The store's latest balance of the account, carried to the end of a day. */
static rw_status stored_balance(rw_store *store, rw_plan_base *b, rw_plan_money *m,
                                rw_error *err)
{
    rw_balance_row row;
    const char *account = b->sel.account;
    rw_status st = rw_store_balance_latest(store, account, &row, err);
    if (st == RW_ENOTFOUND) {
        rw_error_clear(err);
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "no balance recorded%s%s: give --balance AMOUNT, or record one with"
                            " `runway balance set` or by ingesting a DescribeAccountBalance"
                            " response",
                            account ? " for account " : "", account ? account : "");
    }
    if (st != RW_OK) return st;
    if (m->currency[0] && strcmp(m->currency, row.currency))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "the balance is in %s but --currency is %s",
                            row.currency, m->currency);
    rw_str_copy(m->currency, sizeof m->currency, row.currency);
    m->observed = row.amount;
    m->observed_at = row.at;
    m->store = store;
    rw_str_copy(m->account, sizeof m->account, row.account);
    const rw_ts *ts = b->ts;
    /* The snapshot is an instant; the series' days are the zone's. */
    int64_t at = rw_tz_to_local(b->tz, row.at);
    int64_t snap_day = rw_time_floor(at, RW_GRAN_DAY), last = ts->t[ts->n - 1];
    if (b->as_of == INT64_MIN) b->as_of = last >= snap_day ? last : snap_day - RW_DAY;
    int known = 0;
    m->balance = rw_balance_carry(ts, row.amount, at, b->as_of, &known);
    char when[40], day[16], amount[32], carried[32];
    rw_tz_format_local(b->tz, at, when, sizeof when);
    rw_time_format_bucket(b->as_of, RW_GRAN_DAY, day, sizeof day);
    snprintf(amount, sizeof amount, "%.2f", row.amount);
    snprintf(carried, sizeof carried, "%.2f", m->balance);
    snprintf(m->note, sizeof m->note,
             "balance %s %s observed at %s, carried to the end of %s: %s (%d day(s) of"
             " recorded consumption%s)", amount, row.currency, when, day, carried, known,
             known ? "" : ", the rest estimated");
    snprintf(m->note_zh, sizeof m->note_zh,
             rw_tr(RW_LANG_ZH, "balance %s %s observed at %s, carried to the end of %s: %s (%d"
                               " day(s) of recorded consumption%s)"),
             amount, row.currency, when, day, carried, known,
             known ? "" : rw_tr(RW_LANG_ZH, ", the rest estimated"));
    return RW_OK;
}

/* The account's planned top-ups in the balance's currency. */
static rw_status stored_topups(rw_store *store, const rw_plan_base *b, size_t days,
                               rw_plan_money *m, rw_error *err)
{
    rw_topup *tu = NULL;
    size_t ntu = 0;
    rw_status st = rw_store_topup_list(store, b->sel.account, &tu, &ntu, err);
    for (size_t i = 0; st == RW_OK && i < ntu; i++)
        if (!m->currency[0] || !strcmp(tu[i].currency, m->currency))
            st = rw_flows_add_topup(&m->flows, &tu[i], b->as_of, days, err);
    free(tu);
    return st;
}

rw_status rw_app_plan_money(rw_session *s, rw_plan_base *b, int has_given, double given,
                            const rw_flow_plan *flows, size_t nflows, size_t days,
                            rw_plan_money *m, rw_error *err)
{
    rw_status st = RW_OK;
    memset(m, 0, sizeof *m);
    for (size_t i = 0; st == RW_OK && i < nflows; i++) st = rw_flows_add_plan(&m->flows, &flows[i], err);
    if (b->sel.currency) rw_str_copy(m->currency, sizeof m->currency, b->sel.currency);
    m->observed_at = INT64_MIN;
    if (st == RW_OK && has_given) {
        m->balance = m->observed = given;
        if (b->as_of == INT64_MIN) b->as_of = b->ts->t[b->ts->n - 1];
        if (b->sel.input) return RW_OK;
    } else if (st == RW_OK && b->sel.input) {
        st = rw_error_set(err, RW_EINVAL, NULL, 0,
                          "--balance AMOUNT is required with --input (the balance at the end of"
                          " the as-of day)");
    }
    rw_store *store = NULL;
    if (st == RW_OK) st = rw_app_store(s, &store, err);
    if (st == RW_OK && !has_given) st = stored_balance(store, b, m, err);
    if (st == RW_OK) st = stored_topups(store, b, days, m, err);
    if (st != RW_OK) rw_app_plan_money_cleanup(m);
    return st;
}

rw_status rw_app_scenarios(const rw_plan_base *b, int64_t as_of, size_t horizon,
                           rw_scenarios **out, rw_error *err)
{
    rw_scenario_opts so = {as_of, horizon, b->seed, b->npaths};
    if (as_of < b->ts->t[0]) {
        char day[16];
        rw_time_format_bucket(as_of, RW_GRAN_DAY, day, sizeof day);
        return rw_error_set(err, RW_EINVAL, NULL, 0, "--as-of %s is before the series '%s' starts",
                            day, b->ts->name);
    }
    return rw_scenarios_run(b->ts, &so, out, err);
}

rw_status rw_app_runout(const rw_plan_base *b, const rw_plan_money *m, double credit,
                        size_t max_horizon, rw_scenarios **sc, rw_runout *r, rw_error *err)
{
    size_t h = rw_runout_first_horizon(b->ts, m->balance + credit, m->flows.flow, m->flows.n,
                                       max_horizon);
    *sc = NULL;
    *r = (rw_runout){0};
    for (;;) {
        rw_status st = rw_app_scenarios(b, b->as_of, h, sc, err);
        if (st != RW_OK) return st;
        rw_runout_opts ro = {m->balance, credit, m->flows.flow, m->flows.n};
        if ((st = rw_runout_compute(*sc, &ro, r, err)) != RW_OK) return st;
        if (r->p90 != RW_RUNOUT_NONE || h == max_horizon) return RW_OK;
        h = max_horizon;
        rw_runout_cleanup(r);
        rw_scenarios_free(*sc);
        *sc = NULL;
    }
}

rw_status rw_app_fund_threshold(const rw_scenarios *sc, size_t days, double *out, rw_error *err)
{
    rw_threshold_set t;
    memset(&t, 0, sizeof t);
    t.n = 1;
    t.lead[0] = days;
    t.conf = RW_LADDER_CONFIDENCE;
    *out = NAN;
    if (!days || sc->h < days) return RW_OK;
    rw_status st = rw_threshold_set_compute(sc, &t, err);
    if (st == RW_OK) *out = t.x[0];
    return st;
}

rw_status rw_app_runout_facts(const rw_plan_base *b, const rw_plan_money *m,
                              const rw_scenarios *sc, const rw_runout *r, double credit,
                              const rw_policy *pol, int64_t now, rw_runout_facts *f,
                              rw_error *err)
{
    rw_runout_facts_of(sc, r, pol, f);
    f->balance = m->balance;
    f->observed = m->observed;
    f->observed_at = m->observed_at;
    f->currency = m->currency;
    f->amount = rw_app_plan_amount(b);
    int64_t at = m->observed_at != INT64_MIN ? m->observed_at
                                             : rw_tz_to_utc(b->tz, b->as_of + RW_DAY);
    double blue = NAN;
    if (m->observed < -credit) {
        rw_status st = rw_app_fund_threshold(sc, rw_ladder_lead[0], &blue, err);
        if (st != RW_OK) return st;
    }
    rw_arrears_in in = {b->ts, b->tz, m->observed, at, credit, pol,
                        now != INT64_MIN ? now : (int64_t)time(NULL), blue, 0, INT64_MIN};
    if (m->observed < -credit && m->store &&
        rw_store_ledger_below_since(m->store, m->account, -credit, at, &in.ledger_since,
                                    &in.ledger_known, err) != RW_OK)
        return err->status;
    if (in.now < at) in.now = at;
    rw_arrears_of(&in, &f->arrears);
    if (!f->arrears.in_arrears) return RW_OK;
    for (int i = 0; i < 3; i++) {
        f->day[i] = 0;
        /* The facts' days and times are the zone's local seconds. */
        f->negative_from[i] = rw_tz_to_local(b->tz, f->arrears.since);
        f->suspended_from[i] = rw_tz_to_local(b->tz, f->arrears.suspended_from);
        f->deleted_from[i] = rw_tz_to_local(b->tz, f->arrears.deleted_from);
    }
    f->within7 = f->within14 = f->within30 = 1;
    return RW_OK;
}

rw_status rw_app_thresholds(const rw_plan_base *b, int replay, size_t origins, size_t spacing,
                            size_t threads, rw_threshold_set *t, rw_scenarios **sc,
                            rw_error *err)
{
    size_t maxlead = 0;
    for (size_t i = 0; i < t->n; i++)
        if (t->lead[i] > maxlead) maxlead = t->lead[i];
    rw_status st = rw_app_scenarios(b, b->as_of, maxlead, sc, err);
    if (st == RW_OK) st = rw_threshold_set_compute(*sc, t, err);
    t->replayed = replay;
    if (st != RW_OK || !replay) return st;
    rw_threshold_eval_opts eo = {b->as_of, t->lead, t->n, t->conf, origins, spacing,
                                 b->seed, b->npaths, threads};
    return rw_threshold_evaluate(b->ts, &eo, t->ev, err);
}

rw_status rw_app_budget(const rw_plan_base *b, int64_t from, int64_t to, double amount,
                        const double *pct, size_t npct, double fire, rw_budget_period *pd,
                        rw_budget *out, rw_scenarios **sc, rw_error *err)
{
    rw_budget_period_of(b->ts, b->as_of, from, to, amount, pct, npct, pd);
    rw_status st = rw_app_scenarios(b, b->as_of, pd->k1 ? pd->k1 : 1, sc, err);
    if (st != RW_OK) return st;
    rw_budget_opts bo = {amount, pd->spent, pd->k0, pd->k1, pct, npct, fire};
    return rw_budget_compute(*sc, &bo, out, err);
}
