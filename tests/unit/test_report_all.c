/* test_report_all.c: the organisation report (rw_report_all) on a
 * hand-built store whose accounts consume a constant amount per day, so
 * every figure has a closed form: the run-out day is the first d with
 * d * c > balance, the balance that lasts N days is N * c (the simulated
 * paths of a constant series are that constant), the top-up is N * c -
 * balance, October's forecast is 31 * c. Checked: the ranking (in arrears
 * first, then the fewest days left, "never" last), who needs a top-up this
 * week (P10 within 7 days: day 7 yes, day 8 no), the top-ups, the totals
 * per currency, the month per label value against the budgets, the
 * folder names of ids (hostile ones encoded), and the files written. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"
#include "store_check.h"
#include "runway.h"
#include "export/org_report.h"
#include "export/plan_write.h"

#define DB "test_report_all.db"
#define OUT "test_report_all_out"

/* Account id, cost per day, balance at the end of 2024-09-30, labels, budget. */
typedef struct acct {
    const char *id;
    double cost, balance;
    const char *label; /* "department=x" or NULL */
    double budget;     /* 0: none */
} acct;

static const acct accts[] = {
    {"A", 100, 250, "department=x", 5000}, /* runs out on day 3 */
    {"B", 10, 10000, "department=x", 200},  /* never within the horizon */
    {"C", 50, 1000, "department=y", 0},     /* day 21 */
    {"D", 20, -30, NULL, 0},                /* in arrears */
    {"E", 40, 300, NULL, 0},                /* day 8: not this week */
    {"F", 40, 270, NULL, 0},                /* day 7: this week */
};
#define NACCT (sizeof accts / sizeof accts[0])

static void make_store(rw_session *s)
{
    FILE *f = fopen("test_report_all.csv", "w");
    CHECK(f != NULL);
    if (!f) return;
    fputs("ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ServiceName,"
          "BillingAccountId,SubAccountId\n", f);
    for (int d = 0; d < 61; d++) { /* 2024-08-01 .. 2024-09-30 */
        int month = d < 31 ? 8 : 9, day = d < 31 ? d + 1 : d - 30;
        for (size_t i = 0; i < NACCT; i++)
            fprintf(f, "2024-%02d-%02dT00:00:00Z,2024-%02d-%02dT23:59:59Z,%.2f,CNY,cos,9,%s\n",
                    month, day, month, day, accts[i].cost, accts[i].id);
    }
    fclose(f);
    rw_error err;
    rw_error_clear(&err);
    const char *path = "test_report_all.csv";
    rw_ingest_options io;
    rw_ingest_options_init(&io);
    rw_ingest_result *res = NULL;
    CHECK(rw_ingest(s, &path, 1, &io, NULL, &res, &err) == RW_OK);
    rw_ingest_result_free(res);
    int64_t at;
    CHECK(rw_parse_when("2024-10-01T00:00:00Z", 0, &at, &err) == RW_OK);
    for (size_t i = 0; i < NACCT; i++) {
        CHECK(rw_balance_set(s, accts[i].id, at, accts[i].balance, "CNY", NULL, &err) == RW_OK);
        rw_account_update u;
        rw_account_update_init(&u);
        u.id = accts[i].id;
        if (accts[i].label) u.labels[u.nlabels++] = accts[i].label;
        if (accts[i].budget > 0) {
            u.budget_set = 1;
            u.budget = accts[i].budget;
        }
        CHECK(rw_account_set(s, &u, NULL, &err) == RW_OK);
    }
    remove("test_report_all.csv");
}

static const rw_account_result *find(const rw_org_report *r, const char *id, size_t *rank)
{
    for (size_t i = 0; i < r->rs->n; i++)
        if (!strcmp(r->rs->r[i].acc.id, id)) {
            if (rank) *rank = i;
            return &r->rs->r[i];
        }
    return NULL;
}

static const rw_org_account *org(const rw_org_report *r, const char *id)
{
    const rw_account_result *x = find(r, id, NULL);
    return x ? x->result : NULL;
}

static void test_closed_form(void)
{
    rw_session *s = NULL;
    rw_error err;
    rw_error_clear(&err);
    remove_db(DB);
    rw_session_opts so = {DB, NULL, NULL};
    CHECK(rw_session_open(&so, &s, &err) == RW_OK);
    make_store(s);
    rw_report_all_options o;
    rw_report_all_options_init(&o);
    CHECK(o.fund_days == 30 && o.chart_accounts == 50);
    o.report.out = OUT;
    o.report.charts = 0;
    o.all.now = 1727740800; /* 2024-10-01 */
    o.all.jobs = 2;
    rw_org_report *r = NULL;
    CHECK(rw_report_all(s, &o, &r, &err) == RW_OK);
    if (!r) {
        rw_session_close(s);
        return;
    }
    /* The ranking: D (arrears), A (3), F (7), E (8), C (21), B (never). */
    static const char *const order[] = {"D", "A", "F", "E", "C", "B"};
    CHECK(r->rs->n == NACCT && r->rs->failed == 0 && r->pages == NACCT);
    for (size_t i = 0; i < NACCT && i < r->rs->n; i++) CHECK_STR(r->rs->r[i].acc.id, order[i]);
    static const long day[] = {3, RW_NEVER, 21, 0, 8, 7};
    for (size_t i = 0; i < NACCT; i++) {
        const rw_org_account *a = org(r, accts[i].id);
        CHECK(a && a->runout && a->has_page && !a->charts);
        if (!a || !a->runout) continue;
        const rw_runout_facts *f = rw_runout_result_facts(a->runout);
        CHECK(f->day[0] == day[i] && f->day[1] == day[i] && f->day[2] == day[i]);
        CHECK_NEAR(a->burn, accts[i].cost, 1e-9);
        CHECK_NEAR(a->fund_to, 30 * accts[i].cost, 1e-6);
        double top = 30 * accts[i].cost - accts[i].balance;
        CHECK_NEAR(a->topup, top > 0 ? top : 0, 1e-9);
        CHECK(a->needs_topup == (i == 0 || i == 3 || i == 5));
        /* October: nothing spent yet, 31 days forecast. */
        CHECK_STR(a->month_from, "2024-10-01");
        CHECK_NEAR(a->month_spent, 0, 1e-9);
        CHECK_NEAR(a->month_forecast, 31 * accts[i].cost, 1e-6);
        CHECK(accts[i].budget > 0 ? a->budget == accts[i].budget : isnan(a->budget));
        CHECK(a->lines[0][0] != '\0');
    }
    CHECK(r->needs == 3);
    const rw_org_account *d = org(r, "D");
    if (d && d->runout) {
        const rw_runout_facts *f = rw_runout_result_facts(d->runout);
        CHECK(f->arrears.in_arrears && f->arrears.owed == 30);
        CHECK_STR(rw_org_state(find(r, "D", NULL)), f->arrears.phase); /* the arrears phase */
    }
    CHECK(!strcmp(rw_org_state(find(r, "F", NULL)), "top_up"));
    CHECK(!strcmp(rw_org_state(find(r, "E", NULL)), "ok"));
    /* Totals: one currency. */
    CHECK(r->ntotal == 1);
    if (r->ntotal == 1) {
        CHECK_STR(r->total[0].currency, "CNY");
        CHECK(r->total[0].accounts == NACCT && r->total[0].needs == 3);
        CHECK_NEAR(r->total[0].balance, 250 + 10000 + 1000 - 30 + 300 + 270, 1e-9);
        CHECK_NEAR(r->total[0].burn, 100 + 10 + 50 + 20 + 40 + 40, 1e-9);
        CHECK_NEAR(r->total[0].topup, (3000 - 250) + (600 + 30) + (1200 - 270), 1e-6);
    }
    /* The month per department: x (A, B: budgeted), y (C), none (D, E, F). */
    CHECK(r->ngroup == 3);
    if (r->ngroup == 3) {
        const rw_org_group *g = r->group;
        CHECK_STR(g[0].key, "department");
        CHECK_STR(g[0].value, "x");
        CHECK(g[0].accounts == 2 && g[0].budgeted == 2);
        CHECK_NEAR(g[0].forecast, 31 * 110, 1e-6);
        CHECK_NEAR(g[0].budget, 5200, 1e-9);
        CHECK_STR(g[1].value, "y");
        CHECK(g[1].accounts == 1 && g[1].budgeted == 0);
        CHECK_STR(g[2].value, ""); /* without the label: last */
        CHECK(g[2].accounts == 3);
        CHECK_NEAR(g[2].forecast, 31 * 100, 1e-6);
    }
    /* The files. */
    struct stat st;
    CHECK(stat(OUT "/index.html", &st) == 0 && st.st_size > 0);
    CHECK(stat(OUT "/summary.json", &st) == 0 && st.st_size > 0);
    CHECK(stat(OUT "/accounts/A/index.html", &st) == 0);
    CHECK(stat(OUT "/accounts/A/summary.json", &st) == 0);
    CHECK(stat(OUT "/accounts/A/charts", &st) != 0); /* no charts asked for */
    rw_org_report_free(r);

    /* A label filter; the single-account options are refused. */
    o.all.filter.labels[o.all.filter.n++] = "department=x";
    CHECK(rw_report_all(s, &o, &r, &err) == RW_OK && r && r->rs->n == 2);
    rw_org_report_free(r);
    o.fund_days = 31;
    rw_error_clear(&err);
    CHECK(rw_report_all(s, &o, &r, &err) == RW_EINVAL && !r);
    o.fund_days = 30;
    o.report.plan.sel.account = "A";
    rw_error_clear(&err);
    CHECK(rw_report_all(s, &o, &r, &err) == RW_EINVAL && !r);
    rw_session_close(s);
    remove_db(DB);
}

static void test_folder_names(void)
{
    char out[RW_ORG_FOLDER_MAX], id[RW_ACCOUNT_MAX + 2];
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_org_folder_name("200000055433", out, sizeof out, &err) == RW_OK);
    CHECK_STR(out, "200000055433");
    CHECK(rw_org_folder_name("a.b-c_D", out, sizeof out, &err) == RW_OK);
    CHECK_STR(out, "a.b-c_D");
    CHECK(rw_org_folder_name("..", out, sizeof out, &err) == RW_OK);
    CHECK_STR(out, "~2E.");
    CHECK(rw_org_folder_name("../x/<b>", out, sizeof out, &err) == RW_OK);
    CHECK_STR(out, "~2E.~2Fx~2F~3Cb~3E");
    CHECK(rw_org_folder_name("~2F", out, sizeof out, &err) == RW_OK);
    CHECK_STR(out, "~7E2F"); /* never the name of "/" */
    CHECK(rw_org_folder_name("财", out, sizeof out, &err) == RW_OK);
    CHECK_STR(out, "~E8~B4~A2");
    CHECK(rw_org_folder_name("", out, sizeof out, &err) == RW_EINVAL);
    memset(id, '/', 85);
    id[85] = '\0'; /* 255 bytes encoded: fits */
    CHECK(rw_org_folder_name(id, out, sizeof out, &err) == RW_OK && strlen(out) == 255);
    id[85] = '/';
    id[86] = '\0';
    rw_error_clear(&err);
    CHECK(rw_org_folder_name(id, out, sizeof out, &err) == RW_EINVAL);
    memset(id, 'a', RW_ACCOUNT_MAX);
    id[RW_ACCOUNT_MAX] = '\0';
    CHECK(rw_org_folder_name(id, out, sizeof out, &err) == RW_OK);
}

int main(void)
{
    rw_error err;
    if (rw_global_init(&err) != RW_OK) return 1;
    test_folder_names();
    test_closed_form();
    rw_global_cleanup();
    CHECK_DONE();
}
