# series_cli.sh: exact series output for each grouping and granularity.
. "$(dirname "$0")/common.bash" "$@"

cat > bill.csv <<'CSV'
ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ServiceName,RegionId,SubAccountId,BillingAccountId,Tags,ConsumedQuantity,ConsumedUnit
2024-09-01T05:00:00Z,2024-09-01T06:00:00Z,1.1,1,USD,Compute,r1,a1,p,"{""team"":""x""}",2,Hours
2024-09-01T05:30:00Z,2024-09-01T06:00:00Z,2.2,2,USD,Storage,r2,a2,p,"{""team"":""y""}",10,GB
2024-09-02T23:00:00Z,2024-09-03T00:00:00Z,3.3,3,USD,Compute,r1,,p,,3,hours
2024-09-09T00:00:00Z,2024-09-10T00:00:00Z,-0.4,-0.4,USD,Compute,r1,a1,p,,,
2024-10-01T00:00:00Z,2024-10-02T00:00:00Z,5,5,USD,Storage,r2,a2,p,"{""team"":""y""}",1,GB
CSV
"$RUNWAY" ingest --quiet bill.csv || fail "ingest"
expect_rc 0 "$RUNWAY" series --by service
expect_eq "series,timestamp,value
Compute,2024-09-01,1.1
Compute,2024-09-02,3.3
Compute,2024-09-09,-0.4
Compute,2024-10-01,0
Storage,2024-09-01,2.2
Storage,2024-09-02,0
Storage,2024-09-09,0
Storage,2024-10-01,5" "$(cat out.txt)" "by service, day"
expect_rc 0 "$RUNWAY" series --granularity week
expect_eq "series,timestamp,value
total,2024-08-26,3.3
total,2024-09-02,3.3
total,2024-09-09,-0.4
total,2024-09-30,5" "$(cat out.txt)" "weekly (Monday starts)"
expect_rc 0 "$RUNWAY" series --granularity month --by account
expect_eq "series,timestamp,value
a1,2024-09-01,0.7
a1,2024-10-01,0
a2,2024-09-01,2.2
a2,2024-10-01,5
p,2024-09-01,3.3
p,2024-10-01,0" "$(cat out.txt)" "monthly by account (sub-account, else billing account)"
expect_rc 0 "$RUNWAY" series --granularity hour --to 2024-09-01
expect_eq "series,timestamp,value
total,2024-09-01T05:00:00Z,3.3" "$(cat out.txt)" "hourly with --to"
expect_rc 0 "$RUNWAY" series --by tag:team --from 2024-09-02 --to 2024-09-30
expect_eq "series,timestamp,value
(none),2024-09-02,3.3
(none),2024-09-09,-0.4" "$(cat out.txt)" "by tag with a window"
expect_rc 0 "$RUNWAY" series --metric usage:hours --by region
expect_eq "series,timestamp,value
r1,2024-09-01,2
r1,2024-09-02,3" "$(cat out.txt)" "usage in one unit, case-insensitive"
expect_rc 0 "$RUNWAY" series --metric effective-cost --granularity month
expect_eq "series,timestamp,value
total,2024-09-01,5.6
total,2024-10-01,5" "$(cat out.txt)" "effective cost"
expect_rc 0 "$RUNWAY" series --by region --granularity month --format json
expect_grep '"name": "r1"' out.txt
expect_grep '"currency": "USD"' out.txt
expect_grep '"timestamp": "2024-09-01"' out.txt
expect_rc 2 "$RUNWAY" series --by bucket
expect_rc 0 "$RUNWAY" series --account nobody
expect_eq "series,timestamp,value" "$(cat out.txt)" "unknown account gives an empty series"

# Series files: the latest file wins for the same (series, timestamp).
printf 'series,timestamp,value\nx,2024-01-01,1\nx,2024-01-02,2\n' > s1.csv
printf 'series,timestamp,value\nx,2024-01-02,20\nx,2024-01-03,\n' > s2.csv
"$RUNWAY" ingest --quiet s1.csv s2.csv || fail "ingest series files"
expect_rc 0 "$RUNWAY" series --metric points
expect_eq "series,timestamp,value
x,2024-01-01,1
x,2024-01-02,20
x,2024-01-03," "$(cat out.txt)" "points: latest wins, gaps kept"
echo ok
