# hostile_input.sh: hostile and odd input on the real binary (issue 7): big
# fields, truncated and corrupt gzip for every format, paths with shell
# metacharacters, and after each ingest a consistent store (PRAGMA
# integrity_check; rows = accepted + rejected = reject records; charges
# counted = stored); the planning commands on degenerate series.
# The small cases are fixtures in tests/cases/*/hostile-*.
. "$(dirname "$0")/common.bash" "$@"
PY=/usr/bin/python3

# consistent: the store passes SQLite's integrity check and every source's
# accounting matches what is stored.
consistent() {
    "$PY" - "$RUNWAY_DB" <<'EOF' || fail "store inconsistent after: $1"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
assert c.execute("PRAGMA foreign_key_check").fetchall() == []
for sid, rows, acc, rej, ch, pts in c.execute(
        "SELECT id, rows, accepted, rejected, charges, points FROM sources"):
    assert rows == acc + rej, (sid, rows, acc, rej)
    # (warnings share the table: kind 'warning')
    assert rej == c.execute("SELECT count(*) FROM rejects WHERE source_id=? AND kind='reject'", (sid,)).fetchone()[0]
    assert ch == c.execute("SELECT count(*) FROM charges WHERE source_id=?", (sid,)).fetchone()[0]
    assert pts == c.execute("SELECT count(*) FROM points WHERE source_id=?", (sid,)).fetchone()[0]
assert c.execute("SELECT count(*) FROM sources WHERE sha256='pending'").fetchone()[0] == 0
EOF
}
nsources() { "$PY" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM sources').fetchone()[0])" "$RUNWAY_DB"; }

FOCUS_HEAD='ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ServiceName'
ROW='2024-09-18T00:00:00Z,2024-09-19T00:00:00Z,10,USD,A'
expect_rc 0 "$RUNWAY" ingest "$CASES/focus/mixed-currency/input.csv"
consistent "first ingest"

# A 10 MB field, quoted and unquoted: the row is rejected with file:line.
"$PY" - <<'EOF'
x = "x" * (10 << 20)
h = "ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ServiceName\n"
r = "2024-09-18T00:00:00Z,2024-09-19T00:00:00Z,%s,USD,%s\n"
open("big-quoted.csv", "w").write(h + r % (1, "A") + r % (2, '"' + x + '"') + r % (4, "B"))
open("big-plain.csv", "w").write(h + r % (1, "C") + r % (2, x))
open("big-strict.csv", "w").write(h + r % (2, x) + r % (1, "C"))
open("big-number.csv", "w").write(h + r % ("1" * (10 << 20), "D") + r % (8, "E"))
open("big-series.csv", "w").write("series,timestamp,value\n%s,2024-09-01,1\nb,2024-09-01,2\n" % x)
EOF
expect_rc 0 "$RUNWAY" ingest big-quoted.csv
expect_grep "3 rows: 2 accepted, 1 rejected" out.txt
expect_grep "big-quoted.csv:3: dimension values longer than 8192 bytes" out.txt
expect_rc 0 "$RUNWAY" ingest big-plain.csv
expect_grep "big-plain.csv:3: dimension values longer than 8192 bytes" out.txt
expect_rc 0 "$RUNWAY" ingest big-number.csv
expect_grep "big-number.csv:2: BilledCost '1111" out.txt
expect_rc 0 "$RUNWAY" ingest big-series.csv
expect_grep "big-series.csv:2: series name is longer than 1024 bytes" out.txt
expect_rc 65 "$RUNWAY" ingest --strict big-strict.csv
expect_grep "big-strict.csv:2: dimension values longer than 8192 bytes" err.txt
consistent "10 MB fields"
# A quote opened and never closed, with 80 MB after it: refused, not eaten.
"$PY" -c "
import sys
h = '$FOCUS_HEAD\n'
open('unbalanced.csv', 'w').write(h + '2024-09-18T00:00:00Z,,1,USD,\"open\n' + '$ROW\n' * 1600000)"
expect_rc 65 "$RUNWAY" ingest unbalanced.csv
expect_grep "unbalanced.csv:2: " err.txt
consistent "unbalanced quote"

# Truncated and corrupt gzip, every format: exit 1 naming the file, nothing
# stored, and no descriptor number in the message.
before=$(nsources)
for f in "$CASES"/focus/v1_0-basic/input.csv "$CASES"/aws-cur/legacy-basic/input.csv \
         "$CASES"/tencent-bill/zh-basic/input.csv "$CASES"/tencent-api/bill-detail/input.json \
         "$CASES"/cos-log/basic/input.log "$CASES"/s3-log/basic/input.log \
         "$CASES"/series/basic/input.csv; do
    gzip -c "$f" > full.gz
    size=$(wc -c < full.gz)
    head -c $((size * 2 / 3)) full.gz > cut.gz
    expect_rc 1 "$RUNWAY" ingest cut.gz
    expect_grep "cut.gz:[0-9]*: truncated or corrupt gzip data: unexpected end of file" err.txt
    grep -q "<fd:" err.txt && fail "descriptor number in: $(cat err.txt)"
    # A flipped byte in the CRC trailer.
    "$PY" -c "import sys; b = bytearray(open('full.gz', 'rb').read()); b[-6] ^= 0xff; open('bad.gz', 'wb').write(b)"
    expect_rc 1 "$RUNWAY" ingest bad.gz
    expect_grep "bad.gz:[0-9]*: truncated or corrupt gzip data: incorrect data check" err.txt
done
head -c 2 full.gz > two.gz
expect_rc 1 "$RUNWAY" ingest two.gz
expect_grep "two.gz:1: truncated or corrupt gzip data" err.txt
: | gzip > empty.gz
expect_rc 65 "$RUNWAY" ingest empty.gz
expect_grep "empty.gz: empty input" err.txt
expect_eq "$before" "$(nsources)" "sources after bad gzip"
consistent "gzip"

# Paths with spaces and shell metacharacters are only names: nothing runs.
name="a b; rm -rf x \$(touch y) 'q'.csv"
mkdir x
cp "$CASES/focus/v1_2-reordered-extra/input.csv" "$name"
expect_rc 0 "$RUNWAY" ingest "$name"
expect_grep "3 rows: 3 accepted" out.txt
[ -d x ] && [ ! -e y ] || fail "a file name was run as a command"
expect_rc 0 "$RUNWAY" sources
expect_grep "a b; rm -rf x \$(touch y) 'q'.csv" out.txt
printf '%s\nbad,2024-09-18T00:00:00Z,1,USD,A\n' "$FOCUS_HEAD" > "\$(touch y);\`touch y\`.csv"
expect_rc 0 "$RUNWAY" ingest "\$(touch y);\`touch y\`.csv"
expect_rc 0 "$RUNWAY" rejects
expect_grep "\$(touch y);\`touch y\`.csv:2: ChargePeriodStart 'bad' is not a timestamp" out.txt
[ ! -e y ] || fail "a file name was run as a command"
consistent "odd names"

# Every fixture of tests/cases ingested into one store: still consistent.
for d in "$CASES"/*/*/; do
    for f in "$d"input*; do "$RUNWAY" ingest "$f" >/dev/null 2>&1; done
done
consistent "all fixtures"

# Planning commands on degenerate series: a clear message or a finite answer,
# never a crash, NaN or Inf.
"$PY" - <<'EOF'
import datetime as dt
d0 = dt.date(2024, 5, 1)
for name, f in [("zeros", lambda i: "0"), ("gaps", lambda i: ""), ("negative", lambda i: "-5"),
                ("spike", lambda i: "1e18" if i == 45 else "10"),
                ("overflow", lambda i: "1e308" if i % 2 else "10")]:
    with open(name + ".csv", "w") as o:
        o.write("series,timestamp,value\n")
        for i in range(90):
            o.write("s,%s,%s\n" % (d0 + dt.timedelta(i), f(i)))
EOF
for s in zeros gaps negative spike overflow; do
    for cmd in "forecast --horizon 7" "backtest --horizon 7" "runout --balance 1000" \
               "thresholds" "budget --amount 1000 --month 2024-07" "anomalies"; do
        # shellcheck disable=SC2086
        "$RUNWAY" $cmd --input "$s.csv" > out.txt 2> err.txt
        rc=$?
        case $rc in
        0) ! grep -qiE '(^|[^a-z])-?(nan|inf)([^a-z]|$)' out.txt ||
               fail "$cmd on $s: NaN or Inf in: $(grep -iE 'nan|inf' out.txt | head -3)" ;;
        1 | 65) grep -q "series 's'\|runway: " err.txt || fail "$cmd on $s: exit $rc, unclear: $(cat err.txt)" ;;
        *) fail "$cmd on $s: exit $rc: $(head -5 err.txt)" ;;
        esac
    done
done
# The values beyond +-1e18 are rejected, with their lines, when ingested.
expect_rc 0 "$RUNWAY" ingest overflow.csv
expect_grep "overflow.csv:3: value '1e308' is beyond +-1e+18" out.txt
# All gaps: nothing to forecast, said plainly.
expect_rc 1 "$RUNWAY" forecast --horizon 7 --input gaps.csv
expect_grep "has 0 observed values" err.txt
consistent "planning"
echo ok
