# reconcile_cli.sh: `runway reconcile` on a ledger (DescribeBillList) and
# bills (DescribeBillDetail) of one account, with the bill of one day
# deliberately missing: exactly that day is listed (missing-bills, exit 3);
# a wide tolerance makes everything agree (exit 0); a transaction whose
# balance does not follow from the one before is a balance jump; the
# ledger's last balance is the planning commands' latest observation.
. "$(dirname "$0")/common.bash" "$@"

# Bills (yuan) of account 100001, Beijing days. 09-01 drew 30 (cash 25 +
# gift 5; the voucher's 10 does not draw), 09-02 drew 20, 09-03 has no
# bill, 09-04 drew 12.50.
item() { # FEE_DAY REALCOST CASH INCENTIVE VOUCHER
    printf '{"PayerUin":"100001","OwnerUin":"100001","BusinessCodeName":"COS","ProductCodeName":"COS","PayModeName":"按量计费","ActionTypeName":"按量计费日结","FeeBeginTime":"%s 00:00:00","FeeEndTime":"%s 23:59:59","ComponentSet":[{"RealCost":"%s","Cost":"%s","CashPayAmount":"%s","IncentivePayAmount":"%s","VoucherPayAmount":"%s","TransferPayAmount":"0"}]}' \
        "$1" "$1" "$2" "$2" "$3" "$4" "$5"
}
{
    printf '{"Response":{"Total":3,"DetailSet":['
    item 2024-09-01 40 25 5 10; printf ','
    item 2024-09-02 20 20 0 0; printf ','
    item 2024-09-04 12.5 12.5 0 0
    printf ']}}\n'
} > bills.json

# The ledger (fen), Beijing times: a recharge, the deductions of 09-01,
# 09-02, 09-03 (no bill) and 09-04, and a freeze and its release.
tx() { # TIME TYPE AMOUNT BALANCE ID
    printf '{"ActionType":"%s","Amount":%s,"Balance":%s,"BillId":"%s","OperationTime":"%s.000","Cash":%s,"Incentive":0,"Freezing":0}' \
        "$2" "$3" "$4" "$5" "$1" "$4"
}
{
    printf '{"Response":{"Total":7,"TransactionList":['
    tx "2024-08-31 20:00:00" recharge 50000 50000 T1; printf ','
    tx "2024-09-01 23:00:00" deduct -3000 47000 T2; printf ','
    tx "2024-09-02 22:00:00" deduct -2000 45000 T3; printf ','
    tx "2024-09-02 23:00:00" block -10000 35000 T4
    printf ']}}\n{"Response":{"Total":7,"TransactionList":['
    tx "2024-09-03 22:00:00" deduct -1500 33500 T5; printf ','
    tx "2024-09-04 10:00:00" unblock 10000 43500 T6; printf ','
    tx "2024-09-04 22:00:00" deduct -1250 42250 T7
    printf ']}}\n'
} > ledger.jsonl

expect_rc 2 "$RUNWAY" reconcile --tolerance -1
expect_rc 1 "$RUNWAY" reconcile
expect_grep 'no ledger transactions stored' err.txt

expect_rc 0 "$RUNWAY" ingest --account 100001 bills.json ledger.jsonl
expect_grep '7 ledger transaction(s)' out.txt

expect_rc 3 "$RUNWAY" reconcile
expect_grep '1 of 5 day(s) disagree' out.txt
expect_grep '2024-09-03 .*missing-bills' out.txt
[ "$(grep -c '^  2024-' out.txt)" = 1 ] || fail "only 2024-09-03 is listed"
expect_grep '1 day(s) of the ledger disagree' err.txt

expect_rc 3 "$RUNWAY" reconcile --format json
python3 - out.txt <<'PY' || fail "reconcile JSON"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["status"] == "discrepancies", r["status"]
assert r["account"] == "100001" and r["currency"] == "CNY"
d = r["discrepancies"]
assert [x["day"] for x in d] == ["2024-09-03"], d
assert d[0]["causes"] == ["missing-bills"] and d[0]["deducted"] == 15 and d[0]["drawn"] == 0
by = {x["day"]: x for x in r["by_day"]}
assert sorted(by) == ["2024-08-31", "2024-09-01", "2024-09-02", "2024-09-03", "2024-09-04"]
assert by["2024-09-01"]["drawn"] == 30 and by["2024-09-01"]["deducted"] == 30
assert by["2024-09-02"]["spent"] == 20 and by["2024-09-02"]["frozen"] == 100
assert by["2024-09-04"]["frozen"] == -100 and by["2024-09-04"]["spent"] == 12.5
assert by["2024-08-31"]["recharged"] == 500
assert abs(r["deducted"] - 77.5) < 1e-9 and abs(r["drawn"] - 62.5) < 1e-9
PY

# The days asked for only; a tolerance of 15 yuan lets 09-03 pass.
expect_rc 0 "$RUNWAY" reconcile --from 2024-09-01 --to 2024-09-02
expect_grep 'All 2 day(s) agree' out.txt
expect_rc 0 "$RUNWAY" reconcile --tolerance 15 --verbose
expect_grep 'All 5 day(s) agree' out.txt
expect_grep '2024-09-02 .* ok' out.txt

# The ledger's last balance is the latest observation: 422.50 at 09-04 22:00+08.
expect_rc 0 "$RUNWAY" balance show --format json
expect_grep '"balance": 422.5' out.txt

# 09-05: a deduction of 10 after which the balance is 30 lower: a jump.
{
    printf '{"Response":{"Total":1,"TransactionList":['
    tx "2024-09-05 22:00:00" deduct -1000 39250 T8
    printf ']}}\n'
} > ledger2.json
{
    printf '{"Response":{"Total":1,"DetailSet":['
    item 2024-09-05 10 10 0 0
    printf ']}}\n'
} > bills2.json
expect_rc 0 "$RUNWAY" ingest --account 100001 bills2.json ledger2.json
expect_rc 3 "$RUNWAY" reconcile --format json
python3 - out.txt <<'PY' || fail "reconcile JSON with a jump"
import json, sys
r = json.load(open(sys.argv[1]))
d = {x["day"]: x["causes"] for x in r["discrepancies"]}
assert d == {"2024-09-03": ["missing-bills"], "2024-09-05": ["balance-jump"]}, d
PY
expect_rc 3 "$RUNWAY" reconcile
expect_grep 'the balance fell 20.00 CNY more than its transactions explain' out.txt

# Arrears from the ledger: below zero on 09-06, back above on 09-07 10:00,
# below again at 09-07 22:00+08 (14:00Z) and still at the last transaction
# (-12.50 at 09-08 22:00+08). The start is that transaction, exactly.
{
    printf '{"Response":{"Total":4,"TransactionList":['
    tx "2024-09-06 22:00:00" deduct -40000 -750 T9; printf ','
    tx "2024-09-07 10:00:00" recharge 1000 250 T10; printf ','
    tx "2024-09-07 22:00:00" deduct -1000 -750 T11; printf ','
    tx "2024-09-08 22:00:00" deduct -500 -1250 T12
    printf ']}}\n'
} > ledger3.json
# Three weeks of bills before the ledger, for the consumption history.
{
    printf '{"Response":{"Total":21,"DetailSet":['
    for d in $(seq 10 30); do
        [ "$d" = 10 ] || printf ','
        item "2024-08-$d" 10 10 0 0
    done
    printf ']}}\n'
} > bills3.json
expect_rc 0 "$RUNWAY" ingest --account 100001 ledger3.json bills3.json
export RUNWAY_NOW=$(date -u -d 2024-09-09T00:00:00Z +%s)
expect_rc 0 "$RUNWAY" arrears --account 100001 --format json
expect_grep '"arrears_since": "2024-09-07T14:00:00Z"' out.txt
expect_grep '"since_estimated_from": "ledger"' out.txt
expect_grep '"since_at_least": false' out.txt
expect_grep '"owed": 12.5' out.txt
# Within a credit of 10 the run below -10 starts at the last transaction.
expect_rc 0 "$RUNWAY" runout --account 100001 --credit-limit 10 --format json
expect_grep '"arrears_since": "2024-09-08T14:00:00Z"' out.txt
expect_grep '"since_estimated_from": "ledger"' out.txt
expect_rc 0 "$RUNWAY" arrears --account 100001
expect_grep 'in arrears since 2024-09-07 22:00 UTC+08:00' out.txt   # Beijing time
expect_grep 'the start is a transaction of the ledger' out.txt
# A balance observed later that the ledger does not reach yet: the start
# is still the ledger's (the balance stayed below up to the observation).
expect_rc 0 "$RUNWAY" balance set --account 100001 --at 2024-09-08T20:00:00Z -- -20
expect_rc 0 "$RUNWAY" arrears --account 100001 --format json
expect_grep '"arrears_since": "2024-09-07T14:00:00Z"' out.txt
unset RUNWAY_NOW

# ---- daily settlement: a day's usage deducted the next morning ------------------------
# The sample's second account: each day's bills (日结) are deducted at 03:00
# the next day. Compared day for day all 18 days disagree; one day apart,
# all agree, and --lag auto finds it.
export RUNWAY_DB="$WORK/daily.db"
"$RUNWAY" --quiet ingest "$SRC"/data/sample/second-account/* || fail "ingest the sample"
expect_rc 0 "$RUNWAY" reconcile --format json
expect_grep '"lag_days": 1' out.txt
expect_grep '"status": "ok"' out.txt
expect_rc 0 "$RUNWAY" reconcile
expect_grep 'deductions of the next day (daily settlement' out.txt
expect_rc 3 "$RUNWAY" reconcile --lag 0 --format json
expect_grep '"discrepancy_days": 18' out.txt
expect_rc 2 "$RUNWAY" reconcile --lag 2

# notify has a ledger rule for an account with a ledger: the sample agrees;
# with a day's bills left out, the rule says which day.
expect_rc 0 "$RUNWAY" notify --dry-run --account 100087654321
expect_grep '^ledger:100087654321: ok' out.txt
export RUNWAY_DB="$WORK/missing.db"
grep -v ',2024-09-22 03:00:00,' "$SRC"/data/sample/second-account/tencent-bill-2024-07-to-09.csv > bill.csv
"$RUNWAY" --quiet ingest bill.csv "$SRC"/data/sample/second-account/*.json || fail "ingest"
expect_rc 0 "$RUNWAY" notify --dry-run --account 100087654321
expect_grep '^ledger:100087654321: mismatch (was ok)' out.txt
expect_grep 'the ledger disagrees with the bills on 1 of the last 7 day(s), first 2024-09-22 (missing-bills)' out.txt

# One deduction missing from the ledger (2024-09-23's, for the 22nd's usage):
# that day's bills were not deducted, and the next day the balance falls by
# more than its transactions explain.
export RUNWAY_DB="$WORK/nodeduct.db"
jq -c 'del(.Response.TransactionList[5])' "$SRC"/data/sample/second-account/ledger-2024-09.json > ledger.json
"$RUNWAY" --quiet ingest ledger.json "$SRC"/data/sample/second-account/*.csv || fail "ingest"
expect_rc 3 "$RUNWAY" reconcile --format json
python3 - out.txt <<'PYEOF' || fail "one missing deduction"
import json, sys
r = json.load(open(sys.argv[1]))
d = {x["day"]: x["causes"] for x in r["discrepancies"]}
assert r["lag_days"] == 1, r["lag_days"]
assert d == {"2024-09-23": ["undeducted-bills"], "2024-09-24": ["balance-jump"]}, d
PYEOF
