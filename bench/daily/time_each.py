#!/usr/bin/python3
"""time_each.py: runway forecast on each series as its own process, timed.

    /usr/bin/python3 bench/daily/time_each.py RUNWAY TRAIN.csv OUT.tsv [runway forecast args...]

Splits TRAIN.csv (series,timestamp,value) into one file per series in a temporary
folder, runs `RUNWAY forecast --input FILE --jobs 1 ARGS...` on each in turn (output
discarded) and writes OUT.tsv: series, wall, user, sys (seconds; wall from
time.perf_counter, user/sys from the child's rusage via os.wait4, so microsecond
resolution, unlike /usr/bin/time's 10 ms). The first line after the header is
`(startup)`: the median over 20 runs of `RUNWAY --version`, the cost of starting a
process at all.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time


def run(argv):
    t0 = time.perf_counter()
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen(argv, stdout=null, stderr=null)
        _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    rc = os.waitstatus_to_exitcode(status)
    if rc != 0:
        raise SystemExit(f"{' '.join(argv)}: exit {rc}")
    return wall, ru.ru_utime, ru.ru_stime


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    runway, train, out = argv[1], argv[2], argv[3]
    extra = argv[4:]
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        with open(train) as f:
            header = f.readline()
            for line in f:
                sid = line.split(",", 1)[0]
                if sid not in files:
                    files[sid] = open(os.path.join(tmp, f"{sid}.csv"), "w")
                    files[sid].write(header)
                files[sid].write(line)
        for fh in files.values():
            fh.close()
        boot = [run([runway, "--version"]) for _ in range(20)]
        with open(out, "w") as o:
            o.write("series\twall\tuser\tsys\n")
            o.write("(startup)\t" + "\t".join(f"{statistics.median(x[k] for x in boot):.6f}"
                                               for k in range(3)) + "\n")
            for sid in files:
                w, u, s = run([runway, "forecast", "--input", os.path.join(tmp, f"{sid}.csv"),
                               "--jobs", "1"] + extra)
                o.write(f"{sid}\t{w:.6f}\t{u:.6f}\t{s:.6f}\n")


if __name__ == "__main__":
    main(sys.argv)
