"""reporting.py: pieces of results.md shared by bench/m4/report.py and bench/daily/report.py.

Reads what run.sh leaves in the output folder: metrics_nN.json (metrics.py),
r_nN/r_METHOD_timing.csv and .proctime (R peers, /usr/bin/time), runway_nN.proctime,
env.txt and runway_version.txt. The report scripts import it with

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
    import reporting
"""
import collections
import csv
import json
import os
import statistics

# Table row order, and the method names; stlf's label says how each benchmark calls it.
ORDER = ["runway", "ets", "stlf", "thetaf", "arima", "snaive"]


def names(stlf):
    return {
        "runway": "runway forecast",
        "snaive": "R snaive",
        "thetaf": "R thetaf",
        "stlf": f"R stlf ({stlf})",
        "ets": "R ets",
        "arima": "R auto.arima",
    }


def load_json(path):
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return json.load(f)


def proctime(path):
    """(median-wall (wall, cpu), all runs) of a /usr/bin/time '%e %U %S %M' file."""
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

    runway: its whole-file runs (runway_nN.proctime), per series = median run / N.
    R: the per-series system.time() of r_nN/r_METHOD_timing.csv and the whole process.
    limit: per-series figures over the first `limit` series only (R; whole-process
    totals are then left out unless the run itself had `limit` series)."""
    if method == "runway":
        pt = proctime(os.path.join(out, f"runway_n{n_method}.proctime"))
        if not pt:
            return None
        (wall, cpu), runs = pt
        res = dict(per_wall=wall / n_method, per_cpu=cpu / n_method, runs=runs)
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
               per_max_series=rows[el.index(max(el))]["series"],
               status=collections.Counter(r["status"] for r in rows),
               fallbacks=sum(r["status"] == "fallback" for r in rows))
    if pt:
        res["wall"], res["cpu"] = pt[0]
    return res


def fmt_s(x, small=5):
    """Seconds with digits by size; `small` decimals below 0.01 s."""
    if x is None:
        return "–"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 1:
        return f"{x:.2f}"
    if x >= 0.01:
        return f"{x:.3f}"
    return f"{x:.{small}f}"


# Metric columns of method_table: (header, cell of a metrics.py summary).
SERIES = ("series", lambda r: f"{r['n_series']}")
SMAPE = ("sMAPE", lambda r: f"{r['smape']:.3f}")
MASE = ("MASE", lambda r: f"{r['mase']:.4f}")
MASE_MEDIAN = ("median MASE", lambda r: f"{r['mase_median']:.4f}")
COV80 = ("80% cov.", lambda r: f"{r['cov80']:.4f}")
COV95 = ("95% cov.", lambda r: f"{r['cov95']:.4f}")


def msis(header="MSIS"):
    return (header, lambda r: f"{r['msis']:.3f}")


TIMING_HEADERS = ["s/series", "CPU s/series", "total wall s", "total CPU s"]


def method_table(out, metrics, n_of, cols, names, limit=None, small=5):
    """Markdown table: one row per method of metrics ({method: summary}) in ORDER, the
    metric columns cols, then the timing columns (timing(out, m, n_of(m), limit))."""
    head = ["method"] + [h for h, _ in cols] + TIMING_HEADERS
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    for m in ORDER:
        if m not in metrics:
            continue
        r = metrics[m]
        t = timing(out, m, n_of(m), limit) or {}
        cells = [names.get(m, m)] + [cell(r) for _, cell in cols] + \
            [fmt_s(t.get(k), small) for k in ("per_wall", "per_cpu", "wall", "cpu")]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def coverage_verdict(c, lo=0.93, hi=0.97):
    """'met' if lo <= c <= hi, else 'missed (by d)'."""
    if lo <= c <= hi:
        return "met"
    return f"missed (by {lo - c if c < lo else c - hi:.4f})"


def machine(out):
    """The closing lines: env.txt as a code block, then the runway version."""
    w = []
    envf = os.path.join(out, "env.txt")
    if os.path.exists(envf):
        w.append("\n## Machine\n")
        w.append("```\n" + open(envf).read().rstrip() + "\n```")
    vf = os.path.join(out, "runway_version.txt")
    if os.path.exists(vf):
        w.append(f"\nrunway: {open(vf).read().strip()}")
    return w
