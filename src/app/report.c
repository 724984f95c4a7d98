/* report.c: the report use case (runway.h rw_report_create): gathered
 * from one snapshot, then written as report.html, report.md and
 * summary.json, each through a temporary file renamed into place so that a
 * reader never sees half a report. The output folder (and charts/) must be
 * the user's own and not writable by others (util/outdir.h). */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "app/report_gather.h"
#include "export/report_result.h"
#include "util/outdir.h"
#include "util/strutil.h"

void rw_report_options_init(rw_report_options *o)
{
    memset(o, 0, sizeof *o);
    rw_plan_options_init(&o->plan);
    o->charts = 1;
}

typedef enum { FILE_JSON, FILE_MD, FILE_HTML } report_file;

/* One file of a report. */
typedef struct report_part {
    const rw_report *r;
    report_file which;
    const char *charts;
} report_part;

static rw_status write_part(const void *ctx, FILE *f, rw_error *err)
{
    const report_part *p = ctx;
    switch (p->which) {
    case FILE_JSON: return rw_report_write_json(p->r, f, err);
    case FILE_MD: return rw_report_write_markdown(p->r, f, err);
    default: return rw_report_write_html(p->r, p->charts, f, err);
    }
}

rw_status rw_app_write_file(int dirfd, const char *dir, const char *name, rw_app_write_fn fn,
                            const void *ctx, rw_error *err)
{
    char tmp[RW_OUTDIR_NAME_MAX];
    FILE *f;
    rw_status st = rw_outdir_tmp(dirfd, dir, name, 0666, tmp, &f, err);
    if (st != RW_OK) return st;
    rw_error werr;
    rw_error_clear(&werr);
    st = fn(ctx, f, &werr);
    if (st != RW_OK) {
        rw_outdir_commit(dirfd, dir, tmp, name, f, 0, err);
        return rw_error_set(err, RW_EIO, dir, 0, "%s: %s", name, werr.text);
    }
    return rw_outdir_commit(dirfd, dir, tmp, name, f, 1, err);
}

static rw_status write_file(int dirfd, const char *dir, const char *name, report_file which,
                            const rw_report *r, const char *charts, rw_error *err)
{
    report_part p = {r, which, charts};
    return rw_app_write_file(dirfd, dir, name, write_part, &p, err);
}

rw_status rw_app_report_write(rw_session *s, const rw_report_options *o, int parent_fd,
                              const char *name, const char *page, int in_org,
                              rw_report_result **out, rw_error *err)
{
    char charts[PATH_MAX];
    *out = NULL;
    /* The folders are checked (ours, not writable by others) and held as
     * fds: the report files and the charts are written through them. */
    int out_fd = -1, charts_fd = -1;
    rw_status st = rw_outdir_open(parent_fd, name, o->out, 1, &out_fd, err);
    if (st != RW_OK) return st;
    if (snprintf(charts, sizeof charts, "%s/charts", o->out) >= (int)sizeof charts) {
        close(out_fd);
        return rw_error_set(err, RW_EINVAL, o->out, 0, "path too long");
    }
    if (o->charts && (st = rw_outdir_open(out_fd, "charts", charts, 1, &charts_fd, err)) != RW_OK) {
        close(out_fd);
        return st;
    }
    rw_report_result *res = calloc(1, sizeof *res);
    if (!res || !(res->r = malloc(sizeof *res->r))) {
        free(res);
        close(out_fd);
        if (charts_fd >= 0) close(charts_fd);
        return rw_app_oom(err);
    }
    rw_str_copy(res->out, sizeof res->out, o->out);
    rw_str_copy(res->page, sizeof res->page, page);
    st = rw_report_gather(s, o, charts_fd, o->charts ? charts : NULL, res->r, err);
    res->r->in_org = in_org;
    if (charts_fd >= 0) close(charts_fd);
    if (st == RW_OK) st = write_file(out_fd, o->out, "summary.json", FILE_JSON, res->r, charts, err);
    if (st == RW_OK) st = write_file(out_fd, o->out, "report.md", FILE_MD, res->r, charts, err);
    if (st == RW_OK) st = write_file(out_fd, o->out, page, FILE_HTML, res->r, charts, err);
    close(out_fd);
    if (st != RW_OK) {
        rw_report_result_free(res);
        return st;
    }
    if (o->charts && res->r->charts_note[0]) rw_app_msg(s, RW_MSG_NOTE, "%s", res->r->charts_note);
    *out = res;
    return RW_OK;
}

rw_status rw_report_create(rw_session *s, const rw_report_options *o, rw_report_result **out,
                           rw_error *err)
{
    *out = NULL;
    if (!o->out) return rw_error_set(err, RW_EINVAL, NULL, 0, "--out DIR is required");
    return rw_app_report_write(s, o, AT_FDCWD, o->out, "report.html", 0, out, err);
}
