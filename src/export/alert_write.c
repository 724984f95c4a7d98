/* alert_write.c: what an alerting run did, one line per rule (and the
 * messages quoted where they matter): sent, kept for a later webhook,
 * previewed in a dry run, or nothing to send and when the next reminder
 * may go (runway.h rw_alert_run_write). */
#include <string.h>
#include "alert/deliver.h"
#include "export/json_out.h"
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
