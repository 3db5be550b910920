import ArgumentParser
import Foundation
import Swarm

/// `swarm demo`: the five classic pool examples on both backends, each with its result and time.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the classic pool examples on threads and on worker processes."
    )

    @Option(help: "Workers per pool (default: one per core).")
    var workers: Int?

    @Flag(inversion: .prefixedNo, help: "Draw a progress bar for the long map (only when stderr is a terminal).")
    var progress = true

    private var primeJobs: Int { 16 }

    func run() throws {
        print("Swarm \(Swarm.version) demo: \(Pool.defaultWorkerCount) cores\n")
        for backend in [Pool.Backend.threads, .processes] {
            let started = MonotonicInstant.now
            let pool = backend == .threads ? try Pool(threads: workers) : try Pool(processes: workers)
            print("Pool(\(backend.rawValue): \(pool.workerCount)) started in \(format(seconds: MonotonicInstant.now.seconds(since: started)))")
            defer { pool.terminate(); try? pool.join() }
            try show("apply(square, 10)") { try pool.apply(Square(), 10) }
            try show("map(square, 0..<10)") { try pool.map(Square(), 0..<10) }
            try show("starmap(power, [(2, 3), (3, 2), (4, 2)])") {
                try pool.starmap(Power(), [(2, 3), (3, 2), (4, 2)])
            }
            try show("applyAsync(square, 10).get()") { try pool.applyAsync(Square(), 10).get() }
            try show("starmapAsync(power, …).get()") {
                try pool.starmapAsync(Power(), [(2, 3), (3, 2), (4, 2)]).get()
            }
            // A longer map, with a progress bar when stderr is a terminal.
            let bar = TerminalProgress(label: "  primes below 200,000 ×\(primeJobs)")
            let mapStarted = MonotonicInstant.now
            let counts = try pool.map(CountPrimes(), Array(repeating: 200_000, count: primeJobs), chunksize: 1,
                                      progress: progress ? bar.callback : nil)
            if progress { bar.finish() }
            let label = "map(countPrimes, [200000] × \(primeJobs))".padding(toLength: 44, withPad: " ", startingAt: 0)
            print("  \(label) → \(counts[0]) each   (\(format(seconds: MonotonicInstant.now.seconds(since: mapStarted))))")
            print("")
        }
        try arrays()
        try cluster()
    }

    /// A local cluster: a controller here and engine processes, IPython
    /// Parallel's two views, and an engine crash that costs one task.
    private func cluster() throws {
        let started = MonotonicInstant.now
        let engines = workers ?? Pool.defaultWorkerCount
        let cluster = try Cluster.local(engines: engines)
        defer { cluster.shutdown() }
        let engineCount = cluster.engineIDs.count
        let kind = Cluster.runsOnMPI ? "MPI ranks as engines, " : ""
        print("Cluster.local(engines: \(cluster.engineIDs.count)) started (\(kind)\(format(seconds: MonotonicInstant.now.seconds(since: started))))")
        let lview = cluster.loadBalancedView()
        try show("lview.map(square, 0..<10)") { try lview.map(Square(), Array(0..<10)) }
        try show("1000 applyAsync(square) then get") {
            let results = try (0..<1000).map { try lview.applyAsync(Square(), $0) }
            return try results.reduce(0) { $0 + (try $1.get()) }
        }
        let dview = cluster.directView()
        try show("dview.scatter then gather 0..<10") {
            try dview.scatter("xs", Array(0..<10))
            return try dview.gather("xs", as: [Int].self)
        }
        if Cluster.runsOnMPI {
            // MPI ends the whole job when a rank dies: show a stopped task instead.
            try show("a task past its timeout (rank rejoins)") {
                let slow = cluster.loadBalancedView(options: TaskOptions(timeout: 0.2))
                do {
                    _ = try slow.apply(SleepFor(), 1.0)
                    return "not reported"
                } catch let error as ClusterError {
                    return "\(error.code)"
                }
            }
            try show("after it: square(12)") {
                try cluster.waitForEngines(engineCount, timeout: 10)
                return try lview.apply(Square(), 12)
            }
            print("")
            return
        }
        try show("a task that kills its engine") {
            do {
                _ = try lview.apply(KillEngine(), 0)
                return "not reported"
            } catch let error as ClusterError {
                return "\(error.code), \(error.exit.map { "\($0)" } ?? "")"
            }
        }
        try show("after the crash: square(12)") {
            try cluster.waitForEngines(engines)
            return try lview.apply(Square(), 12)
        }
        print("")
    }

    /// NDArray on every core: the same numbers as NumPy's default_rng, a few
    /// kernels, and a round trip through a `.npy` file.
    private func arrays() throws {
        print("NDArray: \(ForkJoin.parallelism) threads, vector kernels: \(NDArrayRuntime.vectorKernels)")
        var rng = Generator(seed: 42)
        try show("Generator(seed: 42).random(3)") { rng.random(3).description }
        let n = 10_000_000
        let (a, b, c) = (rng.random(n), rng.random(n), rng.standardNormal(n))
        try show("(a * b + c).mean(), 10^7 doubles") { (a * b + c).mean() }
        try show("sqrt(a).sum()") { sqrt(a).sum() }
        try show("c.std(), c.max()") { "\(c.std()), \(c.max())" }
        try show("c.sorted()[0..<3]") { c.sorted()[0..<3].description }
        let m = NDArray<Double>.arange(12).reshaped(3, 4)
        try show("m.sum(axis: 0) of arange(12).reshape(3, 4)") { m.sum(axis: 0).description }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("swarm-demo-\(getpid()).npy").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try show("save and load c as .npy (80 MB)") {
            try c.save(path: path)
            return try NDArray<Double>.load(path: path) == c
        }
        print("")
    }

    private func show<T>(_ label: String, _ body: () throws -> T) throws {
        let started = MonotonicInstant.now
        let value = try body()
        let elapsed = MonotonicInstant.now.seconds(since: started)
        let padded = label.padding(toLength: 44, withPad: " ", startingAt: 0)
        print("  \(padded) → \(value)   (\(format(seconds: elapsed)))")
    }
}

/// Formats a duration with a unit that suits it.
func format(seconds: Double) -> String {
    if seconds < 1e-3 { return String(format: "%.1f µs", seconds * 1e6) }
    if seconds < 1 { return String(format: "%.2f ms", seconds * 1e3) }
    return String(format: "%.2f s", seconds)
}
