/* csv.c: RFC 4180 records. Scanning never modifies the input buffer, so a
 * record cut by the end of the buffer is simply scanned again after a refill.
 * Lenient where real exports are sloppy: a quote inside an unquoted field is
 * kept as text; text after a closing quote is an error (it hides data). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "ingest/csv.h"

void rw_csv_init(rw_csv *c, rw_input *in, char delim)
{
    memset(c, 0, sizeof *c);
    c->in = in;
    c->delim = delim;
}

void rw_csv_cleanup(rw_csv *c)
{
    free(c->field);
    free(c->flen);
    free(c->fbeg);
    free(c->fend);
    free(c->fq);
    free(c->text);
    memset(c, 0, sizeof *c);
}

static int grow_fields(rw_csv *c)
{
    size_t n = c->fcap ? c->fcap * 2 : 64;
    char **f = realloc(c->field, n * sizeof *f);
    if (f) c->field = f;
    size_t *l = realloc(c->flen, n * sizeof *l);
    if (l) c->flen = l;
    size_t *b = realloc(c->fbeg, n * sizeof *b);
    if (b) c->fbeg = b;
    size_t *e = realloc(c->fend, n * sizeof *e);
    if (e) c->fend = e;
    unsigned char *q = realloc(c->fq, n);
    if (q) c->fq = q;
    if (!f || !l || !b || !e || !q) return 0;
    c->fcap = n;
    return 1;
}

enum scan { SCAN_DONE, SCAN_MORE, SCAN_BAD_QUOTE, SCAN_NOMEM };

/* Bit k set when b[base + k] is the delimiter, CR or LF, for k < 64; bits
 * at or past n are set too, so a search stops at the end of the data.
 * Unquoted fields are the bulk of a bill, so one window classifies 64
 * bytes at once (SSE2, on every x86-64) and serves several fields. */
static uint64_t window_mask(const char *b, size_t base, size_t n, char d)
{
    uint64_t m = 0;
#ifdef __SSE2__
    if (base + 64 <= n) {
        const __m128i vd = _mm_set1_epi8(d), vn = _mm_set1_epi8('\n'), vr = _mm_set1_epi8('\r');
        for (int k = 0; k < 4; k++) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(b + base + 16 * k));
            __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(x, vd),
                                       _mm_or_si128(_mm_cmpeq_epi8(x, vn), _mm_cmpeq_epi8(x, vr)));
            m |= (uint64_t)(unsigned)_mm_movemask_epi8(hit) << (16 * k);
        }
        return m;
    }
#endif
    for (size_t k = 0; k < 64; k++) {
        size_t i = base + k;
        if (i >= n || b[i] == d || b[i] == '\n' || b[i] == '\r') m |= 1ULL << k;
    }
    return m;
}

typedef struct window {
    size_t base;   /* offset of bit 0 */
    uint64_t mask; /* window_mask at base; base == SIZE_MAX: none yet */
} window;

/* Offset of the first delimiter, CR or LF at or after b[i], or n. */
static size_t field_end(window *w, const char *b, size_t i, size_t n, char d)
{
    if (w->base == SIZE_MAX || i < w->base || i >= w->base + 64) {
        w->base = i;
        w->mask = window_mask(b, i, n, d);
    }
    uint64_t m = w->mask >> (i - w->base);
    while (m == 0) {
        w->base += 64;
        w->mask = window_mask(b, w->base, n, d);
        m = w->mask;
        i = w->base;
    }
    size_t end = i + (size_t)__builtin_ctzll(m);
    return end < n ? end : n;
}

/* Scans one record starting at in->pos. On SCAN_DONE sets *rec_end (offset
 * of the line end) and *next (offset after it) and *newlines inside. */
static enum scan scan_record(rw_csv *c, size_t *rec_end, size_t *next, long *newlines)
{
    const char *b = c->in->buf;
    size_t i = c->in->pos, n = c->in->len;
    const char d = c->delim;
    size_t nf = 0;
    long nl = 0;
    window w = {SIZE_MAX, 0};
    for (;;) {
        if (nf == c->fcap && !grow_fields(c)) return SCAN_NOMEM;
        if (i < n && b[i] == '"') {
            c->fq[nf] = 1;
            c->fbeg[nf] = ++i;
            for (;;) {
                const char *q = memchr(b + i, '"', n - i);
                if (!q) return SCAN_MORE;
                for (const char *p = b + i; (p = memchr(p, '\n', (size_t)(q - p))); p++) nl++;
                i = (size_t)(q - b) + 1;
                if (i < n && b[i] == '"') {
                    i++;
                    continue;
                }
                if (i >= n && !c->in->eof) return SCAN_MORE;
                break;
            }
            c->fend[nf] = i - 1;
            if (i < n && b[i] != d && b[i] != '\n' && b[i] != '\r') return SCAN_BAD_QUOTE;
        } else {
            c->fq[nf] = 0;
            c->fbeg[nf] = i;
            i = field_end(&w, b, i, n, d);
            c->fend[nf] = i;
        }
        nf++;
        if (i >= n) {
            if (!c->in->eof) return SCAN_MORE;
            *rec_end = *next = i;
            break;
        }
        if (b[i] == d) {
            i++;
            continue;
        }
        *rec_end = i;
        if (b[i] == '\r') {
            if (i + 1 >= n && !c->in->eof) return SCAN_MORE;
            i += (i + 1 < n && b[i + 1] == '\n') ? 2 : 1;
        } else {
            i++;
        }
        *next = i;
        break;
    }
    c->nfields = nf;
    *newlines = nl;
    return SCAN_DONE;
}

/* Makes room to unquote every field of a record of `total` raw bytes, so
 * that materialising fields later never moves earlier ones. */
static int prepare_fields(rw_csv *c, size_t total)
{
    if (total + c->nfields + 1 > c->text_cap) {
        size_t ncap = (total + c->nfields + 1) * 2;
        char *t = realloc(c->text, ncap);
        if (!t) return 0;
        c->text = t;
        c->text_cap = ncap;
    }
    c->text_used = 0;
    memset(c->field, 0, c->nfields * sizeof *c->field);
    return 1;
}

const char *rw_csv_field(rw_csv *c, size_t f, size_t *len)
{
    if (f >= c->nfields) {
        if (len) *len = 0;
        return "";
    }
    if (!c->field[f]) {
        char *o = c->text + c->text_used;
        const char *p = c->in->buf + c->fbeg[f], *e = c->in->buf + c->fend[f];
        c->field[f] = o;
        if (!c->fq[f]) {
            memcpy(o, p, (size_t)(e - p));
            o += e - p;
        } else {
            while (p < e) {
                if (*p == '"') p++; /* the first of a doubled quote */
                *o++ = *p++;
            }
        }
        c->flen[f] = (size_t)(o - c->field[f]);
        *o++ = '\0';
        c->text_used = (size_t)(o - c->text);
    }
    if (len) *len = c->flen[f];
    return c->field[f];
}

rw_status rw_csv_next(rw_csv *c, rw_error *err)
{
    rw_input *in = c->in;
    for (;;) {
        /* Skip blank lines between records. */
        while (in->pos < in->len && (in->buf[in->pos] == '\n' || in->buf[in->pos] == '\r')) {
            if (in->buf[in->pos] == '\n') in->line++;
            else if (in->pos + 1 >= in->len || in->buf[in->pos + 1] != '\n') in->line++;
            in->pos++;
        }
        if (in->pos >= in->len) {
            if (in->eof) {
                c->nfields = 0;
                c->bad = NULL;
                c->raw = NULL;
                c->raw_len = 0;
                c->line = in->line;
                return RW_OK;
            }
            rw_status st = rw_input_fill(in, err);
            if (st != RW_OK) return st;
            continue;
        }
        size_t rec_end = 0, next = 0;
        long newlines = 0;
        enum scan s = scan_record(c, &rec_end, &next, &newlines);
        if (s == SCAN_MORE) {
            if (in->eof)
                return rw_error_set(err, RW_EFORMAT, in->name, in->line,
                                    "unterminated quoted field");
            rw_status st = rw_input_fill(in, err);
            if (st != RW_OK) return st;
            continue;
        }
        if (s == SCAN_NOMEM) return rw_error_set(err, RW_ENOMEM, in->name, in->line, "out of memory");
        c->line = in->line;
        c->raw = in->buf + in->pos;
        c->raw_len = rec_end - in->pos;
        if (s == SCAN_BAD_QUOTE) {
            /* Skip to the end of the physical line so the caller can reject
             * this record and go on. */
            size_t i = in->pos;
            while (i < in->len && in->buf[i] != '\n') i++;
            c->raw_len = (i > in->pos && in->buf[i - 1] == '\r') ? i - 1 - in->pos : i - in->pos;
            in->pos = i < in->len ? i + 1 : i;
            in->line++;
            c->nfields = 0;
            c->bad = "text after the closing quote of a field";
            return RW_OK;
        }
        c->bad = NULL;
        if (!prepare_fields(c, rec_end - in->pos))
            return rw_error_set(err, RW_ENOMEM, in->name, in->line, "out of memory");
        in->line += newlines + 1;
        in->pos = next;
        return RW_OK;
    }
}

int rw_csv_find(rw_csv *c, const char *name)
{
    size_t n = strlen(name);
    for (size_t f = 0; f < c->nfields; f++) {
        size_t l;
        const char *s = rw_csv_field(c, f, &l);
        while (l && (*s == ' ')) s++, l--;
        while (l && s[l - 1] == ' ') l--;
        if (l == n && memcmp(s, name, n) == 0) return (int)f;
    }
    return -1;
}
