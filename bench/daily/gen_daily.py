#!/usr/bin/python3
"""gen_daily.py: synthetic daily cloud-cost series (prepaid-account bills).

    /usr/bin/python3 bench/daily/gen_daily.py OUTDIR [--n 300] [--seed 20240601] [--h 30]

Writes
  OUTDIR/train.csv  runway series file: series,timestamp,value (timestamp YYYY-MM-DD)
  OUTDIR/test.csv   series,step,value (step 1..h, the h days after each series' last day)
  OUTDIR/meta.csv   one row per series: the parameters it was drawn with
Output depends only on --n, --seed and --h (numpy default_rng(seed), PCG64).

Each series is one account's daily cost in CNY. Draws, per series (t = day index,
t = 0 the first training day, n the number of training days):

  history n      25% uniform 28..89 days, 40% 90..365, 35% 366..730
  dates          the first day is 2023-01-01 + U{0..900-n} days, so the last training
                 day falls anywhere from 2023-01-28 to 2025-06-19 (every weekday and
                 day of the month occur as forecast origins)
  level L        log-uniform 5..5000 CNY/day: the underlying cost on the last training day
  growth g       20% flat (g = 0), else uniform -0.3%..+0.5% a day;
                 base(t) = L * (1 + g)^(t - (n - 1))
  weekly cycle   75% of series: Saturday and Sunday cost w times a weekday,
                 w uniform 0.60..0.90 (weekends 10-40% lower); the other 25% have none
  level shift    30% of series: one step of factor 1 + u, u uniform -0.40..+0.80, at day k;
                 in a third of them k is in the last 60 training days, otherwise
                 between 10% of the history and 60 days before its end (series too short
                 for that range put it in the last 60 days). base(t) *= 1 + u for t >= k,
                 the test days included (the new level persists; no shift in the test)
  noise          multiplicative: value *= exp(s * z - s^2 / 2), z ~ N(0, 1),
                 s uniform 0.03..0.15
  spikes         0-4 per series (uniform count), on random training days:
                 value *= uniform 2..6 (one-day usage bursts; none in the test)
  month-start    40% of series: on the 1st of every month, training and test alike,
  fee            a fee of f * base(t) is added (f uniform 0.10..3.00, fixed per series:
                 a monthly package or support fee of 10-300% of a day's cost)
  credits        5% of series: 1-3 random training days become credits (refunds,
                 vouchers): value = -uniform 0.2..2.0 * base(t). None in the test
                 (like spikes, they are one-off events)

The test horizon (h = 30 days) continues the same process: trend, weekly cycle, the
level after any shift, noise and month-start fees; no new shifts, spikes or credits.
Values are rounded to 0.01 CNY.
"""
import argparse
import datetime as dt
import os
import sys

import numpy as np

EPOCH = dt.date(2023, 1, 1)


def draw_series(rng, sid, h):
    u = rng.random()
    if u < 0.25:
        n = int(rng.integers(28, 90))
    elif u < 0.65:
        n = int(rng.integers(90, 366))
    else:
        n = int(rng.integers(366, 731))
    start = EPOCH + dt.timedelta(days=int(rng.integers(0, 900 - n + 1)))
    total = n + h
    t = np.arange(total)
    dates = [start + dt.timedelta(days=int(k)) for k in t]
    weekday = np.array([d.weekday() for d in dates])      # Monday 0 .. Sunday 6
    dom1 = np.array([d.day == 1 for d in dates])

    level = float(np.exp(rng.uniform(np.log(5.0), np.log(5000.0))))
    growth = 0.0 if rng.random() < 0.20 else float(rng.uniform(-0.003, 0.005))
    base = level * (1.0 + growth) ** (t - (n - 1))

    weekly = rng.random() < 0.75
    wk = float(rng.uniform(0.60, 0.90)) if weekly else 1.0

    shift_day, shift = -1, 0.0
    shift_late = False
    if rng.random() < 0.30:
        shift = float(rng.uniform(-0.40, 0.80))
        lo_early, hi_early = int(0.10 * n), n - 60
        shift_late = rng.random() < 1.0 / 3.0 or hi_early <= max(lo_early, 1)
        if shift_late:
            shift_day = int(rng.integers(max(n - 60, 1), n))
        else:
            shift_day = int(rng.integers(max(lo_early, 1), hi_early))
        base = np.where(t >= shift_day, base * (1.0 + shift), base)

    sigma = float(rng.uniform(0.03, 0.15))
    season = np.where(weekday >= 5, wk, 1.0)
    value = base * season * np.exp(sigma * rng.standard_normal(total) - sigma ** 2 / 2)

    nspikes = int(rng.integers(0, 5))
    spike_days = sorted(int(d) for d in rng.choice(n, size=nspikes, replace=False))
    for d in spike_days:
        value[d] *= rng.uniform(2.0, 6.0)

    fee = rng.random() < 0.40
    fee_frac = float(rng.uniform(0.10, 3.00)) if fee else 0.0
    if fee:
        value = value + np.where(dom1, fee_frac * base, 0.0)

    credit = rng.random() < 0.05
    credit_days = []
    if credit:
        k = int(rng.integers(1, 4))
        credit_days = sorted(int(d) for d in rng.choice(n, size=k, replace=False))
        for d in credit_days:
            value[d] = -rng.uniform(0.2, 2.0) * base[d]

    value = np.round(value, 2)
    meta = dict(series=sid, n=n, first=dates[0].isoformat(), last=dates[n - 1].isoformat(),
                level=round(level, 2), growth=round(growth, 6), weekly=int(weekly),
                weekend_factor=round(wk, 4), noise=round(sigma, 4),
                shift=round(shift, 4), shift_day=shift_day, shift_late=int(shift_late),
                spikes=nspikes, fee=int(fee), fee_frac=round(fee_frac, 4),
                credits=len(credit_days))
    return dates, value, n, meta


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--h", type=int, default=30)
    a = ap.parse_args(argv)
    rng = np.random.default_rng(a.seed)
    os.makedirs(a.outdir, exist_ok=True)
    metas = []
    rows = 0
    with open(os.path.join(a.outdir, "train.csv"), "w") as tr, \
            open(os.path.join(a.outdir, "test.csv"), "w") as te:
        tr.write("series,timestamp,value\n")
        te.write("series,step,value\n")
        for i in range(a.n):
            sid = f"D{i + 1:03d}"
            dates, value, n, meta = draw_series(rng, sid, a.h)
            tr.write("".join(f"{sid},{dates[k].isoformat()},{value[k]:.2f}\n" for k in range(n)))
            te.write("".join(f"{sid},{k + 1},{value[n + k]:.2f}\n" for k in range(a.h)))
            rows += n
            metas.append(meta)
    with open(os.path.join(a.outdir, "meta.csv"), "w") as m:
        keys = list(metas[0])
        m.write(",".join(keys) + "\n")
        for r in metas:
            m.write(",".join(str(r[k]) for k in keys) + "\n")
    ns = np.array([r["n"] for r in metas])
    print(f"{a.n} series, {rows} training rows, h = {a.h}: history <90 d {np.sum(ns < 90)}, "
          f"90-365 d {np.sum((ns >= 90) & (ns <= 365))}, >365 d {np.sum(ns > 365)}; "
          f"weekly {sum(r['weekly'] for r in metas)}, month-start fee "
          f"{sum(r['fee'] for r in metas)}, level shift {sum(r['shift_day'] >= 0 for r in metas)} "
          f"({sum(r['shift_late'] for r in metas)} in the last 60 days), credits "
          f"{sum(r['credits'] > 0 for r in metas)}, spikes {sum(r['spikes'] for r in metas)} "
          f"-> {a.outdir}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
