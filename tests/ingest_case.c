/* ingest_case.c: runs one folder-per-case ingest fixture.
 *
 * Usage: ingest_case DIR. DIR holds input files (names starting "input",
 * ingested in name order into a fresh store) and `expect`, lines KEY=VALUE:
 *   format=NAME          format the input must be detected as (or forced
 *                        with force=1)
 *   status=ok|format|rejected|io   status of the last file (default ok)
 *   error=TEXT           substring of the error message
 *   strict=1, account=ID, offset=SECONDS, currency=CODE, max_reject_rate=R,
 *   no_supersede=1       ingest options (max_reject_rate defaults to 0.5, as
 *                        in runway; cases about rejects set it to 1)
 *   date_order=mdy|dmy   forces the day/month order of slash dates
 *   rows|rejected|charges|usage_records|balances|points=N   report counts
 *                        (summed over the files)
 *   duplicates=N         files recognised as already stored (same bytes or
 *                        the same parsed content)
 *   replaced=N, set_aside=N, overlaps=N   superseding by billing period:
 *                        charges of earlier exports replaced, charges of
 *                        older exports dropped on arrival, overlaps kept
 *   stored.CUR=DECIMAL   sum of BilledCost in currency CUR in the store only
 *                        (what is left after superseding)
 *   total.CUR=DECIMAL    sum of BilledCost in currency CUR, checked in the
 *                        report and in the store, to 1e-9 relative
 *   sum.effective|sum.quantity|sum.voucher=DECIMAL   sums over all stored
 *                        charges; sum.drawn: what they drew from the balance
 *   reject=LINE:TEXT     a reject record at LINE whose reason contains TEXT
 *   warnings=N           warnings (rows kept with bad metadata dropped),
 *                        summed over the files and counted in the store
 *   warning=LINE:TEXT    a warning record at LINE whose reason contains TEXT
 *   charge.LINE.COLUMN=VALUE   a stored charge from input line LINE; COLUMN
 *                        is start|end|period (ISO 8601; period may be
 *                        NULL), billed|effective|quantity|
 *                        cash|incentive|voucher|transfer,
 *                        or a dims column (service, region, tags, ...)
 *   distinct.COLUMN=N    distinct values of a dims column over stored charges
 *   usage.COLUMN=N       sum of a usage_hourly column; usage.hours=N
 *   balance=AMOUNT, balance.currency=C, balance.at=ISO   latest balance
 *   ledger=N             ledger transactions in the store (after dedup)
 *   ledger.balances=N    balance observations of origin 'ledger'
 *   ledger.sum.KIND=DECIMAL   sum of the stored amounts of KIND (deduct,
 *                        recharge, freeze, unfreeze, refund, transfer, other)
 * An ok case is then ingested again and must add nothing. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include "app/ingest_file.h"
#include "store/series_query.h"
#include "util/num.h"
#include "util/timeutil.h"

static int failures;

#define FAIL(...)                                                                      \
    do {                                                                               \
        fprintf(stderr, "FAIL: " __VA_ARGS__);                                         \
        fputc('\n', stderr);                                                           \
        failures++;                                                                    \
    } while (0)

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static double query_double(sqlite3 *db, const char *sql, const char *arg)
{
    sqlite3_stmt *st = NULL;
    double v = NAN;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        FAIL("bad query %s: %s", sql, sqlite3_errmsg(db));
        return v;
    }
    if (arg) sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Compensated sum of a column over rows of a query, to avoid SQLite's naive sum. */
static double ksum_query(sqlite3 *db, const char *sql, const char *arg)
{
    sqlite3_stmt *st = NULL;
    rw_ksum k = {0, 0};
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        FAIL("bad query %s: %s", sql, sqlite3_errmsg(db));
        return NAN;
    }
    if (arg) sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW)
        if (sqlite3_column_type(st, 0) != SQLITE_NULL) rw_ksum_add(&k, sqlite3_column_double(st, 0));
    sqlite3_finalize(st);
    return rw_ksum_value(&k);
}

static void check_amount(const char *what, double got, const char *want_text)
{
    double want = strtod(want_text, NULL);
    double tol = 1e-9 * fmax(fabs(want), 1e-9);
    if (!(fabs(got - want) <= tol)) FAIL("%s: got %.12f, want %s", what, got, want_text);
}

static void check_charge(sqlite3 *db, const char *key, const char *want)
{
    long line = strtol(key, NULL, 10);
    const char *col = strchr(key, '.');
    if (!col) {
        FAIL("bad key charge.%s", key);
        return;
    }
    col++;
    char sql[512];
    const char *expr = col;
    int is_time = strcmp(col, "start") == 0 || strcmp(col, "end") == 0 ||
                  strcmp(col, "period") == 0;
    if (strcmp(col, "start") == 0) expr = "period_start";
    else if (strcmp(col, "end") == 0) expr = "period_end";
    else if (strcmp(col, "period") == 0) expr = "charges.period";
    snprintf(sql, sizeof sql,
             "SELECT %s FROM charges JOIN dims ON dims.id = charges.dim_id WHERE line = %ld"
             " ORDER BY charges.id LIMIT 1",
             expr, line);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        FAIL("bad charge column %s: %s", col, sqlite3_errmsg(db));
        return;
    }
    if (sqlite3_step(st) != SQLITE_ROW) {
        FAIL("no charge stored from line %ld", line);
    } else if (is_time && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        char iso[32];
        rw_time_format_iso(sqlite3_column_int64(st, 0), iso, sizeof iso);
        if (strcmp(iso, want) != 0) FAIL("charge.%s: got %s, want %s", key, iso, want);
    } else if (sqlite3_column_type(st, 0) == SQLITE_FLOAT ||
               sqlite3_column_type(st, 0) == SQLITE_INTEGER) {
        check_amount(key, sqlite3_column_double(st, 0), want);
    } else if (sqlite3_column_type(st, 0) == SQLITE_NULL) {
        if (strcmp(want, "NULL") != 0) FAIL("charge.%s: got NULL, want %s", key, want);
    } else {
        const char *got = (const char *)sqlite3_column_text(st, 0);
        if (strcmp(got, want) != 0) FAIL("charge.%s: got '%s', want '%s'", key, got, want);
    }
    sqlite3_finalize(st);
}

/* A reject (kind 'reject') or warning (kind 'warning') record at the
 * value's LINE whose reason contains its TEXT. */
static void check_note(sqlite3 *db, const char *kind, const char *value)
{
    long line = strtol(value, NULL, 10);
    const char *text = strchr(value, ':');
    text = text ? text + 1 : "";
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db, "SELECT reason FROM rejects WHERE line = ? AND kind = ?", -1, &st,
                       NULL);
    sqlite3_bind_int64(st, 1, line);
    sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
    int found = 0;
    char seen[300] = "(none)";
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *r = (const char *)sqlite3_column_text(st, 0);
        snprintf(seen, sizeof seen, "%s", r);
        if (strstr(r, text)) found = 1;
    }
    sqlite3_finalize(st);
    if (!found) FAIL("no %s at line %ld containing '%s' (saw: %s)", kind, line, text, seen);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: ingest_case DIR\n");
        return 2;
    }
    const char *dir = argv[1];
    char path[4096];
    snprintf(path, sizeof path, "%s/expect", dir);
    FILE *ef = fopen(path, "r");
    if (!ef) {
        fprintf(stderr, "cannot open %s\n", path);
        return 2;
    }
    char *keys[128], *vals[128];
    int n = 0;
    char line[2048];
    while (n < 128 && fgets(line, sizeof line, ef)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *eq = strchr(line, '=');
        if (line[0] == '#' || !eq) continue;
        *eq = '\0';
        keys[n] = strdup(line);
        vals[n] = strdup(eq + 1);
        n++;
    }
    fclose(ef);

    rw_ingest_opts opts = {.format = RW_FMT_AUTO, .naive_offset = RW_OFFSET_DEFAULT,
                           .max_reject_rate = 0.5};
    const char *want_format = NULL, *want_status = "ok", *want_error = NULL;
    for (int i = 0; i < n; i++) {
        if (!strcmp(keys[i], "format")) want_format = vals[i];
        else if (!strcmp(keys[i], "force")) rw_format_parse(want_format, &opts.format);
        else if (!strcmp(keys[i], "status")) want_status = vals[i];
        else if (!strcmp(keys[i], "error")) want_error = vals[i];
        else if (!strcmp(keys[i], "strict")) opts.strict = 1;
        else if (!strcmp(keys[i], "account")) opts.account = vals[i];
        else if (!strcmp(keys[i], "offset")) opts.naive_offset = strtoll(vals[i], NULL, 10);
        else if (!strcmp(keys[i], "max_reject_rate")) opts.max_reject_rate = strtod(vals[i], NULL);
        else if (!strcmp(keys[i], "no_supersede")) opts.no_supersede = 1;
        else if (!strcmp(keys[i], "currency")) opts.currency = vals[i];
        else if (!strcmp(keys[i], "date_order") &&
                 rw_date_order_parse(vals[i], &opts.date_order) != RW_OK)
            FAIL("bad date_order '%s'", vals[i]);
    }

    char *files[64];
    int nf = 0;
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && (de = readdir(d)) && nf < 64)
        if (strncmp(de->d_name, "input", 5) == 0) files[nf++] = strdup(de->d_name);
    if (d) closedir(d);
    qsort(files, (size_t)nf, sizeof files[0], cmp_names);
    if (nf == 0) {
        fprintf(stderr, "no input files in %s\n", dir);
        return 2;
    }

    char db_path[] = "/tmp/rw_case_XXXXXX";
    int fd = mkstemp(db_path);
    close(fd);
    unlink(db_path);
    rw_store *store = NULL;
    rw_error err;
    rw_error_clear(&err);
    if (rw_store_open(db_path, &store, &err) != RW_OK) {
        fprintf(stderr, "cannot open store: %s\n", err.text);
        return 2;
    }
    rw_ingest_report sum;
    memset(&sum, 0, sizeof sum);
    long duplicates = 0, overlaps = 0;
    rw_status st = RW_OK;
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < nf; i++) {
            snprintf(path, sizeof path, "%s/%s", dir, files[i]);
            rw_ingest_report rep;
            rw_error_clear(&err);
            st = rw_ingest_file(store, path, &opts, NULL, NULL, &rep, &err);
            if (pass == 1) {
                if (st == RW_OK && (!rep.duplicate || rep.charges || rep.points))
                    FAIL("re-ingesting %s added data", files[i]);
                continue;
            }
            if (want_format && strcmp(rw_format_name(rep.format), want_format) != 0 &&
                st != RW_EIO)
                FAIL("%s: format %s, want %s", files[i], rw_format_name(rep.format), want_format);
            if (st != RW_OK) break;
            duplicates += rep.duplicate;
            sum.replaced += rep.replaced;
            sum.set_aside += rep.set_aside;
            for (int e = 0; e < rep.nevents; e++) overlaps += rep.events[e].kind == RW_OVERLAP_KEPT;
            sum.rows += rep.rows;
            sum.rejected += rep.rejected;
            sum.warnings += rep.warnings;
            sum.charges += rep.charges;
            sum.usage_records += rep.usage_records;
            sum.balances += rep.balances;
            sum.points += rep.points;
            for (int c = 0; c < rep.ncurrencies; c++) {
                int k;
                for (k = 0; k < sum.ncurrencies; k++)
                    if (!strcmp(sum.totals[k].code, rep.totals[c].code)) break;
                if (k == sum.ncurrencies) {
                    memcpy(sum.totals[k].code, rep.totals[c].code, 4);
                    sum.ncurrencies++;
                }
                rw_ksum_add(&sum.totals[k].billed, rw_ksum_value(&rep.totals[c].billed));
            }
        }
        if (st != RW_OK) break;
    }
    const char *got_status = st == RW_OK          ? "ok"
                             : st == RW_EFORMAT   ? "format"
                             : st == RW_EREJECTED ? "rejected"
                             : st == RW_EIO       ? "io"
                                                  : rw_strerror(st);
    char msg[1024];
    rw_error_format(&err, msg, sizeof msg);
    if (strcmp(got_status, want_status) != 0)
        FAIL("status %s (%s), want %s", got_status, st == RW_OK ? "" : msg, want_status);
    if (want_error && !strstr(msg, want_error)) FAIL("error '%s' lacks '%s'", msg, want_error);

    sqlite3 *db = rw_store_db(store);
    if (strcmp(want_status, "ok") != 0) {
        /* A failed ingest must leave nothing behind. */
        double rows = query_double(db, "SELECT (SELECT count(*) FROM sources) + (SELECT count(*)"
                                       " FROM charges) + (SELECT count(*) FROM rejects)", NULL);
        if (rows != 0) FAIL("failed ingest left %g rows in the store", rows);
    }
    for (int i = 0; i < n; i++) {
        const char *k = keys[i], *v = vals[i];
        long want = strtol(v, NULL, 10);
        if (!strcmp(k, "rows") && sum.rows != want) FAIL("rows %ld, want %ld", sum.rows, want);
        else if (!strcmp(k, "rejected") && sum.rejected != want)
            FAIL("rejected %ld, want %ld", sum.rejected, want);
        else if (!strcmp(k, "charges") && sum.charges != want)
            FAIL("charges %ld, want %ld", sum.charges, want);
        else if (!strcmp(k, "usage_records") && sum.usage_records != want)
            FAIL("usage_records %ld, want %ld", sum.usage_records, want);
        else if (!strcmp(k, "balances") && sum.balances != want)
            FAIL("balances %ld, want %ld", sum.balances, want);
        else if (!strcmp(k, "points") && sum.points != want)
            FAIL("points %ld, want %ld", sum.points, want);
        else if (!strcmp(k, "duplicates") && duplicates != want)
            FAIL("duplicates %ld, want %ld", duplicates, want);
        else if (!strcmp(k, "replaced") && sum.replaced != want)
            FAIL("replaced %ld, want %ld", sum.replaced, want);
        else if (!strcmp(k, "set_aside") && sum.set_aside != want)
            FAIL("set_aside %ld, want %ld", sum.set_aside, want);
        else if (!strcmp(k, "overlaps") && overlaps != want)
            FAIL("overlaps %ld, want %ld", overlaps, want);
        else if (!strncmp(k, "stored.", 7))
            check_amount(k, ksum_query(db, "SELECT billed FROM charges JOIN dims ON dims.id ="
                                           " dim_id WHERE currency = ?", k + 7), v);
        else if (!strncmp(k, "total.", 6)) {
            const char *cur = k + 6;
            double got = NAN;
            for (int c = 0; c < sum.ncurrencies; c++)
                if (!strcmp(sum.totals[c].code, cur)) got = rw_ksum_value(&sum.totals[c].billed);
            check_amount(k, got, v);
            check_amount(k, ksum_query(db, "SELECT billed FROM charges JOIN dims ON dims.id ="
                                           " dim_id WHERE currency = ?", cur), v);
        } else if (!strcmp(k, "sum.effective"))
            check_amount(k, ksum_query(db, "SELECT effective FROM charges", NULL), v);
        else if (!strcmp(k, "sum.voucher"))
            check_amount(k, ksum_query(db, "SELECT voucher FROM charges", NULL), v);
        else if (!strcmp(k, "sum.drawn"))
            check_amount(k, ksum_query(db, "SELECT " RW_SQL_DRAWN " FROM charges", NULL), v);
        else if (!strcmp(k, "sum.quantity"))
            check_amount(k, ksum_query(db, "SELECT quantity FROM charges", NULL), v);
        else if (!strcmp(k, "ledger") || !strcmp(k, "ledger.balances")) {
            double got = query_double(db, !strcmp(k, "ledger")
                                              ? "SELECT count(*) FROM ledger"
                                              : "SELECT count(*) FROM balances"
                                                " WHERE origin = 'ledger'",
                                      NULL);
            if (got != (double)want) FAIL("%s %g, want %ld", k, got, want);
        } else if (!strncmp(k, "ledger.sum.", 11))
            check_amount(k, ksum_query(db, "SELECT amount FROM ledger WHERE kind = ?", k + 11), v);
        else if (!strcmp(k, "reject")) check_note(db, "reject", v);
        else if (!strcmp(k, "warning")) check_note(db, "warning", v);
        else if (!strcmp(k, "warnings")) {
            if (sum.warnings != want) FAIL("warnings %ld, want %ld", sum.warnings, want);
            double got = query_double(db, "SELECT count(*) FROM rejects WHERE kind = 'warning'",
                                      NULL);
            if (got != (double)want) FAIL("stored warnings %g, want %ld", got, want);
        }
        else if (!strncmp(k, "charge.", 7)) check_charge(db, k + 7, v);
        else if (!strncmp(k, "distinct.", 9)) {
            char sql[200];
            snprintf(sql, sizeof sql, "SELECT count(DISTINCT %s) FROM charges JOIN dims ON"
                                      " dims.id = charges.dim_id", k + 9);
            double got = query_double(db, sql, NULL);
            if (got != (double)want) FAIL("%s %g, want %ld", k, got, want);
        } else if (!strcmp(k, "usage.hours")) {
            double got = query_double(db, "SELECT count(DISTINCT hour) FROM usage_hourly", NULL);
            if (got != (double)want) FAIL("usage.hours %g, want %ld", got, want);
        } else if (!strncmp(k, "usage.", 6)) {
            char sql[200];
            snprintf(sql, sizeof sql, "SELECT total(%s) FROM usage_hourly", k + 6);
            double got = query_double(db, sql, NULL);
            if (got != strtod(v, NULL)) FAIL("%s %.0f, want %s", k, got, v);
        } else if (!strcmp(k, "balance")) {
            check_amount(k, query_double(db, "SELECT amount FROM balances ORDER BY at DESC,"
                                             " id DESC LIMIT 1", NULL), v);
        } else if (!strcmp(k, "balance.currency") || !strcmp(k, "balance.at")) {
            sqlite3_stmt *q = NULL;
            sqlite3_prepare_v2(db, "SELECT currency, at FROM balances ORDER BY at DESC, id DESC"
                                   " LIMIT 1", -1, &q, NULL);
            if (sqlite3_step(q) == SQLITE_ROW) {
                char got[32];
                if (!strcmp(k, "balance.currency"))
                    snprintf(got, sizeof got, "%s", sqlite3_column_text(q, 0));
                else
                    rw_time_format_iso(sqlite3_column_int64(q, 1), got, sizeof got);
                if (strcmp(got, v)) FAIL("%s: got %s, want %s", k, got, v);
            } else {
                FAIL("no balance stored");
            }
            sqlite3_finalize(q);
        }
    }
    rw_store_close(store);
    unlink(db_path);
    snprintf(path, sizeof path, "%s-wal", db_path);
    unlink(path);
    snprintf(path, sizeof path, "%s-shm", db_path);
    unlink(path);
    for (int i = 0; i < n; i++) {
        free(keys[i]);
        free(vals[i]);
    }
    for (int i = 0; i < nf; i++) free(files[i]);
    if (failures) fprintf(stderr, "%s: %d failure(s)\n", dir, failures);
    return failures ? 1 : 0;
}
