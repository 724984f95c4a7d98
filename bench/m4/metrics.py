#!/usr/bin/python3
"""metrics.py: M4 accuracy metrics for long-format forecast CSVs.

    /usr/bin/python3 bench/m4/metrics.py --train TRAIN.csv --test TEST.csv \
        [--n N] [--per-series DIR] [--json OUT.json] NAME=FORECAST.csv ...
    /usr/bin/python3 bench/m4/metrics.py --selftest

A forecast CSV has a header with at least series, mean, lo80, hi80, lo95, hi95
and either a `step` column (1..48) or a `timestamp` column (rows in horizon
order per series; the timestamps must be the 48 hours after the series' last
training hour, counted from 2017-01-02T00:00:00Z as in to_series.py). Extra
columns (e.g. runway's `model`) are ignored. Every evaluated series (the first
N of the test file, default all) must be present with all 48 steps.

Metrics (M4 competition definitions, seasonal period m = 24, h = 48):
  sMAPE = mean_h 200 |y - f| / (|y| + |f|)                    (0 when both are 0)
  scale = mean_{t=m+1..n} |x_t - x_{t-m}|           (in-sample seasonal naive MAE)
  MASE  = mean_h |y - f| / scale
  MSIS  = mean_h [(U - L) + 2/a (L - y) 1{y < L} + 2/a (y - U) 1{y > U}] / scale,
          a = 0.05, (L, U) the 95% interval
  coverage80/95 = fraction of all N*48 test points with L <= y <= U
sMAPE, MASE and MSIS are computed per series and averaged over series.
"""
import argparse
import csv
import datetime as dt
import json
import math
import os
import sys

import numpy as np

H = 48
M = 24
START = dt.datetime(2017, 1, 2)


def read_wide(path, n=None):
    """{id: np.array} from an M4 wide CSV, in file order (dict keeps order)."""
    out = {}
    with open(path, newline="") as f:
        r = csv.reader(f)
        next(r)
        for k, row in enumerate(r):
            if n is not None and k >= n:
                break
            vals = [v for v in row[1:] if v.strip() != ""]
            out[row[0]] = np.array([float(v) for v in vals])
    return out


def seasonal_scale(x, m=M):
    return float(np.mean(np.abs(x[m:] - x[:-m])))


def series_metrics(x, y, f, lo80, hi80, lo95, hi95, m=M, alpha=0.05):
    """Metrics for one series: x training values, y actuals, the rest forecasts."""
    x, y, f = np.asarray(x, float), np.asarray(y, float), np.asarray(f, float)
    lo80, hi80 = np.asarray(lo80, float), np.asarray(hi80, float)
    lo95, hi95 = np.asarray(lo95, float), np.asarray(hi95, float)
    scale = seasonal_scale(x, m)
    err = np.abs(y - f)
    den = np.abs(y) + np.abs(f)
    smape = float(np.mean(np.where(den > 0, 200.0 * err / np.where(den > 0, den, 1), 0.0)))
    mase = float(np.mean(err)) / scale
    is_ = (hi95 - lo95) + (2.0 / alpha) * (lo95 - y) * (y < lo95) \
        + (2.0 / alpha) * (y - hi95) * (y > hi95)
    msis = float(np.mean(is_)) / scale
    in80 = int(np.sum((y >= lo80) & (y <= hi80)))
    in95 = int(np.sum((y >= lo95) & (y <= hi95)))
    return dict(smape=smape, mase=mase, msis=msis, in80=in80, in95=in95, n=len(y))


def read_forecast(path, train):
    """{id: dict of np.arrays (48 each)} from a long forecast CSV."""
    rows = {}
    with open(path, newline="") as f:
        r = csv.DictReader(f)
        cols = set(r.fieldnames or [])
        need = {"series", "mean", "lo80", "hi80", "lo95", "hi95"}
        if not need <= cols or not ({"step", "timestamp"} & cols):
            raise SystemExit(f"{path}: header {r.fieldnames} lacks {sorted(need)} + step|timestamp")
        for row in r:
            rows.setdefault(row["series"], []).append(row)
    out = {}
    for sid, rs in rows.items():
        if sid not in train:
            continue
        if len(rs) != H:
            raise SystemExit(f"{path}: series {sid} has {len(rs)} rows, want {H}")
        if "step" in rs[0] and rs[0]["step"] not in (None, ""):
            rs = sorted(rs, key=lambda r: int(r["step"]))
            if [int(r["step"]) for r in rs] != list(range(1, H + 1)):
                raise SystemExit(f"{path}: series {sid} steps are not 1..{H}")
        else:
            n = len(train[sid])
            want = [(START + dt.timedelta(hours=n - 1 + k)).strftime("%Y-%m-%dT%H:00:00")
                    for k in range(1, H + 1)]
            got = [r["timestamp"][:19] for r in rs]
            if got != want:
                raise SystemExit(f"{path}: series {sid} timestamps {got[0]}..{got[-1]}, "
                                 f"want {want[0]}..{want[-1]}")
        out[sid] = {k: np.array([float(r[k]) for r in rs])
                    for k in ("mean", "lo80", "hi80", "lo95", "hi95")}
    return out


def evaluate(train, test, fc):
    per = {}
    for sid in test:
        if sid not in fc:
            raise SystemExit(f"series {sid} missing from forecast")
        c = fc[sid]
        per[sid] = series_metrics(train[sid], test[sid], c["mean"], c["lo80"], c["hi80"],
                                  c["lo95"], c["hi95"])
    pts = sum(p["n"] for p in per.values())
    bad = [s for s, p in per.items() if not all(math.isfinite(p[k]) for k in ("smape", "mase", "msis"))]
    if bad:
        raise SystemExit(f"non-finite metrics for {bad[:5]}")
    return dict(
        n_series=len(per),
        smape=float(np.mean([p["smape"] for p in per.values()])),
        mase=float(np.mean([p["mase"] for p in per.values()])),
        msis=float(np.mean([p["msis"] for p in per.values()])),
        cov80=sum(p["in80"] for p in per.values()) / pts,
        cov95=sum(p["in95"] for p in per.values()) / pts,
    ), per


def selftest():
    """Hand-computed example with m = 2, h = 2."""
    x = [1, 3, 2, 4, 3, 5]            # lag-2 differences 1,1,1,1 -> scale 1
    y = [4, 6]
    f = [5, 6]                        # |y-f| = 1, 0
    lo80, hi80 = [3, 7], [5, 8]       # y1 inside, y2 below -> 1 of 2
    lo95, hi95 = [4.5, 5], [5.5, 7]   # y1 below by 0.5, y2 inside -> 1 of 2
    r = series_metrics(x, y, f, lo80, hi80, lo95, hi95, m=2)
    # sMAPE = (200*1/9 + 0)/2 = 11.111...; MASE = 0.5/1
    # IS1 = 1 + 40*0.5 = 21, IS2 = 2 -> MSIS = 11.5
    assert abs(r["smape"] - 100.0 / 9.0) < 1e-12, r
    assert abs(r["mase"] - 0.5) < 1e-12, r
    assert abs(r["msis"] - 11.5) < 1e-12, r
    assert (r["in80"], r["in95"], r["n"]) == (1, 1, 2), r
    # Doubling the scale (training differences of 2) halves MASE and MSIS.
    r2 = series_metrics([0, 0, 2, 2, 4, 4], y, f, lo80, hi80, lo95, hi95, m=2)
    assert abs(r2["mase"] - 0.25) < 1e-12 and abs(r2["msis"] - 5.75) < 1e-12, r2
    # Interval bounds are inclusive; y = f = 0 gives sMAPE 0, not NaN: (0 + 200*2/4)/2 = 50.
    r3 = series_metrics([0, 1, 1, 2], [0, 3], [0, 1], [0, 3], [0, 3], [0, 3], [0, 3], m=2)
    assert r3["smape"] == 50.0 and r3["in80"] == 2 and r3["in95"] == 2, r3
    # Upper-side MSIS penalty: y = 10 above U = 8 by 2 -> IS = 4 + 40*2 = 84.
    r4 = series_metrics([0, 0, 1, 1], [10], [6], [4], [8], [4], [8], m=2)
    assert abs(r4["msis"] - 84.0) < 1e-12 and abs(r4["mase"] - 4.0) < 1e-12, r4
    print("metrics selftest: 4 passed, 0 failed")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--selftest", action="store_true")
    ap.add_argument("--train")
    ap.add_argument("--test")
    ap.add_argument("--n", type=int, default=None)
    ap.add_argument("--per-series", metavar="DIR")
    ap.add_argument("--json", metavar="OUT")
    ap.add_argument("forecasts", nargs="*", metavar="NAME=FILE")
    a = ap.parse_args()
    if a.selftest:
        selftest()
        return
    if not (a.train and a.test and a.forecasts):
        ap.error("--train, --test and at least one NAME=FILE are required")
    test = read_wide(a.test, a.n)
    train = read_wide(a.train, a.n)
    assert list(test) == list(train), "train and test series ids differ"
    assert all(len(v) == H for v in test.values()), "test series must have 48 values"
    results = {}
    print("method\tseries\tsMAPE\tMASE\tcov80\tcov95\tMSIS")
    for spec in a.forecasts:
        name, path = spec.split("=", 1)
        summ, per = evaluate(train, test, read_forecast(path, train))
        results[name] = summ
        print(f"{name}\t{summ['n_series']}\t{summ['smape']:.3f}\t{summ['mase']:.4f}\t"
              f"{summ['cov80']:.4f}\t{summ['cov95']:.4f}\t{summ['msis']:.3f}")
        if a.per_series:
            os.makedirs(a.per_series, exist_ok=True)
            with open(os.path.join(a.per_series, f"metrics_{name}.csv"), "w") as out:
                out.write("series,smape,mase,msis,in80,in95\n")
                for sid, p in per.items():
                    out.write(f"{sid},{p['smape']:.6f},{p['mase']:.6f},{p['msis']:.6f},"
                              f"{p['in80']},{p['in95']}\n")
    if a.json:
        with open(a.json, "w") as out:
            json.dump(results, out, indent=1)


if __name__ == "__main__":
    main()
