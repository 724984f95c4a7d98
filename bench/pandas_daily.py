#!/usr/bin/python3
"""pandas_daily.py: the pandas peer of `runway ingest` + `runway series --by service`.

    /usr/bin/python3 bench/pandas_daily.py FILE.csv [--engine c|pyarrow] [--usecols] [-o OUT.csv]

read_csv of the whole file (all 45 columns, default C engine), then
groupby(day, ServiceName).BilledCost.sum(), where day is the first 10 characters
of ChargePeriodStart (both timestamp spellings in the file start with the date).
--usecols reads only ChargePeriodStart, ServiceName and BilledCost (the
fastest plain-pandas variant). Writes day,service,value to OUT (default stdout).
"""
import argparse
import sys

import pandas as pd


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--engine", default="c")
    ap.add_argument("--usecols", action="store_true")
    ap.add_argument("-o", "--out", default="-")
    a = ap.parse_args()
    kw = {"engine": a.engine}
    if a.usecols:
        kw["usecols"] = ["ChargePeriodStart", "ServiceName", "BilledCost"]
    df = pd.read_csv(a.file, **kw)
    day = df["ChargePeriodStart"].str.slice(0, 10)
    res = df.groupby([day, df["ServiceName"]])["BilledCost"].sum()
    res.index.names = ["day", "service"]
    res.name = "value"
    res.to_csv(sys.stdout if a.out == "-" else a.out, header=True, float_format="%.17g")
    return 0


if __name__ == "__main__":
    sys.exit(main())
