"""validate_many on 200 generated documents: threads=1 against every core.

Usage: python okr-py/bench/bench_many.py [documents] [teams]
Prints the best of three runs of each and the speed-up; checks that the
batch equals the serial results. Recorded in docs/performance.md.
"""

from __future__ import annotations

import os
import sys
import time

import okr_cascade as okr


def best(f, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    """The best wall time of `repeat` runs; prints the CPU time per wall
    second of that run (how many cores it kept busy)."""
    runs = []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        f()
        runs.append((time.perf_counter() - t, time.process_time() - c))
    wall, cpu = min(runs)
    print(f"    ({wall:.3f} s wall, {cpu:.3f} s CPU: {cpu / wall:.2f} cores busy)")
    return wall


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    teams = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    docs = [okr.synth(teams, seed) for seed in range(n)]
    serial = [okr.load(d).validate() for d in docs]
    assert okr.validate_many(docs) == serial
    assert okr.rollup_many(docs) == [okr.load(d).rollup() for d in docs]
    print(f"{n} documents of {teams} teams ({len(docs[0]) // 1024} KiB each), {os.cpu_count()} cores,"
          f" load average {os.getloadavg()[0]:.1f}")
    for name, f in (("validate_many", okr.validate_many), ("rollup_many", okr.rollup_many)):
        one = best(lambda: f(docs, 1))
        every = best(lambda: f(docs))
        print(f"{name:14} threads=1 {one:.3f} s   threads=None {every:.3f} s   speed-up {one / every:.2f}x")
    loop = best(lambda: [okr.load(d).validate() for d in docs])
    print(f"{'python loop':14} load+validate {loop:.3f} s")


if __name__ == "__main__":
    main()
