/* stats.c: order statistics without sorting. */
#include <math.h>
#include <string.h>
#include "util/stats.h"

/* The k-th smallest of v[lo..hi] (0-based positions, lo <= k <= hi) into
 * v[k], with everything before it in [lo, k) no larger and everything
 * after it in (k, hi] no smaller (quickselect with a median-of-three
 * pivot: linear time on average, no sort needed). */
static double select_kth(double *v, size_t lo, size_t hi, size_t k)
{
    if (k == lo) { /* the minimum: one pass, no partitioning */
        size_t at = lo;
        for (size_t i = lo + 1; i <= hi; i++)
            if (v[i] < v[at]) at = i;
        double t = v[lo];
        v[lo] = v[at];
        v[at] = t;
        return v[lo];
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        /* Order v[lo], v[mid], v[hi]; the median goes to v[hi] as pivot. */
        if (v[mid] < v[lo]) { double t = v[mid]; v[mid] = v[lo]; v[lo] = t; }
        if (v[hi] < v[lo]) { double t = v[hi]; v[hi] = v[lo]; v[lo] = t; }
        if (v[mid] < v[hi]) { double t = v[mid]; v[mid] = v[hi]; v[hi] = t; }
        double pivot = v[hi];
        size_t store = lo;
        /* Branch-free Lomuto: [lo, store) < pivot <= [store, i) holds
         * whether or not v[i] joins the left part, and the random order of
         * the paths would mispredict a branch half the time. */
        for (size_t i = lo; i < hi; i++) {
            double t = v[i];
            size_t less = t < pivot;
            v[i] = v[store];
            v[store] = t;
            store += less;
        }
        double t = v[store];
        v[store] = v[hi];
        v[hi] = t;
        if (store == k) return v[k];
        if (k < store) hi = store - 1;
        else lo = store + 1;
    }
    return v[k];
}

/* Selects the order statistics at the sorted, distinct positions
 * pos[0..np) inside v[lo..hi]: the middle one first, then each half of the
 * positions inside its side of it only, so later selections scan ever
 * shorter ranges. v[pos[i]] then holds the pos[i]-th smallest. */
static void select_many(double *v, size_t lo, size_t hi, const size_t *pos, size_t np)
{
    if (np == 0) return;
    size_t mid = np / 2, k = pos[mid];
    select_kth(v, lo, hi, k);
    if (mid > 0) select_many(v, lo, k - 1, pos, mid);
    if (mid + 1 < np) select_many(v, k + 1, hi, pos + mid + 1, np - mid - 1);
}

double rw_quantile_select(double *v, size_t n, double q)
{
    double pos = q * (double)(n - 1);
    size_t i = (size_t)floor(pos);
    double a = select_kth(v, 0, n - 1, i);
    if (i + 1 >= n || pos == (double)i) return a;
    /* After selection everything past i is >= v[i]: the next order
     * statistic is their minimum. */
    double b = v[i + 1];
    for (size_t j = i + 2; j < n; j++)
        if (v[j] < b) b = v[j];
    return a + (pos - (double)i) * (b - a);
}


void rw_quantiles_select(double *v, size_t n, const double *q, size_t nq, double *out)
{
    /* Every order statistic needed (i and i + 1 for each q), sorted and
     * distinct; insertion sort, as there are at most 2 * RW_QUANTILES_MAX. */
    size_t pos[2 * RW_QUANTILES_MAX] = {0}, np = 0;
    for (size_t j = 0; j < nq && j < RW_QUANTILES_MAX; j++) {
        size_t i = (size_t)floor(q[j] * (double)(n - 1));
        size_t want[2] = {i, i + 1};
        for (size_t w = 0; w < 2 && want[w] < n; w++) {
            size_t at = np;
            while (at > 0 && pos[at - 1] > want[w]) at--;
            if (at > 0 && pos[at - 1] == want[w]) continue;
            memmove(pos + at + 1, pos + at, (np - at) * sizeof *pos);
            pos[at] = want[w];
            np++;
        }
    }
    select_many(v, 0, n - 1, pos, np);
    for (size_t j = 0; j < nq && j < RW_QUANTILES_MAX; j++) {
        double p = q[j] * (double)(n - 1);
        size_t i = (size_t)floor(p);
        double a = v[i];
        out[j] = i + 1 >= n || p == (double)i ? a : a + (p - (double)i) * (v[i + 1] - a);
    }
}
