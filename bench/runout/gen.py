#!/usr/bin/python3
"""gen.py: simulated prepaid accounts for the run-out / threshold benchmark.

    /usr/bin/python3 bench/runout/gen.py OUTDIR [--n 300] [--seed 20240901]

Writes
  OUTDIR/history.csv  runway series file: series,timestamp,value (series = account id)
  OUTDIR/future.csv   series,step,date,value: the 90 days after each account's last day
  OUTDIR/meta.csv     one row per account: balance, true run-out day, true consumption
                      of days 1..1, 1..3, 1..7 and the parameters it was drawn with
Output depends only on --n and --seed (numpy default_rng(seed)).

Daily consumption in CNY, t = day index, t0 = the last history day (the as-of day):
  history n    log-uniform 28..365 days; the as-of day is uniform in 2024-01-01..2025-12-31
  level L      log-uniform 50..5000 CNY/day: the underlying level on the as-of day
  trend        25% flat; 40% linear, L * max(0.15, 1 + b (t - t0)), b U(-0.2%, +0.4%)/day;
               35% exponential, L * exp(g (t - t0)), g U(-0.3%, +0.4%)/day
  level shifts 35% of accounts one, 10% two, at uniform days of the history; factor
               log-uniform 0.45..2.2 (|log| >= 0.15); 6% get one on a uniform future day
  weekly       70%: Saturday and Sunday x w, w U(0.45, 0.95); 30% no weekly cycle
  noise        multiplicative lognormal, mean 1, CV U(3%, 25%)
  spikes       55% of accounts: each day with probability U(0.01, 0.12), + U(1, 7) x level
               (batch jobs, egress bursts); same rate in the future
  month fee    30% on day 1 of each month, 15% on another fixed day (2..28): a fixed
               amount, log-uniform 0.5..10 x L
  credits      10% of accounts: each day with probability U(0.5%, 3%) the day is a credit,
               -U(0.2, 2.0) x level; same rate in the future
Values are rounded to 0.01 CNY. Balance B (balance at the end of the as-of day): a
target day D, 80% U{3..70}, 20% U{1..90}, then B = consumption of days 1..D-1 plus
U(0.05, 0.95) of day D. The true run-out day is the first k >= 1 with consumption of
days 1..k > B (computed from the rounded values; 0 = not within the 90 days).

Oracle reference (meta.csv oracle_*): 2000 fresh 90-day futures per account from the same
process and the same state on the as-of day (trend, level, weekly cycle, fee schedule,
noise, spike and credit rates, a 6% chance of a future shift; own generator
default_rng([seed, account index]), so the main draws do not depend on it): their P10/P50/P90
run-out day and the 95% quantile of consumption over days 1..1, 1..3, 1..7. It is what a
forecaster that knew the simulation's parameters would answer: the floor for the errors.
"""
import argparse
import datetime as dt
import os
import sys

import numpy as np

H = 90
ASOF0 = dt.date(2024, 1, 1)


LO, HI, GAP = np.log(0.45), np.log(2.2), 0.15


def oracle(orng, base, season, s, spike_p, level, fee, credit_p, bal, paths=2000):
    """P10/P50/P90 run-out day (0 = beyond 90 d) and 95% thresholds of the true process,
    from `paths` fresh futures given the state on the as-of day (future shifts included)."""
    P = paths
    k = np.arange(1, H + 1)
    u = orng.uniform(0, (-GAP - LO) + (HI - GAP), P)
    fac = np.exp(np.where(u < -GAP - LO, LO + u, GAP + u - (-GAP - LO)))
    has = (orng.random(P) < 0.06)[:, None] & (k[None, :] >= orng.integers(1, H + 1, P)[:, None])
    v = base * season * np.exp(s * orng.standard_normal((P, H)) - s * s / 2) * np.where(has, fac[:, None], 1.0)
    v = v + (orng.random((P, H)) < spike_p) * orng.uniform(1, 7, (P, H)) * level + fee
    v = np.where(orng.random((P, H)) < credit_p, -orng.uniform(0.2, 2.0, (P, H)) * level, v)
    cum = np.cumsum(np.round(v, 2), axis=1)
    over = cum > bal
    day = np.where(over.any(axis=1), over.argmax(axis=1) + 1, H + 1)
    q = [int(np.quantile(day, p, method="inverted_cdf")) for p in (0.1, 0.5, 0.9)]
    thr = [float(np.quantile(cum[:, L - 1], 0.95, method="inverted_cdf")) for L in (1, 3, 7)]
    return [d if d <= H else 0 for d in q], thr


def draw(rng, sid, orng):
    n = int(round(np.exp(rng.uniform(np.log(28), np.log(365)))))
    asof = ASOF0 + dt.timedelta(days=int(rng.integers(0, 731)))
    total = n + H
    t = np.arange(total)
    t0 = n - 1
    dates = [asof + dt.timedelta(days=int(k - t0)) for k in t]
    weekday = np.array([d.weekday() for d in dates])
    dom = np.array([d.day for d in dates])

    level = float(np.exp(rng.uniform(np.log(50), np.log(5000))))
    u = rng.random()
    trend, rate = ("flat", 0.0) if u < 0.25 else \
        ("linear", float(rng.uniform(-0.002, 0.004))) if u < 0.65 else \
        ("exp", float(rng.uniform(-0.003, 0.004)))
    if trend == "linear":
        shape = np.maximum(0.15, 1 + rate * (t - t0))
    else:
        shape = np.exp(rate * (t - t0))

    def shift_factor():
        while True:
            f = float(np.exp(rng.uniform(LO, HI)))
            if abs(np.log(f)) >= GAP:
                return f
    u = rng.random()
    nsh = 2 if u < 0.10 else 1 if u < 0.45 else 0
    shifts = sorted((int(rng.integers(5, n)), shift_factor()) for _ in range(nsh))
    for d, f in shifts:
        shape = np.where(t >= d, shape * f, shape)
    shape = shape / shape[t0]                      # level L on the as-of day
    base_known = level * shape[n:]                 # the future as known on the as-of day
    fut_shift_day, fut_shift = 0, 1.0
    if rng.random() < 0.06:
        fut_shift_day, fut_shift = int(rng.integers(1, H + 1)), shift_factor()
        shape = np.where(t >= t0 + fut_shift_day, shape * fut_shift, shape)
    base = level * shape

    weekly = rng.random() < 0.70
    wk = float(rng.uniform(0.45, 0.95)) if weekly else 1.0
    cv = float(rng.uniform(0.03, 0.25))
    s = np.sqrt(np.log1p(cv * cv))
    season = np.where(weekday >= 5, wk, 1.0)
    value = base * season * np.exp(s * rng.standard_normal(total) - s * s / 2)

    spike_p = float(rng.uniform(0.01, 0.12)) if rng.random() < 0.55 else 0.0
    spike = rng.random(total) < spike_p
    value = value + spike * rng.uniform(1, 7, total) * level

    u = rng.random()
    fee_day = 1 if u < 0.30 else int(rng.integers(2, 29)) if u < 0.45 else 0
    fee = float(np.exp(rng.uniform(np.log(0.5), np.log(10)))) * level if fee_day else 0.0
    fees = np.where(dom == fee_day, fee, 0.0)
    value = value + fees

    credit_p = float(rng.uniform(0.005, 0.03)) if rng.random() < 0.10 else 0.0
    credit = rng.random(total) < credit_p
    value = np.where(credit, -rng.uniform(0.2, 2.0, total) * level, value)
    value = np.round(value, 2)

    fut = value[n:]
    cum = np.cumsum(fut)
    while True:
        d = int(rng.integers(3, 71)) if rng.random() < 0.8 else int(rng.integers(1, 91))
        bal = round(float(cum[d - 2] if d > 1 else 0.0) + rng.uniform(0.05, 0.95) * fut[d - 1], 2)
        if bal > 0:
            break
    over = np.nonzero(np.round(cum, 2) > bal)[0]
    true_day = int(over[0]) + 1 if len(over) else 0

    (op10, op50, op90), othr = oracle(orng, base_known, season[n:], s, spike_p, level, fees[n:],
                                      credit_p, bal)
    hist_spikes = int(spike[:n].sum())
    last_shift_ago = (t0 - shifts[-1][0]) if shifts else -1
    meta = dict(series=sid, n=n, first=dates[0].isoformat(), asof=asof.isoformat(),
                balance=f"{bal:.2f}", true_day=true_day, target_day=d,
                cons1=f"{cum[0]:.2f}", cons3=f"{cum[2]:.2f}", cons7=f"{cum[6]:.2f}",
                oracle_p10=op10, oracle_p50=op50, oracle_p90=op90,
                oracle_thr1=f"{othr[0]:.2f}", oracle_thr3=f"{othr[1]:.2f}", oracle_thr7=f"{othr[2]:.2f}",
                level=round(level, 2), trend=trend, trend_rate=round(rate, 6),
                weekly=int(weekly), weekend_factor=round(wk, 4), cv=round(cv, 4),
                shifts=nsh, last_shift_ago=last_shift_ago,
                last_shift=round(shifts[-1][1], 4) if shifts else 1.0,
                future_shift_day=fut_shift_day, future_shift=round(fut_shift, 4),
                spike_p=round(spike_p, 4), hist_spikes=hist_spikes,
                spikes_last7=int(spike[n - 7:n].sum()), spikes_future7=int(spike[n:n + 7].sum()),
                spikes_to_runout=int(spike[n:n + (true_day or H)].sum()),
                fee_day=fee_day, fee=round(fee, 2),
                fee_in_hist=int(fee_day > 0 and bool((dom[:n] == fee_day).any())),
                fee_future7=int(fee_day > 0 and bool((dom[n:n + 7] == fee_day).any())),
                fee_to_runout=int(fee_day > 0 and bool((dom[n:n + (true_day or H)] == fee_day).any())),
                credit_p=round(credit_p, 4), hist_credits=int(credit[:n].sum()))
    return dates, value, n, meta


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=20240901)
    a = ap.parse_args(argv)
    rng = np.random.default_rng(a.seed)
    os.makedirs(a.outdir, exist_ok=True)
    metas = []
    with open(os.path.join(a.outdir, "history.csv"), "w") as hi, \
            open(os.path.join(a.outdir, "future.csv"), "w") as fu:
        hi.write("series,timestamp,value\n")
        fu.write("series,step,date,value\n")
        for i in range(a.n):
            sid = f"A{i + 1:03d}"
            dates, value, n, meta = draw(rng, sid, np.random.default_rng([a.seed, i]))
            hi.write("".join(f"{sid},{dates[k].isoformat()},{value[k]:.2f}\n" for k in range(n)))
            fu.write("".join(f"{sid},{k + 1},{dates[n + k].isoformat()},{value[n + k]:.2f}\n"
                             for k in range(H)))
            metas.append(meta)
    with open(os.path.join(a.outdir, "meta.csv"), "w") as m:
        keys = list(metas[0])
        m.write(",".join(keys) + "\n")
        for r in metas:
            m.write(",".join(str(r[k]) for k in keys) + "\n")
    ns = np.array([r["n"] for r in metas])
    td = np.array([r["true_day"] for r in metas])
    print(f"{a.n} accounts, {int(ns.sum())} history rows; history <56 d {np.sum(ns < 56)}, "
          f"56-182 d {np.sum((ns >= 56) & (ns <= 182))}, >182 d {np.sum(ns > 182)}; "
          f"true run-out 5-60 d {np.sum((td >= 5) & (td <= 60))}, <5 d {np.sum((td > 0) & (td < 5))}, "
          f">60 d {np.sum(td > 60)}, beyond 90 d {np.sum(td == 0)}; level shift "
          f"{sum(r['shifts'] > 0 for r in metas)}, future shift "
          f"{sum(r['future_shift_day'] > 0 for r in metas)}, spiky {sum(r['spike_p'] > 0 for r in metas)}, "
          f"month fee {sum(r['fee_day'] > 0 for r in metas)}, credits "
          f"{sum(r['credit_p'] > 0 for r in metas)} -> {a.outdir}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
