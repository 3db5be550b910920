import Foundation
import SwarmArray
@testable import SwarmCluster
import SwarmPool

// Function values run on engines. File scope: engines (this test binary)
// find them by mangled name.

struct ClusterSquare: PoolFunction {
    func callAsFunction(_ x: Int) -> Int { x * x }
}

struct ClusterNoop: PoolFunction {
    func callAsFunction(_ x: Int) -> Int { x }
}

/// Sleeps, then returns the engine's pid.
struct ClusterSleep: PoolFunction {
    var seconds: Double
    func callAsFunction(_ tag: Int) -> Int32 {
        usleep(useconds_t(seconds * 1e6))
        return getpid()
    }
}

struct ClusterPid: PoolFunction {
    func callAsFunction(_ x: Int) -> Int32 { getpid() }
}

struct ClusterPrint: PoolFunction {
    func callAsFunction(_ text: String) -> Int {
        print(text)
        FileHandle.standardError.write(Data("err:\(text)\n".utf8))
        return text.count
    }
}

struct ClusterFailure: Error, Codable, Equatable {
    var reason: String
}

struct ClusterThrow: PoolFunction {
    func callAsFunction(_ x: Int) throws -> Int { throw ClusterFailure(reason: "no \(x)") }
}

/// Kills its own engine (SIGKILL, as the out-of-memory killer does) unless
/// `marker` exists; creates it first, so a retry succeeds.
struct ClusterCrashOnce: PoolFunction {
    var marker: String
    func callAsFunction(_ x: Int) -> Int {
        if !FileManager.default.fileExists(atPath: marker) {
            _ = FileManager.default.createFile(atPath: marker, contents: Data())
            kill(getpid(), SIGKILL)
        }
        return x + 1
    }
}

struct ClusterAbort: PoolFunction {
    func callAsFunction(_ x: Int) -> Int { abort() }
}

/// Sums the engine's `name` ([Double]) and stores the sum as `name_sum`.
struct ClusterSum: EngineFunction {
    var name: String
    func callAsFunction(_ namespace: inout EngineNamespace) throws -> Double {
        let xs = try namespace.value(name, as: [Double].self)
        let total = xs.reduce(0, +)
        namespace.set(name + "_sum", total)
        return total
    }
}

/// Doubles the engine's NDArray `name` in place.
struct ClusterDoubleArray: EngineFunction {
    var name: String
    func callAsFunction(_ namespace: inout EngineNamespace) throws -> [Int] {
        let a = try namespace.value(name, as: NDArray<Double>.self)
        namespace.set(name, a * 2)
        return a.shape
    }
}

/// Appends a value to the engine's `log` ([Int]) and returns the log.
struct ClusterAppendLog: EngineFunction {
    var value: Int
    func callAsFunction(_ namespace: inout EngineNamespace) throws -> [Int] {
        var log = namespace.contains("log") ? try namespace.value("log", as: [Int].self) : []
        log.append(value)
        namespace.set("log", log)
        return log
    }
}

/// Reads a name that a previous task left on the engine (for `follow:`).
struct ClusterReadLeft: PoolFunction {
    func callAsFunction(_ x: Int) throws -> Int {
        try EngineNamespace.withCurrent { try $0.value("left", as: Int.self) }
    }
}

struct ClusterLeave: PoolFunction {
    func callAsFunction(_ x: Int) -> Int32 {
        EngineNamespace.withCurrent { $0.set("left", x) }
        return getpid()
    }
}

/// How the engine holds a name: "value" (decoded, as a memory transfer
/// leaves it), "slice" or "encoded" (wire form, as the socket leaves it).
struct ClusterEntryKind: EngineFunction {
    var name: String
    func callAsFunction(_ namespace: inout EngineNamespace) throws -> String {
        switch namespace.entries[name] {
        case .value?: return "value"
        case .slice?: return "slice"
        case .encoded?: return "encoded"
        case nil: return "missing"
        }
    }
}

/// The number of arrays the engine still lends for gathers.
struct ClusterOpenLoans: EngineFunction {
    func callAsFunction(_ namespace: inout EngineNamespace) throws -> Int {
        EngineMemory.loans.withLock { $0.arrays.count }
    }
}

/// Checks a Double array's elements on the engine: returns (rows, sum of all elements).
struct ClusterArraySummary: EngineFunction {
    var name: String
    func callAsFunction(_ namespace: inout EngineNamespace) throws -> [Double] {
        let a = try namespace.value(name, as: NDArray<Double>.self)
        return [Double(a.shape[0]), a.sum()]
    }
}
