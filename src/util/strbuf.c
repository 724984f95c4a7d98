/* strbuf.c: the growing string (strbuf.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/strbuf.h"

void rw_strbuf_add(rw_strbuf *b, const char *s, size_t n)
{
    if (b->failed) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void rw_strbuf_puts(rw_strbuf *b, const char *s)
{
    rw_strbuf_add(b, s, strlen(s));
}

void rw_strbuf_printf(rw_strbuf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        rw_strbuf_add(b, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        b->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    rw_strbuf_add(b, big, (size_t)n);
    free(big);
}

rw_status rw_strbuf_finish(rw_strbuf *b, char **out, const char *what, rw_error *err)
{
    if (!b->failed && !b->p) rw_strbuf_add(b, "", 0);
    if (b->failed) {
        free(b->p);
        *b = (rw_strbuf){0};
        *out = NULL;
        return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory while %s", what);
    }
    *out = b->p;
    *b = (rw_strbuf){0};
    return RW_OK;
}
