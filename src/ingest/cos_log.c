/* cos_log.c: Tencent Cloud COS bucket access log.
 *
 * One request per line, fields separated by single spaces in a fixed order
 * (eventVersion bucketName qcsRegion eventTime ... requestUri vpcId); a
 * field may be double-quoted (requestUri always is) and `-` means empty.
 * New fields may be appended over time, so only a minimum count is checked:
 * up to logSourceType, the last field read here. Blank lines and lines
 * starting with '#' are skipped and not counted as rows. Each other line
 * gives one rw_usage or one reject. eventTime is UTC ("...Z"); a time
 * without zone is read with the naive offset (UTC by default). */
#include <stdio.h>
#include <string.h>
#include "ingest/ingest.h"
#include "ingest/logtok.h"
#include "util/strutil.h"
#include "util/timeutil.h"

/* 0-based positions of the fields used (formats.md section 5). */
enum {
    F_BUCKET = 1,
    F_REGION = 2,
    F_TIME = 3,
    F_REQ_BYTES = 9,    /* reqBytesSent: bytes received from the client */
    F_DELTA = 10,       /* deltaDataSize: change of stored bytes, may be < 0 */
    F_HTTP_CODE = 14,   /* resHttpCode */
    F_RES_BYTES = 17,   /* resBytesSent: bytes sent to the client */
    F_SOURCE_TYPE = 19, /* logSourceType: USER or CDN */
    COS_MIN_FIELDS = 20 /* fields up to logSourceType */
};

/* Tokens kept per line; later appended fields are ignored. */
#define COS_MAX_FIELDS 64

/* Converts one split line; returns a reject reason or NULL when `u` is
 * good. ctx: the offset of zone-less times (int64_t). */
static const char *convert(const void *ctx, char **tok, size_t n, rw_usage *u, char *why,
                           size_t whysz)
{
    int64_t naive = *(const int64_t *)ctx;
    if (n < COS_MIN_FIELDS) {
        snprintf(why, whysz, "line has %zu fields; a COS access log line has at least %d", n,
                 COS_MIN_FIELDS);
        return why;
    }
    const char *s = tok[F_TIME];
    if (rw_time_parse(s, strlen(s), naive, &u->time) != RW_OK) {
        snprintf(why, whysz, "eventTime '%.40s' is not a timestamp", s);
        return why;
    }
    if (rw_logtok_empty(tok[F_BUCKET])) return "bucketName is empty";
    u->bucket = tok[F_BUCKET];
    u->region = rw_logtok_empty(tok[F_REGION]) ? "" : tok[F_REGION];
    int64_t code;
    s = tok[F_HTTP_CODE];
    if (rw_logtok_int64(s, 100, 599, &code) != RW_OK) {
        snprintf(why, whysz,
                 "resHttpCode '%.40s' is not an HTTP status (a field with unquoted spaces?)", s);
        return why;
    }
    s = tok[F_REQ_BYTES];
    if (rw_logtok_int64(s, 0, RW_LOG_MAX_BYTES, &u->bytes_in) != RW_OK) {
        snprintf(why, whysz, "reqBytesSent '%.40s' is not a byte count", s);
        return why;
    }
    s = tok[F_DELTA];
    if (rw_logtok_int64(s, -RW_LOG_MAX_BYTES, RW_LOG_MAX_BYTES, &u->storage_delta) != RW_OK) {
        snprintf(why, whysz, "deltaDataSize '%.40s' is not a byte count", s);
        return why;
    }
    s = tok[F_RES_BYTES];
    if (rw_logtok_int64(s, 0, RW_LOG_MAX_BYTES, &u->bytes_out) != RW_OK) {
        snprintf(why, whysz, "resBytesSent '%.40s' is not a byte count", s);
        return why;
    }
    u->cdn = rw_str_ieq(tok[F_SOURCE_TYPE], "CDN");
    return NULL;
}

rw_status rw_parse_cos_log(rw_input *in, const rw_ingest_opts *opts, rw_sink *sink, rw_error *err)
{
    int64_t naive = rw_ingest_naive_offset(opts, RW_FMT_COS_LOG);
    return rw_log_parse(in, sink, 1, 0, COS_MAX_FIELDS, convert, &naive, err);
}
