/* series_write.h: writing series sets as the long CSV or as JSON.
 *
 * CSV: header "series,timestamp,value", one row per point, series in name
 * order then time order; days "YYYY-MM-DD" (of the set's zone), hours
 * "YYYY-MM-DDTHH:00:00Z" in UTC and with the zone's offset otherwise
 * ("...T13:00:00+08:00");
 * values with 15 significant digits (exact for money to 1e-15 relative);
 * an explicit gap is an empty value. JSON: see rw_series_write_json. */
#ifndef RW_SERIES_WRITE_H
#define RW_SERIES_WRITE_H

#include <stdio.h>
#include "store/series_query.h"

/* Formats a value like the CSV does ("" for NaN) into buf (>= 32 bytes). */
void rw_format_value(double v, char *buf, size_t size);

/* Writes a CSV text cell (every CSV writer's cells from data go through
 * here; numbers are written as they are, never through here). Quoted when
 * needed (RFC 4180). Two defences for the programs that open CSV files:
 * - formula injection (the OWASP rule): a cell starting with '=', '+',
 *   '-', '@', TAB or CR is written quoted with a "'" before it, so that a
 *   spreadsheet shows it as text instead of evaluating it ("-foo" is
 *   written "'-foo");
 * - unsafe characters (safe_text.h: controls, line breaks, direction
 *   overrides) are written in their visible escaped form ("\x1B",
 *   "\u202E"), so that a CSV printed on a terminal cannot drive it.
 * The JSON output keeps such text exact. */
void rw_csv_write_field(FILE *out, const char *text);

/* Writes `set` as CSV. Returns RW_EIO when the stream reports an error. */
rw_status rw_series_write_csv(FILE *out, const rw_series_set *set);

/* Writes {"metric":..., "granularity":..., "amortized": true|false, "tz"
 * (only when the zone is not UTC), "series":[{"name", "currency",
 * "deferred" (amortised only: the part of the charge periods after the last
 * bucket, not shown), "points":[{"timestamp","value"}...]}]} with values as
 * numbers (null for a gap). */
rw_status rw_series_write_json(FILE *out, const rw_series_set *set, const char *metric);

#endif
