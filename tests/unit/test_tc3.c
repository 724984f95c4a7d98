/* test_tc3.c: TC3-HMAC-SHA256 signing against Tencent's own worked example.
 *
 * Reference: Tencent Cloud API 3.0, "Signature v3" (TC3-HMAC-SHA256), the
 * English edition that Tencent publishes under each product's API docs,
 * e.g. https://www.tencentcloud.com/document/api/267/37447 (section
 * "TC3-HMAC-SHA256 Signature Algorithm"; the Billing API's request rules are
 * at https://www.tencentcloud.com/document/product/555/30748). Its worked
 * example signs a CVM DescribeInstances call in ap-guangzhou at X-TC-Timestamp 1551113065
 * (2019-02-26 00:44:25 in UTC+8, so the credential date is the UTC date
 * 2019-02-25), SecretKey "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", SecretId as the
 * page prints it (masked with asterisks; it is only copied into the header),
 * signed headers content-type;host, and the body
 *   {"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}
 * (with the \u escapes as literal text). The page documents:
 *   HashedRequestPayload   35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064
 *   HashedCanonicalRequest 5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031
 *   Signature              72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168
 * and the canonical request, string to sign and Authorization checked
 * below. (Some newer editions mask the SecretKey as well, so their
 * signature cannot be reproduced; this edition prints it.) */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "net/tc3.h"

#define DOC_SECRET_ID "AKID**********************0123456789EXAMPLE"
#define DOC_SECRET_KEY "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
#define DOC_TIMESTAMP 1551113065
#define DOC_PAYLOAD                                                                                \
    "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": "            \
    "\"instance-name\"}]}"
#define DOC_PAYLOAD_HASH "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
#define DOC_CANONICAL                                                                              \
    "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n"      \
    "\ncontent-type;host\n" DOC_PAYLOAD_HASH
#define DOC_CANONICAL_HASH "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
#define DOC_STRING_TO_SIGN                                                                         \
    "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n" DOC_CANONICAL_HASH
#define DOC_SIGNATURE "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
#define DOC_AUTHORIZATION                                                                          \
    "TC3-HMAC-SHA256 Credential=" DOC_SECRET_ID "/2019-02-25/cvm/tc3_request, "                    \
    "SignedHeaders=content-type;host, Signature=" DOC_SIGNATURE

static const rw_tc3_header doc_headers[] = {{"Content-Type", "application/json; charset=utf-8"}};

static rw_tc3_request doc_request(void)
{
    rw_tc3_request r = {"POST",      "cvm.tencentcloudapi.com", "/",           "",   doc_headers, 1,
                        DOC_PAYLOAD, strlen(DOC_PAYLOAD),       DOC_TIMESTAMP, "cvm"};
    return r;
}

static void test_doc_example(void)
{
    rw_tc3_request r = doc_request();
    rw_error err;
    char hex[RW_TC3_HEX_SIZE], date[RW_TC3_DATE_SIZE];
    char *canonical = NULL, *signed_headers = NULL, *sts = NULL, *auth = NULL;

    rw_error_clear(&err);
    CHECK(rw_tc3_sha256_hex(DOC_PAYLOAD, strlen(DOC_PAYLOAD), hex) == RW_OK);
    CHECK_STR(hex, DOC_PAYLOAD_HASH);

    CHECK(rw_tc3_canonical_request(&r, &canonical, &signed_headers, &err) == RW_OK);
    CHECK(canonical && !strcmp(canonical, DOC_CANONICAL));
    CHECK(signed_headers && !strcmp(signed_headers, "content-type;host"));
    CHECK(rw_tc3_sha256_hex(canonical, strlen(canonical), hex) == RW_OK);
    CHECK_STR(hex, DOC_CANONICAL_HASH);

    /* The UTC date, not the UTC+8 one (the documented midnight trap). */
    rw_tc3_date(DOC_TIMESTAMP, date);
    CHECK_STR(date, "2019-02-25");
    CHECK(rw_tc3_string_to_sign(DOC_TIMESTAMP, "cvm", canonical, &sts, &err) == RW_OK);
    CHECK(sts && !strcmp(sts, DOC_STRING_TO_SIGN));

    CHECK(rw_tc3_signature(DOC_SECRET_KEY, date, "cvm", sts, hex, &err) == RW_OK);
    CHECK_STR(hex, DOC_SIGNATURE);

    CHECK(rw_tc3_authorization(&r, DOC_SECRET_ID, DOC_SECRET_KEY, &auth, &err) == RW_OK);
    CHECK(auth && !strcmp(auth, DOC_AUTHORIZATION));
    free(canonical);
    free(signed_headers);
    free(sts);
    free(auth);
}

/* Header canonicalisation: names and values lower-cased, values trimmed,
 * sorted by name whatever the input order; path and query defaults. */
static void test_canonical_headers(void)
{
    rw_tc3_header hs[] = {{"X-TC-Action", "  DescribeBillDetail "},
                          {"content-TYPE", "Application/JSON; charset=utf-8"}};
    rw_tc3_request r = {"POST",   "Billing.TencentCloudAPI.com", NULL, NULL, hs, 2, "", 0, 0,
                        "billing"};
    char *canonical = NULL, *signed_headers = NULL;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_tc3_canonical_request(&r, &canonical, &signed_headers, &err) == RW_OK);
    CHECK(canonical &&
          !strcmp(canonical, "POST\n/\n\ncontent-type:application/json; charset=utf-8\n"
                             "host:billing.tencentcloudapi.com\nx-tc-action:describebilldetail\n\n"
                             "content-type;host;x-tc-action\n"
                             /* SHA-256 of the empty payload */
                             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    CHECK(signed_headers && !strcmp(signed_headers, "content-type;host;x-tc-action"));
    free(canonical);
    free(signed_headers);
}

static void test_bad_input(void)
{
    rw_tc3_header dup[] = {{"Host", "x"}};
    rw_tc3_header crlf[] = {{"X-TC-Action", "a\r\nInjected: 1"}};
    rw_tc3_header badname[] = {{"X TC", "a"}};
    rw_tc3_request r = doc_request();
    char *out = NULL;
    rw_error err;

    r.headers = dup;
    rw_error_clear(&err);
    CHECK(rw_tc3_canonical_request(&r, &out, NULL, &err) == RW_EINVAL && !out);
    r.headers = crlf;
    rw_error_clear(&err);
    CHECK(rw_tc3_canonical_request(&r, &out, NULL, &err) == RW_EINVAL && !out);
    r.headers = badname;
    rw_error_clear(&err);
    CHECK(rw_tc3_canonical_request(&r, &out, NULL, &err) == RW_EINVAL && !out);
    r = doc_request();
    r.host = NULL;
    rw_error_clear(&err);
    CHECK(rw_tc3_canonical_request(&r, &out, NULL, &err) == RW_EINVAL && !out);

    r = doc_request();
    rw_error_clear(&err);
    CHECK(rw_tc3_authorization(&r, "AKID with space", DOC_SECRET_KEY, &out, &err) == RW_EINVAL);
    CHECK(!out && !strstr(err.text, DOC_SECRET_KEY));
    rw_error_clear(&err);
    CHECK(rw_tc3_authorization(&r, "AKID/x", DOC_SECRET_KEY, &out, &err) == RW_EINVAL);
    rw_error_clear(&err);
    CHECK(rw_tc3_authorization(&r, DOC_SECRET_ID, "", &out, &err) == RW_EINVAL && !out);
}

/* A different key, date or service changes the signature (each input of
 * the derivation chain is used); timestamps map to UTC dates. */
static void test_chain_inputs(void)
{
    char a[RW_TC3_HEX_SIZE], b[RW_TC3_HEX_SIZE], date[RW_TC3_DATE_SIZE];
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_tc3_signature(DOC_SECRET_KEY, "2019-02-25", "cvm", DOC_STRING_TO_SIGN, a, &err) ==
          RW_OK);
    CHECK(rw_tc3_signature(DOC_SECRET_KEY "x", "2019-02-25", "cvm", DOC_STRING_TO_SIGN, b, &err) ==
          RW_OK);
    CHECK(strcmp(a, b) != 0);
    CHECK(rw_tc3_signature(DOC_SECRET_KEY, "2019-02-26", "cvm", DOC_STRING_TO_SIGN, b, &err) ==
          RW_OK);
    CHECK(strcmp(a, b) != 0);
    CHECK(rw_tc3_signature(DOC_SECRET_KEY, "2019-02-25", "billing", DOC_STRING_TO_SIGN, b, &err) ==
          RW_OK);
    CHECK(strcmp(a, b) != 0);
    rw_tc3_date(0, date);
    CHECK_STR(date, "1970-01-01");
    rw_tc3_date(1709251199, date); /* 2024-02-29T23:59:59Z */
    CHECK_STR(date, "2024-02-29");
    rw_tc3_date(1709251200, date);
    CHECK_STR(date, "2024-03-01");
}

static void test_hex(void)
{
    const unsigned char bytes[] = {0x00, 0x0f, 0xa0, 0xff};
    char out[9];
    rw_tc3_hex(bytes, sizeof bytes, out);
    CHECK_STR(out, "000fa0ff");
}

int main(void)
{
    test_doc_example();
    test_canonical_headers();
    test_bad_input();
    test_chain_inputs();
    test_hex();
    CHECK_DONE();
}
