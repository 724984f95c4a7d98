/* http.c: POST over libcurl with runway's transport policy (see http.h).
 *
 * Invariants:
 * - Every URL is parsed with libcurl's own URL parser (CURLU) before use, so
 *   the host checked by the loopback policy is the host libcurl connects to.
 * - TLS peer and host verification are set on every handle; only the
 *   protocol of the URL is enabled; redirects are never followed; a proxy
 *   is never used for plain http:// (it would carry the request in the clear).
 * - Error texts are built from the URL's scheme, host, port and path, the
 *   HTTP status and curl_easy_strerror() only: never the query, the
 *   headers, the request body or the response body.
 * - One easy handle per call; no state outlives a call besides libcurl's
 *   process-wide initialisation (rw_http_global_init). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <curl/curl.h>
#include <openssl/crypto.h>
#include "net/http.h"

#define RW_HTTP_TIMEOUT_S 30         /* whole request, when opts say 0 */
#define RW_HTTP_CONNECT_TIMEOUT_S 10 /* connection phase, when opts say 0 */
#define RW_HTTP_RETRIES 3            /* default retries after the first attempt */
#define RW_HTTP_BACKOFF_S 1.0        /* first wait, when opts say 0 */
#define RW_HTTP_MAX_BACKOFF_S 30.0   /* cap of one wait, when opts say 0 */
#define RW_HTTP_MAX_BODY (64u << 20) /* largest response body kept in memory */
#define RW_HTTP_SAFE_URL 512         /* room for scheme://host:port/path in errors */

void rw_http_opts_default(rw_http_opts *o)
{
    o->timeout_s = RW_HTTP_TIMEOUT_S;
    o->connect_timeout_s = RW_HTTP_CONNECT_TIMEOUT_S;
    o->max_retries = RW_HTTP_RETRIES;
    o->backoff_s = RW_HTTP_BACKOFF_S;
    o->max_backoff_s = RW_HTTP_MAX_BACKOFF_S;
    o->user_agent = NULL;
}

rw_status rw_http_global_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? RW_OK : RW_ENET;
}

void rw_http_global_cleanup(void)
{
    curl_global_cleanup();
}

void rw_http_response_cleanup(rw_http_response *r)
{
    if (!r) return;
    free(r->body);
    r->body = NULL;
    r->len = 0;
    r->status = 0;
    r->attempts = 0;
}

/* What the policy needs to know of a URL. */
typedef struct url_info {
    int https;                   /* 1: https, 0: http */
    int loopback;                /* host is 127.0.0.0/8, ::1 or localhost */
    char safe[RW_HTTP_SAFE_URL]; /* scheme://host[:port]/path, for errors */
} url_info;

static int is_loopback_ipv4(const char *h)
{
    /* Dotted quad whose first number is 127. */
    int parts = 0;
    long first = -1;
    const char *p = h;
    while (*p) {
        if (*p < '0' || *p > '9') return 0;
        long v = 0;
        int digits = 0;
        while (*p >= '0' && *p <= '9') {
            v = v * 10 + (*p - '0');
            if (++digits > 3 || v > 255) return 0;
            p++;
        }
        if (parts == 0) first = v;
        parts++;
        if (*p == '.') {
            p++;
            if (!*p) return 0;
        } else if (*p) {
            return 0;
        }
    }
    return parts == 4 && first == 127;
}

static int is_loopback_host(const char *h)
{
    return !strcasecmp(h, "localhost") || !strcmp(h, "[::1]") || is_loopback_ipv4(h);
}

/* Parses url with libcurl's parser; 0 when it is not an http(s) URL with a
 * host and without user info (or has blanks / control characters). */
static int url_parse(const char *url, url_info *ui)
{
    int ok = 0;
    CURLU *u = NULL;
    char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL, *user = NULL, *pass = NULL;

    memset(ui, 0, sizeof *ui);
    if (!url) return 0;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= ' ' || *p == 0x7f) return 0;
    u = curl_url();
    if (!u) return 0;
    if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) goto out;
    if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) goto out;
    if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !*host) goto out;
    /* Credentials in the URL are never ours to send. */
    if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK) goto out;
    if (curl_url_get(u, CURLUPART_PASSWORD, &pass, 0) == CURLUE_OK) goto out;
    if (curl_url_get(u, CURLUPART_PORT, &port, 0) != CURLUE_OK) port = NULL;
    if (curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK) path = NULL;
    if (!strcasecmp(scheme, "https"))
        ui->https = 1;
    else if (strcasecmp(scheme, "http"))
        goto out;
    ui->loopback = is_loopback_host(host);
    int n = snprintf(ui->safe, sizeof ui->safe, "%s://%s%s%s%s", ui->https ? "https" : "http", host,
                     port ? ":" : "", port ? port : "", path ? path : "/");
    if (n < 0 || (size_t)n >= sizeof ui->safe) memcpy(ui->safe + sizeof ui->safe - 4, "...", 4); /* cut, marked */
    ok = 1;
out:
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_free(path);
    curl_free(user);
    curl_free(pass);
    curl_url_cleanup(u);
    return ok;
}

int rw_http_url_allowed(const char *url)
{
    url_info ui;
    return url_parse(url, &ui) && (ui.https || ui.loopback);
}

/* The response body as it arrives. */
typedef struct body_buf {
    char *p;     /* owned, NUL-terminated once anything arrived */
    size_t len;  /* bytes received */
    size_t cap;  /* bytes allocated */
    int too_big; /* the body passed RW_HTTP_MAX_BODY: the transfer was stopped */
    int no_mem;  /* an allocation failed: the transfer was stopped */
} body_buf;

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
    body_buf *b = userp;
    size_t n = size * nmemb;
    if (n > RW_HTTP_MAX_BODY - b->len) {
        b->too_big = 1;
        return 0; /* makes libcurl stop with CURLE_WRITE_ERROR */
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->no_mem = 1;
            return 0;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = '\0';
    return n;
}

/* What kind of failure a libcurl code is, and whether another try may help. */
static const char *curl_failure_kind(CURLcode rc, int *transient)
{
    *transient = 0;
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        *transient = 1;
        return "resolve";
    case CURLE_COULDNT_CONNECT:
        *transient = 1;
        return "connect";
    case CURLE_OPERATION_TIMEDOUT:
        *transient = 1;
        return "timeout";
    case CURLE_SSL_CONNECT_ERROR:
        *transient = 1;
        return "TLS";
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_USE_SSL_FAILED:
        return "TLS";
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        *transient = 1;
        return "transfer";
    default:
        return "transfer";
    }
}

static void sleep_s(double s)
{
    if (!(s > 0)) return;
    struct timespec ts, rem;
    ts.tv_sec = (time_t)s;
    ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
    if (ts.tv_nsec >= 1000000000L) ts.tv_nsec = 999999999L;
    while (nanosleep(&ts, &rem) != 0 && errno == EINTR)
        ts = rem;
}

/* Sets the options that hold for every attempt. Returns 0 when libcurl refused one. */
static int set_options(CURL *h, const char *url, const url_info *ui, struct curl_slist *hl,
                       const char *body, size_t len, const rw_http_opts *o, body_buf *bb, char *ua)
{
    long timeout = o->timeout_s > 0 ? o->timeout_s : RW_HTTP_TIMEOUT_S;
    long ctimeout = o->connect_timeout_s > 0 ? o->connect_timeout_s : RW_HTTP_CONNECT_TIMEOUT_S;
    int ok = 1;
    ok &= curl_easy_setopt(h, CURLOPT_URL, url) == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, ui->https ? "https" : "http") == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L) == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L) == CURLE_OK;
    if (!ui->https) ok &= curl_easy_setopt(h, CURLOPT_PROXY, "") == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout) == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, ctimeout) == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_POST, 1L) == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len) == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_POSTFIELDS, body ? body : "") == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl) == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_USERAGENT, ua) == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body) == CURLE_OK;
    ok &= curl_easy_setopt(h, CURLOPT_WRITEDATA, bb) == CURLE_OK;
    return ok;
}

rw_status rw_http_post(const char *url, const char *const *headers, const char *body, size_t len,
                       const rw_http_opts *o, rw_http_response *out, rw_error *err)
{
    rw_http_opts def;
    url_info ui;
    CURL *h = NULL;
    struct curl_slist *hl = NULL;
    body_buf bb = {0};
    rw_status st = RW_OK;
    char ua[64];
    int max_retries = o && o->max_retries > 0 ? o->max_retries : 0;
    double cap, wait;

    memset(out, 0, sizeof *out);
    if (!o) {
        rw_http_opts_default(&def);
        o = &def;
        max_retries = def.max_retries;
    }
    cap = o->max_backoff_s > 0 ? o->max_backoff_s : RW_HTTP_MAX_BACKOFF_S;
    wait = o->backoff_s > 0 ? o->backoff_s : RW_HTTP_BACKOFF_S;
    if (wait > cap) wait = cap;
    if (!url_parse(url, &ui) || !(ui.https || ui.loopback))
        return rw_error_set(
            err, RW_EINVAL, NULL, 0,
            "refusing URL: only https://, or http:// to a loopback host, is allowed");
    if (o->user_agent)
        snprintf(ua, sizeof ua, "%s", o->user_agent);
    else
        snprintf(ua, sizeof ua, "runway/%s", RUNWAY_VERSION);

    h = curl_easy_init();
    if (!h) {
        st = rw_error_set(err, RW_ENOMEM, NULL, 0, "%s: cannot start a transfer", ui.safe);
        goto out;
    }
    for (size_t i = 0; headers && headers[i]; i++) {
        for (const char *p = headers[i]; *p; p++)
            if (*p == '\r' || *p == '\n') {
                st = rw_error_set(err, RW_EINVAL, NULL, 0, "%s: a request header has a line break",
                                  ui.safe);
                goto out;
            }
        struct curl_slist *n = curl_slist_append(hl, headers[i]);
        if (!n) goto nomem;
        hl = n;
    }
    /* No "Expect: 100-continue" round trip: bodies here are small. */
    struct curl_slist *last_hl = curl_slist_append(hl, "Expect:");
    if (!last_hl) goto nomem;
    hl = last_hl;
    if (!set_options(h, url, &ui, hl, body, len, o, &bb, ua)) {
        st = rw_error_set(err, RW_ENET, NULL, 0, "%s: libcurl refused an option", ui.safe);
        goto out;
    }

    for (int attempt = 1;; attempt++) {
        bb.len = 0;
        if (bb.p) bb.p[0] = '\0';
        bb.too_big = bb.no_mem = 0;
        out->attempts = attempt;
        out->status = 0;
        CURLcode rc = curl_easy_perform(h);
        double this_wait = wait;
        int last = attempt > max_retries;
        if (rc == CURLE_OK) {
            long status = 0;
            curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
            out->status = status;
            if (status >= 200 && status < 300) break;
            int transient = status == 429 || status >= 500;
            if (!transient || last) {
                if (attempt > 1)
                    st = rw_error_set(err, RW_EREJECTED, NULL, 0,
                                      "%s: HTTP %ld (after %d attempts)", ui.safe, status, attempt);
                else
                    st = rw_error_set(err, RW_EREJECTED, NULL, 0, "%s: HTTP %ld", ui.safe, status);
                break;
            }
            curl_off_t retry_after = 0;
            if (curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK &&
                retry_after > 0)
                this_wait = (double)retry_after;
        } else {
            int transient;
            const char *kind = curl_failure_kind(rc, &transient);
            if (bb.no_mem) goto nomem;
            if (bb.too_big) {
                st = rw_error_set(err, RW_ENET, NULL, 0, "%s: response larger than %u bytes",
                                  ui.safe, RW_HTTP_MAX_BODY);
                break;
            }
            if (!transient || last) {
                if (attempt > 1)
                    st =
                        rw_error_set(err, RW_ENET, NULL, 0, "%s: %s failed: %s (after %d attempts)",
                                     ui.safe, kind, curl_easy_strerror(rc), attempt);
                else
                    st = rw_error_set(err, RW_ENET, NULL, 0, "%s: %s failed: %s", ui.safe, kind,
                                      curl_easy_strerror(rc));
                break;
            }
        }
        sleep_s(this_wait < cap ? this_wait : cap);
        wait = wait * 2 < cap ? wait * 2 : cap;
    }
    if (!bb.p) {
        bb.p = calloc(1, 1);
        if (!bb.p) goto nomem;
    }
    out->body = bb.p;
    out->len = bb.len;
    bb.p = NULL;
    goto out;
nomem:
    st = rw_error_set(err, RW_ENOMEM, NULL, 0, "%s: out of memory", ui.safe);
out:
    free(bb.p);
    /* The headers may hold an Authorization or token: wipe the copies. */
    for (struct curl_slist *p = hl; p; p = p->next)
        OPENSSL_cleanse(p->data, strlen(p->data));
    curl_slist_free_all(hl);
    if (h) curl_easy_cleanup(h);
    return st;
}
