/* fuzz_azure.c: libFuzzer target for the azure parser over an in-memory input. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_parse(RW_FMT_AZURE, data, size);
    return 0;
}
