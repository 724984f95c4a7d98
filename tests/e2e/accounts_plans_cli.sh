# accounts_plans_cli.sh: what the registry gives the plans, with the real
# binary on a store of four accounts whose daily cost is constant (10, 20,
# 5 and 8 CNY a day through September 2024), so every figure is known in
# closed form:
# - registry overrides: `thresholds` takes the lead times, confidence and
#   fixed alert of the account's override unless the command line gives
#   them (single account and --all-accounts); `budget --account X` takes
#   the registered budget unless --amount is given; a bad override is
#   refused when set.
. "$(dirname "$0")/common.bash" "$@"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
export RUNWAY_NOW=1727740800 # 2024-10-01T00:00:00Z

# ---- the store ------------------------------------------------------------------------
{ echo "ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ServiceName,BillingAccountId,SubAccountId"
  for d in $(seq 1 30); do
      for a in 100001:10 100002:20 100003:5 100004:8; do
          printf '2024-09-%02dT00:00:00Z,2024-09-%02dT23:59:59Z,%s,CNY,cos,900000,%s\n' \
              "$d" "$d" "${a##*:}" "${a%%:*}"
      done
  done
} > bill.csv
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
echo ok
