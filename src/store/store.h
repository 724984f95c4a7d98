/* store.h: the SQLite store (one file, WAL mode, versioned schema).
 *
 * An rw_store is one connection; open one per process or thread. Writers
 * take the write lock with BEGIN IMMEDIATE and wait up to busy_ms for it, so
 * several processes may ingest into one file at once. */
#ifndef RW_STORE_H
#define RW_STORE_H

#include <stdint.h>
#include "util/error.h"

typedef struct rw_store rw_store;

#define RW_STORE_BUSY_MS 300000     /* default wait for the write lock: 5 min */
#define RW_STORE_SCHEMA_VERSION 8   /* schema version this build writes */

/* Process-wide SQLite settings; call once at start-up, before any other
 * store function (later calls are harmless no-ops). Turns off SQLite's
 * memory statistics, whose global mutex costs every allocation. */
void rw_store_process_init(void);

/* Opens (creating if needed) the store at `path` and migrates its schema to
 * RW_STORE_SCHEMA_VERSION. Refuses a store written by a newer runway.
 * On success *out is owned by the caller: close with rw_store_close. */
rw_status rw_store_open(const char *path, rw_store **out, rw_error *err);

/* Closes the store; NULL is allowed. */
void rw_store_close(rw_store *s);

/* The underlying connection, for the store's own modules and tests. */
struct sqlite3 *rw_store_db(rw_store *s);

/* Records a database failure of `what` with sqlite3_errmsg in `err`. */
rw_status rw_store_dberr(rw_store *s, rw_error *err, const char *what);

/* Runs `sql` (no results expected). */
rw_status rw_store_exec(rw_store *s, const char *sql, rw_error *err);

/* ---- Transactions ----------------------------------------------------------
 * A write transaction takes the write lock at once (BEGIN IMMEDIATE),
 * waiting up to RW_STORE_BUSY_MS for it. Write transactions nest: inside
 * one, rw_store_write_begin opens a savepoint, so an inner rollback undoes
 * only the inner work. A read snapshot (rw_store_read_begin) makes every
 * read until rw_store_read_end see the store as of its first read; no
 * write may happen inside it (end it first). */
rw_status rw_store_write_begin(rw_store *s, rw_error *err);
/* Commits the innermost write transaction (or releases its savepoint). */
rw_status rw_store_write_commit(rw_store *s, rw_error *err);
/* Rolls the innermost write transaction back; never fails. */
void rw_store_write_rollback(rw_store *s);
rw_status rw_store_read_begin(rw_store *s, rw_error *err);
void rw_store_read_end(rw_store *s);

/* Schema version of the open store. */
int rw_store_version(rw_store *s);

#endif
