/* run.c: the unattended job for cron or a systemd timer (runway.h
 * rw_run): fetch -> forecast -> alerts -> report, under a lock so that
 * overlapping runs do not collide. Each step is the use case of the same
 * name, called directly; a failing step does not stop the later ones
 * (alerts on yesterday's data beat no alerts), but the status reports it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include "app/app.h"
#include "export/run_write.h"
#include "util/timeutil.h"
#include "util/tz.h"

#define RUN_FORECAST_DAYS 28 /* the forecast saved each run, by service */

void rw_run_options_init(rw_run_options *o)
{
    memset(o, 0, sizeof *o);
    o->fetch = 1;
    o->now = INT64_MIN;
}

/* Takes the lock on path; *fd gets it. A link planted at the lock's name
 * is not followed (it would make runway create or truncate its target). */
static rw_status take_lock(const char *path, int wait, int *fd, rw_error *err)
{
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (*fd < 0) return rw_error_set(err, RW_EIO, path, 0, "cannot open the lock: %s", strerror(errno));
    if (flock(*fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
        rw_status st = errno == EWOULDBLOCK
                           ? rw_error_set(err, RW_EBUSY, NULL, 0,
                                          "another runway run holds %s: not starting (use --wait"
                                          " to queue)", path)
                           : rw_error_set(err, RW_EIO, path, 0, "cannot lock: %s", strerror(errno));
        close(*fd);
        *fd = -1;
        return st;
    }
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(*fd, 0) != 0 || write(*fd, pid, (size_t)n) != n) { /* diagnostics only */
    }
    return RW_OK;
}

/* Records how step i ended; a failure is reported and the run goes on. */
static void step_done(rw_session *s, rw_run_result *r, int i, rw_status st, const rw_error *err)
{
    r->ran[i] = 1;
    r->status[i] = st;
    if (st == RW_OK) return;
    rw_app_warn_error(s, err);
    rw_app_msg(s, RW_MSG_WARNING, "run: %s failed (%s); going on", rw_run_step_name(i),
               rw_strerror(st));
}

static rw_status fetch_step(rw_session *s, const rw_run_options *o, rw_run_result *r,
                            rw_error *err)
{
    rw_fetch_options fo;
    rw_fetch_options_init(&fo);
    fo.endpoint = o->endpoint;
    fo.config = o->config;
    return rw_fetch_tencent(s, &fo, &r->fetch, err);
}

static rw_status forecast_step(rw_session *s, const rw_run_options *o, rw_error *err)
{
    rw_forecast_options fo;
    rw_forecast_set *f = NULL;
    rw_forecast_options_init(&fo);
    fo.sel.tz = o->tz;
    rw_status st = rw_selection_by(&fo.sel, "service", err);
    fo.horizon = RUN_FORECAST_DAYS;
    if (st == RW_OK) st = rw_forecast_series(s, &fo, &f, err);
    rw_forecast_set_free(f);
    return st;
}

static rw_status alerts_step(rw_session *s, const rw_run_options *o, rw_run_result *r,
                             rw_error *err)
{
    rw_alert_options ao;
    rw_alert_options_init(&ao);
    ao.nwebhooks = o->nwebhooks;
    memcpy(ao.webhooks, o->webhooks, o->nwebhooks * sizeof *o->webhooks);
    ao.budget = o->budget;
    ao.policy = o->policy;
    ao.dry_run = o->dry_run;
    ao.now = o->now;
    ao.plan.sel.tz = o->tz;
    ao.plan.lang = o->lang;
    return rw_alerts_run(s, &ao, &r->alerts, err);
}

static rw_status report_step(rw_session *s, const rw_run_options *o, rw_run_result *r,
                             rw_error *err)
{
    rw_report_options ro;
    rw_report_options_init(&ro);
    ro.out = o->report;
    ro.budget = o->budget;
    ro.policy = o->policy;
    ro.plan.sel.tz = o->tz;
    ro.plan.lang = o->lang;
    return rw_report_create(s, &ro, &r->report, err);
}

rw_status rw_run(rw_session *s, const rw_run_options *o, rw_run_result **out, rw_error *err)
{
    char lock[PATH_MAX];
    int fd = -1;
    rw_run_result *r = calloc(1, sizeof *r);
    *out = r;
    if (!r) return rw_app_oom(err);
    if (o->nwebhooks > RW_MAX_WEBHOOKS) /* before any step runs */
        return rw_error_set(err, RW_EINVAL, NULL, 0, "--webhook: at most %d", RW_MAX_WEBHOOKS);
    if (o->tz) { /* a bad zone is refused before any step runs */
        rw_tz *z = NULL;
        rw_status zst = rw_tz_load(o->tz, NULL, &z, err);
        rw_tz_free(z);
        if (zst != RW_OK) return zst;
    }
    if (snprintf(lock, sizeof lock, "%s.lock", s->db) >= (int)sizeof lock)
        return rw_error_set(err, RW_EINVAL, s->db, 0, "path too long");
    rw_status st = take_lock(lock, o->wait, &fd, err), first = RW_OK;
    if (st != RW_OK) return st;
    for (int i = 0; i < RW_STEPS; i++) {
        rw_error serr;
        rw_error_clear(&serr);
        if ((i == RW_STEP_FETCH && !o->fetch) || (i == RW_STEP_REPORT && !o->report)) continue;
        double t0 = rw_monotonic_s();
        rw_status sst = i == RW_STEP_FETCH      ? fetch_step(s, o, r, &serr)
                        : i == RW_STEP_FORECAST ? forecast_step(s, o, &serr)
                        : i == RW_STEP_NOTIFY   ? alerts_step(s, o, r, &serr)
                                                : report_step(s, o, r, &serr);
        r->seconds[i] = rw_monotonic_s() - t0;
        step_done(s, r, i, sst, &serr);
        if (sst != RW_OK && first == RW_OK) first = sst;
    }
    close(fd); /* releases the lock */
    return first;
}
