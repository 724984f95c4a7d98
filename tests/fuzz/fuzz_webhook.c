/* fuzz_webhook.c: libFuzzer target for the webhook messages
 * (rw_webhook_payload, rw_data_text_add): the input is split at '\x01'
 * into the data strings of an alert (account, title, currency, policy,
 * detail, action, state, balance_at, rule_id) and every kind's payload is
 * built. Invariants: each payload parses as JSON; each chat text holds no
 * unsafe character but the template's line breaks, and exactly the
 * template's number of them; Slack text has no '<' at all; no text has
 * "://", '@' or an ASCII '[' or ']' outside runway's "[:]"/"[.]"; the json
 * kind's account is the data itself when it is valid UTF-8. Seeds:
 * tests/fuzz/seeds/webhook. */
#include <jansson.h>
#include "fuzz_common.h"
#include "alert/data_text.h"
#include "alert/message.h"
#include "util/safe_text.h"

#define NFIELDS 9

static void check_text(const char *t, rw_webhook_kind kind, const rw_alert_msg *m)
{
    size_t n = strlen(t), breaks = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '\n') {
            breaks++;
            continue;
        }
        if (rw_text_unsafe_at(t + i, n - i, NULL)) __builtin_trap();
        unsigned char c = (unsigned char)t[i];
        if (c >= 0x80) { /* well-formed (checked above): skip its continuation bytes */
            i += c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
            continue;
        }
        if (kind == RW_WEBHOOK_SLACK && (t[i] == '<' || t[i] == '>')) __builtin_trap();
        if (t[i] == '@') __builtin_trap();
        if (t[i] == ':' && t[i + 1] == '/' && t[i + 2] == '/') __builtin_trap();
        if (t[i] == '[') {
            if (!(t[i + 1] == ':' || t[i + 1] == '.') || t[i + 2] != ']') __builtin_trap();
            i += 2;
        } else if (t[i] == ']') {
            __builtin_trap();
        }
    }
    /* The template's breaks: 8 (DingTalk 16), one less without an account,
     * a detail or a deletion date each. */
    size_t want = 8 - (m->account[0] ? 0 : 1) - (m->detail[0] ? 0 : 1) -
                  (m->data_deleted_from ? 0 : 1);
    if (breaks != (kind == RW_WEBHOOK_DINGTALK ? 2 * want : want)) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (!buf) return 0;
    if (size) memcpy(buf, data, size);
    buf[size] = '\0';
    const char *f[NFIELDS];
    char *p = buf;
    for (size_t i = 0; i < NFIELDS; i++) {
        f[i] = p;
        char *sep = p ? strchr(p, '\x01') : NULL;
        if (sep) *sep = '\0';
        p = sep ? sep + 1 : p + strlen(p);
    }
    rw_alert_msg m;
    memset(&m, 0, sizeof m);
    m.rule = "threshold";
    m.account = f[0];
    m.title = f[1];
    m.currency = f[2];
    m.policy = f[3];
    m.detail = f[4];
    m.action = f[5];
    m.state = f[6];
    m.previous_state = "ok";
    m.balance_at = f[7];
    m.rule_id = f[8];
    m.event = size % 3 == 0 ? "change" : size % 3 == 1 ? "repeat" : "resolved";
    m.level = "warning";
    m.balance = (double)size - 50;
    m.as_of = "2024-07-30";
    m.runout[0] = size % 2 ? f[7] : NULL;
    m.runout[1] = size % 4 < 2 ? f[2] : NULL;
    m.runout[2] = f[6];
    m.horizon_days = (int)(size % 100);
    m.data_deleted_from = size % 5 ? f[3] : NULL;
    m.lang = size % 7 ? RW_LANG_EN : RW_LANG_ZH;
    static const rw_webhook_kind kinds[] = {RW_WEBHOOK_WECOM, RW_WEBHOOK_DINGTALK,
                                            RW_WEBHOOK_SLACK, RW_WEBHOOK_JSON};
    for (size_t k = 0; k < 4; k++) {
        char *out = NULL;
        rw_error err;
        rw_error_clear(&err);
        if (rw_webhook_payload(kinds[k], &m, &out, &err) != RW_OK) __builtin_trap();
        json_t *o = json_loads(out, 0, NULL);
        if (!o) __builtin_trap();
        json_t *md = json_object_get(o, "markdown");
        const char *t = kinds[k] == RW_WEBHOOK_SLACK  ? json_string_value(json_object_get(o, "text"))
                        : kinds[k] == RW_WEBHOOK_JSON ? json_string_value(json_object_get(o, "message"))
                        : json_string_value(json_object_get(md, kinds[k] == RW_WEBHOOK_WECOM
                                                                    ? "content"
                                                                    : "text"));
        if (!t) __builtin_trap();
        check_text(t, kinds[k], &m);
        if (kinds[k] == RW_WEBHOOK_JSON) {
            const char *acct = json_string_value(json_object_get(o, "account"));
            if (!acct) __builtin_trap();
            json_t *raw = json_string(f[0]);
            int valid = raw != NULL;
            json_decref(raw);
            if (!valid) { /* not UTF-8: repaired, never dropped */
                if (!strstr(acct, "\xEF\xBF\xBD")) __builtin_trap();
            } else if (strcmp(acct, f[0])) {
                __builtin_trap();
            }
        }
        if (kinds[k] == RW_WEBHOOK_DINGTALK) {
            const char *title = json_string_value(json_object_get(md, "title"));
            if (!title || strchr(title, '\n') || strchr(title, '@')) __builtin_trap();
        }
        json_decref(o);
        free(out);
    }
    free(buf);
    return 0;
}
