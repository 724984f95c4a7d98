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
    double one = 4.5;
    CHECK(rw_quantile_select(&one, 1, 0.3) == 4.5);
    CHECK_DONE();
}
