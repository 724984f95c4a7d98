/* fuzz_common.h: shared helpers of the libFuzzer targets (tests/fuzz).
 *
 * An rw_input over a memory buffer (no reader thread: eof is set, the whole
 * input is in buf, so parsers run exactly as on a file that fits one chunk;
 * buf is sized to the data, so ASan sees any read past buf[len]), a sink that
 * only counts what it is given, and a NUL-terminated copy of the fuzz data. */
#ifndef RW_FUZZ_COMMON_H
#define RW_FUZZ_COMMON_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ingest/ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Fills `in` with a copy of data[0..size) as a fully read input; the UTF-8
 * BOM is skipped as rw_input_open does. Free with fuzz_input_free. */
static inline int fuzz_input_init(rw_input *in, const uint8_t *data, size_t size)
{
    memset(in, 0, sizeof *in);
    in->buf = malloc(size + 1);
    if (!in->buf) return 0;
    if (size) memcpy(in->buf, data, size);
    in->buf[size] = '\0';
    in->cap = size;
    in->len = size;
    in->bytes = size;
    in->eof = 1;
    in->line = 1;
    memcpy(in->name, "<fuzz>", 7);
    if (size >= 3 && memcmp(in->buf, "\xEF\xBB\xBF", 3) == 0) in->pos = 3;
    return 1;
}

static inline void fuzz_input_free(rw_input *in)
{
    free(in->buf);
    in->buf = NULL;
}

/* Counts records; touches every string so ASan checks they are readable. */
typedef struct fuzz_counts {
    long rows, charges, usage, balances, points, rejects;
    size_t bytes;
} fuzz_counts;

static inline void fuzz_touch(fuzz_counts *n, const char *s)
{
    n->bytes += strlen(s);
}

static inline rw_status fuzz_charge(void *ctx, long line, const rw_charge *c)
{
    fuzz_counts *n = ctx;
    (void)line;
    n->charges++;
    fuzz_touch(n, c->provider);
    fuzz_touch(n, c->billing_account);
    fuzz_touch(n, c->sub_account);
    fuzz_touch(n, c->service);
    fuzz_touch(n, c->service_category);
    fuzz_touch(n, c->region);
    fuzz_touch(n, c->resource);
    fuzz_touch(n, c->charge_category);
    fuzz_touch(n, c->charge_frequency);
    fuzz_touch(n, c->currency);
    fuzz_touch(n, c->unit);
    fuzz_touch(n, c->tags);
    return RW_OK;
}

static inline rw_status fuzz_usage(void *ctx, long line, const rw_usage *u)
{
    fuzz_counts *n = ctx;
    (void)line;
    n->usage++;
    fuzz_touch(n, u->bucket);
    fuzz_touch(n, u->region);
    return RW_OK;
}

static inline rw_status fuzz_balance(void *ctx, long line, const rw_balance *b)
{
    fuzz_counts *n = ctx;
    (void)line;
    n->balances++;
    fuzz_touch(n, b->currency);
    fuzz_touch(n, b->account);
    return RW_OK;
}

static inline rw_status fuzz_point(void *ctx, long line, const rw_point *p)
{
    fuzz_counts *n = ctx;
    (void)line;
    n->points++;
    fuzz_touch(n, p->series);
    return RW_OK;
}

static inline rw_status fuzz_ledger(void *ctx, long line, const rw_ledger_tx *t)
{
    fuzz_counts *n = ctx;
    (void)line;
    n->balances++;
    fuzz_touch(n, t->action);
    fuzz_touch(n, t->id);
    fuzz_touch(n, t->info);
    fuzz_touch(n, t->account);
    fuzz_touch(n, t->currency);
    return RW_OK;
}

static inline rw_status fuzz_reject(void *ctx, long line, const char *reason, const char *raw,
                                    size_t raw_len)
{
    fuzz_counts *n = ctx;
    (void)line;
    n->rejects++;
    fuzz_touch(n, reason);
    if (raw_len) n->bytes += (unsigned char)raw[raw_len - 1] + (unsigned char)raw[0];
    return RW_OK;
}

static inline rw_status fuzz_warn(void *ctx, long line, const char *reason, const char *raw,
                                  size_t raw_len)
{
    fuzz_counts *n = ctx;
    (void)line;
    fuzz_touch(n, reason);
    if (raw_len) n->bytes += (unsigned char)raw[raw_len - 1] + (unsigned char)raw[0];
    return RW_OK;
}

static inline void fuzz_row(void *ctx)
{
    ((fuzz_counts *)ctx)->rows++;
}

static inline rw_sink fuzz_sink(fuzz_counts *n)
{
    rw_sink s = {n, fuzz_charge, fuzz_usage, fuzz_balance, fuzz_point, fuzz_reject, fuzz_row,
                 fuzz_ledger, fuzz_warn};
    return s;
}

/* Runs format `f` (RW_FMT_AUTO: detect first, as rw_ingest_file does) over
 * the data. The first byte, when the data is long enough, picks the
 * options (strict mode, an account, a naive offset) so those paths are
 * fuzzed too; the rest is the file. */
static inline void fuzz_parse(rw_format f, const uint8_t *data, size_t size)
{
    rw_ingest_opts opts = {f, NULL, 0, RW_OFFSET_DEFAULT, RW_DATE_AUTO};
    if (size > 0) {
        uint8_t o = data[0];
        opts.strict = o & 1;
        if (o & 2) opts.account = "fuzz-account";
        if (o & 4) opts.naive_offset = ((int64_t)(o >> 3) - 16) * 3600;
        data++;
        size--;
    }
    rw_input in;
    if (!fuzz_input_init(&in, data, size)) return;
    rw_error err;
    rw_error_clear(&err);
    rw_status st = RW_OK;
    if (f == RW_FMT_AUTO) st = rw_format_detect(&in, &f, &err);
    if (st == RW_OK) {
        fuzz_counts n;
        memset(&n, 0, sizeof n);
        rw_sink sink = fuzz_sink(&n);
        opts.format = f;
        st = rw_format_parser(f)(&in, &opts, &sink, &err);
    }
    char msg[1024];
    rw_error_format(&err, msg, sizeof msg);
    fuzz_input_free(&in);
}

/* A NUL-terminated heap copy of the data (caller frees). */
static inline char *fuzz_strdup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) return NULL;
    if (size) memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

#endif
