/* parallel.c: a minimal fork-join loop over pthreads; the next index is
 * taken under a mutex, so threads share the work whatever each job costs. */
#include <pthread.h>
#include <unistd.h>
#include "util/parallel.h"

typedef struct pool {
    pthread_mutex_t mu;
    size_t next, n;
    void (*fn)(void *ctx, size_t i);
    void *ctx;
} pool;

size_t rw_cpu_count(void)
{
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    return c > 0 ? (size_t)c : 1;
}

static void *work(void *arg)
{
    pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        size_t i = p->next++;
        pthread_mutex_unlock(&p->mu);
        if (i >= p->n) return NULL;
        p->fn(p->ctx, i);
    }
}

void rw_parallel_for(size_t n, size_t threads, void (*fn)(void *ctx, size_t i), void *ctx)
{
    enum { MAX_THREADS = 64 };
    if (threads == 0) threads = rw_cpu_count();
    if (threads > n) threads = n;
    if (threads > MAX_THREADS) threads = MAX_THREADS;
    pool p = {PTHREAD_MUTEX_INITIALIZER, 0, n, fn, ctx};
    pthread_t tid[MAX_THREADS];
    size_t started = 0;
    for (size_t t = 1; t < threads; t++) {
        if (pthread_create(&tid[started], NULL, work, &p) != 0) break;
        started++;
    }
    work(&p);
    for (size_t t = 0; t < started; t++) pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&p.mu);
}
