/* store_write.c: the writers of what the store holds: series sets,
 * balance snapshots, planned top-ups, ingested sources and rejected rows
 * (runway.h), as text people read and as JSON or CSV programs read. */
#include <stdlib.h>
#include <string.h>
#include "export/json_out.h"
#include "export/series_write.h"
#include "store/sources.h"
#include "util/safe_text.h"
#include "util/timeutil.h"

rw_status rw_series_write(const rw_series_set *set, const rw_selection *sel, int json,
                          FILE *out, rw_error *err)
{
    rw_status st = json ? rw_series_write_json(out, set, sel->metric_text)
                        : rw_series_write_csv(out, set);
    if (st != RW_OK && !ferror(out)) /* the JSON could not be made */
        return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory writing series");
    return rw_stream_status(out, err);
}

rw_status rw_balance_write(const rw_balance_row *b, rw_output fmt, int recorded, FILE *out,
                           rw_error *err)
{
    char amount[64], when[32];
    rw_format_value(b->amount, amount, sizeof amount);
    rw_time_format_iso(b->at, when, sizeof when);
    /* Text from data is shown escaped (safe_text.h); JSON keeps it exact. */
    char cur[64], acct[512], origin[256];
    const char *cur_s = rw_text_esc(b->currency, cur, sizeof cur);
    const char *acct_s = rw_text_esc(b->account, acct, sizeof acct);
    if (recorded) {
        fprintf(out, "balance %s %s at %s recorded%s%s\n", amount, cur_s, when,
                b->account[0] ? " for account " : "", acct_s);
    } else if (fmt == RW_OUT_JSON) {
        return rw_json_write(out,
                             json_pack("{s:f, s:s, s:s, s:s, s:s}", "balance", b->amount,
                                       "currency", b->currency, "at", when, "account",
                                       b->account, "origin", b->origin),
                             RW_JSON_PRETTY, err);
    } else {
        fprintf(out, "%s %s at %s (%s)%s%s\n", amount, cur_s, when,
                rw_text_esc(b->origin, origin, sizeof origin), b->account[0] ? ", account " : "",
                acct_s);
    }
    return rw_stream_status(out, err);
}

static const char *every_name(rw_every e)
{
    return e == RW_EVERY_WEEK ? "week" : e == RW_EVERY_MONTH ? "month" : "once";
}

static json_t *topup_json(const rw_topup *t)
{
    char when[32], until[32];
    rw_time_format_iso(t->at, when, sizeof when);
    if (t->until != INT64_MAX) rw_time_format_iso(t->until, until, sizeof until);
    json_t *o = json_pack("{s:I, s:s, s:s, s:f, s:s, s:s, s:s}", "id", (json_int_t)t->id,
                          "account", t->account, "at", when, "amount", t->amount, "currency",
                          t->currency, "every", every_name(t->every), "note", t->note);
    if (o)
        json_object_set_new(o, "until",
                            t->until == INT64_MAX ? json_null() : json_string(until));
    return o;
}

rw_status rw_topups_write(const rw_topup *list, size_t n, rw_output fmt, int added, FILE *out,
                          rw_error *err)
{
    char when[32], until[32], amount[64], cur[64], acct[512];
    if (added) {
        const rw_topup *t = list;
        rw_time_format_iso(t->at, when, sizeof when);
        rw_format_value(t->amount, amount, sizeof amount);
        fprintf(out, "top-up %lld: %s %s at %s%s%s\n", (long long)t->id, amount,
                rw_text_esc(t->currency, cur, sizeof cur),
                when, t->every == RW_EVERY_ONCE ? "" : ", every ",
                t->every == RW_EVERY_ONCE ? "" : every_name(t->every));
        return rw_stream_status(out, err);
    }
    if (fmt == RW_OUT_JSON) {
        json_t *arr = json_array();
        for (size_t i = 0; arr && i < n; i++)
            if (json_array_append_new(arr, topup_json(&list[i])) != 0) {
                json_decref(arr);
                arr = NULL;
            }
        return rw_json_write(out, arr, RW_JSON_PRETTY, err);
    }
    for (size_t i = 0; i < n; i++) {
        const rw_topup *t = &list[i];
        rw_time_format_iso(t->at, when, sizeof when);
        if (t->until != INT64_MAX) rw_time_format_iso(t->until, until, sizeof until);
        rw_format_value(t->amount, amount, sizeof amount);
        fprintf(out, "%lld  %s %s  %s%s%s%s%s%s%s\n", (long long)t->id, amount,
                rw_text_esc(t->currency, cur, sizeof cur),
                when, t->every == RW_EVERY_ONCE ? "" : ", every ",
                t->every == RW_EVERY_ONCE ? "" : every_name(t->every),
                t->until == INT64_MAX ? "" : " until ", t->until == INT64_MAX ? "" : until,
                t->account[0] ? "  account " : "", rw_text_esc(t->account, acct, sizeof acct));
    }
    if (n == 0) fputs("no top-ups recorded\n", out);
    return rw_stream_status(out, err);
}

static json_t *source_json(const rw_source_row *r)
{
    char when[32];
    rw_time_format_iso(r->ingested_at, when, sizeof when);
    json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:s}", "id",
                          (json_int_t)r->id, "path", r->path, "format", r->format, "rows",
                          (json_int_t)r->rows, "accepted", (json_int_t)r->accepted, "rejected",
                          (json_int_t)r->rejected, "charges", (json_int_t)r->charges,
                          "usage_records", (json_int_t)r->usage_records, "balances",
                          (json_int_t)r->balances, "points", (json_int_t)r->points,
                          "ingested_at", when, "sha256", r->sha256);
    json_object_set_new(o, "warnings", json_integer(r->warnings));
    json_object_set_new(o, "superseded_charges", json_integer(r->superseded));
    json_object_set_new(o, "superseded_by",
                        r->superseded_by ? json_integer(r->superseded_by) : json_null());
    return o;
}

static const char *reject_kind(const rw_reject_row *r)
{
    return r->warning ? "warning" : "reject";
}

static json_t *reject_json(const rw_reject_row *r)
{
    return json_pack("{s:s, s:I, s:s, s:s?, s:s}", "path", r->path, "line", (json_int_t)r->line,
                     "reason", r->reason, "raw", r->raw, "kind", reject_kind(r));
}

static void reject_csv(const rw_reject_row *r, FILE *out)
{
    rw_csv_write_field(out, r->path);
    fprintf(out, ",%ld,", r->line);
    rw_csv_write_field(out, r->reason);
    fputc(',', out);
    rw_csv_write_field(out, r->raw ? r->raw : "");
    fprintf(out, ",%s\n", reject_kind(r));
}

/* Whether a source's charges are still counted: all, some, or none of them
 * (a newer export of their billing periods replaced them). */
static void source_status(const rw_source_row *r, FILE *out)
{
    if (r->warnings) fprintf(out, ", %ld warning%s", r->warnings, r->warnings == 1 ? "" : "s");
    if (r->superseded && r->superseded >= r->charges)
        fprintf(out, "  [superseded by %lld]", (long long)r->superseded_by);
    else if (r->superseded)
        fprintf(out, "  [%ld of %ld charges superseded by %lld]", r->superseded, r->charges,
                (long long)r->superseded_by);
}

rw_status rw_source_list_write(const rw_source_list *l, rw_output fmt, FILE *out, rw_error *err)
{
    if (fmt == RW_OUT_CSV && !l->rejects)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "sources are written as text or JSON");
    if (fmt == RW_OUT_JSON) {
        json_t *arr = json_array();
        for (size_t i = 0; arr && i < l->n; i++)
            if (json_array_append_new(arr, l->rejects ? reject_json(&l->reject[i])
                                                      : source_json(&l->source[i])) != 0) {
                json_decref(arr);
                arr = NULL;
            }
        return rw_json_write(out, arr, JSON_INDENT(2), err);
    }
    if (fmt == RW_OUT_CSV) fputs("path,line,reason,raw,kind\n", out);
    char when[32], path[1024], reason[1024], raw[201], format[64];
    for (size_t i = 0; i < l->n; i++) {
        if (fmt == RW_OUT_CSV) {
            reject_csv(&l->reject[i], out);
        } else if (l->rejects) {
            const rw_reject_row *r = &l->reject[i];
            /* The raw line shown escaped, its first 200 bytes or so. */
            fprintf(out, "%s:%ld: %s%s\n    %.200s\n", rw_text_esc(r->path, path, sizeof path),
                    r->line, r->warning ? "kept, with a warning: " : "",
                    rw_text_esc(r->reason, reason, sizeof reason),
                    rw_text_esc(r->raw ? r->raw : "(null)", raw, sizeof raw));
        } else {
            const rw_source_row *r = &l->source[i];
            rw_time_format_iso(r->ingested_at, when, sizeof when);
            fprintf(out, "%lld  %s  %s  %ld rows: %ld accepted, %ld rejected", (long long)r->id,
                    rw_text_esc(r->path, path, sizeof path),
                    rw_text_esc(r->format, format, sizeof format), r->rows, r->accepted,
                    r->rejected);
            source_status(r, out);
            fprintf(out, "  (ingested %s)\n", when);
        }
    }
    if (l->n == 0 && fmt == RW_OUT_TEXT)
        fputs(l->rejects ? "no rejected rows\n" : "nothing ingested yet\n", out);
    return rw_stream_status(out, err);
}
