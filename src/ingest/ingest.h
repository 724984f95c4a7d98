/* ingest.h: input formats, detection, and the per-format parsers.
 *
 * Each parser reads an open rw_input to its end, calls sink->row once per
 * data row and either a record callback or sink->reject for it. A parser
 * returns RW_EFORMAT (err says file:line) only when the input cannot be read
 * as its format at all (no usable header, not JSON, ...); bad rows are
 * rejected and reading goes on. Memory does not grow with input size. */
#ifndef RW_INGEST_H
#define RW_INGEST_H

#include <stdint.h>
#include "ingest/input.h"
#include "ingest/record.h"

/* rw_format and RW_OFFSET_DEFAULT are public (runway.h). */

/* The options of the parsers are the public ingest options (runway.h):
 * format, account, strict, naive_offset. */
typedef rw_ingest_options rw_ingest_opts;

typedef rw_status (*rw_parse_fn)(rw_input *in, const rw_ingest_opts *opts, rw_sink *sink,
                                 rw_error *err);

rw_status rw_parse_focus(rw_input *in, const rw_ingest_opts *opts, rw_sink *sink, rw_error *err);
rw_status rw_parse_tencent_bill(rw_input *in, const rw_ingest_opts *opts, rw_sink *sink,
                                rw_error *err);
rw_status rw_parse_tencent_api(rw_input *in, const rw_ingest_opts *opts, rw_sink *sink,
                               rw_error *err);
rw_status rw_parse_aws_cur(rw_input *in, const rw_ingest_opts *opts, rw_sink *sink, rw_error *err);
rw_status rw_parse_cos_log(rw_input *in, const rw_ingest_opts *opts, rw_sink *sink, rw_error *err);
rw_status rw_parse_s3_log(rw_input *in, const rw_ingest_opts *opts, rw_sink *sink, rw_error *err);
rw_status rw_parse_series(rw_input *in, const rw_ingest_opts *opts, rw_sink *sink, rw_error *err);
rw_status rw_parse_azure(rw_input *in, const rw_ingest_opts *opts, rw_sink *sink, rw_error *err);
rw_status rw_parse_oci(rw_input *in, const rw_ingest_opts *opts, rw_sink *sink, rw_error *err);

/* Name used on the command line and in the store ("focus", "cos-log"...). */
const char *rw_format_name(rw_format f);
/* The parser for `f` (not RW_FMT_AUTO). */
rw_parse_fn rw_format_parser(rw_format f);

/* Looks at the buffered start of `in` (consuming nothing) and decides the
 * format. RW_EFORMAT, with a message listing what was seen, when no format
 * matches. */
rw_status rw_format_detect(rw_input *in, rw_format *out, rw_error *err);

/* The offset to apply to zone-less timestamps for format `f` under `opts`. */
int64_t rw_ingest_naive_offset(const rw_ingest_opts *opts, rw_format f);

#endif
