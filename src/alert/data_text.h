/* data_text.h: the one place where a piece of data (an account id, a
 * policy name, a currency, a title or action quoting them, anything read
 * from a file, the API or the store) is made inert before it goes into an
 * alert text of a given style. A message is runway's own template text
 * (labels, bold marks, line breaks) plus data pieces each passed through
 * rw_data_text_add exactly once; docs/notify.md ("Data in messages") has
 * the table.
 *
 * Every style, plain included:
 *   - a character rw_text_unsafe_at classifies unsafe (controls with TAB,
 *     LF and CR, DEL, C1, U+2028/9, bidi controls, malformed UTF-8 bytes)
 *     becomes U+FFFD, so data never breaks a line or turns text around;
 *   - '@' becomes the fullwidth U+FF20, so no @all, @所有人, @mobile or
 *     @channel mention can form;
 *   - links are defanged: ':' before "//" becomes "[:]" and '.' before a
 *     letter (ASCII or not) becomes "[.]", so neither "https://x" nor a
 *     bare "evil.example" or "www.x" is auto-linked.
 * Then per style:
 *   plain   '<', '>', '[' and ']' become their fullwidth forms, so even
 *           forwarded to a chat the text forms no <!channel>, <@U1> or
 *           [link](url); the other markup characters stay;
 *   slack   '&', '<', '>' become "&amp;", "&lt;", "&gt;" (Slack's rule);
 *   wecom/dingtalk  '&', '<', '>' become their fullwidth forms (no HTML,
 *           no <@userid>, no entity);
 *   and for slack, wecom and dingtalk the markup characters
 *   \ ` * _ ~ [ ] # | become their fullwidth forms (U+FF01 + c - '!'),
 *   as do a leading '-' or '+' and the '.' or ')' after leading digits
 *   (list markers). Markdown has no reliable escape in these renderers
 *   (a backslash shows in some), so a lookalike is used. '(' ')' '!' stay:
 *   without '[' and ']' they cannot form a link or an image. */
#ifndef RW_ALERT_DATA_TEXT_H
#define RW_ALERT_DATA_TEXT_H

#include "util/error.h"
#include "util/strbuf.h"

typedef enum rw_text_style {
    RW_TEXT_PLAIN,    /* plain lines, for logs and the JSON "message" */
    RW_TEXT_WECOM,    /* WeCom markdown: **bold**, one line per fact */
    RW_TEXT_DINGTALK, /* DingTalk markdown: facts as paragraphs ("\n\n") */
    RW_TEXT_SLACK,    /* Slack mrkdwn: *bold* */
} rw_text_style;

/* Appends the data piece s (NUL-terminated, any bytes) to b, neutralised
 * for style as above (NULL appends nothing). The output is well-formed
 * UTF-8 holding no unsafe character. */
void rw_data_text_add(rw_strbuf *b, rw_text_style style, const char *s);

/* s neutralised for style, in *out (the caller's, free()). RW_ENOMEM only. */
rw_status rw_data_text(rw_text_style style, const char *s, char **out, rw_error *err);

/* s with each malformed UTF-8 byte replaced by U+FFFD and nothing else
 * changed (the exact data of the JSON kind, which JSON cannot carry
 * otherwise). *out is the caller's (free()). RW_ENOMEM only. */
rw_status rw_data_text_utf8(const char *s, char **out, rw_error *err);

#endif
