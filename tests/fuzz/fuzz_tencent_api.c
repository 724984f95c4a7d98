/* fuzz_tencent_api.c: libFuzzer target for the tencent-api parser over an in-memory input. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_parse(RW_FMT_TENCENT_API, data, size);
    return 0;
}
