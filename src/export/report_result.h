/* report_result.h: a report written to a folder (the struct behind
 * runway.h's rw_report_result): where it is and what it says, for the
 * lines `report` and `demo` print. */
#ifndef RW_REPORT_RESULT_H
#define RW_REPORT_RESULT_H

#include <limits.h>
#include "export/report.h"

struct rw_report_result {
    char out[PATH_MAX];       /* the folder */
    char page[32];            /* the HTML page's name ("report.html") */
    rw_report *r;             /* owned */
    int demo;                 /* made by rw_demo: the lines say what was ingested */
    char data[PATH_MAX];      /* demo: the sample data folder */
    char db[PATH_MAX];        /* demo: the store */
    rw_report_result *next;   /* owned: demo: the next account's report, or NULL */
};

#endif
