import Dispatch
import Foundation
import Swarm
import Synchronization

/// `swarm bench pool`: SwarmPool against Python's `multiprocessing.Pool` and
/// `ThreadPoolExecutor`, and against what a Swift user writes without Swarm.
struct PoolBench {
    var runs: Int
    var workers: Int
    var quick: Bool
    var python: String

    private var mapItems: Int { quick ? 100_000 : 1_000_000 }
    private let batchTasks = 10_000
    private var primeItems: [Int] { quick ? Array(repeating: 50_000, count: 4) : Array(repeating: 200_000, count: 8) }

    func run() throws -> BenchReport {
        progress("swarm side: \(runs) runs, \(workers) workers")
        var rows: [BenchRow] = []

        // Our figures first, while the machine is quiet; the peer runs after.
        // Each backend is measured with only its own pool alive, as a program
        // would use it (as the Python peer measures one pool at a time).
        let (mapThreads, batchThreads, tripThreads, (mapAgainstDispatch, dispatch)) = try withPool(threads: workers) { pool in
            (try measureMap(pool), try measureBatch(pool), try measureRoundTrip(pool), try measureAgainstConcurrentPerform(pool))
        }
        let (mapProcesses, batchProcesses, tripProcesses) = try withPool(processes: workers) { pool in
            (try measureMap(pool), try measureBatch(pool), try measureRoundTrip(pool))
        }
        let taskGroup = measureTaskGroup()
        let cpuThreads = try measureCPU(.threads)
        let cpuProcesses = try measureCPU(.processes)
        let crash = try measureCrash()
        let (wire, json) = try measureWireFormat()

        progress("python side: \(python) Benchmarks/python/pool_peer.py (about a minute)")
        var peerArguments = ["--runs", "\(runs)", "--workers", "\(workers)"]
        if quick { peerArguments.append("--quick") }
        let (peerJSON, problem) = runPythonPeer(script: "pool_peer.py", arguments: peerArguments, python: python)
        let results = peerJSON?["results"] as? [String: Any] ?? [:]
        func peer(_ key: String) -> Double? { (results[key] as? [String: Any])?["median"] as? Double }
        let peerMap = [peer("map_trivial"), peer("map_trivial_auto")].compactMap { $0 }.max()
        let pyPool = "multiprocessing.Pool(\(workers))"
        let noteMissing = problem.map { "peer did not run: \($0)" }

        rows.append(BenchRow(benchmark: "map trivial \(mapItems), threads", unit: "items/s", higherIsBetter: true,
                             swarm: mapThreads, peer: peerMap, peerName: pyPool, target: 50, runs: runs,
                             note: noteMissing ?? "peer: the faster of chunksize=1000 and Python's default chunksize"))
        rows.append(BenchRow(benchmark: "map trivial \(mapItems), processes", unit: "items/s", higherIsBetter: true,
                             swarm: mapProcesses, peer: peerMap, peerName: pyPool, target: 10, runs: runs, note: nil))
        rows.append(BenchRow(benchmark: "applyAsync ×\(batchTasks) then get, threads", unit: "tasks/s", higherIsBetter: true,
                             swarm: batchThreads, peer: peer("apply_async_batch"), peerName: pyPool, target: 50, runs: runs, note: nil))
        rows.append(BenchRow(benchmark: "applyAsync ×\(batchTasks) then get, processes", unit: "tasks/s", higherIsBetter: true,
                             swarm: batchProcesses, peer: peer("apply_async_batch"), peerName: pyPool, target: 10, runs: runs, note: nil))
        rows.append(BenchRow(benchmark: "apply round trip, threads", unit: "µs", higherIsBetter: false,
                             swarm: tripThreads, peer: peer("apply_roundtrip"), peerName: pyPool, target: nil, runs: runs, note: nil))
        rows.append(BenchRow(benchmark: "apply round trip, threads, goal", unit: "µs", higherIsBetter: false,
                             swarm: tripThreads, peer: 5, peerName: "goal: 5 µs", target: 1, runs: runs, note: nil))
        rows.append(BenchRow(benchmark: "apply round trip, processes", unit: "µs", higherIsBetter: false,
                             swarm: tripProcesses, peer: peer("apply_roundtrip"), peerName: pyPool, target: nil, runs: runs, note: nil))
        rows.append(BenchRow(benchmark: "apply round trip, processes, goal", unit: "µs", higherIsBetter: false,
                             swarm: tripProcesses, peer: 30, peerName: "goal: 30 µs (raw socket ≈ 16 µs)", target: 1, runs: runs, note: nil))
        rows.append(BenchRow(benchmark: "map trivial \(mapItems), threads vs concurrentPerform", unit: "items/s", higherIsBetter: true,
                             swarm: mapAgainstDispatch, peer: dispatch, peerName: "DispatchQueue.concurrentPerform, hand-chunked",
                             target: 0.8, runs: 4 * runs, note: "both measured alternately, run by run, in the same process"))
        rows.append(BenchRow(benchmark: "map trivial, threads vs withTaskGroup", unit: "items/s", higherIsBetter: true,
                             swarm: mapThreads, peer: taskGroup, peerName: "withTaskGroup, one child task per item",
                             target: 100, runs: runs, note: "the task group maps \(taskGroupItems) items (it is slow)"))
        rows.append(BenchRow(benchmark: "map trivial, threads vs ThreadPoolExecutor", unit: "items/s", higherIsBetter: true,
                             swarm: mapThreads, peer: peer("threadpool_map_trivial"),
                             peerName: "concurrent.futures.ThreadPoolExecutor(\(workers))", target: nil, runs: runs,
                             note: "the executor maps 10^5 items (it is slow)"))
        rows.append(BenchRow(benchmark: "applyAsync batch, threads vs ThreadPoolExecutor.submit", unit: "tasks/s", higherIsBetter: true,
                             swarm: batchThreads, peer: peer("threadpool_submit_batch"),
                             peerName: "concurrent.futures.ThreadPoolExecutor(\(workers))", target: nil, runs: runs, note: nil))
        for (name, cpu) in [("threads", cpuThreads), ("processes", cpuProcesses)] {
            rows.append(BenchRow(benchmark: "CPU-bound primes, \(workers) workers vs 1, \(name)", unit: "s", higherIsBetter: false,
                                 swarm: cpu.many, peer: cpu.one, peerName: "same pool kind, 1 worker", target: 1.8, runs: runs,
                                 note: nil))
        }
        let pyCPU = results["cpu_bound"] as? [String: Any]
        rows.append(BenchRow(benchmark: "CPU-bound primes, \(workers) workers, processes", unit: "s", higherIsBetter: false,
                             swarm: cpuProcesses.many, peer: pyCPU?["workers_s"] as? Double, peerName: pyPool, target: nil,
                             runs: runs, note: "Python's own 2-vs-1 speedup: \((pyCPU?["speedup"] as? Double).map { String(format: "%.2f", $0) } ?? "n/a")"))
        let pyCrash = results["crash_report"] as? [String: Any]
        let pyReported = pyCrash?["reported"] as? Bool ?? false
        let pyCrashMs = pyReported ? pyCrash?["latency_ms"] as? Double : (pyCrash?["waited_s"] as? Double).map { $0 * 1000 }
        rows.append(BenchRow(benchmark: "crashed worker reported", unit: "ms", higherIsBetter: false,
                             swarm: crash, peer: pyCrashMs,
                             peerName: pyReported ? pyPool : "\(pyPool): never reported (hangs; waited this long)",
                             target: nil, runs: runs, note: nil))
        rows.append(BenchRow(benchmark: "crashed worker reported, goal", unit: "ms", higherIsBetter: false,
                             swarm: crash, peer: 100, peerName: "goal: 100 ms", target: 1, runs: runs, note: nil))

        rows.append(BenchRow(benchmark: "wire format encode+decode, 10^4 records", unit: "ms", higherIsBetter: false,
                             swarm: wire, peer: json, peerName: "Foundation JSONEncoder/JSONDecoder", target: 5, runs: runs,
                             note: "records of an Int, a String, 8 Doubles and a Bool; the binary format arguments and results use"))

        var versions: [String: String] = [:]
        if let v = peerJSON?["python"] as? String { versions["python"] = v }
        return BenchReport(area: "pool", machine: machineDescription(peerVersions: versions), rows: rows)
    }

    // MARK: - Our side

    private func progress(_ message: String) { benchProgress(message) }

    private func seconds(_ body: () throws -> Void) rethrows -> Double { try benchSeconds(body) }

    private func measureMap(_ pool: Pool) throws -> Double {
        let n = mapItems
        try check(pool.map(Square(), 0..<1000), count: 1000)
        let rates = try (0..<runs).map { _ in
            Double(n) / (try seconds { try check(pool.map(Square(), 0..<n), count: n) })
        }
        return median(rates)
    }

    private func measureBatch(_ pool: Pool) throws -> Double {
        let n = batchTasks
        // One untimed batch first, as the Python peer warms its pool up too.
        let rates = try (0...runs).map { _ in
            Double(n) / (try seconds {
                let results = try (0..<n).map { try pool.applyAsync(Square(), $0) }
                var sum = 0
                for r in results { sum &+= try r.get() }
                precondition(sum != 0)
            })
        }
        return median(Array(rates.dropFirst()))
    }

    private func measureRoundTrip(_ pool: Pool) throws -> Double {
        var perRun: [Double] = []
        for _ in 0..<runs {
            for _ in 0..<100 { let v = try pool.apply(Square(), 3); precondition(v == 9) }
            var samples: [Double] = []
            samples.reserveCapacity(2000)
            for _ in 0..<2000 { samples.append(try seconds { let v = try pool.apply(Square(), 3); precondition(v == 9) } * 1e6) }
            perRun.append(median(samples))
        }
        return median(perRun)
    }

    /// Our thread `map` and a hand-chunked `concurrentPerform` on the same work,
    /// alternately, so that both see the same machine: (ours, theirs) in items/s.
    private func measureAgainstConcurrentPerform(_ pool: Pool) throws -> (Double, Double) {
        var ours: [Double] = [], theirs: [Double] = []
        for _ in 0..<(4 * runs) {
            ours.append(Double(mapItems) / (try seconds { try check(pool.map(Square(), 0..<mapItems), count: mapItems) }))
            theirs.append(concurrentPerformOnce())
        }
        return (median(ours), median(theirs))
    }

    /// One run of the hand-chunked `concurrentPerform` baseline, in items/s.
    private func concurrentPerformOnce() -> Double {
        let n = mapItems
        let chunks = workers * 4
        return Double(n) / seconds {
                var out = [Int](repeating: 0, count: n)
                out.withUnsafeMutableBufferPointer { buffer in
                    let base = UnsafeMutableSendablePointer(buffer.baseAddress!)
                    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                        let lo = chunk * n / chunks, hi = (chunk + 1) * n / chunks
                        for i in lo..<hi { base.pointer[i] = Square()(i) }
                    }
                }
                precondition(out[n - 1] == (n - 1) * (n - 1))
            }
    }

    private var taskGroupItems: Int { quick ? 20_000 : 100_000 }

    private func measureTaskGroup() -> Double {
        let n = taskGroupItems
        let rates = (0..<runs).map { _ in
            Double(n) / seconds {
                let done = DispatchSemaphore(value: 0)
                Task {
                    let results = await withTaskGroup(of: (Int, Int).self) { group in
                        for i in 0..<n { group.addTask { (i, Square()(i)) } }
                        var out = [Int](repeating: 0, count: n)
                        for await (i, v) in group { out[i] = v }
                        return out
                    }
                    precondition(results[n - 1] == (n - 1) * (n - 1))
                    done.signal()
                }
                done.wait()
            }
        }
        return median(rates)
    }

    private func measureCPU(_ backend: Pool.Backend) throws -> (one: Double, many: Double) {
        func timed(_ count: Int) throws -> Double {
            let pool = backend == .threads ? try Pool(threads: count) : try Pool(processes: count)
            defer { pool.terminate(); try? pool.join() }
            let items = primeItems
            return try seconds { try check(pool.map(CountPrimes(), items, chunksize: 1), count: items.count) }
        }
        var ones: [Double] = [], manys: [Double] = []
        for _ in 0..<runs {
            ones.append(try timed(1))
            manys.append(try timed(workers))
        }
        return (median(ones), median(manys))
    }

    /// Encode and decode 10^4 records with SwarmCore's binary format and with JSON: (ours, JSON) in ms.
    private func measureWireFormat() throws -> (Double, Double) {
        let records = (0..<10_000).map { i in
            WireSample(id: i, name: "record-\(i)", values: (0..<8).map { Double(i) / Double($0 + 1) }, flag: i % 2 == 0)
        }
        var ours: [Double] = [], theirs: [Double] = []
        for _ in 0..<runs {
            ours.append(try seconds {
                let bytes = try BinaryEncoder().encode(records)
                let back = try BinaryDecoder().decode([WireSample].self, from: bytes)
                precondition(back == records)
            } * 1e3)
            theirs.append(try seconds {
                let data = try JSONEncoder().encode(records)
                let back = try JSONDecoder().decode([WireSample].self, from: data)
                precondition(back == records)
            } * 1e3)
        }
        return (median(ours), median(theirs))
    }

    private func measureCrash() throws -> Double {
        let pool = try Pool(processes: workers)
        defer { pool.terminate(); try? pool.join() }
        let latencies = try (0..<runs).map { _ -> Double in
            try check(pool.map(Square(), 0..<100), count: 100)  // a full, warm pool
            let start = MonotonicInstant.now
            do {
                let value = try pool.applyAsync(Crash(kind: .exit), 0).get(timeout: 5)
                throw BenchError(message: "the crashing task returned \(value)")
            } catch let error as PoolError where error.code == .workerCrashed {
                return MonotonicInstant.now.seconds(since: start) * 1e3
            }
        }
        return median(latencies)
    }
}

/// A record for the wire-format benchmark.
struct WireSample: Codable, Equatable {
    var id: Int
    var name: String
    var values: [Double]
    var flag: Bool
}

/// A benchmark whose own side went wrong.
struct BenchError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Checks a benchmark's result, which also keeps the optimizer from treating
/// it as unused: Swift 6.3.1 at -O miscompiles some discarded array results
/// (`for _ in 0..<3 { _ = Array(0..<n) }` segfaults), so results are always used.
func check(_ values: [Int], count: Int) {
    precondition(values.count == count, "expected \(count) results, got \(values.count)")
}

/// A pointer that the benchmark's `concurrentPerform` baseline shares between
/// its iterations, each of which writes a disjoint range.
struct UnsafeMutableSendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Int>
    init(_ pointer: UnsafeMutablePointer<Int>) { self.pointer = pointer }
}
