/* fuzz_num.c: libFuzzer target for number parsing: rw_parse_double (the
 * result must be finite) and rw_parse_int64 (in the whole range and in a
 * narrow one; the result must be in range). */
#include <math.h>
#include "fuzz_common.h"
#include "util/num.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_strdup(data, size);
    if (!s) return 0;
    double d = 0;
    if (rw_parse_double(s, &d) == RW_OK && !isfinite(d)) __builtin_trap();
    int64_t v = 0;
    (void)rw_parse_int64(s, INT64_MIN, INT64_MAX, &v);
    if (rw_parse_int64(s, -5, 1000, &v) == RW_OK && (v < -5 || v > 1000)) __builtin_trap();
    free(s);
    return 0;
}
