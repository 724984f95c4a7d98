/* accounts_write.c: the account list (runway accounts list|show) and the
 * ranked results of a plan over every account (--all-accounts) as text,
 * JSON and CSV.
 *
 * Text from data (ids, names, labels, errors) is escaped (safe_text.h) and
 * laid out in columns by terminal width, so Chinese names line up. Routes
 * are written as their kind and reference (env:VAR), which is all the
 * store holds: a webhook URL is never stored. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "export/accounts_write.h"
#include "export/anomaly_write.h"
#include "export/arrears_write.h"
#include "export/json_out.h"
#include "export/org_report.h"
#include "export/plan_write.h"
#include "export/series_write.h"
#include "plan/threshold.h"
#include "util/grow.h"
#include "util/safe_text.h"
#include "util/strutil.h"
#include "util/timeutil.h"
#include "util/tz.h"

#define CELL 400       /* bytes of one text cell */
#define MAX_COLS 10
#define MAX_WIDTH 40   /* a column wider than this is not padded further */

/* ---- a text table ------------------------------------------------------------ */

typedef struct table {
    size_t ncols, nrows, cap;
    const char *head[MAX_COLS];
    int left[MAX_COLS];         /* 1: left-aligned */
    char (*cell)[CELL];         /* owned: nrows * ncols cells */
} table;

/* A new row's cells (""), NULL when memory ran out. */
static char (*table_row(table *t))[CELL]
{
    if (!rw_grow(&t->cell, &t->cap, (t->nrows + 1) * t->ncols, CELL, 16 * t->ncols)) return NULL;
    char(*row)[CELL] = t->cell + t->nrows++ * t->ncols;
    memset(row, 0, t->ncols * CELL);
    return row;
}

/* Sets cell c of row to s escaped. */
static void put(char (*row)[CELL], size_t c, const char *s)
{
    char buf[CELL];
    rw_str_copy(row[c], CELL, rw_text_esc(s, buf, sizeof buf));
}

static void table_print(const table *t, FILE *out)
{
    size_t w[MAX_COLS];
    for (size_t c = 0; c < t->ncols; c++) {
        w[c] = rw_utf8_width(t->head[c]);
        for (size_t r = 0; r < t->nrows; r++) {
            size_t x = rw_utf8_width(t->cell[r * t->ncols + c]);
            if (x > w[c]) w[c] = x > MAX_WIDTH ? (w[c] > MAX_WIDTH ? w[c] : MAX_WIDTH) : x;
        }
    }
    for (size_t r = 0; r <= t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s = r ? t->cell[(r - 1) * t->ncols + c] : t->head[c];
            int last = c + 1 == t->ncols;
            if (last && t->left[c]) fputs(s, out);
            else rw_fput_col(s, w[c], t->left[c], out);
            fputs(last ? "\n" : "  ", out);
        }
}

/* Prints the table of results rs (and how many failed), frees it. */
static rw_status table_end(table *t, const rw_account_results *rs, FILE *out, rw_error *err)
{
    table_print(t, out);
    if (rs->failed) fprintf(out, "%zu of %zu account(s) failed\n", rs->failed, rs->n);
    free(t->cell);
    return rw_stream_status(out, err);
}

/* Frees the table after memory ran out. */
static rw_status table_oom(table *t, rw_error *err)
{
    free(t->cell);
    return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
}

/* ---- the account list ------------------------------------------------------ */

static json_t *json_text_or(const char *text, json_t *fallback)
{
    json_error_t je;
    json_t *v = text ? json_loads(text, 0, &je) : NULL;
    if (v) {
        json_decref(fallback);
        return v;
    }
    return fallback;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *time_or_null(int64_t t)
{
    char buf[40];
    if (!t) return json_null();
    rw_time_format_iso(t, buf, sizeof buf);
    return json_string(buf);
}

static json_t *balance_json(const rw_account_rec *a)
{
    char when[40];
    if (!a->has_balance) return json_null();
    rw_time_format_iso(a->balance.at, when, sizeof when);
    return json_pack("{s:f, s:s, s:s, s:s}", "amount", a->balance.amount, "currency",
                     a->balance.currency, "at", when, "origin", a->balance.origin);
}

static json_t *account_json(const rw_account_rec *a)
{
    json_t *o = json_object();
    if (!o) return NULL;
    json_object_set_new(o, "id", json_string(a->id));
    json_object_set_new(o, "name", json_string(a->name ? a->name : ""));
    json_object_set_new(o, "source", json_string(a->registered ? "registered" : "seen"));
    json_object_set_new(o, "labels", json_text_or(a->labels, json_object()));
    json_object_set_new(o, "owner", json_string(a->owner ? a->owner : ""));
    json_object_set_new(o, "payer", str_or_null(a->payer));
    json_object_set_new(o, "policy", str_or_null(a->policy));
    json_object_set_new(o, "routes", json_text_or(a->routes, json_array()));
    json_object_set_new(o, "budget", isnan(a->budget) ? json_null() : json_real(a->budget));
    json_object_set_new(o, "thresholds", json_text_or(a->thresholds, json_null()));
    json_object_set_new(o, "balance", balance_json(a));
    json_object_set_new(o, "currency", a->has_balance ? json_string(a->balance.currency)
                                                      : json_null());
    json_object_set_new(o, "created", time_or_null(a->created));
    json_object_set_new(o, "updated", time_or_null(a->updated));
    return o;
}

/* "k=v;k2=v2" of the labels, or "kind=ref;..." of the routes (the import's
 * CSV encoding) into buf. */
static void joined(const char *json, int routes, char *buf, size_t size)
{
    json_error_t je;
    json_t *v = json ? json_loads(json, 0, &je) : NULL, *x;
    const char *k;
    size_t i, used = 0;
    buf[0] = '\0';
    if (!routes) json_object_foreach(v, k, x)
        {
            used += (size_t)snprintf(buf + used, used < size ? size - used : 0, "%s%s=%s",
                                     used ? ";" : "", k, json_string_value(x) ? json_string_value(x) : "");
        }
    else json_array_foreach(v, i, x)
        {
            used += (size_t)snprintf(buf + used, used < size ? size - used : 0, "%s%s=%s",
                                     used ? ";" : "",
                                     json_string_value(json_object_get(x, "kind")),
                                     json_string_value(json_object_get(x, "url_ref")));
        }
    json_decref(v);
}

static void balance_text(const rw_account_rec *a, char *amount, size_t asize, char *when,
                         size_t wsize)
{
    if (!a->has_balance) {
        rw_str_copy(amount, asize, "-");
        rw_str_copy(when, wsize, "-");
        return;
    }
    snprintf(amount, asize, "%.2f %s", a->balance.amount, a->balance.currency);
    rw_time_format_iso(a->balance.at, when, wsize);
}

static rw_status list_text(const rw_account_list *l, FILE *out, rw_error *err)
{
    table t = {6, 0, 0, {"ACCOUNT", "NAME", "SOURCE", "BALANCE", "AT", "LABELS"},
               {1, 1, 1, 0, 1, 1}, NULL};
    for (size_t i = 0; i < l->n; i++) {
        const rw_account_rec *a = &l->recs[i];
        char(*row)[CELL] = table_row(&t);
        char amount[64], when[40], labels[CELL];
        if (!row) return table_oom(&t, err);
        balance_text(a, amount, sizeof amount, when, sizeof when);
        joined(a->labels, 0, labels, sizeof labels);
        put(row, 0, a->id);
        put(row, 1, a->name ? a->name : "");
        put(row, 2, a->registered ? "registered" : "seen");
        put(row, 3, amount);
        put(row, 4, when);
        put(row, 5, labels);
    }
    if (l->n) table_print(&t, out);
    else fputs("no accounts: register one with `runway accounts set ID`, or ingest bills or"
               " balances\n", out);
    free(t.cell);
    return rw_stream_status(out, err);
}

/* One account, every field on its own line. */
static void show_text(const rw_account_rec *a, FILE *out)
{
    char buf[CELL], amount[64], when[40], list[CELL];
    fprintf(out, "account:    %s\n", rw_text_esc(a->id, buf, sizeof buf));
    fprintf(out, "name:       %s\n", rw_text_esc(a->name ? a->name : "", buf, sizeof buf));
    fprintf(out, "source:     %s\n", a->registered ? "registered" : "seen in the data");
    joined(a->labels, 0, list, sizeof list);
    fprintf(out, "labels:     %s\n", rw_text_esc(list, buf, sizeof buf));
    fprintf(out, "owner:      %s\n", rw_text_esc(a->owner ? a->owner : "", buf, sizeof buf));
    if (a->payer) fprintf(out, "paid by:    %s\n", rw_text_esc(a->payer, buf, sizeof buf));
    else fputs("paid by:    itself\n", out);
    fprintf(out, "policy:     %s\n",
            a->policy ? rw_text_esc(a->policy, buf, sizeof buf) : "(default: generic)");
    joined(a->routes, 1, list, sizeof list);
    fprintf(out, "routes:     %s\n", list[0] ? rw_text_esc(list, buf, sizeof buf) : "(none)");
    if (isnan(a->budget)) fputs("budget:     (none)\n", out);
    else fprintf(out, "budget:     %.2f\n", a->budget);
    if (a->thresholds) fprintf(out, "thresholds: %s\n", rw_text_esc(a->thresholds, buf, sizeof buf));
    balance_text(a, amount, sizeof amount, when, sizeof when);
    fprintf(out, "balance:    %s at %s\n", amount, when);
}

static void list_csv(const rw_account_list *l, FILE *out)
{
    char list[CELL * 4];
    fputs("id,name,source,labels,owner,payer,policy,routes,budget,balance,currency,balance_at\n",
          out);
    for (size_t i = 0; i < l->n; i++) {
        const rw_account_rec *a = &l->recs[i];
        char when[40] = "";
        rw_csv_write_field(out, a->id);
        fputc(',', out);
        rw_csv_write_field(out, a->name ? a->name : "");
        fputs(a->registered ? ",registered," : ",seen,", out);
        joined(a->labels, 0, list, sizeof list);
        rw_csv_write_field(out, list);
        fputc(',', out);
        rw_csv_write_field(out, a->owner ? a->owner : "");
        fputc(',', out);
        rw_csv_write_field(out, a->payer ? a->payer : "");
        fputc(',', out);
        rw_csv_write_field(out, a->policy ? a->policy : "");
        fputc(',', out);
        joined(a->routes, 1, list, sizeof list);
        rw_csv_write_field(out, list);
        fputc(',', out);
        if (!isnan(a->budget)) fprintf(out, "%.15g", a->budget);
        if (a->has_balance) {
            rw_time_format_iso(a->balance.at, when, sizeof when);
            fprintf(out, ",%.15g,%s,%s\n", a->balance.amount, a->balance.currency, when);
        } else {
            fputs(",,,\n", out);
        }
    }
}

rw_status rw_account_list_write(const rw_account_list *l, rw_output fmt, int detail, FILE *out,
                                rw_error *err)
{
    if (fmt == RW_OUT_JSON) {
        if (detail && l->n == 1) return rw_json_write(out, account_json(&l->recs[0]), RW_JSON_PRETTY, err);
        json_t *arr = json_array();
        for (size_t i = 0; arr && i < l->n; i++) {
            json_t *o = account_json(&l->recs[i]);
            if (!o || json_array_append_new(arr, o)) {
                json_decref(arr);
                arr = NULL;
            }
        }
        return rw_json_write(out, arr, RW_JSON_PRETTY, err);
    }
    if (fmt == RW_OUT_CSV) {
        list_csv(l, out);
        return rw_stream_status(out, err);
    }
    if (!detail) return list_text(l, out, err);
    for (size_t i = 0; i < l->n; i++) {
        if (i) fputc('\n', out);
        show_text(&l->recs[i], out);
    }
    return rw_stream_status(out, err);
}

/* ---- results over every account --------------------------------------------- */

/* A result with its place in the ranking: compared by key[0], key[1],
 * key[2] (smaller first), then id. */
typedef struct ranked {
    double key[3];
    rw_account_result x;
} ranked;

/* The latest anomaly of a set (NULL when none) and how many there are. */
static const rw_anomaly *latest_anomaly(const rw_anomaly_set *a, const rw_anomaly_item **item,
                                        size_t *count)
{
    const rw_anomaly *best = NULL;
    *count = 0;
    for (size_t i = 0; a && i < a->n; i++) {
        const rw_anomaly_report *r = a->item[i].r;
        *count += r->n;
        if (r->n && (!best || r->a[r->n - 1].t > best->t)) {
            best = &r->a[r->n - 1];
            *item = &a->item[i];
        }
    }
    return best;
}

static void rank_keys(rw_all_kind kind, const rw_account_result *x, double key[3])
{
    key[0] = key[1] = key[2] = 0;
    if (x->status != RW_OK) {
        key[0] = 3;
        return;
    }
    if (kind == RW_ALL_BUDGET) {
        const rw_budget_result *b = x->result;
        key[0] = x->no_budget ? 2 : 0;
        if (!x->no_budget) {
            key[1] = -b->b.p_exceed;
            key[2] = -b->pd.spent / b->amount;
        }
    } else if (kind == RW_ALL_ANOMALIES) {
        const rw_anomaly_item *it = NULL;
        size_t n;
        const rw_anomaly *an = latest_anomaly(x->result, &it, &n);
        key[1] = -(double)n;
        key[2] = an ? -(double)an->t : 0;
    } else {
        const rw_runout_facts *f = rw_runout_result_facts(x->rank);
        key[0] = f->arrears.in_arrears ? 0 : 1;
        key[1] = f->arrears.in_arrears ? -f->arrears.owed
                 : f->day[1] == RW_NEVER ? HUGE_VAL : (double)f->day[1];
    }
}

static int cmp_ranked(const void *x, const void *y)
{
    const ranked *a = x, *b = y;
    for (size_t k = 0; k < 3; k++)
        if (a->key[k] != b->key[k]) return a->key[k] < b->key[k] ? -1 : 1;
    return strcmp(a->x.acc.id, b->x.acc.id);
}

void rw_account_results_rank(rw_account_results *r)
{
    ranked *k = r->n > 1 ? malloc(r->n * sizeof *k) : NULL;
    if (!k) return; /* one result, or no memory: left in id order */
    for (size_t i = 0; i < r->n; i++) {
        k[i].x = r->r[i];
        rank_keys(r->kind, &r->r[i], k[i].key);
    }
    qsort(k, r->n, sizeof *k, cmp_ranked);
    for (size_t i = 0; i < r->n; i++) r->r[i] = k[i].x;
    free(k);
}

size_t rw_account_results_count(const rw_account_results *r)
{
    return r ? r->n : 0;
}

size_t rw_account_results_failed(const rw_account_results *r)
{
    return r ? r->failed : 0;
}

void rw_account_results_free(rw_account_results *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n; i++) {
        rw_account_result *x = &r->r[i];
        switch (r->kind) {
        case RW_ALL_RUNOUT: rw_runout_result_free(x->result); break;
        case RW_ALL_THRESHOLDS:
            rw_thresholds_result_free(x->result);
            rw_runout_result_free(x->rank);
            break;
        case RW_ALL_ARREARS: rw_arrears_result_free(x->result); break;
        case RW_ALL_BUDGET: rw_budget_result_free(x->result); break;
        case RW_ALL_ANOMALIES: rw_anomaly_set_free(x->result); break;
        case RW_ALL_REPORT: rw_org_account_free(x->result); break;
        case RW_ALL_NOTIFY:
            rw_alert_run_free(x->result);
            rw_runout_result_free(x->rank);
            break;
        }
        rw_account_rec_cleanup(&x->acc);
    }
    for (size_t g = 0; g < r->ngroups; g++) free(r->groups[g].value);
    free(r->groups);
    free(r->group_by);
    free(r->r);
    free(r);
}

/* The level of the ladder the balance is below ("ok" above them all): the
 * one with the smallest threshold still above the balance. */
static void level_text(const rw_thresholds_result *t, double balance, char *out, size_t size)
{
    size_t best = t->t.n;
    for (size_t i = 0; i < t->t.n; i++)
        if (balance < t->t.x[i] && (best == t->t.n || t->t.x[i] < t->t.x[best])) best = i;
    if (best == t->t.n) rw_str_copy(out, size, "ok");
    else rw_threshold_name(t->t.lead, t->t.n, best, out, size);
}

/* The status word of one result. */
static void status_text(const rw_account_results *rs, const rw_account_result *x, char *out,
                        size_t size)
{
    const rw_runout_facts *f = x->rank ? rw_runout_result_facts(x->rank) : NULL;
    if (x->status != RW_OK) rw_str_copy(out, size, "error");
    else if (f->arrears.in_arrears) rw_str_copy(out, size, "arrears");
    else if (rs->kind == RW_ALL_THRESHOLDS) level_text(x->result, f->observed, out, size);
    else rw_str_copy(out, size, "ok");
}

/* The local day of UTC instant t in the result's zone. */
static void local_day(const rw_runout_result *r, int64_t t, char out[16])
{
    rw_time_format_day(rw_tz_to_local(r->tz, t), out);
}

/* DAYS LEFT and RUN-OUT cells: "owes X" and "since DAY" in arrears, else
 * the P50 day count and date ("never": beyond the horizon). */
static void days_text(const rw_account_result *x, char *days, size_t dsize, char *when,
                      size_t wsize)
{
    const rw_runout_facts *f = rw_runout_result_facts(x->rank);
    char day[16];
    if (f->arrears.in_arrears) {
        snprintf(days, dsize, "owes %.2f", f->arrears.owed);
        local_day(x->rank, f->arrears.since, day);
        snprintf(when, wsize, "%s%s", f->arrears.since_bounded ? "since " : "before ", day);
    } else if (f->day[1] == RW_NEVER) {
        snprintf(days, dsize, "> %zu", f->horizon_days);
        rw_str_copy(when, wsize, "never");
    } else {
        snprintf(days, dsize, "%ld", f->day[1]);
        rw_time_format_day(f->negative_from[1], day);
        rw_str_copy(when, wsize, day);
    }
}

/* The kind's own column: the thresholds, or the arrears phase and what
 * clears it. */
static void extra_text(const rw_account_results *rs, const rw_account_result *x, char *out,
                       size_t size)
{
    const rw_runout_facts *f = rw_runout_result_facts(x->rank);
    size_t used = 0;
    out[0] = '\0';
    if (rs->kind == RW_ALL_THRESHOLDS) {
        const rw_thresholds_result *t = x->result;
        for (size_t i = 0; i < t->t.n && used < size; i++) {
            char name[16];
            rw_threshold_name(t->t.lead, t->t.n, i, name, sizeof name);
            used += (size_t)snprintf(out + used, size - used, "%s%s %.2f", i ? ", " : "", name,
                                     t->t.x[i]);
        }
    } else if (rs->kind == RW_ALL_ARREARS) {
        if (f->arrears.in_arrears)
            snprintf(out, size, "%s, pay %.2f to clear", f->arrears.phase, f->arrears.to_clear);
        else
            rw_str_copy(out, size, "not in arrears");
    }
}

static rw_status results_text(const rw_account_results *rs, FILE *out, rw_error *err)
{
    static const char *extra_head[RW_ALL_REPORT + 1] = {[RW_ALL_THRESHOLDS] = "THRESHOLDS",
                                                        [RW_ALL_ARREARS] = "ARREARS"};
    table t = {7, 0, 0, {"ACCOUNT", "NAME", "STATUS", "BALANCE", "AT", "DAYS LEFT", "RUN-OUT"},
               {1, 1, 1, 0, 1, 0, 1}, NULL};
    if (extra_head[rs->kind]) {
        t.head[t.ncols] = extra_head[rs->kind];
        t.left[t.ncols++] = 1;
    }
    t.head[t.ncols] = "ERROR";
    t.left[t.ncols++] = 1;
    int errors = rs->failed > 0;
    if (!errors) t.ncols--;
    for (size_t i = 0; i < rs->n; i++) {
        const rw_account_result *x = &rs->r[i];
        char(*row)[CELL] = table_row(&t);
        char s[CELL], s2[CELL];
        if (!row) return table_oom(&t, err);
        put(row, 0, x->acc.id);
        put(row, 1, x->acc.name ? x->acc.name : "");
        status_text(rs, x, s, sizeof s);
        put(row, 2, s);
        if (x->status == RW_OK) {
            const rw_runout_facts *f = rw_runout_result_facts(x->rank);
            snprintf(s, sizeof s, "%.2f %s", f->observed, f->currency);
            put(row, 3, s);
            if (f->observed_at != INT64_MIN) rw_time_format_iso(f->observed_at, s, sizeof s);
            else rw_str_copy(s, sizeof s, "-");
            put(row, 4, s);
            days_text(x, s, sizeof s, s2, sizeof s2);
            put(row, 5, s);
            put(row, 6, s2);
            if (extra_head[rs->kind]) {
                extra_text(rs, x, s, sizeof s);
                put(row, 7, s);
            }
        } else {
            for (size_t c = 3; c + 1 < t.ncols; c++) put(row, c, "-");
        }
        if (errors) put(row, t.ncols - 1, x->status == RW_OK ? "" : x->error);
    }
    return table_end(&t, rs, out, err);
}

static json_t *result_json(const rw_account_results *rs, const rw_account_result *x)
{
    json_t *o = json_object(), *body = NULL;
    if (!o) return NULL;
    json_object_set_new(o, "account", json_string(x->acc.id));
    json_object_set_new(o, "name", json_string(x->acc.name ? x->acc.name : ""));
    json_object_set_new(o, "labels", json_text_or(x->acc.labels, json_object()));
    if (x->status != RW_OK) {
        json_object_set_new(o, "error", json_string(x->error));
        return o;
    }
    switch (rs->kind) {
    case RW_ALL_RUNOUT: body = rw_runout_json(x->result); break;
    case RW_ALL_THRESHOLDS: body = rw_thresholds_json(x->result); break;
    case RW_ALL_ARREARS: body = rw_arrears_statement_json(x->result); break;
    case RW_ALL_BUDGET: body = rw_budget_json(x->result); break;
    case RW_ALL_ANOMALIES: body = rw_anomaly_set_json(x->result); break;
    case RW_ALL_REPORT: body = json_object(); break; /* its run-out's paths are dropped */
    case RW_ALL_NOTIFY: body = json_object(); break; /* written by notify_write.c */
    }
    if (!body || json_object_update(o, body)) {
        json_decref(body);
        json_decref(o);
        return NULL;
    }
    json_decref(body);
    return o;
}

static void results_csv(const rw_account_results *rs, FILE *out)
{
    static const char *extra_head[RW_ALL_REPORT + 1] = {[RW_ALL_THRESHOLDS] = ",thresholds",
                                                        [RW_ALL_ARREARS] = ",phase,to_clear"};
    fprintf(out, "account,name,status,balance,currency,balance_at,days_p50,runout_p50,owed,"
                 "arrears_since%s,error\n", extra_head[rs->kind] ? extra_head[rs->kind] : "");
    for (size_t i = 0; i < rs->n; i++) {
        const rw_account_result *x = &rs->r[i];
        char s[CELL], when[40] = "", day[16] = "";
        rw_csv_write_field(out, x->acc.id);
        fputc(',', out);
        rw_csv_write_field(out, x->acc.name ? x->acc.name : "");
        status_text(rs, x, s, sizeof s);
        fprintf(out, ",%s,", s);
        if (x->status != RW_OK) {
            fputs(",,,,,,,", out);
            fputs(rs->kind == RW_ALL_THRESHOLDS ? "," : rs->kind == RW_ALL_ARREARS ? ",," : "", out);
            rw_csv_write_field(out, x->error);
            fputc('\n', out);
            continue;
        }
        const rw_runout_facts *f = rw_runout_result_facts(x->rank);
        if (f->observed_at != INT64_MIN) rw_time_format_iso(f->observed_at, when, sizeof when);
        fprintf(out, "%.15g,%s,%s,", f->observed, f->currency, when);
        if (!f->arrears.in_arrears && f->day[1] != RW_NEVER) {
            rw_time_format_day(f->negative_from[1], day);
            fprintf(out, "%ld,%s,", f->day[1], day);
        } else {
            fprintf(out, ",%s,", f->arrears.in_arrears ? "" : "never");
        }
        if (f->arrears.in_arrears) {
            local_day(x->rank, f->arrears.since, day);
            fprintf(out, "%.15g,%s", f->arrears.owed, day);
        } else {
            fputc(',', out);
        }
        if (rs->kind == RW_ALL_THRESHOLDS) {
            extra_text(rs, x, s, sizeof s);
            fputc(',', out);
            rw_csv_write_field(out, s);
        } else if (rs->kind == RW_ALL_ARREARS) {
            if (f->arrears.in_arrears) fprintf(out, ",%s,%.15g", f->arrears.phase, f->arrears.to_clear);
            else fputs(",ok,", out);
        }
        fputs(",\n", out);
    }
}

/* ---- budgets and anomalies over every account -------------------------------------- */

/* Day k (1-based) after as-of, "already" (0) or "-" (none). */
static void breach_text(const rw_budget_result *b, char *out, size_t size)
{
    char d[16];
    long k = b->b.breach_p50;
    if (k == RW_RUNOUT_NONE) rw_str_copy(out, size, "-");
    else if (k == 0) rw_str_copy(out, size, "already");
    else {
        rw_time_format_day(b->pd.as_of + (int64_t)k * RW_DAY, d);
        rw_str_copy(out, size, d);
    }
}

/* The status word of a budget: over (already), likely over (more likely
 * than not by the end of the period), ok, no budget, error. */
static const char *budget_status(const rw_account_result *x)
{
    const rw_budget_result *b = x->result;
    if (x->status != RW_OK) return "error";
    if (x->no_budget) return "no budget";
    if (b->b.breach_p50 == 0) return "over";
    return b->b.p_exceed >= 0.5 ? "likely over" : "ok";
}

static rw_status budget_text(const rw_account_results *rs, FILE *out, rw_error *err)
{
    table t = {9, 0, 0, {"ACCOUNT", "NAME", "STATUS", "BUDGET", "SPENT", "FORECAST", "P(OVER)",
                         "BREACH", "ERROR"},
               {1, 1, 1, 0, 0, 0, 0, 1, 1}, NULL};
    if (!rs->failed) t.ncols--;
    for (size_t i = 0; i < rs->n; i++) {
        const rw_account_result *x = &rs->r[i];
        const rw_budget_result *b = x->result;
        char(*row)[CELL] = table_row(&t);
        char s[CELL];
        if (!row) return table_oom(&t, err);
        put(row, 0, x->acc.id);
        put(row, 1, x->acc.name ? x->acc.name : "");
        put(row, 2, budget_status(x));
        for (size_t c = 3; c < 8; c++) put(row, c, "-");
        if (x->status == RW_OK) {
            if (!x->no_budget) {
                snprintf(s, sizeof s, "%.2f %s", b->amount, b->currency);
                put(row, 3, s);
                snprintf(s, sizeof s, "%.0f%%", 100 * b->b.p_exceed);
                put(row, 6, s);
                breach_text(b, s, sizeof s);
                put(row, 7, s);
            }
            snprintf(s, sizeof s, "%.2f", b->pd.spent);
            put(row, 4, s);
            snprintf(s, sizeof s, "%.2f", b->b.mean);
            put(row, 5, s);
        }
        if (rs->failed) put(row, 8, x->status == RW_OK ? "" : x->error);
    }
    return table_end(&t, rs, out, err);
}

static void budget_csv(const rw_account_results *rs, FILE *out)
{
    fputs("account,name,status,currency,budget,spent,forecast_mean,forecast_p10,forecast_p90,"
          "probability_over,breach_p50,period_from,period_to,error\n", out);
    for (size_t i = 0; i < rs->n; i++) {
        const rw_account_result *x = &rs->r[i];
        const rw_budget_result *b = x->result;
        char s[CELL], f[16], t[16];
        rw_csv_write_field(out, x->acc.id);
        fputc(',', out);
        rw_csv_write_field(out, x->acc.name ? x->acc.name : "");
        fprintf(out, ",%s,", budget_status(x));
        if (x->status != RW_OK) {
            fputs(",,,,,,,,,,", out);
            rw_csv_write_field(out, x->error);
            fputc('\n', out);
            continue;
        }
        fprintf(out, "%s,", b->currency);
        if (!x->no_budget) fprintf(out, "%.15g", b->amount);
        fprintf(out, ",%.15g,%.15g,%.15g,%.15g,", b->pd.spent, b->b.mean, b->b.p10, b->b.p90);
        if (!x->no_budget) {
            breach_text(b, s, sizeof s);
            fprintf(out, "%.15g,%s", b->b.p_exceed, s[0] == '-' ? "" : s);
        } else {
            fputc(',', out);
        }
        rw_time_format_day(b->pd.from, f);
        rw_time_format_day(b->pd.to, t);
        fprintf(out, ",%s,%s,\n", f, t);
    }
}

static rw_status groups_text(const rw_account_results *rs, FILE *out, rw_error *err)
{
    table t = {8, 0, 0, {rs->group_by, "CURRENCY", "ACCOUNTS", "BUDGETED", "SPENT", "FORECAST",
                         "BUDGET", "FAILED"},
               {1, 1, 0, 0, 0, 0, 0, 0}, NULL};
    if (!rs->failed) t.ncols--;
    for (size_t g = 0; g < rs->ngroups; g++) {
        const rw_account_group *G = &rs->groups[g];
        char(*row)[CELL] = table_row(&t);
        char s[CELL];
        if (!row) return table_oom(&t, err);
        put(row, 0, G->value ? G->value : "(none)");
        put(row, 1, G->currency[0] ? G->currency : "-");
        snprintf(s, sizeof s, "%zu", G->accounts);
        put(row, 2, s);
        snprintf(s, sizeof s, "%zu", G->budgeted);
        put(row, 3, s);
        snprintf(s, sizeof s, "%.2f", G->spent);
        put(row, 4, s);
        snprintf(s, sizeof s, "%.2f", G->forecast);
        put(row, 5, s);
        snprintf(s, sizeof s, "%.2f", G->budget);
        put(row, 6, s);
        if (rs->failed) {
            snprintf(s, sizeof s, "%zu", G->failed);
            put(row, 7, s);
        }
    }
    return table_end(&t, rs, out, err);
}

static json_t *group_json(const rw_account_results *rs, const rw_account_group *G)
{
    return json_pack("{s:s, s:o, s:o, s:I, s:I, s:I, s:f, s:f, s:f}", "label", rs->group_by,
                     "value", str_or_null(G->value), "currency",
                     G->currency[0] ? json_string(G->currency) : json_null(), "accounts",
                     (json_int_t)G->accounts, "budgeted", (json_int_t)G->budgeted, "failed",
                     (json_int_t)G->failed, "spent", G->spent, "forecast_total", G->forecast,
                     "budget", G->budget);
}

static void groups_csv(const rw_account_results *rs, FILE *out)
{
    fputs("label,value,currency,accounts,budgeted,failed,spent,forecast_total,budget\n", out);
    for (size_t g = 0; g < rs->ngroups; g++) {
        const rw_account_group *G = &rs->groups[g];
        rw_csv_write_field(out, rs->group_by);
        fputc(',', out);
        rw_csv_write_field(out, G->value ? G->value : "");
        fprintf(out, ",%s,%zu,%zu,%zu,%.15g,%.15g,%.15g\n", G->currency, G->accounts,
                G->budgeted, G->failed, G->spent, G->forecast, G->budget);
    }
}

/* The latest anomaly's cells: when (and which series when not "total"),
 * and its direction and excess. */
static void anomaly_cells(const rw_anomaly_set *a, char *when, size_t wsize, char *excess,
                          size_t esize, size_t *count)
{
    const rw_anomaly_item *it = NULL;
    const rw_anomaly *an = latest_anomaly(a, &it, count);
    char t[32];
    if (!an) {
        rw_str_copy(when, wsize, "-");
        rw_str_copy(excess, esize, "-");
        return;
    }
    rw_tz_format_bucket(a->tz, an->t, it->gran, t, sizeof t);
    if (strcmp(it->name, "total")) snprintf(when, wsize, "%s %s", t, it->name);
    else rw_str_copy(when, wsize, t);
    snprintf(excess, esize, "%+.2f %s", an->excess, an->direction > 0 ? "above" : "below");
}

static rw_status anomalies_text(const rw_account_results *rs, FILE *out, rw_error *err)
{
    table t = {6, 0, 0, {"ACCOUNT", "NAME", "STATUS", "ANOMALIES", "LATEST", "EXCESS", "ERROR"},
               {1, 1, 1, 0, 1, 1, 1}, NULL};
    if (rs->failed) t.ncols++;
    for (size_t i = 0; i < rs->n; i++) {
        const rw_account_result *x = &rs->r[i];
        char(*row)[CELL] = table_row(&t);
        char when[CELL], ex[64], s[32];
        size_t n = 0;
        if (!row) return table_oom(&t, err);
        put(row, 0, x->acc.id);
        put(row, 1, x->acc.name ? x->acc.name : "");
        if (x->status == RW_OK) {
            anomaly_cells(x->result, when, sizeof when, ex, sizeof ex, &n);
            put(row, 2, n ? "anomalies" : "ok");
            snprintf(s, sizeof s, "%zu", n);
            put(row, 3, s);
            put(row, 4, when);
            put(row, 5, ex);
        } else {
            put(row, 2, "error");
            for (size_t c = 3; c < 6; c++) put(row, c, "-");
        }
        if (rs->failed) put(row, 6, x->status == RW_OK ? "" : x->error);
    }
    return table_end(&t, rs, out, err);
}

static void anomalies_csv(const rw_account_results *rs, FILE *out)
{
    fputs("account,name,status,anomalies,latest,series,value,expected,direction,excess,error\n",
          out);
    for (size_t i = 0; i < rs->n; i++) {
        const rw_account_result *x = &rs->r[i];
        const rw_anomaly_set *a = x->result;
        const rw_anomaly_item *it = NULL;
        size_t n = 0;
        const rw_anomaly *an = x->status == RW_OK ? latest_anomaly(a, &it, &n) : NULL;
        char t[32], v[40];
        rw_csv_write_field(out, x->acc.id);
        fputc(',', out);
        rw_csv_write_field(out, x->acc.name ? x->acc.name : "");
        if (x->status != RW_OK) {
            fputs(",error,,,,,,,,", out);
            rw_csv_write_field(out, x->error);
            fputc('\n', out);
            continue;
        }
        fprintf(out, ",%s,%zu,", n ? "anomalies" : "ok", n);
        if (!an) {
            fputs(",,,,,,\n", out);
            continue;
        }
        rw_tz_format_bucket(a->tz, an->t, it->gran, t, sizeof t);
        fprintf(out, "%s,", t);
        rw_csv_write_field(out, it->name);
        rw_format_value(an->value, v, sizeof v);
        fprintf(out, ",%s,", v);
        rw_format_value(an->expected, v, sizeof v);
        fprintf(out, "%s,%s,", v, an->direction > 0 ? "above" : "below");
        rw_format_value(an->excess, v, sizeof v);
        fprintf(out, "%s,\n", v);
    }
}

rw_status rw_account_results_write(const rw_account_results *r, rw_output fmt, FILE *out,
                                   rw_error *err)
{
    int groups = r->kind == RW_ALL_BUDGET && r->group_by;
    if (fmt == RW_OUT_JSON) {
        json_t *arr = json_array();
        for (size_t i = 0; arr && i < (groups ? r->ngroups : r->n); i++) {
            json_t *o = groups ? group_json(r, &r->groups[i]) : result_json(r, &r->r[i]);
            if (!o || json_array_append_new(arr, o)) {
                json_decref(arr);
                arr = NULL;
            }
        }
        return rw_json_write(out, arr, RW_JSON_PRETTY, err);
    }
    if (fmt == RW_OUT_CSV) {
        if (groups) groups_csv(r, out);
        else if (r->kind == RW_ALL_BUDGET) budget_csv(r, out);
        else if (r->kind == RW_ALL_ANOMALIES) anomalies_csv(r, out);
        else results_csv(r, out);
        return rw_stream_status(out, err);
    }
    if (fmt != RW_OUT_TEXT)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "--all-accounts writes text, json or csv");
    if (groups) return groups_text(r, out, err);
    if (r->kind == RW_ALL_BUDGET) return budget_text(r, out, err);
    if (r->kind == RW_ALL_ANOMALIES) return anomalies_text(r, out, err);
    return results_text(r, out, err);
}
