/* test_store.c: the store end to end through the library: migrations,
 * idempotent ingest, strict rollback, series sums against an exact integer
 * oracle, concurrent ingest from two processes, balances and top-ups, the
 * ledger's start of arrears in every case it does and does not know. */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sqlite3.h>
#include "check.h"
#include "store_check.h"
#include "store/balance.h"
#include "store/ledger.h"
#include "plan/money.h"
#include "app/ingest_file.h"
#include "store/series_query.h"
#include "util/timeutil.h"

static const char *hdr = "ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,"
                         "ServiceName,SubAccountId,Tags\n";

static rw_status ingest(rw_store *s, const char *path, int strict, rw_ingest_report *rep)
{
    rw_ingest_opts o = {.format = RW_FMT_AUTO, .strict = strict, .naive_offset = RW_OFFSET_DEFAULT,
                        .max_reject_rate = 0.5};
    rw_error err;
    rw_error_clear(&err);
    return rw_ingest_file(s, path, &o, NULL, NULL, rep, &err);
}

/* The ledger's start of arrears: transactions of account "L" at t = 100,
 * 200, ... with the balances given; the run below `limit` up to `until`. */
static void check_below(rw_store *s, const double *bal, int n, double limit, int64_t until,
                        int want_found, int64_t want_since)
{
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_store_exec(s, "DELETE FROM ledger WHERE account = 'L'", &err) == RW_OK);
    for (int i = 0; i < n; i++) {
        char sql[300];
        snprintf(sql, sizeof sql,
                 "INSERT INTO ledger(account, tx_id, at, kind, action, amount, balance,"
                 " currency, source_id, line) VALUES('L', 't%d', %d, 'deduct', 'deduct', -1,"
                 " %g, 'CNY', 0, 1)",
                 i, (i + 1) * 100, bal[i]);
        CHECK(rw_store_exec(s, sql, &err) == RW_OK);
    }
    int64_t since = 0;
    int found = -1;
    CHECK(rw_store_ledger_below_since(s, "L", limit, until, &since, &found, &err) == RW_OK);
    CHECK(found == want_found);
    CHECK(since == (want_found ? want_since : INT64_MIN));
}

static void test_ledger_below(rw_store *s)
{
    const double dip[] = {50, -5, 10, -1, -20};
    check_below(s, dip, 5, 0, 1000, 1, 400);   /* below from t=400 on */
    check_below(s, dip, 5, -10, 1000, 1, 500); /* within a credit of 10 until t=500 */
    check_below(s, dip, 5, 0, 250, 1, 200);    /* observed at 250: below since 200 */
    check_below(s, dip, 5, 0, 350, 0, 0);      /* the ledger's last (t=300) is above */
    check_below(s, dip, 5, 0, 50, 0, 0);       /* nothing before the observation */
    const double all[] = {-1, -2, -3};
    check_below(s, all, 3, 0, 1000, 0, 0);     /* below since before the ledger */
    check_below(s, NULL, 0, 0, 1000, 0, 0);    /* no ledger */
}

/* Writes a FOCUS file of `rows` charges; amounts are k * 1e-10 for integer
 * k, so exact per (day, service) sums are integers in oracle[][]. */
static void gen(const char *path, int rows, unsigned seed, long long oracle[10][3])
{
    FILE *f = fopen(path, "w");
    fputs(hdr, f);
    srand(seed);
    static const char *svc[3] = {"Compute", "Storage", "Network"};
    for (int i = 0; i < rows; i++) {
        int day = rand() % 10, hour = rand() % 24, sv = rand() % 3;
        long long k = (long long)(rand() % 2000000) * 997 - 300000000LL; /* some negative */
        oracle[day][sv] += k;
        char amount[64];
        long long a = k < 0 ? -k : k;
        snprintf(amount, sizeof amount, "%s%lld.%010lld", k < 0 ? "-" : "", a / 10000000000LL,
                 a % 10000000000LL);
        fprintf(f, "2024-03-%02dT%02d:00:00Z,2024-03-%02dT%02d:59:59Z,%s,CNY,%s,acct%d,"
                   "\"{\"\"team\"\":\"\"t%d\"\"}\"\n",
                day + 1, hour, day + 1, hour, amount, svc[sv], sv, sv % 2);
    }
    fclose(f);
}

int main(void)
{
    const char *db = "test_store.db", *f1 = "test_store_1.csv", *f2 = "test_store_2.csv";
    remove_db(db);
    rw_store *s = NULL;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_store_open(db, &s, &err) == RW_OK);
    CHECK(rw_store_version(s) == RW_STORE_SCHEMA_VERSION);
    rw_store_close(s);
    /* Reopening keeps the version; a newer schema is refused, untouched. */
    CHECK(rw_store_open(db, &s, &err) == RW_OK && rw_store_version(s) == RW_STORE_SCHEMA_VERSION);
    CHECK(rw_store_exec(s, "PRAGMA user_version=99", &err) == RW_OK);
    rw_store_close(s);
    rw_error_clear(&err);
    CHECK(rw_store_open(db, &s, &err) == RW_EDB && strstr(err.text, "newer"));
    remove_db(db);
    CHECK(rw_store_open(db, &s, &err) == RW_OK);

    /* Ingest, exact sums, idempotency by content. */
    long long oracle[10][3] = {{0}};
    gen(f1, 5000, 1, oracle);
    rw_ingest_report rep;
    CHECK(ingest(s, f1, 0, &rep) == RW_OK && !rep.duplicate && rep.charges == 5000);
    CHECK(ingest(s, f1, 0, &rep) == RW_OK && rep.duplicate && rep.charges == 0);
    CHECK(system("cp test_store_1.csv test_store_copy.csv && gzip -f test_store_copy.csv") == 0);
    CHECK(ingest(s, "test_store_copy.csv.gz", 0, &rep) == RW_OK && rep.duplicate);
    unlink("test_store_copy.csv.gz");
    CHECK(count(s, "SELECT count(*) FROM charges") == 5000);
    CHECK(count(s, "SELECT count(*) FROM sources") == 1);

    rw_series_query q = {RW_METRIC_COST, NULL, RW_BY_SERVICE, NULL, RW_GRAN_DAY,
                         INT64_MIN, INT64_MAX, NULL, NULL, NULL, 0};
    rw_series_set *set = NULL;
    CHECK(rw_series_query_run(s, &q, &set, &err) == RW_OK && set->n == 3);
    static const char *sorted[3] = {"Compute", "Network", "Storage"};
    static const int sv_of[3] = {0, 2, 1};
    double worst = 0;
    for (size_t i = 0; set && i < set->n; i++) {
        CHECK_STR(set->s[i].name, sorted[i]);
        CHECK(set->s[i].n == 10);
        for (size_t d = 0; d < set->s[i].n && d < 10; d++) {
            double exact = (double)oracle[d][sv_of[i]] * 1e-10;
            double rel = fabs(set->s[i].v[d] - exact) / fmax(fabs(exact), 1e-300);
            if (rel > worst) worst = rel;
        }
    }
    CHECK(worst <= 1e-12);
    /* Coverage: the charge periods seen, within the ten days generated. */
    for (size_t i = 0; set && i < set->n; i++)
        CHECK(set->s[i].covered_from >= 1709251200 && set->s[i].covered_to <= 1709251200 + 10 * 86400 &&
              set->s[i].covered_from < set->s[i].covered_to);
    rw_series_set_free(set);
    /* By tag and by account; totals over the grouping are the same. */
    q.by = RW_BY_TAG;
    q.tag_key = "team";
    CHECK(rw_series_query_run(s, &q, &set, &err) == RW_OK && set->n == 2);
    CHECK_STR(set->s[0].name, "t0");
    rw_series_set_free(set);
    q.by = RW_BY_ACCOUNT;
    q.gran = RW_GRAN_MONTH;
    CHECK(rw_series_query_run(s, &q, &set, &err) == RW_OK && set->n == 3 && set->s[0].n == 1);
    rw_series_set_free(set);
    q.by = RW_BY_BUCKET;
    CHECK(rw_series_query_run(s, &q, &set, &err) == RW_EINVAL);

    /* Strict: a bad row rolls the whole file back. */
    FILE *f = fopen(f2, "w");
    fprintf(f, "%s2024-04-01T00:00:00Z,2024-04-01T01:00:00Z,1.5,CNY,Compute,a,\n"
               "2024-04-01T00:00:00Z,2024-04-01T01:00:00Z,oops,CNY,Compute,a,\n", hdr);
    fclose(f);
    rw_error_clear(&err);
    rw_ingest_opts strict = {.format = RW_FMT_AUTO, .strict = 1, .naive_offset = RW_OFFSET_DEFAULT,
                             .max_reject_rate = 0.5};
    CHECK(rw_ingest_file(s, f2, &strict, NULL, NULL, &rep, &err) == RW_EREJECTED);
    CHECK(err.line == 3 && strstr(err.text, "BilledCost"));
    CHECK(count(s, "SELECT count(*) FROM charges") == 5000);
    CHECK(count(s, "SELECT count(*) FROM sources") == 1);
    /* Lenient: the good row is kept, the bad one is recorded. */
    CHECK(ingest(s, f2, 0, &rep) == RW_OK && rep.rows == 2 && rep.rejected == 1);
    CHECK(count(s, "SELECT count(*) FROM rejects WHERE line = 3") == 1);
    rw_store_close(s);

    /* Two processes ingesting different files at once: both land. */
    long long o2[10][3] = {{0}}, o3[10][3] = {{0}};
    gen("test_store_a.csv", 40000, 2, o2);
    gen("test_store_b.csv", 40000, 3, o3);
    pid_t kids[2];
    for (int k = 0; k < 2; k++) {
        kids[k] = fork();
        if (kids[k] == 0) {
            rw_store *cs = NULL;
            rw_error ce;
            rw_error_clear(&ce);
            if (rw_store_open(db, &cs, &ce) != RW_OK) _exit(3);
            rw_ingest_report r;
            /* The two files cover the same accounts, services and days of
             * March, as two versions of one export would: keep both, this
             * is about concurrency, not superseding. */
            rw_ingest_opts o = {.format = RW_FMT_AUTO, .naive_offset = RW_OFFSET_DEFAULT,
                                .max_reject_rate = 0.5, .no_supersede = 1};
            rw_error e;
            rw_error_clear(&e);
            rw_status st = rw_ingest_file(cs, k ? "test_store_b.csv" : "test_store_a.csv", &o,
                                          NULL, NULL, &r, &e);
            rw_store_close(cs);
            _exit(st == RW_OK && r.charges == 40000 ? 0 : 4);
        }
    }
    for (int k = 0; k < 2; k++) {
        int status = 0;
        waitpid(kids[k], &status, 0);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    CHECK(rw_store_open(db, &s, &err) == RW_OK);
    CHECK(count(s, "SELECT count(*) FROM charges") == 85001);
    CHECK(count(s, "SELECT count(*) FROM sources") == 4);

    /* Balances: latest wins; several accounts need --account. */
    CHECK(rw_store_balance_record(s, "", 1000, 50.0, "CNY", &err) == RW_OK);
    CHECK(rw_store_balance_record(s, "", 2000, 40.0, "CNY", &err) == RW_OK);
    rw_balance_row b;
    CHECK(rw_store_balance_latest(s, NULL, &b, &err) == RW_OK && b.amount == 40.0 && b.at == 2000);
    CHECK(rw_store_balance_record(s, "other", 500, 1.0, "USD", &err) == RW_OK);
    rw_error_clear(&err);
    CHECK(rw_store_balance_latest(s, NULL, &b, &err) == RW_EINVAL && strstr(err.text, "other"));
    CHECK(rw_store_balance_latest(s, "other", &b, &err) == RW_OK && !strcmp(b.currency, "USD"));
    char cur[4];
    CHECK(rw_store_default_currency(s, "nobody", cur, &err) == RW_OK && !strcmp(cur, "CNY"));

    /* Top-ups: monthly keeps the day, clamped; until is respected. */
    rw_topup t;
    memset(&t, 0, sizeof t);
    t.at = 1706659200 + 9 * 3600; /* 2024-01-31T09:00:00Z */
    t.amount = 100;
    t.every = RW_EVERY_MONTH;
    t.until = 1714521600; /* 2024-05-01 */
    memcpy(t.currency, "CNY", 4);
    char when[32];
    rw_time_format_iso(rw_topup_occurrence(&t, 1), when, sizeof when);
    CHECK_STR(when, "2024-02-29T09:00:00Z");
    rw_time_format_iso(rw_topup_occurrence(&t, 2), when, sizeof when);
    CHECK_STR(when, "2024-03-31T09:00:00Z");
    CHECK(rw_topup_occurrence(&t, 4) == INT64_MAX);
    t.every = RW_EVERY_WEEK;
    CHECK(rw_topup_occurrence(&t, 2) == t.at + 14 * RW_DAY);
    CHECK(rw_store_topup_add(s, &t, &err) == RW_OK && t.id > 0);
    rw_topup *list = NULL;
    size_t n = 0;
    CHECK(rw_store_topup_list(s, NULL, &list, &n, &err) == RW_OK && n == 1 && list[0].every == RW_EVERY_WEEK &&
          list[0].until == t.until);
    free(list);
    CHECK(rw_store_topup_remove(s, t.id, &err) == RW_OK);
    CHECK(rw_store_topup_remove(s, t.id, &err) == RW_ENOTFOUND);
    test_ledger_below(s);
    sqlite3_stmt *ic = NULL;
    CHECK(sqlite3_prepare_v2(rw_store_db(s), "PRAGMA integrity_check", -1, &ic, NULL) == SQLITE_OK &&
          sqlite3_step(ic) == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(ic, 0), "ok"));
    sqlite3_finalize(ic);
    rw_store_close(s);
    remove_db(db);
    unlink(f1);
    unlink(f2);
    unlink("test_store_a.csv");
    unlink("test_store_b.csv");
    CHECK_DONE();
}
