/* pace.c: sliding-window rate limits per webhook target (pace.h).
 *
 * Each target keeps the times of its last `limit` granted sends in a ring;
 * a send is granted when the oldest of them is at least a window old. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "alert/pace.h"
#include "util/grow.h"

typedef struct target {
    char *id;        /* owned */
    int64_t *times;  /* owned ring of `cap` grant times, oldest at `head` when full */
    int cap, n, head;
} target;

struct rw_pacer {
    rw_clock_ms_fn clock;
    void *ctx;
    pthread_mutex_t mu;
    target *t;       /* owned */
    size_t n, cap;
};

static int64_t monotonic_ms(void *ctx)
{
    struct timespec ts;
    (void)ctx;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

rw_pace_limit rw_pace_kind_limit(rw_webhook_kind kind)
{
    switch (kind) {
    case RW_WEBHOOK_WECOM: return (rw_pace_limit){RW_PACE_WECOM_LIMIT, RW_PACE_WINDOW_MS};
    case RW_WEBHOOK_DINGTALK: return (rw_pace_limit){RW_PACE_DINGTALK_LIMIT, RW_PACE_WINDOW_MS};
    case RW_WEBHOOK_SLACK: return (rw_pace_limit){RW_PACE_SLACK_LIMIT, RW_PACE_WINDOW_MS};
    case RW_WEBHOOK_JSON:
    default: return (rw_pace_limit){0, RW_PACE_WINDOW_MS};
    }
}

rw_pacer *rw_pacer_alloc(rw_clock_ms_fn clock, void *ctx)
{
    rw_pacer *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    if (pthread_mutex_init(&p->mu, NULL)) {
        free(p);
        return NULL;
    }
    p->clock = clock ? clock : monotonic_ms;
    p->ctx = ctx;
    return p;
}

void rw_pacer_free(rw_pacer *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->t[i].id);
        free(p->t[i].times);
    }
    free(p->t);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

/* The target `id` with room for `limit` times, added when new; NULL when
 * memory ran out. */
static target *find(rw_pacer *p, const char *id, int limit)
{
    for (size_t i = 0; i < p->n; i++)
        if (!strcmp(p->t[i].id, id)) return p->t[i].cap == limit ? &p->t[i] : NULL;
    if (!rw_grow(&p->t, &p->cap, p->n, sizeof *p->t, 16)) return NULL;
    target *t = &p->t[p->n];
    memset(t, 0, sizeof *t);
    t->id = strdup(id);
    t->times = calloc((size_t)limit, sizeof *t->times);
    if (!t->id || !t->times) {
        free(t->id);
        free(t->times);
        return NULL;
    }
    t->cap = limit;
    p->n++;
    return t;
}

int rw_pacer_take(rw_pacer *p, const char *id, rw_pace_limit l, int64_t *wait_ms)
{
    if (wait_ms) *wait_ms = 0;
    if (!p || l.limit <= 0) return 1;
    int ok = 1;
    pthread_mutex_lock(&p->mu);
    int64_t now = p->clock(p->ctx);
    target *t = find(p, id, l.limit);
    if (t && t->n == t->cap) {
        int64_t oldest = t->times[t->head];
        if (now - oldest < l.window_ms) {
            ok = 0;
            if (wait_ms) *wait_ms = oldest + l.window_ms - now;
        } else {
            t->times[t->head] = now;
            t->head = (t->head + 1) % t->cap;
        }
    } else if (t) {
        t->times[(t->head + t->n++) % t->cap] = now;
    }
    pthread_mutex_unlock(&p->mu);
    return ok;
}
