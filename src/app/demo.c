/* demo.c: the whole pipeline on the bundled sample data (runway.h
 * rw_demo): every file of the sample folder and of its subfolders (one
 * account each) ingested (again: nothing is added twice), one planned
 * top-up recorded once, and a report per account with a balance: the
 * largest balance in the folder asked for, every other one in a subfolder
 * named after the account. */
#include <ctype.h>
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
#include "util/grow.h"
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

/* Appends path to *paths (growing *cap); the path is copied. */
static rw_status add_path(char ***paths, size_t *n, size_t *cap, const char *path, rw_error *err)
{
    if (!rw_grow(paths, cap, *n, sizeof **paths, 16)) return rw_app_oom(err);
    if (!((*paths)[*n] = strdup(path))) return rw_app_oom(err);
    (*n)++;
    return RW_OK;
}

/* The files of dir and of its subfolders down to `depth` levels (not
 * hidden), sorted by path. */
static rw_status list_dir(const char *dir, int depth, char ***out, size_t *n, rw_error *err)
{
    DIR *d = opendir(dir);
    char **paths = NULL, path[PATH_MAX];
    size_t cap = 0;
    *n = 0;
    if (!d) return rw_error_set(err, RW_EIO, dir, 0, "cannot read: %s", strerror(errno));
    struct dirent *e;
    rw_status st = RW_OK;
    while (st == RW_OK && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path) continue;
        if (!is_dir(path)) {
            st = add_path(&paths, n, &cap, path, err);
            continue;
        }
        char **sub = NULL;
        size_t nsub = 0;
        if (depth > 0) st = list_dir(path, depth - 1, &sub, &nsub, err);
        for (size_t i = 0; st == RW_OK && i < nsub; i++) st = add_path(&paths, n, &cap, sub[i], err);
        free_list(sub, nsub);
    }
    closedir(d);
    if (st != RW_OK) {
        free_list(paths, *n);
        return st;
    }
    qsort(paths, *n, sizeof *paths, by_name);
    *out = paths;
    return RW_OK;
}

/* The demo account's planned top-up, recorded once. */
static rw_status plan_topup(rw_store *store, const rw_balance_row *b, rw_error *err)
{
    rw_topup *list = NULL;
    size_t n = 0;
    rw_status st = rw_store_topup_list(store, NULL, &list, &n, err);
    free(list);
    if (st != RW_OK || n > 0) return st;
    rw_topup t = {0};
    rw_str_copy(t.account, sizeof t.account, b->account);
    rw_str_copy(t.currency, sizeof t.currency, b->currency);
    t.at = b->at + DEMO_TOPUP_AFTER * RW_DAY;
    t.at -= t.at % RW_DAY;
    t.amount = DEMO_TOPUP;
    t.every = RW_EVERY_ONCE;
    t.until = INT64_MAX;
    rw_str_copy(t.note, sizeof t.note, "demo: planned top-up");
    return rw_store_topup_add(store, &t, err);
}

/* 1 when `account` can name a folder (letters, digits, '-', '_'). */
static int folder_name(const char *account)
{
    if (!*account || strlen(account) > 64) return 0;
    for (const char *c = account; *c; c++)
        if (!(isalnum((unsigned char)*c) || *c == '-' || *c == '_')) return 0;
    return 1;
}

/* The report of one account into folder `out`. */
static rw_status report(rw_session *s, const char *account, const char *out, rw_lang lang,
                        rw_report_result **res, rw_error *err)
{
    rw_report_options ro;
    rw_report_options_init(&ro);
    ro.plan.lang = lang;
    ro.out = out;
    ro.plan.sel.account = account;
    ro.policy = "tencent-cos";
    ro.by = "service";
    ro.budget = DEMO_BUDGET;
    return rw_report_create(s, &ro, res, err);
}

rw_status rw_demo(rw_session *s, const char *data, const char *out, rw_lang lang,
                  rw_report_result **res, rw_error *err)
{
    char dir[PATH_MAX], **paths = NULL, sub[PATH_MAX];
    size_t n = 0, nacc = 0;
    rw_ingest_result *ing = NULL;
    rw_balance_row *acc = NULL;
    rw_store *store;
    *res = NULL;
    if (!find_data(data, dir, sizeof dir))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "%s: the sample data is not there (give"
                                                     " --data DIR)", data ? data : "data/sample");
    if (!out) out = "runway-report";
    rw_ingest_options io;
    rw_ingest_options_init(&io);
    rw_status st = list_dir(dir, 1, &paths, &n, err);
    if (st == RW_OK && n == 0) st = rw_error_set(err, RW_EINVAL, dir, 0, "no sample files");
    if (st == RW_OK) st = rw_ingest(s, (const char *const *)paths, n, &io, NULL, &ing, err);
    rw_ingest_result_free(ing);
    free_list(paths, n);
    if (st == RW_OK) st = rw_app_store(s, &store, err);
    if (st == RW_OK) st = rw_store_balance_accounts(store, &acc, &nacc, err);
    if (st == RW_OK && nacc == 0)
        st = rw_error_set(err, RW_EINVAL, dir, 0, "no balance in the sample data");
    if (st == RW_OK) st = plan_topup(store, &acc[0], err);
    if (st == RW_OK) st = report(s, acc[0].account, out, lang, res, err);
    rw_report_result **next = res;
    for (size_t i = 1; st == RW_OK && i < nacc; i++) {
        if (!folder_name(acc[i].account)) continue;
        if (snprintf(sub, sizeof sub, "%s/%s", out, acc[i].account) >= (int)sizeof sub) continue;
        next = &(*next)->next;
        st = report(s, acc[i].account, sub, lang, next, err);
    }
    free(acc);
    if (st != RW_OK) return st;
    (*res)->demo = 1;
    rw_str_copy((*res)->data, sizeof (*res)->data, dir);
    rw_str_copy((*res)->db, sizeof (*res)->db, s->db);
    return RW_OK;
}
