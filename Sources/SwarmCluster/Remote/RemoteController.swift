import Foundation
import Logging
import Synchronization
import SwarmCore

/// A client's connection to a controller in another process: the
/// ``ControllerLink`` of a cluster opened with ``Cluster/connect(_:timeout:)``.
///
/// A reader thread receives outcomes and hands them to their completions.
/// Submissions and queries are request and reply, one at a time. When the
/// connection ends, every task still pending fails at once with `.notRunning`.
final class RemoteController: ControllerLink {
    private let channel: SecureChannel
    private let address: String
    private let state = ConditionLock(State())
    private let requestLock = Mutex(0)

    private struct State {
        var alive = true
        var reason = ""
        var nextToken: UInt64 = 1
        var pending: [UInt64: @Sendable (TaskOutcome) -> Void] = [:]
        var accepted: [[UInt64]] = []
        var snapshots: [ClusterSnapshot] = []
    }

    private init(channel: SecureChannel, address: String) {
        self.channel = channel
        self.address = address
    }

    static func connect(_ file: ClusterConnectionFile, timeout: Double) throws -> RemoteController {
        let key = try ClusterKey(hex: file.key)
        let channel = try openChannel(file, key: key, timeout: timeout)
        try channel.send(kind: ClientMessage.clientHello)
        do {
            guard let welcome = try channel.receive(deadline: .after(seconds: timeout)),
                  welcome.kind == ClientMessage.clientWelcome
            else { throw ClusterError(.connection, "the controller at \(file.host):\(file.port) did not answer") }
        } catch let error as WireError {
            throw ClusterError(.authentication, "the controller at \(file.host):\(file.port) dropped the connection (a wrong key?): \(error.message)")
        }
        let remote = RemoteController(channel: channel, address: "\(file.host):\(file.port)")
        let thread = Thread { [remote] in remote.readLoop() }
        thread.name = "swarm-cluster-client"
        thread.start()
        return remote
    }

    /// Connects and takes the session id (shared with engines that join).
    static func openChannel(_ file: ClusterConnectionFile, key: ClusterKey, timeout: Double) throws -> SecureChannel {
        let connection = FramedConnection(fd: try TCPSocket.connect(host: file.host, port: file.port))
        connection.bodyLimit = 64  // the unsigned session frame is 17 bytes
        defer { connection.bodyLimit = Frame.maximumBodySize }
        guard let start = try connection.receive(deadline: .after(seconds: timeout)),
              start.kind == ClusterMessage.sessionStart, start.body.count == 16
        else { throw ClusterError(.connection, "\(file.host):\(file.port) is not a Swarm controller") }
        return SecureChannel(connection: connection, key: key, session: start.body, isAcceptor: false)
    }

    private func readLoop() {
        var reason = "the connection closed"
        do {
            while true {
                guard let message = try channel.receive(spinNanoseconds: SpinWait.budgetNanoseconds) else { continue }
                switch message.kind {
                case ClientMessage.outcome:
                    var at = message.payloadOffset
                    let token = try readFixed(UInt64.self, message.bytes, &at)
                    let header = try BinaryDecoder().decode(OutcomeHeader.self, from: message.bytes, offset: &at)
                    let value: TaskOutcome.Value = header.error.map { .failure($0.error) }
                        ?? .success(ResultBytes(bytes: message.bytes, offset: at))
                    let completion = state.withLock { $0.pending.removeValue(forKey: token) }
                    completion?(TaskOutcome(value: value, metadata: header.metadata))
                case ClientMessage.accepted:
                    let ids = try BinaryDecoder().decode([UInt64].self, from: message.bytes, startingAt: message.payloadOffset)
                    state.withLock { $0.accepted.append(ids) }
                    state.broadcast()
                case ClientMessage.snapshot:
                    let snapshot = try BinaryDecoder().decode(ClusterSnapshot.self, from: message.bytes, startingAt: message.payloadOffset)
                    state.withLock { $0.snapshots.append(snapshot) }
                    state.broadcast()
                default:
                    throw ClusterError(.connection, "the controller sent a frame of kind \(message.kind)")
                }
            }
        } catch {
            reason = "\(error)"
        }
        let orphans = state.withLock { s -> [@Sendable (TaskOutcome) -> Void] in
            s.alive = false
            s.reason = reason
            defer { s.pending = [:] }
            return Array(s.pending.values)
        }
        state.broadcast()
        let error = ClusterError(.notRunning, "the controller at \(address) is gone (\(reason))")
        for completion in orphans {
            completion(TaskOutcome(value: .failure(error), metadata: TaskMetadata(
                engineID: nil, submitted: Date(), started: nil, completed: nil, stdout: "", stderr: "", attempts: 0)))
        }
    }

    private var goneError: ClusterError {
        ClusterError(.notRunning, "the controller at \(address) is gone (\(state.withLock { $0.reason }))")
    }

    func submit(_ requests: [TaskRequest]) -> [UInt64] {
        requestLock.withLock { _ in
            let tokens = state.withLock { s -> [UInt64]? in
                guard s.alive else { return nil }
                return requests.map { r in
                    defer { s.nextToken += 1 }
                    s.pending[s.nextToken] = r.completion
                    return s.nextToken
                }
            }
            guard let tokens else {
                let error = goneError
                for r in requests {
                    r.completion(TaskOutcome(value: .failure(error), metadata: TaskMetadata(
                        engineID: nil, submitted: Date(), started: nil, completed: nil, stdout: "", stderr: "", attempts: 0)))
                }
                return requests.map { _ in 0 }
            }
            do {
                try channel.send(kind: ClientMessage.submit) { batch in
                    try TaskSpec.appendBatch(zip(tokens, requests).map { (TaskSpec(token: $0, $1), $1.payload) }, to: &batch)
                }
            } catch {
                channel.connection.shutdownSocket()  // the reader fails what is pending
                return requests.map { _ in 0 }
            }
            return state.wait(until: { !$0.accepted.isEmpty || !$0.alive }) { s, _ in
                s.accepted.isEmpty ? requests.map { _ in 0 } : s.accepted.removeFirst()
            }
        }
    }

    func cancel(_ id: UInt64) {
        try? channel.send(kind: ClientMessage.cancel) { $0.append(fixed: id) }
    }

    private func snapshot() -> ClusterSnapshot? {
        requestLock.withLock { _ in
            do { try channel.send(kind: ClientMessage.query) } catch { return nil }
            return state.wait(until: { !$0.snapshots.isEmpty || !$0.alive }) { s, _ in
                s.snapshots.isEmpty ? nil : s.snapshots.removeFirst()
            }
        }
    }

    var engineInfos: [EngineInfo] { snapshot()?.engines ?? [] }

    var statistics: ClusterStatistics {
        snapshot()?.statistics
            ?? ClusterStatistics(engines: 0, queued: 0, running: 0, succeeded: 0, failed: 0, engineRestarts: 0)
    }

    func waitForEngines(_ count: Int, timeout: Double) -> Bool {
        let deadline = MonotonicInstant.after(seconds: timeout)
        while true {
            guard let s = snapshot() else { return false }
            if s.engines.count >= count { return true }
            if MonotonicInstant.now >= deadline { return false }
            usleep(20_000)
        }
    }

    func requestStop() {
        try? channel.send(kind: ClientMessage.stop)
    }

    func shutdown() {
        channel.connection.shutdownSocket()
    }
}
