/* test_logtok.c: the access-log tokenizer and its field helpers. */
#include <stdint.h>
#include "check.h"
#include "ingest/logtok.h"

#define MAXT 16

/* Splits a copy of `text`; returns the status; tokens go to tok, their count to n. */
static rw_status split(const char *text, char *copy, size_t size, char **tok, size_t *n,
                       size_t max, unsigned flags, const char **why)
{
    snprintf(copy, size, "%s", text);
    return rw_logtok_split(copy, tok, n, max, flags, why);
}

int main(void)
{
    char buf[512];
    char *tok[MAXT];
    size_t n = 99;
    const char *why = "unset";

    /* Plain fields, single spaces. */
    CHECK(split("a bb ccc", buf, sizeof buf, tok, &n, MAXT, 0, &why) == RW_OK);
    CHECK(why == NULL);
    CHECK(n == 3);
    CHECK_STR(tok[0], "a");
    CHECK_STR(tok[1], "bb");
    CHECK_STR(tok[2], "ccc");

    /* Empty line: no tokens. */
    CHECK(split("", buf, sizeof buf, tok, &n, MAXT, 0, &why) == RW_OK);
    CHECK(n == 0);

    /* Two spaces make an empty token; a trailing space ends in one. */
    CHECK(split("a  b ", buf, sizeof buf, tok, &n, MAXT, 0, &why) == RW_OK);
    CHECK(n == 4);
    CHECK_STR(tok[1], "");
    CHECK_STR(tok[2], "b");
    CHECK_STR(tok[3], "");

    /* Quoted fields keep their spaces and lose their quotes. */
    CHECK(split("x \"GET /a b HTTP/1.1\" \"-\" y", buf, sizeof buf, tok, &n, MAXT, 0, &why) ==
          RW_OK);
    CHECK(n == 4);
    CHECK_STR(tok[1], "GET /a b HTTP/1.1");
    CHECK_STR(tok[2], "-");
    CHECK_STR(tok[3], "y");

    /* A quoted field at the end, and an empty quoted field. */
    CHECK(split("\"\" \"end\"", buf, sizeof buf, tok, &n, MAXT, 0, &why) == RW_OK);
    CHECK(n == 2);
    CHECK_STR(tok[0], "");
    CHECK_STR(tok[1], "end");

    /* Escapes inside quotes; a bare quote not before a space is text. */
    CHECK(split("\"a \\\"b\\\" c\\\\\" \"say \"hi\"there\" z", buf, sizeof buf, tok, &n, MAXT,
                0, &why) == RW_OK);
    CHECK(n == 3);
    CHECK_STR(tok[0], "a \"b\" c\\");
    CHECK_STR(tok[1], "say \"hi\"there");
    CHECK_STR(tok[2], "z");

    /* A quote inside an unquoted token is an ordinary character. */
    CHECK(split("ab\"c d", buf, sizeof buf, tok, &n, MAXT, 0, &why) == RW_OK);
    CHECK(n == 2);
    CHECK_STR(tok[0], "ab\"c");

    /* Unterminated quote. */
    CHECK(split("a \"b c", buf, sizeof buf, tok, &n, MAXT, 0, &why) == RW_EFORMAT);
    CHECK(why != NULL && strstr(why, "quoted") != NULL);
    CHECK(n == 1);
    CHECK(split("a \"", buf, sizeof buf, tok, &n, MAXT, 0, &why) == RW_EFORMAT);

    /* Brackets: one token with brackets kept, only with the flag. */
    const char *s3 = "owner bkt [06/Feb/2019:00:00:38 +0000] 192.0.2.3";
    CHECK(split(s3, buf, sizeof buf, tok, &n, MAXT, RW_LOGTOK_BRACKETS, &why) == RW_OK);
    CHECK(n == 4);
    CHECK_STR(tok[2], "[06/Feb/2019:00:00:38 +0000]");
    CHECK_STR(tok[3], "192.0.2.3");
    CHECK(split(s3, buf, sizeof buf, tok, &n, MAXT, 0, &why) == RW_OK);
    CHECK(n == 5);
    CHECK_STR(tok[2], "[06/Feb/2019:00:00:38");
    CHECK(split("a [b c", buf, sizeof buf, tok, &n, MAXT, RW_LOGTOK_BRACKETS, &why) ==
          RW_EFORMAT);
    CHECK(why != NULL && strstr(why, "bracket") != NULL);
    /* A ']' not followed by a space does not close. */
    CHECK(split("[a]b c] d", buf, sizeof buf, tok, &n, MAXT, RW_LOGTOK_BRACKETS, &why) == RW_OK);
    CHECK(n == 2);
    CHECK_STR(tok[0], "[a]b c]");

    /* More tokens than `max`: the rest is left alone, even a bad quote. */
    CHECK(split("1 2 3 4 \"5", buf, sizeof buf, tok, &n, 3, 0, &why) == RW_OK);
    CHECK(n == 3);
    CHECK_STR(tok[2], "3");
    CHECK(split("1 2 ", buf, sizeof buf, tok, &n, 2, 0, &why) == RW_OK);
    CHECK(n == 2);

    /* Field helpers. */
    CHECK(rw_logtok_empty(""));
    CHECK(rw_logtok_empty("-"));
    CHECK(!rw_logtok_empty("--"));
    CHECK(!rw_logtok_empty("0"));
    int64_t v = 7;
    CHECK(rw_logtok_int64("-", 0, 10, &v) == RW_OK && v == 0);
    CHECK(rw_logtok_int64("", 5, 10, &v) == RW_OK && v == 0);
    CHECK(rw_logtok_int64("10", 0, 10, &v) == RW_OK && v == 10);
    CHECK(rw_logtok_int64("-808", -1000, 1000, &v) == RW_OK && v == -808);
    CHECK(rw_logtok_int64("11", 0, 10, &v) == RW_EFORMAT);
    CHECK(rw_logtok_int64("1.5", 0, 10, &v) == RW_EFORMAT);
    CHECK(rw_logtok_int64("abc", 0, 10, &v) == RW_EFORMAT);
    CHECK(rw_logtok_int64("-5", 0, 10, &v) == RW_EFORMAT);

    /* The line copy grows and keeps the text. */
    rw_logbuf b = {NULL, 0};
    CHECK(rw_logbuf_set(&b, "short", 5) == RW_OK);
    CHECK_STR(b.text, "short");
    char big[1000];
    memset(big, 'x', sizeof big);
    CHECK(rw_logbuf_set(&b, big, sizeof big) == RW_OK);
    CHECK(b.cap >= sizeof big + 1);
    CHECK(strlen(b.text) == sizeof big);
    CHECK(rw_logbuf_set(&b, "ab\ncd", 2) == RW_OK);
    CHECK_STR(b.text, "ab");
    rw_logbuf_cleanup(&b);
    CHECK(b.text == NULL && b.cap == 0);
    rw_logbuf_cleanup(&b);

    CHECK_DONE();
}
