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

unsigned long long rw_fnv1a(unsigned long long h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}
