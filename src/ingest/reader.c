/* reader.c: the read/decompress/transcode/hash thread behind rw_input.
 *
 * The stream is built in layers, each decided from the content: zlib reads
 * gzip or plain bytes; if those start with a ZIP signature the file is
 * reopened with libarchive and its one data entry read instead; if the
 * bytes then start like UTF-16 they are transcoded to UTF-8. The digest
 * covers what the caller receives (the decompressed, transcoded text), so a
 * bill has one identity however it was packed or encoded.
 *
 * Invariant: slots [head, head + filled) hold data in file order; only the
 * thread writes a slot that is not filled, only the caller reads a filled
 * one, and `filled`, `done`, `stop` change under the mutex. The fields the
 * thread's setup writes (zip_entry, encoding) are final before the first
 * slot is filled or `done` is set. */
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>
#include <zlib.h>
#include "ingest/input.h"
#include "ingest/reader.h"
#include "ingest/utf16.h"

/* Raw bytes transcoded per chunk: their UTF-8 always fits a slot. */
#define RAW_CHUNK ((RW_READER_CHUNK - 16) / 3 * 2)
#define PEEK 4           /* bytes looked at to tell ZIP and UTF-16 */
#define ZIP_LISTED 5     /* entry names a "several files" message lists */
#define ZIP_BLOCK 65536  /* libarchive's read size */

typedef struct slot {
    char *data;
    size_t len;     /* bytes of data */
    size_t used;    /* bytes already handed to the caller */
    int64_t offset; /* file offset after this chunk */
} slot;

struct rw_reader {
    pthread_t thread;
    int started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    slot slots[RW_READER_SLOTS];
    size_t head, filled; /* ring state (see invariant) */
    int done;            /* the thread has finished (end or error) */
    int stop;            /* the caller asks the thread to stop */
    rw_status status;    /* the thread's outcome */
    rw_error terr;       /* its error (file, line, text) */
    int fd;              /* the file (owned by gz) */
    int64_t start;       /* its offset when handed over; -1: not seekable */
    gzFile gz;
    struct archive *ar;  /* the ZIP being read, or NULL */
    char zip_entry[256]; /* name of the ZIP entry read, "" if not a ZIP */
    int encoding;        /* rw_encoding (input.h) */
    rw_utf16 u16;        /* transcoder state when encoding is UTF-16 */
    unsigned char *raw;  /* owned: UTF-16 bytes before transcoding */
    unsigned char peek[PEEK]; /* bytes read ahead to sniff, handed out first */
    size_t npeek, peek_used;
    int src_eof;         /* the source (gzip/plain or ZIP entry) is exhausted */
    EVP_MD_CTX *sha;
    int64_t offset;      /* file offset of the data handed out */
    char name[256];
};

/* Ends the thread's work; on error `terr` must already hold the message
 * (fail() or a call given &r->terr set it). */
static void finish(rw_reader *r, rw_status st)
{
    pthread_mutex_lock(&r->mu);
    r->status = st;
    r->done = 1;
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
}

/* zlib's message without the "<fd:N>: " prefix gzdopen gives it: the caller
 * already names the file, and a descriptor number means nothing to a user. */
static const char *gz_message(gzFile gz, int *zerr)
{
    const char *msg = gzerror(gz, zerr);
    if (strncmp(msg, "<fd:", 4) == 0) {
        const char *p = strstr(msg, ">: ");
        if (p) msg = p + 3;
    }
    return msg;
}

/* Records the thread's error (the first one wins) and returns `st`. */
static rw_status fail(rw_reader *r, rw_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static rw_status fail(rw_reader *r, rw_status st, const char *fmt, ...)
{
    char text[RW_ERROR_TEXT];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    return rw_error_set(&r->terr, st, r->name, 0, "%s", text);
}

/* Up to `cap` bytes from zlib (gzip or plain), fewer only at the end. */
static rw_status gz_read(rw_reader *r, void *dst, size_t cap, size_t *got)
{
    *got = 0;
    int n = gzread(r->gz, dst, (unsigned)cap);
    int zerr;
    const char *msg = gz_message(r->gz, &zerr);
    if (n < 0 || (n == 0 && zerr != Z_OK && zerr != Z_STREAM_END)) {
        if (n < 0 && zerr == Z_ERRNO) return fail(r, RW_EIO, "%s", strerror(errno));
        return fail(r, RW_EIO, "truncated or corrupt gzip data: %s", msg);
    }
    *got = (size_t)n;
    return RW_OK;
}

/* An entry's name as UTF-8: the locale form is NULL for non-ASCII names in
 * the C locale (a Chinese console bill's name, say). */
static const char *entry_name(struct archive_entry *e)
{
    const char *name = archive_entry_pathname_utf8(e);
    if (!name) name = archive_entry_pathname(e);
    return name ? name : "?";
}

/* Entries of a ZIP that hold no data: folders, macOS resource forks
 * (__MACOSX/) and hidden files such as .DS_Store. */
static int zip_ignored(struct archive_entry *e)
{
    const char *name = entry_name(e);
    if (archive_entry_filetype(e) != AE_IFREG) return 1;
    if (strncmp(name, "__MACOSX/", 9) == 0 || strstr(name, "/__MACOSX/")) return 1;
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    return base[0] == '.' || base[0] == '\0';
}

/* Opens the ZIP on r->fd from its start; libarchive reads the central
 * directory when it can seek, so skipping entries costs nothing. */
static rw_status zip_open(rw_reader *r)
{
    archive_read_free(r->ar);
    r->ar = archive_read_new();
    if (!r->ar) return fail(r, RW_ENOMEM, "out of memory");
    if (lseek(r->fd, (off_t)r->start, SEEK_SET) < 0)
        return fail(r, RW_EIO, "cannot read the ZIP archive: %s", strerror(errno));
    if (archive_read_support_format_zip(r->ar) != ARCHIVE_OK ||
        archive_read_open_fd(r->ar, r->fd, ZIP_BLOCK) != ARCHIVE_OK)
        return fail(r, RW_EFORMAT, "cannot read the ZIP archive: %s",
                    archive_error_string(r->ar));
    return RW_OK;
}

/* Lists the ZIP's data entries; with exactly one, reopens the archive and
 * leaves it positioned on that entry's data. Anything else is an error
 * saying what the archive holds and what to do. */
static rw_status zip_start(rw_reader *r)
{
    if (!gzdirect(r->gz))
        return fail(r, RW_EFORMAT, "a ZIP archive inside gzip: decompress it first (gunzip)");
    if (r->start < 0)
        return fail(r, RW_EFORMAT,
                    "a ZIP archive read from a pipe: give its path instead, or pipe the CSV "
                    "(unzip -p FILE | runway ingest -)");
    rw_status st = zip_open(r);
    if (st != RW_OK) return st;
    char listed[ZIP_LISTED * 64 + 8] = "";
    size_t ndata = 0, at = 0;
    int excel = 0;
    struct archive_entry *e;
    int rc;
    while ((rc = archive_read_next_header(r->ar, &e)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
        const char *name = entry_name(e);
        if ((strcmp(name, "[Content_Types].xml") == 0 || strncmp(name, "xl/", 3) == 0))
            excel = 1;
        if (zip_ignored(e)) continue;
        if (ndata == 0) snprintf(r->zip_entry, sizeof r->zip_entry, "%s", name);
        if (ndata < ZIP_LISTED) {
            int k = snprintf(listed + at, sizeof listed - at, "%s%.60s", ndata ? ", " : "", name);
            if (k > 0 && (size_t)k < sizeof listed - at) at += (size_t)k;
        } else if (ndata == ZIP_LISTED) {
            snprintf(listed + at, sizeof listed - at, ", ...");
        }
        ndata++;
    }
    if (rc != ARCHIVE_EOF)
        return fail(r, RW_EFORMAT, "cannot read the ZIP archive: %s",
                    archive_error_string(r->ar));
    if (excel)
        return fail(r, RW_EFORMAT,
                    "an Excel workbook (.xlsx), not a CSV file: open it in Excel and save "
                    "as \"CSV UTF-8\", then ingest that");
    if (ndata == 0)
        return fail(r, RW_EFORMAT, "a ZIP archive with no data file in it (only folders or "
                                   "hidden files): nothing to ingest");
    if (ndata > 1)
        return fail(r, RW_EFORMAT, "a ZIP archive with %zu files (%s): unzip it and ingest "
                                   "each file",
                    ndata, listed);
    /* Forward-only reading: open again and stop on the one data entry. */
    if ((st = zip_open(r)) != RW_OK) return st;
    while ((rc = archive_read_next_header(r->ar, &e)) == ARCHIVE_OK || rc == ARCHIVE_WARN)
        if (!zip_ignored(e)) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
        return fail(r, RW_EFORMAT, "cannot read the ZIP archive: %s",
                    archive_error_string(r->ar));
    if (archive_entry_is_encrypted(e))
        return fail(r, RW_EFORMAT, "the ZIP entry %s is encrypted: unzip it with its "
                                   "password, then ingest the file",
                    r->zip_entry);
    return RW_OK;
}

/* Up to `cap` bytes of the source: the ZIP entry or the gzip/plain file. */
static rw_status src_read(rw_reader *r, void *dst, size_t cap, size_t *got)
{
    *got = 0;
    if (r->src_eof) return RW_OK;
    if (r->ar) {
        la_ssize_t n = archive_read_data(r->ar, dst, cap);
        if (n < 0)
            return fail(r, RW_EFORMAT, "cannot read the ZIP entry %s: %s", r->zip_entry,
                        archive_error_string(r->ar));
        *got = (size_t)n;
    } else {
        rw_status st = gz_read(r, dst, cap, got);
        if (st != RW_OK) return st;
    }
    if (*got == 0) r->src_eof = 1;
    return RW_OK;
}

/* Fills r->peek with the first bytes of the source. */
static rw_status peek_fill(rw_reader *r)
{
    r->npeek = r->peek_used = 0;
    while (r->npeek < PEEK && !r->src_eof) {
        size_t n;
        rw_status st = src_read(r, r->peek + r->npeek, PEEK - r->npeek, &n);
        if (st != RW_OK) return st;
        r->npeek += n;
    }
    return RW_OK;
}

/* Decides the layers from the first bytes: ZIP, then UTF-16. */
static rw_status setup(rw_reader *r)
{
    rw_status st = peek_fill(r);
    if (st != RW_OK) return st;
    if (r->npeek == PEEK && r->peek[0] == 'P' && r->peek[1] == 'K' &&
        ((r->peek[2] == 3 && r->peek[3] == 4) || (r->peek[2] == 5 && r->peek[3] == 6))) {
        if ((st = zip_start(r)) != RW_OK) return st;
        if ((st = peek_fill(r)) != RW_OK) return st;
    }
    int big = 0;
    size_t bom = 0;
    if (rw_utf16_sniff(r->peek, r->npeek, &big, &bom)) {
        r->encoding = big ? RW_ENC_UTF16BE : RW_ENC_UTF16LE;
        rw_utf16_init(&r->u16, big);
        r->peek_used = bom; /* the BOM is not text */
        if (!(r->raw = malloc(RAW_CHUNK))) return fail(r, RW_ENOMEM, "out of memory");
    }
    return RW_OK;
}

/* The next chunk of text for the caller into dst (RW_READER_CHUNK bytes);
 * *got 0 at the end. */
static rw_status produce(rw_reader *r, char *dst, size_t *got)
{
    *got = 0;
    rw_status st;
    if (r->encoding == RW_ENC_UTF8) {
        size_t k = r->npeek - r->peek_used;
        memcpy(dst, r->peek + r->peek_used, k);
        r->peek_used = r->npeek;
        size_t n = 0;
        if ((st = src_read(r, dst + k, RW_READER_CHUNK - k, &n)) != RW_OK) return st;
        *got = k + n;
        return RW_OK;
    }
    /* UTF-16: a chunk may convert to nothing (one odd byte), so read on
     * until there is text or the source ends. */
    while (*got == 0) {
        size_t k = r->npeek - r->peek_used;
        memcpy(r->raw, r->peek + r->peek_used, k);
        r->peek_used = r->npeek;
        size_t n = 0;
        if ((st = src_read(r, r->raw + k, RAW_CHUNK - k, &n)) != RW_OK) return st;
        if (k + n == 0) return rw_utf16_finish(&r->u16, r->name, &r->terr);
        if ((st = rw_utf16_convert(&r->u16, r->raw, k + n, dst, got, r->name, &r->terr)) != RW_OK)
            return st;
    }
    return RW_OK;
}

static void work(rw_reader *r)
{
    size_t tail = 0;
    rw_status st = setup(r);
    if (st != RW_OK) {
        finish(r, st);
        return;
    }
    for (;;) {
        pthread_mutex_lock(&r->mu);
        while (r->filled == RW_READER_SLOTS && !r->stop) pthread_cond_wait(&r->cv, &r->mu);
        int stop = r->stop;
        tail = (r->head + r->filled) % RW_READER_SLOTS;
        pthread_mutex_unlock(&r->mu);
        if (stop) {
            finish(r, RW_OK);
            return;
        }
        slot *s = &r->slots[tail];
        size_t n = 0;
        if ((st = produce(r, s->data, &n)) != RW_OK || n == 0) {
            finish(r, st);
            return;
        }
        if (EVP_DigestUpdate(r->sha, s->data, n) != 1) {
            finish(r, fail(r, RW_ENOMEM, "hashing failed"));
            return;
        }
        s->len = n;
        s->used = 0;
        s->offset = r->ar ? (int64_t)archive_filter_bytes(r->ar, -1) : (int64_t)gzoffset(r->gz);
        pthread_mutex_lock(&r->mu);
        r->filled++;
        pthread_cond_broadcast(&r->cv);
        pthread_mutex_unlock(&r->mu);
    }
}

static void *run(void *arg)
{
    /* libarchive converts entry names to this thread's locale; a UTF-8 one
     * keeps a Chinese bill's name whatever the process locale is, and
     * uselocale changes this thread only. */
    locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    if (loc) uselocale(loc);
    work(arg);
    if (loc) {
        uselocale(LC_GLOBAL_LOCALE);
        freelocale(loc);
    }
    return NULL;
}

rw_status rw_reader_start(int fd, const char *name, rw_reader **out, rw_error *err)
{
    *out = NULL;
    rw_reader *r = calloc(1, sizeof *r);
    if (!r) {
        close(fd);
        return rw_error_set(err, RW_ENOMEM, name, 0, "out of memory");
    }
    snprintf(r->name, sizeof r->name, "%s", name);
    rw_error_clear(&r->terr);
    r->fd = fd;
    /* A pipe cannot be reopened, which only a ZIP needs (zip_start). */
    off_t at = lseek(fd, 0, SEEK_CUR);
    r->start = at < 0 ? -1 : (int64_t)at;
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->cv, NULL);
    *out = r;
    r->gz = gzdopen(fd, "rb");
    if (!r->gz) {
        close(fd);
        return rw_error_set(err, RW_ENOMEM, name, 0, "cannot start decompressor");
    }
    gzbuffer(r->gz, 256u << 10);
    r->sha = EVP_MD_CTX_new();
    if (!r->sha || EVP_DigestInit_ex(r->sha, EVP_sha256(), NULL) != 1)
        return rw_error_set(err, RW_ENOMEM, name, 0, "out of memory");
    for (int i = 0; i < RW_READER_SLOTS; i++)
        if (!(r->slots[i].data = malloc(RW_READER_CHUNK)))
            return rw_error_set(err, RW_ENOMEM, name, 0, "out of memory");
    if (pthread_create(&r->thread, NULL, run, r) != 0)
        return rw_error_set(err, RW_ENOMEM, name, 0, "cannot start the reader thread");
    r->started = 1;
    return RW_OK;
}

rw_status rw_reader_read(rw_reader *r, char *dst, size_t cap, size_t *got, rw_error *err)
{
    *got = 0;
    pthread_mutex_lock(&r->mu);
    while (r->filled == 0 && !r->done) pthread_cond_wait(&r->cv, &r->mu);
    if (r->filled == 0) {
        rw_status st = r->status;
        pthread_mutex_unlock(&r->mu);
        if (st != RW_OK)
            return rw_error_set(err, st, r->terr.file, r->terr.line, "%s", r->terr.text);
        return RW_OK;
    }
    slot *s = &r->slots[r->head];
    pthread_mutex_unlock(&r->mu);
    size_t n = s->len - s->used;
    if (n > cap) n = cap;
    memcpy(dst, s->data + s->used, n);
    s->used += n;
    *got = n;
    if (s->used == s->len) {
        pthread_mutex_lock(&r->mu);
        r->offset = s->offset;
        r->head = (r->head + 1) % RW_READER_SLOTS;
        r->filled--;
        pthread_cond_broadcast(&r->cv);
        pthread_mutex_unlock(&r->mu);
    }
    return RW_OK;
}

void rw_reader_info(rw_reader *r, int *encoding, char *entry, size_t entry_size)
{
    pthread_mutex_lock(&r->mu);
    *encoding = r->encoding;
    snprintf(entry, entry_size, "%s", r->zip_entry);
    pthread_mutex_unlock(&r->mu);
}

int64_t rw_reader_offset(rw_reader *r)
{
    pthread_mutex_lock(&r->mu);
    int64_t off = r->offset;
    pthread_mutex_unlock(&r->mu);
    return off;
}

rw_status rw_reader_digest(rw_reader *r, char hex[65], rw_error *err)
{
    pthread_mutex_lock(&r->mu);
    int done = r->done && r->filled == 0;
    pthread_mutex_unlock(&r->mu);
    if (!done) return rw_error_set(err, RW_EINVAL, r->name, 0, "digest before the end of input");
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (EVP_DigestFinal_ex(r->sha, md, &n) != 1 || n != 32)
        return rw_error_set(err, RW_ENOMEM, r->name, 0, "hashing failed");
    static const char digits[] = "0123456789abcdef";
    for (unsigned i = 0; i < 32; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[64] = '\0';
    return RW_OK;
}

void rw_reader_free(rw_reader *r)
{
    if (!r) return;
    if (r->started) {
        pthread_mutex_lock(&r->mu);
        r->stop = 1;
        pthread_cond_broadcast(&r->cv);
        pthread_mutex_unlock(&r->mu);
        pthread_join(r->thread, NULL);
    }
    archive_read_free(r->ar);
    free(r->raw);
    if (r->gz) gzclose_r(r->gz);
    EVP_MD_CTX_free(r->sha);
    for (int i = 0; i < RW_READER_SLOTS; i++) free(r->slots[i].data);
    pthread_cond_destroy(&r->cv);
    pthread_mutex_destroy(&r->mu);
    free(r);
}
