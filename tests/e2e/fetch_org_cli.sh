# fetch_org_cli.sh: `runway fetch tencent --organization` against the
# loopback fake of the Billing API serving an organisation
# (fake_tencent.py --org-members: DescribeBillDetailForOrganization with the
# admin's keys, each member's balance with its own): every member's bills
# stored under its own account, balances from the members' profiles, one
# member failing (wrong keys, an API error) while the others land, a member
# without a profile (bills only), resumption after a failed page, member
# and label selection, and no secret anywhere.
. "$(dirname "$0")/common.bash" "$@"
PY=/usr/bin/python3
[ -x "$PY" ] || fail "python3 is needed for the fake API (bash .ci/deps installs it)"
export TENCENTCLOUD_SECRET_ID=AKIDrunwayFAKE0000000000000000000000
export TENCENTCLOUD_SECRET_KEY=runwayFAKEsecretKEY0000000000000
M1=200000000001 M2=200000000002 M3=200000000003
fake() { start_server "$1" fake_tencent.py --log "$1.log" --idle-timeout 120 "${@:2}"; }
url() { server_url "$1"; }
# cost ACCOUNT: the account's stored charges, yuan.
cost() {
    "$RUNWAY" series --account "$1" --granularity month --format csv |
        awk -F, 'NR > 1 { s += $3 } END { printf "%.2f", s }'
}
# want N ITEMS K: what the fake bills member K of N for ITEMS items
# (item i is member i % N + 1's and costs (i % 7 + 1) * 11 fen).
want() {
    "$PY" -c "import sys; n, items, k = map(int, sys.argv[1:]);
print('%.2f' % (sum((i % 7 + 1) * 11 for i in range(items) if i % n == k - 1) / 100))" "$@"
}
# creds KEY2: the credentials file: member 1's keys right, member 2's key
# KEY2, no profile for member 3.
creds() {
    cat > creds.json <<EOF
{"secret_id": "$TENCENTCLOUD_SECRET_ID", "secret_key": "$TENCENTCLOUD_SECRET_KEY",
 "profiles": {"$M1": {"secret_id": "AKIDrunwayMEMBER$M1", "secret_key": "runwayMEMBERkey$M1"},
              "$M2": {"secret_id": "AKIDrunwayMEMBER$M2", "secret_key": "$1"}}}
EOF
    chmod 600 creds.json
}

# Three members, 250 items in 3 pages; member 2's profile has a wrong key:
# its balance fails, everything else is stored, the exit status says partial.
creds wrongKEY
fake a --org-members 3 --items 250 --month 2024-09
expect_rc 1 "$RUNWAY" fetch tencent --organization --month 2024-09 --endpoint "$(url a)" \
    --config creds.json
[ "$(grep -c '"action":"DescribeBillDetailForOrganization"' a.log)" = 3 ] || fail "3 pages"
expect_grep "member $M1: 84 items, 84 rows stored; balance 12346.67 CNY" out.txt
expect_grep "member $M2: 83 items, 83 rows stored; FAILED: balance: DescribeAccountBalance: AuthFailure.SignatureFailure" out.txt
expect_grep "member $M3: 83 items, 83 rows stored; no profile $M3 in the credentials file: bills only" out.txt
expect_grep '3 members, 1 failed (partial' out.txt
expect_grep '1 of 3 members failed' err.txt
for k in 1 2 3; do
    expect_eq "$(want 3 250 $k)" "$(cost 20000000000$k)" "member $k's bills"
done
expect_rc 0 "$RUNWAY" balance show --account $M1 --format json
expect_grep '"balance": 12346.67' out.txt
expect_rc 1 "$RUNWAY" balance show --account $M2
expect_grep "no balance recorded for account .$M2" err.txt
ls runway-raw/tencent/member-$M1-2024-09-*.jsonl > /dev/null || fail "member 1's raw bills"
ls runway-raw/tencent/org-bills-* 2> /dev/null && fail "the organisation's file was kept"

# Member 2's key fixed: every member lands; the bills are unchanged.
creds runwayMEMBERkey$M2
expect_rc 0 "$RUNWAY" fetch tencent --organization --month 2024-09 --endpoint "$(url a)" \
    --config creds.json --format json
"$PY" - <<'EOF' || fail "the JSON summary"
import json
r = json.load(open("out.txt"))
m = {x["account"]: x for x in r["members"]}
assert [x["account"] for x in r["members"]] == ["200000000001", "200000000002", "200000000003"], m
assert m["200000000002"]["balance"] == "fetched" and m["200000000002"]["amount"] == 12347.67, m
assert m["200000000003"]["balance"] == "no profile" and m["200000000003"]["error"] is None, m
assert all(x["items"] > 0 and x["rows"] == 0 for x in r["members"]), m  # unchanged
assert any(f["unchanged"] and f["what"] == "tencent:200000000001:2024-09" for f in r["files"]), r
EOF
expect_eq "$(want 3 250 2)" "$(cost $M2)" "member 2's bills after a re-fetch"

# One member's bills refused (every item's cost unreadable) and its
# balance an API error; then another's balance an API error: the others
# still land.
fake b --org-members 3 --items 30 --month 2024-07 --member-error $M1
m1=$(cost $M1)
expect_rc 1 "$RUNWAY" fetch tencent --organization --month 2024-07 --endpoint "$(url b)" \
    --config creds.json
expect_grep "member $M1: 10 items, 0 rows stored; FAILED: bills 2024-07: " out.txt
expect_grep "member $M2: 10 items, 10 rows stored; balance 12347.67 CNY" out.txt
expect_grep "member $M3: 10 items, 10 rows stored; no profile" out.txt
expect_eq "$m1" "$(cost $M1)" "member 1 after its bills were refused"
grep -q "\"result\":\"InternalError\".*\"who\":\"$M1\"" b.log || fail "member 1's balance was not asked"
fake c --org-members 3 --items 30 --month 2024-07 --member-error $M2
expect_rc 1 "$RUNWAY" fetch tencent --organization --month 2024-07 --endpoint "$(url c)" \
    --config creds.json
expect_grep "member $M2: 10 items, 0 rows stored; FAILED: bills 2024-07: " out.txt
expect_grep "member $M1: 10 items, 10 rows stored; balance 12346.67 CNY" out.txt

# A page that fails part-way: nothing stored, the pages kept; the next
# run resumes at item 100 and stores every member.
fake d --org-members 2 --items 300 --month 2024-08 --malformed-once --fault-at 2
before=$(cost $M1)
expect_rc 1 "$RUNWAY" fetch tencent --organization --month 2024-08 --endpoint "$(url d)" \
    --no-balance
expect_grep 'DescribeBillDetailForOrganization 2024-08: .*100 of 300 items fetched are kept' err.txt
[ -s runway-raw/tencent/org-bills-2024-08.jsonl.part ] || fail "partial pages not kept"
expect_eq "$before" "$(cost $M1)" "member 1 after the failed fetch"
expect_rc 0 "$RUNWAY" fetch tencent --organization --month 2024-08 --endpoint "$(url d)" \
    --no-balance
expect_grep 'organisation 2024-08: resuming at item 100' err.txt
expect_grep "member $M1: 150 items, 150 rows stored" out.txt
expect_grep "member $M2: 150 items, 150 rows stored" out.txt
[ -e runway-raw/tencent/org-bills-2024-08.jsonl.part ] && fail "partial file left"

# Selection: --member, or the registered accounts with a label.
fake e --org-members 3 --items 60 --month 2024-06
expect_rc 0 "$RUNWAY" fetch tencent --organization --month 2024-06 --endpoint "$(url e)" \
    --no-balance --member $M2
expect_grep "member $M2: 20 items, 20 rows stored" out.txt
grep -q "member $M1" out.txt && fail "--member fetched another member"
expect_grep '40 items of members not selected were skipped' err.txt
expect_rc 0 "$RUNWAY" accounts set $M3 --label team=data
expect_rc 0 "$RUNWAY" fetch tencent --organization --month 2024-06 --endpoint "$(url e)" \
    --no-balance --label team=data
expect_grep "member $M3: 20 items, 20 rows stored" out.txt
grep -q "member $M1" out.txt && fail "--label fetched another member"

# Keys that administer nothing, flags without --organization.
fake f --items 10 --month 2024-09
expect_rc 1 "$RUNWAY" fetch tencent --organization --month 2024-09 --endpoint "$(url f)"
expect_grep 'FailedOperation.NotOrgAdmin' err.txt
expect_rc 2 "$RUNWAY" fetch tencent --member $M1 --endpoint "$(url f)"
expect_grep 'need --organization' err.txt
expect_rc 2 "$RUNWAY" fetch tencent --organization --account $M1 --endpoint "$(url f)"
expect_rc 2 "$RUNWAY" fetch tencent --organization --member ../x --endpoint "$(url f)"

# No secret anywhere: outputs, raw responses, the store, logs.
for f in out.txt err.txt runway-raw/tencent/* ./*.log "$RUNWAY_DB"; do
    grep -q -e "$TENCENTCLOUD_SECRET_KEY" -e "runwayMEMBERkey" "$f" && fail "a secret key in $f"
done
expect_rc 0 "$RUNWAY" fetch --help
expect_grep 'fetch tencent --organization' out.txt
