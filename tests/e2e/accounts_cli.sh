# accounts_cli.sh: the account registry and the plans over every account,
# with the real binary on a store of six accounts (Tencent Cloud balance
# responses with different Uin, a bill with one sub-account each):
# - accounts seen in balances and bills are listed beside registered ones;
# - imports from JSON and CSV; bad rows reported as FILE:LINE and nothing
#   of the file stored;
# - a route given as a URL is refused, and no token is ever printed;
# - runout/thresholds/arrears --all-accounts: the ranked order exactly (in
#   arrears, largest owed first; then fewest days left; then id; the failed
#   account last), each JSON element equal to the single-account run, the
#   same output with --jobs 1 and --jobs 2, label filters, exit codes;
# - --shard K/N: the shards partition the accounts, known ids' shards fixed.
. "$(dirname "$0")/common.bash" "$@"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
export RUNWAY_NOW=1727740800 # 2024-10-01T00:00:00Z

# ---- the store: a bill (cost per day by sub-account) and six balances --------------
{ echo "ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ServiceName,BillingAccountId,SubAccountId"
  for d in $(seq 1 30); do
      for a in 100001:10 100002:20 100003:5 100004:50 100006:5; do
          printf '2024-09-%02dT00:00:00Z,2024-09-%02dT23:59:59Z,%s,CNY,cos,900000,%s\n' \
              "$d" "$d" "${a##*:}" "${a%%:*}"
      done
  done
} > bill.csv
expect_rc 0 "$RUNWAY" ingest bill.csv
# Balances in cents: 1000, 500, -20, 1000, 30 (no charges at all), -50.
for x in 100001:100000 100002:50000 100003:-2000 100004:100000 100005:3000 100006:-5000; do
    printf '{"Response":{"Uin":"%s","Balance":%s,"RealBalance":%s,"RequestId":"r"},"FetchedAt":"2024-10-01T00:00:00Z"}\n' \
        "${x%%:*}" "${x##*:}" "${x##*:}" > "b${x%%:*}.json"
    expect_rc 0 "$RUNWAY" ingest "b${x%%:*}.json"
done

# Seen accounts: every balance, the billing account and the sub-accounts.
expect_rc 0 "$RUNWAY" accounts list --format csv
expect_eq "100001 100002 100003 100004 100005 100006 900000" \
    "$(tail -n +2 out.txt | cut -d, -f1 | sort | paste -sd' ')" "accounts seen"
expect_grep '^100003,,seen,,,,,,,-20,CNY,2024-10-01T00:00:00Z$' out.txt
expect_grep '^900000,,seen,,,,,,,,,$' out.txt

# ---- imports ----------------------------------------------------------------------
cat > good.json <<'JSON'
[
  {"id": "100001", "name": "财务部 主账号", "labels": {"department": "finance", "project": "alpha"},
   "owner": "fin@example.com", "routes": [{"kind": "wecom", "url_ref": "env:HOOK_FIN"}],
   "budget": 400},
  {"id": "100003", "name": "Legacy", "policy": "tencent-cos", "payer": "100001"}
]
JSON
expect_rc 0 "$RUNWAY" accounts import good.json
expect_grep "imported 2 account(s)" out.txt
cat > good.csv <<'CSV'
id,name,labels,owner,payer,policy,routes,budget
100002,Analytics,department=finance;project=beta,ana@example.com,,,slack=profile:ops,250
100004,"Ops, Inc",department=ops,,,,,
CSV
expect_rc 0 "$RUNWAY" accounts import good.csv
expect_rc 0 "$RUNWAY" accounts show 100002 --format json
"$PY" - out.txt <<'PYEOF' || fail "accounts show 100002"
import json, sys
a = json.load(open(sys.argv[1]))
assert a["name"] == "Analytics" and a["source"] == "registered", a
assert a["labels"] == {"department": "finance", "project": "beta"}, a
assert a["routes"] == [{"kind": "slack", "url_ref": "profile:ops"}], a
assert a["budget"] == 250 and a["payer"] is None and a["balance"]["amount"] == 500, a
PYEOF

# Invalid files: FILE:LINE, and nothing of the file stored.
cat > bad.json <<'JSON'
[
  {"id": "200001", "name": "fine"},
  {"id": "200002",
   "labels": {"team": "x"}
  },
  {
   "id": "200003",
   "budget": "lots"
  }
]
JSON
expect_rc 65 "$RUNWAY" accounts import bad.json
expect_grep "^runway: bad.json:6: account 200003: budget: a number or null" err.txt
printf '[\n  {"id": "x",\n' > broken.json
expect_rc 65 "$RUNWAY" accounts import broken.json
expect_grep "^runway: broken.json:3:" err.txt
cat > bad.csv <<'CSV'
id,name,labels,owner,payer,policy,routes,budget
200004,ok,,,,,,
200005,bad label,"no equals sign",,,,,
CSV
expect_rc 65 "$RUNWAY" accounts import bad.csv
expect_grep "^runway: bad.csv:3: account 200005: label 'no equals sign'" err.txt
printf 'name,labels\nx,y=z\n' > nohead.csv
expect_rc 65 "$RUNWAY" accounts import nohead.csv
expect_grep "^runway: nohead.csv:1: a CSV import starts with the header" err.txt
for id in 200001 200002 200004; do
    expect_rc 1 "$RUNWAY" accounts show "$id"
    expect_grep "no account '$id'" err.txt
done

# ---- routes: never a URL, never a token --------------------------------------------
TOKEN=f00dfacecafe1234
expect_rc 2 "$RUNWAY" accounts set 100004 --route "slack=https://hooks.slack.com/services/T0/B0/$TOKEN"
expect_grep "never the URL itself" err.txt
expect_grep "env:VAR" err.txt
printf '[{"id": "100004", "routes": [{"kind": "wecom", "url_ref": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=%s"}]}]\n' "$TOKEN" > tok.json
expect_rc 65 "$RUNWAY" accounts import tok.json
printf 'id,name,labels,owner,payer,policy,routes,budget\n100004,x,,,,,dingtalk=https://oapi.dingtalk.com/robot/send?access_token=%s,\n' "$TOKEN" > tok.csv
expect_rc 65 "$RUNWAY" accounts import tok.csv
expect_rc 0 "$RUNWAY" accounts set 100004 --route wecom=env:HOOK_OPS --label tier=gold
HOOK_OPS="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=$TOKEN"
export HOOK_OPS HOOK_FIN="$HOOK_OPS"
: > all-output.txt
for cmd in "accounts list" "accounts list --format json" "accounts list --format csv" \
           "accounts show 100004" "accounts show 100004 --format json" "accounts show 100001"; do
    # shellcheck disable=SC2086
    expect_rc 0 "$RUNWAY" $cmd
    cat out.txt err.txt >> all-output.txt
done
for f in err.txt all-output.txt; do
    grep -q "$TOKEN" "$f" && fail "a webhook token was printed ($f)"
done
grep -rq "$TOKEN" store.db* && fail "a webhook token was stored"
expect_rc 0 "$RUNWAY" accounts show 100004
expect_grep "^routes:     wecom=env:HOOK_OPS$" out.txt
expect_grep "^labels:     department=ops;tier=gold$" out.txt
expect_rc 0 "$RUNWAY" accounts set 100004 --unlabel tier --format json
grep -q tier out.txt && fail "--unlabel kept the label"

# Labels filter the list.
expect_rc 0 "$RUNWAY" accounts list --label department=finance --format csv
expect_eq "100001 100002" "$(tail -n +2 out.txt | cut -d, -f1 | paste -sd' ')" "list --label"
expect_rc 0 "$RUNWAY" accounts list --label department=finance --label project=beta --format csv
expect_eq "100002" "$(tail -n +2 out.txt | cut -d, -f1 | paste -sd' ')" "list with two labels"
expect_rc 2 "$RUNWAY" accounts list --label "bad key=1"

# ---- plans over every account ----------------------------------------------------------
RANKED="100006 100003 100004 100002 100001 100005"
for cmd in runout thresholds arrears; do
    # One account (100005) has a balance but no charges: it fails, the
    # others are written, exit 1.
    expect_rc 1 "$RUNWAY" "$cmd" --all-accounts --jobs 2
    cp out.txt "$cmd-j2.txt"
    expect_eq "$RANKED" "$(tail -n +2 out.txt | grep -v 'failed$' | awk '{print $1}' | paste -sd' ')" \
        "$cmd --all-accounts order"
    expect_grep "^1 of 6 account(s) failed$" out.txt
    expect_grep "^runway: 1 of 6 account(s) failed" err.txt
    expect_grep "^100005 .* error " out.txt
    expect_rc 1 "$RUNWAY" "$cmd" --all-accounts --jobs 1
    cmp -s out.txt "$cmd-j2.txt" || { diff out.txt "$cmd-j2.txt" >&2; fail "$cmd: --jobs 1 and 2 differ"; }
    expect_rc 1 "$RUNWAY" "$cmd" --all-accounts --jobs 1 --format csv
    cp out.txt "$cmd-j1.csv"
    expect_rc 1 "$RUNWAY" "$cmd" --all-accounts --jobs 2 --format csv
    cmp -s out.txt "$cmd-j1.csv" || fail "$cmd csv: --jobs 1 and 2 differ"
    expect_eq "$RANKED" "$(tail -n +2 out.txt | cut -d, -f1 | paste -sd' ')" "$cmd csv order"
    expect_rc 1 "$RUNWAY" "$cmd" --all-accounts --jobs 1 --format json
    cp out.txt "$cmd-j1.json"
    expect_rc 1 "$RUNWAY" "$cmd" --all-accounts --jobs 2 --format json
    cp out.txt "$cmd-j2.json"
    for id in 100001 100002 100003 100004 100006; do
        expect_rc 0 "$RUNWAY" "$cmd" --account "$id" --format json
        cp out.txt "$cmd-$id.json"
    done
    "$PY" - "$cmd" "$RANKED" <<'PYEOF' || fail "$cmd --all-accounts --format json"
import json, sys
cmd, ranked = sys.argv[1], sys.argv[2].split()
def strip(v):  # the forecast's wall-clock stamp is the only field that may differ
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if k != "generated_at"}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v
j1, j2 = json.load(open(cmd + "-j1.json")), json.load(open(cmd + "-j2.json"))
assert strip(j1) == strip(j2), "--jobs 1 and 2 differ"
assert [e["account"] for e in j1] == ranked, [e["account"] for e in j1]
for e in j1:
    if e["account"] == "100005":
        assert set(e) == {"account", "name", "labels", "error"} and e["error"], e
        continue
    one = json.load(open("%s-%s.json" % (cmd, e["account"])))
    want = dict(one)
    want.setdefault("account", e["account"])
    for k in ("name", "labels"):
        want[k] = e[k]
    assert strip(e) == strip(want), "element %s differs from the single-account run" % e["account"]
    assert list(e)[:3] == ["account", "name", "labels"], list(e)[:3]
first = j1[0]
assert first["labels"] == {} and j1[4]["name"] == "财务部 主账号", j1[4]
assert j1[4]["labels"] == {"department": "finance", "project": "alpha"}
if cmd != "thresholds":
    assert first["status"] == "in_arrears" and abs(first["owed"] - 50) < 1e-9, first
PYEOF
done

# The registered policy is used when --policy is not given, as for --account.
expect_rc 0 "$RUNWAY" arrears --account 100003 --format json
expect_grep '"name": "tencent-cos"' out.txt
expect_rc 0 "$RUNWAY" arrears --account 100006 --format json
expect_grep '"name": "generic"' out.txt

# Text: CJK-aware columns and the columns of each command.
expect_rc 1 "$RUNWAY" runout --all-accounts
expect_grep "^ACCOUNT  NAME           STATUS       BALANCE  AT                     DAYS LEFT  RUN-OUT " out.txt
expect_grep "^100006                  arrears   -50.00 CNY  2024-10-01T00:00:00Z  owes 50.00  since 2024-09-21 " out.txt
# The Chinese name takes 13 columns: the next column starts where it does
# on the other lines.
expect_grep "^100001   财务部 主账号  ok       1000.00 CNY  2024-10-01T00:00:00Z         101  2025-01-09 " out.txt
expect_grep "^100004   Ops, Inc       ok       1000.00 CNY  2024-10-01T00:00:00Z          21  2024-10-21 " out.txt
expect_rc 1 "$RUNWAY" arrears --all-accounts
expect_grep "^100003 .* Legacy .* arrears .* pay 20.00 to clear" out.txt

# Labels select accounts; all of them fine: exit 0.
expect_rc 0 "$RUNWAY" runout --all-accounts --label department=finance --format csv
expect_eq "100002 100001" "$(tail -n +2 out.txt | cut -d, -f1 | paste -sd' ')" "runout --label"
expect_rc 0 "$RUNWAY" thresholds --all-accounts --label project=beta --no-backtest --format csv
expect_eq "100002" "$(tail -n +2 out.txt | cut -d, -f1 | paste -sd' ')" "thresholds --label"
expect_rc 1 "$RUNWAY" runout --all-accounts --label department=nobody
expect_grep "no account has a balance among those with these labels" err.txt

# --shard K/N: the N shards partition the accounts (each exactly once,
# whatever N), and the split of known ids is fixed (FNV-1a 64 mod N + 1).
ALL_IDS="100001 100002 100003 100004 100005 100006"
for n in 1 2 3 7; do
    : > shards.txt
    for k in $(seq 1 "$n"); do
        "$RUNWAY" runout --all-accounts --shard "$k/$n" --format csv > out.txt 2> err.txt
        rc=$?
        [ "$rc" = 0 ] || [ "$rc" = 1 ] || fail "runout --shard $k/$n: exit $rc"
        tail -n +2 out.txt | grep -v 'failed$' | cut -d, -f1 >> shards.txt
    done
    expect_eq "$ALL_IDS" "$(sort shards.txt | paste -sd' ')" "the $n shards' accounts"
done
expect_rc 0 "$RUNWAY" runout --all-accounts --shard 1/2 --format csv
expect_eq "100002 100004 100006" "$(tail -n +2 out.txt | cut -d, -f1 | sort | paste -sd' ')" "shard 1/2"
expect_rc 1 "$RUNWAY" arrears --all-accounts --shard 2/2 --jobs 1 --format csv
expect_eq "100001 100003 100005" "$(tail -n +2 out.txt | grep -v 'failed$' | cut -d, -f1 | sort | paste -sd' ')" "arrears shard 2/2"
expect_rc 0 "$RUNWAY" thresholds --all-accounts --shard 1/2 --label department=finance --no-backtest --format csv
expect_eq "100002" "$(tail -n +2 out.txt | cut -d, -f1 | paste -sd' ')" "thresholds shard 1/2 and a label"
expect_rc 1 "$RUNWAY" runout --all-accounts --shard 2/2 --label project=beta
expect_grep "no account has a balance among those with these labels in this shard" err.txt
for bad in 0/2 3/2 2 1/0 a/b 1/2x -1/2 1/1000001; do
    expect_rc 2 "$RUNWAY" runout --all-accounts --shard "$bad"
    expect_grep "^runway: --shard: '$bad' is not a shard K/N" err.txt
done
expect_rc 2 "$RUNWAY" runout --shard 1/2 --account 100001
expect_grep "give --all-accounts" err.txt

# Options that name one account, or flags without --all-accounts: usage errors.
expect_rc 2 "$RUNWAY" runout --all-accounts --account 100001
expect_rc 2 "$RUNWAY" runout --all-accounts --balance 5
expect_rc 2 "$RUNWAY" runout --label department=finance
expect_rc 2 "$RUNWAY" arrears --jobs 2
expect_rc 2 "$RUNWAY" runout --account 100001 --format csv
expect_rc 2 "$RUNWAY" thresholds --all-accounts --format prometheus

# An account id with a terminal escape (from the data) is shown escaped.
expect_rc 0 "$RUNWAY" balance set 5 --currency CNY --account $'ev\e[2Jil' --at 2024-10-01
expect_rc 0 "$RUNWAY" accounts list
expect_grep 'ev\\x1B\[2Jil' out.txt
expect_rc 1 "$RUNWAY" runout --all-accounts
expect_grep '^ev\\x1B\[2Jil .* error ' out.txt
grep -q $'\e' out.txt err.txt && fail "an escape character reached the terminal"
echo ok
