/* report_rows.h: the report's sections as plain rows, built once from an
 * rw_report (report_rows.c) and drawn by the HTML and Markdown writers
 * (report_html.c, report_md.c), which add only markup and escaping.
 *
 * A section (rw_rsec) is a title and a list of blocks: paragraphs,
 * headings, KPI boxes, facts, lists, tables and charts. Every text is a run
 * of spans, each a piece of text with a style: from data (so each form
 * escapes it) or our own words and figures (written as they are), bold, a
 * tag such as "next", and so on. Figures are already formatted
 * (report_fmt.h). Where the two forms word a part differently (the page
 * shows KPI boxes where the Markdown writes one sentence), both are built
 * here, each block marked with the forms that show it.
 *
 * Memory: a section holds fixed pools sized for the report's limits
 * (RW_REPORT_MAX_*), so building never allocates; a pool too small is our
 * bug (assert; in a release build the text is cut and `overflow` set).
 * Span texts point into the section's own text, into the rw_report it was
 * built from (which must outlive the section) or to string literals. */
#ifndef RW_REPORT_ROWS_H
#define RW_REPORT_ROWS_H

#include <stddef.h>
#include "export/report.h"
#include "util/lang.h"
#include "util/status.h"

/* Forms (bits): which writers show a block. */
#define RW_RFORM_HTML 1u
#define RW_RFORM_MD 2u
#define RW_RFORM_ALL (RW_RFORM_HTML | RW_RFORM_MD)

/* Span styles (bits). The first RW_RSPAN_NRUNS run across consecutive
 * spans: a writer opens them once before the first span that has them and
 * closes them after the last. */
#define RW_RSPAN_STRONG 0x01u /* bold */
#define RW_RSPAN_NEG 0x02u    /* a negative amount: the page marks it */
#define RW_RSPAN_SMALL 0x04u  /* an aside the page prints small */
#define RW_RSPAN_EM 0x08u     /* italics in Markdown; the page styles the row instead */
#define RW_RSPAN_NRUNS 4
#define RW_RSPAN_RUNS 0x0Fu
#define RW_RSPAN_DATA 0x10u  /* text from data or a sentence: escaped; else written as is */
#define RW_RSPAN_FLAG 0x20u  /* a tag on the text before it ("next") */
#define RW_RSPAN_SOLID 0x40u /* with FLAG: a tag that calls for action ("crossed") */
#define RW_RSPAN_BREAK 0x80u /* a line break; text unused */

/* Pool sizes: the weekly section (series and weeks tables, a chart per
 * series) is the largest; see report_rows.c for the text bound. */
#define RW_RSEC_MAX_COLS 9
#define RW_RSEC_MAX_BLOCKS 24
#define RW_RSEC_MAX_ROWS (RW_REPORT_MAX_SERIES + RW_REPORT_WEEKS + RW_REPORT_OUTLOOK_WEEKS)
#define RW_RSEC_MAX_CELLS (RW_RSEC_MAX_ROWS * RW_RSEC_MAX_COLS)
#define RW_RSEC_MAX_SPANS (2 * RW_RSEC_MAX_CELLS + 64)
#define RW_RSEC_MAX_ITEMS (RW_REPORT_MAX_NOTES + 16)
#define RW_RSEC_MAX_CHARTS (RW_REPORT_MAX_SERIES + 4)
#define RW_RSEC_TEXT_SIZE (64 * 1024)

/* The sections after the head, in the order of the report. */
#define RW_RSEC_COUNT 7

/* One piece of text and its style. */
typedef struct rw_rspan {
    const char *text; /* never NULL; "" for a break */
    unsigned style;   /* RW_RSPAN_* bits */
} rw_rspan;

/* A text: spans [first, first + n) of its section. n == 0: no text. */
typedef struct rw_rtext {
    size_t first, n;
} rw_rtext;

typedef enum rw_rpara {
    RW_RPARA_PLAIN,    /* a sentence or two */
    RW_RPARA_EMPTY,    /* the section has nothing to show, and why */
    RW_RPARA_NOTE,     /* a notice before the figures ("No budget given") */
    RW_RPARA_FOOTNOTE, /* small print under a table or figure */
} rw_rpara;

typedef enum rw_rcell_kind {
    RW_RCELL_TEXT,  /* words, left-aligned */
    RW_RCELL_NUM,   /* a figure or range, right-aligned */
    RW_RCELL_NOTE,  /* small print, left-aligned (a model name) */
    RW_RCELL_LEVEL, /* an alert level: first span its name; the page adds a swatch */
    RW_RCELL_BLANK, /* an empty figure (no range for an actual week) */
} rw_rcell_kind;

typedef struct rw_rcell {
    rw_rtext text;
    rw_rcell_kind kind;
    int neg;           /* NUM: a negative amount, marked on the page */
    const char *level; /* LEVEL: "blue", "yellow" or "red" for its swatch, else "" */
} rw_rcell;

typedef struct rw_rrow {
    size_t first_cell, ncells; /* cells [first_cell, first_cell + ncells) */
    int forecast;              /* a forecast (not actual) row: the page sets it apart */
    const char *note;          /* a sentence explaining the row (data), or NULL */
} rw_rrow;

typedef struct rw_rcol {
    const char *title; /* escaped by each form; "" for none */
    int num;           /* right-aligned figures */
} rw_rcol;

/* A KPI box, a fact (term: value) or a list entry (value only). */
typedef struct rw_ritem {
    rw_rtext label;  /* KPI: what it is; fact: the term */
    rw_rtext value;  /* the figure, value or entry */
    rw_rtext detail; /* KPI: the line under the figure, n == 0 none */
    int alarm;       /* KPI: calls for action */
    int joined;      /* KPI: the detail continues the figure ("; ...") rather
                      * than qualifying it ("(...)") where Markdown writes it inline */
} rw_ritem;

typedef struct rw_rchart {
    const char *name;    /* file name without extension, not checked: writers do */
    const char *alt;     /* what it shows, for readers who cannot see it */
    const char *caption; /* under it on the page */
} rw_rchart;

typedef enum rw_rblock_kind {
    RW_RBLOCK_PARA,    /* text, with `style` */
    RW_RBLOCK_HEADING, /* a subheading: text */
    RW_RBLOCK_KPIS,    /* items as KPI boxes */
    RW_RBLOCK_FACTS,   /* items as term: value */
    RW_RBLOCK_LIST,    /* items as a list; text: its title, if any */
    RW_RBLOCK_TABLE,   /* rows; text: its caption, if any */
    RW_RBLOCK_CHART,   /* one chart */
    RW_RBLOCK_GALLERY, /* charts side by side; text: their title */
    RW_RBLOCK_NKINDS
} rw_rblock_kind;

typedef struct rw_rblock {
    rw_rblock_kind kind;
    unsigned forms;       /* RW_RFORM_* bits of the writers that show it */
    rw_rpara style;       /* PARA */
    rw_rtext text;        /* see rw_rblock_kind */
    size_t first, n;      /* items (KPIS, FACTS, LIST), rows (TABLE) or charts */
    const char *name;     /* TABLE: what it lists ("weeks"), a class on the page */
    const char *text_end; /* TABLE: ends the caption where it is written as a sentence */
    size_t ncols;         /* TABLE */
    rw_rcol col[RW_RSEC_MAX_COLS];
} rw_rblock;

typedef struct rw_rsec {
    const char *id;   /* anchor on the page: "balance" */
    rw_rtext title;   /* its heading */
    int charts_drawn; /* the report's charts were drawn (no charts_note), so a
                       * chart that cannot be shown is worth a note */
    size_t nblocks, nspans, ncells, nrows, nitems, ncharts;
    /* Each pool but span has one spare entry, written over when it is full. */
    rw_rblock block[RW_RSEC_MAX_BLOCKS + 1];
    rw_rspan span[RW_RSEC_MAX_SPANS];
    rw_rcell cell[RW_RSEC_MAX_CELLS + 1];
    rw_rrow row[RW_RSEC_MAX_ROWS + 1];
    rw_ritem item[RW_RSEC_MAX_ITEMS + 1];
    rw_rchart chart[RW_RSEC_MAX_CHARTS + 1];
    rw_lang lang;                 /* of our words: the report's */
    int overflow;                 /* a pool was too small (our bug): something was dropped or cut */
    char currency[8];             /* builder: " CNY", or "" */
    rw_rtext *cur;                /* builder: the text new spans extend */
    size_t used;                  /* bytes of `text` used */
    char text[RW_RSEC_TEXT_SIZE]; /* formatted figures and sentences */
} rw_rsec;

/* A section to build into, reused from one section to the next. Returns
 * NULL when out of memory; the caller frees it with rw_rsec_free. */
rw_rsec *rw_rsec_alloc(void);
void rw_rsec_free(rw_rsec *s);

/* Builders: each resets `s` and fills it from `r`. */

/* The head: title = the report's title; block 0 the line under it (PARA:
 * account, date, currency), block 1 the five summary lines (LIST, titled
 * "At a glance"), block 2 when charts were not drawn the reason (PARA NOTE). */
void rw_rsec_head(rw_rsec *s, const rw_report *r);
void rw_rsec_balance(rw_rsec *s, const rw_report *r);
void rw_rsec_thresholds(rw_rsec *s, const rw_report *r);
void rw_rsec_budget(rw_rsec *s, const rw_report *r);
void rw_rsec_weekly(rw_rsec *s, const rw_report *r);
void rw_rsec_anomalies(rw_rsec *s, const rw_report *r);
void rw_rsec_method(rw_rsec *s, const rw_report *r);
void rw_rsec_quality(rw_rsec *s, const rw_report *r);
/* Section i (0 balance .. RW_RSEC_COUNT - 1 quality) in report order. */
void rw_rsec_build(rw_rsec *s, const rw_report *r, int i);

/* The report's title, or "Consumption report" when it has none. */
const char *rw_report_title(const rw_report *r);

/* ---- Drawing ------------------------------------------------------------- */

/* How one form writes text: markup around the runs (in bit order of
 * RW_RSPAN_RUNS), a line break, and its output functions; ctx is the
 * writer's own state. */
typedef struct rw_rmarkup {
    const char *open[RW_RSPAN_NRUNS];
    const char *close[RW_RSPAN_NRUNS];
    const char *line_break;
    void (*put)(void *ctx, const char *raw);  /* as is */
    void (*esc)(void *ctx, const char *text); /* escaped */
    void (*flag)(void *ctx, const char *text, int solid);
} rw_rmarkup;

/* Writes text t of s through m. */
void rw_rtext_render(const rw_rsec *s, rw_rtext t, const rw_rmarkup *m, void *ctx);

/* Draws one block; returns RW_OK or a status that stops the section. */
typedef rw_status (*rw_rblock_fn)(void *ctx, const rw_rsec *s, const rw_rblock *b);

/* A writer's drawing of blocks: its form and one function per kind (NULL:
 * the kind is not drawn). */
typedef struct rw_rrender {
    unsigned form;
    rw_rblock_fn draw[RW_RBLOCK_NKINDS];
} rw_rrender;

/* Draws the blocks of s that ops->form shows, in order. Returns RW_OK or
 * the first other status of a draw function. */
rw_status rw_rsec_render(const rw_rsec *s, const rw_rrender *ops, void *ctx);

#endif
