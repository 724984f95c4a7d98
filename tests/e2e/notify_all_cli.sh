# notify_all_cli.sh: `runway notify --all-accounts` over 145 accounts
# against loopback webhook receivers (fake_webhook.py):
# - every account's alerts arrive at its own route (env:VAR and profile:NAME
#   references resolved; the URL's token never printed or stored) exactly
#   once; accounts without a route are listed; a second run sends nothing;
# - one failing route does not stop the others and is retried (only it) on
#   the next run;
# - the digest arrives once per change of states (and with
#   --digest-always), a failed digest is sent on the next run; its counts;
# - two runs at once send each alert once and one digest;
# - 50 alerts to one shared WeCom robot: 20 a minute, the rest deferred
#   (exit 0) and sent by the next runs;
# - usage errors.
. "$(dirname "$0")/common.bash" "$@"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T0=1727740800 # 2024-10-01T00:00:00Z
export RUNWAY_NOW=$((T0 + 3600))

start_server hook fake_webhook.py --log "$WORK/hooks.jsonl"
BASE=$(server_url hook)
: > all.txt
control() { "$PY" -c "import urllib.request as u; u.urlopen(u.Request('$1/_control/$2', data=b'', method='POST'))"; }
nreq() { if [ -f "$1" ]; then wc -l < "$1" | tr -d ' '; else echo 0; fi; }

# ---- the store: 120 accounts of team a, 25 of team b, 10 CNY a day each --------
ids_a=$(seq -f 'acc-%03g' 0 119)
ids_b=$(seq -f 'acc-%03g' 200 224)
{ echo "ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ServiceName,BillingAccountId,SubAccountId"
  for d in $(seq 1 30); do
      for a in $ids_a $ids_b; do
          printf '2024-09-%02dT00:00:00Z,2024-09-%02dT23:59:59Z,10,CNY,cos,900000,%s\n' "$d" "$d" "$a"
      done
  done
} > bill.csv
expect_rc 0 "$RUNWAY" --quiet ingest bill.csv
# Balances by i % 6: in arrears (-20), red (5), yellow (20), blue (50), ok (1000) x 2;
# team b all red.
{ i=0
  for a in $ids_a; do
      case $((i % 6)) in 0) c=-2000 ;; 1) c=500 ;; 2) c=2000 ;; 3) c=5000 ;; *) c=100000 ;; esac
      printf '{"Response":{"Uin":"%s","Balance":%s,"RealBalance":%s,"RequestId":"r"},"FetchedAt":"2024-10-01T00:00:00Z"}\n' "$a" $c $c
      i=$((i + 1))
  done
  for a in $ids_b; do
      printf '{"Response":{"Uin":"%s","Balance":500,"RealBalance":500,"RequestId":"r"},"FetchedAt":"2024-10-01T00:00:00Z"}\n' "$a"
  done
} > balances.jsonl
expect_rc 0 "$RUNWAY" --quiet ingest --format tencent-api balances.jsonl

# The registry: team a routes to /hook/ID/TOKEN-ID, even accounts through a
# profile of the credentials file, odd ones through an environment
# variable; acc-115..acc-119 without a route. Team b shares one WeCom robot.
{ echo "id,name,labels,owner,payer,policy,routes,budget"
  i=0
  for a in $ids_a; do
      if [ $i -ge 115 ]; then r=""
      elif [ $((i % 2)) = 0 ]; then r="json=profile:p-$a"
      else r="json=env:HOOK_${a#acc-}"; fi
      echo "$a,Team A $i,team=a,,,,$r,"
      i=$((i + 1))
  done
  for a in $ids_b; do echo "$a,,team=b,,,,wecom=env:SHARED_WECOM,"; done
} > accounts.csv
expect_rc 0 "$RUNWAY" accounts import accounts.csv
# routes BASE: the credentials file and the variables for receiver BASE.
routes() {
    "$PY" - "$1" $ids_a > creds.json <<'PYEOF'
import json, sys
base, ids = sys.argv[1], sys.argv[2:]
print(json.dumps({"profiles": {"p-" + a: {"webhook": "%s/hook/%s/TOKEN-%s" % (base, a, a)}
                               for i, a in enumerate(ids) if i % 2 == 0}}))
PYEOF
    chmod 600 creds.json
    for a in $ids_a; do export "HOOK_${a#acc-}=$1/hook/$a/TOKEN-$a"; done
    export SHARED_WECOM="$1/cgi-bin/webhook/send?key=SHAREDTOKEN"
}
routes "$BASE"
cp "$RUNWAY_DB" fresh.db
A=(--all-accounts --label team=a --config creds.json --digest "json=$BASE/digest/ORGTOKEN"
   --retries 0 --jobs 2 --paths 100)

# run RC ARGS...: notify (outputs appended to all.txt).
run() {
    local rc=$1
    shift
    expect_rc "$rc" "$RUNWAY" notify "$@"
    cat out.txt err.txt >> all.txt
}
# check_run FROM JSON_OUT: the requests after the first FROM of hooks.jsonl
# are exactly the rule messages the run's JSON says were sent or failed, each
# to its account's own route once; prints "MESSAGES DIGESTS".
check_run() {
    "$PY" - "$1" "$2" <<'PYEOF' || fail "check_run $1"
import collections, json, sys
start, out = int(sys.argv[1]), json.load(open(sys.argv[2]))
reqs = [json.loads(l) for l in open("hooks.jsonl", encoding="utf-8").read().splitlines()[start:]]
got = collections.Counter()
digests = 0
for r in reqs:
    if r["path"].startswith("/digest/"):
        digests += 1
        continue
    b = json.loads(r["body"])
    assert r["path"] == "/hook/%s/TOKEN-%s" % (b["account"], b["account"]), r["path"]
    got[(b["account"], b["rule_id"], b["state"])] += 1
want = collections.Counter()
for a in out["accounts"]:
    for x in a.get("rules", []):
        if x["sent_to"]:
            want[(a["account"], x["rule_id"], x["state"])] += 1
assert got == want, (sorted((got - want).items())[:5], sorted((want - got).items())[:5])
assert all(n == 1 for n in got.values())
print(sum(got.values()), digests)
PYEOF
}

# ---- run 1: acc-007's route fails; every other alert arrives once ---------------
control "$BASE" failpath/acc-007
run 1 "${A[@]}" --format json
cp out.txt r1.json
read -r msgs digests <<< "$(check_run 0 r1.json)"
expect_eq 1 "$digests" "run 1 digests"
# 20 x 3 in arrears, 20 x 2 red, yellow and blue (threshold, run-out), less
# the 6 of acc-115..acc-117, which have no route.
expect_eq 174 "$msgs" "run 1 messages"
expect_grep "account acc-007: webhook json 127.0.0.1:[0-9]*: HTTP 500" err.txt
expect_grep "deliveries failed" err.txt
"$PY" - r1.json <<'PYEOF' || fail "run 1 summary"
import json, sys
o = json.load(open(sys.argv[1]))
assert o["evaluated"] == 120 and o["failed"] == 0, o["evaluated"]
assert o["counts"] == {"arrears": 20, "red": 20, "yellow": 20, "blue": 20, "ok": 40, "failed": 0}, o["counts"]
assert o["no_route"] == ["acc-%03d" % i for i in range(115, 120)], o["no_route"]
fails = [a["account"] for a in o["accounts"] if a["failed"]]
assert fails == ["acc-007"], fails
assert o["digest"]["sent"] and o["digest"]["due"]
# In arrears first (largest owed first: all equal, by id), then fewest days.
assert [a["standing"] for a in o["accounts"][:20]] == ["arrears"] * 20
d = [a["days_left"] for a in o["accounts"][20:] if a["days_left"] is not None]
assert d == sorted(d), d
PYEOF
# The digest: counts, the most urgent named, the accounts without a route.
"$PY" - <<'PYEOF' || fail "digest body"
import json
d = [json.loads(json.loads(l)["body"]) for l in open("hooks.jsonl") if '"/digest/' in l][0]
assert d["event"] == "digest" and d["accounts"] == 120, d
assert d["counts"]["arrears"] == 20 and d["counts"]["ok"] == 40
assert len(d["most_urgent"]) == 10 and d["more"] == 70, (len(d["most_urgent"]), d["more"])
assert d["most_urgent"][0] == {"account": "acc-000", "name": "Team A 0", "state": "arrears",
                               "days_left": None, "runout": None, "owed": 20.0, "currency": "CNY"}, d["most_urgent"][0]
assert d["no_route"] == 5
assert d["message"].startswith("runway digest: 120 account(s), 20 in arrears, 20 below red, 20 below yellow, 20 below blue, 40 ok\n")
assert "\n1. acc-000 (Team A 0): in arrears, owes 20.00 CNY\n" in d["message"]
assert "\nand 70 more\n" in d["message"]
PYEOF

# ---- run 2: only acc-007's alerts, retried; no digest (no state changed) --------
control "$BASE" failpath/-
N=$(nreq hooks.jsonl)
run 0 "${A[@]}"
expect_grep "^accounts: 120 evaluated; 0 changed state; 5 without a route$" out.txt
expect_grep "^no route: acc-115 acc-116 acc-117 acc-118 acc-119 " out.txt
expect_grep "^digest: not due" out.txt
expect_grep "^threshold:acc-007: red: change sent to 1 of 1 webhook$" out.txt
"$PY" - "$N" <<'PYEOF' || fail "run 2: only acc-007"
import json, sys
reqs = [json.loads(l) for l in open("hooks.jsonl").read().splitlines()[int(sys.argv[1]):]]
assert reqs and all(r["path"] == "/hook/acc-007/TOKEN-acc-007" and r["status"] == 200 for r in reqs), reqs[:2]
rules = sorted(json.loads(r["body"])["rule_id"] for r in reqs)
assert rules == ["runout:acc-007", "threshold:acc-007"], rules
PYEOF

# ---- run 3: nothing at all; then --digest-always: the digest alone ---------------
N=$(nreq hooks.jsonl)
run 0 "${A[@]}"
expect_eq "$N" "$(nreq hooks.jsonl)" "run 3 sends nothing"
run 0 "${A[@]}" --digest-always --jobs 1
expect_eq $((N + 1)) "$(nreq hooks.jsonl)" "--digest-always sends the digest alone"
expect_grep "^digest: sent to json 127.0.0.1:" out.txt

# ---- a state changes: its account's alerts and one digest ------------------------
expect_rc 0 "$RUNWAY" balance set 5 --currency CNY --account acc-004 --at 2024-10-01T00:30:00Z
N=$(nreq hooks.jsonl)
run 0 "${A[@]}" --format json
cp out.txt r4.json
read -r msgs digests <<< "$(check_run "$N" r4.json)"
expect_eq "2 1" "$msgs $digests" "acc-004 turned red: its 2 alerts and the digest"

# ---- the digest fails: exit 1, sent by the next run ------------------------------
control "$BASE" failpath/digest
run 1 "${A[@]}" --digest-always
expect_grep "^digest: failed (webhook json 127.0.0.1:[0-9]*: HTTP 500" out.txt
control "$BASE" failpath/-
N=$(nreq hooks.jsonl)
run 0 "${A[@]}"
expect_grep "^digest: sent to" out.txt
expect_eq $((N + 1)) "$(nreq hooks.jsonl)" "the owed digest, alone"
run 0 "${A[@]}"
expect_grep "^digest: not due" out.txt

# ---- a dry run previews and changes nothing --------------------------------------
expect_rc 0 "$RUNWAY" balance set 1000 --currency CNY --account acc-004 --at 2024-10-01T00:40:00Z
N=$(nreq hooks.jsonl)
run 0 "${A[@]}" --dry-run
expect_grep "^threshold:acc-004: ok (was red): would send resolved" out.txt
expect_grep "^digest: would send to json" out.txt
expect_grep "^  to json 127.0.0.1:[0-9]*: {\"event\":\"digest\"" out.txt
expect_eq "$N" "$(nreq hooks.jsonl)" "a dry run sends nothing"
run 0 "${A[@]}" --format json
read -r msgs digests <<< "$(check_run "$N" out.txt)"
expect_eq "2 1" "$msgs $digests" "acc-004 resolved after the dry run"

# ---- two runs at once on a fresh store: each alert once, one digest --------------
start_server hook2 fake_webhook.py --log "$WORK/hooks2.jsonl"
BASE2=$(server_url hook2)
routes "$BASE2"
cp fresh.db conc.db
B=(--all-accounts --label team=a --config creds.json --digest "json=$BASE2/digest/ORGTOKEN2"
   --retries 0 --jobs 2 --paths 100)
RUNWAY_DB=conc.db "$RUNWAY" notify "${B[@]}" > c1.txt 2>&1 &
p1=$!
RUNWAY_DB=conc.db "$RUNWAY" notify "${B[@]}" > c2.txt 2>&1 &
p2=$!
wait $p1 || { cat c1.txt >&2; fail "concurrent run 1"; }
wait $p2 || { cat c2.txt >&2; fail "concurrent run 2"; }
cat c1.txt c2.txt >> all.txt
"$PY" - <<'PYEOF' || fail "two runs at once"
import collections, json
reqs = [json.loads(l) for l in open("hooks2.jsonl")]
digests = sum(r["path"].startswith("/digest/") for r in reqs)
c = collections.Counter(json.loads(r["body"])["rule_id"] for r in reqs if r["path"].startswith("/hook/"))
assert digests == 1, digests
assert c and all(n == 1 for n in c.values()), [k for k, n in c.items() if n > 1][:5]
# The same alerts as run 1 made from the same store (there, acc-007's failed).
r1 = json.load(open("r1.json"))
want = {x["rule_id"] for a in r1["accounts"] for x in a["rules"] if x["sent_to"]}
assert set(c) == want, (sorted(set(c) ^ want)[:5])
PYEOF
routes "$BASE"

# ---- 50 alerts to one WeCom robot: 20 a minute, the rest deferred -----------------
W=(--all-accounts --label team=b --retries 0 --jobs 2 --paths 100)
wecom() { grep -c '"/cgi-bin/webhook/send"' hooks.jsonl; }
run 0 "${W[@]}"
expect_eq 20 "$(wecom)" "first 20 to the robot"
expect_grep "deliveries: 20 sent, 0 failed (retried on the next run), 30 deferred by rate limits" out.txt
expect_grep "webhook wecom 127.0.0.1:[0-9]*: 20 messages a minute reached; .* is sent on the next run" err.txt
run 0 "${W[@]}"
expect_eq 40 "$(wecom)" "20 more on the next run"
run 0 "${W[@]}"
expect_eq 50 "$(wecom)" "the last 10"
expect_grep "deliveries: 10 sent, 0 failed (retried on the next run), 0 deferred" out.txt
run 0 "${W[@]}"
expect_eq 50 "$(wecom)" "then nothing"

# ---- usage errors and secrets ----------------------------------------------------
expect_rc 2 "$RUNWAY" notify --all-accounts --account acc-001
expect_grep "all-accounts and --account together" err.txt
expect_rc 2 "$RUNWAY" notify --all-accounts --webhook "json=$BASE/x/TOKENX"
expect_grep "does not apply; --digest names the organisation's route" err.txt
expect_rc 2 "$RUNWAY" notify --digest "json=$BASE/x/TOKENY"
expect_grep "are for --all-accounts" err.txt
expect_rc 2 "$RUNWAY" notify --all-accounts --label team=a --digest "json=http://example.com/TOKENZ"
expect_rc 2 "$RUNWAY" notify --all-accounts --label team=a --config creds.json --digest "json=@nosuch"
expect_grep "^runway: --digest: " err.txt
expect_rc 2 "$RUNWAY" notify --all-accounts --format csv
cat out.txt err.txt >> all.txt
"$PY" - "$RUNWAY_DB" > dump.txt <<'PYEOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for t in ("alert_state", "alert_log", "accounts"):
    for r in c.execute("SELECT * FROM %s" % t):
        print(t, r)
PYEOF
for t in TOKEN-acc SHAREDTOKEN ORGTOKEN TOKENX TOKENY TOKENZ; do
    ! grep -q "$t" all.txt || fail "token $t printed"
    ! grep -q "$t" dump.txt || fail "token $t stored"
done
echo "notify_all_cli: ok"
