/* report_html.c: the report as one self-contained HTML page: the sections
 * built by report_rows.c, drawn with HTML markup.
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
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "export/report_fmt.h"
#include "export/report_rows.h"
#include "util/safe_text.h"

/* Largest SVG file embedded; a larger one is skipped with a note. */
#define RW_REPORT_SVG_MAX_BYTES (16L * 1024 * 1024)
/* Input bytes per EVP_EncodeBlock call (a multiple of 3, so chunks join). */
#define B64_CHUNK 3072

typedef struct html {
    rw_report_out s;
    const char *charts_dir; /* NULL: charts are not embedded */
    int in_title;           /* writing <title>: no markup inside */
} html;

static const char css[] =
    ":root{color-scheme:light}\n"
    "*{box-sizing:border-box}\n"
    /* Latin fonts first; characters they lack (Chinese service names) fall
     * through to the first installed CJK family: Noto/Source Han and
     * WenQuanYi on Linux (.ci/deps), PingFang and Hiragino on macOS,
     * Microsoft YaHei on Windows. System fonts only: the CSP loads none. */
    "body{margin:0;background:#fff;color:#1b1b1b;font:14px/1.45 system-ui,-apple-system,"
    "\"Segoe UI\",Roboto,\"Noto Sans\",\"Helvetica Neue\",Arial,\"Noto Sans CJK SC\","
    "\"Source Han Sans SC\",\"WenQuanYi Micro Hei\",\"PingFang SC\",\"Hiragino Sans GB\","
    "\"Microsoft YaHei\",sans-serif}\n"
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
    "nav.up{margin:0 0 12px;font-size:13.5px}\n"
    "th .small{font-weight:400}\n"
    "a{color:#0b4f8a}\n"
    "footer{margin-top:36px;padding-top:8px;border-top:1px solid #bbb;font-size:12px;color:#555}\n"
    "@media (max-width:720px){main{padding:16px}.grid{grid-template-columns:1fr}}\n"
    "@page{size:A4;margin:14mm 12mm}\n"
    "@media print{body{font-size:9.5pt}main{max-width:none;padding:0}"
    ".summary{background:#fff}h2{break-after:avoid;margin-top:20px}h3{break-after:avoid}"
    "tr,.kpi,figure,.summary{break-inside:avoid}thead{display:table-header-group}"
    "#thresholds,#anomalies,#method,#quality{break-inside:avoid}}\n";

/* ---- Escaped output ------------------------------------------------------ */

/* Writes one piece of text HTML-escaped (& < > " '). */
static void esc_piece(void *ctx, const char *text, size_t n)
{
    html *h = ctx;
    const char *run = text, *p = text;
    for (; p < text + n; p++) {
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
            break;
        }
        if (rep) {
            rw_report_out_write(&h->s, run, (size_t)(p - run));
            rw_report_out_puts(&h->s, rep);
            run = p + 1;
        }
    }
    rw_report_out_write(&h->s, run, (size_t)(p - run));
}

/* Writes `text` HTML-escaped (& < > " '), tabs and line breaks as they are,
 * the other unsafe characters (safe_text.h: controls, direction overrides
 * such as U+202E) as visible text ("\x1B", "\u202E"): a numeric character
 * reference would still be the character. Safe in element content and
 * quoted attributes. */
static void esc(html *h, const char *text)
{
    rw_text_escape_to(text, strlen(text), "\t\n", esc_piece, h);
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
 * visible note (or nothing, when the report's charts_note already explains
 * that no charts were drawn). Returns RW_OK or RW_ENOMEM. */
static rw_status chart_named(html *h, int drawn, const rw_rchart *c)
{
    const char *name = c->name;
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
        if (drawn) chart_missing(h, name, why);
        return RW_OK;
    }
    put(h, "<figure><img alt=\"");
    esc(h, c->alt);
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
    if (c->caption && c->caption[0]) wrap(h, "<figcaption>", c->caption, "</figcaption>");
    put(h, "</figure>\n");
    free(svg);
    return RW_OK;
}

static rw_status chart(html *h, const rw_rsec *s, const rw_rchart *c)
{
    return chart_named(h, s->charts_drawn, c);
}

/* ---- Text ---------------------------------------------------------------- */

static void html_put(void *ctx, const char *raw)
{
    put(ctx, raw);
}

/* A piece of text from data (or a sentence quoting it) in element content.
 * One that holds letters beyond ASCII (the only ones that can run right to
 * left) is isolated in <bdi>, so that Arabic or Hebrew text in a name
 * cannot reorder the text around it; not inside <title>, which holds text
 * only. */
static void html_esc(void *ctx, const char *text)
{
    html *h = ctx;
    int isolate = 0;
    for (const char *p = text; *p && !isolate; p++) isolate = (unsigned char)*p >= 0x80;
    isolate = isolate && !h->in_title;
    if (isolate) put(h, "<bdi>");
    esc(h, text);
    if (isolate) put(h, "</bdi>");
}

/* A tag in a small box; filled when it calls for action. */
static void html_flag(void *ctx, const char *text, int solid)
{
    put(ctx, solid ? "<span class=\"flag solid\">" : "<span class=\"flag\">");
    esc(ctx, text);
    put(ctx, "</span>");
}

/* Runs: bold, negative amounts, small print; italics come from the row's
 * class (tr.fc), so they have no markup of their own. */
static const rw_rmarkup markup = {
    .open = {"<b>", "<span class=\"neg\">", "<span class=\"small\">", ""},
    .close = {"</b>", "</span>", "</span>", ""},
    .line_break = "<br>\n",
    .put = html_put,
    .esc = html_esc,
    .flag = html_flag,
};

/* open + text t + close. */
static void tag(html *h, const char *open, const rw_rsec *s, rw_rtext t, const char *close)
{
    put(h, open);
    rw_rtext_render(s, t, &markup, h);
    put(h, close);
}

/* ---- Blocks ---------------------------------------------------------------- */

static rw_status draw_para(void *ctx, const rw_rsec *s, const rw_rblock *b)
{
    static const char *const open[] = {
        [RW_RPARA_PLAIN] = "<p>",
        [RW_RPARA_EMPTY] = "<p class=\"empty\">",
        [RW_RPARA_NOTE] = "<p class=\"note\">",
        [RW_RPARA_FOOTNOTE] = "<p class=\"small\">",
    };
    tag(ctx, open[b->style], s, b->text, "</p>\n");
    return RW_OK;
}

static rw_status draw_heading(void *ctx, const rw_rsec *s, const rw_rblock *b)
{
    tag(ctx, "<h3>", s, b->text, "</h3>\n");
    return RW_OK;
}

static rw_status draw_kpis(void *ctx, const rw_rsec *s, const rw_rblock *b)
{
    html *h = ctx;
    put(h, "<div class=\"kpis\">\n");
    for (size_t i = b->first; i < b->first + b->n; i++) {
        const rw_ritem *k = &s->item[i];
        put(h, k->alarm ? "<div class=\"kpi alarm\">" : "<div class=\"kpi\">");
        tag(h, "<span class=\"k\">", s, k->label, "</span>");
        tag(h, "<span class=\"v\">", s, k->value, "</span>");
        if (k->detail.n > 0) tag(h, "<span class=\"s\">", s, k->detail, "</span>");
        put(h, "</div>\n");
    }
    put(h, "</div>\n");
    return RW_OK;
}

/* Facts as a definition list, lists as bullets. */
static rw_status draw_items(void *ctx, const rw_rsec *s, const rw_rblock *b)
{
    html *h = ctx;
    int facts = b->kind == RW_RBLOCK_FACTS;
    put(h, facts ? "<dl class=\"facts\">\n" : "<ul class=\"notes\">\n");
    for (size_t i = b->first; i < b->first + b->n; i++) {
        if (facts) tag(h, "<dt>", s, s->item[i].label, "</dt>");
        tag(h, facts ? "<dd>" : "<li>", s, s->item[i].value, facts ? "</dd>\n" : "</li>\n");
    }
    put(h, facts ? "</dl>\n" : "</ul>\n");
    return RW_OK;
}

/* A body cell; the first of a row is its header (<th>). */
static void draw_cell(html *h, const rw_rsec *s, const rw_rcell *c, int head)
{
    static const char *const td[] = {
        [RW_RCELL_TEXT] = "<td>",
        [RW_RCELL_NUM] = "<td class=\"n\">",
        [RW_RCELL_NOTE] = "<td class=\"model\">",
        [RW_RCELL_LEVEL] = "<td>",
        [RW_RCELL_BLANK] = "<td class=\"n\">",
    };
    if (head) {
        put(h, "<th>");
        if (c->kind == RW_RCELL_LEVEL) {
            put(h, "<span class=\"swatch");
            if (c->level[0]) {
                put(h, " lvl-");
                put(h, c->level);
            }
            put(h, "\"></span>");
        }
    } else {
        put(h, c->neg ? "<td class=\"n neg\">" : td[c->kind]);
    }
    tag(h, "", s, c->text, head ? "</th>" : "</td>");
}

/* A table; a row's note is a full-width row under it. */
static rw_status draw_table(void *ctx, const rw_rsec *s, const rw_rblock *b)
{
    html *h = ctx;
    wrap(h, "<table class=\"", b->name, "\">\n");
    if (b->text.n > 0) tag(h, "<caption>", s, b->text, "</caption>\n");
    put(h, "<thead><tr>");
    for (size_t c = 0; c < b->ncols; c++)
        wrap(h, b->col[c].num ? "<th class=\"n\">" : "<th>", b->col[c].title, "</th>");
    put(h, "</tr></thead>\n<tbody>\n");
    for (size_t i = b->first; i < b->first + b->n; i++) {
        const rw_rrow *w = &s->row[i];
        put(h, w->forecast ? "<tr class=\"fc\">" : w->note ? "<tr class=\"has-explain\">" : "<tr>");
        for (size_t c = 0; c < w->ncells; c++)
            draw_cell(h, s, &s->cell[w->first_cell + c], c == 0);
        put(h, "</tr>\n");
        if (!w->note) continue;
        rw_report_out_printf(&h->s, "<tr class=\"explain\"><td colspan=\"%zu\">", b->ncols);
        wrap(h, "", w->note, "</td></tr>\n");
    }
    put(h, "</tbody></table>\n");
    return RW_OK;
}

static rw_status draw_chart(void *ctx, const rw_rsec *s, const rw_rblock *b)
{
    return chart(ctx, s, &s->chart[b->first]);
}

static rw_status draw_gallery(void *ctx, const rw_rsec *s, const rw_rblock *b)
{
    html *h = ctx;
    if (!h->charts_dir) return RW_OK;
    tag(h, "<h3>", s, b->text, "</h3>\n<div class=\"grid\">\n");
    for (size_t i = b->first; i < b->first + b->n; i++) {
        rw_status st = chart(h, s, &s->chart[i]);
        if (st != RW_OK) return st;
    }
    put(h, "</div>\n");
    return RW_OK;
}

static const rw_rrender render = {
    .form = RW_RFORM_HTML,
    .draw = {[RW_RBLOCK_PARA] = draw_para, [RW_RBLOCK_HEADING] = draw_heading,
             [RW_RBLOCK_KPIS] = draw_kpis, [RW_RBLOCK_FACTS] = draw_items,
             [RW_RBLOCK_LIST] = draw_items, [RW_RBLOCK_TABLE] = draw_table,
             [RW_RBLOCK_CHART] = draw_chart, [RW_RBLOCK_GALLERY] = draw_gallery},
};

/* ---- Document ------------------------------------------------------------------ */

/* Title and the line under it, the summary box, the charts note. */
static void head(html *h, const rw_rsec *s)
{
    put(h, "<header>\n<p class=\"kicker\">");
    esc(h, rw_tr(s->lang, "runway report"));
    put(h, "</p>\n");
    tag(h, "<h1>", s, s->title, "</h1>\n");
    tag(h, "<p class=\"meta\">", s, s->block[0].text, "</p>\n</header>\n");
    const rw_rblock *lines = &s->block[1];
    wrap(h, "<section id=\"", s->id, "\" class=\"summary\">\n");
    tag(h, "<h2>", s, lines->text, "</h2>\n<ol>\n");
    for (size_t i = 0; i < lines->n; i++) {
        rw_report_out_printf(&h->s, "<li data-line=\"%zu\">", i);
        tag(h, "", s, s->item[lines->first + i].value, "</li>\n");
    }
    put(h, "</ol>\n</section>\n");
    for (size_t i = 2; i < s->nblocks; i++)
        tag(h, "<p class=\"note\" id=\"charts-note\">", s, s->block[i].text, "</p>\n");
}

static rw_status section(html *h, const rw_rsec *s)
{
    wrap(h, "<section id=\"", s->id, "\">\n");
    tag(h, "<h2>", s, s->title, "</h2>\n");
    rw_status st = rw_rsec_render(s, &render, h);
    put(h, "</section>\n");
    return st;
}

/* The page up to <main>: language, the head with its policy and
 * stylesheet, and the title (the rendered title of s, else `title`; then
 * " - " and `suffix` when not empty). */
static void begin(html *h, rw_lang lang, const rw_rsec *s, const char *title, const char *suffix)
{
    put(h, lang == RW_LANG_ZH ? "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n"
                              : "<!DOCTYPE html>\n<html lang=\"en\">\n");
    put(h, "<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    /* Offline by construction: no external load, no script (see file header). */
    put(h, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
           "img-src data:; style-src 'unsafe-inline'\">\n");
    put(h, "<meta name=\"generator\" content=\"runway " RUNWAY_VERSION "\">\n");
    h->in_title = 1;
    if (s) tag(h, "<title>", s, s->title, "");
    else wrap(h, "<title>", title ? title : "", "");
    h->in_title = 0;
    if (suffix && suffix[0]) wrap(h, " \xE2\x80\x93 ", suffix, "");
    put(h, "</title>\n<style>\n");
    put(h, css);
    put(h, "</style>\n</head>\n<body>\n<main>\n");
}

/* A footer with `footer`, and the end of the page. */
static void end(html *h, const char *footer)
{
    put(h, "<footer>");
    esc(h, footer);
    put(h, "</footer>\n</main>\n</body>\n</html>\n");
}

rw_status rw_report_write_html(const rw_report *r, const char *charts_dir, FILE *out, rw_error *err)
{
    html h = {.in_title = 0};
    rw_status st = RW_OK;
    rw_report_out_init(&h.s, out);
    h.charts_dir = charts_dir;
    rw_rsec *s = rw_rsec_alloc();
    if (!s) {
        st = RW_ENOMEM;
        goto out;
    }
    rw_rsec_head(s, r);
    begin(&h, r->lang, s, NULL, r->as_of);
    if (r->in_org) {
        put(&h, "<nav class=\"up\"><a href=\"../../index.html\">");
        esc(&h, rw_tr(r->lang, "\xE2\x86\x90 All accounts"));
        put(&h, "</a></nav>\n");
    }
    head(&h, s);
    for (int i = 0; i < RW_RSEC_COUNT && st == RW_OK; i++) {
        rw_rsec_build(s, r, i);
        st = section(&h, s);
    }
    if (st != RW_OK) goto out;
    end(&h, rw_tr(r->lang, "Made by runway " RUNWAY_VERSION " from the data in its store. Amounts"
                           " are rounded for display; summary.json has the exact figures."));
out:
    rw_rsec_free(s);
    if (st != RW_OK)
        return rw_error_set(err, st, NULL, 0, "writing the HTML report: %s", rw_strerror(st));
    return rw_report_out_finish(&h.s, "HTML report", err);
}

/* ---- Pieces for other pages in the report's style (report_fmt.h) ---------- */

void rw_html_begin(rw_report_out *o, rw_lang lang, const char *title)
{
    html h = {*o, NULL, 0};
    begin(&h, lang, NULL, title, NULL);
    *o = h.s;
}

void rw_html_text(rw_report_out *o, const char *text)
{
    html h = {*o, NULL, 0};
    html_esc(&h, text);
    *o = h.s;
}

rw_status rw_html_chart(rw_report_out *o, const char *charts_dir, const char *name,
                        const char *alt, const char *caption)
{
    html h = {*o, charts_dir, 0};
    rw_rchart c = {name, alt, caption};
    rw_status st = chart_named(&h, 1, &c);
    *o = h.s;
    return st;
}

void rw_html_end(rw_report_out *o, const char *footer)
{
    html h = {*o, NULL, 0};
    end(&h, footer);
    *o = h.s;
}
