#if MPI
import Foundation
import SwarmCore
import SwarmTestSupport
import Testing

// The cluster on MPI (package trait `MPI`): `swarm cluster check` run under
// `mpirun` makes its cluster with `Cluster.local` like any program, and
// checks every kind of work on it; these tests run it and read its report.

private let requireBackends = ProcessInfo.processInfo.environment["SWARM_REQUIRE_BACKENDS"] == "1"
private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// The `swarm` executable built beside this test binary.
private let swarmBinary = URL(fileURLWithPath: WorkerProcess.executablePath).deletingLastPathComponent()
    .appendingPathComponent("swarm").path

private let mpirun: String? = ["/usr/bin/mpirun", "/usr/local/bin/mpirun"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

/// The parts of `swarm cluster check --json`'s report the tests read.
private struct CheckReport: Decodable {
    struct Engine: Decodable { var id: Int; var pid: Int32 }
    struct Check: Decodable { var name: String; var passed: Bool; var detail: String }
    var transport: String
    var mpi: String?
    var clientPid: Int32
    var clientNetworkNamespace: String
    var engines: [Engine]
    var engineRanks: [Int]
    var engineNetworkNamespaces: [String]
    var checks: [Check]
    var passed: Bool
}

/// Whether the tools are there; records an issue under SWARM_REQUIRE_BACKENDS when not.
private func toolsPresent(needsNamespaces: Bool = false) -> Bool {
    var missing: [String] = []
    if mpirun == nil { missing.append("mpirun (apt-get install openmpi-bin libopenmpi-dev)") }
    if !FileManager.default.isExecutableFile(atPath: swarmBinary) { missing.append("the swarm executable at \(swarmBinary)") }
    if needsNamespaces && (getuid() != 0 || !FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") && !FileManager.default.isExecutableFile(atPath: "/sbin/ip")) {
        missing.append("root and iproute2's ip (network namespaces)")
    }
    guard missing.isEmpty else {
        if requireBackends { Issue.record("missing: \(missing.joined(separator: ", "))") }
        return false
    }
    return true
}

/// Runs a command with a time limit, off the concurrency pool (SwarmTestSupport).
private func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                 timeout: Double = 240) async -> (status: Int32, stdout: String, stderr: String) {
    let outcome = await runProcessTree(executable, arguments, environment: environment, timeout: timeout)
    return (outcome.status, outcome.stdout, outcome.stderr)
}

private let rootEnvironment = ["OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
                               "SWIFT_BACKTRACE": "enable=no"]

private func decodeReport(_ result: (status: Int32, stdout: String, stderr: String)) throws -> CheckReport {
    guard let start = result.stdout.firstIndex(of: "{") else {
        Issue.record("no report (exit \(result.status)); stderr: \(result.stderr.suffix(2000))")
        throw CancellationError()
    }
    return try JSONDecoder().decode(CheckReport.self, from: Data(result.stdout[start...].utf8))
}

private func expectAllPassed(_ report: CheckReport) {
    for check in report.checks { #expect(check.passed, "\(check.name): \(check.detail)") }
    #expect(report.checks.count >= 8)
    #expect(report.passed)
}

@Suite("Cluster on MPI (mpirun, Open MPI)", .serialized)
struct MPITests {
    @Test("under mpirun -n 4, rank 0 is the client and controller and ranks 1-3 are its engines")
    func fourRanks() async throws {
        guard toolsPresent() else { return }
        let result = await run(mpirun!, ["-n", "4", "--oversubscribe", "--bind-to", "none",
                                       swarmBinary, "cluster", "check", "--json"], environment: rootEnvironment)
        #expect(result.status == 0, "mpirun exited \(result.status): \(result.stderr.suffix(2000))")
        let report = try decodeReport(result)
        #expect(report.transport == "mpi")
        #expect(report.mpi?.contains("4 ranks") == true)
        #expect(report.engines.count == 3)
        #expect(report.engineRanks.sorted() == [1, 2, 3])
        #expect(Set(report.engines.map(\.pid)).count == 3)
        #expect(!report.engines.map(\.pid).contains(report.clientPid))
        // An engine process that crashes ends only its rank's session: the
        // task fails naming the engine and the signal, the rank comes back
        // with a new engine process, and the job goes on.
        let crash = report.checks.first { $0.name.contains("crashes mid-task") }
        #expect(crash?.passed == true, "\(crash?.detail ?? "no crash check")")
        #expect(crash?.detail.contains("SIGSEGV") == true)
        expectAllPassed(report)
    }

    @Test("with 2 ranks the one engine rank takes every task, scatter and gather included")
    func twoRanks() async throws {
        guard toolsPresent() else { return }
        let result = await run(mpirun!, ["-n", "2", "--oversubscribe", "--bind-to", "none",
                                       swarmBinary, "cluster", "check", "--json", "--rows", "1001"],
                             environment: rootEnvironment)
        #expect(result.status == 0, "mpirun exited \(result.status): \(result.stderr.suffix(2000))")
        let report = try decodeReport(result)
        #expect(report.transport == "mpi")
        #expect(report.engineRanks == [1])
        expectAllPassed(report)
    }

    @Test("with SWARM_CLUSTER_MEMORY=0 the engine processes get scattered blocks by socket, with the same results")
    func blocksBySocket() async throws {
        guard toolsPresent() else { return }
        let result = await run(mpirun!, ["-n", "3", "--oversubscribe", "--bind-to", "none", "-x", "SWARM_CLUSTER_MEMORY",
                                       swarmBinary, "cluster", "check", "--json"],
                             environment: rootEnvironment.merging(["SWARM_CLUSTER_MEMORY": "0"]) { $1 })
        #expect(result.status == 0, "mpirun exited \(result.status): \(result.stderr.suffix(2000))")
        let report = try decodeReport(result)
        #expect(report.transport == "mpi")
        expectAllPassed(report)
    }

    @Test("across two network namespaces joined by veth, Open MPI over TCP only")
    func twoNetworkNamespaces() async throws {
        guard toolsPresent(needsNamespaces: true) else { return }
        let script = repositoryRoot.appendingPathComponent("Scripts/mpi-netns.sh").path
        let result = await run("/bin/bash", [script, "-n", "4", "--", swarmBinary, "cluster", "check", "--json"],
                             environment: rootEnvironment.merging(["MPI_NETNS_TIMEOUT": "200"]) { $1 })
        #expect(result.status == 0, "exit \(result.status): \(result.stderr.suffix(2000))")
        #expect(result.stderr.contains("btl tcp,self"))
        let report = try decodeReport(result)
        #expect(report.transport == "mpi")
        #expect(report.engineRanks.sorted() == [1, 2, 3])
        // Ranks 0-1 in the first namespace, 2-3 in the second: the client and
        // one engine on one side of the veth, two engines on the other.
        let namespaces = [report.clientNetworkNamespace] + report.engineNetworkNamespaces
        #expect(Set(namespaces).count == 2, "namespaces \(namespaces)")
        #expect(!report.engineNetworkNamespaces.allSatisfy { $0 == report.clientNetworkNamespace })
        expectAllPassed(report)
    }

    @Test("with SWARM_MPI_CLUSTER=off every rank runs the program on local engines")
    func mpiTurnedOff() async throws {
        guard toolsPresent() else { return }
        let result = await run(mpirun!, ["-n", "2", "--oversubscribe", "--bind-to", "none", "-x", "SWARM_MPI_CLUSTER",
                                       swarmBinary, "cluster", "check", "--json", "--rows", "1001"],
                             environment: rootEnvironment.merging(["SWARM_MPI_CLUSTER": "off"]) { $1 })
        #expect(result.status == 0, "mpirun exited \(result.status): \(result.stderr.suffix(2000))")
        // Two independent reports, one per rank, each on local engine processes.
        let reports = result.stdout.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(reports.count == 2)
        for text in reports {
            let report = try decodeReport((0, String(text), ""))
            #expect(report.transport == "local")
            #expect(report.mpi == nil)
            expectAllPassed(report)
        }
    }

    @Test("a program under mpirun that makes no cluster still ends cleanly (engine ranks are released)")
    func noClusterExitsCleanly() async throws {
        guard toolsPresent() else { return }
        let started = Date()
        let result = await run(mpirun!, ["-n", "3", "--oversubscribe", "--bind-to", "none", swarmBinary, "info"],
                             environment: rootEnvironment, timeout: 60)
        #expect(result.status == 0, "mpirun exited \(result.status): \(result.stderr.suffix(2000))")
        #expect(Date().timeIntervalSince(started) < 60)
        // Only rank 0 reaches main: one report, not three, and it knows its engines.
        #expect(result.stdout.components(separatedBy: "Swarm ").count - 1 == 1, "\(result.stdout)")
        #expect(result.stdout.contains("MPI ranks 1-2 of this job (3 ranks"), "\(result.stdout)")
    }
}
#endif
