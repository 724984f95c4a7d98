# accounts_plans_cli.sh: what the registry gives the plans, with the real
# binary on a store of four accounts whose daily cost is constant (10, 20,
# 5 and 8 CNY a day through September 2024), so every figure is known in
# closed form (but for three spikes, after 2024-09-20):
# - registry overrides: `thresholds` takes the lead times, confidence and
#   fixed alert of the account's override unless the command line gives
#   them (single account and --all-accounts); `budget --account X` takes
#   the registered budget unless --amount is given; a bad override is
#   refused when set;
# - budget --all-accounts: each account against its registered budget (or
#   --amount), "no budget" accounts planned and reported, the ranked order,
#   --group-by totals per department checked against sums by hand, text,
#   JSON and CSV, --jobs 1 and 2 alike, a failing account (exit 1);
# - anomalies --all-accounts: the spikes found per account, ranked by
#   count, each JSON element equal to the single-account run;
# - progress: "accounts: DONE/TOTAL" on stderr when it is a terminal (a
#   pseudo-terminal made by script(1)), nothing when it is a file.
. "$(dirname "$0")/common.bash" "$@"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
export RUNWAY_NOW=1727740800 # 2024-10-01T00:00:00Z

# ---- the store ------------------------------------------------------------------------
# August and September 2024; 100003 has one spike (50 on 09-25) and 100004
# two (80 on 09-22 and 09-27): the anomalies.
"$PY" - <<'PYEOF'
import datetime as dt
cost = {"100001": 10, "100002": 20, "100003": 5, "100004": 8}
spike = {("100003", "2024-09-25"): 50, ("100004", "2024-09-22"): 80, ("100004", "2024-09-27"): 80}
with open("bill.csv", "w") as f:
    f.write("ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ServiceName,"
            "BillingAccountId,SubAccountId\n")
    d = dt.date(2024, 8, 1)
    while d <= dt.date(2024, 9, 30):
        for a, c in cost.items():
            f.write("%sT00:00:00Z,%sT23:59:59Z,%s,CNY,cos,900000,%s\n"
                    % (d, d, spike.get((a, str(d)), c), a))
        d += dt.timedelta(days=1)
PYEOF
expect_rc 0 "$RUNWAY" ingest bill.csv
for x in 100001:1000 100002:500 100003:300 100004:2000; do
    expect_rc 0 "$RUNWAY" balance set "${x##*:}" --currency CNY --account "${x%%:*}" --at 2024-10-01
done

# ---- registry overrides ------------------------------------------------------------------
# A bad override is refused and nothing is stored.
for bad in '[7]' '{"lead_days": [0]}' '{"lead_days": [1.5]}' '{"confidence": 2}' \
           '{"fixed_alert": -1}' '{"leads": [7]}'; do
    expect_rc 2 "$RUNWAY" accounts set 100001 --thresholds "$bad"
    expect_grep "thresholds" err.txt
done
expect_rc 0 "$RUNWAY" accounts show 100001
expect_grep "^source:     seen in the data$" out.txt
expect_rc 0 "$RUNWAY" accounts set 100001 --budget 400 --label department=finance \
    --thresholds '{"lead_days": [10, 5], "confidence": 0.9, "fixed_alert": 42}'
expect_grep '^thresholds: {"lead_days":\[10,5\],"confidence":0.9,"fixed_alert":42}$' out.txt

# thresholds: the override, unless the command line gives the value. The
# series is constant (10 a day), so each threshold is lead x 10.
lead_conf() { # FILE -> "lead:balance ... conf fixed"
    "$PY" - "$1" <<'PYEOF'
import json, sys
v = json.load(open(sys.argv[1]))
if isinstance(v, list):
    v = v[0]
fixed = [r["parameter"] for r in v["usual_rules"] if r["rule"] == "fixed_balance"][0]
print(" ".join("%d:%g" % (t["lead_days"], t["balance"]) for t in v["thresholds"]),
      v["confidence"], "%g" % fixed)
PYEOF
}
expect_rc 0 "$RUNWAY" thresholds --account 100001 --no-backtest --format json
expect_eq "10:100 5:50 0.9 42" "$(lead_conf out.txt)" "thresholds: the account's override"
expect_rc 0 "$RUNWAY" thresholds --account 100001 --no-backtest --format json --lead-time 2d
expect_eq "2:20 0.9 42" "$(lead_conf out.txt)" "thresholds: --lead-time over the override"
expect_rc 0 "$RUNWAY" thresholds --account 100001 --no-backtest --format json --confidence 0.95 \
    --fixed-alert 7
expect_eq "10:100 5:50 0.95 7" "$(lead_conf out.txt)" "thresholds: --confidence, --fixed-alert"
# Another account has no override: the defaults.
expect_rc 0 "$RUNWAY" thresholds --account 100002 --no-backtest --format json
expect_eq "7:140 3:60 1:20 0.95 500" "$(lead_conf out.txt)" "thresholds: the defaults"
# --all-accounts: each account its own override.
expect_rc 0 "$RUNWAY" thresholds --all-accounts --label department=finance --no-backtest --format json
expect_eq "10:100 5:50 0.9 42" "$(lead_conf out.txt)" "thresholds --all-accounts: the override"
expect_rc 0 "$RUNWAY" thresholds --all-accounts --no-backtest --format csv
expect_grep '^100001,.*,"lead10d 100.00, lead5d 50.00",$' out.txt
expect_grep '^100002,.*,"blue 140.00, yellow 60.00, red 20.00",$' out.txt

# budget --account: the registered budget unless --amount is given. Spent
# by the end of 2024-09-20: 20 x 10; the rest of September: 10 x 10.
budget_of() {
    "$PY" - "$1" <<'PYEOF'
import json, sys
v = json.load(open(sys.argv[1]))
print("%g %g %g" % (v["budget"], v["spent"], v["forecast_total"]["mean"]))
PYEOF
}
expect_rc 0 "$RUNWAY" budget --account 100001 --month 2024-09 --as-of 2024-09-20 --format json
expect_eq "400 200 300" "$(budget_of out.txt)" "budget: the registered budget"
expect_rc 0 "$RUNWAY" budget --account 100001 --month 2024-09 --as-of 2024-09-20 --format json \
    --amount 250
expect_eq "250 200 300" "$(budget_of out.txt)" "budget: --amount over the registered budget"
expect_rc 2 "$RUNWAY" budget --account 100002
expect_grep "the account has no registered budget" err.txt

# ---- budget --all-accounts -----------------------------------------------------------------
# Budgets: 100001 400 (registered above), 100002 500; 100003 and 100004
# none. September as of 2024-09-20: spent 20 days, forecast 30 days of the
# constant cost.
expect_rc 0 "$RUNWAY" accounts set 100002 --budget 500 --label department=finance
expect_rc 0 "$RUNWAY" accounts set 100003 --label department=ops
BUD="--month 2024-09 --as-of 2024-09-20"
# shellcheck disable=SC2086
expect_rc 0 "$RUNWAY" budget --all-accounts $BUD --jobs 2
cp out.txt budget-j2.txt
expect_grep "^ACCOUNT  NAME  STATUS           BUDGET   SPENT  FORECAST  P(OVER)  BREACH$" out.txt
expect_grep "^100002 *likely over  500.00 CNY  400.00    600.00     100%  2024-09-26$" out.txt
expect_grep "^100001 *ok           400.00 CNY  200.00    300.00       0%  -$" out.txt
expect_grep "^100003 *no budget             -  100.00    150.00        -  -$" out.txt
expect_eq "100002 100001 100003 100004" "$(tail -n +2 out.txt | awk '{print $1}' | paste -sd' ')" \
    "budget --all-accounts order"
# shellcheck disable=SC2086
expect_rc 0 "$RUNWAY" budget --all-accounts $BUD --jobs 1
cmp -s out.txt budget-j2.txt || fail "budget: --jobs 1 and 2 differ"
# shellcheck disable=SC2086
expect_rc 0 "$RUNWAY" budget --all-accounts $BUD --format csv
expect_grep "^account,name,status,currency,budget,spent,forecast_mean,forecast_p10,forecast_p90,probability_over,breach_p50,period_from,period_to,error$" out.txt
expect_grep "^100002,,likely over,CNY,500,400,600,600,600,1,2024-09-26,2024-09-01,2024-09-30,$" out.txt
expect_grep "^100004,,no budget,CNY,,160,240,240,240,,,2024-09-01,2024-09-30,$" out.txt
# JSON: each element the single-account run, "budget" null without one.
# shellcheck disable=SC2086
expect_rc 0 "$RUNWAY" budget --all-accounts $BUD --format json
cp out.txt budget-all.json
for id in 100001 100002; do
    # shellcheck disable=SC2086
    expect_rc 0 "$RUNWAY" budget --account "$id" $BUD --format json
    cp out.txt "budget-$id.json"
done
"$PY" - <<'PYEOF' || fail "budget --all-accounts --format json"
import json
all_ = json.load(open("budget-all.json"))
assert [e["account"] for e in all_] == ["100002", "100001", "100003", "100004"], all_
for e in all_:
    if e["account"] in ("100001", "100002"):
        one = json.load(open("budget-%s.json" % e["account"]))
        assert {k: v for k, v in e.items() if k not in ("account", "name", "labels")} == one, e
    else:
        assert e["budget"] is None and e["probability_over"] is None and e["alerts"] == [], e
assert all_[2]["spent"] == 100 and all_[2]["forecast_total"]["mean"] == 150, all_[2]
PYEOF
# --amount applies to every account.
# shellcheck disable=SC2086
expect_rc 0 "$RUNWAY" budget --all-accounts $BUD --amount 350 --format csv
expect_eq "100002 100001 100004 100003" "$(tail -n +2 out.txt | cut -d, -f1 | paste -sd' ')" \
    "budget --amount order (over already, then by probability, then id)"
expect_grep "^100002,,over,CNY,350,400," out.txt

# --group-by department: sums by hand. finance: 100001 + 100002 (spent
# 200 + 400, forecast 300 + 600, budgets 400 + 500); ops: 100003 (100,
# 150, no budget); no department: 100004 (160, 240).
# shellcheck disable=SC2086
expect_rc 0 "$RUNWAY" budget --all-accounts $BUD --group-by department --format csv
expect_eq "label,value,currency,accounts,budgeted,failed,spent,forecast_total,budget
department,finance,CNY,2,2,0,600,900,900
department,ops,CNY,1,0,0,100,150,0
department,,CNY,1,0,0,160,240,0" "$(cat out.txt)" "budget --group-by csv"
# shellcheck disable=SC2086
expect_rc 0 "$RUNWAY" budget --all-accounts $BUD --group-by department
expect_grep "^department  CURRENCY  ACCOUNTS  BUDGETED   SPENT  FORECAST  BUDGET$" out.txt
expect_grep "^finance     CNY              2         2  600.00    900.00  900.00$" out.txt
expect_grep "^(none)      CNY              1         0  160.00    240.00    0.00$" out.txt
# shellcheck disable=SC2086
expect_rc 0 "$RUNWAY" budget --all-accounts $BUD --group-by department --label department=finance \
    --format json
"$PY" - out.txt <<'PYEOF' || fail "budget --group-by json"
import json, sys
g = json.load(open(sys.argv[1]))
assert g == [{"label": "department", "value": "finance", "currency": "CNY", "accounts": 2,
              "budgeted": 2, "failed": 0, "spent": 600.0, "forecast_total": 900.0,
              "budget": 900.0}], g
PYEOF
expect_rc 2 "$RUNWAY" budget --group-by department --amount 5
expect_rc 2 "$RUNWAY" budget --all-accounts --group-by "bad key"
expect_rc 2 "$RUNWAY" runout --all-accounts --group-by department
expect_rc 2 "$RUNWAY" budget --all-accounts --account 100001
expect_rc 2 "$RUNWAY" budget --label department=finance --amount 5
expect_rc 2 "$RUNWAY" budget --account 100001 --format csv

# ---- anomalies --all-accounts ----------------------------------------------------------------
expect_rc 0 "$RUNWAY" anomalies --all-accounts --format csv --jobs 2
cp out.txt anom-j2.csv
expect_eq "100004 100003 100001 100002" "$(tail -n +2 out.txt | cut -d, -f1 | paste -sd' ')" \
    "anomalies --all-accounts order"
expect_grep "^100004,,anomalies,2,2024-09-27,total,80,8,above," out.txt
expect_grep "^100003,,anomalies,1,2024-09-25,total,50,5,above," out.txt
expect_grep "^100001,,ok,0,,,,,,,$" out.txt
expect_rc 0 "$RUNWAY" anomalies --all-accounts --format csv --jobs 1
cmp -s out.txt anom-j2.csv || fail "anomalies: --jobs 1 and 2 differ"
expect_rc 0 "$RUNWAY" anomalies --all-accounts
expect_grep "^ACCOUNT  NAME  STATUS     ANOMALIES  LATEST      EXCESS *$" out.txt
expect_grep "^100004 *anomalies  *2  2024-09-27  +.* above$" out.txt
expect_rc 0 "$RUNWAY" anomalies --all-accounts --label department=ops --format json
cp out.txt anom-ops.json
expect_rc 0 "$RUNWAY" anomalies --account 100003 --format json
cp out.txt anom-100003.json
"$PY" - <<'PYEOF' || fail "anomalies --all-accounts --format json"
import json
all_, one = json.load(open("anom-ops.json")), json.load(open("anom-100003.json"))
assert [e["account"] for e in all_] == ["100003"], all_
e = all_[0]
assert e["labels"] == {"department": "ops"}, e
assert {k: v for k, v in e.items() if k not in ("account", "name", "labels")} == one, e
assert [a["timestamp"] for a in one["series"][0]["anomalies"]] == ["2024-09-25"], one
PYEOF
expect_rc 2 "$RUNWAY" anomalies --label department=ops
# Progress: never into a file; on a terminal "accounts: N/4", then the line
# is cleared.
expect_rc 0 "$RUNWAY" anomalies --all-accounts --jobs 2
grep -q "accounts: [0-9]" err.txt && fail "progress written to a file"
if command -v script > /dev/null; then
    script -qec "$RUNWAY anomalies --all-accounts --jobs 1 > /dev/null" tty.txt > /dev/null 2>&1 ||
        fail "anomalies --all-accounts on a terminal"
    grep -aq "accounts: [1-4]/4" tty.txt || { cat -v tty.txt >&2; fail "no progress on a terminal"; }
    script -qec "$RUNWAY anomalies --all-accounts --quiet > /dev/null" tty.txt > /dev/null 2>&1
    grep -aq "accounts: [0-9]" tty.txt && fail "progress with --quiet"
fi
expect_rc 2 "$RUNWAY" anomalies --all-accounts --input bill.csv

# ---- an account that cannot be planned: the others are written, exit 1 ----------------------
expect_rc 0 "$RUNWAY" balance set 30 --currency CNY --account 100005 --at 2024-10-01
# shellcheck disable=SC2086
expect_rc 1 "$RUNWAY" budget --all-accounts $BUD --format csv
expect_eq "100002 100001 100003 100004 100005" "$(tail -n +2 out.txt | cut -d, -f1 | paste -sd' ')" \
    "budget: the failed account last"
expect_grep "^100005,,error,,,,,,,,,,," out.txt
expect_grep "^runway: 1 of 5 account(s) failed" err.txt
# shellcheck disable=SC2086
expect_rc 1 "$RUNWAY" budget --all-accounts $BUD --group-by department --format csv
expect_grep "^department,,CNY,1,0,1,160,240,0$" out.txt
expect_rc 1 "$RUNWAY" anomalies --all-accounts --format csv
expect_grep "^100005,,error," out.txt
echo ok
