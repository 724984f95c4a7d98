# fetch_cli.sh: `runway fetch tencent` against a loopback fake of the
# Billing API (fake_tencent.py, which checks every TC3 signature itself):
# paginated bills, the ledger and the balance ingested, throttling and a 500 retried,
# re-fetches unchanged or superseding, resumption after a failed page,
# bad credentials, malformed answers, an unreachable endpoint, credential
# files, and no secret anywhere.
. "$(dirname "$0")/common.bash" "$@"
PY=/usr/bin/python3
[ -x "$PY" ] || fail "python3 is needed for the fake API (bash .ci/deps installs it)"
export TENCENTCLOUD_SECRET_ID=AKIDrunwayFAKE0000000000000000000000
export TENCENTCLOUD_SECRET_KEY=runwayFAKEsecretKEY0000000000000
# fake NAME ARGS...: starts the fake API; its port goes to $NAME.port.
fake() { start_server "$1" fake_tencent.py --log "$1.log" --idle-timeout 120 "${@:2}"; }
url() { server_url "$1"; }
count() { "$RUNWAY" series --granularity month --format csv | awk -F, 'NR > 1 { s += $3 } END { printf "%.2f", s }'; }

# 250 items in 3 pages; the API throttles once and fails once with 500.
fake a --items 250 --month 2024-09 --throttle-once
fake b --items 250 --month 2024-09 --http500-once
expect_rc 0 "$RUNWAY" fetch tencent --month 2024-09 --endpoint "$(url a)"
expect_grep 'bills-2024-09-.*: 250 rows: 250 charges' out.txt
expect_grep 'balance-.*: 1 rows: 0 charges, 1 balances' out.txt
grep -q RequestLimitExceeded a.log || fail "the fake did not throttle"
[ "$(grep -c "\"action\":\"DescribeBillDetail\"" a.log)" = 3 ] || fail "3 pages"
expect_rc 0 "$RUNWAY" balance show --format json
expect_grep '"balance": 12345.67' out.txt
# 250 items of (i % 7 + 1) * 11 cents: 109.45 yuan, every page signed and
# accepted by the fake's own verification.
total=$(count)
expect_eq 109.45 "$total" "the bill's total"
# Fetched again, the same month adds nothing (the RequestId is not kept).
expect_rc 0 "$RUNWAY" fetch tencent --month 2024-09 --endpoint "$(url b)" --no-balance
expect_grep 'tencent:.*:2024-09: unchanged since the last fetch' out.txt
expect_eq "$total" "$(count)" "total after an unchanged re-fetch"
grep -q "\"result\":\"http500\"" b.log || fail "the fake did not fail with 500"

# The month's bill grew: the new fetch replaces the old one, not added to it.
fake c --items 260 --month 2024-09
expect_rc 0 "$RUNWAY" fetch tencent --month 2024-09 --endpoint "$(url c)" --no-balance
expect_grep '260 rows: 260 charges, 0 balances, 0 rejected (replaces the previous fetch)' out.txt
expect_eq 2 "$("$RUNWAY" sources --format json | grep -c '"format": "tencent-api"')" "sources left"
[ "$(ls runway-raw/tencent/bills-2024-09-*.jsonl | wc -l)" = 1 ] || fail "old raw bills kept"

# A page that fails part-way: nothing stored, the pages so far kept; the
# next run resumes at item 100.
fake d --items 300 --month 2024-08 --malformed-once --fault-at 2
before=$(count)
expect_rc 1 "$RUNWAY" fetch tencent --month 2024-08 --endpoint "$(url d)" --no-balance
expect_grep '100 of 300 items fetched are kept' err.txt
[ -s runway-raw/tencent/bills-2024-08.jsonl.part ] || fail "partial pages not kept"
expect_eq "$before" "$(count)" "total after the failed fetch"
expect_rc 0 "$RUNWAY" fetch tencent --month 2024-08 --endpoint "$(url d)" --no-balance
expect_grep 'resuming at item 100' err.txt
expect_grep '300 rows: 300 charges' out.txt
[ -e runway-raw/tencent/bills-2024-08.jsonl.part ] && fail "partial file left"

# Bad credentials, an unreachable endpoint, a refused URL: clear errors, no change.
before=$(count)
fake e --reject-credentials
expect_rc 1 "$RUNWAY" fetch tencent --month 2024-09 --endpoint "$(url e)"
expect_grep 'AuthFailure' err.txt
expect_rc 1 "$RUNWAY" fetch tencent --month 2024-09 --endpoint http://127.0.0.1:9
expect_grep '127.0.0.1' err.txt
expect_rc 2 "$RUNWAY" fetch tencent --endpoint http://example.com
expect_eq "$before" "$(count)" "total after failed fetches"

# Credentials from a file, refused when others can read it; none at all.
printf '{"secret_id": "%s", "secret_key": "%s"}\n' "$TENCENTCLOUD_SECRET_ID" \
    "$TENCENTCLOUD_SECRET_KEY" > creds.json
chmod 644 creds.json
expect_rc 2 env -u TENCENTCLOUD_SECRET_ID -u TENCENTCLOUD_SECRET_KEY \
    "$RUNWAY" fetch tencent --config creds.json --endpoint "$(url c)"
expect_grep 'creds.json' err.txt
chmod 600 creds.json
expect_rc 0 env -u TENCENTCLOUD_SECRET_ID -u TENCENTCLOUD_SECRET_KEY \
    "$RUNWAY" fetch tencent --config creds.json --endpoint "$(url c)" --month 2024-09
expect_rc 2 env -u TENCENTCLOUD_SECRET_ID -u TENCENTCLOUD_SECRET_KEY HOME="$WORK" \
    "$RUNWAY" fetch tencent --endpoint "$(url c)"
expect_grep 'TENCENTCLOUD_SECRET_ID' err.txt

# The ledger (DescribeBillList): 150 transactions in 2 pages of the
# balance's account, stored once each; fetched again unchanged it adds
# nothing; grown, the new fetch replaces the old; --no-ledger asks nothing.
ledger_count() {
    "$RUNWAY" reconcile --account 100000000001 --format json > rec.json
    "$PY" -c 'import json; print(sum(d["transactions"] for d in json.load(open("rec.json"))["by_day"]))'
}
fake g --items 5 --ledger-items 150 --month 2024-06
expect_rc 0 "$RUNWAY" fetch tencent --month 2024-06 --endpoint "$(url g)"
expect_grep 'ledger-2024-06-.*: 150 rows: 0 charges, 150 balances, 0 rejected' out.txt
[ "$(grep -c '"action":"DescribeBillList"' g.log)" = 2 ] || fail "2 ledger pages"
grep -q '"action":"DescribeBillList".*"offset":100,"limit":100' g.log || fail "ledger page 2"
expect_eq 150 "$(ledger_count)" "ledger transactions"
expect_rc 0 "$RUNWAY" fetch tencent --month 2024-06 --endpoint "$(url g)"
expect_grep 'tencent-ledger:100000000001:2024-06: unchanged since the last fetch' out.txt
expect_eq 150 "$(ledger_count)" "ledger transactions after an unchanged re-fetch"
fake h --items 5 --ledger-items 160 --month 2024-06
expect_rc 0 "$RUNWAY" fetch tencent --month 2024-06 --endpoint "$(url h)"
expect_grep 'ledger-2024-06-.*: 160 rows: 0 charges, 160 balances, 0 rejected (replaces the previous fetch)' out.txt
expect_eq 160 "$(ledger_count)" "ledger transactions after a grown re-fetch"
[ "$(ls runway-raw/tencent/ledger-2024-06-*.jsonl | wc -l)" = 1 ] || fail "old raw ledger kept"
expect_rc 0 "$RUNWAY" fetch tencent --month 2024-06 --endpoint "$(url h)" --no-ledger
[ "$(grep -c '"action":"DescribeBillList"' h.log)" = 2 ] || fail "--no-ledger asked for the ledger"

# The secret key appears nowhere: outputs, raw responses, the store, logs.
for f in out.txt err.txt runway-raw/tencent/* ./*.log "$RUNWAY_DB"; do
    grep -q "$TENCENTCLOUD_SECRET_KEY" "$f" && fail "secret key found in $f"
done
expect_rc 0 "$RUNWAY" fetch --help
expect_grep 'usage: runway fetch tencent' out.txt
