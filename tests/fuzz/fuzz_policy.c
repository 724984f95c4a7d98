/* fuzz_policy.c: libFuzzer target for the arrears policy loader
 * (rw_policy_load; it only takes a path, so the data goes to a temp file). */
#include "fuzz_common.h"
#include "fuzz_file.h"
#include "plan/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    if (!fuzz_temp_file(data, size, path)) return 0;
    rw_policy p;
    rw_error err;
    rw_error_clear(&err);
    if (rw_policy_load(path, &p, &err) == RW_OK && strlen(p.name) >= sizeof p.name)
        __builtin_trap();
    unlink(path);
    return 0;
}
