/* fuzz_cli.c: libFuzzer target for the parsers of values people type
 * (runway.h "Values given by people", used by every command's flags):
 * times (with the end-inclusive day rule), months, integers, amounts,
 * currencies, durations, zone offsets and dated flows. */
#include <stdio.h>
#include "fuzz_common.h"
#include "runway.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (memchr(data, '\0', size)) return 0; /* argv strings hold no NUL */
    char *s = fuzz_strdup(data, size);
    if (!s) return 0;
    int64_t t = 0, i = 0;
    double a = 0;
    char cur[4];
    rw_flow_plan f;
    rw_error err;
    rw_error_clear(&err);
    (void)rw_parse_when(s, 0, &t, &err);
    (void)rw_parse_when(s, 1, &t, &err);
    (void)rw_parse_month(s, &t, &err);
    (void)rw_parse_count(s, 1, 100000, "a count", &i, &err);
    (void)rw_parse_amount(s, &a, &err);
    (void)rw_parse_currency(s, cur, &err);
    (void)rw_parse_duration(s, &t, &err);
    (void)rw_parse_offset(s, &t, &err);
    (void)rw_parse_flow(s, &f, &err);
    free(s);
    return 0;
}
