/* message.c: alert texts in each webhook's markup, and the payloads
 * (message.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "alert/message.h"
#include "alert/data_text.h"
#include "util/strbuf.h"
#include "util/timeutil.h"

/* ---- texts ----------------------------------------------------------------- */

rw_style_marks rw_style_marks_of(rw_text_style s)
{
    switch (s) {
    case RW_TEXT_WECOM: return (rw_style_marks){"### ", "", "**", "**", "\n"};
    case RW_TEXT_DINGTALK: return (rw_style_marks){"### ", "", "**", "**", "\n\n"};
    case RW_TEXT_SLACK: return (rw_style_marks){"*", "*", "*", "*", "\n"};
    case RW_TEXT_PLAIN:
    default: return (rw_style_marks){"", "", "", "", "\n"};
    }
}

void rw_text_add_fmt(rw_strbuf *b, rw_text_style style, const char *fmt, const char *const *args,
                    size_t nargs)
{
    size_t k = 0;
    for (const char *p = fmt; *p;) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            rw_strbuf_puts(b, p);
            break;
        }
        rw_strbuf_add(b, p, (size_t)(pct - p));
        p = pct + 1;
        if (*p == '%') {
            rw_strbuf_add(b, "%", 1);
            p++;
            continue;
        }
        size_t at = k++;
        const char *q = p;
        size_t pos = 0;
        while (*q >= '0' && *q <= '9') pos = pos * 10 + (size_t)(*q++ - '0');
        if (*q == '$' && pos >= 1) at = pos - 1, p = q + 1;
        while (*p && *p != 's' && *p != 'd') p++; /* the conversion, as the templates have it */
        if (*p) p++;
        rw_data_text_add(b, style, at < nargs && args[at] ? args[at] : "?");
    }
}
void rw_text_label(rw_strbuf *b, const rw_style_marks *mk, rw_lang lang, const char *name)
{
    rw_strbuf_puts(b, mk->eol);
    rw_strbuf_puts(b, mk->bold_open);
    rw_strbuf_puts(b, rw_tr(lang, name));
    rw_strbuf_puts(b, mk->bold_close);
    rw_strbuf_puts(b, rw_tr(lang, ": "));
}

#define NARGS(a) (sizeof(a) / sizeof((a)[0]))

rw_status rw_alert_text(const rw_alert_msg *m, rw_text_style style, char **out, rw_error *err)
{
    rw_style_marks mk = rw_style_marks_of(style);
    rw_strbuf b = {0};
    rw_lang l = m->lang;
    const char *head = !strcmp(m->event, "resolved") ? "runway resolved: "
                       : !strcmp(m->event, "repeat") ? "runway reminder: "
                                                     : "runway alert: ";
    char since[32], at[32], bal[64], horizon[24];
    rw_time_format_iso(m->since, since, sizeof since);
    rw_time_format_iso(m->at, at, sizeof at);
    snprintf(horizon, sizeof horizon, "%d", m->horizon_days);

    rw_strbuf_puts(&b, mk.head_open);
    rw_strbuf_puts(&b, rw_tr(l, head));
    rw_data_text_add(&b, style, m->title);
    rw_strbuf_puts(&b, mk.head_close);

    rw_text_label(&b, &mk, l, "Level");
    if (!strcmp(m->event, "repeat")) {
        const char *a[] = {rw_tr(l, m->level), m->state, since};
        rw_text_add_fmt(&b, style, rw_tr(l, "%s (%s since %s)"), a, NARGS(a));
    } else {
        const char *a[] = {rw_tr(l, m->level), m->state, m->previous_state};
        rw_text_add_fmt(&b, style, rw_tr(l, "%s (%s, was %s)"), a, NARGS(a));
    }
    if (m->account && m->account[0]) {
        rw_text_label(&b, &mk, l, "Account");
        rw_data_text_add(&b, style, m->account);
    }
    rw_text_label(&b, &mk, l, "Balance");
    rw_lang_money(l, m->balance, m->currency, 2, 0, bal, sizeof bal);
    const char *ab[] = {bal};
    rw_text_add_fmt(&b, style, rw_tr(l, "%s at "), ab, NARGS(ab));
    rw_data_text_add(&b, style, m->balance_at ? m->balance_at : "?");
    rw_text_label(&b, &mk, l, "Run-out");
    if (m->runout[1]) {
        const char *a[] = {m->runout[1], m->runout[0]};
        rw_text_add_fmt(&b, style, rw_tr(l, "%s (P50), range %s .. "), a, NARGS(a));
    } else if (m->runout[0]) {
        const char *a[] = {horizon, m->runout[0], m->runout[0]};
        rw_text_add_fmt(&b, style, rw_tr(l, "not within %d days at P50 (P10 %s), range %s .. "), a,
                NARGS(a));
    } else {
        const char *a[] = {horizon};
        rw_text_add_fmt(&b, style, rw_tr(l, "not within %d days"), a, NARGS(a));
    }
    if (m->runout[0]) {
        const char *a[] = {m->runout[2] ? m->runout[2] : horizon};
        rw_text_add_fmt(&b, style,
                m->runout[2] ? rw_tr(l, "%s (P10..P90)") : rw_tr(l, "beyond %d days (P10..P90)"),
                a, NARGS(a));
    }
    if (m->data_deleted_from) {
        rw_text_label(&b, &mk, l, "Data deleted from");
        const char *a[] = {m->data_deleted_from, m->policy};
        rw_text_add_fmt(&b, style, rw_tr(l, "%s (P50, policy %s)"), a, NARGS(a));
    }
    if (m->detail && m->detail[0]) {
        rw_text_label(&b, &mk, l, "Details");
        rw_data_text_add(&b, style, m->detail);
    }
    rw_text_label(&b, &mk, l, "Action");
    rw_data_text_add(&b, style, m->action);
    rw_strbuf_puts(&b, mk.eol);
    const char *ar[] = {m->rule_id, at};
    rw_text_add_fmt(&b, style, rw_tr(l, "(rule %s, evaluated at %s)"), ar, NARGS(ar));
    return rw_strbuf_finish(&b, out, "building a message", err);
}

/* ---- payloads ---------------------------------------------------------------- */

/* A JSON string of the data s exactly as it is (jansson escapes it), but
 * for malformed UTF-8 bytes, which JSON cannot carry: they become U+FFFD. */
json_t *rw_json_exact(const char *s)
{
    json_t *j = json_string(s);
    char *fixed = NULL;
    rw_error err;
    rw_error_clear(&err);
    if (j || !s || rw_data_text_utf8(s, &fixed, &err) != RW_OK) return j;
    j = json_string(fixed);
    free(fixed);
    return j;
}

static json_t *str_or_null(const char *s)
{
    return s ? rw_json_exact(s) : json_null();
}

/* The documented object of the json kind (docs/notify.md). */
static json_t *alert_object(const rw_alert_msg *m, const char *message)
{
    char since[32], at[32];
    rw_time_format_iso(m->since, since, sizeof since);
    rw_time_format_iso(m->at, at, sizeof at);
    json_t *o = json_object();
    if (!o) return NULL;
    int bad = 0;
    bad |= json_object_set_new(o, "rule", rw_json_exact(m->rule));
    bad |= json_object_set_new(o, "rule_id", rw_json_exact(m->rule_id));
    bad |= json_object_set_new(o, "account", rw_json_exact(m->account ? m->account : ""));
    bad |= json_object_set_new(o, "event", rw_json_exact(m->event));
    bad |= json_object_set_new(o, "state", rw_json_exact(m->state));
    bad |= json_object_set_new(o, "previous_state", rw_json_exact(m->previous_state));
    bad |= json_object_set_new(o, "level", rw_json_exact(m->level));
    bad |= json_object_set_new(o, "title", rw_json_exact(m->title));
    bad |= json_object_set_new(o, "balance", json_real(round(m->balance * 100) / 100));
    bad |= json_object_set_new(o, "currency",
                               m->currency && m->currency[0] ? rw_json_exact(m->currency)
                                                             : json_null());
    bad |= json_object_set_new(o, "as_of", rw_json_exact(m->as_of));
    bad |= json_object_set_new(o, "balance_at", str_or_null(m->balance_at));
    bad |= json_object_set_new(o, "runout",
                               json_pack("{s:o, s:o, s:o}", "p10", str_or_null(m->runout[0]),
                                         "p50", str_or_null(m->runout[1]), "p90",
                                         str_or_null(m->runout[2])));
    bad |= json_object_set_new(o, "horizon_days", json_integer(m->horizon_days));
    bad |= json_object_set_new(o, "data_deleted_from", str_or_null(m->data_deleted_from));
    bad |= json_object_set_new(o, "policy", str_or_null(m->policy));
    bad |= json_object_set_new(o, "detail", str_or_null(m->detail));
    bad |= json_object_set_new(o, "action", rw_json_exact(m->action));
    bad |= json_object_set_new(o, "message", rw_json_exact(message));
    bad |= json_object_set_new(o, "since", json_string(since));
    bad |= json_object_set_new(o, "at", json_string(at));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

rw_status rw_webhook_payload(rw_webhook_kind kind, const rw_alert_msg *m, char **out,
                             rw_error *err)
{
    static const rw_text_style style[] = {RW_TEXT_WECOM, RW_TEXT_DINGTALK, RW_TEXT_SLACK,
                                          RW_TEXT_PLAIN};
    char *text = NULL, *title = NULL;
    json_t *o = NULL;
    *out = NULL;
    rw_status st = rw_alert_text(m, style[kind], &text, err);
    if (st != RW_OK) return st;
    switch (kind) {
    case RW_WEBHOOK_WECOM:
        o = json_pack("{s:s, s:{s:s}}", "msgtype", "markdown", "markdown", "content", text);
        break;
    case RW_WEBHOOK_DINGTALK: {
        rw_strbuf t = {0};
        rw_strbuf_puts(&t, rw_tr(m->lang, "runway: "));
        rw_data_text_add(&t, RW_TEXT_PLAIN, m->title); /* shown unrendered */
        if ((st = rw_strbuf_finish(&t, &title, "building a message", err)) != RW_OK) goto out;
        o = json_pack("{s:s, s:{s:s, s:s}}", "msgtype", "markdown", "markdown", "title", title,
                      "text", text);
        break;
    }
    case RW_WEBHOOK_SLACK: o = json_pack("{s:s}", "text", text); break;
    case RW_WEBHOOK_JSON:
    default: o = alert_object(m, text); break;
    }
    if (!o || !(*out = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(15))))
        st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory building a %s payload",
                          rw_webhook_kind_name(kind));
out:
    json_decref(o);
    free(title);
    free(text);
    return st;
}
