/* error.h: error context carried next to a status (jansson json_error_t style).
 * rw_error and its functions are public (runway.h).
 *
 * A caller owns an rw_error (usually on the stack), passes its address down,
 * and reads it when a call returns a status other than RW_OK. The first error
 * set wins until rw_error_clear, so the innermost context is kept. */
#ifndef RW_ERROR_H
#define RW_ERROR_H

#include <stdarg.h>
#include <stddef.h>
#include "util/status.h"

#endif
