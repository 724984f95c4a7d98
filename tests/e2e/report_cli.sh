# report_cli.sh: `runway demo` and `runway report` on the real binary: the
# files written, the report's numbers against the JSON of the individual
# commands, determinism, no gnuplot, no font for Chinese, odd paths, and
# errors.
. "$(dirname "$0")/common.bash" "$@"
command -v jq >/dev/null || fail "jq is needed (bash .ci/deps installs it)"

expect_rc 0 "$RUNWAY" demo --data "$SRC/data/sample" --out "demo out"
expect_grep '^report: demo out/report.html' out.txt
for f in report.html report.md summary.json; do
    [ -s "demo out/$f" ] || fail "demo wrote no $f"
done
ls "demo out"/.*.tmp 2>/dev/null && fail "temporary files left behind"
S="demo out/summary.json"
[ "$(jq '.summary | length' "$S")" = 5 ] || fail "five summary lines"
if command -v gnuplot >/dev/null; then
    for c in runout budget total stack service-01; do
        [ -s "demo out/charts/$c.svg" ] && [ -s "demo out/charts/$c.png" ] || fail "chart $c missing"
        size=$(stat -c %s "demo out/charts/$c.png")
        [ "$size" -gt 5000 ] && [ "$size" -lt 2000000 ] || fail "chart $c.png has an odd size ($size)"
    done
    expect_grep 'data:image/svg+xml;base64,' "demo out/report.html"
    expect_grep 'charts/runout.png' "demo out/report.md"
fi

# The second account of the sample, already in arrears, has its own report.
B="demo out/100087654321"
[ -s "$B/report.html" ] && [ -s "$B/summary.json" ] || fail "no report of the account in arrears"
expect_eq in_arrears "$(jq -r .runout.status "$B/summary.json")" "second account's status"
expect_eq 215.3 "$(jq .runout.owed "$B/summary.json")" "second account's debt"
expect_grep '^  IN ARREARS since 2024-09-25: owes 215.30 CNY' out.txt
# Its ledger is reconciled with its bills in the report's data quality.
expect_grep 'the ledger agrees with the bills on all 18 day(s) (deductions 1 day(s) after the usage)' "$B/report.md"

# The report says what the commands say (same store, same seed).
A=(--account 100012345678)
"$RUNWAY" runout "${A[@]}" --policy tencent-cos --format json > runout.json || fail "runout"
for q in p10 p50 p90; do
    expect_eq "$(jq -r ".dates.$q" runout.json)" "$(jq -r ".runout.dates.$q" "$S")" "run-out $q"
done
expect_eq "$(jq .balance runout.json)" "$(jq .runout.balance "$S")" "balance"
expect_eq "$(jq -r .arrears.data_deleted_from.p50 runout.json)" \
          "$(jq -r .runout.arrears.data_deleted_from.p50 "$S")" "deletion date"
"$RUNWAY" thresholds "${A[@]}" --format json > thr.json || fail "thresholds"
expect_eq "$(jq -c '[.thresholds[].balance]' thr.json)" "$(jq -c '[.thresholds[].balance]' "$S")" \
          "thresholds"
expect_eq "$(jq -c '[.thresholds[].backtest.held]' thr.json)" \
          "$(jq -c '[.thresholds[].backtest.held]' "$S")" "thresholds' replay"
"$RUNWAY" budget "${A[@]}" --amount 20000 --format json > budget.json || fail "budget"
expect_eq "$(jq .forecast_total.mean budget.json)" "$(jq .budget.forecast_total.mean "$S")" \
          "month forecast"
expect_eq "$(jq .probability_over budget.json)" "$(jq .budget.probability_over "$S")" \
          "probability over budget"
expect_eq "$(jq .spent budget.json)" "$(jq .budget.spent "$S")" "spent"
"$RUNWAY" anomalies "${A[@]}" --format json --attribute none > anom.json || fail "anomalies"
expect_eq "$(jq -c '[.series[0].anomalies[].timestamp]' anom.json)" \
          "$(jq -c '[.anomalies.list[].day]' "$S")" "anomaly days"

# Deterministic: the same report again (but for the time it was made).
expect_rc 0 "$RUNWAY" demo --data "$SRC/data/sample" --out again
expect_eq "$(jq -S 'del(.generated_at)' "$S")" "$(jq -S 'del(.generated_at)' again/summary.json)" \
          "summary.json for a fixed seed"
cmp -s <(grep -v 'generated' "demo out/report.md") <(grep -v 'generated' again/report.md) ||
    fail "report.md differs between runs"
expect_eq 8 "$("$RUNWAY" sources --format json | jq length)" "re-running the demo ingests nothing new"

# Without gnuplot: everything but the pictures, and one line saying how to get them.
mkdir nognuplot
expect_rc 0 env PATH=/nonexistent "$RUNWAY" report "${A[@]}" --out nognuplot --budget 20000
expect_grep 'apt-get install gnuplot-nox' err.txt
[ "$(grep -c 'gnuplot' err.txt)" = 1 ] || fail "one line about gnuplot"
[ -s nognuplot/report.html ] && [ -s nognuplot/summary.json ] || fail "report without gnuplot"
ls nognuplot/charts/*.png 2>/dev/null && fail "charts without gnuplot"
expect_grep 'gnuplot-nox' nognuplot/report.html

# Without a font for Chinese (fontconfig set up with DejaVu alone): charts
# still drawn, Chinese as boxes, and one warning saying what to install.
dejavu=/usr/share/fonts/truetype/dejavu
if command -v gnuplot >/dev/null && command -v fc-list >/dev/null && [ -d "$dejavu" ]; then
    if [ -n "$(fc-list :lang=zh-cn family)" ]; then
        if grep -q 'no installed font covers Chinese' "demo out/report.html"; then
            fail "a font warning although one covers Chinese"
        fi
    fi
    printf '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n' \
        "$dejavu" "$WORK/fc-cache" >nocjk.conf
    mkdir nocjk
    expect_rc 0 env FONTCONFIG_FILE="$WORK/nocjk.conf" "$RUNWAY" report "${A[@]}" --out nocjk --budget 20000
    [ "$(grep -c 'no installed font covers Chinese' err.txt)" = 1 ] || fail "one warning about the font"
    expect_grep 'apt-get install fonts-wqy-microhei' err.txt
    expect_grep 'no installed font covers Chinese' nocjk/report.html
    [ -s nocjk/charts/stack.png ] || fail "no charts without a font for Chinese"
    expect_grep '□□□□Redis' nocjk/charts/stack.svg
fi

# Errors.
expect_rc 2 "$RUNWAY" report
expect_grep 'out DIR is required' err.txt
expect_rc 2 "$RUNWAY" report --out x --budget -5
expect_rc 2 "$RUNWAY" report --out x --policy nope
expect_rc 2 "$RUNWAY" report --out x     # two accounts with balances: which?
expect_grep "several accounts have balances ('100012345678', '100087654321'): choose one" err.txt
expect_rc 2 "$RUNWAY" demo --data /nonexistent
for c in report demo; do
    expect_rc 0 "$RUNWAY" $c --help
    expect_grep "usage: runway $c" out.txt
done
