/* strbuf.h: a NUL-terminated string that grows, for building requests,
 * payloads and messages. After an allocation failure every later append
 * does nothing and rw_strbuf_finish reports RW_ENOMEM, so callers append
 * freely and check once. */
#ifndef RW_STRBUF_H
#define RW_STRBUF_H

#include <stddef.h>
#include "util/error.h"

typedef struct rw_strbuf {
    char *p;    /* owned text, NUL-terminated; NULL before the first append */
    size_t len; /* bytes before the NUL */
    size_t cap; /* bytes allocated */
    int failed; /* an allocation failed: the text is lost */
} rw_strbuf;

void rw_strbuf_add(rw_strbuf *b, const char *s, size_t n);
void rw_strbuf_puts(rw_strbuf *b, const char *s);
void rw_strbuf_printf(rw_strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Hands the text to the caller (*out, free()); "" when nothing was added.
 * On an earlier allocation failure frees it and returns RW_ENOMEM with
 * "out of memory while `what`". */
rw_status rw_strbuf_finish(rw_strbuf *b, char **out, const char *what, rw_error *err);

#endif
