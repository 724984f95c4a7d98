/* strutil.h: small string helpers used across modules. */
#ifndef RW_STRUTIL_H
#define RW_STRUTIL_H

#include <stddef.h>
#include <stdio.h>

/* ASCII case-insensitive equality of NUL-terminated strings. */
int rw_str_ieq(const char *a, const char *b);

/* Canonical form of a FOCUS-style enum value: compares letters only, case
 * and '-', '_', ' ' ignored, and returns the matching entry of `canon`
 * (NULL-terminated list), or NULL. "usage-based" -> "Usage-Based". */
const char *rw_str_canon(const char *value, const char *const *canon);

/* Copies `src` into `dst` of `size` bytes; returns 0 if it was truncated
 * (then cut before a UTF-8 character, never inside one). */
int rw_str_copy(char *dst, size_t size, const char *src);

/* Writes " CNY" for currency "CNY" (the first three letters), "" for none,
 * into `out` of `size` bytes (8 or more), to print after amounts; returns
 * `out`. */
char *rw_currency_suffix(const char *currency, char *out, size_t size);

/* 1 when the NUL-terminated `s` is well-formed UTF-8 (no overlong forms,
 * surrogates or code points above U+10FFFF), else 0. */
int rw_utf8_valid(const char *s);
/* The same for the `len` bytes at s (a NUL among them counts as text). */
int rw_utf8_valid_n(const char *s, size_t len);

/* A fast 64-bit hash of `n` bytes for in-memory hash tables (not for
 * security): 8 bytes per step with multiply-xorshift mixing. Chain calls by
 * passing the previous result as `seed` (start with 0). */
unsigned long long rw_hash64(const void *data, size_t n, unsigned long long seed);

/* Columns `s` (UTF-8) takes on a terminal: East Asian wide and fullwidth
 * characters (CJK, Hangul, fullwidth forms) count 2, others 1. */
size_t rw_utf8_width(const char *s);
/* Writes `s` in a column of `width` terminal columns, left-aligned (padded
 * after) or right-aligned (padded before). */
void rw_fput_col(const char *s, size_t width, int left, FILE *out);

/* |v| with `decimals` decimals and thousands separators: "1,234.50" (no
 * sign; "%.3g" when too large to print in full). */
void rw_fmt_grouped(double v, int decimals, char *out, size_t size);

#endif
