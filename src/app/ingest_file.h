/* ingest_file.h: ingesting one input file into the store, atomically.
 *
 * A file is ingested in one write transaction (a savepoint when the caller
 * already holds one): either all of its records and its reject records are
 * stored and the file is recorded in `sources`, or nothing is. A file whose
 * bytes (SHA-256 after decompression) or parsed records (the content
 * identity, store/ingest_sink.h) are already in `sources` adds nothing; a
 * bill export supersedes earlier exports of its billing periods in the
 * same transaction (store/supersede.h). Three threads work on it
 * (ingest/sink_thread.h): a reader decompresses and hashes, the caller's
 * thread parses, a worker writes. */
#ifndef RW_APP_INGEST_FILE_H
#define RW_APP_INGEST_FILE_H

#include <stdint.h>
#include "ingest/ingest.h"
#include "store/ingest_report.h"
#include "store/store.h"

/* Progress callback: `done` of `total` bytes of the file on disk (total 0
 * when unknown). Called every few thousand rows. */
typedef void (*rw_progress_fn)(void *ctx, int64_t done, int64_t total);

/* Ingests `path` ("-" for stdin). Fills *rep (also on failure, as far as it
 * got). Returns RW_OK (rep->duplicate tells whether anything was added),
 * RW_EREJECTED in strict mode at the first bad row (err: file:line: reason)
 * and when every row, or more than opts->max_reject_rate of them, was
 * rejected (nothing stored),
 * RW_EFORMAT when the file cannot be read as the format, RW_EIO, RW_EDB.
 * On any failure the store is as it was before the call. */
rw_status rw_ingest_file(rw_store *s, const char *path, const rw_ingest_opts *opts,
                         rw_progress_fn progress, void *pctx, rw_ingest_report *rep,
                         rw_error *err);

#endif
