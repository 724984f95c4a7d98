/* fuzz_tencent_client.c: libFuzzer target for Tencent Billing API answers
 * through the client (net/tencent.h): the response reading, the error and
 * throttle handling, the scrubbing and the paging bounds of
 * rw_tc_bill_detail / rw_tc_bill_list, and the balance, over a fake
 * transport (rw_tc_opts.post) that answers from the fuzz data.
 *
 * Input: the first byte picks the operation (balance, a month of bill
 * details, a day range of them, a month of the ledger); the rest is split
 * at "\n--\n" into answers, served in turn and again from the first when
 * they run out (so a walk that ignores its bounds never ends). An answer
 * starting with '!' is a network failure; with '#' an HTTP 500 carrying
 * the rest as its body; anything else is HTTP 200 with it as the body.
 *
 * Asserted (abort on failure): a walk takes at most the bounded number of
 * pages, each within the Limit, in order, never past the Total it
 * reports; every error text is UTF-8 without unsafe characters and holds
 * no RW_TC_SECRET_FRAGMENT characters of a secret. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "net/tencent.h"
#include "util/safe_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SECRET_ID "AKIDfuzzSecretId7Qx2"
#define SECRET_KEY "fuzzSecretKey9Zk4Wm"
#define SEP "\n--\n"
#define MOST_PAGES ((RW_TC_MAX_ITEMS + 99) / 100 + RW_TC_PAGE_SLACK)
#define THROTTLE_RETRIES 2

static const char TOKEN[] = "fuzzToken" "Vm9sYXRpbGUgdG9rZW4gZm9yIHRoZSBmdXp6ZXI"
                            "Mq3Rz8Lp0Xw5Yt7Ub2Nc4Hd6Jf8Kg1Ls3Pe5Ra7Tb9Vc2";

typedef struct script {
    const char *data;  /* the answers, separated by SEP */
    size_t size;
    size_t at;         /* where the next answer starts */
    size_t calls;      /* transport calls made */
} script;

static rw_status fake_post(void *ctx, const char *url, const char *const *headers,
                           const char *body, size_t len, const rw_http_opts *o,
                           rw_http_response *out, rw_error *err)
{
    script *s = ctx;
    (void)url, (void)headers, (void)body, (void)len, (void)o;
    memset(out, 0, sizeof *out);
    s->calls++;
    if (s->calls > MOST_PAGES * (THROTTLE_RETRIES + 1) + 2) abort(); /* unbounded walk */
    if (s->at >= s->size) s->at = 0;
    const char *p = s->data + s->at, *end = s->data + s->size;
    const char *sep = NULL;
    for (const char *q = p; q + 4 <= end; q++)
        if (!memcmp(q, SEP, 4)) {
            sep = q;
            break;
        }
    size_t n = (size_t)((sep ? sep : end) - p);
    s->at = sep ? (size_t)(sep + 4 - s->data) : s->size;
    out->attempts = 1;
    if (n && p[0] == '!') return rw_error_set(err, RW_ENET, NULL, 0, "connect failed");
    int fail = n && p[0] == '#';
    if (fail) p++, n--;
    out->body = malloc(n + 1);
    if (!out->body) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    memcpy(out->body, p, n);
    out->body[n] = '\0';
    out->len = n;
    out->status = fail ? 500 : 200;
    return fail ? rw_error_set(err, RW_EREJECTED, NULL, 0, "HTTP 500") : RW_OK;
}

/* No RW_TC_SECRET_FRAGMENT characters of a secret, only safe UTF-8. */
static void check_text(const char *text)
{
    const char *secrets[3] = {SECRET_ID, SECRET_KEY, TOKEN};
    char frag[RW_TC_SECRET_FRAGMENT + 1];
    for (int i = 0; i < 3; i++)
        for (size_t j = 0; j + RW_TC_SECRET_FRAGMENT <= strlen(secrets[i]); j++) {
            memcpy(frag, secrets[i] + j, RW_TC_SECRET_FRAGMENT);
            frag[RW_TC_SECRET_FRAGMENT] = '\0';
            if (strstr(text, frag)) abort();
        }
    if (!rw_text_is_safe(text)) abort();
}

typedef struct walk_seen {
    size_t pages, next;  /* pages seen, the offset the next must have */
    int started;
} walk_seen;

static rw_status on_page(void *ctx, const char *response, size_t offset, size_t count,
                         size_t total, rw_error *err)
{
    walk_seen *w = ctx;
    char *norm = NULL, payer[64] = "";
    if (++w->pages > MOST_PAGES) abort();
    if (count > RW_TC_PAGE_LIMIT || offset + count > total) abort();
    if (w->started && offset != w->next) abort();
    w->started = 1;
    w->next = offset + count;
    rw_status st = rw_tc_normalise(response, NULL, &norm, err);
    if (st == RW_OK) rw_tc_first_payer(norm, payer, sizeof payer);
    free(norm);
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    script s = {(const char *)data + 1, size - 1, 0, 0};
    rw_tc_creds cr;
    rw_tc_opts o;
    rw_tc_client *c = NULL;
    rw_error err;
    memset(&cr, 0, sizeof cr);
    snprintf(cr.secret_id, sizeof cr.secret_id, "%s", SECRET_ID);
    snprintf(cr.secret_key, sizeof cr.secret_key, "%s", SECRET_KEY);
    snprintf(cr.token, sizeof cr.token, "%s", TOKEN);
    rw_tc_opts_default(&o);
    o.endpoint = "http://127.0.0.1:9/";
    o.throttle_retries = THROTTLE_RETRIES;
    o.throttle_backoff_s = 1e-6;
    o.http.max_backoff_s = 1e-6;
    o.post = fake_post;
    o.post_ctx = &s;
    rw_error_clear(&err);
    if (rw_tc_client_open(&cr, &o, &c, &err) != RW_OK) abort();
    walk_seen w = {0, 0, 0};
    rw_error_clear(&err);
    rw_status st;
    switch (data[0] % 4) {
    case 0: {
        char *resp = NULL, *norm = NULL, uin[64] = "";
        st = rw_tc_call(c, "DescribeAccountBalance", "{}", &resp, &err);
        if (st == RW_OK && rw_tc_normalise(resp, "2024-09-01T00:00:00Z", &norm, &err) == RW_OK)
            rw_tc_balance_uin(norm, uin, sizeof uin);
        free(resp);
        free(norm);
        break;
    }
    case 1: st = rw_tc_bill_detail(c, "2024-09", NULL, NULL, 0, on_page, &w, &err); break;
    case 2:
        st = rw_tc_bill_detail(c, NULL, "2024-09-01 00:00:00", "2024-09-02 23:59:59", 200,
                               on_page, &w, &err);
        break;
    default:
        st = rw_tc_bill_list(c, "2024-09-01 00:00:00", "2024-09-30 23:59:59", 0, on_page, &w,
                             &err);
        break;
    }
    (void)st;
    check_text(err.text);
    rw_tc_client_close(c);
    return 0;
}
