#!/usr/bin/env python3
"""NumPy peer for the Swift benchmark `swarm bench linalg`.

Prints one JSON object on stdout; progress goes to stderr. Inputs are built
from numpy.random.default_rng seeds that SwarmArray's Generator reproduces.

Keys of "results" (each with "median" and "values"):
    matmul_1024 matmul_4096        ms
    solve_2000 svd_1000 eigh_1000  ms
    solve_4 inv_4 det_4 solve_8 inv_8 det_8   ns per call
    fft_1m rfft_1m rfft_prime fft2_2048       ms, steady state
    first_fft_1m first_rfft_1m first_rfft_prime first_fft2_2048
                                   ms, the first call (pocketfft builds its plan)

Usage: python3 linalg_peer.py [--runs N] [--quick]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import timeit

import numpy as np


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def ms(fn, runs):
    fn()
    values = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        values.append((time.perf_counter() - t) * 1e3)
    return {"median": statistics.median(values), "values": values}


def first_ms(fn):
    t = time.perf_counter()
    fn()
    return {"median": (time.perf_counter() - t) * 1e3, "values": []}


def ns(fn, runs, number=20000):
    fn()
    values = [t / number * 1e9 for t in timeit.repeat(fn, number=number, repeat=runs)]
    return {"median": statistics.median(values), "values": values}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--quick", action="store_true")
    args = p.parse_args()
    runs = args.runs
    big = 1024 if args.quick else 4096
    r = {}

    def rnd(seed, shape):
        return np.random.default_rng(seed).random(shape) - 0.5

    log("numpy", np.__version__, "linear algebra")
    a = rnd(1, (1024, 1024)); b = rnd(2, (1024, 1024))
    r["matmul_1024"] = ms(lambda: a @ b, runs)
    A = rnd(3, (big, big)); B = rnd(4, (big, big))
    r["matmul_4096"] = ms(lambda: A @ B, max(3, runs // 2))
    del A, B
    s = rnd(5, (2000, 2000)); v = rnd(6, (2000,))
    r["solve_2000"] = ms(lambda: np.linalg.solve(s, v), runs)
    m = rnd(7, (1000, 1000))
    r["svd_1000"] = ms(lambda: np.linalg.svd(m), runs)
    sym = m + m.T
    r["eigh_1000"] = ms(lambda: np.linalg.eigh(sym), runs)
    for n in (4, 8):
        x = rnd(10 + n, (n, n)) + n * np.eye(n); y = rnd(20 + n, (n,))
        r[f"solve_{n}"] = ns(lambda: np.linalg.solve(x, y), runs)
        r[f"inv_{n}"] = ns(lambda: np.linalg.inv(x), runs)
        r[f"det_{n}"] = ns(lambda: np.linalg.det(x), runs)

    log("fft")
    n = 1 << 20
    c = rnd(30, (n,)) + 1j * rnd(31, (n,))
    re = rnd(32, (n,))
    prime = 999983
    rp = rnd(33, (prime,))
    side = 1024 if args.quick else 2048
    m2 = rnd(34, (side, side)) + 1j * rnd(35, (side, side))
    r["first_fft_1m"] = first_ms(lambda: np.fft.fft(c))
    r["first_rfft_1m"] = first_ms(lambda: np.fft.rfft(re))
    r["first_rfft_prime"] = first_ms(lambda: np.fft.rfft(rp))
    r["first_fft2_2048"] = first_ms(lambda: np.fft.fft2(m2))
    r["fft_1m"] = ms(lambda: np.fft.fft(c), runs)
    r["rfft_1m"] = ms(lambda: np.fft.rfft(re), runs)
    r["rfft_prime"] = ms(lambda: np.fft.rfft(rp), runs)
    r["fft2_2048"] = ms(lambda: np.fft.fft2(m2), runs)
    print(json.dumps({"numpy": np.__version__, "python": sys.version.split()[0], "results": r}))


if __name__ == "__main__":
    main()
