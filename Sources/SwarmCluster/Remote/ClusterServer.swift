#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import Synchronization
import SwarmCore
import SwarmScheduler

/// A long-lived cluster: a controller with local engines that also listens
/// on TCP for clients in other processes (``Cluster/connect(_:)``) and for
/// engines that join later (``Engine/run(connectionFile:resources:)``), and
/// writes a connection file for them (what `swarm cluster start` runs).
///
/// The listener is on loopback unless told otherwise. Each connection first
/// gets a random session id, then every frame must carry a valid HMAC under
/// the cluster key: a wrong key or a malformed frame drops the connection
/// with a log line and leaves everyone else alone.
public final class ClusterServer: Sendable {
    /// The in-process view of the cluster.
    public let cluster: Cluster
    /// What the connection file holds.
    public let connection: ClusterConnectionFile
    /// Where the connection file is, if one was written.
    public let connectionFilePath: String?
    private let listenFD: Int32
    private let stopped = ConditionLock(false)
    private let logger = Logger(label: "swarm.cluster.server")

    private init(cluster: Cluster, connection: ClusterConnectionFile, path: String?, listenFD: Int32) {
        self.cluster = cluster
        self.connection = connection
        self.connectionFilePath = path
        self.listenFD = listenFD
    }

    /// Starts the controller, `engines` local engines and the listener, then
    /// writes the connection file (mode 0600).
    ///
    /// - Parameters:
    ///   - engines: local engines to start (0: only engines that join).
    ///   - connectionFile: where to write the connection file; nil writes none.
    ///   - host: the IPv4 address to listen on; loopback by default.
    ///   - port: the TCP port; 0 picks a free one.
    /// - Throws: ``ClusterError`` if an engine, the listener or the file fails.
    public static func start(engines: Int, connectionFile: String? = ClusterConnectionFile.defaultPath,
                             host: String = "127.0.0.1", port: Int = 0, resources: Resources? = nil,
                             highWaterMark: Int = 16) throws -> ClusterServer {
        let cluster = try Cluster.local(engines: engines, resources: resources, highWaterMark: highWaterMark,
                                        allowNoEngines: true)
        let (fd, actualPort) = try TCPSocket.listen(host: host, port: port)
        let key = cluster.localController!.key
        let file = ClusterConnectionFile(host: host, port: actualPort, key: key.hex, pid: getpid())
        let server = ClusterServer(cluster: cluster, connection: file, path: connectionFile, listenFD: fd)
        do {
            try connectionFile.map { try file.write(to: $0) }
        } catch {
            server.stop()
            throw error
        }
        let thread = Thread { [server] in server.acceptLoop() }
        thread.name = "swarm-cluster-accept"
        thread.start()
        return server
    }

    /// Blocks until ``stop()`` runs or a client asks the cluster to stop.
    public func waitUntilStopped() {
        stopped.wait(until: { $0 }) { _, _ in }
        finish()
    }

    /// Stops the cluster: engines, listener, connection file.
    public func stop() {
        let first = stopped.withLock { s -> Bool in
            defer { s = true }
            return !s
        }
        stopped.broadcast()
        if first { finish() }
    }

    /// 0: running, 1: finishing, 2: finished.
    private let finished = ConditionLock(0)

    /// Tears everything down once; a second caller waits until it is done.
    private func finish() {
        let mine = finished.withLock { state -> Bool in
            defer { if state == 0 { state = 1 } }
            return state == 0
        }
        guard mine else {
            finished.wait(until: { $0 == 2 }) { _, _ in }
            return
        }
        // The file first: a client that reads it from now on finds no cluster.
        if let path = connectionFilePath,
           (try? ClusterConnectionFile.read(path))?.pid == getpid() {
            try? FileManager.default.removeItem(atPath: path)
        }
        Glibc.shutdown(listenFD, Int32(SHUT_RDWR))
        close(listenFD)
        cluster.shutdown()
        finished.withLock { $0 = 2 }
        finished.broadcast()
    }

    private var isStopped: Bool { stopped.withLock { $0 } }

    private func acceptLoop() {
        while !isStopped {
            let fd = accept(listenFD, nil, nil)
            if fd < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return  // the listener was closed
            }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)  // engines we spawn must not inherit it
            TCPSocket.noDelay(fd)
            let thread = Thread { [self] in serve(fd) }
            thread.stackSize = 256 << 10
            thread.start()
        }
    }

    /// One connection: session id, then an engine's hello or a client's.
    private func serve(_ fd: Int32) {
        let connection = FramedConnection(fd: fd)
        // Until the peer has proved it holds the key, it may not make us allocate much.
        connection.bodyLimit = 1 << 20
        let session = Array(ClusterKey.random().bytes.prefix(16))
        guard let controller = cluster.localController else { return }
        do {
            try connection.send(kind: ClusterMessage.sessionStart, body: session)
            let channel = SecureChannel(connection: connection, key: controller.key, session: session, isAcceptor: true)
            guard let first = try channel.receive(deadline: .after(seconds: 10)) else {
                logger.warning("dropping a connection that said nothing for 10 s")
                connection.shutdownSocket()
                return
            }
            connection.bodyLimit = Frame.maximumBodySize
            switch first.kind {
            case ClusterMessage.hello:
                let hello = try BinaryDecoder().decode(EngineHello.self, from: first.bytes, startingAt: first.payloadOffset)
                let link = EngineLink(id: controller.nextEngineID(), channel: channel, hello: hello, process: nil)
                try controller.admit(link)  // its reader thread takes over
            case ClientMessage.clientHello:
                try channel.send(kind: ClientMessage.clientWelcome)
                ClientSession(channel: channel, controller: controller, server: self).run()
            default:
                logger.warning("dropping a connection whose first frame has kind \(first.kind)")
            }
        } catch {
            logger.warning("dropping a connection: \(error)")
            connection.shutdownSocket()
        }
    }

    fileprivate func clientAskedToStop() {
        logger.info("a client asked the cluster to stop")
        stop()
    }

    /// A client in another process, served on its connection's thread.
    private struct ClientSession {
        let channel: SecureChannel
        let controller: Controller
        let server: ClusterServer

        func run() {
            do {
                while true {
                    guard let message = try channel.receive() else { continue }
                    switch message.kind {
                    case ClientMessage.submit:
                        let specs = try TaskSpec.readBatch(message.bytes, from: message.payloadOffset)
                        let requests = specs.map { spec, payload in
                            spec.request(payload: payload, completion: { [channel] outcome in
                                ClientSession.sendOutcome(outcome, token: spec.token, on: channel)
                            })
                        }
                        let ids = controller.submit(requests)
                        try channel.send(kind: ClientMessage.accepted) { try $0.append(ids) }
                    case ClientMessage.cancel:
                        var at = message.payloadOffset
                        controller.cancel(try readFixed(UInt64.self, message.bytes, &at))
                    case ClientMessage.query:
                        let snapshot = ClusterSnapshot(statistics: controller.statistics, engines: controller.engineInfos)
                        try channel.send(kind: ClientMessage.snapshot) { try $0.append(snapshot) }
                    case ClientMessage.stop:
                        server.clientAskedToStop()
                        return
                    default:
                        throw ClusterError(.connection, "a client sent a frame of kind \(message.kind)")
                    }
                }
            } catch let error as ClusterError where error.code == .authentication || error.code == .connection {
                server.logger.warning("dropping a client: \(error.message)")
            } catch let error as WireError where error.code != .closed {
                server.logger.warning("dropping a client: \(error)")
            } catch {
                // The client went away; its tasks run on and their results are dropped.
            }
            channel.connection.shutdownSocket()
        }

        static func sendOutcome(_ outcome: TaskOutcome, token: UInt64, on channel: SecureChannel) {
            try? channel.send(kind: ClientMessage.outcome) { batch in
                batch.append(fixed: token)
                switch outcome.value {
                case .success(let result):
                    try batch.append(OutcomeHeader(metadata: outcome.metadata, error: nil))
                    batch.withBytes { $0.append(contentsOf: result.bytes[result.offset...]) }
                case .failure(let error):
                    try batch.append(OutcomeHeader(metadata: outcome.metadata, error: TaskErrorWire(error)))
                }
            }
        }
    }
}
