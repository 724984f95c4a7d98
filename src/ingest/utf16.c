/* utf16.c: UTF-16 (either byte order) to UTF-8, streaming (utf16.h).
 *
 * Invariant between calls: at most one byte (has_byte) and one high
 * surrogate (high) are pending; nothing else is buffered. */
#include "ingest/utf16.h"

void rw_utf16_init(rw_utf16 *u, int big_endian)
{
    u->big_endian = big_endian;
    u->has_byte = 0;
    u->byte = 0;
    u->high = 0;
    u->line = 1;
}

/* A character Excel puts in the first column of a header or a data row. */
static int ascii_text(unsigned char c)
{
    return c == '\t' || (c >= 0x20 && c < 0x7f);
}

int rw_utf16_sniff(const unsigned char *b, size_t n, int *big_endian, size_t *bom)
{
    *bom = 0;
    if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
        *big_endian = 0;
        *bom = 2;
        return 1;
    }
    if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
        *big_endian = 1;
        *bom = 2;
        return 1;
    }
    if (n < 4) return 0;
    if (b[1] == 0 && b[3] == 0 && ascii_text(b[0]) && ascii_text(b[2])) {
        *big_endian = 0;
        return 1;
    }
    if (b[0] == 0 && b[2] == 0 && ascii_text(b[1]) && ascii_text(b[3])) {
        *big_endian = 1;
        return 1;
    }
    return 0;
}

static size_t put_utf8(char *d, unsigned long cp)
{
    if (cp < 0x80) {
        d[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        d[0] = (char)(0xC0 | (cp >> 6));
        d[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        d[0] = (char)(0xE0 | (cp >> 12));
        d[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (char)(0xF0 | (cp >> 18));
    d[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    d[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static rw_status unpaired(const rw_utf16 *u, unsigned unit, const char *name, rw_error *err)
{
    return rw_error_set(err, RW_EFORMAT, name, u->line,
                        "invalid UTF-16 text: unpaired surrogate 0x%04X (the file is damaged, "
                        "or not UTF-16)",
                        unit);
}

rw_status rw_utf16_convert(rw_utf16 *u, const unsigned char *src, size_t n, char *dst,
                           size_t *out, const char *name, rw_error *err)
{
    size_t o = 0, i = 0;
    *out = 0;
    while (i < n) {
        unsigned char b0, b1;
        if (u->has_byte) {
            b0 = u->byte;
            b1 = src[i++];
            u->has_byte = 0;
        } else if (i + 1 < n) {
            b0 = src[i];
            b1 = src[i + 1];
            i += 2;
        } else {
            u->byte = src[i++];
            u->has_byte = 1;
            break;
        }
        unsigned unit = u->big_endian ? (unsigned)b0 << 8 | b1 : (unsigned)b1 << 8 | b0;
        if (u->high) {
            if (unit < 0xDC00 || unit > 0xDFFF) return unpaired(u, u->high, name, err);
            unsigned long cp = 0x10000 + ((unsigned long)(u->high - 0xD800) << 10) + (unit - 0xDC00);
            u->high = 0;
            o += put_utf8(dst + o, cp);
        } else if (unit >= 0xD800 && unit <= 0xDBFF) {
            u->high = unit;
        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
            return unpaired(u, unit, name, err);
        } else {
            o += put_utf8(dst + o, unit);
            if (unit == '\n') u->line++;
        }
        *out = o;
    }
    *out = o;
    return RW_OK;
}

rw_status rw_utf16_finish(const rw_utf16 *u, const char *name, rw_error *err)
{
    if (u->high) return unpaired(u, u->high, name, err);
    if (u->has_byte)
        return rw_error_set(err, RW_EFORMAT, name, u->line,
                            "invalid UTF-16 text: it ends in the middle of a character "
                            "(an odd number of bytes)");
    return RW_OK;
}
