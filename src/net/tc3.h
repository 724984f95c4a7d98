/* tc3.h: TC3-HMAC-SHA256, the request signature of Tencent Cloud API 3.0
 * (private to src/net; tencent.c is its user).
 *
 * The four documented steps, each exposed so that tests can check them
 * against Tencent's worked example:
 *   1. CanonicalRequest = METHOD \n PATH \n QUERY \n CanonicalHeaders \n
 *      SignedHeaders \n hex(SHA-256(payload)), where CanonicalHeaders is
 *      "name:value\n" per signed header (both lower-cased, value trimmed,
 *      sorted by name) and SignedHeaders their names joined by ';'.
 *   2. StringToSign = "TC3-HMAC-SHA256" \n TIMESTAMP \n DATE/SERVICE/tc3_request
 *      \n hex(SHA-256(CanonicalRequest)), DATE being the UTC date of TIMESTAMP.
 *   3. key = HMAC("TC3" + SecretKey, DATE) -> HMAC(., SERVICE) ->
 *      HMAC(., "tc3_request"); Signature = hex(HMAC(key, StringToSign)).
 *   4. Authorization = "TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request,
 *      SignedHeaders=..., Signature=...".
 * SHA-256 and HMAC are OpenSSL libcrypto's (EVP); hex is lower case.
 * Intermediate keys are wiped (OPENSSL_cleanse) before returning. Nothing
 * here keeps state between calls. */
#ifndef RW_TC3_H
#define RW_TC3_H

#include <stddef.h>
#include <stdint.h>
#include "util/error.h"

#define RW_TC3_ALGORITHM "TC3-HMAC-SHA256"
#define RW_TC3_HEX_SIZE 65    /* a SHA-256 in hex plus the NUL */
#define RW_TC3_DATE_SIZE 11   /* "YYYY-MM-DD" plus the NUL */
#define RW_TC3_MAX_HEADERS 16 /* signed headers of one request, host included */

/* One header to sign. */
typedef struct rw_tc3_header {
    const char *name;  /* any case (signed lower-cased); token characters only */
    const char *value; /* signed lower-cased with surrounding blanks removed; no CR/LF */
} rw_tc3_header;

/* What is signed of one request. */
typedef struct rw_tc3_request {
    const char *method;           /* "POST" or "GET" */
    const char *host;             /* value of the Host header, signed as "host" */
    const char *path;             /* CanonicalURI; NULL or "": "/" (API 3.0) */
    const char *query;            /* CanonicalQueryString, already URL-encoded; NULL: "" */
    const rw_tc3_header *headers; /* other headers to sign (content-type at least) */
    size_t n_headers;             /* entries of headers */
    const void *payload;          /* the request body (NULL when payload_len is 0) */
    size_t payload_len;           /* bytes of payload */
    int64_t timestamp;            /* X-TC-Timestamp: seconds since the epoch */
    const char *service;          /* product in the credential scope ("billing", "cvm") */
} rw_tc3_request;

/* Lower-case hex of n bytes into out (2n+1 bytes, NUL-terminated). */
void rw_tc3_hex(const unsigned char *bytes, size_t n, char *out);

/* hex(SHA-256(data)) into out. RW_ENOMEM when libcrypto fails. */
rw_status rw_tc3_sha256_hex(const void *data, size_t n, char out[RW_TC3_HEX_SIZE]);

/* The UTC date "YYYY-MM-DD" of timestamp (never the local zone). */
void rw_tc3_date(int64_t timestamp, char out[RW_TC3_DATE_SIZE]);

/* Step 1. *out (caller frees) is the canonical request; *signed_headers
 * (caller frees, may be NULL to skip) the SignedHeaders list. RW_EINVAL for
 * a missing method/host/service, a header name that is not a token, a
 * value with CR/LF, a header given twice (host included), or more than
 * RW_TC3_MAX_HEADERS; RW_ENOMEM. */
rw_status rw_tc3_canonical_request(const rw_tc3_request *r, char **out, char **signed_headers,
                                   rw_error *err);

/* Step 2 from a canonical request. *out: caller frees. */
rw_status rw_tc3_string_to_sign(int64_t timestamp, const char *service,
                                const char *canonical_request, char **out, rw_error *err);

/* Step 3: hex signature of string_to_sign with the key derived from
 * secret_key, date ("YYYY-MM-DD") and service. */
rw_status rw_tc3_signature(const char *secret_key, const char *date, const char *service,
                           const char *string_to_sign, char out[RW_TC3_HEX_SIZE], rw_error *err);

/* Steps 1-4: the value of the Authorization header for r signed with
 * secret_id/secret_key. *out: caller frees (it names the SecretId: wipe it
 * when done if that matters). RW_EINVAL also for an empty secret or a
 * SecretId with blanks, control characters, ',' or '/'. err never holds a
 * secret. */
rw_status rw_tc3_authorization(const rw_tc3_request *r, const char *secret_id,
                               const char *secret_key, char **out, rw_error *err);

#endif
