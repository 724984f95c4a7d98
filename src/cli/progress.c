/* progress.c: progress bar drawing (bytes of a file, or items done), at
 * most ten times a second. */
#include <stdio.h>
#include <time.h>
#include "cli/progress.h"
#include "runway.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void rw_progress_start(rw_progress *p, int enabled, const char *label)
{
    p->enabled = enabled;
    p->label = label;
    p->started = now();
    p->last_draw = 0;
    p->drawn = 0;
}

void rw_progress_update(void *ctx, int64_t done, int64_t total)
{
    rw_progress *p = ctx;
    if (!p->enabled) return;
    double t = now();
    if (t - p->last_draw < 0.1) return;
    p->last_draw = t;
    double mb = (double)done / 1e6, rate = mb / (t - p->started + 1e-9);
    char label[128]; /* a file name: shown escaped */
    const char *shown = rw_text_esc(p->label, label, sizeof label);
    if (total > 0) {
        int pct = (int)(100.0 * (double)done / (double)total);
        if (pct > 100) pct = 100;
        char bar[31];
        int fill = pct * 30 / 100;
        for (int i = 0; i < 30; i++) bar[i] = i < fill ? '#' : '.';
        bar[30] = '\0';
        fprintf(stderr, "\r%-24.24s [%s] %3d%% %8.1f MB %6.1f MB/s", shown, bar, pct, mb, rate);
    } else {
        fprintf(stderr, "\r%-24.24s %8.1f MB %6.1f MB/s", shown, mb, rate);
    }
    p->drawn = 1;
}

void rw_progress_end(rw_progress *p)
{
    if (p->drawn) fprintf(stderr, "\r%-80s\r", "");
    p->drawn = 0;
}

void rw_progress_count(void *ctx, size_t done, size_t total)
{
    rw_progress *p = ctx;
    if (!p->enabled) return;
    if (done >= total) {
        rw_progress_end(p);
        return;
    }
    double t = now();
    if (t - p->last_draw < 0.1) return;
    p->last_draw = t;
    fprintf(stderr, "\r%s: %zu/%zu", p->label, done, total);
    p->drawn = 1;
}
