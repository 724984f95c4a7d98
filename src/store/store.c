/* store.c: opening the store, pragmas and migrations. */
#include <stdio.h>
#include <stdlib.h>
#include <sqlite3.h>
#include "store/schema.h"
#include "store/store.h"
#include "store/store_internal.h"

void rw_store_process_init(void)
{
    /* Fails with SQLITE_MISUSE once SQLite is initialised: nothing to do. */
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

rw_status rw_store_dberr(rw_store *s, rw_error *err, const char *what)
{
    return rw_error_set(err, RW_EDB, s ? s->path : NULL, 0, "%s: %s", what,
                        s && s->db ? sqlite3_errmsg(s->db) : "cannot open");
}

rw_status rw_store_exec(rw_store *s, const char *sql, rw_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        rw_status st = rw_error_set(err, RW_EDB, s->path, 0, "database: %s", msg ? msg : "error");
        sqlite3_free(msg);
        return st;
    }
    return RW_OK;
}

rw_status rw_store_write_begin(rw_store *s, rw_error *err)
{
    char sql[48];
    if (s->reading) return rw_error_set(err, RW_EINVAL, s->path, 0, "write inside a read snapshot");
    if (s->depth == 0) snprintf(sql, sizeof sql, "BEGIN IMMEDIATE");
    else snprintf(sql, sizeof sql, "SAVEPOINT rw_%d", s->depth);
    rw_status st = rw_store_exec(s, sql, err);
    if (st == RW_OK) s->depth++;
    return st;
}

rw_status rw_store_write_commit(rw_store *s, rw_error *err)
{
    char sql[48];
    if (s->depth <= 0) return rw_error_set(err, RW_EINVAL, s->path, 0, "commit without a transaction");
    if (s->depth == 1) snprintf(sql, sizeof sql, "COMMIT");
    else snprintf(sql, sizeof sql, "RELEASE rw_%d", s->depth - 1);
    rw_status st = rw_store_exec(s, sql, err);
    if (st == RW_OK) s->depth--;
    return st;
}

void rw_store_write_rollback(rw_store *s)
{
    char sql[64];
    if (s->depth <= 0) return;
    s->depth--;
    if (s->depth == 0) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return;
    }
    snprintf(sql, sizeof sql, "ROLLBACK TO rw_%d", s->depth);
    sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    snprintf(sql, sizeof sql, "RELEASE rw_%d", s->depth);
    sqlite3_exec(s->db, sql, NULL, NULL, NULL);
}

rw_status rw_store_read_begin(rw_store *s, rw_error *err)
{
    if (s->reading || s->depth) return RW_OK; /* already consistent */
    rw_status st = rw_store_exec(s, "BEGIN", err);
    if (st == RW_OK) s->reading = 1;
    return st;
}

void rw_store_read_end(rw_store *s)
{
    if (!s || !s->reading) return;
    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    s->reading = 0;
}

static int user_version(rw_store *s)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

int rw_store_version(rw_store *s)
{
    return user_version(s);
}

static rw_status migrate(rw_store *s, rw_error *err)
{
    rw_status st = rw_store_exec(s, "BEGIN IMMEDIATE", err);
    if (st != RW_OK) return st;
    int v = user_version(s);
    size_t newest = rw_schema_count();
    if (v < 0) {
        st = rw_store_dberr(s, err, "reading the schema version");
    } else if ((size_t)v > newest) {
        st = rw_error_set(err, RW_EDB, s->path, 0,
                          "store schema version %d is newer than this runway supports (%zu)", v,
                          newest);
    }
    for (size_t i = (size_t)v; st == RW_OK && i < newest; i++) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version=%zu", i + 1);
        st = rw_store_exec(s, rw_schema_migration(i), err);
        if (st == RW_OK) st = rw_store_exec(s, pragma, err);
    }
    if (st != RW_OK) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
    return rw_store_exec(s, "COMMIT", err);
}

rw_status rw_store_open(const char *path, rw_store **out, rw_error *err)
{
    *out = NULL;
    rw_store *s = calloc(1, sizeof *s);
    if (!s) return rw_error_set(err, RW_ENOMEM, path, 0, "out of memory");
    snprintf(s->path, sizeof s->path, "%s", path);
    rw_status st = RW_OK;
    /* NOMUTEX: a connection is only ever used by one thread, so SQLite's
     * per-call locking (a fifth of the insert cost) is not needed. */
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        st = rw_store_dberr(s, err, "cannot open the store");
        goto out;
    }
    sqlite3_busy_timeout(s->db, RW_STORE_BUSY_MS);
    sqlite3_extended_result_codes(s->db, 1);
    /* WAL lets readers (series, report) run while an ingest writes;
     * synchronous=NORMAL in WAL keeps the store consistent on power loss,
     * losing at most the last commits. */
    st = rw_store_exec(s,
                       "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                       "PRAGMA cache_size=-16000;",
                       err);
    if (st != RW_OK) goto out;
    st = migrate(s, err);
out:
    if (st != RW_OK) {
        rw_store_close(s);
        return st;
    }
    *out = s;
    return RW_OK;
}

void rw_store_close(rw_store *s)
{
    if (!s) return;
    sqlite3_close(s->db);
    free(s);
}

struct sqlite3 *rw_store_db(rw_store *s)
{
    return s->db;
}
