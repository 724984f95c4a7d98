/* digest.c: the organisation digest's text and payloads (digest.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "alert/digest.h"
#include "alert/message.h"
#include "util/strbuf.h"
#include "util/timeutil.h"

static const char *const class_names[RW_DIGEST_NCLASS] = {"arrears", "red", "yellow",
                                                          "blue", "ok", "failed"};

const char *rw_digest_class_name(rw_digest_class c)
{
    return c < RW_DIGEST_NCLASS ? class_names[c] : "?";
}

size_t rw_digest_limit(rw_webhook_kind kind)
{
    switch (kind) {
    case RW_WEBHOOK_WECOM: return RW_DIGEST_WECOM_MAX;
    case RW_WEBHOOK_DINGTALK: return RW_DIGEST_DINGTALK_MAX;
    case RW_WEBHOOK_SLACK: return RW_DIGEST_SLACK_MAX;
    case RW_WEBHOOK_JSON:
    default: return RW_DIGEST_JSON_MAX;
    }
}

void rw_digest_counts(const rw_digest *d, size_t n[RW_DIGEST_NCLASS])
{
    memset(n, 0, RW_DIGEST_NCLASS * sizeof *n);
    for (size_t i = 0; i < d->n; i++)
        if (d->e[i].cls < RW_DIGEST_NCLASS) n[d->e[i].cls]++;
}

/* Accounts that need attention: neither ok nor failed. */
static int attention(const rw_digest_entry *e)
{
    return e->cls < RW_DIGEST_OK;
}

/* The line about account e, numbered k (1-based), without its line break. */
static void entry_line(const rw_digest *d, rw_text_style style, const rw_digest_entry *e,
                       size_t k, rw_strbuf *b)
{
    rw_lang l = d->lang;
    char num[24], days[24], horizon[24], money[64];
    snprintf(num, sizeof num, "%zu", k);
    rw_strbuf_puts(b, num);
    rw_strbuf_puts(b, ". ");
    rw_data_text_add(b, style, e->account);
    if (e->name && e->name[0]) {
        const char *a[] = {e->name};
        rw_text_add_fmt(b, style, rw_tr(l, " (%s)"), a, 1);
    }
    rw_strbuf_puts(b, rw_tr(l, ": "));
    if (e->cls == RW_DIGEST_ARREARS) {
        rw_lang_money(l, e->owed, e->currency, 2, 0, money, sizeof money);
        const char *a[] = {money};
        rw_text_add_fmt(b, style, rw_tr(l, "in arrears, owes %s"), a, 1);
        return;
    }
    snprintf(days, sizeof days, "%ld", e->days);
    snprintf(horizon, sizeof horizon, "%d", e->horizon);
    if (e->days >= 0 && e->runout) {
        const char *a[] = {class_names[e->cls], days, e->runout};
        rw_text_add_fmt(b, style, rw_tr(l, "%s, runs out in %s day(s) (P50 %s)"), a, 3);
    } else {
        const char *a[] = {class_names[e->cls], horizon};
        rw_text_add_fmt(b, style, rw_tr(l, "%s, lasts beyond %s days (P50)"), a, 2);
    }
}

rw_status rw_digest_text(const rw_digest *d, rw_text_style style, size_t limit, char **out,
                         rw_error *err)
{
    rw_style_marks mk = rw_style_marks_of(style);
    rw_lang l = d->lang;
    size_t n[RW_DIGEST_NCLASS], want = 0, named = 0;
    char line[400], at[32];
    rw_strbuf b = {0}, tail = {0}, e = {0};
    rw_digest_counts(d, n);
    for (size_t i = 0; i < d->n; i++) want += attention(&d->e[i]);

    rw_strbuf_puts(&b, mk.head_open);
    snprintf(line, sizeof line,
             rw_tr(l, "runway digest: %zu account(s), %zu in arrears, %zu below red, %zu below"
                      " yellow, %zu below blue, %zu ok"),
             d->n, n[RW_DIGEST_ARREARS], n[RW_DIGEST_RED], n[RW_DIGEST_YELLOW],
             n[RW_DIGEST_BLUE], n[RW_DIGEST_OK]);
    rw_strbuf_puts(&b, line);
    if (n[RW_DIGEST_FAILED]) {
        snprintf(line, sizeof line, rw_tr(l, ", %zu not evaluated"), n[RW_DIGEST_FAILED]);
        rw_strbuf_puts(&b, line);
    }
    rw_strbuf_puts(&b, mk.head_close);
    rw_text_label(&b, &mk, l, "Changed");
    snprintf(line, sizeof line, rw_tr(l, "%zu account(s) changed state in this run"),
             d->changed);
    rw_strbuf_puts(&b, line);
    if (d->no_route) {
        rw_text_label(&b, &mk, l, "Without a route");
        snprintf(line, sizeof line,
                 rw_tr(l, "%zu account(s): their alerts are only in this digest"), d->no_route);
        rw_strbuf_puts(&b, line);
    }
    if (!want) {
        rw_text_label(&b, &mk, l, "Most urgent");
        rw_strbuf_puts(&b, rw_tr(l, "none: every account is above its thresholds"));
    } else {
        rw_strbuf_puts(&b, mk.eol);
        rw_strbuf_puts(&b, mk.bold_open);
        rw_strbuf_puts(&b, rw_tr(l, "Most urgent"));
        rw_strbuf_puts(&b, mk.bold_close);
        rw_strbuf_puts(&b, rw_tr(l, ":"));
    }

    rw_time_format_iso(d->at, at, sizeof at);
    rw_strbuf_puts(&tail, mk.eol);
    snprintf(line, sizeof line, rw_tr(l, "(digest evaluated at %s)"), at);
    rw_strbuf_puts(&tail, line);

    /* Accounts while they fit with the "and N more" line and the tail. */
    for (size_t i = 0; i < d->n && named < d->top && named < want; i++) {
        if (!attention(&d->e[i])) continue;
        e.len = 0;
        rw_strbuf_puts(&e, mk.eol);
        entry_line(d, style, &d->e[i], named + 1, &e);
        size_t rest = want - named - 1, more_len = 0;
        if (rest)
            more_len = strlen(mk.eol) +
                       (size_t)snprintf(line, sizeof line, rw_tr(l, "and %zu more"), rest);
        if (e.failed || b.len + e.len + more_len + tail.len > limit) break;
        rw_strbuf_add(&b, e.p, e.len);
        named++;
    }
    if (want > named) {
        rw_strbuf_puts(&b, mk.eol);
        snprintf(line, sizeof line, rw_tr(l, "and %zu more"), want - named);
        rw_strbuf_puts(&b, line);
    }
    if (tail.p) rw_strbuf_add(&b, tail.p, tail.len);
    free(tail.p);
    free(e.p);
    if (tail.failed || e.failed) b.failed = 1;
    return rw_strbuf_finish(&b, out, "building the digest", err);
}

/* The json kind's object (docs/notify.md "The digest"). */
static json_t *digest_object(const rw_digest *d, const char *message)
{
    size_t n[RW_DIGEST_NCLASS], named = 0;
    char at[32];
    rw_digest_counts(d, n);
    rw_time_format_iso(d->at, at, sizeof at);
    json_t *o = json_object(), *counts = json_object(), *urgent = json_array();
    int bad = !o || !counts || !urgent;
    for (int c = 0; !bad && c < RW_DIGEST_NCLASS; c++)
        bad |= json_object_set_new(counts, class_names[c], json_integer((json_int_t)n[c]));
    size_t want = 0;
    for (size_t i = 0; i < d->n; i++) {
        const rw_digest_entry *e = &d->e[i];
        if (!attention(e)) continue;
        want++;
        if (named == d->top || bad) continue;
        named++;
        int arrears = e->cls == RW_DIGEST_ARREARS;
        json_t *x = json_pack("{s:o, s:o, s:s, s:o, s:o, s:o, s:o}", "account",
                              rw_json_exact(e->account), "name",
                              rw_json_exact(e->name ? e->name : ""), "state",
                              class_names[e->cls], "days_left",
                              !arrears && e->days >= 0 ? json_integer(e->days) : json_null(),
                              "runout",
                              !arrears && e->runout ? json_string(e->runout) : json_null(),
                              "owed", arrears ? json_real(e->owed) : json_null(), "currency",
                              e->currency && e->currency[0] ? rw_json_exact(e->currency)
                                                            : json_null());
        bad |= !x || json_array_append_new(urgent, x);
    }
    if (!bad) {
        bad |= json_object_set_new(o, "event", json_string("digest"));
        bad |= json_object_set_new(o, "accounts", json_integer((json_int_t)d->n));
        bad |= json_object_set_new(o, "counts", counts);
        counts = NULL;
        bad |= json_object_set_new(o, "changed", json_integer((json_int_t)d->changed));
        bad |= json_object_set_new(o, "no_route", json_integer((json_int_t)d->no_route));
        bad |= json_object_set_new(o, "most_urgent", urgent);
        urgent = NULL;
        bad |= json_object_set_new(o, "more", json_integer((json_int_t)(want - named)));
        bad |= json_object_set_new(o, "message", rw_json_exact(message));
        bad |= json_object_set_new(o, "at", json_string(at));
    }
    json_decref(counts);
    json_decref(urgent);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

rw_status rw_digest_payload(rw_webhook_kind kind, const rw_digest *d, char **out, rw_error *err)
{
    static const rw_text_style style[] = {RW_TEXT_WECOM, RW_TEXT_DINGTALK, RW_TEXT_SLACK,
                                          RW_TEXT_PLAIN};
    char *text = NULL;
    json_t *o = NULL;
    *out = NULL;
    rw_status st = rw_digest_text(d, style[kind], rw_digest_limit(kind), &text, err);
    if (st != RW_OK) return st;
    switch (kind) {
    case RW_WEBHOOK_WECOM:
        o = json_pack("{s:s, s:{s:s}}", "msgtype", "markdown", "markdown", "content", text);
        break;
    case RW_WEBHOOK_DINGTALK:
        o = json_pack("{s:s, s:{s:s, s:s}}", "msgtype", "markdown", "markdown", "title",
                      rw_tr(d->lang, "runway digest"), "text", text);
        break;
    case RW_WEBHOOK_SLACK: o = json_pack("{s:s}", "text", text); break;
    case RW_WEBHOOK_JSON:
    default: o = digest_object(d, text); break;
    }
    if (!o || !(*out = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(15))))
        st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory building a %s digest",
                          rw_webhook_kind_name(kind));
    json_decref(o);
    free(text);
    return st;
}
