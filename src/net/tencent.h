/* tencent.h: a client of the Tencent Cloud Billing API (billing.tencentcloudapi.com,
 * version 2018-07-09): requests signed with TC3-HMAC-SHA256 (tc3.h) over
 * rw_http_post, with the API's own throttling (Error.Code
 * RequestLimitExceeded*) retried with backoff, and its errors (AuthFailure*,
 * InvalidParameter*, ...) reported with code and message. Secrets never
 * appear in errors: every text from the server is scrubbed whole (each
 * occurrence of the SecretId, SecretKey and token, and every run of
 * RW_TC_SECRET_FRAGMENT or more characters of one of them) before it is
 * cut to fit, and cut on a UTF-8 character boundary.
 *
 * Paged walks are bounded (docs/fetch.md "Paging bounds"): a server whose
 * Total is not a count up to RW_TC_MAX_ITEMS, or whose pages repeat, make
 * no progress, overrun Total or outnumber ceil(Total / Limit) +
 * RW_TC_PAGE_SLACK, or a walk still going after the time budget, stops
 * the walk with RW_EDISCREPANCY and a message saying what the server did. */
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
/* The organisation's bill details, paged like DescribeBillDetail (the
 * admin's keys; docs/fetch.md "An organisation"). */
#define RW_TC_ORG_ACTION "DescribeBillDetailForOrganization"
/* The most items one walk (a month of bill details or of the ledger) may
 * hold: 10,000 pages of 100, which at DescribeBillDetail's documented 5
 * requests a second take 33 minutes, longer than the time budget. A Total
 * above it is refused before any page is kept. */
#define RW_TC_MAX_ITEMS 1000000
/* Pages a walk may take beyond ceil((Total - first offset) / Limit); also,
 * in Limits, how far Total may grow while a live month is being paged. */
#define RW_TC_PAGE_SLACK 5
/* Default wall-clock budget of one walk, seconds (rw_tc_opts.walk_budget_s). */
#define RW_TC_WALK_BUDGET_S 1800.0
/* A run of this many characters of a secret is scrubbed from errors, so a
 * secret that the server cut or that straddles a cut never shows. */
#define RW_TC_SECRET_FRAGMENT 8

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
/* The keys of profile `profile` of the file `path` (credentials.h), never
 * the environment's: an organisation member's own keys. RW_ENOTFOUND when
 * there is no file or no such profile; RW_EINVAL as rw_tc_creds_load. */
rw_status rw_tc_creds_load_profile(const char *path, const char *profile, rw_tc_creds *out,
                                   rw_error *err);
/* Overwrites the secrets in memory. */
void rw_tc_creds_wipe(rw_tc_creds *c);

typedef struct rw_tc_client rw_tc_client;

/* The transport: rw_http_post's contract, with the hook's own context
 * first. Tests and fuzzers put a fake here (rw_tc_opts.post). */
typedef rw_status (*rw_tc_post_fn)(void *ctx, const char *url, const char *const *headers,
                                   const char *body, size_t len, const rw_http_opts *o,
                                   rw_http_response *out, rw_error *err);

typedef struct rw_tc_opts {
    const char *endpoint;    /* NULL: RW_TC_ENDPOINT; http:// only to loopback */
    const char *region;      /* X-TC-Region, NULL: none (billing is global) */
    rw_http_opts http;       /* timeouts and transport retries */
    int throttle_retries;    /* retries of RequestLimitExceeded; default 5 */
    double throttle_backoff_s; /* first wait, doubling; default 1 */
    int64_t (*now)(void);    /* clock for X-TC-Timestamp; NULL: time() (tests pin it) */
    double walk_budget_s;    /* wall-clock budget of one paged walk; <= 0: RW_TC_WALK_BUDGET_S */
    rw_tc_post_fn post;      /* NULL: rw_http_post */
    void *post_ctx;          /* handed to post */
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
 * the offset it reached). A page that breaks the paging bounds (see the
 * top of this file) is not handed to fn and stops the walk with
 * RW_EDISCREPANCY: the pages fn has seen come from a server that cannot be
 * trusted to page, so resuming from them is pointless. An empty page
 * before Total is such a break, not the end. */
rw_status rw_tc_bill_detail(rw_tc_client *c, const char *month, const char *begin,
                            const char *end, size_t offset, rw_tc_page_fn fn, void *ctx,
                            rw_error *err);

/* All of DescribeBillDetailForOrganization for the month "YYYY-MM": the
 * bill details of every member of the organisation whose admin the client's
 * keys belong to, walked like rw_tc_bill_detail (same request and response
 * paging fields: Offset, Limit up to RW_TC_PAGE_LIMIT, NeedRecordNum,
 * Total; the same paging bounds). Its items (the SDK's
 * DistributionBillDetail) are DescribeBillDetail's BillDetail with the
 * member in OwnerUin and, in the SDK model, no PayerUin. */
rw_status rw_tc_bill_detail_org(rw_tc_client *c, const char *month, size_t offset, rw_tc_page_fn fn,
                                void *ctx, rw_error *err);

/* One member's part of a page: `page` is {"Response": {"DetailSet": [...]}}
 * with the items of OwnerUin `owner` ("" for items that name none) in
 * their order, `count` of them. */
typedef rw_status (*rw_tc_owner_fn)(void *ctx, const char *owner, const char *page, size_t count,
                                    rw_error *err);
/* Splits a page of bill details (as rw_tc_normalise keeps it) by OwnerUin
 * (string or number): fn once per owner, in the order each first appears;
 * a page without items calls nothing. fn's failure stops the split with its
 * status; RW_EFORMAT when it is not a Response object or its DetailSet is not a
 * list. */
rw_status rw_tc_split_by_owner(const char *page, rw_tc_owner_fn fn, void *ctx, rw_error *err);

/* All of DescribeBillList (the ledger, 收支明细) with OperationTime in
 * [start, end] ("YYYY-MM-DD HH:MM:SS", Beijing time, both inclusive as the
 * API has them), from `offset` on, RW_TC_LEDGER_LIMIT transactions a page:
 * fn is called for every page in order (count: its TransactionList's
 * length, total: Response.Total); a failing page, or one that breaks the
 * paging bounds, stops the walk as in rw_tc_bill_detail. */
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
