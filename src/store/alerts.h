/* alerts.h: the state of alert rules (table alert_state) and the log of
 * every delivery attempt (alert_log), with the decisions of `notify` as
 * pure functions of the stored row, the rule's new state and `now`.
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
    char rule[160];               /* key, e.g. "threshold:team-a" */
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

typedef struct rw_alert_policy {
    int64_t cooldown_s; /* least seconds between messages about a rule in one state */
    int daily_limit;    /* most messages about a rule per UTC day (>= 1); state
                         * changes go out even beyond it */
} rw_alert_policy;

#define RW_ALERT_DEFAULT_COOLDOWN_S (6 * 3600)
#define RW_ALERT_DEFAULT_DAILY_LIMIT 3

/* The decision for one rule. */
typedef struct rw_alert_decision {
    rw_alert_event event;  /* what to send */
    rw_alert_event kind;   /* the message's kind: event, or for RETRY the event retried */
    size_t send[RW_ALERT_MAX_TARGETS]; /* indexes into the caller's targets to send to */
    size_t nsend;
    const char *why;       /* static text: why (not) sending */
} rw_alert_decision;

/* Decides what to do about rule row `old` (NULL: no row yet) now that its
 * evaluated state is `state`, for the webhooks ids[0..n) (n <=
 * RW_ALERT_MAX_TARGETS). Pure. */
rw_alert_decision rw_alert_decide(const rw_alert_row *old, const char *state, int64_t now,
                                  const rw_alert_policy *p, const char *const *ids, size_t n);

/* The row to store before delivering: `old` (NULL: none) moved to `state`
 * per decision d (rule names the row when old is NULL); pending is the
 * decision's webhooks, or those of old's still among ids[0..n). Pure;
 * row->evaluation is left NULL. */
void rw_alert_apply(const rw_alert_row *old, const char *rule, const char *state, int64_t now,
                    const rw_alert_decision *d, const char *const *ids, size_t n,
                    rw_alert_row *row);

/* Records that webhook `id` accepted (ok) or refused the row's event at
 * `now`: accepted ids leave pending; the first acceptance of an event sets
 * last_sent and counts in the UTC day's sent_count. Pure. */
void rw_alert_delivered(rw_alert_row *row, const char *id, int ok, int64_t now);

/* Messages about the rule counted for the UTC day of `now`. */
int rw_alert_sent_today(const rw_alert_row *row, int64_t now);

/* When a reminder may go out next (RW_ALERT_NEVER: not in a non-ok state
 * or never sent); may be in the past. The daily limit may push it to the
 * next UTC day. */
int64_t rw_alert_next_repeat(const rw_alert_row *row, int64_t now, const rw_alert_policy *p);

/* ---- rule states (pure) ---------------------------------------------------- */

/* The balance rule: the most urgent (lowest) of the named thresholds
 * x[0..n) the balance is below, else "ok". names[i] names x[i]. Returns
 * the index in *which (-1 for ok). */
const char *rw_alert_threshold_state(double balance, const double *x, const char *const *names,
                                     size_t n, int *which);
/* The run-out rule: "soon" when the P50 run-out day p50 (days after as-of,
 * < 0: beyond the horizon) is at most `days`, else "ok". */
const char *rw_alert_runout_state(long p50, long days);
/* The budget rule: "over" when spent > amount, "forecast-over" when
 * p_exceed >= fire, else "ok". */
const char *rw_alert_budget_state(double spent, double amount, double p_exceed, double fire);
/* "critical", "warning", "info" or "ok" for a rule's state. */
const char *rw_alert_level(const char *state);

/* ---- the store ------------------------------------------------------------------ */

/* Loads rule `rule` into *row; *found says whether it exists (the row is
 * zeroed when not). row->evaluation is owned by the caller. */
rw_status rw_alert_load(rw_store *s, const char *rule, rw_alert_row *row, int *found,
                        rw_error *err);
/* Inserts or replaces the row. */
rw_status rw_alert_save(rw_store *s, const rw_alert_row *row, rw_error *err);
/* Logs one delivery attempt: target is "KIND HOST" only, status "sent" or
 * "failed", message the plain text (failures append the reason). */
rw_status rw_alert_log(rw_store *s, int64_t at, const char *rule, const char *state,
                       const char *target, const char *status, const char *message,
                       rw_error *err);

#endif
