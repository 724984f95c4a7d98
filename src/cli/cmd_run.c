/* cmd_run.c: `runway run`: the unattended job for cron or a systemd
 * timer: fetch, forecast, notify and report in one locked step. */
#include "cli/cli.h"

static const char usage[] =
    "usage: runway run [--no-fetch] [--endpoint URL] [--config FILE]\n"
    "                  [--webhook KIND=URL]... [--budget AMOUNT] [--policy NAME]\n"
    "                  [--report DIR] [--dry-run] [--wait] [--tz ZONE] [--lang zh-CN|en]\n"
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
    "  --wait              wait for a running job instead of exiting\n"
    "  --tz ZONE           time zone of days, weeks and months: an IANA name\n"
    "                      (Asia/Shanghai), UTC or +08:00 (default: RUNWAY_TZ, else\n"
    "                      Asia/Shanghai for Tencent Cloud bills only, else UTC)\n"
    "  --lang zh-CN|en     language of the text for people (default: the first of\n"
    "                      LC_ALL, LC_MESSAGES, LANG; zh... is Chinese, else English)\n";

typedef struct args {
    rw_run_options o;
} args;

static rw_status webhook(void *p, const char *text, rw_error *err)
{
    args *a = p;
    if (a->o.nwebhooks == RW_MAX_WEBHOOKS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "at most %d", RW_MAX_WEBHOOKS);
    a->o.webhooks[a->o.nwebhooks++] = text;
    return RW_OK;
}

static const cli_flag flags[] = {
    CLI_FLAG_UNSET("no-fetch", args, o.fetch),
    CLI_FLAG_STR("endpoint", args, o.endpoint),
    CLI_FLAG_STR("config", args, o.config),
    CLI_FLAG_FN("webhook", webhook),
    CLI_FLAG_AMOUNT("budget", args, o.budget, CLI_POSITIVE, "the budget"),
    CLI_FLAG_STR("policy", args, o.policy),
    CLI_FLAG_STR("report", args, o.report),
    CLI_FLAG_SET("dry-run", args, o.dry_run),
    CLI_FLAG_SET("wait", args, o.wait),
    CLI_FLAG_STR(CLI_TZ_FLAG, args, o.tz),
    CLI_FLAG_LANG(args, o.lang),
    CLI_END,
};

static void init(void *p)
{
    rw_run_options_init(&((args *)p)->o);
}

static rw_status run(const rw_cli *cli, void *p, const cli_args *in, rw_error *err)
{
    args *a = p;
    rw_run_result *r = NULL;
    (void)in;
    rw_status st = cli_now(&a->o.now, err);
    if (st == RW_OK) st = rw_run(cli->session, &a->o, &r, err);
    if (r) {
        rw_status ws = rw_run_result_write(r, cli->quiet, cli->verbose, stdout,
                                           st == RW_OK ? err : NULL);
        if (st == RW_OK) st = ws;
    }
    rw_run_result_free(r);
    return st;
}

const cli_command rw_cmd_run_c = {"run", usage, flags, sizeof(args), init, 0, 0, run};
