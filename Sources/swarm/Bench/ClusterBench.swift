import ArgumentParser
import Foundation
import Swarm

/// A task that does nothing: what "no-op task throughput" measures.
struct ClusterBenchNoop: PoolFunction {
    func callAsFunction(_ x: Int) -> Int { x }
}

/// `swarm bench cluster`: SwarmCluster against IPython Parallel, Dask
/// distributed and mpi4py.futures, 2 engines each, on the same machine.
struct ClusterBench {
    var runs: Int
    var quick: Bool
    var python: String

    private var tasks: Int { quick ? 2_000 : 10_000 }
    private var scatterElements: Int { quick ? 1_000_000 : 100_000_000 }
    private var registrationEngines: Int { quick ? 32 : 256 }

    func run() throws -> BenchReport {
        benchProgress("swarm side: \(runs) runs, 2 engines")
        let cluster = try Cluster.local(engines: 2)
        let view = cluster.loadBalancedView()
        let throughput = try measureThroughput(view)
        let roundTrip = try measureRoundTrip(view)
        let (scatterRate, scatterSeconds) = try measureScatterGather(cluster.directView())
        let (rssGrowth, manyTasks) = try measureMemoryOverManyTasks(view)
        cluster.shutdown()
        let memcpyRate = measureMemcpy()
        let registration = try measureRegistration()
        let mpi = measureUnderMPI()

        benchProgress("python side: \(python) Benchmarks/python/cluster_peer.py (a few minutes)")
        var arguments = ["--runs", "\(runs)"]
        if quick { arguments.append("--quick") }
        let (peerJSON, problem) = runPythonPeer(script: "cluster_peer.py", arguments: arguments, python: python)
        let results = peerJSON?["results"] as? [String: Any] ?? [:]
        let problems = peerJSON?["problems"] as? [String: Any] ?? [:]
        func peer(_ key: String) -> Double? { (results[key] as? [String: Any])?["median"] as? Double }
        func why(_ key: String) -> String? {
            if let p = problems[key] { return "peer did not run: \(p)" }
            return problem.map { "peer did not run: \($0)" }
        }
        var versions = peerJSON?["versions"] as? [String: String] ?? [:]
        if let v = peerJSON?["python"] as? String { versions["python"] = v }

        var rows: [BenchRow] = []
        rows.append(BenchRow(benchmark: "\(tasks) no-op tasks, load-balanced, 2 engines", unit: "tasks/s", higherIsBetter: true,
                             swarm: throughput, peer: peer("ipp_throughput"), peerName: "ipyparallel (2 engines)",
                             target: 50, runs: runs, note: why("ipp_throughput")))
        rows.append(BenchRow(benchmark: "\(tasks) no-op tasks, load-balanced, 2 engines", unit: "tasks/s", higherIsBetter: true,
                             swarm: throughput, peer: peer("dask_throughput"), peerName: "dask.distributed (2 workers)",
                             target: 10, runs: runs, note: why("dask_throughput")))
        rows.append(BenchRow(benchmark: "one tiny task, round trip", unit: "µs", higherIsBetter: false,
                             swarm: roundTrip, peer: peer("ipp_roundtrip"), peerName: "ipyparallel apply_sync",
                             target: nil, runs: runs, note: why("ipp_roundtrip")))
        rows.append(BenchRow(benchmark: "one tiny task, round trip", unit: "µs", higherIsBetter: false,
                             swarm: roundTrip, peer: peer("dask_roundtrip"), peerName: "dask submit().result()",
                             target: nil, runs: runs, note: why("dask_roundtrip")))
        rows.append(BenchRow(benchmark: "one tiny task, round trip", unit: "µs", higherIsBetter: false,
                             swarm: roundTrip, peer: 100, peerName: "goal: 100 µs", target: 1, runs: runs, note: nil))
        rows.append(BenchRow(benchmark: "scatter+gather \(scatterElements) doubles, 2 engines", unit: "GB/s", higherIsBetter: true,
                             swarm: scatterRate, peer: peer("ipp_scatter_gather"), peerName: "ipyparallel scatter+gather",
                             target: nil, runs: runs,
                             note: why("ipp_scatter_gather") ?? String(format: "ours %.2f s for both directions", scatterSeconds)))
        rows.append(BenchRow(benchmark: "scatter+gather \(scatterElements) doubles, 2 engines", unit: "GB/s", higherIsBetter: true,
                             swarm: scatterRate, peer: memcpyRate * 0.5, peerName: "goal: 50% of memcpy (\(formatNumber(memcpyRate)) GB/s here)",
                             target: 1, runs: runs, note: nil))
        rows.append(BenchRow(benchmark: "controller memory growth over \(manyTasks) tasks", unit: "MiB", higherIsBetter: false,
                             swarm: max(rssGrowth, 0.01), peer: 16, peerName: "goal: flat (at most 16 MiB)", target: 1, runs: 1,
                             note: "resident set of the client+controller process after the first 10^4 tasks and after all of them"))
        rows.append(BenchRow(benchmark: "register \(registrationEngines) engines (oversubscribed)", unit: "s", higherIsBetter: false,
                             swarm: registration, peer: 10, peerName: "goal: 10 s", target: 1, runs: 1, note: nil))
        rows.append(BenchRow(benchmark: "\(tasks) no-op tasks under mpirun -n 3 (2 engine ranks)", unit: "tasks/s", higherIsBetter: true,
                             swarm: mpi.values?["throughput"] ?? 0, peer: peer("mpi_throughput"),
                             peerName: "mpi4py.futures MPIPoolExecutor (2 workers)", target: 1, runs: runs,
                             note: mpi.problem ?? why("mpi_throughput")))
        rows.append(BenchRow(benchmark: "one tiny task, round trip, under mpirun -n 3", unit: "µs", higherIsBetter: false,
                             swarm: mpi.values?["roundTrip"] ?? 0, peer: roundTrip, peerName: "ours on local sockets",
                             target: nil, runs: runs, note: mpi.problem))
        rows.append(BenchRow(benchmark: "scatter+gather \(scatterElements) doubles under mpirun -n 3 (MPI collectives)", unit: "GB/s",
                             higherIsBetter: true, swarm: mpi.values?["scatterGather"] ?? 0, peer: memcpyRate * 0.5,
                             peerName: "goal: 50% of memcpy (\(formatNumber(memcpyRate)) GB/s here)", target: 1, runs: runs,
                             note: mpi.problem ?? mpi.values.map { String(format: "ours %.2f s for both directions", $0["scatterGatherSeconds"] ?? 0) }))
        return BenchReport(area: "cluster", machine: machineDescription(peerVersions: versions), rows: rows)
    }

    private func measureThroughput(_ view: LoadBalancedView) throws -> Double {
        let n = tasks
        let rates = try (0...runs).map { _ in
            Double(n) / (try benchSeconds {
                let results = try (0..<n).map { try view.applyAsync(ClusterBenchNoop(), $0) }
                var sum = 0
                for r in results { sum &+= try r.get() }
                precondition(sum == n * (n - 1) / 2)
            })
        }
        return median(Array(rates.dropFirst()))  // the first run is the warm-up
    }

    private func measureRoundTrip(_ view: LoadBalancedView) throws -> Double {
        var perRun: [Double] = []
        for _ in 0..<runs {
            for _ in 0..<100 { _ = try view.apply(ClusterBenchNoop(), 1) }
            let samples = try (0..<1000).map { _ in try benchSeconds { _ = try view.apply(ClusterBenchNoop(), 1) } * 1e6 }
            perRun.append(median(samples))
        }
        return median(perRun)
    }

    /// (GB/s of both directions, seconds) for scatter then gather of one array.
    private func measureScatterGather(_ view: DirectView) throws -> (Double, Double) {
        let a = NDArray<Double>.arange(Double(scatterElements))
        let bytes = Double(scatterElements * 8)
        var times: [Double] = []
        for _ in 0..<max(1, quick ? runs : min(runs, 3)) {
            var back: NDArray<Double>?
            times.append(try benchSeconds {
                try view.scatter("a", a)
                back = try view.gather("a", as: NDArray<Double>.self)
            })
            precondition(back?.shape == a.shape && back?[scatterElements - 1] == Double(scatterElements - 1))
            _ = try view.remove(["a"])
        }
        let t = median(times)
        return (2 * bytes / t / 1e9, t)
    }

    /// The controller's resident memory after 10^4 tasks and after many more
    /// (in batches of 10^4): (growth in MiB, task count).
    private func measureMemoryOverManyTasks(_ view: LoadBalancedView) throws -> (Double, Int) {
        let total = quick ? 100_000 : 1_000_000
        func batch() throws {
            let results = try (0..<10_000).map { try view.applyAsync(ClusterBenchNoop(), $0) }
            for r in results { _ = try r.get() }
        }
        try batch()
        let before = residentMiB()
        for _ in 1..<(total / 10_000) { try batch() }
        return (residentMiB() - before, total)
    }

    private func residentMiB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / Double(1 << 20)
    }

    /// The MPI half, run by ``measureUnderMPI()`` as rank 0 of `mpirun -n 3`:
    /// the same throughput, round trip and scatter+gather on a cluster whose
    /// two engines are MPI ranks. Prints one JSON object.
    func mpiSide() throws -> String {
        guard Cluster.runsOnMPI else {
            throw ValidationError("bench cluster-mpi runs under mpirun with the MPI trait (\(Cluster.mpiStatus))")
        }
        let cluster = try Cluster.local()
        defer { cluster.shutdown() }
        let view = cluster.loadBalancedView()
        let throughput = try measureThroughput(view)
        let roundTrip = try measureRoundTrip(view)
        let (rate, seconds) = try measureScatterGather(cluster.directView())
        let values = ["throughput": throughput, "roundTrip": roundTrip, "scatterGather": rate, "scatterGatherSeconds": seconds]
        return String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
    }

    /// Runs ``mpiSide()`` under `mpirun -n 3` (this same executable); the
    /// figures, or why there are none.
    private func measureUnderMPI() -> (values: [String: Double]?, problem: String?) {
        benchProgress("swarm side under mpirun -n 3")
        guard let mpirun = ["/usr/bin/mpirun", "/usr/local/bin/mpirun"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return (nil, "mpirun not found (apt-get install openmpi-bin libopenmpi-dev)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: mpirun)
        process.arguments = ["-n", "3", "--oversubscribe", "--bind-to", "none", WorkerProcess.executablePath,
                             "bench", "cluster-mpi", "--runs", "\(runs)"] + (quick ? ["--quick"] : [])
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        do { try process.run() } catch { return (nil, "could not run mpirun: \(error)") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard let start = text.firstIndex(of: "{"),
              let values = try? JSONDecoder().decode([String: Double].self, from: Data(text[start...].utf8)) else {
            return (nil, "mpirun exited \(process.terminationStatus) without figures (\(Cluster.mpiStatus))")
        }
        return (values, nil)
    }

    /// memcpy of 800 MB (the loopback reference for scatter/gather), GB/s.
    private func measureMemcpy() -> Double {
        let count = 100_000_000
        let source = UnsafeMutableRawPointer.allocate(byteCount: count * 8, alignment: 64)
        let target = UnsafeMutableRawPointer.allocate(byteCount: count * 8, alignment: 64)
        defer { source.deallocate(); target.deallocate() }
        memset(source, 1, count * 8)
        memset(target, 0, count * 8)
        let times = (0..<max(3, runs)).map { _ in benchSeconds { memcpy(target, source, count * 8) } }
        return Double(count * 8) / median(times) / 1e9
    }

    private func measureRegistration() throws -> Double {
        benchProgress("registering \(registrationEngines) engines")
        var cluster: Cluster?
        let t = try benchSeconds { cluster = try Cluster.local(engines: registrationEngines, highWaterMark: 1) }
        precondition(cluster?.engineIDs.count == registrationEngines)
        cluster?.shutdown()
        return t
    }
}
