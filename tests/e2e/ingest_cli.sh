# ingest_cli.sh: the ingest command on the real binary: summary, idempotency,
# stdin, gzip, ZIP, UTF-16, strict mode, exit codes, rejects listing.
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

# A file with most rows rejected is refused whole (exit 65, nothing stored);
# --max-reject-rate 1 keeps its good rows.
expect_rc 65 "$RUNWAY" ingest "$F/bad-rows/input.csv"
expect_grep "11 of 16 rows were rejected, more than --max-reject-rate 50%: nothing stored (line 3: BilledCost 'abc' is not a number)" err.txt
expect_rc 0 "$RUNWAY" rejects
expect_grep "no rejected rows" out.txt
expect_rc 2 "$RUNWAY" ingest --max-reject-rate 150% "$F/bad-rows/input.csv"
expect_grep "not a share from 0 to 1" err.txt
# Rejected rows: exit 0, counted, listed with file:line.
expect_rc 0 "$RUNWAY" ingest --max-reject-rate 100% "$F/bad-rows/input.csv"
expect_grep "16 rows: 5 accepted, 11 rejected, 3 warnings" out.txt
expect_grep "bad-rows/input.csv:3: BilledCost 'abc' is not a number" out.txt
expect_rc 0 "$RUNWAY" rejects --path input.csv --limit 2
expect_grep "input.csv:3: BilledCost 'abc' is not a number" out.txt
expect_rc 0 "$RUNWAY" rejects --format csv
[ "$(wc -l < out.txt)" = 15 ] || fail "rejects csv should have 11 rejects + 3 warnings + header"

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
# Real exports: the same FOCUS bill plain, as a .csv.zip, saved by Excel as
# UTF-16 text and as ';' with decimal commas gives the same series, each in
# its own store; in one store the ZIP is the plain file's content (the hash
# covers the decompressed entry), so nothing is added.
R=$CASES/focus
/usr/bin/python3 - "$R/zip/input.csv.zip" <<'PY' > plain.csv || fail "unzip the ZIP fixture"
import sys, zipfile
sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("focus-2024-09.csv"))
PY
want=""
for f in plain.csv "$R/zip/input.csv.zip" "$R/utf16-tab/input.txt" "$R/semicolon/input.csv"; do
    RUNWAY_DB="$WORK/real-$(basename "$(dirname "$f")").db" "$RUNWAY" ingest --quiet "$f" ||
        fail "ingest $f"
    got=$(RUNWAY_DB="$WORK/real-$(basename "$(dirname "$f")").db" "$RUNWAY" series --format csv)
    [ -n "$want" ] || want=$got
    expect_eq "$want" "$got" "series of $f"
done
expect_eq "series,timestamp,value
total,2024-09-18,15.7875" "$want" "series of the real-export bill"
cp "$R/zip/input.csv.zip" same.csv.zip
RUNWAY_DB="$WORK/real-one.db" "$RUNWAY" ingest --quiet plain.csv || fail "ingest plain"
expect_rc 0 env RUNWAY_DB="$WORK/real-one.db" "$RUNWAY" ingest same.csv.zip
expect_grep "already ingested" out.txt
expect_rc 65 "$RUNWAY" ingest "$R/zip-two-files/input.zip"
expect_grep "a ZIP archive with 2 files (export/part-1.csv, export/part-2.csv)" err.txt

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

# A daily cron over the month-to-date export (days 7, 8, 30): the store keeps
# exactly the last export's total; the summary and `sources` say what was
# replaced; an Excel re-save of the last one adds nothing; the day-7 export
# ingested again late is already stored (nothing added).
M=$F/month-to-date
export RUNWAY_DB="$WORK/cron.db"
expect_rc 0 "$RUNWAY" ingest "$M/input1.csv"
expect_rc 0 "$RUNWAY" ingest "$M/input2.csv"
expect_grep "replaces 2024-09 of AWS 111122223333: 14 charges of the earlier export .*/month-to-date/input1.csv" out.txt
expect_rc 0 "$RUNWAY" ingest --summary json "$M/input3.csv"
expect_grep '"replaced": 16' out.txt
expect_grep '"action": "replaced"' out.txt
expect_rc 0 "$RUNWAY" series --granularity month --format csv
expect_eq "series,timestamp,value
total,2024-09-01,38.15" "$(cat out.txt)" "month after three month-to-date exports"
expect_rc 0 "$RUNWAY" sources
expect_grep "input1.csv  focus  14 rows: 14 accepted, 0 rejected  \[superseded by 2\]" out.txt
expect_grep "input2.csv  focus  16 rows: 16 accepted, 0 rejected  \[superseded by 3\]" out.txt
/usr/bin/python3 -c "import sys; d=open(sys.argv[1],'rb').read(); open('resaved.csv','wb').write(b'\xef\xbb\xbf'+d.replace(b'\n',b'\r\n'))" "$M/input3.csv"
expect_rc 0 "$RUNWAY" ingest resaved.csv
expect_grep "already ingested" out.txt
expect_rc 0 "$RUNWAY" ingest "$M/input1.csv"
expect_grep "already ingested" out.txt
expect_rc 0 "$RUNWAY" series --granularity month --format csv
expect_grep "total,2024-09-01,38.15" out.txt

# A file with every row rejected tells the cron job: exit 65, nothing stored.
printf 'ChargePeriodStart,BilledCost,BillingCurrency\nyesterday,5,USD\n2024-09-01,x,USD\n' > broken.csv
expect_rc 65 "$RUNWAY" ingest broken.csv
expect_grep "broken.csv: every row (2) was rejected, nothing stored (line 2: ChargePeriodStart 'yesterday' is not a timestamp)" err.txt
expect_rc 0 "$RUNWAY" sources --format json
grep -q broken.csv out.txt && fail "a refused file was recorded"
export RUNWAY_DB="$WORK/store.db"
echo ok
