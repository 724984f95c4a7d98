/* notify_all.c: alerts of every account to their own routes, and the
 * organisation digest (runway.h rw_notify_all; docs/notify.md "Every
 * account").
 *
 * Each account runs on rw_app_all_accounts (its own session, on a worker
 * thread) the very run `notify --account ID` makes (rw_app_alerts_run):
 * one write transaction per account for its decisions, deliveries and
 * records, so a state change is sent once whatever the threads or the
 * runs at once. Its webhooks are its registered routes, each URL found
 * where the route says (env:VAR, profile:NAME of the credentials file)
 * and wiped after the run; only "KIND HOST" is ever printed. One pacer
 * counts the deliveries of all threads per URL (alert/pace.h).
 *
 * The digest is decided after every account: due when the accounts'
 * states differ from those the last digest reported (a fingerprint kept in
 * the alert_state row "digest"), when asked always, or when the last one
 * was not delivered (state "owed"); it is sent and recorded in one write
 * transaction, like an alert. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include "alert/deliver.h"
#include "alert/digest.h"
#include "app/accounts.h"
#include "app/alerts.h"
#include "export/notify_write.h"
#include "net/credentials.h"
#include "util/strbuf.h"
#include "util/strutil.h"
#include "util/timeutil.h"

#define URL_MAX 2048                 /* bytes of a route's webhook URL */
#define SPEC_MAX (URL_MAX + 16)      /* "KIND=URL" */
#define DIGEST_RULE "digest"         /* the digest's alert_state row */

void rw_notify_all_options_init(rw_notify_all_options *o)
{
    memset(o, 0, sizeof *o);
    rw_all_options_init(&o->all);
    o->digest_top = RW_DIGEST_TOP;
}

/* What every account's job shares. */
typedef struct notify_job {
    const rw_alert_options *o;
    const char *config;      /* the credentials file, NULL when none */
    rw_pacer *pacer;
} notify_job;

/* "KIND=URL" into spec (SPEC_MAX bytes) for the route KIND with reference
 * ref ("env:VAR" or "profile:NAME", checked when stored). The caller wipes
 * spec. err never holds the URL. */
static rw_status resolve(const char *kind, const char *ref, const char *config, char *spec,
                         rw_error *err)
{
    char url[URL_MAX];
    rw_status st = RW_OK;
    url[0] = '\0';
    if (!strncmp(ref, "env:", 4)) {
        const char *v = getenv(ref + 4);
        if (!v || !*v) st = rw_error_set(err, RW_ENOTFOUND, NULL, 0, "%s is not set", ref + 4);
        else if (strlen(v) >= sizeof url)
            st = rw_error_set(err, RW_EINVAL, NULL, 0, "the URL in %s is longer than %d bytes",
                              ref + 4, URL_MAX - 1);
        else memcpy(url, v, strlen(v) + 1);
    } else if (!strncmp(ref, "profile:", 8)) {
        st = rw_cred_profile_webhook(config, ref + 8, url, sizeof url, err);
    } else {
        st = rw_error_set(err, RW_EINVAL, NULL, 0, "not env:VAR or profile:NAME");
    }
    if (st == RW_OK) snprintf(spec, SPEC_MAX, "%s=%s", kind, url);
    OPENSSL_cleanse(url, sizeof url);
    return st;
}

/* The account's routes (JSON [{kind, url_ref}]) as webhook specs in
 * spec[0..*n), each a valid webhook and none twice; a route that cannot
 * be used is reported (the account's messages stay owed) and counted in
 * *bad. *total gets the routes registered. */
static void account_routes(rw_session *s, const char *routes, const char *config,
                           char (*spec)[SPEC_MAX], size_t *n, size_t *total, size_t *bad)
{
    json_error_t je;
    json_t *arr = routes ? json_loads(routes, 0, &je) : NULL, *r;
    size_t i;
    char ids[RW_MAX_ROUTES][sizeof ((rw_webhook *)0)->id];
    *n = *total = *bad = 0;
    json_array_foreach(arr, i, r)
    {
        if (*total == RW_MAX_ROUTES) break;
        (*total)++;
        const char *kind = json_string_value(json_object_get(r, "kind"));
        const char *ref = json_string_value(json_object_get(r, "url_ref"));
        rw_error e;
        rw_webhook w = {0};
        rw_error_clear(&e);
        rw_status st = kind && ref ? resolve(kind, ref, config, spec[*n], &e)
                                   : rw_error_set(&e, RW_EFORMAT, NULL, 0, "not {kind, url_ref}");
        if (st == RW_OK) st = rw_webhook_parse(spec[*n], &w, &e);
        if (st != RW_OK) {
            char ebuf[RW_ERROR_TEXT];
            rw_error_format(&e, ebuf, sizeof ebuf);
            rw_app_msg(s, RW_MSG_WARNING,
                       "route %s=%s: %s; its alerts are kept until the route works",
                       kind ? kind : "?", ref ? ref : "?", ebuf);
            OPENSSL_cleanse(spec[*n], SPEC_MAX);
            (*bad)++;
            continue;
        }
        int dup = 0;
        for (size_t k = 0; k < *n; k++) dup |= !strcmp(ids[k], w.id);
        rw_str_copy(ids[*n], sizeof ids[*n], w.id);
        rw_webhook_cleanup(&w);
        if (dup) OPENSSL_cleanse(spec[*n], SPEC_MAX); /* the same URL twice: once */
        else (*n)++;
    }
    json_decref(arr);
}

/* One account: its alerting run to its routes, and the run-out it is
 * ranked by (the default plan of `runway runout --account`). */
static rw_status notify_one(rw_session *s, const void *opts, int64_t now, rw_account_result *x,
                            rw_error *err)
{
    const notify_job *j = opts;
    rw_alert_options o = *j->o;
    char(*spec)[SPEC_MAX] = calloc(RW_MAX_ROUTES, SPEC_MAX);
    size_t n = 0, total = 0, bad = 0;
    rw_alert_run *run = NULL;
    if (!spec) return rw_app_oom(err);
    o.plan.sel.account = x->acc.id;
    account_routes(s, x->acc.routes, j->config, spec, &n, &total, &bad);
    o.nwebhooks = n;
    for (size_t i = 0; i < n; i++) o.webhooks[i] = spec[i];
    rw_status st = rw_app_alerts_run(s, &o, j->pacer, &run, err);
    OPENSSL_cleanse(spec, (size_t)RW_MAX_ROUTES * SPEC_MAX);
    free(spec);
    x->result = run;
    if (run) {
        run->nroutes = total;
        run->route_errors = bad;
    }
    /* Failed deliveries are counted in the run and retried next time;
     * the account itself was evaluated. */
    if (st == RW_EPARTIAL && run) {
        rw_error_clear(err);
        st = RW_OK;
    }
    if (st != RW_OK) return st;
    rw_runout_result *r = NULL;
    st = rw_app_rank_runout(s, &o.plan, o.policy, now, &r, err);
    x->rank = r;
    return st;
}

/* The standing of account x for the digest (runout is its P50 day). */
static void standing(const rw_account_result *x, rw_digest_entry *e, char runout[16])
{
    memset(e, 0, sizeof *e);
    e->account = x->acc.id;
    e->name = x->acc.name;
    e->days = -1;
    e->currency = "";
    const rw_alert_run *run = x->result;
    if (x->status != RW_OK || !run || !x->rank) {
        e->cls = RW_DIGEST_FAILED;
        return;
    }
    const rw_runout_facts *f = rw_runout_result_facts(x->rank);
    e->cls = RW_DIGEST_OK;
    for (size_t i = 0; i < run->n; i++) {
        const rw_alert_outcome *o = &run->out[i];
        if (!o->rule || strcmp(o->rule, "threshold")) continue;
        if (!strcmp(o->state, "red")) e->cls = RW_DIGEST_RED;
        else if (!strcmp(o->state, "yellow")) e->cls = RW_DIGEST_YELLOW;
        else if (!strcmp(o->state, "blue")) e->cls = RW_DIGEST_BLUE;
    }
    if (f->arrears.in_arrears) e->cls = RW_DIGEST_ARREARS;
    e->owed = f->arrears.owed;
    e->currency = f->currency ? f->currency : "";
    e->horizon = (int)f->horizon_days;
    if (f->day[1] != RW_NEVER) {
        e->days = f->day[1];
        rw_time_format_day(f->negative_from[1], runout);
        e->runout = runout;
    }
}

/* 1 when one of the run's rules changed state in this run. */
static int changed(const rw_alert_run *run)
{
    for (size_t i = 0; run && i < run->n; i++)
        if (run->out[i].event == RW_ALERT_CHANGE || run->out[i].event == RW_ALERT_RESOLVED)
            return 1;
    return 0;
}

/* Fills r's standings and counts from its accounts. */
static rw_status tally(rw_notify_all_result *r, rw_error *err)
{
    const rw_account_results *rs = r->acc;
    size_t n = rs->n ? rs->n : 1;
    r->e = calloc(n, sizeof *r->e);
    r->runout = calloc(n, sizeof *r->runout);
    if (!r->e || !r->runout) return rw_app_oom(err);
    for (size_t i = 0; i < rs->n; i++) {
        const rw_alert_run *run = rs->r[i].result;
        standing(&rs->r[i], &r->e[i], r->runout[i]);
        if (!run) continue;
        r->changed += changed(run);
        r->no_route += run->nroutes == 0;
        r->route_errors += run->route_errors;
        r->sent += run->sent;
        r->failed += run->failed;
        r->deferred += run->deferred;
    }
    return RW_OK;
}

/* FNV-1a, 64 bits, of s and its NUL, continuing from h. */
static uint64_t fnv(uint64_t h, const char *s)
{
    do {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    } while (*s++);
    return h;
}

/* The states of every rule of every account, as 16 hex digits: equal in
 * two runs that saw the same states (whichever of them changed them). */
static void fingerprint(const rw_account_results *rs, char out[17])
{
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < rs->n; i++) {
        const rw_alert_run *run = rs->r[i].result;
        h = fnv(h, rs->r[i].acc.id);
        if (rs->r[i].status != RW_OK || !run) h = fnv(h, "(failed)");
        for (size_t k = 0; run && rs->r[i].status == RW_OK && k < run->n; k++)
            h = fnv(fnv(h, run->out[k].id), run->out[k].state);
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* The digest's alert_state key: "digest", or "digest:HASH" of the label
 * filter and the shard, so that runs over different accounts keep apart. */
static void digest_key(const rw_all_options *a, char *key, size_t size)
{
    uint64_t h = 14695981039346656037ULL;
    char shard[64];
    for (size_t i = 0; i < a->filter.n; i++) h = fnv(h, a->filter.labels[i]);
    snprintf(shard, sizeof shard, "%zu/%zu", a->shard_k, a->shard_n);
    if (a->shard_n) h = fnv(h, shard);
    if (a->filter.n || a->shard_n)
        snprintf(key, size, "%s:%016llx", DIGEST_RULE, (unsigned long long)h);
    else rw_str_copy(key, size, DIGEST_RULE);
}

/* Parses the organisation route "KIND=URL" or "KIND=@PROFILE". */
static rw_status digest_hook(const char *spec, const char *config, rw_webhook *w, rw_error *err)
{
    const char *eq = strchr(spec, '=');
    if (!eq || eq[1] != '@') return rw_webhook_parse(spec, w, err);
    char kind[16], full[SPEC_MAX];
    if ((size_t)(eq - spec) >= sizeof kind)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "--digest: KIND=URL or KIND=@PROFILE");
    memcpy(kind, spec, (size_t)(eq - spec));
    kind[eq - spec] = '\0';
    char ref[RW_CRED_PROFILE_MAX + 16];
    snprintf(ref, sizeof ref, "profile:%.*s", RW_CRED_PROFILE_MAX, eq + 2);
    rw_status st = rw_cred_profile_name_ok(eq + 2)
                       ? resolve(kind, ref, config, full, err)
                       : rw_error_set(err, RW_EINVAL, NULL, 0,
                                      "--digest: @PROFILE names a profile of the credentials file"
                                      " (letters, digits, '_', '.', '-')");
    if (st == RW_OK) st = rw_webhook_parse(full, w, err);
    OPENSSL_cleanse(full, sizeof full);
    if (st != RW_OK && st != RW_ENOMEM) st = RW_EINVAL;
    return st;
}

/* Decides, sends (or previews) and records the digest to w. */
static rw_status digest_run(rw_session *s, const rw_webhook *w, const rw_alert_options *o,
                            const rw_notify_all_options *a, rw_pacer *pacer, int64_t now,
                            rw_notify_all_result *r, rw_error *err)
{
    rw_store *store = NULL;
    rw_alert_row old, row;
    int found = 0;
    char *body = NULL;
    memset(&old, 0, sizeof old);
    rw_status st = rw_app_store(s, &store, err);
    if (st == RW_OK && !o->dry_run) st = rw_store_write_begin(store, err);
    if (st != RW_OK) return st;
    char key[RW_ALERT_RULE], fp[17], evaluation[64];
    digest_key(&a->all, key, sizeof key);
    fingerprint(r->acc, fp);
    snprintf(evaluation, sizeof evaluation, "{\"states\": \"%s\"}", fp);
    st = rw_store_alert_load(store, key, &old, &found, err);
    if (st != RW_OK) goto out;
    /* Due when the states differ from those of the last digest (a state
     * changed since; a run at the same time that saw the same states sends
     * nothing), when asked, or when the last one was not delivered. */
    r->digest_due = !found || !old.evaluation || !strstr(old.evaluation, fp) ||
                    a->digest_always || !strcmp(old.state, "owed");
    if (!r->digest_due) goto out;
    st = rw_digest_text(&r->digest, RW_TEXT_PLAIN, RW_DIGEST_JSON_MAX, &r->digest_text, err);
    if (st == RW_OK) st = rw_digest_payload(w->kind, &r->digest, &body, err);
    if (st != RW_OK) goto out;
    if (o->dry_run) {
        r->digest_preview = body;
        body = NULL;
        goto out;
    }
    rw_error serr;
    rw_error_clear(&serr);
    if (!rw_pacer_take(pacer, w->id, rw_pace_kind_limit(w->kind), NULL)) {
        r->digest_deferred = 1;
        rw_app_msg(s, RW_MSG_WARNING,
                   "digest: webhook %s: %d messages a minute reached; the digest is sent on the"
                   " next run", w->target, rw_pace_kind_limit(w->kind).limit);
    } else {
        rw_http_opts ho;
        long status = 0;
        int attempts = 0;
        rw_http_opts_default(&ho);
        ho.timeout_s = o->timeout_s;
        ho.max_retries = o->retries;
        rw_status ss = rw_webhook_send(w, body, now * 1000, &ho, &status, &attempts, &serr);
        r->digest_sent = ss == RW_OK;
        if (ss != RW_OK) {
            rw_str_copy(r->digest_error, sizeof r->digest_error, serr.text);
            rw_app_msg(s, RW_MSG_WARNING, "digest: %s; it is sent again on the next run",
                       serr.text);
        }
        rw_strbuf log = {0};
        char *logmsg = NULL;
        rw_strbuf_puts(&log, r->digest_text);
        if (ss != RW_OK) rw_strbuf_printf(&log, "\n[failed: %s]", serr.text);
        st = rw_strbuf_finish(&log, &logmsg, "logging the digest", err);
        if (st == RW_OK)
            st = rw_store_alert_log(store, now, key, r->digest_sent ? "ok" : "owed",
                                    w->target, r->digest_sent ? "sent" : "failed", logmsg, err);
        free(logmsg);
        if (st != RW_OK) goto out;
    }
    memset(&row, 0, sizeof row);
    rw_str_copy(row.rule, sizeof row.rule, key);
    rw_str_copy(row.state, sizeof row.state, r->digest_sent ? "ok" : "owed");
    rw_str_copy(row.previous, sizeof row.previous, found ? old.state : "ok");
    row.since = now;
    row.event = RW_ALERT_CHANGE;
    row.delivered = r->digest_sent;
    row.last_sent = r->digest_sent ? now : found ? old.last_sent : RW_ALERT_NEVER;
    row.sent_day = found ? old.sent_day : RW_ALERT_NEVER;
    row.sent_count = found ? old.sent_count : 0;
    row.evaluation = evaluation;
    st = rw_store_alert_save(store, &row, err);
out:
    if (!o->dry_run) {
        if (st == RW_OK) st = rw_store_write_commit(store, err);
        if (st != RW_OK) rw_store_write_rollback(store);
    }
    rw_alert_row_cleanup(&old);
    free(body);
    return st;
}

rw_status rw_notify_all(rw_session *s, const rw_alert_options *o, const rw_notify_all_options *a,
                        rw_notify_all_result **out, rw_error *err)
{
    char config[4096] = "";
    rw_webhook digest = {0};
    *out = NULL;
    if (o->plan.sel.input)
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "--all-accounts plans from the store: --input does not apply");
    if (o->plan.sel.account)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "--all-accounts and --account together");
    if (o->nwebhooks)
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "--all-accounts sends each account's alerts to its own routes"
                            " (`runway accounts set ID --route KIND=REF`): --webhook does not"
                            " apply; --digest names the organisation's route");
    if (a->config) rw_str_copy(config, sizeof config, a->config);
    else rw_cred_default_path(config, sizeof config);
    rw_status st = a->digest ? digest_hook(a->digest, config[0] ? config : NULL, &digest, err)
                             : RW_OK;
    if (st != RW_OK) {
        char msg[RW_ERROR_TEXT];
        rw_error_format(err, msg, sizeof msg);
        if (strncmp(msg, "--digest", 8)) {
            rw_error_clear(err);
            rw_error_set(err, st, NULL, 0, "--digest: %s", msg);
        }
        return st;
    }
    rw_notify_all_result *r = calloc(1, sizeof *r);
    rw_pacer *pacer = rw_pacer_alloc(NULL, NULL);
    if (!r || !pacer) {
        free(r);
        rw_pacer_free(pacer);
        rw_webhook_cleanup(&digest);
        return rw_app_oom(err);
    }
    int64_t now = o->now == INT64_MIN ? (int64_t)time(NULL) : o->now;
    rw_alert_options ao = *o;
    ao.now = now;
    notify_job j = {&ao, config[0] ? config : NULL, pacer};
    r->dry_run = o->dry_run;
    st = rw_app_all_accounts(s, RW_ALL_NOTIFY, &a->all, now, notify_one, &j, &r->acc, err);
    if (r->acc) {
        rw_status ts = tally(r, err);
        if (ts != RW_OK) st = ts;
    }
    if (r->acc && r->e) {
        r->digest = (rw_digest){r->e,    r->acc->n, r->changed, r->no_route,
                                a->digest_top, now,  o->plan.lang};
    }
    if (r->acc && r->e && a->digest && (st == RW_OK || st == RW_EPARTIAL)) {
        r->digest_given = 1;
        rw_str_copy(r->digest_target, sizeof r->digest_target, digest.target);
        rw_error derr;
        rw_error_clear(&derr);
        rw_status ds = digest_run(s, &digest, o, a, pacer, now, r, &derr);
        if (ds != RW_OK) {
            *err = derr;
            st = ds;
        }
    }
    if (st == RW_OK && (r->failed || r->route_errors || (r->digest_due && !o->dry_run &&
                                                         !r->digest_sent && !r->digest_deferred)))
        st = rw_error_set(err, RW_EPARTIAL, NULL, 0,
                          "%zu of %zu deliveries failed%s, %zu route(s) could not be used",
                          r->failed, r->failed + r->sent,
                          r->digest_error[0] ? " and the digest" : "", r->route_errors);
    rw_webhook_cleanup(&digest);
    rw_pacer_free(pacer);
    *out = r;
    return st;
}

void rw_notify_all_result_free(rw_notify_all_result *r)
{
    if (!r) return;
    rw_account_results_free(r->acc);
    free(r->e);
    free(r->runout);
    free(r->digest_text);
    free(r->digest_preview);
    free(r);
}
