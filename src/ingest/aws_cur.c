/* aws_cur.c: placeholder until the parser lands. */
#include "ingest/ingest.h"

rw_status rw_parse_aws_cur(rw_input *in, const rw_ingest_opts *opts, rw_sink *sink, rw_error *err)
{
    (void)opts;
    (void)sink;
    return rw_error_set(err, RW_EFORMAT, in->name, 0, "format not implemented yet");
}
