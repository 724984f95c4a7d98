/* stats.h: order statistics. */
#ifndef RW_STATS_H
#define RW_STATS_H

#include <stddef.h>

/* Quantile q (0..1) of v[0..n), n >= 1, with linear interpolation between
 * order statistics (R's type 7: the value at position q*(n-1) of the sorted
 * data), found by selection in linear average time. Reorders v. */
double rw_quantile_select(double *v, size_t n, double q);

#endif
