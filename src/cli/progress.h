/* progress.h: a one-line progress bar on stderr, drawn only on a TTY:
 * bytes of a file read, or items (accounts) done. */
#ifndef RW_PROGRESS_H
#define RW_PROGRESS_H

#include <stddef.h>
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
/* Callback shape of rw_all_options.progress (`ctx` an rw_progress; its
 * caller makes one call at a time): "LABEL: DONE/TOTAL" on the line, at
 * most ten times a second; the line is cleared when done reaches total. */
void rw_progress_count(void *ctx, size_t done, size_t total);

#endif
