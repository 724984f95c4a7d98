/* safe_text.h: the one definition of which characters from data must not
 * reach a terminal, a page, a spreadsheet or a chat message as they are.
 * Data (account ids, service names, tags, file names, servers' messages)
 * can carry control characters (ESC starts terminal escape sequences, CR
 * overwrites a line, BEL rings) and Unicode direction controls (U+202E
 * shows the rest of a line reversed); writers escape or drop what this
 * file classifies. */
#ifndef RW_SAFE_TEXT_H
#define RW_SAFE_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "runway.h"

/* The length in bytes (1..4) of the unsafe character that starts at `s`
 * (`n` >= 1 bytes readable), or 0 when it is safe to show. Unsafe: every
 * C0 control (U+0000..U+001F, TAB and LF included: callers that allow a
 * line break or a tab in a field test for them first), DEL, the C1
 * controls U+0080..U+009F, the line and paragraph separators U+2028/2029,
 * and the bidirectional controls U+061C, U+200E, U+200F, U+202A..U+202E
 * and U+2066..U+2069. A byte that does not start well-formed UTF-8 is
 * unsafe on its own (length 1). The code point (or the byte) goes to *cp
 * when cp is not NULL. */
size_t rw_text_unsafe_at(const char *s, size_t n, uint32_t *cp);

/* 1 when the NUL-terminated `s` holds no unsafe character (see above). */
int rw_text_is_safe(const char *s);

/* ---- Escaping: the one visible form of an unsafe character ----------------
 * An unsafe character is shown as text that names it: a single byte (an
 * ASCII control, DEL, or a byte that is not well-formed UTF-8) as "\xHH",
 * a code point at or above U+0080 as "\uHHHH" (all unsafe ones are below
 * U+10000), hex digits in capitals: ESC is "\x1B", BEL "\x07", CR "\x0D",
 * U+202E "\u202E", a stray byte 0xFF "\xFF". Everything else, Chinese
 * text included, is written unchanged. Backslashes are not doubled: the
 * form is for people reading, not a reversible encoding (JSON output is
 * the exact one). */

/* Longest escape plus its NUL. */
#define RW_TEXT_ESC_MAX 7

/* Receives the pieces of escaped text, in order. */
typedef void (*rw_text_sink)(void *ctx, const char *s, size_t n);

/* Passes the `n` bytes at `s` to `sink` with every unsafe character
 * escaped, except the ASCII characters listed in `keep` (NULL or "" for
 * none; "\n" keeps line breaks), which are passed as they are. */
void rw_text_escape_to(const char *s, size_t n, const char *keep, rw_text_sink sink, void *ctx);

/* Writes the NUL-terminated `s` to `out`, every unsafe character escaped. */
void rw_text_fput(const char *s, FILE *out);

/* rw_text_fput_keep (the same, keeping the ASCII characters in `keep`) and
 * rw_text_esc (`s` itself when safe, else `buf` holding it escaped, cut at a
 * character boundary with "..." when it does not fit; for "%s" arguments)
 * are public: see runway.h. */

#endif
