#!/bin/bash
# run.sh: daily simulated cloud-cost benchmark, runway forecast against R's forecast package.
#
#   bench/daily/run.sh [N]     N = number of series generated (default 300)
#
# Environment knobs:
#   RUNWAY=path      runway binary (default build-rel/runway; built in Release if missing)
#   SEED=20240601    generator seed (gen_daily.py --seed)
#   METHODS="..."    R methods (default "snaive thetaf stlf ets arima")
#   ARIMA_N=N        series for auto.arima (default all: ~0.25 s a daily series here)
#   R_JOBS=1         R processes run at once (2 = one per core)
#   RUNWAY_RUNS=3    each runway whole-file timing is repeated this many times; medians reported
#   PER_SERIES=1     0 skips timing runway on each series as its own process
#   REUSE=0          1 keeps R outputs already in the output folder instead of rerunning
#   DAILY_OUT=dir    output folder (default bench/out/daily)
#   RUNWAY_REV=text  noted in the report beside the binary (e.g. the commit it was built from)
#
# Writes DAILY_OUT/: train.csv, test.csv, meta.csv (gen_daily.py), r_nN/r_METHOD.csv
# (+ _timing.csv, .proctime), runway_nN.csv (+ runway_jobs1_nN.csv and .proctime files),
# runway_per_series.tsv, metrics_nN.json and .tsv, per-series metrics, and results.md.
# The R peers, metrics and shell steps shared with bench/m4 are in bench/lib/.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${DAILY_OUT:-$ROOT/bench/out/daily}
PY=/usr/bin/python3
N=${1:-300}
SEED=${SEED:-20240601}
METHODS=${METHODS:-snaive thetaf stlf ets arima}
ARIMA_N=${ARIMA_N:-$N}
[ "$ARIMA_N" -gt "$N" ] && ARIMA_N=$N
R_JOBS=${R_JOBS:-1}
RUNWAY_RUNS=${RUNWAY_RUNS:-3}
PER_SERIES=${PER_SERIES:-1}
REUSE=${REUSE:-0}
RUNWAY=${RUNWAY:-$ROOT/build-rel/runway}
H=30
# Daily: weekly period 7 for every R method (under 14 days of history: naive).
R_OPTS="--h=$H --periods=7 --format=long"
mkdir -p "$OUT"
TRAIN=$OUT/train.csv
TEST=$OUT/test.csv
META=$OUT/meta.csv
# shellcheck source=../lib/common.sh
source "$HERE/../lib/common.sh"

bench_prereqs "$HERE/metrics.py"
bench_env "generator: gen_daily.py --n $N --seed $SEED --h $H"

# ---- data ---------------------------------------------------------------------------------
log "generating $N series (seed $SEED) into $OUT"
$PY "$HERE/gen_daily.py" "$OUT" --n "$N" --seed "$SEED" --h "$H" 2> "$OUT/gen.log"
cat "$OUT/gen.log" >&2

# ---- R peers ------------------------------------------------------------------------------
bench_r_peers "$N" "$ARIMA_N"

# ---- runway -------------------------------------------------------------------------------
RW_CSV=$OUT/runway_n$N.csv
RW1_CSV=$OUT/runway_jobs1_n$N.csv
rm -f "$OUT/runway_n$N.proctime" "$OUT/runway_jobs1_n$N.proctime" "$OUT/runway_per_series.tsv"
if bench_runway_ready; then
    FC=(forecast --horizon "$H" --level 80 --level 95 --format csv --input "$TRAIN")
    for i in $(seq "$RUNWAY_RUNS"); do
        log "runway forecast --jobs 1 on $N series (run $i/$RUNWAY_RUNS)"
        runway_timed "runway_jobs1_n$N" "${FC[@]}" --jobs 1
        log "runway forecast (default --jobs) on $N series (run $i/$RUNWAY_RUNS)"
        runway_timed "runway_n$N" "${FC[@]}"
    done
    log "runway --jobs 1: $(tr '\n' ';' < "$OUT/runway_jobs1_n$N.proctime") (wall user sys maxrss_kB per run)"
    log "runway default:  $(tr '\n' ';' < "$OUT/runway_n$N.proctime")"
    if cmp -s "$RW_CSV" "$RW1_CSV"; then
        echo "identical" > "$OUT/runway_jobs_compare.txt"
    else
        echo "DIFFERENT" > "$OUT/runway_jobs_compare.txt"
        log "warning: --jobs 1 and default --jobs outputs differ"
    fi
    if [ "$PER_SERIES" = 1 ]; then
        # Each series as its own process (--jobs 1): the per-series distribution,
        # process start-up and file parsing included.
        log "runway on each of the $N series as its own process"
        $PY "$HERE/time_each.py" "$RUNWAY" "$TRAIN" "$OUT/runway_per_series.tsv" \
            --horizon "$H" --level 80 --level 95 --format csv
    fi
else
    rm -f "$RW_CSV" "$RW1_CSV"
fi

# ---- metrics ------------------------------------------------------------------------------
bench_metrics "$HERE/metrics.py" "$N" "$ARIMA_N" "$RW_CSV" --meta "$META"
$PY "$HERE/report.py" "$OUT" "$N" "$ARIMA_N" > "$OUT/results.md"
log "wrote $OUT/results.md"
cat "$OUT/results.md"
