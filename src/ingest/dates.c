/* dates.c: deciding the day/month order of a CSV bill's slash dates from
 * the file's own dates (dates.h), and reading timestamps with it. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "ingest/columns.h"
#include "ingest/dates.h"
#include "util/timeutil.h"

static void keep_example(char *dst, size_t size, const char *s, size_t n)
{
    if (dst[0]) return;
    if (n >= size) n = size - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

void rw_date_evidence_add(rw_date_evidence *ev, const char *s, size_t n, int period)
{
    int a, b;
    if (!rw_time_slash_parts(s, n, &a, &b) || a < 1 || b < 1 || (a > 12 && b > 12)) return;
    if (a > 12) {
        ev->dmy++;
        keep_example(ev->dmy_example, sizeof ev->dmy_example, s, n);
    } else if (b > 12) {
        ev->mdy++;
        keep_example(ev->mdy_example, sizeof ev->mdy_example, s, n);
    } else if (a == b) {
        /* the same date in either order: no evidence, no doubt */
    } else if (period && b == 1) {
        ev->period_mdy++; /* "9/1/2024": September 1st, a period start */
    } else if (period && a == 1) {
        ev->period_dmy++; /* "1/9/2024": 1 September */
    } else {
        ev->ambiguous++;
        keep_example(ev->ambiguous_example, sizeof ev->ambiguous_example, s, n);
    }
}

rw_status rw_date_evidence_decide(const rw_date_evidence *ev, rw_date_order *out, char *why,
                                  size_t whysz)
{
    if (ev->dmy && ev->mdy) {
        snprintf(why, whysz,
                 "dates in both orders: '%s' is day/month/year and '%s' month/day/year; "
                 "choose one with --date-order dmy or --date-order mdy",
                 ev->dmy_example, ev->mdy_example);
        return RW_EFORMAT;
    }
    if (ev->dmy || ev->mdy) {
        *out = ev->dmy ? RW_DATE_DMY : RW_DATE_MDY;
        return RW_OK;
    }
    if (ev->period_dmy && ev->period_mdy) {
        snprintf(why, whysz,
                 "billing periods start on the 1st in both date orders; choose one with "
                 "--date-order mdy or --date-order dmy");
        return RW_EFORMAT;
    }
    if (ev->period_dmy || ev->period_mdy) {
        *out = ev->period_dmy ? RW_DATE_DMY : RW_DATE_MDY;
        return RW_OK;
    }
    if (ev->ambiguous) {
        snprintf(why, whysz,
                 "cannot tell whether '%s' is month/day/year or day/month/year (no day in the "
                 "file is over 12); say which with --date-order mdy or --date-order dmy",
                 ev->ambiguous_example);
        return RW_EFORMAT;
    }
    *out = RW_DATE_AUTO; /* nothing needs an order */
    return RW_OK;
}

#define DATES_MAX_COLS 16

/* Adds the header columns named in `names` (ignoring case) to cols[]. */
static size_t find_cols(rw_csv *c, const char *const *names, int period, int *cols, int *is_period,
                        size_t k)
{
    for (; names && *names; names++)
        for (size_t f = 0; f < c->nfields && k < DATES_MAX_COLS; f++) {
            size_t l;
            const char *s = rw_csv_field(c, f, &l);
            while (l && *s == ' ') s++, l--;
            while (l && s[l - 1] == ' ') l--;
            if (l == strlen(*names) && strncasecmp(s, *names, l) == 0) {
                cols[k] = (int)f;
                is_period[k++] = period;
                break;
            }
        }
    return k;
}

/* Adds the date columns' values of the records buffered in c's input (up
 * to `most` of them) to `ev`, with a throwaway reader over a copy of the
 * input that ends at the last whole line buffered: it never refills, so
 * nothing is consumed. *slash: a value had a '/'. */
static void scan(const rw_csv *c, const int *cols, const int *is_period, size_t k, long most,
                 rw_date_evidence *ev, int *slash)
{
    rw_input w = *c->in;
    w.reader = NULL;
    if (!w.eof)
        while (w.len > w.pos && w.buf[w.len - 1] != '\n') w.len--;
    w.eof = 1;
    rw_csv t;
    rw_csv_init(&t, &w, c->delim);
    rw_error scratch; /* a record cut by the window's end: not an error here */
    rw_error_clear(&scratch);
    for (long n = 0; n < most;) {
        /* A record cut by the window's end fails to scan: the window ends. */
        if (rw_csv_next(&t, &scratch) != RW_OK || (t.nfields == 0 && !t.bad)) break;
        if (t.bad || t.nfields != c->nfields) continue;
        n++;
        for (size_t i = 0; i < k; i++) {
            const char *v = rw_field(&t, cols[i]);
            if (strchr(v, '/')) *slash = 1;
            rw_date_evidence_add(ev, v, strlen(v), is_period[i]);
        }
    }
    rw_csv_cleanup(&t);
}

rw_status rw_dates_init(rw_dates *d, rw_csv *c, const char *const *date_cols,
                        const char *const *period_cols, const rw_ingest_opts *opts,
                        int64_t naive, rw_error *err)
{
    d->naive = naive;
    d->order = opts->date_order;
    if (d->order != RW_DATE_AUTO) return RW_OK;
    int cols[DATES_MAX_COLS], is_period[DATES_MAX_COLS];
    size_t k = find_cols(c, date_cols, 0, cols, is_period, 0);
    k = find_cols(c, period_cols, 1, cols, is_period, k);
    if (k == 0) return RW_OK;
    rw_date_evidence ev;
    memset(&ev, 0, sizeof ev);
    int slash = 0;
    /* One writer writes every date of a file alike: when the first rows'
     * dates are ISO, the look-ahead (and its memory) is not needed; a slash
     * date further on is still read when unambiguous (rw_dates_read). */
    scan(c, cols, is_period, k, 8, &ev, &slash);
    if (!slash) return RW_OK;
    rw_status st = rw_input_fill_ahead(c->in, RW_DATES_WINDOW, err);
    if (st != RW_OK) return st;
    memset(&ev, 0, sizeof ev);
    scan(c, cols, is_period, k, LONG_MAX, &ev, &slash);
    char why[320];
    if (rw_date_evidence_decide(&ev, &d->order, why, sizeof why) != RW_OK)
        return rw_error_set(err, RW_EFORMAT, c->in->name, 0, "%s", why);
    return RW_OK;
}

static const char *order_text(rw_date_order o)
{
    return o == RW_DATE_MDY ? "month/day/year" : "day/month/year";
}

const char *rw_dates_read(const rw_dates *d, const char *label, const char *s, int64_t *out,
                          char *why, size_t whysz)
{
    size_t n = strlen(s);
    if (rw_time_parse_order(s, n, d->naive, d->order, out) == RW_OK) return NULL;
    int a, b;
    int slash = rw_time_slash_parts(s, n, &a, &b) && a >= 1 && b >= 1;
    if (slash && d->order != RW_DATE_AUTO && (a > 12) != (b > 12) &&
        (d->order == RW_DATE_MDY) == (a > 12))
        snprintf(why, whysz, "%s '%.40s' is %s, but this file's dates are %s", label, s,
                 order_text(d->order == RW_DATE_MDY ? RW_DATE_DMY : RW_DATE_MDY),
                 order_text(d->order));
    else if (slash && d->order == RW_DATE_AUTO && a <= 12 && b <= 12 && a != b)
        snprintf(why, whysz, "%s '%.40s' may be month/day or day/month (use --date-order)",
                 label, s);
    else
        snprintf(why, whysz, "%s '%.40s' is not a timestamp", label, s);
    return why;
}
