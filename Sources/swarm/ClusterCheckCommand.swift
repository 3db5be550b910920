#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import Swarm

/// `swarm cluster check`: starts a cluster the way a program would
/// (`Cluster.local`, so on MPI ranks under `mpirun`) and runs each kind of
/// work through it, checking every answer. It is how a user sees that an MPI
/// set-up works, and what the MPI tests run under `mpirun`.
struct ClusterCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Start a cluster (on MPI ranks under mpirun) and check every kind of work on it.")

    @Option(name: [.customShort("n"), .long], help: "Local engines (ignored under mpirun: every other rank is one).")
    var engines = 2
    @Option(help: "Rows of the NDArray scattered and gathered.") var rows = 1_000_003
    @Flag(help: "Print the report as JSON, on one line.") var json = false

    /// What the check found; printed as JSON with `--json`.
    struct Report: Codable {
        var transport: String
        var mpi: String?
        var clientPid: Int32
        var clientNetworkNamespace: String
        var engines: [EngineInfo]
        /// Each engine's MPI rank (from Open MPI's environment), in engine order.
        var engineRanks: [Int]
        /// Each engine's network namespace (`/proc/self/ns/net`), in engine order.
        var engineNetworkNamespaces: [String]
        var checks: [Check]
        var passed: Bool
    }

    struct Check: Codable {
        var name: String
        var passed: Bool
        var detail: String
        var seconds: Double
    }

    func run() throws {
        var cluster = try Cluster.local(engines: engines)
        defer { cluster.shutdown() }
        let count = cluster.engineIDs.count
        let dview = cluster.directView()
        let lview = cluster.loadBalancedView()
        var checks: [Check] = []
        func check(_ name: String, _ body: () throws -> (Bool, String)) {
            let started = Date()
            let (passed, detail): (Bool, String)
            do { (passed, detail) = try body() } catch { (passed, detail) = (false, "threw \(error)") }
            checks.append(Check(name: name, passed: passed, detail: detail, seconds: Date().timeIntervalSince(started)))
        }

        let identities = try dview.apply(EngineIdentity(), 0)
        let engineInfos = cluster.engines
        check("every engine is its own process") {
            let pids = Set(identities.map(\.pid))
            return (pids.count == count && !pids.contains(getpid()), "pids \(identities.map(\.pid)), client \(getpid())")
        }
        check("load-balanced map of 10^4 squares, chunks of 10") {
            let ys = try lview.map(Square(), Array(0..<10_000), chunksize: 10)
            return (ys == (0..<10_000).map { $0 * $0 }, "\(ys.count) results")
        }
        check("1000 applyAsync then get") {
            let results = try (0..<1000).map { try lview.applyAsync(Square(), $0) }
            let total = try results.reduce(0) { $0 + (try $1.get(timeout: 60)) }
            return (total == 332_833_500, "sum \(total)")
        }
        check("scatter and gather of an NDArray by rows") {
            let x = NDArray<Double>.arange(Double(rows) * 2).reshaped(rows, 2)
            try dview.scatter("x", x)
            let lengths = try dview.execute(RowsOf(name: "x"))
            let back = try dview.gather("x", as: NDArray<Double>.self)
            let balanced = (lengths.max() ?? 0) - (lengths.min() ?? 0) <= 1 && lengths.reduce(0, +) == rows
            return (balanced && back == x, "blocks \(lengths)")
        }
        check("scatter and gather of a strided view (a transpose) and of booleans") {
            let m = NDArray<Float>.arange(Float(3 * 1001)).reshaped(3, 1001).T   // 1001 × 3, not contiguous
            try dview.scatter("m", m)
            let backM = try dview.gather("m", as: NDArray<Float>.self)
            let flags = NDArray<Int>.arange(999) % 3 .== 0
            try dview.scatter("flags", flags)
            let backFlags = try dview.gather("flags", as: NDArray<Bool>.self)
            return (backM == m && backFlags == flags, "\(backM.shape), \(backFlags.shape)")
        }
        check("broadcast of 10^5 doubles, summed on every engine") {
            let values = (0..<100_000).map(Double.init)
            try dview.broadcast("v", values)
            let sums = try dview.execute(SumOf(name: "v"))
            let expected = values.reduce(0, +)
            return (sums == Array(repeating: expected, count: count), "sums \(sums)")
        }
        check("gather of a scattered [Int]") {
            try dview.scatter("ints", Array(0..<1001))
            let back = try dview.gather("ints", as: [Int].self)
            return (back == Array(0..<1001), "\(back.count) back")
        }
        check("a thrown error comes back") {
            do {
                _ = try lview.apply(Refuse(), 7)
                return (false, "no error")
            } catch {
                return ("\(error)".contains("refused 7"), "\(error)")
            }
        }
        check("a task past its timeout fails; the engine comes back") {
            let slow = cluster.loadBalancedView(options: TaskOptions(timeout: 0.3))
            let outcome: String
            do {
                _ = try slow.apply(SleepFor(), 1.5)
                outcome = "finished"
            } catch let error as ClusterError {
                outcome = "\(error.code)"
            }
            try cluster.waitForEngines(count, timeout: 30)
            let after = try lview.apply(Square(), 12)
            return (outcome == "taskTimedOut" && after == 144, "\(outcome), then square(12) = \(after)")
        }
        check("an engine process that crashes mid-task: the error names the engine and the signal, a new engine takes its place, a retry succeeds") {
            let marker = NSTemporaryDirectory() + "swarm-crash-once-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
            defer { unlink(marker) }
            let died: String
            do {
                _ = try lview.apply(CrashOnce(), marker + ".first")
                died = "no error"
            } catch let error as ClusterError {
                died = "\(error.code): \(error.message)"
            }
            unlink(marker + ".first")
            try cluster.waitForEngines(count, timeout: 30)
            let retried = try cluster.loadBalancedView(options: TaskOptions(retries: 1)).apply(CrashOnce(), marker)
            try cluster.waitForEngines(count, timeout: 30)
            let after = try lview.apply(Square(), 11)
            let named = died.hasPrefix("engineDied") && died.contains("engine ") && died.contains("SIGSEGV")
            return (named && retried == 42 && after == 121 && cluster.engineIDs.count == count,
                    "\(died); retried: \(retried); then square(11) = \(after)")
        }

        check("a gather waiting behind a task past its timeout ends with that task, not after it; the engine comes back") {
            try dview.scatter("g", NDArray<Double>.arange(Double(count * 4)))
            let sleeper = try cluster.loadBalancedView(options: TaskOptions(timeout: 0.3)).applyAsync(SleepFor(), 3.0)
            usleep(50_000)
            let started = Date()
            let outcome: String
            do {
                _ = try dview.gather("g", as: NDArray<Double>.self)
                outcome = "gathered"
            } catch {
                outcome = "failed"
            }
            let waited = Date().timeIntervalSince(started)
            _ = sleeper.wait(timeout: 10)
            try cluster.waitForEngines(count, timeout: 30)
            let after = try lview.apply(Square(), 5)
            return (outcome == "failed" && waited < 2.5 && after == 25,
                    "gather \(outcome) after \(String(format: "%.2f", waited)) s (the task slept 3 s); square(5) = \(after)")
        }

        check("a second cluster after the first is shut down") {
            cluster.shutdown()
            cluster = try Cluster.local(engines: engines)
            let again = cluster.engineIDs.count
            let y = try cluster.loadBalancedView().apply(Square(), 9)
            let fresh = try cluster.directView().apply(HasName(name: "v"), 0)
            return (again == count && y == 81 && !fresh.contains(true),
                    "\(again) engines, square(9) = \(y), 'v' defined on a new engine: \(fresh)")
        }

        let report = Report(
            transport: Cluster.runsOnMPI ? "mpi" : "local", mpi: Cluster.mpiDescription, clientPid: getpid(),
            clientNetworkNamespace: EngineIdentity.networkNamespace(), engines: engineInfos,
            engineRanks: identities.map(\.mpiRank), engineNetworkNamespaces: identities.map(\.networkNamespace),
            checks: checks, passed: checks.allSatisfy(\.passed))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]  // one line, so ranks' reports do not interleave
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print("cluster: \(count) engines, transport \(report.transport)\(report.mpi.map { " (\($0))" } ?? "")")
            for (e, identity) in zip(report.engines, identities) {
                print("  engine \(e.id): pid \(e.pid) on \(e.host)\(identity.mpiRank >= 0 ? ", MPI rank \(identity.mpiRank)" : "")")
            }
            for c in checks {
                print("  \(c.passed ? "ok  " : "FAIL") \(c.name): \(c.detail) (\(String(format: "%.3f", c.seconds)) s)")
            }
        }
        if !report.passed { throw ExitCode(1) }
    }
}
