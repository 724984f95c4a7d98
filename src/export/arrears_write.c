/* arrears_write.c: an account in arrears as text and JSON (arrears_write.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "export/arrears_write.h"
#include "export/json_out.h"
#include "export/series_write.h"
#include "util/strutil.h"
#include "util/timeutil.h"

static json_t *iso_or_null(int64_t t)
{
    char buf[32];
    if (t == INT64_MIN) return json_null();
    rw_time_format_iso(t, buf, sizeof buf);
    return json_string(buf);
}

static json_t *amount_or_null(double x)
{
    return isnan(x) ? json_null() : json_real(x);
}

json_t *rw_arrears_json(const rw_arrears_facts *a)
{
    if (!a->in_arrears)
        return json_pack("{s:s, s:o}", "status", "ok", "to_blue", amount_or_null(a->to_blue));
    return json_pack("{s:s, s:s, s:f, s:o, s:s, s:b, s:o, s:o, s:f, s:f, s:f, s:o}", "status",
                     "in_arrears", "phase", a->phase, "owed", a->owed, "arrears_since",
                     iso_or_null(a->since), "since_estimated_from", a->since_source,
                     "since_at_least", !a->since_bounded, "suspended_from",
                     iso_or_null(a->suspended_from), "data_deleted_from",
                     iso_or_null(a->deleted_from), "days_overdue", a->days_overdue,
                     "days_to_deletion", a->days_to_deletion, "to_clear", a->to_clear,
                     "to_blue", amount_or_null(a->to_blue));
}

void rw_arrears_since_text(const rw_arrears_facts *a, const rw_tz *tz, char *out, size_t size)
{
    char since[40];
    rw_tz_format_minute(tz, a->since, since, sizeof since);
    snprintf(out, size, "in arrears since %s%s", a->since_bounded ? "" : "at least ", since);
}

void rw_arrears_text(const rw_arrears_facts *a, const rw_policy *pol, const char *cur,
                     const rw_tz *tz, FILE *out)
{
    char sus[40], del[40];
    rw_tz_format_minute(tz, a->suspended_from, sus, sizeof sus);
    rw_tz_format_minute(tz, a->deleted_from, del, sizeof del);
    fprintf(out, "  overdue     %.1f days (the start is %s the %s)\n", a->days_overdue,
            strcmp(a->since_source, "ledger") ? "estimated from" : "a transaction of",
            a->since_source);
    fprintf(out, "  %-11s %s %s (%g h after going negative)  [policy %s]: %s\n",
            a->now >= a->suspended_from ? "suspended" : "suspension",
            a->now >= a->suspended_from ? "since" : "from", sus, pol->grace_hours, pol->name,
            pol->suspension);
    if (a->days_to_deletion > 0)
        fprintf(out, "  deletion    from %s, %.1f days from now: %s\n", del, a->days_to_deletion,
                pol->deletion);
    else
        fprintf(out, "  deletion    due since %s (%g days after suspension): %s\n", del,
                pol->retention_days, pol->deletion);
    fprintf(out, "  to pay      %.2f%s clears the debt", a->to_clear, cur);
    if (!isnan(a->to_blue))
        fprintf(out, "; %.2f%s brings the balance to the blue threshold (7 days at 95%%)",
                a->to_blue, cur);
    fputc('\n', out);
}

/* ---- the statement ------------------------------------------------------------- */

const rw_runout_facts *rw_arrears_result_facts(const rw_arrears_result *r)
{
    return &r->runout->facts;
}

void rw_arrears_result_free(rw_arrears_result *r)
{
    if (!r) return;
    rw_runout_result_free(r->runout);
    for (size_t i = 0; i < r->nrows; i++) free(r->rows[i].service);
    free(r->rows);
    free(r);
}

static json_t *statement_json(const rw_arrears_result *r)
{
    const rw_runout_facts *f = &r->runout->facts;
    const rw_policy *pol = &r->runout->pol;
    json_t *o = rw_arrears_json(&f->arrears), *rows = json_array();
    char when[32], day[16];
    for (size_t i = 0; rows && i < r->nrows; i++)
        json_array_append_new(rows, json_pack("{s:s, s:s, s:f}", "period", r->rows[i].period,
                                              "service", r->rows[i].service, "amount",
                                              r->rows[i].amount));
    if (f->observed_at != INT64_MIN) rw_time_format_iso(f->observed_at, when, sizeof when);
    json_object_set_new(o, "account", json_string(r->account));
    json_object_set_new(o, "balance", json_real(f->observed));
    json_object_set_new(o, "balance_observed_at",
                        f->observed_at != INT64_MIN ? json_string(when) : json_null());
    json_object_set_new(o, "currency", f->currency[0] ? json_string(f->currency) : json_null());
    json_object_set_new(o, "consumption_counted", json_string(f->amount));
    json_object_set_new(o, "policy",
                        json_pack("{s:s, s:f, s:f, s:s, s:s}", "name", pol->name, "grace_hours",
                                  pol->grace_hours, "retention_days", pol->retention_days,
                                  "suspension", pol->suspension, "deletion", pol->deletion));
    if (f->arrears.in_arrears) {
        rw_time_format_day(r->from, day);
        json_object_set_new(o, "charges_from", json_string(day));
        json_object_set_new(o, "charges_total", json_real(r->total));
        json_object_set_new(o, "charges", rows);
    } else {
        json_decref(rows);
    }
    return o;
}

static void statement_text(const rw_arrears_result *r, FILE *out)
{
    const rw_runout_facts *f = &r->runout->facts;
    const rw_arrears_facts *a = &f->arrears;
    const rw_tz *tz = r->runout->tz;
    char cur[8], when[40], since[72], day[16];
    rw_currency_suffix(f->currency, cur, sizeof cur);
    if (f->observed_at != INT64_MIN) rw_tz_format_minute(tz, f->observed_at, when, sizeof when);
    else rw_time_format_day(f->as_of, when);
    const char *who = r->account[0] ? r->account : "the account";
    if (!a->in_arrears) {
        fprintf(out, "%s is not in arrears: balance %.2f%s at %s\n", who, f->observed, cur, when);
        return;
    }
    rw_arrears_since_text(a, tz, since, sizeof since);
    fprintf(out, "%s is %s: owes %.2f%s (balance %.2f%s at %s)\n", who, since, a->owed, cur,
            f->observed, cur, when);
    rw_arrears_text(a, &r->runout->pol, cur, tz, out);
    rw_time_format_day(r->from, day);
    fprintf(out, "charges from %s on, counting %s:\n", day, f->amount);
    size_t w = 7;
    for (size_t i = 0; i < r->nrows; i++)
        if (rw_utf8_width(r->rows[i].service) > w) w = rw_utf8_width(r->rows[i].service);
    fprintf(out, "  %-8s ", "period");
    rw_fput_padded("service", w, out);
    fprintf(out, " %14s\n", "amount");
    for (size_t i = 0; i < r->nrows; i++) {
        fprintf(out, "  %-8s ", r->rows[i].period);
        rw_fput_padded(r->rows[i].service, w, out);
        fprintf(out, " %14.2f\n", r->rows[i].amount);
    }
    fprintf(out, "  %-8s ", "total");
    rw_fput_padded("", w, out);
    fprintf(out, " %14.2f\n", r->total);
}

static void statement_csv(const rw_arrears_result *r, FILE *out)
{
    fputs("period,service,amount\n", out);
    for (size_t i = 0; i < r->nrows; i++) {
        fprintf(out, "%s,", r->rows[i].period);
        rw_csv_write_field(out, r->rows[i].service);
        fprintf(out, ",%.10g\n", r->rows[i].amount);
    }
}

rw_status rw_arrears_write(const rw_arrears_result *r, rw_output fmt, FILE *out, rw_error *err)
{
    if (fmt == RW_OUT_JSON) return rw_json_write(out, statement_json(r), RW_JSON_PRETTY, err);
    if (fmt == RW_OUT_CSV) statement_csv(r, out);
    else statement_text(r, out);
    return rw_stream_status(out, err);
}
