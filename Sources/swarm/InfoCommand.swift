import ArgumentParser
import Foundation
import Swarm

/// `swarm info`: version, cores, backends and system libraries found.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show the version, the cores seen, and the backends and libraries available."
    )

    func run() throws {
        print("Swarm \(Swarm.version)")
        print("cores: \(Pool.defaultWorkerCount) usable (of \(ProcessInfo.processInfo.processorCount) online)")
        print("executable: \(WorkerProcess.executablePath)")
        print("backends:")
        print("  threads    available")
        do {
            let started = MonotonicInstant.now
            let pool = try Pool(processes: 1)
            let ms = MonotonicInstant.now.seconds(since: started) * 1e3
            let pids = pool.workerIdentifiers
            pool.terminate()
            try pool.join()
            print(String(format: "  processes  available (a worker started in %.1f ms, pid %@)", ms, pids.map(String.init).joined(separator: ",")))
        } catch {
            print("  processes  unavailable: \(error)")
        }
        print("arrays:")
        print("  vector kernels  \(NDArrayRuntime.vectorKernels)\(NDArrayRuntime.vectorKernels == "none" ? "" : " (glibc libmvec and CPU square roots)")")
        print("  zlib            \(NDArrayRuntime.zlibVersion.map { "found: \($0)" } ?? "not found (Debian package: zlib1g); compressed .npz unavailable")")
        print("  threads         \(ForkJoin.parallelism) (SWARM_NUM_THREADS to change)")
        print("  BLAS/LAPACK     \(LinearAlgebraBackend.description)")
        print("  FFT             \(FFTBackend.description)")
        print("cluster:")
        print("  engines         \(Cluster.mpiStatus)")
        print("system libraries:")
        for library in SystemLibrary.known {
            let found = library.probe()
            print("  \(library.name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(found.map { "found: \($0)" } ?? "not found (Debian package: \(library.debianPackage))")")
        }
    }
}
