/* fuzz_cli.c: libFuzzer target for the CLI flag value parsers of
 * src/cli/common.c (compiled into this target): times (--from/--to, with
 * the end-inclusive day rule), integers, amounts and currencies. */
#include <stdio.h>
#include "cli/cli.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (memchr(data, '\0', size)) return 0; /* argv strings hold no NUL */
    char *s = fuzz_strdup(data, size);
    if (!s) return 0;
    int64_t t = 0, i = 0;
    double a = 0;
    char cur[4];
    (void)rw_cli_parse_time("--from", s, 0, &t);
    (void)rw_cli_parse_time("--to", s, 1, &t);
    (void)rw_cli_parse_int("--horizon", s, 1, 100000, "a count", &i);
    (void)rw_cli_parse_amount("--amount", s, &a);
    (void)rw_cli_parse_currency(s, cur);
    free(s);
    return 0;
}
