#!/usr/bin/python3
"""mock_runway.py: stand-in for `runway runout` / `runway thresholds`, to test the harness.

    RUNWAY=bench/runout/mock_runway.py bench/runout/run.sh

Not a forecaster to compare with: it resamples the last 28 days of the series
(1000 paths, seed 1) and answers with the JSON shapes of the command contract.
"""
import csv
import datetime as dt
import json
import sys

import numpy as np


def main(argv):
    if len(argv) < 2 or argv[1] not in ("runout", "thresholds", "--version"):
        sys.exit(2)
    if argv[1] == "--version":
        print("mock_runway 0")
        return
    if "--help" in argv:
        print(f"usage: mock_runway {argv[1]} ... [--no-backtest]")
        return
    opt, leads = {}, []
    i = 2
    while i < len(argv):
        if argv[i] == "--no-backtest":
            i += 1
            continue
        if argv[i] == "--lead-time":
            leads.append(int(argv[i + 1].rstrip("d")))
        else:
            opt[argv[i]] = argv[i + 1]
        i += 2
    with open(opt["--input"]) as f:
        rows = [(r["timestamp"], float(r["value"])) for r in csv.DictReader(f)
                if r["series"] == opt["--series"]]
    x = np.array([v for _, v in rows])[-28:]
    asof = dt.date.fromisoformat(rows[-1][0])
    rng = np.random.default_rng(1)
    horizon = 365
    cum = np.cumsum(rng.choice(x, size=(1000, horizon)), axis=1)
    if argv[1] == "runout":
        bal = float(opt["--balance"])
        over = cum > bal
        day = np.where(over.any(axis=1), over.argmax(axis=1) + 1, horizon + 1)
        q = {k: int(np.quantile(day, p, method="inverted_cdf")) for k, p in
             (("p10", 0.1), ("p50", 0.5), ("p90", 0.9))}
        days = {k: (v if v <= horizon else None) for k, v in q.items()}
        dates = {k: (asof + dt.timedelta(days=v)).isoformat() if v else None
                 for k, v in days.items()}
        print(json.dumps({"days": days, "dates": dates, "balance": bal}))
    else:
        conf = float(opt.get("--confidence", 0.95))
        out = [{"lead_days": L, "confidence": conf,
                "balance": round(float(np.quantile(cum[:, L - 1], conf)), 2)}
               for L in (leads or [7, 3, 1])]
        print(json.dumps({"thresholds": out}))


if __name__ == "__main__":
    main(sys.argv)
