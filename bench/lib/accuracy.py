#!/usr/bin/python3
"""accuracy.py: forecast accuracy metrics shared by the M4 and daily benchmarks.

    /usr/bin/python3 bench/lib/accuracy.py --selftest

A library: bench/m4/metrics.py and bench/daily/metrics.py read their own data
(M4 wide files; the daily generator's files and groups) and use this module for
everything else: the per-series metrics, reading forecast CSVs, the summaries
and the per-series output files. They import it with

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
    import accuracy

Metrics (M4 competition definitions; m the seasonal period, h the horizon):
  sMAPE = mean_h 200 |y - f| / (|y| + |f|)                    (0 when both are 0)
  scale = mean_{t=m+1..n} |x_t - x_{t-m}|           (in-sample seasonal naive MAE)
  MASE  = mean_h |y - f| / scale
  MSIS  = mean_h [(U - L) + 2/a (L - y) 1{y < L} + 2/a (y - U) 1{y > U}] / scale,
          a = 0.05, (L, U) the 95% interval
  coverage80/95 = fraction of the test points with L <= y <= U, pooled over series
sMAPE, MASE and MSIS are computed per series and averaged over series.

A forecast CSV has a header with at least series, mean, lo80, hi80, lo95, hi95
and either a `step` column (1..h) or a `timestamp` column (rows in horizon
order per series; the timestamps must be the ones the benchmark expects after
each series' last training point). Extra columns (runway's `model`) are ignored.
"""
import argparse
import csv
import math
import os

import numpy as np

BANDS = ("mean", "lo80", "hi80", "lo95", "hi95")


def seasonal_scale(x, m):
    return float(np.mean(np.abs(x[m:] - x[:-m])))


def series_metrics(x, y, f, lo80, hi80, lo95, hi95, m, alpha=0.05):
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


def read_forecast(path, ids, h, want_stamps):
    """{id: dict of np.arrays (h each)} from a long forecast CSV.

    ids: the series to keep (others are skipped). want_stamps(sid): the h timestamps
    expected when the file has no `step` column; each row's timestamp is compared on
    the length of the expected string (e.g. 19 characters for hours, 10 for days)."""
    rows = {}
    with open(path, newline="") as f:
        r = csv.DictReader(f)
        cols = set(r.fieldnames or [])
        need = {"series", *BANDS}
        if not need <= cols or not ({"step", "timestamp"} & cols):
            raise SystemExit(f"{path}: header {r.fieldnames} lacks {sorted(need)} + step|timestamp")
        for row in r:
            rows.setdefault(row["series"], []).append(row)
    out = {}
    for sid, rs in rows.items():
        if sid not in ids:
            continue
        if len(rs) != h:
            raise SystemExit(f"{path}: series {sid} has {len(rs)} rows, want {h}")
        if "step" in rs[0] and rs[0]["step"] not in (None, ""):
            rs = sorted(rs, key=lambda r: int(r["step"]))
            if [int(r["step"]) for r in rs] != list(range(1, h + 1)):
                raise SystemExit(f"{path}: series {sid} steps are not 1..{h}")
        else:
            want = want_stamps(sid)
            got = [r["timestamp"][:len(w)] for r, w in zip(rs, want)]
            if got != want:
                raise SystemExit(f"{path}: series {sid} timestamps {got[0]}..{got[-1]}, "
                                 f"want {want[0]}..{want[-1]}")
        out[sid] = {k: np.array([float(r[k]) for r in rs]) for k in BANDS}
    return out


def per_series(train, test, fc, period):
    """{id: series_metrics} for every series of test, in test order.

    train: {id: np.array of training values}; period(n): seasonal period for a
    history of n points. Missing series and non-finite metrics are errors."""
    per = {}
    for sid in test:
        if sid not in fc:
            raise SystemExit(f"series {sid} missing from forecast")
        x = train[sid]
        c = fc[sid]
        per[sid] = series_metrics(x, test[sid], c["mean"], c["lo80"], c["hi80"],
                                  c["lo95"], c["hi95"], m=period(len(x)))
    bad = [s for s, p in per.items()
           if not all(math.isfinite(p[k]) for k in ("smape", "mase", "msis"))]
    if bad:
        raise SystemExit(f"non-finite metrics for {bad[:5]}")
    return per


def summarise(per, sids, median=False):
    """Means over the series sids (coverage pooled over their points); None if empty."""
    ps = [per[s] for s in sids]
    if not ps:
        return None
    pts = sum(p["n"] for p in ps)
    res = dict(n_series=len(ps),
               smape=float(np.mean([p["smape"] for p in ps])),
               mase=float(np.mean([p["mase"] for p in ps])))
    if median:
        res["mase_median"] = float(np.median([p["mase"] for p in ps]))
    res.update(msis=float(np.mean([p["msis"] for p in ps])),
               cov80=sum(p["in80"] for p in ps) / pts,
               cov95=sum(p["in95"] for p in ps) / pts)
    return res


def write_per_series(folder, name, per, extra_cols=(), extra=None):
    """folder/metrics_NAME.csv: series,[extra_cols,]smape,mase,msis,in80,in95."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"metrics_{name}.csv"), "w") as out:
        out.write(",".join(["series", *extra_cols, "smape", "mase", "msis", "in80", "in95"]) + "\n")
        for sid, p in per.items():
            pre = "".join(f"{v}," for v in extra(sid)) if extra else ""
            out.write(f"{sid},{pre}{p['smape']:.6f},{p['mase']:.6f},{p['msis']:.6f},"
                      f"{p['in80']},{p['in95']}\n")


def arg_parser(doc):
    """The options both benchmarks' metrics.py take; add their own before parse_args()."""
    ap = argparse.ArgumentParser(description=doc,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--selftest", action="store_true")
    ap.add_argument("--train")
    ap.add_argument("--test")
    ap.add_argument("--n", type=int, default=None)
    ap.add_argument("--per-series", metavar="DIR")
    ap.add_argument("--json", metavar="OUT")
    ap.add_argument("forecasts", nargs="*", metavar="NAME=FILE")
    return ap


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


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--selftest", action="store_true")
    if ap.parse_args().selftest:
        selftest()
    else:
        ap.print_help()
