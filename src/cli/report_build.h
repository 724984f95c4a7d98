/* report_build.h: gathers everything the report shows (export/report.h)
 * from the store, with the very functions the runout, thresholds, budget,
 * forecast and anomalies commands use (plan_common.h), so the report and
 * those commands' JSON agree number for number; and draws its charts. */
#ifndef RW_REPORT_BUILD_H
#define RW_REPORT_BUILD_H

#include "cli/plan_common.h"
#include "export/report.h"

typedef struct report_opts {
    plan_config p;          /* store selection (account, currency), seed, paths */
    const char *policy;     /* arrears policy: a built-in name or a JSON file */
    double budget;          /* monthly budget; <= 0: none */
    const char *by;         /* breakdown of the capacity view, e.g. "service" */
    const char *charts_dir; /* where to draw the charts; NULL: no charts */
    size_t jobs;            /* threads for replays and anomalies; 0: one per processor */
} report_opts;

/* Fills *r from the store. Parts that cannot be computed (no balance, too
 * little history for a replay, no gnuplot) are left out with a note in r;
 * errors that stop the report are printed. Returns an exit code. */
int rw_report_gather(rw_cli *cli, report_opts *o, rw_report *r);

#endif
