import ArgumentParser
import Foundation
import Swarm

/// `swarm _pool-child`: a hidden helper for tests. It starts a process pool,
/// prints the worker pids on one line, and then waits to be killed, so that a
/// test can check that killing a pool's parent leaves no worker behind.
struct PoolChildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_pool-child",
        abstract: "Test helper: start a process pool, print its worker pids, wait.",
        shouldDisplay: false
    )

    @Option(help: "Worker processes.")
    var workers = 2

    @Flag(help: "Keep the workers busy with a long task while waiting.")
    var busy = false

    func run() throws {
        let pool = try Pool(processes: workers)
        FileHandle.standardOutput.write(Data((pool.workerIdentifiers.map(String.init).joined(separator: " ") + "\n").utf8))
        if busy {
            for _ in 0..<workers { _ = try pool.applyAsync(CountPrimes(), 2_000_000_000) }
        }
        while true { sleep(1) }
    }
}
