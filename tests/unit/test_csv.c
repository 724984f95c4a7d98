/* test_csv.c: the RFC 4180 reader on tricky records, on records that cross
 * buffer refills (checked against the generator as oracle), gzip input and
 * content hashing. */
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>
#include "check.h"
#include "ingest/csv.h"

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
}

int main(void)
{
    const char *path = "test_csv.tmp";
    rw_error err;
    rw_input in;
    rw_csv c;

    write_file(path, "\xEF\xBB\xBF" "a,b,c\r\n"
                     "1,\"x,y\",\"he said \"\"hi\"\"\"\r\n"
                     "\r\n"
                     "2,\"multi\nline\",\n"
                     "3,\"bad\"tail,z\n"
                     "4,,\"{\"\"env\"\":\"\"prod\"\"}\"");
    rw_error_clear(&err);
    CHECK(rw_input_open(&in, path, &err) == RW_OK);
    rw_csv_init(&c, &in, ',');
    CHECK(rw_csv_next(&c, &err) == RW_OK && c.nfields == 3 && c.line == 1);
    CHECK_STR(rw_csv_field(&c, 0, NULL), "a"); /* BOM skipped */
    CHECK(rw_csv_find(&c, "c") == 2 && rw_csv_find(&c, "d") == -1);
    CHECK(rw_csv_next(&c, &err) == RW_OK && c.nfields == 3 && c.line == 2);
    CHECK_STR(rw_csv_field(&c, 1, NULL), "x,y");
    CHECK_STR(rw_csv_field(&c, 2, NULL), "he said \"hi\"");
    CHECK(rw_csv_next(&c, &err) == RW_OK && c.nfields == 3 && c.line == 4);
    CHECK_STR(rw_csv_field(&c, 1, NULL), "multi\nline");
    CHECK_STR(rw_csv_field(&c, 2, NULL), "");
    CHECK(rw_csv_next(&c, &err) == RW_OK && c.bad != NULL && c.line == 6);
    CHECK(c.raw_len == strlen("3,\"bad\"tail,z"));
    CHECK(rw_csv_next(&c, &err) == RW_OK && c.nfields == 3 && c.line == 7 && !c.bad);
    CHECK_STR(rw_csv_field(&c, 2, NULL), "{\"env\":\"prod\"}");
    CHECK(rw_csv_next(&c, &err) == RW_OK && c.nfields == 0 && !c.bad);
    rw_csv_cleanup(&c);
    rw_input_close(&in);

    /* Unterminated quote: a format error naming the line. */
    write_file(path, "a,b\n1,\"never closed\n2,3\n");
    rw_error_clear(&err);
    CHECK(rw_input_open(&in, path, &err) == RW_OK);
    rw_csv_init(&c, &in, ',');
    CHECK(rw_csv_next(&c, &err) == RW_OK);
    CHECK(rw_csv_next(&c, &err) == RW_EFORMAT && err.line == 2);
    rw_csv_cleanup(&c);
    rw_input_close(&in);

    /* Records crossing many 1 MiB refills, through gzip: every field must
     * come back exactly as generated. */
    gzFile gz = gzopen(path, "wb");
    const int rows = 60000;
    for (int i = 0; i < rows; i++)
        gzprintf(gz, "%d,\"q%d,\"\"x\"\"\nline\",%0*d\n", i, i, 1 + i % 90, i);
    gzclose(gz);
    rw_error_clear(&err);
    CHECK(rw_input_open(&in, path, &err) == RW_OK);
    rw_csv_init(&c, &in, ',');
    int got = 0, bad = 0;
    long line = 1;
    char want[200];
    while (rw_csv_next(&c, &err) == RW_OK && c.nfields) {
        snprintf(want, sizeof want, "q%d,\"x\"\nline", got);
        char num[120];
        snprintf(num, sizeof num, "%0*d", 1 + got % 90, got);
        if (c.nfields != 3 || strcmp(rw_csv_field(&c, 1, NULL), want) || strcmp(rw_csv_field(&c, 2, NULL), num) || c.line != line)
            bad++;
        line += 2;
        got++;
    }
    CHECK(got == rows && bad == 0);
    char hex[65];
    CHECK(rw_input_digest(&in, hex, &err) == RW_OK && strlen(hex) == 64);
    rw_csv_cleanup(&c);
    rw_input_close(&in);

    /* Oracle: random records (field lengths 0..150 across the 64-byte scan
     * windows and 1 MiB refills, quoting with embedded delimiters, quotes and
     * newlines, CRLF or LF) must come back exactly as generated. */
    {
        srand(11);
        FILE *o = fopen(path, "wb");
        enum { ROWS = 20000, COLS = 7 };
        static char gen[COLS][160];
        unsigned long long expect_hash = 0;
        for (int r = 0; r < ROWS; r++) {
            for (int f = 0; f < COLS; f++) {
                int len = rand() % 150, quoted = rand() % 4 == 0;
                for (int k = 0; k < len; k++) {
                    static const char alpha[] = "abcXYZ019 .-_{}:";
                    static const char special[] = ",\"\n";
                    gen[f][k] = quoted && rand() % 10 == 0 ? special[rand() % 3]
                                                            : alpha[rand() % (sizeof alpha - 1)];
                }
                gen[f][len] = '\0';
                if (f) fputc(',', o);
                if (quoted) {
                    fputc('"', o);
                    for (int k = 0; k < len; k++) {
                        if (gen[f][k] == '"') fputc('"', o);
                        fputc(gen[f][k], o);
                    }
                    fputc('"', o);
                } else {
                    fputs(gen[f], o);
                }
                expect_hash = expect_hash * 31 + (unsigned long long)len;
                for (int k = 0; k < len; k++) expect_hash = expect_hash * 131 + (unsigned char)gen[f][k];
            }
            fputs(rand() % 2 ? "\r\n" : "\n", o);
        }
        fclose(o);
        rw_error_clear(&err);
        CHECK(rw_input_open(&in, path, &err) == RW_OK);
        rw_csv_init(&c, &in, ',');
        unsigned long long got_hash = 0;
        int nrows = 0, badn = 0;
        while (rw_csv_next(&c, &err) == RW_OK && (c.nfields || c.bad)) {
            if (c.nfields != COLS || c.bad) badn++;
            for (size_t f = 0; f < c.nfields; f++) {
                size_t len;
                const char *t = rw_csv_field(&c, f, &len);
                got_hash = got_hash * 31 + len;
                for (size_t k = 0; k < len; k++) got_hash = got_hash * 131 + (unsigned char)t[k];
            }
            nrows++;
        }
        CHECK(badn == 0);
        CHECK(nrows == ROWS);
        CHECK(got_hash == expect_hash);
        rw_csv_cleanup(&c);
        rw_input_close(&in);
    }

    /* The hash is of the content: the same bytes uncompressed hash alike. */
    write_file(path, "same content\n");
    char h1[65], h2[65];
    CHECK(rw_input_open(&in, path, &err) == RW_OK && rw_input_digest(&in, h1, &err) == RW_OK);
    rw_input_close(&in);
    gz = gzopen(path, "wb");
    gzputs(gz, "same content\n");
    gzclose(gz);
    CHECK(rw_input_open(&in, path, &err) == RW_OK && rw_input_digest(&in, h2, &err) == RW_OK);
    rw_input_close(&in);
    CHECK_STR(h1, h2);
    CHECK_STR(h1, "f953bbd204bb867e48a6ff774cffa3dcffd02c6580e8f1d00c37dbbaa743d6c8");

    /* Truncated gzip: an I/O error, not silent success. */
    gz = gzopen(path, "wb");
    for (int i = 0; i < 20000; i++) gzprintf(gz, "%d,some text to compress %d\n", i, i * 7);
    gzclose(gz);
    FILE *f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    CHECK(truncate(path, size / 2) == 0);
    rw_error_clear(&err);
    rw_status st = rw_input_open(&in, path, &err);
    while (st == RW_OK && !in.eof) {
        in.pos = in.len;
        st = rw_input_fill(&in, &err);
    }
    CHECK(st == RW_EIO);
    rw_input_close(&in);

    /* A missing file: an I/O error naming it. */
    rw_error_clear(&err);
    CHECK(rw_input_open(&in, "no/such/file.csv", &err) == RW_EIO);
    CHECK_STR(err.file, "no/such/file.csv");
    rw_input_close(&in);
    unlink(path);
    CHECK_DONE();
}
