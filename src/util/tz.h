/* tz.h: a time zone loaded by name, for reporting days, weeks and months
 * in the local time of a place instead of UTC.
 *
 * A zone is "UTC", a fixed offset ("+08:00", "-0530", "+8", "UTC+8",
 * "UTC-05:30") or an IANA name ("Asia/Shanghai") read from a TZif file
 * (RFC 8536, version 2 or later: the 64-bit section and the POSIX TZ rule
 * of its footer for times after the last transition). Nothing global is
 * read or changed: no TZ variable, no localtime(), no tzset().
 *
 * "Local seconds" are the wall-clock time of the zone counted as if it
 * were UTC: local = utc + offset(utc). Calendar code (timeutil.h) works on
 * them unchanged, so the local day of an instant is
 * rw_time_floor(rw_tz_to_local(z, t), RW_GRAN_DAY).
 *
 * A NULL rw_tz is UTC in every function here. */
#ifndef RW_TZ_H
#define RW_TZ_H

#include <stddef.h>
#include <stdint.h>
#include "util/status.h"

typedef struct rw_tz rw_tz;

/* The folder of TZif files when the caller gives none (Debian: tzdata). */
#define RW_TZ_DIR "/usr/share/zoneinfo"
/* Longest zone name accepted, in bytes. */
#define RW_TZ_NAME_MAX 63

/* Loads the zone `name` ("UTC", a fixed offset or an IANA name looked up
 * in `dir`, NULL: RW_TZ_DIR). RW_EINVAL when the name is unsafe (a "..",
 * a leading '/', characters other than letters, digits and "/_+-.") or no
 * such zone exists; RW_EFORMAT when its file is malformed (err names the
 * file); RW_EIO when it cannot be read. *out is the caller's
 * (rw_tz_free). */
rw_status rw_tz_load(const char *name, const char *dir, rw_tz **out, rw_error *err);
/* Reads a zone from the bytes of a TZif file (`file` names it in errors).
 * RW_EFORMAT when they are not a valid version 2+ TZif file. */
rw_status rw_tz_parse(const char *name, const unsigned char *data, size_t n, const char *file,
                      rw_tz **out, rw_error *err);
/* NULL is allowed. */
void rw_tz_free(rw_tz *z);

/* The zone's name as loaded ("Asia/Shanghai"); fixed offsets in the form
 * "UTC+08:00"; "UTC" for UTC and NULL. */
const char *rw_tz_name(const rw_tz *z);
/* Whether the zone is UTC (offset 0 at every instant, named "UTC"). */
int rw_tz_is_utc(const rw_tz *z);

/* Seconds east of UTC in effect at the UTC instant t. */
int64_t rw_tz_offset(const rw_tz *z, int64_t t);
/* The local seconds of the UTC instant t. Times beyond +-2^62 (the
 * INT64_MIN/MAX sentinels of open ends) are returned unchanged, here and
 * by rw_tz_to_utc. */
int64_t rw_tz_to_local(const rw_tz *z, int64_t t);
/* The UTC instant of local seconds `local`. A wall-clock time that occurs
 * twice (a clock set back) is its first occurrence (the earlier instant);
 * one that does not occur (in the gap of a clock set forward) is read with
 * the offset before the gap, so it lands that much after the gap's start
 * (02:30 on a day Berlin springs from 02:00 to 03:00 is 03:30 CEST). */
int64_t rw_tz_to_utc(const rw_tz *z, int64_t local);

/* Formats local seconds as "YYYY-MM-DDTHH:MM:SS+08:00" ("...Z" when the
 * zone is UTC). `size` must be at least 26. */
void rw_tz_format_local(const rw_tz *z, int64_t local, char *out, size_t size);
/* Formats local seconds of an hour bucket start like rw_time_format_bucket
 * ("YYYY-MM-DDTHH:00:00Z" in UTC, "YYYY-MM-DDTHH:00:00+08:00" elsewhere);
 * `size` at least 26. */
void rw_tz_format_hour(const rw_tz *z, int64_t local, char *out, size_t size);
/* A bucket label: rw_time_format_bucket's date for days, weeks and
 * months, rw_tz_format_hour for hours; `size` at least 26. */
void rw_tz_format_bucket(const rw_tz *z, int64_t local, rw_granularity g, char *out,
                         size_t size);
/* The UTC instant t for people, in the zone: "2026-12-03 14:14 UTC+08:00"
 * ("... UTC" in UTC). `size` at least 32. */
void rw_tz_format_minute(const rw_tz *z, int64_t t, char *out, size_t size);
/* "Asia/Shanghai (UTC+08:00)": the name and the offset at the UTC instant
 * t, into out (at least 96 bytes). */
void rw_tz_describe(const rw_tz *z, int64_t t, char *out, size_t size);

#endif
