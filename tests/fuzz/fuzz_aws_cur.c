/* fuzz_aws_cur.c: libFuzzer target for the aws-cur parser over an in-memory input. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_parse(RW_FMT_AWS_CUR, data, size);
    return 0;
}
