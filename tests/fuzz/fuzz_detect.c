/* fuzz_detect.c: libFuzzer target for format detection, then the detected format's parser (as rw_ingest_file) over an in-memory input. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_parse(RW_FMT_AUTO, data, size);
    return 0;
}
