/* reader.c: the read/decompress/hash thread behind rw_input.
 *
 * Invariant: slots [head, head + filled) hold data in file order; only the
 * thread writes a slot that is not filled, only the caller reads a filled
 * one, and `filled`, `done`, `stop` change under the mutex. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/evp.h>
#include <zlib.h>
#include "ingest/reader.h"

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
    char message[200];   /* its error text */
    gzFile gz;
    EVP_MD_CTX *sha;
    int64_t offset;      /* file offset of the data handed out */
    char name[256];
};

static void finish(rw_reader *r, rw_status st, const char *msg)
{
    pthread_mutex_lock(&r->mu);
    r->status = st;
    if (msg) snprintf(r->message, sizeof r->message, "%s", msg);
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

static void *run(void *arg)
{
    rw_reader *r = arg;
    size_t tail = 0;
    for (;;) {
        pthread_mutex_lock(&r->mu);
        while (r->filled == RW_READER_SLOTS && !r->stop) pthread_cond_wait(&r->cv, &r->mu);
        int stop = r->stop;
        tail = (r->head + r->filled) % RW_READER_SLOTS;
        pthread_mutex_unlock(&r->mu);
        if (stop) {
            finish(r, RW_OK, NULL);
            return NULL;
        }
        slot *s = &r->slots[tail];
        int n = gzread(r->gz, s->data, RW_READER_CHUNK);
        if (n < 0) {
            int zerr;
            const char *msg = gz_message(r->gz, &zerr);
            char text[200];
            snprintf(text, sizeof text, "truncated or corrupt gzip data: %s", msg);
            finish(r, RW_EIO, zerr == Z_ERRNO ? strerror(errno) : text);
            return NULL;
        }
        if (n == 0) {
            int zerr;
            const char *msg = gz_message(r->gz, &zerr);
            if (zerr != Z_OK && zerr != Z_STREAM_END) {
                char text[200];
                snprintf(text, sizeof text, "truncated or corrupt gzip data: %s", msg);
                finish(r, RW_EIO, text);
            } else {
                finish(r, RW_OK, NULL);
            }
            return NULL;
        }
        if (EVP_DigestUpdate(r->sha, s->data, (size_t)n) != 1) {
            finish(r, RW_ENOMEM, "hashing failed");
            return NULL;
        }
        s->len = (size_t)n;
        s->used = 0;
        s->offset = (int64_t)gzoffset(r->gz);
        pthread_mutex_lock(&r->mu);
        r->filled++;
        pthread_cond_broadcast(&r->cv);
        pthread_mutex_unlock(&r->mu);
    }
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
        if (st != RW_OK) return rw_error_set(err, st, r->name, 0, "%s", r->message);
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
    if (r->gz) gzclose_r(r->gz);
    EVP_MD_CTX_free(r->sha);
    for (int i = 0; i < RW_READER_SLOTS; i++) free(r->slots[i].data);
    pthread_cond_destroy(&r->cv);
    pthread_mutex_destroy(&r->mu);
    free(r);
}
