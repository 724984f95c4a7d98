/* cmd_notify.c: `runway notify`: evaluates the alert rules (balance
 * thresholds, run-out, budget) on the latest data of the store and posts
 * one message per rule state change to chat webhooks, with reminders
 * limited by a cooldown and a daily limit (docs/notify.md).
 *
 * The numbers come from the functions `runout`, `thresholds` and `budget`
 * use (plan_common.h), so a message agrees with those commands. The state
 * machine lives in store/alerts.c, the payloads in net/webhook.c. All
 * decisions and deliveries of a run happen inside one write transaction,
 * so two runs at once cannot both send. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli/plan_common.h"
#include "net/webhook.h"
#include "plan/policy.h"
#include "store/alerts.h"
#include "store/balance.h"
#include "util/num.h"
#include "util/strutil.h"
#include "util/timeutil.h"

#define HORIZON_DAYS 365    /* run-out horizon, as `runout` */
#define THR_CONFIDENCE 0.95 /* as `thresholds` */
#define BUDGET_FIRE 0.5     /* forecast-over from this probability, as `budget` */
#define DEFAULT_RUNOUT_DAYS 7
#define DEFAULT_TIMEOUT_S 10
#define DEFAULT_RETRIES 2
#define MAX_RULES 3

static const char usage[] =
    "usage: runway notify [--webhook KIND=URL]... [--dry-run] [--account ID]\n"
    "                     [--runout-days N] [--budget AMOUNT] [--policy NAME|FILE]\n"
    "                     [--cooldown DURATION] [--daily-limit N] [--timeout S] [--retries N]\n"
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
    "\n"
    "Without --webhook the states are recorded and the messages printed; a change\n"
    "not delivered yet goes to the first webhook given later.\n"
    "Exit code 1 when any delivery failed (the state is kept and the message is\n"
    "retried on the next run). RUNWAY_NOW=EPOCH_SECONDS replaces the clock (tests).\n";

typedef struct notify_args {
    plan_config p;
    const char *policy;
    double grace, retention;
    int has_grace, has_retention;
    long runout_days;
    int has_budget;
    double budget;
    rw_alert_policy ap;
    int dry_run;
    rw_webhook hooks[RW_ALERT_MAX_TARGETS]; /* owned: rw_webhook_cleanup */
    size_t nhooks;
    long timeout_s;
    int retries;
    int64_t now;
} notify_args;

/* Parses "90s", "30m", "6h", "1d" or plain seconds. */
static int parse_duration(const char *flag, const char *text, int64_t *out)
{
    char num[32];
    size_t n = strlen(text);
    int64_t unit = 1, v;
    if (n == 0 || n >= sizeof num) goto bad;
    memcpy(num, text, n + 1);
    switch (num[n - 1]) {
    case 's': unit = 1; num[--n] = '\0'; break;
    case 'm': unit = 60; num[--n] = '\0'; break;
    case 'h': unit = 3600; num[--n] = '\0'; break;
    case 'd': unit = RW_DAY; num[--n] = '\0'; break;
    default: break;
    }
    if (rw_parse_int64(num, 0, INT64_MAX / RW_DAY, &v) != RW_OK) goto bad;
    *out = v * unit;
    return 1;
bad:
    rw_cli_errorf("%s: '%s' is not a duration (e.g. 90s, 30m, 6h, 1d)", flag, text);
    return 0;
}

static void args_cleanup(notify_args *a)
{
    for (size_t i = 0; i < a->nhooks; i++) rw_webhook_cleanup(&a->hooks[i]);
    a->nhooks = 0;
}

static int parse(rw_cli *cli, int argc, char **argv, notify_args *a)
{
    static const struct option longopts[] = {
        {"account", required_argument, NULL, 0x102}, {"currency", required_argument, NULL, 0x103},
        {"seed", required_argument, NULL, 0x105},    {"paths", required_argument, NULL, 0x106},
        {"metric", required_argument, NULL, 0x108},
        {"webhook", required_argument, NULL, 'w'},   {"dry-run", no_argument, NULL, 'n'},
        {"runout-days", required_argument, NULL, 'R'}, {"budget", required_argument, NULL, 'B'},
        {"policy", required_argument, NULL, 'P'},    {"grace-hours", required_argument, NULL, 'g'},
        {"retention-days", required_argument, NULL, 'r'},
        {"cooldown", required_argument, NULL, 'c'},  {"daily-limit", required_argument, NULL, 'l'},
        {"timeout", required_argument, NULL, 'T'},   {"retries", required_argument, NULL, 'x'},
        RW_CLI_COMMON_OPTIONS,
        {NULL, 0, NULL, 0}};
    int opt;
    int64_t v;
    rw_plan_init(&a->p, "text");
    a->policy = "generic";
    a->runout_days = DEFAULT_RUNOUT_DAYS;
    a->ap.cooldown_s = RW_ALERT_DEFAULT_COOLDOWN_S;
    a->ap.daily_limit = RW_ALERT_DEFAULT_DAILY_LIMIT;
    a->timeout_s = DEFAULT_TIMEOUT_S;
    a->retries = DEFAULT_RETRIES;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (rw_cli_common(cli, opt, optarg)) continue;
        int r = rw_plan_option(&a->p, opt, optarg);
        if (r < 0) return EXIT_USAGE;
        if (r) continue;
        switch (opt) {
        case 'w': {
            rw_error err;
            rw_error_clear(&err);
            if (a->nhooks == RW_ALERT_MAX_TARGETS) {
                rw_cli_errorf("--webhook: at most %d webhooks", RW_ALERT_MAX_TARGETS);
                return EXIT_USAGE;
            }
            rw_status st = rw_webhook_parse(optarg, &a->hooks[a->nhooks], &err);
            if (st != RW_OK) {
                rw_cli_error(&err);
                return rw_cli_exit_code(st);
            }
            a->nhooks++;
            break;
        }
        case 'n': a->dry_run = 1; break;
        case 'R':
            if (!rw_cli_parse_int("--runout-days", optarg, 1, HORIZON_DAYS,
                                  "a number of days (1..365)", &v))
                return EXIT_USAGE;
            a->runout_days = (long)v;
            break;
        case 'B':
            if (!rw_cli_parse_amount("--budget", optarg, &a->budget)) return EXIT_USAGE;
            if (!(a->budget > 0)) {
                rw_cli_errorf("--budget: the budget must be positive");
                return EXIT_USAGE;
            }
            a->has_budget = 1;
            break;
        case 'P': a->policy = optarg; break;
        case 'g':
        case 'r': {
            double d;
            const char *flag = opt == 'g' ? "--grace-hours" : "--retention-days";
            if (!rw_cli_parse_amount(flag, optarg, &d)) return EXIT_USAGE;
            if (d < 0) {
                rw_cli_errorf("%s: '%s' must not be negative", flag, optarg);
                return EXIT_USAGE;
            }
            if (opt == 'g') a->grace = d, a->has_grace = 1;
            else a->retention = d, a->has_retention = 1;
            break;
        }
        case 'c':
            if (!parse_duration("--cooldown", optarg, &a->ap.cooldown_s)) return EXIT_USAGE;
            break;
        case 'l':
            if (!rw_cli_parse_int("--daily-limit", optarg, 1, 1000, "a number (1..1000)", &v))
                return EXIT_USAGE;
            a->ap.daily_limit = (int)v;
            break;
        case 'T':
            if (!rw_cli_parse_int("--timeout", optarg, 1, 600, "seconds (1..600)", &v))
                return EXIT_USAGE;
            a->timeout_s = (long)v;
            break;
        case 'x':
            if (!rw_cli_parse_int("--retries", optarg, 0, 10, "a number (0..10)", &v))
                return EXIT_USAGE;
            a->retries = (int)v;
            break;
        case 'h': fputs(usage, stdout); return rw_cli_flush_stdout() ? EXIT_RUNTIME : -1;
        default: return rw_cli_usage_error(usage);
        }
    }
    if (optind < argc) {
        rw_cli_errorf("unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < a->nhooks; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(a->hooks[i].id, a->hooks[j].id)) {
                rw_cli_errorf("--webhook: the same %s webhook is given twice", a->hooks[i].target);
                return EXIT_USAGE;
            }
    const char *env = getenv("RUNWAY_NOW");
    if (env && *env) {
        if (rw_parse_int64(env, 0, INT64_MAX / 2, &a->now) != RW_OK) {
            rw_cli_errorf("RUNWAY_NOW: '%s' is not epoch seconds", env);
            return EXIT_USAGE;
        }
    } else {
        a->now = (int64_t)time(NULL);
    }
    return 0;
}

/* ---- evaluation ------------------------------------------------------------ */

/* Everything the rules and messages need, computed once. */
typedef struct evaluation {
    char account[128];     /* "" for the default account */
    char currency[4];
    char unit[8];          /* " CNY" or "" */
    double balance;        /* at the end of as_of */
    int64_t as_of;
    long days[3];          /* P10/P50/P90 run-out day after as-of, RW_RUNOUT_NONE */
    char runout[3][16];    /* their dates ("" for NONE) */
    int horizon;
    double within7, within14, within30;
    char deleted[32];      /* data deletion at the P50 run-out, "" when none */
    rw_policy pol;
    size_t nthr;           /* levels: blue, yellow, red (lead[3]/thr[3] may hold the
                            * run-out window's lead when it is none of 7, 3, 1) */
    size_t lead[4];
    double thr[4];
    double runout_thr;     /* the balance that lasts runout_days at 95% */
    int has_budget;
    double budget;
    plan_period pd;
    rw_budget b;
} evaluation;

static const char *const thr_names[] = {"blue", "yellow", "red"};

/* The account the balance belongs to: --account, else the only one. */
static int resolve_account(rw_cli *cli, const notify_args *a, evaluation *e)
{
    if (a->p.fc.q.account) {
        rw_str_copy(e->account, sizeof e->account, a->p.fc.q.account);
        return EXIT_OKAY;
    }
    rw_store *store = NULL;
    rw_error err;
    rw_error_clear(&err);
    if (rw_cli_open_store(cli, &store) != RW_OK) return EXIT_RUNTIME;
    rw_balance_row b;
    rw_status st = rw_store_balance_latest(store, NULL, &b, &err);
    rw_store_close(store);
    if (st == RW_ENOTFOUND) {
        rw_cli_errorf("no balance recorded: record one with `runway balance set` or by ingesting"
                      " a DescribeAccountBalance response");
        return EXIT_USAGE;
    }
    if (st != RW_OK) {
        rw_cli_error(&err);
        return st == RW_EINVAL ? EXIT_USAGE : rw_cli_exit_code(st);
    }
    rw_str_copy(e->account, sizeof e->account, b.account);
    return EXIT_OKAY;
}

static int evaluate(rw_cli *cli, notify_args *a, evaluation *e)
{
    rw_ts *ts = NULL;
    rw_scenarios *s = NULL;
    rw_runout ro = {0};
    plan_money m = {0};
    int rc;
    memset(e, 0, sizeof *e);
    if ((rc = rw_plan_policy(a->policy, a->has_grace ? a->grace : -1,
                             a->has_retention ? a->retention : -1, &e->pol)) != EXIT_OKAY)
        return rc;
    /* The account names the rules; the data are selected as `runout`
     * selects them (without --account: every charge, the only balance). */
    if ((rc = resolve_account(cli, a, e)) != EXIT_OKAY) return rc;
    if ((rc = rw_plan_load(cli, &a->p, &ts)) != EXIT_OKAY) goto out;
    int64_t as_of = INT64_MIN;
    rc = rw_plan_money(cli, &a->p, ts, 0, 0, NULL, 0, HORIZON_DAYS, &as_of, &m);
    if (rc != EXIT_OKAY) goto out;
    if ((rc = rw_plan_runout(&a->p, ts, as_of, &m, 0, HORIZON_DAYS, &s, &ro)) != EXIT_OKAY)
        goto out;
    e->as_of = as_of;
    e->balance = m.balance;
    rw_str_copy(e->currency, sizeof e->currency, m.currency);
    rw_plan_unit(e->currency, e->unit);
    e->horizon = (int)s->h;
    e->days[0] = ro.p10;
    e->days[1] = ro.p50;
    e->days[2] = ro.p90;
    for (int i = 0; i < 3; i++)
        if (e->days[i] != RW_RUNOUT_NONE)
            rw_plan_day(as_of + (int64_t)e->days[i] * RW_DAY, e->runout[i]);
    e->within7 = ro.within7;
    e->within14 = ro.within14;
    e->within30 = ro.within30;
    if (ro.p50 != RW_RUNOUT_NONE) {
        /* As `runout`: from the start of the run-out day, grace, then retention. */
        int64_t t = as_of + (int64_t)ro.p50 * RW_DAY +
                    (int64_t)llround(e->pol.grace_hours * 3600 + e->pol.retention_days * RW_DAY);
        rw_time_format_iso(t, e->deleted, sizeof e->deleted);
    }
    rw_runout_cleanup(&ro);
    rw_scenarios_free(s);
    s = NULL;

    /* Thresholds 7/3/1 days, and the run-out window's lead for its action. */
    plan_thresholds t;
    memset(&t, 0, sizeof t);
    t.conf = THR_CONFIDENCE;
    t.n = 3;
    t.lead[0] = 7;
    t.lead[1] = 3;
    t.lead[2] = 1;
    size_t rlead = 0;
    while (rlead < t.n && t.lead[rlead] != (size_t)a->runout_days) rlead++;
    if (rlead == t.n) t.lead[t.n++] = (size_t)a->runout_days;
    if ((rc = rw_plan_thresholds(&a->p, ts, as_of, 0, 0, 0, 1, &t, &s)) != EXIT_OKAY) goto out;
    rw_scenarios_free(s);
    s = NULL;
    e->nthr = 3;
    for (size_t i = 0; i < t.n; i++) {
        e->lead[i] = t.lead[i];
        e->thr[i] = t.x[i];
    }
    e->runout_thr = t.x[rlead];

    if (a->has_budget) {
        static const double pct[] = {100};
        e->has_budget = 1;
        e->budget = a->budget;
        rc = rw_plan_budget(&a->p, ts, as_of, INT64_MIN, 0, a->budget, pct, 1, BUDGET_FIRE,
                            &e->pd, &e->b, &s);
        if (rc != EXIT_OKAY) goto out;
    }
out:
    rw_runout_cleanup(&ro);
    rw_scenarios_free(s);
    rw_ts_free(ts);
    free(m.flows);
    return rc;
}

/* ---- rules ------------------------------------------------------------------ */

typedef struct rule {
    const char *name;      /* threshold | runout | budget */
    char id[200];          /* alert_state key */
    const char *state;     /* evaluated */
    char title[256];
    char detail[400];
    char action[300];      /* for a non-ok state */
} rule;

/* Money needed to bring the balance up to `target`, rounded up to cents. */
static double shortfall(double balance, double target)
{
    double x = target - balance;
    return x > 0 ? ceil(x * 100 - 1e-9) / 100 : 0;
}

static void rule_threshold(const evaluation *e, rule *r)
{
    int which;
    r->state = rw_alert_threshold_state(e->balance, e->thr, thr_names, e->nthr, &which);
    const char *u = e->unit;
    snprintf(r->detail, sizeof r->detail,
             "thresholds at %.0f%% confidence: blue %.2f (%zu d), yellow %.2f (%zu d), red %.2f"
             " (%zu d)", 100 * THR_CONFIDENCE, e->thr[0], e->lead[0], e->thr[1], e->lead[1],
             e->thr[2], e->lead[2]);
    if (which >= 0)
        snprintf(r->title, sizeof r->title,
                 "balance %.2f%s is below the %s threshold %.2f: it may not last %zu day%s",
                 e->balance, u, thr_names[which], e->thr[which], e->lead[which],
                 e->lead[which] == 1 ? "" : "s");
    else
        snprintf(r->title, sizeof r->title, "balance %.2f%s is above the blue threshold %.2f",
                 e->balance, u, e->thr[0]);
    snprintf(r->action, sizeof r->action,
             "top up at least %.2f%s to reach the blue threshold (%.2f: %zu days at %.0f%%)",
             shortfall(e->balance, e->thr[0]), u, e->thr[0], e->lead[0], 100 * THR_CONFIDENCE);
}

static void rule_runout(const evaluation *e, long days, rule *r)
{
    r->state = rw_alert_runout_state(e->days[1], days);
    snprintf(r->detail, sizeof r->detail,
             "chance of running out: %.0f%% within 7 days, %.0f%% within 14, %.0f%% within 30",
             100 * e->within7, 100 * e->within14, 100 * e->within30);
    if (!strcmp(r->state, "soon"))
        snprintf(r->title, sizeof r->title, "the balance runs out within %ld day%s (P50 %s)", days,
                 days == 1 ? "" : "s", e->runout[1]);
    else if (e->days[1] != RW_RUNOUT_NONE)
        snprintf(r->title, sizeof r->title, "the P50 run-out (%s) is more than %ld day%s away",
                 e->runout[1], days, days == 1 ? "" : "s");
    else
        snprintf(r->title, sizeof r->title, "the balance lasts beyond %d days (P50)", e->horizon);
    double x = shortfall(e->balance, e->runout_thr);
    snprintf(r->action, sizeof r->action,
             "top up at least %.2f%s to last %ld day%s (at %.0f%% confidence)", x > 0 ? x : 0.01,
             e->unit, days, days == 1 ? "" : "s", 100 * THR_CONFIDENCE);
}

static void rule_budget(const evaluation *e, rule *r)
{
    const plan_period *pd = &e->pd;
    const rw_budget *b = &e->b;
    char from[16], to[16];
    rw_plan_day(pd->from, from);
    rw_plan_day(pd->to, to);
    r->state = rw_alert_budget_state(pd->spent, e->budget, b->p_exceed, BUDGET_FIRE);
    snprintf(r->detail, sizeof r->detail,
             "budget %.2f%s for %s .. %s: spent %.2f so far, forecast total %.2f (P10 %.2f, P90"
             " %.2f), %.0f%% chance of going over", e->budget, e->unit, from, to, pd->spent,
             b->mean, b->p10, b->p90, 100 * b->p_exceed);
    /* Days of the period after as-of. */
    int64_t first = pd->as_of + RW_DAY > pd->from ? pd->as_of + RW_DAY : pd->from;
    long left = pd->to >= first ? (long)((pd->to - first) / RW_DAY) + 1 : 0;
    if (!strcmp(r->state, "over")) {
        snprintf(r->title, sizeof r->title, "spend %.2f%s in %s .. %s is over the budget %.2f",
                 pd->spent, e->unit, from, to, e->budget);
        snprintf(r->action, sizeof r->action,
                 "raise the budget or cut spend: the period is forecast to total %.2f%s",
                 b->mean, e->unit);
    } else if (!strcmp(r->state, "forecast-over")) {
        snprintf(r->title, sizeof r->title,
                 "spend in %s .. %s will likely exceed the budget %.2f%s (%.0f%% chance)", from, to,
                 e->budget, e->unit, 100 * b->p_exceed);
        if (left > 0)
            snprintf(r->action, sizeof r->action,
                     "cut spend by about %.2f%s a day over the remaining %ld day%s, or raise the"
                     " budget", shortfall(e->budget, b->mean) / (double)left, e->unit, left,
                     left == 1 ? "" : "s");
        else
            snprintf(r->action, sizeof r->action, "raise the budget or cut spend");
    } else {
        snprintf(r->title, sizeof r->title,
                 "spend in %s .. %s is forecast within the budget %.2f%s (%.0f%% chance of going"
                 " over)", from, to, e->budget, e->unit, 100 * b->p_exceed);
        snprintf(r->action, sizeof r->action, "none");
    }
}

static void rule_id(rule *r, const char *account)
{
    if (account[0]) snprintf(r->id, sizeof r->id, "%s:%s", r->name, account);
    else snprintf(r->id, sizeof r->id, "%s", r->name);
}

/* ---- delivery ------------------------------------------------------------------ */

/* The message about rule r for the row as it will be stored. */
static void make_msg(const evaluation *e, const rule *r, const rw_alert_row *row,
                     rw_alert_event kind, int64_t now, char as_of[16], rw_alert_msg *m)
{
    rw_plan_day(e->as_of, as_of);
    memset(m, 0, sizeof *m);
    m->rule = r->name;
    m->rule_id = r->id;
    m->account = e->account;
    m->event = kind == RW_ALERT_NONE ? "none" : rw_alert_event_name(kind);
    m->state = row->state;
    m->previous_state = row->previous;
    m->level = rw_alert_level(row->state);
    m->title = r->title;
    m->balance = e->balance;
    m->currency = e->currency;
    m->as_of = as_of;
    for (int i = 0; i < 3; i++) m->runout[i] = e->days[i] != RW_RUNOUT_NONE ? e->runout[i] : NULL;
    m->horizon_days = e->horizon;
    m->data_deleted_from = e->deleted[0] ? e->deleted : NULL;
    m->policy = e->pol.name;
    m->detail = r->detail;
    m->action = strcmp(row->state, "ok") ? r->action : "none needed";
    m->since = row->since;
    m->at = now;
}

typedef struct run_totals {
    size_t sent, failed;                /* deliveries of this run */
    int down[RW_ALERT_MAX_TARGETS];     /* webhook i had a network error: not tried again */
} run_totals;

/* Prints text with each line prefixed by "  | ". */
static void print_quoted(const char *text)
{
    for (const char *line = text; line && *line;) {
        const char *nl = strchr(line, '\n');
        int n = nl ? (int)(nl - line) : (int)strlen(line);
        printf("  | %.*s\n", n, line);
        line = nl ? nl + 1 : NULL;
    }
}

/* Prints what would be sent about one rule (dry-run). */
static int preview(const notify_args *a, const rw_alert_decision *d, const rw_alert_msg *m)
{
    for (size_t i = 0; i < d->nsend; i++) {
        const rw_webhook *w = &a->hooks[d->send[i]];
        char *body = NULL;
        rw_error err;
        rw_error_clear(&err);
        rw_status st = rw_webhook_payload(w->kind, m, &body, &err);
        if (st != RW_OK) {
            rw_cli_error(&err);
            return rw_cli_exit_code(st);
        }
        printf("  to %s: %s\n", w->target, body);
        free(body);
    }
    return EXIT_OKAY;
}

/* Delivers one rule's message to the decision's webhooks, logging each
 * attempt and recording acceptances in *row. *nok counts the webhooks that
 * accepted; failed lists the others' targets. Returns an exit code for
 * store errors only. */
static int deliver(const notify_args *a, rw_store *store, const rule *r, rw_alert_row *row,
                   const rw_alert_decision *d, const rw_alert_msg *m, const char *plain,
                   size_t *nok, run_totals *tot, char *failed, size_t failed_size)
{
    rw_http_opts o;
    rw_http_opts_default(&o);
    o.timeout_s = a->timeout_s;
    o.max_retries = a->retries;
    *nok = 0;
    failed[0] = '\0';
    for (size_t i = 0; i < d->nsend; i++) {
        const rw_webhook *w = &a->hooks[d->send[i]];
        char *body = NULL, *logmsg = NULL;
        rw_error err;
        rw_error_clear(&err);
        long status = 0;
        int attempts = 0;
        rw_status st;
        if (tot->down[d->send[i]]) {
            /* Unreachable a moment ago: not worth another wait. */
            st = rw_error_set(&err, RW_ENET, NULL, 0,
                              "webhook %s: not tried, unreachable earlier in this run", w->target);
        } else {
            st = rw_webhook_payload(w->kind, m, &body, &err);
            if (st == RW_OK)
                st = rw_webhook_send(w, body, a->now * 1000, &o, &status, &attempts, &err);
            if (st == RW_ENET) tot->down[d->send[i]] = 1;
        }
        free(body);
        rw_alert_delivered(row, w->id, st == RW_OK, a->now);
        size_t len = strlen(plain) + sizeof err.text + 32;
        if (!(logmsg = malloc(len))) {
            rw_cli_errorf("out of memory");
            return EXIT_RUNTIME;
        }
        if (st == RW_OK) {
            (*nok)++;
            tot->sent++;
            snprintf(logmsg, len, "%s", plain);
        } else {
            tot->failed++;
            rw_cli_errorf("%s; %s (%s) will be retried on the next run", err.text, r->id,
                          row->state);
            snprintf(logmsg, len, "%s\n[failed: %s]", plain, err.text);
            size_t fl = strlen(failed);
            snprintf(failed + fl, failed_size - fl, "%s%s", fl ? ", " : "", w->target);
        }
        rw_error lerr;
        rw_error_clear(&lerr);
        rw_status ls = rw_alert_log(store, a->now, r->id, row->state, w->target,
                                    st == RW_OK ? "sent" : "failed", logmsg, &lerr);
        free(logmsg);
        if (ls != RW_OK) {
            rw_cli_error(&lerr);
            return rw_cli_exit_code(ls);
        }
    }
    return EXIT_OKAY;
}

/* Decides, delivers (or previews) and records one rule. */
static int process_rule(const rw_cli *cli, const notify_args *a, rw_store *store,
                        const evaluation *e, const rule *r, const char *const *ids,
                        run_totals *tot)
{
    rw_alert_row old, row;
    int found = 0, rc = EXIT_OKAY;
    char *plain = NULL, *evaljson = NULL;
    rw_error err;
    rw_error_clear(&err);
    memset(&row, 0, sizeof row);
    rw_status st = rw_alert_load(store, r->id, &old, &found, &err);
    if (st != RW_OK) {
        rw_cli_error(&err);
        return rw_cli_exit_code(st);
    }
    rw_alert_decision d =
        rw_alert_decide(found ? &old : NULL, r->state, a->now, &a->ap, ids, a->nhooks);
    rw_alert_apply(found ? &old : NULL, r->id, r->state, a->now, &d, ids, a->nhooks, &row);
    char as_of[16];
    rw_alert_msg m;
    make_msg(e, r, &row, d.kind, a->now, as_of, &m);
    if ((st = rw_alert_text(&m, RW_TEXT_PLAIN, &plain, &err)) != RW_OK ||
        (st = rw_webhook_payload(RW_WEBHOOK_JSON, &m, &evaljson, &err)) != RW_OK) {
        rw_cli_error(&err);
        rc = rw_cli_exit_code(st);
        goto out;
    }
    char head[300];
    if (d.event == RW_ALERT_CHANGE || d.event == RW_ALERT_RESOLVED)
        snprintf(head, sizeof head, "%s: %s (was %s)", r->id, row.state, row.previous);
    else
        snprintf(head, sizeof head, "%s: %s", r->id, row.state);

    if (d.event == RW_ALERT_NONE) {
        int64_t next = rw_alert_next_repeat(&row, a->now, &a->ap);
        char when[32];
        if (next != RW_ALERT_NEVER) rw_time_format_iso(next, when, sizeof when);
        if (!cli->quiet || a->dry_run) {
            if (next != RW_ALERT_NEVER)
                printf("%s: %s, next reminder from %s\n", head, d.why, when);
            else
                printf("%s: %s, nothing to send\n", head, d.why);
            if (cli->verbose) print_quoted(plain);
        }
    } else if (a->dry_run) {
        if (a->nhooks == 0)
            printf("%s: would send %s (%s; no --webhook given)\n", head,
                   rw_alert_event_name(d.kind), d.why);
        else
            printf("%s: would send %s (%s) to %zu webhook%s\n", head, rw_alert_event_name(d.kind),
                   d.why, d.nsend, d.nsend == 1 ? "" : "s");
        if (a->nhooks == 0 || cli->verbose) print_quoted(plain);
        rc = preview(a, &d, &m);
    } else if (a->nhooks == 0) {
        /* Recorded undelivered: the first webhook given later gets it. */
        if (!cli->quiet) {
            printf("%s: %s not sent (no --webhook given; kept until one is)\n", head,
                   rw_alert_event_name(d.kind));
            if (d.event != RW_ALERT_RETRY || cli->verbose) print_quoted(plain);
        }
    } else {
        size_t nok = 0;
        char failed[600];
        rc = deliver(a, store, r, &row, &d, &m, plain, &nok, tot, failed, sizeof failed);
        if (rc == EXIT_OKAY && !cli->quiet) {
            printf("%s: %s sent to %zu of %zu webhook%s", head, rw_alert_event_name(d.kind), nok,
                   d.nsend, d.nsend == 1 ? "" : "s");
            if (failed[0]) printf(" (failed: %s; retried on the next run)", failed);
            putchar('\n');
            if (cli->verbose) print_quoted(plain);
        }
    }
    if (rc == EXIT_OKAY && !a->dry_run) {
        row.evaluation = evaljson;
        st = rw_alert_save(store, &row, &err);
        row.evaluation = NULL;
        if (st != RW_OK) {
            rw_cli_error(&err);
            rc = rw_cli_exit_code(st);
        }
    }
out:
    rw_alert_row_cleanup(&old);
    free(plain);
    free(evaljson);
    return rc;
}

int rw_cmd_notify(rw_cli *cli, int argc, char **argv)
{
    notify_args *a = calloc(1, sizeof *a);
    evaluation *e = calloc(1, sizeof *e);
    rule rules[MAX_RULES];
    size_t nrules = 0;
    rw_store *store = NULL;
    int in_tx = 0, rc;
    run_totals tot;
    rw_error err;
    rw_error_clear(&err);
    memset(&tot, 0, sizeof tot);
    if (!a || !e) {
        rw_cli_errorf("out of memory");
        rc = EXIT_RUNTIME;
        goto out;
    }
    if ((rc = parse(cli, argc, argv, a)) != 0) goto out;
    if ((rc = evaluate(cli, a, e)) != EXIT_OKAY) goto out;

    memset(rules, 0, sizeof rules);
    rules[nrules].name = "threshold";
    rule_threshold(e, &rules[nrules++]);
    rules[nrules].name = "runout";
    rule_runout(e, a->runout_days, &rules[nrules++]);
    if (e->has_budget) {
        rules[nrules].name = "budget";
        rule_budget(e, &rules[nrules++]);
    }
    for (size_t i = 0; i < nrules; i++) rule_id(&rules[i], e->account);

    const char *ids[RW_ALERT_MAX_TARGETS];
    for (size_t i = 0; i < a->nhooks; i++) ids[i] = a->hooks[i].id;
    if (rw_cli_open_store(cli, &store) != RW_OK) {
        rc = EXIT_RUNTIME;
        goto out;
    }
    /* One write transaction for decisions, deliveries and records: a
     * concurrent run waits, then sees this run's states. */
    if (!a->dry_run) {
        rw_status st = rw_store_write_begin(store, &err);
        if (st != RW_OK) {
            rw_cli_error(&err);
            rc = rw_cli_exit_code(st);
            goto out;
        }
        in_tx = 1;
    }
    for (size_t i = 0; i < nrules && rc == EXIT_OKAY; i++)
        rc = process_rule(cli, a, store, e, &rules[i], ids, &tot);
    if (in_tx) {
        rw_status st = RW_OK;
        if (rc == EXIT_OKAY) st = rw_store_write_commit(store, &err);
        else rw_store_write_rollback(store);
        in_tx = 0;
        if (st != RW_OK) {
            rw_cli_error(&err);
            if (rc == EXIT_OKAY) rc = rw_cli_exit_code(st);
        }
    }
    if (rc == EXIT_OKAY && tot.failed) {
        rw_cli_errorf("%zu of %zu deliveries failed", tot.failed, tot.failed + tot.sent);
        rc = EXIT_RUNTIME;
    }
    if (rc == EXIT_OKAY) rc = rw_cli_flush_stdout();
    else rw_cli_flush_stdout();
out:
    if (in_tx) rw_store_write_rollback(store);
    rw_store_close(store);
    if (a) args_cleanup(a);
    free(a);
    free(e);
    return rc < 0 ? EXIT_OKAY : rc;
}
