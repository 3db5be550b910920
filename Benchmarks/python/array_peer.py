#!/usr/bin/env python3
"""NumPy peer for the Swift benchmark `swarm bench array`.

The Swift side runs this script as a subprocess and reads one JSON object
from its stdout; progress goes to stderr.  Both sides build the same inputs
(numpy.random.default_rng(0) and SwarmArray's Generator(seed: 0) give the
same numbers) and time the same operations.

Usage:
    python3 array_peer.py [--runs N] [--quick] [--npy-dir DIR]

Keys of "results" (each with "median" and "values"):
    mul_add sqrt exp sin sum mean std max          10**7 doubles, ms
    sum_axis0 sum_axis1                            4000 x 4000 doubles, ms
    sort fancy mask                                10**7 doubles, ms
    small_<op>                                     the same ops on 10 elements
                                                   (sum_axis* on 2 x 5), ns per call
    npy_save npy_load                              10**8 doubles (800 MB), ms
    npy_save_peak_mb npy_load_peak_mb              the process's peak resident memory
                                                   during the call (array included), MB

With --quick the large inputs are 10x smaller.  Peak memory is measured
with Linux's /proc/self/clear_refs (which resets VmHWM) and VmHWM in
/proc/self/status.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import timeit

import numpy as np


def log(*args: object) -> None:
    print(*args, file=sys.stderr, flush=True)


def median_ms(fn, runs: int) -> dict:
    fn()  # warm up (page cache, allocator, code paths)
    values = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        values.append((time.perf_counter() - t) * 1e3)
    return {"median": statistics.median(values), "values": values}


def small_ns(fn, runs: int, number: int) -> dict:
    fn()
    values = [t / number * 1e9 for t in timeit.repeat(fn, number=number, repeat=runs)]
    return {"median": statistics.median(values), "values": values}


def rss_kb(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def peak_mb(fn) -> float:
    """Runs fn and returns the process's resident high-water mark during it, in MB."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        return float("nan")
    result = fn()
    peak = rss_kb("VmHWM")
    del result
    return peak / 1024.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--npy-dir", default="/tmp")
    parser.add_argument("--skip-npy", action="store_true")
    args = parser.parse_args()
    runs = args.runs
    n = 10**6 if args.quick else 10**7
    side = 1264 if args.quick else 4000
    results: dict[str, dict] = {}

    if not args.skip_npy:
        count = 10**7 if args.quick else 10**8
        path = os.path.join(args.npy_dir, f"swarm_bench_peer_{os.getpid()}.npy")
        log(f"npy save/load of {count * 8 // 10**6} MB at {path}")
        big = np.random.default_rng(3).random(count)
        try:
            results["npy_save"] = median_ms(lambda: np.save(path, big), runs)
            results["npy_load"] = median_ms(lambda: np.load(path), runs)
            results["npy_save_peak_mb"] = {"median": peak_mb(lambda: np.save(path, big)), "values": []}
            del big
            results["npy_load_peak_mb"] = {"median": peak_mb(lambda: np.load(path)), "values": []}
        finally:
            if os.path.exists(path):
                os.remove(path)


    rng = np.random.default_rng(0)
    a = rng.random(n)
    b = rng.random(n)
    c = rng.random(n)
    m = np.random.default_rng(1).random((side, side))
    idx = np.random.default_rng(2).integers(0, n, n)
    log(f"numpy {np.__version__}: large ops on {n} doubles, {runs} runs")

    large = {
        "mul_add": lambda: a * b + c,
        "sqrt": lambda: np.sqrt(a),
        "exp": lambda: np.exp(a),
        "sin": lambda: np.sin(a),
        "sum": lambda: a.sum(),
        "mean": lambda: a.mean(),
        "std": lambda: a.std(),
        "max": lambda: a.max(),
        "sum_axis0": lambda: m.sum(axis=0),
        "sum_axis1": lambda: m.sum(axis=1),
        "sort": lambda: np.sort(a),
        "fancy": lambda: a[idx],
        "mask": lambda: a[a > 0.5],
    }
    for key, fn in large.items():
        results[key] = median_ms(fn, runs)

    s = a[:10].copy()
    t = b[:10].copy()
    u = c[:10].copy()
    s2 = m[:2, :5].copy()
    small = {
        "small_mul_add": lambda: s * t + u,
        "small_sqrt": lambda: np.sqrt(s),
        "small_exp": lambda: np.exp(s),
        "small_sin": lambda: np.sin(s),
        "small_sum": lambda: s.sum(),
        "small_mean": lambda: s.mean(),
        "small_std": lambda: s.std(),
        "small_max": lambda: s.max(),
        "small_sum_axis0": lambda: s2.sum(axis=0),
        "small_sum_axis1": lambda: s2.sum(axis=1),
    }
    log("small ops on 10 elements")
    for key, fn in small.items():
        results[key] = small_ns(fn, runs, 20_000)

    print(json.dumps({"numpy": np.__version__, "python": sys.version.split()[0], "results": results}))


if __name__ == "__main__":
    main()
