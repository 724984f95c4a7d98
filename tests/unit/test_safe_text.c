/* test_safe_text.c: which characters of data count as unsafe to show. */
#include "check.h"
#include "util/safe_text.h"

static size_t at(const char *s)
{
    return rw_text_unsafe_at(s, strlen(s) ? strlen(s) : 1, NULL);
}

int main(void)
{
    uint32_t cp = 0;
    CHECK(at("a") == 0 && at("~") == 0 && at("\xE8\xB4\xA6") == 0); /* 账 */
    CHECK(at("\x1B[2J") == 1 && at("\a") == 1 && at("\r") == 1 && at("\n") == 1);
    CHECK(at("\t") == 1 && at("\x7F") == 1);
    CHECK(rw_text_unsafe_at("\xC2\x9B", 2, &cp) == 2 && cp == 0x9B);       /* C1 CSI */
    CHECK(rw_text_unsafe_at("\xE2\x80\xAE", 3, &cp) == 3 && cp == 0x202E); /* RLO */
    CHECK(at("\xE2\x81\xA6") == 3 && at("\xE2\x81\xA9") == 3);            /* LRI, PDI */
    CHECK(at("\xE2\x80\x8F") == 3 && at("\xD8\x9C") == 2);                /* RLM, ALM */
    CHECK(at("\xE2\x80\xA8") == 3 && at("\xE2\x80\xA9") == 3);            /* LS, PS */
    CHECK(at("\xE2\x80\xAF") == 0 && at("\xE2\x80\x8B") == 0);            /* NNBSP, ZWSP */
    /* malformed: one byte at a time, never a read past n */
    CHECK(rw_text_unsafe_at("\xE2\x80", 2, &cp) == 1 && cp == 0xE2);
    CHECK(rw_text_unsafe_at("\xE2\x80\xAE", 2, NULL) == 1);
    CHECK(at("\xC0\x80") == 1 && at("\xED\xA0\x80") == 1 && at("\xFF") == 1);
    CHECK(rw_text_is_safe("账单 COS 2024-09 (ok)"));
    CHECK(!rw_text_is_safe("ok\x1B]0;t\a") && !rw_text_is_safe("abc\xE2\x80\xAE" "cba"));
    CHECK(!rw_text_is_safe("x\xFF") && rw_text_is_safe(""));
    CHECK_DONE();
}
