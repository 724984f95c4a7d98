/* report_html.c: the report as one self-contained HTML page.
 *
 * The page works offline and without JavaScript: CSS is inline in a <style>
 * block, charts are the SVG files of charts_dir embedded as base64 data:
 * URIs in <img> elements (an SVG shown through <img> cannot run scripts or
 * load anything), and a Content-Security-Policy meta tag forbids every
 * external load and every script, so a stray reference shows up as a
 * blocked request instead of a silent network call. Every string that comes
 * from data (names, notes, titles, models) is HTML-escaped; numbers and
 * dates are formatted by report_text.c.
 *
 * Invariants: output goes only through an rw_report_out (every write checked);
 * a chart that cannot be read is replaced by a visible note and never fails
 * the report; sections without data say so in one line. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "export/report_fmt.h"

/* Largest SVG file embedded; a larger one is skipped with a note. */
#define RW_REPORT_SVG_MAX_BYTES (16L * 1024 * 1024)
/* Input bytes per EVP_EncodeBlock call (a multiple of 3, so chunks join). */
#define B64_CHUNK 3072

typedef struct html {
    rw_report_out s;
    const rw_report *r;
    const char *charts_dir; /* NULL: charts are not embedded */
    char cur[8];            /* " CNY" or "" */
} html;

static const char css[] =
    ":root{color-scheme:light}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:#fff;color:#1b1b1b;font:14px/1.45 system-ui,-apple-system,"
    "\"Segoe UI\",Roboto,\"Noto Sans\",\"Noto Sans CJK SC\",\"Helvetica Neue\",Arial,sans-serif}\n"
    "main{max-width:1060px;margin:0 auto;padding:28px 36px 48px}\n"
    "header h1{font-size:26px;line-height:1.2;margin:0 0 6px}\n"
    ".kicker{margin:0 0 2px;font-size:12px;letter-spacing:.08em;text-transform:uppercase;"
    "color:#555}\n"
    ".meta{margin:0;color:#444}\n"
    ".meta b{color:#111}\n"
    "h2{font-size:19px;margin:34px 0 10px;padding-bottom:4px;border-bottom:2px solid #222}\n"
    "h3{font-size:15px;margin:20px 0 6px}\n"
    "p{margin:6px 0}\n"
    ".summary{margin:20px 0 10px;padding:12px 20px 14px;border:2px solid #111;border-radius:6px;"
    "background:#f2f2f2}\n"
    ".summary h2{margin:0 0 6px;padding:0;border:0;font-size:13px;letter-spacing:.08em;"
    "text-transform:uppercase;color:#333}\n"
    ".summary ol{margin:0;padding-left:1.4em;font-size:15.5px;line-height:1.5}\n"
    ".summary li{margin:3px 0;padding-left:2px}\n"
    ".summary li::marker{color:#666;font-weight:600}\n"
    ".note{margin:10px 0;padding:7px 12px;border-left:4px solid #555;background:#f6f6f6}\n"
    ".empty{padding:8px 12px;border:1px dashed #999;color:#333;background:#fafafa}\n"
    ".missing{margin:8px 0;padding:10px 12px;border:1px dashed #888;color:#444;font-size:13px}\n"
    ".small,.explain td{font-size:12.5px;color:#3a3a3a}\n"
    ".kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:10px;"
    "margin:12px 0}\n"
    ".kpi{border:1px solid #aaa;border-radius:5px;padding:8px 12px;break-inside:avoid}\n"
    ".kpi .k{display:block;font-size:11.5px;letter-spacing:.04em;text-transform:uppercase;"
    "color:#555}\n"
    ".kpi .v{display:block;font-size:21px;font-weight:650;font-variant-numeric:tabular-nums}\n"
    ".kpi .s{display:block;font-size:12.5px;color:#444}\n"
    ".kpi.alarm{border:2px solid #111;background:#eee}\n"
    ".neg{color:#8a0000;font-weight:700}\n"
    ".flag{display:inline-block;margin-left:6px;padding:0 5px;border:1.5px solid #111;"
    "border-radius:3px;font-size:11px;font-weight:700;letter-spacing:.04em;"
    "text-transform:uppercase;vertical-align:2px}\n"
    ".flag.solid{background:#111;color:#fff}\n"
    "table{width:100%;border-collapse:collapse;margin:8px 0 14px;"
    "font-variant-numeric:tabular-nums}\n"
    "caption{caption-side:top;text-align:left;padding:0 0 4px;font-size:12.5px;color:#444}\n"
    "th,td{padding:4px 8px;border-bottom:1px solid #cfcfcf;text-align:left;vertical-align:top}\n"
    "thead th{background:#ececec;border-bottom:2px solid #777;font-weight:600;font-size:13px}\n"
    "tbody th{font-weight:600}\n"
    ".n{text-align:right;white-space:nowrap}\n"
    "tr.explain td{border-bottom:1px solid #bbb;padding-top:0;padding-bottom:6px}\n"
    "tr.has-explain>*{border-bottom:0}\n"
    "table.weeks,table.timeline{width:auto;min-width:62%}\n"
    "table.weeks td,table.weeks th,table.timeline td,table.timeline th{padding-right:22px}\n"
    "tr.fc td,tr.fc th{font-style:italic;background:#f7f7f7}\n"
    "td.model{font-size:12px;color:#333;max-width:230px}\n"
    "table.series tbody th{min-width:11em}\n"
    ".swatch{display:inline-block;width:.8em;height:.8em;margin-right:6px;border:1px solid #222;"
    "vertical-align:-1px}\n"
    ".lvl-blue{background:#9fc3e6}.lvl-yellow{background:#f3dc7a}.lvl-red{background:#e79a9a}\n"
    "figure{margin:10px 0 14px;break-inside:avoid}\n"
    "figure img{display:block;width:100%;height:auto;border:1px solid #d4d4d4;background:#fff}\n"
    "figcaption{font-size:12.5px;color:#444;margin-top:3px}\n"
    ".grid{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:12px 18px}\n"
    ".grid figure{margin:0}\n"
    "dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:8px 0}\n"
    "dl.facts dt{font-weight:600}dl.facts dd{margin:0}\n"
    "ul.notes{margin:6px 0;padding-left:1.3em}\n"
    "footer{margin-top:36px;padding-top:8px;border-top:1px solid #bbb;font-size:12px;color:#555}\n"
    "@media (max-width:720px){main{padding:16px}.grid{grid-template-columns:1fr}}\n"
    "@page{size:A4;margin:14mm 12mm}\n"
    "@media print{body{font-size:9.5pt}main{max-width:none;padding:0}"
    ".summary{background:#fff}h2{break-after:avoid;margin-top:20px}h3{break-after:avoid}"
    "tr,.kpi,figure,.summary{break-inside:avoid}thead{display:table-header-group}"
    "#thresholds,#anomalies,#method,#quality{break-inside:avoid}}\n";

/* ---- Escaped output ------------------------------------------------------ */

/* Writes `text` HTML-escaped (& < > " '), dropping control characters other
 * than tab and newline. Safe in element content and quoted attributes. */
static void esc(html *h, const char *text)
{
    const char *run = text;
    for (const char *p = text; *p; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            if ((unsigned char)*p < 0x20 && *p != '\t' && *p != '\n')
                rep = "";
            else if (*p == 0x7f)
                rep = "";
        }
        if (rep) {
            rw_report_out_write(&h->s, run, (size_t)(p - run));
            rw_report_out_puts(&h->s, rep);
            run = p + 1;
        }
    }
    rw_report_out_puts(&h->s, run);
}

static void put(html *h, const char *raw)
{
    rw_report_out_puts(&h->s, raw);
}

/* open + escaped text + close. */
static void wrap(html *h, const char *open, const char *text, const char *close)
{
    put(h, open);
    esc(h, text);
    put(h, close);
}

/* A table cell with an amount (2 decimals), marked when negative. */
static void td_money(html *h, double v)
{
    char b[RW_REPORT_NUM_SIZE];
    rw_fmt_money(v, b, sizeof b);
    put(h, isfinite(v) && v < 0 && strcmp(b, "0.00") ? "<td class=\"n neg\">" : "<td class=\"n\">");
    put(h, b);
    put(h, "</td>");
}

/* An amount with its currency, marked when negative. */
static void money_cur(html *h, double v)
{
    char b[RW_REPORT_NUM_SIZE];
    rw_fmt_money(v, b, sizeof b);
    int neg = isfinite(v) && v < 0 && strcmp(b, "0.00");
    if (neg) put(h, "<span class=\"neg\">");
    put(h, b);
    esc(h, h->cur);
    if (neg) put(h, "</span>");
}

static void td_text(html *h, const char *cls, const char *text)
{
    if (cls) {
        put(h, "<td class=\"");
        put(h, cls);
        put(h, "\">");
    } else {
        put(h, "<td>");
    }
    esc(h, text);
    put(h, "</td>");
}

static void empty_line(html *h, const char *text)
{
    wrap(h, "<p class=\"empty\">", text, "</p>\n");
}

/* ---- Charts ------------------------------------------------------------- */

static void chart_missing(html *h, const char *name, const char *why)
{
    put(h, "<p class=\"missing\" data-missing-chart=\"");
    esc(h, name);
    put(h, "\">Chart \xE2\x80\x9C");
    esc(h, name);
    put(h, "\xE2\x80\x9D not shown: ");
    esc(h, why);
    put(h, ".</p>\n");
}

/* Reads the whole file at `path` (up to RW_REPORT_SVG_MAX_BYTES) into a
 * NUL-terminated heap buffer. Returns RW_OK, RW_ENOMEM, or RW_EIO/RW_ENOTFOUND
 * with `why` describing the problem (not an error of the report). */
static rw_status read_svg(const char *path, char **data, size_t *len, char *why, size_t why_size)
{
    *data = NULL;
    *len = 0;
    rw_status st = RW_OK;
    char *buf = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, why_size, "%s",
                 errno == ENOENT ? "the SVG file is missing" : strerror(errno));
        return RW_ENOTFOUND;
    }
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0) size = ftell(f);
    if (size < 0 || fseek(f, 0, SEEK_SET) != 0) {
        snprintf(why, why_size, "the SVG file cannot be read (%s)", strerror(errno));
        st = RW_EIO;
        goto out;
    }
    if (size > RW_REPORT_SVG_MAX_BYTES) {
        snprintf(why, why_size, "the SVG file is larger than %ld MiB",
                 RW_REPORT_SVG_MAX_BYTES / (1024 * 1024));
        st = RW_EIO;
        goto out;
    }
    buf = malloc((size_t)size + 1);
    if (!buf) {
        st = RW_ENOMEM;
        goto out;
    }
    size_t got = fread(buf, 1, (size_t)size, f);
    if (got != (size_t)size || ferror(f)) {
        snprintf(why, why_size, "the SVG file cannot be read (%s)", strerror(errno));
        st = RW_EIO;
        goto out;
    }
    buf[got] = '\0';
    if (!strstr(buf, "<svg")) {
        snprintf(why, why_size, "the file is not an SVG image");
        st = RW_EIO;
        goto out;
    }
    *data = buf;
    *len = got;
    buf = NULL;
out:
    free(buf);
    fclose(f);
    return st;
}

/* Embeds charts_dir/NAME.svg as an <img>; a chart that cannot be read is a
 * visible note (or nothing, when r->charts_note already explains that no
 * charts were drawn). Returns RW_OK or RW_ENOMEM. */
static rw_status chart(html *h, const char *name, const char *alt, const char *caption)
{
    char path[4096], why[256];
    char *svg = NULL;
    size_t len = 0;
    if (!name[0] || !h->charts_dir) return RW_OK;
    if (!rw_report_chart_name_ok(name)) {
        chart_missing(h, name, "its name is not a plain file name");
        return RW_OK;
    }
    int n = snprintf(path, sizeof path, "%s/%s.svg", h->charts_dir, name);
    if (n < 0 || (size_t)n >= sizeof path) {
        chart_missing(h, name, "the charts folder's path is too long");
        return RW_OK;
    }
    rw_status st = read_svg(path, &svg, &len, why, sizeof why);
    if (st == RW_ENOMEM) return st;
    if (st != RW_OK) {
        if (!h->r->charts_note[0]) chart_missing(h, name, why);
        return RW_OK;
    }
    put(h, "<figure><img alt=\"");
    esc(h, alt);
    put(h, "\" data-chart=\"");
    esc(h, name);
    put(h, "\" src=\"data:image/svg+xml;base64,");
    unsigned char b64[B64_CHUNK / 3 * 4 + 1];
    for (size_t off = 0; off < len; off += B64_CHUNK) {
        size_t k = len - off < B64_CHUNK ? len - off : B64_CHUNK;
        int m = EVP_EncodeBlock(b64, (const unsigned char *)svg + off, (int)k);
        if (m > 0) rw_report_out_write(&h->s, b64, (size_t)m);
    }
    put(h, "\">");
    if (caption && caption[0]) wrap(h, "<figcaption>", caption, "</figcaption>");
    put(h, "</figure>\n");
    free(svg);
    return RW_OK;
}

/* ---- Sections ------------------------------------------------------------- */

static void section_open(html *h, const char *id, const char *title)
{
    put(h, "<section id=\"");
    put(h, id);
    put(h, "\">\n");
    wrap(h, "<h2>", title, "</h2>\n");
}

static void header(html *h)
{
    const rw_report *r = h->r;
    put(h, "<header>\n<p class=\"kicker\">runway report</p>\n");
    wrap(h, "<h1>", r->title[0] ? r->title : "Consumption report", "</h1>\n<p class=\"meta\">");
    if (r->account[0]) wrap(h, "Account <b>", r->account, "</b> \xC2\xB7 ");
    wrap(h, "data as of <b>", r->as_of[0] ? r->as_of : "unknown", "</b>");
    if (r->generated_at[0]) wrap(h, " \xC2\xB7 generated ", r->generated_at, "");
    if (r->currency[0]) wrap(h, " \xC2\xB7 amounts in ", r->currency, "");
    put(h, "</p>\n</header>\n");
}

static void summary(html *h)
{
    char line[RW_REPORT_LINE_SIZE];
    put(h, "<section id=\"summary\" class=\"summary\">\n<h2>At a glance</h2>\n<ol>\n");
    for (int i = 0; i < 5; i++) {
        rw_report_summary_line(h->r, i, line, sizeof line);
        rw_report_out_printf(&h->s, "<li data-line=\"%d\">", i);
        esc(h, line);
        put(h, "</li>\n");
    }
    put(h, "</ol>\n</section>\n");
    if (h->r->charts_note[0])
        wrap(h, "<p class=\"note\" id=\"charts-note\"><b>Charts:</b> ", h->r->charts_note,
             "</p>\n");
}

/* "2024-10-16" or "beyond the horizon", from a date and its day count. */
static const char *runout_text(const rw_report *r, int q)
{
    return r->runout_days[q] >= 0 && r->runout_date[q][0] ? r->runout_date[q]
                                                          : "beyond the horizon";
}

static rw_status balance_section(html *h)
{
    const rw_report *r = h->r;
    char b[RW_REPORT_NUM_SIZE], when[40];
    section_open(h, "balance", "Balance and run-out");
    if (!r->has_runout) {
        empty_line(h, "No balance is known for this account, so no run-out date, chance of running "
                      "out or arrears timeline is computed.");
        put(h, "</section>\n");
        return RW_OK;
    }
    int neg = r->balance < 0 || r->runout_days[1] == 0;
    put(h, "<div class=\"kpis\">\n");
    put(h, neg ? "<div class=\"kpi alarm\">" : "<div class=\"kpi\">");
    wrap(h, "<span class=\"k\">Balance at the end of ", r->as_of, "</span><span class=\"v\">");
    money_cur(h, r->balance);
    put(h, "</span>");
    if (neg)
        put(h, "<span class=\"s\"><span class=\"flag solid\">negative</span> in arrears</span>");
    put(h, "</div>\n<div class=\"kpi\"><span class=\"k\">Runs out (likely, P50)</span>");
    wrap(h, "<span class=\"v\">", runout_text(r, 1), "</span>");
    if (r->runout_days[1] > 1)
        rw_report_out_printf(&h->s, "<span class=\"s\">lasts ~%d %s (runs out on day %d)</span>",
                             r->runout_days[1] - 1, rw_plural_days(r->runout_days[1] - 1),
                             r->runout_days[1]);
    else if (r->runout_days[1] >= 0)
        put(h, "<span class=\"s\">the next day</span>");
    put(h, "</div>\n");
    if (isfinite(r->daily_recent) || isfinite(r->daily_forecast)) {
        put(h, "<div class=\"kpi\"><span class=\"k\">Spending per day</span><span class=\"v\">");
        rw_fmt_money(r->daily_recent, b, sizeof b);
        put(h, b);
        esc(h, h->cur);
        put(h, "</span><span class=\"s\">last 28 days; forecast ");
        rw_fmt_money(r->daily_forecast, b, sizeof b);
        put(h, b);
        put(h, " over the next 30</span></div>\n");
    }
    put(h, "</div>\n");
    if (r->balance_note[0]) wrap(h, "<p class=\"small\">", r->balance_note, "</p>\n");
    rw_status st = chart(h, r->runout_chart, "Balance running down: P10, P50 and P90 paths",
                         "The balance at the end of each day (median path and 80% range), the "
                         "alert thresholds and the run-out dates.");
    if (st != RW_OK) return st;

    char p7[16], p14[16], p30[16];
    rw_fmt_prob(r->within7, p7, sizeof p7);
    rw_fmt_prob(r->within14, p14, sizeof p14);
    rw_fmt_prob(r->within30, p30, sizeof p30);
    rw_report_out_printf(&h->s,
                         "<p>Chance of running out: <b>%s</b> within 7 days, <b>%s</b> within 14, "
                         "<b>%s</b> within 30.</p>\n",
                         p7, p14, p30);

    put(h, "<table class=\"timeline\">\n<caption>Arrears timeline");
    if (r->policy[0]) {
        wrap(h, " (policy <b>", r->policy, "</b>");
        char g[16], d[16];
        rw_fmt_days(r->grace_hours, g, sizeof g);
        rw_fmt_days(r->retention_days, d, sizeof d);
        rw_report_out_printf(
            &h->s,
            ": suspended %s h after the balance goes negative, data deleted %s days "
            "after suspension)",
            g, d);
    }
    put(h,
        "</caption>\n<thead><tr><th>Event</th><th class=\"n\">Early (P10)</th>"
        "<th class=\"n\">Likely (P50)</th><th class=\"n\">Late (P90)</th></tr></thead>\n<tbody>\n");
    put(h, "<tr><th>Balance goes negative</th>");
    for (int q = 0; q < 3; q++) {
        put(h, "<td class=\"n\">");
        esc(h, runout_text(r, q));
        if (r->runout_days[q] >= 0)
            rw_report_out_printf(&h->s, " <span class=\"small\">(day %d)</span>",
                                 r->runout_days[q]);
        put(h, "</td>");
    }
    put(h, "</tr>\n");
    const char *names[2] = {"Service suspended", "Data deleted"};
    for (int e = 0; e < 2; e++) {
        wrap(h, "<tr><th>", names[e], "</th>");
        for (int q = 0; q < 3; q++) {
            const char *iso = e == 0 ? r->suspend_date[q] : r->delete_date[q];
            rw_fmt_when(iso, when, sizeof when);
            td_text(h, "n", when[0] ? when : "beyond the horizon");
        }
        put(h, "</tr>\n");
    }
    put(h, "</tbody></table>\n</section>\n");
    return RW_OK;
}

static void thresholds_section(html *h)
{
    const rw_report *r = h->r;
    char b[RW_REPORT_NUM_SIZE], lab[32], line[RW_REPORT_LINE_SIZE], pct[16], d[16];
    section_open(h, "thresholds", "Alert thresholds");
    if (r->nthresholds == 0) {
        empty_line(h, r->has_runout ? "No alert thresholds: too little history to compute them."
                                    : "No alert thresholds: no balance is known for this account.");
        put(h, "</section>\n");
        return;
    }
    put(h,
        "<p>Alert when the balance falls below <b>fire below</b>: from there it may not last the "
        "lead time. Each level was replayed on the account's own history.</p>\n");
    put(h, "<table class=\"thresholds\">\n<thead><tr><th>Level</th><th class=\"n\">Lead</th>"
           "<th class=\"n\">Fire below");
    esc(h, h->cur);
    put(h, "</th><th class=\"n\">Expected use</th><th class=\"n\">Replayed: held</th>"
           "<th class=\"n\">Notice</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < r->nthresholds && i < RW_REPORT_MAX_LEADS; i++) {
        const rw_report_threshold *t = &r->thr[i];
        rw_report_level_label(t->level, lab, sizeof lab);
        put(h, "<tr class=\"has-explain\"><th><span class=\"swatch");
        if (!strcmp(t->level, "blue") || !strcmp(t->level, "yellow") || !strcmp(t->level, "red")) {
            put(h, " lvl-");
            put(h, t->level);
        }
        put(h, "\"></span>");
        esc(h, lab);
        if (rw_report_threshold_crossed(r, i))
            put(h, "<span class=\"flag solid\">crossed</span>");
        else if (r->has_runout && (int)i == r->next_threshold)
            put(h, "<span class=\"flag\">next</span>");
        rw_report_out_printf(&h->s, "</th><td class=\"n\">%d %s</td>", t->lead_days,
                             rw_plural_days(t->lead_days));
        td_money(h, t->balance);
        td_money(h, t->expected);
        if (t->origins > 0) {
            rw_fmt_prob((double)t->held / (double)t->origins, pct, sizeof pct);
            rw_report_out_printf(&h->s, "<td class=\"n\">%zu/%zu (%s)</td>", t->held, t->origins,
                                 pct);
            rw_fmt_days(t->notice_days, d, sizeof d);
            rw_report_out_printf(&h->s, "<td class=\"n\">%s d</td>", d);
        } else {
            put(h, "<td class=\"n\">not replayed</td><td class=\"n\">\xE2\x80\x93</td>");
        }
        put(h, "</tr>\n<tr class=\"explain\"><td colspan=\"6\">");
        rw_report_threshold_explain(r, i, line, sizeof line);
        esc(h, line);
        put(h, "</td></tr>\n");
    }
    put(h, "</tbody></table>\n");
    if (r->has_runout && r->next_threshold >= 0 && (size_t)r->next_threshold < r->nthresholds &&
        r->next_threshold < RW_REPORT_MAX_LEADS &&
        !rw_report_threshold_crossed(r, (size_t)r->next_threshold)) {
        rw_fmt_money(r->thr[r->next_threshold].balance, b, sizeof b);
        rw_report_level_label(r->thr[r->next_threshold].level, lab, sizeof lab);
        put(h, "<p>");
        esc(h, lab);
        rw_report_out_printf(&h->s, " is the next level the balance will cross (at %s", b);
        esc(h, h->cur);
        if (r->next_threshold_days >= 0)
            rw_report_out_printf(&h->s, "), likely in ~%d %s.</p>\n", r->next_threshold_days,
                                 rw_plural_days(r->next_threshold_days));
        else
            put(h, "), not within the forecast horizon.</p>\n");
    }
    put(h, "</section>\n");
}

static void kpi_money(html *h, const char *k, double v, const char *sub)
{
    wrap(h, "<div class=\"kpi\"><span class=\"k\">", k, "</span><span class=\"v\">");
    money_cur(h, v);
    put(h, "</span>");
    if (sub && sub[0]) wrap(h, "<span class=\"s\">", sub, "</span>");
    put(h, "</div>\n");
}

static rw_status budget_section(html *h)
{
    const rw_report *r = h->r;
    char per[64], title[96], sub[160], lo[RW_REPORT_NUM_SIZE], hi[RW_REPORT_NUM_SIZE], p[16];
    rw_fmt_period(r, 0, per, sizeof per);
    snprintf(title, sizeof title, "Monthly budget: %s", per);
    section_open(h, "budget", title);
    if (r->month_days == 0 || !isfinite(r->month_mean)) {
        empty_line(h, "No forecast for this month: too little history.");
        put(h, "</section>\n");
        return RW_OK;
    }
    if (!r->has_budget)
        put(h, "<p class=\"note\">No budget given: month-to-date spend and the forecast month "
               "total only.</p>\n");
    put(h, "<div class=\"kpis\">\n");
    snprintf(sub, sizeof sub, "%zu of %zu days, %s to %s", r->month_days_spent, r->month_days,
             r->month_from, r->as_of);
    kpi_money(h, "Spent so far", r->month_spent, sub);
    rw_fmt_money0(r->month_p10, lo, sizeof lo);
    rw_fmt_money0(r->month_p90, hi, sizeof hi);
    snprintf(sub, sizeof sub, "80%% range %s \xE2\x80\x93 %s", lo, hi);
    kpi_money(h, "Forecast month total", r->month_mean, sub);
    if (r->has_budget) {
        kpi_money(h, "Budget", r->budget, "");
        rw_fmt_prob(r->p_over, p, sizeof p);
        put(h, r->p_over >= 0.5 ? "<div class=\"kpi alarm\">" : "<div class=\"kpi\">");
        rw_report_out_printf(
            &h->s, "<span class=\"k\">Chance of going over</span><span class=\"v\">%s</span>", p);
        if (r->breach_date[0])
            wrap(h, "<span class=\"s\">likely breach ", r->breach_date, "</span>");
        else
            put(h, "<span class=\"s\">no likely breach date</span>");
        put(h, "</div>\n");
    }
    put(h, "</div>\n");
    rw_status st = chart(h, r->budget_chart, "Budget burn-up: cumulative spend and forecast",
                         "Cumulative spend this month, the forecast with its 80% range, and the "
                         "budget.");
    put(h, "</section>\n");
    return st;
}

static rw_status weekly_section(html *h)
{
    const rw_report *r = h->r;
    char lo[RW_REPORT_NUM_SIZE], hi[RW_REPORT_NUM_SIZE], pct[16], by[40];
    rw_status st;
    section_open(h, "weekly", "Weekly capacity planning");
    if (r->nweeks == 0 && r->nseries == 0) {
        empty_line(h, "No weekly view: too little history.");
        put(h, "</section>\n");
        return RW_OK;
    }
    st = chart(h, r->total_chart, "Daily total with forecast and 80%/95% bands",
               "Daily total: history, forecast and its 80% and 95% ranges.");
    if (st != RW_OK) return st;
    if (r->nweeks > 0) {
        put(h, "<table class=\"weeks\">\n<caption>Total per week (7 days from the date shown); "
               "forecast weeks in italics with their 80% range</caption>\n<thead><tr><th>Week "
               "of</th><th></th>"
               "<th class=\"n\">Total");
        esc(h, h->cur);
        put(h, "</th><th class=\"n\">80% range</th><th "
               "class=\"n\">Change</th></tr></thead>\n<tbody>\n");
        size_t nw = r->nweeks < RW_REPORT_WEEKS + RW_REPORT_OUTLOOK_WEEKS
                        ? r->nweeks
                        : RW_REPORT_WEEKS + RW_REPORT_OUTLOOK_WEEKS;
        for (size_t i = 0; i < nw; i++) {
            const rw_report_week *w = &r->weeks[i];
            put(h, w->forecast ? "<tr class=\"fc\">" : "<tr>");
            wrap(h, "<th>", w->start, "</th>");
            put(h, w->forecast ? "<td>forecast</td>" : "<td>actual</td>");
            td_money(h, w->total);
            if (w->forecast) {
                rw_fmt_money0(w->lo, lo, sizeof lo);
                rw_fmt_money0(w->hi, hi, sizeof hi);
                rw_report_out_printf(&h->s, "<td class=\"n\">%s \xE2\x80\x93 %s</td>", lo, hi);
            } else {
                put(h, "<td class=\"n\"></td>");
            }
            double prev = i > 0 ? r->weeks[i - 1].total : NAN;
            if (isfinite(prev) && prev > 0)
                rw_fmt_pct((w->total / prev - 1) * 100, 1, pct, sizeof pct);
            else
                snprintf(pct, sizeof pct, "\xE2\x80\x93");
            rw_report_out_printf(&h->s, "<td class=\"n\">%s</td></tr>\n", pct);
        }
        put(h, "</tbody></table>\n");
    }
    st = chart(h, r->stack_chart, "Daily cost stacked by breakdown, history and forecast",
               "Daily cost by breakdown value; the forecast part is lighter.");
    if (st != RW_OK) return st;
    if (r->nseries == 0) {
        put(h, "</section>\n");
        return RW_OK;
    }
    rw_report_by_label(r, by, sizeof by);
    wrap(h, "<h3>By ", r->by[0] ? r->by : "series", "</h3>\n");
    put(h, "<table class=\"series\">\n<thead><tr>");
    wrap(h, "<th>", by, "</th>");
    put(h, "<th class=\"n\">Last week</th><th class=\"n\">Previous week</th><th "
           "class=\"n\">Change</th>"
           "<th class=\"n\">Month to date</th><th class=\"n\">Next 4 weeks</th>"
           "<th class=\"n\">80% range</th><th class=\"n\">Trend</th><th>Model</th></tr></thead>\n"
           "<tbody>\n");
    size_t ns = r->nseries < RW_REPORT_MAX_SERIES ? r->nseries : RW_REPORT_MAX_SERIES;
    for (size_t i = 0; i < ns; i++) {
        const rw_report_series *s = &r->series[i];
        wrap(h, "<tr><th>", rw_report_name_or(s->name, "(none)"), "");
        if ((int)i == r->biggest_growth && isfinite(s->trend_pct) && s->trend_pct > 0)
            put(h, "<span class=\"flag\">fastest growing</span>");
        put(h, "</th>");
        td_money(h, s->last_week);
        td_money(h, s->prev_week);
        rw_fmt_pct(s->change_pct, 1, pct, sizeof pct);
        td_text(h, "n", isfinite(s->change_pct) ? pct : "\xE2\x80\x93");
        td_money(h, s->month_to_date);
        td_money(h, s->next_4w_mean);
        rw_fmt_money0(s->next_4w_lo, lo, sizeof lo);
        rw_fmt_money0(s->next_4w_hi, hi, sizeof hi);
        rw_report_out_printf(&h->s, "<td class=\"n\">%s \xE2\x80\x93 %s</td>", lo, hi);
        rw_fmt_pct(s->trend_pct, 1, pct, sizeof pct);
        td_text(h, "n", pct);
        td_text(h, "model", s->model);
        put(h, "</tr>\n");
    }
    put(h, "</tbody></table>\n<p class=\"small\">Change: last week against the week before. Trend: "
           "forecast of the next 28 days against the last 28. Ranges are 80% intervals.</p>\n");
    size_t ncharts = 0;
    for (size_t i = 0; i < ns; i++)
        if (r->series[i].chart[0]) ncharts++;
    if (ncharts > 0 && h->charts_dir && !r->charts_note[0]) {
        wrap(h, "<h3>Forecast per ", r->by[0] ? r->by : "series", "</h3>\n<div class=\"grid\">\n");
        for (size_t i = 0; i < ns; i++) {
            const rw_report_series *s = &r->series[i];
            if (!s->chart[0]) continue;
            char alt[200];
            snprintf(alt, sizeof alt, "%s: daily cost and forecast",
                     rw_report_name_or(s->name, "(none)"));
            st = chart(h, s->chart, alt, rw_report_name_or(s->name, "(none)"));
            if (st != RW_OK) return st;
        }
        put(h, "</div>\n");
    }
    put(h, "</section>\n");
    return RW_OK;
}

static void anomalies_section(html *h)
{
    const rw_report *r = h->r;
    char lo[RW_REPORT_NUM_SIZE], hi[RW_REPORT_NUM_SIZE], v[RW_REPORT_NUM_SIZE], sh[16];
    section_open(h, "anomalies", "Anomalies");
    if (r->anomaly_days == 0) {
        empty_line(h, "Anomalies not examined: too little history.");
        put(h, "</section>\n");
        return;
    }
    if (r->nanomalies == 0) {
        rw_report_out_printf(&h->s,
                             "<p class=\"empty\">No anomalies in the last %zu days: every day fell "
                             "inside the 99%% range of the forecast made the day before.</p>\n",
                             r->anomaly_days);
        put(h, "</section>\n");
        return;
    }
    rw_report_out_printf(
        &h->s,
        "<p>Days of the last %zu whose cost fell outside the 99%% range of the forecast "
        "made the day before, with the value that moved most that day.</p>\n",
        r->anomaly_days);
    put(h, "<table class=\"anomalies\">\n<thead><tr><th>Day</th><th class=\"n\">Cost</th>"
           "<th class=\"n\">Expected</th><th class=\"n\">99% range</th><th>Direction</th>"
           "<th>Attributed to</th><th class=\"n\">Deviation</th><th class=\"n\">Share</th></tr>"
           "</thead>\n<tbody>\n");
    size_t na = r->nanomalies < RW_REPORT_MAX_ANOMALIES ? r->nanomalies : RW_REPORT_MAX_ANOMALIES;
    for (size_t i = 0; i < na; i++) {
        const rw_report_anomaly *a = &r->anomalies[i];
        wrap(h, "<tr><th>", a->day, "</th>");
        td_money(h, a->value);
        td_money(h, a->expected);
        rw_fmt_money(a->lo, lo, sizeof lo);
        rw_fmt_money(a->hi, hi, sizeof hi);
        rw_report_out_printf(&h->s, "<td class=\"n\">%s \xE2\x80\x93 %s</td>", lo, hi);
        put(h, a->direction < 0 ? "<td>\xE2\x96\xBC below</td>" : "<td>\xE2\x96\xB2 above</td>");
        if (a->dimension[0]) {
            put(h, "<td>");
            esc(h, a->dimension);
            put(h, "=<b>");
            esc(h, a->dim_value);
            put(h, "</b></td>");
            rw_fmt_money_signed(a->deviation, v, sizeof v);
            td_text(h, "n", v);
            rw_fmt_share(a->share, sh, sizeof sh);
            td_text(h, "n", sh);
        } else {
            put(h, "<td>not attributed</td><td class=\"n\">\xE2\x80\x93</td><td class=\"n\">"
                   "\xE2\x80\x93</td>");
        }
        put(h, "</tr>\n");
    }
    put(h, "</tbody></table>\n<p class=\"small\">Deviation: the value's change against its own "
           "usual level that day; share: its part of the difference from the forecast.</p>\n"
           "</section>\n");
}

static void method_section(html *h)
{
    const rw_report *r = h->r;
    section_open(h, "method", "How the forecast was made");
    put(h, "<dl class=\"facts\">\n");
    wrap(h, "<dt>Model (total)</dt><dd>", r->model[0] ? r->model : "unknown", "</dd>\n");
    put(h, "<dt>History used</dt><dd>");
    if (r->history_from[0]) {
        esc(h, r->history_from);
        put(h, " \xE2\x80\x93 ");
        esc(h, r->history_to);
        rw_report_out_printf(&h->s, " (%zu days)", r->history_days);
    } else {
        rw_report_out_printf(&h->s, "%zu days", r->history_days);
    }
    put(h, "</dd>\n");
    rw_report_out_printf(
        &h->s, "<dt>Random seed</dt><dd>%lu (the same seed gives the same report)</dd>\n", r->seed);
    put(h, "</dl>\n");
    if (r->method_note[0]) wrap(h, "<p>", r->method_note, "</p>\n");
    put(h, "</section>\n");
}

static void quality_section(html *h)
{
    const rw_report *r = h->r;
    char pct[16], num[RW_REPORT_NUM_SIZE];
    section_open(h, "quality", "Data quality");
    put(h, "<dl class=\"facts\">\n");
    rw_report_out_printf(&h->s, "<dt>Sources</dt><dd>%zu %s ingested</dd>\n", r->sources,
                         r->sources == 1 ? "file" : "files");
    rw_fmt_money0((double)r->rows, num, sizeof num);
    rw_report_out_printf(&h->s, "<dt>Rows read</dt><dd>%s</dd>\n", num);
    rw_fmt_money0((double)r->rejected, num, sizeof num);
    if (r->rows > 0) {
        rw_fmt_prob((double)r->rejected / (double)r->rows, pct, sizeof pct);
        rw_report_out_printf(&h->s, "<dt>Rows rejected</dt><dd>%s (%s)</dd>\n", num, pct);
    } else {
        rw_report_out_printf(&h->s, "<dt>Rows rejected</dt><dd>%s</dd>\n", num);
    }
    put(h, "</dl>\n");
    size_t nn = r->nnotes < RW_REPORT_MAX_NOTES ? r->nnotes : RW_REPORT_MAX_NOTES;
    if (nn == 0) {
        put(h, "<p>No gaps, partial days or rejected rows to report.</p>\n");
    } else {
        put(h, "<ul class=\"notes\">\n");
        for (size_t i = 0; i < nn; i++)
            wrap(h, "<li>", r->notes[i], "</li>\n");
        put(h, "</ul>\n");
    }
    put(h, "</section>\n");
}

rw_status rw_report_write_html(const rw_report *r, const char *charts_dir, FILE *out, rw_error *err)
{
    html h;
    rw_status st = RW_OK;
    rw_report_out_init(&h.s, out);
    h.r = r;
    h.charts_dir = charts_dir;
    if (r->currency[0])
        snprintf(h.cur, sizeof h.cur, " %.3s", r->currency);
    else
        h.cur[0] = '\0';

    put(&h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    /* Offline by construction: no external load, no script (see file header). */
    put(&h, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "img-src data:; style-src 'unsafe-inline'\">\n");
    put(&h, "<meta name=\"generator\" content=\"runway " RUNWAY_VERSION "\">\n");
    wrap(&h, "<title>", r->title[0] ? r->title : "Consumption report", "");
    if (r->as_of[0]) wrap(&h, " \xE2\x80\x93 ", r->as_of, "");
    put(&h, "</title>\n<style>\n");
    put(&h, css);
    put(&h, "</style>\n</head>\n<body>\n<main>\n");
    header(&h);
    summary(&h);
    st = balance_section(&h);
    if (st != RW_OK) goto out;
    thresholds_section(&h);
    st = budget_section(&h);
    if (st != RW_OK) goto out;
    st = weekly_section(&h);
    if (st != RW_OK) goto out;
    anomalies_section(&h);
    method_section(&h);
    quality_section(&h);
    put(&h, "<footer>Made by runway " RUNWAY_VERSION " from the data in its store. Amounts are "
            "rounded for display; summary.json has the exact figures.</footer>\n");
    put(&h, "</main>\n</body>\n</html>\n");
out:
    if (st != RW_OK)
        return rw_error_set(err, st, NULL, 0, "writing the HTML report: %s", rw_strerror(st));
    return rw_report_out_finish(&h.s, "HTML report", err);
}
