# kill_random.sh: SIGKILL `runway ingest`, `runway fetch tencent` and
# `runway report` at seeded random moments. After each kill the store must
# pass PRAGMA integrity_check, hold no partial file (every source's counts
# match its stored charges and rejects, no orphan charge), and hold either
# none or all of what was being written; re-running must complete with exact
# totals. Reports must be absent or complete, never half written.
# RUNWAY_KILL_SEED picks other moments (the seed is printed on failure).
. "$(dirname "$0")/common.bash" "$@"
PY=/usr/bin/python3
[ -x "$PY" ] || fail "python3 is needed to check the store (bash .ci/deps installs it)"
command -v jq >/dev/null || fail "jq is needed (bash .ci/deps installs it)"
SEED=${RUNWAY_KILL_SEED:-20240501}
RANDOM=$SEED
PIDS=""
cleanup() { for p in $PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$WORK"; }
trap cleanup EXIT
kfail() { fail "(seed $SEED, kill $k after ${delay}s) $*"; }

now() { date +%s.%N; }
# delay MAX: a random delay in [0, MAX] seconds.
rdelay() { awk -v m="$1" -v r="$RANDOM" 'BEGIN { printf "%.3f", m * r / 32767 }'; }
# kill_after DELAY CMD...: starts CMD, SIGKILLs it after DELAY seconds.
# Returns 0 if the kill landed (the process was still running).
kill_after() {
    local d=$1
    shift
    "$@" >/dev/null 2>&1 &
    local pid=$!   # the process itself: CMD is never a shell function
    sleep "$d"
    local landed=1
    kill -9 "$pid" 2>/dev/null && landed=0
    wait "$pid" 2>/dev/null
    return $landed
}

# check_store DB: prints the number of sources and the sum of the billed
# amounts (only compared for the ingest files, whose 0.25s add exactly);
# fails on any inconsistency.
check_store() {
    "$PY" - "$1" <<'EOF' || kfail "inconsistent store"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
bad = []
if not c.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sources'").fetchone()[0]:
    # Killed before the schema was made: the store must be empty.
    n = c.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if n:
        sys.exit("a store with %d schema objects but no sources table" % n)
    print(0, "0.00")
    sys.exit(0)
ic = c.execute("PRAGMA integrity_check").fetchall()
if ic != [("ok",)]:
    bad.append("integrity_check: %r" % ic[:5])
nch = dict(c.execute("SELECT source_id, count(*) FROM charges GROUP BY source_id"))
nrej = dict(c.execute("SELECT source_id, count(*) FROM rejects GROUP BY source_id"))
for sid, path, rows, acc, rej, ch in c.execute(
        "SELECT id, path, rows, accepted, rejected, charges FROM sources"):
    n, r = nch.get(sid, 0), nrej.get(sid, 0)
    if rows != acc + rej or ch != n or rej != r:
        bad.append("source %s (%s): rows %d accepted %d rejected %d charges %d, stored %d charges %d rejects"
                   % (sid, path, rows, acc, rej, ch, n, r))
for t in ("charges", "rejects", "usage_hourly"):
    o = c.execute("SELECT count(*) FROM %s WHERE source_id NOT IN (SELECT id FROM sources)" % t).fetchone()[0]
    if o:
        bad.append("%d orphan rows in %s" % (o, t))
if bad:
    sys.stderr.write("\n".join(bad) + "\n")
    sys.exit(1)
print(c.execute("SELECT count(*) FROM sources").fetchone()[0],
      "%.2f" % (c.execute("SELECT total(billed) FROM charges").fetchone()[0]))
EOF
}
total() { "$RUNWAY" series --granularity month | awk -F, 'NR > 1 { s += $3 } END { printf "%.2f", s }'; }

# --- ingest: 20 kills over 100k-row files, each file distinct (one extra
# zero-cost row), so every kill lands on a file not yet in the store.
ROWS=100000
awk -v n=$ROWS 'BEGIN {
    print "ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ServiceName,ResourceId"
    for (i = 0; i < n; i++)
        printf "2024-05-%02dT%02d:00:00Z,2024-05-%02dT%02d:59:59Z,0.25,USD,svc%d,res%d\n",
            1 + i % 10, i % 24, 1 + i % 10, i % 24, i % 7, i % 5000
}' > base.csv
mkfile() { cp base.csv "big$1.csv" && echo "2024-05-01T00:00:00Z,2024-05-01T00:59:59Z,0,USD,svc,uniq$1" >> "big$1.csv"; }
k=0 delay=0
mkfile 0
t0=$(now)
expect_rc 0 "$RUNWAY" ingest --quiet big0.csv
D=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", (b - a) * 1.1 }')
rm big0.csv
done_files=1 midway=0
for k in $(seq 1 20); do
    mkfile "$k"
    delay=$(rdelay "$D")
    kill_after "$delay" "$RUNWAY" ingest --quiet "big$k.csv"
    read -r n sum < <(check_store "$RUNWAY_DB") || exit 1
    [ -n "$n" ] || exit 1
    if [ "$n" = "$done_files" ]; then
        midway=$((midway + 1))
    else
        expect_eq $((done_files + 1)) "$n" "sources after kill $k (seed $SEED)"
    fi
    expect_eq "$(awk -v n="$n" -v r=$ROWS 'BEGIN { printf "%.2f", n * r * 0.25 }')" "$sum" \
        "total after kill $k at ${delay}s (seed $SEED)"
    expect_rc 0 "$RUNWAY" ingest --quiet "big$k.csv"
    done_files=$((done_files + 1))
    expect_eq "$(awk -v n=$done_files -v r=$ROWS 'BEGIN { printf "%.2f", n * r * 0.25 }')" "$(total)" \
        "total after re-running kill $k (seed $SEED)"
    rm "big$k.csv"
done
[ "$midway" -ge 5 ] || fail "only $midway of 20 ingest kills landed before the commit (seed $SEED)"
read -r n sum < <(check_store "$RUNWAY_DB")
expect_eq 21 "$n" "sources at the end"
rm base.csv
echo "ingest: $midway of 20 kills before the commit (${SECONDS}s)"

# --- fetch: a month of 3000 items (30 pages) killed during the page walk,
# each time on a fresh store: afterwards none or all of the month is
# stored, and the next fetch (resuming from the kept pages) is exact.
export TENCENTCLOUD_SECRET_ID=AKIDrunwayFAKE0000000000000000000000
export TENCENTCLOUD_SECRET_KEY=runwayFAKEsecretKEY0000000000000
ITEMS=3000
"$PY" "$SRC/tests/e2e/fake_tencent.py" --items $ITEMS --month 2024-07 --idle-timeout 120 \
    > fake.port 2> fake.err &
PIDS="$PIDS $!"
for _ in $(seq 50); do [ -s fake.port ] && break; sleep 0.1; done
[ -s fake.port ] || { cat fake.err >&2; fail "fake API did not start"; }
URL="http://127.0.0.1:$(head -1 fake.port)"
want=$("$PY" -c "print('%.2f' % (sum((i % 7 + 1) * 11 for i in range($ITEMS)) / 100))")
export RUNWAY_DB="$WORK/fetch.db"
FETCH=("$RUNWAY" fetch tencent --month 2024-07 --no-balance --endpoint "$URL" --raw-dir raw)
t0=$(now)
expect_rc 0 "${FETCH[@]}"
D=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", (b - a) * 1.1 }')
expect_eq "$want" "$(total)" "a whole fetch"
midway=0
for k in $(seq 1 8); do
    rm -rf fetch.db* raw
    delay=$(rdelay "$D")
    kill_after "$delay" "${FETCH[@]}"
    check_store "$RUNWAY_DB" >/dev/null || exit 1
    got=$(total)
    case "$got" in
        0.00) midway=$((midway + 1)) ;;
        "$want") ;;
        *) kfail "part of the month stored: $got of $want" ;;
    esac
    expect_rc 0 "${FETCH[@]}"
    expect_eq "$want" "$(total)" "fetch after kill $k at ${delay}s (seed $SEED)"
    check_store "$RUNWAY_DB" >/dev/null || exit 1
    [ -e raw/bills-2024-07.jsonl.part ] && kfail "partial pages left after a complete fetch"
done
echo "fetch: $midway of 8 kills before the commit (${SECONDS}s)"
[ "$midway" -ge 2 ] || fail "only $midway of 8 fetch kills landed before the commit (seed $SEED)"

# --- report: killed while writing; each file absent or complete (equal to a
# whole report from the same store but for the time it was made).
export RUNWAY_DB="$WORK/report.db"
expect_rc 0 "$RUNWAY" ingest --quiet "$SRC"/data/sample/*.*
strip() { grep -v -e generated -e 'data:image' "$1"; }
t0=$(now)
expect_rc 0 "$RUNWAY" report --out ref --budget 20000
D=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", (b - a) * 1.1 }')
same_as_ref() { # DIR: each report file absent or whole
    local f
    for f in report.md report.html; do
        [ -e "$1/$f" ] || continue
        cmp -s <(strip "ref/$f") <(strip "$1/$f") || kfail "$1/$f is not a whole report"
    done
    if [ -e "$1/summary.json" ]; then
        jq -e . "$1/summary.json" >/dev/null 2>&1 || kfail "$1/summary.json is not valid JSON"
        expect_eq "$(jq -S 'del(.generated_at)' ref/summary.json)" \
                  "$(jq -S 'del(.generated_at)' "$1/summary.json")" "$1/summary.json (seed $SEED)"
    fi
    # Temporary files are hidden (.NAME.RANDOM.tmp): nothing visible is half written.
    ls "$1" | grep -q tmp && kfail "visible temporary file in $1"
    if [ -d "$1/charts" ]; then
        for f in "$1"/charts/*.svg; do
            [ -e "$f" ] || continue
            tail -c 100 "$f" | grep -q '</svg>' || kfail "$f is half written"
        done
    fi
    return 0
}
some=0
for k in $(seq 1 6); do
    delay=$(rdelay "$D")
    kill_after "$delay" "$RUNWAY" report --out "r$k" --budget 20000
    [ -e "r$k/report.html" ] && some=$((some + 1))
    same_as_ref "r$k"
    check_store "$RUNWAY_DB" >/dev/null || exit 1
    expect_rc 0 "$RUNWAY" report --out "r$k" --budget 20000
    same_as_ref "r$k"
    for f in report.md report.html summary.json; do [ -s "r$k/$f" ] || kfail "no r$k/$f"; done
done
echo "report: $some of 6 kills after report.html was written (${SECONDS}s)"
echo ok
