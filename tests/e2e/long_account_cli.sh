# long_account_cli.sh: account ids up to RW_ACCOUNT_MAX (255) bytes are kept
# whole and found again (they were cut at 127 bytes, inside a UTF-8
# character, so a stored balance could no longer be found); longer ids are
# refused where they come in: a balance row is rejected, a flag is a usage
# error. Alert state is keyed by the whole id.
. "$(dirname "$0")/common.bash" "$@"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
rep() { "$PY" -c "import sys; print(sys.argv[1] * int(sys.argv[2]) + sys.argv[3])" "$@"; }
ID150=$(rep 账 50 "")     # 150 bytes: cut at 127 before
ID255=$(rep 账 85 "")     # the longest id allowed
ID256=$(rep 账 85 "x")    # one byte too long

{ echo series,timestamp,value
  for d in $(seq 1 31); do printf 'cost,2024-08-%02dT00:00:00Z,10\n' "$d"; done
  for d in $(seq 1 30); do printf 'cost,2024-09-%02dT00:00:00Z,10\n' "$d"; done
} > use.csv
expect_rc 0 "$RUNWAY" ingest use.csv
balance_file() { # ACCOUNT FILE: a DescribeAccountBalance response of 1000.00 CNY
    printf '{"Response":{"Uin":"%s","Balance":100000,"RealBalance":100000,"RequestId":"r"},"FetchedAt":"2024-10-01T00:00:00Z"}\n' "$1" > "$2"
}

# 150 bytes from a balance file: stored whole, shown whole, found by every command.
balance_file "$ID150" b150.json
expect_rc 0 "$RUNWAY" ingest b150.json
expect_rc 0 "$RUNWAY" balance show
expect_grep "^1000 CNY at 2024-10-01T00:00:00Z (file), account $ID150\$" out.txt
expect_rc 0 "$RUNWAY" balance show --account "$ID150" --format json
expect_grep "\"account\": \"$ID150\"" out.txt
expect_rc 0 "$RUNWAY" runout --metric points
expect_grep "lasts about 100 days" out.txt
expect_rc 0 "$RUNWAY" runout --metric points --account "$ID150" --format json
expect_grep '"status": "ok"' out.txt
RUNWAY_NOW=1727740800 expect_rc 0 "$RUNWAY" notify --metric points --account "$ID150"
expect_grep "^runout:$ID150: ok" out.txt

# 255 bytes: accepted as a flag; the alert state is found again under the
# whole id (a cut key made every run a new change).
expect_rc 0 "$RUNWAY" balance set 50 --currency CNY --account "$ID255" --at 2024-10-01
expect_rc 0 "$RUNWAY" balance show --account "$ID255"
expect_grep "account $ID255\$" out.txt
RUNWAY_NOW=1727740800 expect_rc 0 "$RUNWAY" notify --metric points --account "$ID255"
expect_grep "^threshold:$ID255: blue (was ok)" out.txt
RUNWAY_NOW=1727744400 expect_rc 0 "$RUNWAY" notify --metric points --account "$ID255"
expect_grep "^threshold:$ID255: blue: change not sent" out.txt
grep -q "was ok" out.txt && fail "the second run saw the state change again"

# 256 bytes: refused clearly, nothing stored.
for cmd in "balance show" "balance set 5 --currency CNY" "runout --metric points" \
           "notify --metric points" "ingest use.csv"; do
    # shellcheck disable=SC2086
    expect_rc 2 "$RUNWAY" $cmd --account "$ID256"
    expect_grep "^runway: --account: the account id is 256 bytes long; at most 255 are allowed" err.txt
done
balance_file "$ID256" b256.json
expect_rc 65 "$RUNWAY" ingest b256.json
expect_grep "the account id is 256 bytes long; at most 255 are allowed" err.txt
expect_rc 0 "$RUNWAY" sources
grep -q b256.json out.txt && fail "a refused balance file was stored"
echo ok
