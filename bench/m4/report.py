#!/usr/bin/python3
"""report.py: results.md for the M4 Hourly benchmark (called by run.sh).

    /usr/bin/python3 bench/m4/report.py OUTDIR N ARIMA_N > results.md
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import reporting as rp  # noqa: E402

NAMES = rp.names("msts 24+168, ets")
COLS = [rp.SERIES, rp.SMAPE, rp.MASE, rp.COV80, rp.COV95, rp.msis()]


def table(out, metrics, n_of, limit=None):
    return rp.method_table(out, metrics, n_of, COLS, NAMES, limit, small=5)


def main():
    out, n, an = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    full = rp.load_json(os.path.join(out, f"metrics_n{n}.json"))
    sub = rp.load_json(os.path.join(out, f"metrics_n{an}.json")) if an != n else {}
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
        w.append(f"* 95% coverage within 0.93–0.97: runway {c:.4f}: {rp.coverage_verdict(c)}.")
        tr, te = rp.timing(out, "runway", n), rp.timing(out, "ets", n)
        if tr and te:
            sp = te["per_wall"] / tr["per_wall"]
            spc = te["per_cpu"] / tr["per_cpu"] if tr["per_cpu"] > 0 else float("inf")
            w.append(f"* ≥20× faster per series than R ets: R ets {te['per_wall']:.3f} s/series "
                     f"(fit+forecast), runway {tr['per_wall']:.5f} s/series (whole process wall): "
                     f"{sp:.0f}× — {'met' if sp >= 20 else 'missed'}; "
                     f"by CPU time {spc:.0f}×.")
    w.append("\n## Notes\n")
    for m in rp.ORDER:
        t = rp.timing(out, m, n_full(m))
        if t and m != "runway":
            w.append(f"* {NAMES[m]}: per-series fit+forecast median {t['per_median']:.3f} s, "
                     f"max {t['per_max']:.2f} s; {t['fallbacks']} series fell back to snaive "
                     f"after an error.")
        elif t:
            w.append("* runway runs (wall, CPU s): " +
                     ", ".join(f"{a:.3f}/{b:.3f}" for a, b in t["runs"]) + ".")
    w += rp.machine(out)
    print("\n".join(w))


if __name__ == "__main__":
    main()
