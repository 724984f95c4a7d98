/* stats.c: order statistics without sorting. */
#include <math.h>
#include "util/stats.h"

/* The k-th smallest of v[0..n) (0-based); reorders v (quickselect with a
 * median-of-three pivot: linear time on average, no sort needed). */
static double select_kth(double *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        /* Order v[lo], v[mid], v[hi]; the median goes to v[hi] as pivot. */
        if (v[mid] < v[lo]) { double t = v[mid]; v[mid] = v[lo]; v[lo] = t; }
        if (v[hi] < v[lo]) { double t = v[hi]; v[hi] = v[lo]; v[lo] = t; }
        if (v[mid] < v[hi]) { double t = v[mid]; v[mid] = v[hi]; v[hi] = t; }
        double pivot = v[hi];
        size_t store = lo;
        for (size_t i = lo; i < hi; i++)
            if (v[i] < pivot) {
                double t = v[i];
                v[i] = v[store];
                v[store++] = t;
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

double rw_quantile_select(double *v, size_t n, double q)
{
    double pos = q * (double)(n - 1);
    size_t i = (size_t)floor(pos);
    double a = select_kth(v, n, i);
    if (i + 1 >= n || pos == (double)i) return a;
    /* After selection everything past i is >= v[i]: the next order
     * statistic is their minimum. */
    double b = v[i + 1];
    for (size_t j = i + 2; j < n; j++)
        if (v[j] < b) b = v[j];
    return a + (pos - (double)i) * (b - a);
}

