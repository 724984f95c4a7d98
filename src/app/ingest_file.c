/* ingest_file.c: one file, one transaction (or savepoint) (ingest_file.h).
 *
 * Order of work: cheap duplicate check by (path, size, mtime); take the write
 * lock; record a provisional source row; stream the file through its parser
 * into the store sink; compare the content hash with the sources already
 * stored; commit, or roll back for a duplicate or any failure. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "app/ingest_file.h"
#include "ingest/sink_thread.h"
#include "store/ingest_sink.h"
#include "store/sources.h"
#include "util/strutil.h"

typedef struct progress_ctx {
    rw_progress_fn fn;
    void *ctx;
    rw_input *in;
} progress_ctx;

static void on_progress(void *p)
{
    progress_ctx *pc = p;
    pc->fn(pc->ctx, rw_input_offset(pc->in), pc->in->size);
}

rw_status rw_ingest_file(rw_store *s, const char *path, const rw_ingest_opts *opts,
                         rw_progress_fn progress, void *pctx, rw_ingest_report *rep,
                         rw_error *err)
{
    memset(rep, 0, sizeof *rep);
    rw_str_copy(rep->path, sizeof rep->path, path);
    rw_input in;
    rw_store_sink *sink = NULL;
    rw_sink_thread *worker = NULL;
    rw_error store_err; /* errors of the store sink, on the worker thread */
    rw_error_clear(&store_err);
    int in_tx = 0;
    /* Sources are recorded under their absolute path so the unchanged-file
     * check works from any directory. */
    char abs[PATH_MAX];
    const char *key = strcmp(path, "-") == 0 ? "-" : (realpath(path, abs) ? abs : path);
    rw_status st = rw_input_open(&in, path, err);
    if (st != RW_OK) goto out;
    rw_format f = opts->format;
    if (f == RW_FMT_AUTO && (st = rw_format_detect(&in, &f, err)) != RW_OK) goto out;
    rep->format = f;
    if (rw_store_source_unchanged(s, key, in.size, in.mtime, rep->sha256)) {
        rep->duplicate = 1;
        goto out;
    }
    if ((st = rw_store_write_begin(s, err)) != RW_OK) goto out;
    in_tx = 1;
    int64_t source_id = 0;
    if ((st = rw_store_source_insert(s, key, in.size, in.mtime, f, opts->account, &source_id,
                                     err)) != RW_OK)
        goto out;
    /* The parser runs here while the store sink runs on a worker thread;
     * strict mode is enforced by the worker's front (sink_thread.h). */
    if ((st = rw_store_sink_alloc(s, source_id, in.name, 0, rep, &store_err, &sink)) != RW_OK) {
        if (err) *err = store_err;
        goto out;
    }
    progress_ctx pc = {progress, pctx, &in};
    if (progress) rw_store_sink_progress(sink, on_progress, &pc);
    if ((st = rw_sink_thread_start(rw_store_sink_iface(sink), opts->strict, in.name, err,
                                   &worker)) != RW_OK)
        goto out;
    rw_sink iface = rw_sink_thread_iface(worker);
    st = rw_format_parser(f)(&in, opts, &iface, err);
    rw_status wst = rw_sink_thread_finish(worker, &store_err, err);
    if (st == RW_OK) st = wst;
    if (st != RW_OK) goto out;
    if ((st = rw_store_sink_finish(sink)) != RW_OK) {
        if (err) *err = store_err;
        goto out;
    }
    if ((st = rw_input_digest(&in, rep->sha256, err)) != RW_OK) goto out;
    int exists = 0;
    if ((st = rw_store_source_hash_exists(s, rep->sha256, source_id, &exists, err)) != RW_OK)
        goto out;
    if (exists) {
        rep->duplicate = 1;
        goto out; /* rolled back below: the content is already stored */
    }
    if ((st = rw_store_source_finish(s, source_id, rep, err)) != RW_OK) goto out;
    if ((st = rw_store_write_commit(s, err)) == RW_OK) in_tx = 0;
    if (progress) progress(pctx, in.size, in.size);
out:
    if (in_tx) rw_store_write_rollback(s);
    if (rep->duplicate) {
        /* Nothing was added: the report shows what the file held, not counts. */
        rep->charges = rep->usage_records = rep->balances = rep->points = 0;
    }
    rw_sink_thread_free(worker);
    rw_store_sink_free(sink);
    rw_input_close(&in);
    return st;
}
