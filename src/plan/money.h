/* money.h: the money a plan starts from: the balance at the end of the
 * as-of day, and the dated top-ups and charges after it.
 *
 * Balances are observed at any moment (a console reading at 06:14, an API
 * snapshot), while plans count whole days; a snapshot is carried to the
 * end of a day with the consumption recorded for the time in between (or,
 * where none is recorded yet, the mean of the last 7 recorded days). */
#ifndef RW_MONEY_H
#define RW_MONEY_H

#include <stddef.h>
#include <stdint.h>
#include "model/prep.h"
#include "plan/runout.h"

#define RW_FLOW_RECUR 400      /* occurrences of a recurring flow given by a person */
#define RW_FLOW_MAX 4096       /* dated amounts given by people in one plan */

/* The balance `amount` observed at `at`, carried to the end of day `to`
 * (00:00 UTC) with the daily consumption series ts; *known counts the days
 * whose recorded consumption was used. */
double rw_balance_carry(const rw_ts *ts, double amount, int64_t at, int64_t to, int *known);

/* When the balance, observed at `amount` at `at`, last fell below `floor`:
 * walking back from the observation and adding back what each day
 * consumed (the part of at's day before `at`, then whole days; days not
 * recorded at the mean of the last 7 recorded), spread evenly over each
 * day. The crossing time is returned; *bounded is 0 when the balance was
 * already below `floor` before the series starts (the start is returned:
 * "at least since"). Meaningful when amount < floor. */
int64_t rw_balance_fell_below(const rw_ts *ts, double amount, int64_t at, double floor,
                              int *bounded);

/* Occurrence k (0-based) of top-up `t`, or INT64_MAX when past `until`.
 * Monthly top-ups keep the day of the month, clamped to the month's length
 * (Jan 31 -> Feb 28 -> Mar 31) at the same time of day. */
int64_t rw_topup_occurrence(const rw_topup *t, long k);

/* A dated amount growing in an array. */
typedef struct rw_flow_list {
    rw_flow *flow; /* owned (free()) */
    size_t n, cap;
} rw_flow_list;

/* Appends the occurrences of a flow given by a person (amount signed: top-up
 * or charge): once, or RW_FLOW_RECUR times. RW_EINVAL beyond RW_FLOW_MAX
 * dated amounts, RW_ENOMEM. */
rw_status rw_flows_add_plan(rw_flow_list *l, const rw_flow_plan *p, rw_error *err);
/* Appends the occurrences of a planned top-up that fall on the days after
 * as_of, up to `days` days after it. */
rw_status rw_flows_add_topup(rw_flow_list *l, const rw_topup *t, int64_t as_of, size_t days,
                             rw_error *err);

/* Days to simulate first for a run-out: twice the days the money (balance
 * + credit + top-ups) would last at the mean rate of the last 28 days,
 * plus two weeks, within [30, max] (max when it does not run out). */
size_t rw_runout_first_horizon(const rw_ts *ts, double money, const rw_flow *flows, size_t n,
                               size_t max);

#endif
