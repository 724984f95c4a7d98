#!/usr/bin/python3
"""to_series.py: M4 wide CSV (train) -> runway series file.

    /usr/bin/python3 bench/m4/to_series.py TRAIN.csv OUT.csv [N]

Writes the header `series,timestamp,value` and one row per observation,
timestamps hourly from 2017-01-02T00:00:00Z (a Monday) as
YYYY-MM-DDTHH:00:00Z. N (optional) keeps only the first N series.
Values are written exactly as they appear in the M4 file.
"""
import csv
import datetime as dt
import sys

START = dt.datetime(2017, 1, 2, 0, 0, 0)


def read_wide(path, n=None):
    """Yield (id, [value strings]) from an M4 wide CSV, trailing empties dropped."""
    with open(path, newline="") as f:
        r = csv.reader(f)
        next(r)  # header "V1","V2",...
        for k, row in enumerate(r):
            if n is not None and k >= n:
                break
            vals = row[1:]
            while vals and vals[-1].strip() == "":
                vals.pop()
            if any(v.strip() == "" for v in vals):
                raise ValueError(f"{row[0]}: empty cell inside the series")
            yield row[0], vals


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    n = int(argv[3]) if len(argv) > 3 else None
    longest = 0
    series = list(read_wide(argv[1], n))
    longest = max(len(v) for _, v in series)
    stamps = [(START + dt.timedelta(hours=h)).strftime("%Y-%m-%dT%H:00:00Z")
              for h in range(longest)]
    with open(argv[2], "w", newline="") as out:
        out.write("series,timestamp,value\n")
        for sid, vals in series:
            out.write("".join(f"{sid},{stamps[h]},{v}\n" for h, v in enumerate(vals)))
    print(f"{len(series)} series, {sum(len(v) for _, v in series)} rows -> {argv[2]}",
          file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
