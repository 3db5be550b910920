import SwarmCore

/// What carries a ``SecureChannel``'s frames: a stream socket
/// (SwarmCore's `FramedConnection`) or, under the `MPI` trait, MPI messages
/// between two ranks (`MPITransport`).
///
/// The channel signs and checks frames; the transport only moves them.
/// Threads: one receiver; sends are serialised by the channel.
protocol FrameTransport: AnyObject, Sendable {
    /// Writes one or more whole frames (`UInt32` length, kind, body) at once.
    func sendRaw(_ bytes: [UInt8]) throws
    /// Writes frames given as pieces in order (inline runs and large
    /// blocks that were not copied together), at once.
    func sendRaw(pieces: [UnsafeRawBufferPointer]) throws
    /// The next frame; nil if `deadline` passed first. Throws `WireError`
    /// `.closed` at end of stream.
    func receive(deadline: MonotonicInstant?, spinNanoseconds: UInt64) throws -> Frame?
    /// Whether a whole frame is already buffered (so a receive would not block).
    var hasBufferedFrame: Bool { get }
    /// Ends the stream in both directions: a blocked receiver wakes with
    /// end of stream, and the peer sees it too.
    func shutdownSocket()
    /// Releases the transport.
    func close()
    /// Whether ``shutdownSocket()`` alone makes an engine at the other end
    /// leave (an MPI rank goes back to waiting for a new session); a socket's
    /// engine is sent an abort frame first.
    var shutdownReleasesPeer: Bool { get }
    /// How the engine process at the other end ended, when the transport
    /// was told (an MPI rank reports its engine process's exit); nil otherwise.
    var peerExit: WorkerExit? { get }
}

extension FrameTransport {
    var peerExit: WorkerExit? { nil }
}

extension FrameTransport {
    /// Joins the pieces and writes them with ``sendRaw(_:)`` (a transport
    /// that sends each write as one message, like MPI's).
    func sendRaw(pieces: [UnsafeRawBufferPointer]) throws {
        var joined = [UInt8]()
        joined.reserveCapacity(pieces.reduce(0) { $0 + $1.count })
        for piece in pieces { joined.append(contentsOf: piece) }
        try sendRaw(joined)
    }
}

extension FramedConnection: FrameTransport {
    var shutdownReleasesPeer: Bool { false }
}
