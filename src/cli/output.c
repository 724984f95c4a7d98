/* output.c: how the command line reports: errors and messages on stderr
 * as "runway: ...", exit codes from statuses, checked stdout (cli.h).
 * Messages and errors quote data (file names, field values, servers'
 * answers), so each is written as one line with every unsafe character
 * escaped, line breaks included (runway's own messages are one line each):
 * data can neither drive the terminal nor forge a line of its own. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"

/* "runway: " + prefix + text escaped + "\n" on stderr. */
static void say(const char *prefix, const char *text)
{
    fputs("runway: ", stderr);
    fputs(prefix, stderr);
    rw_text_fput_keep(text, NULL, stderr);
    fputc('\n', stderr);
}

void rw_cli_errorf(const char *fmt, ...)
{
    char small[1024] = "", *text = small;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof small && (text = malloc((size_t)n + 1)) != NULL) {
        va_start(ap, fmt);
        vsnprintf(text, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    say("", text ? text : small);
    if (text != small) free(text);
}

void rw_cli_error(const rw_error *err)
{
    if (!err->text[0] && err->status == RW_OK) return;
    char msg[1024];
    rw_error_format(err, msg, sizeof msg);
    say("", msg);
}

int rw_cli_exit_code(rw_status st)
{
    switch (st) {
    case RW_OK:
    case RW_EDUPLICATE: return EXIT_OKAY;
    case RW_EFORMAT:
    case RW_EREJECTED: return EXIT_DATA;
    case RW_EINVAL: return EXIT_USAGE;
    case RW_EDISCREPANCY: return EXIT_DISCREPANCY;
    default: return EXIT_RUNTIME;
    }
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

int rw_cli_finish(rw_status st, const rw_error *err)
{
    int out = rw_cli_flush_stdout();
    if (st != RW_OK && st != RW_EDUPLICATE) {
        rw_cli_error(err);
        return rw_cli_exit_code(st);
    }
    return out;
}

void rw_cli_message(void *ctx, rw_message_level level, const char *text)
{
    const rw_cli *cli = ctx;
    if (level == RW_MSG_DETAIL ? !cli->verbose : level != RW_MSG_WARNING && cli->quiet) return;
    say(level == RW_MSG_NOTE ? "note: " : "", text);
}
