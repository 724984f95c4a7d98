/* cmd_series.c: `runway series`: aggregated series from the store. */
#include "cli/cli.h"

static const char usage[] =
    "usage: runway series [--by DIM] [--granularity G] [--metric M] [--from T] [--to T]\n"
    "                     [--currency C] [--account ID] [--tz ZONE] [--amortize]\n"
    "                     [--format csv|json]\n"
    "\n"
    "Aggregates stored charges, access-log usage or series-file points into time\n"
    "series (buckets of the reporting time zone, --tz). Output CSV header:\n"
    "series,timestamp,value; hours carry the zone's offset (2024-09-01T13:00:00+08:00).\n"
    "\n"
    "  --by DIM          service, account, billing-account, region, provider,\n"
    "                    category, tag:KEY; bucket or region for access-log\n"
    "                    metrics (default: one series named total)\n"
    "  --granularity G   hour, day (default), week (ISO, Monday), month\n"
    "  --metric M        cost (BilledCost, default), effective-cost, drawn (what\n"
    "                    the balance paid: cash + gift + transfer, no vouchers),\n"
    "                    usage:UNIT (ConsumedQuantity in UNIT), requests, egress-bytes,\n"
    "                    storage-bytes (net change), points (series files)\n"
    "  --from T, --to T  date or ISO 8601 time; both inclusive (a date --to\n"
    "                    includes that whole day)\n"
    "  --currency C      only charges in currency C (otherwise series in several\n"
    "                    currencies are split and named \"NAME (CUR)\")\n"
    "  --account ID      only charges of this billing or sub-account\n"
    "  --tz ZONE         time zone of days, weeks and months: an IANA name\n"
    "                    (Asia/Shanghai), UTC or +08:00 (default: RUNWAY_TZ, else\n"
    "                    Asia/Shanghai for Tencent Cloud bills only, else UTC)\n"
    "  --amortize        spread each charge over its charge period (a monthly or\n"
    "                    yearly purchase: an equal share per second of the period)\n"
    "                    instead of booking it on its first day; only up to the\n"
    "                    end of the data and --to (JSON: \"deferred\" is the rest)\n"

    "  --format F        csv (default) or json\n"
    "\n"
    "A bucket with no records at all is a gap and is left out; within covered\n"
    "buckets a series without charges is 0.\n";

typedef struct args {
    rw_selection sel;
    rw_output fmt;
} args;

static const cli_flag flags[] = {
    CLI_SELECTION_FLAGS(args, sel),
    CLI_FLAG_OUTPUT(args, fmt, "csv|json"),
    CLI_END,
};

static void init(void *p)
{
    args *a = p;
    rw_selection_init(&a->sel);
    a->fmt = RW_OUT_CSV;
}

static rw_status run(const rw_cli *cli, void *p, const cli_args *in, rw_error *err)
{
    args *a = p;
    rw_series_set *set = NULL;
    (void)in;
    rw_status st = rw_series_select(cli->session, &a->sel, &set, err);
    if (st == RW_OK) st = rw_series_write(set, &a->sel, a->fmt == RW_OUT_JSON, stdout, err);
    rw_series_set_free(set);
    return st;
}

const cli_command rw_cmd_series_c = {"series", usage, flags, sizeof(args), init, 0, 1, run};
