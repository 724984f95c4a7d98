/* stl.c: STL and MSTL decomposition, loess, seasonal strength.
 *
 * The algorithm follows the description in Cleveland et al. (1990) and the
 * behaviour of R's stats::stl (its defaults, window adjustments, jumps with
 * linear interpolation, extrapolation of each cycle-subseries one cycle on
 * either side, the 3-stage moving-average low-pass filter, bisquare
 * robustness weights with a 6 * median |residual| scale). Positions are
 * 0-based here. One known difference: with a jump wider than half the
 * window, R fits the last point with the window of the previous evaluation
 * point; here it always uses its own (right-boundary) window. Defaults
 * never take that path.
 *
 * Invariants: the workspace buffers hold cap_n + 2 cap_p doubles each, which
 * bounds every intermediate series (the extended seasonal series is n + 2p
 * long, each cycle-subseries at most n / 2 + 3 with its two extrapolated
 * ends). No allocation happens after rw_*_work_alloc. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "model/stl.h"

/* A point closer than this fraction of the bandwidth to the fitting point
 * gets weight 1; one farther than (1 - it) gets weight 0 (STL's h1, h9). */
#define LOESS_NEAR 0.001
#define LOESS_FAR 0.999
/* A degree-1 fit drops its slope when the weighted sd of the positions is
 * at most this fraction of the series' span (n - 1), as STL does. */
#define LOESS_FLAT 0.001
/* Bisquare robustness: residual scale = this many medians of |residual|;
 * residuals below NEAR of it get weight 1, above FAR weight 0. */
#define ROBUST_SCALE 6.0
/* A periodic seasonal window spans this many series lengths (R: 10n + 1). */
#define PERIODIC_SPAN 10

struct rw_stl_work {
    size_t cap_n; /* longest series */
    size_t cap_p; /* longest period */
    double *det;  /* detrended series, then deseasonalised series (n) */
    double *cyc;  /* smoothed cycle-subseries, extended: n + 2p */
    double *ma1;  /* moving averages, then the low-pass component */
    double *ma2;  /* moving averages */
    double *sub;  /* one cycle-subseries */
    double *subw; /* its robustness weights */
    double *subs; /* its smoothed values, with one extrapolated point each end */
    double *rw;   /* robustness weights (n) */
    double *abr;  /* |residuals| for the median (n) */
};

struct rw_mstl_work {
    rw_stl_work *stl; /* workspace of each STL pass */
    double *deseas;   /* series less the current seasonal estimates (n) */
    size_t cap_n;     /* longest series */
};

void rw_stl_params_init(rw_stl_params *p)
{
    memset(p, 0, sizeof *p);
    p->s_window = RW_STL_SWINDOW_BASE + RW_STL_SWINDOW_STEP;
    p->s_degree = 0;
    p->t_degree = 1;
    p->l_degree = -1;
}

void rw_mstl_params_init(rw_mstl_params *p)
{
    memset(p, 0, sizeof *p);
    rw_stl_params_init(&p->stl);
    for (size_t i = 0; i < RW_MAX_PERIODS; i++)
        p->s_window[i] = RW_STL_SWINDOW_BASE + RW_STL_SWINDOW_STEP * (i + 1);
    p->iterate = RW_MSTL_ITERATE;
}

rw_stl_work *rw_stl_work_alloc(size_t n, size_t period)
{
    if (n == 0) return NULL;
    rw_stl_work *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    size_t ext = n + 2 * period + 3;
    w->cap_n = n;
    w->cap_p = period;
    double **bufs[] = {&w->det,  &w->cyc,  &w->ma1, &w->ma2, &w->sub,
                       &w->subw, &w->subs, &w->rw,  &w->abr};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) {
        if (!(*bufs[i] = malloc(ext * sizeof(double)))) {
            rw_stl_work_free(w);
            return NULL;
        }
    }
    return w;
}

void rw_stl_work_free(rw_stl_work *w)
{
    if (!w) return;
    free(w->det);
    free(w->cyc);
    free(w->ma1);
    free(w->ma2);
    free(w->sub);
    free(w->subw);
    free(w->subs);
    free(w->rw);
    free(w->abr);
    free(w);
}

/* ---- loess ---- */

/* The local fit at position xs (possibly outside [0, n)) over points
 * nl..nr (inclusive) of y[0..n). `len` is the nominal window; when it
 * exceeds n the bandwidth widens by (len - n) / 2 (integer halves, as STL).
 * Returns 0 when every weight vanishes, leaving *out untouched. Accumulates
 * weighted moments around xs in one pass, without storing the weights. */
static int loess_at(const double *y, size_t n, size_t len, int degree, double xs, size_t nl,
                    size_t nr, const double *rw, double *out)
{
    double h = fmax(xs - (double)nl, (double)nr - xs);
    if (len > n) h += (double)((len - n) / 2);
    double h_near = LOESS_NEAR * h, h_far = LOESS_FAR * h;
    double sw = 0, su = 0, suu = 0, sy = 0, suy = 0;
    for (size_t j = nl; j <= nr; j++) {
        double u = (double)j - xs, r = fabs(u);
        if (r > h_far) continue;
        double wt = 1;
        if (r > h_near) {
            double q = r / h, c = 1 - q * q * q;
            wt = c * c * c;
        }
        if (rw) wt *= rw[j];
        sw += wt;
        if (degree > 0) {
            su += wt * u;
            suu += wt * u * u;
            suy += wt * u * y[j];
        }
        sy += wt * y[j];
    }
    if (!(sw > 0)) return 0;
    double mean_y = sy / sw;
    if (degree > 0) {
        double a = su / sw;          /* weighted mean position, relative to xs */
        double c = suu / sw - a * a; /* weighted variance of positions */
        if (c > 0 && sqrt(c) > LOESS_FLAT * (double)(n - 1)) {
            double b = -a / c; /* slope factor: (xs - mean position) / variance */
            mean_y += b * (suy / sw - a * mean_y);
        }
    }
    *out = mean_y;
    return 1;
}

/* The window of `len` points of a series of n used to fit at i: centred,
 * shifted inside at the ends, or the whole series when len >= n. */
static void loess_window(size_t n, size_t len, size_t i, size_t *nl, size_t *nr)
{
    if (len >= n) {
        *nl = 0;
        *nr = n - 1;
        return;
    }
    size_t half = (len + 1) / 2;
    size_t left = i + 1 >= half ? i + 1 - half : 0;
    if (left > n - len) left = n - len;
    *nl = left;
    *nr = left + len - 1;
}

/* Smooths y[0..n) into ys (see rw_stl_loess); arguments already checked. */
static void loess_smooth(const double *y, size_t n, size_t len, int degree, size_t jump,
                         const double *rw, double *ys)
{
    if (n < 2) {
        ys[0] = y[0];
        return;
    }
    size_t step = jump < n - 1 ? jump : n - 1;
    size_t nl, nr;
    for (size_t i = 0; i < n; i += step) {
        loess_window(n, len, i, &nl, &nr);
        if (!loess_at(y, n, len, degree, (double)i, nl, nr, rw, &ys[i])) ys[i] = y[i];
    }
    if (step == 1) return;
    size_t last = ((n - 1) / step) * step; /* last evaluated point */
    for (size_t i = 0; i + step <= last; i += step) {
        double delta = (ys[i + step] - ys[i]) / (double)step;
        for (size_t j = 1; j < step; j++)
            ys[i + j] = ys[i] + delta * (double)j;
    }
    if (last != n - 1) {
        loess_window(n, len, n - 1, &nl, &nr);
        if (!loess_at(y, n, len, degree, (double)(n - 1), nl, nr, rw, &ys[n - 1]))
            ys[n - 1] = y[n - 1];
        double delta = (ys[n - 1] - ys[last]) / (double)(n - 1 - last);
        for (size_t j = last + 1; j < n - 1; j++)
            ys[j] = ys[last] + delta * (double)(j - last);
    }
}

rw_status rw_stl_loess(const double *y, size_t n, size_t len, int degree, size_t jump,
                       const double *rw, double *ys)
{
    if (!y || !ys || n == 0 || len < 1 || jump < 1 || degree < 0 || degree > 1) return RW_EINVAL;
    loess_smooth(y, n, len, degree, jump, rw, ys);
    return RW_OK;
}

/* ---- STL ---- */

/* Effective parameters of one decomposition (R's derivations applied). */
typedef struct stl_eff {
    size_t np;            /* period */
    size_t ns, nt, nl;    /* windows, odd and >= 3 */
    int sdeg, tdeg, ldeg; /* degrees */
    size_t sj, tj, lj;    /* jumps >= 1 */
    size_t inner, outer;  /* passes */
    int periodic;         /* average the seasonal per cycle position */
} stl_eff;

static size_t next_odd(double x)
{
    double r = round(x);
    size_t v = r < 0 ? 0 : (size_t)r;
    return v % 2 == 0 ? v + 1 : v;
}

static size_t odd_at_least3(size_t v)
{
    if (v < 3) v = 3;
    return v % 2 == 0 ? v + 1 : v;
}

static size_t ceil_div10(size_t v)
{
    return (v + 9) / 10;
}

static rw_status stl_effective(size_t n, size_t period, const rw_stl_params *p, stl_eff *e)
{
    rw_stl_params def;
    if (!p) {
        rw_stl_params_init(&def);
        p = &def;
    }
    int ldeg = p->l_degree < 0 ? p->t_degree : p->l_degree;
    if (p->t_degree < 0 || p->t_degree > 1 || ldeg > 1) return RW_EINVAL;
    if (!p->periodic && (p->s_degree < 0 || p->s_degree > 1)) return RW_EINVAL;
    size_t sw = p->periodic
                    ? PERIODIC_SPAN * n + 1
                    : (p->s_window ? p->s_window : RW_STL_SWINDOW_BASE + RW_STL_SWINDOW_STEP);
    if (sw < 3) return RW_EINVAL;
    size_t tw =
        p->t_window ? p->t_window : next_odd(ceil(1.5 * (double)period / (1 - 1.5 / (double)sw)));
    size_t lw = p->l_window ? p->l_window : next_odd((double)period);
    e->np = period;
    e->sdeg = p->periodic ? 0 : p->s_degree;
    e->tdeg = p->t_degree;
    e->ldeg = ldeg;
    e->sj = p->s_jump ? p->s_jump : ceil_div10(sw);
    e->tj = p->t_jump ? p->t_jump : ceil_div10(tw);
    e->lj = p->l_jump ? p->l_jump : ceil_div10(lw);
    e->ns = odd_at_least3(sw);
    e->nt = odd_at_least3(tw);
    e->nl = odd_at_least3(lw);
    e->inner = p->inner ? p->inner : (p->robust ? 1 : 2);
    e->outer = p->robust ? (p->outer ? p->outer : RW_STL_OUTER_ROBUST) : 0;
    e->periodic = p->periodic != 0;
    return RW_OK;
}

/* Smooths each cycle-subseries of x[0..n) with the seasonal loess and
 * extends it by one extrapolated cycle at either end into cyc[0..n + 2p). */
static void stl_subseries(const double *x, size_t n, const stl_eff *e, const double *rw,
                          rw_stl_work *w)
{
    size_t np = e->np, ns = e->ns;
    for (size_t j = 0; j < np; j++) {
        size_t k = (n - 1 - j) / np + 1; /* points in this subseries (>= 2) */
        for (size_t i = 0; i < k; i++) {
            w->sub[i] = x[j + i * np];
            if (rw) w->subw[i] = rw[j + i * np];
        }
        const double *sw = rw ? w->subw : NULL;
        double *sm = w->subs; /* sm[1..k] the fit, sm[0] and sm[k+1] extrapolated */
        loess_smooth(w->sub, k, ns, e->sdeg, e->sj, sw, sm + 1);
        size_t nr = (ns < k ? ns : k) - 1;
        if (!loess_at(w->sub, k, ns, e->sdeg, -1.0, 0, nr, sw, &sm[0])) sm[0] = sm[1];
        size_t nl = k > ns ? k - ns : 0;
        if (!loess_at(w->sub, k, ns, e->sdeg, (double)k, nl, k - 1, sw, &sm[k + 1]))
            sm[k + 1] = sm[k];
        for (size_t m = 0; m < k + 2; m++)
            w->cyc[j + m * np] = sm[m];
    }
}

/* out[i] = mean of x[i .. i + len) for i in [0, n - len]; running sum. */
static void moving_average(const double *x, size_t n, size_t len, double *out)
{
    double v = 0;
    for (size_t i = 0; i < len; i++)
        v += x[i];
    double flen = (double)len;
    out[0] = v / flen;
    for (size_t i = 1; i + len <= n; i++) {
        v += x[i + len - 1] - x[i - 1];
        out[i] = v / flen;
    }
}

/* One inner loop pass set: updates seasonal[] and trend[] from y. */
static void stl_inner(const double *y, size_t n, const stl_eff *e, const double *rw,
                      double *seasonal, double *trend, rw_stl_work *w)
{
    size_t np = e->np;
    for (size_t pass = 0; pass < e->inner; pass++) {
        for (size_t i = 0; i < n; i++)
            w->det[i] = y[i] - trend[i];
        stl_subseries(w->det, n, e, rw, w);
        /* Low-pass filter of the extended series: MA(np), MA(np), MA(3), loess. */
        moving_average(w->cyc, n + 2 * np, np, w->ma1);
        moving_average(w->ma1, n + np + 1, np, w->ma2);
        moving_average(w->ma2, n + 2, 3, w->ma1);
        loess_smooth(w->ma1, n, e->nl, e->ldeg, e->lj, NULL, w->ma2);
        for (size_t i = 0; i < n; i++) {
            seasonal[i] = w->cyc[np + i] - w->ma2[i];
            w->det[i] = y[i] - seasonal[i];
        }
        loess_smooth(w->det, n, e->nt, e->tdeg, e->tj, rw, trend);
    }
}

static void swap_d(double *a, double *b)
{
    double t = *a;
    *a = *b;
    *b = t;
}

/* The k-th smallest of x[0..n) (0-based), partially reordering x. */
static double select_kth(double *x, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        /* median of three as pivot */
        size_t mid = lo + (hi - lo) / 2;
        if (x[mid] < x[lo]) swap_d(&x[mid], &x[lo]);
        if (x[hi] < x[lo]) swap_d(&x[hi], &x[lo]);
        if (x[hi] < x[mid]) swap_d(&x[hi], &x[mid]);
        double pivot = x[mid];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (x[i] < pivot)
                i++;
            while (x[j] > pivot)
                j--;
            if (i <= j) {
                swap_d(&x[i], &x[j]);
                i++;
                if (j == 0) break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return x[k];
    }
    return x[k];
}

/* Bisquare robustness weights from the residuals of y - seasonal - trend. */
static void stl_robustness(const double *y, size_t n, const double *seasonal, const double *trend,
                           rw_stl_work *w)
{
    for (size_t i = 0; i < n; i++)
        w->abr[i] = fabs(y[i] - seasonal[i] - trend[i]);
    /* median: mean of the two middle order statistics (equal when n is odd) */
    double m1 = select_kth(w->abr, n, n / 2);
    double m2 = n % 2 ? m1 : select_kth(w->abr, n, n / 2 - 1);
    double scale = ROBUST_SCALE * 0.5 * (m1 + m2);
    double c_near = LOESS_NEAR * scale, c_far = LOESS_FAR * scale;
    for (size_t i = 0; i < n; i++) {
        double r = fabs(y[i] - seasonal[i] - trend[i]);
        if (r <= c_near) {
            w->rw[i] = 1;
        } else if (r <= c_far) {
            double q = r / scale, c = 1 - q * q;
            w->rw[i] = c * c;
        } else {
            w->rw[i] = 0;
        }
    }
}

rw_status rw_stl_decompose(const double *y, size_t n, size_t period, const rw_stl_params *p,
                           double *seasonal, double *trend, double *remainder, rw_stl_work *w)
{
    if (!y || !seasonal || !trend || !w) return RW_EINVAL;
    if (period < 2 || n <= 2 * period) return RW_ESHORT;
    if (n > w->cap_n || period > w->cap_p) return RW_EINVAL;
    stl_eff e;
    rw_status st = stl_effective(n, period, p, &e);
    if (st != RW_OK) return st;
    for (size_t i = 0; i < n; i++)
        trend[i] = 0;
    const double *rw = NULL;
    for (size_t pass = 0;; pass++) {
        stl_inner(y, n, &e, rw, seasonal, trend, w);
        if (pass >= e.outer) break;
        stl_robustness(y, n, seasonal, trend, w);
        rw = w->rw;
    }
    if (e.periodic) {
        /* each cycle position gets the mean of its seasonal values */
        for (size_t j = 0; j < period; j++) {
            double s = 0;
            size_t cnt = 0;
            for (size_t i = j; i < n; i += period, cnt++)
                s += seasonal[i];
            s /= (double)cnt;
            for (size_t i = j; i < n; i += period)
                seasonal[i] = s;
        }
    }
    if (remainder)
        for (size_t i = 0; i < n; i++)
            remainder[i] = y[i] - seasonal[i] - trend[i];
    return RW_OK;
}

/* ---- MSTL ---- */

rw_mstl_work *rw_mstl_work_alloc(size_t n, size_t max_period)
{
    if (n == 0) return NULL;
    rw_mstl_work *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->cap_n = n;
    w->stl = rw_stl_work_alloc(n, max_period);
    w->deseas = malloc(n * sizeof *w->deseas);
    if (!w->stl || !w->deseas) {
        rw_mstl_work_free(w);
        return NULL;
    }
    return w;
}

void rw_mstl_work_free(rw_mstl_work *w)
{
    if (!w) return;
    rw_stl_work_free(w->stl);
    free(w->deseas);
    free(w);
}

rw_status rw_mstl_decompose(const double *y, size_t n, const size_t *period, size_t np,
                            const rw_mstl_params *p, double *seasonal, double *trend,
                            double *remainder, int *used, rw_mstl_work *w)
{
    if (!y || !period || !seasonal || !trend || !w || np > RW_MAX_PERIODS) return RW_EINVAL;
    if (n > w->cap_n) return RW_EINVAL;
    rw_mstl_params def;
    if (!p) {
        rw_mstl_params_init(&def);
        p = &def;
    }
    /* kept periods, increasing, without repeats: order[r] indexes period[] */
    size_t order[RW_MAX_PERIODS], nkept = 0;
    for (size_t i = 0; i < np; i++) {
        if (used) used[i] = 0;
        for (size_t t = 0; t < n; t++)
            seasonal[i * n + t] = 0;
        size_t pi = period[i];
        if (pi < 2 || n <= 2 * pi) continue;
        int dup = 0;
        for (size_t r = 0; r < nkept; r++)
            dup |= period[order[r]] == pi;
        if (dup) continue;
        size_t r = nkept++;
        while (r > 0 && period[order[r - 1]] > pi) {
            order[r] = order[r - 1];
            r--;
        }
        order[r] = i;
    }
    if (nkept == 0) return RW_ESHORT;
    if (period[order[nkept - 1]] > w->stl->cap_p) return RW_EINVAL;
    size_t iterate = nkept == 1 ? 1 : (p->iterate ? p->iterate : RW_MSTL_ITERATE);
    memcpy(w->deseas, y, n * sizeof *y);
    rw_stl_params sp = p->stl;
    for (size_t it = 0; it < iterate; it++) {
        for (size_t r = 0; r < nkept; r++) {
            double *s = seasonal + order[r] * n;
            for (size_t t = 0; t < n; t++)
                w->deseas[t] += s[t];
            sp.s_window = p->s_window[r] ? p->s_window[r]
                                         : RW_STL_SWINDOW_BASE + RW_STL_SWINDOW_STEP * (r + 1);
            rw_status st =
                rw_stl_decompose(w->deseas, n, period[order[r]], &sp, s, trend, NULL, w->stl);
            if (st != RW_OK) return st;
            for (size_t t = 0; t < n; t++)
                w->deseas[t] -= s[t];
        }
    }
    if (remainder)
        for (size_t t = 0; t < n; t++)
            remainder[t] = w->deseas[t] - trend[t];
    if (used)
        for (size_t r = 0; r < nkept; r++)
            used[order[r]] = 1;
    return RW_OK;
}

/* ---- seasonal strength ---- */

double rw_seasonal_strength_of(const double *seasonal, const double *remainder, size_t n,
                               double yscale)
{
    if (n < 2) return 0;
    double mr = 0, msr = 0;
    for (size_t t = 0; t < n; t++) {
        mr += remainder[t];
        msr += seasonal[t] + remainder[t];
    }
    mr /= (double)n;
    msr /= (double)n;
    double vr = 0, vsr = 0;
    for (size_t t = 0; t < n; t++) {
        double a = remainder[t] - mr, b = seasonal[t] + remainder[t] - msr;
        vr += a * a;
        vsr += b * b;
    }
    double tiny = RW_STRENGTH_NEGLIGIBLE * yscale;
    if (!(vsr > tiny * tiny * (double)n)) return 0;
    double f = 1 - vr / vsr;
    return f > 0 ? (f < 1 ? f : 1) : 0;
}

rw_status rw_seasonal_strength(const double *y, size_t n, const rw_seasonality *s, double *strength)
{
    if (!y || !s || !strength || s->n > RW_MAX_PERIODS) return RW_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(y[i])) return RW_EINVAL;
    size_t per[RW_MAX_PERIODS], maxp = 0;
    for (size_t i = 0; i < s->n; i++) {
        strength[i] = 0;
        double r = round(s->period[i]);
        per[i] = r >= 2 && r < (double)n ? (size_t)r : 0;
        if (per[i] > maxp) maxp = per[i];
    }
    if (s->n == 0 || n == 0 || maxp == 0) return RW_OK;
    rw_status st = RW_OK;
    rw_mstl_work *w = rw_mstl_work_alloc(n, maxp);
    double *buf = malloc((s->n + 2) * n * sizeof *buf);
    if (!w || !buf) {
        st = RW_ENOMEM;
        goto out;
    }
    double *seas = buf, *trend = buf + s->n * n, *rem = trend + n;
    int used[RW_MAX_PERIODS];
    st = rw_mstl_decompose(y, n, per, s->n, NULL, seas, trend, rem, used, w);
    if (st == RW_ESHORT) { /* nothing fits twice: every strength stays 0 */
        st = RW_OK;
        goto out;
    }
    if (st != RW_OK) goto out;
    double yscale = 0;
    for (size_t t = 0; t < n; t++)
        yscale = fmax(yscale, fabs(y[t]));
    for (size_t i = 0; i < s->n; i++) {
        const double *si = seas + i * n;
        if (!used[i]) { /* a repeat of a kept period shares its component */
            for (size_t k = 0; k < s->n; k++)
                if (used[k] && per[k] == per[i]) si = seas + k * n;
            if (si == seas + i * n) continue;
        }
        strength[i] = rw_seasonal_strength_of(si, rem, n, yscale);
    }
out:
    free(buf);
    rw_mstl_work_free(w);
    return st;
}
