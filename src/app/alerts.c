/* alerts.c: the alerting use case (runway.h rw_alerts_run): the facts of
 * the account from one snapshot of the store, with the numbers `runout`,
 * `thresholds` and `budget` give, then the rules, their decisions,
 * deliveries and records (src/alert). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "alert/deliver.h"
#include "app/alerts.h"
#include "app/plan.h"
#include "store/balance.h"
#include "util/strutil.h"
#include "util/timeutil.h"

#define DEFAULT_RUNOUT_DAYS 7
#define DEFAULT_TIMEOUT_S 10
#define DEFAULT_RETRIES 2

void rw_alert_options_init(rw_alert_options *o)
{
    memset(o, 0, sizeof *o);
    rw_plan_options_init(&o->plan);
    o->grace_hours = o->retention_days = -1;
    o->runout_days = DEFAULT_RUNOUT_DAYS;
    o->cooldown_s = RW_ALERT_DEFAULT_COOLDOWN_S;
    o->daily_limit = RW_ALERT_DEFAULT_DAILY_LIMIT;
    o->timeout_s = DEFAULT_TIMEOUT_S;
    o->retries = DEFAULT_RETRIES;
    o->now = INT64_MIN;
}

/* The account the balance belongs to: the one asked for, else the only one. */
static rw_status resolve_account(rw_store *store, const rw_alert_options *o, rw_alert_facts *f,
                                 rw_error *err)
{
    if (o->plan.sel.account) {
        rw_str_copy(f->account, sizeof f->account, o->plan.sel.account);
        return RW_OK;
    }
    rw_balance_row b;
    rw_status st = rw_store_balance_latest(store, NULL, &b, err);
    if (st == RW_ENOTFOUND) {
        rw_error_clear(err);
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "no balance recorded: record one with `runway balance set` or by"
                            " ingesting a DescribeAccountBalance response");
    }
    if (st == RW_OK) rw_str_copy(f->account, sizeof f->account, b.account);
    return st;
}

/* The run-out part of the facts. */
static rw_status runout_facts(const rw_plan_base *b, const rw_plan_money *m, int64_t now,
                              rw_alert_facts *f, rw_error *err)
{
    rw_scenarios *sc = NULL;
    rw_runout ro = {0};
    rw_status st = rw_app_runout(b, m, 0, RW_RUNOUT_HORIZON, &sc, &ro, err);
    rw_runout_facts rf;
    if (st == RW_OK) st = rw_app_runout_facts(b, m, sc, &ro, 0, &f->pol, now, &rf, err);
    if (st == RW_OK) {
        f->as_of = b->as_of;
        f->balance = m->balance;
        f->observed = rf.observed;
        rw_str_copy(f->currency, sizeof f->currency, m->currency);
        rw_currency_suffix(f->currency, f->unit, sizeof f->unit);
        rw_lang_when(f->lang, b->tz, rf.observed_at, b->as_of, f->observed_at,
                     sizeof f->observed_at);
        f->arrears = rf.arrears;
        if (rf.arrears.in_arrears) {
            rw_lang_minute(f->lang, b->tz, rf.arrears.since, f->arrears_since,
                           sizeof f->arrears_since);
            rw_lang_minute(f->lang, b->tz, rf.arrears.suspended_from, f->suspended_at,
                           sizeof f->suspended_at);
            rw_lang_minute(f->lang, b->tz, rf.arrears.deleted_from, f->deleted_at,
                           sizeof f->deleted_at);
        }
        f->horizon = (int)rf.horizon_days;
        for (int i = 0; i < 3; i++) {
            f->days[i] = rf.day[i];
            if (rf.day[i] != RW_NEVER)
                rw_time_format_bucket(rf.negative_from[i], RW_GRAN_DAY, f->runout[i],
                                      sizeof f->runout[i]);
        }
        f->within7 = rf.within7;
        f->within14 = rf.within14;
        f->within30 = rf.within30;
        if (rf.day[1] != RW_NEVER)
            rw_tz_format_local(b->tz, rf.deleted_from[1], f->deleted, sizeof f->deleted);
    }
    rw_runout_cleanup(&ro);
    rw_scenarios_free(sc);
    return st;
}

/* The thresholds of the ladder, and the balance that lasts the run-out
 * window (for the run-out rule's action). */
static rw_status threshold_facts(const rw_plan_base *b, long runout_days, rw_alert_facts *f,
                                 rw_error *err)
{
    rw_threshold_set t;
    rw_scenarios *sc = NULL;
    memset(&t, 0, sizeof t);
    t.conf = RW_LADDER_CONFIDENCE;
    t.n = RW_LADDER_STEPS;
    memcpy(t.lead, rw_ladder_lead, sizeof rw_ladder_lead);
    size_t rlead = 0;
    while (rlead < t.n && t.lead[rlead] != (size_t)runout_days) rlead++;
    if (rlead == t.n) t.lead[t.n++] = (size_t)runout_days;
    rw_status st = rw_app_thresholds(b, 0, 0, 0, 1, &t, &sc, err);
    rw_scenarios_free(sc);
    if (st != RW_OK) return st;
    f->nthr = RW_LADDER_STEPS;
    for (size_t i = 0; i < t.n; i++) {
        f->lead[i] = t.lead[i];
        f->thr[i] = t.x[i];
    }
    f->runout_thr = t.x[rlead];
    return RW_OK;
}

/* The ledger rule's facts, when the account has a ledger: its recent days
 * against the bills, as `runway reconcile` compares them (its own read).
 * The ledger's last day is left out: its bills may still be on their way. */
static void ledger_facts(rw_session *s, rw_alert_facts *f)
{
    rw_reconcile_options o;
    rw_reconcile_options_init(&o);
    o.account = f->account[0] ? f->account : NULL;
    rw_reconcile_result *rr = NULL;
    rw_error e;
    rw_error_clear(&e);
    if (rw_reconcile(s, &o, &rr, &e) != RW_OK) return; /* no ledger: no rule */
    const rw_reconcile_day *d;
    size_t n = rw_reconcile_result_days(rr, &d), end = n ? n - 1 : 0;
    f->has_ledger = 1;
    for (size_t k = end > RW_LEDGER_RULE_DAYS ? end - RW_LEDGER_RULE_DAYS : 0; k < end; k++) {
        f->ledger_days++;
        if (!d[k].cause && !d[k].balance_jump) continue;
        if (!f->ledger_bad++) {
            rw_str_copy(f->ledger_first, sizeof f->ledger_first, d[k].date);
            rw_str_copy(f->ledger_cause, sizeof f->ledger_cause,
                        d[k].cause ? d[k].cause : "balance-jump");
        }
    }
    rw_reconcile_result_free(rr);
}

/* Everything the rules need, from one snapshot of the store. */
static rw_status evaluate(rw_session *s, const rw_alert_options *o, rw_alert_facts *f,
                          rw_error *err)
{
    rw_plan_base b = {0};
    rw_plan_money m = {0};
    rw_store *store;
    memset(f, 0, sizeof *f);
    f->lang = o->plan.lang;
    rw_status st = rw_app_policy(o->policy, o->grace_hours, o->retention_days, &f->pol, err);
    if (st == RW_OK) st = rw_app_read_begin(s, err);
    if (st == RW_OK) st = rw_app_store(s, &store, err);
    /* The account names the rules; the data are selected as `runout`
     * selects them (without an account: every charge, the only balance). */
    if (st == RW_OK) st = resolve_account(store, o, f, err);
    if (st == RW_OK) st = rw_app_plan_load(s, &o->plan, RW_VIEW_BALANCE, &b, err);
    if (st == RW_OK) st = rw_app_plan_money(s, &b, 0, 0, NULL, 0, RW_RUNOUT_HORIZON, &m, err);
    rw_plan_base cost;
    const rw_plan_base *budget_base = &b;
    if (st == RW_OK && o->budget > 0) st = rw_app_plan_cost(s, &o->plan, &b, &cost, &budget_base, err);
    else memset(&cost, 0, sizeof cost);
    rw_app_read_end(s);
    if (st == RW_OK) ledger_facts(s, f);
    if (st == RW_OK) st = runout_facts(&b, &m, o->now, f, err);
    if (st == RW_OK) st = threshold_facts(&b, o->runout_days, f, err);
    if (st == RW_OK && o->budget > 0) {
        static const double pct[] = {100};
        rw_scenarios *sc = NULL;
        f->has_budget = 1;
        f->budget = o->budget;
        st = rw_app_budget(budget_base, INT64_MIN, 0, o->budget, pct, 1, RW_BUDGET_FIRE, &f->pd,
                           &f->b, &sc, err);
        rw_scenarios_free(sc);
    }
    rw_app_plan_money_cleanup(&m);
    rw_app_plan_cleanup(&cost);
    rw_app_plan_cleanup(&b);
    return st;
}

/* Parses the webhooks given; the same one twice is refused. */
static rw_status parse_hooks(const rw_alert_options *o, rw_webhook *hooks, rw_error *err)
{
    if (o->nwebhooks > RW_ALERT_MAX_TARGETS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "--webhook: at most %d webhooks",
                            RW_ALERT_MAX_TARGETS);
    for (size_t i = 0; i < o->nwebhooks; i++) {
        rw_status st = rw_webhook_parse(o->webhooks[i], &hooks[i], err);
        if (st != RW_OK) return st;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(hooks[i].id, hooks[j].id))
                return rw_error_set(err, RW_EINVAL, NULL, 0,
                                    "--webhook: the same %s webhook is given twice",
                                    hooks[i].target);
    }
    return RW_OK;
}

rw_status rw_app_alerts_run(rw_session *s, const rw_alert_options *o, rw_pacer *pacer,
                            rw_alert_run **out, rw_error *err)
{
    *out = NULL;
    if (rw_app_as_billed(&o->plan, "alerts", err) != RW_OK) return RW_EINVAL;
    if (o->runout_days < 1 || o->runout_days > RW_RUNOUT_HORIZON)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "--runout-days: a number of days (1..%d)",
                            RW_RUNOUT_HORIZON);
    rw_webhook hooks[RW_ALERT_MAX_TARGETS];
    rw_alert_facts *f = calloc(1, sizeof *f);
    rw_alert_run *run = calloc(1, sizeof *run);
    rw_alert_rule rules[RW_ALERT_MAX_RULES];
    memset(hooks, 0, sizeof hooks);
    if (!f || !run) {
        free(f);
        free(run);
        return rw_app_oom(err);
    }
    run->dry_run = o->dry_run;
    rw_status st = parse_hooks(o, hooks, err);
    if (st == RW_OK) st = evaluate(s, o, f, err);
    if (st == RW_OK) {
        size_t n = rw_alert_rules(f, o->runout_days, rules);
        rw_alert_delivery d = {.hooks = hooks,
                               .nhooks = o->nwebhooks,
                               .policy = {o->cooldown_s, o->daily_limit},
                               .now = o->now == INT64_MIN ? (int64_t)time(NULL) : o->now,
                               .dry_run = o->dry_run,
                               .timeout_s = o->timeout_s,
                               .retries = o->retries,
                               .message = s->message,
                               .message_ctx = s->message_ctx,
                               .pacer = pacer};
        st = rw_alert_deliver(s->store, f, rules, n, &d, run, err);
    }
    if (st == RW_OK && run->failed)
        st = rw_error_set(err, RW_EPARTIAL, NULL, 0, "%zu of %zu deliveries failed", run->failed,
                          run->failed + run->sent);
    for (size_t i = 0; i < o->nwebhooks && i < RW_ALERT_MAX_TARGETS; i++)
        rw_webhook_cleanup(&hooks[i]);
    free(f);
    *out = run;
    return st;
}

rw_status rw_alerts_run(rw_session *s, const rw_alert_options *o, rw_alert_run **out,
                        rw_error *err)
{
    rw_pacer *pacer = rw_pacer_alloc(NULL, NULL);
    if (!pacer) return rw_app_oom(err);
    rw_status st = rw_app_alerts_run(s, o, pacer, out, err);
    rw_pacer_free(pacer);
    return st;
}
