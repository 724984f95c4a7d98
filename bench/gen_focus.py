#!/usr/bin/python3
"""gen_focus.py: deterministic generator of a realistic FOCUS 1.0 cost CSV.

    /usr/bin/python3 bench/gen_focus.py OUT.csv [ROWS] [--seed N]

Writes OUT.csv (ROWS rows, default 1,000,000) with all 43 FOCUS 1.0 columns in
spec (alphabetical) order followed by two custom x_ columns, and
OUT.csv.expected.csv with the exact per-(day, ServiceName) sum of BilledCost,
computed with the decimal module (header: day,service,billed_cost).

Shape of the data (fixed by the seed, default 20240601):
  * 10 services (AWS-style names), 6 regions, 1 billing account and
    8 sub-accounts, 3,000 resource ids, each tied to one service/region/account.
  * hourly charges (ChargePeriodEnd = Start + 1h) over 90 days starting
    2024-01-01; rows are in time order like a real export. ~5% of the rows use
    "YYYY-MM-DD HH:MM:SS" instead of "YYYY-MM-DDTHH:MM:SSZ" for the charge and
    billing periods.
  * costs with 2 to 10 decimals; ~2% are negative ChargeCategory=Credit rows;
    a few Tax and Purchase rows.
  * Tags is a JSON object in a quoted field with doubled quotes; ChargeDescription
    contains commas (quoted); optional columns hold literal NULL or are empty.
The output is streamed: memory use is independent of ROWS.
"""
import argparse
import random
import sys
from decimal import Decimal, getcontext, Inexact

COLUMNS = [
    "AvailabilityZone", "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency",
    "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription",
    "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart", "CommitmentDiscountCategory",
    "CommitmentDiscountId", "CommitmentDiscountName", "CommitmentDiscountStatus",
    "CommitmentDiscountType", "ConsumedQuantity", "ConsumedUnit", "ContractedCost",
    "ContractedUnitPrice", "EffectiveCost", "InvoiceIssuerName", "ListCost", "ListUnitPrice",
    "PricingCategory", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "RegionId",
    "RegionName", "ResourceId", "ResourceName", "ResourceType", "ServiceCategory", "ServiceName",
    "SkuId", "SkuPriceId", "SubAccountId", "SubAccountName", "Tags",
    "x_UsageType", "x_Operation",
]
assert len(COLUMNS) == 45

# name, category, resource type, unit, weight (share of rows), median hourly cost
SERVICES = [
    ("Amazon Elastic Compute Cloud", "Compute", "Instance", "Hours", 30, 0.09),
    ("Amazon Simple Storage Service", "Storage", "Bucket", "GB-Mo", 15, 0.02),
    ("Amazon Relational Database Service", "Databases", "DBInstance", "Hours", 10, 0.25),
    ("AWS Lambda", "Compute", "Function", "Requests", 8, 0.004),
    ("Amazon CloudFront", "Networking", "Distribution", "GB", 6, 0.05),
    ("Amazon DynamoDB", "Databases", "Table", "ReadRequestUnits", 7, 0.01),
    ("Amazon Elastic Kubernetes Service", "Compute", "Cluster", "Hours", 5, 0.10),
    ("Amazon ElastiCache", "Databases", "CacheCluster", "Hours", 5, 0.07),
    ("Amazon CloudWatch", "Management and Governance", "LogGroup", "GB", 9, 0.003),
    ("AWS Data Transfer", "Networking", "NetworkInterface", "GB", 5, 0.012),
]
REGIONS = [
    ("us-east-1", "US East (N. Virginia)", "USE1"), ("us-west-2", "US West (Oregon)", "USW2"),
    ("eu-west-1", "Europe (Ireland)", "EU"), ("eu-central-1", "Europe (Frankfurt)", "EUC1"),
    ("ap-southeast-1", "Asia Pacific (Singapore)", "APS1"),
    ("ap-northeast-1", "Asia Pacific (Tokyo)", "APN1"),
]
TEAMS = ["data", "web", "ml", "platform", "payments", "search"]
ENVS = ["prod", "staging", "dev"]
DAYS = 90
HOURS = DAYS * 24
N_RESOURCES = 3000


def csv_quote(s):
    if any(ch in s for ch in ',"\n\r'):
        return '"' + s.replace('"', '""') + '"'
    return s


def fmt_units(units, dec):
    """units: integer amount in 1e-10; dec: decimals kept (2..10). Returns text."""
    scale = 10 ** (10 - dec)
    v = (abs(units) // scale) if units >= 0 else -(abs(units) // scale)
    sign = "-" if v < 0 else ""
    v = abs(v)
    if dec == 0:
        return sign + str(v)
    p = 10 ** dec
    return "%s%d.%0*d" % (sign, v // p, dec, v % p)


def timestamps():
    """Per hour index: (iso, plain) strings for start, and billing-period strings."""
    import datetime as dt
    t0 = dt.datetime(2024, 1, 1)
    iso, plain, bp = [], [], []
    for h in range(HOURS + 1):
        t = t0 + dt.timedelta(hours=h)
        iso.append(t.strftime("%Y-%m-%dT%H:%M:%SZ"))
        plain.append(t.strftime("%Y-%m-%d %H:%M:%S"))
    for h in range(HOURS):
        t = t0 + dt.timedelta(hours=h)
        s = dt.datetime(t.year, t.month, 1)
        e = dt.datetime(t.year + (t.month == 12), t.month % 12 + 1, 1)
        bp.append((s, e))
    return iso, plain, bp


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("rows", nargs="?", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=20240601)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    getcontext().prec = 60
    getcontext().traps[Inexact] = True

    billing_acct = "784512369021"
    subs = [("%012d" % rng.randrange(10 ** 11, 10 ** 12), "team-" + t) for t in TEAMS] + \
           [("%012d" % rng.randrange(10 ** 11, 10 ** 12), "sandbox-%d" % i) for i in (1, 2)]

    # Resources: static text of every column that does not change per row.
    weights = [s[4] for s in SERVICES]
    resources = []
    for r in range(N_RESOURCES):
        si = rng.choices(range(len(SERVICES)), weights)[0]
        name, cat, rtype, unit, _, median = SERVICES[si]
        reg_id, reg_name, reg_code = rng.choice(REGIONS)
        global_svc = name in ("Amazon CloudFront", "AWS Data Transfer")
        az = "NULL" if global_svc else reg_id + rng.choice("abc")
        sub_id, sub_name = rng.choice(subs)
        rid = "arn:aws:%s:%s:%s:%s/%s-%08x" % (
            rtype.lower(), reg_id, sub_id, rtype.lower(), rtype[:3].lower(), rng.getrandbits(32))
        rname = rng.choice(["NULL", "", "%s-%s-%d" % (rng.choice(TEAMS), rtype.lower(), r)])
        sku = "%s%04d" % ("".join(w[0] for w in name.split()).upper(), rng.randrange(10000))
        sku_price = sku + "." + "%08X" % rng.getrandbits(32)
        unit_price = Decimal(rng.randrange(10 ** 5, 10 ** 9)) / Decimal(10 ** 10)  # 1e-5..0.1
        committed = si in (0, 2) and rng.random() < 0.25
        if committed:
            cd = ("Spend", "arn:aws:savingsplans::%s:savingsplan/%08x" % (billing_acct, rng.getrandbits(32)),
                  "Compute Savings Plan", "Used", "Savings Plan")
            pricing_cat = "Committed"
        else:
            cd = ("NULL", "NULL", "NULL", "NULL", "NULL") if rng.random() < 0.7 else ("", "", "", "", "")
            pricing_cat = "Standard"
        env, team = rng.choice(ENVS), rng.choice(TEAMS)
        if rng.random() < 0.1:
            tags = "NULL"
        else:
            tj = '{"env":"%s","team":"%s","cost-center":"cc-%03d"' % (env, team, rng.randrange(1000))
            if rng.random() < 0.3:
                tj += ',"owner":"%s@example.com"' % rng.choice(["ana", "bo", "chen", "dev"])
            tags = csv_quote(tj + "}")
        desc = csv_quote("$%s per %s for %s, %s, %s" % (
            unit_price.normalize(), unit.rstrip("s") if unit.endswith("s") else unit, name,
            reg_name, rtype))
        usage_type = "%s-%s:%s" % (reg_code, rtype, sku[-4:])
        operation = rng.choice(["RunInstances", "GetObject", "PutObject", "Invoke", "Query", "NoOperation"])
        # Template: %(x)s slots are filled per row.
        fields = {
            "AvailabilityZone": az, "BillingAccountId": billing_acct,
            "BillingAccountName": "Acme Corp", "BillingCurrency": "USD",
            "ChargeDescription": desc, "CommitmentDiscountCategory": cd[0],
            "CommitmentDiscountId": cd[1], "CommitmentDiscountName": cd[2],
            "CommitmentDiscountStatus": cd[3], "CommitmentDiscountType": cd[4],
            "ConsumedUnit": unit, "ContractedUnitPrice": str(unit_price),
            "InvoiceIssuerName": "Amazon Web Services, Inc.", "ListUnitPrice": str(unit_price),
            "PricingCategory": pricing_cat, "PricingUnit": unit, "ProviderName": "AWS",
            "PublisherName": "Amazon Web Services", "RegionId": "" if global_svc else reg_id,
            "RegionName": "Global" if global_svc else reg_name, "ResourceId": rid,
            "ResourceName": rname, "ResourceType": rtype, "ServiceCategory": cat,
            "ServiceName": name, "SkuId": sku, "SkuPriceId": sku_price, "SubAccountId": sub_id,
            "SubAccountName": sub_name, "Tags": tags, "x_UsageType": usage_type,
            "x_Operation": operation,
        }
        for k in list(fields):
            if k not in ("ChargeDescription", "Tags", "InvoiceIssuerName"):
                fields[k] = csv_quote(fields[k])
        fields["InvoiceIssuerName"] = csv_quote(fields["InvoiceIssuerName"])
        parts = []
        for col in COLUMNS:
            if col in fields:
                parts.append(fields[col].replace("%", "%%"))
            else:
                parts.append("%(" + col + ")s")
        tmpl = ",".join(parts) + "\n"
        # median cost per row, lognormal spread per resource
        mu = median * rng.lognormvariate(0, 1.0)
        resources.append((tmpl, si, mu))

    iso, plain, bp = timestamps()
    bp_iso = [(s.strftime("%Y-%m-%dT%H:%M:%SZ"), e.strftime("%Y-%m-%dT%H:%M:%SZ")) for s, e in bp]
    bp_plain = [(s.strftime("%Y-%m-%d %H:%M:%S"), e.strftime("%Y-%m-%d %H:%M:%S")) for s, e in bp]
    svc_names = [s[0] for s in SERVICES]
    sums = {}
    zero = Decimal(0)
    n = a.rows
    rand = rng.random
    lognorm = rng.lognormvariate
    choice_idx = rng.randrange
    with open(a.out, "w", newline="", buffering=1 << 20) as f:
        f.write(",".join(COLUMNS) + "\n")
        for i in range(n):
            h = i * HOURS // n
            tmpl, si, mu = resources[choice_idx(N_RESOURCES)]
            if rand() < 0.05:
                start, end = plain[h], plain[h + 1]
                bps, bpe = bp_plain[h]
            else:
                start, end = iso[h], iso[h + 1]
                bps, bpe = bp_iso[h]
            dec = 2 + 2 * choice_idx(5)          # 2, 4, 6, 8 or 10 decimals
            units = int(mu * lognorm(0, 0.6) * 1e10) + 1
            r = rand()
            if r < 0.02:
                category, freq, cclass = "Credit", "One-Time", "NULL"
                units = -units * (1 + choice_idx(20))
            elif r < 0.025:
                category, freq, cclass = "Tax", "Recurring", ""
            elif r < 0.027:
                category, freq, cclass = "Purchase", "One-Time", ""
                units *= 100
            elif r < 0.0275:
                category, freq, cclass = "Adjustment", "One-Time", "Correction"
            else:
                category, freq, cclass = "Usage", "Usage-Based", "NULL" if r < 0.5 else ""
            billed = fmt_units(units, dec)
            qty = fmt_units(int(units * (3 + (units & 7))), 6) if category == "Usage" else "NULL"
            list_cost = fmt_units(units + units // 7, dec)
            eff = billed if si != 0 else fmt_units(units - units // 11, dec)
            f.write(tmpl % {
                "BilledCost": billed, "BillingPeriodEnd": bpe, "BillingPeriodStart": bps,
                "ChargeCategory": category, "ChargeClass": cclass, "ChargeFrequency": freq,
                "ChargePeriodEnd": end, "ChargePeriodStart": start, "ConsumedQuantity": qty,
                "ContractedCost": list_cost if category == "Usage" else "NULL",
                "EffectiveCost": eff, "ListCost": list_cost, "PricingQuantity": qty,
            })
            key = (start[:10], si)
            sums[key] = sums.get(key, zero) + Decimal(billed)
    with open(a.out + ".expected.csv", "w") as f:
        f.write("day,service,billed_cost\n")
        for (day, si) in sorted(sums):
            f.write("%s,%s,%s\n" % (day, csv_quote(svc_names[si]), sums[(day, si)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
