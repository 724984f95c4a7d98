# anomalies_cli.sh: `runway anomalies` on the real binary: a planted spike
# in a series file (text, CSV, JSON, threads, --to), attribution to the
# service that spiked in a FOCUS bill in the store, and errors.
. "$(dirname "$0")/common.bash" "$@"

# days START_MONTH COUNT: prints COUNT dates of 2024 from START_MONTH-01.
days() {
    awk -v m="$1" -v n="$2" 'BEGIN {
        split("31 29 31 30 31 30 31 31 30 31 30 31", len, " ")
        for (d = 1; n > 0; n--) {
            printf "2024-%02d-%02d\n", m, d
            if (++d > len[m]) { d = 1; m++ }
        }
    }'
}

# 120 days from 2024-01-01 of a weekly pattern with 2% noise (a fixed LCG,
# the same in every awk) and a spike on 2024-04-20; and a 20-day series.
days 1 120 | awk 'BEGIN { split("400 420 410 430 405 250 240", w, " "); x = 7
    print "series,timestamp,value" }
{   x = (x * 69069 + 1) % 4294967296
    v = w[(NR - 1) % 7 + 1] * (1 + 0.02 * (2 * x / 4294967296 - 1))
    if ($1 == "2024-04-20") v *= 2.5
    printf "spiky,%s,%.2f\n", $1, v
    if (NR <= 20) short = short sprintf("short,%s,%.2f\n", $1, v) }
END { printf "%s", short }' > s.csv

# (Noise may put a day just outside a 99% interval now and then: only the
# exact series below has an exact count.)
expect_rc 0 "$RUNWAY" anomalies --input s.csv --series spiky
expect_grep "^spiky: 30 days examined (2024-03-31 to 2024-04-29), [0-9] anomal.* outside the 99% interval of the forecast made before$" out.txt
expect_grep "^2024-04-20  value 6[0-9][0-9]\.[0-9][0-9]  expected 2[0-9][0-9]\.[0-9][0-9] (99%: .*)  +[0-9.]* above$" out.txt

# An exact weekly pattern: the spike and nothing else, however wide the
# window (the spike is masked in later histories, so a week later the
# seasonal naive model does not expect it again).
days 1 60 | awk 'BEGIN { split("400 420 410 430 405 250 240", w, " "); print "series,timestamp,value" }
{ printf "exact,%s,%d\n", $1, w[(NR - 1) % 7 + 1] * ($1 == "2024-02-20" ? 3 : 1) }' > e.csv
expect_rc 0 "$RUNWAY" anomalies --input e.csv
expect_eq "exact: 30 days examined (2024-01-31 to 2024-02-29), 1 anomaly outside the 99% interval of the forecast made before" \
    "$(head -1 out.txt)" "text summary"
expect_eq "2024-02-20  value 1260.00  expected 420.00 (99%: 420.0–420.0)  +840.0 above" \
    "$(sed -n 2p out.txt)" "the spike"
[ "$(wc -l < out.txt)" = 2 ] || fail "one anomaly line"

expect_rc 0 "$RUNWAY" anomalies --input s.csv --series spiky --format csv --jobs 1
expect_eq "series,timestamp,value,expected,lo,hi,direction,excess,dimension,dim_value,deviation" \
    "$(head -1 out.txt)" "CSV header"
expect_grep "^spiky,2024-04-20,6[0-9.]*,2[0-9.]*,2[0-9.]*,2[0-9.]*,above,[0-9.]*,,,$" out.txt
cp out.txt j1.csv
"$RUNWAY" anomalies --input s.csv --series spiky --format csv --jobs 3 > j3.csv || fail "three threads"
cmp -s j1.csv j3.csv || fail "output depends on the number of threads"

expect_rc 0 "$RUNWAY" anomalies --input s.csv --series spiky --format json --last 14 --level 95
for key in '"name": "spiky"' '"from": "2024-04-16"' '"to": "2024-04-29"' '"steps": 14' \
           '"level": 95' '"timestamp": "2024-04-20"' '"direction": "above"' '"score"' \
           '"attribution": null'; do
    expect_grep "$key" out.txt
done

# Up to the day before the spike: nothing; 50 days are too short for 40.
expect_rc 0 "$RUNWAY" anomalies --input s.csv --series spiky --from 2024-03-01 --to 2024-04-19 --last 40
expect_grep "^spiky: 22 days examined (2024-03-29 to 2024-04-19), no anomaly" out.txt
expect_grep "22 of the 40 days asked for examined; the first 28 are history" err.txt
# A too-short series fails, the other is still examined.
expect_rc 1 "$RUNWAY" anomalies --input s.csv
expect_grep "series 'short': series 'short' has 20 days; anomalies need at least 29" err.txt
expect_grep "1 of 2 series could not be examined" err.txt
expect_grep "^spiky: 30 days" out.txt

# Hourly data: origins a day apart, each forecasting the next 24 hours.
days 3 30 | awk 'BEGIN { x = 5; print "series,timestamp,value" }
{   for (h = 0; h < 24; h++) {
        x = (x * 69069 + 1) % 4294967296
        v = 50 + 10 * sin(6.2832 * h / 24) + 4 * x / 4294967296
        if ($1 == "2024-03-28" && h == 13) v *= 3
        printf "load,%sT%02d:00:00Z,%.3f\n", $1, h, v } }' > h.csv
expect_rc 0 "$RUNWAY" anomalies --input h.csv --format json
expect_grep '"steps": 168' out.txt
expect_grep '"origins": 7,' out.txt
expect_grep '"timestamp": "2024-03-28T13:00:00Z"' out.txt

# From the store: two services, CVM triples on 2024-08-20.
days 7 63 | awk 'BEGIN { x = 3
    print "ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,BillingAccountId,SubAccountId,ServiceName,RegionId,ChargeCategory,Tags" }
function row(day, end, cost, acct, svc, region, team) {
    printf "%sT00:00:00Z,%sT00:00:00Z,%.2f,CNY,100001,%s,%s,%s,Usage,\"{\"\"team\"\":\"\"%s\"\"}\"\n",
           day, end, cost, acct, svc, region, team }
function noise() { x = (x * 69069 + 1) % 4294967296; return 1 + 0.03 * (2 * x / 4294967296 - 1) }
{ d[NR] = $1 }
END { for (i = 1; i < NR; i++) {
    vm = ((i - 1) % 7 >= 5 ? 180 : 300) * noise()
    if (d[i] == "2024-08-20") vm *= 3
    row(d[i], d[i + 1], vm / 2, "acct-a", "CVM", "ap-guangzhou", "web")
    row(d[i], d[i + 1], vm / 2, "acct-b", "CVM", "ap-shanghai", "web")
    row(d[i], d[i + 1], 100 * noise(), "acct-b", "COS", "ap-guangzhou", "data") } }' > bill.csv
"$RUNWAY" ingest --quiet bill.csv || fail "ingest the bill"
expect_rc 0 "$RUNWAY" anomalies
expect_grep "^total: 30 days examined (2024-08-02 to 2024-08-31), [0-9] anomal" out.txt
expect_grep "^2024-08-20  cost [0-9]*\.[0-9][0-9] CNY  expected .*above  — service=CVM +[0-9.]* ([0-9]*% of the rise)$" out.txt
expect_rc 0 "$RUNWAY" anomalies --attribute tag:team --format json
expect_grep '"currency": "CNY"' out.txt
expect_grep '"dimension": "service"' out.txt
expect_grep '"value": "CVM"' out.txt
expect_grep '"dimension": "tag:team"' out.txt
expect_grep '"value": "web"' out.txt
expect_rc 0 "$RUNWAY" anomalies --format csv
expect_grep "^total,2024-08-20,.*,above,[0-9.]*,service,CVM,[0-9.]*$" out.txt
expect_rc 0 "$RUNWAY" anomalies --attribute none --format csv
expect_grep "^total,2024-08-20,.*,above,[0-9.]*,,,$" out.txt
expect_rc 0 "$RUNWAY" anomalies --by service --series CVM --last 14
expect_grep "^2024-08-20  cost .* above$" out.txt
expect_grep "attributed .* only for the total" err.txt

# Usage errors.
for bad in "--level 50" "--level 99.5" "--last 0" "--step x" "--format xml" "--jobs 0" \
           "--attribute color" "--granularity fortnight" "--nosuch" "extra"; do
    # shellcheck disable=SC2086
    expect_rc 2 "$RUNWAY" anomalies --input s.csv $bad
done
expect_rc 2 "$RUNWAY" anomalies --input s.csv --attribute tag:team
expect_grep "needs the store" err.txt
expect_rc 2 "$RUNWAY" anomalies --by service --series "No Such Service"
expect_rc 65 "$RUNWAY" anomalies --input "$CASES/focus/v1_0-basic/input.csv"
expect_rc 0 "$RUNWAY" anomalies --help
expect_grep "usage: runway anomalies" out.txt
echo ok
