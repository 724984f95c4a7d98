#!/bin/bash
# ingest_bench.sh: ingest benchmark of runway against pandas and the sqlite3 shell.
#
# Every tool runs unpinned on the whole (2-core) machine; pandas and the
# sqlite3 shell are single-threaded, runway uses a reader, a parser and a
# store thread. runway is also measured pinned to one core (PIN=1 rows) for
# the one-core throughput figure.
#
#   bench/ingest_bench.sh [ROWS]          (default 1000000)
#
# Environment knobs:
#   RUNS=3          runs per measurement; the median of each metric is reported
#   CORE=0          the CPU used for the one-core runs (taskset -c CORE)
#   BIG_ROWS=1500000  rows of the >=1 GB file for the peak-memory run (0 skips it)
#   PROFILE=1       callgrind profile of runway ingest on a 100k-row file (0 skips it)
#   KEEP=0          1 keeps the generated CSV/.gz/db files in bench/out/
#   RUNWAY=path     runway binary (default build-rel/runway, built if missing)
#
# Everything is written under bench/out/ (gitignored). The summary table is
# bench/out/results.md; raw per-run numbers are in bench/out/runs.tsv.
set -euo pipefail

ROWS=${1:-1000000}
RUNS=${RUNS:-3}
CORE=${CORE:-0}
BIG_ROWS=${BIG_ROWS:-1500000}
PROFILE=${PROFILE:-1}
KEEP=${KEEP:-0}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUT=$HERE/out
PY=/usr/bin/python3
RUNWAY=${RUNWAY:-$ROOT/build-rel/runway}
mkdir -p "$OUT"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---- prerequisites ----------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
    log "installing GNU time"
    apt-get install -y time >/dev/null
fi
command -v sqlite3 >/dev/null || { echo "sqlite3 shell not found (apt-get install sqlite3)" >&2; exit 1; }
command -v taskset >/dev/null || { echo "taskset not found (util-linux)" >&2; exit 1; }
$PY -c 'import pandas' || { echo "pandas not importable by $PY (apt-get install python3-pandas)" >&2; exit 1; }
if [ ! -x "$RUNWAY" ]; then
    log "building runway (Release)"
    cmake -S "$ROOT" -B "$ROOT/build-rel" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$ROOT/build-rel" -j >/dev/null
fi
if $PY -c 'import pyarrow' 2>/dev/null; then HAVE_PYARROW=1; else HAVE_PYARROW=0; fi

# ---- data --------------------------------------------------------------------------------
CSV=$OUT/focus_$ROWS.csv
GZ=$CSV.gz
if [ ! -s "$CSV" ] || [ ! -s "$CSV.expected.csv" ]; then
    log "generating $CSV ($ROWS rows)"
    $PY "$HERE/gen_focus.py" "$CSV" "$ROWS"
fi
if [ ! -s "$GZ" ]; then
    log "gzip -6 $CSV"
    gzip -6 -c "$CSV" > "$GZ"
fi
SIZE=$(stat -c %s "$CSV")
GZSIZE=$(stat -c %s "$GZ")
log "file: $SIZE bytes, $ROWS rows; gz: $GZSIZE bytes"

RUNSTSV=$OUT/runs.tsv
SUMTSV=$OUT/summary.tsv
printf 'name\trun\twall_s\tuser_s\tsys_s\tmaxrss_kb\n' > "$RUNSTSV"
printf 'name\tbytes\trows\twall_s\tuser_s\tsys_s\tcpu_s\tmaxrss_mb\tmb_per_s\n' > "$SUMTSV"

# measure NAME BYTES ROWS PREP CMD: runs CMD (a bash string) RUNS times under
# /usr/bin/time -v (pinned to CORE when PIN=1); PREP (untimed) runs before each.
measure() {
    local name=$1 bytes=$2 rows=$3 prep=$4 cmd=$5 i tv
    tv=$OUT/time.txt
    for ((i = 1; i <= RUNS; i++)); do
        bash -c "$prep"
        cat "${DATAFILE:-$CSV}" > /dev/null          # same warm page cache for every tool
        if [ "${PIN:-0}" = 1 ]; then
            /usr/bin/time -v -o "$tv" taskset -c "$CORE" bash -c "$cmd"
        else
            /usr/bin/time -v -o "$tv" bash -c "$cmd"
        fi
        awk -v n="$name" -v r="$i" -F': ' '
            /Elapsed \(wall clock\)/ { k = split($2, t, ":"); w = 0
                                       for (j = 1; j <= k; j++) w = w * 60 + t[j] }
            /User time/ { u = $2 } /System time/ { s = $2 }
            /Maximum resident set size/ { m = $2 }
            END { printf "%s\t%d\t%.2f\t%.2f\t%.2f\t%d\n", n, r, w, u, s, m }' "$tv" >> "$RUNSTSV"
        log "$name run $i: $(tail -1 "$RUNSTSV" | cut -f3-)"
    done
    awk -F'\t' -v n="$name" -v b="$bytes" -v rows="$rows" '
        function med(a, k,   i, j, t) {        # median of a[1..k] (insertion sort)
            for (i = 2; i <= k; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j+1] = a[j]; a[j+1] = t }
            return (k % 2) ? a[(k+1)/2] : (a[k/2] + a[k/2+1]) / 2 }
        $1 == n { k++; w[k] = $3; u[k] = $4; s[k] = $5; c[k] = $4 + $5; m[k] = $6 }
        END { W = med(w, k); printf "%s\t%d\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.1f\t%.1f\n",
                  n, b, rows, W, med(u, k), med(s, k), med(c, k), med(m, k) / 1024, (W > 0 ? b / 1e6 / W : 0) }' \
        "$RUNSTSV" >> "$SUMTSV"
}

Q="SELECT substr(ChargePeriodStart,1,10) d, ServiceName, sum(BilledCost) FROM t GROUP BY d, ServiceName"
DB=$OUT/bench.db
SQ=$OUT/bench.sqlite
log "load before runs: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- a. runway ---------------------------------------------------------------------------
measure "runway ingest" "$SIZE" "$ROWS" "rm -f $DB $DB-wal $DB-shm" \
    "'$RUNWAY' --db '$DB' --quiet ingest '$CSV'"
PIN=1 measure "runway ingest, one core" "$SIZE" "$ROWS" "rm -f $DB $DB-wal $DB-shm" \
    "'$RUNWAY' --db '$DB' --quiet ingest '$CSV'"
measure "runway ingest+series" "$SIZE" "$ROWS" "rm -f $DB $DB-wal $DB-shm" \
    "'$RUNWAY' --db '$DB' --quiet ingest '$CSV' && '$RUNWAY' --db '$DB' series --by service --granularity day > '$OUT/runway_series.csv'"
"$RUNWAY" --db "$DB" rejects > "$OUT/runway_rejects.txt" 2>&1 || true
"$RUNWAY" --db "$DB" sources > "$OUT/runway_sources.txt" 2>&1 || true
measure "runway series only" 0 "$ROWS" "true" \
    "'$RUNWAY' --db '$DB' series --by service --granularity day > /dev/null"
DATAFILE=$GZ measure "runway ingest (.gz)" "$SIZE" "$ROWS" "rm -f $DB $DB-wal $DB-shm" \
    "'$RUNWAY' --db '$DB' --quiet ingest '$GZ'"
DATAFILE=$GZ PIN=1 measure "runway ingest (.gz), one core" "$SIZE" "$ROWS" "rm -f $DB $DB-wal $DB-shm" \
    "'$RUNWAY' --db '$DB' --quiet ingest '$GZ'"
rm -f "$DB" "$DB-wal" "$DB-shm"

# perf stat (software counters only: hardware counters are often unavailable in VMs)
if perf stat -e task-clock true >/dev/null 2>&1; then
    perf stat -e task-clock,context-switches,cpu-migrations,page-faults -o "$OUT/perf_stat.txt" \
        taskset -c "$CORE" "$RUNWAY" --db "$DB" --quiet ingest "$CSV" || true
    perf stat -e instructions,cycles -o "$OUT/perf_stat_hw.txt" true 2>/dev/null || true
    rm -f "$DB" "$DB-wal" "$DB-shm"
fi

# ---- b. pandas ---------------------------------------------------------------------------
measure "pandas read_csv+groupby (C engine)" "$SIZE" "$ROWS" "true" \
    "$PY '$HERE/pandas_daily.py' '$CSV' -o '$OUT/pandas_daily.csv'"
measure "pandas usecols=3 (C engine)" "$SIZE" "$ROWS" "true" \
    "$PY '$HERE/pandas_daily.py' '$CSV' --usecols -o '$OUT/pandas_usecols.csv'"
if [ "$HAVE_PYARROW" = 1 ]; then
    measure "pandas read_csv+groupby (pyarrow)" "$SIZE" "$ROWS" "true" \
        "$PY '$HERE/pandas_daily.py' '$CSV' --engine pyarrow -o '$OUT/pandas_pyarrow.csv'"
else
    log "pyarrow is not installed for $PY: pandas engine=pyarrow skipped"
fi

# ---- c. sqlite3 shell --------------------------------------------------------------------
measure "sqlite3 .import" "$SIZE" "$ROWS" "rm -f $SQ" \
    "sqlite3 '$SQ' -cmd '.mode csv' '.import $CSV t'"
measure "sqlite3 .import+query" "$SIZE" "$ROWS" "rm -f $SQ" \
    "sqlite3 -csv -header '$SQ' '.import $CSV t' '$Q' > '$OUT/sqlite_daily.csv'"
rm -f "$SQ"

# ---- accuracy ----------------------------------------------------------------------------
{
    printf 'runway\t'; $PY "$HERE/compare.py" "$CSV.expected.csv" "$OUT/runway_series.csv"
    printf 'pandas\t'; $PY "$HERE/compare.py" "$CSV.expected.csv" "$OUT/pandas_daily.csv"
    printf 'pandas usecols\t'; $PY "$HERE/compare.py" "$CSV.expected.csv" "$OUT/pandas_usecols.csv"
    printf 'sqlite3\t'; $PY "$HERE/compare.py" "$CSV.expected.csv" "$OUT/sqlite_daily.csv"
} > "$OUT/accuracy.txt" || true
cat "$OUT/accuracy.txt" >&2

# ---- big file: peak memory ---------------------------------------------------------------
if [ "$BIG_ROWS" -gt 0 ]; then
    BIG=$OUT/focus_big_$BIG_ROWS.csv
    avail=$(df --output=avail -B1 "$OUT" | tail -1)
    if [ "$avail" -lt $((4 * 1000 * 1000 * 1000)) ]; then
        log "less than 4 GB free on $(df --output=target "$OUT" | tail -1): big-file run skipped"
    else
        [ -s "$BIG" ] || { log "generating $BIG ($BIG_ROWS rows)"; $PY "$HERE/gen_focus.py" "$BIG" "$BIG_ROWS"; }
        BSIZE=$(stat -c %s "$BIG")
        [ "$BSIZE" -ge 1000000000 ] || log "warning: big file is only $BSIZE bytes (raise BIG_ROWS)"
        DATAFILE=$BIG measure "runway ingest+series (1 GB file)" "$BSIZE" "$BIG_ROWS" "rm -f $DB $DB-wal $DB-shm" \
            "'$RUNWAY' --db '$DB' --quiet ingest '$BIG' && '$RUNWAY' --db '$DB' series --by service --granularity day > '$OUT/runway_big_series.csv'"
        printf 'runway big\t' >> "$OUT/accuracy.txt"
        $PY "$HERE/compare.py" "$BIG.expected.csv" "$OUT/runway_big_series.csv" >> "$OUT/accuracy.txt" || true
        ls -l "$DB" | awk '{print "big db bytes\t" $5}' >> "$OUT/accuracy.txt"
        rm -f "$DB" "$DB-wal" "$DB-shm"
        [ "$KEEP" = 1 ] || rm -f "$BIG"
    fi
fi

# ---- profile -----------------------------------------------------------------------------
if [ "$PROFILE" = 1 ] && command -v valgrind >/dev/null; then
    P=$OUT/focus_100000.csv
    [ -s "$P" ] || $PY "$HERE/gen_focus.py" "$P" 100000
    rm -f "$OUT/prof.db" "$OUT/callgrind.out"
    log "callgrind on 100k rows"
    valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.out" \
        "$RUNWAY" --db "$OUT/prof.db" --quiet ingest "$P" 2> "$OUT/callgrind.log"
    callgrind_annotate --inclusive=yes "$OUT/callgrind.out" > "$OUT/callgrind_inclusive.txt"
    callgrind_annotate "$OUT/callgrind.out" > "$OUT/callgrind_self.txt"
    rm -f "$OUT/prof.db"
fi
# native time profile (software cpu-clock sampling works where hardware counters do not)
if [ "$PROFILE" = 1 ] && perf record -e cpu-clock -o /dev/null true >/dev/null 2>&1; then
    P=$OUT/focus_100000.csv
    rm -f "$OUT/prof.db"*
    perf record -F 5000 -e cpu-clock -o "$OUT/perf.data" \
        taskset -c "$CORE" "$RUNWAY" --db "$OUT/prof.db" --quiet ingest "$P" 2>/dev/null
    perf report -i "$OUT/perf.data" --no-children --sort dso --stdio 2>/dev/null > "$OUT/perf_dso.txt"
    perf report -i "$OUT/perf.data" --no-children --sort dso,symbol --stdio 2>/dev/null > "$OUT/perf_symbols.txt"
    rm -f "$OUT/prof.db"* "$OUT/perf.data"
fi

# ---- report ------------------------------------------------------------------------------
{
    echo "| tool | file MB | rows | wall s | MB/s | CPU s (user+sys) | peak RSS MB | runway ingest speed-up |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    RW=$(awk -F'\t' '$1 == "runway ingest" { print $4 }' "$SUMTSV")
    awk -F'\t' -v rw="$RW" 'NR > 1 { printf "| %s | %.1f | %d | %.2f | %s | %.2f | %.1f | %s |\n",
        $1, $2 / 1e6, $3, $4, ($2 > 0 ? sprintf("%.1f", $9) : "-"), $7, $8, ($1 ~ /^runway/) ? "" : sprintf("%.2fx", $4 / rw) }' "$SUMTSV"
    echo
    echo "gz file: $GZSIZE bytes (MB/s above is uncompressed CSV bytes per wall second)"
    echo
    echo '```'
    cat "$OUT/accuracy.txt"
    echo '```'
    echo
    echo "machine: nproc=$(nproc), $(lscpu | sed -n 's/^Model name: *//p'), $(sqlite3 --version | cut -d' ' -f1,2),"
    echo "pandas $($PY -c 'import pandas; print(pandas.__version__)'), numpy $($PY -c 'import numpy; print(numpy.__version__)'), $($PY --version), $(gcc --version | head -1)"
} > "$OUT/results.md"
cat "$OUT/results.md"

if [ "$KEEP" != 1 ]; then
    rm -f "$CSV" "$GZ"
fi
