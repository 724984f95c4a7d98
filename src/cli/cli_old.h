/* cli.h: shared state and helpers of the command-line front end.
 *
 * Each command lives in its own cmd_*.c: it parses its flags into a config
 * struct, calls the core library and returns a process exit code. Only this
 * layer turns statuses into exit codes and prints. */
#ifndef RW_CLI_OLD_H
#define RW_CLI_OLD_H

#include <stdint.h>
#include <stdio.h>
#include "cli/cli.h"
#include "store/store.h"
#include "util/error.h"


/* The long options every command accepts; append to a command's table. */
#define RW_CLI_COMMON_OPTIONS                                                   \
    {"db", required_argument, NULL, 'D'}, {"quiet", no_argument, NULL, 'q'},    \
        {"verbose", no_argument, NULL, 'v'}, {"help", no_argument, NULL, 'h'}

/* Handles a common option `opt` (with `arg`). Returns 1 when handled. */
int rw_cli_common(rw_cli *cli, int opt, const char *arg);


/* Opens the store named by cli->db_path, printing any error. */
rw_status rw_cli_open_store(const rw_cli *cli, rw_store **out);

/* Parses a date (YYYY-MM-DD) or ISO 8601 time given to `flag`, UTC unless
 * a zone is given. With end_inclusive, a bare date means the end of that
 * day and a time means just after it. Prints an error and returns 0 when
 * the text is not a time. */
int rw_cli_parse_time(const char *flag, const char *text, int end_inclusive, int64_t *out);

/* Parses an integer in [lo, hi] given to `flag`; prints "FLAG: 'TEXT' is
 * not WHAT" and returns 0 on failure. */
int rw_cli_parse_int(const char *flag, const char *text, int64_t lo, int64_t hi,
                     const char *what, int64_t *out);

/* Parses a finite amount given to `flag`; prints an error and returns 0 on
 * failure. */
int rw_cli_parse_amount(const char *flag, const char *text, double *out);

/* Parses an ISO 4217 code given to --currency into out (upper case);
 * prints an error and returns 0 when it is not three letters. */
int rw_cli_parse_currency(const char *text, char out[4]);



int rw_cmd_report(rw_cli *cli, int argc, char **argv);
int rw_cmd_demo(rw_cli *cli, int argc, char **argv);
int rw_cmd_run(rw_cli *cli, int argc, char **argv);

#endif
