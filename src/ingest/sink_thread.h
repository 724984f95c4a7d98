/* sink_thread.h: an rw_sink that hands records to another sink running on
 * a worker thread.
 *
 * Parsing and storing each take about half of an ingest's CPU time; with
 * this wrapper the parser (caller's thread) and the store (worker) overlap.
 * Records are copied into batches (RW_SINK_BATCH_BYTES each, at most
 * RW_SINK_BATCHES in flight, so memory is bounded) and delivered to the
 * target sink in order, on one thread, so the target needs no locking.
 *
 * `row` is forwarded on the caller's thread at once (counting only); every
 * other callback is deferred. A failure of the target is reported by the
 * next callback (or rw_sink_thread_finish) with the target's error. In
 * strict mode the wrapper itself fails a reject with RW_EREJECTED. */
#ifndef RW_SINK_THREAD_H
#define RW_SINK_THREAD_H

#include "ingest/record.h"

#define RW_SINK_BATCH_BYTES (1u << 20)
#define RW_SINK_BATCHES 4

typedef struct rw_sink_thread rw_sink_thread;

/* Starts a worker delivering to `target` (borrowed; it must outlive the
 * wrapper and is only called from the worker). Errors of the target go to
 * its own rw_error; `err` receives the wrapper's. `file` names the input. */
rw_status rw_sink_thread_start(rw_sink target, int strict, const char *file, rw_error *err,
                               rw_sink_thread **out);

/* The sink interface to hand to a parser. */
rw_sink rw_sink_thread_iface(rw_sink_thread *t);

/* Delivers everything queued and stops the worker. Returns the first
 * failure of the target (RW_OK if none); `err` gets its message. */
rw_status rw_sink_thread_finish(rw_sink_thread *t, rw_error *target_err, rw_error *err);

/* Stops the worker without delivering what is left; frees everything.
 * NULL is allowed. Call after finish, or instead of it on failure. */
void rw_sink_thread_free(rw_sink_thread *t);

#endif
