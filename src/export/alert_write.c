/* alert_write.c: what an alerting run did, one line per rule (and the
 * messages quoted where they matter): sent, kept for a later webhook,
 * previewed in a dry run, or nothing to send and when the next reminder
 * may go (runway.h rw_alert_run_write). */
#include <string.h>
#include "alert/deliver.h"
#include "export/json_out.h"
#include "export/notify_write.h"
#include "util/safe_text.h"
#include "util/timeutil.h"

/* Text from data (rule ids, account names, messages quoting them, webhook
 * targets) is shown escaped (safe_text.h): a line of the message is one
 * line on the terminal. */
static void file_sink(void *ctx, const char *s, size_t n)
{
    fwrite(s, 1, n, ctx);
}

/* Writes text with each line prefixed by "  | ". */
static void quoted(const char *text, FILE *out)
{
    for (const char *line = text; line && *line;) {
        const char *nl = strchr(line, '\n');
        int n = nl ? (int)(nl - line) : (int)strlen(line);
        fputs("  | ", out);
        rw_text_escape_to(line, (size_t)n, NULL, file_sink, out);
        fputc('\n', out);
        line = nl ? nl + 1 : NULL;
    }
}

static void outcome(const rw_alert_run *r, const rw_alert_outcome *o, int quiet, int verbose,
                    FILE *out)
{
    const char *kind = rw_alert_event_name(o->kind);
    char head_buf[sizeof o->head * 2], failed_buf[sizeof o->failed * 2];
    const char *head = rw_text_esc(o->head, head_buf, sizeof head_buf);
    if (o->event == RW_ALERT_NONE) {
        if (quiet && !r->dry_run) return;
        if (o->next != RW_ALERT_NEVER) {
            char when[32];
            rw_time_format_iso(o->next, when, sizeof when);
            fprintf(out, "%s: %s, next reminder from %s\n", head, o->why, when);
        } else {
            fprintf(out, "%s: %s, nothing to send\n", head, o->why);
        }
        if (verbose) quoted(o->plain, out);
    } else if (r->dry_run) {
        if (r->nhooks == 0)
            fprintf(out, "%s: would send %s (%s; no --webhook given)\n", head, kind, o->why);
        else
            fprintf(out, "%s: would send %s (%s) to %zu webhook%s\n", head, kind, o->why,
                    o->nsend, o->nsend == 1 ? "" : "s");
        if (r->nhooks == 0 || verbose) quoted(o->plain, out);
        if (o->preview) rw_text_fput_keep(o->preview, "\n", out);
    } else if (r->nhooks == 0) {
        /* Recorded undelivered: the first webhook given later gets it. */
        if (quiet) return;
        fprintf(out, "%s: %s not sent (no --webhook given; kept until one is)\n", head, kind);
        if (o->event != RW_ALERT_RETRY || verbose) quoted(o->plain, out);
    } else if (!quiet) {
        fprintf(out, "%s: %s sent to %zu of %zu webhook%s", head, kind, o->nok, o->nsend,
                o->nsend == 1 ? "" : "s");
        if (o->failed[0])
            fprintf(out, " (failed: %s; retried on the next run)",
                    rw_text_esc(o->failed, failed_buf, sizeof failed_buf));
        if (o->deferred[0])
            fprintf(out, " (deferred: %s, rate limit; sent on the next run)",
                    rw_text_esc(o->deferred, failed_buf, sizeof failed_buf));
        fputc('\n', out);
        if (verbose) quoted(o->plain, out);
    }
}

rw_status rw_alert_run_write(const rw_alert_run *r, int quiet, int verbose, FILE *out,
                             rw_error *err)
{
    for (size_t i = 0; r && i < r->n; i++)
        if (r->out[i].plain) outcome(r, &r->out[i], quiet, verbose, out);
    return rw_stream_status(out, err);
}

/* ---- every account (notify --all-accounts) ------------------------------------ */

#define NO_ROUTE_LISTED 20 /* accounts named on the "no route" line */

static void summary_text(const rw_notify_all_result *r, int verbose, FILE *out)
{
    const rw_account_results *rs = r->acc;
    char buf[RW_ERROR_TEXT * 2];
    fprintf(out, "accounts: %zu evaluated", rs->n - rs->failed);
    if (rs->failed) fprintf(out, ", %zu failed", rs->failed);
    fprintf(out, "; %zu changed state; %zu without a route\n", r->changed, r->no_route);
    if (r->dry_run)
        fputs("deliveries: none (dry run: nothing sent, nothing recorded)\n", out);
    else
        fprintf(out,
                "deliveries: %zu sent, %zu failed (retried on the next run), %zu deferred by"
                " rate limits (sent on the next run)\n",
                r->sent, r->failed, r->deferred);
    if (r->route_errors)
        fprintf(out, "routes: %zu could not be used (see the messages above; their alerts are"
                     " kept)\n", r->route_errors);
    if (r->no_route) {
        size_t listed = 0;
        fputs("no route:", out);
        for (size_t i = 0; i < rs->n; i++) {
            const rw_alert_run *run = rs->r[i].result;
            if (!run || run->nroutes || listed++ == NO_ROUTE_LISTED) continue;
            fprintf(out, " %s", rw_text_esc(rs->r[i].acc.id, buf, sizeof buf));
        }
        if (r->no_route > NO_ROUTE_LISTED)
            fprintf(out, " and %zu more", r->no_route - NO_ROUTE_LISTED);
        fputs(" (their alerts are in the digest only)\n", out);
    }
    if (!r->digest_given) return;
    const char *target = rw_text_esc(r->digest_target, buf, sizeof buf);
    if (!r->digest_due)
        fprintf(out, "digest: not due (no state changed; --digest-always sends it anyway)\n");
    else if (r->dry_run)
        fprintf(out, "digest: would send to %s\n", target);
    else if (r->digest_sent)
        fprintf(out, "digest: sent to %s\n", target);
    else if (r->digest_deferred)
        fprintf(out, "digest: deferred (rate limit of %s); sent on the next run\n", target);
    else
        fprintf(out, "digest: failed (%s); sent again on the next run\n",
                rw_text_esc(r->digest_error, buf, sizeof buf));
    if (r->digest_due && (verbose || r->dry_run)) quoted(r->digest_text, out);
    if (r->digest_preview) {
        fprintf(out, "  to %s: ", target);
        rw_text_fput_keep(r->digest_preview, "\n", out);
        fputc('\n', out);
    }
}

static rw_status notify_text(const rw_notify_all_result *r, int quiet, int verbose, FILE *out,
                             rw_error *err)
{
    const rw_account_results *rs = r->acc;
    char buf[RW_ERROR_TEXT * 2], ebuf[RW_ERROR_TEXT * 2];
    for (size_t i = 0; !quiet && i < rs->n; i++) {
        const rw_account_result *x = &rs->r[i];
        const rw_alert_run *run = x->result;
        if (x->status != RW_OK) {
            fprintf(out, "%s: not evaluated: %s\n", rw_text_esc(x->acc.id, buf, sizeof buf),
                    rw_text_esc(x->error, ebuf, sizeof ebuf));
            continue;
        }
        if (!run || (!run->nroutes && !verbose)) continue;
        for (size_t k = 0; k < run->n; k++)
            if (run->out[k].plain && (verbose || run->out[k].event != RW_ALERT_NONE))
                outcome(run, &run->out[k], 0, verbose, out);
    }
    if (!quiet) summary_text(r, verbose, out);
    return rw_stream_status(out, err);
}

static json_t *targets_json(const char *list)
{
    json_t *a = json_array();
    for (const char *p = list; a && p && *p;) {
        const char *sep = strstr(p, ", ");
        size_t n = sep ? (size_t)(sep - p) : strlen(p);
        json_array_append_new(a, json_stringn(p, n));
        p = sep ? sep + 2 : NULL;
    }
    return a;
}

static json_t *rule_json(const rw_alert_outcome *o)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:o, s:o}", "rule_id", o->id, "state",
                     o->state, "previous_state", o->previous, "event",
                     rw_alert_event_name(o->event), "why", o->why ? o->why : "", "sent_to",
                     (json_int_t)o->nsend, "accepted", (json_int_t)o->nok, "failed",
                     targets_json(o->failed), "deferred", targets_json(o->deferred));
}

static json_t *account_json(const rw_notify_all_result *r, size_t i)
{
    const rw_account_result *x = &r->acc->r[i];
    const rw_alert_run *run = x->result;
    const rw_digest_entry *e = &r->e[i];
    json_t *o = json_pack("{s:s, s:s, s:s}", "account", x->acc.id, "name",
                          x->acc.name ? x->acc.name : "", "standing",
                          rw_digest_class_name(e->cls));
    if (!o) return NULL;
    if (x->status != RW_OK) {
        json_object_set_new(o, "error", json_string(x->error));
        return o;
    }
    json_object_set_new(o, "days_left", e->days >= 0 && e->cls != RW_DIGEST_ARREARS
                                            ? json_integer(e->days) : json_null());
    json_object_set_new(o, "routes", json_integer((json_int_t)(run ? run->nroutes : 0)));
    json_object_set_new(o, "route_errors",
                        json_integer((json_int_t)(run ? run->route_errors : 0)));
    json_object_set_new(o, "sent", json_integer((json_int_t)(run ? run->sent : 0)));
    json_object_set_new(o, "failed", json_integer((json_int_t)(run ? run->failed : 0)));
    json_object_set_new(o, "deferred", json_integer((json_int_t)(run ? run->deferred : 0)));
    json_t *rules = json_array();
    for (size_t k = 0; run && rules && k < run->n; k++)
        json_array_append_new(rules, rule_json(&run->out[k]));
    json_object_set_new(o, "rules", rules);
    return o;
}

static rw_status notify_json(const rw_notify_all_result *r, FILE *out, rw_error *err)
{
    const rw_account_results *rs = r->acc;
    json_t *root = json_object(), *accounts = json_array(), *no_route = json_array();
    size_t counts[RW_DIGEST_NCLASS];
    rw_digest_counts(&r->digest, counts);
    for (size_t i = 0; accounts && no_route && i < rs->n; i++) {
        const rw_alert_run *run = rs->r[i].result;
        json_array_append_new(accounts, account_json(r, i));
        if (run && !run->nroutes) json_array_append_new(no_route, json_string(rs->r[i].acc.id));
    }
    json_t *c = json_object();
    for (int k = 0; c && k < RW_DIGEST_NCLASS; k++)
        json_object_set_new(c, rw_digest_class_name((rw_digest_class)k),
                            json_integer((json_int_t)counts[k]));
    json_t *digest = json_null();
    if (r->digest_given)
        digest = json_pack("{s:s, s:b, s:b, s:b, s:o, s:o}", "target", r->digest_target, "due",
                           r->digest_due, "sent", r->digest_sent, "deferred", r->digest_deferred,
                           "error", r->digest_error[0] ? json_string(r->digest_error) : json_null(),
                           "message", r->digest_text ? json_string(r->digest_text) : json_null());
    if (root) {
        json_object_set_new(root, "dry_run", json_boolean(r->dry_run));
        json_object_set_new(root, "evaluated", json_integer((json_int_t)(rs->n - rs->failed)));
        json_object_set_new(root, "failed", json_integer((json_int_t)rs->failed));
        json_object_set_new(root, "changed", json_integer((json_int_t)r->changed));
        json_object_set_new(root, "counts", c);
        json_object_set_new(root, "sent", json_integer((json_int_t)r->sent));
        json_object_set_new(root, "delivery_failures", json_integer((json_int_t)r->failed));
        json_object_set_new(root, "deferred", json_integer((json_int_t)r->deferred));
        json_object_set_new(root, "route_errors", json_integer((json_int_t)r->route_errors));
        json_object_set_new(root, "no_route", no_route);
        json_object_set_new(root, "digest", digest);
        json_object_set_new(root, "accounts", accounts);
    } else {
        json_decref(c);
        json_decref(digest);
        json_decref(no_route);
        json_decref(accounts);
    }
    return rw_json_write(out, root, RW_JSON_PRETTY, err);
}

rw_status rw_notify_all_write(const rw_notify_all_result *r, rw_output fmt, int quiet,
                              int verbose, FILE *out, rw_error *err)
{
    if (!r || !r->acc || !r->e) return RW_OK;
    if (fmt == RW_OUT_JSON) return notify_json(r, out, err);
    if (fmt != RW_OUT_TEXT)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "notify writes text or json");
    return notify_text(r, quiet, verbose, out, err);
}
