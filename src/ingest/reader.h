/* reader.h: a background thread that reads, decompresses, transcodes and
 * hashes a file.
 *
 * Decompression (zlib) and SHA-256 are a third of the CPU time of an ingest;
 * doing them on a second core while the caller parses roughly hides them.
 * The thread fills a small ring of RW_READER_SLOTS chunks and blocks when
 * the caller falls behind, so memory stays bounded whatever the file size.
 * One rw_reader is used by one caller thread. */
#ifndef RW_READER_H
#define RW_READER_H

#include <stddef.h>
#include <stdint.h>
#include "util/error.h"

#define RW_READER_SLOTS 4          /* chunks in flight */
#define RW_READER_CHUNK (1u << 20) /* bytes per chunk */

typedef struct rw_reader rw_reader;

/* Starts reading `fd` (owned from now on, closed by rw_reader_free), which
 * may be gzip-compressed, a ZIP archive with one data file (only when `fd`
 * can seek), or plain; the text may be UTF-8 or UTF-16 (with a byte order
 * mark, or ASCII-led), and UTF-16 comes out as UTF-8. `name` is used in
 * messages. */
rw_status rw_reader_start(int fd, const char *name, rw_reader **out, rw_error *err);

/* Copies the next bytes (at most `cap`) into dst; *got is 0 at the end of
 * the input. RW_EIO on a read error or truncated/corrupt gzip data;
 * RW_EFORMAT for a ZIP that is not one readable data file, or invalid
 * UTF-16 (err names the line). */
rw_status rw_reader_read(rw_reader *r, char *dst, size_t cap, size_t *got, rw_error *err);

/* What the reader found the stream to be (settled once rw_reader_read has
 * returned once): the text encoding of the file (rw_encoding, input.h) and, for a ZIP, the name
 * of the entry read ("" otherwise). */
void rw_reader_info(rw_reader *r, int *encoding, char *entry, size_t entry_size);

/* Bytes of the file on disk consumed by the data returned so far. */
int64_t rw_reader_offset(rw_reader *r);

/* Lowercase hex SHA-256 of the whole decompressed input; call after
 * rw_reader_read has returned 0. */
rw_status rw_reader_digest(rw_reader *r, char hex[65], rw_error *err);

/* Stops the thread (also midway) and frees everything. NULL is allowed. */
void rw_reader_free(rw_reader *r);

#endif
