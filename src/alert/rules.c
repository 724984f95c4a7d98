/* rules.c: the alert rules of an account (rules.h): the state of each,
 * and what its message says. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "alert/rules.h"
#include "alert/state.h"
#include "plan/arrears.h"
#include "plan/threshold.h"
#include "util/timeutil.h"

/* Appends the policy's response to level `name` ("within 24 h: ...") to
 * the action in r, when the policy has one. */
static void add_response(const rw_alert_facts *e, const char *name, rw_alert_rule *r)
{
    int i = rw_response_index(name);
    const rw_response *p = i >= 0 ? &e->pol.response[i] : NULL;
    if (!p || !p->set) return;
    size_t n = strlen(r->action);
    snprintf(r->action + n, sizeof r->action - n, "; within %g h: %s%s%s%s", p->within_hours,
             p->action, p->notify[0] ? " (tell " : "", p->notify, p->notify[0] ? ")" : "");
}

static void rule_threshold(const rw_alert_facts *e, rw_alert_rule *r)
{
    int which;
    r->state = rw_alert_threshold_state(e->balance, e->thr, rw_ladder_name, e->nthr, &which);
    const char *u = e->unit;
    snprintf(r->detail, sizeof r->detail,
             "thresholds at %.0f%% confidence: blue %.2f (%zu d), yellow %.2f (%zu d), red %.2f"
             " (%zu d)", 100 * RW_LADDER_CONFIDENCE, e->thr[0], e->lead[0], e->thr[1], e->lead[1],
             e->thr[2], e->lead[2]);
    if (which >= 0)
        snprintf(r->title, sizeof r->title,
                 "balance %.2f%s is below the %s threshold %.2f: it may not last %zu day%s",
                 e->observed, u, rw_ladder_name[which], e->thr[which], e->lead[which],
                 e->lead[which] == 1 ? "" : "s");
    else
        snprintf(r->title, sizeof r->title, "balance %.2f%s is above the blue threshold %.2f",
                 e->observed, u, e->thr[0]);
    snprintf(r->action, sizeof r->action,
             "top up at least %.2f%s to reach the blue threshold (%.2f: %zu days at %.0f%%)",
             rw_money_shortfall(e->balance, e->thr[0]), u, e->thr[0], e->lead[0], 100 * RW_LADDER_CONFIDENCE);
    if (which >= 0) add_response(e, rw_ladder_name[which], r);
}

static void rule_runout(const rw_alert_facts *e, long days, rw_alert_rule *r)
{
    if (e->arrears.in_arrears) { /* not "about to": it has */
        r->state = "ran-out";
        snprintf(r->title, sizeof r->title,
                 "the balance ran out at %s: the account is in arrears (see the arrears alert)",
                 e->arrears_since);
        snprintf(r->detail, sizeof r->detail, "balance %.2f%s at %s", e->observed, e->unit,
                 e->observed_at);
        snprintf(r->action, sizeof r->action, "pay at least %.2f%s to clear the debt",
                 e->arrears.to_clear, e->unit);
        return;
    }
    r->state = rw_alert_runout_state(e->days[1], days);
    snprintf(r->detail, sizeof r->detail,
             "chance of running out: %.0f%% within 7 days, %.0f%% within 14, %.0f%% within 30",
             100 * e->within7, 100 * e->within14, 100 * e->within30);
    if (!strcmp(r->state, "soon"))
        snprintf(r->title, sizeof r->title, "the balance runs out within %ld day%s (P50 %s)", days,
                 days == 1 ? "" : "s", e->runout[1]);
    else if (e->days[1] != RW_RUNOUT_NONE)
        snprintf(r->title, sizeof r->title, "the P50 run-out (%s) is more than %ld day%s away",
                 e->runout[1], days, days == 1 ? "" : "s");
    else
        snprintf(r->title, sizeof r->title, "the balance lasts beyond %d days (P50)", e->horizon);
    double x = rw_money_shortfall(e->balance, e->runout_thr);
    snprintf(r->action, sizeof r->action,
             "top up at least %.2f%s to last %ld day%s (at %.0f%% confidence)", x > 0 ? x : 0.01,
             e->unit, days, days == 1 ? "" : "s", 100 * RW_LADDER_CONFIDENCE);
}

static void rule_budget(const rw_alert_facts *e, rw_alert_rule *r)
{
    const rw_budget_period *pd = &e->pd;
    const rw_budget *b = &e->b;
    char from[16], to[16];
    rw_time_format_bucket(pd->from, RW_GRAN_DAY, from, sizeof from);
    rw_time_format_bucket(pd->to, RW_GRAN_DAY, to, sizeof to);
    r->state = rw_alert_budget_state(pd->spent, e->budget, b->p_exceed, RW_BUDGET_FIRE);
    snprintf(r->detail, sizeof r->detail,
             "budget %.2f%s for %s .. %s: spent %.2f so far, forecast total %.2f (P10 %.2f, P90"
             " %.2f), %.0f%% chance of going over", e->budget, e->unit, from, to, pd->spent,
             b->mean, b->p10, b->p90, 100 * b->p_exceed);
    long left = (long)(pd->k1 - pd->k0); /* days of the period after as-of */
    if (!strcmp(r->state, "over")) {
        snprintf(r->title, sizeof r->title, "spend %.2f%s in %s .. %s is over the budget %.2f",
                 pd->spent, e->unit, from, to, e->budget);
        snprintf(r->action, sizeof r->action,
                 "raise the budget or cut spend: the period is forecast to total %.2f%s",
                 b->mean, e->unit);
    } else if (!strcmp(r->state, "forecast-over")) {
        snprintf(r->title, sizeof r->title,
                 "spend in %s .. %s will likely exceed the budget %.2f%s (%.0f%% chance)", from, to,
                 e->budget, e->unit, 100 * b->p_exceed);
        if (left > 0)
            snprintf(r->action, sizeof r->action,
                     "cut spend by about %.2f%s a day over the remaining %ld day%s, or raise the"
                     " budget", rw_money_shortfall(e->budget, b->mean) / (double)left, e->unit, left,
                     left == 1 ? "" : "s");
        else
            snprintf(r->action, sizeof r->action, "raise the budget or cut spend");
    } else {
        snprintf(r->title, sizeof r->title,
                 "spend in %s .. %s is forecast within the budget %.2f%s (%.0f%% chance of going"
                 " over)", from, to, e->budget, e->unit, 100 * b->p_exceed);
        snprintf(r->action, sizeof r->action, "none");
    }
}

static void rule_arrears(const rw_alert_facts *e, rw_alert_rule *r)
{
    const rw_arrears_facts *a = &e->arrears;
    r->state = rw_alert_arrears_state(a, RW_ARREARS_SOON_DAYS);
    if (!a->in_arrears) {
        snprintf(r->title, sizeof r->title, "not in arrears: balance %.2f%s at %s", e->observed,
                 e->unit, e->observed_at);
        snprintf(r->action, sizeof r->action, "none");
        return;
    }
    const char *what = !strcmp(r->state, "grace")       ? "service continues until suspension"
                       : !strcmp(r->state, "suspended") ? "the service is suspended"
                       : !strcmp(r->state, "deleted")   ? "the data deletion date has passed"
                                                        : "the data will be deleted soon";
    snprintf(r->title, sizeof r->title, "in arrears since %s: owes %.2f%s; %s", e->arrears_since,
             a->owed, e->unit, what);
    if (a->days_to_deletion > 0)
        snprintf(r->detail, sizeof r->detail,
                 "suspension %s %s, data deleted from %s (%.1f days left)  [policy %s]",
                 strcmp(r->state, "grace") ? "since" : "from", e->suspended_at, e->deleted_at,
                 a->days_to_deletion, e->pol.name);
    else
        snprintf(r->detail, sizeof r->detail, "suspended since %s, data deletion due since %s"
                 "  [policy %s]", e->suspended_at, e->deleted_at, e->pol.name);
    snprintf(r->action, sizeof r->action, "pay at least %.2f%s to clear the debt", a->to_clear,
             e->unit);
    if (!isnan(a->to_blue)) {
        size_t n = strlen(r->action);
        snprintf(r->action + n, sizeof r->action - n, ", %.2f%s to reach the blue threshold",
                 a->to_blue, e->unit);
    }
    add_response(e, "arrears", r);
}

static void rule_id(rw_alert_rule *r, const char *account)
{
    if (account[0]) snprintf(r->id, sizeof r->id, "%s:%s", r->name, account);
    else snprintf(r->id, sizeof r->id, "%s", r->name);
}

size_t rw_alert_rules(const rw_alert_facts *f, long runout_days, rw_alert_rule *rules)
{
    size_t n = 0;
    memset(rules, 0, RW_ALERT_MAX_RULES * sizeof *rules);
    rules[n].name = "threshold";
    rule_threshold(f, &rules[n++]);
    rules[n].name = "runout";
    rule_runout(f, runout_days, &rules[n++]);
    rules[n].name = "arrears";
    rule_arrears(f, &rules[n++]);
    if (f->has_budget) {
        rules[n].name = "budget";
        rule_budget(f, &rules[n++]);
    }
    for (size_t i = 0; i < n; i++) rule_id(&rules[i], f->account);
    return n;
}
