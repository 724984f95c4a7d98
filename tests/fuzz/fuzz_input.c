/* fuzz_input.c: libFuzzer target for the real file input (input.h over
 * reader.h): the data is written to a temp file, opened with rw_input_open
 * (gzip detected from the content, read and hashed on the reader thread),
 * detected and parsed as rw_ingest_file does, then digested. Slower than the
 * in-memory targets; it covers gzip and the buffer refill paths. */
#include "fuzz_common.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    if (!fuzz_temp_file(data, size, path)) return 0;
    rw_input in;
    rw_error err;
    rw_error_clear(&err);
    rw_status st = rw_input_open(&in, path, &err);
    rw_format f = RW_FMT_AUTO;
    if (st == RW_OK) st = rw_format_detect(&in, &f, &err);
    if (st == RW_OK) {
        fuzz_counts n;
        memset(&n, 0, sizeof n);
        rw_sink sink = fuzz_sink(&n);
        rw_ingest_opts opts = {f, NULL, 0, RW_OFFSET_DEFAULT, RW_DATE_AUTO};
        st = rw_format_parser(f)(&in, &opts, &sink, &err);
    }
    if (st == RW_OK) {
        char hex[65];
        (void)rw_input_digest(&in, hex, &err);
    }
    rw_input_close(&in);
    unlink(path);
    return 0;
}
