/* cmd_run.c: `runway run`: the unattended job for cron or a systemd timer:
 * fetch -> ingest -> forecast -> notify -> report, under a lock so that
 * overlapping runs do not collide. Each step is the command of the same
 * name; a failing step does not stop the later ones (alerts on yesterday's
 * data beat no alerts), but the exit code reports it. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include "cli/cli_old.h"
#include "util/strutil.h"

#define MAX_ARGS 64

static const char usage[] =
    "usage: runway run [--no-fetch] [--endpoint URL] [--config FILE]\n"
    "                  [--webhook KIND=URL]... [--budget AMOUNT] [--policy NAME]\n"
    "                  [--report DIR] [--dry-run] [--wait]\n"
    "\n"
    "One unattended step, for cron or a systemd timer (docs/operations.md): fetch\n"
    "the balance and this month's bills from Tencent Cloud and ingest them, forecast\n"
    "every service (saved in the store), send alert state changes to the webhooks,\n"
    "and write the report. A lock (the store's path + .lock) keeps two runs from\n"
    "overlapping: a second run exits at once (1) unless --wait. A failing step does\n"
    "not stop the later ones; the exit code is that of the first failure.\n"
    "\n"
    "  --no-fetch          skip fetching (data arrive by `runway ingest`)\n"
    "  --endpoint, --config  as for `runway fetch tencent`\n"
    "  --webhook KIND=URL  as for `runway notify` (repeatable)\n"
    "  --budget, --policy  as for `runway notify` and `runway report`\n"
    "  --report DIR        write the report there (default: no report)\n"
    "  --dry-run           notify prints what it would send\n"
    "  --wait              wait for a running job instead of exiting\n";

typedef struct argv_buf {
    char *v[MAX_ARGS + 1];
    int n;
} argv_buf;

static void push(argv_buf *b, const char *s)
{
    if (b->n < MAX_ARGS) b->v[b->n++] = (char *)s;
    b->v[b->n] = NULL;
}

/* Takes the lock on lock_path; returns its fd or -1 (printed why). */
static int take_lock(const char *lock_path, int wait)
{
    int fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        rw_cli_errorf("%s: cannot open the lock: %s", lock_path, strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
        if (errno == EWOULDBLOCK)
            rw_cli_errorf("another runway run holds %s: not starting (use --wait to queue)",
                          lock_path);
        else rw_cli_errorf("%s: cannot lock: %s", lock_path, strerror(errno));
        close(fd);
        return -1;
    }
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0 || write(fd, pid, (size_t)n) != n) { /* diagnostics only */
    }
    return fd;
}

/* Runs a step with stdout sent to /dev/null (the forecast's CSV is not
 * news in a cron mail). */
static int quietly(rw_cli *cli, const cli_command *cmd, argv_buf *b)
{
    fflush(stdout);
    int saved = dup(STDOUT_FILENO), nul = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved < 0 || nul < 0 || dup2(nul, STDOUT_FILENO) < 0) {
        if (saved >= 0) close(saved);
        if (nul >= 0) close(nul);
        return cli_run(cli, cmd, b->n, b->v);
    }
    int rc = cli_run(cli, cmd, b->n, b->v);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    close(nul);
    return rc;
}

static void step(rw_cli *cli, const char *name, int rc, int *first)
{
    if (rc != EXIT_OKAY) {
        rw_cli_errorf("run: %s failed (exit %d); going on", name, rc);
        if (*first == EXIT_OKAY) *first = rc;
    } else if (!cli->quiet) {
        printf("run: %s done\n", name);
        fflush(stdout);
    }
}

int rw_cmd_run(rw_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"no-fetch", no_argument, NULL, 'N'},      {"endpoint", required_argument, NULL, 'e'},
        {"config", required_argument, NULL, 'c'},  {"webhook", required_argument, NULL, 'w'},
        {"budget", required_argument, NULL, 'b'},  {"policy", required_argument, NULL, 'P'},
        {"report", required_argument, NULL, 'r'},  {"dry-run", no_argument, NULL, 'd'},
        {"wait", no_argument, NULL, 'W'},
        RW_CLI_COMMON_OPTIONS,
        {NULL, 0, NULL, 0}};
    int opt, fetch = 1, dry = 0, wait = 0;
    const char *endpoint = NULL, *config = NULL, *budget = NULL, *policy = NULL, *report = NULL;
    const char *hooks[16];
    size_t nhooks = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (rw_cli_common(cli, opt, optarg)) continue;
        switch (opt) {
        case 'N': fetch = 0; break;
        case 'e': endpoint = optarg; break;
        case 'c': config = optarg; break;
        case 'w':
            if (nhooks == sizeof hooks / sizeof hooks[0]) {
                rw_cli_errorf("--webhook: at most %zu", sizeof hooks / sizeof hooks[0]);
                return EXIT_USAGE;
            }
            hooks[nhooks++] = optarg;
            break;
        case 'b': budget = optarg; break;
        case 'P': policy = optarg; break;
        case 'r': report = optarg; break;
        case 'd': dry = 1; break;
        case 'W': wait = 1; break;
        case 'h': fputs(usage, stdout); return rw_cli_flush_stdout();
        default: return rw_cli_usage_error(usage);
        }
    }
    if (optind < argc) {
        rw_cli_errorf("unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    char lock_path[PATH_MAX];
    if (snprintf(lock_path, sizeof lock_path, "%s.lock", cli->db_path) >= (int)sizeof lock_path) {
        rw_cli_errorf("%s: path too long", cli->db_path);
        return EXIT_USAGE;
    }
    int lock = take_lock(lock_path, wait);
    if (lock < 0) return EXIT_RUNTIME;
    int rc = EXIT_OKAY;
    argv_buf b = {{NULL}, 0};
    if (fetch) {
        push(&b, "fetch");
        push(&b, "tencent");
        if (endpoint) push(&b, "--endpoint"), push(&b, endpoint);
        if (config) push(&b, "--config"), push(&b, config);
        step(cli, "fetch", cli_run(cli, &rw_cmd_fetch_c, b.n, b.v), &rc);
    }
    b.n = 0;
    push(&b, "forecast");
    push(&b, "--by");
    push(&b, "service");
    push(&b, "--horizon");
    push(&b, "28");
    step(cli, "forecast", quietly(cli, &rw_cmd_forecast_c, &b), &rc);
    b.n = 0;
    push(&b, "notify");
    for (size_t i = 0; i < nhooks; i++) push(&b, "--webhook"), push(&b, hooks[i]);
    if (budget) push(&b, "--budget"), push(&b, budget);
    if (policy) push(&b, "--policy"), push(&b, policy);
    if (dry) push(&b, "--dry-run");
    step(cli, "notify", cli_run(cli, &rw_cmd_notify_c, b.n, b.v), &rc);
    if (report) {
        b.n = 0;
        push(&b, "report");
        push(&b, "--out");
        push(&b, report);
        if (budget) push(&b, "--budget"), push(&b, budget);
        if (policy) push(&b, "--policy"), push(&b, policy);
        step(cli, "report", rw_cmd_report(cli, b.n, b.v), &rc);
    }
    close(lock); /* releases the lock */
    return rc;
}
