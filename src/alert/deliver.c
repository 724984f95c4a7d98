/* deliver.c: deciding, delivering and recording the rules of one run
 * (deliver.h). */
#include <stdlib.h>
#include <string.h>
#include "alert/deliver.h"
#include "alert/message.h"
#include "util/strbuf.h"
#include "util/timeutil.h"

/* The message about rule r for the row as it will be stored. */
static void make_msg(const rw_alert_facts *f, const rw_alert_rule *r, const rw_alert_row *row,
                     rw_alert_event kind, int64_t now, char as_of[16], rw_alert_msg *m)
{
    rw_time_format_bucket(f->as_of, RW_GRAN_DAY, as_of, 16);
    memset(m, 0, sizeof *m);
    m->rule = r->name;
    m->rule_id = r->id;
    m->account = f->account;
    m->event = kind == RW_ALERT_NONE ? "none" : rw_alert_event_name(kind);
    m->state = row->state;
    m->previous_state = row->previous;
    m->level = rw_alert_level(row->state);
    m->title = r->title;
    m->balance = f->observed;
    m->currency = f->currency;
    m->balance_at = f->observed_at;
    m->as_of = as_of;
    for (int i = 0; i < 3; i++) m->runout[i] = f->days[i] != RW_RUNOUT_NONE ? f->runout[i] : NULL;
    m->horizon_days = f->horizon;
    m->data_deleted_from = f->deleted[0] ? f->deleted : NULL;
    m->policy = f->pol.name;
    m->detail = r->detail;
    m->action = strcmp(row->state, "ok") ? r->action : rw_tr(f->lang, "none needed");
    m->since = row->since;
    m->at = now;
    m->lang = f->lang;
}

/* The payloads a dry run would send, as "  to TARGET: BODY" lines. */
static rw_status preview(const rw_alert_delivery *d, const rw_alert_decision *dec,
                         const rw_alert_msg *m, rw_alert_outcome *o, rw_error *err)
{
    rw_strbuf b = {0};
    for (size_t i = 0; i < dec->nsend; i++) {
        const rw_webhook *w = &d->hooks[dec->send[i]];
        char *body = NULL;
        rw_status st = rw_webhook_payload(w->kind, m, &body, err);
        if (st != RW_OK) {
            free(b.p);
            return st;
        }
        rw_strbuf_printf(&b, "  to %s: %s\n", w->target, body);
        free(body);
    }
    if (!dec->nsend) return RW_OK;
    return rw_strbuf_finish(&b, &o->preview, "previewing a message", err);
}

/* Webhooks found unreachable in this run: not worth another wait. */
typedef struct run_state {
    int down[RW_ALERT_MAX_TARGETS];
} run_state;

/* Sends one message to webhook i; fills err on failure. */
static rw_status send_one(const rw_alert_delivery *d, size_t i, const rw_alert_msg *m,
                          run_state *rs, rw_error *err)
{
    const rw_webhook *w = &d->hooks[i];
    if (rs->down[i])
        return rw_error_set(err, RW_ENET, NULL, 0,
                            "webhook %s: not tried, unreachable earlier in this run", w->target);
    rw_http_opts o;
    rw_http_opts_default(&o);
    o.timeout_s = d->timeout_s;
    o.max_retries = d->retries;
    char *body = NULL;
    long status = 0;
    int attempts = 0;
    rw_status st = rw_webhook_payload(w->kind, m, &body, err);
    if (st == RW_OK) st = rw_webhook_send(w, body, d->now * 1000, &o, &status, &attempts, err);
    if (st == RW_ENET) rs->down[i] = 1;
    free(body);
    return st;
}

/* Delivers one rule's message to the decision's webhooks, logging each
 * attempt and recording acceptances in *row. Returns store failures only. */
static rw_status deliver(rw_store *store, const rw_alert_delivery *d, const rw_alert_rule *r,
                         rw_alert_row *row, const rw_alert_decision *dec, const rw_alert_msg *m,
                         rw_alert_outcome *o, rw_alert_run *run, run_state *rs, rw_error *err)
{
    for (size_t i = 0; i < dec->nsend; i++) {
        const rw_webhook *w = &d->hooks[dec->send[i]];
        if (!rs->down[dec->send[i]] &&
            !rw_pacer_take(d->pacer, w->id, rw_pace_kind_limit(w->kind), NULL)) {
            /* Over the receiver's rate limit: left owed (pending), not
             * tried, so neither a failure nor logged. */
            o->ndeferred++;
            run->deferred++;
            size_t dl = strlen(o->deferred);
            snprintf(o->deferred + dl, sizeof o->deferred - dl, "%s%s", dl ? ", " : "", w->target);
            if (d->message) {
                char text[RW_ALERT_RULE + 400];
                snprintf(text, sizeof text,
                         "webhook %s: %d messages a minute reached; %s (%s) is sent on the"
                         " next run",
                         w->target, rw_pace_kind_limit(w->kind).limit, r->id, row->state);
                d->message(d->message_ctx, RW_MSG_WARNING, text);
            }
            continue;
        }
        rw_error serr;
        rw_error_clear(&serr);
        rw_status st = send_one(d, dec->send[i], m, rs, &serr);
        rw_alert_delivered(row, w->id, st == RW_OK, d->now);
        rw_strbuf log = {0};
        char *logmsg = NULL;
        rw_strbuf_puts(&log, o->plain);
        if (st == RW_OK) {
            o->nok++;
            run->sent++;
        } else {
            run->failed++;
            if (d->message) {
                char text[RW_ERROR_TEXT + RW_ALERT_RULE + 64];
                snprintf(text, sizeof text, "%s; %s (%s) will be retried on the next run",
                         serr.text, r->id, row->state);
                d->message(d->message_ctx, RW_MSG_WARNING, text);
            }
            rw_strbuf_printf(&log, "\n[failed: %s]", serr.text);
            size_t fl = strlen(o->failed);
            snprintf(o->failed + fl, sizeof o->failed - fl, "%s%s", fl ? ", " : "", w->target);
        }
        rw_status ls = rw_strbuf_finish(&log, &logmsg, "logging a delivery", err);
        if (ls == RW_OK)
            ls = rw_store_alert_log(store, d->now, r->id, row->state, w->target,
                                    st == RW_OK ? "sent" : "failed", logmsg, err);
        free(logmsg);
        if (ls != RW_OK) return ls;
    }
    return RW_OK;
}

/* Decides, delivers (or previews) and records one rule. */
static rw_status process_rule(rw_store *store, const rw_alert_facts *f, const rw_alert_rule *r,
                              const rw_alert_delivery *d, const char *const *ids,
                              rw_alert_outcome *o, rw_alert_run *run, run_state *rs,
                              rw_error *err)
{
    rw_alert_row old, row;
    int found = 0;
    char *evaljson = NULL, as_of[16];
    memset(&row, 0, sizeof row);
    rw_status st = rw_store_alert_load(store, r->id, &old, &found, err);
    if (st != RW_OK) return st;
    rw_alert_decision dec =
        rw_alert_decide(found ? &old : NULL, r->state, d->now, &d->policy, ids, d->nhooks);
    rw_alert_apply(found ? &old : NULL, r->id, r->state, d->now, &dec, ids, d->nhooks, &row);
    rw_alert_msg m;
    make_msg(f, r, &row, dec.kind, d->now, as_of, &m);
    o->event = dec.event;
    o->kind = dec.kind;
    o->rule = r->name;
    snprintf(o->id, sizeof o->id, "%s", r->id);
    snprintf(o->state, sizeof o->state, "%s", row.state);
    snprintf(o->previous, sizeof o->previous, "%s", row.previous);
    o->why = dec.why;
    o->nsend = dec.nsend;
    o->next = RW_ALERT_NEVER;
    if (dec.event == RW_ALERT_CHANGE || dec.event == RW_ALERT_RESOLVED)
        snprintf(o->head, sizeof o->head, "%s: %s (was %s)", r->id, row.state, row.previous);
    else
        snprintf(o->head, sizeof o->head, "%s: %s", r->id, row.state);
    if ((st = rw_alert_text(&m, RW_TEXT_PLAIN, &o->plain, err)) != RW_OK ||
        (st = rw_webhook_payload(RW_WEBHOOK_JSON, &m, &evaljson, err)) != RW_OK)
        goto out;
    if (dec.event == RW_ALERT_NONE) o->next = rw_alert_next_repeat(&row, d->now, &d->policy);
    else if (d->dry_run) st = preview(d, &dec, &m, o, err);
    else if (d->nhooks) st = deliver(store, d, r, &row, &dec, &m, o, run, rs, err);
    if (st == RW_OK && !d->dry_run) {
        row.evaluation = evaljson;
        st = rw_store_alert_save(store, &row, err);
        row.evaluation = NULL;
    }
out:
    rw_alert_row_cleanup(&old);
    free(evaljson);
    return st;
}

rw_status rw_alert_deliver(rw_store *store, const rw_alert_facts *f, const rw_alert_rule *rules,
                           size_t n, const rw_alert_delivery *d, rw_alert_run *run,
                           rw_error *err)
{
    const char *ids[RW_ALERT_MAX_TARGETS];
    run_state rs;
    memset(&rs, 0, sizeof rs);
    for (size_t i = 0; i < d->nhooks; i++) ids[i] = d->hooks[i].id;
    run->nhooks = d->nhooks;
    run->dry_run = d->dry_run;
    /* One write transaction for decisions, deliveries and records: a
     * concurrent run waits, then sees this run's states. */
    rw_status st = d->dry_run ? RW_OK : rw_store_write_begin(store, err);
    for (size_t i = 0; i < n && st == RW_OK; i++, run->n++)
        st = process_rule(store, f, &rules[i], d, ids, &run->out[i], run, &rs, err);
    if (d->dry_run) return st;
    if (st == RW_OK) st = rw_store_write_commit(store, err);
    if (st != RW_OK) rw_store_write_rollback(store);
    return st;
}

void rw_alert_run_free(rw_alert_run *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->out[i].plain);
        free(r->out[i].preview);
    }
    free(r);
}
