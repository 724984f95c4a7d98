/* error.h: error context carried next to a status (jansson json_error_t style).
 *
 * A caller owns an rw_error (usually on the stack), passes its address down,
 * and reads it when a call returns a status other than RW_OK. The first error
 * set wins until rw_error_clear, so the innermost context is kept. */
#ifndef RW_ERROR_H
#define RW_ERROR_H

#include <stdarg.h>
#include <stddef.h>
#include "util/status.h"

#define RW_ERROR_TEXT 512

typedef struct rw_error {
    rw_status status;         /* status this context belongs to (RW_OK: none) */
    char file[256];           /* input file name, "" when not about a file */
    long line;                /* 1-based line in `file`, 0 when unknown */
    char text[RW_ERROR_TEXT]; /* what is wrong, one line, no trailing newline */
} rw_error;

/* Resets `err` to "no error". `err` may be NULL. */
void rw_error_clear(rw_error *err);

/* Records an error about `file`:`line` (file may be NULL, line 0) unless one
 * is already recorded. Returns `st` so callers can `return rw_error_set(...)`.
 * `err` may be NULL, in which case only `st` is returned. */
rw_status rw_error_set(rw_error *err, rw_status st, const char *file, long line,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Formats `err` as "FILE:LINE: text" (or "FILE: text", or "text") into `out`. */
void rw_error_format(const rw_error *err, char *out, size_t size);

#endif
