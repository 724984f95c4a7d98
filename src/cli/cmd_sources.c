/* cmd_sources.c: `runway sources` and `runway rejects`: what was ingested,
 * and every row that was not, with file:line and reason. */
#include <getopt.h>
#include <jansson.h>
#include <sqlite3.h>
#include <string.h>
#include "cli/cli.h"
#include "export/series_write.h"
#include "util/num.h"
#include "util/timeutil.h"

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

/* Parses the shared --format flag into 0 text, 1 json, 2 csv; -1 if bad. */
static int parse_format(const char *text, int allow_csv)
{
    if (!strcmp(text, "text")) return 0;
    if (!strcmp(text, "json")) return 1;
    if (allow_csv && !strcmp(text, "csv")) return 2;
    return -1;
}

static int parse_flags(rw_cli *cli, int argc, char **argv, const char *usage, int allow_csv,
                       int *format, const char **path, long *limit)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"path", required_argument, NULL, 'p'},
        {"limit", required_argument, NULL, 'l'},  RW_CLI_COMMON_OPTIONS,
        {NULL, 0, NULL, 0}};
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (rw_cli_common(cli, opt, optarg)) continue;
        int64_t v;
        switch (opt) {
        case 'f':
            if ((*format = parse_format(optarg, allow_csv)) < 0) return rw_cli_usage_error(usage);
            break;
        case 'p':
            if (!path) return rw_cli_usage_error(usage);
            *path = optarg;
            break;
        case 'l':
            if (!limit || rw_parse_int64(optarg, 0, 1000000000, &v) != RW_OK)
                return rw_cli_usage_error(usage);
            *limit = (long)v;
            break;
        case 'h': fputs(usage, stdout); return rw_cli_flush_stdout() == 0 ? -1 : 1;
        default: return rw_cli_usage_error(usage);
        }
    }
    if (optind != argc) return rw_cli_usage_error(usage);
    return 0;
}

/* Opens the store and prepares `sql` into *st; prints why on failure.
 * Returns EXIT_OKAY with *store open, or an exit code with nothing open. */
static int open_query(const rw_cli *cli, const char *sql, const char *what, rw_store **store,
                      sqlite3_stmt **st)
{
    *st = NULL;
    if (rw_cli_open_store(cli, store) != RW_OK) return EXIT_RUNTIME;
    if (sqlite3_prepare_v2(rw_store_db(*store), sql, -1, st, NULL) == SQLITE_OK) return EXIT_OKAY;
    rw_error err;
    rw_error_clear(&err);
    rw_store_dberr(*store, &err, what);
    rw_cli_error(&err);
    rw_store_close(*store);
    *store = NULL;
    return EXIT_RUNTIME;
}

int rw_cmd_sources(rw_cli *cli, int argc, char **argv)
{
    int format = 0;
    int rc = parse_flags(cli, argc, argv, sources_usage, 0, &format, NULL, NULL);
    if (rc) return rc < 0 ? EXIT_OKAY : rc;
    rw_store *store = NULL;
    sqlite3_stmt *st = NULL;
    rc = open_query(cli,
                    "SELECT id, path, format, rows, accepted, rejected, charges, usage_records,"
                    " balances, points, ingested_at, sha256 FROM sources ORDER BY id",
                    "listing sources", &store, &st);
    if (rc) return rc;
    json_t *arr = format ? json_array() : NULL;
    char when[32];
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        rw_time_format_iso(sqlite3_column_int64(st, 10), when, sizeof when);
        if (arr) {
            json_array_append_new(
                arr, json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:s}",
                               "id", (json_int_t)sqlite3_column_int64(st, 0), "path",
                               sqlite3_column_text(st, 1), "format", sqlite3_column_text(st, 2),
                               "rows", (json_int_t)sqlite3_column_int64(st, 3), "accepted",
                               (json_int_t)sqlite3_column_int64(st, 4), "rejected",
                               (json_int_t)sqlite3_column_int64(st, 5), "charges",
                               (json_int_t)sqlite3_column_int64(st, 6), "usage_records",
                               (json_int_t)sqlite3_column_int64(st, 7), "balances",
                               (json_int_t)sqlite3_column_int64(st, 8), "points",
                               (json_int_t)sqlite3_column_int64(st, 9), "ingested_at", when,
                               "sha256", sqlite3_column_text(st, 11)));
        } else {
            printf("%lld  %s  %s  %lld rows: %lld accepted, %lld rejected  (ingested %s)\n",
                   (long long)sqlite3_column_int64(st, 0), sqlite3_column_text(st, 1),
                   sqlite3_column_text(st, 2), (long long)sqlite3_column_int64(st, 3),
                   (long long)sqlite3_column_int64(st, 4), (long long)sqlite3_column_int64(st, 5),
                   when);
        }
        n++;
    }
    sqlite3_finalize(st);
    rw_store_close(store);
    if (arr) {
        json_dumpf(arr, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
        json_decref(arr);
    } else if (n == 0) {
        printf("nothing ingested yet\n");
    }
    return rw_cli_flush_stdout();
}

int rw_cmd_rejects(rw_cli *cli, int argc, char **argv)
{
    int format = 0;
    const char *path = NULL;
    long limit = 100;
    int rc = parse_flags(cli, argc, argv, rejects_usage, 1, &format, &path, &limit);
    if (rc) return rc < 0 ? EXIT_OKAY : rc;
    rw_store *store = NULL;
    sqlite3_stmt *st = NULL;
    /* A path matches as given or as the absolute path the store records. */
    rc = open_query(cli,
                    "SELECT s.path, r.line, r.reason, r.raw FROM rejects r"
                    " JOIN sources s ON s.id = r.source_id"
                    " WHERE ?1 IS NULL OR s.path = ?1 OR s.path LIKE '%/' || ?1"
                    " ORDER BY r.source_id, r.line LIMIT ?2",
                    "listing rejects", &store, &st);
    if (rc) return rc;
    if (path) sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, limit ? limit : -1);
    json_t *arr = format == 1 ? json_array() : NULL;
    if (format == 2) fputs("path,line,reason,raw\n", stdout);
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *p = (const char *)sqlite3_column_text(st, 0);
        long long line = sqlite3_column_int64(st, 1);
        const char *reason = (const char *)sqlite3_column_text(st, 2);
        const char *raw = (const char *)sqlite3_column_text(st, 3);
        if (format == 1) {
            json_array_append_new(arr, json_pack("{s:s, s:I, s:s, s:s?}", "path", p, "line",
                                                 (json_int_t)line, "reason", reason, "raw", raw));
        } else if (format == 2) {
            rw_csv_write_field(stdout, p);
            printf(",%lld,", line);
            rw_csv_write_field(stdout, reason);
            fputc(',', stdout);
            rw_csv_write_field(stdout, raw);
            fputc('\n', stdout);
        } else {
            printf("%s:%lld: %s\n    %.200s\n", p, line, reason, raw);
        }
        n++;
    }
    sqlite3_finalize(st);
    rw_store_close(store);
    if (arr) {
        json_dumpf(arr, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
        json_decref(arr);
    } else if (format == 0 && n == 0) {
        printf("no rejected rows\n");
    }
    return rw_cli_flush_stdout();
}
