/* num.h: strict number parsing for input data (no atoi/atof/sscanf). */
#ifndef RW_NUM_H
#define RW_NUM_H

#include <stddef.h>
#include <stdint.h>
#include "util/status.h"

/* Parses a finite decimal number from the NUL-terminated `s`, allowing
 * surrounding spaces, a leading '+', exponents, and thousands separators
 * only in the form "1,234.5" (commas every three digits). Rejects empty
 * text, NaN, infinities and values that overflow a double: RW_EFORMAT. */
rw_status rw_parse_double(const char *s, double *out);

/* Parses a base-10 integer in [min, max] from the NUL-terminated `s`. */
rw_status rw_parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);

/* Neumaier's compensated sum: exact to a few ulps of the result whatever
 * the order and the cancellation among terms (money must not drift). */
typedef struct rw_ksum {
    double sum; /* running sum */
    double c;   /* running compensation */
} rw_ksum;

static inline void rw_ksum_add(rw_ksum *k, double x)
{
    double t = k->sum + x;
    if ((k->sum >= 0 ? k->sum : -k->sum) >= (x >= 0 ? x : -x))
        k->c += (k->sum - t) + x;
    else
        k->c += (x - t) + k->sum;
    k->sum = t;
}

static inline double rw_ksum_value(const rw_ksum *k)
{
    return k->sum + k->c;
}

#endif
