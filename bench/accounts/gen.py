#!/usr/bin/python3
"""gen.py: an organisation of simulated prepaid accounts for the many-accounts benchmark.

    /usr/bin/python3 bench/accounts/gen.py OUTDIR [--n 1000] [--services 10] [--seed 20261201]

Writes (output depends only on the arguments: numpy default_rng(seed)):
  OUTDIR/bills.csv.gz     a FOCUS 1.x bill (the columns runway needs: BillingAccountId,
                          SubAccountId, ServiceName, ChargePeriodStart/End in Beijing time
                          (+08:00), BilledCost, BillingCurrency, ChargeCategory), one row per
                          account, service and day of its history
  OUTDIR/balances.jsonl   one DescribeAccountBalance response per account (Uin, RealBalance
                          in fen) at the end of the as-of day, 2026-11-30 24:00 Beijing time
  OUTDIR/ledger.jsonl     each account's top-ups of the last 90 days as a DescribeBillList
                          page ({"Uin", "Response": {"TransactionList": [...]}}, recharges)
  OUTDIR/accounts.csv     the registry: id, name, labels (department, project), budget
  OUTDIR/truth.csv        per account: balance, true run-out day (first future day whose
                          cumulative consumption exceeds the balance; 0: not within 90 days),
                          true consumption of the next 1/3/7 days and of December, history days

The as-of day is 2026-11-30 for every account (an organisation is planned on one day).
Per account: history n uniform 60..180 days (the account's age); a total level L
log-uniform 50..5000 CNY/day split over the services by Dirichlet(1) shares. Per service
(the process of bench/runout/gen.py, per service): trend 30% flat, 40% linear
(L_s * max(0.15, 1 + b (t - t0)), b U(-0.2%, +0.4%)/day), 30% exponential (g U(-0.3%,
+0.4%)/day); 25% one level shift at a uniform history day, factor log-uniform 0.5..2
(|log| >= 0.15); 3% one in the future; weekly cycle on 60% of services (weekend x U(0.5,
0.95)); multiplicative lognormal noise, CV U(3%, 25%); 30% of services spike (each day
with probability U(0.01, 0.08), + U(1, 5) x L_s); 15% carry a monthly fee on the 1st
(log-uniform 0.5..5 x L_s); 10% of services start later than the account (21 days or more
before the as-of day). Values rounded to 0.01 CNY, never negative.
Balance: a target day D (80% U{3..70}, 20% U{1..90}) and B = consumption of days 1..D-1 +
U(0.05, 0.95) of day D, as in bench/runout/gen.py, so run-out days spread over the horizon.
"""
import argparse
import csv
import datetime as dt
import gzip
import json
import os
import sys

import numpy as np

H = 90
ASOF = dt.date(2026, 11, 30)
SERVICES = ["Cloud Object Storage", "Cloud Virtual Machine", "Content Delivery Network",
            "Cloud Load Balancer", "Cloud Block Storage", "TencentDB for MySQL",
            "TencentDB for Redis", "Tencent Kubernetes Engine", "Cloud Log Service",
            "Serverless Cloud Function", "API Gateway", "Cloud Monitor"]
DEPARTMENTS = ["finance", "marketing", "research", "platform", "sales", "support", "data",
               "security"]


def service_series(rng, level, n_acct, total, t0, weekday, dom):
    """One service's daily values over the account's history and future (length total)."""
    t = np.arange(total)
    u = rng.random()
    if u < 0.30:
        shape = np.ones(total)
    elif u < 0.70:
        shape = np.maximum(0.15, 1 + rng.uniform(-0.002, 0.004) * (t - t0))
    else:
        shape = np.exp(rng.uniform(-0.003, 0.004) * (t - t0))

    def factor():
        while True:
            f = float(np.exp(rng.uniform(np.log(0.5), np.log(2.0))))
            if abs(np.log(f)) >= 0.15:
                return f
    if rng.random() < 0.25:
        shape = np.where(t >= int(rng.integers(5, t0 + 1)), shape * factor(), shape)
    shape = shape / shape[t0]
    if rng.random() < 0.03:
        shape = np.where(t >= t0 + int(rng.integers(1, H + 1)), shape * factor(), shape)
    season = np.where(weekday >= 5, rng.uniform(0.5, 0.95), 1.0) if rng.random() < 0.6 else 1.0
    cv = rng.uniform(0.03, 0.25)
    s = np.sqrt(np.log1p(cv * cv))
    v = level * shape * season * np.exp(s * rng.standard_normal(total) - s * s / 2)
    if rng.random() < 0.30:
        v = v + (rng.random(total) < rng.uniform(0.01, 0.08)) * rng.uniform(1, 5, total) * level
    if rng.random() < 0.15:
        v = v + np.where(dom == 1, np.exp(rng.uniform(np.log(0.5), np.log(5))) * level, 0.0)
    start = 0
    if rng.random() < 0.10:
        start = int(rng.integers(0, max(1, n_acct - 21)))
    v[:start] = np.nan
    return np.round(np.maximum(v, 0.0), 2)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--services", type=int, default=10)
    ap.add_argument("--seed", type=int, default=20261201)
    a = ap.parse_args(argv[1:])
    if not 1 <= a.services <= len(SERVICES):
        sys.exit(f"--services: 1..{len(SERVICES)}")
    os.makedirs(a.outdir, exist_ok=True)
    rng = np.random.default_rng(a.seed)
    bills = gzip.open(os.path.join(a.outdir, "bills.csv.gz"), "wt", compresslevel=3, newline="")
    bills.write("BillingAccountId,SubAccountId,ServiceName,ChargePeriodStart,ChargePeriodEnd,"
                "BilledCost,BillingCurrency,ChargeCategory\n")
    bal_f = open(os.path.join(a.outdir, "balances.jsonl"), "w")
    led_f = open(os.path.join(a.outdir, "ledger.jsonl"), "w")
    acc_f = open(os.path.join(a.outdir, "accounts.csv"), "w", newline="")
    tru_f = open(os.path.join(a.outdir, "truth.csv"), "w", newline="")
    acc_w = csv.writer(acc_f)
    acc_w.writerow(["id", "name", "labels", "budget"])
    tru_w = csv.writer(tru_f)
    tru_w.writerow(["account", "balance", "true_day", "cons1", "cons3", "cons7", "dec_total",
                    "history_days", "level"])
    maxn = 180
    days = [ASOF + dt.timedelta(days=k) for k in range(-maxn + 1, H + 1)]
    day_text = [(d.isoformat() + "T00:00:00+08:00",
                 (d + dt.timedelta(days=1)).isoformat() + "T00:00:00+08:00") for d in days]
    weekday_all = np.array([d.weekday() for d in days])
    dom_all = np.array([d.day for d in days])
    for i in range(a.n):
        acct = str(200000000000 + 7919 * i)
        n = int(rng.integers(60, maxn + 1))
        off = maxn - n                       # index of the account's first day in `days`
        total = n + H
        t0 = n - 1
        level = float(np.exp(rng.uniform(np.log(50), np.log(5000))))
        shares = rng.dirichlet(np.ones(a.services))
        names = rng.choice(len(SERVICES), a.services, replace=False)
        vals = np.array([service_series(rng, level * shares[k], n, total, t0,
                                        weekday_all[off:], dom_all[off:])
                         for k in range(a.services)])
        lines = []
        for k in range(a.services):
            svc = SERVICES[names[k]]
            for j in range(n):
                v = vals[k, j]
                if not np.isnan(v):
                    ps, pe = day_text[off + j]
                    lines.append(f"{acct},{acct},{svc},{ps},{pe},{v:.2f},CNY,Usage\n")
        bills.write("".join(lines))
        fut = np.nansum(vals[:, n:], axis=0)
        cum = np.round(np.cumsum(fut), 2)
        while True:
            d = int(rng.integers(3, 71)) if rng.random() < 0.8 else int(rng.integers(1, 91))
            bal = round(float(cum[d - 2] if d > 1 else 0.0) + rng.uniform(0.05, 0.95) * fut[d - 1], 2)
            if bal > 0:
                break
        over = np.nonzero(cum > bal)[0]
        true_day = int(over[0]) + 1 if len(over) else 0
        fen = int(round(bal * 100))
        bal_f.write(json.dumps({"FetchedAt": "2026-11-30T16:00:00Z", "Response": {
            "Balance": fen, "RealBalance": fen, "Uin": int(acct),
            "RequestId": f"bench-{i}"}}) + "\n")
        # Past top-ups (the ledger), consistent with B: walking back from the as-of day,
        # the balance before day j is the balance after it + its consumption - its top-up.
        # A top-up every 20-40 days of about a month's spend, never leaving the balance
        # under half a day's level before it.
        hist = np.nansum(vals[:, :n], axis=0)
        tdays = set()
        day = int(rng.integers(0, 30))
        while day < n:
            tdays.add(day)
            day += int(rng.integers(20, 41))
        txs, after = [], bal              # after: the balance at the end of day j
        for j in range(n - 1, -1, -1):
            before = after + hist[j]      # at the start of day j, with its top-up
            if j in tdays:
                amt = min(float(np.sum(hist[max(0, j - 30):j + 1])) + 1000.0,
                          before - 0.5 * level)
                if amt >= 100:
                    when = days[off + j].isoformat() + " 00:10:00"
                    txs.append({"BillId": f"{acct}{j:04d}", "OperationTime": when,
                                "ActionType": "recharge", "Amount": int(round(amt * 100)),
                                "Balance": int(round(before * 100))})
                    before -= amt
            after = before
        txs.reverse()
        led_f.write(json.dumps({"Uin": acct, "Response": {"TransactionList": txs,
                                                          "Total": len(txs)}}) + "\n")
        dept = DEPARTMENTS[i % len(DEPARTMENTS)]
        budget = round(float(np.nansum(vals[:, n - 30:n])) * rng.uniform(0.9, 1.4), -1)
        acc_w.writerow([acct, f"acct-{i:05d}", f"department={dept};project=p{i % 37:02d}",
                        f"{budget:.0f}"])
        tru_w.writerow([acct, f"{bal:.2f}", true_day, f"{cum[0]:.2f}", f"{cum[2]:.2f}",
                        f"{cum[6]:.2f}", f"{np.sum(fut[:31]):.2f}", n, f"{level:.2f}"])
    for f in (bills, bal_f, led_f, acc_f, tru_f):
        f.close()


if __name__ == "__main__":
    main(sys.argv)
