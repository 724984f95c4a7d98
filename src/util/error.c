/* error.c: recording and formatting rw_error contexts. */
#include <stdio.h>
#include <string.h>
#include "util/error.h"

void rw_error_clear(rw_error *err)
{
    if (!err) return;
    err->status = RW_OK;
    err->file[0] = '\0';
    err->line = 0;
    err->text[0] = '\0';
}

rw_status rw_error_set(rw_error *err, rw_status st, const char *file, long line,
                       const char *fmt, ...)
{
    if (!err || err->status != RW_OK) return st;
    err->status = st;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    /* Keep messages on one line whatever the input contained. */
    for (char *p = err->text; *p; p++)
        if (*p == '\n' || *p == '\r') *p = ' ';
    return st;
}

void rw_error_format(const rw_error *err, char *out, size_t size)
{
    const char *text = err->text[0] ? err->text : rw_strerror(err->status);
    if (err->file[0] && err->line > 0)
        snprintf(out, size, "%s:%ld: %s", err->file, err->line, text);
    else if (err->file[0])
        snprintf(out, size, "%s: %s", err->file, text);
    else
        snprintf(out, size, "%s", text);
}
