/* dates.h: the day/month order of a CSV bill's slash dates ("9/10/2024"),
 * decided once per file from the file's own dates, and reading its
 * timestamps with that order.
 *
 * One writer (a spreadsheet, an Azure export) writes every date of a file
 * in one locale, so all date columns are evidence together: a first part
 * over 12 can only be a day (D/M/Y), a second part over 12 only a day
 * (M/D/Y). Without such a value, billing-period columns decide: a billing
 * period starts on the 1st of a month, so "9/1/2024" there is M/D/Y and
 * "1/9/2024" D/M/Y. Dates whose day equals their month read the same either
 * way. Anything else is truly ambiguous and the file is refused, naming
 * --date-order. The evidence is read from the buffered start of the input
 * (RW_DATES_WINDOW bytes after the header), consuming nothing, when the
 * first rows' dates have slashes at all (ISO files skip it). */
#ifndef RW_DATES_H
#define RW_DATES_H

#include <stddef.h>
#include <stdint.h>
#include "ingest/csv.h"
#include "ingest/ingest.h"

/* Bytes of data rows examined to decide the order (the buffer grows to
 * hold them; memory stays bounded whatever the file's size). */
#define RW_DATES_WINDOW (8u << 20)

/* Evidence gathered from date values; zero-initialise. */
typedef struct rw_date_evidence {
    long dmy;             /* values only D/M/Y can read (first part > 12) */
    long mdy;             /* values only M/D/Y can read (second part > 12) */
    long period_dmy;      /* period values "1/M/Y" with M != 1 */
    long period_mdy;      /* period values "M/1/Y" with M != 1 */
    long ambiguous;       /* values both orders read, differently */
    char dmy_example[24]; /* first value of each kind, for messages */
    char mdy_example[24];
    char ambiguous_example[24];
} rw_date_evidence;

/* Adds one value (n bytes). `period` is 1 when it comes from a billing-
 * period column, whose dates fall on the 1st of a month. */
void rw_date_evidence_add(rw_date_evidence *ev, const char *s, size_t n, int period);

/* Decides the order from `ev`: RW_DATE_MDY, RW_DATE_DMY, or RW_DATE_AUTO
 * when no value needs an order. RW_EFORMAT with `why` (a sentence naming
 * --date-order) when the values contradict each other or are ambiguous. */
rw_status rw_date_evidence_decide(const rw_date_evidence *ev, rw_date_order *out, char *why,
                                  size_t whysz);

/* How one file's timestamps are read. */
typedef struct rw_dates {
    int64_t naive;       /* seconds east of UTC of zone-less timestamps */
    rw_date_order order; /* order of slash dates; AUTO: only unambiguous ones */
} rw_dates;

/* Decides the order for the CSV `c` whose header record was just read
 * (`date_cols` and `period_cols` are NULL-terminated header names, matched
 * ignoring case; period columns are those that hold the first day of a
 * month). A forced order (opts->date_order) is taken as given. Reads ahead
 * into the input's buffer without consuming, so pointers into the header
 * record are stale afterwards. RW_EFORMAT (file-level, naming
 * --date-order) when the order cannot be decided. */
rw_status rw_dates_init(rw_dates *d, rw_csv *c, const char *const *date_cols,
                        const char *const *period_cols, const rw_ingest_opts *opts,
                        int64_t naive, rw_error *err);

/* Reads the timestamp `s` of column `label` into *out. Returns NULL, or a
 * reject reason written into `why` ("is not a timestamp", or why a slash
 * date does not fit the file's order). */
const char *rw_dates_read(const rw_dates *d, const char *label, const char *s, int64_t *out,
                          char *why, size_t whysz);

#endif
