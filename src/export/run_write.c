/* run_write.c: the output of an unattended run: each step's own lines,
 * then "run: STEP done" when it succeeded (runway.h rw_run_result_write). */
#include <stdlib.h>
#include "export/json_out.h"
#include "export/run_write.h"

const char *rw_run_step_name(int i)
{
    static const char *const names[RW_STEPS] = {"fetch", "forecast", "notify", "report"};
    return names[i];
}

void rw_run_result_free(rw_run_result *r)
{
    if (!r) return;
    rw_fetch_result_free(r->fetch);
    rw_alert_run_free(r->alerts);
    rw_report_result_free(r->report);
    free(r);
}

rw_status rw_run_result_write(const rw_run_result *r, int quiet, int verbose, FILE *out,
                              rw_error *err)
{
    rw_status st = RW_OK;
    for (int i = 0; i < RW_STEPS && st == RW_OK; i++) {
        if (!r->ran[i]) continue;
        if (i == RW_STEP_FETCH && r->fetch && !quiet)
            st = rw_fetch_result_write(r->fetch, RW_OUT_TEXT, out, err);
        if (i == RW_STEP_NOTIFY && r->alerts)
            st = rw_alert_run_write(r->alerts, quiet, verbose, out, err);
        if (i == RW_STEP_REPORT && r->report && !quiet)
            st = rw_report_result_write(r->report, out, err);
        if (r->status[i] == RW_OK && !quiet)
            fprintf(out, "run: %s done (%.1f s)\n", rw_run_step_name(i), r->seconds[i]);
    }
    return st == RW_OK ? rw_stream_status(out, err) : st;
}
