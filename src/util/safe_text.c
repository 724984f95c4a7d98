/* safe_text.c: classifies the characters of data that writers must not
 * pass on raw (see safe_text.h). */
#include <string.h>
#include "util/safe_text.h"

/* Decodes the well-formed UTF-8 character at s; its length, or 0. */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) len = 2, v = c & 0x1Fu, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, v = c & 0x0Fu, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, v = c & 0x07u, min = 0x10000;
    else return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

static int unsafe_cp(uint32_t v)
{
    return v < 0x20 || (v >= 0x7F && v <= 0x9F) || v == 0x061C || v == 0x200E || v == 0x200F ||
           v == 0x2028 || v == 0x2029 || (v >= 0x202A && v <= 0x202E) ||
           (v >= 0x2066 && v <= 0x2069);
}

size_t rw_text_unsafe_at(const char *s, size_t n, uint32_t *cp)
{
    uint32_t v = 0;
    size_t len = decode((const unsigned char *)s, n, &v);
    if (len == 0) {
        if (cp) *cp = (unsigned char)s[0];
        return 1;
    }
    if (cp) *cp = v;
    return unsafe_cp(v) ? len : 0;
}

int rw_text_is_safe(const char *s)
{
    size_t n = strlen(s);
    while (n > 0) {
        if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7F) { /* ASCII fast path */
            s++, n--;
            continue;
        }
        if (rw_text_unsafe_at(s, n, NULL)) return 0;
        uint32_t v;
        size_t len = decode((const unsigned char *)s, n, &v);
        s += len, n -= len;
    }
    return 1;
}

/* The visible form of the unsafe character of `len` bytes whose code point
 * (or byte) is cp; returns its length. */
static size_t escape_char(uint32_t cp, size_t len, char out[RW_TEXT_ESC_MAX])
{
    int n = len == 1 ? snprintf(out, RW_TEXT_ESC_MAX, "\\x%02X", (unsigned)(cp & 0xFFu))
                     : snprintf(out, RW_TEXT_ESC_MAX, "\\u%04X", (unsigned)(cp & 0xFFFFu));
    return n > 0 ? (size_t)n : 0;
}

void rw_text_escape_to(const char *s, size_t n, const char *keep, rw_text_sink sink, void *ctx)
{
    const char *run = s;
    while (n > 0) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c < 0x7F) { /* ASCII fast path */
            s++, n--;
            continue;
        }
        uint32_t cp = 0;
        size_t len = rw_text_unsafe_at(s, n, &cp);
        if (len == 0) { /* a safe multibyte character */
            uint32_t v;
            len = decode((const unsigned char *)s, n, &v);
            s += len, n -= len;
            continue;
        }
        if (c != 0 && keep && len == 1 && c < 0x80 && strchr(keep, c)) {
            s++, n--;
            continue;
        }
        char e[RW_TEXT_ESC_MAX];
        if (s > run) sink(ctx, run, (size_t)(s - run));
        sink(ctx, e, escape_char(cp, len, e));
        s += len, n -= len;
        run = s;
    }
    if (s > run) sink(ctx, run, (size_t)(s - run));
}

static void file_sink(void *ctx, const char *s, size_t n)
{
    fwrite(s, 1, n, ctx);
}

void rw_text_fput(const char *s, FILE *out)
{
    rw_text_escape_to(s, strlen(s), NULL, file_sink, out);
}

void rw_text_fput_keep(const char *s, const char *keep, FILE *out)
{
    rw_text_escape_to(s, strlen(s), keep, file_sink, out);
}

typedef struct buf_sink {
    char *buf;   /* the output */
    size_t size; /* its size, room for the NUL and "..." included */
    size_t len;  /* bytes written so far */
    int cut;     /* 1 once a piece did not fit */
} buf_sink;

/* Appends whole characters while they fit, keeping room for "...". */
static void to_buf(void *ctx, const char *s, size_t n)
{
    buf_sink *b = ctx;
    if (b->cut) return;
    size_t room = b->size > 4 ? b->size - 4 : 0; /* "..." and the NUL */
    if (b->len + n <= room) {
        memcpy(b->buf + b->len, s, n);
        b->len += n;
        return;
    }
    /* An escape is kept whole or dropped; a run of text keeps its whole
     * characters. */
    size_t take = room > b->len ? room - b->len : 0;
    if (n < RW_TEXT_ESC_MAX && s[0] == '\\') take = 0;
    while (take > 0 && ((unsigned char)s[take] & 0xC0) == 0x80) take--;
    memcpy(b->buf + b->len, s, take);
    b->len += take;
    b->cut = 1;
}

const char *rw_text_esc(const char *s, char *buf, size_t size)
{
    if (rw_text_is_safe(s)) return s;
    buf_sink b = {buf, size, 0, 0};
    rw_text_escape_to(s, strlen(s), NULL, to_buf, &b);
    if (b.cut && size > 4) {
        memcpy(buf + b.len, "...", 3);
        b.len += 3;
    }
    if (size > 0) buf[b.len < size ? b.len : size - 1] = '\0';
    return buf;
}
