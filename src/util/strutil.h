/* strutil.h: small string helpers used across modules. */
#ifndef RW_STRUTIL_H
#define RW_STRUTIL_H

#include <stddef.h>

/* ASCII case-insensitive equality of NUL-terminated strings. */
int rw_str_ieq(const char *a, const char *b);

/* Canonical form of a FOCUS-style enum value: compares letters only, case
 * and '-', '_', ' ' ignored, and returns the matching entry of `canon`
 * (NULL-terminated list), or NULL. "usage-based" -> "Usage-Based". */
const char *rw_str_canon(const char *value, const char *const *canon);

/* Copies `src` into `dst` of `size` bytes; returns 0 if it was truncated. */
int rw_str_copy(char *dst, size_t size, const char *src);

/* FNV-1a hash of `n` bytes, continuing from `h` (start with RW_FNV_INIT). */
#define RW_FNV_INIT 1469598103934665603ULL
unsigned long long rw_fnv1a(unsigned long long h, const void *data, size_t n);

#endif
