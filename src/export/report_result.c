/* report_result.c: the lines printed after a report was written
 * (runway.h rw_report_result_write). */
#include <stdlib.h>
#include "export/json_out.h"
#include "export/report_result.h"
#include "util/lang.h"

void rw_report_result_free(rw_report_result *r)
{
    if (!r) return;
    rw_report_result_free(r->next);
    free(r->r);
    free(r);
}

rw_status rw_report_result_write(const rw_report_result *r, FILE *out, rw_error *err)
{
    char line[400];
    if (r->demo) fprintf(out, "ingesting the sample data from %s into %s\n", r->data, r->db);
    fprintf(out, rw_tr(r->r->lang, "report: %s/report.html (and report.md, summary.json%s)\n"),
            r->out, r->r->charts_note[0] ? "" : ", charts/");
    for (int i = 0; i < 5; i++) {
        rw_report_summary_line(r->r, i, line, sizeof line);
        fprintf(out, "  %s\n", line);
    }
    if (r->next) return rw_report_result_write(r->next, out, err);
    return rw_stream_status(out, err);
}
