/* cmd_fetch.c: `runway fetch tencent`: the balance and the bill details
 * of whole months from the Tencent Cloud Billing API, kept as raw
 * responses and ingested like `runway ingest` does.
 *
 * Every month is fetched whole; the newest fetch of a month supersedes the
 * one before (store/supersede.h), in the same transaction as its ingest, so
 * a growing month-to-date bill is never counted twice and a failed fetch
 * changes nothing. Pages are appended to a partial file as they arrive;
 * a fetch that stops part-way resumes from there on the next run (within
 * RESUME_MAX_AGE, after which the month is fetched again from the start,
 * since earlier pages may have shifted). */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cli/cli_old.h"
#include "net/tencent.h"
#include "app/ingest_file.h"
#include "store/supersede.h"
#include "util/strutil.h"
#include "util/timeutil.h"

#define RESUME_MAX_AGE (3600)  /* seconds a partial month stays resumable */
#define MAX_MONTHS 24

static const char usage[] =
    "usage: runway fetch tencent [--month YYYY-MM]... [--from DATE --to DATE]\n"
    "                            [--endpoint URL] [--config FILE] [--account ID]\n"
    "                            [--raw-dir DIR] [--no-balance] [--no-bills]\n"
    "\n"
    "Fetches the account balance (DescribeAccountBalance) and the bill details\n"
    "(DescribeBillDetail, 100 items a page) of whole months from the Tencent Cloud\n"
    "Billing API, keeps the raw responses, and ingests them. Re-fetching a month\n"
    "replaces what the last fetch of that month stored; a fetch that fails changes\n"
    "nothing, and one that stops part-way resumes on the next run.\n"
    "\n"
    "  --month YYYY-MM    a month to fetch (repeatable; default: the current month,\n"
    "                     Beijing time, and the previous one during the first 3 days)\n"
    "  --from/--to DATE   every month these days touch\n"
    "  --endpoint URL     the API (default https://billing.tencentcloudapi.com;\n"
    "                     http:// only to a loopback test server)\n"
    "  --config FILE      credentials file, JSON {\"secret_id\", \"secret_key\"}; must\n"
    "                     not be readable by others. Default: the environment\n"
    "                     (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY), else\n"
    "                     ~/.config/runway/tencent.json\n"
    "  --account ID       the account, when the balance response does not say\n"
    "  --raw-dir DIR      where raw responses are kept (default: runway-raw beside\n"
    "                     the store)\n"
    "  --no-balance, --no-bills   skip one of the two\n";

typedef struct fetch_args {
    const char *endpoint, *config, *account, *raw_dir;
    char months[MAX_MONTHS][8];
    size_t nmonths;
    int balance, bills;
    int64_t from, to;
} fetch_args;

static int add_month(fetch_args *a, int64_t t)
{
    char m[8];
    int64_t y;
    int mo, d;
    rw_civil_from_days(rw_time_floor(t, RW_GRAN_DAY) / RW_DAY, &y, &mo, &d);
    snprintf(m, sizeof m, "%04d-%02d", (int)y, mo);
    for (size_t i = 0; i < a->nmonths; i++)
        if (!strcmp(a->months[i], m)) return 1;
    if (a->nmonths == MAX_MONTHS) {
        rw_cli_errorf("at most %d months in one fetch", MAX_MONTHS);
        return 0;
    }
    memcpy(a->months[a->nmonths++], m, sizeof m);
    return 1;
}

static int parse(rw_cli *cli, int argc, char **argv, fetch_args *a)
{
    static const struct option longopts[] = {
        {"month", required_argument, NULL, 'm'},   {"from", required_argument, NULL, 'F'},
        {"to", required_argument, NULL, 'T'},      {"endpoint", required_argument, NULL, 'e'},
        {"config", required_argument, NULL, 'c'},  {"account", required_argument, NULL, 'a'},
        {"raw-dir", required_argument, NULL, 'r'}, {"no-balance", no_argument, NULL, 'B'},
        {"no-bills", no_argument, NULL, 'N'},
        RW_CLI_COMMON_OPTIONS,
        {NULL, 0, NULL, 0}};
    int opt;
    memset(a, 0, sizeof *a);
    a->balance = a->bills = 1;
    a->from = a->to = INT64_MIN;
    if (argc < 2 || strcmp(argv[1], "tencent")) {
        if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
            fputs(usage, stdout);
            return rw_cli_flush_stdout() ? EXIT_RUNTIME : -1;
        }
        rw_cli_errorf("fetch: the provider must be 'tencent'");
        return rw_cli_usage_error(usage);
    }
    optind = 2;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (rw_cli_common(cli, opt, optarg)) continue;
        char buf[16];
        int64_t t;
        switch (opt) {
        case 'm':
            if (strlen(optarg) != 7 || snprintf(buf, sizeof buf, "%s-01", optarg) < 0 ||
                !rw_cli_parse_time("--month", buf, 0, &t) || !add_month(a, t))
                return EXIT_USAGE;
            break;
        case 'F':
            if (!rw_cli_parse_time("--from", optarg, 0, &a->from)) return EXIT_USAGE;
            break;
        case 'T':
            if (!rw_cli_parse_time("--to", optarg, 0, &a->to)) return EXIT_USAGE;
            break;
        case 'e': a->endpoint = optarg; break;
        case 'c': a->config = optarg; break;
        case 'a': a->account = optarg; break;
        case 'r': a->raw_dir = optarg; break;
        case 'B': a->balance = 0; break;
        case 'N': a->bills = 0; break;
        case 'h': fputs(usage, stdout); return rw_cli_flush_stdout() ? EXIT_RUNTIME : -1;
        default: return rw_cli_usage_error(usage);
        }
    }
    if (optind < argc) {
        rw_cli_errorf("unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    if ((a->from == INT64_MIN) != (a->to == INT64_MIN) || (a->from != INT64_MIN && a->to < a->from)) {
        rw_cli_errorf("give both --from and --to, with --from <= --to");
        return EXIT_USAGE;
    }
    if (a->from != INT64_MIN)
        for (int64_t m = rw_time_floor(a->from, RW_GRAN_MONTH); m <= a->to;
             m = rw_time_next(m, RW_GRAN_MONTH))
            if (!add_month(a, m)) return EXIT_USAGE;
    if (a->nmonths == 0) {
        /* The current month in Beijing time, where Tencent bills; in its
         * first days also the month before, which is still being settled. */
        int64_t now = (int64_t)time(NULL) + 8 * 3600;
        int64_t y;
        int mo, d;
        rw_civil_from_days(now / RW_DAY, &y, &mo, &d);
        if (d <= 3) add_month(a, rw_time_floor(now, RW_GRAN_MONTH) - RW_DAY);
        add_month(a, now);
    }
    return 0;
}

/* mkdir -p for the raw directory (two levels at most are created). */
static int ensure_dir(const char *path)
{
    char buf[PATH_MAX];
    rw_str_copy(buf, sizeof buf, path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0700) != 0 && errno != EEXIST) break;
            *p = '/';
        }
    if (mkdir(buf, 0700) != 0 && errno != EEXIST) {
        rw_cli_errorf("%s: cannot create: %s", path, strerror(errno));
        return 0;
    }
    return 1;
}

/* The raw directory: --raw-dir, else runway-raw/tencent beside the store. */
static int raw_dir(const rw_cli *cli, const fetch_args *a, char *out, size_t size)
{
    if (a->raw_dir) {
        if (snprintf(out, size, "%s", a->raw_dir) >= (int)size) return 0;
    } else {
        char db[PATH_MAX];
        rw_str_copy(db, sizeof db, cli->db_path);
        char *slash = strrchr(db, '/');
        if (slash) *slash = '\0';
        if (snprintf(out, size, "%s/runway-raw/tencent", slash ? db : ".") >= (int)size) return 0;
    }
    return ensure_dir(out);
}

/* The response without its RequestId (which changes on every call), so a
 * page fetched again unchanged is byte for byte the same; with FetchedAt
 * when `fetched_at` is given. *out is malloc'd. */
static rw_status normalise(const char *response, const char *fetched_at, char **out, rw_error *err)
{
    json_error_t je;
    json_t *o = json_loads(response, 0, &je);
    json_t *r = o ? json_object_get(o, "Response") : NULL;
    if (!json_is_object(r)) {
        json_decref(o);
        return rw_error_set(err, RW_EFORMAT, NULL, 0, "the API answered something that is not a"
                                                      " Response object");
    }
    json_object_del(r, "RequestId");
    if (fetched_at) json_object_set_new(o, "FetchedAt", json_string(fetched_at));
    *out = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return *out ? RW_OK : rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
}

/* Ingests `path`; with a fetch key the sources of earlier fetches of the
 * same key go, in the same transaction. Prints a one-line summary. */
static int ingest_raw(rw_cli *cli, rw_store *store, const char *path, const char *key,
                      const char *account, int *duplicate)
{
    rw_ingest_opts opts = {RW_FMT_TENCENT_API, account, 0, RW_OFFSET_DEFAULT};
    rw_ingest_report rep;
    rw_error err;
    rw_error_clear(&err);
    long removed = 0;
    rw_status st = rw_store_write_begin(store, &err);
    if (st == RW_OK) st = rw_ingest_file(store, path, &opts, NULL, NULL, &rep, &err);
    if (st == RW_OK && key && !rep.duplicate)
        st = rw_store_supersede(store, key, rep.sha256, &removed, &err);
    if (st == RW_OK) st = rw_store_write_commit(store, &err);
    if (st != RW_OK) {
        rw_store_write_rollback(store);
        rw_cli_error(&err);
        return rw_cli_exit_code(st);
    }
    *duplicate = rep.duplicate;
    if (!cli->quiet) {
        if (rep.duplicate) printf("%s: unchanged since the last fetch\n", key ? key : path);
        else
            printf("%s: %ld rows: %ld charges, %ld balances, %ld rejected%s\n", path, rep.rows,
                   rep.charges, rep.balances, rep.rejected,
                   removed ? " (replaces the previous fetch)" : "");
    }
    return EXIT_OKAY;
}

/* Writes text to dir/name through a temporary file. */
static int write_raw(const char *dir, const char *name, const char *text, char *path, size_t size)
{
    char tmp[PATH_MAX];
    if (snprintf(path, size, "%s/%s", dir, name) >= (int)size ||
        snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
        rw_cli_errorf("%s: path too long", dir);
        return EXIT_USAGE;
    }
    FILE *f = fopen(tmp, "w");
    int bad = !f || fputs(text, f) == EOF || fputc('\n', f) == EOF;
    if (f && fclose(f) != 0) bad = 1;
    if (bad || rename(tmp, path) != 0) {
        rw_cli_errorf("%s: cannot write: %s", path, strerror(errno));
        unlink(tmp);
        return EXIT_RUNTIME;
    }
    return EXIT_OKAY;
}

static int fetch_balance(rw_cli *cli, rw_tc_client *c, rw_store *store, const char *dir,
                         const fetch_args *a, char *account, size_t asize)
{
    char *resp = NULL, *norm = NULL, when[32], name[64], path[PATH_MAX];
    rw_error err;
    rw_error_clear(&err);
    int64_t now = (int64_t)time(NULL);
    rw_time_format_iso(now, when, sizeof when);
    rw_status st = rw_tc_call(c, "DescribeAccountBalance", "{}", &resp, &err);
    if (st == RW_OK) st = normalise(resp, when, &norm, &err);
    free(resp);
    if (st != RW_OK) {
        rw_cli_errorf("DescribeAccountBalance: %s", err.text);
        return st == RW_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
    }
    /* The account of the bills that follow. */
    json_t *o = json_loads(norm, 0, NULL);
    const char *uin = json_string_value(json_object_get(json_object_get(o, "Response"), "Uin"));
    if (!uin) {
        json_t *v = json_object_get(json_object_get(o, "Response"), "Uin");
        if (json_is_integer(v)) snprintf(account, asize, "%lld", (long long)json_integer_value(v));
    } else {
        rw_str_copy(account, asize, uin);
    }
    json_decref(o);
    if (!account[0] && a->account) rw_str_copy(account, asize, a->account);
    snprintf(name, sizeof name, "balance-%.4s%.2s%.2sT%.2s%.2s%.2sZ.json", when, when + 5,
             when + 8, when + 11, when + 14, when + 17);
    int rc = write_raw(dir, name, norm, path, sizeof path);
    free(norm);
    int dup = 0;
    return rc == EXIT_OKAY ? ingest_raw(cli, store, path, NULL, account[0] ? account : NULL, &dup)
                           : rc;
}

typedef struct page_sink {
    FILE *f;
    size_t items;    /* items written so far */
    size_t total;
    char payer[64];  /* PayerUin of the first item: the account of the bill */
} page_sink;

/* The PayerUin (string or number) of the first bill item of a page. */
static void first_payer(const char *page, char *out, size_t size)
{
    json_t *o = json_loads(page, 0, NULL);
    json_t *set = json_object_get(json_object_get(o, "Response"), "DetailSet");
    json_t *v = json_object_get(json_array_get(set, 0), "PayerUin");
    if (json_is_string(v)) rw_str_copy(out, size, json_string_value(v));
    else if (json_is_integer(v)) snprintf(out, size, "%lld", (long long)json_integer_value(v));
    json_decref(o);
}

static rw_status on_page(void *ctx, const char *response, size_t offset, size_t count,
                         size_t total, rw_error *err)
{
    page_sink *ps = ctx;
    char *norm = NULL;
    (void)offset;
    rw_status st = normalise(response, NULL, &norm, err);
    if (st != RW_OK) return st;
    if (!ps->payer[0]) first_payer(norm, ps->payer, sizeof ps->payer);
    int bad = fputs(norm, ps->f) == EOF || fputc('\n', ps->f) == EOF || fflush(ps->f) != 0;
    free(norm);
    if (bad) return rw_error_set(err, RW_EIO, NULL, 0, "writing the partial bill: %s",
                                 strerror(errno));
    ps->items += count;
    ps->total = total;
    return RW_OK;
}

/* Pages already in a partial file (each holds RW_TC_PAGE_LIMIT items). */
static size_t partial_pages(const char *part)
{
    struct stat sb;
    if (stat(part, &sb) != 0 || (int64_t)time(NULL) - (int64_t)sb.st_mtime > RESUME_MAX_AGE) {
        unlink(part);
        return 0;
    }
    FILE *f = fopen(part, "r");
    size_t lines = 0;
    int ch, last = '\n';
    while (f && (ch = fgetc(f)) != EOF) {
        if (ch == '\n') lines++;
        last = ch;
    }
    if (f) fclose(f);
    if (last != '\n') { /* a torn last line: start again */
        unlink(part);
        return 0;
    }
    return lines;
}

/* Removes the raw files of earlier fetches of `month` (superseded). */
static void remove_older(const char *dir, const char *month, const char *keep)
{
    DIR *d = opendir(dir);
    char prefix[32], path[PATH_MAX];
    snprintf(prefix, sizeof prefix, "bills-%s-", month);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (strncmp(e->d_name, prefix, strlen(prefix)) || n < 6 || strcmp(e->d_name + n - 6, ".jsonl"))
            continue;
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) < (int)sizeof path &&
            strcmp(path, keep))
            unlink(path);
    }
    if (d) closedir(d);
}

static int fetch_month(rw_cli *cli, rw_tc_client *c, rw_store *store, const char *dir,
                       const char *month, const char *account)
{
    char part[PATH_MAX], path[PATH_MAX], key[200], stamp[32];
    rw_time_format_iso((int64_t)time(NULL), stamp, sizeof stamp);
    /* A new name per fetch: a file rewritten under the same name, size and
     * second could pass for one already ingested. */
    if (snprintf(part, sizeof part, "%s/bills-%s.jsonl.part", dir, month) >= (int)sizeof part ||
        snprintf(path, sizeof path, "%s/bills-%s-%.4s%.2s%.2sT%.2s%.2s%.2sZ-%ld.jsonl", dir,
                 month, stamp, stamp + 5, stamp + 8, stamp + 11, stamp + 14, stamp + 17,
                 (long)getpid()) >= (int)sizeof path) {
        rw_cli_errorf("%s: path too long", dir);
        return EXIT_USAGE;
    }
    size_t pages = partial_pages(part);
    page_sink ps = {fopen(part, pages ? "a" : "w"), pages * RW_TC_PAGE_LIMIT, 0, ""};
    if (!ps.f) {
        rw_cli_errorf("%s: cannot write: %s", part, strerror(errno));
        return EXIT_RUNTIME;
    }
    if (pages && !cli->quiet)
        fprintf(stderr, "runway: %s: resuming at item %zu\n", month, ps.items);
    rw_error err;
    rw_error_clear(&err);
    rw_status st = rw_tc_bill_detail(c, month, NULL, NULL, ps.items, on_page, &ps, &err);
    if (fclose(ps.f) != 0 && st == RW_OK)
        st = rw_error_set(&err, RW_EIO, part, 0, "cannot write: %s", strerror(errno));
    if (st != RW_OK) {
        rw_cli_errorf("DescribeBillDetail %s: %s; %zu of %zu items fetched are kept in %s and the"
                      " next run resumes from there (nothing was stored)",
                      month, err.text, ps.items, ps.total, part);
        return st == RW_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
    }
    /* The period's key names the bill's payer (the same whether or not the
     * balance was fetched too), else the account given. */
    if (pages && !ps.payer[0]) { /* resumed: the first page is in the file */
        FILE *f = fopen(part, "r");
        char *line = NULL;
        size_t cap = 0;
        if (f && getline(&line, &cap, f) > 0) first_payer(line, ps.payer, sizeof ps.payer);
        free(line);
        if (f) fclose(f);
    }
    snprintf(key, sizeof key, "tencent:%s:%s", ps.payer[0] ? ps.payer : account, month);
    if (rename(part, path) != 0) {
        rw_cli_errorf("%s: cannot write: %s", path, strerror(errno));
        return EXIT_RUNTIME;
    }
    int dup = 0;
    int rc = ingest_raw(cli, store, path, key, account[0] ? account : NULL, &dup);
    if (rc == EXIT_OKAY && dup) unlink(path); /* the raw file of that content is kept */
    else if (rc == EXIT_OKAY) remove_older(dir, month, path);
    return rc;
}

int rw_cmd_fetch(rw_cli *cli, int argc, char **argv)
{
    fetch_args a;
    int rc = parse(cli, argc, argv, &a);
    if (rc) return rc < 0 ? EXIT_OKAY : rc;
    char dir[PATH_MAX], account[128] = "", cfg[PATH_MAX];
    rw_tc_creds creds;
    rw_tc_client *client = NULL;
    rw_store *store = NULL;
    rw_error err;
    rw_error_clear(&err);
    const char *config = a.config;
    const char *home = getenv("HOME");
    if (!config && home && snprintf(cfg, sizeof cfg, "%s/.config/runway/tencent.json", home) <
                                (int)sizeof cfg)
        config = cfg;
    rw_status st = rw_tc_creds_load(config, &creds, &err);
    if (st != RW_OK) {
        rw_cli_error(&err);
        return st == RW_ENOTFOUND ? EXIT_USAGE : rw_cli_exit_code(st);
    }
    rw_tc_opts o;
    rw_tc_opts_default(&o);
    o.endpoint = a.endpoint;
    if (a.endpoint && !rw_http_url_allowed(a.endpoint)) {
        rw_cli_errorf("--endpoint: only https:// URLs (or http:// to this machine, for tests)");
        rc = EXIT_USAGE;
        goto out;
    }
    if ((st = rw_tc_client_open(&creds, &o, &client, &err)) != RW_OK) {
        rw_cli_error(&err);
        rc = rw_cli_exit_code(st);
        goto out;
    }
    if (!raw_dir(cli, &a, dir, sizeof dir)) {
        rc = EXIT_RUNTIME;
        goto out;
    }
    if (rw_cli_open_store(cli, &store) != RW_OK) {
        rc = EXIT_RUNTIME;
        goto out;
    }
    if (a.balance && (rc = fetch_balance(cli, client, store, dir, &a, account, sizeof account)))
        goto out;
    if (!account[0] && a.account) rw_str_copy(account, sizeof account, a.account);
    for (size_t i = 0; a.bills && i < a.nmonths; i++) {
        int mrc = fetch_month(cli, client, store, dir, a.months[i], account);
        if (mrc != EXIT_OKAY && rc == EXIT_OKAY) rc = mrc; /* go on with the other months */
    }
    if (rc == EXIT_OKAY) rc = rw_cli_flush_stdout();
out:
    rw_store_close(store);
    rw_tc_client_close(client);
    rw_tc_creds_wipe(&creds);
    return rc;
}
