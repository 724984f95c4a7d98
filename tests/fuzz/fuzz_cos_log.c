/* fuzz_cos_log.c: libFuzzer target for the cos-log parser over an in-memory input. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_parse(RW_FMT_COS_LOG, data, size);
    return 0;
}
