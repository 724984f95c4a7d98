# notify_hostile.sh: data cannot write the chat messages of `runway notify`
# (issue 14). A balance file whose account id (Uin) pings a Slack channel,
# mentions everyone, carries a Markdown link and starts a heading on a new
# line, and a policy file whose name and response do the same, are sent
# to WeCom, DingTalk, Slack and JSON receivers (fake_webhook.py): the chat
# bodies hold no mention, no link, no markup and no line break from data,
# the account stays recognisable, and the json kind keeps the data exact.
. "$(dirname "$0")/common.bash" "$@"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

start_server hook fake_webhook.py --log "$WORK/hooks.jsonl"
BASE=$(server_url hook)
HOOKS=(--webhook "wecom=$BASE/cgi-bin/webhook/send?key=K"
       --webhook "dingtalk=$BASE/robot/send?access_token=T"
       --webhook "slack=$BASE/services/T000/B000/S"
       --webhook "json=$BASE/hooks/J")

# 100 a day (1000 on the 1st): with 1500 left the threshold and run-out
# rules alert (as in notify_cli.sh).
awk 'BEGIN {
    print "series,timestamp,value"
    split("31 30 31", len, " ")
    for (m = 5; m <= 7; m++)
        for (day = (m == 5 ? 15 : 1); day <= (m == 7 ? 30 : len[m - 4]); day++)
            printf "acct,2024-%02d-%02d,%d\n", m, day, (day == 1 ? 1100 : 100)
}' > s.csv
"$RUNWAY" --quiet ingest --format series s.csv || fail "ingest series"
# The issue's account id, 51 bytes, with a newline (JSON \n) in it.
cat > bal.json <<'EOF'
{"FetchedAt": "2024-07-31T00:00:00Z", "Response": {"Uin": "<!channel> <@all> [Pay](https://evil.example/p)\n# H", "Balance": 150000, "RealBalance": 150000, "RequestId": "hostile-1"}}
EOF
"$RUNWAY" --quiet ingest bal.json || fail "ingest balance"
sed -e 's/"name": "generic"/"name": "<!here> @所有人 www.evil.example"/' \
    -e 's/"notify": "finance"/"notify": "@13800000000 <@zhangsan>"/' \
    "$SRC/models/policies/generic.json" > pol.json
RUNWAY_NOW=1722470400 expect_rc 0 "$RUNWAY" notify --metric points --retries 0 \
    --policy pol.json "${HOOKS[@]}"
expect_eq 8 "$(wc -l < hooks.jsonl | tr -d ' ')" "two rules to four webhooks"

"$PY" - <<'EOF' || fail "hostile data reached a message (see above)"
import json, sys
ACCOUNT = "<!channel> <@all> [Pay](https://evil.example/p)\n# H"
bad = []
def check(cond, what):
    if not cond:
        bad.append(what)
for line in open("hooks.jsonl", encoding="utf-8"):
    r = json.loads(line)
    b = json.loads(r["body"])
    if r["path"].startswith("/hooks/"):
        # json kind: data exact in its fields; the plain "message" defused.
        check(b["account"] == ACCOUNT, "json account exact")
        check(b["policy"] == "<!here> @所有人 www.evil.example", "json policy exact")
        texts = {"message": b["message"]}
    elif "markdown" in b:
        texts = dict(b["markdown"])
    else:
        texts = {"text": b["text"]}
    for name, t in texts.items():
        where = "%s %s" % (r["path"], name)
        for s in ("<!channel>", "<!here>", "<@", "@all", "@所有人", "@138", "[Pay](",
                  "https://evil", "evil.example", "www.evil", "\n# H", "\n#"):
            check(s not in t, "%s: holds %r" % (where, s))
        if name != "title":
            # Recognisable: the account is there, neutralised.
            check("＠all" in t and "Pay" in t and "evil[.]example/p" in t,
                  "%s: account not recognisable" % where)
            lines = t.split("\n")
            n = len([l for l in lines if l])
            check(n == 9, "%s: %d lines, want the template's 9" % (where, n))
        if name in ("text", "content") and r["path"].startswith("/services/"):
            check("&lt;!channel&gt; &lt;＠all&gt; ［Pay］(https[:]//evil[.]example/p)\ufffd＃ H"
                  in t, where + ": slack escaping")
        if name in ("text", "content") and not r["path"].startswith("/services/"):
            check("＜!channel＞ ＜＠all＞ ［Pay］(https[:]//evil[.]example/p)\ufffd＃ H" in t,
                  where + ": markdown neutralising")
        if "policy" in t and name != "title":
            pol = "&lt;!here&gt;" if r["path"].startswith("/services/") else "＜!here＞"
            check("policy %s ＠所有人 www[.]evil[.]example)" % pol in t, where + ": policy")
            if "(tell " in t:
                tell = "&lt;＠zhangsan&gt;" if r["path"].startswith("/services/") else "＜＠zhangsan＞"
                check("(tell ＠13800000000 %s)" % tell in t, where + ": the policy's notify")
for b in bad:
    print("FAIL:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
echo ok
