/* progress.h: a one-line progress bar on stderr, drawn only on a TTY. */
#ifndef RW_PROGRESS_H
#define RW_PROGRESS_H

#include <stdint.h>

typedef struct rw_progress {
    int enabled;        /* draw at all (stderr is a TTY and not --quiet) */
    const char *label;  /* what is being processed */
    double started;     /* monotonic seconds at start */
    double last_draw;   /* when the bar was last drawn */
    int drawn;          /* something is on the line and must be cleared */
} rw_progress;

void rw_progress_start(rw_progress *p, int enabled, const char *label);
/* Callback shape of rw_progress_fn: `ctx` is an rw_progress. */
void rw_progress_update(void *ctx, int64_t done, int64_t total);
/* Clears the line. */
void rw_progress_end(rw_progress *p);

#endif
