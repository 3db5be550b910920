#if MPI
import CSwarmMPI
import SwarmCore

// DirectView's scatter, gather and broadcast as MPI collectives, when the
// view's engines are exactly the world's engine ranks: the data moves once,
// by MPI_Scatterv, MPI_Gatherv or MPI_Bcast on the collective communicator,
// while a small control task per engine (through the controller, like any
// task) tells each rank to join and reports its errors.
//
// Every rank must meet the collectives in the same order. Rank 0 holds
// `MPIWorld.collectiveLock` from submitting the control tasks until its own
// part returns, and control tasks run at the highest priority without
// retries, so no engine can see two collectives' tasks out of order.

extension TaskOptions {
    /// A collective's control task: first in each engine's queue, never moved.
    static var collective: TaskOptions { TaskOptions(priority: .max) }
}

/// Values smaller than this are pushed as ordinary frames: a collective's
/// two extra steps cost more than they save.
let collectiveThreshold = 64 << 10

extension DirectView {
    /// The ranks of `engines` when they are this world's engine ranks.
    private func collectiveRanks(_ engines: [Int]) -> [Int]? {
        guard let local = controller as? Controller, let mpi = local.mpi.withLock({ $0 }) else { return nil }
        return mpi.ranks(of: engines)
    }

    /// Scatters with MPI_Scatterv; nil when a collective cannot serve this view
    /// or the blocks exceed MPI's `int` counts (the caller then pushes).
    func scatterByCollective<S: Scatterable>(_ name: String, _ value: S, engines: [Int]) throws -> ClusterResult<[Bool]>? {
        guard let ranks = collectiveRanks(engines) else { return nil }
        var buffer: [UInt8] = []
        var counts = [Int64](repeating: 0, count: MPIWorld.size)
        var displacements = counts
        for (i, range) in scatterRanges(count: value.scatterRowCount, parts: engines.count).enumerated() {
            let start = buffer.count
            do { try BinaryEncoder().encode(value.scatterRows(range), appendingTo: &buffer) } catch {
                throw ClusterError(.encoding, "a block of '\(name)' could not be encoded: \(error)")
            }
            counts[ranks[i]] = Int64(buffer.count - start)
            displacements[ranks[i]] = Int64(start)
        }
        guard buffer.count <= Int(Int32.max) else { return nil }
        let payloads = try ranks.map { try CollectiveCall.payload(name: name, count: counts[$0]) }
        return try MPIWorld.collectiveLock.withLock { _ in
            let result = try submit(typeName: try self.name(CollectiveCall.Scatter.self), engines: engines,
                                    payloads: payloads, shared: nil, options: .collective) { _ in true }
            let code = buffer.withUnsafeBytes { raw in
                counts.withUnsafeBufferPointer { c in
                    displacements.withUnsafeBufferPointer { d in
                        cswarm_mpi_scatterv_root(raw.baseAddress, c.baseAddress, d.baseAddress)
                    }
                }
            }
            try MPIWorld.check(code, "scatter of '\(name)'")
            return result
        }
    }

    /// Gathers with MPI_Gatherv straight into one buffer; nil when a
    /// collective cannot serve this view.
    func gatherByCollective<S: Scatterable & Sendable>(_ name: String, as _: S.Type, engines: [Int]) throws -> S? {
        guard let ranks = collectiveRanks(engines) else { return nil }
        return try MPIWorld.collectiveLock.withLock { _ -> S in
            // Each reply is a flag: 1 when the value went by the collective,
            // 0 followed by the value when it was too large for MPI's counts.
            let result = try submit(typeName: try self.name(CollectiveCall.Gather.self), engines: engines, payloads: nil,
                                    shared: try BinaryEncoder().encode(name), options: .collective) { bytes -> S? in
                guard bytes.offset < bytes.bytes.count, bytes.bytes[bytes.offset] == 0 else { return nil }
                do { return try BinaryDecoder().decode(S.self, from: bytes.bytes, startingAt: bytes.offset + 1) } catch {
                    throw ClusterError(.encoding, "'\(name)' could not be decoded as \(S.self): \(error)")
                }
            }
            var counts = [Int64](repeating: 0, count: MPIWorld.size)
            let code = counts.withUnsafeMutableBufferPointer { cswarm_mpi_gather_counts_root($0.baseAddress) }
            if code == CSWARM_MPI_TOO_LARGE {
                return S.gathered(try result.get().map { $0! })
            }
            try MPIWorld.check(code, "gather of '\(name)' (counts)")
            var displacements = counts
            var total: Int64 = 0
            for rank in counts.indices {
                displacements[rank] = total
                total += counts[rank]
            }
            let buffer = try [UInt8](unsafeUninitializedCapacity: Int(total)) { raw, initialized in
                let code = counts.withUnsafeBufferPointer { c in
                    displacements.withUnsafeBufferPointer { d in
                        cswarm_mpi_gatherv_root(raw.baseAddress, c.baseAddress, d.baseAddress)
                    }
                }
                try MPIWorld.check(code, "gather of '\(name)'")
                initialized = Int(total)
            }
            _ = try result.get()  // an engine's error (say, no such name) surfaces here
            let parts = try ranks.map { rank -> S in
                var offset = Int(displacements[rank])
                do {
                    let part = try BinaryDecoder().decode(S.self, from: buffer, offset: &offset)
                    guard offset == Int(displacements[rank] + counts[rank]) else {
                        throw WireError(.malformed, "\(Int(displacements[rank] + counts[rank]) - offset) bytes left over")
                    }
                    return part
                } catch {
                    throw ClusterError(.encoding, "'\(name)' from MPI rank \(rank) could not be decoded as \(S.self): \(error)")
                }
            }
            return S.gathered(parts)
        }
    }

    /// Pushes one encoded value to every engine with MPI_Bcast; nil when a
    /// collective cannot serve this view or the value is small.
    func broadcastByCollective(_ name: String, _ encoded: [UInt8], engines: [Int]) throws -> ClusterResult<[Bool]>? {
        guard encoded.count >= collectiveThreshold, encoded.count <= Int(Int32.max),
              collectiveRanks(engines) != nil else { return nil }
        let payload = try CollectiveCall.payload(name: name, count: Int64(encoded.count))
        return try MPIWorld.collectiveLock.withLock { _ in
            let result = try submit(typeName: try self.name(CollectiveCall.Broadcast.self), engines: engines,
                                    payloads: nil, shared: payload, options: .collective) { _ in true }
            var bytes = encoded
            let code = bytes.withUnsafeMutableBytes { cswarm_mpi_bcast($0.baseAddress, $0.count) }
            try MPIWorld.check(code, "broadcast of '\(name)'")
            return result
        }
    }
}

/// The engine side of the collectives: calls every engine knows, found by
/// mangled name like user functions. Each joins its collective even when it
/// then fails, so that rank 0 is never left waiting.
enum CollectiveCall {
    /// The control payload of a scatter or broadcast: the name and this rank's byte count.
    static func payload(name: String, count: Int64) throws -> [UInt8] {
        var bytes = try BinaryEncoder().encode(name)
        withUnsafeBytes(of: UInt64(count).littleEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }

    private static func readPayload(_ message: [UInt8], at offset: Int) throws -> (String, Int) {
        var at = offset
        do {
            let name = try BinaryDecoder().decode(String.self, from: message, offset: &at)
            return (name, Int(try readFixed(UInt64.self, message, &at)))
        } catch {
            throw RemoteCallFailure(.decoding, error)
        }
    }

    /// Receives `count` bytes through `collective` and stores them as `name`'s wire form.
    private static func receive(_ message: [UInt8], at offset: Int,
                                _ collective: (UnsafeMutableRawPointer?, Int) -> Int32) throws {
        let (name, count) = try readPayload(message, at: offset)
        let blob = try [UInt8](unsafeUninitializedCapacity: count) { raw, initialized in
            try MPIWorld.check(collective(raw.baseAddress, count), "collective receive of '\(name)'")
            initialized = count
        }
        EngineNamespace.current.withLock { $0.entries[name] = .encoded(blob) }
    }

    /// This rank's block of a scatter.
    struct Scatter: RemoteCallable {
        static func _handleRemoteCall(_ message: [UInt8], payloadAt offset: Int, reply: inout [UInt8]) throws {
            try receive(message, at: offset) { cswarm_mpi_scatterv_leaf($0, $1) }
            try BinaryEncoder().encode(true, appendingTo: &reply)
        }
    }

    /// A value broadcast to every rank.
    struct Broadcast: RemoteCallable {
        static func _handleRemoteCall(_ message: [UInt8], payloadAt offset: Int, reply: inout [UInt8]) throws {
            try receive(message, at: offset) { cswarm_mpi_bcast($0, $1) }
            try BinaryEncoder().encode(true, appendingTo: &reply)
        }
    }

    /// This rank's value of a gather (payload: the name).
    struct Gather: RemoteCallable {
        static func _handleRemoteCall(_ message: [UInt8], payloadAt offset: Int, reply: inout [UInt8]) throws {
            let name: String
            do { name = try BinaryDecoder().decode(String.self, from: message, startingAt: offset) } catch {
                throw RemoteCallFailure(.decoding, error)
            }
            var bytes: [UInt8] = []
            var failure: (any Error)?
            do { try EngineNamespace.current.withLock { try $0.appendEncoded(name, to: &bytes) } } catch {
                failure = error
                bytes = []
            }
            let code = cswarm_mpi_gather_counts_leaf(Int64(bytes.count))
            if code == CSWARM_MPI_TOO_LARGE {
                if let failure { throw failure }
                reply.append(0)
                reply.append(contentsOf: bytes)
                return
            }
            try MPIWorld.check(code, "gather of '\(name)' (counts)")
            try MPIWorld.check(bytes.withUnsafeBytes { cswarm_mpi_gatherv_leaf($0.baseAddress, $0.count) },
                               "gather of '\(name)'")
            if let failure { throw failure }
            reply.append(1)
        }
    }
}
#endif
