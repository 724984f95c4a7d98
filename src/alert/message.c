/* message.c: alert texts in each webhook's markup, and the payloads
 * (message.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "alert/message.h"
#include "util/strbuf.h"
#include "util/timeutil.h"

/* ---- texts ----------------------------------------------------------------- */

typedef struct style_marks {
    const char *head_open, *head_close; /* around the first line */
    const char *bold_open, *bold_close; /* around labels */
    const char *eol;                    /* between lines */
} style_marks;

static style_marks marks(rw_text_style s)
{
    switch (s) {
    case RW_TEXT_WECOM: return (style_marks){"### ", "", "**", "**", "\n"};
    case RW_TEXT_DINGTALK: return (style_marks){"### ", "", "**", "**", "\n\n"};
    case RW_TEXT_SLACK: return (style_marks){"*", "*", "*", "*", "\n"};
    case RW_TEXT_PLAIN:
    default: return (style_marks){"", "", "", "", "\n"};
    }
}

/* Appends s with the characters that would start markup escaped where the
 * style has markup (values come from data: account names, titles). */
static void add_text(rw_strbuf *b, rw_text_style style, const char *s)
{
    for (; *s; s++) {
        char c = *s;
        if (c == '\n' || c == '\r') c = ' ';
        if (style == RW_TEXT_SLACK && (c == '<' || c == '>' || c == '&')) {
            rw_strbuf_puts(b, c == '<' ? "&lt;" : c == '>' ? "&gt;" : "&amp;");
            continue;
        }
        if ((style == RW_TEXT_WECOM || style == RW_TEXT_DINGTALK) && (c == '*' || c == '`'))
            rw_strbuf_add(b, "\\", 1);
        rw_strbuf_add(b, &c, 1);
    }
}

static void label(rw_strbuf *b, const style_marks *mk, rw_lang lang, const char *name)
{
    rw_strbuf_puts(b, mk->eol);
    rw_strbuf_puts(b, mk->bold_open);
    rw_strbuf_puts(b, rw_tr(lang, name));
    rw_strbuf_puts(b, mk->bold_close);
    rw_strbuf_puts(b, rw_tr(lang, ": "));
}

rw_status rw_alert_text(const rw_alert_msg *m, rw_text_style style, char **out, rw_error *err)
{
    style_marks mk = marks(style);
    rw_strbuf b = {0};
    rw_lang l = m->lang;
    const char *head = !strcmp(m->event, "resolved") ? "runway resolved: "
                       : !strcmp(m->event, "repeat") ? "runway reminder: "
                                                     : "runway alert: ";
    char since[32], at[32], bal[64];
    rw_time_format_iso(m->since, since, sizeof since);
    rw_time_format_iso(m->at, at, sizeof at);

    rw_strbuf_puts(&b, mk.head_open);
    rw_strbuf_puts(&b, rw_tr(l, head));
    add_text(&b, style, m->title);
    rw_strbuf_puts(&b, mk.head_close);

    label(&b, &mk, l, "Level");
    if (!strcmp(m->event, "repeat"))
        rw_strbuf_printf(&b, rw_tr(l, "%s (%s since %s)"), rw_tr(l, m->level), m->state, since);
    else
        rw_strbuf_printf(&b, rw_tr(l, "%s (%s, was %s)"), rw_tr(l, m->level), m->state,
                         m->previous_state);
    if (m->account && m->account[0]) {
        label(&b, &mk, l, "Account");
        add_text(&b, style, m->account);
    }
    label(&b, &mk, l, "Balance");
    rw_lang_money(l, m->balance, m->currency, 2, 0, bal, sizeof bal);
    rw_strbuf_printf(&b, rw_tr(l, "%s at "), bal);
    add_text(&b, style, m->balance_at ? m->balance_at : "?");
    label(&b, &mk, l, "Run-out");
    if (m->runout[1])
        rw_strbuf_printf(&b, rw_tr(l, "%s (P50), range %s .. "), m->runout[1],
                         m->runout[0] ? m->runout[0] : "?");
    else if (m->runout[0])
        rw_strbuf_printf(&b, rw_tr(l, "not within %d days at P50 (P10 %s), range %s .. "),
                         m->horizon_days, m->runout[0], m->runout[0]);
    else
        rw_strbuf_printf(&b, rw_tr(l, "not within %d days"), m->horizon_days);
    if (m->runout[0]) {
        if (m->runout[2])
            rw_strbuf_printf(&b, rw_tr(l, "%s (P10..P90)"), m->runout[2]);
        else
            rw_strbuf_printf(&b, rw_tr(l, "beyond %d days (P10..P90)"), m->horizon_days);
    }
    if (m->data_deleted_from) {
        label(&b, &mk, l, "Data deleted from");
        rw_strbuf_printf(&b, rw_tr(l, "%s (P50, policy %s)"), m->data_deleted_from,
                         m->policy ? m->policy : "?");
    }
    if (m->detail && m->detail[0]) {
        label(&b, &mk, l, "Details");
        add_text(&b, style, m->detail);
    }
    label(&b, &mk, l, "Action");
    add_text(&b, style, m->action);
    rw_strbuf_puts(&b, mk.eol);
    rw_strbuf_printf(&b, rw_tr(l, "(rule %s, evaluated at %s)"), m->rule_id, at);
    return rw_strbuf_finish(&b, out, "building a message", err);
}

/* ---- payloads ---------------------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
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
    bad |= json_object_set_new(o, "rule", json_string(m->rule));
    bad |= json_object_set_new(o, "rule_id", json_string(m->rule_id));
    bad |= json_object_set_new(o, "account", json_string(m->account ? m->account : ""));
    bad |= json_object_set_new(o, "event", json_string(m->event));
    bad |= json_object_set_new(o, "state", json_string(m->state));
    bad |= json_object_set_new(o, "previous_state", json_string(m->previous_state));
    bad |= json_object_set_new(o, "level", json_string(m->level));
    bad |= json_object_set_new(o, "title", json_string(m->title));
    bad |= json_object_set_new(o, "balance", json_real(round(m->balance * 100) / 100));
    bad |= json_object_set_new(o, "currency",
                               m->currency && m->currency[0] ? json_string(m->currency)
                                                             : json_null());
    bad |= json_object_set_new(o, "as_of", json_string(m->as_of));
    bad |= json_object_set_new(o, "balance_at", str_or_null(m->balance_at));
    bad |= json_object_set_new(o, "runout",
                               json_pack("{s:o, s:o, s:o}", "p10", str_or_null(m->runout[0]),
                                         "p50", str_or_null(m->runout[1]), "p90",
                                         str_or_null(m->runout[2])));
    bad |= json_object_set_new(o, "horizon_days", json_integer(m->horizon_days));
    bad |= json_object_set_new(o, "data_deleted_from", str_or_null(m->data_deleted_from));
    bad |= json_object_set_new(o, "policy", str_or_null(m->policy));
    bad |= json_object_set_new(o, "detail", str_or_null(m->detail));
    bad |= json_object_set_new(o, "action", json_string(m->action));
    bad |= json_object_set_new(o, "message", json_string(message));
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
        rw_strbuf_puts(&t, m->title);
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
