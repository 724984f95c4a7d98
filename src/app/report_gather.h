/* report_gather.h: gathering the report (export/report.h) from one
 * snapshot of the store, with the very functions the runout, thresholds,
 * budget, forecast and anomalies use cases use (app/plan.h), so the report
 * and their JSON agree number for number; and drawing its charts. Parts
 * that cannot be computed (no balance, too little history for a replay, no
 * gnuplot) are left out with a note in the report. */
#ifndef RW_REPORT_GATHER_H
#define RW_REPORT_GATHER_H

#include "app/plan.h"
#include "export/chart.h"
#include "export/report.h"
#include "model/forecast.h"

#define RW_REPORT_OUTLOOK_DAYS (7 * RW_REPORT_OUTLOOK_WEEKS)

/* What the gathering works with. */
typedef struct rw_report_ctx {
    rw_session *s;
    const rw_report_options *o;
    const char *charts_dir;   /* where charts are drawn (for messages); NULL: none */
    int charts_fd;            /* that folder, checked and held open by the caller */
    rw_plan_base b;           /* the total daily series, and the as-of day */
    rw_report *r;             /* being filled */
    char font[RW_CHART_FONT_MAX]; /* the charts' font family, one covering
                                   * Chinese; "": none (font_note says why) */
    char font_note[200];      /* the warning for Chinese text without a font */
    int font_warned;          /* 1: font_note was given (it is given once) */
} rw_report_ctx;

/* Fills *r (see the file comment), drawing the charts into the folder
 * `charts_fd` (util/outdir.h rw_outdir_open; named `charts_dir` in
 * messages; NULL: no charts). */
rw_status rw_report_gather(rw_session *s, const rw_report_options *o, int charts_fd,
                           const char *charts_dir,
                           rw_report *r, rw_error *err);

/* Writes `name` in folder `dirfd` (shown as `dir`) with fn(ctx, f, err)
 * through a temporary file of a fresh hidden name, renamed into place
 * (util/outdir.h): a reader never sees half a file. A failure of fn is
 * RW_EIO naming the file. */
typedef rw_status (*rw_app_write_fn)(const void *ctx, FILE *f, rw_error *err);
rw_status rw_app_write_file(int dirfd, const char *dir, const char *name, rw_app_write_fn fn,
                            const void *ctx, rw_error *err);

/* Gathers the report of o (o->out names the folder in messages) and
 * writes it into folder `name` of `parent_fd` (created when needed,
 * checked as rw_report_create says): summary.json, report.md and the HTML
 * page named `page`; `in_org`: a page of the organisation report, which
 * links back to the overview (../../index.html). */
rw_status rw_app_report_write(rw_session *s, const rw_report_options *o, int parent_fd,
                              const char *name, const char *page, int in_org,
                              rw_report_result **out, rw_error *err);

/* The balance, run-out, thresholds and their chart (report_money.c). */
rw_status rw_report_runout(rw_report_ctx *c, rw_error *err);
/* The thresholds alone, when there is no balance. */
rw_status rw_report_thresholds(rw_report_ctx *c, rw_error *err);
/* The month against the budget, and the burn-up chart. */
rw_status rw_report_budget(rw_report_ctx *c, rw_error *err);

/* The weekly capacity view, the breakdown, the anomalies of the total and
 * their charts (report_capacity.c). */
rw_status rw_report_capacity(rw_report_ctx *c, rw_error *err);

/* Helpers shared by both. */
void rw_report_note(rw_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Draws a chart and records its name in slot (64 bytes); a missing
 * gnuplot is noted once and stops further drawing. */
void rw_report_draw(rw_report_ctx *c, rw_chart_kind kind, const void *chart, const char *name,
                    char *slot);
/* Sum of y over days [from, to] of ts (NaN as 0). */
double rw_report_sum_days(const rw_ts *ts, int64_t from, int64_t to);

#endif
