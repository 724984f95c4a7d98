/* test_report_write.c: the report's HTML, Markdown and summary lines
 * (src/export/report_html.c, report_md.c, report_text.c) and the section
 * rows both forms draw (report_rows.c) on hand-filled reports: a complete
 * one with realistic figures and hostile strings (markup, quotes,
 * ampersands, CJK, table pipes), one with the parts that can be missing (no
 * balance, no budget, no charts, no anomalies, no breakdown), one in
 * arrears, one all NaN, the largest (every list full, every amount at its
 * longest); number formatting; chart embedding (base64 of a known SVG,
 * notes for missing or badly named charts); every text of a section's rows
 * found, escaped, in the HTML and the Markdown of that section, with as many
 * table rows; write errors (/dev/full gives RW_EIO). Writes
 * report_sample.html (and .md) to the working directory for
 * tests/e2e/report_browser.sh. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "check.h"
#include "export/report.h"
#include "export/report_fmt.h"
#include "export/report_rows.h"

#define CHARTS_DIR "report_write_charts"
#define EMPTY_DIR "report_write_nocharts"

/* A tiny valid SVG and its base64 (computed with `base64 -w0`). */
static const char tiny_svg[] =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"60\" viewBox=\"0 0 120 60\">"
    "<rect width=\"120\" height=\"60\" fill=\"#ddd\"/><path d=\"M0 50 L40 30 L80 35 L120 10\" "
    "stroke=\"#000\" fill=\"none\"/></svg>\n";
static const char tiny_b64[] =
    "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIxMjAiIGhlaWdodD0iNjAiIHZpZXdC"
    "b3g9IjAgMCAxMjAgNjAiPjxyZWN0IHdpZHRoPSIxMjAiIGhlaWdodD0iNjAiIGZpbGw9IiNkZGQiLz48cGF0aCBkPSJN"
    "MCA1MCBMNDAgMzAgTDgwIDM1IEwxMjAgMTAiIHN0cm9rZT0iIzAwMCIgZmlsbD0ibm9uZSIvPjwvc3ZnPgo=";

#define HOSTILE_SERVICE "<script>alert(1)</script>"
#define CJK_SERVICE "\xE4\xBA\x91\xE6\x95\xB0\xE6\x8D\xAE\xE5\xBA\x93 MySQL \"prod\" & 'replica'"

static void set(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src);
}
#define SET(field, text) set((field), sizeof(field), (text))

static void add_series(rw_report *r, const char *name, double last, double prev, double mtd,
                       double next, double lo, double hi, double trend, const char *model,
                       const char *chart)
{
    rw_report_series *s = &r->series[r->nseries++];
    SET(s->name, name);
    s->last_week = last;
    s->prev_week = prev;
    s->change_pct = prev != 0 ? 100 * (last / prev - 1) : NAN;
    s->month_to_date = mtd;
    s->next_4w_mean = next;
    s->next_4w_lo = lo;
    s->next_4w_hi = hi;
    s->trend_pct = trend;
    SET(s->model, model);
    SET(s->chart, chart);
}

static void add_threshold(rw_report *r, const char *level, int lead, double bal, double exp,
                          size_t origins, size_t held, double notice)
{
    rw_report_threshold *t = &r->thr[r->nthresholds++];
    SET(t->level, level);
    t->lead_days = lead;
    t->confidence = 0.95;
    t->balance = bal;
    t->expected = exp;
    t->origins = origins;
    t->held = held;
    t->notice_days = notice;
}

/* A complete report of a prepaid Tencent Cloud account (figures as in
 * docs/planning.md), with hostile strings in names and notes. */
static void fill_full(rw_report *r)
{
    memset(r, 0, sizeof *r);
    SET(r->generated_at, "2024-09-29T06:00:00Z");
    SET(r->as_of, "2024-09-28");
    SET(r->account, "100012345678 & \"ops\"");
    SET(r->currency, "CNY");
    SET(r->title, "runway report: account 100012345678, as of 2024-09-28");
    r->seed = 42;

    r->has_runout = 1;
    r->balance = 12321.32;
    r->observed = 12345.67;
    SET(r->observed_at, "2024-09-28 23:00 UTC");
    SET(r->amount, "billed cost");
    r->arrears.phase = "ok";
    SET(r->balance_note,
        "balance 12345.67 CNY observed at 2024-09-28T23:00:00Z, carried to the end "
        "of 2024-09-28: 12321.32 (1 day(s) of recorded consumption)");
    int days[3] = {17, 18, 19};
    const char *dates[3] = {"2024-10-15", "2024-10-16", "2024-10-17"};
    const char *sus[3] = {"2024-10-16T00:00:00Z", "2024-10-17T00:00:00Z", "2024-10-18T00:00:00Z"};
    const char *del[3] = {"2025-02-13T00:00:00Z", "2025-02-14T00:00:00Z", "2025-02-15T00:00:00Z"};
    for (int q = 0; q < 3; q++) {
        r->runout_days[q] = days[q];
        SET(r->runout_date[q], dates[q]);
        SET(r->suspend_date[q], sus[q]);
        SET(r->delete_date[q], del[q]);
    }
    r->within7 = 0;
    r->within14 = 0;
    r->within30 = 1;
    SET(r->policy, "tencent-cos");
    r->grace_hours = 24;
    r->retention_days = 120;
    r->daily_recent = 632.13;
    r->daily_forecast = 704.95;
    SET(r->runout_chart, "runout");

    add_threshold(r, "blue", 7, 5229.68, 4926.12, 8, 7, 7);
    add_threshold(r, "yellow", 3, 2338.51, 2248.91, 8, 8, 3);
    add_threshold(r, "red", 1, 606.39, 584.65, 8, 8, 1);
    r->next_threshold = 0;
    r->next_threshold_days = 10;

    r->has_budget = 1;
    r->budget = 20000;
    SET(r->month_from, "2024-09-01");
    SET(r->month_to, "2024-09-30");
    r->month_spent = 17602.1;
    r->month_days_spent = 28;
    r->month_days = 30;
    r->month_mean = 19011.52;
    r->month_p10 = 18933.2;
    r->month_p90 = 19094.4;
    r->p_over = 0;
    SET(r->budget_chart, "budget");

    SET(r->by, "service");
    add_series(r, "CVM", 2900.4, 2650.1, 10890.2, 13000.5, 12100.2, 13950.8, 12.3, "ets(A,Ad,A)",
               "service-01");
    add_series(r, "COS", 1100.2, 1120.5, 4400.7, 4380.0, 4100.0, 4700.0, -2.1, "mstl(ets)",
               "service-02");
    add_series(r, HOSTILE_SERVICE, 150, 0, 150, 610.0, 400.0, 820.0, 4.0, "snaive", "service-03");
    add_series(r, CJK_SERVICE, 700.0, 690.0, 2750.0, 2810.0, 2700.0, 2930.0, 0.4, "theta", "");
    add_series(r, "CDN|edge", 210.5, 230.0, 860.0, 800.0, 700.0, 910.0, -5.3, "ets(A,N,N)", "");
    r->biggest_growth = 0;
    SET(r->total_chart, "total");
    SET(r->stack_chart, "stack");
    const char *mondays[] = {"2024-08-05", "2024-08-12", "2024-08-19", "2024-08-26",
                             "2024-09-02", "2024-09-09", "2024-09-16", "2024-09-23",
                             "2024-09-30", "2024-10-07", "2024-10-14", "2024-10-21"};
    double totals[] = {4120.5, 4188.2, 4302.9, 4250.1, 4399.8, 4471.3,
                       4652.6, 4790.2, 4931.0, 5012.4, 5100.8, 5190.3};
    for (size_t i = 0; i < 12; i++) {
        rw_report_week *w = &r->weeks[r->nweeks++];
        SET(w->start, mondays[i]);
        w->forecast = i >= RW_REPORT_WEEKS;
        w->total = totals[i];
        w->lo = w->forecast ? totals[i] * 0.93 : NAN;
        w->hi = w->forecast ? totals[i] * 1.08 : NAN;
    }

    r->anomaly_days = 30;
    rw_report_anomaly *a = &r->anomalies[r->nanomalies++];
    SET(a->day, "2024-09-14");
    a->value = 1002.73;
    a->expected = 646.23;
    a->lo = 590.1;
    a->hi = 702.3;
    a->direction = 1;
    SET(a->dimension, "service");
    SET(a->dim_value, "CVM");
    a->deviation = 340.2;
    a->share = 0.95;
    a = &r->anomalies[r->nanomalies++];
    SET(a->day, "2024-09-03");
    a->value = 410.5;
    a->expected = 640.2;
    a->lo = 585.0;
    a->hi = 697.1;
    a->direction = -1;
    SET(a->dimension, "region");
    SET(a->dim_value, "ap-guangzhou");
    a->deviation = -200.1;
    a->share = 0.87;

    SET(r->model, "ets(A,N,A) + 1 monthly fee");
    SET(r->history_from, "2024-05-01");
    SET(r->history_to, "2024-09-28");
    r->history_days = 151;
    SET(r->method_note,
        "Daily cost from 2024-05-01 to 2024-09-28 (151 days). Each series is forecast "
        "by the model with the lowest error in a rolling-origin backtest, with 1000 "
        "simulated paths (seed 42).");
    r->sources = 14;
    r->rows = 48210;
    r->rejected = 12;
    SET(r->notes[r->nnotes++], "3 day(s) without any charge between 2024-05-01 and 2024-09-28 "
                               "(gaps, not zeros)");
    SET(r->notes[r->nnotes++], "12 of 48210 rows were rejected at ingest: `runway rejects` lists "
                               "them all");
    SET(r->notes[r->nnotes++], "rejected: bill.csv:17: <img src=x onerror=alert(2)> & \"quoted\"");
}

/* No balance, no budget, no charts, no anomalies, no breakdown. */
static void fill_sparse(rw_report *r)
{
    memset(r, 0, sizeof *r);
    SET(r->generated_at, "2024-09-29T06:00:00Z");
    SET(r->as_of, "2024-09-28");
    SET(r->currency, "USD");
    r->seed = 7;
    r->next_threshold = -1;
    r->next_threshold_days = -1;
    r->daily_recent = NAN;
    r->daily_forecast = NAN;
    SET(r->month_from, "2024-09-01");
    SET(r->month_to, "2024-09-30");
    r->month_spent = 1520.4;
    r->month_days_spent = 28;
    r->month_days = 30;
    r->month_mean = 1630.0;
    r->month_p10 = 1601.0;
    r->month_p90 = 1662.0;
    SET(r->by, "service");
    r->biggest_growth = -1;
    r->anomaly_days = 30;
    SET(r->model, "snaive");
    r->history_days = 40;
    SET(r->charts_note, "gnuplot was not found: install it (apt-get install gnuplot-nox)");
}

/* ---- helpers -------------------------------------------------------------- */

typedef rw_status (*writer)(const rw_report *, const char *, FILE *, rw_error *);

static rw_status md_writer(const rw_report *r, const char *dir, FILE *f, rw_error *err)
{
    (void)dir;
    return rw_report_write_markdown(r, f, err);
}

static rw_status json_writer(const rw_report *r, const char *dir, FILE *f, rw_error *err)
{
    (void)dir;
    return rw_report_write_json(r, f, err);
}

/* Runs a writer into memory; returns the text (caller frees) or NULL. */
static char *render(writer w, const rw_report *r, const char *dir)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return NULL;
    rw_error err;
    rw_error_clear(&err);
    rw_status st = w(r, dir, f, &err);
    if (fclose(f) != 0 || st != RW_OK) {
        fprintf(stderr, "writer failed: %s\n", err.text);
        free(buf);
        return NULL;
    }
    return buf;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    for (const char *p = hay; (p = strstr(p, needle)); p += k)
        n++;
    return n;
}

/* HTML-escapes like the writer, to look for text in the page. */
static void html_esc(const char *s, char *out, size_t size)
{
    size_t k = 0;
    for (; *s && k + 7 < size; s++) {
        const char *rep = *s == '&'    ? "&amp;"
                          : *s == '<'  ? "&lt;"
                          : *s == '>'  ? "&gt;"
                          : *s == '"'  ? "&quot;"
                          : *s == '\'' ? "&#39;"
                                       : NULL;
        if (rep) {
            memcpy(out + k, rep, strlen(rep));
            k += strlen(rep);
        } else {
            out[k++] = *s;
        }
    }
    out[k] = '\0';
}

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    int bad = fputs(text, f) == EOF;
    return fclose(f) != 0 || bad ? -1 : 0;
}

/* A chart-like SVG (grid, band, line, title) so the sample page looks real. */
static int write_chart(const char *name, const char *title, double phase)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s.svg", CHARTS_DIR, name);
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"960\" height=\"400\" "
            "viewBox=\"0 0 960 400\"><rect width=\"960\" height=\"400\" fill=\"#fff\"/>"
            "<text x=\"480\" y=\"26\" text-anchor=\"middle\" font-family=\"sans-serif\" "
            "font-size=\"18\">%s</text>",
            title);
    for (int y = 60; y <= 360; y += 60)
        fprintf(f, "<line x1=\"60\" y1=\"%d\" x2=\"940\" y2=\"%d\" stroke=\"#ddd\"/>", y, y);
    fputs("<polygon fill=\"#ccc\" points=\"", f);
    for (int i = 40; i <= 60; i++)
        fprintf(f, "%d,%.1f ", 60 + i * 14, 200 - 60 * sin(i / 5.0 + phase) - (i - 40) * 3);
    for (int i = 60; i >= 40; i--)
        fprintf(f, "%d,%.1f ", 60 + i * 14, 200 - 60 * sin(i / 5.0 + phase) + (i - 40) * 3);
    fputs("\"/><polyline fill=\"none\" stroke=\"#000\" stroke-width=\"2\" points=\"", f);
    for (int i = 0; i <= 60; i++)
        fprintf(f, "%d,%.1f ", 60 + i * 14, 200 - 60 * sin(i / 5.0 + phase));
    fputs("\"/><line x1=\"60\" y1=\"360\" x2=\"940\" y2=\"360\" stroke=\"#000\"/>"
          "<line x1=\"60\" y1=\"40\" x2=\"60\" y2=\"360\" stroke=\"#000\"/></svg>\n",
          f);
    int bad = ferror(f);
    return fclose(f) != 0 || bad ? -1 : 0;
}

static void make_charts(void)
{
    CHECK(mkdir(CHARTS_DIR, 0755) == 0 || errno == EEXIST);
    CHECK(mkdir(EMPTY_DIR, 0755) == 0 || errno == EEXIST);
    CHECK(write_chart("runout", "Balance: P10, P50, P90", 0.0) == 0);
    CHECK(write_chart("budget", "September: cumulative spend", 1.0) == 0);
    CHECK(write_chart("total", "Total: daily cost", 2.0) == 0);
    CHECK(write_chart("stack", "Daily cost by service", 3.0) == 0);
    CHECK(write_chart("service-01", "CVM", 4.0) == 0);
    CHECK(write_chart("service-02", "COS", 5.0) == 0);
    CHECK(write_file(CHARTS_DIR "/service-03.svg", tiny_svg) == 0);
    /* Not an SVG: must be refused with a note, never embedded. */
    CHECK(write_file(CHARTS_DIR "/notsvg.svg", "GIF89a") == 0);
}

/* ---- tests ----------------------------------------------------------------- */

static void test_numbers(void)
{
    char b[RW_REPORT_NUM_SIZE];
    rw_fmt_money(12345.67, b, sizeof b);
    CHECK_STR(b, "12,345.67");
    rw_fmt_money(-1234.5, b, sizeof b);
    CHECK_STR(b, "-1,234.50");
    rw_fmt_money(-0.001, b, sizeof b);
    CHECK_STR(b, "0.00");
    rw_fmt_money(999.999, b, sizeof b);
    CHECK_STR(b, "1,000.00");
    rw_fmt_money(1234567.891, b, sizeof b);
    CHECK_STR(b, "1,234,567.89");
    rw_fmt_money(12.0, b, sizeof b);
    CHECK_STR(b, "12.00");
    rw_fmt_money(NAN, b, sizeof b);
    CHECK_STR(b, "n/a");
    rw_fmt_money(INFINITY, b, sizeof b);
    CHECK_STR(b, "n/a");
    rw_fmt_money(1e70, b, sizeof b);
    CHECK(strlen(b) > 0 && strlen(b) < sizeof b);
    rw_fmt_money_signed(356.5, b, sizeof b);
    CHECK_STR(b, "+356.50");
    rw_fmt_money_signed(-42, b, sizeof b);
    CHECK_STR(b, "-42.00");
    rw_fmt_money0(18933.4, b, sizeof b);
    CHECK_STR(b, "18,933");
    rw_fmt_money0(999.6, b, sizeof b);
    CHECK_STR(b, "1,000");
    rw_fmt_pct(12.4, 1, b, sizeof b);
    CHECK_STR(b, "+12%");
    rw_fmt_pct(-3.6, 1, b, sizeof b);
    CHECK_STR(b, "-4%");
    rw_fmt_pct(0.3, 1, b, sizeof b);
    CHECK_STR(b, "0%");
    rw_fmt_pct(NAN, 1, b, sizeof b);
    CHECK_STR(b, "n/a");
    rw_fmt_prob(0, b, sizeof b);
    CHECK_STR(b, "0%");
    rw_fmt_prob(0.001, b, sizeof b);
    CHECK_STR(b, "<1%");
    rw_fmt_prob(0.64, b, sizeof b);
    CHECK_STR(b, "64%");
    rw_fmt_prob(0.999, b, sizeof b);
    CHECK_STR(b, ">99%");
    rw_fmt_prob(1, b, sizeof b);
    CHECK_STR(b, "100%");
    rw_fmt_share(1.25, b, sizeof b);
    CHECK_STR(b, "125%");
    rw_fmt_days(7, b, sizeof b);
    CHECK_STR(b, "7");
    rw_fmt_days(6.5, b, sizeof b);
    CHECK_STR(b, "6.5");
    rw_fmt_when("2024-10-17T00:00:00Z", b, sizeof b);
    CHECK_STR(b, "2024-10-17 00:00 UTC");
    rw_fmt_when("2024-10-17", b, sizeof b);
    CHECK_STR(b, "2024-10-17");

    rw_report r;
    memset(&r, 0, sizeof r);
    SET(r.month_from, "2024-02-01");
    SET(r.month_to, "2024-02-29");
    rw_fmt_period(&r, 0, b, sizeof b);
    CHECK_STR(b, "February 2024");
    rw_fmt_period(&r, 1, b, sizeof b);
    CHECK_STR(b, "February");
    SET(r.month_to, "2024-02-20");
    rw_fmt_period(&r, 0, b, sizeof b);
    CHECK_STR(b, "2024-02-01 \xE2\x80\x93 2024-02-20");

    /* Clipping keeps whole UTF-8 characters and marks the cut. */
    char c[16];
    rw_utf8_clip(c, sizeof c, "\xE4\xBA\x91\xE6\x95\xB0\xE6\x8D\xAE\xE5\xBA\x93", 3);
    CHECK_STR(c, "\xE4\xBA\x91\xE6\x95\xB0\xE2\x80\xA6");
    rw_utf8_clip(c, sizeof c, "CVM", 3);
    CHECK_STR(c, "CVM");
    rw_utf8_clip(c, 6, "abcdefghij", 100);
    CHECK_STR(c, "ab\xE2\x80\xA6");
    CHECK(rw_utf8_chars("\xE4\xBA\x91 a") == 3);

    CHECK(rw_report_chart_name_ok("service-01"));
    CHECK(!rw_report_chart_name_ok("../etc/passwd"));
    CHECK(!rw_report_chart_name_ok(""));
    CHECK(!rw_report_chart_name_ok("a b"));
}

static void check_lengths(const rw_report *r)
{
    char line[RW_REPORT_LINE_SIZE];
    for (int i = 0; i < 5; i++) {
        rw_report_summary_line(r, i, line, sizeof line);
        CHECK(line[0] != '\0');
        CHECK(rw_utf8_chars(line) <= RW_REPORT_SUMMARY_MAX_CHARS);
        CHECK(!strchr(line, '\n'));
    }
    /* Out of range and tiny buffers are safe. */
    rw_report_summary_line(r, 5, line, sizeof line);
    CHECK_STR(line, "");
    rw_report_summary_line(r, 0, line, 8);
    CHECK(strlen(line) < 8);
}

static void test_summary_full(void)
{
    rw_report r;
    char line[RW_REPORT_LINE_SIZE];
    fill_full(&r);
    check_lengths(&r);
    rw_report_summary_line(&r, 0, line, sizeof line);
    CHECK_STR(line,
              "Balance 12,345.67 CNY lasts ~17 days: runs out 2024-10-16 (range 10-15 \xE2\x80\x93 "
              "10-17); data deleted from 2025-02-14.");
    rw_report_summary_line(&r, 1, line, sizeof line);
    CHECK_STR(line, "Next alert: blue at 5,229.68 CNY (7 days' notice), reached in ~10 days.");
    rw_report_summary_line(&r, 2, line, sizeof line);
    CHECK_STR(line, "September: 19,011.52 CNY forecast (80%: 18,933 \xE2\x80\x93 19,094) against "
                    "a 20,000.00 budget: 0% risk of going over.");
    rw_report_summary_line(&r, 3, line, sizeof line);
    CHECK_STR(line,
              "Fastest growing service: CVM +12% over the next 4 weeks (13,000 CNY forecast).");
    rw_report_summary_line(&r, 4, line, sizeof line);
    CHECK_STR(line,
              "2 anomalies in the last 30 days; largest 2024-09-14 +356.50 CNY (service=CVM).");

    /* A budget at risk: the likely breach date is named. */
    r.budget = 19000;
    r.p_over = 0.64;
    SET(r.breach_date, "2024-09-30");
    rw_report_summary_line(&r, 2, line, sizeof line);
    CHECK(strstr(line, "64% risk of going over, likely from 2024-09-30."));
    CHECK(rw_utf8_chars(line) <= RW_REPORT_SUMMARY_MAX_CHARS);
    /* Already over. */
    r.budget = 15000;
    rw_report_summary_line(&r, 2, line, sizeof line);
    CHECK(strstr(line, "already over the 15,000.00 budget"));

    /* Run-out beyond the horizon. */
    fill_full(&r);
    r.runout_days[1] = r.runout_days[2] = -1;
    r.runout_date[1][0] = r.runout_date[2][0] = '\0';
    r.runout_days[0] = 300;
    SET(r.runout_date[0], "2025-07-25");
    rw_report_summary_line(&r, 0, line, sizeof line);
    CHECK_STR(line, "Balance 12,345.67 CNY lasts beyond the forecast horizon (10% chance it runs "
                    "out by 2025-07-25).");

    /* The fastest growing value, long and hostile, is clipped and stays plain text. */
    fill_full(&r);
    r.biggest_growth = 2;
    r.series[2].trend_pct = 55;
    rw_report_summary_line(&r, 3, line, sizeof line);
    CHECK(strstr(line, "Fastest growing service: <script>alert(1)</script> +55%"));
    SET(r.series[2].name, "a-very-long-service-name-that-goes-on-and-on-and-on-forever-and-more");
    rw_report_summary_line(&r, 3, line, sizeof line);
    CHECK(strstr(line, "\xE2\x80\xA6"));
    CHECK(rw_utf8_chars(line) <= RW_REPORT_SUMMARY_MAX_CHARS);
    /* Nothing grows. */
    for (size_t i = 0; i < r.nseries; i++)
        r.series[i].trend_pct = -1;
    r.biggest_growth = -1;
    rw_report_summary_line(&r, 3, line, sizeof line);
    CHECK_STR(line, "No service is forecast to grow over the next 4 weeks.");

    /* One anomaly, not attributed. */
    fill_full(&r);
    r.nanomalies = 1;
    r.anomalies[0].dimension[0] = '\0';
    rw_report_summary_line(&r, 4, line, sizeof line);
    CHECK_STR(line, "1 anomaly in the last 30 days: 2024-09-14 +356.50 CNY against the forecast.");
}

static void test_summary_sparse(void)
{
    rw_report r;
    char line[RW_REPORT_LINE_SIZE];
    fill_sparse(&r);
    check_lengths(&r);
    rw_report_summary_line(&r, 0, line, sizeof line);
    CHECK_STR(line, "No balance known: no run-out forecast.");
    rw_report_summary_line(&r, 1, line, sizeof line);
    CHECK_STR(line, "No balance known: no alert thresholds.");
    rw_report_summary_line(&r, 2, line, sizeof line);
    CHECK_STR(line,
              "September 2024: 1,630.00 USD forecast (80%: 1,601 \xE2\x80\x93 1,662), 1,520.40 "
              "spent so far; no budget given.");
    rw_report_summary_line(&r, 3, line, sizeof line);
    CHECK_STR(line, "No breakdown by service in the data.");
    rw_report_summary_line(&r, 4, line, sizeof line);
    CHECK_STR(line, "No anomalies in the last 30 days.");

    /* Thresholds known but no balance to compare. */
    add_threshold(&r, "blue", 7, 5229.68, 4926.12, 0, 0, NAN);
    add_threshold(&r, "red", 1, 606.39, 584.65, 0, 0, NAN);
    rw_report_summary_line(&r, 1, line, sizeof line);
    CHECK_STR(line, "Alert thresholds: blue 5,229.68, red 606.39 USD (no balance to compare).");
    /* Spending known without a balance. */
    r.daily_recent = 54.3;
    rw_report_summary_line(&r, 0, line, sizeof line);
    CHECK_STR(
        line,
        "No balance known: no run-out forecast; spending 54.30 USD/day over the last 28 days.");
    /* No month forecast, no anomaly examination. */
    r.month_days = 0;
    r.anomaly_days = 0;
    rw_report_summary_line(&r, 2, line, sizeof line);
    CHECK_STR(line, "No forecast for this month (too little history).");
    rw_report_summary_line(&r, 4, line, sizeof line);
    CHECK_STR(line, "Anomalies not examined (too little history).");
}

/* In arrears: negative balance, every threshold crossed (the builder then
 * names the lowest crossed one as next, with 0 days). */
static void fill_arrears(rw_report *r)
{
    fill_full(r);
    r->balance = r->observed = -1234.5;
    r->arrears.in_arrears = 1;
    r->arrears.phase = "grace";
    r->arrears.owed = 1234.5;
    r->arrears.since = 1727431200; /* 2024-09-27T10:00:00Z */
    SET(r->arrears_since, "2024-09-27 18:00 UTC+08:00");
    r->arrears.since_bounded = 1;
    for (int q = 0; q < 3; q++)
        r->runout_days[q] = 1;
    SET(r->runout_date[0], "2024-09-29");
    SET(r->runout_date[1], "2024-09-29");
    SET(r->runout_date[2], "2024-09-29");
    r->next_threshold = 2;
    r->next_threshold_days = 0;
}

static void test_summary_arrears(void)
{
    rw_report r;
    char line[RW_REPORT_LINE_SIZE];
    fill_arrears(&r);
    check_lengths(&r);
    rw_report_summary_line(&r, 0, line, sizeof line);
    CHECK_STR(line,
              "IN ARREARS since 2024-09-27: owes 1,234.50 CNY; suspension from 2024-10-17, data"
              " deleted from 2025-02-14.");
    rw_report_summary_line(&r, 1, line, sizeof line);
    CHECK_STR(line, "Red alert due now: the balance is below 606.39 CNY (1 day's notice); top up.");
    /* Between levels: blue crossed, yellow next (header's reading of next_threshold). */
    fill_full(&r);
    r.balance = 4000;
    r.next_threshold = 1;
    r.next_threshold_days = 3;
    rw_report_summary_line(&r, 1, line, sizeof line);
    CHECK_STR(line,
              "Blue alert due now (below 5,229.68); next: yellow at 2,338.51 CNY (3 days' notice), "
              "reached in ~3 days.");
    /* Runs out the next day. */
    fill_full(&r);
    r.runout_days[0] = r.runout_days[1] = 1;
    SET(r.runout_date[0], "2024-09-29");
    SET(r.runout_date[1], "2024-09-29");
    rw_report_summary_line(&r, 0, line, sizeof line);
    CHECK(!strncmp(line, "Balance 12,345.67 CNY runs out the next day, 2024-09-29 (", 57));
}

static void test_html_full(void)
{
    rw_report r;
    char line[RW_REPORT_LINE_SIZE], esc[2 * RW_REPORT_LINE_SIZE];
    fill_full(&r);
    char *html = render(rw_report_write_html, &r, CHARTS_DIR);
    CHECK(html != NULL);
    if (!html) return;

    /* Self-contained, no script, no external reference. */
    CHECK(!strncmp(html, "<!DOCTYPE html>", 15));
    CHECK(strstr(html, "</html>\n") != NULL);
    CHECK(strstr(html, "<style>") != NULL);
    CHECK(strstr(html, "Content-Security-Policy") != NULL);
    CHECK(strstr(html, "<script") == NULL);
    CHECK(strstr(html, "<link") == NULL);
    CHECK(strstr(html, "src=\"http") == NULL);

    /* Hostile strings are escaped everywhere. */
    CHECK(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
    CHECK(strstr(html, "<img src=x") == NULL);
    CHECK(strstr(html, "&lt;img src=x onerror=alert(2)&gt; &amp; &quot;quoted&quot;") != NULL);
    CHECK(strstr(html, "\xE4\xBA\x91\xE6\x95\xB0\xE6\x8D\xAE\xE5\xBA\x93 MySQL &quot;prod&quot; "
                       "&amp; &#39;replica&#39;") != NULL);
    CHECK(strstr(html, "100012345678 &amp; &quot;ops&quot;") != NULL);

    /* Every section, in order. */
    const char *ids[] = {"id=\"summary\"", "id=\"balance\"", "id=\"thresholds\"",
                         "id=\"budget\"",  "id=\"weekly\"",  "id=\"anomalies\"",
                         "id=\"method\"",  "id=\"quality\""};
    const char *prev = html;
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        const char *p = strstr(html, ids[i]);
        CHECK(p != NULL && p > prev);
        if (p) prev = p;
    }
    const char *heads[] = {"<h2>At a glance</h2>",
                           "<h2>Balance and run-out</h2>",
                           "<h2>Alert thresholds</h2>",
                           "<h2>Monthly budget: September 2024</h2>",
                           "<h2>Weekly capacity planning</h2>",
                           "<h2>Anomalies</h2>",
                           "<h2>How the forecast was made</h2>",
                           "<h2>Data quality</h2>"};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
        CHECK(strstr(html, heads[i]));

    /* The five summary lines, escaped, in the summary box. */
    const char *box = strstr(html, "id=\"summary\"");
    const char *box_end = box ? strstr(box, "</section>") : NULL;
    for (int i = 0; i < 5; i++) {
        rw_report_summary_line(&r, i, line, sizeof line);
        html_esc(line, esc, sizeof esc);
        const char *p = strstr(html, esc);
        CHECK(p && box && box_end && p > box && p < box_end);
    }

    /* Charts: every named one embedded, the known SVG byte for byte. */
    CHECK(count(html, "<img ") == 7);
    CHECK(count(html, "src=\"data:image/svg+xml;base64,") == 7);
    CHECK(strstr(html, tiny_b64) != NULL);
    CHECK(strstr(html, "data-chart=\"service-03\"") != NULL);
    CHECK(strstr(html, "data-missing-chart") == NULL);

    /* Figures. */
    CHECK(strstr(html, "12,345.67 CNY") != NULL);
    CHECK(strstr(html, "5,229.68") != NULL);
    CHECK(strstr(html, "7/8 (88%)") != NULL);
    CHECK(strstr(html, "2025-02-14 00:00 UTC") != NULL);
    CHECK(strstr(html, "tencent-cos") != NULL);
    CHECK(strstr(html, "service=<b>CVM</b>") != NULL);
    CHECK(strstr(html, "+340.20") != NULL);
    CHECK(strstr(html, "95%") != NULL);
    CHECK(strstr(html, "17,602.10 CNY") != NULL);
    CHECK(strstr(html, "fastest growing") != NULL);
    CHECK(strstr(html, "<span class=\"flag\">next</span>") != NULL);
    CHECK(count(html, "<tr class=\"explain\">") == 3);
    CHECK(count(html, "<tr class=\"fc\">") == 4);
    CHECK(strstr(html, "<dd>48,210</dd>") != NULL);
    CHECK(strstr(html, "12 (<1%)") != NULL);
    CHECK(strstr(html, "ets(A,N,A) + 1 monthly fee") != NULL);
    CHECK(strstr(html, "class=\"neg\"") == NULL && strstr(html, "n neg") == NULL);
    CHECK(strstr(html, "nan") == NULL || strstr(html, ">nan<") == NULL);
    CHECK(strstr(html, "-0.00") == NULL);
    CHECK(strstr(html, "@page{size:A4") != NULL);

    /* The sample for the browser test. */
    FILE *f = fopen("report_sample.html", "wb");
    CHECK(f != NULL);
    if (f) {
        CHECK(fputs(html, f) != EOF);
        CHECK(fclose(f) == 0);
    }
    free(html);

    /* The same report without its chart files: one visible note per chart. */
    html = render(rw_report_write_html, &r, EMPTY_DIR);
    CHECK(html != NULL);
    if (html) {
        CHECK(count(html, "<img ") == 0);
        CHECK(count(html, "data-missing-chart=") == 7);
        CHECK(strstr(html, "the SVG file is missing") != NULL);
        free(html);
    }
    /* No charts folder at all (NULL): nothing embedded, no notes. */
    html = render(rw_report_write_html, &r, NULL);
    CHECK(html != NULL);
    if (html) {
        CHECK(count(html, "<img ") == 0);
        CHECK(count(html, "data-missing-chart=") == 0);
        free(html);
    }
    /* A name that is not a plain file name is never opened; a file that is
     * not an SVG is not embedded. */
    SET(r.runout_chart, "../../etc/passwd");
    SET(r.budget_chart, "notsvg");
    html = render(rw_report_write_html, &r, CHARTS_DIR);
    CHECK(html != NULL);
    if (html) {
        CHECK(strstr(html, "its name is not a plain file name") != NULL);
        CHECK(strstr(html, "the file is not an SVG image") != NULL);
        CHECK(count(html, "<img ") == 5);
        free(html);
    }
}

static void test_html_sparse(void)
{
    rw_report r;
    fill_sparse(&r);
    char *html = render(rw_report_write_html, &r, CHARTS_DIR);
    CHECK(html != NULL);
    if (!html) return;
    CHECK(strstr(html, "No balance is known for this account") != NULL);
    CHECK(strstr(html, "No alert thresholds: no balance is known") != NULL);
    CHECK(strstr(html, "No budget given") != NULL);
    CHECK(strstr(html, "1,520.40 USD") != NULL);
    CHECK(strstr(html, "No anomalies in the last 30 days") != NULL);
    CHECK(strstr(html, "No weekly view") != NULL);
    CHECK(count(html, "gnuplot was not found") == 1);
    CHECK(count(html, "<img ") == 0);
    CHECK(count(html, "<table") == 0);
    CHECK(strstr(html, "<h1>Consumption report</h1>") != NULL);
    CHECK(strstr(html, "No gaps, partial days or rejected rows") != NULL);
    CHECK(strstr(html, "id=\"quality\"") != NULL);
    free(html);

    /* Arrears: the negative balance is marked, thresholds flagged crossed. */
    fill_arrears(&r);
    html = render(rw_report_write_html, &r, CHARTS_DIR);
    CHECK(html != NULL);
    if (!html) return;
    CHECK(strstr(html, "<span class=\"neg\">-1,234.50 CNY</span>") != NULL);
    CHECK(strstr(html, "<span class=\"flag solid\">negative</span>") != NULL);
    CHECK(count(html, "<span class=\"flag solid\">crossed</span>") == 3);
    free(html);
}

/* Number of '|' not preceded by a backslash. */
static size_t pipes(const char *line, const char *end)
{
    size_t n = 0;
    for (const char *p = line; p < end; p++)
        if (*p == '|' && (p == line || p[-1] != '\\')) n++;
    return n;
}

/* Occurrences of `needle` not preceded by a backslash. */
static size_t unescaped(const char *hay, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    for (const char *p = hay; (p = strstr(p, needle)); p += k)
        if (p == hay || p[-1] != '\\') n++;
    return n;
}

static void test_markdown(void)
{
    rw_report r;
    fill_full(&r);
    char *md = render(md_writer, &r, NULL);
    CHECK(md != NULL);
    if (!md) return;
    static const char h1[] = "# runway report: account 100012345678, as of 2024-09-28\n";
    CHECK(!strncmp(md, h1, sizeof h1 - 1));
    const char *heads[] = {"> **At a glance**",
                           "\n## Balance and run-out\n",
                           "\n## Alert thresholds\n",
                           "\n## Monthly budget: September 2024\n",
                           "\n## Weekly capacity planning\n",
                           "\n## Anomalies\n",
                           "\n## How the forecast was made\n",
                           "\n## Data quality\n"};
    const char *prev = md;
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        const char *p = strstr(md, heads[i]);
        CHECK(p != NULL && p >= prev);
        if (p) prev = p;
    }
    CHECK(strstr(md, "> 1. Balance 12,345.67 CNY lasts \\~17 days") != NULL);
    CHECK(strstr(md, "> 5. 2 anomalies in the last 30 days") != NULL);
    CHECK(strstr(md, "![Balance running down: P10, P50 and P90 paths](charts/runout.png)") != NULL);
    CHECK(strstr(md, "](charts/budget.png)") != NULL);
    CHECK(strstr(md, "](charts/stack.png)") != NULL);
    CHECK(strstr(md, "](charts/service-03.png)") != NULL);
    CHECK(count(md, "](charts/") == 7);
    CHECK(strstr(md, ".svg") == NULL);
    /* No raw markup from data. */
    CHECK(unescaped(md, "<script") == 0);
    CHECK(unescaped(md, "<img") == 0);
    CHECK(unescaped(md, "<") == count(md, "<br>") + count(md, "<1%"));
    CHECK(strstr(md, "\\<script\\>alert(1)\\</script\\>") != NULL);
    CHECK(strstr(md, "MySQL \"prod\" \\& 'replica'") != NULL);
    CHECK(strstr(md, "\\`runway rejects\\`") != NULL);
    /* Tables stay tables: a '|' in a name is escaped. */
    const char *cdn = strstr(md, "| CDN\\|edge |");
    CHECK(cdn != NULL);
    if (cdn) CHECK(pipes(cdn, strchr(cdn, '\n')) == 10);
    const char *hdr = strstr(md, "| Service | Last week");
    CHECK(hdr != NULL);
    if (hdr) CHECK(pipes(hdr, strchr(hdr, '\n')) == 10);
    CHECK(strstr(md, "| Balance goes negative | 2024-10-15 (day 17) |") != NULL);
    CHECK(strstr(md, "- **Blue**: Below 5,229.68 CNY the balance may not last 7 days") != NULL);
    CHECK(strstr(md, "| **Blue** (next) | 7 days | 5,229.68 | 4,926.12 | 7/8 (88%) | 7 d |") !=
          NULL);
    CHECK(strstr(md, "| _2024-09-30_ | _forecast_ | _4,931.00_ |") != NULL);
    CHECK(strstr(md, "service=**CVM** | +340.20 | 95% |") != NULL);
    CHECK(strstr(md, "- Random seed: 42") != NULL);
    free(md);

    fill_sparse(&r);
    md = render(md_writer, &r, NULL);
    CHECK(md != NULL);
    if (!md) return;
    CHECK(strstr(md, "No balance is known") != NULL);
    CHECK(strstr(md, "No budget given") != NULL);
    CHECK(strstr(md, "No anomalies in the last 30 days") != NULL);
    CHECK(strstr(md, "**Charts:** gnuplot was not found") != NULL);
    CHECK(strstr(md, "](charts/") == NULL);
    CHECK(strstr(md, "|") == NULL);
    free(md);

    /* Charts named but not drawn: no broken links. */
    fill_full(&r);
    SET(r.charts_note, "charts were not asked for");
    md = render(md_writer, &r, NULL);
    CHECK(md != NULL);
    if (md) {
        CHECK(strstr(md, "](charts/") == NULL);
        free(md);
    }
}

/* ---- section rows (report_rows.c) ----------------------------------------------- */

/* Markdown-escapes like the writer, to look for text in the Markdown. */
static void md_esc(const char *s, char *out, size_t size)
{
    size_t k = 0;
    const char *q = s;
    while (isdigit((unsigned char)*q))
        q++;
    for (const char *p = s; *p && k + 3 < size; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20 || c == 0x7f) {
            out[k++] = ' ';
            continue;
        }
        if (strchr("\\`*_[]<>#|~&$", c) || (p == s && (c == '-' || c == '+')) ||
            ((c == '.' || c == ')') && p == q && q > s))
            out[k++] = '\\';
        out[k++] = (char)c;
    }
    out[k] = '\0';
}

/* A copy of `doc` from `start` up to the next `end` after it (or the end of
 * doc); NULL when `start` is not there. Caller frees. */
static char *slice(const char *doc, const char *start, const char *end)
{
    const char *a = strstr(doc, start);
    if (!a) return NULL;
    const char *b = strstr(a + strlen(start), end);
    size_t n = b ? (size_t)(b - a) : strlen(a);
    char *out = malloc(n + 1);
    if (!out) return NULL;
    memcpy(out, a, n);
    out[n] = '\0';
    return out;
}

/* Section i (0 balance) of the Markdown: from its "## " to the next one or
 * the footer. Caller frees. */
static char *md_section(const char *md, int i)
{
    const char *p = md;
    for (int k = 0; k <= i && p; k++) {
        p = strstr(p, "\n## ");
        if (p) p++;
    }
    if (!p) return NULL;
    const char *next = strstr(p, "\n## ");
    if (!next) next = strstr(p, "\n---\n");
    size_t n = next ? (size_t)(next - p) : strlen(p);
    char *out = malloc(n + 1);
    if (!out) return NULL;
    memcpy(out, p, n);
    out[n] = '\0';
    return out;
}

/* Lines of `text` that start with `c`. */
static size_t lines_starting(const char *text, char c)
{
    size_t n = text[0] == c;
    for (const char *p = text; (p = strchr(p, '\n')); p++)
        if (p[1] == c) n++;
    return n;
}

/* Every span of text t appears, escaped for each form that shows it, in
 * that form's part of the document; a tag as the form writes tags. */
static void check_spans(const rw_rsec *s, rw_rtext t, unsigned forms, const char *html,
                        const char *md)
{
    char want[4096];
    for (size_t i = t.first; i < t.first + t.n; i++) {
        const rw_rspan *sp = &s->span[i];
        if (sp->style & RW_RSPAN_BREAK) continue;
        if (forms & RW_RFORM_HTML) {
            if (sp->style & RW_RSPAN_FLAG)
                snprintf(want, sizeof want, "<span class=\"flag%s\">%s</span>",
                         sp->style & RW_RSPAN_SOLID ? " solid" : "", sp->text);
            else if (sp->style & RW_RSPAN_DATA)
                html_esc(sp->text, want, sizeof want);
            else
                snprintf(want, sizeof want, "%s", sp->text);
            if (!strstr(html, want)) fprintf(stderr, "not in the HTML: %s\n", want);
            CHECK(strstr(html, want) != NULL);
        }
        if (forms & RW_RFORM_MD) {
            if (sp->style & RW_RSPAN_FLAG) {
                snprintf(want, sizeof want, " (%s)", sp->text);
                for (char *p = want; sp->style & RW_RSPAN_SOLID && *p; p++)
                    *p = (char)toupper((unsigned char)*p);
            } else if (sp->style & RW_RSPAN_DATA) {
                md_esc(sp->text, want, sizeof want);
            } else {
                snprintf(want, sizeof want, "%s", sp->text);
            }
            if (!strstr(md, want)) fprintf(stderr, "not in the Markdown: %s\n", want);
            CHECK(strstr(md, want) != NULL);
        }
    }
}

static void check_table(const rw_rsec *s, const rw_rblock *b, const char *html, const char *md)
{
    char want[4200], esc[4096];
    for (size_t c = 0; c < b->ncols; c++) {
        html_esc(b->col[c].title, esc, sizeof esc);
        snprintf(want, sizeof want, ">%s</th>", esc);
        CHECK(strstr(html, want) != NULL);
        md_esc(b->col[c].title, esc, sizeof esc);
        snprintf(want, sizeof want, esc[0] ? "| %s |" : "| |", esc);
        CHECK(strstr(md, want) != NULL);
    }
    for (size_t i = b->first; i < b->first + b->n; i++) {
        const rw_rrow *w = &s->row[i];
        CHECK(w->ncells == b->ncols);
        for (size_t c = 0; c < w->ncells; c++)
            check_spans(s, s->cell[w->first_cell + c].text, b->forms, html, md);
        if (!w->note) continue;
        html_esc(w->note, want, sizeof want);
        CHECK(strstr(html, want) != NULL);
        md_esc(w->note, want, sizeof want);
        CHECK(strstr(md, want) != NULL);
    }
}

/* A chart is embedded or noted on the page and linked in the Markdown when
 * charts were drawn; never linked when not. */
static void check_chart(const rw_rsec *s, const rw_rchart *c, const char *html, const char *md)
{
    char want[256];
    snprintf(want, sizeof want, "](charts/%s.png)", c->name);
    int linked = strstr(md, want) != NULL;
    CHECK(linked == (s->charts_drawn && rw_report_chart_name_ok(c->name)));
    if (!s->charts_drawn) return;
    char chart_attr[128], missing_attr[128];
    snprintf(chart_attr, sizeof chart_attr, "data-chart=\"%s\"", c->name);
    snprintf(missing_attr, sizeof missing_attr, "data-missing-chart=\"%s\"", c->name);
    CHECK(strstr(html, chart_attr) != NULL || strstr(html, missing_attr) != NULL);
}

/* Everything the section model holds is in both forms' part of the
 * document (each where its forms say), and the forms have as many table
 * rows as the model. */
static void check_section(const rw_rsec *s, const char *html, const char *md)
{
    size_t trs = 0, bars = 0;
    check_spans(s, s->title, RW_RFORM_ALL, html, md);
    for (size_t i = 0; i < s->nblocks; i++) {
        const rw_rblock *b = &s->block[i];
        check_spans(s, b->text, b->forms, html, md);
        if (b->kind == RW_RBLOCK_KPIS || b->kind == RW_RBLOCK_FACTS || b->kind == RW_RBLOCK_LIST) {
            for (size_t k = b->first; k < b->first + b->n; k++) {
                check_spans(s, s->item[k].label, b->forms, html, md);
                check_spans(s, s->item[k].value, b->forms, html, md);
                check_spans(s, s->item[k].detail, b->forms, html, md);
            }
        } else if (b->kind == RW_RBLOCK_TABLE) {
            check_table(s, b, html, md);
            trs += 1 + b->n;
            for (size_t k = b->first; k < b->first + b->n; k++)
                trs += s->row[k].note != NULL;
            bars += 2 + b->n;
        } else if (b->kind == RW_RBLOCK_CHART || b->kind == RW_RBLOCK_GALLERY) {
            size_t linked = 0;
            for (size_t k = b->first; k < b->first + b->n; k++) {
                check_chart(s, &s->chart[k], html, md);
                linked += rw_report_chart_name_ok(s->chart[k].name);
            }
            if (b->kind == RW_RBLOCK_GALLERY && linked > 0) bars += 2 + (linked + 1) / 2;
        }
    }
    CHECK(count(html, "<tr") == trs);
    CHECK(lines_starting(md, '|') == bars);
}

/* Renders r in both forms and checks the head and every section against
 * its rows; returns the number of sections checked. */
static int check_rows(const rw_report *r)
{
    int checked = 0;
    char *html = render(rw_report_write_html, r, CHARTS_DIR);
    char *md = render(md_writer, r, NULL);
    rw_rsec *s = rw_rsec_alloc();
    CHECK(html != NULL && md != NULL && s != NULL);
    if (!html || !md || !s) goto out;
    rw_rsec_head(s, r);
    CHECK(!s->overflow);
    char *hh = slice(html, "<header>", "<section id=\"balance\">");
    char *mh = slice(md, "# ", "\n## ");
    CHECK(hh != NULL && mh != NULL);
    if (hh && mh) check_section(s, hh, mh);
    free(hh);
    free(mh);
    for (int i = 0; i < RW_RSEC_COUNT; i++) {
        char id[64];
        rw_rsec_build(s, r, i);
        CHECK(!s->overflow);
        snprintf(id, sizeof id, "<section id=\"%s\">", s->id);
        char *hs = slice(html, id, "</section>");
        char *ms = md_section(md, i);
        CHECK(hs != NULL && ms != NULL);
        if (hs && ms) {
            check_section(s, hs, ms);
            checked++;
        }
        free(hs);
        free(ms);
    }
out:
    rw_rsec_free(s);
    free(html);
    free(md);
    return checked;
}

/* Writes text t of s with a markup of brackets, to see the runs. */
static void put_buf(void *ctx, const char *raw)
{
    strcat(ctx, raw);
}

static void esc_buf(void *ctx, const char *text)
{
    strcat(ctx, "{");
    strcat(ctx, text);
    strcat(ctx, "}");
}

static void flag_buf(void *ctx, const char *text, int solid)
{
    strcat(ctx, solid ? "[!" : "[");
    strcat(ctx, text);
    strcat(ctx, "]");
}

static void test_rows_text(void)
{
    static rw_rsec s;
    static const rw_rmarkup m = {.open = {"<b>", "<neg>", "<small>", "<em>"},
                                 .close = {"</b>", "</neg>", "</small>", "</em>"},
                                 .line_break = "/",
                                 .put = put_buf,
                                 .esc = esc_buf,
                                 .flag = flag_buf};
    const rw_rspan spans[] = {
        {"Balance ", RW_RSPAN_STRONG},
        {"-5.00", RW_RSPAN_STRONG | RW_RSPAN_NEG},
        {" CNY", RW_RSPAN_STRONG | RW_RSPAN_NEG | RW_RSPAN_DATA},
        {"crossed", RW_RSPAN_FLAG | RW_RSPAN_SOLID},
        {"", RW_RSPAN_BREAK},
        {"note", RW_RSPAN_EM | RW_RSPAN_DATA},
        {"next", RW_RSPAN_FLAG},
    };
    memcpy(s.span, spans, sizeof spans);
    s.nspans = sizeof spans / sizeof spans[0];
    char out[256] = "";
    rw_rtext_render(&s, (rw_rtext){0, s.nspans}, &m, out);
    /* Runs open once for consecutive spans that share them, close at the end. */
    CHECK_STR(out, "<b>Balance </b><b><neg>-5.00{ CNY}</neg></b>[!crossed]/<em>{note}</em>[next]");
    out[0] = '\0';
    rw_rtext_render(&s, (rw_rtext){0, 1}, &m, out);
    CHECK_STR(out, "<b>Balance </b>");
    out[0] = '\0';
    rw_rtext_render(&s, (rw_rtext){3, 0}, &m, out);
    CHECK_STR(out, "");
}

/* The sections of the fixtures, and the builders' choices where parts are
 * missing. */
static void test_rows_fixtures(void)
{
    static rw_report r;
    rw_rsec *s = rw_rsec_alloc();
    CHECK(s != NULL);
    if (!s) return;
    fill_full(&r);
    CHECK(check_rows(&r) == RW_RSEC_COUNT);
    fill_sparse(&r);
    CHECK(check_rows(&r) == RW_RSEC_COUNT);
    fill_arrears(&r);
    CHECK(check_rows(&r) == RW_RSEC_COUNT);

    /* No balance: one line in the balance section, thresholds without
     * tags, no line about the next threshold. */
    fill_full(&r);
    r.has_runout = 0;
    CHECK(check_rows(&r) == RW_RSEC_COUNT);
    rw_rsec_balance(s, &r);
    CHECK(s->nblocks == 1 && s->block[0].kind == RW_RBLOCK_PARA &&
          s->block[0].style == RW_RPARA_EMPTY);
    rw_rsec_thresholds(s, &r);
    for (size_t i = 0; i < s->nspans; i++)
        CHECK(!(s->span[i].style & RW_RSPAN_FLAG));
    for (size_t i = 0; i < s->nblocks; i++)
        CHECK(s->block[i].forms == RW_RFORM_ALL);

    /* No budget: a note, two KPIs (spent, forecast), in both forms. */
    fill_full(&r);
    r.has_budget = 0;
    CHECK(check_rows(&r) == RW_RSEC_COUNT);
    rw_rsec_budget(s, &r);
    CHECK(s->nblocks == 3 && s->block[0].style == RW_RPARA_NOTE &&
          s->block[1].kind == RW_RBLOCK_KPIS && s->block[1].n == 2);
    char *html = render(rw_report_write_html, &r, CHARTS_DIR);
    char *md = render(md_writer, &r, NULL);
    char *hs = html ? slice(html, "<section id=\"budget\">", "</section>") : NULL;
    char *ms = md ? md_section(md, 2) : NULL;
    CHECK(hs != NULL && ms != NULL);
    if (hs && ms) {
        CHECK(count(hs, "<div class=\"kpi\">") == 2 && count(hs, "kpi alarm") == 0);
        CHECK(lines_starting(ms, '-') == 2);
    }
    free(hs);
    free(ms);
    free(html);
    free(md);
    rw_rsec_free(s);
}

/* Every amount NaN: "n/a" in both forms, never "nan", nothing marked negative. */
static void test_rows_nan(void)
{
    static rw_report r;
    fill_full(&r);
    r.balance = r.daily_recent = r.daily_forecast = NAN;
    r.within7 = r.within14 = r.within30 = NAN;
    for (size_t i = 0; i < r.nthresholds; i++)
        r.thr[i].balance = r.thr[i].expected = r.thr[i].notice_days = NAN;
    r.budget = r.month_spent = r.month_p10 = r.month_p90 = r.p_over = NAN;
    for (size_t i = 0; i < r.nseries; i++) {
        rw_report_series *x = &r.series[i];
        x->last_week = x->prev_week = x->change_pct = x->month_to_date = NAN;
        x->next_4w_mean = x->next_4w_lo = x->next_4w_hi = x->trend_pct = NAN;
    }
    for (size_t i = 0; i < r.nweeks; i++)
        r.weeks[i].total = r.weeks[i].lo = r.weeks[i].hi = NAN;
    for (size_t i = 0; i < r.nanomalies; i++) {
        rw_report_anomaly *a = &r.anomalies[i];
        a->value = a->expected = a->lo = a->hi = a->deviation = a->share = NAN;
    }
    CHECK(check_rows(&r) == RW_RSEC_COUNT);
    char *html = render(rw_report_write_html, &r, CHARTS_DIR);
    char *md = render(md_writer, &r, NULL);
    CHECK(html != NULL && md != NULL);
    if (html && md) {
        CHECK(strstr(html, ">nan") == NULL && strstr(html, "inf<") == NULL);
        CHECK(strstr(md, " nan") == NULL && strstr(md, "inf ") == NULL);
        CHECK(count(html, ">n/a</td>") >= 5 * r.nseries);
        CHECK(count(md, " n/a |") >= 5 * r.nseries);
        CHECK(strstr(html, "n neg") == NULL && strstr(html, "class=\"neg\"") == NULL);
        /* A week after a NaN total has no change: a dash, as the first week. */
        CHECK(count(md, "| actual | n/a | | \xE2\x80\x93 |") == RW_REPORT_WEEKS);
        CHECK(count(md, "| _forecast_ | _n/a_ | n/a \xE2\x80\x93 n/a | \xE2\x80\x93 |") ==
              RW_REPORT_OUTLOOK_WEEKS);
    }
    free(html);
    free(md);
}

/* The largest report: 32 series, 32 anomalies, every list full, every
 * amount at its longest; nothing dropped, every row in both forms. */
static void test_rows_largest(void)
{
    static rw_report r;
    fill_full(&r);
    r.nseries = 0;
    for (int i = 0; i < RW_REPORT_MAX_SERIES; i++) {
        char name[128], chart[64];
        snprintf(name, sizeof name, "svc-%02d %0100d & <b>", i, i);
        snprintf(chart, sizeof chart, "service-%02d", i + 1);
        add_series(&r, name, -1e60, 1e60, 1e60, -1e60, -1e60, 1e60, 1e60, "ets(A,Ad,A) + theta",
                   chart);
    }
    r.biggest_growth = 5;
    while (r.nthresholds < RW_REPORT_MAX_LEADS)
        add_threshold(&r, "red", 1, -1e60, 1e60, 8, 8, 1e60);
    for (size_t i = 0; i < RW_REPORT_WEEKS + RW_REPORT_OUTLOOK_WEEKS; i++)
        r.weeks[i].total = r.weeks[i].lo = r.weeks[i].hi = -1e60;
    while (r.nanomalies < RW_REPORT_MAX_ANOMALIES) {
        rw_report_anomaly *a = &r.anomalies[r.nanomalies++];
        *a = r.anomalies[0];
        a->value = a->expected = a->lo = a->hi = a->deviation = -1e60;
        a->share = 1e60;
    }
    while (r.nnotes < RW_REPORT_MAX_NOTES)
        SET(r.notes[r.nnotes++], "a note & <more>");
    CHECK(check_rows(&r) == RW_RSEC_COUNT);

    rw_rsec *s = rw_rsec_alloc();
    CHECK(s != NULL);
    if (!s) return;
    rw_rsec_weekly(s, &r);
    CHECK(!s->overflow);
    const rw_rblock *series = NULL, *gallery = NULL;
    for (size_t i = 0; i < s->nblocks; i++) {
        if (s->block[i].kind == RW_RBLOCK_TABLE && !strcmp(s->block[i].name, "series"))
            series = &s->block[i];
        if (s->block[i].kind == RW_RBLOCK_GALLERY) gallery = &s->block[i];
    }
    CHECK(series != NULL && series->n == RW_REPORT_MAX_SERIES);
    CHECK(gallery != NULL && gallery->n == RW_REPORT_MAX_SERIES);
    char *html = render(rw_report_write_html, &r, CHARTS_DIR);
    char *md = render(md_writer, &r, NULL);
    CHECK(html != NULL && md != NULL);
    if (html && md) {
        /* 32 charts in the grid: 6 drawn (the fixture's files), 26 noted. */
        char *grid = slice(html, "<div class=\"grid\">", "</div>");
        CHECK(grid != NULL);
        if (grid) CHECK(count(grid, "<figure>") + count(grid, "data-missing-chart=") == 32);
        free(grid);
        CHECK(count(md, "**<br>![") == 32);
        CHECK(count(html, "<span class=\"flag\">fastest growing</span>") == 1);
        CHECK(count(md, " (fastest growing) |") == 1);
    }
    free(html);
    free(md);
    rw_rsec_free(s);
}

static void test_write_errors(void)
{
    rw_report r;
    fill_full(&r);
    FILE *f = fopen("/dev/full", "w");
    if (!f) {
        fprintf(stderr, "note: /dev/full not available, write-error test skipped\n");
        return;
    }
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_report_write_html(&r, CHARTS_DIR, f, &err) == RW_EIO);
    CHECK(err.status == RW_EIO);
    CHECK(strstr(err.text, "writing the HTML report") != NULL);
    fclose(f);

    f = fopen("/dev/full", "w");
    CHECK(f != NULL);
    if (!f) return;
    rw_error_clear(&err);
    CHECK(rw_report_write_markdown(&r, f, &err) == RW_EIO);
    CHECK(err.status == RW_EIO);
    CHECK(strstr(err.text, "writing the Markdown report") != NULL);
    fclose(f);

    /* Unbuffered: the very first write fails, and the writer stops there. */
    f = fopen("/dev/full", "w");
    CHECK(f != NULL);
    if (!f) return;
    setvbuf(f, NULL, _IONBF, 0);
    rw_error_clear(&err);
    CHECK(rw_report_write_html(&r, CHARTS_DIR, f, &err) == RW_EIO);
    CHECK(strstr(err.text, "No space left on device") != NULL);
    fclose(f);
}

/* The summary lines in Chinese: the same figures, amounts as ¥, the month
 * as 2024年9月; the HTML says lang="zh-CN" and the Markdown's headings are
 * Chinese; summary.json keeps its keys and says "lang". */
static void test_summary_chinese(void)
{
    rw_report r;
    char line[RW_REPORT_LINE_SIZE];
    fill_full(&r);
    r.lang = RW_LANG_ZH;
    check_lengths(&r);
    const char *want[5] = {
        "余额 ¥12,345.67 约可用 17 天：预计 2024-10-16 耗尽（范围 2024-10-15 \xE2\x80\x93 "
        "2024-10-17）；2025-02-14 起数据删除（tencent-cos）。",
        "下一个告警：蓝色 ¥5,229.68（提前 7 天），约 10 天后触及。",
        "2024年9月：预测 ¥19,011.52（80%：¥18,933 \xE2\x80\x93 ¥19,094），预算 ¥20,000.00："
        "超支概率 0%。",
        "增长最快的产品：CVM，未来 4 周 +12%（预测 ¥13,000）。",
        "最近 30 天有 2 个异常；最大的在 2024-09-14：+¥356.50（产品=CVM）。",
    };
    for (int i = 0; i < 5; i++) {
        rw_report_summary_line(&r, i, line, sizeof line);
        CHECK_STR(line, want[i]);
    }
    fill_arrears(&r);
    r.lang = RW_LANG_ZH;
    rw_report_summary_line(&r, 0, line, sizeof line);
    CHECK_STR(line,
              "已欠费（2024-09-27 起）：欠款 ¥1,234.50；2024-10-17 起停服，2025-02-14 起数据删除"
              "（tencent-cos）。");
    rw_report_summary_line(&r, 1, line, sizeof line);
    CHECK_STR(line, "红色告警已触发：余额低于 ¥606.39（提前 1 天）；请充值。");

    fill_full(&r);
    r.lang = RW_LANG_ZH;
    char *html = render(rw_report_write_html, &r, "charts");
    CHECK(html && strstr(html, "<html lang=\"zh-CN\">") && !strstr(html, "lang=\"en\""));
    CHECK(html && strstr(html, "<h2>\xE6\xA6\x82\xE8\xA7\x88</h2>")); /* 概览 */
    free(html);
    char *md = render(md_writer, &r, NULL);
    CHECK(md &&
          strstr(md, "## \xE4\xBD\x99\xE9\xA2\x9D\xE4\xB8\x8E\xE9\xA2\x84\xE8\xAE\xA1\xE8\x80\x97"
                     "\xE5\xB0\xBD")); /* ## 余额与预计耗尽 */
    free(md);
    char *js = render(json_writer, &r, NULL);
    CHECK(js && strstr(js, "\"lang\": \"zh-CN\"") && strstr(js, "\"balance_observed_at\""));
    free(js);
    fill_full(&r);
    js = render(json_writer, &r, NULL);
    CHECK(js && strstr(js, "\"lang\": \"en\""));
    free(js);
}

/* Escape sequences, BEL, CR and U+202E in the account and a series name:
 * shown as visible escapes in both forms, never raw; the page isolates
 * non-ASCII data in <bdi> (not inside <title>); the Markdown escapes the
 * escape's backslash and the table's '|' (issue 14, point 3). */
static void test_hostile_text(void)
{
    rw_report r;
    fill_full(&r);
    SET(r.account, "acct\x1B]0;pwned\a\xE2\x80\xAEz");
    SET(r.title, "runway report: account acct\xE2\x80\xAEz\r");
    SET(r.series[0].name, "abc\xE2\x80\xAE" "fed|\x1B[2J");
    char *html = render(rw_report_write_html, &r, CHARTS_DIR);
    char *md = render(md_writer, &r, NULL);
    CHECK(html != NULL && md != NULL);
    if (html && md) {
        const char *raw[] = {"\x1B", "\a", "\r", "\xE2\x80\xAE"};
        for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++) {
            CHECK(strstr(html, raw[i]) == NULL);
            CHECK(strstr(md, raw[i]) == NULL);
        }
        CHECK(strstr(html, "<bdi>acct\\x1B]0;pwned\\x07\\u202Ez</bdi>") != NULL);
        CHECK(strstr(html, "<title>runway report: account acct\\u202Ez\\x0D") != NULL);
        CHECK(strstr(html, "<h1><bdi>runway report: account acct\\u202Ez\\x0D</bdi></h1>") != NULL);
        CHECK(strstr(html, "<bdi>abc\\u202Efed|\\x1B[2J</bdi>") != NULL);
        CHECK(strstr(md, "# runway report: account acct\\\\u202Ez\\\\x0D\n") == md);
        CHECK(strstr(md, "**acct\\\\x1B\\]0;pwned\\\\x07\\\\u202Ez**") != NULL);
        CHECK(strstr(md, "| abc\\\\u202Efed\\|\\\\x1B\\[2J (fastest growing) |") != NULL);
    }
    free(html);
    free(md);
}

int main(void)
{
    make_charts();
    test_numbers();
    test_summary_full();
    test_summary_sparse();
    test_summary_arrears();
    test_summary_chinese();
    test_html_full();
    test_html_sparse();
    test_markdown();
    test_hostile_text();
    test_rows_text();
    test_rows_fixtures();
    test_rows_nan();
    test_rows_largest();
    test_write_errors();

    /* The Markdown sample, for people looking at the test's output. */
    rw_report r;
    fill_full(&r);
    FILE *f = fopen("report_sample.md", "wb");
    if (f) {
        rw_error err;
        rw_error_clear(&err);
        CHECK(rw_report_write_markdown(&r, f, &err) == RW_OK);
        CHECK(fclose(f) == 0);
    }
    CHECK_DONE();
}
