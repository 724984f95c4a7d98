/* state.h: what a run does about each alert rule: pure functions of the
 * stored row (store/alerts.h, where the state machine is described), the
 * rule's newly evaluated state and `now`, so the machine is unit-tested
 * on its own; and the states of the three rules. */
#ifndef RW_ALERT_STATE_H
#define RW_ALERT_STATE_H

#include <stddef.h>
#include <stdint.h>
#include "runway.h"
#include "store/alerts.h"

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
/* The arrears rule: "ok" when not in arrears, else by phase: "grace",
 * "suspended", "deletion-soon" (deletion within soon_days) or "deleted". */
const char *rw_alert_arrears_state(const rw_arrears_facts *a, double soon_days);
/* "critical", "warning", "info" or "ok" for a rule's state. */
const char *rw_alert_level(const char *state);

#endif
