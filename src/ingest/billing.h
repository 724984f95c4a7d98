/* billing.h: what the bill parsers (FOCUS, AWS CUR, Tencent Cloud CSV and
 * API) share about a charge's money and metadata:
 *   - which fields a row cannot do without (start, billed amount,
 *     currency: a bad one rejects the row) and which are optional metadata
 *     (a bad one is dropped and the row kept with a warning, collected
 *     here and emitted only once the row is known to be kept);
 *   - the billing period a charge belongs to when the bill does not say;
 *   - the --currency option for bills without a currency column. */
#ifndef RW_BILLING_H
#define RW_BILLING_H

#include <stdint.h>
#include "ingest/csv.h"
#include "ingest/dates.h"
#include "ingest/ingest.h"

/* Most warnings kept for one row; more are counted in `dropped`. */
#define RW_ROW_WARN_MAX 8
/* Longest warning text, bytes with the NUL. */
#define RW_ROW_WARN_LEN 200

/* Warnings about one row (caller-owned; zero it, or rw_row_warn_init). */
typedef struct rw_row_warnings {
    int n;                                       /* entries in text */
    int dropped;                                 /* warnings beyond RW_ROW_WARN_MAX */
    char text[RW_ROW_WARN_MAX][RW_ROW_WARN_LEN]; /* one reason each */
} rw_row_warnings;

static inline void rw_row_warn_init(rw_row_warnings *w)
{
    w->n = 0;
    w->dropped = 0;
}

/* Adds a printf-style warning to `w`. */
void rw_row_warn(rw_row_warnings *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Stores the charge of CSV record `c`, kept: first its warnings, then
 * the charge. Returns the sink's status. */
rw_status rw_keep_row(rw_sink *sink, const rw_csv *c, const rw_row_warnings *w,
                      const rw_charge *ch);

/* The end of a charge starting at `start`, from the text `s` of column
 * `label` (read with `d`) into *end: the start itself when `s` is empty,
 * and with a warning added to `w` when it is not a timestamp or lies
 * before the start (which `start_label` names). Returns 0 after such a
 * warning, else 1. */
int rw_row_end(const rw_dates *d, const char *label, const char *start_label, const char *s,
               int64_t start, int64_t *end, rw_row_warnings *w);

/* Reads an optional amount of column `label` from text `s`: NaN when empty;
 * NaN plus a warning "LABEL 'VALUE' is not a number; dropped" when it is not
 * a number (an optional amount never costs the row its billed cost). */
double rw_opt_amount_warn(const char *s, const char *label, rw_row_warnings *w);

/* The first instant (UTC epoch seconds) of the calendar month that holds
 * `t`, months being counted at `offset` seconds east of UTC: the billing
 * period of a charge whose bill does not name one. */
int64_t rw_month_start(int64_t t, int64_t offset);

/* The billing-period column of one file, read once per distinct text:
 * every row of an export repeats the same few periods. Zero it. */
typedef struct rw_period_memo {
    char text[40];  /* the text read last ("": none) */
    int64_t value;  /* what it read as */
} rw_period_memo;

/* The billing period of a charge starting at `start`: the period column's
 * text `s` (column `label`) read with `d`, or, when `s` is empty or not a
 * timestamp (a warning then), the month of `start` in the file's zone. */
int64_t rw_row_period(rw_period_memo *m, const rw_dates *d, const char *label, const char *s,
                      int64_t start, rw_row_warnings *w);

/* The ingest option --currency as an upper-case ISO 4217 code in `code`
 * ("" when not given). RW_EINVAL when it is not three letters. */
rw_status rw_currency_option(const rw_ingest_opts *o, char code[4], rw_error *err);

#endif
