/* grow.h: growing an array by doubling, the one way every list here does. */
#ifndef RW_GROW_H
#define RW_GROW_H

#include <stdint.h>
#include <stdlib.h>

/* Makes room for element n of the array *pp of *cap elements of `elem`
 * bytes: when n == *cap, doubles *cap (from `first`) and reallocates.
 * Returns 0 (the array untouched) when memory runs out. */
static inline int rw_grow(void *pp, size_t *cap, size_t n, size_t elem, size_t first)
{
    if (n < *cap) return 1;
    size_t c = *cap ? *cap * 2 : first;
    if (c > SIZE_MAX / elem) return 0;
    void *p = realloc(*(void **)pp, c * elem);
    if (!p) return 0;
    *(void **)pp = p;
    *cap = c;
    return 1;
}

#endif
