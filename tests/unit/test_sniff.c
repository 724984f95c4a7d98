/* test_sniff.c: the input layer's handling of real exports: the UTF-16
 * transcoder (every split of the input into chunks, surrogate pairs,
 * unpaired surrogates, odd lengths) against a UTF-8 oracle, delimiter and
 * "sep=" sniffing, header-name folding, decimal commas, and whole files
 * through rw_input_open: UTF-16 and ZIP give the text and the content hash
 * of the plain UTF-8 file. */
#include <stdlib.h>
#include <archive.h>
#include <archive_entry.h>
#include "check.h"
#include "ingest/input.h"
#include "ingest/sniff.h"
#include "ingest/utf16.h"

/* "a,é中🚀\r\nb\n" in UTF-8 and in UTF-16LE (no BOM). */
static const char utf8_text[] = "a,\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x9A\x80\r\nb\n";
static const unsigned char le_text[] = {'a', 0, ',', 0, 0xE9, 0, 0x2D, 0x4E, 0x3D, 0xD8, 0x80,
                                        0xDE, '\r', 0, '\n', 0, 'b', 0, '\n', 0};

/* Converts `src` fed in pieces of `step` bytes; returns the status. */
static rw_status convert_steps(const unsigned char *src, size_t n, int big, size_t step, char *out,
                               size_t *outlen, rw_error *err)
{
    rw_utf16 u;
    rw_utf16_init(&u, big);
    size_t o = 0;
    for (size_t i = 0; i < n; i += step) {
        size_t k = n - i < step ? n - i : step, got = 0;
        rw_status st = rw_utf16_convert(&u, src + i, k, out + o, &got, "t", err);
        if (st != RW_OK) return st;
        CHECK(got <= RW_UTF16_OUT_MAX(k));
        o += got;
    }
    *outlen = o;
    return rw_utf16_finish(&u, "t", err);
}

static void test_utf16(void)
{
    size_t n = sizeof le_text;
    unsigned char be[sizeof le_text];
    for (size_t i = 0; i < n; i += 2) {
        be[i] = le_text[i + 1];
        be[i + 1] = le_text[i];
    }
    /* Every chunk size, so code units and surrogate pairs split everywhere. */
    for (size_t step = 1; step <= n; step++)
        for (int big = 0; big < 2; big++) {
            char out[128];
            size_t len = 0;
            rw_error err;
            rw_error_clear(&err);
            CHECK(convert_steps(big ? be : le_text, n, big, step, out, &len, &err) == RW_OK);
            CHECK(len == sizeof utf8_text - 1 && memcmp(out, utf8_text, len) == 0);
        }
    /* A high surrogate followed by a letter, on line 2. */
    const unsigned char lone_high[] = {'x', 0, '\n', 0, 0x3D, 0xD8, 'y', 0};
    char out[64];
    size_t len;
    rw_error err;
    rw_error_clear(&err);
    CHECK(convert_steps(lone_high, sizeof lone_high, 0, 3, out, &len, &err) == RW_EFORMAT);
    CHECK(err.line == 2 && strstr(err.text, "unpaired surrogate 0xD83D"));
    /* A low surrogate alone. */
    const unsigned char lone_low[] = {0x00, 0xDC, 'y', 0};
    rw_error_clear(&err);
    CHECK(convert_steps(lone_low, sizeof lone_low, 0, 4, out, &len, &err) == RW_EFORMAT);
    CHECK(strstr(err.text, "0xDC00") != NULL);
    /* A high surrogate at the very end, and an odd byte count. */
    const unsigned char end_high[] = {'a', 0, 0x3D, 0xD8};
    rw_error_clear(&err);
    CHECK(convert_steps(end_high, sizeof end_high, 0, 1, out, &len, &err) == RW_EFORMAT);
    const unsigned char odd[] = {'a', 0, 'b'};
    rw_error_clear(&err);
    CHECK(convert_steps(odd, sizeof odd, 0, 2, out, &len, &err) == RW_EFORMAT);
    CHECK(strstr(err.text, "odd number of bytes") != NULL);
    /* Sniffing: BOMs, BOM-less ASCII starts, and UTF-8 text. */
    int big;
    size_t bom;
    CHECK(rw_utf16_sniff((const unsigned char *)"\xFF\xFE" "a\0", 4, &big, &bom) && !big && bom == 2);
    CHECK(rw_utf16_sniff((const unsigned char *)"\xFE\xFF\0a", 4, &big, &bom) && big && bom == 2);
    CHECK(rw_utf16_sniff((const unsigned char *)"B\0i\0", 4, &big, &bom) && !big && bom == 0);
    CHECK(rw_utf16_sniff((const unsigned char *)"\0B\0i", 4, &big, &bom) && big && bom == 0);
    CHECK(!rw_utf16_sniff((const unsigned char *)"Bill", 4, &big, &bom));
    CHECK(!rw_utf16_sniff((const unsigned char *)"\xEF\xBB\xBF" "B", 4, &big, &bom));
}

static void test_sniffers(void)
{
    CHECK(rw_delim_sniff("a,b,c", 5) == ',');
    CHECK(rw_delim_sniff("a;b;c", 5) == ';');
    CHECK(rw_delim_sniff("a\tb", 3) == '\t');
    CHECK(rw_delim_sniff("\"x;y;z\",b", 9) == ',');            /* quoted ';' not counted */
    CHECK(rw_delim_sniff("\"Cost (USD, net)\";b;c", 21) == ';'); /* a comma in a name */
    CHECK(rw_delim_sniff("a,b;c", 5) == 0);                    /* a tie: undecided */
    CHECK(rw_delim_sniff("title", 5) == 0);
    CHECK(rw_sep_line("sep=;", 5) == ';');
    CHECK(rw_sep_line("SEP=\t", 5) == '\t');
    CHECK(rw_sep_line("sep=;;", 6) == 0);
    CHECK(rw_sep_line("sep=\"", 5) == 0);
    CHECK(rw_sep_line("seps;", 5) == 0);
    char f[64];
    rw_name_fold("BILLED_COST", 11, f, sizeof f);
    CHECK_STR(f, "billedcost");
    rw_name_fold("lineItem/UnblendedCost", 22, f, sizeof f);
    CHECK_STR(f, "lineitemunblendedcost");
    rw_name_fold("line_item_unblended_cost", 24, f, sizeof f);
    CHECK_STR(f, "lineitemunblendedcost");
    CHECK(rw_name_fold("abcdef", 6, f, 4) == 3 && strcmp(f, "abc") == 0);
    char n1[] = "-1,25", n2[] = "1.234,5", n3[] = "1,234,567", n4[] = ",5", n5[] = "12";
    CHECK(rw_decimal_comma(n1) && strcmp(n1, "-1.25") == 0);
    CHECK(!rw_decimal_comma(n2) && strcmp(n2, "1.234,5") == 0);
    CHECK(!rw_decimal_comma(n3) && !rw_decimal_comma(n4) && !rw_decimal_comma(n5));
}

static void write_bytes(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    fwrite(data, 1, n, f);
    fclose(f);
}

/* Text, its line count and content hash read through rw_input. */
static void read_all(const char *path, char **text, size_t *len, char hex[65], rw_status *st,
                     rw_error *err)
{
    rw_input in;
    rw_error_clear(err);
    *text = NULL;
    *len = 0;
    *st = rw_input_open(&in, path, err);
    if (*st == RW_OK) {
        size_t cap = 1 << 20;
        *text = malloc(cap);
        char *line;
        size_t n;
        long no;
        while ((*st = rw_input_line(&in, &line, &n, &no, err)) == RW_OK && line) {
            if (*len + n + 1 > cap) *text = realloc(*text, cap *= 2);
            memcpy(*text + *len, line, n);
            (*text)[*len + n] = '\n';
            *len += n + 1;
        }
        if (*st == RW_OK) *st = rw_input_digest(&in, hex, err);
    }
    rw_input_close(&in);
}

static void test_files(void)
{
    /* A UTF-8 text over two reader chunks with surrogate pairs everywhere,
     * so some pair straddles each chunk boundary, and its UTF-16 forms. */
    size_t lines = 150000, n8 = 0, n16 = 0;
    char *u8 = malloc(lines * 40);
    unsigned char *le = malloc(lines * 80 + 2), *be = malloc(lines * 80 + 2);
    le[n16] = 0xFF, be[n16++] = 0xFE;
    le[n16] = 0xFE, be[n16++] = 0xFF;
    for (size_t i = 0; i < lines; i++) {
        int k = snprintf(u8 + n8, 40, "%zu,\xF0\x9F\x9A\x80\xC3\xA9%.*s\n", i, (int)(i % 5), "xxxxx");
        for (int j = 0; j < k;) {
            unsigned char c = (unsigned char)u8[n8 + j];
            unsigned units[2], nu = 1;
            if (c == 0xF0) { /* 🚀 U+1F680 */
                units[0] = 0xD83D, units[1] = 0xDE80, nu = 2, j += 4;
            } else if (c == 0xC3) { /* é */
                units[0] = 0xE9, j += 2;
            } else {
                units[0] = c, j += 1;
            }
            for (unsigned q = 0; q < nu; q++) {
                le[n16] = (unsigned char)(units[q] & 0xFF), be[n16++] = (unsigned char)(units[q] >> 8);
                le[n16] = (unsigned char)(units[q] >> 8), be[n16++] = (unsigned char)(units[q] & 0xFF);
            }
        }
        n8 += (size_t)k;
    }
    CHECK(n16 > 2 * RW_INPUT_CHUNK);
    write_bytes("test_sniff8.tmp", u8, n8);
    write_bytes("test_sniff16le.tmp", le, n16);
    write_bytes("test_sniff16be.tmp", be, n16);
    char *t8, *t16;
    size_t l8, l16;
    char h8[65], h16[65];
    rw_status st;
    rw_error err;
    read_all("test_sniff8.tmp", &t8, &l8, h8, &st, &err);
    CHECK(st == RW_OK && l8 == n8 && memcmp(t8, u8, n8) == 0);
    const char *utf16_files[] = {"test_sniff16le.tmp", "test_sniff16be.tmp"};
    for (int f = 0; f < 2; f++) {
        read_all(utf16_files[f], &t16, &l16, h16, &st, &err);
        CHECK(st == RW_OK && l16 == l8 && memcmp(t16, t8, l8) == 0);
        CHECK_STR(h16, h8); /* one identity whatever the encoding */
        free(t16);
    }
    /* The same text as the one entry of a ZIP (with a folder and macOS
     * junk): same text, same hash. Two data entries: an error naming them. */
    for (int two = 0; two < 2; two++) {
        struct archive *a = archive_write_new();
        archive_write_set_format_zip(a);
        archive_write_open_filename(a, "test_sniff.zip");
        const char *names[] = {"bill/", "__MACOSX/bill/._a.csv", "bill/a.csv", "bill/b.csv"};
        for (int i = 0; i < (two ? 4 : 3); i++) {
            struct archive_entry *e = archive_entry_new();
            archive_entry_set_pathname(e, names[i]);
            int dir = names[i][strlen(names[i]) - 1] == '/';
            archive_entry_set_filetype(e, dir ? AE_IFDIR : AE_IFREG);
            archive_entry_set_perm(e, 0644);
            size_t sz = dir ? 0 : i == 1 ? 4 : n8;
            archive_entry_set_size(e, (la_int64_t)sz);
            archive_write_header(a, e);
            if (sz) archive_write_data(a, i == 1 ? "\0\5\26\7" : u8, sz);
            archive_entry_free(e);
        }
        archive_write_close(a);
        archive_write_free(a);
        read_all("test_sniff.zip", &t16, &l16, h16, &st, &err);
        if (!two) {
            CHECK(st == RW_OK && l16 == l8 && memcmp(t16, t8, l8) == 0);
            CHECK_STR(h16, h8);
        } else {
            CHECK(st == RW_EFORMAT &&
                  strstr(err.text, "a ZIP archive with 2 files (bill/a.csv, bill/b.csv)"));
        }
        free(t16);
    }
    /* Excel's "sep=" line: skipped, its separator used, lines still the
     * file's; a title line before a ';' header; a tie keeps ','. */
    const char *cases[][3] = {{"sep=;\r\nx,y,z\r\n", ";", "2"},
                              {"Bill 2024-09\n\na;b;c\n", ";", "1"},
                              {"a\tb\tc\n1\t2\t3\n", "\t", "1"},
                              {"a,b;c\n", ",", "1"},
                              {"", ",", "1"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_bytes("test_sniff.tmp", cases[i][0], strlen(cases[i][0]));
        rw_input in;
        rw_error_clear(&err);
        CHECK(rw_input_open(&in, "test_sniff.tmp", &err) == RW_OK);
        CHECK(in.delim == cases[i][1][0]);
        CHECK(in.line == strtol(cases[i][2], NULL, 10));
        CHECK(in.sep_line == (i == 0));
        rw_input_close(&in);
    }
    free(t8);
    free(u8);
    free(le);
    free(be);
    remove("test_sniff8.tmp");
    remove("test_sniff16le.tmp");
    remove("test_sniff16be.tmp");
    remove("test_sniff.zip");
    remove("test_sniff.tmp");
}

int main(void)
{
    test_utf16();
    test_sniffers();
    test_files();
    CHECK_DONE();
}
