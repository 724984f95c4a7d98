#!/usr/bin/python3
"""metrics.py: run-out accuracy of `runway runout --all-accounts` against gen.py's truth.

    /usr/bin/python3 bench/accounts/metrics.py TRUTH.csv RUNOUT.json [--json OUT.json]
    /usr/bin/python3 bench/accounts/metrics.py --selftest

RUNOUT.json is the array `runout --all-accounts --format json` prints. The measures are
those of bench/runout/metrics.py, so the two benchmarks compare: for accounts whose true
run-out day is 5..60 days ahead, the median absolute error of the P50 run-out day (days;
"never within the horizon" and a true day beyond 90 count as day 366, capped at 120),
the median signed error (bias), the share within one day, and the share of accounts whose
true day lies in runway's [P10, P90] (inclusive). Also over all accounts, and per history
length. Accounts missing from RUNOUT.json or carrying an error are counted as failed.
"""
import csv
import json
import statistics
import sys

INF = 366
CAP = 120


def day(v):
    return INF if v is None else int(v)


def stats(rows):
    if not rows:
        return dict(n=0)
    err = [abs(min(r["p50"], CAP) - min(r["true"], CAP)) for r in rows]
    sig = [min(r["p50"], CAP) - min(r["true"], CAP) for r in rows]
    return dict(n=len(rows), mae=float(statistics.median(err)), bias=float(statistics.median(sig)),
                mean_abs=sum(err) / len(err),
                within1=sum(e <= 1 for e in err) / len(rows),
                within2=sum(e <= 2 for e in err) / len(rows),
                coverage=sum(r["p10"] <= r["true"] <= r["p90"] for r in rows) / len(rows),
                later=sum(r["p50"] > r["true"] for r in rows) / len(rows))


def score(truth, runout):
    by_id = {o["account"]: o for o in runout}
    rows, failed = [], []
    for t in truth:
        o = by_id.get(t["account"])
        if o is None or "error" in o or "days" not in o:
            failed.append(t["account"])
            continue
        d = o["days"]
        rows.append(dict(true=int(t["true_day"]) or INF, p10=day(d.get("p10")),
                         p50=day(d.get("p50")), p90=day(d.get("p90")),
                         n=int(t["history_days"])))
    sub = [r for r in rows if 5 <= r["true"] <= 60]
    groups = {"60-90 d history": [r for r in sub if r["n"] < 90],
              "90-180 d history": [r for r in sub if r["n"] >= 90]}
    return dict(accounts=len(truth), failed=len(failed), failed_ids=failed[:10],
                true_5_60=stats(sub), all=stats(rows),
                groups={k: stats(v) for k, v in groups.items()})


def fmt(v, d=2):
    return "-" if v is None else f"{v:.{d}f}" if isinstance(v, float) else str(v)


def table(s):
    lines = ["| accounts | n | P50 MAE (d) | bias (d) | mean abs (d) | within 1 d | within 2 d | "
             "P10-P90 cov. | P50 later |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, g in [("true run-out 5-60 d", s["true_5_60"]), ("all", s["all"])] + \
            [(f"true 5-60 d, {k}", v) for k, v in s["groups"].items()]:
        lines.append(f"| {name} | {g['n']} | " + " | ".join(
            fmt(g.get(k), 1 if k in ("mae", "bias", "mean_abs") else 3)
            for k in ("mae", "bias", "mean_abs", "within1", "within2", "coverage", "later")) + " |")
    return "\n".join(lines)


def selftest():
    truth = [dict(account="a", true_day="10", history_days="100"),
             dict(account="b", true_day="0", history_days="70"),
             dict(account="c", true_day="20", history_days="70"),
             dict(account="d", true_day="30", history_days="100")]
    ro = [dict(account="a", days=dict(p10=8, p50=11, p90=12)),
          dict(account="b", days=dict(p10=80, p50=None, p90=None)),
          dict(account="c", days=dict(p10=21, p50=22, p90=25)),
          dict(account="d", error="no charges")]
    s = score(truth, ro)
    assert s["failed"] == 1 and s["failed_ids"] == ["d"], s
    t = s["true_5_60"]
    assert t["n"] == 2 and t["mae"] == 1.5 and t["coverage"] == 0.5 and t["within1"] == 0.5, t
    assert s["all"]["n"] == 3 and s["all"]["coverage"] == 2 / 3, s["all"]
    print("selftest ok")


def main(argv):
    if len(argv) == 2 and argv[1] == "--selftest":
        return selftest()
    if len(argv) not in (3, 5):
        sys.exit(__doc__)
    with open(argv[1]) as f:
        truth = list(csv.DictReader(f))
    with open(argv[2]) as f:
        runout = json.load(f)
    s = score(truth, runout)
    print(table(s))
    print(f"\n{s['accounts']} accounts, {s['failed']} failed {s['failed_ids']}")
    if len(argv) == 5 and argv[3] == "--json":
        with open(argv[4], "w") as f:
            json.dump(s, f, indent=1)


if __name__ == "__main__":
    main(sys.argv)
