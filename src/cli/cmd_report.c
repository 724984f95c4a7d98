/* cmd_report.c: `runway report` (the HTML, Markdown and JSON report of an
 * account) and `runway demo` (the whole pipeline on the bundled sample
 * data, ending in that report). */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/report_build.h"
#include "store/balance.h"
#include "util/num.h"
#include "util/strutil.h"

static const char report_usage[] =
    "usage: runway report --out DIR [--account ID] [--currency C] [--budget AMOUNT]\n"
    "                     [--policy NAME|FILE] [--by DIM] [--as-of DATE] [--seed N]\n"
    "                     [--jobs N] [--no-charts]\n"
    "\n"
    "Writes DIR/report.html (one self-contained page: charts embedded, works offline),\n"
    "DIR/report.md, DIR/summary.json and DIR/charts/*.svg|png: a five-line summary,\n"
    "when the balance runs out and what follows, the alert thresholds with their\n"
    "replay on history, the month against the budget, the weekly capacity view by\n"
    "service, anomalies, how the forecast was made, and data-quality notes. The\n"
    "numbers are those of runout, thresholds, budget, forecast and anomalies.\n"
    "\n"
    "  --out DIR           where to write (created if needed)\n"
    "  --account ID        the account (default: the store's only one)\n"
    "  --currency C        charges in this currency (default: the balance's)\n"
    "  --budget AMOUNT     the monthly budget (default: none; the month is still\n"
    "                      forecast)\n"
    "  --policy NAME|FILE  arrears policy (default generic; tencent-cos, ...)\n"
    "  --by DIM            the capacity view's breakdown (default service)\n"
    "  --seed N            simulation seed (default 42): same data, same report\n"
    "  --no-charts         skip the charts (they need gnuplot)\n";

static const char demo_usage[] =
    "usage: runway demo [--out DIR] [--data DIR]\n"
    "\n"
    "Runs the whole pipeline on the bundled sample data (a prepaid Tencent Cloud\n"
    "account: months of FOCUS and Tencent bills, COS access logs, a balance): ingests\n"
    "it into the store (--db, default ./runway.db; re-running adds nothing), plans a\n"
    "top-up, and writes the report to DIR (default runway-report), then prints the\n"
    "headline numbers.\n"
    "\n"
    "  --out DIR   where the report goes (default runway-report)\n"
    "  --data DIR  the sample data (default: data/sample here or beside the binary)\n";

typedef struct report_args {
    report_opts ro;
    const char *out;
    int charts;
} report_args;

static int parse_report(rw_cli *cli, int argc, char **argv, report_args *a)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},     {"account", required_argument, NULL, 'a'},
        {"currency", required_argument, NULL, 'c'}, {"budget", required_argument, NULL, 'b'},
        {"policy", required_argument, NULL, 'P'},  {"by", required_argument, NULL, 'B'},
        {"as-of", required_argument, NULL, 0x104},  {"seed", required_argument, NULL, 0x105},
        {"jobs", required_argument, NULL, 'j'},    {"no-charts", no_argument, NULL, 'n'},
        RW_CLI_COMMON_OPTIONS,
        {NULL, 0, NULL, 0}};
    int opt;
    int64_t v;
    memset(a, 0, sizeof *a);
    rw_plan_init(&a->ro.p, "text");
    a->ro.policy = "generic";
    a->ro.by = "service";
    a->charts = 1;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (rw_cli_common(cli, opt, optarg)) continue;
        int r = rw_plan_option(&a->ro.p, opt, optarg);
        if (r < 0) return EXIT_USAGE;
        if (r) continue;
        switch (opt) {
        case 'o': a->out = optarg; break;
        case 'a': a->ro.p.fc.q.account = optarg; break;
        case 'c': a->ro.p.fc.q.currency = optarg; break;
        case 'b':
            if (!rw_cli_parse_amount("--budget", optarg, &a->ro.budget)) return EXIT_USAGE;
            if (!(a->ro.budget > 0)) {
                rw_cli_errorf("--budget: the budget must be positive");
                return EXIT_USAGE;
            }
            break;
        case 'P': a->ro.policy = optarg; break;
        case 'B': a->ro.by = optarg; break;
        case 'j':
            if (!rw_cli_parse_int("--jobs", optarg, 1, 64, "a thread count between 1 and 64", &v))
                return EXIT_USAGE;
            a->ro.jobs = (size_t)v;
            break;
        case 'n': a->charts = 0; break;
        case 'h': fputs(report_usage, stdout); return rw_cli_flush_stdout() ? EXIT_RUNTIME : -1;
        default: return rw_cli_usage_error(report_usage);
        }
    }
    if (optind < argc) {
        rw_cli_errorf("unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    if (!a->out) {
        rw_cli_errorf("--out DIR is required");
        return EXIT_USAGE;
    }
    return 0;
}

/* mkdir that accepts an existing directory. */
static int make_dir(const char *path)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST) return 1;
    rw_cli_errorf("%s: cannot create: %s", path, strerror(errno));
    return 0;
}

typedef rw_status (*writer_fn)(const rw_report *r, const char *charts, FILE *out, rw_error *err);

static rw_status write_html(const rw_report *r, const char *charts, FILE *out, rw_error *err)
{
    return rw_report_write_html(r, charts, out, err);
}

static rw_status write_md(const rw_report *r, const char *charts, FILE *out, rw_error *err)
{
    (void)charts;
    return rw_report_write_markdown(r, out, err);
}

static rw_status write_json(const rw_report *r, const char *charts, FILE *out, rw_error *err)
{
    (void)charts;
    return rw_report_write_json(r, out, err);
}

/* Writes dir/name through a temporary file renamed into place, so a reader
 * never sees half a report. */
static int write_file(const char *dir, const char *name, writer_fn fn, const rw_report *r,
                      const char *charts)
{
    char path[PATH_MAX], tmp[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path ||
        snprintf(tmp, sizeof tmp, "%s/.%s.%ld.tmp", dir, name, (long)getpid()) >= (int)sizeof tmp) {
        rw_cli_errorf("%s: path too long", dir);
        return EXIT_USAGE;
    }
    FILE *f = fopen(tmp, "w");
    if (!f) {
        rw_cli_errorf("%s: cannot write: %s", tmp, strerror(errno));
        return EXIT_RUNTIME;
    }
    rw_error err;
    rw_error_clear(&err);
    rw_status st = fn(r, charts, f, &err);
    int bad = st != RW_OK || ferror(f);
    if (fclose(f) != 0) bad = 1;
    if (bad || rename(tmp, path) != 0) {
        if (st != RW_OK) rw_cli_errorf("%s: %s", path, err.text);
        else rw_cli_errorf("%s: cannot write: %s", path, strerror(errno));
        unlink(tmp);
        return EXIT_RUNTIME;
    }
    return EXIT_OKAY;
}

/* Gathers and writes the report into out; prints the headline. */
static int run_report(rw_cli *cli, report_args *a)
{
    char charts[PATH_MAX];
    if (!make_dir(a->out)) return EXIT_RUNTIME;
    if (snprintf(charts, sizeof charts, "%s/charts", a->out) >= (int)sizeof charts) {
        rw_cli_errorf("%s: path too long", a->out);
        return EXIT_USAGE;
    }
    if (a->charts && !make_dir(charts)) return EXIT_RUNTIME;
    a->ro.charts_dir = a->charts ? charts : NULL;
    rw_report *r = malloc(sizeof *r);
    if (!r) {
        rw_cli_errorf("out of memory");
        return EXIT_RUNTIME;
    }
    int rc = rw_report_gather(cli, &a->ro, r);
    if (rc == EXIT_OKAY) rc = write_file(a->out, "summary.json", write_json, r, charts);
    if (rc == EXIT_OKAY) rc = write_file(a->out, "report.md", write_md, r, charts);
    if (rc == EXIT_OKAY) rc = write_file(a->out, "report.html", write_html, r, charts);
    if (rc == EXIT_OKAY && !cli->quiet) {
        char line[400];
        printf("report: %s/report.html (and report.md, summary.json%s)\n", a->out,
               r->charts_note[0] ? "" : ", charts/");
        for (int i = 0; i < 5; i++) {
            rw_report_summary_line(r, i, line, sizeof line);
            printf("  %s\n", line);
        }
        if (a->charts && r->charts_note[0]) rw_cli_errorf("note: %s", r->charts_note);
        rc = rw_cli_flush_stdout();
    }
    free(r);
    return rc;
}

int rw_cmd_report(rw_cli *cli, int argc, char **argv)
{
    report_args a;
    int rc = parse_report(cli, argc, argv, &a);
    if (rc) return rc < 0 ? EXIT_OKAY : rc;
    return run_report(cli, &a);
}

/* ---- demo ------------------------------------------------------------------ */

/* The sample data: --data, ./data/sample, or data/sample beside the binary
 * (build/runway -> ../data/sample). */
static int find_data(const char *given, char *out, size_t size)
{
    struct stat sb;
    if (given) {
        rw_str_copy(out, size, given);
        return stat(out, &sb) == 0 && S_ISDIR(sb.st_mode);
    }
    rw_str_copy(out, size, "data/sample");
    if (stat(out, &sb) == 0 && S_ISDIR(sb.st_mode)) return 1;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return 0;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) return 0;
    *slash = '\0';
    if (snprintf(out, size, "%s/../data/sample", exe) >= (int)size) return 0;
    return stat(out, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Ingests every file of dir (sorted), as `runway ingest --quiet` would. */
static int ingest_dir(rw_cli *cli, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        rw_cli_errorf("%s: cannot read: %s", dir, strerror(errno));
        return EXIT_RUNTIME;
    }
    char **argv = NULL;
    size_t n = 2, cap = 0;
    int rc = EXIT_OKAY;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        if (n + 1 >= cap) {
            cap = cap ? 2 * cap : 16;
            char **na = realloc(argv, cap * sizeof *na);
            if (!na) {
                rc = EXIT_RUNTIME;
                break;
            }
            argv = na;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        if (!(argv[n] = malloc(len))) {
            rc = EXIT_RUNTIME;
            break;
        }
        snprintf(argv[n++], len, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (rc == EXIT_OKAY && n == 2) {
        rw_cli_errorf("%s: no sample files", dir);
        rc = EXIT_USAGE;
    }
    if (rc == EXIT_OKAY) {
        qsort(argv + 2, n - 2, sizeof *argv, by_name);
        argv[0] = (char *)"ingest";
        argv[1] = (char *)"--quiet";
        argv[n] = NULL;
        int quiet = cli->quiet; /* ingest's --quiet must not silence the report */
        rc = cli_run(cli, &rw_cmd_ingest_c, (int)n, argv);
        cli->quiet = quiet;
    } else if (rc == EXIT_RUNTIME) {
        rw_cli_errorf("out of memory");
    }
    for (size_t i = 2; i < n; i++) free(argv[i]);
    free(argv);
    return rc;
}

/* The demo account's planned top-up, recorded once. */
static int plan_topup(rw_cli *cli)
{
    rw_store *store = NULL;
    rw_error err;
    rw_error_clear(&err);
    if (rw_cli_open_store(cli, &store) != RW_OK) return EXIT_RUNTIME;
    rw_topup *list = NULL;
    size_t n = 0;
    rw_status st = rw_store_topup_list(store, NULL, &list, &n, &err);
    if (st == RW_OK && n == 0) {
        rw_balance_row b;
        rw_topup t = {0};
        if (rw_store_balance_latest(store, NULL, &b, &err) == RW_OK) {
            rw_str_copy(t.account, sizeof t.account, b.account);
            rw_str_copy(t.currency, sizeof t.currency, b.currency);
            t.at = b.at + 12 * RW_DAY; /* 12 days after the balance was seen */
            t.at -= t.at % RW_DAY;
            t.amount = 5000;
            t.every = RW_EVERY_ONCE;
            t.until = INT64_MAX;
            rw_str_copy(t.note, sizeof t.note, "demo: planned top-up");
            st = rw_store_topup_add(store, &t, &err);
        }
    }
    free(list);
    rw_store_close(store);
    if (st != RW_OK) {
        rw_cli_error(&err);
        return rw_cli_exit_code(st);
    }
    return EXIT_OKAY;
}

int rw_cmd_demo(rw_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'}, {"data", required_argument, NULL, 'd'},
        RW_CLI_COMMON_OPTIONS,
        {NULL, 0, NULL, 0}};
    const char *out = "runway-report", *data = NULL;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (rw_cli_common(cli, opt, optarg)) continue;
        switch (opt) {
        case 'o': out = optarg; break;
        case 'd': data = optarg; break;
        case 'h': fputs(demo_usage, stdout); return rw_cli_flush_stdout();
        default: return rw_cli_usage_error(demo_usage);
        }
    }
    if (optind < argc) {
        rw_cli_errorf("unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    char dir[PATH_MAX];
    if (!find_data(data, dir, sizeof dir)) {
        rw_cli_errorf("%s: the sample data is not there (give --data DIR)",
                      data ? data : "data/sample");
        return EXIT_USAGE;
    }
    if (!cli->quiet) printf("ingesting the sample data from %s into %s\n", dir, cli->db_path);
    int rc = ingest_dir(cli, dir);
    if (rc == EXIT_OKAY) rc = plan_topup(cli);
    if (rc != EXIT_OKAY) return rc;
    report_args a;
    memset(&a, 0, sizeof a);
    rw_plan_init(&a.ro.p, "text");
    a.ro.policy = "tencent-cos";
    a.ro.by = "service";
    a.ro.budget = 20000;
    a.out = out;
    a.charts = 1;
    return run_report(cli, &a);
}
