import ArgumentParser
import Foundation
import Swarm

/// `swarm bench <area>`: our code and the Python peer on the same work, in one run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark Swarm side by side with its Python peer.",
        discussion: "Prints a table with both figures and the ratio; --json prints the machine-readable form."
    )

    @Argument(help: "The area to benchmark: pool, array, linalg, science, cluster.")
    var area: String

    @Flag(help: "Print JSON on stdout (the table goes to stderr).")
    var json = false

    @Option(help: "Runs per benchmark; medians are reported.")
    var runs = 5

    @Option(help: "Workers per pool.")
    var workers = 2

    @Flag(help: "Smaller inputs, for a quick check.")
    var quick = false

    @Option(help: "The Python interpreter for the peer.")
    var python = "python3"

    func validate() throws {
        // "cluster-mpi" is the half of "cluster" that runs under mpirun (started by it).
        guard ["pool", "array", "linalg", "science", "cluster", "cluster-mpi"].contains(area) else {
            throw ValidationError("unknown area '\(area)'; known: pool, array, linalg, science, cluster")
        }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }

    func run() throws {
        let report: BenchReport
        if area == "cluster-mpi" {
            print(try ClusterBench(runs: runs, quick: quick, python: python).mpiSide())
            return
        }
        switch area {
        case "array": report = try ArrayBench(runs: runs, quick: quick, python: python).run()
        case "linalg": report = try LinalgBench(runs: runs, quick: quick, python: python).run()
        case "science": report = try ScienceBench(runs: runs, quick: quick, python: python).run()
        case "cluster": report = try ClusterBench(runs: runs, quick: quick, python: python).run()
        default: report = try PoolBench(runs: runs, workers: workers, quick: quick, python: python).run()
        }
        if json {
            FileHandle.standardError.write(Data((report.table() + "\n").utf8))
            print(try report.json())
        } else {
            print(report.table())
        }
    }
}
