/* supersede.c: the newest fetch of a period replaces the older ones
 * (supersede.h). */
#include <sqlite3.h>
#include "store/store_internal.h"
#include "store/supersede.h"

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
