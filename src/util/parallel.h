/* parallel.h: running independent jobs on a few threads.
 *
 * rw_parallel_for calls fn(ctx, i) for every i in [0, n) on up to `threads`
 * threads (the caller's included) and returns when all are done. Jobs must
 * not depend on each other; each writes only its own result slot, so the
 * results are the same whatever the thread count or the order. */
#ifndef RW_PARALLEL_H
#define RW_PARALLEL_H

#include <stddef.h>

/* Number of online processors (at least 1). */
size_t rw_cpu_count(void);

/* Runs fn(ctx, i) for i < n on min(threads, n) threads (threads 0 means
 * rw_cpu_count()). Falls back to the caller's thread alone when threads
 * cannot be started. */
void rw_parallel_for(size_t n, size_t threads, void (*fn)(void *ctx, size_t i), void *ctx);

#endif
