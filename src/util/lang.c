/* lang.c: choosing a language, looking texts up in the catalogue, money
 * and times in each language (lang.h). Nothing here reads the locale or
 * the environment: the language is always the caller's argument. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "util/error.h"
#include "util/lang.h"
#include "util/timeutil.h"
#include "util/strutil.h"

rw_status rw_lang_parse(const char *text, rw_lang *out, rw_error *err)
{
    if (text && (tolower((unsigned char)text[0]) == 'z') &&
        tolower((unsigned char)text[1]) == 'h') {
        *out = RW_LANG_ZH;
        return RW_OK;
    }
    /* English: "en", "en-US", "en_GB.UTF-8", and the C locale's names. */
    if (text &&
        ((tolower((unsigned char)text[0]) == 'e' && tolower((unsigned char)text[1]) == 'n' &&
          (text[2] == '\0' || text[2] == '-' || text[2] == '_' || text[2] == '.')) ||
         !strcmp(text, "C") || !strncmp(text, "C.", 2) || !strcmp(text, "POSIX"))) {
        *out = RW_LANG_EN;
        return RW_OK;
    }
    return rw_error_set(err, RW_EINVAL, NULL, 0, "'%s' is not a language (en, zh-CN)",
                        text ? text : "");
}

const char *rw_lang_tag(rw_lang lang)
{
    return lang == RW_LANG_ZH ? "zh-CN" : "en";
}

const char *rw_tr(rw_lang lang, const char *en)
{
    if (lang != RW_LANG_ZH) return en;
    for (const rw_lang_pair *p = rw_lang_zh; p->en; p++)
        if (!strcmp(p->en, en)) return p->zh;
    return en;
}

/* Whether the digits of v at `decimals` decimals are all zero ("-0.00"). */
static int rounds_to_zero(double v, int decimals)
{
    char d[64];
    snprintf(d, sizeof d, "%.*f", decimals, fabs(v));
    for (const char *p = d; *p; p++)
        if (*p >= '1' && *p <= '9') return 0;
    return 1;
}

void rw_lang_money(rw_lang lang, double v, const char *currency, int decimals, int grouped,
                   char *out, size_t size)
{
    char num[100];
    int known = currency && currency[0];
    if (decimals < 0) decimals = 0;
    if (decimals > 6) decimals = 6;
    if (!isfinite(v)) {
        snprintf(out, size, "%s", lang == RW_LANG_ZH ? "\xE2\x80\x94" : "n/a");
        return;
    }
    if (lang != RW_LANG_ZH) {
        if (grouped) {
            rw_fmt_grouped(v, decimals, num, sizeof num);
            snprintf(out, size, "%s%s%s%.3s", v < 0 && !rounds_to_zero(v, decimals) ? "-" : "", num,
                     known ? " " : "", known ? currency : "");
        } else {
            snprintf(out, size, "%.*f%s%.3s", decimals, v, known ? " " : "", known ? currency : "");
        }
        return;
    }
    rw_fmt_grouped(v, decimals, num, sizeof num);
    const char *sign = v < 0 && !rounds_to_zero(v, decimals) ? "-" : "";
    if (known && !strncmp(currency, "CNY", 3))
        snprintf(out, size, "%s\xC2\xA5%s", sign, num); /* ¥ */
    else
        snprintf(out, size, "%s%s%s%.3s", sign, num, known ? " " : "", known ? currency : "");
}

int rw_lang_is_beijing(const rw_tz *z)
{
    static const char *const names[] = {"Asia/Shanghai", "Asia/Chongqing", "Asia/Chungking",
                                        "Asia/Harbin", "PRC"};
    const char *n = rw_tz_name(z);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(n, names[i])) return 1;
    return 0;
}

void rw_lang_minute(rw_lang lang, const rw_tz *z, int64_t t, char *out, size_t size)
{
    char buf[48];
    rw_tz_format_minute(z, t, buf, sizeof buf);
    if (lang != RW_LANG_ZH || !rw_lang_is_beijing(z)) {
        snprintf(out, size, "%s", buf);
        return;
    }
    /* "2026-12-03 14:14" is the first 16 bytes of the English form. */
    snprintf(out, size,
             "%.16s\xEF\xBC\x88\xE5\x8C\x97\xE4\xBA\xAC\xE6\x97\xB6\xE9\x97\xB4"
             "\xEF\xBC\x89",
             buf); /* （北京时间） */
}

void rw_lang_when(rw_lang lang, const rw_tz *z, int64_t t, int64_t day, char *out, size_t size)
{
    char d[16];
    if (t != INT64_MIN) {
        rw_lang_minute(lang, z, t, out, size);
        return;
    }
    rw_time_format_day(day, d);
    snprintf(out, size, rw_tr(lang, "the end of %s"), d);
}
