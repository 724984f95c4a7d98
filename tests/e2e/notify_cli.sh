# notify_cli.sh: `runway notify` against a loopback webhook receiver
# (fake_webhook.py) with an injected clock (RUNWAY_NOW): one message per
# rule state change to each kind of webhook, silence when nothing changed,
# reminders after the cooldown within the daily limit, resolution, dry
# runs that change nothing, failed and unreachable webhooks retried on the
# next run, and webhook tokens that never show in output or the store.
. "$(dirname "$0")/common.bash" "$@"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

start_server hook fake_webhook.py --log "$WORK/hooks.jsonl"
BASE=$(server_url hook)
PORT=$(head -1 hook.port)
# Every token below must never appear in output or in the store.
TOKENS="WECOMTOKEN0001 DINGTOKEN0002 DINGSECRET0003 SLACKTOKEN0004 JSONTOKEN0005 CLOSEDTOKEN0006"
HOOKS=(--webhook "wecom=$BASE/cgi-bin/webhook/send?key=WECOMTOKEN0001"
       --webhook "dingtalk=$BASE/robot/send?access_token=DINGTOKEN0002#secret=DINGSECRET0003"
       --webhook "slack=$BASE/services/T000/B000/SLACKTOKEN0004"
       --webhook "json=$BASE/hooks/JSONTOKEN0005")
T0=1722470400 # 2024-08-01T00:00:00Z
METRIC=(--metric points) # the series file's points; a bill's cost later
H=3600
: > all.txt

# notify AT EXPECTED_RC ARGS...: runs notify at epoch AT (output kept in all.txt).
notify() {
    local at=$1 rc=$2
    shift 2
    RUNWAY_NOW=$at expect_rc "$rc" "$RUNWAY" notify "${METRIC[@]}" --retries 0 "$@"
    cat out.txt err.txt >> all.txt
}
nreq() { if [ -f hooks.jsonl ]; then wc -l < hooks.jsonl | tr -d ' '; else echo 0; fi; }
# Requests after the first N, one line each: PATH RULE STATE EVENT PREVIOUS
# for json, PATH and the message's first line for the others.
reqs_after() {
    "$PY" - "$1" <<'EOF'
import json, sys
lines = open("hooks.jsonl", encoding="utf-8").read().splitlines()[int(sys.argv[1]):]
for l in lines:
    r = json.loads(l)
    b = json.loads(r["body"])
    if r["path"].startswith("/hooks/"):
        print(r["path"], b["rule"], b["state"], b["event"], b["previous_state"])
    else:
        text = b.get("text") or b.get("markdown", {}).get("content") or b["markdown"]["text"]
        print(r["path"], text.splitlines()[0])
EOF
}
# The last json request's field F (dotted path).
json_field() {
    "$PY" - "$1" <<'EOF'
import json, sys
last = [json.loads(l) for l in open("hooks.jsonl", encoding="utf-8") if '"/hooks/' in l][-1]
v = json.loads(last["body"])
for k in sys.argv[1].split("."):
    v = v[k]
print(v)
EOF
}
dbdump() {
    "$PY" - "$RUNWAY_DB" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for t in ("alert_state", "alert_log"):
    for r in c.execute("SELECT * FROM %s ORDER BY 1" % t):
        print(t, r)
EOF
}
control() { "$PY" -c "import urllib.request as u; u.urlopen(u.Request('$BASE/_control/$1', data=b'', method='POST'))"; }

# Exactly 100/day from 2024-05-15 to 2024-07-30, 1000 more on the 1st: the
# thresholds are blue 1700 (7 days, the fee on Aug 1), yellow 1300, red 100.
awk 'BEGIN {
    print "series,timestamp,value"
    split("31 30 31", len, " ")
    for (m = 5; m <= 7; m++)
        for (day = (m == 5 ? 15 : 1); day <= (m == 7 ? 30 : len[m - 4]); day++)
            printf "acct,2024-%02d-%02d,%d\n", m, day, (day == 1 ? 1100 : 100)
}' > s.csv
"$RUNWAY" --quiet ingest --format series s.csv || fail "ingest"

# ---- usage ---------------------------------------------------------------------
expect_rc 0 "$RUNWAY" notify --help
expect_grep "usage: runway notify" out.txt
notify $T0 2 --webhook "teams=$BASE/x"
expect_grep "unknown kind 'teams'" err.txt
notify $T0 2 --webhook "slack=http://hooks.example.com/services/SLACKTOKEN0004"
expect_grep "host hooks.example.com" err.txt
notify $T0 2 --webhook "slack=$BASE/services/SLACKTOKEN0004#secret=SLACKTOKEN0004"
expect_grep "only for dingtalk" err.txt
notify $T0 2 --dry-run --cooldown 6x
notify $T0 2 --dry-run --daily-limit 0
notify $T0 2 "${HOOKS[@]}" --webhook "json=$BASE/hooks/JSONTOKEN0005"
expect_grep "given twice" err.txt
RUNWAY_NOW=yesterday expect_rc 2 "$RUNWAY" notify --dry-run
expect_grep "RUNWAY_NOW" err.txt
notify $T0 2 --dry-run
expect_grep "no balance recorded" err.txt

# ---- first alerts ------------------------------------------------------------------
# 1500 at the end of Jul 30: below blue (1700); runs out on Aug 5 (day 6).
"$RUNWAY" --quiet balance set 1500 --at 2024-07-31 --currency CNY || fail "balance set"
notify $T0 0 --dry-run "${HOOKS[@]}"
expect_grep "^threshold: blue (was ok): would send change (state changed) to 4 webhooks" out.txt
expect_grep "^runout: soon (was ok): would send change" out.txt
expect_eq 8 "$(grep -c '^  to ' out.txt)" "dry-run payloads"
expect_grep '^  to wecom 127.0.0.1:[0-9]*: {"msgtype":"markdown","markdown":{"content":"### runway alert: balance 1500.00 CNY is below the blue threshold 1700.00' out.txt
expect_eq 0 "$(nreq)" "requests after a dry run"
expect_eq "" "$(dbdump)" "store after a dry run"
# Without webhooks a dry run shows the text.
notify $T0 0 --dry-run
expect_grep "^  | Action: top up at least 200.00 CNY to reach the blue threshold (1700.00: 7 days at 95%); within 72 h: Request a top-up from finance now: the balance covers about a week, and approval and payment take days. (tell finance)" out.txt
expect_grep "^  | Run-out: 2024-08-05 (P50), range 2024-08-05 .. 2024-08-05 (P10..P90)" out.txt
expect_grep "^  | Data deleted from: 2024-08-21T00:00:00Z (P50, policy generic)" out.txt

notify $T0 0 "${HOOKS[@]}"
expect_grep "^threshold: blue (was ok): change sent to 4 of 4 webhooks" out.txt
expect_grep "^runout: soon (was ok): change sent to 4 of 4 webhooks" out.txt
expect_eq 8 "$(nreq)" "one message per rule and webhook"
reqs_after 0 > r.txt
for p in /cgi-bin/webhook/send /robot/send /services/T000/B000/SLACKTOKEN0004; do
    expect_eq 2 "$(grep -c "^$p " r.txt)" "requests to $p"
done
expect_grep "^/hooks/JSONTOKEN0005 threshold blue change ok$" r.txt
expect_grep "^/hooks/JSONTOKEN0005 runout soon change ok$" r.txt
expect_grep "^/cgi-bin/webhook/send ### runway alert: balance 1500.00 CNY is below the blue" r.txt
expect_grep "^/services/T000/B000/SLACKTOKEN0004 \*runway alert: the balance runs out within 7 days (P50 2024-08-05)\*" r.txt
expect_eq 1500.0 "$(json_field balance)" "balance"
expect_eq CNY "$(json_field currency)" "currency"
expect_eq warning "$(json_field level)" "level"
expect_eq 2024-08-05 "$(json_field runout.p50)" "P50"
expect_eq 2024-08-05 "$(json_field runout.p10)" "P10"
expect_eq 2024-08-21T00:00:00Z "$(json_field data_deleted_from)" "data deletion"
expect_eq "top up at least 200.00 CNY to last 7 days (at 95% confidence)" "$(json_field action)" "action"
expect_eq 2024-08-01T00:00:00Z "$(json_field at)" "at"
# DingTalk requests are signed with the injected clock.
grep -q '"query": "access_token=DINGTOKEN0002&timestamp=1722470400000&sign=[^"]*%3D"' hooks.jsonl \
    || fail "dingtalk request not signed"
grep -q '"Content-Type": "application/json; charset=utf-8"' hooks.jsonl || fail "content type"

# ---- nothing changed: nothing sent ----------------------------------------------------
notify $((T0 + 60)) 0 "${HOOKS[@]}"
expect_eq 8 "$(nreq)" "requests after an unchanged run"
expect_grep "^threshold: blue: unchanged, in cooldown, next reminder from 2024-08-01T06:00:00Z" out.txt

# ---- a state change: one new message per webhook ----------------------------------------
# 1200: below yellow (1300); still runs out within 7 days (Aug 2).
"$RUNWAY" --quiet balance set 1200 --at 2024-07-31 || fail "balance set"
notify $((T0 + 120)) 0 "${HOOKS[@]}"
expect_grep "^threshold: yellow (was blue): change sent to 4 of 4 webhooks" out.txt
expect_grep "^runout: soon: unchanged, in cooldown" out.txt
expect_eq 12 "$(nreq)" "requests after a change"
reqs_after 8 > r.txt
expect_eq "/hooks/JSONTOKEN0005 threshold yellow change blue" "$(grep '^/hooks/' r.txt)" "change"
expect_eq "top up at least 500.00 CNY to reach the blue threshold (1700.00: 7 days at 95%); within 24 h: Top up today and chase the pending payment: about three days of money are left. (tell finance, team lead)" \
    "$(json_field action)" "action"

# ---- cooldown (6 h) and daily limit (3 per rule per UTC day) -----------------------------
notify $((T0 + 6 * H)) 0 "${HOOKS[@]}"            # runout: 6 h after its message
expect_eq "/hooks/JSONTOKEN0005 runout soon repeat ok" "$(reqs_after 12 | grep '^/hooks/')" "reminder"
expect_grep "^runout: soon: repeat sent to 4 of 4" out.txt
expect_grep "^threshold: yellow: unchanged, in cooldown, next reminder from 2024-08-01T06:02:00Z" out.txt
expect_grep "^/cgi-bin/webhook/send ### runway reminder: the balance runs out" <(reqs_after 12)
notify $((T0 + 6 * H + 120)) 0 "${HOOKS[@]}"      # threshold's third message today
expect_eq 20 "$(nreq)" "requests after two reminders"
notify $((T0 + 12 * H + 120)) 0 "${HOOKS[@]}"     # runout's third; threshold at its limit
expect_eq "/hooks/JSONTOKEN0005 runout soon repeat ok" "$(reqs_after 20 | grep '^/hooks/')" "third"
expect_grep "^threshold: yellow: unchanged, daily limit reached, next reminder from 2024-08-02T00:00:00Z" out.txt
notify $((T0 + 18 * H + 120)) 0 "${HOOKS[@]}"
expect_eq 24 "$(nreq)" "requests at the daily limit"
expect_grep "^runout: soon: unchanged, daily limit reached" out.txt
notify $((T0 + 24 * H)) 0 "${HOOKS[@]}"           # a new UTC day
expect_eq 32 "$(nreq)" "requests on the next day"
# A shorter cooldown and limit from the flags.
notify $((T0 + 25 * H)) 0 "${HOOKS[@]}" --cooldown 30m --daily-limit 2
expect_eq 40 "$(nreq)" "requests with --cooldown 30m"
notify $((T0 + 26 * H)) 0 "${HOOKS[@]}" --cooldown 30m --daily-limit 2
expect_eq 40 "$(nreq)" "requests over --daily-limit 2"

# ---- dry run: sends nothing, changes nothing ------------------------------------------
dbdump > before.txt
"$RUNWAY" --quiet balance set 5000 --at 2024-07-31 || fail "balance set"
notify $((T0 + 27 * H)) 0 --dry-run "${HOOKS[@]}"
expect_grep "^threshold: ok (was yellow): would send resolved" out.txt
expect_eq 40 "$(nreq)" "requests after a dry run"
dbdump > after.txt
cmp -s before.txt after.txt || fail "dry run changed the store"

# ---- resolved: one message, then silence ------------------------------------------------
notify $((T0 + 27 * H)) 0 "${HOOKS[@]}"
reqs_after 40 | grep '^/hooks/' > r.txt
expect_grep "^/hooks/JSONTOKEN0005 threshold ok resolved yellow$" r.txt
expect_grep "^/hooks/JSONTOKEN0005 runout ok resolved soon$" r.txt
expect_eq 48 "$(nreq)" "requests after resolution"
expect_eq "none needed" "$(json_field action)" "action when resolved"
expect_grep "^/robot/send ### runway resolved: " <(reqs_after 40)
notify $((T0 + 40 * H)) 0 "${HOOKS[@]}"
notify $((T0 + 80 * H)) 0 "${HOOKS[@]}"
expect_eq 48 "$(nreq)" "requests while ok"

# ---- a failing webhook: logged, exit 1, retried next run (only it) ---------------------
"$RUNWAY" --quiet balance set 1500 --at 2024-07-31 || fail "balance set"
control fail/1          # the next request (wecom, threshold) gets HTTP 500
notify $((T0 + 81 * H)) 1 "${HOOKS[@]}"
expect_grep "webhook wecom 127.0.0.1:$PORT: HTTP 500 (1 attempt); threshold (blue) will be retried on the next run" err.txt
expect_grep "^threshold: blue (was ok): change sent to 3 of 4 webhooks (failed: wecom 127.0.0.1:$PORT; retried on the next run)" out.txt
expect_grep "1 of 8 deliveries failed" err.txt
expect_eq 56 "$(nreq)" "requests with one failure"
notify $((T0 + 81 * H + 60)) 0 "${HOOKS[@]}"
expect_grep "^threshold: blue: change sent to 1 of 1 webhook$" out.txt
expect_eq "/cgi-bin/webhook/send ### runway alert: balance 1500.00 CNY is below the blue threshold 1700.00: it may not last 7 days" \
    "$(reqs_after 56)" "the retry"
notify $((T0 + 81 * H + 120)) 0 "${HOOKS[@]}"
expect_eq 57 "$(nreq)" "requests after the retry"
# WeCom/DingTalk refuse with errcode in a 200: a failure too.
"$RUNWAY" --quiet balance set 1200 --at 2024-07-31 || fail "balance set"
control errcode/1
notify $((T0 + 82 * H)) 1 "${HOOKS[@]}"
expect_grep "webhook wecom 127.0.0.1:$PORT: errcode 93000: invalid webhook url" err.txt
notify $((T0 + 82 * H + 60)) 0 "${HOOKS[@]}"
expect_eq 62 "$(nreq)" "requests after the errcode retry"
"$PY" - "$RUNWAY_DB" <<'EOF' || fail "alert_log"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
rows = c.execute("SELECT target, status, message FROM alert_log WHERE status = 'failed'").fetchall()
assert len(rows) == 2, rows
assert rows[0][0].startswith("wecom 127.0.0.1:"), rows[0][0]
assert "[failed: webhook wecom" in rows[0][2], rows[0][2]
assert c.execute("SELECT count(*) FROM alert_log WHERE status = 'sent'").fetchone()[0] == 60
EOF

# ---- an unreachable webhook: a clear error, the change kept and retried ----------------
CLOSED=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$RUNWAY" --quiet balance set 50 --at 2024-07-31 || fail "balance set"
# (--cooldown 1s: the run-out rule's reminder is due too, so two messages.)
notify $((T0 + 83 * H)) 1 --cooldown 1s --webhook "json=http://127.0.0.1:$CLOSED/hooks/CLOSEDTOKEN0006"
expect_grep "webhook json 127.0.0.1:$CLOSED: network error: connect" err.txt
expect_grep "threshold (red) will be retried on the next run" err.txt
# Unreachable once is enough: the second message does not wait again.
expect_grep "webhook json 127.0.0.1:$CLOSED: not tried, unreachable earlier in this run; runout (soon)" err.txt
expect_grep "2 of 2 deliveries failed" err.txt
"$PY" - "$RUNWAY_DB" <<'EOF' || fail "state kept after a failed delivery"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
state, last = c.execute("SELECT state, last_sent FROM alert_state WHERE rule = 'threshold'").fetchone()
assert state == "red", state
assert last == 1722470400 + 82 * 3600, last   # not moved by the failure
EOF
notify $((T0 + 83 * H + 60)) 1 --webhook "json=http://127.0.0.1:$CLOSED/hooks/CLOSEDTOKEN0006"
expect_grep "^threshold: red: change sent to 0 of 1 webhook" out.txt
expect_grep "^runout: soon: repeat sent to 0 of 1 webhook" out.txt
# Once a working webhook is given, the undelivered messages reach it.
notify $((T0 + 83 * H + 120)) 0 --webhook "json=$BASE/hooks/JSONTOKEN0005"
reqs_after 62 > r.txt
expect_eq 2 "$(wc -l < r.txt | tr -d ' ')" "messages delivered late"
expect_grep "^/hooks/JSONTOKEN0005 threshold red change yellow$" r.txt
expect_grep "^/hooks/JSONTOKEN0005 runout soon repeat ok$" r.txt

# ---- budget -----------------------------------------------------------------------------
# As of Jul 30 the period is July: 4000 spent, 4100 forecast.
notify $((T0 + 84 * H)) 0 --dry-run --budget 4050
expect_grep "^budget: forecast-over (was ok): would send change" out.txt
expect_grep "will likely exceed the budget 4050.00 CNY (100% chance)" out.txt
expect_grep "cut spend by about 50.00 CNY a day over the remaining 1 day" out.txt
notify $((T0 + 84 * H)) 0 --dry-run --budget 3999
expect_grep "^budget: over (was ok)" out.txt
expect_grep "spend 4000.00 CNY in 2024-07-01 .. 2024-07-31 is over the budget 3999.00" out.txt
notify $((T0 + 84 * H)) 0 --dry-run --budget 9000
expect_grep "^budget: ok: unchanged, nothing to send" out.txt

# ---- arrears: one message per phase as deletion nears ----------------------------------
# -120 at the end of Jul 30 with 100 a day: below zero since Jul 29 19:12 UTC;
# generic policy: suspended Jul 30 19:12, data deleted Aug 14 19:12.
"$RUNWAY" --quiet balance set -120 --at 2024-07-31 || fail "balance set -120"
N=$(nreq)
notify $((T0 + 85 * H)) 0 --webhook "json=$BASE/hooks/JSONTOKEN0005"
expect_grep "^runout: ran-out (was soon): change sent" out.txt
expect_grep "^arrears: suspended (was ok): change sent" out.txt
reqs_after $N > r.txt
expect_grep "^/hooks/JSONTOKEN0005 arrears suspended change ok$" r.txt
expect_eq critical "$(json_field level)" "arrears level"
expect_eq -120.0 "$(json_field balance)" "the balance as observed"
expect_eq "2024-07-31 00:00 UTC" "$(json_field balance_at)" "when it was observed"
expect_grep "in arrears since 2024-07-29 19:12 UTC: owes 120.00 CNY; the service is suspended" hooks.jsonl
# Seven days before deletion it escalates; after the date, again.
notify $((T0 + 7 * 24 * H)) 0 --webhook "json=$BASE/hooks/JSONTOKEN0005"
expect_grep "^arrears: deletion-soon (was suspended): change sent" out.txt
notify $((T0 + (13 * 24 + 20) * H)) 0 --webhook "json=$BASE/hooks/JSONTOKEN0005"
expect_grep "^arrears: deleted (was deletion-soon): change sent" out.txt
expect_grep "data deletion due since 2024-08-14 19:12 UTC" hooks.jsonl

# ---- a FOCUS bill and a named account; the numbers agree with the commands ----------------
export RUNWAY_DB="$WORK/focus.db"
METRIC=()
awk 'BEGIN {
    print "ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ServiceName,SubAccountId"
    for (d = 1; d <= 30; d++)
        printf "2024-09-%02dT00:00:00Z,2024-09-%02dT00:00:00Z,%d,CNY,Compute,team-a\n", d, d + 1, 60 + (d % 7) * 10
}' > focus.csv
sed -i 's/2024-09-31T/2024-10-01T/' focus.csv
"$RUNWAY" --quiet ingest focus.csv || fail "ingest focus"
"$RUNWAY" --quiet balance set 250 --account team-a --currency CNY --at 2024-10-01 || fail "balance"
# Without a webhook the states are recorded and the change kept for the first one.
notify $((T0 + 90 * 24 * H)) 0 --account team-a
expect_grep "^runout:team-a: soon (was ok): change not sent (no --webhook given; kept until one is)" out.txt
expect_grep "^  | Account: team-a" out.txt
notify $((T0 + 90 * 24 * H + 60)) 0 --account team-a
expect_grep "^runout:team-a: soon: change not sent" out.txt
grep -q "Account" out.txt && fail "the kept message is printed again"
N=$(nreq)
notify $((T0 + 90 * 24 * H + 120)) 0 --account team-a --webhook "json=$BASE/hooks/JSONTOKEN0005"
expect_grep "^threshold:team-a: yellow: change sent to 1 of 1 webhook" out.txt
expect_grep "^runout:team-a: soon: change sent to 1 of 1 webhook" out.txt
expect_eq 2 "$(reqs_after $N | wc -l | tr -d ' ')" "kept changes delivered"
expect_eq team-a "$(json_field account)" "account"
expect_eq runout:team-a "$(json_field rule_id)" "rule id"
expect_rc 0 "$RUNWAY" runout --account team-a --format json
RUNOUT_P50=$("$PY" -c 'import json; print(json.load(open("out.txt"))["dates"]["p50"])')
expect_eq "$RUNOUT_P50" "$(json_field runout.p50)" "P50 as runway runout"
expect_rc 0 "$RUNWAY" thresholds --account team-a --no-backtest --format json
BLUE=$("$PY" -c 'import json; print("%.2f" % json.load(open("out.txt"))["thresholds"][0]["balance"])')
notify $((T0 + 90 * 24 * H)) 0 --account team-a --dry-run --verbose
expect_grep "thresholds at 95% confidence: blue $BLUE (7 d)" out.txt

# ---- secrets ---------------------------------------------------------------------------
dbdump > db.txt
for t in $TOKENS; do
    if grep -q "$t" all.txt db.txt; then fail "token $t appears in output or the store"; fi
done
grep -q "hooks/" db.txt && fail "a webhook path is in the store"
echo ok
