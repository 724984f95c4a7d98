/* common.c: helpers shared by the command implementations. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include "cli/cli.h"
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

void rw_cli_errorf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("runway: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void rw_cli_error(const rw_error *err)
{
    char msg[1024];
    rw_error_format(err, msg, sizeof msg);
    rw_cli_errorf("%s", msg);
}

int rw_cli_exit_code(rw_status st)
{
    switch (st) {
    case RW_OK:
    case RW_EDUPLICATE: return EXIT_OKAY;
    case RW_EFORMAT:
    case RW_EREJECTED: return EXIT_DATA;
    case RW_EINVAL: return EXIT_USAGE;
    default: return EXIT_RUNTIME;
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

int rw_cli_usage_error(const char *usage)
{
    fprintf(stderr, "%s", usage);
    return EXIT_USAGE;
}

int rw_cli_flush_stdout(void)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        rw_cli_errorf("writing output failed: %s", strerror(errno));
        return EXIT_RUNTIME;
    }
    return EXIT_OKAY;
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
