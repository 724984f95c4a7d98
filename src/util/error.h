/* error.h: error context carried next to a status (jansson json_error_t style).
 * rw_error, rw_error_clear and rw_error_format are public (runway.h); this
 * adds how the library records an error.
 *
 * A caller owns an rw_error (usually on the stack), passes its address down,
 * and reads it when a call returns a status other than RW_OK. The first error
 * set wins until rw_error_clear, so the innermost context is kept. */
#ifndef RW_ERROR_H
#define RW_ERROR_H

#include <stdarg.h>
#include <stddef.h>
#include "util/status.h"

/* Records an error about `file`:`line` (file may be NULL, line 0) unless one
 * is already recorded. Returns `st` so callers can `return rw_error_set(...)`.
 * `err` may be NULL, in which case only `st` is returned. */
rw_status rw_error_set(rw_error *err, rw_status st, const char *file, long line,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
