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
# .proctime), runway_nN.csv, metrics_*.json, per-series metrics, and results.md.
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
mkdir -p "$OUT"
export OUT TRAIN HERE REUSE

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
export -f log

# ---- prerequisites ----------------------------------------------------------------------
[ -x /usr/bin/time ] || { log "installing GNU time"; apt-get install -y time >/dev/null; }
if ! Rscript -e 'suppressPackageStartupMessages(library(forecast))' >/dev/null 2>&1; then
    log "installing r-cran-forecast"
    apt-get install -y r-cran-forecast >/dev/null
fi
$PY -c 'import numpy' || { echo "numpy not importable by $PY (apt-get install python3-numpy)" >&2; exit 1; }
$PY "$HERE/metrics.py" --selftest

{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "cpu: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
    echo "memory: $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
    echo "os: Debian $(cat /etc/debian_version)"
    echo "R: $(Rscript -e 'cat(R.version.string)')"
    echo "forecast: $(Rscript -e 'cat(as.character(packageVersion("forecast")))')"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "repo HEAD: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (working tree has uncommitted changes)')"
    echo "runway binary: $RUNWAY${RUNWAY_REV:+ (built from $RUNWAY_REV)}"
} > "$OUT/env.txt"

# ---- data ---------------------------------------------------------------------------------
SERIES=$OUT/series_$N.csv
log "writing $SERIES"
$PY "$HERE/to_series.py" "$TRAIN" "$SERIES" "$N"

# ---- R peers ------------------------------------------------------------------------------
# run_r METHOD COUNT: one R process; /usr/bin/time gives the whole process' wall and CPU.
run_r() {
    local m=$1 n=$2 dir=$OUT/r_n$2
    mkdir -p "$dir"
    if [ "$REUSE" = 1 ] && [ -s "$dir/r_$m.csv" ] && [ -s "$dir/r_$m.proctime" ]; then
        log "R $m on $n series: reusing $dir/r_$m.csv"
        return 0
    fi
    log "R $m on $n series"
    /usr/bin/time -o "$dir/r_$m.proctime" -f "%e %U %S %M" \
        Rscript "$HERE/r_peers.R" "$m" "$TRAIN" "$dir" "$n" 2> "$dir/r_$m.log"
    log "R $m done: $(cat "$dir/r_$m.proctime") (wall user sys maxrss_kB)"
}
export -f run_r
JOBS=()
for m in $METHODS; do
    if [ "$m" = arima ]; then JOBS+=("$m $ARIMA_N"); else JOBS+=("$m $N"); fi
done
printf '%s\n' "${JOBS[@]}" | xargs -P "$R_JOBS" -L 1 bash -c 'run_r "$0" "$1"'

# ---- runway -------------------------------------------------------------------------------
if [ ! -x "$RUNWAY" ] && [ "$RUNWAY" = "$ROOT/build-rel/runway" ]; then
    log "building runway (Release)"
    cmake -S "$ROOT" -B "$ROOT/build-rel" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$ROOT/build-rel" -j >/dev/null
fi
RW_CSV=$OUT/runway_n$N.csv
RW_TIME=$OUT/runway_n$N.proctime
rm -f "$RW_TIME"
# --input does not need the store; point RUNWAY_DB into bench/out so no ./runway.db appears.
export RUNWAY_DB=$OUT/runway_bench.db
rm -f "$OUT/runway_version.txt"
if [ -x "$RUNWAY" ] && "$RUNWAY" forecast --help >/dev/null 2>&1; then
    "$RUNWAY" --version > "$OUT/runway_version.txt" 2>&1 || true
    for i in $(seq "$RUNWAY_RUNS"); do
        log "runway forecast on $N series (run $i/$RUNWAY_RUNS)"
        /usr/bin/time -a -o "$RW_TIME" -f "%e %U %S %M" \
            "$RUNWAY" forecast --input "$SERIES" --horizon 48 --level 80 --level 95 \
            --format csv > "$RW_CSV" 2> "$OUT/runway_n$N.log"
    done
    log "runway done: $(tr '\n' ';' < "$RW_TIME") (wall user sys maxrss_kB per run)"
else
    log "runway at $RUNWAY has no 'forecast' command; R peers only"
    rm -f "$RW_CSV"
fi

# ---- metrics ------------------------------------------------------------------------------
# Full table: every method that ran on N series. Subset table: the first ARIMA_N series,
# where every method (auto.arima included) is compared on the same series.
full=(); sub=()
for m in $METHODS; do
    f=$OUT/r_n$N/r_$m.csv
    [ "$m" = arima ] && f=$OUT/r_n$ARIMA_N/r_$m.csv
    [ -s "$f" ] || continue
    [ "$m" != arima ] || [ "$ARIMA_N" = "$N" ] && full+=("$m=$f")
    sub+=("$m=$f")
done
if [ -s "$RW_CSV" ]; then full+=("runway=$RW_CSV"); sub+=("runway=$RW_CSV"); fi
log "metrics on $N series"
$PY "$HERE/metrics.py" --train "$TRAIN" --test "$TEST" --n "$N" \
    --per-series "$OUT/per_series_n$N" --json "$OUT/metrics_n$N.json" "${full[@]}"
if [ "$ARIMA_N" != "$N" ]; then
    log "metrics on the first $ARIMA_N series"
    $PY "$HERE/metrics.py" --train "$TRAIN" --test "$TEST" --n "$ARIMA_N" \
        --json "$OUT/metrics_n$ARIMA_N.json" "${sub[@]}"
fi
$PY "$HERE/report.py" "$OUT" "$N" "$ARIMA_N" > "$OUT/results.md"
log "wrote $OUT/results.md"
cat "$OUT/results.md"
