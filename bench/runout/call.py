#!/usr/bin/python3
"""call.py: run `runway runout` and `runway thresholds` once per account, timed.

    /usr/bin/python3 bench/runout/call.py RUNWAY HISTORY.csv META.csv OUT.jsonl

For each account of META.csv (written by gen.py), in order, as its own process:
  RUNWAY runout --input HISTORY.csv --series ID --balance B --format json
  RUNWAY thresholds --input HISTORY.csv --series ID --lead-time 1d --lead-time 3d
         --lead-time 7d --confidence 0.95 --format json [--no-backtest]
(--no-backtest only when `RUNWAY thresholds --help` mentions it). As-of is the default,
the last history day. Writes one JSON line per call: series, cmd, rc, wall, user, sys
(seconds: wall from time.perf_counter around the process, user/sys from its rusage),
out (the parsed JSON, or null) and err (stderr, when rc != 0 or the output is not JSON).
The first line is cmd "startup": the median of 20 runs of `RUNWAY --version`.
"""
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def run_timed(argv):
    """(rc, wall, user, sys, stdout, stderr); the child is reaped with os.wait4."""
    with open(os.devnull, "rb") as null, tempfile.TemporaryFile() as errf:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdin=null, stdout=subprocess.PIPE, stderr=errf)
        out = p.stdout.read()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        p.stdout.close()
        errf.seek(0)
        err = errf.read()
    return p.returncode, wall, ru.ru_utime, ru.ru_stime, out.decode(), err.decode()


def main(argv):
    if len(argv) != 5:
        sys.exit(__doc__)
    runway, hist, meta, out = argv[1:]
    helptext = subprocess.run([runway, "thresholds", "--help"], capture_output=True, text=True)
    nobt = ["--no-backtest"] if "--no-backtest" in helptext.stdout + helptext.stderr else []
    with open(meta) as f:
        accounts = list(csv.DictReader(f))
    boot = [run_timed([runway, "--version"]) for _ in range(20)]
    fails = 0
    with open(out, "w") as o:
        o.write(json.dumps({"series": None, "cmd": "startup", "rc": 0, "no_backtest": bool(nobt),
                            **{k: statistics.median(b[i] for b in boot)
                               for i, k in ((1, "wall"), (2, "user"), (3, "sys"))}}) + "\n")
        for a in accounts:
            sid = a["series"]
            calls = (("runout", ["runout", "--input", hist, "--series", sid,
                                 "--balance", a["balance"], "--format", "json"]),
                     ("thresholds", ["thresholds", "--input", hist, "--series", sid,
                                     "--lead-time", "1d", "--lead-time", "3d", "--lead-time", "7d",
                                     "--confidence", "0.95", "--format", "json"] + nobt))
            for cmd, args in calls:
                rc, wall, user, sys_, so, se = run_timed([runway] + args)
                try:
                    parsed = json.loads(so) if rc == 0 else None
                except ValueError:
                    parsed = None
                rec = dict(series=sid, cmd=cmd, rc=rc, wall=wall, user=user, sys=sys_, out=parsed)
                if parsed is None:
                    rec["err"] = (se or so)[-2000:]
                    fails += 1
                o.write(json.dumps(rec) + "\n")
    print(f"{len(accounts)} accounts, {2 * len(accounts)} calls, {fails} failed"
          f"{' (thresholds with --no-backtest)' if nobt else ''} -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
