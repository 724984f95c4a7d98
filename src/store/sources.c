/* sources.c: source rows around an ingest, and the listings of sources and
 * rejects (sources.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "store/sources.h"
#include "store/store_internal.h"
#include "util/strutil.h"

int rw_store_source_unchanged(rw_store *s, const char *path, int64_t size, int64_t mtime,
                              char sha256[65])
{
    if (size <= 0) return 0;
    sqlite3_stmt *st = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT sha256 FROM sources WHERE path=? AND size=? AND mtime=?", -1,
                           &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, size);
    sqlite3_bind_int64(st, 3, mtime);
    if (sqlite3_step(st) == SQLITE_ROW) {
        rw_str_copy(sha256, 65, (const char *)sqlite3_column_text(st, 0));
        found = 1;
    }
    sqlite3_finalize(st);
    return found;
}

rw_status rw_store_source_hash_exists(rw_store *s, const char *sha256, const char *content,
                                      int64_t self, int *exists, rw_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT 1 FROM sources WHERE (sha256=?1 OR content=?2) AND id<>?3",
                           -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "checking for a duplicate");
    sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
    if (content[0]) sqlite3_bind_text(st, 2, content, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, self);
    int rc = sqlite3_step(st);
    *exists = rc == SQLITE_ROW;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return rw_store_dberr(s, err, "checking for a duplicate");
    return RW_OK;
}

rw_status rw_store_source_insert(rw_store *s, const char *path, int64_t size, int64_t mtime,
                                 rw_format f, const char *account, int64_t *id, rw_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO sources(path, sha256, format, size, mtime, account,"
                           " ingested_at, rows, accepted, rejected, charges, usage_records,"
                           " balances, points) VALUES(?, 'pending', ?, ?, ?, ?, ?,"
                           " 0, 0, 0, 0, 0, 0, 0)",
                           -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "recording the source");
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, rw_format_name(f), -1, SQLITE_STATIC);
    if (size > 0) {
        sqlite3_bind_int64(st, 3, size);
        sqlite3_bind_int64(st, 4, mtime);
    }
    if (account) sqlite3_bind_text(st, 5, account, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, (int64_t)time(NULL));
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return rw_store_dberr(s, err, "recording the source");
    *id = sqlite3_last_insert_rowid(s->db);
    return RW_OK;
}

rw_status rw_store_source_finish(rw_store *s, int64_t id, const rw_ingest_report *rep,
                                 rw_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "UPDATE sources SET sha256=?, rows=?, accepted=?, rejected=?,"
                           " charges=?, usage_records=?, balances=?, points=?, ledger=?,"
                           " warnings=?, content=? WHERE id=?",
                           -1, &st, NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "recording the source");
    sqlite3_bind_text(st, 1, rep->sha256, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, rep->rows);
    sqlite3_bind_int64(st, 3, rep->rows - rep->rejected);
    sqlite3_bind_int64(st, 4, rep->rejected);
    sqlite3_bind_int64(st, 5, rep->charges);
    sqlite3_bind_int64(st, 6, rep->usage_records);
    sqlite3_bind_int64(st, 7, rep->balances);
    sqlite3_bind_int64(st, 8, rep->points);
    sqlite3_bind_int64(st, 9, rep->ledger);
    sqlite3_bind_int64(st, 10, rep->warnings);
    if (rep->content[0]) sqlite3_bind_text(st, 11, rep->content, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 12, id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? RW_OK : rw_store_dberr(s, err, "recording the source");
}

void rw_source_list_free(rw_source_list *l)
{
    if (!l) return;
    for (size_t i = 0; i < l->n; i++) {
        if (l->rejects) {
            free(l->reject[i].path);
            free(l->reject[i].reason);
            free(l->reject[i].raw);
        } else {
            free(l->source[i].path);
            free(l->source[i].format);
            free(l->source[i].sha256);
        }
    }
    free(l->source);
    free(l->reject);
    free(l);
}

/* A copy of column i (NULL for SQL NULL); *bad set when out of memory. */
static char *column_dup(sqlite3_stmt *st, int i, int *bad)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    if (!t) return NULL;
    char *c = strdup(t);
    if (!c) *bad = 1;
    return c;
}

/* Steps `st` to its end, appending a row per result to l. */
static rw_status collect(rw_store *s, sqlite3_stmt *st, rw_source_list *l, const char *what,
                         rw_error *err)
{
    size_t cap = 0;
    int rc, bad = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (l->n == cap) {
            cap = cap ? 2 * cap : 16;
            void *p = l->rejects ? realloc(l->reject, cap * sizeof *l->reject)
                                 : realloc(l->source, cap * sizeof *l->source);
            if (!p) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
            if (l->rejects) l->reject = p;
            else l->source = p;
        }
        if (l->rejects) {
            rw_reject_row *r = &l->reject[l->n++];
            r->path = column_dup(st, 0, &bad);
            r->line = (long)sqlite3_column_int64(st, 1);
            r->reason = column_dup(st, 2, &bad);
            r->raw = column_dup(st, 3, &bad);
            r->warning = sqlite3_column_int(st, 4);
        } else {
            rw_source_row *r = &l->source[l->n++];
            r->id = sqlite3_column_int64(st, 0);
            r->path = column_dup(st, 1, &bad);
            r->format = column_dup(st, 2, &bad);
            long *counts[] = {&r->rows, &r->accepted, &r->rejected, &r->charges,
                              &r->usage_records, &r->balances, &r->points};
            for (int i = 0; i < 7; i++) *counts[i] = (long)sqlite3_column_int64(st, 3 + i);
            r->ingested_at = sqlite3_column_int64(st, 10);
            r->sha256 = column_dup(st, 11, &bad);
            r->warnings = (long)sqlite3_column_int64(st, 12);
            r->superseded = (long)sqlite3_column_int64(st, 13);
            r->superseded_by = sqlite3_column_int64(st, 14);
        }
        if (bad) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    }
    return rc == SQLITE_DONE ? RW_OK : rw_store_dberr(s, err, what);
}

/* Runs `sql` (with optional path and limit parameters) into a new list. */
static rw_status list(rw_store *s, const char *sql, int rejects, const char *path, long limit,
                      const char *what, rw_source_list **out, rw_error *err)
{
    *out = NULL;
    rw_source_list *l = calloc(1, sizeof *l);
    if (!l) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    l->rejects = rejects;
    sqlite3_stmt *st = NULL;
    rw_status ret;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        ret = rw_store_dberr(s, err, what);
    } else {
        if (rejects) {
            if (path) sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 2, limit > 0 ? limit : -1);
        }
        ret = collect(s, st, l, what, err);
    }
    sqlite3_finalize(st);
    if (ret != RW_OK) rw_source_list_free(l);
    else *out = l;
    return ret;
}

rw_status rw_store_sources_list(rw_store *s, rw_source_list **out, rw_error *err)
{
    return list(s,
                "SELECT id, path, format, rows, accepted, rejected, charges, usage_records,"
                " balances, points, ingested_at, sha256, warnings,"
                " (SELECT coalesce(sum(charges), 0) FROM source_periods p"
                "  WHERE p.source_id = sources.id AND p.superseded_by IS NOT NULL),"
                " (SELECT coalesce(max(superseded_by), 0) FROM source_periods p"
                "  WHERE p.source_id = sources.id)"
                " FROM sources ORDER BY id",
                0, NULL, 0, "listing sources", out, err);
}

rw_status rw_store_rejects_list(rw_store *s, const char *path, long limit, rw_source_list **out,
                                rw_error *err)
{
    /* A path matches as given or as the absolute path the store records. */
    return list(s,
                "SELECT s.path, r.line, r.reason, r.raw, r.kind = 'warning' FROM rejects r"
                " JOIN sources s ON s.id = r.source_id"
                " WHERE ?1 IS NULL OR s.path = ?1 OR s.path LIKE '%/' || ?1"
                " ORDER BY r.source_id, r.line LIMIT ?2",
                1, path, limit, "listing rejects", out, err);
}

rw_status rw_store_source_totals(rw_store *s, size_t *sources, long *rows, long *rejected,
                                 rw_error *err)
{
    sqlite3_stmt *st = NULL;
    rw_status ret = RW_OK;
    *sources = 0;
    *rows = *rejected = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT count(*), coalesce(sum(rows), 0),"
                                  " coalesce(sum(rejected), 0) FROM sources",
                           -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
        ret = rw_store_dberr(s, err, "counting sources");
    } else {
        *sources = (size_t)sqlite3_column_int64(st, 0);
        *rows = (long)sqlite3_column_int64(st, 1);
        *rejected = (long)sqlite3_column_int64(st, 2);
    }
    sqlite3_finalize(st);
    return ret;
}
