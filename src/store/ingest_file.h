/* ingest_file.h: ingesting one input file into the store, atomically.
 *
 * A file is ingested in one transaction (or one savepoint when the caller
 * already holds a transaction): either all of its records and its reject
 * records are stored and the file is recorded in `sources`, or nothing is.
 * A file whose content (SHA-256 of the decompressed bytes) is already in
 * `sources` adds nothing. */
#ifndef RW_INGEST_FILE_H
#define RW_INGEST_FILE_H

#include <stdint.h>
#include "ingest/ingest.h"
#include "store/store.h"
#include "util/num.h"

#define RW_REPORT_CURRENCIES 16 /* currencies itemised in a report */
#define RW_REPORT_SAMPLES 5     /* reject reasons kept for display */

typedef struct rw_currency_total {
    char code[4];   /* ISO 4217 */
    rw_ksum billed; /* sum of BilledCost */
    long charges;   /* charge records in this currency */
} rw_currency_total;

typedef struct rw_ingest_report {
    char path[512];            /* file as given */
    rw_format format;          /* detected or forced format */
    char sha256[65];           /* content hash */
    int duplicate;             /* content already ingested: nothing added */
    long rows;                 /* data rows read */
    long rejected;             /* of which rejected */
    long charges, usage_records, balances, points; /* records stored */
    int ncurrencies;           /* entries used in totals */
    int more_currencies;       /* totals overflowed: more currencies seen */
    rw_currency_total totals[RW_REPORT_CURRENCIES];
    int64_t first, last;       /* range of charge/usage/point times, if any */
    int nsamples;              /* entries used in samples */
    struct {
        long line;
        char reason[200];
    } samples[RW_REPORT_SAMPLES]; /* first rejects */
} rw_ingest_report;

/* Progress callback: `done` of `total` bytes of the file on disk (total 0
 * when unknown). Called every few thousand rows. */
typedef void (*rw_progress_fn)(void *ctx, int64_t done, int64_t total);

/* Ingests `path` ("-" for stdin). Fills *rep (also on failure, as far as it
 * got). Returns RW_OK (rep->duplicate tells whether anything was added),
 * RW_EREJECTED in strict mode at the first bad row (err: file:line: reason),
 * RW_EFORMAT when the file cannot be read as the format, RW_EIO, RW_EDB.
 * On any failure the store is as it was before the call. */
rw_status rw_ingest_file(rw_store *s, const char *path, const rw_ingest_opts *opts,
                         rw_progress_fn progress, void *pctx, rw_ingest_report *rep,
                         rw_error *err);

#endif
