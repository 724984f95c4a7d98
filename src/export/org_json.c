/* org_json.c: the organisation report's summary.json (org_report.h;
 * the schema is in docs/report.md, "summary.json of the organisation
 * report"). Figures are exact (15 significant digits); missing ones are
 * null, never NaN. */
#include <math.h>
#include <string.h>
#include <jansson.h>
#include "export/json_out.h"
#include "export/org_report.h"
#include "util/timeutil.h"

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *str_or_null(const char *s)
{
    return s && s[0] ? json_string(s) : json_null();
}

static json_t *labels_json(const char *text)
{
    json_error_t je;
    json_t *v = text ? json_loads(text, 0, &je) : NULL;
    return json_is_object(v) ? v : (json_decref(v), json_object());
}

/* The state word of an account: error, the arrears phase, top_up or ok. */
const char *rw_org_state(const rw_account_result *x)
{
    const rw_org_account *a = x->result;
    if (!a || !a->runout) return "error";
    const rw_runout_facts *f = rw_runout_result_facts(a->runout);
    if (f->arrears.in_arrears) return f->arrears.phase;
    return a->needs_topup ? "top_up" : "ok";
}

static json_t *page_json(const rw_org_account *a)
{
    char href[RW_ORG_FOLDER_MAX + 32];
    if (!a || !a->has_page) return json_null();
    snprintf(href, sizeof href, "accounts/%s/index.html", a->folder);
    return json_string(href);
}

/* {"p10", "p50", "p90"}: day counts (dates: YYYY-MM-DD), null beyond the horizon. */
static json_t *triple(const rw_runout_facts *f, int dates)
{
    static const char *const key[3] = {"p10", "p50", "p90"};
    json_t *o = json_object();
    for (int i = 0; o && i < 3; i++) {
        json_t *v;
        if (f->day[i] == RW_NEVER) {
            v = json_null();
        } else if (dates) {
            char day[16];
            rw_time_format_day(f->negative_from[i], day);
            v = json_string(day);
        } else {
            v = json_integer(f->day[i]);
        }
        json_object_set_new(o, key[i], v);
    }
    return o;
}

static json_t *month_json(const rw_org_account *a)
{
    if (!a->has_page) return json_null();
    return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "from", str_or_null(a->month_from),
                     "to", str_or_null(a->month_to), "month_to_date", num(a->month_spent),
                     "forecast", num(a->month_forecast), "p10", num(a->month_p10), "p90",
                     num(a->month_p90), "budget", num(a->budget), "p_over", num(a->p_over));
}

static json_t *account_json(const rw_org_report *r, size_t i)
{
    const rw_account_result *x = &r->rs->r[i];
    const rw_org_account *a = x->result;
    json_t *o = json_object();
    if (!o) return NULL;
    json_object_set_new(o, "rank", json_integer((json_int_t)i + 1));
    json_object_set_new(o, "account", json_string(x->acc.id));
    json_object_set_new(o, "name", json_string(x->acc.name ? x->acc.name : ""));
    json_object_set_new(o, "labels", labels_json(x->acc.labels));
    json_object_set_new(o, "folder", a && a->folder[0] ? json_string(a->folder) : json_null());
    json_object_set_new(o, "page", page_json(a));
    json_object_set_new(o, "charts", json_boolean(a && a->charts));
    json_object_set_new(o, "state", json_string(rw_org_state(x)));
    json_object_set_new(o, "error", x->status == RW_OK ? json_null() : json_string(x->error));
    if (!a || !a->runout) return o;
    const rw_runout_facts *f = rw_runout_result_facts(a->runout);
    char when[40], day[16];
    rw_time_format_day(f->as_of, day);
    json_object_set_new(o, "as_of", json_string(day));
    json_object_set_new(o, "balance", json_real(f->observed));
    json_object_set_new(o, "currency", str_or_null(f->currency));
    if (f->observed_at != INT64_MIN) rw_time_format_iso(f->observed_at, when, sizeof when);
    json_object_set_new(o, "balance_at", f->observed_at != INT64_MIN ? json_string(when)
                                                                      : json_null());
    json_object_set_new(o, "burn_per_day", num(a->burn));
    json_object_set_new(o, "days", triple(f, 0));
    json_object_set_new(o, "dates", triple(f, 1));
    json_object_set_new(o, "in_arrears", json_boolean(f->arrears.in_arrears));
    json_object_set_new(o, "owed", f->arrears.in_arrears ? json_real(f->arrears.owed)
                                                         : json_null());
    json_object_set_new(o, "needs_topup", json_boolean(a->needs_topup));
    json_object_set_new(o, "fund_to", num(a->fund_to));
    json_object_set_new(o, "top_up", num(a->topup));
    json_object_set_new(o, "month", month_json(a));
    json_t *lines = a->has_page ? json_array() : json_null();
    for (int k = 0; a->has_page && k < RW_ORG_LINES; k++)
        json_array_append_new(lines, json_string(a->lines[k]));
    json_object_set_new(o, "summary", lines);
    return o;
}

static json_t *totals_json(const rw_org_report *r)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < r->ntotal; i++) {
        const rw_org_total *t = &r->total[i];
        json_array_append_new(
            a, json_pack("{s:o, s:I, s:f, s:f, s:I, s:f}", "currency", str_or_null(t->currency),
                         "accounts", (json_int_t)t->accounts, "balance", t->balance,
                         "burn_per_day", t->burn, "needs_topup", (json_int_t)t->needs,
                         "top_up", t->topup));
    }
    return a;
}

static json_t *budgets_json(const rw_org_report *r)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < r->ngroup; i++) {
        const rw_org_group *g = &r->group[i];
        int all = g->budgeted == g->accounts;
        json_array_append_new(
            a, json_pack("{s:s, s:o, s:o, s:I, s:I, s:f, s:f, s:o, s:o}", "key", g->key, "value",
                         str_or_null(g->value), "currency", str_or_null(g->currency), "accounts",
                         (json_int_t)g->accounts, "budgeted", (json_int_t)g->budgeted,
                         "month_to_date", g->spent, "forecast", g->forecast, "budget",
                         g->budgeted ? json_real(g->budget) : json_null(), "over",
                         all ? json_real(g->forecast - g->budget) : json_null()));
    }
    return a;
}

rw_status rw_org_write_json(const rw_org_report *r, FILE *out, rw_error *err)
{
    json_t *o = json_object(), *acc = json_array(), *need = json_array(), *failed = json_array();
    if (!o || !acc || !need || !failed) {
        json_decref(acc);
        json_decref(need);
        json_decref(failed);
        json_decref(o);
        return rw_json_write(out, NULL, 0, err);
    }
    json_object_set_new(o, "generated_at", json_string(r->generated_at));
    json_object_set_new(o, "lang", json_string(rw_lang_tag(r->lang)));
    json_object_set_new(o, "week_days", json_integer(RW_ORG_WEEK_DAYS));
    json_object_set_new(o, "fund_days", json_integer((json_int_t)r->fund_days));
    json_object_set_new(o, "chart_accounts", json_integer((json_int_t)r->chart_accounts));
    json_object_set_new(o, "chart", str_or_null(r->chart));
    json_object_set_new(
        o, "counts",
        json_pack("{s:I, s:I, s:I, s:I}", "accounts", (json_int_t)r->rs->n, "failed",
                  (json_int_t)r->rs->failed, "pages", (json_int_t)r->pages, "needs_topup",
                  (json_int_t)r->needs));
    json_object_set_new(o, "totals", totals_json(r));
    for (size_t i = 0; i < r->rs->n; i++) {
        const rw_account_result *x = &r->rs->r[i];
        const rw_org_account *a = x->result;
        json_array_append_new(acc, account_json(r, i));
        if (a && a->runout && a->needs_topup) json_array_append_new(need, json_string(x->acc.id));
        if (x->status != RW_OK)
            json_array_append_new(failed, json_pack("{s:s, s:s}", "account", x->acc.id, "error",
                                                    x->error));
    }
    json_object_set_new(o, "needs_topup", need);
    json_object_set_new(o, "budgets", budgets_json(r));
    json_object_set_new(o, "accounts", acc);
    json_object_set_new(o, "failed", failed);
    return rw_json_write(out, o, RW_JSON_PRETTY, err);
}
