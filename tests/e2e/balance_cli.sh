# balance_cli.sh: balance snapshots and top-ups through the CLI.
. "$(dirname "$0")/common.bash" "$@"

expect_rc 1 "$RUNWAY" balance show
expect_grep "no balance recorded" err.txt
# No charges and no --currency: the currency cannot be guessed.
expect_rc 1 "$RUNWAY" balance set 100
expect_grep "give --currency" err.txt
expect_rc 0 "$RUNWAY" balance set 1234.5 --currency cny --at 2024-09-18T08:00:00+08:00
expect_rc 0 "$RUNWAY" balance show --format json
expect_grep '"balance": 1234.5' out.txt
expect_grep '"currency": "CNY"' out.txt
expect_grep '"at": "2024-09-18T00:00:00Z"' out.txt
expect_rc 0 "$RUNWAY" balance set 1000 --at 2024-09-19
expect_rc 0 "$RUNWAY" balance show
expect_grep "^1000 CNY at 2024-09-19T00:00:00Z (manual)" out.txt
expect_rc 0 "$RUNWAY" balance set 5 --currency USD --account team-b --at 2024-09-19
expect_rc 2 "$RUNWAY" balance show
expect_grep "choose one with --account" err.txt
expect_rc 0 "$RUNWAY" balance show --account team-b --format json
expect_grep '"balance": 5' out.txt

expect_rc 0 "$RUNWAY" topup 500 --at 2024-10-31 --every month --until 2025-03-31 --note payday
expect_grep "top-up 1: 500 CNY at 2024-10-31T00:00:00Z, every month" out.txt
expect_rc 0 "$RUNWAY" topup list --format json
expect_grep '"every": "month"' out.txt
expect_grep '"until": "2025-03-31T23:59:59Z"' out.txt
expect_rc 2 "$RUNWAY" topup 10 --at 2024-01-01 --every fortnight
expect_rc 2 "$RUNWAY" topup 10 --at 2024-01-01 --currency usdx
expect_rc 2 "$RUNWAY" balance set 10 --currency 12
expect_rc 1 "$RUNWAY" topup remove 99
expect_rc 0 "$RUNWAY" topup remove 1
expect_rc 0 "$RUNWAY" topup list
expect_grep "no top-ups recorded" out.txt
echo ok
