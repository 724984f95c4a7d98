/* webhook.h: alert messages posted to chat webhooks: WeCom (企业微信) group
 * robots, DingTalk robots, Slack incoming webhooks (and Slack-compatible
 * ones), and a generic JSON receiver.
 *
 * The payload builders are pure functions of an rw_alert_msg (no clock, no
 * network), so they are unit-tested byte for byte; rw_webhook_send posts a
 * payload through rw_http_post (http.h).
 *
 * Secrets: a webhook URL carries its token in the query (WeCom key=,
 * DingTalk access_token=) or in the path (Slack /services/T/B/X). Only
 * rw_webhook.target ("KIND HOST[:PORT]") may be printed or logged; errors
 * from this module never contain the URL's path, query or signing secret. */
#ifndef RW_WEBHOOK_H
#define RW_WEBHOOK_H

#include <stddef.h>
#include <stdint.h>
#include "net/http.h"
#include "util/error.h"

typedef enum rw_webhook_kind {
    RW_WEBHOOK_WECOM,    /* {"msgtype":"markdown","markdown":{"content":...}} */
    RW_WEBHOOK_DINGTALK, /* {"msgtype":"markdown","markdown":{"title":...,"text":...}} */
    RW_WEBHOOK_SLACK,    /* {"text":...} (mrkdwn) */
    RW_WEBHOOK_JSON,     /* the alert as a documented object (docs/notify.md) */
} rw_webhook_kind;

/* Name of a kind ("wecom", "dingtalk", "slack", "json"). */
const char *rw_webhook_kind_name(rw_webhook_kind k);

typedef struct rw_webhook {
    rw_webhook_kind kind;
    char *url;         /* owned: where to post (without the #secret= fragment) */
    char *secret;      /* owned: DingTalk signing secret, NULL when none */
    char target[160];  /* "KIND HOST[:PORT]": safe to print and to log */
    char id[180];      /* target plus 12 hex digits of SHA-256(url, secret): tells
                        * two webhooks on one host apart without revealing a token */
} rw_webhook;

/* Parses "KIND=URL" (DingTalk also "dingtalk=URL#secret=SEC", which signs
 * each request with timestamp and HMAC-SHA256). The URL must be https://,
 * or http:// to a loopback host (rw_http_url_allowed). On RW_EINVAL err
 * says what is wrong without quoting the URL. *out is the caller's
 * (rw_webhook_cleanup), zeroed on failure. */
rw_status rw_webhook_parse(const char *spec, rw_webhook *out, rw_error *err);
/* Releases what rw_webhook_parse allocated (overwriting the secret); NULL
 * and zeroed structs are allowed. */
void rw_webhook_cleanup(rw_webhook *w);

/* "HOST[:PORT]" of url (user info dropped) into out; "?" when there is
 * none. Never includes the path or query. */
void rw_webhook_host(const char *url, char *out, size_t size);

/* One alert about one rule, as the payloads present it. Strings are
 * borrowed; NULL is allowed where noted. */
typedef struct rw_alert_msg {
    const char *rule;           /* "threshold" | "runout" | "budget" */
    const char *rule_id;        /* the alert_state key, e.g. "threshold:team-a" */
    const char *account;        /* "" for the default account */
    const char *event;          /* "change" | "resolved" | "repeat" */
    const char *state;          /* the rule's state now */
    const char *previous_state; /* the state before it */
    const char *level;          /* "critical" | "warning" | "info" | "ok" */
    const char *title;          /* one line: what happened */
    double balance;             /* at the end of as_of, currency units */
    const char *currency;       /* ISO 4217, "" when unknown */
    const char *as_of;          /* YYYY-MM-DD: the day the balance is at */
    const char *runout[3];      /* P10, P50, P90 run-out days (YYYY-MM-DD); NULL:
                                 * the balance outlasts the horizon */
    int horizon_days;           /* days simulated */
    const char *data_deleted_from; /* ISO time at the P50 run-out, NULL when none */
    const char *policy;         /* arrears policy name */
    const char *detail;         /* rule-specific facts (one line), NULL: none */
    const char *action;         /* what to do (one line) */
    int64_t since;              /* when the rule entered `state`, epoch seconds */
    int64_t at;                 /* when evaluated, epoch seconds */
} rw_alert_msg;

typedef enum rw_text_style {
    RW_TEXT_PLAIN,    /* plain lines, for logs and the JSON "message" */
    RW_TEXT_WECOM,    /* WeCom markdown: **bold**, one line per fact */
    RW_TEXT_DINGTALK, /* DingTalk markdown: facts as paragraphs ("\n\n") */
    RW_TEXT_SLACK,    /* Slack mrkdwn: *bold* */
} rw_text_style;

/* The message text in `style`. *out is owned by the caller (free()).
 * RW_ENOMEM only. */
rw_status rw_alert_text(const rw_alert_msg *m, rw_text_style style, char **out, rw_error *err);

/* The request body for a webhook of `kind` (compact JSON, UTF-8). *out is
 * owned by the caller (free()). RW_ENOMEM only. */
rw_status rw_webhook_payload(rw_webhook_kind kind, const rw_alert_msg *m, char **out,
                             rw_error *err);

/* The URL to post to: w->url, for a signed DingTalk webhook with
 * "&timestamp=MS&sign=SIGN" appended, where SIGN is the URL-encoded base64
 * HMAC-SHA256 of "MS\nSECRET" keyed with SECRET (DingTalk's scheme).
 * *out is owned by the caller (free()). */
rw_status rw_webhook_url(const rw_webhook *w, int64_t timestamp_ms, char **out, rw_error *err);

/* Judges a response: RW_OK for a 2xx status whose body, for WeCom and
 * DingTalk (which answer 200 with {"errcode":N,...} on errors), carries no
 * errcode other than 0; else RW_EREJECTED with err saying "HTTP STATUS" or
 * "errcode N: MESSAGE". */
rw_status rw_webhook_check_response(rw_webhook_kind kind, long status, const char *body,
                                    size_t len, rw_error *err);

/* Copies text into out with every occurrence of the path, query, fragment
 * and signing secret of w's URL replaced by "***" (for messages that come
 * from lower layers). Truncates to size. */
void rw_webhook_redact(const rw_webhook *w, const char *text, char *out, size_t size);

/* Posts `body` (JSON) to w. timestamp_ms signs DingTalk requests. On
 * failure err names w->target and the cause (network error, HTTP status,
 * errcode) and never the URL's secret parts; *http_status is the last
 * status seen (0: none) and *attempts the attempts made. Returns RW_OK,
 * RW_ENET, RW_EREJECTED or RW_ENOMEM. */
rw_status rw_webhook_send(const rw_webhook *w, const char *body, int64_t timestamp_ms,
                          const rw_http_opts *o, long *http_status, int *attempts,
                          rw_error *err);

#endif
