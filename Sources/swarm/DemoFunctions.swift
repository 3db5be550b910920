import Foundation
import Swarm

// Function values the demo and the benchmarks send to worker processes. They
// live at file scope so that a worker, which is this same binary, can find
// them by their mangled type names.

/// `x * x`, the classic pool example.
struct Square: PoolFunction {
    func callAsFunction(_ x: Int) -> Int { x &* x }
}

/// `base ** exponent` by repeated multiplication, for `starmap`.
struct Power: PoolFunction {
    func callAsFunction(_ arguments: Arguments<Int, Int>) -> Int {
        let (base, exponent) = arguments.values
        var result = 1
        for _ in 0..<max(exponent, 0) { result &*= base }
        return result
    }
}

/// The number of primes below `limit`, by trial division: the CPU-bound work
/// of the benchmark (the Python peer runs the same algorithm).
struct CountPrimes: PoolFunction {
    func callAsFunction(_ limit: Int) -> Int { countPrimes(below: limit) }
}

/// Counts primes below `limit` by trial division by odd numbers.
func countPrimes(below limit: Int) -> Int {
    guard limit > 2 else { return 0 }
    var count = 1  // 2
    var n = 3
    while n < limit {
        var isPrime = true
        var d = 3
        while d * d <= n {
            if n % d == 0 { isPrime = false; break }
            d += 2
        }
        if isPrime { count += 1 }
        n += 2
    }
    return count
}

/// A task that crashes its worker process with the given kind of failure.
struct Crash: PoolFunction {
    enum Kind: String, Codable, Sendable { case trap, abort, segfault, exit }
    var kind: Kind
    func callAsFunction(_ input: Int) -> Int {
        switch kind {
        case .trap:
            let values = [1, 2, 3]
            return values[input + 10]  // index out of range: a Swift trap (SIGILL)
        case .abort: abort()
        case .segfault: raise(SIGSEGV); return 0
        case .exit: exit(3)
        }
    }
}

/// Kills the engine it runs on, as the kernel's out-of-memory killer would.
struct KillEngine: PoolFunction {
    func callAsFunction(_ x: Int) -> Int {
        kill(getpid(), SIGKILL)
        return x
    }
}

/// Sleeps for its input in seconds, then returns it (a task to stop by timeout).
struct SleepFor: PoolFunction {
    func callAsFunction(_ seconds: Double) -> Double {
        usleep(UInt32(seconds * 1_000_000))
        return seconds
    }
}

/// Where an engine runs: its pid, MPI rank (-1 outside MPI) and network namespace.
struct EngineIdentity: PoolFunction {
    struct Identity: Codable, Sendable {
        var pid: Int32
        var mpiRank: Int
        var networkNamespace: String
    }

    func callAsFunction(_: Int) -> Identity {
        let rank = ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_RANK"].flatMap(Int.init) ?? -1
        return Identity(pid: getpid(), mpiRank: rank, networkNamespace: EngineIdentity.networkNamespace())
    }

    /// This process's network namespace, as `/proc/self/ns/net` names it.
    static func networkNamespace() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/net")) ?? "unknown"
    }
}

/// The number of rows of the NDArray an engine holds under `name`.
struct RowsOf: EngineFunction {
    var name: String
    func callAsFunction(_ namespace: inout EngineNamespace) throws -> Int {
        try namespace.value(name, as: NDArray<Double>.self).shape[0]
    }
}

/// The sum of the `[Double]` an engine holds under `name`.
struct SumOf: EngineFunction {
    var name: String
    func callAsFunction(_ namespace: inout EngineNamespace) throws -> Double {
        try namespace.value(name, as: [Double].self).reduce(0, +)
    }
}

/// Throws an error naming its input (a task whose error must come back).
struct Refuse: PoolFunction {
    struct Refusal: Error, Codable, CustomStringConvertible {
        var input: Int
        var description: String { "refused \(input)" }
    }
    func callAsFunction(_ input: Int) throws -> Int { throw Refusal(input: input) }
}

/// Whether the engine it runs on defines `name` (a new engine defines nothing).
struct HasName: PoolFunction {
    var name: String
    func callAsFunction(_: Int) -> Bool { EngineNamespace.withCurrent { $0.contains(name) } }
}

/// Crashes its engine process (SIGSEGV, as a bad pointer would) the first
/// time it runs with a given marker file, and answers 42 once the file
/// exists: a task that succeeds on its retry.
struct CrashOnce: PoolFunction {
    func callAsFunction(_ marker: String) -> Int {
        if access(marker, F_OK) != 0 {
            let fd = open(marker, O_CREAT | O_WRONLY, 0o600)
            if fd >= 0 { close(fd) }
            kill(getpid(), SIGSEGV)
            sleep(5)  // the signal ends the process first
        }
        return 42
    }
}
