/* cmd_ingest.c: `runway ingest`: files into the store, with a summary of
 * each as it is done (and a progress bar on a terminal). */
#include <string.h>
#include "cli/cli.h"
#include "cli/progress.h"

static const char usage[] =
    "usage: runway ingest [--format FMT] [--account ID] [--currency CODE] [--strict]\n"
    "                     [--tz OFFSET] [--date-order mdy|dmy] [--max-reject-rate R]\n"
    "                     [--no-supersede] [--summary text|json] FILE...\n"
    "\n"
    "Reads bills, usage logs, balance responses or series files into the store.\n"
    "FILE may be gzip-compressed or '-' for stdin. Re-ingesting content that is\n"
    "already stored adds nothing, also after a re-save (BOM, line ends, quoting,\n"
    "column or row order). A newer export of a billing period replaces the older\n"
    "one (month-to-date files). Rows that cannot be used are rejected with their\n"
    "file:line and reason (see `runway rejects`); the rest of the file is kept,\n"
    "unless every row or more than --max-reject-rate of them was rejected: then\n"
    "nothing of it is stored and the exit status is 65.\n"
    "\n"
    "  --format FMT    auto (default), focus, tencent-bill, tencent-api, aws-cur,\n"
    "                  cos-log, s3-log, series, azure, oci\n"
    "  --account ID    billing account to record where the input has none\n"
    "  --currency CODE currency (ISO 4217, e.g. USD) of bills that do not say\n"
    "                  theirs; a currency column in the file always wins\n"
    "  --strict        stop at the first bad row (exit 65); with several files,\n"
    "                  nothing from any of them is stored\n"
    "  --tz OFFSET     zone of timestamps that carry none, e.g. +08:00 or Z\n"
    "                  (default: UTC; +08:00 for Tencent Cloud bills)\n"
    "  --date-order O  read dates like 9/10/2024 as mdy (month first) or dmy\n"
    "                  (day first); default: decided from the file's own dates,\n"
    "                  and a file whose dates could be either is refused\n"    "  --max-reject-rate R  share of rejected rows (0-1 or N%) above which a\n"
    "                  file is refused (default 0.5)\n"
    "  --no-supersede  keep these files beside earlier exports of the same\n"
    "                  billing period (e.g. one export per product)\n"

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

/* A share: 0.25 or 25%. */
static rw_status reject_rate(void *p, const char *text, rw_error *err)
{
    char num[64];
    size_t n = strlen(text);
    int percent = n > 1 && text[n - 1] == '%';
    double v = -1;
    if (n < sizeof num) {
        memcpy(num, text, n - (size_t)percent);
        num[n - (size_t)percent] = '\0';
        if (rw_parse_amount(num, &v, NULL) != RW_OK) v = -1;
        else if (percent) v /= 100;
    }
    if (!(v >= 0 && v <= 1))
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "--max-reject-rate '%s' is not a share from 0 to 1 (or 0%% to 100%%)",
                            text);
    ((args *)p)->o.max_reject_rate = v;
    return RW_OK;
}

static rw_status date_order(void *p, const char *text, rw_error *err)
{
    if (rw_date_order_parse(text, &((args *)p)->o.date_order) == RW_OK) return RW_OK;
    return rw_error_set(err, RW_EINVAL, NULL, 0, "--date-order is mdy or dmy, not '%s'", text);
}

static const cli_flag flags[] = {
    CLI_FLAG_FN("format", format),
    CLI_FLAG_ACCOUNT("account", args, o.account),
    CLI_FLAG_STR("currency", args, o.currency),
    CLI_FLAG_SET("strict", args, o.strict),
    CLI_FLAG_FN("tz", tz),
    CLI_FLAG_FN("max-reject-rate", reject_rate),
    CLI_FLAG_SET("no-supersede", args, o.no_supersede),
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
