/* cmd_backtest.c: `runway backtest`: rolling-origin accuracy of forecasts
 * on the series' own history. */
#include <stdlib.h>
#include <string.h>
#include "cli/fc_common.h"
#include "model/backtest.h"

static const char usage[] =
    "usage: runway backtest --horizon N [--origins K] [--step S] [--input FILE]\n"
    "                       [--series ID] [--model NAME] [--level L]... [--seed S]\n"
    "                       [--jobs N] [--format text|json] [store selection as for forecast]\n"
    "\n"
    "Replays forecasting at K origins (default 3), S steps apart (default N),\n"
    "ending N steps before the end of each series: at every origin the model is\n"
    "chosen and fitted on the history before it, as it would have been then,\n"
    "and its N-step forecast is scored against what followed:\n"
    "  MASE      mean absolute error / in-sample seasonal-naive error\n"
    "  sMAPE     symmetric mean absolute percentage error (0..200)\n"
    "  cov L     share of actual values inside the L% interval\n"
    "  MSIS L    interval score of the L% interval, scaled like MASE\n";

typedef struct bt_ctx {
    json_t *all;      /* JSON output, or NULL for text */
    double sum_mase, sum_smape, sum_cov[RW_FC_MAX_LEVELS], sum_msis[RW_FC_MAX_LEVELS];
    int scored;       /* series scored */
} bt_ctx;

static void backtest_compute(void *ctx, const fc_config *c, rw_fc_job *job)
{
    (void)ctx;
    rw_error err;
    rw_error_clear(&err);
    rw_accuracy *a = malloc(sizeof *a);
    rw_status st = a ? rw_backtest_run(job->ts, &c->fo, c->origins, c->step, a, &err) : RW_ENOMEM;
    if (st != RW_OK) {
        free(a);
        job->failed = 1;
        snprintf(job->error, sizeof job->error, "%.590s", err.text[0] ? err.text : rw_strerror(st));
        return;
    }
    job->result = a;
}

static void backtest_emit(void *ctx, const fc_config *c, rw_fc_job *job)
{
    bt_ctx *b = ctx;
    rw_accuracy *a = job->result;
    const char *name = job->ts->name;
    b->scored++;
    b->sum_mase += a->mase;
    b->sum_smape += a->smape;
    for (size_t l = 0; l < c->fo.nlevels; l++) {
        b->sum_cov[l] += a->coverage[l];
        b->sum_msis[l] += a->msis[l];
    }
    if (b->all) {
        json_t *o = json_pack("{s:s, s:I, s:I, s:f, s:f}", "series", name, "origins",
                              (json_int_t)a->origins, "points", (json_int_t)a->points, "mase",
                              a->mase, "smape", a->smape);
        json_t *cov = json_object(), *msis = json_object();
        char key[16];
        for (size_t l = 0; l < c->fo.nlevels; l++) {
            snprintf(key, sizeof key, "%g", c->fo.levels[l]);
            json_object_set_new(cov, key, json_real(a->coverage[l]));
            json_object_set_new(msis, key, json_real(a->msis[l]));
        }
        json_object_set_new(o, "coverage", cov);
        json_object_set_new(o, "msis", msis);
        json_array_append_new(b->all, o);
    } else {
        printf("%-24.24s %4zu %7.3f %7.2f", name, a->origins, a->mase, a->smape);
        for (size_t l = 0; l < c->fo.nlevels; l++) printf(" %7.3f %7.2f", a->coverage[l], a->msis[l]);
        putchar('\n');
    }
    free(a);
    job->result = NULL;
}

int rw_cmd_backtest(rw_cli *cli, int argc, char **argv)
{
    fc_config c;
    int rc = rw_fc_parse(cli, argc, argv, usage, 1, &c);
    if (rc) return rc < 0 ? EXIT_OKAY : rc;
    bt_ctx b;
    memset(&b, 0, sizeof b);
    b.all = c.format ? json_array() : NULL;
    if (!b.all) {
        printf("%-24s %4s %7s %7s", "series", "orig", "MASE", "sMAPE");
        for (size_t l = 0; l < c.fo.nlevels; l++)
            printf("   cov%-3g MSIS%-3g", c.fo.levels[l], c.fo.levels[l]);
        putchar('\n');
    }
    int failed, total;
    rc = rw_fc_run(cli, &c, backtest_compute, backtest_emit, &b, &failed, &total);
    if (b.scored && !b.all) {
        double n = (double)b.scored;
        printf("%-24s %4s %7.3f %7.2f", "mean", "", b.sum_mase / n, b.sum_smape / n);
        for (size_t l = 0; l < c.fo.nlevels; l++)
            printf(" %7.3f %7.2f", b.sum_cov[l] / n, b.sum_msis[l] / n);
        putchar('\n');
    }
    if (b.all) {
        json_t *root = json_pack("{s:o}", "backtests", b.all);
        json_dumpf(root, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
        fputc('\n', stdout);
        json_decref(root);
    }
    int out = rw_cli_flush_stdout();
    if (rc) return rc;
    if (failed) rw_cli_errorf("%d of %d series could not be backtested", failed, total);
    return out ? out : (failed || total == 0) ? EXIT_RUNTIME : EXIT_OKAY;
}
