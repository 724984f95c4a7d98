/* utf16.h: streaming UTF-16 to UTF-8 transcoding, for Excel "Unicode text"
 * saves (UTF-16LE with a byte order mark, TAB-separated) and the rarer
 * UTF-16BE.
 *
 * The converter is fed chunks of any size, split anywhere: an odd byte or a
 * high surrogate at the end of a chunk is carried into the next call, so
 * memory is constant. It counts line feeds so an error names its line. An
 * unpaired surrogate is an error, not a replacement character: a bill with
 * a damaged character is better refused than stored with a changed name. */
#ifndef RW_UTF16_H
#define RW_UTF16_H

#include <stddef.h>
#include "util/error.h"

typedef struct rw_utf16 {
    int big_endian;     /* code units are big-endian (FE FF) */
    int has_byte;       /* `byte` holds the first byte of a split code unit */
    unsigned char byte; /* that byte */
    unsigned high;      /* a high surrogate waiting for its low half, or 0 */
    long line;          /* 1-based line of the next character converted */
} rw_utf16;

/* Most UTF-8 bytes rw_utf16_convert writes for `n` input bytes: 3 per code
 * unit, plus one for a surrogate pair completed across calls. */
#define RW_UTF16_OUT_MAX(n) (3 * ((n) / 2 + 1) + 1)

/* Starts a conversion. */
void rw_utf16_init(rw_utf16 *u, int big_endian);

/* Decides whether the start of a stream, `b` (`n` bytes, n >= 4 unless the
 * stream is shorter), is UTF-16: a byte order mark (*bom = 2), or, without
 * one, two ASCII characters each with a zero byte (*bom = 0; a text file
 * never holds NUL bytes). Returns 1 and sets *big_endian, else 0. */
int rw_utf16_sniff(const unsigned char *b, size_t n, int *big_endian, size_t *bom);

/* Converts `n` bytes at `src` to UTF-8 at `dst`, which has room for
 * RW_UTF16_OUT_MAX(n) bytes; *out gets the bytes written. RW_EFORMAT naming
 * `name` and the line for an unpaired surrogate. */
rw_status rw_utf16_convert(rw_utf16 *u, const unsigned char *src, size_t n, char *dst,
                           size_t *out, const char *name, rw_error *err);

/* Checks the input ended on a character boundary: RW_EFORMAT for an odd
 * byte or a high surrogate left over. */
rw_status rw_utf16_finish(const rw_utf16 *u, const char *name, rw_error *err);

#endif
