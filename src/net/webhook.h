/* webhook.h: chat webhooks that alerts are posted to: WeCom (企业微信)
 * group robots, DingTalk robots, Slack incoming webhooks (and
 * Slack-compatible ones), and a generic JSON receiver: their targets,
 * DingTalk's signing, and delivery through rw_http_post (http.h). The
 * payloads are built by src/alert/message.h.
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
