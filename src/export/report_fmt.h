/* report_fmt.h: private helpers shared by the report writers (report_text.c
 * implements them; report_html.c and report_md.c use them).
 *
 * Numbers are formatted for people: money with 2 decimals and thousands
 * separators ("12,345.67"), percentages with 0 decimals, "n/a" for NaN or
 * infinite values, never "-0.00". Sentences are plain UTF-8 text that each
 * writer escapes for its own markup. Output goes through an rw_report_out, which
 * checks every write and remembers the first failure (with its errno), so
 * a writer can stop early and report RW_EIO once. */
#ifndef RW_REPORT_FMT_H
#define RW_REPORT_FMT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include "export/report.h"

/* Summary lines are shortened (less detail) until they fit in this many
 * characters (code points), when a shorter form exists. */
#define RW_REPORT_SUMMARY_MAX_CHARS 110
/* Buffer size that holds any summary line or sentence built here. */
#define RW_REPORT_LINE_SIZE 512
/* Buffer size for one formatted number. */
#define RW_REPORT_NUM_SIZE 64

/* ---- Output with checked writes ---------------------------------------- */

typedef struct rw_report_out {
    FILE *f;    /* where to write; not owned */
    int failed; /* a write failed: further writes are skipped */
    int err_no; /* errno of the first failure (0 unknown) */
} rw_report_out;

void rw_report_out_init(rw_report_out *s, FILE *f);
/* Writes `text` (NULL writes nothing). Returns 0, or -1 once failed. */
int rw_report_out_puts(rw_report_out *s, const char *text);
/* Writes `n` bytes of `data`. */
int rw_report_out_write(rw_report_out *s, const void *data, size_t n);
int rw_report_out_printf(rw_report_out *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Flushes, checks the stream's error flag, and returns RW_OK or RW_EIO with
 * "writing WHAT: reason" in err. */
rw_status rw_report_out_finish(rw_report_out *s, const char *what, rw_error *err);

/* ---- Pieces of HTML pages in the report's style (report_html.c) ------- */

/* The page up to <main>: doctype, language, the head with the same
 * Content-Security-Policy and stylesheet as the report, `title` escaped. */
void rw_html_begin(rw_report_out *o, rw_lang lang, const char *title);
/* Text from data, HTML-escaped as in the report (unsafe characters
 * visible), isolated in <bdi> when it has characters beyond ASCII. */
void rw_html_text(rw_report_out *o, const char *text);
/* charts_dir/NAME.svg embedded as an <img> as in the report, or a visible
 * note when it cannot be read. RW_ENOMEM only. */
rw_status rw_html_chart(rw_report_out *o, const char *charts_dir, const char *name,
                        const char *alt, const char *caption);
/* A footer with `footer` escaped, and the end of the page. */
void rw_html_end(rw_report_out *o, const char *footer);

/* ---- Growing a plain-text line in a fixed buffer ------------------------ */

typedef struct rw_line {
    char *buf;     /* caller's buffer, always NUL-terminated */
    size_t size;   /* its size, > 0 */
    size_t len;    /* bytes used */
    int truncated; /* something did not fit */
} rw_line;

void rw_line_init(rw_line *l, char *buf, size_t size);
void rw_line_add(rw_line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Number of UTF-8 code points in `s`. */
size_t rw_utf8_chars(const char *s);
/* Copies `src` into `dst` (size bytes) keeping whole UTF-8 characters, and
 * ends with "…" when more than `max_chars` characters had to be cut. */
void rw_utf8_clip(char *dst, size_t size, const char *src, size_t max_chars);

/* ---- Numbers ------------------------------------------------------------ */

/* 2 decimals, thousands separators: "-12,345.67"; "n/a" when not finite. */
void rw_fmt_money(double v, char *out, size_t size);
/* Same with a leading '+' for positive values: "+356.50". */
void rw_fmt_money_signed(double v, char *out, size_t size);
/* 0 decimals, thousands separators: "18,933". */
void rw_fmt_money0(double v, char *out, size_t size);
/* A percentage already in percent (12.4 -> "12%"); `sign` adds '+' when
 * positive. "n/a" when not finite. */
void rw_fmt_pct(double pct, int sign, char *out, size_t size);
/* A probability or share in [0, 1] as a percentage: "0%", "<1%", "64%",
 * ">99%", "100%" (only exact 0 and 1 print as 0% and 100%). */
void rw_fmt_prob(double p, char *out, size_t size);
/* A share (may exceed 1 or be negative): 1.0 -> "100%". */
void rw_fmt_share(double p, char *out, size_t size);
/* Days: "7" when whole, else one decimal "6.5"; "n/a" when not finite. */
void rw_fmt_days(double d, char *out, size_t size);
/* An ISO time "2024-10-17T00:00:00Z" as "2024-10-17 00:00 UTC"; a plain
 * date is copied; "" stays "". */
void rw_fmt_when(const char *iso, char *out, size_t size);
/* The period of the budget: "October 2024" for a whole calendar month,
 * else "2024-10-05 – 2024-10-20"; `short_month` gives "October". */
void rw_fmt_period(const rw_report *r, int short_month, char *out, size_t size);
/* "day"/"days" by count. */
const char *rw_plural_days(long n);

/* Whether the chart name is usable as a file name ([A-Za-z0-9_-], 1..63). */
int rw_report_chart_name_ok(const char *name);

/* ---- Sentences shared by the HTML and Markdown forms --------------------- */

/* One line explaining threshold i of r (plain text). */
void rw_report_threshold_explain(const rw_report *r, size_t i, char *out, size_t size);
/* Whether the balance is already below threshold i. */
int rw_report_threshold_crossed(const rw_report *r, size_t i);
/* Level name with a capital letter ("Blue"); unknown names are copied. */
void rw_report_level_label(const char *level, char *out, size_t size);
/* The same in `lang` ("蓝色" in Chinese, where letters have no case). */
void rw_report_level_label_in(rw_lang lang, const char *level, char *out, size_t size);
/* Display name of a series/breakdown value; "(none)" for "". */
const char *rw_report_name_or(const char *name, const char *fallback);
/* "Service" from r->by ("service"), "Series" when empty. */
void rw_report_by_label(const rw_report *r, char *out, size_t size);

#endif
