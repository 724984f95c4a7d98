/* test_num.c: strict number parsing and compensated summation. */
#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include "check.h"
#include "util/num.h"

static int ok(const char *s, double want)
{
    double v;
    return rw_parse_double(s, &v) == RW_OK && v == want;
}

int main(void)
{
    CHECK(ok("0.0000008", 0.0000008));
    CHECK(ok("-1.5", -1.5));
    CHECK(ok("+2", 2));
    CHECK(ok(" 3.25 ", 3.25));
    CHECK(ok("1e-3", 0.001));
    CHECK(ok("0.12345678901234", 0.12345678901234));
    CHECK(ok("1,234.5", 1234.5));
    CHECK(ok("-1,234,567", -1234567));
    CHECK(ok(".5", 0.5));
    const char *bad[] = {"", " ", "abc", "1.2.3", "nan", "NaN", "inf", "-Infinity", "1e400",
                         "0x10", "12abc", "1,23", "12,345,67", "--1", "1 2", ",5"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double v;
        if (rw_parse_double(bad[i], &v) == RW_OK) {
            fprintf(stderr, "accepted bad number '%s'\n", bad[i]);
            check_failures++;
        }
    }
    int64_t n;
    CHECK(rw_parse_int64("42", 0, 100, &n) == RW_OK && n == 42);
    CHECK(rw_parse_int64("-7", -10, 10, &n) == RW_OK && n == -7);
    CHECK(rw_parse_int64("101", 0, 100, &n) == RW_EFORMAT);
    CHECK(rw_parse_int64("4x", 0, 100, &n) == RW_EFORMAT);
    CHECK(rw_parse_int64("", 0, 100, &n) == RW_EFORMAT);
    CHECK(rw_parse_int64("99999999999999999999", INT64_MIN, INT64_MAX, &n) == RW_EFORMAT);

    /* Oracle: the fast decimal path must give exactly what strtod gives. */
    srand(7);
    int mismatches = 0;
    for (int i = 0; i < 200000; i++) {
        char buf[64];
        int digits = 1 + rand() % 19, point = rand() % (digits + 1), o = 0;
        if (rand() % 4 == 0) buf[o++] = '-';
        for (int k = 0; k < digits; k++) {
            if (k == point && k > 0) buf[o++] = '.';
            buf[o++] = (char)('0' + rand() % 10);
        }
        buf[o] = '\0';
        double fast, slow = strtod(buf, NULL);
        if (rw_parse_double(buf, &fast) != RW_OK || memcmp(&fast, &slow, sizeof fast) != 0) {
            if (mismatches++ < 5) fprintf(stderr, "'%s': %.17g vs strtod %.17g\n", buf, fast, slow);
        }
    }
    CHECK(mismatches == 0);

    /* Compensated sum: 0.1 added 10^6 times, and heavy cancellation. */
    rw_ksum k = {0, 0};
    double naive = 0;
    for (int i = 0; i < 1000000; i++) {
        rw_ksum_add(&k, 0.1);
        naive += 0.1;
    }
    CHECK_NEAR(rw_ksum_value(&k), 100000.0, 1e-9);
    CHECK(fabs(naive - 100000.0) > 1e-7); /* the naive sum really drifts */
    rw_ksum c = {0, 0};
    rw_ksum_add(&c, 1e16);
    rw_ksum_add(&c, 1.0);
    rw_ksum_add(&c, -1e16);
    CHECK(rw_ksum_value(&c) == 1.0);
    CHECK_DONE();
}
