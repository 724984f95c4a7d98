/* series_csv.c: the plain series file, header "series,timestamp,value".
 *
 * Timestamps are YYYY-MM-DD or ISO 8601 (UTC unless a zone is given). A value
 * may be empty, which records an explicit gap (NaN), not a zero. */
#include <math.h>
#include <string.h>
#include "ingest/columns.h"
#include "ingest/csv.h"
#include "ingest/ingest.h"
#include "util/num.h"
#include "util/timeutil.h"

rw_status rw_parse_series(rw_input *in, const rw_ingest_opts *opts, rw_sink *sink, rw_error *err)
{
    rw_csv c;
    rw_csv_init(&c, in, in->delim);
    int64_t naive = rw_ingest_naive_offset(opts, RW_FMT_SERIES);
    rw_status st = rw_csv_next(&c, err);
    if (st != RW_OK) goto out;
    if (c.nfields != 3 || rw_csv_find(&c, "series") != 0 || rw_csv_find(&c, "timestamp") != 1 ||
        rw_csv_find(&c, "value") != 2) {
        st = rw_error_set(err, RW_EFORMAT, in->name, c.line,
                          "the header must be exactly series,timestamp,value");
        goto out;
    }
    for (;;) {
        st = rw_csv_next(&c, err);
        if (st != RW_OK) goto out;
        if (c.nfields == 0 && !c.bad) break;
        sink->row(sink->ctx);
        rw_point p;
        const char *ts, *val;
        if (c.bad) {
            st = rw_reject_record(sink, &c, "%s", c.bad);
        } else if (c.nfields != 3) {
            st = rw_reject_record(sink, &c, "row has %zu fields; expected 3", c.nfields);
        } else if (!*(p.series = rw_field(&c, 0))) {
            st = rw_reject_record(sink, &c, "series name is empty");
        } else if (strlen(p.series) > RW_SERIES_NAME_MAX) {
            st = rw_reject_record(sink, &c, "series name is longer than %d bytes",
                                  RW_SERIES_NAME_MAX);
        } else if (ts = rw_field(&c, 1), rw_time_parse(ts, strlen(ts), naive, &p.t) != RW_OK) {
            st = rw_reject_record(sink, &c, "timestamp '%.40s' is not a date or ISO 8601 time", ts);
        } else if (!*(val = rw_field(&c, 2))) {
            p.value = NAN;
            st = sink->point(sink->ctx, c.line, &p);
        } else if (rw_parse_double(val, &p.value) != RW_OK) {
            st = rw_reject_record(sink, &c, "value '%.40s' is not a finite number", val);
        } else if (fabs(p.value) > RW_POINT_MAX) {
            st = rw_reject_record(sink, &c, "value '%.40s' is beyond +-%g", val, RW_POINT_MAX);
        } else {
            st = sink->point(sink->ctx, c.line, &p);
        }
        if (st != RW_OK) goto out;
    }
out:
    rw_csv_cleanup(&c);
    return st;
}
