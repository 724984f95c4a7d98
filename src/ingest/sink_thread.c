/* sink_thread.c: batching records to a worker thread (see sink_thread.h).
 *
 * Batch layout: records back to back, each a header (kind, line) and the
 * record's numbers followed by its strings, each string as a size_t length
 * and the bytes with a terminating NUL. Invariant: batches [head, head +
 * full) are complete and owned by the worker; `fill` is owned by the
 * caller; `full`, `done`, `stop` and `status` change under the mutex. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ingest/sink_thread.h"
#include "util/strutil.h"

enum kind { K_CHARGE = 1, K_USAGE, K_BALANCE, K_POINT, K_REJECT, K_LEDGER, K_WARN };

typedef struct batch {
    char *data;
    size_t len;
} batch;

struct rw_sink_thread {
    rw_sink target;
    int strict;
    const char *file;
    rw_error *err;            /* the caller's */
    pthread_t thread;
    int started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    batch batches[RW_SINK_BATCHES];
    size_t head, full;        /* complete batches waiting for the worker */
    size_t fill;              /* batch the caller appends to */
    int draining;             /* the caller has no more records */
    int stop;                 /* abandon what is queued */
    int done;                 /* the worker has exited */
    rw_status status;         /* first failure of the target */
};

/* ---- encoding (caller's thread) ---------------------------------------- */

static char *put(char *p, const void *v, size_t n)
{
    memcpy(p, v, n);
    return p + n;
}

/* Hands the current batch to the worker and waits for a free one. */
static rw_status push(rw_sink_thread *t)
{
    pthread_mutex_lock(&t->mu);
    t->full++;
    pthread_cond_broadcast(&t->cv);
    while (t->full == RW_SINK_BATCHES && t->status == RW_OK) pthread_cond_wait(&t->cv, &t->mu);
    rw_status st = t->status;
    t->fill = (t->head + t->full) % RW_SINK_BATCHES;
    pthread_mutex_unlock(&t->mu);
    t->batches[t->fill].len = 0;
    return st;
}

/* Room for `n` bytes in the current batch; NULL only if a single record is
 * larger than a batch (then the batch grows for it). */
static rw_status reserve(rw_sink_thread *t, size_t n, char **out)
{
    batch *b = &t->batches[t->fill];
    if (b->len > 0 && b->len + n > RW_SINK_BATCH_BYTES) {
        rw_status st = push(t);
        if (st != RW_OK) return st;
        b = &t->batches[t->fill];
    }
    if (n > RW_SINK_BATCH_BYTES) {
        char *grown = realloc(b->data, n);
        if (!grown) return rw_error_set(t->err, RW_ENOMEM, t->file, 0, "out of memory");
        b->data = grown;
    }
    *out = b->data + b->len;
    b->len += n;
    return RW_OK;
}

static rw_status check(rw_sink_thread *t)
{
    pthread_mutex_lock(&t->mu);
    rw_status st = t->status;
    pthread_mutex_unlock(&t->mu);
    return st;
}

typedef struct header {
    int kind;
    long line;
} header;

/* Appends a record: its header, `size` bytes of `rec` (the numbers; its
 * string pointers are replaced on decoding) and the `nstr` strings, each as
 * a length and the bytes with their NUL. */
static rw_status encode(rw_sink_thread *t, int kind, long line, const void *rec, size_t size,
                        const char *const *strs, const size_t *len, size_t nstr)
{
    size_t n = sizeof(header) + size;
    for (size_t i = 0; i < nstr; i++) n += sizeof(size_t) + len[i] + 1;
    char *p = NULL;
    rw_status st = reserve(t, n, &p);
    if (st != RW_OK) return st;
    header h = {kind, line};
    p = put(p, &h, sizeof h);
    p = put(p, rec, size);
    for (size_t i = 0; i < nstr; i++) {
        p = put(p, &len[i], sizeof len[i]);
        p = put(p, strs[i], len[i] + 1);
    }
    return RW_OK;
}

static rw_status enc_reject(void *ctx, long line, const char *reason, const char *raw,
                            size_t raw_len);

/* Reason for rejecting text that is not UTF-8: the store keeps text as
 * UTF-8, and Tencent console exports opened in a Chinese locale may be GBK. */
#define NOT_UTF8 "text is not valid UTF-8 (a GBK export? convert it with iconv -f GBK -t UTF-8)"

/* Index of the first of `n` strings (lengths in len, filled here) that is
 * not UTF-8, or -1. */
static int first_not_utf8(const char *const *s, size_t *len, int n)
{
    for (int i = 0; i < n; i++) {
        len[i] = strlen(s[i]);
        if (!rw_utf8_valid_n(s[i], len[i])) return i;
    }
    return -1;
}

static rw_status enc_charge(void *ctx, long line, const rw_charge *c)
{
    const char *s[12] = {c->provider, c->billing_account, c->sub_account, c->service,
                         c->service_category, c->region, c->resource, c->charge_category,
                         c->charge_frequency, c->currency, c->unit, c->tags};
    /* Dimension values the store cannot key (a 10 MB service name) reject
     * the row here, where strict mode and the row accounting apply; the raw
     * text kept is the start of the longest value. */
    if (!rw_charge_dims_fit(c)) {
        size_t longest = 0;
        for (size_t i = 1; i < 12; i++)
            if (strlen(s[i]) > strlen(s[longest])) longest = i;
        char reason[80];
        snprintf(reason, sizeof reason, "dimension values longer than %d bytes",
                 RW_CHARGE_DIMS_MAX);
        return enc_reject(ctx, line, reason, s[longest], strlen(s[longest]));
    }
    size_t len[12];
    int bad = first_not_utf8(s, len, 12);
    if (bad >= 0) return enc_reject(ctx, line, NOT_UTF8, s[bad], len[bad]);
    if (!rw_charge_amounts_fit(c)) {
        char reason[120], raw[120];
        snprintf(reason, sizeof reason, "an amount is beyond +-%g (billed %g, effective %g, list %g)",
                 RW_AMOUNT_MAX, c->billed, c->effective, c->list);
        int n = snprintf(raw, sizeof raw, "%g,%g,%g", c->billed, c->effective, c->list);
        return enc_reject(ctx, line, reason, raw, n > 0 ? (size_t)n : 0);
    }
    return encode(ctx, K_CHARGE, line, c, sizeof *c, s, len, 12);
}

static rw_status enc_usage(void *ctx, long line, const rw_usage *u)
{
    const char *s[2] = {u->bucket, u->region};
    size_t len[2];
    int bad = first_not_utf8(s, len, 2);
    if (bad >= 0) return enc_reject(ctx, line, NOT_UTF8, s[bad], len[bad]);
    return encode(ctx, K_USAGE, line, u, sizeof *u, s, len, 2);
}

static rw_status enc_balance(void *ctx, long line, const rw_balance *b)
{
    const char *s[2] = {b->currency, b->account};
    size_t len[2];
    int bad = first_not_utf8(s, len, 2);
    if (bad >= 0) return enc_reject(ctx, line, NOT_UTF8, s[bad], len[bad]);
    return encode(ctx, K_BALANCE, line, b, sizeof *b, s, len, 2);
}

static rw_status enc_ledger(void *ctx, long line, const rw_ledger_tx *tx)
{
    const char *s[5] = {tx->action, tx->id, tx->info, tx->account, tx->currency};
    size_t len[5];
    int bad = first_not_utf8(s, len, 5);
    if (bad >= 0) return enc_reject(ctx, line, NOT_UTF8, s[bad], len[bad]);
    return encode(ctx, K_LEDGER, line, tx, sizeof *tx, s, len, 5);
}

static rw_status enc_point(void *ctx, long line, const rw_point *pt)
{
    size_t len[1];
    if (first_not_utf8(&pt->series, len, 1) >= 0)
        return enc_reject(ctx, line, NOT_UTF8, pt->series, len[0]);
    return encode(ctx, K_POINT, line, pt, sizeof *pt, &pt->series, len, 1);
}

/* Appends a reject or warning record: the reason and the raw text, which has
 * a length (it may hold NULs). */
static rw_status enc_note(rw_sink_thread *t, int kind, long line, const char *reason,
                          const char *raw, size_t raw_len)
{
    if (raw_len > 4096) raw_len = 4096; /* the store keeps no more of it */
    size_t rlen = strlen(reason);
    char *p = NULL;
    rw_status st = reserve(t, sizeof(header) + 2 * sizeof(size_t) + rlen + 1 + raw_len + 1, &p);
    if (st != RW_OK) return st;
    header h = {kind, line};
    p = put(p, &h, sizeof h);
    p = put(p, &rlen, sizeof rlen);
    p = put(p, reason, rlen + 1);
    p = put(p, &raw_len, sizeof raw_len);
    p = put(p, raw, raw_len);
    *p = '\0';
    return check(t);
}

static rw_status enc_reject(void *ctx, long line, const char *reason, const char *raw,
                            size_t raw_len)
{
    rw_sink_thread *t = ctx;
    if (t->strict) return rw_error_set(t->err, RW_EREJECTED, t->file, line, "%s", reason);
    return enc_note(t, K_REJECT, line, reason, raw, raw_len);
}

/* A warning never fails strict mode: the row was kept. */
static rw_status enc_warn(void *ctx, long line, const char *reason, const char *raw,
                          size_t raw_len)
{
    return enc_note(ctx, K_WARN, line, reason, raw, raw_len);
}

static void fwd_row(void *ctx)
{
    rw_sink_thread *t = ctx;
    t->target.row(t->target.ctx);
}

/* ---- decoding (worker thread) ------------------------------------------ */

static const char *get_str(const char **p)
{
    size_t n;
    memcpy(&n, *p, sizeof n);
    const char *s = *p + sizeof n;
    *p = s + n + 1;
    return s;
}

static rw_status deliver(rw_sink_thread *t, const batch *b)
{
    const char *p = b->data, *end = b->data + b->len;
    rw_sink *s = &t->target;
    rw_status st = RW_OK;
    while (p < end && st == RW_OK) {
        header h;
        memcpy(&h, p, sizeof h);
        p += sizeof h;
        switch (h.kind) {
        case K_CHARGE: {
            rw_charge c;
            memcpy(&c, p, sizeof c);
            p += sizeof c;
            const char **f[12] = {&c.provider, &c.billing_account, &c.sub_account, &c.service,
                                  &c.service_category, &c.region, &c.resource,
                                  &c.charge_category, &c.charge_frequency, &c.currency,
                                  &c.unit, &c.tags};
            for (int i = 0; i < 12; i++) *f[i] = get_str(&p);
            st = s->charge(s->ctx, h.line, &c);
            break;
        }
        case K_USAGE: {
            rw_usage u;
            memcpy(&u, p, sizeof u);
            p += sizeof u;
            u.bucket = get_str(&p);
            u.region = get_str(&p);
            st = s->usage(s->ctx, h.line, &u);
            break;
        }
        case K_BALANCE: {
            rw_balance bal;
            memcpy(&bal, p, sizeof bal);
            p += sizeof bal;
            bal.currency = get_str(&p);
            bal.account = get_str(&p);
            st = s->balance(s->ctx, h.line, &bal);
            break;
        }
        case K_POINT: {
            rw_point pt;
            memcpy(&pt, p, sizeof pt);
            p += sizeof pt;
            pt.series = get_str(&p);
            st = s->point(s->ctx, h.line, &pt);
            break;
        }
        case K_LEDGER: {
            rw_ledger_tx tx;
            memcpy(&tx, p, sizeof tx);
            p += sizeof tx;
            const char **f[5] = {&tx.action, &tx.id, &tx.info, &tx.account, &tx.currency};
            for (int i = 0; i < 5; i++) *f[i] = get_str(&p);
            st = s->ledger ? s->ledger(s->ctx, h.line, &tx) : RW_EINVAL;
            break;
        }
        case K_REJECT:
        case K_WARN: {
            const char *reason = get_str(&p);
            size_t n;
            memcpy(&n, p, sizeof n);
            p += sizeof n;
            st = h.kind == K_REJECT ? s->reject(s->ctx, h.line, reason, p, n)
                                    : rw_sink_warn(s, h.line, reason, p, n);
            p += n + 1;
            break;
        }
        default: st = RW_EINVAL; break;
        }
    }
    return st;
}

static void *run(void *arg)
{
    rw_sink_thread *t = arg;
    pthread_mutex_lock(&t->mu);
    for (;;) {
        while (t->full == 0 && !t->draining && !t->stop) pthread_cond_wait(&t->cv, &t->mu);
        if (t->stop || t->full == 0) break; /* abandoned, or drained */
        batch *b = &t->batches[t->head];
        pthread_mutex_unlock(&t->mu);
        rw_status st = deliver(t, b);
        pthread_mutex_lock(&t->mu);
        if (st != RW_OK && t->status == RW_OK) t->status = st;
        t->head = (t->head + 1) % RW_SINK_BATCHES;
        t->full--;
        pthread_cond_broadcast(&t->cv);
        if (t->status != RW_OK) break;
    }
    t->done = 1;
    pthread_cond_broadcast(&t->cv);
    pthread_mutex_unlock(&t->mu);
    return NULL;
}

rw_status rw_sink_thread_start(rw_sink target, int strict, const char *file, rw_error *err,
                               rw_sink_thread **out)
{
    rw_sink_thread *t = calloc(1, sizeof *t);
    *out = t;
    if (!t) return rw_error_set(err, RW_ENOMEM, file, 0, "out of memory");
    t->target = target;
    t->strict = strict;
    t->file = file;
    t->err = err;
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, NULL);
    for (int i = 0; i < RW_SINK_BATCHES; i++)
        if (!(t->batches[i].data = malloc(RW_SINK_BATCH_BYTES)))
            return rw_error_set(err, RW_ENOMEM, file, 0, "out of memory");
    if (pthread_create(&t->thread, NULL, run, t) != 0)
        return rw_error_set(err, RW_ENOMEM, file, 0, "cannot start the store thread");
    t->started = 1;
    return RW_OK;
}

rw_sink rw_sink_thread_iface(rw_sink_thread *t)
{
    rw_sink s = {t, enc_charge, enc_usage, enc_balance, enc_point, enc_reject, fwd_row,
                 t->target.ledger ? enc_ledger : NULL, t->target.warn ? enc_warn : NULL};
    return s;
}

rw_status rw_sink_thread_finish(rw_sink_thread *t, rw_error *target_err, rw_error *err)
{
    pthread_mutex_lock(&t->mu);
    if (t->batches[t->fill].len > 0 && t->status == RW_OK) t->full++;
    t->draining = 1;
    pthread_cond_broadcast(&t->cv);
    while (!t->done) pthread_cond_wait(&t->cv, &t->mu);
    rw_status st = t->status;
    pthread_mutex_unlock(&t->mu);
    pthread_join(t->thread, NULL);
    t->started = 0;
    if (st != RW_OK && err && target_err && err->status == RW_OK) *err = *target_err;
    return st;
}

void rw_sink_thread_free(rw_sink_thread *t)
{
    if (!t) return;
    if (t->started) {
        pthread_mutex_lock(&t->mu);
        t->stop = 1;
        pthread_cond_broadcast(&t->cv);
        pthread_mutex_unlock(&t->mu);
        pthread_join(t->thread, NULL);
    }
    for (int i = 0; i < RW_SINK_BATCHES; i++) free(t->batches[i].data);
    pthread_cond_destroy(&t->cv);
    pthread_mutex_destroy(&t->mu);
    free(t);
}
