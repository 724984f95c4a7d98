/* arrears.h: an account below zero (欠费): how much is owed, since when,
 * and where it stands on the arrears policy's timeline (runway.h
 * rw_arrears_facts).
 *
 * The start is the moment the balance went below the credit limit. The
 * ledger knows it exactly (in->ledger_known: since_source "ledger");
 * without it the start is estimated by walking back from the observed
 * balance through the daily consumption (money.h rw_balance_fell_below;
 * since_source "charges"). Suspension and deletion are counted from that
 * start under the policy, never from the observation. */
#ifndef RW_ARREARS_H
#define RW_ARREARS_H

#include <stdint.h>
#include "model/prep.h"
#include "plan/policy.h"
#include "util/tz.h"

/* What the arrears are computed from. */
typedef struct rw_arrears_in {
    const rw_ts *ts;      /* daily consumption (what draws the balance), days of tz */
    const rw_tz *tz;      /* the zone of ts's days; NULL: UTC */
    double observed;      /* the balance as observed */
    int64_t observed_at;  /* when (UTC) */
    double credit;        /* credit limit, >= 0 */
    const rw_policy *pol;
    int64_t now;          /* the clock (>= observed_at in practice) */
    double blue;          /* the blue threshold; NaN when unknown */
    int ledger_known;     /* 1: the ledger says when the balance went below */
    int64_t ledger_since; /* then: the first transaction of that run */
} rw_arrears_in;

/* Fills *out; out->in_arrears is 0 (phase "ok") when the balance is at or
 * above -credit. */
void rw_arrears_of(const rw_arrears_in *in, rw_arrears_facts *out);

/* Money needed to bring `balance` up to `target`, rounded up to cents;
 * 0 when it is there already. */
double rw_money_shortfall(double balance, double target);

#endif
