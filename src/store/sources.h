/* sources.h: the record of ingested files (table sources) and of the rows
 * they had rejected (table rejects): what the ingest driver writes around
 * a file, and the listings people read (`runway sources`, `rejects`). */
#ifndef RW_SOURCES_H
#define RW_SOURCES_H

#include <stddef.h>
#include <stdint.h>
#include "ingest/ingest.h"
#include "store/ingest_report.h"
#include "store/store.h"

/* 1 and the content hash in sha256 when a source with this exact path,
 * size and mtime (size > 0) was already ingested: the file is unchanged. */
int rw_store_source_unchanged(rw_store *s, const char *path, int64_t size, int64_t mtime,
                              char sha256[65]);

/* Records a provisional source row (hash "pending", counts 0) for `path`
 * (size and mtime when size > 0, account when not NULL); *id gets its id.
 * Inside the caller's write transaction. */
rw_status rw_store_source_insert(rw_store *s, const char *path, int64_t size, int64_t mtime,
                                 rw_format f, const char *account, int64_t *id, rw_error *err);

/* Fills in the hashes and the counts of source `id` from rep. */
rw_status rw_store_source_finish(rw_store *s, int64_t id, const rw_ingest_report *rep,
                                 rw_error *err);

/* *exists: a source other than `self` has the byte hash sha256 or (when
 * not "") the content identity `content`: the same bill, perhaps re-saved. */
rw_status rw_store_source_hash_exists(rw_store *s, const char *sha256, const char *content,
                                      int64_t self, int *exists, rw_error *err);

/* One ingested file, as listed. */
typedef struct rw_source_row {
    int64_t id;
    char *path, *format, *sha256; /* owned by the list */
    long rows, accepted, rejected, charges, usage_records, balances, points;
    int64_t ingested_at;
    long warnings;         /* rows kept with bad metadata dropped */
    long superseded;       /* of its charges, those a newer export replaced */
    int64_t superseded_by; /* the (last) source that replaced them, 0: none */
} rw_source_row;

/* One rejected row, or one kept with a warning, as listed. */
typedef struct rw_reject_row {
    char *path, *reason, *raw; /* owned by the list; raw may be NULL */
    long line;
    int warning;               /* 1: the row was kept, with the named data dropped */
} rw_reject_row;

/* Sources by id, or rejects by source and line. */
struct rw_source_list {
    int rejects;           /* 1: `reject` is filled, else `source` */
    size_t n;
    rw_source_row *source; /* owned */
    rw_reject_row *reject; /* owned */
};

/* Every source, by id. *out is the caller's (rw_source_list_free). */
rw_status rw_store_sources_list(rw_store *s, rw_source_list **out, rw_error *err);
/* Rejects of the sources whose path is `path` or ends in "/" + path (NULL:
 * all), by source and line, at most `limit` (<= 0: all). */
rw_status rw_store_rejects_list(rw_store *s, const char *path, long limit, rw_source_list **out,
                                rw_error *err);

/* Files ingested, rows read and rows rejected in all. */
rw_status rw_store_source_totals(rw_store *s, size_t *sources, long *rows, long *rejected,
                                 rw_error *err);

#endif
