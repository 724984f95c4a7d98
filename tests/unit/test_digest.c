/* test_digest.c: the organisation digest (alert/digest.h) word for word:
 * the counts, the most urgent accounts with their days left, each style's
 * marks, data neutralised, the size limit with "and N more", Chinese, and
 * the json object. */
#include <stdlib.h>
#include <jansson.h>
#include "check.h"
#include "alert/digest.h"

static const rw_digest_entry ents[] = {
    {"acc-9", "Ops", RW_DIGEST_ARREARS, 0, NULL, 90, 12.5, "CNY"},
    {"acc-2", "", RW_DIGEST_RED, 1, "2024-08-02", 90, 0, "CNY"},
    {"acc-3", NULL, RW_DIGEST_YELLOW, 3, "2024-08-04", 90, 0, "CNY"},
    {"acc-4", "财务", RW_DIGEST_BLUE, -1, NULL, 90, 0, "CNY"},
    {"acc-5", "", RW_DIGEST_OK, 40, "2024-09-10", 90, 0, "CNY"},
    {"acc-6", "", RW_DIGEST_FAILED, 0, NULL, 0, 0, ""},
};

static rw_digest digest(size_t n, size_t top)
{
    return (rw_digest){ents, n, 2, 1, top, 1722470400, RW_LANG_EN};
}

static char *text(const rw_digest *d, rw_text_style st, size_t limit)
{
    char *out = NULL;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_digest_text(d, st, limit, &out, &err) == RW_OK);
    return out ? out : calloc(1, 1);
}

static void test_plain(void)
{
    rw_digest d = digest(6, 10);
    char *t = text(&d, RW_TEXT_PLAIN, 4096);
    CHECK_STR(t, "runway digest: 6 account(s), 1 in arrears, 1 below red, 1 below yellow, 1 below"
                 " blue, 1 ok, 1 not evaluated\n"
                 "Changed: 2 account(s) changed state in this run\n"
                 "Without a route: 1 account(s): their alerts are only in this digest\n"
                 "Most urgent:\n"
                 "1. acc-9 (Ops): in arrears, owes 12.50 CNY\n"
                 "2. acc-2: red, runs out in 1 day(s) (P50 2024-08-02)\n"
                 "3. acc-3: yellow, runs out in 3 day(s) (P50 2024-08-04)\n"
                 "4. acc-4 (财务): blue, lasts beyond 90 days (P50)\n"
                 "(digest evaluated at 2024-08-01T00:00:00Z)");
    free(t);
}

static void test_styles(void)
{
    rw_digest d = digest(2, 10);
    char *t = text(&d, RW_TEXT_WECOM, 4096);
    CHECK_STR(t, "### runway digest: 2 account(s), 1 in arrears, 1 below red, 0 below yellow, 0"
                 " below blue, 0 ok\n"
                 "**Changed**: 2 account(s) changed state in this run\n"
                 "**Without a route**: 1 account(s): their alerts are only in this digest\n"
                 "**Most urgent**:\n"
                 "1. acc-9 (Ops): in arrears, owes 12.50 CNY\n"
                 "2. acc-2: red, runs out in 1 day(s) (P50 2024-08-02)\n"
                 "(digest evaluated at 2024-08-01T00:00:00Z)");
    free(t);
    t = text(&d, RW_TEXT_DINGTALK, 4096);
    CHECK(strstr(t, "\n\n**Changed**: ") && strstr(t, "\n\n1. acc-9"));
    free(t);
    t = text(&d, RW_TEXT_SLACK, 4096);
    CHECK(!strncmp(t, "*runway digest: 2 account(s)", 28) && strstr(t, "\n*Most urgent*:\n1. "));
    free(t);
}

/* Every account ok: none named. */
static void test_all_ok(void)
{
    rw_digest d = {ents + 4, 1, 0, 0, 10, 1722470400, RW_LANG_EN};
    char *t = text(&d, RW_TEXT_PLAIN, 4096);
    CHECK_STR(t, "runway digest: 1 account(s), 0 in arrears, 0 below red, 0 below yellow, 0 below"
                 " blue, 1 ok\n"
                 "Changed: 0 account(s) changed state in this run\n"
                 "Most urgent: none: every account is above its thresholds\n"
                 "(digest evaluated at 2024-08-01T00:00:00Z)");
    free(t);
}

/* Hostile ids and names are neutralised as in every alert. */
static void test_hostile(void)
{
    rw_digest_entry e = {"<@all> [x](https://evil.example)", "@所有人\n# H", RW_DIGEST_RED, 2,
                         "2024-08-03", 90, 0, "CNY"};
    rw_digest d = {&e, 1, 1, 0, 10, 1722470400, RW_LANG_EN};
    char *t = text(&d, RW_TEXT_WECOM, 4096);
    CHECK(strstr(t, "\n1. ＜＠all＞ ［x］(https[:]//evil[.]example) (＠所有人\xEF\xBF\xBD＃ H): red,"));
    CHECK(!strstr(t, "@"));
    free(t);
}

/* The top-N and the size limit: accounts that do not fit are counted. */
static void test_limits(void)
{
    rw_digest d = digest(6, 2);
    char *t = text(&d, RW_TEXT_PLAIN, 4096);
    CHECK(strstr(t, "\n2. acc-2: red") && !strstr(t, "3. ") &&
          strstr(t, "\nand 2 more\n(digest evaluated at"));
    free(t);
    d = digest(6, 10);
    char *full = text(&d, RW_TEXT_PLAIN, 100000);
    /* Two accounts need their lines, "and 2 more" and the last line; a
     * third needs its line and "and 1 more". */
    const char *l3 = strstr(full, "\n3. "), *l4 = strstr(full, "\n4. ");
    const char *tail = strstr(full, "\n(digest");
    size_t need2 = (size_t)(l3 - full) + strlen("\nand 2 more") + strlen(tail);
    size_t need3 = (size_t)(l4 - full) + strlen("\nand 1 more") + strlen(tail);
    for (size_t limit = need2; limit < need3; limit++) {
        t = text(&d, RW_TEXT_PLAIN, limit);
        CHECK(strlen(t) <= limit);
        CHECK(strstr(t, "\n2. acc-2") && !strstr(t, "\n3. "));
        CHECK(strstr(t, "\nand 2 more\n"));
        free(t);
    }
    t = text(&d, RW_TEXT_PLAIN, need2 - 1); /* one account less */
    CHECK(strstr(t, "\n1. acc-9") && !strstr(t, "\n2. ") && strstr(t, "\nand 3 more\n"));
    free(t);
    t = text(&d, RW_TEXT_PLAIN, need3);
    CHECK(strstr(t, "\n3. acc-3") && strstr(t, "\nand 1 more\n"));
    free(t);
    free(full);
    /* Many accounts to a WeCom robot: within its 4096 bytes. */
    enum { N = 300 };
    rw_digest_entry *many = calloc(N, sizeof *many);
    char (*ids)[64] = calloc(N, 64);
    for (int i = 0; i < N; i++) {
        snprintf(ids[i], 64, "account-with-a-long-name-%03d", i);
        many[i] = (rw_digest_entry){ids[i], "一个很长的部门名称，一个很长的项目名称，一个很长的名称",
                                    RW_DIGEST_RED, 1, "2024-08-02", 90, 0, "CNY"};
    }
    rw_digest big = {many, N, N, 0, N, 1722470400, RW_LANG_EN};
    t = text(&big, RW_TEXT_WECOM, rw_digest_limit(RW_WEBHOOK_WECOM));
    CHECK(strlen(t) <= 4096 && strlen(t) > 3800);
    CHECK(strstr(t, " more\n(digest evaluated at"));
    free(t);
    free(many);
    free(ids);
    CHECK(rw_digest_limit(RW_WEBHOOK_WECOM) == 4096);
    CHECK(rw_digest_limit(RW_WEBHOOK_SLACK) == 40000);
}

static void test_chinese(void)
{
    rw_digest d = digest(2, 10);
    d.lang = RW_LANG_ZH;
    char *t = text(&d, RW_TEXT_PLAIN, 4096);
    CHECK(strstr(t, "runway 汇总：2 个账户，1 个欠费，1 个低于红色，0 个低于黄色，0 个低于蓝色，0 个正常"));
    CHECK(strstr(t, "1. acc-9（Ops）：欠费，欠款 ¥12.50"));
    CHECK(strstr(t, "2. acc-2：red，预计 1 天后耗尽（P50 2024-08-02）"));
    free(t);
}

static void test_json(void)
{
    rw_digest d = digest(6, 2);
    char *p = NULL;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_digest_payload(RW_WEBHOOK_JSON, &d, &p, &err) == RW_OK);
    json_error_t je;
    json_t *o = json_loads(p, 0, &je);
    CHECK(o != NULL);
    CHECK_STR(json_string_value(json_object_get(o, "event")), "digest");
    CHECK(json_integer_value(json_object_get(o, "accounts")) == 6);
    CHECK(json_integer_value(json_object_get(json_object_get(o, "counts"), "arrears")) == 1);
    CHECK(json_integer_value(json_object_get(json_object_get(o, "counts"), "failed")) == 1);
    json_t *u = json_object_get(o, "most_urgent");
    CHECK(json_array_size(u) == 2);
    CHECK_STR(json_string_value(json_object_get(json_array_get(u, 0), "account")), "acc-9");
    CHECK(json_real_value(json_object_get(json_array_get(u, 0), "owed")) == 12.5);
    CHECK(json_integer_value(json_object_get(json_array_get(u, 1), "days_left")) == 1);
    CHECK(json_integer_value(json_object_get(o, "more")) == 2);
    CHECK(json_integer_value(json_object_get(o, "changed")) == 2);
    json_decref(o);
    free(p);
    CHECK(rw_digest_payload(RW_WEBHOOK_WECOM, &d, &p, &err) == RW_OK);
    CHECK(!strncmp(p, "{\"msgtype\":\"markdown\",\"markdown\":{\"content\":\"### runway digest: ", 64));
    free(p);
    CHECK(rw_digest_payload(RW_WEBHOOK_DINGTALK, &d, &p, &err) == RW_OK);
    CHECK(strstr(p, "\"title\":\"runway digest\""));
    free(p);
}

int main(void)
{
    test_plain();
    test_styles();
    test_all_ok();
    test_hostile();
    test_limits();
    test_chinese();
    test_json();
    CHECK_DONE();
}
