/* data_text.c: data pieces made inert for each alert text style
 * (data_text.h). One pass over the bytes; each decision reads at most two
 * bytes ahead. Invariant: what is appended is well-formed UTF-8 with no
 * character rw_text_unsafe_at rejects. */
#include <stdint.h>
#include <string.h>
#include "alert/data_text.h"
#include "util/safe_text.h"

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* Appends the fullwidth form of printable ASCII c (U+FF01..U+FF5E). */
static void fullwidth(rw_strbuf *b, char c)
{
    uint32_t v = 0xFF01u + (uint32_t)((unsigned char)c - '!');
    char u[3] = {(char)(0xE0 | (v >> 12)), (char)(0x80 | ((v >> 6) & 0x3F)),
                 (char)(0x80 | (v & 0x3F))};
    rw_strbuf_add(b, u, 3);
}

static int is_letter_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* Length of the well-formed UTF-8 character led by c (only called on a
 * character rw_text_unsafe_at accepted). */
static size_t utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* The byte index of a list marker at the start of s ("- ", "+ ", "12. ",
 * "3) ", or the same at the end), or SIZE_MAX when there is none. */
static size_t list_marker(const char *s)
{
    size_t i = 0;
    if (s[0] == '-' || s[0] == '+') return s[1] == ' ' || !s[1] ? 0 : SIZE_MAX;
    while (s[i] >= '0' && s[i] <= '9' && i < 10) i++;
    if (i == 0 || (s[i] != '.' && s[i] != ')')) return SIZE_MAX;
    return s[i + 1] == ' ' || !s[i + 1] ? i : SIZE_MAX;
}

void rw_data_text_add(rw_strbuf *b, rw_text_style style, const char *s)
{
    if (!s) return;
    int chat = style != RW_TEXT_PLAIN;
    size_t n = strlen(s), marker = chat ? list_marker(s) : SIZE_MAX;
    for (size_t i = 0; i < n;) {
        size_t u = rw_text_unsafe_at(s + i, n - i, NULL);
        if (u) {
            rw_strbuf_puts(b, REPLACEMENT);
            i += u;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            size_t len = utf8_len(c);
            rw_strbuf_add(b, s + i, len);
            i += len;
            continue;
        }
        const char *next = s + i + 1;
        if (c == ':' && next[0] == '/' && next[1] == '/') {
            rw_strbuf_puts(b, "[:]"); /* no scheme://: no link */
        } else if (c == '.' && is_letter_start((unsigned char)next[0])) {
            rw_strbuf_puts(b, "[.]"); /* no host name: no bare-domain link */
        } else if (c == '@') {
            fullwidth(b, '@'); /* no mention */
        } else if (style == RW_TEXT_SLACK && (c == '&' || c == '<' || c == '>')) {
            rw_strbuf_puts(b, c == '&' ? "&amp;" : c == '<' ? "&lt;" : "&gt;");
        } else if (c == '<' || c == '>' || c == '[' || c == ']' || (chat && c == '&')) {
            fullwidth(b, (char)c);
        } else if (chat && (strchr("\\`*_~#|", c) || i == marker)) {
            fullwidth(b, (char)c);
        } else {
            rw_strbuf_add(b, s + i, 1);
        }
        i++;
    }
}

rw_status rw_data_text(rw_text_style style, const char *s, char **out, rw_error *err)
{
    rw_strbuf b = {0};
    rw_strbuf_puts(&b, "");
    rw_data_text_add(&b, style, s);
    return rw_strbuf_finish(&b, out, "building a message", err);
}

rw_status rw_data_text_utf8(const char *s, char **out, rw_error *err)
{
    rw_strbuf b = {0};
    size_t n = strlen(s);
    rw_strbuf_puts(&b, "");
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        size_t u = rw_text_unsafe_at(s + i, n - i, &cp);
        size_t len = u ? u : utf8_len((unsigned char)s[i]);
        if (u == 1 && cp >= 0x80) rw_strbuf_puts(&b, REPLACEMENT); /* a malformed byte */
        else rw_strbuf_add(&b, s + i, len);
        i += len;
    }
    return rw_strbuf_finish(&b, out, "building a message", err);
}
