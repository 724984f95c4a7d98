/* pace.h: the rate limits of webhook receivers. WeCom (企业微信) group
 * robots and DingTalk robots accept 20 messages a minute each; a run over
 * many accounts can owe more than that to one robot (a department's route,
 * the organisation's digest). A pacer counts the messages sent to each
 * target (a webhook URL, named by its id: webhook.h rw_webhook.id, which
 * never holds the URL) in a sliding window and says when a send must wait.
 *
 * Invariant: for every target, at most `limit` sends are granted in any
 * `window_ms` milliseconds of the pacer's clock. The clock is injected
 * (NULL: CLOCK_MONOTONIC), so the pacing is unit-tested without sleeping.
 * A pacer is shared by the threads of one run: calls are serialised by its
 * own mutex. */
#ifndef RW_ALERT_PACE_H
#define RW_ALERT_PACE_H

#include <stddef.h>
#include <stdint.h>
#include "net/webhook.h"

/* Milliseconds on some monotonic clock; ctx is the clock's own. */
typedef int64_t (*rw_clock_ms_fn)(void *ctx);

typedef struct rw_pace_limit {
    int limit;         /* sends per window; 0: no limit */
    int64_t window_ms; /* the window's length */
} rw_pace_limit;

#define RW_PACE_WECOM_LIMIT 20     /* messages per minute per group robot (WeCom docs) */
#define RW_PACE_DINGTALK_LIMIT 20  /* messages per minute per robot (DingTalk docs) */
#define RW_PACE_SLACK_LIMIT 60     /* about one message a second per webhook (Slack docs) */
#define RW_PACE_WINDOW_MS 60000

/* The documented limit of a kind of receiver (json: none). */
rw_pace_limit rw_pace_kind_limit(rw_webhook_kind kind);

typedef struct rw_pacer rw_pacer;

/* A pacer reading `clock(ctx)` (NULL: CLOCK_MONOTONIC). NULL when memory
 * ran out or the mutex could not be made. Free with rw_pacer_free. */
rw_pacer *rw_pacer_alloc(rw_clock_ms_fn clock, void *ctx);
void rw_pacer_free(rw_pacer *p);

/* Asks to send one message to target `id` under limit l. Returns 1 and
 * counts the send when fewer than l.limit sends to id were granted in the
 * last l.window_ms; else 0 with *wait_ms (may be NULL) the milliseconds
 * until a send would be granted. Returns 1 for l.limit <= 0. When memory
 * runs out the send is granted uncounted (the receiver refuses, at worst). */
int rw_pacer_take(rw_pacer *p, const char *id, rw_pace_limit l, int64_t *wait_ms);

#endif
