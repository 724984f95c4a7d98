/* cmd_ingest.c: `runway ingest`: files into the store, with a summary. */
#include <getopt.h>
#include <jansson.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/progress.h"
#include "export/series_write.h"
#include "app/ingest_file.h"
#include "util/num.h"
#include "util/timeutil.h"

static const char usage[] =
    "usage: runway ingest [--format FMT] [--account ID] [--strict] [--tz OFFSET]\n"
    "                     [--summary text|json] FILE...\n"
    "\n"
    "Reads bills, usage logs, balance responses or series files into the store.\n"
    "FILE may be gzip-compressed or '-' for stdin. Re-ingesting content that is\n"
    "already stored adds nothing. Rows that cannot be used are rejected with their\n"
    "file:line and reason (see `runway rejects`); the rest of the file is kept.\n"
    "\n"
    "  --format FMT    auto (default), focus, tencent-bill, tencent-api, aws-cur,\n"
    "                  cos-log, s3-log, series\n"
    "  --account ID    billing account to record where the input has none\n"
    "  --strict        stop at the first bad row (exit 65); with several files,\n"
    "                  nothing from any of them is stored\n"
    "  --tz OFFSET     zone of timestamps that carry none, e.g. +08:00 or Z\n"
    "                  (default: UTC; +08:00 for Tencent Cloud bills)\n"
    "  --summary FMT   summary as text (default) or json on stdout\n";

/* Parses "+08:00", "-0530", "Z", "UTC" into seconds east of UTC. */
static int parse_tz(const char *s, int64_t *out)
{
    if (!strcmp(s, "Z") || !strcmp(s, "UTC") || !strcmp(s, "utc")) {
        *out = 0;
        return 1;
    }
    int64_t t;
    char buf[40];
    snprintf(buf, sizeof buf, "2000-01-01T00:00:00%s", s);
    if (rw_time_parse(buf, strlen(buf), 0, &t) != RW_OK || strlen(s) < 3) return 0;
    *out = rw_days_from_civil(2000, 1, 1) * RW_DAY - t;
    return 1;
}

static void print_text(const rw_ingest_report *r, int verbose)
{
    if (r->duplicate) {
        printf("%s: already ingested (%s), nothing added\n", r->path, rw_format_name(r->format));
        return;
    }
    printf("%s: %s, %ld rows: %ld accepted, %ld rejected\n", r->path, rw_format_name(r->format),
           r->rows, r->rows - r->rejected, r->rejected);
    if (r->charges) {
        char a[32], b[32];
        rw_time_format_bucket(r->first, RW_GRAN_DAY, a, sizeof a);
        rw_time_format_bucket(r->last, RW_GRAN_DAY, b, sizeof b);
        printf("  %ld charges from %s to %s\n", r->charges, a, b);
    }
    for (int i = 0; i < r->ncurrencies; i++) {
        char amount[64];
        rw_format_value(rw_ksum_value(&r->totals[i].billed), amount, sizeof amount);
        printf("  billed %s %s (%ld charges)\n", r->totals[i].code, amount, r->totals[i].charges);
    }
    if (r->more_currencies) printf("  (more currencies than shown)\n");
    if (r->usage_records) printf("  %ld requests summed into hourly usage\n", r->usage_records);
    if (r->balances) printf("  %ld balance snapshot(s)\n", r->balances);
    if (r->points) printf("  %ld series points\n", r->points);
    int show = verbose ? r->nsamples : (r->nsamples < 3 ? r->nsamples : 3);
    for (int i = 0; i < show; i++)
        printf("  rejected %s:%ld: %s\n", r->path, r->samples[i].line, r->samples[i].reason);
    if (r->rejected > show)
        printf("  ... %ld more rejected rows: runway rejects --path %s\n", r->rejected - show,
               r->path);
}

static json_t *report_json(const rw_ingest_report *r, rw_status st, const rw_error *err)
{
    json_t *o = json_object();
    json_object_set_new(o, "path", json_string(r->path));
    json_object_set_new(o, "format", json_string(rw_format_name(r->format)));
    json_object_set_new(o, "status", json_string(st == RW_OK ? "ok" : rw_strerror(st)));
    if (st != RW_OK) {
        char msg[1024];
        rw_error_format(err, msg, sizeof msg);
        json_object_set_new(o, "error", json_string(msg));
    }
    json_object_set_new(o, "duplicate", json_boolean(r->duplicate));
    if (r->sha256[0]) json_object_set_new(o, "sha256", json_string(r->sha256));
    json_object_set_new(o, "rows", json_integer(r->rows));
    json_object_set_new(o, "accepted", json_integer(r->rows - r->rejected));
    json_object_set_new(o, "rejected", json_integer(r->rejected));
    json_object_set_new(o, "charges", json_integer(r->charges));
    json_object_set_new(o, "usage_records", json_integer(r->usage_records));
    json_object_set_new(o, "balances", json_integer(r->balances));
    json_object_set_new(o, "points", json_integer(r->points));
    json_t *tot = json_object();
    for (int i = 0; i < r->ncurrencies; i++)
        json_object_set_new(tot, r->totals[i].code, json_real(rw_ksum_value(&r->totals[i].billed)));
    json_object_set_new(o, "billed", tot);
    json_t *rej = json_array();
    for (int i = 0; i < r->nsamples; i++) {
        json_t *x = json_object();
        json_object_set_new(x, "line", json_integer(r->samples[i].line));
        json_object_set_new(x, "reason", json_string(r->samples[i].reason));
        json_array_append_new(rej, x);
    }
    json_object_set_new(o, "rejects", rej);
    return o;
}

int rw_cmd_ingest(rw_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"account", required_argument, NULL, 'a'},
        {"strict", no_argument, NULL, 's'},       {"tz", required_argument, NULL, 'z'},
        {"summary", required_argument, NULL, 'S'}, RW_CLI_COMMON_OPTIONS,
        {NULL, 0, NULL, 0}};
    rw_ingest_opts opts = {RW_FMT_AUTO, NULL, 0, RW_OFFSET_DEFAULT};
    int json = 0, opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (rw_cli_common(cli, opt, optarg)) continue;
        switch (opt) {
        case 'f':
            if (rw_format_parse(optarg, &opts.format) != RW_OK) {
                rw_cli_errorf("unknown format '%s'", optarg);
                return rw_cli_usage_error(usage);
            }
            break;
        case 'a': opts.account = optarg; break;
        case 's': opts.strict = 1; break;
        case 'z':
            if (!parse_tz(optarg, &opts.naive_offset)) {
                rw_cli_errorf("--tz: '%s' is not an offset like +08:00", optarg);
                return rw_cli_usage_error(usage);
            }
            break;
        case 'S':
            if (strcmp(optarg, "json") && strcmp(optarg, "text")) return rw_cli_usage_error(usage);
            json = !strcmp(optarg, "json");
            break;
        case 'h': fputs(usage, stdout); return rw_cli_flush_stdout();
        default: return rw_cli_usage_error(usage);
        }
    }
    if (optind >= argc) {
        rw_cli_errorf("ingest: no input files");
        return rw_cli_usage_error(usage);
    }
    rw_store *store = NULL;
    if (rw_cli_open_store(cli, &store) != RW_OK) return EXIT_RUNTIME;
    rw_error err;
    rw_status worst = RW_OK;
    json_t *all = json ? json_array() : NULL;
    /* Strict mode is all-or-nothing across the files of one command. */
    int outer = opts.strict && argc - optind > 1;
    if (outer) {
        rw_error_clear(&err);
        if (rw_store_write_begin(store, &err) != RW_OK) {
            rw_cli_error(&err);
            rw_store_close(store);
            return EXIT_RUNTIME;
        }
    }
    for (int i = optind; i < argc; i++) {
        rw_ingest_report rep;
        rw_progress bar;
        rw_progress_start(&bar, cli->tty && !cli->quiet, argv[i]);
        rw_error_clear(&err);
        rw_status st = rw_ingest_file(store, argv[i], &opts, rw_progress_update, &bar, &rep, &err);
        rw_progress_end(&bar);
        if (st != RW_OK) {
            rw_cli_error(&err);
            if (worst == RW_OK || rw_cli_exit_code(st) == EXIT_RUNTIME) worst = st;
        }
        if (json) json_array_append_new(all, report_json(&rep, st, &err));
        else if (st == RW_OK && !cli->quiet) print_text(&rep, cli->verbose);
        if (st != RW_OK && opts.strict) break;
    }
    if (outer) {
        rw_error_clear(&err);
        if (worst != RW_OK) rw_store_write_rollback(store);
        else if (rw_store_write_commit(store, &err) != RW_OK) {
            rw_cli_error(&err);
            worst = RW_EDB;
        }
        if (worst != RW_OK && !cli->quiet)
            fprintf(stderr, "runway: --strict: nothing from these files was stored\n");
    }
    if (json) {
        json_dumpf(all, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
        json_decref(all);
    }
    rw_store_close(store);
    int rc = rw_cli_flush_stdout();
    return worst != RW_OK ? rw_cli_exit_code(worst) : rc;
}
