/* ingest_file.c: one file, one transaction (or savepoint).
 *
 * Order of work: cheap duplicate check by (path, size, mtime); take the write
 * lock; record a provisional source row; stream the file through its parser
 * into the store sink; compare the content hash with the sources already
 * stored; commit, or roll back for a duplicate or any failure. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ingest/sink_thread.h"
#include "store/ingest_file.h"
#include "store/ingest_sink.h"
#include "store/store_internal.h"
#include "util/strutil.h"

/* Returns 1 and fills sha256 when a source with this exact path, size and
 * mtime was already ingested (the file has not changed since). */
static int seen_unchanged(rw_store *s, const char *path, const rw_input *in, char sha256[65])
{
    if (in->size <= 0) return 0;
    sqlite3_stmt *st = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT sha256 FROM sources WHERE path=? AND size=? AND mtime=?", -1,
                           &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, in->size);
    sqlite3_bind_int64(st, 3, in->mtime);
    if (sqlite3_step(st) == SQLITE_ROW) {
        rw_str_copy(sha256, 65, (const char *)sqlite3_column_text(st, 0));
        found = 1;
    }
    sqlite3_finalize(st);
    return found;
}

/* 1 when a source other than `self` already has this content hash. */
static rw_status hash_exists(rw_store *s, const char *sha256, int64_t self, int *exists,
                             rw_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM sources WHERE sha256=? AND id<>?", -1, &st,
                           NULL) != SQLITE_OK)
        return rw_store_dberr(s, err, "checking for a duplicate");
    sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, self);
    int rc = sqlite3_step(st);
    *exists = rc == SQLITE_ROW;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return rw_store_dberr(s, err, "checking for a duplicate");
    return RW_OK;
}

static rw_status insert_source(rw_store *s, const char *path, const rw_input *in, rw_format f,
                               const rw_ingest_opts *opts, int64_t *id, rw_error *err)
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
    if (in->size > 0) {
        sqlite3_bind_int64(st, 3, in->size);
        sqlite3_bind_int64(st, 4, in->mtime);
    }
    if (opts->account) sqlite3_bind_text(st, 5, opts->account, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, (int64_t)time(NULL));
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return rw_store_dberr(s, err, "recording the source");
    *id = sqlite3_last_insert_rowid(s->db);
    return RW_OK;
}

static rw_status finish_source(rw_store *s, int64_t id, const rw_ingest_report *rep,
                               rw_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "UPDATE sources SET sha256=?, rows=?, accepted=?, rejected=?,"
                           " charges=?, usage_records=?, balances=?, points=? WHERE id=?",
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
    sqlite3_bind_int64(st, 9, id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? RW_OK : rw_store_dberr(s, err, "recording the source");
}

typedef struct progress_ctx {
    rw_progress_fn fn;
    void *ctx;
    rw_input *in;
} progress_ctx;

static void on_progress(void *p)
{
    progress_ctx *pc = p;
    pc->fn(pc->ctx, rw_input_offset(pc->in), pc->in->size);
}

rw_status rw_ingest_file(rw_store *s, const char *path, const rw_ingest_opts *opts,
                         rw_progress_fn progress, void *pctx, rw_ingest_report *rep,
                         rw_error *err)
{
    memset(rep, 0, sizeof *rep);
    rw_str_copy(rep->path, sizeof rep->path, path);
    rw_input in;
    rw_store_sink *sink = NULL;
    rw_sink_thread *worker = NULL;
    rw_error store_err; /* errors of the store sink, on the worker thread */
    rw_error_clear(&store_err);
    int own_tx = sqlite3_get_autocommit(s->db), in_tx = 0;
    /* Sources are recorded under their absolute path so the unchanged-file
     * check works from any directory. */
    char abs[PATH_MAX];
    const char *key = strcmp(path, "-") == 0 ? "-" : (realpath(path, abs) ? abs : path);
    rw_status st = rw_input_open(&in, path, err);
    if (st != RW_OK) goto out;
    rw_format f = opts->format;
    if (f == RW_FMT_AUTO && (st = rw_format_detect(&in, &f, err)) != RW_OK) goto out;
    rep->format = f;
    if (seen_unchanged(s, key, &in, rep->sha256)) {
        rep->duplicate = 1;
        goto out;
    }
    st = rw_store_exec(s, own_tx ? "BEGIN IMMEDIATE" : "SAVEPOINT rw_ingest_file", err);
    if (st != RW_OK) goto out;
    in_tx = 1;
    int64_t source_id = 0;
    if ((st = insert_source(s, key, &in, f, opts, &source_id, err)) != RW_OK) goto out;
    /* The parser runs here while the store sink runs on a worker thread;
     * strict mode is enforced by the worker's front (sink_thread.h). */
    if ((st = rw_store_sink_alloc(s, source_id, in.name, 0, rep, &store_err, &sink)) != RW_OK) {
        if (err) *err = store_err;
        goto out;
    }
    progress_ctx pc = {progress, pctx, &in};
    if (progress) rw_store_sink_progress(sink, on_progress, &pc);
    if ((st = rw_sink_thread_start(rw_store_sink_iface(sink), opts->strict, in.name, err,
                                   &worker)) != RW_OK)
        goto out;
    rw_sink iface = rw_sink_thread_iface(worker);
    st = rw_format_parser(f)(&in, opts, &iface, err);
    rw_status wst = rw_sink_thread_finish(worker, &store_err, err);
    if (st == RW_OK) st = wst;
    if (st != RW_OK) goto out;
    if ((st = rw_store_sink_finish(sink)) != RW_OK) {
        if (err) *err = store_err;
        goto out;
    }
    if ((st = rw_input_digest(&in, rep->sha256, err)) != RW_OK) goto out;
    int exists = 0;
    if ((st = hash_exists(s, rep->sha256, source_id, &exists, err)) != RW_OK) goto out;
    if (exists) {
        rep->duplicate = 1;
        goto out; /* rolled back below: the content is already stored */
    }
    if ((st = finish_source(s, source_id, rep, err)) != RW_OK) goto out;
    st = rw_store_exec(s, own_tx ? "COMMIT" : "RELEASE rw_ingest_file", err);
    if (st == RW_OK) in_tx = 0;
    if (progress) progress(pctx, in.size, in.size);
out:
    if (in_tx) {
        if (own_tx) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        } else {
            sqlite3_exec(s->db, "ROLLBACK TO rw_ingest_file", NULL, NULL, NULL);
            sqlite3_exec(s->db, "RELEASE rw_ingest_file", NULL, NULL, NULL);
        }
    }
    if (rep->duplicate) {
        /* Nothing was added: the report shows what the file held, not counts. */
        rep->charges = rep->usage_records = rep->balances = rep->points = 0;
    }
    rw_sink_thread_free(worker);
    rw_store_sink_free(sink);
    rw_input_close(&in);
    return st;
}
