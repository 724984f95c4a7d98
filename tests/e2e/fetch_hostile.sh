# fetch_hostile.sh: `runway fetch tencent` against a Billing API that pages
# without end or echoes secrets (fake_tencent.py's hostile modes): a
# negative, absurd or non-numeric Total, pages that repeat or stay empty
# before Total, each for the bills and the ledger, stop within seconds
# with exit 1 and a message naming the month, the API and what the server
# did; nothing is stored and no partial file is left to grow. An error
# message that echoes the SecretId or a long session token across the
# client's cut shows no 8 characters of any secret, and is cut on a
# character boundary.
. "$(dirname "$0")/common.bash" "$@"
PY=/usr/bin/python3
[ -x "$PY" ] || fail "python3 is needed for the fake API (bash .ci/deps installs it)"
export TENCENTCLOUD_SECRET_ID=AKIDrunwayFAKE0000000000000000000000
export TENCENTCLOUD_SECRET_KEY=runwayFAKEsecretKEY0000000000000
# fake NAME ARGS...: starts the fake API; its port goes to $NAME.port.
fake() { start_server "$1" fake_tencent.py --log "$1.log" --idle-timeout 120 "${@:2}"; }
url() { server_url "$1"; }
RAW=runway-raw/tencent

# hostile NAME WHAT PATTERN FAKE-FLAGS...: a fetch of 2024-09's bills
# (WHAT=bills) or ledger (WHAT=ledger) from a fake with FAKE-FLAGS exits 1
# within 10 s saying PATTERN, stores nothing and leaves no partial file.
# The timeout only keeps a broken build from hanging the suite.
hostile() {
    local name=$1 what=$2 pattern=$3
    shift 3
    fake "$name" --month 2024-09 --items 250 --ledger-items 250 "$@"
    local skip=--no-ledger
    [ "$what" = ledger ] && skip=--no-bills
    local t0=$SECONDS
    expect_rc 1 timeout 60 "$RUNWAY" fetch tencent --month 2024-09 --endpoint "$(url "$name")" \
        --no-balance "$skip"
    [ $((SECONDS - t0)) -le 10 ] || fail "$name: took $((SECONDS - t0)) s"
    expect_grep "$pattern" err.txt
    expect_grep 'nothing was stored' err.txt
    "$RUNWAY" sources --format json > sources.json || fail "runway sources failed"
    expect_eq '[]' "$(cat sources.json)" "$name: sources"
    "$RUNWAY" series --format csv > series.csv || fail "runway series failed"
    expect_eq 1 "$(wc -l < series.csv)" "$name: lines of runway series"
    [ -z "$(ls -A "$RAW")" ] || { ls -la "$RAW" >&2; fail "$name: raw files left"; }
    local pages
    pages=$(grep -c '"result":"ok"' "$name.log")
    [ "$pages" -le 20 ] || fail "$name: $pages pages asked for"
}

api='DescribeBillDetail 2024-09: '
hostile neg bills "${api}the server's Total is -5 at offset 0" --endless --total=-5
hostile big bills "${api}the server's Total is 100000000000 at offset 0" --endless --total 100000000000
hostile str bills "${api}the server's Total is \"lots\" at offset 0" --endless --total '"lots"'
hostile rep bills "${api}the page at offset 100 repeats the page at offset 0" --repeat-page --endless --total none
hostile rep2 bills "${api}the page at offset 100 repeats the page at offset 0" --repeat-page
hostile empty bills "${api}the page at offset 0 is empty but the server's Total is 250" --empty-pages
hostile more bills "${api}the page at offset 0 ends at item 100, past the server's Total of 50" --total 50
api='DescribeBillList 2024-09: '
hostile lneg ledger "${api}the server's Total is -1 at offset 0" --endless --total=-1
hostile lrep ledger "${api}the page at offset 100 repeats the page at offset 0" --repeat-page --endless --total none
hostile lempty ledger "${api}the page at offset 0 is empty but the server's Total is 250" --empty-pages

# A partial file of an earlier failed fetch is dropped too, not grown.
fake part --month 2024-09 --items 300 --malformed-once --fault-at 2
expect_rc 1 "$RUNWAY" fetch tencent --month 2024-09 --endpoint "$(url part)" --no-balance --no-ledger
[ -s "$RAW/bills-2024-09.jsonl.part" ] || fail "partial pages not kept after a transient failure"
fake partrep --month 2024-09 --items 300 --repeat-page
expect_rc 1 "$RUNWAY" fetch tencent --month 2024-09 --endpoint "$(url partrep)" --no-balance --no-ledger
expect_grep 'resuming at item 100' err.txt
expect_grep 'the page at offset 200 repeats the page at offset 100' err.txt
[ -e "$RAW/bills-2024-09.jsonl.part" ] && fail "the partial file was kept"

# A sane server after all that: the bounds do not get in the way.
fake ok --month 2024-09 --items 250 --ledger-items 150
expect_rc 0 "$RUNWAY" fetch tencent --month 2024-09 --endpoint "$(url ok)"
expect_grep 'bills-2024-09-.*: 250 rows: 250 charges' out.txt
expect_grep 'ledger-2024-09-.*: 150 rows' out.txt

# Secrets echoed by the server across the client's cut (byte 255 of the
# message), a long session token included: no 8 characters of any secret
# on stdout or stderr, whatever the padding before them.
TOKEN=$("$PY" -c 'import base64, hashlib
print("".join(base64.b64encode(hashlib.sha256(b"%d" % i).digest()).decode() for i in range(10)))')
export TENCENTCLOUD_SESSION_TOKEN=$TOKEN
leaks() {
    "$PY" - "$TENCENTCLOUD_SECRET_ID" "$TENCENTCLOUD_SECRET_KEY" "$TOKEN" out.txt err.txt <<'PYEOF'
import sys
secrets, files = sys.argv[1:4], sys.argv[4:]
text = "".join(open(f, encoding="utf-8", errors="replace").read() for f in files)
found = [s[i:i + 8] for s in secrets for i in range(len(s) - 7) if s[i:i + 8] in text]
print(found[0] if found else "")
PYEOF
}
for what in id token; do
    for at in 200 240 250 254 255 256 300 500; do
        fake "echo-$what-$at" --token "$TOKEN" --echo-secret "$what" --echo-at "$at"
        expect_rc 1 "$RUNWAY" fetch tencent --month 2024-09 --endpoint "$(url "echo-$what-$at")"
        expect_grep 'InvalidParameter' err.txt
        leak=$(leaks)
        [ -z "$leak" ] || { cat err.txt >&2; fail "echo $what at $at: '$leak' of a secret shown"; }
    done
done
# A message cut within a three-byte character is cut before it.
for at in 1 2 3; do
    fake "utf8-$at" --token "$TOKEN" --echo-secret utf8 --echo-at "$at"
    expect_rc 1 "$RUNWAY" fetch tencent --month 2024-09 --endpoint "$(url "utf8-$at")"
    expect_grep 'InvalidParameter' err.txt
    "$PY" -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' err.txt ||
        fail "utf8 at $at: the error is not UTF-8"
done
