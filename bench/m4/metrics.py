#!/usr/bin/python3
"""metrics.py: M4 Hourly accuracy metrics for long-format forecast CSVs.

    /usr/bin/python3 bench/m4/metrics.py --train TRAIN.csv --test TEST.csv \
        [--n N] [--per-series DIR] [--json OUT.json] NAME=FORECAST.csv ...
    /usr/bin/python3 bench/m4/metrics.py --selftest

TRAIN.csv and TEST.csv are the M4 wide files (id, then values with trailing
empty cells). A forecast CSV has a header with at least series, mean, lo80,
hi80, lo95, hi95 and either a `step` column (1..48) or a `timestamp` column
(rows in horizon order per series; the timestamps must be the 48 hours after
the series' last training hour, counted from 2017-01-02T00:00:00Z as in
to_series.py). Extra columns (e.g. runway's `model`) are ignored. Every
evaluated series (the first N of the test file, default all) must be present
with all 48 steps.

The metrics are bench/lib/accuracy.py's (M4 competition definitions), with
seasonal period m = 24 and h = 48: sMAPE, MASE and MSIS (a = 0.05) are means
over series, coverage80/95 the fraction of all N*48 test points inside the
interval. Prints one TSV line per method; --json writes the same figures.
"""
import csv
import datetime as dt
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import accuracy  # noqa: E402

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


def read_forecast(path, train):
    """{id: dict of np.arrays (48 each)} from a long forecast CSV."""
    def want(sid):
        n = len(train[sid])
        return [(START + dt.timedelta(hours=n - 1 + k)).strftime("%Y-%m-%dT%H:00:00")
                for k in range(1, H + 1)]
    return accuracy.read_forecast(path, train, H, want)


def main():
    ap = accuracy.arg_parser(__doc__)
    a = ap.parse_args()
    if a.selftest:
        accuracy.selftest()
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
        per = accuracy.per_series(train, test, read_forecast(path, train), lambda n: M)
        summ = results[name] = accuracy.summarise(per, list(test))
        print(f"{name}\t{summ['n_series']}\t{summ['smape']:.3f}\t{summ['mase']:.4f}\t"
              f"{summ['cov80']:.4f}\t{summ['cov95']:.4f}\t{summ['msis']:.3f}")
        if a.per_series:
            accuracy.write_per_series(a.per_series, name, per)
    if a.json:
        with open(a.json, "w") as out:
            json.dump(results, out, indent=1)


if __name__ == "__main__":
    main()
