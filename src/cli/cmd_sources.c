/* cmd_sources.c: `runway sources` and `runway rejects`: what was ingested,
 * and every row that was not, with file:line and reason. */
#include "cli/cli.h"

static const char sources_usage[] =
    "usage: runway sources [--format text|json]\n"
    "\n"
    "Lists ingested files: format, rows read, accepted and rejected, records\n"
    "stored, and the content hash that makes re-ingesting them a no-op.\n";

static const char rejects_usage[] =
    "usage: runway rejects [--path FILE] [--limit N] [--format text|csv|json]\n"
    "\n"
    "Lists rows rejected at ingest as FILE:LINE: reason, with the row's text.\n"
    "  --path FILE   only rejects of this file (as ingested)\n"
    "  --limit N     at most N rows (default 100, 0 for all)\n";

typedef struct args {
    rw_output fmt;
    const char *path;
    long limit;
} args;

static const cli_flag sources_flags[] = {
    CLI_FLAG_OUTPUT(args, fmt, "text|json"),
    CLI_END,
};

static const cli_flag rejects_flags[] = {
    CLI_FLAG_OUTPUT(args, fmt, "text|csv|json"),
    CLI_FLAG_STR("path", args, path),
    CLI_FLAG_COUNT("limit", args, limit, 0, 1000000000, "a count (0 for all)"),
    CLI_END,
};

static void init(void *p)
{
    args *a = p;
    a->fmt = RW_OUT_TEXT;
    a->limit = 100;
}

static rw_status run(const rw_cli *cli, const args *a, int rejects, rw_error *err)
{
    rw_source_list *l = NULL;
    rw_status st = rejects ? rw_rejects_list(cli->session, a->path, a->limit, &l, err)
                           : rw_sources_list(cli->session, &l, err);
    if (st == RW_OK) st = rw_source_list_write(l, a->fmt, stdout, err);
    rw_source_list_free(l);
    return st;
}

static rw_status run_sources(const rw_cli *cli, void *p, const cli_args *in, rw_error *err)
{
    (void)in;
    return run(cli, p, 0, err);
}

static rw_status run_rejects(const rw_cli *cli, void *p, const cli_args *in, rw_error *err)
{
    (void)in;
    return run(cli, p, 1, err);
}

const cli_command rw_cmd_sources_c = {"sources", sources_usage, sources_flags, sizeof(args), init,
                                      0, 1, run_sources};
const cli_command rw_cmd_rejects_c = {"rejects", rejects_usage, rejects_flags, sizeof(args), init,
                                      0, 1, run_rejects};
