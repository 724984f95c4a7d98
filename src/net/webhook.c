/* webhook.c: webhook targets, DingTalk signing and delivery (webhook.h);
 * the messages themselves are built in src/alert/message.c.
 *
 * Invariant: no string that leaves this module (errors, targets, ids)
 * contains a webhook URL's path, query, fragment or signing secret; the
 * URL itself is only handed to rw_http_post. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "net/webhook.h"
#include "util/strbuf.h"
#include "util/strutil.h"
#include "util/timeutil.h"

#define SECRET_FRAGMENT "#secret="
#define ID_DIGITS 12       /* hex digits of the URL digest in rw_webhook.id */
#define ERRMSG_MAX 160     /* bytes of a provider's errmsg quoted in errors */
#define NEEDLE_MIN 8       /* shorter path segments / query values are not redacted alone */
#define MAX_NEEDLES 64

static const char *const kind_names[] = {"wecom", "dingtalk", "slack", "json"};

const char *rw_webhook_kind_name(rw_webhook_kind k)
{
    return (size_t)k < sizeof kind_names / sizeof kind_names[0] ? kind_names[k] : "?";
}

/* ---- URLs ------------------------------------------------------------------ */

/* Start of the authority (after "scheme://"), and its end. */
static const char *authority(const char *url, const char **end)
{
    const char *a = strstr(url, "://");
    a = a ? a + 3 : url;
    *end = a + strcspn(a, "/?#");
    return a;
}

void rw_webhook_host(const char *url, char *out, size_t size)
{
    const char *end, *a = authority(url, &end);
    for (const char *p = a; p < end; p++)
        if (*p == '@') a = p + 1; /* user info may hold a password */
    size_t n = (size_t)(end - a);
    if (n == 0 || size == 0) {
        if (size) snprintf(out, size, "?");
        return;
    }
    if (n >= size) n = size - 1;
    memcpy(out, a, n);
    out[n] = '\0';
}

/* 12 hex digits of SHA-256(url "\0" secret). */
static int url_digest(const char *url, const char *secret, char out[ID_DIGITS + 1])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    int ok = c && EVP_DigestInit_ex(c, EVP_sha256(), NULL) &&
             EVP_DigestUpdate(c, url, strlen(url) + 1) &&
             (!secret || EVP_DigestUpdate(c, secret, strlen(secret))) &&
             EVP_DigestFinal_ex(c, md, &mdlen) && mdlen * 2 >= ID_DIGITS;
    EVP_MD_CTX_free(c);
    if (!ok) return 0;
    for (int i = 0; i < ID_DIGITS / 2; i++) snprintf(out + 2 * i, 3, "%02x", md[i]);
    return 1;
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static void wipe(char *s)
{
    if (!s) return;
    volatile char *v = s;
    while (*v) *v++ = '\0';
}

void rw_webhook_cleanup(rw_webhook *w)
{
    if (!w) return;
    wipe(w->url);
    wipe(w->secret);
    free(w->url);
    free(w->secret);
    memset(w, 0, sizeof *w);
}

rw_status rw_webhook_parse(const char *spec, rw_webhook *out, rw_error *err)
{
    memset(out, 0, sizeof *out);
    const char *eq = strchr(spec, '=');
    size_t klen = eq ? (size_t)(eq - spec) : strlen(spec);
    char kind[16];
    if (klen == 0 || klen >= sizeof kind) {
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "--webhook: expected KIND=URL with KIND one of wecom, dingtalk,"
                            " slack, json");
    }
    memcpy(kind, spec, klen);
    kind[klen] = '\0';
    size_t k = 0;
    while (k < sizeof kind_names / sizeof kind_names[0] && !rw_str_ieq(kind, kind_names[k])) k++;
    if (k == sizeof kind_names / sizeof kind_names[0])
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "--webhook: unknown kind '%s' (wecom, dingtalk, slack or json)", kind);
    out->kind = (rw_webhook_kind)k;
    if (!eq || !eq[1])
        return rw_error_set(err, RW_EINVAL, NULL, 0, "--webhook %s: no URL after '='",
                            kind_names[k]);
    const char *url = eq + 1, *hash = strchr(url, '#');
    size_t ulen = hash ? (size_t)(hash - url) : strlen(url);
    rw_status st = RW_OK;
    if (hash && !strncmp(hash, SECRET_FRAGMENT, strlen(SECRET_FRAGMENT))) {
        const char *sec = hash + strlen(SECRET_FRAGMENT);
        if (out->kind != RW_WEBHOOK_DINGTALK) {
            st = rw_error_set(err, RW_EINVAL, NULL, 0,
                              "--webhook %s: '#secret=' (request signing) is only for dingtalk",
                              kind_names[k]);
            goto out;
        }
        if (!*sec) {
            st = rw_error_set(err, RW_EINVAL, NULL, 0, "--webhook dingtalk: empty #secret=");
            goto out;
        }
        if (!(out->secret = dup_n(sec, strlen(sec)))) goto oom;
    }
    if (!(out->url = dup_n(url, ulen))) goto oom;
    char host[128];
    rw_webhook_host(out->url, host, sizeof host);
    snprintf(out->target, sizeof out->target, "%s %s", kind_names[k], host);
    if (!rw_http_url_allowed(out->url)) {
        st = rw_error_set(err, RW_EINVAL, NULL, 0,
                          "--webhook %s: the URL (host %s) must be https://, or http:// to a"
                          " loopback host, without user:password@", kind_names[k], host);
        goto out;
    }
    char dig[ID_DIGITS + 1];
    if (!url_digest(out->url, out->secret, dig)) {
        st = rw_error_set(err, RW_ENOMEM, NULL, 0, "--webhook: SHA-256 failed");
        goto out;
    }
    snprintf(out->id, sizeof out->id, "%s #%s", out->target, dig);
    return RW_OK;
oom:
    st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
out:
    rw_webhook_cleanup(out);
    return st;
}

/* Appends s to b with every byte outside [A-Za-z0-9-._~] percent-encoded. */
static void url_encode(rw_strbuf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            rw_strbuf_add(b, s, 1);
        else
            rw_strbuf_printf(b, "%%%02X", c);
    }
}

rw_status rw_webhook_url(const rw_webhook *w, int64_t timestamp_ms, char **out, rw_error *err)
{
    rw_strbuf b = {0};
    rw_strbuf_puts(&b, w->url);
    if (w->kind == RW_WEBHOOK_DINGTALK && w->secret) {
        char ts[32], *tosign = NULL;
        snprintf(ts, sizeof ts, "%" PRId64, timestamp_ms);
        size_t n = strlen(ts) + 1 + strlen(w->secret);
        unsigned char mac[EVP_MAX_MD_SIZE];
        unsigned int maclen = 0;
        /* base64 of a 32-byte MAC: 44 characters and the NUL. */
        unsigned char sig[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
        if (!(tosign = malloc(n + 1))) {
            free(b.p);
            return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
        }
        snprintf(tosign, n + 1, "%s\n%s", ts, w->secret);
        int ok = HMAC(EVP_sha256(), w->secret, (int)strlen(w->secret), (unsigned char *)tosign,
                      n, mac, &maclen) != NULL;
        wipe(tosign);
        free(tosign);
        if (!ok) {
            free(b.p);
            return rw_error_set(err, RW_ENOMEM, NULL, 0, "HMAC-SHA256 failed");
        }
        EVP_EncodeBlock(sig, mac, (int)maclen);
        rw_strbuf_puts(&b, strchr(w->url, '?') ? "&timestamp=" : "?timestamp=");
        rw_strbuf_puts(&b, ts);
        rw_strbuf_puts(&b, "&sign=");
        url_encode(&b, (const char *)sig);
    }
    return rw_strbuf_finish(&b, out, "building a message", err);
}

/* ---- redaction ---------------------------------------------------------------- */

typedef struct needles {
    const char *s[MAX_NEEDLES];
    size_t len[MAX_NEEDLES];
    size_t n;
} needles;

static void needle_add(needles *nd, const char *s, size_t len, size_t min)
{
    if (len < min || nd->n == MAX_NEEDLES) return;
    nd->s[nd->n] = s;
    nd->len[nd->n++] = len;
}

/* The secret-bearing parts of url: everything after the host, the path,
 * the query, and the longer path segments and query values alone. */
static void needles_of_url(needles *nd, const char *url)
{
    if (!url) return;
    const char *end;
    authority(url, &end);
    needle_add(nd, end, strlen(end), 1);
    size_t plen = strcspn(end, "?#");
    needle_add(nd, end, plen, 2);
    const char *q = strchr(end, '?');
    if (q) needle_add(nd, q + 1, strcspn(q + 1, "#"), 1);
    for (const char *p = end; *p && *p != '#';) {
        p += strspn(p, "/?&=");
        size_t n = strcspn(p, "/?&=#");
        needle_add(nd, p, n, NEEDLE_MIN);
        p += n;
    }
}

static void redact_with(const needles *nd, const char *text, char *out, size_t size)
{
    size_t o = 0;
    if (size == 0) return;
    for (const char *p = text; *p && o + 1 < size;) {
        size_t best = 0;
        for (size_t i = 0; i < nd->n; i++)
            if (nd->len[i] > best && !strncmp(p, nd->s[i], nd->len[i])) best = nd->len[i];
        if (best) {
            for (const char *r = "***"; *r && o + 1 < size; r++) out[o++] = *r;
            p += best;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
}

void rw_webhook_redact(const rw_webhook *w, const char *text, char *out, size_t size)
{
    needles nd = {0};
    needles_of_url(&nd, w->url);
    if (w->secret) needle_add(&nd, w->secret, strlen(w->secret), 1);
    redact_with(&nd, text, out, size);
}

/* ---- delivery ------------------------------------------------------------------ */

rw_status rw_webhook_check_response(rw_webhook_kind kind, long status, const char *body,
                                    size_t len, rw_error *err)
{
    if (status < 200 || status > 299)
        return rw_error_set(err, RW_EREJECTED, NULL, 0, "HTTP %ld", status);
    if (kind != RW_WEBHOOK_WECOM && kind != RW_WEBHOOK_DINGTALK) return RW_OK;
    if (!body || !len) return RW_OK;
    json_t *o = json_loadb(body, len, 0, NULL);
    json_t *code = json_object_get(o, "errcode");
    rw_status st = RW_OK;
    if (json_is_integer(code) && json_integer_value(code) != 0) {
        const char *msg = json_string_value(json_object_get(o, "errmsg"));
        char quoted[ERRMSG_MAX + 1];
        rw_str_copy(quoted, sizeof quoted, msg ? msg : "");
        st = rw_error_set(err, RW_EREJECTED, NULL, 0, "errcode %" JSON_INTEGER_FORMAT ": %s",
                          json_integer_value(code), quoted);
    }
    json_decref(o);
    return st;
}

rw_status rw_webhook_send(const rw_webhook *w, const char *body, int64_t timestamp_ms,
                          const rw_http_opts *o, long *http_status, int *attempts,
                          rw_error *err)
{
    static const char *const headers[] = {"Content-Type: application/json; charset=utf-8", NULL};
    char *url = NULL;
    rw_http_response r = {0};
    rw_error low;
    rw_error_clear(&low);
    *http_status = 0;
    *attempts = 0;
    rw_status st = rw_webhook_url(w, timestamp_ms, &url, err);
    if (st != RW_OK) return st;
    st = rw_http_post(url, headers, body, strlen(body), o, &r, &low);
    *http_status = r.status;
    *attempts = r.attempts;
    needles nd = {0};
    needles_of_url(&nd, w->url);
    needles_of_url(&nd, url);
    if (w->secret) needle_add(&nd, w->secret, strlen(w->secret), 1);
    char why[RW_ERROR_TEXT];
    if (st == RW_OK || st == RW_EREJECTED) {
        rw_error chk;
        rw_error_clear(&chk);
        st = rw_webhook_check_response(w->kind, r.status, r.body, r.len, &chk);
        if (st != RW_OK) {
            redact_with(&nd, chk.text, why, sizeof why);
            rw_error_set(err, st, NULL, 0, "webhook %s: %s (%d attempt%s)", w->target, why,
                         r.attempts, r.attempts == 1 ? "" : "s");
        }
    } else {
        redact_with(&nd, low.text[0] ? low.text : rw_strerror(st), why, sizeof why);
        /* The lower layer names the URL ("https://host***: ..."): the
         * target already does. */
        const char *cause = why, *cut = strstr(why, "***: ");
        if (cut && (!strncmp(why, "http://", 7) || !strncmp(why, "https://", 8)) &&
            !memchr(why, ' ', (size_t)(cut - why)))
            cause = cut + 5;
        if (strstr(cause, "attempt"))
            rw_error_set(err, st, NULL, 0, "webhook %s: %s%s", w->target,
                         st == RW_ENET ? "network error: " : "", cause);
        else
            rw_error_set(err, st, NULL, 0, "webhook %s: %s%s (%d attempt%s)", w->target,
                         st == RW_ENET ? "network error: " : "", cause, r.attempts,
                         r.attempts == 1 ? "" : "s");
    }
    rw_http_response_cleanup(&r);
    wipe(url);
    free(url);
    return st;
}
