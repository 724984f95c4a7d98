/* series_load.h: reading a series file (series,timestamp,value) into memory
 * for forecasting, without the store. Rows that cannot be read are counted
 * and the first few are kept with their line and reason. */
#ifndef RW_SERIES_LOAD_H
#define RW_SERIES_LOAD_H

#include <stddef.h>
#include <stdint.h>
#include "util/error.h"

typedef struct rw_loaded_series {
    char *name;  /* owned */
    size_t n;    /* points, in file order */
    int64_t *t;  /* owned: timestamps */
    double *v;   /* owned: values (NaN = explicit gap) */
    size_t cap;  /* allocated entries */
} rw_loaded_series;

typedef struct rw_series_file {
    size_t n;                 /* series, in order of first appearance */
    rw_loaded_series *s;      /* owned */
    size_t cap;
    long rejected;            /* rows that could not be read */
    char first_reject[600];   /* "FILE:LINE: reason" of the first one */
} rw_series_file;

/* Loads `path` ("-" for stdin). Only series named `only` when not NULL.
 * *out is owned by the caller (rw_series_file_free). RW_EFORMAT when the
 * file is not a series file at all; RW_ENOTFOUND when `only` is absent. */
rw_status rw_series_file_load(const char *path, const char *only, rw_series_file **out,
                              rw_error *err);
void rw_series_file_free(rw_series_file *f);

#endif
