#!/usr/bin/python3
"""report.py: results.md for the daily cloud-cost benchmark (called by run.sh).

    /usr/bin/python3 bench/daily/report.py OUTDIR N [ARIMA_N] > results.md
"""
import collections
import csv
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import reporting as rp  # noqa: E402

NAMES = rp.names("freq 7, ets")
SPEED_TARGET = 200.0  # daily series per second per core
BETTER = ("runway MASE lower on",
          lambda r: f"{r['runway_better']:.0%} of series" if "runway_better" in r else "–")
COLS = [rp.SERIES, rp.SMAPE, rp.MASE, rp.MASE_MEDIAN, rp.COV80, rp.COV95, rp.msis("MSIS (95%)"),
        BETTER]


def main_table(out, metrics, n_of, limit=None):
    return rp.method_table(out, {m: r["all"] for m, r in metrics.items()}, n_of, COLS, NAMES,
                           limit, small=4)


def group_table(metrics, groups, cell):
    first = next(iter(metrics.values()))
    head = "| method | " + " | ".join(f"{lab} ({first[g]['n_series']})" for g, lab in groups
                                     if g in first) + " |"
    lines = [head, "|---|" + "---:|" * sum(g in first for g, _ in groups)]
    for m in rp.ORDER:
        if m not in metrics:
            continue
        lines.append(f"| {NAMES.get(m, m)} | " +
                     " | ".join(cell(metrics[m][g]) for g, _ in groups if g in metrics[m]) + " |")
    return "\n".join(lines)


MAIN_GROUPS = [("hist<90", "history < 90 d"), ("hist90-365", "90–365 d"),
               ("hist>365", "> 365 d"), ("fee", "month-start fee"), ("no_fee", "no fee")]
EXTRA_GROUPS = [("weekly", "weekly cycle"), ("no_weekly", "no weekly cycle"),
                ("late_shift", "shift in last 60 d"), ("no_late_shift", "no late shift")]


def runway_speed(out, n):
    """Lines of the runway speed table and a dict of the key figures."""
    j1 = rp.proctime(os.path.join(out, f"runway_jobs1_n{n}.proctime"))
    jd = rp.proctime(os.path.join(out, f"runway_n{n}.proctime"))
    lines = ["| runway run | wall s (median of runs) | CPU s | CPU ms/series | series/s | "
             "series/s per core | runs (wall/CPU s) |",
             "|---|---:|---:|---:|---:|---:|---|"]
    fig = {}
    ncpu = os.cpu_count() or 1
    if j1:
        (w, c), runs = j1
        fig["per_core"] = n / c
        lines.append(f"| `--jobs 1` ({n} series, one file) | {w:.2f} | {c:.2f} | {1000 * c / n:.2f} | "
                     f"{n / w:.0f} | **{n / c:.0f}** (by CPU) | "
                     + ", ".join(f"{a:.2f}/{b:.2f}" for a, b in runs) + " |")
    if jd:
        (w, c), runs = jd
        fig["default_wall"] = w
        lines.append(f"| default `--jobs` ({ncpu} threads) | {w:.2f} | {c:.2f} | {1000 * c / n:.2f} | "
                     f"{n / w:.0f} | {n / c:.0f} (by CPU); {n / w / ncpu:.0f} (wall × {ncpu}) | "
                     + ", ".join(f"{a:.2f}/{b:.2f}" for a, b in runs) + " |")
    ps = os.path.join(out, "runway_per_series.tsv")
    if os.path.exists(ps):
        with open(ps, newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
        boot = [r for r in rows if r["series"] == "(startup)"]
        rows = [r for r in rows if r["series"] != "(startup)"]
        if rows:
            cpu = sorted(float(r["user"]) + float(r["sys"]) for r in rows)
            wall = [float(r["wall"]) for r in rows]
            slow = max(rows, key=lambda r: float(r["user"]) + float(r["sys"]))
            q = lambda v, p: v[min(len(v) - 1, int(p * len(v)))]
            b = float(boot[0]["user"]) + float(boot[0]["sys"]) if boot else 0.0
            fig["proc"] = dict(median=statistics.median(cpu), p90=q(cpu, 0.9), max=max(cpu),
                               slow=slow["series"], startup=b)
            lines.append(f"| each series its own process (`--jobs 1`, {len(rows)} processes) | "
                         f"{sum(wall):.2f} (sum) | {sum(cpu):.2f} | median {1000 * statistics.median(cpu):.2f}, "
                         f"p90 {1000 * q(cpu, 0.9):.2f}, max {1000 * max(cpu):.1f} ({slow['series']}) | "
                         f"{len(rows) / sum(wall):.0f} | {len(rows) / sum(cpu):.0f} (by CPU) | – |")
            if boot:
                lines.append(f"\nA process that only starts (`runway --version`, median of 20) takes "
                             f"{1000 * float(boot[0]['wall']):.2f} ms wall, {1000 * b:.2f} ms CPU.")
    return "\n".join(lines), fig


def models_used(out, n):
    path = os.path.join(out, f"runway_n{n}.csv")
    if not os.path.exists(path):
        return None
    seen = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            seen.setdefault(r["series"], r["model"])
    single = collections.Counter()
    combos = sum("+" in v for v in seen.values())
    for v in seen.values():
        for part in v.split("+"):
            single[part.split(":")[0]] += 1
    return len(seen), combos, single


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    an = int(sys.argv[3]) if len(sys.argv) > 3 else n
    full = rp.load_json(os.path.join(out, f"metrics_n{n}.json"))
    sub = rp.load_json(os.path.join(out, f"metrics_n{an}.json")) if an != n else {}
    n_full = lambda m: an if m == "arima" else n
    w = []
    w.append("# Daily simulated cloud-cost series: runway forecast vs R forecast\n")
    w.append(f"{n} series from gen_daily.py, horizon 30 days, levels 80 and 95, weekly period 7. "
             f"sMAPE, MASE (lag-7 seasonal naive scale; lag 1 under 14 days of history) and MSIS are "
             f"means over series; coverage is over all test points of the group. s/series: R = mean "
             f"system.time() of fit+forecast per series (excludes R start-up and CSV I/O); runway = "
             f"whole-process wall of the default-`--jobs` run (median of runs) / series, so it "
             f"includes start-up, parsing and output. Totals are whole processes (/usr/bin/time).\n")
    w.append(f"## All {n} series\n")
    w.append(main_table(out, full, n_full))
    w.append("\n### MASE by group (series in brackets)\n")
    w.append(group_table(full, MAIN_GROUPS, lambda r: f"{r['mase']:.4f}"))
    w.append("\n### 80% / 95% coverage by group\n")
    w.append(group_table(full, MAIN_GROUPS, lambda r: f"{r['cov80']:.3f} / {r['cov95']:.3f}"))
    w.append("\n### sMAPE by group\n")
    w.append(group_table(full, MAIN_GROUPS, lambda r: f"{r['smape']:.2f}"))
    w.append("\n### MASE by other features of the generator\n")
    w.append(group_table(full, EXTRA_GROUPS, lambda r: f"{r['mase']:.4f}"))
    if sub:
        w.append(f"\n## First {an} series (auto.arima included)\n")
        w.append(main_table(out, sub, lambda m: an if m == "arima" else n, an))
    w.append("\n## runway speed\n")
    speed, fig = runway_speed(out, n)
    w.append(speed)
    cmpf = os.path.join(out, "runway_jobs_compare.txt")
    if os.path.exists(cmpf):
        w.append(f"\n`--jobs 1` and default `--jobs` outputs: {open(cmpf).read().strip()}.")

    w.append("\n## Targets\n")
    rw = full.get("runway", {}).get("all")
    if not rw:
        w.append("runway has no `forecast` command in the binary used: no runway figures.\n")
    else:
        ranked = sorted(full, key=lambda m: full[m]["all"]["mase"])
        pos = ranked.index("runway") + 1
        w.append(f"* MASE rank: runway is **{pos} of {len(ranked)}** (" +
                 ", ".join(f"{NAMES[m]} {full[m]['all']['mase']:.4f}" for m in ranked) + ").")
        for m in rp.ORDER:
            if m == "runway" or m not in full:
                continue
            r = full[m]["all"]
            d = rw["mase"] - r["mase"]
            w.append(f"  * vs {NAMES[m]}: {rw['mase']:.4f} against {r['mase']:.4f} "
                     f"({'lower' if d < 0 else 'higher'} by {abs(d):.4f}, {abs(d) / r['mase']:.1%}); "
                     f"runway lower on {r['runway_better']:.0%} of series")
        c = rw["cov95"]
        w.append(f"* 95% coverage within 0.93–0.97: runway {c:.4f}: {rp.coverage_verdict(c)} "
                 f"(80%: {rw['cov80']:.4f}).")
        if "per_core" in fig:
            pc = fig["per_core"]
            w.append(f"* ≥{SPEED_TARGET:.0f} daily series per second per core (`--jobs 1`, "
                     f"`--model auto`): {pc:.0f}: {'met' if pc >= SPEED_TARGET else 'missed'} "
                     f"({pc / SPEED_TARGET:.2f}× the target).")

    w.append("\n## Notes\n")
    mu = models_used(out, n)
    if mu:
        k, combos, single = mu
        w.append(f"* runway's choice over {k} series: {combos} combinations, {k - combos} single "
                 f"models; models taking part: " +
                 ", ".join(f"{m} {c}" for m, c in single.most_common()) + ".")
    for m in rp.ORDER:
        t = rp.timing(out, m, n_full(m))
        if t and m != "runway":
            st = t["status"]
            w.append(f"* {NAMES[m]}: per-series fit+forecast median {t['per_median']:.3f} s, "
                     f"max {t['per_max']:.2f} s ({t['per_max_series']}); status: " +
                     ", ".join(f"{k} {v}" for k, v in sorted(st.items())) + ".")
    w += rp.machine(out)
    print("\n".join(w))


if __name__ == "__main__":
    main()
