/* tencent.h: a client of the Tencent Cloud Billing API (billing.tencentcloudapi.com,
 * version 2018-07-09): requests signed with TC3-HMAC-SHA256 (tc3.h) over
 * rw_http_post, with the API's own throttling (Error.Code
 * RequestLimitExceeded*) retried with backoff, and its errors (AuthFailure*,
 * InvalidParameter*, ...) reported with code and message. Secrets never
 * appear in errors. */
#ifndef RW_TENCENT_H
#define RW_TENCENT_H

#include <stddef.h>
#include <stdint.h>
#include "net/http.h"

#define RW_TC_ENDPOINT "https://billing.tencentcloudapi.com"
#define RW_TC_VERSION "2018-07-09"
#define RW_TC_PAGE_LIMIT 100  /* DescribeBillDetail's largest Limit */
/* DescribeBillList's page size: the SDK model states no largest Limit;
 * 100 is what DescribeBillDetail allows. */
#define RW_TC_LEDGER_LIMIT 100

typedef struct rw_tc_creds {
    char secret_id[128];
    char secret_key[128];
    char token[2048];        /* temporary credentials' token, "" when none */
} rw_tc_creds;

/* Credentials from TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY (and
 * TENCENTCLOUD_SESSION_TOKEN), else from the JSON file `path`
 * ({"secret_id": ..., "secret_key": ..., "token": ...}; NULL: skip), which
 * is refused (RW_EINVAL) when readable or writable by group or others.
 * RW_ENOTFOUND when neither has them; err says where to put them. */
rw_status rw_tc_creds_load(const char *path, rw_tc_creds *out, rw_error *err);
/* Overwrites the secrets in memory. */
void rw_tc_creds_wipe(rw_tc_creds *c);

typedef struct rw_tc_client rw_tc_client;

typedef struct rw_tc_opts {
    const char *endpoint;    /* NULL: RW_TC_ENDPOINT; http:// only to loopback */
    const char *region;      /* X-TC-Region, NULL: none (billing is global) */
    rw_http_opts http;       /* timeouts and transport retries */
    int throttle_retries;    /* retries of RequestLimitExceeded; default 5 */
    double throttle_backoff_s; /* first wait, doubling; default 1 */
    int64_t (*now)(void);    /* clock for X-TC-Timestamp; NULL: time() (tests pin it) */
} rw_tc_opts;

/* Defaults for everything in *o. */
void rw_tc_opts_default(rw_tc_opts *o);

/* *out is owned by the caller (rw_tc_client_close); the credentials are
 * copied. */
rw_status rw_tc_client_open(const rw_tc_creds *c, const rw_tc_opts *o, rw_tc_client **out,
                            rw_error *err);
void rw_tc_client_close(rw_tc_client *c);

/* Calls `action` with the JSON `payload`; *response (owned by the caller,
 * free()) is the whole response body, a JSON object with "Response".
 * RW_EREJECTED when Response.Error is set (err: "CODE: message (RequestId
 * ...)"), RW_EFORMAT when the body is not such JSON, RW_ENET / RW_EREJECTED
 * from the transport. */
rw_status rw_tc_call(rw_tc_client *c, const char *action, const char *payload, char **response,
                     rw_error *err);

/* One page of DescribeBillDetail or DescribeBillList: the raw response and
 * where it stands. */
typedef rw_status (*rw_tc_page_fn)(void *ctx, const char *response, size_t offset, size_t count,
                                   size_t total, rw_error *err);

/* All of DescribeBillDetail for the month "YYYY-MM" (begin/end NULL), or
 * for [begin, end] given as "YYYY-MM-DD HH:MM:SS" (Beijing time, as the
 * API wants; same month), from `offset` on, RW_TC_PAGE_LIMIT items a page,
 * with NeedRecordNum so the total is known: fn is called for every page in
 * order; a page that fails after the retries stops the walk with its
 * status (fn has seen every page before it, so a caller can resume from
 * the offset it reached). */
rw_status rw_tc_bill_detail(rw_tc_client *c, const char *month, const char *begin,
                            const char *end, size_t offset, rw_tc_page_fn fn, void *ctx,
                            rw_error *err);

/* All of DescribeBillList (the ledger, 收支明细) with OperationTime in
 * [start, end] ("YYYY-MM-DD HH:MM:SS", Beijing time, both inclusive as the
 * API has them), from `offset` on, RW_TC_LEDGER_LIMIT transactions a page:
 * fn is called for every page in order (count: its TransactionList's
 * length, total: Response.Total); a failing page stops the walk as in
 * rw_tc_bill_detail. */
rw_status rw_tc_bill_list(rw_tc_client *c, const char *start, const char *end, size_t offset,
                          rw_tc_page_fn fn, void *ctx, rw_error *err);

/* The response as the fetcher keeps it: without its RequestId (which
 * changes on every call), so a page fetched again unchanged is byte for
 * byte the same, keys sorted, compact; with "FetchedAt" when fetched_at is
 * given. *out is the caller's (free()). RW_EFORMAT when it is not an
 * object with a "Response" object. */
rw_status rw_tc_normalise(const char *response, const char *fetched_at, char **out,
                          rw_error *err);
/* Response.Uin of a DescribeAccountBalance response (string or number),
 * into out ("" untouched when absent). */
void rw_tc_balance_uin(const char *response, char *out, size_t size);
/* PayerUin of the first item of a DescribeBillDetail page: the account the
 * bill belongs to ("" untouched when absent). */
void rw_tc_first_payer(const char *page, char *out, size_t size);

#endif
