#!/usr/bin/env python3
"""Whole-process benchmarks of the release binary (issue #7).

    cargo build --release && python3 bench/run.py [--runs N]

Generates the corpora with bench/gen.py if needed, then measures, each as the
median of N runs of the whole process:

- one ~600-byte reply, next to `cat` of the same file (the floor for any
  process);
- 10,000 reply files in one directory, on 1 and 2 threads;
- JSON Lines libraries of 1, 10 and 100 MB, on 1 and 2 threads, with peak
  resident memory, and the growth of time with size (10x bytes should take
  at most 11x time).

The in-process numbers (the bare automaton baseline, MB/s ratios) come from
`cargo bench`; docs/performance.md records both.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "replylint")
DATA = os.path.join(ROOT, "target", "bench-data")


def run(cmd, threads=None):
    """Runs cmd once; returns (seconds, peak RSS in MB)."""
    env = dict(os.environ)
    if threads:
        env["RAYON_NUM_THREADS"] = str(threads)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited with {code}")
    return elapsed, usage.ru_maxrss / 1024


def median_of(cmd, runs, threads=None):
    times, peaks = [], []
    for _ in range(runs):
        t, m = run(cmd, threads)
        times.append(t)
        peaks.append(m)
    return statistics.median(times), max(peaks)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="runs per measurement (one reply: 10x)")
    args = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    if not os.path.exists(os.path.join(DATA, "lib-100mb.jsonl")):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen.py"), DATA], check=True)
    check = [BIN, "check", "--no-config", "--format", "compact"]

    reply = os.path.join(DATA, "reply.txt")
    t, m = median_of(check + [reply], args.runs * 10)
    c, _ = median_of(["cat", reply], args.runs * 10)
    print(f"one reply ({os.path.getsize(reply)} bytes): {t * 1e3:.2f} ms median, cat {c * 1e3:.2f} ms, peak {m:.0f} MB")

    replies = os.path.join(DATA, "replies")
    size = sum(os.path.getsize(os.path.join(replies, f)) for f in os.listdir(replies)) / 1e6
    one, _ = median_of(check + [replies], args.runs, threads=1)
    two, m = median_of(check + [replies], args.runs, threads=2)
    print(f"10,000 files ({size:.1f} MB): 1 thread {one:.2f} s ({size / one:.1f} MB/s), "
          f"2 threads {two:.2f} s ({one / two:.2f}x), peak {m:.0f} MB")

    print("JSON Lines libraries:")
    print(f"  {'size':>6} {'1 thread':>10} {'MB/s':>6} {'2 threads':>10} {'speed-up':>8} {'peak MB':>8}")
    prev = None
    for mb in (1, 10, 100):
        path = os.path.join(DATA, f"lib-{mb}mb.jsonl")
        size = os.path.getsize(path) / 1e6
        runs = args.runs if mb < 100 else max(1, args.runs // 2)
        one, m1 = median_of(check + [path], runs, threads=1)
        two, m2 = median_of(check + [path], runs, threads=2)
        growth = f"  10x bytes -> {one / prev:.1f}x time" if prev else ""
        print(f"  {mb:>4}MB {one:>9.2f}s {size / one:>6.1f} {two:>9.2f}s {one / two:>7.2f}x {max(m1, m2):>8.0f}{growth}")
        prev = one


if __name__ == "__main__":
    main()
