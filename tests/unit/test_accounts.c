/* test_accounts.c: the account registry: the 6 -> 7 migration of a store
 * with data, CRUD in the store (created kept, NULL fields), accounts seen
 * in balances, the ledger and bills appearing beside the registered ones,
 * and the library's rules: labels, routes that are never a URL (the
 * refusal never repeats it), payer, policy, budget; imports that store
 * all rows or none, with FILE:LINE; label filters; the shard split; the
 * threshold override's rules and the one rule of a plan's setting (given,
 * else registered, else default). */
#include <math.h>
#include <stdlib.h>
#include <unistd.h>
#include <sqlite3.h>
#include "check.h"
#include "store_check.h"
#include "runway.h"
#include "app/accounts.h"
#include "store/accounts.h"
#include "store/balance.h"
#include "store/schema.h"

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

/* A version-6 store, made by the migrations 0..5 alone, with a balance. */
static void make_v6(const char *db)
{
    sqlite3 *c = NULL;
    remove_db(db);
    CHECK(sqlite3_open(db, &c) == SQLITE_OK);
    for (size_t i = 0; i < 6; i++) CHECK(sqlite3_exec(c, rw_schema_migration(i), NULL, NULL, NULL) == SQLITE_OK);
    CHECK(sqlite3_exec(c, "INSERT INTO balances(account, at, amount, currency, origin)"
                          " VALUES('old', 100, 12.5, 'CNY', 'manual'); PRAGMA user_version=6;",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(c);
}

static void test_migration(void)
{
    const char *db = "test_accounts_v6.db";
    rw_store *s = NULL;
    rw_error err;
    rw_error_clear(&err);
    make_v6(db);
    CHECK(rw_store_open(db, &s, &err) == RW_OK);
    CHECK(rw_store_version(s) == RW_STORE_SCHEMA_VERSION);
    CHECK(count(s, "SELECT count(*) FROM balances WHERE account = 'old'") == 1);
    CHECK(count(s, "SELECT count(*) FROM accounts") == 0);
    /* The v6 account is seen, not registered. */
    rw_account_rec *recs = NULL;
    size_t n = 0;
    CHECK(rw_store_accounts_all(s, &recs, &n, &err) == RW_OK && n == 1);
    if (n == 1) {
        CHECK_STR(recs[0].id, "old");
        CHECK(!recs[0].registered && recs[0].has_balance && recs[0].balance.amount == 12.5);
        CHECK_STR(recs[0].labels, "{}");
        rw_account_rec_cleanup(&recs[0]);
    }
    free(recs);
    rw_store_close(s);
    remove_db(db);
}

static void test_store_crud(void)
{
    const char *db = "test_accounts_crud.db";
    rw_store *s = NULL;
    rw_error err;
    rw_error_clear(&err);
    remove_db(db);
    CHECK(rw_store_open(db, &s, &err) == RW_OK);
    rw_account_rec r, got;
    memset(&r, 0, sizeof r);
    snprintf(r.id, sizeof r.id, "%s", "A1");
    r.name = "Finance";
    r.labels = "{\"department\":\"finance\"}";
    r.owner = "ops@example.com";
    r.payer = NULL;
    r.policy = "tencent-cos";
    r.routes = "[]";
    r.budget = 300;
    r.thresholds = NULL;
    CHECK(rw_store_account_put(s, &r, 1000, &err) == RW_OK);
    CHECK(rw_store_account_get(s, "A1", &got, &err) == RW_OK);
    CHECK_STR(got.name, "Finance");
    CHECK_STR(got.policy, "tencent-cos");
    CHECK(got.payer == NULL && got.thresholds == NULL && got.budget == 300);
    CHECK(got.created == 1000 && got.updated == 1000);
    rw_account_rec_cleanup(&got);
    /* An update keeps `created`; NULL clears. */
    r.payer = "ORG";
    r.policy = NULL;
    r.budget = NAN;
    CHECK(rw_store_account_put(s, &r, 2000, &err) == RW_OK);
    CHECK(rw_store_account_get(s, "A1", &got, &err) == RW_OK);
    CHECK(got.created == 1000 && got.updated == 2000);
    CHECK(got.payer && !strcmp(got.payer, "ORG") && got.policy == NULL && isnan(got.budget));
    rw_account_rec_cleanup(&got);
    rw_error_clear(&err);
    CHECK(rw_store_account_get(s, "nobody", &got, &err) == RW_ENOTFOUND);
    CHECK(count(s, "SELECT count(*) FROM accounts") == 1);
    rw_store_close(s);
    remove_db(db);
}

/* Through the library: seen accounts, the rules of `set`, imports. */
static void test_library(void)
{
    const char *db = "test_accounts_lib.db";
    rw_session *ss = NULL;
    rw_error err;
    rw_error_clear(&err);
    remove_db(db);
    rw_session_opts so = {db, NULL, NULL};
    CHECK(rw_session_open(&so, &ss, &err) == RW_OK);
    /* A bill with billing account B and sub-accounts S1, S2, a balance of X. */
    write_file("test_accounts_bill.csv",
               "ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ServiceName,"
               "BillingAccountId,SubAccountId\n"
               "2024-09-01T00:00:00Z,2024-09-02T00:00:00Z,5,CNY,cos,B,S1\n"
               "2024-09-01T00:00:00Z,2024-09-02T00:00:00Z,7,CNY,cos,B,S2\n");
    rw_ingest_options io;
    rw_ingest_options_init(&io);
    const char *files[] = {"test_accounts_bill.csv"};
    rw_ingest_result *ir = NULL;
    CHECK(rw_ingest(ss, files, 1, &io, NULL, &ir, &err) == RW_OK);
    rw_ingest_result_free(ir);
    CHECK(rw_balance_set(ss, "X", 1000, 50, "CNY", NULL, &err) == RW_OK);

    rw_account_update u;
    rw_account_update_init(&u);
    u.id = "R";
    u.name = "研发部";
    u.labels[u.nlabels++] = "department=rd";
    u.labels[u.nlabels++] = "project=x";
    u.routes[u.nroutes++] = "wecom=env:HOOK_R";
    u.budget_set = 1;
    u.budget = 800;
    rw_account_list *l = NULL;
    CHECK(rw_account_set(ss, &u, &l, &err) == RW_OK && rw_account_list_count(l) == 1);
    rw_account_list_free(l);

    CHECK(rw_accounts_list(ss, NULL, &l, &err) == RW_OK);
    CHECK(rw_account_list_count(l) == 5);
    const char *want[] = {"B", "R", "S1", "S2", "X"};
    for (size_t i = 0; i < 5 && i < rw_account_list_count(l); i++)
        CHECK_STR(rw_account_list_id(l, i), want[i]);
    rw_account_list_free(l);
    rw_label_filter f = {1, {"department=rd"}};
    CHECK(rw_accounts_list(ss, &f, &l, &err) == RW_OK && rw_account_list_count(l) == 1);
    rw_account_list_free(l);
    f.labels[0] = "department=finance";
    CHECK(rw_accounts_list(ss, &f, &l, &err) == RW_OK && rw_account_list_count(l) == 0);
    rw_account_list_free(l);
    CHECK(rw_app_labels_match("{\"a\":\"1\",\"b\":\"2\"}", &(rw_label_filter){2, {"a=1", "b=2"}}));
    CHECK(!rw_app_labels_match("{\"a\":\"1\"}", &(rw_label_filter){2, {"a=1", "b=2"}}));
    CHECK(!rw_app_labels_match("{\"a\":\"1\"}", &(rw_label_filter){1, {"a=11"}}));

    /* A route that is a URL is refused without repeating it. */
    rw_account_update bad;
    rw_account_update_init(&bad);
    bad.id = "R";
    bad.routes[bad.nroutes++] = "slack=https://hooks.slack.com/services/T0/B0/TOKEN123";
    rw_error_clear(&err);
    CHECK(rw_account_set(ss, &bad, NULL, &err) == RW_EINVAL);
    CHECK(strstr(err.text, "env:VAR") && !strstr(err.text, "TOKEN123"));
    bad.routes[0] = "pager=env:X";
    rw_error_clear(&err);
    CHECK(rw_account_set(ss, &bad, NULL, &err) == RW_EINVAL && strstr(err.text, "route kind"));
    bad.routes[0] = "wecom=env:1BAD";
    rw_error_clear(&err);
    CHECK(rw_account_set(ss, &bad, NULL, &err) == RW_EINVAL);
    bad.nroutes = 0;
    bad.labels[bad.nlabels++] = "bad key=1";
    rw_error_clear(&err);
    CHECK(rw_account_set(ss, &bad, NULL, &err) == RW_EINVAL && strstr(err.text, "label"));
    bad.nlabels = 0;
    bad.payer = "R";
    rw_error_clear(&err);
    CHECK(rw_account_set(ss, &bad, NULL, &err) == RW_EINVAL && strstr(err.text, "payer"));
    bad.payer = NULL;
    bad.policy = "no-such-policy";
    rw_error_clear(&err);
    CHECK(rw_account_set(ss, &bad, NULL, &err) == RW_EINVAL);
    bad.policy = NULL;
    bad.budget_set = 1;
    bad.budget = -5;
    rw_error_clear(&err);
    CHECK(rw_account_set(ss, &bad, NULL, &err) == RW_EINVAL && strstr(err.text, "budget"));
    /* Nothing of the refused changes was stored. */
    CHECK(rw_account_show(ss, "R", &l, &err) == RW_OK);
    FILE *mem = tmpfile();
    CHECK(rw_account_list_write(l, RW_OUT_JSON, 1, mem, &err) == RW_OK);
    rw_account_list_free(l);
    char buf[4096] = "";
    rewind(mem);
    buf[fread(buf, 1, sizeof buf - 1, mem)] = '\0';
    fclose(mem);
    CHECK(strstr(buf, "\"url_ref\": \"env:HOOK_R\"") && strstr(buf, "\"budget\": 800.0"));
    CHECK(strstr(buf, "\"source\": \"registered\"") && strstr(buf, "\"project\": \"x\""));

    /* Imports: a bad row on line 9 stores nothing of the file. */
    write_file("test_accounts_bad.json",
               "[\n"
               "  {\"id\": \"I1\", \"name\": \"one\", \"labels\": {\"team\": \"a\"}},\n"
               "  {\"id\": \"I2\",\n"
               "   \"name\": \"two\",\n"
               "   \"labels\": {\"team\": \"b\"}\n"
               "  },\n"
               "  {\n"
               "   \"id\": \"I3\",\n"
               "   \"routes\": [{\"kind\": \"slack\", \"url_ref\": \"https://h/SECRET9\"}]\n"
               "  }\n"
               "]\n");
    rw_error_clear(&err);
    size_t stored = 99;
    CHECK(rw_accounts_import(ss, "test_accounts_bad.json", &stored, &err) == RW_EFORMAT);
    CHECK(stored == 0 && err.line == 7 && !strcmp(err.file, "test_accounts_bad.json"));
    CHECK(!strstr(err.text, "SECRET9") && strstr(err.text, "I3"));
    rw_error_clear(&err);
    CHECK(rw_account_show(ss, "I1", &l, &err) == RW_ENOTFOUND);
    write_file("test_accounts_ok.csv",
               "id,name,labels,owner,payer,policy,routes,budget\n"
               "C1,Ops,department=ops;project=y,a@b.c,ORG,generic,wecom=env:HOOK_C;slack=profile:ops,120\n"
               "C2,\"Two, Inc\",,,,,,\n");
    rw_error_clear(&err);
    CHECK(rw_accounts_import(ss, "test_accounts_ok.csv", &stored, &err) == RW_OK && stored == 2);
    f.labels[0] = "department=ops";
    CHECK(rw_accounts_list(ss, &f, &l, &err) == RW_OK && rw_account_list_count(l) == 1);
    rw_account_list_free(l);
    write_file("test_accounts_bad.csv",
               "id,name,labels,owner,payer,policy,routes,budget\n"
               "C3,Fine,,,,,,\n"
               "C4,Bad,,,,,,ten\n");
    rw_error_clear(&err);
    CHECK(rw_accounts_import(ss, "test_accounts_bad.csv", &stored, &err) == RW_EFORMAT);
    CHECK(err.line == 3 && strstr(err.text, "budget"));
    rw_error_clear(&err);
    CHECK(rw_account_show(ss, "C3", &l, &err) == RW_ENOTFOUND);
    rw_session_close(ss);
    remove_db(db);
}

/* The shard split: golden values (FNV-1a 64-bit of the id mod n, plus 1:
 * fixed forever, machines in a fleet may run different versions), and
 * rw_app_all_accounts taking each account in exactly one of n shards. */
static rw_status shard_one(rw_session *s, const void *opts, int64_t now, rw_account_result *x,
                           rw_error *err)
{
    (void)s, (void)opts, (void)now, (void)x;
    return rw_error_set(err, RW_ENOTFOUND, NULL, 0, "visited");
}

static void test_shard(void)
{
    CHECK(rw_account_shard("", 2) == 2);
    CHECK(rw_account_shard("100001", 2) == 2 && rw_account_shard("100002", 2) == 1);
    CHECK(rw_account_shard("100001", 7) == 7 && rw_account_shard("a", 7) == 6);
    CHECK(rw_account_shard("acct-00042", 1000000) == 411874);
    CHECK(rw_account_shard("\xe8\xb4\xa2\xe5\x8a\xa1\xe9\x83\xa8", 7) == 6); /* 财务部 */
    CHECK(rw_account_shard("9999999999", 7) == 5 && rw_account_shard("9999999999", 1) == 1);

    size_t k = 0, n = 0;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_parse_shard("3/8", &k, &n, &err) == RW_OK && k == 3 && n == 8);
    CHECK(rw_parse_shard("1/1", &k, &n, &err) == RW_OK && k == 1 && n == 1);
    const char *bad[] = {"0/8", "9/8", "8", "/8", "3/", "3/0", "x/8", "3/8/1", "-1/8",
                         "1/1000001", "99999999999999999999999/1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        CHECK(rw_parse_shard(bad[i], &k, &n, &err) == RW_EINVAL);
        CHECK(strstr(err.text, "is not a shard K/N") != NULL);
    }

    const char *db = "test_accounts_shard.db";
    rw_session *ss = NULL;
    remove_db(db);
    rw_session_opts so = {db, NULL, NULL};
    CHECK(rw_session_open(&so, &ss, &err) == RW_OK);
    enum { NACC = 40 };
    for (int i = 0; i < NACC; i++) {
        char id[32];
        snprintf(id, sizeof id, "acct-%02d", i);
        CHECK(rw_balance_set(ss, id, 1000, 50, "CNY", NULL, &err) == RW_OK);
    }
    rw_all_options a;
    rw_all_options_init(&a);
    a.jobs = 2;
    for (size_t nn = 1; nn <= 5; nn += 2) {
        int seen[NACC] = {0};
        for (size_t kk = 1; kk <= nn; kk++) {
            rw_account_results *rs = NULL;
            a.shard_k = kk;
            a.shard_n = nn;
            rw_status st =
                rw_app_all_accounts(ss, RW_ALL_RUNOUT, &a, 0, shard_one, NULL, &rs, &err);
            CHECK(st == RW_EPARTIAL || st == RW_ENOTFOUND);
            for (size_t i = 0; rs && i < rs->n; i++) {
                long idx = strtol(rs->r[i].acc.id + 5, NULL, 10);
                CHECK(rw_account_shard(rs->r[i].acc.id, nn) == kk);
                if (idx >= 0 && idx < NACC) seen[idx]++;
            }
            rw_account_results_free(rs);
        }
        for (int i = 0; i < NACC; i++) CHECK(seen[i] == 1);
    }
    /* A shard the runner cannot take is refused before any account runs. */
    size_t badk[][2] = {{0, 2}, {3, 2}, {1, 0}, {1, RW_SHARD_MAX + 1}};
    for (size_t i = 0; i < sizeof badk / sizeof *badk; i++) {
        rw_account_results *rs = NULL;
        a.shard_k = badk[i][0];
        a.shard_n = badk[i][1];
        CHECK(rw_app_all_accounts(ss, RW_ALL_RUNOUT, &a, 0, shard_one, NULL, &rs, &err) ==
              RW_EINVAL);
        CHECK(rs == NULL);
    }
    rw_session_close(ss);
    remove_db(db);
}

/* The threshold override (valid and invalid texts), what the registry
 * gives a plan, and "given, else registered, else default". */
static void test_overrides(void)
{
    CHECK(rw_app_setting(1, 2, 3) == 1);
    CHECK(rw_app_setting(NAN, 2, 3) == 2);
    CHECK(rw_app_setting(NAN, NAN, 3) == 3);
    CHECK_STR(rw_app_setting_str("a", "b", "c"), "a");
    CHECK_STR(rw_app_setting_str(NULL, "b", "c"), "b");
    CHECK_STR(rw_app_setting_str(NULL, "", "c"), "c");
    CHECK(rw_app_setting_str(NULL, NULL, NULL) == NULL);

    rw_app_registered r;
    rw_error err;
    rw_error_clear(&err);
    memset(&r, 0, sizeof r);
    CHECK(rw_app_thresholds_override("{\"lead_days\": [14, 2], \"confidence\": 0.9,"
                                     " \"fixed_alert\": 100}", &r, &err) == RW_OK);
    CHECK(r.nleads == 2 && r.leads[0] == 14 && r.leads[1] == 2);
    CHECK(r.confidence == 0.9 && r.fixed_alert == 100);
    CHECK(rw_app_thresholds_override("{\"confidence\": 0.99}", &r, &err) == RW_OK);
    CHECK(r.nleads == 0 && r.confidence == 0.99 && isnan(r.fixed_alert));
    CHECK(rw_app_thresholds_override("{}", &r, &err) == RW_OK);
    CHECK(r.nleads == 0 && isnan(r.confidence) && isnan(r.fixed_alert));
    static const char *const bad[] = {
        "[1]", "7", "{\"lead_days\": []}", "{\"lead_days\": [0]}", "{\"lead_days\": [1.5]}",
        "{\"lead_days\": [366]}", "{\"lead_days\": 7}", "{\"lead_days\": [\"7\"]}",
        "{\"lead_days\": [1,2,3,4,5,6,7,8,9]}", "{\"confidence\": 0.2}",
        "{\"confidence\": 1}", "{\"confidence\": \"high\"}", "{\"fixed_alert\": -1}",
        "{\"fixed_alert\": null}", "{\"leads\": [7]}", "not json"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        rw_error_clear(&err);
        CHECK(rw_app_thresholds_override(bad[i], NULL, &err) == RW_EINVAL && err.text[0]);
    }

    const char *db = "test_accounts_ovr.db";
    rw_session *ss = NULL;
    rw_error_clear(&err);
    remove_db(db);
    rw_session_opts so = {db, NULL, NULL};
    CHECK(rw_session_open(&so, &ss, &err) == RW_OK);
    rw_account_update u;
    rw_account_update_init(&u);
    u.id = "T";
    u.thresholds = "{\"lead_days\": [0]}";
    CHECK(rw_account_set(ss, &u, NULL, &err) == RW_EINVAL); /* refused, nothing stored */
    rw_error_clear(&err);
    u.thresholds = "{\"lead_days\": [10, 5], \"fixed_alert\": 42}";
    u.policy = "tencent-cos";
    u.budget_set = 1;
    u.budget = 300;
    CHECK(rw_account_set(ss, &u, NULL, &err) == RW_OK);
    CHECK(rw_app_account_registered(ss, "T", &r, &err) == RW_OK);
    CHECK(r.nleads == 2 && r.leads[0] == 10 && r.leads[1] == 5 && r.fixed_alert == 42);
    CHECK(isnan(r.confidence) && r.budget == 300);
    CHECK_STR(r.policy, "tencent-cos");
    CHECK(rw_app_account_registered(ss, "nobody", &r, &err) == RW_OK);
    CHECK(r.nleads == 0 && isnan(r.budget) && isnan(r.confidence) && !r.policy[0]);
    CHECK(rw_app_account_registered(ss, NULL, &r, &err) == RW_OK && isnan(r.budget));
    rw_session_close(ss);
    remove_db(db);
}

int main(void)
{
    rw_store_process_init();
    test_migration();
    test_store_crud();
    test_library();
    test_shard();
    test_overrides();
    return check_failures ? 1 : 0;
}
