/* chart.c: fan, balance, stacked and burn-up charts drawn by gnuplot.
 *
 * A chart is drawn in four steps: its data are checked and its axes worked
 * out here (calendar-aware date ticks, "nice" value ticks with thousands
 * separators); the data go to tab-separated files in a private scratch
 * directory inside the destination; the script is plots/begin.gp +
 * plots/KIND.gp + plots/end.gp with their {{KEY}} placeholders filled
 * (gnuplot.c: text sanitised and quoted, numbers printf'd); gnuplot runs
 * there and its out.svg / out.png are renamed into place once complete.
 * The scratch directory is removed whatever happens. All text is set in
 * one font family, found with fontconfig when the text is Chinese (or
 * given by the caller); with none that covers it, CJK characters are drawn
 * as boxes rather than left to pngcairo. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "export/chart.h"
#include "export/gnuplot.h"

#define CHART_W_DEFAULT 960 /* pixels */
#define CHART_H_DEFAULT 480
#define CHART_PX_MIN 200 /* smallest and largest accepted size */
#define CHART_PX_MAX 8000
#define CHART_TIMEOUT_S 120 /* limit on one gnuplot run, seconds */
#define CHART_NAME_MAX 100  /* longest output name */
#define CHART_PATH_MAX 4096
#define CHART_XMARGIN_PX 190 /* width not available to x tick labels */
#define CHART_XTICKS_MAX 256 /* most major (and minor) x ticks */
#define CHART_YSTEPS 6       /* about this many intervals on the y axis */
#define CHART_YTICKS_MAX 32
#define CHART_HEADROOM 0.04          /* y range kept free above/below the data, of the span */
#define CHART_ZERO_FRAC 0.6          /* start the y axis at 0 when min <= this * max (>= 0) */
#define CHART_OUT_MIN 64             /* smaller output files are taken as broken */
#define CHART_T_MIN (-62135596800LL) /* 0001-01-01: times outside years 1..9999 */
#define CHART_T_MAX 253402300799LL   /* 9999-12-31 23:59:59 are refused */
#define CHART_V_MAX 1e15             /* larger values are refused (no money is that large) */
#define CHART_DEC_MAX 12             /* most decimals in a value tick label */
#define CHART_FCLIST_OUT 16384       /* bytes of fc-list's answer read */
#define CHART_FCLIST_TIMEOUT_S 60    /* fc-list may first build fontconfig's cache */
#define CHART_FONT_DEFAULT "sans"    /* fontconfig's alias for the default sans-serif */
#define CHART_NO_CJK_FONT                                                                          \
    "no installed font covers Chinese: chart text in Chinese is drawn as boxes (install one: "     \
    "apt-get install fonts-wqy-microhei, or fonts-noto-cjk)"
#define CHART_NO_FCLIST                                                                            \
    "fontconfig's fc-list is not installed, so no font for Chinese is found: chart text in "       \
    "Chinese is drawn as boxes (apt-get install fontconfig fonts-wqy-microhei)"

/* Families that cover Simplified Chinese, best first: Noto Sans CJK (the
 * most complete, with a bold weight), then the smaller WenQuanYi fonts
 * (.ci/deps installs fonts-wqy-microhei; docs/charts.md says why). */
static const char *const cjk_families[] = {"Noto Sans CJK SC", "Source Han Sans SC",
                                           "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
                                           "Droid Sans Fallback"};

static const char *const month_abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* ---- axes ------------------------------------------------------------------ */

/* The extent of a chart, gathered from its data. */
typedef struct chart_axes {
    int64_t x0, x1; /* time range (seconds); x0 > x1 while empty */
    double y0, y1;  /* value range of finite values; y0 > y1 while empty */
    int zero;       /* 1: 0 must be on the y axis; 2: 0 if close (CHART_ZERO_FRAC) */
    int bad;        /* a time or value out of range was seen (and left out) */
} chart_axes;

static void axes_init(chart_axes *a, int zero)
{
    a->x0 = INT64_MAX;
    a->x1 = INT64_MIN;
    a->y0 = INFINITY;
    a->y1 = -INFINITY;
    a->zero = zero;
    a->bad = 0;
}

static void axes_x(chart_axes *a, int64_t t)
{
    if (t < CHART_T_MIN || t > CHART_T_MAX) {
        a->bad = 1;
        return;
    }
    if (t < a->x0) a->x0 = t;
    if (t > a->x1) a->x1 = t;
}

static void axes_y(chart_axes *a, double v)
{
    if (!isfinite(v)) return;
    if (fabs(v) > CHART_V_MAX) {
        a->bad = 1;
        return;
    }
    if (v < a->y0) a->y0 = v;
    if (v > a->y1) a->y1 = v;
}

static void axes_ys(chart_axes *a, const double *v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++)
        axes_y(a, v[i]);
}

static void axes_xs(chart_axes *a, const int64_t *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        axes_x(a, t[i]);
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Units of date ticks. */
typedef enum tick_unit { TU_HOUR, TU_DAY, TU_WEEK, TU_MONTH, TU_YEAR } tick_unit;

/* A tick spacing and the room (pixels) one of its labels needs. */
typedef struct tick_step {
    tick_unit unit;
    int k;  /* every k units */
    int px; /* minimum distance between labels */
} tick_step;

/* From finest to coarsest: the first that fits the width is used, so spans
 * under ~3 days get hours, under ~3 months days or weeks, then months,
 * quarters and years. */
static const tick_step tick_steps[] = {
    {TU_HOUR, 1, 56},  {TU_HOUR, 2, 56},  {TU_HOUR, 3, 56},   {TU_HOUR, 6, 56},
    {TU_HOUR, 12, 56}, {TU_DAY, 1, 48},   {TU_DAY, 2, 48},    {TU_WEEK, 1, 48},
    {TU_WEEK, 2, 48},  {TU_MONTH, 1, 40}, {TU_MONTH, 2, 40},  {TU_MONTH, 3, 40},
    {TU_MONTH, 6, 40}, {TU_YEAR, 1, 44},  {TU_YEAR, 2, 44},   {TU_YEAR, 5, 44},
    {TU_YEAR, 10, 44}, {TU_YEAR, 50, 44}, {TU_YEAR, 100, 44}, {TU_YEAR, 1000, 44},
};

#define MONDAY_DAY0 4 /* 1970-01-05, the first Monday of the epoch */

/* The first tick of (unit, k) at or after t. */
static int64_t tick_first(int64_t t, tick_unit u, int k)
{
    int64_t step, base = 0;
    switch (u) {
    case TU_HOUR:
        step = (int64_t)k * RW_HOUR;
        break;
    case TU_DAY:
        step = (int64_t)k * RW_DAY;
        break;
    case TU_WEEK:
        step = (int64_t)k * 7 * RW_DAY;
        base = MONDAY_DAY0 * (int64_t)RW_DAY;
        break;
    case TU_MONTH:
    case TU_YEAR: {
        int64_t y;
        int m, d;
        int64_t day = floor_div(t, RW_DAY);
        rw_civil_from_days(day, &y, &m, &d);
        int64_t per = u == TU_MONTH ? k : 12 * (int64_t)k;
        int64_t mi = y * 12 + (m - 1);
        if (u == TU_YEAR) mi = y * 12;
        int64_t start =
            rw_days_from_civil(floor_div(mi, 12), (int)(mi - 12 * floor_div(mi, 12)) + 1, 1);
        if (start * RW_DAY < t) mi += u == TU_MONTH ? 1 : 12;
        mi = floor_div(mi + per - 1, per) * per;
        return rw_days_from_civil(floor_div(mi, 12), (int)(mi - 12 * floor_div(mi, 12)) + 1, 1) *
               RW_DAY;
    }
    default:
        step = RW_DAY;
        break;
    }
    return base + (floor_div(t - base - 1, step) + 1) * step;
}

/* The tick after tick t. */
static int64_t tick_next(int64_t t, tick_unit u, int k)
{
    return tick_first(t + 1, u, k);
}

/* The ticks of (unit, k) within [x0, x1] into t (at most `max`); returns
 * their number, or max + 1 when there are more. */
static size_t tick_list(int64_t x0, int64_t x1, tick_unit u, int k, int64_t *t, size_t max)
{
    size_t n = 0;
    for (int64_t x = tick_first(x0, u, k); x <= x1; x = tick_next(x, u, k)) {
        if (n == max) return max + 1;
        t[n++] = x;
    }
    return n;
}

/* The x axis: major ticks with two-line labels, minor ticks. */
typedef struct x_ticks {
    size_t n, nminor;
    int64_t t[CHART_XTICKS_MAX];
    int64_t minor[CHART_XTICKS_MAX];
    char l1[CHART_XTICKS_MAX][16]; /* "06:00", "14 Mar", "Mar", "2025" */
    char l2[CHART_XTICKS_MAX][16]; /* the day or year where it changes, else "" */
    const char *p1[CHART_XTICKS_MAX], *p2[CHART_XTICKS_MAX];
    tick_unit unit;
} x_ticks;

static void x_ticks_make(int64_t x0, int64_t x1, int width, x_ticks *xt)
{
    int plot_px = width - CHART_XMARGIN_PX;
    if (plot_px < 100) plot_px = 100;
    size_t nsteps = sizeof tick_steps / sizeof tick_steps[0];
    const tick_step *s = &tick_steps[nsteps - 1];
    for (size_t i = 0; i < nsteps; i++) {
        size_t fit = (size_t)(plot_px / tick_steps[i].px) + 1;
        if (fit > CHART_XTICKS_MAX) fit = CHART_XTICKS_MAX;
        if (tick_list(x0, x1, tick_steps[i].unit, tick_steps[i].k, xt->t, fit) <= fit) {
            s = &tick_steps[i];
            break;
        }
    }
    xt->unit = s->unit;
    xt->n = tick_list(x0, x1, s->unit, s->k, xt->t, CHART_XTICKS_MAX);
    if (xt->n > CHART_XTICKS_MAX) xt->n = CHART_XTICKS_MAX;

    int64_t prev_day = INT64_MIN, prev_year = INT64_MIN;
    for (size_t i = 0; i < xt->n; i++) {
        int64_t day = floor_div(xt->t[i], RW_DAY), y;
        int m, d;
        rw_civil_from_days(day, &y, &m, &d);
        int64_t sec = xt->t[i] - day * RW_DAY;
        xt->l2[i][0] = '\0';
        switch (s->unit) {
        case TU_HOUR:
            snprintf(xt->l1[i], sizeof xt->l1[i], "%02d:%02d", (int)(sec / RW_HOUR),
                     (int)(sec % RW_HOUR / 60));
            if (day != prev_day)
                snprintf(xt->l2[i], sizeof xt->l2[i], "%d %s", d, month_abbr[m - 1]);
            break;
        case TU_DAY:
        case TU_WEEK:
            snprintf(xt->l1[i], sizeof xt->l1[i], "%d %s", d, month_abbr[m - 1]);
            if (y != prev_year) snprintf(xt->l2[i], sizeof xt->l2[i], "%" PRId64, y);
            break;
        case TU_MONTH:
            snprintf(xt->l1[i], sizeof xt->l1[i], "%s", month_abbr[m - 1]);
            if (y != prev_year) snprintf(xt->l2[i], sizeof xt->l2[i], "%" PRId64, y);
            break;
        case TU_YEAR:
            snprintf(xt->l1[i], sizeof xt->l1[i], "%" PRId64, y);
            break;
        }
        prev_day = day;
        prev_year = y;
        xt->p1[i] = xt->l1[i];
        xt->p2[i] = xt->l2[i];
    }

    /* Minor ticks one unit apart (months or quarters for years). */
    tick_unit mu = s->unit;
    int mk = 1;
    if (s->unit == TU_WEEK) mu = TU_DAY;
    if (s->unit == TU_YEAR) {
        mu = TU_MONTH;
        mk = s->k == 1 ? 1 : (s->k == 2 ? 3 : 12);
    }
    xt->nminor = 0;
    if ((s->k > 1 || s->unit == TU_WEEK || s->unit == TU_YEAR) && s->k <= 10) {
        int64_t all[CHART_XTICKS_MAX];
        size_t n = tick_list(x0, x1, mu, mk, all, CHART_XTICKS_MAX);
        if (n <= CHART_XTICKS_MAX) {
            size_t j = 0;
            for (size_t i = 0; i < n; i++) {
                while (j < xt->n && xt->t[j] < all[i])
                    j++;
                if (j < xt->n && xt->t[j] == all[i]) continue;
                xt->minor[xt->nminor++] = all[i];
            }
        }
    }
}

/* Writes |x| >= 0 with `dec` decimals and thousands separators. */
static void format_grouped(double x, int dec, char *out, size_t size)
{
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", dec, fabs(x));
    int neg = x < 0 && strspn(raw, "0.") != strlen(raw); /* no "-0" */
    const char *dot = strchr(raw, '.');
    size_t ilen = dot ? (size_t)(dot - raw) : strlen(raw), n = 0;
    if (neg && n + 1 < size) out[n++] = '-';
    for (size_t i = 0; i < ilen && n + 2 < size; i++) {
        if (i > 0 && (ilen - i) % 3 == 0) out[n++] = ',';
        out[n++] = raw[i];
    }
    for (const char *p = dot; p && *p && n + 1 < size; p++)
        out[n++] = *p;
    out[n] = '\0';
}

/* The y axis: range and labelled ticks. */
typedef struct y_ticks {
    double lo, hi;
    size_t n;
    double v[CHART_YTICKS_MAX];
    char l[CHART_YTICKS_MAX][40];
    const char *p[CHART_YTICKS_MAX];
} y_ticks;

static void y_ticks_make(const chart_axes *a, y_ticks *yt)
{
    double y0 = a->y0, y1 = a->y1;
    if (y0 > y1) y0 = y1 = 0; /* no finite value: an empty axis */
    if (a->zero == 1 || (a->zero == 2 && y0 >= 0 && y0 <= CHART_ZERO_FRAC * y1)) {
        if (y0 > 0) y0 = 0;
        if (y1 < 0) y1 = 0;
    }
    if (y1 - y0 <= 1e-12 * fmax(fabs(y0), fabs(y1))) { /* one value: 10% around it */
        double pad = y1 != 0 ? fabs(y1) * 0.1 : 1;
        if (y0 != 0) y0 -= pad;
        y1 += pad;
    }
    double raw = (y1 - y0) / CHART_YSTEPS;
    double mag = pow(10, floor(log10(raw)));
    static const double mult[] = {1, 2, 2.5, 5, 10};
    double step = 10 * mag;
    for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++) {
        if (mult[i] * mag >= raw * (1 - 1e-9)) {
            step = mult[i] * mag;
            break;
        }
    }
    double lo = floor(y0 / step + 1e-9) * step, hi = ceil(y1 / step - 1e-9) * step;
    if (hi - y1 < CHART_HEADROOM * (hi - lo)) hi += step;
    if (y0 != 0 && y0 - lo < CHART_HEADROOM * (hi - lo)) lo -= step;
    int dec = (int)-floor(log10(step) + 1e-9);
    if (dec < 0) dec = 0;
    double scaled = step * pow(10, dec);
    if (fabs(scaled - round(scaled)) > 1e-6) dec++;
    if (dec > CHART_DEC_MAX) dec = CHART_DEC_MAX;
    yt->lo = lo;
    yt->hi = hi;
    yt->n = 0;
    for (long i = 0; yt->n < CHART_YTICKS_MAX; i++) {
        double v = lo + (double)i * step;
        if (v > hi + step * 1e-6) break;
        if (fabs(v) < step * 1e-9) v = 0;
        yt->v[yt->n] = v;
        format_grouped(v, dec, yt->l[yt->n], sizeof yt->l[yt->n]);
        yt->p[yt->n] = yt->l[yt->n];
        yt->n++;
    }
}

/* ---- data files ----------------------------------------------------------------- */

/* A new file in the scratch folder (fd-relative; a planted name or link
 * is refused). */
static rw_status data_open(int scratch, const char *file, FILE **f, rw_error *err)
{
    *f = rw_outdir_create(scratch, file);
    if (!*f) return rw_error_set(err, RW_EIO, file, 0, "cannot write chart data: %s", strerror(errno));
    return RW_OK;
}

static rw_status data_close(FILE *f, int scratch, const char *file, rw_error *err)
{
    int bad = ferror(f);
    if (fclose(f) != 0) bad = 1;
    (void)scratch;
    if (bad) return rw_error_set(err, RW_EIO, file, 0, "cannot write chart data");
    return RW_OK;
}

/* One row: time and `n` values; returns 0 (and writes nothing) when a
 * value is not finite. */
static int data_row(FILE *f, int64_t t, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i])) return 0;
    fprintf(f, "%" PRId64, t);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "\t%.10g", v[i]);
    fputc('\n', f);
    return 1;
}

/* A series as (t, v) rows; a NaN is a blank line, which breaks the line. */
static rw_status data_series(int scratch, const char *file, const int64_t *t,
                             const double *v, size_t n, rw_error *err)
{
    FILE *f;
    rw_status st = data_open(scratch, file, &f, err);
    if (st != RW_OK) return st;
    int gap = 0;
    for (size_t i = 0; i < n; i++) {
        if (data_row(f, t[i], &v[i], 1))
            gap = 0;
        else if (!gap && i > 0) {
            fputc('\n', f);
            gap = 1;
        }
    }
    return data_close(f, scratch, file, err);
}

/* ---- the chart kinds ----------------------------------------------------------------- */

/* Each kind: `check` validates (no I/O) and gathers the axes; `write`
 * writes the data files into `scratch` and sets the kind's variables. */

static int any_finite(const double *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        if (isfinite(v[i])) return 1;
    return 0;
}

/* Last index of a finite value of v[0..n), or n when none. */
static size_t last_finite(const double *v, size_t n)
{
    for (size_t i = n; i-- > 0;)
        if (isfinite(v[i])) return i;
    return n;
}

static rw_status fan_check(const rw_fan_chart *c, chart_axes *a, rw_error *err)
{
    if ((c->nhist && (!c->ht || !c->hv)) ||
        (c->nfc && (!c->ft || !c->mean || !c->lo80 || !c->hi80 || !c->lo95 || !c->hi95)) ||
        (c->nmarks && (!c->mt || !c->mv)))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "fan chart: missing data arrays");
    if (!any_finite(c->hv, c->nhist) && !any_finite(c->mean, c->nfc))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "fan chart: no data to draw");
    axes_init(a, 2);
    axes_xs(a, c->ht, c->nhist);
    axes_xs(a, c->ft, c->nfc);
    axes_ys(a, c->hv, c->nhist);
    axes_ys(a, c->mean, c->nfc);
    axes_ys(a, c->lo95, c->nfc);
    axes_ys(a, c->hi95, c->nfc);
    axes_ys(a, c->lo80, c->nfc);
    axes_ys(a, c->hi80, c->nfc);
    for (size_t i = 0; i < c->nmarks; i++) {
        axes_x(a, c->mt[i]);
        axes_y(a, c->mv[i]);
    }
    return RW_OK;
}

/* Writes the actual values (file `actual`) and the forecast's columns
 * cols[0..ncol) at ft[0..nf) (fc.tsv). The forecast starts at the last
 * actual value, so the two lines join: *fcstart is where it starts, *nfc
 * the forecast rows written. */
static rw_status actual_and_forecast(int scratch, const char *actual, const int64_t *at,
                                     const double *av, size_t nact, const int64_t *ft,
                                     const double *const *cols, size_t ncol, size_t nf,
                                     size_t *nfc, int64_t *fcstart, rw_error *err)
{
    double v[8];
    rw_status st = data_series(scratch, actual, at, av, nact, err);
    if (st != RW_OK) return st;
    FILE *f;
    if ((st = data_open(scratch, "fc.tsv", &f, err)) != RW_OK) return st;
    size_t last = last_finite(av, nact);
    *fcstart = nf ? ft[0] : 0;
    if (last < nact && nf && ft[0] > at[last]) {
        for (size_t j = 0; j < ncol; j++) v[j] = av[last];
        data_row(f, at[last], v, ncol);
        *fcstart = at[last];
    }
    for (size_t i = 0; i < nf; i++) {
        for (size_t j = 0; j < ncol; j++) v[j] = cols[j][i];
        *nfc += (size_t)data_row(f, ft[i], v, ncol);
    }
    return data_close(f, scratch, "fc.tsv", err);
}

static rw_status fan_write(const rw_fan_chart *c, int scratch, rw_gp_vars *vars,
                           rw_error *err)
{
    const double *cols[] = {c->mean, c->lo80, c->hi80, c->lo95, c->hi95};
    size_t nfc = 0;
    int64_t fcstart = 0;
    rw_status st = actual_and_forecast(scratch, "hist.tsv", c->ht, c->hv, c->nhist, c->ft, cols,
                                       5, c->nfc, &nfc, &fcstart, err);
    if (st != RW_OK) return st;
    if ((st = data_series(scratch, "marks.tsv", c->mt, c->mv, c->nmarks, err)) != RW_OK) return st;
    rw_gp_set_text(vars, "YLABEL", c->ylabel);
    rw_gp_set_int(vars, "HASHIST", any_finite(c->hv, c->nhist));
    rw_gp_set_int(vars, "NHIST", (int64_t)c->nhist);
    rw_gp_set_int(vars, "HASFC", nfc > 0);
    rw_gp_set_int(vars, "HASMARKS", any_finite(c->mv, c->nmarks));
    rw_gp_set_int(vars, "FCSTART", fcstart);
    return RW_OK;
}

static rw_status balance_check(const rw_balance_chart *c, chart_axes *a, rw_error *err)
{
    if (c->n && (!c->t || !c->p50))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "balance chart: missing data arrays");
    if (c->nthr > RW_CHART_MAX_THR)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "balance chart: more than %d thresholds",
                            RW_CHART_MAX_THR);
    if (!any_finite(c->p50, c->n))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "balance chart: no data to draw");
    axes_init(a, 1);
    axes_xs(a, c->t, c->n);
    axes_ys(a, c->p10, c->n);
    axes_ys(a, c->p50, c->n);
    axes_ys(a, c->p90, c->n);
    for (size_t i = 0; i < c->nthr; i++)
        axes_y(a, c->thr[i]);
    /* Markers after the paths widen the axis, up to one more span (at
     * least a week); later ones are named in a note instead. */
    if (a->bad || a->x0 > a->x1) return RW_OK; /* refused by the caller */
    int64_t reach = a->x1 + (a->x1 - a->x0 > 7 * RW_DAY ? a->x1 - a->x0 : 7 * RW_DAY);
    int64_t marks[5] = {c->runout[0], c->runout[1], c->runout[2], c->suspend_at, c->delete_at};
    for (size_t i = 0; i < 5; i++)
        if (marks[i] >= a->x0 && marks[i] <= reach) axes_x(a, marks[i]);
    return RW_OK;
}

static rw_status balance_write(const rw_balance_chart *c, int scratch, rw_gp_vars *vars,
                               rw_error *err)
{
    FILE *f;
    rw_status st = data_open(scratch, "paths.tsv", &f, err);
    if (st != RW_OK) return st;
    int band = c->p10 && c->p90, gap = 0;
    for (size_t i = 0; i < c->n; i++) {
        double v[3] = {c->p50[i], band ? c->p10[i] : c->p50[i], band ? c->p90[i] : c->p50[i]};
        if (data_row(f, c->t[i], v, 3))
            gap = 0;
        else if (!gap && i > 0) {
            fputc('\n', f);
            gap = 1;
        }
    }
    if ((st = data_close(f, scratch, "paths.tsv", err)) != RW_OK) return st;
    double thr[RW_CHART_MAX_THR];
    const char *names[RW_CHART_MAX_THR];
    size_t nthr = 0;
    for (size_t i = 0; i < c->nthr; i++) {
        if (!isfinite(c->thr[i])) continue;
        thr[nthr] = c->thr[i];
        names[nthr++] = c->thr_name[i] ? c->thr_name[i] : "threshold";
    }
    int64_t run[3], hasrun[3];
    for (size_t i = 0; i < 3; i++) {
        hasrun[i] = c->runout[i] != INT64_MIN;
        run[i] = hasrun[i] ? c->runout[i] : 0;
    }
    rw_gp_set_text(vars, "CUR", c->currency);
    rw_gp_set_int(vars, "BAND", band);
    rw_gp_set_int(vars, "PATHEND", c->t[c->n - 1]);
    rw_gp_set_int(vars, "NTHR", (int64_t)nthr);
    rw_gp_set_nums(vars, "THR", thr, nthr);
    rw_gp_set_texts(vars, "THRN", names, nthr);
    rw_gp_set_ints(vars, "RUN", run, 3);
    rw_gp_set_ints(vars, "HASRUN", hasrun, 3);
    rw_gp_set_int(vars, "HASSUSP", c->suspend_at != INT64_MIN);
    rw_gp_set_int(vars, "SUSP", c->suspend_at != INT64_MIN ? c->suspend_at : 0);
    rw_gp_set_int(vars, "HASDEL", c->delete_at != INT64_MIN);
    rw_gp_set_int(vars, "DEL", c->delete_at != INT64_MIN ? c->delete_at : 0);
    return RW_OK;
}

/* Stacked charts of long daily (hourly) histories are drawn as weekly
 * (daily) averages: with more than one step per CHART_STACK_PX pixels the
 * layers turn into noise. */
#define CHART_STACK_PX 3

typedef struct stack_iter {
    const int64_t *t;       /* steps */
    const double *const *v; /* v[s][i] */
    size_t ns, n, i;        /* series, steps, next step */
    int bin;                /* 1: average the steps of each `g` bucket */
    rw_granularity g;
    double *vals;  /* ns values of the current row (caller's buffer) */
    int64_t t_row; /* its time: the mean time of its steps */
} stack_iter;

static void stack_iter_init(stack_iter *it, const int64_t *t, const double *const *v, size_t ns,
                            size_t n, int bin, rw_granularity g, double *vals)
{
    it->t = t;
    it->v = v;
    it->ns = ns;
    it->n = n;
    it->i = 0;
    it->bin = bin;
    it->g = g;
    it->vals = vals;
    it->t_row = 0;
}

/* The next row (NaN counts as 0); 0 at the end. */
static int stack_next(stack_iter *it)
{
    if (it->i >= it->n) return 0;
    size_t i0 = it->i, count = 0;
    int64_t key = rw_time_floor(it->t[i0], it->g), offs = 0;
    for (size_t s = 0; s < it->ns; s++)
        it->vals[s] = 0;
    do {
        for (size_t s = 0; s < it->ns; s++) {
            double x = it->v[s][it->i];
            if (isfinite(x)) it->vals[s] += x;
        }
        offs += it->t[it->i] - it->t[i0];
        count++;
        it->i++;
    } while (it->bin && it->i < it->n && rw_time_floor(it->t[it->i], it->g) == key);
    for (size_t s = 0; s < it->ns; s++)
        it->vals[s] /= (double)count;
    it->t_row = it->t[i0] + offs / (int64_t)count;
    return 1;
}

/* How a stacked chart is binned (stack_check decides, stack_write follows). */
typedef struct stack_plan {
    int bin; /* 1: averages per `g` bucket */
    rw_granularity g;
} stack_plan;

static rw_status stack_check(const rw_stack_chart *c, int width, stack_plan *plan, chart_axes *a,
                             rw_error *err)
{
    if (c->nseries == 0 || c->n == 0)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "stacked chart: no data to draw");
    if (!c->t || !c->v || !c->names || (c->nfc && (!c->ft || !c->fv)))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "stacked chart: missing data arrays");
    for (size_t s = 0; s < c->nseries; s++)
        if (!c->v[s] || (c->nfc && !c->fv[s]))
            return rw_error_set(err, RW_EINVAL, NULL, 0, "stacked chart: missing data arrays");
    size_t room =
        (size_t)((width > CHART_XMARGIN_PX ? width - CHART_XMARGIN_PX : 100) / CHART_STACK_PX);
    plan->bin = c->n + c->nfc > room && (c->gran == RW_GRAN_DAY || c->gran == RW_GRAN_HOUR);
    plan->g = c->gran == RW_GRAN_HOUR ? RW_GRAN_DAY : RW_GRAN_WEEK;
    double *vals = malloc(c->nseries * sizeof *vals);
    if (!vals) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory drawing a chart");
    axes_init(a, 1);
    for (int part = 0; part < 2; part++) {
        stack_iter it;
        stack_iter_init(&it, part ? c->ft : c->t, part ? c->fv : c->v, c->nseries,
                        part ? c->nfc : c->n, plan->bin, plan->g, vals);
        while (stack_next(&it)) {
            double sum = 0;
            axes_x(a, it.t_row);
            for (size_t s = 0; s < c->nseries; s++) {
                sum += vals[s];
                axes_y(a, sum);
            }
        }
    }
    free(vals);
    return RW_OK;
}

/* One row of running totals: t, 0, s1, s1+s2, ... */
static void stack_row(FILE *f, int64_t t, const double *vals, size_t ns)
{
    double sum = 0;
    fprintf(f, "%" PRId64 "\t0", t);
    for (size_t s = 0; s < ns; s++) {
        sum += vals[s];
        fprintf(f, "\t%.10g", sum);
    }
    fputc('\n', f);
}

static rw_status stack_write(const rw_stack_chart *c, const stack_plan *plan, int scratch,
                             rw_gp_vars *vars, rw_error *err)
{
    FILE *f = NULL;
    double *vals = malloc(c->nseries * sizeof *vals);
    if (!vals) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory drawing a chart");
    stack_iter it;
    int64_t last_t = 0;
    rw_status st = data_open(scratch, "stack.tsv", &f, err);
    if (st != RW_OK) goto out;
    stack_iter_init(&it, c->t, c->v, c->nseries, c->n, plan->bin, plan->g, vals);
    while (stack_next(&it)) {
        stack_row(f, it.t_row, vals, c->nseries);
        last_t = it.t_row;
    }
    st = data_close(f, scratch, "stack.tsv", err);
    f = NULL;
    if (st != RW_OK) goto out;
    if ((st = data_open(scratch, "stackfc.tsv", &f, err)) != RW_OK) goto out;
    int64_t fcstart = c->nfc ? c->ft[0] : 0;
    if (c->nfc && c->ft[0] > c->t[c->n - 1]) { /* joined to the last actual row */
        stack_row(f, last_t, vals, c->nseries);
        fcstart = last_t;
    }
    stack_iter_init(&it, c->ft, c->fv, c->nseries, c->nfc, plan->bin, plan->g, vals);
    while (stack_next(&it))
        stack_row(f, it.t_row, vals, c->nseries);
    st = data_close(f, scratch, "stackfc.tsv", err);
    f = NULL;
    if (st != RW_OK) goto out;
    rw_gp_set_text(vars, "YLABEL", c->ylabel);
    rw_gp_set_int(vars, "NS", (int64_t)c->nseries);
    rw_gp_set_texts(vars, "NAMES", c->names, c->nseries);
    rw_gp_set_int(vars, "HASFC", c->nfc > 0);
    rw_gp_set_int(vars, "FCSTART", fcstart);
    if (plan->bin)
        rw_gp_set_text(vars, "XLABEL",
                       plan->g == RW_GRAN_WEEK ? "Date (UTC); weekly averages"
                                               : "Date (UTC); daily averages");
out:
    if (f) fclose(f);
    free(vals);
    return st;
}

static rw_status burnup_check(const rw_burnup_chart *c, chart_axes *a, rw_error *err)
{
    if ((c->nact && (!c->at || !c->acum)) ||
        (c->nfc && (!c->ft || !c->fmean || !c->flo || !c->fhi)))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "burn-up chart: missing data arrays");
    if (!any_finite(c->acum, c->nact) && !any_finite(c->fmean, c->nfc))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "burn-up chart: no data to draw");
    if (c->to < c->from)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "burn-up chart: period ends before it starts");
    axes_init(a, 1);
    axes_x(a, c->from);
    axes_x(a, c->to);
    axes_xs(a, c->at, c->nact);
    axes_xs(a, c->ft, c->nfc);
    axes_ys(a, c->acum, c->nact);
    axes_ys(a, c->fmean, c->nfc);
    axes_ys(a, c->flo, c->nfc);
    axes_ys(a, c->fhi, c->nfc);
    if (c->budget > 0 && isfinite(c->budget)) axes_y(a, c->budget);
    return RW_OK;
}

static rw_status burnup_write(const rw_burnup_chart *c, int scratch, rw_gp_vars *vars,
                              rw_error *err)
{
    const double *cols[] = {c->fmean, c->flo, c->fhi};
    size_t nfc = 0;
    int64_t fcstart = 0;
    rw_status st = actual_and_forecast(scratch, "act.tsv", c->at, c->acum, c->nact, c->ft, cols,
                                       3, c->nfc, &nfc, &fcstart, err);
    if (st != RW_OK) return st;
    int hasbudget = c->budget > 0 && isfinite(c->budget);
    rw_gp_set_text(vars, "CUR", c->currency);
    rw_gp_set_int(vars, "HASACT", any_finite(c->acum, c->nact));
    rw_gp_set_int(vars, "HASFC", nfc > 0);
    rw_gp_set_int(vars, "FCSTART", fcstart);
    rw_gp_set_int(vars, "HASBUDGET", hasbudget);
    rw_gp_set_num(vars, "BUDGET", hasbudget ? c->budget : 0);
    rw_gp_set_int(vars, "HASBREACH", c->breach != INT64_MIN);
    rw_gp_set_int(vars, "BREACH", c->breach != INT64_MIN ? c->breach : 0);
    return RW_OK;
}

static rw_status days_check(const rw_days_chart *c, chart_axes *a, rw_error *err)
{
    if (!c->n || c->n > RW_CHART_MAX_ROWS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "days chart: 1..%d accounts",
                            RW_CHART_MAX_ROWS);
    if (!c->names || !c->from || !c->p50 || !c->p10 || !c->arrears)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "days chart: missing data arrays");
    axes_init(a, 0);
    int64_t first = c->from[0];
    for (size_t i = 0; i < c->n; i++) {
        axes_x(a, c->from[i]);
        if (c->from[i] < first) first = c->from[i];
        if (c->p50[i] != INT64_MIN) axes_x(a, c->p50[i]);
        if (c->p10[i] != INT64_MIN) axes_x(a, c->p10[i]);
    }
    axes_x(a, first + 8 * RW_DAY); /* the week line shows */
    axes_y(a, 0.5);
    axes_y(a, (double)c->n + 0.5);
    return RW_OK;
}

/* bars.tsv: from, row (1 at the bottom), p50 or the right edge, p10 or
 * blank, in arrears (0/1), beyond the horizon (0/1). */
static rw_status days_write(const rw_days_chart *c, int64_t xmax, int scratch, rw_gp_vars *vars,
                            rw_error *err)
{
    FILE *f;
    rw_status st = data_open(scratch, "bars.tsv", &f, err);
    if (st != RW_OK) return st;
    int64_t first = c->from[0];
    double *yt = malloc(c->n * sizeof *yt);
    if (!yt) {
        fclose(f);
        return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory drawing a chart");
    }
    for (size_t i = 0; i < c->n; i++) {
        double row = (double)(c->n - i);
        int beyond = c->p50[i] == INT64_MIN;
        fprintf(f, "%lld\t%.0f\t%lld\t", (long long)c->from[i], row,
                (long long)(beyond ? xmax : c->p50[i]));
        if (c->p10[i] != INT64_MIN) fprintf(f, "%lld", (long long)c->p10[i]);
        fprintf(f, "\t%d\t%d\n", c->arrears[i] != 0, beyond && !c->arrears[i]);
        if (c->from[i] < first) first = c->from[i];
        yt[i] = row;
    }
    st = data_close(f, scratch, "bars.tsv", err);
    if (st == RW_OK) {
        rw_gp_set_num(vars, "YMIN", 0.5);
        rw_gp_set_num(vars, "YMAX", (double)c->n + 0.5);
        rw_gp_set_int(vars, "NYT", (int64_t)c->n);
        rw_gp_set_nums(vars, "YT", yt, c->n);
        rw_gp_set_texts(vars, "YL", c->names, c->n);
        rw_gp_set_int(vars, "WEEK", first + 7 * RW_DAY);
    }
    free(yt);
    return st;
}

/* ---- fonts ---------------------------------------------------------------------------- */

/* Whether `name` can be a font family in a script: 1..RW_CHART_FONT_MAX-1
 * bytes of ASCII letters, digits, space, '.' and '-' (gnuplot reads ','
 * and ':' in a font as size and style separators). */
static int font_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n >= RW_CHART_FONT_MAX) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == ' ' || c == '.' || c == '-'))
            return 0;
    }
    return 1;
}

rw_status rw_chart_font(char *family, size_t size, rw_error *err)
{
    char exe[CHART_PATH_MAX];
    char *list = NULL;
    rw_status st = RW_OK;
    const size_t nfam = sizeof cjk_families / sizeof cjk_families[0];
    if (size) family[0] = '\0';
    if (!rw_gp_find_tool("fc-list", exe, sizeof exe))
        return rw_error_set(err, RW_ENOTFOUND, NULL, 0, CHART_NO_FCLIST);
    if (!(list = malloc(CHART_FCLIST_OUT)))
        return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory finding a font");
    /* One line per installed face: its first family name. */
    char *const argv[] = {exe, (char *)"--format=%{family[0]}\\n", (char *)":lang=zh-cn", NULL};
    if ((st = rw_gp_capture(exe, argv, list, CHART_FCLIST_OUT, CHART_FCLIST_TIMEOUT_S, err)) !=
        RW_OK)
        goto out;
    const char *best = NULL;
    size_t best_rank = nfam + 1;
    /* Only whole lines: an answer cut at the end of the buffer loses its last. */
    for (char *line = list, *nl; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
        *nl = '\0';
        if (!font_name_ok(line) || strlen(line) >= size) continue;
        size_t rank = 0;
        while (rank < nfam && strcmp(line, cjk_families[rank]) != 0)
            rank++;
        if (rank < best_rank || (rank == best_rank && strcmp(line, best) < 0)) {
            best = line;
            best_rank = rank;
        }
    }
    if (best) memcpy(family, best, strlen(best) + 1);
    else st = rw_error_set(err, RW_ENOTFOUND, NULL, 0, CHART_NO_CJK_FONT);
out:
    free(list);
    return st;
}

int rw_chart_has_cjk(rw_chart_kind kind, const void *chart)
{
    if (!chart) return 0;
    switch (kind) {
    case RW_CHART_FAN: {
        const rw_fan_chart *c = chart;
        return rw_gp_has_cjk(c->title) || rw_gp_has_cjk(c->ylabel);
    }
    case RW_CHART_BALANCE: {
        const rw_balance_chart *c = chart;
        int any = rw_gp_has_cjk(c->title) || rw_gp_has_cjk(c->currency);
        for (size_t i = 0; i < c->nthr && i < RW_CHART_MAX_THR; i++)
            any = any || rw_gp_has_cjk(c->thr_name[i]);
        return any;
    }
    case RW_CHART_STACK: {
        const rw_stack_chart *c = chart;
        int any = rw_gp_has_cjk(c->title) || rw_gp_has_cjk(c->ylabel);
        for (size_t i = 0; c->names && i < c->nseries; i++)
            any = any || rw_gp_has_cjk(c->names[i]);
        return any;
    }
    case RW_CHART_BURNUP: {
        const rw_burnup_chart *c = chart;
        return rw_gp_has_cjk(c->title) || rw_gp_has_cjk(c->currency);
    }
    case RW_CHART_DAYS: {
        const rw_days_chart *c = chart;
        int any = rw_gp_has_cjk(c->title);
        for (size_t i = 0; c->names && i < c->n && i < RW_CHART_MAX_ROWS; i++)
            any = any || rw_gp_has_cjk(c->names[i]);
        return any;
    }
    }
    return 0;
}

/* ---- drawing ------------------------------------------------------------------------- */

static int name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > CHART_NAME_MAX) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

rw_status rw_chart_check(const rw_chart_opts *o, rw_error *err)
{
    char path[CHART_PATH_MAX];
    return rw_gp_find(o ? o->gnuplot : NULL, path, sizeof path, err);
}

/* Whether file `name` of folder `dirfd` is a regular file and a complete
 * PNG (signature) or SVG (ends with the closing tag). */
static int output_complete(int dirfd, const char *name, int png)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    unsigned char buf[64];
    int ok = 0;
    struct stat sb;
    int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return 0;
    FILE *f = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) ? fdopen(fd, "rb") : NULL;
    if (!f) {
        close(fd);
        return 0;
    }
    if (fseek(f, 0, SEEK_END) == 0) {
        long size = ftell(f);
        if (size >= CHART_OUT_MIN) {
            if (png) {
                ok = fseek(f, 0, SEEK_SET) == 0 && fread(buf, 1, 8, f) == 8 &&
                     memcmp(buf, sig, 8) == 0;
            } else if (fseek(f, size - (long)sizeof buf, SEEK_SET) == 0 &&
                       fread(buf, 1, sizeof buf, f) == sizeof buf) {
                size_t n = sizeof buf;
                while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ' || buf[n - 1] == '\r'))
                    n--;
                ok = n >= 6 && memcmp(buf + n - 6, "</svg>", 6) == 0;
            }
        }
    }
    fclose(f);
    return ok;
}

/* Writes the script from the three templates. */
static rw_status write_script(int scratch, const char *kind, const rw_gp_vars *vars,
                              rw_error *err)
{
    FILE *f;
    rw_status st = data_open(scratch, "chart.gp", &f, err);
    if (st != RW_OK) return st;
    const char *parts[3] = {"begin", kind, "end"};
    for (size_t i = 0; i < 3 && st == RW_OK; i++)
        st = rw_gp_fill(f, parts[i], vars, err);
    rw_status cst = data_close(f, scratch, "chart.gp", err);
    return st != RW_OK ? st : cst;
}

/* The font of a chart into *font: the caller's, or (family) one found for
 * CJK text. Without one that covers it, CJK characters are drawn as boxes
 * (vars->box_cjk): pngcairo would draw its missing-glyph boxes as shapes
 * covering the chart. */
static rw_status chart_font(rw_chart_kind kind, const void *chart, const rw_chart_opts *o,
                            char family[RW_CHART_FONT_MAX], const char **font, rw_gp_vars *vars,
                            rw_error *err)
{
    int cjk = rw_chart_has_cjk(kind, chart);
    *font = o ? o->font : NULL;
    if (*font && **font && !font_name_ok(*font))
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "font \"%.100s\" is not a plain family name (A-Z a-z 0-9 space . -)",
                            *font);
    if (!*font) {
        rw_error ferr;
        rw_error_clear(&ferr);
        if (!cjk || rw_chart_font(family, RW_CHART_FONT_MAX, &ferr) != RW_OK) family[0] = '\0';
        *font = family;
    }
    vars->box_cjk = cjk && !**font;
    return RW_OK;
}

rw_status rw_chart_draw(rw_chart_kind kind, const void *chart, const char *dir, const char *name,
                        const rw_chart_opts *o, rw_error *err)
{
    if (!dir || !*dir) return rw_error_set(err, RW_EINVAL, NULL, 0, "no directory for charts");
    int fd;
    rw_status st = rw_outdir_open(AT_FDCWD, dir, dir, 0, &fd, err);
    if (st != RW_OK) return st;
    st = rw_chart_draw_at(kind, chart, fd, dir, name, o, err);
    close(fd);
    return st;
}

rw_status rw_chart_draw_at(rw_chart_kind kind, const void *chart, int dirfd, const char *dir,
                           const char *name, const rw_chart_opts *o, rw_error *err)
{
    rw_status st = RW_OK;
    rw_gp_vars vars;
    rw_gp_vars_init(&vars);
    char exe[CHART_PATH_MAX], out[2][CHART_NAME_MAX + 8];
    rw_outdir_scratch scratch = {-1, "", 0, 0};
    x_ticks *xt = NULL;
    int renamed = 0;

    int w = o && o->width ? o->width : CHART_W_DEFAULT;
    int h = o && o->height ? o->height : CHART_H_DEFAULT;
    if (!name_ok(name))
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "chart name \"%.100s\" is not a plain name ([A-Za-z0-9_-])",
                            name ? name : "");
    if (!dir) dir = "charts";
    if (w < CHART_PX_MIN || w > CHART_PX_MAX || h < CHART_PX_MIN || h > CHART_PX_MAX)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "chart size %dx%d outside %d..%d pixels", w, h,
                            CHART_PX_MIN, CHART_PX_MAX);
    if (!chart) return rw_error_set(err, RW_EINVAL, NULL, 0, "no chart to draw");
    for (int i = 0; i < 2; i++) /* fits: name_ok bounds the name */
        snprintf(out[i], sizeof out[i], "%s.%s", name, i ? "png" : "svg");

    chart_axes ax = {0};
    stack_plan plan = {0, RW_GRAN_WEEK};
    const char *tmpl = NULL, *title = NULL;
    switch (kind) {
    case RW_CHART_FAN:
        st = fan_check(chart, &ax, err);
        tmpl = "fan";
        title = ((const rw_fan_chart *)chart)->title;
        break;
    case RW_CHART_BALANCE:
        st = balance_check(chart, &ax, err);
        tmpl = "balance";
        title = ((const rw_balance_chart *)chart)->title;
        break;
    case RW_CHART_STACK:
        st = stack_check(chart, w, &plan, &ax, err);
        tmpl = "stack";
        title = ((const rw_stack_chart *)chart)->title;
        break;
    case RW_CHART_BURNUP:
        st = burnup_check(chart, &ax, err);
        tmpl = "burnup";
        title = ((const rw_burnup_chart *)chart)->title;
        break;
    case RW_CHART_DAYS:
        st = days_check(chart, &ax, err);
        tmpl = "days";
        title = ((const rw_days_chart *)chart)->title;
        break;
    default:
        return rw_error_set(err, RW_EINVAL, NULL, 0, "unknown chart kind %d", (int)kind);
    }
    if (st != RW_OK) return st;
    char family[RW_CHART_FONT_MAX];
    const char *font;
    if ((st = chart_font(kind, chart, o, family, &font, &vars, err)) != RW_OK) return st;
    if (ax.bad || ax.x0 > ax.x1)
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "chart data out of range (times outside years 1..9999 or values "
                            "beyond %g)",
                            CHART_V_MAX);
    if ((st = rw_gp_find(o ? o->gnuplot : NULL, exe, sizeof exe, err)) != RW_OK) return st;

    /* Axes. A single instant is centred in a day. */
    if (ax.x1 <= ax.x0) {
        ax.x0 -= RW_DAY / 2;
        ax.x1 += RW_DAY / 2;
    }
    xt = malloc(sizeof *xt);
    if (!xt) {
        st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory drawing a chart");
        goto out;
    }
    x_ticks_make(ax.x0, ax.x1, w, xt);
    y_ticks yt;
    y_ticks_make(&ax, &yt);
    rw_gp_set_int(&vars, "W", w);
    rw_gp_set_int(&vars, "H", h);
    rw_gp_set_text(&vars, "FONT", *font ? font : CHART_FONT_DEFAULT);
    rw_gp_set_text(&vars, "TITLE", title);
    rw_gp_set_text(&vars, "XLABEL", xt->unit == TU_HOUR ? "Time (UTC)" : "Date (UTC)");
    rw_gp_set_int(&vars, "FINE", xt->unit == TU_HOUR);
    rw_gp_set_int(&vars, "XMIN", ax.x0);
    rw_gp_set_int(&vars, "XMAX", ax.x1);
    rw_gp_set_num(&vars, "YMIN", yt.lo);
    rw_gp_set_num(&vars, "YMAX", yt.hi);
    rw_gp_set_int(&vars, "NXT", (int64_t)xt->n);
    rw_gp_set_ints(&vars, "XT", xt->t, xt->n);
    rw_gp_set_texts(&vars, "XL1", xt->p1, xt->n);
    rw_gp_set_texts(&vars, "XL2", xt->p2, xt->n);
    rw_gp_set_int(&vars, "NXM", (int64_t)xt->nminor);
    rw_gp_set_ints(&vars, "XM", xt->minor, xt->nminor);
    rw_gp_set_int(&vars, "NYT", (int64_t)yt.n);
    rw_gp_set_nums(&vars, "YT", yt.v, yt.n);
    rw_gp_set_texts(&vars, "YL", yt.p, yt.n);

    if ((st = rw_gp_scratch_make(dirfd, dir, &scratch, err)) != RW_OK) goto out;
    switch (kind) {
    case RW_CHART_FAN:
        st = fan_write(chart, scratch.fd, &vars, err);
        break;
    case RW_CHART_BALANCE:
        st = balance_write(chart, scratch.fd, &vars, err);
        break;
    case RW_CHART_STACK:
        st = stack_write(chart, &plan, scratch.fd, &vars, err);
        break;
    case RW_CHART_BURNUP:
        st = burnup_write(chart, scratch.fd, &vars, err);
        break;
    case RW_CHART_DAYS:
        st = days_write(chart, ax.x1, scratch.fd, &vars, err);
        break;
    }
    if (st != RW_OK) goto out;
    if ((st = write_script(scratch.fd, tmpl, &vars, err)) != RW_OK) goto out;
    if ((st = rw_gp_run(exe, scratch.fd, "chart.gp", CHART_TIMEOUT_S, err)) != RW_OK) goto out;

    for (int i = 0; i < 2; i++) {
        if (!output_complete(scratch.fd, i ? "out.png" : "out.svg", i)) {
            st = rw_error_set(err, RW_EIO, NULL, 0, "gnuplot wrote no complete %s file",
                              i ? "PNG" : "SVG");
            goto out;
        }
    }
    /* From the scratch fd to the charts folder's fd: no path is looked up. */
    for (int i = 0; i < 2; i++) {
        if (renameat(scratch.fd, i ? "out.png" : "out.svg", dirfd, out[i]) != 0) {
            st = rw_error_set(err, RW_EIO, dir, 0, "cannot write %s: %s", out[i], strerror(errno));
            goto out;
        }
        renamed = i + 1;
    }
out:
    if (st != RW_OK && renamed == 1) unlinkat(dirfd, out[0], 0); /* both or neither */
    rw_gp_scratch_remove(dirfd, &scratch);
    rw_gp_vars_cleanup(&vars);
    free(xt);
    return st;
}
