/* cmd_notify.c: `runway notify`: alert rule state changes to chat
 * webhooks (docs/notify.md). */
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"

static const char usage[] =
    "usage: runway notify [--webhook KIND=URL]... [--dry-run] [--account ID]\n"
    "                     [--runout-days N] [--budget AMOUNT] [--policy NAME|FILE]\n"
    "                     [--cooldown DURATION] [--daily-limit N] [--timeout S] [--retries N]\n"
    "                     [--lang zh-CN|en]\n"
    "       runway notify --all-accounts [--label K=V]... [--shard K/N] [--jobs N]\n"
    "                     [--digest KIND=URL|KIND=@PROFILE] [--digest-always]\n"
    "                     [--config FILE] [--dry-run] [--format text|json] [rule options]\n"
    "\n"
    "Evaluates the alert rules on the latest data in the store and posts one\n"
    "message per rule state change to each webhook (nothing when nothing changed):\n"
    "  threshold  the balance is below the blue (7 days), yellow (3) or red (1 day)\n"
    "             threshold at 95% confidence, as `runway thresholds`\n"
    "  runout     the P50 run-out day is within --runout-days, as `runway runout`\n"
    "  budget     (with --budget) spend is over the budget, or will be with a\n"
    "             probability of at least 0.5, as `runway budget`\n"
    "A rule that stays alerting is repeated after the cooldown, at most\n"
    "--daily-limit times per UTC day; going back to ok sends one 'resolved'.\n"
    "\n"
    "  --webhook KIND=URL  KIND: wecom (企业微信 group robot), dingtalk (robot; sign\n"
    "                      with dingtalk=URL#secret=SEC), slack (incoming webhook or\n"
    "                      Slack-compatible), json (generic: the alert as an object);\n"
    "                      repeatable; https://, or http:// to a loopback host\n"
    "  --dry-run           print what would be sent; send nothing, change nothing\n"
    "  --account ID        the account (default: the only one with a balance)\n"
    "  --runout-days N     the run-out rule's window (default 7)\n"
    "  --budget AMOUNT     enables the budget rule for the month after as-of\n"
    "  --policy NAME|FILE  arrears policy for the data-deletion date (default generic)\n"
    "  --grace-hours H, --retention-days D  override the policy\n"
    "  --cooldown DURATION least time between reminders, e.g. 30m, 6h, 1d (default 6h)\n"
    "  --daily-limit N     most messages per rule per UTC day (default 3); a state\n"
    "                      change is always sent\n"
    "  --timeout S         seconds per request (default 10)\n"
    "  --retries N         retries of a failed request (default 2)\n"
    "  --currency, --metric, --seed, --paths: as for runout\n"
    "  --tz ZONE           time zone of days, weeks and months: an IANA name\n"
    "                      (Asia/Shanghai), UTC or +08:00 (default: RUNWAY_TZ, else\n"
    "                      Asia/Shanghai for Tencent Cloud bills only, else UTC)\n"
    "  --amortize          refused (exit 2): alerts are about the balance, which pays\n"
    "                      charges as billed\n"
    "  --lang zh-CN|en     language of the text for people (default: the first of\n"
    "                      LC_ALL, LC_MESSAGES, LANG; zh... is Chinese, else English)\n"
    "\n"
    "Every account (docs/notify.md, \"Every account\"):\n"
    "  --all-accounts      each account with a balance, evaluated as with --account;\n"
    "                      its alerts go to its own routes (KIND=env:VAR or\n"
    "                      KIND=profile:NAME, registered with `runway accounts set`);\n"
    "                      accounts without a route are listed. No --webhook here\n"
    "  --label K=V         only accounts with this label (repeatable)\n"
    "  --shard K/N         only the accounts of shard K of N (as for runout); each\n"
    "                      shard keeps its own digest state\n"
    "  --jobs N            accounts evaluated at once (default: one per processor)\n"
    "  --digest KIND=URL|KIND=@PROFILE  the organisation's route: one message with\n"
    "                      every account's state (in arrears, below each threshold,\n"
    "                      ok; the most urgent named), sent when a state changed\n"
    "  --digest-always     send the digest even when no state changed\n"
    "  --config FILE       the credentials file of profile: routes and @PROFILE\n"
    "                      (default ~/.config/runway/tencent.json)\n"
    "  --format text|json  the run's summary (default text)\n"
    "WeCom and DingTalk robots take 20 messages a minute: more to one robot are\n"
    "deferred to the next run (reported, not a failure).\n"
    "\n"
    "Without --webhook the states are recorded and the messages printed; a change\n"
    "not delivered yet goes to the first webhook given later.\n"
    "Exit code 1 when any delivery failed (the state is kept and the message is\n"
    "retried on the next run). RUNWAY_NOW=EPOCH_SECONDS replaces the clock (tests).\n";

typedef struct args {
    rw_alert_options o;
    rw_notify_all_options n;
    cli_all all;
    rw_output fmt;
    int format_given;
} args;

static rw_status label(void *p, const char *text, rw_error *err)
{
    return cli_label_add(&((args *)p)->all.o.filter, text, err);
}

static rw_status format(void *p, const char *text, rw_error *err)
{
    args *a = p;
    a->format_given = 1;
    if (!strcmp(text, "text")) a->fmt = RW_OUT_TEXT;
    else if (!strcmp(text, "json")) a->fmt = RW_OUT_JSON;
    else return rw_error_set(err, RW_EINVAL, NULL, 0, "text or json");
    return RW_OK;
}

static rw_status webhook(void *p, const char *text, rw_error *err)
{
    args *a = p;
    if (a->o.nwebhooks == RW_MAX_WEBHOOKS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "at most %d webhooks", RW_MAX_WEBHOOKS);
    a->o.webhooks[a->o.nwebhooks++] = text;
    return RW_OK;
}

static rw_status cooldown(void *p, const char *text, rw_error *err)
{
    return rw_parse_duration(text, &((args *)p)->o.cooldown_s, err);
}

static const cli_flag flags[] = {
    CLI_FLAG_ACCOUNT("account", args, o.plan.sel.account),
    CLI_FLAG_STR("currency", args, o.plan.sel.currency),
    CLI_FLAG_STR(CLI_TZ_FLAG, args, o.plan.sel.tz),
    CLI_FLAG_SET("amortize", args, o.plan.sel.amortize), /* refused: as billed */
    CLI_FLAG_COUNT("seed", args, o.plan.seed, 0, INT64_MAX, "a non-negative integer"),
    CLI_FLAG_COUNT("paths", args, o.plan.npaths, 100, 100000, "a number between 100 and 100000"),
    CLI_FLAG_FN("metric", cli_sel_metric),
    CLI_FLAG_FN("webhook", webhook),
    CLI_FLAG_SET("dry-run", args, o.dry_run),
    CLI_FLAG_COUNT("runout-days", args, o.runout_days, 1, 365, "a number of days (1..365)"),
    CLI_FLAG_AMOUNT("budget", args, o.budget, CLI_POSITIVE, "the budget"),
    CLI_FLAG_STR("policy", args, o.policy),
    CLI_FLAG_AMOUNT("grace-hours", args, o.grace_hours, CLI_NONNEG, NULL),
    CLI_FLAG_AMOUNT("retention-days", args, o.retention_days, CLI_NONNEG, NULL),
    CLI_FLAG_FN("cooldown", cooldown),
    CLI_FLAG_COUNT("daily-limit", args, o.daily_limit, 1, 1000, "a number (1..1000)"),
    CLI_FLAG_COUNT("timeout", args, o.timeout_s, 1, 600, "seconds (1..600)"),
    CLI_FLAG_COUNT("retries", args, o.retries, 0, 10, "a number (0..10)"),
    CLI_FLAG_LANG(args, o.plan.lang),
    CLI_ALL_FLAGS(args, all, label),
    CLI_FLAG_STR("digest", args, n.digest),
    CLI_FLAG_SET("digest-always", args, n.digest_always),
    CLI_FLAG_STR("config", args, n.config),
    CLI_FLAG_FN("format", format),
    CLI_END,
};

static void init(void *p)
{
    args *a = p;
    rw_alert_options_init(&a->o);
    rw_notify_all_options_init(&a->n);
    rw_all_options_init(&a->all.o);
    a->fmt = RW_OUT_TEXT;
}

/* notify --all-accounts. */
static rw_status run_all(const rw_cli *cli, args *a, rw_error *err)
{
    rw_notify_all_result *r = NULL;
    a->n.all = a->all.o;
    rw_status st = rw_notify_all(cli->session, &a->o, &a->n, &r, err);
    if (r) {
        rw_error werr;
        rw_error_clear(&werr);
        rw_status ws = rw_notify_all_write(r, a->fmt, cli->quiet, cli->verbose, stdout, &werr);
        if (st == RW_OK && ws != RW_OK) {
            st = ws;
            *err = werr;
        }
    }
    rw_notify_all_result_free(r);
    return st;
}

static rw_status run(const rw_cli *cli, void *p, const cli_args *in, rw_error *err)
{
    args *a = p;
    rw_alert_run *r = NULL;
    (void)in;
    rw_status st = cli_now(&a->o.now, err);
    if (st == RW_OK) st = cli_all_check(&a->all, a->all.o.jobs != 0, err);
    if (st == RW_OK && a->all.all) return run_all(cli, a, err);
    if (st == RW_OK && (a->n.digest || a->n.digest_always || a->n.config || a->format_given))
        st = rw_error_set(err, RW_EINVAL, NULL, 0,
                          "--digest, --digest-always, --config and --format are for"
                          " --all-accounts");
    if (st == RW_OK) st = rw_alerts_run(cli->session, &a->o, &r, err);
    if (r) {
        rw_status ws = rw_alert_run_write(r, cli->quiet, cli->verbose, stdout,
                                          st == RW_OK ? err : NULL);
        if (st == RW_OK) st = ws;
    }
    rw_alert_run_free(r);
    return st;
}

const cli_command rw_cmd_notify_c = {"notify", usage, flags, sizeof(args), init, 0, 0, run};
