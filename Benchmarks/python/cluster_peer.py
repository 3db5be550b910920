#!/usr/bin/env python3
"""Python peer for the Swift benchmark `swarm bench cluster`.

The Swift side runs this script as a subprocess and reads exactly one JSON
object from its stdout.  Everything else (progress, diagnostics, library
logs) goes to stderr: file descriptor 1 is pointed at stderr while the
benchmarks run, so even the engines, workers and MPI ranks started from here
cannot write on the JSON channel.

Usage:
    python3 cluster_peer.py [--runs N] [--quick]

Every measurement uses 2 engines/workers, is preceded by one untimed
warm-up of the same measurement and is then repeated N times; the JSON
reports the median together with the list of per-run values.  Cluster
start-up and shut-down are never timed.

Benchmarks (keys of "results"):
    ipp_throughput      ipyparallel load_balanced_view: T x apply_async(noop),
                        then wait for all                            tasks/s
    ipp_roundtrip       one view.apply_sync(noop); per run the median
                        of 200 calls                                 us
    ipp_scatter_gather  rc[:].scatter('a', arr) + gather('a') of E float64;
                        2 * 8E bytes / seconds                       GB/s
                        (also "seconds": per-run seconds, "elements": E)
    dask_throughput     dask.distributed LocalCluster(2 procs x 1 thread):
                        T x client.submit(noop, i, pure=False), then
                        client.gather                                tasks/s
    dask_roundtrip      one client.submit(noop, i, pure=False).result();
                        per run the median of 200 calls              us
    mpi_throughput      mpi4py.futures.MPIPoolExecutor with 2 worker ranks
                        (mpiexec -n 3: 1 master + 2 workers): T x submit,
                        then result() all                            tasks/s
    memcpy              np.copyto(dst, src) of 10**8 float64 (800 MB);
                        bytes copied / seconds (loopback reference)  GB/s

T is 10**4 normally and 10**3 with --quick; E is 10**8 normally and 10**6
with --quick.  GB means 10**9 bytes.

A benchmark that cannot run (library missing, Open MPI missing, error,
timeout) is left out of "results" and explained under "problems"; the
script always prints its JSON and never hangs (per-section SIGALRM guard,
subprocess timeout for MPI, guarded shut-down).

Output:
    {"python": "3.11.7", "versions": {lib: version, ...},
     "results": {key: {"unit": ..., "median": x, "values": [...], ...}},
     "problems": {key: "why it could not run"}, ...}

Tested with (CI installs exactly these):
    Python 3.11.7
    pip install ipyparallel==9.2.0 "dask[distributed]==2026.8.0" \
        distributed==2026.8.0 mpi4py==4.1.2 numpy==2.4.6
    Open MPI 4.1.4 (Debian: apt-get install libopenmpi-dev openmpi-bin)
As root, Open MPI needs OMPI_ALLOW_RUN_AS_ROOT=1 and
OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; the script sets both for its mpiexec.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import time
import warnings
from typing import Callable

ENGINES = 2
ROUNDTRIP_CALLS = 200
ROUNDTRIP_WARMUPS = 20
MEMCPY_ELEMENTS = 10**8  # 800 MB of float64

# Wall-clock guards (seconds).  On a 2-core machine one full-size run of
# ipp_throughput or dask_throughput takes about 40 s; the limits leave a
# wide margin and only fire on a hang.  Per measurement (warm-up + runs):
#     limit = START + PER_RUN * (runs + 1)
# and the whole script gets HARD_LIMIT_MEASUREMENTS such limits.
START_LIMIT_S = 60
PER_RUN_LIMIT_S = 90
QUICK_PER_RUN_LIMIT_S = 20
CLEANUP_LIMIT_S = 30
HARD_LIMIT_MEASUREMENTS = 8


# ---------------------------------------------------------------------------
# Task functions.  Module level so that every backend can send them.
# ---------------------------------------------------------------------------


def noop(x=None):
    """The trivial task: all measured time is scheduling/transport overhead."""
    return x


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


class Watchdog(Exception):
    """Raised from the SIGALRM handler when a time limit expires."""


def _on_alarm(signum, frame):  # noqa: ARG001 (signal handler signature)
    raise Watchdog("time limit exceeded")


class guard:
    """Context manager: raise Watchdog in the main thread after `seconds`.

    Restores the previous (outer) alarm on exit, so sections nest inside
    the overall hard limit.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __enter__(self):
        self.deadline_outer = _alarm_deadline[0]
        self.deadline = time.monotonic() + self.seconds
        if self.deadline_outer is not None:
            self.deadline = min(self.deadline, self.deadline_outer)
        _set_alarm(self.deadline)
        return self

    def __exit__(self, *exc):
        _set_alarm(self.deadline_outer)
        return False


_alarm_deadline: list = [None]


def _set_alarm(deadline: float | None) -> None:
    _alarm_deadline[0] = deadline
    if deadline is None:
        signal.setitimer(signal.ITIMER_REAL, 0)
    else:
        signal.setitimer(signal.ITIMER_REAL,
                         max(deadline - time.monotonic(), 0.001))


def log(msg: str) -> None:
    """Progress output: stderr only, stdout is reserved for the JSON."""
    print(f"[cluster_peer] {msg}", file=sys.stderr, flush=True)


def summary(unit: str, values: list[float], **extra) -> dict:
    """Standard result record: unit, median and the per-run values."""
    return {"unit": unit, "median": statistics.median(values),
            "values": values, **extra}


def measure(runs: int, once: Callable[[], float]) -> list[float]:
    """One untimed warm-up call of `once`, then `runs` recorded calls."""
    once()
    return [once() for _ in range(runs)]


def rate(n: int, fn: Callable[[], object]) -> float:
    """Run `fn` once and return n / elapsed seconds."""
    t0 = time.perf_counter()
    fn()
    return n / (time.perf_counter() - t0)


def median_latency_us(call: Callable[[], object], calls: int,
                      warmups: int) -> float:
    """Median wall time of `call` in microseconds over `calls` calls."""
    for _ in range(warmups):
        call()
    samples = []
    for _ in range(calls):
        t0 = time.perf_counter()
        call()
        samples.append((time.perf_counter() - t0) * 1e6)
    return statistics.median(samples)


def describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= 500 else text[:497] + "..."



def run_measurement(key: str, fn: Callable[[], dict], limit_s: float,
                    results: dict, problems: dict) -> None:
    """Runs one measurement under a time limit; its result or its problem is recorded."""
    log(f"{key} ...")
    t0 = time.perf_counter()
    try:
        with guard(limit_s):
            results[key] = fn()
    except Exception as exc:  # noqa: BLE001 (includes Watchdog)
        problems[key] = describe(exc)
    log(f"{key} done in {time.perf_counter() - t0:.2f} s")

def quiet_logs() -> None:
    """Keep the libraries' loggers at ERROR (they log to stderr anyway).

    dask configures its loggers from its config when first imported (also
    in the worker processes), hence the environment variable.
    """
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")
    warnings.filterwarnings("ignore")
    logging.basicConfig(stream=sys.stderr, level=logging.ERROR)
    for name in ("ipyparallel", "distributed", "dask", "tornado",
                 "asyncio", "traitlets"):
        logging.getLogger(name).setLevel(logging.ERROR)


# ---------------------------------------------------------------------------
# ipyparallel
# ---------------------------------------------------------------------------


def bench_ipp(runs: int, tasks: int, elements: int, limit_s: float,
              results: dict, problems: dict) -> None:
    """ipp_throughput, ipp_roundtrip and ipp_scatter_gather on one cluster."""
    keys = ("ipp_throughput", "ipp_roundtrip", "ipp_scatter_gather")
    try:
        import ipyparallel as ipp
        import numpy as np
    except Exception as exc:  # noqa: BLE001
        for key in keys:
            problems[key] = f"import failed: {describe(exc)}"
        return

    cluster = rc = None
    try:
        with guard(limit_s):
            cluster = ipp.Cluster(n=ENGINES, log_level=logging.ERROR)
            rc = cluster.start_and_connect_sync()
            rc.wait_for_engines(ENGINES, timeout=60)
        log(f"ipyparallel: {len(rc.ids)} engines up")
    except Exception as exc:  # noqa: BLE001 (includes Watchdog)
        for key in keys:
            problems[key] = f"cluster start failed: {describe(exc)}"
        _stop_ipp(cluster, rc)
        return

    try:
        view = rc.load_balanced_view()

        def run(key: str, fn: Callable[[], dict]) -> None:
            run_measurement(key, fn, limit_s, results, problems)

        def throughput() -> dict:
            def once() -> float:
                t0 = time.perf_counter()
                ars = [view.apply_async(noop) for _ in range(tasks)]
                view.wait(ars)
                elapsed = time.perf_counter() - t0
                for ar in ars:
                    ar.get()  # raise if any task failed
                rc.purge_everything()  # keep client/hub caches small
                return tasks / elapsed
            return summary("tasks/s", measure(runs, once), tasks=tasks)

        def roundtrip() -> dict:
            def once() -> float:
                value = median_latency_us(lambda: view.apply_sync(noop),
                                          ROUNDTRIP_CALLS, ROUNDTRIP_WARMUPS)
                rc.purge_everything()
                return value
            return summary("us", measure(runs, once),
                           calls_per_run=ROUNDTRIP_CALLS,
                           warmups_per_run=ROUNDTRIP_WARMUPS)

        def scatter_gather() -> dict:
            dview = rc[:]
            arr = np.arange(elements, dtype=np.float64)
            nbytes = arr.nbytes
            seconds: list[float] = []

            def once() -> float:
                t0 = time.perf_counter()
                dview.scatter("a", arr, block=True)
                back = dview.gather("a", block=True)
                elapsed = time.perf_counter() - t0
                if back.shape != arr.shape or back[-1] != arr[-1]:
                    raise RuntimeError("gather returned different data")
                del back
                dview.execute("del a", block=True)
                rc.purge_everything()
                seconds.append(elapsed)
                return 2 * nbytes / elapsed / 1e9

            values = measure(runs, once)
            seconds = seconds[1:]  # drop the warm-up
            return summary("GB/s", values, elements=elements,
                           bytes=nbytes, seconds=seconds,
                           seconds_median=statistics.median(seconds))

        run("ipp_throughput", throughput)
        run("ipp_roundtrip", roundtrip)
        run("ipp_scatter_gather", scatter_gather)
    finally:
        _stop_ipp(cluster, rc)


def _stop_ipp(cluster, rc) -> None:
    """Close the client and stop controller + engines, never hanging."""
    try:
        with guard(CLEANUP_LIMIT_S):
            if rc is not None:
                rc.close()
            if cluster is not None:
                cluster.stop_cluster_sync()
    except Exception as exc:  # noqa: BLE001
        log(f"ipyparallel shut-down: {describe(exc)}")


# ---------------------------------------------------------------------------
# dask.distributed
# ---------------------------------------------------------------------------


def bench_dask(runs: int, tasks: int, limit_s: float,
               results: dict, problems: dict) -> None:
    """dask_throughput and dask_roundtrip on one LocalCluster."""
    keys = ("dask_throughput", "dask_roundtrip")
    try:
        from dask.distributed import Client, LocalCluster
    except Exception as exc:  # noqa: BLE001
        for key in keys:
            problems[key] = f"import failed: {describe(exc)}"
        return

    cluster = client = None
    try:
        with guard(limit_s):
            cluster = LocalCluster(n_workers=ENGINES, threads_per_worker=1,
                                   processes=True, dashboard_address=None,
                                   scheduler_kwargs={"dashboard": False},
                                   silence_logs=logging.ERROR)
            client = Client(cluster)
            client.wait_for_workers(ENGINES, timeout=60)
        log(f"dask: {len(client.scheduler_info()['workers'])} workers up")
    except Exception as exc:  # noqa: BLE001 (includes Watchdog)
        for key in keys:
            problems[key] = f"cluster start failed: {describe(exc)}"
        _stop_dask(cluster, client)
        return

    counter = [0]  # distinct arguments across all runs

    def next_i() -> int:
        counter[0] += 1
        return counter[0]

    try:
        def run(key: str, fn: Callable[[], dict]) -> None:
            run_measurement(key, fn, limit_s, results, problems)

        def throughput() -> dict:
            def once() -> float:
                t0 = time.perf_counter()
                futures = [client.submit(noop, next_i(), pure=False)
                           for _ in range(tasks)]
                client.gather(futures)
                elapsed = time.perf_counter() - t0
                del futures
                return tasks / elapsed
            return summary("tasks/s", measure(runs, once), tasks=tasks)

        def roundtrip() -> dict:
            def once() -> float:
                return median_latency_us(
                    lambda: client.submit(noop, next_i(), pure=False).result(),
                    ROUNDTRIP_CALLS, ROUNDTRIP_WARMUPS)
            return summary("us", measure(runs, once),
                           calls_per_run=ROUNDTRIP_CALLS,
                           warmups_per_run=ROUNDTRIP_WARMUPS)

        run("dask_throughput", throughput)
        run("dask_roundtrip", roundtrip)
    finally:
        _stop_dask(cluster, client)


def _stop_dask(cluster, client) -> None:
    try:
        with guard(CLEANUP_LIMIT_S):
            if client is not None:
                client.close(timeout=10)
            if cluster is not None:
                cluster.close(timeout=10)
    except Exception as exc:  # noqa: BLE001
        log(f"dask shut-down: {describe(exc)}")


# ---------------------------------------------------------------------------
# mpi4py.futures
# ---------------------------------------------------------------------------


def mpi_child(runs: int, tasks: int) -> int:
    """Runs as rank 0 under `mpiexec -n 3 python3 -m mpi4py.futures`.

    Ranks 1 and 2 are the pool's workers.  Prints one JSON object on stdout
    (the parent captures it through a pipe).
    """
    import mpi4py
    from mpi4py import MPI
    from mpi4py.futures import MPIPoolExecutor

    with MPIPoolExecutor() as ex:
        def once() -> float:
            t0 = time.perf_counter()
            futures = [ex.submit(noop, i) for i in range(tasks)]
            for f in futures:
                f.result()
            return tasks / (time.perf_counter() - t0)

        ex.submit(noop).result()  # wait for the workers to be ready
        workers = getattr(ex, "num_workers", ENGINES)
        values = measure(runs, once)
    out = {"values": values, "workers": workers,
           "mpi4py": mpi4py.__version__,
           "mpi_library": MPI.Get_library_version().replace("\0", "")
                          .splitlines()[0].strip(),
           "mpi_vendor": "%s %d.%d.%d" % ((MPI.get_vendor()[0],)
                                          + tuple(MPI.get_vendor()[1]))}
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
    sys.stdout.flush()
    return 0


def bench_mpi(runs: int, tasks: int, limit_s: float, quick: bool,
              results: dict, problems: dict, versions: dict) -> None:
    key = "mpi_throughput"
    log(f"{key} ...")
    t_start = time.perf_counter()
    try:
        import mpi4py  # noqa: F401 (only to report a clear problem)
    except Exception as exc:  # noqa: BLE001
        problems[key] = f"import failed: {describe(exc)}"
        return
    mpiexec = shutil.which("mpiexec") or shutil.which("mpirun")
    if mpiexec is None:
        problems[key] = "mpiexec not found (Open MPI not installed?)"
        return

    env = dict(os.environ)
    env.setdefault("OMPI_ALLOW_RUN_AS_ROOT", "1")
    env.setdefault("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
    # Containers often forbid the ptrace-based single-copy path.
    env.setdefault("OMPI_MCA_btl_vader_single_copy_mechanism", "none")
    cmd = [mpiexec, "-n", str(ENGINES + 1)]
    probe = subprocess.run([mpiexec, "--version"], capture_output=True,
                           text=True, timeout=30)
    if "Open MPI" in probe.stdout + probe.stderr or "OpenRTE" in probe.stdout:
        cmd.append("--oversubscribe")
    cmd += [sys.executable, "-m", "mpi4py.futures", os.path.abspath(__file__),
            "--mpi-child", "--runs", str(runs)]
    if quick:
        cmd.append("--quick")

    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE,
                            stderr=None, stdin=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    try:
        stdout, _ = proc.communicate(timeout=limit_s)
    except BaseException as exc:  # TimeoutExpired, Watchdog, ...
        _kill_group(proc)
        problems[key] = (f"mpiexec timed out after {limit_s} s"
                         if isinstance(exc, subprocess.TimeoutExpired)
                         else describe(exc))
        return
    if proc.returncode != 0:
        problems[key] = f"mpiexec exited with {proc.returncode}"
        return
    try:
        child = json.loads(stdout.strip().splitlines()[-1])
    except Exception as exc:  # noqa: BLE001
        problems[key] = f"no JSON from the MPI child: {describe(exc)}"
        return
    versions["mpi4py"] = child["mpi4py"]
    versions["mpi"] = child["mpi_library"]
    results[key] = summary("tasks/s", child["values"], tasks=tasks,
                           workers=child["workers"],
                           launcher=" ".join(os.path.basename(c)
                                             if i == 0 else c
                                             for i, c in enumerate(cmd[:4])))
    log(f"{key} done in {time.perf_counter() - t_start:.2f} s")


def _kill_group(proc: subprocess.Popen) -> None:
    """SIGTERM then SIGKILL the process group started for mpiexec."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=5)
            return
        except subprocess.TimeoutExpired:
            continue


# ---------------------------------------------------------------------------
# memcpy reference
# ---------------------------------------------------------------------------


def bench_memcpy(runs: int) -> dict:
    import numpy as np
    src = np.arange(MEMCPY_ELEMENTS, dtype=np.float64)
    dst = np.empty_like(src)
    dst.fill(0.0)  # fault the pages in before timing

    def once() -> float:
        t0 = time.perf_counter()
        np.copyto(dst, src)
        return src.nbytes / (time.perf_counter() - t0) / 1e9

    values = measure(runs, once)
    return summary("GB/s", values, bytes=int(src.nbytes),
                   elements=MEMCPY_ELEMENTS)


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


def library_versions() -> dict:
    versions: dict[str, str] = {}
    for name in ("numpy", "ipyparallel", "dask", "distributed", "mpi4py",
                 "pyzmq"):
        try:
            if name == "pyzmq":
                import zmq
                versions[name] = zmq.__version__
            else:
                versions[name] = __import__(name).__version__
        except Exception:  # noqa: BLE001 (not installed: just absent)
            pass
    return versions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5,
                        help="repetitions per benchmark (default 5)")
    parser.add_argument("--quick", action="store_true",
                        help="10**3 tasks and 10**6-element scatter/gather")
    parser.add_argument("--mpi-child", action="store_true",
                        help=argparse.SUPPRESS)  # internal: rank 0 under mpiexec
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be >= 1")

    runs = args.runs
    tasks = 10**3 if args.quick else 10**4
    elements = 10**6 if args.quick else 10**8
    per_run_s = QUICK_PER_RUN_LIMIT_S if args.quick else PER_RUN_LIMIT_S
    limit_s = START_LIMIT_S + per_run_s * (runs + 1)

    if args.mpi_child:
        return mpi_child(runs, tasks)

    # Point fd 1 at stderr for the whole run (this process and everything it
    # starts); the JSON goes to a private duplicate of the real stdout.
    json_out = os.fdopen(os.dup(1), "w")
    sys.stdout.flush()
    os.dup2(2, 1)
    quiet_logs()

    signal.signal(signal.SIGALRM, _on_alarm)
    _set_alarm(time.monotonic() + HARD_LIMIT_MEASUREMENTS * limit_s)

    started = time.perf_counter()
    results: dict[str, dict] = {}
    problems: dict[str, str] = {}
    versions = library_versions()

    # (name, number of measurements, callable); each section's own guard
    # covers all of its measurements plus start-up and shut-down.
    sections: list[tuple[str, int, Callable[[], None]]] = [
        ("ipyparallel", 3, lambda: bench_ipp(runs, tasks, elements, limit_s,
                                             results, problems)),
        ("dask", 2, lambda: bench_dask(runs, tasks, limit_s,
                                       results, problems)),
        ("mpi", 1, lambda: bench_mpi(runs, tasks, limit_s, args.quick,
                                     results, problems, versions)),
        ("memcpy", 1, lambda: results.__setitem__("memcpy",
                                                  bench_memcpy(runs))),
    ]
    for name, measurements, section in sections:
        try:
            with guard((measurements + 1) * limit_s + 2 * CLEANUP_LIMIT_S):
                section()
        except Watchdog as exc:
            problems.setdefault(name if name == "memcpy" else name + "_section",
                                describe(exc))
        except Exception as exc:  # noqa: BLE001 (keep going, report it)
            problems.setdefault(name if name == "memcpy" else name + "_section",
                                describe(exc))
    _set_alarm(None)

    notes = [
        f"{ENGINES} engines/workers; cluster start-up and shut-down untimed",
        "each measurement: one untimed warm-up, then --runs recorded runs",
        f"roundtrip values: per-run median of {ROUNDTRIP_CALLS} calls "
        f"after {ROUNDTRIP_WARMUPS} warm-up calls",
        "ipp_scatter_gather: GB/s = 2 * array bytes / (scatter + gather s)",
        f"mpi_throughput: mpiexec -n {ENGINES + 1} python3 -m mpi4py.futures "
        "(rank 0 submits, the other ranks are the workers)",
        "memcpy: GB/s = bytes copied (800 MB) / s, single thread",
        "GB = 10**9 bytes",
    ]
    output = {
        "python": platform.python_version(),
        "versions": versions,
        "engines": ENGINES,
        "runs": runs,
        "quick": args.quick,
        "tasks": tasks,
        "cpu_count": os.cpu_count(),
        "total_s": time.perf_counter() - started,
        "results": results,
        "problems": problems,
        "notes": notes,
    }
    json.dump(output, json_out)
    json_out.write("\n")
    json_out.flush()
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
