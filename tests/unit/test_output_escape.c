/* test_output_escape.c: the visible form of unsafe characters
 * (rw_text_esc, rw_text_fput_keep) and the CSV text cell
 * (rw_csv_write_field: quoting, escaping, the formula rule). */
#include <stdlib.h>
#include "check.h"
#include "export/series_write.h"
#include "util/safe_text.h"

/* What rw_csv_write_field writes for `text`. */
static const char *csv(const char *text)
{
    static char got[512];
    FILE *f = tmpfile();
    if (!f) return "(no tmpfile)";
    rw_csv_write_field(f, text);
    rewind(f);
    size_t n = fread(got, 1, sizeof got - 1, f);
    got[n] = '\0';
    fclose(f);
    return got;
}

static const char *fput_keep(const char *text, const char *keep)
{
    static char got[512];
    FILE *f = tmpfile();
    if (!f) return "(no tmpfile)";
    rw_text_fput_keep(text, keep, f);
    rewind(f);
    size_t n = fread(got, 1, sizeof got - 1, f);
    got[n] = '\0';
    fclose(f);
    return got;
}

int main(void)
{
    char b[64];
    /* Safe text is returned as it is, Chinese included. */
    const char *zh = "\xE8\xB4\xA6\xE5\x8D\x95 COS";
    CHECK(rw_text_esc(zh, b, sizeof b) == zh);
    CHECK_STR(rw_text_esc("a\x1B]0;pwned\a", b, sizeof b), "a\\x1B]0;pwned\\x07");
    CHECK_STR(rw_text_esc("x\x1B[2J\ry", b, sizeof b), "x\\x1B[2J\\x0Dy");
    CHECK_STR(rw_text_esc("abc\xE2\x80\xAE" "fed", b, sizeof b), "abc\\u202Efed");
    CHECK_STR(rw_text_esc("\xC2\x9B" "1m", b, sizeof b), "\\u009B1m");  /* C1 CSI */
    CHECK_STR(rw_text_esc("bad\xFF\xE2\x80", b, sizeof b), "bad\\xFF\\xE2\\x80");
    CHECK_STR(rw_text_esc("t\tn\n\x7F", b, sizeof b), "t\\x09n\\x0A\\x7F");
    CHECK_STR(rw_text_esc("\xE8\xB4\xA6\x1B", b, sizeof b), "\xE8\xB4\xA6\\x1B");
    /* Too long: cut at a character boundary, never inside an escape. */
    CHECK_STR(rw_text_esc("abcdefgh\x1B", b, 10), "abcdef...");
    CHECK_STR(rw_text_esc("ab\x1B\x1B\x1B", b, 10), "ab\\x1B...");
    CHECK_STR(rw_text_esc("\x1B\xE8\xB4\xA6\xE8\xB4\xA6", b, 12), "\\x1B\xE8\xB4\xA6...");
    CHECK_STR(rw_text_esc("\x1B", b, 2), "");
    /* Keeping line breaks (messages), nothing else. */
    CHECK_STR(fput_keep("l1\nl2\r\x1B[2J\t", "\n"), "l1\nl2\\x0D\\x1B[2J\\x09");
    CHECK_STR(fput_keep("a\0b", "\n"), "a");
    /* CSV: plain cells as they are; quoting per RFC 4180. */
    CHECK_STR(csv("cos"), "cos");
    CHECK_STR(csv("2024-09-01"), "2024-09-01");
    CHECK_STR(csv("a,b"), "\"a,b\"");
    CHECK_STR(csv("say \"hi\""), "\"say \"\"hi\"\"\"");
    CHECK_STR(csv(zh), zh);
    CHECK_STR(csv(""), "");
    /* Formula injection (OWASP): "'" first, quoted. */
    CHECK_STR(csv("=HYPERLINK(\"http://evil\",\"x\")"),
              "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
    CHECK_STR(csv("+cmd|' /C calc'!A0"), "\"'+cmd|' /C calc'!A0\"");
    CHECK_STR(csv("-2+3+cmd|' /C calc'!A0"), "\"'-2+3+cmd|' /C calc'!A0\"");
    CHECK_STR(csv("@SUM(1+1)"), "\"'@SUM(1+1)\"");
    CHECK_STR(csv("-foo"), "\"'-foo\"");
    CHECK_STR(csv("\tx"), "\"'\\x09x\"");
    CHECK_STR(csv("\r=1"), "\"'\\x0D=1\"");
    CHECK_STR(csv("a=1"), "a=1");
    /* Unsafe characters escaped, and the cell quoted. */
    CHECK_STR(csv("a\x1B[2Jb"), "\"a\\x1B[2Jb\"");
    CHECK_STR(csv("line\nbreak"), "\"line\\x0Abreak\"");
    CHECK_STR(csv("r\xE2\x80\xAE" "l"), "\"r\\u202El\"");
    CHECK_DONE();
}
