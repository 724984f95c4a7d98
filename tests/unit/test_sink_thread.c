/* test_sink_thread.c: records handed to a worker thread arrive complete and
 * in order; a failing target stops the producer with the target's error;
 * strict mode fails a reject at once; oversized records pass. */
#include <stdlib.h>
#include "check.h"
#include "ingest/sink_thread.h"

typedef struct target {
    long charges, usages, rejects, points, balances, rows;
    long fail_after; /* return RW_EDB at this charge (0: never) */
    long disorder;   /* records out of order or corrupted */
    long last_line;
    rw_error err;
} target;

static rw_status t_charge(void *ctx, long line, const rw_charge *c)
{
    target *t = ctx;
    char want[32];
    snprintf(want, sizeof want, "svc%ld", line % 97);
    if (line != t->last_line + 1 || strcmp(c->service, want) || c->billed != (double)line * 0.5 ||
        strcmp(c->currency, "CNY") || strcmp(c->provider, ""))
        t->disorder++;
    t->last_line = line;
    if (++t->charges == t->fail_after)
        return rw_error_set(&t->err, RW_EDB, "db", 0, "disk full at charge %ld", t->charges);
    return RW_OK;
}

static rw_status t_usage(void *ctx, long line, const rw_usage *u)
{
    target *t = ctx;
    t->usages++;
    if (strcmp(u->bucket, "b") || u->bytes_out != line) t->disorder++;
    t->last_line = line;
    return RW_OK;
}

static rw_status t_balance(void *ctx, long line, const rw_balance *b)
{
    target *t = ctx;
    (void)line;
    t->balances++;
    if (b->amount != 12.5 || strcmp(b->account, "acct")) t->disorder++;
    return RW_OK;
}

static rw_status t_point(void *ctx, long line, const rw_point *p)
{
    target *t = ctx;
    (void)line;
    t->points++;
    if (strlen(p->series) != 3u << 20) t->disorder++; /* a 3 MiB name survives */
    return RW_OK;
}

static rw_status t_reject(void *ctx, long line, const char *reason, const char *raw, size_t n)
{
    target *t = ctx;
    t->rejects++;
    if (line != 7 || strcmp(reason, "bad") || n != 4096 || raw[0] != 'x') t->disorder++;
    return RW_OK;
}

static void t_row(void *ctx)
{
    ((target *)ctx)->rows++;
}

static rw_sink target_sink(target *t)
{
    rw_sink s = {t, t_charge, t_usage, t_balance, t_point, t_reject, t_row, NULL, NULL};
    return s;
}

static rw_status feed_charges(rw_sink *s, long n)
{
    char svc[32];
    for (long line = 1; line <= n; line++) {
        rw_charge c;
        rw_charge_init(&c);
        snprintf(svc, sizeof svc, "svc%ld", line % 97);
        c.service = svc;
        c.currency = "CNY";
        c.billed = (double)line * 0.5;
        s->row(s->ctx);
        rw_status st = s->charge(s->ctx, line, &c);
        if (st != RW_OK) return st;
    }
    return RW_OK;
}

int main(void)
{
    rw_error err;
    /* Everything arrives, in order. */
    target t;
    memset(&t, 0, sizeof t);
    rw_sink_thread *w = NULL;
    rw_error_clear(&err);
    CHECK(rw_sink_thread_start(target_sink(&t), 0, "f", &err, &w) == RW_OK);
    rw_sink s = rw_sink_thread_iface(w);
    CHECK(feed_charges(&s, 200000) == RW_OK);
    for (long line = 200001; line <= 200100; line++) {
        rw_usage u = {0, "b", "", line, 0, 0, 0};
        CHECK(s.usage(s.ctx, line, &u) == RW_OK);
    }
    rw_balance b = {5, 12.5, "CNY", "acct"};
    CHECK(s.balance(s.ctx, 1, &b) == RW_OK);
    char *huge = malloc((3u << 20) + 1);
    memset(huge, 'n', 3u << 20);
    huge[3u << 20] = '\0';
    rw_point p = {huge, 0, 1.0};
    CHECK(s.point(s.ctx, 1, &p) == RW_OK);
    char raw[6000];
    memset(raw, 'x', sizeof raw);
    CHECK(s.reject(s.ctx, 7, "bad", raw, sizeof raw) == RW_OK);
    CHECK(rw_sink_thread_finish(w, &t.err, &err) == RW_OK);
    rw_sink_thread_free(w);
    CHECK(t.charges == 200000 && t.usages == 100 && t.balances == 1 && t.points == 1 &&
          t.rejects == 1 && t.rows == 200000);
    CHECK(t.disorder == 0);

    /* A failing target stops the producer and its error comes back. */
    memset(&t, 0, sizeof t);
    t.fail_after = 1000;
    rw_error_clear(&err);
    CHECK(rw_sink_thread_start(target_sink(&t), 0, "f", &err, &w) == RW_OK);
    s = rw_sink_thread_iface(w);
    rw_status st = feed_charges(&s, 5000000);
    CHECK(st == RW_EDB); /* noticed long before five million records */
    CHECK(rw_sink_thread_finish(w, &t.err, &err) == RW_EDB);
    CHECK(strstr(err.text, "disk full at charge 1000") != NULL);
    CHECK(t.charges == 1000);
    rw_sink_thread_free(w);

    /* Strict: the first reject fails at once, naming file and line. */
    memset(&t, 0, sizeof t);
    rw_error_clear(&err);
    CHECK(rw_sink_thread_start(target_sink(&t), 1, "bill.csv", &err, &w) == RW_OK);
    s = rw_sink_thread_iface(w);
    CHECK(s.reject(s.ctx, 42, "BilledCost is empty", "x", 1) == RW_EREJECTED);
    CHECK(err.line == 42 && !strcmp(err.file, "bill.csv"));
    /* Freed without finish (the failure path): the worker stops cleanly. */
    rw_sink_thread_free(w);
    CHECK(t.rejects == 0);
    free(huge);
    CHECK_DONE();
}
