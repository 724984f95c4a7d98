/* s3_log.c: AWS S3 server access log.
 *
 * One request per line: owner bucket [time] ip requester request-id
 * operation key "request-uri" status error-code bytes-sent object-size
 * total-time turn-around "referer" "user-agent", then fields AWS added over
 * the years (version id, host id, ...), which are ignored; the 17 fields up
 * to User-Agent are the oldest documented format and the minimum accepted.
 * Any field may be `-`. Blank lines are skipped and not counted as rows.
 *
 * What a request contributes:
 *   bytes_out      Bytes Sent (every request);
 *   bytes_in       Object Size of uploads that carry object data:
 *                  REST.PUT.OBJECT, REST.PUT.PART, REST.POST.OBJECT
 *                  (REST.POST.UPLOAD, the multipart completion, logs the
 *                  whole object size but carries only the part list);
 *   storage_delta  +Object Size for a 2xx request that creates an object:
 *                  REST.PUT.OBJECT, REST.POST.OBJECT, REST.COPY.OBJECT and
 *                  REST.POST.UPLOAD (not REST.PUT.PART: parts become stored
 *                  data only on completion). Deletes are not counted: the
 *                  log does not carry the size of what was deleted. An
 *                  overwrite counts in full, so the sum is an upper bound.
 * Region is "" (older logs do not carry it) and cdn is 0. */
#include <stdio.h>
#include <string.h>
#include "ingest/ingest.h"
#include "ingest/logtok.h"
#include "util/timeutil.h"

/* 0-based positions of the fields used (formats.md section 6). */
enum {
    F_BUCKET = 1,
    F_TIME = 2,        /* "[06/Feb/2019:00:00:38 +0000]", one token */
    F_OPERATION = 6,
    F_STATUS = 9,
    F_BYTES_SENT = 11,
    F_OBJECT_SIZE = 12,
    S3_MIN_FIELDS = 17 /* up to User-Agent */
};

/* Tokens kept per line; later appended fields are ignored. */
#define S3_MAX_FIELDS 64

static const char *const upload_ops[] = {"REST.PUT.OBJECT", "REST.PUT.PART", "REST.POST.OBJECT",
                                         NULL};
static const char *const create_ops[] = {"REST.PUT.OBJECT", "REST.POST.OBJECT",
                                         "REST.COPY.OBJECT", "REST.POST.UPLOAD", NULL};

static int in_list(const char *op, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(op, *list) == 0) return 1;
    return 0;
}

/* Converts one split line; returns a reject reason or NULL when `u` is good. */
static const char *convert(const void *ctx, char **tok, size_t n, rw_usage *u, char *why,
                           size_t whysz)
{
    (void)ctx;
    if (n < S3_MIN_FIELDS) {
        snprintf(why, whysz, "line has %zu fields; an S3 access log line has at least %d", n,
                 S3_MIN_FIELDS);
        return why;
    }
    const char *s = tok[F_TIME];
    size_t len = strlen(s);
    if (len < 2 || s[0] != '[' || s[len - 1] != ']' ||
        rw_time_parse_clf(s + 1, len - 2, &u->time) != RW_OK) {
        snprintf(why, whysz, "time '%.40s' is not [dd/Mon/yyyy:HH:MM:SS +0000]", s);
        return why;
    }
    if (rw_logtok_empty(tok[F_BUCKET])) return "bucket is empty";
    u->bucket = tok[F_BUCKET];
    u->region = "";
    u->cdn = 0;
    int64_t status, size;
    s = tok[F_STATUS];
    if (rw_logtok_int64(s, 100, 599, &status) != RW_OK) {
        snprintf(why, whysz, "HTTP status '%.40s' is not a status code", s);
        return why;
    }
    s = tok[F_BYTES_SENT];
    if (rw_logtok_int64(s, 0, RW_LOG_MAX_BYTES, &u->bytes_out) != RW_OK) {
        snprintf(why, whysz, "Bytes Sent '%.40s' is not a byte count", s);
        return why;
    }
    s = tok[F_OBJECT_SIZE];
    if (rw_logtok_int64(s, 0, RW_LOG_MAX_BYTES, &size) != RW_OK) {
        snprintf(why, whysz, "Object Size '%.40s' is not a byte count", s);
        return why;
    }
    const char *op = tok[F_OPERATION];
    u->bytes_in = in_list(op, upload_ops) ? size : 0;
    u->storage_delta = status >= 200 && status < 300 && in_list(op, create_ops) ? size : 0;
    return NULL;
}

rw_status rw_parse_s3_log(rw_input *in, const rw_ingest_opts *opts, rw_sink *sink, rw_error *err)
{
    (void)opts; /* S3 log times always carry their offset */
    return rw_log_parse(in, sink, 0, RW_LOGTOK_BRACKETS, S3_MAX_FIELDS, convert, NULL, err);
}
