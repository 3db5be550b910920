#!/usr/bin/env python3
"""SciPy peer for the Swift benchmark `swarm bench science`.

Prints one JSON object on stdout; progress goes to stderr. The integrands
are the same functions as in Sources/swarm/Bench/ScienceBench.swift,
written the way a SciPy user writes them (Python callables on floats).

Keys of "results" (each with "median" and "values", microseconds per call):
    quad_smooth quad_oscillating quad_sqrt quad_log quad_infinite quad_points
    quad_set     (one call of each of the six above, in sequence)
    dblquad      a double integral over a triangle
    spline_1m    CubicSpline of 1000 knots built, then evaluated at 10^6 points (milliseconds)

Usage: python3 science_peer.py [--runs N] [--quick]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import timeit

import numpy as np
import scipy
from scipy import integrate


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def us(fn, runs, number):
    fn()
    values = [t / number * 1e6 for t in timeit.repeat(fn, number=number, repeat=runs)]
    return {"median": statistics.median(values), "values": values}


QUADS = {
    "quad_smooth": lambda: integrate.quad(lambda x: math.exp(-x * x) * math.cos(3 * x), 0, 2),
    "quad_oscillating": lambda: integrate.quad(lambda x: math.cos(30 * x) * x, 0, math.pi),
    "quad_sqrt": lambda: integrate.quad(lambda x: 1 / math.sqrt(x), 0, 1),
    "quad_log": lambda: integrate.quad(lambda x: math.log(x) / math.sqrt(x), 0, 1),
    "quad_infinite": lambda: integrate.quad(lambda x: math.exp(-x * x), -math.inf, math.inf),
    "quad_points": lambda: integrate.quad(lambda x: abs(x - 1 / 3), 0, 1, points=[1 / 3]),
}


def quad_set():
    for f in QUADS.values():
        f()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--quick", action="store_true")
    args = p.parse_args()
    number = 200 if args.quick else 1000
    log(f"scipy {scipy.__version__}: integrate")
    results = {key: us(f, args.runs, number) for key, f in QUADS.items()}
    results["quad_set"] = us(quad_set, args.runs, number // 4)
    results["dblquad"] = us(lambda: integrate.dblquad(lambda y, x: x * y * math.exp(-x - y), 0, 2,
                                                       lambda x: 0, lambda x: x),
                            args.runs, max(number // 100, 3))
    from scipy.interpolate import CubicSpline
    knots = np.linspace(0, 10, 1000)
    values = np.sin(knots) + 0.1 * knots
    points = np.linspace(-0.5, 10.5, 200_000 if args.quick else 1_000_000)

    def spline():
        return CubicSpline(knots, values)(points)[0]

    spline()
    times = [timeit.timeit(spline, number=1) * 1e3 for _ in range(args.runs)]
    results["spline_1m"] = {"median": statistics.median(times), "values": times}
    print(json.dumps({
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "results": results,
    }))


if __name__ == "__main__":
    main()
