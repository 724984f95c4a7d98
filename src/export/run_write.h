/* run_write.h: what an unattended run did (the struct behind runway.h's
 * rw_run_result): each step's status and output, in order. */
#ifndef RW_RUN_WRITE_H
#define RW_RUN_WRITE_H

#include "alert/deliver.h"
#include "export/fetch_write.h"
#include "export/report_result.h"

/* The steps of a run, in order. */
enum { RW_STEP_FETCH, RW_STEP_FORECAST, RW_STEP_NOTIFY, RW_STEP_REPORT, RW_STEPS };

struct rw_run_result {
    int ran[RW_STEPS];          /* the step was run */
    rw_status status[RW_STEPS]; /* and how it ended */
    double seconds[RW_STEPS];   /* and how long it took (wall clock) */
    rw_fetch_result *fetch;     /* owned, or NULL */
    rw_alert_run *alerts;       /* owned, or NULL */
    rw_report_result *report;   /* owned, or NULL */
};

/* The name of step i: fetch, forecast, notify, report. */
const char *rw_run_step_name(int i);

#endif
