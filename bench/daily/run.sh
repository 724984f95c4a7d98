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
# runway_per_series.tsv, metrics_nN.json, per-series metrics, and results.md.
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
mkdir -p "$OUT"
TRAIN=$OUT/train.csv
TEST=$OUT/test.csv
META=$OUT/meta.csv
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
    echo "generator: gen_daily.py --n $N --seed $SEED --h $H"
} > "$OUT/env.txt"

# ---- data ---------------------------------------------------------------------------------
log "generating $N series (seed $SEED) into $OUT"
$PY "$HERE/gen_daily.py" "$OUT" --n "$N" --seed "$SEED" --h "$H" 2> "$OUT/gen.log"
cat "$OUT/gen.log" >&2

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
if [ ${#JOBS[@]} -gt 0 ]; then
    printf '%s\n' "${JOBS[@]}" | xargs -P "$R_JOBS" -L 1 bash -c 'run_r "$0" "$1"'
fi

# ---- runway -------------------------------------------------------------------------------
if [ ! -x "$RUNWAY" ] && [ "$RUNWAY" = "$ROOT/build-rel/runway" ]; then
    log "building runway (Release)"
    cmake -S "$ROOT" -B "$ROOT/build-rel" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$ROOT/build-rel" -j >/dev/null
fi
RW_CSV=$OUT/runway_n$N.csv
RW1_CSV=$OUT/runway_jobs1_n$N.csv
rm -f "$OUT/runway_n$N.proctime" "$OUT/runway_jobs1_n$N.proctime" "$OUT/runway_per_series.tsv"
# --input does not need the store; point RUNWAY_DB into the output folder so no ./runway.db appears.
export RUNWAY_DB=$OUT/runway_bench.db
rm -f "$OUT/runway_version.txt"
if [ -x "$RUNWAY" ] && "$RUNWAY" forecast --help >/dev/null 2>&1; then
    "$RUNWAY" --version > "$OUT/runway_version.txt" 2>&1 || true
    FC=(forecast --horizon "$H" --level 80 --level 95 --format csv)
    for i in $(seq "$RUNWAY_RUNS"); do
        log "runway forecast --jobs 1 on $N series (run $i/$RUNWAY_RUNS)"
        /usr/bin/time -a -o "$OUT/runway_jobs1_n$N.proctime" -f "%e %U %S %M" \
            "$RUNWAY" "${FC[@]}" --input "$TRAIN" --jobs 1 > "$RW1_CSV" 2> "$OUT/runway_jobs1_n$N.log"
        log "runway forecast (default --jobs) on $N series (run $i/$RUNWAY_RUNS)"
        /usr/bin/time -a -o "$OUT/runway_n$N.proctime" -f "%e %U %S %M" \
            "$RUNWAY" "${FC[@]}" --input "$TRAIN" > "$RW_CSV" 2> "$OUT/runway_n$N.log"
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
    log "runway at $RUNWAY has no 'forecast' command; R peers only"
    rm -f "$RW_CSV" "$RW1_CSV"
fi

# ---- metrics ------------------------------------------------------------------------------
full=()
for m in $METHODS; do
    f=$OUT/r_n$N/r_$m.csv
    [ "$m" = arima ] && f=$OUT/r_n$ARIMA_N/r_$m.csv
    [ -s "$f" ] || continue
    [ "$m" != arima ] || [ "$ARIMA_N" = "$N" ] && full+=("$m=$f")
done
if [ -s "$RW_CSV" ]; then full+=("runway=$RW_CSV"); fi
log "metrics on $N series"
$PY "$HERE/metrics.py" --train "$TRAIN" --test "$TEST" --meta "$META" \
    --per-series "$OUT/per_series_n$N" --json "$OUT/metrics_n$N.json" "${full[@]}" \
    > "$OUT/metrics_n$N.tsv"
if [ "$ARIMA_N" != "$N" ] && [ -s "$OUT/r_n$ARIMA_N/r_arima.csv" ]; then
    # auto.arima on a subset: every method on those first ARIMA_N series as well.
    sub=("${full[@]}" "arima=$OUT/r_n$ARIMA_N/r_arima.csv")
    log "metrics on the first $ARIMA_N series"
    $PY "$HERE/metrics.py" --train "$TRAIN" --test "$TEST" --meta "$META" --n "$ARIMA_N" \
        --json "$OUT/metrics_n$ARIMA_N.json" "${sub[@]}" > "$OUT/metrics_n$ARIMA_N.tsv"
fi
$PY "$HERE/report.py" "$OUT" "$N" "$ARIMA_N" > "$OUT/results.md"
log "wrote $OUT/results.md"
cat "$OUT/results.md"
