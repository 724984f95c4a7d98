/* test_all_accounts.c: budgets over every account through the library:
 * each account against its registered budget, an account without one
 * planned and flagged (not failed), the ranking, and the per-label totals
 * of --group-by checked in closed form (constant daily costs in cents, so
 * every sum is known exactly); the progress callback: once per account,
 * done counting 1..n, never two calls at once. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "check.h"
#include "store_check.h"
#include "runway.h"
#include "export/accounts_write.h"
#include "export/plan_write.h"

#define AS_OF 1726790400 /* 2024-09-20 */

static void write_bill(const char *path)
{
    /* A: 0.10 a day, B: 0.20, C: 0.30, D: 1.05, 2024-08-01 .. 2024-09-30. */
    static const char *const acc[] = {"A", "B", "C", "D"};
    static const char *const cost[] = {"0.10", "0.20", "0.30", "1.05"};
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f) return;
    fputs("ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ServiceName,"
          "BillingAccountId,SubAccountId\n", f);
    for (int m = 8; m <= 9; m++)
        for (int d = 1; d <= (m == 8 ? 31 : 30); d++)
            for (size_t a = 0; a < 4; a++)
                fprintf(f, "2024-%02d-%02dT00:00:00Z,2024-%02d-%02dT23:59:59Z,%s,CNY,cos,P,%s\n",
                        m, d, m, d, cost[a], acc[a]);
    fclose(f);
}

static void set(rw_session *s, const char *id, const char *label, double budget)
{
    rw_account_update u;
    rw_error err;
    rw_error_clear(&err);
    rw_account_update_init(&u);
    u.id = id;
    if (label) u.labels[u.nlabels++] = label;
    u.budget_set = !isnan(budget);
    u.budget = budget;
    CHECK(rw_account_set(s, &u, NULL, &err) == RW_OK);
}

/* What the progress callback saw. */
typedef struct seen {
    size_t calls, last_done, total, out_of_order, inside, overlapped;
} seen;

static void progress(void *ctx, size_t done, size_t total)
{
    seen *s = ctx;
    if (__atomic_fetch_add(&s->inside, 1, __ATOMIC_SEQ_CST)) s->overlapped++;
    s->calls++;
    if (done != s->last_done + 1) s->out_of_order++;
    s->last_done = done;
    s->total = total;
    struct timespec ms = {0, 1000000};
    nanosleep(&ms, NULL); /* a slow callback: another thread would overlap it */
    __atomic_fetch_sub(&s->inside, 1, __ATOMIC_SEQ_CST);
}

/* The result of account `id`. */
static const rw_account_result *of(const rw_account_results *r, const char *id)
{
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->r[i].acc.id, id)) return &r->r[i];
    return NULL;
}

static void test_budget_all(void)
{
    const char *db = "test_all_accounts.db";
    rw_session *s = NULL;
    rw_error err;
    rw_error_clear(&err);
    remove_db(db);
    rw_session_opts so = {db, NULL, NULL};
    CHECK(rw_session_open(&so, &s, &err) == RW_OK);
    write_bill("test_all_accounts.csv");
    rw_ingest_options io;
    rw_ingest_options_init(&io);
    const char *files[] = {"test_all_accounts.csv"};
    rw_ingest_result *ir = NULL;
    CHECK(rw_ingest(s, files, 1, &io, NULL, &ir, &err) == RW_OK);
    rw_ingest_result_free(ir);
    const char *ids[] = {"A", "B", "C", "D"};
    for (size_t i = 0; i < 4; i++)
        CHECK(rw_balance_set(s, ids[i], 1727740800, 100, "CNY", NULL, &err) == RW_OK);
    /* A and B in finance with budgets 3.10 and 5.50 (B will go over: 0.20 x 30
     * = 6); C in finance without a budget; D without a department, 40. */
    set(s, "A", "department=finance", 3.10);
    set(s, "B", "department=finance", 5.50);
    set(s, "C", "department=finance", NAN);
    set(s, "D", NULL, 40);

    rw_budget_options bo;
    rw_budget_options_init(&bo);
    CHECK(rw_parse_month("2024-09", &bo.from, &err) == RW_OK);
    bo.to = rw_month_next(bo.from) - RW_DAY;
    bo.plan.as_of = AS_OF;
    rw_all_options a;
    rw_all_options_init(&a);
    a.jobs = 2;
    seen sn = {0};
    a.progress = progress;
    a.progress_ctx = &sn;
    rw_account_results *r = NULL;
    CHECK(rw_budget_all(s, &bo, &a, &r, &err) == RW_OK && r && r->n == 4 && !r->failed);
    CHECK(sn.calls == 4 && sn.last_done == 4 && sn.total == 4);
    CHECK(sn.out_of_order == 0 && sn.overlapped == 0);
    a.progress = NULL;
    if (!r) goto out;
    /* Spent by the end of 09-20: 20 days; the forecast: 30 days. */
    static const double daily[] = {0.10, 0.20, 0.30, 1.05};
    for (size_t i = 0; i < 4; i++) {
        const rw_account_result *x = of(r, ids[i]);
        CHECK(x && x->status == RW_OK && x->result);
        if (!x || !x->result) continue;
        const rw_budget_result *b = x->result;
        CHECK_NEAR(b->pd.spent, 20 * daily[i], 1e-9 * 20 * daily[i]);
        CHECK_NEAR(b->b.mean, 30 * daily[i], 1e-6 * 30 * daily[i]);
        CHECK(x->no_budget == !strcmp(ids[i], "C"));
    }
    CHECK(isnan(((const rw_budget_result *)of(r, "C")->result)->amount));
    /* Ranked: B (certainly over 5.50: 6.00), then A and D (never over) by
     * the share of the budget spent (2.00 of 3.10, 21.00 of 40), then C
     * (no budget). */
    CHECK_STR(r->r[0].acc.id, "B");
    CHECK_STR(r->r[1].acc.id, "A");
    CHECK_STR(r->r[2].acc.id, "D");
    CHECK_STR(r->r[3].acc.id, "C");
    rw_account_results_free(r);

    /* --group-by department: finance = A + B + C, budgets of A and B. */
    a.group_by = "department";
    CHECK(rw_budget_all(s, &bo, &a, &r, &err) == RW_OK && r && r->ngroups == 2);
    if (!r || r->ngroups != 2) goto out;
    const rw_account_group *g = &r->groups[0];
    CHECK_STR(g->value, "finance");
    CHECK_STR(g->currency, "CNY");
    CHECK(g->accounts == 3 && g->budgeted == 2 && g->failed == 0);
    CHECK_NEAR(g->spent, 12.0, 1e-9 * 12);      /* 20 x (0.10 + 0.20 + 0.30) */
    CHECK_NEAR(g->forecast, 18.0, 1e-6 * 18);   /* 30 x 0.60 */
    CHECK_NEAR(g->budget, 8.6, 1e-9 * 8.6);     /* 3.10 + 5.50 */
    g = &r->groups[1];
    CHECK(g->value == NULL && g->accounts == 1 && g->budgeted == 1);
    CHECK_NEAR(g->spent, 21.0, 1e-9 * 21);      /* 20 x 1.05 */
    CHECK_NEAR(g->budget, 40, 0);
    rw_account_results_free(r);

    /* --amount for every account: C has one too. */
    bo.amount = 100;
    a.group_by = NULL;
    CHECK(rw_budget_all(s, &bo, &a, &r, &err) == RW_OK && r);
    if (r) CHECK(!of(r, "C")->no_budget && ((const rw_budget_result *)of(r, "C")->result)->amount == 100);
    rw_account_results_free(r);
    /* Bad options. */
    a.group_by = "no spaces";
    rw_error_clear(&err);
    CHECK(rw_budget_all(s, &bo, &a, &r, &err) == RW_EINVAL && r == NULL);
    a.group_by = NULL;
    bo.plan.sel.account = "A";
    rw_error_clear(&err);
    CHECK(rw_budget_all(s, &bo, &a, &r, &err) == RW_EINVAL && r == NULL);
    bo.plan.sel.account = NULL;
    rw_runout_options ro;
    rw_runout_options_init(&ro);
    a.group_by = "department";
    rw_error_clear(&err);
    CHECK(rw_runout_all(s, &ro, &a, &r, &err) == RW_EINVAL && r == NULL);
out:
    rw_session_close(s);
    remove_db(db);
}

int main(void)
{
    rw_error err;
    if (rw_global_init(&err) != RW_OK) return 1;
    test_budget_all();
    rw_global_cleanup();
    return check_failures ? 1 : 0;
}
