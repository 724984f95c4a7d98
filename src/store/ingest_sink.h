/* ingest_sink.h: the rw_sink that writes parsed records into the store.
 *
 * Used inside a transaction opened by the ingest driver (app/ingest_file.h). Charges are stored
 * with their dimensions dictionary-encoded through an in-memory cache of
 * bounded size; access-log requests are summed per (hour, bucket, region)
 * in memory and written by rw_store_sink_finish. */
#ifndef RW_INGEST_SINK_H
#define RW_INGEST_SINK_H

#include "ingest/record.h"
#include "store/ingest_report.h"
#include "store/store.h"
#include "store/supersede.h"

typedef struct rw_store_sink rw_store_sink;

/* Prepares a sink writing records of source `source_id`, counting into
 * `rep`. In strict mode the first reject fails with RW_EREJECTED and fills
 * `err`. `file` names the input in messages. Free with rw_store_sink_free. */
rw_status rw_store_sink_alloc(rw_store *s, int64_t source_id, const char *file, int strict,
                              rw_ingest_report *rep, rw_error *err, rw_store_sink **out);

/* The sink interface to hand to a parser. */
rw_sink rw_store_sink_iface(rw_store_sink *k);

/* Writes what is still buffered: the last charges and the aggregated usage
 * rows. Call once after the parser returns OK. */
rw_status rw_store_sink_finish(rw_store_sink *k);

/* The identity of the records written so far (call after finish): 48 hex
 * digits that depend on the parsed records only, not on the bytes that
 * carried them (a BOM, CRLF, quoting, column or row order); "" when no
 * record was written. Meant to recognise re-saves of one export, not to
 * resist forgery. */
void rw_store_sink_content(const rw_store_sink *k, char hex[65]);

/* What the charges written hold per provider, billing account and billing
 * period (charges with a period only); owned by the sink. */
const rw_store_period *rw_store_sink_periods(const rw_store_sink *k, size_t *n);

/* Sets a progress callback invoked every RW_SINK_PROGRESS_ROWS rows. */
#define RW_SINK_PROGRESS_ROWS 16384
void rw_store_sink_progress(rw_store_sink *k, void (*fn)(void *), void *ctx);

void rw_store_sink_free(rw_store_sink *k);

#endif
