/* lang.h: the texts people read in English or Chinese, without global
 * state: every writer is given the language (rw_lang, runway.h) with the
 * result it writes.
 *
 * Texts are looked up gettext-style: the English text (usually a printf
 * format) is the key, and the catalogue (lang_zh.c, one array of
 * {English, Chinese} pairs) holds its Chinese form, which takes the same
 * conversions in the same order (a unit test checks every pair). English
 * output is the key itself, so it is unchanged byte for byte. A key
 * missing from the catalogue prints in English.
 *
 * Money and times have their own forms per language: English "1234.50 CNY"
 * and "2026-12-03 14:14 UTC+08:00"; Chinese "¥1,234.50" (CNY; "1,234.50
 * USD" for other currencies) and "2026-12-03 14:14（北京时间）" in
 * Asia/Shanghai. */
#ifndef RW_LANG_H
#define RW_LANG_H

#include <stddef.h>
#include <stdint.h>
#include "util/status.h"
#include "util/tz.h"

/* One entry of the catalogue. */
typedef struct rw_lang_pair {
    const char *en; /* the key: the English text as written in the code */
    const char *zh; /* the same in Chinese, same conversions in the same order */
} rw_lang_pair;

/* The Chinese catalogue, ended by {NULL, NULL} (lang_zh.c). */
extern const rw_lang_pair rw_lang_zh[];

/* `en` in language `lang`: en itself in English, its catalogue entry in
 * Chinese (en when it has none). Usable as a printf format: the compiler
 * checks the English key's conversions against the arguments. */
const char *rw_tr(rw_lang lang, const char *en) __attribute__((format_arg(2)));

/* Money for people, into out (at least 48 bytes):
 *   English: "%.2f" and " CUR" when the currency is known ("1234.50 CNY");
 *     with `grouped`, thousands separators ("1,234.50 CNY");
 *   Chinese: always grouped; CNY with the yuan sign ("¥1,234.50",
 *     "-¥3.00"), other currencies after the number ("1,234.50 USD").
 * `decimals` is 0..6. "n/a" (English) or "—" (Chinese) when not finite. */
void rw_lang_money(rw_lang lang, double v, const char *currency, int decimals, int grouped,
                   char *out, size_t size);

/* The UTC instant t for people in zone z (out at least 40 bytes): English
 * as rw_tz_format_minute; Chinese "2026-12-03 14:14（北京时间）" when the
 * zone is Beijing time (Asia/Shanghai and its aliases), else the English
 * form. */
void rw_lang_minute(rw_lang lang, const rw_tz *z, int64_t t, char *out, size_t size);

/* When a balance was seen, for people: rw_lang_minute of the instant t, or
 * "the end of DAY" (day: 00:00 of the zone's day, local seconds) when
 * t is INT64_MIN (a balance given for the end of a day). */
void rw_lang_when(rw_lang lang, const rw_tz *z, int64_t t, int64_t day, char *out,
                  size_t size);

/* Whether zone z is Beijing time by name (Asia/Shanghai, PRC, ...). */
int rw_lang_is_beijing(const rw_tz *z);

#endif
