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
}

extension FramedConnection: FrameTransport {
    var shutdownReleasesPeer: Bool { false }
}
