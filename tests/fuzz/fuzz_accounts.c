/* fuzz_accounts.c: libFuzzer target for the account import (JSON array or
 * CSV; rw_accounts_import takes a path, so the data goes to a temp file).
 * Invariants: a failure always says why, with the file and a line; a
 * failed import stores nothing (the registry is unchanged); a success
 * stores what it says. Seeds: tests/fuzz/seeds/accounts. */
#include "fuzz_common.h"
#include "fuzz_file.h"
#include "runway.h"

/* The registry's size, as listed. */
static size_t registered(rw_session *s)
{
    rw_account_list *l = NULL;
    rw_error err;
    rw_error_clear(&err);
    if (rw_accounts_list(s, NULL, &l, &err) != RW_OK) __builtin_trap();
    size_t n = rw_account_list_count(l);
    rw_account_list_free(l);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    if (!fuzz_temp_file(data, size, path)) return 0;
    /* A store in memory: one per input, gone when the session closes. */
    rw_session_opts so = {":memory:", NULL, NULL};
    rw_session *s = NULL;
    rw_error err;
    rw_error_clear(&err);
    if (rw_session_open(&so, &s, &err) != RW_OK) __builtin_trap();
    size_t stored = 0, before = registered(s);
    rw_status st = rw_accounts_import(s, path, &stored, &err);
    size_t after = registered(s);
    if (st == RW_OK) {
        if (after < stored || after > before + stored) __builtin_trap();
    } else {
        if (err.status == RW_OK || !err.text[0] || stored || after != before) __builtin_trap();
        if (st == RW_EFORMAT && (strcmp(err.file, path) || err.line < 1)) __builtin_trap();
    }
    rw_session_close(s);
    unlink(path);
    return 0;
}
