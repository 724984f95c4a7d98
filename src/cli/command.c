/* command.c: running one command: its flags parsed into its options, its
 * session opened, its result and exit code (cli.h); and the flag setters
 * several commands share. */
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"

int cli_run(rw_cli *cli, const cli_command *c, int argc, char **argv)
{
    void *opts = calloc(1, c->opts_size);
    char **args = NULL;
    size_t nargs = 0;
    if (!opts) {
        rw_cli_errorf("out of memory");
        return EXIT_RUNTIME;
    }
    c->init(opts);
    int rc = cli_parse(cli, c, argc, argv, opts, &args, &nargs);
    if (rc == 0) {
        rw_session_opts so = {cli->db_path, rw_cli_message, cli};
        rw_error err;
        rw_error_clear(&err);
        if (rw_session_open(&so, &cli->session, &err) != RW_OK) {
            rw_cli_error(&err);
            rc = EXIT_RUNTIME;
        } else {
            cli_args in = {nargs, args};
            rc = rw_cli_finish(c->run(cli, opts, &in, &err), &err);
        }
        rw_session_close(cli->session);
        cli->session = NULL;
    } else if (rc < 0) {
        rc = EXIT_OKAY;
    }
    free(args);
    free(opts);
    return rc;
}

/* ---- the selection setters ---------------------------------------------------- */

rw_status cli_sel_by(void *opts, const char *text, rw_error *err)
{
    return rw_selection_by(opts, text, err);
}

rw_status cli_sel_metric(void *opts, const char *text, rw_error *err)
{
    return rw_selection_metric(opts, text, err);
}

rw_status cli_sel_granularity(void *opts, const char *text, rw_error *err)
{
    return rw_selection_granularity(opts, text, err);
}

rw_status cli_usage(const char *usage)
{
    rw_cli_usage_error(usage);
    return RW_EINVAL;
}

rw_status cli_now(int64_t *now, rw_error *err)
{
    const char *env = getenv("RUNWAY_NOW");
    if (!env || !*env) return RW_OK;
    if (rw_parse_count(env, 0, INT64_MAX / 2, "epoch seconds", now, err) == RW_OK) return RW_OK;
    char text[RW_ERROR_TEXT];
    snprintf(text, sizeof text, "%s", err->text);
    rw_error_clear(err);
    return rw_error_set(err, RW_EINVAL, NULL, 0, "RUNWAY_NOW: %s", text);
}

/* ---- forecast setters ------------------------------------------------------------ */

rw_status cli_fc_model(void *opts, const char *text, rw_error *err)
{
    rw_forecast_options *o = opts;
    if (!rw_model_known(text))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "unknown model '%s'", text);
    o->model = text;
    return RW_OK;
}

rw_status cli_fc_level(void *opts, const char *text, rw_error *err)
{
    rw_forecast_options *o = opts;
    double d;
    if (rw_parse_amount(text, &d, NULL) != RW_OK || d < 51 || d > 99)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "'%s' is not a percentage between 51 and 99",
                            text);
    if (o->nlevels == RW_MAX_LEVELS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "at most %d levels", RW_MAX_LEVELS);
    o->levels[o->nlevels++] = d;
    return RW_OK;
}

rw_status cli_fc_period(void *opts, const char *text, rw_error *err)
{
    rw_forecast_options *o = opts;
    double d;
    if (rw_parse_amount(text, &d, NULL) != RW_OK || d < 2 || o->nperiods == RW_MAX_PERIODS)
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "'%s' is not a period of at least 2 steps (at most %d)", text,
                            RW_MAX_PERIODS);
    o->periods[o->nperiods++] = d;
    return RW_OK;
}

/* ---- plans over every account ------------------------------------------------------ */

rw_status cli_label_add(rw_label_filter *f, const char *text, rw_error *err)
{
    if (f->n == RW_MAX_LABELS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "more than %d given", RW_MAX_LABELS);
    f->labels[f->n++] = text;
    return RW_OK;
}

rw_status cli_all_check(cli_all *a, int jobs_given, rw_error *err)
{
    if (a->shard && !a->all)
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "--shard splits the accounts: give --all-accounts");
    rw_error perr = {0}; /* rw_error_set keeps an error already recorded */
    if (a->shard && rw_parse_shard(a->shard, &a->o.shard_k, &a->o.shard_n, &perr) != RW_OK)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "--shard: %s", perr.text);
    if (a->all) return RW_OK;
    if (a->o.filter.n)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "--label selects accounts: give --all-accounts");
    if (jobs_given)
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "--jobs runs accounts in parallel: give --all-accounts");
    return RW_OK;
}

void cli_all_progress(const rw_cli *cli, cli_all *a)
{
    rw_progress_start(&a->bar, cli->tty && !cli->quiet, "accounts");
    a->o.progress = rw_progress_count;
    a->o.progress_ctx = &a->bar;
}

rw_status cli_all_finish(rw_status st, rw_account_results *r, rw_output fmt, rw_error *err)
{
    if (r) {
        rw_error werr;
        rw_error_clear(&werr);
        rw_status wst = rw_account_results_write(r, fmt, stdout, &werr);
        if (st == RW_OK && wst != RW_OK) {
            *err = werr;
            st = wst;
        }
    }
    rw_account_results_free(r);
    return st;
}
