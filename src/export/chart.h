/* chart.h: the pictures of reports, drawn by gnuplot (an external program,
 * optional at run time).
 *
 * Each chart is a plain struct of arrays the caller owns; rw_chart_draw
 * writes DIR/NAME.svg and DIR/NAME.png. gnuplot runs without a shell, in a
 * private scratch directory, on a script made from a template in plots/
 * (compiled into the binary) and data files: no user text or path is ever
 * parsed by gnuplot as code (titles and names are reduced to a safe
 * character set and quoted), and outputs appear in DIR only when complete
 * (written under temporary names, then renamed). Charts are legible in
 * grayscale (line styles and fills differ by pattern and dash, not only
 * colour), have a title, axes with units, and date axes whose ticks suit
 * the span (hours to years). */
#ifndef RW_CHART_H
#define RW_CHART_H

#include <stddef.h>
#include <stdint.h>
#include "util/error.h"
#include "util/timeutil.h"

#define RW_CHART_MAX_THR 8

/* History and forecast of one series with its 80% and 95% bands (a fan
 * chart); anomalies marked on the history. */
typedef struct rw_fan_chart {
    const char *title;       /* e.g. "CVM: daily cost" */
    const char *ylabel;      /* e.g. "CNY per day" */
    rw_granularity gran;     /* of the timestamps */
    size_t nhist;            /* history points */
    const int64_t *ht;       /* their bucket starts */
    const double *hv;        /* their values; NaN: a gap */
    size_t nfc;              /* forecast steps */
    const int64_t *ft;
    const double *mean, *lo80, *hi80, *lo95, *hi95;
    size_t nmarks;           /* anomalies to mark (0: none) */
    const int64_t *mt;
    const double *mv;
} rw_fan_chart;

/* The balance running down: P10/P50/P90 of the balance at the end of each
 * day, the run-out days, alert threshold lines, and the arrears timeline. */
typedef struct rw_balance_chart {
    const char *title;
    const char *currency;    /* axis unit, "" when unknown */
    size_t n;                /* days */
    const int64_t *t;        /* day starts */
    const double *p10, *p50, *p90;
    int64_t runout[3];       /* P10, P50, P90 run-out days; INT64_MIN: beyond */
    size_t nthr;             /* threshold lines */
    double thr[RW_CHART_MAX_THR];
    const char *thr_name[RW_CHART_MAX_THR]; /* "blue (7 d)" ... */
    int64_t suspend_at;      /* P50 suspension time, INT64_MIN: none */
    int64_t delete_at;       /* P50 data deletion time, INT64_MIN: none */
} rw_balance_chart;

/* Consumption stacked by a dimension (service, account, tag), history then
 * forecast means (the forecast part visibly different, e.g. lighter). */
typedef struct rw_stack_chart {
    const char *title;
    const char *ylabel;
    rw_granularity gran;
    size_t nseries;
    const char *const *names; /* legend, one per series */
    size_t n;                 /* history steps, shared by every series */
    const int64_t *t;
    const double *const *v;   /* v[s][i]; NaN counts as 0 */
    size_t nfc;               /* forecast steps (0: none) */
    const int64_t *ft;
    const double *const *fv;  /* fv[s][k] */
} rw_stack_chart;

/* Budget burn-up: actual cumulative spend, the forecast cumulative spend
 * with its 80% band, the budget line and the likely breach day. */
typedef struct rw_burnup_chart {
    const char *title;
    const char *currency;
    int64_t from, to;         /* the period's first and last day */
    double budget;            /* <= 0: no budget line */
    size_t nact;              /* days with actual spend */
    const int64_t *at;
    const double *acum;
    size_t nfc;               /* forecast days */
    const int64_t *ft;
    const double *fmean, *flo, *fhi; /* cumulative totals */
    int64_t breach;           /* likely breach day, INT64_MIN: none */
} rw_burnup_chart;

/* Days left per account: for each (the first at the top) a bar from the
 * end of its as-of day to its likely (P50) run-out day, a mark on its
 * pessimistic (P10) day, and a line one week after the earliest start:
 * the organisation report's overview. */
typedef struct rw_days_chart {
    const char *title;
    size_t n;                 /* accounts, 1..RW_CHART_MAX_ROWS */
    const char *const *names; /* their labels on the axis */
    const int64_t *from;      /* the ends of their as-of days (UTC seconds) */
    const int64_t *p50, *p10; /* their run-out days; INT64_MIN: beyond the
                               * horizon (the bar reaches the right edge) */
    const int *arrears;       /* 1: in arrears (a mark at `from`, no bar) */
} rw_days_chart;

#define RW_CHART_MAX_ROWS 100 /* accounts on one days-left chart */

typedef enum rw_chart_kind {
    RW_CHART_FAN,     /* rw_fan_chart */
    RW_CHART_BALANCE, /* rw_balance_chart */
    RW_CHART_STACK,   /* rw_stack_chart */
    RW_CHART_BURNUP,  /* rw_burnup_chart */
    RW_CHART_DAYS,    /* rw_days_chart */
} rw_chart_kind;

typedef struct rw_chart_opts {
    const char *gnuplot;     /* program; NULL: "gnuplot" found on PATH */
    int width, height;       /* pixels (200..8000); 0: 960 x 480 */
    const char *font;        /* font family of all text, one that covers CJK
                              * (from rw_chart_font; ASCII letters, digits,
                              * space, '.', '-'). NULL: rw_chart_font's when
                              * the chart's text has CJK characters, else
                              * gnuplot's "sans". "": none covers CJK, so
                              * "sans" with CJK characters drawn as U+25A1 */
} rw_chart_opts;

/* Room for a font family name (bytes, with the NUL). */
#define RW_CHART_FONT_MAX 128

/* Finds an installed font family that covers Simplified Chinese, asking
 * fontconfig (its fc-list program, run without a shell): the first
 * installed of "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro
 * Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback", else the first in byte
 * order of the others (names of other than ASCII letters, digits, space,
 * '.', '-' are skipped). Writes it to `family` (`size` bytes; "" when none).
 * RW_ENOTFOUND when there is none or fc-list is not installed, RW_EIO when
 * fc-list fails; err then is a warning that says what to install (charts
 * still draw, CJK characters as boxes). One fc-list run (milliseconds once
 * fontconfig's cache exists): to draw many charts, find it once and pass it
 * as rw_chart_opts.font. */
rw_status rw_chart_font(char *family, size_t size, rw_error *err);

/* Whether the text of `chart` (title, axis label, series and threshold
 * names, currency) has CJK characters, which need a font that covers them
 * (rw_chart_font). 0 for NULL or an unknown kind. */
int rw_chart_has_cjk(rw_chart_kind kind, const void *chart);

/* Whether gnuplot can be run. When not, err says how to install it
 * ("apt-get install gnuplot-nox") and RW_ENOTFOUND is returned. */
rw_status rw_chart_check(const rw_chart_opts *o, rw_error *err);

/* Draws `chart` (of `kind`) to dir/name.svg and dir/name.png. `name` is a
 * plain file name ([A-Za-z0-9_-], 1..100 bytes, no extension). RW_ENOTFOUND without
 * gnuplot; RW_EIO when it fails (err holds its first error line); RW_EINVAL
 * for empty data or a bad name. `o` may be NULL (defaults). Nothing is
 * left in dir but the two outputs (both or neither); the scratch directory
 * dir/.rw-chart-XXXXXX is removed in every case. Safe to call from several
 * threads at once (no global state; gnuplot is forked, never via a shell).
 * Times are UTC epoch seconds in increasing order (years 1..9999; values
 * within +-1e15, else RW_EINVAL); NaN values are gaps (the stack chart
 * counts them as 0, and draws a daily or hourly history too long for the
 * width as weekly or daily averages, saying so on its axis). gnuplot is
 * stopped after 120 s (RW_EIO). RW_EINVAL for a font name outside the set
 * allowed in rw_chart_opts.font. See docs/charts.md. */
rw_status rw_chart_draw(rw_chart_kind kind, const void *chart, const char *dir, const char *name,
                        const rw_chart_opts *o, rw_error *err);

/* rw_chart_draw into the folder `dirfd` (`dir` names it in messages; NULL:
 * "charts"), which the caller has checked (util/outdir.h rw_outdir_open)
 * and keeps open. rw_chart_draw opens and checks `dir` itself: a folder
 * that is a symbolic link, belongs to another user or is writable by
 * others without the sticky bit is refused (RW_EINVAL). The scratch folder
 * is made with mkdirat, used only through its fd (gnuplot fchdir()s to it),
 * its outputs renamed into `dirfd` with renameat, and removed by fd. */
rw_status rw_chart_draw_at(rw_chart_kind kind, const void *chart, int dirfd, const char *dir,
                           const char *name, const rw_chart_opts *o, rw_error *err);

#endif
