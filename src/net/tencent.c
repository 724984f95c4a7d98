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
 *   (an API message could echo one).
 * - DescribeBillDetail pages are walked in order and each is handed to the
 *   caller before the next is asked for. */
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
#include "util/timeutil.h"

#define RW_TC_SERVICE "billing" /* the credential scope's service */
#define RW_TC_CONTENT_TYPE "application/json; charset=utf-8"
#define RW_TC_THROTTLE_RETRIES 5     /* default retries of RequestLimitExceeded */
#define RW_TC_THROTTLE_BACKOFF_S 1.0 /* default first wait, doubling */
#define RW_TC_MAX_WAIT_S 30.0        /* cap of one throttle wait when http says 0 */
#define RW_TC_THROTTLE_CODE "RequestLimitExceeded"
#define RW_TC_HOST_SIZE 300 /* "host:port" */
#define RW_TC_SAFE_SIZE 400 /* scheme://host:port/path for errors */

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
}

/* Overwrites every occurrence of the client's secrets in text with '*'. */
static void scrub(char *text, const rw_tc_creds *c)
{
    const char *secrets[3] = {c->secret_id, c->secret_key, c->token};
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(secrets[i]);
        if (!n) continue;
        for (char *p = strstr(text, secrets[i]); p; p = strstr(p + n, secrets[i]))
            memset(p, '*', n);
    }
}

/* rw_error_set with the text scrubbed of the client's secrets. */
static rw_status tc_error(rw_error *err, const rw_tc_client *c, rw_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static rw_status tc_error(rw_error *err, const rw_tc_client *c, rw_status st, const char *fmt, ...)
{
    char text[RW_ERROR_TEXT];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    scrub(text, &c->creds);
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

static void copy_text(char *dst, size_t size, json_t *v)
{
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    snprintf(dst, size, "%s", s);
    for (char *p = dst; *p; p++)
        if ((unsigned char)*p < ' ') *p = ' ';
}

static void read_answer(const char *body, size_t len, api_answer *a)
{
    json_error_t jerr;
    memset(a, 0, sizeof *a);
    json_t *root = json_loadb(body, len, 0, &jerr);
    json_t *resp = json_is_object(root) ? json_object_get(root, "Response") : NULL;
    if (json_is_object(resp)) {
        a->json = 1;
        copy_text(a->request_id, sizeof a->request_id, json_object_get(resp, "RequestId"));
        json_t *e = json_object_get(resp, "Error");
        if (e && !json_is_null(e)) {
            a->has_error = 1;
            copy_text(a->code, sizeof a->code,
                      json_is_object(e) ? json_object_get(e, "Code") : NULL);
            copy_text(a->message, sizeof a->message,
                      json_is_object(e) ? json_object_get(e, "Message") : NULL);
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
        st = rw_http_post(c->endpoint, (const char *const *)h.line, payload, strlen(payload),
                          &c->http, &resp, &herr);
        headers_cleanup(&h);
        if (st != RW_OK && st != RW_EREJECTED) {
            tc_error(err, c, st, "%s: %s", action, herr.text);
            break;
        }
        read_answer(resp.body, resp.len, &a);
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

/* Response.Total and the length of the list `key` of a page (DetailSet,
 * TransactionList); *has_total 0 when Total is absent or unreadable. */
static rw_status page_counts(const char *body, const char *key, size_t *count, size_t *total,
                             int *has_total)
{
    json_error_t jerr;
    json_t *root = json_loads(body, 0, &jerr);
    json_t *resp = json_is_object(root) ? json_object_get(root, "Response") : NULL;
    rw_status st = RW_OK;
    *count = 0;
    *total = 0;
    *has_total = 0;
    if (!json_is_object(resp)) {
        st = RW_EFORMAT;
        goto out;
    }
    json_t *set = json_object_get(resp, key);
    if (json_is_array(set))
        *count = json_array_size(set);
    else if (set && !json_is_null(set))
        st = RW_EFORMAT;
    json_t *t = json_object_get(resp, "Total");
    if (json_is_integer(t) && json_integer_value(t) >= 0) {
        *total = (size_t)json_integer_value(t);
        *has_total = 1;
    } else if (json_is_string(t)) {
        const char *s = json_string_value(t);
        char *end;
        errno = 0;
        unsigned long long v = strtoull(s, &end, 10);
        if (*s >= '0' && *s <= '9' && !*end && !errno) {
            *total = (size_t)v;
            *has_total = 1;
        }
    }
out:
    json_decref(root);
    return st;
}

/* A paged list request: DescribeBillDetail (a month, or begin..end in one
 * month) or DescribeBillList (start..end). */
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

/* Fetches the pages of r from `offset` on, each handed to fn, until the
 * list's Total is reached or a page is empty. */
static rw_status pages(rw_tc_client *c, const page_req *r, size_t offset, rw_tc_page_fn fn,
                       void *ctx, rw_error *err)
{
    char payload[256];
    rw_status st = RW_OK;
    for (;;) {
        char *body = NULL;
        size_t count, total;
        int has_total;
        int n = page_payload(r, offset, payload, sizeof payload);
        if (n < 0 || (size_t)n >= sizeof payload)
            return rw_error_set(err, RW_EINVAL, NULL, 0, "%s payload too long", r->action);
        st = rw_tc_call(c, r->action, payload, &body, err);
        if (st != RW_OK) break;
        if (page_counts(body, r->list, &count, &total, &has_total) != RW_OK) {
            free(body);
            st = rw_error_set(err, RW_EFORMAT, NULL, 0, "%s at offset %zu: %s is not a list",
                              r->action, offset, r->list);
            break;
        }
        /* Without Total (NeedRecordNum ignored) a short page is the last one. */
        if (!has_total)
            total = count < (size_t)r->limit ? offset + count : offset + count + 1;
        st = fn(ctx, body, offset, count, has_total ? total : offset + count, err);
        free(body);
        if (st != RW_OK) break;
        offset += count;
        if (count == 0 || offset >= total) break;
    }
    return st;
}

rw_status rw_tc_bill_detail(rw_tc_client *c, const char *month, const char *begin, const char *end,
                            size_t offset, rw_tc_page_fn fn, void *ctx, rw_error *err)
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
    page_req req = {"DescribeBillDetail", "DetailSet", RW_TC_PAGE_LIMIT, month, begin, end};
    return pages(c, &req, offset, fn, ctx, err);
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
