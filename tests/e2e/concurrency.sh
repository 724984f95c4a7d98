# concurrency.sh: two `runway ingest` of different large files and readers
# (`runway series`, `runway report`) at once on one store: every command
# succeeds (no "database is locked": writers wait on the 5-minute busy
# timeout, readers never wait under WAL), no row is lost, and the totals
# afterwards are exact. Three rounds, so the processes overlap differently.
. "$(dirname "$0")/common.bash" "$@"
PY=/usr/bin/python3
[ -x "$PY" ] || fail "python3 is needed to check the store (bash .ci/deps installs it)"

# gen FILE N AMOUNT MONTH: N charges of AMOUNT in MONTH (2024-MM), distinct per file.
gen() {
    awk -v n="$2" -v a="$3" -v m="$4" -v tag="$1" 'BEGIN {
        print "ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ServiceName,ResourceId"
        for (i = 0; i < n; i++)
            printf "2024-%s-%02dT%02d:00:00Z,2024-%s-%02dT%02d:59:59Z,%s,CNY,svc%d,%s-%d\n",
                m, 1 + i % 28, i % 24, m, 1 + i % 28, i % 24, a, i % 7, tag, i % 5000
    }' > "$1"
}
# The sample data, so that the report has something to forecast.
expect_rc 0 "$RUNWAY" ingest --quiet "$SRC"/data/sample/*.*
base=$("$RUNWAY" sources --format json | grep -c '"id"')
N=150000
files=0
for round in 1 2 3; do
    gen "a$round.csv" $N 0.25 0$round
    gen "b$round.csv" $N 0.5 0$round
    "$RUNWAY" ingest --quiet "a$round.csv" > a.out 2> a.err &
    pa=$!
    "$RUNWAY" ingest --quiet "b$round.csv" > b.out 2> b.err &
    pb=$!
    if [ "$round" = 2 ]; then
        "$RUNWAY" report --out "rep$round" --budget 20000 > r.out 2> r.err &
    else
        # Readers while both write: each sees whole files only.
        (for _ in 1 2 3 4 5; do
             "$RUNWAY" series --granularity month --currency CNY || exit 1
             sleep 0.05
         done) > r.out 2> r.err &
    fi
    pr=$!
    wait "$pa" || { cat a.err >&2; fail "round $round: ingest of a failed"; }
    wait "$pb" || { cat b.err >&2; fail "round $round: ingest of b failed"; }
    wait "$pr" || { cat r.err >&2; fail "round $round: the reader failed"; }
    ! grep -qi 'locked\|busy' a.err b.err r.err || fail "round $round: $(cat a.err b.err r.err)"
    if [ "$round" = 2 ]; then
        for f in report.html report.md summary.json; do
            [ -s "rep2/$f" ] || fail "the report written during ingests has no $f"
        done
    else
        # Every total a reader saw is made of whole files: 37500 a file of
        # a (0.25 x 150000), 75000 a file of b.
        awk -F, -v m="2024-0$round-01" '$2 == m && ($3 % 37500) != 0 { bad = 1 }
            END { exit bad }' r.out || fail "round $round: a reader saw part of a file: $(cat r.out)"
    fi
    files=$((files + 2))
    expect_rc 0 "$RUNWAY" series --granularity month --currency CNY
    expect_grep "^total,2024-0$round-01,112500$" out.txt
    rm "a$round.csv" "b$round.csv"
done
expect_rc 0 "$RUNWAY" sources --format json
expect_eq $((base + files)) "$(grep -c '"id"' out.txt)" "sources"
# No row lost: every source's counts match what is stored.
"$PY" - "$RUNWAY_DB" $N <<'EOF' || fail "store check"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
n = int(sys.argv[2])
assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
nch = dict(c.execute("SELECT source_id, count(*) FROM charges GROUP BY source_id"))
big = 0
for sid, path, rows, acc, ch in c.execute("SELECT id, path, rows, accepted, charges FROM sources"):
    if ch != nch.get(sid, 0):
        sys.exit("source %s: %d charges recorded, %d stored" % (path, ch, nch.get(sid, 0)))
    if path.endswith(".csv") and rows == n:
        big += 1
        assert acc == n and ch == n, path
if big != 6:
    sys.exit("%d big files stored, want 6" % big)
EOF
echo ok
