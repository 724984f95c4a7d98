# plan_cli.sh: runout, thresholds and budget on the real binary: exact
# answers for exact consumption, top-ups, fees, policies, Prometheus rules,
# the store's balance and top-ups, and errors.
. "$(dirname "$0")/common.bash" "$@"

# Exactly 100/day from 2024-05-15 to 2024-07-30 (77 days), plus a 1000 fee
# on the 1st of June and July.
awk 'BEGIN {
    print "series,timestamp,value"
    split("31 30 31", len, " ")
    for (m = 5; m <= 7; m++)
        for (day = (m == 5 ? 15 : 1); day <= (m == 7 ? 30 : len[m - 4]); day++)
            printf "acct,2024-%02d-%02d,%d\n", m, day, (day == 1 ? 1100 : 100)
}' > s.csv
[ "$(wc -l < s.csv)" = 78 ] || fail "77 days generated"

# Balance 1050 at the end of 2024-07-30: Jul 31 100, Aug 1 1200, then +100:
# above 1050 on Aug 1, day 2.
expect_rc 0 "$RUNWAY" runout --input s.csv --balance 1050 --format json
expect_grep '"p50": 2,' out.txt
expect_grep '"p50": "2024-08-01"' out.txt
expect_grep '"day_of_month": 1' out.txt
# Balance 2000: 100, 1200, 1300 ... 2000 < 2100 on Aug 10 (day 11).
expect_rc 0 "$RUNWAY" runout --input s.csv --balance 2000 --format json --policy tencent-cos
for key in '"p10": 11,' '"p90": 11$' '"p50": "2024-08-10"' '"name": "tencent-cos"' \
           '"retention_days": 120' '"7d": 0' '"30d": 1' '"balance_path"'; do
    expect_grep "$key" out.txt
done
# Suspension 24 h after the start of the run-out day, deletion 120 days on.
expect_grep '"p50": "2024-08-11T00:00:00Z"' out.txt
expect_grep '"p50": "2024-12-09T00:00:00Z"' out.txt
# A top-up of 500 on Aug 5 moves it 5 days; a weekly one further.
expect_rc 0 "$RUNWAY" runout --input s.csv --balance 2000 --topup 500@2024-08-05 --format json
expect_grep '"p50": 16,' out.txt
expect_rc 0 "$RUNWAY" runout --input s.csv --balance 2000 --charge 300@2024-08-02 --format json
expect_grep '"p50": 8,' out.txt
expect_rc 0 "$RUNWAY" runout --input s.csv --balance 2000 --credit-limit 200 --format json
expect_grep '"p50": 13,' out.txt
# Overridden grace and retention.
expect_rc 0 "$RUNWAY" runout --input s.csv --balance 2000 --grace-hours 48 --retention-days 7 --format json
expect_grep '"p50": "2024-08-12T00:00:00Z"' out.txt
expect_grep '"p50": "2024-08-19T00:00:00Z"' out.txt
# As of an earlier day.
expect_rc 0 "$RUNWAY" runout --input s.csv --balance 350 --as-of 2024-07-20 --format json
expect_grep '"p50": 4,' out.txt
# Beyond the horizon: null days.
expect_rc 0 "$RUNWAY" runout --input s.csv --balance 1000000 --horizon 30 --format json
expect_grep '"p50": null' out.txt
# A tiny balance runs out on day 1.
expect_rc 0 "$RUNWAY" runout --input s.csv --balance 50
expect_grep 'most likely runs out by the end of the next day' out.txt
# A balance below zero is in arrears: run-out day 0.
expect_rc 0 "$RUNWAY" runout --input s.csv --balance -10 --format json
expect_grep '"p10": 0,' out.txt
expect_grep '"status": "in_arrears"' out.txt
# Text.
expect_rc 0 "$RUNWAY" runout --input s.csv --balance 2000
expect_grep 'lasts about 10 days' out.txt
expect_grep 'runs out    2024-08-10 (P50)' out.txt
expect_grep 'fee         1000.00 on day 1' out.txt

# Thresholds: lead L costs exactly the next L days (the fee on Aug 1).
expect_rc 0 "$RUNWAY" thresholds --input s.csv --format json
expect_grep '"lead_days": 7,' out.txt
expect_grep '"balance": 1700' out.txt   # 7 days incl. the fee
expect_grep '"balance": 1300' out.txt   # 3 days
expect_grep '"balance": 100' out.txt    # 1 day
expect_grep '"hit_rate": 1' out.txt
expect_rc 0 "$RUNWAY" thresholds --input s.csv --lead-time 2d --confidence 0.9 --no-backtest --format json
expect_grep '"balance": 1200' out.txt
expect_grep '"backtest": null' out.txt
expect_rc 0 "$RUNWAY" thresholds --input s.csv --format prometheus --gauge 'balance{account="1"}'
expect_grep 'alert: BalanceRunwayRed' out.txt
expect_grep 'expr: balance{account="1"} < 100.00' out.txt
expect_grep 'severity: critical' out.txt
# A series name cannot be a template that Prometheus would run.
sed 's/^acct,/x{{ query "up" }}y,/' s.csv > tmpl.csv
expect_rc 0 "$RUNWAY" thresholds --input tmpl.csv --format prometheus
grep -q '{{ query' out.txt && fail "a template from the series name reached the rules"
expect_grep 'forecast of x{ { query \\"up\\" } }y as of' out.txt
expect_rc 0 "$RUNWAY" thresholds --input s.csv
expect_grep 'blue .* 7 d' out.txt
expect_grep 'red: below 100.00' out.txt

# The usual rules at the same 8 origins (Jun 4 .. Jul 23, none within 5
# days before a 1st): 5 x 100 = 500 lasts 5 days, 0.8 x 100 = 80 none,
# a fixed 250 two; in time is at least 1 day (the red lead).
expect_rc 0 "$RUNWAY" thresholds --input s.csv --fixed-alert 250 --format json
expect_grep '"usual_rules": \[' out.txt
python3 - <<'PY' || fail "usual rules"
import json
d = json.load(open("out.txt"))
r = {x["rule"]: x for x in d["usual_rules"]}
assert r["fixed_balance"]["balance"] == 250 and r["fixed_balance"]["parameter"] == 250
assert r["fixed_balance"]["backtest"]["notice_days_median"] == 2
assert r["next_day_80pct"]["balance"] == 80
b = r["next_day_80pct"]["backtest"]
assert (b["origins"], b["in_time"], b["late"], b["notice_days_median"]) == (8, 0, 8, 0), b
b = r["provider_24h_5d"]["backtest"]
assert r["provider_24h_5d"]["balance"] == 500
assert (b["in_time"], b["late"], b["needless"], b["notice_days_median"]) == (8, 0, 0, 5), b
assert r["provider_24h_5d"]["required_notice_days"] == 1
assert r["provider_24h_5d"]["needless_notice_days"] == 14
PY
expect_rc 0 "$RUNWAY" thresholds --input s.csv --no-backtest --format json
expect_grep '"backtest": null' out.txt
expect_grep '"balance": 500.0' out.txt
expect_rc 0 "$RUNWAY" thresholds --input s.csv
expect_grep 'provider 5 d .* 500.00 .* 8/8 .* 100% .* 5 d' out.txt
expect_grep '80% of a day .* 80.00 .* 0/8 .* 0% .* 0 d .* 8 ' out.txt
expect_rc 2 "$RUNWAY" thresholds --input s.csv --fixed-alert -5

# Responses: top up the lead's use plus the window's, rounded up. Blue:
# 1700 over 7 days (the fee included) + 3 days at 1700/7 = 2428.57 -> 2429;
# yellow 1300 + 1300/3 -> 1734; red 100 + 100/6 -> 117; arrears: the blue
# threshold 1700 + 1700 + 1 day at 1700/7 -> owed + 3643.
expect_rc 0 "$RUNWAY" thresholds --input s.csv --policy tencent-cos --format json
python3 - <<'PY' || fail "responses"
import json
d = json.load(open("out.txt"))
assert d["policy"] == "tencent-cos"
t = {x["level"]: x["response"] for x in d["thresholds"]}
assert (t["blue"]["top_up"], t["blue"]["within_hours"], t["blue"]["notify"]) == (2429, 72, "finance")
assert t["yellow"]["top_up"] == 1734 and t["red"]["top_up"] == 117, t
assert t["red"]["action_zh"]
a = d["arrears_response"]
assert a["top_up_beyond_owed"] == 3643 and a["within_hours"] == 24 and "451" in a["action"], a
PY
expect_rc 0 "$RUNWAY" thresholds --input s.csv --policy tencent-cos
expect_grep 'responses (policy tencent-cos)' out.txt
expect_grep 'blue: top up 2429 within 72 h of the alert - Request a top-up' out.txt
expect_grep 'arrears: top up what is owed + 3643 within 24 h of going negative' out.txt
# An older policy file without responses is still valid: no responses.
printf '{"name": "old", "grace_hours": 24, "retention_days": 15}' > old.json
expect_rc 0 "$RUNWAY" thresholds --input s.csv --policy ./old.json --format json
expect_grep '"response": null' out.txt
expect_grep '"arrears_response": null' out.txt
# Custom leads are not blue/yellow/red: no responses, the arrears one stays.
expect_rc 0 "$RUNWAY" thresholds --input s.csv --lead-time 2d --no-backtest --format json
expect_grep '"response": null' out.txt
expect_grep '"top_up_beyond_owed": 3000' out.txt  # 1200 + 1200 + 1 day at 1200/2
printf '{"name": "bad", "grace_hours": 24, "retention_days": 15, "responses": {"blue": {"within_hours": 72}}}' > bad.json
expect_rc 65 "$RUNWAY" thresholds --input s.csv --policy ./bad.json
expect_grep 'responses.blue needs an "action"' err.txt

# Budget for August: 100 x 31 + 1000 = 4100.
expect_rc 0 "$RUNWAY" budget --input s.csv --amount 4000 --month 2024-08 --format json
expect_grep '"mean": 4100' out.txt
expect_grep '"probability_over": 1' out.txt
expect_grep '"p50": "2024-08-31"' out.txt  # Aug n: 1100 + 100 (n - 1) > 4000 at n = 31
expect_rc 0 "$RUNWAY" budget --input s.csv --amount 5000 --from 2024-07-01 --to 2024-08-31
expect_grep 'spent so far    4000.00 (30 of 62 days)' out.txt
expect_grep 'alert    50%       2500.00  crossed on 2024-07-16 (actual)' out.txt

# The store: a balance snapshot carried to the end of a day, planned top-ups.
"$RUNWAY" --quiet ingest --format series s.csv || fail "ingest series file"
expect_rc 2 "$RUNWAY" runout --metric points
expect_grep 'no balance recorded' err.txt
"$RUNWAY" --quiet balance set 2050 --at 2024-07-30T12:00:00Z --currency CNY || fail "balance set"
"$RUNWAY" --quiet topup 500 --at 2024-08-05 --currency CNY || fail "topup"
expect_rc 0 "$RUNWAY" runout --metric points --format json
expect_grep '"balance": 2050' out.txt         # as observed ...
expect_grep '"balance_observed_at": "2024-07-30T12:00:00Z"' out.txt
expect_grep '"balance_at_end_of_as_of": 2000' out.txt # ... 2050 - half of Jul 30's 100
expect_grep '"p50": 16,' out.txt              # with the 500 top-up
expect_grep '"status": "ok"' out.txt
expect_grep 'carried to the end of 2024-07-30' out.txt
# The headline quotes the balance the owner saw, and when; the carried
# figure only in the note.
expect_rc 0 "$RUNWAY" runout --metric points
expect_grep '^acct: balance 2050.00 CNY at 2024-07-30 12:00 UTC lasts about' out.txt

# Arrears: -120 at the end of 2024-07-30 (Jul 31 00:00) with 100 a day went
# below zero 120/100 days earlier: 20 on Jul 30, then 20/100 of Jul 29's
# day before its end: 2024-07-29T19:12:00Z. tencent-cos: suspended 24 h
# later, deleted 120 days after that (2024-11-27T19:12:00Z); at Aug 1 00:00
# that is 2.2 days overdue and 118.8 days before deletion.
export RUNWAY_NOW=$(( $(date -u -d 2024-08-01T00:00:00Z +%s) ))
expect_rc 0 "$RUNWAY" runout --input s.csv --balance -120 --policy tencent-cos --format json
for key in '"status": "in_arrears"' '"phase": "suspended"' '"owed": 120' \
           '"arrears_since": "2024-07-29T19:12:00Z"' '"suspended_from": "2024-07-30T19:12:00Z"' \
           '"data_deleted_from": "2024-11-27T19:12:00Z"' '"days_overdue": 2.2' \
           '"days_to_deletion": 118.8' '"to_clear": 120' '"p50": 0,'; do
    expect_grep "$key" out.txt
done
expect_rc 0 "$RUNWAY" runout --input s.csv --balance -120
expect_grep 'in arrears since 2024-07-29 19:12 UTC: owes 120.00' out.txt
expect_grep 'deletion    from 2024-08-14 19:12 UTC, 13.8 days from now' out.txt
# Within a credit limit it is not in arrears.
expect_rc 0 "$RUNWAY" runout --input s.csv --balance -120 --credit-limit 200 --format json
expect_grep '"status": "ok"' out.txt
unset RUNWAY_NOW

# Errors.
expect_rc 2 "$RUNWAY" runout --input s.csv
expect_grep 'balance AMOUNT is required' err.txt
expect_rc 2 "$RUNWAY" runout --input s.csv --balance 10 --policy nope
expect_grep "no policy named 'nope'" err.txt
expect_rc 2 "$RUNWAY" runout --input s.csv --balance 10 --topup 5@tomorrow
expect_rc 2 "$RUNWAY" thresholds --input s.csv --lead-time 0d
expect_rc 2 "$RUNWAY" budget --input s.csv
expect_grep 'amount A' err.txt
head -11 s.csv > short.csv
expect_rc 1 "$RUNWAY" runout --input short.csv --balance 10
expect_grep 'at least 14 are needed' err.txt
for c in runout thresholds budget; do
    expect_rc 0 "$RUNWAY" $c --help
    expect_grep "usage: runway $c" out.txt
done
