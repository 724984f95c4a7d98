/* fuzz_time.c: libFuzzer target for timestamp parsing: rw_time_parse (the
 * first two bytes choose the naive offset) and rw_time_parse_clf, both on
 * an exactly sized, non-NUL-terminated buffer; a parsed time is formatted
 * back with rw_time_format_iso and re-parsed, which must agree. */
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
    }
    (void)rw_time_parse_clf(s, size, &t);
    free(s);
    return 0;
}
