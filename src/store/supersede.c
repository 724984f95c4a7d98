/* supersede.c: the newest fetch of a period replaces the older ones, and
 * the newest export of a billing period the older exports (supersede.h). */
#include <stdlib.h>
#include <sqlite3.h>
#include "store/store_internal.h"
#include "store/supersede.h"
#include "util/grow.h"
#include "util/strutil.h"

/* Runs `sql` with ?1 = key and ?2 = sha256 bound. */
static rw_status run(rw_store *s, const char *sql, const char *key, const char *sha256,
                     rw_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "superseding an earlier fetch");
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, sha256, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? RW_OK : rw_store_dberr(s, err, "superseding an earlier fetch");
}

rw_status rw_store_supersede(rw_store *s, const char *key, const char *sha256, long *removed,
                             rw_error *err)
{
    static const char *const sql[] = {
        "UPDATE sources SET fetch_key = ?1 WHERE sha256 = ?2",
        "DELETE FROM charges WHERE source_id IN"
        " (SELECT id FROM sources WHERE fetch_key = ?1 AND sha256 <> ?2)",
        "DELETE FROM usage_hourly WHERE source_id IN"
        " (SELECT id FROM sources WHERE fetch_key = ?1 AND sha256 <> ?2)",
        "DELETE FROM points WHERE source_id IN"
        " (SELECT id FROM sources WHERE fetch_key = ?1 AND sha256 <> ?2)",
        "DELETE FROM balances WHERE source_id IN"
        " (SELECT id FROM sources WHERE fetch_key = ?1 AND sha256 <> ?2)",
        "DELETE FROM ledger WHERE source_id IN"
        " (SELECT id FROM sources WHERE fetch_key = ?1 AND sha256 <> ?2)",
        "DELETE FROM rejects WHERE source_id IN"
        " (SELECT id FROM sources WHERE fetch_key = ?1 AND sha256 <> ?2)",
        "DELETE FROM sources WHERE fetch_key = ?1 AND sha256 <> ?2",
    };
    *removed = 0;
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        rw_status st = run(s, sql[i], key, sha256, err);
        if (st != RW_OK) return st;
        if (i + 1 == sizeof sql / sizeof sql[0]) *removed = sqlite3_changes(s->db);
    }
    return RW_OK;
}

/* ---- By billing period ---------------------------------------------------- */

/* One provider, billing account and period being superseded. */
typedef struct period_key {
    rw_store *s;
    const rw_store_period *p;
    rw_error *err;
} period_key;

/* A source's charges of the key. */
typedef struct holder {
    int64_t id, first, last, min_id, max_id;
    long charges;
    char path[256];
} holder;

static rw_status prepare(const period_key *k, const char *sql, sqlite3_stmt **st)
{
    if (sqlite3_prepare_v2(k->s->db, sql, -1, st, NULL) != SQLITE_OK)
        return rw_store_dberr(k->s, k->err, "superseding an earlier export");
    return RW_OK;
}

/* Binds the key as ?1 provider, ?2 billing account, ?3 period. */
static void bind_key(const period_key *k, sqlite3_stmt *st)
{
    sqlite3_bind_text(st, 1, k->p->provider, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, k->p->billing_account, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, k->p->period);
}

/* Runs and finalizes a statement without results; *changes (may be NULL)
 * gets the rows it changed. */
static rw_status step_done(const period_key *k, sqlite3_stmt *st, long *changes)
{
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return rw_store_dberr(k->s, k->err, "superseding an earlier export");
    if (changes) *changes = sqlite3_changes(k->s->db);
    return RW_OK;
}

/* *all: the charges of the key in source `a` name every (sub-account,
 * service, region, resource) that those of source `b` name. A later export
 * of the same scope keeps every resource charged earlier in the period;
 * exports split by account, product, project or resource group do not. */
static rw_status has_all_resources(const period_key *k, const holder *a, const holder *b,
                                   int *all)
{
    sqlite3_stmt *st = NULL;
    rw_status ret = prepare(
        k,
        "SELECT 1 FROM charges c JOIN dims d ON d.id = c.dim_id"
        " WHERE c.id BETWEEN ?4 AND ?5 AND c.source_id = ?6 AND c.period = ?3"
        " AND d.provider = ?1 AND d.billing_account = ?2"
        " AND (d.sub_account, d.service, d.region, d.resource) NOT IN"
        " (SELECT d2.sub_account, d2.service, d2.region, d2.resource"
        "  FROM charges c2 JOIN dims d2 ON d2.id = c2.dim_id"
        "  WHERE c2.id BETWEEN ?7 AND ?8 AND c2.source_id = ?9 AND c2.period = ?3"
        "  AND d2.provider = ?1 AND d2.billing_account = ?2) LIMIT 1",
        &st);
    if (ret != RW_OK) return ret;
    bind_key(k, st);
    sqlite3_bind_int64(st, 4, b->min_id);
    sqlite3_bind_int64(st, 5, b->max_id);
    sqlite3_bind_int64(st, 6, b->id);
    sqlite3_bind_int64(st, 7, a->min_id);
    sqlite3_bind_int64(st, 8, a->max_id);
    sqlite3_bind_int64(st, 9, a->id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return rw_store_dberr(k->s, k->err, "superseding an earlier export");
    *all = rc == SQLITE_DONE;
    return RW_OK;
}

/* Deletes source h's charges of the key and marks its period row as
 * superseded by source `by`; *removed gets the charges deleted. */
static rw_status drop(const period_key *k, const holder *h, int64_t by, long *removed)
{
    sqlite3_stmt *st = NULL;
    rw_status ret = prepare(k,
                            "DELETE FROM charges WHERE id BETWEEN ?4 AND ?5 AND source_id = ?6"
                            " AND period = ?3 AND dim_id IN (SELECT id FROM dims"
                            " WHERE provider = ?1 AND billing_account = ?2)",
                            &st);
    if (ret != RW_OK) return ret;
    bind_key(k, st);
    sqlite3_bind_int64(st, 4, h->min_id);
    sqlite3_bind_int64(st, 5, h->max_id);
    sqlite3_bind_int64(st, 6, h->id);
    if ((ret = step_done(k, st, removed)) != RW_OK) return ret;
    if ((ret = prepare(k,
                       "UPDATE source_periods SET superseded_by = ?5 WHERE source_id = ?4"
                       " AND provider = ?1 AND billing_account = ?2 AND period = ?3",
                       &st)) != RW_OK)
        return ret;
    bind_key(k, st);
    sqlite3_bind_int64(st, 4, h->id);
    sqlite3_bind_int64(st, 5, by);
    return step_done(k, st, NULL);
}

static void note_event(rw_ingest_report *rep, const rw_store_period *p, rw_supersede_kind kind,
                       const char *other, long charges)
{
    if (rep->nevents == RW_REPORT_EVENTS) {
        rep->more_events = 1;
        return;
    }
    rw_supersede_event *e = &rep->events[rep->nevents++];
    e->kind = kind;
    rw_str_copy(e->provider, sizeof e->provider, p->provider);
    rw_str_copy(e->billing_account, sizeof e->billing_account, p->billing_account);
    e->period = p->period;
    rw_str_copy(e->other, sizeof e->other, other);
    e->charges = charges;
}

/* The live holders of the key other than source `self`, oldest first;
 * *out is the caller's (free). */
static rw_status holders(const period_key *k, int64_t self, holder **out, size_t *n)
{
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    rw_status ret = prepare(k,
                            "SELECT sp.source_id, sp.first, sp.last, sp.charges, sp.min_id,"
                            " sp.max_id, src.path FROM source_periods sp"
                            " JOIN sources src ON src.id = sp.source_id"
                            " WHERE sp.provider = ?1 AND sp.billing_account = ?2"
                            " AND sp.period = ?3 AND sp.superseded_by IS NULL"
                            " AND sp.source_id <> ?4 ORDER BY sp.source_id",
                            &st);
    if (ret != RW_OK) return ret;
    bind_key(k, st);
    sqlite3_bind_int64(st, 4, self);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!rw_grow(out, &cap, *n, sizeof **out, 4)) {
            sqlite3_finalize(st);
            return rw_error_set(k->err, RW_ENOMEM, NULL, 0, "out of memory");
        }
        holder *h = &(*out)[(*n)++];
        h->id = sqlite3_column_int64(st, 0);
        h->first = sqlite3_column_int64(st, 1);
        h->last = sqlite3_column_int64(st, 2);
        h->charges = (long)sqlite3_column_int64(st, 3);
        h->min_id = sqlite3_column_int64(st, 4);
        h->max_id = sqlite3_column_int64(st, 5);
        rw_str_copy(h->path, sizeof h->path, (const char *)sqlite3_column_text(st, 6));
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? RW_OK : rw_store_dberr(k->s, k->err, "superseding an earlier export");
}

/* Supersedes by one period of the new source `me`, against each earlier
 * holder of it in turn, until an earlier export turns out to cover it. */
static rw_status supersede_one(const period_key *k, const holder *me, rw_ingest_report *rep)
{
    holder *h = NULL;
    size_t n = 0;
    int aside = 0;
    rw_status ret = holders(k, me->id, &h, &n);
    for (size_t i = 0; ret == RW_OK && i < n && !aside; i++) {
        int covers = me->first <= h[i].first && me->last >= h[i].last;
        int covered = h[i].first <= me->first && h[i].last >= me->last;
        int all = 0;
        long removed = 0;
        if (covers && (ret = has_all_resources(k, me, &h[i], &all)) == RW_OK && all) {
            if ((ret = drop(k, &h[i], me->id, &removed)) != RW_OK) break;
            rep->replaced += removed;
            note_event(rep, k->p, RW_REPLACED_OLDER, h[i].path, removed);
        } else if (ret == RW_OK && covered && !covers &&
                   (ret = has_all_resources(k, &h[i], me, &all)) == RW_OK && all) {
            if ((ret = drop(k, me, h[i].id, &removed)) != RW_OK) break;
            rep->set_aside += removed;
            aside = 1;
            note_event(rep, k->p, RW_SET_ASIDE, h[i].path, removed);
        } else if (ret == RW_OK && me->first <= h[i].last && h[i].first <= me->last) {
            note_event(rep, k->p, RW_OVERLAP_KEPT, h[i].path, 0);
        }
    }
    free(h);
    return ret;
}

rw_status rw_store_supersede_periods(rw_store *s, int64_t id, const rw_store_period *p, size_t n,
                                     int64_t min_id, int64_t max_id, rw_ingest_report *rep,
                                     rw_error *err)
{
    for (size_t i = 0; i < n; i++) {
        period_key k = {s, &p[i], err};
        sqlite3_stmt *st = NULL;
        rw_status ret = prepare(&k,
                                "INSERT INTO source_periods(provider, billing_account, period,"
                                " source_id, first, last, charges, min_id, max_id)"
                                " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                &st);
        if (ret != RW_OK) return ret;
        bind_key(&k, st);
        sqlite3_bind_int64(st, 4, id);
        sqlite3_bind_int64(st, 5, p[i].first);
        sqlite3_bind_int64(st, 6, p[i].last);
        sqlite3_bind_int64(st, 7, p[i].charges);
        sqlite3_bind_int64(st, 8, min_id);
        sqlite3_bind_int64(st, 9, max_id);
        if ((ret = step_done(&k, st, NULL)) != RW_OK) return ret;
        holder me = {id, p[i].first, p[i].last, min_id, max_id, p[i].charges, ""};
        if ((ret = supersede_one(&k, &me, rep)) != RW_OK) return ret;
    }
    return RW_OK;
}

rw_status rw_store_charge_id_max(rw_store *s, int64_t *id, rw_error *err)
{
    sqlite3_stmt *st = NULL;
    *id = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(id), 0) FROM charges", -1, &st, NULL) !=
        SQLITE_OK)
        return rw_store_dberr(s, err, "reading the charges");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? RW_OK : rw_store_dberr(s, err, "reading the charges");
}
