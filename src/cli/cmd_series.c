/* cmd_series.c: `runway series`: aggregated series from the store. */
#include <getopt.h>
#include <stdint.h>
#include <string.h>
#include "cli/cli.h"
#include "export/series_write.h"
#include "store/series_query.h"
#include "util/timeutil.h"

static const char usage[] =
    "usage: runway series [--by DIM] [--granularity G] [--metric M] [--from T] [--to T]\n"
    "                     [--currency C] [--account ID] [--format csv|json]\n"
    "\n"
    "Aggregates stored charges, access-log usage or series-file points into time\n"
    "series (UTC buckets). Output CSV header: series,timestamp,value.\n"
    "\n"
    "  --by DIM          service, account, billing-account, region, provider,\n"
    "                    category, tag:KEY; bucket or region for access-log\n"
    "                    metrics (default: one series named total)\n"
    "  --granularity G   hour, day (default), week (ISO, Monday), month\n"
    "  --metric M        cost (BilledCost, default), effective-cost, usage:UNIT\n"
    "                    (ConsumedQuantity in UNIT), requests, egress-bytes,\n"
    "                    storage-bytes (net change), points (series files)\n"
    "  --from T, --to T  date or ISO 8601 time; both inclusive (a date --to\n"
    "                    includes that whole day)\n"
    "  --currency C      only charges in currency C (otherwise series in several\n"
    "                    currencies are split and named \"NAME (CUR)\")\n"
    "  --account ID      only charges of this billing or sub-account\n"
    "  --format F        csv (default) or json\n"
    "\n"
    "A bucket with no records at all is a gap and is left out; within covered\n"
    "buckets a series without charges is 0.\n";

int rw_cmd_series(rw_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"by", required_argument, NULL, 'b'},     {"granularity", required_argument, NULL, 'g'},
        {"metric", required_argument, NULL, 'm'}, {"from", required_argument, NULL, 'F'},
        {"to", required_argument, NULL, 'T'},     {"currency", required_argument, NULL, 'c'},
        {"account", required_argument, NULL, 'a'}, {"format", required_argument, NULL, 'f'},
        RW_CLI_COMMON_OPTIONS,                    {NULL, 0, NULL, 0}};
    rw_series_query q = {RW_METRIC_COST, NULL, RW_BY_NONE, NULL, RW_GRAN_DAY,
                         INT64_MIN,      INT64_MAX, NULL, NULL};
    const char *metric_text = "cost";
    int json = 0, opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (rw_cli_common(cli, opt, optarg)) continue;
        switch (opt) {
        case 'b':
            if (rw_group_parse(optarg, &q.by, &q.tag_key) != RW_OK) {
                rw_cli_errorf("--by: unknown dimension '%s'", optarg);
                return rw_cli_usage_error(usage);
            }
            break;
        case 'g':
            if (rw_granularity_parse(optarg, &q.gran) != RW_OK) {
                rw_cli_errorf("--granularity: '%s' is not hour, day, week or month", optarg);
                return rw_cli_usage_error(usage);
            }
            break;
        case 'm':
            if (rw_metric_parse(optarg, &q.metric, &q.unit) != RW_OK) {
                rw_cli_errorf("--metric: unknown metric '%s'", optarg);
                return rw_cli_usage_error(usage);
            }
            metric_text = optarg;
            break;
        case 'F':
            if (!rw_cli_parse_time("--from", optarg, 0, &q.from)) return rw_cli_usage_error(usage);
            break;
        case 'T':
            if (!rw_cli_parse_time("--to", optarg, 1, &q.to)) return rw_cli_usage_error(usage);
            break;
        case 'c': q.currency = optarg; break;
        case 'a': q.account = optarg; break;
        case 'f':
            if (strcmp(optarg, "csv") && strcmp(optarg, "json")) {
                rw_cli_errorf("--format: '%s' is not csv or json", optarg);
                return rw_cli_usage_error(usage);
            }
            json = !strcmp(optarg, "json");
            break;
        case 'h': fputs(usage, stdout); return rw_cli_flush_stdout();
        default: return rw_cli_usage_error(usage);
        }
    }
    if (optind < argc) {
        rw_cli_errorf("series: unexpected argument '%s'", argv[optind]);
        return rw_cli_usage_error(usage);
    }
    rw_store *store = NULL;
    if (rw_cli_open_store(cli, &store) != RW_OK) return EXIT_RUNTIME;
    rw_series_set *set = NULL;
    rw_error err;
    rw_error_clear(&err);
    rw_status st = rw_series_query_run(store, &q, &set, &err);
    rw_store_close(store);
    if (st != RW_OK) {
        rw_cli_error(&err);
        return rw_cli_exit_code(st);
    }
    if (set->mixed_currency && !cli->quiet)
        rw_cli_errorf("note: charges are in several currencies; series are split per currency"
                      " (use --currency to pick one)");
    st = json ? rw_series_write_json(stdout, set, metric_text) : rw_series_write_csv(stdout, set);
    rw_series_set_free(set);
    return rw_cli_flush_stdout();
}
