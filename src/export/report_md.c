/* report_md.c: the report as GitHub-flavoured Markdown: the sections built
 * by report_rows.c, the same as on the HTML page (report_html.c), drawn
 * with Markdown markup; charts linked as charts/NAME.png next to the file.
 *
 * Invariants: every string from data is escaped so that it reads as plain
 * text (Markdown punctuation backslash-escaped, '|' safe inside tables,
 * newlines flattened to spaces, control characters and direction overrides
 * shown escaped, no raw HTML); all output goes through an
 * rw_report_out (every write checked). */
#include <ctype.h>
#include <string.h>
#include "export/report_fmt.h"
#include "export/report_rows.h"
#include "util/lang.h"
#include "util/safe_text.h"

typedef struct md {
    rw_report_out s;
    size_t off;    /* esc: bytes of the current text written so far */
    size_t digits; /* esc: length of its leading digits */
} md;

static void put(md *m, const char *raw)
{
    rw_report_out_puts(&m->s, raw);
}

/* Escapes one piece of text (see esc); m->off counts the bytes of the text
 * already written, m->digits is the length of its leading digits. */
static void esc_piece(void *ctx, const char *piece, size_t n)
{
    static const char special[] = "\\`*_[]<>#|~&$";
    md *m = ctx;
    const char *run = piece, *p = piece;
    for (; p < piece + n; p++) {
        char c = *p;
        size_t at = m->off + (size_t)(p - piece);
        int escape = 0;
        if ((unsigned char)c < 0x20) { /* a tab or line break kept by esc */
            rw_report_out_write(&m->s, run, (size_t)(p - run));
            put(m, " ");
            run = p + 1;
            continue;
        }
        if (strchr(special, c) || (at == 0 && (c == '-' || c == '+'))) escape = 1;
        if ((c == '.' || c == ')') && at == m->digits && m->digits > 0) escape = 1;
        if (escape) {
            rw_report_out_write(&m->s, run, (size_t)(p - run));
            put(m, "\\");
            run = p;
        }
    }
    rw_report_out_write(&m->s, run, (size_t)(p - run));
    m->off += n;
}

/* Writes `text` so that Markdown shows it literally: ASCII punctuation with
 * a meaning is backslash-escaped (emphasis, code, links, tables, HTML,
 * entities, strikethrough, math), a leading list marker ("-", "+", "1.") too,
 * tabs and line breaks become spaces, and the other unsafe characters
 * (safe_text.h: controls, direction overrides such as U+202E) are shown in
 * their escaped form ("\x1B", "\u202E"; its backslash escaped in turn). */
static void esc(md *m, const char *text)
{
    /* "12. x" or "- x" at the start of a list item would start a new list. */
    m->digits = strspn(text, "0123456789");
    m->off = 0;
    rw_text_escape_to(text, strlen(text), "\t\n", esc_piece, m);
}

static void md_put(void *ctx, const char *raw)
{
    put(ctx, raw);
}

static void md_esc(void *ctx, const char *text)
{
    esc(ctx, text);
}

/* A tag after the text it qualifies: " (next)"; one that calls for action
 * in capitals: " (CROSSED)". */
static void md_flag(void *ctx, const char *text, int solid)
{
    char b[64];
    snprintf(b, sizeof b, "%s", text);
    for (char *p = b; solid && *p; p++)
        *p = (char)toupper((unsigned char)*p);
    put(ctx, " (");
    put(ctx, b);
    put(ctx, ")");
}

/* Runs: bold, (no mark for negatives), (no small print), italics. */
static const rw_rmarkup markup = {
    .open = {"**", "", "", "_"},
    .close = {"**", "", "", "_"},
    .line_break = "\n",
    .put = md_put,
    .esc = md_esc,
    .flag = md_flag,
};

static void text(md *m, const rw_rsec *s, rw_rtext t)
{
    rw_rtext_render(s, t, &markup, m);
}

/* ---- Blocks ----------------------------------------------------------------- */

static rw_status draw_para(void *ctx, const rw_rsec *s, const rw_rblock *b)
{
    text(ctx, s, b->text);
    put(ctx, "\n\n");
    return RW_OK;
}

static rw_status draw_heading(void *ctx, const rw_rsec *s, const rw_rblock *b)
{
    put(ctx, "### ");
    return draw_para(ctx, s, b);
}

/* KPIs as a list: "- Label: **figure** (detail)". */
static rw_status draw_kpis(void *ctx, const rw_rsec *s, const rw_rblock *b)
{
    md *m = ctx;
    for (size_t i = b->first; i < b->first + b->n; i++) {
        const rw_ritem *k = &s->item[i];
        put(m, "- ");
        text(m, s, k->label);
        put(m, ": **");
        text(m, s, k->value);
        put(m, "**");
        if (k->detail.n > 0) {
            put(m, k->joined ? "; " : " (");
            text(m, s, k->detail);
            put(m, k->joined ? "" : ")");
        }
        put(m, "\n");
    }
    put(m, "\n");
    return RW_OK;
}

/* Facts and lists: one "- " line each ("Term: value" for facts). */
static rw_status draw_items(void *ctx, const rw_rsec *s, const rw_rblock *b)
{
    md *m = ctx;
    for (size_t i = b->first; i < b->first + b->n; i++) {
        put(m, "- ");
        if (b->kind == RW_RBLOCK_FACTS) {
            text(m, s, s->item[i].label);
            put(m, ": ");
        }
        text(m, s, s->item[i].value);
        put(m, "\n");
    }
    put(m, "\n");
    return RW_OK;
}

static void draw_cell(md *m, const rw_rsec *s, const rw_rcell *c)
{
    rw_rtext t = c->text;
    if (c->kind == RW_RCELL_BLANK) {
        put(m, " |");
        return;
    }
    put(m, " ");
    if (c->kind == RW_RCELL_LEVEL && t.n > 0) { /* the level's name in bold */
        put(m, "**");
        esc(m, s->span[t.first].text);
        put(m, "**");
        t.first++;
        t.n--;
    }
    text(m, s, t);
    put(m, " |");
}

/* The caption as a sentence, the table, then the rows' notes as a list led
 * by each row's first cell in bold. */
static rw_status draw_table(void *ctx, const rw_rsec *s, const rw_rblock *b)
{
    md *m = ctx;
    if (b->text.n > 0) {
        text(m, s, b->text);
        put(m, b->text_end);
        put(m, "\n\n");
    }
    put(m, "|");
    for (size_t c = 0; c < b->ncols; c++) {
        if (b->col[c].title[0]) { /* an empty title is " |", not "  |" */
            put(m, " ");
            esc(m, b->col[c].title);
        }
        put(m, " |");
    }
    put(m, "\n|");
    for (size_t c = 0; c < b->ncols; c++)
        put(m, b->col[c].num ? "--:|" : "---|");
    put(m, "\n");
    for (size_t i = b->first; i < b->first + b->n; i++) {
        put(m, "|");
        for (size_t c = 0; c < s->row[i].ncells; c++)
            draw_cell(m, s, &s->cell[s->row[i].first_cell + c]);
        put(m, "\n");
    }
    put(m, "\n");
    size_t notes = 0;
    for (size_t i = b->first; i < b->first + b->n; i++) {
        const rw_rrow *w = &s->row[i];
        if (!w->note || w->ncells == 0 || s->cell[w->first_cell].text.n == 0) continue;
        put(m, "- **");
        esc(m, s->span[s->cell[w->first_cell].text.first].text);
        put(m, "**: ");
        esc(m, w->note);
        put(m, "\n");
        notes++;
    }
    if (notes > 0) put(m, "\n");
    return RW_OK;
}

/* A chart image, or nothing when charts were not drawn. */
static rw_status draw_chart(void *ctx, const rw_rsec *s, const rw_rblock *b)
{
    md *m = ctx;
    const rw_rchart *c = &s->chart[b->first];
    if (!s->charts_drawn || !rw_report_chart_name_ok(c->name)) return RW_OK;
    put(m, "![");
    esc(m, c->alt);
    put(m, "](charts/");
    put(m, c->name);
    put(m, ".png)\n\n");
    return RW_OK;
}

/* Charts two per row: a table keeps them compact on GitHub. */
static rw_status draw_gallery(void *ctx, const rw_rsec *s, const rw_rblock *b)
{
    md *m = ctx;
    size_t k = 0;
    for (size_t i = b->first; i < b->first + b->n; i++) {
        const rw_rchart *c = &s->chart[i];
        if (!rw_report_chart_name_ok(c->name)) continue;
        if (k == 0) {
            put(m, "### ");
            text(m, s, b->text);
            put(m, "\n\n| | |\n|---|---|\n");
        }
        put(m, k % 2 == 0 ? "| **" : " **");
        esc(m, c->caption);
        put(m, "**<br>![");
        esc(m, c->alt);
        put(m, "](charts/");
        put(m, c->name);
        put(m, k % 2 == 0 ? ".png) |" : ".png) |\n");
        k++;
    }
    if (k % 2 == 1) put(m, " |\n");
    if (k > 0) put(m, "\n");
    return RW_OK;
}

static const rw_rrender render = {
    .form = RW_RFORM_MD,
    .draw = {[RW_RBLOCK_PARA] = draw_para, [RW_RBLOCK_HEADING] = draw_heading,
             [RW_RBLOCK_KPIS] = draw_kpis, [RW_RBLOCK_FACTS] = draw_items,
             [RW_RBLOCK_LIST] = draw_items, [RW_RBLOCK_TABLE] = draw_table,
             [RW_RBLOCK_CHART] = draw_chart, [RW_RBLOCK_GALLERY] = draw_gallery},
};

/* ---- Document ------------------------------------------------------------------ */

/* Title, the line under it, the summary lines as a quote, the charts note. */
static void head(md *m, const rw_rsec *s)
{
    put(m, "# ");
    text(m, s, s->title);
    put(m, "\n\n");
    text(m, s, s->block[0].text);
    put(m, "\n\n> **");
    const rw_rblock *lines = &s->block[1];
    text(m, s, lines->text);
    put(m, "**\n>\n");
    for (size_t i = 0; i < lines->n; i++) {
        rw_report_out_printf(&m->s, "> %zu. ", i + 1);
        text(m, s, s->item[lines->first + i].value);
        put(m, "\n");
    }
    put(m, "\n");
    for (size_t i = 2; i < s->nblocks; i++)
        draw_para(m, s, &s->block[i]);
}

rw_status rw_report_write_markdown(const rw_report *r, FILE *out, rw_error *err)
{
    md m;
    rw_report_out_init(&m.s, out);
    rw_rsec *s = rw_rsec_alloc();
    if (!s)
        return rw_error_set(err, RW_ENOMEM, NULL, 0, "writing the Markdown report: %s",
                            rw_strerror(RW_ENOMEM));
    rw_rsec_head(s, r);
    if (r->in_org) {
        put(&m, "[");
        put(&m, rw_tr(r->lang, "\xE2\x86\x90 All accounts"));
        put(&m, "](../../index.html)\n\n");
    }
    head(&m, s);
    for (int i = 0; i < RW_RSEC_COUNT; i++) {
        rw_rsec_build(s, r, i);
        put(&m, "## ");
        text(&m, s, s->title);
        put(&m, "\n\n");
        rw_rsec_render(s, &render, &m);
    }
    rw_rsec_free(s);
    put(&m, "---\n");
    put(&m, rw_tr(r->lang, "Made by runway " RUNWAY_VERSION ". Amounts are rounded for display;"
                           " summary.json has the exact figures."));
    put(&m, "\n");
    return rw_report_out_finish(&m.s, "Markdown report", err);
}
