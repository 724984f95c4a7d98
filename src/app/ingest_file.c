/* ingest_file.c: one file, one transaction (or savepoint) (ingest_file.h).
 *
 * Order of work: cheap duplicate check by (path, size, mtime); take the write
 * lock; record a provisional source row; stream the file through its parser
 * into the store sink; compare the byte hash and the content identity with
 * the sources already stored; refuse a file with too many rejects; supersede
 * older exports of its billing periods; commit, or roll back for a
 * duplicate or any failure. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "app/ingest_file.h"
#include "ingest/sink_thread.h"
#include "store/ingest_sink.h"
#include "store/sources.h"
#include "store/supersede.h"
#include "util/strutil.h"

typedef struct progress_ctx {
    rw_progress_fn fn;
    void *ctx;
    rw_input *in;
} progress_ctx;

/* RW_EREJECTED when every row of the file, or more than the allowed share,
 * was rejected: what is left is more likely a misread file than a bill. */
static rw_status check_rejects(const rw_ingest_report *rep, const rw_ingest_opts *opts,
                               const char *name, rw_error *err)
{
    if (rep->rejected == 0 || (rep->rejected < rep->rows &&
                               (double)rep->rejected <= opts->max_reject_rate * (double)rep->rows))
        return RW_OK;
    const char *first = rep->nsamples ? rep->samples[0].reason : "";
    long line = rep->nsamples ? rep->samples[0].line : 0;
    if (rep->rejected == rep->rows)
        return rw_error_set(err, RW_EREJECTED, name, 0,
                            "every row (%ld) was rejected, nothing stored (line %ld: %s)",
                            rep->rows, line, first);
    return rw_error_set(err, RW_EREJECTED, name, 0,
                        "%ld of %ld rows were rejected, more than --max-reject-rate %g%%: "
                        "nothing stored (line %ld: %s); `--max-reject-rate 1` keeps the "
                        "good rows",
                        rep->rejected, rep->rows, opts->max_reject_rate * 100, line, first);
}

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
    int64_t source_id = 0, id_before = 0, id_after = 0;
    if ((st = rw_store_charge_id_max(s, &id_before, err)) != RW_OK) goto out;
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
    rw_store_sink_content(sink, rep->content);
    int exists = 0;
    if ((st = rw_store_source_hash_exists(s, rep->sha256, rep->content, source_id, &exists,
                                          err)) != RW_OK)
        goto out;
    if (exists) {
        rep->duplicate = 1;
        goto out; /* rolled back below: the content is already stored */
    }
    if ((st = check_rejects(rep, opts, in.name, err)) != RW_OK) goto out;
    size_t nperiods = 0;
    const rw_store_period *periods = rw_store_sink_periods(sink, &nperiods);
    if (nperiods && !opts->no_supersede &&
        ((st = rw_store_charge_id_max(s, &id_after, err)) != RW_OK ||
         (st = rw_store_supersede_periods(s, source_id, periods, nperiods, id_before + 1,
                                          id_after, rep, err)) != RW_OK))
        goto out;
    if ((st = rw_store_source_finish(s, source_id, rep, err)) != RW_OK) goto out;
    if ((st = rw_store_write_commit(s, err)) == RW_OK) in_tx = 0;
    if (progress) progress(pctx, in.size, in.size);
out:
    if (in_tx) rw_store_write_rollback(s);
    if (rep->duplicate) {
        /* Nothing was added: the report counts no records, no money and no
         * superseding (all rolled back); the rows read stay. */
        rep->charges = rep->usage_records = rep->balances = rep->points = rep->ledger = 0;
        rep->ncurrencies = rep->nevents = 0;
        rep->replaced = rep->set_aside = 0;
    }
    rw_sink_thread_free(worker);
    rw_store_sink_free(sink);
    rw_input_close(&in);
    return st;
}
