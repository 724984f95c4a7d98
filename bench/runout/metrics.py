#!/usr/bin/python3
"""metrics.py: score runway runout/thresholds and the baseline rules; write results.md/.json.

    /usr/bin/python3 bench/runout/metrics.py OUTDIR     (reads history.csv, meta.csv,
        calls.jsonl and env.txt there; writes results.json, per_account.tsv, results.md)
    /usr/bin/python3 bench/runout/metrics.py --selftest

Baselines, from the history x (last value = the as-of day) and the balance B:
  mean7, mean30   rate = mean of the last 7 / 30 days (all when shorter);
  last24h         rate = the last day (the provider's "last 24 h x lead time" alert);
                  run-out day = floor(B / rate) + 1 (never when rate <= 0), threshold = rate x L
  predict_linear  balances at the end of the last 7 days (b = B on the as-of day, one day
                  earlier b + x of the later day), least-squares line a + s*tau (tau = -6..0,
                  a at tau = 0, as Prometheus' predict_linear(balance[7d], ...) evaluates it);
                  run-out = first k >= 1 with a + s*k < 0; threshold = -s x L (the alert
                  predict_linear(balance[7d], L*86400) < 0 fires when balance < -s*L)
runway's run-out estimate is its P50 (null, i.e. beyond the horizon, = infinity); errors use
estimates capped at 366 days. Run-out metrics are over accounts whose true run-out is 5..60
days away unless a column says otherwise; threshold metrics are over all accounts.
"""
import csv
import json
import math
import os
import statistics
import sys

LEADS = (1, 3, 7)
INF = math.inf
CAP = 366
METHODS = ("runway", "mean7", "mean30", "predict_linear", "last24h", "oracle")
NAMES = {"runway": "runway (P50)", "mean7": "mean of last 7 days",
         "mean30": "mean of last 30 days", "predict_linear": "predict_linear(balance[7d])",
         "last24h": "last 24 h x lead (provider alert)",
         "oracle": "oracle (P50; knows the process)"}


def rate_rule(rate, bal):
    day = math.floor(bal / rate) + 1 if rate > 0 else INF
    return day, {L: max(rate, 0.0) * L for L in LEADS}


def predict_linear(x, bal):
    b = [bal]
    for v in reversed(x[-6:]):
        b.insert(0, b[0] + v)
    tau = list(range(1 - len(b), 1))
    mt, mb = statistics.fmean(tau), statistics.fmean(b)
    s = sum((t - mt) * (v - mb) for t, v in zip(tau, b)) / sum((t - mt) ** 2 for t in tau)
    a = mb - s * mt
    if s < 0:
        day = max(1, math.floor(-a / s) + 1)
    else:
        day = 1 if a + s < 0 else INF
    return day, {L: max(-s, 0.0) * L for L in LEADS}


def baselines(x, bal):
    return {"mean7": rate_rule(statistics.fmean(x[-7:]), bal),
            "mean30": rate_rule(statistics.fmean(x[-30:]), bal),
            "predict_linear": predict_linear(x, bal),
            "last24h": rate_rule(x[-1], bal)}


def selftest():
    x = [50.0] * 30 + [1, 2, 3, 4, 5, 6, 7]
    b = baselines(x, 20.0)
    assert b["mean7"] == (6, {1: 4.0, 3: 12.0, 7: 28.0}), b["mean7"]
    assert b["last24h"][0] == 3 and b["last24h"][1][3] == 21.0
    assert b["mean30"][0] == math.floor(20 / ((23 * 50 + 28) / 30)) + 1
    day, thr = b["predict_linear"]                 # slope -4.5, a = 22.5: line 0 at k = 5
    assert day == 6 and abs(thr[3] - 13.5) < 1e-9, b["predict_linear"]
    assert baselines([10.0] * 7, 100.0)["mean7"][0] == 11     # 10 days of 10 = 100, not > 100
    assert predict_linear([10.0] * 7, 95.0)[0] == 10
    assert rate_rule(-1.0, 5.0)[0] == INF
    print("metrics.py selftest ok", file=sys.stderr)


def med(v):
    return float(statistics.median(v)) if v else None


def p95(v):
    v = sorted(v)
    return v[min(len(v) - 1, math.ceil(0.95 * len(v)) - 1)] if v else None


def load(out):
    with open(os.path.join(out, "meta.csv")) as f:
        meta = list(csv.DictReader(f))
    hist = {}
    with open(os.path.join(out, "history.csv")) as f:
        for r in csv.DictReader(f):
            hist.setdefault(r["series"], []).append(float(r["value"]))
    calls, startup = {}, None
    with open(os.path.join(out, "calls.jsonl")) as f:
        for line in f:
            c = json.loads(line)
            if c["cmd"] == "startup":
                startup = c
            else:
                calls[(c["series"], c["cmd"])] = c
    return meta, hist, calls, startup


def account_rows(meta, hist, calls):
    rows = []
    for m in meta:
        sid, bal = m["series"], float(m["balance"])
        r = dict(m=m, true=int(m["true_day"]) or INF, cons={L: float(m[f"cons{L}"]) for L in LEADS})
        for k, (day, thr) in baselines(hist[sid], bal).items():
            r[k] = dict(day=day, thr=thr)
        ro = (calls.get((sid, "runout")) or {}).get("out")
        th = (calls.get((sid, "thresholds")) or {}).get("out")
        rw = {}
        if ro:
            q = {k: (INF if ro["days"].get(k) is None else ro["days"][k]) for k in ("p10", "p50", "p90")}
            rw.update(day=q["p50"], p10=q["p10"], p90=q["p90"])
        if th:
            rw["thr"] = {int(t["lead_days"]): float(t["balance"]) for t in th["thresholds"]}
        r["runway"], r["ro"], r["th"] = rw, ro, th
        o = {q: int(m[f"oracle_{q}"]) or INF for q in ("p10", "p50", "p90")}
        r["oracle"] = dict(day=o["p50"], p10=o["p10"], p90=o["p90"],
                           thr={L: float(m[f"oracle_thr{L}"]) for L in LEADS})
        rows.append(r)
    return rows


def runout_stats(rows, k):
    ok = [r for r in rows if "day" in r[k]]
    err = [abs(min(r[k]["day"], CAP) - min(r["true"], CAP)) for r in ok]
    sig = [min(r[k]["day"], CAP) - min(r["true"], CAP) for r in ok]
    s = dict(n=len(ok), mae=med(err), bias=med(sig),
             far=sum(abs(e) > 0.5 * min(r["true"], CAP) for e, r in zip(sig, ok)) / len(ok) if ok else None,
             never=sum(math.isinf(r[k]["day"]) for r in ok),
             within1=sum(e <= 1 for e in err) / len(ok) if ok else None,
             later=sum(r[k]["day"] > r["true"] for r in ok) / len(ok) if ok else None)
    if k in ("runway", "oracle"):
        s["coverage"] = sum(r[k]["p10"] <= r["true"] <= r[k]["p90"] for r in ok) / len(ok) if ok else None
        s["p10_later"] = sum(r[k]["p10"] > r["true"] for r in ok) / len(ok) if ok else None
    return s


def thr_stats(rows, k):
    s = {}
    for L in LEADS:
        ok = [r for r in rows if "thr" in r[k] and L in r[k]["thr"]]
        ratio = [r[k]["thr"][L] / r["cons"][L] for r in ok if r["cons"][L] > 0]
        s[L] = dict(n=len(ok), hit=sum(r["cons"][L] <= r[k]["thr"][L] for r in ok) / len(ok) if ok else None,
                    ratio=med(ratio))
    return s


def in560(r):
    return 5 <= r["true"] <= 60


def hist_bucket(m):
    n = int(m["n"])
    return "<8 weeks" if n < 56 else "8-26 weeks" if n <= 182 else ">26 weeks"


GROUPS = [
    ("all accounts", lambda m: True),
    ("history <8 weeks", lambda m: hist_bucket(m) == "<8 weeks"),
    ("history 8-26 weeks", lambda m: hist_bucket(m) == "8-26 weeks"),
    ("history >26 weeks", lambda m: hist_bucket(m) == ">26 weeks"),
    ("true run-out 5-14 d", lambda m: 5 <= int(m["true_day"]) <= 14),
    ("true run-out 15-30 d", lambda m: 15 <= int(m["true_day"]) <= 30),
    ("true run-out 31-60 d", lambda m: 31 <= int(m["true_day"]) <= 60),
    ("no level shift", lambda m: int(m["shifts"]) == 0),
    ("level shift, last <=14 d ago", lambda m: 0 <= int(m["last_shift_ago"]) <= 14),
    ("level shift, last 15-56 d ago", lambda m: 15 <= int(m["last_shift_ago"]) <= 56),
    ("level shift, last >56 d ago", lambda m: int(m["last_shift_ago"]) > 56),
    ("level shift up (last, any age)", lambda m: float(m["last_shift"]) > 1 and int(m["shifts"]) > 0),
    ("level shift down (last, any age)", lambda m: float(m["last_shift"]) < 1),
    ("future shift before true run-out", lambda m: 0 < int(m["future_shift_day"]) <= int(m["true_day"])),
    ("no spikes", lambda m: float(m["spike_p"]) == 0),
    ("spikes, rate <5%/day", lambda m: 0 < float(m["spike_p"]) < 0.05),
    ("spikes, rate >=5%/day", lambda m: float(m["spike_p"]) >= 0.05),
    ("spike in the last 7 history days", lambda m: int(m["spikes_last7"]) > 0),
    ("spike in days 1-7 (future)", lambda m: int(m["spikes_future7"]) > 0),
    ("no spike, fee or shift in days 1-7", lambda m: int(m["spikes_future7"]) == 0 and int(m["fee_future7"]) == 0
     and not 0 < int(m["future_shift_day"]) <= 7),
    ("no month fee", lambda m: int(m["fee_day"]) == 0),
    ("month fee on day 1", lambda m: int(m["fee_day"]) == 1),
    ("month fee on another day", lambda m: int(m["fee_day"]) > 1),
    ("month fee due in days 1-7", lambda m: int(m["fee_future7"]) > 0),
    ("fee of >=3 days' level", lambda m: float(m["fee"]) >= 3 * float(m["level"])),
    ("credits", lambda m: float(m["credit_p"]) > 0),
    ("noise CV <8%", lambda m: float(m["cv"]) < 0.08),
    ("noise CV 8-16%", lambda m: 0.08 <= float(m["cv"]) < 0.16),
    ("noise CV >=16%", lambda m: float(m["cv"]) >= 0.16),
    ("weekly cycle", lambda m: m["weekly"] == "1"),
    ("no weekly cycle", lambda m: m["weekly"] == "0"),
    ("trend flat", lambda m: m["trend"] == "flat"),
    ("trend growing >0.2%/day", lambda m: float(m["trend_rate"]) > 0.002),
    ("trend declining <-0.1%/day", lambda m: float(m["trend_rate"]) < -0.001),
    ("clean: no shift/spike/fee/credit", lambda m: int(m["shifts"]) == 0 and int(m["future_shift_day"]) == 0
     and float(m["spike_p"]) == 0 and int(m["fee_day"]) == 0 and float(m["credit_p"]) == 0),
]


def rw_model(r):
    mo = ((r["ro"] or {}).get("consumption") or {}).get("model") or "?"
    return "combination" if "+" in mo else mo


def rw_fees(r):
    return {int(f["day_of_month"]) for f in ((r["ro"] or {}).get("explanation") or {}).get("recurring_fees") or []}


def rw_shift(r):
    return bool((((r["ro"] or {}).get("explanation") or {}).get("history") or {}).get("level_shift"))


def rw_rises(r):
    """A P10/P50/P90 balance path of runway's runout rises by more than one day's level."""
    for q in ("p10", "p50", "p90"):
        v = [p[q] for p in (r["ro"] or {}).get("balance_path") or []]
        lo = math.inf
        for x in v:
            lo = min(lo, x)
            if x - lo > float(r["m"]["level"]):
                return True
    return False


FEE = lambda r: int(r["m"]["fee_day"])
SHIFTS = lambda r: int(r["m"]["shifts"]) > 0
RW_GROUPS = [(f"runway model: {k}", lambda r, k=k: rw_model(r) == k)
             for k in ("ets", "theta", "snaive", "mstl", "trend", "combination")] + [
    ("month fee, runway found its day", lambda r: FEE(r) > 0 and FEE(r) in rw_fees(r)),
    ("month fee, runway missed its day", lambda r: FEE(r) > 0 and FEE(r) not in rw_fees(r)),
    ("runway reports a fee day that was not simulated", lambda r: bool(rw_fees(r) - {FEE(r)})),
    ("level shift, runway found one", lambda r: SHIFTS(r) and rw_shift(r)),
    ("level shift, runway found none", lambda r: SHIFTS(r) and not rw_shift(r)),
    ("runway reports a shift, none simulated", lambda r: not SHIFTS(r) and rw_shift(r)),
    ("a runway balance quantile rises (paths with negative use)", rw_rises),
    ("... of them with no credits simulated", lambda r: rw_rises(r) and float(r["m"]["credit_p"]) == 0),
]


def fmt(v, d=2):
    if v is None:
        return "–"
    if isinstance(v, float) and math.isinf(v):
        return "never"
    return f"{v:.{d}f}" if isinstance(v, float) else str(v)


def timing(calls, cmd):
    c = [v for (s, k), v in calls.items() if k == cmd and v["rc"] == 0]
    w = [1000 * v["wall"] for v in c]
    cpu = [1000 * (v["user"] + v["sys"]) for v in c]
    return dict(calls=len(c), failed=sum(1 for (s, k), v in calls.items() if k == cmd and v["rc"] != 0),
                median_ms=med(w), p95_ms=p95(w), max_ms=max(w) if w else None, cpu_median_ms=med(cpu))


def report(out):
    meta, hist, calls, startup = load(out)
    rows = account_rows(meta, hist, calls)
    sub = [r for r in rows if in560(r)]
    res = {"accounts": len(rows), "accounts_5_60": len(sub), "runout": {}, "thresholds": {},
           "speed": {c: timing(calls, c) for c in ("runout", "thresholds")},
           "startup_ms": 1000 * startup["wall"] if startup else None,
           "no_backtest": startup.get("no_backtest") if startup else None, "groups": []}
    for k in METHODS:
        res["runout"][k] = dict(sub=runout_stats(sub, k), all=runout_stats(rows, k),
                                **{b: runout_stats([r for r in sub if hist_bucket(r["m"]) == b], k)
                                   for b in ("<8 weeks", "8-26 weeks", ">26 weeks")})
        res["thresholds"][k] = thr_stats(rows, k)
    for name, pred in [(n, lambda r, p=p: p(r["m"])) for n, p in GROUPS] + RW_GROUPS:
        g = [r for r in rows if pred(r)]
        gs = [r for r in g if in560(r)]
        res["groups"].append(dict(group=name, n=len(g), n560=len(gs), runway=runout_stats(gs, "runway"),
                                  mean30=runout_stats(gs, "mean30"), oracle=runout_stats(gs, "oracle"),
                                  thr=thr_stats(g, "runway"), othr=thr_stats(g, "oracle")))
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(res, f, indent=1, default=lambda v: None)
    with open(os.path.join(out, "per_account.tsv"), "w") as f:
        keys = ["n", "trend", "cv", "weekly", "shifts", "last_shift_ago", "last_shift", "future_shift_day",
                "spike_p", "spikes_last7", "fee_day", "fee", "credit_p", "level", "balance"]
        f.write("\t".join(["series", "true_day", "p10", "p50", "p90", "mean7", "mean30", "predict_linear",
                           "last24h"] + [f"{w}{L}" for L in LEADS for w in ("cons", "thr")] + keys) + "\n")
        for r in rows:
            rw = r["runway"]
            f.write("\t".join(fmt(v, 0) for v in [r["m"]["series"], r["true"], rw.get("p10"), rw.get("day"),
                              rw.get("p90")] + [r[k]["day"] for k in METHODS[1:]]) + "\t"
                    + "\t".join(f"{r['cons'][L]:.2f}\t{fmt(rw.get('thr', {}).get(L))}" for L in LEADS) + "\t"
                    + "\t".join(r["m"][k] for k in keys) + "\n")

    P = print
    if os.path.exists(os.path.join(out, "env.txt")):
        P("```\n" + open(os.path.join(out, "env.txt")).read().rstrip() + "\n```\n")
    rr, rt, sp = res["runout"]["runway"], res["thresholds"]["runway"], res["speed"]
    worst_ms = max((sp[c]["p95_ms"] or 0) for c in sp)
    P(f"{len(rows)} accounts, {len(sub)} with the true run-out 5-60 days away.\n")
    P("## Targets\n\n| target | result | verdict |\n|---|---|---|")
    ok = lambda c: "**met**" if c else "**missed**"
    P(f"| P50 run-out median abs. error <= 1 day (true 5-60 d) | {fmt(rr['sub']['mae'], 1)} d | "
      f"{ok(rr['sub']['mae'] is not None and rr['sub']['mae'] <= 1)} |")
    cov = rr["sub"].get("coverage")
    P(f"| P10-P90 coverage 0.75-0.85 (true 5-60 d) | {fmt(cov)} | {ok(cov is not None and 0.75 <= cov <= 0.85)} |")
    for L in LEADS:
        h, q = rt[L]["hit"], rt[L]["ratio"]
        P(f"| {L} d threshold: hit rate >= 0.95, median ratio <= 1.25 | {fmt(h, 3)}, {fmt(q)} | "
          f"{ok(h is not None and h >= 0.95 and q is not None and q <= 1.25)} |")
    P(f"| < 50 ms per answer (p95 of each command) | runout {fmt(sp['runout']['p95_ms'], 1)} ms, thresholds "
      f"{fmt(sp['thresholds']['p95_ms'], 1)} ms | {ok(rr['sub']['n'] and worst_ms < 50)} |\n")

    P("## Run-out day\n")
    P("MAE = median absolute error in days; bias = median (estimate - true); `later` = share of accounts "
      "where the estimate is after the true run-out day (the alert would come too late); never = "
      "accounts whose estimate is 'not within the horizon' (counted as day 366).\n")
    P("| method | MAE 5-60 d | bias | within ±1 d | later | never | MAE all | later (all) | MAE <8 wk | MAE 8-26 wk | "
      "MAE >26 wk | P10-P90 cov. | P10 later |\n|---|" + "---:|" * 12)
    for k in METHODS:
        s = res["runout"][k]
        P(f"| {NAMES[k]} | {fmt(s['sub']['mae'], 1)} | {fmt(s['sub']['bias'], 1)} | {fmt(s['sub']['within1'])} | "
          f"{fmt(s['sub']['later'])} | {s['sub']['never']} | "
          f"{fmt(s['all']['mae'], 1)} | {fmt(s['all']['later'])} | {fmt(s['<8 weeks']['mae'], 1)} | "
          f"{fmt(s['8-26 weeks']['mae'], 1)} | {fmt(s['>26 weeks']['mae'], 1)} | "
          f"{fmt(s['sub'].get('coverage'))} | {fmt(s['sub'].get('p10_later'))} |")
    P(f"\n(accounts: {rr['sub']['n']} with true run-out 5-60 d, of which <8 wk {rr['<8 weeks']['n']}, "
      f"8-26 wk {rr['8-26 weeks']['n']}, >26 wk {rr['>26 weeks']['n']}; {rr['all']['n']} in all)\n")
    P("## Thresholds (confidence 0.95)\n")
    P("hit = share of accounts whose true consumption over days 1..L is <= the threshold; "
      "ratio = median threshold / true consumption.\n")
    P("| method | hit 1 d | ratio 1 d | hit 3 d | ratio 3 d | hit 7 d | ratio 7 d |\n|---|" + "---:|" * 6)
    for k in METHODS:
        s = res["thresholds"][k]
        P(f"| {NAMES[k].replace(' (P50)', ' thresholds').replace('P50; ', '95% quantile; ')} | " + " | ".join(
            f"{fmt(s[L]['hit'], 3)} | {fmt(s[L]['ratio'])}" for L in LEADS) + " |")
    P("\n## Speed (wall time of each process)\n")
    P("| command | calls | failed | median ms | p95 ms | max ms | CPU median ms |\n|---|" + "---:|" * 6)
    for c in ("runout", "thresholds"):
        s = sp[c]
        P(f"| {c} | {s['calls']} | {s['failed']} | {fmt(s['median_ms'], 1)} | {fmt(s['p95_ms'], 1)} | "
          f"{fmt(s['max_ms'], 1)} | {fmt(s['cpu_median_ms'], 1)} |")
    P(f"\nProcess start-up (`--version`, median of 20): {fmt(res['startup_ms'], 1)} ms. "
      f"thresholds ran {'with' if res['no_backtest'] else 'without'} `--no-backtest`.\n")
    P("## runway by scenario feature\n")
    P("Run-out columns over the group's accounts with true run-out 5-60 d (n 5-60); threshold "
      "columns over all the group's accounts (n).\n")
    P("oracle = the same figure for the oracle (knows the simulated process): what is achievable.\n")
    P("bias = median (P50 - true) in days; far off = share with |P50 - true| > half the true days. "
      "The rows after the first block group by what runway reported (its JSON explanation).\n")
    head = ("| group | n | n 5-60 | P50 MAE | bias | far off | mean30 MAE | oracle MAE | P10-P90 cov. | oracle cov. | "
            "P50 later | P10 later | hit 1 d | hit 3 d | hit 7 d | ratio 7 d | oracle ratio 7 d |\n|---|" + "---:|" * 16)
    P(head)
    for g in res["groups"]:
        if g["group"] == RW_GROUPS[0][0]:
            P("\n**By what runway reported**\n\n" + head)
        s, t = g["runway"], g["thr"]
        P(f"| {g['group']} | {g['n']} | {g['n560']} | {fmt(s['mae'], 1)} | {fmt(s['bias'], 1)} | {fmt(s['far'])} | "
          f"{fmt(g['mean30']['mae'], 1)} | "
          f"{fmt(g['oracle']['mae'], 1)} | {fmt(s.get('coverage'))} | {fmt(g['oracle'].get('coverage'))} | "
          f"{fmt(s['later'])} | {fmt(s.get('p10_later'))} | "
          + " | ".join(fmt(t[L]["hit"]) for L in LEADS) + f" | {fmt(t[7]['ratio'])} | {fmt(g['othr'][7]['ratio'])} |")
    worst = sorted((r for r in sub if "day" in r["runway"]),
                   key=lambda r: -abs(min(r["runway"]["day"], CAP) - r["true"]))[:12]
    if worst:
        P("\n## Largest runway P50 errors (true run-out 5-60 d)\n")
        P("| account | history d | true | P10 | P50 | P90 | mean30 | oracle P50 | features |\n|---|" + "---:|" * 7 + "---|")
        for r in worst:
            m = r["m"]
            feats = [f"trend {m['trend']} {float(m['trend_rate']):+.2%}/d", f"CV {float(m['cv']):.0%}"]
            if int(m["shifts"]):
                feats.append(f"shift x{float(m['last_shift']):.2f} {m['last_shift_ago']} d ago")
            if int(m["future_shift_day"]):
                feats.append(f"future shift x{float(m['future_shift']):.2f} on day {m['future_shift_day']}")
            if float(m["spike_p"]):
                feats.append(f"spikes {float(m['spike_p']):.0%}/d ({m['spikes_last7']} in last 7 d)")
            if int(m["fee_day"]):
                feats.append(f"fee {float(m['fee']) / float(m['level']):.1f}x level on day {m['fee_day']}")
            if float(m["credit_p"]):
                feats.append("credits")
            rw = r["runway"]
            P(f"| {m['series']} | {m['n']} | {r['true']} | {fmt(rw['p10'], 0)} | {fmt(rw['day'], 0)} | "
              f"{fmt(rw['p90'], 0)} | {fmt(r['mean30']['day'], 0)} | {fmt(r['oracle']['day'], 0)} | {'; '.join(feats)} |")


if __name__ == "__main__":
    if sys.argv[1:] == ["--selftest"]:
        selftest()
    elif len(sys.argv) == 2:
        report(sys.argv[1])
    else:
        sys.exit(__doc__)
