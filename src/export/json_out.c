/* json_out.c: printing JSON documents and checking streams (json_out.h). */
#include <errno.h>
#include <string.h>
#include "export/json_out.h"

rw_status rw_stream_status(FILE *out, rw_error *err)
{
    if (!ferror(out)) return RW_OK;
    return rw_error_set(err, RW_EIO, NULL, 0, "writing output failed: %s", strerror(errno));
}

rw_status rw_json_write(FILE *out, json_t *v, size_t flags, rw_error *err)
{
    if (!v) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    int bad = json_dumpf(v, out, flags) != 0;
    json_decref(v);
    if (!bad) bad = fputc('\n', out) == EOF;
    if (bad && !ferror(out)) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    return rw_stream_status(out, err);
}
