/* cmd_ingest.c: `runway ingest`: files into the store, with a summary of
 * each as it is done (and a progress bar on a terminal). */
#include "cli/cli.h"
#include "cli/progress.h"

static const char usage[] =
    "usage: runway ingest [--format FMT] [--account ID] [--strict] [--tz OFFSET]\n"
    "                     [--date-order mdy|dmy] [--summary text|json] FILE...\n"
    "\n"
    "Reads bills, usage logs, balance responses or series files into the store.\n"
    "FILE may be gzip-compressed or '-' for stdin. Re-ingesting content that is\n"
    "already stored adds nothing. Rows that cannot be used are rejected with their\n"
    "file:line and reason (see `runway rejects`); the rest of the file is kept.\n"
    "\n"
    "  --format FMT    auto (default), focus, tencent-bill, tencent-api, aws-cur,\n"
    "                  cos-log, s3-log, series, azure, oci\n"
    "  --account ID    billing account to record where the input has none\n"
    "  --strict        stop at the first bad row (exit 65); with several files,\n"
    "                  nothing from any of them is stored\n"
    "  --tz OFFSET     zone of timestamps that carry none, e.g. +08:00 or Z\n"
    "                  (default: UTC; +08:00 for Tencent Cloud bills)\n"
    "  --date-order O  read dates like 9/10/2024 as mdy (month first) or dmy\n"
    "                  (day first); default: decided from the file's own dates,\n"
    "                  and a file whose dates could be either is refused\n"
    "  --summary FMT   summary as text (default) or json on stdout\n";

typedef struct args {
    rw_ingest_options o;
    rw_output summary;
} args;

static rw_status format(void *p, const char *text, rw_error *err)
{
    if (rw_format_parse(text, &((args *)p)->o.format) == RW_OK) return RW_OK;
    return rw_error_set(err, RW_EINVAL, NULL, 0, "unknown format '%s'", text);
}

static rw_status tz(void *p, const char *text, rw_error *err)
{
    return rw_parse_offset(text, &((args *)p)->o.naive_offset, err);
}

static rw_status date_order(void *p, const char *text, rw_error *err)
{
    if (rw_date_order_parse(text, &((args *)p)->o.date_order) == RW_OK) return RW_OK;
    return rw_error_set(err, RW_EINVAL, NULL, 0, "--date-order is mdy or dmy, not '%s'", text);
}

static const cli_flag flags[] = {
    CLI_FLAG_FN("format", format),
    CLI_FLAG_STR("account", args, o.account),
    CLI_FLAG_SET("strict", args, o.strict),
    CLI_FLAG_FN("tz", tz),
    CLI_FLAG_FN("date-order", date_order),
    {"summary", CLI_OUTPUT, CLI_FIELD(args, summary), 0, 0, "text|json", CLI_ANY, NULL},
    CLI_END,
};

static void init(void *p)
{
    args *a = p;
    rw_ingest_options_init(&a->o);
    a->summary = RW_OUT_TEXT;
}

/* What is shown while the files are read. */
typedef struct shown {
    const rw_cli *cli;
    int text;             /* print each file's summary */
    rw_progress bar;
    const char *bar_path; /* the file the bar is about */
} shown;

static void progress(void *ctx, const char *path, int64_t done, int64_t total)
{
    shown *s = ctx;
    if (s->bar_path != path) {
        rw_progress_start(&s->bar, 1, path);
        s->bar_path = path;
    }
    rw_progress_update(&s->bar, done, total);
}

static void file_done(void *ctx, const rw_ingest_report *r, rw_status st)
{
    shown *s = ctx;
    rw_progress_end(&s->bar);
    s->bar_path = NULL;
    /* A failed write shows when stdout is flushed at the end. */
    if (st == RW_OK && s->text && !s->cli->quiet)
        rw_ingest_report_write(r, s->cli->verbose, stdout, NULL);
}

static rw_status run(const rw_cli *cli, void *p, const cli_args *in, rw_error *err)
{
    args *a = p;
    if (in->n == 0) {
        rw_cli_errorf("ingest: no input files");
        return cli_usage(usage);
    }
    shown s = {cli, a->summary == RW_OUT_TEXT, {0}, NULL};
    rw_ingest_callbacks cb = {cli->tty && !cli->quiet ? progress : NULL, file_done, &s};
    rw_ingest_result *res = NULL;
    rw_status st = rw_ingest(cli->session, (const char *const *)in->v, in->n, &a->o, &cb, &res,
                             err);
    if (res && a->summary == RW_OUT_JSON) {
        rw_status ws = rw_ingest_result_write_json(res, stdout, st == RW_OK ? err : NULL);
        if (st == RW_OK) st = ws;
    }
    rw_ingest_result_free(res);
    return st;
}

const cli_command rw_cmd_ingest_c = {"ingest", usage, flags, sizeof(args), init, SIZE_MAX, 1, run};
