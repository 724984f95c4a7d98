/* fuzz_escape.c: libFuzzer target for the escaping of text from data
 * (safe_text.h) and the CSV text cell (rw_csv_write_field). Whatever the
 * input: the escaped text holds no unsafe character and fits its buffer
 * (cut or not); a CSV cell holds no unsafe character, and one whose text
 * starts with a formula character starts with "\"'". */
#include "fuzz_common.h"
#include "export/series_write.h"
#include "util/safe_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_strdup(data, size);
    if (!s) return 0;
    size_t len = strlen(s), big = len * 6 + 8;
    char *buf = malloc(big);
    if (!buf) goto out;
    const char *e = rw_text_esc(s, buf, big);
    if (!rw_text_is_safe(e)) __builtin_trap();
    if (e == s && !rw_text_is_safe(s)) __builtin_trap();
    /* A small buffer: still safe, still NUL-terminated inside it. */
    size_t small = size ? (size_t)data[0] % 40 + 1 : 1;
    e = rw_text_esc(s, buf, small);
    if (!rw_text_is_safe(e) || (e == buf && strlen(e) >= small)) __builtin_trap();
    char *csv = NULL;
    size_t csv_len = 0;
    FILE *f = open_memstream(&csv, &csv_len);
    if (!f) goto out;
    rw_csv_write_field(f, s);
    if (fclose(f) != 0) goto out;
    if (!rw_text_is_safe(csv)) __builtin_trap();
    if (s[0] && strchr("=+-@\t\r", s[0]) && strncmp(csv, "\"'", 2) != 0) __builtin_trap();
    free(csv);
out:
    free(buf);
    free(s);
    return 0;
}
