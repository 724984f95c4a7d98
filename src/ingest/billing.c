/* billing.c: row warnings, default billing periods and the --currency
 * option shared by the bill parsers (see billing.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "ingest/billing.h"
#include "ingest/columns.h"
#include "util/num.h"
#include "util/timeutil.h"

void rw_row_warn(rw_row_warnings *w, const char *fmt, ...)
{
    if (w->n >= RW_ROW_WARN_MAX) {
        w->dropped++;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->text[w->n++], RW_ROW_WARN_LEN, fmt, ap);
    va_end(ap);
}

rw_status rw_keep_row(rw_sink *sink, const rw_csv *c, const rw_row_warnings *w,
                      const rw_charge *ch)
{
    rw_status st = RW_OK;
    for (int i = 0; i < w->n && st == RW_OK; i++) st = rw_warn_record(sink, c, "%s", w->text[i]);
    return st == RW_OK ? sink->charge(sink->ctx, c->line, ch) : st;
}

int rw_row_end(const rw_dates *d, const char *label, const char *start_label, const char *s,
               int64_t start, int64_t *end, rw_row_warnings *w)
{
    char why[120];
    *end = start;
    if (!*s) return 1;
    if (rw_dates_read(d, label, s, end, why, sizeof why)) {
        rw_row_warn(w, "%s; end taken as the start", why);
    } else if (*end < start) {
        rw_row_warn(w, "%s '%.40s' is before %s; end taken as the start", label, s, start_label);
    } else {
        return 1;
    }
    *end = start;
    return 0;
}

double rw_opt_amount_warn(const char *s, const char *label, rw_row_warnings *w)
{
    int bad = 0;
    double v = rw_opt_amount(s, &bad);
    if (!bad) return v;
    rw_row_warn(w, "%s '%.40s' is not a number; dropped", label, s);
    return NAN;
}

int64_t rw_month_start(int64_t t, int64_t offset)
{
    int64_t local = t + offset;
    int64_t days = local >= 0 ? local / RW_DAY : -((-local + RW_DAY - 1) / RW_DAY);
    int64_t y;
    int m, d;
    rw_civil_from_days(days, &y, &m, &d);
    return rw_days_from_civil(y, m, 1) * RW_DAY - offset;
}

int64_t rw_row_period(rw_period_memo *m, const rw_dates *d, const char *label, const char *s,
                      int64_t start, rw_row_warnings *w)
{
    if (!*s) return rw_month_start(start, d->naive);
    if (m->text[0] && strcmp(s, m->text) == 0) return m->value;
    char why[120];
    int64_t v;
    if (rw_dates_read(d, label, s, &v, why, sizeof why)) {
        rw_row_warn(w, "%s; the month of the charge start used", why);
        return rw_month_start(start, d->naive);
    }
    if (strlen(s) < sizeof m->text) {
        memcpy(m->text, s, strlen(s) + 1);
        m->value = v;
    }
    return v;
}

rw_status rw_currency_option(const rw_ingest_opts *o, char code[4], rw_error *err)
{
    code[0] = '\0';
    if (!o->currency || !*o->currency) return RW_OK;
    if (strlen(o->currency) != 3)
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "--currency '%.40s' is not an ISO 4217 code (three letters)",
                            o->currency);
    memcpy(code, o->currency, 4);
    if (!rw_currency_norm(code)) {
        code[0] = '\0';
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "--currency '%.40s' is not an ISO 4217 code (three letters)",
                            o->currency);
    }
    return RW_OK;
}
