# tz_cli.sh: the reporting time zone (--tz, RUNWAY_TZ, the Tencent default):
# Tencent Cloud's days and months are Beijing ones, FOCUS ones stay UTC.
. "$(dirname "$0")/common.bash" "$@"

FEE="$CASES/tencent-bill/monthly-fee-beijing/input.csv"
unset RUNWAY_TZ

# A Tencent bill only: Beijing time by default. The monthly fee billed from
# 2019-06-01 00:00 Beijing (2019-05-31T16:00Z) is June's, as in the console.
"$RUNWAY" ingest --quiet "$FEE" || fail "ingest the Tencent bill"
expect_rc 0 "$RUNWAY" series --granularity month
expect_eq "series,timestamp,value
total,2019-05-01,10
total,2019-06-01,312" "$(cat out.txt)" "months in Beijing time"
expect_rc 0 "$RUNWAY" series
expect_eq "series,timestamp,value
total,2019-05-31,10
total,2019-06-01,312" "$(cat out.txt)" "days in Beijing time"

# --tz UTC: the UTC months and days of before.
expect_rc 0 "$RUNWAY" series --granularity month --tz UTC
expect_eq "series,timestamp,value
total,2019-05-01,322" "$(cat out.txt)" "months in UTC"
expect_rc 0 "$RUNWAY" series --tz UTC
expect_eq "series,timestamp,value
total,2019-05-30,10
total,2019-05-31,312" "$(cat out.txt)" "days in UTC"

# RUNWAY_TZ is the default of --tz; the flag wins over it.
RUNWAY_TZ=UTC expect_rc 0 "$RUNWAY" series --granularity month
expect_eq "series,timestamp,value
total,2019-05-01,322" "$(cat out.txt)" "RUNWAY_TZ=UTC"
RUNWAY_TZ=UTC expect_rc 0 "$RUNWAY" series --granularity month --tz Asia/Shanghai
expect_grep "^total,2019-06-01,312$" out.txt
RUNWAY_TZ=+08:00 expect_rc 0 "$RUNWAY" series --granularity month
expect_grep "^total,2019-06-01,312$" out.txt

# Hours say their offset, never a false Z; JSON names the zone.
expect_rc 0 "$RUNWAY" series --granularity hour
expect_eq "series,timestamp,value
total,2019-05-31T00:00:00+08:00,10
total,2019-06-01T00:00:00+08:00,312" "$(cat out.txt)" "hours in Beijing time"
expect_rc 0 "$RUNWAY" series --granularity hour --tz Europe/Berlin --format json
expect_grep '"tz": "Europe/Berlin"' out.txt
expect_grep '"timestamp": "2019-05-31T18:00:00+02:00"' out.txt
expect_rc 0 "$RUNWAY" series --tz UTC --format json
grep -q '"tz"' out.txt && fail "UTC series JSON has no tz field"
# --from/--to are local dates.
expect_rc 0 "$RUNWAY" series --from 2019-06-01 --to 2019-06-01
expect_eq "series,timestamp,value
total,2019-06-01,312" "$(cat out.txt)" "--from/--to in Beijing days"

# Bad zones are usage errors that name the zone.
expect_rc 2 "$RUNWAY" series --tz Mars/Base
expect_grep "unknown time zone 'Mars/Base'" err.txt
expect_rc 2 "$RUNWAY" series --tz ../../etc/passwd
expect_grep "not a time zone name" err.txt
RUNWAY_TZ=Nowhere/Land expect_rc 2 "$RUNWAY" runout --balance 100
expect_grep "unknown time zone 'Nowhere/Land'" err.txt
expect_rc 2 "$RUNWAY" run --no-fetch --tz Mars/Base
expect_grep "unknown time zone 'Mars/Base'" err.txt
expect_rc 0 "$RUNWAY" series --help
expect_grep "RUNWAY_TZ" out.txt

# A FOCUS file, even of Tencent Cloud, stays in UTC days by default.
export RUNWAY_DB="$WORK/focus.db"
cat > focus.csv <<'CSV'
ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ServiceName,ProviderName,BillingAccountId
2024-09-01T20:00:00Z,2024-09-01T21:00:00Z,1.5,CNY,COS,Tencent Cloud,p
2024-09-02T03:00:00Z,2024-09-02T04:00:00Z,2.5,CNY,COS,Tencent Cloud,p
CSV
"$RUNWAY" ingest --quiet focus.csv || fail "ingest FOCUS"
expect_rc 0 "$RUNWAY" series
expect_eq "series,timestamp,value
total,2024-09-01,1.5
total,2024-09-02,2.5" "$(cat out.txt)" "FOCUS days in UTC"
expect_rc 0 "$RUNWAY" series --tz Asia/Shanghai
expect_eq "series,timestamp,value
total,2024-09-02,4" "$(cat out.txt)" "FOCUS days in Beijing time on request"
# Tencent bills next to FOCUS data: UTC, the days both agree on.
"$RUNWAY" ingest --quiet "$FEE" || fail "ingest the Tencent bill next to FOCUS"
expect_rc 0 "$RUNWAY" series --granularity month
expect_grep "^total,2019-05-01,322$" out.txt

# Run-out in Beijing days: 20 days of a Tencent bill (2024-09-01..20,
# Beijing), the balance seen at 2024-09-20T20:00Z = 09-21 04:00 Beijing.
export RUNWAY_DB="$WORK/plan.db"
{
    head -1 "$FEE"
    for d in $(seq 1 20); do
        day=$(printf '2024-09-%02d' "$d")
        echo "909619400,909619400,909619400,对象存储COS,对象存储COS-标准存储,按量计费,按量计费日结,2024090${d}0000,$day 03:00:00,$day 00:00:00,$day 23:59:59,b-1250000000,,-,默认项目,华南地区（广州）,-,存储容量,标准存储容量,0.1,元/GB/日,100,GB,1,日,10,1,10,0,10,0,CNY,prod"
    done
} > days.csv
"$RUNWAY" ingest --quiet days.csv || fail "ingest 20 days"
"$RUNWAY" balance set 95 --at 2024-09-20T20:00:00Z --currency CNY >/dev/null || fail "balance"
expect_rc 0 "$RUNWAY" runout --format json
expect_grep '"as_of": "2024-09-20"' out.txt
expect_grep '"tz": "Asia/Shanghai"' out.txt
expect_grep 'observed at 2024-09-21T04:00:00+08:00' out.txt
expect_grep '"p50": "2024-09-30"' out.txt # 95 lasts 9 days of 10: day 10 goes negative
expect_grep '"p50": "2024-09-30T00:00:00+08:00"' out.txt
expect_rc 0 "$RUNWAY" runout
expect_grep "days        in Asia/Shanghai (UTC+08:00)" out.txt
expect_grep "balance .* at 2024-09-21 04:00 UTC+08:00 " out.txt   # as observed
expect_grep "carried to the end of 2024-09-20" out.txt
# In UTC the same snapshot is on 09-20, after the last full UTC day 09-19.
expect_rc 0 "$RUNWAY" runout --tz UTC --format json
expect_grep '"as_of": "2024-09-19"' out.txt
grep -q '"tz"' out.txt && fail "UTC run-out JSON has no tz field"
exit 0
