/* backtest.h: rolling-origin accuracy of the forecasting engine.
 *
 * The history is cut at `origins` points, `step` steps apart, ending `h`
 * steps before its end; at each cut the engine forecasts h steps from the
 * history before it (choosing its model afresh, as it would have then),
 * and the forecasts are scored against what happened:
 *   MASE   mean |y - f| / in-sample mean |y_t - y_{t-m}| (m: the first
 *          default period of the granularity, 1 when too short);
 *   sMAPE  mean 200 |y - f| / (|y| + |f|) (0 when both are 0);
 *   coverage of each interval level;
 *   interval score (Gneiting & Raftery 2007) per level, scaled like MASE
 *          (MSIS in the M4 competition's terms). */
#ifndef RW_BACKTEST_H
#define RW_BACKTEST_H

#include "model/forecast.h"

typedef struct rw_accuracy {
    size_t points;                             /* forecast points scored */
    size_t origins;                            /* origins used */
    double mase, smape;                        /* means over points */
    double coverage[RW_FC_MAX_LEVELS];         /* share inside each interval */
    double msis[RW_FC_MAX_LEVELS];             /* scaled interval score */
} rw_accuracy;

/* Backtests `ts` with forecast options `fo` (its horizon is h) at `origins`
 * cuts `step` steps apart (step 0: h). RW_ESHORT when not one origin fits. */
rw_status rw_backtest_run(const rw_ts *ts, const rw_forecast_opts *fo, size_t origins,
                          size_t step, rw_accuracy *acc, rw_error *err);

#endif
