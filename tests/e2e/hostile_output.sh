# hostile_output.sh: data that tries to drive a terminal or a spreadsheet
# (issue 14, points 3 and 4). A FOCUS bill whose service, account, region,
# resource and tag values carry terminal escape sequences (OSC title, clear
# screen), CR, BEL and U+202E (right-to-left override), and CSV formulas;
# a rejected row quoting such a value; a balance for such an account. Every
# command's output, stderr, report.md and report.html must hold none of
# those characters raw (they are shown as "\x1B", "\u202E"), and every CSV
# text cell that starts with a formula character is neutralised with a
# leading "'" inside quotes, while numbers (a credit of -2.5) stay numbers.
# JSON keeps the data exact.
. "$(dirname "$0")/common.bash" "$@"
PY=/usr/bin/python3

"$PY" - <<'PYEOF'
import datetime, json
ESC_T = "\x1b]0;pwned\x07"
CLR = "\x1b[2J"
RLO = "\u202e"
services = {
    "=HYPERLINK(\"http://evil\",\"x\")": 10,
    "+cmd|' /C calc'!A0": 5,
    "-2+3+cmd|' /C calc'!A0": 7,
    "@SUM(1+1)": 3,
    "t" + ESC_T + "x": 4,
    "c" + CLR + "\rhidden\x07": 6,
    "abc" + RLO + "fed": 8,
}
acct = "acct" + ESC_T + RLO + "z"  # under 120 bytes
def q(s): return '"' + s.replace('"', '""') + '"'
rows = ["ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,BillingAccountId,"
        "SubAccountId,ServiceName,RegionId,ResourceId,ChargeCategory,Tags"]
d0 = datetime.date(2024, 7, 1)
for i in range(62):
    a = d0 + datetime.timedelta(days=i); b = a + datetime.timedelta(days=1)
    for k, (svc, base) in enumerate(sorted(services.items())):
        cost = base * (1 + 0.02 * ((i * 7 + k) % 5))
        if i == 55 and k == 0: cost *= 6   # an anomaly attributed to "+cmd|..."
        tags = json.dumps({"team": "t" + CLR + RLO})
        rows.append(",".join([f"{a}T00:00:00Z", f"{b}T00:00:00Z", "%.2f" % cost, "CNY", "100001",
                              q(acct), q(svc), q("r" + RLO), q("res" + ESC_T), "Usage", q(tags)]))
    if i == 61:  # a credit: a negative number stays a number in CSV
        rows.append(",".join([f"{a}T00:00:00Z", f"{b}T00:00:00Z", "-20.50", "CNY", "100001",
                              q(acct), q("@SUM(1+1)"), "r", "x", "Credit", ""]))
# a rejected row whose reason quotes a hostile value
rows.append(",".join(["2024-08-01T00:00:00Z", "2024-08-02T00:00:00Z", q("1" + CLR + "\x07" + RLO),
                      "CNY", "100001", q(acct), "X", "r", "x", "Usage", ""]))
open("bill" + RLO + "vsc.csv", "w", newline="").write("\n".join(rows) + "\n")
json.dump({"FetchedAt": 1725148800, "Response": {"Uin": acct, "Balance": 10000, "RequestId": "b1"}},
          open("balance.json", "w"))
open("acct.txt", "w").write(acct)
PYEOF
ACCT=$(cat acct.txt)
BILL=$(ls bill*.csv)

# clean FILE...: no raw ESC, BEL, CR, U+202E (or other C1/bidi control) byte.
clean() {
    "$PY" - "$@" <<'PYEOF' || fail "raw control characters in: $*"
import sys
bad = [b"\x1b", b"\x07", b"\r", "\u202e".encode(), "\u009b".encode()]
ok = True
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    for b in bad:
        if b in data:
            i = data.index(b)
            print("%s: raw %r at byte %d: %r" % (path, b, i, data[max(0, i - 40):i + 20]), file=sys.stderr)
            ok = False
sys.exit(0 if ok else 1)
PYEOF
}

# run NAME ARGS...: runs runway, exit 0, keeps NAME.out and NAME.err, both clean.
run() {
    local name=$1
    shift
    expect_rc 0 "$RUNWAY" "$@"
    cp out.txt "$name.out"
    cp err.txt "$name.err"
    clean "$name.out" "$name.err"
}

# csv_ok FILE COLUMNS: every text cell is safe for a spreadsheet: a cell
# starting with = + - @ TAB CR is a number, or was written quoted as "'...".
csv_ok() {
    "$PY" - "$@" <<'PYEOF' || fail "CSV formula cell in $1"
import csv, sys
raw = open(sys.argv[1], newline="").read()
rows = list(csv.reader(raw.splitlines()))
ok, quoted = True, 0
for r in rows[1:]:
    for cell in r:
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
            try:
                float(cell)
            except ValueError:
                print("%s: formula cell %r" % (sys.argv[1], cell), file=sys.stderr)
                ok = False
        if cell.startswith("'"):
            quoted += 1
            if '"' + cell.replace('"', '""') + '"' not in raw:
                print("%s: cell %r not quoted" % (sys.argv[1], cell), file=sys.stderr)
                ok = False
if quoted == 0:
    print("%s: no neutralised cell" % sys.argv[1], file=sys.stderr)
    ok = False
sys.exit(0 if ok else 1)
PYEOF
}

# Ingest: the summary and the reject message quote the data escaped.
run ingest ingest "$BILL"
expect_grep "1 rejected" ingest.out
expect_grep "BilledCost '1\\\\x1B\[2J\\\\x07\\\\u202E' is not a number" ingest.out
expect_grep "bill\\\\u202Evsc.csv" ingest.out
run ingest_balance ingest balance.json
# An error quoting a file name goes to stderr escaped too.
expect_rc 1 "$RUNWAY" ingest "no$(printf '\033')[2Jsuch.csv"
clean out.txt err.txt
expect_grep 'no\\x1B\[2Jsuch.csv' err.txt
# So does an unknown option (argv is data too).
expect_rc 2 "$RUNWAY" series "--x$(printf '\033')[2J"
clean out.txt err.txt
expect_grep "unrecognized option '--x\\\\x1B\[2J'" err.txt

# rejects (text, CSV), sources
run rejects rejects
expect_grep "is not a number" rejects.out
run rejects_csv rejects --format csv
expect_grep '1\\x1B\[2J\\x07\\u202E' rejects_csv.out
run sources sources
expect_grep "bill\\\\u202Evsc.csv" sources.out

# series: CSV cells neutralised, escapes visible, the credit a plain number
run series series --by service
csv_ok series.out
expect_grep "^\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",2024-08-31," series.out
expect_grep "^\"'+cmd|' /C calc'!A0\",2024-08-31," series.out
expect_grep "^\"'-2+3+cmd|' /C calc'!A0\",2024-08-31," series.out
expect_grep "^\"'@SUM(1+1)\",2024-08-31,-17.5$" series.out
expect_grep '^"t\\x1B\]0;pwned\\x07x",2024-08-31,' series.out
expect_grep '^"c\\x1B\[2J\\x0Dhidden\\x07",2024-08-31,' series.out
expect_grep '^"abc\\u202Efed",2024-08-31,' series.out
run series_acct series --by account --from 2024-08-31
expect_grep '^"acct\\x1B\]0;pwned\\x07\\u202Ez",2024-08-31,' series_acct.out
run series_tag series --by tag:team --from 2024-08-31
expect_grep '^"t\\x1B\[2J\\u202E",2024-08-31,' series_tag.out
run series_region series --by region --from 2024-08-31
expect_grep '^"r\\u202E",2024-08-31,' series_region.out
# JSON keeps the names exact (JSON's own escapes only).
expect_rc 0 "$RUNWAY" series --by service --format json
"$PY" - <<'PYEOF' || fail "series JSON not exact"
import json
names = {s["name"] for s in json.load(open("out.txt"))["series"]}
assert "=HYPERLINK(\"http://evil\",\"x\")" in names, names
assert "c\x1b[2J\rhidden\x07" in names and "abc\u202efed" in names, names
PYEOF

# forecast --format csv
run forecast forecast --by service --horizon 2 --format csv
csv_ok forecast.out
expect_grep "^\"'@SUM(1+1)\",2024-09-01," forecast.out
expect_grep '^"abc\\u202Efed",2024-09-01,' forecast.out

# anomalies: text and CSV (attributed to the "+cmd|..." service)
run anomalies anomalies
expect_grep "service=+cmd|' /C calc'!A0" anomalies.out
run anomalies_csv anomalies --format csv
csv_ok anomalies_csv.out
expect_grep ",service,\"'+cmd|' /C calc'!A0\"," anomalies_csv.out
run anomalies_svc anomalies --by service --last 10
expect_grep 'abc\\u202Efed: ' anomalies_svc.out

# balance show, the planning commands, notify without a webhook
run balance balance show
expect_grep 'account acct\\x1B\]0;pwned\\x07\\u202Ez' balance.out
run runout runout --account "$ACCT"
run thresholds thresholds --account "$ACCT"
run budget budget --account "$ACCT" --amount 100
run arrears arrears --account "$ACCT"
expect_grep '^acct\\x1B\]0;pwned\\x07\\u202Ez is not in arrears' arrears.out
run backtest backtest --by service --horizon 3 --origins 1 --jobs 1
expect_grep '^abc\\u202Efed ' backtest.out
run topup_add topup 50 --at 2024-09-03 --account "$ACCT"
run topups topup list
expect_grep 'account acct\\x1B\]0;pwned\\x07\\u202Ez' topups.out
expect_rc 0 "$RUNWAY" notify --account "$ACCT" --verbose
cp out.txt notify.out
cp err.txt notify.err
clean notify.out notify.err
expect_grep 'threshold:acct\\x1B\]0;pwned\\x07\\u202Ez' notify.out
expect_grep 'not sent (no --webhook given' notify.out

# report: terminal summary, Markdown and HTML
run report report --account "$ACCT" --no-charts --out rep
clean rep/report.md rep/report.html
expect_grep 'acct\\x1B\]0;pwned\\x07\\u202Ez' rep/report.html
expect_grep '<bdi>acct\\x1B\]0;pwned\\x07\\u202Ez</bdi>' rep/report.html
expect_grep 'acct\\\\x1B\\\]0;pwned\\\\x07\\\\u202Ez' rep/report.md
# The page's own markup is intact: no data tag, the CSP still there.
expect_grep "Content-Security-Policy" rep/report.html
echo "hostile_output: ok"
