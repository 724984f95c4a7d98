/* input.c: buffered input stream; decompressing, unzipping, transcoding and
 * hashing happen in the reader (reader.c), the layout sniffing here. */
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ingest/input.h"
#include "ingest/reader.h"
#include "ingest/sniff.h"

#define SNIFF_LINES 10 /* lines searched for one with a field separator */

/* End of the line starting at buf[p] (its '\n' or len) and its length
 * without the line end in *n. */
static size_t line_end(const rw_input *in, size_t p, size_t *n)
{
    const char *nl = memchr(in->buf + p, '\n', in->len - p);
    size_t end = nl ? (size_t)(nl - in->buf) : in->len;
    *n = end - p;
    if (*n && in->buf[end - 1] == '\r') (*n)--;
    return end;
}

/* Skips a "sep=X" line and sets `delim` from it or from the first line that
 * has a candidate separator (a Tencent bill may have title lines first). */
static void sniff_layout(rw_input *in)
{
    in->delim = ',';
    size_t n, end = line_end(in, in->pos, &n);
    char d = rw_sep_line(in->buf + in->pos, n);
    if (d) {
        in->delim = d;
        in->sep_line = 1;
        in->pos = end < in->len ? end + 1 : in->len;
        in->line++;
        return;
    }
    for (size_t p = in->pos, k = 0; k < SNIFF_LINES && p < in->len; k++, p = end + 1) {
        end = line_end(in, p, &n);
        d = rw_delim_sniff(in->buf + p, n);
        if (d) in->delim = d;
        if (d || memchr(in->buf + p, ',', n) || memchr(in->buf + p, ';', n) ||
            memchr(in->buf + p, '\t', n))
            return; /* decided, or a tie: keep ',' */
    }
}

rw_status rw_input_open(rw_input *in, const char *path, rw_error *err)
{
    memset(in, 0, sizeof *in);
    in->line = 1;
    in->delim = ',';
    int is_stdin = strcmp(path, "-") == 0;
    snprintf(in->name, sizeof in->name, "%s", is_stdin ? "<stdin>" : path);
    int fd = is_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY);
    if (fd < 0)
        return rw_error_set(err, RW_EIO, in->name, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        in->size = st.st_size;
        in->mtime = st.st_mtime;
    } else if (!is_stdin && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        return rw_error_set(err, RW_EIO, in->name, 0, "is a directory");
    }
    rw_reader *reader = NULL;
    rw_status st2 = rw_reader_start(fd, in->name, &reader, err);
    in->reader = reader;
    if (st2 != RW_OK) return st2;
    in->cap = RW_INPUT_CHUNK * 2;
    in->buf = malloc(in->cap + 1);
    if (!in->buf) return rw_error_set(err, RW_ENOMEM, in->name, 0, "out of memory");
    st2 = rw_input_fill(in, err);
    if (st2 != RW_OK) return st2;
    rw_reader_info(in->reader, &in->encoding, in->entry, sizeof in->entry);
    if (in->len >= 3 && memcmp(in->buf, "\xEF\xBB\xBF", 3) == 0) in->pos = 3;
    sniff_layout(in);
    return RW_OK;
}

void rw_input_close(rw_input *in)
{
    rw_reader_free(in->reader);
    in->reader = NULL;
    free(in->buf);
    in->buf = NULL;
}

rw_status rw_input_fill(rw_input *in, rw_error *err)
{
    if (in->eof) return RW_OK;
    if (in->pos > 0) {
        memmove(in->buf, in->buf + in->pos, in->len - in->pos);
        in->len -= in->pos;
        in->pos = 0;
    }
    if (in->cap - in->len < RW_INPUT_CHUNK) {
        if (in->len >= RW_INPUT_MAX_RECORD)
            return rw_error_set(err, RW_EFORMAT, in->name, in->line,
                                "record longer than %u MiB (unbalanced quote?)",
                                RW_INPUT_MAX_RECORD >> 20);
        size_t ncap = in->cap * 2;
        char *nb = realloc(in->buf, ncap + 1);
        if (!nb) return rw_error_set(err, RW_ENOMEM, in->name, in->line, "out of memory");
        in->buf = nb;
        in->cap = ncap;
    }
    size_t n = 0;
    rw_status st = rw_reader_read(in->reader, in->buf + in->len, in->cap - in->len, &n, err);
    if (st != RW_OK) {
        /* The reader knows lines only when transcoding. */
        if (err && err->line == 0) err->line = in->line;
        return st;
    }
    if (n == 0) in->eof = 1;
    in->len += n;
    in->bytes += n;
    in->buf[in->len] = '\0';
    return RW_OK;
}

rw_status rw_input_fill_ahead(rw_input *in, size_t want, rw_error *err)
{
    while (!in->eof && in->len - in->pos < want) {
        rw_status st = rw_input_fill(in, err);
        if (st != RW_OK) return st;
    }
    return RW_OK;
}

rw_status rw_input_line(rw_input *in, char **line, size_t *len, long *lineno, rw_error *err)
{
    for (;;) {
        char *start = in->buf + in->pos;
        char *nl = memchr(start, '\n', in->len - in->pos);
        if (nl || (in->eof && in->pos < in->len)) {
            char *end = nl ? nl : in->buf + in->len;
            in->pos = nl ? (size_t)(nl - in->buf) + 1 : in->len;
            if (end > start && end[-1] == '\r') end--;
            *end = '\0';
            *line = start;
            *len = (size_t)(end - start);
            *lineno = in->line++;
            return RW_OK;
        }
        if (in->eof) {
            *line = NULL;
            *len = 0;
            *lineno = in->line;
            return RW_OK;
        }
        rw_status st = rw_input_fill(in, err);
        if (st != RW_OK) return st;
    }
}

rw_status rw_input_read_all(rw_input *in, size_t max, const char *too_big, char **out,
                            size_t *len, rw_error *err)
{
    char *buf = NULL;
    size_t n = 0, cap = 0;
    rw_status st = RW_OK;
    for (;;) {
        size_t avail = in->len - in->pos;
        if (n + avail > max) {
            st = rw_error_set(err, RW_EFORMAT, in->name, 0, "%s", too_big);
            goto out;
        }
        if (n + avail + 1 > cap) {
            size_t ncap = cap ? cap : RW_INPUT_CHUNK;
            while (ncap < n + avail + 1) ncap *= 2;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                st = rw_error_set(err, RW_ENOMEM, in->name, 0, "out of memory");
                goto out;
            }
            buf = nb;
            cap = ncap;
        }
        memcpy(buf + n, in->buf + in->pos, avail);
        n += avail;
        in->pos = in->len;
        if (in->eof) break;
        if ((st = rw_input_fill(in, err)) != RW_OK) goto out;
    }
    buf[n] = '\0';
out:
    if (st != RW_OK) {
        free(buf);
        buf = NULL;
        n = 0;
    }
    *out = buf;
    *len = n;
    return st;
}

rw_status rw_input_digest(rw_input *in, char hex[65], rw_error *err)
{
    while (!in->eof) {
        in->pos = in->len;
        rw_status st = rw_input_fill(in, err);
        if (st != RW_OK) return st;
    }
    return rw_reader_digest(in->reader, hex, err);
}

int64_t rw_input_offset(rw_input *in)
{
    return in->reader ? rw_reader_offset(in->reader) : 0;
}
