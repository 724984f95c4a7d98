/* deliver.h: one alerting run over the rules of an account: for each rule
 * the decision (alert/state.h), the message (alert/message.h), its
 * delivery to the webhooks (or a preview in a dry run), and the record of
 * it all (store/alerts.h), inside one write transaction, so that two runs
 * at once cannot both send. */
#ifndef RW_ALERT_DELIVER_H
#define RW_ALERT_DELIVER_H

#include "alert/pace.h"
#include "alert/rules.h"
#include "alert/state.h"
#include "net/webhook.h"
#include "store/store.h"

typedef struct rw_alert_delivery {
    const rw_webhook *hooks; /* where to send, nhooks of them */
    size_t nhooks;
    rw_alert_policy policy;  /* cooldown and daily limit */
    int64_t now;
    int dry_run;             /* decide and preview; send and change nothing */
    long timeout_s;          /* per request */
    int retries;             /* of a failed request */
    rw_message_fn message;   /* delivery failures are reported here */
    void *message_ctx;
    rw_pacer *pacer;         /* rate limits per webhook (shared by a run's threads);
                              * NULL: none */
} rw_alert_delivery;

/* What happened to one rule, for the run's text. */
typedef struct rw_alert_outcome {
    char head[RW_ALERT_RULE + 64]; /* "RULE_ID: state" or "RULE_ID: state (was previous)" */
    rw_alert_event event;    /* what was decided */
    rw_alert_event kind;     /* the message's kind */
    const char *why;         /* static: why (not) sending */
    int64_t next;            /* next reminder when nothing was sent, or RW_ALERT_NEVER */
    char *plain;             /* owned: the message as plain text */
    char *preview;           /* owned: dry run, "  to TARGET: PAYLOAD" lines; NULL none */
    size_t nsend, nok;       /* webhooks sent to, and that accepted */
    char failed[600];        /* targets that did not accept, ", "-separated */
    size_t ndeferred;        /* webhooks not sent to for their rate limit (pace.h):
                              * still owed, sent on a later run */
    char deferred[600];      /* their targets, ", "-separated */
    const char *rule;        /* static: the rule's name (rules.h) */
    char id[RW_ALERT_RULE];  /* the rule's key ("threshold:ACCOUNT") */
    char state[RW_ALERT_STATE], previous[RW_ALERT_STATE]; /* now and before */
} rw_alert_outcome;

/* A run (runway.h's rw_alert_run). */
struct rw_alert_run {
    rw_alert_outcome out[RW_ALERT_MAX_RULES];
    size_t n;
    size_t nhooks;           /* webhooks given */
    int dry_run;
    size_t sent, failed;     /* deliveries of this run */
    size_t deferred;         /* deliveries put off by the rate limits */
    size_t nroutes;          /* (every account) the account's registered routes */
    size_t route_errors;     /* of them, those whose URL could not be found */
};

/* Decides, delivers (or previews) and records rules[0..n) of facts f,
 * filling run. Returns a store failure (everything rolled back); a failed
 * delivery is reported through d->message and counted in run->failed. */
rw_status rw_alert_deliver(rw_store *store, const rw_alert_facts *f, const rw_alert_rule *rules,
                           size_t n, const rw_alert_delivery *d, rw_alert_run *run,
                           rw_error *err);

#endif
