#!/usr/bin/python3
"""metrics.py: accuracy metrics for the daily cloud-cost benchmark.

    /usr/bin/python3 bench/daily/metrics.py --train TRAIN.csv --test TEST.csv \
        --meta META.csv [--n N] [--per-series DIR] [--json OUT.json] NAME=FORECAST.csv ...
    /usr/bin/python3 bench/daily/metrics.py --selftest

TRAIN.csv is the runway series file (series,timestamp,value; daily, YYYY-MM-DD),
TEST.csv is series,step,value and META.csv the per-series parameters, all three
written by gen_daily.py. A forecast CSV has a header with at least series, mean,
lo80, hi80, lo95, hi95 and either a `step` column (1..30) or a `timestamp`
column (rows in horizon order per series; the timestamps must be the 30 days
after the series' last training day). Extra columns (runway's `model`) are
ignored. Every evaluated series (the first N of the test file, default all)
must be present with all 30 steps.

The metrics are bench/lib/accuracy.py's (shared with the M4 benchmark, so both
use one hand-checked implementation), with seasonal period m = 7 for the
MASE/MSIS scale, or m = 1 when the history is shorter than 14 days:
  sMAPE = mean_h 200 |y - f| / (|y| + |f|)                    (0 when both are 0)
  scale = mean_{t=m+1..n} |x_t - x_{t-m}|         (in-sample seasonal naive MAE)
  MASE  = mean_h |y - f| / scale
  MSIS  = mean_h [(U - L) + 2/a (L - y) 1{y < L} + 2/a (y - U) 1{y > U}] / scale,
          a = 0.05, (L, U) the 95% interval
  coverage80/95 = fraction of the group's test points with L <= y <= U
sMAPE, MASE and MSIS are means over series (median MASE also given). Every
figure is given overall and per group: history < 90 days, 90-365, > 365;
month-start fee or not; weekly cycle or not; a level shift in the last 60
training days or not. For each R method, `runway_better` is the share of
series where runway's MASE is lower than that method's.
"""
import csv
import datetime as dt
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import accuracy  # noqa: E402

H = 30
M = 7

GROUPS = [
    ("all", lambda md: True),
    ("hist<90", lambda md: md["n"] < 90),
    ("hist90-365", lambda md: 90 <= md["n"] <= 365),
    ("hist>365", lambda md: md["n"] > 365),
    ("fee", lambda md: md["fee"] == 1),
    ("no_fee", lambda md: md["fee"] == 0),
    ("weekly", lambda md: md["weekly"] == 1),
    ("no_weekly", lambda md: md["weekly"] == 0),
    ("late_shift", lambda md: md["shift_late"] == 1),
    ("no_late_shift", lambda md: md["shift_late"] == 0),
]


def period_for(n):
    return M if n >= 2 * M else 1


def read_train(path, n=None):
    """{id: (first date, np.array)} from a daily series file, in file order."""
    vals, first, last = {}, {}, {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            sid = row["series"]
            d = dt.date.fromisoformat(row["timestamp"][:10])
            if sid not in vals:
                if n is not None and len(vals) >= n:
                    break
                vals[sid], first[sid] = [], d
            elif d != last[sid] + dt.timedelta(days=1):
                raise SystemExit(f"{path}: series {sid} is not consecutive daily at {d}")
            last[sid] = d
            vals[sid].append(float(row["value"]))
    return {s: (first[s], np.array(v)) for s, v in vals.items()}


def read_test(path, n=None):
    out = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            sid = row["series"]
            if sid not in out:
                if n is not None and len(out) >= n:
                    break
                out[sid] = []
            out[sid].append((int(row["step"]), float(row["value"])))
    res = {}
    for sid, rs in out.items():
        rs.sort()
        if [s for s, _ in rs] != list(range(1, H + 1)):
            raise SystemExit(f"{path}: series {sid} steps are not 1..{H}")
        res[sid] = np.array([v for _, v in rs])
    return res


def read_meta(path):
    with open(path, newline="") as f:
        return {r["series"]: {k: (int(v) if k in ("n", "fee", "weekly", "shift_late") else v)
                              for k, v in r.items()} for r in csv.DictReader(f)}


def read_forecast(path, train):
    """{id: dict of np.arrays (30 each)} from a long forecast CSV."""
    def want(sid):
        first, x = train[sid]
        lastd = first + dt.timedelta(days=len(x) - 1)
        return [(lastd + dt.timedelta(days=k)).isoformat() for k in range(1, H + 1)]
    return accuracy.read_forecast(path, train, H, want)


def per_series(train, test, fc):
    return accuracy.per_series({s: x for s, (_, x) in train.items()}, test, fc, period_for)


def summarise(per, sids):
    return accuracy.summarise(per, sids, median=True)


def selftest():
    accuracy.selftest()
    # Period choice: lag 7 from two weeks of history, lag 1 below.
    assert period_for(14) == 7 and period_for(13) == 1 and period_for(730) == 7
    # A 14-day history with a pure weekly pattern plus a step of 7 a week:
    # lag-7 differences are all 7 -> scale 7 (lag 1 would give a different scale).
    x = np.array([10, 12, 11, 13, 12, 5, 6] * 2, float) + np.repeat([0, 7], 7)
    r = accuracy.series_metrics(x, [20], [27], [0], [100], [0], [100], m=period_for(len(x)))
    assert abs(r["mase"] - 1.0) < 1e-12, r
    # Grouping: summarise pools coverage over points and averages MASE over series.
    per = {"a": dict(smape=10, mase=1, msis=5, in80=1, in95=2, n=2),
           "b": dict(smape=20, mase=3, msis=7, in80=2, in95=2, n=2)}
    s = summarise(per, ["a", "b"])
    assert s["mase"] == 2 and s["cov80"] == 0.75 and s["cov95"] == 1 and s["smape"] == 15, s
    print("daily metrics selftest: 3 passed, 0 failed")


def main():
    ap = accuracy.arg_parser(__doc__)
    ap.add_argument("--meta")
    a = ap.parse_args()
    if a.selftest:
        selftest()
        return
    if not (a.train and a.test and a.meta and a.forecasts):
        ap.error("--train, --test, --meta and at least one NAME=FILE are required")
    test = read_test(a.test, a.n)
    train = read_train(a.train, a.n)
    meta = read_meta(a.meta)
    assert list(test) == list(train), "train and test series ids differ"
    for sid, (_, x) in train.items():
        assert meta[sid]["n"] == len(x), f"{sid}: meta n {meta[sid]['n']} != {len(x)} days"
    groups = {g: [s for s in test if f(meta[s])] for g, f in GROUPS}
    pers, results = {}, {}
    print("method\tgroup\tseries\tsMAPE\tMASE\tmedMASE\tcov80\tcov95\tMSIS")
    for spec in a.forecasts:
        name, path = spec.split("=", 1)
        per = per_series(train, test, read_forecast(path, train))
        pers[name] = per
        results[name] = {}
        for g, sids in groups.items():
            summ = summarise(per, sids)
            if summ is None:
                continue
            results[name][g] = summ
            print(f"{name}\t{g}\t{summ['n_series']}\t{summ['smape']:.3f}\t{summ['mase']:.4f}\t"
                  f"{summ['mase_median']:.4f}\t{summ['cov80']:.4f}\t{summ['cov95']:.4f}\t"
                  f"{summ['msis']:.3f}")
        if a.per_series:
            accuracy.write_per_series(
                a.per_series, name, per, ("n", "m"),
                lambda sid: (len(train[sid][1]), period_for(len(train[sid][1]))))
    if "runway" in pers:
        rw = pers["runway"]
        for name, per in pers.items():
            if name == "runway":
                continue
            for g, sids in groups.items():
                if sids and g in results[name]:
                    better = sum(rw[s]["mase"] < per[s]["mase"] for s in sids) / len(sids)
                    results[name][g]["runway_better"] = better
            print(f"runway MASE lower than {name} on "
                  f"{results[name]['all']['runway_better']:.1%} of series")
    if a.json:
        with open(a.json, "w") as out:
            json.dump(results, out, indent=1)


if __name__ == "__main__":
    main()
