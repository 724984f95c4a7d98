/* json_out.h: the one way writers print JSON: pretty, 15 significant
 * digits for reals (exact for money to 1e-15) unless a writer keeps the
 * older full precision, a final newline, and a checked stream. */
#ifndef RW_JSON_OUT_H
#define RW_JSON_OUT_H

#include <stdio.h>
#include <jansson.h>
#include "util/error.h"

#define RW_JSON_PRETTY (JSON_INDENT(2) | JSON_REAL_PRECISION(15))

/* Writes v with `flags` and a newline, then releases v (NULL: out of
 * memory). RW_EIO when the stream failed, RW_ENOMEM when v is NULL. */
rw_status rw_json_write(FILE *out, json_t *v, size_t flags, rw_error *err);

/* The stream's state after a writer: RW_EIO with "writing output" when it
 * has an error. */
rw_status rw_stream_status(FILE *out, rw_error *err);

#endif
