/* tencent.c: the Tencent Cloud Billing API client (see tencent.h).
 *
 * One call = one signed POST of a JSON payload to the endpoint, with the
 * headers Content-Type, Host, X-TC-Action, X-TC-Version, X-TC-Timestamp,
 * X-TC-Region (when set), X-TC-Token (when the credentials have one) and
 * Authorization (TC3-HMAC-SHA256 over content-type, host and x-tc-action;
 * tc3.h). Transport failures are retried by rw_http_post; the API's own
 * throttling (HTTP 200 with Response.Error.Code "RequestLimitExceeded*")
 * is retried here, re-signed with a fresh timestamp each time.
 *
 * Invariants:
 * - The client holds the only copy of the credentials it was given and
 *   wipes it in rw_tc_client_close; the Authorization and token header
 *   strings are wiped as soon as the request is sent.
 * - Errors name the action, the endpoint's scheme://host/path, the HTTP
 *   status and the API's error code, message and RequestId; any text that
 *   would be shown is scrubbed of the SecretId, SecretKey and token first
 *   (an API message could echo one), whole, and only then cut to fit (a
 *   secret straddling the cut would otherwise leak its first part).
 * - DescribeBillDetail (and DescribeBillDetailForOrganization) pages are
 *   walked in order and each is handed to the
 *   caller before the next is asked for, once it has passed the paging
 *   bounds (walk_check): a walk always ends, after at most
 *   ceil(RW_TC_MAX_ITEMS / Limit) + RW_TC_PAGE_SLACK pages. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <curl/curl.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include "net/tc3.h"
#include "net/tencent.h"
#include "util/safe_text.h"
#include "util/timeutil.h"

#define RW_TC_SERVICE "billing" /* the credential scope's service */
#define RW_TC_CONTENT_TYPE "application/json; charset=utf-8"
#define RW_TC_THROTTLE_RETRIES 5     /* default retries of RequestLimitExceeded */
#define RW_TC_THROTTLE_BACKOFF_S 1.0 /* default first wait, doubling */
#define RW_TC_MAX_WAIT_S 30.0        /* cap of one throttle wait when http says 0 */
#define RW_TC_THROTTLE_CODE "RequestLimitExceeded"
#define RW_TC_HOST_SIZE 300 /* "host:port" */
#define RW_TC_SAFE_SIZE 400 /* scheme://host:port/path for errors */
/* A server's text is scrubbed whole of exact secrets, then only its first
 * RW_TC_SCRUB_MAX bytes are scanned for fragments (that scan costs
 * text x secret length) and kept. */
#define RW_TC_SCRUB_MAX 4096
#define RW_TC_TOTAL_SHOWN 40 /* bytes of a bad Total quoted in an error */

struct rw_tc_client {
    rw_tc_creds creds;          /* owned copy; wiped on close */
    char *endpoint;             /* owned: the URL posted to */
    char *region;               /* owned: X-TC-Region, NULL for none */
    char *path;                 /* owned: CanonicalURI (the endpoint's path, "/") */
    char host[RW_TC_HOST_SIZE]; /* Host header as sent and signed */
    char safe[RW_TC_SAFE_SIZE]; /* endpoint without query, for errors */
    rw_http_opts http;          /* transport options */
    int throttle_retries;       /* retries of RequestLimitExceeded */
    double throttle_backoff_s;  /* first throttle wait */
    int64_t (*now)(void);       /* clock for X-TC-Timestamp */
    double walk_budget_s;       /* wall-clock budget of one paged walk */
    rw_tc_post_fn post;         /* transport, NULL: rw_http_post */
    void *post_ctx;             /* its context */
};

void rw_tc_opts_default(rw_tc_opts *o)
{
    memset(o, 0, sizeof *o);
    o->endpoint = NULL;
    o->region = NULL;
    rw_http_opts_default(&o->http);
    o->throttle_retries = RW_TC_THROTTLE_RETRIES;
    o->throttle_backoff_s = RW_TC_THROTTLE_BACKOFF_S;
    o->now = NULL;
    o->walk_budget_s = RW_TC_WALK_BUDGET_S;
    o->post = NULL;
    o->post_ctx = NULL;
}

/* Overwrites with '*' every occurrence of the client's secrets in the
 * whole of text, then every run of RW_TC_SECRET_FRAGMENT or more
 * characters of a secret in its first RW_TC_SCRUB_MAX bytes (a server may
 * echo a secret cut short). Runs are marked on the unmodified text first,
 * so overlapping fragments are all covered. */
static void scrub(char *text, const rw_tc_creds *c)
{
    const char *secrets[3] = {c->secret_id, c->secret_key, c->token};
    size_t tn = strlen(text), scan = tn < RW_TC_SCRUB_MAX ? tn : RW_TC_SCRUB_MAX;
    unsigned char mark[RW_TC_SCRUB_MAX];
    memset(mark, 0, sizeof mark);
    for (int i = 0; i < 3; i++) {
        const char *sec = secrets[i];
        size_t n = strlen(sec);
        if (!n) continue;
        for (char *p = strstr(text, sec); p; p = strstr(p + n, sec))
            memset(p, '*', n);
        if (n < RW_TC_SECRET_FRAGMENT) continue;
        for (size_t t = 0; t + RW_TC_SECRET_FRAGMENT <= scan; t++)
            for (size_t j = 0; j + RW_TC_SECRET_FRAGMENT <= n; j++)
                if (text[t] == sec[j] && !memcmp(text + t, sec + j, RW_TC_SECRET_FRAGMENT)) {
                    memset(mark + t, 1, RW_TC_SECRET_FRAGMENT);
                    break;
                }
    }
    for (size_t t = 0; t < scan; t++)
        if (mark[t]) text[t] = '*';
}

/* src scrubbed of the client's secrets, its unsafe characters (safe_text.h)
 * turned into spaces, then cut to fit dst on a character boundary. */
static void scrub_copy(char *dst, size_t size, const char *src, const rw_tc_creds *c)
{
    size_t n = strlen(src), o = 0;
    char *buf = malloc(n + 1);
    if (!buf) {
        snprintf(dst, size, "(text dropped: out of memory)");
        return;
    }
    memcpy(buf, src, n + 1);
    scrub(buf, c);
    if (n > RW_TC_SCRUB_MAX) n = RW_TC_SCRUB_MAX; /* only the scanned part is kept */
    for (size_t i = 0; i < n && o + 1 < size;) {
        size_t bad = rw_text_unsafe_at(buf + i, n - i, NULL);
        size_t len = 1;
        if (bad) {
            dst[o++] = ' ';
            i += bad;
            continue;
        }
        unsigned char b = (unsigned char)buf[i];
        len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        if (o + len >= size) break; /* never half a character */
        memcpy(dst + o, buf + i, len);
        o += len;
        i += len;
    }
    dst[o] = '\0';
    OPENSSL_cleanse(buf, strlen(buf));
    free(buf);
}

/* rw_error_set with the text scrubbed of the client's secrets: formatted
 * whole, scrubbed, then cut to fit. */
static rw_status tc_error(rw_error *err, const rw_tc_client *c, rw_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static rw_status tc_error(rw_error *err, const rw_tc_client *c, rw_status st, const char *fmt, ...)
{
    char text[RW_ERROR_TEXT];
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *full = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (full) {
        vsnprintf(full, (size_t)n + 1, fmt, ap2);
        scrub_copy(text, sizeof text, full, &c->creds);
        OPENSSL_cleanse(full, (size_t)n);
        free(full);
    } else {
        snprintf(text, sizeof text, "(error text dropped: out of memory)");
    }
    va_end(ap2);
    return rw_error_set(err, st, NULL, 0, "%s", text);
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

/* Host header, canonical path and error name of the endpoint, from
 * libcurl's parse of it (the same parse rw_http_post makes). */
static rw_status endpoint_parts(rw_tc_client *c, rw_error *err)
{
    rw_status st = RW_OK;
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL;
    if (!u) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    if (curl_url_set(u, CURLUPART_URL, c->endpoint, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        st = rw_error_set(err, RW_EINVAL, NULL, 0, "the Billing API endpoint is not a URL");
        goto out;
    }
    if (curl_url_get(u, CURLUPART_PORT, &port, 0) != CURLUE_OK) port = NULL;
    if (curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK) path = NULL;
    int default_port = port && ((!strcmp(scheme, "https") && !strcmp(port, "443")) ||
                                (!strcmp(scheme, "http") && !strcmp(port, "80")));
    int n = snprintf(c->host, sizeof c->host, "%s%s%s", host, port && !default_port ? ":" : "",
                     port && !default_port ? port : "");
    if (n < 0 || (size_t)n >= sizeof c->host) {
        st = rw_error_set(err, RW_EINVAL, NULL, 0, "the Billing API endpoint's host is too long");
        goto out;
    }
    snprintf(c->safe, sizeof c->safe, "%s://%s%s", scheme, c->host, path ? path : "/");
    c->path = dup_str(path && *path ? path : "/");
    if (!c->path) st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
out:
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_free(path);
    curl_url_cleanup(u);
    return st;
}

void rw_tc_client_close(rw_tc_client *c)
{
    if (!c) return;
    rw_tc_creds_wipe(&c->creds);
    free(c->endpoint);
    free(c->region);
    free(c->path);
    free(c);
}

rw_status rw_tc_client_open(const rw_tc_creds *cr, const rw_tc_opts *o, rw_tc_client **out,
                            rw_error *err)
{
    rw_tc_opts def;
    rw_tc_client *c = NULL;
    rw_status st = RW_OK;

    *out = NULL;
    if (!o) {
        rw_tc_opts_default(&def);
        o = &def;
    }
    if (!cr || !cr->secret_id[0] || !cr->secret_key[0])
        return rw_error_set(err, RW_EINVAL, NULL, 0, "Tencent Cloud credentials are empty");
    const char *endpoint = o->endpoint ? o->endpoint : RW_TC_ENDPOINT;
    if (!rw_http_url_allowed(endpoint))
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "the Billing API endpoint must be https:// (or http:// to a loopback "
                            "host)");
    if (o->region)
        for (const char *p = o->region; *p; p++)
            if (*p <= ' ' || *p == 0x7f)
                return rw_error_set(err, RW_EINVAL, NULL, 0,
                                    "the region has blanks or control "
                                    "characters");
    c = calloc(1, sizeof *c);
    if (!c) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    c->creds = *cr;
    c->creds.secret_id[sizeof c->creds.secret_id - 1] = '\0';
    c->creds.secret_key[sizeof c->creds.secret_key - 1] = '\0';
    c->creds.token[sizeof c->creds.token - 1] = '\0';
    c->endpoint = dup_str(endpoint);
    c->region = o->region && *o->region ? dup_str(o->region) : NULL;
    if (!c->endpoint || (o->region && *o->region && !c->region)) {
        st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
        goto out;
    }
    st = endpoint_parts(c, err);
    if (st != RW_OK) goto out;
    c->http = o->http;
    c->throttle_retries = o->throttle_retries > 0 ? o->throttle_retries : 0;
    c->throttle_backoff_s =
        o->throttle_backoff_s > 0 ? o->throttle_backoff_s : RW_TC_THROTTLE_BACKOFF_S;
    c->now = o->now;
    c->walk_budget_s = o->walk_budget_s > 0 ? o->walk_budget_s : RW_TC_WALK_BUDGET_S;
    c->post = o->post;
    c->post_ctx = o->post_ctx;
    *out = c;
    c = NULL;
out:
    rw_tc_client_close(c);
    return st;
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

/* Header lines of one request; the secret-bearing ones are wiped by
 * headers_cleanup. */
enum { H_CT, H_HOST, H_ACTION, H_VERSION, H_TS, H_AUTH, H_REGION, H_TOKEN, H_COUNT };
typedef struct req_headers {
    char *line[H_COUNT + 1]; /* "Name: value", NULL-terminated (absent ones skipped) */
} req_headers;

static void headers_cleanup(req_headers *h)
{
    for (int i = 0; i < H_COUNT; i++) {
        if (h->line[i]) OPENSSL_cleanse(h->line[i], strlen(h->line[i]));
        free(h->line[i]);
        h->line[i] = NULL;
    }
}

static char *header_line(const char *name, const char *value)
{
    size_t n = strlen(name) + 2 + strlen(value) + 1;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s: %s", name, value);
    return p;
}

/* Signs and builds the headers for action/payload at time ts. */
static rw_status build_headers(rw_tc_client *c, const char *action, const char *payload, int64_t ts,
                               req_headers *h, rw_error *err)
{
    rw_tc3_header signed_hs[2] = {{"Content-Type", RW_TC_CONTENT_TYPE}, {"X-TC-Action", action}};
    rw_tc3_request r = {"POST", c->host, c->path,         "", signed_hs,
                        2,      payload, strlen(payload), ts, RW_TC_SERVICE};
    char *auth = NULL, tsbuf[24];
    rw_status st;
    int n = 0;

    memset(h, 0, sizeof *h);
    st = rw_tc3_authorization(&r, c->creds.secret_id, c->creds.secret_key, &auth, err);
    if (st != RW_OK) return st;
    snprintf(tsbuf, sizeof tsbuf, "%lld", (long long)ts);
    h->line[n++] = header_line("Content-Type", RW_TC_CONTENT_TYPE);
    h->line[n++] = header_line("Host", c->host);
    h->line[n++] = header_line("X-TC-Action", action);
    h->line[n++] = header_line("X-TC-Version", RW_TC_VERSION);
    h->line[n++] = header_line("X-TC-Timestamp", tsbuf);
    h->line[n++] = header_line("Authorization", auth);
    if (c->region) h->line[n++] = header_line("X-TC-Region", c->region);
    if (c->creds.token[0]) h->line[n++] = header_line("X-TC-Token", c->creds.token);
    OPENSSL_cleanse(auth, strlen(auth));
    free(auth);
    for (int i = 0; i < n; i++)
        if (!h->line[i]) {
            headers_cleanup(h);
            return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
        }
    return RW_OK;
}

/* What a response body says. */
typedef struct api_answer {
    int json;            /* the body is a JSON object with a "Response" object */
    int has_error;       /* Response.Error is set */
    char code[128];      /* Response.Error.Code */
    char message[256];   /* Response.Error.Message */
    char request_id[80]; /* Response.RequestId */
} api_answer;

/* A string member of the answer, scrubbed of the client's secrets before
 * it is cut to fit (scrub_copy). */
static void copy_text(char *dst, size_t size, json_t *v, const rw_tc_creds *c)
{
    scrub_copy(dst, size, json_is_string(v) ? json_string_value(v) : "", c);
}

static void read_answer(const char *body, size_t len, api_answer *a, const rw_tc_creds *c)
{
    json_error_t jerr;
    memset(a, 0, sizeof *a);
    json_t *root = body ? json_loadb(body, len, 0, &jerr) : NULL;
    json_t *resp = json_is_object(root) ? json_object_get(root, "Response") : NULL;
    if (json_is_object(resp)) {
        a->json = 1;
        copy_text(a->request_id, sizeof a->request_id, json_object_get(resp, "RequestId"), c);
        json_t *e = json_object_get(resp, "Error");
        if (e && !json_is_null(e)) {
            a->has_error = 1;
            copy_text(a->code, sizeof a->code,
                      json_is_object(e) ? json_object_get(e, "Code") : NULL, c);
            copy_text(a->message, sizeof a->message,
                      json_is_object(e) ? json_object_get(e, "Message") : NULL, c);
            if (!a->code[0]) snprintf(a->code, sizeof a->code, "UnknownError");
        }
    }
    json_decref(root);
}

static int action_ok(const char *action)
{
    if (!action || !*action) return 0;
    for (const char *p = action; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
            return 0;
    return 1;
}

rw_status rw_tc_call(rw_tc_client *c, const char *action, const char *payload, char **response,
                     rw_error *err)
{
    rw_status st = RW_OK;
    rw_http_response resp = {0};
    double wait = c->throttle_backoff_s;
    double cap = c->http.max_backoff_s > 0 ? c->http.max_backoff_s : RW_TC_MAX_WAIT_S;

    *response = NULL;
    if (!action_ok(action))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "API action must be letters and digits");
    if (!payload) payload = "{}";
    for (int attempt = 0;; attempt++) {
        req_headers h;
        rw_error herr;
        api_answer a;
        rw_error_clear(&herr);
        int64_t ts = c->now ? c->now() : (int64_t)time(NULL);
        st = build_headers(c, action, payload, ts, &h, err);
        if (st != RW_OK) break;
        st = c->post ? c->post(c->post_ctx, c->endpoint, (const char *const *)h.line, payload,
                               strlen(payload), &c->http, &resp, &herr)
                     : rw_http_post(c->endpoint, (const char *const *)h.line, payload,
                                    strlen(payload), &c->http, &resp, &herr);
        headers_cleanup(&h);
        if (st != RW_OK && st != RW_EREJECTED) {
            tc_error(err, c, st, "%s: %s", action, herr.text);
            break;
        }
        read_answer(resp.body, resp.len, &a, &c->creds);
        if (a.has_error) {
            if (!strncmp(a.code, RW_TC_THROTTLE_CODE, sizeof RW_TC_THROTTLE_CODE - 1) &&
                attempt < c->throttle_retries) {
                rw_http_response_cleanup(&resp);
                sleep_s(wait < cap ? wait : cap);
                wait = wait * 2 < cap ? wait * 2 : cap;
                continue;
            }
            st = tc_error(err, c, RW_EREJECTED, "%s: %s (RequestId %s)", a.code, a.message,
                          a.request_id[0] ? a.request_id : "none");
            break;
        }
        if (st != RW_OK) { /* a final HTTP status without an API error in it */
            tc_error(err, c, st, "%s: %s", action, herr.text);
            break;
        }
        if (!a.json) {
            st = tc_error(err, c, RW_EFORMAT,
                          "%s: %s answered HTTP %ld with a body that is not JSON with a "
                          "\"Response\" object",
                          action, c->safe, resp.status);
            break;
        }
        *response = resp.body;
        resp.body = NULL;
        break;
    }
    rw_http_response_cleanup(&resp);
    return st;
}

/* "YYYY-MM" with a month 01..12. */
static int month_ok(const char *m)
{
    if (!m || strlen(m) != 7 || m[4] != '-') return 0;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (m[i] < '0' || m[i] > '9')) return 0;
    int mon = (m[5] - '0') * 10 + (m[6] - '0');
    return mon >= 1 && mon <= 12;
}

/* "YYYY-MM-DD HH:MM:SS" naming a real time. */
static int datetime_ok(const char *s)
{
    static const char shape[] = "dddd-dd-dd dd:dd:dd";
    int64_t t;
    if (!s || strlen(s) != sizeof shape - 1) return 0;
    for (size_t i = 0; i < sizeof shape - 1; i++)
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i]) return 0;
    return rw_time_parse(s, strlen(s), 0, &t) == RW_OK;
}

/* What a page says about the walk. */
typedef struct page_info {
    size_t count;                   /* items in the list */
    enum { TOTAL_NONE, TOTAL_OK, TOTAL_BAD } total_kind; /* Total absent/null, a count, other */
    size_t total;                   /* Total when TOTAL_OK */
    char total_text[RW_TC_TOTAL_SHOWN + 4]; /* Total as JSON, cut, when TOTAL_BAD */
    char hash[RW_TC3_HEX_SIZE];     /* SHA-256 of the list, compact with sorted keys */
} page_info;

/* Response.Total, the length of the list `key` (DetailSet,
 * TransactionList) and a hash of it. RW_EFORMAT when the body has no
 * Response object or the list is not a list; RW_ENOMEM. A Total is a count
 * when it is an integer (or a string of digits) from 0 to RW_TC_MAX_ITEMS. */
static rw_status page_counts(const char *body, const char *key, page_info *pi)
{
    json_error_t jerr;
    json_t *root = json_loads(body, 0, &jerr);
    json_t *resp = json_is_object(root) ? json_object_get(root, "Response") : NULL;
    rw_status st = RW_OK;
    memset(pi, 0, sizeof *pi);
    if (!json_is_object(resp)) {
        st = RW_EFORMAT;
        goto out;
    }
    json_t *set = json_object_get(resp, key);
    if (json_is_array(set))
        pi->count = json_array_size(set);
    else if (set && !json_is_null(set)) {
        st = RW_EFORMAT;
        goto out;
    }
    char *dump = json_dumps(set ? set : json_null(),
                            JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    st = dump ? rw_tc3_sha256_hex(dump, strlen(dump), pi->hash) : RW_ENOMEM;
    free(dump);
    if (st != RW_OK) goto out;
    json_t *t = json_object_get(resp, "Total");
    pi->total_kind = !t || json_is_null(t) ? TOTAL_NONE : TOTAL_BAD;
    if (json_is_integer(t) && json_integer_value(t) >= 0 &&
        json_integer_value(t) <= RW_TC_MAX_ITEMS) {
        pi->total = (size_t)json_integer_value(t);
        pi->total_kind = TOTAL_OK;
    } else if (json_is_string(t)) {
        const char *s = json_string_value(t);
        char *end;
        errno = 0;
        unsigned long long v = strtoull(s, &end, 10);
        if (*s >= '0' && *s <= '9' && !*end && !errno && v <= RW_TC_MAX_ITEMS) {
            pi->total = (size_t)v;
            pi->total_kind = TOTAL_OK;
        }
    }
    if (pi->total_kind == TOTAL_BAD) { /* quoted as JSON: ASCII, escaped, cut */
        char *q = json_dumps(t, JSON_ENCODE_ANY | JSON_ENSURE_ASCII | JSON_COMPACT);
        snprintf(pi->total_text, sizeof pi->total_text, "%.*s%s", RW_TC_TOTAL_SHOWN,
                 q ? q : "?", q && strlen(q) > RW_TC_TOTAL_SHOWN ? "..." : "");
        free(q);
    }
out:
    json_decref(root);
    return st;
}

/* A paged list request: DescribeBillDetail or DescribeBillDetailForOrganization
 * (a month, or begin..end in one month) or DescribeBillList (start..end). */
typedef struct page_req {
    const char *action;   /* the API action */
    const char *list;     /* the response's list of items */
    int limit;            /* items a page */
    const char *month;    /* DescribeBillDetail's Month, or NULL */
    const char *begin, *end; /* the time range otherwise */
} page_req;

/* The request body of the page at `offset` into payload. */
static int page_payload(const page_req *r, size_t offset, char *payload, size_t size)
{
    if (r->month)
        return snprintf(payload, size,
                        "{\"Offset\":%zu,\"Limit\":%d,\"NeedRecordNum\":1,\"Month\":\"%s\"}",
                        offset, r->limit, r->month);
    if (!strcmp(r->action, "DescribeBillList"))
        return snprintf(payload, size,
                        "{\"StartTime\":\"%s\",\"EndTime\":\"%s\",\"Offset\":%zu,\"Limit\":%d}",
                        r->begin, r->end, offset, r->limit);
    return snprintf(payload, size,
                    "{\"Offset\":%zu,\"Limit\":%d,\"NeedRecordNum\":1,\"BeginTime\":\"%s\","
                    "\"EndTime\":\"%s\"}",
                    offset, r->limit, r->begin, r->end);
}

/* Where a walk stands, for the paging bounds. */
typedef struct walk {
    size_t start;            /* offset of the first page asked for */
    size_t first_total;      /* Total of the first page that had one */
    int has_first_total;     /* first_total is set */
    size_t pages;            /* pages received */
    struct seen {
        char hash[RW_TC3_HEX_SIZE]; /* page_info.hash */
        size_t offset;              /* where that page was */
    } *seen;                 /* owned: the non-empty pages so far */
    size_t nseen, capseen;
    struct timespec t0;      /* when the walk started (CLOCK_MONOTONIC) */
} walk;

static double walk_elapsed(const walk *w)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - w->t0.tv_sec) + (double)(now.tv_nsec - w->t0.tv_nsec) / 1e9;
}

/* The paging bounds for the page at `offset` described by pi: RW_OK to
 * hand it on, else RW_EDISCREPANCY (or RW_ENOMEM) with what the server did.
 * Checked: Total is a count; the page holds at most Limit items and does
 * not run past Total; Total never grows by more than RW_TC_PAGE_SLACK
 * pages while paging; no empty page before Total; no page repeats an
 * earlier one (compared by the hash of its items, as the RequestId
 * changes on every call); the items and pages stay within
 * RW_TC_MAX_ITEMS and ceil((Total - start) / Limit) + RW_TC_PAGE_SLACK. */
static rw_status walk_check(walk *w, const page_req *r, size_t offset, const page_info *pi,
                            rw_error *err)
{
    size_t limit = (size_t)r->limit;
    const char *a = r->action;
    if (pi->total_kind == TOTAL_BAD)
        return rw_error_set(err, RW_EDISCREPANCY, NULL, 0,
                            "the server's Total is %s at offset %zu (not a count of items from"
                            " 0 to %d): stopping",
                            pi->total_text, offset, RW_TC_MAX_ITEMS);
    if (pi->count > limit)
        return rw_error_set(err, RW_EDISCREPANCY, NULL, 0,
                            "the page at offset %zu has %zu items, more than the Limit of %zu"
                            " asked for: stopping",
                            offset, pi->count, limit);
    int has_total = pi->total_kind == TOTAL_OK;
    if (has_total && offset + pi->count > pi->total)
        return rw_error_set(err, RW_EDISCREPANCY, NULL, 0,
                            "the page at offset %zu ends at item %zu, past the server's Total"
                            " of %zu: stopping",
                            offset, offset + pi->count, pi->total);
    if (has_total && !w->has_first_total) {
        w->first_total = pi->total;
        w->has_first_total = 1;
    }
    if (has_total && pi->total > w->first_total + RW_TC_PAGE_SLACK * limit)
        return rw_error_set(err, RW_EDISCREPANCY, NULL, 0,
                            "the server's Total grew from %zu to %zu while paging (at most %zu"
                            " more is a live month): stopping",
                            w->first_total, pi->total, (size_t)RW_TC_PAGE_SLACK * limit);
    if (pi->count == 0 && has_total && offset < pi->total)
        return rw_error_set(err, RW_EDISCREPANCY, NULL, 0,
                            "the page at offset %zu is empty but the server's Total is %zu"
                            " (no progress): stopping",
                            offset, pi->total);
    if (offset + pi->count > RW_TC_MAX_ITEMS)
        return rw_error_set(err, RW_EDISCREPANCY, NULL, 0,
                            "%s has more than %d items for one month: stopping", a,
                            RW_TC_MAX_ITEMS);
    size_t ceiling = w->has_first_total ? w->first_total + RW_TC_PAGE_SLACK * limit
                                        : (size_t)RW_TC_MAX_ITEMS;
    size_t most = (ceiling > w->start ? (ceiling - w->start + limit - 1) / limit : 0) +
                  RW_TC_PAGE_SLACK;
    if (++w->pages > most)
        return rw_error_set(err, RW_EDISCREPANCY, NULL, 0,
                            "page %zu (offset %zu) is more than the %zu pages the server's Total"
                            " allows: stopping",
                            w->pages, offset, most);
    if (pi->count == 0) return RW_OK;
    for (size_t i = 0; i < w->nseen; i++)
        if (!strcmp(w->seen[i].hash, pi->hash))
            return rw_error_set(err, RW_EDISCREPANCY, NULL, 0,
                                "the page at offset %zu repeats the page at offset %zu:"
                                " stopping",
                                offset, w->seen[i].offset);
    if (w->nseen == w->capseen) {
        size_t cap = w->capseen ? w->capseen * 2 : 16;
        struct seen *p = realloc(w->seen, cap * sizeof *p);
        if (!p) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
        w->seen = p;
        w->capseen = cap;
    }
    memcpy(w->seen[w->nseen].hash, pi->hash, sizeof pi->hash);
    w->seen[w->nseen++].offset = offset;
    return RW_OK;
}

/* Fetches the pages of r from `offset` on, each checked by walk_check and
 * handed to fn, until the list's Total is reached (without Total: a short
 * page), within the client's time budget. */
static rw_status pages(rw_tc_client *c, const page_req *r, size_t offset, rw_tc_page_fn fn,
                       void *ctx, rw_error *err)
{
    char payload[256];
    rw_status st = RW_OK;
    walk w;
    memset(&w, 0, sizeof w);
    w.start = offset;
    clock_gettime(CLOCK_MONOTONIC, &w.t0);
    for (;;) {
        char *body = NULL;
        page_info pi;
        double spent = walk_elapsed(&w);
        if (w.pages > 0 && spent > c->walk_budget_s) {
            st = rw_error_set(err, RW_EDISCREPANCY, NULL, 0,
                              "still paging after %.0f s, at offset %zu (the budget is %.0f s"
                              " a month): stopping",
                              spent, offset, c->walk_budget_s);
            break;
        }
        int n = page_payload(r, offset, payload, sizeof payload);
        if (n < 0 || (size_t)n >= sizeof payload) {
            st = rw_error_set(err, RW_EINVAL, NULL, 0, "%s payload too long", r->action);
            break;
        }
        st = rw_tc_call(c, r->action, payload, &body, err);
        if (st != RW_OK) break;
        st = page_counts(body, r->list, &pi);
        if (st != RW_OK) {
            free(body);
            st = st == RW_ENOMEM ? rw_error_set(err, st, NULL, 0, "out of memory")
                                 : rw_error_set(err, RW_EFORMAT, NULL, 0,
                                                "%s at offset %zu: %s is not a list", r->action,
                                                offset, r->list);
            break;
        }
        st = walk_check(&w, r, offset, &pi, err);
        if (st != RW_OK) {
            free(body);
            break;
        }
        /* Without Total (NeedRecordNum ignored) a short page is the last one. */
        int has_total = pi.total_kind == TOTAL_OK;
        size_t total = has_total ? pi.total
                       : pi.count < (size_t)r->limit ? offset + pi.count
                                                     : offset + pi.count + 1;
        st = fn(ctx, body, offset, pi.count, has_total ? total : offset + pi.count, err);
        free(body);
        if (st != RW_OK) break;
        offset += pi.count;
        if (pi.count == 0 || offset >= total) break;
    }
    free(w.seen);
    return st;
}

/* A walk of `action` (DescribeBillDetail or its organisation twin, whose
 * requests and responses have the same paging fields) over a month or a
 * begin..end range, checked as rw_tc_bill_detail says. */
static rw_status detail_walk(rw_tc_client *c, const char *action, const char *month,
                             const char *begin, const char *end, size_t offset, rw_tc_page_fn fn,
                             void *ctx, rw_error *err)
{
    if (!fn) return rw_error_set(err, RW_EINVAL, NULL, 0, "no page handler");
    if (month && (begin || end))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "give a month or a begin/end range, not both");
    if (month && !month_ok(month))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "month '%s' is not YYYY-MM", month);
    if (!month) {
        if (!datetime_ok(begin) || !datetime_ok(end))
            return rw_error_set(err, RW_EINVAL, NULL, 0,
                                "begin and end must be \"YYYY-MM-DD HH:MM:SS\" (Beijing time)");
        if (strncmp(begin, end, 7) != 0 || strcmp(begin, end) > 0)
            return rw_error_set(err, RW_EINVAL, NULL, 0,
                                "begin and end must be in the same month, begin first");
    }
    page_req req = {action, "DetailSet", RW_TC_PAGE_LIMIT, month, begin, end};
    return pages(c, &req, offset, fn, ctx, err);
}

rw_status rw_tc_bill_detail(rw_tc_client *c, const char *month, const char *begin, const char *end,
                            size_t offset, rw_tc_page_fn fn, void *ctx, rw_error *err)
{
    return detail_walk(c, "DescribeBillDetail", month, begin, end, offset, fn, ctx, err);
}

rw_status rw_tc_bill_detail_org(rw_tc_client *c, const char *month, size_t offset, rw_tc_page_fn fn,
                                void *ctx, rw_error *err)
{
    if (!month)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "DescribeBillDetailForOrganization: no month");
    return detail_walk(c, RW_TC_ORG_ACTION, month, NULL, NULL, offset, fn, ctx, err);
}

rw_status rw_tc_bill_list(rw_tc_client *c, const char *start, const char *end, size_t offset,
                          rw_tc_page_fn fn, void *ctx, rw_error *err)
{
    if (!fn) return rw_error_set(err, RW_EINVAL, NULL, 0, "no page handler");
    if (!datetime_ok(start) || !datetime_ok(end) || strcmp(start, end) > 0)
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "start and end must be \"YYYY-MM-DD HH:MM:SS\" (Beijing time),"
                            " start first");
    page_req req = {"DescribeBillList", "TransactionList", RW_TC_LEDGER_LIMIT, NULL, start, end};
    return pages(c, &req, offset, fn, ctx, err);
}

/* ---- what the fetcher keeps of a response ---------------------------------------- */

rw_status rw_tc_normalise(const char *response, const char *fetched_at, char **out,
                          rw_error *err)
{
    json_error_t je;
    json_t *o = json_loads(response, 0, &je);
    json_t *r = o ? json_object_get(o, "Response") : NULL;
    *out = NULL;
    if (!json_is_object(r)) {
        json_decref(o);
        return rw_error_set(err, RW_EFORMAT, NULL, 0, "the API answered something that is not a"
                                                      " Response object");
    }
    json_object_del(r, "RequestId");
    if (fetched_at) json_object_set_new(o, "FetchedAt", json_string(fetched_at));
    *out = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return *out ? RW_OK : rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
}

/* A string or integer JSON value as text into out ("" when neither). */
static void id_text(json_t *v, char *out, size_t size)
{
    if (json_is_string(v)) snprintf(out, size, "%s", json_string_value(v));
    else if (json_is_integer(v)) snprintf(out, size, "%lld", (long long)json_integer_value(v));
}

void rw_tc_balance_uin(const char *response, char *out, size_t size)
{
    json_t *o = json_loads(response, 0, NULL);
    id_text(json_object_get(json_object_get(o, "Response"), "Uin"), out, size);
    json_decref(o);
}

void rw_tc_first_payer(const char *page, char *out, size_t size)
{
    json_t *o = json_loads(page, 0, NULL);
    json_t *set = json_object_get(json_object_get(o, "Response"), "DetailSet");
    id_text(json_object_get(json_array_get(set, 0), "PayerUin"), out, size);
    json_decref(o);
}

rw_status rw_tc_split_by_owner(const char *page, rw_tc_owner_fn fn, void *ctx, rw_error *err)
{
    json_error_t je;
    json_t *o = json_loads(page, 0, &je), *groups = json_object(), *order = json_array();
    json_t *set = json_object_get(json_object_get(o, "Response"), "DetailSet"), *item;
    rw_status st = RW_OK;
    size_t i;
    if (!groups || !order) {
        st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
        goto out;
    }
    if (!json_is_object(json_object_get(o, "Response")) || (set && !json_is_array(set))) {
        st = rw_error_set(err, RW_EFORMAT, NULL, 0, "a saved page has no DetailSet list");
        goto out;
    }
    json_array_foreach(set, i, item)
    {
        char owner[128] = "";
        id_text(json_object_get(item, "OwnerUin"), owner, sizeof owner);
        json_t *g = json_object_get(groups, owner);
        if (!g) {
            g = json_array();
            if (!g || json_object_set_new(groups, owner, g) ||
                json_array_append_new(order, json_string(owner))) {
                st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
                goto out;
            }
        }
        if (json_array_append(g, item)) {
            st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
            goto out;
        }
    }
    json_t *name;
    json_array_foreach(order, i, name)
    {
        const char *owner = json_string_value(name);
        json_t *g = json_object_get(groups, owner);
        json_t *one = json_pack("{s:{s:O}}", "Response", "DetailSet", g);
        char *text = one ? json_dumps(one, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(one);
        st = text ? fn(ctx, owner, text, json_array_size(g), err)
                  : rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
        free(text);
        if (st != RW_OK) break;
    }
out:
    json_decref(groups);
    json_decref(order);
    json_decref(o);
    return st;
}
