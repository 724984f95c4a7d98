#!/usr/bin/python3
"""report.py: results.md for the M4 Hourly benchmark (called by run.sh).

    /usr/bin/python3 bench/m4/report.py OUTDIR N ARIMA_N > results.md
"""
import csv
import json
import os
import statistics
import sys

NAMES = {
    "runway": "runway forecast",
    "snaive": "R snaive",
    "thetaf": "R thetaf",
    "stlf": "R stlf (msts 24+168, ets)",
    "ets": "R ets",
    "arima": "R auto.arima",
}
ORDER = ["runway", "ets", "stlf", "thetaf", "arima", "snaive"]


def load_json(path):
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return json.load(f)


def proctime(path, pick_median=True):
    """(wall, cpu) of a /usr/bin/time '%e %U %S %M' file; the median-wall line if several."""
    if not os.path.exists(path):
        return None
    runs = []
    with open(path) as f:
        for line in f:
            p = line.split()
            if len(p) >= 3 and p[0].replace(".", "").isdigit():
                runs.append((float(p[0]), float(p[1]) + float(p[2])))
    if not runs:
        return None
    runs.sort()
    return runs[(len(runs) - 1) // 2], runs


def timing(out, method, n_method, limit=None):
    """Per-series and whole-process timing for a method: dict or None.

    limit: per-series figures over the first `limit` series only (R; whole-process
    totals are then left out unless the run itself had `limit` series)."""
    if method == "runway":
        pt = proctime(os.path.join(out, f"runway_n{n_method}.proctime"))
        if not pt:
            return None
        (wall, cpu), runs = pt
        res = dict(per_wall=wall / n_method, per_cpu=cpu / n_method, runs=runs, fallbacks=0)
        if limit is None or limit >= n_method:
            res.update(wall=wall, cpu=cpu)
        return res
    d = os.path.join(out, f"r_n{n_method}")
    tf = os.path.join(d, f"r_{method}_timing.csv")
    if not os.path.exists(tf):
        return None
    with open(tf, newline="") as f:
        rows = list(csv.DictReader(f))
    whole = limit is None or limit >= len(rows)
    rows = rows[:limit] if limit else rows
    pt = proctime(os.path.join(d, f"r_{method}.proctime")) if whole else None
    el = [float(r["elapsed"]) for r in rows]
    cp = [float(r["cpu"]) for r in rows]
    res = dict(per_wall=sum(el) / len(el), per_cpu=sum(cp) / len(cp),
               per_median=statistics.median(el), per_max=max(el),
               fallbacks=sum(r["status"] != "ok" for r in rows))
    if pt:
        res["wall"], res["cpu"] = pt[0]
    return res


def fmt_s(x):
    if x is None:
        return "–"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 1:
        return f"{x:.2f}"
    if x >= 0.01:
        return f"{x:.3f}"
    return f"{x:.5f}"


def table(out, metrics, n_of, limit=None):
    lines = ["| method | series | sMAPE | MASE | 80% cov. | 95% cov. | MSIS | s/series | CPU s/series | total wall s | total CPU s |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for m in ORDER:
        if m not in metrics:
            continue
        r = metrics[m]
        t = timing(out, m, n_of(m), limit) or {}
        lines.append(
            f"| {NAMES.get(m, m)} | {r['n_series']} | {r['smape']:.3f} | {r['mase']:.4f} | "
            f"{r['cov80']:.4f} | {r['cov95']:.4f} | {r['msis']:.3f} | {fmt_s(t.get('per_wall'))} | "
            f"{fmt_s(t.get('per_cpu'))} | {fmt_s(t.get('wall'))} | {fmt_s(t.get('cpu'))} |")
    return "\n".join(lines)


def main():
    out, n, an = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    full = load_json(os.path.join(out, f"metrics_n{n}.json"))
    sub = load_json(os.path.join(out, f"metrics_n{an}.json")) if an != n else {}
    n_full = lambda m: an if m == "arima" else n
    w = []
    w.append(f"# M4 Hourly: runway forecast vs R forecast\n")
    w.append(f"Horizon 48, levels 80 and 95, seasonal period 24 (stlf: 24 and 168). "
             f"sMAPE, MASE and MSIS are means over series; coverage is over all test points. "
             f"s/series: R = mean system.time() of fit+forecast per series (excludes R start-up "
             f"and CSV I/O); runway = whole-process wall (median of runs) / series, so it "
             f"includes start-up, parsing and output. Totals are whole processes "
             f"(/usr/bin/time); an R total also holds R start-up (~2.5 s), reading the CSV and the "
             f"gc() that system.time() runs before each series (~0.08 s a series).\n")
    w.append(f"## All {n} series\n")
    w.append(table(out, full, n_full))
    if sub:
        w.append(f"\n## First {an} series (auto.arima included; all methods on the same series)\n")
        w.append(table(out, sub, lambda m: an if m == "arima" else n, an))
        w.append(f"\nR s/series here is over these {an} series; runway's is its {n}-series "
                 f"run, and R totals are left out where the run covered more series.")
    # Targets.
    w.append("\n## Targets\n")
    rw = full.get("runway")
    if not rw:
        w.append("runway has no `forecast` command in the binary used: no runway figures.\n")
    else:
        rmase = {m: r["mase"] for m, r in full.items() if m != "runway"}
        best = min(rmase, key=rmase.get)
        ok = rw["mase"] < rmase[best]
        w.append(f"* MASE below every R method ({n} series): runway {rw['mase']:.4f}, best "
                 f"{NAMES[best]} {rmase[best]:.4f}: {'met' if ok else 'missed'} "
                 f"(by {abs(rw['mase'] - rmase[best]):.4f}).")
        if sub and "arima" in sub and "runway" in sub:
            a, r = sub["arima"]["mase"], sub["runway"]["mase"]
            w.append(f"* MASE below auto.arima (first {an} series): runway {r:.4f}, auto.arima "
                     f"{a:.4f}: {'met' if r < a else 'missed'} (by {abs(r - a):.4f}).")
        w.append(f"* MASE below 0.89: runway {rw['mase']:.4f}: "
                 f"{'met' if rw['mase'] < 0.89 else 'missed'} (by {abs(rw['mase'] - 0.89):.4f}).")
        c = rw["cov95"]
        inside = 0.93 <= c <= 0.97
        miss = 0 if inside else (0.93 - c if c < 0.93 else c - 0.97)
        w.append(f"* 95% coverage within 0.93–0.97: runway {c:.4f}: "
                 f"{'met' if inside else f'missed (by {miss:.4f})'}.")
        tr, te = timing(out, "runway", n), timing(out, "ets", n)
        if tr and te:
            sp = te["per_wall"] / tr["per_wall"]
            spc = te["per_cpu"] / tr["per_cpu"] if tr["per_cpu"] > 0 else float("inf")
            w.append(f"* ≥20× faster per series than R ets: R ets {te['per_wall']:.3f} s/series "
                     f"(fit+forecast), runway {tr['per_wall']:.5f} s/series (whole process wall): "
                     f"{sp:.0f}× — {'met' if sp >= 20 else 'missed'}; "
                     f"by CPU time {spc:.0f}×.")
    w.append("\n## Notes\n")
    for m in ORDER:
        t = timing(out, m, n_full(m))
        if t and m != "runway":
            w.append(f"* {NAMES[m]}: per-series fit+forecast median {t['per_median']:.3f} s, "
                     f"max {t['per_max']:.2f} s; {t['fallbacks']} series fell back to snaive "
                     f"after an error.")
        elif t:
            w.append("* runway runs (wall, CPU s): " +
                     ", ".join(f"{a:.3f}/{b:.3f}" for a, b in t["runs"]) + ".")
    envf = os.path.join(out, "env.txt")
    if os.path.exists(envf):
        w.append("\n## Machine\n")
        w.append("```\n" + open(envf).read().rstrip() + "\n```")
    vf = os.path.join(out, "runway_version.txt")
    if os.path.exists(vf):
        w.append(f"\nrunway: {open(vf).read().strip()}")
    print("\n".join(w))


if __name__ == "__main__":
    main()
