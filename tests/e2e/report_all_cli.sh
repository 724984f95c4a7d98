# report_all_cli.sh: `runway report --all-accounts`, the organisation
# report, with the real binary over a store of two dozen accounts made by
# bench/accounts/gen.py (bills, balances, the registry with departments,
# projects and budgets), plus an account with a hostile id and one with a
# balance but no charges (it fails):
# - the files: index.html, summary.json, accounts/FOLDER/index.html (with
#   report.md and summary.json) for every account that did not fail; every
#   link of the overview leads to a file, every account page links back;
# - summary.json: the ranking and run-out days are those of `runout
#   --all-accounts --format json`; who needs a top-up this week (arrears or
#   P10 <= 7 days); totals equal the sums of the accounts; the month per
#   label value equals the sums of its accounts; the failed account is
#   listed with its error, exit 1, and the others are complete;
# - the hostile id names a folder inside accounts/ (encoded), and its
#   text is escaped on the page; Chinese (--lang zh-CN);
# - charts only for the first --charts N accounts in rank order;
# - usage errors (exit 2): --charts or --label without --all-accounts,
#   --account with it, --fund-days out of range, a folder others may write.
. "$(dirname "$0")/common.bash" "$@"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
if ! "$PY" -c 'import numpy' 2>/dev/null; then
    echo "SKIP: numpy is not installed (bench/accounts/gen.py needs it)" >&2
    exit 0
fi
export RUNWAY_NOW=1796054400 # 2026-12-01T00:00:00Z, the day after the generator's as-of day

"$PY" "$SRC/bench/accounts/gen.py" gen --n 24 --services 3 --seed 11 > /dev/null ||
    fail "gen.py"
expect_rc 0 "$RUNWAY" --quiet ingest gen/bills.csv.gz gen/balances.jsonl
expect_rc 0 "$RUNWAY" accounts import gen/accounts.csv
# A hostile id with 60 days of charges and a balance; an account with a
# balance and no charges at all (its run-out fails).
EVIL='../x<script>alert(1)</script>'
{ echo "ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ServiceName,BillingAccountId,SubAccountId"
  for d in $(seq 0 59); do
      day=$(date -u -d "2026-10-02 +$d day" +%F)
      printf '%sT00:00:00+08:00,%sT23:59:59+08:00,100,CNY,cos,999,"%s"\n' "$day" "$day" "$EVIL"
  done
} > evil.csv
expect_rc 0 "$RUNWAY" --quiet ingest evil.csv
expect_rc 0 "$RUNWAY" balance set 250 --account "$EVIL" --at 2026-11-30T16:00:00Z --currency CNY
expect_rc 0 "$RUNWAY" accounts set "$EVIL" --name '<b>Evil & Co</b>' --label department=finance
expect_rc 0 "$RUNWAY" balance set 80 --account nocharges --at 2026-11-30T16:00:00Z --currency CNY

# ---- the report --------------------------------------------------------------------
expect_rc 1 "$RUNWAY" report --all-accounts --out org --no-charts --jobs 2
expect_grep 'report: org/index.html (and summary.json, accounts/: 25 account pages)' out.txt
expect_grep '26 accounts, .* need a top-up this week, 1 failed' out.txt
expect_grep '1 of 26 account(s) failed' err.txt
[ -f org/index.html ] && [ -f org/summary.json ] || fail "overview files"
EVIL_DIR='org/accounts/~2E.~2Fx~3Cscript~3Ealert~281~29~3C~2Fscript~3E'
[ -f "$EVIL_DIR/index.html" ] || { ls org/accounts >&2; fail "the hostile id's folder"; }
[ "$(find . -name '*script*' -not -path './org/accounts/*' | wc -l)" = 0 ] ||
    fail "a file named after the hostile id outside org/accounts"
[ ! -e org/accounts/nocharges ] || fail "a page for the failed account"
expect_rc 1 "$RUNWAY" runout --all-accounts --format json
cp out.txt runout.json

"$PY" - org runout.json <<'PYEOF' || fail "summary.json"
import json, math, os, re, sys
from collections import defaultdict
out, runout = sys.argv[1], json.load(open(sys.argv[2]))
s = json.load(open(os.path.join(out, "summary.json")))
acc = s["accounts"]
assert s["chart"] is None  # --no-charts
assert s["counts"] == {"accounts": 26, "failed": 1, "pages": 25,
                       "needs_topup": len(s["needs_topup"])}, s["counts"]
# The ranking and the days are runout --all-accounts's.
assert [a["account"] for a in acc] == [r["account"] for r in runout], "ranking"
for a, r in zip(acc, runout):
    if "error" in r:
        assert a["state"] == "error" and a["error"], a
        continue
    assert a["days"] == r["days"] and a["dates"] == r["dates"], (a["account"], a["days"], r["days"])
    assert a["balance"] == r["balance"], a["account"]
    need = r["status"] == "in_arrears" or (r["days"]["p10"] is not None and r["days"]["p10"] <= 7)
    assert a["needs_topup"] == need, a["account"]
    assert a["top_up"] == max(0, math.ceil((a["fund_to"] - a["balance"]) * 100 - 1e-9) / 100), a
    assert a["page"] == "accounts/%s/index.html" % a["folder"], a
    assert len(a["summary"]) == 5 and a["month"]["forecast"] > 0, a
assert s["needs_topup"] == [a["account"] for a in acc if a.get("needs_topup")]
assert s["failed"] == [{"account": "nocharges", "error": acc[-1]["error"]}], s["failed"]
ok = [a for a in acc if a["state"] != "error"]
(t,) = s["totals"]
assert t["currency"] == "CNY" and t["accounts"] == 25
assert abs(t["balance"] - sum(a["balance"] for a in ok)) < 1e-6
assert abs(t["burn_per_day"] - sum(a["burn_per_day"] for a in ok)) < 1e-6
assert abs(t["top_up"] - sum(a["top_up"] for a in ok if a["needs_topup"])) < 1e-6
# The month per label value: the sums of its accounts, over (+) only when all have budgets.
groups = defaultdict(list)
for a in ok:
    for k in ("department", "project"):
        groups[(k, a["labels"].get(k))].append(a)
assert len(s["budgets"]) == len(groups), (len(s["budgets"]), len(groups))
for g in s["budgets"]:
    m = groups[(g["key"], g["value"])]
    assert g["accounts"] == len(m), g
    assert abs(g["forecast"] - sum(a["month"]["forecast"] for a in m)) < 1e-6, g
    assert abs(g["month_to_date"] - sum(a["month"]["month_to_date"] for a in m)) < 1e-6, g
    b = [a["month"]["budget"] for a in m if a["month"]["budget"] is not None]
    assert g["budgeted"] == len(b), g
    if len(b) == len(m):
        assert abs(g["over"] - (g["forecast"] - sum(b))) < 1e-6, g
    else:
        assert g["over"] is None, g
# Every link of the overview leads to a file; each page links back.
html = open(os.path.join(out, "index.html"), encoding="utf-8").read()
links = re.findall(r'href="([^"#]+)"', html)
assert len(links) == 25 + len(s["needs_topup"]), len(links)  # the ranking, the top-up table
for l in links:
    assert os.path.isfile(os.path.join(out, l)), l
    page = open(os.path.join(out, l), encoding="utf-8").read()
    assert 'href="../../index.html"' in page, l
# Hostile text: never raw.
assert "<script>" not in html and "<b>Evil" not in html
assert "x&lt;script&gt;alert(1)&lt;/script&gt;" in html
assert "&lt;b&gt;Evil &amp; Co&lt;/b&gt;" in html
PYEOF
expect_grep 'id="failed"' org/index.html
expect_grep 'nocharges' org/index.html

# ---- Chinese, charts for the first N ----------------------------------------------------
expect_rc 0 "$RUNWAY" report --all-accounts --out zh --no-charts --lang zh-CN --label department=finance
expect_grep '<html lang="zh-CN">' zh/index.html
expect_grep '本周需充值' zh/index.html
expect_grep '按标签的预算' zh/index.html
expect_grep '报告：zh/index.html' out.txt
if command -v gnuplot > /dev/null; then
    expect_rc 0 "$RUNWAY" report --all-accounts --out charts2 --charts 2 --label department=finance
    "$PY" - charts2 <<'PYEOF' || fail "charts for the first 2"
import json, os, sys
out = sys.argv[1]
s = json.load(open(os.path.join(out, "summary.json")))
assert len(s["accounts"]) >= 3, len(s["accounts"])
for i, a in enumerate(s["accounts"]):
    has = os.path.isdir(os.path.join(out, "accounts", a["folder"], "charts"))
    assert a["charts"] == (i < 2) == has, (i, a["account"], has)
# The overview's days-left chart, embedded.
assert s["chart"] == "days-left", s["chart"]
assert os.path.isfile(os.path.join(out, "charts", "days-left.svg"))
html = open(os.path.join(out, "index.html"), encoding="utf-8").read()
assert 'data-chart="days-left" src="data:image/svg+xml;base64,' in html
PYEOF
fi

# ---- usage errors ---------------------------------------------------------------------
expect_rc 2 "$RUNWAY" report --out x --charts 3
expect_grep 'for --all-accounts' err.txt
expect_rc 2 "$RUNWAY" report --out x --label department=finance
expect_rc 2 "$RUNWAY" report --all-accounts --out x --account 200000000000
expect_rc 2 "$RUNWAY" report --all-accounts --out x --fund-days 31
expect_rc 2 "$RUNWAY" report --all-accounts --out x --charts -1
mkdir shared && chmod 777 shared
expect_rc 2 "$RUNWAY" report --all-accounts --out shared
[ -z "$(ls shared)" ] || fail "something written into a refused folder"
echo "report_all_cli: ok"
