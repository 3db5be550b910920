#!/usr/bin/env python3
"""Python peer for the Swift benchmark `swarm bench pool`.

The Swift side runs this script as a subprocess and reads exactly one JSON
object from its stdout.  Everything else (progress, diagnostics) goes to
stderr.

Usage:
    python3 pool_peer.py [--runs N] [--workers W] [--quick]

Every benchmark is repeated N times; the JSON reports the median together
with the list of per-run values.  Pools are created (and warmed up) outside
the timed regions, so pool start-up cost is never measured.

Benchmarks (keys of "results"):
    map_trivial              pool.map(square, range(M), chunksize=1000)   items/s
    map_trivial_auto         pool.map(square, range(M))  (auto chunksize)  items/s
    apply_async_batch        10**4 apply_async + get()                     tasks/s
    apply_roundtrip          one pool.apply() round trip (median of 2000)  us
    threadpool_map_trivial   ThreadPoolExecutor(W).map over 10**5 items    items/s
    threadpool_submit_batch  10**4 executor.submit + result()              tasks/s
    cpu_bound                Pool(1) vs Pool(W) on a pure-Python prime count
    crash_report             does a task whose worker dies ever get an error?

M is 10**6 normally and 10**5 with --quick.

Standard library only; Python 3.11.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import multiprocessing
import os
import platform
import signal
import statistics
import sys
import time
from typing import Callable

# ---------------------------------------------------------------------------
# Worker functions.  They must live at module level so that they can be
# pickled by reference and sent to the pool's worker processes.
# ---------------------------------------------------------------------------


def square(x: int) -> int:
    """The trivial task: almost all measured time is pool overhead."""
    return x * x


def count_primes(limit: int) -> int:
    """Count primes below `limit` by trial division with odd divisors.

    Deliberately written as plain Python loops so that it is CPU bound and
    holds the GIL; the same function is used for the 1-worker and W-worker
    pools.
    """
    count = 0
    for n in range(2, limit):
        if n < 4:  # 2 and 3
            count += 1
            continue
        if n % 2 == 0:
            continue
        d = 3
        is_prime = True
        while d * d <= n:
            if n % d == 0:
                is_prime = False
                break
            d += 2
        if is_prime:
            count += 1
    return count


def die() -> None:
    """Kill the worker process that runs this task, without any cleanup.

    os._exit(1) is used rather than os.abort() so that no core dump is left
    behind; from the pool's point of view both are an abrupt worker death.
    """
    os._exit(1)


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

# Overall wall-clock guard (seconds).  The defaults finish in well under
# 90 s on a 2-core machine; this only fires if something hangs.
HARD_LIMIT_S = 600


class Watchdog(Exception):
    """Raised from the SIGALRM handler when the hard overall limit expires."""


def _on_alarm(signum, frame):  # noqa: ARG001 (signal handler signature)
    raise Watchdog(f"hard limit of {HARD_LIMIT_S} s exceeded")


def log(msg: str) -> None:
    """Progress output: stderr only, stdout is reserved for the JSON."""
    print(f"[pool_peer] {msg}", file=sys.stderr, flush=True)


def repeat(runs: int, once: Callable[[], float]) -> list[float]:
    """Call `once` `runs` times and collect the value each call returns."""
    return [once() for _ in range(runs)]


def summary(unit: str, values: list[float], **extra) -> dict:
    """Standard result record: unit, median and the per-run values."""
    return {"unit": unit, "median": statistics.median(values),
            "values": values, **extra}


def rate(n: int, fn: Callable[[], object]) -> float:
    """Run `fn` once and return n / elapsed seconds."""
    t0 = time.perf_counter()
    fn()
    return n / (time.perf_counter() - t0)


def warm_up(pool) -> None:
    """Make sure every worker has started and imported what it needs."""
    pool.map(square, range(1000), chunksize=1)


# ---------------------------------------------------------------------------
# Benchmarks.  Each returns the dict stored under its key in "results".
# ---------------------------------------------------------------------------


def bench_map(ctx, workers: int, runs: int, n: int, chunksize: int | None) -> dict:
    """pool.map over range(n) with an explicit or the default chunksize."""
    kwargs = {} if chunksize is None else {"chunksize": chunksize}
    with ctx.Pool(workers) as pool:
        warm_up(pool)
        values = repeat(runs, lambda: rate(
            n, lambda: pool.map(square, range(n), **kwargs)))
    return summary("items/s", values, items=n,
                   chunksize=chunksize if chunksize is not None else "default")


def bench_apply_async_batch(ctx, workers: int, runs: int, n: int) -> dict:
    """Submit n apply_async tasks, then get() every result."""
    def once():
        results = [pool.apply_async(square, (i,)) for i in range(n)]
        for r in results:
            r.get()

    with ctx.Pool(workers) as pool:
        warm_up(pool)
        values = repeat(runs, lambda: rate(n, once))
    return summary("tasks/s", values, tasks=n)


def bench_apply_roundtrip(ctx, workers: int, runs: int,
                          calls: int, warmups: int) -> dict:
    """Latency of one blocking pool.apply(); per run the median of `calls`."""
    def once():
        for _ in range(warmups):
            pool.apply(square, (3,))
        samples = []
        for _ in range(calls):
            t0 = time.perf_counter()
            pool.apply(square, (3,))
            samples.append((time.perf_counter() - t0) * 1e6)
        return statistics.median(samples)

    with ctx.Pool(workers) as pool:
        warm_up(pool)
        values = repeat(runs, once)
    return summary("us", values, calls_per_run=calls, warmups_per_run=warmups)


def bench_threadpool_map(workers: int, runs: int, n: int) -> dict:
    """ThreadPoolExecutor.map: one Future per item, hence the smaller n."""
    with concurrent.futures.ThreadPoolExecutor(workers) as ex:
        list(ex.map(square, range(1000)))  # start the threads
        values = repeat(runs, lambda: rate(
            n, lambda: list(ex.map(square, range(n)))))
    return summary("items/s", values, items=n)


def bench_threadpool_submit(workers: int, runs: int, n: int) -> dict:
    """Submit n tasks to a ThreadPoolExecutor, then result() every future."""
    def once():
        futures = [ex.submit(square, i) for i in range(n)]
        for f in futures:
            f.result()

    with concurrent.futures.ThreadPoolExecutor(workers) as ex:
        list(ex.map(square, range(1000)))  # start the threads
        values = repeat(runs, lambda: rate(n, once))
    return summary("tasks/s", values, tasks=n)


def bench_cpu_bound(ctx, workers: int, runs: int, items: int, limit: int) -> dict:
    """Same CPU-bound work on Pool(1) and Pool(W); speedup = t1 / tW."""
    def timed(pool) -> float:
        t0 = time.perf_counter()
        pool.map(count_primes, [limit] * items)
        return time.perf_counter() - t0

    with ctx.Pool(1) as one, ctx.Pool(workers) as many:
        warm_up(one)
        warm_up(many)
        one_values, many_values = [], []
        for _ in range(runs):  # interleave so drift affects both equally
            one_values.append(timed(one))
            many_values.append(timed(many))

    one_s = statistics.median(one_values)
    many_s = statistics.median(many_values)
    return {"unit": "s", "one_worker_s": one_s, "workers_s": many_s,
            "speedup": one_s / many_s, "one_worker_values": one_values,
            "workers_values": many_values, "items": items, "limit": limit}


def bench_crash_report(ctx, workers: int, timeout_s: float) -> dict:
    """Kill the worker running a task and see whether get() reports it.

    multiprocessing.Pool silently replaces a dead worker and the lost task's
    result never arrives, so get(timeout) is expected to raise TimeoutError
    ("not reported").  Any other exception counts as a report.  The pool is
    terminate()d afterwards in every case, so this never hangs the script.
    """
    pool = ctx.Pool(workers)
    try:
        warm_up(pool)
        t0 = time.perf_counter()
        result = pool.apply_async(die)
        try:
            result.get(timeout=timeout_s)
            # Not expected: the task "succeeded" although its worker died.
            return {"reported": True, "latency_ms": (time.perf_counter() - t0) * 1e3,
                    "error": None}
        except multiprocessing.TimeoutError:
            return {"reported": False, "waited_s": timeout_s}
        except Exception as exc:  # noqa: BLE001 (any error is a report)
            return {"reported": True, "latency_ms": (time.perf_counter() - t0) * 1e3,
                    "error": f"{type(exc).__name__}: {exc}"}
    finally:
        pool.terminate()
        pool.join()


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5,
                        help="repetitions per benchmark (default 5)")
    parser.add_argument("--workers", type=int, default=2,
                        help="worker processes/threads (default 2)")
    parser.add_argument("--quick", action="store_true",
                        help="smaller problem sizes, shorter crash timeout")
    args = parser.parse_args()
    if args.runs < 1 or args.workers < 1:
        parser.error("--runs and --workers must be >= 1")

    runs, workers = args.runs, args.workers
    map_items = 10**5 if args.quick else 10**6
    cpu_items, cpu_limit = (4, 50_000) if args.quick else (8, 200_000)
    crash_timeout_s = 2.0 if args.quick else 5.0
    batch_tasks = 10**4
    thread_map_items = 10**5

    # Default start method of the platform (fork on Linux with Python 3.11).
    ctx = multiprocessing.get_context()

    notes = [
        f"start method: {ctx.get_start_method()}",
        "pools are created and warmed up outside the timed regions",
        f"threadpool_map_trivial always uses {thread_map_items} items "
        "(map_trivial uses 10**6 without --quick) because "
        "ThreadPoolExecutor.map creates one Future per item and is slow",
        "apply_roundtrip: each run's value is the median of 2000 timed "
        "pool.apply calls after 100 warm-ups",
        f"cpu_bound: count_primes({cpu_limit}) by trial division in plain "
        f"Python, {cpu_items} items; speedup = median 1-worker time / "
        f"median {workers}-worker time",
        "crash_report: the task calls os._exit(1) in the worker; "
        "reported=false means get() only raised TimeoutError",
    ]

    # name -> zero-argument callable producing that benchmark's result.
    benchmarks: dict[str, Callable[[], dict]] = {
        "map_trivial": lambda: bench_map(ctx, workers, runs, map_items, 1000),
        "map_trivial_auto": lambda: bench_map(ctx, workers, runs, map_items, None),
        "apply_async_batch": lambda: bench_apply_async_batch(
            ctx, workers, runs, batch_tasks),
        "apply_roundtrip": lambda: bench_apply_roundtrip(
            ctx, workers, runs, calls=2000, warmups=100),
        "threadpool_map_trivial": lambda: bench_threadpool_map(
            workers, runs, thread_map_items),
        "threadpool_submit_batch": lambda: bench_threadpool_submit(
            workers, runs, batch_tasks),
        "cpu_bound": lambda: bench_cpu_bound(
            ctx, workers, runs, cpu_items, cpu_limit),
        "crash_report": lambda: bench_crash_report(ctx, workers, crash_timeout_s),
    }

    # Hard overall guard: if anything hangs, SIGALRM raises Watchdog in the
    # main thread, the current benchmark is recorded as failed, the rest are
    # skipped, and the JSON is still printed.  (Forked children do not
    # inherit pending alarms.)
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(HARD_LIMIT_S)

    started = time.perf_counter()
    results: dict[str, dict] = {}
    status = 0
    for name, bench in benchmarks.items():
        log(f"{name} ...")
        t0 = time.perf_counter()
        try:
            results[name] = bench()
        except Watchdog as exc:
            results[name] = {"error": str(exc)}
            status = 1
            break
        except Exception as exc:  # noqa: BLE001 (keep going, report it)
            results[name] = {"error": f"{type(exc).__name__}: {exc}"}
            status = 1
        log(f"{name} done in {time.perf_counter() - t0:.2f} s")
    signal.alarm(0)

    output = {
        "python": platform.python_version(),
        "workers": workers,
        "runs": runs,
        "quick": args.quick,
        "start_method": ctx.get_start_method(),
        "cpu_count": os.cpu_count(),
        "total_s": time.perf_counter() - started,
        "results": results,
        "notes": notes,
    }
    json.dump(output, sys.stdout)
    sys.stdout.write("\n")
    sys.stdout.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
