/* fuzz_s3_log.c: libFuzzer target for the s3-log parser over an in-memory input. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_parse(RW_FMT_S3_LOG, data, size);
    return 0;
}
