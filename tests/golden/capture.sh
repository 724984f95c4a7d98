#!/usr/bin/env bash
# capture.sh: runs every command of runway on the bundled sample data and
# writes what each printed (stdout, stderr, exit code) and the report files
# into OUTDIR, one file per command, with the only parts that change from
# run to run (the time a report or forecast was made, the time a file was
# ingested, the temporary folder) masked. Two captures of builds that
# should behave the same must be identical: `diff -r A B`.
#
# Usage: bash tests/golden/capture.sh RUNWAY_BINARY SOURCE_DIR OUTDIR
set -u
RUNWAY=$(realpath "$1")
SRC=$(realpath "$2")
OUT=$(realpath -m "$3")
rm -rf "$OUT"
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/rw_golden.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
export RUNWAY_DB="$WORK/store.db"
export RUNWAY_NOW=1727740800 # 2024-10-01T00:00:00Z, for notify
export LC_ALL=C
SAMPLE="$SRC/data/sample"
SERIES="$SAMPLE/series-daily-egress.csv"

mask() {
    sed -E -e "s#$WORK#WORK#g" -e "s#$SRC#SRC#g" \
        -e 's#("generated_at": ?")[^"]*"#\1MASKED"#g' \
        -e 's#("ingested_at": ?")[^"]*"#\1MASKED"#g' \
        -e 's#("made": ?")[^"]*"#\1MASKED"#g' \
        -e 's#\(ingested [0-9T:Z-]+\)#(ingested MASKED)#g' \
        -e 's#(generated|made) [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z#\1 MASKED#g' \
        -e 's#^( *[0-9]+ .{24} )[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z#\1MASKED#' \
        -e 's#(<time[^>]*>)[^<]*(</time>)#\1MASKED\2#g'
}

# run LABEL ARGS...: runway ARGS, its output in OUT/LABEL.{out,err,rc}.
run() {
    local label=$1
    shift
    "$RUNWAY" "$@" >"$WORK/o" 2>"$WORK/e"
    echo $? >"$OUT/$label.rc"
    mask <"$WORK/o" >"$OUT/$label.out"
    mask <"$WORK/e" >"$OUT/$label.err"
}

# The demo, then the report files it wrote.
run demo demo --data "$SAMPLE" --out "$WORK/report"
for f in report.md summary.json report.html; do
    mask <"$WORK/report/$f" >"$OUT/demo-$f"
done
(cd "$WORK/report/charts" && ls) >"$OUT/demo-charts.txt"

# Help of every command.
run help --help
for c in ingest series balance topup sources rejects forecast backtest runout thresholds budget \
         anomalies report demo fetch notify run; do
    run "help-$c" "$c" --help
done

# Store contents.
run sources sources
run sources-json sources --format json
run rejects rejects
run rejects-csv rejects --format csv
run rejects-json rejects --format json --limit 3
run balance-show balance show
run balance-show-json balance show --format json
run topup-list topup list
run topup-list-json topup list --format json
run series series
run series-service series --by service --format json
run series-region-week series --by region --granularity week
run series-usage series --metric requests --by bucket --granularity hour --from 2024-09-27
run series-bad series --by nowhere

# Forecasts.
run forecast-csv forecast --by service --horizon 14
run forecast-json forecast --horizon 7 --format json
run forecast-input forecast --input "$SERIES" --horizon 10 --level 90 --model ets
run forecast-bad forecast --horizon 0
run forecast-nohorizon forecast
run backtest backtest --by service --horizon 7
run backtest-json backtest --horizon 7 --origins 2 --format json
run backtest-saved backtest --saved
run backtest-saved-json backtest --saved --format json

# Planning.
run runout runout
run runout-json runout --policy tencent-cos --format json
run runout-flows runout --topup 3000@2024-10-05 --charge 500@2024-10-02/week --credit-limit 100
run runout-input runout --input "$SERIES" --balance 500 --format json
run runout-input-nobalance runout --input "$SERIES"
run runout-bad runout --grace-hours -1
run thresholds thresholds
run thresholds-json thresholds --format json --no-backtest
run thresholds-prom thresholds --format prometheus --lead-time 5d --lead-time 2d --no-backtest
run budget budget --amount 20000
run budget-json budget --amount 15000 --month 2024-10 --alert 90 --format json
run budget-missing budget
run anomalies anomalies
run anomalies-json anomalies --format json --attribute tag:team
run anomalies-csv anomalies --format csv --by service --last 20
run anomalies-input anomalies --input "$SERIES" --format json

# Alerts: a dry run, then recorded without a webhook, then again (no change).
run notify-dry notify --dry-run --budget 20000 --verbose
run notify notify --budget 20000
run notify-again notify --budget 20000
run notify-bad notify --cooldown soon

# Ingest into a fresh store, and files it refuses.
export RUNWAY_DB="$WORK/fresh.db"
run ingest-json ingest --summary json "$SAMPLE/tencent-bill-2024-09-redis.csv" "$SAMPLE/balance-2024-09-28.json"
run ingest-text ingest "$SAMPLE/focus-2024-06-to-09.csv.gz"
run ingest-again ingest "$SAMPLE/focus-2024-06-to-09.csv.gz"
printf 'not,a,bill\n1,2,3\n' >"$WORK/junk.csv"
run ingest-junk ingest "$WORK/junk.csv"
run ingest-none ingest
run report-fresh report --out "$WORK/fresh-report" --no-charts --budget 1000
for f in report.md summary.json; do
    mask <"$WORK/fresh-report/$f" >"$OUT/fresh-$f"
done
run unknown-command frobnicate
run unknown-option --frobnicate
exit 0
