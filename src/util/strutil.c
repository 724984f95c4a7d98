/* strutil.c: small string helpers. */
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include "util/strutil.h"

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

int rw_str_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (lower(*a) != lower(*b)) return 0;
    return *a == *b;
}

/* Equality that ignores case and the separators '-', '_', ' '. */
static int loose_eq(const char *a, const char *b)
{
    for (;;) {
        while (*a == '-' || *a == '_' || *a == ' ') a++;
        while (*b == '-' || *b == '_' || *b == ' ') b++;
        if (!*a || !*b) return *a == *b;
        if (lower(*a) != lower(*b)) return 0;
        a++;
        b++;
    }
}

const char *rw_str_canon(const char *value, const char *const *canon)
{
    for (; *canon; canon++)
        if (loose_eq(value, *canon)) return *canon;
    return NULL;
}

int rw_str_copy(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (size == 0) return 0;
    if (n >= size) {
        /* Cut before a UTF-8 character, never inside one. */
        size_t k = size - 1;
        while (k > 0 && ((unsigned char)src[k] & 0xC0) == 0x80) k--;
        memcpy(dst, src, k);
        dst[k] = '\0';
        return 0;
    }
    memcpy(dst, src, n + 1);
    return 1;
}

char *rw_currency_suffix(const char *currency, char *out, size_t size)
{
    if (currency && currency[0]) snprintf(out, size, " %.3s", currency);
    else out[0] = '\0';
    return out;
}

static unsigned long long mix64(unsigned long long x)
{
    x ^= x >> 31;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 29;
    return x;
}

unsigned long long rw_hash64(const void *data, size_t n, unsigned long long seed)
{
    /* One multiply per 8 bytes (FxHash-style), then a full avalanche so the
     * low bits used as a table index depend on every input bit. */
    const unsigned char *p = data;
    unsigned long long h = seed ^ (n * 0x9e3779b97f4a7c15ULL), w;
    for (; n >= 8; p += 8, n -= 8) {
        memcpy(&w, p, 8);
        h = (((h << 5) | (h >> 59)) ^ w) * 0x517cc1b727220a95ULL;
    }
    w = 0;
    memcpy(&w, p, n);
    h = (((h << 5) | (h >> 59)) ^ w) * 0x517cc1b727220a95ULL;
    return mix64(mix64(h) + 0x9e3779b97f4a7c15ULL);
}

int rw_utf8_valid_n(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        /* Bill text is mostly ASCII: skip it eight bytes at a time. */
        uint64_t w;
        while (end - p >= 8 && (memcpy(&w, p, 8), (w & 0x8080808080808080ULL) == 0)) p += 8;
        if (p == end) break;
        unsigned c = *p;
        if (c < 0x80) {
            p++;
            continue;
        }
        size_t n;
        unsigned cp, min;
        if (c >= 0xC2 && c <= 0xDF) n = 1, cp = c & 0x1Fu, min = 0x80;
        else if (c >= 0xE0 && c <= 0xEF) n = 2, cp = c & 0x0Fu, min = 0x800;
        else if (c >= 0xF0 && c <= 0xF4) n = 3, cp = c & 0x07u, min = 0x10000;
        else return 0;
        if ((size_t)(end - p) <= n) return 0;
        for (size_t i = 1; i <= n; i++) {
            if ((p[i] & 0xC0u) != 0x80) return 0;
            cp = (cp << 6) | (p[i] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        p += n + 1;
    }
    return 1;
}

int rw_utf8_valid(const char *s)
{
    return rw_utf8_valid_n(s, strlen(s));
}

/* 1 when code point c is East Asian Wide or Fullwidth (the common blocks). */
static int wide(unsigned long c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

size_t rw_utf8_width(const char *s)
{
    size_t w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned long c = *p;
        int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        if (extra) c &= 0x3Fu >> extra;
        p++;
        for (; extra > 0 && (*p & 0xC0) == 0x80; extra--, p++) c = (c << 6) | (*p & 0x3F);
        w += wide(c) ? 2 : 1;
    }
    return w;
}

void rw_fput_col(const char *s, size_t width, int left, FILE *out)
{
    if (left) fputs(s, out);
    for (size_t w = rw_utf8_width(s); w < width; w++) fputc(' ', out);
    if (!left) fputs(s, out);
}

void rw_fmt_grouped(double v, int decimals, char *out, size_t size)
{
    char digits[64];
    int n = snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
    if (n < 0 || (size_t)n >= sizeof digits) { /* astronomically large */
        snprintf(out, size, "%.3g", fabs(v));
        return;
    }
    const char *dot = strchr(digits, '.');
    size_t ilen = dot ? (size_t)(dot - digits) : strlen(digits), k = 0;
    char buf[96]; /* 63 digits and 21 separators at most */
    for (size_t i = 0; i < ilen; i++) {
        if (i > 0 && (ilen - i) % 3 == 0) buf[k++] = ',';
        buf[k++] = digits[i];
    }
    for (const char *p = digits + ilen; *p; p++)
        buf[k++] = *p;
    buf[k] = '\0';
    snprintf(out, size, "%s", buf);
}

