/* sniff.h: the layout of a delimited text file, read from its first lines,
 * and header names compared the way export tools rewrite them.
 *
 * Excel writes ';' (European locales) or TAB ("Unicode text") between
 * fields and may put a "sep=X" line first; Athena, Snowflake and BigQuery
 * write column names lower-case, upper-case or snake_case. These helpers
 * are pure functions of their arguments (unit-tested in test_sniff.c). */
#ifndef RW_SNIFF_H
#define RW_SNIFF_H

#include <stddef.h>

/* The field separator a header line uses: counts ',', ';' and TAB outside
 * double quotes and returns the one seen most, if it is seen strictly more
 * often than each other one; 0 when the line has none or there is a tie. */
char rw_delim_sniff(const char *line, size_t n);

/* X when `line` (n bytes, no line end) is Excel's "sep=X" directive, with X
 * one byte other than a quote or a line end; else 0. */
char rw_sep_line(const char *line, size_t n);

/* Writes `s` (n bytes) folded into out[cap] (always NUL-terminated when cap
 * > 0): ASCII letters lower-cased, '_', '/', ' ' and '-' left out, so
 * "BilledCost", "billed_cost" and "BILLED_COST" fold alike, and so do
 * "lineItem/UnblendedCost" and "line_item_unblended_cost". Returns the
 * folded length (truncated to cap - 1). */
size_t rw_name_fold(const char *s, size_t n, char *out, size_t cap);

/* Converts a decimal-comma number ("-1,25", "0,000123") to a point in place
 * and returns 1; returns 0, leaving `s` alone, for anything else (including
 * "1.234,5" or "1,234,567", whose meaning depends on the locale). */
int rw_decimal_comma(char *s);

#endif
