/* money.c: carrying balances, expanding dated flows, the first run-out
 * horizon (money.h). */
#include <math.h>
#include <stdlib.h>
#include "plan/money.h"
#include "util/timeutil.h"

/* Consumption of day `d` (00:00 UTC): recorded when known, else `recent`. */
static double day_consumption(const rw_ts *ts, int64_t d, double recent)
{
    if (d >= ts->t[0] && d <= ts->t[ts->n - 1]) {
        double v = ts->y[(d - ts->t[0]) / RW_DAY];
        if (!isnan(v)) return v;
    }
    return recent;
}

/* The mean of the last k recorded (not NaN) values of ts; 0 when none. */
static double recent_mean(const rw_ts *ts, size_t k)
{
    double sum = 0;
    size_t cnt = 0;
    for (size_t i = ts->n; i-- > 0 && cnt < k;)
        if (!isnan(ts->y[i])) {
            sum += ts->y[i];
            cnt++;
        }
    return cnt ? sum / (double)cnt : 0;
}

double rw_balance_carry(const rw_ts *ts, double amount, int64_t at, int64_t to, int *known)
{
    double recent = recent_mean(ts, 7);
    int64_t day = rw_time_floor(at, RW_GRAN_DAY);
    double frac = (double)(at - day) / RW_DAY, b = amount;
    *known = 0;
    if (to >= day) { /* spend the rest of the snapshot's day, then whole days */
        for (int64_t d = day; d <= to; d += RW_DAY) {
            double c = day_consumption(ts, d, recent);
            *known += d <= ts->t[ts->n - 1];
            b -= d == day ? (1 - frac) * c : c;
        }
    } else { /* give back what was spent since the end of `to` */
        for (int64_t d = to + RW_DAY; d <= day; d += RW_DAY) {
            double c = day_consumption(ts, d, recent);
            *known += d <= ts->t[ts->n - 1];
            b += d == day ? frac * c : c;
        }
    }
    return b;
}

int64_t rw_balance_fell_below(const rw_ts *ts, double amount, int64_t at, double floor,
                              int *bounded)
{
    double recent = recent_mean(ts, 7), level = amount;
    int64_t end = at;
    *bounded = 1;
    for (int64_t day = rw_time_floor(at, RW_GRAN_DAY); day >= ts->t[0]; day -= RW_DAY) {
        double rate = day_consumption(ts, day, recent) / RW_DAY; /* per second */
        double before = level + rate * (double)(end - day);     /* at 00:00 of day */
        if (rate > 0 && before >= floor)
            return end - (int64_t)ceil((floor - level) / rate);
        level = before;
        end = day;
    }
    *bounded = 0;
    return ts->t[0];
}

int64_t rw_topup_occurrence(const rw_topup *t, long k)
{
    int64_t when;
    if (k < 0) return INT64_MAX;
    switch (t->every) {
    case RW_EVERY_ONCE: when = k == 0 ? t->at : INT64_MAX; break;
    case RW_EVERY_WEEK: when = t->at + (int64_t)k * 7 * RW_DAY; break;
    case RW_EVERY_MONTH: {
        int64_t day = rw_time_floor(t->at, RW_GRAN_DAY), tod = t->at - day, y;
        int m, d;
        rw_civil_from_days(day / RW_DAY, &y, &m, &d);
        int64_t months = (int64_t)(m - 1) + k;
        y += months / 12;
        m = (int)(months % 12) + 1;
        int dim = rw_days_in_month(y, m);
        when = rw_days_from_civil(y, m, d > dim ? dim : d) * RW_DAY + tod;
        break;
    }
    default: return INT64_MAX;
    }
    return when > t->until ? INT64_MAX : when;
}

static rw_status push(rw_flow_list *l, int64_t at, double amount, rw_error *err)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        rw_flow *nf = realloc(l->flow, cap * sizeof *nf);
        if (!nf) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
        l->flow = nf;
        l->cap = cap;
    }
    l->flow[l->n++] = (rw_flow){at, amount};
    return RW_OK;
}

rw_status rw_flows_add_plan(rw_flow_list *l, const rw_flow_plan *p, rw_error *err)
{
    rw_topup plan = {.at = p->at, .amount = fabs(p->amount), .every = p->every, .until = INT64_MAX};
    long count = p->every == RW_EVERY_ONCE ? 1 : RW_FLOW_RECUR;
    for (long k = 0; k < count; k++) {
        if (l->n == RW_FLOW_MAX)
            return rw_error_set(err, RW_EINVAL, NULL, 0, "more than %d dated amounts",
                                RW_FLOW_MAX);
        rw_status st = push(l, rw_topup_occurrence(&plan, k), p->amount, err);
        if (st != RW_OK) return st;
    }
    return RW_OK;
}

rw_status rw_flows_add_topup(rw_flow_list *l, const rw_topup *t, int64_t as_of, size_t days,
                             rw_error *err)
{
    for (long k = 0;; k++) {
        int64_t at = rw_topup_occurrence(t, k);
        if (at == INT64_MAX || at >= as_of + (int64_t)(days + 1) * RW_DAY) return RW_OK;
        if (at < as_of + RW_DAY) continue;
        rw_status st = push(l, at, t->amount, err);
        if (st != RW_OK) return st;
    }
}

size_t rw_runout_first_horizon(const rw_ts *ts, double money, const rw_flow *flows, size_t n,
                               size_t max)
{
    for (size_t i = 0; i < n; i++)
        if (flows[i].amount > 0) money += flows[i].amount;
    double rate = recent_mean(ts, 28), days = rate > 0 ? 2 * money / rate + 14 : INFINITY;
    if (!(days < (double)max)) return max;
    return days < 30 ? (max < 30 ? max : 30) : (size_t)ceil(days);
}
