/* common.c: helpers of the commands not yet moved onto runway.h (cli_old.h). */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include "cli/cli_old.h"
#include "ingest/columns.h"
#include "util/num.h"
#include "util/timeutil.h"

int rw_cli_common(rw_cli *cli, int opt, const char *arg)
{
    switch (opt) {
    case 'D': cli->db_path = arg; return 1;
    case 'q': cli->quiet = 1; return 1;
    case 'v': cli->verbose = 1; return 1;
    default: return 0;
    }
}

rw_status rw_cli_open_store(const rw_cli *cli, rw_store **out)
{
    rw_error err;
    rw_error_clear(&err);
    rw_status st = rw_store_open(cli->db_path, out, &err);
    if (st != RW_OK) rw_cli_error(&err);
    return st;
}

int rw_cli_parse_time(const char *flag, const char *text, int end_inclusive, int64_t *out)
{
    size_t n = strlen(text);
    if (rw_time_parse(text, n, 0, out) != RW_OK) {
        rw_cli_errorf("%s: '%s' is not a date (YYYY-MM-DD) or ISO 8601 time", flag, text);
        return 0;
    }
    if (end_inclusive) *out += n == 10 ? RW_DAY : 1;
    return 1;
}

int rw_cli_parse_int(const char *flag, const char *text, int64_t lo, int64_t hi,
                     const char *what, int64_t *out)
{
    if (rw_parse_int64(text, lo, hi, out) != RW_OK) {
        rw_cli_errorf("%s: '%s' is not %s", flag, text, what);
        return 0;
    }
    return 1;
}

int rw_cli_parse_amount(const char *flag, const char *text, double *out)
{
    if (rw_parse_double(text, out) != RW_OK) {
        rw_cli_errorf("%s: '%s' is not a number", flag, text);
        return 0;
    }
    return 1;
}

int rw_cli_parse_currency(const char *text, char out[4])
{
    if (strlen(text) == 3) {
        memcpy(out, text, 4);
        if (rw_currency_norm(out)) return 1;
    }
    rw_cli_errorf("--currency: '%s' is not a 3-letter ISO 4217 code", text);
    return 0;
}
