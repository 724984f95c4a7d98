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
