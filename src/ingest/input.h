/* input.h: a buffered input stream over a file, a .gz file, a one-file .zip
 * or stdin, always UTF-8 text to its readers.
 *
 * gzip and ZIP are detected from the content (zlib reads plain files
 * unchanged), so "bill.csv.gz", "bill.csv.zip" and "bill.csv" behave alike;
 * UTF-16 text (Excel's "Unicode text") is transcoded to UTF-8. Opening also
 * reads the layout of a delimited file: Excel's "sep=X" first line is
 * skipped and the field separator (',', ';' or TAB) is sniffed from the
 * header line into `delim`, for every format, forced or detected. The SHA-256 of the decompressed
 * bytes is computed as they are read: it identifies the content for
 * idempotent ingest whatever the file's name or compression. Reading,
 * decompressing and hashing run on a background thread (reader.h). Memory is
 * the buffer (it grows just to hold the longest single record) plus the
 * reader's few chunks. */
#ifndef RW_INPUT_H
#define RW_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include "util/error.h"

#define RW_INPUT_CHUNK (1u << 20)        /* bytes read per refill */
#define RW_INPUT_MAX_RECORD (64u << 20)  /* longest record accepted */

/* The encoding a file was read in (its text reaches the buffer as UTF-8). */
typedef enum rw_encoding { RW_ENC_UTF8, RW_ENC_UTF16LE, RW_ENC_UTF16BE } rw_encoding;

typedef struct rw_input {
    void *reader;         /* owned rw_reader; NULL once closed */
    char *buf;            /* owned; buf[len] is always writable */
    size_t cap;           /* allocated size of buf */
    size_t len;           /* bytes of valid data in buf */
    size_t pos;           /* first unconsumed byte */
    int eof;              /* no more data will be read */
    long line;            /* 1-based line number of buf[pos] */
    uint64_t bytes;       /* decompressed bytes read so far */
    int64_t size;         /* size of the file on disk, 0 when unknown (stdin) */
    int64_t mtime;        /* modification time, 0 when unknown */
    char name[256];       /* file name for messages ("<stdin>" for -) */
    char delim;           /* field separator: ',' unless the "sep=" line or
                             the header line says ';' or TAB (sniff.h) */
    int sep_line;         /* the file began with a "sep=X" line, skipped */
    int encoding;         /* rw_encoding of the file */
    char entry[256];      /* the ZIP entry read; "" when not a ZIP */
} rw_input;

/* Opens `path` ("-" for stdin) and reads the first chunk; a UTF-8 byte order
 * mark and a "sep=X" line at the start are skipped, and `delim` is set.
 * RW_EFORMAT for a ZIP that is not one data file, and for invalid UTF-16.
 * Close with rw_input_close, also on error. */
rw_status rw_input_open(rw_input *in, const char *path, rw_error *err);

/* Releases everything `in` holds. Safe on a zeroed or closed input. */
void rw_input_close(rw_input *in);

/* Moves the unconsumed bytes to the start of the buffer and reads more,
 * growing the buffer when it is full. After it, pointers into buf are stale.
 * Sets eof when the input is exhausted. Fails with RW_EIO on a read error or
 * a truncated gzip stream, RW_EFORMAT when a record exceeds the limit. */
rw_status rw_input_fill(rw_input *in, rw_error *err);

/* Reads until at least `want` unconsumed bytes are buffered or the input
 * ends, consuming nothing (for looking ahead: ingest/dates.h). Like
 * rw_input_fill, it leaves pointers into buf stale. */
rw_status rw_input_fill_ahead(rw_input *in, size_t want, rw_error *err);

/* Next line without its "\n" or "\r\n", NUL-terminated in the buffer, valid
 * until the next call. *line is NULL at end of input. *lineno gets its
 * 1-based number. */
rw_status rw_input_line(rw_input *in, char **line, size_t *len, long *lineno, rw_error *err);

/* Reads the rest of `in` into a new NUL-terminated buffer *out (the
 * caller's, to free) of *len bytes. RW_EFORMAT with the text `too_big`
 * when it is longer than `max` bytes (*out NULL then). */
rw_status rw_input_read_all(rw_input *in, size_t max, const char *too_big, char **out,
                            size_t *len, rw_error *err);

/* Reads the rest of the input (so the digest covers all of it) and writes the
 * lowercase hex SHA-256 of the content into hex[65]. */
rw_status rw_input_digest(rw_input *in, char hex[65], rw_error *err);

/* Bytes of the file on disk consumed so far (for progress), 0 if unknown. */
int64_t rw_input_offset(rw_input *in);

#endif
