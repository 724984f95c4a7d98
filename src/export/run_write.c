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

rw_status rw_run_result_write(const rw_run_result *r, FILE *out, rw_error *err)
{
    rw_error werr;
    for (int i = 0; i < RW_STEPS; i++) {
        if (!r->ran[i]) continue;
        rw_error_clear(&werr);
        if (i == RW_STEP_FETCH && r->fetch && !r->quiet) rw_fetch_result_write(r->fetch, out, &werr);
        if (i == RW_STEP_NOTIFY && r->alerts) rw_alert_run_write(r->alerts, out, &werr);
        if (i == RW_STEP_REPORT && r->report && !r->quiet)
            rw_report_result_write(r->report, out, &werr);
        if (r->status[i] == RW_OK && !r->quiet) fprintf(out, "run: %s done\n", rw_run_step_name(i));
    }
    return rw_stream_status(out, err);
}
