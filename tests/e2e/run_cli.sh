# run_cli.sh: `runway run`, the unattended job: fetch from a loopback fake
# of the Billing API, forecast, notify a loopback webhook, write the
# report; a second run sends nothing new; a held lock stops a run; a
# failing fetch does not stop the alerts.
. "$(dirname "$0")/common.bash" "$@"
PY=/usr/bin/python3
[ -x "$PY" ] || fail "python3 is needed for the fake servers (bash .ci/deps installs it)"
export TENCENTCLOUD_SECRET_ID=AKIDrunwayFAKE0000000000000000000000
export TENCENTCLOUD_SECRET_KEY=runwayFAKEsecretKEY0000000000000
MONTH=$(TZ=Asia/Shanghai date +%Y-%m)  # what `runway run` fetches (the day of the month aside)
start_server api fake_tencent.py --items 250 --month "$MONTH" --balance 1000 --idle-timeout 120
start_server hook fake_webhook.py --log "$WORK/hooks.jsonl"
API=$(server_url api)
HOOK="json=$(server_url hook)/hooks/RUNTOKEN0001"

# 10.00 CNY against this month's bill: below every threshold.
expect_rc 0 "$RUNWAY" run --endpoint "$API" --webhook "$HOOK" --report rep --policy tencent-cos
for s in fetch forecast notify report; do expect_grep "^run: $s done ([0-9]*\.[0-9] s)$" out.txt; done
[ -s rep/report.html ] && [ -s rep/summary.json ] || fail "no report"
sent=$(wc -l < hooks.jsonl)
[ "$sent" -ge 1 ] || fail "no alert sent"
expect_grep 'rule_id\\":\\"threshold:' hooks.jsonl
expect_grep 'event\\":\\"change' hooks.jsonl
expect_rc 0 "$RUNWAY" backtest --saved
# Nothing changed: nothing sent again.
expect_rc 0 "$RUNWAY" run --endpoint "$API" --webhook "$HOOK"
expect_eq "$sent" "$(wc -l < hooks.jsonl)" "messages after an unchanged run"
expect_grep 'unchanged since the last fetch' out.txt

# A run holding the lock stops another.
flock "$RUNWAY_DB.lock" sleep 3 &
HOLDER=$!
sleep 0.5
expect_rc 1 "$RUNWAY" run --no-fetch --webhook "$HOOK"
expect_grep 'another runway run holds' err.txt
wait "$HOLDER"

# A link planted at the lock's name is not followed: its target is neither
# created nor truncated, and the run stops.
mv "$RUNWAY_DB.lock" lock.kept
echo precious > victim.txt
ln -s "$WORK/victim.txt" "$RUNWAY_DB.lock"
expect_rc 1 "$RUNWAY" run --no-fetch --webhook "$HOOK"
expect_grep 'cannot open the lock' err.txt
expect_eq precious "$(cat victim.txt)" "the lock link's target"
rm "$RUNWAY_DB.lock"
mv lock.kept "$RUNWAY_DB.lock"

# The API is down: the fetch fails, the alerts still go out; exit 1.
expect_rc 1 "$RUNWAY" run --endpoint http://127.0.0.1:9 --webhook "$HOOK"
expect_grep 'run: fetch failed' err.txt
expect_grep '^run: notify done' out.txt
grep -q RUNTOKEN0001 out.txt err.txt && fail "webhook token printed"
expect_rc 0 "$RUNWAY" run --help
expect_grep 'usage: runway run' out.txt
