/* fuzz_csv.c: libFuzzer target for the CSV record reader (csv.h): every
 * record is read, every field materialised and a header lookup done. The
 * first byte picks the delimiter. */
#include "fuzz_common.h"
#include "ingest/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char delims[] = {',', '\t', ';', '|'};
    char delim = ',';
    if (size > 0) {
        delim = delims[data[0] & 3];
        data++;
        size--;
    }
    rw_input in;
    if (!fuzz_input_init(&in, data, size)) return 0;
    rw_csv c;
    rw_csv_init(&c, &in, delim);
    rw_error err;
    rw_error_clear(&err);
    size_t total = 0;
    for (;;) {
        if (rw_csv_next(&c, &err) != RW_OK) break;
        if (c.bad) {
            total += c.raw_len;
            continue;
        }
        if (c.nfields == 0) break;
        for (size_t f = 0; f <= c.nfields; f++) {
            size_t len = 0;
            const char *s = rw_csv_field(&c, f, &len);
            if (strlen(s) > len) __builtin_trap(); /* len covers the whole text */
            total += len;
        }
        (void)rw_csv_find(&c, "BilledCost");
    }
    (void)total;
    rw_csv_cleanup(&c);
    fuzz_input_free(&in);
    return 0;
}
