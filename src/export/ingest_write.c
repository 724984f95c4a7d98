/* ingest_write.c: what an ingest did, per file as text, or every file as
 * JSON (runway.h rw_ingest_report_write, rw_ingest_result_write_json). */
#include "export/json_out.h"
#include "export/series_write.h"
#include "store/ingest_report.h"
#include "util/safe_text.h"
#include "util/timeutil.h"

/* Text from data (file names, reasons quoting field values, providers,
 * accounts, currencies) is shown escaped (safe_text.h). */
#define SHOWN(s, buf) rw_text_esc((s), (buf), sizeof(buf))

/* The first rejects or warnings ("kept, with": the row was stored with the
 * named data dropped), and how many more there are. */
static void write_samples(FILE *out, const char *path, const char *what, const char *more,
                          const rw_report_sample *samples, int nsamples, long count, int verbose)
{
    int show = verbose ? nsamples : (nsamples < 3 ? nsamples : 3);
    char p[1024], reason[1024];
    path = SHOWN(path, p);
    for (int i = 0; i < show; i++)
        fprintf(out, "  %s %s:%ld: %s\n", what, path, samples[i].line,
                SHOWN(samples[i].reason, reason));
    if (count > show)
        fprintf(out, "  ... %ld more %s rows: runway rejects --path %s\n", count - show, more,
                path);
}

/* A billing period as YYYY-MM. Periods start at midnight of their first day
 * in the provider's zone (UTC, or UTC+8 for Tencent Cloud), which is within
 * 14 hours of UTC midnight, so the UTC month 14 hours later is the period's. */
static void period_label(int64_t period, char *buf, size_t n)
{
    int64_t t = period + 14 * 3600, y;
    int m, d;
    rw_civil_from_days(t >= 0 ? t / 86400 : -((-t + 86399) / 86400), &y, &m, &d);
    snprintf(buf, n, "%04lld-%02d", (long long)y, m);
}

static const char *const event_names[] = {"replaced", "set_aside", "overlap"};

/* What superseding by billing period did, one line per period. */
static void write_events(FILE *out, const rw_ingest_report *r)
{
    for (int i = 0; i < r->nevents; i++) {
        const rw_supersede_event *e = &r->events[i];
        char month[32];
        period_label(e->period, month, sizeof month);
        char a[512], prov[64], other[1024];
        const char *acct = SHOWN(e->billing_account[0] ? e->billing_account : "(no account)", a);
        const char *provider = SHOWN(e->provider, prov), *oth = SHOWN(e->other, other);
        if (e->kind == RW_REPLACED_OLDER)
            fprintf(out, "  replaces %s of %s %s: %ld charges of the earlier export %s\n", month,
                    provider, acct, e->charges, oth);
        else if (e->kind == RW_SET_ASIDE)
            fprintf(out, "  %s of %s %s: %s, already stored, covers this export; its %ld charges "
                    "were set aside\n", month, provider, acct, oth, e->charges);
        else
            fprintf(out, "  %s of %s %s is also in %s (other days or resources): both kept\n",
                    month, provider, acct, oth);
    }
    if (r->more_events) fputs("  (more billing periods than shown)\n", out);
}

static json_t *events_json(const rw_ingest_report *r)
{
    json_t *a = json_array();
    for (int i = 0; i < r->nevents; i++) {
        const rw_supersede_event *e = &r->events[i];
        char month[32];
        period_label(e->period, month, sizeof month);
        json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "action",
                                           event_names[e->kind], "period", month, "provider",
                                           e->provider, "billing_account", e->billing_account,
                                           "other", e->other, "charges", (json_int_t)e->charges));
    }
    return a;
}

static json_t *samples_json(const rw_report_sample *samples, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:I, s:s}", "line", (json_int_t)samples[i].line,
                                           "reason", samples[i].reason));
    return a;
}

rw_status rw_ingest_report_write(const rw_ingest_report *r, int verbose, FILE *out,
                                 rw_error *err)
{
    char p[1024];
    const char *path = SHOWN(r->path, p);
    if (r->duplicate) {
        fprintf(out, "%s: already ingested (%s), nothing added\n", path,
                rw_format_name(r->format));
        return rw_stream_status(out, err);
    }
    fprintf(out, "%s: %s, %ld rows: %ld accepted, %ld rejected", path,
            rw_format_name(r->format), r->rows, r->rows - r->rejected, r->rejected);
    if (r->warnings) fprintf(out, ", %ld warning%s", r->warnings, r->warnings == 1 ? "" : "s");
    fputc('\n', out);
    if (r->charges) {
        char a[32], b[32];
        rw_time_format_bucket(r->first, RW_GRAN_DAY, a, sizeof a);
        rw_time_format_bucket(r->last, RW_GRAN_DAY, b, sizeof b);
        fprintf(out, "  %ld charges from %s to %s\n", r->charges, a, b);
    }
    for (int i = 0; i < r->ncurrencies; i++) {
        char amount[64], code[64];
        rw_format_value(rw_ksum_value(&r->totals[i].billed), amount, sizeof amount);
        fprintf(out, "  billed %s %s (%ld charges)\n", SHOWN(r->totals[i].code, code), amount,
                r->totals[i].charges);
    }
    if (r->more_currencies) fputs("  (more currencies than shown)\n", out);
    if (r->usage_records) fprintf(out, "  %ld requests summed into hourly usage\n", r->usage_records);
    if (r->balances) fprintf(out, "  %ld balance snapshot(s)\n", r->balances);
    if (r->ledger) fprintf(out, "  %ld ledger transaction(s)\n", r->ledger);
    if (r->points) fprintf(out, "  %ld series points\n", r->points);
    write_events(out, r);
    write_samples(out, r->path, "rejected", "rejected", r->samples, r->nsamples, r->rejected,
                  verbose);
    write_samples(out, r->path, "kept, with a warning", "warnings on kept", r->wsamples, r->nwsamples,
                  r->warnings, verbose);
    return rw_stream_status(out, err);
}

static json_t *item_json(const rw_ingest_item *it)
{
    const rw_ingest_report *r = &it->rep;
    json_t *o = json_object();
    if (!o) return NULL;
    json_object_set_new(o, "path", json_string(r->path));
    json_object_set_new(o, "format", json_string(rw_format_name(r->format)));
    json_object_set_new(o, "status",
                        json_string(it->status == RW_OK ? "ok" : rw_strerror(it->status)));
    if (it->status != RW_OK) {
        char msg[1024];
        rw_error_format(&it->err, msg, sizeof msg);
        json_object_set_new(o, "error", json_string(msg));
    }
    json_object_set_new(o, "duplicate", json_boolean(r->duplicate));
    if (r->sha256[0]) json_object_set_new(o, "sha256", json_string(r->sha256));
    if (r->content[0]) json_object_set_new(o, "content", json_string(r->content));
    json_object_set_new(o, "rows", json_integer(r->rows));
    json_object_set_new(o, "accepted", json_integer(r->rows - r->rejected));
    json_object_set_new(o, "rejected", json_integer(r->rejected));
    json_object_set_new(o, "charges", json_integer(r->charges));
    json_object_set_new(o, "usage_records", json_integer(r->usage_records));
    json_object_set_new(o, "balances", json_integer(r->balances));
    json_object_set_new(o, "ledger", json_integer(r->ledger));
    json_object_set_new(o, "points", json_integer(r->points));
    json_t *tot = json_object();
    for (int i = 0; i < r->ncurrencies; i++)
        json_object_set_new(tot, r->totals[i].code, json_real(rw_ksum_value(&r->totals[i].billed)));
    json_object_set_new(o, "billed", tot);
    json_object_set_new(o, "warnings", json_integer(r->warnings));
    json_object_set_new(o, "replaced", json_integer(r->replaced));
    json_object_set_new(o, "set_aside", json_integer(r->set_aside));
    json_object_set_new(o, "superseding", events_json(r));
    json_object_set_new(o, "rejects", samples_json(r->samples, r->nsamples));
    json_object_set_new(o, "warning_rows", samples_json(r->wsamples, r->nwsamples));
    return o;
}

rw_status rw_ingest_result_write_json(const rw_ingest_result *res, FILE *out, rw_error *err)
{
    json_t *all = json_array();
    for (size_t i = 0; all && i < res->n; i++)
        if (json_array_append_new(all, item_json(&res->item[i])) != 0) {
            json_decref(all);
            all = NULL;
        }
    return rw_json_write(out, all, JSON_INDENT(2), err);
}
