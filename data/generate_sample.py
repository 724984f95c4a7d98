#!/usr/bin/env python3
"""generate_sample.py: writes the bundled demo data set in data/sample/.

A prepaid Tencent Cloud account (CNY) from 2024-06-01 for 120 days, as a
FOCUS 1.0 export: hourly usage-based charges for CVM, COS storage and
egress, CDN and CLS with a weekly cycle (weekends lower) and growth, a level
shift on day 75 (a new workload), a few one-hour spikes, an eight-hour
CVM burst on 2024-09-14 (a runaway batch job: the anomaly of the last
month), a monthly subscription charged on the 1st, and a credit. Beside it: September's
Redis bill as Tencent's Chinese console CSV (40% of each charge paid by
vouchers, which do not draw the balance), two days of COS access logs, and
a DescribeAccountBalance response (12345.67 CNY at 2024-09-28 23:00 UTC,
07:00 Beijing time: after the last billed hour).

second-account/: another team's account (100087654321) already in arrears
(欠费): its Chinese console bill for 2024-07-15 .. 2024-09-27 (Beijing days;
CVM monthly fee, COS partly paid by the gift account, MySQL, vouchers) and
a balance of -215.30 CNY observed at 2024-09-28 09:30 Beijing time, and its
ledger (DescribeBillList, 收支明细) from 2024-09-10: a recharge, then each
day's deduction of what the bills drew, until the balance went negative.
Deterministic (fixed seed):
re-running it reproduces the committed files byte for byte.

Usage: python3 data/generate_sample.py   (from the repository root)
"""
import csv
import gzip
import io
import json
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
    burst = {(105, h): 4 for h in range(10, 18)}  # (day, hour): CVM multiplier (2024-09-14)
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
                qty *= burst.get((day, hour), 1) if name == "Cloud Virtual Machine" else 1
                qty *= 1 + rng.gauss(0, 0.05)
                qty = max(qty, 0.0)
                rows.append(row(t, t + dt.timedelta(hours=1), qty * price, "Usage", "Usage-Based",
                                name, qty, unit, name, cat, res, tags))
    text = io.StringIO()
    w = csv.DictWriter(text, fieldnames=HEADER, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    write_gz("focus-2024-06-to-09.csv.gz", text.getvalue())
    with open(os.path.join(OUT, "series-daily-egress.csv"), "w", newline="") as f:
        f.write("series,timestamp,value\n")
        for day in range(DAYS):
            date = START + dt.timedelta(days=day)
            v = 2.4 * 24 * (1.004 ** day) * (0.65 if date.weekday() >= 5 else 1.14)
            f.write(f"egress-gb,{date:%Y-%m-%d},{v * (1 + rng.gauss(0, 0.05)):.3f}\n")


TC_HEADER = ["支付者UIN", "使用者UIN", "操作者UIN", "产品名称", "子产品名称", "计费模式", "交易类型",
             "交易ID", "扣费时间", "用量开始时间", "用量结束时间", "实例ID", "实例名称", "实例类型",
             "项目名称", "地域", "可用区", "组件类型", "组件名称", "组件刊例价", "组件价格单位",
             "组件用量", "组件用量单位", "使用时长", "时长单位", "原价", "折扣率", "优惠后总价",
             "代金券支出(元)", "现金账户支出(元)", "赠送账户支出(元)", "币种", "标签:team"]
BEIJING = dt.timedelta(hours=8)


def tencent_bill():
    """September's Redis bill as the console's Chinese CSV export (Beijing time)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(TC_HEADER)
    start = dt.datetime(2024, 9, 1)
    for h in range(28 * 24):
        t = start + dt.timedelta(hours=h)
        used = 1.0 + 0.2 * rng.random()
        cost = round(0.35 * used, 2)
        voucher = round(0.4 * cost, 2)  # a promotion voucher pays 40%
        w.writerow(["100012345678", "100012345678", "100012345678", "云数据库Redis",
                    "云数据库Redis-标准架构", "按量计费", "按量计费小时结",
                    f"2024090{1 + h // 240}{h:06d}", f"{t + dt.timedelta(hours=1):%Y-%m-%d %H:%M:%S}",
                    f"{t:%Y-%m-%d %H:%M:%S}",
                    f"{t + dt.timedelta(minutes=59, seconds=59):%Y-%m-%d %H:%M:%S}",
                    "crs-8k2js9d1", "session-cache", "-", "默认项目", "华南地区（广州）", "广州三区",
                    "内存", "内存容量", "0.35", "元/GB/小时", f"{used:.3f}", "GB", "1", "小时",
                    f"{cost:.2f}", "1", f"{cost:.2f}", f"{voucher:.2f}", f"{cost - voucher:.2f}",
                    "0", "人民币", "web"])
    return out.getvalue()


SECOND = "100087654321"
SECOND_HEADER = ["账单月份", "支付者UIN", "使用者UIN", "产品名称", "子产品名称", "计费模式", "交易类型",
                 "扣费时间", "用量开始时间", "用量结束时间", "实例ID", "地域", "组件名称", "组件用量",
                 "组件用量单位", "原价", "优惠后总价", "现金账户支出(元)", "赠送账户支出(元)",
                 "代金券支出(元)", "币种"]


def second_bill():
    """The second account's daily bill (Beijing days), 2024-07-15 .. 2024-09-27,
    and what each day drew from the balance, in fen."""
    drawn = {}
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(SECOND_HEADER)
    start = dt.datetime(2024, 7, 15)
    for day in range(75):
        d = start + dt.timedelta(days=day)
        end = d + dt.timedelta(hours=23, minutes=59, seconds=59)
        paid = f"{d + dt.timedelta(days=1, hours=3):%Y-%m-%d %H:%M:%S}"
        month = f"{d:%Y-%m}"
        drawn[d] = 0
        if d.day == 1:  # the CVM subscription, renewed on the 1st, paid in cash
            drawn[d] += 18000
            nxt = (d + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(seconds=1)
            w.writerow([month, SECOND, SECOND, "云服务器CVM", "云服务器CVM-标准型S5", "包年包月",
                        "包年包月续费", f"{d:%Y-%m-%d} 00:00:05", f"{d:%Y-%m-%d %H:%M:%S}",
                        f"{nxt:%Y-%m-%d %H:%M:%S}", "ins-2b7q4x9c", "华东地区（上海）", "CPU",
                        "4", "核", "200.00", "180.00", "180.00", "0.00", "0.00", "人民币"])
        weekend = d.weekday() >= 5
        cos = round(34.0 * (0.7 if weekend else 1.1) * (1.003 ** day) * (1 + rng.gauss(0, 0.04)), 2)
        gift = round(min(cos, 8.0), 2)  # a gift credit pays the first 8 a day
        drawn[d] += round(cos * 100)
        w.writerow([month, SECOND, SECOND, "对象存储COS", "对象存储COS-标准存储", "按量计费",
                    "按量计费日结", paid, f"{d:%Y-%m-%d %H:%M:%S}", f"{end:%Y-%m-%d %H:%M:%S}",
                    "team-b-1250000000", "华东地区（上海）", "标准存储容量", f"{cos / 0.118:.1f}",
                    "GB", f"{cos:.2f}", f"{cos:.2f}", f"{cos - gift:.2f}", f"{gift:.2f}", "0.00",
                    "人民币"])
        sql = round(28.0 * (1 + rng.gauss(0, 0.03)), 2)
        voucher = round(sql * 0.25, 2)
        drawn[d] += round(sql * 100) - round(voucher * 100)
        w.writerow([month, SECOND, SECOND, "云数据库MySQL", "云数据库MySQL-双节点", "按量计费",
                    "按量计费日结", paid, f"{d:%Y-%m-%d %H:%M:%S}", f"{end:%Y-%m-%d %H:%M:%S}",
                    "cdb-6m1t0p3r", "华东地区（上海）", "内存", "8", "GB", f"{sql:.2f}",
                    f"{sql:.2f}", f"{sql - voucher:.2f}", "0.00", f"{voucher:.2f}", "人民币"])
    return out.getvalue(), drawn


def second_ledger(drawn, final):
    """DescribeBillList of the second account from 2024-09-10: each day's
    deduction (the day's drawn money) at 03:00 the next day, a 500.00
    recharge on 2024-09-12, ending at `final` fen; amounts in fen, Beijing
    time, as the SDK's BillTransactionInfo."""
    events = []
    for d, fen in sorted(drawn.items()):
        if d >= dt.datetime(2024, 9, 10):
            events.append((d + dt.timedelta(days=1, hours=3), "deduct", -fen, "按量计费日结"))
    events.append((dt.datetime(2024, 9, 12, 10, 21, 7), "recharge", 50000, "在线充值"))
    events.sort()
    balance = final - sum(e[2] for e in events)
    txs = []
    for i, (t, action, amount, info) in enumerate(events):
        balance += amount
        txs.append({"ActionType": action, "Amount": amount, "Balance": balance,
                    "BillId": f"2024{t:%m%d%H%M%S}{i:04d}", "OperationInfo": info,
                    "OperationTime": f"{t:%Y-%m-%d %H:%M:%S}.000", "Cash": balance,
                    "Incentive": 0, "Freezing": 0})
    txs.reverse()  # newest first, as the API lists them
    return ('{"Uin": "' + SECOND + '", "Response": ' +
            json.dumps({"TransactionList": txs, "Total": len(txs),
                        "RequestId": "sample-0003"}, ensure_ascii=False) + "}\n")


def cos_log():
    """Two days of COS access log lines for the media bucket (UTC)."""
    lines = []
    start = dt.datetime(2024, 9, 27, tzinfo=dt.timezone.utc)
    for i in range(4000):
        t = start + dt.timedelta(seconds=int(rng.random() * 2 * 86400))
        get = rng.random() < 0.85
        cdn = get and rng.random() < 0.6
        size = int(rng.lognormvariate(12, 1.2))
        event = "GetObject" if get else "PutObject"
        req = 0 if get else size
        res = size if get else 0
        delta = 0 if get else size
        lines.append((t, f"1.0 media-1250000000 ap-guangzhou {t:%Y-%m-%dT%H:%M:%SZ} "
                         f"media-1250000000.cos.ap-guangzhou.myqcloud.com {event} 203.0.113.{i % 250} "
                         f"AKIDEXAMPLE - {req} {delta} /v/{i % 300}.mp4 {'get' if get else 'put'} "
                         f"cos-go-sdk-v5.7.40 200 - - {res} {5 + size // 100000} "
                         f"{'CDN' if cdn else 'USER'} STANDARD 100012345678 3 "
                         f"100012345678:100012345678 req{i:06d} {size} - - - "
                         f"\"{'GET' if get else 'PUT'} /v/{i % 300}.mp4 HTTP/1.1\" 0"))
    lines.sort()
    return "".join(line + "\n" for _, line in lines)


def write_gz(name, text):
    # mtime=0 keeps the gzip bytes reproducible.
    with open(os.path.join(OUT, name), "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
            gz.write(text.encode())


def extras():
    with open(os.path.join(OUT, "tencent-bill-2024-09-redis.csv"), "w", encoding="utf-8") as f:
        f.write(tencent_bill())
    write_gz("cos-access-2024-09-27.log.gz", cos_log())
    with open(os.path.join(OUT, "balance-2024-09-28.json"), "w") as f:
        f.write('{"FetchedAt": "2024-09-28T23:00:00Z", "Response": {"Uin": "100012345678", '
                '"Balance": 1234567, "RealBalance": 1234567, "CashAccountBalance": 1234567, '
                '"PresentAccountBalance": 0, "FreezeAmount": 0, "OweAmount": 0, '
                '"IsAllowArrears": true, "RequestId": "sample-0001"}}\n')
    second = os.path.join(OUT, "second-account")
    os.makedirs(second, exist_ok=True)
    bill, drawn = second_bill()
    with open(os.path.join(second, "tencent-bill-2024-07-to-09.csv"), "w", encoding="utf-8") as f:
        f.write(bill)
    with open(os.path.join(second, "ledger-2024-09.json"), "w", encoding="utf-8") as f:
        f.write(second_ledger(drawn, -21530))
    with open(os.path.join(second, "balance-2024-09-28.json"), "w") as f:
        f.write('{"FetchedAt": "2024-09-28T01:30:00Z", "Response": {"Uin": "' + SECOND + '", '
                '"Balance": -21530, "RealBalance": -21530, "CashAccountBalance": -21530, '
                '"PresentAccountBalance": 0, "FreezeAmount": 0, "OweAmount": 21530, '
                '"IsAllowArrears": true, "RequestId": "sample-0002"}}\n')


if __name__ == "__main__":
    main()
    extras()
