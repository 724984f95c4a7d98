/* report_md.c: the report as GitHub-flavoured Markdown: the same sections
 * and figures as the HTML page (report_html.c), charts linked as
 * charts/NAME.png next to the file.
 *
 * Invariants: every string from data is escaped so that it reads as plain
 * text (Markdown punctuation backslash-escaped, '|' safe inside tables,
 * newlines flattened to spaces, no raw HTML); all output goes through an
 * rw_report_out (every write checked). */
#include <ctype.h>
#include <math.h>
#include <string.h>
#include "export/report_fmt.h"

typedef struct md {
    rw_report_out s;
    const rw_report *r;
    char cur[8]; /* " CNY" or "" */
} md;

static void put(md *m, const char *raw)
{
    rw_report_out_puts(&m->s, raw);
}

/* Writes `text` so that Markdown shows it literally: ASCII punctuation with
 * a meaning is backslash-escaped (emphasis, code, links, tables, HTML,
 * entities, strikethrough, math), a leading list marker ("-", "+", "1.") too,
 * and control characters (newlines included) become spaces. */
static void esc(md *m, const char *text)
{
    static const char special[] = "\\`*_[]<>#|~&$";
    const char *p = text;
    /* "12. x" or "- x" at the start of a list item would start a new list. */
    const char *q = p;
    while (isdigit((unsigned char)*q))
        q++;
    const char *run = p;
    for (; *p; p++) {
        char c = *p;
        int escape = 0;
        if ((unsigned char)c < 0x20 || c == 0x7f) {
            rw_report_out_write(&m->s, run, (size_t)(p - run));
            put(m, " ");
            run = p + 1;
            continue;
        }
        if (strchr(special, c) || (p == text && (c == '-' || c == '+'))) escape = 1;
        if ((c == '.' || c == ')') && p == q && q > text) escape = 1;
        if (escape) {
            rw_report_out_write(&m->s, run, (size_t)(p - run));
            put(m, "\\");
            run = p;
        }
    }
    rw_report_out_write(&m->s, run, (size_t)(p - run));
}

static void wrap(md *m, const char *open, const char *text, const char *close)
{
    put(m, open);
    esc(m, text);
    put(m, close);
}

static void cell_money(md *m, double v)
{
    char b[RW_REPORT_NUM_SIZE];
    rw_fmt_money(v, b, sizeof b);
    put(m, " ");
    put(m, b);
    put(m, " |");
}

static void cell_text(md *m, const char *text)
{
    wrap(m, " ", text, " |");
}

/* A cell of our own formatting (numbers, dashes): written as is. */
static void cell_raw(md *m, const char *text)
{
    put(m, " ");
    put(m, text);
    put(m, " |");
}

/* A chart image, or nothing when charts were not drawn. */
static void chart(md *m, const char *name, const char *alt)
{
    if (!name[0] || m->r->charts_note[0] || !rw_report_chart_name_ok(name)) return;
    wrap(m, "![", alt, "](charts/");
    put(m, name);
    put(m, ".png)\n\n");
}

static void heading(md *m, const char *text)
{
    wrap(m, "## ", text, "\n\n");
}

static const char *runout_text(const rw_report *r, int q)
{
    return r->runout_days[q] >= 0 && r->runout_date[q][0] ? r->runout_date[q]
                                                          : "beyond the horizon";
}

static void header(md *m)
{
    const rw_report *r = m->r;
    char line[RW_REPORT_LINE_SIZE];
    wrap(m, "# ", r->title[0] ? r->title : "Consumption report", "\n\n");
    if (r->account[0]) wrap(m, "Account **", r->account, "** \xC2\xB7 ");
    wrap(m, "data as of **", r->as_of[0] ? r->as_of : "unknown", "**");
    if (r->generated_at[0]) wrap(m, " \xC2\xB7 generated ", r->generated_at, "");
    if (r->currency[0]) wrap(m, " \xC2\xB7 amounts in ", r->currency, "");
    put(m, "\n\n> **At a glance**\n>\n");
    for (int i = 0; i < 5; i++) {
        rw_report_summary_line(r, i, line, sizeof line);
        rw_report_out_printf(&m->s, "> %d. ", i + 1);
        esc(m, line);
        put(m, "\n");
    }
    put(m, "\n");
    if (r->charts_note[0]) wrap(m, "**Charts:** ", r->charts_note, "\n\n");
}

static void balance_section(md *m)
{
    const rw_report *r = m->r;
    char b[RW_REPORT_NUM_SIZE], when[40];
    heading(m, "Balance and run-out");
    if (!r->has_runout) {
        put(m, "No balance is known for this account, so no run-out date, chance of running out or "
               "arrears timeline is computed.\n\n");
        return;
    }
    int neg = r->balance < 0 || r->runout_days[1] == 0;
    rw_fmt_money(r->balance, b, sizeof b);
    wrap(m, "**Balance at the end of ", r->as_of, ": ");
    put(m, b);
    esc(m, m->cur);
    put(m, neg ? " (NEGATIVE: in arrears)**" : "**");
    wrap(m, "; runs out **", runout_text(r, 1), "**");
    if (r->runout_days[1] > 1)
        rw_report_out_printf(&m->s, " (lasts ~%d %s)", r->runout_days[1] - 1,
                             rw_plural_days(r->runout_days[1] - 1));
    else if (r->runout_days[1] >= 0)
        put(m, " (the next day)");
    put(m, ".\n");
    if (isfinite(r->daily_recent)) {
        rw_fmt_money(r->daily_recent, b, sizeof b);
        put(m, "Spending ");
        put(m, b);
        esc(m, m->cur);
        rw_fmt_money(r->daily_forecast, b, sizeof b);
        rw_report_out_printf(&m->s,
                             "/day over the last 28 days; forecast %s/day over the next 30.\n", b);
    }
    put(m, "\n");
    if (r->balance_note[0]) wrap(m, "_", r->balance_note, "_\n\n");
    chart(m, r->runout_chart, "Balance running down: P10, P50 and P90 paths");
    char p7[16], p14[16], p30[16];
    rw_fmt_prob(r->within7, p7, sizeof p7);
    rw_fmt_prob(r->within14, p14, sizeof p14);
    rw_fmt_prob(r->within30, p30, sizeof p30);
    rw_report_out_printf(
        &m->s,
        "Chance of running out: **%s** within 7 days, **%s** within 14, **%s** within "
        "30.\n\n",
        p7, p14, p30);
    put(m, "Arrears timeline");
    if (r->policy[0]) {
        char g[16], d[16];
        rw_fmt_days(r->grace_hours, g, sizeof g);
        rw_fmt_days(r->retention_days, d, sizeof d);
        wrap(m, " (policy **", r->policy, "**");
        rw_report_out_printf(
            &m->s,
            ": suspended %s h after the balance goes negative, data deleted %s days "
            "after suspension)",
            g, d);
    }
    put(m, ":\n\n| Event | Early (P10) | Likely (P50) | Late (P90) |\n|---|--:|--:|--:|\n"
           "| Balance goes negative |");
    for (int q = 0; q < 3; q++) {
        wrap(m, " ", runout_text(r, q), "");
        if (r->runout_days[q] >= 0) rw_report_out_printf(&m->s, " (day %d)", r->runout_days[q]);
        put(m, " |");
    }
    put(m, "\n");
    const char *names[2] = {"Service suspended", "Data deleted"};
    for (int e = 0; e < 2; e++) {
        wrap(m, "| ", names[e], " |");
        for (int q = 0; q < 3; q++) {
            rw_fmt_when(e == 0 ? r->suspend_date[q] : r->delete_date[q], when, sizeof when);
            cell_text(m, when[0] ? when : "beyond the horizon");
        }
        put(m, "\n");
    }
    put(m, "\n");
}

static void thresholds_section(md *m)
{
    const rw_report *r = m->r;
    char lab[32], pct[16], d[16], line[RW_REPORT_LINE_SIZE];
    heading(m, "Alert thresholds");
    if (r->nthresholds == 0) {
        put(m, r->has_runout ? "No alert thresholds: too little history to compute them.\n\n"
                             : "No alert thresholds: no balance is known for this account.\n\n");
        return;
    }
    put(m, "Alert when the balance falls below **fire below**: from there it may not last the lead "
           "time. Each level was replayed on the account's own history.\n\n");
    put(m, "| Level | Lead | Fire below");
    esc(m, m->cur);
    put(m, " | Expected use | Replayed: held | Notice |\n|---|--:|--:|--:|--:|--:|\n");
    size_t nt = r->nthresholds < RW_REPORT_MAX_LEADS ? r->nthresholds : RW_REPORT_MAX_LEADS;
    for (size_t i = 0; i < nt; i++) {
        const rw_report_threshold *t = &r->thr[i];
        rw_report_level_label(t->level, lab, sizeof lab);
        wrap(m, "| **", lab, "**");
        if (rw_report_threshold_crossed(r, i))
            put(m, " (CROSSED)");
        else if (r->has_runout && (int)i == r->next_threshold)
            put(m, " (next)");
        rw_report_out_printf(&m->s, " | %d %s |", t->lead_days, rw_plural_days(t->lead_days));
        cell_money(m, t->balance);
        cell_money(m, t->expected);
        if (t->origins > 0) {
            rw_fmt_prob((double)t->held / (double)t->origins, pct, sizeof pct);
            rw_fmt_days(t->notice_days, d, sizeof d);
            rw_report_out_printf(&m->s, " %zu/%zu (%s) | %s d |\n", t->held, t->origins, pct, d);
        } else {
            put(m, " not replayed | \xE2\x80\x93 |\n");
        }
    }
    put(m, "\n");
    for (size_t i = 0; i < nt; i++) {
        rw_report_level_label(r->thr[i].level, lab, sizeof lab);
        rw_report_threshold_explain(r, i, line, sizeof line);
        wrap(m, "- **", lab, "**: ");
        esc(m, line);
        put(m, "\n");
    }
    put(m, "\n");
}

static void budget_section(md *m)
{
    const rw_report *r = m->r;
    char per[64], b[RW_REPORT_NUM_SIZE], lo[RW_REPORT_NUM_SIZE], hi[RW_REPORT_NUM_SIZE], p[16];
    rw_fmt_period(r, 0, per, sizeof per);
    wrap(m, "## Monthly budget: ", per, "\n\n");
    if (r->month_days == 0 || !isfinite(r->month_mean)) {
        put(m, "No forecast for this month: too little history.\n\n");
        return;
    }
    if (!r->has_budget)
        put(m, "No budget given: month-to-date spend and the forecast month total only.\n\n");
    rw_fmt_money(r->month_spent, b, sizeof b);
    put(m, "- Spent so far: **");
    put(m, b);
    esc(m, m->cur);
    rw_report_out_printf(&m->s, "** (%zu of %zu days, ", r->month_days_spent, r->month_days);
    esc(m, r->month_from);
    put(m, " to ");
    esc(m, r->as_of);
    put(m, ")\n");
    rw_fmt_money(r->month_mean, b, sizeof b);
    rw_fmt_money0(r->month_p10, lo, sizeof lo);
    rw_fmt_money0(r->month_p90, hi, sizeof hi);
    put(m, "- Forecast month total: **");
    put(m, b);
    esc(m, m->cur);
    rw_report_out_printf(&m->s, "** (80%% range %s \xE2\x80\x93 %s)\n", lo, hi);
    if (r->has_budget) {
        rw_fmt_money(r->budget, b, sizeof b);
        put(m, "- Budget: **");
        put(m, b);
        esc(m, m->cur);
        rw_fmt_prob(r->p_over, p, sizeof p);
        rw_report_out_printf(&m->s, "**\n- Chance of going over: **%s**", p);
        if (r->breach_date[0])
            wrap(m, "; likely breach ", r->breach_date, "\n");
        else
            put(m, "; no likely breach date\n");
    }
    put(m, "\n");
    chart(m, r->budget_chart, "Budget burn-up: cumulative spend and forecast");
}

static void weekly_section(md *m)
{
    const rw_report *r = m->r;
    char lo[RW_REPORT_NUM_SIZE], hi[RW_REPORT_NUM_SIZE], pct[16], by[40];
    heading(m, "Weekly capacity planning");
    if (r->nweeks == 0 && r->nseries == 0) {
        put(m, "No weekly view: too little history.\n\n");
        return;
    }
    chart(m, r->total_chart, "Daily total with forecast and 80%/95% bands");
    if (r->nweeks > 0) {
        put(m,
            "Total per week (7 days from the date shown); forecast weeks in italics with their 80% "
            "range.\n\n"
            "| Week of | | Total");
        esc(m, m->cur);
        put(m, " | 80% range | Change |\n|---|---|--:|--:|--:|\n");
        size_t nw = r->nweeks < RW_REPORT_WEEKS + RW_REPORT_OUTLOOK_WEEKS
                        ? r->nweeks
                        : RW_REPORT_WEEKS + RW_REPORT_OUTLOOK_WEEKS;
        for (size_t i = 0; i < nw; i++) {
            const rw_report_week *w = &r->weeks[i];
            const char *it = w->forecast ? "_" : "";
            put(m, "| ");
            put(m, it);
            esc(m, w->start);
            put(m, it);
            put(m, w->forecast ? " | _forecast_ |" : " | actual |");
            rw_fmt_money(w->total, lo, sizeof lo);
            rw_report_out_printf(&m->s, " %s%s%s |", it, lo, it);
            if (w->forecast) {
                rw_fmt_money0(w->lo, lo, sizeof lo);
                rw_fmt_money0(w->hi, hi, sizeof hi);
                rw_report_out_printf(&m->s, " %s \xE2\x80\x93 %s |", lo, hi);
            } else {
                put(m, " |");
            }
            double prev = i > 0 ? r->weeks[i - 1].total : NAN;
            if (isfinite(prev) && prev > 0)
                rw_fmt_pct((w->total / prev - 1) * 100, 1, pct, sizeof pct);
            else
                snprintf(pct, sizeof pct, "\xE2\x80\x93");
            rw_report_out_printf(&m->s, " %s |\n", pct);
        }
        put(m, "\n");
    }
    chart(m, r->stack_chart, "Daily cost stacked by breakdown, history and forecast");
    if (r->nseries == 0) return;
    rw_report_by_label(r, by, sizeof by);
    wrap(m, "### By ", r->by[0] ? r->by : "series", "\n\n");
    wrap(m, "| ", by,
         " | Last week | Previous week | Change | Month to date | Next 4 weeks | "
         "80% range | Trend | Model |\n|---|--:|--:|--:|--:|--:|--:|--:|---|\n");
    size_t ns = r->nseries < RW_REPORT_MAX_SERIES ? r->nseries : RW_REPORT_MAX_SERIES;
    for (size_t i = 0; i < ns; i++) {
        const rw_report_series *s = &r->series[i];
        wrap(m, "| ", rw_report_name_or(s->name, "(none)"), "");
        if ((int)i == r->biggest_growth && isfinite(s->trend_pct) && s->trend_pct > 0)
            put(m, " (fastest growing)");
        put(m, " |");
        cell_money(m, s->last_week);
        cell_money(m, s->prev_week);
        rw_fmt_pct(s->change_pct, 1, pct, sizeof pct);
        cell_raw(m, isfinite(s->change_pct) ? pct : "\xE2\x80\x93");
        cell_money(m, s->month_to_date);
        cell_money(m, s->next_4w_mean);
        rw_fmt_money0(s->next_4w_lo, lo, sizeof lo);
        rw_fmt_money0(s->next_4w_hi, hi, sizeof hi);
        rw_report_out_printf(&m->s, " %s \xE2\x80\x93 %s |", lo, hi);
        rw_fmt_pct(s->trend_pct, 1, pct, sizeof pct);
        cell_raw(m, pct);
        cell_text(m, s->model);
        put(m, "\n");
    }
    put(m, "\nChange: last week against the week before. Trend: forecast of the next 28 days "
           "against the last 28. Ranges are 80% intervals.\n\n");
    /* Fan charts two per row: a table keeps them compact on GitHub. */
    size_t k = 0;
    if (r->charts_note[0]) return;
    for (size_t i = 0; i < ns; i++) {
        const rw_report_series *s = &r->series[i];
        if (!s->chart[0] || !rw_report_chart_name_ok(s->chart)) continue;
        if (k == 0)
            wrap(m, "### Forecast per ", r->by[0] ? r->by : "series", "\n\n| | |\n|---|---|\n");
        put(m, k % 2 == 0 ? "|" : "");
        wrap(m, " **", rw_report_name_or(s->name, "(none)"), "**<br>");
        wrap(m, "![", rw_report_name_or(s->name, "(none)"), ": daily cost and forecast](charts/");
        put(m, s->chart);
        put(m, k % 2 == 0 ? ".png) |" : ".png) |\n");
        k++;
    }
    if (k % 2 == 1) put(m, " |\n");
    if (k > 0) put(m, "\n");
}

static void anomalies_section(md *m)
{
    const rw_report *r = m->r;
    char lo[RW_REPORT_NUM_SIZE], hi[RW_REPORT_NUM_SIZE], v[RW_REPORT_NUM_SIZE], sh[16];
    heading(m, "Anomalies");
    if (r->anomaly_days == 0) {
        put(m, "Anomalies not examined: too little history.\n\n");
        return;
    }
    if (r->nanomalies == 0) {
        rw_report_out_printf(
            &m->s,
            "No anomalies in the last %zu days: every day fell inside the 99%% range "
            "of the forecast made the day before.\n\n",
            r->anomaly_days);
        return;
    }
    rw_report_out_printf(
        &m->s,
        "Days of the last %zu whose cost fell outside the 99%% range of the forecast made "
        "the day before, with the value that moved most that day.\n\n",
        r->anomaly_days);
    put(m, "| Day | Cost | Expected | 99% range | Direction | Attributed to | Deviation | Share |\n"
           "|---|--:|--:|--:|---|---|--:|--:|\n");
    size_t na = r->nanomalies < RW_REPORT_MAX_ANOMALIES ? r->nanomalies : RW_REPORT_MAX_ANOMALIES;
    for (size_t i = 0; i < na; i++) {
        const rw_report_anomaly *a = &r->anomalies[i];
        wrap(m, "| ", a->day, " |");
        cell_money(m, a->value);
        cell_money(m, a->expected);
        rw_fmt_money(a->lo, lo, sizeof lo);
        rw_fmt_money(a->hi, hi, sizeof hi);
        rw_report_out_printf(&m->s, " %s \xE2\x80\x93 %s |", lo, hi);
        put(m, a->direction < 0 ? " \xE2\x96\xBC below |" : " \xE2\x96\xB2 above |");
        if (a->dimension[0]) {
            wrap(m, " ", a->dimension, "=**");
            esc(m, a->dim_value);
            put(m, "** |");
            rw_fmt_money_signed(a->deviation, v, sizeof v);
            rw_fmt_share(a->share, sh, sizeof sh);
            rw_report_out_printf(&m->s, " %s | %s |\n", v, sh);
        } else {
            put(m, " not attributed | \xE2\x80\x93 | \xE2\x80\x93 |\n");
        }
    }
    put(m,
        "\nDeviation: the value's change against its own usual level that day; share: its part of "
        "the difference from the forecast.\n\n");
}

static void method_section(md *m)
{
    const rw_report *r = m->r;
    heading(m, "How the forecast was made");
    wrap(m, "- Model (total): ", r->model[0] ? r->model : "unknown", "\n");
    put(m, "- History used: ");
    if (r->history_from[0]) {
        esc(m, r->history_from);
        put(m, " \xE2\x80\x93 ");
        esc(m, r->history_to);
        rw_report_out_printf(&m->s, " (%zu days)\n", r->history_days);
    } else {
        rw_report_out_printf(&m->s, "%zu days\n", r->history_days);
    }
    rw_report_out_printf(&m->s, "- Random seed: %lu (the same seed gives the same report)\n\n",
                         r->seed);
    if (r->method_note[0]) wrap(m, "", r->method_note, "\n\n");
}

static void quality_section(md *m)
{
    const rw_report *r = m->r;
    char pct[16], num[RW_REPORT_NUM_SIZE];
    heading(m, "Data quality");
    rw_fmt_money0((double)r->rows, num, sizeof num);
    rw_report_out_printf(&m->s, "- Sources: %zu %s ingested\n- Rows read: %s\n", r->sources,
                         r->sources == 1 ? "file" : "files", num);
    rw_fmt_money0((double)r->rejected, num, sizeof num);
    if (r->rows > 0) {
        rw_fmt_prob((double)r->rejected / (double)r->rows, pct, sizeof pct);
        rw_report_out_printf(&m->s, "- Rows rejected: %s (%s)\n\n", num, pct);
    } else {
        rw_report_out_printf(&m->s, "- Rows rejected: %s\n\n", num);
    }
    size_t nn = r->nnotes < RW_REPORT_MAX_NOTES ? r->nnotes : RW_REPORT_MAX_NOTES;
    if (nn == 0) {
        put(m, "No gaps, partial days or rejected rows to report.\n");
        return;
    }
    put(m, "Notes:\n\n");
    for (size_t i = 0; i < nn; i++)
        wrap(m, "- ", r->notes[i], "\n");
}

rw_status rw_report_write_markdown(const rw_report *r, FILE *out, rw_error *err)
{
    md m;
    rw_report_out_init(&m.s, out);
    m.r = r;
    if (r->currency[0])
        snprintf(m.cur, sizeof m.cur, " %.3s", r->currency);
    else
        m.cur[0] = '\0';
    header(&m);
    balance_section(&m);
    thresholds_section(&m);
    budget_section(&m);
    weekly_section(&m);
    anomalies_section(&m);
    method_section(&m);
    quality_section(&m);
    put(&m, "\n---\nMade by runway " RUNWAY_VERSION ". Amounts are rounded for display; "
            "summary.json has the exact figures.\n");
    return rw_report_out_finish(&m.s, "Markdown report", err);
}
