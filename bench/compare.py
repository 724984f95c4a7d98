#!/usr/bin/python3
"""compare.py: accuracy of a per-(day, service) BilledCost result against the exact sums.

    /usr/bin/python3 bench/compare.py EXPECTED.csv RESULT.csv

EXPECTED.csv is gen_focus.py's side file (day,service,billed_cost, exact decimals).
RESULT.csv is either runway's `series` output (series,timestamp,value; only the
first 10 characters of timestamp are used) or any CSV whose first three columns
are day,service,value (pandas_daily.py, the sqlite3 query). A header line is
skipped. A (day, service) pair the result has but that is 0 in the exact sums,
or the reverse, counts as an error unless the other value is exactly 0.
Prints one line:  pairs=N missing=M extra=E max_rel_err=X max_abs_err=Y
and exits 1 if any pair is missing or extra.
"""
import csv
import sys
from decimal import Decimal, getcontext


def load(path):
    out = {}
    with open(path, newline="") as f:
        r = csv.reader(f)
        next(r)
        for row in r:
            if not row:
                continue
            a, b, v = row[0], row[1], row[2]
            if a[:4].isdigit() and len(a) >= 10 and a[4] == "-":   # day,service,value
                day, svc = a[:10], b
            else:                                               # series,timestamp,value
                day, svc = b[:10], a
            out[(day, svc)] = out.get((day, svc), Decimal(0)) + Decimal(v)
    return out


def main():
    getcontext().prec = 60
    exp, got = load(sys.argv[1]), load(sys.argv[2])
    missing = [k for k in exp if k not in got and exp[k] != 0]
    extra = [k for k in got if k not in exp and got[k] != 0]
    max_rel = Decimal(0)
    max_abs = Decimal(0)
    for k, e in exp.items():
        g = got.get(k, Decimal(0))
        d = abs(g - e)
        max_abs = max(max_abs, d)
        if e != 0:
            max_rel = max(max_rel, d / abs(e))
        elif d != 0:
            max_rel = Decimal("Infinity")
    print("pairs=%d missing=%d extra=%d max_rel_err=%.3e max_abs_err=%.3e"
          % (len(exp), len(missing), len(extra), max_rel, max_abs))
    for k in (missing + extra)[:5]:
        print("  mismatch:", k, file=sys.stderr)
    return 1 if missing or extra else 0


if __name__ == "__main__":
    sys.exit(main())
