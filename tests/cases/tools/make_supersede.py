#!/usr/bin/env python3
"""Writes the month-to-date and re-save fixtures of tests/cases (run from the
repository root; the files are committed, this script shows how they were
made). Each FOCUS file is shaped like a daily FOCUS 1.0 data export of one
billing account: one row per day and service, BillingPeriodStart/End on the
month, hourly-free daily charge periods (as AWS Data Exports and Azure FOCUS
exports write them). Amounts are chosen so the expected totals are easy to
compute by hand; each case's `expect` shows the arithmetic."""
import csv, io, os

HEAD = ["BillingAccountId", "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart",
        "ChargePeriodEnd", "BilledCost", "BillingCurrency", "ServiceName", "ProviderName",
        "ChargeCategory"]


def rows(month, days, services=("Compute", "Storage"), late=None):
    """One row per day and service. Compute costs 1 + day/100, Storage 0.10;
    `late` adds late-arriving usage to a day's Compute (a re-export revises it)."""
    y, m = month
    nxt = (y + (m == 12), m % 12 + 1)
    out = []
    for d in days:
        for s in services:
            cost = 1 + d / 100 if s == "Compute" else 0.10
            if late and s == "Compute" and d in late:
                cost += late[d]
            end = f"{y}-{m:02d}-{d + 1:02d}T00:00:00Z" if d < last_day(y, m) \
                else f"{nxt[0]}-{nxt[1]:02d}-01T00:00:00Z"
            out.append(["111122223333", f"{y}-{m:02d}-01T00:00:00Z",
                        f"{nxt[0]}-{nxt[1]:02d}-01T00:00:00Z", f"{y}-{m:02d}-{d:02d}T00:00:00Z",
                        end, f"{cost:.2f}", "USD", s, "AWS", "Usage"])
    return out


def last_day(y, m):
    return [31, 29 if y % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]


def write(path, data, head=HEAD, bom=False, crlf=False, quote=csv.QUOTE_MINIMAL):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    buf = io.StringIO()
    w = csv.writer(buf, quoting=quote, lineterminator="\r\n" if crlf else "\n")
    w.writerow(head)
    w.writerows(data)
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        f.write(buf.getvalue())


SEP = (2024, 9)
AUG = (2024, 8)
C = "tests/cases/focus/"
# Month-to-date: the exports of days 7, 8 and 30 of September, in order.
write(C + "month-to-date/input1.csv", rows(SEP, range(1, 8)))
write(C + "month-to-date/input2.csv", rows(SEP, range(1, 9), late={7: 0.50}))
write(C + "month-to-date/input3.csv", rows(SEP, range(1, 31), late={7: 0.50}))
# The same exports ingested newest first: the older ones are set aside.
write(C + "month-to-date-late/input1.csv", rows(SEP, range(1, 31), late={7: 0.50}))
write(C + "month-to-date-late/input2.csv", rows(SEP, range(1, 8)))
# Day-by-day downloads: disjoint days, both kept.
write(C + "daily-exports/input1.csv", rows(SEP, [1]))
write(C + "daily-exports/input2.csv", rows(SEP, [2]))
# One export per product over the same days: both kept, overlap reported.
write(C + "product-exports/input1.csv", rows(SEP, range(1, 8), services=("Compute",)))
write(C + "product-exports/input2.csv", rows(SEP, range(1, 8), services=("Storage",)))
# A file holding August whole and September to day 7, then September to day 8:
# August stays, September is replaced.
write(C + "two-periods/input1.csv", rows(AUG, range(1, 32)) + rows(SEP, range(1, 8)))
write(C + "two-periods/input2.csv", rows(SEP, range(1, 9)))
# --no-supersede: both month-to-date exports are kept (and counted twice).
write(C + "no-supersede/input1.csv", rows(SEP, range(1, 8)))
write(C + "no-supersede/input2.csv", rows(SEP, range(1, 9)))

# The legacy CUR sample re-saved by Excel ("CSV UTF-8"): BOM, CRLF, minimal
# quoting, columns in reverse order; then the same rows sorted another way.
with open("tests/cases/aws-cur/legacy-basic/input.csv", encoding="utf-8") as f:
    cur = list(csv.reader(f))
R = "tests/cases/aws-cur/resave-bom-crlf/"
write(R + "input1.csv", cur[1:], head=cur[0], quote=csv.QUOTE_ALL)
rev = [list(reversed(r)) for r in cur]
write(R + "input2.csv", rev[1:], head=rev[0], bom=True, crlf=True)
write(R + "input3.csv", list(reversed(rev[1:])), head=rev[0], crlf=True)
