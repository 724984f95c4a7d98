# kill_ingest.sh: SIGKILL an ingest midway, several times; the store must be
# consistent with no partial file counted, and a re-run must complete with
# exact totals.
. "$(dirname "$0")/common.bash" "$@"

# 400k rows of 0.25 each over 10 days: total 100000 exactly.
awk 'BEGIN {
    print "ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ServiceName,ResourceId"
    for (i = 0; i < 400000; i++)
        printf "2024-05-%02dT%02d:00:00Z,2024-05-%02dT%02d:59:59Z,0.25,USD,svc%d,res%d\n",
            1 + i % 10, i % 24, 1 + i % 10, i % 24, i % 7, i % 5000
}' > big.csv
midway=0
for delay in 0.05 0.1 0.2 0.3 0.5; do
    "$RUNWAY" ingest --quiet big.csv &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    # Either nothing or everything of the file is in the store.
    n=$("$RUNWAY" sources --format json | grep -c '"id"')
    total=$("$RUNWAY" series --granularity month | tail -n +2 | cut -d, -f3)
    if [ "$n" = 0 ]; then
        [ -z "$total" ] || fail "no source recorded but charges present: $total"
        midway=$((midway + 1))
    else
        expect_eq "100000" "$total" "total after a kill that landed after commit"
    fi
done
[ "$midway" -ge 1 ] || fail "no kill landed before the commit: make the file bigger"
expect_rc 0 "$RUNWAY" ingest big.csv
expect_rc 0 "$RUNWAY" series --granularity month
expect_eq "series,timestamp,value
total,2024-05-01,100000" "$(cat out.txt)" "total after re-run"
expect_rc 0 "$RUNWAY" sources --format json
expect_grep '"rows": 400000' out.txt
expect_grep '"accepted": 400000' out.txt
echo ok
