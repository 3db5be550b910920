import Foundation
import Swarm

/// `swarm bench array`: SwarmArray's kernels against NumPy on the same data.
///
/// Both sides build their inputs from the same seeds (our `Generator` and
/// NumPy's `default_rng` give the same numbers) and time the same calls;
/// every result is used, so nothing is optimized away.
struct ArrayBench {
    var runs: Int
    var quick: Bool
    var python: String

    private var n: Int { quick ? 1_000_000 : 10_000_000 }
    private var side: Int { quick ? 1_264 : 4_000 }
    private let smallCalls = 20_000

    func run() throws -> BenchReport {
        // Files first, while the process holds nothing else (as the peer does).
        let npy = try measureNPY()
        benchProgress("swarm side: large ops on \(n) doubles, \(runs) runs, \(ForkJoin.parallelism) threads")
        var g0 = Generator(seed: 0)
        let a = g0.random(n), b = g0.random(n), c = g0.random(n)
        var g1 = Generator(seed: 1), g2 = Generator(seed: 2)
        let m = g1.random(side, side)
        let idx = g2.integers(0, n, n)

        var ours: [String: Double] = [:]
        ours["mul_add"] = milliseconds { first(a * b + c) }
        ours["sqrt"] = milliseconds { first(sqrt(a)) }
        ours["exp"] = milliseconds { first(exp(a)) }
        ours["sin"] = milliseconds { first(sin(a)) }
        ours["sum"] = milliseconds { a.sum() }
        ours["mean"] = milliseconds { a.mean() }
        ours["std"] = milliseconds { a.std() }
        ours["max"] = milliseconds { a.max() }
        ours["sum_axis0"] = milliseconds { first(m.sum(axis: 0)) }
        ours["sum_axis1"] = milliseconds { first(m.sum(axis: 1)) }
        ours["sort"] = milliseconds { first(a.sorted()) }
        ours["fancy"] = milliseconds { first(a[idx]) }
        ours["mask"] = milliseconds { first(a[a .> 0.5]) }
        let triad = streamTriad(a, b)

        benchProgress("small ops on 10 elements")
        let s = a[0..<10].copy(), t = b[0..<10].copy(), u = c[0..<10].copy()
        let s2 = m[0..<2, 0..<5].copy()
        ours["small_mul_add"] = nanoseconds { first(s * t + u) }
        ours["small_sqrt"] = nanoseconds { first(sqrt(s)) }
        ours["small_exp"] = nanoseconds { first(exp(s)) }
        ours["small_sin"] = nanoseconds { first(sin(s)) }
        ours["small_sum"] = nanoseconds { s.sum() }
        ours["small_mean"] = nanoseconds { s.mean() }
        ours["small_std"] = nanoseconds { s.std() }
        ours["small_max"] = nanoseconds { s.max() }
        ours["small_sum_axis0"] = nanoseconds { first(s2.sum(axis: 0)) }
        ours["small_sum_axis1"] = nanoseconds { first(s2.sum(axis: 1)) }

        benchProgress("python side: \(python) Benchmarks/python/array_peer.py")
        var arguments = ["--runs", "\(runs)"]
        if quick { arguments.append("--quick") }
        let (peerJSON, problem) = runPythonPeer(script: "array_peer.py", arguments: arguments, python: python)
        let results = peerJSON?["results"] as? [String: Any] ?? [:]
        func peer(_ key: String) -> Double? { (results[key] as? [String: Any])?["median"] as? Double }
        let numpy = "numpy \(peerJSON?["numpy"] as? String ?? "")"
        let missing = problem.map { "peer did not run: \($0)" }

        var rows: [BenchRow] = []
        func row(_ key: String, _ name: String, unit: String, target: Double?, note: String? = nil) {
            rows.append(BenchRow(benchmark: name, unit: unit, higherIsBetter: false, swarm: ours[key]!, peer: peer(key),
                                 peerName: numpy, target: target, runs: runs, note: missing ?? note))
        }
        let big = quick ? "1e6" : "1e7"
        row("mul_add", "a * b + c, \(big) doubles", unit: "ms", target: 2)
        let bytes = Double(4 * 8 * n)
        rows.append(BenchRow(benchmark: "a * b + c bandwidth vs stream triad", unit: "GB/s", higherIsBetter: true,
                             swarm: bytes / ours["mul_add"]! / 1e6, peer: triad, peerName: "stream triad (preallocated output)",
                             target: 0.8, runs: runs,
                             note: "32 bytes moved per element for a*b+c (3 reads, 1 write), 24 for the triad; numpy: \(peer("mul_add").map { String(format: "%.1f GB/s", bytes / $0 / 1e6) } ?? "n/a")"))
        row("sqrt", "sqrt, \(big) doubles", unit: "ms", target: 2)
        row("exp", "exp, \(big) doubles", unit: "ms", target: 2)
        row("sin", "sin, \(big) doubles", unit: "ms", target: 2)
        for key in ["sum", "mean", "std", "max"] { row(key, "\(key), \(big) doubles", unit: "ms", target: 1.5) }
        row("sum_axis0", "sum(axis: 0), \(side)²", unit: "ms", target: 1.5)
        row("sum_axis1", "sum(axis: 1), \(side)²", unit: "ms", target: 1.5)
        for key in ["mul_add", "sqrt", "exp", "sin", "sum", "mean", "std", "max"] {
            row("small_\(key)", "\(key == "mul_add" ? "a * b + c" : key), 10 elements", unit: "ns/call", target: 5)
        }
        row("small_sum_axis0", "sum(axis: 0), 2×5", unit: "ns/call", target: 5)
        row("small_sum_axis1", "sum(axis: 1), 2×5", unit: "ns/call", target: 5)
        row("sort", "sort, \(big) doubles", unit: "ms", target: 1)
        row("fancy", "a[indices], \(big) random indices", unit: "ms", target: 1)
        row("mask", "a[a > 0.5], \(big) doubles", unit: "ms", target: 1)
        ours["npy_save"] = npy.save
        ours["npy_load"] = npy.load
        ours["npy_save_peak_mb"] = npy.savePeak
        ours["npy_load_peak_mb"] = npy.loadPeak
        let mb = quick ? "80 MB" : "800 MB"
        row("npy_save", ".npy save, \(mb)", unit: "ms", target: 1)
        row("npy_load", ".npy load, \(mb)", unit: "ms", target: 1)
        row("npy_save_peak_mb", ".npy save, peak memory of the process", unit: "MB", target: 1,
            note: "the process's resident high-water mark during the call (Linux VmHWM, reset by clear_refs just before it), the \(mb) array included; ratio ≥ 1: no higher than NumPy's")
        row("npy_load_peak_mb", ".npy load, peak memory of the process", unit: "MB", target: 1)

        var versions: [String: String] = [:]
        if let v = peerJSON?["python"] as? String { versions["python"] = v }
        if let v = peerJSON?["numpy"] as? String { versions["numpy"] = v }
        return BenchReport(area: "array", machine: machineDescription(peerVersions: versions), rows: rows)
    }

    // MARK: - Measuring

    /// `.npy` save and load of 10^8 doubles (10^7 with --quick) in /tmp:
    /// median times, and the peak resident memory each call adds.
    private func measureNPY() throws -> (save: Double, load: Double, savePeak: Double, loadPeak: Double) {
        let count = quick ? 10_000_000 : 100_000_000
        benchProgress(".npy save/load of \(count * 8 / 1_000_000) MB")
        let path = "/tmp/swarm_bench_\(getpid()).npy"
        defer { unlink(path) }
        var g = Generator(seed: 3)
        var big: NDArray<Double>? = g.random(count)
        let save = try millisecondsThrowing { try big!.save(path: path); return 0 }
        let load = try millisecondsThrowing { first(try NDArray<Double>.load(path: path)) }
        NDArrayMemory.releaseCache()
        let savePeak = try peakAboveMB { try big!.save(path: path) }
        big = nil
        NDArrayMemory.releaseCache()
        let loadPeak = try peakAboveMB { blackHole(first(try NDArray<Double>.load(path: path))) }
        return (save, load, savePeak, loadPeak)
    }

    private func millisecondsThrowing(_ body: () throws -> Double) throws -> Double {
        var sink = try body()
        var times: [Double] = []
        for _ in 0..<runs { times.append(try benchSeconds { sink += try body() } * 1e3) }
        blackHole(sink)
        return median(times)
    }

    /// The process's resident memory at its peak during `body`, in MB (Linux
    /// only: the high-water mark is reset through /proc/self/clear_refs).
    private func peakAboveMB(_ body: () throws -> Void) throws -> Double {
        func field(_ name: String) -> Double {
            guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
                  let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return .nan }
            return Double(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? .nan
        }
        guard (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil else { return .nan }
        try body()
        return field("VmHWM") / 1024
    }

    /// The median wall time of `body`, in ms, after one warm-up call.
    private func milliseconds(_ body: () -> Double) -> Double {
        var sink = body()
        var times: [Double] = []
        for _ in 0..<runs { times.append(benchSeconds { sink += body() } * 1e3) }
        blackHole(sink)
        return median(times)
    }

    /// The median time of one call of `body`, in ns, over `smallCalls` calls per run.
    private func nanoseconds(_ body: () -> Double) -> Double {
        var sink = body()
        var times: [Double] = []
        for _ in 0..<runs {
            times.append(benchSeconds { for _ in 0..<smallCalls { sink += body() } } * 1e9 / Double(smallCalls))
        }
        blackHole(sink)
        return median(times)
    }

    /// The machine's memory bandwidth, STREAM's triad `x + 3 * y` into a
    /// preallocated array on every core, in GB/s (24 bytes per element).
    private func streamTriad(_ x: NDArray<Double>, _ y: NDArray<Double>) -> Double {
        var out = NDArray<Double>.zeros(x.shape)
        let count = x.count
        let seconds: [Double] = (0..<(runs + 1)).map { _ in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeBufferPointer { yp in
                    out.withUnsafeMutableBufferPointer { op in
                        let o = op.baseAddress!, p = xp.baseAddress!, q = yp.baseAddress!
                        return benchSeconds {
                            ForkJoin.parallelFor(count: count, grain: 65_536) { r in
                                for i in r { o[i] = p[i] + 3 * q[i] }
                            }
                        }
                    }
                }
            }
        }
        blackHole(first(out))
        return Double(24 * count) / median(Array(seconds.dropFirst())) / 1e9
    }
}

/// The first element, read without any allocation (results must be used).
@inline(__always)
private func first(_ a: NDArray<Double>) -> Double {
    a.withUnsafeBufferPointer { $0.isEmpty ? 0 : $0[0] }
}

/// Keeps a value alive so the optimizer cannot drop the work that made it.
@inline(never)
func blackHole(_ value: Double) {
    if value == -.greatestFiniteMagnitude { print("") }
}
