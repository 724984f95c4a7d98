/* rules.c: the alert rules of an account (rules.h): the state of each,
 * and what its message says. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "alert/rules.h"
#include "alert/state.h"
#include "plan/arrears.h"
#include "plan/threshold.h"
#include "util/lang.h"
#include "util/timeutil.h"

/* Money in the facts' currency and language ("250.00 CNY", "¥250.00"). */
static const char *money(const rw_alert_facts *e, double v, char *buf, size_t size)
{
    rw_lang_money(e->lang, v, e->currency, 2, 0, buf, size);
    return buf;
}

/* Appends the policy's response to level `name` ("within 24 h: ...") to
 * the action in r, when the policy has one; its Chinese action in Chinese. */
static void add_response(const rw_alert_facts *e, const char *name, rw_alert_rule *r)
{
    int i = rw_response_index(name);
    const rw_response *p = i >= 0 ? &e->pol.response[i] : NULL;
    if (!p || !p->set) return;
    const char *action = e->lang == RW_LANG_ZH && p->action_zh[0] ? p->action_zh : p->action;
    size_t n = strlen(r->action);
    if (p->notify[0])
        snprintf(r->action + n, sizeof r->action - n, rw_tr(e->lang, "; within %g h: %s (tell %s)"),
                 p->within_hours, action, p->notify);
    else
        snprintf(r->action + n, sizeof r->action - n, rw_tr(e->lang, "; within %g h: %s"),
                 p->within_hours, action);
}

static void rule_threshold(const rw_alert_facts *e, rw_alert_rule *r)
{
    int which;
    rw_lang l = e->lang;
    char m1[64], m2[64];
    r->state = rw_alert_threshold_state(e->balance, e->thr, rw_ladder_name, e->nthr, &which);
    snprintf(r->detail, sizeof r->detail,
             rw_tr(l, "thresholds at %.0f%% confidence: blue %.2f (%zu d), yellow %.2f (%zu d),"
                      " red %.2f (%zu d)"),
             100 * RW_LADDER_CONFIDENCE, e->thr[0], e->lead[0], e->thr[1], e->lead[1], e->thr[2],
             e->lead[2]);
    money(e, e->observed, m1, sizeof m1);
    if (which >= 0)
        snprintf(
            r->title, sizeof r->title,
            e->lead[which] == 1
                ? rw_tr(l, "balance %s is below the %s threshold %.2f: it may not last %zu day")
                : rw_tr(l, "balance %s is below the %s threshold %.2f: it may not last %zu days"),
            m1, rw_tr(l, rw_ladder_name[which]), e->thr[which], e->lead[which]);
    else
        snprintf(r->title, sizeof r->title, rw_tr(l, "balance %s is above the blue threshold %.2f"),
                 m1, e->thr[0]);
    snprintf(r->action, sizeof r->action,
             rw_tr(l, "top up at least %s to reach the blue threshold (%.2f: %zu days at %.0f%%)"),
             money(e, rw_money_shortfall(e->balance, e->thr[0]), m2, sizeof m2), e->thr[0],
             e->lead[0], 100 * RW_LADDER_CONFIDENCE);
    if (which >= 0) add_response(e, rw_ladder_name[which], r);
}

static void rule_runout(const rw_alert_facts *e, long days, rw_alert_rule *r)
{
    rw_lang l = e->lang;
    char m[64];
    if (e->arrears.in_arrears) { /* not "about to": it has */
        r->state = "ran-out";
        snprintf(r->title, sizeof r->title,
                 rw_tr(l, "the balance ran out at %s: the account is in arrears (see the arrears"
                          " alert)"),
                 e->arrears_since);
        snprintf(r->detail, sizeof r->detail, rw_tr(l, "balance %s at %s"),
                 money(e, e->observed, m, sizeof m), e->observed_at);
        snprintf(r->action, sizeof r->action, rw_tr(l, "pay at least %s to clear the debt"),
                 money(e, e->arrears.to_clear, m, sizeof m));
        return;
    }
    r->state = rw_alert_runout_state(e->days[1], days);
    snprintf(r->detail, sizeof r->detail,
             rw_tr(l, "chance of running out: %.0f%% within 7 days, %.0f%% within 14, %.0f%%"
                      " within 30"),
             100 * e->within7, 100 * e->within14, 100 * e->within30);
    if (!strcmp(r->state, "soon"))
        snprintf(r->title, sizeof r->title,
                 days == 1 ? rw_tr(l, "the balance runs out within %ld day (P50 %s)")
                           : rw_tr(l, "the balance runs out within %ld days (P50 %s)"),
                 days, e->runout[1]);
    else if (e->days[1] != RW_RUNOUT_NONE)
        snprintf(r->title, sizeof r->title,
                 days == 1 ? rw_tr(l, "the P50 run-out (%s) is more than %ld day away")
                           : rw_tr(l, "the P50 run-out (%s) is more than %ld days away"),
                 e->runout[1], days);
    else
        snprintf(r->title, sizeof r->title, rw_tr(l, "the balance lasts beyond %d days (P50)"),
                 e->horizon);
    double x = rw_money_shortfall(e->balance, e->runout_thr);
    snprintf(r->action, sizeof r->action,
             days == 1 ? rw_tr(l, "top up at least %s to last %ld day (at %.0f%% confidence)")
                       : rw_tr(l, "top up at least %s to last %ld days (at %.0f%% confidence)"),
             money(e, x > 0 ? x : 0.01, m, sizeof m), days, 100 * RW_LADDER_CONFIDENCE);
}

static void rule_budget(const rw_alert_facts *e, rw_alert_rule *r)
{
    const rw_budget_period *pd = &e->pd;
    const rw_budget *b = &e->b;
    rw_lang l = e->lang;
    char from[16], to[16], m1[64], m2[64];
    rw_time_format_bucket(pd->from, RW_GRAN_DAY, from, sizeof from);
    rw_time_format_bucket(pd->to, RW_GRAN_DAY, to, sizeof to);
    r->state = rw_alert_budget_state(pd->spent, e->budget, b->p_exceed, RW_BUDGET_FIRE);
    snprintf(r->detail, sizeof r->detail,
             rw_tr(l, "budget %s for %s .. %s: spent %.2f so far, forecast total %.2f (P10 %.2f,"
                      " P90 %.2f), %.0f%% chance of going over"),
             money(e, e->budget, m1, sizeof m1), from, to, pd->spent, b->mean, b->p10, b->p90,
             100 * b->p_exceed);
    long left = (long)(pd->k1 - pd->k0); /* days of the period after as-of */
    if (!strcmp(r->state, "over")) {
        snprintf(r->title, sizeof r->title,
                 rw_tr(l, "spend %s in %s .. %s is over the budget %.2f"),
                 money(e, pd->spent, m1, sizeof m1), from, to, e->budget);
        snprintf(r->action, sizeof r->action,
                 rw_tr(l, "raise the budget or cut spend: the period is forecast to total %s"),
                 money(e, b->mean, m1, sizeof m1));
    } else if (!strcmp(r->state, "forecast-over")) {
        snprintf(r->title, sizeof r->title,
                 rw_tr(l, "spend in %s .. %s will likely exceed the budget %s (%.0f%% chance)"),
                 from, to, money(e, e->budget, m1, sizeof m1), 100 * b->p_exceed);
        if (left > 0)
            snprintf(r->action, sizeof r->action,
                     left == 1 ? rw_tr(l, "cut spend by about %s a day over the remaining %ld day,"
                                          " or raise the budget")
                               : rw_tr(l, "cut spend by about %s a day over the remaining %ld"
                                          " days, or raise the budget"),
                     money(e, rw_money_shortfall(e->budget, b->mean) / (double)left, m2, sizeof m2),
                     left);
        else
            snprintf(r->action, sizeof r->action, "%s", rw_tr(l, "raise the budget or cut spend"));
    } else {
        snprintf(r->title, sizeof r->title,
                 rw_tr(l, "spend in %s .. %s is forecast within the budget %s (%.0f%% chance of"
                          " going over)"),
                 from, to, money(e, e->budget, m1, sizeof m1), 100 * b->p_exceed);
        snprintf(r->action, sizeof r->action, "%s", rw_tr(l, "none"));
    }
}

static void rule_arrears(const rw_alert_facts *e, rw_alert_rule *r)
{
    const rw_arrears_facts *a = &e->arrears;
    rw_lang l = e->lang;
    char m1[64], m2[64];
    r->state = rw_alert_arrears_state(a, RW_ARREARS_SOON_DAYS);
    if (!a->in_arrears) {
        snprintf(r->title, sizeof r->title, rw_tr(l, "not in arrears: balance %s at %s"),
                 money(e, e->observed, m1, sizeof m1), e->observed_at);
        snprintf(r->action, sizeof r->action, "%s", rw_tr(l, "none"));
        return;
    }
    const char *what = !strcmp(r->state, "grace")       ? "service continues until suspension"
                       : !strcmp(r->state, "suspended") ? "the service is suspended"
                       : !strcmp(r->state, "deleted")   ? "the data deletion date has passed"
                                                        : "the data will be deleted soon";
    snprintf(r->title, sizeof r->title, rw_tr(l, "in arrears since %s: owes %s; %s"),
             e->arrears_since, money(e, a->owed, m1, sizeof m1), rw_tr(l, what));
    if (a->days_to_deletion > 0)
        snprintf(r->detail, sizeof r->detail,
                 strcmp(r->state, "grace")
                     ? rw_tr(l, "suspension since %s, data deleted from %s (%.1f days left)"
                                "  [policy %s]")
                     : rw_tr(l, "suspension from %s, data deleted from %s (%.1f days left)"
                                "  [policy %s]"),
                 e->suspended_at, e->deleted_at, a->days_to_deletion, e->pol.name);
    else
        snprintf(r->detail, sizeof r->detail,
                 rw_tr(l, "suspended since %s, data deletion due since %s  [policy %s]"),
                 e->suspended_at, e->deleted_at, e->pol.name);
    snprintf(r->action, sizeof r->action, rw_tr(l, "pay at least %s to clear the debt"),
             money(e, a->to_clear, m1, sizeof m1));
    if (!isnan(a->to_blue)) {
        size_t n = strlen(r->action);
        snprintf(r->action + n, sizeof r->action - n, rw_tr(l, ", %s to reach the blue threshold"),
                 money(e, a->to_blue, m2, sizeof m2));
    }
    add_response(e, "arrears", r);
}

static void rule_id(rw_alert_rule *r, const char *account)
{
    if (account[0]) snprintf(r->id, sizeof r->id, "%s:%s", r->name, account);
    else snprintf(r->id, sizeof r->id, "%s", r->name);
}

static void rule_ledger(const rw_alert_facts *e, rw_alert_rule *r)
{
    rw_lang l = e->lang;
    r->state = e->ledger_bad ? "mismatch" : "ok";
    if (e->ledger_bad) {
        snprintf(r->title, sizeof r->title,
                 rw_tr(l, "the ledger disagrees with the bills on %zu of the last %zu day(s),"
                          " first %s (%s)"),
                 e->ledger_bad, e->ledger_days, e->ledger_first, e->ledger_cause);
        snprintf(r->action, sizeof r->action, "%s",
                 rw_tr(l, "run `runway reconcile` and fetch or export the missing bills"));
    } else {
        snprintf(r->title, sizeof r->title,
                 rw_tr(l, "the ledger agrees with the bills on the last %zu day(s)"),
                 e->ledger_days);
        snprintf(r->action, sizeof r->action, "%s", rw_tr(l, "none"));
    }
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
    if (f->has_ledger) {
        rules[n].name = "ledger";
        rule_ledger(f, &rules[n++]);
    }
    if (f->has_budget) {
        rules[n].name = "budget";
        rule_budget(f, &rules[n++]);
    }
    for (size_t i = 0; i < n; i++) rule_id(&rules[i], f->account);
    return n;
}
