"""Python binding vs plain Rust: validate + rollup of a synthetic document.

Both sides run in this one process on the same loaded document, interleaved
so that machine noise hits both alike:

- rust:   okr_cascade._okr_cascade._native_validate_rollup_seconds, which
          times `validate` then `rollup` inside Rust (no Python objects);
- python: `cascade.validate()` then `cascade.rollup()`, i.e. the calls a user
          makes, including the conversion of their results to Python objects
          (a `Report` with one `Diagnostic` object per diagnostic, a
          `Rollup` whose figure maps read the core's arrays);
- python+read: the same, then reading every figure as a Python object
          (every `values()` of every map), for the cost of using them all.

Usage: python okr-py/bench/bench_py.py [--teams 10000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Callable, List

import okr_cascade as okr
from okr_cascade import _okr_cascade


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--teams", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()

    cascade = okr.load(okr.synth(args.teams, args.seed))
    print(f"document: {cascade!r}")

    def python() -> None:
        cascade.validate()
        cascade.rollup()

    def python_read() -> None:
        cascade.validate()
        r = cascade.rollup()
        for m in (r.key_results, r.objectives, r.themes, r.units, r.mandates):
            m.values()

    def timed(f: Callable[[], None]) -> float:
        t = time.perf_counter()
        f()
        return time.perf_counter() - t

    rust: List[float] = []
    py: List[float] = []
    py_read: List[float] = []
    python()  # warm up
    for _ in range(args.repeat):
        rust.extend(_okr_cascade._native_validate_rollup_seconds(cascade, 1))
        py.append(timed(python))
        py_read.append(timed(python_read))

    def show(name: str, xs: List[float]) -> None:
        print(f"{name:12} median {statistics.median(xs) * 1e3:8.1f} ms   min {min(xs) * 1e3:8.1f} ms")

    show("rust", rust)
    show("python", py)
    show("python+read", py_read)
    r_med, p_med = statistics.median(rust), statistics.median(py)
    print(f"ratio python/rust: median {p_med / r_med:.3f}, min {min(py) / min(rust):.3f}")
    print(f"ratio python+read/rust: median {statistics.median(py_read) / r_med:.3f}")


if __name__ == "__main__":
    main()
