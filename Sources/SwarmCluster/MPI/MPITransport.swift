#if MPI
import Synchronization
import SwarmCore

/// A ``FrameTransport`` over MPI point-to-point messages between rank 0 (the
/// controller) and one engine rank, for one session (``epoch``).
///
/// A ``SecureChannel`` batch (one or more frames) travels as one message on
/// the session's data tag; the receiving side splits it into frames again.
/// Frames of an older session still on their way are read and dropped.
/// On the engine side the transport also watches the control tags: a `close`
/// for its epoch, or any `boot`/`finalize`, ends the session (the latter two
/// are left for the engine's main loop to take).
final class MPITransport: FrameTransport, @unchecked Sendable {
    // @unchecked: `buffer` and `offset` belong to the one receiving thread
    // (FrameTransport's contract); the rest is immutable or atomic.
    let peer: Int
    let epoch: UInt64
    /// Whether this end is an engine rank (the peer is rank 0).
    let isEngineSide: Bool
    private let dataTag: Int32
    private let closed = Atomic<Bool>(false)
    private let reportedExit = Mutex<WorkerExit?>(nil)
    private var buffer: [UInt8] = []
    private var offset = 0

    init(peer: Int, epoch: UInt64, isEngineSide: Bool) {
        self.peer = peer
        self.epoch = epoch
        self.isEngineSide = isEngineSide
        self.dataTag = MPIWorld.Tag.data(epoch: epoch)
    }

    var shutdownReleasesPeer: Bool { true }

    /// How long an idle engine rank polls before it starts to sleep.
    static let engineSpinNanoseconds: UInt64 = 2_000_000
    /// How long the controller polls an engine rank after its last frame.
    static let controllerSpinNanoseconds: UInt64 = 300_000

    func sendRaw(_ bytes: [UInt8]) throws {
        guard !closed.load(ordering: .acquiring) else { throw WireError(.closed, "the MPI session with rank \(peer) has ended") }
        try MPIWorld.send(bytes, to: peer, tag: dataTag)
    }

    var hasBufferedFrame: Bool { bufferedFrameLength() != nil }

    func receive(deadline: MonotonicInstant?, spinNanoseconds: UInt64) throws -> Frame? {
        var pieces: [UInt8] = []
        while true {
            if let frame = try takeBufferedFrame() { return frame }
            // Both ends poll a while before they sleep: the next frame of a
            // client waiting on each result comes within microseconds.
            guard let pending = try MPIWorld.wait(
                from: peer, deadline: deadline,
                spinNanoseconds: max(spinNanoseconds, isEngineSide ? MPITransport.engineSpinNanoseconds : MPITransport.controllerSpinNanoseconds),
                maxSleepMicroseconds: 100, stop: { closed.load(ordering: .acquiring) })
            else {
                if closed.load(ordering: .acquiring) { throw WireError(.closed, "the MPI session with rank \(peer) has ended") }
                return nil
            }
            switch pending.tag {
            case dataTag + 1:
                pieces.append(contentsOf: try MPIWorld.receive(pending))
            case dataTag:
                var message = try MPIWorld.receive(pending)
                if !pieces.isEmpty {
                    pieces.append(contentsOf: message)
                    message = pieces
                    pieces = []
                }
                buffer = message
                offset = 0
            case MPIWorld.Tag.close where isEngineSide:
                let body = try MPIWorld.receive(pending)
                if body.count == 8, UInt64(littleEndian: body.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }) == epoch {
                    closed.store(true, ordering: .releasing)
                    throw WireError(.closed, "rank 0 ended this session")
                }
            case MPIWorld.Tag.close:
                // The engine rank ended the session: its engine process exited.
                let body = try MPIWorld.receive(pending)
                guard body.count >= 8, UInt64(littleEndian: body.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }) == epoch
                else { continue }
                let exit = body.count > 8 ? try? BinaryDecoder().decode(WorkerExit.self, from: Array(body[8...])) : nil
                reportedExit.withLock { $0 = exit }
                closed.store(true, ordering: .releasing)
                throw WireError(.closed, "MPI rank \(peer) ended the session: its engine process \(exit.map { "\($0)" } ?? "exited")")
            case MPIWorld.Tag.boot where isEngineSide, MPIWorld.Tag.finalize where isEngineSide:
                // Left in MPI's queue for the engine's main loop.
                closed.store(true, ordering: .releasing)
                throw WireError(.closed, "rank 0 started another session or is exiting")
            default:
                _ = try MPIWorld.receive(pending)  // a frame of an ended session
            }
        }
    }

    func shutdownSocket() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        guard !isEngineSide else { return }
        withUnsafeBytes(of: epoch.littleEndian) { raw in
            try? MPIWorld.send(Array(raw), to: peer, tag: MPIWorld.Tag.close)
        }
    }

    func close() { shutdownSocket() }

    var peerExit: WorkerExit? { reportedExit.withLock { $0 } }

    /// Engine side: tells rank 0 that this session is over because the
    /// engine process ended (`exit`), and stops this end.
    func reportEnd(_ exit: WorkerExit?) {
        guard isEngineSide, !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var body = withUnsafeBytes(of: epoch.littleEndian) { Array($0) }
        if let exit, let encoded = try? BinaryEncoder().encode(exit) { body.append(contentsOf: encoded) }
        try? MPIWorld.send(body, to: peer, tag: MPIWorld.Tag.close)
    }

    // MARK: Frames in the last message

    private func bufferedFrameLength() -> Int? {
        guard buffer.count - offset >= 4 else { return nil }
        let length = Int(UInt32(littleEndian: buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }))
        return buffer.count - offset >= 4 + length ? length : nil
    }

    private func takeBufferedFrame() throws -> Frame? {
        guard offset < buffer.count else { return nil }
        guard let length = bufferedFrameLength(), length >= 1 else {
            buffer = []
            offset = 0
            throw WireError(.malformed, "an MPI message from rank \(peer) ends inside a frame")
        }
        let kind = buffer[offset + 4]
        let body: [UInt8]
        if offset == 0 && 4 + length == buffer.count && length >= 1 << 20 {
            // One large frame: move its bytes out without a second copy of the header-less body.
            buffer.removeFirst(5)
            body = buffer
            buffer = []
        } else {
            body = Array(buffer[(offset + 5)..<(offset + 4 + length)])
            offset += 4 + length
        }
        if offset >= buffer.count { buffer = []; offset = 0 }
        return Frame(kind: kind, body: body)
    }
}
#endif
