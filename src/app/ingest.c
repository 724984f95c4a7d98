/* ingest.c: ingesting several files (runway.h rw_ingest): one transaction
 * per file, or in strict mode one for all of them, so that a bad row in
 * any file stores nothing from any. */
#include <stdlib.h>
#include <string.h>
#include "app/app.h"
#include "app/ingest_file.h"

void rw_ingest_options_init(rw_ingest_options *o)
{
    memset(o, 0, sizeof *o);
    o->format = RW_FMT_AUTO;
    o->naive_offset = RW_OFFSET_DEFAULT;
    o->max_reject_rate = 0.5;
}

void rw_ingest_result_free(rw_ingest_result *res)
{
    if (!res) return;
    free(res->item);
    free(res);
}

typedef struct progress_ctx {
    const rw_ingest_callbacks *cb;
    const char *path;
} progress_ctx;

static void on_progress(void *ctx, int64_t done, int64_t total)
{
    progress_ctx *p = ctx;
    p->cb->progress(p->cb->ctx, p->path, done, total);
}

/* Failures of reading or storing (not of the data, not of the caller's
 * options) outrank the others in the outcome of several files. */
static int is_runtime(rw_status st)
{
    return st != RW_OK && st != RW_EDUPLICATE && st != RW_EFORMAT && st != RW_EREJECTED &&
           st != RW_EINVAL;
}

rw_status rw_ingest(rw_session *s, const char *const *paths, size_t n,
                    const rw_ingest_options *o, const rw_ingest_callbacks *cb,
                    rw_ingest_result **out, rw_error *err)
{
    rw_ingest_result *res = calloc(1, sizeof *res);
    rw_store *store = NULL;
    *out = NULL;
    if (!res || !(res->item = calloc(n ? n : 1, sizeof *res->item))) {
        rw_ingest_result_free(res);
        return rw_app_oom(err);
    }
    *out = res;
    rw_status st = rw_app_store(s, &store, err);
    if (st != RW_OK) return st;
    /* Strict mode is all-or-nothing across the files of one call. */
    int outer = o->strict && n > 1;
    if (outer && (st = rw_store_write_begin(store, err)) != RW_OK) return st;
    rw_status worst = RW_OK;
    for (size_t i = 0; i < n; i++) {
        rw_ingest_item *it = &res->item[res->n++];
        progress_ctx pc = {cb, paths[i]};
        rw_error_clear(&it->err);
        it->status = rw_ingest_file(store, paths[i], o, cb && cb->progress ? on_progress : NULL,
                                    &pc, &it->rep, &it->err);
        if (cb && cb->file_done) cb->file_done(cb->ctx, &it->rep, it->status);
        if (it->status != RW_OK) {
            rw_app_warn_error(s, &it->err);
            if (worst == RW_OK || is_runtime(it->status)) worst = it->status;
            if (o->strict) break;
        }
    }
    if (outer) {
        rw_error cerr;
        rw_error_clear(&cerr);
        if (worst != RW_OK) {
            rw_store_write_rollback(store);
        } else if (rw_store_write_commit(store, &cerr) != RW_OK) {
            rw_store_write_rollback(store);
            rw_app_warn_error(s, &cerr);
            worst = RW_EDB;
        }
        if (worst != RW_OK) rw_app_msg(s, RW_MSG_INFO, "--strict: nothing from these files was stored");
    }
    return worst;
}
