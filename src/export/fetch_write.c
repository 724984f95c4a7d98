/* fetch_write.c: the lines of a fetch (fetch_write.h). */
#include <stdlib.h>
#include "export/fetch_write.h"
#include "export/json_out.h"
#include "util/safe_text.h"

rw_status rw_fetch_result_add(rw_fetch_result *r, const rw_fetch_line *l, rw_error *err)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 8;
        rw_fetch_line *nl = realloc(r->line, cap * sizeof *nl);
        if (!nl) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
        r->line = nl;
        r->cap = cap;
    }
    r->line[r->n++] = *l;
    return RW_OK;
}

void rw_fetch_result_free(rw_fetch_result *r)
{
    if (!r) return;
    free(r->line);
    free(r);
}

rw_status rw_fetch_result_write(const rw_fetch_result *r, FILE *out, rw_error *err)
{
    for (size_t i = 0; r && i < r->n; i++) {
        const rw_fetch_line *l = &r->line[i];
        char w[512]; /* may name data (a month, an account): shown escaped */
        const char *what = rw_text_esc(l->what, w, sizeof w);
        if (l->unchanged) fprintf(out, "%s: unchanged since the last fetch\n", what);
        else
            fprintf(out, "%s: %ld rows: %ld charges, %ld balances, %ld rejected%s\n", what,
                    l->rows, l->charges, l->balances, l->rejected,
                    l->replaced ? " (replaces the previous fetch)" : "");
    }
    return rw_stream_status(out, err);
}
