/* report_rows.c: builds the report's sections as plain rows (report_rows.h)
 * and walks them for the writers.
 *
 * Every figure, sentence, table cell and chart reference of the HTML and
 * Markdown forms is decided here, once; the writers only add markup and
 * escaping. Spans are appended to the text `s->cur` points at, so a text's
 * spans are contiguous: a builder finishes one text before it starts the next.
 *
 * Text bound: the largest section is the weekly one: per series 4 amounts
 * and a range (each amount at most RW_REPORT_NUM_SIZE bytes) and the
 * chart's alt text (name + 26 bytes), per week an amount and a range: under
 * 24 KiB with every number at its longest, well inside RW_RSEC_TEXT_SIZE.
 * test_report_write.c builds the largest report and checks `overflow`. */
#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "export/report_fmt.h"
#include "export/report_rows.h"
#include "util/lang.h"
#include "util/strutil.h"

#define DASH "\xE2\x80\x93" /* – */

/* Our words in the section's language (lang.h). */
#define T(text) rw_tr(s->lang, text)

/* ---- Pools ---------------------------------------------------------------- */

rw_rsec *rw_rsec_alloc(void)
{
    return calloc(1, sizeof(rw_rsec));
}

void rw_rsec_free(rw_rsec *s)
{
    free(s);
}

/* A pool was too small: a bug in the limits of report_rows.h. */
static void overflow(rw_rsec *s)
{
    s->overflow = 1;
    assert(!"report section pool too small");
}

/* Makes `t` the text new spans extend, empty. */
static void to(rw_rsec *s, rw_rtext *t)
{
    t->first = s->nspans;
    t->n = 0;
    s->cur = t;
}

static void reset(rw_rsec *s, const rw_report *r, const char *id)
{
    s->id = id;
    s->lang = r->lang;
    s->charts_drawn = !r->charts_note[0];
    s->nblocks = s->nspans = s->ncells = s->nrows = s->nitems = s->ncharts = 0;
    s->overflow = 0;
    s->used = 0;
    rw_currency_suffix(r->currency, s->currency, sizeof s->currency);
    to(s, &s->title);
}

/* Appends a span to the current text. */
static void add(rw_rsec *s, unsigned style, const char *text)
{
    if (s->nspans == RW_RSEC_MAX_SPANS) {
        overflow(s);
        return;
    }
    s->span[s->nspans].text = text;
    s->span[s->nspans].style = style;
    s->nspans++;
    s->cur->n++;
}

/* Formats into the section's text; the result lives as long as the section. */
static const char *vtextf(rw_rsec *s, const char *fmt, va_list ap)
{
    size_t room = sizeof s->text - s->used;
    if (room == 0) {
        overflow(s);
        return "";
    }
    char *p = s->text + s->used;
    int n = vsnprintf(p, room, fmt, ap);
    if (n < 0) {
        p[0] = '\0';
        n = 0;
    } else if ((size_t)n >= room) {
        overflow(s);
        n = (int)(room - 1);
    }
    s->used += (size_t)n + 1;
    return p;
}

__attribute__((format(printf, 2, 3))) static const char *textf(rw_rsec *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *p = vtextf(s, fmt, ap);
    va_end(ap);
    return p;
}

__attribute__((format(printf, 3, 4))) static void addf(rw_rsec *s, unsigned style, const char *fmt,
                                                       ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *p = vtextf(s, fmt, ap);
    va_end(ap);
    add(s, style, p);
}

/* Returns the next free entry of a pool of `max` (its spare one when full). */
#define TAKE(s, pool, count, max)                                                                  \
    ((s)->count < (max) ? &(s)->pool[(s)->count++] : (overflow(s), &(s)->pool[(max)]))

static rw_rblock *block(rw_rsec *s, rw_rblock_kind kind, unsigned forms)
{
    rw_rblock *b = TAKE(s, block, nblocks, RW_RSEC_MAX_BLOCKS);
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->forms = forms;
    if (kind == RW_RBLOCK_TABLE)
        b->first = s->nrows;
    else if (kind == RW_RBLOCK_CHART || kind == RW_RBLOCK_GALLERY)
        b->first = s->ncharts;
    else
        b->first = s->nitems;
    to(s, &b->text);
    return b;
}

static void para(rw_rsec *s, rw_rpara style, unsigned forms)
{
    block(s, RW_RBLOCK_PARA, forms)->style = style;
}

/* A paragraph of one span. */
static void para_text(rw_rsec *s, rw_rpara style, unsigned style_bits, const char *text)
{
    para(s, style, RW_RFORM_ALL);
    add(s, style_bits, text);
}

static rw_ritem *item(rw_rsec *s, rw_rblock *b)
{
    rw_ritem *it = TAKE(s, item, nitems, RW_RSEC_MAX_ITEMS);
    memset(it, 0, sizeof *it);
    it->label.first = it->value.first = it->detail.first = s->nspans;
    b->n++;
    return it;
}

static void add_chart(rw_rsec *s, rw_rblock *b, const char *name, const char *alt,
                      const char *caption)
{
    rw_rchart *c = TAKE(s, chart, ncharts, RW_RSEC_MAX_CHARTS);
    c->name = name;
    c->alt = alt;
    c->caption = caption;
    b->n++;
}

/* A chart block, or nothing when the chart has no name. */
static void chart(rw_rsec *s, const char *name, const char *alt, const char *caption)
{
    if (name[0]) add_chart(s, block(s, RW_RBLOCK_CHART, RW_RFORM_ALL), name, alt, caption);
}

static rw_rblock *table(rw_rsec *s, const char *name, const char *text_end)
{
    rw_rblock *b = block(s, RW_RBLOCK_TABLE, RW_RFORM_ALL);
    b->name = name;
    b->text_end = text_end;
    return b;
}

static void col(rw_rsec *s, rw_rblock *b, const char *title, int num)
{
    if (b->ncols == RW_RSEC_MAX_COLS) {
        overflow(s);
        return;
    }
    b->col[b->ncols].title = title;
    b->col[b->ncols].num = num;
    b->ncols++;
}

static rw_rrow *row(rw_rsec *s, rw_rblock *table_block)
{
    rw_rrow *w = TAKE(s, row, nrows, RW_RSEC_MAX_ROWS);
    w->first_cell = s->ncells;
    w->ncells = 0;
    w->forecast = 0;
    w->note = NULL;
    table_block->n++;
    return w;
}

/* A cell of the last row; its text becomes the current one. */
static rw_rcell *cell(rw_rsec *s, rw_rcell_kind kind)
{
    rw_rcell *c = TAKE(s, cell, ncells, RW_RSEC_MAX_CELLS);
    if (s->nrows > 0) s->row[s->nrows - 1].ncells++;
    c->kind = kind;
    c->neg = 0;
    c->level = "";
    to(s, &c->text);
    return c;
}

static void cell_text(rw_rsec *s, rw_rcell_kind kind, unsigned style, const char *text)
{
    cell(s, kind);
    add(s, style, text);
}

/* ---- Figures -------------------------------------------------------------- */

static int prints_negative(double v, const char *formatted)
{
    return isfinite(v) && v < 0 && strcmp(formatted, "0.00") != 0;
}

/* Buffer size of percentages: an absurd one (1e70 %) is cut there, as it
 * always was. */
#define PCT_SIZE 16

/* v formatted by f (report_fmt.h) in at most size bytes (at most
 * RW_REPORT_NUM_SIZE). */
static const char *num(rw_rsec *s, void (*f)(double, char *, size_t), double v, size_t size)
{
    char b[RW_REPORT_NUM_SIZE];
    f(v, b, size < sizeof b ? size : sizeof b);
    return textf(s, T("%s"), b);
}

static const char *money(rw_rsec *s, double v)
{
    return num(s, rw_fmt_money, v, RW_REPORT_NUM_SIZE);
}

/* "lo – hi" of two amounts, with 0 or 2 decimals. */
static const char *range(rw_rsec *s, double lo, double hi, int decimals)
{
    char a[RW_REPORT_NUM_SIZE], b[RW_REPORT_NUM_SIZE];
    (decimals ? rw_fmt_money : rw_fmt_money0)(lo, a, sizeof a);
    (decimals ? rw_fmt_money : rw_fmt_money0)(hi, b, sizeof b);
    return textf(s, "%s " DASH " %s", a, b);
}

static const char *prob(rw_rsec *s, double p)
{
    return num(s, rw_fmt_prob, p, PCT_SIZE);
}

/* A change in percent with its sign: "+12%", "n/a" when not finite. */
static const char *pct_signed(rw_rsec *s, double pct)
{
    char b[PCT_SIZE];
    rw_fmt_pct(pct, 1, b, sizeof b);
    return textf(s, T("%s"), b);
}

/* An amount and the currency; `mark`: a negative amount is marked (NEG). */
static void add_amount(rw_rsec *s, unsigned style, double v, int mark)
{
    const char *b = money(s, v);
    if (mark && prints_negative(v, b)) style |= RW_RSPAN_NEG;
    if (s->lang == RW_LANG_ZH && !strcmp(s->currency, " CNY")) { /* "¥1,234.50" */
        add(s, style, b[0] == '-' ? textf(s, "-\xC2\xA5%s", b + 1) : textf(s, "\xC2\xA5%s", b));
        return;
    }
    add(s, style, b);
    if (s->currency[0]) add(s, style | RW_RSPAN_DATA, s->currency);
}

/* A table cell with an amount, marked when negative. */
static void cell_money(rw_rsec *s, unsigned style, double v)
{
    rw_rcell *c = cell(s, RW_RCELL_NUM);
    const char *b = money(s, v);
    c->neg = prints_negative(v, b);
    add(s, style, b);
}

/* "2024-10-16", or "beyond the horizon", from a date and its day count. */
static const char *runout_text(const rw_report *r, int q)
{
    return r->runout_days[q] >= 0 && r->runout_date[q][0] ? r->runout_date[q]
                                                          : rw_tr(r->lang, "beyond the horizon");
}

/* When the balance was observed, for people (the report's language). */
static const char *observed_when(const rw_report *r)
{
    return r->observed_when[0] ? r->observed_when : r->observed_at;
}

static const char *by_name(const rw_report *r)
{
    return r->by[0] ? r->by : "series";
}

const char *rw_report_title(const rw_report *r)
{
    return r->title[0] ? r->title : rw_tr(r->lang, "Consumption report");
}

/* ---- Head ------------------------------------------------------------------ */

void rw_rsec_head(rw_rsec *s, const rw_report *r)
{
    char line[RW_REPORT_LINE_SIZE];
    reset(s, r, "summary");
    add(s, RW_RSPAN_DATA, rw_report_title(r));
    para(s, RW_RPARA_PLAIN, RW_RFORM_ALL);
    if (r->account[0]) {
        add(s, 0, T("Account "));
        add(s, RW_RSPAN_STRONG | RW_RSPAN_DATA, r->account);
        add(s, 0, T(" \xC2\xB7 "));
    }
    add(s, 0, T("data as of "));
    add(s, RW_RSPAN_STRONG | RW_RSPAN_DATA, r->as_of[0] ? r->as_of : "unknown");
    if (r->generated_at[0]) {
        add(s, 0, T(" \xC2\xB7 generated "));
        add(s, RW_RSPAN_DATA, r->generated_at);
    }
    if (r->currency[0]) {
        add(s, 0, T(" \xC2\xB7 amounts in "));
        add(s, RW_RSPAN_DATA, r->currency);
    }
    rw_rblock *b = block(s, RW_RBLOCK_LIST, RW_RFORM_ALL);
    add(s, 0, T("At a glance"));
    for (int i = 0; i < 5; i++) {
        rw_report_summary_line(r, i, line, sizeof line);
        to(s, &item(s, b)->value);
        add(s, RW_RSPAN_DATA, textf(s, T("%s"), line));
    }
    if (r->charts_note[0]) {
        para(s, RW_RPARA_NOTE, RW_RFORM_ALL);
        add(s, RW_RSPAN_STRONG, T("Charts:"));
        add(s, 0, " ");
        add(s, RW_RSPAN_DATA, r->charts_note);
    }
}

/* ---- Balance and run-out ------------------------------------------------------ */

/* A KPI of block b labelled `label`; the caller adds the figure, then the detail. */
static rw_ritem *kpi(rw_rsec *s, rw_rblock *b, const char *label)
{
    rw_ritem *k = item(s, b);
    to(s, &k->label);
    add(s, 0, label);
    to(s, &k->value);
    return k;
}

/* The page's three boxes: balance, run-out date, spending per day. */
static void balance_kpis(rw_rsec *s, const rw_report *r, int neg)
{
    rw_rblock *b = block(s, RW_RBLOCK_KPIS, RW_RFORM_HTML);
    rw_ritem *k = item(s, b);
    k->alarm = neg;
    to(s, &k->label);
    add(s, 0, T("Balance at "));
    add(s, RW_RSPAN_DATA, observed_when(r));
    to(s, &k->value);
    add_amount(s, 0, r->observed, 1);
    to(s, &k->detail);
    if (neg) {
        add(s, RW_RSPAN_FLAG | RW_RSPAN_SOLID, T("negative"));
        add(s, 0, T(" in arrears"));
    }
    if (neg) { /* it has run out: since when, and what is owed */
        k = kpi(s, b, T("In arrears since"));
        k->alarm = 1;
        add(s, RW_RSPAN_DATA, r->arrears_since);
        to(s, &k->detail);
        add(s, 0, T("owes "));
        add_amount(s, 0, r->arrears.owed, 0);
    } else {
        k = kpi(s, b, T("Runs out (likely, P50)"));
        add(s, RW_RSPAN_DATA, runout_text(r, 1));
        to(s, &k->detail);
        int d = r->runout_days[1];
        if (d > 1)
            addf(s, 0, T("lasts ~%d %s (runs out on day %d)"), d - 1, T(rw_plural_days(d - 1)),
                 d);
        else if (d >= 0)
            add(s, 0, T("the next day"));
    }
    if (!isfinite(r->daily_recent) && !isfinite(r->daily_forecast)) return;
    k = kpi(s, b, T("Spending per day"));
    add_amount(s, 0, r->daily_recent, 0);
    to(s, &k->detail);
    addf(s, 0, T("last 28 days; forecast %s over the next 30"), money(s, r->daily_forecast));
}

/* The same figures as one sentence, for the Markdown (which, as it always
 * did, leaves out the spending when the recent mean is unknown). */
static void balance_sentence(rw_rsec *s, const rw_report *r, int neg)
{
    para(s, RW_RPARA_PLAIN, RW_RFORM_MD);
    add(s, RW_RSPAN_STRONG, T("Balance at "));
    add(s, RW_RSPAN_STRONG | RW_RSPAN_DATA, observed_when(r));
    add(s, RW_RSPAN_STRONG, ": ");
    add_amount(s, RW_RSPAN_STRONG, r->observed, 0);
    if (neg) add(s, RW_RSPAN_STRONG, T(" (NEGATIVE: in arrears)"));
    add(s, 0, T("; runs out "));
    add(s, RW_RSPAN_STRONG | RW_RSPAN_DATA, runout_text(r, 1));
    int d = r->runout_days[1];
    if (d > 1)
        addf(s, 0, T(" (lasts ~%d %s)"), d - 1, T(rw_plural_days(d - 1)));
    else if (d >= 0)
        add(s, 0, T(" (the next day)"));
    add(s, 0, ".");
    if (!isfinite(r->daily_recent)) return;
    add(s, RW_RSPAN_BREAK, "");
    add(s, 0, T("Spending "));
    add_amount(s, 0, r->daily_recent, 0);
    addf(s, 0, T("/day over the last 28 days; forecast %s/day over the next 30."),
         money(s, r->daily_forecast));
}

/* When the balance goes negative, the service is suspended, the data deleted. */
static void timeline_table(rw_rsec *s, const rw_report *r)
{
    char when[40], g[16], d[16];
    rw_rblock *t = table(s, "timeline", ":");
    add(s, 0, T("Arrears timeline"));
    if (r->policy[0]) {
        rw_fmt_days(r->grace_hours, g, sizeof g);
        rw_fmt_days(r->retention_days, d, sizeof d);
        add(s, 0, T(" (policy "));
        add(s, RW_RSPAN_STRONG | RW_RSPAN_DATA, r->policy);
        addf(s, 0,
             T(": suspended %s h after the balance goes negative, data deleted %s days after "
               "suspension)"),
             g, d);
    }
    col(s, t, T("Event"), 0);
    col(s, t, T("Early (P10)"), 1);
    col(s, t, T("Likely (P50)"), 1);
    col(s, t, T("Late (P90)"), 1);
    row(s, t);
    cell_text(s, RW_RCELL_TEXT, RW_RSPAN_DATA, T("Balance goes negative"));
    for (int q = 0; q < 3; q++) {
        cell_text(s, RW_RCELL_NUM, RW_RSPAN_DATA, runout_text(r, q));
        if (r->runout_days[q] < 0) continue;
        add(s, 0, " ");
        addf(s, RW_RSPAN_SMALL, T("(day %d)"), r->runout_days[q]);
    }
    const char *names[2] = {"Service suspended", "Data deleted"};
    for (int e = 0; e < 2; e++) {
        row(s, t);
        cell_text(s, RW_RCELL_TEXT, RW_RSPAN_DATA, T(names[e]));
        for (int q = 0; q < 3; q++) {
            rw_fmt_when(e == 0 ? r->suspend_date[q] : r->delete_date[q], when, sizeof when);
            cell_text(s, RW_RCELL_NUM, RW_RSPAN_DATA,
                      when[0] ? textf(s, T("%s"), when) : T("beyond the horizon"));
        }
    }
}

void rw_rsec_balance(rw_rsec *s, const rw_report *r)
{
    reset(s, r, "balance");
    add(s, 0, T("Balance and run-out"));
    if (!r->has_runout) {
        para_text(s, RW_RPARA_EMPTY, 0,
                  T("No balance is known for this account, so no run-out date, chance of running "
                    "out or arrears timeline is computed."));
        return;
    }
    int neg = r->arrears.in_arrears;
    balance_kpis(s, r, neg);
    balance_sentence(s, r, neg);
    if (r->balance_note[0])
        para_text(s, RW_RPARA_FOOTNOTE, RW_RSPAN_EM | RW_RSPAN_DATA,
                  r->balance_note_text[0] ? r->balance_note_text : r->balance_note);
    chart(s, r->runout_chart, T("Balance running down: P10, P50 and P90 paths"),
          T("The balance at the end of each day (median path and 80% range), the alert "
            "thresholds and the run-out dates."));
    para(s, RW_RPARA_PLAIN, RW_RFORM_ALL);
    add(s, 0, T("Chance of running out: "));
    add(s, RW_RSPAN_STRONG, prob(s, r->within7));
    add(s, 0, T(" within 7 days, "));
    add(s, RW_RSPAN_STRONG, prob(s, r->within14));
    add(s, 0, T(" within 14, "));
    add(s, RW_RSPAN_STRONG, prob(s, r->within30));
    add(s, 0, T(" within 30."));
    timeline_table(s, r);
}

/* ---- Alert thresholds ------------------------------------------------------------ */

static int known_level(const char *level)
{
    return !strcmp(level, "blue") || !strcmp(level, "yellow") || !strcmp(level, "red");
}

/* Row i of the thresholds table, with its explanation as the row's note. */
static void threshold_row(rw_rsec *s, const rw_report *r, rw_rblock *t, size_t i)
{
    const rw_report_threshold *th = &r->thr[i];
    char lab[32], line[RW_REPORT_LINE_SIZE], d[16];
    rw_report_threshold_explain(r, i, line, sizeof line);
    row(s, t)->note = textf(s, T("%s"), line);
    rw_report_level_label_in(r->lang, th->level, lab, sizeof lab);
    rw_rcell *c = cell(s, RW_RCELL_LEVEL);
    if (known_level(th->level)) c->level = th->level;
    add(s, RW_RSPAN_DATA, textf(s, T("%s"), lab));
    if (rw_report_threshold_crossed(r, i))
        add(s, RW_RSPAN_FLAG | RW_RSPAN_SOLID, T("crossed"));
    else if (r->has_runout && (int)i == r->next_threshold)
        add(s, RW_RSPAN_FLAG, T("next"));
    cell(s, RW_RCELL_NUM);
    addf(s, 0, T("%d %s"), th->lead_days, T(rw_plural_days(th->lead_days)));
    cell_money(s, 0, th->balance);
    cell_money(s, 0, th->expected);
    if (th->origins > 0) {
        cell(s, RW_RCELL_NUM);
        addf(s, 0, T("%zu/%zu (%s)"), th->held, th->origins,
             prob(s, (double)th->held / (double)th->origins));
        rw_fmt_days(th->notice_days, d, sizeof d);
        cell(s, RW_RCELL_NUM);
        addf(s, 0, T("%s d"), d);
    } else {
        cell_text(s, RW_RCELL_NUM, 0, T("not replayed"));
        cell_text(s, RW_RCELL_NUM, 0, DASH);
    }
}

/* The page's line on the next level to be crossed. */
static void next_threshold(rw_rsec *s, const rw_report *r)
{
    int nx = r->next_threshold;
    if (!r->has_runout || nx < 0 || (size_t)nx >= r->nthresholds || nx >= RW_REPORT_MAX_LEADS ||
        rw_report_threshold_crossed(r, (size_t)nx))
        return;
    char lab[32];
    rw_report_level_label_in(r->lang, r->thr[nx].level, lab, sizeof lab);
    para(s, RW_RPARA_PLAIN, RW_RFORM_HTML);
    add(s, RW_RSPAN_DATA, textf(s, T("%s"), lab));
    addf(s, 0, T(" is the next level the balance will cross (at %s"), money(s, r->thr[nx].balance));
    if (s->currency[0]) add(s, RW_RSPAN_DATA, s->currency);
    int d = r->next_threshold_days;
    if (d >= 0)
        addf(s, 0, T("), likely in ~%d %s."), d, T(rw_plural_days(d)));
    else
        add(s, 0, T("), not within the forecast horizon."));
}

void rw_rsec_thresholds(rw_rsec *s, const rw_report *r)
{
    reset(s, r, "thresholds");
    add(s, 0, T("Alert thresholds"));
    size_t nt = r->nthresholds < RW_REPORT_MAX_LEADS ? r->nthresholds : RW_REPORT_MAX_LEADS;
    if (nt == 0) {
        para_text(s, RW_RPARA_EMPTY, 0,
                  r->has_runout ? T("No alert thresholds: too little history to compute them.")
                                : T("No alert thresholds: no balance is known for this account."));
        return;
    }
    para(s, RW_RPARA_PLAIN, RW_RFORM_ALL);
    add(s, 0, T("Alert when the balance falls below "));
    add(s, RW_RSPAN_STRONG, T("fire below"));
    add(s, 0,
        T(": from there it may not last the lead time. Each level was replayed on the "
          "account's own history."));
    rw_rblock *t = table(s, "thresholds", "");
    col(s, t, T("Level"), 0);
    col(s, t, T("Lead"), 1);
    col(s, t, textf(s, T("Fire below%s"), s->currency), 1);
    col(s, t, T("Expected use"), 1);
    col(s, t, T("Replayed: held"), 1);
    col(s, t, T("Notice"), 1);
    for (size_t i = 0; i < nt; i++)
        threshold_row(s, r, t, i);
    next_threshold(s, r);
}

/* ---- Monthly budget -------------------------------------------------------------- */

void rw_rsec_budget(rw_rsec *s, const rw_report *r)
{
    char per[64];
    reset(s, r, "budget");
    rw_fmt_period(r, 0, per, sizeof per);
    add(s, 0, T("Monthly budget: "));
    add(s, RW_RSPAN_DATA, textf(s, T("%s"), per));
    if (r->month_days == 0 || !isfinite(r->month_mean)) {
        para_text(s, RW_RPARA_EMPTY, 0, T("No forecast for this month: too little history."));
        return;
    }
    if (!r->has_budget)
        para_text(s, RW_RPARA_NOTE, 0,
                  T("No budget given: month-to-date spend and the forecast month total only."));
    rw_rblock *b = block(s, RW_RBLOCK_KPIS, RW_RFORM_ALL);
    rw_ritem *k = kpi(s, b, T("Spent so far"));
    add_amount(s, 0, r->month_spent, 1);
    to(s, &k->detail);
    addf(s, 0, T("%zu of %zu days, "), r->month_days_spent, r->month_days);
    add(s, RW_RSPAN_DATA, r->month_from);
    add(s, 0, T(" to "));
    add(s, RW_RSPAN_DATA, r->as_of);
    k = kpi(s, b, T("Forecast month total"));
    add_amount(s, 0, r->month_mean, 1);
    to(s, &k->detail);
    addf(s, 0, T("80%% range %s"), range(s, r->month_p10, r->month_p90, 0));
    if (r->has_budget) {
        kpi(s, b, T("Budget"));
        add_amount(s, 0, r->budget, 1);
        k = kpi(s, b, T("Chance of going over"));
        k->alarm = r->p_over >= 0.5;
        k->joined = 1;
        add(s, 0, prob(s, r->p_over));
        to(s, &k->detail);
        if (r->breach_date[0]) {
            add(s, 0, T("likely breach "));
            add(s, RW_RSPAN_DATA, r->breach_date);
        } else {
            add(s, 0, T("no likely breach date"));
        }
    }
    chart(s, r->budget_chart, T("Budget burn-up: cumulative spend and forecast"),
          T("Cumulative spend this month, the forecast with its 80% range, and the budget."));
}

/* ---- Weekly capacity planning ------------------------------------------------------- */

/* Total per week, actual then forecast (in italics in Markdown). */
static void weeks_table(rw_rsec *s, const rw_report *r)
{
    rw_rblock *t = table(s, "weeks", ".");
    add(s, 0,
        T("Total per week (7 days from the date shown); forecast weeks in italics with "
          "their 80% range"));
    col(s, t, T("Week of"), 0);
    col(s, t, "", 0);
    col(s, t, textf(s, T("Total%s"), s->currency), 1);
    col(s, t, T("80% range"), 1);
    col(s, t, T("Change"), 1);
    size_t nw = r->nweeks < RW_REPORT_WEEKS + RW_REPORT_OUTLOOK_WEEKS
                    ? r->nweeks
                    : RW_REPORT_WEEKS + RW_REPORT_OUTLOOK_WEEKS;
    for (size_t i = 0; i < nw; i++) {
        const rw_report_week *w = &r->weeks[i];
        unsigned em = w->forecast ? RW_RSPAN_EM : 0;
        row(s, t)->forecast = w->forecast;
        cell_text(s, RW_RCELL_TEXT, em | RW_RSPAN_DATA, w->start);
        cell_text(s, RW_RCELL_TEXT, em, T(w->forecast ? "forecast" : "actual"));
        cell_money(s, em, w->total);
        if (w->forecast)
            cell_text(s, RW_RCELL_NUM, 0, range(s, w->lo, w->hi, 0));
        else
            cell(s, RW_RCELL_BLANK);
        double prev = i > 0 ? r->weeks[i - 1].total : NAN;
        cell_text(s, RW_RCELL_NUM, 0,
                  isfinite(prev) && prev > 0 ? pct_signed(s, (w->total / prev - 1) * 100) : DASH);
    }
}

/* One row per breakdown value: last weeks, month to date, next 4 weeks. */
static void series_table(rw_rsec *s, const rw_report *r, size_t ns)
{
    char by[40];
    rw_report_by_label(r, by, sizeof by);
    rw_rblock *t = table(s, "series", "");
    col(s, t, textf(s, T("%s"), by), 0);
    static const char *const nums[] = {"Last week",    "Previous week", "Change", "Month to date",
                                       "Next 4 weeks", "80% range",     "Trend"};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        col(s, t, T(nums[i]), 1);
    col(s, t, T("Model"), 0);
    for (size_t i = 0; i < ns; i++) {
        const rw_report_series *x = &r->series[i];
        row(s, t);
        cell_text(s, RW_RCELL_TEXT, RW_RSPAN_DATA, rw_report_name_or(x->name, "(none)"));
        if ((int)i == r->biggest_growth && isfinite(x->trend_pct) && x->trend_pct > 0)
            add(s, RW_RSPAN_FLAG, T("fastest growing"));
        cell_money(s, 0, x->last_week);
        cell_money(s, 0, x->prev_week);
        cell_text(s, RW_RCELL_NUM, 0,
                  isfinite(x->change_pct) ? pct_signed(s, x->change_pct) : DASH);
        cell_money(s, 0, x->month_to_date);
        cell_money(s, 0, x->next_4w_mean);
        cell_text(s, RW_RCELL_NUM, 0, range(s, x->next_4w_lo, x->next_4w_hi, 0));
        cell_text(s, RW_RCELL_NUM, 0, pct_signed(s, x->trend_pct));
        cell_text(s, RW_RCELL_NOTE, RW_RSPAN_DATA, x->model);
    }
}

/* A fan chart per breakdown value, when charts were drawn. */
static void series_gallery(rw_rsec *s, const rw_report *r, size_t ns)
{
    size_t ncharts = 0;
    for (size_t i = 0; i < ns; i++)
        if (r->series[i].chart[0]) ncharts++;
    if (ncharts == 0 || !s->charts_drawn) return;
    rw_rblock *g = block(s, RW_RBLOCK_GALLERY, RW_RFORM_ALL);
    add(s, 0, T("Forecast per "));
    add(s, RW_RSPAN_DATA, T(by_name(r)));
    for (size_t i = 0; i < ns; i++) {
        const rw_report_series *x = &r->series[i];
        if (!x->chart[0]) continue;
        const char *name = rw_report_name_or(x->name, "(none)");
        add_chart(s, g, x->chart, textf(s, T("%s: daily cost and forecast"), name), name);
    }
}

void rw_rsec_weekly(rw_rsec *s, const rw_report *r)
{
    reset(s, r, "weekly");
    add(s, 0, T("Weekly capacity planning"));
    if (r->nweeks == 0 && r->nseries == 0) {
        para_text(s, RW_RPARA_EMPTY, 0, T("No weekly view: too little history."));
        return;
    }
    chart(s, r->total_chart, T("Daily total with forecast and 80%/95% bands"),
          T("Daily total: history, forecast and its 80% and 95% ranges."));
    if (r->nweeks > 0) weeks_table(s, r);
    chart(s, r->stack_chart, T("Daily cost stacked by breakdown, history and forecast"),
          T("Daily cost by breakdown value; the forecast part is lighter."));
    if (r->nseries == 0) return;
    size_t ns = r->nseries < RW_REPORT_MAX_SERIES ? r->nseries : RW_REPORT_MAX_SERIES;
    block(s, RW_RBLOCK_HEADING, RW_RFORM_ALL);
    add(s, 0, T("By "));
    add(s, RW_RSPAN_DATA, T(by_name(r)));
    series_table(s, r, ns);
    para_text(s, RW_RPARA_FOOTNOTE, 0,
              T("Change: last week against the week before. Trend: forecast of the next 28 days "
                "against the last 28. Ranges are 80% intervals."));
    series_gallery(s, r, ns);
}

/* ---- Anomalies ------------------------------------------------------------------------ */

static void anomaly_row(rw_rsec *s, rw_rblock *t, const rw_report_anomaly *a)
{
    row(s, t);
    cell_text(s, RW_RCELL_TEXT, RW_RSPAN_DATA, a->day);
    cell_money(s, 0, a->value);
    cell_money(s, 0, a->expected);
    cell_text(s, RW_RCELL_NUM, 0, range(s, a->lo, a->hi, 2));
    cell_text(s, RW_RCELL_TEXT, 0,
              T(a->direction < 0 ? "\xE2\x96\xBC below" : "\xE2\x96\xB2 above")); /* ▼ ▲ */
    if (!a->dimension[0]) {
        cell_text(s, RW_RCELL_TEXT, 0, T("not attributed"));
        cell_text(s, RW_RCELL_NUM, 0, DASH);
        cell_text(s, RW_RCELL_NUM, 0, DASH);
        return;
    }
    cell_text(s, RW_RCELL_TEXT, RW_RSPAN_DATA, T(a->dimension));
    add(s, 0, "=");
    add(s, RW_RSPAN_STRONG | RW_RSPAN_DATA, a->dim_value);
    cell_text(s, RW_RCELL_NUM, 0, num(s, rw_fmt_money_signed, a->deviation, RW_REPORT_NUM_SIZE));
    cell_text(s, RW_RCELL_NUM, 0, num(s, rw_fmt_share, a->share, PCT_SIZE));
}

void rw_rsec_anomalies(rw_rsec *s, const rw_report *r)
{
    reset(s, r, "anomalies");
    add(s, 0, T("Anomalies"));
    if (r->anomaly_days == 0) {
        para_text(s, RW_RPARA_EMPTY, 0, T("Anomalies not examined: too little history."));
        return;
    }
    if (r->nanomalies == 0) {
        para(s, RW_RPARA_EMPTY, RW_RFORM_ALL);
        addf(s, 0,
             T("No anomalies in the last %zu days: every day fell inside the 99%% range of the "
               "forecast made the day before."),
             r->anomaly_days);
        return;
    }
    para(s, RW_RPARA_PLAIN, RW_RFORM_ALL);
    addf(s, 0,
         T("Days of the last %zu whose cost fell outside the 99%% range of the forecast made the "
           "day before, with the value that moved most that day."),
         r->anomaly_days);
    rw_rblock *t = table(s, "anomalies", "");
    static const char *const titles[] = {"Day",       "Cost",          "Expected",  "99% range",
                                         "Direction", "Attributed to", "Deviation", "Share"};
    static const int nums[] = {0, 1, 1, 1, 0, 0, 1, 1};
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
        col(s, t, T(titles[i]), nums[i]);
    size_t na = r->nanomalies < RW_REPORT_MAX_ANOMALIES ? r->nanomalies : RW_REPORT_MAX_ANOMALIES;
    for (size_t i = 0; i < na; i++)
        anomaly_row(s, t, &r->anomalies[i]);
    para_text(s, RW_RPARA_FOOTNOTE, 0,
              T("Deviation: the value's change against its own usual level that day; share: its "
                "part of the difference from the forecast."));
}

/* ---- Method and data quality -------------------------------------------------------------- */

/* A fact of block b: its term; the caller adds the value. */
static void fact(rw_rsec *s, rw_rblock *b, const char *term)
{
    rw_ritem *f = item(s, b);
    to(s, &f->label);
    add(s, 0, term);
    to(s, &f->value);
}

void rw_rsec_method(rw_rsec *s, const rw_report *r)
{
    reset(s, r, "method");
    add(s, 0, T("How the forecast was made"));
    rw_rblock *b = block(s, RW_RBLOCK_FACTS, RW_RFORM_ALL);
    fact(s, b, T("Model (total)"));
    add(s, RW_RSPAN_DATA, r->model[0] ? r->model : "unknown");
    fact(s, b, T("History used"));
    if (r->history_from[0]) {
        add(s, RW_RSPAN_DATA, r->history_from);
        add(s, 0, " " DASH " ");
        add(s, RW_RSPAN_DATA, r->history_to);
        addf(s, 0, T(" (%zu days)"), r->history_days);
    } else {
        addf(s, 0, T("%zu days"), r->history_days);
    }
    fact(s, b, T("Cost view"));
    add(s, 0, T(r->amortized ? "amortised over charge periods (budget, capacity, anomalies);"
                               " run-out and thresholds as billed"
                             : "as billed (each charge on the first day of its period)"));
    fact(s, b, T("Random seed"));
    addf(s, 0, T("%lu (the same seed gives the same report)"), r->seed);
    if (r->method_note[0]) para_text(s, RW_RPARA_PLAIN, RW_RSPAN_DATA, r->method_note);
}

void rw_rsec_quality(rw_rsec *s, const rw_report *r)
{
    reset(s, r, "quality");
    add(s, 0, T("Data quality"));
    rw_rblock *b = block(s, RW_RBLOCK_FACTS, RW_RFORM_ALL);
    fact(s, b, T("Sources"));
    addf(s, 0, T("%zu %s ingested"), r->sources, T(r->sources == 1 ? "file" : "files"));
    fact(s, b, T("Rows read"));
    add(s, 0, num(s, rw_fmt_money0, (double)r->rows, RW_REPORT_NUM_SIZE));
    fact(s, b, T("Rows rejected"));
    add(s, 0, num(s, rw_fmt_money0, (double)r->rejected, RW_REPORT_NUM_SIZE));
    if (r->rows > 0) addf(s, 0, T(" (%s)"), prob(s, (double)r->rejected / (double)r->rows));
    size_t nn = r->nnotes < RW_REPORT_MAX_NOTES ? r->nnotes : RW_REPORT_MAX_NOTES;
    if (nn == 0) {
        para_text(s, RW_RPARA_PLAIN, 0, T("No gaps, partial days or rejected rows to report."));
        return;
    }
    para(s, RW_RPARA_PLAIN, RW_RFORM_MD);
    add(s, 0, T("Notes:"));
    b = block(s, RW_RBLOCK_LIST, RW_RFORM_ALL);
    for (size_t i = 0; i < nn; i++) {
        to(s, &item(s, b)->value);
        add(s, RW_RSPAN_DATA, r->notes[i]);
    }
}

void rw_rsec_build(rw_rsec *s, const rw_report *r, int i)
{
    typedef void (*builder)(rw_rsec *, const rw_report *);
    static const builder builders[RW_RSEC_COUNT] = {
        rw_rsec_balance,   rw_rsec_thresholds, rw_rsec_budget, rw_rsec_weekly,
        rw_rsec_anomalies, rw_rsec_method,     rw_rsec_quality};
    assert(i >= 0 && i < RW_RSEC_COUNT);
    builders[i](s, r);
}

/* ---- Drawing ------------------------------------------------------------------------------ */

/* Closes the runs of `from` (innermost first) and opens those of `to`. */
static void switch_runs(const rw_rmarkup *m, void *ctx, unsigned from, unsigned to_runs)
{
    for (int k = RW_RSPAN_NRUNS - 1; k >= 0; k--)
        if (from & (1u << k)) m->put(ctx, m->close[k]);
    for (int k = 0; k < RW_RSPAN_NRUNS; k++)
        if (to_runs & (1u << k)) m->put(ctx, m->open[k]);
}

void rw_rtext_render(const rw_rsec *s, rw_rtext t, const rw_rmarkup *m, void *ctx)
{
    unsigned open = 0;
    for (size_t i = t.first; i < t.first + t.n && i < s->nspans; i++) {
        const rw_rspan *sp = &s->span[i];
        unsigned runs = sp->style & RW_RSPAN_RUNS;
        if (runs != open) switch_runs(m, ctx, open, runs);
        open = runs;
        if (sp->style & RW_RSPAN_BREAK)
            m->put(ctx, m->line_break);
        else if (sp->style & RW_RSPAN_FLAG)
            m->flag(ctx, sp->text, (sp->style & RW_RSPAN_SOLID) != 0);
        else if (sp->style & RW_RSPAN_DATA)
            m->esc(ctx, sp->text);
        else
            m->put(ctx, sp->text);
    }
    switch_runs(m, ctx, open, 0);
}

rw_status rw_rsec_render(const rw_rsec *s, const rw_rrender *ops, void *ctx)
{
    for (size_t i = 0; i < s->nblocks; i++) {
        const rw_rblock *b = &s->block[i];
        if (!(b->forms & ops->form) || !ops->draw[b->kind]) continue;
        rw_status st = ops->draw[b->kind](ctx, s, b);
        if (st != RW_OK) return st;
    }
    return RW_OK;
}
