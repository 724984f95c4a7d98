/* fuzz_creds.c: libFuzzer target for the Tencent Cloud credentials file
 * loader (rw_tc_creds_load, from a mode-0600 temp file). */
#include "fuzz_common.h"
#include "fuzz_file.h"
#include "net/tencent.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    if (!fuzz_temp_file(data, size, path)) return 0;
    unsetenv("TENCENTCLOUD_SECRET_ID"); /* the file is read only without these */
    unsetenv("TENCENTCLOUD_SECRET_KEY");
    rw_tc_creds c;
    rw_error err;
    rw_error_clear(&err);
    memset(&c, 0, sizeof c);
    if (rw_tc_creds_load(path, &c, &err) == RW_OK) rw_tc_creds_wipe(&c);
    unlink(path);
    return 0;
}
