# amortize_cli.sh: --amortize on the real binary: a 310 CNY monthly purchase
# over October spread to 10 a day (exact CSV), cut at --to and at the end of
# the data (JSON "deferred"), a Tencent Cloud 包年包月 fee in Beijing days,
# "amortized" in forecast JSON and in the report, and the balance commands
# refusing it (exit 2).
. "$(dirname "$0")/common.bash" "$@"

{
    echo "ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ServiceName,ChargeCategory,ChargeFrequency"
    echo "2024-10-01T00:00:00Z,2024-11-01T00:00:00Z,310,CNY,CVM,Purchase,Recurring"
    for d in $(seq 1 28); do
        printf '2024-10-%02dT00:00:00Z,2024-10-%02dT01:00:00Z,%s,CNY,COS,Usage,Usage-Based\n' \
            "$d" "$d" "$(( d % 7 == 5 || d % 7 == 6 ? 1 : 2 ))"
    done
} > bill.csv
"$RUNWAY" ingest --quiet bill.csv || fail "ingest"

expect_rc 0 "$RUNWAY" series --amortize --by service --from 2024-10-26
expect_eq "series,timestamp,value
COS,2024-10-26,1
COS,2024-10-27,1
COS,2024-10-28,2
CVM,2024-10-26,10
CVM,2024-10-27,10
CVM,2024-10-28,10" "$(cat out.txt)" "amortised days (data until 2024-10-28)"
expect_rc 0 "$RUNWAY" series --by service --from 2024-10-01 --to 2024-10-02
expect_eq "series,timestamp,value
COS,2024-10-01,2
COS,2024-10-02,2
CVM,2024-10-01,310
CVM,2024-10-02,0" "$(cat out.txt)" "as billed: the whole month on its first day"
# Months: the data end with October's bucket, so the whole fee is in it;
# with --to 2024-10-03, 3 days of it (30) and 280 deferred.
expect_rc 0 "$RUNWAY" series --amortize --granularity month --by service --format csv
expect_eq "series,timestamp,value
COS,2024-10-01,48
CVM,2024-10-01,310" "$(cat out.txt)" "amortised month up to the end of the data"
expect_rc 0 "$RUNWAY" series --amortize --granularity month --to 2024-10-03 --format json
python3 - <<'PY' || fail "series JSON"
import json
d = json.load(open("out.txt"))
assert d["amortized"] is True, d
s = d["series"][0]
assert s["points"] == [{"timestamp": "2024-10-01", "value": 36.0}], s
assert abs(s["deferred"] - 280.0) < 1e-9, s
PY
expect_rc 0 "$RUNWAY" series --format json
expect_grep '"amortized": false' out.txt

# Forecast JSON says which view the history was.
expect_rc 0 "$RUNWAY" forecast --amortize --horizon 3 --format json
python3 -c 'import json; d = json.load(open("out.txt")); assert all(f["amortized"] is True for f in d["forecasts"]), d' \
    || fail "forecast JSON amortized"
expect_rc 0 "$RUNWAY" forecast --horizon 3 --format json
expect_grep '"amortized": false' out.txt

# Budget: spend so far amortised (280 + 48) against as billed (310 + 48).
expect_rc 0 "$RUNWAY" budget --amount 500 --amortize --format json
python3 -c 'import json; d = json.load(open("out.txt")); assert abs(d["spent"] - 328) < 1e-9, d' \
    || { cat out.txt >&2; fail "amortised budget spend"; }
expect_rc 0 "$RUNWAY" budget --amount 500 --format json
python3 -c 'import json; d = json.load(open("out.txt")); assert abs(d["spent"] - 358) < 1e-9, d' \
    || { cat out.txt >&2; fail "as-billed budget spend"; }

# The balance commands refuse it: money leaves the balance when billed.
"$RUNWAY" balance set 500 --at 2024-10-28T12:00:00Z --quiet >/dev/null || fail "balance set"
expect_rc 2 "$RUNWAY" runout --amortize
expect_grep "does not apply to run-out: the balance pays each charge when it is billed" err.txt
expect_rc 2 "$RUNWAY" thresholds --amortize
expect_grep "does not apply to thresholds" err.txt
expect_rc 2 "$RUNWAY" arrears --amortize
expect_rc 2 "$RUNWAY" notify --amortize --dry-run
expect_rc 0 "$RUNWAY" runout --format json

# The report says which view its cost parts show, in both languages.
expect_rc 0 "$RUNWAY" report --amortize --no-charts --out rep
expect_grep '"cost_view": "amortized"' rep/summary.json
expect_grep 'amortised over charge periods' rep/report.md
expect_grep 'amortised over charge periods' rep/report.html
expect_rc 0 "$RUNWAY" report --amortize --no-charts --out rep-zh --lang zh-CN
expect_grep '按计费周期摊销' rep-zh/report.md
expect_rc 0 "$RUNWAY" report --no-charts --out rep-billed
expect_grep '"cost_view": "as-billed"' rep-billed/summary.json
expect_grep 'as billed (each charge on the first day of its period)' rep-billed/report.md

# A Tencent Cloud 包年包月 fee for October in Beijing time: 10 a Beijing day.
export RUNWAY_DB="$WORK/tencent.db"
cat > tc.csv <<'CSV'
产品名称,计费模式,交易类型,扣费时间,用量开始时间,用量结束时间,优惠后总价,现金账户支出,币种
云服务器CVM,包年包月,包年包月新购,2024-10-01 00:00:00,2024-10-01 00:00:00,2024-10-31 23:59:59,310,310,CNY
对象存储COS,按量计费,按量计费日结,2024-10-04 03:00:00,2024-10-03 00:00:00,2024-10-03 23:59:59,1,1,CNY
CSV
"$RUNWAY" ingest --quiet tc.csv || fail "ingest tencent"
expect_rc 0 "$RUNWAY" series --amortize --tz Asia/Shanghai
expect_eq "series,timestamp,value
total,2024-10-01,10
total,2024-10-02,10
total,2024-10-03,11" "$(cat out.txt)" "Beijing days"
expect_rc 0 "$RUNWAY" series --amortize --tz UTC --granularity hour --to 2024-09-30T17:59:59Z
expect_eq "series,timestamp,value
total,2024-09-30T16:00:00Z,0.416666666666667
total,2024-09-30T17:00:00Z,0.416666666666667" "$(cat out.txt)" "UTC hours from Beijing midnight"
echo "amortize_cli: ok"
