#if MPI
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization
import CSwarmMPI
import SwarmCore

/// One session of an engine rank, with the engine in a process of its own.
///
/// MPI cannot replace a rank, so the rank does not run tasks itself: it
/// starts an ordinary local engine process (this executable with
/// `--swarm-engine`, its child) and relays between rank 0 and that process.
/// When the process crashes, is killed by the out-of-memory killer, or is
/// stopped to cancel a running task, the rank tells rank 0 how it ended and
/// joins again with a new process: the MPI job goes on, as a local cluster does.
///
/// Frames are checked and signed again at the rank (two channels under the
/// same cluster key, one per hop). Tasks go through unchanged, except the
/// collectives, which need the rank's MPI: for a scatter or broadcast the
/// rank receives its block by the collective and the engine process reads it
/// straight from the rank's memory; for a gather the rank pulls the value
/// from its engine process and joins the collective with it.
final class MPIEngineRelay: @unchecked Sendable {
    // @unchecked: the shared state sits behind `state`; the channels are
    // thread-safe for sending, and each is received on one thread.
    private let upTransport: MPITransport
    private let up: SecureChannel
    private let down: SecureChannel
    private let process: WorkerProcess
    private let state = ConditionLock(State())
    private let nextInternal = Atomic<UInt64>(1 << 63)
    /// Whether the engine process can read this rank's memory (asked at the
    /// first scatter; only the up thread touches it).
    private var childReadsRank: Bool?

    private struct State {
        /// Set once the session is over (rank 0 ended it, or the process did).
        var over = false
        /// Internal task ids → the task of rank 0's that each stands for
        /// (its result is forwarded under that id), with the block the
        /// engine process reads from this rank's memory until it answers.
        var forwarded: [UInt64: (original: UInt64, keep: [UInt8])] = [:]
        /// Internal task ids whose results the up thread waits for.
        var awaited: Set<UInt64> = []
        var replies: [UInt64: ChannelMessage] = [:]
        /// Set when the result thread has ended.
        var resultsEnded = false
    }

    /// Starts the engine process of a session that rank 0 booted; nil (and
    /// the rank runs the engine itself) when it cannot be started.
    init?(boot: MPIBootstrap) {
        guard let process = try? WorkerProcess.spawn(mode: "--swarm-engine") else { return nil }
        let session = Array(ClusterKey.random().bytes.prefix(16))
        let bootstrap = LocalBootstrap(session: session, key: boot.local.key, capacity: boot.local.capacity)
        guard (try? process.connection.send(kind: ClusterMessage.sessionStart, body: BinaryEncoder().encode(bootstrap))) != nil else {
            _ = process.terminate(grace: 0)
            return nil
        }
        // On kernels where only a parent may read its children's memory
        // (Yama ptrace_scope 1), the engine process may read this rank's.
        ProcessMemory.allowReads(by: process.pid)
        self.process = process
        upTransport = MPITransport(peer: 0, epoch: boot.epoch, isEngineSide: true)
        let key = ClusterKey(bytes: boot.local.key)
        up = SecureChannel(connection: upTransport, key: key, session: boot.local.session, isAcceptor: false)
        down = SecureChannel(connection: process.connection, key: key, session: session, isAcceptor: true)
    }

    /// Relays until the session ends; returns with the engine process gone.
    func run() {
        let downward = Thread { [self] in relayResults() }
        downward.stackSize = 1 << 20
        downward.start()
        relayTasks()
        state.withLock { $0.over = true }
        state.broadcast()
        process.kill(signal: SIGKILL)
        _ = process.reap(timeout: 5)
        // The result thread ends at the process's end of stream.
        state.wait(until: { $0.resultsEnded }) { _, _ in }
    }

    // MARK: Rank 0 → engine process

    private func relayTasks() {
        var batch = FrameBatch()
        while true {
            if state.withLock({ $0.over }) { return }   // ended while a collective waited
            let message: ChannelMessage
            do {
                guard let next = try up.receive(spinNanoseconds: MPITransport.engineSpinNanoseconds) else { continue }
                message = next
            } catch {
                return  // rank 0 ended the session (or is exiting), or the process did
            }
            switch message.kind {
            case ClusterMessage.abort:
                return
            case ClusterMessage.task:
                var offset = message.payloadOffset
                if let header = try? TaskHeader.read(message.bytes, offset: &offset), let collective = Self.collective(header.typeName) {
                    flush(&batch)
                    runCollective(collective, header: header, message: message, payloadAt: offset)
                    continue
                }
                append(message, to: &batch)
            case ClusterMessage.shutdown:
                state.withLock { $0.over = true }
                append(message, to: &batch)
                flush(&batch)
                return
            default:
                append(message, to: &batch)
            }
            if !up.hasBufferedFrame { flush(&batch) }
        }
    }

    private func append(_ message: ChannelMessage, to batch: inout FrameBatch) {
        batch.begin(kind: message.kind)
        batch.append(bytes: message.bytes, range: message.payloadOffset..<message.bytes.count)
    }

    private func flush(_ batch: inout FrameBatch) {
        try? down.send(&batch)   // a failed write: the process is gone, and the result thread says so
        batch.removeAll()
    }

    // MARK: Engine process → rank 0

    private func relayResults() {
        var batch = FrameBatch()
        do {
            while true {
                guard let message = try down.receive() else { continue }
                if message.kind == ClusterMessage.result, let id = Self.resultID(message), id >= 1 << 63 {
                    let route = state.withLock { s -> (UInt64, Bool)? in
                        if let entry = s.forwarded.removeValue(forKey: id) { return (entry.original, false) }
                        if s.awaited.contains(id) { s.replies[id] = message; return nil }
                        return (0, true)   // unknown: dropped
                    }
                    state.broadcast()
                    if let (original, drop) = route, !drop {
                        var bytes = message.bytes
                        withUnsafeBytes(of: original.littleEndian) { raw in
                            for i in 0..<8 { bytes[message.payloadOffset + i] = raw[i] }
                        }
                        batch.begin(kind: message.kind)
                        batch.append(bytes: bytes, range: message.payloadOffset..<bytes.count)
                    }
                } else {
                    append(message, to: &batch)
                }
                // Whatever the last frame was (a result kept for the rank itself
                // included), what is batched leaves once no frame is waiting.
                if !down.hasBufferedFrame && !batch.isEmpty {
                    try up.send(&batch)
                    batch.removeAll()
                }
            }
        } catch {
            // The engine process ended. Unless the session was already over,
            // rank 0 learns how (the tasks it ran fail or are retried), and the
            // rank waits to be booted again.
            let exit = process.reap(timeout: 2)
            let wasOver = state.withLock { s -> Bool in
                defer { s.over = true }
                return s.over
            }
            if !wasOver {
                try? up.send(&batch)
                upTransport.reportEnd(exit)
            }
            upTransport.shutdownSocket()
            state.withLock { $0.resultsEnded = true }
            state.broadcast()
        }
    }

    private static func resultID(_ message: ChannelMessage) -> UInt64? {
        guard message.bytes.count >= message.payloadOffset + 8 else { return nil }
        return UInt64(littleEndian: message.bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: message.payloadOffset, as: UInt64.self) })
    }

    // MARK: Collectives

    private enum Collective { case scatter, broadcast, gather }

    private static let collectiveNames: [String: Collective] = {
        var names: [String: Collective] = [:]
        if let n = try? CollectiveCall.Scatter.remoteTypeName() { names[n] = .scatter }
        if let n = try? CollectiveCall.Broadcast.remoteTypeName() { names[n] = .broadcast }
        if let n = try? CollectiveCall.Gather.remoteTypeName() { names[n] = .gather }
        return names
    }()

    private static func collective(_ typeName: String) -> Collective? { collectiveNames[typeName] }

    private func runCollective(_ kind: Collective, header: TaskHeader, message: ChannelMessage, payloadAt offset: Int) {
        let started = Date().timeIntervalSince1970
        switch kind {
        case .scatter, .broadcast:
            let received = Result {
                try CollectiveCall.receiveBlob(message.bytes, at: offset) { base, count in
                    kind == .scatter ? cswarm_mpi_scatterv_leaf(base, count) : cswarm_mpi_bcast(base, count)
                }
            }
            switch received {
            case .success(let (name, blob)):
                // The engine process reads the block from here; its answer goes to rank 0 as this task's.
                let id = internalID()
                if childReadsRank == nil { childReadsRank = MemoryTransfer.allowed && probeChild() }
                if childReadsRank == true {
                    state.withLock { $0.forwarded[id] = (header.id, blob) }
                    let address = blob.withUnsafeBytes { UInt64(UInt(bitPattern: $0.baseAddress)) }
                    sendInternal(id, MemoryBytesPutCall.self, MemoryBytesPutCall.Block(name: name, address: address, count: blob.count))
                } else if let payload = try? PushCall.payload([(name, blob)]) {
                    // A kernel that lets no child read its parent: by socket.
                    state.withLock { $0.forwarded[id] = (header.id, []) }
                    sendInternal(id, PushCall.self, raw: payload)
                } else {
                    sendResult(id: header.id, started: started,
                               outcome: .failure(ClusterError(.encoding, "'\(name)' could not be handed to the engine process")))
                }
            case .failure(let error):
                sendResult(id: header.id, started: started, outcome: .failure(error))
            }
        case .gather:
            let name = (try? BinaryDecoder().decode(String.self, from: message.bytes, startingAt: offset)) ?? ""
            let id = internalID()
            state.withLock { _ = $0.awaited.insert(id) }
            sendInternal(id, MemoryWireLendCall.self, name)
            let reply = awaitReply(id)
            guard let reply, let result = Self.resultPayload(reply) else {
                CollectiveCall.skipGather()
                sendResult(id: header.id, started: started,
                           outcome: .failure(ClusterError(.engineDied, "the engine process ended before it gave '\(name)' to a gather")))
                return
            }
            var at = result.range.lowerBound
            guard result.succeeded, let loan = try? BinaryDecoder().decode(MemoryWireLendCall.Loan.self, from: reply.bytes, offset: &at) else {
                CollectiveCall.skipGather()
                // The engine's own error (no such name, say), as rank 0 would have had it.
                var bytes = reply.bytes
                withUnsafeBytes(of: header.id.littleEndian) { raw in
                    for i in 0..<8 { bytes[reply.payloadOffset + i] = raw[i] }
                }
                try? up.send(kind: reply.kind) { $0.append(bytes: bytes, range: reply.payloadOffset..<bytes.count) }
                return
            }
            // The value's wire form, read straight from the engine process's memory.
            let read = Result { () throws -> [UInt8] in
                try [UInt8](unsafeUninitializedCapacity: loan.count) { buffer, initialized in
                    if loan.count > 0 {
                        try ProcessMemory.read(from: process.pid, address: loan.address, into: buffer.baseAddress!, count: loan.count)
                    }
                    initialized = loan.count
                }
            }
            sendInternal(internalID(), MemoryReturnCall.self, [loan.token])   // its answer is dropped
            let outcome = Result { () throws -> [UInt8] in
                let value: [UInt8]
                do { value = try read.get() } catch {
                    CollectiveCall.skipGather()
                    throw error
                }
                var answer: [UInt8] = []
                try value.withUnsafeBytes { try CollectiveCall.Gather.send(name, prefix: [], rest: $0, reply: &answer) }
                return answer
            }
            sendResult(id: header.id, started: started, outcome: outcome)
        }
    }

    /// Asks the engine process to read probe bytes from this rank's memory.
    private func probeChild() -> Bool {
        let probe: [UInt8] = (0..<32).map { _ in UInt8.random(in: 0...255) }
        let id = internalID()
        state.withLock { _ = $0.awaited.insert(id) }
        let address = probe.withUnsafeBytes { UInt64(UInt(bitPattern: $0.baseAddress)) }
        sendInternal(id, MemoryProbeCall.self, MemoryProbeCall.Probe(address: address, expected: probe))
        let reply = awaitReply(id)
        withExtendedLifetime(probe) {}
        guard let reply, let result = Self.resultPayload(reply), result.succeeded else { return false }
        var at = result.range.lowerBound
        return (try? BinaryDecoder().decode(Bool.self, from: reply.bytes, offset: &at)) ?? false
    }

    /// The engine process's answer to internal task `id`; nil if the
    /// session ended first.
    ///
    /// The answer may wait behind a long task, so rank 0's messages are
    /// still read meanwhile: tasks go on to the engine process, and when
    /// rank 0 ends the session (a cancel, a timeout) the process is stopped
    /// at once, as it would be outside the wait. No collective can arrive:
    /// rank 0 starts the next one only after this one.
    private func awaitReply(_ id: UInt64) -> ChannelMessage? {
        while true {
            let (reply, done) = state.wait(until: { $0.replies[id] != nil || $0.over },
                                           deadline: .after(seconds: 0.001)) { s, _ -> (ChannelMessage?, Bool) in
                if let reply = s.replies.removeValue(forKey: id) {
                    s.awaited.remove(id)
                    return (reply, true)
                }
                if s.over {
                    s.awaited.remove(id)
                    return (nil, true)
                }
                return (nil, false)
            }
            if done { return reply }
            do {
                guard let message = try up.receive(deadline: .now) else { continue }
                var batch = FrameBatch()
                switch message.kind {
                case ClusterMessage.abort:
                    endSession()
                case ClusterMessage.shutdown:
                    state.withLock { $0.over = true }
                    append(message, to: &batch)
                default:
                    append(message, to: &batch)
                }
                flush(&batch)
                state.broadcast()
            } catch {
                endSession()
            }
        }
    }

    /// Rank 0 ended the session: the engine process is stopped now.
    private func endSession() {
        state.withLock { $0.over = true }
        process.kill(signal: SIGKILL)
        state.broadcast()
    }

    private func internalID() -> UInt64 {
        nextInternal.add(1, ordering: .relaxed).newValue
    }

    /// Sends the engine process a task of the relay's own.
    private func sendInternal<C: RemoteCallable, P: Encodable>(_ id: UInt64, _ type: C.Type, _ payload: P) {
        guard let bytes = try? BinaryEncoder().encode(payload) else { return }
        sendInternal(id, type, raw: bytes)
    }

    /// Sends the engine process a task of the relay's own, its payload encoded.
    private func sendInternal<C: RemoteCallable>(_ id: UInt64, _: C.Type, raw payload: [UInt8]) {
        var batch = FrameBatch()
        batch.begin(kind: ClusterMessage.task)
        do {
            try TaskHeader(id: id, typeName: try C.remoteTypeName()).append(to: &batch)
        } catch {
            return
        }
        batch.append(bytes: payload)
        try? down.send(&batch)
    }

    /// Where a result frame's payload lies, and whether the task succeeded.
    private static func resultPayload(_ message: ChannelMessage) -> (succeeded: Bool, range: Range<Int>)? {
        let bytes = message.bytes, start = message.payloadOffset + ResultHeader.size
        guard bytes.count >= start + ResultHeader.trailerSize else { return nil }
        let out = Int(UInt32(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt32.self) }))
        let err = Int(UInt32(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self) }))
        let end = bytes.count - ResultHeader.trailerSize - out - err
        guard end >= start else { return nil }
        return (bytes[message.payloadOffset + 8] == 1, start..<end)
    }

    /// Sends rank 0 the result of one of its tasks that the rank ran itself.
    private func sendResult(id: UInt64, started: Double, outcome: Result<[UInt8], any Error>) {
        var batch = FrameBatch()
        batch.begin(kind: ClusterMessage.result)
        var succeeded = false
        var payload: [UInt8] = []
        switch outcome {
        case .success(let bytes):
            succeeded = true
            payload = bytes
        case .failure(let error):
            let failure = RemoteFailure(error, kind: .thrown, pid: getpid())
            payload = (try? BinaryEncoder().encode(failure)) ?? []
        }
        batch.append(fixed: id)
        batch.append(fixed: UInt8(succeeded ? 1 : 0))
        batch.append(fixed: started.bitPattern)
        batch.append(fixed: Date().timeIntervalSince1970.bitPattern)
        batch.append(bytes: payload)
        batch.append(fixed: UInt32(0))
        batch.append(fixed: UInt32(0))
        try? up.send(&batch)
    }
}
#endif
