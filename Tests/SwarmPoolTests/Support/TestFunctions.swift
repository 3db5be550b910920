import Foundation
import SwarmCore
import SwarmPool
import Synchronization

// Function values shared by the pool tests, translated from CPython's
// `_test_multiprocessing.py` fixtures. They live at file scope so that a
// worker process (this same test binary) finds them by mangled name.

/// `sqr(x, wait=0.0)`: sleeps `wait` seconds, returns x*x.
struct Sqr: PoolFunction {
    var wait: Double = 0
    func callAsFunction(_ x: Int) -> Int {
        if wait > 0 { usleep(useconds_t(wait * 1e6)) }
        return x * x
    }
}

/// `mul(x, y)`.
struct Mul: PoolFunction {
    func callAsFunction(_ a: Arguments<Int, Int>) -> Int {
        let (x, y) = a.values
        return x * y
    }
}

/// Three arguments of three types, for `starmap` of any arity.
struct Describe: PoolFunction {
    func callAsFunction(_ a: Arguments<String, Int, Double>) -> String {
        let (s, i, d) = a.values
        return "\(s)-\(i)-\(d)"
    }
}

/// `identity(x)`.
struct Identity: PoolFunction {
    func callAsFunction(_ x: String) -> String { x }
}

/// The tests' own error type (`SayWhenError(ValueError)`); Codable, so it
/// crosses back from a worker process as itself.
struct SayWhenError: Error, Codable, Equatable {
    var message: String
}

/// Python's `KeyError(key)`, as a Codable Swift error.
struct KeyError: Error, Codable, Equatable {
    var key: Int
}

/// An error that is not Codable: it comes back from a process as `PoolError.remote`.
struct OpaqueError: Error, CustomStringConvertible {
    var detail: String
    var description: String { "OpaqueError(\(detail))" }
}

/// Throws `KeyError(x)` for the inputs in `failAt`, else returns x.
struct Boom: PoolFunction {
    var failAt: Set<Int>
    func callAsFunction(_ x: Int) throws -> Int {
        if failAt.contains(x) { throw KeyError(key: x) }
        return x
    }
}

/// Throws `SayWhenError(message)`.
struct ThrowSayWhen: PoolFunction {
    var message: String
    func callAsFunction(_ x: Int) throws -> Int { throw SayWhenError(message: message) }
}

/// Throws a non-Codable error.
struct ThrowOpaque: PoolFunction {
    func callAsFunction(_ x: Int) throws -> Int { throw OpaqueError(detail: "x=\(x)") }
}

/// `raise_large_valuerror(wait)`: sleeps, then throws an error with a 1 MiB message.
struct RaiseLargeError: PoolFunction {
    func callAsFunction(_ wait: Double) throws -> Int {
        usleep(useconds_t(wait * 1e6))
        throw SayWhenError(message: String(repeating: "x", count: 1 << 20))
    }
}

/// A result whose encoding fails in the worker (Python's unpicklable lambda result).
struct Unencodable: Codable, Sendable {
    init() {}
    init(from decoder: any Decoder) throws { }
    func encode(to encoder: any Encoder) throws {
        throw EncodingError.invalidValue(self, .init(codingPath: [], debugDescription: "Unencodable refuses to encode"))
    }
}

/// Returns a value that cannot be encoded.
struct ReturnUnencodable: PoolFunction {
    func callAsFunction(_ x: Int) -> Unencodable { Unencodable() }
}

/// An argument whose encoding fails in the parent (Python's unpicklable argument).
struct UnencodableArgument: Codable, Sendable {
    init() {}
    init(from decoder: any Decoder) throws {}
    func encode(to encoder: any Encoder) throws {
        throw EncodingError.invalidValue(self, .init(codingPath: [], debugDescription: "cannot encode this argument"))
    }
}

struct TakeUnencodable: PoolFunction {
    func callAsFunction(_ x: UnencodableArgument) -> Int { 1 }
}

/// Ways to kill a worker process from inside a task.
enum CrashKind: String, Codable, Sendable, CaseIterable {
    case indexOutOfRange, forceUnwrapNil, fatalError, integerOverflow, segfault, abort, exit
}

/// A task that crashes its worker in the given way (inputs select the victim:
/// the task crashes only when `input == crashOn`; otherwise it squares).
struct CrashTask: PoolFunction {
    var kind: CrashKind
    var crashOn: Int = 0
    func callAsFunction(_ input: Int) -> Int {
        guard input == crashOn else { return input * input }
        switch kind {
        case .indexOutOfRange:
            let values = [1, 2, 3]
            return values[input + 3 + values.count]
        case .forceUnwrapNil:
            let dict: [Int: Int] = [:]
            return dict[input]!
        case .fatalError:
            fatalError("CrashTask asked for fatalError")
        case .integerOverflow:
            return Int.max - 1 + (input + 10)
        case .segfault:
            raise(SIGSEGV)
            return 0
        case .abort:
            abort()
        case .exit:
            exit(7)
        }
    }
}

/// Sleeps for `seconds` and returns the worker's pid.
struct SleepThenPid: PoolFunction {
    func callAsFunction(_ seconds: Double) -> Int32 {
        usleep(useconds_t(seconds * 1e6))
        return getpid()
    }
}

/// Returns the worker's pid (and keeps it busy for `spin` seconds first).
struct WhoAmI: PoolFunction {
    func callAsFunction(_ spin: Double) -> Int32 {
        if spin > 0 { usleep(useconds_t(spin * 1e6)) }
        return getpid()
    }
}

/// Per-process state that the initializer sets (a worker process has its own copy).
let initializerRuns = Atomic<Int>(0)

/// Counts its runs in this process.
struct CountingInitializer: PoolInitializer {
    var tag: Int
    func callAsFunction() throws {
        initializerRuns.add(tag, ordering: .relaxed)
    }
}

/// An initializer that throws.
struct FailingInitializer: PoolInitializer {
    func callAsFunction() throws { throw SayWhenError(message: "initializer refused") }
}

/// Returns how many times the initializer ran in this worker process, and its pid.
struct ReadInitializerRuns: PoolFunction {
    func callAsFunction(_ x: Int) -> [Int] { [initializerRuns.load(ordering: .relaxed), Int(getpid())] }
}

/// Pools started inside a worker process and kept alive there.
let innerPools = Mutex<[Pool]>([])

/// Starts a process pool inside the worker (Python's test_pool_in_process),
/// maps with it, keeps it, and returns [own pid, map sum, inner worker pids…].
struct StartInnerPool: PoolFunction {
    var workers: Int
    func callAsFunction(_ x: Int) throws -> [Int] {
        let pool = try Pool(processes: workers)
        let squares = try pool.map(Sqr(), 1...7)
        innerPools.withLock { $0.append(pool) }
        return [Int(getpid()), squares.reduce(0, +)] + pool.workerIdentifiers
    }
}

/// Writes this worker's pid into `directory`, and throws if another worker
/// wrote there first: the second worker of a pool fails to start (CPython's
/// test_release_unused_processes).
struct FailAfterFirstWorker: PoolInitializer {
    var directory: String
    func callAsFunction() throws {
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        _ = FileManager.default.createFile(atPath: "\(directory)/\(getpid())", contents: nil)
        if !existing.isEmpty { throw SayWhenError(message: "Manually induced failure in worker \(getpid())") }
    }
}

/// Spins the CPU for `seconds`, then returns the input (a task that can only
/// be stopped by killing its worker).
struct Busy: PoolFunction {
    var seconds: Double
    func callAsFunction(_ x: Int) -> Int {
        let end = Date().addingTimeInterval(seconds)
        var n = 0
        while Date() < end { n &+= 1 }
        return x + (n == -1 ? 1 : 0)
    }
}
