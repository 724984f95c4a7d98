#!/bin/bash
# run.sh: M4 Hourly benchmark, runway forecast against R's forecast package.
#
#   bench/m4/run.sh [N]        N = number of series (first N of the file; default all 414)
#
# Environment knobs:
#   RUNWAY=path      runway binary (default build-rel/runway; built in Release if missing)
#   M4_DIR=dir       holds Hourly-train.csv and Hourly-test.csv (default /work/shared/data/m4-hourly)
#   METHODS="..."    R methods (default "snaive thetaf stlf ets arima")
#   ARIMA_N=20       series for auto.arima (default 20: it averages ~50 s a series here,
#                    so all 414 take hours); ARIMA_N=N runs it on every series
#   R_JOBS=1         R processes run at once (2 = one per core)
#   RUNWAY_RUNS=3    runway is timed this many times; the median wall time is reported
#   REUSE=0          1 keeps R outputs already in bench/out/m4/r_nN/ instead of rerunning
#   M4_OUT=dir       output folder (default bench/out/m4)
#   RUNWAY_REV=text  noted in the report beside the binary (e.g. the commit it was built from)
#
# Writes bench/out/m4/: series_N.csv (runway input), r_nN/r_METHOD.csv (+ _timing.csv,
# .proctime), runway_nN.csv, metrics_*.json and .tsv, per-series metrics, and results.md.
# The R peers, metrics and shell steps shared with bench/daily are in bench/lib/.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${M4_OUT:-$ROOT/bench/out/m4}
PY=/usr/bin/python3
M4_DIR=${M4_DIR:-/work/shared/data/m4-hourly}
TRAIN=$M4_DIR/Hourly-train.csv
TEST=$M4_DIR/Hourly-test.csv
TOTAL=$(($(wc -l < "$TRAIN") - 1))
N=${1:-$TOTAL}
[ "$N" -gt "$TOTAL" ] && N=$TOTAL
METHODS=${METHODS:-snaive thetaf stlf ets arima}
ARIMA_N=${ARIMA_N:-20}
[ "$ARIMA_N" -gt "$N" ] && ARIMA_N=$N
R_JOBS=${R_JOBS:-1}
RUNWAY_RUNS=${RUNWAY_RUNS:-3}
REUSE=${REUSE:-0}
RUNWAY=${RUNWAY:-$ROOT/build-rel/runway}
H=48
# Hourly: daily period 24 (ets, thetaf, auto.arima, snaive); stlf also the weekly 168.
R_OPTS="--h=$H --periods=24,168 --format=wide"
mkdir -p "$OUT"
# shellcheck source=../lib/common.sh
source "$HERE/../lib/common.sh"

bench_prereqs "$HERE/metrics.py"
bench_env

# ---- data ---------------------------------------------------------------------------------
SERIES=$OUT/series_$N.csv
log "writing $SERIES"
$PY "$HERE/to_series.py" "$TRAIN" "$SERIES" "$N"

# ---- R peers ------------------------------------------------------------------------------
bench_r_peers "$N" "$ARIMA_N"

# ---- runway -------------------------------------------------------------------------------
RW_CSV=$OUT/runway_n$N.csv
rm -f "$OUT/runway_n$N.proctime"
if bench_runway_ready; then
    for i in $(seq "$RUNWAY_RUNS"); do
        log "runway forecast on $N series (run $i/$RUNWAY_RUNS)"
        runway_timed "runway_n$N" forecast --input "$SERIES" --horizon "$H" --level 80 --level 95 \
            --format csv
    done
    log "runway done: $(tr '\n' ';' < "$OUT/runway_n$N.proctime") (wall user sys maxrss_kB per run)"
else
    rm -f "$RW_CSV"
fi

# ---- metrics ------------------------------------------------------------------------------
bench_metrics "$HERE/metrics.py" "$N" "$ARIMA_N" "$RW_CSV"
$PY "$HERE/report.py" "$OUT" "$N" "$ARIMA_N" > "$OUT/results.md"
log "wrote $OUT/results.md"
cat "$OUT/results.md"
