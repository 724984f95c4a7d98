/* tc3.c: TC3-HMAC-SHA256 signing (see tc3.h for the steps).
 *
 * Strings are built in a growable buffer (rw_strbuf below); every failure path
 * frees what was built. Keys derived from the SecretKey live on the stack
 * and are wiped with OPENSSL_cleanse on every exit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "net/tc3.h"
#include "util/strbuf.h"
#include "util/timeutil.h"

#define TC3_TERMINATOR "tc3_request"
#define TC3_KEY_PREFIX "TC3"
#define TC3_MAC_SIZE 32 /* bytes of a SHA-256 */

void rw_tc3_hex(const unsigned char *bytes, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 0x0f];
    }
    out[2 * n] = '\0';
}

rw_status rw_tc3_sha256_hex(const void *data, size_t n, char out[RW_TC3_HEX_SIZE])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    static const char empty[1] = "";
    if (!EVP_Digest(n ? data : empty, n, md, &md_len, EVP_sha256(), NULL) ||
        md_len != TC3_MAC_SIZE) {
        out[0] = '\0';
        return RW_ENOMEM;
    }
    rw_tc3_hex(md, md_len, out);
    return RW_OK;
}

void rw_tc3_date(int64_t timestamp, char out[RW_TC3_DATE_SIZE])
{
    int64_t days = timestamp / RW_DAY;
    if (timestamp % RW_DAY < 0) days--; /* floor, for times before 1970 */
    int64_t y;
    int m, d;
    rw_civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999) y = 0; /* keeps the text 10 characters; never signed validly */
    snprintf(out, RW_TC3_DATE_SIZE, "%04d-%02d-%02d", (int)y, m, d);
}

/* One header ready to be signed: lower-cased name and trimmed, lower-cased value. */
typedef struct canon_header {
    char *name;
    char *value;
} canon_header;

static int is_token_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static char *lower_dup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        p[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    p[n] = '\0';
    return p;
}

/* Fills h from name/value; RW_EINVAL for a bad name or value. */
static rw_status canon_one(const char *name, const char *value, canon_header *h, rw_error *err)
{
    if (!name || !*name || !value)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "a header to sign has no name or value");
    for (const char *p = name; *p; p++)
        if (!is_token_char((unsigned char)*p))
            return rw_error_set(err, RW_EINVAL, NULL, 0,
                                "header name to sign has a character that is not allowed");
    for (const char *p = value; *p; p++)
        if (*p == '\r' || *p == '\n')
            return rw_error_set(err, RW_EINVAL, NULL, 0,
                                "header '%s' to sign has a line break in its value", name);
    const char *b = value, *e = value + strlen(value);
    while (b < e && (*b == ' ' || *b == '\t'))
        b++;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    h->name = lower_dup(name, strlen(name));
    h->value = lower_dup(b, (size_t)(e - b));
    if (!h->name || !h->value)
        return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory while signing a request");
    return RW_OK;
}

static int canon_cmp(const void *a, const void *b)
{
    return strcmp(((const canon_header *)a)->name, ((const canon_header *)b)->name);
}

rw_status rw_tc3_canonical_request(const rw_tc3_request *r, char **out, char **signed_headers,
                                   rw_error *err)
{
    canon_header hs[RW_TC3_MAX_HEADERS];
    size_t n = 0;
    rw_strbuf cr = {0}, sh = {0};
    rw_status st = RW_OK;
    char payload_hash[RW_TC3_HEX_SIZE];

    *out = NULL;
    if (signed_headers) *signed_headers = NULL;
    memset(hs, 0, sizeof hs);
    if (!r->method || !*r->method || !r->host || !*r->host || !r->service || !*r->service) {
        st = rw_error_set(err, RW_EINVAL, NULL, 0, "request to sign lacks method, host or service");
        goto out;
    }
    if (r->n_headers + 1 > RW_TC3_MAX_HEADERS || (r->n_headers && !r->headers)) {
        st =
            rw_error_set(err, RW_EINVAL, NULL, 0, "%zu headers to sign (at most %d, host included)",
                         r->n_headers + 1, RW_TC3_MAX_HEADERS);
        goto out;
    }
    st = canon_one("host", r->host, &hs[n++], err);
    for (size_t i = 0; st == RW_OK && i < r->n_headers; i++)
        st = canon_one(r->headers[i].name, r->headers[i].value, &hs[n++], err);
    if (st != RW_OK) goto out;
    qsort(hs, n, sizeof hs[0], canon_cmp);
    for (size_t i = 1; i < n; i++)
        if (!strcmp(hs[i - 1].name, hs[i].name)) {
            st = rw_error_set(err, RW_EINVAL, NULL, 0, "header '%s' given twice to sign",
                              hs[i].name);
            goto out;
        }
    if (rw_tc3_sha256_hex(r->payload, r->payload_len, payload_hash) != RW_OK) {
        st = rw_error_set(err, RW_ENOMEM, NULL, 0, "SHA-256 of the payload failed");
        goto out;
    }

    rw_strbuf_puts(&cr, r->method);
    rw_strbuf_puts(&cr, "\n");
    rw_strbuf_puts(&cr, r->path && *r->path ? r->path : "/");
    rw_strbuf_puts(&cr, "\n");
    rw_strbuf_puts(&cr, r->query ? r->query : "");
    rw_strbuf_puts(&cr, "\n");
    for (size_t i = 0; i < n; i++) {
        rw_strbuf_puts(&cr, hs[i].name);
        rw_strbuf_puts(&cr, ":");
        rw_strbuf_puts(&cr, hs[i].value);
        rw_strbuf_puts(&cr, "\n");
        if (i) rw_strbuf_puts(&sh, ";");
        rw_strbuf_puts(&sh, hs[i].name);
    }
    rw_strbuf_puts(&cr, "\n");
    rw_strbuf_add(&cr, sh.p ? sh.p : "", sh.len);
    rw_strbuf_puts(&cr, "\n");
    rw_strbuf_puts(&cr, payload_hash);

    st = rw_strbuf_finish(&cr, out, "signing a request", err);
    if (st != RW_OK) {
        free(sh.p);
        goto out;
    }
    if (signed_headers) {
        st = rw_strbuf_finish(&sh, signed_headers, "signing a request", err);
        if (st != RW_OK) {
            free(*out);
            *out = NULL;
        }
    } else {
        free(sh.p);
    }
out:
    for (size_t i = 0; i < RW_TC3_MAX_HEADERS; i++) {
        free(hs[i].name);
        free(hs[i].value);
    }
    return st;
}

rw_status rw_tc3_string_to_sign(int64_t timestamp, const char *service,
                                const char *canonical_request, char **out, rw_error *err)
{
    char date[RW_TC3_DATE_SIZE], hash[RW_TC3_HEX_SIZE], ts[24];
    rw_strbuf b = {0};
    *out = NULL;
    if (!service || !*service || !canonical_request)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "string to sign needs a service");
    if (rw_tc3_sha256_hex(canonical_request, strlen(canonical_request), hash) != RW_OK)
        return rw_error_set(err, RW_ENOMEM, NULL, 0, "SHA-256 of the canonical request failed");
    rw_tc3_date(timestamp, date);
    snprintf(ts, sizeof ts, "%lld", (long long)timestamp);
    rw_strbuf_puts(&b, RW_TC3_ALGORITHM "\n");
    rw_strbuf_puts(&b, ts);
    rw_strbuf_puts(&b, "\n");
    rw_strbuf_puts(&b, date);
    rw_strbuf_puts(&b, "/");
    rw_strbuf_puts(&b, service);
    rw_strbuf_puts(&b, "/" TC3_TERMINATOR "\n");
    rw_strbuf_puts(&b, hash);
    return rw_strbuf_finish(&b, out, "signing a request", err);
}

/* out = HMAC-SHA256(key, msg); 0 when libcrypto fails. */
static int hmac256(const unsigned char *key, size_t key_len, const void *msg, size_t msg_len,
                   unsigned char out[TC3_MAC_SIZE])
{
    unsigned int len = 0;
    if (key_len > (size_t)0x7fffffff) return 0;
    if (!HMAC(EVP_sha256(), key, (int)key_len, msg, msg_len, out, &len)) return 0;
    return len == TC3_MAC_SIZE;
}

rw_status rw_tc3_signature(const char *secret_key, const char *date, const char *service,
                           const char *string_to_sign, char out[RW_TC3_HEX_SIZE], rw_error *err)
{
    rw_status st = RW_OK;
    unsigned char k_date[TC3_MAC_SIZE], k_service[TC3_MAC_SIZE], k_signing[TC3_MAC_SIZE];
    unsigned char mac[TC3_MAC_SIZE];
    unsigned char *key = NULL;
    size_t sk_len = secret_key ? strlen(secret_key) : 0, key_len = sizeof TC3_KEY_PREFIX - 1;

    out[0] = '\0';
    if (!sk_len || !date || !service || !string_to_sign)
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "signature needs a SecretKey, date and service");
    key = malloc(key_len + sk_len);
    if (!key) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory while signing a request");
    memcpy(key, TC3_KEY_PREFIX, key_len);
    memcpy(key + key_len, secret_key, sk_len);
    key_len += sk_len;
    if (!hmac256(key, key_len, date, strlen(date), k_date) ||
        !hmac256(k_date, sizeof k_date, service, strlen(service), k_service) ||
        !hmac256(k_service, sizeof k_service, TC3_TERMINATOR, sizeof TC3_TERMINATOR - 1,
                 k_signing) ||
        !hmac256(k_signing, sizeof k_signing, string_to_sign, strlen(string_to_sign), mac)) {
        st = rw_error_set(err, RW_ENOMEM, NULL, 0, "HMAC-SHA256 failed while signing a request");
        goto out;
    }
    rw_tc3_hex(mac, sizeof mac, out);
out:
    OPENSSL_cleanse(key, key_len);
    free(key);
    OPENSSL_cleanse(k_date, sizeof k_date);
    OPENSSL_cleanse(k_service, sizeof k_service);
    OPENSSL_cleanse(k_signing, sizeof k_signing);
    OPENSSL_cleanse(mac, sizeof mac);
    return st;
}

/* A SecretId goes verbatim into "Credential=ID/...": no separators in it. */
static int secret_id_ok(const char *id)
{
    if (!id || !*id) return 0;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        if (*p <= ' ' || *p == 0x7f || *p == ',' || *p == '/' || *p == ';') return 0;
    return 1;
}

rw_status rw_tc3_authorization(const rw_tc3_request *r, const char *secret_id,
                               const char *secret_key, char **out, rw_error *err)
{
    char *canonical = NULL, *signed_headers = NULL, *sts = NULL;
    char date[RW_TC3_DATE_SIZE], signature[RW_TC3_HEX_SIZE];
    rw_strbuf b = {0};
    rw_status st;

    *out = NULL;
    if (!secret_id_ok(secret_id))
        return rw_error_set(
            err, RW_EINVAL, NULL, 0,
            "the SecretId is empty or has blanks, control characters, ',' ';' or '/'");
    if (!secret_key || !*secret_key)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "the SecretKey is empty");
    st = rw_tc3_canonical_request(r, &canonical, &signed_headers, err);
    if (st != RW_OK) goto out;
    st = rw_tc3_string_to_sign(r->timestamp, r->service, canonical, &sts, err);
    if (st != RW_OK) goto out;
    rw_tc3_date(r->timestamp, date);
    st = rw_tc3_signature(secret_key, date, r->service, sts, signature, err);
    if (st != RW_OK) goto out;
    rw_strbuf_puts(&b, RW_TC3_ALGORITHM " Credential=");
    rw_strbuf_puts(&b, secret_id);
    rw_strbuf_puts(&b, "/");
    rw_strbuf_puts(&b, date);
    rw_strbuf_puts(&b, "/");
    rw_strbuf_puts(&b, r->service);
    rw_strbuf_puts(&b, "/" TC3_TERMINATOR ", SignedHeaders=");
    rw_strbuf_puts(&b, signed_headers);
    rw_strbuf_puts(&b, ", Signature=");
    rw_strbuf_puts(&b, signature);
    st = rw_strbuf_finish(&b, out, "signing a request", err);
out:
    free(canonical);
    free(signed_headers);
    free(sts);
    return st;
}
