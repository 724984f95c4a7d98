/* reconcile.c: the ledger against the bills (runway.h rw_reconcile).
 *
 * Per reporting day (Beijing, UTC+8: report_day), three figures:
 *   (a) deducted = -(sum of deduct amounts) - (sum of refund amounts);
 *   (b) drawn    = what the charges whose ChargePeriodStart falls `lag`
 *                  days before drew from the balance (RW_SQL_DRAWN, via the
 *                  store): daily settlement (按量计费日结) deducts a day's
 *                  usage the next morning, hourly settlement within the hour.
 *                  Unless the options fix it, the lag (0 or 1) is the one
 *                  that leaves fewer days in disagreement;
 *   (c) spent    = -(balance after the day's last transaction - balance
 *                  before its first - the amounts of every other kind).
 * When each transaction's balance follows from the one before, (c) = (a);
 * a difference is a balance jump. (a) against (b) names the bills' side.
 * Two figures agree when |x - y| <= tolerance + relative * max(|x|, |y|).
 * Days compared: from the ledger's first transaction's day to its last
 * one's, within the options' range; a day with neither a transaction nor
 * a charge is left out. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "app/app.h"
#include "export/reconcile_write.h"
#include "store/ledger.h"
#include "util/strutil.h"
#include "util/timeutil.h"

#define REPORT_OFFSET RW_BEIJING_OFFSET /* the reporting day's offset from UTC */
#define DAY_SECONDS 86400

void rw_reconcile_options_init(rw_reconcile_options *o)
{
    memset(o, 0, sizeof *o);
    o->from = INT64_MIN;
    o->to = INT64_MAX;
    o->tolerance = RW_RECONCILE_TOLERANCE;
    o->lag = -1;
}

/* Start (epoch seconds) of the reporting day holding t. The one place that
 * knows the reporting time zone. */
static int64_t report_day(int64_t t)
{
    int64_t local = t + REPORT_OFFSET;
    int64_t d = local / DAY_SECONDS - (local % DAY_SECONDS < 0);
    return d * DAY_SECONDS - REPORT_OFFSET;
}

/* Start of the reporting day whose calendar date is the UTC date of t. */
static int64_t day_named(int64_t t)
{
    return report_day(t + REPORT_OFFSET - (t % DAY_SECONDS + DAY_SECONDS) % DAY_SECONDS);
}

static int agree(double x, double y, double tol, double rel)
{
    return fabs(x - y) <= tol + rel * fmax(fabs(x), fabs(y));
}

/* The day starting at `day` in r->days, appended when new (days come in
 * time order, so only the last one can match). NULL on ENOMEM. */
static rw_reconcile_day *day_of(rw_reconcile_result *r, size_t *cap, int64_t day)
{
    if (r->ndays && r->days[r->ndays - 1].day == day) return &r->days[r->ndays - 1];
    if (r->ndays == *cap) {
        size_t n = *cap ? *cap * 2 : 64;
        rw_reconcile_day *nd = realloc(r->days, n * sizeof *nd);
        if (!nd) return NULL;
        r->days = nd;
        *cap = n;
    }
    rw_reconcile_day *d = &r->days[r->ndays++];
    memset(d, 0, sizeof *d);
    d->day = day;
    char date[16];
    rw_time_format_day(day + REPORT_OFFSET, date);
    rw_str_copy(d->date, sizeof d->date, date);
    return d;
}

static int cmp_day(const void *x, const void *y)
{
    const rw_reconcile_day *a = x, *b = y;
    return (a->day > b->day) - (a->day < b->day);
}

/* Adds the ledger's figures (a), (c) and the day's counts. */
static int add_ledger(rw_reconcile_result *r, size_t *cap, const rw_ledger_row *l, size_t n)
{
    double before = n ? l[0].balance - l[0].amount : 0; /* before the first */
    for (size_t i = 0; i < n;) {
        int64_t day = report_day(l[i].at);
        rw_reconcile_day *d = day_of(r, cap, day);
        if (!d) return 0;
        double others = 0, after = before;
        for (; i < n && report_day(l[i].at) == day; i++) {
            const rw_ledger_row *t = &l[i];
            d->transactions++;
            after = t->balance;
            switch (t->kind) {
            case RW_LEDGER_DEDUCT:
            case RW_LEDGER_REFUND: d->deducted -= t->amount; break;
            case RW_LEDGER_RECHARGE:
                d->recharged += t->amount;
                others += t->amount;
                break;
            case RW_LEDGER_FREEZE:
            case RW_LEDGER_UNFREEZE:
                d->frozen -= t->amount;
                others += t->amount;
                break;
            default: others += t->amount; break;
            }
        }
        d->spent = -(after - before - others);
        before = after;
    }
    return 1;
}

/* Adds the bills' figure (b), each charge on the day it is deducted (its
 * day + r->lag), to the days within [first_day, last_day]. */
static int add_drawn(rw_reconcile_result *r, size_t *cap, const rw_drawn_hour *h, size_t n,
                     int64_t first_day, int64_t last_day)
{
    size_t nledger = r->ndays;
    for (size_t i = 0; i < n; i++) {
        int64_t day = report_day(h[i].hour) + (int64_t)r->lag * DAY_SECONDS;
        if (day < first_day || day > last_day) continue;
        rw_reconcile_day *d = NULL;
        for (size_t k = 0; k < nledger && !d; k++) /* days are few: a scan will do */
            if (r->days[k].day == day) d = &r->days[k];
        if (!d && !(d = day_of(r, cap, day))) return 0;
        d->drawn += h[i].drawn;
        d->charges += h[i].charges;
    }
    return 1;
}

static void judge(rw_reconcile_result *r)
{
    for (size_t i = 0; i < r->ndays; i++) {
        rw_reconcile_day *d = &r->days[i];
        d->cause = NULL;
        if (!agree(d->deducted, d->drawn, r->tolerance, r->relative))
            d->cause = d->deducted < d->drawn ? "undeducted-bills"
                       : d->charges == 0      ? "missing-bills"
                                              : "unexplained-deduction";
        d->balance_jump = !agree(d->spent, d->deducted, r->tolerance, r->relative);
        if (d->cause || d->balance_jump) r->ndiscrepancies++;
        r->net_deducted += d->deducted;
        r->net_drawn += d->drawn;
    }
}

/* A new result like `proto` (account, currency, tolerances, range), the
 * days compared with deductions `lag` days after the usage. */
static rw_status compare(const rw_reconcile_result *proto, int lag, const rw_ledger_row *l,
                         size_t nl, const rw_drawn_hour *h, size_t nh, int64_t first_day,
                         int64_t last_day, rw_reconcile_result **out, rw_error *err)
{
    size_t cap = 0;
    rw_reconcile_result *r = malloc(sizeof *r);
    *out = r;
    if (!r) return rw_app_oom(err);
    *r = *proto;
    r->days = NULL;
    r->ndays = 0;
    r->lag = lag;
    if (!add_ledger(r, &cap, l, nl) || !add_drawn(r, &cap, h, nh, first_day, last_day))
        return rw_app_oom(err);
    if (r->ndays > 1) qsort(r->days, r->ndays, sizeof *r->days, cmp_day);
    judge(r);
    return RW_OK;
}

rw_status rw_reconcile(rw_session *s, const rw_reconcile_options *o, rw_reconcile_result **out,
                       rw_error *err)
{
    rw_reconcile_options def;
    if (!o) {
        rw_reconcile_options_init(&def);
        o = &def;
    }
    *out = NULL;
    if (!(o->tolerance >= 0) || !isfinite(o->tolerance))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "the tolerance must be a number >= 0");
    if (o->lag < -1 || o->lag > 1)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "the lag is 0 or 1 day (-1: either)");
    if (o->from != INT64_MIN && o->to != INT64_MAX && o->from >= o->to)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "--from must be before --to");
    rw_reconcile_result *r = calloc(1, sizeof *r);
    if (!r) return rw_app_oom(err);
    r->tolerance = o->tolerance;
    r->relative = RW_RECONCILE_RELATIVE;
    rw_ledger_row *l = NULL;
    rw_drawn_hour *h = NULL;
    size_t nl = 0, nh = 0;
    rw_store *store = NULL;
    /* The range as whole reporting days: the calendar dates of from and
     * to - 1 name reporting days (the CLI's dates are UTC midnights). */
    int64_t from = o->from == INT64_MIN ? INT64_MIN : day_named(o->from);
    int64_t to = o->to == INT64_MAX ? INT64_MAX : day_named(o->to - 1) + DAY_SECONDS;
    rw_status st = rw_app_read_begin(s, err);
    if (st == RW_OK) st = rw_app_store(s, &store, err);
    if (st == RW_OK) st = rw_store_ledger_account(store, o->account, r->account, err);
    if (st == RW_OK)
        st = rw_store_ledger_rows(store, r->account, from, to, &l, &nl, r->currency, err);
    if (st == RW_OK && nl == 0)
        st = rw_error_set(err, RW_ENOTFOUND, NULL, 0,
                          "the ledger of account '%s' has no transaction in that range",
                          r->account);
    int64_t first_day = 0, last_day = 0;
    if (st == RW_OK) {
        r->first = l[0].at;
        r->last = l[nl - 1].at;
        first_day = report_day(r->first);
        last_day = report_day(r->last);
        st = rw_store_drawn_hours(store, r->account, r->currency, first_day - DAY_SECONDS,
                                  last_day + DAY_SECONDS, &h, &nh, err);
    }
    rw_app_read_end(s);
    /* Each lag asked for (both when not fixed): the one with the fewest
     * disagreeing days, the shorter on a tie. */
    rw_reconcile_result *best = NULL;
    int lo = o->lag < 0 ? 0 : o->lag, hi = o->lag < 0 ? 1 : o->lag;
    for (int lag = lo; st == RW_OK && lag <= hi; lag++) {
        rw_reconcile_result *t = NULL;
        st = compare(r, lag, l, nl, h, nh, first_day, last_day, &t, err);
        if (st == RW_OK && (!best || t->ndiscrepancies < best->ndiscrepancies)) {
            rw_reconcile_result_free(best);
            best = t;
        } else {
            rw_reconcile_result_free(t);
        }
    }
    if (st == RW_OK) *out = best;
    else rw_reconcile_result_free(best);
    free(l);
    free(h);
    rw_reconcile_result_free(r);
    return st;
}

size_t rw_reconcile_result_days(const rw_reconcile_result *r, const rw_reconcile_day **days)
{
    *days = r ? r->days : NULL;
    return r ? r->ndays : 0;
}

int rw_reconcile_result_lag(const rw_reconcile_result *r)
{
    return r ? r->lag : 0;
}

size_t rw_reconcile_result_discrepancies(const rw_reconcile_result *r)
{
    return r ? r->ndiscrepancies : 0;
}

void rw_reconcile_result_free(rw_reconcile_result *r)
{
    if (!r) return;
    free(r->days);
    free(r);
}
