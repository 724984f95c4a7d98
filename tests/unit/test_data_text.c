/* test_data_text.c: data pieces neutralised for each alert text style
 * (alert/data_text.h), string for string: the issue's hostile account id,
 * every markup character, mentions, links, list markers, control, bidi and
 * malformed bytes; and the exact UTF-8 repair of the json kind. */
#include <stdlib.h>
#include "check.h"
#include "alert/data_text.h"

#define FFFD "\xEF\xBF\xBD"

static void check_style(rw_text_style st, const char *in, const char *want, int line)
{
    char *out = NULL;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_data_text(st, in, &out, &err) == RW_OK);
    if (!out || strcmp(out, want)) {
        fprintf(stderr, "line %d: style %d: got \"%s\", want \"%s\"\n", line, (int)st,
                out ? out : "(null)", want);
        CHECK(0);
    }
    free(out);
}
#define EQ(st, in, want) check_style(st, in, want, __LINE__)
/* The same result for both Markdown styles. */
#define MD(in, want) (EQ(RW_TEXT_WECOM, in, want), EQ(RW_TEXT_DINGTALK, in, want))

/* The account id of issue 14: pings a Slack channel, a mention, a link and
 * a heading on a new line. */
static const char hostile[] = "<!channel> <@all> [Pay](https://evil.example/p)\n# H";

static void test_issue_example(void)
{
    EQ(RW_TEXT_SLACK, hostile,
       "&lt;!channel&gt; &lt;＠all&gt; ［Pay］(https[:]//evil[.]example/p)" FFFD "＃ H");
    MD(hostile, "＜!channel＞ ＜＠all＞ ［Pay］(https[:]//evil[.]example/p)" FFFD "＃ H");
    EQ(RW_TEXT_PLAIN, hostile, "＜!channel＞ ＜＠all＞ ［Pay］(https[:]//evil[.]example/p)" FFFD "# H");
}

static void test_markup(void)
{
    /* Each markup character on its own. */
    static const struct {
        const char *in, *md, *slack, *plain;
    } t[] = {
        {"\\", "＼", "＼", "\\"}, {"`", "｀", "｀", "`"},       {"*", "＊", "＊", "*"},
        {"_", "＿", "＿", "_"},    {"~", "～", "～", "~"},       {"[", "［", "［", "［"},
        {"]", "］", "］", "］"},    {"#", "＃", "＃", "#"},       {"|", "｜", "｜", "|"},
        {"&", "＆", "&amp;", "&"}, {"<", "＜", "&lt;", "＜"},   {">", "＞", "&gt;", "＞"},
        {"@", "＠", "＠", "＠"},   {"(", "(", "(", "("},        {")", ")", ")", ")"},
        {"!", "!", "!", "!"},      {"x!y", "x!y", "x!y", "x!y"}, {"team-a", "team-a", "team-a", "team-a"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        MD(t[i].in, t[i].md);
        EQ(RW_TEXT_SLACK, t[i].in, t[i].slack);
        EQ(RW_TEXT_PLAIN, t[i].in, t[i].plain);
    }
    MD("**bold** `code` ~~del~~ _it_ > quote",
       "＊＊bold＊＊ ｀code｀ ～～del～～ ＿it＿ ＞ quote");
    EQ(RW_TEXT_SLACK, "*bold* _it_ ~del~ `code` &amp;", "＊bold＊ ＿it＿ ～del～ ｀code｀ &amp;amp;");
    MD("<font color=\"warning\">x</font>", "＜font color=\"warning\"＞x＜/font＞");
    MD("![img](x) [a]: y", "!［img］(x) ［a］: y");
    /* Data never starts a list. */
    MD("- x", "－ x");
    MD("+ x", "＋ x");
    MD("12. x", "12． x");
    MD("3) x", "3） x");
    MD("-", "－");
    EQ(RW_TEXT_SLACK, "- x", "－ x");
    EQ(RW_TEXT_PLAIN, "- x", "- x");
    MD("-120.00 CNY", "-120.00 CNY"); /* a negative amount is no list */
    MD("2024-08-02", "2024-08-02");
    MD("1.5 days", "1.5 days");
    MD("x - y", "x - y");
}

static void test_mentions(void)
{
    MD("@all", "＠all");
    MD("@所有人", "＠所有人");
    MD("@13800000000", "＠13800000000");
    MD("<@zhangsan>", "＜＠zhangsan＞");
    EQ(RW_TEXT_SLACK, "<@U123> <!here> <!channel|x> @channel",
       "&lt;＠U123&gt; &lt;!here&gt; &lt;!channel｜x&gt; ＠channel");
    EQ(RW_TEXT_PLAIN, "<!here> @all", "＜!here＞ ＠all");
}

static void test_links(void)
{
    static const rw_text_style all[] = {RW_TEXT_PLAIN, RW_TEXT_WECOM, RW_TEXT_DINGTALK,
                                        RW_TEXT_SLACK};
    for (size_t i = 0; i < 4; i++) {
        EQ(all[i], "https://evil.example/p", "https[:]//evil[.]example/p");
        EQ(all[i], "ftp://x", "ftp[:]//x");
        EQ(all[i], "www.evil.example", "www[.]evil[.]example");
        EQ(all[i], "evil.Example", "evil[.]Example");
        EQ(all[i], "evil.例子", "evil[.]例子");
        EQ(all[i], "250.00 at 1.5", "250.00 at 1.5");
        EQ(all[i], "end.", "end.");
        EQ(all[i], "a: //b", "a: //b");
        EQ(all[i], "threshold:team-a", "threshold:team-a");
    }
    EQ(RW_TEXT_SLACK, "<https://evil.example|Pay>", "&lt;https[:]//evil[.]example｜Pay&gt;");
    MD("<https://evil.example>", "＜https[:]//evil[.]example＞");
    MD("a＠b.com", "a＠b[.]com");
    EQ(RW_TEXT_PLAIN, "mail a@b.com", "mail a＠b[.]com");
}

static void test_unsafe(void)
{
    static const rw_text_style all[] = {RW_TEXT_PLAIN, RW_TEXT_WECOM, RW_TEXT_DINGTALK,
                                        RW_TEXT_SLACK};
    for (size_t i = 0; i < 4; i++) {
        EQ(all[i], "a\nb\r\nc\td", "a" FFFD "b" FFFD FFFD "c" FFFD "d");
        EQ(all[i], "x\x1b" "0m\x07\x7f", "x" FFFD "0m" FFFD FFFD);
        EQ(all[i], "evil\xE2\x80\xAEgpj.exe", "evil" FFFD "gpj[.]exe"); /* U+202E */
        EQ(all[i], "a\xE2\x80\xA8" "b\xE2\x81\xA6" "c\xD8\x9C" "d", "a" FFFD "b" FFFD "c" FFFD "d");
        EQ(all[i], "c1\xC2\x85", "c1" FFFD);
        EQ(all[i], "bad\xFF\xC0\xAF", "bad" FFFD FFFD FFFD);
        EQ(all[i], "cut\xE4\xB8", "cut" FFFD FFFD);
        EQ(all[i], "账户 ü ✓", "账户 ü ✓");
        EQ(all[i], "", "");
    }
    /* Terminal escapes cannot survive as markup either. */
    MD("\x1b[31mred", FFFD "［31mred");
    rw_strbuf b = {0};
    rw_data_text_add(&b, RW_TEXT_SLACK, NULL); /* nothing */
    CHECK(b.len == 0);
    free(b.p);
}

static void test_utf8_exact(void)
{
    char *out = NULL;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_data_text_utf8("a\xFF" "b\n<@all> https://x.y \xE2\x80\xAE账", &out, &err) == RW_OK);
    CHECK_STR(out, "a" FFFD "b\n<@all> https://x.y \xE2\x80\xAE账");
    free(out);
    CHECK(rw_data_text_utf8(hostile, &out, &err) == RW_OK);
    CHECK_STR(out, hostile);
    free(out);
}

int main(void)
{
    test_issue_example();
    test_markup();
    test_mentions();
    test_links();
    test_unsafe();
    test_utf8_exact();
    CHECK_DONE();
}
