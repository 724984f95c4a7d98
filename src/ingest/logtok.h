/* logtok.h: splitting access-log lines (Tencent COS, AWS S3) into fields.
 *
 * Both logs are one record per line with fields separated by single spaces,
 * some fields double-quoted because they may contain spaces, and `-` for an
 * empty value. Splitting works in place on a copy of the line (rw_logbuf),
 * so the line in the input buffer stays intact for reject records. Memory is
 * the copy only: it grows to the longest line, never with the file. */
#ifndef RW_LOGTOK_H
#define RW_LOGTOK_H

#include <stddef.h>
#include <stdint.h>
#include "ingest/input.h"
#include "ingest/record.h"
#include "util/status.h"

/* Largest byte count accepted in one log field (1 PiB). Real objects are at
 * most a few TB (S3: 5 TB, COS: ~48 TB); the bound keeps per-hour sums of
 * many requests far from int64 overflow. */
#define RW_LOG_MAX_BYTES ((int64_t)1 << 50)

/* Flags for rw_logtok_split. */
#define RW_LOGTOK_BRACKETS 1u /* "[...]" is one token, brackets kept (S3 time) */

/* Splits the NUL-terminated `line` in place into at most `max` tokens,
 * storing pointers to them (NUL-terminated, inside `line`) in tok[0..] and
 * their number in *ntok. Rules:
 *   - every single ' ' separates two tokens (two spaces make an empty token;
 *     an empty line has no tokens);
 *   - a token starting with '"' runs to the next '"' that is followed by a
 *     space or the end of the line; the quotes are removed, `\"` and `\\` inside
 *     stand for '"' and '\', and any other '"' inside is kept as is;
 *   - with RW_LOGTOK_BRACKETS, a token starting with '[' runs to the next ']'
 *     followed by a space or the end, and keeps its brackets;
 *   - a '"' or '[' elsewhere in a token is an ordinary character.
 * After `max` tokens the rest of the line is left unsplit and ignored.
 * Returns RW_OK, or RW_EFORMAT with *why (static text) for a quote or
 * bracket never closed; tokens split so far are then in tok/ *ntok. */
rw_status rw_logtok_split(char *line, char **tok, size_t *ntok, size_t max, unsigned flags,
                          const char **why);

/* 1 when a field value means "empty": "" or "-". */
int rw_logtok_empty(const char *tok);

/* Parses an integer field in [min, max]; an empty field ("" or "-") is 0.
 * RW_EFORMAT when the text is not such an integer. */
rw_status rw_logtok_int64(const char *tok, int64_t min, int64_t max, int64_t *out);

/* A reusable copy of the current line, owned by a parser. Zero-initialise,
 * fill with rw_logbuf_set, release with rw_logbuf_cleanup. */
typedef struct rw_logbuf {
    char *text; /* owned: copy of the line, NUL-terminated */
    size_t cap; /* allocated size of text */
} rw_logbuf;

/* Copies `len` bytes of `line` and a NUL into b->text, growing it when
 * needed. RW_ENOMEM when the buffer cannot grow. */
rw_status rw_logbuf_set(rw_logbuf *b, const char *line, size_t len);

/* Frees the copy. Safe on a zeroed or cleaned-up buffer. */
void rw_logbuf_cleanup(rw_logbuf *b);

/* Converts one split log line into *u; returns NULL, or why the line
 * cannot be used (text in why[0..whysz) or static). */
typedef const char *(*rw_log_convert_fn)(const void *ctx, char **tok, size_t n, rw_usage *u,
                                         char *why, size_t whysz);

/* Reads a whole access log: every data line is split into at most `max`
 * tokens (RW_LOGTOK_* `flags`), converted, and handed to sink->usage, or to
 * sink->reject with the reason. Blank lines, and with skip_comments lines
 * starting with '#', are skipped and not counted; every other line is
 * counted with sink->row. The line is split in a copy, so reject records
 * get it intact. */
rw_status rw_log_parse(rw_input *in, rw_sink *sink, int skip_comments, unsigned flags, size_t max,
                       rw_log_convert_fn convert, const void *ctx, rw_error *err);

#endif
