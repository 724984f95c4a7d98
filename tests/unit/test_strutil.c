/* test_strutil.c: copying with a cut never splits a UTF-8 character. */
#include "check.h"
#include "util/strutil.h"

int main(void)
{
    char b[8];
    CHECK(rw_str_copy(b, sizeof b, "abc") == 1);
    CHECK_STR(b, "abc");
    CHECK(rw_str_copy(b, sizeof b, "abcdefghij") == 0);
    CHECK_STR(b, "abcdefg");
    /* 账 is 3 bytes: 7 bytes hold two of them and a third would be cut. */
    CHECK(rw_str_copy(b, sizeof b, "账账账") == 0);
    CHECK_STR(b, "账账");
    CHECK(rw_str_copy(b, sizeof b, "a账账") == 1);
    CHECK_STR(b, "a账账");
    CHECK(rw_str_copy(b, sizeof b, "ab账账") == 0);
    CHECK_STR(b, "ab账");
    CHECK(rw_str_copy(b, sizeof b, "abcdef\xF0\x9F\x92\xB0") == 0); /* a 4-byte emoji */
    CHECK_STR(b, "abcdef");
    CHECK(rw_str_copy(b, 1, "账") == 0 && b[0] == '\0');
    CHECK_DONE();
}
