/* fuzz_time.c: libFuzzer target for timestamp parsing: rw_time_parse (the
 * first two bytes choose the naive offset), rw_time_parse_order in each
 * day/month order and rw_time_parse_clf, all on an exactly sized,
 * non-NUL-terminated buffer; a parsed time is formatted back with
 * rw_time_format_iso and re-parsed, which must agree, and what
 * rw_time_parse reads every order must read the same. */
#include "fuzz_common.h"
#include "util/timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int64_t offset = 0;
    if (size >= 2) {
        offset = ((int64_t)((data[0] << 8) | data[1]) - 32768) * 60;
        data += 2;
        size -= 2;
    }
    char *s = malloc(size ? size : 1); /* not NUL-terminated */
    if (!s) return 0;
    if (size) memcpy(s, data, size);
    int64_t t = 0;
    if (rw_time_parse(s, size, offset, &t) == RW_OK) {
        char iso[64];
        rw_time_format_iso(t, iso, sizeof iso);
        int64_t back = 0;
        if (rw_time_parse(iso, strlen(iso), 0, &back) == RW_OK && back != t) __builtin_trap();
        for (int o = RW_DATE_AUTO; o <= RW_DATE_DMY; o++)
            if (rw_time_parse_order(s, size, offset, (rw_date_order)o, &back) != RW_OK ||
                back != t)
                __builtin_trap();
    }
    for (int o = RW_DATE_AUTO; o <= RW_DATE_DMY; o++)
        (void)rw_time_parse_order(s, size, offset, (rw_date_order)o, &t);
    int a, b;
    (void)rw_time_slash_parts(s, size, &a, &b);
    (void)rw_time_parse_clf(s, size, &t);
    free(s);
    return 0;
}
