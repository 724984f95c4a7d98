# money_cli.sh: the money an account owner sees, on the real binary:
# vouchers do not draw the balance (a voucher-heavy account runs out when
# its cash + gift alone say so), the balance is quoted as observed, and an
# account below zero gets an exact arrears statement (text, JSON, CSV).
. "$(dirname "$0")/common.bash" "$@"

# 40 Beijing days (2024-09-01 .. 2024-10-10) of a Tencent console export:
# 云数据库Redis billed 100 a day, paid 30 cash + 70 voucher; 对象存储COS
# billed 20, paid 10 cash + 10 gift. Billed 120 a day, drawn 50 a day.
awk 'BEGIN {
    print "账单月份,支付者UIN,使用者UIN,产品名称,计费模式,交易类型,扣费时间,用量开始时间,用量结束时间,实例ID,优惠后总价,现金账户支出(元),赠送账户支出(元),代金券支出(元),币种"
    split("30 31", len, " ")
    for (m = 9; m <= 10; m++)
        for (d = 1; d <= (m == 9 ? 30 : 10); d++) {
            day = sprintf("2024-%02d-%02d", m, d)
            printf "2024-%02d,909619400,909619400,云数据库Redis,按量计费,按量计费日结,%s 03:00:00,%s 00:00:00,%s 23:59:59,crs-1,100.00,30.00,0.00,70.00,人民币\n", m, day, day, day
            printf "2024-%02d,909619400,909619400,对象存储COS,按量计费,按量计费日结,%s 03:00:00,%s 00:00:00,%s 23:59:59,bkt-1,20.00,10.00,10.00,0.00,人民币\n", m, day, day, day
        }
}' > bill.csv
"$RUNWAY" --quiet ingest bill.csv || fail "ingest"
expect_rc 0 "$RUNWAY" series --metric drawn --granularity month
expect_grep '^total,2024-09-01,1500$' out.txt   # 30 days x 50, Beijing months
expect_grep '^total,2024-10-01,500$' out.txt
# 500 observed at 2024-10-11 00:00 Beijing time, right after the last bill.
"$RUNWAY" --quiet balance set 500 --at 2024-10-11T00:00:00+08:00 || fail "balance set"

# Drawn 50 a day: 500 lasts 10 days, negative on day 11 (2024-10-21).
expect_rc 0 "$RUNWAY" runout --format json
expect_grep '"p50": 11,' out.txt
expect_grep '"p50": "2024-10-21"' out.txt
expect_grep '"consumption_counted": "money drawn from the balance' out.txt
expect_grep '"balance": 500' out.txt
DRAWN=$(grep -A3 '"days"' out.txt | tr -d ' \n')
# The same from a series of cash + gift alone: equal run-out days.
{ echo "series,timestamp,value"
  for i in $(seq 0 39); do echo "total,$(date -u -d "2024-09-01 +$i day" +%F),50"; done; } > cash.csv
expect_rc 0 "$RUNWAY" runout --input cash.csv --balance 500 --format json
expect_eq "$DRAWN" "$(grep -A3 '"days"' out.txt | tr -d ' \n')" "run-out days: bills vs cash + gift"
# Counting billed cost (vouchers included) says 120 a day: day 5, 6 days early.
expect_rc 0 "$RUNWAY" runout --metric cost --format json
expect_grep '"p50": 5,' out.txt
expect_grep '"consumption_counted": "billed cost"' out.txt
# The headline quotes what the owner saw, in Beijing time.
expect_rc 0 "$RUNWAY" runout
expect_grep '^total: balance 500.00 CNY at 2024-10-11 00:00 UTC+08:00 lasts about 10 days' out.txt
expect_grep 'counted     money drawn from the balance (cash + gift + transfer; vouchers left out)' out.txt
# Budgets keep billed cost: October so far 10 x 120.
expect_rc 0 "$RUNWAY" budget --amount 5000 --format json
expect_grep '"spent": 1200' out.txt

# ---- arrears -----------------------------------------------------------------------
# -120 at 2024-10-11 00:00 Beijing, 50 a day: below zero 2.4 days earlier,
# 2024-10-08 14:24 Beijing (06:24Z). tencent-cos: suspended 24 h later,
# data deleted 120 days after that (2025-02-06 14:24 Beijing). At
# 2024-10-12 00:00 Beijing: 3.4 days overdue, 117.6 days before deletion.
"$RUNWAY" --quiet balance set -120 --at 2024-10-11T00:00:00+08:00 || fail "balance set -120"
export RUNWAY_NOW=$(date -u -d 2024-10-11T16:00:00Z +%s)
expect_rc 0 "$RUNWAY" arrears --policy tencent-cos --format json
for key in '"status": "in_arrears"' '"phase": "suspended"' '"owed": 120' \
           '"arrears_since": "2024-10-08T06:24:00Z"' '"suspended_from": "2024-10-09T06:24:00Z"' \
           '"data_deleted_from": "2025-02-06T06:24:00Z"' '"days_overdue": 3.4' \
           '"days_to_deletion": 117.6' '"to_clear": 120' '"charges_from": "2024-10-08"' \
           '"charges_total": 150'; do
    expect_grep "$key" out.txt
done
# The charges since the day it began, by month and service (drawn: 30 and 20 a day).
expect_rc 0 "$RUNWAY" arrears --policy tencent-cos --format csv
expect_eq "period,service,amount
2024-10,云数据库Redis,90
2024-10,对象存储COS,60" "$(cat out.txt)" "arrears CSV"
expect_rc 0 "$RUNWAY" arrears --policy tencent-cos
expect_grep '^the account is in arrears since 2024-10-08 14:24 UTC+08:00: owes 120.00 CNY (balance -120.00 CNY at 2024-10-11 00:00 UTC+08:00)' out.txt
expect_grep '^  deletion    from 2025-02-06 14:24 UTC+08:00, 117.6 days from now' out.txt
expect_grep '^  2024-10  云数据库Redis          90.00$' out.txt
# runout says the same, and notify does not say "runs out within 7 days".
expect_rc 0 "$RUNWAY" runout --policy tencent-cos
expect_grep 'in arrears since 2024-10-08 14:24 UTC+08:00: owes 120.00 CNY' out.txt
expect_rc 0 "$RUNWAY" notify --policy tencent-cos --dry-run
expect_grep '^arrears: suspended (was ok)' out.txt
expect_grep '^runout: ran-out (was ok)' out.txt
grep -q "runs out within" out.txt && fail "an account in arrears is told it runs out soon"
# A credit limit keeps it out of arrears.
expect_rc 0 "$RUNWAY" arrears --credit-limit 200 --format json
expect_grep '"status": "ok"' out.txt
expect_rc 0 "$RUNWAY" arrears --credit-limit 200
expect_grep '^the account is not in arrears: balance -120.00 CNY' out.txt
# Errors.
expect_rc 2 "$RUNWAY" arrears --input cash.csv
expect_rc 0 "$RUNWAY" arrears --help
expect_grep 'usage: runway arrears' out.txt
