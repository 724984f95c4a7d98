/* test_stats.c: quantiles by selection against a sort-based oracle. */
#include <stdlib.h>
#include "check.h"
#include "util/stats.h"

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Type-7 quantile of sorted data: the straightforward definition. */
static double oracle(const double *sorted, size_t n, double q)
{
    double pos = q * (double)(n - 1);
    size_t i = (size_t)floor(pos);
    if (i + 1 >= n) return sorted[n - 1];
    return sorted[i] + (pos - (double)i) * (sorted[i + 1] - sorted[i]);
}

int main(void)
{
    srand(3);
    double v[1200], s[1200];
    int bad = 0;
    for (int trial = 0; trial < 3000; trial++) {
        size_t n = 1 + (size_t)(rand() % 1200);
        int ties = rand() % 3 == 0;
        for (size_t i = 0; i < n; i++)
            v[i] = ties ? (double)(rand() % 7) : (double)rand() / RAND_MAX * 200 - 100;
        memcpy(s, v, n * sizeof *v);
        qsort(s, n, sizeof *s, cmp);
        static const double qs[] = {0, 0.025, 0.1, 0.5, 0.9, 0.975, 1};
        for (size_t k = 0; k < sizeof qs / sizeof qs[0]; k++) {
            /* Successive selections on the same, reordered array. */
            double got = rw_quantile_select(v, n, qs[k]), want = oracle(s, n, qs[k]);
            if (fabs(got - want) > 1e-12 * fmax(1.0, fabs(want))) bad++;
        }
    }
    CHECK(bad == 0);
    /* Several quantiles at once: bit for bit the single selections' values
     * (and the oracle's), in any order of q, duplicates and ends included. */
    int diff = 0;
    for (int trial = 0; trial < 3000; trial++) {
        size_t n = 1 + (size_t)(rand() % 1200);
        int ties = rand() % 3 == 0;
        for (size_t i = 0; i < n; i++)
            v[i] = ties ? (double)(rand() % 7) : (double)rand() / RAND_MAX * 200 - 100;
        memcpy(s, v, n * sizeof *v);
        qsort(s, n, sizeof *s, cmp);
        double q[RW_QUANTILES_MAX], got[RW_QUANTILES_MAX], w[1200];
        size_t nq = 1 + (size_t)(rand() % RW_QUANTILES_MAX);
        for (size_t k = 0; k < nq; k++)
            q[k] = rand() % 5 == 0 ? (double)(rand() % 3) / 2 : (double)rand() / RAND_MAX;
        rw_quantiles_select(v, n, q, nq, got);
        for (size_t k = 0; k < nq; k++) {
            memcpy(w, s, n * sizeof *s);
            double one = rw_quantile_select(w, n, q[k]);
            if (got[k] != one) diff++;
            if (fabs(got[k] - oracle(s, n, q[k])) > 1e-12 * fmax(1.0, fabs(got[k]))) bad++;
        }
    }
    CHECK(diff == 0);
    CHECK(bad == 0);
    double q4[] = {0.025, 0.975, 0.1, 0.9}, o4[4], w4[] = {3, 1, 2};
    rw_quantiles_select(w4, 3, q4, 4, o4);
    CHECK(fabs(o4[0] - 1.05) < 1e-12 && fabs(o4[1] - 2.95) < 1e-12);
    CHECK(fabs(o4[2] - 1.2) < 1e-12 && fabs(o4[3] - 2.8) < 1e-12);
    double one = 4.5;
    CHECK(rw_quantile_select(&one, 1, 0.3) == 4.5);
    CHECK_DONE();
}
