/* prep.c: regular index, seasonal periods, gap filling, spike cleaning and
 * level-shift detection (see prep.h). Robust statistics throughout: medians
 * and median absolute deviations, so one bad day cannot move a threshold. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "model/prep.h"
#include "util/num.h"

#define MAD_SCALE 1.4826 /* MAD of a normal sample / sigma */

void rw_ts_free(rw_ts *ts)
{
    if (!ts) return;
    free(ts->name);
    free(ts->t);
    free(ts->y);
    free(ts);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of v[0..n) (reorders v). NaN when n == 0. */
static double median(double *v, size_t n)
{
    if (n == 0) return NAN;
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

rw_status rw_granularity_infer(const int64_t *times, size_t n, rw_granularity *out,
                                rw_error *err)
{
    if (n < 2) {
        *out = RW_GRAN_DAY;
        return RW_OK;
    }
    int64_t *t = malloc(n * sizeof *t);
    if (!t) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    memcpy(t, times, n * sizeof *t);
    qsort(t, n, sizeof *t, cmp_i64);
    size_t hour = 0, day = 0, week = 0, month = 0;
    for (size_t i = 1; i < n; i++) {
        int64_t d = t[i] - t[i - 1];
        if (d <= 0) continue;
        if (d % RW_HOUR == 0 && d < RW_DAY) hour++;
        else if (d % RW_DAY == 0 && d < 7 * RW_DAY) day++;
        else if (d % (7 * RW_DAY) == 0 && d < 28 * RW_DAY) week++;
        else if (d >= 28 * RW_DAY && d <= 31 * RW_DAY) month++;
    }
    size_t best = hour;
    *out = RW_GRAN_HOUR;
    if (day > best) best = day, *out = RW_GRAN_DAY;
    if (week > best) best = week, *out = RW_GRAN_WEEK;
    if (month > best) best = month, *out = RW_GRAN_MONTH;
    free(t);
    if (best == 0)
        return rw_error_set(err, RW_EFORMAT, NULL, 0,
                            "timestamps are not hourly, daily, weekly or monthly");
    return RW_OK;
}

rw_status rw_ts_from_points(const char *name, rw_granularity g, const int64_t *t,
                            const double *v, size_t n, rw_ts **out, rw_error *err)
{
    *out = NULL;
    if (n == 0) return rw_error_set(err, RW_ESHORT, NULL, 0, "series '%s' has no points", name);
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (size_t i = 0; i < n; i++) {
        int64_t b = rw_time_floor(t[i], g);
        if (b < lo) lo = b;
        if (b > hi) hi = b;
    }
    size_t steps = 0;
    for (int64_t b = lo; b <= hi; b = rw_time_next(b, g)) {
        if (++steps > 10000000)
            return rw_error_set(err, RW_EINVAL, NULL, 0,
                                "series '%s' spans more than 10 million steps", name);
    }
    rw_ts *ts = calloc(1, sizeof *ts);
    rw_ksum *acc = calloc(steps, sizeof *acc);
    unsigned char *seen = calloc(steps, 1);
    if (ts) {
        ts->name = malloc(strlen(name) + 1);
        ts->t = malloc(steps * sizeof *ts->t);
        ts->y = malloc(steps * sizeof *ts->y);
    }
    if (!ts || !acc || !seen || !ts->name || !ts->t || !ts->y) {
        free(acc);
        free(seen);
        rw_ts_free(ts);
        return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    }
    memcpy(ts->name, name, strlen(name) + 1);
    ts->gran = g;
    ts->n = steps;
    size_t k = 0;
    for (int64_t b = lo; b <= hi; b = rw_time_next(b, g)) ts->t[k++] = b;
    for (size_t i = 0; i < n; i++) {
        int64_t b = rw_time_floor(t[i], g);
        int64_t *pos = bsearch(&b, ts->t, steps, sizeof *ts->t, cmp_i64);
        size_t j = (size_t)(pos - ts->t);
        if (isnan(v[i])) continue; /* an explicit gap */
        rw_ksum_add(&acc[j], v[i]);
        seen[j] = 1;
    }
    for (size_t j = 0; j < steps; j++) ts->y[j] = seen[j] ? rw_ksum_value(&acc[j]) : NAN;
    free(acc);
    free(seen);
    *out = ts;
    return RW_OK;
}

void rw_prep_default_periods(rw_granularity g, size_t n, rw_seasonality *out)
{
    memset(out, 0, sizeof *out);
    switch (g) {
    case RW_GRAN_HOUR:
        out->period[out->n++] = 24;
        out->period[out->n++] = 168;
        break;
    case RW_GRAN_DAY:
        out->period[out->n++] = 7;
        if (n >= 2 * 366) out->period[out->n++] = 365.25;
        break;
    case RW_GRAN_WEEK: out->period[out->n++] = 52.18; break;
    case RW_GRAN_MONTH: out->period[out->n++] = 12; break;
    }
}

/* Classical seasonal strength of period m on y[0..n): the share of the
 * variance of (seasonal + remainder) explained by the phase means of the
 * series detrended with a centred moving average (Wang, Smith & Hyndman
 * 2006). Writes the seasonal component into seasonal[0..n) when not NULL. */
static double strength(const double *y, size_t n, size_t m, double *seasonal)
{
    if (m < 2 || n < 2 * m) return 0;
    double *trend = malloc(n * sizeof *trend), *phase = calloc(m, sizeof *phase);
    size_t *count = calloc(m, sizeof *count);
    double s = 0;
    if (!trend || !phase || !count) goto out;
    /* Centred moving average of length m (2 x m for even m). */
    size_t half = m / 2;
    for (size_t i = 0; i < n; i++) {
        if (i < half || i + half >= n) {
            trend[i] = NAN;
            continue;
        }
        double sum = 0;
        if (m % 2) {
            for (size_t j = i - half; j <= i + half; j++) sum += y[j];
            trend[i] = sum / (double)m;
        } else {
            for (size_t j = i - half + 1; j < i + half; j++) sum += y[j];
            sum += 0.5 * (y[i - half] + y[i + half]);
            trend[i] = sum / (double)m;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (!isnan(trend[i])) {
            phase[i % m] += y[i] - trend[i];
            count[i % m]++;
        }
    double mean = 0;
    for (size_t p = 0; p < m; p++) {
        phase[p] = count[p] ? phase[p] / (double)count[p] : 0;
        mean += phase[p] / (double)m;
    }
    for (size_t p = 0; p < m; p++) phase[p] -= mean;
    double vr = 0, vsr = 0, mr = 0, msr = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(trend[i])) {
            double d = y[i] - trend[i];
            mr += d - phase[i % m];
            msr += d;
            k++;
        }
    mr /= (double)k;
    msr /= (double)k;
    for (size_t i = 0; i < n; i++)
        if (!isnan(trend[i])) {
            double d = y[i] - trend[i], r = d - phase[i % m];
            vr += (r - mr) * (r - mr);
            vsr += (d - msr) * (d - msr);
        }
    s = vsr > 0 ? fmax(0.0, 1.0 - vr / vsr) : 0;
    if (seasonal)
        for (size_t i = 0; i < n; i++) seasonal[i] = phase[i % m];
out:
    free(trend);
    free(phase);
    free(count);
    return s;
}

/* Fills NaN gaps of y[0..n): the value one season earlier (m > 1) when it
 * exists, else linear interpolation between the neighbours. Returns the
 * number of gaps filled. y[0] is never NaN (series start at a point). */
static size_t fill_gaps(double *y, size_t n, size_t m)
{
    size_t filled = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isnan(y[i])) continue;
        filled++;
        if (m > 1 && i >= m && !isnan(y[i - m])) {
            y[i] = y[i - m];
            continue;
        }
        size_t j = i;
        while (j < n && isnan(y[j])) j++;
        double a = y[i - 1], b = j < n ? y[j] : a;
        y[i] = a + (b - a) / (double)(j - i + 1);
    }
    return filled;
}

/* Replaces one-off spikes by a robust baseline: the median of the same
 * phase in the two seasons around (m > 1) or of the 6 neighbours. In daily
 * data (t not NULL: timestamps of y), spikes that recur on one day of the
 * month in two or more months are charges, not noise: they are kept. */
static void clean_spikes(double *y, size_t n, size_t m, const int64_t *t, rw_prep *p)
{
    if (n < 8) return;
    double *resid = malloc(n * sizeof *resid), *base = malloc(n * sizeof *base);
    double *tmp = malloc(n * sizeof *tmp);
    if (!resid || !base || !tmp) goto out;
    for (size_t i = 0; i < n; i++) {
        double w[7];
        size_t k = 0;
        if (m > 1 && n >= 3 * m) {
            /* The nearest four seasons, from one side near the ends: two
             * would be too few, their median being the mean of a spike and
             * a normal value, which would "clean" the normal one upwards. */
            for (int j = 1; j <= 4 && k < 4; j++) {
                long lo = (long)i - j * (long)m, hi = (long)i + j * (long)m;
                if (lo >= 0) w[k++] = y[lo];
                if (hi < (long)n && k < 4) w[k++] = y[hi];
            }
        } else {
            for (int j = -3; j <= 3; j++) {
                long idx = (long)i + j;
                if (j != 0 && idx >= 0 && (size_t)idx < n) w[k++] = y[idx];
            }
        }
        base[i] = median(w, k);
        resid[i] = y[i] - base[i];
        tmp[i] = fabs(resid[i]);
    }
    double scale = MAD_SCALE * median(tmp, n);
    if (!(scale > 0)) {
        /* Exactly regular data (a flat fee every day): a departure of more
         * than a millionth of the typical level is then a spike. */
        for (size_t i = 0; i < n; i++) base[i] = fabs(y[i]);
        scale = 1e-6 * median(base, n);
        for (size_t i = 0; i < n; i++) base[i] = y[i] - resid[i];
    }
    if (!(scale > 0)) goto out;
    /* Mark candidates (tmp[i] = 1), count them per day of the month. */
    int per_day[32] = {0};
    const double lo = RW_PREP_SPIKE_Z / 2;
    for (size_t i = 0; i < n; i++) tmp[i] = 0;
    for (size_t i = 1; i + 1 < n; i++) {
        double z = fabs(resid[i]) / scale, zn = fabs(resid[i + 1]) / scale;
        if (tmp[i] != 0 || fabs(resid[i - 1]) / scale >= lo) continue;
        /* One-off: the neighbours are ordinary. */
        if (z > RW_PREP_SPIKE_Z && zn < lo) {
            tmp[i] = 1;
        } else if (i + 2 < n && zn >= lo && z >= lo && fmax(z, zn) > RW_PREP_SPIKE_Z &&
                   resid[i] > 0 && resid[i + 1] > 0 && fabs(resid[i + 2]) / scale < lo) {
            /* A two-day burst upwards (a long batch job): cleaned, and not a
             * calendar charge. Two low days are left alone: weekends look
             * like that before a weekly period can be fitted. */
            tmp[i] = tmp[i + 1] = 2;
            continue;
        }
        if (tmp[i] == 1 && t) {
            int64_t yy;
            int mo, d;
            rw_civil_from_days(rw_time_floor(t[i], RW_GRAN_DAY) / RW_DAY, &yy, &mo, &d);
            per_day[d]++;
        }
    }
    for (int d = 1; d <= 31; d++)
        if (per_day[d] >= 2) p->calendar_day[p->ncalendar++] = d;
    for (size_t i = 0; i < n; i++) {
        if (tmp[i] == 0) continue;
        if (t) {
            int64_t yy;
            int mo, d;
            rw_civil_from_days(rw_time_floor(t[i], RW_GRAN_DAY) / RW_DAY, &yy, &mo, &d);
            if (per_day[d] >= 2) continue; /* a recurring charge */
        }
        if (p->nspikes < RW_PREP_MAX_SPIKES) p->spike[p->nspikes] = p->start + i;
        p->nspikes++;
        y[i] = base[i];
    }
out:
    free(resid);
    free(base);
    free(tmp);
}

/* Looks for a level shift in the recent history of y (deseasonalised by
 * `seasonal` when given): the split point in the last third maximising the
 * difference of medians, significant at RW_PREP_SHIFT_Z robust spreads of
 * the first differences. Returns 1 and the index and size when found. */
static int find_shift(const double *y, const double *seasonal, size_t n, size_t min_tail,
                      size_t *at, double *size)
{
    if (n < 3 * min_tail || min_tail < 3) return 0;
    double *d = malloc(n * sizeof *d), *tmp = malloc(n * sizeof *tmp);
    int found = 0;
    if (!d || !tmp) goto out;
    for (size_t i = 0; i < n; i++) d[i] = y[i] - (seasonal ? seasonal[i] : 0);
    for (size_t i = 1; i < n; i++) tmp[i - 1] = fabs(d[i] - d[i - 1]);
    double noise = MAD_SCALE * median(tmp, n - 1) / sqrt(2.0);
    if (!(noise > 0)) goto out;
    double best = 0;
    size_t best_at = 0;
    for (size_t s = n - n / 3; s + min_tail <= n; s += (min_tail + 3) / 4) {
        size_t before = s < 2 * min_tail ? s : 2 * min_tail;
        memcpy(tmp, d + s - before, before * sizeof *tmp);
        double m0 = median(tmp, before);
        memcpy(tmp, d + s, (n - s) * sizeof *tmp);
        double m1 = median(tmp, n - s);
        if (fabs(m1 - m0) > fabs(best)) {
            best = m1 - m0;
            best_at = s;
        }
    }
    for (size_t i = 0; i < n; i++) tmp[i] = fabs(y[i]);
    double level = median(tmp, n);
    if (fabs(best) > RW_PREP_SHIFT_Z * noise && fabs(best) >= RW_PREP_SHIFT_REL * level) {
        *at = best_at;
        *size = best;
        found = 1;
    }
out:
    free(d);
    free(tmp);
    return found;
}

rw_status rw_prep_run(const rw_ts *ts, const rw_prep_opts *o, rw_prep *p, rw_error *err)
{
    memset(p, 0, sizeof *p);
    size_t observed = 0;
    for (size_t i = 0; i < ts->n; i++) observed += !isnan(ts->y[i]);
    if (observed < 3)
        return rw_error_set(err, RW_ESHORT, NULL, 0,
                            "series '%s' has %zu observed values; at least 3 are needed",
                            ts->name, observed);
    /* Leading and trailing gaps carry nothing: fit from the first to the
     * last observed value. */
    size_t first = 0, n = ts->n;
    while (isnan(ts->y[first])) first++;
    while (isnan(ts->y[n - 1])) n--;
    n -= first;
    p->start = first;
    p->y = malloc(n * sizeof *p->y);
    double *seasonal = malloc(n * sizeof *seasonal);
    if (!p->y || !seasonal) {
        free(seasonal);
        rw_prep_cleanup(p);
        return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    }
    memcpy(p->y, ts->y + first, n * sizeof *p->y);
    p->n = n;
    rw_seasonality cand;
    if (o && o->periods) cand = *o->periods;
    else rw_prep_default_periods(ts->gran, n, &cand);
    size_t m0 = cand.n ? (size_t)lround(cand.period[0]) : 1;
    p->ngaps = fill_gaps(p->y, n, m0 <= n / 2 ? m0 : 1);
    /* Periods: keep those with two full cycles and enough strength (fixed
     * periods only need the two cycles). Stronger short cycles are removed
     * before testing longer ones, as MSTL does. */
    double *work = malloc(n * sizeof *work);
    if (!work) {
        free(seasonal);
        rw_prep_cleanup(p);
        return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    }
    memcpy(work, p->y, n * sizeof *work);
    for (size_t i = 0; i < n; i++) seasonal[i] = 0;
    for (size_t k = 0; k < cand.n; k++) {
        size_t m = (size_t)lround(cand.period[k]);
        p->candidate[p->ncandidates] = cand.period[k];
        double *comp = malloc(n * sizeof *comp);
        double st = comp ? strength(work, n, m, comp) : 0;
        p->candidate_strength[p->ncandidates++] = st;
        int keep = n >= 2 * m && m >= 2 && (o && o->periods ? 1 : st >= RW_PREP_MIN_STRENGTH);
        if (keep && comp) {
            p->seas.period[p->seas.n] = cand.period[k];
            p->strength[p->seas.n++] = st;
            for (size_t i = 0; i < n; i++) {
                work[i] -= comp[i];
                seasonal[i] += comp[i];
            }
        }
        free(comp);
    }
    free(work);
    size_t m = p->seas.n ? (size_t)lround(p->seas.period[0]) : 1;
    if (!o || o->clean_spikes)
        clean_spikes(p->y, n, m, ts->gran == RW_GRAN_DAY ? ts->t + p->start : NULL, p);
    size_t longest = p->seas.n ? (size_t)lround(p->seas.period[p->seas.n - 1]) : 1;
    size_t tail = m > 1 ? 2 * m : 14;
    size_t at;
    double size;
    if (find_shift(p->y, p->seas.n ? seasonal : NULL, n, tail, &at, &size)) {
        p->shift = 1;
        p->shift_at = p->start + at;
        p->shift_size = size;
        /* Cut only when the newer history still holds three long seasons
         * and some; otherwise keep everything and let the models adapt. */
        if ((!o || o->cut_level_shift) && n - at >= 3 * longest && n - at >= 3 * tail) {
            memmove(p->y, p->y + at, (n - at) * sizeof *p->y);
            p->start += at;
            p->n = n - at;
            size_t kept = 0, listed = p->nspikes < RW_PREP_MAX_SPIKES ? p->nspikes : RW_PREP_MAX_SPIKES;
            for (size_t i = 0; i < listed; i++)
                if (p->spike[i] >= p->start) p->spike[kept++] = p->spike[i];
            p->nspikes = kept;
        }
    }
    free(seasonal);
    return RW_OK;
}

void rw_prep_cleanup(rw_prep *p)
{
    free(p->y);
    p->y = NULL;
}
