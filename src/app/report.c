/* report.c: the report use case (runway.h rw_report_create): gathered
 * from one snapshot, then written as report.html, report.md and
 * summary.json, each through a temporary file renamed into place so that a
 * reader never sees half a report. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "app/report_gather.h"
#include "export/report_result.h"
#include "util/strutil.h"

void rw_report_options_init(rw_report_options *o)
{
    memset(o, 0, sizeof *o);
    rw_plan_options_init(&o->plan);
    o->charts = 1;
}

/* mkdir that accepts an existing directory. */
static rw_status make_dir(const char *path, rw_error *err)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST) return RW_OK;
    return rw_error_set(err, RW_EIO, path, 0, "cannot create: %s", strerror(errno));
}

typedef enum { FILE_JSON, FILE_MD, FILE_HTML } report_file;

static rw_status write_one(const rw_report *r, report_file which, const char *charts, FILE *f,
                           rw_error *err)
{
    switch (which) {
    case FILE_JSON: return rw_report_write_json(r, f, err);
    case FILE_MD: return rw_report_write_markdown(r, f, err);
    default: return rw_report_write_html(r, charts, f, err);
    }
}

/* Writes dir/name through a temporary file renamed into place. */
static rw_status write_file(const char *dir, const char *name, report_file which,
                            const rw_report *r, const char *charts, rw_error *err)
{
    char path[PATH_MAX], tmp[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path ||
        snprintf(tmp, sizeof tmp, "%s/.%s.%ld.tmp", dir, name, (long)getpid()) >= (int)sizeof tmp)
        return rw_error_set(err, RW_EINVAL, dir, 0, "path too long");
    FILE *f = fopen(tmp, "w");
    if (!f) return rw_error_set(err, RW_EIO, tmp, 0, "cannot write: %s", strerror(errno));
    rw_error werr;
    rw_error_clear(&werr);
    rw_status st = write_one(r, which, charts, f, &werr);
    int bad = st != RW_OK || ferror(f);
    if (fclose(f) != 0) bad = 1;
    if (bad || rename(tmp, path) != 0) {
        if (st != RW_OK) st = rw_error_set(err, RW_EIO, path, 0, "%s", werr.text);
        else st = rw_error_set(err, RW_EIO, path, 0, "cannot write: %s", strerror(errno));
        unlink(tmp);
        return st;
    }
    return RW_OK;
}

rw_status rw_report_create(rw_session *s, const rw_report_options *o, rw_report_result **out,
                           rw_error *err)
{
    char charts[PATH_MAX];
    *out = NULL;
    if (!o->out) return rw_error_set(err, RW_EINVAL, NULL, 0, "--out DIR is required");
    rw_status st = make_dir(o->out, err);
    if (st != RW_OK) return st;
    if (snprintf(charts, sizeof charts, "%s/charts", o->out) >= (int)sizeof charts)
        return rw_error_set(err, RW_EINVAL, o->out, 0, "path too long");
    if (o->charts && (st = make_dir(charts, err)) != RW_OK) return st;
    rw_report_result *res = calloc(1, sizeof *res);
    if (!res || !(res->r = malloc(sizeof *res->r))) {
        free(res);
        return rw_app_oom(err);
    }
    rw_str_copy(res->out, sizeof res->out, o->out);
    st = rw_report_gather(s, o, o->charts ? charts : NULL, res->r, err);
    if (st == RW_OK) st = write_file(o->out, "summary.json", FILE_JSON, res->r, charts, err);
    if (st == RW_OK) st = write_file(o->out, "report.md", FILE_MD, res->r, charts, err);
    if (st == RW_OK) st = write_file(o->out, "report.html", FILE_HTML, res->r, charts, err);
    if (st != RW_OK) {
        rw_report_result_free(res);
        return st;
    }
    if (o->charts && res->r->charts_note[0]) rw_app_msg(s, RW_MSG_NOTE, "%s", res->r->charts_note);
    *out = res;
    return RW_OK;
}
