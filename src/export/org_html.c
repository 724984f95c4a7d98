/* org_html.c: the organisation report's overview page, DIR/index.html
 * (org_report.h), in the style and with the safety of the account report
 * (report_html.c: no script, no external load, every text from data
 * escaped and isolated), and the lines `report --all-accounts` prints.
 *
 * Top to bottom: the totals per currency, the accounts needing a top-up
 * this week, every account ranked (with the days-left chart), the month
 * per label value, and the accounts that failed. Each account links to
 * accounts/FOLDER/index.html, FOLDER being URL-safe by construction
 * (rw_org_folder_name). Sections without data say so in one line. */
#include <math.h>
#include <string.h>
#include "export/json_out.h"
#include "export/org_report.h"
#include "export/plan_write.h"
#include "export/report_fmt.h"
#include "util/lang.h"
#include "util/safe_text.h"
#include "util/timeutil.h"

#define MONEY 64

typedef struct page {
    rw_report_out o;
    const rw_org_report *r;
    rw_lang lang;
} page;

static void put(page *p, const char *raw)
{
    rw_report_out_puts(&p->o, raw);
}

static void text(page *p, const char *t)
{
    rw_html_text(&p->o, t);
}

/* open, the text translated, close. */
static void tr(page *p, const char *open, const char *en, const char *close)
{
    put(p, open);
    text(p, rw_tr(p->lang, en));
    put(p, close);
}

static void money(page *p, double v, const char *currency)
{
    char m[MONEY];
    rw_lang_money(p->lang, v, currency, 2, 1, m, sizeof m);
    text(p, m);
}

static void money_cell(page *p, double v, const char *currency)
{
    put(p, v < 0 ? "<td class=\"n neg\">" : "<td class=\"n\">");
    money(p, v, currency);
    put(p, "</td>");
}

/* The account's id linked to its page (when written), its name under it. */
static void account_cell(page *p, const rw_account_result *x)
{
    const rw_org_account *a = x->result;
    put(p, "<th>");
    if (a && a->has_page) {
        put(p, "<a href=\"accounts/");
        text(p, a->folder);
        put(p, "/index.html\">");
    }
    text(p, x->acc.id);
    if (a && a->has_page) put(p, "</a>");
    if (x->acc.name && x->acc.name[0]) {
        put(p, "<br><span class=\"small\">");
        text(p, x->acc.name);
        put(p, "</span>");
    }
    put(p, "</th>");
}

static const char *state_text(const char *state)
{
    if (!strcmp(state, "ok")) return "ok";
    if (!strcmp(state, "top_up")) return "top up this week";
    if (!strcmp(state, "grace")) return "in arrears (grace period)";
    if (!strcmp(state, "suspended")) return "in arrears (suspended)";
    if (!strcmp(state, "deleted")) return "in arrears (data deleted)";
    return "failed";
}

/* P`i` run-out: the date, "n/a" beyond the horizon. */
static void runout_cell(page *p, const rw_runout_facts *f, int i)
{
    char day[16];
    put(p, "<td>");
    if (f->day[i] == RW_NEVER) {
        text(p, rw_tr(p->lang, "after the horizon"));
    } else {
        rw_time_format_day(f->negative_from[i], day);
        text(p, day);
    }
    put(p, "</td>");
}

static void days_cell(page *p, const rw_runout_facts *f, int i)
{
    put(p, "<td class=\"n\">");
    if (f->day[i] == RW_NEVER) rw_report_out_printf(&p->o, "&gt; %zu", f->horizon_days);
    else rw_report_out_printf(&p->o, "%ld", f->day[i]);
    put(p, "</td>");
}

/* ---- sections ------------------------------------------------------------------ */

static void head(page *p)
{
    const rw_org_report *r = p->r;
    char when[48];
    rw_fmt_when(r->generated_at, when, sizeof when);
    put(p, "<header>\n");
    tr(p, "<p class=\"kicker\">", "runway organisation report", "</p>\n<h1>");
    rw_report_out_printf(&p->o, rw_tr(p->lang, "%zu accounts"), r->rs->n);
    put(p, "</h1>\n<p class=\"meta\">");
    rw_report_out_printf(&p->o,
                         rw_tr(p->lang, "Generated %s. Ranked as <code>runway runout"
                                        " --all-accounts</code> ranks them: in arrears first,"
                                        " then the fewest days left."),
                         when);
    put(p, "</p>\n</header>\n<div class=\"kpis\">\n");
    for (size_t i = 0; i < r->ntotal; i++) {
        const rw_org_total *t = &r->total[i];
        tr(p, "<div class=\"kpi\"><span class=\"k\">", "total balance", "</span><span class=\"v\">");
        money(p, t->balance, t->currency);
        put(p, "</span><span class=\"s\">");
        rw_report_out_printf(&p->o, rw_tr(p->lang, "%zu accounts"), t->accounts);
        put(p, "</span></div>\n");
        tr(p, "<div class=\"kpi\"><span class=\"k\">", "burn per day", "</span><span class=\"v\">");
        money(p, t->burn, t->currency);
        put(p, "</span>");
        tr(p, "<span class=\"s\">", "mean of the last 28 days", "</span></div>\n");
    }
    put(p, r->needs ? "<div class=\"kpi alarm\">" : "<div class=\"kpi\">");
    tr(p, "<span class=\"k\">", "need a top-up this week", "</span>");
    rw_report_out_printf(&p->o, "<span class=\"v\">%zu</span>", r->needs);
    for (size_t i = 0; i < r->ntotal; i++)
        if (r->total[i].needs) {
            put(p, "<span class=\"s\">");
            money(p, r->total[i].topup, r->total[i].currency);
            put(p, "</span>");
        }
    put(p, "</div>\n");
    if (r->rs->failed) {
        put(p, "<div class=\"kpi alarm\">");
        tr(p, "<span class=\"k\">", "accounts that failed", "</span>");
        rw_report_out_printf(&p->o, "<span class=\"v\">%zu</span>", r->rs->failed);
        tr(p, "<span class=\"s\"><a href=\"#failed\">", "listed below", "</a></span></div>\n");
    }
    put(p, "</div>\n");
}

static void topups(page *p)
{
    const rw_org_report *r = p->r;
    tr(p, "<section id=\"topup\">\n<h2>", "Needs a top-up this week", "</h2>\n");
    if (!r->needs) {
        tr(p, "<p class=\"empty\">",
           "No account is in arrears or likely to run out within 7 days (P10).", "</p>\n");
        put(p, "</section>\n");
        return;
    }
    put(p, "<p>");
    rw_report_out_printf(&p->o,
                         rw_tr(p->lang, "Accounts in arrears or whose pessimistic (P10) run-out"
                                        " falls within 7 days. The top-up brings the balance to"
                                        " what lasts %zu days with 95%% confidence (the"
                                        " threshold rule of <code>runway thresholds</code>;"
                                        " planned top-ups not counted)."),
                         r->fund_days);
    put(p, "</p>\n<table class=\"topup\">\n<thead><tr>");
    tr(p, "<th>", "Account", "</th>");
    tr(p, "<th class=\"n\">", "Balance", "</th>");
    tr(p, "<th>", "Run-out (P10)", "</th>");
    tr(p, "<th class=\"n\">", "Days left (P10)", "</th>");
    put(p, "<th class=\"n\">");
    rw_report_out_printf(&p->o, rw_tr(p->lang, "Top up to last %zu days"), r->fund_days);
    put(p, "</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < r->rs->n; i++) {
        const rw_account_result *x = &r->rs->r[i];
        const rw_org_account *a = x->result;
        if (!a || !a->runout || !a->needs_topup) continue;
        const rw_runout_facts *f = rw_runout_result_facts(a->runout);
        put(p, "<tr>");
        account_cell(p, x);
        money_cell(p, f->observed, f->currency);
        runout_cell(p, f, 0);
        days_cell(p, f, 0);
        put(p, "<td class=\"n\"><b>");
        money(p, a->topup, f->currency);
        put(p, "</b></td></tr>\n");
    }
    put(p, "</tbody></table>\n</section>\n");
}

static void ranking(page *p, const char *charts_dir)
{
    const rw_org_report *r = p->r;
    tr(p, "<section id=\"ranking\">\n<h2>", "Accounts by days left", "</h2>\n");
    if (r->chart[0] && charts_dir) {
        char caption[200];
        snprintf(caption, sizeof caption,
                 rw_tr(p->lang, "Days left (P50, bar) and P10 (mark) of the first %zu accounts."),
                 r->chart_rows);
        rw_html_chart(&p->o, charts_dir, r->chart, rw_tr(p->lang, "Days left per account"),
                      caption);
    } else if (r->charts_note[0]) {
        put(p, "<p class=\"note\" id=\"charts-note\">");
        text(p, r->charts_note);
        put(p, "</p>\n");
    }
    put(p, "<table class=\"ranking\">\n<thead><tr><th class=\"n\">#</th>");
    tr(p, "<th>", "Account", "</th>");
    tr(p, "<th>", "State", "</th>");
    tr(p, "<th class=\"n\">", "Balance", "</th>");
    tr(p, "<th class=\"n\">", "Burn per day", "</th>");
    tr(p, "<th class=\"n\">", "Days left (P50)", "</th>");
    tr(p, "<th>", "Run-out (P50)", "</th>");
    tr(p, "<th>", "Run-out (P10)", "</th>");
    put(p, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < r->rs->n; i++) {
        const rw_account_result *x = &r->rs->r[i];
        const rw_org_account *a = x->result;
        const char *state = rw_org_state(x);
        rw_report_out_printf(&p->o, "<tr data-state=\"%s\"><td class=\"n\">%zu</td>", state, i + 1);
        account_cell(p, x);
        put(p, "<td>");
        if (strcmp(state, "ok")) put(p, "<b>");
        text(p, rw_tr(p->lang, state_text(state)));
        if (strcmp(state, "ok")) put(p, "</b>");
        put(p, "</td>");
        if (!a || !a->runout) {
            put(p, "<td colspan=\"5\">");
            text(p, x->error);
            put(p, "</td></tr>\n");
            continue;
        }
        const rw_runout_facts *f = rw_runout_result_facts(a->runout);
        money_cell(p, f->observed, f->currency);
        money_cell(p, a->burn, f->currency);
        if (f->arrears.in_arrears) {
            char since[16];
            rw_time_format_day(rw_tz_to_local(a->runout->tz, f->arrears.since), since);
            put(p, "<td class=\"n neg\">0</td><td colspan=\"2\">");
            text(p, rw_tr(p->lang, "owes "));
            money(p, f->arrears.owed, f->currency);
            put(p, ", ");
            text(p, rw_tr(p->lang, "In arrears since"));
            put(p, " ");
            text(p, since);
            put(p, "</td></tr>\n");
            continue;
        }
        days_cell(p, f, 1);
        runout_cell(p, f, 1);
        runout_cell(p, f, 0);
        put(p, "</tr>\n");
    }
    put(p, "</tbody></table>\n</section>\n");
}

static void budgets(page *p)
{
    const rw_org_report *r = p->r;
    tr(p, "<section id=\"budgets\">\n<h2>", "Budgets by label", "</h2>\n");
    if (!r->ngroup) {
        tr(p, "<p class=\"empty\">",
           "No account has labels: give them with `runway accounts set ID --label"
           " department=NAME`.",
           "</p>\n</section>\n");
        return;
    }
    tr(p, "<p>",
       "This month's spend (billed cost) of the accounts with each label value: so far, the"
       " forecast month total, the sum of their budgets and how far the forecast is over it.",
       "</p>\n");
    for (size_t i = 0; i < r->ngroup; i++) {
        const rw_org_group *g = &r->group[i];
        if (!i || strcmp(g->key, r->group[i - 1].key)) {
            if (i) put(p, "</tbody></table>\n");
            put(p, "<h3>");
            text(p, g->key);
            put(p, "</h3>\n<table class=\"budgets\">\n<thead><tr>");
            put(p, "<th>");
            text(p, g->key);
            put(p, "</th>");
            tr(p, "<th class=\"n\">", "Accounts", "</th>");
            tr(p, "<th class=\"n\">", "Month to date", "</th>");
            tr(p, "<th class=\"n\">", "Forecast month", "</th>");
            tr(p, "<th class=\"n\">", "Budget", "</th>");
            tr(p, "<th class=\"n\">", "Over (+) / under (-)", "</th>");
            put(p, "</tr></thead>\n<tbody>\n");
        }
        put(p, "<tr><th>");
        text(p, g->value[0] ? g->value : rw_tr(p->lang, "(none)"));
        rw_report_out_printf(&p->o, "</th><td class=\"n\">%zu</td>", g->accounts);
        money_cell(p, g->spent, g->currency);
        money_cell(p, g->forecast, g->currency);
        put(p, "<td class=\"n\">");
        if (g->budgeted) money(p, g->budget, g->currency);
        else put(p, "&ndash;");
        if (g->budgeted && g->budgeted < g->accounts) {
            put(p, "<br><span class=\"small\">");
            rw_report_out_printf(&p->o, rw_tr(p->lang, "%zu of %zu accounts"), g->budgeted,
                                 g->accounts);
            put(p, "</span>");
        }
        put(p, "</td>");
        if (g->budgeted == g->accounts) {
            double over = g->forecast - g->budget;
            put(p, over > 0 ? "<td class=\"n neg\">" : "<td class=\"n\">");
            if (over > 0) put(p, "+");
            money(p, over, g->currency);
            put(p, "</td>");
        } else {
            put(p, "<td class=\"n\">&ndash;</td>");
        }
        put(p, "</tr>\n");
    }
    put(p, "</tbody></table>\n</section>\n");
}

static void failures(page *p)
{
    const rw_org_report *r = p->r;
    if (!r->rs->failed) return;
    tr(p, "<section id=\"failed\">\n<h2>", "Accounts that failed", "</h2>\n");
    tr(p, "<p>", "Their figures are left out of the totals; the other accounts are complete.",
       "</p>\n<ul class=\"notes\">\n");
    for (size_t i = 0; i < r->rs->n; i++) {
        const rw_account_result *x = &r->rs->r[i];
        if (x->status == RW_OK) continue;
        put(p, "<li><b>");
        text(p, x->acc.id);
        put(p, "</b>: ");
        text(p, x->error);
        put(p, "</li>\n");
    }
    put(p, "</ul>\n</section>\n");
}

rw_status rw_org_write_html(const rw_org_report *r, const char *charts_dir, FILE *out,
                            rw_error *err)
{
    page p = {.r = r, .lang = r->lang};
    rw_report_out_init(&p.o, out);
    rw_html_begin(&p.o, r->lang, rw_tr(r->lang, "runway organisation report"));
    head(&p);
    topups(&p);
    ranking(&p, charts_dir);
    budgets(&p);
    failures(&p);
    rw_html_end(&p.o, rw_tr(r->lang, "Made by runway " RUNWAY_VERSION " from the data in its"
                                     " store. Amounts are rounded for display; summary.json has"
                                     " the exact figures."));
    return rw_report_out_finish(&p.o, "HTML overview", err);
}

rw_status rw_org_report_write(const rw_org_report *r, FILE *out, rw_error *err)
{
    char a[1024], m1[MONEY], m2[MONEY];
    fprintf(out, rw_tr(r->lang, "report: %s/index.html (and summary.json, accounts/: %zu"
                                " account pages)\n"),
            rw_text_esc(r->out, a, sizeof a), r->pages);
    fprintf(out, rw_tr(r->lang, "  %zu accounts, %zu need a top-up this week, %zu failed\n"),
            r->rs->n, r->needs, r->rs->failed);
    for (size_t i = 0; i < r->ntotal; i++) {
        const rw_org_total *t = &r->total[i];
        rw_lang_money(r->lang, t->balance, t->currency, 2, 1, m1, sizeof m1);
        rw_lang_money(r->lang, t->burn, t->currency, 2, 1, m2, sizeof m2);
        fprintf(out, rw_tr(r->lang, "  total balance %s, burn %s per day\n"), m1, m2);
    }
    return rw_stream_status(out, err);
}
