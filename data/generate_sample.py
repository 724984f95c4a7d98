#!/usr/bin/env python3
"""generate_sample.py: writes the bundled demo data set in data/sample/.

A prepaid Tencent Cloud account (CNY) from 2024-06-01 for 120 days, as a
FOCUS 1.0 export: hourly usage-based charges for CVM, COS storage and
egress, CDN and CLS with a weekly cycle (weekends lower) and growth, a level
shift on day 75 (a new workload), a few one-hour spikes, a monthly
subscription charged on the 1st, and a credit. Deterministic (fixed seed):
re-running it reproduces the committed files byte for byte.

Usage: python3 data/generate_sample.py   (from the repository root)
"""
import csv
import gzip
import io
import datetime as dt
import math
import os
import random

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample")
START = dt.datetime(2024, 6, 1, tzinfo=dt.timezone.utc)
DAYS = 120
rng = random.Random(20240601)

HEADER = ["AvailabilityZone", "BilledCost", "BillingAccountId", "BillingAccountName",
          "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory",
          "ChargeClass", "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd",
          "ChargePeriodStart", "CommitmentDiscountCategory", "CommitmentDiscountId",
          "CommitmentDiscountName", "CommitmentDiscountStatus", "CommitmentDiscountType",
          "ConsumedQuantity", "ConsumedUnit", "ContractedCost", "ContractedUnitPrice",
          "EffectiveCost", "InvoiceIssuerName", "ListCost", "ListUnitPrice", "PricingCategory",
          "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "RegionId",
          "RegionName", "ResourceId", "ResourceName", "ResourceType", "ServiceCategory",
          "ServiceName", "SkuId", "SkuPriceId", "SubAccountId", "SubAccountName", "Tags"]

# service, category, resource, unit, unit price (CNY), hourly base quantity,
# weekly amplitude, daily growth, tags
SERVICES = [
    ("Cloud Virtual Machine", "Compute", "ins-7f3k2d1a", "Hours", 0.62, 4.0, 0.0, 0.0,
     {"team": "web", "env": "prod"}),
    ("Cloud Object Storage", "Storage", "media-1250000000", "GB-Hours", 0.000139, 52000.0, 0.0,
     0.006, {"team": "media", "env": "prod"}),
    ("COS Internet Egress", "Networking", "media-1250000000", "GB", 0.5, 2.4, 0.35, 0.004,
     {"team": "media", "env": "prod"}),
    ("Content Delivery Network", "Networking", "cdn-media", "GB", 0.21, 9.0, 0.40, 0.003,
     {"team": "media", "env": "prod"}),
    ("Cloud Log Service", "Management and Governance", "cls-topic-app", "GB", 0.35, 1.2, 0.25,
     0.002, {"team": "web", "env": "prod"}),
]


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def month_bounds(t):
    start = t.replace(day=1, hour=0, minute=0, second=0)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return start, end


def row(start, end, cost, category, frequency, desc, qty, unit, service, svc_cat, resource, tags):
    bp_start, bp_end = month_bounds(start)
    r = dict.fromkeys(HEADER, "")
    r.update({
        "AvailabilityZone": "ap-guangzhou-3", "BilledCost": f"{cost:.8f}",
        "BillingAccountId": "100012345678", "BillingAccountName": "example-prepaid",
        "BillingCurrency": "CNY", "BillingPeriodEnd": iso(bp_end),
        "BillingPeriodStart": iso(bp_start), "ChargeCategory": category,
        "ChargeDescription": desc, "ChargeFrequency": frequency,
        "ChargePeriodEnd": iso(end), "ChargePeriodStart": iso(start),
        "ConsumedQuantity": "" if qty is None else f"{qty:.6f}", "ConsumedUnit": unit,
        "EffectiveCost": f"{cost:.8f}", "InvoiceIssuerName": "Tencent Cloud",
        "ListCost": f"{cost:.8f}", "PricingCategory": "Standard", "ProviderName": "Tencent Cloud",
        "PublisherName": "Tencent Cloud", "RegionId": "ap-guangzhou",
        "RegionName": "South China (Guangzhou)", "ResourceId": resource,
        "ServiceCategory": svc_cat, "ServiceName": service, "SubAccountId": "100012345678",
        "SubAccountName": "example-prepaid",
        "Tags": "" if not tags else "{" + ",".join(f'"{k}":"{v}"' for k, v in sorted(tags.items())) + "}",
    })
    return r


def main():
    os.makedirs(OUT, exist_ok=True)
    spikes = {(23, 14): 3, (51, 2): 4, (97, 20): 3}  # (day, hour): egress multiplier
    rows = []
    for day in range(DAYS):
        date = START + dt.timedelta(days=day)
        weekend = date.weekday() >= 5
        if date.day == 1:  # monthly subscription, charged on the 1st
            _, end = month_bounds(date)
            rows.append(row(date, end, 299.0, "Purchase", "Recurring", "TencentDB MySQL monthly",
                            1, "Month", "TencentDB for MySQL", "Databases", "cdb-9x2k1m", {"team": "web"}))
        if day == 40:  # promotional credit
            rows.append(row(date, date + dt.timedelta(days=1), -150.0, "Credit", "One-Time",
                            "Voucher", None, "", "Cloud Virtual Machine", "Compute", "", None))
        for hour in range(24):
            t = date + dt.timedelta(hours=hour)
            diurnal = 1 + 0.3 * math.sin(2 * math.pi * (hour - 8) / 24)
            for name, cat, res, unit, price, base, weekly, growth, tags in SERVICES:
                qty = base * (1 + growth) ** day
                if weekly:
                    qty *= (1 - weekly) if weekend else (1 + weekly * 0.4)
                    qty *= diurnal
                if day >= 75 and cat != "Storage":  # a new workload from day 75
                    qty *= 1.6
                qty *= spikes.get((day, hour), 1) if name == "COS Internet Egress" else 1
                qty *= 1 + rng.gauss(0, 0.05)
                qty = max(qty, 0.0)
                rows.append(row(t, t + dt.timedelta(hours=1), qty * price, "Usage", "Usage-Based",
                                name, qty, unit, name, cat, res, tags))
    text = io.StringIO()
    w = csv.DictWriter(text, fieldnames=HEADER, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    # mtime=0 keeps the gzip bytes reproducible.
    with open(os.path.join(OUT, "focus-2024-06-to-09.csv.gz"), "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
            gz.write(text.getvalue().encode())
    with open(os.path.join(OUT, "series-daily-egress.csv"), "w", newline="") as f:
        f.write("series,timestamp,value\n")
        for day in range(DAYS):
            date = START + dt.timedelta(days=day)
            v = 2.4 * 24 * (1.004 ** day) * (0.65 if date.weekday() >= 5 else 1.14)
            f.write(f"egress-gb,{date:%Y-%m-%d},{v * (1 + rng.gauss(0, 0.05)):.3f}\n")


if __name__ == "__main__":
    main()
