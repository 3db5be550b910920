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
    ///
    /// Blocks that cross the wire as a raw block (an `NDArray`) go without a
    /// copy on this side when they lie one after another in memory (the rows
    /// of a contiguous array): only their small headers travel in the
    /// control tasks, and each rank receives its bytes right behind its header.
    func scatterByCollective<S: Scatterable>(_ name: String, _ value: S, engines: [Int]) throws -> ClusterResult<[Bool]>? {
        guard let ranks = collectiveRanks(engines) else { return nil }
        let parts = scatterRanges(count: value.scatterRowCount, parts: engines.count).map { value.scatterRows($0) }
        if let raw = parts as? [any WireRawBlockCodable] {
            return try withRawBlocks(raw) { blocks in
                try scatter(name, blocks: blocks, engines: engines, ranks: ranks)
            }
        }
        var buffer: [UInt8] = []
        var spans: [Range<Int>] = []
        for part in parts {
            let start = buffer.count
            do { try BinaryEncoder().encode(part, appendingTo: &buffer) } catch {
                throw ClusterError(.encoding, "a block of '\(name)' could not be encoded: \(error)")
            }
            spans.append(start..<buffer.count)
        }
        return try buffer.withUnsafeBytes { raw in
            let blocks = spans.map { RawBlock(prefix: [], bytes: UnsafeRawBufferPointer(rebasing: raw[$0])) }
            return try scatter(name, blocks: blocks, engines: engines, ranks: ranks)
        }
    }

    /// One rank's block: a prefix (sent in its control task) and bytes (sent by the collective).
    struct RawBlock {
        var prefix: [UInt8]
        var bytes: UnsafeRawBufferPointer
    }

    /// Calls `body` with every part's header (as a wire-form prefix) and raw
    /// bytes, all valid at once (nested calls of `withWireBlock`).
    private func withRawBlocks<R>(_ parts: [any WireRawBlockCodable], _ done: [RawBlock] = [],
                                  _ body: ([RawBlock]) throws -> R) throws -> R {
        guard done.count < parts.count else { return try body(done) }
        return try parts[done.count].withWireForm { prefix, bytes in
            try withRawBlocks(parts, done + [RawBlock(prefix: prefix, bytes: bytes)], body)
        }
    }

    /// Sends block i to `ranks[i]`: from the blocks' own memory when they lie
    /// in order one after another, else from one buffer they are copied into.
    private func scatter(_ name: String, blocks: [RawBlock], engines: [Int], ranks: [Int]) throws -> ClusterResult<[Bool]>? {
        var adjacent = true
        for i in 1..<max(blocks.count, 1) {
            let end = blocks[i - 1].bytes.count > 0 ? blocks[i - 1].bytes.baseAddress! + blocks[i - 1].bytes.count : nil
            if blocks[i].bytes.count > 0 && end != blocks[i].bytes.baseAddress { adjacent = false }
        }
        let total = blocks.reduce(0) { $0 + $1.bytes.count }
        guard total <= Int(Int32.max) else { return nil }
        var copy: [UInt8] = []
        if !adjacent {
            copy.reserveCapacity(total)
            for block in blocks { copy.append(contentsOf: block.bytes) }
        }
        var counts = [Int64](repeating: 0, count: MPIWorld.size)
        var displacements = counts
        var offset = 0
        let base = blocks.first { $0.bytes.count > 0 }?.bytes.baseAddress
        for (i, block) in blocks.enumerated() {
            counts[ranks[i]] = Int64(block.bytes.count)
            displacements[ranks[i]] = Int64(adjacent ? (block.bytes.count > 0 ? block.bytes.baseAddress! - base! : 0) : offset)
            offset += block.bytes.count
        }
        let payloads = try blocks.indices.map {
            try CollectiveCall.payload(name: name, prefix: blocks[$0].prefix, count: counts[ranks[$0]])
        }
        return try MPIWorld.collectiveLock.withLock { _ in
            let result = try submit(typeName: try self.name(CollectiveCall.Scatter.self), engines: engines,
                                    payloads: payloads, shared: nil, options: .collective) { _ in true }
            let code = counts.withUnsafeBufferPointer { c in
                displacements.withUnsafeBufferPointer { d in
                    adjacent ? cswarm_mpi_scatterv_root(base, c.baseAddress, d.baseAddress)
                        : copy.withUnsafeBytes { cswarm_mpi_scatterv_root($0.baseAddress, c.baseAddress, d.baseAddress) }
                }
            }
            try MPIWorld.check(code, "scatter of '\(name)'")
            return result
        }
    }

    /// Gathers with MPI_Gatherv straight into one buffer; nil when a
    /// collective cannot serve this view. Each rank sends its value's bytes
    /// from where they lie (a raw block's header comes in its reply).
    func gatherByCollective<S: Scatterable & Sendable>(_ name: String, as _: S.Type, engines: [Int]) throws -> S? {
        guard let ranks = collectiveRanks(engines) else { return nil }
        return try MPIWorld.collectiveLock.withLock { _ -> S in
            let result = try submit(typeName: try self.name(CollectiveCall.Gather.self), engines: engines, payloads: nil,
                                    shared: try BinaryEncoder().encode(name), options: .collective) { bytes in
                try CollectiveCall.GatherReply(bytes)
            }
            var counts = [Int64](repeating: 0, count: MPIWorld.size)
            let code = counts.withUnsafeMutableBufferPointer { cswarm_mpi_gather_counts_root($0.baseAddress) }
            if code == CSWARM_MPI_TOO_LARGE {
                // Too large for MPI's counts: every rank answered with its whole value.
                let parts = try result.get().map { reply in
                    try S.self.decodeWireForm(prefix: reply.prefix, rest: [], name: name)
                }
                return S.gathered(parts)
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
            let replies = try result.get()  // an engine's error (say, no such name) surfaces here
            return try buffer.withUnsafeBytes { raw in
                let forms = ranks.enumerated().map { i, rank in
                    (prefix: replies[i].prefix,
                     rest: UnsafeRawBufferPointer(rebasing: raw[Int(displacements[rank])..<Int(displacements[rank] + counts[rank])]))
                }
                do {
                    if let joined = try S._gathered(wireForms: forms) { return joined }
                } catch {
                    throw ClusterError(.encoding, "'\(name)' could not be gathered as \(S.self): \(error)")
                }
                return S.gathered(try forms.map { try S.decodeWireForm(prefix: $0.prefix, rest: Array($0.rest), name: name) })
            }
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
    /// The control payload of a scatter or broadcast: the name, the start
    /// of the value's wire form (a raw block's header; may be empty) and the
    /// byte count this rank receives by the collective, which follow it.
    static func payload(name: String, prefix: [UInt8] = [], count: Int64) throws -> [UInt8] {
        var bytes = try BinaryEncoder().encode(name)
        try BinaryEncoder().encode(prefix, appendingTo: &bytes)
        withUnsafeBytes(of: UInt64(count).littleEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }

    private static func readPayload(_ message: [UInt8], at offset: Int) throws -> (String, [UInt8], Int) {
        var at = offset
        do {
            let name = try BinaryDecoder().decode(String.self, from: message, offset: &at)
            let prefix = try BinaryDecoder().decode([UInt8].self, from: message, offset: &at)
            return (name, prefix, Int(try readFixed(UInt64.self, message, &at)))
        } catch {
            throw RemoteCallFailure(.decoding, error)
        }
    }

    /// Receives `count` bytes through `collective` right behind the payload's
    /// prefix, and stores the whole as `name`'s wire form.
    private static func receive(_ message: [UInt8], at offset: Int,
                                _ collective: (UnsafeMutableRawPointer?, Int) -> Int32) throws {
        let (name, blob) = try receiveBlob(message, at: offset, collective)
        EngineNamespace.current.withLock { $0.entries[name] = .encoded(blob) }
    }

    /// Receives `count` bytes through `collective` right behind the payload's
    /// prefix: the name and its whole wire form.
    static func receiveBlob(_ message: [UInt8], at offset: Int,
                            _ collective: (UnsafeMutableRawPointer?, Int) -> Int32) throws -> (String, [UInt8]) {
        let (name, prefix, count) = try readPayload(message, at: offset)
        let blob = try [UInt8](unsafeUninitializedCapacity: prefix.count + count) { raw, initialized in
            let base = UnsafeMutableRawPointer(raw.baseAddress)
            if !prefix.isEmpty { base!.copyMemory(from: prefix, byteCount: prefix.count) }
            try MPIWorld.check(collective(base.map { $0 + prefix.count }, count), "collective receive of '\(name)'")
            initialized = prefix.count + count
        }
        return (name, blob)
    }

    /// Joins a gather with nothing (this rank has no value to give). When
    /// another rank's part is too large for MPI's counts, rank 0 runs no
    /// Gatherv, and neither may this rank.
    static func skipGather() {
        let code = cswarm_mpi_gather_counts_leaf(0)
        guard code != CSWARM_MPI_TOO_LARGE else { return }
        try? MPIWorld.check(code, "gather (counts)")
        try? MPIWorld.check(cswarm_mpi_gatherv_leaf(nil, 0), "gather")
    }

    /// A gather's answer from one rank: the start of its value's wire form
    /// (a raw block's header, or the whole value when it was too large for
    /// the collective); the rest came by the collective.
    struct GatherReply: Sendable {
        var prefix: [UInt8]

        init(_ result: ResultBytes) throws {
            do { prefix = try BinaryDecoder().decode([UInt8].self, from: result.bytes, startingAt: result.offset) } catch {
                throw ClusterError(.encoding, "a gather's reply could not be read: \(error)")
            }
        }
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

    /// This rank's value of a gather (payload: the name), sent from where it lies.
    struct Gather: RemoteCallable {
        static func _handleRemoteCall(_ message: [UInt8], payloadAt offset: Int, reply: inout [UInt8]) throws {
            let name: String
            do { name = try BinaryDecoder().decode(String.self, from: message, startingAt: offset) } catch {
                throw RemoteCallFailure(.decoding, error)
            }
            do {
                try EngineNamespace.current.withLock { ns in
                    try ns.withWireForm(name) { prefix, rest in try send(name, prefix: prefix, rest: rest, reply: &reply) }
                }
            } catch let skipped as CollectiveSkipped {
                throw skipped.underlying
            }
        }

        /// Joins the gather with `rest` (or with nothing when it is too large,
        /// answering with the whole value instead).
        static func send(_ name: String, prefix: [UInt8], rest: UnsafeRawBufferPointer, reply: inout [UInt8]) throws {
            let code = cswarm_mpi_gather_counts_leaf(Int64(rest.count))
            if code == CSWARM_MPI_TOO_LARGE {
                try BinaryEncoder().encode(prefix + Array(rest), appendingTo: &reply)
                return
            }
            try MPIWorld.check(code, "gather of '\(name)' (counts)")
            try MPIWorld.check(cswarm_mpi_gatherv_leaf(rest.baseAddress, rest.count), "gather of '\(name)'")
            try BinaryEncoder().encode(prefix, appendingTo: &reply)
        }
    }
}

/// An engine could not produce its value for a gather; it still joined the
/// collective with nothing, so that rank 0 is not left waiting.
struct CollectiveSkipped: Error {
    var underlying: any Error
}

extension EngineNamespace {
    /// Calls `body` with `name`'s wire form as a prefix and the bytes that
    /// follow it, taken from where they lie: the received bytes, or a raw
    /// block's own memory (an `NDArray`) behind its header. When the name is
    /// missing or cannot be encoded, joins the gather with nothing and throws
    /// ``CollectiveSkipped``.
    func withWireForm(_ name: String, _ body: ([UInt8], UnsafeRawBufferPointer) throws -> Void) throws {
        func skip(_ error: any Error) throws -> Never {
            CollectiveCall.skipGather()
            throw CollectiveSkipped(underlying: error)
        }
        switch entries[name] {
        case nil:
            try skip(ClusterError(.invalidArgument, "name '\(name)' is not defined on this engine (defined: \(names))"))
        case .encoded(let bytes)?:
            try bytes.withUnsafeBytes { try body([], $0) }
        case .slice(let bytes, let range)?:
            try bytes.withUnsafeBytes { try body([], UnsafeRawBufferPointer(rebasing: $0[range])) }
        case .value(let value)?:
            if let raw = value as? any WireRawBlockCodable {
                try raw.withWireForm(body)
            } else {
                let bytes: [UInt8]
                do { bytes = try BinaryEncoder().encode(value) } catch { try skip(error) }
                try bytes.withUnsafeBytes { try body([], $0) }
            }
        }
    }
}

extension WireRawBlockCodable {
    /// Calls `body` with this value's wire form in two pieces: its header and
    /// byte count (as the wire format writes them), and its bytes where they lie.
    func withWireForm<R>(_ body: ([UInt8], UnsafeRawBufferPointer) throws -> R) throws -> R {
        try withWireBlock { header, bytes in
            var prefix = try BinaryEncoder().encode(header)
            withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { prefix.append(contentsOf: $0) }
            return try body(prefix, bytes)
        }
    }
}

extension Scatterable {
    /// Decodes one part from its wire form in two pieces.
    static func decodeWireForm(prefix: [UInt8], rest: [UInt8], name: String) throws -> Self {
        do {
            let bytes = prefix + rest
            var at = 0
            let part = try BinaryDecoder().decode(Self.self, from: bytes, offset: &at)
            guard at == bytes.count else { throw WireError(.malformed, "\(bytes.count - at) bytes left over") }
            return part
        } catch {
            throw ClusterError(.encoding, "'\(name)' could not be decoded as \(Self.self): \(error)")
        }
    }
}
#endif
