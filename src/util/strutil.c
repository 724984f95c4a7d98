/* strutil.c: small string helpers. */
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
        memcpy(dst, src, size - 1);
        dst[size - 1] = '\0';
        return 0;
    }
    memcpy(dst, src, n + 1);
    return 1;
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
