#!/usr/bin/env python3
"""SciPy peer for the Swift benchmark `swarm bench science`.

Prints one JSON object on stdout; progress goes to stderr. The integrands
are the same functions as in Sources/swarm/Bench/ScienceBench.swift,
written the way a SciPy user writes them (Python callables on floats).

Keys of "results" (each with "median" and "values", microseconds per call):
    quad_smooth quad_oscillating quad_sqrt quad_log quad_infinite quad_points
    quad_set     (one call of each of the six above, in sequence)
    dblquad      a double integral over a triangle
    min_bfgs min_bfgs_fd min_lbfgsb min_nm   minimize Rosenbrock from (-1.2, 1)
    ivp_*        solve_ivp on Lorenz (RK45) and Robertson (BDF, Radau; with and without jac)
    min_de       differential_evolution on Ackley, rng=7
    lp_small     linprog, SciPy's documentation example (2 variables)
    lp_dense     linprog, 100 inequality rows × 150 variables in [0, 1] (sin/cos data)
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
    from scipy.optimize import minimize, rosen, rosen_der, differential_evolution
    log(f"scipy {scipy.__version__}: optimize")
    x0 = np.array([-1.2, 1.0])

    def ackley(x):
        return (-20 * np.exp(-0.2 * np.sqrt(0.5 * (x[0] ** 2 + x[1] ** 2)))
                - np.exp(0.5 * (np.cos(2 * np.pi * x[0]) + np.cos(2 * np.pi * x[1]))) + np.e + 20)

    minimizers = {
        "min_bfgs": lambda: minimize(rosen, x0, method="BFGS", jac=rosen_der),
        "min_bfgs_fd": lambda: minimize(rosen, x0, method="BFGS"),
        "min_lbfgsb": lambda: minimize(rosen, x0, method="L-BFGS-B", jac=rosen_der),
        "min_nm": lambda: minimize(rosen, x0, method="Nelder-Mead"),
        "min_de": lambda: differential_evolution(ackley, [(-5, 5), (-5, 5)], rng=7),
    }
    for key, f in minimizers.items():
        r = f()
        results[key] = us(f, args.runs, max(number // (200 if key == "min_de" else 20), 1))
        results[key]["nit"], results[key]["nfev"], results[key]["fun"] = int(r.nit), int(r.nfev), float(r.fun)
    from scipy.optimize import linprog
    log(f"scipy {scipy.__version__}: linprog")
    m, n = 100, 150
    i, j = np.arange(m)[:, None], np.arange(n)[None, :]
    A = np.sin(0.7 * i + 1.3 * j + 0.1 * i * j)
    b = A @ (0.5 + 0.4 * np.cos(np.arange(n))) + 1
    c = np.cos(2.1 * np.arange(n) + 0.3)
    lps = {
        "lp_small": lambda: linprog([-1, 4], A_ub=[[-3, 1], [1, 2]], b_ub=[6, 4], bounds=[(None, None), (-3, None)]),
        "lp_dense": lambda: linprog(c, A_ub=A, b_ub=b, bounds=(0, 1)),
    }
    for key, f in lps.items():
        r = f()
        results[key] = us(f, args.runs, max(number // (50 if key == "lp_dense" else 5), 2))
        results[key]["nit"], results[key]["fun"] = int(r.nit), float(r.fun)
    from scipy.integrate import solve_ivp
    log(f"scipy {scipy.__version__}: solve_ivp")

    def lorenz(t, y):
        return [10 * (y[1] - y[0]), y[0] * (28 - y[2]) - y[1], y[0] * y[1] - 8 / 3 * y[2]]

    def rob(t, y):
        return [-0.04 * y[0] + 1e4 * y[1] * y[2],
                0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] ** 2,
                3e7 * y[1] ** 2]

    def rob_jac(t, y):
        return [[-0.04, 1e4 * y[2], 1e4 * y[1]],
                [0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1]],
                [0, 6e7 * y[1], 0]]

    stiff = dict(rtol=1e-6, atol=1e-10)
    odes = {
        "ivp_lorenz_rk45": lambda: solve_ivp(lorenz, (0, 20), [1.0, 1.0, 1.0]),
        "ivp_lorenz_rk45_array": lambda: solve_ivp(lorenz, (0, 20), [1.0, 1.0, 1.0]),
        "ivp_robertson_bdf": lambda: solve_ivp(rob, (0, 1e5), [1.0, 0, 0], method="BDF", **stiff),
        "ivp_robertson_bdf_jac": lambda: solve_ivp(rob, (0, 1e5), [1.0, 0, 0], method="BDF", jac=rob_jac, **stiff),
        "ivp_robertson_radau": lambda: solve_ivp(rob, (0, 1e5), [1.0, 0, 0], method="Radau", **stiff),
        "ivp_robertson_radau_jac": lambda: solve_ivp(rob, (0, 1e5), [1.0, 0, 0], method="Radau", jac=rob_jac, **stiff),
    }
    for key, f in odes.items():
        r = f()
        results[key] = us(f, args.runs, 2 if args.quick else 5)
        for field in ("nfev", "njev", "nlu"):
            results[key][field] = int(getattr(r, field))
        results[key]["steps"] = len(r.t)
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
