#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import SwarmCore
import SwarmScheduler

/// The controller's handle on one engine: its signed channel, what it said
/// in its hello, and (for a local engine) its process.
final class EngineLink: Sendable {
    let id: Int
    let channel: SecureChannel
    let hello: EngineHello
    /// The engine's process when the controller started it; nil for an engine
    /// that joined over the network.
    let process: WorkerProcess?
    /// Held while writing to the engine, so that flushes leave in order.
    let sendLock = Mutex<Int>(0)

    init(id: Int, channel: SecureChannel, hello: EngineHello, process: WorkerProcess?) {
        self.id = id
        self.channel = channel
        self.hello = hello
        self.process = process
    }

    /// Stops the engine now: SIGKILL for a local process, an abort frame and a
    /// closed socket for a remote one, the end of its session for an MPI rank
    /// (which cannot be killed alone: it rejoins once its task ends). Its
    /// reader then sees end of stream.
    func kill() {
        if let process {
            process.kill(signal: SIGKILL)
        } else if channel.connection.shutdownReleasesPeer {
            channel.connection.shutdownSocket()
        } else {
            try? channel.send(kind: ClusterMessage.abort)
            channel.connection.shutdownSocket()
        }
    }
}
