/* alerts.h: the state of alert rules (table alert_state) and the log of
 * every delivery attempt (alert_log). The decisions made on these rows
 * (src/alert/state.h) follow this state machine:
 *
 * State machine of one rule (docs/notify.md):
 *   - a new state different from the stored one (a missing row counts as
 *     "ok") is a CHANGE, or RESOLVED when the new state is "ok": it goes to
 *     every webhook, whatever the cooldown and daily limit;
 *   - the event last decided is owed to the webhooks in `pending` until
 *     each accepts it; a run retries them (RETRY) before anything else,
 *     and an event no webhook has accepted yet is retried to all of them;
 *   - a rule that stays in a non-ok state is sent again (REPEAT) once
 *     `cooldown_s` has passed since last_sent, while fewer than
 *     `daily_limit` messages about the rule went out that UTC day;
 *   - last_sent and the day's count change only when a webhook accepted
 *     an event for the first time; failures never touch them.
 * A rule's state always follows the evaluation, delivered or not, so a
 * state change is never lost: its event stays pending until delivered. */
#ifndef RW_ALERTS_H
#define RW_ALERTS_H

#include <stddef.h>
#include <stdint.h>
#include "store/store.h"

#define RW_ALERT_MAX_TARGETS 16  /* webhooks per run (and pending per rule) */
#define RW_ALERT_ID 180          /* bytes of a webhook id (webhook.h rw_webhook.id) */
#define RW_ALERT_STATE 24        /* bytes of a state name */
#define RW_ALERT_RULE (RW_ACCOUNT_MAX + 64) /* bytes of a rule key "NAME:ACCOUNT" */
#define RW_ALERT_NEVER INT64_MIN /* last_sent / sent_day when none */

/* What a run does about one rule. */
typedef enum rw_alert_event {
    RW_ALERT_NONE,     /* nothing to send */
    RW_ALERT_CHANGE,   /* the state changed to a non-ok state */
    RW_ALERT_RESOLVED, /* the state changed back to ok */
    RW_ALERT_REPEAT,   /* still non-ok: a reminder after the cooldown */
    RW_ALERT_RETRY,    /* the last event again, to the webhooks still owed it */
} rw_alert_event;

/* "none", "change", "resolved", "repeat", "retry". */
const char *rw_alert_event_name(rw_alert_event e);

/* One row of alert_state. `detail` holds previous, event, delivered,
 * pending and the last evaluation as JSON. */
typedef struct rw_alert_row {
    char rule[RW_ALERT_RULE];     /* key, e.g. "threshold:team-a" */
    char state[RW_ALERT_STATE];   /* ok | blue | yellow | red | soon | over | forecast-over */
    int64_t since;                /* when `state` began, epoch seconds */
    char previous[RW_ALERT_STATE]; /* the state before `state` ("ok" at first) */
    rw_alert_event event;         /* the last event decided (CHANGE, RESOLVED, REPEAT;
                                   * NONE before any) */
    int delivered;                /* some webhook accepted `event` */
    char pending[RW_ALERT_MAX_TARGETS][RW_ALERT_ID]; /* webhook ids still owed `event` */
    size_t npending;
    int64_t last_sent;            /* first acceptance of the last delivered event,
                                   * RW_ALERT_NEVER when none */
    int64_t sent_day;             /* UTC day (epoch days) sent_count counts, or NEVER */
    int sent_count;               /* events accepted on sent_day */
    char *evaluation;             /* owned JSON object text of the last evaluation,
                                   * NULL when none */
} rw_alert_row;

/* Releases row->evaluation (rows are otherwise plain values). */
void rw_alert_row_cleanup(rw_alert_row *row);

/* ---- the store ------------------------------------------------------------------ */

/* Loads rule `rule` into *row; *found says whether it exists (the row is
 * zeroed when not). row->evaluation is owned by the caller. */
rw_status rw_store_alert_load(rw_store *s, const char *rule, rw_alert_row *row, int *found,
                        rw_error *err);
/* Inserts or replaces the row. */
rw_status rw_store_alert_save(rw_store *s, const rw_alert_row *row, rw_error *err);
/* Logs one delivery attempt: target is "KIND HOST" only, status "sent" or
 * "failed", message the plain text (failures append the reason). */
rw_status rw_store_alert_log(rw_store *s, int64_t at, const char *rule, const char *state,
                       const char *target, const char *status, const char *message,
                       rw_error *err);

#endif
