#!/bin/bash
# run.sh: run-out and threshold benchmark on simulated prepaid accounts.
#
#   bench/runout/run.sh [N]     N = number of accounts generated (default 300)
#
# Environment knobs:
#   RUNWAY=path      runway binary (default build-rel/runway; built in Release if missing)
#   SEED=20240901    generator seed (gen.py --seed)
#   RUNOUT_OUT=dir   output folder (default bench/out/runout)
#   RUNWAY_REV=text  noted in the report beside the binary (e.g. the commit it was built from)
#
# To test the harness without runway: RUNWAY=bench/runout/mock_runway.py bench/runout/run.sh
#
# Each account is one `runway runout` and one `runway thresholds` process (call.py), run one
# at a time, as-of = the last history day. Writes RUNOUT_OUT/: history.csv, future.csv,
# meta.csv (gen.py), calls.jsonl (answers and timings), env.txt, results.json,
# per_account.tsv and results.md (metrics.py).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${RUNOUT_OUT:-$ROOT/bench/out/runout}
PY=/usr/bin/python3
N=${1:-300}
SEED=${SEED:-20240901}
RUNWAY=${RUNWAY:-$ROOT/build-rel/runway}
mkdir -p "$OUT"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

$PY -c 'import numpy' || { echo "numpy not importable by $PY (apt-get install python3-numpy)" >&2; exit 1; }
$PY "$HERE/metrics.py" --selftest

if [ ! -x "$RUNWAY" ] && [ "$RUNWAY" = "$ROOT/build-rel/runway" ]; then
    log "building runway (Release)"
    cmake -S "$ROOT" -B "$ROOT/build-rel" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$ROOT/build-rel" -j >/dev/null
fi
"$RUNWAY" runout --help >/dev/null 2>&1 || { echo "$RUNWAY has no 'runout' command" >&2; exit 1; }
"$RUNWAY" thresholds --help >/dev/null 2>&1 || { echo "$RUNWAY has no 'thresholds' command" >&2; exit 1; }

{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "cpu: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
    echo "memory: $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
    echo "os: Debian $(cat /etc/debian_version)"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "repo HEAD: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (working tree has uncommitted changes)')"
    echo "runway binary: $RUNWAY${RUNWAY_REV:+ (built from $RUNWAY_REV)} ($("$RUNWAY" --version 2>&1 | head -1))"
    echo "generator: gen.py --n $N --seed $SEED"
} > "$OUT/env.txt"

log "generating $N accounts (seed $SEED) into $OUT"
$PY "$HERE/gen.py" "$OUT" --n "$N" --seed "$SEED"

# --input does not need the store; point RUNWAY_DB into the output folder so no ./runway.db appears.
export RUNWAY_DB=$OUT/runway_bench.db
log "runway runout + thresholds on each account"
$PY "$HERE/call.py" "$RUNWAY" "$OUT/history.csv" "$OUT/meta.csv" "$OUT/calls.jsonl"
echo "load average after the runway calls: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/env.txt"

$PY "$HERE/metrics.py" "$OUT" > "$OUT/results.md"
log "wrote $OUT/results.md, results.json, per_account.tsv"
cat "$OUT/results.md"
