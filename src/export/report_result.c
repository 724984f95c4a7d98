/* report_result.c: the lines printed after a report was written
 * (runway.h rw_report_result_write). */
#include <stdlib.h>
#include "export/json_out.h"
#include "export/report_result.h"
#include "util/lang.h"
#include "util/safe_text.h"

void rw_report_result_free(rw_report_result *r)
{
    if (!r) return;
    rw_report_result_free(r->next);
    free(r->r);
    free(r);
}

rw_status rw_report_result_write(const rw_report_result *r, FILE *out, rw_error *err)
{
    /* Paths and the summary lines quote data: shown escaped (safe_text.h). */
    char line[400], a[1024], b[1024];
    if (r->demo)
        fprintf(out, "ingesting the sample data from %s into %s\n", rw_text_esc(r->data, a, sizeof a),
                rw_text_esc(r->db, b, sizeof b));
    fprintf(out, rw_tr(r->r->lang, "report: %s/%s (and report.md, summary.json%s)\n"),
            rw_text_esc(r->out, a, sizeof a), r->page, r->r->charts_note[0] ? "" : ", charts/");
    for (int i = 0; i < 5; i++) {
        rw_report_summary_line(r->r, i, line, sizeof line);
        fputs("  ", out);
        rw_text_fput(line, out);
        fputc('\n', out);
    }
    if (r->next) return rw_report_result_write(r->next, out, err);
    return rw_stream_status(out, err);
}
