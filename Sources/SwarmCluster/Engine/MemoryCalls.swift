import Foundation
import Synchronization
import SwarmArray
import SwarmCore

// The engine side of scatter and gather by process memory: on a local
// cluster the controller's process (the client's) and its engines are parent
// and children on one machine, so an array's rows go from one memory to the
// other in one kernel copy (SwarmCore's `ProcessMemory`) instead of through
// an encoded copy, a signed socket stream and a decoded copy. The small calls
// below, signed like every other, say where the bytes lie; the bytes
// themselves never cross the socket.
//
// Trust: the engine reads only from its own parent (the pid it was started
// by), and the parent reads only from the engines it started. The kernel
// allows either only to a process that could trace the other, which can
// already read the cluster key, so the key's signature adds nothing there.

/// What a local engine knows for memory transfers.
enum EngineMemory {
    /// The controller's process when this engine is its child (a local
    /// engine), 0 otherwise (an engine that connected over the network, or an MPI rank).
    static let controllerPID = Atomic<Int32>(0)
    /// Arrays lent for a gather, by token, kept alive until the controller
    /// has read them and returns the loan.
    static let loans = Mutex<(next: UInt64, arrays: [UInt64: any Sendable])>((1, [:]))

    /// Keeps `value` alive until its token is returned (``MemoryReturnCall``).
    static func lend(_ value: any Sendable) -> UInt64 {
        loans.withLock { loans in
            let token = loans.next
            loans.next += 1
            loans.arrays[token] = value
            return token
        }
    }

    /// The parent's pid; throws on an engine that is not a local child.
    static func parent() throws -> Int32 {
        let pid = controllerPID.load(ordering: .relaxed)
        guard pid != 0 else {
            throw ClusterError(.invalidArgument, "this engine is not a child of its controller's process: no memory transfers")
        }
        return pid
    }
}

/// A call's payload decoded as `T` (a failure of the decoding stage otherwise).
func decodeCallPayload<T: Decodable>(_ type: T.Type, _ message: [UInt8], at offset: Int) throws -> T {
    do { return try BinaryDecoder().decode(T.self, from: message, startingAt: offset) } catch {
        throw RemoteCallFailure(.decoding, error)
    }
}

/// Where a block of bytes lies in the sender's memory: `name`'s rows of
/// `shape`, at `address`.
struct MemoryBlock: Codable {
    var name: String
    var shape: [Int]
    var address: UInt64
}

/// An array an engine lends for reading: give `token` back with ``MemoryReturnCall``.
struct MemoryLoan: Codable, Sendable {
    var token: UInt64
    var shape: [Int]
    var address: UInt64
}

/// Whether this engine can read its controller's memory: reads the probe
/// bytes the controller names (payload: address, expected bytes) and answers
/// whether they match.
struct MemoryProbeCall: RemoteCallable {
    struct Probe: Codable {
        var address: UInt64
        var expected: [UInt8]
    }

    static func _handleRemoteCall(_ message: [UInt8], payloadAt offset: Int, reply: inout [UInt8]) throws {
        let probe = try decodeCallPayload(Probe.self, message, at: offset)
        var matches = false
        if let pid = try? EngineMemory.parent(), probe.expected.count <= 4096 {
            var seen = [UInt8](repeating: 0, count: probe.expected.count)
            let read = seen.withUnsafeMutableBytes { raw in
                (try? ProcessMemory.read(from: pid, address: probe.address, into: raw.baseAddress!, count: raw.count)) != nil
            }
            matches = read && seen == probe.expected
        }
        try BinaryEncoder().encode(matches, appendingTo: &reply)
    }
}

/// Defines a name as an array whose elements the engine reads straight from
/// its controller's memory (one block of a scatter). Answers true.
struct MemoryPutCall<Element: NDArrayElement & Codable>: RemoteCallable {
    static func _handleRemoteCall(_ message: [UInt8], payloadAt offset: Int, reply: inout [UInt8]) throws {
        let block = try decodeCallPayload(MemoryBlock.self, message, at: offset)
        let pid = try EngineMemory.parent()
        let bytes = try memoryBlockBytes(block.shape, elementSize: MemoryLayout<Element>.stride)
        let array = try NDArray<Element>(unsafeUninitializedShape: block.shape) { buffer in
            guard bytes > 0, let base = buffer.baseAddress else { return }
            try ProcessMemory.read(from: pid, address: block.address, into: base, count: bytes)
        }
        EngineNamespace.current.withLock { $0.set(block.name, array) }
        try BinaryEncoder().encode(true, appendingTo: &reply)
    }
}

/// Defines a name by its wire form, read straight from the parent's memory
/// (an MPI engine rank hands its engine process a block it received by a
/// collective). Payload: name, address, byte count. Answers true.
struct MemoryBytesPutCall: RemoteCallable {
    struct Block: Codable {
        var name: String
        var address: UInt64
        var count: Int
    }

    static func _handleRemoteCall(_ message: [UInt8], payloadAt offset: Int, reply: inout [UInt8]) throws {
        let block = try decodeCallPayload(Block.self, message, at: offset)
        let pid = try EngineMemory.parent()
        let count = try memoryBlockBytes([block.count], elementSize: 1)
        let bytes = try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { try ProcessMemory.read(from: pid, address: block.address, into: buffer.baseAddress!, count: count) }
            initialized = count
        }
        EngineNamespace.current.withLock { $0.entries[block.name] = .encoded(bytes) }
        try BinaryEncoder().encode(true, appendingTo: &reply)
    }
}

/// Lends a name's array (as `NDArray<Element>`) for the controller to read
/// (one block of a gather). Answers `true` and a ``MemoryLoan``, or, for a
/// small array, `false` and the array itself (a loan's extra round trip
/// would cost more than the copy).
struct MemoryLendCall<Element: NDArrayElement & Codable>: RemoteCallable {
    /// Arrays smaller than this are sent in the reply.
    static var inlineLimit: Int { 256 << 10 }

    static func _handleRemoteCall(_ message: [UInt8], payloadAt offset: Int, reply: inout [UInt8]) throws {
        let name = try decodeCallPayload(String.self, message, at: offset)
        let array = try EngineNamespace.current.withLock { try $0.value(name, as: NDArray<Element>.self) }.contiguous()
        guard array.count * MemoryLayout<Element>.stride >= inlineLimit else {
            try BinaryEncoder().encode(false, appendingTo: &reply)
            try BinaryEncoder().encode(array, appendingTo: &reply)
            return
        }
        // The loan holds a reference: a later write to the name copies first
        // (copy on write), so the lent bytes stay as they are until returned.
        let address = array.withUnsafeBufferPointer { UInt64(UInt(bitPattern: $0.baseAddress)) }
        let token = EngineMemory.lend(array)
        try BinaryEncoder().encode(true, appendingTo: &reply)
        try BinaryEncoder().encode(MemoryLoan(token: token, shape: array.shape, address: address), appendingTo: &reply)
    }
}

/// Lends a name's wire form for the parent to read (an MPI engine rank's
/// part of a gather). Payload: the name. Answers a ``Loan``; give its token
/// back with ``MemoryReturnCall``.
struct MemoryWireLendCall: RemoteCallable {
    struct Loan: Codable {
        var token: UInt64
        var address: UInt64
        var count: Int
    }

    static func _handleRemoteCall(_ message: [UInt8], payloadAt offset: Int, reply: inout [UInt8]) throws {
        let name = try decodeCallPayload(String.self, message, at: offset)
        // The bytes as they arrived when the engine still holds them so
        // (no copy); a decoded value is encoded once.
        let (bytes, range) = try EngineNamespace.current.withLock { ns -> ([UInt8], Range<Int>) in
            switch ns.entries[name] {
            case nil: throw ClusterError(.invalidArgument, "name '\(name)' is not defined on this engine (defined: \(ns.names))")
            case .encoded(let bytes)?: return (bytes, bytes.indices)
            case .slice(let bytes, let range)?: return (bytes, range)
            case .value(let value)?:
                let bytes = try BinaryEncoder().encode(value)
                return (bytes, bytes.indices)
            }
        }
        let address = bytes.withUnsafeBytes { UInt64(UInt(bitPattern: $0.baseAddress)) + UInt64(range.lowerBound) }
        let token = EngineMemory.lend(bytes)
        try BinaryEncoder().encode(Loan(token: token, address: address, count: range.count), appendingTo: &reply)
    }
}

/// Ends loans (payload: their tokens); answers how many were outstanding.
struct MemoryReturnCall: RemoteCallable {
    static func _handleRemoteCall(_ message: [UInt8], payloadAt offset: Int, reply: inout [UInt8]) throws {
        let tokens = try decodeCallPayload([UInt64].self, message, at: offset)
        let ended = EngineMemory.loans.withLock { loans in tokens.filter { loans.arrays.removeValue(forKey: $0) != nil }.count }
        try BinaryEncoder().encode(ended, appendingTo: &reply)
    }
}

/// The byte size of an array of `shape`, checked: no negative sizes, no
/// overflow, nothing larger than this machine's memory.
func memoryBlockBytes(_ shape: [Int], elementSize: Int) throws -> Int {
    var bytes = elementSize
    for d in shape {
        let (product, overflow) = bytes.multipliedReportingOverflow(by: d)
        guard d >= 0, !overflow else { throw ClusterError(.invalidArgument, "shape \(shape) is not a valid array shape") }
        bytes = product
    }
    guard UInt64(bytes) <= ProcessInfo.processInfo.physicalMemory else {
        throw ClusterError(.invalidArgument, "an array of shape \(shape) (\(bytes) bytes) is larger than this machine's memory")
    }
    return bytes
}
