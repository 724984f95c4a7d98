/* cmd_anomalies.c: `runway anomalies`: days or hours outside the interval
 * of the forecast made before them, with what moved most on that day. */
#include <string.h>
#include "cli/cli.h"

static const char usage[] =
    "usage: runway anomalies [--input FILE] [--series ID] [--last N] [--step N]\n"
    "                        [--level L] [--attribute DIM]... [--seed S] [--jobs N]\n"
    "                        [--format text|json|csv]\n"
    "                        [store selection: --by DIM --metric M --granularity G\n"
    "                         --from T --to T --currency C --account ID --tz ZONE\n"
    "                         --amortize]\n"
    "       runway anomalies --all-accounts [--label K=V]... [--shard K/N] [--jobs N]\n"
    "                        [the flags above but --input and --account]\n"
    "\n"
    "Lists the days (or hours) of the last N whose value fell outside the\n"
    "interval of the forecast made before them, with the service, account,\n"
    "region or tag value that moved most on that day. Reads a series file\n"
    "(series,timestamp,value) with --input, or aggregates the store like\n"
    "`runway series` does (default: total daily cost).\n"
    "\n"
    "  --last N        steps examined at the end of each series (default 30 days,\n"
    "                  168 hours, 13 weeks, 6 months); at most the history allows\n"
    "  --step N        steps between forecast origins, each forecasting N steps\n"
    "                  (default 1; 24 for hourly data)\n"
    "  --level L       interval level in percent, 51..99 (default 99)\n"
    "  --attribute DIM a dimension to attribute anomalies to, added to the\n"
    "                  default service, account and region (repeatable):\n"
    "                  tag:KEY, billing-account, provider, category; none: no\n"
    "                  attribution (store only, total series only)\n"
    "  --seed S        random seed of the sample paths (default 42)\n"
    "  --jobs N        forecasts made in parallel (default: one per processor)\n"
    "  --tz ZONE       time zone of days, weeks and months: an IANA name\n"
    "                  (Asia/Shanghai), UTC or +08:00 (default: RUNWAY_TZ, else\n"
    "                  Asia/Shanghai for Tencent Cloud bills only, else UTC)\n"
    "  --amortize      charges spread over their charge periods, as for series (a\n"
    "                  monthly fee is then no spike on the 1st)\n"

    "  --format F      text (default): one line per anomaly; json; csv:\n"
    "                  series,timestamp,value,expected,lo,hi,direction,excess,\n"
    "                  dimension,dim_value,deviation\n"
    "  --all-accounts  every account with a balance, the same question per account\n"
    "                  (--jobs: accounts at once); ranked: the most anomalies first,\n"
    "                  then the latest. text and csv: one line per account with the\n"
    "                  count and the latest anomaly; json: an array of {\"account\",\n"
    "                  \"name\", \"labels\", the fields of one account}; an account that\n"
    "                  fails has \"error\" (exit 1)\n"
    "  --label K=V     only accounts with this label (repeatable)\n"
    "  --shard K/N     only the accounts of shard K of N, as for `runway runout`\n"
    "\n"
    "The first 28 days (96 hours, 13 weeks, 12 months) of a series are only\n"
    "history. Exit status 0 whether anomalies were found or not.\n";

typedef struct args {
    rw_anomaly_options o;
    char currency[4];
    rw_output fmt;
    cli_all all;
} args;

static rw_status label(void *p, const char *text, rw_error *err)
{
    return cli_label_add(&((args *)p)->all.o.filter, text, err);
}

static rw_status currency(void *p, const char *text, rw_error *err)
{
    args *a = p;
    a->o.sel.currency = a->currency;
    return rw_parse_currency(text, a->currency, err);
}

static rw_status level(void *p, const char *text, rw_error *err)
{
    args *a = p;
    if (rw_parse_amount(text, &a->o.level, NULL) == RW_OK && a->o.level >= 51 && a->o.level <= 99)
        return RW_OK;
    return rw_error_set(err, RW_EINVAL, NULL, 0, "'%s' is not a percentage between 51 and 99",
                        text);
}

static rw_status attribute(void *p, const char *text, rw_error *err)
{
    args *a = p;
    if (!strcmp(text, "none")) {
        a->o.attribute = 0;
        return RW_OK;
    }
    if (a->o.nattributes == RW_MAX_ATTRIBUTES)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "at most %d dimensions", RW_MAX_ATTRIBUTES);
    a->o.attributes[a->o.nattributes++] = text;
    return RW_OK;
}

static const cli_flag flags[] = {
    CLI_FLAG_FN("by", cli_sel_by),
    CLI_FLAG_FN("metric", cli_sel_metric),
    CLI_FLAG_FN("granularity", cli_sel_granularity),
    CLI_FLAG_WHEN("from", args, o.sel.from),
    CLI_FLAG_WHEN_END("to", args, o.sel.to),
    CLI_FLAG_ACCOUNT("account", args, o.sel.account),
    CLI_FLAG_STR(CLI_TZ_FLAG, args, o.sel.tz),
    CLI_FLAG_SET("amortize", args, o.sel.amortize),
    CLI_FLAG_FN("currency", currency),
    CLI_FLAG_STR("input", args, o.sel.input),
    CLI_FLAG_STR("series", args, o.sel.series),
    CLI_FLAG_COUNT("last", args, o.last, 1, 100000, "a number of steps (1..100000)"),
    CLI_FLAG_COUNT("step", args, o.step, 1, 100000, "a number of steps (1..100000)"),
    CLI_FLAG_FN("level", level),
    CLI_FLAG_FN("attribute", attribute),
    CLI_FLAG_COUNT("seed", args, o.seed, 0, INT64_MAX, "a non-negative integer"),
    CLI_FLAG_COUNT("jobs", args, o.jobs, 1, 64, "a thread count between 1 and 64"),
    CLI_FLAG_OUTPUT(args, fmt, "text|json|csv"),
    CLI_FLAG_SET("all-accounts", args, all.all),
    CLI_FLAG_FN("label", label),
    CLI_FLAG_STR("shard", args, all.shard),
    CLI_END,
};

static void init(void *p)
{
    args *a = p;
    rw_anomaly_options_init(&a->o);
    rw_all_options_init(&a->all.o);
    a->fmt = RW_OUT_TEXT;
}

static rw_status run(const rw_cli *cli, void *p, const cli_args *in, rw_error *err)
{
    args *a = p;
    rw_anomaly_set *r = NULL;
    (void)in;
    rw_status st = cli_all_check(&a->all, 0, err);
    if (st != RW_OK) return st;
    if (a->all.all) {
        rw_account_results *all = NULL;
        a->all.o.jobs = a->o.jobs;
        cli_all_progress(cli, &a->all);
        st = rw_anomalies_all(cli->session, &a->o, &a->all.o, &all, err);
        return cli_all_finish(st, all, a->fmt, err);
    }
    st = rw_anomalies_find(cli->session, &a->o, &r, err);
    if (r) {
        rw_status ws = rw_anomaly_set_write(r, a->fmt, stdout, st == RW_OK ? err : NULL);
        if (st == RW_OK) st = ws;
    }
    rw_anomaly_set_free(r);
    return st;
}

const cli_command rw_cmd_anomalies_c = {"anomalies", usage, flags, sizeof(args), init, 0, 0, run};
