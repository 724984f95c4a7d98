/* backtest.c: rolling-origin evaluation (see backtest.h). Each origin
 * builds a truncated copy of the series and runs the full engine on it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "model/backtest.h"

rw_status rw_backtest_run(const rw_ts *ts, const rw_forecast_opts *fo, size_t origins,
                          size_t step, rw_accuracy *acc, rw_error *err)
{
    memset(acc, 0, sizeof *acc);
    size_t h = fo->horizon, n = ts->n;
    if (step == 0) step = h;
    while (n > 0 && isnan(ts->y[n - 1])) n--;
    rw_seasonality def;
    rw_prep_default_periods(ts->gran, n, &def);
    size_t m = def.n ? (size_t)lround(def.period[0]) : 1;
    size_t min_train = 2 * m + 8 > 10 ? 2 * m + 8 : 10;
    size_t usable = 0;
    while (usable < origins && n >= h + usable * step + min_train) usable++;
    if (usable == 0)
        return rw_error_set(err, RW_ESHORT, NULL, 0,
                            "series '%s': %zu values leave no room for a backtest of %zu steps",
                            ts->name, n, h);
    rw_ts cut = *ts;
    double smape = 0, abs_err = 0;
    double inside[RW_FC_MAX_LEVELS] = {0}, score[RW_FC_MAX_LEVELS] = {0};
    for (size_t j = 0; j < usable; j++) {
        size_t origin = n - h - (usable - 1 - j) * step;
        cut.n = origin;
        double sc = rw_mase_scale(ts->y, origin, m);
        rw_forecast *f = NULL;
        rw_status st = rw_forecast_run(&cut, fo, &f, err);
        if (st != RW_OK) return st;
        for (size_t k = 0; k < h; k++) {
            double y = ts->y[origin + k], fk = f->mean[k];
            if (isnan(y)) continue;
            abs_err += fabs(y - fk) / sc;
            double den = fabs(y) + fabs(fk);
            /* Equal up to rounding (a zero forecast of a zero): no error. */
            smape += den > 0 && fabs(y - fk) > 1e-9 * fmax(1.0, fabs(y)) ? 200 * fabs(y - fk) / den : 0;
            for (size_t l = 0; l < fo->nlevels; l++) {
                double lo = f->lo[l * h + k], hi = f->hi[l * h + k];
                double alpha = 1 - fo->levels[l] / 100.0;
                inside[l] += y >= lo && y <= hi;
                double is = (hi - lo) + (y < lo ? 2 / alpha * (lo - y) : 0) +
                            (y > hi ? 2 / alpha * (y - hi) : 0);
                score[l] += is / sc;
            }
            acc->points++;
        }
        rw_forecast_free(f);
    }
    acc->origins = usable;
    if (acc->points) {
        double p = (double)acc->points;
        acc->mase = abs_err / p;
        acc->smape = smape / p;
        for (size_t l = 0; l < fo->nlevels; l++) {
            acc->coverage[l] = inside[l] / p;
            acc->msis[l] = score[l] / p;
        }
    }
    return RW_OK;
}
