/* fetch_write.h: what a fetch stored (struct rw_fetch_result of runway.h)
 * and its writer: one line per raw file ingested. */
#ifndef RW_FETCH_WRITE_H
#define RW_FETCH_WRITE_H

#include <limits.h>
#include <stddef.h>
#include "util/error.h"

typedef struct rw_fetch_line {
    char what[PATH_MAX]; /* the raw file, or the period's key when unchanged */
    int unchanged;       /* the same content as the last fetch: nothing added */
    long rows, charges, balances, rejected;
    int replaced;        /* it replaced the previous fetch of its period */
} rw_fetch_line;

struct rw_fetch_result {
    size_t n, cap;
    rw_fetch_line *line; /* owned */
};

/* Appends a line (RW_ENOMEM). */
rw_status rw_fetch_result_add(rw_fetch_result *r, const rw_fetch_line *l, rw_error *err);

#endif
