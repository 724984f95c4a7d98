/* stats.h: order statistics. */
#ifndef RW_STATS_H
#define RW_STATS_H

#include <stddef.h>

/* Quantile q (0..1) of v[0..n), n >= 1, with linear interpolation between
 * order statistics (R's type 7: the value at position q*(n-1) of the sorted
 * data), found by selection in linear average time. Reorders v. */
double rw_quantile_select(double *v, size_t n, double q);

#define RW_QUANTILES_MAX 16 /* quantiles one rw_quantiles_select call takes */

/* The quantiles q[0..nq) (nq <= RW_QUANTILES_MAX, each 0..1) of v[0..n),
 * n >= 1, into out[0..nq): each exactly rw_quantile_select's value, but the
 * order statistics are selected together, each inside the range the
 * previous ones left it (several tail quantiles of 1000 paths cost about
 * two selections instead of one each). Reorders v. */
void rw_quantiles_select(double *v, size_t n, const double *q, size_t nq, double *out);

#endif
