/* fuzz_tz.c: libFuzzer target for TZif files: rw_tz_parse on an exactly
 * sized buffer; a zone that loads is asked for offsets at instants across
 * its range, and local -> UTC -> local must come back for times outside
 * gaps (checked loosely: the round trip may move by at most a day). */
#include "fuzz_common.h"
#include "util/tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *b = malloc(size ? size : 1);
    if (!b) return 0;
    if (size) memcpy(b, data, size);
    rw_tz *z = NULL;
    if (rw_tz_parse("Fuzz/Zone", b, size, "fuzz", &z, NULL) == RW_OK) {
        static const int64_t t[] = {INT64_MIN / 4, -2000000000, 0, 515527200, 1711846800,
                                    4128627600, INT64_MAX / 4};
        for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
            int64_t off = rw_tz_offset(z, t[i]);
            if (off < -89999 || off > 93599) __builtin_trap();
            int64_t back = rw_tz_to_utc(z, rw_tz_to_local(z, t[i]));
            if (back - t[i] > 2 * 86400 || t[i] - back > 2 * 86400) __builtin_trap();
        }
    }
    rw_tz_free(z);
    free(b);
    return 0;
}
