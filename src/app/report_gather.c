/* report_gather.c: the report as a whole (report_gather.h): the series and
 * the balance from one snapshot, each part in turn, the data-quality notes
 * and how the forecast was made. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "util/lang.h"
#include "app/report_gather.h"
#include "store/balance.h"
#include "store/sources.h"
#include "util/strutil.h"
#include "util/timeutil.h"
#include "util/tz.h"

void rw_report_note(rw_report *r, const char *fmt, ...)
{
    if (r->nnotes == RW_REPORT_MAX_NOTES) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->notes[r->nnotes++], sizeof r->notes[0], fmt, ap);
    va_end(ap);
}

void rw_report_draw(rw_report_ctx *c, rw_chart_kind kind, const void *chart, const char *name,
                    char *slot)
{
    rw_report *r = c->r;
    if (!c->charts_dir || r->charts_note[0]) return;
    rw_error err;
    rw_error_clear(&err);
    /* Chinese names with no font for them: said once, as a warning and in
     * the report's notes; the chart still draws, with boxes. */
    if (!c->font[0] && !c->font_warned && rw_chart_has_cjk(kind, chart)) {
        c->font_warned = 1;
        rw_report_note(r, "%s", c->font_note);
        rw_app_msg(c->s, RW_MSG_WARNING, "%s", c->font_note);
    }
    rw_chart_opts co = {NULL, 0, 0, c->font};
    rw_status st = rw_chart_draw_at(kind, chart, c->charts_fd, c->charts_dir, name, &co, &err);
    if (st == RW_OK) rw_str_copy(slot, 64, name);
    else if (st == RW_ENOTFOUND) rw_str_copy(r->charts_note, sizeof r->charts_note, err.text);
    else
        rw_report_note(r, rw_tr(r->lang, "chart '%s' not drawn: %s"), name, err.text);
}

double rw_report_sum_days(const rw_ts *ts, int64_t from, int64_t to)
{
    double s = 0;
    for (size_t i = 0; i < ts->n; i++)
        if (ts->t[i] >= from && ts->t[i] <= to && !isnan(ts->y[i])) s += ts->y[i];
    return s;
}

/* Files, rows and rejects at ingest; gaps in the history. */
static void gather_quality(rw_report_ctx *c)
{
    rw_report *r = c->r;
    rw_source_list *rej = NULL;
    if (rw_store_source_totals(c->s->store, &r->sources, &r->rows, &r->rejected, NULL) != RW_OK)
        r->sources = 0, r->rows = r->rejected = 0;
    if (rw_store_rejects_list(c->s->store, NULL, 3, &rej, NULL) == RW_OK)
        for (size_t i = 0; i < rej->n; i++)
            rw_report_note(r,
                           rw_tr(r->lang, rej->reject[i].warning
                                              ? "kept, with a warning: %s:%ld: %s"
                                              : "rejected: %s:%ld: %s"),
                           rej->reject[i].path, rej->reject[i].line, rej->reject[i].reason);
    rw_source_list_free(rej);
    const rw_ts *total = c->b.ts;
    size_t gaps = 0;
    for (size_t i = 0; i < total->n; i++) gaps += isnan(total->y[i]);
    if (gaps)
        rw_report_note(r,
                       rw_tr(r->lang, "%zu day(s) without any charge between %s and %s (gaps,"
                                      " not zeros)"),
                       gaps, r->history_from, r->history_to);
    if (r->rejected)
        rw_report_note(r,
                       rw_tr(r->lang, "%ld of %ld rows were rejected at ingest: `runway"
                                      " rejects` lists them"
                                      " all"),
                       r->rejected, r->rows);
}

/* The account's ledger against its bills (runway reconcile), when it has
 * a ledger: one note. Outside the gathering's snapshot (reconcile reads
 * its own). */
static void gather_reconcile(rw_report_ctx *c)
{
    rw_report *r = c->r;
    rw_reconcile_options o;
    rw_reconcile_options_init(&o);
    o.account = r->account[0] ? r->account : NULL;
    rw_reconcile_result *rr = NULL;
    rw_error e;
    rw_error_clear(&e);
    if (rw_reconcile(c->s, &o, &rr, &e) != RW_OK) return; /* no ledger: nothing to say */
    const rw_reconcile_day *d;
    size_t n = rw_reconcile_result_days(rr, &d), bad = rw_reconcile_result_discrepancies(rr);
    size_t first = 0;
    while (first < n && !d[first].cause && !d[first].balance_jump) first++;
    if (bad) {
        rw_report_note(r,
                       rw_tr(r->lang, "the ledger disagrees with the bills on %zu of %zu day(s),"
                                      " first %s (%s): `runway reconcile` lists them"),
                       bad, n, d[first].date, d[first].cause ? d[first].cause : "balance-jump");
    } else {
        rw_report_note(r,
                       rw_tr(r->lang, "the ledger agrees with the bills on all %zu day(s)"
                                      " (deductions %d day(s) after the usage)"),
                       n, rw_reconcile_result_lag(rr));
    }
    rw_reconcile_result_free(rr);
}

/* What the report is about, before anything is computed. */
static void start(rw_report_ctx *c)
{
    rw_report *r = c->r;
    const rw_report_options *o = c->o;
    memset(r, 0, sizeof *r);
    rw_time_format_iso((int64_t)time(NULL), r->generated_at, sizeof r->generated_at);
    r->seed = o->plan.seed;
    r->lang = o->plan.lang;
    r->next_threshold = r->biggest_growth = -1;
    rw_str_copy(r->by, sizeof r->by, o->by ? o->by : "service");
    if (o->plan.sel.account) rw_str_copy(r->account, sizeof r->account, o->plan.sel.account);
    if (c->charts_dir) {
        rw_error err;
        rw_error_clear(&err);
        rw_chart_opts co = {NULL, 0, 0, NULL};
        if (rw_chart_check(&co, &err) != RW_OK) {
            rw_str_copy(r->charts_note, sizeof r->charts_note, err.text);
        } else {
            /* One font for every chart, found once (a child process). */
            rw_error_clear(&err);
            if (rw_chart_font(c->font, sizeof c->font, &err) != RW_OK) {
                c->font[0] = '\0';
                rw_str_copy(c->font_note, sizeof c->font_note, err.text);
            }
        }
    } else {
        rw_str_copy(r->charts_note, sizeof r->charts_note, "charts were not asked for");
    }
}

/* The as-of day, the history and the title. */
static void dates(rw_report_ctx *c)
{
    rw_report *r = c->r;
    const rw_ts *total = c->b.ts;
    int64_t as_of = c->b.as_of, last = total->t[total->n - 1];
    rw_time_format_day(as_of, r->as_of);
    rw_time_format_day(total->t[0], r->history_from);
    rw_time_format_day(last < as_of ? last : as_of, r->history_to);
    r->history_days = (size_t)((rw_time_floor(as_of, RW_GRAN_DAY) - total->t[0]) / RW_DAY) + 1;
    if (r->account[0])
        snprintf(r->title, sizeof r->title,
                 rw_tr(r->lang, "runway report: account %.100s, as of %s"), r->account, r->as_of);
    else
        snprintf(r->title, sizeof r->title, rw_tr(r->lang, "runway report, as of %s"), r->as_of);
    if (!rw_tz_is_utc(c->b.tz)) {
        char d[96];
        rw_tz_describe(c->b.tz, rw_tz_to_utc(c->b.tz, as_of), d, sizeof d);
        rw_str_copy(r->tz, sizeof r->tz, rw_tz_name(c->b.tz));
        if (r->lang == RW_LANG_ZH && rw_lang_is_beijing(c->b.tz))
            snprintf(d, sizeof d, "%s", rw_tr(r->lang, "Beijing time (UTC+08:00)"));
        rw_report_note(r, rw_tr(r->lang, "days and months are those of %s"), d);
    }
}

/* The balance decides the as-of day, as the run-out does; without one the
 * thresholds are still shown. */
static rw_status money_part(rw_report_ctx *c, rw_error *err)
{
    rw_balance_row bal;
    rw_policy pol;
    rw_status st = rw_app_policy(c->o->policy, -1, -1, &pol, err); /* checked with or without */
    if (st == RW_OK) st = rw_store_balance_latest(c->s->store, c->o->plan.sel.account, &bal, err);
    if (st == RW_OK) return rw_report_runout(c, err);
    if (st != RW_ENOTFOUND) return st; /* a bad policy, several accounts: say so */
    rw_error_clear(err);
    if (c->b.as_of == INT64_MIN) c->b.as_of = c->b.ts->t[c->b.ts->n - 1];
    rw_report_note(c->r, rw_tr(c->r->lang,
                               "no balance recorded: record one with `runway"
                               " balance set` (or ingest"
                               " a DescribeAccountBalance response) to see the run-out date"));
    return rw_report_thresholds(c, err);
}

rw_status rw_report_gather(rw_session *s, const rw_report_options *o, int charts_fd,
                           const char *charts_dir,
                           rw_report *r, rw_error *err)
{
    rw_report_ctx c;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.o = o;
    c.charts_dir = charts_dir;
    c.charts_fd = charts_fd;
    c.r = r;
    start(&c);
    rw_status st = rw_app_read_begin(s, err);
    if (st == RW_OK) st = rw_app_plan_load(s, &o->plan, RW_VIEW_BALANCE, &c.b, err);
    if (st != RW_OK) goto out;
    if (c.b.sel.currency) rw_str_copy(r->currency, sizeof r->currency, c.b.sel.currency);
    if ((st = money_part(&c, err)) != RW_OK) goto out;
    dates(&c);
    if ((st = rw_report_budget(&c, err)) != RW_OK) goto out;
    if ((st = rw_report_capacity(&c, err)) != RW_OK) goto out;
    gather_quality(&c);
    snprintf(
        r->method_note, sizeof r->method_note,
        rw_tr(r->lang,
              "Daily %s from %s to %s (%zu days). Each series is forecast by the model (or equal"
              " mix of models) with the lowest error in a rolling-origin backtest, with 1000"
              " simulated paths (seed %lu) whose spread is calibrated on the backtest errors."
              " Run-out dates, thresholds and budgets add recurring monthly fees on their days"
              " and re-draw spikes at the rate seen."),
        rw_tr(r->lang, "cost"), r->history_from, r->history_to, r->history_days, o->plan.seed);
out:
    rw_app_read_end(s);
    if (st == RW_OK) gather_reconcile(&c);
    rw_app_plan_cleanup(&c.b);
    return st;
}
