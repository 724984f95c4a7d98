/* test_lang.c: choosing a language (rw_lang_parse, tags), the Chinese
 * catalogue (every entry takes the same printf conversions as its English
 * key, no key twice, no empty text), money and Beijing times in each
 * language, byte for byte. */
#include <ctype.h>
#include <stdlib.h>
#include "check.h"
#include "util/lang.h"

static void test_parse(void)
{
    static const struct {
        const char *text;
        rw_lang want;
    } ok[] = {{"zh-CN", RW_LANG_ZH},   {"zh", RW_LANG_ZH},          {"zh_CN.UTF-8", RW_LANG_ZH},
              {"ZH-cn", RW_LANG_ZH},   {"zh-Hans", RW_LANG_ZH},     {"en", RW_LANG_EN},
              {"en-US", RW_LANG_EN},   {"en_GB.UTF-8", RW_LANG_EN}, {"C", RW_LANG_EN},
              {"C.UTF-8", RW_LANG_EN}, {"POSIX", RW_LANG_EN}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        rw_lang l = (rw_lang)99;
        rw_error err;
        rw_error_clear(&err);
        CHECK(rw_lang_parse(ok[i].text, &l, &err) == RW_OK);
        CHECK(l == ok[i].want);
    }
    static const char *const bad[] = {"fr", "", "e", "english", "z", "de_DE.UTF-8"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rw_lang l;
        rw_error err;
        rw_error_clear(&err);
        CHECK(rw_lang_parse(bad[i], &l, &err) == RW_EINVAL);
        CHECK(strstr(err.text, "is not a language (en, zh-CN)") != NULL);
    }
    CHECK_STR(rw_lang_tag(RW_LANG_EN), "en");
    CHECK_STR(rw_lang_tag(RW_LANG_ZH), "zh-CN");
}

/* The conversions of printf format f, each as its flags-less type
 * ("ld", "zu", ".2f" -> "f"), in argument order (positional "%2$s" put at
 * its position), joined by spaces into out. Returns 0 when a format mixes
 * positional and plain conversions. */
static int conversions(const char *f, char *out, size_t size)
{
    char conv[32][8];
    size_t n = 0, max = 0;
    int positional = -1;
    memset(conv, 0, sizeof conv);
    for (const char *p = f; *p; p++) {
        if (*p != '%') continue;
        p++;
        if (*p == '%') continue;
        size_t pos = n;
        const char *q = p;
        while (isdigit((unsigned char)*q))
            q++;
        int is_pos = *q == '$' && q > p;
        if (positional >= 0 && positional != is_pos) return 0;
        positional = is_pos;
        if (is_pos) {
            pos = (size_t)strtoul(p, NULL, 10) - 1;
            p = q + 1;
        }
        while (*p && strchr("-+ #0123456789.*", *p))
            p++;
        char t[8] = {0};
        size_t k = 0;
        while (*p && strchr("hlzjt", *p) && k < 4)
            t[k++] = *p++;
        t[k] = *p;
        if (pos < 32) snprintf(conv[pos], sizeof conv[pos], "%s", t);
        n++;
        if (pos + 1 > max) max = pos + 1;
    }
    out[0] = '\0';
    for (size_t i = 0; i < max && i < 32; i++) {
        size_t len = strlen(out);
        snprintf(out + len, size - len, "%s%s", i ? " " : "", conv[i][0] ? conv[i] : "?");
    }
    return 1;
}

/* Whether text t is plain text, never a format: a '%' in it is followed by
 * a space or punctuation ("80% of a day", "80%/95%"), which no format here
 * writes (no conversion uses the space flag). */
static int plain_text(const char *t)
{
    for (const char *p = strchr(t, '%'); p; p = strchr(p + 2, '%'))
        if (p[1] == '\0' || strchr(" /,)", p[1])) return 1;
    return 0;
}

static void test_catalogue(void)
{
    size_t n = 0;
    for (const rw_lang_pair *p = rw_lang_zh; p->en; p++, n++) {
        char a[256], b[256];
        CHECK(p->zh && p->zh[0]);
        if (plain_text(p->en)) { /* then its Chinese holds no conversion either */
            CHECK(!strstr(p->zh, "%s") && !strstr(p->zh, "%d") && !strstr(p->zh, "%.") &&
                  !strstr(p->zh, "%%"));
            continue;
        }
        CHECK(conversions(p->en, a, sizeof a));
        if (!conversions(p->zh, b, sizeof b) || strcmp(a, b)) {
            fprintf(stderr, "catalogue: \"%s\" takes [%s] but its Chinese [%s]\n", p->en, a, b);
            check_failures++;
        }
        for (const rw_lang_pair *q = p + 1; q->en; q++)
            if (!strcmp(p->en, q->en)) {
                fprintf(stderr, "catalogue: \"%s\" twice\n", p->en);
                check_failures++;
            }
    }
    CHECK(n > 100);
    /* Lookups: English is the key itself; Chinese the entry, else the key. */
    const char *key = "in arrears since %s";
    CHECK(rw_tr(RW_LANG_EN, key) == key);
    CHECK_STR(rw_tr(RW_LANG_ZH, key), "自 %s 起欠费");
    CHECK_STR(rw_tr(RW_LANG_ZH, "no such text"), "no such text");
    /* The checker itself. */
    char a[64];
    CHECK(conversions("%s a %.2f%% b %zu c %ld", a, sizeof a));
    CHECK_STR(a, "s f zu ld");
    CHECK(conversions("%2$ld x %1$s", a, sizeof a));
    CHECK_STR(a, "s ld");
    CHECK(!conversions("%2$ld x %s", a, sizeof a));
}

static void test_money(void)
{
    char b[64];
    rw_lang_money(RW_LANG_EN, 1234.5, "CNY", 2, 0, b, sizeof b);
    CHECK_STR(b, "1234.50 CNY");
    rw_lang_money(RW_LANG_EN, 1234.5, "CNY", 2, 1, b, sizeof b);
    CHECK_STR(b, "1,234.50 CNY");
    rw_lang_money(RW_LANG_EN, -3, "", 2, 0, b, sizeof b);
    CHECK_STR(b, "-3.00");
    rw_lang_money(RW_LANG_ZH, 1234.5, "CNY", 2, 0, b, sizeof b);
    CHECK_STR(b, "\xC2\xA5"
                 "1,234.50");
    rw_lang_money(RW_LANG_ZH, -1234567.891, "CNY", 2, 0, b, sizeof b);
    CHECK_STR(b, "-\xC2\xA5"
                 "1,234,567.89");
    rw_lang_money(RW_LANG_ZH, -0.001, "CNY", 2, 0, b, sizeof b);
    CHECK_STR(b, "\xC2\xA5"
                 "0.00"); /* never "-0.00" */
    rw_lang_money(RW_LANG_ZH, 1234.56, "USD", 2, 0, b, sizeof b);
    CHECK_STR(b, "1,234.56 USD");
    rw_lang_money(RW_LANG_ZH, 1300, "CNY", 0, 0, b, sizeof b);
    CHECK_STR(b, "\xC2\xA5"
                 "1,300");
    rw_lang_money(RW_LANG_ZH, 12, "", 2, 0, b, sizeof b);
    CHECK_STR(b, "12.00");
    rw_lang_money(RW_LANG_ZH, NAN, "CNY", 2, 0, b, sizeof b);
    CHECK_STR(b, "\xE2\x80\x94");
    rw_lang_money(RW_LANG_EN, NAN, "CNY", 2, 0, b, sizeof b);
    CHECK_STR(b, "n/a");
}

static void test_minute(void)
{
    rw_tz *sh = NULL, *fixed = NULL;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_tz_load("Asia/Shanghai", NULL, &sh, &err) == RW_OK);
    CHECK(rw_tz_load("+08:00", NULL, &fixed, &err) == RW_OK);
    char b[64];
    int64_t t = 1796278440; /* 2026-12-03T06:14:00Z */
    rw_lang_minute(RW_LANG_ZH, sh, t, b, sizeof b);
    CHECK_STR(b, "2026-12-03 14:14\xEF\xBC\x88\xE5\x8C\x97\xE4\xBA\xAC\xE6\x97\xB6\xE9\x97\xB4"
                 "\xEF\xBC\x89"); /* 2026-12-03 14:14（北京时间） */
    rw_lang_minute(RW_LANG_EN, sh, t, b, sizeof b);
    CHECK_STR(b, "2026-12-03 14:14 UTC+08:00");
    rw_lang_minute(RW_LANG_ZH, fixed, t, b, sizeof b); /* an offset is not Beijing by name */
    CHECK_STR(b, "2026-12-03 14:14 UTC+08:00");
    rw_lang_minute(RW_LANG_ZH, NULL, t, b, sizeof b);
    CHECK_STR(b, "2026-12-03 06:14 UTC");
    CHECK(rw_lang_is_beijing(sh) && !rw_lang_is_beijing(fixed) && !rw_lang_is_beijing(NULL));
    rw_tz_free(sh);
    rw_tz_free(fixed);
}

int main(void)
{
    test_parse();
    test_catalogue();
    test_money();
    test_minute();
    CHECK_DONE();
}
