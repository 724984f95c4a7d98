# common.sh: shell functions shared by bench/m4/run.sh and bench/daily/run.sh.
#
#   source "$HERE/../lib/common.sh"
#
# The caller sets, before calling any function: ROOT (repository root), OUT (output
# folder, created), PY (python), RUNWAY (binary), REUSE, METHODS, R_JOBS, TRAIN
# and TEST (the training file the R peers and metrics.py read, the test file) and
# R_OPTS (r_peers.R's --h/--periods/--format options).
# LIB is set here: the folder of this file (accuracy.py, reporting.py, r_peers.R).

LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
export -f log

# bench_prereqs METRICS_PY: GNU time, R's forecast package and numpy (installed or
# checked), then METRICS_PY --selftest.
bench_prereqs() {
    [ -x /usr/bin/time ] || { log "installing GNU time"; apt-get install -y time >/dev/null; }
    if ! Rscript -e 'suppressPackageStartupMessages(library(forecast))' >/dev/null 2>&1; then
        log "installing r-cran-forecast"
        apt-get install -y r-cran-forecast >/dev/null
    fi
    $PY -c 'import numpy' || { echo "numpy not importable by $PY (apt-get install python3-numpy)" >&2; exit 1; }
    $PY "$1" --selftest
}

# bench_env [LINE...]: OUT/env.txt, the machine, versions and binary, then the given lines.
bench_env() {
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
        [ $# -eq 0 ] || printf '%s\n' "$@"
    } > "$OUT/env.txt"
}

# run_r METHOD COUNT: one R process; /usr/bin/time gives the whole process' wall and CPU.
# Writes OUT/r_nCOUNT/r_METHOD.{csv,_timing.csv,proctime,log}; with REUSE=1 an existing
# result is kept.
run_r() {
    local m=$1 n=$2 dir=$OUT/r_n$2
    mkdir -p "$dir"
    if [ "$REUSE" = 1 ] && [ -s "$dir/r_$m.csv" ] && [ -s "$dir/r_$m.proctime" ]; then
        log "R $m on $n series: reusing $dir/r_$m.csv"
        return 0
    fi
    log "R $m on $n series"
    # shellcheck disable=SC2086  # R_OPTS is a list of options
    /usr/bin/time -o "$dir/r_$m.proctime" -f "%e %U %S %M" \
        Rscript "$LIB/r_peers.R" "$m" "$TRAIN" "$dir" "$n" $R_OPTS 2> "$dir/r_$m.log"
    log "R $m done: $(cat "$dir/r_$m.proctime") (wall user sys maxrss_kB)"
}
export -f run_r

# bench_r_peers N ARIMA_N: every method of METHODS on the first N series (auto.arima on
# the first ARIMA_N), R_JOBS processes at a time.
bench_r_peers() {
    local n=$1 an=$2 m jobs=()
    for m in $METHODS; do
        if [ "$m" = arima ]; then jobs+=("$m $an"); else jobs+=("$m $n"); fi
    done
    [ ${#jobs[@]} -gt 0 ] || return 0
    export OUT TRAIN LIB REUSE R_OPTS
    printf '%s\n' "${jobs[@]}" | xargs -P "$R_JOBS" -L 1 bash -c 'run_r "$0" "$1"'
}

# bench_runway_ready: builds the default binary (Release) if it is missing; returns 0
# and writes OUT/runway_version.txt if RUNWAY has a 'forecast' command. Points
# RUNWAY_DB into OUT: --input does not need the store, and no ./runway.db appears.
bench_runway_ready() {
    if [ ! -x "$RUNWAY" ] && [ "$RUNWAY" = "$ROOT/build-rel/runway" ]; then
        log "building runway (Release)"
        cmake -S "$ROOT" -B "$ROOT/build-rel" -DCMAKE_BUILD_TYPE=Release >/dev/null
        cmake --build "$ROOT/build-rel" -j >/dev/null
    fi
    export RUNWAY_DB=$OUT/runway_bench.db
    rm -f "$OUT/runway_version.txt"
    if [ -x "$RUNWAY" ] && "$RUNWAY" forecast --help >/dev/null 2>&1; then
        "$RUNWAY" --version > "$OUT/runway_version.txt" 2>&1 || true
        return 0
    fi
    log "runway at $RUNWAY has no 'forecast' command; R peers only"
    return 1
}

# runway_timed TAG ARG...: one timed `RUNWAY ARG...`: forecasts to OUT/TAG.csv, stderr
# to OUT/TAG.log, '%e %U %S %M' appended to OUT/TAG.proctime.
runway_timed() {
    local tag=$1; shift
    /usr/bin/time -a -o "$OUT/$tag.proctime" -f "%e %U %S %M" \
        "$RUNWAY" "$@" > "$OUT/$tag.csv" 2> "$OUT/$tag.log"
}

# bench_metrics METRICS_PY N ARIMA_N RUNWAY_CSV [ARG...]: METRICS_PY --train TRAIN --test
# TEST ARG... on the R and runway forecasts that exist. On the first N series: every
# method that ran on them (auto.arima only if ARIMA_N = N), then runway; writes
# OUT/metrics_nN.{json,tsv} and OUT/per_series_nN/. If auto.arima ran on fewer series
# (ARIMA_N < N): every method again on those first ARIMA_N series, so all are compared
# on the same series, into OUT/metrics_nARIMA_N.{json,tsv}.
bench_metrics() {
    local py=$1 n=$2 an=$3 rw=$4 m f arima=0 full=() sub=()
    shift 4
    for m in $METHODS; do
        f=$OUT/r_n$n/r_$m.csv
        [ "$m" = arima ] && f=$OUT/r_n$an/r_$m.csv
        [ -s "$f" ] || continue
        if [ "$m" != arima ] || [ "$an" = "$n" ]; then full+=("$m=$f"); fi
        [ "$m" != arima ] || arima=1
        sub+=("$m=$f")
    done
    if [ -s "$rw" ]; then full+=("runway=$rw"); sub+=("runway=$rw"); fi
    log "metrics on $n series"
    $PY "$py" --train "$TRAIN" --test "$TEST" "$@" --n "$n" \
        --per-series "$OUT/per_series_n$n" --json "$OUT/metrics_n$n.json" "${full[@]}" \
        > "$OUT/metrics_n$n.tsv"
    [ "$an" != "$n" ] || return 0
    rm -f "$OUT/metrics_n$an.json" "$OUT/metrics_n$an.tsv"
    [ "$arima" = 1 ] || return 0
    log "metrics on the first $an series"
    $PY "$py" --train "$TRAIN" --test "$TEST" "$@" --n "$an" \
        --json "$OUT/metrics_n$an.json" "${sub[@]}" > "$OUT/metrics_n$an.tsv"
}
