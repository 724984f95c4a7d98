/* report_all.c: the organisation report (runway.h rw_report_all).
 *
 * Two calls over the accounts (app/accounts.h), each account in its own
 * session on a worker thread:
 *   1. its run-out, the very call `runout --all-accounts` makes, which
 *      ranks the accounts; read from it, before its simulated paths are
 *      dropped (a thousand accounts would keep gigabytes): the burn per day
 *      and the top-up that keeps it funded for fund_days days (the
 *      threshold rule, app/plan.h rw_app_fund_threshold);
 *   2. in rank order, its own report (rw_app_report_write) in
 *      OUT/accounts/NAME/, with charts for the first chart_accounts only,
 *      so a thousand accounts stay fast.
 * Then the overview adds the accounts up (export/org_report.h) and writes
 * OUT/summary.json and OUT/index.html. An account that fails in either
 * call keeps its error and the others go on. */
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "app/accounts.h"
#include "app/report_gather.h"
#include "export/chart.h"
#include "export/org_report.h"
#include "export/plan_write.h"
#include "export/report_result.h"
#include "plan/arrears.h"
#include "util/outdir.h"
#include "util/strutil.h"
#include "util/lang.h"
#include "util/timeutil.h"

void rw_report_all_options_init(rw_report_all_options *o)
{
    memset(o, 0, sizeof *o);
    rw_report_options_init(&o->report);
    rw_all_options_init(&o->all);
    o->chart_accounts = RW_ORG_CHART_ACCOUNTS;
    o->fund_days = RW_ORG_FUND_DAYS;
}

void rw_org_report_free(rw_org_report *r)
{
    if (!r) return;
    rw_account_results_free(r->rs);
    for (size_t i = 0; i < r->ngroup; i++) free(r->group[i].value);
    free(r->group);
    free(r->total);
    free(r);
}

/* Call 1: the account's run-out and what the overview reads from it. */
static rw_status runout_one(rw_session *s, const void *opts, int64_t now, rw_account_result *x,
                            rw_error *err)
{
    const rw_report_all_options *o = opts;
    rw_org_account *a = calloc(1, sizeof *a);
    if (!a) return rw_app_oom(err);
    a->fund_to = a->topup = a->budget = a->p_over = NAN;
    a->month_spent = a->month_forecast = a->month_p10 = a->month_p90 = NAN;
    x->result = a;
    rw_status st = rw_org_folder_name(x->acc.id, a->folder, sizeof a->folder, err);
    if (st != RW_OK) return st;
    rw_runout_options ro;
    rw_runout_options_init(&ro);
    ro.plan = o->report.plan;
    ro.plan.sel.account = x->acc.id;
    ro.policy = o->report.policy;
    ro.now = now;
    st = rw_runout_plan(s, &ro, &a->runout, err);
    x->rank = a->runout;
    if (st != RW_OK) return st;
    const rw_runout_facts *f = rw_runout_result_facts(a->runout);
    a->burn = a->runout->s->recent_mean;
    st = rw_app_fund_threshold(a->runout->s, o->fund_days, &a->fund_to, err);
    if (st != RW_OK) return st;
    if (!isnan(a->fund_to)) a->topup = rw_money_shortfall(f->observed, a->fund_to);
    a->needs_topup = rw_org_needs_topup(f);
    rw_runout_result_drop_paths(a->runout);
    return RW_OK;
}

/* What call 2 works with. */
typedef struct pages {
    const rw_report_all_options *o;
    const rw_account_result *first; /* the ranked results: x - first is the rank */
    int accounts_fd;                /* OUT/accounts, checked and held */
    const char *accounts_dir;       /* its path, for messages */
} pages;

/* Call 2: the account's own report, and the month and summary lines the
 * overview shows of it. */
static rw_status page_one(rw_session *s, const void *opts, int64_t now, rw_account_result *x,
                          rw_error *err)
{
    const pages *p = opts;
    rw_org_account *a = x->result;
    rw_report_options ro = p->o->report;
    rw_report_result *res = NULL;
    char dir[PATH_MAX];
    (void)now;
    if (snprintf(dir, sizeof dir, "%s/%s", p->accounts_dir, a->folder) >= (int)sizeof dir)
        return rw_error_set(err, RW_EINVAL, p->accounts_dir, 0, "path too long");
    ro.out = dir;
    ro.plan.sel.account = x->acc.id;
    if (!ro.policy) ro.policy = x->acc.policy;
    if (!(ro.budget > 0) && !isnan(x->acc.budget)) ro.budget = x->acc.budget;
    ro.charts = ro.charts && (size_t)(x - p->first) < p->o->chart_accounts;
    ro.jobs = 1; /* the accounts are the parallel work */
    rw_status st = rw_app_report_write(s, &ro, p->accounts_fd, a->folder, "index.html", 1, &res,
                                       err);
    if (st != RW_OK) return st;
    const rw_report *r = res->r;
    a->has_page = 1;
    a->charts = ro.charts;
    rw_str_copy(a->month_from, sizeof a->month_from, r->month_from);
    rw_str_copy(a->month_to, sizeof a->month_to, r->month_to);
    a->month_spent = r->month_spent;
    a->month_forecast = r->month_mean;
    a->month_p10 = r->month_p10;
    a->month_p90 = r->month_p90;
    if (r->has_budget) {
        a->budget = r->budget;
        a->p_over = r->p_over;
    }
    for (int i = 0; i < RW_ORG_LINES; i++)
        rw_report_summary_line(r, i, a->lines[i], sizeof a->lines[i]);
    rw_report_result_free(res);
    return RW_OK;
}

/* The overview with where its chart is. */
typedef struct overview {
    const rw_org_report *r;
    const char *charts; /* NULL: no chart */
} overview;

static rw_status write_json(const void *ctx, FILE *f, rw_error *err)
{
    return rw_org_write_json(((const overview *)ctx)->r, f, err);
}

static rw_status write_html(const void *ctx, FILE *f, rw_error *err)
{
    const overview *v = ctx;
    return rw_org_write_html(v->r, v->charts, f, err);
}

/* The overview's files: the figures first, the page last. */
static rw_status write_overview(const rw_org_report *r, int out_fd, const char *charts,
                                rw_error *err)
{
    overview v = {r, charts};
    rw_status st = rw_app_write_file(out_fd, r->out, "summary.json", write_json, &v, err);
    return st == RW_OK ? rw_app_write_file(out_fd, r->out, "index.html", write_html, &v, err) : st;
}

/* The days-left chart of the first accounts in rank order (those with a
 * run-out), into OUT/charts; a missing gnuplot or a failed drawing is a
 * note on the page, never a failure. *drawn: 1 when it was. */
static void days_chart(rw_session *s, rw_org_report *r, int out_fd, const char *charts,
                       int *drawn)
{
    size_t n = 0, max = r->chart_accounts < RW_CHART_MAX_ROWS ? r->chart_accounts
                                                               : RW_CHART_MAX_ROWS;
    const char *names[RW_CHART_MAX_ROWS];
    int64_t from[RW_CHART_MAX_ROWS], p50[RW_CHART_MAX_ROWS], p10[RW_CHART_MAX_ROWS];
    int arrears[RW_CHART_MAX_ROWS];
    char font[RW_CHART_FONT_MAX] = "";
    rw_error err;
    rw_error_clear(&err);
    *drawn = 0;
    for (size_t i = 0; i < r->rs->n && n < max; i++) {
        const rw_account_result *x = &r->rs->r[i];
        const rw_org_account *a = x->result;
        if (!a || !a->runout) continue;
        const rw_runout_facts *f = rw_runout_result_facts(a->runout);
        names[n] = x->acc.name && x->acc.name[0] ? x->acc.name : x->acc.id;
        from[n] = f->as_of + RW_DAY;
        p50[n] = f->day[1] == RW_NEVER ? INT64_MIN : f->negative_from[1];
        p10[n] = f->day[0] == RW_NEVER ? INT64_MIN : f->negative_from[0];
        arrears[n++] = f->arrears.in_arrears;
    }
    if (!n) return;
    rw_days_chart c = {rw_tr(r->lang, "Days left per account"), n, names, from, p50, p10,
                       arrears};
    int fd = -1;
    rw_chart_opts co = {NULL, 0, 0, NULL};
    rw_status st = rw_chart_check(&co, &err);
    if (st == RW_OK && rw_chart_has_cjk(RW_CHART_DAYS, &c) &&
        rw_chart_font(font, sizeof font, &err) != RW_OK) {
        rw_app_msg(s, RW_MSG_WARNING, "%s", err.text);
        rw_error_clear(&err);
    }
    co.font = font[0] ? font : NULL;
    co.height = (int)(RW_ORG_CHART_PX + RW_ORG_CHART_ROW_PX * n);
    if (st == RW_OK) st = rw_outdir_open(out_fd, "charts", charts, 1, &fd, &err);
    if (st == RW_OK) st = rw_chart_draw_at(RW_CHART_DAYS, &c, fd, charts, "days-left", &co, &err);
    if (fd >= 0) close(fd);
    if (st == RW_OK) {
        rw_str_copy(r->chart, sizeof r->chart, "days-left");
        r->chart_rows = n;
        *drawn = 1;
    } else {
        rw_str_copy(r->charts_note, sizeof r->charts_note, err.text);
        if (st != RW_ENOTFOUND) rw_app_msg(s, RW_MSG_WARNING, "the days-left chart: %s", err.text);
    }
}

static rw_status check(const rw_report_all_options *o, rw_error *err)
{
    if (!o->report.out) return rw_error_set(err, RW_EINVAL, NULL, 0, "--out DIR is required");
    if (o->report.plan.sel.account)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "--all-accounts and --account together");
    if (o->fund_days < 1 || o->fund_days > RW_ORG_FUND_DAYS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "--fund-days: a number of days (1..%d)",
                            RW_ORG_FUND_DAYS);
    return rw_app_label_filter_check(&o->all.filter, err);
}

rw_status rw_report_all(rw_session *s, const rw_report_all_options *o, rw_org_report **out,
                        rw_error *err)
{
    char accounts[PATH_MAX], charts[PATH_MAX];
    int out_fd = -1, accounts_fd = -1, drawn = 0;
    rw_org_report *r = NULL;
    *out = NULL;
    rw_status st = check(o, err);
    if (st != RW_OK) return st;
    const char *dir = o->report.out;
    if (snprintf(accounts, sizeof accounts, "%s/accounts", dir) >= (int)sizeof accounts ||
        snprintf(charts, sizeof charts, "%s/charts", dir) >= (int)sizeof charts)
        return rw_error_set(err, RW_EINVAL, dir, 0, "path too long");
    if ((st = rw_outdir_open(AT_FDCWD, dir, dir, 1, &out_fd, err)) != RW_OK) return st;
    if ((st = rw_outdir_open(out_fd, "accounts", accounts, 1, &accounts_fd, err)) != RW_OK)
        goto out;
    if (!(r = calloc(1, sizeof *r))) {
        st = rw_app_oom(err);
        goto out;
    }
    rw_str_copy(r->out, sizeof r->out, dir);
    r->lang = o->report.plan.lang;
    r->fund_days = o->fund_days;
    r->chart_accounts = o->report.charts ? o->chart_accounts : 0;
    rw_time_format_iso((int64_t)time(NULL), r->generated_at, sizeof r->generated_at);
    rw_str_copy(r->charts_note, sizeof r->charts_note,
                o->report.charts ? "" : "charts were not asked for");
    st = rw_app_all_accounts(s, RW_ALL_REPORT, &o->all, o->all.now, runout_one, o, &r->rs, err);
    if (st != RW_OK && st != RW_EPARTIAL) goto out;
    rw_error_clear(err);
    pages p = {o, r->rs->r, accounts_fd, accounts};
    rw_app_each_account(s, r->rs, o->all.jobs, o->all.now, page_one, &p);
    st = rw_org_summarise(r, err);
    if (st == RW_OK && r->chart_accounts) days_chart(s, r, out_fd, charts, &drawn);
    if (st == RW_OK) st = write_overview(r, out_fd, drawn ? charts : NULL, err);
    if (st == RW_OK && r->rs->failed)
        st = rw_error_set(err, RW_EPARTIAL, NULL, 0, "%zu of %zu account(s) failed",
                          r->rs->failed, r->rs->n);
out:
    if (accounts_fd >= 0) close(accounts_fd);
    if (out_fd >= 0) close(out_fd);
    if (st == RW_OK || st == RW_EPARTIAL) *out = r;
    else rw_org_report_free(r);
    return st;
}
