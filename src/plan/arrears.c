/* arrears.c: an account below zero, and its policy timeline (arrears.h). */
#include <math.h>
#include <string.h>
#include "plan/arrears.h"
#include "plan/money.h"

double rw_money_shortfall(double balance, double target)
{
    double x = target - balance;
    return x > 0 ? ceil(x * 100 - 1e-9) / 100 : 0;
}

void rw_arrears_of(const rw_arrears_in *in, rw_arrears_facts *out)
{
    memset(out, 0, sizeof *out);
    out->phase = "ok";
    out->since = out->suspended_from = out->deleted_from = INT64_MIN;
    out->since_source = "";
    out->now = in->now;
    out->to_blue = isnan(in->blue) ? NAN : rw_money_shortfall(in->observed, in->blue);
    if (!(in->observed < -in->credit)) return;
    out->in_arrears = 1;
    out->owed = -in->observed;
    out->to_clear = rw_money_shortfall(in->observed, 0);
    if (in->ledger_known) {
        out->since = in->ledger_since;
        out->since_bounded = 1;
        out->since_source = "ledger";
    } else {
        int64_t local = rw_balance_fell_below(in->ts, in->observed,
                                              rw_tz_to_local(in->tz, in->observed_at),
                                              -in->credit, &out->since_bounded);
        out->since = rw_tz_to_utc(in->tz, local);
        out->since_source = "charges";
    }
    rw_arrears_times t = rw_arrears_timeline(in->pol, out->since);
    out->suspended_from = t.suspended;
    out->deleted_from = t.deleted;
    out->days_overdue = (double)(in->now - out->since) / 86400.0;
    out->days_to_deletion = (double)(t.deleted - in->now) / 86400.0;
    out->phase = in->now >= t.deleted     ? "deleted"
                 : in->now >= t.suspended ? "suspended"
                                          : "grace";
}
