# forecast_cli.sh: forecast and backtest on the real binary: the CSV
# contract, JSON explanation, levels, seeds, forced models, store input,
# and errors.
. "$(dirname "$0")/common.bash" "$@"

# Three weeks of an exact weekly pattern, and a too-short series.
awk 'BEGIN {
    print "series,timestamp,value"
    for (d = 0; d < 28; d++) {
        v = (d % 7 >= 5) ? 40 : 100 + d % 7
        printf "weekly,2024-01-%02d,%d\n", d + 1, v
    }
    print "tiny,2024-01-01,5"
    print "tiny,2024-01-02,6"
}' > s.csv
expect_rc 1 "$RUNWAY" forecast --input s.csv --horizon 3
expect_grep "series 'tiny': .*at least 3" err.txt
expect_grep "1 of 2 series could not be forecast" err.txt
expect_eq "series,timestamp,mean,lo80,hi80,lo95,hi95,model" "$(head -1 out.txt)" "CSV header"
expect_eq "weekly,2024-01-29,100,100,100,100,100,snaive" "$(sed -n 2p out.txt)" "exact weekly forecast"
expect_eq "weekly,2024-01-31,102,102,102,102,102,snaive" "$(sed -n 4p out.txt)" "third step"
[ "$(wc -l < out.txt)" = 4 ] || fail "3 rows for the weekly series"

# One series, other levels, JSON with its explanation.
expect_rc 0 "$RUNWAY" forecast --input s.csv --series weekly --horizon 2 --level 90 --level 60
expect_eq "series,timestamp,mean,lo90,hi90,lo60,hi60,model" "$(head -1 out.txt)" "header for other levels"
expect_rc 0 "$RUNWAY" forecast --input s.csv --series weekly --horizon 2 --format json
for key in '"series": "weekly"' '"generated_at"' '"periods"' '"chosen": "snaive"' \
           '"calibration_factor"' '"lo80"' '"hi95"' '"level_shift": null'; do
    expect_grep "$key" out.txt
done

# Noisy data: same seed, same output; forced models; bad flags.
awk 'BEGIN { srand(3); print "series,timestamp,value"
    for (h = 0; h < 24 * 21; h++)
        printf "load,2024-03-%02dT%02d:00:00Z,%.3f\n", 1 + int(h / 24), h % 24,
               50 + 10 * sin(6.2832 * h / 24) + rand() * 4 }' > h.csv
"$RUNWAY" forecast --input h.csv --horizon 24 --seed 5 > a.csv || fail "forecast a"
"$RUNWAY" forecast --input h.csv --horizon 24 --seed 5 > b.csv || fail "forecast b"
cmp -s a.csv b.csv || fail "same seed gave different output"
cat h.csv > h2.csv
sed 's/^load,/load2,/' h.csv | tail -n +2 >> h2.csv
"$RUNWAY" forecast --input h2.csv --horizon 24 --jobs 1 > j1.csv || fail "one thread"
"$RUNWAY" forecast --input h2.csv --horizon 24 --jobs 2 > j2.csv || fail "two threads"
cmp -s j1.csv j2.csv || fail "output depends on the number of threads"
expect_rc 2 "$RUNWAY" forecast --input h.csv --horizon 3 --jobs 0
[ "$(tail -1 a.csv | cut -d, -f2)" = "2024-03-22T23:00:00Z" ] || fail "hourly timestamps"
expect_rc 0 "$RUNWAY" forecast --input h.csv --horizon 24 --model snaive
expect_grep ",snaive$" out.txt
expect_rc 0 "$RUNWAY" forecast --input h.csv --horizon 24 --model snaive --variant 168
# Every model can be forced, on a file and on the store.
for m in snaive ets theta mstl trend; do
    expect_rc 0 "$RUNWAY" forecast --input h.csv --horizon 24 --model "$m"
    [ "$(wc -l < out.txt)" = 25 ] || fail "$m: 24 rows expected"
    expect_grep ",$m\$" out.txt
done
expect_rc 0 "$RUNWAY" forecast --input h.csv --horizon 6 --model ets --variant AAN
expect_rc 2 "$RUNWAY" forecast --input h.csv --horizon 6 --model ets --variant XYZ
expect_rc 2 "$RUNWAY" forecast --input h.csv --horizon 24 --model prophet
expect_rc 2 "$RUNWAY" forecast --input h.csv
expect_grep "horizon N is required" err.txt
expect_rc 2 "$RUNWAY" forecast --input h.csv --horizon 3 --level 50
expect_rc 2 "$RUNWAY" forecast --input h.csv --horizon 3 --level 99.5
expect_rc 2 "$RUNWAY" forecast --input h.csv --horizon 3 --series nosuch
expect_rc 65 "$RUNWAY" forecast --input "$CASES/focus/v1_0-basic/input.csv" --horizon 3
expect_rc 0 "$RUNWAY" forecast --help
expect_grep "usage: runway forecast" out.txt

# Backtest: one line per series and the mean.
expect_rc 0 "$RUNWAY" backtest --input h.csv --horizon 24 --origins 2
expect_grep "^load .* 2 " out.txt
expect_grep "^mean " out.txt
expect_rc 0 "$RUNWAY" backtest --input h.csv --horizon 24 --format json
expect_grep '"mase"' out.txt
expect_grep '"coverage"' out.txt

# From the store: daily cost by service.
"$RUNWAY" ingest --quiet "$SRC/data/sample/focus-2024-06-to-09.csv.gz" || fail "ingest sample"
expect_rc 0 "$RUNWAY" forecast --by service --horizon 7 --series "TencentDB for MySQL"
[ "$(wc -l < out.txt)" = 8 ] || fail "7 days for one service"
expect_grep "^TencentDB for MySQL,2024-09-29," out.txt
expect_grep "^TencentDB for MySQL,2024-10-01,299,299,299,299,299," out.txt
for m in snaive ets theta mstl trend; do
    expect_rc 0 "$RUNWAY" forecast --by service --horizon 7 --series "Cloud Object Storage" --model "$m"
    expect_grep "^Cloud Object Storage,2024-10-05,.*,$m\$" out.txt
done
expect_rc 2 "$RUNWAY" forecast --by service --horizon 7 --series "No Such Service"
# A bill in Beijing time ends at 16:00 UTC on its last day: that partial day
# is forecast, not learnt from (it would read as a collapse), and the days
# before the service's first charge are not part of its history.
"$RUNWAY" ingest --quiet "$SRC/data/sample/tencent-bill-2024-09-redis.csv" || fail "ingest redis"
expect_rc 0 "$RUNWAY" forecast --by service --horizon 2 --series "云数据库Redis" --format json
expect_grep "the last day (2024-09-28) is covered only until 2024-09-28T16:00:00Z" err.txt
expect_grep '"from": "2024-09-01T00:00:00Z"' out.txt
expect_grep '"to": "2024-09-27T00:00:00Z"' out.txt
expect_grep '"timestamp": "2024-09-28"' out.txt
mean=$(grep -m1 '"mean"' out.txt | sed 's/[^0-9.]//g')
awk -v m="$mean" 'BEGIN { exit !(m > 8 && m < 11) }' || fail "Redis forecast $mean, want about 9.3 a day"

# Saved forecasts, scored against actuals that arrived later.
expect_rc 0 "$RUNWAY" forecast --by service --horizon 7 --to 2024-09-14 --series "TencentDB for MySQL"
expect_rc 0 "$RUNWAY" backtest --saved --series "TencentDB for MySQL" --format json
expect_grep '"points_compared": 7' out.txt
expect_grep '"smape": 0' out.txt
echo ok
