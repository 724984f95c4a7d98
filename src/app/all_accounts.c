/* all_accounts.c: a planning call over every account (runway.h
 * rw_runout_all, rw_thresholds_all, rw_arrears_all, rw_budget_all,
 * rw_anomalies_all), and the budget totals per label value.
 *
 * The machinery is one function, rw_app_all_accounts(): it lists the
 * accounts with a balance (and the filter's labels, and the shard's: a
 * fixed hash of the id, rw_account_shard), runs one call per account on
 * rw_parallel_for threads, and ranks the results. Each account runs in its
 * own session (one store connection per account: SQLite connections are
 * not shared between threads), making exactly the single-account call
 * with the account set, so its result is the one `--account ID` gives.
 * Messages of an account are kept and passed on in account order after
 * all are done, so output never depends on the thread count; the
 * progress callback is called as each account is done, under a mutex. Another
 * call over every account (notify, the organisation report) adds a kind
 * and an rw_app_one_fn and calls rw_app_all_accounts. */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "app/accounts.h"
#include "app/plan.h"
#include "export/accounts_write.h"
#include "export/anomaly_write.h"
#include "export/arrears_write.h"
#include "export/plan_write.h"
#include "util/grow.h"
#include "util/num.h"
#include "util/parallel.h"
#include "util/strutil.h"

void rw_all_options_init(rw_all_options *o)
{
    memset(o, 0, sizeof *o);
    o->now = INT64_MIN;
}

/* Messages of one account, kept until all accounts are done. */
typedef struct kept_msg {
    rw_message_level level;
    char *text;  /* owned */
} kept_msg;

typedef struct msg_box {
    kept_msg *m;
    size_t n, cap;
} msg_box;

static void keep_msg(void *ctx, rw_message_level level, const char *text)
{
    msg_box *b = ctx;
    char *t = strdup(text);
    if (!t || !rw_grow(&b->m, &b->cap, b->n, sizeof *b->m, 4)) {
        free(t);
        return; /* a message lost to low memory; the result is not */
    }
    b->m[b->n].level = level;
    b->m[b->n++].text = t;
}

typedef struct job {
    const char *db;
    rw_app_one_fn fn;
    const void *opts;
    int64_t now;
    rw_account_result *r;
    msg_box *box;
    const rw_all_options *a;  /* its progress callback, or NULL */
    pthread_mutex_t mu;       /* serialises the progress calls */
    size_t done, total;       /* accounts done (under mu), of total */
} job;

/* One more account done: the progress callback, one call at a time. */
static void one_done(job *j)
{
    if (!j->a || !j->a->progress) return;
    pthread_mutex_lock(&j->mu);
    j->a->progress(j->a->progress_ctx, ++j->done, j->total);
    pthread_mutex_unlock(&j->mu);
}

static void run_one(void *ctx, size_t i)
{
    job *j = ctx;
    rw_account_result *x = &j->r[i];
    if (x->status != RW_OK) { /* failed in an earlier call over the accounts */
        one_done(j);
        return;
    }
    rw_session_opts so = {j->db, j->box ? keep_msg : NULL, j->box ? &j->box[i] : NULL};
    rw_session *s = NULL;
    rw_error err;
    rw_error_clear(&err);
    x->status = rw_session_open(&so, &s, &err);
    if (x->status == RW_OK) x->status = j->fn(s, j->opts, j->now, x, &err);
    if (x->status != RW_OK) rw_error_format(&err, x->error, sizeof x->error);
    rw_session_close(s);
    one_done(j);
}

size_t rw_account_shard(const char *id, size_t n)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
        h ^= *p;
        h *= UINT64_C(1099511628211);
    }
    return n ? (size_t)(h % n) + 1 : 0;
}

rw_status rw_parse_shard(const char *text, size_t *k, size_t *n, rw_error *err)
{
    const char *slash = strchr(text, '/');
    char kbuf[24];
    int64_t kk = 0, nn = 0;
    size_t klen = slash ? (size_t)(slash - text) : 0;
    if (!slash || klen >= sizeof kbuf) goto bad;
    memcpy(kbuf, text, klen);
    kbuf[klen] = '\0';
    if (rw_parse_int64(kbuf, 1, RW_SHARD_MAX, &kk) != RW_OK ||
        rw_parse_int64(slash + 1, 1, RW_SHARD_MAX, &nn) != RW_OK || kk > nn)
        goto bad;
    *k = (size_t)kk;
    *n = (size_t)nn;
    return RW_OK;
bad:
    return rw_error_set(err, RW_EINVAL, NULL, 0,
                        "'%s' is not a shard K/N (1 <= K <= N <= %d)", text, RW_SHARD_MAX);
}

/* 1 when account id is in a's shard (every account without one). */
static int in_shard(const rw_all_options *a, const char *id)
{
    return !a || !a->shard_n || rw_account_shard(id, a->shard_n) == a->shard_k;
}

/* rw_app_each_account, with a's progress callback (a may be NULL). */
static void each_account(rw_session *s, rw_account_results *rs, size_t jobs, int64_t now,
                         rw_app_one_fn fn, const void *opts, const rw_all_options *a)
{
    /* Without room to keep messages they are dropped; the results are not. */
    msg_box *box = calloc(rs->n ? rs->n : 1, sizeof *box);
    job j = {rw_session_db(s), fn, opts, now, rs->r, box, a, PTHREAD_MUTEX_INITIALIZER, 0, rs->n};
    rw_parallel_for(rs->n, jobs, run_one, &j);
    pthread_mutex_destroy(&j.mu);
    rs->failed = 0;
    for (size_t i = 0; i < rs->n; i++) {
        for (size_t k = 0; box && k < box[i].n; k++) {
            char ebuf[160];
            rw_app_msg(s, box[i].m[k].level, "account %s: %s",
                       rw_text_esc(rs->r[i].acc.id, ebuf, sizeof ebuf), box[i].m[k].text);
            free(box[i].m[k].text);
        }
        if (box) free(box[i].m);
        if (rs->r[i].status != RW_OK) rs->failed++;
    }
    free(box);
}

void rw_app_each_account(rw_session *s, rw_account_results *rs, size_t jobs, int64_t now,
                         rw_app_one_fn fn, const void *opts)
{
    each_account(s, rs, jobs, now, fn, opts, NULL);
}

rw_status rw_app_all_accounts(rw_session *s, rw_all_kind kind, const rw_all_options *a,
                              int64_t now, rw_app_one_fn fn, const void *opts,
                              rw_account_results **out, rw_error *err)
{
    rw_account_list *l = NULL;
    *out = NULL;
    if (a && (a->shard_n > RW_SHARD_MAX || (a->shard_n ? a->shard_k < 1 || a->shard_k > a->shard_n
                                                       : a->shard_k != 0)))
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "shard %zu/%zu: not 1 <= K <= N <= %d", a->shard_k, a->shard_n,
                            RW_SHARD_MAX);
    rw_status st = rw_accounts_list(s, a ? &a->filter : NULL, &l, err);
    if (st != RW_OK) return st;
    rw_account_results *rs = calloc(1, sizeof *rs);
    if (rs) rs->r = calloc(l->n ? l->n : 1, sizeof *rs->r);
    if (!rs || !rs->r) {
        rw_account_list_free(l);
        rw_account_results_free(rs);
        return rw_app_oom(err);
    }
    rs->kind = kind;
    for (size_t i = 0; i < l->n; i++)
        if (l->recs[i].has_balance && in_shard(a, l->recs[i].id)) {
            rs->r[rs->n++].acc = l->recs[i]; /* moved */
            memset(&l->recs[i], 0, sizeof l->recs[i]);
        }
    rw_account_list_free(l);
    if (!rs->n) {
        rw_account_results_free(rs);
        return rw_error_set(err, RW_ENOTFOUND, NULL, 0,
                            "no account has a balance%s%s: record one with `runway balance set`,"
                            " or ingest a DescribeAccountBalance response",
                            a && a->filter.n ? " among those with these labels" : "",
                            a && a->shard_n ? " in this shard" : "");
    }
    each_account(s, rs, a ? a->jobs : 0, now, fn, opts, a);
    rw_account_results_rank(rs);
    *out = rs;
    if (rs->failed)
        return rw_error_set(err, RW_EPARTIAL, NULL, 0, "%zu of %zu account(s) failed", rs->failed,
                            rs->n);
    return RW_OK;
}

/* The options every account-wide call refuses: they name one account
 * (and --group-by, but for budgets). */
static rw_status one_account_options(const rw_selection *sel, const rw_all_options *a,
                                     int groups, rw_error *err)
{
    if (sel->input)
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "--all-accounts plans from the store: --input does not apply");
    if (sel->account)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "--all-accounts and --account together");
    if (!groups && a && a->group_by)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "--group-by is for budget --all-accounts");
    return RW_OK;
}

static rw_status runout_one(rw_session *s, const void *opts, int64_t now, rw_account_result *x,
                            rw_error *err)
{
    rw_runout_options o = *(const rw_runout_options *)opts;
    rw_runout_result *r = NULL;
    (void)now;
    o.plan.sel.account = x->acc.id;
    rw_status st = rw_runout_plan(s, &o, &r, err);
    x->result = x->rank = r;
    return st;
}

rw_status rw_runout_all(rw_session *s, const rw_runout_options *o, const rw_all_options *a,
                        rw_account_results **out, rw_error *err)
{
    *out = NULL;
    rw_status st = one_account_options(&o->plan.sel, a, 0, err);
    if (st == RW_OK && o->has_balance)
        st = rw_error_set(err, RW_EINVAL, NULL, 0,
                          "--all-accounts uses each account's stored balance: --balance does not"
                          " apply");
    if (st != RW_OK) return st;
    return rw_app_all_accounts(s, RW_ALL_RUNOUT, a, o->now, runout_one, o, out, err);
}

rw_status rw_app_rank_runout(rw_session *s, const rw_plan_options *plan, const char *policy,
                             int64_t now, rw_runout_result **out, rw_error *err)
{
    rw_runout_options ro;
    rw_runout_options_init(&ro);
    ro.plan = *plan;
    ro.policy = policy;
    ro.now = now;
    return rw_runout_plan(s, &ro, out, err);
}

static rw_status thresholds_one(rw_session *s, const void *opts, int64_t now,
                                rw_account_result *x, rw_error *err)
{
    rw_thresholds_options o = *(const rw_thresholds_options *)opts;
    rw_thresholds_result *t = NULL;
    rw_runout_result *r = NULL;
    o.plan.sel.account = x->acc.id;
    o.jobs = 1; /* the accounts are the parallel work; the replay is the same either way */
    rw_status st = rw_thresholds_plan(s, &o, &t, err);
    x->result = t;
    if (st != RW_OK) return st;
    /* The rank and summary need the run-out. */
    st = rw_app_rank_runout(s, &o.plan, o.policy, now, &r, err);
    x->rank = r;
    return st;
}

rw_status rw_thresholds_all(rw_session *s, const rw_thresholds_options *o,
                            const rw_all_options *a, rw_account_results **out, rw_error *err)
{
    *out = NULL;
    rw_status st = one_account_options(&o->plan.sel, a, 0, err);
    if (st != RW_OK) return st;
    return rw_app_all_accounts(s, RW_ALL_THRESHOLDS, a, a ? a->now : INT64_MIN, thresholds_one, o, out,
                        err);
}

static rw_status arrears_one(rw_session *s, const void *opts, int64_t now, rw_account_result *x,
                             rw_error *err)
{
    rw_arrears_options o = *(const rw_arrears_options *)opts;
    rw_arrears_result *r = NULL;
    (void)now;
    o.plan.sel.account = x->acc.id;
    rw_status st = rw_arrears_statement(s, &o, &r, err);
    x->result = r;
    x->rank = r ? r->runout : NULL;
    return st;
}

rw_status rw_arrears_all(rw_session *s, const rw_arrears_options *o, const rw_all_options *a,
                         rw_account_results **out, rw_error *err)
{
    *out = NULL;
    rw_status st = one_account_options(&o->plan.sel, a, 0, err);
    if (st != RW_OK) return st;
    return rw_app_all_accounts(s, RW_ALL_ARREARS, a, o->now, arrears_one, o, out, err);
}

static rw_status budget_one(rw_session *s, const void *opts, int64_t now, rw_account_result *x,
                            rw_error *err)
{
    rw_budget_options o = *(const rw_budget_options *)opts;
    rw_budget_result *r = NULL;
    (void)now;
    o.plan.sel.account = x->acc.id;
    double amount = rw_app_budget_amount(&o, x->acc.budget);
    x->no_budget = isnan(amount);
    rw_status st = rw_app_budget_plan(s, &o, amount, &r, err);
    x->result = r;
    return st;
}

/* The value of label `key` in the JSON object text `labels` (owned by the
 * caller), NULL when the account has no such label. */
static char *label_value(const char *labels, const char *key)
{
    json_error_t je;
    json_t *o = labels ? json_loads(labels, 0, &je) : NULL;
    const char *v = json_string_value(json_object_get(o, key));
    char *c = v ? strdup(v) : NULL;
    json_decref(o);
    return c;
}

static int same(const char *a, const char *b)
{
    return a && b ? !strcmp(a, b) : a == b;
}

static int cmp_group(const void *x, const void *y)
{
    const rw_account_group *a = x, *b = y;
    if (!a->value != !b->value) return a->value ? -1 : 1;
    int c = a->value ? strcmp(a->value, b->value) : 0;
    return c ? c : strcmp(a->currency, b->currency);
}

typedef struct group_sums {
    rw_ksum spent, forecast, budget;
} group_sums;

/* rs->groups: the budget totals per value of label rs->group_by and
 * currency. */
static rw_status budget_groups(rw_account_results *rs, rw_error *err)
{
    size_t cap = 0;
    group_sums *sums = calloc(rs->n ? rs->n : 1, sizeof *sums);
    if (!sums) return rw_app_oom(err);
    for (size_t i = 0; i < rs->n; i++) {
        const rw_account_result *x = &rs->r[i];
        const rw_budget_result *b = x->result;
        char *value = label_value(x->acc.labels, rs->group_by);
        const char *cur = b && b->currency[0] ? b->currency
                          : x->acc.has_balance ? x->acc.balance.currency : "";
        size_t g = 0;
        while (g < rs->ngroups &&
               !(same(rs->groups[g].value, value) && !strcmp(rs->groups[g].currency, cur)))
            g++;
        if (g == rs->ngroups) {
            if (!rw_grow(&rs->groups, &cap, rs->ngroups, sizeof *rs->groups, 8)) {
                free(value);
                free(sums);
                return rw_app_oom(err);
            }
            memset(&rs->groups[g], 0, sizeof rs->groups[g]);
            rs->groups[g].value = value;
            rw_str_copy(rs->groups[g].currency, sizeof rs->groups[g].currency, cur);
            rs->ngroups++;
        } else {
            free(value);
        }
        rw_account_group *G = &rs->groups[g];
        if (x->status != RW_OK || !b) {
            G->failed++;
            continue;
        }
        G->accounts++;
        rw_ksum_add(&sums[g].spent, b->pd.spent);
        rw_ksum_add(&sums[g].forecast, b->b.mean);
        if (!x->no_budget) {
            G->budgeted++;
            rw_ksum_add(&sums[g].budget, b->amount);
        }
    }
    for (size_t g = 0; g < rs->ngroups; g++) {
        rs->groups[g].spent = rw_ksum_value(&sums[g].spent);
        rs->groups[g].forecast = rw_ksum_value(&sums[g].forecast);
        rs->groups[g].budget = rw_ksum_value(&sums[g].budget);
    }
    free(sums);
    if (rs->ngroups > 1) qsort(rs->groups, rs->ngroups, sizeof *rs->groups, cmp_group);
    return RW_OK;
}

rw_status rw_budget_all(rw_session *s, const rw_budget_options *o, const rw_all_options *a,
                        rw_account_results **out, rw_error *err)
{
    *out = NULL;
    rw_status st = one_account_options(&o->plan.sel, a, 1, err);
    if (st == RW_OK && a && a->group_by && !rw_app_label_key_ok(a->group_by))
        st = rw_error_set(err, RW_EINVAL, NULL, 0,
                          "--group-by: a label key (letters, digits, '_', '.', '-')");
    if (st != RW_OK) return st;
    st = rw_app_all_accounts(s, RW_ALL_BUDGET, a, INT64_MIN, budget_one, o, out, err);
    if (*out && a && a->group_by) {
        rw_error gerr;
        rw_error_clear(&gerr);
        rw_status gs = ((*out)->group_by = strdup(a->group_by)) ? budget_groups(*out, &gerr)
                                                                : rw_app_oom(&gerr);
        if (gs != RW_OK) {
            rw_account_results_free(*out);
            *out = NULL;
            rw_error_clear(err);
            return rw_error_set(err, gs, NULL, 0, "%s", gerr.text);
        }
    }
    return st;
}

static rw_status anomalies_one(rw_session *s, const void *opts, int64_t now,
                               rw_account_result *x, rw_error *err)
{
    rw_anomaly_options o = *(const rw_anomaly_options *)opts;
    rw_anomaly_set *r = NULL;
    (void)now;
    o.sel.account = x->acc.id;
    o.jobs = 1; /* the accounts are the parallel work */
    rw_status st = rw_anomalies_find(s, &o, &r, err);
    x->result = r;
    return st;
}

rw_status rw_anomalies_all(rw_session *s, const rw_anomaly_options *o, const rw_all_options *a,
                           rw_account_results **out, rw_error *err)
{
    *out = NULL;
    rw_status st = one_account_options(&o->sel, a, 0, err);
    if (st != RW_OK) return st;
    return rw_app_all_accounts(s, RW_ALL_ANOMALIES, a, INT64_MIN, anomalies_one, o, out, err);
}
