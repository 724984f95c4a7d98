/* store_check.h: helpers of the unit tests that use a store file: remove
 * it with its WAL files, and count rows with one SQL query. */
#ifndef RW_STORE_CHECK_H
#define RW_STORE_CHECK_H

#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include <sqlite3.h>
#include "store/store.h"

/* Removes the store file `db` and its -wal and -shm files. */
static inline void remove_db(const char *db)
{
    char p[256];
    unlink(db);
    snprintf(p, sizeof p, "%s-wal", db);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", db);
    unlink(p);
}

/* The first column of the first row of `sql` on s, -1 when it fails. */
static inline int64_t count(rw_store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(rw_store_db(s), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

#endif
