# ingest_cli.sh: the ingest command on the real binary: summary, idempotency,
# stdin, gzip, strict mode, exit codes, rejects listing.
. "$(dirname "$0")/common.bash" "$@"

F=$CASES/focus
expect_rc 0 "$RUNWAY" ingest "$F/v1_0-basic/input.csv"
expect_grep "focus, 4 rows: 4 accepted, 0 rejected" out.txt
expect_grep "billed USD 110.75 (4 charges)" out.txt
# Same content again, by another name, through stdin: nothing added.
expect_rc 0 "$RUNWAY" ingest "$F/v1_0-basic/input.csv"
expect_grep "already ingested" out.txt
cp "$F/v1_0-basic/input.csv" renamed.csv
expect_rc 0 "$RUNWAY" ingest - < renamed.csv
expect_grep "already ingested" out.txt
expect_rc 0 "$RUNWAY" series
expect_eq "series,timestamp,value
total,2024-09-01,95
total,2024-09-18,15.75" "$(cat out.txt)" "series after re-ingest"

# Rejected rows: exit 0, counted, listed with file:line.
expect_rc 0 "$RUNWAY" ingest "$F/bad-rows/input.csv"
expect_grep "16 rows: 2 accepted, 14 rejected" out.txt
expect_grep "bad-rows/input.csv:3: BilledCost 'abc' is not a number" out.txt
expect_rc 0 "$RUNWAY" rejects --path input.csv --limit 2
expect_grep "input.csv:3: BilledCost 'abc' is not a number" out.txt
expect_rc 0 "$RUNWAY" rejects --format csv
[ "$(wc -l < out.txt)" = 15 ] || fail "rejects csv should have 14 rows + header"

# Strict: exit 65, the error names file:line, nothing stored (all files).
before=$("$RUNWAY" sources --format json | grep -c '"id"')
expect_rc 65 "$RUNWAY" ingest --strict "$F/mixed-currency/input.csv" "$F/strict-bad-row/input.csv"
expect_grep "strict-bad-row/input.csv:4: BilledCost 'x' is not a number" err.txt
after=$("$RUNWAY" sources --format json | grep -c '"id"')
expect_eq "$before" "$after" "sources after a failed strict ingest"
# Not a bill at all: exit 65; missing file: exit 1.
printf 'hello world\n' > junk.txt
expect_rc 65 "$RUNWAY" ingest junk.txt
expect_grep "junk.txt:1: cannot tell the format" err.txt
expect_rc 1 "$RUNWAY" ingest does-not-exist.csv
expect_grep "does-not-exist.csv: cannot open" err.txt
# gzip, JSON summary.
expect_rc 0 "$RUNWAY" ingest --summary json "$F/gz/input.csv.gz"
expect_grep '"rejected": 1' out.txt
expect_grep '"EUR": 3.75' out.txt
# Paths with spaces and shell metacharacters are just names.
cp "$F/mixed-currency/input.csv" 'we$ird name;rm -rf x.csv'
expect_rc 0 "$RUNWAY" ingest 'we$ird name;rm -rf x.csv'
expect_grep "3 rows: 3 accepted" out.txt
# Mixed currencies are split, never summed.
expect_rc 0 "$RUNWAY" series --from 2024-09-18 --to 2024-09-18 --by service
expect_grep "A (USD),2024-09-18," out.txt
expect_grep "A (CNY),2024-09-18,70" out.txt
expect_grep "several currencies" err.txt

# Dates a spreadsheet wrote, day/month order unknowable: refused (65) with
# the option named and nothing stored; --date-order dmy reads them.
printf 'ChargePeriodStart,BilledCost,BillingCurrency\n1/2/2025 0:00,5,USD\n3/4/2025 0:00,7,USD\n' \
    > ambiguous.csv
expect_rc 65 "$RUNWAY" ingest ambiguous.csv
expect_grep "ambiguous.csv: cannot tell whether '1/2/2025 0:00' is month/day/year" err.txt
expect_grep "say which with --date-order mdy or --date-order dmy" err.txt
expect_rc 2 "$RUNWAY" ingest --date-order ymd ambiguous.csv
expect_rc 0 "$RUNWAY" ingest --date-order dmy ambiguous.csv
expect_grep "2 rows: 2 accepted, 0 rejected" out.txt
expect_rc 0 "$RUNWAY" series --from 2025-01-01 --to 2025-04-30
expect_eq "series,timestamp,value
total,2025-02-01,5
total,2025-04-03,7" "$(grep -v '^total,.*,0$' out.txt)" "series of a --date-order dmy ingest"
echo ok
