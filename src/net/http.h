/* http.h: HTTPS requests through libcurl, the way runway talks to cloud
 * APIs and webhooks.
 *
 * TLS peer and host verification are always on. Plain http:// is allowed
 * only to loopback hosts (127.0.0.0/8, ::1, localhost), so a test server
 * can stand in for an API while credentials never cross a network in the
 * clear. Timeouts are always set. Transient failures (connection errors,
 * HTTP 429 and 5xx) are retried with exponential backoff (Retry-After is
 * honoured up to the cap). Nothing here logs; errors carry the URL's
 * scheme, host and path only, never query strings or headers (which may
 * hold secrets). */
#ifndef RW_HTTP_H
#define RW_HTTP_H

#include <stddef.h>
#include "util/error.h"

typedef struct rw_http_opts {
    long timeout_s;          /* whole request; 0: 30 */
    long connect_timeout_s;  /* 0: 10 */
    int max_retries;         /* retries after the first attempt; < 0: 0; default 3 via
                              * rw_http_opts_default */
    double backoff_s;        /* first wait; doubles each retry; 0: 1 */
    double max_backoff_s;    /* cap of one wait; 0: 30 */
    const char *user_agent;  /* NULL: "runway/VERSION" */
} rw_http_opts;

/* The defaults above, filled into *o. */
void rw_http_opts_default(rw_http_opts *o);

typedef struct rw_http_response {
    long status;             /* HTTP status of the last attempt, 0 when none arrived */
    char *body;              /* owned: NUL-terminated body (may contain NULs before len) */
    size_t len;
    int attempts;            /* attempts made */
} rw_http_response;

/* POSTs body (len bytes) to url with the extra headers (NULL-terminated
 * list of "Name: value" strings, may be NULL). *out is filled whatever the
 * status (release with rw_http_response_cleanup). Returns RW_OK when a
 * response with status 2xx arrived; RW_EREJECTED for another final status
 * (4xx other than 429, or 5xx/429 after the retries), err naming it;
 * RW_ENET for a network failure after the retries (err says which:
 * resolve, connect, TLS, timeout); RW_EINVAL for a URL that is not https
 * (or http to loopback). */
rw_status rw_http_post(const char *url, const char *const *headers, const char *body, size_t len,
                       const rw_http_opts *o, rw_http_response *out, rw_error *err);
void rw_http_response_cleanup(rw_http_response *r);

/* Whether url may be used: https://, or http:// to a loopback host. */
int rw_http_url_allowed(const char *url);

/* Process-wide libcurl initialisation: call once at start-up
 * (rw_global_init), and its cleanup at the end. */
rw_status rw_http_global_init(void);
void rw_http_global_cleanup(void);

#endif
