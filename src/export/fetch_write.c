/* fetch_write.c: the lines of a fetch (fetch_write.h). */
#include <stdlib.h>
#include <string.h>
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

rw_fetch_member *rw_fetch_result_member(rw_fetch_result *r, const char *account, rw_error *err)
{
    for (size_t i = 0; i < r->nmembers; i++)
        if (!strcmp(r->member[i].account, account)) return &r->member[i];
    if (r->nmembers == r->capmembers) {
        size_t cap = r->capmembers ? 2 * r->capmembers : 8;
        rw_fetch_member *nm = realloc(r->member, cap * sizeof *nm);
        if (!nm) {
            rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
            return NULL;
        }
        r->member = nm;
        r->capmembers = cap;
    }
    rw_fetch_member *m = &r->member[r->nmembers++];
    memset(m, 0, sizeof *m);
    snprintf(m->account, sizeof m->account, "%s", account);
    return m;
}

void rw_fetch_result_free(rw_fetch_result *r)
{
    if (!r) return;
    free(r->line);
    free(r->member);
    free(r);
}

static const char *const balance_state[] = {"not fetched", "fetched", "no profile", "failed"};

/* A member's line: its rows, then its balance or why there is none. */
static void member_text(const rw_fetch_member *m, FILE *out)
{
    char a[RW_ACCOUNT_MAX * 4 + 8], e[RW_ERROR_TEXT * 2]; /* data: shown escaped */
    const char *account = rw_text_esc(m->account, a, sizeof a);
    fprintf(out, "member %s: %zu items, %ld rows stored", account, m->items, m->rows);
    if (m->balance == RW_FETCH_BALANCE_FETCHED)
        fprintf(out, "; balance %.2f %s", m->amount, m->currency);
    else if (m->balance == RW_FETCH_BALANCE_NO_PROFILE)
        fprintf(out, "; no profile %s in the credentials file: bills only", account);
    if (m->error[0]) fprintf(out, "; FAILED: %s", rw_text_esc(m->error, e, sizeof e));
    fputc('\n', out);
}

static json_t *member_json(const rw_fetch_member *m)
{
    json_t *o = json_pack("{s:s, s:I, s:I, s:I, s:s}", "account", m->account, "items",
                          (json_int_t)m->items, "rows", (json_int_t)m->rows, "charges",
                          (json_int_t)m->charges, "balance", balance_state[m->balance]);
    if (o && m->balance == RW_FETCH_BALANCE_FETCHED) {
        json_object_set_new(o, "amount", json_real(m->amount));
        json_object_set_new(o, "currency", json_string(m->currency));
    }
    if (o) json_object_set_new(o, "error", m->error[0] ? json_string(m->error) : json_null());
    return o;
}

static json_t *result_json(const rw_fetch_result *r)
{
    json_t *files = json_array(), *members = json_array();
    for (size_t i = 0; r && files && i < r->n; i++) {
        const rw_fetch_line *l = &r->line[i];
        json_array_append_new(
            files, json_pack("{s:s, s:b, s:I, s:I, s:I, s:I, s:b}", "what", l->what, "unchanged",
                             l->unchanged, "rows", (json_int_t)l->rows, "charges",
                             (json_int_t)l->charges, "balances", (json_int_t)l->balances,
                             "rejected", (json_int_t)l->rejected, "replaced", l->replaced));
    }
    for (size_t i = 0; r && members && i < r->nmembers; i++)
        json_array_append_new(members, member_json(&r->member[i]));
    return files && members ? json_pack("{s:o, s:o}", "files", files, "members", members) : NULL;
}

rw_status rw_fetch_result_write(const rw_fetch_result *r, rw_output fmt, FILE *out, rw_error *err)
{
    if (fmt == RW_OUT_JSON) return rw_json_write(out, result_json(r), RW_JSON_PRETTY, err);
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
    size_t failed = 0;
    for (size_t i = 0; r && i < r->nmembers; i++) {
        member_text(&r->member[i], out);
        failed += r->member[i].error[0] != 0;
    }
    if (r && r->organization)
        fprintf(out, "%zu members, %zu failed%s\n", r->nmembers, failed,
                failed ? " (partial: the others were stored)" : "");
    return rw_stream_status(out, err);
}
