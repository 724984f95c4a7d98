/* series_query.c: aggregation of charges, usage and points into series.
 *
 * Dimensions are loaded once (dims is small next to charges) and each dim id
 * is mapped to its output series before the charges are scanned, so the
 * per-charge work is one array lookup and one hash update. Amortised
 * charges spanning several buckets (few: purchases, monthly settlements) are
 * kept aside during the scan and spread once the end of the data is known.
 * One account of an organisation's store reads its own charges only,
 * through the charges_dim index. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "store/series_query.h"
#include "store/store_internal.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/strutil.h"

rw_status rw_group_parse(const char *text, rw_group *by, const char **tag_key)
{
    static const struct {
        const char *name;
        rw_group g;
    } names[] = {{"service", RW_BY_SERVICE},   {"account", RW_BY_ACCOUNT},
                 {"billing-account", RW_BY_BILLING_ACCOUNT},
                 {"region", RW_BY_REGION},     {"provider", RW_BY_PROVIDER},
                 {"category", RW_BY_CATEGORY}, {"bucket", RW_BY_BUCKET},
                 {"none", RW_BY_NONE}};
    *tag_key = NULL;
    if (!strncmp(text, "tag:", 4) && text[4]) {
        *by = RW_BY_TAG;
        *tag_key = text + 4;
        return RW_OK;
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(text, names[i].name)) {
            *by = names[i].g;
            return RW_OK;
        }
    return RW_EINVAL;
}

rw_status rw_metric_parse(const char *text, rw_metric *m, const char **unit)
{
    *unit = NULL;
    if (!strcmp(text, "cost")) *m = RW_METRIC_COST;
    else if (!strcmp(text, "effective-cost")) *m = RW_METRIC_EFFECTIVE;
    else if (!strcmp(text, "drawn")) *m = RW_METRIC_DRAWN;
    else if (!strncmp(text, "usage:", 6) && text[6]) {
        *m = RW_METRIC_USAGE;
        *unit = text + 6;
    } else if (!strcmp(text, "requests")) *m = RW_METRIC_REQUESTS;
    else if (!strcmp(text, "egress-bytes")) *m = RW_METRIC_EGRESS;
    else if (!strcmp(text, "storage-bytes")) *m = RW_METRIC_STORAGE;
    else if (!strcmp(text, "points")) *m = RW_METRIC_POINTS;
    else return RW_EINVAL;
    return RW_OK;
}

/* ---- accumulation: (series, bucket) -> compensated sum ------------------ */

typedef struct cell {
    int64_t bucket;
    size_t series; /* SIZE_MAX: empty slot */
    rw_ksum sum;
    int count;     /* non-gap values added */
} cell;

typedef struct series_def {
    char *name;
    char currency[4];
    int64_t covered_from, covered_to; /* charge periods seen, see rw_series */
    rw_ksum deferred;                 /* amortised, after the end (rw_series) */
} series_def;

typedef struct agg {
    rw_granularity gran;
    series_def *defs;
    size_t ndefs, cap_defs;
    cell *cells;
    size_t ncells, cap_cells; /* cap is a power of two */
    int64_t *buckets;         /* distinct covered buckets (unsorted) */
    size_t nbuckets, cap_buckets;
    int64_t *bslot;           /* hash set of buckets; INT64_MIN = empty */
    size_t cap_bslot;
} agg;

static unsigned long long mix(unsigned long long x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
}

static int agg_init(agg *a, rw_granularity g)
{
    memset(a, 0, sizeof *a);
    a->gran = g;
    a->cap_cells = 1024;
    a->cells = malloc(a->cap_cells * sizeof *a->cells);
    a->cap_bslot = 256;
    a->bslot = malloc(a->cap_bslot * sizeof *a->bslot);
    if (!a->cells || !a->bslot) return 0;
    for (size_t i = 0; i < a->cap_cells; i++) a->cells[i].series = SIZE_MAX;
    for (size_t i = 0; i < a->cap_bslot; i++) a->bslot[i] = INT64_MIN;
    return 1;
}

static void agg_free(agg *a)
{
    for (size_t i = 0; i < a->ndefs; i++) free(a->defs[i].name);
    free(a->defs);
    free(a->cells);
    free(a->buckets);
    free(a->bslot);
}

/* Index of the series (name, currency), added when new; SIZE_MAX on ENOMEM. */
static size_t agg_series(agg *a, const char *name, const char *currency)
{
    for (size_t i = 0; i < a->ndefs; i++)
        if (!strcmp(a->defs[i].name, name) && !strcmp(a->defs[i].currency, currency)) return i;
    if (a->ndefs == a->cap_defs) {
        size_t n = a->cap_defs ? a->cap_defs * 2 : 16;
        series_def *d = realloc(a->defs, n * sizeof *d);
        if (!d) return SIZE_MAX;
        a->defs = d;
        a->cap_defs = n;
    }
    size_t len = strlen(name) + 1;
    char *copy = malloc(len);
    if (!copy) return SIZE_MAX;
    memcpy(copy, name, len);
    a->defs[a->ndefs].name = copy;
    rw_str_copy(a->defs[a->ndefs].currency, 4, currency);
    a->defs[a->ndefs].covered_from = INT64_MIN;
    a->defs[a->ndefs].covered_to = INT64_MAX;
    a->defs[a->ndefs].deferred.sum = a->defs[a->ndefs].deferred.c = 0;
    return a->ndefs++;
}

static int note_bucket(agg *a, int64_t b)
{
    if (2 * (a->nbuckets + 1) > a->cap_bslot) {
        size_t n = a->cap_bslot * 2;
        int64_t *ns = malloc(n * sizeof *ns);
        if (!ns) return 0;
        for (size_t i = 0; i < n; i++) ns[i] = INT64_MIN;
        for (size_t i = 0; i < a->nbuckets; i++) {
            size_t s = (size_t)mix((unsigned long long)a->buckets[i]) & (n - 1);
            while (ns[s] != INT64_MIN) s = (s + 1) & (n - 1);
            ns[s] = a->buckets[i];
        }
        free(a->bslot);
        a->bslot = ns;
        a->cap_bslot = n;
    }
    size_t s = (size_t)mix((unsigned long long)b) & (a->cap_bslot - 1);
    while (a->bslot[s] != INT64_MIN) {
        if (a->bslot[s] == b) return 1;
        s = (s + 1) & (a->cap_bslot - 1);
    }
    if (a->nbuckets == a->cap_buckets) {
        size_t n = a->cap_buckets ? a->cap_buckets * 2 : 64;
        int64_t *nb = realloc(a->buckets, n * sizeof *nb);
        if (!nb) return 0;
        a->buckets = nb;
        a->cap_buckets = n;
    }
    a->bslot[s] = b;
    a->buckets[a->nbuckets++] = b;
    return 1;
}

static int grow_cells(agg *a)
{
    size_t n = a->cap_cells * 2;
    cell *nc = malloc(n * sizeof *nc);
    if (!nc) return 0;
    for (size_t i = 0; i < n; i++) nc[i].series = SIZE_MAX;
    for (size_t i = 0; i < a->cap_cells; i++) {
        if (a->cells[i].series == SIZE_MAX) continue;
        size_t s = (size_t)mix((unsigned long long)a->cells[i].bucket * 31 + a->cells[i].series) &
                   (n - 1);
        while (nc[s].series != SIZE_MAX) s = (s + 1) & (n - 1);
        nc[s] = a->cells[i];
    }
    free(a->cells);
    a->cells = nc;
    a->cap_cells = n;
    return 1;
}

/* Adds `v` (NaN: an explicit gap, covering the bucket without a value). */
static int agg_add(agg *a, size_t series, int64_t t, double v)
{
    int64_t b = rw_time_floor(t, a->gran);
    if (!note_bucket(a, b)) return 0;
    if (2 * (a->ncells + 1) > a->cap_cells && !grow_cells(a)) return 0;
    size_t s = (size_t)mix((unsigned long long)b * 31 + series) & (a->cap_cells - 1);
    while (a->cells[s].series != SIZE_MAX &&
           !(a->cells[s].series == series && a->cells[s].bucket == b))
        s = (s + 1) & (a->cap_cells - 1);
    cell *c = &a->cells[s];
    if (c->series == SIZE_MAX) {
        c->series = series;
        c->bucket = b;
        c->sum.sum = c->sum.c = 0;
        c->count = 0;
        a->ncells++;
    }
    if (!isnan(v)) {
        rw_ksum_add(&c->sum, v);
        c->count++;
    }
    return 1;
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

static int cmp_series(const void *x, const void *y)
{
    const rw_series *a = x, *b = y;
    int c = strcmp(a->name, b->name);
    return c ? c : strcmp(a->currency, b->currency);
}

/* Builds the dense output: every series with at least one record in the
 * selection gets every covered bucket. */
static rw_status agg_finish(agg *a, int zero_fill, rw_series_set **out, rw_error *err)
{
    rw_series_set *set = calloc(1, sizeof *set);
    size_t *slot = calloc(a->ndefs ? a->ndefs : 1, sizeof *slot); /* def -> output index */
    if (!set || !slot) {
        free(set);
        free(slot);
        return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    }
    set->gran = a->gran;
    if (a->nbuckets) qsort(a->buckets, a->nbuckets, sizeof *a->buckets, cmp_i64);
    for (size_t c = 0; c < a->cap_cells; c++)
        if (a->cells[c].series != SIZE_MAX) slot[a->cells[c].series] = 1;
    size_t used = 0;
    for (size_t i = 0; i < a->ndefs; i++) slot[i] = slot[i] ? used++ : SIZE_MAX;
    int ncur = 0;
    for (size_t i = 0; i < a->ndefs; i++) {
        if (slot[i] == SIZE_MAX) continue;
        int seen = 0;
        for (size_t j = 0; j < i; j++)
            seen |= slot[j] != SIZE_MAX && !strcmp(a->defs[j].currency, a->defs[i].currency);
        ncur += !seen;
    }
    set->mixed_currency = ncur > 1;
    set->s = calloc(used ? used : 1, sizeof *set->s);
    if (!set->s) goto nomem;
    set->n = used;
    for (size_t i = 0; i < a->ndefs; i++) {
        if (slot[i] == SIZE_MAX) continue;
        rw_series *s = &set->s[slot[i]];
        size_t len = strlen(a->defs[i].name) + 8;
        s->name = malloc(len);
        s->t = malloc((a->nbuckets ? a->nbuckets : 1) * sizeof *s->t);
        s->v = malloc((a->nbuckets ? a->nbuckets : 1) * sizeof *s->v);
        if (!s->name || !s->t || !s->v) goto nomem;
        if (set->mixed_currency)
            snprintf(s->name, len, "%s (%s)", a->defs[i].name, a->defs[i].currency);
        else
            snprintf(s->name, len, "%s", a->defs[i].name);
        rw_str_copy(s->currency, sizeof s->currency, a->defs[i].currency);
        s->covered_from = a->defs[i].covered_from;
        s->covered_to = a->defs[i].covered_to;
        s->deferred = rw_ksum_value(&a->defs[i].deferred);
        s->n = a->nbuckets;
        for (size_t k = 0; k < a->nbuckets; k++) {
            s->t[k] = a->buckets[k];
            s->v[k] = zero_fill ? 0 : NAN;
        }
    }
    for (size_t c = 0; c < a->cap_cells; c++) {
        cell *x = &a->cells[c];
        if (x->series == SIZE_MAX) continue;
        int64_t *pos = bsearch(&x->bucket, a->buckets, a->nbuckets, sizeof *a->buckets, cmp_i64);
        size_t k = (size_t)(pos - a->buckets);
        set->s[slot[x->series]].v[k] = x->count ? rw_ksum_value(&x->sum) : NAN;
    }
    qsort(set->s, set->n, sizeof *set->s, cmp_series);
    free(slot);
    *out = set;
    return RW_OK;
nomem:
    free(slot);
    rw_series_set_free(set);
    return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
}

void rw_series_set_free(rw_series_set *set)
{
    if (!set) return;
    for (size_t i = 0; i < set->n; i++) {
        free(set->s[i].name);
        free(set->s[i].t);
        free(set->s[i].v);
    }
    free(set->s);
    rw_tz_free(set->tz);
    free(set);
}

/* ---- charges ------------------------------------------------------------ */

/* Binds the UTC bounds of the query's local [from, to) to parameters 1 and
 * 2, widened by the largest offset a zone has, so that rows near the ends
 * are read and then filtered on their local time. */
static void bind_range(sqlite3_stmt *st, const rw_series_query *q)
{
    int64_t margin = rw_tz_is_utc(q->tz) ? 0 : 2 * RW_DAY;
    sqlite3_bind_int64(st, 1, q->from > INT64_MIN + margin ? q->from - margin : INT64_MIN);
    sqlite3_bind_int64(st, 2, q->to < INT64_MAX - margin ? q->to + margin : INT64_MAX);
}

/* The label of a dim row for grouping `by`; writes into buf. */
static const char *dim_label(const rw_series_query *q, sqlite3_stmt *st, char *buf, size_t size)
{
    const char *v = "";
    switch (q->by) {
    case RW_BY_NONE: return "total";
    case RW_BY_SERVICE: v = (const char *)sqlite3_column_text(st, 1); break;
    case RW_BY_ACCOUNT:
        v = (const char *)sqlite3_column_text(st, 2);
        if (!*v) v = (const char *)sqlite3_column_text(st, 3);
        break;
    case RW_BY_BILLING_ACCOUNT: v = (const char *)sqlite3_column_text(st, 3); break;
    case RW_BY_REGION: v = (const char *)sqlite3_column_text(st, 4); break;
    case RW_BY_PROVIDER: v = (const char *)sqlite3_column_text(st, 5); break;
    case RW_BY_CATEGORY: v = (const char *)sqlite3_column_text(st, 6); break;
    case RW_BY_TAG: {
        const char *tags = (const char *)sqlite3_column_text(st, 7);
        json_t *j = *tags ? json_loads(tags, 0, NULL) : NULL;
        json_t *val = j ? json_object_get(j, q->tag_key) : NULL;
        if (json_is_string(val)) rw_str_copy(buf, size, json_string_value(val));
        else if (val) {
            char *dump = json_dumps(val, JSON_ENCODE_ANY | JSON_COMPACT);
            rw_str_copy(buf, size, dump ? dump : "");
            free(dump);
        } else buf[0] = '\0';
        json_decref(j);
        v = buf;
        break;
    }
    case RW_BY_BUCKET: break;
    }
    return *v ? v : "(none)";
}

/* ---- amortisation: a charge spread over its period ---------------------- */

/* A charge whose period spans several buckets, kept until the end of the
 * data is known. */
typedef struct spread_charge {
    size_t series;
    int64_t start, end; /* local seconds, end > start */
    double v;
} spread_charge;

typedef struct spread_list {
    spread_charge *c;
    size_t n, cap;
} spread_list;

static int spread_keep(spread_list *l, size_t series, int64_t start, int64_t end, double v)
{
    if (l->n == l->cap) {
        size_t n = l->cap ? l->cap * 2 : 64;
        spread_charge *nc = realloc(l->c, n * sizeof *nc);
        if (!nc) return 0;
        l->c = nc;
        l->cap = n;
    }
    l->c[l->n++] = (spread_charge){series, start, end, v};
    return 1;
}

/* Whether a charge over [start, end) is spread: its period spans more than
 * one bucket, or reaches out of the query's [from, to) (only the part
 * inside counts). Zero-length (and reversed) periods are booked at the
 * start. */
static int spread_needed(const rw_series_query *q, int64_t start, int64_t end)
{
    return end > start && (start < q->from || end > q->to ||
                           rw_time_floor(start, q->gran) != rw_time_floor(end - 1, q->gran));
}

/* Places the part of charge c within [lo, hi): each bucket gets
 * v * (seconds of the period in it and in [lo, hi)) / (period length); the
 * period's last bucket, when whole in range, gets the remainder v - (the
 * share of the period before it), so the shares add up to v. What lies at
 * or after hi is added to the series' deferred amount. */
static int spread_place(agg *a, const spread_charge *c, int64_t lo, int64_t hi)
{
    series_def *d = &a->defs[c->series];
    double len = (double)(c->end - c->start);
    int64_t from = c->start > lo ? c->start : lo, to = c->end < hi ? c->end : hi;
    if (to < c->end) {
        int64_t after = hi > c->start ? hi : c->start;
        rw_ksum_add(&d->deferred, c->v * (double)(c->end - after) / len);
    }
    if (to <= from) return 1;
    for (int64_t b = rw_time_floor(from, a->gran); b < to; b = rw_time_next(b, a->gran)) {
        int64_t be = rw_time_next(b, a->gran), ps = b > from ? b : from;
        int64_t pe = be < to ? be : to;
        double share;
        if (pe == c->end && ps == (b > c->start ? b : c->start))
            share = c->v - c->v * (double)(ps - c->start) / len; /* the remainder */
        else
            share = c->v * (double)(pe - ps) / len;
        if (!agg_add(a, c->series, b, share)) return 0;
    }
    if (d->covered_from == INT64_MIN || from < d->covered_from) d->covered_from = from;
    if (d->covered_to == INT64_MAX || to > d->covered_to) d->covered_to = to;
    return 1;
}

static rw_status query_charges(rw_store *s, const rw_series_query *q, agg *a, rw_error *err)
{
    sqlite3_stmt *st = NULL;
    size_t *map = NULL; /* dim id -> series index; SIZE_MAX: excluded */
    rw_status ret = RW_OK;
    int64_t maxid = 0;
    spread_list spread = {NULL, 0, 0}; /* amortised charges over several buckets */
    rw_strbuf ids = {NULL, 0, 0, 0};   /* the selected dim ids, a JSON array */
    char *idlist = NULL;
    int64_t last_start = INT64_MIN;    /* latest local start of a selected charge */
    if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(id), 0) FROM dims", -1, &st, NULL) !=
            SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        ret = rw_store_dberr(s, err, "reading dimensions");
        goto out;
    }
    maxid = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    map = malloc(((size_t)maxid + 1) * sizeof *map);
    if (!map) {
        ret = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
        goto out;
    }
    for (int64_t i = 0; i <= maxid; i++) map[i] = SIZE_MAX;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT id, service, sub_account, billing_account, region, provider,"
                           " charge_category, tags, currency, unit FROM dims",
                           -1, &st, NULL) != SQLITE_OK) {
        ret = rw_store_dberr(s, err, "reading dimensions");
        goto out;
    }
    char label[512];
    size_t ndims = 0, nsel = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        ndims++;
        const char *cur = (const char *)sqlite3_column_text(st, 8);
        const char *unit = (const char *)sqlite3_column_text(st, 9);
        if (q->currency && strcasecmp(cur, q->currency) != 0) continue;
        if (q->unit && strcasecmp(unit, q->unit) != 0) continue;
        if (q->account && strcmp((const char *)sqlite3_column_text(st, 2), q->account) != 0 &&
            strcmp((const char *)sqlite3_column_text(st, 3), q->account) != 0)
            continue;
        const char *name = dim_label(q, st, label, sizeof label);
        map[id] = agg_series(a, name, q->metric == RW_METRIC_USAGE ? "" : cur);
        if (map[id] == SIZE_MAX) {
            ret = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
            goto out;
        }
        nsel++;
        if (q->account) rw_strbuf_printf(&ids, "%s%lld", ids.len ? "," : "[", (long long)id);
    }
    sqlite3_finalize(st);
    st = NULL;
    /* One account of many: its charges through the dimension index, in the
     * order of the full scan (by id) so that the sums are the same. */
    int by_dim = q->account && 4 * nsel <= ndims;
    rw_strbuf_puts(&ids, ids.len ? "]" : "[]");
    if ((ret = rw_strbuf_finish(&ids, &idlist, "selecting charges", err)) != RW_OK) goto out;
    const char *col = q->metric == RW_METRIC_COST        ? "billed"
                      : q->metric == RW_METRIC_EFFECTIVE ? "coalesce(effective, billed)"
                      : q->metric == RW_METRIC_DRAWN     ? RW_SQL_DRAWN
                                                         : "quantity";
    char sql[512];
    /* Amortised, a charge that started before `from` may reach into it, and
     * the charges after `to` tell where the data ends (so `to`, parameter 2,
     * is applied below only). */
    snprintf(sql, sizeof sql,
             "SELECT dim_id, period_start, %s, period_end FROM charges WHERE %s%s",
             col, q->amortize ? "period_end > ?1" : "period_start >= ?1 AND period_start < ?2",
             by_dim ? " AND dim_id IN (SELECT value FROM json_each(?3)) ORDER BY id" : "");
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        ret = rw_store_dberr(s, err, "reading charges");
        goto out;
    }
    bind_range(st, q);
    if (by_dim) sqlite3_bind_text(st, 3, idlist, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (id < 0 || id > maxid || map[id] == SIZE_MAX) continue;
        if (sqlite3_column_type(st, 2) == SQLITE_NULL) continue;
        int64_t start = rw_tz_to_local(q->tz, sqlite3_column_int64(st, 1)),
                end = rw_tz_to_local(q->tz, sqlite3_column_int64(st, 3));
        if (q->amortize) {
            if (start > last_start) last_start = start;
            if (start >= q->to) continue;
            if (spread_needed(q, start, end)) {
                if (end > q->from &&
                    !spread_keep(&spread, map[id], start, end, sqlite3_column_double(st, 2))) {
                    ret = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
                    goto out;
                }
                continue;
            }
        }
        if (start < q->from || start >= q->to) continue;
        series_def *d = &a->defs[map[id]];
        if (d->covered_from == INT64_MIN || start < d->covered_from) d->covered_from = start;
        if (d->covered_to == INT64_MAX || end > d->covered_to) d->covered_to = end;
        if (!agg_add(a, map[id], start, sqlite3_column_double(st, 2))) {
            ret = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
            goto out;
        }
    }
    if (rc != SQLITE_DONE) {
        ret = rw_store_dberr(s, err, "reading charges");
        goto out;
    }
    /* The end of the data: the end of the last bucket a charge starts in. */
    int64_t hi = q->to;
    if (last_start != INT64_MIN) {
        int64_t data_end = rw_time_next(rw_time_floor(last_start, q->gran), q->gran);
        if (data_end < hi) hi = data_end;
    }
    for (size_t i = 0; i < spread.n; i++)
        if (!spread_place(a, &spread.c[i], q->from, hi)) {
            ret = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
            goto out;
        }
out:
    sqlite3_finalize(st);
    free(map);
    free(spread.c);
    free(ids.p);
    free(idlist);
    return ret;
}

rw_status rw_store_has_payment_split(rw_store *s, const char *account, const char *currency,
                                     int *has, rw_error *err)
{
    sqlite3_stmt *st = NULL;
    *has = 0;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT EXISTS(SELECT 1 FROM dims d CROSS JOIN charges c ON c.dim_id = d.id"
                           " WHERE coalesce(c.cash, c.incentive, c.voucher, c.transfer)"
                           " IS NOT NULL AND (?1 IS NULL OR d.sub_account = ?1 OR"
                           " d.billing_account = ?1) AND (?2 IS NULL OR d.currency = ?2"
                           " COLLATE NOCASE))",
                           -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "reading charges");
    if (account) sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
    if (currency) sqlite3_bind_text(st, 2, currency, -1, SQLITE_STATIC);
    rw_status ret = RW_OK;
    if (sqlite3_step(st) == SQLITE_ROW) *has = sqlite3_column_int(st, 0);
    else ret = rw_store_dberr(s, err, "reading charges");
    sqlite3_finalize(st);
    return ret;
}

/* ---- access-log usage ----------------------------------------------------- */

static rw_status query_usage(rw_store *s, const rw_series_query *q, agg *a, rw_error *err)
{
    if (q->by != RW_BY_NONE && q->by != RW_BY_BUCKET && q->by != RW_BY_REGION)
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "access-log metrics group only by bucket or region");
    const char *col = q->metric == RW_METRIC_REQUESTS ? "requests"
                      : q->metric == RW_METRIC_EGRESS ? "egress_user + egress_cdn"
                                                      : "storage_delta";
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT hour, bucket, region, %s FROM usage_hourly WHERE hour >= ? AND hour < ?",
             col);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "reading usage");
    bind_range(st, q);
    rw_status ret = RW_OK;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t hour = rw_tz_to_local(q->tz, sqlite3_column_int64(st, 0));
        if (hour < q->from || hour >= q->to) continue;
        const char *name = q->by == RW_BY_BUCKET   ? (const char *)sqlite3_column_text(st, 1)
                           : q->by == RW_BY_REGION ? (const char *)sqlite3_column_text(st, 2)
                                                   : "total";
        size_t idx = agg_series(a, *name ? name : "(none)", "");
        if (idx == SIZE_MAX ||
            !agg_add(a, idx, hour, (double)sqlite3_column_int64(st, 3))) {
            ret = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
            break;
        }
    }
    if (ret == RW_OK && rc != SQLITE_DONE) ret = rw_store_dberr(s, err, "reading usage");
    sqlite3_finalize(st);
    return ret;
}

/* ---- series-file points --------------------------------------------------- */

static rw_status query_points(rw_store *s, const rw_series_query *q, agg *a, rw_error *err)
{
    /* The same (series, timestamp) in several files: the latest file wins, so
     * re-exported, extended series files replace rather than add up. */
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT series, t, value FROM points p WHERE t >= ? AND t < ? AND"
                           " source_id = (SELECT max(source_id) FROM points p2"
                           " WHERE p2.series = p.series AND p2.t = p.t)",
                           -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "reading points");
    sqlite3_bind_int64(st, 1, q->from);
    sqlite3_bind_int64(st, 2, q->to);
    rw_status ret = RW_OK;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t idx = agg_series(a, (const char *)sqlite3_column_text(st, 0), "");
        double v = sqlite3_column_type(st, 2) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 2);
        if (idx == SIZE_MAX || !agg_add(a, idx, sqlite3_column_int64(st, 1), v)) {
            ret = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
            break;
        }
    }
    if (ret == RW_OK && rc != SQLITE_DONE) ret = rw_store_dberr(s, err, "reading points");
    sqlite3_finalize(st);
    return ret;
}

static rw_status not_amortized(rw_error *err)
{
    return rw_error_set(err, RW_EINVAL, NULL, 0,
                        "--amortize spreads charges over their charge periods: it applies to"
                        " cost, effective-cost, drawn and usage:UNIT, not to access-log or"
                        " series-file metrics");
}

rw_status rw_series_query_run(rw_store *s, const rw_series_query *q, rw_series_set **out,
                              rw_error *err)
{
    *out = NULL;
    agg a;
    if (!agg_init(&a, q->gran)) {
        agg_free(&a);
        return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    }
    rw_status st;
    int zero_fill = 1;
    switch (q->metric) {
    case RW_METRIC_COST:
    case RW_METRIC_EFFECTIVE:
    case RW_METRIC_DRAWN:
    case RW_METRIC_USAGE:
        st = q->by == RW_BY_BUCKET
                 ? rw_error_set(err, RW_EINVAL, NULL, 0, "--by bucket applies to access-log metrics")
                 : query_charges(s, q, &a, err);
        break;
    case RW_METRIC_POINTS:
        zero_fill = 0; /* a series file's missing timestamp is a gap */
        st = q->amortize ? not_amortized(err) : query_points(s, q, &a, err);
        break;
    default: st = q->amortize ? not_amortized(err) : query_usage(s, q, &a, err); break;
    }
    if (st == RW_OK) st = agg_finish(&a, zero_fill, out, err);
    if (st == RW_OK) (*out)->amortized = q->amortize;
    agg_free(&a);
    return st;
}
