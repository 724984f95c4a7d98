/* test_amortize.c: charges spread over their charge periods (series_query.c
 * with amortize set): hand-computed figures (a monthly and a yearly
 * purchase, a period crossing the query's end or the end of the data, a
 * zero-length charge, hours with a 2-hour charge, a Tencent Cloud 包年包月
 * bill in Beijing and in UTC days), and random charges against a naive
 * oracle that keeps every bucket's total and the money as a whole. */
#include <stdlib.h>
#include <unistd.h>
#include "check.h"
#include "store_check.h"
#include "app/ingest_file.h"
#include "store/series_query.h"
#include "util/timeutil.h"
#include "util/tz.h"

static const char *focus_hdr = "ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,"
                               "ServiceName,SubAccountId,ChargeCategory,ChargeFrequency\n";

static void ingest(rw_store *s, const char *path)
{
    rw_ingest_opts o = {.format = RW_FMT_AUTO, .naive_offset = RW_OFFSET_DEFAULT,
                        .max_reject_rate = 0.5};
    rw_ingest_report rep;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_ingest_file(s, path, &o, NULL, NULL, &rep, &err) == RW_OK && rep.rejected == 0);
}

static int64_t day(int y, int m, int d)
{
    return rw_days_from_civil(y, m, d) * RW_DAY;
}

/* The query of one account's series, amortised or not. */
static rw_series_query query(const char *account, rw_granularity g, int amortize)
{
    rw_series_query q = {RW_METRIC_COST, NULL, RW_BY_SERVICE, NULL, g, INT64_MIN, INT64_MAX,
                         NULL, account, NULL, amortize};
    return q;
}

static const rw_series *named(const rw_series_set *set, const char *name)
{
    for (size_t i = 0; set && i < set->n; i++)
        if (!strcmp(set->s[i].name, name)) return &set->s[i];
    fprintf(stderr, "no series '%s'\n", name);
    return NULL;
}

/* The value of series r at bucket t (NaN when there is none). */
static double at(const rw_series *r, int64_t t)
{
    for (size_t i = 0; r && i < r->n; i++)
        if (r->t[i] == t) return r->v[i];
    return NAN;
}

static double total(const rw_series *r)
{
    double s = 0;
    for (size_t i = 0; r && i < r->n; i++) s += r->v[i];
    return s;
}

static rw_series_set *run(rw_store *s, const rw_series_query *q)
{
    rw_series_set *set = NULL;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_series_query_run(s, q, &set, &err) == RW_OK);
    return set;
}

/* A 310 monthly purchase over October and daily usage of 1 in October:
 * 10 a day; as billed, 310 on the 1st. */
static void test_month(rw_store *s)
{
    rw_series_query q = query("M", RW_GRAN_DAY, 1);
    rw_series_set *set = run(s, &q);
    const rw_series *cvm = named(set, "CVM"), *cos = named(set, "COS");
    CHECK(cvm && cvm->n == 31 && cos && cos->n == 31);
    for (int d = 1; cvm && d <= 31; d++) {
        CHECK_NEAR(at(cvm, day(2024, 10, d)), 10.0, 1e-12);
        CHECK_NEAR(at(cos, day(2024, 10, d)), 1.0, 1e-12);
    }
    CHECK_NEAR(total(cvm), 310.0, 310e-12);
    CHECK(cvm && cvm->covered_from == day(2024, 10, 1) && cvm->covered_to == day(2024, 11, 1));
    CHECK(cvm && cvm->deferred == 0);
    rw_series_set_free(set);
    q.amortize = 0;
    set = run(s, &q);
    cvm = named(set, "CVM");
    CHECK(cvm && at(cvm, day(2024, 10, 1)) == 310.0 && at(cvm, day(2024, 10, 2)) == 0.0);
    rw_series_set_free(set);
    /* Weeks: Monday 2024-09-30 holds 6 days of October, 2024-10-28 four. */
    q = query("M", RW_GRAN_WEEK, 1);
    set = run(s, &q);
    cvm = named(set, "CVM");
    CHECK_NEAR(at(cvm, day(2024, 9, 30)), 60.0, 1e-12);
    CHECK_NEAR(at(cvm, day(2024, 10, 7)), 70.0, 1e-12);
    CHECK_NEAR(at(cvm, day(2024, 10, 28)), 40.0, 1e-12);
    rw_series_set_free(set);
}

/* A 3650 yearly purchase from 2024-10-01 (365 days) and usage of 0.5 on
 * its last day: 10 a day, 310 in October, 280 in February 2025. */
static void test_year(rw_store *s)
{
    rw_series_query q = query("Y", RW_GRAN_DAY, 1);
    rw_series_set *set = run(s, &q);
    const rw_series *cvm = named(set, "CVM");
    CHECK(cvm && cvm->n == 365);
    double worst = 0;
    for (size_t i = 0; cvm && i < cvm->n; i++) worst = fmax(worst, fabs(cvm->v[i] - 10.0));
    CHECK(worst <= 1e-12);
    CHECK_NEAR(total(cvm), 3650.0, 3650e-12);
    rw_series_set_free(set);
    q.gran = RW_GRAN_MONTH;
    set = run(s, &q);
    cvm = named(set, "CVM");
    CHECK(cvm && cvm->n == 12);
    CHECK_NEAR(at(cvm, day(2024, 10, 1)), 310.0, 1e-9);
    CHECK_NEAR(at(cvm, day(2024, 11, 1)), 300.0, 1e-9);
    CHECK_NEAR(at(cvm, day(2025, 2, 1)), 280.0, 1e-9);
    CHECK_NEAR(at(cvm, day(2025, 9, 1)), 300.0, 1e-9);
    CHECK_NEAR(total(cvm), 3650.0, 3650e-12);
    rw_series_set_free(set);
    /* The query ends on 2024-12-31 00:00 (--to 2024-12-30): October,
     * November and 30 days of December; the rest is deferred, and the
     * last month is covered only in part. */
    q.to = day(2024, 12, 31);
    set = run(s, &q);
    cvm = named(set, "CVM");
    CHECK(cvm && cvm->n == 3);
    CHECK_NEAR(at(cvm, day(2024, 12, 1)), 300.0, 1e-9);
    CHECK(cvm && cvm->covered_to == day(2024, 12, 31));
    CHECK_NEAR(cvm ? cvm->deferred : 0, 3650.0 - 910.0, 1e-9);
    rw_series_set_free(set);
    /* From 2025-01-01: the purchase reaches into the query. */
    q.from = day(2025, 1, 1);
    q.to = day(2025, 3, 1);
    set = run(s, &q);
    cvm = named(set, "CVM");
    CHECK(cvm && cvm->n == 2 && cvm->covered_from == day(2025, 1, 1));
    CHECK_NEAR(at(cvm, day(2025, 1, 1)), 310.0, 1e-9);
    CHECK_NEAR(at(cvm, day(2025, 2, 1)), 280.0, 1e-9);
    rw_series_set_free(set);
    q.amortize = 0; /* as billed the purchase started before: nothing */
    set = run(s, &q);
    CHECK(set && set->n == 0);
    rw_series_set_free(set);
}

/* The data of account E ends on 2024-10-10: the monthly purchase shows
 * its first ten days, the other 21 are deferred (not placed). */
static void test_data_end(rw_store *s)
{
    rw_series_query q = query("E", RW_GRAN_DAY, 1);
    rw_series_set *set = run(s, &q);
    const rw_series *cvm = named(set, "CVM");
    CHECK(cvm && cvm->n == 10 && cvm->t[9] == day(2024, 10, 10));
    CHECK_NEAR(total(cvm), 100.0, 1e-9);
    CHECK_NEAR(cvm ? cvm->deferred : 0, 210.0, 1e-9);
    CHECK(cvm && cvm->covered_to == day(2024, 10, 11));
    rw_series_set_free(set);
}

/* Hours on 2024-10-05: 4 over 10:30-12:30, 3 within 13:00-13:30, 7 with
 * no length at 14:00: 1, 2, 1, 3, 7. A day holds all 14. */
static void test_hours(rw_store *s)
{
    rw_series_query q = query("H", RW_GRAN_HOUR, 1);
    q.by = RW_BY_NONE;
    rw_series_set *set = run(s, &q);
    const rw_series *t = named(set, "total");
    int64_t h10 = day(2024, 10, 5) + 10 * RW_HOUR;
    static const double want[] = {1, 2, 1, 3, 7};
    CHECK(t && t->n == 5);
    for (int k = 0; t && k < 5; k++) CHECK_NEAR(at(t, h10 + k * RW_HOUR), want[k], 1e-12);
    CHECK(t && t->covered_from == h10 + 1800 && t->covered_to == h10 + 4 * RW_HOUR);
    rw_series_set_free(set);
    q.gran = RW_GRAN_DAY;
    set = run(s, &q);
    t = named(set, "total");
    CHECK(t && t->n == 1 && at(t, day(2024, 10, 5)) == 14.0);
    rw_series_set_free(set);
}

/* Uneven thirds: 100 over three days is 100/3 each and adds up to 100
 * (the last day gets the remainder). */
static void test_thirds(rw_store *s)
{
    rw_series_query q = query("T", RW_GRAN_DAY, 1);
    rw_series_set *set = run(s, &q);
    const rw_series *t = named(set, "CVM");
    CHECK(t && t->n == 3);
    CHECK_NEAR(at(t, day(2024, 10, 1)), 100.0 / 3, 1e-12);
    CHECK_NEAR(at(t, day(2024, 10, 3)), 100.0 / 3, 1e-12);
    rw_ksum k = {0, 0};
    for (size_t i = 0; t && i < t->n; i++) rw_ksum_add(&k, t->v[i]);
    CHECK(fabs(rw_ksum_value(&k) - 100.0) <= 1e-13);
    rw_series_set_free(set);
}

/* A Tencent Cloud 包年包月 fee of 310 for October, Beijing time, and daily
 * usage of 1 on 2024-10-31: 10 a Beijing day; in UTC days the fee starts
 * on 2024-09-30 16:00 (8 hours: 310 * 8 / 744) and the data end on
 * 2024-10-31 00:00 UTC, so UTC's October 31 (16 hours) is deferred. */
static void test_beijing(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/tc_amortize.csv", dir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f) return;
    fprintf(f, "产品名称,计费模式,交易类型,扣费时间,用量开始时间,用量结束时间,优惠后总价,"
               "现金账户支出,币种\n"
               "云服务器CVM,包年包月,包年包月新购,2024-10-01 00:00:00,2024-10-01 00:00:00,"
               "2024-10-31 23:59:59,310,310,CNY\n"
               "对象存储COS,按量计费,按量计费日结,2024-11-01 03:00:00,2024-10-31 00:00:00,"
               "2024-10-31 23:59:59,1,1,CNY\n");
    fclose(f);
    const char *db = "test_amortize_tc.db";
    remove_db(db);
    rw_store *tc = NULL;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_store_open(db, &tc, &err) == RW_OK);
    if (!tc) return;
    ingest(tc, path);
    rw_tz *bj = NULL;
    CHECK(rw_tz_load("Asia/Shanghai", NULL, &bj, &err) == RW_OK);
    rw_series_query q = query(NULL, RW_GRAN_DAY, 1);
    q.tz = bj;
    rw_series_set *set = run(tc, &q);
    const rw_series *cvm = named(set, "云服务器CVM");
    CHECK(cvm && cvm->n == 31 && cvm->t[0] == day(2024, 10, 1));
    for (int d = 1; cvm && d <= 31; d++) CHECK_NEAR(at(cvm, day(2024, 10, d)), 10.0, 1e-12);
    CHECK_NEAR(total(cvm), 310.0, 1e-12);
    rw_series_set_free(set);
    q.gran = RW_GRAN_MONTH;
    set = run(tc, &q);
    cvm = named(set, "云服务器CVM");
    CHECK(cvm && cvm->n == 1 && at(cvm, day(2024, 10, 1)) == 310.0);
    rw_series_set_free(set);
    q = query(NULL, RW_GRAN_DAY, 1); /* UTC days */
    set = run(tc, &q);
    cvm = named(set, "云服务器CVM");
    CHECK(cvm && cvm->n == 31 && cvm->t[0] == day(2024, 9, 30) && cvm->t[30] == day(2024, 10, 30));
    CHECK_NEAR(at(cvm, day(2024, 9, 30)), 310.0 * 8 / 744, 1e-12);
    CHECK_NEAR(at(cvm, day(2024, 10, 30)), 10.0, 1e-12);
    CHECK_NEAR(cvm ? cvm->deferred : 0, 310.0 * 16 / 744, 1e-12);
    CHECK_NEAR(total(cvm) + (cvm ? cvm->deferred : 0), 310.0, 1e-12);
    rw_series_set_free(set);
    rw_tz_free(bj);
    rw_store_close(tc);
    remove_db(db);
    unlink(path);
}

/* Random charges (periods of 0 to 40 days at any second, amounts in units
 * of 1e-4) against a naive oracle: per bucket, the sum of amount * overlap
 * / length in long double; the whole: the exact integer sum. */
static void test_oracle(rw_store *s, const char *dir)
{
    enum { N = 3000, DAYS = 120 };
    static long double want[DAYS + 41];
    long long units = 0;
    char path[512];
    snprintf(path, sizeof path, "%s/oracle_amortize.csv", dir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f) return;
    fprintf(f, "%s", focus_hdr);
    unsigned long long x = 12345;
    int64_t base = day(2024, 1, 1), last_start = 0;
    for (int i = 0; i < N; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        int64_t start = base + (int64_t)((x >> 20) % ((unsigned long long)DAYS * RW_DAY));
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        int64_t len = i % 10 == 0 ? 0 : (int64_t)((x >> 20) % (40ULL * RW_DAY));
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        long long amount = (long long)((x >> 24) % 20000000) - 2000000; /* credits too */
        units += amount;
        if (start > last_start) last_start = start;
        char a[64], b[64];
        rw_time_format_iso(start, a, sizeof a);
        rw_time_format_iso(start + len, b, sizeof b);
        fprintf(f, "%s,%s,%s%lld.%04lld,CNY,CVM,R,Purchase,Recurring\n", a, b,
                amount < 0 ? "-" : "", llabs(amount) / 10000, llabs(amount) % 10000);
        int64_t d0 = (start - base) / RW_DAY;
        if (len == 0 || (start + len - 1 - base) / RW_DAY == d0) {
            want[d0] += amount;
            continue;
        }
        for (int64_t d = d0; base + d * RW_DAY < start + len; d++) {
            int64_t lo = base + d * RW_DAY > start ? base + d * RW_DAY : start;
            int64_t hi = base + (d + 1) * RW_DAY < start + len ? base + (d + 1) * RW_DAY
                                                               : start + len;
            want[d] += (long double)amount * (long double)(hi - lo) / (long double)len;
        }
    }
    fclose(f);
    ingest(s, path);
    unlink(path);
    rw_series_query q = query("R", RW_GRAN_DAY, 1);
    q.by = RW_BY_NONE;
    rw_series_set *set = run(s, &q);
    const rw_series *t = named(set, "total");
    int64_t end_day = (last_start - base) / RW_DAY; /* the data's last day */
    CHECK(t && t->n == (size_t)end_day + 1);
    long double placed = 0;
    double worst = 0;
    for (int64_t d = 0; t && d <= end_day; d++) {
        long double w = want[d] * 1e-4L;
        placed += w;
        double got = at(t, base + d * RW_DAY);
        worst = fmax(worst, (double)fabsl((long double)got - w) / fmax(1.0, (double)fabsl(w)));
    }
    CHECK(worst <= 1e-9);
    /* Placed plus deferred is every unit of money. */
    rw_ksum k = {0, 0};
    for (size_t i = 0; t && i < t->n; i++) rw_ksum_add(&k, t->v[i]);
    if (t) rw_ksum_add(&k, t->deferred);
    double exact = (double)units * 1e-4;
    CHECK(fabs(rw_ksum_value(&k) - exact) <= 1e-9 * fabs(exact));
    CHECK(fabs(rw_ksum_value(&k) - (double)placed - (t ? t->deferred : 0)) <= 1e-9 * fabs(exact));
    rw_series_set_free(set);
}

int main(void)
{
    const char *db = "test_amortize.db", *path = "test_amortize.csv";
    remove_db(db);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f) CHECK_DONE();
    fprintf(f, "%s", focus_hdr);
    /* M: the monthly purchase and daily usage in October. */
    fprintf(f, "2024-10-01T00:00:00Z,2024-11-01T00:00:00Z,310,CNY,CVM,M,Purchase,Recurring\n");
    for (int d = 1; d <= 31; d++)
        fprintf(f, "2024-10-%02dT00:00:00Z,2024-10-%02dT23:00:00Z,1,CNY,COS,M,Usage,Usage-Based\n",
                d, d);
    /* Y: the yearly purchase, usage on its last day. */
    fprintf(f, "2024-10-01T00:00:00Z,2025-10-01T00:00:00Z,3650,CNY,CVM,Y,Purchase,Recurring\n"
               "2025-09-30T00:00:00Z,2025-10-01T00:00:00Z,0.5,CNY,COS,Y,Usage,Usage-Based\n");
    /* E: data until 2024-10-10. */
    fprintf(f, "2024-10-01T00:00:00Z,2024-11-01T00:00:00Z,310,CNY,CVM,E,Purchase,Recurring\n"
               "2024-10-10T00:00:00Z,2024-10-11T00:00:00Z,2,CNY,COS,E,Usage,Usage-Based\n");
    /* H: hours. */
    fprintf(f, "2024-10-05T10:30:00Z,2024-10-05T12:30:00Z,4,CNY,CVM,H,Usage,Usage-Based\n"
               "2024-10-05T13:00:00Z,2024-10-05T13:30:00Z,3,CNY,CVM,H,Usage,Usage-Based\n"
               "2024-10-05T14:00:00Z,2024-10-05T14:00:00Z,7,CNY,CVM,H,Tax,One-Time\n");
    /* T: thirds, and usage on the last day. */
    fprintf(f, "2024-10-01T00:00:00Z,2024-10-04T00:00:00Z,100,CNY,CVM,T,Purchase,One-Time\n"
               "2024-10-03T00:00:00Z,2024-10-03T01:00:00Z,0,CNY,COS,T,Usage,Usage-Based\n");
    fclose(f);
    rw_store *s = NULL;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_store_open(db, &s, &err) == RW_OK);
    if (!s) CHECK_DONE();
    ingest(s, path);
    unlink(path);
    test_month(s);
    test_year(s);
    test_data_end(s);
    test_hours(s);
    test_thirds(s);
    test_beijing(".");
    test_oracle(s, ".");
    rw_store_close(s);
    remove_db(db);
    CHECK_DONE();
}
