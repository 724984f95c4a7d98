/* fetch.h (app): the raw-file machinery of fetch.c (rw_fetch_tencent),
 * shared with the organisation's fetch (fetch_org.c): the raw folder held
 * open and checked, partial files of pages that a later run resumes from,
 * raw files named per fetch and ingested under a period key that
 * supersedes the fetch before (docs/fetch.md). Every file is reached
 * through the folder's fd, never through a link. */
#ifndef RW_APP_FETCH_H
#define RW_APP_FETCH_H

#include <limits.h>
#include <stdio.h>
#include "app/app.h"
#include "net/tencent.h"

/* What one fetch call works with. */
typedef struct rw_fetcher {
    rw_session *s;
    rw_store *store;
    rw_tc_client *client;             /* the keys of the fetch (an organisation's admin) */
    char dir[PATH_MAX];               /* the raw folder */
    char account[RW_ACCOUNT_MAX + 1]; /* what ingests fill an empty account with */
    rw_fetch_result *res;             /* what was stored; owned by the caller */
    int dirfd;                        /* dir, checked and open */
} rw_fetcher;

/* A partial file pages are appended to (rw_fetch_on_page). */
typedef struct rw_fetch_page_sink {
    FILE *fp;
    size_t items; /* items written so far */
    size_t total;
    char payer[64]; /* PayerUin of the first item: the account of the bill */
} rw_fetch_page_sink;

/* One paged walk of a month: DescribeBillDetail, its organisation twin or
 * DescribeBillList. */
typedef struct rw_fetch_walk_spec {
    const char *action; /* the API action, for messages */
    const char *what;   /* raw file prefix: WHAT-MONTH.jsonl.part */
    const char *label;  /* before the month in the resume message ("" or "ledger ") */
    const char *noun;   /* what the items are called: "item", "transaction" */
    size_t limit;       /* items a page */
    /* the walk of `month` from `offset` on (rw_tc_bill_detail's contract) */
    rw_status (*walk)(rw_tc_client *c, const char *month, size_t offset, rw_tc_page_fn fn,
                      void *ctx, rw_error *err);
} rw_fetch_walk_spec;

/* Walks w over `month` with f->client into the partial file `part`
 * (resumed when an earlier run left one), naming the raw file to keep in
 * `path`; *ps says what was fetched (ps->payer: the first item's PayerUin,
 * also of a resumed walk). On success `part` holds the whole month and is
 * the caller's to keep (rw_fetch_keep_raw) or remove. A failed walk keeps
 * `part` to resume from (err says how many items), or, when the paging
 * bounds stopped it, deletes it (rw_fetch_paging_broken). */
rw_status rw_fetch_walk(rw_fetcher *f, const rw_fetch_walk_spec *w, const char *month,
                        char part[PATH_MAX], char path[PATH_MAX], rw_fetch_page_sink *ps,
                        rw_error *err);

/* Opens f: an empty result (f->res, the caller's also on failure), the
 * client with the keys of o->config or the environment, the raw folder
 * and the store. rw_fetcher_close closes all but the result. */
rw_status rw_fetcher_open(rw_session *s, const rw_fetch_options *o, rw_fetcher *f, rw_error *err);
void rw_fetcher_close(rw_fetcher *f);

/* A client with the keys of profile `profile` of the credentials file
 * (o->config, else ~/.config/runway/tencent.json), or with NULL the
 * fetch's own keys (the environment first). RW_ENOTFOUND only for a
 * profile that is not there; RW_EINVAL for a refused endpoint or file. */
rw_status rw_fetch_client(const rw_fetch_options *o, const char *profile, rw_tc_client **out,
                          rw_error *err);

/* The months to fetch when none are given (rw_fetch_options.nmonths). */
void rw_fetch_default_months(rw_fetch_options *o);

/* DescribeAccountBalance with `client`, kept as balance-[MEMBER-]TIME.json
 * and ingested; uin gets the response's Uin ("" when none). With `member`
 * (an organisation member's own keys) a Uin that is another account's is
 * refused (RW_EINVAL, nothing stored) and the balance is the member's;
 * else f->account becomes the Uin when there is one. */
rw_status rw_fetch_balance(rw_fetcher *f, rw_tc_client *client, const char *member, char *uin,
                           size_t size, rw_error *err);

/* The name of `path` (a file of f->dir) inside f->dir. */
const char *rw_fetch_in_dir(const rw_fetcher *f, const char *path);
/* Ingests `path` with f->account filling an empty account; with a key the
 * sources of earlier fetches of the same key go, in the same transaction.
 * Adds a line to f->res; *duplicate: the content was already stored. */
rw_status rw_fetch_ingest_raw(rw_fetcher *f, const char *path, const char *key, int *duplicate,
                              rw_error *err);
/* A failed API call's status: the request's own fault stays RW_EINVAL;
 * anything the service or the network did is RW_ENET. */
rw_status rw_fetch_api_failure(rw_status st);
/* rw_tc_page_fn appending each page, normalised, to a rw_fetch_page_sink. */
rw_status rw_fetch_on_page(void *ctx, const char *response, size_t offset, size_t count,
                           size_t total, rw_error *err);
/* A file of the raw folder opened for reading; NULL when it cannot be. */
FILE *rw_fetch_raw_read(const rw_fetcher *f, const char *path);
/* The partial file `part` opened to append to (`resume`) or new. */
FILE *rw_fetch_part_open(const rw_fetcher *f, const char *part, int resume);
/* Pages already in `part` (0, the file removed, when it is older than an
 * hour or its last line is torn). */
size_t rw_fetch_partial_pages(const rw_fetcher *f, const char *part);
/* WHAT-MONTH.jsonl.part and the raw file this fetch keeps,
 * WHAT-MONTH-TIME-PID.jsonl. */
rw_status rw_fetch_raw_names(const rw_fetcher *f, const char *what, const char *month,
                             char part[PATH_MAX], char path[PATH_MAX], rw_error *err);
/* Removes the raw files WHAT-MONTH-*.jsonl other than `keep`. */
void rw_fetch_remove_older(const rw_fetcher *f, const char *what, const char *month,
                           const char *keep);
/* `part` renamed to `path` and ingested under `key`: the same content
 * already stored drops the new file, else the older raw files of the
 * month go. */
rw_status rw_fetch_keep_raw(rw_fetcher *f, const char *what, const char *month, const char *part,
                            const char *path, const char *key, rw_error *err);
/* A walk stopped by the paging bounds: `part` deleted, err says so. */
rw_status rw_fetch_paging_broken(const char *action, const char *month, const char *part,
                                 const rw_error *cerr, rw_error *err);

#endif
