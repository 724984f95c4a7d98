/* test_api.c: the library as a program built on it sees it (runway.h
 * only): a session on a fresh store, the sample data ingested, and each
 * use case's answer checked against what the data hold or against another
 * use case that must agree (the report and the commands, the alert and the
 * run-out); messages, errors and the one-snapshot reads. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "runway.h"

#ifndef RW_SOURCE_DIR
#define RW_SOURCE_DIR "."
#endif
#define SAMPLE RW_SOURCE_DIR "/data/sample/"

/* Messages the session received. */
typedef struct heard {
    int notes, warnings, details;
    char last[512];      /* the last message */
    char last_note[512]; /* the last note */
} heard;

static void listen(void *ctx, rw_message_level level, const char *text)
{
    heard *h = ctx;
    h->notes += level == RW_MSG_NOTE;
    h->warnings += level == RW_MSG_WARNING;
    h->details += level == RW_MSG_DETAIL;
    snprintf(h->last, sizeof h->last, "%s", text);
    if (level == RW_MSG_NOTE) snprintf(h->last_note, sizeof h->last_note, "%s", text);
}

/* A temporary file that holds what a writer wrote. */
static char *written(rw_status (*fn)(const void *, FILE *), const void *x)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return NULL;
    CHECK(fn(x, f) == RW_OK);
    fclose(f);
    return buf;
}

static rw_status write_runout(const void *r, FILE *f)
{
    return rw_runout_write(r, RW_OUT_JSON, f, NULL);
}

static rw_status write_series(const void *s, FILE *f)
{
    rw_selection sel;
    rw_selection_init(&sel);
    return rw_series_write(s, &sel, 0, f, NULL);
}

static void test_parsers(void)
{
    rw_error err;
    rw_error_clear(&err);
    int64_t t;
    double a;
    CHECK(rw_parse_when("2024-09-28", 1, &t, &err) == RW_OK && t == 1727568000);
    CHECK(rw_parse_when("2024-09-28T10:00:00+08:00", 0, &t, &err) == RW_OK && t == 1727488800);
    CHECK(rw_parse_when("yesterday", 0, &t, &err) == RW_EINVAL);
    CHECK(strstr(err.text, "'yesterday' is not a date") != NULL);
    rw_error_clear(&err);
    CHECK(rw_parse_amount("1,234.5", &a, &err) == RW_OK && a == 1234.5);
    CHECK(rw_parse_duration("6h", &t, &err) == RW_OK && t == 6 * 3600);
    CHECK(rw_parse_offset("+08:00", &t, &err) == RW_OK && t == 8 * 3600);
    CHECK(rw_parse_month("2024-02", &t, &err) == RW_OK && rw_month_next(t) - t == 29 * RW_DAY);
    rw_flow_plan f;
    CHECK(rw_parse_flow("500@2024-10-01/month", &f, &err) == RW_OK && f.amount == 500 &&
          f.every == RW_EVERY_MONTH);
    CHECK(rw_parse_flow("500@2024-10-01/day", &f, &err) == RW_EINVAL);
    rw_error_clear(&err);
    char cur[4];
    CHECK(rw_parse_currency("cny", cur, &err) == RW_OK && !strcmp(cur, "CNY"));
    CHECK(rw_parse_currency("yuan", cur, &err) == RW_EINVAL);
}

/* Ingests the sample files; returns the session. */
static rw_session *sample_store(const char *db, heard *h)
{
    static const char *const files[] = {SAMPLE "balance-2024-09-28.json",
                                        SAMPLE "focus-2024-06-to-09.csv.gz",
                                        SAMPLE "tencent-bill-2024-09-redis.csv"};
    rw_session_opts so = {db, listen, h};
    rw_session *s = NULL;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_session_open(&so, &s, &err) == RW_OK);
    CHECK(access(db, F_OK) != 0); /* the store is made on first use only */
    rw_ingest_options io;
    rw_ingest_options_init(&io);
    rw_ingest_result *res = NULL;
    CHECK(rw_ingest(s, files, 3, &io, NULL, &res, &err) == RW_OK);
    rw_ingest_result_free(res);
    /* Again: nothing is added. */
    CHECK(rw_ingest(s, files, 3, &io, NULL, &res, &err) == RW_OK);
    rw_ingest_result_free(res);
    return s;
}

static void test_plans(rw_session *s, heard *h)
{
    rw_error err;
    rw_error_clear(&err);
    /* The store's balance is carried to the end of the last day of data. */
    rw_runout_options ro;
    rw_runout_options_init(&ro);
    ro.policy = "tencent-cos";
    rw_runout_result *r = NULL;
    (void)h;
    CHECK(rw_runout_plan(s, &ro, &r, &err) == RW_OK);
    const rw_runout_facts *f = r ? rw_runout_result_facts(r) : NULL;
    if (f) {
        CHECK_STR(f->currency, "CNY");
        CHECK(f->as_of == 1727481600); /* 2024-09-28 */
        CHECK(f->day[0] <= f->day[1] && f->day[1] <= f->day[2] && f->day[1] > 0);
        CHECK(f->negative_from[1] == f->as_of + f->day[1] * RW_DAY);
        CHECK(f->suspended_from[1] > f->negative_from[1]);
        CHECK(f->deleted_from[1] > f->suspended_from[1]);
        char *json = written(write_runout, r);
        CHECK(json && strstr(json, "\"balance_note\"") && strstr(json, "\"explanation\""));
        free(json);
    }
    /* The same money given: the same days. */
    rw_runout_options given = ro;
    given.has_balance = 1;
    given.balance = f ? f->balance : 0;
    given.plan.as_of = f ? f->as_of : 0;
    rw_runout_result *r2 = NULL;
    CHECK(rw_runout_plan(s, &given, &r2, &err) == RW_OK);
    if (r2 && f) CHECK(rw_runout_result_facts(r2)->day[1] == f->day[1]);
    rw_runout_result_free(r2);
    rw_runout_result_free(r);

    /* Errors say what is wrong. */
    ro.policy = "nope";
    CHECK(rw_runout_plan(s, &ro, &r, &err) == RW_EINVAL && r == NULL);
    CHECK(strstr(err.text, "nope") != NULL);
    rw_error_clear(&err);
    rw_runout_options_init(&ro);
    ro.plan.sel.input = SAMPLE "series-daily-egress.csv";
    CHECK(rw_runout_plan(s, &ro, &r, &err) == RW_EINVAL);
    CHECK(strstr(err.text, "--balance AMOUNT is required") != NULL);
    rw_error_clear(&err);
    rw_runout_options_init(&ro);
    ro.plan.as_of = 1000000000; /* 2001: before the data */
    CHECK(rw_runout_plan(s, &ro, &r, &err) == RW_EINVAL);
    CHECK(strstr(err.text, "is before the series") != NULL);
    rw_error_clear(&err);

    /* Thresholds: the ladder, lowest for the shortest lead. */
    rw_thresholds_options to;
    rw_thresholds_options_init(&to);
    to.replay = 0;
    rw_thresholds_result *t = NULL;
    CHECK(rw_thresholds_plan(s, &to, &t, &err) == RW_OK);
    rw_thresholds_result_free(t);
    /* A budget needs an amount. */
    rw_budget_options bo;
    rw_budget_options_init(&bo);
    rw_budget_result *b = NULL;
    CHECK(rw_budget_plan(s, &bo, &b, &err) == RW_EINVAL && b == NULL);
}

static void test_series(rw_session *s)
{
    rw_error err;
    rw_error_clear(&err);
    rw_selection sel;
    rw_selection_init(&sel);
    CHECK(rw_selection_by(&sel, "service", &err) == RW_OK);
    CHECK(rw_selection_by(&sel, "colour", &err) == RW_EINVAL);
    CHECK(strstr(err.text, "unknown dimension 'colour'") != NULL);
    rw_error_clear(&err);
    rw_series_set *set = NULL;
    CHECK(rw_series_select(s, &sel, &set, &err) == RW_OK);
    char *csv = set ? written(write_series, set) : NULL;
    CHECK(csv && !strncmp(csv, "series,timestamp,value\n", 23));
    CHECK(csv && strstr(csv, "Cloud Object Storage,2024-09-28,") != NULL);
    free(csv);
    rw_series_set_free(set);
    sel.input = "file.csv";
    CHECK(rw_series_select(s, &sel, &set, &err) == RW_EINVAL && set == NULL);
    rw_error_clear(&err);
    /* Sources are text or JSON; only rejects have a CSV form. */
    rw_source_list *l = NULL;
    CHECK(rw_sources_list(s, &l, &err) == RW_OK && l != NULL);
    if (l) CHECK(rw_source_list_write(l, RW_OUT_CSV, stdout, &err) == RW_EINVAL);
    rw_source_list_free(l);
    rw_error_clear(&err);
}

static void test_forecast_and_alerts(rw_session *s, heard *h, const char *dir)
{
    rw_error err;
    rw_error_clear(&err);
    rw_forecast_options fo;
    rw_forecast_options_init(&fo);
    fo.horizon = 7;
    fo.npaths = 100;
    fo.sel.series = "no such series";
    rw_forecast_set *fs = NULL;
    CHECK(rw_forecast_series(s, &fo, &fs, &err) == RW_EINVAL && fs == NULL);
    rw_error_clear(&err);
    fo.sel.series = NULL;
    CHECK(rw_forecast_series(s, &fo, &fs, &err) == RW_OK && fs != NULL);
    rw_forecast_set_free(fs);
    /* By service: the Beijing-time bill's last UTC day is partial, a note
     * says so, and it is forecast rather than learnt from. */
    int notes = h->notes;
    CHECK(rw_selection_by(&fo.sel, "service", &err) == RW_OK);
    CHECK(rw_forecast_series(s, &fo, &fs, &err) == RW_OK && fs != NULL);
    CHECK(h->notes == notes + 1 && strstr(h->last_note, "covered only until") != NULL);
    CHECK(h->details > 0 && strstr(h->last, "saved as #") != NULL);
    rw_forecast_set_free(fs);
    fo.sel.by = RW_BY_NONE;
    /* The saved forecast is scored (nothing has arrived since). */
    rw_backtest_set *bs = NULL;
    CHECK(rw_backtest_saved(s, "total", &bs, &err) == RW_OK && bs != NULL);
    rw_backtest_set_free(bs);

    /* A dry run decides and records nothing; the alert agrees with the
     * run-out on the P50 date. */
    rw_alert_options ao;
    rw_alert_options_init(&ao);
    ao.dry_run = 1;
    ao.now = 1727740800;
    rw_alert_run *run = NULL;
    CHECK(rw_alerts_run(s, &ao, &run, &err) == RW_OK && run != NULL);
    rw_alert_run_free(run);
    ao.nwebhooks = 2;
    ao.webhooks[0] = ao.webhooks[1] = "json=http://127.0.0.1:9/hook";
    CHECK(rw_alerts_run(s, &ao, &run, &err) == RW_EINVAL);
    CHECK(strstr(err.text, "given twice") != NULL);
    rw_alert_run_free(run);
    rw_error_clear(&err);

    /* The report, without charts, into a folder. */
    rw_report_options rpo;
    rw_report_options_init(&rpo);
    rpo.out = dir;
    rpo.charts = 0;
    rpo.budget = 20000;
    rw_report_result *rep = NULL;
    CHECK(rw_report_create(s, &rpo, &rep, &err) == RW_OK);
    char path[512];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    CHECK(access(path, R_OK) == 0);
    rw_report_result_free(rep);
}

/* A call that reads only a series file does not create the store. */
static void test_file_only(const char *dir)
{
    char db[96];
    snprintf(db, sizeof db, "%s/never.db", dir);
    rw_session_opts so = {db, NULL, NULL};
    rw_session *s = NULL;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_session_open(&so, &s, &err) == RW_OK);
    rw_runout_options ro;
    rw_runout_options_init(&ro);
    ro.plan.sel.input = SAMPLE "series-daily-egress.csv";
    ro.has_balance = 1;
    ro.balance = 2500;
    rw_runout_result *r = NULL;
    CHECK(rw_runout_plan(s, &ro, &r, &err) == RW_OK && r != NULL);
    rw_runout_result_free(r);
    rw_thresholds_options to;
    rw_thresholds_options_init(&to);
    to.plan.sel.input = ro.plan.sel.input;
    to.replay = 0;
    rw_thresholds_result *t = NULL;
    CHECK(rw_thresholds_plan(s, &to, &t, &err) == RW_OK);
    rw_thresholds_result_free(t);
    /* The usual fixed alert and the responses' policy are checked too
     * (NaN is "not given": the default). */
    to.fixed_alert = -1;
    rw_error_clear(&err);
    CHECK(rw_thresholds_plan(s, &to, &t, &err) == RW_EINVAL && t == NULL);
    to.fixed_alert = 500;
    to.policy = "nope";
    rw_error_clear(&err);
    CHECK(rw_thresholds_plan(s, &to, &t, &err) != RW_OK && t == NULL);
    rw_session_close(s);
    CHECK(access(db, F_OK) != 0);
}

int main(void)
{
    char dir[] = "/tmp/rw_api.XXXXXX", db[64], out[64];
    if (!mkdtemp(dir)) return 1;
    snprintf(db, sizeof db, "%s/store.db", dir);
    snprintf(out, sizeof out, "%s/report", dir);
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_global_init(&err) == RW_OK);
    CHECK(strlen(rw_version()) >= 5);
    test_parsers();
    heard h = {0};
    rw_session *s = sample_store(db, &h);
    CHECK_STR(rw_session_db(s), db);
    test_series(s);
    test_plans(s, &h);
    test_forecast_and_alerts(s, &h, out);
    test_file_only(dir);
    rw_session_close(s);
    rw_session_close(NULL);
    rw_global_cleanup();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) return 1;
    CHECK_DONE();
}
