/* columns.h: helpers shared by the header-driven CSV bill parsers (FOCUS,
 * AWS CUR, Tencent Cloud bill): mapping header names to column indexes,
 * reading field values with the "NULL means empty" convention, rejecting
 * rows, and checking tag JSON cheaply. */
#ifndef RW_COLUMNS_H
#define RW_COLUMNS_H

#include <stddef.h>
#include "ingest/csv.h"
#include "ingest/record.h"

/* A logical column and the header names it may appear under, in order of
 * preference. `names` is NULL-terminated. */
typedef struct rw_colspec {
    const char *label;        /* name used in messages */
    const char *const *names; /* accepted header names */
    int required;             /* the file is unusable without it */
} rw_colspec;

/* Finds each spec's column in the header record `hdr` (names compared after
 * trimming spaces; exactly, then ignoring ASCII case, then also ignoring
 * '_', '/', ' ' and '-' unless that makes the field match another spec's
 * name too). idx[i] is the column or -1. Fails with RW_EFORMAT naming the first missing required
 * column, or a mapped header name that appears twice. */
rw_status rw_columns_map(rw_csv *hdr, const rw_colspec *specs, size_t nspecs, int *idx,
                         rw_error *err);

/* Reads the header record of `c`; RW_EFORMAT "no header line" when the
 * input has none. */
rw_status rw_csv_header(rw_csv *c, rw_error *err);

/* Field `col` of the current record; "" when col < 0, the record is short,
 * or the value is a literal NULL/null. Leading/trailing spaces removed in
 * place; in a ';'-separated file a decimal comma ("1,25") becomes a point. */
const char *rw_field(rw_csv *c, int col);

/* Reads records until one is a well-formed data row with exactly `ncols`
 * fields (the header's count) and returns RW_OK with *have = 1; at the end
 * of input *have = 0. Every record read is counted with sink->row; malformed
 * ones (text after a closing quote, wrong field count) are rejected on the
 * way with their reason. */
rw_status rw_csv_next_row(rw_csv *c, rw_sink *sink, size_t ncols, int *have, rw_error *err);

/* Rejects the current CSV record with a printf-style reason. Returns the
 * sink's status. */
rw_status rw_reject_record(rw_sink *sink, const rw_csv *c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records a warning for the current CSV record (it is kept, with part of
 * its data dropped) with a printf-style reason. Returns the sink's status. */
rw_status rw_warn_record(rw_sink *sink, const rw_csv *c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Remembers which tag texts were already validated as JSON objects, so that
 * a bill whose rows repeat a few tag sets is checked once per set. */
#define RW_TAGCACHE_SLOTS 65536
typedef struct rw_tagcache {
    unsigned long long slot[RW_TAGCACHE_SLOTS]; /* rw_hash64 values; 0 = empty */
} rw_tagcache;

/* 1 when `text` is empty or a JSON object, else 0. */
int rw_tags_valid(rw_tagcache *tc, const char *text);

/* An optional amount: NaN when `s` is empty; 0 with *bad set to 1 when it
 * is not a number. */
double rw_opt_amount(const char *s, int *bad);

/* Upper-cases an ISO 4217 code in place; 0 when it is not 3 letters. */
int rw_currency_norm(char *code);

#endif
