/* csv.h: streaming RFC 4180 record reader over an rw_input.
 *
 * Handles quoted fields with doubled quotes, newlines inside quotes, CRLF or
 * LF line ends, a missing final newline, and skips blank lines. rw_csv_next
 * only finds the field boundaries; rw_csv_field unquotes a field, on first
 * use, into a scratch buffer owned by the reader, so columns a parser never
 * reads cost nothing and the record's raw bytes stay intact (for reject
 * records). Pointers are valid until the next rw_csv_next. */
#ifndef RW_CSV_H
#define RW_CSV_H

#include "ingest/input.h"

typedef struct rw_csv {
    rw_input *in;       /* borrowed */
    char delim;         /* field separator, ',' by default */
    size_t nfields;     /* fields in the current record, 0 at end of input */
    char **field;       /* owned array: unquoted texts, NULL until first use
                           (read them with rw_csv_field) */
    size_t *flen;       /* owned array: lengths of materialised fields */
    size_t fcap;        /* allocated entries of field/flen */
    size_t *fbeg;       /* owned scratch: field start offsets while scanning */
    size_t *fend;       /* owned scratch: field end offsets while scanning */
    unsigned char *fq;  /* owned scratch: field was quoted */
    char *text;         /* owned: unquoted texts back to back */
    size_t text_cap;    /* allocated size of text (fits the whole record) */
    size_t text_used;   /* bytes of text used by materialised fields */
    const char *raw;    /* the record's raw bytes in the input buffer */
    size_t raw_len;     /* their length, without the line end */
    long line;          /* 1-based line where the record starts */
    const char *bad;    /* non-NULL: the record is malformed (the reason);
                           nfields is 0 and raw/raw_len show the line */
} rw_csv;

/* Starts reading records from `in` (which must outlive the reader). */
void rw_csv_init(rw_csv *c, rw_input *in, char delim);
/* Frees the reader's buffers (not the input). Safe on a zeroed reader. */
void rw_csv_cleanup(rw_csv *c);

/* Reads the next record. At end of input returns RW_OK with nfields == 0 and
 * bad == NULL. A record with text after a closing quote comes back with
 * `bad` set (the caller rejects it and reads on). RW_EFORMAT (with file:line
 * in err) for a quoted field never closed; RW_EIO on read errors. */
rw_status rw_csv_next(rw_csv *c, rw_error *err);

/* Field `f` of the current record, unquoted and NUL-terminated; its length
 * in *len (len may be NULL). "" for f >= nfields. Valid until the next
 * rw_csv_next; the text may be modified in place (up to its length). */
const char *rw_csv_field(rw_csv *c, size_t f, size_t *len);

/* Index of the field named `name` in the header `c` just read, or -1.
 * Comparison is exact after trimming spaces. */
int rw_csv_find(rw_csv *c, const char *name);

#endif
