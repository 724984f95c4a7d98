/* demo.c: the whole pipeline on the bundled sample data (runway.h
 * rw_demo): every file of the sample folder ingested (again: nothing is
 * added twice), one planned top-up recorded once, and the report. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "app/app.h"
#include "export/report_result.h"
#include "store/balance.h"
#include "util/strutil.h"

#define DEMO_TOPUP 5000       /* the planned top-up, in the balance's currency */
#define DEMO_TOPUP_AFTER 12   /* days after the balance was seen */
#define DEMO_BUDGET 20000     /* the monthly budget of the report */

static int is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* The sample data: `given`, ./data/sample, or data/sample beside the
 * program (build/runway -> ../data/sample). */
static int find_data(const char *given, char *out, size_t size)
{
    if (given) {
        rw_str_copy(out, size, given);
        return is_dir(out);
    }
    rw_str_copy(out, size, "data/sample");
    if (is_dir(out)) return 1;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return 0;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) return 0;
    *slash = '\0';
    return snprintf(out, size, "%s/../data/sample", exe) < (int)size && is_dir(out);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_list(char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++) free(paths[i]);
    free(paths);
}

/* The files of dir (not hidden), sorted by name. */
static rw_status list_dir(const char *dir, char ***out, size_t *n, rw_error *err)
{
    DIR *d = opendir(dir);
    char **paths = NULL;
    size_t cap = 0;
    *n = 0;
    if (!d) return rw_error_set(err, RW_EIO, dir, 0, "cannot read: %s", strerror(errno));
    struct dirent *e;
    rw_status st = RW_OK;
    while (st == RW_OK && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            char **np = realloc(paths, cap * sizeof *np);
            if (!np) st = rw_app_oom(err);
            else paths = np;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        if (st == RW_OK && !(paths[*n] = malloc(len))) st = rw_app_oom(err);
        if (st == RW_OK) snprintf(paths[(*n)++], len, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (st == RW_OK && *n == 0) st = rw_error_set(err, RW_EINVAL, dir, 0, "no sample files");
    if (st != RW_OK) {
        free_list(paths, *n);
        return st;
    }
    qsort(paths, *n, sizeof *paths, by_name);
    *out = paths;
    return RW_OK;
}

/* The demo account's planned top-up, recorded once. */
static rw_status plan_topup(rw_store *store, rw_error *err)
{
    rw_topup *list = NULL;
    size_t n = 0;
    rw_status st = rw_store_topup_list(store, NULL, &list, &n, err);
    free(list);
    rw_balance_row b;
    if (st != RW_OK || n > 0 || rw_store_balance_latest(store, NULL, &b, NULL) != RW_OK) return st;
    rw_topup t = {0};
    rw_str_copy(t.account, sizeof t.account, b.account);
    rw_str_copy(t.currency, sizeof t.currency, b.currency);
    t.at = b.at + DEMO_TOPUP_AFTER * RW_DAY;
    t.at -= t.at % RW_DAY;
    t.amount = DEMO_TOPUP;
    t.every = RW_EVERY_ONCE;
    t.until = INT64_MAX;
    rw_str_copy(t.note, sizeof t.note, "demo: planned top-up");
    return rw_store_topup_add(store, &t, err);
}

rw_status rw_demo(rw_session *s, const char *data, const char *out, rw_report_result **res,
                  rw_error *err)
{
    char dir[PATH_MAX], **paths = NULL;
    size_t n = 0;
    rw_ingest_result *ing = NULL;
    rw_store *store;
    *res = NULL;
    if (!find_data(data, dir, sizeof dir))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "%s: the sample data is not there (give"
                                                     " --data DIR)", data ? data : "data/sample");
    rw_ingest_options io;
    rw_ingest_options_init(&io);
    rw_status st = list_dir(dir, &paths, &n, err);
    if (st == RW_OK) st = rw_ingest(s, (const char *const *)paths, n, &io, NULL, &ing, err);
    rw_ingest_result_free(ing);
    free_list(paths, n);
    if (st == RW_OK) st = rw_app_store(s, &store, err);
    if (st == RW_OK) st = plan_topup(store, err);
    if (st != RW_OK) return st;
    rw_report_options ro;
    rw_report_options_init(&ro);
    ro.out = out ? out : "runway-report";
    ro.policy = "tencent-cos";
    ro.by = "service";
    ro.budget = DEMO_BUDGET;
    if ((st = rw_report_create(s, &ro, res, err)) != RW_OK) return st;
    (*res)->demo = 1;
    rw_str_copy((*res)->data, sizeof (*res)->data, dir);
    rw_str_copy((*res)->db, sizeof (*res)->db, s->db);
    return RW_OK;
}
