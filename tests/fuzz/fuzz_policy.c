/* fuzz_policy.c: libFuzzer target for the arrears policy loader and its
 * responses per level (rw_policy_load; it only takes a path, so the data
 * goes to a temp file). Seeds: models/policies and tests/fuzz/seeds/policy. */
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
    if (rw_policy_load(path, &p, &err) == RW_OK) {
        if (strlen(p.name) >= sizeof p.name) __builtin_trap();
        for (int k = 0; k < RW_RESPONSE_LEVELS; k++) {
            const rw_response *r = &p.response[k];
            if (strlen(r->action) >= sizeof r->action ||
                strlen(r->action_zh) >= sizeof r->action_zh ||
                strlen(r->notify) >= sizeof r->notify)
                __builtin_trap();
            /* A level given has an action and a window in (0, 1 year]. */
            if (r->set && (!r->action[0] || !(r->within_hours > 0 && r->within_hours <= 8760)))
                __builtin_trap();
        }
    } else if (err.status == RW_OK) {
        __builtin_trap(); /* a failure always says why */
    }
    unlink(path);
    return 0;
}
