/* ingest_sink.c: writing parsed records into the store.
 *
 * Invariant: every record callback either writes its record or returns an
 * error that makes the ingest driver roll the whole file back, so counts in the
 * report always equal what was stored. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/ingest_sink.h"
#include "store/store_internal.h"
#include "util/grow.h"
#include "util/strutil.h"
#include "util/timeutil.h"

#define NDIM 12            /* text dimensions of a charge */
#define DIM_SLOTS 65536    /* dims cache slots (power of two) */
#define DIM_MAX 49152      /* entries before the cache is emptied */
#define USAGE_SLOTS 4096   /* initial usage table slots (power of two) */
#define RAW_MAX 4096       /* bytes of a rejected row's text kept */
#define CHARGE_BATCH 64    /* charges written per multi-row INSERT */
#define CHARGE_COLS 14     /* columns bound per charge */

typedef struct dim_entry {
    unsigned long long hash; /* 0: empty slot */
    int64_t id;
    char *key; /* the NDIM strings, each NUL-terminated, back to back */
    size_t key_len;
} dim_entry;

typedef struct pending_charge {
    long line;
    int64_t dim, start, end, period;
    double billed, effective, list, quantity;
    double cash, incentive, voucher, transfer;
} pending_charge;

typedef struct usage_entry {
    unsigned long long hash; /* 0: empty slot */
    int64_t hour;
    char *bucket, *region;
    int64_t requests, egress_user, egress_cdn, ingress, storage_delta;
} usage_entry;

struct rw_store_sink {
    rw_store *store;
    int64_t source_id;
    const char *file;
    int strict;
    rw_ingest_report *rep;
    rw_error *err;
    sqlite3_stmt *ins_charge, *ins_dim, *get_dim, *ins_reject, *ins_point, *ins_balance;
    sqlite3_stmt *ins_ledger, *del_ledger_balance, *ins_ledger_balance;
    sqlite3_stmt *ins_charges; /* CHARGE_BATCH rows at once */
    pending_charge pending[CHARGE_BATCH];
    size_t npending;
    dim_entry *dims;
    size_t ndims;
    usage_entry *usage;
    size_t usage_cap, nusage;
    char key[RW_CHARGE_DIMS_MAX]; /* scratch for building a dims key */
    void (*progress)(void *);
    void *pctx;
    long since_progress;
    /* Identity of the parsed content: per-record hashes summed, so it does
     * not depend on byte-level details or on the order of the rows. */
    unsigned long long content[2];
    long content_n;
    rw_store_period *periods; /* what the charges hold per billing period */
    size_t nperiods, periods_cap, last_period;
};

static rw_status prep(rw_store_sink *k, const char *sql, sqlite3_stmt **st)
{
    if (sqlite3_prepare_v3(k->store->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) !=
        SQLITE_OK)
        return rw_store_dberr(k->store, k->err, "preparing an insert");
    return RW_OK;
}

rw_status rw_store_sink_alloc(rw_store *s, int64_t source_id, const char *file, int strict,
                              rw_ingest_report *rep, rw_error *err, rw_store_sink **out)
{
    rw_store_sink *k = calloc(1, sizeof *k);
    *out = k;
    if (!k) return rw_error_set(err, RW_ENOMEM, file, 0, "out of memory");
    k->store = s;
    k->source_id = source_id;
    k->file = file;
    k->strict = strict;
    k->rep = rep;
    k->err = err;
    k->dims = calloc(DIM_SLOTS, sizeof *k->dims);
    k->usage_cap = USAGE_SLOTS;
    k->usage = calloc(k->usage_cap, sizeof *k->usage);
    if (!k->dims || !k->usage) return rw_error_set(err, RW_ENOMEM, file, 0, "out of memory");
    rw_status st;
    /* One statement inserting CHARGE_BATCH rows: statement overhead is paid
     * once per batch instead of once per charge. */
#define CHARGE_INSERT                                                                     \
    "INSERT INTO charges(source_id, line, dim_id, period_start, period_end, billed,"       \
    " effective, list, quantity, cash, incentive, voucher, transfer, period) VALUES"
#define CHARGE_ROW "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
    char sql[CHARGE_BATCH * sizeof "," CHARGE_ROW + sizeof CHARGE_INSERT];
    size_t used = (size_t)snprintf(sql, sizeof sql, "%s", CHARGE_INSERT);
    for (int i = 0; i < CHARGE_BATCH; i++)
        used += (size_t)snprintf(sql + used, sizeof sql - used, "%s" CHARGE_ROW, i ? "," : "");
    if ((st = prep(k, sql, &k->ins_charges)) != RW_OK ||
        (st = prep(k, CHARGE_INSERT CHARGE_ROW, &k->ins_charge)) != RW_OK ||
        (st = prep(k, "INSERT INTO dims(provider, billing_account, sub_account, service,"
                      " service_category, region, resource, charge_category, charge_frequency,"
                      " currency, unit, tags) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)"
                      " ON CONFLICT DO NOTHING",
                   &k->ins_dim)) != RW_OK ||
        (st = prep(k, "SELECT id FROM dims WHERE provider=? AND billing_account=? AND"
                      " sub_account=? AND service=? AND service_category=? AND region=? AND"
                      " resource=? AND charge_category=? AND charge_frequency=? AND currency=?"
                      " AND unit=? AND tags=?",
                   &k->get_dim)) != RW_OK ||
        (st = prep(k, "INSERT INTO rejects(source_id, line, reason, raw, kind)"
                      " VALUES(?,?,?,?,?)",
                   &k->ins_reject)) != RW_OK ||
        (st = prep(k, "INSERT INTO points(source_id, series, t, value) VALUES(?,?,?,?)",
                   &k->ins_point)) != RW_OK ||
        (st = prep(k, "INSERT INTO balances(account, at, amount, currency, origin, source_id)"
                      " VALUES(?,?,?,?,'file',?)",
                   &k->ins_balance)) != RW_OK ||
        /* A transaction seen again (overlapping fetches) is stored once,
         * owned by the source that brought it last. */
        (st = prep(k, "INSERT INTO ledger(account, tx_id, at, kind, action, amount, balance,"
                      " cash, incentive, freezing, currency, info, source_id, line)"
                      " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(account, tx_id) DO UPDATE"
                      " SET at=excluded.at, kind=excluded.kind, action=excluded.action,"
                      " amount=excluded.amount, balance=excluded.balance, cash=excluded.cash,"
                      " incentive=excluded.incentive, freezing=excluded.freezing,"
                      " currency=excluded.currency, info=excluded.info,"
                      " source_id=excluded.source_id, line=excluded.line",
                   &k->ins_ledger)) != RW_OK ||
        (st = prep(k, "DELETE FROM balances WHERE origin='ledger' AND account=? AND at=?"
                      " AND amount=?",
                   &k->del_ledger_balance)) != RW_OK ||
        (st = prep(k, "INSERT INTO balances(account, at, amount, currency, origin, source_id)"
                      " VALUES(?,?,?,?,'ledger',?)",
                   &k->ins_ledger_balance)) != RW_OK)
        return st;
    return RW_OK;
}

void rw_store_sink_progress(rw_store_sink *k, void (*fn)(void *), void *ctx)
{
    k->progress = fn;
    k->pctx = ctx;
}

static void dims_clear(rw_store_sink *k)
{
    for (size_t i = 0; i < DIM_SLOTS; i++) {
        free(k->dims[i].key);
        k->dims[i].key = NULL;
        k->dims[i].hash = 0;
    }
    k->ndims = 0;
}

void rw_store_sink_free(rw_store_sink *k)
{
    if (!k) return;
    if (k->dims) dims_clear(k);
    free(k->dims);
    for (size_t i = 0; k->usage && i < k->usage_cap; i++) {
        free(k->usage[i].bucket);
        free(k->usage[i].region);
    }
    free(k->usage);
    for (size_t i = 0; i < k->nperiods; i++) {
        free(k->periods[i].provider);
        free(k->periods[i].billing_account);
    }
    free(k->periods);
    sqlite3_finalize(k->ins_charge);
    sqlite3_finalize(k->ins_charges);
    sqlite3_finalize(k->ins_dim);
    sqlite3_finalize(k->get_dim);
    sqlite3_finalize(k->ins_reject);
    sqlite3_finalize(k->ins_point);
    sqlite3_finalize(k->ins_balance);
    sqlite3_finalize(k->ins_ledger);
    sqlite3_finalize(k->del_ledger_balance);
    sqlite3_finalize(k->ins_ledger_balance);
    free(k);
}

static void step_done(rw_store_sink *k)
{
    if (k->progress && ++k->since_progress >= RW_SINK_PROGRESS_ROWS) {
        k->since_progress = 0;
        k->progress(k->pctx);
    }
}

static void sink_row(void *ctx)
{
    rw_store_sink *k = ctx;
    k->rep->rows++;
    step_done(k);
}

static void note_time(rw_ingest_report *rep, int64_t t)
{
    if (rep->charges + rep->usage_records + rep->points == 0 || t < rep->first) rep->first = t;
    if (rep->charges + rep->usage_records + rep->points == 0 || t > rep->last) rep->last = t;
}

/* Looks the dimension combination of `c` up, inserting it when new; *hash
 * gets the hash of the dimension values. */
static rw_status dim_id(rw_store_sink *k, const rw_charge *c, int64_t *id,
                        unsigned long long *hash)
{
    const char *v[NDIM] = {c->provider,         c->billing_account, c->sub_account,
                           c->service,          c->service_category, c->region,
                           c->resource,         c->charge_category, c->charge_frequency,
                           c->currency,         c->unit,            c->tags};
    size_t len[NDIM], n = 0;
    for (int i = 0; i < NDIM; i++) {
        len[i] = strlen(v[i]);
        if (n + len[i] + 1 > sizeof k->key)
            return rw_error_set(k->err, RW_EFORMAT, k->file, 0,
                                "dimension values longer than %zu bytes", sizeof k->key);
        memcpy(k->key + n, v[i], len[i] + 1);
        n += len[i] + 1;
    }
    unsigned long long h = rw_hash64(k->key, n, 0) | 1;
    *hash = h;
    size_t slot = (size_t)h & (DIM_SLOTS - 1);
    while (k->dims[slot].hash) {
        dim_entry *e = &k->dims[slot];
        if (e->hash == h && e->key_len == n && memcmp(e->key, k->key, n) == 0) {
            *id = e->id;
            return RW_OK;
        }
        slot = (slot + 1) & (DIM_SLOTS - 1);
    }
    sqlite3_stmt *ins = k->ins_dim, *get = k->get_dim;
    for (int i = 0; i < NDIM; i++) {
        sqlite3_bind_text(ins, i + 1, v[i], (int)len[i], SQLITE_STATIC);
        sqlite3_bind_text(get, i + 1, v[i], (int)len[i], SQLITE_STATIC);
    }
    int rc = sqlite3_step(ins);
    sqlite3_reset(ins);
    if (rc != SQLITE_DONE) return rw_store_dberr(k->store, k->err, "storing a dimension");
    if (sqlite3_changes(k->store->db) == 1) {
        *id = sqlite3_last_insert_rowid(k->store->db);
    } else {
        rc = sqlite3_step(get);
        if (rc != SQLITE_ROW) {
            sqlite3_reset(get);
            return rw_store_dberr(k->store, k->err, "looking up a dimension");
        }
        *id = sqlite3_column_int64(get, 0);
        sqlite3_reset(get);
    }
    if (k->ndims >= DIM_MAX) {
        dims_clear(k);
        slot = (size_t)h & (DIM_SLOTS - 1);
    }
    char *key = malloc(n);
    if (!key) return rw_error_set(k->err, RW_ENOMEM, k->file, 0, "out of memory");
    memcpy(key, k->key, n);
    k->dims[slot] = (dim_entry){h, *id, key, n};
    k->ndims++;
    return RW_OK;
}

static void bind_opt(sqlite3_stmt *st, int i, double v)
{
    if (isnan(v)) sqlite3_bind_null(st, i);
    else sqlite3_bind_double(st, i, v);
}

static void add_total(rw_ingest_report *rep, const char *cur, double billed)
{
    for (int i = 0; i < rep->ncurrencies; i++)
        if (strcmp(rep->totals[i].code, cur) == 0) {
            rw_ksum_add(&rep->totals[i].billed, billed);
            rep->totals[i].charges++;
            return;
        }
    if (rep->ncurrencies == RW_REPORT_CURRENCIES) {
        rep->more_currencies = 1;
        return;
    }
    rw_currency_total *t = &rep->totals[rep->ncurrencies++];
    memset(t, 0, sizeof *t);
    rw_str_copy(t->code, sizeof t->code, cur);
    rw_ksum_add(&t->billed, billed);
    t->charges = 1;
}

/* Binds pending charge `p` at parameter offset `base` of statement `s`. */
static void bind_charge(rw_store_sink *k, sqlite3_stmt *s, int base, const pending_charge *p)
{
    sqlite3_bind_int64(s, base + 1, k->source_id);
    sqlite3_bind_int64(s, base + 2, p->line);
    sqlite3_bind_int64(s, base + 3, p->dim);
    sqlite3_bind_int64(s, base + 4, p->start);
    sqlite3_bind_int64(s, base + 5, p->end);
    sqlite3_bind_double(s, base + 6, p->billed);
    bind_opt(s, base + 7, p->effective);
    bind_opt(s, base + 8, p->list);
    bind_opt(s, base + 9, p->quantity);
    bind_opt(s, base + 10, p->cash);
    bind_opt(s, base + 11, p->incentive);
    bind_opt(s, base + 12, p->voucher);
    bind_opt(s, base + 13, p->transfer);
    if (p->period == RW_NO_PERIOD) sqlite3_bind_null(s, base + 14);
    else sqlite3_bind_int64(s, base + 14, p->period);
}

/* Writes the pending charges: a full batch with one statement, a partial
 * one (at the end of a file) row by row. */
static rw_status flush_charges(rw_store_sink *k)
{
    int full = k->npending == CHARGE_BATCH;
    sqlite3_stmt *s = full ? k->ins_charges : k->ins_charge;
    for (size_t i = 0; i < k->npending; i++) {
        bind_charge(k, s, full ? (int)i * CHARGE_COLS : 0, &k->pending[i]);
        if (full && i + 1 < k->npending) continue;
        int rc = sqlite3_step(s);
        sqlite3_reset(s);
        if (rc != SQLITE_DONE) return rw_store_dberr(k->store, k->err, "storing charges");
    }
    k->npending = 0;
    return RW_OK;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* Adds one record to the content identity: `h` hashes its text, `num` its
 * numbers (canonical: see canon). The sum of the record hashes and the sum
 * of a second hash of each (so that two multisets with equal sums of the
 * first rarely agree on the second) do not depend on the row order. */
static void content_add(rw_store_sink *k, int kind, unsigned long long h, const void *num,
                        size_t n)
{
    unsigned long long r = rw_hash64(num, n, h ^ (unsigned long long)kind);
    k->content[0] += r;
    k->content[1] += rw_hash64(&r, sizeof r, 0x9e3779b97f4a7c15ULL);
    k->content_n++;
}

/* A number as content: NaN (absent) and -0 have one form each. */
static double canon(double v)
{
    return isnan(v) ? NAN : v == 0 ? 0.0 : v;
}

/* The billing-period summary entry of `c`, created when new. Charges come
 * in runs of one period, so the last entry used is tried first. */
static rw_status note_period(rw_store_sink *k, const rw_charge *c)
{
    rw_store_period *e = k->nperiods ? &k->periods[k->last_period] : NULL;
    if (!e || e->period != c->period || strcmp(e->provider, c->provider) != 0 ||
        strcmp(e->billing_account, c->billing_account) != 0) {
        e = NULL;
        for (size_t i = 0; i < k->nperiods && !e; i++)
            if (k->periods[i].period == c->period &&
                strcmp(k->periods[i].provider, c->provider) == 0 &&
                strcmp(k->periods[i].billing_account, c->billing_account) == 0) {
                e = &k->periods[i];
                k->last_period = i;
            }
    }
    if (!e) {
        if (!rw_grow(&k->periods, &k->periods_cap, k->nperiods, sizeof *k->periods, 8))
            return rw_error_set(k->err, RW_ENOMEM, k->file, 0, "out of memory");
        e = &k->periods[k->nperiods];
        *e = (rw_store_period){dup_str(c->provider), dup_str(c->billing_account), c->period,
                               c->start, c->start, 0};
        if (!e->provider || !e->billing_account) {
            free(e->provider);
            free(e->billing_account);
            return rw_error_set(k->err, RW_ENOMEM, k->file, 0, "out of memory");
        }
        k->last_period = k->nperiods++;
    }
    if (c->start < e->first) e->first = c->start;
    if (c->start > e->last) e->last = c->start;
    e->charges++;
    return RW_OK;
}

static rw_status sink_charge(void *ctx, long line, const rw_charge *c)
{
    rw_store_sink *k = ctx;
    int64_t dim = 0;
    unsigned long long h = 0;
    rw_status st = dim_id(k, c, &dim, &h);
    if (st != RW_OK) return st;
    /* Only a bill that names its billing account can be a version of
     * another export of it (supersede.h). */
    if (c->period != RW_NO_PERIOD && c->billing_account[0] && (st = note_period(k, c)) != RW_OK)
        return st;
    const double num[] = {(double)c->start, (double)c->end,  (double)c->period,
                          canon(c->billed), canon(c->effective), canon(c->list),
                          canon(c->quantity), canon(c->cash), canon(c->incentive),
                          canon(c->voucher), canon(c->transfer)};
    content_add(k, 1, h, num, sizeof num);
    k->pending[k->npending++] =
        (pending_charge){line,         dim,     c->start,    c->end,   c->period,
                         c->billed,    c->effective, c->list, c->quantity, c->cash,
                         c->incentive, c->voucher, c->transfer};
    if (k->npending == CHARGE_BATCH && (st = flush_charges(k)) != RW_OK) return st;
    note_time(k->rep, c->start);
    k->rep->charges++;
    add_total(k->rep, c->currency, c->billed);
    return RW_OK;
}

static int usage_grow(rw_store_sink *k)
{
    size_t ncap = k->usage_cap * 2;
    usage_entry *nu = calloc(ncap, sizeof *nu);
    if (!nu) return 0;
    for (size_t i = 0; i < k->usage_cap; i++) {
        if (!k->usage[i].hash) continue;
        size_t slot = (size_t)k->usage[i].hash & (ncap - 1);
        while (nu[slot].hash) slot = (slot + 1) & (ncap - 1);
        nu[slot] = k->usage[i];
    }
    free(k->usage);
    k->usage = nu;
    k->usage_cap = ncap;
    return 1;
}

/* *acc += v unless that overflows; returns 0 then. */
static int add_bytes(int64_t *acc, int64_t v)
{
    return !__builtin_add_overflow(*acc, v, acc);
}

static rw_status sink_usage(void *ctx, long line, const rw_usage *u)
{
    rw_store_sink *k = ctx;
    int64_t hour = rw_time_floor(u->time, RW_GRAN_HOUR);
    unsigned long long h = rw_hash64(&hour, sizeof hour, 0);
    h = rw_hash64(u->bucket, strlen(u->bucket), h);
    h = rw_hash64(u->region, strlen(u->region), h) | 1;
    if (2 * (k->nusage + 1) > k->usage_cap && !usage_grow(k))
        return rw_error_set(k->err, RW_ENOMEM, k->file, 0, "out of memory");
    size_t slot = (size_t)h & (k->usage_cap - 1);
    usage_entry *e;
    for (;;) {
        e = &k->usage[slot];
        if (!e->hash) break;
        if (e->hash == h && e->hour == hour && strcmp(e->bucket, u->bucket) == 0 &&
            strcmp(e->region, u->region) == 0)
            break;
        slot = (slot + 1) & (k->usage_cap - 1);
    }
    if (!e->hash) {
        e->bucket = dup_str(u->bucket);
        e->region = dup_str(u->region);
        if (!e->bucket || !e->region) {
            free(e->bucket);
            free(e->region);
            e->bucket = e->region = NULL;
            return rw_error_set(k->err, RW_ENOMEM, k->file, 0, "out of memory");
        }
        e->hash = h;
        e->hour = hour;
        k->nusage++;
    }
    if (!add_bytes(&e->requests, 1) || !add_bytes(u->cdn ? &e->egress_cdn : &e->egress_user,
                                                  u->bytes_out) ||
        !add_bytes(&e->ingress, u->bytes_in) || !add_bytes(&e->storage_delta, u->storage_delta))
        return rw_error_set(k->err, RW_EFORMAT, k->file, line,
                            "byte counts of one hour and bucket overflow 64 bits");
    const double num[] = {(double)u->time, (double)u->bytes_out, (double)u->bytes_in,
                          (double)u->storage_delta, (double)u->cdn};
    content_add(k, 2, h, num, sizeof num);
    note_time(k->rep, u->time);
    k->rep->usage_records++;
    return RW_OK;
}

void rw_store_sink_content(const rw_store_sink *k, char hex[65])
{
    hex[0] = '\0';
    if (k->content_n > 0)
        snprintf(hex, 65, "%016llx%016llx%016lx", k->content[0], k->content[1],
                 (unsigned long)k->content_n);
}

const rw_store_period *rw_store_sink_periods(const rw_store_sink *k, size_t *n)
{
    *n = k->nperiods;
    return k->periods;
}

rw_status rw_store_sink_finish(rw_store_sink *k)
{
    sqlite3_stmt *st = NULL;
    rw_status ret = flush_charges(k);
    if (ret != RW_OK || k->nusage == 0) return ret;
    if (sqlite3_prepare_v2(k->store->db,
                           "INSERT INTO usage_hourly(source_id, hour, bucket, region, requests,"
                           " egress_user, egress_cdn, ingress, storage_delta)"
                           " VALUES(?,?,?,?,?,?,?,?,?)",
                           -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(k->store, k->err, "preparing usage insert");
    for (size_t i = 0; i < k->usage_cap && ret == RW_OK; i++) {
        usage_entry *e = &k->usage[i];
        if (!e->hash) continue;
        sqlite3_bind_int64(st, 1, k->source_id);
        sqlite3_bind_int64(st, 2, e->hour);
        sqlite3_bind_text(st, 3, e->bucket, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, e->region, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, e->requests);
        sqlite3_bind_int64(st, 6, e->egress_user);
        sqlite3_bind_int64(st, 7, e->egress_cdn);
        sqlite3_bind_int64(st, 8, e->ingress);
        sqlite3_bind_int64(st, 9, e->storage_delta);
        if (sqlite3_step(st) != SQLITE_DONE)
            ret = rw_store_dberr(k->store, k->err, "storing usage");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return ret;
}

static rw_status sink_point(void *ctx, long line, const rw_point *p)
{
    (void)line;
    rw_store_sink *k = ctx;
    sqlite3_stmt *s = k->ins_point;
    sqlite3_bind_int64(s, 1, k->source_id);
    sqlite3_bind_text(s, 2, p->series, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, p->t);
    bind_opt(s, 4, p->value);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return rw_store_dberr(k->store, k->err, "storing a point");
    const double num[] = {(double)p->t, canon(p->value)};
    content_add(k, 3, rw_hash64(p->series, strlen(p->series), 0), num, sizeof num);
    note_time(k->rep, p->t);
    k->rep->points++;
    return RW_OK;
}

/* Inserts a balance observation with statement s (account, at, amount,
 * currency, source; the origin is the statement's). */
static rw_status store_balance(rw_store_sink *k, sqlite3_stmt *s, const char *account,
                               int64_t at, double amount, const char *currency)
{
    sqlite3_bind_text(s, 1, account, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, at);
    sqlite3_bind_double(s, 3, amount);
    sqlite3_bind_text(s, 4, currency, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, k->source_id);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return rw_store_dberr(k->store, k->err, "storing a balance");
    k->rep->balances++;
    return RW_OK;
}

static rw_status sink_balance(void *ctx, long line, const rw_balance *b)
{
    (void)line;
    rw_store_sink *k = ctx;
    const double num[] = {(double)b->at, canon(b->amount)};
    unsigned long long h = rw_hash64(b->account, strlen(b->account), 0);
    content_add(k, 4, rw_hash64(b->currency, strlen(b->currency), h), num, sizeof num);
    return store_balance(k, k->ins_balance, b->account, b->at, b->amount, b->currency);
}

/* A ledger transaction, and the balance after it as an observation
 * (origin 'ledger', one per account, time and amount). */
static rw_status sink_ledger(void *ctx, long line, const rw_ledger_tx *t)
{
    rw_store_sink *k = ctx;
    sqlite3_stmt *s = k->ins_ledger;
    sqlite3_bind_text(s, 1, t->account, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, t->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, t->at);
    sqlite3_bind_text(s, 4, rw_ledger_kind_name(t->kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, t->action, -1, SQLITE_STATIC);
    sqlite3_bind_double(s, 6, t->amount);
    sqlite3_bind_double(s, 7, t->balance);
    bind_opt(s, 8, t->cash);
    bind_opt(s, 9, t->incentive);
    bind_opt(s, 10, t->freezing);
    sqlite3_bind_text(s, 11, t->currency, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 12, t->info, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 13, k->source_id);
    sqlite3_bind_int64(s, 14, line);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return rw_store_dberr(k->store, k->err, "storing a transaction");
    s = k->del_ledger_balance;
    sqlite3_bind_text(s, 1, t->account, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, t->at);
    sqlite3_bind_double(s, 3, t->balance);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return rw_store_dberr(k->store, k->err, "storing a balance");
    const double num[] = {(double)t->at,       (double)t->kind,   canon(t->amount),
                          canon(t->balance),   canon(t->cash),    canon(t->incentive),
                          canon(t->freezing)};
    const char *text[] = {t->account, t->id, t->action, t->info, t->currency};
    unsigned long long h = 0;
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
        h = rw_hash64(text[i], strlen(text[i]) + 1, h);
    content_add(k, 5, h, num, sizeof num);
    rw_status st = store_balance(k, k->ins_ledger_balance, t->account, t->at, t->balance,
                                 t->currency);
    if (st == RW_OK) k->rep->ledger++;
    return st;
}

/* Stores a reject or warning record and counts it, with the first few
 * reasons kept for display. */
static rw_status store_note(rw_store_sink *k, int warning, long line, const char *reason,
                            const char *raw, size_t raw_len)
{
    rw_ingest_report *rep = k->rep;
    long *count = warning ? &rep->warnings : &rep->rejected;
    int *nsamples = warning ? &rep->nwsamples : &rep->nsamples;
    rw_report_sample *samples = warning ? rep->wsamples : rep->samples;
    (*count)++;
    if (*nsamples < RW_REPORT_SAMPLES) {
        samples[*nsamples].line = line;
        rw_str_copy(samples[*nsamples].reason, sizeof samples[0].reason, reason);
        (*nsamples)++;
    }
    sqlite3_stmt *s = k->ins_reject;
    sqlite3_bind_int64(s, 1, k->source_id);
    sqlite3_bind_int64(s, 2, line);
    sqlite3_bind_text(s, 3, reason, -1, SQLITE_STATIC);
    /* Raw text may be binary or huge: keep a bounded, blob-safe prefix. */
    sqlite3_bind_text(s, 4, raw, (int)(raw_len > RAW_MAX ? RAW_MAX : raw_len), SQLITE_STATIC);
    sqlite3_bind_text(s, 5, warning ? "warning" : "reject", -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return rw_store_dberr(k->store, k->err, "storing a reject record");
    return RW_OK;
}

static rw_status sink_reject(void *ctx, long line, const char *reason, const char *raw,
                             size_t raw_len)
{
    rw_store_sink *k = ctx;
    if (k->strict) return rw_error_set(k->err, RW_EREJECTED, k->file, line, "%s", reason);
    return store_note(k, 0, line, reason, raw, raw_len);
}

static rw_status sink_warn(void *ctx, long line, const char *reason, const char *raw,
                           size_t raw_len)
{
    return store_note(ctx, 1, line, reason, raw, raw_len);
}

rw_sink rw_store_sink_iface(rw_store_sink *k)
{
    rw_sink s = {k,           sink_charge, sink_usage,  sink_balance, sink_point,
                 sink_reject, sink_row,    sink_ledger, sink_warn};
    return s;
}
