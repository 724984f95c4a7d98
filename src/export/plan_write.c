/* plan_write.c: run-out, thresholds and budgets as text people read, JSON
 * programs read, and Prometheus alerting rules (plan_write.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "export/arrears_write.h"
#include "export/desc_json.h"
#include "export/json_out.h"
#include "export/plan_write.h"
#include "util/safe_text.h"
#include "util/strutil.h"
#include "util/timeutil.h"

static json_t *cur_json(const char *cur)
{
    return cur[0] ? json_string(cur) : json_null();
}

/* Days are the zone's: JSON says which ("tz") unless it is UTC, so that
 * results in UTC read as they always did. */
static void tz_json(json_t *o, const rw_tz *tz)
{
    if (!rw_tz_is_utc(tz)) json_object_set_new(o, "tz", json_string(rw_tz_name(tz)));
}

/* "  days        in Asia/Shanghai (UTC+08:00)" unless the zone is UTC; the
 * offset is that of the as-of day. */
static void tz_text(FILE *out, const rw_tz *tz, int64_t as_of, rw_lang lang)
{
    char d[96];
    if (rw_tz_is_utc(tz)) return;
    rw_tz_describe(tz, rw_tz_to_utc(tz, as_of), d, sizeof d);
    if (lang == RW_LANG_ZH && rw_lang_is_beijing(tz))
        snprintf(d, sizeof d, "%s", rw_tr(lang, "Beijing time (UTC+08:00)"));
    fprintf(out, rw_tr(lang, "  days        in %s\n"), d);
}

/* ---- run-out ------------------------------------------------------------------- */

const rw_runout_facts *rw_runout_result_facts(const rw_runout_result *r)
{
    return &r->facts;
}

void rw_runout_result_free(rw_runout_result *r)
{
    if (!r) return;
    rw_runout_cleanup(&r->r);
    rw_scenarios_free(r->s);
    free(r->flows);
    rw_tz_free(r->tz);
    free(r);
}

void rw_runout_result_drop_paths(rw_runout_result *r)
{
    rw_scenarios_free(r->s);
    r->s = NULL;
    r->facts.series = NULL; /* pointed into the scenarios */
}

/* Local times t[0..3) as dates, or with `iso` (not NULL) as ISO times with
 * the zone's offset ("Z" in UTC); null when INT64_MIN. */
static json_t *triple(const int64_t t[3], const rw_tz *tz, int iso)
{
    static const char *const key[3] = {"p10", "p50", "p90"};
    json_t *o = json_object();
    for (int i = 0; o && i < 3; i++) {
        char buf[40];
        if (t[i] == INT64_MIN) {
            json_object_set_new(o, key[i], json_null());
            continue;
        }
        if (iso) rw_tz_format_local(tz, t[i], buf, sizeof buf);
        else rw_time_format_day(t[i], buf);
        json_object_set_new(o, key[i], json_string(buf));
    }
    return o;
}

static json_t *runout_flows_json(const rw_runout_result *r)
{
    json_t *tops = json_array();
    for (size_t i = 0; tops && i < r->nflows; i++) {
        long k = rw_scenario_day_of(r->s, r->flows[i].at);
        if (k < 0 || (size_t)k >= r->s->h) continue;
        char when[40];
        rw_tz_format_local(r->tz, r->flows[i].at, when, sizeof when);
        json_array_append_new(tops, json_pack("{s:s, s:f}", "at", when, "amount",
                                              r->flows[i].amount));
    }
    return tops;
}

static json_t *runout_path_json(const rw_runout_result *r)
{
    json_t *path = json_array();
    char day[16];
    for (size_t k = 0; path && k < r->s->h; k++) {
        rw_time_format_day(r->s->as_of + (int64_t)(k + 1) * RW_DAY, day);
        json_array_append_new(path, json_pack("{s:s, s:f, s:f, s:f}", "date", day, "p10",
                                              r->r.bal_p10[k], "p50", r->r.bal_p50[k], "p90",
                                              r->r.bal_p90[k]));
    }
    return path;
}

json_t *rw_runout_json(const rw_runout_result *r)
{
    const rw_scenarios *s = r->s;
    const rw_runout_facts *f = &r->facts;
    const rw_policy *pol = &r->pol;
    char day[16];
    rw_time_format_day(s->as_of, day);
    json_t *o = json_object(), *days = json_object();
    static const char *const key[3] = {"p10", "p50", "p90"};
    for (int i = 0; days && i < 3; i++)
        json_object_set_new(days, key[i], f->day[i] == RW_NEVER ? json_null()
                                                                : json_integer(f->day[i]));
    json_object_set_new(o, "series", json_string(s->name));
    json_object_set_new(o, "as_of", json_string(day));
    tz_json(o, r->tz);
    json_t *status = rw_arrears_json(&f->arrears);
    json_object_update(o, status);
    json_decref(status);
    json_object_set_new(o, "balance", json_real(f->observed));
    char when[32];
    if (f->observed_at != INT64_MIN) rw_time_format_iso(f->observed_at, when, sizeof when);
    json_object_set_new(o, "balance_observed_at",
                        f->observed_at != INT64_MIN ? json_string(when) : json_null());
    json_object_set_new(o, "balance_at_end_of_as_of", json_real(f->balance));
    json_object_set_new(o, "currency", cur_json(r->currency));
    json_object_set_new(o, "consumption_counted", json_string(f->amount));
    if (r->note[0]) json_object_set_new(o, "balance_note", json_string(r->note));
    json_object_set_new(o, "credit_limit", json_real(r->credit));
    json_object_set_new(o, "horizon_days", json_integer((json_int_t)s->h));
    json_object_set_new(o, "days", days);
    json_object_set_new(o, "dates", triple(f->negative_from, r->tz, 0));
    json_object_set_new(o, "probability",
                        json_pack("{s:f, s:f, s:f, s:f}", "7d", r->r.within7, "14d",
                                  r->r.within14, "30d", r->r.within30, "horizon",
                                  r->r.within_h));
    json_t *policy = json_pack("{s:s, s:s, s:s, s:f, s:f, s:s, s:s, s:s}", "name", pol->name,
                               "provider", pol->provider, "product", pol->product, "grace_hours",
                               pol->grace_hours, "retention_days", pol->retention_days,
                               "suspension", pol->suspension, "deletion", pol->deletion, "source",
                               pol->source);
    json_object_set_new(o, "arrears",
                        json_pack("{s:o, s:o, s:o, s:o}", "policy", policy, "negative_from",
                                  triple(f->negative_from, r->tz, 1), "suspended_from",
                                  triple(f->suspended_from, r->tz, 1), "data_deleted_from",
                                  triple(f->deleted_from, r->tz, 1)));
    json_object_set_new(o, "flows", runout_flows_json(r));
    json_object_set_new(o, "consumption",
                        json_pack("{s:f, s:f, s:s}", "recent_daily_mean", s->recent_mean,
                                  "forecast_daily_mean_30d", rw_scenarios_mean(s, 30), "model",
                                  s->model));
    json_object_set_new(o, "balance_path", runout_path_json(r));
    json_object_set_new(o, "explanation", rw_desc_to_json(&s->info));
    return o;
}

/* The date of time t, or "after the horizon" when INT64_MIN. */
static void when_text(int64_t t, rw_lang lang, char *out, size_t n)
{
    if (t == INT64_MIN)
        snprintf(out, n, "%s", rw_tr(lang, "after the horizon"));
    else rw_time_format_bucket(t, RW_GRAN_DAY, out, n);
}

/* "balance 250.00 CNY at 2026-12-03 06:14 UTC" (observed) or "balance
 * 250.00 CNY at the end of 2026-12-02" (given for a day). */
static void balance_text(const rw_runout_facts *f, const rw_tz *tz, const char *currency,
                         rw_lang lang, char *out, size_t size)
{
    char when[48], m[64];
    rw_lang_money(lang, f->observed, currency, 2, 0, m, sizeof m);
    rw_lang_when(lang, tz, f->observed_at, f->as_of, when, sizeof when);
    snprintf(out, size, rw_tr(lang, "balance %s at %s"), m, when);
}

static void runout_text(const rw_runout_result *r, FILE *out)
{
    const rw_scenarios *s = r->s;
    const rw_runout_facts *f = &r->facts;
    rw_lang lang = r->lang;
    /* Text from data (series names, currencies, policy names) is shown
     * escaped (safe_text.h). */
    char cbuf[64], nbuf[512], pbuf[256];
    const char *c = rw_text_esc(r->currency, cbuf, sizeof cbuf);
    const char *name = rw_text_esc(s->name, nbuf, sizeof nbuf);
    char d10[40], d50[40], d90[40], sus[40], del[40], bal[160], m[64];
    balance_text(f, r->tz, c, lang, bal, sizeof bal);
    when_text(f->negative_from[0], lang, d10, sizeof d10);
    when_text(f->negative_from[1], lang, d50, sizeof d50);
    when_text(f->negative_from[2], lang, d90, sizeof d90);
    if (r->note[0])
        fprintf(out, rw_tr(lang, "note: %s\n"),
                lang == RW_LANG_ZH && r->note_zh[0] ? r->note_zh : r->note);
    if (f->arrears.in_arrears) {
        char since[96];
        rw_arrears_since_text(&f->arrears, r->tz, lang, since, sizeof since);
        rw_lang_money(lang, f->arrears.owed, c, 2, 0, m, sizeof m);
        fprintf(out, rw_tr(lang, "%s: %s: owes %s (%s)\n"), name, since, m, bal);
        rw_arrears_text(&f->arrears, &r->pol, c, r->tz, lang, out);
    } else if (f->day[1] == RW_NEVER) {
        fprintf(out, rw_tr(lang, "%s: %s most likely lasts beyond %zu days\n"), name, bal, s->h);
    } else if (f->day[1] <= 1) {
        fprintf(out, rw_tr(lang, "%s: %s most likely runs out by the end of the next day (%s)\n"),
                name, bal, d50);
    } else {
        fprintf(out, rw_tr(lang, "%s: %s lasts about %ld days\n"), name, bal, f->day[1] - 1);
    }
    tz_text(out, r->tz, s->as_of, lang);
    if (!f->arrears.in_arrears)
        fprintf(out, rw_tr(lang, "  runs out    %s (P50), range %s .. %s (P10..P90)\n"), d50, d10,
                d90);
    if (!f->arrears.in_arrears)
        fprintf(out,
                rw_tr(lang, "  chance      %2.0f%% within 7 days, %2.0f%% within 14, %2.0f%%"
                            " within 30\n"),
                100 * r->r.within7, 100 * r->r.within14, 100 * r->r.within30);
    if (!f->arrears.in_arrears && (f->day[1] != RW_NEVER || f->day[0] != RW_NEVER)) {
        int q = f->day[1] != RW_NEVER ? 1 : 0;
        const char *which = q ? "P50" : "P10";
        when_text(f->suspended_from[q], lang, sus, sizeof sus);
        when_text(f->deleted_from[q], lang, del, sizeof del);
        fprintf(out,
                rw_tr(lang, "  then        suspended %g h after going negative (%s %s), data"
                            " deleted %g days later (%s %s)  [policy %s]\n"),
                r->pol.grace_hours, which, sus, r->pol.retention_days, which, del,
                rw_text_esc(r->pol.name, pbuf, sizeof pbuf));
    }
    rw_lang_money(lang, s->recent_mean, c, 2, 0, m, sizeof m);
    fprintf(out,
            rw_tr(lang, "  spending    %s/day over the last 28 days; forecast %.2f/day over"
                        " the next 30 (%s)\n"),
            m, rw_scenarios_mean(s, 30), s->model);
    fprintf(out, rw_tr(lang, "  counted     %s\n"), rw_tr(lang, f->amount));
    for (size_t j = 0; j < s->nfees; j++) {
        rw_lang_money(lang, s->fee[j].amount, c, 2, 0, m, sizeof m);
        fprintf(out,
                rw_tr(lang, "  fee         %s on day %d of each month (seen %zu times),"
                            " included\n"),
                m, s->fee[j].day, s->fee[j].seen);
    }
    if (r->r.inflow > 0) {
        rw_lang_money(lang, r->r.inflow, c, 2, 0, m, sizeof m);
        fprintf(out, rw_tr(lang, "  top-ups     %s planned within the horizon, included\n"), m);
    }
    if (r->credit > 0) {
        rw_lang_money(lang, -r->credit, c, 2, 0, m, sizeof m);
        fprintf(out, rw_tr(lang, "  credit      may go down to %s\n"), m);
    }
}

rw_status rw_runout_write(const rw_runout_result *r, rw_output fmt, FILE *out, rw_error *err)
{
    if (fmt == RW_OUT_JSON) return rw_json_write(out, rw_runout_json(r), RW_JSON_PRETTY, err);
    runout_text(r, out);
    return rw_stream_status(out, err);
}

/* ---- thresholds ------------------------------------------------------------------ */

void rw_thresholds_result_free(rw_thresholds_result *r)
{
    if (!r) return;
    rw_scenarios_free(r->s);
    free(r->gauge);
    rw_tz_free(r->tz);
    free(r);
}

/* The response of level i of t, or NULL when the policy has none for it. */
static const rw_response *level_response(const rw_thresholds_result *r, size_t i)
{
    char name[16];
    rw_threshold_name(r->t.lead, r->t.n, i, name, sizeof name);
    int k = rw_response_index(name);
    return k >= 0 && r->pol.response[k].set ? &r->pol.response[k] : NULL;
}

/* The level with the longest lead: arrears are answered by topping up to
 * its threshold plus its lead's consumption. */
static size_t top_level(const rw_threshold_set *t)
{
    size_t top = 0;
    for (size_t i = 1; i < t->n; i++)
        if (t->lead[i] > t->lead[top]) top = i;
    return top;
}

/* The arrears top-up beyond what is owed: back from zero to the top
 * level's threshold plus its lead's consumption after the window. */
static double arrears_topup(const rw_thresholds_result *r, const rw_response *a)
{
    size_t top = top_level(&r->t);
    double x = r->t.x[top] > 0 ? ceil(r->t.x[top]) : 0;
    return x + rw_threshold_topup(r->t.mean[top], r->t.lead[top], a->within_hours);
}

static const char *const rule_label[RW_USUAL_RULES] = {"fixed amount", "80% of a day",
                                                       "provider 5 d"};


/* The policy's action in `lang`: its Chinese one when asked and given. */
static const char *action_text(const rw_response *x, rw_lang lang)
{
    return lang == RW_LANG_ZH && x->action_zh[0] ? x->action_zh : x->action;
}

static void usual_rules_text(const rw_thresholds_result *r, FILE *out)
{
    const rw_usual_rules *u = &r->rules;
    rw_lang lang = r->lang;
    fprintf(out, rw_tr(lang, "  usual rules%s:\n"),
            u->replayed ? rw_tr(lang, ", replayed at the same past days") : "");
    fputs("  ", out);
    rw_fput_col(rw_tr(lang, "rule"), 14, 1, out);
    fputc(' ', out);
    rw_fput_col(rw_tr(lang, "fire below"), 12, 0, out);
    if (u->replayed) {
        fputs("  ", out);
        rw_fput_col(rw_tr(lang, "in time"), 13, 0, out);
        fputs("  ", out);
        rw_fput_col(rw_tr(lang, "notice"), 6, 0, out);
        fputs("  ", out);
        rw_fput_col(rw_tr(lang, "late"), 4, 0, out);
        fputs("  ", out);
        rw_fput_col(rw_tr(lang, "needless"), 8, 0, out);
    }
    fputc('\n', out);
    for (int k = 0; k < RW_USUAL_RULES; k++) {
        const rw_usual_rule_eval *e = &u->ev[k];
        fputs("  ", out);
        rw_fput_col(rw_tr(lang, rule_label[k]), 14, 1, out);
        fputc(' ', out);
        if (isnan(u->x[k])) fprintf(out, "%12s", "-");
        else fprintf(out, "%12.2f", u->x[k]);
        if (u->replayed && e->origins)
            fprintf(out, rw_tr(lang, "  %4zu/%-2zu %4.0f%%  %4.0f d  %4zu  %8zu"), e->in_time,
                    e->origins, 100.0 * (double)e->in_time / (double)e->origins, e->notice_median,
                    e->late, e->needless);
        else if (u->replayed)
            fputs(rw_tr(lang, "  (history too short to replay)"), out);
        fputc('\n', out);
    }
    fprintf(out,
            rw_tr(lang, "  (fixed: balance below %.2f; 80%% of a day: below %g x the coming"
                        " day's estimated use, the last day's; provider: below %g x the"
                        " last 24 hours' use."),
            u->fixed, RW_RULE_NEXT_DAY_FRACTION, RW_RULE_PROVIDER_DAYS);
    if (u->replayed)
        fprintf(out,
                rw_tr(lang, " In time: it fired with at least %zu day(s) of notice; late:"
                            " with less; needless: more than %zu days ahead."),
                u->required_days, u->needless_days);
    fputs(rw_tr(lang, ")\n"), out);
}

static void responses_text(const rw_thresholds_result *r, FILE *out)
{
    const rw_threshold_set *t = &r->t;
    const rw_response *a = &r->pol.response[RW_RESPONSE_ARREARS];
    rw_lang lang = r->lang;
    char name[16], m[64], cbuf[64], pbuf[256], nbuf[256];
    const char *cur = rw_text_esc(r->currency, cbuf, sizeof cbuf);
    int any = a->set;
    for (size_t i = 0; i < t->n; i++) any |= level_response(r, i) != NULL;
    if (!any) return;
    fprintf(out,
            rw_tr(lang, "  responses (policy %s): top up to the threshold plus the lead's"
                        " expected use, by the deadline\n"),
            rw_text_esc(r->pol.name, pbuf, sizeof pbuf));
    for (size_t i = 0; i < t->n; i++) {
        const rw_response *x = level_response(r, i);
        if (!x) continue;
        rw_threshold_name(t->lead, t->n, i, name, sizeof name);
        rw_lang_money(lang, rw_threshold_topup(t->mean[i], t->lead[i], x->within_hours),
                      cur, 0, 0, m, sizeof m);
        fprintf(out, rw_tr(lang, "    %s: top up %s within %g h of the alert - %s"),
                rw_tr(lang, name), m, x->within_hours, action_text(x, lang));
        if (x->notify[0])
            fprintf(out, rw_tr(lang, " [notify %s]"), rw_text_esc(x->notify, nbuf, sizeof nbuf));
        fputc('\n', out);
    }
    if (a->set) {
        rw_lang_money(lang, arrears_topup(r, a), cur, 0, 0, m, sizeof m);
        fprintf(out,
                rw_tr(lang, "    arrears: top up what is owed + %s within %g h of going"
                            " negative - %s"),
                m, a->within_hours, action_text(a, lang));
        if (a->notify[0])
            fprintf(out, rw_tr(lang, " [notify %s]"), rw_text_esc(a->notify, nbuf, sizeof nbuf));
        fputc('\n', out);
    }
}

static void thresholds_text(const rw_thresholds_result *r, FILE *out)
{
    const rw_threshold_set *t = &r->t;
    rw_lang lang = r->lang;
    char day[16], name[16], nbuf[512], cbuf[64];
    rw_time_format_day(r->s->as_of, day);
    fprintf(out, rw_tr(lang, "%s: alert thresholds at %g%% confidence, as of %s%s%s\n"),
            rw_text_esc(r->s->name, nbuf, sizeof nbuf), 100 * t->conf, day,
            r->currency[0] ? rw_tr(lang, ", in ") : "", rw_text_esc(r->currency, cbuf, sizeof cbuf));
    tz_text(out, r->tz, r->s->as_of, lang);
    fputs("  ", out);
    rw_fput_col(rw_tr(lang, "level"), 7, 1, out);
    fputc(' ', out);
    rw_fput_col(rw_tr(lang, "lead"), 5, 0, out);
    fputc(' ', out);
    rw_fput_col(rw_tr(lang, "fire below"), 14, 0, out);
    fputc(' ', out);
    rw_fput_col(rw_tr(lang, "expected use"), 14, 0, out);
    fprintf(out, " %s\n", t->replayed ? rw_tr(lang, "  replayed: held  notice") : "");
    for (size_t i = 0; i < t->n; i++) {
        rw_threshold_name(t->lead, t->n, i, name, sizeof name);
        fputs("  ", out);
        rw_fput_col(rw_tr(lang, name), 7, 1, out);
        fprintf(out, rw_tr(lang, " %3zu d %14.2f %14.2f"), t->lead[i], t->x[i], t->mean[i]);
        if (t->replayed && t->ev[i].origins)
            fprintf(out, rw_tr(lang, "  %6zu/%-2zu %5.0f%%  %4.0f d"), t->ev[i].held,
                    t->ev[i].origins, 100.0 * (double)t->ev[i].held / (double)t->ev[i].origins,
                    t->ev[i].notice_median);
        else if (t->replayed)
            fputs(rw_tr(lang, "  (history too short to replay)"), out);
        fputc('\n', out);
    }
    for (size_t i = 0; i < t->n; i++) {
        rw_threshold_name(t->lead, t->n, i, name, sizeof name);
        fprintf(out,
                rw_tr(lang, "  %s: below %.2f the balance may not last %zu day(s): %.2f is"
                            " the %g%% worst case of their consumption (mean %.2f)"),
                rw_tr(lang, name), t->x[i], t->lead[i], t->x[i], 100 * t->conf, t->mean[i]);
        if (t->replayed && t->ev[i].origins)
            fprintf(out,
                    rw_tr(lang, "; replayed at %zu past days it lasted %zu times, with a"
                                " median %.0f days of notice"),
                    t->ev[i].origins, t->ev[i].held, t->ev[i].notice_median);
        fputs(rw_tr(lang, ".\n"), out);
    }
    usual_rules_text(r, out);
    responses_text(r, out);
    fprintf(out, rw_tr(lang, "  model: %s; recompute weekly (thresholds follow consumption)\n"),
            r->s->model);
}

/* A response as JSON, with its top-up under `key`. */
static json_t *response_json(const rw_response *x, const char *key, double topup)
{
    return json_pack("{s:s, s:s, s:o, s:f, s:f}", "action", x->action, "action_zh",
                     x->action_zh, "notify", x->notify[0] ? json_string(x->notify) : json_null(),
                     "within_hours", x->within_hours, key, topup);
}

static json_t *usual_rules_json(const rw_usual_rules *u)
{
    static const double param[RW_USUAL_RULES] = {0, RW_RULE_NEXT_DAY_FRACTION,
                                                 RW_RULE_PROVIDER_DAYS};
    json_t *arr = json_array();
    for (int k = 0; arr && k < RW_USUAL_RULES; k++) {
        const rw_usual_rule_eval *e = &u->ev[k];
        json_t *bt = json_null();
        if (u->replayed && e->origins)
            bt = json_pack("{s:I, s:I, s:f, s:f, s:I, s:I}", "origins", (json_int_t)e->origins,
                           "in_time", (json_int_t)e->in_time, "hit_rate",
                           (double)e->in_time / (double)e->origins, "notice_days_median",
                           e->notice_median, "late", (json_int_t)e->late, "needless",
                           (json_int_t)e->needless);
        json_array_append_new(
            arr, json_pack("{s:s, s:s, s:f, s:o, s:I, s:I, s:o}", "rule", rw_usual_rule_key[k],
                           "description", rw_usual_rule_text[k], "parameter",
                           k == RW_RULE_FIXED ? u->fixed : param[k], "balance",
                           isnan(u->x[k]) ? json_null() : json_real(u->x[k]),
                           "required_notice_days", (json_int_t)u->required_days,
                           "needless_notice_days", (json_int_t)u->needless_days, "backtest", bt));
    }
    return arr;
}

json_t *rw_thresholds_json(const rw_thresholds_result *r)
{
    const rw_threshold_set *t = &r->t;
    char day[16], name[16];
    rw_time_format_day(r->s->as_of, day);
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < t->n; i++) {
        rw_threshold_name(t->lead, t->n, i, name, sizeof name);
        json_t *x = json_pack("{s:s, s:I, s:f, s:f, s:f}", "level", name, "lead_days",
                              (json_int_t)t->lead[i], "confidence", t->conf, "balance", t->x[i],
                              "expected_consumption", t->mean[i]);
        json_t *bt = json_null();
        if (t->replayed && t->ev[i].origins) {
            const rw_threshold_eval *e = &t->ev[i];
            bt = json_pack("{s:I, s:I, s:f, s:f, s:f}", "origins", (json_int_t)e->origins, "held",
                           (json_int_t)e->held, "hit_rate", (double)e->held / (double)e->origins,
                           "notice_days_median", e->notice_median, "ratio_to_actual_median",
                           isnan(e->ratio_median) ? 0 : e->ratio_median);
        }
        json_object_set_new(x, "backtest", bt);
        const rw_response *rp = level_response(r, i);
        json_object_set_new(x, "response",
                            rp ? response_json(rp, "top_up",
                                               rw_threshold_topup(t->mean[i], t->lead[i],
                                                                  rp->within_hours))
                               : json_null());
        json_array_append_new(arr, x);
    }
    const rw_response *a = &r->pol.response[RW_RESPONSE_ARREARS];
    json_t *o = json_pack("{s:s, s:s, s:o, s:f, s:o, s:o, s:s, s:o, s:s, s:o}", "series",
                          r->s->name, "as_of", day, "currency", cur_json(r->currency),
                          "confidence", t->conf, "thresholds", arr, "usual_rules",
                          usual_rules_json(&r->rules), "policy", r->pol.name, "arrears_response",
                          a->set ? response_json(a, "top_up_beyond_owed", arrears_topup(r, a))
                                 : json_null(),
                          "model", r->s->model, "explanation", rw_desc_to_json(&r->s->info));
    if (o) tz_json(o, r->tz);
    return o;
}

/* Writes s as a double-quoted YAML scalar. */
static void yaml_quoted(const char *s, FILE *out)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') fputc('\\', out);
        if ((unsigned char)*s < 0x20) fprintf(out, "\\x%02x", (unsigned char)*s);
        else fputc(*s, out);
    }
    fputc('"', out);
}

/* Copies s into buf (size bytes) with a space between two braces, so that
 * data cannot open or close a Prometheus template action ("{{ ... }}" in
 * an annotation is run by Prometheus and Alertmanager). */
static const char *no_template(const char *s, char *buf, size_t size)
{
    size_t k = 0;
    for (; *s && k + 2 < size; s++) {
        buf[k++] = *s;
        if ((*s == '{' || *s == '}') && s[1] == *s) buf[k++] = ' ';
    }
    buf[k] = '\0';
    return buf;
}

static void thresholds_prometheus(const rw_thresholds_result *r, FILE *out)
{
    const rw_threshold_set *t = &r->t;
    char day[16], name[16], text[1024], cur[8], nbuf[512], sbuf[768];
    /* The series name goes into a comment and a quoted scalar: escaped, so
     * that a line break in it cannot end the comment, and with its braces
     * apart, so that it cannot be a template. */
    const char *series = no_template(rw_text_esc(r->s->name, nbuf, sizeof nbuf), sbuf, sizeof sbuf);
    rw_time_format_day(r->s->as_of, day);
    rw_currency_suffix(r->currency, cur, sizeof cur);
    fprintf(out, "# Alerting rules generated by runway thresholds for series '%s', as of %s.\n"
                 "# Each fires when the balance can no longer be trusted to last its lead time\n"
                 "# with %g%% probability (model %s). Regenerate weekly.\n"
                 "groups:\n  - name: runway-balance\n    rules:\n",
            series, day, 100 * t->conf, r->s->model);
    for (size_t i = 0; i < t->n; i++) {
        rw_threshold_name(t->lead, t->n, i, name, sizeof name);
        fprintf(out, "      - alert: BalanceRunway%c%s\n", name[0] - 'a' + 'A', name + 1);
        fprintf(out, "        expr: %s < %.2f\n", r->gauge, t->x[i]);
        fprintf(out, "        for: 10m\n        labels:\n          severity: %s\n",
                rw_threshold_severity(t->n, i));
        fprintf(out, "          runway_lead_days: \"%zu\"\n        annotations:\n", t->lead[i]);
        snprintf(text, sizeof text, "Balance below %.2f%s: it may not last %zu day(s)", t->x[i],
                 cur, t->lead[i]);
        fputs("          summary: ", out);
        yaml_quoted(text, out);
        snprintf(text, sizeof text,
                 "At {{ $value | printf \"%%.2f\" }}%s the balance lasts less than %zu day(s)"
                 " with %g%% probability (runway forecast of %s as of %s). Top up now.",
                 cur, t->lead[i], 100 * t->conf, series, day);
        fputs("\n          description: ", out);
        yaml_quoted(text, out);
        fputc('\n', out);
    }
}

rw_status rw_thresholds_write(const rw_thresholds_result *r, rw_output fmt, FILE *out,
                              rw_error *err)
{
    if (fmt == RW_OUT_JSON) return rw_json_write(out, rw_thresholds_json(r), RW_JSON_PRETTY, err);
    if (fmt == RW_OUT_PROMETHEUS) thresholds_prometheus(r, out);
    else thresholds_text(r, out);
    return rw_stream_status(out, err);
}

/* ---- budget ---------------------------------------------------------------------- */

void rw_budget_result_free(rw_budget_result *r)
{
    if (!r) return;
    rw_scenarios_free(r->s);
    rw_tz_free(r->tz);
    free(r);
}

/* Day k (1-based) after as-of as text, or "-". */
static void kday_text(int64_t as_of, long k, char out[16])
{
    if (k == RW_RUNOUT_NONE) snprintf(out, 16, "-");
    else rw_time_format_day(as_of + (int64_t)k * RW_DAY, out);
}

static json_t *kday_json(int64_t as_of, long k)
{
    char d[16];
    if (k == RW_RUNOUT_NONE) return json_null();
    kday_text(as_of, k, d);
    return json_string(d);
}

/* A number, or null for NaN (no budget). */
static json_t *num_or_null(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

json_t *rw_budget_json(const rw_budget_result *r)
{
    const rw_budget_period *pd = &r->pd;
    const rw_budget *b = &r->b;
    char f[16], t[16], d[16];
    rw_time_format_day(pd->from, f);
    rw_time_format_day(pd->to, t);
    rw_time_format_day(pd->as_of, d);
    json_t *alerts = json_array();
    for (size_t i = 0; alerts && i < b->nalerts; i++) {
        const rw_budget_alert *al = &b->alert[i];
        char c[16];
        if (al->crossed) rw_time_format_day(pd->crossed_on[i], c);
        json_array_append_new(
            alerts, json_pack("{s:f, s:f, s:s, s:f, s:o, s:b}", "percent", al->pct, "amount",
                              al->amount, "state", al->crossed ? "crossed" : al->fires ? "forecast"
                                                                                        : "ok",
                              "probability", al->probability, "date",
                              al->crossed ? json_string(c) : kday_json(pd->as_of, al->likely_day),
                              "fires", al->fires));
    }
    json_t *o = json_pack(
        "{s:s, s:o, s:o, s:{s:s, s:s}, s:s, s:f, s:I, s:{s:f, s:f, s:f, s:f, s:f, s:f},"
        " s:o, s:{s:o, s:o}, s:o, s:s}",
        "series", r->s->name, "currency", cur_json(r->currency), "budget",
        num_or_null(r->amount), "period",
        "from", f, "to", t, "as_of", d, "spent", pd->spent, "days_spent",
        (json_int_t)pd->days_spent, "forecast_total", "mean", b->mean, "p10", b->p10, "p50",
        b->p50, "p90", b->p90, "lo95", b->lo95, "hi95", b->hi95, "probability_over",
        num_or_null(b->p_exceed), "breach", "p50", kday_json(pd->as_of, b->breach_p50), "if_breached",
        kday_json(pd->as_of, b->breach_if), "alerts", alerts, "model", r->s->model);
    if (o) tz_json(o, r->tz);
    return o;
}

static void budget_text(const rw_budget_result *r, FILE *out)
{
    const rw_budget_period *pd = &r->pd;
    const rw_budget *b = &r->b;
    rw_lang lang = r->lang;
    char f[16], t[16], d[16], w[16], m[64], nbuf[512], cbuf[64];
    rw_time_format_day(pd->from, f);
    rw_time_format_day(pd->to, t);
    rw_time_format_day(pd->as_of, d);
    rw_lang_money(lang, r->amount, rw_text_esc(r->currency, cbuf, sizeof cbuf), 2, 0, m, sizeof m);
    fprintf(out, rw_tr(lang, "%s: budget %s for %s .. %s, as of %s\n"),
            rw_text_esc(r->s->name, nbuf, sizeof nbuf), m, f, t, d);
    tz_text(out, r->tz, pd->as_of, lang);
    fprintf(out, rw_tr(lang, "  spent so far    %.2f (%zu of %zu days)\n"), pd->spent,
            pd->days_spent, pd->days);
    fprintf(out, rw_tr(lang, "  forecast total  %.2f (80%%: %.2f .. %.2f; 95%%: %.2f .. %.2f)\n"),
            b->mean, b->p10, b->p90, b->lo95, b->hi95);
    if (b->breach_p50 == 0) {
        fputs(rw_tr(lang, "  over budget     already\n"), out);
    } else if (b->breach_if == RW_RUNOUT_NONE) {
        fprintf(out, rw_tr(lang, "  over budget     %.0f%% likely\n"), 100 * b->p_exceed);
    } else {
        kday_text(pd->as_of, b->breach_if, w);
        fprintf(out, rw_tr(lang, "  over budget     %.0f%% likely; if it happens, around %s\n"),
                100 * b->p_exceed, w);
    }
    for (size_t i = 0; i < b->nalerts; i++) {
        const rw_budget_alert *al = &b->alert[i];
        fprintf(out, rw_tr(lang, "  alert %5g%%    %10.2f  "), al->pct, al->amount);
        if (al->crossed) {
            rw_time_format_day(pd->crossed_on[i], w);
            fprintf(out, rw_tr(lang, "crossed on %s (actual)\n"), w);
            continue;
        }
        const char *fires =
            al->fires ? rw_tr(lang, "fires (forecast)") : rw_tr(lang, "does not fire");
        if (al->likely_day == RW_RUNOUT_NONE) {
            fprintf(out, rw_tr(lang, "%3.0f%% likely -> %s\n"), 100 * al->probability, fires);
        } else {
            kday_text(pd->as_of, al->likely_day, w);
            fprintf(out, rw_tr(lang, "%3.0f%% likely, around %s -> %s\n"), 100 * al->probability, w,
                    fires);
        }
    }
    fprintf(out, rw_tr(lang, "  model: %s\n"), r->s->model);
}

rw_status rw_budget_write(const rw_budget_result *r, rw_output fmt, FILE *out, rw_error *err)
{
    if (fmt == RW_OUT_JSON) return rw_json_write(out, rw_budget_json(r), RW_JSON_PRETTY, err);
    budget_text(r, out);
    return rw_stream_status(out, err);
}
