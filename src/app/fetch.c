/* fetch.c: the balance, the bill details and the ledger (收支明细) of whole
 * months from the Tencent Cloud Billing API, kept as raw responses and
 * ingested (runway.h rw_fetch_tencent).
 *
 * Every month is fetched whole; the newest fetch of a month supersedes the
 * one before (store/supersede.h), in the same transaction as its ingest, so
 * a growing month-to-date bill is never counted twice and a failed fetch
 * changes nothing. Pages are appended to a partial file as they arrive;
 * a fetch that stops part-way resumes from there on the next call (within
 * RESUME_MAX_AGE, after which the month is fetched again from the start,
 * since earlier pages may have shifted). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "app/app.h"
#include "app/fetch.h"
#include "app/ingest_file.h"
#include "export/fetch_write.h"
#include "net/tencent.h"
#include "store/supersede.h"
#include "util/outdir.h"
#include "util/strutil.h"
#include "util/timeutil.h"

#define RESUME_MAX_AGE (3600) /* seconds a partial month stays resumable */

void rw_fetch_options_init(rw_fetch_options *o)
{
    memset(o, 0, sizeof *o);
    o->balance = o->bills = o->ledger = 1;
}

rw_status rw_fetch_add_month(rw_fetch_options *o, int64_t t, rw_error *err)
{
    char m[8];
    int64_t y;
    int mo, d;
    rw_civil_from_days(rw_time_floor(t, RW_GRAN_DAY) / RW_DAY, &y, &mo, &d);
    snprintf(m, sizeof m, "%04d-%02d", (int)y, mo);
    for (size_t i = 0; i < o->nmonths; i++)
        if (!strcmp(o->months[i], m)) return RW_OK;
    if (o->nmonths == RW_FETCH_MAX_MONTHS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "at most %d months in one fetch",
                            RW_FETCH_MAX_MONTHS);
    memcpy(o->months[o->nmonths++], m, sizeof m);
    return RW_OK;
}

/* The current month in Beijing time, where Tencent bills; in its first
 * days also the month before, which is still being settled. */
void rw_fetch_default_months(rw_fetch_options *o)
{
    int64_t now = (int64_t)time(NULL) + RW_BEIJING_OFFSET, y;
    int mo, d;
    rw_civil_from_days(now / RW_DAY, &y, &mo, &d);
    if (d <= 3) rw_fetch_add_month(o, rw_time_floor(now, RW_GRAN_MONTH) - RW_DAY, NULL);
    rw_fetch_add_month(o, now, NULL);
}

/* mkdir -p. */
static rw_status ensure_dir(const char *path, rw_error *err)
{
    char buf[PATH_MAX];
    rw_str_copy(buf, sizeof buf, path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0700) != 0 && errno != EEXIST) break;
            *p = '/';
        }
    if (mkdir(buf, 0700) != 0 && errno != EEXIST)
        return rw_error_set(err, RW_EIO, path, 0, "cannot create: %s", strerror(errno));
    return RW_OK;
}

/* The raw directory: o->raw_dir, else runway-raw/tencent beside the store;
 * created when missing, then checked (ours, not writable by others) and
 * opened as *fd (util/outdir.h). */
static rw_status raw_dir(const rw_session *s, const rw_fetch_options *o, char *out, size_t size,
                         int *fd, rw_error *err)
{
    int n;
    if (o->raw_dir) {
        n = snprintf(out, size, "%s", o->raw_dir);
    } else {
        char db[PATH_MAX];
        rw_str_copy(db, sizeof db, s->db);
        char *slash = strrchr(db, '/');
        if (slash) *slash = '\0';
        n = snprintf(out, size, "%s/runway-raw/tencent", slash ? db : ".");
    }
    if (n < 0 || (size_t)n >= size) return rw_error_set(err, RW_EINVAL, NULL, 0, "path too long");
    rw_status st = ensure_dir(out, err);
    return st == RW_OK ? rw_outdir_open(AT_FDCWD, out, out, 0, fd, err) : st;
}

/* The name of `path` (a file of f->dir, as rw_fetch_raw_names and rw_fetch_write_raw make
 * them) inside f->dir. */
const char *rw_fetch_in_dir(const rw_fetcher *f, const char *path)
{
    return path + strlen(f->dir) + 1;
}

/* Ingests `path`; with a fetch key the sources of earlier fetches of the
 * same key go, in the same transaction. Adds a line to the result. */
rw_status rw_fetch_ingest_raw(rw_fetcher *f, const char *path, const char *key, int *duplicate,
                              rw_error *err)
{
    rw_ingest_opts opts;
    rw_ingest_options_init(&opts);
    opts.format = RW_FMT_TENCENT_API;
    opts.account = f->account[0] ? f->account : NULL;
    rw_ingest_report rep;
    long removed = 0;
    rw_status st = rw_store_write_begin(f->store, err);
    if (st != RW_OK) return st;
    st = rw_ingest_file(f->store, path, &opts, NULL, NULL, &rep, err);
    if (st == RW_OK && key && !rep.duplicate)
        st = rw_store_supersede(f->store, key, rep.sha256, &removed, err);
    if (st == RW_OK) st = rw_store_write_commit(f->store, err);
    if (st != RW_OK) {
        rw_store_write_rollback(f->store);
        return st;
    }
    *duplicate = rep.duplicate;
    rw_fetch_line l = {{0}, rep.duplicate, rep.rows, rep.charges, rep.balances, rep.rejected,
                       removed > 0};
    rw_str_copy(l.what, sizeof l.what, rep.duplicate && key ? key : path);
    return rw_fetch_result_add(f->res, &l, err);
}

/* Writes text to f->dir/name through a temporary file of a fresh hidden
 * name renamed into place (util/outdir.h); path gets dir/name. */
static rw_status write_raw(const rw_fetcher *f, const char *name, const char *text, char *path,
                           size_t size, rw_error *err)
{
    char tmp[RW_OUTDIR_NAME_MAX];
    FILE *fp;
    if (snprintf(path, size, "%s/%s", f->dir, name) >= (int)size)
        return rw_error_set(err, RW_EINVAL, f->dir, 0, "path too long");
    rw_status st = rw_outdir_tmp(f->dirfd, f->dir, name, 0666, tmp, &fp, err);
    if (st != RW_OK) return st;
    int ok = fputs(text, fp) != EOF && fputc('\n', fp) != EOF;
    st = rw_outdir_commit(f->dirfd, f->dir, tmp, name, fp, ok, err);
    if (st == RW_OK && !ok)
        st = rw_error_set(err, RW_EIO, path, 0, "cannot write: %s", strerror(errno));
    return st;
}

/* A failed API call: the request's own fault stays RW_EINVAL; anything
 * else the service or the network did is RW_ENET. */
rw_status rw_fetch_api_failure(rw_status st)
{
    return st == RW_EINVAL || st == RW_ENOMEM || st == RW_EIO ? st : RW_ENET;
}

rw_status rw_fetch_balance(rw_fetcher *f, rw_tc_client *client, const char *member, char *uin,
                           size_t size, rw_error *err)
{
    char *resp = NULL, *norm = NULL, when[32], name[RW_ACCOUNT_MAX + 64], path[PATH_MAX];
    rw_time_format_iso((int64_t)time(NULL), when, sizeof when);
    rw_error cerr;
    rw_error_clear(&cerr);
    rw_status st = rw_tc_call(client, "DescribeAccountBalance", "{}", &resp, &cerr);
    if (st == RW_OK) st = rw_tc_normalise(resp, when, &norm, &cerr);
    free(resp);
    if (st != RW_OK)
        return rw_error_set(err, rw_fetch_api_failure(st), NULL, 0, "DescribeAccountBalance: %s",
                            cerr.text);
    uin[0] = '\0';
    rw_tc_balance_uin(norm, uin, size);
    if (member && uin[0] && strcmp(uin, member)) {
        free(norm);
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "the keys of profile %s belong to account %s, not to the member:"
                            " nothing stored",
                            member, uin);
    }
    if (member || uin[0]) rw_str_copy(f->account, sizeof f->account, member ? member : uin);
    snprintf(name, sizeof name, "balance-%s%s%.4s%.2s%.2sT%.2s%.2s%.2sZ.json", member ? member : "",
             member ? "-" : "", when, when + 5, when + 8, when + 11, when + 14, when + 17);
    st = write_raw(f, name, norm, path, sizeof path, err);
    free(norm);
    int dup = 0;
    return st == RW_OK ? rw_fetch_ingest_raw(f, path, NULL, &dup, err) : st;
}

/* The balance with the fetch's own keys; its Uin is the account of the
 * bills that follow, else o->account. */
static rw_status fetch_balance(rw_fetcher *f, const rw_fetch_options *o, rw_error *err)
{
    char uin[RW_ACCOUNT_MAX + 1];
    rw_str_copy(f->account, sizeof f->account, o->account ? o->account : "");
    return rw_fetch_balance(f, f->client, NULL, uin, sizeof uin, err);
}

rw_status rw_fetch_on_page(void *ctx, const char *response, size_t offset, size_t count,
                           size_t total, rw_error *err)
{
    rw_fetch_page_sink *ps = ctx;
    char *norm = NULL;
    (void)offset;
    rw_status st = rw_tc_normalise(response, NULL, &norm, err);
    if (st != RW_OK) return st;
    if (!ps->payer[0]) rw_tc_first_payer(norm, ps->payer, sizeof ps->payer);
    int bad = fputs(norm, ps->fp) == EOF || fputc('\n', ps->fp) == EOF || fflush(ps->fp) != 0;
    free(norm);
    if (bad)
        return rw_error_set(err, RW_EIO, NULL, 0, "writing the partial bill: %s", strerror(errno));
    ps->items += count;
    ps->total = total;
    return RW_OK;
}

/* A file of the raw folder opened for reading (never through a link). */
FILE *rw_fetch_raw_read(const rw_fetcher *f, const char *path)
{
    int fd = openat(f->dirfd, rw_fetch_in_dir(f, path), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    FILE *fp = fd >= 0 ? fdopen(fd, "r") : NULL;
    if (!fp && fd >= 0) close(fd);
    return fp;
}

/* The partial file `part` opened to append to (`resume`) or new, through
 * the raw folder's fd; a symbolic link or planted name is never followed. */
FILE *rw_fetch_part_open(const rw_fetcher *f, const char *part, int resume)
{
    const char *name = rw_fetch_in_dir(f, part);
    if (!resume) unlinkat(f->dirfd, name, 0);
    int fd = openat(f->dirfd, name,
                    O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (resume ? O_APPEND : O_EXCL),
                    0666);
    FILE *fp = fd >= 0 ? fdopen(fd, "a") : NULL;
    if (!fp && fd >= 0) close(fd);
    return fp;
}

/* Pages already in a partial file (each holds RW_TC_PAGE_LIMIT items). */
size_t rw_fetch_partial_pages(const rw_fetcher *f, const char *part)
{
    struct stat sb;
    if (fstatat(f->dirfd, rw_fetch_in_dir(f, part), &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
        !S_ISREG(sb.st_mode) || (int64_t)time(NULL) - (int64_t)sb.st_mtime > RESUME_MAX_AGE) {
        unlinkat(f->dirfd, rw_fetch_in_dir(f, part), 0);
        return 0;
    }
    FILE *fp = rw_fetch_raw_read(f, part);
    size_t lines = 0;
    int ch, last = '\n';
    while (fp && (ch = fgetc(fp)) != EOF) {
        if (ch == '\n') lines++;
        last = ch;
    }
    if (fp) fclose(fp);
    if (last != '\n') { /* a torn last line: start again */
        unlinkat(f->dirfd, rw_fetch_in_dir(f, part), 0);
        return 0;
    }
    return lines;
}

/* The payer of a resumed fetch: its first page is in the partial file. */
static void partial_payer(const rw_fetcher *f, const char *part, char *out, size_t size)
{
    FILE *fp = rw_fetch_raw_read(f, part);
    char *line = NULL;
    size_t cap = 0;
    if (fp && getline(&line, &cap, fp) > 0) rw_tc_first_payer(line, out, size);
    free(line);
    if (fp) fclose(fp);
}

/* Removes the raw files `what`-`month`-* of earlier fetches (superseded). */
void rw_fetch_remove_older(const rw_fetcher *f, const char *what, const char *month,
                           const char *keep)
{
    int fd = fcntl(f->dirfd, F_DUPFD_CLOEXEC, 0);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d && fd >= 0) close(fd);
    if (d) rewinddir(d); /* the dup shares the offset of f->dirfd: read from the start */
    char prefix[32];
    snprintf(prefix, sizeof prefix, "%s-%s-", what, month);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (strncmp(e->d_name, prefix, strlen(prefix)) || n < 6 ||
            strcmp(e->d_name + n - 6, ".jsonl"))
            continue;
        if (strcmp(e->d_name, rw_fetch_in_dir(f, keep))) unlinkat(f->dirfd, e->d_name, 0);
    }
    if (d) closedir(d);
}

/* The partial file WHAT-MONTH.jsonl.part and the raw file this fetch will
 * keep: a new name per fetch, since a file rewritten under the same name,
 * size and second could pass for one already ingested. */
rw_status rw_fetch_raw_names(const rw_fetcher *f, const char *what, const char *month,
                             char part[PATH_MAX], char path[PATH_MAX], rw_error *err)
{
    char stamp[32];
    rw_time_format_iso((int64_t)time(NULL), stamp, sizeof stamp);
    if (snprintf(part, PATH_MAX, "%s/%s-%s.jsonl.part", f->dir, what, month) >= PATH_MAX ||
        snprintf(path, PATH_MAX, "%s/%s-%s-%.4s%.2s%.2sT%.2s%.2s%.2sZ-%ld.jsonl", f->dir, what,
                 month, stamp, stamp + 5, stamp + 8, stamp + 11, stamp + 14, stamp + 17,
                 (long)getpid()) >= PATH_MAX)
        return rw_error_set(err, RW_EINVAL, f->dir, 0, "path too long");
    return RW_OK;
}

/* The finished partial file renamed to `path` and ingested under `key`:
 * content already stored drops the new raw file, else the month's older
 * raw files go (superseded). */
rw_status rw_fetch_keep_raw(rw_fetcher *f, const char *what, const char *month, const char *part,
                            const char *path, const char *key, rw_error *err)
{
    if (renameat(f->dirfd, rw_fetch_in_dir(f, part), f->dirfd, rw_fetch_in_dir(f, path)) != 0)
        return rw_error_set(err, RW_EIO, path, 0, "cannot write: %s", strerror(errno));
    int dup = 0;
    rw_status st = rw_fetch_ingest_raw(f, path, key, &dup, err);
    if (st == RW_OK && dup)
        unlinkat(f->dirfd, rw_fetch_in_dir(f, path), 0); /* that content is kept */
    else if (st == RW_OK)
        rw_fetch_remove_older(f, what, month, path);
    return st;
}

/* A walk the paging bounds stopped (tencent.h): the server cannot be
 * trusted to page, so its pages are not resumed from; the partial file
 * goes, so nothing grows across runs, and nothing is stored. */
rw_status rw_fetch_paging_broken(const char *action, const char *month, const char *part,
                                 const rw_error *cerr, rw_error *err)
{
    unlink(part);
    return rw_error_set(err, RW_ENET, NULL, 0,
                        "%s %s: %s; the pages fetched were discarded (nothing was stored)",
                        action, month, cerr->text);
}

rw_status rw_fetch_walk(rw_fetcher *f, const rw_fetch_walk_spec *w, const char *month,
                        char part[PATH_MAX], char path[PATH_MAX], rw_fetch_page_sink *ps,
                        rw_error *err)
{
    if (rw_fetch_raw_names(f, w->what, month, part, path, err) != RW_OK) return err->status;
    size_t pages = rw_fetch_partial_pages(f, part);
    *ps = (rw_fetch_page_sink){rw_fetch_part_open(f, part, pages > 0), pages * w->limit, 0, ""};
    if (!ps->fp) return rw_error_set(err, RW_EIO, part, 0, "cannot write: %s", strerror(errno));
    if (pages)
        rw_app_msg(f->s, RW_MSG_INFO, "%s%s: resuming at %s %zu", w->label, month, w->noun,
                   ps->items);
    rw_error cerr;
    rw_error_clear(&cerr);
    rw_status st = w->walk(f->client, month, ps->items, rw_fetch_on_page, ps, &cerr);
    if (fclose(ps->fp) != 0 && st == RW_OK)
        st = rw_error_set(&cerr, RW_EIO, part, 0, "cannot write: %s", strerror(errno));
    ps->fp = NULL;
    if (st == RW_EDISCREPANCY) return rw_fetch_paging_broken(w->action, month, part, &cerr, err);
    if (st != RW_OK)
        return rw_error_set(err, rw_fetch_api_failure(st), NULL, 0,
                            "%s %s: %s; %zu of %zu %ss fetched are kept in %s and the next run"
                            " resumes from there (nothing was stored)",
                            w->action, month, cerr.text, ps->items, ps->total, w->noun, part);
    /* A resumed walk saw its first page in an earlier run. */
    if (pages && !ps->payer[0]) partial_payer(f, part, ps->payer, sizeof ps->payer);
    return RW_OK;
}

static rw_status walk_bills(rw_tc_client *c, const char *month, size_t offset, rw_tc_page_fn fn,
                            void *ctx, rw_error *err)
{
    return rw_tc_bill_detail(c, month, NULL, NULL, offset, fn, ctx, err);
}

/* DescribeBillList over the whole month, Beijing time. */
static rw_status walk_ledger(rw_tc_client *c, const char *month, size_t offset, rw_tc_page_fn fn,
                             void *ctx, rw_error *err)
{
    char start[20], end[20];
    int64_t m0, y;
    int mo, d;
    if (rw_parse_month(month, &m0, err) != RW_OK) return err->status;
    rw_civil_from_days(rw_time_next(m0, RW_GRAN_MONTH) / RW_DAY - 1, &y, &mo, &d);
    snprintf(start, sizeof start, "%.7s-01 00:00:00", month);
    snprintf(end, sizeof end, "%.7s-%02d 23:59:59", month, d);
    return rw_tc_bill_list(c, start, end, offset, fn, ctx, err);
}

static rw_status fetch_month(rw_fetcher *f, const char *month, rw_error *err)
{
    static const rw_fetch_walk_spec spec = {"DescribeBillDetail", "bills",   "", "item",
                                            RW_TC_PAGE_LIMIT,     walk_bills};
    char part[PATH_MAX], path[PATH_MAX], key[RW_ACCOUNT_MAX + 64];
    rw_fetch_page_sink ps;
    rw_status st = rw_fetch_walk(f, &spec, month, part, path, &ps, err);
    if (st != RW_OK) return st;
    /* The period's key names the bill's payer (the same whether or not the
     * balance was fetched too), else the account given. */
    snprintf(key, sizeof key, "tencent:%s:%s", ps.payer[0] ? ps.payer : f->account, month);
    /* The ledger does not name its account: the bills' payer does. */
    if (!f->account[0] && ps.payer[0]) rw_str_copy(f->account, sizeof f->account, ps.payer);
    return rw_fetch_keep_raw(f, "bills", month, part, path, key, err);
}

/* The ledger (DescribeBillList) of `month`, Beijing time, like the bills:
 * pages appended to a partial file, resumed within RESUME_MAX_AGE, then
 * ingested under the key tencent-ledger:ACCOUNT:MONTH (the newest fetch of
 * a month replaces the last; transactions are stored once by id anyway).
 * A month without transactions stores nothing. */
static rw_status fetch_ledger(rw_fetcher *f, const char *month, rw_error *err)
{
    static const rw_fetch_walk_spec spec = {"DescribeBillList", "ledger",           "ledger ",
                                            "transaction",      RW_TC_LEDGER_LIMIT, walk_ledger};
    char part[PATH_MAX], path[PATH_MAX], key[RW_ACCOUNT_MAX + 64];
    rw_fetch_page_sink ps;
    rw_status st = rw_fetch_walk(f, &spec, month, part, path, &ps, err);
    if (st != RW_OK) return st;
    if (ps.items == 0) {
        unlinkat(f->dirfd, rw_fetch_in_dir(f, part), 0);
        rw_app_msg(f->s, RW_MSG_INFO, "ledger %s: no transactions", month);
        return RW_OK;
    }
    snprintf(key, sizeof key, "tencent-ledger:%s:%s", f->account, month);
    return rw_fetch_keep_raw(f, "ledger", month, part, path, key, err);
}

/* The credentials file: o->config, else ~/.config/runway/tencent.json
 * (NULL without HOME). */
static const char *config_path(const rw_fetch_options *o, char *buf, size_t size)
{
    const char *home = getenv("HOME");
    if (o->config) return o->config;
    return home && snprintf(buf, size, "%s/.config/runway/tencent.json", home) < (int)size ? buf
                                                                                           : NULL;
}

rw_status rw_fetch_client(const rw_fetch_options *o, const char *profile, rw_tc_client **out,
                          rw_error *err)
{
    char cfg[PATH_MAX];
    const char *config = config_path(o, cfg, sizeof cfg);
    rw_tc_creds creds;
    rw_status st = profile ? rw_tc_creds_load_profile(config, profile, &creds, err)
                           : rw_tc_creds_load(config, &creds, err);
    if (st != RW_OK) return st == RW_ENOTFOUND && !profile ? RW_EINVAL : st;
    rw_tc_opts to;
    rw_tc_opts_default(&to);
    to.endpoint = o->endpoint;
    if (o->endpoint && !rw_http_url_allowed(o->endpoint))
        st = rw_error_set(err, RW_EINVAL, NULL, 0,
                          "--endpoint: only https:// URLs (or http:// to this machine, for"
                          " tests)");
    else st = rw_tc_client_open(&creds, &to, out, err);
    rw_tc_creds_wipe(&creds);
    return st;
}

rw_status rw_fetcher_open(rw_session *s, const rw_fetch_options *o, rw_fetcher *f, rw_error *err)
{
    *f = (rw_fetcher){s, NULL, NULL, "", "", calloc(1, sizeof *f->res), -1};
    if (!f->res) return rw_app_oom(err);
    rw_status st = rw_fetch_client(o, NULL, &f->client, err);
    if (st == RW_OK) st = raw_dir(s, o, f->dir, sizeof f->dir, &f->dirfd, err);
    if (st == RW_OK) st = rw_app_store(s, &f->store, err);
    return st;
}

void rw_fetcher_close(rw_fetcher *f)
{
    rw_tc_client_close(f->client);
    f->client = NULL;
    if (f->dirfd >= 0) close(f->dirfd);
    f->dirfd = -1;
}

rw_status rw_fetch_tencent(rw_session *s, const rw_fetch_options *o, rw_fetch_result **out,
                           rw_error *err)
{
    rw_fetch_options opts = *o;
    rw_fetcher f;
    if (opts.nmonths == 0) rw_fetch_default_months(&opts);
    rw_status st = rw_fetcher_open(s, &opts, &f, err);
    *out = f.res;
    if (st == RW_OK && opts.balance) st = fetch_balance(&f, &opts, err);
    if (st == RW_OK && !f.account[0] && opts.account)
        rw_str_copy(f.account, sizeof f.account, opts.account);
    /* A month that fails is reported; the other months go on. */
    rw_status first = RW_OK;
    for (size_t i = 0; st == RW_OK && i < opts.nmonths; i++) {
        for (int what = 0; what < 2; what++) {
            if (!(what ? opts.ledger : opts.bills)) continue;
            rw_error merr;
            rw_error_clear(&merr);
            rw_status mst = what ? fetch_ledger(&f, opts.months[i], &merr)
                                 : fetch_month(&f, opts.months[i], &merr);
            if (mst != RW_OK) {
                rw_app_warn_error(s, &merr);
                if (first == RW_OK) first = mst;
            }
        }
    }
    rw_fetcher_close(&f);
    return st != RW_OK ? st : first;
}
