/* reconcile_write.c: the reconciliation as text and JSON (runway.h
 * rw_reconcile_write). Days are labelled with their Beijing date. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include "export/json_out.h"
#include "export/reconcile_write.h"
#include "util/safe_text.h"
#include "util/strutil.h"
#include "util/timeutil.h"

/* An amount for output: to 1e-8 (the bills' precision), without the float
 * noise of differences of balances, and never -0. */
static double money(double x)
{
    return round(x * 1e8) / 1e8 + 0.0;
}

static const char *cause_text(const rw_reconcile_day *d)
{
    if (!d->cause) return "";
    if (!strcmp(d->cause, "missing-bills"))
        return "the ledger deducted but no bill is stored for the day (a missing bill or a"
               " failed export)";
    if (!strcmp(d->cause, "unexplained-deduction"))
        return "the ledger deducted more than the bills drew (a deduction without a bill, e.g."
               " a failed automatic renewal)";
    return "the bills drew more than the ledger deducted that day (deducted on another day,"
           " or the ledger is incomplete)";
}

static json_t *day_json(const rw_reconcile_day *d)
{
    json_t *causes = json_array();
    if (causes && d->cause) json_array_append_new(causes, json_string(d->cause));
    if (causes && d->balance_jump) json_array_append_new(causes, json_string("balance-jump"));
    return json_pack("{s:s, s:f, s:f, s:f, s:f, s:f, s:I, s:I, s:b, s:o*}", "day", d->date,
                     "deducted", money(d->deducted), "drawn", money(d->drawn), "spent",
                     money(d->spent), "recharged", money(d->recharged), "frozen",
                     money(d->frozen), "transactions",
                     (json_int_t)d->transactions, "charges", (json_int_t)d->charges, "agrees",
                     !d->cause && !d->balance_jump, "causes", causes);
}

static json_t *result_json(const rw_reconcile_result *r)
{
    json_t *days = json_array(), *disc = json_array();
    char first[32], last[32];
    rw_time_format_iso(r->first, first, sizeof first);
    rw_time_format_iso(r->last, last, sizeof last);
    for (size_t i = 0; days && disc && i < r->ndays; i++) {
        json_t *d = day_json(&r->days[i]);
        if (!d) break;
        if (r->days[i].cause || r->days[i].balance_jump) json_array_append(disc, d);
        json_array_append_new(days, d);
    }
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:i, s:f, s:f, s:I, s:I, s:o*, s:o*}",
                     "status", r->ndiscrepancies ? "discrepancies" : "ok", "account", r->account,
                     "currency", r->currency, "from", first, "to", last, "tolerance",
                     r->tolerance, "relative_tolerance", r->relative, "lag_days", r->lag,
                     "deducted",
                     money(r->net_deducted), "drawn", money(r->net_drawn), "days",
                     (json_int_t)r->ndays,
                     "discrepancy_days", (json_int_t)r->ndiscrepancies, "discrepancies", disc,
                     "by_day", days);
}

static void day_line(const rw_reconcile_day *d, FILE *out)
{
    fprintf(out, "  %s  ledger %10.2f  bills %10.2f  balance %10.2f  %s%s%s\n", d->date,
            money(d->deducted), money(d->drawn), money(d->spent),
            d->cause || d->balance_jump ? "" : "ok",
            d->cause ? d->cause : "", d->balance_jump ? (d->cause ? ", balance-jump" : "balance-jump") : "");
}

static void result_text(const rw_reconcile_result *r, int verbose, FILE *out)
{
    char first[16], last[16], cur[8];
    rw_time_format_day(r->first + RW_BEIJING_OFFSET, first);
    rw_time_format_day(r->last + RW_BEIJING_OFFSET, last);
    rw_currency_suffix(r->currency, cur, sizeof cur);
    char acct[512]; /* from data: shown escaped (safe_text.h) */
    fprintf(out, "Ledger of account %s against the bills, %s to %s (Beijing days)\n",
            r->account[0] ? rw_text_esc(r->account, acct, sizeof acct) : "(default)", first, last);
    fprintf(out, "  deducted (ledger, less refunds) %.2f%s; drawn (bills) %.2f%s\n",
            r->net_deducted, cur, r->net_drawn, cur);
    fprintf(out, "  bills are compared with the deductions %s\n",
            r->lag ? "of the next day (daily settlement: a day's usage is deducted the next"
                     " morning)"
                   : "of the same day");
    if (!r->ndiscrepancies)
        fprintf(out, "All %zu day(s) agree within %.2f%s + %g%%.\n", r->ndays, r->tolerance, cur,
                r->relative * 100);
    else
        fprintf(out, "%zu of %zu day(s) disagree by more than %.2f%s + %g%%:\n",
                r->ndiscrepancies, r->ndays, r->tolerance, cur, r->relative * 100);
    for (size_t i = 0; i < r->ndays; i++) {
        const rw_reconcile_day *d = &r->days[i];
        if (!verbose && !d->cause && !d->balance_jump) continue;
        day_line(d, out);
        if (d->cause) fprintf(out, "      %s\n", cause_text(d));
        if (d->balance_jump)
            fprintf(out, "      the balance %s %.2f%s more than its transactions explain\n",
                    d->spent > d->deducted ? "fell" : "rose", fabs(d->spent - d->deducted), cur);
    }
}

rw_status rw_reconcile_write(const rw_reconcile_result *r, rw_output fmt, int verbose, FILE *out,
                             rw_error *err)
{
    if (fmt == RW_OUT_JSON) return rw_json_write(out, result_json(r), RW_JSON_PRETTY, err);
    if (fmt != RW_OUT_TEXT)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "reconcile writes text or JSON");
    result_text(r, verbose, out);
    return rw_stream_status(out, err);
}
