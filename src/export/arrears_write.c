/* arrears_write.c: an account in arrears as text and JSON (arrears_write.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "export/arrears_write.h"
#include "export/json_out.h"
#include "export/series_write.h"
#include "util/lang.h"
#include "util/safe_text.h"
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

void rw_arrears_since_text(const rw_arrears_facts *a, const rw_tz *tz, rw_lang lang, char *out,
                           size_t size)
{
    char since[48];
    rw_lang_minute(lang, tz, a->since, since, sizeof since);
    if (a->since_bounded)
        snprintf(out, size, rw_tr(lang, "in arrears since %s"), since);
    else
        snprintf(out, size, rw_tr(lang, "in arrears since at least %s"), since);
}

void rw_arrears_text(const rw_arrears_facts *a, const rw_policy *pol, const char *currency,
                     const rw_tz *tz, rw_lang lang, FILE *out)
{
    char sus[48], del[48], m[64], pname[256], sbuf[1024], dbuf[1024];
    /* A policy file's texts are shown escaped like data (safe_text.h). */
    const char *suspension = rw_text_esc(rw_tr(lang, pol->suspension), sbuf, sizeof sbuf),
               *deletion = rw_text_esc(rw_tr(lang, pol->deletion), dbuf, sizeof dbuf),
               *policy = rw_text_esc(pol->name, pname, sizeof pname);
    rw_lang_minute(lang, tz, a->suspended_from, sus, sizeof sus);
    rw_lang_minute(lang, tz, a->deleted_from, del, sizeof del);
    fprintf(out,
            strcmp(a->since_source, "ledger")
                ? rw_tr(lang, "  overdue     %.1f days (the start is estimated from the %s)\n")
                : rw_tr(lang, "  overdue     %.1f days (the start is a transaction of the %s)\n"),
            a->days_overdue, rw_tr(lang, a->since_source));
    if (a->now >= a->suspended_from)
        fprintf(out,
                rw_tr(lang, "  suspended   since %s (%g h after going negative)  [policy %s]:"
                            " %s\n"),
                sus, pol->grace_hours, policy, suspension);
    else
        fprintf(out,
                rw_tr(lang, "  suspension  from %s (%g h after going negative)  [policy %s]:"
                            " %s\n"),
                sus, pol->grace_hours, policy, suspension);
    if (a->days_to_deletion > 0)
        fprintf(out, rw_tr(lang, "  deletion    from %s, %.1f days from now: %s\n"), del,
                a->days_to_deletion, deletion);
    else
        fprintf(out, rw_tr(lang, "  deletion    due since %s (%g days after suspension): %s\n"),
                del, pol->retention_days, deletion);
    rw_lang_money(lang, a->to_clear, currency, 2, 0, m, sizeof m);
    fprintf(out, rw_tr(lang, "  to pay      %s clears the debt"), m);
    if (!isnan(a->to_blue)) {
        rw_lang_money(lang, a->to_blue, currency, 2, 0, m, sizeof m);
        fprintf(out, rw_tr(lang, "; %s brings the balance to the blue threshold (7 days at 95%%)"),
                m);
    }
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

json_t *rw_arrears_statement_json(const rw_arrears_result *r)
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
    rw_lang lang = r->runout->lang;
    char when[48], since[96], day[16], bal[64], owed[64], cbuf[64], abuf[512], sbuf[512];
    /* Text from data (account, currency, services) is shown escaped
     * (safe_text.h); column widths are those of the escaped text. */
    const char *cur = rw_text_esc(f->currency, cbuf, sizeof cbuf);
    rw_lang_money(lang, f->observed, cur, 2, 0, bal, sizeof bal);
    rw_lang_when(lang, tz, f->observed_at, f->as_of, when, sizeof when);
    const char *who =
        r->account[0] ? rw_text_esc(r->account, abuf, sizeof abuf) : rw_tr(lang, "the account");
    if (!a->in_arrears) {
        fprintf(out, rw_tr(lang, "%s is not in arrears: balance %s at %s\n"), who, bal, when);
        return;
    }
    rw_arrears_since_text(a, tz, lang, since, sizeof since);
    rw_lang_money(lang, a->owed, cur, 2, 0, owed, sizeof owed);
    fprintf(out, rw_tr(lang, "%s is %s: owes %s (balance %s at %s)\n"), who, since, owed, bal,
            when);
    rw_arrears_text(a, &r->runout->pol, cur, tz, lang, out);
    rw_time_format_day(r->from, day);
    fprintf(out, rw_tr(lang, "charges from %s on (%s):\n"), day, rw_tr(lang, f->amount));
    const char *period = rw_tr(lang, "period"), *service = rw_tr(lang, "service"),
               *amount = rw_tr(lang, "amount"), *total = rw_tr(lang, "total");
    size_t w = rw_utf8_width(service);
    for (size_t i = 0; i < r->nrows; i++)
        if (rw_utf8_width(rw_text_esc(r->rows[i].service, sbuf, sizeof sbuf)) > w)
            w = rw_utf8_width(rw_text_esc(r->rows[i].service, sbuf, sizeof sbuf));
    fputs("  ", out);
    rw_fput_col(period, 8, 1, out);
    fputc(' ', out);
    rw_fput_col(service, w, 1, out);
    fputc(' ', out);
    rw_fput_col(amount, 14, 0, out);
    fputc('\n', out);
    for (size_t i = 0; i < r->nrows; i++) {
        fprintf(out, "  %-8s ", r->rows[i].period);
        rw_fput_col(rw_text_esc(r->rows[i].service, sbuf, sizeof sbuf), w, 1, out);
        fprintf(out, " %14.2f\n", r->rows[i].amount);
    }
    fputs("  ", out);
    rw_fput_col(total, 8, 1, out);
    fputc(' ', out);
    rw_fput_col("", w, 1, out);
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
    if (fmt == RW_OUT_JSON) return rw_json_write(out, rw_arrears_statement_json(r), RW_JSON_PRETTY, err);
    if (fmt == RW_OUT_CSV) statement_csv(r, out);
    else statement_text(r, out);
    return rw_stream_status(out, err);
}
